/* Unit tests for mh_eql, one group per construct: diagnostics (every error, with place,
 * expectation and caret), null semantics, operators and functions, case modes, sequences
 * (by, per-step by, maxspan expiry through the queue, until, runs, missing steps, the
 * latest/all modes, multi-valued join keys), memory-limit evictions, pipes, samples, and
 * results that do not depend on how the input is split between pushes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_eql.h"
#include "molehunt/mh_json.h"

/* ---- helpers: run a query over NDJSON-ish lines, collect "n" values of results ---- */

typedef struct collected {
    char out[4096]; /* "1,2|3,4" : results separated by |, events by , (missing: -) */
    char keys[1024];
    int results;
    int stop_after;
} collected;

static int collect(void *ctx, const mh_eql_result *r)
{
    collected *c = ctx;
    size_t o = strlen(c->out);
    if (c->results) o += (size_t)snprintf(c->out + o, sizeof c->out - o, "|");
    for (size_t i = 0; i < r->nevents; i++) {
        const char *n = r->events[i].json ? strstr(r->events[i].json, "\"n\":") : NULL;
        o += (size_t)snprintf(c->out + o, sizeof c->out - o, "%s%s", i ? "," : "", n ? "" : "-");
        if (n) {
            long v = strtol(n + 4, NULL, 10);
            o += (size_t)snprintf(c->out + o, sizeof c->out - o, "%ld", v);
        }
    }
    size_t k = strlen(c->keys);
    for (size_t i = 0; i < r->nkeys; i++)
        k += (size_t)snprintf(c->keys + k, sizeof c->keys - k, "%s%.*s", k ? " " : "", (int)r->keys[i].len, r->keys[i].ptr);
    c->results++;
    return c->stop_after && c->results >= c->stop_after;
}

static mh_eql_query *compile_opts(const char *q, const mh_eql_options *o)
{
    mh_eql_diags d;
    mh_eql_diags_init(&d);
    mh_eql_query *r = mh_eql_compile(q, strlen(q), o, &d);
    if (!r) {
        mh_buf b;
        mh_buf_init(&b, 0);
        mh_eql_diags_render(&d, q, strlen(q), "q", &b);
        print_error("%s", b.data ? b.data : "?");
        mh_buf_free(&b);
    }
    mh_eql_diags_free(&d);
    return r;
}

/* Events: each line a JSON object with "t" (ms) and "n"; category in "event.category". */
static void run_with(const char *query, const mh_eql_options *o, const char **lines, size_t n, size_t max_mem,
                     collected *c, mh_eql_stats *st)
{
    mh_eql_query *q = compile_opts(query, o);
    assert_non_null(q);
    mh_eql_limits lim = {.max_memory = max_mem};
    mh_eql_matcher *m = mh_eql_matcher_new(q, &lim, collect, c);
    assert_non_null(m);
    mh_arena a;
    mh_arena_init(&a, 4096);
    for (size_t i = 0; i < n; i++) {
        mh_arena_reset(&a);
        mh_jv doc;
        assert_true(mh_json_parse(lines[i], strlen(lines[i]), &a, &doc, NULL));
        const mh_jv *t = mh_json_get(&doc, "t");
        mh_eql_event ev = {&doc, lines[i], strlen(lines[i]), t ? t->u.num.i : 0, i};
        mh_err e;
        mh_err_clear(&e);
        mh_eql_matcher_push(m, &ev, &e);
    }
    mh_err e;
    mh_eql_matcher_finish(m, &e);
    if (st) mh_eql_matcher_stats(m, st);
    mh_eql_matcher_free(m);
    mh_eql_query_free(q);
    mh_arena_free(&a);
}

