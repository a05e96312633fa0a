/* mh_sim: the synthetic organisation and tradecraft simulator. It builds a believable
 * organisation (people, families, foreign contacts, money, travel, IT habits), injects the
 * hostile scenarios of the tradecraft catalogue and their benign look-alikes, and writes
 * the three input formats molehunt reads (FtM entities, ECS NDJSON, CERT CSV layouts), a
 * watch list and the ground truth. Same configuration => byte-identical output.
 *
 * Ownership: mh_sim_open() returns a simulator the caller frees with mh_sim_close(); it
 * copies what it needs from the configuration (out_dir included), so the config may go
 * away after the call. Nothing returned by the accessors outlives the simulator. */
#ifndef MH_SIM_H
#define MH_SIM_H

#include "molehunt/mh_core.h"

/* The scenario ids of spec/scenarios.md, in catalogue order. */
typedef enum {
    MH_SIM_MOMINT,
    MH_SIM_HOOK,
    MH_SIM_WALKIN,
    MH_SIM_RAVEN,
    MH_SIM_DEBT,
    MH_SIM_STRUCT,
    MH_SIM_DEVICE,
    MH_SIM_CONCEAL,
    MH_SIM_POSTBID,
    MH_SIM_LONGGAME,
    MH_SIM_APPLICANT,
    MH_SIM_REGAIN,
    MH_SIM_CERT1,
    MH_SIM_CERT2,
    MH_SIM_CERT3,
    MH_SIM_CERT4,
    MH_SIM_CERT5,
    MH_SIM_NSCEN
} mh_sim_scenario;

#define MH_SIM_NTRADECRAFT MH_SIM_CERT1 /* scenarios before CERT1 are tradecraft */

typedef enum { MH_SIM_CERT_R42 = 42, MH_SIM_CERT_R52 = 52, MH_SIM_CERT_R62 = 62 } mh_sim_cert_layout;

typedef struct mh_sim_config {
    uint32_t people;   /* covered persons (employees of the home organisation) */
    uint32_t days;     /* length of the activity window */
    int64_t start_day; /* first day of the window, days since 1970-01-01 */
    uint64_t seed;
    /* Requested incidents per scenario; all zero = the default mix for `people`. */
    uint32_t count[MH_SIM_NSCEN];
    bool explicit_mix; /* true once any --scenario was given (even with count 0) */
    int cert_layout;   /* MH_SIM_CERT_R42, _R52 or _R62 */
    /* Background parameters the realism tests check the output against. */
    double disclose_on_time; /* share of background foreign contacts disclosed on time */
    double disclose_late;    /* share disclosed late (the rest are forgotten) */
    double http_median;      /* median over people of the mean web events per workday */
    double email_median;     /* ... e-mail events per workday */
    double file_median;      /* ... file events per workday */
    double weekend_factor;   /* a weekend day worked carries this share of a workday's events */
    bool no_background_activity; /* write only the IT events scenarios inject (record-level worlds) */
    const char *out_dir;
} mh_sim_config;

/* Fills the defaults: 200 people, 30 days from 2010-01-04, seed 1, r6.2, default mix. */
void mh_sim_config_default(mh_sim_config *c);
/* Applies one --scenario argument "ID" or "ID:COUNT" (ID as in scenarios.md). */
mh_status mh_sim_config_add_scenario(mh_sim_config *c, const char *arg, mh_err *e);
/* Checks the configuration (bounds, enough people for the requested incidents). */
mh_status mh_sim_config_check(const mh_sim_config *c, mh_err *e);
/* The default number of incidents of scenario s for a world of `people` persons. */
uint32_t mh_sim_default_count(mh_sim_scenario s, uint32_t people);

const char *mh_sim_scenario_name(mh_sim_scenario s);
/* Scenario by id (case-sensitive), or -1. */
int mh_sim_scenario_find(const char *id, size_t len);

typedef struct mh_sim_stats {
    uint64_t entities;   /* lines of entities.ftm.jsonl */
    uint64_t watchlist;  /* lines of watchlist.ftm.jsonl */
    uint64_t events;     /* lines of activity.ecs.jsonl */
    uint64_t cert_rows;  /* data rows over all CERT activity CSVs */
    uint64_t incidents;  /* rows of answers/insiders.csv */
    uint64_t bytes;      /* bytes written over all files */
    uint64_t contacts;   /* background foreign contacts generated */
    uint64_t contacts_on_time; /* ... of which disclosed on time */
} mh_sim_stats;

/* One covered person's configured IT habits: the means of the Poisson laws their
 * workday event counts are drawn from (weekend days worked use weekend_factor of them). */
typedef struct mh_sim_habits {
    char user[8];       /* CERT-style user id, also the ECS user.id */
    char person_id[24]; /* the Person entity id */
    double http, email, file; /* mean events per workday */
    double usb_sessions;      /* mean removable-media connects per workday (0: never) */
    double weekend_p;         /* chance of working on a weekend day */
    bool late_worker;         /* on call: works late as a habit */
    bool job_sites;           /* browses job sites as a habit, from the first day */
    double job_hunt;          /* job-site visits per workday while looking for a job (0: never) */
    int64_t hunt_from, hunt_to; /* the days of that search (days since epoch) */
    int64_t first_day, last_day; /* employment within the window (days since epoch) */
} mh_sim_habits;

typedef struct mh_sim mh_sim;

/* Builds the organisation and plans the incidents (no output yet). */
mh_status mh_sim_open(const mh_sim_config *c, mh_sim **out, mh_err *e);
size_t mh_sim_user_count(const mh_sim *s);
/* Habits of covered person i (0 <= i < mh_sim_user_count); false past the end. */
bool mh_sim_habits_of(const mh_sim *s, size_t i, mh_sim_habits *out);
/* Writes every output file under the configured directory (created if missing). */
mh_status mh_sim_write(mh_sim *s, mh_sim_stats *st, mh_err *e);
void mh_sim_close(mh_sim *s);

/* open + write + close. */
mh_status mh_sim_run(const mh_sim_config *c, mh_sim_stats *st, mh_err *e);

#endif
