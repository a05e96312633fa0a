/* Who is calling: the session cookie checked against mh_auth (timeouts included), the
 * CSRF token every state-changing request must echo in X-CSRF-Token, and the audit trail
 * entries written in the caller's name. With no accounts in the store (local mode) the
 * caller is the local analyst, and the CSRF token is one random value per server run, so
 * another site open in the same browser still cannot post to the console. */
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "molehunt/mh_audit.h"
#include "serve_int.h"

void srv_session_load(srv_req *r)
{
    memset(&r->sess, 0, sizeof r->sess);
    r->has_session = false;
    if (r->sv->local_mode) {
        snprintf(r->sess.user, sizeof r->sess.user, "local");
        snprintf(r->sess.csrf, sizeof r->sess.csrf, "%s", r->sv->local_csrf);
        r->sess.role = MH_ROLE_ANALYST;
        r->has_session = true;
        return;
    }
    const char *tok = MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_COOKIE_KIND, "mh_session");
    if (!tok || !*tok || strlen(tok) >= sizeof r->sess.token) return;
    mh_err e;
    mh_err_clear(&e);
    mh_auth_session s;
    if (mh_auth_session_check(r->store, &r->sv->policy, tok, &s, &e) == MH_OK) {
        r->sess = s;
        r->has_session = true;
    }
}

bool srv_csrf_check(srv_req *r)
{
    const char *h = MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
    bool ok = h && *h && r->sess.csrf[0];
    if (ok) {
        size_t a = strlen(h), b = strlen(r->sess.csrf);
        ok = a == b && sodium_memcmp(h, r->sess.csrf, a) == 0;
    }
    if (!ok)
        srv_reply_error(r, 403, "csrf",
                        "this request changes data and needs the X-CSRF-Token header from GET /api/v1/session; "
                        "reload the console and try again");
    return ok;
}

void srv_audit(srv_req *r, const char *action, const char *object, const char *detail)
{
    mh_err e;
    mh_err_clear(&e);
    char actor[96];
    snprintf(actor, sizeof actor, "%s%s", r->sv->local_mode ? "console:" : "", r->sess.user[0] ? r->sess.user : "-");
    if (mh_audit_append(r->store, actor, action, object, detail, &e)) {
        char msg[800];
        mh_err_format(&e, msg, sizeof msg);
        fprintf(stderr, "molehunt serve: audit: %s\n", msg);
    }
}
