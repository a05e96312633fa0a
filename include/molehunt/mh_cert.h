/* mh_cert: importing the CMU CERT Insider Threat Test Dataset exactly as distributed
 * (../shared/spec/cert-format.md, docs/cert.md): a memory-mapped CSV reader whose fields
 * are slices of the mapping, converters from each activity file's rows to the ECS events
 * the rule pack reads, the monthly LDAP snapshots turned into people, accounts,
 * employments, departments and supervisor ties, and the import driver that stores it all
 * and quarantines every row it cannot read.
 *
 * Ownership: mh_cert_csv_open returns a reader freed by mh_cert_csv_close; the slices of
 * a row point into its mapping and stay valid until the reader is closed. Everything
 * else borrows its inputs and writes into buffers the caller owns. */
#ifndef MH_CERT_H
#define MH_CERT_H

#include <stdio.h>

#include "molehunt/mh_core.h"
#include "molehunt/mh_store.h"

/* ---- releases and their layouts ---- */

typedef enum { MH_CERT_AUTO, MH_CERT_R42, MH_CERT_R52, MH_CERT_R62 } mh_cert_release;

/* "r4.2" -> MH_CERT_R42 (also "4.2", "r4.1", "r5.1", "r6.1", ...); false when unknown. */
bool mh_cert_release_parse(const char *s, mh_cert_release *out);
const char *mh_cert_release_name(mh_cert_release r);

typedef enum { MH_CERT_LOGON, MH_CERT_DEVICE, MH_CERT_HTTP, MH_CERT_EMAIL, MH_CERT_FILE, MH_CERT__KINDS } mh_cert_kind;

/* "logon" -> MH_CERT_LOGON; false when it is none of the five. */
bool mh_cert_kind_parse(const char *s, size_t n, mh_cert_kind *out);
const char *mh_cert_kind_name(mh_cert_kind k);

/* The columns a converter understands; a layout maps each to its index (or -1). */
typedef enum {
    MH_CC_ID, MH_CC_DATE, MH_CC_USER, MH_CC_PC, MH_CC_ACTIVITY, MH_CC_URL, MH_CC_CONTENT, MH_CC_TO, MH_CC_CC,
    MH_CC_BCC, MH_CC_FROM, MH_CC_SIZE, MH_CC_ATTACHMENTS, MH_CC_FILENAME, MH_CC_TO_REM, MH_CC_FROM_REM,
    MH_CC_FILE_TREE, MH_CC_TAG, MH_CC__COUNT
} mh_cert_col;

#define MH_CERT_MAX_FIELDS 16

typedef struct mh_cert_layout {
    mh_cert_kind kind;
    int ncols;                /* fields a row must have */
    int col[MH_CC__COUNT];    /* index of each column, -1 when the layout lacks it */
} mh_cert_layout;

/* The layout of KIND's file in RELEASE (r5.2 as documented: r4.2's http and e-mail,
 * r6's device and file); ANSWERS adds the tag column r5/r6 answer rows carry before
 * `content` (the leading type column is not counted). */
void mh_cert_layout_of(mh_cert_kind kind, mh_cert_release r, bool answers, mh_cert_layout *out);

/* ---- CSV rows as slices ---- */

typedef struct mh_cert_row {
    mh_str f[MH_CERT_MAX_FIELDS];
    int n;              /* fields found: f[0..n) are set, also when err is (up to it) */
    uint32_t escaped;   /* bit i: field i was quoted and holds doubled quotes ("" = ") */
    long lines;         /* physical lines the record spans (quoted fields may hold newlines) */
    const char *err;    /* NULL, or why the record is malformed */
    long err_col;       /* 1-based column of the problem */
} mh_cert_row;

/* Splits the record starting at P (END = end of input) into at most MH_CERT_MAX_FIELDS
 * fields and returns where the next record starts. Fields are RFC 4180: a field opening
 * with '"' runs to the closing quote ("" inside stands for one quote, newlines allowed).
 * The field at index LAST (the layout's last column; -1 = none), when unquoted, takes the
 * rest of the line, commas included: r4.2 writes `content` unquoted. A malformed record
 * sets row->err and ends at the end of its first line, so one bad quote costs one row. */
const char *mh_cert_csv_split(const char *p, const char *end, int last, mh_cert_row *row);

/* Field I as text without its quoting: a slice of the input, or (when it held doubled
 * quotes) a copy with them collapsed in SCRATCH. */
mh_str mh_cert_field(const mh_cert_row *row, int i, mh_buf *scratch);

typedef struct mh_cert_csv mh_cert_csv;

/* Maps PATH read-only. The first record is the header (mh_cert_csv_header). */
mh_status mh_cert_csv_open(const char *path, mh_cert_csv **out, mh_err *e);
void mh_cert_csv_close(mh_cert_csv *r);
/* The header's fields (split without a rest-of-line column). */
const mh_cert_row *mh_cert_csv_header(mh_cert_csv *r);
/* The next non-blank record; false at the end. *line is its first line (1-based) and
 * *text, *len its raw bytes (for the quarantine). Pages already read are released as
 * the reader moves on, so memory stays bounded whatever the file's size. */
