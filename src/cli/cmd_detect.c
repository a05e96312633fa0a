/* molehunt detect: run the rule pack and the reconciliation detector, score everyone. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_score.h"

static const mh_cli_opt opts[] = {
    {"full", 0, NULL, "recompute everyone (default: only the people new data touches)", false},
    {"rules", 0, "DIR", "the rule pack (default: $MOLEHUNT_RULES or the shipped rules/)", false},
    {"threshold", 0, "X", "review threshold for detected_at (default 0.5)", false},
    {"no-watchlist", 0, NULL, "do not match counterparties against the stored watch lists", false},
    {"quiet", 'q', NULL, "print nothing but errors", false},
    {0},
};

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    mh_pipeline_opts o = {.full = mh_cli_flag(cmd, a, "full"), .rules_dir = mh_cli_get(cmd, a, "rules"),
                          .no_watchlist = mh_cli_flag(cmd, a, "no-watchlist")};
    mh_score_opts_default(&o.score);
    o.detect.home_org = ctx->org;
    const char *th = mh_cli_get(cmd, a, "threshold");
    if (th) {
        char *end;
        o.score.threshold = strtod(th, &end);
        if (*end || o.score.threshold <= 0 || o.score.threshold > 1) return mh_cli_usage_error(cmd, "--threshold must be in (0, 1]");
    }
    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    mh_buf diag;
    mh_buf_init(&diag, 0);
    mh_pipeline_report rep;
    mh_status rc = mh_pipeline_detect(s, &o, &diag, &rep, &e);
    mh_store_close(s);
    if (diag.len) fputs(diag.data, stderr);
    mh_buf_free(&diag);
    if (rc) return mh_cli_fail(&e);
    if (!mh_cli_flag(cmd, a, "quiet")) {
        if (rep.nothing_new) {
            printf("detect: nothing arrived since the last run; results unchanged\n");
        } else {
            printf("detect: %s run: %zu rules (%zu failed), %llu records and %llu events, %llu per-person copies\n",
                   rep.incremental ? "incremental" : "full", rep.detect.rules, rep.detect.rules_failed,
                   (unsigned long long)rep.detect.records, (unsigned long long)rep.detect.events,
                   (unsigned long long)rep.detect.pushes);
            if (rep.incremental) printf("detect: %zu people touched by new data were recomputed\n", rep.affected);
            printf("detect: %llu alerts from rules (%llu mitigated by disclosures, %llu as routine) and %llu from "
                   "behaviour analytics; %zu people scored, %zu at or above %.2f\n",
                   (unsigned long long)rep.detect.alerts, (unsigned long long)rep.detect.mitigated,
                   (unsigned long long)rep.detect.routine, (unsigned long long)rep.behaviour_alerts, rep.people,
                   rep.above, o.score.threshold);
            if (rep.detect.evictions)
                printf("detect: warning: %llu pending sequences evicted to stay within the memory limit\n",
                       (unsigned long long)rep.detect.evictions);
        }
    }
    return rep.rule_errors ? MH_EXIT_FINDINGS : MH_EXIT_OK;
}

const mh_cli_cmd mh_cmd_detect = {
    "detect", run, "[--full] [--rules DIR] [--threshold X]",
    "run the rule pack and the reconciliation detector, and score every covered person",
    "Incremental by default: only the people whose spheres new records or events touch are\n"
    "recomputed (a change to people or ties, or to the rule pack, forces a full run); the\n"
    "result equals a full run. A rule that does not compile is reported with file:line:col\n"
    "and skipped; the rest still run (exit status 1).",
    opts, 0, 0,
};
