/* The rule workbench: GET /api/v1/rules lists the shipped rule pack; POST
 * /api/v1/rules/run compiles an EQL query (every error comes back as data with line,
 * column and length, so the console can put a caret under the place) and runs it over the
 * stored data — the enriched records and activity events the rule pack sees (source
 * "records", the default) or the raw activity events ("events") — returning the first
 * matches with identifying fields replaced by pseudonyms. */
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_detect.h"
#include "molehunt/mh_eql.h"
#include "serve_int.h"

#define MAX_MATCHES_DEFAULT 100
#define MAX_EVENTS_SCANNED 5000000

void api_rules_list(srv_req *r)
{
    mh_rulepack *p = mh_rulepack_new();
    if (!p) return srv_reply_error(r, 503, "nomem", "out of memory loading the rule pack");
    mh_buf diag;
    mh_buf_init(&diag, 1 << 20);
    size_t nerr = 0;
    mh_err e;
    mh_err_clear(&e);
    if (mh_rulepack_add_dir(p, mh_rulepack_default_dir(), &diag, &nerr, &e)) {
        mh_buf_free(&diag);
        mh_rulepack_free(p);
        return srv_reply_mh_err(r, &e);
    }
    mh_buf *b = &r->out;
    mh_buf_puts(b, "{\"rules\":[");
    for (size_t i = 0; i < mh_rulepack_count(p); i++) {
        const mh_rule *ru = mh_rulepack_rule(p, i);
        mh_buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
        srv_json_str(b, ru->id);
        mh_buf_puts(b, ",\"title\":");
        srv_json_str(b, ru->title);
        mh_buf_puts(b, ",\"axis\":");
        srv_json_str(b, mh_axis_name(ru->axis));
        mh_buf_printf(b, ",\"severity\":%.2f,\"compiles\":%s,\"guidelines\":[", ru->severity, ru->query ? "true" : "false");
        for (size_t g = 0; g < ru->nguidelines; g++) {
            if (g) mh_buf_putc(b, ',');
            srv_json_str(b, ru->guidelines[g]);
        }
        mh_buf_puts(b, "],\"query\":");
        srv_json_str(b, ru->query_text);
        mh_buf_putc(b, '}');
    }
    mh_buf_printf(b, "],\"errors\":%zu}", nerr);
    mh_buf_free(&diag);
    mh_rulepack_free(p);
}

typedef struct run_ctx {
    srv_req *r;
    mh_eql_query *q;
    mh_eql_matcher *m;
    mh_arena a;
    long matches, max, scanned;
    uint64_t tiebreak;
    mh_err err;
    bool failed;
} run_ctx;

static int on_result(void *vctx, const mh_eql_result *res)
{
    run_ctx *x = vctx;
    if (x->matches >= x->max) return 1;
    mh_buf *b = &x->r->out;
    mh_buf_printf(b, "%s{\"events\":[", x->matches++ ? "," : "");
    mh_arena tmp;
    mh_arena_init(&tmp, 16384);
    for (size_t i = 0; i < res->nevents; i++) {
        if (i) mh_buf_putc(b, ',');
        mh_jv doc;
        if (!res->events[i].json) mh_buf_puts(b, "null");
        else if (mh_json_parse(res->events[i].json, res->events[i].len, &tmp, &doc, NULL))
            srv_json_scrub_value(x->r, b, &doc);
        else mh_buf_puts(b, "null");
    }
    mh_arena_free(&tmp);
    mh_buf_puts(b, "],\"keys\":[");
    for (size_t k = 0; k < res->nkeys; k++) {
        if (k) mh_buf_putc(b, ',');
        srv_json_scrubbed(x->r, b, res->keys[k].ptr, res->keys[k].len);
    }
    mh_buf_puts(b, "]}");
    return x->matches >= x->max;
}

static int push(run_ctx *x, const char *json, size_t len, mh_time ts)
{
    if (mh_eql_matcher_done(x->m)) return 1;
    if (++x->scanned > MAX_EVENTS_SCANNED) return 1;
    mh_arena_reset(&x->a);
    mh_jv doc;
    if (!mh_json_parse(json, len, &x->a, &doc, NULL)) return 0;
    mh_time t = ts;
    mh_eql_event_time(x->q, &doc, &t);
    mh_eql_event ev = {.doc = &doc, .json = json, .len = len, .ts = t, .tiebreak = x->tiebreak++};
    mh_err e;
    mh_err_clear(&e);
    mh_eql_matcher_push(x->m, &ev, &e); /* an out-of-order event is counted and skipped */
    return 0;
}

static int on_event(void *vctx, const char *json, size_t len, mh_time ts) { return push(vctx, json, len, ts); }
static int on_enriched(void *vctx, const mh_graph_event *ev) { return push(vctx, ev->json, ev->len, ev->ts); }

