/* GET /api/v1/people/{p}/graph: the person's sphere as a Cytoscape.js element list, on
 * pseudonyms only. The sphere (mh_graph_sphere: family and close associates, as of a
 * date) says who belongs; each member's direct ties and interactions (mh_graph_export
 * around the person and each first-ring member, one hop) give the edges, so a large
 * employer is shown as one node rather than expanded. Nodes carry the sphere path and any
 * watch-list hit; payments, benefits and debts are marked as money flows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_detect.h"
#include "serve_int.h"

#define MAX_NODES 400
#define MAX_EDGES 1500

typedef struct gnode {
    const char *id, *label, *schema, *path;
    bool covered;
    int depth; /* -1: not in the sphere */
} gnode;

typedef struct gedge {
    const char *id, *source, *target, *label, *schema, *start, *end;
} gedge;

typedef struct gctx {
    srv_req *r;
    mh_arena *a;
    gnode nodes[MAX_NODES];
    size_t nn;
    gedge *edges;
    size_t ne;
    bool truncated;
    const char *ring1[64];
    size_t nring1;
} gctx;

static gnode *node_find(gctx *g, const char *id)
{
    for (size_t i = 0; i < g->nn; i++)
        if (strcmp(g->nodes[i].id, id) == 0) return &g->nodes[i];
    return NULL;
}

static const char *dup_str(mh_arena *a, const mh_jv *v)
{
    return v && v->type == MH_JSTR ? mh_arena_strndup(a, v->u.s, v->len) : NULL;
}

static int on_member(void *vctx, const mh_graph_member *m)
{
    gctx *g = vctx;
    if (g->nn == MAX_NODES) return g->truncated = true, 1;
    gnode *n = &g->nodes[g->nn++];
    n->id = mh_arena_strndup(g->a, m->id, strlen(m->id));
    n->label = m->name ? mh_arena_strndup(g->a, m->name, strlen(m->name)) : NULL;
    n->schema = m->schema ? mh_arena_strndup(g->a, m->schema, strlen(m->schema)) : NULL;
    n->path = m->path ? mh_arena_strndup(g->a, m->path, strlen(m->path)) : NULL;
    n->depth = m->depth;
    if (m->depth == 1 && g->nring1 < MH_ARRAY_LEN(g->ring1)) g->ring1[g->nring1++] = n->id;
    return 0;
}

static mh_status merge_export(gctx *g, mh_graph *graph, const char *around, mh_err *e)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return mh_err_set(e, MH_E_NOMEM, "out of memory exporting the graph");
    mh_status st = mh_graph_export(graph, MH_GRAPH_CYJS, around, 1, f, e);
    fclose(f);
    if (st) goto out;
    mh_jv root;
    if (!mh_json_parse(text, len, g->a, &root, e)) {
        st = mh_err_set(e, MH_E_INTERNAL, "the graph export is not valid JSON");
        goto out;
    }
    const mh_jv *nodes = mh_json_get_path(&root, "elements.nodes", 14);
    const mh_jv *edges = mh_json_get_path(&root, "elements.edges", 14);
    for (uint32_t i = 0; nodes && nodes->type == MH_JARR && i < nodes->len; i++) {
        const mh_jv *d = mh_json_get(&nodes->u.items[i], "data");
        const char *id = dup_str(g->a, mh_json_get(d, "id"));
        if (!id) continue;
        gnode *n = node_find(g, id);
        if (!n) {
            if (g->nn == MAX_NODES) {
                g->truncated = true;
                continue;
            }
            n = &g->nodes[g->nn++];
            memset(n, 0, sizeof *n);
            n->id = id;
            n->depth = -1;
        }
        if (!n->label) n->label = dup_str(g->a, mh_json_get(d, "label"));
        if (!n->schema) n->schema = dup_str(g->a, mh_json_get(d, "schema"));
        const mh_jv *cov = mh_json_get(d, "covered");
        n->covered = cov && cov->type == MH_JTRUE;
    }
    for (uint32_t i = 0; edges && edges->type == MH_JARR && i < edges->len; i++) {
        const mh_jv *d = mh_json_get(&edges->u.items[i], "data");
        const char *id = dup_str(g->a, mh_json_get(d, "id"));
        if (!id) continue;
        bool seen = false;
        for (size_t k = 0; k < g->ne && !seen; k++) seen = strcmp(g->edges[k].id, id) == 0;
        if (seen) continue;
        if (g->ne == MAX_EDGES) {
            g->truncated = true;
            continue;
        }
        gedge *x = &g->edges[g->ne++];
        x->id = id;
        x->source = dup_str(g->a, mh_json_get(d, "source"));
        x->target = dup_str(g->a, mh_json_get(d, "target"));
        x->label = dup_str(g->a, mh_json_get(d, "label"));
        x->schema = dup_str(g->a, mh_json_get(d, "schema"));
        x->start = dup_str(g->a, mh_json_get(d, "start"));
        x->end = dup_str(g->a, mh_json_get(d, "end"));
        if (!x->source || !x->target || !node_find(g, x->source) || !node_find(g, x->target)) g->ne--;
    }
out:
    free(text);
    return st;
}

static bool is_money(const char *schema)
{
    return schema && (!strcmp(schema, "Payment") || !strcmp(schema, "Benefit") || !strcmp(schema, "Debt"));
}

static bool is_party(const char *schema)
{
    return schema && (!strcmp(schema, "Person") || !strcmp(schema, "Organization") || !strcmp(schema, "Company") ||
                      !strcmp(schema, "LegalEntity") || !strcmp(schema, "PublicBody"));
}

