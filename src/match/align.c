/* The name-level score: which part of one name goes with which part of the other, and how
 * much of each name that accounts for. Parts are aligned greedily, best pair first,
 * letting two adjacent parts on one side pair with one part on the other ("jian guo" ~
 * "jianguo"), an initial stand for a part, and a nickname for a given name. Each name's
 * coverage is the weighted similarity of its aligned parts over its total weight
 * (family names weigh more, particles and initials less, a middle name or patronymic
 * left over hardly counts when the rest aligns); the score is the lower of the two
 * coverages, so a lone family name never matches a full name. */
#include "match_int.h"

#include <stdlib.h>
#include <string.h>

#define MIN_SIM 0.5     /* a pair weaker than this is no pair */
#define SIM_INITIAL 0.6 /* "j" against "jianguo" */
#define SIM_NICK 0.85   /* "sasha" against "aleksandr" */
#define W_FAMILY 1.3
#define W_STOP 0.2
#define W_INITIAL 0.5
#define W_LEFTOVER_MIDDLE 0.25 /* an unaligned middle name or patronymic, when the rest aligns */
#define P_BOTH_LEFTOVER 0.85   /* each side keeps a part the other lacks: likely two people */
#define P_HOMOPHONE 0.65       /* same romanisation, different Han/Hangul characters */
#define S_ACRONYM 0.85

typedef struct pairing {
    int q0, q1, c0, c1; /* inclusive part ranges */
    double sim;
    uint8_t how;        /* 0 spelling, 1 initial, 2 nickname, 3 merged */
} pairing;

static double weight(const mm_tok *t)
{
    if (t->flags & MM_T_STOP) return W_STOP;
    if (t->flags & MM_T_INITIAL) return W_INITIAL;
    if (t->flags & MM_T_FAMILY) return W_FAMILY;
    return 1.0;
}

static double part_sim_raw(const mm_tok *a, const mm_tok *b, uint8_t *how)
{
    *how = 0;
    bool ia = a->flags & MM_T_INITIAL, ib = b->flags & MM_T_INITIAL;
    if (ia || ib) {
        *how = 1;
        if (a->s[0] != b->s[0]) return 0;
        return ia && ib ? 1.0 : SIM_INITIAL;
    }
    double s = mm_token_sim_min(a->s, a->len, b->s, b->len, MIN_SIM); /* less is no pair */
    if (s < SIM_NICK && mm_nickname(a->s, a->len, b->s, b->len)) {
        *how = 2;
        return SIM_NICK;
    }
    return s;
}

/* The cache's slot for the pair of part texts A, B. */
static size_t slot_of(const char *a, const char *b)
{
    uintptr_t k = ((uintptr_t)a * 31u) ^ ((uintptr_t)b * 0x9E3779B1u);
    k ^= k >> 15;
    return k & (MM_SIMCACHE - 1);
}

static bool cached(const mm_simcache *cache, size_t i, const char *a, const char *b)
{
    return cache->slot[i].gen == cache->gen && cache->slot[i].a == a && cache->slot[i].b == b;
}

static double cache_put(mm_simcache *cache, size_t i, const char *a, const char *b, double s, uint8_t how)
{
    cache->slot[i].a = a;
    cache->slot[i].b = b;
    cache->slot[i].gen = cache->gen;
    cache->slot[i].sim = (float)s;
    cache->slot[i].how = how;
    return (float)s;
}

static double part_sim(const mm_tok *a, const mm_tok *b, uint8_t *how, mm_simcache *cache)
{
    if (!cache) return part_sim_raw(a, b, how);
    size_t i = slot_of(a->s, b->s);
    if (cached(cache, i, a->s, b->s)) {
        *how = cache->slot[i].how;
        return cache->slot[i].sim;
    }
    double s = part_sim_raw(a, b, how);
    return cache_put(cache, i, a->s, b->s, s, *how);
}

/* What part_sim_raw gives two parts neither of which is an initial, for a query part
 * against many candidate parts at once (mm_token_sim_batch). */
static void spell_batch(const mm_tok *q, const mm_tok *const *c, int n, bool again, mm_simcache *cache)
{
    const char *b[MM_SIM_BATCH_MAX];
    uint8_t lb[MM_SIM_BATCH_MAX];
    double s[MM_SIM_BATCH_MAX];
    for (int t = 0; t < n; t++) {
        b[t] = c[t]->s;
        lb[t] = c[t]->len;
    }
    mm_token_sim_batch(q->s, q->len, b, lb, n, MIN_SIM, again, s);
    const mm_nick *nick = mm_nickname_entry(q->s, q->len);
    for (int t = 0; t < n; t++) {
        uint8_t how = 0;
        if (nick && s[t] < SIM_NICK && mm_nickname_of(nick, b[t], lb[t])) {
            how = 2;
            s[t] = SIM_NICK;
        }
        cache_put(cache, slot_of(q->s, b[t]), q->s, b[t], s[t], how);
    }
}

