/* Ordinary life in the records: monthly salaries, mortgages and other ordinary debts (a
 * few tax arrears on a payment plan), small gifts, foreign trips with their travel
 * disclosures and border crossings, periodic reinvestigation interviews, employer-issued
 * phones, bids for posts abroad, and routine mailbox clean-ups. Each is the innocent twin
 * of some hostile pattern, at a believable rate. */
#include <string.h>

#include "sim_internal.h"

int64_t sim_worktime(sim_rng *r, int64_t day)
{
    return day * SIM_DAY_MS + (int64_t)((8.5 + 8.0 * sim_rng_unit(r)) * SIM_HOUR_MS);
}

void sim_trip(sim_world *w, sim_rng *r, sim_person *p, const char *country, int64_t d0, int64_t d1, const char *with,
              int32_t incident, int64_t cash_found, int64_t cash_declared, char out[SIM_IDLEN])
{
    const sim_country *c = &sim_countries[MH_MAX(0, sim_country_index(country))];
    char summary[96];
    snprintf(summary, sizeof summary, "travel to %s", c->name);
    sim_ent(w, &w->ftm, out, "trip", "Trip", "involved", p->id, "involved", with, "startDate", sim_day(w, d0), "endDate",
            sim_day(w, d1), "country", country, "summary", summary, NULL);
    uint32_t idx = (uint32_t)(p - w->people);
    char post[SIM_IDLEN];
    if (d0 >= w->day0 && d0 <= w->day1) {
        snprintf(post, sizeof post, "immigration-%s", country);
        sim_ev *ev = sim_inject(w, d0 * SIM_DAY_MS + (int64_t)sim_rng_range(r, 6, 22) * SIM_HOUR_MS, K_BORDER, idx, incident);
        if (ev) {
            ev->host = sim_host_add(w, post);
            ev->a = (uint32_t)sim_country_index(country);
        }
    }
    if (d1 >= w->day0 && d1 <= w->day1) {
        static const char *const ports[] = {"cbp-iad", "cbp-jfk", "cbp-sfo", "cbp-ord", "cbp-lax"};
        sim_ev *ev = sim_inject(w, d1 * SIM_DAY_MS + (int64_t)sim_rng_range(r, 6, 22) * SIM_HOUR_MS, K_BORDER, idx, incident);
        if (ev) {
            ev->host = sim_host_add(w, SIM_PICK(r, ports));
            ev->a = (uint32_t)sim_country_index("us") ;
            ev->b = (uint32_t)cash_declared;
            ev->c = (uint32_t)cash_found;
        }
    }
}

static void salaries(sim_world *w, sim_person *p, sim_rng *r)
{
    char id[SIM_IDLEN];
    int64_t annual = 4500000 + (int64_t)p->clearance * 1500000 + sim_rng_range(r, 0, 6000000);
    for (int64_t d = w->day0; d <= w->day1; d++) {
        int64_t y;
        unsigned m, dd;
        mh_civil_from_days(d, &y, &m, &dd);
        if (dd != 15 || d < p->start_day || d > p->end_day) continue;
        sim_ent(w, &w->ftm, id, "pay", "Payment", "payer", w->home_id, "beneficiary", p->id, "amount",
                sim_amt(w, annual / 12), "currency", "USD", "date", sim_day(w, d), "purpose", "salary", NULL);
    }
}

static void debts(sim_world *w, sim_person *p, sim_rng *r)
{
    char id[SIM_IDLEN];
    static const struct {
        const char *summary;
        double p;
        int64_t lo, hi;
    } kinds[] = {{"mortgage", 0.55, 8000000, 60000000}, {"student loan", 0.30, 1000000, 9000000},
                 {"car loan", 0.30, 800000, 4500000},   {"credit card balance", 0.35, 50000, 1200000}};
    for (size_t k = 0; k < MH_ARRAY_LEN(kinds); k++) {
        if (!sim_rng_chance(r, kinds[k].p)) continue;
        int64_t day = w->day0 - sim_rng_range(r, 30, 3650);
        sim_ent(w, &w->ftm, id, "debt", "Debt", "debtor", p->id, "creditor", w->bank_id[sim_rng_below(r, 4)], "amount",
                sim_amt(w, sim_rng_range(r, kinds[k].lo, kinds[k].hi)), "currency", "USD", "date", sim_day(w, day),
                "summary", kinds[k].summary, NULL);
    }
    if (sim_rng_chance(r, 0.02))
        sim_ent(w, &w->ftm, id, "debt", "Debt", "debtor", p->id, "creditor", w->tax_id, "amount",
                sim_amt(w, sim_rng_range(r, 30000, 400000)), "currency", "USD", "date",
                sim_day(w, sim_rng_range(r, w->day0 - 400, w->day1)), "summary", "tax arrears; instalment agreement kept",
                NULL);
}

