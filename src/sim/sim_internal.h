/* The simulator's private header: the world every src/sim file builds on (people, their
 * relatives, the foreign services and their officers, incidents, injected activity), the
 * seeded random generator, and the buffered writers. Not part of the public face. */
#ifndef MH_SIM_INTERNAL_H
#define MH_SIM_INTERNAL_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "molehunt/mh_json.h"
#include "molehunt/mh_sim.h"

#define SIM_IDLEN 24
#define SIM_NEVER INT64_MAX

/* ---- rng.c: xoshiro256** seeded through splitmix64 ---- */

typedef struct sim_rng {
    uint64_t s[4];
} sim_rng;

uint64_t sim_mix64(uint64_t x); /* splitmix64's finaliser: a bijection on 64 bits */
/* A generator for one independent stream: (world seed, stream kind, index). */
void sim_rng_seed(sim_rng *r, uint64_t seed, uint64_t stream, uint64_t index);
uint64_t sim_rng_u64(sim_rng *r);
double sim_rng_unit(sim_rng *r); /* [0, 1) */
uint32_t sim_rng_below(sim_rng *r, uint32_t n);
int64_t sim_rng_range(sim_rng *r, int64_t lo, int64_t hi); /* inclusive */
bool sim_rng_chance(sim_rng *r, double p);
double sim_rng_normal(sim_rng *r);
double sim_rng_lognormal(sim_rng *r, double median, double sigma);
uint32_t sim_rng_poisson(sim_rng *r, double mean);
#define SIM_PICK(r, arr) ((arr)[sim_rng_below((r), (uint32_t)MH_ARRAY_LEN(arr))])

/* Streams (the second argument of sim_rng_seed), so that adding draws in one part of
 * the world never shifts another part. */
enum { SR_ORG = 1, SR_FAMILY, SR_LIFE, SR_PLAN, SR_SCEN, SR_LOOK, SR_DAY, SR_OFFICER, SR_WATCH, SR_IDS };

#include "out.h" /* the writers and formatters */

/* ---- catalog.c: fixed tables ---- */

typedef struct sim_country {
    const char *code, *name, *capital;
    bool hostile; /* has a service in services.c */
} sim_country;
extern const sim_country sim_countries[];
extern const size_t sim_ncountries;
int sim_country_index(const char *code);
/* A foreign country for a benign trip, relative or friend (weighted, includes hostile ones). */
const char *sim_country_benign(sim_rng *r);

enum { SITE_WIKILEAKS, SITE_DROPBOX, SITE_KEYLOGGER, SITE_JOB0, SITE_NJOB = 5, SITE_BENIGN0 = SITE_JOB0 + SITE_NJOB };
extern const char *const sim_sites[];
extern const size_t sim_nsites;
extern const mh_str sim_words[]; /* with lengths: content is the hot path */
extern const size_t sim_nwords;

typedef struct sim_unit {
    const char *functional_unit, *department;
    const char *const *roles; /* NULL-terminated */
} sim_unit;
extern const sim_unit sim_units[];
extern const size_t sim_nunits;
#define SIM_UNIT_IT 12 /* index of the systems administration department */

/* ---- names.c ---- */

typedef struct sim_name {
    char first[32], last[32];
    char full[72];
} sim_name;
void sim_name_us(sim_rng *r, bool female, sim_name *out);
void sim_name_foreign(sim_rng *r, const char *country, bool female, sim_name *out);

/* A name in the officer's own script, the Latin form the watch list uses as alias, and
 * the variant spelling the organisation's records use. */
typedef struct sim_native_name {
    char native[96], latin[72], variant[72];
} sim_native_name;
void sim_name_native(sim_rng *r, const char *country, bool female, sim_native_name *out);
const char *sim_lower_ascii(const char *s, char *out, size_t n);

/* ---- the world ---- */

enum { REL_SPOUSE, REL_SON, REL_DAUGHTER, REL_FATHER, REL_MOTHER, REL_BROTHER, REL_SISTER, REL_N };
extern const char *const sim_rel_names[REL_N];
#define SIM_MAXREL 10

typedef struct sim_rel {
    char id[SIM_IDLEN];
    char country[3];
    uint8_t kind;
    uint8_t age;
} sim_rel;

