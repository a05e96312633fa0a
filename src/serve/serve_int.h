/* The serve module's private header: the server state shared by its files (store handles,
 * the cached graph and pseudonym index, the jobs), one request as the handlers see it, the
 * reply helpers and the route table's handler signature. Nothing here leaves src/serve. */
#ifndef MH_SERVE_INT_H
#define MH_SERVE_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include "molehunt/mh_auth.h"
#include "molehunt/mh_core.h"
#include "molehunt/mh_graph.h"
#include "molehunt/mh_json.h"
#include "molehunt/mh_privacy.h"
#include "molehunt/mh_serve.h"
#include "molehunt/mh_store.h"

#define SRV_MAX_BODY (1u << 20)  /* request bodies larger than this are refused (413) */
#define SRV_MAX_REPLY (64u << 20) /* a reply larger than this is a bug or an abuse: 500 */
#define SRV_MAX_STORES 32

typedef struct srv_store_slot {
    mh_store *s;
    bool busy;
} srv_store_slot;

typedef struct srv_person {
    char pseudo[MH_PSEUDONYM_LEN];
    char *id;
} srv_person;

typedef struct srv_jobs srv_jobs; /* jobs.c */

typedef struct srv {
    const mh_serve_opts *o;
    char db_path[1024];
    mh_privacy *priv;
    mh_auth_policy policy;
    bool local_mode;        /* no accounts: the local analyst, loopback only */
    char local_csrf[80];    /* the CSRF token of local mode (one per server run) */

    pthread_mutex_t store_mu;
    pthread_cond_t store_cv;
    srv_store_slot stores[SRV_MAX_STORES];
    size_t nstores;

    /* Things derived from the store, rebuilt when `generation` moves on (a job changed
     * the store). Guarded by cache_mu; the graph is used under it too, since its
     * export and path calls keep scratch state inside the graph. */
    pthread_mutex_t cache_mu;
    atomic_uint generation;
    _Atomic uint64_t stamp; /* what the store looked like at the last request (srv_store_notice) */
    unsigned graph_gen, people_gen;
    mh_graph *graph;
    void *watch;            /* mh_watch *, or NULL when no watch lists are loaded */
    srv_person *people;     /* sorted by pseudonym */
    size_t npeople;
    /* The stored people's names, to take out of free text. Read-locked while a reply is
     * scrubbed (requests scrub side by side), write-locked to read them again; a lock of
     * their own, since text is scrubbed while cache_mu is held too (order: cache_mu, then
     * names_lock). */
    pthread_rwlock_t names_lock;
    int64_t names_rid;      /* the highest entity row when they were read: an ingest by
                             * the CLI beside the server moves it, not only a job */
    mh_privacy_names *names;

    srv_jobs *jobs;
} srv;

/* One request as handlers see it. */
typedef struct srv_req {
    srv *sv;
    const char *method, *url;
    const char *params[4];  /* path parameters captured by the route ({p}, {id}, ...) */
    size_t nparams;
    const char *body;       /* NUL-terminated; "" when none */
    size_t body_len;
    void *conn;             /* struct MHD_Connection * */
    const char *client;     /* the peer's address, for the audit trail */
    mh_auth_session sess;   /* the caller (role MH_ROLE_NONE: no session) */
    bool has_session;
    mh_store *store;        /* a handle of the pool, for this request only */
    bool names_checked;     /* names_rid below was read from the store for this request */
    int64_t names_rid;      /* the highest entity row this request saw */
    mh_arena arena;         /* freed after the reply */

    /* the reply */
    unsigned status;
    mh_buf out;
    const char *content_type;
    char set_cookie[2][256];
    int ncookies;
} srv_req;

typedef void (*srv_handler)(srv_req *r);

/* reply.c: JSON replies. Every error is {"error":{"status":N,"code":"...","message":"..."}}
 * with a message a person can act on. */
