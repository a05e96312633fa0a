/* MOMINT: benefits through family. An officer — directly or through a school or company
 * they direct — gives a covered person's relative tuition, housing, a stipend, a job or
 * travel, while the covered person is in touch with the same officer; nothing is
 * disclosed (the Claiborne pattern). Randomised: which relative, who makes first contact,
 * front or not, a second officer, the mix, number and size of benefits, cash to the
 * subject. Look-alike: a relative abroad paid by a genuine university or employer, usually
 * disclosed on time. */
#include "sim_internal.h"

static const uint8_t rel_pref[] = {REL_SON, REL_DAUGHTER, REL_BROTHER, REL_SISTER, REL_SPOUSE};

static sim_rel *pick_relative(sim_world *w, sim_person *s, sim_rng *r)
{
    uint32_t k = sim_rng_below(r, 3);
    sim_rel *rel = sim_family_find(s, rel_pref + k, MH_ARRAY_LEN(rel_pref) - k, 18);
    if (!rel) rel = sim_family_find(s, rel_pref, MH_ARRAY_LEN(rel_pref), 18);
    if (!rel) rel = sim_family_add(w, r, s, sim_rng_chance(r, 0.5) ? REL_SON : REL_DAUGHTER, (int)sim_rng_range(r, 19, 32), "us");
    return rel;
}

void sim_scen_momint(sim_world *w, sim_incident *inc, sim_rng *r)
{
    static const char *const asks[] = {"help finding my son a job", "a teaching position for my child",
                                       "about the school we discussed", "could your friends help my family"};
    static const char *const offers[] = {"English teaching job in Shanghai", "a place at our institute",
                                         "apartment for your stay", "scholarship details", "internship offer"};
    static const char *const chat[] = {"news", "the apartment", "tuition this term", "holiday plans", "thank you",
                                       "when can we meet", "your mother"};
    static const struct {
        const char *kind;
        int64_t lo, hi;
    } ben[] = {{"tuition", 300000, 1500000}, {"housing", 100000, 400000}, {"stipend", 30000, 150000},
               {"employment", 150000, 500000}, {"travel", 100000, 600000}, {"goods", 10000, 150000}};
    sim_person *s = &w->people[inc->subject];
    sim_officer *o = sim_officer_new(w, r, NULL), *o2 = NULL;
    if (!o) return;
    inc->officer = o;
    if (sim_rng_chance(r, 0.4)) o2 = sim_officer_new(w, r, o->country);
    sim_rel *rel = pick_relative(w, s, r);
    const char *provider = sim_rng_chance(r, 0.5) ? sim_officer_front(w, r, o, sim_rng_chance(r, 0.6)) : o->id;
    char id[SIM_IDLEN];

    if (sim_rng_chance(r, 0.6)) sim_hmsg(w, inc, r, inc->d0, "Message", s->id, o->id, SIM_PICK(r, asks));
    else sim_hmsg(w, inc, r, inc->d0, "Email", o->id, s->id, "it was good to see you again");
    sim_hmsg(w, inc, r, MH_MIN(inc->d1, inc->d0 + sim_rng_range(r, 1, 3)), "Email", o->id, rel->id, SIM_PICK(r, offers));
    int talks = (int)sim_rng_range(r, 2, 6);
    for (int k = 0; k < talks; k++) {
        const char *a = sim_rng_chance(r, 0.5) ? s->id : rel->id;
        const char *b = o2 && sim_rng_chance(r, 0.3) ? o2->id : o->id;
        if (sim_rng_chance(r, 0.5)) sim_hmsg(w, inc, r, sim_inc_day(inc, sim_rng_unit(r)), sim_channel_schema(r), a, b, SIM_PICK(r, chat));
        else sim_hmsg(w, inc, r, sim_inc_day(inc, sim_rng_unit(r)), sim_channel_schema(r), b, a, SIM_PICK(r, chat));
    }
    if (sim_rng_chance(r, 0.6)) {
        /* The relative moves to the officer's country for the job or the school. */
        int64_t d = sim_inc_day(inc, 0.2 + 0.2 * sim_rng_unit(r));
        sim_ent(w, &w->ftm, id, "trip", "Trip", "involved", rel->id, "startDate", sim_day(w, d), "endDate",
                sim_day(w, MH_MIN(w->day1, d + sim_rng_range(r, 30, 400))), "country", o->country, "summary", "relocation",
                NULL);
    }
    int nb = (int)sim_rng_range(r, 3, 8);
    for (int k = 0; k < nb; k++) {
        uint32_t b = sim_rng_below(r, MH_ARRAY_LEN(ben));
        const char *from = o2 && sim_rng_chance(r, 0.25) ? o2->id : provider;
        int64_t d = sim_inc_day(inc, 0.25 + 0.75 * sim_rng_unit(r));
        sim_hent(w, inc, d, id, "ben", "Benefit", "provider", from, "recipient", rel->id, "date", sim_day(w, d), "value",
                 sim_amt(w, sim_rng_range(r, ben[b].lo, ben[b].hi)), "currency", "USD", "kind", ben[b].kind, NULL);
    }
    int np = sim_rng_chance(r, 0.5) ? (int)sim_rng_range(r, 1, 3) : 0;
    for (int k = 0; k < np; k++) {
        int64_t d = sim_inc_day(inc, 0.3 + 0.7 * sim_rng_unit(r));
        sim_hent(w, inc, d, id, "pay", "Payment", "payer", o->id, "beneficiary", s->id, "amount",
                 sim_amt(w, sim_rng_range(r, 50000, 500000)), "currency", "USD", "date", sim_day(w, d), "purpose",
                 sim_rng_chance(r, 0.5) ? "gift" : NULL, NULL);
    }
    if (sim_rng_chance(r, 0.4)) {
        static const char *const kinds[] = {"travel", "meal", "goods", "device"};
        int64_t d = sim_inc_day(inc, sim_rng_unit(r));
        sim_hent(w, inc, d, id, "ben", "Benefit", "provider", o->id, "recipient", s->id, "date", sim_day(w, d), "value",
                 sim_amt(w, sim_rng_range(r, 5000, 300000)), "currency", "USD", "kind", SIM_PICK(r, kinds), NULL);
    }
}

