/* Activity events: stored as given, deduplicated by event id, read back in
 * (timestamp, arrival) order for the rule engine. */
#include "store_int.h"

mh_status mh_store_event_put(mh_store *s, const mh_event_rec *ev, int64_t source_id, mh_put_result *res, mh_err *e)
{
    sqlite3_stmt *st = mh_store_stmt(s, ST_EVT_INSERT, e);
    if (!st) return MH_E_STORE;
    sqlite3_bind_text(st, 1, ev->eid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, ev->ts);
    if (ev->category) sqlite3_bind_text(st, 3, ev->category, -1, SQLITE_STATIC);
    if (ev->user_id) sqlite3_bind_text(st, 4, ev->user_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, ev->json, (int)ev->json_len, SQLITE_STATIC);
    if (source_id > 0) sqlite3_bind_int64(st, 6, source_id);
    if (sqlite3_step(st) != SQLITE_DONE) return mh_store_sqlerr(s, e, "insert event");
    *res = sqlite3_changes(s->db) == 1 ? MH_PUT_NEW : MH_PUT_UNCHANGED;
    return MH_OK;
}

mh_status mh_store_events_each(mh_store *s, mh_time from, mh_time to, mh_store_event_fn fn, void *ctx, mh_err *e)
{
    sqlite3_stmt *st;
    const char *sql = s->scoring ? "SELECT body, ts FROM events WHERE ts >= ?1 AND ts <= ?2 AND " MH_STORE_UNPROTECTED
                                   " ORDER BY ts, rid"
                                 : "SELECT body, ts FROM events WHERE ts >= ?1 AND ts <= ?2 ORDER BY ts, rid";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "read events");
    sqlite3_bind_int64(st, 1, from == MH_TIME_NONE ? INT64_MIN : from);
    sqlite3_bind_int64(st, 2, to == MH_TIME_NONE ? INT64_MAX : to);
    mh_status rc = MH_OK;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (fn(ctx, (const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0), sqlite3_column_int64(st, 1)))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE) rc = mh_store_sqlerr(s, e, "read events");
    sqlite3_finalize(st);
    return rc;
}
