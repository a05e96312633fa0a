/* A person's case file: GET /api/v1/people/{p} (scores, indicators with SEAD-4 citations
 * and mitigations, the person's cases), GET .../timeline (every alert's evidence in time
 * order, filterable) and POST .../reveal (re-identification: investigators only, for a
 * person whose open case is assigned to them, with a written justification, audited).
 * Everything else names people by pseudonym; free text is scrubbed of entity ids. */
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_score.h"
#include "serve_int.h"

static void put_guidelines(srv_req *r, const mh_jv *g)
{
    mh_buf *b = &r->out;
    mh_buf_putc(b, '[');
    for (uint32_t i = 0; g && g->type == MH_JARR && i < g->len; i++) {
        const mh_jv *c = &g->u.items[i];
        if (c->type != MH_JSTR) continue;
        char code[32];
        snprintf(code, sizeof code, "%.*s", (int)MH_MIN(c->len, 31u), c->u.s);
        const char *name = mh_score_guideline_name(code[0]);
        mh_buf_printf(b, "%s{\"code\":", i ? "," : "");
        srv_json_str(b, code);
        mh_buf_puts(b, ",\"guideline\":");
        srv_json_str(b, name);
        mh_buf_puts(b, ",\"text\":");
        srv_json_str(b, mh_score_paragraph_text(code));
        mh_buf_putc(b, '}');
    }
    mh_buf_putc(b, ']');
}

static void put_str_member(srv_req *r, const mh_jv *obj, const char *key, bool scrub)
{
    const mh_jv *v = mh_json_get(obj, key);
    mh_buf_printf(&r->out, ",\"%s\":", key);
    if (!v || v->type != MH_JSTR) mh_buf_puts(&r->out, "null");
    else if (scrub) srv_json_scrubbed(r, &r->out, v->u.s, v->len);
    else srv_json_strn(&r->out, v->u.s, v->len);
}

typedef struct pctx {
    srv_req *r;
    mh_arena a;
    int n;
    /* timeline filters */
    const char *category, *rule;
    mh_time from, to;
    long items;
} pctx;

static int on_indicator(void *vctx, const mh_alert_rec *al)
{
    pctx *p = vctx;
    srv_req *r = p->r;
    mh_buf *b = &r->out;
    mh_arena_reset(&p->a);
    mh_jv body;
    if (!al->body || !mh_json_parse(al->body, strlen(al->body), &p->a, &body, NULL)) body.type = MH_JNULL;
    char ts[32], first[32];
    mh_time_format(al->ts, ts, sizeof ts);
    mh_time_format(al->first_ts, first, sizeof first);
    mh_buf_printf(b, "%s{\"rule\":", p->n++ ? "," : "");
    srv_json_str(b, al->rule);
    mh_buf_printf(b, ",\"ts\":\"%s\",\"first_ts\":\"%s\",\"severity\":%.3f,\"mitigation\":%.3f,\"mitigated_by\":", ts, first,
                  al->severity, al->mitigation);
    if (al->mitigated_by) {
        char ps[MH_PSEUDONYM_LEN];
        srv_pseudo(r->sv, al->mitigated_by, ps);
        srv_json_str(b, ps);
    } else mh_buf_puts(b, "null");
    put_str_member(r, &body, "title", false);
    put_str_member(r, &body, "axis", false);
    put_str_member(r, &body, "detail", true);
    put_str_member(r, &body, "mitigation_text", false);
    mh_buf_puts(b, ",\"guidelines\":");
    put_guidelines(r, mh_json_get(&body, "guidelines"));
    const mh_jv *ev = mh_json_get(&body, "evidence");
    mh_buf_printf(b, ",\"evidence\":%u}", ev && ev->type == MH_JARR ? ev->len : 0);
    return 0;
}

typedef struct case_ctx {
    srv_req *r;
    int n;
} case_ctx;

static int on_case(void *vctx, const mh_case_rec *c)
{
    case_ctx *x = vctx;
    mh_buf *b = &x->r->out;
    char at[32];
    mh_time_format(c->opened_at, at, sizeof at);
    mh_buf_printf(b, "%s{\"id\":%lld,\"status\":", x->n++ ? "," : "", (long long)c->id);
    srv_json_str(b, c->status);
    mh_buf_puts(b, ",\"disposition\":");
    srv_json_str(b, c->disposition);
    mh_buf_puts(b, ",\"assignee\":");
    srv_json_str(b, c->assignee);
    mh_buf_printf(b, ",\"opened_at\":\"%s\"}", at);
    return 0;
}

typedef struct score_ctx {
    srv_req *r;
    bool found;
} score_ctx;

