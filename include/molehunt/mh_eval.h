/* mh_eval: how well the scores rank known insiders. It reads ground truth in the CERT
 * answers/insiders.csv layout (leniently, reporting each row it could not read), takes
 * the ranking `molehunt detect` stored, and computes recall at review budgets, precision
 * at k, ROC AUC, per-scenario recall and time to detection. The definitions are in
 * docs/eval.md.
 *
 * Ownership: everything these functions return (truth rows, rankings, results, their
 * strings) is allocated from the arena the caller passes and lives until it is freed. */
#ifndef MH_EVAL_H
#define MH_EVAL_H

#include "molehunt/mh_core.h"
#include "molehunt/mh_store.h"

/* ---- ground truth ---- */

typedef struct mh_eval_truth_row {
    const char *dataset, *scenario, *details;
    const char *user;   /* as written: an entity id or a CERT user id */
    const char *person; /* the ranked person it resolves to (mh_eval_resolve), or NULL */
    mh_time start, end; /* end is MH_TIME_NONE when empty */
    long line;          /* 1-based line in the file */
} mh_eval_truth_row;

typedef struct mh_eval_problem {
    long line;
    const char *msg;
} mh_eval_problem;

typedef struct mh_eval_truth {
    const char *name; /* the file name, for messages */
    mh_eval_truth_row *rows;
    size_t nrows;
    mh_eval_problem *bad; /* rows that could not be read, skipped */
    size_t nbad;
} mh_eval_truth;

/* Parses a truth date: MM/DD/YYYY HH:MM[:SS] with or without zero padding (CERT), or
 * ISO 8601 (its first instant). No zone means UTC. */
bool mh_eval_parse_time(const char *s, size_t n, mh_time *out);

/* Parses the text of an insiders.csv (header `dataset,scenario,details,user,start,end`, in
 * any column order; `user` and `start` are required). Rows that cannot be read land in
 * out->bad; only a missing or unusable header (or no memory) is an error. */
mh_status mh_eval_truth_parse(const char *text, size_t len, const char *name, mh_arena *a, mh_eval_truth *out,
                              mh_err *e);
/* The same, reading the file PATH. */
mh_status mh_eval_truth_read(const char *path, mh_arena *a, mh_eval_truth *out, mh_err *e);

/* ---- the ranking ---- */

typedef struct mh_eval_person {
    const char *id;
    double score;
    mh_time detected_at; /* MH_TIME_NONE when the score never reached the review threshold */
} mh_eval_person;

typedef struct mh_eval_ranking {
    mh_eval_person *people; /* highest score first */
    size_t n;
} mh_eval_ranking;

/* Loads every stored score row; MH_E_NOTFOUND when the store holds none. */
mh_status mh_eval_ranking_load(mh_store *s, mh_arena *a, mh_eval_ranking *out, mh_err *e);
/* Sets each truth row's person: the user itself when it is ranked, else the owner of a
 * UserAccount whose username (or id) is the user, else NULL. */
mh_status mh_eval_resolve(mh_store *s, const mh_eval_ranking *r, mh_eval_truth *t, mh_arena *a, mh_err *e);

/* ---- metrics ---- */

typedef struct mh_eval_at {
    size_t k;         /* people reviewed (capped at the population) */
    double found;     /* insiders expected among them (ties at the cut share credit) */
    double recall;    /* found / insiders */
    double precision; /* found / k */
} mh_eval_at;

typedef struct mh_eval_scenario {
    const char *name;
    size_t insiders;
    mh_eval_at at_5pct;     /* recall at the 5 % budget */
    mh_eval_at at_insiders; /* recall at k = the number of insiders (all scenarios) */
} mh_eval_scenario;

typedef struct mh_eval_insider {
    const char *person;    /* the resolved person, or the truth user when unresolved */
    const char *scenario;  /* of its first truth row */
    long line;             /* its first truth row */
    bool ranked;
    size_t rank;           /* 1 + people with a strictly higher score; 0 when not ranked */
    double score;
    mh_time start;         /* the earliest start among its rows */
    mh_time detected_at;   /* MH_TIME_NONE when undetected */
} mh_eval_insider;