typedef struct watch_ctx {
    void *watch;
    mh_graph_watch_hit hit;
    bool matched;
} watch_ctx;

static int on_entity(void *vctx, const mh_entity *ent)
{
    watch_ctx *w = vctx;
    w->matched = mh_watch_match(w->watch, ent, &w->hit);
    return 0;
}

static void put_id(srv_req *r, const char *id)
{
    char ps[MH_PSEUDONYM_LEN];
    srv_pseudo(r->sv, id, ps);
    srv_json_str(&r->out, ps);
}

void api_person_graph(srv_req *r)
{
    const char *id = srv_person_resolve(r, r->params[0]);
    if (!id) return;
    mh_time as_of = MH_TIME_NONE, hi;
    const char *asof = srv_arg(r, "as_of");
    if (asof && *asof && !mh_time_parse_iso(asof, strlen(asof), &as_of, &hi, NULL))
        return srv_reply_error(r, 400, "input", "'as_of' must be an ISO 8601 date such as 2011-05-14");
    mh_err e;
    mh_err_clear(&e);
    mh_arena a;
    mh_arena_init(&a, 1 << 16);
    gctx *g = calloc(1, sizeof *g);
    if (g) g->edges = calloc(MAX_EDGES, sizeof *g->edges);
    if (!g || !g->edges) {
        if (g) free(g->edges);
        free(g);
        mh_arena_free(&a);
        return srv_reply_error(r, 503, "nomem", "out of memory building the graph; try again");
    }
    g->r = r, g->a = &a;
    mh_graph *graph = srv_graph_acquire(r->sv, r->store, &e);
    if (!graph) goto fail;
    mh_status st = mh_graph_sphere(graph, id, as_of, NULL, on_member, g, &e);
    if (!st) st = merge_export(g, graph, id, &e);
    for (size_t i = 0; !st && i < g->nring1; i++) st = merge_export(g, graph, g->ring1[i], &e);
    /* Watch-list hits, under the cache lock since the matcher belongs to the cache. */
    bool *hit = calloc(g->nn ? g->nn : 1, sizeof *hit);
    double *hit_score = calloc(g->nn ? g->nn : 1, sizeof *hit_score);
    for (size_t i = 0; !st && hit && hit_score && r->sv->watch && i < g->nn; i++) {
        if (!is_party(g->nodes[i].schema)) continue;
        watch_ctx w = {.watch = r->sv->watch};
        mh_err e2;
        mh_err_clear(&e2);
        if (mh_store_entity_get(r->store, g->nodes[i].id, on_entity, &w, &e2) == MH_OK && w.matched)
            hit[i] = true, hit_score[i] = w.hit.score;
    }
    srv_graph_release(r->sv);
    if (st) {
        free(hit), free(hit_score);
        goto fail;
    }
    mh_buf *b = &r->out;
    mh_buf_puts(b, "{\"person\":");
    srv_json_str(b, r->params[0]);
    mh_buf_puts(b, ",\"elements\":{\"nodes\":[");
    for (size_t i = 0; i < g->nn; i++) {
        gnode *n = &g->nodes[i];
        mh_buf_puts(b, i ? ",{\"data\":{\"id\":" : "{\"data\":{\"id\":");
        put_id(r, n->id);
        /* People are named by pseudonym; organisations keep their names; anything whose
         * label is just its id (accounts, devices) gets the pseudonym. */
        mh_buf_puts(b, ",\"label\":");
        bool person = n->schema && !strcmp(n->schema, "Person");
        if (person || !n->label || !strcmp(n->label, n->id)) put_id(r, n->id);
        else srv_json_scrubbed(r, b, n->label, strlen(n->label));
        mh_buf_puts(b, ",\"schema\":");
        srv_json_str(b, n->schema ? n->schema : "Thing");
        mh_buf_printf(b, ",\"covered\":%s,\"self\":%s,\"depth\":%d,\"path\":", n->covered ? "true" : "false",
                      strcmp(n->id, id) == 0 ? "true" : "false", n->depth);
        srv_json_str(b, n->depth >= 0 ? n->path : NULL);
        mh_buf_printf(b, ",\"watchlist\":%s", hit && hit[i] ? "true" : "false");
        if (hit && hit[i]) mh_buf_printf(b, ",\"watch_score\":%.3f", hit_score[i]);
        mh_buf_puts(b, "}}");
    }
    mh_buf_puts(b, "],\"edges\":[");
    for (size_t i = 0; i < g->ne; i++) {
        gedge *x = &g->edges[i];
        mh_buf_printf(b, "%s{\"data\":{\"id\":\"e%zu\",\"source\":", i ? "," : "", i);
        put_id(r, x->source);
        mh_buf_puts(b, ",\"target\":");
        put_id(r, x->target);
        mh_buf_puts(b, ",\"label\":");
        srv_json_scrubbed(r, b, x->label ? x->label : "", x->label ? strlen(x->label) : 0);
        mh_buf_puts(b, ",\"schema\":");
        srv_json_str(b, x->schema);
        mh_buf_puts(b, ",\"start\":");
        srv_json_str(b, x->start);
        mh_buf_puts(b, ",\"end\":");
        srv_json_str(b, x->end);
        mh_buf_printf(b, ",\"money\":%s}}", is_money(x->schema) ? "true" : "false");
    }
    mh_buf_printf(b, "]},\"truncated\":%s}", g->truncated ? "true" : "false");
    free(hit), free(hit_score);
    free(g->edges), free(g);
    mh_arena_free(&a);
    return;
fail:
    free(g->edges), free(g);
    mh_arena_free(&a);
    srv_reply_mh_err(r, &e);
}
