/* The disclosure index: every self-report (Disclosure) in the store, by reporter, so
 * that a detector can ask "did this person report this record or this counterparty in
 * time?" for evidence from any date. Loaded once per run. */
#include "detect_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct person_discs {
    const char *person;
    disclosure *items;
    size_t n, cap;
} person_discs;

struct disc_index {
    mh_arena arena;
    person_discs *people; /* open addressing by person id */
    size_t cap, n;
};

static uint64_t hs(const char *s) { return mh_hash64(s, strlen(s), 0x646973); }

static person_discs *slot(disc_index *d, const char *person, bool create)
{
    size_t mask = d->cap - 1;
    for (size_t i = hs(person) & mask;; i = (i + 1) & mask) {
        person_discs *p = &d->people[i];
        if (!p->person) {
            if (!create) return NULL;
            p->person = mh_arena_strndup(&d->arena, person, strlen(person));
            d->n++;
            return p;
        }
        if (strcmp(p->person, person) == 0) return p;
    }
}

static bool grow(disc_index *d)
{
    if ((d->n + 1) * 2 < d->cap) return true;
    size_t cap = d->cap ? d->cap * 2 : 256;
    person_discs *old = d->people;
    size_t oldcap = d->cap;
    d->people = calloc(cap, sizeof *d->people);
    if (!d->people) { d->people = old; return false; }
    d->cap = cap;
    d->n = 0;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].person) continue;
        size_t mask = cap - 1, k = hs(old[i].person) & mask;
        while (d->people[k].person) k = (k + 1) & mask;
        d->people[k] = old[i];
        d->n++;
    }
    free(old);
    return true;
}

static const char **copy_vals(mh_arena *a, const mh_prop *p, size_t *n)
{
    *n = 0;
    if (!p || !p->nvals) return NULL;
    const char **v = mh_arena_alloc(a, p->nvals * sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < p->nvals; i++) v[(*n)++] = mh_arena_strndup(a, p->vals[i], strlen(p->vals[i]));
    return v;
}

static int add_one(void *vctx, const mh_entity *ent)
{
    disc_index *d = vctx;
    const mh_prop *rep = mh_entity_prop(ent, "reporter");
    mh_time lo = MH_TIME_NONE, hi = MH_TIME_NONE, a, b;
    const char *date = mh_entity_first(ent, "date");
    if (!date) date = mh_entity_first(ent, "startDate");
    if (date && mh_time_parse_iso(date, strlen(date), &a, &b, NULL)) lo = a, hi = b;
    const char *end = mh_entity_first(ent, "endDate");
    if (end && mh_time_parse_iso(end, strlen(end), &a, &b, NULL)) hi = b;
    if (lo == MH_TIME_NONE) return 0; /* an undated report cannot show timeliness */
    for (size_t r = 0; rep && r < rep->nvals; r++) {
        if (!grow(d)) return 1;
        person_discs *p = slot(d, rep->vals[r], true);
        if (p->n == p->cap) {
            size_t cap = p->cap ? p->cap * 2 : 4;
            disclosure *nd = realloc(p->items, cap * sizeof *nd);
            if (!nd) return 1;
            p->items = nd;
            p->cap = cap;
        }
        disclosure *x = &p->items[p->n++];
        x->id = mh_arena_strndup(&d->arena, ent->id, strlen(ent->id));
        const char *kind = mh_entity_first(ent, "kind");
        x->kind = kind ? mh_arena_strndup(&d->arena, kind, strlen(kind)) : "other";
        x->lo = lo;
        x->hi = hi;
        x->counterparties = copy_vals(&d->arena, mh_entity_prop(ent, "counterparty"), &x->ncp);
        x->records = copy_vals(&d->arena, mh_entity_prop(ent, "record"), &x->nrec);
    }
    return 0;
}

mh_status mh_disc_load(mh_store *s, disc_index **out, mh_err *e)
{
    disc_index *d = calloc(1, sizeof *d);
    if (!d) return mh_err_set(e, MH_E_NOMEM, "out of memory");
    mh_arena_init(&d->arena, 64 * 1024);
    mh_status rc = mh_store_entities_each(s, "Disclosure", add_one, d, e);
    if (rc) {
        mh_disc_free(d);
        return rc;
    }
    *out = d;
    return MH_OK;
}

void mh_disc_free(disc_index *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->cap; i++) free(d->people[i].items);
    free(d->people);
    mh_arena_free(&d->arena);
    free(d);
}

static bool has(const char **v, size_t n, const char *x)
{
    for (size_t i = 0; x && i < n; i++)
        if (strcmp(v[i], x) == 0) return true;
    return false;
}

const disclosure *mh_disc_covering(const disc_index *d, const char *person, const char *rec_id,
                                   const char *counterparty, mh_time due)
{
    if (!d->cap) return NULL;
    person_discs *p = slot((disc_index *)d, person, false);
    for (size_t i = 0; p && i < p->n; i++) {
        const disclosure *x = &p->items[i];
        if (x->lo > due) continue;
        if (has(x->records, x->nrec, rec_id) || has(x->counterparties, x->ncp, counterparty)) return x;
    }
    return NULL;
}

const disclosure *mh_disc_of_kind(const disc_index *d, const char *person, const char *kind, mh_time lo, mh_time hi)
{
    if (!d->cap) return NULL;
    person_discs *p = slot((disc_index *)d, person, false);
    for (size_t i = 0; p && i < p->n; i++) {
        const disclosure *x = &p->items[i];
        if (strcmp(x->kind, kind) == 0 && x->lo <= hi && x->lo >= lo) return x;
    }
    return NULL;
}
