/* Reading ground truth: answers/insiders.csv as CERT ships it and as the simulator writes
 * it. CERT's file is not quite clean (dates without zero padding, at least one that is not
 * a date at all), so a row that cannot be read is recorded with its line and a reason and
 * skipped, and the rest is used; only a file with no usable header is refused. */
#include "molehunt/mh_eval.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define TRUTH_MAX_BYTES (256u << 20)
#define TRUTH_MAX_FIELDS 32

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static mh_str trim(mh_str s)
{
    while (s.len && is_space(s.ptr[0])) s.ptr++, s.len--;
    while (s.len && is_space(s.ptr[s.len - 1])) s.len--;
    return s;
}

/* Reads 1..MAXD digits at *p into *v. */
static bool digits(const char **p, const char *end, int maxd, int *v)
{
    int n = 0, x = 0;
    while (*p < end && n < maxd && **p >= '0' && **p <= '9') x = x * 10 + (*(*p)++ - '0'), n++;
    *v = x;
    return n > 0 && !(*p < end && **p >= '0' && **p <= '9');
}

static int days_in_month(int y, int m)
{
    int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
    return (int)(mh_days_from_civil(ny, (unsigned)nm, 1) - mh_days_from_civil(y, (unsigned)m, 1));
}

/* date -> M{1,2} '/' D{1,2} '/' YYYY [(' '+ | 'T') H{1,2} ':' M{1,2} [':' S{1,2}]] */
static bool parse_cert_time(const char *p, const char *end, mh_time *out)
{
    int mo, d, y, h = 0, mi = 0, sec = 0;
    if (!digits(&p, end, 2, &mo) || p == end || *p++ != '/') return false;
    if (!digits(&p, end, 2, &d) || p == end || *p++ != '/') return false;
    const char *ys = p;
    if (!digits(&p, end, 4, &y) || p - ys != 4) return false;
    if (p < end) {
        if (*p == 'T') p++;
        else if (*p == ' ') while (p < end && *p == ' ') p++;
        else return false;
        if (!digits(&p, end, 2, &h) || p == end || *p++ != ':') return false;
        if (!digits(&p, end, 2, &mi)) return false;
        if (p < end) {
            if (*p++ != ':' || !digits(&p, end, 2, &sec)) return false;
        }
        if (p != end) return false;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59) return false;
    *out = ((mh_days_from_civil(y, (unsigned)mo, (unsigned)d) * 24 + h) * 60 + mi) * 60000 + (mh_time)sec * 1000;
    return true;
}

bool mh_eval_parse_time(const char *s, size_t n, mh_time *out)
{
    mh_str t = trim((mh_str){s, n});
    if (!t.len) return false;
    if (memchr(t.ptr, '/', t.len)) return parse_cert_time(t.ptr, t.ptr + t.len, out);
    mh_time lo, hi;
    if (!mh_time_parse_iso(t.ptr, t.len, &lo, &hi, NULL)) return false;
    *out = lo;
    return true;
}

/* Splits one line into fields (RFC 4180 quoting within the line). Unquoted copies point
 * into the line; quoted ones are unescaped into the arena. Returns the field count, or
 * -1 with *why set. */
static int split_fields(mh_str line, mh_arena *a, mh_str *f, const char **why)
{
    int n = 0;
    const char *p = line.ptr, *end = line.ptr + line.len;
    for (;;) {
        if (n == TRUTH_MAX_FIELDS) return *why = "too many fields", -1;
        const char *q = p;
        while (q < end && is_space(*q)) q++;
        if (q < end && *q == '"') {
            char *buf = mh_arena_alloc(a, (size_t)(end - q) + 1);
            if (!buf) return *why = "out of memory", -1;
            size_t k = 0;
            q++;
            for (;;) {
                if (q == end) return *why = "a quoted field is not closed", -1;
                if (*q == '"') {
                    if (q + 1 < end && q[1] == '"') buf[k++] = '"', q += 2;
                    else break;
                } else {
                    buf[k++] = *q++;
                }
            }
            q++;
            while (q < end && is_space(*q)) q++;
            if (q < end && *q != ',') return *why = "text after a closing quote", -1;
            buf[k] = '\0';
            f[n++] = (mh_str){buf, k};
            p = q;
        } else {
            const char *c = memchr(p, ',', (size_t)(end - p));
            f[n++] = trim((mh_str){p, (size_t)((c ? c : end) - p)});
            p = c ? c : end;
        }
        if (p == end) return n;
        p++; /* the comma */
    }
}

