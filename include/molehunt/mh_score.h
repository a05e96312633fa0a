/* mh_score: the risk model. Alerts become, per covered person, a score per MICE axis and
 * per SEAD-4 guideline and one ranking score, with decay over time, diminishing returns
 * for repeats of one indicator and mitigation by self-reports; and the moment the score
 * first reached the review threshold. docs/scoring.md gives the formula.
 *
 * Ownership: inputs are borrowed; outputs are written into caller-owned structs. */
#ifndef MH_SCORE_H
#define MH_SCORE_H

#include "molehunt/mh_core.h"
#include "molehunt/mh_detect.h"

#define MH_GUIDELINES 13 /* A .. M */

typedef struct mh_score_opts {
    double threshold;      /* review threshold (default 0.5) */
    double half_life_days; /* an indicator's weight halves over this (default 1825) */
    double repeat_factor;  /* the k-th repeat of one rule weighs factor^(k-1) (default 0.5) */
    mh_time as_of;         /* score as of this time (MH_TIME_NONE: mh_score_person takes the
                              person's latest alert, mh_score_store everyone's latest) */
} mh_score_opts;

/* What the model needs of one alert. */
typedef struct mh_score_input {
    const char *rule;
    mh_axis axis;
    unsigned guidelines;   /* bit g set when guideline 'A'+g is cited */
    double severity, mitigation;
    mh_time ts;
} mh_score_input;

typedef struct mh_person_score {
    double score;
    double axes[MH_AXIS__COUNT];
    double guidelines[MH_GUIDELINES];
    mh_time detected_at; /* MH_TIME_NONE when never reached */
    size_t nalerts;      /* alerts counted (mitigated ones included) */
    size_t nindicators;  /* distinct rules with weight left after mitigation */
} mh_person_score;

void mh_score_opts_default(mh_score_opts *o);
/* Scores one person's alerts (any order; the array is sorted in place by time). */
void mh_score_person(mh_score_input *in, size_t n, const mh_score_opts *o, mh_person_score *out);
/* The guideline bits of a list like {"B 7h", "E 16a"}. */
unsigned mh_score_guideline_bits(const char *const *g, size_t n);

/* ---- the detect pipeline: detection, then scoring, results kept in the store ---- */

typedef struct mh_pipeline_opts {
    const char *rules_dir;   /* NULL: mh_rulepack_default_dir() */
    bool full;               /* recompute everyone, even when an incremental run would do */
    bool no_watchlist;
    mh_detect_opts detect;
    mh_score_opts score;
} mh_pipeline_opts;

typedef struct mh_pipeline_report {
    mh_detect_stats detect;    /* the rules' run; its alerts are the rules' alone */
    uint64_t behaviour_alerts; /* alerts of the behaviour analytics (mh_ueba.h) */
    bool incremental;      /* only the people touched by new data were recomputed */
    bool nothing_new;      /* incremental, and nothing arrived since the last run */
    size_t affected;       /* people recomputed (incremental runs) */
    size_t people;         /* covered people scored */
    size_t above;          /* of them, at or above the review threshold */
    size_t rule_errors;    /* rules that did not compile (listed in the diagnostics) */
} mh_pipeline_report;

/* Runs the rule pack and the reconciliation detector over the store and replaces the
 * alerts and scores: of everyone on a first or full run (or when entities that shape
 * spheres changed), else only of the covered people whose spheres the new records and
 * events touch — with the same result as a full run. Rule diagnostics go to DIAG. */
mh_status mh_pipeline_detect(mh_store *s, const mh_pipeline_opts *o, mh_buf *diag, mh_pipeline_report *rep, mh_err *e);
/* Whether every "# routine:" behaviour of PACK's rules is one the behaviour analytics
 * count (mh_ueba.h); detect refuses to run a pack where one is not. */
mh_status mh_pipeline_check_routine(const mh_rulepack *pack, mh_err *e);
/* The store state key where a detect run leaves its watermarks: it changes whenever a run
 * replaced results, so a reader holding results (the console) can tell they moved. */
#define MH_PIPELINE_STATE_KEY "detect.state"

/* Recomputes and stores the scores of PEOPLE (NULL: every covered person) from the
 * stored alerts; *above counts those at or above the threshold. */
mh_status mh_score_store(mh_store *s, mh_graph *g, const char *const *people, const mh_score_opts *o, size_t *scored,
                         size_t *above, mh_err *e);

/* One SEAD-4 paragraph's short description ("B 7h" -> "signs that foreign ..."), or NULL. */
const char *mh_score_paragraph_text(const char *code);
/* A guideline's name ('B' -> "Foreign Influence"). */
const char *mh_score_guideline_name(char letter);

#endif