void sim_look_momint(sim_world *w, sim_person *p, sim_rng *r)
{
    static const char *const unis[] = {"University", "Normal University", "Institute of Technology", "Language School",
                                       "Hospital", "Trading Company"};
    static const char *const kinds[] = {"tuition", "stipend", "employment", "housing"};
    const char *country = sim_rng_chance(r, 0.4) ? sim_countries[sim_rng_below(r, 3)].code : sim_country_benign(r);
    sim_rel *rel = sim_family_find(p, rel_pref, 2, 18);
    if (!rel) rel = sim_family_add(w, r, p, sim_rng_chance(r, 0.5) ? REL_SON : REL_DAUGHTER, (int)sim_rng_range(r, 19, 30), country);
    const sim_country *c = &sim_countries[sim_country_index(country)];
    char org[SIM_IDLEN], id[SIM_IDLEN], name[96];
    snprintf(name, sizeof name, "%s %s", c->capital, SIM_PICK(r, unis));
    sim_ent(w, &w->ftm, org, "org", "Organization", "name", name, "country", country, NULL);
    bool disclose = sim_rng_chance(r, 0.7);
    int n = (int)sim_rng_range(r, 1, 4);
    for (int k = 0; k < n; k++) {
        int64_t d = sim_rng_range(r, w->day0, w->day1);
        sim_ent(w, &w->ftm, id, "ben", "Benefit", "provider", org, "recipient", rel->id, "date", sim_day(w, d), "value",
                sim_amt(w, sim_rng_range(r, 50000, 1200000)), "currency", "USD", "kind", SIM_PICK(r, kinds), NULL);
        if (disclose)
            sim_disclose(w, p, "financial", org, id, MH_MIN(w->day1, d + sim_rng_range(r, 0, 4)),
                         "relative's scholarship or employment abroad");
    }
}
