/* Layoff context: the share of a user's team that left in the weeks before a day.
 * Organisational stressors — layoffs in one's own team above all — precede many insider
 * cases (CERT's MERIT model of disgruntlement; the "ego" of MICE), and CERT scenario 5
 * is exactly that: a member of a decimated group uploads documents. But most people in a
 * laid-off team do nothing wrong, so this is context, never an indicator: score.c uses it
 * only to weigh exfiltration that is already anomalous more (docs/cert.md).
 *
 * Teams lose people all the time, so departures count only when they are a layoff: at
 * least MH_UEBA_LAYOFF_MIN left, and the organisation's own turnover over the same window
 * would make that many of the team leave with a probability below MH_UEBA_LAYOFF_P (the
 * binomial tail) — 2 of 12 in 60 days is turnover, 5 of 9 is not.
 *
 * A team is a Membership's organisation and role ("team 3" of a department, as ingest
 * --cert writes it from the LDAP snapshots). A member's departure counts from the day
 * after the Membership's recorded end: for an end month ("2010-01", all the monthly
 * snapshots can say) that is the first day of the next month, the snapshot that first
 * lacks them — so the context uses nothing a program could not have known on the day. */
#include "ueba_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS 86400000

/* Members of M in the team at some time in the window before DAY (*OF), and of those the
 * ones whose departure became known in it (*LEFT). */
static void tally(const mh_ueba_member *m, size_t n, int32_t day, uint32_t *left, uint32_t *of)
{
    uint32_t l = 0, o = 0;
    int32_t from = day - MH_UEBA_LAYOFF_DAYS;
    for (size_t i = 0; i < n; i++) {
        if (m[i].start > day || m[i].left <= from) continue;
        o++;
        if (m[i].left <= day) l++;
    }
    *left = l, *of = o;
}

/* P(X >= L) for X ~ Binomial(N, P): how likely turnover at rate P alone makes L of N leave. */
static double tail(uint32_t l, uint32_t n, double p)
{
    if (l == 0 || p >= 1) return 1;
    if (p <= 0) return 0;
    double below = 0, lp = n * log1p(-p); /* log P(X = 0) */
    for (uint32_t k = 0; k < l && k <= n; k++) {
        below += exp(lp);
        lp += log((double)(n - k) / (k + 1)) + log(p) - log1p(-p);
    }
    return below >= 1 ? 0 : 1 - below;
}

/* The same without member SELF, from the team's tally; a layoff only when turnover at the
 * organisation's RATE would hardly explain it. */
static double share_without(const mh_ueba_member *m, size_t self, int32_t day, double rate, uint32_t *left,
                            uint32_t *of)
{
    if (self != SIZE_MAX && m[self].start <= day && m[self].left > day - MH_UEBA_LAYOFF_DAYS) {
        (*of)--;
        if (m[self].left <= day) (*left)--;
    }
    if (*left < MH_UEBA_LAYOFF_MIN || !*of || tail(*left, *of, rate) >= MH_UEBA_LAYOFF_P) return 0;
    return (double)*left / *of;
}

double mh_ueba_count_leavers(const mh_ueba_member *m, size_t n, size_t self, int32_t day, double rate,
                             uint32_t *left, uint32_t *of)
{
    tally(m, n, day, left, of);
    return share_without(m, self < n ? self : SIZE_MAX, day, rate, left, of);
}

typedef struct member_rec {
    const char *person, *team; /* team = "organisation|role" */
    mh_ueba_member m;
} member_rec;

struct ueba_teams {
    mh_arena a;
    member_rec *r; /* sorted by team, then person */
    size_t n, cap;
    bool oom;
};

static int32_t day_of_ms(mh_time t) { return (int32_t)mh_time_day(t); }

static int on_membership(void *ctx, const mh_entity *ent)
{
    ueba_teams *T = ctx;
    const char *p = mh_entity_first(ent, "member"), *org = mh_entity_first(ent, "organization"),
               *role = mh_entity_first(ent, "role"), *sd = mh_entity_first(ent, "startDate"),
               *ed = mh_entity_first(ent, "endDate");
    if (!p || !org) return 0;
    mh_time lo, hi;
    mh_ueba_member m = {INT32_MIN, INT32_MAX};
    if (sd && mh_time_parse_iso(sd, strlen(sd), &lo, &hi, NULL)) m.start = day_of_ms(lo);
    if (ed && mh_time_parse_iso(ed, strlen(ed), &lo, &hi, NULL)) m.left = day_of_ms(hi + 1);
    if (T->n == T->cap) {
        size_t nc = T->cap ? T->cap * 2 : 256;
        member_rec *nr = realloc(T->r, nc * sizeof *nr);
        if (!nr) return T->oom = true, 1;
        T->r = nr, T->cap = nc;
    }
    size_t lo_len = strlen(org), ro_len = role ? strlen(role) : 0;
    char *team = mh_arena_alloc(&T->a, lo_len + ro_len + 2);
    char *person = mh_arena_strndup(&T->a, p, strlen(p));
    if (!team || !person) return T->oom = true, 1;
    memcpy(team, org, lo_len);
    team[lo_len] = '|';
    memcpy(team + lo_len + 1, role ? role : "", ro_len);
    team[lo_len + 1 + ro_len] = '\0';
    T->r[T->n++] = (member_rec){person, team, m};
    return 0;
}