static void trips(sim_world *w, sim_person *p, sim_rng *r)
{
    char id[SIM_IDLEN];
    uint32_t n = sim_rng_poisson(r, 1.1 * w->cfg.days / 365.0);
    for (uint32_t k = 0; k < n; k++) {
        int64_t d0 = sim_rng_range(r, w->day0, w->day1), d1 = d0 + sim_rng_range(r, 3, 16);
        if (d0 < p->start_day || d1 > p->end_day) continue;
        const char *c = sim_country_benign(r);
        int64_t cash = sim_rng_chance(r, 0.02) ? sim_rng_range(r, 10000, 25000) : 0;
        sim_trip(w, r, p, c, d0, d1, NULL, -1, cash, cash, id);
        double u = sim_rng_unit(r);
        int64_t dd = u < 0.90 ? d0 - sim_rng_range(r, 3, 30) : u < 0.95 ? d1 + sim_rng_range(r, 6, 40) : SIM_NEVER;
        if (dd == SIM_NEVER || dd > w->day1) continue;
        char did[SIM_IDLEN];
        sim_ent(w, &w->ftm, did, "dis", "Disclosure", "reporter", p->id, "kind", "foreign_travel", "date", sim_day(w, dd),
                "startDate", sim_day(w, d0), "endDate", sim_day(w, d1), "record", id, "summary", "personal travel",
                NULL);
    }
}

static void gifts_devices_bids(sim_world *w, sim_person *p, sim_rng *r)
{
    char id[SIM_IDLEN];
    double f = MH_MIN(1.0, w->cfg.days / 365.0);
    if (p->nrel && sim_rng_chance(r, 0.10 * f)) {
        static const char *const kinds[] = {"goods", "meal", "travel", "cash"};
        sim_ent(w, &w->ftm, id, "ben", "Benefit", "provider", p->rel[sim_rng_below(r, p->nrel)].id, "recipient", p->id,
                "date", sim_day(w, sim_rng_range(r, w->day0, w->day1)), "value", sim_amt(w, sim_rng_range(r, 2000, 60000)),
                "currency", "USD", "kind", SIM_PICK(r, kinds), "summary", "family gift", NULL);
    }
    if (sim_rng_chance(r, 0.6)) {
        static const char *const models[] = {"BlackBerry Bold", "iPhone 4", "Samsung Galaxy S", "Nokia E71"};
        sim_ent(w, &w->ftm, id, "dev", "Device", "holder", p->id, "provider", w->home_id, "kind", "phone", "model",
                SIM_PICK(r, models), "date", sim_day(w, MH_MIN(w->day1, MH_MAX(p->start_day, w->day0 - 700) + sim_rng_range(r, 0, 400))),
                "summary", "employer-issued", NULL);
    }
    if (sim_rng_chance(r, 0.04 * f)) {
        const char *c = sim_rng_chance(r, 0.3) ? sim_countries[sim_rng_below(r, 3)].code : sim_country_benign(r);
        const sim_country *cc = &sim_countries[sim_country_index(c)];
        static const char *const sections[] = {"Political Section", "Economic Section", "Consular Section", "Management Section"};
        char post[96];
        snprintf(post, sizeof post, "Embassy %s, %s", cc->capital, SIM_PICK(r, sections));
        int64_t d = sim_rng_range(r, w->day0, w->day1);
        sim_ent(w, &w->ftm, id, "asg", "Assignment", "person", p->id, "organization", w->home_id, "post", post, "country",
                c, "date", sim_day(w, d), "status", "bid", NULL);
        if (sim_rng_chance(r, 0.4) && d + 60 <= w->day1)
            sim_ent(w, &w->ftm, id, "asg", "Assignment", "person", p->id, "organization", w->home_id, "post", post,
                    "country", c, "date", sim_day(w, d + sim_rng_range(r, 30, 60)), "status", "assigned", NULL);
    }
}

static void interviews_cleanups(sim_world *w, sim_person *p, sim_rng *r)
{
    char id[SIM_IDLEN];
    int64_t lo = MH_MAX(w->day0, p->start_day), hi = MH_MIN(w->day1, p->end_day);
    if (lo > hi) return;
    if (p->clearance && sim_rng_chance(r, w->cfg.days / (5.0 * 365.0))) {
        p->interview_day = sim_rng_range(r, lo, hi);
        sim_ent(w, &w->ftm, id, "int", "Interview", "subject", p->id, "organization", w->home_id, "date",
                sim_day(w, p->interview_day), "kind", sim_rng_chance(r, 0.9) ? "background" : "security", NULL);
    }
    if (!p->cleanup) return;
    /* Routine clean-ups every one to three months, never in the fortnight after an interview. */
    for (int64_t d = lo + sim_rng_range(r, 0, 60); d <= hi; d += sim_rng_range(r, 30, 90)) {
        if (p->interview_day != SIM_NEVER && d >= p->interview_day && d <= p->interview_day + 14) continue;
        sim_ev *ev = sim_inject(w, sim_worktime(r, d), K_DELETION, (uint32_t)(p - w->people), -1);
        if (!ev) return;
        ev->host = p->pc;
        ev->a = 0;
        ev->b = (uint32_t)sim_rng_range(r, 40, 900);
    }
}

void sim_life_write(sim_world *w)
{
    for (uint32_t i = 0; i < w->npeople; i++) {
        sim_person *p = &w->people[i];
        sim_rng r;
        sim_rng_seed(&r, w->cfg.seed, SR_LIFE, i);
        salaries(w, p, &r);
        debts(w, p, &r);
        trips(w, p, &r);
        gifts_devices_bids(w, p, &r);
        interviews_cleanups(w, p, &r);
    }
}
