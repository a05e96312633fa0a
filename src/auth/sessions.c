/* Sessions: a random token (the cookie) stored only as its BLAKE2b hash, so a copy of the
 * store hands out no live sessions; a random CSRF token per session; idle and absolute
 * timeouts checked on every use. A fresh token at every login means a token planted
 * before login (session fixation) is never the one that gets the privileges. */
#include "auth_int.h"

#include <stdio.h>
#include <string.h>

static void random_token(char *out, size_t n)
{
    unsigned char b[32];
    randombytes_buf(b, sizeof b);
    sodium_bin2base64(out, n, b, sizeof b, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(b, sizeof b);
}

/* Tokens we issue are 43 URL-safe base64 characters; anything else is refused unhashed. */
static bool token_shape_ok(const char *t)
{
    if (!t) return false;
    size_t n = strlen(t);
    if (n != 43) return false;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

static void token_hash(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* Used by login.c. */
mh_status mh_auth_session_create(mh_store *s, const char *user, mh_role role, mh_auth_session *out, mh_err *e);
mh_status mh_auth_session_create(mh_store *s, const char *user, mh_role role, mh_auth_session *out, mh_err *e)
{
    if (sodium_init() < 0) return mh_err_set(e, MH_E_INTERNAL, "libsodium failed to initialise");
    memset(out, 0, sizeof *out);
    random_token(out->token, sizeof out->token);
    random_token(out->csrf, sizeof out->csrf);
    snprintf(out->user, sizeof out->user, "%s", user);
    out->role = role;
    out->created = out->last_seen = mh_auth_now();
    char th[65];
    token_hash(out->token, th);
    return mh_auth_exec(s, "INSERT INTO sessions(token_hash, user, csrf, created, last_seen) VALUES(?1, ?2, ?3, ?4, ?5)",
                        "tttii", NULL, e, th, user, out->csrf, (int64_t)out->created, (int64_t)out->last_seen);
}

static mh_status gone(mh_err *e) { return mh_err_set(e, MH_E_DENIED, "session expired or unknown: log in again"); }

mh_status mh_auth_session_check(mh_store *s, const mh_auth_policy *p, const char *token, mh_auth_session *out, mh_err *e)
{
    mh_auth_policy def;
    if (!p) {
        mh_auth_policy_default(&def);
        p = &def;
    }
    memset(out, 0, sizeof *out);
    if (!token_shape_ok(token)) return gone(e);
    char th[65];
    token_hash(token, th);
    sqlite3 *db = mh_store_db(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT s.user, s.csrf, s.created, s.last_seen, u.role, u.disabled FROM sessions s "
                               "JOIN users u ON u.name = s.user WHERE s.token_hash = ?1", -1, &st, NULL) != SQLITE_OK)
        return mh_err_set(e, MH_E_STORE, "auth: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, th, -1, SQLITE_STATIC);
    bool found = sqlite3_step(st) == SQLITE_ROW, disabled = false;
    if (found) {
        snprintf(out->user, sizeof out->user, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(out->csrf, sizeof out->csrf, "%s", (const char *)sqlite3_column_text(st, 1));
        out->created = sqlite3_column_int64(st, 2);
        out->last_seen = sqlite3_column_int64(st, 3);
        out->role = mh_role_parse((const char *)sqlite3_column_text(st, 4));
        disabled = sqlite3_column_int(st, 5) != 0;
    }
    sqlite3_finalize(st);
    if (!found) return gone(e);
    mh_time now = mh_auth_now(), idle = (mh_time)p->idle_minutes * 60000, abs = (mh_time)p->absolute_minutes * 60000;
    if (disabled || out->role == MH_ROLE_NONE || now - out->last_seen >= idle || now - out->created >= abs) {
        mh_auth_exec(s, "DELETE FROM sessions WHERE token_hash = ?1", "t", NULL, e, th);
        memset(out, 0, sizeof *out);
        return gone(e);
    }
    mh_status rc = mh_auth_exec(s, "UPDATE sessions SET last_seen = ?1 WHERE token_hash = ?2", "it", NULL, e,
                                (int64_t)now, th);
    if (rc) return rc;
    out->last_seen = now;
    out->expires = MH_MIN(now + idle, out->created + abs);
    snprintf(out->token, sizeof out->token, "%s", token);
    return MH_OK;
}

mh_status mh_auth_logout(mh_store *s, const char *token, mh_err *e)
{
    if (!token_shape_ok(token)) return MH_OK;
    char th[65], user[64] = "";
    token_hash(token, th);
    sqlite3 *db = mh_store_db(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "DELETE FROM sessions WHERE token_hash = ?1 RETURNING user", -1, &st, NULL) != SQLITE_OK)
        return mh_err_set(e, MH_E_STORE, "auth: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, th, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) snprintf(user, sizeof user, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (!user[0]) return MH_OK;
    return mh_audit_append(s, user, "logout", user, NULL, e);
}

mh_status mh_auth_sessions_expire(mh_store *s, const mh_auth_policy *p, size_t *n, mh_err *e)
{
    mh_auth_policy def;
    if (!p) {
        mh_auth_policy_default(&def);
        p = &def;
    }
    mh_time now = mh_auth_now();
    int changed = 0;
    mh_status rc = mh_auth_exec(s, "DELETE FROM sessions WHERE last_seen <= ?1 OR created <= ?2", "ii", &changed, e,
                                (int64_t)(now - (mh_time)p->idle_minutes * 60000),
                                (int64_t)(now - (mh_time)p->absolute_minutes * 60000));
    if (n) *n = rc ? 0 : (size_t)changed;
    return rc;
}

bool mh_auth_csrf_ok(const mh_auth_session *sess, const char *presented)
{
    if (!sess || !presented || !sess->csrf[0]) return false;
    size_t n = strlen(sess->csrf);
    if (strlen(presented) != n) return false;
    return sodium_memcmp(sess->csrf, presented, n) == 0;
}
