/* The reconciliation detector: SEAD-3 says what a covered person must report and how
 * soon. For every contact, gift, benefit, payment or trip touching a person's sphere that
 * required a report, it looks for a Disclosure by that person naming the same record or
 * counterparty, filed in time; an obligation with none becomes an alert dated when the
 * report fell due (the earliest moment anyone could have noticed). Time limits are the
 * options' (guidelines.md: agencies may set stricter ones). */
#include "detect_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS 86400000LL

typedef struct recon_kind {
    const char *id, *title;
    const char *guidelines[3];
    mh_axis axis;
    double severity;
} recon_kind;

static const recon_kind K_FIE = {"RECON-FIE-CONTACT", "Unreported contact with a known or suspected foreign intelligence entity",
                                 {"B 7c", "B 7g", NULL}, MH_AXIS_COMPROMISE, 0.45};
static const recon_kind K_ASSOC = {"RECON-FOREIGN-ASSOCIATION", "Continuing association with a foreign national, not reported",
                                   {"B 7c", NULL, NULL}, MH_AXIS_COMPROMISE, 0.08};
static const recon_kind K_GIFT = {"RECON-GIFT", "Gift or benefit from a foreign source, not reported",
                                  {"B 7c", "B 7h", NULL}, MH_AXIS_MONEY, 0.25};
static const recon_kind K_INTEL_GIFT = {"RECON-INTEL-BENEFIT", "Benefit or payment from an intelligence-linked source, not reported",
                                        {"B 7c", "B 7h", "E 16a"}, MH_AXIS_MONEY, 0.45};
static const recon_kind K_INFLOW = {"RECON-INFLOW", "Unusual infusion of assets of $10,000 or more, not reported",
                                    {"F 19g", "E 16a", NULL}, MH_AXIS_MONEY, 0.3};
static const recon_kind K_TRAVEL = {"RECON-TRAVEL", "Unofficial foreign travel, not reported",
                                    {"B 7c", NULL, NULL}, MH_AXIS_COMPROMISE, 0.05};

/* Keys already reported (person, kind, counterparty or record) and contact counts for
 * continuing associations, in one open-addressed table of hashes. */
typedef struct seen_slot {
    uint64_t h;
    uint32_t count;
    mh_time first;
} seen_slot;

struct recon {
    const disc_index *disc;
    mh_detect_opts o;
    const char *home_country;
    seen_slot *seen;
    size_t cap, n;
};

recon *mh_recon_new(const disc_index *d, const mh_detect_opts *o, const char *home_country)
{
    recon *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->disc = d;
    r->o = *o;
    r->home_country = home_country;
    if (!r->o.contact_days) r->o.contact_days = 30;
    if (!r->o.gift_days) r->o.gift_days = 30;
    if (!r->o.travel_days) r->o.travel_days = 7;
    if (r->o.gift_min <= 0) r->o.gift_min = 480;
    if (r->o.inflow_min <= 0) r->o.inflow_min = 10000;
    return r;
}

void mh_recon_free(recon *r)
{
    if (!r) return;
    free(r->seen);
    free(r);
}

static seen_slot *seen_get(recon *r, const char *a, const char *b, const char *c)
{
    if ((r->n + 1) * 2 >= r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 1024;
        seen_slot *t = calloc(cap, sizeof *t);
        if (!t) return NULL;
        for (size_t i = 0; i < r->cap; i++) {
            if (!r->seen[i].h) continue;
            size_t k = r->seen[i].h & (cap - 1);
            while (t[k].h) k = (k + 1) & (cap - 1);
            t[k] = r->seen[i];
        }
        free(r->seen);
        r->seen = t;
        r->cap = cap;
    }
    uint64_t h = mh_hash64(a, strlen(a), 1);
    h = mh_hash64(b, strlen(b), h);
    h = mh_hash64(c ? c : "", c ? strlen(c) : 0, h) | 1;
    size_t k = h & (r->cap - 1);
    while (r->seen[k].h && r->seen[k].h != h) k = (k + 1) & (r->cap - 1);
    if (!r->seen[k].h) {
        r->seen[k].h = h;
        r->seen[k].first = MH_TIME_NONE;
        r->n++;
    }
    return &r->seen[k];
}

static bool is_contact(const char *cat)
{
    return strcmp(cat, "message") == 0 || strcmp(cat, "email") == 0 || strcmp(cat, "call") == 0 || strcmp(cat, "event") == 0;
}

/* A path of one family or household step ("son", "wife"): SEAD-3 and the gift rules
 * cover spouses and dependants. */
static bool close_relative(const char *path) { return path && !strchr(path, '>') && strcmp(path, "self") != 0; }

