/* mh_store: the embedded store behind one interface. Today SQLite (WAL, versioned
 * migrations); the functions below are all a caller sees, so a PostgreSQL backend can be
 * slotted in behind them (src/store/store.c dispatches through a table of operations)
 * without any caller changing. The schema is documented in docs/store.md.
 *
 * Ownership: mh_store_open gives a handle the caller frees with mh_store_close. Entities
 * and texts passed to callbacks are valid only during the callback. Strings passed in are
 * copied by the store. */
#ifndef MH_STORE_H
#define MH_STORE_H

#include "molehunt/mh_core.h"
#include "molehunt/mh_model.h"

typedef struct mh_store mh_store;

/* Opens (creating and migrating as needed) the store at PATH ("sqlite:PATH" also works;
 * "postgres://..." reports that this build has no PostgreSQL backend). */
mh_status mh_store_open(const char *path, mh_store **out, mh_err *e);
void mh_store_close(mh_store *s);
/* The schema version the store is at. */
int mh_store_schema_version(mh_store *s);

/* Transactions: writes between begin and commit land together or not at all. */
mh_status mh_store_begin(mh_store *s, mh_err *e);
mh_status mh_store_commit(mh_store *s, mh_err *e);
void mh_store_rollback(mh_store *s);

/* Bulk loading: between these two calls the secondary indexes are absent, so that a
 * large load inserts into the tables only; bulk_end rebuilds them by sorting. Reads that
 * need order still work meanwhile, only slower. When no event was stored before
 * bulk_begin, the event id index is absent too: mh_store_event_put then reports every
 * event MH_PUT_NEW, and bulk_end deletes the later copies of an id that came more than
 * once (the first stays, as outside a bulk load) and counts them in *DUPES (may be NULL),
 * for the caller to move from new to unchanged. Meanwhile the loading process is named
 * in state 'bulk.loader', and mh_store_open elsewhere leaves the indexes to it. A process
 * killed in between loses nothing: the next mh_store_open rebuilds what is missing. */
mh_status mh_store_bulk_begin(mh_store *s, mh_err *e);
mh_status mh_store_bulk_end(mh_store *s, int64_t *dupes, mh_err *e);

/* ---- sources: every stored record remembers where it came from ---- */

typedef struct mh_source_info {
    const char *path;     /* as given on the command line ("-" for stdin) */
    const char *kind;     /* "ftm", "ecs", "cert", "watchlist", "mixed" */
    const char *channel;  /* NULL, or e.g. "whistleblower": protected channels are never scored */
} mh_source_info;
mh_status mh_store_source(mh_store *s, const mh_source_info *info, int64_t *source_id, mh_err *e);

/* ---- entities (FtM and extension records), merged by id as a set union ---- */

typedef enum { MH_PUT_NEW, MH_PUT_MERGED, MH_PUT_UNCHANGED } mh_put_result;

/* Stores ENT (validated by the caller); an existing id gets the union of values.
 * EXTRA_JSON (may be NULL) is a JSON object of the line's other top-level keys
 * ("datasets", "first_seen", ...): kept, merged key by key (first value wins), never
 * interpreted. A different schema for an existing id is refused (MH_E_INPUT). */
mh_status mh_store_entity_put(mh_store *s, const mh_entity *ent, const char *extra_json, int64_t source_id,
                              mh_put_result *res, mh_err *e);
/* Puts the extra top-level keys kept for entity ID into OUT (empty when none). */
mh_status mh_store_entity_extra(mh_store *s, const char *id, mh_buf *out, mh_err *e);

typedef int (*mh_store_entity_fn)(void *ctx, const mh_entity *ent);
/* Calls fn for the entity ID; MH_E_NOTFOUND when absent. */
mh_status mh_store_entity_get(mh_store *s, const char *id, mh_store_entity_fn fn, void *ctx, mh_err *e);
/* Calls fn for every entity of SCHEMA (NULL: all), in id order. fn returning non-zero stops. */
mh_status mh_store_entities_each(mh_store *s, const char *schema, mh_store_entity_fn fn, void *ctx, mh_err *e);

/* True in *found when an entity (or watch-list entity) with ID exists. */
mh_status mh_store_exists(mh_store *s, const char *id, bool *found, mh_err *e);

/* ---- lines parked until the entities they reference arrive (forward references) ---- */

typedef struct mh_pending_rec {
    const char *source;
    long line;
    int64_t source_id;
    const char *missing; /* the first id that could not be resolved */
    const char *text;
    size_t text_len;
} mh_pending_rec;
mh_status mh_store_pending_put(mh_store *s, const mh_pending_rec *p, mh_err *e);
typedef int (*mh_store_pending_fn)(void *ctx, const mh_pending_rec *p);
/* Hands every line parked before the call to fn (in arrival order), then forgets those
 * lines; fn may park a line again. */
mh_status mh_store_pending_take(mh_store *s, mh_store_pending_fn fn, void *ctx, mh_err *e);

/* ---- activity events (ECS), deduplicated by event id ---- */

