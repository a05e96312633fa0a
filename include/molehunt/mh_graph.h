/* mh_graph: the people, bodies, accounts and devices of the records as an in-memory graph
 * with time-bounded ties and dated interactions; the covered persons and their spheres
 * (who is within reach of whom, as of a date, and by which path); the enrichment of every
 * interaction, dated record and activity event with `subject.ids`, `subject.path` and
 * counterparty flags; shortest paths; and exports for graph tools. docs/graph.md explains
 * the model and the default reach.
 *
 * Ownership: mh_graph_new/mh_graph_load give a graph the caller frees with mh_graph_free.
 * mh_graph_add copies everything it keeps from the entity. Strings handed out (ids,
 * names, paths, event JSON) belong to the graph or to the call and are valid until the
 * graph is freed or, for callback arguments, until the callback returns. */
#ifndef MH_GRAPH_H
#define MH_GRAPH_H

#include <stdio.h>

#include "molehunt/mh_core.h"
#include "molehunt/mh_model.h"
#include "molehunt/mh_store.h"

typedef struct mh_graph mh_graph;

/* ---- reach: which ties a sphere follows, and how far ---- */

typedef struct mh_graph_reach_rule {
    const char *schema;               /* a tie schema: "Family", "Associate", "Ownership", ... */
    const char *const *relationships; /* NULL-terminated; NULL = any relationship */
} mh_graph_reach_rule;

typedef struct mh_graph_reach {
    int depth;                       /* hops from the covered person (default 2) */
    const mh_graph_reach_rule *rules; /* terminated by {0} */
    size_t max_fanout;               /* a node with more ties than this is reached but not
                                        crossed (0 = no limit; default 200) */
} mh_graph_reach;

/* Family (any relationship) and close Associates (friend, romantic, close, associate,
 * partner, landlord, tenant, roommate, ...), depth 2, fan-out 200. */
const mh_graph_reach *mh_graph_reach_default(void);
/* Parses "Family,Associate:friend|romantic,Ownership" into *out (strings in arena A);
 * depth and fan-out are taken from the default. */
mh_status mh_graph_reach_parse(const char *spec, mh_arena *a, mh_graph_reach *out, mh_err *e);
/* The label of the tie seen from the other end: "son" -> "parent", "landlord" -> "tenant".
 * Unknown labels give "relative" for Family and "associate" for Associate; NULL schema
 * means look the label up in every table. */
const char *mh_graph_inverse_label(const char *schema, const char *label);

/* ---- watch-list matching: a pluggable step (mh_match provides one) ---- */

typedef struct mh_graph_watch_hit {
    double score;       /* 0..1 */
    const char *entity; /* the watch-list entity's id (copied by the graph) */
} mh_graph_watch_hit;
/* Fills *hit and returns true when PARTY matches a watch-list entry. Called at most once
 * per counterparty entity; results are cached. */
typedef bool (*mh_graph_watch_fn)(void *ctx, const mh_entity *party, mh_graph_watch_hit *hit);

typedef struct mh_graph_opts {
    const char *home_org;        /* id of the home organisation; NULL: the body tagged molehunt.home */
    const mh_graph_reach *reach; /* for the sphere index and enrichment; NULL = default */
    mh_graph_watch_fn watch;     /* optional */
    void *watch_ctx;
    bool no_index;               /* skip the inverted sphere index (sphere, path and export
                                    queries do not need it; subjects and enrichment do) */
} mh_graph_opts;

/* ---- building ---- */

mh_graph *mh_graph_new(void); /* NULL when out of memory */
/* Adds one entity of any schema (things become nodes, ties edges, interactions and dated
 * records events). Order does not matter; an id seen twice merges its ties. */
mh_status mh_graph_add(mh_graph *g, const mh_entity *ent, mh_err *e);
/* Freezes the graph: adjacency, the home organisation, covered persons and the inverted
 * sphere index. Called once, after the last mh_graph_add. */
mh_status mh_graph_finish(mh_graph *g, const mh_graph_opts *o, mh_err *e);
/* mh_graph_new + every stored entity + mh_graph_finish. */
mh_status mh_graph_load(mh_store *s, const mh_graph_opts *o, mh_graph **out, mh_err *e);
void mh_graph_free(mh_graph *g);

typedef struct mh_graph_stats {
    size_t nodes, ties, events, covered;
    size_t sphere_entries; /* (node, covered person, path, interval) rows of the index */
    size_t undated;        /* interactions and records with no usable date (not events) */
    size_t hubs;           /* nodes not crossed because of max_fanout */
} mh_graph_stats;
void mh_graph_stats_get(const mh_graph *g, mh_graph_stats *st);
/* The home organisation's id, or NULL when none was named or tagged. When none is named,
 * every body tagged molehunt.home is a home (this returns the first by id). */
