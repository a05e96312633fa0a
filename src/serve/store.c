/* Store handles and the caches built from the store. SQLite handles are not shared
 * between threads, so each request borrows one from a small pool (WAL lets readers run
 * while a job writes through its own handle). The graph and the pseudonym index are
 * costly to build, so they are kept and rebuilt only after a job has changed the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_detect.h"
#include "molehunt/mh_score.h"
#include "serve_int.h"

mh_status srv_store_init(srv *sv, mh_err *e)
{
    pthread_mutex_init(&sv->store_mu, NULL);
    pthread_cond_init(&sv->store_cv, NULL);
    pthread_mutex_init(&sv->cache_mu, NULL);
    pthread_rwlock_init(&sv->names_lock, NULL);
    atomic_init(&sv->generation, 1);
    atomic_init(&sv->stamp, 0);
    sv->nstores = MH_MIN((size_t)SRV_MAX_STORES, (size_t)sv->o->threads + 2);
    /* Open one handle now, so a bad path fails before the server listens. */
    mh_store *s;
    if (mh_store_open(sv->db_path, &s, e)) return e->code;
    sv->stores[0].s = s;
    return MH_OK;
}

void srv_store_fini(srv *sv)
{
    for (size_t i = 0; i < sv->nstores; i++)
        if (sv->stores[i].s) mh_store_close(sv->stores[i].s);
    if (sv->graph) mh_graph_free(sv->graph);
    if (sv->watch) mh_watch_close(sv->watch);
    for (size_t i = 0; i < sv->npeople; i++) free(sv->people[i].id);
    free(sv->people);
    mh_privacy_names_free(sv->names);
    pthread_rwlock_destroy(&sv->names_lock);
    pthread_mutex_destroy(&sv->store_mu);
    pthread_cond_destroy(&sv->store_cv);
    pthread_mutex_destroy(&sv->cache_mu);
}

mh_store *srv_store_get(srv *sv, mh_err *e)
{
    pthread_mutex_lock(&sv->store_mu);
    size_t slot;
    for (;;) {
        for (slot = 0; slot < sv->nstores; slot++)
            if (!sv->stores[slot].busy) break;
        if (slot < sv->nstores) break;
        pthread_cond_wait(&sv->store_cv, &sv->store_mu);
    }
    sv->stores[slot].busy = true;
    pthread_mutex_unlock(&sv->store_mu);
    if (!sv->stores[slot].s && mh_store_open(sv->db_path, &sv->stores[slot].s, e)) {
        pthread_mutex_lock(&sv->store_mu);
        sv->stores[slot].busy = false;
        pthread_cond_signal(&sv->store_cv);
        pthread_mutex_unlock(&sv->store_mu);
        return NULL;
    }
    return sv->stores[slot].s;
}

void srv_store_put(srv *sv, mh_store *s)
{
    if (!s) return;
    pthread_mutex_lock(&sv->store_mu);
    for (size_t i = 0; i < sv->nstores; i++)
        if (sv->stores[i].s == s) sv->stores[i].busy = false;
    pthread_cond_signal(&sv->store_cv);
    pthread_mutex_unlock(&sv->store_mu);
}

void srv_cache_invalidate(srv *sv) { atomic_fetch_add(&sv->generation, 1); }

void srv_store_notice(srv_req *r)
{
    srv *sv = r->sv;
    mh_store *s = r->store;
    int64_t ent, evt;
    bool found = false;
    mh_err e;
    mh_err_clear(&e);
    mh_buf st;
    mh_buf_init(&st, 0);
    if (mh_store_watermark(s, &ent, &evt, &e) || mh_store_state_get(s, MH_PIPELINE_STATE_KEY, &st, &found, &e)) {
        mh_buf_free(&st);
        srv_cache_invalidate(sv); /* cannot tell: do not trust the caches */
        return;
    }
    r->names_rid = ent, r->names_checked = true; /* what the name scrubber compares with */
    uint64_t stamp = mh_hash64(&ent, sizeof ent, 1) ^ mh_hash64(&evt, sizeof evt, 2) ^
                     (found && st.data ? mh_hash64(st.data, st.len, 3) : 0);
    mh_buf_free(&st);
    if (atomic_exchange(&sv->stamp, stamp) != stamp) srv_cache_invalidate(sv);
}

mh_graph *srv_graph_acquire(srv *sv, mh_store *s, mh_err *e)
{
    pthread_mutex_lock(&sv->cache_mu);
    unsigned gen = atomic_load(&sv->generation);
    if (sv->graph && sv->graph_gen == gen) return sv->graph;
    if (sv->graph) mh_graph_free(sv->graph), sv->graph = NULL;
    if (sv->watch) mh_watch_close(sv->watch), sv->watch = NULL;
    mh_watch *w = NULL;
    if (mh_watch_open(s, &w, e)) goto fail;
    sv->watch = w;
    mh_graph_opts go = {.home_org = NULL, .watch = w ? mh_watch_match : NULL, .watch_ctx = w};
    if (mh_graph_load(s, &go, &sv->graph, e)) goto fail;
    sv->graph_gen = gen;
    return sv->graph;
fail:
    sv->graph = NULL;
    pthread_mutex_unlock(&sv->cache_mu);
    return NULL;
}

void srv_graph_release(srv *sv) { pthread_mutex_unlock(&sv->cache_mu); }
