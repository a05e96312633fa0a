/* What the behaviour-analytics files share: the account table, the collector's state
 * while events stream past, and the per-day record it builds (a public mh_ueba_day plus
 * the PCs logged on to that day). */
#ifndef MH_UEBA_INT_H
#define MH_UEBA_INT_H

#include "molehunt/mh_ueba.h"

#define UEBA_HOSTS 4

typedef struct ueba_users {
    mh_arena *a;
    const char **name;   /* account name per index */
    const char **person; /* owner per index, or NULL */
    int64_t *last_day;   /* the day last appended for the user, -1 before any */
    size_t n, cap;
    uint32_t *slot;      /* open addressing: index + 1 */
    size_t nslot;
} ueba_users;

typedef struct ueba_dayrec {
    mh_ueba_day d;
    uint64_t host[UEBA_HOSTS];
    uint32_t host_n[UEBA_HOSTS];
    uint32_t host_more; /* logons on further hosts */
    int nhost;
} ueba_dayrec;

typedef struct ueba_collect {
    ueba_users users;
    ueba_dayrec *days;
    size_t n, cap;
    size_t *cur; /* per user: index of its last day */
    size_t ncur;
    mh_arena scratch;
    uint64_t events;
    bool oom;
} ueba_collect;

uint32_t ueba_user(ueba_users *U, mh_str name);
/* An mh_store_event_fn. */
int ueba_collect_event(void *ctx, const char *json, size_t len, mh_time ts);
bool ueba_collect_finish(ueba_collect *C);

/* The days a user's onset statistic looks back over (onset.c). */
#define UEBA_WEEK 7

/* The features present (bit per mh_ueba_feature) on a user's last active days. */
_Static_assert(MH_UF__COUNT <= 16, "a feature mask is 16 bits");
typedef struct ueba_recent {
    int32_t day[UEBA_WEEK];
    uint16_t mask[UEBA_WEEK];
    uint8_t n, next;
} ueba_recent;

void ueba_recent_add(ueba_recent *r, int32_t day, uint16_t mask);
/* Of the user's active days in (DAY - UEBA_WEEK, DAY): how many show feature F (*ACTIVE:
 * how many there are). */
uint32_t ueba_recent_count(const ueba_recent *r, int32_t day, int f, uint32_t *active);
/* The binomial log-likelihood ratio of K of N days against a daily probability P0 (0 when
 * K/N is not above P0). */
double ueba_onset_llr(double k, double n, double p0);

/* Feature weights in the z-score sum (docs/cert.md). */
extern const float ueba_weight[MH_UF__COUNT];
/* Features that move data out (the ones the layoff context amplifies). */
extern const bool ueba_exfil[MH_UF__COUNT];

/* The teams of the store's Memberships, for the layoff context (context.c). */
typedef struct ueba_teams ueba_teams;
mh_status ueba_teams_load(mh_store *s, ueba_teams **out, mh_err *e);
/* Sets each day's layoff fields from its user's team (PERSON: the owner per user index).
 * False when out of memory. */
bool ueba_teams_apply(const ueba_teams *T, mh_ueba_day *days, size_t n, const char *const *person, size_t nusers);
void ueba_teams_free(ueba_teams *T);

#endif
