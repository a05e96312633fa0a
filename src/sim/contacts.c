/* Benign foreign contacts: friends and acquaintances abroad, diplomats met officially,
 * and how each is reported. SEAD-3 asks for prompt reports of continuing foreign ties;
 * most people report on time (Disclosure.record = the tie, counterparty = the contact),
 * some late, some forget — the configured shares, which the realism tests check. These
 * contacts are what makes "foreign contact" alone a poor signal. */
#include <string.h>

#include "sim_internal.h"

void sim_disclose(sim_world *w, sim_person *p, const char *kind, const char *counterparty, const char *record,
                  int64_t day, const char *summary)
{
    char id[SIM_IDLEN];
    sim_ent(w, &w->ftm, id, "dis", "Disclosure", "reporter", p->id, "kind", kind, "counterparty", counterparty,
            "date", sim_day(w, day), "record", record, "summary", summary, NULL);
}

/* Reports a background contact on time, late or never, as configured. On time is within
 * four days of the later of the tie's start and the month before hiring (the forms). */
void sim_report_contact(sim_world *w, sim_rng *r, sim_person *p, const char *tie, const char *who, int64_t tie_start,
                        const char *summary)
{
    int64_t base = MH_MAX(tie_start, p->start_day - 30), day;
    double u = sim_rng_unit(r);
    w->st->contacts++;
    if (u < w->cfg.disclose_on_time) {
        w->st->contacts_on_time++;
        day = MH_MIN(base + sim_rng_range(r, 0, 4), w->day1);
    } else if (u < w->cfg.disclose_on_time + w->cfg.disclose_late) {
        day = base + sim_rng_range(r, 60, 400);
        if (day > w->day1) return;
    } else {
        return;
    }
    sim_disclose(w, p, "foreign_contact", who, tie, day, summary);
}

void sim_foreigner(sim_world *w, sim_rng *r, const char *country, const char *topic, char out[SIM_IDLEN], sim_name *name)
{
    sim_name tmp, *nm = name ? name : &tmp;
    bool female = sim_rng_chance(r, 0.5);
    sim_name_foreign(r, country, female, nm);
    int64_t y;
    unsigned m, d;
    mh_civil_from_days(w->day0, &y, &m, &d);
    int by = (int)y - (int)sim_rng_range(r, 22, 70);
    char birth[16];
    if (sim_rng_chance(r, 0.5)) sim_fmt_day(mh_days_from_civil(by, 1, 1) + sim_rng_below(r, 365), birth);
    else snprintf(birth, sizeof birth, "%d", by);
    sim_ent(w, &w->ftm, out, "p", "Person", "name", nm->full, "firstName", nm->first, "lastName", nm->last,
            "birthDate", birth, "nationality", country, "country", country, "gender", female ? "female" : "male",
            "topics", topic, NULL);
}

/* A diplomat posted in Washington: a Person holding a Position at an embassy. */
static void diplomat(sim_world *w, sim_rng *r, const char *country, char out[SIM_IDLEN])
{
    static const char *const titles[] = {"First Secretary", "Second Secretary", "Counsellor", "Attaché", "Consul"};
    sim_foreigner(w, r, country, "role.diplo", out, NULL);
    const sim_country *c = &sim_countries[sim_country_index(country)];
    char emb[SIM_IDLEN], pos[SIM_IDLEN], occ[SIM_IDLEN], name[96];
    snprintf(name, sizeof name, "Embassy of %s in Washington", c->name);
    sim_ent(w, &w->ftm, emb, "org", "PublicBody", "name", name, "country", country, "topics", "gov", NULL);
    snprintf(name, sizeof name, "%s, Embassy of %s", SIM_PICK(r, titles), c->name);
    sim_ent(w, &w->ftm, pos, "pos", "Position", "name", name, "organization", emb, "country", "us", NULL);
    sim_ent(w, &w->ftm, occ, "occ", "Occupancy", "holder", out, "post", pos,
            "startDate", sim_day(w, w->day0 - sim_rng_range(r, 30, 900)), NULL);
}

void sim_contacts_write(sim_world *w)
{
    char who[SIM_IDLEN], tie[SIM_IDLEN], ev[SIM_IDLEN];
    for (uint32_t i = 0; i < w->npeople; i++) {
        sim_person *p = &w->people[i];
        sim_rng r;
        sim_rng_seed(&r, w->cfg.seed, SR_FAMILY, 1000000 + i);
        int nf = (int)sim_rng_below(&r, 4);
        for (int k = 0; k < nf; k++) {
            bool foreign = sim_rng_chance(&r, 0.2);
            int64_t start = mh_days_from_civil(p->birth_year + (int)sim_rng_range(&r, 15, 40), 1, 1) + sim_rng_below(&r, 365);
            if (start > w->day1) start = w->day1 - (int64_t)sim_rng_below(&r, 200);
            const char *rel = sim_rng_chance(&r, 0.7) ? "friend" : "acquaintance";
            if (foreign) {
                const char *c = sim_country_benign(&r);
                sim_foreigner(w, &r, c, NULL, who, NULL);
                sim_ent(w, &w->ftm, tie, "as", "Associate", "person", p->id, "associate", who, "relationship", rel,
                        "startDate", sim_day(w, start), NULL);
                sim_report_contact(w, &r, p, tie, who, start, "friend abroad");
            } else {
                sim_name nm;
                sim_name_us(&r, sim_rng_chance(&r, 0.5), &nm);
                sim_ent(w, &w->ftm, who, "p", "Person", "name", nm.full, "nationality", "us", "country", "us", NULL);
                sim_ent(w, &w->ftm, tie, "as", "Associate", "person", p->id, "associate", who, "relationship", rel,
                        "startDate", sim_day(w, start), NULL);
            }
        }
        /* Diplomats met officially: mostly people of the regional bureaus and policy units. */
        bool desk = p->unit >= 7 && p->unit <= 11;
        if (sim_rng_chance(&r, (desk ? 0.15 : 0.02) * MH_MIN(1.0, w->cfg.days / 180.0))) {
            int64_t day = sim_rng_range(&r, MH_MAX(w->day0, p->start_day), MH_MIN(w->day1, p->end_day));
            const char *c = sim_country_benign(&r);
            diplomat(w, &r, c, who);
            sim_ent(w, &w->ftm, ev, "evt", "Event", "name", "official meeting", "date", sim_day(w, day), "involved",
                    p->id, "involved", who, "organizer", w->home_id, "country", "us", "summary",
                    "working-level meeting at the department", NULL);
            if (sim_rng_chance(&r, 0.95))
                sim_disclose(w, p, "foreign_contact", who, ev, MH_MIN(day + sim_rng_range(&r, 0, 3), w->day1),
                             "official contact with a foreign diplomat");
        }
    }
}
