/* Join keys. Each key expression of a step (the query's `by` keys, then the step's own)
 * is evaluated on the event; a multi-valued field gives one key per value, and several
 * keys give every combination of their values (as Elasticsearch does), which is how a
 * rule joins "the employee or a relative" through subject.ids. Each combination is
 * encoded canonically (a type tag and the value; 1 and 1.0 encode alike) so it can be
 * hashed and compared as bytes, decoded again to order samples and to print keys. */
#include "match_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COMBOS 4096

static size_t enc_size(eql_val v) { return v.t == V_STR ? 5 + v.u.s.n : v.t == V_INT || v.t == V_DBL ? 9 : 1; }

static size_t encode(char *o, eql_val v)
{
    if (v.t == V_DBL && v.u.d == floor(v.u.d) && fabs(v.u.d) < 9e15) v = eql_int((int64_t)v.u.d);
    switch (v.t) {
    case V_NULL: o[0] = 'n'; return 1;
    case V_BOOL: o[0] = v.u.b ? 't' : 'f'; return 1;
    case V_INT: o[0] = 'i'; memcpy(o + 1, &v.u.i, 8); return 9;
    case V_DBL: o[0] = 'd'; memcpy(o + 1, &v.u.d, 8); return 9;
    case V_STR: {
        uint32_t n = (uint32_t)v.u.s.n;
        o[0] = 's';
        memcpy(o + 1, &n, 4);
        memcpy(o + 5, v.u.s.p, n);
        return 5 + n;
    }
    default: o[0] = 'n'; return 1;
    }
}

/* Decodes one value at *p; returns false at the end or on a bad tag. */
static bool decode(const char **p, const char *end, eql_val *v)
{
    if (*p >= end) return false;
    char t = *(*p)++;
    switch (t) {
    case 'n': *v = eql_null(); return true;
    case 't': *v = eql_bool(true); return true;
    case 'f': *v = eql_bool(false); return true;
    case 'i': { int64_t i; memcpy(&i, *p, 8); *p += 8; *v = eql_int(i); return true; }
    case 'd': { double d; memcpy(&d, *p, 8); *p += 8; *v = eql_dbl(d); return true; }
    case 's': {
        uint32_t n;
        memcpy(&n, *p, 4);
        *v = eql_str(*p + 4, n);
        *p += 4 + n;
        return true;
    }
    default: return false;
    }
}

bool eql_keys_of(mh_eql_matcher *m, const eql_step *step, const mh_jv *doc, eql_keyset *out)
{
    const mh_eql_ast *a = m->q->ast;
    uint32_t nk = a->nby + step->nby;
    out->ncombos = 0;
    if (nk > EQL_MAX_KEYS) return false;
    eql_val vals[EQL_MAX_KEYS];
    uint32_t counts[EQL_MAX_KEYS], idx[EQL_MAX_KEYS];
    size_t total = 1;
    eql_ctx c = {.doc = doc, .scratch = &m->scratch};
    for (uint32_t k = 0; k < nk; k++) {
        const eql_node *e = k < a->nby ? a->by[k] : step->by[k - a->nby];
        eql_val v = eql_eval(e, &c);
        if (v.t == V_NULL && !e->optional) return false;
        vals[k] = v;
        counts[k] = v.t == V_MULTI ? v.u.arr->len : 1;
        idx[k] = 0;
        total *= counts[k];
        if (total > MAX_COMBOS) return false;
    }
    out->combos = mh_arena_alloc(&m->scratch, (total ? total : 1) * sizeof *out->combos);
    if (!out->combos) return false;
    for (size_t n = 0; n < total; n++) {
        eql_val cur[EQL_MAX_KEYS];
        size_t size = 0;
        for (uint32_t k = 0; k < nk; k++) {
            cur[k] = vals[k].t == V_MULTI ? eql_from_json(&vals[k].u.arr->u.items[idx[k]]) : vals[k];
            if (cur[k].t == V_MULTI) cur[k] = eql_scalar(cur[k]);
            size += enc_size(cur[k]);
        }
        char *b = mh_arena_alloc(&m->scratch, size ? size : 1);
        if (!b) return false;
        size_t o = 0;
        for (uint32_t k = 0; k < nk; k++) o += encode(b + o, cur[k]);
        uint64_t h = mh_hash64(b, o, 0x51ed);
        bool dup = false;
        for (uint32_t j = 0; j < out->ncombos && !dup; j++)
            dup = out->combos[j].hash == h && out->combos[j].len == o && memcmp(out->combos[j].bytes, b, o) == 0;
        if (!dup) {
            out->combos[out->ncombos].bytes = b;
            out->combos[out->ncombos].len = o;
            out->combos[out->ncombos].hash = h;
            out->ncombos++;
        }
        for (uint32_t k = nk; k-- > 0;) { /* next combination, last key fastest */
            if (++idx[k] < counts[k]) break;
            idx[k] = 0;
        }
    }
    return true;
}

mh_str *eql_keys_render(const char *key, size_t len, uint32_t n, size_t *bytes)
{
    mh_arena tmp;
    mh_arena_init(&tmp, 1024);
    mh_str parts[EQL_MAX_KEYS];
    size_t total = n * sizeof(mh_str);
    const char *p = key, *end = key + len;
    for (uint32_t k = 0; k < n && k < EQL_MAX_KEYS; k++) {
        eql_val v;
        if (!decode(&p, end, &v)) v = eql_null();
        parts[k] = eql_to_json(v, &tmp);
        total += parts[k].len + 1;
    }
    mh_str *out = malloc(total ? total : 1);
    if (out) {
        char *t = (char *)(out + n);
        for (uint32_t k = 0; k < n; k++) {
            memcpy(t, parts[k].ptr, parts[k].len);
            t[parts[k].len] = '\0';
            out[k] = (mh_str){t, parts[k].len};
            t += parts[k].len + 1;
        }
    }
    mh_arena_free(&tmp);
    *bytes = total;
    return out;
}

int eql_keys_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    const char *pa = a, *pb = b, *ea = a + an, *eb = b + bn;
    for (;;) {
        eql_val x, y;
        bool hx = decode(&pa, ea, &x), hy = decode(&pb, eb, &y);
        if (!hx || !hy) return hx - hy;
        if (x.t == V_NULL || y.t == V_NULL) {
            if (x.t != y.t) return x.t == V_NULL ? -1 : 1;
            continue;
        }
        int c = eql_compare(x, y, false);
        if (c == 2) c = x.t < y.t ? -1 : x.t > y.t;
        if (c) return c;
    }
}
