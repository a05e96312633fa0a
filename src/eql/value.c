/* EQL values: the small tagged union expressions evaluate to, how JSON field values
 * become values (arrays stay whole so comparisons can test each element, as
 * Elasticsearch does for multi-valued fields), ordering and equality with and without
 * case, wildcard matching, and rendering values as text or JSON. */
#include "eql_int.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

eql_val eql_from_json(const mh_jv *j)
{
    if (!j) return eql_null();
    switch (j->type) {
    case MH_JTRUE: return eql_bool(true);
    case MH_JFALSE: return eql_bool(false);
    case MH_JNUM: return j->is_int ? eql_int(j->u.num.i) : eql_dbl(j->u.num.d);
    case MH_JSTR: return eql_str(j->u.s, j->len);
    case MH_JARR: {
        if (j->len == 0) return eql_null();
        if (j->len == 1) return eql_from_json(&j->u.items[0]);
        eql_val v = {.t = V_MULTI};
        v.u.arr = j;
        return v;
    }
    default: return eql_null();
    }
}

eql_val eql_scalar(eql_val v)
{
    if (v.t != V_MULTI) return v;
    return eql_from_json(&v.u.arr->u.items[0]);
}

static inline unsigned char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c; }

bool eql_ci_eq(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn) return false;
    for (size_t i = 0; i < an; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i])) return false;
    return true;
}

static int cmp_str(const char *a, size_t an, const char *b, size_t bn, bool ci)
{
    size_t n = an < bn ? an : bn;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (ci) { x = lower(x); y = lower(y); }
        if (x != y) return x < y ? -1 : 1;
    }
    return an == bn ? 0 : an < bn ? -1 : 1;
}

/* An ISO 8601 date or date-time (YYYY-MM-DD[THH:MM[:SS[.f{1,9}]]][Z|+hh:mm]) as ns since
 * the epoch. Dates are compared as instants, so "…16.510Z" equals "…16.510000000Z" and a
 * date string compares with epoch milliseconds, as against a date field in Elasticsearch. */
static bool iso_ns(const char *s, size_t n, int64_t *out)
{
    if (n < 10 || s[4] != '-' || s[7] != '-' || !isdigit((unsigned char)s[0])) return false;
    int v[6] = {0};
    static const int pos[3] = {0, 5, 8}, len[3] = {4, 2, 2};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < len[k]; i++) {
            char c = s[pos[k] + i];
            if (!isdigit((unsigned char)c)) return false;
            v[k] = v[k] * 10 + (c - '0');
        }
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31) return false;
    size_t i = 10;
    int64_t frac = 0;
    int64_t offset_min = 0;
    if (i < n && (s[i] == 'T' || s[i] == ' ')) {
        i++;
        for (int k = 3; k < 6; k++) {
            if (k > 3) {
                if (i >= n || s[i] != ':') break;
                i++;
            }
            if (i + 2 > n || !isdigit((unsigned char)s[i]) || !isdigit((unsigned char)s[i + 1])) return false;
            v[k] = (s[i] - '0') * 10 + (s[i + 1] - '0');
            i += 2;
        }
        if (v[3] > 23 || v[4] > 59 || v[5] > 60) return false;
        if (i < n && (s[i] == '.' || s[i] == ',')) {
            i++;
            int digits = 0;
            while (i < n && isdigit((unsigned char)s[i])) {
                if (digits < 9) { frac = frac * 10 + (s[i] - '0'); digits++; }
                i++;
            }
            if (digits == 0) return false;
            while (digits++ < 9) frac *= 10;
        }
    }
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) i++;
    else if (i < n && (s[i] == '+' || s[i] == '-')) {
        if (i + 6 != n || s[i + 3] != ':') return false;
        int hh = (s[i + 1] - '0') * 10 + (s[i + 2] - '0'), mm = (s[i + 4] - '0') * 10 + (s[i + 5] - '0');
        offset_min = (s[i] == '-' ? -1 : 1) * (hh * 60 + mm);
        i += 6;
    }
    if (i != n) return false;
    int64_t days = mh_days_from_civil(v[0], (unsigned)v[1], (unsigned)v[2]);
    int64_t secs = days * 86400 + v[3] * 3600 + v[4] * 60 + v[5] - offset_min * 60;
    if (secs > INT64_MAX / 1000000000 - 1 || secs < INT64_MIN / 1000000000 + 1) return false;
    *out = secs * 1000000000 + frac;
    return true;
}

