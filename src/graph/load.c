/* Loading the graph from the store in one pass over every stored entity, then freezing
 * it. The store hands entities out in id order, so ties often arrive before the people
 * they join; the graph creates referenced nodes on first sight and fills them later. */
#include "graph_int.h"

typedef struct loader {
    mh_graph *g;
    mh_err *e;
    mh_status st;
} loader;

static int on_entity(void *ctx, const mh_entity *ent)
{
    loader *l = ctx;
    l->st = mh_graph_add(l->g, ent, l->e);
    return l->st != MH_OK;
}

mh_status mh_graph_load(mh_store *s, const mh_graph_opts *o, mh_graph **out, mh_err *e)
{
    *out = NULL;
    mh_graph *g = mh_graph_new();
    if (!g) return mh_err_set(e, MH_E_NOMEM, "graph: out of memory");
    loader l = {g, e, MH_OK};
    mh_status st = mh_store_entities_each(s, NULL, on_entity, &l, e);
    if (!st) st = l.st;
    if (!st) st = mh_graph_finish(g, o, e);
    if (st) {
        mh_graph_free(g);
        return st;
    }
    *out = g;
    return MH_OK;
}
