/* Building the graph from entities in any order: things become nodes (with a copy of
 * their properties, for names, countries, topics and watch-list matching), ties become
 * edges with a validity interval, interactions and dated records become events with
 * their senders and receivers and their properties pre-rendered as JSON (the compact
 * form that enrichment writes out). mh_graph_finish then freezes it into flat arrays. */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_json.h"

mh_graph *mh_graph_new(void)
{
    mh_graph *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    mh_arena_init(&g->arena, 1 << 20);
    gi_init(&g->ids, &g->arena);
    gi_init(&g->paths, &g->arena);
    gi_init(&g->labels, &g->arena);
    gi_init(&g->users, &g->arena);
    mh_buf_init(&g->scratch, 1 << 24);
    g->home = G_NONE;
    g->reach = *mh_graph_reach_default();
    return g;
}

void mh_graph_free(mh_graph *g)
{
    if (!g) return;
    gi_free(&g->ids);
    gi_free(&g->paths);
    gi_free(&g->labels);
    gi_free(&g->users);
    free(g->nodes);
    free(g->ties);
    free(g->events);
    free(g->clearance_holders);
    free(g->adj_off);
    free(g->adj);
    free(g->covered);
    free(g->sph_off);
    free(g->sph);
    free(g->order);
    free(g->eadj_off);
    free(g->eadj);
    free(g->user_node);
    mh_buf_free(&g->scratch);
    mh_arena_free(&g->arena);
    free(g);
}

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return true;
    size_t c = *cap ? *cap : 256;
    while (c < need) c *= 2;
    void *q = realloc(*p, c * size);
    if (!q) return false;
    memset((char *)q + *cap * size, 0, (c - *cap) * size);
    *p = q;
    *cap = c;
    return true;
}

uint32_t g_node_put(mh_graph *g, const char *id, size_t n)
{
    uint32_t k = gi_put(&g->ids, id, n);
    if (k == G_NONE) return G_NONE;
    if (!grow((void **)&g->nodes, &g->ncap, g->ids.n, sizeof *g->nodes)) return G_NONE;
    return k;
}

static const char *label_put(mh_graph *g, const char *s)
{
    uint32_t k = gi_put(&g->labels, s, strlen(s));
    return k == G_NONE ? NULL : g->labels.keys[k];
}

/* A deep copy of PROPS appended to the node's own (ids merge as a union of values). */
static bool node_copy_props(mh_graph *g, gnode *nd, const mh_entity *ent)
{
    size_t n = nd->ent.nprops + ent->nprops;
    mh_prop *props = mh_arena_alloc(&g->arena, (n ? n : 1) * sizeof *props);
    if (!props) return false;
    if (nd->ent.nprops) memcpy(props, nd->ent.props, nd->ent.nprops * sizeof *props);
    for (size_t i = 0; i < ent->nprops; i++) {
        const mh_prop *src = &ent->props[i];
        mh_prop *dst = &props[nd->ent.nprops + i];
        dst->name = label_put(g, src->name ? src->name : "");
        dst->nvals = src->nvals;
        dst->vals = mh_arena_alloc(&g->arena, (src->nvals ? src->nvals : 1) * sizeof *dst->vals);
        if (!dst->name || !dst->vals) return false;
        for (size_t k = 0; k < src->nvals; k++) {
            const char *v = src->vals[k] ? src->vals[k] : "";
            if (!(dst->vals[k] = mh_arena_strndup(&g->arena, v, strlen(v)))) return false;
        }
    }
    nd->ent.props = props;
    nd->ent.nprops = n;
    return true;
}

static mh_status tie_add(mh_graph *g, uint32_t a, uint32_t b, const char *id, const char *schema, const char *ab,
                         const char *ba, mh_time lo, mh_time hi, mh_err *e)
{
    if (a == b) return MH_OK; /* a self-loop carries no reach */
    if (!grow((void **)&g->ties, &g->tcap, g->nties + 1, sizeof *g->ties))
        return mh_err_set(e, MH_E_NOMEM, "graph: out of memory adding tie %s", id);
    gtie *t = &g->ties[g->nties++];
    t->a = a;
    t->b = b;
    t->id = id;
    t->schema = schema;
    t->ab = ab;
    t->ba = ba;
    t->lo = lo;
    t->hi = hi;
    return MH_OK;
}

