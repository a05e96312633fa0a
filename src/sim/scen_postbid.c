/* POSTBID: seeking a post of interest. After an undisclosed foreign contact begins, the
 * covered person bids for a post in the contact's country (sometimes gets it). Randomised:
 * how the contact shows (a friendship tie or only messages), the delay before the bid,
 * the post, the outcome. Look-alike: bids for posts in the same countries by people with
 * no foreign contact at all (plus the background's ordinary bids). */
#include "sim_internal.h"

static const char *const sections[] = {"Political Section", "Economic Section", "Consular Section", "Management Section",
                                       "Public Affairs Section"};

static void bid(sim_world *w, sim_incident *inc, sim_person *p, sim_rng *r, const char *country, int64_t d)
{
    const sim_country *c = &sim_countries[MH_MAX(0, sim_country_index(country))];
    char post[96], id[SIM_IDLEN];
    snprintf(post, sizeof post, "%s %s, %s", sim_rng_chance(r, 0.8) ? "Embassy" : "Consulate", c->capital, SIM_PICK(r, sections));
    if (inc)
        sim_hent(w, inc, d, id, "asg", "Assignment", "person", p->id, "organization", w->home_id, "post", post, "country",
                 country, "date", sim_day(w, d), "status", "bid", NULL);
    else
        sim_ent(w, &w->ftm, id, "asg", "Assignment", "person", p->id, "organization", w->home_id, "post", post, "country",
                country, "date", sim_day(w, d), "status", "bid", NULL);
    int64_t da = d + sim_rng_range(r, 20, 90);
    if (sim_rng_chance(r, 0.5) && da <= (inc ? inc->d1 : w->day1)) {
        if (inc)
            sim_hent(w, inc, da, id, "asg", "Assignment", "person", p->id, "organization", w->home_id, "post", post,
                     "country", country, "date", sim_day(w, da), "status", "assigned", NULL);
        else
            sim_ent(w, &w->ftm, id, "asg", "Assignment", "person", p->id, "organization", w->home_id, "post", post,
                    "country", country, "date", sim_day(w, da), "status", "assigned", NULL);
    }
}

void sim_scen_postbid(sim_world *w, sim_incident *inc, sim_rng *r)
{
    sim_person *s = &w->people[inc->subject];
    sim_officer *o = sim_officer_new(w, r, NULL);
    if (!o) return;
    inc->officer = o;
    char id[SIM_IDLEN];
    if (sim_rng_chance(r, 0.5))
        sim_hent(w, inc, inc->d0, id, "as", "Associate", "person", s->id, "associate", o->id, "relationship",
                 sim_rng_chance(r, 0.5) ? "friend" : "acquaintance", "startDate", sim_day(w, inc->d0), NULL);
    int n = (int)sim_rng_range(r, 2, 6);
    for (int k = 0; k < n; k++) {
        bool out = sim_rng_chance(r, 0.5);
        sim_hmsg(w, inc, r, sim_inc_day(inc, 0.6 * sim_rng_unit(r)), sim_channel_schema(r), out ? s->id : o->id,
                 out ? o->id : s->id, "the post we talked about");
    }
    bid(w, inc, s, r, o->country, sim_inc_day(inc, 0.3 + 0.4 * sim_rng_unit(r)));
}

void sim_look_postbid(sim_world *w, sim_person *p, sim_rng *r)
{
    bid(w, NULL, p, r, sim_countries[sim_rng_below(r, 3)].code, sim_rng_range(r, w->day0, w->day1));
}
