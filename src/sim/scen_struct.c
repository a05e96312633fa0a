/* STRUCT: structuring and bulk cash. Trips to the contact's country, undeclared cash
 * found at the border on return, and repeated cash deposits just under $10,000 within
 * days or weeks. Randomised: trips, whether cash is found, amounts and spacing of the
 * deposits. Look-alikes: a business owner's regular cash deposits of varying size
 * (disclosed outside activity), and travellers who declare their cash. */
#include "sim_internal.h"

void sim_scen_struct(sim_world *w, sim_incident *inc, sim_rng *r)
{
    sim_person *s = &w->people[inc->subject];
    sim_officer *o = sim_officer_new(w, r, NULL);
    if (!o) return;
    inc->officer = o;
    char id[SIM_IDLEN];
    int32_t ix = (int32_t)(inc - w->inc);
    int trips = (int)sim_rng_range(r, 1, 3);
    int64_t last_return = inc->d0;
    for (int k = 0; k < trips; k++) {
        int64_t d0 = sim_inc_day(inc, (double)k / trips * 0.8), d1 = MH_MIN(inc->d1, d0 + sim_rng_range(r, 3, 9));
        bool found = sim_rng_chance(r, 0.6);
        sim_trip(w, r, s, o->country, d0, d1, NULL, ix, found ? sim_rng_range(r, 12000, 40000) : 0, 0, id);
        sim_inc_add(w, inc, id, d0 * SIM_DAY_MS);
        if (sim_rng_chance(r, 0.5)) {
            int64_t d = sim_rng_range(r, d0, d1);
            sim_hent(w, inc, d, id, "pay", "Payment", "payer", o->id, "beneficiary", s->id, "amount",
                     sim_amt(w, sim_rng_range(r, 1000000, 5000000)), "currency", "USD", "date", sim_day(w, d), "purpose",
                     "cash", NULL);
        }
        last_return = d1;
        int deposits = (int)sim_rng_range(r, 2, 5);
        int64_t d = d1;
        for (int j = 0; j < deposits; j++) {
            d = MH_MIN(inc->d1, d + sim_rng_range(r, 1, 12));
            sim_hent(w, inc, d, id, "pay", "Payment", "payer", s->id, "beneficiary", s->id, "amount",
                     sim_amt(w, sim_rng_range(r, 800000, 999000)), "currency", "USD", "date", sim_day(w, d), "purpose",
                     "cash deposit", NULL);
        }
    }
    (void)last_return;
}

void sim_look_struct(sim_world *w, sim_person *p, sim_rng *r)
{
    char id[SIM_IDLEN];
    if (sim_rng_chance(r, 0.7)) {
        /* A side business, disclosed, banking its takings in cash of every size. */
        char org[SIM_IDLEN], name[96];
        snprintf(name, sizeof name, "%s Family Restaurant", p->name.last);
        sim_ent(w, &w->ftm, org, "org", "Company", "name", name, "country", "us", NULL);
        sim_ent(w, &w->ftm, id, "lnk", "UnknownLink", "subject", p->id, "object", org, "role", "owner", NULL);
        sim_disclose(w, p, "outside_activity", org, id, w->day0 - sim_rng_range(r, 30, 900), "family business");
        for (int64_t d = w->day0 + sim_rng_range(r, 0, 14); d <= w->day1; d += sim_rng_range(r, 5, 21))
            sim_ent(w, &w->ftm, id, "pay", "Payment", "payer", p->id, "beneficiary", p->id, "amount",
                    sim_amt(w, sim_rng_range(r, 100000, 1500000)), "currency", "USD", "date", sim_day(w, d), "purpose",
                    "cash deposit", NULL);
    } else {
        const char *c = sim_rng_chance(r, 0.4) ? sim_countries[sim_rng_below(r, 3)].code : sim_country_benign(r);
        int64_t d0 = sim_rng_range(r, w->day0, MH_MAX(w->day0, w->day1 - 10)), d1 = d0 + sim_rng_range(r, 3, 9);
        int64_t cash = sim_rng_range(r, 10000, 30000);
        sim_trip(w, r, p, c, d0, MH_MIN(d1, w->day1), NULL, -1, cash, cash, id);
        sim_disclose(w, p, "foreign_travel", NULL, id, d0 - sim_rng_range(r, 3, 20), "travel; cash declared at the border");
    }
}
