/* The home organisation and its covered people: departments and teams, roles and
 * supervisors, joiners and leavers, clearances, Big-Five traits and the IT habits they
 * shape (as the CERT generator does: conscientious people arrive on time and vary
 * little, open people browse more, extraverts mail more). Built in memory first (the
 * planner adjusts subjects), then written as FtM lines. */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* A small open-addressing set of 64-bit hashes, to keep user ids and e-mails unique. */
typedef struct {
    uint64_t *slot;
    size_t cap;
} hset;

static bool hset_add(hset *h, uint64_t k)
{
    if (!k) k = 1;
    size_t i = (size_t)(k & (h->cap - 1));
    while (h->slot[i]) {
        if (h->slot[i] == k) return false;
        i = (i + 1) & (h->cap - 1);
    }
    h->slot[i] = k;
    return true;
}

static float clamp01(double v) { return (float)(v < 0.02 ? 0.02 : v > 0.98 ? 0.98 : v); }

static void make_habits(sim_world *w, sim_person *p, sim_rng *r)
{
    const mh_sim_config *c = &w->cfg;
    float O = p->big5[0], C = p->big5[1], E = p->big5[2], N = p->big5[4];
    p->arrive_h = (float)(8.0 + 0.6 * sim_rng_normal(r) + (0.5 - C) * 0.8);
    if (p->arrive_h < 6.0f) p->arrive_h = 6.0f;
    if (p->arrive_h > 10.5f) p->arrive_h = 10.5f;
    p->arrive_sd = (float)(0.1 + (1.0 - C) * 0.5);
    p->hours = (float)(8.5 + 0.5 * sim_rng_normal(r) + (C - 0.5));
    p->unlocks = (float)sim_rng_lognormal(r, 1.2, 0.5);
    p->n_http = (float)sim_rng_lognormal(r, c->http_median * (0.7 + 0.6 * O), 0.45);
    p->n_email = (float)sim_rng_lognormal(r, c->email_median * (0.6 + 0.8 * E), 0.4);
    p->n_file = (float)sim_rng_lognormal(r, c->file_median * (0.7 + 0.6 * C), 0.5);
    p->n_usb = sim_rng_chance(r, 0.2) ? (float)sim_rng_lognormal(r, 1.0, 0.5) : 0.0f;
    p->late = sim_rng_chance(r, 0.05);
    p->weekend_p = (float)(0.02 + (C > 0.7 ? 0.05 : 0.0) + (p->late ? 0.25 : 0.0));
    p->missing_logoff = (float)(0.005 + 0.03 * (1.0 - C) + 0.01 * N);
    p->jobsite = sim_rng_chance(r, 0.04 + 0.04 * N);
    p->cleanup = sim_rng_chance(r, 0.08);
    for (int k = 0; k < 8; k++) p->fav[k] = (uint8_t)(SITE_BENIGN0 + sim_rng_below(r, (uint32_t)(sim_nsites - SITE_BENIGN0)));
}

