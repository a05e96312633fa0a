/* The JSON parser: recursive descent over a byte range into an arena tree. Strict: no
 * trailing commas, no comments, no NaN, no invalid UTF-8, no lone surrogates; a depth
 * limit keeps hostile input from exhausting the stack. Containers are gathered on a
 * scratch stack and copied into the arena once their size is known. */
#include "molehunt/mh_json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *s, *p, *end;
    mh_arena *a;
    mh_err *e;
    int depth;
    /* scratch stacks for container contents being parsed */
    mh_jv *vstack;
    size_t vlen, vcap;
    mh_jmember *mstack;
    size_t mlen, mcap;
} parser;

static bool fail(parser *P, const char *msg)
{
    if (P->e && P->e->code == MH_OK) {
        mh_err_set(P->e, MH_E_INPUT, "invalid JSON: %s", msg);
        P->e->col = (long)(P->p - P->s) + 1;
    }
    return false;
}

static inline void skip_ws(parser *P)
{
    while (P->p < P->end && (*P->p == ' ' || *P->p == '\t' || *P->p == '\n' || *P->p == '\r')) P->p++;
}

static bool parse_value(parser *P, mh_jv *out);

static bool read_hex4(parser *P, unsigned *cp)
{
    if (P->end - P->p < 4) return fail(P, "truncated \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = mh_hex_digit(P->p[i]);
        if (h < 0) return fail(P, "bad hex digit in \\u escape");
        v = v * 16 + (unsigned)h;
    }
    P->p += 4;
    *cp = v;
    return true;
}

/* string -> '"' chars '"'; P->p is just past the opening quote. */
static bool parse_string(parser *P, const char **outp, uint32_t *outlen)
{
    const char *start = P->p;
    bool escaped = false;
    unsigned high = 0; /* any byte >= 0x80 seen: only then is there UTF-8 to check */
    const char *q = P->p;
    for (;;) {
        if (q >= P->end) { P->p = q; return fail(P, "unterminated string"); }
        unsigned char c = (unsigned char)*q;
        if (c == '"') break;
        if (c == '\\') {
            escaped = true;
            if (q + 1 < P->end) high |= (unsigned char)q[1];
            q += 2;
            continue;
        }
        if (c < 0x20) { P->p = q; return fail(P, "control character in string"); }
        high |= c;
        q++;
    }
    if (q > P->end) { P->p = P->end; return fail(P, "unterminated string"); }
    size_t raw_len = (size_t)(q - start);
    if (raw_len > UINT32_MAX) return fail(P, "string too long");
    size_t bad;
    if ((high & 0x80) && !mh_utf8_valid(start, raw_len, &bad)) {
        P->p = start + bad;
        return fail(P, "invalid UTF-8 in string");
    }
    if (!escaped) {
        *outp = start;
        *outlen = (uint32_t)raw_len;
        P->p = q + 1;
        return true;
    }
    char *o = mh_arena_alloc(P->a, raw_len + 1), *w = o;
    if (!o) return fail(P, "out of memory");
    const char *r = start;
    while (r < q) {
        if (*r != '\\') { *w++ = *r++; continue; }
        r++;
        P->p = r;
        switch (*r++) {
        case '"': *w++ = '"'; break;
        case '\\': *w++ = '\\'; break;
        case '/': *w++ = '/'; break;
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'u': {
            unsigned cp;
            const char *esc = r - 2; /* the backslash: surrogate errors point here */
            P->p = r;
            if (!read_hex4(P, &cp)) return false;
            r = P->p;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (q - r < 6 || r[0] != '\\' || r[1] != 'u') { P->p = esc; return fail(P, "lone high surrogate"); }
                P->p = r + 2;
                if (!read_hex4(P, &lo)) return false;
                if (lo < 0xDC00 || lo > 0xDFFF) { P->p = esc; return fail(P, "bad low surrogate"); }
                r = P->p;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                P->p = esc;
                return fail(P, "lone low surrogate");
            }
            w += mh_utf8_put(w, cp);
            break;
        }
        default: P->p = r - 1; return fail(P, "bad escape");
        }
    }
    *w = '\0';
    *outp = o;
    *outlen = (uint32_t)(w - o);
    P->p = q + 1;
    return true;
}

