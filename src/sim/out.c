/* Output files: one large buffer per file, written with fwrite when it fills (no stdio
 * formatting on the hot path), and the formatters the writers need — integers, ISO 8601
 * and CERT dates, JSON and CSV strings — written by hand because snprintf per field would
 * cost more than the whole simulation of the event. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "molehunt/mh_json.h"
#include "out.h"

#define FLUSH_AT (1u << 20)

static bool mkdirs(const char *path, mh_err *e)
{
    char tmp[512];
    size_t n = strlen(path);
    if (n >= sizeof tmp) {
        mh_err_set(e, MH_E_IO, "path too long: %s", path);
        return false;
    }
    memcpy(tmp, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (tmp[i] != '/' && tmp[i] != '\0') continue;
        char c = tmp[i];
        tmp[i] = '\0';
        if (mkdir(tmp, 0777) != 0 && errno != EEXIST) {
            mh_err_set(e, MH_E_IO, "cannot create directory %s: %s", tmp, strerror(errno));
            return false;
        }
        tmp[i] = c;
    }
    return true;
}

bool sim_out_open(sim_out *o, const char *dir, const char *rel, mh_err *e)
{
    memset(o, 0, sizeof *o);
    mh_buf_init(&o->b, 0);
    int n = snprintf(o->path, sizeof o->path, "%s/%s", dir, rel);
    if (n < 0 || (size_t)n >= sizeof o->path) {
        mh_err_set(e, MH_E_IO, "output path too long: %s/%s", dir, rel);
        return false;
    }
    char parent[512];
    memcpy(parent, o->path, (size_t)n + 1);
    char *slash = strrchr(parent, '/');
    if (slash) {
        *slash = '\0';
        if (!mkdirs(parent, e)) return false;
    }
    /* Reserve twice the flush size so that lines almost never take the slow path. */
    o->b.data = malloc(2 * FLUSH_AT);
    if (!o->b.data) {
        mh_err_set(e, MH_E_NOMEM, "out of memory opening %s", o->path);
        return false;
    }
    o->b.cap = 2 * FLUSH_AT;
    o->b.data[0] = '\0';
    o->f = fopen(o->path, "wb");
    if (!o->f) {
        mh_err_set(e, MH_E_IO, "cannot write %s: %s", o->path, strerror(errno));
        return false;
    }
    return true;
}

static void flush(sim_out *o)
{
    if (o->b.len && o->f && fwrite(o->b.data, 1, o->b.len, o->f) != o->b.len) o->failed = true;
    o->bytes += o->b.len;
    mh_buf_reset(&o->b);
}

void sim_out_endline(sim_out *o)
{
    sim_put(o, "\n", 1);
    o->lines++;
    if (o->b.len >= FLUSH_AT) flush(o);
}

bool sim_out_close(sim_out *o, mh_err *e)
{
    if (!o->f) {
        mh_buf_free(&o->b);
        return true;
    }
    flush(o);
    bool ok = !o->failed;
    if (fclose(o->f) != 0) ok = false;
    o->f = NULL;
    mh_buf_free(&o->b);
    if (!ok && e && e->code == MH_OK) mh_err_set(e, MH_E_IO, "writing %s failed", o->path);
    return ok;
}

void sim_put_slow(sim_out *o, const char *s, size_t n)
{
    if (!mh_buf_append(&o->b, s, n)) o->failed = true;
}

void sim_put_u64(sim_out *o, uint64_t v)
{
    char tmp[24];
    int i = 24;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sim_put(o, tmp + i, (size_t)(24 - i));
}

static inline void two(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

/* Civil date of the last converted day, cached: events come in time order, so the
 * conversion runs once per day instead of once per event. */
typedef struct {
    int64_t day;
    unsigned y, m, d;
} day_cache;
static _Thread_local day_cache cache = {INT64_MIN, 0, 0, 0};

static void split(int64_t ms, unsigned *y, unsigned *m, unsigned *d, unsigned *hh, unsigned *mi, unsigned *ss)
{
    int64_t day = ms >= 0 ? ms / SIM_DAY_MS : -((-ms + SIM_DAY_MS - 1) / SIM_DAY_MS);
    int64_t rem = ms - day * SIM_DAY_MS;
    if (day != cache.day) {
        int64_t yy;
        mh_civil_from_days(day, &yy, &cache.m, &cache.d);
        cache.y = (unsigned)yy;
        cache.day = day;
    }
    *y = cache.y;
    *m = cache.m;
    *d = cache.d;
    *hh = (unsigned)(rem / SIM_HOUR_MS);
    *mi = (unsigned)(rem / 60000 % 60);
    *ss = (unsigned)(rem / 1000 % 60);
}

void sim_fmt_iso(int64_t ms, char out[32])
{
    unsigned y, m, d, hh, mi, ss;
    split(ms, &y, &m, &d, &hh, &mi, &ss);
    memcpy(out, "0000-00-00T00:00:00Z", 21);
    two(out, y / 100);
    two(out + 2, y % 100);
    two(out + 5, m);
    two(out + 8, d);
    two(out + 11, hh);
    two(out + 14, mi);
    two(out + 17, ss);
}

void sim_put_iso(sim_out *o, int64_t ms)
{
    char b[32];
    sim_fmt_iso(ms, b);
    sim_put(o, b, 20);
}

void sim_put_cert_date(sim_out *o, int64_t ms)
{
    unsigned y, m, d, hh, mi, ss;
    split(ms, &y, &m, &d, &hh, &mi, &ss);
    char b[20] = "00/00/0000 00:00:00";
    two(b, m);
    two(b + 3, d);
    two(b + 6, y / 100);
    two(b + 8, y % 100);
    two(b + 11, hh);
    two(b + 14, mi);
    two(b + 17, ss);
    sim_put(o, b, 19);
}

void sim_fmt_day(int64_t day, char out[16])
{
    int64_t y;
    unsigned m, d;
    mh_civil_from_days(day, &y, &m, &d);
    memcpy(out, "0000-00-00", 11);
    two(out, (unsigned)(y / 100));
    two(out + 2, (unsigned)(y % 100));
    two(out + 5, m);
    two(out + 8, d);
}

void sim_fmt_amount(int64_t cents, char out[24])
{
    int64_t whole = cents / 100, frac = cents % 100;
    if (frac) snprintf(out, 24, "%lld.%02lld", (long long)whole, (long long)frac);
    else snprintf(out, 24, "%lld", (long long)whole);
}

void sim_put_jstr(sim_out *o, const char *s)
{
    if (!mh_json_write_str(&o->b, s, strlen(s))) o->failed = true;
}

void sim_put_csv(sim_out *o, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        sim_puts(o, s);
        return;
    }
    sim_putc(o, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"') sim_putc(o, '"');
        sim_putc(o, *p);
    }
    sim_putc(o, '"');
}
