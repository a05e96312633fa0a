/* mh_model: the record model — FtM schemata and molehunt's extension schemata, their
 * properties and property types — and the in-memory entity every module passes around.
 *
 * Ownership: the schema tables are static. An mh_entity never owns its strings: whoever
 * produced it (a parser's arena, a store cursor) keeps them alive for the call. */
#ifndef MH_MODEL_H
#define MH_MODEL_H

#include "molehunt/mh_core.h"

typedef enum {
    MH_PT_STRING,  /* free text, names */
    MH_PT_ENTITY,  /* a reference to another entity's id */
    MH_PT_DATE,    /* ISO 8601 date or prefix */
    MH_PT_AMOUNT,  /* decimal string */
    MH_PT_COUNTRY, /* ISO 3166-1 alpha-2, lower case */
    MH_PT_TOPIC,   /* FtM topic */
    MH_PT_ENUM,    /* one of a fixed list */
    MH_PT_NUMBER   /* integer or decimal */
} mh_ptype;

/* What role a schema plays in the graph. */
typedef enum {
    MH_SK_THING,       /* a node: Person, Organization, UserAccount, Device, ... */
    MH_SK_TIE,         /* a lasting edge: Family, Associate, Employment, ... */
    MH_SK_INTERACTION, /* a dated edge: Payment, Benefit, Email, Trip, ... */
    MH_SK_RECORD       /* other records: Disclosure, Clearance, Interview, Sanction, ... */
} mh_schema_kind;

typedef struct mh_propdef {
    const char *name;
    mh_ptype type;
    const char *const *enum_vals; /* MH_PT_ENUM: NULL-terminated list */
} mh_propdef;

typedef struct mh_schema {
    const char *name;
    mh_schema_kind kind;
    const mh_propdef *props; /* terminated by {0} */
    const char *from, *to;   /* ties and interactions: the two ends' properties */
    const char *date;        /* the property giving the record's date (or start), or NULL */
    const char *end_date;    /* the property ending a tie's validity, or NULL */
    bool extension;          /* molehunt's insider-risk schemata, not FtM's */
} mh_schema;

const mh_schema *mh_model_schema(const char *name, size_t len);
const mh_propdef *mh_model_prop(const mh_schema *s, const char *name, size_t len);
/* All schemata, NULL-terminated, for documentation and tests. */
const mh_schema *const *mh_model_schemata(void);

typedef struct mh_prop {
    const char *name;
    const char **vals;
    size_t nvals;
} mh_prop;

typedef struct mh_entity {
    const char *id;
    const char *schema;
    mh_prop *props;
    size_t nprops;
} mh_entity;

/* The property NAME of an entity, or NULL. */
const mh_prop *mh_entity_prop(const mh_entity *e, const char *name);
/* Its first value, or NULL. */
const char *mh_entity_first(const mh_entity *e, const char *name);
/* True when property NAME holds VALUE. */
bool mh_entity_has(const mh_entity *e, const char *name, const char *value);

#endif