static int cmp_rec(const void *a, const void *b)
{
    const member_rec *x = a, *y = b;
    int c = strcmp(x->team, y->team);
    return c ? c : strcmp(x->person, y->person);
}

mh_status ueba_teams_load(mh_store *s, ueba_teams **out, mh_err *e)
{
    ueba_teams *T = calloc(1, sizeof *T);
    if (!T) return mh_err_set(e, MH_E_NOMEM, "out of memory");
    mh_arena_init(&T->a, 1 << 16);
    mh_status rc = mh_store_entities_each(s, "Membership", on_membership, T, e);
    if (!rc && T->oom) rc = mh_err_set(e, MH_E_NOMEM, "out of memory reading memberships");
    if (rc) {
        ueba_teams_free(T);
        return rc;
    }
    if (T->n) qsort(T->r, T->n, sizeof *T->r, cmp_rec);
    *out = T;
    return MH_OK;
}

void ueba_teams_free(ueba_teams *T)
{
    if (!T) return;
    mh_arena_free(&T->a);
    free(T->r);
    free(T);
}

typedef struct by_person {
    const char *person;
    size_t rec;
} by_person;

static int cmp_bp(const void *a, const void *b) { return strcmp(((const by_person *)a)->person, ((const by_person *)b)->person); }

/* Days come in any order; each gets its user's team context. A person in several teams
 * takes the first (by team name): one team is one set of colleagues to count. */
bool ueba_teams_apply(const ueba_teams *T, mh_ueba_day *days, size_t n, const char *const *person, size_t nusers)
{
    if (!T || !T->n) return true;
    by_person *bp = malloc(T->n * sizeof *bp);
    size_t *team0 = malloc(T->n * sizeof *team0), *team1 = malloc(T->n * sizeof *team1);
    mh_ueba_member *mem = malloc(T->n * sizeof *mem);
    size_t *urec = malloc((nusers ? nusers : 1) * sizeof *urec);
    int32_t *cday = malloc(T->n * sizeof *cday);
    uint32_t *cleft = malloc(T->n * sizeof *cleft), *cof = malloc(T->n * sizeof *cof);
    bool ok = bp && team0 && team1 && mem && urec && cday && cleft && cof;
    if (!ok) goto out;
    for (size_t i = 0; i < T->n;) {
        size_t j = i;
        while (j < T->n && strcmp(T->r[j].team, T->r[i].team) == 0) j++;
        for (size_t k = i; k < j; k++) team0[k] = i, team1[k] = j, mem[k] = T->r[k].m;
        i = j;
    }
    for (size_t i = 0; i < T->n; i++) bp[i] = (by_person){T->r[i].person, i};
    qsort(bp, T->n, sizeof *bp, cmp_bp);
    for (size_t u = 0; u < nusers; u++) {
        urec[u] = SIZE_MAX;
        if (!person[u]) continue;
        by_person key = {person[u], 0}, *hit = bsearch(&key, bp, T->n, sizeof *bp, cmp_bp);
        if (!hit) continue;
        while (hit > bp && strcmp(hit[-1].person, person[u]) == 0) hit--; /* the first team */
        size_t best = hit->rec;
        for (by_person *h = hit; h < bp + T->n && strcmp(h->person, person[u]) == 0; h++)
            if (h->rec < best) best = h->rec;
        urec[u] = best;
    }
    /* a team's tally is taken once a day (the days arrive about in date order), then each
     * member's own part is taken out: large teams cost one pass a day, not one a member */
    for (size_t i = 0; i < T->n; i++) cday[i] = INT32_MIN;
    int32_t rday = INT32_MIN;
    double rate = 0;
    for (size_t i = 0; i < n; i++) {
        mh_ueba_day *d = &days[i];
        d->layoff = 0, d->layoff_left = d->layoff_of = 0;
        if (d->user >= nusers || urec[d->user] == SIZE_MAX) continue;
        size_t r = urec[d->user], t0 = team0[r];
        if (cday[t0] != d->day) {
            tally(mem + t0, team1[r] - t0, d->day, &cleft[t0], &cof[t0]);
            cday[t0] = d->day;
        }
        if (rday != d->day) { /* the organisation's turnover over the same window */
            uint32_t l, o;
            tally(mem, T->n, d->day, &l, &o);
            rate = o ? (double)l / o : 0;
            rday = d->day;
        }
        uint32_t left = cleft[t0], of = cof[t0];
        double share = share_without(mem, r, d->day, rate, &left, &of);
        d->layoff = (float)share;
        d->layoff_left = (uint16_t)MH_MIN(left, UINT16_MAX);
        d->layoff_of = (uint16_t)MH_MIN(of, UINT16_MAX);
    }
out:
    free(bp), free(team0), free(team1), free(mem), free(urec), free(cday), free(cleft), free(cof);
    return ok;
}
