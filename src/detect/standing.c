/* Each covered person's standing with the home organisation over time — employed
 * (an Employment with it) and cleared (a Clearance, with its level) — so that rules can
 * ask whether an event fell before hiring, during service, or after leaving
 * (`subject.employed`, `subject.clearance`): the APPLICANT and REGAIN patterns. */
#include "detect_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct span {
    const char *person, *level; /* level NULL for employment */
    mh_time lo, hi;
} span;

struct standing_index {
    mh_arena arena;
    span *s;
    size_t n, cap;
    const mh_graph *g;
};

static int cmp_span(const void *a, const void *b) { return strcmp(((const span *)a)->person, ((const span *)b)->person); }

static bool add(standing_index *x, const char *person, const char *level, const mh_entity *ent)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 256;
        span *ns = realloc(x->s, cap * sizeof *ns);
        if (!ns) return false;
        x->s = ns;
        x->cap = cap;
    }
    mh_time lo = MH_TIME_NONE, hi = MH_TIME_NONE, a, b;
    const char *sd = mh_entity_first(ent, "startDate"), *ed = mh_entity_first(ent, "endDate");
    if (sd && mh_time_parse_iso(sd, strlen(sd), &a, &b, NULL)) lo = a;
    if (ed && mh_time_parse_iso(ed, strlen(ed), &a, &b, NULL)) hi = b;
    span *s = &x->s[x->n++];
    s->person = mh_arena_strndup(&x->arena, person, strlen(person));
    s->level = level ? mh_arena_strndup(&x->arena, level, strlen(level)) : NULL;
    s->lo = lo == MH_TIME_NONE ? INT64_MIN : lo;
    s->hi = hi == MH_TIME_NONE ? INT64_MAX : hi;
    return s->person != NULL;
}

static int on_employment(void *vctx, const mh_entity *ent)
{
    standing_index *x = vctx;
    const mh_prop *er = mh_entity_prop(ent, "employer");
    bool home = false;
    for (size_t i = 0; er && i < er->nvals; i++) home = home || mh_graph_is_home(x->g, er->vals[i]);
    if (!home) return 0;
    const mh_prop *p = mh_entity_prop(ent, "employee");
    for (size_t i = 0; p && i < p->nvals; i++)
        if (!add(x, p->vals[i], NULL, ent)) return 1;
    return 0;
}

static int on_clearance(void *vctx, const mh_entity *ent)
{
    standing_index *x = vctx;
    const mh_prop *p = mh_entity_prop(ent, "holder");
    const char *level = mh_entity_first(ent, "level");
    for (size_t i = 0; p && i < p->nvals; i++)
        if (!add(x, p->vals[i], level ? level : "unknown", ent)) return 1;
    return 0;
}

mh_status mh_standing_load(mh_store *s, const mh_graph *g, standing_index **out, mh_err *e)
{
    standing_index *x = calloc(1, sizeof *x);
    if (!x) return mh_err_set(e, MH_E_NOMEM, "out of memory");
    mh_arena_init(&x->arena, 32 * 1024);
    x->g = g;
    mh_status rc = mh_store_entities_each(s, "Employment", on_employment, x, e);
    if (!rc) rc = mh_store_entities_each(s, "Clearance", on_clearance, x, e);
    if (rc) {
        mh_standing_free(x);
        return rc;
    }
    if (x->n) qsort(x->s, x->n, sizeof *x->s, cmp_span);
    *out = x;
    return MH_OK;
}

void mh_standing_free(standing_index *x)
{
    if (!x) return;
    free(x->s);
    mh_arena_free(&x->arena);
    free(x);
}

void mh_standing_at(const standing_index *x, const char *person, mh_time t, bool *employed, const char **clearance)
{
    static const char *const rank[] = {"confidential", "secret", "top_secret"};
    *employed = false;
    *clearance = NULL;
    size_t lo = 0, hi = x->n;
    while (lo < hi) { /* the first span of PERSON */
        size_t mid = (lo + hi) / 2;
        if (strcmp(x->s[mid].person, person) < 0) lo = mid + 1;
        else hi = mid;
    }
    int best = -1;
    for (size_t i = lo; i < x->n && strcmp(x->s[i].person, person) == 0; i++) {
        const span *s = &x->s[i];
        if (t < s->lo || t > s->hi) continue;
        if (!s->level) {
            *employed = true;
            continue;
        }
        int r = 0;
        for (int k = 0; k < 3; k++)
            if (strcmp(s->level, rank[k]) == 0) r = k + 1;
        if (r > best) {
            best = r;
            *clearance = s->level;
        }
    }
}
