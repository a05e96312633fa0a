/* Line reading for NDJSON inputs: files, stdin, gzip (zlib reads plain files as they
 * are), with a bounded line length so that one hostile line cannot exhaust memory. */
#include "molehunt/mh_ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

struct mh_lines {
    gzFile gz;
    char *buf;       /* read buffer */
    size_t cap, beg, end;
    char *line;      /* assembled line when it spans buffer refills */
    size_t line_cap;
    size_t max_line;
    long lineno;
    bool eof, failed;
    char err[256];
    char path[256];
};

mh_lines *mh_lines_open(const char *path, size_t max_line, mh_err *e)
{
    int fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        mh_err_set(e, MH_E_IO, "cannot open: %s", strerror(errno));
        mh_err_at(e, path, 0, 0);
        return NULL;
    }
    mh_lines *r = calloc(1, sizeof *r);
    if (r) r->buf = malloc(r->cap = 1 << 20);
    if (!r || !r->buf || !(r->gz = gzdopen(fd, "rb"))) {
        if (r) free(r->buf);
        free(r);
        close(fd);
        mh_err_set(e, MH_E_NOMEM, "out of memory opening %s", path);
        return NULL;
    }
    gzbuffer(r->gz, 256 * 1024);
    r->max_line = max_line ? max_line : (64u << 20);
    snprintf(r->path, sizeof r->path, "%s", path);
    return r;
}

static bool refill(mh_lines *r)
{
    if (r->eof) return false;
    int n = gzread(r->gz, r->buf, (unsigned)r->cap);
    if (n < 0) {
        int code;
        const char *m = gzerror(r->gz, &code);
        snprintf(r->err, sizeof r->err, "read error: %s", code == Z_ERRNO ? strerror(errno) : m);
        r->failed = r->eof = true;
        return false;
    }
    r->beg = 0;
    r->end = (size_t)n;
    if (n == 0) r->eof = true;
    return n > 0;
}

/* Appends to the assembled line, keeping at most max_line bytes. */
static bool keep(mh_lines *r, size_t *len, const char *p, size_t n)
{
    if (*len >= r->max_line) return true;
    if (n > r->max_line - *len) n = r->max_line - *len;
    if (*len + n > r->line_cap) {
        size_t cap = r->line_cap ? r->line_cap : 4096;
        while (cap < *len + n) cap *= 2;
        char *q = realloc(r->line, cap + 1);
        if (!q) return false;
        r->line = q;
        r->line_cap = cap;
    }
    memcpy(r->line + *len, p, n);
    *len += n;
    return true;
}

bool mh_lines_next(mh_lines *r, const char **line, size_t *len, bool *too_long)
{
    *too_long = false;
    if (r->beg == r->end && !refill(r)) return false;
    /* Fast path: the whole line is in the buffer. */
    char *nl = memchr(r->buf + r->beg, '\n', r->end - r->beg);
    if (nl) {
        *line = r->buf + r->beg;
        *len = (size_t)(nl - *line);
        r->beg = (size_t)(nl - r->buf) + 1;
        if (*len > r->max_line) {
            *len = r->max_line;
            *too_long = true;
        }
        if (*len && (*line)[*len - 1] == '\r') (*len)--;
        r->lineno++;
        return true;
    }
    size_t n = 0, total = 0;
    for (;;) {
        size_t chunk = nl ? (size_t)(nl - (r->buf + r->beg)) : r->end - r->beg;
        total += chunk;
        if (!keep(r, &n, r->buf + r->beg, chunk)) {
            snprintf(r->err, sizeof r->err, "out of memory reading a line");
            r->failed = true;
            return false;
        }
        if (nl) {
            r->beg = (size_t)(nl - r->buf) + 1;
            break;
        }
        r->beg = r->end;
        if (!refill(r)) {
            if (r->failed) return false;
            break; /* last line without a newline */
        }
        nl = memchr(r->buf + r->beg, '\n', r->end - r->beg);
    }
    if (total == 0 && r->eof && !nl && n == 0 && r->beg == r->end) {
        /* Nothing after the final newline. */
        return false;
    }
    if (n && r->line[n - 1] == '\r') n--;
    r->line[n] = '\0';
    *line = r->line;
    *len = n;
    *too_long = total > r->max_line;
    r->lineno++;
    return true;
}

long mh_lines_lineno(const mh_lines *r) { return r->lineno; }

bool mh_lines_error(const mh_lines *r, mh_err *e)
{
    if (!r->failed) return false;
    mh_err_set(e, MH_E_IO, "%s", r->err);
    mh_err_at(e, r->path, r->lineno + 1, 0);
    return true;
}

void mh_lines_close(mh_lines *r)
{
    if (!r) return;
    gzclose(r->gz);
    free(r->buf);
    free(r->line);
    free(r);
}
