/* Lines parked until what they reference exists. An FtM relation often comes before the
 * entities it names (in the same file or a later one of the same ingest); parking it in
 * the store, inside the same transactions as everything else, keeps memory flat and
 * survives a killed process. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

mh_status mh_store_exists(mh_store *s, const char *id, bool *found, mh_err *e)
{
    sqlite3_stmt *st = mh_store_stmt(s, ST_EXISTS, e);
    if (!st) return MH_E_STORE;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    *found = r == SQLITE_ROW;
    sqlite3_reset(st);
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

/* One chunk of parked lines, copied out so that fn may write to the store. */
typedef struct {
    mh_pending_rec rec[512];
    int n;
    mh_arena a;
} chunk;

static mh_status read_chunk(mh_store *s, int64_t after, int64_t last, chunk *c, int64_t *max_rid, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT rid, source, line, source_id, missing, text FROM pending "
                                  "WHERE rid > ?1 AND rid <= ?2 ORDER BY rid LIMIT 512",
                           -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "read parked lines");
    sqlite3_bind_int64(st, 1, after);
    sqlite3_bind_int64(st, 2, last);
    mh_arena_reset(&c->a);
    c->n = 0;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        mh_pending_rec *p = &c->rec[c->n++];
        *max_rid = sqlite3_column_int64(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 5);
        const void *blob = sqlite3_column_blob(st, 5);
        p->source = mh_arena_strndup(&c->a, (const char *)sqlite3_column_text(st, 1), (size_t)sqlite3_column_bytes(st, 1));
        p->line = (long)sqlite3_column_int64(st, 2);
        p->source_id = sqlite3_column_int64(st, 3);
        p->missing = mh_arena_strndup(&c->a, (const char *)sqlite3_column_text(st, 4), (size_t)sqlite3_column_bytes(st, 4));
        p->text = mh_arena_strndup(&c->a, blob ? blob : "", n);
        p->text_len = n;
        if (!p->source || !p->missing || !p->text) {
            sqlite3_finalize(st);
            return mh_err_set(e, MH_E_NOMEM, "out of memory");
        }
    }
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "read parked lines");
}

mh_status mh_store_pending_take(mh_store *s, mh_store_pending_fn fn, void *ctx, mh_err *e)
{
    /* Only the lines parked before this call are handed out and forgotten, so fn may
     * park a line again. */
    int64_t after = 0, last = 0;
    sqlite3_stmt *mx;
    if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(rid), 0) FROM pending", -1, &mx, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "read parked lines");
    if (sqlite3_step(mx) == SQLITE_ROW) last = sqlite3_column_int64(mx, 0);
    sqlite3_finalize(mx);
    chunk *c = malloc(sizeof *c);
    if (!c) return mh_err_set(e, MH_E_NOMEM, "out of memory");
    mh_arena_init(&c->a, 256 * 1024);
    mh_status rc = MH_OK;
    bool stop = false;
    while (!stop && !(rc = read_chunk(s, after, last, c, &after, e)) && c->n > 0)
        for (int i = 0; i < c->n && !stop; i++) stop = fn(ctx, &c->rec[i]) != 0;
    mh_arena_free(&c->a);
    free(c);
    if (rc) return rc;
    sqlite3_stmt *del;
    if (sqlite3_prepare_v2(s->db, "DELETE FROM pending WHERE rid <= ?1", -1, &del, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "forget parked lines");
    sqlite3_bind_int64(del, 1, last);
    int r = sqlite3_step(del);
    sqlite3_finalize(del);
    return r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "forget parked lines");
}
