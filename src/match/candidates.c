/* The candidate step of a search: a query's names are turned into the keys the index files
 * entities under; every entity on a key's postings gains the key's weight (rarer keys weigh
 * more: log(1 + N/df)), keys so common they would touch a large share of the index are
 * skipped when rarer ones exist, and a matching birth year lifts a candidate. The few
 * heaviest go on to be scored in full (search.c).
 *
 * The tally is a list of candidates sorted by entity number, merged with each key's sorted
 * postings, and candidates that can no longer reach the few scored in full are dropped as
 * the keys run out (docs/match.md, "Candidate search"). */
#include "index_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_QKEYS 384
#define ADMIT_MAX 8192 /* once this many candidates are in, commoner keys only add weight */
/* How many entries ahead a bitmap word is asked for: far enough for a miss to main
 * memory to land before it is read (8 measured about 6 % slower at 1 M entities). */
#define PF_BM 24

typedef struct acc {
    uint32_t ent, seen; /* entity number; query parts already counted */
    float w;            /* weight so far */
    float mult;         /* what its birth year makes of the weight (year_mult) */
} acc;

struct mm_candset {
    acc *ca, *cb; /* the candidates, sorted by entity number, and a second buffer to merge
                   * into (ADMIT_MAX each, and a sentinel) */
};

mm_candset *mm_candset_new(void)
{
    mm_candset *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->ca = malloc((ADMIT_MAX + 1) * sizeof *c->ca);
    c->cb = malloc((ADMIT_MAX + 1) * sizeof *c->cb);
    if (!c->ca || !c->cb) {
        mm_candset_free(c);
        return NULL;
    }
    return c;
}

void mm_candset_free(mm_candset *c)
{
    if (!c) return;
    free(c->ca);
    free(c->cb);
    free(c);
}

typedef mm_cand cand;

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
    const uint64_t *bm; /* the postings as a bitmap (frequent keys), or NULL */
    uint32_t len, bit;
    float w;
} merge_key;

typedef struct merge_ctx {
    const uint16_t *meta; /* NULL when the query asks nothing of kind or year */
    int kind, qyear;
    float mult_max;       /* the most year_mult can give */
} merge_ctx;

/* What a newcomer must bring to be let in (see admit_plan): the floor it must reach,
 * and the only keys of other query parts still to come, each a bitmap. */
typedef struct admit_filter {
    float theta;
    float extra; /* the most the parts with rarer keys still to come can add */
    int n;
    const uint64_t *bm[32];
    float w[32];
    uint32_t bit[32];
} admit_filter;

/* Merges a key's postings into the candidates C (N of them, and room for a sentinel at
 * C[N]) and writes the result to OUT: those on both gain the key's weight (once per
 * query part: bit), those only on the postings come in while there is room (in entity
 * order, as a walk of the postings would admit them) if they are of the kind asked for
 * and F (when given) lets them. Returns the new count.
 *
 * A step per posting: the candidates before it are copied in a tight walk that the
 * sentinel stops, and a newcomer of another kind is turned away before its bitmaps are
 * read (a step per element of either list, each asking which list was ahead, measured
 * about 2 % slower over a whole search). BY_META, BY_FILTER and NBM: see merge_admit. */
