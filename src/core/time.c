/* Dates: ISO 8601 parsing with prefixes (a prefix date covers its whole span), civil-day
 * arithmetic (Howard Hinnant's algorithms) and formatting. All times are UTC ms. */
#include "molehunt/mh_core.h"

#include <stdio.h>
#include <string.h>

int64_t mh_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void mh_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

/* Reads exactly k digits at s[*i]. */
static bool digits(const char *s, size_t n, size_t *i, int k, int *out)
{
    int v = 0;
    for (int j = 0; j < k; j++) {
        if (*i >= n || s[*i] < '0' || s[*i] > '9') return false;
        v = v * 10 + (s[(*i)++] - '0');
    }
    *out = v;
    return true;
}

#define DAY_MS 86400000LL

bool mh_time_parse_iso(const char *s, size_t n, mh_time *lo, mh_time *hi, mh_err *e)
{
    size_t i = 0;
    int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0, ms = 0;
    mh_time span;
    if (!digits(s, n, &i, 4, &y)) goto bad;
    if (i == n) {
        int64_t a = mh_days_from_civil(y, 1, 1), b = mh_days_from_civil(y + 1, 1, 1);
        *lo = a * DAY_MS;
        *hi = b * DAY_MS - 1;
        return true;
    }
    if (s[i++] != '-' || !digits(s, n, &i, 2, &mo) || mo < 1 || mo > 12) goto bad;
    if (i == n) {
        int64_t a = mh_days_from_civil(y, (unsigned)mo, 1);
        *lo = a * DAY_MS;
        *hi = (a + days_in_month(y, (unsigned)mo)) * DAY_MS - 1;
        return true;
    }
    if (s[i++] != '-' || !digits(s, n, &i, 2, &d) || d < 1 || (unsigned)d > days_in_month(y, (unsigned)mo)) goto bad;
    span = DAY_MS;
    if (i < n) {
        if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') goto bad;
        i++;
        if (!digits(s, n, &i, 2, &h) || h > 23) goto bad;
        span = 3600000;
        if (i < n && s[i] == ':') {
            i++;
            if (!digits(s, n, &i, 2, &mi) || mi > 59) goto bad;
            span = 60000;
            if (i < n && s[i] == ':') {
                i++;
                if (!digits(s, n, &i, 2, &sec) || sec > 60) goto bad;
                if (sec == 60) sec = 59; /* leap second: clamp */
                span = 1000;
                if (i < n && (s[i] == '.' || s[i] == ',')) {
                    i++;
                    int nd = 0, frac = 0;
                    while (i < n && s[i] >= '0' && s[i] <= '9') {
                        if (nd < 3) frac = frac * 10 + (s[i] - '0');
                        nd++;
                        i++;
                    }
                    if (nd == 0) goto bad;
                    for (int k = nd; k < 3; k++) frac *= 10;
                    ms = frac;
                    span = 1;
                }
            }
        }
        int64_t off_min = 0;
        if (i < n) {
            if (s[i] == 'Z' || s[i] == 'z') {
                i++;
            } else if (s[i] == '+' || s[i] == '-') {
                int sign = s[i++] == '-' ? -1 : 1, oh, om = 0;
                if (!digits(s, n, &i, 2, &oh) || oh > 23) goto bad;
                if (i < n && s[i] == ':') i++;
                if (i < n && !digits(s, n, &i, 2, &om)) goto bad;
                off_min = sign * (oh * 60 + om);
            }
            if (i != n) goto bad;
        }
        int64_t t = mh_days_from_civil(y, (unsigned)mo, (unsigned)d) * DAY_MS + h * 3600000LL +
                    mi * 60000LL + sec * 1000LL + ms - off_min * 60000LL;
        *lo = t;
        *hi = t + span - 1;
        return true;
    }
    *lo = mh_days_from_civil(y, (unsigned)mo, (unsigned)d) * DAY_MS;
    *hi = *lo + span - 1;
    return true;
bad:
    if (e) mh_err_set(e, MH_E_INPUT, "not an ISO 8601 date: \"%.*s\"", (int)(n > 64 ? 64 : n), s);
    return false;
}

/* V as N decimal digits, zero-padded, at O. */
static void put_digits(char *o, unsigned v, int n)
{
    while (n-- > 0) {
        o[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

void mh_time_format(mh_time t, char *out, size_t n)
{
    int64_t days = mh_time_day(t);
    int64_t rem = t - days * DAY_MS, y;
    unsigned m, d;
    mh_civil_from_days(days, &y, &m, &d);
    int hh = (int)(rem / 3600000), mm = (int)(rem / 60000 % 60), ss = (int)(rem / 1000 % 60),
        ms = (int)(rem % 1000);
    /* Digit by digit where four digits hold the year: the CERT import formats one time a
     * row, and snprintf there was a tenth of the load. */
    if (y >= 0 && y <= 9999 && n >= 25) {
        memcpy(out, "0000-00-00T00:00:00", 19);
        put_digits(out, (unsigned)y, 4);
        put_digits(out + 5, m, 2);
        put_digits(out + 8, d, 2);
        put_digits(out + 11, (unsigned)hh, 2);
        put_digits(out + 14, (unsigned)mm, 2);
        put_digits(out + 17, (unsigned)ss, 2);
        size_t k = 19;
        if (ms) {
            out[k++] = '.';
            put_digits(out + k, (unsigned)ms, 3);
            k += 3;
        }
        out[k++] = 'Z';
        out[k] = '\0';
        return;
    }
    if (ms)
        snprintf(out, n, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", (long long)y, m, d, hh, mm, ss, ms);
    else
        snprintf(out, n, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d, hh, mm, ss);
}

void mh_time_format_date(mh_time t, char *out, size_t n)
{
    int64_t days = mh_time_day(t), y;
    unsigned m, d;
    mh_civil_from_days(days, &y, &m, &d);
    snprintf(out, n, "%04lld-%02u-%02u", (long long)y, m, d);
}

void mh_time_format_interval(mh_time lo, mh_time hi, char *out, size_t n)
{
    char a[16] = "..", b[16] = "..";
    if (lo != MH_TIME_NONE) mh_time_format_date(lo, a, sizeof a);
    if (hi != MH_TIME_NONE) mh_time_format_date(hi, b, sizeof b);
    snprintf(out, n, "%s/%s", a, b);
}

bool mh_amount_parse(const char *s, size_t n, int64_t *cents)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    int64_t v = 0;
    size_t nd = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        if (v > (INT64_MAX - 9) / 1000) return false;
        v = v * 10 + (s[i++] - '0');
        nd++;
    }
    int frac = 0, nf = 0;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (nf < 2) frac = frac * 10 + (s[i] - '0');
            nf++;
            i++;
        }
        if (nf == 0) return false;
    }
    if (i != n || nd == 0) return false;
    if (nf == 1) frac *= 10;
    v = v * 100 + frac;
    *cents = neg ? -v : v;
    return true;
}
