/* The detect module's private header: the pack's layout, the disclosure index, the
 * reconciliation detector's state, and helpers shared by its files. */
#ifndef MH_DETECT_INT_H
#define MH_DETECT_INT_H

#include "molehunt/mh_detect.h"
#include "molehunt/mh_json.h"

struct mh_rulepack {
    mh_arena arena; /* texts and metadata of every rule */
    mh_rule *rules;
    size_t n, cap;
};

/* One self-report, as the detectors need it. */
typedef struct disclosure {
    const char *id, *kind;
    mh_time lo, hi; /* filing date (or the span it covers, for travel) */
    const char **counterparties;
    size_t ncp;
    const char **records;
    size_t nrec;
} disclosure;

/* Every Disclosure of the store, by reporter. */
typedef struct disc_index disc_index;
mh_status mh_disc_load(mh_store *s, disc_index **out, mh_err *e);
void mh_disc_free(disc_index *d);
/* The first disclosure by PERSON that covers the record REC_ID or the COUNTERPARTY and
 * was filed no later than DUE (and, when KIND is given, of that kind in [lo, hi]). */
const disclosure *mh_disc_covering(const disc_index *d, const char *person, const char *rec_id,
                                   const char *counterparty, mh_time due);
const disclosure *mh_disc_of_kind(const disc_index *d, const char *person, const char *kind, mh_time lo, mh_time hi);

/* A per-subject view of one enriched event: the fields the detectors read. */
typedef struct subj_event {
    const mh_jv *doc;
    const char *json;
    size_t len;
    mh_time ts;
    const char *person, *path;
    const char *id, *category;
    const char *cp_id;          /* counterparty.id */
    bool cp_intel, cp_foreign, cp_official;
    double value;               /* record.value or record.amount, or -1 */
    const char *kind;           /* record.kind */
    const char *country;        /* record.country (trips) */
    mh_time end;                /* record.endDate's end, or MH_TIME_NONE */
    bool incoming;              /* the person (or the relative) is a target of the record */
} subj_event;

/* Employment at the home organisation and clearances over time (status.c). */
typedef struct standing_index standing_index;
mh_status mh_standing_load(mh_store *s, const mh_graph *g, standing_index **out, mh_err *e);
void mh_standing_free(standing_index *x);
/* Whether PERSON was employed at T, and the highest clearance level held then (or NULL). */
void mh_standing_at(const standing_index *x, const char *person, mh_time t, bool *employed, const char **clearance);

/* The reconciliation detector. */
typedef struct recon recon;
recon *mh_recon_new(const disc_index *d, const mh_detect_opts *o, const char *home_country);
void mh_recon_free(recon *r);
/* Looks at one per-subject event; calls fn for each obligation found unmet. */
int mh_recon_push(recon *r, const subj_event *ev, mh_alert_fn fn, void *ctx);

#endif
