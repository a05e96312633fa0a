/* CERT1-CERT5: the IT exfiltration scenarios of the CERT insider threat dataset, written
 * into both the ECS activity and the CERT CSVs (cert-format.md): (1) after-hours logons,
 * a new thumb drive and uploads to a leak site, then leaving; (2) job hunting and mail to
 * a competitor, then a thumb-drive spike before leaving; (3) a disgruntled administrator
 * plants a keylogger on his supervisor's machine and sends a mass mail as the supervisor;
 * (4) files taken from another user's machine and mailed home, more and more often;
 * (5) after layoffs in the team, uploads to cloud storage. The look-alikes are habits in
 * org.c: late workers, habitual USB users, job-site browsers with no data movement, people
 * who keep files in cloud storage. */
#include "sim_internal.h"

static sim_ev *ev_at(sim_world *w, sim_incident *inc, int64_t t, uint8_t kind, uint32_t user, uint32_t host)
{
    sim_ev *ev = sim_inject(w, t, kind, user, (int32_t)(inc - w->inc));
    if (ev) ev->host = host;
    return ev;
}

/* A thumb-drive session: connect, n copies to (or from) the drive, disconnect. */
static int64_t usb_session(sim_world *w, sim_incident *inc, sim_rng *r, int64_t t, uint32_t user, uint32_t host, int n,
                           uint8_t flags)
{
    ev_at(w, inc, t, K_CONNECT, user, host);
    for (int k = 0; k < n; k++) {
        t += sim_rng_range(r, 20, 300) * 1000;
        sim_ev *ev = ev_at(w, inc, t, K_FILE, user, host);
        if (ev) {
            ev->a = FA_COPY;
            ev->flags = flags;
        }
    }
    t += sim_rng_range(r, 30, 600) * 1000;
    ev_at(w, inc, t, K_DISCONNECT, user, host);
    return t;
}

void sim_scen_cert_prepare(sim_world *w, sim_incident *inc, sim_rng *r)
{
    sim_person *s = &w->people[inc->subject];
    switch (inc->scen) {
    case MH_SIM_CERT1:
        s->n_usb = 0;
        s->late = false;
        s->weekend_p = 0.02f;
        s->end_day = inc->d1 + sim_rng_range(r, 1, 10);
        break;
    case MH_SIM_CERT2:
        s->jobsite = false;
        s->end_day = inc->d1 + sim_rng_range(r, 0, 7);
        break;
    case MH_SIM_CERT3:
        s->role = "ITAdmin";
        if (s->supervisor < 0) s->supervisor = (int32_t)sim_other_person(w, r, inc->subject);
        s->end_day = MH_MIN(inc->d1, sim_inc_day(inc, 0.3) + 1) + 1; /* leaves the day after */
        break;
    case MH_SIM_CERT4:
        s->n_roam = 0; /* colleagues' PCs are new for this user */
        break;
    case MH_SIM_CERT5:
        s->n_cloud = 0; /* the uploads are new for this user */
        /* Layoffs: a good part of the subject's team leaves just before it starts. */
        for (uint32_t i = 0; i < w->npeople; i++) {
            sim_person *p = &w->people[i];
            if (i == inc->subject || p->unit != s->unit || p->team != s->team || p->incident >= 0) continue;
            if (p->end_day == SIM_NEVER && p->start_day < inc->d0 - 30 && sim_rng_chance(r, 0.45))
                p->end_day = MH_MAX(w->day0, inc->d0 - sim_rng_range(r, 0, 14));
        }
        s->end_day = inc->d1 + sim_rng_range(r, 7, 30);
        break;
    default:
        break;
    }
    if (s->start_day > inc->d0 - 60) s->start_day = inc->d0 - sim_rng_range(r, 200, 3000);
}

static int64_t at(sim_rng *r, int64_t day, double h0, double h1)
{
    return day * SIM_DAY_MS + (int64_t)((h0 + (h1 - h0) * sim_rng_unit(r)) * SIM_HOUR_MS);
}

