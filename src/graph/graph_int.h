/* The graph module's private structures, shared by its files and by nothing else: the
 * intern tables that turn entity ids into dense node numbers, the node/tie/event arrays,
 * the adjacency (CSR: one offset per node into one array of edge references) and the
 * inverted sphere index. Other modules see only include/molehunt/mh_graph.h. */
#ifndef MH_GRAPH_INT_H
#define MH_GRAPH_INT_H

#include "molehunt/mh_graph.h"

#define G_NONE UINT32_MAX
#define G_TMIN INT64_MIN
#define G_TMAX INT64_MAX

/* ---- intern: string -> dense index, strings copied into an arena ---- */

typedef struct gintern {
    mh_arena *arena;
    const char **keys; /* index -> string */
    uint32_t *lens;
    size_t n, kcap;
    uint32_t *slots; /* open addressing: index + 1, 0 = empty */
    size_t scap;     /* a power of two */
} gintern;

void gi_init(gintern *t, mh_arena *a);
void gi_free(gintern *t);
uint32_t gi_find(const gintern *t, const char *s, size_t n);
/* The index of S, adding it when new; G_NONE when out of memory. */
uint32_t gi_put(gintern *t, const char *s, size_t n);

/* ---- roles: the graph's reading of each schema (src/graph/roles.c) ---- */

enum { GR_NODE = 1, GR_TIE = 2, GR_EVENT = 4 };

typedef struct grole {
    const char *schema;
    unsigned flags;
    const char *a, *b;             /* tie ends (a -> b) or event participants (from -> to) */
    const char *label_prop;        /* ties: the property naming the relationship, or NULL */
    const char *ab, *ba;           /* ties: b seen from a, a seen from b (when no label_prop) */
    const char *start, *end;       /* validity (ties) or alternative date (events) */
    const char *date;              /* events: the date property */
    const char *category;          /* event.category */
} grole;

/* Ties a node implies through one of its own properties: VALUE -> node. */
typedef struct gimplied {
    const char *schema, *prop;
    const char *to_node, *to_value; /* the node seen from the value, the value seen from the node */
} gimplied;

const grole *g_role(const char *schema);
size_t g_role_index(const grole *r);
const grole *g_role_at(size_t i);
const gimplied *g_implied(void); /* terminated by {0} */

/* ---- the graph ---- */

enum { GN_COVERED = 1, GN_PUBLICBODY = 2, GN_OCCUPANT = 4, GN_HOME_TAG = 8, GN_HUB = 16,
       GN_CP_DONE = 32, GN_FOREIGN = 64, GN_OFFICIAL = 128, GN_INTEL = 256 }; /* GN_CP_*: counterparty flags, computed once */

typedef struct gnode {
    const char *schema; /* NULL: only referenced */
    const char *name;
    mh_entity ent;      /* a copy of the thing's properties (nprops 0 when only referenced) */
    uint32_t flags;
    uint32_t watch_state; /* watch-list cache state: 0 unknown, 1 no hit, 2 hit */
    double watch_score;
    const char *watch_entity;
    const char *intel_via; /* with GN_INTEL: the id that links it to an intelligence service */
} gnode;

typedef struct gtie {
    uint32_t a, b;
    const char *id;
    const char *schema;
    const char *ab, *ba; /* labels: b seen from a, a seen from b */
    mh_time lo, hi;      /* G_TMIN / G_TMAX when open */
    bool reach;          /* followed by the configured reach */
} gtie;

typedef struct gevent {
    mh_time ts;
    const char *id;
    const char *record; /* the record's properties, rendered as a JSON object */
    uint32_t record_len;
    uint32_t *parts;    /* nfrom senders then nto receivers, node indices */
    uint16_t nfrom, nto;
    uint16_t role;
} gevent;

/* One row of the inverted sphere index: NODE is in the sphere of the covered person
 * g->covered[COVERED] (a rank in id order, so sorting by it sorts by id) by PATH over [lo, hi]. */
