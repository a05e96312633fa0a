/* Unit tests for the SQLite store: migrations, merge as set union, idempotence, events
 * in time order, quarantine, watch-list replacement, parked lines and state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "molehunt/mh_store.h"

static char dbpath[256];

static int setup(void **state)
{
    snprintf(dbpath, sizeof dbpath, "/tmp/mh-test-store-%d.db", (int)getpid());
    unlink(dbpath);
    mh_store *s;
    mh_err e;
    if (mh_store_open(dbpath, &s, &e)) return -1;
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    mh_store_close(*state);
    char p[300];
    unlink(dbpath);
    snprintf(p, sizeof p, "%s-wal", dbpath);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", dbpath);
    unlink(p);
    return 0;
}

typedef struct {
    char text[1024];
    int n;
} capture;

static int cap_entity(void *vctx, const mh_entity *ent)
{
    capture *c = vctx;
    size_t k = strlen(c->text);
    k += (size_t)snprintf(c->text + k, sizeof c->text - k, "%s/%s:", ent->id, ent->schema);
    for (size_t i = 0; i < ent->nprops; i++) {
        k += (size_t)snprintf(c->text + k, sizeof c->text - k, " %s=", ent->props[i].name);
        for (size_t j = 0; j < ent->props[i].nvals; j++)
            k += (size_t)snprintf(c->text + k, sizeof c->text - k, "%s%s", j ? "|" : "", ent->props[i].vals[j]);
    }
    k += (size_t)snprintf(c->text + k, sizeof c->text - k, ";");
    c->n++;
    return 0;
}

static void test_migrated(void **state) { assert_true(mh_store_schema_version(*state) >= 1); }

static void test_merge_union(void **state)
{
    mh_store *s = *state;
    mh_err e;
    const char *n1[] = {"Ann", "Anne"}, *n2[] = {"Anne", "Annie"}, *c1[] = {"us"};
    mh_prop p1[] = {{"name", n1, 2}, {"country", c1, 1}}, p2[] = {{"name", n2, 2}};
    mh_entity a = {"a", "Person", p1, 2}, b = {"a", "Person", p2, 1};
    mh_put_result r;
    assert_int_equal(mh_store_entity_put(s, &a, NULL, 0, &r, &e), MH_OK);
    assert_int_equal(r, MH_PUT_NEW);
    assert_int_equal(mh_store_entity_put(s, &b, "{\"datasets\":[\"x\"]}", 0, &r, &e), MH_OK);
    assert_int_equal(r, MH_PUT_MERGED);
    assert_int_equal(mh_store_entity_put(s, &b, NULL, 0, &r, &e), MH_OK);
    assert_int_equal(r, MH_PUT_UNCHANGED);
    capture c = {{0}, 0};
    assert_int_equal(mh_store_entity_get(s, "a", cap_entity, &c, &e), MH_OK);
    assert_string_equal(c.text, "a/Person: country=us name=Ann|Anne|Annie;");
    mh_buf x;
    mh_buf_init(&x, 0);
    assert_int_equal(mh_store_entity_extra(s, "a", &x, &e), MH_OK);
    assert_string_equal(x.data, "{\"datasets\":[\"x\"]}");
    mh_buf_free(&x);
    /* A different schema for the same id is refused. */
    mh_entity d = {"a", "Company", p2, 1};
    assert_int_equal(mh_store_entity_put(s, &d, NULL, 0, &r, &e), MH_E_INPUT);
    assert_int_equal(mh_store_entity_get(s, "nope", cap_entity, &c, &e), MH_E_NOTFOUND);
    bool found;
    assert_int_equal(mh_store_exists(s, "a", &found, &e), MH_OK);
    assert_true(found);
    assert_int_equal(mh_store_exists(s, "b", &found, &e), MH_OK);
    assert_false(found);
}

typedef struct {
    mh_time ts[8];
    char body[8][32];
    int n;
} ev_capture;

