/* Growable byte buffers. Every buffer may carry a maximum so that untrusted input can
 * never make one grow without bound (curl's habit). */
#include "molehunt/mh_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mh_buf_init(mh_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

static bool reserve(mh_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need < b->len) return false;
    if (b->max && need > b->max + 1) return false;
    if (need <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) return false;
    b->data = p;
    b->cap = cap;
    return true;
}

bool mh_buf_append(mh_buf *b, const void *p, size_t n)
{
    if (!reserve(b, n)) return false;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool mh_buf_puts(mh_buf *b, const char *s) { return mh_buf_append(b, s, strlen(s)); }

bool mh_buf_putc(mh_buf *b, char c) { return mh_buf_append(b, &c, 1); }

bool mh_buf_vprintf(mh_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || !reserve(b, (size_t)n)) return false;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return true;
}

bool mh_buf_printf(mh_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool ok = mh_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return ok;
}

void mh_buf_reset(mh_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void mh_buf_free(mh_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
