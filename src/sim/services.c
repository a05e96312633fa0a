/* The adversary side: foreign security services (named in their own script and in
 * English), their officers, and the fronts some officers direct. The organisation's own
 * records know an officer under their own id and a variant spelling, and tie them to the
 * service in varied ways — employment, membership, a diplomatic post, a directorship of
 * a front, or nothing at all but a name the watch list knows — so that no single join
 * finds them all. The watch list names the same people under other ids, natively. */
#include <string.h>

#include "sim_internal.h"

static const sim_service service_table[] = {
    {"cn", "中华人民共和国国家安全部", "Ministry of State Security", "Guojia Anquan Bu", "", ""},
    {"cn", "上海市国家安全局", "Shanghai State Security Bureau", "Shanghai Municipal State Security Bureau", "", ""},
    {"cn", "北京市国家安全局", "Beijing State Security Bureau", "Beijing Municipal State Security Bureau", "", ""},
    {"ru", "Служба внешней разведки Российской Федерации", "Foreign Intelligence Service of the Russian Federation", "SVR", "", ""},
    {"ru", "Федеральная служба безопасности Российской Федерации", "Federal Security Service", "FSB", "", ""},
    {"ru", "Главное управление Генерального штаба", "Main Directorate of the General Staff", "GRU", "", ""},
    {"ir", "وزارت اطلاعات جمهوری اسلامی ایران", "Ministry of Intelligence of the Islamic Republic of Iran", "MOIS", "", ""},
};

void sim_services_write(sim_world *w)
{
    sim_rng r;
    sim_rng_seed(&r, w->cfg.seed, SR_OFFICER, 0);
    w->nservices = MH_ARRAY_LEN(service_table);
    w->services = mh_arena_alloc(&w->arena, sizeof *w->services * w->nservices);
    if (!w->services) {
        w->oom = true;
        w->nservices = 0;
        return;
    }
    for (size_t i = 0; i < w->nservices; i++) {
        sim_service *s = &w->services[i];
        *s = service_table[i];
        sim_id(w, "org", s->id);
        sim_id(w, "org", s->wid);
        sim_ent(w, &w->ftm, s->id, NULL, "PublicBody", "name", s->native, "name", s->english, "alias", s->variant,
                "country", s->country, "topics", sim_rng_chance(&r, 0.5) ? "gov.security" : "gov", NULL);
    }
    /* Officers the watch list knows who never touch the organisation's records. */
    uint32_t noise = 8 + w->cfg.people / 100;
    for (uint32_t k = 0; k < noise; k++) {
        sim_officer *o = mh_arena_zalloc(&w->arena, sizeof *o);
        if (!o) {
            w->oom = true;
            return;
        }
        o->service = (int)sim_rng_below(&r, (uint32_t)w->nservices);
        snprintf(o->country, sizeof o->country, "%s", w->services[o->service].country);
        o->female = sim_rng_chance(&r, 0.3);
        o->birth_day = mh_days_from_civil(1950 + (int)sim_rng_below(&r, 40), 1, 1) + sim_rng_below(&r, 365);
        sim_name_native(&r, o->country, o->female, &o->name);
        sim_id(w, "p", o->wid);
        o->next = w->officers;
        w->officers = o;
    }
}

static int pick_service(sim_world *w, sim_rng *r, const char *country)
{
    if (!country) {
        double u = sim_rng_unit(r);
        country = u < 0.5 ? "cn" : u < 0.85 ? "ru" : "ir";
    }
    int cand[8], n = 0;
    for (size_t i = 0; i < w->nservices && n < 8; i++)
        if (strcmp(w->services[i].country, country) == 0) cand[n++] = (int)i;
    return n ? cand[sim_rng_below(r, (uint32_t)n)] : 0;
}

