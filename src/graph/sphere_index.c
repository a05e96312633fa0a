/* The inverted sphere index: for every node, the covered persons whose sphere holds it,
 * by which path, over which interval of time. Built once by walking out from each
 * covered person over the ties in reach (every simple path up to the reach depth, each
 * path valid over the intersection of its ties' validity), so that enriching an event
 * is a lookup per participant instead of a walk per event. Rows dominated by a shorter
 * path of the same person over a wider interval are dropped. */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 16
#define MAX_ROWS_PER_PERSON (1u << 16)

typedef struct walk {
    mh_graph *g;
    uint32_t covered;
    int maxd;
    uint32_t stack[MAX_DEPTH + 1];
    const char *labels[MAX_DEPTH];
    gsph *rows;
    size_t n, cap, mine;
    mh_buf path;
    bool failed;
} walk;

static bool emit(walk *w, uint32_t node, int depth, mh_time lo, mh_time hi)
{
    if (w->mine >= MAX_ROWS_PER_PERSON) return true;
    mh_buf_reset(&w->path);
    bool ok = true;
    if (depth == 0) ok = mh_buf_puts(&w->path, "self");
    for (int i = 0; ok && i < depth; i++) ok = (i == 0 || mh_buf_putc(&w->path, '>')) && mh_buf_puts(&w->path, w->labels[i]);
    uint32_t pid = ok ? gi_put(&w->g->paths, w->path.data, w->path.len) : G_NONE;
    if (pid == G_NONE) return false;
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 4096;
        gsph *r = realloc(w->rows, cap * sizeof *r);
        if (!r) return false;
        w->rows = r;
        w->cap = cap;
    }
    w->rows[w->n++] = (gsph){node, w->covered, pid, (uint32_t)depth, lo, hi};
    w->mine++;
    return true;
}

static bool dfs(walk *w, uint32_t v, int depth, mh_time lo, mh_time hi)
{
    const mh_graph *g = w->g;
    if (depth >= w->maxd) return true;
    if (depth > 0 && (g->nodes[v].flags & GN_HUB)) return true; /* reached, not crossed */
    for (uint32_t k = g->adj_off[v]; k < g->adj_off[v + 1]; k++) {
        const gtie *t = &g->ties[g->adj[k] >> 1];
        if (!t->reach) continue;
        uint32_t u = g_tie_other(t, v);
        bool seen = false;
        for (int i = 0; i <= depth && !seen; i++) seen = w->stack[i] == u;
        if (seen) continue;
        mh_time nlo = MH_MAX(lo, t->lo), nhi = MH_MIN(hi, t->hi);
        if (nlo > nhi) continue;
        w->labels[depth] = g_tie_label(t, v);
        w->stack[depth + 1] = u;
        if (!emit(w, u, depth + 1, nlo, nhi) || !dfs(w, u, depth + 1, nlo, nhi)) return false;
    }
    return true;
}

static int by_row(const void *x, const void *y)
{
    const gsph *a = x, *b = y;
    if (a->covered != b->covered) return a->covered < b->covered ? -1 : 1;
    if (a->depth != b->depth) return a->depth < b->depth ? -1 : 1;
    if (a->lo != b->lo) return a->lo < b->lo ? -1 : 1;
    return (a->hi < b->hi) - (a->hi > b->hi); /* wider first */
}

