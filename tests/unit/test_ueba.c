/* Unit tests for the behaviour analytics: site categories, the robust z-score model on
 * hand-made user-days (a never-seen thumb drive stands out, a habitual one does not, and
 * nothing is scored against the future), the isolation forest (an outlier isolated,
 * the same seed giving the same scores), a thumb drive's connects and copies, and the
 * layoff context (counted from the team's departures; it amplifies data moving out and
 * never raises anyone alone). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_ueba.h"

static void test_sites(void **state)
{
    (void)state;
    assert_int_equal(mh_ueba_site_of(mh_str_c("wikileaks.org")), MH_SITE_LEAK);
    assert_int_equal(mh_ueba_site_of(mh_str_c("www.monster.com")), MH_SITE_JOB);
    assert_int_equal(mh_ueba_site_of(mh_str_c("dropbox.com")), MH_SITE_CLOUD);
    assert_int_equal(mh_ueba_site_of(mh_str_c("keyloggerpro.com")), MH_SITE_HACK);
    assert_int_equal(mh_ueba_site_of(mh_str_c("notmonster.com")), MH_SITE_OTHER);
    assert_int_equal(mh_ueba_site_of(mh_str_c("cnn.com")), MH_SITE_OTHER);
}

/* NU users in one peer group over ND days from day 14000, no features yet: day-major,
 * so d[i] is user i % NU on day 14000 + i / NU. */
static mh_ueba_day *grid(size_t nu, size_t nd)
{
    mh_ueba_day *d = calloc(nu * nd, sizeof *d);
    assert_non_null(d);
    for (size_t i = 0; i < nu * nd; i++) {
        d[i].user = (uint32_t)(i % nu);
        d[i].day = 14000 + (int32_t)(i / nu);
    }
    return d;
}

/* Scores with the default options, without the forest (its randomness is tested apart). */
static void score_all(mh_ueba_day *d, size_t n, size_t nu)
{
    uint32_t peer[16] = {0};
    assert_true(nu <= 16);
    mh_ueba_opts o;
    mh_ueba_opts_default(&o);
    o.trees = 0;
    mh_err e;
    assert_int_equal(mh_ueba_score(d, n, peer, nu, &o, &e), MH_OK);
}

/* Two users in one peer group over 40 days: user 0 copies 3-5 files to USB every day,
 * user 1 never does until day 30, when it copies 5. */
static void test_score(void **state)
{
    (void)state;
    size_t n = 80;
    mh_ueba_day *d = grid(2, 40);
    for (size_t i = 0; i < n; i++)
        if (d[i].user == 0) d[i].f[MH_UF_USB_FILES] = (float)(3 + i % 3);
    d[61].f[MH_UF_USB_FILES] = 5; /* user 1, day 30 */
    score_all(d, n, 2);
    float spike = -1, habit_max = 0, before = 0;
    for (size_t i = 0; i < n; i++) {
        if (d[i].user == 1 && d[i].day == 14030) spike = d[i].score;
        else if (d[i].user == 0 && d[i].day > 14015) habit_max = MH_MAX(habit_max, d[i].score);
        else if (d[i].user == 1) before = MH_MAX(before, d[i].score);
    }
    assert_true(spike > 0.3f);
    assert_true(habit_max < 0.1f);
    assert_true(before == 0);
    free(d);
}

/* Onset: in one peer group of ten, user 0 visits job sites on every day; users 1-9 never
 * do, until user 1 starts on day 40 and keeps on. User 1's fifth day must stand out where
 * one visit (volume z) would not, and far above user 0's habit on the same day. */
static void test_onset(void **state)
{
    (void)state;
    size_t nu = 10, nd = 50, n = nu * nd;
    mh_ueba_day *d = grid(nu, nd);
    for (size_t i = 0; i < n; i++) {
        int k = d[i].day - 14000;
        if (d[i].user == 0 || (d[i].user == 1 && k >= 40)) d[i].f[MH_UF_WEB_JOB] = 1;
    }
    score_all(d, n, nu);
    float first = -1, fifth = -1, habit = -1;
    for (size_t i = 0; i < n; i++) {
        if (d[i].user == 1 && d[i].day == 14040) first = d[i].z[MH_UF_WEB_JOB];
        if (d[i].user == 1 && d[i].day == 14044) fifth = d[i].z[MH_UF_WEB_JOB];
        if (d[i].user == 0 && d[i].day == 14044) habit = d[i].z[MH_UF_WEB_JOB];
    }
    assert_true(first > 0);
    assert_true(fifth > first);  /* repeated days corroborate */
    assert_true(fifth > 3.0f);   /* more than one visit's volume z (2) */
    assert_true(habit < 0.5f);   /* the habit is nobody's onset */
    free(d);
}

