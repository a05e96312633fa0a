/* Freezing the graph: the adjacency of every node as one CSR array (offsets per node
 * into a flat list of tie references, in insertion order), the reach flag of each tie,
 * the hubs the reach will not cross, the covered persons, the inverted sphere index and
 * the time order of the events. After this the graph only answers questions. */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct ev_key {
    mh_time ts;
    const char *id;
    uint32_t idx;
} ev_key;

static int by_time(const void *x, const void *y)
{
    const ev_key *a = x, *b = y;
    if (a->ts != b->ts) return a->ts < b->ts ? -1 : 1;
    int c = strcmp(a->id, b->id);
    return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

static mh_status build_adjacency(mh_graph *g, mh_err *e)
{
    size_t n = g_nnodes(g);
    g->adj_off = calloc(n + 1, sizeof *g->adj_off);
    g->adj = malloc((g->nties ? 2 * g->nties : 1) * sizeof *g->adj);
    if (!g->adj_off || !g->adj) return mh_err_set(e, MH_E_NOMEM, "graph: out of memory building adjacency");
    if (2 * g->nties >= UINT32_MAX) return mh_err_set(e, MH_E_NOMEM, "graph: too many ties (%zu)", g->nties);
    for (size_t i = 0; i < g->nties; i++) {
        g->adj_off[g->ties[i].a + 1]++;
        g->adj_off[g->ties[i].b + 1]++;
    }
    for (size_t i = 0; i < n; i++) g->adj_off[i + 1] += g->adj_off[i];
    uint32_t *fill = malloc((n ? n : 1) * sizeof *fill);
    if (!fill) return mh_err_set(e, MH_E_NOMEM, "graph: out of memory building adjacency");
    memcpy(fill, g->adj_off, n * sizeof *fill);
    for (size_t i = 0; i < g->nties; i++) {
        g->adj[fill[g->ties[i].a]++] = (gadj)(i << 1);
        g->adj[fill[g->ties[i].b]++] = (gadj)(i << 1 | 1);
    }
    free(fill);
    return MH_OK;
}

static void mark_reach(mh_graph *g)
{
    size_t n = g_nnodes(g);
    for (size_t i = 0; i < g->nties; i++) g->ties[i].reach = g_reach_match(&g->reach, &g->ties[i]);
    g->hubs = 0;
    for (size_t v = 0; v < n; v++) {
        g->nodes[v].flags &= ~(uint32_t)GN_HUB;
        if (!g->reach.max_fanout) continue;
        size_t deg = 0;
        for (uint32_t k = g->adj_off[v]; k < g->adj_off[v + 1]; k++) deg += g->ties[g->adj[k] >> 1].reach;
        if (deg > g->reach.max_fanout) {
            g->nodes[v].flags |= GN_HUB;
            g->hubs++;
        }
    }
}

static mh_status order_events(mh_graph *g, mh_err *e)
{
    g->order = malloc((g->nevents ? g->nevents : 1) * sizeof *g->order);
    ev_key *k = malloc((g->nevents ? g->nevents : 1) * sizeof *k);
    if (!g->order || !k) {
        free(k);
        return mh_err_set(e, MH_E_NOMEM, "graph: out of memory ordering %zu events", g->nevents);
    }
    for (size_t i = 0; i < g->nevents; i++) k[i] = (ev_key){g->events[i].ts, g->events[i].id, (uint32_t)i};
    if (g->nevents) qsort(k, g->nevents, sizeof *k, by_time);
    for (size_t i = 0; i < g->nevents; i++) g->order[i] = k[i].idx;
    free(k);
    return MH_OK;
}

/* user.id keys: usernames (and e-mails) of accounts map to the account's owner; a
 * Person's e-mails and id map to the person. */
static mh_status index_users(mh_graph *g, mh_err *e)
{
    size_t n = g_nnodes(g);
    for (uint32_t v = 0; v < n; v++) {
        const gnode *nd = &g->nodes[v];
        if (!nd->schema) continue;
        bool account = strcmp(nd->schema, "UserAccount") == 0, person = strcmp(nd->schema, "Person") == 0;
        if (!account && !person) continue;
        uint32_t owner = v;
        if (account) {
            const char *o = g_first(&nd->ent, "owner");
            owner = o ? gi_find(&g->ids, o, strlen(o)) : G_NONE;
            if (owner == G_NONE) continue;
        }
        static const char *const keys[] = {"username", "email"};
        for (size_t k = 0; k < MH_ARRAY_LEN(keys) + 1; k++) {
            const mh_prop *p = k < MH_ARRAY_LEN(keys) ? g_prop(&nd->ent, keys[k]) : NULL;
            size_t nv = k < MH_ARRAY_LEN(keys) ? (p ? p->nvals : 0) : (person ? 1 : 0);
            for (size_t j = 0; j < nv; j++) {
                const char *key = p ? p->vals[j] : g->ids.keys[v];
                if (!key || !*key) continue;
                uint32_t u = gi_put(&g->users, key, strlen(key));
                if (u == G_NONE) return mh_err_set(e, MH_E_NOMEM, "graph: out of memory indexing accounts");
                if (u >= g->ucap) {
                    size_t cap = g->ucap ? g->ucap * 2 : 1024;
                    while (cap <= u) cap *= 2;
                    uint32_t *un = realloc(g->user_node, cap * sizeof *un);
                    if (!un) return mh_err_set(e, MH_E_NOMEM, "graph: out of memory indexing accounts");
                    for (size_t z = g->ucap; z < cap; z++) un[z] = G_NONE;
                    g->user_node = un;
                    g->ucap = cap;
                }
                /* An account's username wins over a person's e-mail of the same text. */
                if (g->user_node[u] == G_NONE || account) g->user_node[u] = owner;
            }
        }
    }
    return MH_OK;
}

mh_status mh_graph_finish(mh_graph *g, const mh_graph_opts *o, mh_err *e)
{
    static const mh_graph_opts none = {0};
    if (!o) o = &none;
    if (g->finished) return mh_err_set(e, MH_E_USAGE, "graph: mh_graph_finish called twice");
    g->reach = o->reach ? *o->reach : *mh_graph_reach_default();
    if (g->reach.depth < 0) return mh_err_set(e, MH_E_USAGE, "graph: reach depth %d is negative", g->reach.depth);
    g->watch = o->watch;
    g->watch_ctx = o->watch_ctx;
    mh_status st;
    if ((st = g_covered_find(g, o->home_org, e))) return st;
    if ((st = build_adjacency(g, e))) return st;
    mark_reach(g);
    if ((st = index_users(g, e))) return st;
    if ((st = order_events(g, e))) return st;
    if (!o->no_index && (st = g_index_build(g, e))) return st;
    g->finished = true;
    return MH_OK;
}

void mh_graph_stats_get(const mh_graph *g, mh_graph_stats *st)
{
    memset(st, 0, sizeof *st);
    st->nodes = g_nnodes(g);
    st->ties = g->nties;
    st->events = g->nevents;
    st->covered = g->ncovered;
    st->sphere_entries = g->nsph;
    st->undated = g->undated;
    st->hubs = g->hubs;
}
