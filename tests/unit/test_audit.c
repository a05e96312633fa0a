/* Unit tests for the audit trail: appended entries verify; an edit, a deletion, a forged
 * insertion and a reordering made directly in SQL are each found, at the right entry and
 * under the right name; a forged entry cannot be made to verify without the key; and the
 * retention rules and purge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "molehunt/mh_audit.h"

static char dbpath[256];

static void remove_files(void)
{
    const char *suffix[] = {"", "-wal", "-shm", ".audit.key"};
    for (size_t i = 0; i < 4; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s%s", dbpath, suffix[i]);
        unlink(p);
    }
}

/* A store with entries 1..6 appended. */
static int setup(void **state)
{
    snprintf(dbpath, sizeof dbpath, "/tmp/mh-test-audit-%d.db", (int)getpid());
    remove_files();
    mh_store *s;
    mh_err e;
    if (mh_store_open(dbpath, &s, &e)) return -1;
    const char *actions[] = {"login", "read.person", "reveal", "export", "case.close", "user.add"};
    for (int i = 0; i < 6; i++) {
        char obj[32];
        snprintf(obj, sizeof obj, "object-%d", i + 1);
        if (mh_audit_append(s, "alice", actions[i], obj, i % 2 ? "{\"why\":\"x\"}" : NULL, &e)) return -1;
    }
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    mh_store_close(*state);
    remove_files();
    return 0;
}

static void sql(mh_store *s, const char *q)
{
    char *msg = NULL;
    int r = sqlite3_exec(mh_store_db(s), q, NULL, NULL, &msg);
    if (r != SQLITE_OK) fprintf(stderr, "sql: %s: %s\n", q, msg ? msg : "?");
    sqlite3_free(msg);
    assert_int_equal(r, SQLITE_OK);
}

static mh_audit_report verify(mh_store *s)
{
    mh_audit_report rep;
    mh_err e;
    assert_int_equal(mh_audit_verify(s, &rep, &e), MH_OK);
    return rep;
}

static void test_intact(void **state)
{
    mh_audit_report rep = verify(*state);
    assert_true(rep.ok);
    assert_int_equal(rep.entries, 6);
    assert_int_equal(rep.bad_seq, 0);
}

static void test_empty_verifies(void **state)
{
    (void)state;
    char p[300];
    snprintf(p, sizeof p, "%s.empty", dbpath);
    unlink(p);
    mh_store *s;
    mh_err e;
    assert_int_equal(mh_store_open(p, &s, &e), MH_OK);
    mh_audit_report rep = verify(s);
    assert_true(rep.ok);
    assert_int_equal(rep.entries, 0);
    mh_store_close(s);
    unlink(p);
}

static void test_edit(void **state)
{
    sql(*state, "UPDATE audit SET object = 'someone-else' WHERE seq = 3");
    mh_audit_report rep = verify(*state);
    assert_false(rep.ok);
    assert_int_equal(rep.bad_seq, 3);
    assert_non_null(strstr(rep.problem, "edited"));
}

static void test_edit_time(void **state)
{
    sql(*state, "UPDATE audit SET at = at - 86400000 WHERE seq = 5");
    mh_audit_report rep = verify(*state);
    assert_false(rep.ok);
    assert_int_equal(rep.bad_seq, 5);
    assert_non_null(strstr(rep.problem, "edited"));
}

static void test_delete(void **state)
{
    sql(*state, "DELETE FROM audit WHERE seq = 4");
    mh_audit_report rep = verify(*state);
    assert_false(rep.ok);
    assert_int_equal(rep.bad_seq, 5);
    assert_non_null(strstr(rep.problem, "missing"));
    assert_int_equal(rep.entries, 5);
}

static void test_delete_tail(void **state)
{
    sql(*state, "DELETE FROM audit WHERE seq >= 5");
    mh_audit_report rep = verify(*state);
    assert_false(rep.ok);
    assert_int_equal(rep.bad_seq, 5);
    assert_non_null(strstr(rep.problem, "missing"));
}

