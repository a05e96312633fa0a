/* The match module's private header: the normalised form of a name that the normaliser
 * produces and the scorer and index consume, the transliterator cache inside a
 * normaliser, and the qualifiers an entity carries. Nothing outside src/match sees it. */
#ifndef MH_MATCH_INT_H
#define MH_MATCH_INT_H

#include "molehunt/mh_match.h"

#include <unicode/utrans.h>

#define MM_MAX_TOK 16     /* name parts kept per name */
#define MM_MAX_TOKLEN 48  /* bytes kept per name part */
#define MM_MAX_NAME 4096  /* bytes accepted per name */

enum {
    MM_T_FAMILY = 1,   /* a family name (from lastName, or Han/Hangul order) */
    MM_T_INITIAL = 2,  /* a single letter */
    MM_T_STOP = 4,     /* a particle or legal form: of, the, de, llc, ooo ... */
    MM_T_PATRONYM = 8  /* a Slavic or Turkic patronymic (-ovich, -ovna, -ogly ...) */
};

typedef struct mm_tok {
    const char *s; /* lower-case ASCII letters and digits */
    uint8_t len;
    uint8_t flags;
} mm_tok;

typedef struct mm_name {
    mm_tok tok[MM_MAX_TOK];
    int ntok;
    const char *orig;  /* the name's Han/Hangul characters, UTF-8, no spaces; NULL if none */
    uint16_t orig_len;
    bool translit;     /* some part was transliterated from another script */
} mm_name;

/* ---- transliteration (translit.c): one ICU transliterator per script, opened lazily, and
 * a bounded cache of words already done, so that repeated names cost a hash lookup ---- */

typedef enum {
    MM_SC_LATIN,
    MM_SC_CYRILLIC,
    MM_SC_GREEK,
    MM_SC_ARMENIAN,
    MM_SC_GEORGIAN,
    MM_SC_HANGUL,
    MM_SC_HAN,
    MM_SC_HAN_FAMILY, /* Han read as a surname (单 -> shan, not dan) */
    MM_SC_OTHER,
    MM_SC_HAN_SIMPLIFY, /* Traditional to Simplified, for comparing Han characters */
    MM_SC_COUNT
} mm_script;

typedef struct mm_cache_slot {
    uint64_t h;
    uint32_t key_off, val_off;
    uint16_t key_len, val_len;
    uint8_t script, used;
} mm_cache_slot;

struct mh_match_norm {
    UTransliterator *tr[MM_SC_COUNT];
    mm_cache_slot *slots; /* MM_CACHE_SLOTS entries */
    size_t nused;
    char *pool;           /* keys and values of the cache */
    size_t pool_len, pool_cap;
};

/* Transliterates one word (UTF-8, of script sc) to lower-case Latin (ASCII after
 * Latin-ASCII, apart from what ICU cannot map) into out; returns the length or -1 with e
 * set. */
int mm_translit(mh_match_norm *n, mm_script sc, const char *w, size_t len, char *out, size_t cap, mh_err *e);
void mm_translit_close(mh_match_norm *n);

/* ---- normalisation (normalize.c) ---- */

/* Normalises NAME into out, with token text allocated from a. */
mh_status mm_norm_name(mh_match_norm *n, const char *s, size_t len, mh_arena *a, mm_name *out, mh_err *e);
/* Marks stop words and patronymics (also used for names rebuilt from the index). */
uint8_t mm_tok_class(const char *s, size_t len);

/* ---- scoring (distance.c, nickname.c, align.c, qualify.c) ---- */

/* Weighted Damerau-Levenshtein cost between two name parts (confusables cheap). */
double mm_edit_cost(const char *a, int la, const char *b, int lb);
/* Similarity of two name parts in [0,1]: 0 past the length-dependent budget. */
double mm_token_sim(const char *a, int la, const char *b, int lb);
/* The same, or 0 when it would be under FLOOR (which lets the table stop sooner). */
double mm_token_sim_min(const char *a, int la, const char *b, int lb, double floor);
/* mm_token_sim_min of A against each of B[0..N) (N <= mm_sim_batch_width()) into OUT:
 * the same values, worked out side by side. AGAIN promises that B holds the same parts
 * as in this thread's last call (another A against them): their side of the tables is
 * then used again without being checked. */
