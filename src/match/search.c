/* Searching the index. A query's names are normalised and turned into the same keys the
 * index files entities under; every entity on a key's postings gains the key's weight
 * (rarer keys weigh more: log(1 + N/df)), keys so common they would touch a large share
 * of the index are skipped when rarer ones exist, and a matching birth year lifts a
 * candidate. Only the best few candidates by that tally are scored in full. */
#include "index_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOP_K 32          /* candidates scored in full per query */
#define MAX_QNAMES 16
#define MAX_LIFT 0.36 /* the most qualifiers can add (docs/match.md) */
#define MAX_QKEYS 384
#define FREQUENT_SHARE 0.005 /* a key on more than this share of entities is "frequent" */
#define FREQUENT_MIN 1000
#define ADMIT_MAX 8192 /* once this many candidates are in, commoner keys only add weight */

struct mh_match_searcher {
    const mh_match_index *ix;
    mh_match_norm *norm;
    struct tally {
        uint32_t stamp, seen; /* query stamp; parts already counted */
        float acc;            /* weight so far */
    } *tally;                 /* one per entity: one cache line touched per posting */
    uint32_t *touched;
    uint32_t cur;
    mh_arena arena;
    mh_match_hit *hits;
    size_t hcap;
    mm_simcache *cache;
};

mh_status mh_match_searcher_new(const mh_match_index *ix, mh_match_searcher **out, mh_err *e)
{
    if (!ix->built) return mh_err_set(e, MH_E_USAGE, "the match index must be built before searching");
    mh_match_searcher *s = calloc(1, sizeof *s);
    size_t n = ix->ents.n ? ix->ents.n : 1;
    if (!s) return mh_err_set(e, MH_E_NOMEM, "out of memory creating a match searcher");
    s->ix = ix;
    s->tally = calloc(n, sizeof *s->tally);
    s->touched = malloc(n * sizeof *s->touched);
    s->hits = malloc(TOP_K * sizeof *s->hits);
    s->cache = calloc(1, sizeof *s->cache);
    s->hcap = TOP_K;
    mh_arena_init(&s->arena, 65536);
    if (!s->tally || !s->touched || !s->hits || !s->cache) {
        mh_match_searcher_free(s);
        return mh_err_set(e, MH_E_NOMEM, "out of memory creating a match searcher");
    }
    mh_status rc = mh_match_norm_open(&s->norm, e);
    if (rc != MH_OK) {
        mh_match_searcher_free(s);
        return rc;
    }
    *out = s;
    return MH_OK;
}

void mh_match_searcher_free(mh_match_searcher *s)
{
    if (!s) return;
    mh_match_norm_close(s->norm);
    free(s->tally);
    free(s->touched);
    free(s->hits);
    free(s->cache);
    mh_arena_free(&s->arena);
    free(s);
}

typedef struct cand {
    uint32_t ent;
    float w;
} cand;

static int cmp_cand_asc(const void *a, const void *b)
{
    float x = ((const cand *)a)->w, y = ((const cand *)b)->w;
    return x < y ? -1 : x > y;
}

static int cmp_hit(const void *a, const void *b)
{
    const mh_match_hit *x = a, *y = b;
    if (x->score != y->score) return x->score < y->score ? 1 : -1;
    return strcmp(x->entity_id, y->entity_id);
}

