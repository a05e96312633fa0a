/* Signing in and out, and who the console is talking to. The session cookie is HttpOnly,
 * SameSite=Strict, Path=/ and marked Secure when the request came through TLS (or a proxy
 * said so with X-Forwarded-Proto: https); a fresh token is issued at every login, so a
 * token planted before login is never promoted (no session fixation). */
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "serve_int.h"

static bool secure_request(srv_req *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info((struct MHD_Connection *)r->conn, MHD_CONNECTION_INFO_PROTOCOL);
    if (ci && ci->protocol) return true;
    const char *p = MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
    return p && strcmp(p, "https") == 0;
}

static void put_session(srv_req *r)
{
    mh_buf *b = &r->out;
    mh_buf_printf(b, "{\"authenticated\":%s,\"mode\":\"%s\",\"user\":", r->has_session ? "true" : "false",
                  r->sv->local_mode ? "local" : "accounts");
    srv_json_str(b, r->has_session ? r->sess.user : NULL);
    mh_buf_puts(b, ",\"role\":");
    srv_json_str(b, r->has_session ? mh_role_name(r->sess.role) : NULL);
    mh_buf_puts(b, ",\"csrf\":");
    srv_json_str(b, r->has_session ? r->sess.csrf : NULL);
    mh_buf_puts(b, ",\"notice\":");
    srv_json_str(b, r->sv->local_mode ? "No accounts exist: you are the local analyst, on loopback only, and every "
                                        "person is shown by pseudonym. Create accounts to sign in by name."
                                      : NULL);
    mh_buf_putc(b, '}');
}

void api_session_get(srv_req *r) { put_session(r); }

/* Sign-in rate limit per client address, on top of the per-account lockout: an address
 * that failed LIMIT_FAILS times within LIMIT_WINDOW seconds is refused until the window
 * ends, whichever accounts it tried (guessing across many names is stopped too). A small
 * fixed table: an address pushed out by many others merely starts afresh. */
#define LIMIT_SLOTS 256
#define LIMIT_FAILS 20
#define LIMIT_WINDOW 600

static struct {
    char client[64];
    int fails;
    time_t since;
} limits[LIMIT_SLOTS];
static pthread_mutex_t limits_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t limit_slot(const char *client)
{
    return (size_t)(mh_hash64(client, strlen(client), 0x6c696d) % LIMIT_SLOTS);
}

/* Seconds to wait before this client may try again (0: now). */
static long limit_wait(const char *client)
{
    time_t now = time(NULL);
    long wait = 0;
    pthread_mutex_lock(&limits_lock);
    size_t k = limit_slot(client);
    if (strcmp(limits[k].client, client) == 0 && limits[k].fails >= LIMIT_FAILS && now - limits[k].since < LIMIT_WINDOW)
        wait = (long)(LIMIT_WINDOW - (now - limits[k].since));
    pthread_mutex_unlock(&limits_lock);
    return wait;
}

static void limit_fail(const char *client)
{
    time_t now = time(NULL);
    pthread_mutex_lock(&limits_lock);
    size_t k = limit_slot(client);
    if (strcmp(limits[k].client, client) != 0 || now - limits[k].since >= LIMIT_WINDOW) {
        snprintf(limits[k].client, sizeof limits[k].client, "%s", client);
        limits[k].fails = 0;
        limits[k].since = now;
    }
    limits[k].fails++;
    pthread_mutex_unlock(&limits_lock);
}

void api_session_login(srv_req *r)
{
    if (r->sv->local_mode)
        return srv_reply_error(r, 409, "local_mode",
                               "there are no accounts to sign in to: the console runs as the local analyst");
    const char *client = r->client ? r->client : "";
    long wait = limit_wait(client);
    if (wait > 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "too many failed sign-ins from this address; try again in %ld seconds", wait);
        return srv_reply_error(r, 429, "rate_limited", "%s", msg);
    }
    mh_jv body;
    if (!srv_body_json(r, &body)) return;
    const char *user = srv_jstr(r, &body, "user"), *pw = srv_jstr(r, &body, "password");
    if (!user || !pw || !*user || !*pw || strlen(user) > 63 || strlen(pw) > 1024)
        return srv_reply_error(r, 400, "input", "give \"user\" and \"password\"");
    mh_err e;
    mh_err_clear(&e);
    mh_auth_session s;
    if (mh_auth_login(r->store, &r->sv->policy, user, pw, r->client, &s, &e)) {
        if (e.code == MH_E_DENIED) limit_fail(client);
        if (e.code == MH_E_DENIED)
            return srv_reply_error(r, 401, "denied",
                                   "wrong user name or password, or the account is locked or disabled; after repeated "
                                   "failures wait before trying again");
        return srv_reply_mh_err(r, &e);
    }
    r->sess = s;
    r->has_session = true;
    snprintf(r->set_cookie[r->ncookies++], sizeof r->set_cookie[0],
             "mh_session=%s; Path=/; HttpOnly; SameSite=Strict%s", s.token, secure_request(r) ? "; Secure" : "");
    put_session(r);
}

void api_session_logout(srv_req *r)
{
    if (!r->sv->local_mode) {
        mh_err e;
        mh_err_clear(&e);
        if (mh_auth_logout(r->store, r->sess.token, &e)) return srv_reply_mh_err(r, &e);
    }
    snprintf(r->set_cookie[r->ncookies++], sizeof r->set_cookie[0],
             "mh_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    mh_buf_puts(&r->out, "{\"authenticated\":false}");
}
