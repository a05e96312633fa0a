/* The simulator's writers and formatters (out.c): a large buffer per output file, and
 * numbers, times, JSON strings and CSV fields written into it without printf. Times
 * everywhere in the simulator are milliseconds since the epoch. */
#ifndef MH_SIM_OUT_H
#define MH_SIM_OUT_H

#include <stdio.h>
#include <string.h>

#include "molehunt/mh_core.h"

#define SIM_DAY_MS 86400000LL
#define SIM_HOUR_MS 3600000LL

typedef struct sim_out {
    FILE *f;
    mh_buf b;
    uint64_t lines, bytes;
    bool failed;
    char path[512];
    const char *prop; /* ftm.c: the property whose value list is open */
    bool any_prop;
} sim_out;

bool sim_out_open(sim_out *o, const char *dir, const char *rel, mh_err *e);
bool sim_out_close(sim_out *o, mh_err *e);
void sim_out_endline(sim_out *o); /* '\n', counts the line, flushes a full buffer */
void sim_put_slow(sim_out *o, const char *s, size_t n);
/* The hot path: a copy into reserved space (the buffer stays NUL-terminated, as mh_buf
 * promises); growing is the slow path's job. */
static inline void sim_put(sim_out *o, const char *s, size_t n)
{
    if (o->b.len + n < o->b.cap) {
        memcpy(o->b.data + o->b.len, s, n);
        o->b.len += n;
        o->b.data[o->b.len] = '\0';
        return;
    }
    sim_put_slow(o, s, n);
}
static inline void sim_putc(sim_out *o, char c) { sim_put(o, &c, 1); }
static inline void sim_puts(sim_out *o, const char *s) { sim_put(o, s, strlen(s)); }
#define SIM_LIT(o, s) sim_put((o), (s), sizeof(s) - 1)
void sim_put_u64(sim_out *o, uint64_t v);
void sim_put_iso(sim_out *o, int64_t ms);       /* 2010-01-04T08:12:33Z */
void sim_put_cert_date(sim_out *o, int64_t ms); /* 01/04/2010 08:12:33 */
void sim_put_jstr(sim_out *o, const char *s);   /* quoted, escaped JSON string */
void sim_put_csv(sim_out *o, const char *s);    /* a CSV field, quoted when needed */
void sim_fmt_day(int64_t day, char out[16]);    /* 2010-01-04 */
void sim_fmt_iso(int64_t ms, char out[32]);
void sim_fmt_amount(int64_t cents, char out[24]); /* 2480 or 2480.50 */

#endif
