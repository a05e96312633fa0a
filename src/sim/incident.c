/* Bookkeeping for incidents: every hostile record's id goes into its incident's truth
 * list with its time (the truth's start and end are the first and last of them), and
 * activity that habits do not produce (border crossings, deletions, exfiltration) is
 * queued here to be merged into the day loop in time order. */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

void sim_inc_add(sim_world *w, sim_incident *inc, const char *id, int64_t t_ms)
{
    if (!mh_buf_puts(&inc->ids, id) || !mh_buf_putc(&inc->ids, '\n')) w->oom = true;
    if (t_ms < inc->t_first) inc->t_first = t_ms;
    if (t_ms > inc->t_last) inc->t_last = t_ms;
}

void sim_hent(sim_world *w, sim_incident *inc, int64_t day, char id_out[SIM_IDLEN], const char *prefix,
              const char *schema, ...)
{
    va_list ap;
    va_start(ap, schema);
    sim_entv(w, &w->ftm, id_out, prefix, schema, ap);
    va_end(ap);
    sim_inc_add(w, inc, id_out, day * SIM_DAY_MS);
}

int64_t sim_inc_day(const sim_incident *inc, double frac)
{
    if (frac < 0) frac = 0;
    if (frac > 1) frac = 1;
    return inc->d0 + (int64_t)(frac * (double)(inc->d1 - inc->d0) + 0.5);
}

sim_ev *sim_inject(sim_world *w, int64_t t, uint8_t kind, uint32_t user, int32_t incident)
{
    if (w->ninj == w->capinj) {
        size_t cap = w->capinj ? w->capinj * 2 : 1024;
        sim_ev *v = realloc(w->inj, cap * sizeof *v);
        if (!v) {
            w->oom = true;
            return NULL;
        }
        w->inj = v;
        w->capinj = cap;
    }
    sim_ev *ev = &w->inj[w->ninj];
    memset(ev, 0, sizeof *ev);
    ev->t = t;
    ev->kind = kind;
    ev->user = user;
    ev->host = user < w->npeople ? w->people[user].pc : 0;
    ev->incident = incident;
    ev->seq = (uint32_t)w->ninj++;
    ev->rnd = (uint32_t)sim_mix64(w->cfg.seed ^ ((uint64_t)ev->seq << 20) ^ (uint64_t)t);
    return ev;
}

uint32_t sim_host_add(sim_world *w, const char *name)
{
    for (size_t i = 0; i < w->nhosts; i++)
        if (strcmp(w->hosts[i], name) == 0) return SIM_HOST_EXTRA + (uint32_t)i;
    if (w->nhosts == w->caphosts) {
        size_t cap = w->caphosts ? w->caphosts * 2 : 64;
        char(*v)[SIM_IDLEN] = realloc(w->hosts, cap * sizeof *v);
        if (!v) {
            w->oom = true;
            return SIM_HOST_EXTRA;
        }
        w->hosts = v;
        w->caphosts = cap;
    }
    snprintf(w->hosts[w->nhosts], SIM_IDLEN, "%s", name);
    return SIM_HOST_EXTRA + (uint32_t)w->nhosts++;
}

uint32_t sim_other_person(sim_world *w, sim_rng *r, uint32_t not_)
{
    for (int tries = 0; tries < 64; tries++) {
        uint32_t k = sim_rng_below(r, w->npeople);
        if (k != not_ && w->people[k].incident < 0) return k;
    }
    return not_;
}

void sim_hmsg(sim_world *w, sim_incident *inc, sim_rng *r, int64_t day, const char *schema, const char *from,
              const char *to, const char *subject)
{
    char id[SIM_IDLEN], when[32];
    int64_t t = day * SIM_DAY_MS + (int64_t)((7.0 + 15.0 * sim_rng_unit(r)) * SIM_HOUR_MS);
    t -= t % 1000;
    sim_fmt_iso(t, when);
    if (strcmp(schema, "Email") == 0)
        sim_ent(w, &w->ftm, id, "mail", "Email", "emitters", from, "recipients", to, "date", when, "subject", subject, NULL);
    else if (strcmp(schema, "Call") == 0)
        sim_ent(w, &w->ftm, id, "call", "Call", "caller", from, "receiver", to, "date", when, "duration",
                sim_int(w, sim_rng_range(r, 40, 2400)), NULL);
    else
        sim_ent(w, &w->ftm, id, "msg", "Message", "sender", from, "recipients", to, "date", when, "subject", subject, NULL);
    if (inc) sim_inc_add(w, inc, id, t);
}

const char *sim_channel_schema(sim_rng *r)
{
    double u = sim_rng_unit(r);
    return u < 0.5 ? "Message" : u < 0.8 ? "Email" : "Call";
}
