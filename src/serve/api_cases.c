/* Cases from the console: list, one case with its history, open one for a person (by
 * pseudonym), and the actions on it (assign, note, close, reopen). The store keeps the
 * append-only history; every change is also written to the audit trail. */
#include <stdlib.h>
#include <string.h>

#include "serve_int.h"

typedef struct cctx {
    srv_req *r;
    int n;
} cctx;

static void put_case(srv_req *r, const mh_case_rec *c)
{
    mh_buf *b = &r->out;
    char ps[MH_PSEUDONYM_LEN], at[32], closed[32] = "";
    srv_pseudo(r->sv, c->person, ps);
    mh_time_format(c->opened_at, at, sizeof at);
    if (c->closed_at != MH_TIME_NONE) mh_time_format(c->closed_at, closed, sizeof closed);
    mh_buf_printf(b, "{\"id\":%lld,\"person\":\"%s\",\"status\":", (long long)c->id, ps);
    srv_json_str(b, c->status);
    mh_buf_puts(b, ",\"disposition\":");
    srv_json_str(b, c->disposition);
    mh_buf_puts(b, ",\"assignee\":");
    srv_json_str(b, c->assignee);
    mh_buf_puts(b, ",\"opened_by\":");
    srv_json_str(b, c->opened_by);
    mh_buf_printf(b, ",\"opened_at\":\"%s\",\"closed_at\":", at);
    srv_json_str(b, closed[0] ? closed : NULL);
    mh_buf_putc(b, '}');
}

static int on_case(void *vctx, const mh_case_rec *c)
{
    cctx *x = vctx;
    if (x->n++) mh_buf_putc(&x->r->out, ',');
    put_case(x->r, c);
    return 0;
}

void api_cases_list(srv_req *r)
{
    const char *status = srv_arg(r, "status");
    if (status && !*status) status = NULL;
    if (status && strcmp(status, "open") && strcmp(status, "closed"))
        return srv_reply_error(r, 400, "input", "'status' must be open or closed");
    const char *person = NULL, *p = srv_arg(r, "person");
    if (p && *p && !(person = srv_person_resolve(r, p))) return;
    mh_buf_puts(&r->out, "{\"cases\":[");
    cctx x = {r, 0};
    mh_err e;
    mh_err_clear(&e);
    if (mh_store_cases_each(r->store, status, person, on_case, &x, &e)) return srv_reply_mh_err(r, &e);
    mh_buf_printf(&r->out, "],\"count\":%d}", x.n);
}

static bool case_id(srv_req *r, int64_t *id)
{
    char *end;
    long long v = strtoll(r->params[0], &end, 10);
    if (*end || v <= 0) {
        srv_reply_error(r, 400, "input", "'%.40s' is not a case number", r->params[0]);
        return false;
    }
    *id = v;
    return true;
}

static int on_event(void *vctx, const mh_case_event_rec *ev)
{
    cctx *x = vctx;
    mh_buf *b = &x->r->out;
    char at[32];
    mh_time_format(ev->at, at, sizeof at);
    mh_buf_printf(b, "%s{\"at\":\"%s\",\"actor\":", x->n++ ? "," : "", at);
    srv_json_str(b, ev->actor);
    mh_buf_puts(b, ",\"action\":");
    srv_json_str(b, ev->action);
    mh_buf_puts(b, ",\"detail\":");
    if (ev->detail) srv_json_scrubbed(x->r, b, ev->detail, strlen(ev->detail));
    else mh_buf_puts(b, "null");
    mh_buf_putc(b, '}');
    return 0;
}

static int on_one(void *vctx, const mh_case_rec *c)
{
    put_case(((cctx *)vctx)->r, c);
    return 0;
}

