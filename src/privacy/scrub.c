/* Records made fit for a pseudonymised view (see mh_privacy.h): the console's replies and
 * the command line's event output share it, so "what identifies a person" is decided in
 * one place. A member is identifying by its key (name, email, user.id, ...) or its shape
 * (an address with '@'): its value becomes the keyed pseudonym of the value itself, so the
 * same login reads the same everywhere without saying whose it is. Every other string is
 * free text: tokens shaped like entity ids become their pseudonyms and stored people's
 * names are replaced (names.c). */
#include "molehunt/mh_privacy.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static bool id_char(char c) { return islower((unsigned char)c) || isdigit((unsigned char)c) || c == '-' || c == '_'; }

bool mh_privacy_looks_like_id(const char *s, size_t n)
{
    /* lowercase prefix, a dash, then letters/digits with at least one digit: p-a0561fe2dd8ec5e2,
     * debt-1a49..., dis-c7a0... — never SEAD-4 or "B 7c". */
    size_t i = 0;
    while (i < n && islower((unsigned char)s[i])) i++;
    if (i == 0 || i >= n || s[i] != '-' || n < i + 4) return false;
    bool digit = false;
    for (size_t j = i + 1; j < n; j++) {
        if (!id_char(s[j])) return false;
        if (isdigit((unsigned char)s[j])) digit = true;
    }
    return digit;
}

bool mh_privacy_scrub_text(const mh_privacy *p, const mh_privacy_names *names, const char *text, size_t n,
                           mh_buf *out)
{
    mh_buf t;
    mh_buf_init(&t, 0);
    bool ok = mh_buf_append(&t, "", 0);
    size_t i = 0;
    while (ok && i < n) {
        if (id_char(text[i]) && (i == 0 || !id_char(text[i - 1]))) {
            size_t j = i;
            while (j < n && id_char(text[j])) j++;
            size_t end = j;
            while (end > i && text[end - 1] == '-') end--; /* a trailing dash is punctuation */
            if (mh_privacy_looks_like_id(text + i, end - i)) {
                char id[256], ps[MH_PSEUDONYM_LEN];
                size_t l = MH_MIN(end - i, sizeof id - 1);
                memcpy(id, text + i, l), id[l] = 0;
                mh_privacy_pseudonym(p, id, ps);
                ok = mh_buf_puts(&t, ps);
                i = end;
                continue;
            }
            ok = mh_buf_append(&t, text + i, j - i);
            i = j;
            continue;
        }
        ok = mh_buf_putc(&t, text[i++]);
    }
    /* then the names (a pseudonym is never a name, so the order does not matter) */
    ok = ok && mh_privacy_names_scrub(names, t.data, t.len, out);
    mh_buf_free(&t);
    return ok;
}

bool mh_privacy_scrub_text_json(const mh_privacy *p, const mh_privacy_names *names, const char *text, size_t n,
                                mh_buf *out)
{
    if (!text) return mh_buf_puts(out, "null");
    mh_buf t;
    mh_buf_init(&t, 0);
    bool ok = mh_privacy_scrub_text(p, names, text, n, &t) &&
              mh_json_write_str_lossy(out, t.data ? t.data : "", t.len);
    mh_buf_free(&t);
    return ok;
}

static bool identifying_key(mh_str k)
{
    /* the last segment of a dotted key */
    size_t i = k.len;
    while (i > 0 && k.ptr[i - 1] != '.') i--;
    mh_str last = {k.ptr + i, k.len - i};
    static const char *const keys[] = {"name", "names", "email", "emails", "username", "full_name", "alias",
                                       "firstName", "lastName", "fatherName", "motherName", "previousName",
                                       "weakAlias", "phone", "address", "passportNumber", "idNumber"};
    for (size_t j = 0; j < MH_ARRAY_LEN(keys); j++)
        if (mh_str_eq_c(last, keys[j])) return true;
    return mh_str_eq_c(k, "user.id") || mh_str_eq_c(k, "id") || (k.len >= 3 && mh_str_eq_c(last, "id"));
}

static bool scrub_value(const mh_privacy *p, const mh_privacy_names *names, mh_buf *b, const mh_jv *v, mh_str key)
{
    bool ok = true;
    switch (v->type) {
    case MH_JSTR:
        if (identifying_key(key) || memchr(v->u.s, '@', v->len)) {
            char tmp[512], ps[MH_PSEUDONYM_LEN];
            snprintf(tmp, sizeof tmp, "%.*s", (int)MH_MIN(v->len, 511u), v->u.s);
            mh_privacy_pseudonym(p, tmp, ps);
            return mh_json_write_str(b, ps, strlen(ps));
        }
        return mh_privacy_scrub_text_json(p, names, v->u.s, v->len, b);
    case MH_JARR:
        ok = mh_buf_putc(b, '[');
        for (uint32_t i = 0; ok && i < v->len; i++)
            ok = (!i || mh_buf_putc(b, ',')) && scrub_value(p, names, b, &v->u.items[i], key);
        return ok && mh_buf_putc(b, ']');
    case MH_JOBJ:
        ok = mh_buf_putc(b, '{');
        for (uint32_t i = 0; ok && i < v->len; i++) {
            const mh_jmember *m = &v->u.members[i];
            /* keep the dotted path so "user.id" is recognised nested or flat */
            char path[256];
            int n = snprintf(path, sizeof path, "%.*s%s%.*s", (int)MH_MIN(key.len, 120u), key.ptr, key.len ? "." : "",
                             (int)MH_MIN(m->key.len, 120u), m->key.ptr);
            ok = (!i || mh_buf_putc(b, ',')) && mh_json_write_str_lossy(b, m->key.ptr, m->key.len) && mh_buf_putc(b, ':') &&
                 scrub_value(p, names, b, &m->val, (mh_str){path, (size_t)MH_MAX(0, MH_MIN(n, 255))});
        }
        return ok && mh_buf_putc(b, '}');
    default: return mh_json_write(b, v);
    }
}

bool mh_privacy_scrub_json(const mh_privacy *p, const mh_privacy_names *names, const mh_jv *v, mh_buf *out)
{
    return scrub_value(p, names, out, v, (mh_str){"", 0});
}
