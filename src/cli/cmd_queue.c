/* molehunt queue: the ranked people, highest score first. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_json.h"
#include "view.h"

static const mh_cli_opt opts[] = {
    {"top", 'n', "N", "how many people (default 20; 0 = all)", false},
    {"format", 0, "table|json", "output format (default table)", false},
    {"min-score", 0, "X", "only people scoring at least X", false},
    {0},
};

typedef struct q_ctx {
    mh_view *v;
    bool json;
    long top, rank;
    double min;
    mh_arena a;
    mh_buf out;
} q_ctx;

static void put_obj(mh_buf *b, const mh_jv *o)
{
    if (o) mh_json_write(b, o);
    else mh_buf_puts(b, "{}");
}

static int on_score(void *vctx, const mh_score_rec *r)
{
    q_ctx *x = vctx;
    if (x->top && x->rank >= x->top) return 1;
    if (r->score < x->min) return 1;
    x->rank++;
    mh_arena_reset(&x->a);
    mh_jv body;
    bool parsed = r->body && mh_json_parse(r->body, strlen(r->body), &x->a, &body, NULL);
    const mh_jv *name = parsed ? mh_json_get(&body, "name") : NULL;
    const mh_jv *axes = parsed ? mh_json_get(&body, "axes") : NULL, *gl = parsed ? mh_json_get(&body, "guidelines") : NULL;
    const char *who = mh_view_id(x->v, r->person);
    char det[40] = "";
    if (r->detected_at != MH_TIME_NONE) mh_time_format_date(r->detected_at, det, sizeof det);
    if (x->json) {
        mh_buf *b = &x->out;
        mh_buf_reset(b);
        mh_buf_printf(b, "%s{\"rank\":%ld,\"person\":", x->rank > 1 ? "," : "", x->rank);
        mh_json_write_str(b, who, strlen(who));
        mh_buf_puts(b, ",\"name\":");
        if (x->v->identified && name && name->type == MH_JSTR) mh_json_write(b, name);
        else mh_buf_puts(b, "null");
        mh_buf_printf(b, ",\"score\":%.4f,\"detected_at\":", r->score);
        if (det[0]) mh_json_write_str(b, det, strlen(det));
        else mh_buf_puts(b, "null");
        mh_buf_puts(b, ",\"axes\":");
        put_obj(b, axes);
        mh_buf_puts(b, ",\"guidelines\":");
        put_obj(b, gl);
        mh_buf_putc(b, '}');
        fputs(b->data, stdout);
        return 0;
    }
    char shown_name[48] = "";
    if (x->v->identified && name && name->type == MH_JSTR) snprintf(shown_name, sizeof shown_name, "%.*s", (int)MH_MIN(name->len, 40u), name->u.s);
    printf("%4ld  %-18s %-28s %6.3f  %-10s ", x->rank, who, x->v->identified ? shown_name : "(pseudonymised)", r->score,
           det[0] ? det : "-");
    for (uint32_t i = 0; gl && gl->type == MH_JOBJ && i < gl->len; i++)
        printf("%s%.*s:%.2f", i ? " " : "", (int)gl->u.members[i].key.len, gl->u.members[i].key.ptr, gl->u.members[i].val.u.num.d);
    printf("\n");
    return 0;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *fmt = mh_cli_get(cmd, a, "format"), *top = mh_cli_get(cmd, a, "top"), *min = mh_cli_get(cmd, a, "min-score");
    mh_view v;
    q_ctx x = {.v = &v, .json = fmt && strcmp(fmt, "json") == 0, .top = 20, .min = -1};
    if (fmt && !x.json && strcmp(fmt, "table") != 0) return mh_cli_usage_error(cmd, "--format must be table or json");
    if (top) {
        char *end;
        x.top = strtol(top, &end, 10);
        if (*end || x.top < 0) return mh_cli_usage_error(cmd, "--top must be a whole number");
    }
    if (min) x.min = atof(min);
    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    if (mh_view_open(&v, ctx, &e)) {
        mh_store_close(s);
        return mh_cli_fail(&e);
    }
    mh_arena_init(&x.a, 8192);
    mh_buf_init(&x.out, 0);
    if (x.json) printf("[");
    else printf("rank  %-18s %-28s %6s  %-10s guidelines\n", "person", "name", "score", "detected");
    mh_status rc = mh_store_scores_each(s, NULL, on_score, &x, &e);
    if (x.json) printf("]\n");
    if (!rc && x.rank == 0) fprintf(stderr, "molehunt queue: no scores yet; run 'molehunt detect' first\n");
    mh_arena_free(&x.a);
    mh_buf_free(&x.out);
    mh_view_close(&v);
    mh_store_close(s);
    return rc ? mh_cli_fail(&e) : MH_EXIT_OK;
}

const mh_cli_cmd mh_cmd_queue = {
    "queue", run, "[--top N] [--format table|json] [--min-score X]",
    "the ranked queue: covered people by risk score, with detected_at and guideline scores",
    "People appear as stable pseudonyms unless --identified is given.", opts, 0, 0,
};
