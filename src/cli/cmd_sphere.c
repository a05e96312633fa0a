/* molehunt sphere PERSON: the people and bodies within reach of a covered person as of a
 * date, each with the path that reaches them and the interval over which it holds. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_graph.h"
#include "molehunt/mh_json.h"
#include "redact.h"
#include "reveal.h"

static const mh_cli_opt opts[] = {
    {"as-of", 0, "DATE", "walk the ties that hold on DATE (default: ties of any date)", false},
    {"format", 0, "table|json", "output format (default table)", false},
    {"reach", 0, "SPEC", "ties to follow, e.g. Family,Associate:friend|romantic (default: docs/graph.md)", false},
    {"depth", 0, "N", "hops from the person (default 2)", false},
    {0},
};

typedef struct out {
    bool json;
    int n;
    mh_buf b;
    mh_redact *r; /* Persons as pseudonyms unless --identified */
} out;

static int on_member(void *ctx, const mh_graph_member *m)
{
    out *o = ctx;
    char iv[40];
    mh_time_format_interval(m->lo, m->hi, iv, sizeof iv);
    const char *id = mh_redact_id(o->r, m->id), *name = mh_redact_name(o->r, m->id, m->name);
    if (!o->json) {
        printf("%-20s %-28s %-30s %s\n", id, name ? name : "-", m->path, iv);
    } else {
        mh_buf_puts(&o->b, o->n ? ",\n  {\"id\":" : "\n  {\"id\":");
        mh_json_write_cstr(&o->b, id);
        mh_buf_puts(&o->b, ",\"name\":");
        mh_json_write_cstr(&o->b, name);
        mh_buf_puts(&o->b, ",\"schema\":");
        mh_json_write_cstr(&o->b, m->schema);
        mh_buf_puts(&o->b, ",\"path\":");
        mh_json_write_cstr(&o->b, m->path);
        mh_buf_printf(&o->b, ",\"depth\":%d,\"valid\":\"%s\"}", m->depth, iv);
    }
    o->n++;
    return 0;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *fmt = mh_cli_get(cmd, a, "format"), *as_of_s = mh_cli_get(cmd, a, "as-of");
    const char *reach_s = mh_cli_get(cmd, a, "reach"), *depth_s = mh_cli_get(cmd, a, "depth");
    out o = {.json = fmt && strcmp(fmt, "json") == 0};
    if (fmt && !o.json && strcmp(fmt, "table") != 0) return mh_cli_usage_error(cmd, "--format must be table or json");
    mh_err e;
    mh_err_clear(&e);
    mh_time as_of = MH_TIME_NONE, lo;
    if (as_of_s && !mh_time_parse_iso(as_of_s, strlen(as_of_s), &lo, &as_of, &e))
        return mh_cli_usage_error(cmd, "--as-of '%s' is not an ISO 8601 date", as_of_s);
    mh_arena ar;
    mh_arena_init(&ar, 4096);
    mh_graph_reach reach = *mh_graph_reach_default();
    int rc = MH_EXIT_OK;
    if (reach_s && mh_graph_reach_parse(reach_s, &ar, &reach, &e)) {
        rc = mh_cli_usage_error(cmd, "%s", e.msg);
        goto done;
    }
    if (depth_s) {
        char *end;
        long d = strtol(depth_s, &end, 10);
        if (*end || d < 0 || d > 16) {
            rc = mh_cli_usage_error(cmd, "--depth must be a number from 0 to 16");
            goto done;
        }
        reach.depth = (int)d;
    }
    mh_store *s = NULL;
    mh_graph *g = NULL;
    mh_graph_opts go = {.home_org = ctx->org, .reach = &reach, .no_index = true};
    mh_view v;
    bool viewing = false;
    mh_cli_ctx lctx = *ctx;
    if (!mh_store_open(ctx->db_path, &s, &e) && !mh_graph_load(s, &go, &g, &e) && mh_graph_has(g, a->pos[0]) &&
        (rc = mh_cli_identity_request(&lctx, s, "sphere", a->pos[0])) != MH_EXIT_OK)
        goto close;
    if (!s || !g || mh_view_open(&v, &lctx, &e) ||
        !(viewing = true) || mh_redact_open(s, &v, &o.r, &e)) {
        rc = mh_cli_fail(&e);
        goto close;
    }
    const char *who = mh_redact_resolve(o.r, a->pos[0]);
    if (!mh_graph_is_covered(g, who) && mh_graph_has(g, who))
        fprintf(stderr, "molehunt sphere: note: %s is not a covered person\n", a->pos[0]);
    mh_buf_init(&o.b, 0);
    if (!o.json) printf("%-20s %-28s %-30s %s\n", "ID", "NAME", "PATH", "VALID");
    if (mh_graph_sphere(g, who, as_of, NULL, on_member, &o, &e)) {
        rc = mh_cli_fail(&e);
    } else if (o.json) {
        char d[16] = "";
        if (as_of != MH_TIME_NONE) mh_time_format_date(as_of, d, sizeof d);
        printf("{\"person\":");
        mh_buf head;
        mh_buf_init(&head, 0);
        mh_json_write_cstr(&head, mh_redact_id(o.r, who));
        printf("%s,\"as_of\":%s%s%s,\"members\":[%s\n]}\n", head.data, *d ? "\"" : "", *d ? d : "null", *d ? "\"" : "",
               o.b.data ? o.b.data : "");
        mh_buf_free(&head);
    }
    mh_buf_free(&o.b);
close:
    mh_redact_free(o.r);
    if (viewing) mh_view_close(&v);
    mh_graph_free(g);
    if (s) mh_store_close(s);
done:
    mh_arena_free(&ar);
    return rc;
}

const mh_cli_cmd mh_cmd_sphere = {
    "sphere", run, "PERSON [--as-of DATE] [--format table|json] [--reach SPEC] [--depth N]",
    "who is within reach of a covered person, by which path, as of a date",
    "Walks the ties in reach (by default every Family tie and close Associates -- friend, romantic,\n"
    "landlord, ... -- to depth 2) that hold on the date, nearest first. The table shows each\n"
    "member's id, name, path (self, son, son>landlord) and when the whole path holds (ISO 8601\n"
    "interval, '..' for an open end). docs/graph.md describes the reach.",
    opts, 1, 1,
};
