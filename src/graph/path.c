/* The shortest chain of records linking two entities: a breadth-first walk over ties
 * (held at a date, when one is given) and, on request, over interactions (dated on or
 * before that date). Answers "how is this person connected to that officer?" with the
 * records that make each link. */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct step {
    uint32_t node, parent;
    uint32_t ref; /* tie index, or event index | EV_BIT */
    uint32_t depth;
} step;

#define EV_BIT 0x80000000u

mh_status g_event_adj(mh_graph *g, mh_err *e)
{
    if (g->eadj_off) return MH_OK;
    size_t n = g_nnodes(g), total = 0;
    for (size_t i = 0; i < g->nevents; i++) total += (size_t)g->events[i].nfrom + g->events[i].nto;
    if (total >= UINT32_MAX || g->nevents >= EV_BIT / 2)
        return mh_err_set(e, MH_E_NOMEM, "graph: too many event links (%zu) for a path index", total);
    uint32_t *off = calloc(n + 1, sizeof *off), *adj = malloc((total ? total : 1) * sizeof *adj),
             *fill = malloc((n ? n : 1) * sizeof *fill);
    if (!off || !adj || !fill) {
        free(off);
        free(adj);
        free(fill);
        return mh_err_set(e, MH_E_NOMEM, "graph: out of memory indexing events");
    }
    /* A dated tie is an event for the rules but a tie for walking: it links through ties only. */
    for (size_t i = 0; i < g->nevents; i++) {
        if (g_role_at(g->events[i].role)->flags & GR_TIE) continue;
        for (size_t k = 0; k < (size_t)g->events[i].nfrom + g->events[i].nto; k++) off[g->events[i].parts[k] + 1]++;
    }
    for (size_t i = 0; i < n; i++) off[i + 1] += off[i];
    memcpy(fill, off, n * sizeof *fill);
    for (size_t i = 0; i < g->nevents; i++) {
        const gevent *ev = &g->events[i];
        if (g_role_at(ev->role)->flags & GR_TIE) continue;
        for (size_t k = 0; k < (size_t)ev->nfrom + ev->nto; k++)
            adj[fill[ev->parts[k]]++] = (uint32_t)(i << 1 | (k >= ev->nfrom));
    }
    free(fill);
    g->eadj_off = off;
    g->eadj = adj;
    return MH_OK;
}

static bool push(step **s, size_t *n, size_t *cap, step x)
{
    if (*n == *cap) {
        step *ns = realloc(*s, (*cap *= 2) * sizeof **s);
        if (!ns) return false;
        *s = ns;
    }
    (*s)[(*n)++] = x;
    return true;
}

mh_status mh_graph_path(mh_graph *g, const char *a, const char *b, mh_time as_of, bool with_events, int max_depth,
                        mh_graph_hop_fn fn, void *ctx, mh_err *e)
{
    if (!g->finished) return mh_err_set(e, MH_E_USAGE, "graph: path asked before mh_graph_finish");
    uint32_t na = gi_find(&g->ids, a, strlen(a)), nb = gi_find(&g->ids, b, strlen(b));
    if (na == G_NONE) return mh_err_set(e, MH_E_NOTFOUND, "no entity '%s' in the records", a);
    if (nb == G_NONE) return mh_err_set(e, MH_E_NOTFOUND, "no entity '%s' in the records", b);
    mh_status st;
    if (with_events && (st = g_event_adj(g, e))) return st;
    size_t n = g_nnodes(g), ns = 0, cap = 64;
    uint32_t *at = malloc((n ? n : 1) * sizeof *at); /* node -> its step, G_NONE unseen */
    step *s = malloc(cap * sizeof *s);
    st = MH_OK;
    if (!at || !s) goto nomem;
    for (size_t i = 0; i < n; i++) at[i] = G_NONE;
    s[ns++] = (step){na, G_NONE, 0, 0};
    at[na] = 0;
    for (size_t qi = 0; qi < ns && at[nb] == G_NONE; qi++) {
        step cur = s[qi];
        if ((int)cur.depth >= max_depth) continue;
        for (uint32_t k = g->adj_off[cur.node]; k < g->adj_off[cur.node + 1]; k++) {
            const gtie *t = &g->ties[g->adj[k] >> 1];
            if (as_of != MH_TIME_NONE && (as_of < t->lo || as_of > t->hi)) continue;
            uint32_t u = g_tie_other(t, cur.node);
            if (at[u] != G_NONE) continue;
            at[u] = (uint32_t)ns;
            if (!push(&s, &ns, &cap, (step){u, (uint32_t)qi, g->adj[k] >> 1, cur.depth + 1})) goto nomem;
        }
        for (uint32_t k = with_events ? g->eadj_off[cur.node] : 0; with_events && k < g->eadj_off[cur.node + 1]; k++) {
            uint32_t ei = g->eadj[k] >> 1;
            const gevent *ev = &g->events[ei];
            if (as_of != MH_TIME_NONE && ev->ts > as_of) continue;
            bool receiver = g->eadj[k] & 1;
            /* The other side of the exchange, or fellow participants when there is none. */
            size_t lo = receiver ? 0 : ev->nfrom, hi = receiver ? ev->nfrom : (size_t)ev->nfrom + ev->nto;
            if (lo == hi) {
                lo = receiver ? ev->nfrom : 0;
                hi = receiver ? (size_t)ev->nfrom + ev->nto : ev->nfrom;
            }
            for (size_t j = lo; j < hi; j++) {
                uint32_t u = ev->parts[j];
                if (at[u] != G_NONE) continue;
                at[u] = (uint32_t)ns;
                if (!push(&s, &ns, &cap, (step){u, (uint32_t)qi, ei | EV_BIT, cur.depth + 1})) goto nomem;
            }
        }
    }
    if (at[nb] == G_NONE) {
        st = mh_err_set(e, MH_E_NOTFOUND, "no path from '%s' to '%s' within %d hops", a, b, max_depth);
        goto out;
    }
    /* Walk back from b, then report from a. */
    size_t hops = 0;
    for (uint32_t k = at[nb]; s[k].parent != G_NONE; k = s[k].parent) hops++;
    uint32_t *chain = malloc((hops ? hops : 1) * sizeof *chain);
    if (!chain) goto nomem;
    size_t h = hops;
    for (uint32_t k = at[nb]; s[k].parent != G_NONE; k = s[k].parent) chain[--h] = k;
    for (size_t i = 0; i < hops; i++) {
        const step *x = &s[chain[i]];
        uint32_t from = s[x->parent].node;
        mh_graph_hop hop = {g->ids.keys[from], g->ids.keys[x->node], NULL, NULL, NULL, MH_TIME_NONE, MH_TIME_NONE};
        if (x->ref & EV_BIT) {
            const gevent *ev = &g->events[x->ref & ~EV_BIT];
            const grole *r = g_role_at(ev->role);
            hop.label = r->category;
            hop.schema = r->schema;
            hop.edge_id = ev->id;
            hop.lo = hop.hi = ev->ts;
        } else {
            const gtie *t = &g->ties[x->ref];
            hop.label = g_tie_label(t, from);
            hop.schema = t->schema;
            hop.edge_id = t->id;
            hop.lo = t->lo == G_TMIN ? MH_TIME_NONE : t->lo;
            hop.hi = t->hi == G_TMAX ? MH_TIME_NONE : t->hi;
        }
        if (fn(ctx, &hop)) break;
    }
    free(chain);
    goto out;
nomem:
    st = mh_err_set(e, MH_E_NOMEM, "graph: out of memory finding a path");
out:
    free(at);
    free(s);
    return st;
}