bool mh_cert_csv_next(mh_cert_csv *r, int last, mh_cert_row *row, long *line, const char **text, size_t *len);
/* The mapped size in bytes. */
uint64_t mh_cert_csv_size(const mh_cert_csv *r);

/* Builds the layout of KIND from a header row; false (with the reason in WHY, 256 bytes)
 * when a required column (id, date, user, pc) is missing. */
bool mh_cert_layout_from_header(mh_cert_kind kind, const mh_cert_row *hdr, mh_cert_layout *out, char *why);
/* The release a set of activity-file layouts implies (r6 when http or e-mail carry an
 * activity column, r5 when file or device do, else r4). */
mh_cert_release mh_cert_release_guess(const mh_cert_layout *http, const mh_cert_layout *file);

/* ---- dates ---- */

/* Parses CERT's M/D/YYYY H:MM[:SS] (zero padding optional, no zone: taken as UTC) or ISO
 * 8601; false when it is neither or out of range. */
bool mh_cert_parse_date(const char *s, size_t n, mh_time *out);

/* ---- rows to ECS events ---- */

/* Decoy files (decoy_file.csv): a set of (pc, file name) pairs. */
typedef struct mh_cert_decoys mh_cert_decoys;
mh_cert_decoys *mh_cert_decoys_new(void);
void mh_cert_decoys_free(mh_cert_decoys *d);
bool mh_cert_decoys_add(mh_cert_decoys *d, mh_str pc, mh_str file);
bool mh_cert_decoys_has(const mh_cert_decoys *d, mh_str pc, mh_str file);
size_t mh_cert_decoys_count(const mh_cert_decoys *d);
/* The set as text (one 16-digit hex hash a line), appended to OUT; false when out of
 * memory. decode adds such text to D; false when it is not such text (D may have taken
 * part of it) or out of memory. */
bool mh_cert_decoys_encode(const mh_cert_decoys *d, mh_buf *out);
bool mh_cert_decoys_decode(mh_cert_decoys *d, const char *text, size_t len);

typedef struct mh_cert_event {
    char eid[64];      /* the store's event id: "<kind>:<CERT id>" (CERT ids repeat across files) */
    char user[32];
    mh_time ts;
    const char *category;
} mh_cert_event;

/* Converts one activity row of layout L to an ECS event written into JSON (reset first):
 * @timestamp, event.{id,category,action,dataset}, user.id, host.name and the fields of
 * the category (docs/cert.md lists them; `content` is not kept). DECOYS may be NULL.
 * False with the reason in WHY (256 bytes) and its field in *col for a row that cannot be
 * read: wrong field count, bad date, empty user, an unknown activity, invalid UTF-8. */
bool mh_cert_convert(const mh_cert_layout *l, const mh_cert_row *row, const mh_cert_decoys *decoys, mh_buf *json,
                     mh_buf *scratch, mh_cert_event *ev, char *why, long *col);

/* ---- the import ---- */

typedef struct mh_cert_opts {
    mh_cert_release release; /* AUTO: read from the headers */
    size_t batch;            /* rows per transaction (default 50000) */
    FILE *progress;          /* if set, a line per file and per 1 M rows */
    bool bulk;               /* drop and rebuild secondary indexes around the load (AUTO when > 256 MB) */
} mh_cert_opts;

/* Counts reconcile: read = stored + unchanged + folded + quarantined. */
typedef struct mh_cert_counts {
    int64_t read;          /* data rows read (all files) */
    int64_t stored;        /* new events */
    int64_t unchanged;     /* rows already stored (re-import) */
    int64_t quarantined;   /* rows kept in the quarantine with a reason */
    int64_t folded;        /* LDAP rows folded into people and their ties */
    int64_t entities;      /* entities put (people, accounts, employments, ties, departments) */
    int64_t people;        /* distinct users in the LDAP snapshots */
    int64_t leavers;       /* of them, absent from the last snapshot */
    int64_t decoys;        /* decoy files known */
    uint64_t bytes;        /* bytes of CSV read */
    mh_cert_release release;
} mh_cert_counts;

/* Imports the release in DIR (logon.csv, device.csv, http.csv, email.csv, file.csv,
 * psychometric.csv, decoy_file.csv, LDAP/; missing files are skipped and reported via
 * progress). Only I/O, store failures and an unusable header are errors; bad rows are
 * quarantined and counted. */
mh_status mh_cert_ingest(mh_store *s, const char *dir, const mh_cert_opts *o, mh_cert_counts *c, mh_err *e);

/* The entity ids the import gives a CERT user (for tests and the evaluation). OUT needs
 * 64 bytes. */
void mh_cert_person_id(const char *user, char *out, size_t n);

#endif