static int emit(recon *r, const recon_kind *k, const subj_event *ev, mh_time due, const char *detail, mh_alert_fn fn,
                void *ctx)
{
    seen_slot *s = seen_get(r, ev->person, k->id, ev->cp_id ? ev->cp_id : ev->id);
    if (!s) return 1;
    if (s->count++) return 0; /* one alert per person, obligation and counterparty */
    /* The evidence's summary names no entity (explanations pseudonymise the structured
     * fields; free text they cannot): the detail sentence, with ids, stays on the alert. */
    mh_evidence evd = {ev->id, ev->category, ev->ts, ev->path, ev->cp_id, k->title};
    mh_alert a = {.person = ev->person, .rule_id = k->id, .title = k->title, .axis = k->axis, .severity = k->severity,
                  .ts = due, .first_ts = ev->ts, .evidence = &evd, .nevidence = 1, .detail = detail,
                  .source = "RECONCILIATION",
                  .mitigation_text = "a timely Disclosure of the same record or counterparty (SEAD-4 B 8e, E 17a)"};
    for (size_t i = 0; i < 3 && k->guidelines[i]; i++) a.guidelines[a.nguidelines++] = k->guidelines[i];
    return fn(ctx, &a);
}

int mh_recon_push(recon *r, const subj_event *ev, mh_alert_fn fn, void *ctx)
{
    if (!ev->person || !ev->category || !ev->id) return 0;
    char detail[320];
    bool self = ev->path && strcmp(ev->path, "self") == 0;
    if (is_contact(ev->category) && self && ev->cp_id) {
        mh_time due = ev->ts + r->o.contact_days * DAY_MS;
        if (ev->cp_intel) {
            if (mh_disc_covering(r->disc, ev->person, ev->id, ev->cp_id, due)) return 0;
            snprintf(detail, sizeof detail, "%s with %s (linked to an intelligence service); no disclosure within %d days",
                     ev->category, ev->cp_id, r->o.contact_days);
            return emit(r, &K_FIE, ev, due, detail, fn, ctx);
        }
        if (ev->cp_foreign && !ev->cp_official) {
            /* Continuing: a third contact within a year of the first. */
            seen_slot *c = seen_get(r, ev->person, "contact-count", ev->cp_id);
            if (!c) return 1;
            if (c->first == MH_TIME_NONE || ev->ts - c->first > 365 * DAY_MS) {
                c->first = ev->ts;
                c->count = 0;
            }
            if (++c->count != 3) return 0;
            if (mh_disc_covering(r->disc, ev->person, ev->id, ev->cp_id, due)) return 0;
            snprintf(detail, sizeof detail, "three contacts with foreign national %s within a year; no disclosure", ev->cp_id);
            return emit(r, &K_ASSOC, ev, due, detail, fn, ctx);
        }
        return 0;
    }
    bool money = strcmp(ev->category, "benefit") == 0 || strcmp(ev->category, "payment") == 0;
    if (money && ev->incoming && ev->cp_id && (self || close_relative(ev->path)) && (ev->cp_foreign || ev->cp_intel)) {
        mh_time due = ev->ts + r->o.gift_days * DAY_MS;
        if (mh_disc_covering(r->disc, ev->person, ev->id, ev->cp_id, due)) return 0;
        const char *kind = ev->kind ? ev->kind : ev->category;
        if (ev->cp_intel) {
            snprintf(detail, sizeof detail, "%s (%s) to %s from %s, linked to an intelligence service; not reported",
                     ev->category, kind, self ? "the person" : ev->path, ev->cp_id);
            return emit(r, &K_INTEL_GIFT, ev, due, detail, fn, ctx);
        }
        if (strcmp(ev->category, "payment") == 0 && self && ev->value >= r->o.inflow_min) {
            snprintf(detail, sizeof detail, "payment of %.2f from foreign source %s; not reported", ev->value, ev->cp_id);
            return emit(r, &K_INFLOW, ev, due, detail, fn, ctx);
        }
        bool cash = ev->kind && strcmp(ev->kind, "cash") == 0;
        if (strcmp(ev->category, "benefit") == 0 && (cash || ev->value > r->o.gift_min)) {
            snprintf(detail, sizeof detail, "%s worth %.2f to %s from foreign source %s; not reported", kind,
                     ev->value < 0 ? 0 : ev->value, self ? "the person" : ev->path, ev->cp_id);
            return emit(r, &K_GIFT, ev, due, detail, fn, ctx);
        }
        return 0;
    }
    if (strcmp(ev->category, "trip") == 0 && self && ev->country && r->home_country &&
        strcmp(ev->country, r->home_country) != 0) {
        mh_time end = ev->end != MH_TIME_NONE ? ev->end : ev->ts;
        mh_time due = end + r->o.travel_days * DAY_MS;
        if (mh_disc_covering(r->disc, ev->person, ev->id, NULL, due) ||
            mh_disc_of_kind(r->disc, ev->person, "foreign_travel", ev->ts - 180 * DAY_MS, due))
            return 0;
        snprintf(detail, sizeof detail, "travel to %s without a travel disclosure", ev->country);
        return emit(r, &K_TRAVEL, ev, due, detail, fn, ctx);
    }
    return 0;
}
