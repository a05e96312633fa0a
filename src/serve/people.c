/* Pseudonyms in and out of the API. Responses name every person by keyed pseudonym;
 * requests name them the same way, so the server keeps an index from pseudonym back to
 * the scored person's id (rebuilt when a job changes the scores). Free text from the
 * store (alert details, evidence summaries, analysts' notes) may mention entity ids and
 * people's names, which are replaced by pseudonyms before the text leaves the server. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_int.h"

void srv_pseudo(srv *sv, const char *id, char out[MH_PSEUDONYM_LEN]) { mh_privacy_pseudonym(sv->priv, id, out); }

typedef struct collect {
    srv *sv;
    srv_person *v;
    size_t n, cap;
    bool oom;
} collect;

static int on_score(void *ctx, const mh_score_rec *rec)
{
    collect *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        srv_person *nv = realloc(c->v, cap * sizeof *nv);
        if (!nv) return c->oom = true, 1;
        c->v = nv, c->cap = cap;
    }
    srv_person *p = &c->v[c->n];
    p->id = strdup(rec->person);
    if (!p->id) return c->oom = true, 1;
    srv_pseudo(c->sv, rec->person, p->pseudo);
    c->n++;
    return 0;
}

static int by_pseudo(const void *a, const void *b)
{
    return strcmp(((const srv_person *)a)->pseudo, ((const srv_person *)b)->pseudo);
}

/* Rebuilds the index when stale; called with cache_mu held. */
static mh_status refresh(srv *sv, mh_store *s, mh_err *e)
{
    unsigned gen = atomic_load(&sv->generation);
    if (sv->people && sv->people_gen == gen) return MH_OK;
    collect c = {.sv = sv};
    if (mh_store_scores_each(s, NULL, on_score, &c, e) || c.oom) {
        for (size_t i = 0; i < c.n; i++) free(c.v[i].id);
        free(c.v);
        return c.oom ? mh_err_set(e, MH_E_NOMEM, "out of memory indexing pseudonyms") : e->code;
    }
    qsort(c.v, c.n, sizeof *c.v, by_pseudo);
    for (size_t i = 0; i < sv->npeople; i++) free(sv->people[i].id);
    free(sv->people);
    sv->people = c.v ? c.v : calloc(1, sizeof *c.v);
    sv->npeople = c.n;
    sv->people_gen = gen;
    return MH_OK;
}

const char *srv_person_resolve(srv_req *r, const char *p)
{
    srv *sv = r->sv;
    mh_err e;
    mh_err_clear(&e);
    const char *found = NULL;
    pthread_mutex_lock(&sv->cache_mu);
    if (refresh(sv, r->store, &e)) {
        pthread_mutex_unlock(&sv->cache_mu);
        srv_reply_mh_err(r, &e);
        return NULL;
    }
    size_t lo = 0, hi = sv->npeople;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(sv->people[mid].pseudo, p);
        if (c == 0) {
            found = mh_arena_strndup(&r->arena, sv->people[mid].id, strlen(sv->people[mid].id));
            break;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    pthread_mutex_unlock(&sv->cache_mu);
    if (!found)
        srv_reply_error(r, 404, "notfound",
                        "no scored person has the pseudonym \"%.40s\"; pick one from the queue (GET /api/v1/queue)", p);
    return found;
}

typedef struct names_ctx {
    srv *sv;
    mh_privacy_names *n;
    mh_err *e;
} names_ctx;

static int on_named(void *vctx, const mh_entity *ent)
{
    names_ctx *c = vctx;
    char ps[MH_PSEUDONYM_LEN];
    srv_pseudo(c->sv, ent->id, ps);
    return mh_privacy_names_add_person(c->n, ent, ps, c->e) ? 1 : 0;
}

/* Reads the names of every stored person and account again; called with names_lock
 * write-locked. False (and a line on stderr) when they cannot be read. */
static bool names_reread(srv_req *r)
{
    srv *sv = r->sv;
    mh_err e;
    mh_err_clear(&e);
    names_ctx c = {sv, NULL, &e};
    if (mh_privacy_names_new(&c.n, &e) || mh_store_entities_each(r->store, "Person", on_named, &c, &e) ||
        mh_store_entities_each(r->store, "UserAccount", on_named, &c, &e)) {
        fprintf(stderr, "molehunt serve: cannot read people's names to scrub text: %s\n", e.msg);
        mh_privacy_names_free(c.n);
        return false;
    }
    mh_privacy_names_free(sv->names);
    sv->names = c.n;
    sv->names_rid = r->names_rid;
    return true;
}

/* The names, read-locked (release with names_release), as of the store this request sees:
 * entities stored or changed since they were read (by a job, or the CLI beside the
 * server) have them read again. NULL, unlocked, when they cannot be had. */
static const mh_privacy_names *names_hold(srv_req *r)
{
    srv *sv = r->sv;
    if (!r->names_checked) { /* once per request, outside the lock */
        mh_err e;
        mh_err_clear(&e);
        int64_t evt;
        if (mh_store_watermark(r->store, &r->names_rid, &evt, &e)) {
            fprintf(stderr, "molehunt serve: cannot check the store for new names: %s\n", e.msg);
            return NULL;
        }
        r->names_checked = true;
    }
    pthread_rwlock_rdlock(&sv->names_lock);
    if (sv->names && sv->names_rid == r->names_rid) return sv->names;
    pthread_rwlock_unlock(&sv->names_lock);
    pthread_rwlock_wrlock(&sv->names_lock);
    bool ok = (sv->names && sv->names_rid == r->names_rid) || names_reread(r);
    pthread_rwlock_unlock(&sv->names_lock);
    if (!ok) return NULL;
    pthread_rwlock_rdlock(&sv->names_lock);
    if (sv->names) return sv->names; /* as read for this request, or newer */
    pthread_rwlock_unlock(&sv->names_lock);
    return NULL;
}

static void names_release(srv *sv) { pthread_rwlock_unlock(&sv->names_lock); }

void srv_json_scrubbed(srv_req *r, mh_buf *b, const char *text, size_t n)
{
    if (!text) {
        mh_buf_puts(b, "null");
        return;
    }
    mh_buf t;
    mh_buf_init(&t, 0);
    const mh_privacy_names *names = names_hold(r);
    bool ok = names && mh_privacy_scrub_text_json(r->sv->priv, names, text, n, &t);
    if (names) names_release(r->sv);
    if (ok) mh_buf_append(b, t.data, t.len);
    else srv_json_str(b, "(text withheld: the names in it could not be checked)");
    mh_buf_free(&t);
}

void srv_json_scrub_value(srv_req *r, mh_buf *b, const mh_jv *v)
{
    mh_buf t;
    mh_buf_init(&t, 0);
    const mh_privacy_names *names = names_hold(r);
    bool ok = names && mh_privacy_scrub_json(r->sv->priv, names, v, &t);
    if (names) names_release(r->sv);
    if (ok) mh_buf_append(b, t.data, t.len);
    else srv_json_str(b, "(withheld: the names in it could not be checked)");
    mh_buf_free(&t);
}
