/* mh_ueba: behaviour analytics over IT activity (docs/cert.md §Behaviour analytics).
 * Every stored activity event becomes a count in a per user-day feature vector
 * (after-hours logons, logons on other people's PCs, removable media, outside mail with
 * attachments, web visits and uploads by site category, decoy-file touches); each
 * user-day is compared with the user's own earlier days and with the earlier days of the
 * user's peer group (role and department) by robust z-scores (median and MAD), and scored
 * again by a seeded isolation forest; the two combine into one anomaly score per user-day
 * (data moving out weighs more, when already anomalous, after layoffs in the user's team),
 * and the anomalous days become alerts on the M (IT use) and K (handling protected
 * information) guidelines for the risk model.
 *
 * Ownership: mh_ueba_days returns an array the caller frees with mh_ueba_days_free; the
 * forest is freed with mh_ueba_forest_free. Alerts passed to callbacks are valid during
 * the call. */
#ifndef MH_UEBA_H
#define MH_UEBA_H

#include "molehunt/mh_core.h"
#include "molehunt/mh_detect.h"
#include "molehunt/mh_store.h"

/* ---- features ---- */

typedef enum {
    MH_UF_AFTER_HOURS,  /* logons before 07:00, after 19:00 or on a weekend */
    MH_UF_OTHER_PC,     /* logons on a PC that is not the user's own (the one most logged on) */
    MH_UF_USB_CONNECT,  /* removable media connects */
    MH_UF_USB_FILES,    /* files copied to or from removable media */
    MH_UF_MAIL_OUT_ATT, /* mails sent with attachments to an outside address */
    MH_UF_WEB_JOB,      /* visits to job sites */
    MH_UF_WEB_CLOUD_UP, /* uploads to cloud storage */
    MH_UF_WEB_LEAK,     /* any request to a leak site */
    MH_UF_WEB_HACK,     /* any request to a hacking-tool site (keyloggers, spyware) */
    MH_UF_WEB_UPLOAD,   /* uploads to any other site */
    MH_UF_DECOY,        /* touches of decoy files */
    MH_UF_EXE_USB,      /* executables moved through removable media */
    MH_UF__COUNT
} mh_ueba_feature;

/* A short upper-case tag ("AFTERHOURS", "USB", ...) and a phrase for people. */
const char *mh_ueba_feature_tag(mh_ueba_feature f);
const char *mh_ueba_feature_text(mh_ueba_feature f);

typedef enum { MH_SITE_OTHER, MH_SITE_JOB, MH_SITE_CLOUD, MH_SITE_LEAK, MH_SITE_HACK } mh_ueba_site;
/* The category of a web domain (a "www." prefix and sub-domains are ignored): the
 * table in src/ueba/sites.c, plus any domain holding "keylog", "spyware" or "hack". */
mh_ueba_site mh_ueba_site_of(mh_str domain);

/* ---- one user-day ---- */

#define MH_UEBA_EVIDENCE 4

typedef struct mh_ueba_day {
    uint32_t user;           /* index into the run's users */
    int32_t day;             /* days since 1970-01-01 (UTC) */
    float f[MH_UF__COUNT];   /* the counts */
    float z[MH_UF__COUNT];   /* robust z-scores actually used (0 when not anomalous) */
    float zscore;            /* the z-score part of the anomaly, 0..1 */
    float forest;            /* the isolation-forest part, 0..1 */
    float score;             /* the combined anomaly score, 0..1 */
    mh_time last_ts;         /* the day's last event */
    uint32_t nev;            /* evidence kept (ids of the day's notable events) */
    const char *ev_id[MH_UEBA_EVIDENCE];
    const char *ev_cat[MH_UEBA_EVIDENCE];
    mh_time ev_ts[MH_UEBA_EVIDENCE];
    uint8_t ev_feat[MH_UEBA_EVIDENCE];
    /* Context, not behaviour: the share of the user's team whose departure became known in
     * the MH_UEBA_LAYOFF_DAYS before the day (0 unless that is a layoff, see below),
     * LAYOFF_LEFT of LAYOFF_OF colleagues. It only amplifies exfiltration features that are
     * already anomalous (docs/cert.md); on its own it adds nothing. */
    float layoff;
    uint16_t layoff_left, layoff_of;
} mh_ueba_day;

typedef struct mh_ueba_opts {
    int min_history;      /* own days for full confidence in a user's scores, and peer days
                             before a group baseline counts (default 10) */
    double z_cap;         /* a z-score counts up to this (default 8) */
    double mad_floor;     /* the smallest spread a baseline is given (default 0.5) */
    double alert_min;     /* user-days scoring at least this become alerts (default 0.5) */
    int trees;            /* isolation forest: trees (default 100; 0 = no forest) */
    int sample;           /* and rows per tree (default 256) */
    uint64_t seed;        /* the forest's seed (default 1) */
} mh_ueba_opts;

