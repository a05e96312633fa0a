/* Daily IT habits and the day loop. Each person-day draws from its own random stream
 * (seed, person, day), so a day's events never depend on other days or people; counts
 * are Poisson with the person's own means (the realism tests check them), times follow
 * the person's arrival and working hours, and the data is dirty as CERT's is (missing
 * logoffs and disconnects). The loop builds one day at a time — habitual events plus the
 * queued scenario activity of that day — sorts it, and writes it to the ECS and CERT
 * files: memory depends on people, never on the number of days. */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

static sim_ev *push(sim_ev **ev, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 4096;
        sim_ev *v = realloc(*ev, nc * sizeof *v);
        if (!v) return NULL;
        *ev = v;
        *cap = nc;
    }
    sim_ev *e = &(*ev)[(*n)++];
    memset(e, 0, sizeof *e);
    e->incident = -1;
    return e;
}

/* Evaluates t_ once (it may draw), keeps whole seconds as CERT does. */
#define PUSH(kind_, t_)                       \
    do {                                      \
        int64_t tt_ = (t_);                   \
        e = push(ev, n, cap);                 \
        if (!e) return false;                 \
        e->kind = (kind_);                    \
        e->t = tt_ - tt_ % 1000;              \
        e->user = i;                          \
        e->host = p->pc;                      \
        e->rnd = (uint32_t)sim_rng_u64(&r);   \
    } while (0)

