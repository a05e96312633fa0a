/* Searching the index: the candidate step (candidates.c) picks the few entities worth a
 * full score; each is scored here name against name (align.c), its qualifiers weighed
 * (qualify.c), and the hits at or above the threshold returned best first. */
#include "index_int.h"

#include <stdlib.h>
#include <string.h>

#define MAX_QNAMES 16
#define MAX_LIFT 0.36 /* the most qualifiers can add (docs/match.md) */

struct mh_match_searcher {
    const mh_match_index *ix;
    mh_match_norm *norm;
    mm_candset *cands;
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
    s->cands = mm_candset_new();
    s->hits = malloc(MM_TOP_K * sizeof *s->hits);
    s->cache = calloc(1, sizeof *s->cache);
    s->hcap = MM_TOP_K;
    mh_arena_init(&s->arena, 65536);
    if (!s->cands || !s->hits || !s->cache) {
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
    mm_candset_free(s->cands);
    free(s->hits);
    free(s->cache);
    mh_arena_free(&s->arena);
    free(s);
}

static int cmp_hit(const void *a, const void *b)
{
    const mh_match_hit *x = a, *y = b;
    if (x->score != y->score) return x->score < y->score ? 1 : -1;
    return strcmp(x->entity_id, y->entity_id);
}

static mh_status search(mh_match_searcher *s, const mm_name *qn, int nq, const mm_quals *qq, const mh_match_opts *o,
                        mh_match_hits *out, mh_err *e)
{
    const mh_match_index *ix = s->ix;
    out->v = s->hits;
    out->n = 0;
    double threshold = o && o->threshold > 0 ? o->threshold : MH_MATCH_SHOW;
    size_t limit = o && o->limit ? o->limit : 10;
    if (ix->ents.n == 0 || nq == 0) return MH_OK;
    if (++s->cache->gen == 0) {
        memset(s->cache, 0, sizeof *s->cache);
        s->cache->gen = 1;
    }

    mm_cand cands[MM_TOP_K];
    int nh = mm_candidates(s->cands, ix, qn, nq, qq, o && o->exhaustive, cands);

    /* The few candidates' records lie anywhere in the index: ask for all of them at once,
     * one level of indirection at a time, so their misses overlap instead of queueing. */
    for (int c = 0; c < nh; c++) __builtin_prefetch(&ix->ents.v[cands[c].ent], 0, 0);
    /* A query that carries no qualifier is weighed the same against any candidate's
     * (mm_qualify weighs only what both sides carry): theirs need not be read. */
    bool bare = qq->kind == MM_K_ANY && !qq->gender && !qq->ncountries && !qq->ndates && !qq->nids;
    static const mm_quals none = {0};
    for (int c = 0; c < nh; c++) {
        const ix_ent *ent = &ix->ents.v[cands[c].ent];
        __builtin_prefetch(&ix->names.v[ent->name_lo], 0, 0);
        if (!bare) __builtin_prefetch(&ix->quals.v[ent->qual_off], 0, 0);
    }
    for (int c = 0; c < nh; c++) {
        const ix_ent *ent = &ix->ents.v[cands[c].ent];
        for (uint32_t j = 0; j < ent->nnames && j < 4; j++) {
            const ix_name *nm = &ix->names.v[ent->name_lo + j];
            __builtin_prefetch(&ix->ntoks.v[nm->tok_lo], 0, 0);
            __builtin_prefetch(&ix->nflags.v[nm->tok_lo], 0, 0);
        }
    }
    /* then where their parts' text is, then the text */
    for (int pass = 0; pass < 2; pass++)
        for (int c = 0; c < nh; c++) {
            const ix_ent *ent = &ix->ents.v[cands[c].ent];
            const ix_name *nm = &ix->names.v[ent->name_lo];
            for (uint32_t t = 0; t < nm->ntok && t < 4; t++) {
                uint32_t id = ix->ntoks.v[nm->tok_lo + t];
                if (pass == 0) __builtin_prefetch(&ix->dict_off.v[id], 0, 0);
                else __builtin_prefetch(ix->strs.v + ix->dict_off.v[id], 0, 0);
            }
        }
    /* Each candidate's first name, its parts' similarities to the query's worked out
     * together (mm_name_prime) before any is scored. */
    mm_name first[MM_TOP_K];
    for (int c = 0; c < nh; c++) {
        const ix_ent *ent = &ix->ents.v[cands[c].ent];
        if (ent->nnames) ix_name_get(ix, ent->name_lo, &first[c]);
        else first[c].ntok = 0;
    }
    mm_name_prime(qn, nq, first, nh, s->cache);
    size_t nhits = 0;
    for (int c = 0; c < nh; c++) {
        uint32_t en = cands[c].ent;
        const ix_ent *ent = &ix->ents.v[en];
        double best = -1;
        mh_match_features bf = {0}, f;
        uint32_t best_name = ent->name_lo;
        for (uint32_t j = 0; j < ent->nnames; j++) {
            mm_name other;
            const mm_name *cn = &first[c];
            if (j > 0) {
                ix_name_get(ix, ent->name_lo + j, &other);
                cn = &other;
            }
            for (int i = 0; i < nq; i++) {
                double sc = mm_name_score(&qn[i], cn, &f, s->cache);
                if (sc > best) {
                    best = sc;
                    bf = f;
                    best_name = ent->name_lo + j;
                }
            }
        }
        if (best + MAX_LIFT < threshold) continue; /* no qualifier can lift it to the threshold */
        mm_quals cq;
        if (!bare) ix_quals_get(ix, en, &cq);
        double score = mm_qualify(qq, bare ? &none : &cq, best, &bf);
        if (score < threshold) continue;
        mh_match_hit *h = &s->hits[nhits++];
        h->entity_id = ix->strs.v + ent->id_off;
        __builtin_prefetch(h->entity_id, 0, 0); /* ties are ordered by it, below */
        h->schema = mm_schemas[ent->schema];
        h->name = ix->strs.v + ix->names.v[best_name].raw_off;
        h->score = score;
        h->features = bf;
    }
    /* At most MM_TOP_K: an insertion sort, without the calls of qsort */
    for (size_t i = 1; i < nhits; i++) {
        mh_match_hit t = s->hits[i];
        size_t j = i;
        for (; j > 0 && cmp_hit(&s->hits[j - 1], &t) > 0; j--) s->hits[j] = s->hits[j - 1];
        s->hits[j] = t;
    }
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
