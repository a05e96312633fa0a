/* Unit tests for the risk model: noisy-OR across rules, diminishing repeats, decay,
 * mitigation, axes and guidelines, and detected_at as the first crossing in time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "molehunt/mh_score.h"

#define DAY 86400000LL

static mh_score_opts opts(void)
{
    mh_score_opts o;
    mh_score_opts_default(&o);
    o.half_life_days = 1e12; /* no decay unless a test asks */
    return o;
}

static mh_score_input in(const char *rule, mh_axis axis, const char *g, double sev, double mit, mh_time ts)
{
    const char *gl[] = {g};
    return (mh_score_input){rule, axis, mh_score_guideline_bits(gl, 1), sev, mit, ts};
}

static void test_noisy_or_distinct_rules(void **state)
{
    mh_score_opts o = opts();
    mh_score_input a[] = {in("R1", MH_AXIS_MONEY, "B 7h", 0.5, 0, 10 * DAY), in("R2", MH_AXIS_COMPROMISE, "E 16a", 0.4, 0, 20 * DAY)};
    mh_person_score s;
    mh_score_person(a, 2, &o, &s);
    assert_true(fabs(s.score - (1 - 0.5 * 0.6)) < 1e-9);
    assert_true(fabs(s.axes[MH_AXIS_MONEY] - 0.5) < 1e-9);
    assert_true(fabs(s.axes[MH_AXIS_COMPROMISE] - 0.4) < 1e-9);
    assert_true(fabs(s.guidelines['B' - 'A'] - 0.5) < 1e-9);
    assert_true(fabs(s.guidelines['E' - 'A'] - 0.4) < 1e-9);
    assert_true(s.guidelines['F' - 'A'] == 0);
    assert_int_equal(s.nindicators, 2);
}

static void test_repeats_diminish(void **state)
{
    mh_score_opts o = opts();
    mh_score_input a[] = {in("R1", MH_AXIS_MONEY, "B", 0.4, 0, 1 * DAY), in("R1", MH_AXIS_MONEY, "B", 0.4, 0, 2 * DAY),
                          in("R1", MH_AXIS_MONEY, "B", 0.4, 0, 3 * DAY)};
    mh_person_score s;
    mh_score_person(a, 3, &o, &s);
    double want = 1 - (1 - 0.4) * (1 - 0.2) * (1 - 0.1);
    assert_true(fabs(s.score - want) < 1e-9);
    /* Three repeats weigh less than three different indicators. */
    mh_score_input b[] = {in("R1", MH_AXIS_MONEY, "B", 0.4, 0, 1 * DAY), in("R2", MH_AXIS_MONEY, "B", 0.4, 0, 2 * DAY),
                          in("R3", MH_AXIS_MONEY, "B", 0.4, 0, 3 * DAY)};
    mh_person_score t;
    mh_score_person(b, 3, &o, &t);
    assert_true(t.score > s.score);
    assert_int_equal(s.nindicators, 1);
    assert_int_equal(t.nindicators, 3);
}

static void test_mitigation_and_decay(void **state)
{
    mh_score_opts o = opts();
    mh_score_input a[] = {in("R1", MH_AXIS_MONEY, "B", 0.6, 1.0, 1 * DAY)};
    mh_person_score s;
    mh_score_person(a, 1, &o, &s);
    assert_true(s.score == 0); /* cleared by a timely disclosure */
    assert_int_equal(s.nindicators, 0);
    mh_score_input b[] = {in("R1", MH_AXIS_MONEY, "B", 0.6, 0.5, 1 * DAY)};
    mh_score_person(b, 1, &o, &s);
    assert_true(fabs(s.score - 0.3) < 1e-9);
    o.half_life_days = 100;
    o.as_of = 101 * DAY;
    mh_score_input c[] = {in("R1", MH_AXIS_MONEY, "B", 0.6, 0, 1 * DAY)};
    mh_score_person(c, 1, &o, &s);
    assert_true(fabs(s.score - 0.3) < 1e-9); /* one half-life later */
}

static void test_detected_at_first_crossing(void **state)
{
    mh_score_opts o = opts();
    o.threshold = 0.5;
    mh_score_input a[] = {in("R3", MH_AXIS_EGO, "E", 0.3, 0, 300 * DAY), in("R1", MH_AXIS_MONEY, "B", 0.3, 0, 100 * DAY),
                          in("R2", MH_AXIS_MONEY, "F", 0.3, 0, 200 * DAY)};
    mh_person_score s;
    mh_score_person(a, 3, &o, &s);
    /* 0.3, then 0.51 at day 200: that is when a reviewer could first have known. */
    assert_int_equal(s.detected_at, 200 * DAY);
    mh_score_input b[] = {in("R1", MH_AXIS_MONEY, "B", 0.3, 0, 100 * DAY)};
    mh_score_person(b, 1, &o, &s);
    assert_true(s.detected_at == MH_TIME_NONE);
}

static void test_guideline_text(void **state)
{
    assert_non_null(mh_score_paragraph_text("B 7h"));
    assert_null(mh_score_paragraph_text("Z 1"));
    assert_string_equal(mh_score_guideline_name('F'), "Financial Considerations");
    const char *g[] = {"B 7c", "F 19g", "bogus"};
    assert_int_equal(mh_score_guideline_bits(g, 3), (1u << 1) | (1u << 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_noisy_or_distinct_rules), cmocka_unit_test(test_repeats_diminish),
        cmocka_unit_test(test_mitigation_and_decay),    cmocka_unit_test(test_detected_at_first_crossing),
        cmocka_unit_test(test_guideline_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