typedef struct mh_event_rec {
    const char *eid;      /* event.id, or "h:" + content hash */
    mh_time ts;           /* @timestamp */
    const char *category; /* event.category (first value) */
    const char *user_id;  /* user.id or NULL */
    const char *json;     /* the event as given */
    size_t json_len;
} mh_event_rec;

mh_status mh_store_event_put(mh_store *s, const mh_event_rec *ev, int64_t source_id, mh_put_result *res, mh_err *e);

typedef int (*mh_store_event_fn)(void *ctx, const char *json, size_t len, mh_time ts);
/* Calls fn for each stored event with from <= ts <= to in (timestamp, arrival) order;
 * MH_TIME_NONE for either bound means unbounded. fn returning non-zero stops. */
mh_status mh_store_events_each(mh_store *s, mh_time from, mh_time to, mh_store_event_fn fn, void *ctx, mh_err *e);

/* ---- quarantine: every line that could not be loaded, with its reason ---- */

typedef struct mh_quarantine_rec {
    const char *source; /* file name */
    long line;          /* 1-based */
    long col;           /* 0 if unknown */
    const char *reason;
    const char *text;   /* the line as read (kept whole up to 1 MiB, then cut and marked) */
    size_t text_len;
} mh_quarantine_rec;

mh_status mh_store_quarantine_put(mh_store *s, const mh_quarantine_rec *q, mh_err *e);
typedef int (*mh_store_quarantine_fn)(void *ctx, const mh_quarantine_rec *q);
mh_status mh_store_quarantine_each(mh_store *s, mh_store_quarantine_fn fn, void *ctx, mh_err *e);

/* ---- counts ---- */

typedef int (*mh_store_count_fn)(void *ctx, const char *kind, const char *name, int64_t count);
/* Calls fn with ("entity", schema, n), ("event", category, n), ("quarantine", "", n). */
mh_status mh_store_counts(mh_store *s, mh_store_count_fn fn, void *ctx, mh_err *e);

/* ---- watch lists: FtM entities held apart from the records, one set per list ---- */

/* Replaces the entries of list NAME with those put until mh_store_watchlist_end; a list
 * loaded again at the same VERSION is left as it is (*unchanged = true). */
mh_status mh_store_watchlist_begin(mh_store *s, const char *name, const char *version, bool *unchanged,
                                   mh_err *e);
mh_status mh_store_watchlist_put(mh_store *s, const char *name, const mh_entity *ent, mh_err *e);
mh_status mh_store_watchlist_end(mh_store *s, const char *name, mh_err *e);
/* Calls fn for every watch-list entity (of list NAME, or all lists when NULL). */
mh_status mh_store_watchlist_each(mh_store *s, const char *name, mh_store_entity_fn fn, void *ctx, mh_err *e);

/* ---- detection results: alerts and per-person scores (replaced by each detect run) ---- */

typedef struct mh_alert_rec {
    const char *person;       /* the covered person's entity id */
    const char *rule;         /* the rule id */
    mh_time ts;               /* when it could first have fired */
    mh_time first_ts;         /* the earliest evidence */
    double severity;          /* 0..1, before mitigation */
    double mitigation;        /* 0..1: the share a disclosure removes (1 = cleared) */
    const char *mitigated_by; /* the Disclosure's id, or NULL */
    const char *body;         /* JSON: guidelines, axis, evidence, paths, detail */
} mh_alert_rec;

/* Deletes the alerts of PERSON (NULL: all). */
mh_status mh_store_alerts_clear(mh_store *s, const char *person, mh_err *e);
mh_status mh_store_alert_put(mh_store *s, const mh_alert_rec *a, mh_err *e);
typedef int (*mh_store_alert_fn)(void *ctx, const mh_alert_rec *a);
/* The latest alert time of all people (MH_TIME_NONE when there are none). */
mh_status mh_store_alerts_latest(mh_store *s, mh_time *ts, mh_err *e);
/* Alerts of PERSON (NULL: all), by person then time. */
mh_status mh_store_alerts_each(mh_store *s, const char *person, mh_store_alert_fn fn, void *ctx, mh_err *e);

typedef struct mh_score_rec {
    const char *person;
    double score;        /* 0..1, the ranking score */
    mh_time detected_at; /* event time the score first reached the review threshold, or MH_TIME_NONE */
    const char *body;    /* JSON: axes, guidelines, indicators */
} mh_score_rec;

mh_status mh_store_scores_clear(mh_store *s, const char *person, mh_err *e);
mh_status mh_store_score_put(mh_store *s, const mh_score_rec *r, mh_err *e);
typedef int (*mh_store_score_fn)(void *ctx, const mh_score_rec *r);
/* Scores of PERSON (NULL: all), highest first (ties by person id). */
mh_status mh_store_scores_each(mh_store *s, const char *person, mh_store_score_fn fn, void *ctx, mh_err *e);

/* The behaviour score (0..1) of each active user-day, whether or not it made an alert:
 * what orders, below the alerts, a review of user-days (docs/cert.md). DAY counts days
 * since 1970-01-01 (UTC); a second put for the same day keeps the higher score. */
