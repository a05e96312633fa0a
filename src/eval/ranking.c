/* The ranking under evaluation, and who the truth's users are in it. `molehunt detect`
 * stores one score row per covered person; those rows, highest first, are the ranked
 * population. Ground truth names people by entity id or, for CERT data, by user id, which
 * a UserAccount binds to its owner; this file maps each truth row to a ranked person. */
#include "molehunt/mh_eval.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    mh_arena *a;
    mh_eval_person *p;
    size_t n, cap;
    bool nomem;
} load_ctx;

static int take_score(void *vctx, const mh_score_rec *r)
{
    load_ctx *x = vctx;
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 1024;
        mh_eval_person *np = realloc(x->p, cap * sizeof *np);
        if (!np) return x->nomem = true, 1;
        x->p = np;
        x->cap = cap;
    }
    char *id = mh_arena_strndup(x->a, r->person, strlen(r->person));
    if (!id) return x->nomem = true, 1;
    x->p[x->n++] = (mh_eval_person){id, r->score, r->detected_at};
    return 0;
}

mh_status mh_eval_ranking_load(mh_store *s, mh_arena *a, mh_eval_ranking *out, mh_err *e)
{
    load_ctx x = {.a = a};
    out->people = NULL;
    out->n = 0;
    mh_status rc = mh_store_scores_each(s, NULL, take_score, &x, e);
    if (rc) goto out;
    if (x.nomem) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory loading scores");
        goto out;
    }
    if (!x.n) {
        rc = mh_err_set(e, MH_E_NOTFOUND, "the store has no scores: run 'molehunt detect' first");
        goto out;
    }
    out->people = mh_arena_alloc(a, x.n * sizeof *out->people);
    if (!out->people) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory loading scores");
        goto out;
    }
    memcpy(out->people, x.p, x.n * sizeof *out->people);
    out->n = x.n;
out:
    free(x.p);
    return rc;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

typedef struct {
    mh_eval_truth *t;
    mh_arena *a;
    bool nomem;
} acct_ctx;

/* A UserAccount whose username or id is an unresolved truth user resolves it to its owner. */
static int take_account(void *vctx, const mh_entity *ent)
{
    acct_ctx *x = vctx;
    const char *owner = mh_entity_first(ent, "owner");
    if (!owner) return 0;
    const mh_prop *names = mh_entity_prop(ent, "username");
    char *copy = NULL;
    for (size_t i = 0; i < x->t->nrows; i++) {
        mh_eval_truth_row *r = &x->t->rows[i];
        if (r->person) continue;
        bool hit = strcmp(r->user, ent->id) == 0;
        for (size_t k = 0; !hit && names && k < names->nvals; k++) hit = strcmp(r->user, names->vals[k]) == 0;
        if (!hit) continue;
        if (!copy && !(copy = mh_arena_strndup(x->a, owner, strlen(owner)))) return x->nomem = true, 1;
        r->person = copy;
    }
    return 0;
}

mh_status mh_eval_resolve(mh_store *s, const mh_eval_ranking *r, mh_eval_truth *t, mh_arena *a, mh_err *e)
{
    const char **ids = malloc((r->n ? r->n : 1) * sizeof *ids);
    if (!ids) return mh_err_set(e, MH_E_NOMEM, "out of memory resolving truth users");
    for (size_t i = 0; i < r->n; i++) ids[i] = r->people[i].id;
    qsort(ids, r->n, sizeof *ids, cmp_str);
    bool unresolved = false;
    for (size_t i = 0; i < t->nrows; i++) {
        const char **hit = bsearch(&t->rows[i].user, ids, r->n, sizeof *ids, cmp_str);
        t->rows[i].person = hit ? *hit : NULL;
        if (!hit) unresolved = true;
    }
    free(ids);
    if (!unresolved) return MH_OK;
    acct_ctx x = {.t = t, .a = a};
    mh_status rc = mh_store_entities_each(s, "UserAccount", take_account, &x, e);
    if (!rc && x.nomem) rc = mh_err_set(e, MH_E_NOMEM, "out of memory resolving truth users");
    return rc;
}