mh_status sim_org_build(sim_world *w, mh_err *e)
{
    uint32_t n = w->cfg.people;
    mh_status rc = MH_OK;
    hset users = {0}, mails = {0};
    uint32_t *lead = NULL;
    w->people = calloc(n, sizeof *w->people);
    users.cap = mails.cap = 1;
    while (users.cap < (size_t)n * 4) users.cap *= 2;
    mails.cap = users.cap;
    users.slot = calloc(users.cap, sizeof *users.slot);
    mails.slot = calloc(mails.cap, sizeof *mails.slot);
    uint32_t nteams = n / ((uint32_t)sim_nunits * 9) + 1;
    lead = malloc(sizeof *lead * sim_nunits * nteams);
    if (!w->people || !users.slot || !mails.slot || !lead) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory building %u people", n);
        goto out;
    }
    for (size_t k = 0; k < sim_nunits * nteams; k++) lead[k] = UINT32_MAX;
    w->npeople = n;
    w->npcs = 10000;
    int64_t y0;
    unsigned m0, dd0;
    mh_civil_from_days(w->day0, &y0, &m0, &dd0);
    double turnover = MH_MIN(0.3, 0.10 * (double)w->cfg.days / 365.0);
    for (uint32_t i = 0; i < n; i++) {
        sim_person *p = &w->people[i];
        sim_rng r;
        sim_rng_seed(&r, w->cfg.seed, SR_ORG, i);
        sim_id(w, "p", p->id);
        sim_id(w, "ua", p->ua);
        p->female = sim_rng_chance(&r, 0.5);
        sim_name_us(&r, p->female, &p->name);
        p->birth_year = (int)y0 - (int)sim_rng_range(&r, 22, 64);
        p->unit = (uint16_t)sim_rng_below(&r, (uint32_t)sim_nunits);
        p->team = (uint16_t)sim_rng_below(&r, nteams);
        const char *const *roles = sim_units[p->unit].roles;
        uint32_t nroles = 0;
        while (roles[nroles]) nroles++;
        p->role = roles[sim_rng_below(&r, nroles)];
        int64_t adult = mh_days_from_civil(p->birth_year + 22, 6, 1);
        if (sim_rng_chance(&r, turnover)) {
            p->start_day = sim_rng_range(&r, w->day0, w->day1);
        } else {
            int64_t tenure = (int64_t)(sim_rng_lognormal(&r, 6.0, 0.8) * 365.0);
            p->start_day = MH_MAX(w->day0 - 30 - tenure, adult);
            if (p->start_day > w->day0 - 30) p->start_day = w->day0 - 30;
        }
        p->end_day = SIM_NEVER;
        if (sim_rng_chance(&r, turnover) && p->start_day + 30 < w->day1)
            p->end_day = sim_rng_range(&r, MH_MAX(p->start_day + 30, w->day0), w->day1);
        double cl = sim_rng_unit(&r);
        p->clearance = cl < 0.08 ? 0 : cl < 0.25 ? 1 : cl < 0.65 ? 2 : 3;
        if (sim_rng_chance(&r, 0.04)) snprintf(p->nat2, sizeof p->nat2, "%s", sim_country_benign(&r));
        for (int k = 0; k < 5; k++) p->big5[k] = clamp01(0.5 + 0.15 * sim_rng_normal(&r));
        make_habits(w, p, &r);
        /* A few people keep files in personal cloud storage as a habit: CERT5's benign
         * look-alike. Drawn from a hash, not the person's stream, so that every other habit
         * of every person stays what it was for a seed. */
        uint64_t hc = sim_mix64(((uint64_t)w->cfg.seed << 32) ^ i ^ 0xc10dULL);
        if (hc % 1000 < 40) p->n_cloud = 0.15f + (float)((hc >> 20) % 1000) / 1000.0f;
        /* And a few log on to colleagues' PCs as part of the job (desk-side support,
         * shared desks): CERT4's benign look-alike, drawn the same way. */
        uint64_t hr = sim_mix64(((uint64_t)w->cfg.seed << 32) ^ i ^ 0x70a3ULL);
        if (hr % 1000 < 30) p->n_roam = 0.5f + (float)((hr >> 20) % 1000) / 500.0f;
        /* People look for another job before they leave, and some look and stay: weeks of
         * job-site visits that begin from nothing and move no data, with a CV mailed to a
         * recruiter now and then. CERT2's first weeks are exactly this, so without them a
         * world would credit any detector that simply flags a first job-site visit.
         * 40 % of the leavers search in their last 2-8 weeks; 2 % of the others search
         * for 2-8 weeks at some time. Drawn the same way as the habits above. */
        uint64_t hj = sim_mix64(((uint64_t)w->cfg.seed << 32) ^ i ^ 0x10b5ULL);
        int64_t hunt_len = 14 + (int64_t)((hj >> 32) % 43);
        if (p->end_day != SIM_NEVER && hj % 1000 < 400) {
            p->hunt_to = p->end_day;
            p->hunt_from = p->end_day - hunt_len;
        } else if (p->end_day == SIM_NEVER && hj % 1000 < 20) {
            p->hunt_from = w->day0 - 30 + (int64_t)((hj >> 12) % (uint64_t)(w->day1 - w->day0 + 31));
            p->hunt_to = p->hunt_from + hunt_len;
        }
        if (p->hunt_to > p->hunt_from) p->n_hunt = 0.3f + (float)((hj >> 24) % 1000) / 800.0f;
        p->pc = (uint32_t)(((uint64_t)i * 7919u + (w->cfg.seed % 10000)) % 10000);
        p->interview_day = SIM_NEVER;
        p->incident = -1;
        p->supervisor = -1;
        /* CERT-style user id: initials plus four digits, unique. */
        for (;;) {
            snprintf(p->user, sizeof p->user, "%c%c%c%04u", p->name.first[0] >= 'A' && p->name.first[0] <= 'Z' ? p->name.first[0] : 'X',
                     (char)('A' + sim_rng_below(&r, 26)), p->name.last[0] >= 'A' && p->name.last[0] <= 'Z' ? p->name.last[0] : 'X',
                     (unsigned)sim_rng_below(&r, 10000));
            if (hset_add(&users, mh_hash64(p->user, 7, 7))) break;
        }
        char f[24], l[24];
        sim_lower_ascii(p->name.first, f, sizeof f);
        sim_lower_ascii(p->name.last, l, sizeof l);
        snprintf(p->email, sizeof p->email, "%s.%s@ofp.gov", f, l);
        if (!hset_add(&mails, mh_hash64(p->email, strlen(p->email), 3)))
            snprintf(p->email, sizeof p->email, "%s.%s%s@ofp.gov", f, l, p->user + 3);
        static const char *const home_domains[] = {"gmail.com", "yahoo.com", "hotmail.com", "aol.com", "comcast.net"};
        snprintf(p->home_email, sizeof p->home_email, "%s%c%s%u@%s", f, sim_rng_chance(&r, 0.5) ? '.' : '_', l,
                 (unsigned)sim_rng_below(&r, 100), SIM_PICK(&r, home_domains));
        uint32_t *ld = &lead[p->unit * nteams + p->team];
        if (*ld == UINT32_MAX) *ld = i;
        else p->supervisor = (int32_t)*ld;
    }
    /* Team leads report to the lead of their department's first staffed team. */
    for (size_t u = 0; u < sim_nunits; u++) {
        uint32_t head = UINT32_MAX;
        for (uint32_t t = 0; t < nteams && head == UINT32_MAX; t++) head = lead[u * nteams + t];
        for (uint32_t t = 0; t < nteams; t++) {
            uint32_t l = lead[u * nteams + t];
            if (l != UINT32_MAX && l != head) w->people[l].supervisor = (int32_t)head;
        }
    }
