/* Retention rules: one number of days per source kind or source path. Kept beside the
 * audit trail because every change to them is an oversight matter and is audited. */
#include "audit_int.h"

#include <stdio.h>
#include <string.h>

mh_status mh_audit_retention_set(mh_store *s, const char *target, int days, const char *actor, mh_err *e)
{
    size_t n = target ? strlen(target) : 0;
    if (n == 0 || n > 4096 || !mh_utf8_valid(target, n, NULL))
        return mh_err_set(e, MH_E_INPUT, "retention: name a source kind or path");
    if (days < 0 || days > 36500) return mh_err_set(e, MH_E_INPUT, "retention: days must be 1..36500 (0 removes the rule)");
    sqlite3 *db = mh_store_db(s);
    mh_status rc = mh_store_begin(s, e);
    if (rc) return rc;
    sqlite3_stmt *st = NULL;
    const char *sql = days ? "INSERT INTO retention(target, days) VALUES(?1, ?2) "
                             "ON CONFLICT(target) DO UPDATE SET days = excluded.days"
                           : "DELETE FROM retention WHERE target = ?1";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = mh_err_set(e, MH_E_STORE, "retention: %s", sqlite3_errmsg(db));
        goto out;
    }
    sqlite3_bind_text(st, 1, target, -1, SQLITE_STATIC);
    if (days) sqlite3_bind_int(st, 2, days);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = mh_err_set(e, MH_E_STORE, "retention: %s", sqlite3_errmsg(db));
        goto out;
    }
    if (!days && sqlite3_changes(db) == 0) {
        rc = mh_err_set(e, MH_E_NOTFOUND, "retention: no rule for \"%s\"", target);
        goto out;
    }
    char detail[32];
    snprintf(detail, sizeof detail, "days=%d", days);
    rc = mh_audit_append(s, actor && *actor ? actor : "system", days ? "retention.set" : "retention.clear", target,
                         days ? detail : NULL, e);
out:
    sqlite3_finalize(st);
    if (!rc) rc = mh_store_commit(s, e);
    if (rc) mh_store_rollback(s);
    return rc;
}

mh_status mh_audit_retention_each(mh_store *s, mh_audit_retention_fn fn, void *ctx, mh_err *e)
{
    sqlite3 *db = mh_store_db(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT target, days FROM retention ORDER BY target", -1, &st, NULL) != SQLITE_OK)
        return mh_err_set(e, MH_E_STORE, "retention: %s", sqlite3_errmsg(db));
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1))) break;
    mh_status rc = r == SQLITE_ROW || r == SQLITE_DONE ? MH_OK : mh_err_set(e, MH_E_STORE, "retention: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}