/* Parts i..j of nm joined, when none is an initial and the result fits. */
static bool join(const mm_name *nm, int i, int j, char *buf, mm_tok *out)
{
    if (j >= nm->ntok) return false;
    size_t n = 0;
    for (int k = i; k <= j; k++) {
        if ((nm->tok[k].flags & MM_T_INITIAL) || n + nm->tok[k].len > MM_MAX_TOKLEN) return false;
        memcpy(buf + n, nm->tok[k].s, nm->tok[k].len);
        n += nm->tok[k].len;
    }
    out->s = buf;
    out->len = (uint8_t)n;
    out->flags = 0;
    return true;
}

/* The join cache's slot for a lone part against parts P0, P1 (and P2) joined. */
static size_t join_slot(const char *one, const char *p0, const char *p1, const char *p2, bool lone_in_q)
{
    uintptr_t k = ((uintptr_t)one * 31u) ^ ((uintptr_t)p0 * 0x9E3779B1u) ^ ((uintptr_t)p1 * 0x85EBCA77u) ^
                  ((uintptr_t)p2 * 0xC2B2AE3Du) ^ lone_in_q;
    k ^= k >> 15;
    return k & (MM_SIMCACHE - 1);
}

static bool join_cached(const mm_simcache *cache, size_t i, const char *one, const char *p0, const char *p1,
                        const char *p2, bool lone_in_q)
{
    return cache->join[i].gen == cache->gen && cache->join[i].one == one && cache->join[i].p[0] == p0 &&
           cache->join[i].p[1] == p1 && cache->join[i].p[2] == p2 && cache->join[i].lone_in_q == lone_in_q;
}

static void join_put(mm_simcache *cache, size_t i, const char *one, const char *p0, const char *p1, const char *p2,
                     bool lone_in_q, double s)
{
    cache->join[i].one = one;
    cache->join[i].p[0] = p0;
    cache->join[i].p[1] = p1;
    cache->join[i].p[2] = p2;
    cache->join[i].lone_in_q = lone_in_q;
    cache->join[i].gen = cache->gen;
    cache->join[i].sim = s;
}

/* Whether a lone part and W+1 parts of the other name from J could pair at all: lengths
 * too far apart never do (mm_token_sim_min), so they need no joining, nor asking. */
static bool join_lengths_fit(const mm_tok *one, const mm_name *many, int j, int w)
{
    int jl = 0, ol = one->len;
    for (int t = j; t <= j + w; t++) jl += many->tok[t].len;
    int lo = MH_MIN(ol, jl), hi = MH_MAX(ol, jl);
    return !(lo * 2 < hi && hi - lo > 2);
}

/* The similarity of a lone part against W+1 adjacent parts of the other name joined, 0
 * when they cannot be joined (an initial among them, or too long). ONE is the lone part;
 * MANY, from part J, the name joined; LONE_IN_Q keeps the query on the left of the
 * distance either way. */
static double join_sim(const mm_tok *one, const mm_name *many, int j, int w, bool lone_in_q, mm_simcache *cache)
{
    if (!join_lengths_fit(one, many, j, w)) return 0;
    const char *p0 = many->tok[j].s, *p1 = many->tok[j + 1].s, *p2 = w == 2 ? many->tok[j + 2].s : NULL;
    size_t i = cache ? join_slot(one->s, p0, p1, p2, lone_in_q) : 0;
    if (cache && join_cached(cache, i, one->s, p0, p1, p2, lone_in_q)) return cache->join[i].sim;
    char buf[MM_MAX_TOKLEN];
    mm_tok m;
    double s = 0;
    if (join(many, j, j + w, buf, &m))
        s = lone_in_q ? mm_token_sim_min(one->s, one->len, m.s, m.len, MIN_SIM)
                      : mm_token_sim_min(m.s, m.len, one->s, one->len, MIN_SIM);
    if (cache) join_put(cache, i, one->s, p0, p1, p2, lone_in_q, s);
    return s;
}

/* The joins mm_name_score will ask for (join_sim), worked out side by side: each lone
 * part against the joined parts of the other name that begin with its letter and could
 * pair by length, grouped by what stands on the left of the distance. */
