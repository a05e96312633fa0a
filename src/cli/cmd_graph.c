/* molehunt graph export|enrich|stats: the whole graph (or the part around one entity) for
 * graph tools; every interaction, dated record and activity event enriched with
 * subject.ids, subject.path and counterparty flags as NDJSON for rules; and counts. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_graph.h"
#include "molehunt/mh_detect.h"
#include "redact.h"

static const mh_cli_opt opts[] = {
    {"format", 0, "FORMAT", "export: graphml, gexf or cytoscape-json (default graphml)", false},
    {"around", 0, "ID", "export: only what lies within --depth hops of ID", false},
    {"depth", 0, "N", "export: hops around --around (default 2); enrich: sphere depth (default 2)", false},
    {"out", 'o', "FILE", "write to FILE instead of standard output", false},
    {"from", 0, "DATE", "enrich: events on or after DATE", false},
    {"to", 0, "DATE", "enrich: events on or before DATE", false},
    {"reach", 0, "SPEC", "enrich: ties spheres follow, e.g. Family,Associate:friend|romantic", false},
    {"no-watchlist", 0, NULL, "enrich: skip watch-list matching of counterparties", false},
    {0},
};

static bool date_opt(const char *s, bool hi_end, mh_time *t)
{
    mh_time lo, hi;
    if (!s) return *t = MH_TIME_NONE, true;
    if (!mh_time_parse_iso(s, strlen(s), &lo, &hi, NULL)) return false;
    *t = hi_end ? hi : lo;
    return true;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *verb = a->pos[0];
    bool exporting = strcmp(verb, "export") == 0, enriching = strcmp(verb, "enrich") == 0,
         stats = strcmp(verb, "stats") == 0;
    if (!exporting && !enriching && !stats) return mh_cli_usage_error(cmd, "'%s' is not export, enrich or stats", verb);
    const char *fmt_s = mh_cli_get(cmd, a, "format"), *depth_s = mh_cli_get(cmd, a, "depth");
    const char *out_s = mh_cli_get(cmd, a, "out"), *reach_s = mh_cli_get(cmd, a, "reach");
    mh_graph_format fmt = MH_GRAPH_GRAPHML;
    if (fmt_s && !mh_graph_format_parse(fmt_s, &fmt))
        return mh_cli_usage_error(cmd, "--format must be graphml, gexf or cytoscape-json");
    int depth = 2;
    if (depth_s) {
        char *end;
        long d = strtol(depth_s, &end, 10);
        if (*end || d < 0 || d > 16) return mh_cli_usage_error(cmd, "--depth must be a number from 0 to 16");
        depth = (int)d;
    }
    mh_time from, to;
    if (!date_opt(mh_cli_get(cmd, a, "from"), false, &from) || !date_opt(mh_cli_get(cmd, a, "to"), true, &to))
        return mh_cli_usage_error(cmd, "--from and --to take ISO 8601 dates");
    mh_err e;
    mh_err_clear(&e);
    mh_arena ar;
    mh_arena_init(&ar, 4096);
    mh_graph_reach reach = *mh_graph_reach_default();
    int rc = MH_EXIT_OK;
    mh_store *s = NULL;
    mh_graph *g = NULL;
    mh_watch *w = NULL;
    FILE *f = stdout, *dest = NULL; /* dest: the real output while f collects text to pseudonymise */
    char *mem = NULL;
    size_t memlen = 0;
    mh_view v;
    bool viewing = false;
    mh_redact *red = NULL;
    if (reach_s && mh_graph_reach_parse(reach_s, &ar, &reach, &e)) {
        rc = mh_cli_usage_error(cmd, "%s", e.msg);
        goto out;
    }
    if (enriching) reach.depth = depth;
    if (mh_store_open(ctx->db_path, &s, &e)) goto fail;
    mh_graph_opts go = {.home_org = ctx->org, .reach = &reach, .no_index = exporting};
    if (enriching && !mh_cli_flag(cmd, a, "no-watchlist")) {
        if (mh_watch_open(s, &w, &e)) goto fail;
        if (w) go.watch = mh_watch_match, go.watch_ctx = w;
    }
    if (mh_graph_load(s, &go, &g, &e)) goto fail;
    if (out_s && !(f = fopen(out_s, "w"))) {
        mh_err_set(&e, MH_E_IO, "cannot write %s", out_s);
        f = stdout;
        goto fail;
    }
    if ((exporting || enriching) && !ctx->identified) {
        if (mh_view_open(&v, ctx, &e)) goto fail;
        viewing = true;
        if (mh_redact_open(s, &v, &red, &e)) goto fail;
        dest = f;
        if (!(f = open_memstream(&mem, &memlen))) {
            f = dest;
            dest = NULL;
            mh_err_set(&e, MH_E_NOMEM, "out of memory");
            goto fail;
        }
    }
    if (exporting) {
        const char *around = mh_cli_get(cmd, a, "around");
        if (around && red) around = mh_redact_resolve(red, around);
        if (mh_graph_export(g, fmt, around, depth, f, &e)) goto fail;
    } else if (enriching) {
        size_t n = 0;
        if (mh_graph_enrich_write(g, s, from, to, f, &n, &e)) goto fail;
        if (out_s) fprintf(stderr, "molehunt graph: %zu enriched events written to %s\n", n, out_s);
    } else {
        mh_graph_stats st;
        mh_graph_stats_get(g, &st);
        const char *home = mh_graph_home(g);
        printf("home          %s\nnodes         %zu\nties          %zu\nevents        %zu\ncovered       %zu\n"
               "sphere rows   %zu\nundated       %zu\nhubs          %zu\n",
               home ? home : "(none)", st.nodes, st.ties, st.events, st.covered, st.sphere_entries, st.undated, st.hubs);
    }
    if (dest) {
        /* Persons' ids and names become pseudonyms before anything is written out */
        fclose(f);
        f = dest;
        dest = NULL;
        mh_buf rb;
        mh_buf_init(&rb, 0);
        bool ok = mh_redact_text(red, mem ? mem : "", memlen, &rb) && (!rb.len || fwrite(rb.data, 1, rb.len, f) == rb.len);
        mh_buf_free(&rb);
        if (!ok) {
            mh_err_set(&e, MH_E_IO, "cannot write the pseudonymised output");
            goto fail;
        }
    }
    goto out;