static const char *run(const char *query, const char **lines, size_t n)
{
    static collected c;
    memset(&c, 0, sizeof c);
    mh_eql_options o = {0};
    run_with(query, &o, lines, n, 0, &c, NULL);
    return c.out;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- diagnostics ---- */

static void test_diag_all_errors_with_caret(void **state)
{
    (void)state;
    const char *q = "sequence by user\n  [process where x == (1 +]\n  [file where y in 3]\n| bogus 3";
    mh_eql_diags d;
    mh_eql_diags_init(&d);
    assert_null(mh_eql_compile(q, strlen(q), NULL, &d));
    assert_int_equal(d.n, 3);
    assert_int_equal(d.items[0].line, 2);
    assert_int_equal(d.items[0].col, 27); /* the ']' */
    assert_non_null(d.items[0].expected);
    assert_int_equal(d.items[1].line, 3);
    assert_int_equal(d.items[2].line, 4);
    mh_buf b;
    mh_buf_init(&b, 0);
    mh_eql_diags_render(&d, q, strlen(q), "rule", &b);
    assert_non_null(strstr(b.data, "rule:2:27: error: unexpected ']'"));
    char want[128];
    snprintf(want, sizeof want, "\n      [process where x == (1 +]\n%*s^\n", 4 + 26, "");
    assert_non_null(strstr(b.data, want));
    mh_buf_free(&b);
    mh_eql_diags_free(&d);
}

static void test_diag_checker(void **state)
{
    (void)state;
    const char *q = "process where lenght(x) == 1 and startsWith~(a) and length~(b) == 2 and x regex \"(\"";
    mh_eql_diags d;
    mh_eql_diags_init(&d);
    assert_null(mh_eql_compile(q, strlen(q), NULL, &d));
    assert_int_equal(d.n, 4);
    assert_string_equal(d.items[0].message, "unknown function 'lenght'");
    assert_string_equal(d.items[1].message, "wrong number of arguments to 'startsWith'");
    assert_string_equal(d.items[2].message, "'length' has no case-insensitive form");
    assert_non_null(strstr(d.items[3].message, "invalid regular expression"));
    mh_eql_diags_free(&d);
    mh_eql_diags_init(&d);
    const char *s = "sequence [a where true] ![b where true]";
    assert_null(mh_eql_compile(s, strlen(s), NULL, &d));
    assert_int_equal(d.n, 1);
    assert_non_null(strstr(d.items[0].message, "needs a maxspan"));
    mh_eql_diags_free(&d);
}

/* ---- expressions ---- */

static const char *ev_lines[] = {
    "{\"t\":1,\"event\":{\"category\":\"process\"},\"n\":1,\"name\":\"Cmd.EXE\",\"code\":0,\"ip\":\"10.1.2.3\",\"tags\":[\"a\",\"b\"]}",
    "{\"t\":2,\"event\":{\"category\":\"process\"},\"n\":2,\"name\":\"explorer.exe\",\"code\":null}",
    "{\"t\":3,\"event\":{\"category\":\"file\"},\"n\":3,\"name\":\"x.txt\",\"code\":5,\"ip\":\"192.168.0.1\"}",
};

static void test_nulls_and_comparisons(void **state)
{
    (void)state;
    assert_string_equal(run("any where code >= 0", ev_lines, 3), "1|3");
    assert_string_equal(run("any where code == null", ev_lines, 3), "2");
    assert_string_equal(run("any where code != null", ev_lines, 3), "1|3");
    assert_string_equal(run("any where not (code > 1)", ev_lines, 3), "1");
    assert_string_equal(run("any where missing == null and n < 2", ev_lines, 3), "1");
    assert_string_equal(run("any where ?missing == null and n == 3", ev_lines, 3), "3");
    assert_string_equal(run("process where true", ev_lines, 3), "1|2");
    assert_string_equal(run("any where tags == \"b\"", ev_lines, 3), "1");
    assert_string_equal(run("any where n * 2 + 1 == 5 and n % 2 == 0 and 7 / 2 == 3", ev_lines, 3), "2");
}

static void test_string_operators(void **state)
{
    (void)state;
    assert_string_equal(run("any where name : \"cmd.exe\"", ev_lines, 3), "1");
    assert_string_equal(run("any where name == \"cmd.exe\"", ev_lines, 3), "");
    assert_string_equal(run("any where name : (\"*.txt\", \"EXPL*\")", ev_lines, 3), "2|3");
    assert_string_equal(run("any where name like \"*.EXE\"", ev_lines, 3), "1");
    assert_string_equal(run("any where name like~ \"*.EXE\"", ev_lines, 3), "1|2");
    assert_string_equal(run("any where name regex \"[a-z]+\\\\.exe\"", ev_lines, 3), "2");
    assert_string_equal(run("any where name regex~ \"[a-z]+\\\\.exe\"", ev_lines, 3), "1|2");
    assert_string_equal(run("any where name in (\"x.txt\", \"cmd.exe\")", ev_lines, 3), "3");
    assert_string_equal(run("any where name in~ (\"x.txt\", \"cmd.exe\")", ev_lines, 3), "1|3");
    assert_string_equal(run("any where name not in (\"x.txt\")", ev_lines, 3), "1|2");
}

static void test_functions(void **state)
{
    (void)state;
    assert_string_equal(run("any where startsWith~(name, \"CMD\") and endsWith(name, \".EXE\")", ev_lines, 3), "1");
    assert_string_equal(run("any where length(name) == 12 and indexOf(name, \"lor\") == 3", ev_lines, 3), "2");
    assert_string_equal(run("any where substring(name, -3) == \"txt\" and stringContains(name, \".\")", ev_lines, 3), "3");
    assert_string_equal(run("any where between(name, \"x\", \".exe\") == \"plorer\"", ev_lines, 3), "2");
    assert_string_equal(run("any where concat(n, \"-\", name) == \"3-x.txt\"", ev_lines, 3), "3");
    assert_string_equal(run("any where concat(n, code) == null", ev_lines, 3), "2");
    assert_string_equal(run("any where cidrMatch(ip, \"10.0.0.0/8\", \"172.16.0.0/12\")", ev_lines, 3), "1");
    assert_string_equal(run("any where number(string(n)) == add(n, 0) and modulo(n, 2) == 1", ev_lines, 3), "1|3");
    assert_string_equal(run("any where number(\"ff\", 16) == multiply(n, 85)", ev_lines, 3), "3");
    assert_string_equal(run("any where divide(subtract(n, 1), 2) == 1", ev_lines, 3), "3");
}

static void test_case_modes(void **state)
{
    (void)state;
    collected c;
    mh_eql_options o = {.case_mode = MH_EQL_CASE_INSENSITIVE};
    memset(&c, 0, sizeof c);
    run_with("any where name == \"cmd.exe\" or startsWith(name, \"EXPL\")", &o, ev_lines, 3, 0, &c, NULL);
    assert_string_equal(c.out, "1|2");
    o.case_mode = MH_EQL_CASE_SENSITIVE;
    memset(&c, 0, sizeof c);
    run_with("any where name : \"cmd.exe\"", &o, ev_lines, 3, 0, &c, NULL);
    assert_string_equal(c.out, "");
}

static void test_constant_folding(void **state)
{
    (void)state;
    assert_string_equal(run("any where n == 1 + 2 and concat(\"a\", \"b\") == \"ab\"", ev_lines, 3), "3");
    mh_eql_diags d;
    mh_eql_diags_init(&d);
    const char *q = "any where 1 + 2";
    assert_null(mh_eql_compile(q, strlen(q), NULL, &d));
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].message, "the condition is not a boolean");
    mh_eql_diags_free(&d);
}