/* A user on the first days of their history (a joiner, or the start of the data) who
 * copies to USB daily, unlike every peer, is judged only in part at first, and once a few
 * days of their own show the habit, not at all. */
static void test_confidence(void **state)
{
    (void)state;
    size_t nu = 10, nd = 30, n = nu * nd;
    mh_ueba_day *d = grid(nu, nd);
    for (size_t i = 0; i < n; i++) {
        /* user 9 joins on day 20 and copies 4 files a day, like nobody else */
        if (d[i].user == 9 && d[i].day >= 14020) d[i].f[MH_UF_USB_FILES] = 4;
        if (d[i].user == 9 && d[i].day < 14020) d[i].day += 1000; /* not there yet: moved out of the window */
    }
    score_all(d, n, nu);
    float day0 = -1, day1 = -1, day5 = -1;
    for (size_t i = 0; i < n; i++) {
        if (d[i].user == 9 && d[i].day == 14020) day0 = d[i].z[MH_UF_USB_FILES];
        if (d[i].user == 9 && d[i].day == 14021) day1 = d[i].z[MH_UF_USB_FILES];
        if (d[i].user == 9 && d[i].day == 14025) day5 = d[i].z[MH_UF_USB_FILES];
    }
    assert_true(day0 == 0);                /* no days of their own yet */
    assert_true(day1 > 0 && day1 < 1.0f);  /* one day: a tenth of the peer deviation */
    assert_true(day5 == 0);                /* their own days show the habit */
    free(d);
}

/* Connects and copies of one thumb-drive session are two features, and both count: kept
 * so after measuring the alternative (docs/cert.md, "USB counted twice"): within the z cap,
 * their agreement is what tells a thumb-drive spike from a busy day. A day where both stand
 * out scores above one where only the copies do. */
static void test_usb_both(void **state)
{
    (void)state;
    size_t nu = 4, nd = 31, n = nu * nd;
    mh_ueba_day *d = grid(nu, nd);
    for (size_t i = 0; i < n; i++) {
        if (d[i].user == 1 && d[i].day == 14030) d[i].f[MH_UF_USB_CONNECT] = 5, d[i].f[MH_UF_USB_FILES] = 5;
        if (d[i].user == 2 && d[i].day == 14030) d[i].f[MH_UF_USB_FILES] = 5;
    }
    score_all(d, n, nu);
    float both = -1, files = -1;
    for (size_t i = 0; i < n; i++) {
        if (d[i].day != 14030) continue;
        if (d[i].user == 1) both = d[i].zscore;
        if (d[i].user == 2) files = d[i].zscore;
    }
    assert_true(files > 0.4f);
    assert_true(both > files + 0.1f);
    free(d);
}

/* The team's departures in the window: a laid-off team (5 of the other 9 left, known on
 * days 92-100), one ordinary leaver, leavers from before the window, the member's own
 * departure (never their colleagues' layoff), and two leavers of a team of twelve, which
 * turnover at the organisation's rate explains. */
static void test_layoff_count(void **state)
{
    (void)state;
    mh_ueba_member m[13];
    for (int i = 0; i < 13; i++) m[i] = (mh_ueba_member){0, INT32_MAX};
    for (int i = 1; i <= 5; i++) m[i].left = 90 + 2 * i;
    uint32_t left, of;
    double rate = 0.02; /* about 12 % a year, over 60 days */
    assert_float_equal(mh_ueba_count_leavers(m, 10, 0, 100, rate, &left, &of), 5.0 / 9, 1e-9);
    assert_int_equal(left, 5);
    assert_int_equal(of, 9);
    assert_true(mh_ueba_count_leavers(m, 10, 0, 91, rate, &left, &of) == 0); /* none known yet */
    assert_true(mh_ueba_count_leavers(m, 10, 0, 93, rate, &left, &of) == 0); /* one leaver is turnover */
    assert_int_equal(left, 1);
    assert_true(mh_ueba_count_leavers(m, 10, 0, 100 + MH_UEBA_LAYOFF_DAYS + 1, rate, &left, &of) == 0); /* long ago */
    assert_int_equal(left, 0);
    assert_int_equal(of, 4); /* the leavers are no longer colleagues */
    /* member 1 is one of the leavers: only the other four count */
    assert_float_equal(mh_ueba_count_leavers(m, 10, 1, 100, rate, &left, &of), 4.0 / 9, 1e-9);
    /* five of nine is no layoff where half the organisation left too */
    assert_true(mh_ueba_count_leavers(m, 10, 0, 100, 0.5, &left, &of) == 0);
    /* two of twelve: P = 0.023 at rate 0.02, turnover; at rate 0.005, a layoff */
    for (int i = 3; i <= 5; i++) m[i].left = INT32_MAX;
    assert_true(mh_ueba_count_leavers(m, 13, 0, 100, rate, &left, &of) == 0);
    assert_int_equal(left, 2);
    assert_int_equal(of, 12);
    assert_float_equal(mh_ueba_count_leavers(m, 13, 0, 100, 0.005, &left, &of), 2.0 / 12, 1e-9);
    /* a joiner after the day is no colleague yet */
    m[12].start = 101;
    mh_ueba_count_leavers(m, 13, 0, 100, rate, &left, &of);
    assert_int_equal(of, 11);
}

