/* Unit tests for mh_json, driven by a table of inputs: what must parse (and how it
 * writes back) and what must be refused (and at which column). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "molehunt/mh_json.h"

static const struct { const char *in, *out; } good[] = {
    {"{}", "{}"},
    {" [1, 2.5, -3e2, true, false, null] ", "[1,2.5,-3e2,true,false,null]"},
    {"{\"a\":{\"b\":[\"x\",{\"c\":\"\\u00e9\\n\"}]}}", "{\"a\":{\"b\":[\"x\",{\"c\":\"\xc3\xa9\\n\"}]}}"},
    {"\"\\ud83d\\ude00\"", "\"\xf0\x9f\x98\x80\""},
    {"\"\\\"q\\\" \\\\ \\/\"", "\"\\\"q\\\" \\\\ /\""},
    {"\"\xe7\x8e\x8b\xe5\xbb\xba\xe5\x9b\xbd\"", "\"\xe7\x8e\x8b\xe5\xbb\xba\xe5\x9b\xbd\""},
    {"0", "0"},
    {"-0.0", "-0.0"},
    {"123456789012345678901234", "123456789012345678901234"},
};

static const struct { const char *in; long col; } bad[] = {
    {"", 1},
    {"{", 2},
    {"{\"a\" 1}", 6},
    {"[1,]", 4},
    {"{\"a\":1,}", 8},
    {"[01]", 3},
    {"\"abc", 5},
    {"\"a\x01\"", 3},
    {"\"\\x\"", 3},
    {"\"\\ud800\"", 2},
    {"\"\xc0\xaf\"", 2},
    {"{\"k\":\"ab\xff\"}", 9},
    {"nul", 1},
    {"1 2", 3},
    {"[1.]", 4},
    {"{1:2}", 2},
};

static void test_good(void **state)
{
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        mh_arena a;
        mh_arena_init(&a, 1024);
        mh_jv v;
        mh_err e;
        assert_true(mh_json_parse(good[i].in, strlen(good[i].in), &a, &v, &e));
        mh_buf b;
        mh_buf_init(&b, 0);
        assert_true(mh_json_write(&b, &v));
        assert_string_equal(b.data, good[i].out);
        mh_buf_free(&b);
        mh_arena_free(&a);
    }
}

static void test_bad(void **state)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mh_arena a;
        mh_arena_init(&a, 1024);
        mh_jv v;
        mh_err e;
        bool ok = mh_json_parse(bad[i].in, strlen(bad[i].in), &a, &v, &e);
        if (ok) fail_msg("accepted bad input #%zu: %s", i, bad[i].in);
        assert_int_equal(e.code, MH_E_INPUT);
        if (e.col != bad[i].col) fail_msg("input #%zu (%s): column %ld, expected %ld (%s)", i, bad[i].in, e.col, bad[i].col, e.msg);
        mh_arena_free(&a);
    }
}

/* Only strings with a byte >= 0x80 are checked for UTF-8 (the check is a second pass);
 * a bad byte right after a backslash must still be reported as bad UTF-8. */
static void test_bad_utf8_named(void **state)
{
    const char *in[] = {"\"ab\xff\"", "\"\\\xff\"", "[\"ok\", \"\xe2\x82\"]"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        mh_arena a;
        mh_arena_init(&a, 1024);
        mh_jv v;
        mh_err e;
        assert_false(mh_json_parse(in[i], strlen(in[i]), &a, &v, &e));
        if (!strstr(e.msg, "invalid UTF-8")) fail_msg("input #%zu: %s", i, e.msg);
        mh_arena_free(&a);
    }
}

static void test_depth_limit(void **state)
{
    char deep[600];
    memset(deep, '[', 300);
    memset(deep + 300, ']', 300);
    mh_arena a;
    mh_arena_init(&a, 1024);
    mh_jv v;
    mh_err e;
    assert_false(mh_json_parse(deep, 600, &a, &v, &e));
    assert_non_null(strstr(e.msg, "deep"));
    mh_arena_free(&a);
}

static void test_paths(void **state)
{
    const char *doc = "{\"event\":{\"category\":\"file\",\"id\":7},\"user.id\":\"u1\",\"a\":{\"b.c\":{\"d\":1}},\"@timestamp\":\"x\"}";
    mh_arena a;
    mh_arena_init(&a, 1024);
    mh_jv v;
    assert_true(mh_json_parse(doc, strlen(doc), &a, &v, NULL));
    const mh_jv *c = mh_json_get_path(&v, "event.category", 14);
    assert_non_null(c);
    assert_true(mh_str_eq_c(mh_json_str(c), "file"));
    assert_true(mh_str_eq_c(mh_json_str(mh_json_get_path(&v, "user.id", 7)), "u1"));
    const mh_jv *d = mh_json_get_path(&v, "a.b.c.d", 7);
    assert_non_null(d);
    assert_true(d->is_int && d->u.num.i == 1);
    assert_null(mh_json_get_path(&v, "event.missing", 13));
    assert_null(mh_json_get_path(&v, "event.cat", 9));
    assert_non_null(mh_json_get(&v, "@timestamp"));
    mh_arena_free(&a);
}

static void test_numbers(void **state)
{
    mh_arena a;
    mh_arena_init(&a, 1024);
    mh_jv v;
    assert_true(mh_json_parse("-9223372036854775807", 20, &a, &v, NULL));
    assert_true(v.is_int);
    assert_true(v.u.num.i == -9223372036854775807LL);
    assert_true(mh_json_parse("2.5e3", 5, &a, &v, NULL));
    assert_false(v.is_int);
    assert_true(v.u.num.d == 2500.0);
    mh_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good), cmocka_unit_test(test_bad),
        cmocka_unit_test(test_bad_utf8_named), cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_paths), cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
