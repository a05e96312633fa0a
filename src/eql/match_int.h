/* The matcher's private structures, shared by matcher.c (the public entry points, event
 * queries), pipes.c (the pipes), event.c (the event being pushed), keys.c (join keys),
 * seq.c (sequences) and sample.c (samples).
 * Everything here belongs to one matcher; nothing is shared between matchers. */
#ifndef EQL_MATCH_INT_H
#define EQL_MATCH_INT_H

#include "eql_int.h"

/* A kept copy of an event's text, shared by reference count between the pending
 * sequences and samples that hold it. */
typedef struct ev_copy {
    uint32_t rc;
    uint32_t len;
    mh_time ts;
    uint64_t tb;
    char json[];
} ev_copy;

/* The join keys of one event at one step: every combination of the key values. */
#define EQL_MAX_KEYS 32
typedef struct eql_keyset {
    uint32_t ncombos;
    struct {
        const char *bytes; /* canonical encoding, used for hashing and equality */
        size_t len;
        uint64_t hash;
    } *combos;
} eql_keyset;

typedef struct seq_state seq_state;
typedef struct sample_state sample_state;
typedef struct pipe_state pipe_state;

struct mh_eql_matcher {
    const mh_eql_query *q;
    mh_eql_result_fn fn;
    void *ctx;
    size_t max_mem;
    mh_eql_stats st;
    mh_arena scratch; /* per pushed event */
    bool done;
    bool have_last;
    mh_time last_ts, now;
    uint64_t last_tb;
    const mh_eql_event *cur; /* the event being pushed */
    ev_copy *cur_copy;       /* its copy, made on first need */
    pipe_state *pipes;
    seq_state *seq;
    sample_state *sample;
};

/* memory accounting */
static inline void eql_mem_add(mh_eql_matcher *m, size_t n)
{
    m->st.memory += n;
    if (m->st.memory > m->st.peak_memory) m->st.peak_memory = m->st.memory;
}
static inline void eql_mem_sub(mh_eql_matcher *m, size_t n) { m->st.memory -= n < m->st.memory ? n : m->st.memory; }

/* The current event's copy (made once, then shared); NULL when out of memory. */
ev_copy *eql_cur_copy(mh_eql_matcher *m);
void eql_copy_ref(ev_copy *c);
void eql_copy_unref(mh_eql_matcher *m, ev_copy *c);

/* Delivers a result through the pipes (head/tail/filter/unique/sort) to the callback. */
void eql_emit(mh_eql_matcher *m, const mh_eql_result *r, const mh_jv *doc);
/* The pipes' state for query Q (NULL when out of memory); at the end of the stream, the
 * results tail and sort kept, delivered; and freed with whatever is still kept. */
pipe_state *eql_pipes_new(const mh_eql_query *q);
void eql_pipes_finish(mh_eql_matcher *m);
void eql_pipes_free(mh_eql_matcher *m);

/* Join keys of DOC for the query-level keys plus STEP's keys. False when a required key is
 * null or missing (the event cannot join). Values and bytes live in the scratch arena. */
bool eql_keys_of(mh_eql_matcher *m, const eql_step *step, const mh_jv *doc, eql_keyset *out);
/* The JSON texts of an encoded key's N values, in one malloc'd block (*bytes: its size). */
mh_str *eql_keys_render(const char *key, size_t len, uint32_t n, size_t *bytes);
/* Orders two encoded keys value by value (samples are reported in key order). */
int eql_keys_cmp(const char *a, size_t an, const char *b, size_t bn);

/* The per-key state of sequences and samples (keytab.c). An eql_keyent is embedded first
 * in the caller's struct; the table owns the key copies, the caller its structs. */
typedef struct eql_keyent {
    uint64_t hash;
    char *key; /* the encoded key (eql_keys_of), a copy */
    uint32_t keylen;
    struct eql_keyent *hnext;
} eql_keyent;
typedef struct eql_keytab {
    eql_keyent **buckets;
    size_t nbuckets, n;
} eql_keytab;
bool eql_keytab_init(eql_keytab *t); /* false when out of memory */
eql_keyent *eql_keytab_find(const eql_keytab *t, const char *key, size_t len, uint64_t h);
/* Links E in under a copy of KEY; false (E untouched) when out of memory. */
bool eql_keytab_add(eql_keytab *t, eql_keyent *e, const char *key, size_t len, uint64_t h);
/* Unlinks E and frees its key copy. */
void eql_keytab_remove(eql_keytab *t, eql_keyent *e);
void eql_keytab_free(eql_keytab *t); /* the table only: entries are the caller's */

bool eql_step_match(mh_eql_matcher *m, const eql_step *s, const mh_jv *doc);

/* sequences */
seq_state *eql_seq_new(mh_eql_matcher *m);
mh_status eql_seq_push(mh_eql_matcher *m, seq_state *s, const mh_jv *doc, mh_err *e);
void eql_seq_clock(mh_eql_matcher *m, seq_state *s, mh_time now);
void eql_seq_finish(mh_eql_matcher *m, seq_state *s);
void eql_seq_free(mh_eql_matcher *m, seq_state *s);

/* samples */
sample_state *eql_sample_new(mh_eql_matcher *m);
mh_status eql_sample_push(mh_eql_matcher *m, sample_state *s, const mh_jv *doc, mh_err *e);
void eql_sample_finish(mh_eql_matcher *m, sample_state *s);
void eql_sample_free(mh_eql_matcher *m, sample_state *s);

#endif