static char *dup_str(mh_arena *a, mh_str s) { return mh_arena_strndup(a, s.ptr, s.len); }

typedef struct {
    mh_eval_truth *t;
    mh_arena *a;
    size_t cap_rows, cap_bad;
} truth_build;

/* Records "HEAD V TAIL" (V cut at 80 bytes) as the reason line LINE was skipped. */
static bool add_problem(truth_build *tb, long line, const char *head, mh_str v, const char *tail)
{
    mh_eval_truth *t = tb->t;
    if (t->nbad == tb->cap_bad) {
        size_t cap = tb->cap_bad ? tb->cap_bad * 2 : 16;
        mh_eval_problem *nb = mh_arena_alloc(tb->a, cap * sizeof *nb);
        if (!nb) return false;
        if (t->nbad) memcpy(nb, t->bad, t->nbad * sizeof *nb);
        t->bad = nb;
        tb->cap_bad = cap;
    }
    char msg[256];
    snprintf(msg, sizeof msg, "%s%.*s%s", head, (int)MH_MIN(v.len, 80u), v.ptr ? v.ptr : "", tail);
    char *m = mh_arena_strndup(tb->a, msg, strlen(msg));
    if (!m) return false;
    t->bad[t->nbad++] = (mh_eval_problem){line, m};
    return true;
}

static mh_eval_truth_row *add_row(truth_build *tb)
{
    mh_eval_truth *t = tb->t;
    if (t->nrows == tb->cap_rows) {
        size_t cap = tb->cap_rows ? tb->cap_rows * 2 : 64;
        mh_eval_truth_row *nr = mh_arena_alloc(tb->a, cap * sizeof *nr);
        if (!nr) return NULL;
        if (t->nrows) memcpy(nr, t->rows, t->nrows * sizeof *nr);
        t->rows = nr;
        tb->cap_rows = cap;
    }
    return &t->rows[t->nrows++];
}

enum { COL_DATASET, COL_SCENARIO, COL_DETAILS, COL_USER, COL_START, COL_END, COL__N };
static const char *const col_names[COL__N] = {"dataset", "scenario", "details", "user", "start", "end"};

