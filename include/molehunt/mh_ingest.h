/* mh_ingest: reading FtM entity lines and ECS activity events (plain or gzip files, or
 * stdin), validating every line against the record model, and storing what is valid.
 * A bad line is quarantined with its reason, file, line and column; the rest loads.
 *
 * Ownership: mh_ingest_new borrows the store (which must outlive the ingest) and returns
 * a handle freed by mh_ingest_free. Entities produced by the line parsers live in the
 * caller's arena and borrow the line text. */
#ifndef MH_INGEST_H
#define MH_INGEST_H

#include <stdio.h>

#include "molehunt/mh_json.h"
#include "molehunt/mh_model.h"
#include "molehunt/mh_store.h"

typedef enum { MH_FMT_AUTO, MH_FMT_FTM, MH_FMT_ECS } mh_format;

typedef struct mh_ingest_opts {
    mh_format format;      /* AUTO: per line, "schema" means FtM, "@timestamp" means ECS */
    size_t batch;          /* lines per transaction (default 20000) */
    FILE *progress;        /* if set, a line per committed batch: "progress: FILE: N lines committed" */
    const char *channel;   /* source channel, e.g. "whistleblower" (protected: never scored) */
    bool bulk;             /* large load: secondary indexes are rebuilt once at the end */
} mh_ingest_opts;

typedef struct mh_ingest_counts {
    int64_t read;        /* non-blank lines read */
    int64_t stored;      /* new entities or events */
    int64_t merged;      /* lines whose id was already stored (values united) */
    int64_t unchanged;   /* of merged: lines that added nothing */
    int64_t quarantined; /* lines kept in the quarantine with a reason */
    int64_t parked;      /* lines waiting for a referenced entity (resolved by mh_ingest_finish) */
    int64_t blank;       /* empty lines, skipped */
} mh_ingest_counts;

typedef struct mh_ingest mh_ingest;

mh_ingest *mh_ingest_new(mh_store *store, const mh_ingest_opts *opts);
void mh_ingest_free(mh_ingest *ing);
/* Loads one file ("-" = stdin; gzip is detected). Counts are added to *c. Only I/O and
 * store failures are errors; bad lines are quarantined and counted. */
mh_status mh_ingest_file(mh_ingest *ing, const char *path, mh_ingest_counts *c, mh_err *e);
/* Rebuilds indexes after a bulk load and resolves parked lines: stored when their
 * references now exist, quarantined otherwise. Call once after the last file. */
mh_status mh_ingest_finish(mh_ingest *ing, mh_ingest_counts *c, mh_err *e);

/* Loads a watch list (FtM lines as OpenSanctions/yente export them) as list NAME.
 * Lenient about properties; bad JSON, invalid UTF-8 and nameless entities are
 * quarantined. VERSION NULL: derived from the file's content hash. */
mh_status mh_ingest_watchlist(mh_store *store, const char *path, const char *name, const char *version,
                              mh_ingest_counts *c, bool *unchanged, mh_err *e);

/* ---- line parsers (also used by the fuzz targets and bench/ingest) ---- */

/* Why a line was refused: a message and a 1-based column (0 if none). */
typedef struct mh_line_issue {
    char reason[384];
    long col;
} mh_line_issue;

/* Parses and validates one FtM line into ent (strings in arena a). *extra receives the
 * other top-level keys as JSON text (NULL if none). Unresolved references are not
 * checked here. */
bool mh_ftm_parse(const char *line, size_t n, mh_arena *a, mh_entity *ent, const char **extra, mh_line_issue *why);

/* Parses and validates one ECS line into ev (strings in arena a; ev->json is the line). */
bool mh_ecs_parse(const char *line, size_t n, mh_arena *a, mh_event_rec *ev, mh_line_issue *why);

/* ---- line reading ---- */

typedef struct mh_lines mh_lines;
/* Opens PATH ("-" = stdin), plain or gzip. Lines longer than max_line are reported
 * truncated (see mh_lines_next). */
mh_lines *mh_lines_open(const char *path, size_t max_line, mh_err *e);
/* Next line without its newline; false at end or on error (check mh_lines_error).
 * *too_long is set when the line passed max_line (the text is its first max_line bytes). */
bool mh_lines_next(mh_lines *r, const char **line, size_t *len, bool *too_long);
/* 1-based number of the line last returned. */
long mh_lines_lineno(const mh_lines *r);
bool mh_lines_error(const mh_lines *r, mh_err *e);
void mh_lines_close(mh_lines *r);

#endif
