/* The scenario registry and the planner: the ids of scenarios.md with their natural
 * time spans, hostile and look-alike generators and look-alike rates; the default mix;
 * parsing of --scenario ID[:COUNT]; choosing subjects uniformly from the whole workforce
 * (so insiders come from every background at the same rate) and fitting each incident's
 * span into the window; then writing every incident and the look-alikes. */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

typedef struct {
    const char *id;
    sim_scen_fn run;
    sim_look_fn look;
    int span_lo, span_hi; /* natural span in days (squeezed into short windows) */
    double look_rate;     /* look-alikes per person */
    const char *cert_tag; /* the answers' tag column (r5.2, r6.2) */
} scen_def;

static const scen_def defs[MH_SIM_NSCEN] = {
    [MH_SIM_MOMINT] = {"MOMINT", sim_scen_momint, sim_look_momint, 180, 720, 0.02, NULL},
    [MH_SIM_HOOK] = {"HOOK", sim_scen_hook, sim_look_hook, 60, 400, 0.03, NULL},
    [MH_SIM_WALKIN] = {"WALKIN", sim_scen_walkin, sim_look_walkin, 30, 300, 0.03, NULL},
    [MH_SIM_RAVEN] = {"RAVEN", sim_scen_raven, sim_look_raven, 90, 600, 0.01, NULL},
    [MH_SIM_DEBT] = {"DEBT", sim_scen_debt, sim_look_debt, 120, 540, 0.02, NULL},
    [MH_SIM_STRUCT] = {"STRUCT", sim_scen_struct, sim_look_struct, 60, 300, 0.02, NULL},
    [MH_SIM_DEVICE] = {"DEVICE", sim_scen_device, sim_look_device, 30, 300, 0.02, NULL},
    [MH_SIM_CONCEAL] = {"CONCEAL", sim_scen_conceal, sim_look_conceal, 20, 120, 0.02, NULL},
    [MH_SIM_POSTBID] = {"POSTBID", sim_scen_postbid, sim_look_postbid, 90, 400, 0.02, NULL},
    [MH_SIM_LONGGAME] = {"LONGGAME", sim_scen_longgame, sim_look_longgame, 120, 600, 0.02, NULL},
    [MH_SIM_APPLICANT] = {"APPLICANT", sim_scen_applicant, sim_look_applicant, 60, 365, 0.2, NULL},
    [MH_SIM_REGAIN] = {"REGAIN", sim_scen_regain, sim_look_regain, 60, 300, 0.3, NULL},
    [MH_SIM_CERT1] = {"CERT1", sim_scen_cert, NULL, 14, 45, 0, "leak"},
    [MH_SIM_CERT2] = {"CERT2", sim_scen_cert, NULL, 30, 75, 0, "jobsearch"},
    [MH_SIM_CERT3] = {"CERT3", sim_scen_cert, NULL, 5, 14, 0, "keylogger"},
    [MH_SIM_CERT4] = {"CERT4", sim_scen_cert, NULL, 60, 100, 0, "snooping"},
    [MH_SIM_CERT5] = {"CERT5", sim_scen_cert, NULL, 20, 45, 0, "dropbox"},
};

const char *mh_sim_scenario_name(mh_sim_scenario s) { return (unsigned)s < MH_SIM_NSCEN ? defs[s].id : "?"; }
const char *sim_scenario_tag(mh_sim_scenario s) { return defs[s].cert_tag; }

int mh_sim_scenario_find(const char *id, size_t len)
{
    for (int i = 0; i < MH_SIM_NSCEN; i++)
        if (strlen(defs[i].id) == len && strncmp(defs[i].id, id, len) == 0) return i;
    return -1;
}

void mh_sim_config_default(mh_sim_config *c)
{
    memset(c, 0, sizeof *c);
    c->people = 200;
    c->days = 30;
    c->start_day = mh_days_from_civil(2010, 1, 4);
    c->seed = 1;
    c->cert_layout = MH_SIM_CERT_R62;
    c->disclose_on_time = 0.80;
    c->disclose_late = 0.08;
    c->http_median = 75;
    c->email_median = 8;
    c->file_median = 2.5;
    c->weekend_factor = 0.4;
    c->out_dir = ".";
}

mh_status mh_sim_config_add_scenario(mh_sim_config *c, const char *arg, mh_err *e)
{
    const char *colon = strchr(arg, ':');
    size_t len = colon ? (size_t)(colon - arg) : strlen(arg);
    int s = mh_sim_scenario_find(arg, len);
    if (s < 0) return mh_err_set(e, MH_E_USAGE, "unknown scenario '%.*s' (see docs/simulate.md)", (int)len, arg);
    unsigned long n = 1;
    if (colon) {
        char *end;
        n = strtoul(colon + 1, &end, 10);
        if (!colon[1] || *end || n > 100000) return mh_err_set(e, MH_E_USAGE, "bad count in --scenario %s", arg);
    }
    if (!c->explicit_mix) memset(c->count, 0, sizeof c->count);
    c->explicit_mix = true;
    c->count[s] += (uint32_t)n;
    return MH_OK;
}

uint32_t mh_sim_default_count(mh_sim_scenario s, uint32_t people)
{
    if (people >= 200) return s < MH_SIM_NTRADECRAFT ? MH_MAX(1u, people / 1000) : MH_MAX(1u, people / 2000);
    /* Small worlds: the first few tradecraft scenarios, and CERT1 from 100 people. */
    uint32_t k = MH_MAX(1u, people / 25);
    if (s < MH_SIM_NTRADECRAFT) return (uint32_t)s < k ? 1 : 0;
    return people >= 100 && s == MH_SIM_CERT1 ? 1 : 0;
}