void mh_ueba_opts_default(mh_ueba_opts *o);

/* Scores DAYS in place (any order; sorted by day then user on return). PEER[u] is user
 * u's peer group (any small integer). Pure: the same input gives the same scores. */
mh_status mh_ueba_score(mh_ueba_day *days, size_t n, const uint32_t *peer, size_t nusers, const mh_ueba_opts *o,
                        mh_err *e);

/* ---- layoff context (context.c) ---- */

#define MH_UEBA_LAYOFF_DAYS 60
#define MH_UEBA_LAYOFF_MIN 2
#define MH_UEBA_LAYOFF_P 0.01

/* One member of a team: the first day they belonged, and the day their departure became
 * known (INT32_MAX when they have not left). */
typedef struct mh_ueba_member {
    int32_t start, left;
} mh_ueba_member;

/* Of the N members of a team other than member SELF (SIZE_MAX: none), how many (*OF) were
 * in it at some time in the MH_UEBA_LAYOFF_DAYS before DAY and how many of those (*LEFT)
 * left in that window. Returns LEFT / OF when that is a layoff — LEFT >= MH_UEBA_LAYOFF_MIN
 * and P(at least LEFT of OF leave) < MH_UEBA_LAYOFF_P when each leaves with probability
 * RATE, the organisation's turnover over the window — else 0. */
double mh_ueba_count_leavers(const mh_ueba_member *m, size_t n, size_t self, int32_t day, double rate,
                             uint32_t *left, uint32_t *of);

/* ---- isolation forest (Liu, Ting & Zhou 2008) ---- */

typedef struct mh_ueba_forest mh_ueba_forest;
/* Grows TREES trees, each on SAMPLE rows of X (N rows of DIM floats) drawn with the
 * seeded generator; deterministic for a seed. */
mh_status mh_ueba_forest_fit(const float *x, size_t n, size_t dim, int trees, int sample, uint64_t seed,
                             mh_ueba_forest **out, mh_err *e);
/* The anomaly score s(x) = 2^(-E[h(x)] / c(sample)): about 0.5 for ordinary rows, near 1
 * for isolated ones. */
double mh_ueba_forest_score(const mh_ueba_forest *f, const float *row);
void mh_ueba_forest_free(mh_ueba_forest *f);

/* ---- over the store ---- */

/* Reads every stored activity event, resolving user.id through UserAccount usernames to
 * people, and returns the scored user-days (*users, *nusers: the person id of each user
 * index, NULL when the account has no owner; strings live in the returned set). */
typedef struct mh_ueba_set {
    mh_ueba_day *days;
    size_t n;
    const char **person; /* per user index */
    const char **user;   /* the account name per user index */
    size_t nusers;
    void *priv;
} mh_ueba_set;

mh_status mh_ueba_days(mh_store *s, const mh_ueba_opts *o, mh_ueba_set *out, mh_err *e);
void mh_ueba_days_free(mh_ueba_set *set);

/* The detection step over user-days read and scored by mh_ueba_days: calls fn with an
 * alert for every user-day at or above the alert threshold (of the people in o->only,
 * when set): rule id
 * "UEBA-<TAG>[-<TAG>]" after the two features that weigh most, axis compromise,
 * guidelines M 40d/M 40f/K 34f by feature, severity = the anomaly score, evidence = the
 * day's notable events. Every scored user-day of those people, under the threshold too,
 * is also written to the store's day scores (mh_store_day_score_put), which the caller
 * has cleared. */
mh_status mh_ueba_emit(mh_store *s, const mh_ueba_set *set, const mh_detect_opts *o, mh_alert_fn fn, void *ctx,
                       mh_err *e);

/* ---- routine (routine.c) ---- */

/* A rule whose single match is some people's daily habit names the behaviour in its
 * "# routine:" header (feature tags, e.g. CLOUDUP); its alerts are then mitigated by the
 * share of the person's active days before the alert's earliest evidence that show every
 * named behaviour, up to MH_UEBA_ROUTINE_CAP, once there are MH_UEBA_ROUTINE_MIN_DAYS such
 * days (docs/detection.md, "Routine"). */
#define MH_UEBA_ROUTINE_MIN_DAYS 10
#define MH_UEBA_ROUTINE_CAP 0.9

/* The feature with the tag TAG (LEN bytes), or -1. */
int mh_ueba_feature_find(const char *tag, size_t len);

/* Per person, the days and the behaviours on each, copied out of a set (which may be
 * freed afterwards). */
typedef struct mh_ueba_routine mh_ueba_routine;
mh_status mh_ueba_routine_build(const mh_ueba_set *set, mh_ueba_routine **out, mh_err *e);
void mh_ueba_routine_free(mh_ueba_routine *r);
/* An mh_routine_fn (mh_detect.h) over the index CTX. */
double mh_ueba_routine_share(void *ctx, const char *person, mh_time before, const char *const *features, size_t n,
                             char *why, size_t whylen);

#endif
