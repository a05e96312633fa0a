/* Lines parked until what they reference exists. An FtM relation often comes before the
 * entities it names (in the same file or a later one of the same ingest); parking it in
 * the store, inside the same transactions as everything else, keeps memory flat and
 * survives a killed process. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

mh_status mh_store_exists(mh_store *s, const char *id, bool *found, mh_err *e)
{
    static const char *const sql = "SELECT 1 FROM entities WHERE id = ?1 UNION ALL "
                                   "SELECT 1 FROM watchlist_entities WHERE id = ?1 LIMIT 1";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "lookup");
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    *found = r == SQLITE_ROW;
    sqlite3_finalize(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "lookup");
}

mh_status mh_store_pending_put(mh_store *s, const mh_pending_rec *p, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "INSERT INTO pending(source, line, source_id, missing, text) VALUES(?1,?2,?3,?4,?5)",
                           -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "park line");
    sqlite3_bind_text(st, 1, p->source, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, p->line);
    sqlite3_bind_int64(st, 3, p->source_id);
    sqlite3_bind_text(st, 4, p->missing, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 5, p->text, (int)p->text_len, SQLITE_STATIC);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "park line");
}

mh_status mh_store_pending_take(mh_store *s, mh_store_pending_fn fn, void *ctx, mh_err *e)
{
    /* Taken one by one by rowid so that fn may write to the store meanwhile, and may park
     * a line again: only the lines parked before this call are handed out and forgotten. */
    int64_t after = 0, last = 0;
    sqlite3_stmt *mx;
    if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(rid), 0) FROM pending", -1, &mx, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "read parked lines");
    if (sqlite3_step(mx) == SQLITE_ROW) last = sqlite3_column_int64(mx, 0);
    sqlite3_finalize(mx);
    for (;;) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, "SELECT rid, source, line, source_id, missing, text FROM pending "
                                      "WHERE rid > ?1 AND rid <= ?2 ORDER BY rid LIMIT 1",
                               -1, &st, NULL) != SQLITE_OK)
            return mh_store_sqlerr(s, e, "read parked lines");
        sqlite3_bind_int64(st, 1, after);
        sqlite3_bind_int64(st, 2, last);
        int r = sqlite3_step(st);
        if (r != SQLITE_ROW) {
            sqlite3_finalize(st);
            if (r != SQLITE_DONE) return mh_store_sqlerr(s, e, "read parked lines");
            break;
        }
        after = sqlite3_column_int64(st, 0);
        char *source = strdup((const char *)sqlite3_column_text(st, 1));
        char *missing = strdup((const char *)sqlite3_column_text(st, 4));
        size_t n = (size_t)sqlite3_column_bytes(st, 5);
        char *text = malloc(n + 1);
        if (text) {
            memcpy(text, sqlite3_column_blob(st, 5) ? sqlite3_column_blob(st, 5) : "", n);
            text[n] = '\0';
        }
        mh_pending_rec p = {.source = source, .line = (long)sqlite3_column_int64(st, 2),
                            .source_id = sqlite3_column_int64(st, 3), .missing = missing, .text = text, .text_len = n};
        sqlite3_finalize(st);
        int stop = source && missing && text ? fn(ctx, &p) : -1;
        free(source);
        free(missing);
        free(text);
        if (stop < 0) return mh_err_set(e, MH_E_NOMEM, "out of memory");
        if (stop) break;
    }
    sqlite3_stmt *del;
    if (sqlite3_prepare_v2(s->db, "DELETE FROM pending WHERE rid <= ?1", -1, &del, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "forget parked lines");
    sqlite3_bind_int64(del, 1, last);
    int r = sqlite3_step(del);
    sqlite3_finalize(del);
    return r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "forget parked lines");
}
