/* The candidate index's layout, shared by the file that builds it (index.c) and the ones
 * that search it (candidates.c, search.c). Everything is flat arrays addressed by 32-bit
 * offsets, so a million entities cost a few allocations, not millions. */
#ifndef MH_MATCH_INDEX_INT_H
#define MH_MATCH_INDEX_INT_H

#include "match_int.h"

typedef struct ix_ent {
    uint32_t id_off;     /* entity id in strs */
    uint32_t name_lo;    /* first of its names in names[] */
    uint32_t qual_off;   /* its qualifiers in quals[] (see index.c: qual_put) */
    uint16_t nnames;
    int16_t birth_year;  /* 0 when unknown */
    uint8_t schema;      /* index into mm_schemas */
    uint8_t kind;        /* MM_K_* */
} ix_ent;

typedef struct ix_name {
    uint32_t tok_lo;     /* first of its parts in ntoks[] / nflags[] */
    uint32_t orig_off;   /* Han/Hangul characters in strs (orig_len bytes) */
    uint32_t raw_off;    /* the name as written, NUL-terminated, in strs */
    uint16_t orig_len;
    uint8_t ntok;
    uint8_t translit;
} ix_name;

typedef struct ix_key {
    uint64_t key;        /* 0 = empty slot */
    uint32_t off, len;   /* postings[off .. off+len) */
} ix_key;

typedef struct ix_pair {
    uint64_t key;
    uint32_t ent;
} ix_pair;

#define IX_VEC(T) struct { T *v; size_t n, cap; }

struct mh_match_index {
    mh_match_norm *norm;   /* used while building only */
    mh_arena tmp;          /* per add, reset each time */
    IX_VEC(ix_ent) ents;
    IX_VEC(ix_name) names;
    IX_VEC(uint32_t) ntoks;  /* dictionary ids of name parts */
    IX_VEC(uint8_t) nflags;  /* MM_T_* of name parts */
    IX_VEC(char) strs;       /* ids, raw names, originals, dictionary text, identifiers */
    IX_VEC(uint8_t) quals;
    /* dictionary of distinct name parts */
    IX_VEC(uint32_t) dict_off;
    IX_VEC(uint8_t) dict_len;
    uint32_t *dict_slots;    /* open addressing: dictionary id + 1, 0 empty */
    size_t dict_cap;
    /* keys while building, then the frozen inverted index */
    IX_VEC(ix_pair) pairs;
    ix_key *keys;
    size_t key_cap;
    uint32_t *postings;
    size_t npostings;
    uint16_t *meta;          /* per entity, built with the postings: see ix_meta */
    /* The frequent keys' postings again as bitmaps over entity numbers (bm_words words
     * each): such a key only adds weight to the candidates rarer keys found, and testing
     * each candidate's bit costs a few hundred reads where walking its postings cost
     * thousands (docs/match.md, "Candidate search"). */
    uint64_t *bitmaps;
    size_t bm_words;
    ix_key *bm_keys;         /* open addressing: key, off = bitmap number */
    size_t bm_cap;
    bool built;
};

extern const char *const mm_schemas[];

/* Key kinds, mixed into the hash so the three spaces never collide. */
#define IX_SEED_PART 0x7061727431ull
#define IX_SEED_PHON 0x70686f6e32ull
#define IX_SEED_ORIG 0x6f72696733ull

static inline uint64_t ix_key_of(uint64_t seed, const char *s, size_t n)
{
    uint64_t k = mh_hash64(s, n, seed);
    return k ? k : 1;
}

/* An entity's kind and birth year in two bytes, so that ranking candidates reads a 2 MB
 * table per million entities, not the 16 MB one of whole entries. */
#define IX_META_KIND(m) ((int)((m) >> 14))
#define IX_META_YEAR(m) ((int)((m) & 0x3fff)) /* 0 when unknown */
static inline uint16_t ix_meta(const ix_ent *en)
{
    int y = en->birth_year > 0 && en->birth_year <= 0x3fff ? en->birth_year : 0;
    return (uint16_t)((unsigned)en->kind << 14 | (unsigned)y);
}

/* A key on more postings than this is "frequent" (see candidates.c); N = entities. */
static inline size_t ix_frequent(size_t n) { return MH_MAX((size_t)1000, n / 200); }

/* The postings of a key, or NULL (then *len = 0). */
const uint32_t *ix_lookup(const mh_match_index *ix, uint64_t key, uint32_t *len);
/* Asks for the line ix_lookup will read first for KEY. */
static inline void ix_lookup_prefetch(const mh_match_index *ix, uint64_t key)
{
    if (ix->key_cap) __builtin_prefetch(&ix->keys[key & (ix->key_cap - 1)], 0, 0);
}
/* A frequent key's bitmap (bit e of word e/64 set when entity e is on its postings), or
 * NULL when the key is not frequent. */
const uint64_t *ix_bitmap(const mh_match_index *ix, uint64_t key);
/* Frees the bitmaps, so that frequent keys are walked as postings again; returns how many
 * there were. Used when there is no memory for them, and by tests, which hold the two ways
 * to one result. */
size_t mm_index_drop_bitmaps(mh_match_index *ix);
/* Rebuilds a stored name for the scorer (part text points into the index). */
void ix_name_get(const mh_match_index *ix, uint32_t name, mm_name *out);
/* Reads an entity's stored qualifiers (identifier text points into the index). */
void ix_quals_get(const mh_match_index *ix, uint32_t ent, mm_quals *q);
#define IX_SEED_AFFIX 0x6166667834ull

/* ---- the candidate step (candidates.c) ---- */

#define MM_TOP_K 32 /* candidates scored in full per query */
typedef struct mm_cand {
    uint32_t ent; /* entity number */
    float w;      /* its tally */
} mm_cand;
/* A searcher's working buffers for the candidate step (about 256 kB); not shared
 * between threads. */
typedef struct mm_candset mm_candset;
mm_candset *mm_candset_new(void); /* NULL when out of memory */
void mm_candset_free(mm_candset *c);
/* The at most MM_TOP_K heaviest candidates for the query names QN (their kind and birth
 * year from QQ) into OUT, in entity order (every one is scored, and the hits are sorted
 * after); returns how many. EXHAUSTIVE keeps every
 * candidate to the end (mh_match_opts.exhaustive). */
int mm_candidates(mm_candset *c, const mh_match_index *ix, const mm_name *qn, int nq, const mm_quals *qq,
                  bool exhaustive, mm_cand *out);

/* The keys a normalised name is found under; returns how many were written (<= max).
 * slot (if not NULL) receives, per key, the name part it came from (joined parts count
 * as the first of them), so a search can count each part once. */
int ix_name_keys(const mm_name *nm, uint64_t *out, uint8_t *slot, int max);

#endif