static int cap_event(void *vctx, const char *json, size_t len, mh_time ts)
{
    ev_capture *c = vctx;
    if (c->n < 8) {
        snprintf(c->body[c->n], sizeof c->body[0], "%.*s", (int)len, json);
        c->ts[c->n++] = ts;
    }
    return 0;
}

static void test_events_ordered_and_deduplicated(void **state)
{
    mh_store *s = *state;
    mh_err e;
    mh_put_result r;
    mh_event_rec a = {"e1", 3000, "file", "u", "{\"x\":1}", 7}, b = {"e2", 1000, "file", "u", "{\"x\":2}", 7};
    assert_int_equal(mh_store_begin(s, &e), MH_OK);
    assert_int_equal(mh_store_event_put(s, &a, 0, &r, &e), MH_OK);
    assert_int_equal(r, MH_PUT_NEW);
    assert_int_equal(mh_store_event_put(s, &b, 0, &r, &e), MH_OK);
    assert_int_equal(mh_store_event_put(s, &a, 0, &r, &e), MH_OK);
    assert_int_equal(r, MH_PUT_UNCHANGED);
    assert_int_equal(mh_store_commit(s, &e), MH_OK);
    ev_capture c = {0};
    assert_int_equal(mh_store_events_each(s, MH_TIME_NONE, MH_TIME_NONE, cap_event, &c, &e), MH_OK);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.ts[0], 1000);
    assert_int_equal(c.ts[1], 3000);
    c.n = 0;
    assert_int_equal(mh_store_events_each(s, 2000, MH_TIME_NONE, cap_event, &c, &e), MH_OK);
    assert_int_equal(c.n, 1);
}

/* A first large load goes without the event id index and builds it at the end: an id
 * that came twice keeps its first copy, and the later one is counted for the caller. */
static void test_bulk_first_load_dedupes(void **state)
{
    mh_store *s = *state;
    mh_err e;
    mh_put_result r;
    int64_t dupes = -1;
    mh_event_rec a = {"e1", 1000, "file", "u", "{\"x\":1}", 7}, b = {"e2", 2000, "file", "u", "{\"x\":2}", 7},
                 a2 = {"e1", 3000, "file", "u", "{\"x\":9}", 7};
    assert_int_equal(mh_store_bulk_begin(s, &e), MH_OK);
    assert_int_equal(mh_store_begin(s, &e), MH_OK);
    assert_int_equal(mh_store_event_put(s, &a, 0, &r, &e), MH_OK);
    assert_int_equal(mh_store_event_put(s, &b, 0, &r, &e), MH_OK);
    assert_int_equal(mh_store_event_put(s, &a2, 0, &r, &e), MH_OK);
    assert_int_equal(r, MH_PUT_NEW); /* not checked while the index is away */
    assert_int_equal(mh_store_commit(s, &e), MH_OK);
    assert_int_equal(mh_store_bulk_end(s, &dupes, &e), MH_OK);
    assert_int_equal(dupes, 1);
    ev_capture c = {0};
    assert_int_equal(mh_store_events_each(s, MH_TIME_NONE, MH_TIME_NONE, cap_event, &c, &e), MH_OK);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.body[0], "{\"x\":1}");
    assert_int_equal(c.ts[1], 2000);
    /* the index is back: a copy is turned away as it comes */
    assert_int_equal(mh_store_event_put(s, &a2, 0, &r, &e), MH_OK);
    assert_int_equal(r, MH_PUT_UNCHANGED);
    /* a bulk load into a table that holds events keeps checking each row */
    assert_int_equal(mh_store_bulk_begin(s, &e), MH_OK);
    assert_int_equal(mh_store_event_put(s, &b, 0, &r, &e), MH_OK);
    assert_int_equal(r, MH_PUT_UNCHANGED);
    assert_int_equal(mh_store_bulk_end(s, &dupes, &e), MH_OK);
    assert_int_equal(dupes, 0);
}

/* A first large load whose process dies before bulk_end: the next open removes the
 * later copies and puts the index back. */
