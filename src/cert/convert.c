/* One CERT activity row to one ECS event, in the same shape the simulator's ECS output
 * and the rule pack use (records.md §2): logon -> authentication logon/logoff, device ->
 * device connect/disconnect, http -> web visit/download/upload with url.full and
 * url.domain, email -> email send/view with sender, recipients and attachment count,
 * file -> file open/write/copy/delete with its path and removable-media flags. The JSON
 * is written straight from the row's slices; `content` (most of the dataset's bytes) is
 * not kept. */
#include "molehunt/mh_cert.h"

#include <stdio.h>
#include <string.h>

static const char hexd[] = "0123456789abcdef";

/* Appends S as a JSON string; false on invalid UTF-8 or no memory. */
static bool jstr(mh_buf *b, mh_str s)
{
    if (!mh_utf8_valid(s.ptr, s.len, NULL)) return false;
    if (!mh_buf_putc(b, '"')) return false;
    size_t run = 0;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        if (!mh_buf_append(b, s.ptr + run, i - run)) return false;
        char esc[7] = {'\\', (char)c, 0};
        if (c < 0x20) {
            esc[1] = 'u', esc[2] = '0', esc[3] = '0', esc[4] = hexd[c >> 4], esc[5] = hexd[c & 15], esc[6] = 0;
            if (!mh_buf_append(b, esc, 6)) return false;
        } else if (!mh_buf_append(b, esc, 2)) {
            return false;
        }
        run = i + 1;
    }
    return mh_buf_append(b, s.ptr + run, s.len - run) && mh_buf_putc(b, '"');
}

static mh_str trim(mh_str s)
{
    while (s.len && (*s.ptr == ' ' || *s.ptr == '\t')) s.ptr++, s.len--;
    while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t' || s.ptr[s.len - 1] == '\r')) s.len--;
    return s;
}

static bool ieq(mh_str a, const char *b) { return mh_str_ieq_ascii(trim(a), mh_str_c(b)); }

/* Appends the items of a ';' list as JSON strings, comma-separated after the *count
 * items already written; *count grows by the items added. */
static bool jitems(mh_buf *b, mh_str s, int *count)
{
    const char *p = s.ptr, *end = s.ptr + s.len;
    while (p < end) {
        const char *q = memchr(p, ';', (size_t)(end - p));
        if (!q) q = end;
        mh_str item = trim((mh_str){p, (size_t)(q - p)});
        if (item.len) {
            if ((*count)++ && !mh_buf_putc(b, ',')) return false;
            if (!jstr(b, item)) return false;
        }
        p = q + 1;
    }
    return true;
}

static bool jlist(mh_buf *b, mh_str s, int *count)
{
    *count = 0;
    return mh_buf_putc(b, '[') && jitems(b, s, count) && mh_buf_putc(b, ']');
}

static mh_str domain_of(mh_str addr)
{
    const char *at = memchr(addr.ptr, '@', addr.len);
    return at ? (mh_str){at + 1, (size_t)(addr.ptr + addr.len - at - 1)} : (mh_str){"", 0};
}

/* Recipients in a ';' list whose domain differs from the sender's. */
static int external(mh_str list, mh_str from_dom)
{
    int n = 0;
    const char *p = list.ptr, *end = list.ptr + list.len;
    while (p < end) {
        const char *q = memchr(p, ';', (size_t)(end - p));
        if (!q) q = end;
        mh_str item = trim((mh_str){p, (size_t)(q - p)});
        if (item.len && !mh_str_ieq_ascii(domain_of(item), from_dom)) n++;
        p = q + 1;
    }
    return n;
}