out:
    free(users.slot);
    free(mails.slot);
    free(lead);
    return rc;
}

static const char *const levels[] = {NULL, "confidential", "secret", "top_secret"};

void sim_org_write(sim_world *w)
{
    char id[SIM_IDLEN];
    for (uint32_t i = 0; i < w->npeople; i++) {
        sim_person *p = &w->people[i];
        sim_rng r;
        sim_rng_seed(&r, w->cfg.seed, SR_ORG, 1000000 + i);
        int64_t bday = mh_days_from_civil(p->birth_year, 1, 1) + sim_rng_below(&r, 365);
        sim_ent(w, &w->ftm, p->id, NULL, "Person", "name", p->name.full, "firstName", p->name.first, "lastName",
                p->name.last, "birthDate", sim_day(w, bday), "nationality", "us", "nationality",
                p->nat2[0] ? p->nat2 : NULL, "country", "us", "gender", p->female ? "female" : "male", "email",
                p->email, NULL);
        sim_ent(w, &w->ftm, p->ua, NULL, "UserAccount", "owner", p->id, "username", p->user, "service", "ofp-directory",
                "email", p->email, NULL);
        sim_ent(w, &w->ftm, id, "emp", "Employment", "employer", w->home_id, "employee", p->id, "role", p->role,
                "startDate", sim_day(w, p->start_day), "endDate", p->end_day == SIM_NEVER ? NULL : sim_day(w, p->end_day),
                NULL);
        if (p->clearance)
            sim_ent(w, &w->ftm, id, "clr", "Clearance", "holder", p->id, "organization", w->home_id, "level",
                    levels[p->clearance], "startDate", sim_day(w, p->start_day + sim_rng_range(&r, 20, 200)),
                    "endDate", p->end_day == SIM_NEVER ? NULL : sim_day(w, p->end_day), NULL);
    }
    /* Supervisor ties after every Person line, so each reference points back. */
    for (uint32_t i = 0; i < w->npeople; i++) {
        sim_person *p = &w->people[i];
        if (p->supervisor < 0) continue;
        sim_ent(w, &w->ftm, id, "as", "Associate", "person", p->id, "associate", w->people[p->supervisor].id,
                "relationship", "supervisor", "startDate", sim_day(w, MH_MAX(p->start_day, w->people[p->supervisor].start_day)),
                NULL);
    }
}
