/* Unit tests for accounts and sessions: argon2id hashes, roles, lockout after repeated
 * failures, idle and absolute timeouts (on a clock the test moves), CSRF comparison,
 * disabled users, session fixation, and the audit entries all of these leave. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "molehunt/mh_audit.h"
#include "molehunt/mh_auth.h"

#define PW "correct horse battery"
#define MIN (60 * 1000)

static char dbpath[256];
static mh_time fake_now;
static mh_time test_clock(void) { return fake_now; }

static void remove_files(void)
{
    const char *suffix[] = {"", "-wal", "-shm", ".audit.key"};
    for (size_t i = 0; i < 4; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s%s", dbpath, suffix[i]);
        unlink(p);
    }
}

static int setup(void **state)
{
    snprintf(dbpath, sizeof dbpath, "/tmp/mh-test-auth-%d.db", (int)getpid());
    remove_files();
    fake_now = 1300000000000;
    mh_auth_set_clock(test_clock);
    mh_store *s;
    mh_err e;
    if (mh_store_open(dbpath, &s, &e)) return -1;
    if (mh_auth_user_add(s, "alice", PW, MH_ROLE_INVESTIGATOR, "root", &e)) return -1;
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    mh_store_close(*state);
    mh_auth_set_clock(NULL);
    remove_files();
    return 0;
}

static int64_t count(mh_store *s, const char *q)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(mh_store_db(s), q, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_roles(void **state)
{
    (void)state;
    for (mh_role r = MH_ROLE_ADMIN; r <= MH_ROLE_AUDITOR; r++) assert_int_equal(mh_role_parse(mh_role_name(r)), r);
    assert_int_equal(mh_role_parse("root"), MH_ROLE_NONE);
    assert_int_equal(mh_role_parse(NULL), MH_ROLE_NONE);
}

/* The stored hash is argon2id, salted (two users with one password get different hashes). */
static void test_hash(void **state)
{
    mh_store *s = *state;
    mh_err e;
    assert_int_equal(mh_auth_user_add(s, "bob", PW, MH_ROLE_ANALYST, "root", &e), MH_OK);
    assert_int_equal(count(s, "SELECT count(*) FROM users WHERE hash LIKE '$argon2id$%'"), 2);
    assert_int_equal(count(s, "SELECT count(DISTINCT hash) FROM users"), 2);
    assert_int_equal(count(s, "SELECT count(*) FROM users WHERE hash LIKE '%horse%'"), 0);
}

static void test_add_refusals(void **state)
{
    mh_store *s = *state;
    mh_err e;
    assert_int_equal(mh_auth_user_add(s, "carol", "short", MH_ROLE_ANALYST, "root", &e), MH_E_INPUT);
    assert_int_equal(mh_auth_user_add(s, "alice", PW, MH_ROLE_ANALYST, "root", &e), MH_E_INPUT);
    assert_int_equal(mh_auth_user_add(s, "x' OR 1=1 --", PW, MH_ROLE_ANALYST, "root", &e), MH_E_INPUT);
    assert_int_equal(mh_auth_user_add(s, "../etc", PW, MH_ROLE_ANALYST, "root", &e), MH_E_INPUT);
    assert_int_equal(mh_auth_user_add(s, "carol", PW, MH_ROLE_NONE, "root", &e), MH_E_INPUT);
    size_t n = 0;
    assert_int_equal(mh_auth_user_count(s, &n, &e), MH_OK);
    assert_int_equal(n, 1);
}

static void test_login_and_session(void **state)
{
    mh_store *s = *state;
    mh_err e;
    mh_auth_session a, b, c;
    assert_int_equal(mh_auth_login(s, NULL, "alice", PW, "10.0.0.1", &a, &e), MH_OK);
    assert_string_equal(a.user, "alice");
    assert_int_equal(a.role, MH_ROLE_INVESTIGATOR);
    assert_int_equal(strlen(a.token), 43);
    /* only the token's hash is stored */
    char q[256];
    snprintf(q, sizeof q, "SELECT count(*) FROM sessions WHERE token_hash = '%s'", a.token);
    assert_int_equal(count(s, q), 0);
    assert_int_equal(count(s, "SELECT count(*) FROM sessions"), 1);
    assert_int_equal(mh_auth_session_check(s, NULL, a.token, &b, &e), MH_OK);
    assert_string_equal(b.user, "alice");
    assert_string_equal(b.csrf, a.csrf);
    /* a second login gets a new token (no fixation), both are distinct */
    assert_int_equal(mh_auth_login(s, NULL, "alice", PW, "10.0.0.1", &c, &e), MH_OK);
    assert_string_not_equal(a.token, c.token);
    assert_string_not_equal(a.csrf, c.csrf);
    assert_int_equal(mh_auth_logout(s, a.token, &e), MH_OK);
    assert_int_equal(mh_auth_session_check(s, NULL, a.token, &b, &e), MH_E_DENIED);
    assert_int_equal(mh_auth_session_check(s, NULL, c.token, &b, &e), MH_OK);
    /* tokens of the wrong shape never reach the store */
    assert_int_equal(mh_auth_session_check(s, NULL, "' OR 1=1 --", &b, &e), MH_E_DENIED);
    assert_int_equal(mh_auth_session_check(s, NULL, NULL, &b, &e), MH_E_DENIED);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action = 'login' AND actor = 'alice'"), 2);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action = 'logout'"), 1);
}

