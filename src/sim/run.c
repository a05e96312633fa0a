/* The simulator's entry points: build the world and plan the incidents (mh_sim_open),
 * then write every file in one pass (mh_sim_write) — the organisation's records first,
 * then the scenarios, the watch list, the CERT static files, the day-by-day activity
 * and finally the truth, whose event ids are known only once the activity is written. */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

struct mh_sim {
    sim_world w;
    bool written;
};

static void write_bodies(sim_world *w)
{
    sim_ent(w, &w->ftm, w->home_id, "org", "PublicBody", "name", "Office of Foreign Programs", "alias", "OFP", "country",
            "us", "jurisdiction", "us", "topics", "gov", "topics", "molehunt.home", NULL);
    sim_ent(w, &w->ftm, w->tax_id, "org", "PublicBody", "name", "Office of Tax and Revenue", "country", "us", "topics",
            "gov", NULL);
    static const char *const banks[] = {"First Federal Savings", "Capital Credit Union", "Potomac National Bank",
                                        "Liberty Mutual Bank"};
    for (int i = 0; i < 4; i++)
        sim_ent(w, &w->ftm, w->bank_id[i], "org", "Company", "name", banks[i], "country", "us", NULL);
    sim_ent(w, &w->ftm, w->dealer_id, "org", "Company", "name", "Beltway Luxury Motors", "country", "us", NULL);
}

mh_status mh_sim_open(const mh_sim_config *c, mh_sim **out, mh_err *e)
{
    *out = NULL;
    mh_status rc = mh_sim_config_check(c, e);
    if (rc) return rc;
    mh_sim *s = calloc(1, sizeof *s);
    if (!s) return mh_err_set(e, MH_E_NOMEM, "out of memory");
    sim_world *w = &s->w;
    w->cfg = *c;
    snprintf(w->out_dir, sizeof w->out_dir, "%s", c->out_dir);
    w->cfg.out_dir = w->out_dir;
    w->day0 = c->start_day;
    w->day1 = c->start_day + c->days - 1;
    mh_arena_init(&w->arena, 64 * 1024);
    if ((rc = sim_org_build(w, e)) || (rc = sim_plan(w, e))) {
        mh_sim_close(s);
        return rc;
    }
    *out = s;
    return MH_OK;
}

size_t mh_sim_user_count(const mh_sim *s) { return s->w.npeople; }

bool mh_sim_habits_of(const mh_sim *s, size_t i, mh_sim_habits *h)
{
    if (i >= s->w.npeople) return false;
    const sim_person *p = &s->w.people[i];
    memset(h, 0, sizeof *h);
    memcpy(h->user, p->user, sizeof h->user);
    memcpy(h->person_id, p->id, sizeof h->person_id);
    h->http = p->n_http;
    h->email = p->n_email;
    h->file = p->n_file;
    h->usb_sessions = p->n_usb;
    h->weekend_p = p->weekend_p;
    h->late_worker = p->late;
    h->job_sites = p->jobsite;
    h->job_hunt = p->n_hunt;
    h->hunt_from = p->hunt_from;
    h->hunt_to = p->hunt_to;
    h->first_day = MH_MAX(p->start_day, s->w.day0);
    h->last_day = MH_MIN(p->end_day, s->w.day1);
    return true;
}

mh_status mh_sim_write(mh_sim *s, mh_sim_stats *st_out, mh_err *e)
{
    sim_world *w = &s->w;
    mh_sim_stats st = {0};
    sim_writers wr;
    memset(&wr, 0, sizeof wr);
    mh_status rc = MH_OK;
    if (s->written) return mh_err_set(e, MH_E_USAGE, "a simulator writes its world once");
    s->written = true;
    w->st = &st;
    if (!sim_out_open(&w->ftm, w->out_dir, "entities.ftm.jsonl", e) ||
        !sim_out_open(&w->watch, w->out_dir, "watchlist.ftm.jsonl", e)) {
        rc = e->code;
        goto out;
    }
    write_bodies(w);
    sim_services_write(w);
    sim_org_write(w);
    sim_family_write(w);
    sim_contacts_write(w);
    sim_life_write(w);
    sim_scenarios_write(w);
    sim_watchlist_write(w);
    st.entities = w->ftm.lines;
    st.watchlist = w->watch.lines;
    st.bytes += w->ftm.bytes + w->ftm.b.len + w->watch.bytes + w->watch.b.len;
    if (!sim_out_close(&w->ftm, e) || !sim_out_close(&w->watch, e)) {
        rc = e->code;
        goto out;
    }
    if ((rc = sim_cert_static(w, e))) goto out;
    if (!sim_out_open(&wr.ecs, w->out_dir, "activity.ecs.jsonl", e)) {
        rc = e->code;
        goto out;
    }
    if ((rc = sim_cert_open(w, &wr, e))) goto out;
    if ((rc = sim_activity_write(w, &wr, e))) goto out;
    st.events = wr.ecs.lines;
    st.cert_rows = wr.logon.lines + wr.device.lines + wr.http.lines + wr.email.lines + wr.file.lines;
    sim_out *outs[] = {&wr.ecs, &wr.logon, &wr.device, &wr.http, &wr.email, &wr.file};
    for (size_t k = 0; k < MH_ARRAY_LEN(outs); k++) {
        st.bytes += outs[k]->bytes + outs[k]->b.len;
        if (!sim_out_close(outs[k], e) && !rc) rc = e->code;
    }
    if (rc) goto out;
    if (w->oom) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory while simulating");
        goto out;
    }
    rc = sim_truth_write(w, e);
out:
    sim_out_close(&w->ftm, NULL);
    sim_out_close(&w->watch, NULL);
    sim_out *all[] = {&wr.ecs, &wr.logon, &wr.device, &wr.http, &wr.email, &wr.file};
    for (size_t k = 0; k < MH_ARRAY_LEN(all); k++) sim_out_close(all[k], NULL);
    w->st = NULL;
    if (st_out) *st_out = st;
    return rc;
}

void mh_sim_close(mh_sim *s)
{
    if (!s) return;
    sim_world *w = &s->w;
    for (size_t i = 0; i < w->ninc; i++) {
        mh_buf_free(&w->inc[i].ids);
        mh_buf_free(&w->inc[i].rows);
    }
    free(w->inc);
    free(w->inj);
    free(w->hosts);
    free(w->people);
    mh_arena_free(&w->arena);
    free(s);
}

mh_status mh_sim_run(const mh_sim_config *c, mh_sim_stats *st, mh_err *e)
{
    mh_sim *s;
    mh_status rc = mh_sim_open(c, &s, e);
    if (rc) return rc;
    rc = mh_sim_write(s, st, e);
    mh_sim_close(s);
    return rc;
}
