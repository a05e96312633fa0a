/* molehunt explain PERSON: why a person is where they are in the queue — every indicator
 * with its SEAD-4 citation, the evidence in time order with the sphere path it came by,
 * the earliest date each indicator could have fired, and any mitigating disclosure. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_json.h"
#include "molehunt/mh_score.h"
#include "redact.h"
#include "view.h"

static const mh_cli_opt opts[] = {{"format", 0, "text|json", "output format (default text)", false}, {0}};

typedef struct x_ctx {
    mh_view *v;
    mh_redact *r; /* names out of summaries when pseudonymised */
    bool json;
    int n;
    mh_arena a;
    mh_buf out;
    char paths[32][64];
    int npaths;
} x_ctx;

static void note_path(x_ctx *x, const char *p)
{
    if (!p) return;
    for (int i = 0; i < x->npaths; i++)
        if (strcmp(x->paths[i], p) == 0) return;
    if (x->npaths < 32) snprintf(x->paths[x->npaths++], 64, "%s", p);
}

/* The evidence list with person ids pseudonymised when needed. */
static void write_evidence(x_ctx *x, mh_buf *b, const mh_jv *ev)
{
    mh_buf_putc(b, '[');
    for (uint32_t i = 0; ev && ev->type == MH_JARR && i < ev->len; i++) {
        const mh_jv *it = &ev->u.items[i];
        if (i) mh_buf_putc(b, ',');
        mh_buf_putc(b, '{');
        for (uint32_t k = 0; it->type == MH_JOBJ && k < it->len; k++) {
            const mh_jmember *m = &it->u.members[k];
            if (k) mh_buf_putc(b, ',');
            mh_json_write_str(b, m->key.ptr, m->key.len);
            mh_buf_putc(b, ':');
            if (mh_str_eq_c(m->key, "counterparty") && m->val.type == MH_JSTR) {
                char id[256];
                snprintf(id, sizeof id, "%.*s", (int)m->val.len, m->val.u.s);
                const char *shown = mh_view_id(x->v, id);
                mh_json_write_str(b, shown, strlen(shown));
            } else if (mh_str_eq_c(m->key, "summary") && m->val.type == MH_JSTR) {
                mh_redact_prose_json(x->r, m->val.u.s, m->val.len, b);
            } else {
                mh_json_write(b, &m->val);
            }
        }
        mh_buf_putc(b, '}');
    }
    mh_buf_putc(b, ']');
}

