/* Samples: `sample by k [a] [b] ...` finds, for each join key, events matching every
 * filter, in any order and any time. For each key and filter it keeps the first few
 * matching events (enough for max_samples_per_key samples of distinct events); when the
 * input ends, keys are reported in key order, each with up to max_samples_per_key
 * combinations taken in order (the first filter's candidate varying slowest), as
 * Elasticsearch does. A new key past the memory limit is not tracked and is counted as
 * an eviction. */
#include "match_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct skey skey;
struct skey {
    eql_keyent ent; /* first: the table's entry is the key's samples */
    uint32_t *ncand;
    ev_copy **cand; /* nst * cap */
};

struct sample_state {
    uint32_t nst, cap, per_key;
    eql_keytab keys;
    skey **all;
    size_t nall, capall;
};

sample_state *eql_sample_new(mh_eql_matcher *m)
{
    sample_state *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->nst = m->q->nstages;
    s->per_key = m->q->opt.max_samples_per_key ? m->q->opt.max_samples_per_key : 1;
    s->cap = s->per_key + s->nst - 1;
    if (!eql_keytab_init(&s->keys)) { free(s); return NULL; }
    return s;
}

static size_t skey_bytes(const sample_state *s, const skey *k)
{
    return sizeof *k + k->ent.keylen + s->nst * (sizeof(uint32_t) + s->cap * sizeof(ev_copy *));
}

static skey *skey_get(mh_eql_matcher *m, sample_state *s, const char *key, size_t len, uint64_t h)
{
    skey *found = (skey *)eql_keytab_find(&s->keys, key, len, h);
    if (found) return found;
    if (m->st.memory > m->max_mem) { m->st.evictions++; return NULL; }
    if (s->nall == s->capall) {
        size_t nc = s->capall ? s->capall * 2 : 64;
        skey **na = realloc(s->all, nc * sizeof *na);
        if (!na) return NULL;
        s->all = na;
        s->capall = nc;
    }
    skey *k = calloc(1, sizeof *k);
    if (!k) return NULL;
    k->ncand = calloc(s->nst, sizeof *k->ncand);
    k->cand = calloc((size_t)s->nst * s->cap, sizeof *k->cand);
    if (!k->ncand || !k->cand || !eql_keytab_add(&s->keys, &k->ent, key, len, h)) {
        free(k->ncand); free(k->cand); free(k);
        return NULL;
    }
    s->all[s->nall++] = k;
    eql_mem_add(m, skey_bytes(s, k));
    return k;
}

mh_status eql_sample_push(mh_eql_matcher *m, sample_state *s, const mh_jv *doc, mh_err *e)
{
    (void)e;
    eql_keyset ks;
    for (uint32_t i = 0; i < s->nst; i++) {
        const eql_step *st = m->q->stages[i];
        if (!eql_step_match(m, st, doc) || !eql_keys_of(m, st, doc, &ks)) continue;
        for (uint32_t c = 0; c < ks.ncombos; c++) {
            skey *k = skey_get(m, s, ks.combos[c].bytes, ks.combos[c].len, ks.combos[c].hash);
            if (!k || k->ncand[i] >= s->cap) continue;
            ev_copy *cp = eql_cur_copy(m);
            if (!cp) continue;
            eql_copy_ref(cp);
            k->cand[(size_t)i * s->cap + k->ncand[i]++] = cp;
        }
    }
    return MH_OK;
}

static int cmp_skey(const void *x, const void *y)
{
    const skey *a = *(skey *const *)x, *b = *(skey *const *)y;
    return eql_keys_cmp(a->ent.key, a->ent.keylen, b->ent.key, b->ent.keylen);
}

typedef struct combo_ctx {
    mh_eql_matcher *m;
    sample_state *s;
    skey *k;
    ev_copy **pick;
    uint32_t emitted;
    mh_str *keys;
} combo_ctx;

static void emit_pick(combo_ctx *c)
{
    sample_state *s = c->s;
    mh_eql_hit *hits = mh_arena_alloc(&c->m->scratch, s->nst * sizeof *hits);
    if (!hits) return;
    for (uint32_t i = 0; i < s->nst; i++) hits[i] = (mh_eql_hit){c->pick[i]->json, c->pick[i]->len, c->pick[i]->ts, c->pick[i]->tb};
    mh_eql_result r = {.query = c->m->q, .nevents = s->nst, .events = hits, .nkeys = c->keys ? c->m->q->nkeys : 0, .keys = c->keys};
    eql_emit(c->m, &r, NULL);
    c->emitted++;
}

/* Depth-first over the filters: the first filter's candidate varies slowest. */
static void combos(combo_ctx *c, uint32_t i)
{
    sample_state *s = c->s;
    if (c->emitted >= s->per_key || c->m->done) return;
    if (i == s->nst) { emit_pick(c); return; }
    for (uint32_t j = 0; j < c->k->ncand[i] && c->emitted < s->per_key; j++) {
        ev_copy *e = c->k->cand[(size_t)i * s->cap + j];
        bool used = false;
        for (uint32_t p = 0; p < i && !used; p++) used = c->pick[p] == e;
        if (used) continue;
        c->pick[i] = e;
        combos(c, i + 1);
    }
}

void eql_sample_finish(mh_eql_matcher *m, sample_state *s)
{
    if (s->nall > 1) qsort(s->all, s->nall, sizeof *s->all, cmp_skey);
    ev_copy **pick = calloc(s->nst ? s->nst : 1, sizeof *pick);
    if (!pick) return;
    for (size_t i = 0; i < s->nall && !m->done; i++) {
        skey *k = s->all[i];
        bool complete = true;
        for (uint32_t st = 0; st < s->nst; st++) complete &= k->ncand[st] > 0;
        if (!complete) continue;
        size_t kb = 0;
        mh_str *keys = m->q->nkeys ? eql_keys_render(k->ent.key, k->ent.keylen, m->q->nkeys, &kb) : NULL;
        mh_arena_reset(&m->scratch);
        combo_ctx c = {.m = m, .s = s, .k = k, .pick = pick, .keys = keys};
        combos(&c, 0);
        free(keys);
    }
    free(pick);
}

void eql_sample_free(mh_eql_matcher *m, sample_state *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->nall; i++) {
        skey *k = s->all[i];
        for (size_t j = 0; j < (size_t)s->nst * s->cap; j++) eql_copy_unref(m, k->cand[j]);
        eql_mem_sub(m, skey_bytes(s, k));
        free(k->ent.key); free(k->ncand); free(k->cand); free(k);
    }
    free(s->all);
    eql_keytab_free(&s->keys);
    free(s);
}
