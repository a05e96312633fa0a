/* An isolation forest (Liu, Ting & Zhou, ICDM 2008) in plain C: each tree splits a small
 * random sample on a random feature at a random threshold until every row stands alone or
 * the height limit ceil(log2 sample) is reached; a row that is isolated in few splits
 * is anomalous. Seeded (splitmix64), so the same data and seed give the same forest.
 * Trees are flat node arrays: growing and scoring allocate nothing per row. */
#include "molehunt/mh_ueba.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct node {
    int32_t feat;  /* -1: a leaf */
    float thr;
    int32_t left, right;
    int32_t size;  /* rows that reached a leaf */
} node;

struct mh_ueba_forest {
    node *nodes;
    size_t nnodes, cap;
    int32_t *root;
    int trees;
    size_t dim;
    double c_sample;
};

static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double unit(uint64_t *s) { return (double)(next(s) >> 11) / 9007199254740992.0; }

/* c(n): the average path length of an unsuccessful search in a binary search tree. */
static double cfac(double n)
{
    if (n <= 1) return 0;
    if (n == 2) return 1;
    return 2 * (log(n - 1) + 0.5772156649) - 2 * (n - 1) / n;
}

static int32_t add(mh_ueba_forest *f, node nd)
{
    if (f->nnodes == f->cap) {
        size_t nc = f->cap ? f->cap * 2 : 1024;
        node *nn = realloc(f->nodes, nc * sizeof *nn);
        if (!nn) return -1;
        f->nodes = nn, f->cap = nc;
    }
    f->nodes[f->nnodes] = nd;
    return (int32_t)f->nnodes++;
}

/* Grows a node over rows idx[0..n) of X; -1 when out of memory. */
static int32_t grow(mh_ueba_forest *f, const float *x, size_t *idx, size_t n, int depth, int limit, uint64_t *rng)
{
    if (n <= 1 || depth >= limit) return add(f, (node){-1, 0, -1, -1, (int32_t)n});
    /* a feature with some spread among these rows, tried in random order */
    size_t dim = f->dim;
    size_t start = (size_t)(next(rng) % dim);
    for (size_t t = 0; t < dim; t++) {
        size_t k = (start + t) % dim;
        float lo = x[idx[0] * dim + k], hi = lo;
        for (size_t i = 1; i < n; i++) {
            float v = x[idx[i] * dim + k];
            lo = v < lo ? v : lo, hi = v > hi ? v : hi;
        }
        if (!(hi > lo)) continue;
        float thr = (float)(lo + (hi - lo) * unit(rng));
        if (!(thr > lo)) thr = hi; /* keep both sides non-empty */
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (x[idx[i] * dim + k] < thr) {
                size_t tmp = idx[i];
                idx[i] = idx[m], idx[m++] = tmp;
            }
        int32_t me = add(f, (node){(int32_t)k, thr, -1, -1, 0});
        if (me < 0) return -1;
        int32_t l = grow(f, x, idx, m, depth + 1, limit, rng);
        int32_t r = l < 0 ? -1 : grow(f, x, idx + m, n - m, depth + 1, limit, rng);
        if (r < 0) return -1;
        f->nodes[me].left = l, f->nodes[me].right = r;
        return me;
    }
    return add(f, (node){-1, 0, -1, -1, (int32_t)n}); /* all rows identical */
}

mh_status mh_ueba_forest_fit(const float *x, size_t n, size_t dim, int trees, int sample, uint64_t seed,
                             mh_ueba_forest **out, mh_err *e)
{
    *out = NULL;
    if (!n || !dim || trees <= 0 || sample <= 1) return mh_err_set(e, MH_E_USAGE, "forest needs rows, trees and a sample");
    mh_ueba_forest *f = calloc(1, sizeof *f);
    size_t ss = MH_MIN((size_t)sample, n);
    size_t *idx = malloc(ss * sizeof *idx);
    if (!f || !idx || !(f->root = malloc((size_t)trees * sizeof *f->root))) goto oom;
    f->trees = trees, f->dim = dim, f->c_sample = cfac((double)ss);
    int limit = (int)ceil(log2((double)ss));
    uint64_t rng = seed ^ 0x1f0e57ULL;
    for (int t = 0; t < trees; t++) {
        /* rows drawn with replacement: at sample << n as good as without */
        for (size_t i = 0; i < ss; i++) idx[i] = (size_t)(next(&rng) % n);
        if ((f->root[t] = grow(f, x, idx, ss, 0, limit, &rng)) < 0) goto oom;
    }
    free(idx);
    *out = f;
    return MH_OK;
oom:
    free(idx);
    mh_ueba_forest_free(f);
    return mh_err_set(e, MH_E_NOMEM, "out of memory growing the forest");
}

double mh_ueba_forest_score(const mh_ueba_forest *f, const float *row)
{
    double total = 0;
    for (int t = 0; t < f->trees; t++) {
        int32_t k = f->root[t];
        int depth = 0;
        while (f->nodes[k].feat >= 0) {
            k = row[f->nodes[k].feat] < f->nodes[k].thr ? f->nodes[k].left : f->nodes[k].right;
            depth++;
        }
        total += depth + cfac(f->nodes[k].size);
    }
    double mean = total / f->trees;
    return f->c_sample > 0 ? pow(2.0, -mean / f->c_sample) : 0.5;
}

void mh_ueba_forest_free(mh_ueba_forest *f)
{
    if (!f) return;
    free(f->nodes);
    free(f->root);
    free(f);
}
