/* molehunt rules list|check|test: the rule pack, for analysts who add their own. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "molehunt/mh_detect.h"
#include "molehunt/mh_ingest.h"
#include "molehunt/mh_score.h"

static const mh_cli_opt opts[] = {
    {"rules", 0, "DIR", "the rule pack (default: $MOLEHUNT_RULES or the shipped rules/)", false},
    {"data", 0, "FILE", "test: run over this NDJSON file of (enriched) events instead of the store", false},
    {"format", 0, "table|ndjson", "test: output format (default table)", false},
    {0},
};

typedef struct t_ctx {
    bool ndjson;
    long n;
} t_ctx;

static int on_hit(void *vctx, const mh_eql_result *r)
{
    t_ctx *x = vctx;
    x->n++;
    if (x->ndjson) {
        printf("{\"events\":[");
        for (size_t i = 0; i < r->nevents; i++)
            printf("%s%.*s", i ? "," : "", (int)(r->events[i].json ? r->events[i].len : 4), r->events[i].json ? r->events[i].json : "null");
        printf("]}\n");
        return 0;
    }
    printf("match %ld:", x->n);
    for (size_t i = 0; i < r->nevents; i++) {
        char t[40];
        mh_time_format(r->events[i].ts, t, sizeof t);
        printf(" %s", t);
    }
    printf("\n");
    return 0;
}

/* Feeds the NDJSON lines of PATH (or the store's enriched stream) to one rule. */
static int test_rule(const mh_rule *rule, const char *data, mh_cli_ctx *ctx, bool ndjson)
{
    t_ctx x = {.ndjson = ndjson};
    mh_eql_matcher *m = mh_eql_matcher_new(rule->query, NULL, on_hit, &x);
    mh_err e;
    mh_err_clear(&e);
    int rc = MH_EXIT_OK;
    mh_buf enriched;
    mh_buf_init(&enriched, 0);
    char tmp[] = "/tmp/molehunt-rules-XXXXXX";
    if (!data) {
        /* The stream the detectors see: every enriched record and event, once per person. */
        fprintf(stderr, "molehunt rules test: no --data; testing against the store's enriched records\n");
        int fd = mkstemp(tmp);
        if (fd < 0) return MH_EXIT_INTERNAL;
        FILE *f = fdopen(fd, "w");
        mh_store *s;
        mh_graph *g = NULL;
        mh_graph_opts go = {.home_org = ctx->org};
        if (mh_store_open(ctx->db_path, &s, &e) || mh_graph_load(s, &go, &g, &e) ||
            mh_graph_enrich_write(g, s, MH_TIME_NONE, MH_TIME_NONE, f, NULL, &e)) {
            fclose(f);
            unlink(tmp);
            return mh_cli_fail(&e);
        }
        fclose(f);
        mh_graph_free(g);
        mh_store_close(s);
        data = tmp;
    }
    mh_lines *r = mh_lines_open(data, 0, &e);
    if (!r) {
        mh_eql_matcher_free(m);
        return mh_cli_fail(&e);
    }
    mh_arena a;
    mh_arena_init(&a, 64 * 1024);
    const char *line;
    size_t n;
    bool too_long;
    uint64_t seq = 0;
    long skipped = 0;
    while (mh_lines_next(r, &line, &n, &too_long)) {
        mh_arena_reset(&a);
        mh_jv doc;
        mh_time ts;
        if (too_long || !mh_json_parse(line, n, &a, &doc, NULL) || !mh_eql_event_time(rule->query, &doc, &ts)) {
            skipped++;
            continue;
        }
        mh_eql_event ev = {.doc = &doc, .json = line, .len = n, .ts = ts, .tiebreak = ++seq};
        if (mh_eql_matcher_push(m, &ev, &e)) skipped++;
    }
    mh_eql_matcher_finish(m, &e);
    mh_lines_close(r);
    mh_arena_free(&a);
    mh_eql_matcher_free(m);
    if (data == tmp) unlink(tmp);
    mh_buf_free(&enriched);
    fprintf(stderr, "%s: %ld match(es)%s\n", rule->id, x.n, skipped ? "; some lines were skipped (no time, or out of order)" : "");
    if (skipped) fprintf(stderr, "%ld line(s) skipped\n", skipped);
    return rc;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *verb = a->pos[0];
    const char *dir = mh_cli_get(cmd, a, "rules");
    mh_rulepack *p = mh_rulepack_new();
    mh_buf diag;
    mh_buf_init(&diag, 0);
    size_t nerr = 0;
    mh_err e;
    mh_err_clear(&e);
    int rc = MH_EXIT_OK;
    bool files = a->npos > 1 && strcmp(verb, "test") != 0;
    if (!p) return MH_EXIT_INTERNAL;
    if (files) {
        for (int i = 1; i < a->npos && !rc; i++)
            if (mh_rulepack_add_file(p, a->pos[i], &diag, &nerr, &e)) rc = mh_cli_fail(&e);
    } else if (mh_rulepack_add_dir(p, dir ? dir : mh_rulepack_default_dir(), &diag, &nerr, &e)) {
        rc = mh_cli_fail(&e);
    }
    if (rc) goto out;
    if (strcmp(verb, "list") == 0) {
        printf("%-22s %-10s %-9s %-6s %-24s %s\n", "id", "scenario", "axis", "sev", "guidelines", "title");
        for (size_t i = 0; i < mh_rulepack_count(p); i++) {
            const mh_rule *r = mh_rulepack_rule(p, i);
            char gl[64] = "";
            for (size_t k = 0; k < r->nguidelines; k++)
                snprintf(gl + strlen(gl), sizeof gl - strlen(gl), "%s%s", k ? "," : "", r->guidelines[k]);
            printf("%-22s %-10s %-9s %-6.2f %-24s %s%s\n", r->id, r->scenario ? r->scenario : "-",
                   r->axis < MH_AXIS__COUNT ? mh_axis_name(r->axis) : "-", r->severity, gl, r->title ? r->title : "",
                   r->query ? "" : "  [does not compile]");
        }
        if (diag.len) fputs(diag.data, stderr);
        rc = nerr ? MH_EXIT_FINDINGS : MH_EXIT_OK;
    } else if (strcmp(verb, "check") == 0) {
        if (diag.len) fputs(diag.data, stderr);
        mh_err re;
        if (mh_pipeline_check_routine(p, &re)) {
            fprintf(stderr, "%s\n", re.msg);
            nerr++;
        }
        printf("%zu rule(s), %zu error(s)\n", mh_rulepack_count(p), nerr);
        rc = nerr ? MH_EXIT_FINDINGS : MH_EXIT_OK;
    } else if (strcmp(verb, "test") == 0) {
        if (a->npos != 2) {
            rc = mh_cli_usage_error(cmd, "'rules test' takes one rule id or rule file");
            goto out;
        }
        const mh_rule *r = mh_rulepack_find(p, a->pos[1]);
        if (!r && strstr(a->pos[1], ".eql")) {
            mh_buf_reset(&diag);
            nerr = 0;
            if (mh_rulepack_add_file(p, a->pos[1], &diag, &nerr, &e)) {
                rc = mh_cli_fail(&e);
                goto out;
            }
            r = mh_rulepack_rule(p, mh_rulepack_count(p) - 1);
        }
        if (!r) {
            mh_err_set(&e, MH_E_NOTFOUND, "no rule \"%s\" in the pack", a->pos[1]);
            rc = mh_cli_fail(&e);
            goto out;
        }
        if (!r->query) {
            if (diag.len) fputs(diag.data, stderr);
            fprintf(stderr, "molehunt rules test: %s does not compile\n", r->id);
            rc = MH_EXIT_INPUT;
            goto out;
        }
        const char *fmt = mh_cli_get(cmd, a, "format");
        rc = test_rule(r, mh_cli_get(cmd, a, "data"), ctx, fmt && strcmp(fmt, "ndjson") == 0);
    } else {
        rc = mh_cli_usage_error(cmd, "unknown verb '%s' (list, check or test)", verb);
    }
out:
    mh_buf_free(&diag);
    mh_rulepack_free(p);
    return rc;
}

const mh_cli_cmd mh_cmd_rules = {
    "rules", run, "list|check [FILE...] | test RULE-ID|FILE [--data FILE]",
    "list the rule pack, check rule files (every error with file:line:col and a caret), test a rule",
    "A rule file is a header of '# key: value' lines (id, title, description, scenario,\n"
    "guideline, axis, severity, mitigation, reference, mode) followed by one EQL query;\n"
    "docs/rules.md describes them and the fields of the events rules see.",
    opts, 1, -1,
};