static int on_score(void *vctx, const mh_score_rec *rec)
{
    score_ctx *x = vctx;
    mh_buf *b = &x->r->out;
    mh_arena a;
    mh_arena_init(&a, 8192);
    mh_jv body;
    if (!rec->body || !mh_json_parse(rec->body, strlen(rec->body), &a, &body, NULL)) body.type = MH_JNULL;
    char det[16] = "";
    if (rec->detected_at != MH_TIME_NONE) mh_time_format_date(rec->detected_at, det, sizeof det);
    mh_buf_printf(b, ",\"score\":%.4f,\"detected_at\":", rec->score);
    if (det[0]) mh_buf_printf(b, "\"%s\"", det);
    else mh_buf_puts(b, "null");
    const mh_jv *axes = mh_json_get(&body, "axes"), *gl = mh_json_get(&body, "guidelines");
    mh_buf_puts(b, ",\"axes\":");
    if (axes && axes->type == MH_JOBJ) mh_json_write(b, axes);
    else mh_buf_puts(b, "{}");
    mh_buf_puts(b, ",\"guidelines\":[");
    for (uint32_t i = 0; gl && gl->type == MH_JOBJ && i < gl->len; i++) {
        const mh_jmember *m = &gl->u.members[i];
        char letter = m->key.len ? m->key.ptr[0] : '?';
        mh_buf_printf(b, "%s{\"letter\":\"%c\",\"name\":", i ? "," : "", letter >= 'A' && letter <= 'Z' ? letter : '?');
        srv_json_str(b, mh_score_guideline_name(letter));
        mh_buf_printf(b, ",\"score\":%.4f}", m->val.type == MH_JNUM ? m->val.u.num.d : 0.0);
    }
    mh_buf_putc(b, ']');
    mh_arena_free(&a);
    x->found = true;
    return 1;
}

void api_person(srv_req *r)
{
    const char *id = srv_person_resolve(r, r->params[0]);
    if (!id) return;
    mh_buf *b = &r->out;
    mh_err e;
    mh_err_clear(&e);
    mh_buf_puts(b, "{\"person\":");
    srv_json_str(b, r->params[0]);
    score_ctx sc = {r, false};
    if (mh_store_scores_each(r->store, id, on_score, &sc, &e)) return srv_reply_mh_err(r, &e);
    mh_buf_puts(b, ",\"indicators\":[");
    pctx p = {.r = r};
    mh_arena_init(&p.a, 65536);
    mh_status st = mh_store_alerts_each(r->store, id, on_indicator, &p, &e);
    mh_arena_free(&p.a);
    if (st) return srv_reply_mh_err(r, &e);
    mh_buf_puts(b, "],\"cases\":[");
    case_ctx cc = {r, 0};
    if (mh_store_cases_each(r->store, NULL, id, on_case, &cc, &e)) return srv_reply_mh_err(r, &e);
    mh_buf_puts(b, "],\"pseudonymised\":true}");
    srv_audit(r, "read.person", r->params[0], NULL);
}

static int on_evidence(void *vctx, const mh_alert_rec *al)
{
    pctx *p = vctx;
    srv_req *r = p->r;
    mh_buf *b = &r->out;
    if (p->rule && strcmp(p->rule, al->rule) != 0) return 0;
    mh_arena_reset(&p->a);
    mh_jv body;
    if (!al->body || !mh_json_parse(al->body, strlen(al->body), &p->a, &body, NULL)) return 0;
    const mh_jv *ev = mh_json_get(&body, "evidence");
    mh_str title = mh_json_str(mh_json_get(&body, "title")), axis = mh_json_str(mh_json_get(&body, "axis"));
    for (uint32_t i = 0; ev && ev->type == MH_JARR && i < ev->len; i++) {
        const mh_jv *it = &ev->u.items[i];
        mh_str ts = mh_json_str(mh_json_get(it, "ts")), cat = mh_json_str(mh_json_get(it, "category"));
        mh_time lo, hi;
        if (!ts.len || !mh_time_parse_iso(ts.ptr, ts.len, &lo, &hi, NULL)) continue;
        if ((p->from != MH_TIME_NONE && lo < p->from) || (p->to != MH_TIME_NONE && lo > p->to)) continue;
        if (p->category && (cat.len != strlen(p->category) || memcmp(cat.ptr, p->category, cat.len) != 0)) continue;
        char when[32], ps[MH_PSEUDONYM_LEN];
        mh_time_format(lo, when, sizeof when);
        mh_buf_printf(b, "%s{\"ts\":\"%s\",\"rule\":", p->items++ ? "," : "", when);
        srv_json_str(b, al->rule);
        mh_buf_puts(b, ",\"title\":");
        srv_json_strn(b, title.ptr, title.len);
        mh_buf_puts(b, ",\"axis\":");
        srv_json_strn(b, axis.ptr, axis.len);
        mh_buf_puts(b, ",\"category\":");
        srv_json_strn(b, cat.ptr, cat.len);
        mh_str rid = mh_json_str(mh_json_get(it, "id")), cp = mh_json_str(mh_json_get(it, "counterparty"));
        mh_str path = mh_json_str(mh_json_get(it, "path"));
        mh_buf_puts(b, ",\"record\":");
        if (rid.len) {
            char tmp[256];
            snprintf(tmp, sizeof tmp, "%.*s", (int)MH_MIN(rid.len, 255u), rid.ptr);
            srv_pseudo(r->sv, tmp, ps);
            srv_json_str(b, ps);
        } else mh_buf_puts(b, "null");
        mh_buf_puts(b, ",\"counterparty\":");
        if (cp.len) {
            char tmp[256];
            snprintf(tmp, sizeof tmp, "%.*s", (int)MH_MIN(cp.len, 255u), cp.ptr);
            srv_pseudo(r->sv, tmp, ps);
            srv_json_str(b, ps);
        } else mh_buf_puts(b, "null");
        mh_buf_puts(b, ",\"path\":");
        srv_json_scrubbed(r, b, path.ptr, path.len);
        const mh_jv *sum = mh_json_get(it, "summary");
        mh_buf_puts(b, ",\"summary\":");
        if (sum && sum->type == MH_JSTR) srv_json_scrubbed(r, b, sum->u.s, sum->len);
        else mh_buf_puts(b, "null");
        mh_buf_printf(b, ",\"mitigated\":%s}", al->mitigation >= 1.0 ? "true" : "false");
    }
    return 0;
}

