/* mh_match: recognises watch-listed people and bodies under any spelling, in any script.
 * Names are normalised (NFKD, case folding, marks stripped, tokens by character category),
 * transliterated to Latin with ICU (Han and Hangul also keep their original characters),
 * indexed by name part, phonetic key and birth year, and scored with a weighted edit
 * distance, token alignment and qualifiers (birth date, country, gender, identifiers).
 * docs/match.md explains the method and the weights.
 *
 * Ownership and threads: every object here is created by an _open/_new function and freed
 * by the matching _close/_free. The index copies what it needs from the entities given to
 * mh_match_index_add, so they may be freed right after the call. Building an index
 * (mh_match_index_add, mh_match_index_build) is single-threaded; a built index is
 * read-only and may be searched from any number of threads at once, each through its
 * own mh_match_searcher. A normaliser (mh_match_norm) and a searcher hold ICU
 * transliterators and scratch memory: use each from one thread at a time. Hits returned
 * by a search point into the index and the searcher and stay valid until the searcher's
 * next search or until either is freed. */
#ifndef MH_MATCH_H
#define MH_MATCH_H

#include "molehunt/mh_core.h"
#include "molehunt/mh_model.h"

/* Default thresholds: a score at or above FLAG raises a flag; at or above SHOW is listed. */
#define MH_MATCH_FLAG 0.70
#define MH_MATCH_SHOW 0.50

/* ---- the explanation every score carries ---- */

/* How a qualifier compared. UNKNOWN: one side lacks it, so it did not count. */
typedef enum {
    MH_MATCH_Q_UNKNOWN = 0,
    MH_MATCH_Q_MATCH,    /* agrees: raises the score */
    MH_MATCH_Q_NEAR,     /* close but not equal (birth year off by one, same year other day) */
    MH_MATCH_Q_MISMATCH  /* disagrees: lowers the score */
} mh_match_qual;

typedef struct mh_match_features {
    double name;              /* name similarity in [0,1], before qualifiers */
    double family;            /* similarity of the family names when one side marks it, else -1 */
    double weakest;           /* lowest similarity among the aligned name parts (1 when exact) */
    int parts_matched;        /* name parts aligned on the shorter side */
    int parts_unmatched;      /* name parts left over on either side (middle names discounted) */
    bool order_swap;          /* parts aligned in another order ("Jianguo Wang" ~ "Wang Jianguo") */
    bool merged;              /* parts joined or split ("jianguo" ~ "jian guo") */
    bool initials;            /* an initial stood for a name part */
    bool nickname;            /* a nickname stood for a given name (Sasha ~ Aleksandr) */
    bool acronym;             /* an acronym stood for a body's name (FSB ~ Federalnaya Sluzhba B.) */
    bool transliterated;      /* a side was written in a non-Latin script */
    mh_match_qual original;   /* both sides in Han/Hangul: same characters (MISMATCH: homophones) */
    mh_match_qual birth_date;
    mh_match_qual country;
    mh_match_qual gender;
    mh_match_qual identifier;
    mh_match_qual schema;     /* MISMATCH: a person against a body; the score is then 0 */
    double adjust;            /* the sum the qualifiers added to the name score */
} mh_match_features;

/* "match", "near", "mismatch" or "unknown". */
const char *mh_match_qual_name(mh_match_qual q);
/* Appends the features as a JSON object ({"name":0.93,"order_swap":true,...}). */
bool mh_match_features_json(const mh_match_features *f, mh_buf *out);

/* ---- normalisation and direct comparison ---- */

typedef struct mh_match_norm mh_match_norm;

mh_status mh_match_norm_open(mh_match_norm **out, mh_err *e);
void mh_match_norm_close(mh_match_norm *n);

/* Appends NAME's normalised form to out: lower-case ASCII name parts separated by single
 * spaces, Han/Hangul as pinyin/romanisation with the family name first and the given name
 * joined ("王建国" -> "wang jianguo"). MH_E_INPUT for invalid UTF-8 or a name over 4 KiB. */
mh_status mh_match_norm_text(mh_match_norm *n, const char *name, size_t len, mh_buf *out, mh_err *e);

/* The phonetic key of one normalised name part (a consonant skeleton, at most 7 bytes +
 * NUL); returns its length. Exposed for tests and for other modules' blocking. */
size_t mh_match_phonetic(const char *part, size_t len, char out[8]);

/* Scores two names against each other (no qualifiers): *score in [0,1] and, if f is not
 * NULL, the explanation. */
mh_status mh_match_compare(mh_match_norm *n, const char *a, const char *b, double *score,
                           mh_match_features *f, mh_err *e);

/* ---- the candidate index over watch-list entities ---- */

typedef struct mh_match_index mh_match_index;

mh_status mh_match_index_new(mh_match_index **out, mh_err *e);
void mh_match_index_free(mh_match_index *ix);
/* Adds a Person, Organization, Company, PublicBody or LegalEntity (name, alias, firstName,
 * lastName, birthDate, nationality, citizenship, country, gender and identifier
 * properties are read). *added (if given) is false when the entity was skipped: another
 * schema, or no usable name. MH_E_INPUT for a name that is not valid UTF-8. */
mh_status mh_match_index_add(mh_match_index *ix, const mh_entity *ent, bool *added, mh_err *e);
/* Freezes the index for searching; no more adds afterwards. */
mh_status mh_match_index_build(mh_match_index *ix, mh_err *e);
size_t mh_match_index_count(const mh_match_index *ix);

/* ---- searching ---- */

typedef struct mh_match_searcher mh_match_searcher;

mh_status mh_match_searcher_new(const mh_match_index *ix, mh_match_searcher **out, mh_err *e);
void mh_match_searcher_free(mh_match_searcher *s);

typedef struct mh_match_opts {
    double threshold; /* hits below it are dropped; 0 means MH_MATCH_SHOW */
    size_t limit;     /* at most this many hits, best first; 0 means 10 */
    bool exhaustive;  /* keep every candidate to the end instead of dropping those that
                       * can no longer be among the few scored in full: the same hits,
                       * slower; it exists so tests can hold the pruning to that */
} mh_match_opts;

typedef struct mh_match_hit {
    const char *entity_id; /* the watch-list entity */
    const char *schema;    /* its schema */
    const char *name;      /* its name (as written) that scored best */
    double score;          /* in [0,1] */
    mh_match_features features;
} mh_match_hit;

typedef struct mh_match_hits {
    const mh_match_hit *v;
    size_t n;
} mh_match_hits;

/* Matches an entity of the records (a Person against people, a body against bodies)
 * against the index. */
mh_status mh_match_search_entity(mh_match_searcher *s, const mh_entity *ent, const mh_match_opts *o,
                                 mh_match_hits *out, mh_err *e);
/* Matches a bare name; country (ISO alpha-2), birth_date (ISO 8601 prefix) may be NULL. */
mh_status mh_match_search_name(mh_match_searcher *s, const char *name, const char *country,
                               const char *birth_date, const mh_match_opts *o, mh_match_hits *out,
                               mh_err *e);

#endif
