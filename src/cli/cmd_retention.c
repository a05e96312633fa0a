/* molehunt retention set|clear|list: how long the records of each source path, protected
 * channel or source kind are kept before `molehunt purge` deletes them. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_audit.h"
#include "reveal.h"

static const mh_cli_opt opts[] = {{0}};

static int on_rule(void *vctx, const char *target, int days)
{
    int *n = vctx;
    printf("%-40s %d days\n", target, days);
    ++*n;
    return 0;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *verb = a->pos[0];
    int days = 0;
    bool set = strcmp(verb, "set") == 0, clear = strcmp(verb, "clear") == 0, list = strcmp(verb, "list") == 0;
    if (!set && !clear && !list) return mh_cli_usage_error(cmd, "unknown action '%s'", verb);
    if (a->npos != (set ? 3 : clear ? 2 : 1)) return mh_cli_usage_error(cmd, "usage: %s", cmd->usage);
    if (set) {
        char *end;
        errno = 0;
        long d = strtol(a->pos[2], &end, 10);
        if (errno || *end || d < 1 || d > 36500) return mh_cli_usage_error(cmd, "DAYS must be a whole number 1..36500");
        days = (int)d;
    }
    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    mh_status rc;
    int n = 0;
    if (list) {
        rc = mh_audit_retention_each(s, on_rule, &n, &e);
        if (!rc && n == 0) printf("no retention rules: every record is kept\n");
    } else {
        rc = mh_audit_retention_set(s, a->pos[1], days, mh_cli_actor(), &e);
    }
    mh_store_close(s);
    if (rc) return mh_cli_fail(&e);
    if (set) printf("retention %s: %d days\n", a->pos[1], days);
    if (clear) printf("retention %s: removed (kept indefinitely)\n", a->pos[1]);
    return MH_EXIT_OK;
}

const mh_cli_cmd mh_cmd_retention = {
    "retention", run, "set SOURCE|CHANNEL|KIND DAYS | clear SOURCE|CHANNEL|KIND | list",
    "how long records of each source kind or source path are kept (see purge)",
    "SOURCE is a path as it was ingested, CHANNEL a protected channel's name (ingest\n"
    "--channel) and KIND a source kind (\"records\" for everything ingested). For each source\n"
    "the rule of its path applies, else its channel's, else its kind's. Changes are\n"
    "recorded in the audit trail.",
    opts, 1, 3,
};