void sim_scen_cert(sim_world *w, sim_incident *inc, sim_rng *r)
{
    sim_person *s = &w->people[inc->subject];
    uint32_t u = inc->subject, pc = s->pc;
    sim_ev *ev;
    switch (inc->scen) {
    case MH_SIM_CERT1: {
        int nights = (int)sim_rng_range(r, 2, 7);
        for (int k = 0; k < nights; k++) {
            int64_t d = sim_inc_day(inc, sim_rng_unit(r));
            int64_t t = at(r, d, 20.0, 23.5);
            ev_at(w, inc, t, K_LOGON, u, pc);
            t = usb_session(w, inc, r, t + 60000, u, pc, (int)sim_rng_range(r, 2, 8), FF_TO_REM);
            if (sim_rng_chance(r, 0.8)) {
                ev = ev_at(w, inc, t + 120000, K_HTTP, u, pc);
                if (ev) ev->a = HA_UPLOAD, ev->b = SITE_WIKILEAKS;
            }
            ev_at(w, inc, t + sim_rng_range(r, 300, 3600) * 1000, K_LOGOFF, u, pc);
        }
        break;
    }
    case MH_SIM_CERT2: {
        int64_t spike = sim_inc_day(inc, 0.7);
        int visits = (int)sim_rng_range(r, 10, 40);
        for (int k = 0; k < visits; k++) {
            ev = ev_at(w, inc, at(r, sim_rng_range(r, inc->d0, spike), 9.0, 17.0), K_HTTP, u, pc);
            if (ev) ev->a = HA_VISIT, ev->b = SITE_JOB0 + sim_rng_below(r, SITE_NJOB);
        }
        int mails = (int)sim_rng_range(r, 1, 4);
        for (int k = 0; k < mails; k++) {
            ev = ev_at(w, inc, at(r, sim_rng_range(r, inc->d0, spike), 9.0, 17.0), K_EMAIL, u, pc);
            if (ev) ev->a = EA_SEND, ev->b = EM_COMPETITOR, ev->flags = FF_ATTACH;
        }
        for (int64_t d = spike; d <= inc->d1; d++) {
            if (!sim_rng_chance(r, 0.7)) continue;
            int n = (int)sim_rng_range(r, 2, 6);
            int64_t t = at(r, d, 9.0, 12.0);
            for (int k = 0; k < n; k++) t = usb_session(w, inc, r, t + sim_rng_range(r, 600, 5400) * 1000, u, pc,
                                                        (int)sim_rng_range(r, 3, 12), FF_TO_REM);
        }
        break;
    }
    case MH_SIM_CERT3: {
        sim_person *boss = &w->people[s->supervisor];
        int64_t d = sim_inc_day(inc, 0.3);
        int64_t t = at(r, d, 9.0, 15.0);
        ev = ev_at(w, inc, t, K_HTTP, u, pc);
        if (ev) ev->a = HA_DOWNLOAD, ev->b = SITE_KEYLOGGER;
        usb_session(w, inc, r, t + 300000, u, pc, 1, FF_TO_REM | FF_EXE);
        t = at(r, d, 16.0, 19.0);
        ev_at(w, inc, t, K_LOGON, u, boss->pc);
        t = usb_session(w, inc, r, t + 60000, u, boss->pc, 1, FF_FROM_REM | FF_EXE);
        ev_at(w, inc, t + 120000, K_LOGOFF, u, boss->pc);
        /* Next day: in as the supervisor, an alarming mass mail, out. */
        t = at(r, MH_MIN(inc->d1, d + 1), 8.0, 18.0);
        uint32_t b = (uint32_t)s->supervisor;
        ev_at(w, inc, t, K_LOGON, b, pc);
        ev = ev_at(w, inc, t + sim_rng_range(r, 60, 900) * 1000, K_EMAIL, b, pc);
        if (ev) ev->a = EA_SEND, ev->b = EM_MASS;
        ev_at(w, inc, t + sim_rng_range(r, 1000, 1800) * 1000, K_LOGOFF, b, pc);
        break;
    }
    case MH_SIM_CERT4: {
        uint32_t victim = sim_other_person(w, r, u);
        uint32_t vpc = w->people[victim].pc;
        int64_t span = inc->d1 - inc->d0 + 1;
        for (int64_t k = 0; k < span; k++) {
            double f = (double)k / (double)span; /* more and more often */
            if (!sim_rng_chance(r, 0.05 + 0.5 * f * f)) continue;
            int64_t t = at(r, inc->d0 + k, 12.0, 18.0);
            ev_at(w, inc, t, K_LOGON, u, vpc);
            int n = (int)sim_rng_range(r, 2, 6);
            for (int j = 0; j < n; j++) {
                t += sim_rng_range(r, 30, 400) * 1000;
                ev = ev_at(w, inc, t, K_FILE, u, vpc);
                if (ev) ev->a = FA_OPEN, ev->flags = sim_rng_chance(r, 0.3) ? FF_DECOY : 0;
            }
            ev_at(w, inc, t + 60000, K_LOGOFF, u, vpc);
            ev = ev_at(w, inc, t + sim_rng_range(r, 300, 3600) * 1000, K_EMAIL, u, pc);
            if (ev) ev->a = EA_SEND, ev->b = EM_HOME, ev->flags = FF_ATTACH;
        }
        break;
    }
    case MH_SIM_CERT5: {
        int n = (int)sim_rng_range(r, 3, 10);
        for (int k = 0; k < n; k++) {
            int64_t t = at(r, sim_inc_day(inc, sim_rng_unit(r)), 9.0, 18.0);
            int m = (int)sim_rng_range(r, 1, 5);
            for (int j = 0; j < m; j++) {
                ev = ev_at(w, inc, t, K_FILE, u, pc);
                if (ev) ev->a = FA_OPEN;
                ev = ev_at(w, inc, t + sim_rng_range(r, 30, 300) * 1000, K_HTTP, u, pc);
                if (ev) ev->a = HA_UPLOAD, ev->b = SITE_DROPBOX;
                t += sim_rng_range(r, 400, 1800) * 1000;
            }
        }
        break;
    }
    default:
        break;
    }
}