static mh_status add_thing(mh_graph *g, const mh_entity *ent, uint32_t n, mh_err *e)
{
    gnode *nd = &g->nodes[n];
    if (!nd->schema && !(nd->schema = label_put(g, ent->schema))) goto nomem;
    if (!node_copy_props(g, nd, ent)) goto nomem;
    if (!nd->name) {
        const char *name = g_first(&nd->ent, "name");
        if (name) nd->name = name;
    }
    if (strcmp(ent->schema, "PublicBody") == 0) nd->flags |= GN_PUBLICBODY;
    if (g_has_value(ent, "topics", "molehunt.home")) nd->flags |= GN_HOME_TAG;
    const char *id = g->ids.keys[n];
    /* g_node_put may move g->nodes: nothing below may use nd. */
    const char *schema = nd->schema;
    nd = NULL;
    for (const gimplied *im = g_implied(); im->schema; im++) {
        if (strcmp(im->schema, ent->schema) != 0) continue;
        const mh_prop *p = g_prop(ent, im->prop);
        for (size_t k = 0; p && k < p->nvals; k++) {
            if (!p->vals[k] || !*p->vals[k]) continue;
            uint32_t v = g_node_put(g, p->vals[k], strlen(p->vals[k]));
            if (v == G_NONE) goto nomem;
            mh_status st = tie_add(g, v, n, id, schema, im->to_node, im->to_value, G_TMIN, G_TMAX, e);
            if (st) return st;
        }
    }
    return MH_OK;
nomem:
    return mh_err_set(e, MH_E_NOMEM, "graph: out of memory adding %s", ent->id);
}

static mh_status add_tie(mh_graph *g, const mh_entity *ent, const grole *r, const char *id, mh_err *e)
{
    mh_time lo = G_TMIN, hi = G_TMAX, x;
    if (!g_date(ent, r->start, &lo, &x)) lo = G_TMIN;
    if (!g_date(ent, r->end, &x, &hi)) hi = G_TMAX;
    const char *schema = label_put(g, r->schema);
    const char *ab = r->ab, *ba = r->ba;
    const char *rel = r->label_prop ? g_first(ent, r->label_prop) : NULL;
    if (rel && *rel) {
        ab = rel;
        ba = mh_graph_inverse_label(r->schema, rel);
    }
    ab = label_put(g, ab);
    ba = label_put(g, ba);
    if (!schema || !ab || !ba) return mh_err_set(e, MH_E_NOMEM, "graph: out of memory adding %s", id);
    const mh_prop *pa = g_prop(ent, r->a), *pb = g_prop(ent, r->b);
    for (size_t i = 0; pa && i < pa->nvals; i++) {
        if (!pa->vals[i] || !*pa->vals[i]) continue;
        uint32_t a = g_node_put(g, pa->vals[i], strlen(pa->vals[i]));
        for (size_t k = 0; pb && k < pb->nvals; k++) {
            if (!pb->vals[k] || !*pb->vals[k]) continue;
            uint32_t b = g_node_put(g, pb->vals[k], strlen(pb->vals[k]));
            if (a == G_NONE || b == G_NONE) return mh_err_set(e, MH_E_NOMEM, "graph: out of memory adding %s", id);
            mh_status st = tie_add(g, a, b, id, schema, ab, ba, lo, hi, e);
            if (st) return st;
        }
    }
    return MH_OK;
}

/* The record's properties as one JSON object; amounts (amount, value) also as numbers
 * under amount_value so rules can compare them. */
static const char *render_record(mh_graph *g, const mh_entity *ent, mh_buf *b)
{
    mh_buf_reset(b);
    bool ok = mh_buf_putc(b, '{'), first = true, have_amount = false;
    int64_t cents = 0;
    for (size_t i = 0; ok && i < ent->nprops; i++) {
        const mh_prop *p = &ent->props[i];
        if (!p->name || !p->nvals) continue;
        ok = (first || mh_buf_putc(b, ',')) && mh_json_write_str(b, p->name, strlen(p->name)) && mh_buf_putc(b, ':');
        first = false;
        if (ok && p->nvals > 1) ok = mh_buf_putc(b, '[');
        for (size_t k = 0; ok && k < p->nvals; k++) {
            const char *v = p->vals[k] ? p->vals[k] : "";
            ok = (k == 0 || mh_buf_putc(b, ',')) && mh_json_write_str(b, v, strlen(v));
        }
        if (ok && p->nvals > 1) ok = mh_buf_putc(b, ']');
        if (!have_amount && (strcmp(p->name, "amount") == 0 || strcmp(p->name, "value") == 0) && p->vals[0])
            have_amount = mh_amount_parse(p->vals[0], strlen(p->vals[0]), &cents);
    }
    if (ok && have_amount) {
        uint64_t abs = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
        ok = mh_buf_printf(b, "%s\"amount_value\":%s%llu.%02llu", first ? "" : ",", cents < 0 ? "-" : "",
                           (unsigned long long)(abs / 100), (unsigned long long)(abs % 100));
    }
    if (!ok || !mh_buf_putc(b, '}')) return NULL;
    return mh_arena_strndup(&g->arena, b->data, b->len);
}

