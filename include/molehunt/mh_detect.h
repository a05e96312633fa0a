/* mh_detect: the rule pack (EQL detections with their metadata, one file per rule), the
 * SEAD-3 reconciliation detector, mitigation by timely self-reports, and the detection
 * run that streams every enriched record and event, once per person it touches, through
 * all of them and hands out alerts with their evidence.
 *
 * Ownership: mh_rulepack_* returns a pack freed with mh_rulepack_free; rules keep their
 * compiled queries until then. Alerts passed to callbacks are valid during the call. */
#ifndef MH_DETECT_H
#define MH_DETECT_H

#include "molehunt/mh_core.h"
#include "molehunt/mh_eql.h"
#include "molehunt/mh_graph.h"
#include "molehunt/mh_store.h"

/* ---- rules ---- */

#define MH_RULE_MAX_GUIDELINES 6
#define MH_RULE_MAX_ROUTINE 4

typedef enum { MH_AXIS_MONEY, MH_AXIS_IDEOLOGY, MH_AXIS_COMPROMISE, MH_AXIS_EGO, MH_AXIS__COUNT } mh_axis;
const char *mh_axis_name(mh_axis a);

typedef struct mh_rule {
    const char *id, *title, *description, *scenario;
    const char *guidelines[MH_RULE_MAX_GUIDELINES]; /* "B 7h": letter, space, paragraph */
    size_t nguidelines;
    mh_axis axis;
    double severity;        /* 0..1 */
    bool per_day;           /* "# per: day": at most one alert per person and calendar day (UTC) */
    /* "# routine: TAG[, TAG]": behaviour features (mh_ueba.h tags) whose share of the
     * person's earlier days mitigates the alert (mh_detect_opts.routine) */
    const char *routine[MH_RULE_MAX_ROUTINE];
    size_t nroutine;
    const char *mitigation; /* what lowers or clears it, in words */
    const char *references;
    const char *file;       /* where it came from */
    long query_line;        /* the file line the query starts on */
    const char *query_text;
    mh_eql_query *query;    /* NULL when it did not compile */
} mh_rule;

typedef struct mh_rulepack mh_rulepack;

mh_rulepack *mh_rulepack_new(void);
void mh_rulepack_free(mh_rulepack *p);
/* Adds the rule file PATH (a header of "# key: value" lines, then the EQL query). Every
 * problem is rendered into DIAG as "file:line:col: error: ..." with the source line and a
 * caret; a rule that does not compile is kept (query NULL) so it can be listed, and
 * *nerrors counts it. Returns MH_OK unless the file cannot be read. */
mh_status mh_rulepack_add_file(mh_rulepack *p, const char *path, mh_buf *diag, size_t *nerrors, mh_err *e);
/* The same for a rule held in memory (NAME stands for the file in diagnostics). */
mh_status mh_rulepack_add_text(mh_rulepack *p, const char *name, const char *text, size_t n, mh_buf *diag,
                               size_t *nerrors, mh_err *e);
/* Adds every *.eql file of DIR, in name order. */
mh_status mh_rulepack_add_dir(mh_rulepack *p, const char *dir, mh_buf *diag, size_t *nerrors, mh_err *e);
size_t mh_rulepack_count(const mh_rulepack *p);
const mh_rule *mh_rulepack_rule(const mh_rulepack *p, size_t i);
const mh_rule *mh_rulepack_find(const mh_rulepack *p, const char *id);
/* The rules directory: $MOLEHUNT_RULES, else the installed or source tree's rules/. */
const char *mh_rulepack_default_dir(void);

/* ---- alerts ---- */

typedef struct mh_evidence {
    const char *id;           /* the record or event id */
    const char *category;
    mh_time ts;
    const char *path;         /* how it reaches the person: "self", "son", "son>landlord" */
    const char *counterparty; /* entity id or NULL */
    const char *summary;      /* a short description */
} mh_evidence;

