/* Bulk loading: the indexes a large load goes without and builds again by a sort at its
 * end, the mark that tells other processes a load is under way, and the repair at open
 * after a load that died (mh_store.h, "Bulk loading"; docs/store.md). */
#include "store_int.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Secondary indexes: created at open when missing, dropped by mh_store_bulk_begin and
 * rebuilt by mh_store_bulk_end (a sort beats a million incremental B-tree inserts; a load
 * killed in between leaves them missing, and the next open rebuilds them). */
static const char *const secondary[][2] = {
    {"entities_schema", "entities(schema, id)"},
    {"events_ts", "events(ts, rid)"},
};

#define EID_INDEX "CREATE UNIQUE INDEX IF NOT EXISTS events_eid ON events(eid)"

/* The event id's unique index. When it is missing (dropped for a first large load, or a
 * process killed before putting it back), an id that arrived more than once keeps its
 * first copy and the later ones are deleted before it is built; *DUPES counts them. */
static mh_status ensure_eid_index(mh_store *s, int64_t *dupes, mh_err *e)
{
    *dupes = 0;
    int r = sqlite3_exec(s->db, EID_INDEX, NULL, NULL, NULL);
    if (r == SQLITE_OK) return MH_OK;
    if ((r & 0xff) != SQLITE_CONSTRAINT) return mh_store_sqlerr(s, e, "build the event id index");
    mh_status rc = mh_store_exec(s,
                                 "DELETE FROM events WHERE rid IN (SELECT rid FROM (SELECT rid, row_number() OVER "
                                 "(PARTITION BY eid ORDER BY rid) AS n FROM events) WHERE n > 1)",
                                 e);
    if (rc) return rc;
    *dupes = sqlite3_changes64(s->db);
    return mh_store_exec(s, EID_INDEX, e);
}

static mh_status build_indexes(mh_store *s, int64_t *dupes, mh_err *e)
{
    mh_status rc0 = ensure_eid_index(s, dupes, e);
    if (rc0) return rc0;
    for (size_t i = 0; i < sizeof secondary / sizeof secondary[0]; i++) {
        char sql[160];
        snprintf(sql, sizeof sql, "CREATE INDEX IF NOT EXISTS %s ON %s", secondary[i][0], secondary[i][1]);
        mh_status rc = mh_store_exec(s, sql, e);
        if (rc) return rc;
    }
    return MH_OK;
}

/* The sorts that build an index spill to temporary files (a gigabyte and more after a
 * large load): when they fill the disk, say where SQLite puts them. */
static mh_status ensure_indexes(mh_store *s, int64_t *dupes, mh_err *e)
{
    mh_status rc = build_indexes(s, dupes, e);
    if (rc && sqlite3_errcode(s->db) == SQLITE_FULL) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        mh_err_set(e, rc,
                   "%.300s (building an index sorts in temporary files: SQLITE_TMPDIR or TMPDIR names a "
                   "directory with room, else /var/tmp)",
                   msg);
    }
    return rc;
}

/* A bulk load names its process in state 'bulk.loader' while its indexes are away. A
 * store opened meanwhile (`stats`, the console) then reads without them instead of
 * building them under the load, which would put the rest of the load back on the slow
 * path; a load whose process is gone is repaired by the next open. */
#define LOADER_KEY "bulk.loader"
enum { LOADER_NONE, LOADER_ALIVE, LOADER_GONE };

/* When process PID started (clock ticks after boot, /proc/PID/stat field 22), or 0 when
 * that cannot be read. With the pid it names one process: a pid is reused, this is not. */
static unsigned long long proc_start(long pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* the command name (field 2) may hold spaces and parentheses: count from its end */
    char *p = strrchr(buf, ')');
    for (int field = 2; p && field < 22; field++) p = strchr(p + 1, ' ');
    return p ? strtoull(p + 1, NULL, 10) : 0;
}

/* The mark: "PID START" (START 0 when /proc could not tell). */
static int loader_state(mh_store *s)
{
    mh_buf v;
    mh_buf_init(&v, 0);
    bool found = false;
    mh_err e;
    if (mh_store_state_get(s, LOADER_KEY, &v, &found, &e) || !found) {
        mh_buf_free(&v);
        return LOADER_NONE;
    }
    char *end;
    long pid = strtol(v.data ? v.data : "0", &end, 10);
    unsigned long long start = strtoull(end, NULL, 10);
    mh_buf_free(&v);
    if (pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno != EPERM)) return LOADER_GONE;
    unsigned long long now = start ? proc_start(pid) : 0;
    return now && now != start ? LOADER_GONE : LOADER_ALIVE;
}

static mh_status loader_clear(mh_store *s, mh_err *e)
{
    return mh_store_exec(s, "DELETE FROM state WHERE key = '" LOADER_KEY "'", e);
}

mh_status mh_store_indexes_at_open(mh_store *s, mh_err *e)
{
    int loader = loader_state(s);
    if (loader == LOADER_ALIVE) return MH_OK;
    int64_t dupes; /* of a load that died before its indexes were back: nobody to tell */
    mh_status rc = ensure_indexes(s, &dupes, e);
    return rc || loader == LOADER_NONE ? rc : loader_clear(s, e);
}

mh_status mh_store_bulk_begin(mh_store *s, mh_err *e)
{
    char mark[48];
    snprintf(mark, sizeof mark, "%ld %llu", (long)getpid(), proc_start((long)getpid()));
    mh_status rc0 = mh_store_state_set(s, LOADER_KEY, mark, e);
    if (rc0) return rc0;
    /* Into an empty events table the id index goes too: rows are then appended in order
     * and the index is built once by a sort. Kept, every row's id lands on a random leaf
     * of it, and at 4,000 CERT users that wrote 7.3 KB a row (docs/PERFORMANCE.md). A
     * table that already holds events keeps it, so each row is checked as it comes. */
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT NOT EXISTS (SELECT 1 FROM events)", -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "bulk load");
    bool empty = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (empty) {
        mh_status rc = mh_store_exec(s, "DROP INDEX IF EXISTS events_eid", e);
        if (rc) return rc;
    }
    for (size_t i = 0; i < sizeof secondary / sizeof secondary[0]; i++) {
        char sql[96];
        snprintf(sql, sizeof sql, "DROP INDEX IF EXISTS %s", secondary[i][0]);
        mh_status rc = mh_store_exec(s, sql, e);
        if (rc) return rc;
    }
    return MH_OK;
}

mh_status mh_store_bulk_end(mh_store *s, int64_t *dupes, mh_err *e)
{
    int64_t d = 0;
    mh_status rc = ensure_indexes(s, &d, e);
    if (dupes) *dupes = d;
    return rc ? rc : loader_clear(s, e);
}
