/* Routine: how long a person has been doing what a rule matched. Some rules match a single
 * act that is some people's daily habit (an upload to cloud storage); for them each day's
 * match says nothing new, and a queue that lists them every day buries the person for
 * whom the act is new. So the person's own earlier days are consulted: the share of their
 * active days before the match that show the behaviour becomes the alert's mitigation,
 * up to MH_UEBA_ROUTINE_CAP, once they have MH_UEBA_ROUTINE_MIN_DAYS active days (with
 * fewer, nothing can be called a habit yet). Only earlier days count, so a habit never
 * hides its own first days, and a behaviour that began with the matter at hand is not
 * yet routine. */
#include "ueba_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rday {
    uint32_t who; /* index into names */
    int32_t day;
    uint16_t mask; /* features present that day (bit f) */
} rday;

struct mh_ueba_routine {
    mh_arena a;         /* the names' text */
    const char **names; /* people, sorted */
    size_t npeople;
    size_t *lo;         /* days of person i: v[lo[i] .. lo[i + 1]) */
    rday *v;
    size_t n;
};

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static int cmp_rday(const void *a, const void *b)
{
    const rday *x = a, *y = b;
    if (x->who != y->who) return x->who < y->who ? -1 : 1;
    return x->day < y->day ? -1 : x->day > y->day;
}

static size_t find_name(const mh_ueba_routine *r, const char *person)
{
    const char **hit = bsearch(&person, r->names, r->npeople, sizeof *r->names, cmp_str);
    return hit ? (size_t)(hit - r->names) : SIZE_MAX;
}

int mh_ueba_feature_find(const char *tag, size_t len)
{
    for (int f = 0; f < MH_UF__COUNT; f++) {
        const char *t = mh_ueba_feature_tag((mh_ueba_feature)f);
        if (strlen(t) == len && memcmp(t, tag, len) == 0) return f;
    }
    return -1;
}

mh_status mh_ueba_routine_build(const mh_ueba_set *set, mh_ueba_routine **out, mh_err *e)
{
    *out = NULL;
    mh_ueba_routine *r = calloc(1, sizeof *r);
    if (!r) return mh_err_set(e, MH_E_NOMEM, "out of memory for the routine index");
    mh_arena_init(&r->a, 1 << 14);
    r->names = malloc((set->nusers ? set->nusers : 1) * sizeof *r->names);
    r->v = malloc((set->n ? set->n : 1) * sizeof *r->v);
    if (!r->names || !r->v) goto nomem;
    for (size_t u = 0; u < set->nusers; u++)
        if (set->person[u]) r->names[r->npeople++] = set->person[u];
    if (r->npeople) qsort(r->names, r->npeople, sizeof *r->names, cmp_str);
    size_t m = 0; /* one name per person (a person may hold several accounts) */
    for (size_t i = 0; i < r->npeople; i++)
        if (!m || strcmp(r->names[m - 1], r->names[i]) != 0) r->names[m++] = r->names[i];
    r->npeople = m;
    for (size_t i = 0; i < set->n; i++) {
        const mh_ueba_day *d = &set->days[i];
        const char *p = d->user < set->nusers ? set->person[d->user] : NULL;
        if (!p) continue;
        uint16_t mask = 0;
        for (int f = 0; f < MH_UF__COUNT; f++)
            if (d->f[f] > 0) mask |= (uint16_t)(1u << f);
        r->v[r->n++] = (rday){(uint32_t)find_name(r, p), d->day, mask};
    }
    if (r->n) qsort(r->v, r->n, sizeof *r->v, cmp_rday);
    m = 0; /* one entry per person and day: the accounts' days together */
    for (size_t i = 0; i < r->n; i++) {
        if (m && r->v[m - 1].who == r->v[i].who && r->v[m - 1].day == r->v[i].day) r->v[m - 1].mask |= r->v[i].mask;
        else r->v[m++] = r->v[i];
    }
    r->n = m;
    r->lo = calloc(r->npeople + 1, sizeof *r->lo);
    if (!r->lo) goto nomem;
    for (size_t i = 0; i < r->npeople; i++) /* the set's strings go with the set */
        if (!(r->names[i] = mh_arena_strndup(&r->a, r->names[i], strlen(r->names[i])))) goto nomem;
    for (size_t i = 0, p = 0; p <= r->npeople; p++) {
        while (i < r->n && r->v[i].who < p) i++;
        r->lo[p] = i;
    }
    *out = r;
    return MH_OK;
nomem:
    mh_ueba_routine_free(r);
    return mh_err_set(e, MH_E_NOMEM, "out of memory for the routine index");
}

void mh_ueba_routine_free(mh_ueba_routine *r)
{
    if (!r) return;
    mh_arena_free(&r->a);
    free(r->names);
    free(r->lo);
    free(r->v);
    free(r);
}

double mh_ueba_routine_share(void *ctx, const char *person, mh_time before, const char *const *features, size_t nf,
                             char *why, size_t whylen)
{
    const mh_ueba_routine *r = ctx;
    if (why && whylen) why[0] = '\0';
    int feat[MH_RULE_MAX_ROUTINE];
    uint16_t want = 0;
    if (nf > MH_RULE_MAX_ROUTINE) return 0;
    for (size_t i = 0; i < nf; i++) {
        if ((feat[i] = mh_ueba_feature_find(features[i], strlen(features[i]))) < 0)
            return 0; /* the pipeline refuses such rules before they run */
        want |= (uint16_t)(1u << feat[i]);
    }
    size_t p = r && person && want ? find_name(r, person) : SIZE_MAX;
    if (p == SIZE_MAX) return 0;
    int32_t day = (int32_t)mh_time_day(before);
    uint32_t n = 0, k = 0;
    for (size_t i = r->lo[p]; i < r->lo[p + 1] && r->v[i].day < day; i++) {
        n++;
        k += (r->v[i].mask & want) == want;
    }
    if (n < MH_UEBA_ROUTINE_MIN_DAYS || k == 0) return 0;
    double share = (double)k / n;
    if (share > MH_UEBA_ROUTINE_CAP) share = MH_UEBA_ROUTINE_CAP;
    if (why && whylen) {
        char date[16];
        mh_time_format_date((mh_time)day * 86400000, date, sizeof date);
        int at = snprintf(why, whylen, "%s", MH_ROUTINE_WHY);
        for (size_t i = 0; i < nf && at > 0 && (size_t)at < whylen; i++)
            at += snprintf(why + at, whylen - (size_t)at, "%s%s", i ? " and " : "",
                           mh_ueba_feature_text((mh_ueba_feature)feat[i]));
        if (at > 0 && (size_t)at < whylen)
            snprintf(why + at, whylen - (size_t)at, " on %u of their %u active days before %s (mitigation %.2f)", k, n,
                     date, share);
    }
    return share;
}