/* A forged row in the middle: later entries are moved up one to make room, and the forged
 * row chains to the entry before it, as a forger without the key would try. */
static void test_insert(void **state)
{
    sql(*state, "UPDATE audit SET seq = seq + 1000 WHERE seq >= 3; UPDATE audit SET seq = seq - 999 WHERE seq > 1000;"
                "INSERT INTO audit(seq, at, actor, action, object, detail, prev_hash, hash) SELECT 3, at + 1, 'mallory',"
                " 'login', 'mallory', NULL, hash, lower(hex(randomblob(32))) FROM audit WHERE seq = 2");
    mh_audit_report rep = verify(*state);
    assert_false(rep.ok);
    assert_int_equal(rep.bad_seq, 3);
    assert_non_null(strstr(rep.problem, "inserted"));
    assert_int_equal(rep.entries, 7);
}

static void test_insert_end(void **state)
{
    sql(*state, "INSERT INTO audit(seq, at, actor, action, object, detail, prev_hash, hash) SELECT 7, at + 1, 'mallory',"
                " 'login', NULL, NULL, hash, lower(hex(randomblob(32))) FROM audit WHERE seq = 6");
    mh_audit_report rep = verify(*state);
    assert_false(rep.ok);
    assert_int_equal(rep.bad_seq, 7);
    assert_non_null(strstr(rep.problem, "inserted"));
}