static uint32_t count_of(const mh_sim_config *c, int s)
{
    return c->explicit_mix ? c->count[s] : mh_sim_default_count((mh_sim_scenario)s, c->people);
}

mh_status mh_sim_config_check(const mh_sim_config *c, mh_err *e)
{
    if (c->people < 10 || c->people > 10000) return mh_err_set(e, MH_E_USAGE, "--people must be 10..10000");
    if (c->days < 1 || c->days > 3660) return mh_err_set(e, MH_E_USAGE, "--days must be 1..3660");
    if (c->cert_layout != MH_SIM_CERT_R42 && c->cert_layout != MH_SIM_CERT_R52 && c->cert_layout != MH_SIM_CERT_R62)
        return mh_err_set(e, MH_E_USAGE, "--cert-layout must be r4.2, r5.2 or r6.2");
    if (c->disclose_on_time < 0 || c->disclose_late < 0 || c->disclose_on_time + c->disclose_late > 1)
        return mh_err_set(e, MH_E_USAGE, "disclosure shares must lie in [0,1] and sum to at most 1");
    uint64_t total = 0;
    for (int s = 0; s < MH_SIM_NSCEN; s++) total += count_of(c, s);
    if (total * 2 > c->people)
        return mh_err_set(e, MH_E_USAGE, "%llu incidents need at least %llu people", (unsigned long long)total,
                          (unsigned long long)total * 2);
    if (!c->out_dir || !*c->out_dir) return mh_err_set(e, MH_E_USAGE, "no output directory");
    return MH_OK;
}

mh_status sim_plan(sim_world *w, mh_err *e)
{
    size_t total = 0;
    for (int s = 0; s < MH_SIM_NSCEN; s++) total += count_of(&w->cfg, s);
    w->inc = calloc(total ? total : 1, sizeof *w->inc);
    if (!w->inc) return mh_err_set(e, MH_E_NOMEM, "out of memory planning %zu incidents", total);
    sim_rng r;
    sim_rng_seed(&r, w->cfg.seed, SR_PLAN, 0);
    for (int s = 0; s < MH_SIM_NSCEN; s++) {
        uint32_t n = count_of(&w->cfg, s);
        for (uint32_t k = 0; k < n; k++) {
            sim_incident *inc = &w->inc[w->ninc];
            inc->scen = (mh_sim_scenario)s;
            inc->ordinal = k + 1;
            inc->t_first = INT64_MAX;
            inc->t_last = INT64_MIN;
            mh_buf_init(&inc->ids, 0);
            mh_buf_init(&inc->rows, 0);
            int64_t len = MH_MIN(sim_rng_range(&r, defs[s].span_lo, defs[s].span_hi), (int64_t)w->cfg.days - 1);
            inc->d0 = w->day0 + sim_rng_range(&r, 0, (int64_t)w->cfg.days - 1 - len);
            inc->d1 = inc->d0 + len;
            uint32_t who;
            do who = sim_rng_below(&r, w->npeople);
            while (w->people[who].incident >= 0);
            inc->subject = who;
            sim_person *p = &w->people[who];
            p->incident = (int32_t)w->ninc;
            p->n_hunt = 0; /* the incident's own story says whether the subject looks for a job */
            /* Fit employment to the story: insiders are ordinary staff, joiners or leavers. */
            if (s == MH_SIM_APPLICANT) {
                p->start_day = sim_inc_day(inc, 0.6 + 0.2 * sim_rng_unit(&r));
                p->end_day = SIM_NEVER;
            } else if (s == MH_SIM_REGAIN) {
                if (p->start_day > inc->d0 - 365) p->start_day = inc->d0 - sim_rng_range(&r, 365, 5000);
                p->end_day = sim_inc_day(inc, 0.1 + 0.2 * sim_rng_unit(&r));
            } else {
                if (p->start_day > inc->d0) p->start_day = inc->d0 - sim_rng_range(&r, 60, 5000);
                if (p->end_day < inc->d1) p->end_day = SIM_NEVER;
                if (s >= MH_SIM_CERT1) {
                    sim_rng rs;
                    sim_rng_seed(&rs, w->cfg.seed, SR_SCEN, 1000000 + w->ninc);
                    sim_scen_cert_prepare(w, inc, &rs);
                }
            }
            w->ninc++;
        }
    }
    return MH_OK;
}

void sim_scenarios_write(sim_world *w)
{
    for (size_t i = 0; i < w->ninc; i++) {
        sim_rng r;
        sim_rng_seed(&r, w->cfg.seed, SR_SCEN, i);
        defs[w->inc[i].scen].run(w, &w->inc[i], &r);
    }
    for (int s = 0; s < MH_SIM_NSCEN; s++) {
        if (!defs[s].look) continue;
        sim_rng r;
        sim_rng_seed(&r, w->cfg.seed, SR_LOOK, (uint64_t)s);
        uint32_t n = (uint32_t)(w->cfg.people * defs[s].look_rate + 0.999);
        n = MH_MAX(n, 2 * count_of(&w->cfg, s));
        for (uint32_t k = 0; k < n; k++) {
            uint32_t who = sim_rng_below(&r, w->npeople);
            if (w->people[who].incident >= 0) continue;
            defs[s].look(w, &w->people[who], &r);
        }
    }
}
