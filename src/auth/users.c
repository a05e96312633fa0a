/* Accounts: adding, changing password, role or state, and listing. Every change is written
 * to the audit trail in the same transaction (no trail, no change), and a changed
 * password, role or state ends the user's sessions so the change takes effect at once. */
#include "auth_int.h"

#include <stdio.h>
#include <string.h>

static const char *who(const char *actor) { return actor && *actor ? actor : "system"; }

/* Runs SQL on user NAME inside a transaction with its audit entry. */
static mh_status change(mh_store *s, const char *name, const char *sql, const char *sig, const char *v1,
                        int64_t v2, bool end_sessions, const char *actor, const char *action, const char *detail,
                        mh_err *e)
{
    mh_status rc = mh_auth_check_name(name, e);
    if (rc) return rc;
    if ((rc = mh_store_begin(s, e))) return rc;
    int n = 0;
    if (sig[0] == 't') rc = mh_auth_exec(s, sql, "tt", &n, e, v1, name);
    else rc = mh_auth_exec(s, sql, "it", &n, e, v2, name);
    if (!rc && n == 0) rc = mh_err_set(e, MH_E_NOTFOUND, "auth: no user \"%s\"", name);
    if (!rc && end_sessions) rc = mh_auth_exec(s, "DELETE FROM sessions WHERE user = ?1", "t", NULL, e, name);
    if (!rc) rc = mh_audit_append(s, who(actor), action, name, detail, e);
    if (!rc) rc = mh_store_commit(s, e);
    if (rc) mh_store_rollback(s);
    return rc;
}

mh_status mh_auth_user_add(mh_store *s, const char *name, const char *password, mh_role role, const char *actor, mh_err *e)
{
    mh_status rc;
    if ((rc = mh_auth_check_name(name, e)) || (rc = mh_auth_check_new_password(password, e))) return rc;
    if (role == MH_ROLE_NONE) return mh_err_set(e, MH_E_INPUT, "auth: a user needs a role");
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = mh_auth_hash_password(password, hash, e))) return rc;
    if ((rc = mh_store_begin(s, e))) return rc;
    int n = 0;
    rc = mh_auth_exec(s, "INSERT INTO users(name, hash, role, created) VALUES(?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                      "ttti", &n, e, name, hash, mh_role_name(role), (int64_t)mh_auth_now());
    if (!rc && n == 0) rc = mh_err_set(e, MH_E_INPUT, "auth: user \"%s\" already exists", name);
    char detail[64];
    snprintf(detail, sizeof detail, "role=%s", mh_role_name(role));
    if (!rc) rc = mh_audit_append(s, who(actor), "user.add", name, detail, e);
    if (!rc) rc = mh_store_commit(s, e);
    if (rc) mh_store_rollback(s);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

mh_status mh_auth_user_passwd(mh_store *s, const char *name, const char *password, const char *actor, mh_err *e)
{
    mh_status rc = mh_auth_check_new_password(password, e);
    if (rc) return rc;
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = mh_auth_hash_password(password, hash, e))) return rc;
    rc = change(s, name, "UPDATE users SET hash = ?1, failures = 0, locked_until = 0 WHERE name = ?2", "t", hash, 0,
                true, actor, "user.passwd", NULL, e);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

mh_status mh_auth_user_role(mh_store *s, const char *name, mh_role role, const char *actor, mh_err *e)
{
    if (role == MH_ROLE_NONE) return mh_err_set(e, MH_E_INPUT, "auth: not a role");
    char detail[64];
    snprintf(detail, sizeof detail, "role=%s", mh_role_name(role));
    return change(s, name, "UPDATE users SET role = ?1 WHERE name = ?2", "t", mh_role_name(role), 0, true, actor,
                  "user.role", detail, e);
}

mh_status mh_auth_user_disable(mh_store *s, const char *name, bool disabled, const char *actor, mh_err *e)
{
    /* Enabling also lifts a lockout: it is how an administrator lets someone back in. */
    return change(s, name,
                  disabled ? "UPDATE users SET disabled = ?1 WHERE name = ?2"
                           : "UPDATE users SET disabled = ?1, failures = 0, locked_until = 0 WHERE name = ?2",
                  "i", NULL, disabled ? 1 : 0, disabled, actor, disabled ? "user.disable" : "user.enable", NULL, e);
}

mh_status mh_auth_user_each(mh_store *s, mh_auth_user_fn fn, void *ctx, mh_err *e)
{
    sqlite3 *db = mh_store_db(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT name, role, disabled, created FROM users ORDER BY name", -1, &st, NULL) != SQLITE_OK)
        return mh_err_set(e, MH_E_STORE, "auth: %s", sqlite3_errmsg(db));
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(ctx, (const char *)sqlite3_column_text(st, 0), mh_role_parse((const char *)sqlite3_column_text(st, 1)),
               sqlite3_column_int(st, 2) != 0, sqlite3_column_int64(st, 3)))
            break;
    mh_status rc = r == SQLITE_ROW || r == SQLITE_DONE ? MH_OK : mh_err_set(e, MH_E_STORE, "auth: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

mh_status mh_auth_user_count(mh_store *s, size_t *n, mh_err *e)
{
    sqlite3 *db = mh_store_db(s);
    sqlite3_stmt *st;
    *n = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM users WHERE disabled = 0", -1, &st, NULL) != SQLITE_OK)
        return mh_err_set(e, MH_E_STORE, "auth: %s", sqlite3_errmsg(db));
    mh_status rc = MH_OK;
    if (sqlite3_step(st) == SQLITE_ROW) *n = (size_t)sqlite3_column_int64(st, 0);
    else rc = mh_err_set(e, MH_E_STORE, "auth: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}
