/* LONGGAME: patience. Low-rate contact and small benefits (meals, small gifts) over
 * years with long silent gaps, then reactivation inside the window: a burst of contact,
 * a meeting, a request and money. History reaches years before the window on purpose —
 * windows are long. Randomised: years of history, gap lengths, contact rate, what the
 * reactivation holds. Look-alike: a long-standing, disclosed foreign friendship with the
 * same rhythm of messages and meals, and no service behind it. */
#include "sim_internal.h"

static void slow_contact(sim_world *w, sim_incident *inc, sim_rng *r, const char *a, const char *b, int64_t from,
                         int64_t to)
{
    char id[SIM_IDLEN];
    int64_t d = from;
    while (d < to) {
        int burst = (int)sim_rng_range(r, 1, 3);
        for (int k = 0; k < burst && d < to; k++) {
            bool out = sim_rng_chance(r, 0.5);
            sim_hmsg(w, inc, r, d, sim_rng_chance(r, 0.6) ? "Message" : "Email", out ? a : b, out ? b : a, "season's greetings");
            if (sim_rng_chance(r, 0.4)) {
                int64_t v = sim_rng_range(r, 3000, 30000);
                if (inc)
                    sim_hent(w, inc, d, id, "ben", "Benefit", "provider", b, "recipient", a, "date", sim_day(w, d), "value",
                             sim_amt(w, v), "currency", "USD", "kind", sim_rng_chance(r, 0.6) ? "meal" : "goods", NULL);
                else
                    sim_ent(w, &w->ftm, id, "ben", "Benefit", "provider", b, "recipient", a, "date", sim_day(w, d), "value",
                            sim_amt(w, v), "currency", "USD", "kind", "meal", NULL);
            }
            d += sim_rng_range(r, 7, 40);
        }
        d += sim_rng_range(r, 180, 540); /* a silent gap */
    }
}

void sim_scen_longgame(sim_world *w, sim_incident *inc, sim_rng *r)
{
    static const char *const asks[] = {"what the new team is working on", "the visit schedule", "internal notes on the talks"};
    sim_person *s = &w->people[inc->subject];
    sim_officer *o = sim_officer_new(w, r, NULL);
    if (!o) return;
    inc->officer = o;
    char id[SIM_IDLEN];
    int64_t first = inc->d0 - sim_rng_range(r, 2 * 365, 8 * 365);
    sim_hent(w, inc, first, id, "as", "Associate", "person", s->id, "associate", o->id, "relationship", "friend",
             "startDate", sim_day(w, first), NULL);
    int64_t wake = sim_inc_day(inc, 0.5 + 0.4 * sim_rng_unit(r));
    slow_contact(w, inc, r, s->id, o->id, first, MH_MAX(first + 1, wake - sim_rng_range(r, 120, 400)));
    /* Reactivation. */
    int burst = (int)sim_rng_range(r, 3, 8);
    for (int k = 0; k < burst; k++) {
        bool out = sim_rng_chance(r, 0.5);
        sim_hmsg(w, inc, r, MH_MIN(inc->d1, wake + sim_rng_range(r, 0, 30)), sim_channel_schema(r), out ? s->id : o->id,
                 out ? o->id : s->id, "long time no see");
    }
    int64_t dm = MH_MIN(inc->d1, wake + sim_rng_range(r, 5, 40));
    sim_hent(w, inc, dm, id, "evt", "Event", "name", "dinner", "date", sim_day(w, dm), "involved", s->id, "involved", o->id,
             "country", "us", NULL);
    if (sim_rng_chance(r, 0.7)) {
        int64_t dt = MH_MIN(inc->d1, dm + sim_rng_range(r, 0, 20));
        sim_hent(w, inc, dt, id, "task", "Tasking", "requester", o->id, "recipient", s->id, "date", sim_day(w, dt),
                 "subject", SIM_PICK(r, asks), "sensitivity", sim_rng_chance(r, 0.5) ? "internal" : "sensitive", "channel",
                 "meeting", NULL);
    }
    if (sim_rng_chance(r, 0.6)) {
        int64_t dp = MH_MIN(inc->d1, dm + sim_rng_range(r, 0, 30));
        sim_hent(w, inc, dp, id, "pay", "Payment", "payer", o->id, "beneficiary", s->id, "amount",
                 sim_amt(w, sim_rng_range(r, 100000, 800000)), "currency", "USD", "date", sim_day(w, dp), NULL);
    }
}

void sim_look_longgame(sim_world *w, sim_person *p, sim_rng *r)
{
    const char *c = sim_rng_chance(r, 0.4) ? sim_countries[sim_rng_below(r, 3)].code : sim_country_benign(r);
    char who[SIM_IDLEN], tie[SIM_IDLEN];
    sim_foreigner(w, r, c, NULL, who, NULL);
    int64_t first = w->day0 - sim_rng_range(r, 2 * 365, 10 * 365);
    sim_ent(w, &w->ftm, tie, "as", "Associate", "person", p->id, "associate", who, "relationship", "old friend",
            "startDate", sim_day(w, first), NULL);
    sim_disclose(w, p, "foreign_contact", who, tie, MH_MAX(first, p->start_day - 30) + sim_rng_range(r, 0, 4),
                 "long-standing friend");
    slow_contact(w, NULL, r, p->id, who, first, w->day1);
}
