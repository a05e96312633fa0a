/* What each CERT release's files look like (cert-format.md): the releases and the five
 * activity kinds by name, the column layout of every file in r4.2, r5.2 and r6.2 (also
 * for answer rows, which carry a tag before `content` from r5 on), the layout read off a
 * file's own header, and the release a set of headers implies. */
#include "cert_int.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[MH_CERT__KINDS] = {"logon", "device", "http", "email", "file"};

bool mh_cert_kind_parse(const char *s, size_t n, mh_cert_kind *out)
{
    for (int k = 0; k < MH_CERT__KINDS; k++)
        if (strlen(kind_names[k]) == n && memcmp(kind_names[k], s, n) == 0) {
            *out = (mh_cert_kind)k;
            return true;
        }
    return false;
}

const char *mh_cert_kind_name(mh_cert_kind k) { return (unsigned)k < MH_CERT__KINDS ? kind_names[k] : "?"; }

bool mh_cert_release_parse(const char *s, mh_cert_release *out)
{
    if (*s == 'r' || *s == 'R') s++;
    if (s[0] == '4' && (s[1] == 0 || s[1] == '.')) *out = MH_CERT_R42;
    else if (s[0] == '5' && (s[1] == 0 || s[1] == '.')) *out = MH_CERT_R52;
    else if (s[0] == '6' && (s[1] == 0 || s[1] == '.')) *out = MH_CERT_R62;
    else return false;
    return true;
}

const char *mh_cert_release_name(mh_cert_release r)
{
    switch (r) {
    case MH_CERT_R42: return "r4.2";
    case MH_CERT_R52: return "r5.2";
    case MH_CERT_R62: return "r6.2";
    default: return "auto";
    }
}

/* Header names, in the order of mh_cert_col. */
static const char *const col_names[MH_CC__COUNT] = {
    "id", "date", "user", "pc", "activity", "url", "content", "to", "cc", "bcc", "from", "size", "attachments",
    "filename", "to_removable_media", "from_removable_media", "file_tree", "tag"};

static void set_cols(mh_cert_layout *l, const mh_cert_col *cols, int n)
{
    for (int c = 0; c < MH_CC__COUNT; c++) l->col[c] = -1;
    for (int i = 0; i < n; i++) l->col[cols[i]] = i;
    l->ncols = n;
}

void mh_cert_layout_of(mh_cert_kind kind, mh_cert_release r, bool answers, mh_cert_layout *out)
{
    bool r5 = r == MH_CERT_R52 || r == MH_CERT_R62 || r == MH_CERT_AUTO, r6 = r == MH_CERT_R62 || r == MH_CERT_AUTO;
    mh_cert_col c[MH_CERT_MAX_FIELDS];
    int n = 0;
    c[n++] = MH_CC_ID, c[n++] = MH_CC_DATE, c[n++] = MH_CC_USER, c[n++] = MH_CC_PC;
    switch (kind) {
    case MH_CERT_LOGON: c[n++] = MH_CC_ACTIVITY; break;
    case MH_CERT_DEVICE:
        if (r5) c[n++] = MH_CC_FILE_TREE;
        c[n++] = MH_CC_ACTIVITY;
        break;
    case MH_CERT_HTTP:
        c[n++] = MH_CC_URL;
        if (r6) c[n++] = MH_CC_ACTIVITY;
        break;
    case MH_CERT_EMAIL:
        c[n++] = MH_CC_TO, c[n++] = MH_CC_CC, c[n++] = MH_CC_BCC, c[n++] = MH_CC_FROM;
        if (r6) c[n++] = MH_CC_ACTIVITY;
        c[n++] = MH_CC_SIZE, c[n++] = MH_CC_ATTACHMENTS;
        break;
    case MH_CERT_FILE:
        c[n++] = MH_CC_FILENAME;
        if (r5) c[n++] = MH_CC_ACTIVITY, c[n++] = MH_CC_TO_REM, c[n++] = MH_CC_FROM_REM;
        break;
    default: break;
    }
    bool has_content = kind == MH_CERT_HTTP || kind == MH_CERT_EMAIL || kind == MH_CERT_FILE;
    if (answers && r5 && has_content) c[n++] = MH_CC_TAG;
    if (has_content) c[n++] = MH_CC_CONTENT;
    out->kind = kind;
    set_cols(out, c, n);
}

