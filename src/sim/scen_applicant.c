/* APPLICANT: recruited before hiring. Before the subject joins, a foreign contact pays
 * cash and asks them to apply; the background interview happens and the forms disclose
 * other things but not this contact or the money. Randomised: when and how much is paid,
 * the channel of the ask, what else is disclosed. Look-alike: applicants with foreign
 * study abroad, disclosed on their forms. */
#include "sim_internal.h"

void sim_scen_applicant(sim_world *w, sim_incident *inc, sim_rng *r)
{
    sim_person *s = &w->people[inc->subject];
    sim_officer *o = sim_officer_new(w, r, NULL);
    if (!o) return;
    inc->officer = o;
    char id[SIM_IDLEN];
    int64_t hire = s->start_day;
    sim_hmsg(w, inc, r, inc->d0, sim_channel_schema(r), o->id, s->id, "an opportunity for you");
    int64_t dt = MH_MIN(hire - 1, inc->d0 + sim_rng_range(r, 1, 20));
    sim_hent(w, inc, dt, id, "task", "Tasking", "requester", o->id, "recipient", s->id, "date", sim_day(w, dt), "subject",
             "apply for a position at the Office of Foreign Programs", "sensitivity", "public", "channel",
             sim_rng_chance(r, 0.6) ? "meeting" : "message", NULL);
    int np = (int)sim_rng_range(r, 1, 3);
    for (int k = 0; k < np; k++) {
        int64_t d = sim_rng_range(r, inc->d0, MH_MAX(inc->d0, hire - 1));
        sim_hent(w, inc, d, id, "pay", "Payment", "payer", o->id, "beneficiary", s->id, "amount",
                 sim_amt(w, sim_rng_range(r, 100000, 800000)), "currency", "USD", "date", sim_day(w, d), "purpose", "cash",
                 NULL);
    }
    int64_t di = MH_MAX(inc->d0, hire - sim_rng_range(r, 5, 30));
    sim_hent(w, inc, di, id, "int", "Interview", "subject", s->id, "organization", w->home_id, "date", sim_day(w, di), "kind",
             "background", NULL);
    if (sim_rng_chance(r, 0.6)) {
        /* The forms mention an old, harmless trip — the money and the contact are missing. */
        char trip[SIM_IDLEN];
        int64_t t0 = inc->d0 - sim_rng_range(r, 200, 900);
        const char *c = sim_country_benign(r);
        sim_ent(w, &w->ftm, trip, "trip", "Trip", "involved", s->id, "startDate", sim_day(w, t0), "endDate",
                sim_day(w, t0 + 7), "country", c, "summary", "holiday", NULL);
        sim_disclose(w, s, "foreign_travel", NULL, trip, di, "holiday abroad, listed on the application forms");
    }
}

void sim_look_applicant(sim_world *w, sim_person *p, sim_rng *r)
{
    if (p->start_day < w->day0) return; /* only joiners apply inside the window */
    const char *c = sim_rng_chance(r, 0.4) ? sim_countries[sim_rng_below(r, 3)].code : sim_country_benign(r);
    const sim_country *cc = &sim_countries[sim_country_index(c)];
    char trip[SIM_IDLEN], uni[SIM_IDLEN], id[SIM_IDLEN], name[96];
    snprintf(name, sizeof name, "%s University", cc->capital);
    sim_ent(w, &w->ftm, uni, "org", "Organization", "name", name, "country", c, NULL);
    int64_t t0 = p->start_day - sim_rng_range(r, 400, 1500);
    sim_ent(w, &w->ftm, trip, "trip", "Trip", "involved", p->id, "startDate", sim_day(w, t0), "endDate",
            sim_day(w, t0 + sim_rng_range(r, 90, 330)), "country", c, "summary", "study abroad", NULL);
    sim_ent(w, &w->ftm, id, "mem", "Membership", "member", p->id, "organization", uni, "role", "exchange student",
            "startDate", sim_day(w, t0), NULL);
    int64_t di = p->start_day - sim_rng_range(r, 5, 30);
    sim_ent(w, &w->ftm, id, "int", "Interview", "subject", p->id, "organization", w->home_id, "date", sim_day(w, di), "kind",
            "background", NULL);
    sim_disclose(w, p, "foreign_travel", uni, trip, di, "study abroad, on the application forms");
}
