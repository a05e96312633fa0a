/* Unit tests for the evaluator: lenient truth dates (CERT, unpadded, ISO, and ones that
 * are not dates), truth rows that must be skipped with their line, and every metric on
 * small rankings whose values were worked out by hand (ties shared at a budget's cut,
 * AUC with half credit for ties, per-scenario recall, time to detection). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "molehunt/mh_eval.h"
#include "molehunt/mh_json.h"
#include "molehunt/mh_store.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static mh_time t_of(const char *s)
{
    mh_time t = 0;
    assert_true(mh_eval_parse_time(s, strlen(s), &t));
    return t;
}

static bool parses(const char *s)
{
    mh_time t;
    return mh_eval_parse_time(s, strlen(s), &t);
}

static void test_dates(void **state)
{
    (void)state;
    /* Epoch values computed independently (Python's datetime, UTC). */
    assert_int_equal(t_of("10/23/2010 01:34:19"), 1287797659000LL);
    assert_int_equal(t_of("8/18/2010 21:47:42"), 1282168062000LL);
    assert_int_equal(t_of("08/18/2010 21:47:42"), t_of("8/18/2010 21:47:42"));
    assert_int_equal(t_of("1/2/2011 3:4:5"), t_of("2011-01-02T03:04:05Z"));
    assert_int_equal(t_of("  1/2/2011 3:04  "), t_of("2011-01-02T03:04:00"));
    assert_int_equal(t_of("1/2/2011"), t_of("2011-01-02"));
    assert_int_equal(t_of("2/29/2012 00:00:00"), t_of("2012-02-29T00:00:00Z"));
    assert_int_equal(t_of("2011-05-14T10:22:00+02:00"), t_of("2011-05-14T08:22:00Z"));
    assert_false(parses("13/01/2010 00:00:00"));
    assert_false(parses("02/30/2010 10:00:00"));
    assert_false(parses("2/29/2011 00:00:00"));
    assert_false(parses("10/23/10 01:34:19"));
    assert_false(parses("10/23/2010 24:00:00"));
    assert_false(parses("10/23/2010 01:60:00"));
    assert_false(parses("10/23/2010 01:34:19x"));
    assert_false(parses("10/23/2010 001:34:19"));
    assert_false(parses("10//2010 01:34:19"));
    assert_false(parses(""));
    assert_false(parses("last tuesday"));
}

static const char truth_text[] =
    "dataset,scenario,details,user,start,end\r\n"
    "4.2,1,r4.2-1-AAM0658.csv,AAM0658,10/23/2010 01:34:19,10/29/2010 05:23:28\r\n"
    "4.2,2,x.csv,BBB0001,8/18/2010 21:47:42,8/20/2010 1:02:03\n"
    "4.2,3,y.csv,CCC0002,31/12/2010 10:00:00,01/01/2011 10:00:00\n"
    "4.2,1,z.csv,DDD0003\n"
    "\n"
    "molehunt-sim,exfil,\"a,b.ids\",p-1,2011-05-01T00:00:00Z,\n"
    "4.2,1,w.csv,,10/23/2010 01:34:19,10/29/2010 05:23:28\n"
    "4.2,1,\"unclosed,EEE,1/1/2011 0:0:0,\n";

static void test_truth_rows(void **state)
{
    (void)state;
    mh_arena a;
    mh_arena_init(&a, 4096);
    mh_eval_truth t;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_eval_truth_parse(truth_text, sizeof truth_text - 1, "insiders.csv", &a, &t, &e), MH_OK);
    assert_int_equal(t.nrows, 3);
    assert_string_equal(t.rows[0].user, "AAM0658");
    assert_int_equal(t.rows[0].start, 1287797659000LL);
    assert_int_equal(t.rows[0].line, 2);
    assert_string_equal(t.rows[1].scenario, "2");
    assert_int_equal(t.rows[1].end, t_of("2010-08-20T01:02:03Z"));
    assert_string_equal(t.rows[2].details, "a,b.ids");
    assert_string_equal(t.rows[2].user, "p-1");
    assert_int_equal(t.rows[2].line, 7);
    assert_true(t.rows[2].end == MH_TIME_NONE);
    assert_int_equal(t.nbad, 4);
    assert_int_equal(t.bad[0].line, 4);
    assert_non_null(strstr(t.bad[0].msg, "31/12/2010 10:00:00"));
    assert_int_equal(t.bad[1].line, 5);
    assert_non_null(strstr(t.bad[1].msg, "4 fields"));
    assert_int_equal(t.bad[2].line, 8);
    assert_non_null(strstr(t.bad[2].msg, "no user"));
    assert_int_equal(t.bad[3].line, 9);
    assert_non_null(strstr(t.bad[3].msg, "quoted"));

    /* A file that is not ground truth at all is refused, with its name. */
    static const char other[] = "id,date,user,pc,activity\n{X},01/02/2010 06:49:00,NGF0157,PC-6056,Logon\n";
    assert_int_not_equal(mh_eval_truth_parse(other, sizeof other - 1, "logon.csv", &a, &t, &e), MH_OK);
    assert_string_equal(e.file, "logon.csv");
    mh_arena_free(&a);
}