bool sim_activity_day(sim_world *w, uint32_t i, int64_t day, sim_ev **ev, size_t *n, size_t *cap)
{
    const sim_person *p = &w->people[i];
    if (day < p->start_day || day > p->end_day) return true;
    sim_rng r;
    sim_rng_seed(&r, w->cfg.seed, SR_DAY, ((uint64_t)i << 32) ^ (uint64_t)(day - w->day0));
    int wd = (int)((day % 7 + 11) % 7); /* 0 = Sunday (1970-01-01 was a Thursday) */
    bool weekend = wd == 0 || wd == 6;
    double f = 1.0, start_h, len_h;
    if (weekend) {
        if (!sim_rng_chance(&r, p->weekend_p)) return true;
        f = w->cfg.weekend_factor;
        start_h = 9.5 + 3.0 * sim_rng_unit(&r);
        len_h = 2.0 + 3.0 * sim_rng_unit(&r);
    } else {
        if (sim_rng_chance(&r, 0.04)) return true; /* leave, sickness, training */
        start_h = p->arrive_h + p->arrive_sd * sim_rng_normal(&r);
        len_h = p->hours + 0.5 * sim_rng_normal(&r);
        if (p->late) len_h += 2.0 + 3.0 * sim_rng_unit(&r); /* on call: always works late */
    }
    if (start_h < 5.0) start_h = 5.0;
    if (len_h < 3.0) len_h = 3.0;
    int64_t base = day * SIM_DAY_MS, t_in = base + (int64_t)(start_h * SIM_HOUR_MS);
    int64_t t_out = t_in + (int64_t)(len_h * SIM_HOUR_MS);
    if (t_out > base + SIM_DAY_MS - 60000) t_out = base + SIM_DAY_MS - 60000;
    int64_t span = t_out - t_in;
    sim_ev *e;
#define AT() (t_in + (int64_t)(sim_rng_unit(&r) * (double)span))

    PUSH(K_BADGE, t_in - sim_rng_range(&r, 60, 600) * 1000);
    PUSH(K_LOGON, t_in);
    uint32_t k, m = sim_rng_poisson(&r, p->unlocks * f);
    for (k = 0; k < m; k++) PUSH(K_LOGON, AT());
    uint32_t nh = sim_rng_poisson(&r, p->n_http * f);
    for (k = 0; k < nh; k++) {
        PUSH(K_HTTP, AT());
        uint32_t u = e->rnd % 1000;
        e->a = u < 965 ? HA_VISIT : u < 995 ? HA_DOWNLOAD : HA_UPLOAD;
        if (p->jobsite && u % 20 == 0) e->b = SITE_JOB0 + (e->rnd >> 10) % SITE_NJOB;
        else if ((e->rnd >> 12) % 4) e->b = p->fav[(e->rnd >> 16) % 8];
        else e->b = SITE_BENIGN0 + (e->rnd >> 16) % (uint32_t)(sim_nsites - SITE_BENIGN0);
    }
    uint32_t ne = sim_rng_poisson(&r, p->n_email * f);
    for (k = 0; k < ne; k++) {
        PUSH(K_EMAIL, AT());
        e->a = e->rnd % 5 < 2 ? EA_SEND : EA_VIEW;
        e->flags = (e->rnd >> 8) % 5 == 0 ? FF_ATTACH : 0;
    }
    uint32_t nf = sim_rng_poisson(&r, p->n_file * f);
    for (k = 0; k < nf; k++) {
        PUSH(K_FILE, AT());
        uint32_t u = e->rnd % 10;
        e->a = u < 5 ? FA_OPEN : u < 8 ? FA_WRITE : u < 9 ? FA_COPY : FA_DELETE;
    }
    if (p->n_usb > 0) {
        uint32_t ns = sim_rng_poisson(&r, p->n_usb * f);
        for (k = 0; k < ns; k++) {
            int64_t t = AT(), t_end = t + sim_rng_range(&r, 120, 3600) * 1000;
            if (t_end > t_out) t_end = t_out;
            PUSH(K_CONNECT, t);
            uint32_t nc = sim_rng_poisson(&r, 1.5);
            for (uint32_t j = 0; j < nc; j++) {
                PUSH(K_FILE, t + (int64_t)(sim_rng_unit(&r) * (double)(t_end - t)));
                e->a = FA_COPY;
                e->flags = sim_rng_chance(&r, 0.8) ? FF_TO_REM : FF_FROM_REM;
            }
            if (!sim_rng_chance(&r, 0.02)) PUSH(K_DISCONNECT, t_end);
        }
    }
    uint32_t np = sim_rng_poisson(&r, 0.4 * f);
    for (k = 0; k < np; k++) PUSH(K_PRINT, AT());
    if (!sim_rng_chance(&r, p->missing_logoff)) PUSH(K_LOGOFF, t_out);
    PUSH(K_BADGE, t_out + sim_rng_range(&r, 30, 300) * 1000);
    e->a = 1;
    if (p->n_cloud > 0) { /* drawn last: the day's other events stay the same as without the habit */
        uint32_t nu = sim_rng_poisson(&r, p->n_cloud * f);
        for (k = 0; k < nu; k++) {
            PUSH(K_HTTP, AT());
            e->a = HA_UPLOAD;
            e->b = SITE_DROPBOX;
        }
    }
    if (p->n_roam > 0) { /* drawn last too: on a colleague's PC for a while, a file or two */
        uint32_t nr = sim_rng_poisson(&r, p->n_roam * f);
        for (k = 0; k < nr; k++) {
            uint32_t host = w->people[sim_rng_below(&r, w->npeople)].pc;
            if (host == p->pc) continue;
            int64_t t = AT();
            PUSH(K_LOGON, t);
            e->host = host;
            uint32_t nf2 = sim_rng_below(&r, 3);
            for (uint32_t j = 0; j < nf2; j++) {
                PUSH(K_FILE, t + sim_rng_range(&r, 20, 600) * 1000);
                e->host = host;
                e->a = FA_OPEN;
            }
            PUSH(K_LOGOFF, t + sim_rng_range(&r, 300, 2400) * 1000);
            e->host = host;
        }
    }
    /* A job search, drawn last of all: with or without one, every other event is the same. */
    if (p->n_hunt > 0 && day >= p->hunt_from && day <= p->hunt_to) {
        uint32_t nj = sim_rng_poisson(&r, p->n_hunt * f);
        for (k = 0; k < nj; k++) {
            PUSH(K_HTTP, AT());
            e->a = HA_VISIT;
            e->b = SITE_JOB0 + (e->rnd >> 10) % SITE_NJOB;
        }
        if (sim_rng_chance(&r, 0.06 * f)) { /* a CV to a recruiter */
            PUSH(K_EMAIL, AT());
            e->a = EA_SEND;
            e->b = EM_RECRUIT;
            e->flags = FF_ATTACH;
        }
    }
#undef AT
    return true;
}

