/* Reply helpers shared by every handler: JSON strings, JSON errors a person can act on,
 * query arguments and request bodies. Every error the API returns goes through here, so
 * they all have one shape: {"error":{"status":N,"code":"...","message":"..."}}. */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "serve_int.h"

void srv_json_strn(mh_buf *b, const char *s, size_t n)
{
    /* Invalid UTF-8 from the store must not make the reply invalid JSON. */
    if (s) mh_json_write_str_lossy(b, s, n);
    else mh_buf_puts(b, "null");
}

void srv_json_str(mh_buf *b, const char *s) { srv_json_strn(b, s, s ? strlen(s) : 0); }

void srv_reply_error(srv_req *r, unsigned status, const char *code, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->status = status;
    r->content_type = "application/json";
    mh_buf_reset(&r->out);
    mh_buf_printf(&r->out, "{\"error\":{\"status\":%u,\"code\":", status);
    srv_json_str(&r->out, code);
    mh_buf_puts(&r->out, ",\"message\":");
    srv_json_str(&r->out, msg);
    mh_buf_puts(&r->out, "}}");
}

void srv_reply_mh_err(srv_req *r, const mh_err *e)
{
    char msg[900];
    mh_err_format(e, msg, sizeof msg);
    unsigned st = 500;
    switch (e->code) {
    case MH_E_INPUT:
    case MH_E_USAGE: st = 400; break;
    case MH_E_NOTFOUND: st = 404; break;
    case MH_E_DENIED: st = 403; break;
    case MH_E_NOMEM: st = 503; break;
    default: st = 500;
    }
    srv_reply_error(r, st, mh_status_name(e->code), "%s", msg);
}

const char *srv_arg(srv_req *r, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_GET_ARGUMENT_KIND, name);
}

bool srv_body_json(srv_req *r, mh_jv *out)
{
    mh_err e;
    mh_err_clear(&e);
    if (!r->body_len) {
        srv_reply_error(r, 400, "input", "this request needs a JSON object as its body");
        return false;
    }
    if (!mh_json_parse(r->body, r->body_len, &r->arena, out, &e)) {
        srv_reply_error(r, 400, "input", "the body is not valid JSON (at byte %ld: %s)", e.col, e.msg);
        return false;
    }
    if (out->type != MH_JOBJ) {
        srv_reply_error(r, 400, "input", "the body must be a JSON object");
        return false;
    }
    return true;
}

const char *srv_jstr(srv_req *r, const mh_jv *obj, const char *key)
{
    const mh_jv *v = mh_json_get(obj, key);
    if (!v || v->type != MH_JSTR) return NULL;
    if (memchr(v->u.s, 0, v->len)) return NULL; /* an embedded NUL would silently cut the text */
    return mh_arena_strndup(&r->arena, v->u.s, v->len);
}

mh_time srv_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (mh_time)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
