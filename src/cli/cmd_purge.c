/* molehunt purge: deletes the records kept longer than their source's retention period
 * (set with `molehunt retention`), says what went from where, and records the purge in the
 * audit trail. --dry-run only says what would go. */
#include "cli.h"

#include <time.h>

#include "molehunt/mh_audit.h"
#include "reveal.h"

static const mh_cli_opt opts[] = {
    {"dry-run", 'n', NULL, "only report what would be deleted", false},
    {0},
};

static int on_source(void *vctx, const char *source, const char *kind, int days, int64_t entities, int64_t events)
{
    bool *dry = vctx;
    printf("%s %s (%s, kept %d days): %lld entities, %lld events\n", *dry ? "would purge" : "purged", source, kind, days,
           (long long)entities, (long long)events);
    return 0;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    bool dry = mh_cli_flag(cmd, a, "dry-run");
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    mh_time now = (mh_time)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    int64_t ne = 0, nv = 0;
    mh_status rc = mh_audit_purge(s, now, dry, mh_cli_actor(), on_source, &dry, &ne, &nv, &e);
    mh_store_close(s);
    if (rc) return mh_cli_fail(&e);
    printf("%s: %lld entities, %lld events%s\n", dry ? "would purge" : "purged", (long long)ne, (long long)nv,
           dry ? "" : " (recorded in the audit trail)");
    return MH_EXIT_OK;
}

const mh_cli_cmd mh_cmd_purge = {
    "purge", run, "[--dry-run]", "delete records older than their source's retention period",
    "An entity's age is its latest date (records without a date are kept); an event's is\n"
    "its timestamp. Sources with no retention rule are kept. Run 'molehunt detect' again\n"
    "afterwards so scores no longer rest on deleted records.",
    opts, 0, 0,
};
