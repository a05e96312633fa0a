/* Small named state values and the record counts `molehunt stats` prints. */
#include "store_int.h"

mh_status mh_store_state_get(mh_store *s, const char *key, mh_buf *out, bool *found, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM state WHERE key = ?1", -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "read state");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    mh_buf_reset(out);
    *found = false;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *found = true;
        mh_buf_append(out, sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
    }
    sqlite3_finalize(st);
    return MH_OK;
}

mh_status mh_store_state_set(mh_store *s, const char *key, const char *value, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "INSERT INTO state(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "write state");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "write state");
}

mh_status mh_store_counts(mh_store *s, mh_store_count_fn fn, void *ctx, mh_err *e)
{
    static const char *const sql =
        "SELECT 'entity', schema, count(*) FROM entities GROUP BY schema "
        "UNION ALL SELECT 'event', coalesce(category, ''), count(*) FROM events GROUP BY category "
        "UNION ALL SELECT 'quarantine', '', count(*) FROM quarantine "
        "UNION ALL SELECT 'watchlist', list, count(*) FROM watchlist_entities GROUP BY list "
        "ORDER BY 1, 2";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return mh_store_sqlerr(s, e, "count");
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(ctx, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2)))
            break;
    mh_status rc = r == SQLITE_ROW || r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "count");
    sqlite3_finalize(st);
    return rc;
}