mh_status g_index_build(mh_graph *g, mh_err *e)
{
    size_t n = g_nnodes(g);
    mh_status st = MH_OK;
    walk w = {.g = g, .maxd = MH_MIN(g->reach.depth, MAX_DEPTH)};
    mh_buf_init(&w.path, 1 << 16);
    uint32_t *cnt = NULL;
    for (size_t i = 0; i < g->ncovered; i++) {
        uint32_t c = g->covered[i];
        w.covered = (uint32_t)i;
        w.stack[0] = c;
        w.mine = 0;
        if (!emit(&w, c, 0, G_TMIN, G_TMAX) || !dfs(&w, c, 0, G_TMIN, G_TMAX)) {
            st = mh_err_set(e, MH_E_NOMEM, "graph: out of memory building the sphere index");
            goto out;
        }
    }
    /* Bucket by node (counting sort), then order each bucket and drop dominated rows. */
    cnt = calloc(n + 1, sizeof *cnt);
    free(g->sph_off);
    free(g->sph);
    g->sph_off = calloc(n + 1, sizeof *g->sph_off);
    g->sph = malloc((w.n ? w.n : 1) * sizeof *g->sph);
    if (!cnt || !g->sph_off || !g->sph) {
        st = mh_err_set(e, MH_E_NOMEM, "graph: out of memory building the sphere index");
        goto out;
    }
    for (size_t i = 0; i < w.n; i++) cnt[w.rows[i].node + 1]++;
    for (size_t i = 0; i < n; i++) cnt[i + 1] += cnt[i];
    for (size_t i = 0; i < w.n; i++) g->sph[cnt[w.rows[i].node]++] = w.rows[i];
    size_t out_n = 0, start = 0;
    for (size_t v = 0; v < n; v++) {
        size_t end = cnt[v]; /* after the fill, cnt[v] is the end of v's bucket */
        qsort(g->sph + start, end - start, sizeof *g->sph, by_row);
        g->sph_off[v] = (uint32_t)out_n;
        size_t first_of_person = out_n;
        for (size_t j = start; j < end; j++) {
            gsph r = g->sph[j];
            if (out_n > g->sph_off[v] && g->sph[out_n - 1].covered != r.covered) first_of_person = out_n;
            bool dominated = false;
            for (size_t k = first_of_person; k < out_n && !dominated; k++)
                dominated = g->sph[k].depth <= r.depth && g->sph[k].lo <= r.lo && g->sph[k].hi >= r.hi;
            if (!dominated) g->sph[out_n++] = r;
        }
        start = end;
    }
    g->sph_off[n] = (uint32_t)out_n;
    g->nsph = out_n;
    if (out_n >= UINT32_MAX) st = mh_err_set(e, MH_E_NOMEM, "graph: sphere index too large (%zu rows)", out_n);
out:
    free(cnt);
    free(w.rows);
    mh_buf_free(&w.path);
    return st;
}

/* The covered persons whose sphere holds any of NODES at T, nearest first. */
size_t g_subjects(const mh_graph *g, const uint32_t *nodes, size_t nn, mh_time t, const gsph **out, size_t max)
{
    if (!g->sph_off) return 0;
    size_t n = 0;
    for (size_t i = 0; i < nn; i++) {
        if (nodes[i] == G_NONE) continue;
        for (uint32_t k = g->sph_off[nodes[i]]; k < g->sph_off[nodes[i] + 1]; k++) {
            const gsph *r = &g->sph[k];
            if (t != MH_TIME_NONE && (t < r->lo || t > r->hi)) continue;
            size_t j = 0;
            while (j < n && out[j]->covered != r->covered) j++;
            if (j < n) {
                if (r->depth < out[j]->depth) out[j] = r;
                continue;
            }
            if (n < max) out[n++] = r;
        }
    }
    /* Nearest first, then by the person's id: insertion sort, the lists are short. */
    for (size_t i = 1; i < n; i++) {
        const gsph *x = out[i];
        size_t j = i;
        while (j > 0 && (out[j - 1]->depth > x->depth ||
                         (out[j - 1]->depth == x->depth && out[j - 1]->covered > x->covered))) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = x;
    }
    return n;
}

size_t mh_graph_subjects(const mh_graph *g, const char *const *ids, size_t nids, mh_time t, mh_graph_subject *out,
                         size_t max)
{
    uint32_t nodes[G_MAX_SUBJECTS];
    const gsph *rows[G_MAX_SUBJECTS];
    size_t total = 0;
    /* Long id lists go in batches; a person found in several keeps the nearest path. */
    for (size_t off = 0; off < nids; off += G_MAX_SUBJECTS) {
        size_t nn = MH_MIN(nids - off, (size_t)G_MAX_SUBJECTS);
        for (size_t i = 0; i < nn; i++) nodes[i] = gi_find(&g->ids, ids[off + i], strlen(ids[off + i]));
        size_t n = g_subjects(g, nodes, nn, t, rows, G_MAX_SUBJECTS);
        for (size_t i = 0; i < n; i++) {
            mh_graph_subject s = {g->ids.keys[g->covered[rows[i]->covered]], g->paths.keys[rows[i]->path], (int)rows[i]->depth};
            size_t j = 0;
            while (j < total && strcmp(out[j].id, s.id) != 0) j++;
            if (j < total) {
                if (s.depth < out[j].depth) out[j] = s;
            } else if (total < max) {
                out[total++] = s;
            }
        }
    }
    for (size_t i = 1; i < total; i++) {
        mh_graph_subject x = out[i];
        size_t j = i;
        while (j > 0 && (out[j - 1].depth > x.depth || (out[j - 1].depth == x.depth && strcmp(out[j - 1].id, x.id) > 0))) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = x;
    }
    return total;
}