sim_officer *sim_officer_new(sim_world *w, sim_rng *r, const char *country)
{
    if (!w->nservices) return NULL;
    sim_officer *o = mh_arena_zalloc(&w->arena, sizeof *o);
    if (!o) {
        w->oom = true;
        return NULL;
    }
    o->service = pick_service(w, r, country);
    const sim_service *s = &w->services[o->service];
    snprintf(o->country, sizeof o->country, "%s", s->country);
    o->female = sim_rng_chance(r, 0.3);
    o->birth_day = mh_days_from_civil(1955 + (int)sim_rng_below(r, 35), 1, 1) + sim_rng_below(r, 365);
    sim_name_native(r, o->country, o->female, &o->name);
    sim_id(w, "p", o->wid);
    o->next = w->officers;
    w->officers = o;

    /* How the organisation's records know them: the birth date is partial or missing,
     * topics are usually absent or a diplomatic cover. */
    char birth[16];
    double u = sim_rng_unit(r);
    if (u < 0.3) sim_fmt_day(o->birth_day, birth);
    else if (u < 0.8) sim_fmt_day(o->birth_day, birth), birth[4] = '\0';
    else birth[0] = '\0';
    int link = (int)sim_rng_below(r, 100);
    const char *topic = link >= 75 ? "role.diplo" : sim_rng_chance(r, 0.15) ? "role.spy" : NULL;
    sim_ent(w, &w->ftm, o->id, "p", "Person", "name", o->name.variant, "nationality", o->country, "country", o->country,
            "birthDate", birth[0] ? birth : NULL, "gender", o->female ? "female" : "male", "topics", topic, NULL);
    char id[SIM_IDLEN];
    int64_t since = w->day0 - sim_rng_range(r, 365, 5000);
    if (link < 30) {
        sim_ent(w, &w->ftm, id, "emp", "Employment", "employer", s->id, "employee", o->id, "role", "officer",
                "startDate", sim_day(w, since), NULL);
    } else if (link < 45) {
        sim_ent(w, &w->ftm, id, "mem", "Membership", "member", o->id, "organization", s->id, "startDate",
                sim_day(w, since), NULL);
    } else if (link >= 75) {
        /* Diplomatic cover: an embassy post; the link to the service is the watch list's. */
        const sim_country *c = &sim_countries[MH_MAX(0, sim_country_index(o->country))];
        char emb[SIM_IDLEN], pos[SIM_IDLEN], name[96];
        snprintf(name, sizeof name, "Embassy of %s in Washington", c->name);
        sim_ent(w, &w->ftm, emb, "org", "PublicBody", "name", name, "country", o->country, "topics", "gov", NULL);
        snprintf(name, sizeof name, "%s, Embassy of %s", sim_rng_chance(r, 0.5) ? "Second Secretary" : "Attaché", c->name);
        sim_ent(w, &w->ftm, pos, "pos", "Position", "name", name, "organization", emb, "country", "us", NULL);
        sim_ent(w, &w->ftm, id, "occ", "Occupancy", "holder", o->id, "post", pos, "startDate",
                sim_day(w, w->day0 - sim_rng_range(r, 30, 900)), NULL);
    } /* else: known only by the watch list's name match */
    return o;
}

const char *sim_officer_front(sim_world *w, sim_rng *r, sim_officer *o, bool school)
{
    if (o->front[0]) return o->front;
    static const char *const schools[][2] = {{"cn", "上海时装设计学院 Shanghai Institute of Fashion Design"},
                                             {"cn", "Pudong International English Academy"},
                                             {"ru", "Moscow Institute of International Languages"},
                                             {"ir", "Tehran Institute of Languages"}};
    static const char *const companies[][2] = {{"cn", "Huaxin International Trading Co., Ltd."},
                                               {"cn", "Shanghai Dongfang Business Consulting Co."},
                                               {"ru", "Severnaya Zvezda LLC"},
                                               {"ru", "Baltic Consulting Group"},
                                               {"ir", "Pars Kish Trading Company"}};
    const char *name = NULL;
    for (int tries = 0; tries < 8 && !name; tries++) {
        const char *const *row = school ? schools[sim_rng_below(r, MH_ARRAY_LEN(schools))]
                                        : companies[sim_rng_below(r, MH_ARRAY_LEN(companies))];
        if (strcmp(row[0], o->country) == 0) name = row[1];
    }
    if (!name) name = school ? "International Language Centre" : "Global Consulting Partners";
    sim_ent(w, &w->ftm, o->front, "org", school ? "Organization" : "Company", "name", name, "country", o->country,
            "jurisdiction", o->country, NULL);
    char id[SIM_IDLEN];
    sim_ent(w, &w->ftm, id, "lnk", "UnknownLink", "subject", o->id, "object", o->front, "role", "director", NULL);
    return o->front;
}

void sim_watchlist_write(sim_world *w)
{
    for (size_t i = 0; i < w->nservices; i++) {
        sim_service *s = &w->services[i];
        sim_ent(w, &w->watch, s->wid, NULL, "PublicBody", "name", s->native, "alias", s->english, "alias", s->variant,
                "country", s->country, "jurisdiction", s->country, "topics", "gov.security", "topics", "gov", NULL);
    }
    /* Officers in creation order (the list is newest first). */
    size_t n = 0;
    for (sim_officer *o = w->officers; o; o = o->next) n++;
    sim_officer **v = mh_arena_alloc(&w->arena, sizeof *v * (n ? n : 1));
    if (!v) {
        w->oom = true;
        return;
    }
    size_t k = n;
    for (sim_officer *o = w->officers; o; o = o->next) v[--k] = o;
    for (size_t i = 0; i < n; i++) {
        sim_officer *o = v[i];
        sim_ent(w, &w->watch, o->wid, NULL, "Person", "name", o->name.native, "alias", o->name.latin, "birthDate",
                sim_day(w, o->birth_day), "nationality", o->country, "gender", o->female ? "female" : "male",
                "topics", "role.spy", NULL);
    }
}