/* A forger who recomputes the hash with an unkeyed BLAKE2b still fails: the chain is keyed. */
static void test_forge_without_key(void **state)
{
    mh_store *s = *state;
    sqlite3 *db = mh_store_db(s);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT hash FROM audit WHERE seq = 6", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char prev[80];
    snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    unsigned char h[32];
    char hex[65], q[512];
    crypto_generichash(h, sizeof h, (const unsigned char *)prev, strlen(prev), NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(q, sizeof q, "INSERT INTO audit VALUES(7, 1, 'mallory', 'login', NULL, NULL, '%s', '%s');"
                          "UPDATE state SET value = '7 %s' WHERE key = 'audit.head'", prev, hex, hex);
    sql(s, q);
    mh_audit_report rep = verify(s);
    assert_false(rep.ok);
    assert_int_equal(rep.bad_seq, 7);
}

static void test_reorder(void **state)
{
    sql(*state, "UPDATE audit SET seq = -1 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4;"
                "UPDATE audit SET seq = 4 WHERE seq = -1");
    mh_audit_report rep = verify(*state);
    assert_false(rep.ok);
    assert_int_equal(rep.bad_seq, 3);
    assert_non_null(strstr(rep.problem, "reordered"));
}

/* Appending after a verified trail keeps it verifying, and entries come back in order. */
typedef struct {
    int n;
    int64_t last;
    char actions[256];
} seen;

static int on_entry(void *vctx, int64_t seq, mh_time at, const char *actor, const char *action, const char *object,
                    const char *detail, const char *hash)
{
    seen *c = vctx;
    (void)at, (void)actor, (void)object, (void)detail;
    assert_true(seq > c->last);
    assert_int_equal(strlen(hash), 64);
    c->last = seq;
    c->n++;
    strncat(c->actions, action, sizeof c->actions - strlen(c->actions) - 2);
    strcat(c->actions, ",");
    return 0;
}

static void test_each(void **state)
{
    mh_err e;
    assert_int_equal(mh_audit_append(*state, "bob", "logout", NULL, NULL, &e), MH_OK);
    seen c = {0};
    assert_int_equal(mh_audit_each(*state, MH_TIME_NONE, MH_TIME_NONE, on_entry, &c, &e), MH_OK);
    assert_int_equal(c.n, 7);
    assert_string_equal(c.actions, "login,read.person,reveal,export,case.close,user.add,logout,");
    assert_true(verify(*state).ok);
    seen none = {0};
    assert_int_equal(mh_audit_each(*state, 0, 1000, on_entry, &none, &e), MH_OK);
    assert_int_equal(none.n, 0);
}

static void test_refuses_bad_input(void **state)
{
    mh_err e;
    assert_int_equal(mh_audit_append(*state, "", "login", NULL, NULL, &e), MH_E_INPUT);
    assert_int_equal(mh_audit_append(*state, "a", "login", "\xff\xfe", NULL, &e), MH_E_INPUT);
    assert_true(verify(*state).ok);
}

static void test_missing_key(void **state)
{
    char p[300];
    snprintf(p, sizeof p, "%s.audit.key", dbpath);
    assert_int_equal(unlink(p), 0);
    mh_audit_report rep;
    mh_err e;
    assert_int_equal(mh_audit_verify(*state, &rep, &e), MH_E_NOTFOUND);
    /* and no new key is made up for a trail that already has entries */
    assert_int_not_equal(mh_audit_append(*state, "a", "login", NULL, NULL, &e), MH_OK);
    assert_int_not_equal(access(p, F_OK), 0);
}

/* ---- retention and purge ---- */

static int64_t count(mh_store *s, const char *q)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(mh_store_db(s), q, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void put_event(mh_store *s, const char *id, const char *when, int64_t src)
{
    mh_time lo, hi;
    mh_err e;
    assert_true(mh_time_parse_iso(when, strlen(when), &lo, &hi, NULL));
    mh_event_rec ev = {.eid = id, .ts = lo, .category = "file", .json = "{}", .json_len = 2};
    mh_put_result r;
    assert_int_equal(mh_store_event_put(s, &ev, src, &r, &e), MH_OK);
}

static void test_purge(void **state)
{
    mh_store *s = *state;
    mh_err e;
    int64_t ecs, other;
    mh_source_info a = {.path = "a.jsonl", .kind = "ecs"}, b = {.path = "b.jsonl", .kind = "ecs"},
                   w = {.path = "w.jsonl", .kind = "ecs", .channel = "whistleblower"};
    int64_t wb;
    assert_int_equal(mh_store_source(s, &w, &wb, &e), MH_OK);
    put_event(s, "mid-w", "2011-05-01", wb);
    put_event(s, "new-w", "2011-06-20", wb);
    assert_int_equal(mh_store_source(s, &a, &ecs, &e), MH_OK);
    assert_int_equal(mh_store_source(s, &b, &other, &e), MH_OK);
    put_event(s, "old-a", "2010-01-01", ecs);
    put_event(s, "new-a", "2011-06-01", ecs);
    put_event(s, "old-b", "2010-01-01", other);
    assert_int_equal(mh_audit_retention_set(s, "ecs", 365, "admin", &e), MH_OK);
    /* the path's own rule wins: b.jsonl is kept ten years */
    assert_int_equal(mh_audit_retention_set(s, "b.jsonl", 3650, "admin", &e), MH_OK);
    /* a protected channel's rule wins over the kind's: 30 days */
    assert_int_equal(mh_audit_retention_set(s, "whistleblower", 30, "admin", &e), MH_OK);
    assert_int_equal(mh_audit_retention_set(s, "ecs", 40000, "admin", &e), MH_E_INPUT);
    mh_time now, hi;
    assert_true(mh_time_parse_iso("2011-07-01", 10, &now, &hi, NULL));
    int64_t ne = -1, nv = -1;
    assert_int_equal(mh_audit_purge(s, now, true, "admin", NULL, NULL, &ne, &nv, &e), MH_OK);
    assert_int_equal(nv, 2);
    assert_int_equal(count(s, "SELECT count(*) FROM events"), 5);
    assert_int_equal(mh_audit_purge(s, now, false, "admin", NULL, NULL, &ne, &nv, &e), MH_OK);
    assert_int_equal(nv, 2);
    assert_int_equal(ne, 0);
    assert_int_equal(count(s, "SELECT count(*) FROM events WHERE eid IN ('old-a', 'mid-w')"), 0);
    assert_int_equal(count(s, "SELECT count(*) FROM events"), 3);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action = 'purge' AND detail LIKE '%\"events\":2%'"), 1);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action = 'retention.set'"), 3);
    assert_true(verify(s).ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_intact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forge_without_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reorder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purge, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