static int cmp_ev(const void *a, const void *b)
{
    const sim_ev *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Orders one day's events by time, ties in generation order: a stable LSD radix sort of
 * (ms within the day, index) pairs — 27 bits in three 9-bit passes — then a gather. It
 * replaces qsort, which cost a fifth of the run on large worlds. */
typedef struct {
    uint32_t key, idx;
} sort_pair;

static bool sort_day(sim_ev *const *day, sim_ev **tmp, size_t *tmp_cap, sort_pair **pairs, size_t *pair_cap, size_t n,
                     int64_t day_start)
{
    if (n > *tmp_cap) {
        sim_ev *t = realloc(*tmp, n * sizeof *t);
        sort_pair *p = realloc(*pairs, 2 * n * sizeof *p);
        if (t) *tmp = t;
        if (p) *pairs = p;
        if (!t || !p) return false;
        *tmp_cap = *pair_cap = n;
    }
    sort_pair *a = *pairs, *b = *pairs + n;
    for (size_t k = 0; k < n; k++) {
        int64_t off = (*day)[k].t - day_start;
        a[k].key = off < 0 ? 0 : off >= SIM_DAY_MS ? (uint32_t)(SIM_DAY_MS - 1) : (uint32_t)off;
        a[k].idx = (uint32_t)k;
    }
    for (int shift = 0; shift < 27; shift += 9) {
        size_t count[513] = {0};
        for (size_t k = 0; k < n; k++) count[((a[k].key >> shift) & 511) + 1]++;
        for (int j = 0; j < 512; j++) count[j + 1] += count[j];
        for (size_t k = 0; k < n; k++) b[count[(a[k].key >> shift) & 511]++] = a[k];
        sort_pair *t = a;
        a = b;
        b = t;
    }
    for (size_t k = 0; k < n; k++) (*tmp)[k] = (*day)[a[k].idx];
    memcpy(*day, *tmp, n * sizeof **day);
    return true;
}

static void event_id(sim_world *w, char out[32])
{
    static const char hex[] = "0123456789ABCDEF";
    uint64_t v = sim_mix64(++w->ev_counter ^ sim_mix64(w->cfg.seed + 0x51ed2701u));
    uint64_t h = sim_mix64(v);
    char *p = out;
    *p++ = '{';
    for (int i = 3; i >= 0; i--) *p++ = hex[(h >> (i * 4)) & 15];
    *p++ = '-';
    for (int i = 15; i >= 8; i--) *p++ = hex[(v >> (i * 4)) & 15];
    *p++ = '-';
    for (int i = 7; i >= 0; i--) *p++ = hex[(v >> (i * 4)) & 15];
    *p++ = '}';
    *p = '\0';
}

mh_status sim_activity_write(sim_world *w, sim_writers *wr, mh_err *e)
{
    sim_ev *day = NULL, *tmp = NULL;
    sort_pair *pairs = NULL;
    size_t n = 0, cap = 0, cur = 0, tmp_cap = 0, pair_cap = 0;
    mh_status rc = MH_OK;
    if (w->ninj) qsort(w->inj, w->ninj, sizeof *w->inj, cmp_ev);
    char evid[32];
    for (int64_t d = w->day0; d <= w->day1; d++) {
        n = 0;
        for (uint32_t i = 0; i < w->npeople && !w->cfg.no_background_activity; i++)
            if (!sim_activity_day(w, i, d, &day, &n, &cap)) {
                rc = mh_err_set(e, MH_E_NOMEM, "out of memory for day %lld", (long long)d);
                goto out;
            }
        int64_t end = (d + 1) * SIM_DAY_MS;
        while (cur < w->ninj && w->inj[cur].t < end) {
            sim_ev *x = push(&day, &n, &cap);
            if (!x) {
                rc = mh_err_set(e, MH_E_NOMEM, "out of memory for day %lld", (long long)d);
                goto out;
            }
            *x = w->inj[cur++];
        }
        if (!sort_day(&day, &tmp, &tmp_cap, &pairs, &pair_cap, n, d * SIM_DAY_MS)) {
            rc = mh_err_set(e, MH_E_NOMEM, "out of memory sorting day %lld", (long long)d);
            goto out;
        }
        for (size_t k = 0; k < n; k++) {
            const sim_ev *ev = &day[k];
            event_id(w, evid);
            sim_ecs_event(w, &wr->ecs, ev, evid);
            sim_incident *inc = ev->incident >= 0 ? &w->inc[ev->incident] : NULL;
            if (inc) sim_inc_add(w, inc, evid, ev->t);
            bool cert = inc && inc->scen >= MH_SIM_CERT1;
            sim_cert_event(w, wr, ev, evid, cert ? &inc->rows : NULL, cert ? sim_scenario_tag(inc->scen) : NULL);
        }
        if (wr->ecs.failed) {
            rc = mh_err_set(e, MH_E_IO, "writing %s failed", wr->ecs.path);
            goto out;
        }
    }
out:
    free(day);
    free(tmp);
    free(pairs);
    return rc;
}
