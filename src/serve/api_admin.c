/* The endpoints outside case work: the audit trail (auditors only: entries name actors
 * and pseudonyms, never identified data), its verification, the accounts (admins only,
 * who cannot read cases), and the SEAD-4 guideline names the console labels bars with. */
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_audit.h"
#include "molehunt/mh_score.h"
#include "serve_int.h"

void api_guidelines(srv_req *r)
{
    mh_buf_puts(&r->out, "{\"guidelines\":[");
    for (int i = 0; i < MH_GUIDELINES; i++) {
        char l = (char)('A' + i);
        mh_buf_printf(&r->out, "%s{\"letter\":\"%c\",\"name\":", i ? "," : "", l);
        srv_json_str(&r->out, mh_score_guideline_name(l));
        mh_buf_putc(&r->out, '}');
    }
    mh_buf_puts(&r->out, "]}");
}

typedef struct actx {
    srv_req *r;
    long n, max;
} actx;

static int on_audit(void *vctx, int64_t seq, mh_time at, const char *actor, const char *action, const char *object,
                    const char *detail, const char *hash)
{
    actx *x = vctx;
    mh_buf *b = &x->r->out;
    char t[32];
    mh_time_format(at, t, sizeof t);
    mh_buf_printf(b, "%s{\"seq\":%lld,\"at\":\"%s\",\"actor\":", x->n++ ? "," : "", (long long)seq, t);
    srv_json_str(b, actor);
    mh_buf_puts(b, ",\"action\":");
    srv_json_str(b, action);
    mh_buf_puts(b, ",\"object\":");
    /* The command line records a lookup by the real id it was given (read.person
     * p-claiborne, read.entity ID): the auditor sees its pseudonym. The console records
     * pseudonyms already. */
    bool looked_up = strcmp(action, "read.person") == 0 || strcmp(action, "read.entity") == 0;
    if (object && looked_up && strncmp(object, "P-", 2) != 0) {
        char ps[MH_PSEUDONYM_LEN];
        srv_pseudo(x->r->sv, object, ps);
        srv_json_str(b, ps);
    } else if (object) {
        srv_json_scrubbed(x->r, b, object, strlen(object));
    } else {
        mh_buf_puts(b, "null");
    }
    mh_buf_puts(b, ",\"detail\":");
    if (detail) srv_json_scrubbed(x->r, b, detail, strlen(detail));
    else mh_buf_puts(b, "null");
    mh_buf_puts(b, ",\"hash\":");
    srv_json_str(b, hash);
    mh_buf_putc(b, '}');
    return x->n >= x->max;
}

void api_audit_list(srv_req *r)
{
    mh_time from = MH_TIME_NONE, to = MH_TIME_NONE, hi;
    const char *f = srv_arg(r, "from"), *t = srv_arg(r, "to");
    if (f && *f && !mh_time_parse_iso(f, strlen(f), &from, &hi, NULL))
        return srv_reply_error(r, 400, "input", "'from' must be an ISO 8601 date");
    if (t && *t && !mh_time_parse_iso(t, strlen(t), &hi, &to, NULL))
        return srv_reply_error(r, 400, "input", "'to' must be an ISO 8601 date");
    actx x = {r, 0, 1000};
    mh_err e;
    mh_err_clear(&e);
    mh_buf_puts(&r->out, "{\"entries\":[");
    if (mh_audit_each(r->store, from, to, on_audit, &x, &e)) return srv_reply_mh_err(r, &e);
    mh_buf_printf(&r->out, "],\"count\":%ld,\"limited\":%s}", x.n, x.n >= x.max ? "true" : "false");
}

void api_audit_verify(srv_req *r)
{
    mh_audit_report rep;
    mh_err e;
    mh_err_clear(&e);
    if (mh_audit_verify(r->store, &rep, &e)) return srv_reply_mh_err(r, &e);
    mh_buf_printf(&r->out, "{\"entries\":%lld,\"ok\":%s,\"bad_seq\":%lld,\"problem\":", (long long)rep.entries,
                  rep.ok ? "true" : "false", (long long)rep.bad_seq);
    srv_json_str(&r->out, rep.ok ? NULL : rep.problem);
    mh_buf_putc(&r->out, '}');
}

typedef struct uctx {
    srv_req *r;
    int n;
} uctx;

static int on_user(void *vctx, const char *name, mh_role role, bool disabled, mh_time created)
{
    uctx *x = vctx;
    char t[32];
    mh_time_format(created, t, sizeof t);
    mh_buf_printf(&x->r->out, "%s{\"name\":", x->n++ ? "," : "");
    srv_json_str(&x->r->out, name);
    mh_buf_puts(&x->r->out, ",\"role\":");
    srv_json_str(&x->r->out, mh_role_name(role));
    mh_buf_printf(&x->r->out, ",\"disabled\":%s,\"created\":\"%s\"}", disabled ? "true" : "false", t);
    return 0;
}

void api_users_list(srv_req *r)
{
    uctx x = {r, 0};
    mh_err e;
    mh_err_clear(&e);
    mh_buf_puts(&r->out, "{\"users\":[");
    if (mh_auth_user_each(r->store, on_user, &x, &e)) return srv_reply_mh_err(r, &e);
    mh_buf_puts(&r->out, "]}");
}

void api_user_add(srv_req *r)
{
    mh_jv body;
    if (!srv_body_json(r, &body)) return;
    const char *name = srv_jstr(r, &body, "name"), *pw = srv_jstr(r, &body, "password"), *role = srv_jstr(r, &body, "role");
    mh_role ro = role ? mh_role_parse(role) : MH_ROLE_NONE;
    if (!name || !pw || ro == MH_ROLE_NONE)
        return srv_reply_error(r, 400, "input",
                               "give \"name\", \"password\" and \"role\" (admin, analyst, investigator or auditor)");
    mh_err e;
    mh_err_clear(&e);
    if (mh_auth_user_add(r->store, name, pw, ro, r->sess.user, &e)) return srv_reply_mh_err(r, &e);
    r->status = 201;
    mh_buf_puts(&r->out, "{\"name\":");
    srv_json_str(&r->out, name);
    mh_buf_puts(&r->out, "}");
}

void api_user_change(srv_req *r)
{
    mh_jv body;
    if (!srv_body_json(r, &body)) return;
    const char *name = r->params[0];
    mh_err e;
    mh_err_clear(&e);
    const char *role = srv_jstr(r, &body, "role"), *pw = srv_jstr(r, &body, "password");
    const mh_jv *dis = mh_json_get(&body, "disabled");
    if (!role && !pw && !dis) return srv_reply_error(r, 400, "input", "give \"role\", \"password\" or \"disabled\"");
    if (role) {
        mh_role ro = mh_role_parse(role);
        if (ro == MH_ROLE_NONE) return srv_reply_error(r, 400, "input", "\"role\" must be admin, analyst, investigator or auditor");
        if (mh_auth_user_role(r->store, name, ro, r->sess.user, &e)) return srv_reply_mh_err(r, &e);
    }
    if (pw && mh_auth_user_passwd(r->store, name, pw, r->sess.user, &e)) return srv_reply_mh_err(r, &e);
    if (dis) {
        if (dis->type != MH_JTRUE && dis->type != MH_JFALSE) return srv_reply_error(r, 400, "input", "\"disabled\" must be true or false");
        if (mh_auth_user_disable(r->store, name, dis->type == MH_JTRUE, r->sess.user, &e)) return srv_reply_mh_err(r, &e);
    }
    mh_buf_puts(&r->out, "{\"name\":");
    srv_json_str(&r->out, name);
    mh_buf_puts(&r->out, "}");
}