void srv_reply_error(srv_req *r, unsigned status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void srv_reply_mh_err(srv_req *r, const mh_err *e);
void srv_json_str(mh_buf *b, const char *s);
void srv_json_strn(mh_buf *b, const char *s, size_t n);
/* The query-string argument NAME, or NULL. */
const char *srv_arg(srv_req *r, const char *name);
/* Parses the request body as a JSON object into *out (in the request's arena); replies
 * 400 and returns false when it is not one. */
bool srv_body_json(srv_req *r, mh_jv *out);
/* A string member of OBJ copied into the request's arena, or NULL (absent, or not a string). */
const char *srv_jstr(srv_req *r, const mh_jv *obj, const char *key);
/* Wall-clock time in ms. */
mh_time srv_now(void);

/* store.c: the pool of store handles (one per concurrent request) and the caches. */
mh_status srv_store_init(srv *sv, mh_err *e);
void srv_store_fini(srv *sv);
mh_store *srv_store_get(srv *sv, mh_err *e);
void srv_store_put(srv *sv, mh_store *s);
/* Marks every cache stale when the store changed since the last request — records,
 * events or detection results written by anyone, the CLI beside the server included —
 * and notes the entity watermark R's name scrubbing compares with. */
void srv_store_notice(srv_req *r);
/* Marks every cache stale (after a job wrote to the store). */
void srv_cache_invalidate(srv *sv);
/* Locks cache_mu and returns the graph (loaded or reloaded as needed); NULL with E set on
 * failure (unlocked then). Release with srv_graph_release. */
mh_graph *srv_graph_acquire(srv *sv, mh_store *s, mh_err *e);
void srv_graph_release(srv *sv);

/* people.c: pseudonyms. */
void srv_pseudo(srv *sv, const char *id, char out[MH_PSEUDONYM_LEN]);
/* The entity id of the scored person with pseudonym P, copied into the request's arena;
 * NULL (and a 404 reply) when none. */
const char *srv_person_resolve(srv_req *r, const char *p);
/* Writes TEXT with every token that looks like an entity id ("p-a0561fe2dd8ec5e2",
 * "debt-1a49...") and every stored person's name in it ("Candace Claiborne") replaced by
 * the pseudonym, as a JSON string. When the names cannot be read the text is withheld,
 * never sent as it is. */
void srv_json_scrubbed(srv_req *r, mh_buf *b, const char *text, size_t n);
/* Writes the JSON value V with identifying strings (names, e-mail addresses, user and
 * entity ids, keyed by name or shape) replaced by pseudonyms and other text scrubbed. */
void srv_json_scrub_value(srv_req *r, mh_buf *b, const mh_jv *v);

/* session.c: who is calling. */
void srv_session_load(srv_req *r);
/* True when the request carries the session's CSRF token (replies 403 otherwise). */
bool srv_csrf_check(srv_req *r);
/* Appends an audit entry as the caller; failures are logged to stderr, never fatal. */
void srv_audit(srv_req *r, const char *action, const char *object, const char *detail);

/* The handlers (api_*.c). */
void api_session_get(srv_req *r);
void api_session_login(srv_req *r);
void api_session_logout(srv_req *r);
void api_queue(srv_req *r);
void api_person(srv_req *r);
void api_person_timeline(srv_req *r);
void api_person_graph(srv_req *r);
void api_person_reveal(srv_req *r);
void api_rules_list(srv_req *r);
void api_rules_run(srv_req *r);
void api_cases_list(srv_req *r);
void api_case_get(srv_req *r);
void api_case_open(srv_req *r);
void api_case_action(srv_req *r);
void api_jobs_list(srv_req *r);
void api_job_get(srv_req *r);
void api_job_start(srv_req *r);
void api_job_cancel(srv_req *r);
void api_audit_list(srv_req *r);
void api_audit_verify(srv_req *r);
void api_users_list(srv_req *r);
void api_user_add(srv_req *r);
void api_user_change(srv_req *r);
void api_guidelines(srv_req *r);

/* jobs.c */
mh_status srv_jobs_init(srv *sv, mh_err *e);
void srv_jobs_fini(srv *sv);

/* routes.c */
typedef struct srv_route {
    const char *method;
    const char *pattern; /* "/api/v1/people/{}/graph": {} matches one path segment */
    unsigned roles;      /* bit (1 << mh_role) for each role allowed; 0: anyone, even without a session */
    bool csrf;           /* state-changing: needs X-CSRF-Token */
    srv_handler fn;
} srv_route;
extern const srv_route srv_routes[];
/* Finds the route for METHOD and PATH, capturing {} segments into r->params. *path_known
 * is set when PATH matches a route under another method (405 rather than 404). */
const srv_route *srv_route_find(srv_req *r, const char *path, bool *path_known);
#define SRV_ROLE(x) (1u << (x))

#include "assets.h"

#endif