/* The host of a URL, lower case, into OUT. */
static mh_str url_domain(mh_str url, char *out, size_t cap)
{
    const char *p = url.ptr, *end = url.ptr + url.len;
    for (const char *q = p; q + 2 < end && q < p + 16; q++)
        if (q[0] == ':' && q[1] == '/' && q[2] == '/') {
            p = q + 3;
            break;
        }
    size_t n = 0;
    while (p < end && *p != '/' && *p != ':' && *p != '?' && *p != '#' && n + 1 < cap) {
        char c = *p++;
        out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    out[n] = 0;
    return (mh_str){out, n};
}

/* Attachments: r4.2 a count, r6 a ';' list of path(size). */
static bool attachments(mh_str s, long *count)
{
    s = trim(s);
    if (!s.len) return *count = 0, true;
    bool digits = true;
    for (size_t i = 0; i < s.len; i++) digits = digits && s.ptr[i] >= '0' && s.ptr[i] <= '9';
    if (digits) {
        if (s.len > 9) return false;
        long v = 0;
        for (size_t i = 0; i < s.len; i++) v = v * 10 + (s.ptr[i] - '0');
        return *count = v, true;
    }
    long n = 0;
    const char *p = s.ptr, *end = s.ptr + s.len;
    while (p < end) {
        const char *q = memchr(p, ';', (size_t)(end - p));
        if (!q) q = end;
        if (trim((mh_str){p, (size_t)(q - p)}).len) n++;
        p = q + 1;
    }
    return *count = n, true;
}

#define FAIL(c, ...)                                                                                                    \
    do {                                                                                                               \
        snprintf(why, 256, __VA_ARGS__);                                                                               \
        *col = (c) >= 0 && (c) < row->n ? (long)(row->f[c].ptr - row->f[0].ptr) + 1 : 0;                               \
        return false;                                                                                                  \
    } while (0)

static mh_str fld(const mh_cert_layout *l, const mh_cert_row *row, mh_cert_col c)
{
    int i = l->col[c];
    return i >= 0 && i < row->n ? row->f[i] : (mh_str){"", 0};
}

bool mh_cert_convert(const mh_cert_layout *l, const mh_cert_row *row, const mh_cert_decoys *decoys, mh_buf *json,
                     mh_buf *scratch, mh_cert_event *ev, char *why, long *col)
{
    *col = 0;
    if (row->err) {
        snprintf(why, 256, "%s", row->err);
        *col = row->err_col;
        return false;
    }
    if (row->n != l->ncols) FAIL(-1, "%d fields, expected %d for %s", row->n, l->ncols, mh_cert_kind_name(l->kind));
    mh_str id = trim(fld(l, row, MH_CC_ID)), user = trim(fld(l, row, MH_CC_USER)), pc = trim(fld(l, row, MH_CC_PC));
    mh_str date = fld(l, row, MH_CC_DATE), act = fld(l, row, MH_CC_ACTIVITY);
    if (!id.len || id.len > 48) FAIL(l->col[MH_CC_ID], "bad event id");
    if (!user.len || user.len >= sizeof ev->user) FAIL(l->col[MH_CC_USER], "bad user id");
    if (!mh_cert_parse_date(date.ptr, date.len, &ev->ts)) FAIL(l->col[MH_CC_DATE], "unreadable date");
    const char *kind = mh_cert_kind_name(l->kind), *cat, *action;
    bool has_act = l->col[MH_CC_ACTIVITY] >= 0;
    switch (l->kind) {
    case MH_CERT_LOGON:
        cat = "authentication";
        if (ieq(act, "Logon")) action = "logon";
        else if (ieq(act, "Logoff")) action = "logoff";
        else FAIL(l->col[MH_CC_ACTIVITY], "unknown logon activity");
        break;
    case MH_CERT_DEVICE:
        cat = "device";
        if (ieq(act, "Connect")) action = "connect";
        else if (ieq(act, "Disconnect")) action = "disconnect";
        else FAIL(l->col[MH_CC_ACTIVITY], "unknown device activity");
        break;
    case MH_CERT_HTTP:
        cat = "web";
        if (!has_act || ieq(act, "WWW Visit")) action = "visit";
        else if (ieq(act, "WWW Download")) action = "download";
        else if (ieq(act, "WWW Upload")) action = "upload";
        else FAIL(l->col[MH_CC_ACTIVITY], "unknown http activity");
        break;
    case MH_CERT_EMAIL:
        cat = "email";
        if (!has_act || ieq(act, "Send")) action = "send";
        else if (ieq(act, "View")) action = "view";
        else FAIL(l->col[MH_CC_ACTIVITY], "unknown email activity");
        break;
    case MH_CERT_FILE:
        cat = "file";
        if (!has_act) action = "copy"; /* r4.2: every row is a copy to removable media */
        else if (ieq(act, "File Open")) action = "open";
        else if (ieq(act, "File Write")) action = "write";
        else if (ieq(act, "File Copy")) action = "copy";
        else if (ieq(act, "File Delete")) action = "delete";
        else FAIL(l->col[MH_CC_ACTIVITY], "unknown file activity");
        break;
    default: FAIL(-1, "unknown file kind");
    }
    ev->category = cat;
    size_t kl = strlen(kind);
    if (kl + 1 + id.len >= sizeof ev->eid) FAIL(l->col[MH_CC_ID], "bad event id");
    memcpy(ev->eid, kind, kl);
    ev->eid[kl] = ':';
    memcpy(ev->eid + kl + 1, id.ptr, id.len);
    ev->eid[kl + 1 + id.len] = 0;
    memcpy(ev->user, user.ptr, user.len);
    ev->user[user.len] = 0;

    mh_buf *b = json;
    mh_buf_reset(b);
    char ts[32];
    mh_time_format(ev->ts, ts, sizeof ts);
    bool ok = mh_buf_puts(b, "{\"@timestamp\":\"") && mh_buf_puts(b, ts);
    ok = ok && mh_buf_puts(b, "\",\"event\":{\"id\":") && jstr(b, id) && mh_buf_puts(b, ",\"category\":\"") &&
         mh_buf_puts(b, cat) && mh_buf_puts(b, "\",\"action\":\"") && mh_buf_puts(b, action) &&
         mh_buf_puts(b, "\",\"dataset\":\"cert.") && mh_buf_puts(b, kind) && mh_buf_puts(b, "\"},\"user\":{\"id\":") &&
         jstr(b, user) && mh_buf_puts(b, "},\"host\":{\"name\":") && jstr(b, pc) && mh_buf_putc(b, '}');
    if (!ok) FAIL(-1, "invalid UTF-8 or out of memory");
    switch (l->kind) {
    case MH_CERT_HTTP: {
        mh_str url = trim(fld(l, row, MH_CC_URL));
        char dom[256];
        mh_str d = url_domain(url, dom, sizeof dom);
        if (!d.len) FAIL(l->col[MH_CC_URL], "url without a host");
        ok = mh_buf_puts(b, ",\"url\":{\"full\":") && jstr(b, url) && mh_buf_puts(b, ",\"domain\":") && jstr(b, d) &&
             mh_buf_putc(b, '}');
        if (!ok) FAIL(l->col[MH_CC_URL], "invalid UTF-8 in url");
        break;
    }
    case MH_CERT_EMAIL: {
        mh_str to = fld(l, row, MH_CC_TO), cc = fld(l, row, MH_CC_CC), bcc = fld(l, row, MH_CC_BCC);
        mh_str from = trim(fld(l, row, MH_CC_FROM)), size = trim(fld(l, row, MH_CC_SIZE));
        long natt = 0;
        if (!attachments(fld(l, row, MH_CC_ATTACHMENTS), &natt)) FAIL(l->col[MH_CC_ATTACHMENTS], "bad attachments");
        long sz = 0;
        for (size_t i = 0; i < size.len && i < 12; i++) {
            if (size.ptr[i] < '0' || size.ptr[i] > '9') FAIL(l->col[MH_CC_SIZE], "bad size");
            sz = sz * 10 + (size.ptr[i] - '0');
        }
        int nto = 0, ncc = 0, nbcc = 0;
        mh_str fd = domain_of(from);
        int ext = external(to, fd) + external(cc, fd) + external(bcc, fd);
        /* email.to.address holds every recipient (to, cc and bcc) so that one field
         * answers "did it leave the building"; cc and bcc are also kept apart. */
        ok = mh_buf_puts(b, ",\"email\":{\"from\":{\"address\":") && jstr(b, from) &&
             mh_buf_puts(b, "},\"to\":{\"address\":[") && jitems(b, to, &nto) && jitems(b, cc, &nto) &&
             jitems(b, bcc, &nto) && mh_buf_putc(b, ']') &&
             mh_buf_puts(b, "},\"cc\":{\"address\":") && jlist(b, trim(cc), &ncc) &&
             mh_buf_puts(b, "},\"bcc\":{\"address\":") && jlist(b, trim(bcc), &nbcc) &&
             mh_buf_printf(b, "},\"attachments\":{\"count\":%ld},\"size\":%ld,\"external_recipients\":%d}", natt, sz, ext);
        if (!ok) FAIL(l->col[MH_CC_TO], "invalid UTF-8 in addresses");
        if (!nto) FAIL(l->col[MH_CC_TO], "e-mail without recipients");
        break;
    }
    case MH_CERT_FILE: {
        mh_str path = mh_cert_field(row, l->col[MH_CC_FILENAME], scratch);
        path = trim(path);
        bool to_rem = l->col[MH_CC_TO_REM] < 0 || ieq(fld(l, row, MH_CC_TO_REM), "True");
        bool from_rem = l->col[MH_CC_FROM_REM] >= 0 && ieq(fld(l, row, MH_CC_FROM_REM), "True");
        mh_str content = fld(l, row, MH_CC_CONTENT);
        size_t dot = path.len;
        while (dot > 0 && path.ptr[dot - 1] != '.' && path.ptr[dot - 1] != '\\' && path.ptr[dot - 1] != '/') dot--;
        mh_str ext = dot > 0 && path.ptr[dot - 1] == '.' ? (mh_str){path.ptr + dot, path.len - dot} : (mh_str){"", 0};
        bool exe = (content.len >= 5 && memcmp(content.ptr, "4D-5A", 5) == 0) || mh_str_ieq_ascii(ext, MH_STR_LIT("exe"));
        bool decoy = decoys && mh_cert_decoys_has(decoys, pc, path);
        ok = mh_buf_puts(b, ",\"file\":{\"path\":") && jstr(b, path);
        if (ok && ext.len && ext.len < 16) ok = mh_buf_puts(b, ",\"extension\":") && jstr(b, ext);
        ok = ok && mh_buf_printf(b, ",\"removable\":%s,\"to_removable\":%s,\"from_removable\":%s%s%s}",
                                 to_rem || from_rem ? "true" : "false", to_rem ? "true" : "false",
                                 from_rem ? "true" : "false", exe ? ",\"executable\":true" : "",
                                 decoy ? ",\"decoy\":true" : "");
        if (!ok) FAIL(l->col[MH_CC_FILENAME], "invalid UTF-8 in file name");
        break;
    }
    default: break;
    }
    if (!mh_buf_putc(b, '}')) FAIL(-1, "out of memory");
    return true;
}