typedef struct gsph {
    uint32_t node, covered, path;
    uint32_t depth;
    mh_time lo, hi;
} gsph;

/* An adjacency entry: tie index << 1 | 1 when the node is the tie's b end. */
typedef uint32_t gadj;

struct mh_graph {
    mh_arena arena;
    gintern ids;     /* node ids */
    gintern paths;   /* sphere path strings */
    gintern labels;  /* tie labels */
    gnode *nodes;
    size_t ncap;
    gtie *ties;
    size_t nties, tcap;
    gevent *events;
    size_t nevents, ecap;
    uint32_t *clearance_holders;
    size_t nclear, clcap;
    size_t undated;

    bool finished;
    uint32_t home;
    bool home_named; /* the caller named the home: other tagged bodies are not homes */
    const char *home_country;
    mh_graph_reach reach;
    mh_graph_watch_fn watch;
    void *watch_ctx;

    uint32_t *adj_off; /* nodes + 1 */
    gadj *adj;
    uint32_t *covered; /* sorted by id */
    size_t ncovered;
    uint32_t *sph_off; /* nodes + 1, or NULL without an index */
    gsph *sph;
    size_t nsph, hubs;
    uint32_t *order;   /* events sorted by (ts, id) */

    uint32_t *eadj_off; /* event adjacency, built on first use: event index << 1 | 1 when receiver */
    uint32_t *eadj;

    gintern users;       /* user.id keys (usernames, e-mails, Person ids) */
    uint32_t *user_node; /* users index -> person node */
    size_t ucap;
    mh_buf scratch; /* rendering space for one record or event */
};

static inline size_t g_nnodes(const mh_graph *g) { return g->ids.n; }

/* Property helpers on entities (no dependency on the model's implementation). */
const mh_prop *g_prop(const mh_entity *e, const char *name);
const char *g_first(const mh_entity *e, const char *name);
bool g_has_value(const mh_entity *e, const char *name, const char *value);
bool g_has_prefix(const mh_entity *e, const char *name, const char *prefix);

/* The node for ID, created (as a reference) when absent; G_NONE when out of memory. */
uint32_t g_node_put(mh_graph *g, const char *id, size_t n);
/* Date range of a property value, or false when absent or unparseable. */
bool g_date(const mh_entity *e, const char *prop, mh_time *lo, mh_time *hi);
/* Whether tie T (seen from node FROM) matches REACH. */
bool g_reach_match(const mh_graph_reach *r, const gtie *t);
/* Builds the inverted sphere index (sphere_index.c). */
mh_status g_index_build(mh_graph *g, mh_err *e);
/* Subjects of a set of participant nodes at T, nearest first (sphere_index.c). */
size_t g_subjects(const mh_graph *g, const uint32_t *nodes, size_t nn, mh_time t, const gsph **out, size_t max);
/* The covered persons and the home organisation (covered.c). */
mh_status g_covered_find(mh_graph *g, const char *home_org, mh_err *e);
/* Event adjacency for paths and exports (built once). */
mh_status g_event_adj(mh_graph *g, mh_err *e);
/* Counterparty and subject rendering of one event into B (enrich.c). */
bool g_event_render(mh_graph *g, const gevent *ev, mh_buf *b, mh_graph_subject *subj, size_t *nsubj);
/* An activity event with the subject fields added; id and category (if wanted) from
 * the event, in arena A (enrich.c). */
mh_status g_activity_render(mh_graph *g, const char *json, size_t len, mh_time ts, mh_arena *a, mh_buf *out,
                            mh_graph_subject *subj, size_t *nsubj, const char **id, const char **category, mh_err *e);
/* The label for walking tie T from node N. */
static inline const char *g_tie_label(const gtie *t, uint32_t n) { return t->a == n ? t->ab : t->ba; }
static inline uint32_t g_tie_other(const gtie *t, uint32_t n) { return t->a == n ? t->b : t->a; }

#define G_MAX_SUBJECTS 64

#endif
