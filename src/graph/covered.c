/* Who the program protects: the home organisation (named by the caller, or the bodies
 * tagged molehunt.home — an agency's records may name several, e.g. a department and
 * its bureaux) and the covered persons — anyone with an Employment at one, or with a
 * Clearance. Covered-ness is not cut to the employment's dates: events before
 * hiring (APPLICANT) and after leaving (REGAIN) still count toward the person. */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct keyed {
    const char *key;
    uint32_t node;
} keyed;

static int by_key(const void *x, const void *y) { return strcmp(((const keyed *)x)->key, ((const keyed *)y)->key); }

mh_status g_covered_find(mh_graph *g, const char *home_org, mh_err *e)
{
    size_t n = g_nnodes(g);
    g->home = G_NONE;
    g->home_named = home_org && *home_org;
    if (home_org && *home_org) {
        g->home = gi_find(&g->ids, home_org, strlen(home_org));
        if (g->home == G_NONE || !g->nodes[g->home].schema)
            return mh_err_set(e, MH_E_NOTFOUND, "graph: the home organisation '%s' is not in the records", home_org);
    } else {
        for (uint32_t i = 0; i < n; i++) {
            if (!(g->nodes[i].flags & GN_HOME_TAG)) continue;
            if (g->home == G_NONE || strcmp(g->ids.keys[i], g->ids.keys[g->home]) < 0) g->home = i;
        }
    }
    g->home_country = NULL;
    if (g->home != G_NONE) {
        const mh_entity *he = &g->nodes[g->home].ent;
        g->home_country = g_first(he, "country");
        if (!g->home_country) g->home_country = g_first(he, "jurisdiction");
    }
    for (uint32_t i = 0; i < n; i++) g->nodes[i].flags &= ~(uint32_t)GN_COVERED;
    for (size_t i = 0; i < g->nclear; i++) g->nodes[g->clearance_holders[i]].flags |= GN_COVERED;
    if (g->home != G_NONE) {
        bool named = home_org && *home_org;
        for (size_t i = 0; i < g->nties; i++) {
            const gtie *t = &g->ties[i];
            bool home = t->b == g->home || (!named && (g->nodes[t->b].flags & GN_HOME_TAG));
            if (home && strcmp(t->schema, "Employment") == 0) g->nodes[t->a].flags |= GN_COVERED;
        }
    }
    free(g->covered);
    g->ncovered = 0;
    g->covered = malloc((n ? n : 1) * sizeof *g->covered);
    if (!g->covered) return mh_err_set(e, MH_E_NOMEM, "graph: out of memory listing covered persons");
    keyed *k = malloc((n ? n : 1) * sizeof *k);
    if (!k) return mh_err_set(e, MH_E_NOMEM, "graph: out of memory listing covered persons");
    for (uint32_t i = 0; i < n; i++)
        if (g->nodes[i].flags & GN_COVERED) k[g->ncovered++] = (keyed){g->ids.keys[i], i};
    qsort(k, g->ncovered, sizeof *k, by_key);
    for (size_t i = 0; i < g->ncovered; i++) g->covered[i] = k[i].node;
    free(k);
    return MH_OK;
}

const char *mh_graph_home(const mh_graph *g) { return g->home == G_NONE ? NULL : g->ids.keys[g->home]; }

bool mh_graph_is_home(const mh_graph *g, const char *id)
{
    uint32_t n = gi_find(&g->ids, id, strlen(id));
    if (n == G_NONE || g->home == G_NONE) return false;
    return n == g->home || (!g->home_named && (g->nodes[n].flags & GN_HOME_TAG));
}

bool mh_graph_has(const mh_graph *g, const char *id) { return gi_find(&g->ids, id, strlen(id)) != G_NONE; }

bool mh_graph_is_covered(const mh_graph *g, const char *id)
{
    uint32_t n = gi_find(&g->ids, id, strlen(id));
    return n != G_NONE && (g->nodes[n].flags & GN_COVERED);
}

void mh_graph_covered_each(const mh_graph *g, int (*fn)(void *ctx, const char *id), void *ctx)
{
    for (size_t i = 0; i < g->ncovered; i++)
        if (fn(ctx, g->ids.keys[g->covered[i]])) return;
}