/* ---- sequences ---- */

static const char *seq_lines[] = {
    "{\"t\":1000,\"event\":{\"category\":\"a\"},\"u\":\"x\",\"n\":1}",
    "{\"t\":2000,\"event\":{\"category\":\"a\"},\"u\":\"x\",\"n\":2}",
    "{\"t\":3000,\"event\":{\"category\":\"b\"},\"u\":\"y\",\"n\":3}",
    "{\"t\":4000,\"event\":{\"category\":\"b\"},\"u\":\"x\",\"n\":4}",
    "{\"t\":5000,\"event\":{\"category\":\"c\"},\"u\":\"x\",\"n\":5}",
    "{\"t\":9000,\"event\":{\"category\":\"b\"},\"u\":[\"y\",\"z\"],\"n\":6}",
    "{\"t\":9500,\"event\":{\"category\":\"a\"},\"u\":\"z\",\"n\":7}",
    "{\"t\":9600,\"event\":{\"category\":\"b\"},\"u\":[\"q\",\"z\"],\"n\":8}",
};

static void test_sequence_basic(void **state)
{
    (void)state;
    /* latest: the newer a(2) replaced a(1) */
    assert_string_equal(run("sequence by u [a where true] [b where true]", seq_lines, N(seq_lines)), "2,4|7,8");
    assert_string_equal(run("sequence [a where true] by u [b where true] by u", seq_lines, N(seq_lines)), "2,4|7,8");
    assert_string_equal(run("sequence by u with maxspan=1500ms [a where true] [b where true]", seq_lines, N(seq_lines)), "7,8");
    assert_string_equal(run("sequence by u [a where true] [b where true] until [c where true]", seq_lines, N(seq_lines)), "2,4|7,8");
    assert_string_equal(run("sequence by u [a where true] [c where true] until [b where true]", seq_lines, N(seq_lines)), "");
    assert_string_equal(run("sequence by u [a where true] with runs=2 [b where true]", seq_lines, N(seq_lines)), "1,2,4");
    assert_string_equal(run("sequence by u [a where true] ![c where true] [b where true]", seq_lines, N(seq_lines)), "2,-,4|7,-,8");
    assert_string_equal(run("sequence by u with maxspan=10s [a where true] [b where true] ![c where true]", seq_lines, N(seq_lines)), "7,8,-");
    assert_string_equal(run("sequence by u [a where true] [b where true] | head 1", seq_lines, N(seq_lines)), "2,4");
    assert_string_equal(run("sequence by u [a where true] [b where true] | tail 1", seq_lines, N(seq_lines)), "7,8");
}