typedef struct mh_alert {
    const char *person;
    const mh_rule *rule;      /* NULL for the reconciliation detector */
    const char *rule_id;
    const char *title;
    const char *guidelines[MH_RULE_MAX_GUIDELINES];
    size_t nguidelines;
    mh_axis axis;
    double severity;
    mh_time ts;               /* when it could first have fired */
    mh_time first_ts;         /* the earliest evidence */
    const mh_evidence *evidence;
    size_t nevidence;
    double mitigation;        /* 0..1: 1 = cleared by a timely disclosure */
    const char *mitigated_by; /* the Disclosure id, or NULL */
    const char *detail;       /* a sentence for the explanation */
    /* Without a rule: which detector (the scenario field: "RECONCILIATION", "UEBA") and
     * what would explain the alert away, shown beside it. */
    const char *source;
    const char *mitigation_text;
} mh_alert;

typedef int (*mh_alert_fn)(void *ctx, const mh_alert *a);

/* Renders an alert as the JSON body kept in the store (see docs/detection.md). */
bool mh_alert_to_json(const mh_alert *a, mh_buf *out);

/* ---- watch lists: the stored lists as the graph's counterparty matcher ---- */

typedef struct mh_watch mh_watch;
/* Indexes every stored watch-list entity; *out is NULL (and MH_OK) when there are none. */
mh_status mh_watch_open(mh_store *s, mh_watch **out, mh_err *e);
void mh_watch_close(mh_watch *w);
/* An mh_graph_watch_fn: pass the mh_watch as its context. */
bool mh_watch_match(void *ctx, const mh_entity *party, mh_graph_watch_hit *hit);

/* ---- the detection run ---- */

/* How much of a rule's behaviour was already PERSON's routine before BEFORE: a mitigation
 * in [0, 1) for the FEATURES a rule's "# routine:" header names, with a sentence for the
 * alert in WHY (empty when 0). */
typedef double (*mh_routine_fn)(void *ctx, const char *person, mh_time before, const char *const *features, size_t n,
                                char *why, size_t whylen);
/* How WHY begins, so that `explain` can find the sentence in an alert's detail. */
#define MH_ROUTINE_WHY "routine for this person: "


typedef struct mh_detect_opts {
    const char *home_org;          /* NULL: the body tagged molehunt.home */
    const mh_graph_reach *reach;   /* NULL: default */
    mh_graph_watch_fn watch;       /* optional watch-list matcher */
    void *watch_ctx;
    const char *const *only;       /* NULL, or a NULL-terminated list of people to recompute */
    size_t max_memory;             /* EQL state limit per rule (0 = default) */
    int contact_days;              /* SEAD-3 "promptly" for contacts (default 30) */
    int gift_days;                 /* gifts and benefits (default 30) */
    int travel_days;               /* after return from unreported travel (default 7: 5 business days) */
    double gift_min;               /* gift value that must be reported (default 480) */
    double inflow_min;             /* unusual infusion of assets (default 10000) */
    mh_routine_fn routine;         /* optional: mitigation of routine behaviour (mh_ueba.h) */
    void *routine_ctx;
} mh_detect_opts;

typedef struct mh_detect_stats {
    uint64_t records, events;  /* enriched records and activity events streamed */
    uint64_t pushes;           /* per-person copies pushed to the rules */
    uint64_t alerts, mitigated;
    uint64_t routine;          /* alerts mitigated as the person's routine */
    uint64_t evictions;        /* EQL state dropped for the memory limit (never silent) */
    size_t rules, rules_failed;
} mh_detect_stats;

/* Runs every compiled rule of PACK and the reconciliation detector over the store's
 * records and events (through graph G), calling fn for each alert in no particular
 * order. */
mh_status mh_detect_run(mh_store *s, mh_graph *g, const mh_rulepack *pack, const mh_detect_opts *o, mh_alert_fn fn,
                        void *ctx, mh_detect_stats *st, mh_err *e);

#endif