void api_case_get(srv_req *r)
{
    int64_t id;
    if (!case_id(r, &id)) return;
    mh_err e;
    mh_err_clear(&e);
    cctx x = {r, 0};
    mh_buf_puts(&r->out, "{\"case\":");
    if (mh_store_case_get(r->store, id, on_one, &x, &e)) return srv_reply_mh_err(r, &e);
    mh_buf_puts(&r->out, ",\"history\":[");
    if (mh_store_case_events_each(r->store, id, on_event, &x, &e)) return srv_reply_mh_err(r, &e);
    mh_buf_puts(&r->out, "]}");
    char obj[32];
    snprintf(obj, sizeof obj, "case:%lld", (long long)id);
    srv_audit(r, "read.case", obj, NULL);
}

void api_case_open(srv_req *r)
{
    mh_jv body;
    if (!srv_body_json(r, &body)) return;
    const char *p = srv_jstr(r, &body, "person"), *note = srv_jstr(r, &body, "note");
    if (!p) return srv_reply_error(r, 400, "input", "give the person's pseudonym as \"person\"");
    const char *id = srv_person_resolve(r, p);
    if (!id) return;
    mh_err e;
    mh_err_clear(&e);
    int64_t cid;
    if (mh_store_case_open(r->store, id, r->sess.user, note && *note ? note : NULL, srv_now(), &cid, &e))
        return srv_reply_mh_err(r, &e);
    char obj[32];
    snprintf(obj, sizeof obj, "case:%lld", (long long)cid);
    srv_audit(r, "case.open", obj, p);
    r->status = 201;
    mh_buf_printf(&r->out, "{\"id\":%lld,\"person\":", (long long)cid);
    srv_json_str(&r->out, p);
    mh_buf_putc(&r->out, '}');
}

void api_case_action(srv_req *r)
{
    int64_t id;
    if (!case_id(r, &id)) return;
    const char *verb = r->params[1];
    mh_jv body;
    if (!srv_body_json(r, &body)) return;
    mh_err e;
    mh_err_clear(&e);
    mh_status st;
    mh_time now = srv_now();
    const char *note = srv_jstr(r, &body, "note");
    if (note && !*note) note = NULL;
    if (strcmp(verb, "assign") == 0) {
        const char *who = srv_jstr(r, &body, "assignee");
        if (!who || !*who || strlen(who) > 63) return srv_reply_error(r, 400, "input", "give the user to assign as \"assignee\"");
        st = mh_store_case_assign(r->store, id, who, r->sess.user, now, &e);
    } else if (strcmp(verb, "notes") == 0) {
        if (!note) return srv_reply_error(r, 400, "input", "give the note's text as \"note\"");
        st = mh_store_case_note(r->store, id, note, r->sess.user, now, &e);
    } else if (strcmp(verb, "close") == 0) {
        const char *disp = srv_jstr(r, &body, "disposition");
        if (!disp || !mh_store_case_disposition_ok(disp))
            return srv_reply_error(r, 400, "input", "\"disposition\" must be unfounded, mitigated, referred or confirmed");
        st = mh_store_case_close(r->store, id, disp, note, r->sess.user, now, &e);
    } else if (strcmp(verb, "reopen") == 0) {
        if (!note) return srv_reply_error(r, 400, "input", "reopening needs the reason as \"note\"");
        st = mh_store_case_reopen(r->store, id, note, r->sess.user, now, &e);
    } else
        return srv_reply_error(r, 404, "notfound", "cases have the actions assign, notes, close and reopen");
    if (st) return srv_reply_mh_err(r, &e);
    char obj[32], action[32];
    snprintf(obj, sizeof obj, "case:%lld", (long long)id);
    snprintf(action, sizeof action, "case.%s", verb);
    srv_audit(r, action, obj, NULL);
    cctx x = {r, 0};
    mh_buf_puts(&r->out, "{\"case\":");
    if (mh_store_case_get(r->store, id, on_one, &x, &e)) return srv_reply_mh_err(r, &e);
    mh_buf_putc(&r->out, '}');
}
