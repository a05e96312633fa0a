/* Reading the audit trail in order, for `audit export` and the console's auditor view. */
#include "audit_int.h"

mh_status mh_audit_each(mh_store *s, mh_time from, mh_time to, mh_audit_fn fn, void *ctx, mh_err *e)
{
    sqlite3 *db = mh_store_db(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT seq, at, actor, action, object, detail, hash FROM audit "
                               "WHERE at >= ?1 AND at <= ?2 ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
        return mh_err_set(e, MH_E_STORE, "audit: read: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(st, 1, from == MH_TIME_NONE ? INT64_MIN : from);
    sqlite3_bind_int64(st, 2, to == MH_TIME_NONE ? INT64_MAX : to);
    mh_status rc = MH_OK;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), (const char *)sqlite3_column_text(st, 2),
               (const char *)sqlite3_column_text(st, 3), (const char *)sqlite3_column_text(st, 4),
               (const char *)sqlite3_column_text(st, 5), (const char *)sqlite3_column_text(st, 6)))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE) rc = mh_err_set(e, MH_E_STORE, "audit: read: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}