static void test_sequence_all_mode_and_keys(void **state)
{
    (void)state;
    collected c;
    memset(&c, 0, sizeof c);
    mh_eql_options o = {.seq_mode = MH_EQL_SEQ_ALL};
    run_with("sequence by u [a where true] [b where true]", &o, seq_lines, N(seq_lines), 0, &c, NULL);
    assert_string_equal(c.out, "1,4|2,4|7,8");
    assert_string_equal(c.keys, "\"x\" \"x\" \"z\"");
    /* a multi-valued key joins on each of its values */
    assert_string_equal(run("sequence by u [b where n == 6] [b where n == 8]", seq_lines, N(seq_lines)), "6,8");
}

/* Expiry goes through the queue, and the limit evicts (and counts) rather than grows. */
static void test_sequence_expiry_and_limit(void **state)
{
    (void)state;
    enum { K = 2000 };
    char **lines = malloc(K * sizeof *lines);
    for (int i = 0; i < K; i++) {
        lines[i] = malloc(128);
        snprintf(lines[i], 128, "{\"t\":%d,\"event\":{\"category\":\"a\"},\"u\":\"k%d\",\"n\":%d}", i * 1000, i, i);
    }
    collected c;
    mh_eql_stats st;
    memset(&c, 0, sizeof c);
    run_with("sequence by u with maxspan=10s [a where true] [b where true]", NULL, (const char **)lines, K, 0, &c, &st);
    assert_true(st.expired >= K - 12);
    assert_true(st.peak_memory < 20000);
    assert_int_equal(st.evictions, 0);
    memset(&c, 0, sizeof c);
    run_with("sequence by u [a where true] [b where true]", NULL, (const char **)lines, K, 16384, &c, &st);
    assert_true(st.evictions > 0);
    assert_true(st.peak_memory <= 16384 + 1024);
    for (int i = 0; i < K; i++) free(lines[i]);
    free(lines);
}

/* The same events give the same results whether pushed in one go or with the clock
 * advanced between batches, and whatever the batch size. */
