/* The watch-list step of enrichment: every stored watch-list entity in an mh_match
 * index, offered to the graph as its counterparty matcher. */
#include "detect_int.h"

#include <stdlib.h>

#include "molehunt/mh_match.h"

struct mh_watch {
    mh_match_index *ix;
    mh_match_searcher *s;
    mh_err *e;
};

static int on_watch_entity(void *ctx, const mh_entity *ent)
{
    mh_watch *w = ctx;
    return mh_match_index_add(w->ix, ent, NULL, w->e) != MH_OK;
}

bool mh_watch_match(void *ctx, const mh_entity *party, mh_graph_watch_hit *hit)
{
    mh_watch *w = ctx;
    if (!w || !w->s) return false;
    mh_match_hits hits = {0};
    mh_match_opts o = {.threshold = MH_MATCH_SHOW, .limit = 1};
    mh_err e;
    mh_err_clear(&e);
    if (mh_match_search_entity(w->s, party, &o, &hits, &e) || hits.n == 0) return false;
    hit->score = hits.v[0].score;
    hit->entity = hits.v[0].entity_id;
    return true;
}

mh_status mh_watch_open(mh_store *s, mh_watch **out, mh_err *e)
{
    *out = NULL;
    mh_watch *w = calloc(1, sizeof *w);
    if (!w) return mh_err_set(e, MH_E_NOMEM, "out of memory");
    w->e = e;
    mh_status st = mh_match_index_new(&w->ix, e);
    if (!st) st = mh_store_watchlist_each(s, NULL, on_watch_entity, w, e);
    if (!st) st = mh_match_index_build(w->ix, e);
    if (!st && mh_match_index_count(w->ix) > 0) st = mh_match_searcher_new(w->ix, &w->s, e);
    if (st || !w->s) {
        mh_watch_close(w);
        return st;
    }
    *out = w;
    return MH_OK;
}

void mh_watch_close(mh_watch *w)
{
    if (!w) return;
    mh_match_searcher_free(w->s);
    mh_match_index_free(w->ix);
    free(w);
}