typedef struct sim_person {
    char id[SIM_IDLEN];
    char ua[SIM_IDLEN]; /* UserAccount entity id */
    char user[8];
    char email[80], home_email[80];
    sim_name name;
    bool female;
    int birth_year;
    uint16_t unit, team;
    const char *role;
    int32_t supervisor; /* person index, -1 for none */
    int64_t start_day, end_day; /* employment; end_day SIM_NEVER while employed */
    uint8_t clearance; /* 0 none, 1 confidential, 2 secret, 3 top secret */
    char nat2[3];      /* a second nationality, or "" */
    float big5[5];     /* O C E A N in [0,1] */
    /* IT habits */
    uint32_t pc;
    float arrive_h, arrive_sd, hours, unlocks;
    float n_http, n_email, n_file, n_usb, weekend_p, missing_logoff; /* means per workday */
    float n_cloud; /* uploads to cloud storage per workday (a habit of a few; 0 for most) */
    float n_roam;  /* logons on colleagues' PCs per workday (desk-side support, hot-desking;
                    * a habit of a few, 0 for most) */
    float n_hunt;  /* job-site visits per workday while looking for another job (0: never) */
    int64_t hunt_from, hunt_to; /* the days of that search */
    bool late, jobsite, cleanup;
    uint8_t fav[8]; /* favourite sites */
    int64_t interview_day; /* a background interview in the window, or SIM_NEVER */
    int32_t incident;      /* index of the incident this person is the subject of, or -1 */
    uint8_t nrel;
    sim_rel rel[SIM_MAXREL];
} sim_person;

typedef struct sim_officer sim_officer;
struct sim_officer {
    sim_officer *next;
    char id[SIM_IDLEN];  /* in entities.ftm.jsonl ("" when the records never name them) */
    char wid[SIM_IDLEN]; /* in watchlist.ftm.jsonl */
    char country[3];
    int service; /* index into the services table */
    bool female;
    int64_t birth_day;
    sim_native_name name;
    char front[SIM_IDLEN]; /* a front organisation the officer directs, or "" */
};

typedef struct sim_service {
    const char *country, *native, *english, *variant;
    char id[SIM_IDLEN], wid[SIM_IDLEN];
} sim_service;

/* Activity event kinds, rendered to ECS (all) and to the CERT CSVs (IT kinds only). */
enum { K_LOGON, K_LOGOFF, K_CONNECT, K_DISCONNECT, K_FILE, K_HTTP, K_EMAIL, K_DELETION, K_BADGE, K_BORDER, K_PRINT };
enum { FA_OPEN, FA_WRITE, FA_COPY, FA_DELETE };       /* K_FILE a */
enum { HA_VISIT, HA_DOWNLOAD, HA_UPLOAD };             /* K_HTTP a */
enum { EA_SEND, EA_VIEW };                             /* K_EMAIL a */
enum { EM_NORMAL, EM_HOME, EM_MASS, EM_COMPETITOR, EM_RECRUIT };   /* K_EMAIL b */
enum { FF_TO_REM = 1, FF_FROM_REM = 2, FF_DECOY = 4, FF_EXE = 8, FF_ATTACH = 16 };

typedef struct sim_ev {
    int64_t t;
    uint32_t user; /* person index whose account acts */
    uint32_t host; /* PC number, or SIM_HOST_EXTRA + index into world.hosts */
    uint32_t a, b, c;
    uint32_t rnd; /* seed for content (paths, words, recipients) */
    uint32_t seq; /* tie-break for a total order */
    int32_t incident; /* -1 for background */
    uint8_t kind, flags;
} sim_ev;
#define SIM_HOST_EXTRA 0x40000000u

typedef struct sim_incident {
    mh_sim_scenario scen;
    uint32_t ordinal; /* 1-based within its scenario */
    uint32_t subject;
    int64_t d0, d1; /* planned day span */
    int64_t t_first, t_last;
    mh_buf ids;  /* hostile record ids, one per line */
    mh_buf rows; /* CERT answer rows (CERT scenarios) */
    sim_officer *officer;
} sim_incident;

typedef struct sim_world {
    mh_sim_config cfg;
    char out_dir[512];
    int64_t day0, day1; /* first and last day of the window */
    mh_arena arena;
    uint64_t id_counter, ev_counter;
    char strs[16][48]; /* a ring of small strings for sim_ent() arguments */
    unsigned strs_at;

    sim_out ftm, watch;
    sim_person *people;
    uint32_t npeople;
    char home_id[SIM_IDLEN], tax_id[SIM_IDLEN], bank_id[4][SIM_IDLEN], dealer_id[SIM_IDLEN];
    sim_service *services;
    size_t nservices;
    sim_officer *officers; /* every officer, for the watch list */

    sim_incident *inc;
    size_t ninc;
    sim_ev *inj; /* injected (non-habitual) activity, sorted before the day loop */
    size_t ninj, capinj;
    char (*hosts)[SIM_IDLEN]; /* extra host names (devices, border posts, doors) */
    size_t nhosts, caphosts;
    uint32_t npcs;
    mh_sim_stats *st;
    bool oom;
} sim_world;

/* ---- ftm.c: FtM lines ---- */

