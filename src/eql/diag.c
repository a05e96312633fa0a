/* Diagnostics as data: every syntax or checking error is a record {line, col, len,
 * message, expected} in a caller-owned list, so the command line, the console and tests
 * can each present them their own way. The renderer here prints the compiler-style form:
 * the place, the message, the source line and a caret under the offending span. */
#include "eql_int.h"

#include <stdio.h>
#include <string.h>

void mh_eql_diags_init(mh_eql_diags *d)
{
    memset(d, 0, sizeof *d);
    mh_arena_init(&d->arena, 4096);
}

void mh_eql_diags_free(mh_eql_diags *d)
{
    mh_arena_free(&d->arena);
    memset(d, 0, sizeof *d);
}

void eql_diag_add(mh_eql_diags *d, long line, long col, long len, const char *expected, const char *fmt, ...)
{
    if (!d) return;
    size_t max = d->max ? d->max : 100;
    if (d->n >= max) return;
    /* one mistake, one report: drop a second error at the very same place */
    if (d->n && d->items[d->n - 1].line == line && d->items[d->n - 1].col == col) return;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        mh_eql_diag *items = mh_arena_alloc(&d->arena, cap * sizeof *items);
        if (!items) return;
        if (d->n) memcpy(items, d->items, d->n * sizeof *items);
        d->items = items;
        d->cap = cap;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mh_eql_diag *g = &d->items[d->n];
    g->line = line; g->col = col; g->len = len > 0 ? len : 1;
    g->message = mh_arena_strndup(&d->arena, msg, strlen(msg));
    g->expected = expected ? mh_arena_strndup(&d->arena, expected, strlen(expected)) : NULL;
    if (g->message) d->n++;
}

/* The bytes of line LINE (1-based) of src, without its newline. */
static mh_str source_line(const char *src, size_t n, long line)
{
    size_t i = 0;
    for (long l = 1; l < line && i < n; i++)
        if (src[i] == '\n') l++;
    size_t j = i;
    while (j < n && src[j] != '\n' && src[j] != '\r') j++;
    return (mh_str){src + i, j - i};
}

bool mh_eql_diags_render(const mh_eql_diags *d, const char *src, size_t n, const char *name, mh_buf *out)
{
    bool ok = true;
    for (size_t k = 0; k < d->n; k++) {
        const mh_eql_diag *g = &d->items[k];
        ok &= mh_buf_printf(out, "%s:%ld:%ld: error: %s", name ? name : "query", g->line, g->col, g->message);
        if (g->expected) ok &= mh_buf_printf(out, " (expected %s)", g->expected);
        ok &= mh_buf_putc(out, '\n');
        mh_str ln = source_line(src, n, g->line);
        ok &= mh_buf_puts(out, "    ") && mh_buf_append(out, ln.ptr, ln.len) && mh_buf_putc(out, '\n');
        ok &= mh_buf_puts(out, "    ");
        /* pad with the line's own tabs so the caret lines up; count code points */
        long col = 1;
        for (size_t i = 0; i < ln.len && col < g->col; i++) {
            unsigned char c = (unsigned char)ln.ptr[i];
            if ((c & 0xC0) == 0x80) continue;
            ok &= mh_buf_putc(out, c == '\t' ? '\t' : ' ');
            col++;
        }
        for (long c = col; c < g->col; c++) ok &= mh_buf_putc(out, ' ');
        ok &= mh_buf_putc(out, '^');
        for (long i = 1; i < g->len && i < 200; i++) ok &= mh_buf_putc(out, '~');
        ok &= mh_buf_putc(out, '\n');
    }
    return ok;
}
