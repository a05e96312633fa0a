/* Searching the index. A query's names are normalised and turned into the same keys the
 * index files entities under; every entity on a key's postings gains the key's weight
 * (rarer keys weigh more: log(1 + N/df)), keys so common they would touch a large share
 * of the index are skipped when rarer ones exist, and a matching birth year lifts a
 * candidate. Only the best few candidates by that tally are scored in full.
 *
 * The tally is a sorted list of candidates merged with each key's sorted postings, and
 * candidates that can no longer reach the few scored in full are dropped as the keys
 * run out (docs/match.md, "Candidate search"). */
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

typedef struct acc {
    uint32_t ent, seen; /* entity number; query parts already counted */
    float w;            /* weight so far */
    float mult;         /* what its birth year makes of the weight (year_mult) */
} acc;

struct mh_match_searcher {
    const mh_match_index *ix;
    mh_match_norm *norm;
    acc *ca, *cb; /* the candidates, sorted by entity number, and a second buffer to merge
                   * into (ADMIT_MAX each) */
    mh_arena arena;
    mh_match_hit *hits;
    size_t hcap;
    mm_simcache *cache;
};

mh_status mh_match_searcher_new(const mh_match_index *ix, mh_match_searcher **out, mh_err *e)
{
    if (!ix->built) return mh_err_set(e, MH_E_USAGE, "the match index must be built before searching");
    mh_match_searcher *s = calloc(1, sizeof *s);
    if (!s) return mh_err_set(e, MH_E_NOMEM, "out of memory creating a match searcher");
    s->ix = ix;
    s->ca = malloc(ADMIT_MAX * sizeof *s->ca);
    s->cb = malloc(ADMIT_MAX * sizeof *s->cb);
    s->hits = malloc(TOP_K * sizeof *s->hits);
    s->cache = calloc(1, sizeof *s->cache);
    s->hcap = TOP_K;
    mh_arena_init(&s->arena, 65536);
    if (!s->ca || !s->cb || !s->hits || !s->cache) {
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
    free(s->ca);
    free(s->cb);
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

/* Candidates in a total order: heavier first, and among equals the lower entity number,
 * so which of many equal candidates make the cut does not hang on the order they came. */
static inline bool cand_below(cand a, cand b) { return a.w < b.w || (a.w == b.w && a.ent > b.ent); }

/* Keeps the k best candidates in a min-heap (the root is the one to go first). */
static void heap_push(cand *h, int *n, int k, cand c)
{
    if (*n < k) {
        int i = (*n)++;
        h[i] = c;
        while (i && cand_below(h[i], h[(i - 1) / 2])) {
            cand t = h[i];
            h[i] = h[(i - 1) / 2];
            h[(i - 1) / 2] = t;
            i = (i - 1) / 2;
        }
        return;
    }
    if (!cand_below(h[0], c)) return;
    h[0] = c;
    for (int i = 0;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < *n && cand_below(h[l], h[m])) m = l;
        if (r < *n && cand_below(h[r], h[m])) m = r;
        if (m == i) break;
        cand t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* A matching birth year lifts a candidate, a distant one lowers it (1 when either is unknown). */
static inline float year_mult(int qyear, int birth_year)
{
    if (!qyear || !birth_year) return 1.0f;
    int d = qyear - birth_year;
    return d == 0 ? 1.25f : (d <= 1 && d >= -1) ? 1.0f : 0.8f;
}
#define YEAR_MULT_MAX 1.25f

/* What a merge needs besides the lists: the key's weight and query part, and what the
 * query asks of an entity before it may come in (its kind; its year, for the multiplier). */
typedef struct merge_key {
    const uint32_t *post;
    uint32_t len, bit;
    float w;
} merge_key;

typedef struct merge_ctx {
    const uint16_t *meta;
    int kind, qyear;
} merge_ctx;

/* Merges a key's postings into the candidates: those on both gain the key's weight (once
 * per query part: bit), those only on the postings come in while there is room (in
 * entity order, as a walk of the postings would admit them) if they are of the kind
 * asked for. Returns the new count. */
static size_t merge_admit(const merge_ctx *x, const acc *c, size_t n, const merge_key *k, acc *out)
{
    const uint32_t *post = k->post;
    size_t i = 0, j = 0, m = 0, room = ADMIT_MAX - n, len = k->len;
    while (j < len && room) {
        /* the table lines of entities a few postings on, asked for before they are needed */
        if (j + 16 < len) __builtin_prefetch(&x->meta[post[j + 16]], 0, 0);
        if (i < n && c[i].ent < post[j]) {
            out[m++] = c[i++];
        } else if (i == n || post[j] < c[i].ent) {
            uint16_t meta = x->meta[post[j]];
            if (x->kind == MM_K_ANY || IX_META_KIND(meta) == x->kind) {
                out[m++] = (acc){post[j], k->bit, k->w, year_mult(x->qyear, IX_META_YEAR(meta))};
                room--;
            }
            j++;
        } else {
            acc a = c[i++];
            if (!(a.seen & k->bit)) {
                a.seen |= k->bit;
                a.w += k->w;
            }
            out[m++] = a;
            j++;
        }
    }
    /* No room left: the rest of the postings can only add weight. */
    for (; i < n; i++) {
        acc a = c[i];
        while (j < len && post[j] < a.ent) j++;
        if (j < len && post[j] == a.ent && !(a.seen & k->bit)) {
            a.seen |= k->bit;
            a.w += k->w;
        }
        out[m++] = a;
    }
    return m;
}

/* Adds a key's weight to the candidates on its postings, admitting none. When the
 * postings are far longer than the candidates, each candidate gallops ahead to its place
 * instead of the whole list being read (a common family name is on thousands). */
static void merge_add(acc *c, size_t n, const merge_key *k)
{
    const uint32_t *post = k->post;
    size_t j = 0, len = k->len, need = 0;
    /* Only candidates not yet counted for this key's part can gain from it. */
    for (size_t i = 0; i < n; i++) need += !(c[i].seen & k->bit);
    bool gallop = need * 8 < len;
    for (size_t i = 0; i < n && j < len; i++) {
        uint32_t en = c[i].ent;
        if (c[i].seen & k->bit) continue;
        if (gallop) {
            size_t step = 1, lo = j, hi = j;
            while (hi < len && post[hi] < en) {
                lo = hi + 1;
                hi += step;
                step *= 2;
            }
            if (hi > len) hi = len;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (post[mid] < en) lo = mid + 1;
                else hi = mid;
            }
            j = lo;
        } else {
            while (j < len && post[j] < en) j++;
        }
        if (j < len && post[j] == en) {
            c[i].seen |= k->bit;
            c[i].w += k->w;
        }
    }
}

/* The TOP_K-th heaviest ranking weight among the candidates in so far (0 while fewer):
 * weights only grow, so this is a floor under the final cut. */
static float kth_weight(const acc *c, size_t nt)
{
    float h[TOP_K];
    int n = 0;
    for (size_t i = 0; i < nt; i++) {
        float w = c[i].w * c[i].mult;
        if (n < TOP_K) {
            int j = n++;
            for (; j > 0 && h[(j - 1) / 2] > w; j = (j - 1) / 2) h[j] = h[(j - 1) / 2];
            h[j] = w;
        } else if (w > h[0]) {
            int j = 0;
            for (;;) {
                int l = 2 * j + 1, r = l + 1, m = l;
                if (l >= n) break;
                if (r < n && h[r] < h[l]) m = r;
                if (h[m] >= w) break;
                h[j] = h[m];
                j = m;
            }
            h[j] = w;
        }
    }
    return n < TOP_K ? 0.0f : h[0];
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

    int qyear = 0;
    if (qq->ndates) {
        int64_t y;
        unsigned m, d;
        mh_civil_from_days(qq->date_lo[0], &y, &m, &d);
        qyear = (int)y;
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
    /* Rare keys admit candidates; frequent keys (and any key once ADMIT_MAX candidates are
     * in) only add weight to candidates already admitted, and only the best frequent key
     * of each part is walked: enough to rank the Daniel Bellham above the other Bellhams.
     *
     * rest[k]: the most a candidate first reached at key k can gather from keys k.. (each
     * part counts once, at its heaviest remaining key). Once the TOP_K-th candidate in
     * already outweighs that, no new candidate can make the cut: later keys only add
     * weight to the ones in (the MaxScore idea of Turtle and Flood, 1995). */
    float rest[MAX_QKEYS + 1], part_max[32] = {0}, sum = 0;
    rest[nd] = 0;
    for (int k = nd - 1; k >= 0; k--) {
        uint32_t sl = qk[k].slot;
        if (qk[k].w > part_max[sl]) {
            sum += qk[k].w - part_max[sl];
            part_max[sl] = qk[k].w;
        }
        rest[k] = sum;
    }
    /* The candidates are kept sorted by entity number and every key's postings are sorted
     * too, so each key is merged in one sequential pass: no per-entity table to miss in. */
    acc *cur = s->ca, *nxt = s->cb;
    merge_ctx mx = {ix->meta, qq->kind, qyear};
    size_t nt = 0, pruned_at = 0;
    uint32_t walked_frequent = 0;
    bool closed = false;
    for (int k = 0; k < nd; k++) {
        merge_key mk = {qk[k].post, qk[k].len, 1u << qk[k].slot, qk[k].w};
        bool admit = !rare_exists || qk[k].len <= frequent;
        if (!admit) {
            if (walked_frequent & mk.bit) continue;
            walked_frequent |= mk.bit;
        }
        if (admit && !closed && nt < ADMIT_MAX) {
            nt = merge_admit(&mx, cur, nt, &mk, nxt);
            acc *t = cur;
            cur = nxt;
            nxt = t;
        } else {
            merge_add(cur, nt, &mk);
        }
        /* Whatever cannot reach the TOP_K-th weight with all that is left goes; once a
         * newcomer could not either, nothing new comes in. A pass costs as much as a
         * short merge and drops about a quarter, so it is made again only once the list
         * has grown by a quarter since the last. */
        if (nt > TOP_K && k + 1 < nd && !(o && o->exhaustive) && nt * 4 > pruned_at * 5) {
            /* Sums of the same weights in another order can differ in the last bit: a
             * little slack keeps an exact tie from being dropped on rounding. */
            float theta = kth_weight(cur, nt) * (1.0f - 1e-5f), r = rest[k + 1];
            if (theta <= 0) continue;
            if (r * (qyear ? YEAR_MULT_MAX : 1.0f) < theta) closed = true;
            /* A candidate can still gain only on the parts it has not been counted for:
             * the heaviest key to come of each such part. */
            float left[32] = {0};
            uint32_t open = 0;
            for (int j = k + 1; j < nd; j++)
                if (!(open & (1u << qk[j].slot))) {
                    open |= 1u << qk[j].slot;
                    left[qk[j].slot] = qk[j].w;
                }
            size_t m = 0;
            for (size_t i = 0; i < nt; i++) {
                float ub = cur[i].w;
                for (uint32_t b = open & ~cur[i].seen; b; b &= b - 1) ub += left[__builtin_ctz(b)];
                if (ub * cur[i].mult >= theta) cur[m++] = cur[i];
            }
            nt = pruned_at = m;
        }
    }
    cand heap[TOP_K];
    int nh = 0;
    for (size_t i = 0; i < nt; i++) heap_push(heap, &nh, TOP_K, (cand){cur[i].ent, cur[i].w * cur[i].mult});
    qsort(heap, (size_t)nh, sizeof heap[0], cmp_cand_asc);

    /* The few candidates' records lie anywhere in the index: ask for all of them at once,
     * one level of indirection at a time, so their misses overlap instead of queueing. */
    for (int c = 0; c < nh; c++) __builtin_prefetch(&ix->ents.v[heap[c].ent], 0, 0);
    for (int c = 0; c < nh; c++) {
        const ix_ent *ent = &ix->ents.v[heap[c].ent];
        __builtin_prefetch(&ix->names.v[ent->name_lo], 0, 0);
        __builtin_prefetch(&ix->quals.v[ent->qual_off], 0, 0);
    }
    for (int c = 0; c < nh; c++) {
        const ix_ent *ent = &ix->ents.v[heap[c].ent];
        for (uint32_t j = 0; j < ent->nnames && j < 4; j++) {
            const ix_name *nm = &ix->names.v[ent->name_lo + j];
            __builtin_prefetch(&ix->ntoks.v[nm->tok_lo], 0, 0);
            __builtin_prefetch(&ix->nflags.v[nm->tok_lo], 0, 0);
        }
    }
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