static void prime_joins(const mm_name *q, int nq, const mm_name *c, int nc, mm_simcache *cache)
{
    enum { MAX_JOBS = 256, MAX_Q = 4 };
    typedef struct job {
        const char *a, *b;
        uint8_t la, lb, lone_in_q, done;
        const char *one, *p0, *p1, *p2;
    } job;
    job jobs[MAX_JOBS];
    char cbuf[MAX_JOBS][MM_MAX_TOKLEN];
    char qbuf[MAX_Q][MM_MAX_TOK][2][MM_MAX_TOKLEN];
    int8_t qlen[MAX_Q][MM_MAX_TOK][2]; /* 0 not made yet, -1 cannot be joined */
    memset(qlen, 0, sizeof qlen);
    int nj = 0;
    for (int qi = 0; qi < nq && qi < MAX_Q; qi++)
        for (int ck = 0; ck < nc; ck++) {
            const mm_name *Q = &q[qi], *C = &c[ck];
            for (int i = 0; i < Q->ntok; i++)
                for (int j = 0; j < C->ntok; j++)
                    for (int w = 1; w <= 2 && Q->tok[i].s[0] == C->tok[j].s[0]; w++)
                        for (int lone_in_q = 1; lone_in_q >= 0; lone_in_q--) {
                            const mm_tok *one = lone_in_q ? &Q->tok[i] : &C->tok[j];
                            const mm_name *many = lone_in_q ? C : Q;
                            int from = lone_in_q ? j : i;
                            if ((one->flags & MM_T_INITIAL) || from + w >= many->ntok || nj == MAX_JOBS) continue;
                            if (!join_lengths_fit(one, many, from, w)) continue;
                            const char *p0 = many->tok[from].s, *p1 = many->tok[from + 1].s;
                            const char *p2 = w == 2 ? many->tok[from + 2].s : NULL;
                            size_t sl = join_slot(one->s, p0, p1, p2, lone_in_q);
                            if (join_cached(cache, sl, one->s, p0, p1, p2, lone_in_q)) continue;
                            mm_tok m;
                            const char *joined;
                            int jl;
                            if (lone_in_q) {
                                jl = join(many, from, from + w, cbuf[nj], &m) ? m.len : -1;
                                joined = cbuf[nj];
                            } else {
                                int8_t *ql = &qlen[qi][i][w - 1];
                                if (!*ql) *ql = (int8_t)(join(many, from, from + w, qbuf[qi][i][w - 1], &m) ? m.len : -1);
                                jl = *ql;
                                joined = qbuf[qi][i][w - 1];
                            }
                            if (jl < 0) {
                                join_put(cache, sl, one->s, p0, p1, p2, lone_in_q, 0);
                                continue;
                            }
                            /* marked pending (-1) until worked out below, so a repeat is not taken twice */
                            join_put(cache, sl, one->s, p0, p1, p2, lone_in_q, -1);
                            jobs[nj++] = (job){lone_in_q ? one->s : joined, lone_in_q ? joined : one->s,
                                               (uint8_t)(lone_in_q ? one->len : jl), (uint8_t)(lone_in_q ? jl : one->len),
                                               (uint8_t)lone_in_q, 0, one->s, p0, p1, p2};
                        }
        }
    int width = mm_sim_batch_width();
    for (int x = 0; x < nj; x++) {
        if (jobs[x].done) continue;
        int pick[MM_SIM_BATCH_MAX], n = 0;
        for (int y = x; y < nj && n < width; y++)
            if (!jobs[y].done && jobs[y].a == jobs[x].a && jobs[y].la == jobs[x].la) {
                jobs[y].done = 1;
                pick[n++] = y;
            }
        const char *b[MM_SIM_BATCH_MAX];
        uint8_t lb[MM_SIM_BATCH_MAX];
        double sim[MM_SIM_BATCH_MAX];
        for (int t = 0; t < n; t++) {
            b[t] = jobs[pick[t]].b;
            lb[t] = jobs[pick[t]].lb;
        }
        mm_token_sim_batch(jobs[x].a, jobs[x].la, b, lb, n, MIN_SIM, false, sim);
        for (int t = 0; t < n; t++) {
            const job *jb = &jobs[pick[t]];
            join_put(cache, join_slot(jb->one, jb->p0, jb->p1, jb->p2, jb->lone_in_q), jb->one, jb->p0, jb->p1,
                     jb->p2, jb->lone_in_q, sim[t]);
        }
    }
}

