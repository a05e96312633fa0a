/* `molehunt simulate`: writes a synthetic organisation with injected tradecraft and IT
 * exfiltration scenarios, in the three input formats plus a watch list and ground truth
 * (docs/simulate.md). A thin front end over mh_sim. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "molehunt/mh_sim.h"

static const mh_cli_opt opts[] = {
    {"people", 0, "N", "covered persons in the organisation (default 200)", false},
    {"days", 0, "D", "days of activity (default 30)", false},
    {"start", 0, "DATE", "first day, YYYY-MM-DD (default 2010-01-04)", false},
    {"seed", 0, "S", "random seed; the same arguments give byte-identical output (default 1)", false},
    {"scenario", 0, "ID[:COUNT]", "inject COUNT incidents of scenario ID (MOMINT ... REGAIN, CERT1 ... CERT5)", true},
    {"cert-layout", 0, "r4.2|r5.2|r6.2", "CERT CSV layout (default r6.2)", false},
    {"out", 'o', "DIR", "output directory (created if missing)", false},
    {"no-background-activity", 0, NULL, "write only the IT events the scenarios inject (record-level worlds)", false},
    {"quiet", 'q', NULL, "print nothing on success", false},
    {0},
};

static bool parse_u64(const char *s, uint64_t *v)
{
    char *end;
    if (!s || !*s || *s == '-') return false;
    unsigned long long x = strtoull(s, &end, 10);
    if (*end) return false;
    *v = x;
    return true;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    (void)ctx;
    mh_sim_config c;
    mh_err e;
    mh_err_clear(&e);
    mh_sim_config_default(&c);
    uint64_t v;
    const char *s;
    if ((s = mh_cli_get(cmd, a, "people"))) {
        if (!parse_u64(s, &v) || v > 1000000) return mh_cli_usage_error(cmd, "--people needs a number");
        c.people = (uint32_t)v;
    }
    if ((s = mh_cli_get(cmd, a, "days"))) {
        if (!parse_u64(s, &v) || v > 100000) return mh_cli_usage_error(cmd, "--days needs a number");
        c.days = (uint32_t)v;
    }
    if ((s = mh_cli_get(cmd, a, "seed"))) {
        if (!parse_u64(s, &v)) return mh_cli_usage_error(cmd, "--seed needs a non-negative number");
        c.seed = v;
    }
    if ((s = mh_cli_get(cmd, a, "start"))) {
        mh_time lo, hi;
        if (strlen(s) != 10 || !mh_time_parse_iso(s, strlen(s), &lo, &hi, NULL))
            return mh_cli_usage_error(cmd, "--start needs a date YYYY-MM-DD");
        c.start_day = lo / 86400000LL;
    }
    c.no_background_activity = mh_cli_flag(cmd, a, "no-background-activity");
    if ((s = mh_cli_get(cmd, a, "cert-layout"))) {
        if (strcmp(s, "r4.2") == 0 || strcmp(s, "4.2") == 0) c.cert_layout = MH_SIM_CERT_R42;
        else if (strcmp(s, "r5.2") == 0 || strcmp(s, "5.2") == 0) c.cert_layout = MH_SIM_CERT_R52;
        else if (strcmp(s, "r6.2") == 0 || strcmp(s, "6.2") == 0) c.cert_layout = MH_SIM_CERT_R62;
        else return mh_cli_usage_error(cmd, "--cert-layout must be r4.2, r5.2 or r6.2");
    }
    int k = mh_cli_opt_index(cmd, "scenario");
    for (int i = 0; i < a->nmulti[k]; i++)
        if (mh_sim_config_add_scenario(&c, a->multi[k][i], &e)) return mh_cli_usage_error(cmd, "%s", e.msg);
    c.out_dir = mh_cli_get(cmd, a, "out");
    if (!c.out_dir) return mh_cli_usage_error(cmd, "--out DIR is required");
    if (mh_sim_config_check(&c, &e)) return mh_cli_usage_error(cmd, "%s", e.msg);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    mh_sim_stats st;
    if (mh_sim_run(&c, &st, &e)) return mh_cli_fail(&e);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (!mh_cli_flag(cmd, a, "quiet")) {
        uint64_t rec = st.entities + st.watchlist + st.events + st.cert_rows;
        fprintf(stderr,
                "molehunt simulate: %u people, %u days -> %s\n"
                "  entities %llu, watch list %llu, ECS events %llu, CERT rows %llu, incidents %llu\n"
                "  %.1f MB in %.2f s (%.2f M records/s)\n",
                c.people, c.days, c.out_dir, (unsigned long long)st.entities, (unsigned long long)st.watchlist,
                (unsigned long long)st.events, (unsigned long long)st.cert_rows, (unsigned long long)st.incidents,
                (double)st.bytes / 1e6, secs, secs > 0 ? (double)rec / secs / 1e6 : 0.0);
    }
    return MH_EXIT_OK;
}

const mh_cli_cmd mh_cmd_simulate = {
    .name = "simulate",
    .run = run,
    .usage = "--out DIR [--people N] [--days D] [--start DATE] [--seed S] [--scenario ID[:COUNT]]...",
    .summary = "write a synthetic organisation with injected insider scenarios and its ground truth",
    .details = "Writes entities.ftm.jsonl, activity.ecs.jsonl, watchlist.ftm.jsonl, cert/*.csv (CERT layout) and\n"
               "answers/ (insiders.csv and one file per incident). Without --scenario a default mix scaled to\n"
               "--people is injected. See docs/simulate.md.",
    .opts = opts,
    .min_pos = 0,
    .max_pos = 0,
};
