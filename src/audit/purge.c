/* The purge: records older than their source's retention are deleted, in one transaction
 * with the audit entry that says how many went from where. An entity's age is its latest
 * date (t_hi, else t_lo), so an interval still running inside the period is kept. */
#include "audit_int.h"

#include <stdio.h>
#include <string.h>

/* Each source with the days that apply to it: its path's rule, else its protected
 * channel's (e.g. "whistleblower"), else its kind's ("records", "watchlist"). */
#define RULES                                                                                                          \
    "WITH r AS (SELECT s.id AS sid, s.path, s.kind, COALESCE((SELECT days FROM retention WHERE target = s.path),"     \
    " (SELECT days FROM retention WHERE s.channel != '' AND target = s.channel),"                                      \
    " (SELECT days FROM retention WHERE target = s.kind)) AS days FROM sources s) "
#define OLD_ENTITIES                                                                                                   \
    "SELECT x.rid FROM entities x JOIN r ON r.sid = x.source_id WHERE r.days IS NOT NULL"                              \
    " AND COALESCE(x.t_hi, x.t_lo) IS NOT NULL AND COALESCE(x.t_hi, x.t_lo) < ?1 - r.days * 86400000"
#define OLD_EVENTS                                                                                                     \
    "SELECT x.rid FROM events x JOIN r ON r.sid = x.source_id WHERE r.days IS NOT NULL AND x.ts < ?1 - r.days * 86400000"

static const char *const count_sql =
    RULES "SELECT r.path, r.kind, r.days,"
          " (SELECT count(*) FROM entities x WHERE x.source_id = r.sid AND x.rid IN (" OLD_ENTITIES ")),"
          " (SELECT count(*) FROM events x WHERE x.source_id = r.sid AND x.rid IN (" OLD_EVENTS "))"
          " FROM r WHERE r.days IS NOT NULL ORDER BY r.path, r.kind";

static mh_status run(sqlite3 *db, const char *sql, mh_time now, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return mh_err_set(e, MH_E_STORE, "purge: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(st, 1, now);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    if (r != SQLITE_DONE) return mh_err_set(e, MH_E_STORE, "purge: %s", sqlite3_errmsg(db));
    return MH_OK;
}

mh_status mh_audit_purge(mh_store *s, mh_time now, bool dry_run, const char *actor, mh_audit_purge_fn fn, void *ctx,
                         int64_t *entities, int64_t *events, mh_err *e)
{
    sqlite3 *db = mh_store_db(s);
    int64_t ne = 0, nv = 0;
    sqlite3_stmt *st = NULL;
    mh_status rc = mh_store_begin(s, e);
    if (rc) return rc;
    if (sqlite3_prepare_v2(db, count_sql, -1, &st, NULL) != SQLITE_OK) {
        rc = mh_err_set(e, MH_E_STORE, "purge: %s", sqlite3_errmsg(db));
        goto out;
    }
    sqlite3_bind_int64(st, 1, now);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t a = sqlite3_column_int64(st, 3), b = sqlite3_column_int64(st, 4);
        ne += a;
        nv += b;
        if (fn && (a || b))
            fn(ctx, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
               sqlite3_column_int(st, 2), a, b);
    }
    if (r != SQLITE_DONE) {
        rc = mh_err_set(e, MH_E_STORE, "purge: %s", sqlite3_errmsg(db));
        goto out;
    }
    if (dry_run) goto out;
    if ((rc = run(db, RULES "DELETE FROM entities WHERE rid IN (" OLD_ENTITIES ")", now, e))) goto out;
    if ((rc = run(db, RULES "DELETE FROM events WHERE rid IN (" OLD_EVENTS ")", now, e))) goto out;
    char detail[128];
    snprintf(detail, sizeof detail, "{\"entities\":%lld,\"events\":%lld}", (long long)ne, (long long)nv);
    rc = mh_audit_append(s, actor && *actor ? actor : "system", "purge", NULL, detail, e);
out:
    sqlite3_finalize(st);
    if (!rc) rc = mh_store_commit(s, e);
    if (rc) mh_store_rollback(s);
    if (entities) *entities = rc ? 0 : ne;
    if (events) *events = rc ? 0 : nv;
    return rc;
}