void mm_name_prime(const mm_name *q, int nq, const mm_name *c, int nc, mm_simcache *cache)
{
    /* the candidates' parts, initials aside (they need no table), each once: their text
     * is the index's interned copy, so a small set of pointers finds the repeats */
    enum { MAX_PARTS = 512, SET = 1024 };
    const mm_tok *parts[MAX_PARTS];
    const char *set[SET] = {0};
    int np = 0;
    for (int k = 0; k < nc; k++)
        for (int j = 0; j < c[k].ntok && np < MAX_PARTS; j++) {
            const mm_tok *t = &c[k].tok[j];
            if (t->flags & MM_T_INITIAL) continue;
            size_t h = ((uintptr_t)t->s * 0x9E3779B1u >> 7) & (SET - 1);
            while (set[h] && set[h] != t->s) h = (h + 1) & (SET - 1);
            if (set[h]) continue;
            set[h] = t->s;
            parts[np++] = t;
        }
    /* each group of candidate parts against every query part in turn, so the group's
     * side of the tables is made once */
    int width = mm_sim_batch_width();
    for (int g = 0; g < np; g += width) {
        bool again = false;
        for (int i = 0; i < nq; i++)
            for (int k = 0; k < q[i].ntok; k++)
                if (!(q[i].tok[k].flags & MM_T_INITIAL)) {
                    spell_batch(&q[i].tok[k], parts + g, MH_MIN(width, np - g), again, cache);
                    again = true;
                }
    }
    prime_joins(q, nq, c, nc, cache);
}

static int cmp_pairing(const void *x, const void *y)
{
    const pairing *a = x, *b = y;
    if (a->sim != b->sim) return a->sim < b->sim ? 1 : -1;
    int sa = (a->q1 - a->q0) + (a->c1 - a->c0), sb = (b->q1 - b->q0) + (b->c1 - b->c0);
    if (sa != sb) return sa - sb;
    if (a->q0 != b->q0) return a->q0 - b->q0;
    return a->c0 - b->c0;
}

/* An acronym on one side ("fsb") made of the initials of the other's parts. */
static bool acronym_of(const mm_name *x, const mm_name *y)
{
    int nx = 0, xi = -1;
    for (int i = 0; i < x->ntok; i++)
        if (!(x->tok[i].flags & MM_T_STOP)) { nx++; xi = i; }
    if (nx != 1 || x->tok[xi].len < 2 || x->tok[xi].len > 8) return false;
    char ini[MM_MAX_TOK];
    int k = 0;
    for (int i = 0; i < y->ntok; i++)
        if (!(y->tok[i].flags & MM_T_STOP)) ini[k++] = y->tok[i].s[0];
    return k >= 2 && k == x->tok[xi].len && memcmp(ini, x->tok[xi].s, (size_t)k) == 0;
}

