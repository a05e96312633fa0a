/* mh_core: the small tools every module uses — errors with a place, arenas, growable
 * buffers with a ceiling, string slices, hashing, and time parsing. No domain knowledge.
 *
 * Ownership: an arena owns everything allocated from it and frees it all at once in
 * mh_arena_free(); a mh_buf owns its bytes until mh_buf_free(). Slices (mh_str) never own. */
#ifndef MH_CORE_H
#define MH_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- errors: a status plus a message and the place it is about ---- */

typedef enum {
    MH_OK = 0,
    MH_E_INPUT,    /* the input is malformed (caller's data, never a crash) */
    MH_E_IO,       /* a file or stream could not be read or written */
    MH_E_NOMEM,    /* out of memory, or a configured limit was reached */
    MH_E_STORE,    /* the store refused or failed */
    MH_E_USAGE,    /* the command line or API call is wrong */
    MH_E_NOTFOUND, /* the thing asked for does not exist */
    MH_E_DENIED,   /* the caller may not do this */
    MH_E_INTERNAL  /* a bug: an invariant did not hold */
} mh_status;

typedef struct mh_err {
    mh_status code;
    char file[256]; /* the input the error is about ("" if none) */
    long line;      /* 1-based line in that input, 0 if none */
    long col;       /* 1-based column, 0 if none */
    char msg[512];
} mh_err;

/* Clears an error to MH_OK. */
void mh_err_clear(mh_err *e);
/* Sets code and a printf-style message; keeps file/line/col. Returns code for `return mh_err_set(...)`. */
mh_status mh_err_set(mh_err *e, mh_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sets the place the error is about. */
void mh_err_at(mh_err *e, const char *file, long line, long col);
/* Writes "file:line:col: message" (only the parts that are known) into out. */
void mh_err_format(const mh_err *e, char *out, size_t n);
/* A short stable name for a status ("input", "io", ...). */
const char *mh_status_name(mh_status s);

/* ---- arenas: bump allocation for a burst of work, freed at once ---- */

typedef struct mh_arena_block mh_arena_block;
typedef struct mh_arena {
    mh_arena_block *head;
    size_t block_size; /* size of a fresh block; large requests get their own */
    size_t used;       /* bytes handed out, for accounting */
    size_t limit;      /* 0 = unlimited; otherwise allocation fails past it */
} mh_arena;

void mh_arena_init(mh_arena *a, size_t block_size);
/* NULL when out of memory or past a->limit. Memory is 16-byte aligned and not zeroed. */
void *mh_arena_alloc(mh_arena *a, size_t n);
void *mh_arena_zalloc(mh_arena *a, size_t n);
char *mh_arena_strndup(mh_arena *a, const char *s, size_t n);
/* Forgets everything allocated but keeps the first block for reuse. */
void mh_arena_reset(mh_arena *a);
void mh_arena_free(mh_arena *a);

/* ---- growable byte buffers with a ceiling ---- */

typedef struct mh_buf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len, cap;
    size_t max; /* 0 = unlimited; appends that would pass it fail */
} mh_buf;

void mh_buf_init(mh_buf *b, size_t max);
bool mh_buf_append(mh_buf *b, const void *p, size_t n);
bool mh_buf_puts(mh_buf *b, const char *s);
bool mh_buf_putc(mh_buf *b, char c);
bool mh_buf_printf(mh_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool mh_buf_vprintf(mh_buf *b, const char *fmt, va_list ap);
void mh_buf_reset(mh_buf *b);
void mh_buf_free(mh_buf *b);

/* ---- string slices ---- */

typedef struct mh_str {
    const char *ptr;
    size_t len;
} mh_str;

#define MH_STR_LIT(s) ((mh_str){(s), sizeof(s) - 1})
mh_str mh_str_c(const char *s);
bool mh_str_eq(mh_str a, mh_str b);
bool mh_str_eq_c(mh_str a, const char *s);
bool mh_str_ieq_ascii(mh_str a, mh_str b);

/* ---- hashing ---- */

/* A fast 64-bit hash of bytes (not cryptographic). */
uint64_t mh_hash64(const void *p, size_t n, uint64_t seed);

/* A set of 64-bit keys (hashes); zero-initialise it, free it with mh_hset_free. It owns
 * its table. Keys 0 and 1 count as one. */
typedef struct mh_hset {
    uint64_t *v;
    size_t n, cap;
} mh_hset;
/* 1 when KEY was not in the set (it is now), 0 when it was, -1 when the set could not
 * grow (out of memory; the set is unchanged and the caller decides what that means). */
int mh_hset_add(mh_hset *s, uint64_t key);
bool mh_hset_has(const mh_hset *s, uint64_t key);
void mh_hset_free(mh_hset *s);

/* ---- UTF-8 ---- */

/* Writes code point CP (<= U+10FFFF) as UTF-8 at OUT (room for 4 bytes); returns the length. */
size_t mh_utf8_put(char *out, uint32_t cp);
/* The value of a hexadecimal digit, or -1. */
int mh_hex_digit(char c);

/* True when [p, p+n) is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
 * On failure *bad_at (if given) receives the offset of the first bad byte. */
bool mh_utf8_valid(const char *p, size_t n, size_t *bad_at);

/* ---- time: milliseconds since 1970-01-01T00:00:00Z ---- */

typedef int64_t mh_time; /* ms since the Unix epoch, UTC */
#define MH_TIME_NONE INT64_MIN

/* Parses an ISO 8601 date or date-time, possibly a prefix (2011, 2011-05, 2011-05-14,
 * 2011-05-14T10:22, ...:SS, fractions, Z or +hh:mm; a space may stand for T). A prefix
 * covers its whole span: *lo is its first ms and *hi its last. No zone means UTC.
 * Returns false (and sets e, if given) when the text is not such a date. */
bool mh_time_parse_iso(const char *s, size_t n, mh_time *lo, mh_time *hi, mh_err *e);
/* Days since the epoch for a civil date (proleptic Gregorian). */
int64_t mh_days_from_civil(int64_t y, unsigned m, unsigned d);
void mh_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);
/* The UTC day of t, in days since the epoch (rounded down, also before 1970). */
static inline int64_t mh_time_day(mh_time t) { return t >= 0 ? t / 86400000 : -((-t + 86399999) / 86400000); }
/* Formats t as 2011-05-14T10:22:00.000Z (ms omitted when zero); out needs 32 bytes. */
void mh_time_format(mh_time t, char *out, size_t n);
/* Formats the date part only: 2011-05-14; out needs 16 bytes. */
void mh_time_format_date(mh_time t, char *out, size_t n);
/* Formats a validity interval as dates, LO/HI, with ".." for an open end (MH_TIME_NONE),
 * as ISO 8601-2 writes open intervals: 2003-01-01/.. ; out needs 40 bytes. */
void mh_time_format_interval(mh_time lo, mh_time hi, char *out, size_t n);

/* ---- decimal amounts ---- */

/* Parses a decimal string ("2480", "2480.00", "-12.5") into hundredths (cents). */
bool mh_amount_parse(const char *s, size_t n, int64_t *cents);

#define MH_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MH_MIN(a, b) ((a) < (b) ? (a) : (b))
#define MH_MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
