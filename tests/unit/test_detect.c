/* Unit tests for the rule pack: every rule file in tests/data/rules/ loads; each problem
 * listed in expect.tsv is reported with its file:line:col and a caret; a rule with an
 * error stays listed but has no query, and the good rule compiles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "molehunt/mh_detect.h"

#define DIR MH_SOURCE_DIR "/tests/data/rules"

static void test_pack_diagnostics(void **state)
{
    mh_rulepack *p = mh_rulepack_new();
    mh_buf diag;
    mh_buf_init(&diag, 0);
    size_t nerr = 0;
    mh_err e;
    assert_int_equal(mh_rulepack_add_dir(p, DIR, &diag, &nerr, &e), MH_OK);
    assert_int_equal(mh_rulepack_count(p), 4);
    assert_true(nerr >= 6);
    FILE *f = fopen(DIR "/expect.tsv", "r");
    assert_non_null(f);
    char line[512];
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        line[strcspn(line, "\n")] = '\0';
        char *file = line, *place = strchr(file, '\t'), *text;
        assert_non_null(place);
        *place++ = '\0';
        text = strchr(place, '\t');
        assert_non_null(text);
        *text++ = '\0';
        char want[1024];
        snprintf(want, sizeof want, "%s/%s:%s: ", DIR, file, place);
        const char *at = strstr(diag.data, want);
        if (!at) fail_msg("no diagnostic at %s%s in:\n%s", want, text, diag.data);
        const char *eol = strchr(at, '\n');
        if (!strstr(at, text) || strstr(at, text) > eol) fail_msg("diagnostic at %s lacks \"%s\"", want, text);
        /* The source line and a caret follow the message. */
        const char *caret_line = strchr(eol + 1, '\n');
        assert_non_null(caret_line);
        assert_non_null(strchr(caret_line, '^'));
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, 6);
    const mh_rule *good = mh_rulepack_find(p, "T-GOOD");
    assert_non_null(good);
    assert_non_null(good->query);
    assert_int_equal(good->axis, MH_AXIS_MONEY);
    assert_string_equal(good->guidelines[0], "B 7h");
    const mh_rule *bad = mh_rulepack_find(p, "T-BADQUERY");
    assert_non_null(bad);
    assert_null(bad->query);
    assert_null(mh_rulepack_find(p, "T-BADHEADER")->query);
    mh_buf_free(&diag);
    mh_rulepack_free(p);
}

static void test_shipped_pack_compiles(void **state)
{
    mh_rulepack *p = mh_rulepack_new();
    mh_buf diag;
    mh_buf_init(&diag, 0);
    size_t nerr = 0;
    mh_err e;
    assert_int_equal(mh_rulepack_add_dir(p, MH_SOURCE_DIR "/rules", &diag, &nerr, &e), MH_OK);
    if (nerr) fail_msg("the shipped rule pack has errors:\n%s", diag.data);
    /* Every tradecraft scenario has at least one rule. */
    static const char *const scen[] = {"MOMINT", "HOOK", "WALKIN", "RAVEN", "DEBT", "STRUCT", "DEVICE",
                                       "CONCEAL", "POSTBID", "LONGGAME", "APPLICANT", "REGAIN"};
    for (size_t i = 0; i < sizeof scen / sizeof scen[0]; i++) {
        bool found = false;
        for (size_t k = 0; k < mh_rulepack_count(p); k++) {
            const mh_rule *r = mh_rulepack_rule(p, k);
            if (r->scenario && strcmp(r->scenario, scen[i]) == 0 && r->query) found = true;
        }
        if (!found) fail_msg("no compiled rule for scenario %s", scen[i]);
    }
    /* Rules whose single match is an innocent habit of many count once a day. */
    assert_true(mh_rulepack_find(p, "CERT-5")->per_day);
    assert_true(mh_rulepack_find(p, "CERT-2")->per_day);
    assert_false(mh_rulepack_find(p, "CERT-1")->per_day);
    /* ... and a habitual cloud uploader's uploads are mitigated as routine. */
    assert_int_equal(mh_rulepack_find(p, "CERT-5")->nroutine, 1);
    assert_string_equal(mh_rulepack_find(p, "CERT-5")->routine[0], "CLOUDUP");
    mh_buf_free(&diag);
    mh_rulepack_free(p);
}

/* "# per:" takes match or day, and nothing else. */
static void test_per_header(void **state)
{
    (void)state;
    static const char head[] = "# id: T-PER\n# title: t\n# guideline: M 40d\n# axis: compromise\n# severity: 0.5\n";
    static const char *const per[] = {"day", "match", "week"};
    for (int i = 0; i < 3; i++) {
        mh_rulepack *p = mh_rulepack_new();
        mh_buf diag;
        mh_buf_init(&diag, 0);
        char text[512];
        int n = snprintf(text, sizeof text, "%s# per: %s\nweb where true\n", head, per[i]);
        size_t nerr = 0;
        mh_err e;
        assert_int_equal(mh_rulepack_add_text(p, "t.eql", text, (size_t)n, &diag, &nerr, &e), MH_OK);
        assert_int_equal(nerr, i == 2 ? 1 : 0);
        if (i == 2) assert_non_null(strstr(diag.data, "per must be match or day"));
        else assert_int_equal(mh_rulepack_find(p, "T-PER")->per_day, i == 0);
        mh_buf_free(&diag);
        mh_rulepack_free(p);
    }
}

/* "# routine:" takes up to four capitalised tags separated by commas. */
static void test_routine_header(void **state)
{
    (void)state;
    static const char head[] = "# id: T-R\n# title: t\n# guideline: M 40d\n# axis: compromise\n# severity: 0.5\n";
    static const struct {
        const char *val;
        size_t n;    /* tags kept, when no error */
        bool error;
    } cases[] = {{"CLOUDUP", 1, false}, {"CLOUDUP, JOBSITE", 2, false}, {"A,B,C,D", 4, false},
                 {"cloudup", 0, true},  {"CLOUD-UP", 0, true},         {"A,B,C,D,E", 0, true}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mh_rulepack *p = mh_rulepack_new();
        mh_buf diag;
        mh_buf_init(&diag, 0);
        char text[512];
        int n = snprintf(text, sizeof text, "%s# routine: %s\nweb where true\n", head, cases[i].val);
        size_t nerr = 0;
        mh_err e;
        assert_int_equal(mh_rulepack_add_text(p, "t.eql", text, (size_t)n, &diag, &nerr, &e), MH_OK);
        assert_int_equal(nerr, cases[i].error ? 1 : 0);
        const mh_rule *r = mh_rulepack_find(p, "T-R");
        if (cases[i].error) assert_non_null(strstr(diag.data, "routine"));
        else assert_int_equal(r->nroutine, cases[i].n);
        if (i == 1) assert_string_equal(r->routine[1], "JOBSITE");
        mh_buf_free(&diag);
        mh_rulepack_free(p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_pack_diagnostics), cmocka_unit_test(test_shipped_pack_compiles),
                                       cmocka_unit_test(test_per_header), cmocka_unit_test(test_routine_header)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
