/* Watch lists: entity sets kept apart from the records, one per list name. A load
 * replaces the list's entries in one transaction, unless that version is already there. */
#include "store_int.h"

#include <string.h>

mh_status mh_store_watchlist_begin(mh_store *s, const char *name, const char *version, bool *unchanged, mh_err *e)
{
    sqlite3_stmt *st;
    *unchanged = false;
    if (sqlite3_prepare_v2(s->db, "SELECT version FROM watchlists WHERE name = ?1", -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "watch list");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), version) == 0) *unchanged = true;
    sqlite3_finalize(st);
    if (*unchanged) return MH_OK;
    mh_status rc = mh_store_begin(s, e);
    if (rc) return rc;
    if (sqlite3_prepare_v2(s->db, "INSERT INTO watchlists(name, version) VALUES(?1, ?2) ON CONFLICT(name) DO UPDATE "
                                  "SET version = excluded.version, loaded_at = unixepoch()",
                           -1, &st, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, version, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    if (r != SQLITE_DONE) goto fail;
    if (sqlite3_prepare_v2(s->db, "DELETE FROM watchlist_entities WHERE list = ?1", -1, &st, NULL) != SQLITE_OK) goto fail;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    r = sqlite3_step(st);
    sqlite3_finalize(st);
    if (r != SQLITE_DONE) goto fail;
    return MH_OK;
fail:
    rc = mh_store_sqlerr(s, e, "replace watch list");
    mh_store_rollback(s);
    return rc;
}

mh_status mh_store_watchlist_put(mh_store *s, const char *name, const mh_entity *ent, mh_err *e)
{
    mh_arena_reset(&s->scratch);
    mh_buf_reset(&s->buf);
    if (!mh_store_encode_props(&s->buf, &s->scratch, ent)) return mh_err_set(e, MH_E_NOMEM, "store: out of memory");
    sqlite3_stmt *st = mh_store_stmt(s, ST_WL_INSERT, e);
    if (!st) return MH_E_STORE;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ent->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, ent->schema, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, s->buf.data, (int)s->buf.len, SQLITE_STATIC);
    return sqlite3_step(st) == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "watch-list entity");
}

mh_status mh_store_watchlist_end(mh_store *s, const char *name, mh_err *e)
{
    (void)name;
    return mh_store_commit(s, e);
}