typedef struct mh_eval_result {
    size_t population;     /* ranked people */
    size_t insiders;       /* distinct insiders in the truth */
    size_t insiders_ranked;
    mh_eval_at pct1, pct5;
    mh_eval_at *at_k;      /* k = 1, 5, 10, 25, 50, 100 and the extra ones, capped, unique, ascending */
    size_t nk;
    bool auc_defined;      /* false when no ranked insider or no ranked non-insider */
    double auc;
    mh_eval_scenario *scen;
    size_t nscen;
    mh_eval_insider *ins;  /* in order of first appearance in the truth */
    size_t nins;
    size_t detected;       /* insiders with a detection time */
    double ttd_median_days, ttd_worst_days; /* over detected insiders; 0 when none */
} mh_eval_result;

/* Computes every metric for ranking R against truth T (rows with no person match people
 * by their user). EXTRA_K adds review budgets. */
mh_status mh_eval_compute(const mh_eval_ranking *r, const mh_eval_truth *t, const size_t *extra_k, size_t nextra,
                          mh_arena *a, mh_eval_result *out, mh_err *e);

/* ---- reports ---- */

/* One JSON object with every metric, the insiders and the unreadable truth rows. */
bool mh_eval_write_json(mh_buf *b, const mh_eval_result *res, const mh_eval_truth *t);
/* The same for people to read. */
bool mh_eval_write_table(mh_buf *b, const mh_eval_result *res, const mh_eval_truth *t);


/* ---- the CERT published protocol (docs/cert.md §Evaluation): user-days, a temporal
 * split, cumulative recall at daily budgets (Tuor et al. 2017), detection rate at fixed
 * false-positive rates (Le et al. 2020), per scenario ---- */

typedef struct mh_eval_cert_insider {
    const char *user, *person, *scenario;
    int32_t first_day, last_day; /* malicious days (days since 1970-01-01) */
    size_t ndays;                /* malicious user-days */
    size_t ndays_test;           /* of them, on or after the split */
    bool detected_078;           /* a malicious test user-day above the 0.78 % FPR threshold */
    size_t rank7;                /* rank among users by best day score up to first_day + 7 (1 = top) */
    bool top1pct7;               /* rank7 within the top 1 % of users */
} mh_eval_cert_insider;

typedef struct mh_eval_cert_fpr {
    double fpr_target, fpr, threshold;
    double dr;           /* insiders with a malicious test user-day at or above the threshold */
    double day_recall;   /* malicious test user-days at or above it */
} mh_eval_cert_fpr;

typedef struct mh_eval_cert_result {
    int32_t split_day, first_day, last_day;
    size_t users, user_days_test, malicious_test;
    double cr[40];       /* cr[i]: CR-k for k = 25 (i + 1) */
    mh_eval_cert_fpr at[6]; /* FPR 0.1 %, 0.5 %, 0.78 %, 1 %, 2 %, 5 % */
    mh_eval_cert_insider *ins;
    size_t nins;
    size_t top1pct7;     /* insiders in the top 1 % within 7 days of their first malicious day */
    size_t nbad;         /* answer rows that could not be read */
} mh_eval_cert_result;

/* Reads answers DIR (insiders.csv and each incident's rows file), maps CERT users to
 * people through the stored UserAccounts, scores every stored user-day from the stored
 * alerts (1 - prod(1 - severity) over the person's alerts of the day; days with activity
 * and no alert score 0), and computes the protocol over the days from SPLIT_DAY on
 * (INT32_MIN: from the first day). The daily budgets and the false-positive cuts review
 * user-days in that order and, among equal scores, by the stored day scores (behaviour,
 * mh_store_day_scores_each); the top-1 %-in-7-days rank uses the alerts alone, as the
 * queue does. Unreadable answer rows are counted, never fatal. */
mh_status mh_eval_cert(mh_store *s, const char *answers_dir, int32_t split_day, mh_arena *a, mh_eval_cert_result *out,
                       mh_err *e);
bool mh_eval_cert_write_table(mh_buf *b, const mh_eval_cert_result *r);
bool mh_eval_cert_write_json(mh_buf *b, const mh_eval_cert_result *r);

#endif