#define MM_SIM_BATCH_MAX 16
void mm_token_sim_batch(const char *a, int la, const char *const *b, const uint8_t *lb, int n, double floor,
                        bool again, double *out);
/* How many parts a batch takes on this processor: 16 with AVX2, else 8. */
int mm_sim_batch_width(void);
/* Tests: use WIDTH (8, or 16 where the processor allows) from now on; returns the old. */
int mm_sim_batch_force_width(int width);
/* True when a and b are the same given name in the nickname table (Bill ~ William). */
bool mm_nickname(const char *a, int la, const char *b, int lb);
/* A's entry in the nickname table, or NULL (then mm_nickname(A, ...) is always false);
 * mm_nickname_of(mm_nickname_entry(A), B) is mm_nickname(A, B) with A looked up once, for
 * one part asked against many. */
typedef struct nick_slot mm_nick;
const mm_nick *mm_nickname_entry(const char *a, int la);
bool mm_nickname_of(const mm_nick *x, const char *b, int lb);
/* Part-pair similarities remembered during one search: a query's parts meet the same
 * family and given names (interned in the index, so a pointer names a part) again and
 * again across candidates. Bump gen to forget everything. */
#define MM_SIMCACHE 4096u
typedef struct mm_simcache {
    struct {
        const char *a, *b;
        uint32_t gen;
        float sim;
        uint8_t how;
    } slot[MM_SIMCACHE];
    /* Joined parts ("jian guo" against "jianguo"): the lone part and the two or three
     * parts joined (NULL when two), and which name the lone part is from. */
    struct {
        const char *one, *p[3];
        uint32_t gen;
        uint8_t lone_in_q;
        double sim;
    } join[MM_SIMCACHE];
    uint32_t gen;
} mm_simcache;

/* Name-level score in [0,1] with the name features filled in (f->name etc.). cache may be
 * NULL; when given, q's part text must stay put for the cache's generation and c's part
 * text must be the index's interned copies. */
double mm_name_score(const mm_name *q, const mm_name *c, mh_match_features *f, mm_simcache *cache);
/* Fills CACHE, side by side (mm_token_sim_batch), with the similarities of the parts of
 * the NQ names Q against those of the NC names C that mm_name_score will ask for:
 * scoring them after costs the same answers, in fewer steps. */
void mm_name_prime(const mm_name *q, int nq, const mm_name *c, int nc, mm_simcache *cache);

enum { MM_K_ANY = 0, MM_K_PERSON = 1, MM_K_BODY = 2 };

#define MM_MAX_QUAL 8
typedef struct mm_quals {
    int kind;                    /* MM_K_* */
    int gender;                  /* 0 unknown, 1 male, 2 female, 3 other */
    int ncountries, ndates, nids;
    uint16_t countries[MM_MAX_QUAL];  /* 'c' << 8 | 'n' */
    int32_t date_lo[MM_MAX_QUAL];     /* days since 1970, the span of a date prefix */
    int32_t date_hi[MM_MAX_QUAL];
    const char *ids[MM_MAX_QUAL];     /* upper-case letters and digits only */
    uint8_t id_lens[MM_MAX_QUAL];
} mm_quals;

/* Which kind of name an FtM schema carries, or -1 when the matcher ignores the schema. */
int mm_schema_kind(const char *schema);
/* Parses a country code / date / gender value into q (bad values are ignored). */
void mm_quals_add_country(mm_quals *q, const char *v);
void mm_quals_add_date(mm_quals *q, const char *v);
void mm_quals_set_gender(mm_quals *q, const char *v);
/* Adds an identifier normalised into a (upper-case alphanumerics). */
void mm_quals_add_id(mm_quals *q, const char *v, mh_arena *a);
/* Reads the qualifiers of an entity (strings copied into a). */
void mm_quals_from_entity(const mh_entity *ent, mm_quals *q, mh_arena *a);
/* Combines the name score with the qualifiers: the final score, features filled in. */
double mm_qualify(const mm_quals *q, const mm_quals *c, double name, mh_match_features *f);
/* True when PROP names an identifier property. */
bool mm_is_id_prop(const char *prop);

/* Normalises every name of an entity (name, alias, firstName + lastName). Returns the
 * count written to out (at most max); lastName parts are marked as family names. */
int mm_entity_names(mh_match_norm *n, const mh_entity *ent, mh_arena *a, mm_name *out, const char **raw,
                    int max, mh_err *e);

#endif
