/* Writing JSON: compact, with every control character and quote escaped, so that any
 * string from untrusted input comes out as valid JSON text. */
#include "molehunt/mh_json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

bool mh_json_write_str(mh_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (!mh_buf_putc(b, '"')) return false;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        if (!mh_buf_append(b, s + run, i - run)) return false;
        char esc[7] = {'\\', 0};
        size_t el = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
            esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
            el = 6;
        }
        if (!mh_buf_append(b, esc, el)) return false;
        run = i + 1;
    }
    return mh_buf_append(b, s + run, n - run) && mh_buf_putc(b, '"');
}

bool mh_json_write_str_lossy(mh_buf *b, const char *s, size_t n)
{
    if (mh_utf8_valid(s, n, NULL)) return mh_json_write_str(b, s, n);
    mh_buf tmp;
    mh_buf_init(&tmp, 0);
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) ok = mh_buf_putc(&tmp, (unsigned char)s[i] >= 0x80 ? '?' : s[i]);
    ok = ok && mh_json_write_str(b, tmp.data ? tmp.data : "", tmp.len);
    mh_buf_free(&tmp);
    return ok;
}

bool mh_json_write_cstr(mh_buf *b, const char *s)
{
    return s ? mh_json_write_str(b, s, strlen(s)) : mh_buf_append(b, "null", 4);
}

bool mh_json_write(mh_buf *b, const mh_jv *v)
{
    switch (v->type) {
    case MH_JNULL: return mh_buf_append(b, "null", 4);
    case MH_JTRUE: return mh_buf_append(b, "true", 4);
    case MH_JFALSE: return mh_buf_append(b, "false", 5);
    case MH_JNUM:
        if (v->raw.len) return mh_buf_append(b, v->raw.ptr, v->raw.len);
        if (v->is_int) return mh_buf_printf(b, "%lld", (long long)v->u.num.i);
        if (!isfinite(v->u.num.d)) return mh_buf_append(b, "null", 4);
        return mh_buf_printf(b, "%.17g", v->u.num.d);
    case MH_JSTR: return mh_json_write_str(b, v->u.s, v->len);
    case MH_JARR:
        if (!mh_buf_putc(b, '[')) return false;
        for (uint32_t i = 0; i < v->len; i++)
            if ((i && !mh_buf_putc(b, ',')) || !mh_json_write(b, &v->u.items[i])) return false;
        return mh_buf_putc(b, ']');
    case MH_JOBJ:
        if (!mh_buf_putc(b, '{')) return false;
        for (uint32_t i = 0; i < v->len; i++) {
            const mh_jmember *m = &v->u.members[i];
            if ((i && !mh_buf_putc(b, ',')) || !mh_json_write_str(b, m->key.ptr, m->key.len) ||
                !mh_buf_putc(b, ':') || !mh_json_write(b, &m->val))
                return false;
        }
        return mh_buf_putc(b, '}');
    }
    return false;
}
