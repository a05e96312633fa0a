/* Logging in and out. A failed login never says why (unknown name, wrong password,
 * disabled or locked account all read the same and cost the same argon2id time), but the
 * audit trail does. After policy->max_failures wrong passwords in a row the account is
 * locked for policy->lockout_minutes: that is the rate limit an online guesser meets. */
#include "auth_int.h"

#include <stdio.h>
#include <string.h>

mh_status mh_auth_session_create(mh_store *s, const char *user, mh_role role, mh_auth_session *out, mh_err *e);

static void fail_audit(mh_store *s, const char *name, bool name_ok, const char *client, const char *why)
{
    char detail[256];
    snprintf(detail, sizeof detail, "client=%.120s reason=%s", client && mh_utf8_valid(client, strlen(client), NULL) ? client : "?",
             why);
    mh_err ignore;
    mh_audit_append(s, name_ok ? name : "unknown", "login.fail", name_ok ? name : NULL, detail, &ignore);
}

static mh_status denied(mh_err *e)
{
    return mh_err_set(e, MH_E_DENIED, "login failed: wrong name or password, or the account is disabled or locked");
}

mh_status mh_auth_login(mh_store *s, const mh_auth_policy *p, const char *name, const char *password, const char *client,
                        mh_auth_session *out, mh_err *e)
{
    mh_auth_policy def;
    if (!p) {
        mh_auth_policy_default(&def);
        p = &def;
    }
    memset(out, 0, sizeof *out);
    if (!password) password = "";
    mh_err tmp;
    bool name_ok = mh_auth_check_name(name, &tmp) == MH_OK;
    char hash[crypto_pwhash_STRBYTES] = "";
    char role[32] = "";
    int disabled = 0, failures = 0;
    int64_t locked_until = 0;
    bool found = false;
    if (name_ok) {
        sqlite3 *db = mh_store_db(s);
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, "SELECT hash, role, disabled, failures, locked_until FROM users WHERE name = ?1", -1,
                               &st, NULL) != SQLITE_OK)
            return mh_err_set(e, MH_E_STORE, "auth: %s", sqlite3_errmsg(db));
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            found = true;
            snprintf(hash, sizeof hash, "%s", (const char *)sqlite3_column_text(st, 0));
            snprintf(role, sizeof role, "%s", (const char *)sqlite3_column_text(st, 1));
            disabled = sqlite3_column_int(st, 2);
            failures = sqlite3_column_int(st, 3);
            locked_until = sqlite3_column_int64(st, 4);
        }
        sqlite3_finalize(st);
    }
    mh_time now = mh_auth_now();
    if (!found || disabled || locked_until > now) {
        mh_auth_check_password(NULL, password);
        fail_audit(s, name, name_ok, client, !found ? "unknown user" : disabled ? "disabled" : "locked");
        return denied(e);
    }
    if (!mh_auth_check_password(hash, password)) {
        failures++;
        bool lock = p->max_failures > 0 && failures >= p->max_failures;
        mh_auth_exec(s, "UPDATE users SET failures = ?1, locked_until = ?2 WHERE name = ?3", "iit", NULL, e,
                     (int64_t)(lock ? 0 : failures), (int64_t)(lock ? now + (int64_t)p->lockout_minutes * 60000 : 0), name);
        fail_audit(s, name, true, client, lock ? "wrong password; account locked" : "wrong password");
        return denied(e);
    }
    mh_role r = mh_role_parse(role);
    if (r == MH_ROLE_NONE) {
        fail_audit(s, name, true, client, "no valid role");
        return denied(e);
    }
    mh_status rc = mh_store_begin(s, e);
    if (rc) return rc;
    if (!(rc = mh_auth_exec(s, "UPDATE users SET failures = 0, locked_until = 0 WHERE name = ?1", "t", NULL, e, name)) &&
        !(rc = mh_auth_session_create(s, name, r, out, e))) {
        char detail[160];
        snprintf(detail, sizeof detail, "client=%.120s", client && mh_utf8_valid(client, strlen(client), NULL) ? client : "?");
        rc = mh_audit_append(s, name, "login", name, detail, e);
    }
    if (!rc) rc = mh_store_commit(s, e);
    if (rc) {
        mh_store_rollback(s);
        sodium_memzero(out, sizeof *out);
    }
    return rc;
}