static void put_diags(srv_req *r, const mh_eql_diags *d, const char *q, size_t n)
{
    mh_buf *b = &r->out;
    mh_buf_reset(b);
    r->status = 400;
    mh_buf_puts(b, "{\"error\":{\"status\":400,\"code\":\"eql\",\"message\":");
    char msg[600];
    snprintf(msg, sizeof msg, "the query has %zu error%s; each is marked under its place", d->n, d->n == 1 ? "" : "s");
    if (d->n) {
        const mh_eql_diag *g = &d->items[0];
        snprintf(msg, sizeof msg, "line %ld, column %ld: %s%s%s", g->line, g->col, g->message,
                 g->expected ? " (expected " : "", g->expected ? g->expected : "");
        if (g->expected) strncat(msg, ")", sizeof msg - strlen(msg) - 1);
    }
    srv_json_str(b, msg);
    mh_buf_puts(b, ",\"diagnostics\":[");
    for (size_t i = 0; i < d->n; i++) {
        const mh_eql_diag *g = &d->items[i];
        mh_buf_printf(b, "%s{\"line\":%ld,\"col\":%ld,\"len\":%ld,\"message\":", i ? "," : "", g->line, g->col, g->len);
        srv_json_str(b, g->message);
        mh_buf_puts(b, ",\"expected\":");
        srv_json_str(b, g->expected);
        mh_buf_putc(b, '}');
    }
    mh_buf rendered;
    mh_buf_init(&rendered, 1 << 20);
    mh_eql_diags_render(d, q, n, "query", &rendered);
    mh_buf_puts(b, "],\"rendered\":");
    srv_json_str(b, rendered.data ? rendered.data : "");
    mh_buf_puts(b, "}}");
    mh_buf_free(&rendered);
}

void api_rules_run(srv_req *r)
{
    mh_jv body;
    if (!srv_body_json(r, &body)) return;
    const mh_jv *qv = mh_json_get(&body, "query");
    if (!qv || qv->type != MH_JSTR || qv->len == 0)
        return srv_reply_error(r, 400, "input", "give the EQL text as \"query\" (e.g. any where true)");
    if (qv->len > 65536) return srv_reply_error(r, 400, "input", "the query is longer than 64 KiB");
    const char *src = srv_jstr(r, &body, "source");
    if (!src) src = "records";
    if (strcmp(src, "records") != 0 && strcmp(src, "events") != 0)
        return srv_reply_error(r, 400, "input", "'source' must be \"records\" (enriched, as rules see them) or \"events\"");
    const mh_jv *lim = mh_json_get(&body, "limit");
    long max = MAX_MATCHES_DEFAULT;
    if (lim) {
        if (lim->type != MH_JNUM || lim->u.num.d < 1 || lim->u.num.d > 1000)
            return srv_reply_error(r, 400, "input", "'limit' must be a number from 1 to 1000");
        max = (long)lim->u.num.d;
    }
    mh_eql_diags d;
    mh_eql_diags_init(&d);
    mh_eql_options o = {0};
    run_ctx x = {.r = r, .max = max};
    x.q = mh_eql_compile(qv->u.s, qv->len, &o, &d);
    if (!x.q) {
        put_diags(r, &d, qv->u.s, qv->len);
        mh_eql_diags_free(&d);
        return;
    }
    mh_eql_diags_free(&d);
    mh_eql_limits lm = {.max_memory = 64u << 20};
    x.m = mh_eql_matcher_new(x.q, &lm, on_result, &x);
    if (!x.m) {
        mh_eql_query_free(x.q);
        return srv_reply_error(r, 503, "nomem", "out of memory starting the matcher");
    }
    mh_arena_init(&x.a, 65536);
    mh_buf_puts(&r->out, "{\"matches\":[");
    mh_err e;
    mh_err_clear(&e);
    mh_status st;
    if (strcmp(src, "events") == 0) st = mh_store_events_each(r->store, MH_TIME_NONE, MH_TIME_NONE, on_event, &x, &e);
    else {
        mh_graph *g = srv_graph_acquire(r->sv, r->store, &e);
        st = g ? mh_graph_enrich_each(g, r->store, MH_TIME_NONE, MH_TIME_NONE, on_enriched, &x, &e) : e.code;
        if (g) srv_graph_release(r->sv);
    }
    if (!st && !mh_eql_matcher_done(x.m)) st = mh_eql_matcher_finish(x.m, &e);
    mh_eql_stats stats;
    mh_eql_matcher_stats(x.m, &stats);
    mh_eql_matcher_free(x.m);
    mh_eql_query_free(x.q);
    mh_arena_free(&x.a);
    if (st) return srv_reply_mh_err(r, &e);
    mh_buf_printf(&r->out, "],\"count\":%ld,\"limited\":%s,\"scanned\":%ld,\"source\":\"%s\"}", x.matches,
                  x.matches >= x.max ? "true" : "false", x.scanned, src);
    srv_audit(r, "rule.run", NULL, NULL);
}