static void test_batching_independent(void **state)
{
    (void)state;
    const char *q = "sequence by u with maxspan=5s [a where true] [b where true] ![c where true]";
    char first[4096] = "";
    for (size_t batch = 1; batch <= N(seq_lines); batch++) {
        mh_eql_query *qq = compile_opts(q, NULL);
        collected c;
        memset(&c, 0, sizeof c);
        mh_eql_matcher *m = mh_eql_matcher_new(qq, NULL, collect, &c);
        mh_arena a;
        mh_arena_init(&a, 4096);
        for (size_t i = 0; i < N(seq_lines); i += batch) {
            for (size_t j = i; j < i + batch && j < N(seq_lines); j++) {
                mh_jv doc;
                assert_true(mh_json_parse(seq_lines[j], strlen(seq_lines[j]), &a, &doc, NULL));
                mh_eql_event ev = {&doc, seq_lines[j], strlen(seq_lines[j]), mh_json_get(&doc, "t")->u.num.i, j};
                assert_int_equal(mh_eql_matcher_push(m, &ev, NULL), MH_OK);
            }
            mh_eql_matcher_advance(m, 0, NULL);
        }
        mh_eql_matcher_finish(m, NULL);
        mh_eql_matcher_free(m);
        mh_eql_query_free(qq);
        mh_arena_free(&a);
        if (batch == 1) snprintf(first, sizeof first, "%s", c.out);
        else assert_string_equal(c.out, first);
    }
    assert_string_equal(first, "7,8,-");
}

static void test_out_of_order_rejected(void **state)
{
    (void)state;
    mh_eql_query *q = compile_opts("any where true", NULL);
    collected c;
    memset(&c, 0, sizeof c);
    mh_eql_matcher *m = mh_eql_matcher_new(q, NULL, collect, &c);
    mh_arena a;
    mh_arena_init(&a, 4096);
    mh_jv doc;
    assert_true(mh_json_parse(seq_lines[1], strlen(seq_lines[1]), &a, &doc, NULL));
    mh_eql_event ev = {&doc, seq_lines[1], strlen(seq_lines[1]), 2000, 0};
    assert_int_equal(mh_eql_matcher_push(m, &ev, NULL), MH_OK);
    ev.ts = 1000;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_eql_matcher_push(m, &ev, &e), MH_E_INPUT);
    mh_eql_stats st;
    mh_eql_matcher_stats(m, &st);
    assert_int_equal(st.rejected, 1);
    assert_int_equal(c.results, 1);
    mh_eql_matcher_free(m);
    mh_eql_query_free(q);
    mh_arena_free(&a);
}

/* ---- pipes and samples ---- */

static void test_pipes(void **state)
{
    (void)state;
    assert_string_equal(run("any where true | head 2", seq_lines, N(seq_lines)), "1|2");
    assert_string_equal(run("any where true | tail 2", seq_lines, N(seq_lines)), "7|8");
    assert_string_equal(run("any where true | filter n > 5 | head 2", seq_lines, N(seq_lines)), "6|7");
    assert_string_equal(run("any where true | unique event.category", seq_lines, N(seq_lines)), "1|3|5");
    /* arrays sort by their first value: 8 has u = ["q", "z"] */
    assert_string_equal(run("any where true | sort u | head 2", seq_lines, N(seq_lines)), "8|1");
}

static void test_samples(void **state)
{
    (void)state;
    collected c;
    memset(&c, 0, sizeof c);
    run_with("sample by u [b where true] [a where true]", NULL, seq_lines, N(seq_lines), 0, &c, NULL);
    assert_string_equal(c.out, "4,1|6,7"); /* 6 carries u = ["y", "z"] */
    assert_string_equal(c.keys, "\"x\" \"z\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diag_all_errors_with_caret),
        cmocka_unit_test(test_diag_checker),
        cmocka_unit_test(test_nulls_and_comparisons),
        cmocka_unit_test(test_string_operators),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_case_modes),
        cmocka_unit_test(test_constant_folding),
        cmocka_unit_test(test_sequence_basic),
        cmocka_unit_test(test_sequence_all_mode_and_keys),
        cmocka_unit_test(test_sequence_expiry_and_limit),
        cmocka_unit_test(test_batching_independent),
        cmocka_unit_test(test_out_of_order_rejected),
        cmocka_unit_test(test_pipes),
        cmocka_unit_test(test_samples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
