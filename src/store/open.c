/* Opening the SQLite store: pragmas for a single-writer embedded database (WAL, normal
 * sync — committed transactions survive a killed process), versioned migrations applied
 * in order inside a transaction, and transaction nesting for batched writes. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each entry migrates the schema from version i to i+1. Never edit a released entry:
 * add a new one. docs/store.md describes the resulting schema. */
static const char *const migrations[] = {
    /* 1: records, events, quarantine, sources, watch lists, state */
    "CREATE TABLE sources(id INTEGER PRIMARY KEY, path TEXT NOT NULL, kind TEXT NOT NULL,"
    "  channel TEXT NOT NULL DEFAULT '', first_seen INTEGER NOT NULL DEFAULT (unixepoch()),"
    "  UNIQUE(path, kind, channel));"
    "CREATE TABLE entities(rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, schema TEXT NOT NULL,"
    "  props TEXT NOT NULL, extra TEXT, t_lo INTEGER, t_hi INTEGER,"
    "  source_id INTEGER REFERENCES sources(id));"
    "CREATE TABLE events(rid INTEGER PRIMARY KEY, eid TEXT NOT NULL UNIQUE, ts INTEGER NOT NULL,"
    "  category TEXT, user_id TEXT, body TEXT NOT NULL, source_id INTEGER REFERENCES sources(id));"
    "CREATE TABLE quarantine(rid INTEGER PRIMARY KEY, source TEXT NOT NULL, line INTEGER NOT NULL,"
    "  col INTEGER NOT NULL DEFAULT 0, reason TEXT NOT NULL, text BLOB NOT NULL,"
    "  at INTEGER NOT NULL DEFAULT (unixepoch()), UNIQUE(source, line, reason, text));"
    "CREATE TABLE watchlists(name TEXT PRIMARY KEY, version TEXT NOT NULL,"
    "  loaded_at INTEGER NOT NULL DEFAULT (unixepoch()));"
    "CREATE TABLE watchlist_entities(list TEXT NOT NULL, id TEXT NOT NULL, schema TEXT NOT NULL,"
    "  props TEXT NOT NULL, PRIMARY KEY(list, id)) WITHOUT ROWID;"
    "CREATE TABLE state(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE pending(rid INTEGER PRIMARY KEY, source TEXT NOT NULL, line INTEGER NOT NULL,"
    "  source_id INTEGER, missing TEXT NOT NULL, text BLOB NOT NULL);",
    /* 2: detection results (alerts, scores) and cases with their history */
    "CREATE TABLE alerts(rid INTEGER PRIMARY KEY, person TEXT NOT NULL, rule TEXT NOT NULL,"
    "  ts INTEGER NOT NULL, first_ts INTEGER, severity REAL NOT NULL, mitigation REAL NOT NULL DEFAULT 0,"
    "  mitigated_by TEXT, body TEXT NOT NULL);"
    "CREATE INDEX alerts_person ON alerts(person, ts);"
    "CREATE TABLE scores(person TEXT PRIMARY KEY, score REAL NOT NULL, detected_at INTEGER,"
    "  body TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX scores_rank ON scores(score DESC, person);"
    "CREATE TABLE cases(id INTEGER PRIMARY KEY, person TEXT NOT NULL, status TEXT NOT NULL,"
    "  disposition TEXT, assignee TEXT, opened_at INTEGER NOT NULL, closed_at INTEGER, opened_by TEXT);"
    "CREATE INDEX cases_person ON cases(person);"
    "CREATE TABLE case_events(rid INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  at INTEGER NOT NULL, actor TEXT, action TEXT NOT NULL, detail TEXT);",
    /* 3: accounts, sessions, the hash-chained audit trail and retention periods */
    "CREATE TABLE users(name TEXT PRIMARY KEY, hash TEXT NOT NULL, role TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL, failures INTEGER NOT NULL DEFAULT 0,"
    "  locked_until INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
    "CREATE TABLE sessions(token_hash TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name),"
    "  csrf TEXT NOT NULL, created INTEGER NOT NULL, last_seen INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE audit(seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL,"
    "  action TEXT NOT NULL, object TEXT, detail TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE TABLE retention(target TEXT PRIMARY KEY, days INTEGER NOT NULL) WITHOUT ROWID;",
    /* 4: two secondary indexes no query used (they cost a quarter of a bulk load) */
    "DROP INDEX IF EXISTS entities_time; DROP INDEX IF EXISTS events_user;",
    /* 5: the behaviour score of every active user-day, alert or not */
    "CREATE TABLE day_scores(person TEXT NOT NULL, day INTEGER NOT NULL, score REAL NOT NULL,"
    "  PRIMARY KEY(person, day)) WITHOUT ROWID;",
    /* 6: the event id's uniqueness as an index of its own, which a first large load can
     * drop and rebuild by a sort (see mh_store_bulk_begin); a column constraint cannot be
     * dropped */
    "CREATE TABLE events_v6(rid INTEGER PRIMARY KEY, eid TEXT NOT NULL, ts INTEGER NOT NULL,"
    "  category TEXT, user_id TEXT, body TEXT NOT NULL, source_id INTEGER REFERENCES sources(id));"
    "INSERT INTO events_v6 SELECT rid, eid, ts, category, user_id, body, source_id FROM events;"
    "DROP TABLE events; ALTER TABLE events_v6 RENAME TO events;"
    "CREATE UNIQUE INDEX events_eid ON events(eid);",
};