void sim_id(sim_world *w, const char *prefix, char out[SIM_IDLEN]);
/* Writes one entity to o: id (made fresh into id_out when prefix is given, else taken from
 * id_out), schema, then (property, value) pairs ending at a NULL property; a NULL value
 * is skipped; repeated properties in a row form one list. */
void sim_ent(sim_world *w, sim_out *o, char id_out[SIM_IDLEN], const char *prefix, const char *schema, ...);
void sim_entv(sim_world *w, sim_out *o, char id_out[SIM_IDLEN], const char *prefix, const char *schema, va_list ap);
/* Small formatted strings valid for the next 15 calls (arguments to sim_ent). */
const char *sim_day(sim_world *w, int64_t day);
const char *sim_amt(sim_world *w, int64_t cents);
const char *sim_int(sim_world *w, int64_t v);
const char *sim_yyyymm(sim_world *w, int64_t day);

/* ---- org.c, families.c, contacts.c, life.c ---- */

mh_status sim_org_build(sim_world *w, mh_err *e);
void sim_org_write(sim_world *w);   /* Person, UserAccount, Employment, Clearance, supervisors */
void sim_family_write(sim_world *w); /* relatives and family ties */
void sim_contacts_write(sim_world *w); /* friends, foreign contacts, diplomats, disclosures */
void sim_life_write(sim_world *w);   /* salaries, debts, gifts, trips, interviews, devices, bids */
/* A relative of p of one of the kinds (tried in order), or NULL. */
sim_rel *sim_family_find(sim_person *p, const uint8_t *kinds, size_t nkinds, int min_age);
/* Adds a relative (writes the Person and the Family tie). */
sim_rel *sim_family_add(sim_world *w, sim_rng *r, sim_person *p, uint8_t kind, int age, const char *country);
/* A benign foreign person (Person entity), id into out. */
void sim_foreigner(sim_world *w, sim_rng *r, const char *country, const char *topic, char out[SIM_IDLEN], sim_name *name);
/* A Disclosure by p about a record, dated on time (offset in days from the record). */
void sim_disclose(sim_world *w, sim_person *p, const char *kind, const char *counterparty, const char *record,
                  int64_t day, const char *summary);
/* A trip (Trip entity, border events when inside the window); returns the Trip id. */
void sim_trip(sim_world *w, sim_rng *r, sim_person *p, const char *country, int64_t d0, int64_t d1,
              const char *with, int32_t incident, int64_t cash_found, int64_t cash_declared, char out[SIM_IDLEN]);
/* Reports a background foreign tie on time, late or never, in the configured shares. */
void sim_report_contact(sim_world *w, sim_rng *r, sim_person *p, const char *tie, const char *who, int64_t tie_start,
                        const char *summary);
int64_t sim_worktime(sim_rng *r, int64_t day); /* a time of day in working hours, ms */

/* ---- services.c: foreign services, officers, fronts, the watch list ---- */

void sim_services_write(sim_world *w);
/* A new officer of a service of `country` (NULL: any hostile country), written to the
 * organisation's records with a varied link to the service. */
sim_officer *sim_officer_new(sim_world *w, sim_rng *r, const char *country);
/* A front (school or company) the officer directs; creates it on first use. */
const char *sim_officer_front(sim_world *w, sim_rng *r, sim_officer *o, bool school);
void sim_watchlist_write(sim_world *w);

/* ---- incident.c ---- */

void sim_inc_add(sim_world *w, sim_incident *inc, const char *id, int64_t t_ms);
/* Writes a hostile entity dated `day` and records its id in the incident. */
void sim_hent(sim_world *w, sim_incident *inc, int64_t day, char id_out[SIM_IDLEN], const char *prefix,
              const char *schema, ...);
int64_t sim_inc_day(const sim_incident *inc, double frac);
/* A Message, Email or Call between two entities (hostile when inc is given). */
void sim_hmsg(sim_world *w, sim_incident *inc, sim_rng *r, int64_t day, const char *schema, const char *from,
              const char *to, const char *subject);
/* Message, Email or Call, at random. */
const char *sim_channel_schema(sim_rng *r);
sim_ev *sim_inject(sim_world *w, int64_t t, uint8_t kind, uint32_t user, int32_t incident);
uint32_t sim_host_add(sim_world *w, const char *name);
/* A random person index other than `not` (and not a subject), or `not` when none. */
uint32_t sim_other_person(sim_world *w, sim_rng *r, uint32_t not_);

/* ---- scenario.c and scen_*.c ---- */

typedef void (*sim_scen_fn)(sim_world *w, sim_incident *inc, sim_rng *r);
typedef void (*sim_look_fn)(sim_world *w, sim_person *p, sim_rng *r);
mh_status sim_plan(sim_world *w, mh_err *e); /* incidents and their subjects */
void sim_scenarios_write(sim_world *w);      /* every incident, then the look-alikes */