fail:
    rc = mh_cli_fail(&e);
out:
    if (dest) {
        fclose(f);
        f = dest;
    }
    free(mem);
    mh_redact_free(red);
    if (viewing) mh_view_close(&v);
    if (f != stdout && fclose(f) != 0 && rc == MH_EXIT_OK) {
        mh_err_set(&e, MH_E_IO, "cannot write %s", out_s);
        rc = mh_cli_fail(&e);
    }
    mh_graph_free(g);
    mh_watch_close(w);
    if (s) mh_store_close(s);
    mh_arena_free(&ar);
    return rc;
}

const mh_cli_cmd mh_cmd_graph = {
    "graph", run,
    "export [--format graphml|gexf|cytoscape-json] [--around ID --depth N] [--out FILE]\n"
    "       graph enrich [--out FILE] [--from DATE] [--to DATE] [--reach SPEC] [--depth N] [--no-watchlist]\n"
    "       graph stats",
    "export the graph, write enriched events for rules, or count what the graph holds",
    "export: nodes (people, bodies, accounts, devices) with schema, name and covered flag; ties\n"
    "with relationship and validity; interactions with their date.\n"
    "enrich: every interaction, dated record and activity event in time order as NDJSON (ECS\n"
    "shape): @timestamp, event.category, event.id, record.*, source/target.entity.id,\n"
    "subject.ids and subject.path (the covered persons whose sphere it touches on its date and\n"
    "how), counterparty.{id,name,country,topics,foreign,official,watchlist.score,watchlist.entity}.\n"
    "docs/graph.md lists every field.",
    opts, 1, 1,
};
