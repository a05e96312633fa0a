/* HOOK: the little hook. A Tasking for something innocuous, paid for within weeks —
 * before or after the request — then again with rising sensitivity and rising amounts.
 * Randomised: number of rounds, starting sensitivity, the gap and its sign, channel,
 * payment or benefit (sometimes to a relative), growth of the amounts, silent gaps.
 * Look-alikes: a paid, disclosed speaking or writing engagement (a Tasking and a Payment
 * from a foreign body, reported), and routine official information requests from
 * diplomats with no money at all. */
#include "sim_internal.h"

static const char *const sens[] = {"public", "internal", "sensitive", "classified"};
static const char *const chans[] = {"email", "message", "call", "meeting", "other"};
static const char *const asks[4][3] = {
    {"published speeches on the dialogue", "the department's public calendar", "a copy of the annual report"},
    {"internal analysis of the strategic and economic dialogue", "the office phone list", "staffing plans for the desk"},
    {"cables about the delegation's positions", "the negotiating brief", "names of visiting officials"},
    {"the classified annex", "assessments of the leadership", "the secure channel schedule"}};

void sim_scen_hook(sim_world *w, sim_incident *inc, sim_rng *r)
{
    sim_person *s = &w->people[inc->subject];
    sim_officer *o = sim_officer_new(w, r, NULL);
    if (!o) return;
    inc->officer = o;
    char id[SIM_IDLEN];
    sim_hmsg(w, inc, r, inc->d0, sim_channel_schema(r), o->id, s->id, "nice to meet you at the reception");
    int rounds = (int)sim_rng_range(r, 2, 5);
    int level = sim_rng_chance(r, 0.5) ? 0 : 1;
    double amount = (double)sim_rng_range(r, 30000, 250000), growth = 1.3 + 1.2 * sim_rng_unit(r);
    const char *payer = sim_rng_chance(r, 0.3) ? sim_officer_front(w, r, o, false) : o->id;
    for (int k = 0; k < rounds; k++) {
        double f0 = 0.1 + 0.85 * (double)k / rounds, f1 = 0.1 + 0.85 * (double)(k + 1) / rounds;
        int64_t dt = sim_inc_day(inc, f0 + (f1 - f0) * sim_rng_unit(r));
        sim_hent(w, inc, dt, id, "task", "Tasking", "requester", o->id, "recipient", s->id, "date", sim_day(w, dt),
                 "subject", asks[level][sim_rng_below(r, 3)], "sensitivity", sens[level], "channel", SIM_PICK(r, chans), NULL);
        /* The reward: a few days to six weeks away, before or after the request. */
        int64_t dp = dt + (sim_rng_chance(r, 0.35) ? -1 : 1) * sim_rng_range(r, 2, 42);
        dp = MH_MAX(inc->d0, MH_MIN(inc->d1, dp));
        int64_t cents = (int64_t)amount - (int64_t)amount % 100 + (sim_rng_chance(r, 0.3) ? sim_rng_range(r, 1, 99) : 0);
        if (sim_rng_chance(r, 0.7)) {
            sim_hent(w, inc, dp, id, "pay", "Payment", "payer", payer, "beneficiary", s->id, "amount", sim_amt(w, cents),
                     "currency", "USD", "date", sim_day(w, dp), "purpose", sim_rng_chance(r, 0.4) ? "consulting" : NULL,
                     NULL);
        } else {
            static const char *const kinds[] = {"cash", "travel", "goods", "tuition"};
            const char *to = s->nrel && sim_rng_chance(r, 0.4) ? s->rel[sim_rng_below(r, s->nrel)].id : s->id;
            sim_hent(w, inc, dp, id, "ben", "Benefit", "provider", payer, "recipient", to, "date", sim_day(w, dp), "value",
                     sim_amt(w, cents), "currency", "USD", "kind", SIM_PICK(r, kinds), NULL);
        }
        amount *= growth;
        if (level < 3 && sim_rng_chance(r, 0.75)) level++;
    }
}

void sim_look_hook(sim_world *w, sim_person *p, sim_rng *r)
{
    char org[SIM_IDLEN], id[SIM_IDLEN], who[SIM_IDLEN], name[96];
    const char *c = sim_rng_chance(r, 0.4) ? sim_countries[sim_rng_below(r, 3)].code : sim_country_benign(r);
    const sim_country *cc = &sim_countries[sim_country_index(c)];
    int64_t d = sim_rng_range(r, w->day0, w->day1);
    if (sim_rng_chance(r, 0.6)) {
        /* A paid talk or article for a foreign university or institute, disclosed. */
        snprintf(name, sizeof name, "%s Institute of International Studies", cc->capital);
        sim_ent(w, &w->ftm, org, "org", "Organization", "name", name, "country", c, NULL);
        sim_ent(w, &w->ftm, id, "task", "Tasking", "requester", org, "recipient", p->id, "date", sim_day(w, d), "subject",
                sim_rng_chance(r, 0.5) ? "a talk on public diplomacy" : "an article on regional trade", "sensitivity",
                "public", "channel", "email", NULL);
        sim_disclose(w, p, "outside_activity", org, id, MH_MIN(w->day1, d + sim_rng_range(r, 0, 3)), "paid speaking engagement");
        int64_t dp = MH_MIN(w->day1, d + sim_rng_range(r, 5, 40));
        sim_ent(w, &w->ftm, id, "pay", "Payment", "payer", org, "beneficiary", p->id, "amount",
                sim_amt(w, sim_rng_range(r, 50000, 300000)), "currency", "USD", "date", sim_day(w, dp), "purpose",
                "honorarium", NULL);
        sim_disclose(w, p, "outside_activity", org, id, MH_MIN(w->day1, dp + sim_rng_range(r, 0, 4)), "honorarium received");
    } else {
        /* Routine official requests from a diplomat: public or internal, no money. */
        sim_foreigner(w, r, c, "role.diplo", who, NULL);
        int n = (int)sim_rng_range(r, 1, 3);
        for (int k = 0; k < n; k++) {
            int64_t dk = MH_MIN(w->day1, d + k * sim_rng_range(r, 5, 60));
            sim_ent(w, &w->ftm, id, "task", "Tasking", "requester", who, "recipient", p->id, "date", sim_day(w, dk),
                    "subject", asks[k ? 1 : 0][sim_rng_below(r, 3)], "sensitivity", k ? "internal" : "public", "channel",
                    "email", NULL);
        }
    }
}
