/* CONCEAL: concealment after questioning. An Interview, then within days bulk deletion
 * of mail or messages, sometimes a relative told to delete evidence, sometimes a false,
 * late disclosure that understates a contact that was never reported. Randomised: the
 * interview's kind, the delay (1-6 days), scope and size of the deletions, the extras.
 * Look-alikes: routine clean-ups unrelated in time to any interview (life.c) and more
 * interviews with no deletions after them. */
#include "sim_internal.h"

void sim_scen_conceal(sim_world *w, sim_incident *inc, sim_rng *r)
{
    static const char *const kinds[] = {"security", "counterintelligence", "law_enforcement", "background"};
    sim_person *s = &w->people[inc->subject];
    sim_officer *o = sim_officer_new(w, r, NULL);
    if (!o) return;
    inc->officer = o;
    char id[SIM_IDLEN];
    int32_t ix = (int32_t)(inc - w->inc);
    int64_t di = sim_inc_day(inc, 0.5 + 0.3 * sim_rng_unit(r));
    int before = (int)sim_rng_range(r, 2, 5);
    for (int k = 0; k < before; k++) {
        bool out = sim_rng_chance(r, 0.5);
        sim_hmsg(w, inc, r, sim_rng_range(r, inc->d0, MH_MAX(inc->d0, di - 1)), sim_channel_schema(r),
                 out ? s->id : o->id, out ? o->id : s->id, "catching up");
    }
    sim_hent(w, inc, di, id, "int", "Interview", "subject", s->id, "organization", w->home_id, "date", sim_day(w, di),
             "kind", SIM_PICK(r, kinds), NULL);
    int nd = (int)sim_rng_range(r, 1, 3);
    for (int k = 0; k < nd; k++) {
        int64_t dd = MH_MIN(w->day1, di + sim_rng_range(r, 1, 6));
        sim_ev *ev = sim_inject(w, sim_worktime(r, dd), K_DELETION, inc->subject, ix);
        if (!ev) return;
        ev->a = sim_rng_below(r, 2);
        ev->b = (uint32_t)sim_rng_range(r, 150, 6000);
    }
    if (s->nrel && sim_rng_chance(r, 0.5))
        sim_hmsg(w, inc, r, MH_MIN(w->day1, di + sim_rng_range(r, 0, 3)), "Message", s->id, s->rel[sim_rng_below(r, s->nrel)].id,
                 "please delete our messages about them");
    if (sim_rng_chance(r, 0.3)) {
        int64_t dd = MH_MIN(w->day1, di + sim_rng_range(r, 1, 5));
        sim_hent(w, inc, dd, id, "dis", "Disclosure", "reporter", s->id, "kind", "foreign_contact", "counterparty", o->id,
                 "date", sim_day(w, dd), "summary", "met once briefly at a reception", NULL);
    }
}

void sim_look_conceal(sim_world *w, sim_person *p, sim_rng *r)
{
    char id[SIM_IDLEN];
    int64_t d = sim_rng_range(r, MH_MAX(w->day0, p->start_day), MH_MIN(w->day1, p->end_day));
    if (p->interview_day != SIM_NEVER) return;
    p->interview_day = d;
    sim_ent(w, &w->ftm, id, "int", "Interview", "subject", p->id, "organization", w->home_id, "date", sim_day(w, d), "kind",
            sim_rng_chance(r, 0.5) ? "security" : "background", NULL);
}
