/* Ground truth in the CERT answers convention: answers/insiders.csv
 * (dataset,scenario,details,user,start,end) with one row per incident; for tradecraft
 * incidents `details` names a file of the hostile record ids (entity ids and ECS event
 * ids, one per line) and `user` is the subject's entity id; for CERT1..5 it names the
 * per-incident file in the CERT answers layout and `user` is the CERT user id. */
#include <string.h>

#include "sim_internal.h"

mh_status sim_truth_write(sim_world *w, mh_err *e)
{
    sim_out ins, f;
    if (!sim_out_open(&ins, w->out_dir, "answers/insiders.csv", e)) return e->code;
    SIM_LIT(&ins, "dataset,scenario,details,user,start,end");
    sim_out_endline(&ins);
    const char *rel = w->cfg.cert_layout == MH_SIM_CERT_R42   ? "r4.2"
                      : w->cfg.cert_layout == MH_SIM_CERT_R52 ? "r5.2"
                                                              : "r6.2";
    for (size_t i = 0; i < w->ninc; i++) {
        sim_incident *inc = &w->inc[i];
        const sim_person *p = &w->people[inc->subject];
        bool cert = inc->scen >= MH_SIM_CERT1;
        char details[96], path[128], a[32], b[32];
        if (cert) {
            int n = (int)(inc->scen - MH_SIM_CERT1) + 1;
            snprintf(details, sizeof details, "%s-%d/%s-%d-%s.csv", rel, n, rel, n, p->user);
        } else {
            snprintf(details, sizeof details, "%s-%u.ids", mh_sim_scenario_name(inc->scen), inc->ordinal);
        }
        snprintf(path, sizeof path, "answers/%s", details);
        if (!sim_out_open(&f, w->out_dir, path, e)) goto fail;
        const mh_buf *body = cert ? &inc->rows : &inc->ids;
        if (body->len) sim_put(&f, body->data, body->len);
        w->st->bytes += body->len;
        if (!sim_out_close(&f, e)) goto fail;
        if (inc->t_first == INT64_MAX) inc->t_first = inc->t_last = inc->d0 * SIM_DAY_MS;
        sim_fmt_iso(inc->t_first, a);
        sim_fmt_iso(inc->t_last, b);
        SIM_LIT(&ins, "molehunt-sim,");
        sim_puts(&ins, mh_sim_scenario_name(inc->scen));
        sim_putc(&ins, ',');
        sim_puts(&ins, details);
        sim_putc(&ins, ',');
        sim_puts(&ins, cert ? p->user : p->id);
        sim_putc(&ins, ',');
        sim_puts(&ins, a);
        sim_putc(&ins, ',');
        sim_puts(&ins, b);
        sim_out_endline(&ins);
    }
    w->st->incidents = ins.lines - 1;
    w->st->bytes += ins.bytes + ins.b.len;
    return sim_out_close(&ins, e) ? MH_OK : e->code;
fail:
    sim_out_close(&ins, NULL);
    return e->code;
}
