/* Unit tests for mh_core: errors, arenas, buffers, hashing, UTF-8, dates, amounts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "molehunt/mh_core.h"

static void test_err_format(void **state)
{
    mh_err e;
    mh_err_clear(&e);
    mh_err_set(&e, MH_E_INPUT, "bad %s", "thing");
    mh_err_at(&e, "f.jsonl", 12, 7);
    char out[128];
    mh_err_format(&e, out, sizeof out);
    assert_string_equal(out, "f.jsonl:12:7: bad thing");
    mh_err_at(&e, "", 0, 0);
    mh_err_format(&e, out, sizeof out);
    assert_string_equal(out, "bad thing");
    assert_string_equal(mh_status_name(MH_E_STORE), "store");
}

static void test_arena(void **state)
{
    mh_arena a;
    mh_arena_init(&a, 256);
    char *p = mh_arena_alloc(&a, 10);
    char *q = mh_arena_alloc(&a, 10);
    assert_non_null(p);
    assert_true(((uintptr_t)q & 15) == 0);
    assert_true(q != p);
    char *big = mh_arena_alloc(&a, 10000); /* its own block */
    memset(big, 1, 10000);
    char *s = mh_arena_strndup(&a, "hello world", 5);
    assert_string_equal(s, "hello");
    a.limit = a.used + 32;
    assert_null(mh_arena_alloc(&a, 64));
    a.limit = 0;
    mh_arena_reset(&a);
    assert_int_equal(a.used, 0);
    assert_non_null(mh_arena_zalloc(&a, 100));
    mh_arena_free(&a);
}

static void test_buf(void **state)
{
    mh_buf b;
    mh_buf_init(&b, 8);
    assert_true(mh_buf_puts(&b, "abcd"));
    assert_true(mh_buf_printf(&b, "%d", 123));
    assert_string_equal(b.data, "abcd123");
    assert_false(mh_buf_puts(&b, "toolong")); /* past the ceiling */
    assert_string_equal(b.data, "abcd123");
    mh_buf_free(&b);
}

static void test_utf8(void **state)
{
    size_t at;
    assert_true(mh_utf8_valid("plain ascii text, long enough", 29, NULL));
    assert_true(mh_utf8_valid("王建国 Ванг", strlen("王建国 Ванг"), NULL));
    assert_false(mh_utf8_valid("ab\xC0\x80", 4, &at)); /* overlong */
    assert_int_equal(at, 2);
    assert_false(mh_utf8_valid("\xED\xA0\x80", 3, NULL)); /* surrogate */
    assert_false(mh_utf8_valid("\xF4\x90\x80\x80", 4, NULL)); /* > U+10FFFF */
    assert_false(mh_utf8_valid("\xE4\xB8", 2, NULL)); /* truncated */
}

static void test_time_prefixes(void **state)
{
    mh_time lo, hi;
    char out[40];
    assert_true(mh_time_parse_iso("2011", 4, &lo, &hi, NULL));
    mh_time_format(lo, out, sizeof out);
    assert_string_equal(out, "2011-01-01T00:00:00Z");
    mh_time_format(hi, out, sizeof out);
    assert_string_equal(out, "2011-12-31T23:59:59.999Z");
    assert_true(mh_time_parse_iso("2012-02", 7, &lo, &hi, NULL));
    mh_time_format_date(hi, out, sizeof out);
    assert_string_equal(out, "2012-02-29"); /* leap year */
    assert_true(mh_time_parse_iso("2011-05-14T10:22:00Z", 20, &lo, &hi, NULL));
    assert_int_equal(hi - lo, 999);
    mh_time_format(lo, out, sizeof out);
    assert_string_equal(out, "2011-05-14T10:22:00Z");
    assert_true(mh_time_parse_iso("2011-05-14T12:22:00+02:00", 25, &lo, &hi, NULL));
    mh_time_format(lo, out, sizeof out);
    assert_string_equal(out, "2011-05-14T10:22:00Z");
    assert_true(mh_time_parse_iso("2011-05-14 10:22:00.5", 21, &lo, &hi, NULL));
    assert_int_equal(lo % 1000, 500);
    assert_true(mh_time_parse_iso("1969-12-31T23:59:59Z", 20, &lo, &hi, NULL));
    assert_int_equal(lo, -1000);
    mh_err e;
    mh_err_clear(&e);
    assert_false(mh_time_parse_iso("2011-13", 7, &lo, &hi, &e));
    assert_int_equal(e.code, MH_E_INPUT);
    assert_false(mh_time_parse_iso("2011-02-30", 10, &lo, &hi, NULL));
    assert_false(mh_time_parse_iso("yesterday", 9, &lo, &hi, NULL));
    assert_false(mh_time_parse_iso("2011-05-14T10:22:00Zjunk", 24, &lo, &hi, NULL));
}