/* The ranking of the hand-worked example (docs/eval.md uses the same shape):
 *   a .9, b .8, c .8, d .7, e .5, f .5, g .5, h .2, i 0, j 0
 * insiders b (scenario 1, two rows), f (2), j (1) and x (2, not ranked). */
static mh_eval_person people[] = {
    {"a", 0.9, MH_TIME_NONE}, {"b", 0.8, 0}, {"c", 0.8, MH_TIME_NONE}, {"d", 0.7, MH_TIME_NONE},
    {"e", 0.5, MH_TIME_NONE}, {"f", 0.5, 0}, {"g", 0.5, MH_TIME_NONE}, {"h", 0.2, MH_TIME_NONE},
    {"j", 0.0, MH_TIME_NONE}, {"i", 0.0, MH_TIME_NONE},
};

static const char example_truth[] = "dataset,scenario,details,user,start,end\n"
                                    "t,1,,b,01/10/2011 00:00:00,\n"
                                    "t,2,,f,2/1/2011 12:00:00,\n"
                                    "t,1,,b,1/5/2011 0:00:00,\n"
                                    "t,1,,j,1/5/2011 0:00:00,\n"
                                    "t,2,,x,1/5/2011 0:00:00,\n";

static const mh_eval_at *at_k(const mh_eval_result *r, size_t k)
{
    for (size_t i = 0; i < r->nk; i++)
        if (r->at_k[i].k == k) return &r->at_k[i];
    fail_msg("no budget k=%zu", k);
    return NULL;
}

static void test_metrics(void **state)
{
    (void)state;
    mh_arena a;
    mh_arena_init(&a, 4096);
    mh_eval_truth t;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_eval_truth_parse(example_truth, sizeof example_truth - 1, "t.csv", &a, &t, &e), MH_OK);
    people[1].detected_at = t_of("2011-01-07T00:00:00Z"); /* b: 2 days after its earliest start */
    people[5].detected_at = t_of("2011-01-31T12:00:00Z"); /* f: 1 day before its start */
    mh_eval_ranking r = {people, MH_ARRAY_LEN(people)};
    mh_eval_result res;
    size_t extra[] = {2, 3, 0};
    assert_int_equal(mh_eval_compute(&r, &t, extra, 3, &a, &res, &e), MH_OK);

    assert_int_equal(res.population, 10);
    assert_int_equal(res.insiders, 4);
    assert_int_equal(res.insiders_ranked, 3);
    /* 1 % and 5 % of 10, rounded up: one person (a), no insider. */
    assert_int_equal(res.pct1.k, 1);
    assert_int_equal(res.pct5.k, 1);
    NEAR(res.pct5.recall, 0);
    /* k: 1, 2, 3, 5, 10 (25, 50 and 100 are capped to 10; 0 is ignored). */
    assert_int_equal(res.nk, 5);
    NEAR(at_k(&res, 1)->found, 0);
    NEAR(at_k(&res, 2)->found, 0.5); /* b ties with c across the cut */
    NEAR(at_k(&res, 2)->precision, 0.25);
    NEAR(at_k(&res, 3)->found, 1);
    NEAR(at_k(&res, 5)->found, 1 + 1.0 / 3); /* e, f, g tie; one of three places is inside */
    NEAR(at_k(&res, 5)->recall, (1 + 1.0 / 3) / 4);
    NEAR(at_k(&res, 5)->precision, (1 + 1.0 / 3) / 5);
    NEAR(at_k(&res, 10)->recall, 0.75); /* x is not ranked: missed */
    NEAR(at_k(&res, 10)->precision, 0.3);
    /* AUC: b beats 5 others and ties c (5.5), f beats 2 and ties 2 (3), j ties i (0.5):
     * 9 of 3 x 7 pairs. */
    assert_true(res.auc_defined);
    NEAR(res.auc, 9.0 / 21.0);

    /* Per scenario, in order of appearance: "1" = {b, j}, "2" = {f, x}. */
    assert_int_equal(res.nscen, 2);
    assert_string_equal(res.scen[0].name, "1");
    assert_int_equal(res.scen[0].insiders, 2);
    assert_int_equal(res.scen[0].at_insiders.k, 4);
    NEAR(res.scen[0].at_insiders.recall, 0.5);
    NEAR(res.scen[0].at_5pct.recall, 0);
    assert_string_equal(res.scen[1].name, "2");
    assert_int_equal(res.scen[1].insiders, 2);
    NEAR(res.scen[1].at_insiders.recall, 0);

    /* Insiders: b counted once with its earliest start; ranks count strictly higher scores. */
    assert_int_equal(res.nins, 4);
    assert_string_equal(res.ins[0].person, "b");
    assert_int_equal(res.ins[0].rank, 2);
    assert_int_equal(res.ins[0].start, t_of("2011-01-05"));
    assert_int_equal(res.ins[1].rank, 5);
    assert_int_equal(res.ins[2].rank, 9);
    assert_false(res.ins[3].ranked);
    /* Time to detection: +2 and -1 days; j and x undetected. */
    assert_int_equal(res.detected, 2);
    NEAR(res.ttd_median_days, 0.5);
    NEAR(res.ttd_worst_days, 2);

    /* The JSON report is valid JSON carrying the same numbers. */
    mh_buf b;
    mh_buf_init(&b, 0);
    assert_true(mh_eval_write_json(&b, &res, &t));
    mh_jv root;
    assert_true(mh_json_parse(b.data, b.len, &a, &root, &e));
    const mh_jv *auc = mh_json_get(&root, "roc_auc");
    assert_non_null(auc);
    NEAR(auc->u.num.d, 9.0 / 21.0);
    const mh_jv *un = mh_json_get(&root, "insiders_unranked");
    assert_true(un && un->type == MH_JARR && un->len == 1);
    assert_true(mh_str_eq_c(mh_json_str(&un->u.items[0]), "x"));
    mh_buf_free(&b);
    mh_arena_free(&a);
}

