/* The SQLite store's private header: the handle with its prepared statements, and the
 * helpers its files share. Nothing outside src/store includes this. */
#ifndef MH_STORE_INT_H
#define MH_STORE_INT_H

#include <sqlite3.h>

#include "molehunt/mh_json.h"
#include "molehunt/mh_store.h"

enum {
    ST_ENT_INSERT,
    ST_ENT_SELECT,
    ST_ENT_UPDATE,
    ST_EVT_INSERT,
    ST_QUAR_INSERT,
    ST_WL_INSERT,
    ST_EXISTS,
    ST_DAY_SCORE,
    ST__COUNT
};

struct mh_store {
    sqlite3 *db;
    sqlite3_stmt *st[ST__COUNT];
    int depth;        /* nesting of mh_store_begin */
    mh_arena scratch; /* per-call scratch, reset by each call that uses it */
    mh_buf buf;       /* per-call text building */
    bool scoring;     /* mh_store_set_scoring: reads skip records from protected channels */
};

/* The clause that leaves out records from protected channels (sources with a channel). */
#define MH_STORE_UNPROTECTED "(source_id IS NULL OR source_id NOT IN (SELECT id FROM sources WHERE channel != ''))"

/* Sets e from the database's last error, prefixed with WHAT (sql.c). */
mh_status mh_store_sqlerr(mh_store *s, mh_err *e, const char *what);
/* Prepares (once) and returns statement K, or NULL with e set. */
sqlite3_stmt *mh_store_stmt(mh_store *s, int k, mh_err *e);
/* At open: builds the indexes a bulk load left missing, unless that load is still
 * running (bulk.c). */
mh_status mh_store_indexes_at_open(mh_store *s, mh_err *e);
/* Runs SQL with no results (sql.c). */
mh_status mh_store_exec(mh_store *s, const char *sql, mh_err *e);
/* Decodes a props JSON text ({"prop":["v",...],...}) into ent using arena a. */
bool mh_store_decode_props(mh_arena *a, const char *json, size_t len, mh_entity *ent);
/* Writes ent's properties as canonical JSON: keys and values sorted, values unique. */
bool mh_store_encode_props(mh_buf *b, mh_arena *a, const mh_entity *ent);

#endif