double mm_name_score(const mm_name *q, const mm_name *c, mh_match_features *f, mm_simcache *cache)
{
    f->name = 0;
    f->family = -1;
    f->weakest = 1;
    f->parts_matched = f->parts_unmatched = 0;
    f->order_swap = f->merged = f->initials = f->nickname = f->acronym = false;
    f->transliterated = q->translit || c->translit;
    f->original = MH_MATCH_Q_UNKNOWN;
    if (q->ntok == 0 || c->ntok == 0) return 0;
    if (q->orig && c->orig) {
        bool same = q->orig_len == c->orig_len && memcmp(q->orig, c->orig, q->orig_len) == 0;
        f->original = same ? MH_MATCH_Q_MATCH : MH_MATCH_Q_MISMATCH;
        if (same && q->ntok == c->ntok) {
            f->name = 1;
            f->parts_matched = q->ntok;
            for (int i = 0; i < q->ntok; i++)
                if (q->tok[i].flags & MM_T_FAMILY) f->family = 1;
            return 1;
        }
    }

    pairing pv[MM_MAX_TOK * MM_MAX_TOK * 5];
    int np = 0;
    uint8_t how;
    for (int i = 0; i < q->ntok; i++) {
        for (int j = 0; j < c->ntok; j++) {
            double s = part_sim(&q->tok[i], &c->tok[j], &how, cache);
            if (s >= MIN_SIM) pv[np++] = (pairing){i, i, j, j, s, how};
            /* Joins fix where a name is cut, not how it is spelled: same first letter. */
            for (int w = 1; w <= 2 && q->tok[i].s[0] == c->tok[j].s[0]; w++) {
                if (!(q->tok[i].flags & MM_T_INITIAL) && j + w < c->ntok) {
                    s = join_sim(&q->tok[i], c, j, w, true, cache);
                    if (s >= MIN_SIM) pv[np++] = (pairing){i, i, j, j + w, s, 3};
                }
                if (!(c->tok[j].flags & MM_T_INITIAL) && i + w < q->ntok) {
                    s = join_sim(&c->tok[j], q, i, w, false, cache);
                    if (s >= MIN_SIM) pv[np++] = (pairing){i, i + w, j, j, s, 3};
                }
            }
        }
    }
    /* A handful of pairs: an insertion sort, where qsort's call per comparison and its
     * merge buffer cost more than the sorting. It is stable, as glibc 2.36's qsort (a
     * merge sort) was, so pairs the order calls equal keep the order they were found in,
     * whatever the C library. */
    for (int a = 1; a < np; a++) {
        pairing t = pv[a];
        int b = a;
        for (; b > 0 && cmp_pairing(&pv[b - 1], &t) > 0; b--) pv[b] = pv[b - 1];
        pv[b] = t;
    }

    double qsim[MM_MAX_TOK] = {0}, csim[MM_MAX_TOK] = {0};
    bool qused[MM_MAX_TOK] = {0}, cused[MM_MAX_TOK] = {0};
    pairing chosen[MM_MAX_TOK];
    int nc = 0;
    for (int k = 0; k < np; k++) {
        const pairing *p = &pv[k];
        bool free_ = true;
        for (int i = p->q0; i <= p->q1; i++) free_ = free_ && !qused[i];
        for (int j = p->c0; j <= p->c1; j++) free_ = free_ && !cused[j];
        if (!free_) continue;
        for (int i = p->q0; i <= p->q1; i++) { qused[i] = true; qsim[i] = p->sim; }
        for (int j = p->c0; j <= p->c1; j++) { cused[j] = true; csim[j] = p->sim; }
        chosen[nc++] = *p;
        if (p->sim < f->weakest) f->weakest = p->sim;
        if (p->how == 1) f->initials = true;
        if (p->how == 2) f->nickname = true;
        if (p->how == 3) f->merged = true;
    }
    if (nc == 0) f->weakest = 0;

    /* Coverage of each side. */
    const mm_name *side[2] = {q, c};
    const double *sims[2] = {qsim, csim};
    const bool *used[2] = {qused, cused};
    double cov[2];
    bool leftover[2] = {false, false}, spare[2] = {false, false};
    /* A side has a spare part when something other than a particle or initial is left;
     * a middle name is only forgiven when the other side has nothing left to pair it with. */
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < side[s]->ntok; i++)
            if (!used[s][i] && !(side[s]->tok[i].flags & (MM_T_STOP | MM_T_INITIAL))) spare[s] = true;
    for (int s = 0; s < 2; s++) {
        const mm_name *nm = side[s];
        double got = 0, total = 0;
        for (int i = 0; i < nm->ntok; i++) {
            const mm_tok *t = &nm->tok[i];
            double w = weight(t);
            if (used[s][i]) {
                got += w * sims[s][i];
                total += w;
                if (t->flags & MM_T_FAMILY) f->family = f->family < 0 ? sims[s][i] : MH_MIN(f->family, sims[s][i]);
                continue;
            }
            bool middle = (t->flags & MM_T_PATRONYM) || (i > 0 && i + 1 < nm->ntok);
            if (middle && nc >= 2 && !spare[1 - s] && !(t->flags & MM_T_FAMILY)) w = MH_MIN(w, W_LEFTOVER_MIDDLE);
            else if (!(t->flags & (MM_T_STOP | MM_T_INITIAL))) leftover[s] = true;
            if (t->flags & MM_T_FAMILY) f->family = 0;
            if (!(t->flags & MM_T_STOP)) f->parts_unmatched++;
            total += w;
        }
        cov[s] = total > 0 ? got / total : 0;
    }
    double name = MH_MIN(cov[0], cov[1]);
    if (leftover[0] && leftover[1]) name *= P_BOTH_LEFTOVER;

    /* Order: the pairs, taken in the query's order, should rise in the candidate's. */
    for (int a = 0; a < nc; a++)
        for (int b = 0; b < nc; b++)
            if (chosen[a].q0 < chosen[b].q0 && chosen[a].c0 > chosen[b].c0) f->order_swap = true;
    f->parts_matched = nc;

    if (f->original == MH_MATCH_Q_MISMATCH) name *= P_HOMOPHONE;
    if (name < S_ACRONYM && (acronym_of(q, c) || acronym_of(c, q))) {
        name = S_ACRONYM;
        f->acronym = true;
    }
    f->name = name;
    return name;
}