static void test_bulk_killed_repaired_at_open(void **state)
{
    mh_store *s = *state;
    mh_err e;
    mh_put_result r;
    mh_event_rec a = {"e1", 1000, "file", "u", "{\"x\":1}", 7}, a2 = {"e1", 3000, "file", "u", "{\"x\":9}", 7};
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* the loader: its own handle, and no bulk_end */
        mh_store *l;
        if (mh_store_open(dbpath, &l, &e) || mh_store_bulk_begin(l, &e) || mh_store_event_put(l, &a, 0, &r, &e) ||
            mh_store_event_put(l, &a2, 0, &r, &e))
            _exit(1);
        _exit(0);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    mh_store_close(s);
    assert_int_equal(mh_store_open(dbpath, &s, &e), MH_OK);
    *state = s;
    ev_capture c = {0};
    assert_int_equal(mh_store_events_each(s, MH_TIME_NONE, MH_TIME_NONE, cap_event, &c, &e), MH_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.body[0], "{\"x\":1}");
    assert_int_equal(mh_store_event_put(s, &a2, 0, &r, &e), MH_OK);
    assert_int_equal(r, MH_PUT_UNCHANGED);
}

/* A bulk load puts e1 with its index away; MARK (when not NULL) then replaces its mark in
 * state; a second handle opens beside it and puts e1 again (reporting PUT_SECOND); the
 * load ends, reporting DUPES copies. */
static void open_beside_a_load(mh_store *s, const char *mark, mh_put_result put_second, int64_t dupes)
{
    mh_store *o;
    mh_err e;
    mh_put_result r;
    int64_t d = -1;
    mh_event_rec a = {"e1", 1000, "file", "u", "{\"x\":1}", 7};
    assert_int_equal(mh_store_bulk_begin(s, &e), MH_OK);
    assert_int_equal(mh_store_event_put(s, &a, 0, &r, &e), MH_OK);
    if (mark) assert_int_equal(mh_store_state_set(s, "bulk.loader", mark, &e), MH_OK);
    assert_int_equal(mh_store_open(dbpath, &o, &e), MH_OK);
    assert_int_equal(mh_store_event_put(o, &a, 0, &r, &e), MH_OK);
    assert_int_equal(r, put_second);
    mh_store_close(o);
    assert_int_equal(mh_store_bulk_end(s, &d, &e), MH_OK);
    assert_int_equal(d, dupes);
    assert_int_equal(mh_store_event_put(s, &a, 0, &r, &e), MH_OK);
    assert_int_equal(r, MH_PUT_UNCHANGED);
}

/* While a bulk load is alive, a store opened beside it does not build the indexes under
 * it (that would put the load back on the slow path); the load's bulk_end does. */
static void test_bulk_open_beside_a_live_load(void **state) { open_beside_a_load(*state, NULL, MH_PUT_NEW, 1); }

/* The mark names a process by pid and start time: a live process that only has the same
 * pid (a reused one) is not the loader, and the open beside repairs. */
static void test_bulk_mark_of_a_reused_pid(void **state)
{
    char mark[64];
    snprintf(mark, sizeof mark, "%ld 1", (long)getpid());
    open_beside_a_load(*state, mark, MH_PUT_UNCHANGED, 0);
}

static int count_q(void *vctx, const mh_quarantine_rec *q)
{
    (*(int *)vctx)++;
    assert_string_equal(q->source, "f.jsonl");
    return 0;
}

static void test_quarantine_once(void **state)
{
    mh_store *s = *state;
    mh_err e;
    mh_quarantine_rec q = {"f.jsonl", 3, 5, "bad", "not json", 8};
    assert_int_equal(mh_store_quarantine_put(s, &q, &e), MH_OK);
    assert_int_equal(mh_store_quarantine_put(s, &q, &e), MH_OK);
    int n = 0;
    assert_int_equal(mh_store_quarantine_each(s, count_q, &n, &e), MH_OK);
    assert_int_equal(n, 1);
}