static const char *const stmt_sql[ST__COUNT] = {
    [ST_ENT_INSERT] = "INSERT INTO entities(id, schema, props, extra, t_lo, t_hi, source_id) "
                      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO NOTHING",
    [ST_ENT_SELECT] = "SELECT rid, schema, props, extra FROM entities WHERE id = ?1",
    /* A merge that changes an entity moves it to a new rid, so that "what arrived since
     * rid N" (incremental detection) sees it. */
    [ST_ENT_UPDATE] = "UPDATE entities SET rid = (SELECT max(rid) + 1 FROM entities), props = ?2, extra = ?3, "
                      "t_lo = ?4, t_hi = ?5 WHERE rid = ?1",
    [ST_EVT_INSERT] = "INSERT INTO events(eid, ts, category, user_id, body, source_id) "
                      "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING", /* the id index may be away: bulk_begin */
    [ST_QUAR_INSERT] = "INSERT INTO quarantine(source, line, col, reason, text) VALUES(?1, ?2, ?3, ?4, ?5) "
                       "ON CONFLICT DO NOTHING",
    [ST_WL_INSERT] = "INSERT INTO watchlist_entities(list, id, schema, props) VALUES(?1, ?2, ?3, ?4) "
                     "ON CONFLICT(list, id) DO UPDATE SET props = excluded.props, schema = excluded.schema",
    [ST_EXISTS] = "SELECT 1 FROM entities WHERE id = ?1 UNION ALL "
                  "SELECT 1 FROM watchlist_entities WHERE id = ?1 LIMIT 1",
    [ST_DAY_SCORE] = "INSERT INTO day_scores(person, day, score) VALUES(?1, ?2, ?3) "
                     "ON CONFLICT(person, day) DO UPDATE SET score = max(score, excluded.score)",
};

sqlite3_stmt *mh_store_stmt(mh_store *s, int k, mh_err *e)
{
    if (!s->st[k] && sqlite3_prepare_v3(s->db, stmt_sql[k], -1, SQLITE_PREPARE_PERSISTENT, &s->st[k], NULL) != SQLITE_OK) {
        mh_store_sqlerr(s, e, "prepare");
        return NULL;
    }
    sqlite3_reset(s->st[k]);
    sqlite3_clear_bindings(s->st[k]);
    return s->st[k];
}

