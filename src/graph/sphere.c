/* One covered person's sphere as of a date: a breadth-first walk over the ties in reach
 * that hold at that date, so each member comes with its shortest path and the interval
 * over which that path holds. This is the on-demand view (`molehunt sphere`); bulk
 * enrichment uses the inverted index of sphere_index.c instead. */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct visit {
    uint32_t node, parent;
    const char *label;
    int depth;
    mh_time lo, hi;
} visit;

static bool is_hub(const mh_graph *g, const mh_graph_reach *r, uint32_t v)
{
    if (r == &g->reach) return g->nodes[v].flags & GN_HUB;
    if (!r->max_fanout) return false;
    size_t deg = 0;
    for (uint32_t k = g->adj_off[v]; k < g->adj_off[v + 1]; k++) deg += g_reach_match(r, &g->ties[g->adj[k] >> 1]);
    return deg > r->max_fanout;
}

static bool path_of(const visit *vs, uint32_t i, mh_buf *b)
{
    const char *labels[64];
    int n = 0;
    for (uint32_t k = i; vs[k].parent != G_NONE && n < 64; k = vs[k].parent) labels[n++] = vs[k].label;
    mh_buf_reset(b);
    if (n == 0) return mh_buf_puts(b, "self");
    bool ok = true;
    for (int k = n - 1; ok && k >= 0; k--) ok = (k == n - 1 || mh_buf_putc(b, '>')) && mh_buf_puts(b, labels[k]);
    return ok;
}

mh_status mh_graph_sphere(const mh_graph *g, const char *person, mh_time as_of, const mh_graph_reach *reach,
                          mh_graph_member_fn fn, void *ctx, mh_err *e)
{
    if (!g->finished) return mh_err_set(e, MH_E_USAGE, "graph: sphere asked before mh_graph_finish");
    const mh_graph_reach *r = reach ? reach : &g->reach;
    uint32_t p = gi_find(&g->ids, person, strlen(person));
    if (p == G_NONE || !g->nodes[p].schema) return mh_err_set(e, MH_E_NOTFOUND, "no entity '%s' in the records", person);
    mh_status st = MH_OK;
    size_t n = g_nnodes(g), nv = 0, cap = 64;
    uint8_t *seen = calloc(n, 1);
    visit *vs = malloc(cap * sizeof *vs);
    mh_buf path;
    mh_buf_init(&path, 1 << 16);
    if (!seen || !vs) {
        st = mh_err_set(e, MH_E_NOMEM, "graph: out of memory walking the sphere of %s", person);
        goto out;
    }
    vs[nv++] = (visit){p, G_NONE, NULL, 0, G_TMIN, G_TMAX};
    seen[p] = 1;
    for (size_t qi = 0; qi < nv; qi++) {
        visit v = vs[qi];
        if (v.depth >= r->depth || (v.depth > 0 && is_hub(g, r, v.node))) continue;
        for (uint32_t k = g->adj_off[v.node]; k < g->adj_off[v.node + 1]; k++) {
            const gtie *t = &g->ties[g->adj[k] >> 1];
            if (!(r == &g->reach ? t->reach : g_reach_match(r, t))) continue;
            if (as_of != MH_TIME_NONE && (as_of < t->lo || as_of > t->hi)) continue;
            uint32_t u = g_tie_other(t, v.node);
            if (seen[u]) continue;
            seen[u] = 1;
            if (nv == cap) {
                visit *nvs = realloc(vs, (cap *= 2) * sizeof *vs);
                if (!nvs) {
                    st = mh_err_set(e, MH_E_NOMEM, "graph: out of memory walking the sphere of %s", person);
                    goto out;
                }
                vs = nvs;
            }
            vs[nv++] = (visit){u, (uint32_t)qi, g_tie_label(t, v.node), v.depth + 1, MH_MAX(v.lo, t->lo),
                               MH_MIN(v.hi, t->hi)};
        }
    }
    for (size_t i = 0; i < nv; i++) {
        if (!path_of(vs, (uint32_t)i, &path)) {
            st = mh_err_set(e, MH_E_NOMEM, "graph: a sphere path is too long");
            goto out;
        }
        const gnode *nd = &g->nodes[vs[i].node];
        mh_graph_member m = {g->ids.keys[vs[i].node], nd->name, nd->schema, path.data, vs[i].depth,
                             vs[i].lo == G_TMIN ? MH_TIME_NONE : vs[i].lo, vs[i].hi == G_TMAX ? MH_TIME_NONE : vs[i].hi};
        if (fn(ctx, &m)) break;
    }
out:
    free(seen);
    free(vs);
    mh_buf_free(&path);
    return st;
}