static mh_status add_event(mh_graph *g, const mh_entity *ent, const grole *r, const char *id, mh_err *e)
{
    mh_time ts, hi;
    if (!g_date(ent, r->date, &ts, &hi) && !g_date(ent, r->start, &ts, &hi)) {
        if (!(r->flags & GR_TIE)) g->undated++; /* an undated tie is still a tie */
        return MH_OK;
    }
    const mh_prop *pa = r->a ? g_prop(ent, r->a) : NULL, *pb = r->b ? g_prop(ent, r->b) : NULL;
    size_t na = pa ? pa->nvals : 0, nb = pb ? pb->nvals : 0;
    if (na > UINT16_MAX) na = UINT16_MAX;
    if (nb > UINT16_MAX) nb = UINT16_MAX;
    if (!grow((void **)&g->events, &g->ecap, g->nevents + 1, sizeof *g->events)) goto nomem;
    gevent *ev = &g->events[g->nevents];
    memset(ev, 0, sizeof *ev);
    ev->ts = ts;
    ev->id = id;
    ev->role = (uint16_t)g_role_index(r);
    ev->parts = mh_arena_alloc(&g->arena, (na + nb ? na + nb : 1) * sizeof *ev->parts);
    if (!ev->parts) goto nomem;
    for (size_t i = 0; i < na + nb; i++) {
        const char *v = i < na ? pa->vals[i] : pb->vals[i - na];
        if (!v || !*v) continue;
        uint32_t n = g_node_put(g, v, strlen(v));
        if (n == G_NONE) goto nomem;
        if (i < na) ev->parts[ev->nfrom++] = n; /* senders first, then receivers after them */
        else ev->parts[ev->nfrom + ev->nto++] = n;
    }
    ev->record = render_record(g, ent, &g->scratch);
    if (!ev->record || g->scratch.len > UINT32_MAX) goto nomem;
    ev->record_len = (uint32_t)g->scratch.len;
    g->nevents++;
    return MH_OK;
nomem:
    return mh_err_set(e, MH_E_NOMEM, "graph: out of memory adding %s", id);
}

mh_status mh_graph_add(mh_graph *g, const mh_entity *ent, mh_err *e)
{
    if (g->finished) return mh_err_set(e, MH_E_USAGE, "graph: mh_graph_add after mh_graph_finish");
    if (!ent->id || !*ent->id || !ent->schema) return mh_err_set(e, MH_E_INPUT, "graph: an entity without id or schema");
    const grole *r = g_role(ent->schema);
    mh_status st = MH_OK;
    if (!r || (r->flags & GR_NODE)) {
        uint32_t n = g_node_put(g, ent->id, strlen(ent->id));
        if (n == G_NONE) return mh_err_set(e, MH_E_NOMEM, "graph: out of memory adding %s", ent->id);
        if ((st = add_thing(g, ent, n, e))) return st;
    }
    if (!r) return MH_OK;
    const char *id = mh_arena_strndup(&g->arena, ent->id, strlen(ent->id));
    if (!id) return mh_err_set(e, MH_E_NOMEM, "graph: out of memory adding %s", ent->id);
    if ((r->flags & GR_TIE) && (st = add_tie(g, ent, r, id, e))) return st;
    if ((r->flags & GR_EVENT) && (st = add_event(g, ent, r, id, e))) return st;
    if (strcmp(r->schema, "Clearance") == 0) {
        const mh_prop *p = g_prop(ent, "holder");
        for (size_t k = 0; p && k < p->nvals; k++) {
            if (!p->vals[k] || !*p->vals[k]) continue;
            uint32_t n = g_node_put(g, p->vals[k], strlen(p->vals[k]));
            if (n == G_NONE || !grow((void **)&g->clearance_holders, &g->clcap, g->nclear + 1, sizeof(uint32_t)))
                return mh_err_set(e, MH_E_NOMEM, "graph: out of memory adding %s", ent->id);
            g->clearance_holders[g->nclear++] = n;
        }
    }
    if (strcmp(r->schema, "Occupancy") == 0) {
        const mh_prop *p = g_prop(ent, "holder");
        for (size_t k = 0; p && k < p->nvals; k++) {
            if (!p->vals[k] || !*p->vals[k]) continue;
            uint32_t n = g_node_put(g, p->vals[k], strlen(p->vals[k]));
            if (n == G_NONE) return mh_err_set(e, MH_E_NOMEM, "graph: out of memory adding %s", ent->id);
            g->nodes[n].flags |= GN_OCCUPANT;
        }
    }
    return MH_OK;
}