static bool date_arg(srv_req *r, const char *name, bool upper, mh_time *out)
{
    const char *s = srv_arg(r, name);
    *out = MH_TIME_NONE;
    if (!s || !*s) return true;
    mh_time lo, hi;
    if (!mh_time_parse_iso(s, strlen(s), &lo, &hi, NULL)) {
        srv_reply_error(r, 400, "input", "'%s' must be an ISO 8601 date such as 2011-05-14", name);
        return false;
    }
    *out = upper ? hi : lo;
    return true;
}

void api_person_timeline(srv_req *r)
{
    const char *id = srv_person_resolve(r, r->params[0]);
    if (!id) return;
    pctx p = {.r = r, .category = srv_arg(r, "category"), .rule = srv_arg(r, "rule")};
    if (p.category && !*p.category) p.category = NULL;
    if (p.rule && !*p.rule) p.rule = NULL;
    if (!date_arg(r, "from", false, &p.from) || !date_arg(r, "to", true, &p.to)) return;
    mh_buf_puts(&r->out, "{\"person\":");
    srv_json_str(&r->out, r->params[0]);
    mh_buf_puts(&r->out, ",\"items\":[");
    mh_err e;
    mh_err_clear(&e);
    mh_arena_init(&p.a, 65536);
    mh_status st = mh_store_alerts_each(r->store, id, on_evidence, &p, &e);
    mh_arena_free(&p.a);
    if (st) return srv_reply_mh_err(r, &e);
    mh_buf_printf(&r->out, "],\"count\":%ld}", p.items);
}

/* ---- reveal ---- */

typedef struct reveal_ctx {
    const char *user;
    bool assigned_open;
    int64_t case_id;
    char name[256];
} reveal_ctx;

static int on_case_for_reveal(void *vctx, const mh_case_rec *c)
{
    reveal_ctx *x = vctx;
    if (strcmp(c->status, "open") == 0 && c->assignee && strcmp(c->assignee, x->user) == 0) {
        x->assigned_open = true;
        x->case_id = c->id;
        return 1;
    }
    return 0;
}

static int on_entity(void *vctx, const mh_entity *ent)
{
    reveal_ctx *x = vctx;
    const char *n = mh_entity_first(ent, "name");
    snprintf(x->name, sizeof x->name, "%s", n ? n : "");
    return 0;
}

void api_person_reveal(srv_req *r)
{
    mh_jv body;
    if (!srv_body_json(r, &body)) return;
    const char *why = srv_jstr(r, &body, "justification");
    if (!why || strlen(why) < 20)
        return srv_reply_error(r, 400, "input",
                               "write a justification of at least 20 characters (it goes to the audit trail)");
    const char *id = srv_person_resolve(r, r->params[0]);
    if (!id) return;
    reveal_ctx x = {.user = r->sess.user};
    mh_err e;
    mh_err_clear(&e);
    if (mh_store_cases_each(r->store, "open", id, on_case_for_reveal, &x, &e)) return srv_reply_mh_err(r, &e);
    if (!x.assigned_open) {
        srv_audit(r, "reveal.denied", r->params[0], why);
        return srv_reply_error(r, 403, "not_assigned",
                               "re-identification needs an open case on this person assigned to you (%s); ask for the "
                               "case to be assigned first",
                               r->sess.user);
    }
    if (mh_store_entity_get(r->store, id, on_entity, &x, &e)) return srv_reply_mh_err(r, &e);
    mh_buf d;
    mh_buf_init(&d, 8192);
    mh_buf_printf(&d, "{\"case\":%lld,\"justification\":", (long long)x.case_id);
    srv_json_str(&d, why);
    mh_buf_putc(&d, '}');
    srv_audit(r, "reveal", r->params[0], d.data);
    mh_buf_free(&d);
    mh_buf_printf(&r->out, "{\"person\":");
    srv_json_str(&r->out, r->params[0]);
    mh_buf_puts(&r->out, ",\"id\":");
    srv_json_str(&r->out, id);
    mh_buf_puts(&r->out, ",\"name\":");
    srv_json_str(&r->out, x.name);
    mh_buf_printf(&r->out, ",\"case\":%lld}", (long long)x.case_id);
}
