/* mh_eql: the Event Query Language engine (the Elasticsearch dialect): a parser whose
 * tree and diagnostics other tools reuse, a compiler into an immutable query, and a
 * streaming matcher that runs one query over events in time order. It knows nothing of
 * the store or the command line; callers hand it parsed JSON events.
 *
 * Stages: source -> tokens -> tree (mh_eql_parse) -> checked, folded form -> compiled
 * query (mh_eql_compile). A compiled query is read-only and may be shared by any number
 * of matchers, in any threads; each matcher holds its own mutable state.
 *
 * Ownership: mh_eql_compile returns a query the caller frees with mh_eql_query_free
 * after every matcher built on it is freed; mh_eql_matcher_new returns a matcher freed
 * with mh_eql_matcher_free. Diagnostics live in the mh_eql_diags the caller passed and
 * are freed with mh_eql_diags_free. Events pushed are borrowed for the duration of the
 * push only: the matcher copies the JSON text of any event it must keep. Results passed
 * to the callback are valid only during the callback. */
#ifndef MH_EQL_H
#define MH_EQL_H

#include "molehunt/mh_core.h"
#include "molehunt/mh_json.h"

/* ---- diagnostics: data first, rendered on demand ---- */

typedef struct mh_eql_diag {
    long line, col;       /* 1-based place in the query text */
    long len;             /* how many columns the caret line underlines (>= 1) */
    const char *message;  /* what is wrong */
    const char *expected; /* what would have been accepted there, or NULL */
} mh_eql_diag;

typedef struct mh_eql_diags {
    mh_arena arena; /* owns the messages */
    mh_eql_diag *items;
    size_t n, cap;
    size_t max; /* stop recording after this many (0 = 100) */
} mh_eql_diags;

void mh_eql_diags_init(mh_eql_diags *d);
void mh_eql_diags_free(mh_eql_diags *d);
/* Appends "NAME:LINE:COL: error: MESSAGE (expected ...)" followed by the source line and a
 * caret line for every diagnostic. NAME may be NULL ("query"). */
bool mh_eql_diags_render(const mh_eql_diags *d, const char *src, size_t n, const char *name, mh_buf *out);

/* ---- options ---- */

typedef enum {
    MH_EQL_CASE_DEFAULT = 0,  /* today's Elasticsearch: == is exact, ':' and '~' ignore case */
    MH_EQL_CASE_SENSITIVE,    /* 2020 case-sensitive mode: every string comparison is exact */
    MH_EQL_CASE_INSENSITIVE   /* 2020 case-insensitive mode (the original language): none is */
} mh_eql_case;

typedef enum {
    MH_EQL_SEQ_LATEST = 0, /* Elasticsearch: one pending sequence per step and key, newest wins */
    MH_EQL_SEQ_ALL         /* every combination is kept and reported (bounded by the memory limit) */
} mh_eql_seq_mode;

typedef struct mh_eql_options {
    mh_eql_case case_mode;
    mh_eql_seq_mode seq_mode;
    const char *category_field;  /* NULL: "event.category" */
    const char *timestamp_field; /* NULL: "@timestamp" */
    uint32_t max_samples_per_key; /* sample queries; 0 means 1 */
} mh_eql_options;

/* ---- parsing and compiling ---- */

typedef struct mh_eql_ast mh_eql_ast; /* the syntax tree; its layout is private to src/eql */

/* Parses TEXT into a tree allocated in A, recording every syntax error in D (resyncing
 * after each). Returns NULL only when nothing usable could be built; check d->n. */
mh_eql_ast *mh_eql_parse(const char *text, size_t n, mh_arena *a, mh_eql_diags *d);

typedef struct mh_eql_query mh_eql_query;
typedef enum { MH_EQL_EVENT, MH_EQL_SEQUENCE, MH_EQL_SAMPLE } mh_eql_kind;

/* Parses, checks (names, arity, types, option ranges) and compiles TEXT. On any error
 * returns NULL with every problem in D. Warnings (a sequence without maxspan, ...) are
 * not errors; mh_eql_query_warnings lists them. */
mh_eql_query *mh_eql_compile(const char *text, size_t n, const mh_eql_options *o, mh_eql_diags *d);
void mh_eql_query_free(mh_eql_query *q);
mh_eql_kind mh_eql_query_kind(const mh_eql_query *q);
/* Reads an event's time from the query's timestamp field: an ISO 8601 string, or epoch
 * milliseconds as a number or a string of digits. False when absent or unreadable. */
bool mh_eql_event_time(const mh_eql_query *q, const mh_jv *doc, mh_time *ts);
/* Writes a short description of how the query was compiled (steps, keys, limits). */
bool mh_eql_query_explain(const mh_eql_query *q, mh_buf *out);

/* ---- matching ---- */

typedef struct mh_eql_event {
    const mh_jv *doc;  /* the parsed event (a JSON object) */
    const char *json;  /* its original text, reported back in results */
    size_t len;
    mh_time ts;        /* event time in ms (see mh_eql_event_time) */
    uint64_t tiebreak; /* orders events of equal ts; (ts, tiebreak) must not decrease */
} mh_eql_event;

typedef struct mh_eql_hit {
    const char *json; /* NULL for a missing-event step (![...]) */
    size_t len;
    mh_time ts;
    uint64_t tiebreak;
} mh_eql_hit;

typedef struct mh_eql_result {
    const mh_eql_query *query;
    size_t nevents;
    const mh_eql_hit *events;
    size_t nkeys;       /* 0 for event queries */
    const mh_str *keys; /* each join key value as JSON text ("\"a\"", "42", "null") */
} mh_eql_result;

/* Return non-zero to stop the matcher (later pushes do nothing). */
typedef int (*mh_eql_result_fn)(void *ctx, const mh_eql_result *r);

typedef struct mh_eql_limits {
    size_t max_memory; /* bytes of matcher state (pending sequences, kept events); 0 = 256 MiB */
} mh_eql_limits;

typedef struct mh_eql_stats {
    uint64_t events;    /* events pushed */
    uint64_t results;   /* results delivered */
    uint64_t expired;   /* pending sequences dropped because maxspan passed */
    uint64_t evictions; /* pending sequences dropped to stay under max_memory */
    uint64_t rejected;  /* pushes refused (out of time order, no timestamp) */
    size_t memory;      /* bytes of state now */
    size_t peak_memory; /* the most it ever held */
} mh_eql_stats;

typedef struct mh_eql_matcher mh_eql_matcher;

mh_eql_matcher *mh_eql_matcher_new(const mh_eql_query *q, const mh_eql_limits *lim, mh_eql_result_fn fn, void *ctx);
/* Feeds one event. MH_E_INPUT (counted in stats.rejected, nothing else changes) when the
 * event goes back in time or is not an object. */
mh_status mh_eql_matcher_push(mh_eql_matcher *m, const mh_eql_event *ev, mh_err *e);
/* Moves the clock to NOW without an event: closes windows of missing-event steps. */
mh_status mh_eql_matcher_advance(mh_eql_matcher *m, mh_time now, mh_err *e);
/* The input is over: decides what is still pending and delivers tail/sample results. */
mh_status mh_eql_matcher_finish(mh_eql_matcher *m, mh_err *e);
/* True once the query can produce nothing more (a head pipe is full, the callback stopped). */
bool mh_eql_matcher_done(const mh_eql_matcher *m);
void mh_eql_matcher_stats(const mh_eql_matcher *m, mh_eql_stats *out);
void mh_eql_matcher_free(mh_eql_matcher *m);

#endif
