/* DEVICE: an adversary-furnished device. A phone or laptop whose provider is a foreign
 * contact (or their front), then used for the covered person's own communications: the
 * activity log shows logons and mail from a host named by the Device's id. Randomised:
 * the kind and model, the provider, how soon and how much it is used. Look-alikes: the
 * employer's phones (everyone's), and a gift device disclosed and never used for work. */
#include "sim_internal.h"

void sim_scen_device(sim_world *w, sim_incident *inc, sim_rng *r)
{
    static const char *const phones[] = {"iPhone 4S", "iPhone 5", "Samsung Galaxy S3", "Huawei Ascend"};
    static const char *const laptops[] = {"MacBook Air", "MacBook Pro", "Lenovo ThinkPad X1", "Sony Vaio"};
    sim_person *s = &w->people[inc->subject];
    sim_officer *o = sim_officer_new(w, r, NULL);
    if (!o) return;
    inc->officer = o;
    bool phone = sim_rng_chance(r, 0.5);
    const char *provider = sim_rng_chance(r, 0.7) ? o->id : sim_officer_front(w, r, o, false);
    char dev[SIM_IDLEN];
    sim_hmsg(w, inc, r, inc->d0, sim_channel_schema(r), o->id, s->id, "a small present for you");
    int64_t d = MH_MIN(inc->d1, inc->d0 + sim_rng_range(r, 0, 10));
    sim_hent(w, inc, d, dev, "dev", "Device", "holder", s->id, "provider", provider, "kind", phone ? "phone" : "laptop",
             "model", phone ? SIM_PICK(r, phones) : SIM_PICK(r, laptops), "date", sim_day(w, d), "summary", "gift", NULL);
    uint32_t host = sim_host_add(w, dev);
    int32_t ix = (int32_t)(inc - w->inc);
    int uses = (int)sim_rng_range(r, 4, 25);
    for (int k = 0; k < uses; k++) {
        int64_t ud = sim_rng_range(r, MH_MIN(inc->d1, d + 1), inc->d1);
        int64_t t = ud * SIM_DAY_MS + (int64_t)((7.0 + 15.0 * sim_rng_unit(r)) * SIM_HOUR_MS);
        sim_ev *ev = sim_inject(w, t, K_LOGON, inc->subject, ix);
        if (ev) ev->host = host;
        ev = sim_inject(w, t + sim_rng_range(r, 60, 1800) * 1000, K_EMAIL, inc->subject, ix);
        if (ev) {
            ev->host = host;
            ev->a = EA_SEND;
            ev->b = EM_NORMAL;
        }
    }
}

void sim_look_device(sim_world *w, sim_person *p, sim_rng *r)
{
    const char *c = sim_country_benign(r);
    char who[SIM_IDLEN], dev[SIM_IDLEN];
    sim_foreigner(w, r, c, NULL, who, NULL);
    int64_t d = sim_rng_range(r, w->day0, w->day1);
    sim_ent(w, &w->ftm, dev, "dev", "Device", "holder", p->id, "provider", who, "kind", sim_rng_chance(r, 0.5) ? "tablet" : "phone",
            "model", "iPad 2", "date", sim_day(w, d), "summary", "gift from a friend", NULL);
    sim_disclose(w, p, "gift", who, dev, MH_MIN(w->day1, d + sim_rng_range(r, 0, 4)), "gift device, kept at home");
}
