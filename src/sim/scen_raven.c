/* RAVEN: romantic compromise. A close, continuing romantic tie with a foreign national
 * linked to a service, undisclosed, with frequent messages, gifts and trips to meet.
 * Randomised: the raven's country and link, how the tie starts, message rate, trips and
 * gifts. Look-alike: a disclosed foreign partner with no service link, trips disclosed. */
#include "sim_internal.h"

void sim_scen_raven(sim_world *w, sim_incident *inc, sim_rng *r)
{
    static const char *const words[] = {"miss you", "good morning", "when will you come", "photos", "dinner tonight?",
                                        "thinking of you", "about your work"};
    sim_person *s = &w->people[inc->subject];
    sim_officer *o = sim_officer_new(w, r, NULL);
    if (!o) return;
    inc->officer = o;
    char id[SIM_IDLEN];
    sim_hent(w, inc, inc->d0, id, "as", "Associate", "person", s->id, "associate", o->id, "relationship", "romantic",
             "startDate", sim_day(w, inc->d0), NULL);
    int n = (int)sim_rng_range(r, 5, 20);
    for (int k = 0; k < n; k++) {
        bool out = sim_rng_chance(r, 0.5);
        sim_hmsg(w, inc, r, sim_inc_day(inc, sim_rng_unit(r)), sim_rng_chance(r, 0.7) ? "Message" : "Call",
                 out ? s->id : o->id, out ? o->id : s->id, SIM_PICK(r, words));
    }
    int trips = (int)sim_rng_range(r, 0, 3);
    for (int k = 0; k < trips; k++) {
        int64_t d0 = sim_inc_day(inc, 0.2 + 0.7 * sim_rng_unit(r)), d1 = MH_MIN(inc->d1, d0 + sim_rng_range(r, 3, 10));
        sim_trip(w, r, s, o->country, d0, d1, o->id, (int32_t)(inc - w->inc), 0, 0, id);
        sim_inc_add(w, inc, id, d0 * SIM_DAY_MS);
    }
    int gifts = (int)sim_rng_range(r, 0, 3);
    for (int k = 0; k < gifts; k++) {
        int64_t d = sim_inc_day(inc, sim_rng_unit(r));
        sim_hent(w, inc, d, id, "ben", "Benefit", "provider", o->id, "recipient", s->id, "date", sim_day(w, d), "value",
                 sim_amt(w, sim_rng_range(r, 5000, 200000)), "currency", "USD", "kind",
                 sim_rng_chance(r, 0.5) ? "goods" : "travel", NULL);
    }
}

void sim_look_raven(sim_world *w, sim_person *p, sim_rng *r)
{
    const char *c = sim_rng_chance(r, 0.3) ? sim_countries[sim_rng_below(r, 3)].code : sim_country_benign(r);
    char who[SIM_IDLEN], tie[SIM_IDLEN], id[SIM_IDLEN];
    sim_foreigner(w, r, c, NULL, who, NULL);
    int64_t d = sim_rng_range(r, w->day0, w->day1);
    sim_ent(w, &w->ftm, tie, "as", "Associate", "person", p->id, "associate", who, "relationship", "romantic",
            "startDate", sim_day(w, d), NULL);
    sim_disclose(w, p, "foreign_contact", who, tie, MH_MIN(w->day1, d + sim_rng_range(r, 0, 4)), "foreign partner");
    int n = (int)sim_rng_range(r, 3, 12);
    for (int k = 0; k < n; k++) sim_hmsg(w, NULL, r, sim_rng_range(r, d, w->day1), "Message", p->id, who, "hello");
    if (sim_rng_chance(r, 0.5) && d + 30 <= w->day1) {
        int64_t t0 = sim_rng_range(r, d + 10, w->day1 - 12);
        sim_trip(w, r, p, c, t0, t0 + sim_rng_range(r, 3, 10), who, -1, 0, 0, id);
        sim_ent(w, &w->ftm, tie, "dis", "Disclosure", "reporter", p->id, "kind", "foreign_travel", "date",
                sim_day(w, t0 - sim_rng_range(r, 3, 20)), "startDate", sim_day(w, t0), "record", id, "counterparty", who,
                NULL);
    }
}
