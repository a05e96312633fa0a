/* Unit tests for ingest: the line parsers driven by tests/data/ingest/lines.tsv (a new
 * case is a new line there), and whole-file loads into a scratch store: reconciled
 * counts, idempotence, gzip, forward references and over-long lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "molehunt/mh_ingest.h"

static void test_line_cases(void **state)
{
    FILE *f = fopen(MH_SOURCE_DIR "/tests/data/ingest/lines.tsv", "rb");
    assert_non_null(f);
    char line[8192];
    int cases = 0, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n') continue;
        line[strcspn(line, "\n")] = '\0';
        char *fmt = line, *want = strchr(fmt, '\t');
        assert_non_null(want);
        *want++ = '\0';
        char *colp = strchr(want, '\t');
        assert_non_null(colp);
        *colp++ = '\0';
        char *text = strchr(colp, '\t');
        assert_non_null(text);
        *text++ = '\0';
        long col = atol(colp);
        mh_arena a;
        mh_arena_init(&a, 4096);
        mh_line_issue why = {{0}, 0};
        bool ok;
        if (strcmp(fmt, "ftm") == 0) {
            mh_entity ent;
            const char *extra;
            ok = mh_ftm_parse(text, strlen(text), &a, &ent, &extra, &why);
        } else {
            mh_event_rec ev;
            ok = mh_ecs_parse(text, strlen(text), &a, &ev, &why);
        }
        bool want_ok = strcmp(want, "ok") == 0;
        if (ok != want_ok) fail_msg("lines.tsv:%d: expected %s, got %s (%s)", lineno, want, ok ? "ok" : "refusal", why.reason);
        if (!ok && !strstr(why.reason, want)) fail_msg("lines.tsv:%d: reason \"%s\" lacks \"%s\"", lineno, why.reason, want);
        if (!ok && col && why.col != col) fail_msg("lines.tsv:%d: column %ld, expected %ld", lineno, why.col, col);
        mh_arena_free(&a);
        cases++;
    }
    fclose(f);
    assert_true(cases >= 20);
}

static char dir[256];

static const char *path_in(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/mh-test-ingest-%d", (int)getpid());
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", dir, dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *name, const char *text)
{
    FILE *f = fopen(path_in(name), "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *fixture =
    "{\"id\":\"f1\",\"schema\":\"Family\",\"properties\":{\"person\":[\"a\"],\"relative\":[\"b\"],\"relationship\":[\"son\"]}}\n"
    "{\"id\":\"l1\",\"schema\":\"Associate\",\"properties\":{\"person\":[\"b\"],\"associate\":[\"c\"]}}\n"
    "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Ann\"]}}\n"
    "\n"
    "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"alias\":[\"Annie\"]}}\n"
    "{\"id\":\"b\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Bob\"]}}\n"
    "{\"id\":\"x\",\"schema\":\"Payment\",\"properties\":{\"payer\":[\"ghost\"],\"beneficiary\":[\"a\"]}}\n"
    "not json\n"
    "{\"@timestamp\":\"2011-06-01T10:00:00Z\",\"event\":{\"category\":\"file\",\"id\":\"e1\"}}\n"
    "{\"@timestamp\":\"2011-06-01T10:00:00Z\",\"event\":{\"category\":\"file\"}}\n"
    "{\"id\":\"c\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Cy\"]}}\n";

static void load_opts(const char *file, mh_ingest_counts *c, bool bulk)
{
    mh_store *s;
    mh_err e;
    assert_int_equal(mh_store_open(path_in("t.db"), &s, &e), MH_OK);
    mh_ingest_opts o = {.batch = 2, .bulk = bulk};
    mh_ingest *ing = mh_ingest_new(s, &o);
    memset(c, 0, sizeof *c);
    assert_int_equal(mh_ingest_file(ing, path_in(file), c, &e), MH_OK);
    assert_int_equal(mh_ingest_finish(ing, c, &e), MH_OK);
    mh_ingest_free(ing);
    mh_store_close(s);
}

static void load(const char *file, mh_ingest_counts *c) { load_opts(file, c, false); }

/* A first bulk load builds the event-id index at the end: an event id that came twice is
 * counted merged and unchanged all the same, once the index is back. */
