/* The quarantine: every line that could not be loaded, kept with its source, line,
 * column and reason so that nothing is ever silently lost. The same bad line loaded
 * twice is kept once. */
#include "store_int.h"

#define QUAR_MAX_TEXT (1u << 20)

mh_status mh_store_quarantine_put(mh_store *s, const mh_quarantine_rec *q, mh_err *e)
{
    sqlite3_stmt *st = mh_store_stmt(s, ST_QUAR_INSERT, e);
    if (!st) return MH_E_STORE;
    size_t n = q->text_len;
    mh_buf cut;
    mh_buf_init(&cut, 0);
    const char *text = q->text;
    if (n > QUAR_MAX_TEXT) {
        /* Keep the first MiB and say how much there was. */
        mh_buf_append(&cut, q->text, QUAR_MAX_TEXT);
        mh_buf_printf(&cut, "\n[cut: the line had %zu bytes]", n);
        text = cut.data;
        n = cut.len;
    }
    sqlite3_bind_text(st, 1, q->source, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, q->line);
    sqlite3_bind_int64(st, 3, q->col);
    sqlite3_bind_text(st, 4, q->reason, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 5, text ? text : "", (int)n, SQLITE_STATIC);
    int r = sqlite3_step(st);
    mh_buf_free(&cut);
    return r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "quarantine");
}

mh_status mh_store_quarantine_each(mh_store *s, mh_store_quarantine_fn fn, void *ctx, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT source, line, col, reason, text FROM quarantine ORDER BY source, line, rid",
                           -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "read quarantine");
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        mh_quarantine_rec q = {
            .source = (const char *)sqlite3_column_text(st, 0),
            .line = (long)sqlite3_column_int64(st, 1),
            .col = (long)sqlite3_column_int64(st, 2),
            .reason = (const char *)sqlite3_column_text(st, 3),
            .text = sqlite3_column_blob(st, 4),
            .text_len = (size_t)sqlite3_column_bytes(st, 4),
        };
        if (!q.text) q.text = "";
        if (fn(ctx, &q)) break;
    }
    mh_status rc = r == SQLITE_ROW || r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "read quarantine");
    sqlite3_finalize(st);
    return rc;
}