/* The layoff context amplifies data moving out and nothing else: the same user-days score
 * exactly the same with and without it when the member of a laid-off team does nothing
 * unusual (after-hours habit, job-site visits like peers), and only a first cloud upload
 * scores higher with it. */
static void score_team(mh_ueba_day *d, size_t n, float layoff)
{
    for (size_t i = 0; i < n; i++) {
        d[i].user = (uint32_t)(i % 10);
        d[i].day = 14000 + (int32_t)(i / 10);
        memset(d[i].f, 0, sizeof d[i].f);
        int k = d[i].day - 14000;
        d[i].f[MH_UF_AFTER_HOURS] = (float)(d[i].user % 3 == 0 ? 1 + k % 2 : 0);
        d[i].f[MH_UF_WEB_JOB] = (float)(d[i].user % 4 == 1 && k % 5 == 0);
        d[i].f[MH_UF_USB_CONNECT] = (float)(d[i].user == 3 && k >= 35); /* a new drive, no copies */
        if (d[i].user == 1 && k == 40) d[i].f[MH_UF_WEB_CLOUD_UP] = 3;
        /* users 1-5 are in the laid-off team from day 30 on */
        d[i].layoff = d[i].user >= 1 && d[i].user <= 5 && k >= 30 ? layoff : 0;
    }
    score_all(d, n, 10);
}

static void test_layoff_context(void **state)
{
    (void)state;
    size_t n = 10 * 45;
    mh_ueba_day *a = calloc(n, sizeof *a), *b = calloc(n, sizeof *b);
    score_team(a, n, 0);
    score_team(b, n, 0.6f);
    mh_ueba_opts o;
    mh_ueba_opts_default(&o);
    float up0 = -1, up1 = -1;
    for (size_t i = 0; i < n; i++) {
        assert_true(a[i].user == b[i].user && a[i].day == b[i].day);
        if (a[i].user == 1 && a[i].day == 14040) {
            up0 = a[i].zscore, up1 = b[i].zscore;
            continue;
        }
        assert_true(a[i].zscore == b[i].zscore); /* nothing moved out: the context adds nothing */
        if (b[i].layoff > 0) assert_true(b[i].zscore < o.alert_min);
    }
    assert_true(up0 > 0);
    assert_true(up1 > up0 + 0.05f);
    free(a);
    free(b);
}

static void test_forest(void **state)
{
    (void)state;
    size_t n = 500, dim = 3;
    float *x = malloc(n * dim * sizeof *x);
    uint64_t s = 7;
    for (size_t i = 0; i < n * dim; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        x[i] = (float)((s >> 33) % 1000) / 1000.0f;
    }
    float out[3] = {9, 9, 9};
    mh_ueba_forest *f, *g;
    mh_err e;
    assert_int_equal(mh_ueba_forest_fit(x, n, dim, 100, 256, 42, &f, &e), MH_OK);
    assert_int_equal(mh_ueba_forest_fit(x, n, dim, 100, 256, 42, &g, &e), MH_OK);
    double so = mh_ueba_forest_score(f, out), si = mh_ueba_forest_score(f, x);
    assert_true(so > 0.6);
    assert_true(so > si + 0.1);
    assert_true(mh_ueba_forest_score(g, out) == so);
    mh_ueba_forest_free(f);
    mh_ueba_forest_free(g);
    assert_int_not_equal(mh_ueba_forest_fit(x, 0, dim, 100, 256, 42, &f, &e), MH_OK);
    free(x);
}

