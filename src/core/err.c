/* Errors as values: a status, a message and the place in the input it is about. */
#include "molehunt/mh_core.h"

#include <stdio.h>
#include <string.h>

void mh_err_clear(mh_err *e)
{
    if (!e) return;
    e->code = MH_OK;
    e->file[0] = e->msg[0] = '\0';
    e->line = e->col = 0;
}

mh_status mh_err_set(mh_err *e, mh_status code, const char *fmt, ...)
{
    if (!e) return code;
    e->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

void mh_err_at(mh_err *e, const char *file, long line, long col)
{
    if (!e) return;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->line = line;
    e->col = col;
}

void mh_err_format(const mh_err *e, char *out, size_t n)
{
    if (!n) return;
    size_t k = 0;
    out[0] = '\0';
    if (e->file[0]) k += (size_t)snprintf(out, n, "%s:", e->file);
    if (e->line > 0 && k < n) k += (size_t)snprintf(out + k, n - k, "%ld:", e->line);
    if (e->col > 0 && k < n) k += (size_t)snprintf(out + k, n - k, "%ld:", e->col);
    if (k < n) snprintf(out + k, n - k, "%s%s", k ? " " : "", e->msg);
}

const char *mh_status_name(mh_status s)
{
    static const char *const names[] = {"ok", "input", "io", "nomem", "store",
                                        "usage", "notfound", "denied", "internal"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}
