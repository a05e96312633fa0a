/* WALKIN: the volunteer. The covered person sends the first message to an officer, a
 * service or a front, often asking for money or a favour; meetings, travel and money may
 * follow. Randomised: the addressee (officer, service, front), the channel and the ask,
 * what follows and when. Look-alike: a first contact with a foreign diplomat in an
 * official capacity, reported within days. */
#include "sim_internal.h"

void sim_scen_walkin(sim_world *w, sim_incident *inc, sim_rng *r)
{
    static const char *const asks[] = {"I can offer information of interest", "I need help with money",
                                       "I would like to discuss cooperation", "documents you may find useful",
                                       "request for a meeting"};
    sim_person *s = &w->people[inc->subject];
    sim_officer *o = sim_officer_new(w, r, NULL);
    if (!o) return;
    inc->officer = o;
    char id[SIM_IDLEN];
    double u = sim_rng_unit(r);
    const char *to = u < 0.5 ? o->id : u < 0.75 ? w->services[o->service].id : sim_officer_front(w, r, o, false);
    sim_hmsg(w, inc, r, inc->d0, sim_rng_chance(r, 0.6) ? "Email" : "Message", s->id, to, SIM_PICK(r, asks));
    if (sim_rng_chance(r, 0.7)) sim_hmsg(w, inc, r, sim_inc_day(inc, 0.1), sim_channel_schema(r), o->id, s->id, "let us meet");
    if (sim_rng_chance(r, 0.7)) {
        int64_t d = sim_inc_day(inc, 0.2 + 0.3 * sim_rng_unit(r));
        sim_hent(w, inc, d, id, "evt", "Event", "name", "meeting", "date", sim_day(w, d), "involved", s->id, "involved",
                 o->id, "country", sim_rng_chance(r, 0.5) ? "us" : o->country, NULL);
    }
    if (sim_rng_chance(r, 0.5)) {
        int64_t d0 = sim_inc_day(inc, 0.4 + 0.3 * sim_rng_unit(r)), d1 = MH_MIN(inc->d1, d0 + sim_rng_range(r, 2, 7));
        sim_trip(w, r, s, o->country, d0, d1, o->id, (int32_t)(inc - w->inc), 0, 0, id);
        sim_inc_add(w, inc, id, d0 * SIM_DAY_MS);
    }
    int np = (int)sim_rng_range(r, 0, 3);
    for (int k = 0; k < np; k++) {
        int64_t d = sim_inc_day(inc, 0.5 + 0.5 * sim_rng_unit(r));
        sim_hent(w, inc, d, id, "pay", "Payment", "payer", o->id, "beneficiary", s->id, "amount",
                 sim_amt(w, sim_rng_range(r, 100000, 2500000)), "currency", "USD", "date", sim_day(w, d), NULL);
    }
}

void sim_look_walkin(sim_world *w, sim_person *p, sim_rng *r)
{
    const char *c = sim_rng_chance(r, 0.5) ? sim_countries[sim_rng_below(r, 3)].code : sim_country_benign(r);
    char who[SIM_IDLEN], id[SIM_IDLEN], mail[SIM_IDLEN];
    sim_foreigner(w, r, c, "role.diplo", who, NULL);
    int64_t d = sim_rng_range(r, w->day0, w->day1);
    char when[32];
    sim_fmt_iso(sim_worktime(r, d), when);
    sim_ent(w, &w->ftm, mail, "mail", "Email", "emitters", p->id, "recipients", who, "date", when, "subject",
            "request for a working meeting", NULL);
    sim_disclose(w, p, "foreign_contact", who, mail, MH_MIN(w->day1, d + sim_rng_range(r, 0, 3)), "official contact");
    if (d + 7 <= w->day1)
        sim_ent(w, &w->ftm, id, "evt", "Event", "name", "official meeting", "date", sim_day(w, d + sim_rng_range(r, 3, 7)),
                "involved", p->id, "involved", who, "organizer", w->home_id, "country", "us", NULL);
}
