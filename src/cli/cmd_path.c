/* molehunt path A B: the shortest chain of records linking two entities, over ties (and
 * interactions with --events), optionally as of a date. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_graph.h"
#include "molehunt/mh_json.h"
#include "redact.h"
#include "reveal.h"

static const mh_cli_opt opts[] = {
    {"as-of", 0, "DATE", "only ties holding on DATE (and interactions up to it)", false},
    {"events", 0, NULL, "also walk interactions (payments, messages, benefits, ...)", false},
    {"max-depth", 0, "N", "give up beyond N hops (default 6)", false},
    {"format", 0, "table|json", "output format (default table)", false},
    {0},
};

typedef struct out {
    bool json;
    int n;
    mh_buf b;
    mh_redact *r; /* Persons as pseudonyms unless --identified */
} out;

static int on_hop(void *ctx, const mh_graph_hop *h)
{
    out *o = ctx;
    char iv[40];
    mh_time_format_interval(h->lo, h->hi, iv, sizeof iv);
    const char *from = mh_redact_id(o->r, h->from), *to = mh_redact_id(o->r, h->to);
    if (!o->json) {
        printf("%-20s --%s--> %-20s %s %s %s\n", from, h->label, to, h->schema, h->edge_id, iv);
    } else {
        mh_buf_puts(&o->b, o->n ? ",\n  {\"from\":" : "\n  {\"from\":");
        mh_json_write_cstr(&o->b, from);
        mh_buf_puts(&o->b, ",\"to\":");
        mh_json_write_cstr(&o->b, to);
        mh_buf_puts(&o->b, ",\"label\":");
        mh_json_write_cstr(&o->b, h->label);
        mh_buf_puts(&o->b, ",\"schema\":");
        mh_json_write_cstr(&o->b, h->schema);
        mh_buf_puts(&o->b, ",\"record\":");
        mh_json_write_cstr(&o->b, h->edge_id);
        mh_buf_printf(&o->b, ",\"valid\":\"%s\"}", iv);
    }
    o->n++;
    return 0;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *fmt = mh_cli_get(cmd, a, "format"), *as_of_s = mh_cli_get(cmd, a, "as-of");
    const char *md = mh_cli_get(cmd, a, "max-depth");
    out o = {.json = fmt && strcmp(fmt, "json") == 0};
    if (fmt && !o.json && strcmp(fmt, "table") != 0) return mh_cli_usage_error(cmd, "--format must be table or json");
    mh_err e;
    mh_err_clear(&e);
    mh_time as_of = MH_TIME_NONE, lo;
    if (as_of_s && !mh_time_parse_iso(as_of_s, strlen(as_of_s), &lo, &as_of, &e))
        return mh_cli_usage_error(cmd, "--as-of '%s' is not an ISO 8601 date", as_of_s);
    int max_depth = 6;
    if (md) {
        char *end;
        long d = strtol(md, &end, 10);
        if (*end || d < 1 || d > 64) return mh_cli_usage_error(cmd, "--max-depth must be a number from 1 to 64");
        max_depth = (int)d;
    }
    mh_store *s = NULL;
    mh_graph *g = NULL;
    int rc = MH_EXIT_OK;
    mh_graph_opts go = {.home_org = ctx->org, .no_index = true};
    mh_view v;
    bool viewing = false;
    mh_cli_ctx lctx = *ctx;
    if (!mh_store_open(ctx->db_path, &s, &e) && !mh_graph_load(s, &go, &g, &e) &&
        (mh_graph_has(g, a->pos[0]) || mh_graph_has(g, a->pos[1]))) {
        char both[600];
        snprintf(both, sizeof both, "%s %s", a->pos[0], a->pos[1]);
        if ((rc = mh_cli_identity_request(&lctx, s, "path", both)) != MH_EXIT_OK) goto out;
    }
    if (!s || !g || mh_view_open(&v, &lctx, &e) ||
        !(viewing = true) || mh_redact_open(s, &v, &o.r, &e)) {
        rc = mh_cli_fail(&e);
        goto out;
    }
    mh_buf_init(&o.b, 0);
    if (mh_graph_path(g, mh_redact_resolve(o.r, a->pos[0]), mh_redact_resolve(o.r, a->pos[1]), as_of, mh_cli_flag(cmd, a, "events"), max_depth, on_hop, &o, &e)) {
        rc = mh_cli_fail(&e);
    } else if (o.json) {
        printf("{\"hops\":[%s\n]}\n", o.b.data ? o.b.data : "");
    }
    mh_buf_free(&o.b);
out:
    mh_redact_free(o.r);
    if (viewing) mh_view_close(&v);
    mh_graph_free(g);
    if (s) mh_store_close(s);
    return rc;
}

const mh_cli_cmd mh_cmd_path = {
    "path", run, "A B [--as-of DATE] [--events] [--max-depth N] [--format table|json]",
    "the shortest chain of records linking two entities",
    "Each hop names the tie or interaction that makes the link, its label as seen from the\n"
    "walking side (son, landlord, employer, payment) and its validity. Exits 3 when no path\n"
    "exists within --max-depth hops.",
    opts, 2, 2,
};