const char *mh_graph_home(const mh_graph *g);
bool mh_graph_is_home(const mh_graph *g, const char *id);
bool mh_graph_has(const mh_graph *g, const char *id);
bool mh_graph_is_covered(const mh_graph *g, const char *id);
/* Calls fn with each covered person's id, in id order; non-zero from fn stops. */
void mh_graph_covered_each(const mh_graph *g, int (*fn)(void *ctx, const char *id), void *ctx);

/* ---- spheres ---- */

typedef struct mh_graph_member {
    const char *id, *name, *schema; /* name/schema NULL when the entity was only referenced */
    const char *path;               /* "self", "son", "son>landlord" */
    int depth;
    mh_time lo, hi;                 /* when the whole path holds (MH_TIME_NONE: open) */
} mh_graph_member;
typedef int (*mh_graph_member_fn)(void *ctx, const mh_graph_member *m);

/* The sphere of PERSON as of AS_OF (MH_TIME_NONE: ties of any date): a breadth-first walk
 * over ties in REACH (NULL: the graph's) valid at AS_OF, nearest first, the person first. */
mh_status mh_graph_sphere(const mh_graph *g, const char *person, mh_time as_of, const mh_graph_reach *reach,
                          mh_graph_member_fn fn, void *ctx, mh_err *e);

typedef struct mh_graph_subject {
    const char *id;   /* the covered person */
    const char *path; /* how the participant is reached from them */
    int depth;
} mh_graph_subject;
/* The covered persons whose sphere holds any of the entities IDS at time T, nearest first,
 * one per person; by lookup in the inverted index (no walk). Returns how many were found
 * (at most MAX written). */
size_t mh_graph_subjects(const mh_graph *g, const char *const *ids, size_t nids, mh_time t, mh_graph_subject *out,
                         size_t max);

/* ---- paths ---- */

typedef struct mh_graph_hop {
    const char *from, *to; /* entity ids, in walking order */
    const char *label;     /* "son", "employer", "payment" ... as seen from `from` */
    const char *schema;    /* the tie's or interaction's schema */
    const char *edge_id;   /* the record that makes the link */
    mh_time lo, hi;        /* validity (ties) or date (interactions) */
} mh_graph_hop;
typedef int (*mh_graph_hop_fn)(void *ctx, const mh_graph_hop *h);

/* A shortest path from A to B over ties (and interactions when WITH_EVENTS), valid at
 * AS_OF when given, at most MAX_DEPTH hops; fn gets each hop in order. MH_E_NOTFOUND
 * when an id is unknown or no path exists. */
mh_status mh_graph_path(mh_graph *g, const char *a, const char *b, mh_time as_of, bool with_events, int max_depth,
                        mh_graph_hop_fn fn, void *ctx, mh_err *e);

/* ---- enrichment ---- */

typedef struct mh_graph_event {
    mh_time ts;
    const char *id;       /* event.id */
    const char *category; /* event.category */
    const char *json;     /* the enriched event, one JSON object, no newline */
    size_t len;
    const mh_graph_subject *subjects;
    size_t nsubjects;
} mh_graph_event;
typedef int (*mh_graph_event_fn)(void *ctx, const mh_graph_event *ev);

/* Streams every enriched event with FROM <= ts <= TO (MH_TIME_NONE: open) in time order:
 * the graph's interactions and dated records, merged with the store's activity events
 * when S is given. fn returning non-zero stops (not an error). */
mh_status mh_graph_enrich_each(mh_graph *g, mh_store *s, mh_time from, mh_time to, mh_graph_event_fn fn, void *ctx,
                               mh_err *e);
/* Enriches one activity event (ECS JSON) through user.id -> UserAccount(username).owner (or
 * a Person's email) -> Person: OUT receives the event with subject.ids and subject.path
 * added. */
mh_status mh_graph_enrich_activity(mh_graph *g, const char *json, size_t len, mh_time ts, mh_buf *out, mh_err *e);
/* Writes enriched events as NDJSON to F; *count (if given) receives how many. */
mh_status mh_graph_enrich_write(mh_graph *g, mh_store *s, mh_time from, mh_time to, FILE *f, size_t *count,
                                mh_err *e);

/* ---- export ---- */

typedef enum { MH_GRAPH_GRAPHML, MH_GRAPH_GEXF, MH_GRAPH_CYJS } mh_graph_format;
/* "graphml", "gexf", "cytoscape-json"; false when NAME is none of them. */
bool mh_graph_format_parse(const char *name, mh_graph_format *out);
/* Writes the graph (or the part within DEPTH hops of AROUND, over ties and interactions)
 * to F. Ties carry their validity, interactions their date. */
mh_status mh_graph_export(mh_graph *g, mh_graph_format fmt, const char *around, int depth, FILE *f, mh_err *e);

#endif