static int on_alert(void *vctx, const mh_alert_rec *r)
{
    x_ctx *x = vctx;
    mh_arena_reset(&x->a);
    mh_jv body;
    if (!r->body || !mh_json_parse(r->body, strlen(r->body), &x->a, &body, NULL)) return 0;
    const mh_jv *ev = mh_json_get(&body, "evidence"), *gl = mh_json_get(&body, "guidelines");
    for (uint32_t i = 0; ev && ev->type == MH_JARR && i < ev->len; i++) {
        mh_str p = mh_json_str(mh_json_get(&ev->u.items[i], "path"));
        char path[64];
        snprintf(path, sizeof path, "%.*s", (int)MH_MIN(p.len, 63u), p.ptr);
        if (p.len) note_path(x, path);
    }
    char when[40], first[40];
    mh_time_format_date(r->ts, when, sizeof when);
    mh_time_format_date(r->first_ts != MH_TIME_NONE ? r->first_ts : r->ts, first, sizeof first);
    mh_str title = mh_json_str(mh_json_get(&body, "title")), detail = mh_json_str(mh_json_get(&body, "detail"));
    if (x->json) {
        mh_buf *b = &x->out;
        mh_buf_reset(b);
        mh_buf_printf(b, "%s{\"rule\":", x->n++ ? "," : "");
        mh_json_write_str(b, r->rule, strlen(r->rule));
        mh_buf_puts(b, ",\"title\":");
        mh_json_write_str(b, title.ptr, title.len);
        mh_buf_printf(b, ",\"fired_at\":\"%s\",\"first_evidence\":\"%s\",\"severity\":%.3f,\"mitigation\":%.3f,\"mitigated_by\":",
                      when, first, r->severity, r->mitigation);
        if (r->mitigated_by) mh_json_write_str(b, r->mitigated_by, strlen(r->mitigated_by));
        else mh_buf_puts(b, "null");
        mh_buf_puts(b, ",\"axis\":");
        mh_json_write(b, mh_json_get(&body, "axis") ? mh_json_get(&body, "axis") : &(mh_jv){.type = MH_JNULL});
        mh_buf_puts(b, ",\"guidelines\":[");
        for (uint32_t i = 0; gl && gl->type == MH_JARR && i < gl->len; i++) {
            mh_str g = mh_json_str(&gl->u.items[i]);
            char code[16];
            snprintf(code, sizeof code, "%.*s", (int)MH_MIN(g.len, 15u), g.ptr);
            const char *text = mh_score_paragraph_text(code), *name = mh_score_guideline_name(code[0]);
            mh_buf_printf(b, "%s{\"code\":", i ? "," : "");
            mh_json_write_str(b, code, strlen(code));
            mh_buf_puts(b, ",\"guideline\":");
            mh_json_write_str(b, name ? name : "", name ? strlen(name) : 0);
            mh_buf_puts(b, ",\"text\":");
            mh_json_write_str(b, text ? text : "", text ? strlen(text) : 0);
            mh_buf_putc(b, '}');
        }
        mh_buf_puts(b, "],\"evidence\":");
        write_evidence(x, b, ev);
        mh_buf_putc(b, '}');
        fputs(b->data, stdout);
        return 0;
    }
    x->n++;
    printf("\n%s  %.*s  [%s]\n", when, (int)title.len, title.ptr, r->rule);
    for (uint32_t i = 0; gl && gl->type == MH_JARR && i < gl->len; i++) {
        mh_str g = mh_json_str(&gl->u.items[i]);
        char code[16];
        snprintf(code, sizeof code, "%.*s", (int)MH_MIN(g.len, 15u), g.ptr);
        const char *text = mh_score_paragraph_text(code), *name = mh_score_guideline_name(code[0]);
        printf("    SEAD-4 %s (%s)%s%s\n", code, name ? name : "?", text ? ": " : "", text ? text : "");
    }
    printf("    severity %.2f; could first have fired %s (earliest evidence %s)\n", r->severity, when, first);
    if (r->mitigated_by)
        printf("    mitigated %.0f%% by disclosure %s (SEAD-4 B 8e / E 17a)\n", r->mitigation * 100, r->mitigated_by);
    else if (r->mitigation > 0) {
        /* a routine behaviour (docs/detection.md): its sentence ends the detail, no ids in it */
        static const char tag[] = MH_ROUTINE_WHY;
        for (size_t i = 0; i + sizeof tag - 1 <= detail.len; i++)
            if (memcmp(detail.ptr + i, tag, sizeof tag - 1) == 0) {
                printf("    mitigated %.0f%%: %.*s\n", r->mitigation * 100, (int)(detail.len - i), detail.ptr + i);
                break;
            }
    }
    for (uint32_t i = 0; ev && ev->type == MH_JARR && i < ev->len; i++) {
        const mh_jv *it = &ev->u.items[i];
        mh_str ts = mh_json_str(mh_json_get(it, "ts")), cat = mh_json_str(mh_json_get(it, "category")),
               id = mh_json_str(mh_json_get(it, "id")), path = mh_json_str(mh_json_get(it, "path")),
               cp = mh_json_str(mh_json_get(it, "counterparty")), sum = mh_json_str(mh_json_get(it, "summary"));
        char cpid[256];
        snprintf(cpid, sizeof cpid, "%.*s", (int)cp.len, cp.ptr);
        mh_buf t;
        mh_buf_init(&t, 0);
        mh_redact_prose(x->r, sum.ptr, sum.len, &t);
        printf("      - %.10s %-10.*s %-22.*s via %-14.*s%s%s%s%.*s\n", ts.ptr, (int)cat.len, cat.ptr, (int)id.len, id.ptr,
               (int)(path.len ? path.len : 4), path.len ? path.ptr : "?", cp.len ? " from/with " : "",
               cp.len ? mh_view_id(x->v, cpid) : "", t.len ? ": " : "", (int)MH_MIN(t.len, 80u), t.data ? t.data : "");
        mh_buf_free(&t);
    }
    /* The detail sentence names entities by id: shown only to an identified view. */
    if ((!ev || !ev->len) && x->v->identified) printf("      %.*s\n", (int)detail.len, detail.ptr);
    return 0;
}

typedef struct score_ctx {
    mh_score_rec rec;
    char *body;
    bool found;
} score_ctx;

