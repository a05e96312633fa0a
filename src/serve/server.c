/* The HTTP side of the console: libmicrohttpd's thread pool, request bodies collected up
 * to a limit, the API dispatch (session, role, CSRF, handler) and the static assets
 * (embedded, or from --web-root while developing). It never builds HTML: the page is
 * web/index.html and everything on it comes from the JSON API. */
#include <arpa/inet.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve_int.h"

typedef struct conn_state {
    mh_buf body;
    bool too_big;
} conn_state;

static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                          "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

static void add_common_headers(struct MHD_Response *resp, bool api)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Content-Security-Policy", CSP);
    MHD_add_response_header(resp, "Cache-Control", api ? "no-store" : "no-cache");
}

static enum MHD_Result queue_buf(struct MHD_Connection *c, unsigned status, const char *type, mh_buf *b, srv_req *r)
{
    size_t len = b->len;
    char *data = b->data;
    if (!data) data = strdup(""), len = 0;
    b->data = NULL, b->len = b->cap = 0;
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    if (!resp) return free(data), MHD_NO;
    MHD_add_response_header(resp, "Content-Type", type);
    add_common_headers(resp, true);
    for (int i = 0; r && i < r->ncookies; i++) MHD_add_response_header(resp, "Set-Cookie", r->set_cookie[i]);
    enum MHD_Result ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result error_now(struct MHD_Connection *c, unsigned status, const char *code, const char *msg)
{
    mh_buf b;
    mh_buf_init(&b, 0);
    mh_buf_printf(&b, "{\"error\":{\"status\":%u,\"code\":", status);
    srv_json_str(&b, code);
    mh_buf_puts(&b, ",\"message\":");
    srv_json_str(&b, msg);
    mh_buf_puts(&b, "}}");
    enum MHD_Result ret = queue_buf(c, status, "application/json", &b, NULL);
    mh_buf_free(&b);
    return ret;
}

/* In local mode the Host header must name loopback: a page elsewhere that re-points its
 * own host name at 127.0.0.1 (DNS rebinding) is refused. */
static bool host_ok(srv *sv, struct MHD_Connection *c)
{
    if (!sv->local_mode) return true;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    if (!h) return false;
    return strncmp(h, "127.", 4) == 0 || strncmp(h, "localhost", 9) == 0 || strncmp(h, "[::1]", 5) == 0;
}

static enum MHD_Result serve_static(srv *sv, struct MHD_Connection *c, const char *method, const char *url)
{
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return error_now(c, 405, "method", "the console's files are read with GET");
    const char *path = strcmp(url, "/") == 0 ? "/index.html" : url;
    /* No traversal: reject any ".." segment, backslash or control byte outright. */
    if (strstr(path, "/..") || strchr(path, '\\') || strlen(path) > 200)
        return error_now(c, 404, "notfound", "no such file in the console");
    for (const char *p = path; *p; p++)
        if ((unsigned char)*p < 0x20) return error_now(c, 404, "notfound", "no such file in the console");
    if (sv->o->web_root) {
        char full[PATH_MAX + 256], real[PATH_MAX], root[PATH_MAX];
        if (!realpath(sv->o->web_root, root)) return error_now(c, 500, "io", "--web-root does not exist");
        snprintf(full, sizeof full, "%s%s", root, path);
        if (!realpath(full, real) || strncmp(real, root, strlen(root)) != 0 || real[strlen(root)] != '/')
            return error_now(c, 404, "notfound", "no such file in the console");
        FILE *f = fopen(real, "rb");
        struct stat st;
        if (!f || fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
            if (f) fclose(f);
            return error_now(c, 404, "notfound", "no such file in the console");
        }
        mh_buf b;
        mh_buf_init(&b, 0);
        char tmp[65536];
        size_t n;
        while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) mh_buf_append(&b, tmp, n);
        fclose(f);
        struct MHD_Response *resp =
            MHD_create_response_from_buffer(b.len, b.data ? b.data : strdup(""), MHD_RESPMEM_MUST_FREE);
        MHD_add_response_header(resp, "Content-Type", srv_asset_type(real));
        add_common_headers(resp, false);
        enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    unsigned long n;
    const srv_asset *a = srv_assets(&n);
    for (unsigned long i = 0; i < n; i++) {
        if (strcmp(a[i].path, path) != 0) continue;
        struct MHD_Response *resp =
            MHD_create_response_from_buffer(a[i].len, (void *)a[i].data, MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(resp, "Content-Type", a[i].type);
        add_common_headers(resp, false);
        enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    return error_now(c, 404, "notfound", "no such file in the console");
}

static const char *role_list(unsigned roles, char *out, size_t n)
{
    out[0] = 0;
    for (int r = MH_ROLE_ADMIN; r <= MH_ROLE_AUDITOR; r++)
        if (roles & SRV_ROLE(r)) snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? " or " : "", mh_role_name((mh_role)r));
    return out;
}

static enum MHD_Result serve_api(srv *sv, struct MHD_Connection *c, const char *method, const char *url, conn_state *cs)
{
    srv_req r;
    memset(&r, 0, sizeof r);
    r.sv = sv, r.method = method, r.url = url, r.conn = c;
    r.body = cs->body.data ? cs->body.data : "";
    r.body_len = cs->body.len;
    r.status = 200;
    r.content_type = "application/json";
    mh_arena_init(&r.arena, 16384);
    mh_buf_init(&r.out, SRV_MAX_REPLY);
    char client[INET6_ADDRSTRLEN] = "?";
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        if (ci->client_addr->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, client, sizeof client);
        else if (ci->client_addr->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, client, sizeof client);
    }
    r.client = client;
    mh_err e;
    mh_err_clear(&e);
    enum MHD_Result ret;
    if (!host_ok(sv, c)) {
        srv_reply_error(&r, 403, "host", "the console answers only to a loopback Host (127.0.0.1 or localhost) while "
                                         "no accounts exist");
        goto send;
    }
    if (cs->too_big) {
        srv_reply_error(&r, 413, "too_large", "the request body is larger than %u bytes", SRV_MAX_BODY);
        goto send;
    }
    if (memchr(r.body, 0, r.body_len)) {
        srv_reply_error(&r, 400, "input", "the request body contains a NUL byte");
        goto send;
    }
    r.store = srv_store_get(sv, &e);
    if (!r.store) {
        srv_reply_mh_err(&r, &e);
        goto send;
    }
    srv_store_notice(&r);
    srv_session_load(&r);
    bool known;
    const srv_route *rt = srv_route_find(&r, url, &known);
    if (!rt) {
        if (known) srv_reply_error(&r, 405, "method", "%s is not allowed on %s (see docs/api.md)", method, url);
        else srv_reply_error(&r, 404, "notfound", "no API endpoint at this path (see docs/api.md for the list)");
        goto send;
    }
    if (rt->roles) {
        char roles[96];
        if (!r.has_session) {
            srv_reply_error(&r, 401, "unauthenticated", "sign in first: your session is missing or has expired");
            goto send;
        }
        if (!(rt->roles & SRV_ROLE(r.sess.role))) {
            srv_reply_error(&r, 403, "forbidden", "the %s role may not do this; it needs the %s role",
                            mh_role_name(r.sess.role), role_list(rt->roles, roles, sizeof roles));
            goto send;
        }
    }
    if (rt->csrf && !srv_csrf_check(&r)) goto send;
    rt->fn(&r);
    if (r.out.len == 0 && r.status < 300) mh_buf_puts(&r.out, "{}");
send:
    if (r.out.max && r.out.len >= r.out.max - 1 && r.status < 300)
        srv_reply_error(&r, 500, "too_large", "the reply grew past its limit; narrow the request (limit, filters)");
    ret = queue_buf(c, r.status, r.content_type, &r.out, &r);
    if (r.store) srv_store_put(sv, r.store);
    mh_buf_free(&r.out);
    mh_arena_free(&r.arena);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    srv *sv = cls;
    conn_state *cs = *con_cls;
    if (!cs) {
        cs = calloc(1, sizeof *cs);
        if (!cs) return MHD_NO;
        mh_buf_init(&cs->body, SRV_MAX_BODY);
        *con_cls = cs;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!cs->too_big && !mh_buf_append(&cs->body, upload, *upload_size)) cs->too_big = true;
        *upload_size = 0;
        return MHD_YES;
    }
    if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0) return serve_api(sv, c, method, url, cs);
    return serve_static(sv, c, method, url);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    conn_state *cs = *con_cls;
    if (!cs) return;
    mh_buf_free(&cs->body);
    free(cs);
    *con_cls = NULL;
}

