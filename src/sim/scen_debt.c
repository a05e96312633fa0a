/* DEBT: money trouble, then foreign money. Debts and tax arrears grow; then inflows a
 * salary cannot explain arrive from an officer, a front company or an unknown foreigner,
 * with cash deposits and a spending jump; nothing is reported (SEAD-3 wants infusions of
 * $10,000 or more reported). Randomised: number and kinds of debts, their growth, the
 * source and count of inflows, cash deposits, a purchase. Look-alike: an inheritance or
 * house sale that is documented and disclosed. */
#include "sim_internal.h"

void sim_scen_debt(sim_world *w, sim_incident *inc, sim_rng *r)
{
    static const char *const kinds[] = {"credit card balance", "personal loan", "payday loan", "medical bills"};
    sim_person *s = &w->people[inc->subject];
    char id[SIM_IDLEN];
    int nd = (int)sim_rng_range(r, 3, 6);
    double amount = (double)sim_rng_range(r, 300000, 1500000);
    for (int k = 0; k < nd; k++) {
        int64_t d = sim_inc_day(inc, 0.55 * k / nd);
        bool tax = sim_rng_chance(r, 0.3);
        sim_hent(w, inc, d, id, "debt", "Debt", "debtor", s->id, "creditor", tax ? w->tax_id : w->bank_id[sim_rng_below(r, 4)],
                 "amount", sim_amt(w, (int64_t)amount), "currency", "USD", "date", sim_day(w, d), "summary",
                 tax ? "tax arrears, unpaid" : SIM_PICK(r, kinds), NULL);
        amount *= 1.2 + 0.6 * sim_rng_unit(r);
    }
    double u = sim_rng_unit(r);
    const char *payer;
    char stranger[SIM_IDLEN];
    if (u < 0.4) {
        sim_officer *o = sim_officer_new(w, r, NULL);
        if (!o) return;
        inc->officer = o;
        payer = sim_rng_chance(r, 0.5) ? o->id : sim_officer_front(w, r, o, false);
    } else {
        /* An unknown foreign source: no watch-list link at all, only the money. */
        sim_foreigner(w, r, u < 0.7 ? "cn" : sim_country_benign(r), NULL, stranger, NULL);
        payer = stranger;
    }
    int np = (int)sim_rng_range(r, 2, 6);
    for (int k = 0; k < np; k++) {
        int64_t d = sim_inc_day(inc, 0.6 + 0.4 * sim_rng_unit(r));
        sim_hent(w, inc, d, id, "pay", "Payment", "payer", payer, "beneficiary", s->id, "amount",
                 sim_amt(w, sim_rng_range(r, 200000, 2000000)), "currency", "USD", "date", sim_day(w, d), "purpose",
                 sim_rng_chance(r, 0.5) ? "loan" : NULL, NULL);
    }
    int nc = (int)sim_rng_range(r, 0, 4);
    for (int k = 0; k < nc; k++) {
        int64_t d = sim_inc_day(inc, 0.6 + 0.4 * sim_rng_unit(r));
        sim_hent(w, inc, d, id, "pay", "Payment", "payer", s->id, "beneficiary", s->id, "amount",
                 sim_amt(w, sim_rng_range(r, 100000, 990000)), "currency", "USD", "date", sim_day(w, d), "purpose",
                 "cash deposit", NULL);
    }
    if (sim_rng_chance(r, 0.5)) {
        int64_t d = sim_inc_day(inc, 0.8 + 0.2 * sim_rng_unit(r));
        sim_hent(w, inc, d, id, "pay", "Payment", "payer", s->id, "beneficiary", w->dealer_id, "amount",
                 sim_amt(w, sim_rng_range(r, 2500000, 6000000)), "currency", "USD", "date", sim_day(w, d), "purpose",
                 "purchase", NULL);
    }
}

void sim_look_debt(sim_world *w, sim_person *p, sim_rng *r)
{
    char org[SIM_IDLEN], id[SIM_IDLEN], name[96];
    bool estate = sim_rng_chance(r, 0.5);
    snprintf(name, sizeof name, estate ? "Estate of %s %s" : "%s Title and Escrow", estate ? "the late" : p->name.last,
             estate ? p->name.last : "");
    sim_ent(w, &w->ftm, org, "org", "Company", "name", name, "country", "us", NULL);
    int64_t d = sim_rng_range(r, w->day0, w->day1);
    sim_ent(w, &w->ftm, id, "pay", "Payment", "payer", org, "beneficiary", p->id, "amount",
            sim_amt(w, sim_rng_range(r, 2000000, 30000000)), "currency", "USD", "date", sim_day(w, d), "purpose",
            estate ? "inheritance" : "house sale proceeds", NULL);
    if (sim_rng_chance(r, 0.85))
        sim_disclose(w, p, "financial", org, id, MH_MIN(w->day1, d + sim_rng_range(r, 0, 10)),
                     estate ? "inheritance" : "sale of house");
}