/* Keeps the k heaviest candidates in a min-heap ordered by weight. */
static void heap_push(cand *h, int *n, int k, cand c)
{
    if (*n < k) {
        int i = (*n)++;
        h[i] = c;
        while (i && h[(i - 1) / 2].w > h[i].w) {
            cand t = h[i];
            h[i] = h[(i - 1) / 2];
            h[(i - 1) / 2] = t;
            i = (i - 1) / 2;
        }
        return;
    }
    if (c.w <= h[0].w) return;
    h[0] = c;
    for (int i = 0;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < *n && h[l].w < h[m].w) m = l;
        if (r < *n && h[r].w < h[m].w) m = r;
        if (m == i) break;
        cand t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static mh_status search(mh_match_searcher *s, const mm_name *qn, int nq, const mm_quals *qq, const mh_match_opts *o,
                        mh_match_hits *out, mh_err *e)
{
    const mh_match_index *ix = s->ix;
    out->v = s->hits;
    out->n = 0;
    double threshold = o && o->threshold > 0 ? o->threshold : MH_MATCH_SHOW;
    size_t limit = o && o->limit ? o->limit : 10;
    size_t N = ix->ents.n;
    if (N == 0 || nq == 0) return MH_OK;
    if (++s->cache->gen == 0) {
        memset(s->cache, 0, sizeof *s->cache);
        s->cache->gen = 1;
    }

    /* Keys by query name and part; each part counts once per entity, at its best key. */
    typedef struct qkey {
        const uint32_t *post;
        uint32_t len, slot;
        float w;
    } qkey;
    qkey qk[MAX_QKEYS];
    uint64_t keys[MAX_QKEYS];
    uint8_t slots[MAX_QKEYS];
    int nk = 0, nd = 0;
    size_t frequent = MH_MAX((size_t)FREQUENT_MIN, (size_t)(FREQUENT_SHARE * (double)N));
    bool rare_exists = false;
    for (int i = 0; i < nq && nk < MAX_QKEYS; i++) {
        int first = nk;
        nk += ix_name_keys(&qn[i], keys + nk, slots + nk, MAX_QKEYS - nk);
        for (int k = first; k < nk; k++) {
            bool dup = false;
            for (int j = 0; j < k && !dup; j++) dup = keys[j] == keys[k];
            uint32_t len;
            const uint32_t *p = dup ? NULL : ix_lookup(ix, keys[k], &len);
            if (!p) continue;
            /* slots of different query names are distinct: name i uses bits 17*i.. (mod 32) */
            qk[nd++] = (qkey){p, len, (uint32_t)((slots[k] + 17u * (unsigned)i) & 31u),
                              (float)log(1.0 + (double)N / len)};
            if (len <= frequent) rare_exists = true;
        }
    }
    /* Heaviest keys first, so the first key of a part to reach an entity is its best. */
    for (int a = 1; a < nd; a++) {
        qkey t = qk[a];
        int b = a;
        for (; b > 0 && qk[b - 1].w < t.w; b--) qk[b] = qk[b - 1];
        qk[b] = t;
    }
    if (++s->cur == 0) {
        for (size_t i = 0; i < N; i++) s->tally[i].stamp = 0;
        s->cur = 1;
    }
    /* Rare keys admit candidates; frequent keys (and any key once ADMIT_MAX candidates are
     * in) only add weight to candidates already admitted, and only the best frequent key
     * of each part is walked: enough to rank the Daniel Bellham above the other Bellhams. */
    size_t nt = 0;
    uint32_t walked_frequent = 0;
    for (int k = 0; k < nd; k++) {
        uint32_t bit = 1u << qk[k].slot;
        bool admit = !rare_exists || qk[k].len <= frequent;
        if (!admit) {
            if (walked_frequent & bit) continue;
            walked_frequent |= bit;
        }
        float w = qk[k].w;
        if ((!admit || nt >= ADMIT_MAX) && (size_t)nt * 16 < qk[k].len) {
            /* This key can only add weight to candidates already in, and they are far
             * fewer than its postings: look each of them up in the sorted postings instead
             * of walking the whole list (a common family name is on thousands). */
            const uint32_t *post = qk[k].post;
            for (size_t c = 0; c < nt; c++) {
                uint32_t en = s->touched[c];
                uint32_t lo = 0, hi = qk[k].len;
                while (lo < hi) {
                    uint32_t mid = lo + (hi - lo) / 2;
                    if (post[mid] < en) lo = mid + 1;
                    else hi = mid;
                }
                if (lo == qk[k].len || post[lo] != en) continue;
                struct tally *t = &s->tally[en];
                if (t->seen & bit) continue;
                t->seen |= bit;
                t->acc += w;
            }
            continue;
        }
        for (uint32_t i = 0; i < qk[k].len; i++) {
            /* Postings are sorted entity numbers spread over the whole tally: ask for the
             * tally entry a few postings ahead, so the walk does not wait on each miss. */
            if (i + 16 < qk[k].len) __builtin_prefetch(&s->tally[qk[k].post[i + 16]], 1, 0);
            uint32_t en = qk[k].post[i];
            struct tally *t = &s->tally[en];
            if (t->stamp != s->cur) {
                if (!admit || nt >= ADMIT_MAX) continue;
                t->stamp = s->cur;
                t->acc = 0;
                t->seen = 0;
                s->touched[nt++] = en;
            }
            if (t->seen & bit) continue;
            t->seen |= bit;
            t->acc += w;
        }
    }
    int qyear = 0;
    if (qq->ndates) {
        int64_t y;
        unsigned m, d;
        mh_civil_from_days(qq->date_lo[0], &y, &m, &d);
        qyear = (int)y;
    }
    cand heap[TOP_K];
    int nh = 0;
    for (size_t i = 0; i < nt; i++) {
        uint32_t en = s->touched[i];
        const ix_ent *ent = &ix->ents.v[en];
        if (qq->kind != MM_K_ANY && ent->kind != qq->kind) continue;
        float w = s->tally[en].acc;
        if (qyear && ent->birth_year) {
            int d = qyear - ent->birth_year;
            w *= (d == 0) ? 1.25f : (d <= 1 && d >= -1) ? 1.0f : 0.8f;
        }
        heap_push(heap, &nh, TOP_K, (cand){en, w});
    }
    qsort(heap, (size_t)nh, sizeof heap[0], cmp_cand_asc);

    size_t nhits = 0;
    for (int c = nh - 1; c >= 0; c--) {
        uint32_t en = heap[c].ent;
        const ix_ent *ent = &ix->ents.v[en];
        double best = -1;
        mh_match_features bf = {0}, f;
        uint32_t best_name = ent->name_lo;
        for (uint32_t j = 0; j < ent->nnames; j++) {
            mm_name cn;
            ix_name_get(ix, ent->name_lo + j, &cn);
            for (int i = 0; i < nq; i++) {
                double sc = mm_name_score(&qn[i], &cn, &f, s->cache);
                if (sc > best) {
                    best = sc;
                    bf = f;
                    best_name = ent->name_lo + j;
                }
            }
        }
        if (best + MAX_LIFT < threshold) continue; /* no qualifier can lift it to the threshold */
        mm_quals cq;
        ix_quals_get(ix, en, &cq);
        double score = mm_qualify(qq, &cq, best, &bf);
        if (score < threshold) continue;
        mh_match_hit *h = &s->hits[nhits++];
        h->entity_id = ix->strs.v + ent->id_off;
        h->schema = mm_schemas[ent->schema];
        h->name = ix->strs.v + ix->names.v[best_name].raw_off;
        h->score = score;
        h->features = bf;
    }
    qsort(s->hits, nhits, sizeof s->hits[0], cmp_hit);
    out->n = MH_MIN(nhits, limit);
    (void)e;
    return MH_OK;
}

mh_status mh_match_search_entity(mh_match_searcher *s, const mh_entity *ent, const mh_match_opts *o,
                                 mh_match_hits *out, mh_err *e)
{
    out->v = s->hits;
    out->n = 0;
    mh_arena_reset(&s->arena);
    mm_name names[MAX_QNAMES];
    const char *raw[MAX_QNAMES];
    int k = mm_entity_names(s->norm, ent, &s->arena, names, raw, MAX_QNAMES, e);
    if (k < 0) return e->code;
    mm_quals q;
    mm_quals_from_entity(ent, &q, &s->arena);
    if (mm_schema_kind(ent->schema) < 0) return MH_OK; /* not a person or a body */
    return search(s, names, k, &q, o, out, e);
}

mh_status mh_match_search_name(mh_match_searcher *s, const char *name, const char *country,
                               const char *birth_date, const mh_match_opts *o, mh_match_hits *out, mh_err *e)
{
    out->v = s->hits;
    out->n = 0;
    mh_arena_reset(&s->arena);
    mm_name nm;
    mh_status rc = mm_norm_name(s->norm, name, strlen(name), &s->arena, &nm, e);
    if (rc != MH_OK) return rc;
    mm_quals q = {0};
    if (country) mm_quals_add_country(&q, country);
    if (birth_date) mm_quals_add_date(&q, birth_date);
    return search(s, &nm, 1, &q, o, out, e);
}
