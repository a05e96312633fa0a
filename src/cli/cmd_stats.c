/* molehunt stats: what the store holds, by schema and event category. */
#include "cli.h"

#include <string.h>

#include "molehunt/mh_store.h"

static const mh_cli_opt opts[] = {{"format", 0, "table|json", "output format (default table)", false}, {0}};

typedef struct {
    bool json;
    int n;
} stats_ctx;

static int print_row(void *vctx, const char *kind, const char *name, int64_t count)
{
    stats_ctx *x = vctx;
    if (x->json) printf("%s{\"kind\":\"%s\",\"name\":\"%s\",\"count\":%lld}", x->n ? "," : "", kind, name, (long long)count);
    else printf("%-11s %-24s %12lld\n", kind, name[0] ? name : "-", (long long)count);
    x->n++;
    return 0;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *fmt = mh_cli_get(cmd, a, "format");
    stats_ctx x = {.json = fmt && strcmp(fmt, "json") == 0};
    if (fmt && !x.json && strcmp(fmt, "table") != 0) return mh_cli_usage_error(cmd, "--format must be table or json");
    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    if (x.json) printf("[");
    else printf("%-11s %-24s %12s\n", "kind", "name", "count");
    mh_status rc = mh_store_counts(s, print_row, &x, &e);
    if (x.json) printf("]\n");
    mh_store_close(s);
    return rc ? mh_cli_fail(&e) : MH_EXIT_OK;
}

const mh_cli_cmd mh_cmd_stats = {
    "stats", run, "[--format table|json]", "count what the store holds, by schema and event category",
    NULL, opts, 0, 0,
};