static int on_score(void *vctx, const mh_score_rec *r)
{
    score_ctx *s = vctx;
    s->rec = *r;
    s->body = strdup(r->body ? r->body : "{}");
    s->found = true;
    return 1;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *fmt = mh_cli_get(cmd, a, "format");
    mh_view v;
    x_ctx x = {.v = &v, .json = fmt && strcmp(fmt, "json") == 0};
    if (fmt && !x.json && strcmp(fmt, "text") != 0) return mh_cli_usage_error(cmd, "--format must be text or json");
    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    if (mh_view_open(&v, ctx, &e)) {
        mh_store_close(s);
        return mh_cli_fail(&e);
    }
    if (mh_redact_open_prose(s, &v, &x.r, &e)) {
        mh_view_close(&v);
        mh_store_close(s);
        return mh_cli_fail(&e);
    }
    int rc = MH_EXIT_OK;
    score_ctx sc = {0};
    const char *person = mh_view_resolve(&v, s, a->pos[0], &e);
    if (!person || mh_store_scores_each(s, person, on_score, &sc, &e)) {
        rc = mh_cli_fail(&e);
        goto out;
    }
    if (!sc.found) {
        mh_err_set(&e, MH_E_NOTFOUND, "no score for \"%s\": not a covered person, or 'molehunt detect' has not run", a->pos[0]);
        rc = mh_cli_fail(&e);
        goto out;
    }
    mh_arena_init(&x.a, 16384);
    mh_buf_init(&x.out, 0);
    mh_jv body;
    mh_arena head;
    mh_arena_init(&head, 4096);
    bool parsed = mh_json_parse(sc.body, strlen(sc.body), &head, &body, NULL);
    char det[40] = "never";
    if (sc.rec.detected_at != MH_TIME_NONE) mh_time_format_date(sc.rec.detected_at, det, sizeof det);
    const char *shown = mh_view_id(&v, person);
    if (x.json) {
        printf("{\"person\":");
        mh_buf b;
        mh_buf_init(&b, 0);
        mh_json_write_str(&b, shown, strlen(shown));
        mh_buf_puts(&b, ",\"name\":");
        const mh_jv *name = parsed ? mh_json_get(&body, "name") : NULL;
        if (v.identified && name) mh_json_write(&b, name);
        else mh_buf_puts(&b, "null");
        mh_buf_printf(&b, ",\"score\":%.4f,\"detected_at\":", sc.rec.score);
        if (sc.rec.detected_at != MH_TIME_NONE) mh_buf_printf(&b, "\"%s\"", det);
        else mh_buf_puts(&b, "null");
        mh_buf_puts(&b, ",\"axes\":");
        mh_json_write(&b, parsed && mh_json_get(&body, "axes") ? mh_json_get(&body, "axes") : &(mh_jv){.type = MH_JNULL});
        mh_buf_puts(&b, ",\"guidelines\":");
        mh_json_write(&b, parsed && mh_json_get(&body, "guidelines") ? mh_json_get(&body, "guidelines") : &(mh_jv){.type = MH_JNULL});
        mh_buf_puts(&b, ",\"indicators\":[");
        fputs(b.data, stdout);
        mh_buf_free(&b);
    } else {
        mh_str name = parsed ? mh_json_str(mh_json_get(&body, "name")) : (mh_str){"", 0};
        printf("%s%s%.*s\nscore %.3f   detected %s\n", shown, v.identified ? "  " : "", v.identified ? (int)name.len : 0,
               name.ptr, sc.rec.score, det);
        const mh_jv *axes = parsed ? mh_json_get(&body, "axes") : NULL, *gl = parsed ? mh_json_get(&body, "guidelines") : NULL;
        printf("MICE:");
        for (uint32_t i = 0; axes && axes->type == MH_JOBJ && i < axes->len; i++)
            printf("  %.*s %.2f", (int)axes->u.members[i].key.len, axes->u.members[i].key.ptr, axes->u.members[i].val.u.num.d);
        printf("\nSEAD-4:");
        for (uint32_t i = 0; gl && gl->type == MH_JOBJ && i < gl->len; i++) {
            const char *gname = mh_score_guideline_name(gl->u.members[i].key.ptr[0]);
            printf("  %c %s %.2f", gl->u.members[i].key.ptr[0], gname ? gname : "", gl->u.members[i].val.u.num.d);
        }
        printf("\n\nEvidence timeline (each indicator, its citation, and the records behind it):\n");
    }
    if (mh_store_alerts_each(s, person, on_alert, &x, &e)) rc = mh_cli_fail(&e);
    if (x.json) {
        mh_buf b;
        mh_buf_init(&b, 0);
        mh_buf_puts(&b, "],\"paths\":[");
        for (int i = 0; i < x.npaths; i++) {
            if (i) mh_buf_putc(&b, ',');
            mh_json_write_str(&b, x.paths[i], strlen(x.paths[i]));
        }
        mh_buf_puts(&b, "]}\n");
        fputs(b.data, stdout);
        mh_buf_free(&b);
    } else {
        printf("\nSphere paths involved:");
        for (int i = 0; i < x.npaths; i++) printf(" %s", x.paths[i]);
        printf("\n%d indicator(s)\n", x.n);
    }
    mh_arena_free(&head);
    mh_arena_free(&x.a);
    mh_buf_free(&x.out);
out:
    free(sc.body);
    mh_redact_free(x.r);
    mh_view_close(&v);
    mh_store_close(s);
    return rc;
}

const mh_cli_cmd mh_cmd_explain = {
    "explain", run, "PERSON [--format text|json]",
    "explain a person's score: indicators, SEAD-4 citations, evidence timeline, mitigations",
    "PERSON is a pseudonym from 'molehunt queue', or an entity id with --identified.", opts, 1, 1,
};