/* number -> '-'? int frac? exp? */
static bool parse_number(parser *P, mh_jv *out)
{
    const char *b = P->p, *q = P->p;
    if (q < P->end && *q == '-') q++;
    if (q >= P->end) return fail(P, "bad number");
    if (*q == '0') q++;
    else if (*q >= '1' && *q <= '9') while (q < P->end && *q >= '0' && *q <= '9') q++;
    else return fail(P, "bad number");
    bool integral = true;
    if (q < P->end && *q == '.') {
        integral = false;
        q++;
        if (q >= P->end || *q < '0' || *q > '9') { P->p = q; return fail(P, "bad fraction"); }
        while (q < P->end && *q >= '0' && *q <= '9') q++;
    }
    if (q < P->end && (*q == 'e' || *q == 'E')) {
        integral = false;
        q++;
        if (q < P->end && (*q == '+' || *q == '-')) q++;
        if (q >= P->end || *q < '0' || *q > '9') { P->p = q; return fail(P, "bad exponent"); }
        while (q < P->end && *q >= '0' && *q <= '9') q++;
    }
    out->type = MH_JNUM;
    out->raw = (mh_str){b, (size_t)(q - b)};
    out->is_int = false;
    if (integral && q - b <= 19) {
        /* Fast exact path for the common case of short integers. */
        const char *r = b;
        bool neg = *r == '-';
        if (neg) r++;
        int64_t v = 0;
        while (r < q) v = v * 10 + (*r++ - '0');
        out->u.num.i = neg ? -v : v;
        out->u.num.d = (double)out->u.num.i;
        out->is_int = true;
    } else {
        char tmp[64];
        size_t len = (size_t)(q - b);
        char *heap = NULL, *t = tmp;
        if (len >= sizeof tmp) {
            heap = malloc(len + 1);
            if (!heap) return fail(P, "out of memory");
            t = heap;
        }
        memcpy(t, b, len);
        t[len] = '\0';
        out->u.num.d = strtod(t, NULL);
        if (integral) {
            errno = 0;
            long long v = strtoll(t, NULL, 10);
            if (errno == 0) { out->u.num.i = v; out->is_int = true; }
        }
        free(heap);
    }
    P->p = q;
    return true;
}

static bool push_v(parser *P, const mh_jv *v)
{
    if (P->vlen == P->vcap) {
        size_t cap = P->vcap ? P->vcap * 2 : 64;
        mh_jv *n = realloc(P->vstack, cap * sizeof *n);
        if (!n) return fail(P, "out of memory");
        P->vstack = n;
        P->vcap = cap;
    }
    P->vstack[P->vlen++] = *v;
    return true;
}

static bool push_m(parser *P, const mh_jmember *m)
{
    if (P->mlen == P->mcap) {
        size_t cap = P->mcap ? P->mcap * 2 : 64;
        mh_jmember *n = realloc(P->mstack, cap * sizeof *n);
        if (!n) return fail(P, "out of memory");
        P->mstack = n;
        P->mcap = cap;
    }
    P->mstack[P->mlen++] = *m;
    return true;
}