const char *sim_scenario_tag(mh_sim_scenario s); /* the r6.2 answers' tag column */
void sim_scen_momint(sim_world *w, sim_incident *inc, sim_rng *r);
void sim_scen_hook(sim_world *w, sim_incident *inc, sim_rng *r);
void sim_scen_walkin(sim_world *w, sim_incident *inc, sim_rng *r);
void sim_scen_raven(sim_world *w, sim_incident *inc, sim_rng *r);
void sim_scen_debt(sim_world *w, sim_incident *inc, sim_rng *r);
void sim_scen_struct(sim_world *w, sim_incident *inc, sim_rng *r);
void sim_scen_device(sim_world *w, sim_incident *inc, sim_rng *r);
void sim_scen_conceal(sim_world *w, sim_incident *inc, sim_rng *r);
void sim_scen_postbid(sim_world *w, sim_incident *inc, sim_rng *r);
void sim_scen_longgame(sim_world *w, sim_incident *inc, sim_rng *r);
void sim_scen_applicant(sim_world *w, sim_incident *inc, sim_rng *r);
void sim_scen_regain(sim_world *w, sim_incident *inc, sim_rng *r);
void sim_scen_cert(sim_world *w, sim_incident *inc, sim_rng *r);
/* Adjusts a subject before anything is written (joiner, leaver, habits). */
void sim_scen_cert_prepare(sim_world *w, sim_incident *inc, sim_rng *r);

void sim_look_momint(sim_world *w, sim_person *p, sim_rng *r);
void sim_look_hook(sim_world *w, sim_person *p, sim_rng *r);
void sim_look_walkin(sim_world *w, sim_person *p, sim_rng *r);
void sim_look_raven(sim_world *w, sim_person *p, sim_rng *r);
void sim_look_debt(sim_world *w, sim_person *p, sim_rng *r);
void sim_look_struct(sim_world *w, sim_person *p, sim_rng *r);
void sim_look_device(sim_world *w, sim_person *p, sim_rng *r);
void sim_look_conceal(sim_world *w, sim_person *p, sim_rng *r);
void sim_look_postbid(sim_world *w, sim_person *p, sim_rng *r);
void sim_look_longgame(sim_world *w, sim_person *p, sim_rng *r);
void sim_look_applicant(sim_world *w, sim_person *p, sim_rng *r);
void sim_look_regain(sim_world *w, sim_person *p, sim_rng *r);

/* ---- activity.c, ecs.c, cert.c, truth.c ---- */

typedef struct sim_writers {
    sim_out ecs;
    sim_out logon, device, file, http, email;
    int layout;
} sim_writers;

/* One person's habitual events of one day, appended to *ev (grown as needed). */
bool sim_activity_day(sim_world *w, uint32_t i, int64_t day, sim_ev **ev, size_t *n, size_t *cap);
mh_status sim_activity_write(sim_world *w, sim_writers *wr, mh_err *e);
void sim_ecs_event(sim_world *w, sim_out *o, const sim_ev *ev, const char *evid);
/* Writes the CERT row for an IT event; returns false for kinds CERT does not log. When
 * `answer` is given, the row is also appended to it in the answers layout. */
bool sim_cert_event(sim_world *w, sim_writers *wr, const sim_ev *ev, const char *evid, mh_buf *answer, const char *tag);
mh_status sim_cert_open(sim_world *w, sim_writers *wr, mh_err *e);
mh_status sim_cert_static(sim_world *w, mh_err *e); /* psychometric, LDAP, decoys */
/* render.c: the content of an event, derived from its rnd so ECS and CERT agree. */
void sim_content_words(sim_out *o, uint32_t rnd, int n, bool sentence);
size_t sim_file_path(char *out, size_t n, const sim_world *w, const sim_ev *ev);
size_t sim_url(char *out, size_t n, uint32_t site, uint32_t rnd);
size_t sim_decoy_name(char *out, size_t n, uint32_t pc, uint32_t k);
uint32_t sim_decoy_count(uint32_t pc);
const char *sim_host_name(const sim_world *w, uint32_t host, char buf[SIM_IDLEN]);
typedef struct sim_mail {
    const char *from;
    const char *to[48];
    int nto, ncc;  /* to[0..nto) are To:, to[nto..nto+ncc) are Cc: */
    int attachments;
    uint32_t size;
    char ext[2][64]; /* storage for external addresses */
} sim_mail;
void sim_mail_parts(const sim_world *w, const sim_ev *ev, sim_mail *m);
mh_status sim_truth_write(sim_world *w, mh_err *e);

#endif
