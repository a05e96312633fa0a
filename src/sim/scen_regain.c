/* REGAIN: seeking access after leaving. A former employee asks former colleagues for
 * documents after separation, with foreign trips around the asks and contact with an
 * officer. Randomised: how long after leaving, how many colleagues and asks, sensitivity,
 * channel, trips. Look-alike: alumni networking — messages with former colleagues and no
 * document requests. */
#include "sim_internal.h"

void sim_scen_regain(sim_world *w, sim_incident *inc, sim_rng *r)
{
    static const char *const asks[] = {"the latest version of the desk's briefing book", "the staffing memo",
                                       "could you send me the draft we worked on", "the visit schedule"};
    static const char *const chans[] = {"email", "message", "call"};
    sim_person *s = &w->people[inc->subject];
    sim_officer *o = sim_officer_new(w, r, NULL);
    if (!o) return;
    inc->officer = o;
    char id[SIM_IDLEN];
    int32_t ix = (int32_t)(inc - w->inc);
    int64_t left = s->end_day;
    sim_hmsg(w, inc, r, MH_MIN(inc->d1, left + sim_rng_range(r, 1, 20)), sim_channel_schema(r), s->id, o->id, "new job news");
    int nc = (int)sim_rng_range(r, 2, 4);
    for (int k = 0; k < nc; k++) {
        uint32_t c = s->supervisor >= 0 && k == 0 ? (uint32_t)s->supervisor : sim_other_person(w, r, inc->subject);
        int64_t d = sim_rng_range(r, MH_MIN(inc->d1, left + 5), inc->d1);
        sim_hent(w, inc, d, id, "task", "Tasking", "requester", s->id, "recipient", w->people[c].id, "date", sim_day(w, d),
                 "subject", SIM_PICK(r, asks), "sensitivity", sim_rng_chance(r, 0.6) ? "internal" : "sensitive", "channel",
                 SIM_PICK(r, chans), NULL);
    }
    if (sim_rng_chance(r, 0.7)) {
        int64_t d0 = sim_rng_range(r, MH_MIN(inc->d1, left + 5), inc->d1), d1 = MH_MIN(w->day1, d0 + sim_rng_range(r, 3, 8));
        sim_trip(w, r, s, o->country, d0, d1, o->id, ix, 0, 0, id);
        sim_inc_add(w, inc, id, d0 * SIM_DAY_MS);
    }
}

void sim_look_regain(sim_world *w, sim_person *p, sim_rng *r)
{
    if (p->end_day == SIM_NEVER || p->end_day >= w->day1) return;
    int n = (int)sim_rng_range(r, 1, 4);
    for (int k = 0; k < n; k++) {
        uint32_t c = sim_other_person(w, r, (uint32_t)(p - w->people));
        sim_hmsg(w, NULL, r, sim_rng_range(r, p->end_day + 1, w->day1), sim_rng_chance(r, 0.5) ? "Message" : "Email", p->id,
                 w->people[c].id, sim_rng_chance(r, 0.5) ? "lunch next week?" : "how is everyone on the team");
    }
}