static void test_bulk_reconciles(void **state)
{
    char text[4096];
    snprintf(text, sizeof text, "%s%s", fixture,
             "{\"@timestamp\":\"2011-06-02T10:00:00Z\",\"event\":{\"category\":\"file\",\"id\":\"e1\"}}\n");
    write_file("b.jsonl", text);
    mh_ingest_counts c;
    load_opts("b.jsonl", &c, true);
    assert_int_equal(c.read, 11);
    assert_int_equal(c.stored, 7);
    assert_int_equal(c.merged, 2); /* a's alias, and e1 again */
    assert_int_equal(c.unchanged, 1);
    assert_int_equal(c.read, c.stored + c.merged + c.quarantined);
    load_opts("b.jsonl", &c, true);
    assert_int_equal(c.stored, 0);
    assert_int_equal(c.merged, 9);
    assert_int_equal(c.unchanged, 9);
}

static void test_reconcile_and_idempotence(void **state)
{
    write_file("f.jsonl", fixture);
    mh_ingest_counts c;
    load("f.jsonl", &c);
    assert_int_equal(c.read, 10);
    assert_int_equal(c.blank, 1);
    assert_int_equal(c.parked, 0);
    /* f1 and l1 wait for their people and are stored at the end; x never resolves. */
    assert_int_equal(c.stored, 7);
    assert_int_equal(c.merged, 1);
    assert_int_equal(c.quarantined, 2);
    assert_int_equal(c.read, c.stored + c.merged + c.quarantined);
    load("f.jsonl", &c);
    assert_int_equal(c.stored, 0);
    assert_int_equal(c.merged, 8);
    assert_int_equal(c.unchanged, 8);
    assert_int_equal(c.quarantined, 2);
}

static void test_gzip_and_long_lines(void **state)
{
    gzFile gz = gzopen(path_in("f.jsonl.gz"), "wb");
    assert_non_null(gz);
    gzputs(gz, fixture);
    gzclose(gz);
    mh_ingest_counts c;
    load("f.jsonl.gz", &c);
    assert_int_equal(c.read, 10);
    assert_int_equal(c.stored, 7);

    mh_lines *r;
    mh_err e;
    write_file("long.txt", "short\n0123456789abcdef\nlast");
    r = mh_lines_open(path_in("long.txt"), 8, &e);
    assert_non_null(r);
    const char *line;
    size_t n;
    bool too_long;
    assert_true(mh_lines_next(r, &line, &n, &too_long));
    assert_false(too_long);
    assert_true(mh_lines_next(r, &line, &n, &too_long));
    assert_true(too_long);
    assert_int_equal(n, 8);
    assert_true(mh_lines_next(r, &line, &n, &too_long));
    assert_int_equal(n, 4);
    assert_int_equal(mh_lines_lineno(r), 3);
    assert_false(mh_lines_next(r, &line, &n, &too_long));
    assert_false(mh_lines_error(r, &e));
    mh_lines_close(r);
    assert_null(mh_lines_open(path_in("missing"), 0, &e));
    assert_int_equal(e.code, MH_E_IO);
}

static void test_watchlist_load(void **state)
{
    write_file("wl.jsonl",
               "{\"id\":\"w1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"王建国\"],\"alias\":[\"Wang Jianguo\"],\"anything\":[\"kept\"]}}\n"
               "{\"id\":\"w2\",\"schema\":\"Person\",\"properties\":{\"alias\":[\"nameless\"]}}\n"
               "{bad\n");
    mh_store *s;
    mh_err e;
    assert_int_equal(mh_store_open(path_in("w.db"), &s, &e), MH_OK);
    mh_ingest_counts c = {0};
    bool unchanged;
    assert_int_equal(mh_ingest_watchlist(s, path_in("wl.jsonl"), "wl", NULL, &c, &unchanged, &e), MH_OK);
    assert_false(unchanged);
    assert_int_equal(c.stored, 1);
    assert_int_equal(c.quarantined, 2);
    memset(&c, 0, sizeof c);
    assert_int_equal(mh_ingest_watchlist(s, path_in("wl.jsonl"), "wl", NULL, &c, &unchanged, &e), MH_OK);
    assert_true(unchanged);
    mh_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_cases),
        cmocka_unit_test_setup_teardown(test_reconcile_and_idempotence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_reconciles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gzip_and_long_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_watchlist_load, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