static void test_civil_roundtrip(void **state)
{
    for (int64_t z = -800000; z < 800000; z += 997) {
        int64_t y;
        unsigned m, d;
        mh_civil_from_days(z, &y, &m, &d);
        assert_int_equal(mh_days_from_civil(y, m, d), z);
    }
}

static void test_amounts(void **state)
{
    int64_t c;
    assert_true(mh_amount_parse("2480", 4, &c));
    assert_int_equal(c, 248000);
    assert_true(mh_amount_parse("2480.5", 6, &c));
    assert_int_equal(c, 248050);
    assert_true(mh_amount_parse("-12.25", 6, &c));
    assert_int_equal(c, -1225);
    assert_false(mh_amount_parse("12,5", 4, &c));
    assert_false(mh_amount_parse("", 0, &c));
    assert_false(mh_amount_parse("1.", 2, &c));
    assert_false(mh_amount_parse("abc", 3, &c));
}

static void test_hash(void **state)
{
    assert_int_equal(mh_hash64("abc", 3, 1), mh_hash64("abc", 3, 1));
    assert_true(mh_hash64("abc", 3, 1) != mh_hash64("abd", 3, 1));
    assert_true(mh_hash64("abc", 3, 1) != mh_hash64("abc", 3, 2));
    assert_true(mh_str_ieq_ascii(MH_STR_LIT("Process"), MH_STR_LIT("pROCESS")));
}

/* Encoding: each length class, valid by our own validator; hex digits of both cases. */
static void test_utf8_put(void **state)
{
    (void)state;
    static const uint32_t cps[] = {0x41, 0x7F, 0x80, 0x416, 0x7FF, 0x800, 0x738B, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
    static const size_t lens[] = {1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4};
    char o[4];
    for (size_t i = 0; i < MH_ARRAY_LEN(cps); i++) {
        size_t n = mh_utf8_put(o, cps[i]);
        assert_int_equal(n, lens[i]);
        assert_true(mh_utf8_valid(o, n, NULL));
    }
    assert_memory_equal(o, "\xF4\x8F\xBF\xBF", 4);
    assert_int_equal(mh_utf8_put(o, 0x738B), 3);
    assert_memory_equal(o, "\xE7\x8E\x8B", 3); /* 王 */
    assert_int_equal(mh_hex_digit('7'), 7);
    assert_int_equal(mh_hex_digit('b'), 11);
    assert_int_equal(mh_hex_digit('F'), 15);
    assert_int_equal(mh_hex_digit('g'), -1);
}

static void test_interval(void **state)
{
    (void)state;
    char b[40];
    mh_time_format_interval(mh_days_from_civil(2003, 1, 1) * 86400000LL, MH_TIME_NONE, b, sizeof b);
    assert_string_equal(b, "2003-01-01/..");
    mh_time_format_interval(MH_TIME_NONE, mh_days_from_civil(2011, 5, 14) * 86400000LL + 5000, b, sizeof b);
    assert_string_equal(b, "../2011-05-14");
}

static void test_hset(void **state)
{
    (void)state;
    mh_hset s = {0};
    assert_int_equal(mh_hset_add(&s, 42), 1);
    assert_int_equal(mh_hset_add(&s, 42), 0);
    assert_int_equal(mh_hset_add(&s, 0), 1);
    assert_int_equal(mh_hset_add(&s, 1), 0); /* 0 is kept as 1 */
    /* through several growths, every key stays found and none is found twice */
    for (uint64_t k = 2; k < 20000; k++) assert_int_equal(mh_hset_add(&s, k * 0x9E3779B97F4A7C15ull), 1);
    for (uint64_t k = 2; k < 20000; k++) assert_int_equal(mh_hset_add(&s, k * 0x9E3779B97F4A7C15ull), 0);
    assert_int_equal(s.n, 20000 - 2 + 2);
    assert_true(s.cap >= 2 * s.n);
    mh_hset_free(&s);
    assert_null(s.v);
    assert_int_equal(mh_hset_add(&s, 7), 1); /* usable again after free */
    mh_hset_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_err_format), cmocka_unit_test(test_arena),
        cmocka_unit_test(test_buf),        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_time_prefixes), cmocka_unit_test(test_civil_roundtrip),
        cmocka_unit_test(test_amounts),    cmocka_unit_test(test_hash),
        cmocka_unit_test(test_hset),       cmocka_unit_test(test_utf8_put),
        cmocka_unit_test(test_interval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