mh_status mh_store_day_scores_clear(mh_store *s, const char *person, mh_err *e);
mh_status mh_store_day_score_put(mh_store *s, const char *person, int32_t day, double score, mh_err *e);
typedef int (*mh_store_day_score_fn)(void *ctx, const char *person, int32_t day, double score);
/* Every stored day score, by person then day. */
mh_status mh_store_day_scores_each(mh_store *s, mh_store_day_score_fn fn, void *ctx, mh_err *e);

/* ---- what changed: for incremental work ---- */

/* The highest entity and event row numbers: everything stored or changed later has a
 * higher one. */
mh_status mh_store_watermark(mh_store *s, int64_t *entity_rid, int64_t *event_rid, mh_err *e);
/* Calls fn for every entity stored or changed after ENTITY_RID, then every event stored
 * after EVENT_RID (ent NULL and json set for events). */
typedef int (*mh_store_change_fn)(void *ctx, const mh_entity *ent, const char *json, size_t len, mh_time ts);
mh_status mh_store_changes_each(mh_store *s, int64_t entity_rid, int64_t event_rid, mh_store_change_fn fn, void *ctx,
                                mh_err *e);

/* ---- small named state (e.g. where incremental detection stopped) ---- */

mh_status mh_store_state_get(mh_store *s, const char *key, mh_buf *out, bool *found, mh_err *e);
mh_status mh_store_state_set(mh_store *s, const char *key, const char *value, mh_err *e);

/* ---- cases: an investigation of one Person, with its append-only history ---- */

/* A case is "open" or "closed"; closing needs one of the dispositions below. At most one
 * case per person is open. Every change appends a case event (who, when, what); events
 * are never edited or deleted. Times are wall-clock ms; ACTOR is who did it. */
typedef struct mh_case_rec {
    int64_t id;
    const char *person;      /* the Person's entity id */
    const char *status;      /* "open" or "closed" */
    const char *disposition; /* while closed: unfounded|mitigated|referred|confirmed; else NULL */
    const char *assignee;    /* NULL when unassigned */
    mh_time opened_at;
    mh_time closed_at;       /* MH_TIME_NONE while open */
    const char *opened_by;
} mh_case_rec;

typedef struct mh_case_event_rec {
    int64_t case_id;
    mh_time at;
    const char *actor;
    const char *action; /* "open", "assign", "note", "close", "reopen" */
    const char *detail; /* assign: the assignee; note: the text; close: the disposition; reopen: the
                           disposition it undoes; open: NULL */
} mh_case_event_rec;

/* True when D is a disposition a case can be closed with. */
bool mh_store_case_disposition_ok(const char *d);
/* Opens a case for the stored Person PERSON (NOTE, if not NULL, becomes its first note);
 * refused (MH_E_INPUT, naming the case) when PERSON already has an open case. */
mh_status mh_store_case_open(mh_store *s, const char *person, const char *actor, const char *note, mh_time at,
                             int64_t *id, mh_err *e);
mh_status mh_store_case_assign(mh_store *s, int64_t id, const char *assignee, const char *actor, mh_time at, mh_err *e);
mh_status mh_store_case_note(mh_store *s, int64_t id, const char *text, const char *actor, mh_time at, mh_err *e);
/* Closes an open case with DISPOSITION; NOTE may be NULL. */
mh_status mh_store_case_close(mh_store *s, int64_t id, const char *disposition, const char *note, const char *actor,
                              mh_time at, mh_err *e);
/* Reopens a closed case; NOTE (the reason) is required. */
mh_status mh_store_case_reopen(mh_store *s, int64_t id, const char *note, const char *actor, mh_time at, mh_err *e);

typedef int (*mh_store_case_fn)(void *ctx, const mh_case_rec *c);
typedef int (*mh_store_case_event_fn)(void *ctx, const mh_case_event_rec *ev);
/* Case ID; MH_E_NOTFOUND when there is none. */
mh_status mh_store_case_get(mh_store *s, int64_t id, mh_store_case_fn fn, void *ctx, mh_err *e);
/* Cases with STATUS and of PERSON (NULL: any), by id. fn returning non-zero stops. */
mh_status mh_store_cases_each(mh_store *s, const char *status, const char *person, mh_store_case_fn fn, void *ctx,
                              mh_err *e);
/* The history of case ID, oldest first. */
mh_status mh_store_case_events_each(mh_store *s, int64_t id, mh_store_case_event_fn fn, void *ctx, mh_err *e);

/* ---- for modules that keep their own tables (auth, audit) ---- */

struct sqlite3;
/* The SQLite handle itself; the store still owns it. */
struct sqlite3 *mh_store_db(mh_store *s);
/* When on, mh_store_entities_each and mh_store_events_each skip every record whose source
 * is a protected channel (whistleblower reports, employee assistance): scoring never sees
 * them. Off by default, so that viewing and purging still do. */
void mh_store_set_scoring(mh_store *s, bool scoring);

#endif