static void test_wrong_password_is_vague(void **state)
{
    mh_store *s = *state;
    mh_err e1, e2;
    mh_auth_session a;
    assert_int_equal(mh_auth_login(s, NULL, "alice", "wrong password!", "c", &a, &e1), MH_E_DENIED);
    assert_int_equal(mh_auth_login(s, NULL, "nobody", "wrong password!", "c", &a, &e2), MH_E_DENIED);
    assert_string_equal(e1.msg, e2.msg);
    assert_int_equal(a.token[0], 0);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action = 'login.fail'"), 2);
}

static void test_lockout(void **state)
{
    mh_store *s = *state;
    mh_err e;
    mh_auth_session a;
    mh_auth_policy p;
    mh_auth_policy_default(&p);
    p.max_failures = 3;
    p.lockout_minutes = 15;
    for (int i = 0; i < 3; i++) assert_int_equal(mh_auth_login(s, &p, "alice", "guess number one", "c", &a, &e), MH_E_DENIED);
    /* locked: even the right password is refused */
    assert_int_equal(mh_auth_login(s, &p, "alice", PW, "c", &a, &e), MH_E_DENIED);
    fake_now += 14 * MIN;
    assert_int_equal(mh_auth_login(s, &p, "alice", PW, "c", &a, &e), MH_E_DENIED);
    fake_now += 2 * MIN;
    assert_int_equal(mh_auth_login(s, &p, "alice", PW, "c", &a, &e), MH_OK);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE detail LIKE '%account locked%'"), 1);
    /* success resets the count: two failures do not lock */
    for (int i = 0; i < 2; i++) assert_int_equal(mh_auth_login(s, &p, "alice", "guess number two", "c", &a, &e), MH_E_DENIED);
    assert_int_equal(mh_auth_login(s, &p, "alice", PW, "c", &a, &e), MH_OK);
}

static void test_idle_timeout(void **state)
{
    mh_store *s = *state;
    mh_err e;
    mh_auth_session a, b;
    mh_auth_policy p;
    mh_auth_policy_default(&p);
    assert_int_equal(mh_auth_login(s, &p, "alice", PW, "c", &a, &e), MH_OK);
    /* use keeps it alive */
    for (int i = 0; i < 4; i++) {
        fake_now += 29 * MIN;
        assert_int_equal(mh_auth_session_check(s, &p, a.token, &b, &e), MH_OK);
        assert_int_equal(b.last_seen, fake_now);
        assert_int_equal(b.expires, fake_now + 30 * MIN);
    }
    fake_now += 30 * MIN;
    assert_int_equal(mh_auth_session_check(s, &p, a.token, &b, &e), MH_E_DENIED);
    assert_int_equal(count(s, "SELECT count(*) FROM sessions"), 0);
}

static void test_absolute_timeout(void **state)
{
    mh_store *s = *state;
    mh_err e;
    mh_auth_session a, b;
    mh_auth_policy p;
    mh_auth_policy_default(&p);
    p.absolute_minutes = 60;
    assert_int_equal(mh_auth_login(s, &p, "alice", PW, "c", &a, &e), MH_OK);
    fake_now += 25 * MIN;
    assert_int_equal(mh_auth_session_check(s, &p, a.token, &b, &e), MH_OK);
    fake_now += 25 * MIN;
    assert_int_equal(mh_auth_session_check(s, &p, a.token, &b, &e), MH_OK);
    assert_int_equal(b.expires, a.created + 60 * MIN);
    fake_now += 10 * MIN;
    assert_int_equal(mh_auth_session_check(s, &p, a.token, &b, &e), MH_E_DENIED);
}

static void test_expire_sweep(void **state)
{
    mh_store *s = *state;
    mh_err e;
    mh_auth_session a;
    assert_int_equal(mh_auth_login(s, NULL, "alice", PW, "c", &a, &e), MH_OK);
    size_t n = 9;
    assert_int_equal(mh_auth_sessions_expire(s, NULL, &n, &e), MH_OK);
    assert_int_equal(n, 0);
    fake_now += 31 * MIN;
    assert_int_equal(mh_auth_sessions_expire(s, NULL, &n, &e), MH_OK);
    assert_int_equal(n, 1);
}

