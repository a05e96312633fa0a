/* The CSV reader under the CERT import: one record at a time out of a read-only memory
 * mapping, every field a slice of the mapping (no copies), RFC 4180 quoting for r6's
 * quoted content and a rest-of-line last column for r4.2's unquoted content. Pages behind
 * the cursor are handed back to the kernel so an r6.2-sized file (93 GB of http.csv)
 * streams in bounded memory. */
#include "molehunt/mh_cert.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Longest span a quoted field may run over before it is taken for a stray quote. */
#define QUOTED_MAX (1u << 20)
/* Release mapped pages every this many bytes read. */
#define RELEASE_STEP ((size_t)64 << 20)

static const char *line_end(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return nl ? nl : end;
}

static const char *bad(mh_cert_row *row, const char *why, const char *start, const char *at, const char *end)
{
    row->err = why;
    row->err_col = (long)(at - start) + 1;
    const char *le = line_end(start, end);
    row->lines = 1;
    return le < end ? le + 1 : end;
}

const char *mh_cert_csv_split(const char *p, const char *end, int last, mh_cert_row *row)
{
    const char *start = p;
    row->n = 0;
    row->escaped = 0;
    row->lines = 1;
    row->err = NULL;
    row->err_col = 0;
    for (;;) {
        if (row->n == MH_CERT_MAX_FIELDS) return bad(row, "too many fields", start, p, end);
        int i = row->n++;
        if (p < end && *p == '"') {
            /* quoted: to the closing quote, "" standing for one quote */
            const char *q = p + 1, *lim = end - q > (long)QUOTED_MAX ? q + QUOTED_MAX : end;
            long nl = 0;
            for (;;) {
                const char *dq = memchr(q, '"', (size_t)(lim - q));
                if (!dq) {
                    row->n = i; /* the fields before it only: this one has no end */
                    return bad(row, "unterminated quoted field", start, p, end);
                }
                for (const char *c = q; (c = memchr(c, '\n', (size_t)(dq - c))) != NULL; c++) nl++;
                if (dq + 1 < end && dq[1] == '"') {
                    row->escaped |= 1u << i;
                    q = dq + 2;
                    continue;
                }
                row->f[i] = (mh_str){p + 1, (size_t)(dq - p - 1)};
                p = dq + 1;
                break;
            }
            row->lines += nl;
            if (p < end && *p == ',') {
                p++;
                continue;
            }
            if (p < end && *p == '\r') p++;
            if (p >= end) return end;
            if (*p == '\n') return p + 1;
            return bad(row, "text after a closing quote", start, p, end);
        }
        if (i == last) {
            const char *le = line_end(p, end);
            const char *fe = le > p && le[-1] == '\r' ? le - 1 : le;
            row->f[i] = (mh_str){p, (size_t)(fe - p)};
            return le < end ? le + 1 : end;
        }
        const char *q = p;
        while (q < end && *q != ',' && *q != '\n') q++;
        const char *fe = q;
        if (q < end && *q == '\n' && fe > p && fe[-1] == '\r') fe--;
        row->f[i] = (mh_str){p, (size_t)(fe - p)};
        if (q < end && *q == ',') {
            p = q + 1;
            continue;
        }
        return q < end ? q + 1 : end;
    }
}

mh_str mh_cert_field(const mh_cert_row *row, int i, mh_buf *scratch)
{
    if (i < 0 || i >= row->n) return (mh_str){"", 0};
    mh_str f = row->f[i];
    if (!(row->escaped & (1u << i)) || !scratch) return f;
    mh_buf_reset(scratch);
    for (size_t k = 0; k < f.len; k++) {
        if (f.ptr[k] == '"' && k + 1 < f.len && f.ptr[k + 1] == '"') k++;
        if (!mh_buf_putc(scratch, f.ptr[k])) return f;
    }
    return (mh_str){scratch->data ? scratch->data : "", scratch->len};
}

struct mh_cert_csv {
    int fd;
    const char *map;
    size_t size;
    const char *cur;
    size_t released; /* bytes at the start already handed back */
    long line;       /* physical lines consumed */
    mh_cert_row header;
};

mh_status mh_cert_csv_open(const char *path, mh_cert_csv **out, mh_err *e)
{
    *out = NULL;
    mh_cert_csv *r = calloc(1, sizeof *r);
    if (!r) return mh_err_set(e, MH_E_NOMEM, "out of memory");
    r->fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (r->fd < 0 || fstat(r->fd, &st) != 0) {
        mh_err_at(e, path, 0, 0);
        mh_err_set(e, MH_E_IO, "cannot open: %s", strerror(errno));
        if (r->fd >= 0) close(r->fd);
        free(r);
        return MH_E_IO;
    }
    r->size = (size_t)st.st_size;
    if (r->size) {
        void *m = mmap(NULL, r->size, PROT_READ, MAP_PRIVATE, r->fd, 0);
        if (m == MAP_FAILED) {
            mh_err_at(e, path, 0, 0);
            mh_err_set(e, MH_E_IO, "cannot map: %s", strerror(errno));
            close(r->fd);
            free(r);
            return MH_E_IO;
        }
        madvise(m, r->size, MADV_SEQUENTIAL);
        r->map = m;
    } else {
        r->map = "";
    }
    r->cur = r->map;
    const char *end = r->map + r->size;
    /* The header: skip a UTF-8 byte order mark. */
    if (r->size >= 3 && memcmp(r->cur, "\xEF\xBB\xBF", 3) == 0) r->cur += 3;
    if (r->cur < end) {
        r->cur = mh_cert_csv_split(r->cur, end, -1, &r->header);
        r->line = r->header.lines;
    }
    *out = r;
    return MH_OK;
}

void mh_cert_csv_close(mh_cert_csv *r)
{
    if (!r) return;
    if (r->size) munmap((void *)r->map, r->size);
    close(r->fd);
    free(r);
}

const mh_cert_row *mh_cert_csv_header(mh_cert_csv *r) { return &r->header; }
uint64_t mh_cert_csv_size(const mh_cert_csv *r) { return r->size; }

static void release_behind(mh_cert_csv *r)
{
    size_t done = (size_t)(r->cur - r->map);
    if (done - r->released < RELEASE_STEP) return;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t upto = done / page * page;
    if (upto > r->released) {
        madvise((void *)(r->map + r->released), upto - r->released, MADV_DONTNEED);
        r->released = upto;
    }
}

bool mh_cert_csv_next(mh_cert_csv *r, int last, mh_cert_row *row, long *line, const char **text, size_t *len)
{
    const char *end = r->map + r->size;
    while (r->cur < end) {
        const char *p = r->cur;
        if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
            r->cur = p + (*p == '\n' ? 1 : 2);
            r->line++;
            continue;
        }
        const char *next = mh_cert_csv_split(p, end, last, row);
        r->cur = next;
        *line = r->line + 1;
        r->line += row->lines;
        const char *te = next;
        while (te > p && (te[-1] == '\n' || te[-1] == '\r')) te--;
        *text = p;
        *len = (size_t)(te - p);
        release_behind(r);
        return true;
    }
    return false;
}
