/* molehunt eval --truth insiders.csv: scores the stored ranking against ground truth
 * (recall at budgets, precision at k, ROC AUC, per-scenario recall, time to detection).
 * Truth rows that cannot be read are listed with file:line and make the exit status 1,
 * so an evaluation never silently rests on less truth than the user gave it. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_eval.h"
#include "view.h"

static const mh_cli_opt opts[] = {
    {"truth", 0, "FILE", "ground truth in the answers/insiders.csv layout (required)", false},
    {"k", 0, "N", "also report recall and precision at the top N (repeatable)", true},
    {"format", 0, "table|json", "output format (default table)", false},
    {"cert-answers", 0, "DIR", "the CERT protocol against a release's answers/ directory (docs/cert.md)", false},
    {"release", 0, "r4.2|r5.2|r6.2", "with --cert-answers: the release (for the report)", false},
    {"split", 0, "DAY", "with --cert-answers: score user-days from this date (YYYY-MM-DD) on", false},
    {0},
};

/* --cert-answers DIR: the CERT benchmark's published protocol (src/eval/cert_*.c). */
static int run_cert(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a, const char *dir, bool json)
{
    const char *rel = mh_cli_get(cmd, a, "release"), *split = mh_cli_get(cmd, a, "split");
    if (rel && strcmp(rel, "r4.2") != 0 && strcmp(rel, "r5.2") != 0 && strcmp(rel, "r6.2") != 0)
        return mh_cli_usage_error(cmd, "--release must be r4.2, r5.2 or r6.2");
    int32_t split_day = INT32_MIN;
    if (split) {
        mh_time lo, hi;
        if (!mh_time_parse_iso(split, strlen(split), &lo, &hi, NULL))
            return mh_cli_usage_error(cmd, "--split needs a date, YYYY-MM-DD");
        split_day = (int32_t)(lo / 86400000);
    }
    mh_err e;
    mh_err_clear(&e);
    mh_arena arena;
    mh_arena_init(&arena, 1 << 16);
    mh_buf out;
    mh_buf_init(&out, 0);
    mh_store *s = NULL;
    mh_eval_cert_result res;
    int rc = MH_EXIT_OK;
    if (mh_store_open(ctx->db_path, &s, &e) || mh_eval_cert(s, dir, split_day, &arena, &res, &e)) {
        rc = mh_cli_fail(&e);
        goto out;
    }
    if (!json && rel) mh_buf_printf(&out, "release %s\n", rel);
    if (!(json ? mh_eval_cert_write_json(&out, &res) : mh_eval_cert_write_table(&out, &res))) {
        mh_err_set(&e, MH_E_NOMEM, "out of memory writing the report");
        rc = mh_cli_fail(&e);
        goto out;
    }
    fputs(out.data, stdout);
    if (res.nbad) {
        fprintf(stderr, "molehunt: %zu answer row(s) could not be read and were skipped\n", res.nbad);
        rc = MH_EXIT_FINDINGS;
    }
out:
    if (s) mh_store_close(s);
    mh_buf_free(&out);
    mh_arena_free(&arena);
    return rc;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *fmt = mh_cli_get(cmd, a, "format");
    bool json = fmt && strcmp(fmt, "json") == 0;
    if (fmt && !json && strcmp(fmt, "table") != 0) return mh_cli_usage_error(cmd, "--format must be table or json");
    const char *cert = mh_cli_get(cmd, a, "cert-answers");
    if (cert) return run_cert(ctx, cmd, a, cert, json);
    const char *truth_path = mh_cli_get(cmd, a, "truth");
    if (!truth_path) return mh_cli_usage_error(cmd, "--truth FILE is required");
    int ik = mh_cli_opt_index(cmd, "k");
    size_t extra[MH_CLI_MAX_POS];
    size_t nextra = 0;
    for (int i = 0; i < a->nmulti[ik]; i++) {
        char *end;
        errno = 0;
        long long v = strtoll(a->multi[ik][i], &end, 10);
        if (errno || *end || v < 1) return mh_cli_usage_error(cmd, "--k needs a whole number of people, at least 1");
        if (nextra == MH_ARRAY_LEN(extra)) return mh_cli_usage_error(cmd, "too many --k");
        extra[nextra++] = (size_t)v;
    }

    mh_err e;
    mh_err_clear(&e);
    mh_arena arena;
    mh_arena_init(&arena, 1 << 16);
    mh_buf out;
    mh_buf_init(&out, 0);
    mh_store *s = NULL;
    mh_eval_truth truth;
    mh_eval_ranking rank;
    mh_eval_result res;
    int rc = MH_EXIT_OK;
    if (mh_eval_truth_read(truth_path, &arena, &truth, &e) || mh_store_open(ctx->db_path, &s, &e) ||
        mh_eval_ranking_load(s, &arena, &rank, &e) || mh_eval_resolve(s, &rank, &truth, &arena, &e)) {
        rc = mh_cli_fail(&e);
        goto out;
    }
    for (size_t i = 0; i < truth.nbad; i++)
        fprintf(stderr, "molehunt: %s:%ld: skipped: %s\n", truth.name, truth.bad[i].line, truth.bad[i].msg);
    if (mh_eval_compute(&rank, &truth, extra, nextra, &arena, &res, &e)) {
        rc = mh_cli_fail(&e);
        goto out;
    }
    /* Insiders appear as pseudonyms unless --identified (the truth file names them). */
    mh_view v;
    if (mh_view_open(&v, ctx, &e)) {
        rc = mh_cli_fail(&e);
        goto out;
    }
    for (size_t i = 0; i < res.nins; i++) {
        const char *shown = mh_view_id(&v, res.ins[i].person);
        if (shown && shown != res.ins[i].person) res.ins[i].person = mh_arena_strndup(&arena, shown, strlen(shown));
    }
    mh_view_close(&v);
    for (size_t i = 0; i < res.nins; i++)
        if (!res.ins[i].ranked)
            fprintf(stderr, "molehunt: %s:%ld: insider \"%s\" has no score row: counted as missed\n", truth.name,
                    res.ins[i].line, res.ins[i].person);
    if (!(json ? mh_eval_write_json(&out, &res, &truth) : mh_eval_write_table(&out, &res, &truth))) {
        mh_err_set(&e, MH_E_NOMEM, "out of memory writing the report");
        rc = mh_cli_fail(&e);
        goto out;
    }
    fputs(out.data, stdout);
    if (truth.nbad) {
        fprintf(stderr, "molehunt: %zu truth row%s of %s could not be read and were skipped\n", truth.nbad,
                truth.nbad == 1 ? "" : "s", truth.name);
        rc = MH_EXIT_FINDINGS;
    }
out:
    if (s) mh_store_close(s);
    mh_buf_free(&out);
    mh_arena_free(&arena);
    return rc;
}

const mh_cli_cmd mh_cmd_eval = {
    "eval", run, "--truth FILE [--k N]... [--format table|json] | --cert-answers DIR [--release R] [--split DAY]",
    "measure how well the stored scores rank the insiders of a ground-truth file",
    "Reads answers/insiders.csv (dataset,scenario,details,user,start,end; CERT dates with or\n"
    "without zero padding, or ISO 8601) and the scores 'molehunt detect' stored, and reports\n"
    "recall at the top 1 % and 5 %, recall and precision at k = 1, 5, 10, 25, 50, 100 (and\n"
    "each --k), ROC AUC, per-scenario recall and time to detection (median and worst, in\n"
    "days). Unreadable truth rows are listed and skipped; the exit status is then 1.\n"
    "Definitions: docs/eval.md. --cert-answers DIR computes the CERT benchmark's protocol\n"
    "(user-days, temporal split, CR-k, detection at fixed false-positive rates): docs/cert.md.",
    opts, 0, 0,
};