static inline __attribute__((always_inline)) size_t merge_admit_as(const merge_ctx *x, acc *c, size_t n,
                                                                    const merge_key *k, const admit_filter *f,
                                                                    acc *out, bool by_meta, bool by_filter, int nbm)
{
    const uint32_t *post = k->post;
    size_t i = 0, j = 0, m = 0, room = ADMIT_MAX - n, len = k->len;
    c[n].ent = UINT32_MAX; /* after every posting: no bound check in the walks below */
    while (j < len && room) {
        uint32_t en = post[j];
        while (c[i].ent < en) out[m++] = c[i++];
        if (c[i].ent == en) {
            acc a = c[i++];
            if (!(a.seen & k->bit)) {
                a.seen |= k->bit;
                a.w += k->w;
            }
            out[m++] = a;
            j++;
            continue;
        }
        /* the table lines of entities a few postings on, asked for before they are needed */
        if (by_meta && j + 16 < len) __builtin_prefetch(&x->meta[post[j + 16]], 0, 0);
        if (by_filter && j + PF_BM < len)
            for (int b = 0; b < nbm; b++) __builtin_prefetch(&f->bm[b][post[j + PF_BM] >> 6], 0, 0);
        j++;
        uint32_t seen = k->bit;
        float w = k->w, mult = 1.0f;
        if (by_filter) {
            /* A newcomer is asked now what the other parts' bitmaps give it, and those
             * parts are settled for it either way ("seen": it can gain nothing more from
             * them); it comes in only if that can carry it to the floor — most cannot
             * even at the best multiplier a year gives, and their year is not read. */
            for (int b = 0; b < nbm; b++) {
                if ((f->bm[b][en >> 6] >> (en & 63)) & 1u) w += f->w[b];
                seen |= f->bit[b];
            }
            if ((w + f->extra) * x->mult_max < f->theta) continue;
        }
        if (by_meta) {
            uint16_t meta = x->meta[en];
            if (x->kind != MM_K_ANY && IX_META_KIND(meta) != x->kind) continue;
            mult = year_mult(x->qyear, IX_META_YEAR(meta));
            if (by_filter && (w + f->extra) * mult < f->theta) continue;
        }
        out[m++] = (acc){en, seen, w, mult};
        room--;
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

/* merge_admit_as with what stays the same for a whole key decided outside the loop:
 * whether the entity table is asked (BY_META: X->meta), whether newcomers are filtered
 * (BY_FILTER: F) and how many bitmaps (NBM: F->n, the constant 1 in the common case).
 * One loop asking at every step measured about 5 % slower over a whole search. */
static size_t merge_admit(const merge_ctx *x, acc *c, size_t n, const merge_key *k, const admit_filter *f,
                          acc *out)
{
    if (x->meta) {
        if (!f) return merge_admit_as(x, c, n, k, f, out, true, false, 0);
        return f->n == 1 ? merge_admit_as(x, c, n, k, f, out, true, true, 1)
                         : merge_admit_as(x, c, n, k, f, out, true, true, f->n);
    }
    if (!f) return merge_admit_as(x, c, n, k, f, out, false, false, 0);
    return f->n == 1 ? merge_admit_as(x, c, n, k, f, out, false, true, 1)
                     : merge_admit_as(x, c, n, k, f, out, false, true, f->n);
}

/* Adds a key's weight to the candidates on its postings, admitting none. A frequent key
 * (a common family name is on thousands) is asked of each candidate in its bitmap; else,
 * when the postings are far longer than the candidates, each candidate gallops ahead to
 * its place instead of the whole list being read. */
static void merge_add(acc *c, size_t n, const merge_key *k)
{
    if (k->bm) {
        /* Without a branch on the bit: whether a candidate is on a key is a coin toss to
         * the predictor. The words of candidates a few places on are asked for early.
         * Candidates settled for this part when they came in are passed over. */
        for (size_t i = 0; i < n; i++) {
            if (i + PF_BM < n && !(c[i + PF_BM].seen & k->bit)) __builtin_prefetch(&k->bm[c[i + PF_BM].ent >> 6], 0, 0);
            if (c[i].seen & k->bit) continue;
            uint32_t en = c[i].ent;
            uint32_t on = (uint32_t)(k->bm[en >> 6] >> (en & 63)) & 1u & (uint32_t)!(c[i].seen & k->bit);
            c[i].seen |= k->bit & (0u - on);
            c[i].w += on ? k->w : 0.0f;
        }
        return;
    }
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

/* The MM_TOP_K-th heaviest ranking weight among the candidates in so far (0 while fewer):
 * weights only grow, so this is a floor under the final cut. LO is one found before (0
 * at first): the MM_TOP_K at or above it then are still in and no lighter, so what is
 * under it cannot move the answer and is passed over. */
static float kth_weight(const acc *c, size_t nt, float lo)
{
    float h[MM_TOP_K];
    int n = 0;
    size_t i = 0;
    for (; i < nt && n < MM_TOP_K; i++) {
        float w = c[i].w * c[i].mult;
        if (w < lo) continue;
        int j = n++;
        for (; j > 0 && h[(j - 1) / 2] > w; j = (j - 1) / 2) h[j] = h[(j - 1) / 2];
        h[j] = w;
    }
    /* Once full, the heap's least is at or above LO: one test, which few candidates pass
     * (testing LO first was a branch a third of them took, and each a guess missed). */
    for (; i < nt; i++) {
        float w = c[i].w * c[i].mult;
        if (w <= h[0]) continue;
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
    return n < MM_TOP_K ? 0.0f : h[0];
}

/* A query key: its postings (and bitmap, when frequent), its query part and weight. */
typedef struct qkey {
    const uint32_t *post;
    const uint64_t *bm;
    uint32_t len, slot;
    float w;
} qkey;

/* How key K, about to admit, should let newcomers in (into F); false when it need not
 * ask anything of them.
 *
 * A newcomer at K is on no earlier key: those admitted everything on them (while the
 * list had room, ADMIT_MAX), so it would be in. Its part of K counts at K's weight, and
 * each other part at most at that part's heaviest key still to come that it is on.
 * When rarer keys exist only the first frequent key of a part is walked
 * (mm_candidates), and frequent keys come after every rarer one; so for a part whose
 * keys still to come are all frequent, the one bitmap it has left tells exactly what
 * the newcomer can gain from it. That is asked when it comes in, so its weight is whole
 * from the start and the floor under the cut rises early. A part with a rarer key
 * still to come may give up to its heaviest. A newcomer whose most falls short of
 * CUT_FLOOR, a floor under the final cut, could never be scored: it is not let in, and
 * the list stays short for every pass after (docs/match.md). */
static bool admit_plan(const qkey *qk, int nd, int k, float cut_floor, admit_filter *f)
{
    uint32_t done = 1u << qk[k].slot;
    f->n = 0;
    f->theta = cut_floor;
    f->extra = 0;
    for (int j = k + 1; j < nd; j++) {
        uint32_t bit = 1u << qk[j].slot;
        if (done & bit) continue;
        done |= bit;
        if (!qk[j].bm) {
            f->extra += qk[j].w; /* keys come heaviest first: the part's most */
            continue;
        }
        f->bm[f->n] = qk[j].bm;
        f->w[f->n] = qk[j].w;
        f->bit[f->n++] = bit;
    }
    return f->n > 0;
}

int mm_candidates(mm_candset *cs, const mh_match_index *ix, const mm_name *qn, int nq, const mm_quals *qq,
                  bool exhaustive, mm_cand *heap)
{
    size_t N = ix->ents.n;
    if (N == 0 || nq == 0) return 0;
    int qyear = 0;
    if (qq->ndates) {
        int64_t y;
        unsigned m, d;
        mh_civil_from_days(qq->date_lo[0], &y, &m, &d);
        qyear = (int)y;
    }
    /* Keys by query name and part; each part counts once per entity, at its best key. */
    qkey qk[MAX_QKEYS];
    uint64_t keys[MAX_QKEYS];
    uint8_t slots[MAX_QKEYS];
    int nk = 0, nd = 0;
    size_t frequent = ix_frequent(N);
    bool rare_exists = false;
    /* Every key first, and its slot in the key table asked for: the lookups' misses then
     * overlap instead of coming one after another. */
    int name_end[MAX_QKEYS];
    for (int i = 0; i < nq && nk < MAX_QKEYS; i++) {
        nk += ix_name_keys(&qn[i], keys + nk, slots + nk, MAX_QKEYS - nk);
        name_end[i] = nk;
    }
    for (int k = 0; k < nk; k++) ix_lookup_prefetch(ix, keys[k]);
    for (int i = 0, first = 0; i < nq && first < nk; first = name_end[i++]) {
        for (int k = first; k < name_end[i]; k++) {
            bool dup = false;
            for (int j = 0; j < k && !dup; j++) dup = keys[j] == keys[k];
            uint32_t len;
            const uint32_t *p = dup ? NULL : ix_lookup(ix, keys[k], &len);
            if (!p) continue;
            /* slots of different query names are distinct: name i uses bits 17*i.. (mod 32) */
            qk[nd++] = (qkey){p, len > frequent ? ix_bitmap(ix, keys[k]) : NULL, len,
                              (uint32_t)((slots[k] + 17u * (unsigned)i) & 31u),
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
     * part counts once, at its heaviest remaining key). Once the MM_TOP_K-th candidate in
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
    acc *cur = cs->ca, *nxt = cs->cb;
    /* A query that asks nothing of kind or year never needs the table: no miss in it. */
    merge_ctx mx = {qq->kind != MM_K_ANY || qyear ? ix->meta : NULL, qq->kind, qyear, qyear ? YEAR_MULT_MAX : 1.0f};
    size_t nt = 0, pruned_at = 0;
    uint32_t walked_frequent = 0;
    bool closed = false;
    float cut_floor = 0; /* the MM_TOP_K-th weight at the last pruning pass, less slack */
    float kth = 0;       /* and without it */
    admit_filter af;
    for (int k = 0; k < nd; k++) {
        merge_key mk = {qk[k].post, qk[k].bm, qk[k].len, 1u << qk[k].slot, qk[k].w};
        bool admit = !rare_exists || qk[k].len <= frequent;
        if (!admit) {
            if (walked_frequent & mk.bit) continue;
            walked_frequent |= mk.bit;
        }
        if (admit && !closed && nt < ADMIT_MAX) {
            bool filter = !exhaustive && rare_exists && admit_plan(qk, nd, k, cut_floor, &af);
            nt = merge_admit(&mx, cur, nt, &mk, filter ? &af : NULL, nxt);
            acc *t = cur;
            cur = nxt;
            nxt = t;
        } else {
            merge_add(cur, nt, &mk);
        }
        /* Whatever cannot reach the MM_TOP_K-th weight with all that is left goes; once a
         * newcomer could not either, nothing new comes in. A pass costs as much as a
         * short merge, so it is made again only once the list has doubled since the
         * last (after a quarter's growth: about 4 % slower at 1 M entities; after four
         * times: about 3 %). */
        if (nt > MM_TOP_K && k + 1 < nd && !exhaustive && nt > pruned_at * 2) {
            /* Sums of the same weights in another order can differ in the last bit: a
             * little slack keeps an exact tie from being dropped on rounding. */
            kth = kth_weight(cur, nt, kth);
            float theta = kth * (1.0f - 1e-5f), r = rest[k + 1];
            if (theta <= 0) continue;
            cut_floor = theta;
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
    /* The MM_TOP_K heaviest: all above the MM_TOP_K-th weight, then as many of those at
     * it as there is room for, lowest entity numbers first — the list's own order — so
     * which of many equal candidates make the cut does not hang on the order they came.
     * Two passes comparing floats, where a heap of the whole list compared ties at every
     * step; and no sort, for the caller scores them all and sorts its hits. */
    int nh = 0;
    kth = kth_weight(cur, nt, kth);
    for (size_t i = 0; i < nt; i++)
        if (cur[i].w * cur[i].mult > kth) heap[nh++] = (cand){cur[i].ent, cur[i].w * cur[i].mult};
    for (size_t i = 0; i < nt && nh < MM_TOP_K; i++)
        if (cur[i].w * cur[i].mult == kth) heap[nh++] = (cand){cur[i].ent, kth};
    return nh;
}