int mh_store_schema_version(mh_store *s)
{
    sqlite3_stmt *st;
    int v = 0;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

static mh_status migrate(mh_store *s, mh_err *e)
{
    int have = mh_store_schema_version(s), want = (int)(sizeof migrations / sizeof migrations[0]);
    if (have > want)
        return mh_err_set(e, MH_E_STORE, "store: schema version %d is newer than this molehunt knows (%d)", have, want);
    for (int v = have; v < want; v++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", v + 1);
        if (mh_store_exec(s, "BEGIN IMMEDIATE", e) || mh_store_exec(s, migrations[v], e) ||
            mh_store_exec(s, pragma, e) || mh_store_exec(s, "COMMIT", e)) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return e ? e->code : MH_E_STORE;
        }
    }
    return MH_OK;
}

mh_status mh_store_open(const char *path, mh_store **out, mh_err *e)
{
    *out = NULL;
    if (strncmp(path, "postgres://", 11) == 0 || strncmp(path, "postgresql://", 13) == 0)
        return mh_err_set(e, MH_E_USAGE, "store: this build has no PostgreSQL backend; give a SQLite file path");
    if (strncmp(path, "sqlite:", 7) == 0) path += 7;
    mh_store *s = calloc(1, sizeof *s);
    if (!s) return mh_err_set(e, MH_E_NOMEM, "store: out of memory");
    mh_arena_init(&s->scratch, 64 * 1024);
    mh_buf_init(&s->buf, 0);
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        mh_err_set(e, MH_E_STORE, "store: cannot open %s: %s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
        mh_store_close(s);
        return MH_E_STORE;
    }
    sqlite3_busy_timeout(s->db, 10000);
    /* A 64 MiB page cache; temporary b-trees (index builds, sorts) stay in files, so a
     * bulk load's index rebuild spills to disk instead of growing with the input. */
    if (mh_store_exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                         "PRAGMA cache_size=-65536;", e) ||
        migrate(s, e) || mh_store_indexes_at_open(s, e)) {
        mh_err_at(e, path, 0, 0);
        mh_store_close(s);
        return MH_E_STORE;
    }
    *out = s;
    return MH_OK;
}

void mh_store_close(mh_store *s)
{
    if (!s) return;
    for (int k = 0; k < ST__COUNT; k++) sqlite3_finalize(s->st[k]);
    if (s->db) sqlite3_close(s->db);
    mh_arena_free(&s->scratch);
    mh_buf_free(&s->buf);
    free(s);
}

mh_status mh_store_begin(mh_store *s, mh_err *e)
{
    if (s->depth++ > 0) return MH_OK;
    mh_status st = mh_store_exec(s, "BEGIN IMMEDIATE", e);
    if (st) s->depth = 0;
    return st;
}

mh_status mh_store_commit(mh_store *s, mh_err *e)
{
    if (s->depth == 0) return MH_OK;
    if (--s->depth > 0) return MH_OK;
    return mh_store_exec(s, "COMMIT", e);
}

void mh_store_rollback(mh_store *s)
{
    if (s->depth == 0) return;
    s->depth = 0;
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

mh_status mh_store_source(mh_store *s, const mh_source_info *info, int64_t *source_id, mh_err *e)
{
    sqlite3_stmt *st;
    const char *ch = info->channel ? info->channel : "";
    if (sqlite3_prepare_v2(s->db, "INSERT INTO sources(path, kind, channel) VALUES(?1, ?2, ?3) "
                                  "ON CONFLICT DO UPDATE SET path = excluded.path RETURNING id",
                           -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "source");
    sqlite3_bind_text(st, 1, info->path, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, info->kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, ch, -1, SQLITE_TRANSIENT);
    mh_status rc = MH_OK;
    if (sqlite3_step(st) == SQLITE_ROW) *source_id = sqlite3_column_int64(st, 0);
    else rc = mh_store_sqlerr(s, e, "source");
    sqlite3_finalize(st);
    return rc;
}
