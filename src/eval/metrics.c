/* The metrics: recall and precision at review budgets, ROC AUC, per-scenario recall and
 * time to detection (definitions in docs/eval.md). People with equal scores are in no
 * meaningful order, so a budget that cuts through a tie credits each tied insider with
 * the share of the tie that falls inside it (the expected count under a random order),
 * and AUC gives tied pairs half credit; neither depends on how the store broke ties. */
#include "molehunt/mh_eval.h"

#include <stdlib.h>
#include <string.h>

static const size_t default_k[] = {1, 5, 10, 25, 50, 100};

typedef struct {
    const mh_eval_person *p;
    size_t i; /* index in the ranking as given */
} ranked;

static int by_score(const void *va, const void *vb)
{
    const ranked *a = va, *b = vb;
    if (a->p->score != b->p->score) return a->p->score > b->p->score ? -1 : 1;
    return strcmp(a->p->id, b->p->id);
}

static int by_id(const void *va, const void *vb)
{
    const ranked *a = *(const ranked *const *)va, *b = *(const ranked *const *)vb;
    return strcmp(a->p->id, b->p->id);
}

static int cmp_double(const void *va, const void *vb)
{
    double a = *(const double *)va, b = *(const double *)vb;
    return a < b ? -1 : a > b;
}

/* Expected members of the set W (w[pos] = 1) among the first K positions, with tie groups
 * [lo[pos], hi[pos]) shared out in proportion. */
static double found_at(size_t k, size_t n, const unsigned char *w, const size_t *lo, const size_t *hi)
{
    double found = 0;
    for (size_t g = 0; g < n && g < k; g = hi[g]) {
        size_t m = 0;
        for (size_t i = g; i < hi[g]; i++) m += w[i];
        if (!m) continue;
        if (hi[g] <= k) found += (double)m;
        else found += (double)m * (double)(k - lo[g]) / (double)(hi[g] - lo[g]);
    }
    return found;
}

static mh_eval_at at_budget(size_t k, size_t n, size_t total, const unsigned char *w, const size_t *lo,
                            const size_t *hi)
{
    mh_eval_at r = {.k = MH_MIN(k, n)};
    r.found = found_at(r.k, n, w, lo, hi);
    r.recall = total ? r.found / (double)total : 0;
    r.precision = r.k ? r.found / (double)r.k : 0;
    return r;
}

/* The budget that is PCT per cent of N people, rounded up, at least one. */
static size_t pct_budget(size_t n, unsigned pct)
{
    size_t k = (n * pct + 99) / 100;
    return k ? k : 1;
}

static int cmp_size(const void *va, const void *vb)
{
    size_t a = *(const size_t *)va, b = *(const size_t *)vb;
    return a < b ? -1 : a > b;
}

