/* The EQL function table (Elasticsearch's function reference, plus the 2020 match,
 * matchLite and wildcard) and the functions themselves. One row per function: name,
 * arity and whether the case-insensitive `~` form exists. Every function returns null
 * when a required argument is null, as Elasticsearch does. Results that need new
 * strings are built in the per-event scratch arena. */
#include "eql_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

eql_val eql_arith(uint8_t op, eql_val a, eql_val b);

static bool str_arg(eql_val v, const char **p, size_t *n)
{
    v = eql_scalar(v);
    if (v.t != V_STR) return false;
    *p = v.u.s.p; *n = v.u.s.n;
    return true;
}

static bool int_arg(eql_val v, int64_t *out)
{
    v = eql_scalar(v);
    if (v.t == V_INT) { *out = v.u.i; return true; }
    if (v.t == V_DBL && v.u.d == floor(v.u.d) && fabs(v.u.d) < 9e18) { *out = (int64_t)v.u.d; return true; }
    return false;
}

/* Byte offset of code point K in s (clamped to n). */
static size_t cp_off(const char *s, size_t n, int64_t k)
{
    size_t i = 0;
    for (int64_t c = 0; i < n && c < k; c++) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    }
    return i;
}

static int64_t cp_len(const char *s, size_t n)
{
    int64_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static const char *find(const char *h, size_t hn, const char *nd, size_t nn, size_t from, bool ci)
{
    if (nn == 0) return from <= hn ? h + from : NULL;
    for (size_t i = from; i + nn <= hn; i++)
        if (ci ? eql_ci_eq(h + i, nn, nd, nn) : memcmp(h + i, nd, nn) == 0) return h + i;
    return NULL;
}

static eql_val f_math(eql_node *call, eql_val *a, uint32_t n, uint8_t op)
{
    (void)call; (void)n;
    return eql_arith(op, a[0], a[1]);
}
static eql_val f_add(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c) { (void)c; return f_math(k, a, n, T_PLUS); }
static eql_val f_sub(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c) { (void)c; return f_math(k, a, n, T_MINUS); }
static eql_val f_mul(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c) { (void)c; return f_math(k, a, n, T_STAR); }
static eql_val f_div(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c) { (void)c; return f_math(k, a, n, T_SLASH); }
static eql_val f_mod(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c) { (void)c; return f_math(k, a, n, T_PERCENT); }

/* between(source, left, right[, greedy]) */
static eql_val f_between(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c)
{
    (void)c;
    const char *s, *l, *r;
    size_t sn, ln, rn;
    if (!str_arg(a[0], &s, &sn) || !str_arg(a[1], &l, &ln) || !str_arg(a[2], &r, &rn)) return eql_null();
    bool greedy = false;
    if (n > 3) {
        eql_val g = eql_scalar(a[3]);
        if (g.t != V_BOOL) return eql_null();
        greedy = g.u.b;
    }
    const char *st = find(s, sn, l, ln, 0, k->ci);
    if (!st) return eql_str("", 0);
    size_t from = (size_t)(st - s) + ln;
    const char *en = NULL;
    if (greedy) {
        for (size_t i = sn >= rn ? sn - rn + 1 : 0; i-- > from;)
            if (k->ci ? eql_ci_eq(s + i, rn, r, rn) : memcmp(s + i, r, rn) == 0) { en = s + i; break; }
    } else en = find(s, sn, r, rn, from, k->ci);
    if (!en) return eql_str("", 0);
    return eql_str(s + from, (size_t)(en - (s + from)));
}

static bool parse_ip(const char *p, size_t n, unsigned char out[16], int *bits)
{
    char buf[64];
    if (n >= sizeof buf) return false;
    memcpy(buf, p, n);
    buf[n] = '\0';
    memset(out, 0, 16);
    if (inet_pton(AF_INET, buf, out + 12) == 1) {
        out[10] = out[11] = 0xff; /* v4-mapped */
        *bits = 32;
        return true;
    }
    if (inet_pton(AF_INET6, buf, out) == 1) { *bits = 128; return true; }
    return false;
}

/* cidrMatch(ip, cidr, ...) */
static eql_val f_cidr(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c)
{
    (void)k; (void)c;
    const char *ip;
    size_t ipn;
    if (!str_arg(a[0], &ip, &ipn)) return eql_null();
    unsigned char addr[16], net[16];
    int abits;
    if (!parse_ip(ip, ipn, addr, &abits)) return eql_null();
    for (uint32_t i = 1; i < n; i++) {
        const char *cs;
        size_t cn;
        if (!str_arg(a[i], &cs, &cn)) continue;
        const char *slash = memchr(cs, '/', cn);
        int nbits, plen;
        if (!parse_ip(cs, slash ? (size_t)(slash - cs) : cn, net, &nbits)) continue;
        plen = nbits;
        if (slash) {
            char *end;
            char num[8] = {0};
            size_t dl = cn - (size_t)(slash - cs) - 1;
            if (dl == 0 || dl >= sizeof num) continue;
            memcpy(num, slash + 1, dl);
            long v = strtol(num, &end, 10);
            if (*end || v < 0 || v > nbits) continue;
            plen = (int)v;
        }
        if (abits != nbits) continue;
        int total = (nbits == 32 ? 96 : 0) + plen;
        bool ok = true;
        for (int b = 0; b < total && ok; b++)
            if (((addr[b / 8] >> (7 - b % 8)) & 1) != ((net[b / 8] >> (7 - b % 8)) & 1)) ok = false;
        if (ok) return eql_bool(true);
    }
    return eql_bool(false);
}

/* concat(value, ...): null when any argument is null */
static eql_val f_concat(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c)
{
    (void)k;
    size_t total = 0;
    const char *ps[64];
    size_t ns[64];
    if (n > 64) return eql_null();
    for (uint32_t i = 0; i < n; i++) {
        if (!eql_to_text(a[i], c->scratch, &ps[i], &ns[i])) return eql_null();
        total += ns[i];
    }
    char *out = mh_arena_alloc(c->scratch, total + 1);
    if (!out) return eql_null();
    size_t o = 0;
    for (uint32_t i = 0; i < n; i++) { memcpy(out + o, ps[i], ns[i]); o += ns[i]; }
    return eql_str(out, o);
}

static eql_val f_ends(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c)
{
    (void)n; (void)c;
    const char *s, *x;
    size_t sn, xn;
    if (!str_arg(a[0], &s, &sn) || !str_arg(a[1], &x, &xn)) return eql_null();
    if (xn > sn) return eql_bool(false);
    return eql_bool(k->ci ? eql_ci_eq(s + sn - xn, xn, x, xn) : memcmp(s + sn - xn, x, xn) == 0);
}

static eql_val f_starts(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c)
{
    (void)n; (void)c;
    const char *s, *x;
    size_t sn, xn;
    if (!str_arg(a[0], &s, &sn) || !str_arg(a[1], &x, &xn)) return eql_null();
    if (xn > sn) return eql_bool(false);
    return eql_bool(k->ci ? eql_ci_eq(s, xn, x, xn) : memcmp(s, x, xn) == 0);
}

static eql_val f_contains(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c)
{
    (void)n; (void)c;
    const char *s, *x;
    size_t sn, xn;
    if (!str_arg(a[0], &s, &sn) || !str_arg(a[1], &x, &xn)) return eql_null();
    return eql_bool(find(s, sn, x, xn, 0, k->ci) != NULL);
}

/* indexOf(source, substring[, start]): code-point index or null */
static eql_val f_index(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c)
{
    (void)c;
    const char *s, *x;
    size_t sn, xn;
    if (!str_arg(a[0], &s, &sn) || !str_arg(a[1], &x, &xn)) return eql_null();
    int64_t start = 0;
    if (n > 2) {
        if (eql_scalar(a[2]).t == V_NULL) start = 0;
        else if (!int_arg(a[2], &start)) return eql_null();
    }
    if (start < 0) start = 0;
    if (start > cp_len(s, sn)) return eql_null();
    const char *hit = find(s, sn, x, xn, cp_off(s, sn, start), k->ci);
    if (!hit) return eql_null();
    return eql_int(cp_len(s, (size_t)(hit - s)));
}

static eql_val f_length(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c)
{
    (void)k; (void)n; (void)c;
    const char *s;
    size_t sn;
    if (!str_arg(a[0], &s, &sn)) return eql_null();
    return eql_int(cp_len(s, sn));
}

/* number(string[, base]) */
static eql_val f_number(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c)
{
    (void)k; (void)c;
    eql_val v = eql_scalar(a[0]);
    if (v.t == V_INT || v.t == V_DBL) return v;
    const char *s;
    size_t sn;
    if (!str_arg(v, &s, &sn) || sn == 0 || sn > 63) return eql_null();
    int64_t base = 10;
    if (n > 1 && eql_scalar(a[1]).t != V_NULL && !int_arg(a[1], &base)) return eql_null();
    if (base < 2 || base > 36) return eql_null();
    char buf[64];
    memcpy(buf, s, sn);
    buf[sn] = '\0';
    char *end;
    errno = 0;
    const char *p = buf;
    if (base == 16 && (strncmp(p, "0x", 2) == 0 || strncmp(p, "0X", 2) == 0)) p += 2;
    long long iv = strtoll(p, &end, (int)base);
    if (*end == '\0' && errno == 0 && end != p) return eql_int(iv);
    if (base != 10) return eql_null();
    errno = 0;
    double d = strtod(buf, &end);
    if (*end == '\0' && errno == 0 && end != buf && isfinite(d)) return eql_dbl(d);
    return eql_null();
}

static eql_val f_string(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c)
{
    (void)k; (void)n;
    const char *p;
    size_t pn;
    if (!eql_to_text(a[0], c->scratch, &p, &pn)) return eql_null();
    return eql_str(p, pn);
}

/* substring(source, start[, end]): Python-style, negative offsets count from the end */
static eql_val f_substring(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c)
{
    (void)k; (void)c;
    const char *s;
    size_t sn;
    int64_t st, en;
    if (!str_arg(a[0], &s, &sn) || !int_arg(a[1], &st)) return eql_null();
    int64_t len = cp_len(s, sn);
    if (n > 2 && eql_scalar(a[2]).t != V_NULL) {
        if (!int_arg(a[2], &en)) return eql_null();
    } else en = len;
    if (st < 0) st += len;
    if (en < 0) en += len;
    if (st < 0) st = 0;
    if (en > len) en = len;
    if (st >= en) return eql_str("", 0);
    size_t bo = cp_off(s, sn, st), eo = cp_off(s, sn, en);
    return eql_str(s + bo, eo - bo);
}

/* match(source, regex, ...) and matchLite: any pattern matches the whole string */
static eql_val f_match(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c)
{
    (void)a; (void)c;
    const char *s;
    size_t sn;
    if (!str_arg(a[0], &s, &sn)) return eql_null();
    void **res = k->compiled;
    if (!res) return eql_null();
    for (uint32_t i = 1; i < n; i++)
        if (res[i] && eql_regex_match(res[i], s, sn)) return eql_bool(true);
    return eql_bool(false);
}

/* wildcard(source, pattern, ...) */
static eql_val f_wildcard(eql_node *k, eql_val *a, uint32_t n, eql_ctx *c)
{
    (void)c;
    const char *s, *p;
    size_t sn, pn;
    if (!str_arg(a[0], &s, &sn)) return eql_null();
    for (uint32_t i = 1; i < n; i++)
        if (str_arg(a[i], &p, &pn) && eql_wildcard(p, pn, s, sn, k->ci)) return eql_bool(true);
    return eql_bool(false);
}

const eql_func eql_funcs[] = {
    {"add", 2, 2, false, f_add},
    {"between", 3, 4, true, f_between},
    {"cidrMatch", 2, -1, false, f_cidr},
    {"concat", 1, -1, false, f_concat},
    {"divide", 2, 2, false, f_div},
    {"endsWith", 2, 2, true, f_ends},
    {"indexOf", 2, 3, true, f_index},
    {"length", 1, 1, false, f_length},
    {"match", 2, -1, true, f_match},
    {"matchLite", 2, -1, true, f_match},
    {"modulo", 2, 2, false, f_mod},
    {"multiply", 2, 2, false, f_mul},
    {"number", 1, 2, false, f_number},
    {"startsWith", 2, 2, true, f_starts},
    {"string", 1, 1, false, f_string},
    {"stringContains", 2, 2, true, f_contains},
    {"substring", 2, 3, false, f_substring},
    {"subtract", 2, 2, false, f_sub},
    {"wildcard", 2, -1, true, f_wildcard},
    {NULL, 0, 0, false, NULL},
};

int eql_func_find(const char *name, size_t n)
{
    for (int i = 0; eql_funcs[i].name; i++)
        if (strlen(eql_funcs[i].name) == n && strncmp(eql_funcs[i].name, name, n) == 0) return i;
    return -1;
}