/* Routine: the share of a person's active days before the alert's day that show the
 * behaviour, from the tenth such day on, capped; accounts of one person count as one
 * person's days; later days never count. */
static void test_routine(void **state)
{
    (void)state;
    /* P holds two accounts (users 0 and 1), Q one (user 2), user 3 has no owner. */
    const char *person[] = {"P", "P", "Q", NULL}, *user[] = {"p1", "p2", "q", "x"};
    mh_ueba_day days[64];
    size_t n = 0;
    const int32_t d0 = 14610; /* 2010-01-01 */
    for (int k = 0; k < 20; k++) { /* P: 20 days, cloud uploads on the even ones (on the second account) */
        days[n] = (mh_ueba_day){.user = 0, .day = d0 + k};
        days[n++].f[MH_UF_AFTER_HOURS] = 1;
        if (k % 2 == 0) {
            days[n] = (mh_ueba_day){.user = 1, .day = d0 + k};
            days[n++].f[MH_UF_WEB_CLOUD_UP] = 3;
        }
    }
    for (int k = 0; k < 9; k++) { /* Q: 9 days, an upload on each */
        days[n] = (mh_ueba_day){.user = 2, .day = d0 + k};
        days[n++].f[MH_UF_WEB_CLOUD_UP] = 1;
    }
    days[n++] = (mh_ueba_day){.user = 3, .day = d0};
    mh_ueba_set set = {.days = days, .n = n, .person = person, .user = user, .nusers = 4};
    mh_ueba_routine *r;
    mh_err e;
    assert_int_equal(mh_ueba_routine_build(&set, &r, &e), MH_OK);
    const char *cloud[] = {"CLOUDUP"}, *both[] = {"CLOUDUP", "AFTERHOURS"}, *bad[] = {"NOPE"};
    char why[256];
    mh_time day = 86400000;
    /* before day 20: 10 of 20 days, both accounts' days merged (not 30 days) */
    assert_float_equal(mh_ueba_routine_share(r, "P", (d0 + 20) * day + 5, cloud, 1, why, sizeof why), 0.5, 1e-9);
    assert_non_null(strstr(why, "uploads to cloud storage on 10 of their 20 active days before 2010-01-21"));
    assert_float_equal(mh_ueba_routine_share(r, "P", (d0 + 20) * day, both, 2, why, sizeof why), 0.5, 1e-9);
    /* before day 12: 6 of 12; the day itself and later never count */
    assert_float_equal(mh_ueba_routine_share(r, "P", (d0 + 12) * day + 3600000, cloud, 1, NULL, 0), 0.5, 1e-9);
    /* before day 9: too few days to call anything a habit */
    assert_float_equal(mh_ueba_routine_share(r, "P", (d0 + 9) * day, cloud, 1, why, sizeof why), 0, 0);
    assert_string_equal(why, "");
    /* Q uploads every day but has only 9 */
    assert_float_equal(mh_ueba_routine_share(r, "Q", (d0 + 30) * day, cloud, 1, NULL, 0), 0, 0);
    /* the cap; unknown people and features */
    for (int k = 0; k < 20; k++) days[k] = (mh_ueba_day){.user = 2, .day = d0 + 100 + k, .f[MH_UF_WEB_CLOUD_UP] = 1};
    mh_ueba_routine *r2;
    assert_int_equal(mh_ueba_routine_build(&set, &r2, &e), MH_OK);
    assert_float_equal(mh_ueba_routine_share(r2, "Q", (d0 + 200) * day, cloud, 1, NULL, 0), MH_UEBA_ROUTINE_CAP, 1e-9);
    assert_float_equal(mh_ueba_routine_share(r2, "nobody", (d0 + 200) * day, cloud, 1, NULL, 0), 0, 0);
    assert_float_equal(mh_ueba_routine_share(r2, "Q", (d0 + 200) * day, bad, 1, NULL, 0), 0, 0);
    assert_int_equal(mh_ueba_feature_find("CLOUDUP", 7), MH_UF_WEB_CLOUD_UP);
    assert_int_equal(mh_ueba_feature_find("CLOUD", 5), -1);
    mh_ueba_routine_free(r);
    mh_ueba_routine_free(r2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_routine), cmocka_unit_test(test_sites), cmocka_unit_test(test_score),
                                       cmocka_unit_test(test_onset), cmocka_unit_test(test_confidence),
                                       cmocka_unit_test(test_forest), cmocka_unit_test(test_usb_both),
                                       cmocka_unit_test(test_layoff_count), cmocka_unit_test(test_layoff_context)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