int eql_compare(eql_val a, eql_val b, bool ci)
{
    if ((a.t == V_STR) != (b.t == V_STR) && (a.t == V_INT || b.t == V_INT)) {
        int64_t ns, ms = a.t == V_INT ? a.u.i : b.u.i;
        const eql_val *sv = a.t == V_STR ? &a : &b;
        if (iso_ns(sv->u.s.p, sv->u.s.n, &ns) && ms < INT64_MAX / 1000000 && ms > INT64_MIN / 1000000) {
            int64_t x = ms * 1000000;
            int c = x < ns ? -1 : x > ns;
            return a.t == V_INT ? c : -c;
        }
    }
    if (a.t == V_STR && b.t == V_STR && a.u.s.n >= 10 && b.u.s.n >= 10 && a.u.s.p[4] == '-' && b.u.s.p[4] == '-') {
        int64_t x, y;
        if (iso_ns(a.u.s.p, a.u.s.n, &x) && iso_ns(b.u.s.p, b.u.s.n, &y)) return x < y ? -1 : x > y;
    }
    if (a.t == V_INT && b.t == V_INT) return a.u.i < b.u.i ? -1 : a.u.i > b.u.i;
    if ((a.t == V_INT || a.t == V_DBL) && (b.t == V_INT || b.t == V_DBL)) {
        double x = a.t == V_INT ? (double)a.u.i : a.u.d, y = b.t == V_INT ? (double)b.u.i : b.u.d;
        if (isnan(x) || isnan(y)) return 2;
        return x < y ? -1 : x > y;
    }
    if (a.t == V_STR && b.t == V_STR) return cmp_str(a.u.s.p, a.u.s.n, b.u.s.p, b.u.s.n, ci);
    if (a.t == V_BOOL && b.t == V_BOOL) return (int)a.u.b - (int)b.u.b;
    return 2;
}

/* Iterative glob matching with backtracking to the last '*': linear in practice. */
bool eql_wildcard(const char *pat, size_t pn, const char *s, size_t sn, bool ci)
{
    size_t p = 0, i = 0, star = (size_t)-1, mark = 0;
    while (i < sn) {
        if (p < pn && pat[p] == '*') { star = p++; mark = i; continue; }
        if (p < pn && (pat[p] == '?' || (ci ? lower((unsigned char)pat[p]) == lower((unsigned char)s[i]) : pat[p] == s[i]))) {
            p++; i++;
            continue;
        }
        if (star == (size_t)-1) return false;
        p = star + 1;
        i = ++mark;
    }
    while (p < pn && pat[p] == '*') p++;
    return p == pn;
}

bool eql_to_text(eql_val v, mh_arena *a, const char **p, size_t *n)
{
    char buf[64];
    int len;
    v = eql_scalar(v);
    switch (v.t) {
    case V_STR: *p = v.u.s.p; *n = v.u.s.n; return true;
    case V_BOOL: *p = v.u.b ? "true" : "false"; *n = v.u.b ? 4 : 5; return true;
    case V_INT: len = snprintf(buf, sizeof buf, "%lld", (long long)v.u.i); break;
    case V_DBL:
        if (v.u.d == floor(v.u.d) && fabs(v.u.d) < 1e15) len = snprintf(buf, sizeof buf, "%.1f", v.u.d);
        else len = snprintf(buf, sizeof buf, "%.17g", v.u.d);
        break;
    default: return false;
    }
    char *s = mh_arena_strndup(a, buf, (size_t)len);
    if (!s) return false;
    *p = s; *n = (size_t)len;
    return true;
}

mh_str eql_to_json(eql_val v, mh_arena *a)
{
    v = eql_scalar(v);
    if (v.t == V_NULL) return MH_STR_LIT("null");
    const char *p;
    size_t n;
    if (!eql_to_text(v, a, &p, &n)) return MH_STR_LIT("null");
    if (v.t != V_STR) return (mh_str){p, n};
    mh_buf b;
    mh_buf_init(&b, 0);
    mh_json_write_str(&b, p, n);
    char *s = b.data ? mh_arena_strndup(a, b.data, b.len) : NULL;
    size_t len = b.len;
    mh_buf_free(&b);
    return s ? (mh_str){s, len} : MH_STR_LIT("null");
}