mh_status mh_eval_truth_parse(const char *text, size_t len, const char *name, mh_arena *a, mh_eval_truth *out,
                              mh_err *e)
{
    memset(out, 0, sizeof *out);
    out->name = mh_arena_strndup(a, name ? name : "-", strlen(name ? name : "-"));
    truth_build tb = {.t = out, .a = a};
    int col[COL__N];
    int ncols = 0;
    bool have_header = false;
    mh_str f[TRUTH_MAX_FIELDS];
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3; /* a byte-order mark */
    for (long line = 1; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        mh_str ln = trim((mh_str){p, (size_t)((nl ? nl : end) - p)});
        p = nl ? nl + 1 : end;
        if (!ln.len) continue;
        const char *why = NULL;
        int n = split_fields(ln, a, f, &why);
        if (!have_header) {
            if (n < 0) {
                mh_err_at(e, out->name, line, 0);
                return mh_err_set(e, MH_E_INPUT, "the header cannot be read: %s", why);
            }
            for (int c = 0; c < COL__N; c++) {
                col[c] = -1;
                for (int i = 0; i < n; i++)
                    if (mh_str_ieq_ascii(f[i], mh_str_c(col_names[c]))) col[c] = i;
            }
            if (col[COL_USER] < 0 || col[COL_START] < 0) {
                mh_err_at(e, out->name, line, 0);
                return mh_err_set(e, MH_E_INPUT, "not a ground-truth header (want dataset,scenario,details,user,start,end)");
            }
            ncols = n;
            have_header = true;
            continue;
        }
        if (n < 0) {
            if (!add_problem(&tb, line, why, (mh_str){"", 0}, "")) goto nomem;
            continue;
        }
        if (n != ncols) {
            char m[96];
            snprintf(m, sizeof m, "%d fields where the header has %d", n, ncols);
            if (!add_problem(&tb, line, m, (mh_str){"", 0}, "")) goto nomem;
            continue;
        }
        mh_str user = f[col[COL_USER]];
        mh_str start = f[col[COL_START]];
        mh_str endt = col[COL_END] >= 0 ? f[col[COL_END]] : (mh_str){"", 0};
        mh_time t0, t1 = MH_TIME_NONE;
        bool ok;
        if (!user.len) ok = add_problem(&tb, line, "no user", (mh_str){"", 0}, "");
        else if (!mh_eval_parse_time(start.ptr, start.len, &t0))
            ok = add_problem(&tb, line, "start \"", start, "\" is not a date (MM/DD/YYYY HH:MM:SS or ISO 8601)");
        else if (endt.len && !mh_eval_parse_time(endt.ptr, endt.len, &t1))
            ok = add_problem(&tb, line, "end \"", endt, "\" is not a date (MM/DD/YYYY HH:MM:SS or ISO 8601)");
        else {
            mh_eval_truth_row *r = add_row(&tb);
            if (!r) goto nomem;
            r->dataset = dup_str(a, col[COL_DATASET] >= 0 ? f[col[COL_DATASET]] : (mh_str){"", 0});
            r->scenario = dup_str(a, col[COL_SCENARIO] >= 0 ? f[col[COL_SCENARIO]] : (mh_str){"", 0});
            r->details = dup_str(a, col[COL_DETAILS] >= 0 ? f[col[COL_DETAILS]] : (mh_str){"", 0});
            r->user = dup_str(a, user);
            r->person = NULL;
            r->start = t0;
            r->end = t1;
            r->line = line;
            if (!r->dataset || !r->scenario || !r->details || !r->user) goto nomem;
            continue;
        }
        if (!ok) goto nomem;
    }
    if (!have_header) {
        mh_err_at(e, out->name, 0, 0);
        return mh_err_set(e, MH_E_INPUT, "empty ground-truth file (no header)");
    }
    return MH_OK;
nomem:
    return mh_err_set(e, MH_E_NOMEM, "out of memory reading %s", out->name);
}

mh_status mh_eval_truth_read(const char *path, mh_arena *a, mh_eval_truth *out, mh_err *e)
{
    mh_buf b;
    mh_buf_init(&b, TRUTH_MAX_BYTES);
    mh_status rc = MH_OK;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        mh_err_at(e, path, 0, 0);
        rc = mh_err_set(e, MH_E_IO, "cannot open: %s", strerror(errno));
        goto out;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (!mh_buf_append(&b, chunk, n)) {
            mh_err_at(e, path, 0, 0);
            rc = mh_err_set(e, MH_E_NOMEM, "larger than %u MiB: not a ground-truth file", TRUTH_MAX_BYTES >> 20);
            goto out;
        }
    }
    if (ferror(fp)) {
        mh_err_at(e, path, 0, 0);
        rc = mh_err_set(e, MH_E_IO, "read error: %s", strerror(errno));
        goto out;
    }
    rc = mh_eval_truth_parse(b.data ? b.data : "", b.len, path, a, out, e);
out:
    if (fp) fclose(fp);
    mh_buf_free(&b);
    return rc;
}