static void test_all_tied(void **state)
{
    (void)state;
    /* Everyone scores 0: AUC is exactly chance and recall at k is k / N. */
    mh_eval_person flat[] = {{"p1", 0, MH_TIME_NONE}, {"p2", 0, MH_TIME_NONE}, {"p3", 0, MH_TIME_NONE}, {"p4", 0, MH_TIME_NONE}};
    static const char tt[] = "dataset,scenario,details,user,start,end\nx,s,,p3,2011-01-01,\n";
    mh_arena a;
    mh_arena_init(&a, 4096);
    mh_eval_truth t;
    mh_eval_result res;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_eval_truth_parse(tt, sizeof tt - 1, "t", &a, &t, &e), MH_OK);
    mh_eval_ranking r = {flat, 4};
    assert_int_equal(mh_eval_compute(&r, &t, NULL, 0, &a, &res, &e), MH_OK);
    NEAR(res.auc, 0.5);
    NEAR(at_k(&res, 1)->recall, 0.25);
    assert_int_equal(res.ins[0].rank, 1);
    assert_int_equal(res.detected, 0);

    /* A perfect ranking: AUC 1, the insider found at k = 1. */
    flat[2].score = 1;
    assert_int_equal(mh_eval_compute(&r, &t, NULL, 0, &a, &res, &e), MH_OK);
    NEAR(res.auc, 1);
    NEAR(at_k(&res, 1)->recall, 1);

    /* Every ranked person an insider: AUC undefined. Nothing ranked: an error. */
    mh_eval_ranking one = {&flat[2], 1};
    assert_int_equal(mh_eval_compute(&one, &t, NULL, 0, &a, &res, &e), MH_OK);
    assert_false(res.auc_defined);
    mh_eval_ranking none = {flat, 0};
    assert_int_equal(mh_eval_compute(&none, &t, NULL, 0, &a, &res, &e), MH_E_NOTFOUND);
    mh_arena_free(&a);
}

static void test_budgets_round_up(void **state)
{
    (void)state;
    /* 250 people, insider at position 3 (score order): 1 % = 3 people, 5 % = 13. */
    enum { N = 250 };
    static mh_eval_person many[N];
    static char ids[N][8];
    for (int i = 0; i < N; i++) {
        snprintf(ids[i], sizeof ids[i], "q%03d", i);
        many[i] = (mh_eval_person){ids[i], 1.0 - i / 1000.0, MH_TIME_NONE};
    }
    static const char tt[] = "dataset,scenario,details,user,start,end\nx,s,,q002,2011-01-01,\nx,s,,q010,2011-01-01,\n";
    mh_arena a;
    mh_arena_init(&a, 4096);
    mh_eval_truth t;
    mh_eval_result res;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_eval_truth_parse(tt, sizeof tt - 1, "t", &a, &t, &e), MH_OK);
    mh_eval_ranking r = {many, N};
    assert_int_equal(mh_eval_compute(&r, &t, NULL, 0, &a, &res, &e), MH_OK);
    assert_int_equal(res.pct1.k, 3);
    NEAR(res.pct1.recall, 0.5);
    assert_int_equal(res.pct5.k, 13);
    NEAR(res.pct5.recall, 1);
    NEAR(at_k(&res, 10)->recall, 0.5);
    NEAR(at_k(&res, 25)->recall, 1);
    /* AUC: q002 scores above 246 of the 248 others (q010 is below it but an insider),
     * q010 above 239. */
    NEAR(res.auc, (246.0 + 239.0) / (2 * 248.0));
    mh_arena_free(&a);
}