static void log_mhd(void *cls, const char *fmt, va_list ap)
{
    fputs("molehunt serve: ", stderr);
    vfprintf(stderr, fmt, ap);
}

mh_status mh_serve_run(const mh_serve_opts *o, volatile sig_atomic_t *stop, mh_err *e)
{
    srv sv;
    memset(&sv, 0, sizeof sv);
    mh_serve_opts opts = *o;
    if (!opts.listen) opts.listen = "127.0.0.1:8080";
    if (!opts.threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        opts.threads = (unsigned)(n < 1 ? 1 : n > 16 ? 16 : n);
    }
    sv.o = &opts;
    mh_status st = MH_OK;
    struct MHD_Daemon *d = NULL;
    bool stores = false, jobs = false;
    mh_serve_addr addr;
    if ((st = mh_serve_addr_parse(opts.listen, &addr, e))) goto out;
    if (sodium_init() < 0) {
        st = mh_err_set(e, MH_E_INTERNAL, "libsodium failed to initialise");
        goto out;
    }
    snprintf(sv.db_path, sizeof sv.db_path, "%s", opts.db_path);
    mh_auth_policy_default(&sv.policy);
    if ((st = srv_store_init(&sv, e))) goto out;
    stores = true;
    size_t accounts = 0;
    if ((st = mh_auth_user_count(sv.stores[0].s, &accounts, e))) goto out;
    sv.local_mode = accounts == 0;
    if (sv.local_mode && !addr.loopback) {
        st = mh_err_set(e, MH_E_DENIED,
                        "refusing to listen on %s: the store has no user accounts yet, so anyone who could reach the "
                        "port would be the analyst. Listen on 127.0.0.1 (the default), or create accounts first "
                        "(docs/console.md)",
                        addr.host);
        goto out;
    }
    if (sv.local_mode) {
        unsigned char raw[24];
        randombytes_buf(raw, sizeof raw);
        sodium_bin2hex(sv.local_csrf, sizeof sv.local_csrf, raw, sizeof raw);
    }
    if ((st = mh_privacy_open(opts.db_path, &sv.priv, e))) goto out;
    if ((st = srv_jobs_init(&sv, e))) goto out;
    jobs = true;

    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
    const char *host = strcmp(addr.host, "localhost") == 0 ? "127.0.0.1" : addr.host;
    struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons(addr.port);
    } else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(addr.port);
        flags |= MHD_USE_IPv6;
    }
    d = MHD_start_daemon(flags, addr.port, NULL, NULL, on_request, &sv, MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                         MHD_OPTION_THREAD_POOL_SIZE, opts.threads, MHD_OPTION_NOTIFY_COMPLETED, on_completed, &sv,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_CONNECTION_LIMIT, (unsigned)512, MHD_OPTION_END);
    if (!d) {
        st = mh_err_set(e, MH_E_IO, "cannot listen on %s: the port may be in use or the address not local", opts.listen);
        goto out;
    }
    if (!opts.quiet) {
        fprintf(stderr, "molehunt serve: listening on http://%s%s%s:%u/ (%s)\n", strchr(addr.host, ':') ? "[" : "",
                addr.host, strchr(addr.host, ':') ? "]" : "", addr.port,
                sv.local_mode ? "no accounts: local analyst, pseudonymised data, loopback only"
                              : "accounts: sign in; use a TLS reverse proxy beyond this machine");
    }
    while (!*stop) usleep(200 * 1000);
out:
    if (d) MHD_stop_daemon(d);
    if (jobs) srv_jobs_fini(&sv);
    if (stores) srv_store_fini(&sv);
    if (sv.priv) mh_privacy_close(sv.priv);
    return st;
}