static void test_csrf(void **state)
{
    mh_store *s = *state;
    mh_err e;
    mh_auth_session a;
    assert_int_equal(mh_auth_login(s, NULL, "alice", PW, "c", &a, &e), MH_OK);
    assert_true(mh_auth_csrf_ok(&a, a.csrf));
    char other[80];
    snprintf(other, sizeof other, "%s", a.csrf);
    other[5] = other[5] == 'A' ? 'B' : 'A';
    assert_false(mh_auth_csrf_ok(&a, other));
    other[strlen(other) - 1] = 0;
    assert_false(mh_auth_csrf_ok(&a, other));
    assert_false(mh_auth_csrf_ok(&a, ""));
    assert_false(mh_auth_csrf_ok(&a, NULL));
    assert_false(mh_auth_csrf_ok(&a, a.token));
    mh_auth_session blank = {0};
    assert_false(mh_auth_csrf_ok(&blank, ""));
}

static void test_disable_ends_sessions(void **state)
{
    mh_store *s = *state;
    mh_err e;
    mh_auth_session a, b;
    assert_int_equal(mh_auth_login(s, NULL, "alice", PW, "c", &a, &e), MH_OK);
    assert_int_equal(mh_auth_user_disable(s, "alice", true, "root", &e), MH_OK);
    assert_int_equal(mh_auth_session_check(s, NULL, a.token, &b, &e), MH_E_DENIED);
    assert_int_equal(mh_auth_login(s, NULL, "alice", PW, "c", &a, &e), MH_E_DENIED);
    size_t n = 9;
    assert_int_equal(mh_auth_user_count(s, &n, &e), MH_OK);
    assert_int_equal(n, 0);
    assert_int_equal(mh_auth_user_disable(s, "alice", false, "root", &e), MH_OK);
    assert_int_equal(mh_auth_login(s, NULL, "alice", PW, "c", &a, &e), MH_OK);
    assert_int_equal(mh_auth_user_disable(s, "nobody", true, "root", &e), MH_E_NOTFOUND);
}

static void test_role_and_passwd(void **state)
{
    mh_store *s = *state;
    mh_err e;
    mh_auth_session a, b;
    assert_int_equal(mh_auth_login(s, NULL, "alice", PW, "c", &a, &e), MH_OK);
    assert_int_equal(mh_auth_user_role(s, "alice", MH_ROLE_AUDITOR, "root", &e), MH_OK);
    /* the old session, carrying the old role, is gone */
    assert_int_equal(mh_auth_session_check(s, NULL, a.token, &b, &e), MH_E_DENIED);
    assert_int_equal(mh_auth_login(s, NULL, "alice", PW, "c", &a, &e), MH_OK);
    assert_int_equal(a.role, MH_ROLE_AUDITOR);
    assert_int_equal(mh_auth_user_passwd(s, "alice", "a new long password", "root", &e), MH_OK);
    assert_int_equal(mh_auth_login(s, NULL, "alice", PW, "c", &b, &e), MH_E_DENIED);
    assert_int_equal(mh_auth_login(s, NULL, "alice", "a new long password", "c", &b, &e), MH_OK);
    assert_int_equal(mh_auth_user_passwd(s, "alice", "tooshort", "root", &e), MH_E_INPUT);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE actor = 'root' AND object = 'alice'"), 3);
    mh_audit_report rep;
    assert_int_equal(mh_audit_verify(s, &rep, &e), MH_OK);
    assert_true(rep.ok);
}

typedef struct {
    int n;
    char text[256];
} listing;

static int on_user(void *vctx, const char *name, mh_role role, bool disabled, mh_time created)
{
    listing *l = vctx;
    l->n++;
    size_t k = strlen(l->text);
    snprintf(l->text + k, sizeof l->text - k, "%s:%s:%d:%d;", name, mh_role_name(role), disabled, created == fake_now);
    return 0;
}

static void test_list(void **state)
{
    mh_store *s = *state;
    mh_err e;
    assert_int_equal(mh_auth_user_add(s, "aaron", PW, MH_ROLE_ADMIN, "root", &e), MH_OK);
    assert_int_equal(mh_auth_user_disable(s, "aaron", true, "root", &e), MH_OK);
    listing l = {0};
    assert_int_equal(mh_auth_user_each(s, on_user, &l, &e), MH_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.text, "aaron:admin:1:1;alice:investigator:0:1;");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_and_session, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_password_is_vague, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_idle_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_absolute_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expire_sweep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csrf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disable_ends_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_role_and_passwd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