mh_status mh_eval_compute(const mh_eval_ranking *r, const mh_eval_truth *t, const size_t *extra_k, size_t nextra,
                          mh_arena *a, mh_eval_result *out, mh_err *e)
{
    memset(out, 0, sizeof *out);
    size_t n = r->n;
    if (!n) return mh_err_set(e, MH_E_NOTFOUND, "nothing is ranked: run 'molehunt detect' first");
    if (!t->nrows) return mh_err_set(e, MH_E_INPUT, "%s: no usable ground-truth rows", t->name ? t->name : "truth");
    mh_status rc = MH_OK;
    ranked *order = malloc(n * sizeof *order);
    ranked **byid = malloc(n * sizeof *byid);
    size_t *lo = malloc(n * sizeof *lo), *hi = malloc(n * sizeof *hi);
    unsigned char *w = calloc(n, 1);
    size_t *ins_of_row = malloc(t->nrows * sizeof *ins_of_row);
    size_t *ins_pos = malloc(t->nrows * sizeof *ins_pos); /* an insider's position in order */
    size_t *ks = malloc((MH_ARRAY_LEN(default_k) + nextra) * sizeof *ks);
    unsigned char *sw = calloc(n, 1);                     /* one scenario's insiders */
    bool *seen = calloc(t->nrows, sizeof *seen);
    double *ttd = malloc(t->nrows * sizeof *ttd);
    out->ins = mh_arena_zalloc(a, t->nrows * sizeof *out->ins);
    out->scen = mh_arena_zalloc(a, t->nrows * sizeof *out->scen);
    out->at_k = mh_arena_zalloc(a, (MH_ARRAY_LEN(default_k) + nextra) * sizeof *out->at_k);
    if (!order || !byid || !lo || !hi || !w || !ins_of_row || !ins_pos || !ks || !sw || !seen || !ttd || !out->ins ||
        !out->scen || !out->at_k) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory computing metrics");
        goto out;
    }

    /* The order, and each position's tie group. */
    for (size_t i = 0; i < n; i++) order[i] = (ranked){&r->people[i], i};
    qsort(order, n, sizeof *order, by_score);
    for (size_t g = 0, i; g < n; g = i) {
        for (i = g; i < n && order[i].p->score == order[g].p->score; i++) lo[i] = g;
        for (size_t j = g; j < i; j++) hi[j] = i;
    }
    for (size_t i = 0; i < n; i++) byid[i] = &order[i];
    qsort(byid, n, sizeof *byid, by_id);

    /* Insiders: one per distinct person, in order of first appearance. */
    for (size_t i = 0; i < t->nrows; i++) {
        const mh_eval_truth_row *row = &t->rows[i];
        const char *who = row->person ? row->person : row->user;
        size_t k;
        for (k = 0; k < out->nins && strcmp(out->ins[k].person, who) != 0; k++) {}
        ins_of_row[i] = k;
        if (k < out->nins) {
            if (row->start < out->ins[k].start) out->ins[k].start = row->start;
            continue;
        }
        mh_eval_insider *in = &out->ins[out->nins++];
        *in = (mh_eval_insider){.person = who, .scenario = row->scenario, .line = row->line, .start = row->start,
                                .detected_at = MH_TIME_NONE};
        ranked key_r = {&(mh_eval_person){.id = who}, 0}, *key = &key_r;
        ranked **hit = bsearch(&key, byid, n, sizeof *byid, by_id);
        if (hit) {
            size_t pos = (size_t)(*hit - order);
            in->ranked = true;
            in->rank = lo[pos] + 1;
            in->score = (*hit)->p->score;
            ins_pos[out->nins - 1] = pos;
            in->detected_at = (*hit)->p->detected_at;
            w[pos] = 1;
            out->insiders_ranked++;
        }
    }
    out->insiders = out->nins;
    out->population = n;

    /* Budgets. */
    out->pct1 = at_budget(pct_budget(n, 1), n, out->insiders, w, lo, hi);
    out->pct5 = at_budget(pct_budget(n, 5), n, out->insiders, w, lo, hi);
    size_t nks = 0;
    for (size_t i = 0; i < MH_ARRAY_LEN(default_k) + nextra; i++) {
        size_t k = i < MH_ARRAY_LEN(default_k) ? default_k[i] : extra_k[i - MH_ARRAY_LEN(default_k)];
        if (k) ks[nks++] = MH_MIN(k, n);
    }
    qsort(ks, nks, sizeof *ks, cmp_size);
    for (size_t i = 0; i < nks; i++)
        if (!out->nk || out->at_k[out->nk - 1].k != ks[i]) out->at_k[out->nk++] = at_budget(ks[i], n, out->insiders, w, lo, hi);

    /* ROC AUC (Mann-Whitney): each insider-other pair counts 1 when the insider scores
     * higher, 1/2 when they tie. */
    size_t pos_n = out->insiders_ranked, neg_n = n - pos_n;
    if (pos_n && neg_n) {
        double pairs = 0;
        size_t neg_below = neg_n; /* non-insiders at or after the current group */
        for (size_t g = 0; g < n; g = hi[g]) {
            size_t p = 0, q = 0;
            for (size_t i = g; i < hi[g]; i++) {
                if (w[i]) p++;
                else q++;
            }
            neg_below -= q;
            pairs += (double)p * ((double)neg_below + 0.5 * (double)q);
        }
        out->auc = pairs / ((double)pos_n * (double)neg_n);
        out->auc_defined = true;
    }

    /* Per scenario: the insiders with a row of that scenario. */
    for (size_t i = 0; i < t->nrows; i++) {
        size_t s;
        for (s = 0; s < out->nscen && strcmp(out->scen[s].name, t->rows[i].scenario) != 0; s++) {}
        if (s < out->nscen) continue;
        mh_eval_scenario *sc = &out->scen[out->nscen++];
        sc->name = t->rows[i].scenario;
        memset(sw, 0, n);
        memset(seen, 0, t->nrows * sizeof *seen);
        for (size_t j = i; j < t->nrows; j++) {
            if (strcmp(t->rows[j].scenario, sc->name) != 0 || seen[ins_of_row[j]]) continue;
            seen[ins_of_row[j]] = true;
            sc->insiders++;
        }
        for (size_t k = 0; k < out->nins; k++)
            if (seen[k] && out->ins[k].ranked) sw[ins_pos[k]] = 1;
        sc->at_5pct = at_budget(pct_budget(n, 5), n, sc->insiders, sw, lo, hi);
        sc->at_insiders = at_budget(out->insiders, n, sc->insiders, sw, lo, hi);
    }

    /* Time to detection, in days; negative when detected before the truth's start. */
    size_t nd = 0;
    for (size_t k = 0; k < out->nins; k++)
        if (out->ins[k].detected_at != MH_TIME_NONE)
            ttd[nd++] = (double)(out->ins[k].detected_at - out->ins[k].start) / 86400000.0;
    out->detected = nd;
    if (nd) {
        qsort(ttd, nd, sizeof *ttd, cmp_double);
        out->ttd_median_days = nd % 2 ? ttd[nd / 2] : (ttd[nd / 2 - 1] + ttd[nd / 2]) / 2;
        out->ttd_worst_days = ttd[nd - 1];
    }
out:
    free(order);
    free(byid);
    free(lo);
    free(hi);
    free(w);
    free(ins_of_row);
    free(ins_pos);
    free(ks);
    free(sw);
    free(seen);
    free(ttd);
    return rc;
}