static void test_watchlist_versions(void **state)
{
    mh_store *s = *state;
    mh_err e;
    bool unchanged;
    const char *n1[] = {"Wang Jianguo"}, *n2[] = {"Li Wei"};
    mh_prop p1[] = {{"name", n1, 1}}, p2[] = {{"name", n2, 1}};
    mh_entity w1 = {"w1", "Person", p1, 1}, w2 = {"w2", "Person", p2, 1};
    assert_int_equal(mh_store_watchlist_begin(s, "list", "v1", &unchanged, &e), MH_OK);
    assert_false(unchanged);
    assert_int_equal(mh_store_watchlist_put(s, "list", &w1, &e), MH_OK);
    assert_int_equal(mh_store_watchlist_end(s, "list", &e), MH_OK);
    assert_int_equal(mh_store_watchlist_begin(s, "list", "v1", &unchanged, &e), MH_OK);
    assert_true(unchanged);
    assert_int_equal(mh_store_watchlist_begin(s, "list", "v2", &unchanged, &e), MH_OK);
    assert_int_equal(mh_store_watchlist_put(s, "list", &w2, &e), MH_OK);
    assert_int_equal(mh_store_watchlist_end(s, "list", &e), MH_OK);
    capture c = {{0}, 0};
    assert_int_equal(mh_store_watchlist_each(s, "list", cap_entity, &c, &e), MH_OK);
    assert_string_equal(c.text, "w2/Person: name=Li Wei;"); /* v2 replaced v1 */
}

static int repark(void *vctx, const mh_pending_rec *p)
{
    mh_store *s = vctx;
    mh_err e;
    if (p->line == 1) mh_store_pending_put(s, p, &e); /* park line 1 again */
    return 0;
}

static int count_p(void *vctx, const mh_pending_rec *p)
{
    (*(int *)vctx)++;
    assert_int_equal(p->line, 1);
    return 0;
}

static void test_pending_repark(void **state)
{
    mh_store *s = *state;
    mh_err e;
    mh_pending_rec a = {"f", 1, 0, "x", "{}", 2}, b = {"f", 2, 0, "y", "{}", 2};
    assert_int_equal(mh_store_pending_put(s, &a, &e), MH_OK);
    assert_int_equal(mh_store_pending_put(s, &b, &e), MH_OK);
    assert_int_equal(mh_store_pending_take(s, repark, s, &e), MH_OK);
    int n = 0;
    assert_int_equal(mh_store_pending_take(s, count_p, &n, &e), MH_OK);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(mh_store_pending_take(s, count_p, &n, &e), MH_OK);
    assert_int_equal(n, 0);
}

static void test_state(void **state)
{
    mh_store *s = *state;
    mh_err e;
    mh_buf b;
    mh_buf_init(&b, 0);
    bool found;
    assert_int_equal(mh_store_state_get(s, "k", &b, &found, &e), MH_OK);
    assert_false(found);
    assert_int_equal(mh_store_state_set(s, "k", "v1", &e), MH_OK);
    assert_int_equal(mh_store_state_set(s, "k", "v2", &e), MH_OK);
    assert_int_equal(mh_store_state_get(s, "k", &b, &found, &e), MH_OK);
    assert_true(found);
    assert_string_equal(b.data, "v2");
    mh_buf_free(&b);
}

static void test_open_errors(void **state)
{
    mh_store *s;
    mh_err e;
    assert_int_equal(mh_store_open("postgres://localhost/x", &s, &e), MH_E_USAGE);
    assert_non_null(strstr(e.msg, "PostgreSQL"));
    assert_int_equal(mh_store_open("/nonexistent-dir/x.db", &s, &e), MH_E_STORE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_migrated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_union, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_ordered_and_deduplicated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_first_load_dedupes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_killed_repaired_at_open, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_open_beside_a_live_load, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_mark_of_a_reused_pid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quarantine_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_watchlist_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pending_repark, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state, setup, teardown),
        cmocka_unit_test(test_open_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