/* array -> '[' (value (',' value)*)? ']' */
static bool parse_array(parser *P, mh_jv *out)
{
    size_t base = P->vlen;
    P->p++;
    skip_ws(P);
    if (P->p < P->end && *P->p == ']') {
        P->p++;
    } else {
        for (;;) {
            mh_jv v;
            if (!parse_value(P, &v) || !push_v(P, &v)) return false;
            skip_ws(P);
            if (P->p >= P->end) return fail(P, "unterminated array");
            if (*P->p == ',') { P->p++; continue; }
            if (*P->p == ']') { P->p++; break; }
            return fail(P, "expected ',' or ']' in array");
        }
    }
    size_t n = P->vlen - base;
    out->type = MH_JARR;
    out->len = (uint32_t)n;
    out->u.items = NULL;
    if (n) {
        out->u.items = mh_arena_alloc(P->a, n * sizeof(mh_jv));
        if (!out->u.items) return fail(P, "out of memory");
        memcpy(out->u.items, P->vstack + base, n * sizeof(mh_jv));
    }
    P->vlen = base;
    return true;
}

/* object -> '{' (string ':' value (',' string ':' value)*)? '}' */
static bool parse_object(parser *P, mh_jv *out)
{
    size_t base = P->mlen;
    P->p++;
    skip_ws(P);
    if (P->p < P->end && *P->p == '}') {
        P->p++;
    } else {
        for (;;) {
            mh_jmember m;
            skip_ws(P);
            if (P->p >= P->end || *P->p != '"') return fail(P, "expected a string key");
            P->p++;
            uint32_t kl;
            if (!parse_string(P, &m.key.ptr, &kl)) return false;
            m.key.len = kl;
            skip_ws(P);
            if (P->p >= P->end || *P->p != ':') return fail(P, "expected ':' after key");
            P->p++;
            if (!parse_value(P, &m.val) || !push_m(P, &m)) return false;
            skip_ws(P);
            if (P->p >= P->end) return fail(P, "unterminated object");
            if (*P->p == ',') { P->p++; continue; }
            if (*P->p == '}') { P->p++; break; }
            return fail(P, "expected ',' or '}' in object");
        }
    }
    size_t n = P->mlen - base;
    out->type = MH_JOBJ;
    out->len = (uint32_t)n;
    out->u.members = NULL;
    if (n) {
        out->u.members = mh_arena_alloc(P->a, n * sizeof(mh_jmember));
        if (!out->u.members) return fail(P, "out of memory");
        memcpy(out->u.members, P->mstack + base, n * sizeof(mh_jmember));
    }
    P->mlen = base;
    return true;
}

static bool literal(parser *P, const char *word, size_t n, mh_jtype t, mh_jv *out)
{
    if ((size_t)(P->end - P->p) < n || memcmp(P->p, word, n) != 0) return fail(P, "unexpected character");
    P->p += n;
    out->type = t;
    out->len = 0;
    return true;
}

static bool parse_value(parser *P, mh_jv *out)
{
    skip_ws(P);
    if (P->p >= P->end) return fail(P, "unexpected end of input");
    memset(out, 0, sizeof *out);
    bool ok;
    switch (*P->p) {
    case '{':
    case '[':
        if (++P->depth > MH_JSON_MAX_DEPTH) return fail(P, "nesting too deep");
        ok = *P->p == '{' ? parse_object(P, out) : parse_array(P, out);
        P->depth--;
        return ok;
    case '"':
        P->p++;
        out->type = MH_JSTR;
        return parse_string(P, &out->u.s, &out->len);
    case 't': return literal(P, "true", 4, MH_JTRUE, out);
    case 'f': return literal(P, "false", 5, MH_JFALSE, out);
    case 'n': return literal(P, "null", 4, MH_JNULL, out);
    default: return parse_number(P, out);
    }
}

bool mh_json_parse(const char *s, size_t n, mh_arena *a, mh_jv *out, mh_err *e)
{
    parser P = {.s = s, .p = s, .end = s + n, .a = a, .e = e};
    if (e) mh_err_clear(e);
    bool ok = parse_value(&P, out);
    if (ok) {
        skip_ws(&P);
        if (P.p != P.end) ok = fail(&P, "trailing characters after the value");
    }
    free(P.vstack);
    free(P.mstack);
    return ok;
}