/* A header field as a column name: without the spaces around it or a CR at the end. */
static mh_str header_name(mh_str h)
{
    while (h.len && (h.ptr[h.len - 1] == ' ' || h.ptr[h.len - 1] == '\r')) h.len--;
    while (h.len && *h.ptr == ' ') h.ptr++, h.len--;
    return h;
}

int cert_col_of(const mh_cert_row *h, const char *name)
{
    for (int i = 0; i < h->n; i++)
        if (mh_str_eq_c(header_name(h->f[i]), name)) return i;
    return -1;
}

bool mh_cert_layout_from_header(mh_cert_kind kind, const mh_cert_row *hdr, mh_cert_layout *out, char *why)
{
    out->kind = kind;
    for (int c = 0; c < MH_CC__COUNT; c++) out->col[c] = -1;
    out->ncols = hdr->n;
    for (int i = 0; i < hdr->n; i++) {
        mh_str h = header_name(hdr->f[i]);
        for (int c = 0; c < MH_CC__COUNT; c++)
            if (strlen(col_names[c]) == h.len && strncmp(col_names[c], h.ptr, h.len) == 0 && out->col[c] < 0)
                out->col[c] = i;
    }
    static const mh_cert_col need[] = {MH_CC_ID, MH_CC_DATE, MH_CC_USER, MH_CC_PC};
    for (size_t k = 0; k < MH_ARRAY_LEN(need); k++)
        if (out->col[need[k]] < 0) {
            snprintf(why, 256, "%s.csv header lacks the '%s' column", kind_names[kind], col_names[need[k]]);
            return false;
        }
    if ((kind == MH_CERT_LOGON || kind == MH_CERT_DEVICE) && out->col[MH_CC_ACTIVITY] < 0) {
        snprintf(why, 256, "%s.csv header lacks the 'activity' column", kind_names[kind]);
        return false;
    }
    if (kind == MH_CERT_HTTP && out->col[MH_CC_URL] < 0) return snprintf(why, 256, "http.csv header lacks 'url'"), false;
    if (kind == MH_CERT_FILE && out->col[MH_CC_FILENAME] < 0)
        return snprintf(why, 256, "file.csv header lacks 'filename'"), false;
    return true;
}

mh_cert_release mh_cert_release_guess(const mh_cert_layout *http, const mh_cert_layout *file)
{
    if (http && http->col[MH_CC_ACTIVITY] >= 0) return MH_CERT_R62;
    if (file && file->col[MH_CC_ACTIVITY] >= 0) return MH_CERT_R52;
    return MH_CERT_R42;
}

/* ---- dates ---- */

static bool num(const char **p, const char *end, int min_digits, int max_digits, int *v)
{
    int n = 0, x = 0;
    while (*p < end && n < max_digits && **p >= '0' && **p <= '9') x = x * 10 + (*(*p)++ - '0'), n++;
    *v = x;
    return n >= min_digits;
}

bool mh_cert_parse_date(const char *s, size_t n, mh_time *out)
{
    const char *p = s, *end = s + n;
    while (p < end && *p == ' ') p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\r')) end--;
    int mo, d, y, h = 0, mi = 0, sec = 0;
    const char *q = p;
    if (num(&q, end, 1, 2, &mo) && q < end && *q == '/') {
        q++;
        if (!num(&q, end, 1, 2, &d) || q >= end || *q++ != '/' || !num(&q, end, 4, 4, &y)) return false;
        if (q < end) {
            if (*q++ != ' ' || !num(&q, end, 1, 2, &h) || q >= end || *q++ != ':' || !num(&q, end, 1, 2, &mi))
                return false;
            if (q < end && (*q++ != ':' || !num(&q, end, 1, 2, &sec))) return false;
            if (q != end) return false;
        }
        if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 60) return false;
        static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (d > mdays[mo - 1] || (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))) return false;
        int64_t days = mh_days_from_civil(y, (unsigned)mo, (unsigned)d);
        *out = ((days * 24 + h) * 60 + mi) * 60000LL + sec * 1000LL;
        return true;
    }
    mh_time lo, hi;
    if (p < end && mh_time_parse_iso(p, (size_t)(end - p), &lo, &hi, NULL)) {
        *out = lo;
        return true;
    }
    return false;
}
