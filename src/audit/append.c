/* Appending to the audit trail. Reading the last hash and inserting the next entry happen
 * in one write transaction, so two processes (the console and the CLI) appending at once
 * still form a single chain. The head (last seq and hash) is also kept in the state table:
 * verify compares it with the last row, so cutting entries off the end is noticed. */
#include "audit_int.h"

#include <string.h>

#define MAX_TEXT (64 * 1024)

static bool text_ok(const char *s, bool required)
{
    if (!s) return !required;
    size_t n = strlen(s);
    return (!required || n > 0) && n <= MAX_TEXT && mh_utf8_valid(s, n, NULL);
}

static mh_status sqlerr(sqlite3 *db, mh_err *e, const char *what)
{
    return mh_err_set(e, MH_E_STORE, "audit: %s: %s", what, sqlite3_errmsg(db));
}

static mh_status append_locked(sqlite3 *db, const mh_audit_key *k, mh_audit_entry *en, mh_err *e)
{
    sqlite3_stmt *st = NULL;
    mh_status rc = MH_OK;
    char prev[MH_AUDIT_HEX] = MH_AUDIT_GENESIS, hash[MH_AUDIT_HEX];
    en->seq = 1;
    if (sqlite3_prepare_v2(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
        rc = sqlerr(db, e, "read head");
        goto out;
    }
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        en->seq = sqlite3_column_int64(st, 0) + 1;
        const char *h = (const char *)sqlite3_column_text(st, 1);
        snprintf(prev, sizeof prev, "%s", h ? h : "");
    } else if (r != SQLITE_DONE) {
        rc = sqlerr(db, e, "read head");
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    en->prev_hash = prev;
    mh_audit_entry_hash(k, en, hash);
    if (sqlite3_prepare_v2(db, "INSERT INTO audit(seq, at, actor, action, object, detail, prev_hash, hash) "
                               "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &st, NULL) != SQLITE_OK) {
        rc = sqlerr(db, e, "append");
        goto out;
    }
    sqlite3_bind_int64(st, 1, en->seq);
    sqlite3_bind_int64(st, 2, en->at);
    sqlite3_bind_text(st, 3, en->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, en->action, -1, SQLITE_STATIC);
    if (en->object) sqlite3_bind_text(st, 5, en->object, -1, SQLITE_STATIC);
    if (en->detail) sqlite3_bind_text(st, 6, en->detail, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, prev, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, hash, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = sqlerr(db, e, "append");
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    char head[128];
    snprintf(head, sizeof head, "%lld %s", (long long)en->seq, hash);
    if (sqlite3_prepare_v2(db, "INSERT INTO state(key, value) VALUES('audit.head', ?1) "
                               "ON CONFLICT(key) DO UPDATE SET value = excluded.value", -1, &st, NULL) != SQLITE_OK) {
        rc = sqlerr(db, e, "head");
        goto out;
    }
    sqlite3_bind_text(st, 1, head, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = sqlerr(db, e, "head");
out:
    sqlite3_finalize(st);
    return rc;
}

mh_status mh_audit_append(mh_store *s, const char *actor, const char *action, const char *object, const char *detail,
                          mh_err *e)
{
    if (!text_ok(actor, true) || !text_ok(action, true) || !text_ok(object, false) || !text_ok(detail, false))
        return mh_err_set(e, MH_E_INPUT, "audit: actor and action are required; texts must be UTF-8 up to %d bytes",
                          MAX_TEXT);
    sqlite3 *db = mh_store_db(s);
    bool own = sqlite3_get_autocommit(db) != 0;
    mh_audit_key k;
    /* A key may be created only for a trail that is still empty. */
    bool empty = true;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM audit LIMIT 1", -1, &st, NULL) != SQLITE_OK) return sqlerr(db, e, "read");
    empty = sqlite3_step(st) != SQLITE_ROW;
    sqlite3_finalize(st);
    mh_status rc = mh_audit_key_load(s, empty, &k, e);
    if (rc) return rc;
    if (sqlite3_exec(db, own ? "BEGIN IMMEDIATE" : "SAVEPOINT mh_audit", NULL, NULL, NULL) != SQLITE_OK) {
        rc = sqlerr(db, e, "begin");
        goto out;
    }
    mh_audit_entry en = {.at = mh_audit_now(), .actor = actor, .action = action, .object = object, .detail = detail};
    rc = append_locked(db, &k, &en, e);
    if (rc) {
        sqlite3_exec(db, own ? "ROLLBACK" : "ROLLBACK TO mh_audit; RELEASE mh_audit", NULL, NULL, NULL);
        goto out;
    }
    if (sqlite3_exec(db, own ? "COMMIT" : "RELEASE mh_audit", NULL, NULL, NULL) != SQLITE_OK) {
        rc = sqlerr(db, e, "commit");
        if (own) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    }
out:
    sodium_memzero(&k, sizeof k);
    return rc;
}