/* The CERT protocol reviews user-days by their alerts and, among days with the same
 * alerts, by their behaviour scores: 30 users active on one day, one alert (u03), the
 * insider u07 with no alert but a day score of 0.3. At a budget of 25 a tie among the 29
 * alert-free days would give u07 24/29 of a find; ordered, it is second. The
 * top-1 %-in-7-days rank stays the alerts' alone. */
static void test_cert_day_scores_order(void **state)
{
    (void)state;
    char dir[] = "/tmp/mh-eval-cert-XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.db", dir);
    mh_store *s;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_store_open(path, &s, &e), MH_OK);
    mh_time day = t_of("2010-01-05T10:00:00Z");
    for (int u = 0; u < 30; u++) {
        char json[256], eid[16], user[8];
        snprintf(user, sizeof user, "u%02d", u);
        snprintf(eid, sizeof eid, "e%02d", u);
        int n = snprintf(json, sizeof json,
                         "{\"@timestamp\":\"2010-01-05T10:00:00Z\",\"event\":{\"category\":\"web\",\"id\":\"%s\"},"
                         "\"user\":{\"id\":\"%s\"}}",
                         eid, user);
        mh_event_rec ev = {eid, day, "web", user, json, (size_t)n};
        mh_put_result r;
        assert_int_equal(mh_store_event_put(s, &ev, 0, &r, &e), MH_OK);
    }
    mh_alert_rec al = {.person = "u03", .rule = "R", .ts = day, .first_ts = day, .severity = 0.8, .body = "{}"};
    assert_int_equal(mh_store_alert_put(s, &al, &e), MH_OK);
    int32_t d = (int32_t)(day / 86400000);
    assert_int_equal(mh_store_day_score_put(s, "u03", d, 0.6, &e), MH_OK);
    assert_int_equal(mh_store_day_score_put(s, "u07", d, 0.1, &e), MH_OK);
    assert_int_equal(mh_store_day_score_put(s, "u07", d, 0.3, &e), MH_OK); /* the higher is kept */
    assert_int_equal(mh_store_day_score_put(s, "u11", d, 0.2, &e), MH_OK);
    snprintf(path, sizeof path, "%s/r-2", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/insiders.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("dataset,scenario,details,user,start,end\nx,CERT2,r-2/u07.csv,u07,01/05/2010 10:00:00,01/05/2010 10:00:00\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/r-2/u07.csv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("http,{X},01/05/2010 10:00:00,u07,PC-1,http://jobs.example\n", f);
    fclose(f);

    mh_arena a;
    mh_arena_init(&a, 4096);
    mh_eval_cert_result r;
    assert_int_equal(mh_eval_cert(s, dir, INT32_MIN, &a, &r, &e), MH_OK);
    assert_int_equal(r.users, 30);
    assert_int_equal(r.user_days_test, 30);
    assert_int_equal(r.malicious_test, 1);
    NEAR(r.cr[0], 1.0); /* budget 25: found, not 24/29 of a find */
    /* 5 % of 29 normal days allows one: u03's alert; u07 comes next, u11 would be a second */
    assert_true(r.at[5].dr == 1.0);
    assert_true(r.at[2].dr == 0.0); /* 0.78 %: not even u03's day fits */
    assert_int_equal(r.nins, 1);
    assert_int_equal(r.ins[0].rank7, 2); /* below u03; the day score does not make it a lead */
    assert_false(r.ins[0].top1pct7);
    /* Cleared, the order is gone: a tie again. */
    assert_int_equal(mh_store_day_scores_clear(s, NULL, &e), MH_OK);
    assert_int_equal(mh_eval_cert(s, dir, INT32_MIN, &a, &r, &e), MH_OK);
    NEAR(r.cr[0], 24.0 / 29.0);
    mh_arena_free(&a);
    mh_store_close(s);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),        cmocka_unit_test(test_truth_rows), cmocka_unit_test(test_metrics),
        cmocka_unit_test(test_all_tied),     cmocka_unit_test(test_budgets_round_up),
        cmocka_unit_test(test_cert_day_scores_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
