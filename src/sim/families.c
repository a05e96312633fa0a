/* Families: spouses, children, parents and siblings of the covered people, as Person
 * entities and Family ties (relationship from the covered person's side). A few live
 * abroad as foreign nationals — relatives abroad are the commonest innocent foreign tie,
 * and the channel MOMINT exploits. Each covered person remembers a handful of relatives so
 * that scenarios and look-alikes can pick "which relative" at random. */
#include <string.h>

#include "sim_internal.h"

const char *const sim_rel_names[REL_N] = {"spouse", "son", "daughter", "father", "mother", "brother", "sister"};

static int age_of(const sim_world *w, const sim_person *p)
{
    int64_t y;
    unsigned m, d;
    mh_civil_from_days(w->day0, &y, &m, &d);
    return (int)y - p->birth_year;
}

sim_rel *sim_family_add(sim_world *w, sim_rng *r, sim_person *p, uint8_t kind, int age, const char *country)
{
    /* When the list is full the newest relative takes the last slot: it is only a memory
     * for picking relatives later; the entity itself is written either way. */
    sim_rel *rel = p->nrel < SIM_MAXREL ? &p->rel[p->nrel++] : &p->rel[SIM_MAXREL - 1];
    memset(rel, 0, sizeof *rel);
    rel->kind = kind;
    rel->age = (uint8_t)(age < 0 ? 0 : age > 110 ? 110 : age);
    snprintf(rel->country, sizeof rel->country, "%s", country);
    bool female = kind == REL_DAUGHTER || kind == REL_MOTHER || kind == REL_SISTER ||
                  (kind == REL_SPOUSE && !p->female);
    sim_name nm;
    bool foreign = strcmp(country, "us") != 0;
    if (foreign && kind == REL_SPOUSE) sim_name_foreign(r, country, female, &nm);
    else sim_name_us(r, female, &nm);
    if (kind != REL_SPOUSE || sim_rng_chance(r, 0.6)) {
        snprintf(nm.last, sizeof nm.last, "%s", p->name.last);
        snprintf(nm.full, sizeof nm.full, "%s %s", nm.first, nm.last);
    }
    int64_t y;
    unsigned m, d;
    mh_civil_from_days(w->day0, &y, &m, &d);
    int by = (int)y - rel->age;
    char birth[16];
    if (sim_rng_chance(r, 0.7)) sim_fmt_day(mh_days_from_civil(by, 1, 1) + sim_rng_below(r, 365), birth);
    else snprintf(birth, sizeof birth, "%d", by);
    /* Relatives abroad: children abroad stay US nationals, others are foreign nationals. */
    const char *nat = foreign && kind != REL_SON && kind != REL_DAUGHTER ? country : "us";
    sim_ent(w, &w->ftm, rel->id, "p", "Person", "name", nm.full, "firstName", nm.first, "lastName", nm.last,
            "birthDate", birth, "nationality", nat, "country", country, "gender", female ? "female" : "male", NULL);
    int64_t start = kind == REL_SPOUSE ? mh_days_from_civil(p->birth_year + (int)sim_rng_range(r, 22, 35), 6, 1)
                    : kind == REL_SON || kind == REL_DAUGHTER ? mh_days_from_civil(by, 1, 1)
                                                              : mh_days_from_civil(p->birth_year, 1, 1);
    if (start > w->day1) start = w->day1 - (int64_t)sim_rng_below(r, 365);
    char tie[SIM_IDLEN];
    sim_ent(w, &w->ftm, tie, "fam", "Family", "person", p->id, "relative", rel->id, "relationship", sim_rel_names[kind],
            "startDate", sim_day(w, start), NULL);
    if (strcmp(nat, "us") != 0) sim_report_contact(w, r, p, tie, rel->id, start, "relative abroad");
    return rel;
}

sim_rel *sim_family_find(sim_person *p, const uint8_t *kinds, size_t nkinds, int min_age)
{
    for (size_t k = 0; k < nkinds; k++)
        for (uint8_t i = 0; i < p->nrel; i++)
            if (p->rel[i].kind == kinds[k] && p->rel[i].age >= min_age) return &p->rel[i];
    return NULL;
}

void sim_family_write(sim_world *w)
{
    for (uint32_t i = 0; i < w->npeople; i++) {
        sim_person *p = &w->people[i];
        sim_rng r;
        sim_rng_seed(&r, w->cfg.seed, SR_FAMILY, i);
        int age = age_of(w, p);
        const double abroad = 0.06;
        if (age > 24 && sim_rng_chance(&r, 0.6))
            sim_family_add(w, &r, p, REL_SPOUSE, age + (int)sim_rng_range(&r, -5, 5),
                           sim_rng_chance(&r, 0.05) ? sim_country_benign(&r) : "us");
        int kids = age > 24 ? (int)sim_rng_below(&r, 4) : 0;
        for (int k = 0; k < kids; k++) {
            int ka = age - (int)sim_rng_range(&r, 22, 40);
            if (ka < 0) continue;
            sim_family_add(w, &r, p, sim_rng_chance(&r, 0.5) ? REL_SON : REL_DAUGHTER, ka,
                           ka >= 18 && sim_rng_chance(&r, abroad) ? sim_country_benign(&r) : "us");
        }
        for (int k = 0; k < 2; k++)
            if (sim_rng_chance(&r, age < 55 ? 0.8 : 0.35))
                sim_family_add(w, &r, p, k ? REL_MOTHER : REL_FATHER, age + (int)sim_rng_range(&r, 22, 38),
                               sim_rng_chance(&r, abroad) ? sim_country_benign(&r) : "us");
        int sib = (int)sim_rng_below(&r, 4);
        for (int k = 0; k < sib; k++)
            sim_family_add(w, &r, p, sim_rng_chance(&r, 0.5) ? REL_BROTHER : REL_SISTER, age + (int)sim_rng_range(&r, -10, 10),
                           sim_rng_chance(&r, abroad) ? sim_country_benign(&r) : "us");
    }
}
