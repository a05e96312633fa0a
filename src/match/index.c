/* Building the candidate index. Each watch-list entity's names are normalised once; their
 * parts go into a dictionary (a part is stored once however many names use it), and the
 * entity is filed under keys: each part, each part's phonetic key, each pair of adjacent
 * parts joined (so "jian guo" is found by "jianguo"), and its Han/Hangul characters.
 * Birth year, country, gender and identifiers are kept beside it for the scorer. At
 * build time the (key, entity) pairs are radix-sorted into one postings array with an
 * open-addressing table of keys, after which the index is read-only. */
#include "index_int.h"

#include <stdlib.h>
#include <string.h>

const char *const mm_schemas[] = {"Person", "Organization", "Company", "PublicBody", "LegalEntity", NULL};

#define MAX_NAMES 16
#define MAX_KEYS 128

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return true;
    size_t c = *cap ? *cap : 64;
    while (c < need) c *= 2;
    void *np = realloc(*p, c * elem);
    if (!np) return false;
    *p = np;
    *cap = c;
    return true;
}
#define VEC_PUSH(vec, val) \
    (grow((void **)&(vec).v, &(vec).cap, (vec).n + 1, sizeof *(vec).v) ? ((vec).v[(vec).n++] = (val), true) : false)

mh_status mh_match_index_new(mh_match_index **out, mh_err *e)
{
    mh_match_index *ix = calloc(1, sizeof *ix);
    if (!ix) return mh_err_set(e, MH_E_NOMEM, "out of memory creating a match index");
    mh_status rc = mh_match_norm_open(&ix->norm, e);
    if (rc != MH_OK) {
        free(ix);
        return rc;
    }
    mh_arena_init(&ix->tmp, 16384);
    if (!VEC_PUSH(ix->strs, '\0')) {
        mh_match_index_free(ix);
        return mh_err_set(e, MH_E_NOMEM, "out of memory creating a match index");
    }
    *out = ix;
    return MH_OK;
}

void mh_match_index_free(mh_match_index *ix)
{
    if (!ix) return;
    mh_match_norm_close(ix->norm);
    mh_arena_free(&ix->tmp);
    free(ix->ents.v);
    free(ix->names.v);
    free(ix->ntoks.v);
    free(ix->nflags.v);
    free(ix->strs.v);
    free(ix->quals.v);
    free(ix->dict_off.v);
    free(ix->dict_len.v);
    free(ix->dict_slots);
    free(ix->pairs.v);
    free(ix->keys);
    free(ix->postings);
    free(ix->meta);
    free(ix->bitmaps);
    free(ix->bm_keys);
    free(ix);
}

size_t mh_match_index_count(const mh_match_index *ix) { return ix->ents.n; }

/* Appends bytes (plus a NUL) to the string pool; 0 on failure (offset 0 is the empty string). */
static uint32_t str_put(mh_match_index *ix, const char *s, size_t n)
{
    if (ix->strs.n + n + 1 > UINT32_MAX) return 0;
    if (!grow((void **)&ix->strs.v, &ix->strs.cap, ix->strs.n + n + 1, 1)) return 0;
    uint32_t off = (uint32_t)ix->strs.n;
    memcpy(ix->strs.v + off, s, n);
    ix->strs.v[off + n] = '\0';
    ix->strs.n += n + 1;
    return off;
}

static bool dict_grow(mh_match_index *ix)
{
    size_t cap = ix->dict_cap ? ix->dict_cap * 2 : 4096;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots) return false;
    for (size_t i = 0; i < ix->dict_cap; i++) {
        uint32_t id = ix->dict_slots[i];
        if (!id) continue;
        const char *s = ix->strs.v + ix->dict_off.v[id - 1];
        size_t h = mh_hash64(s, ix->dict_len.v[id - 1], 11) & (cap - 1);
        while (slots[h]) h = (h + 1) & (cap - 1);
        slots[h] = id;
    }
    free(ix->dict_slots);
    ix->dict_slots = slots;
    ix->dict_cap = cap;
    return true;
}

/* The dictionary id of a part, added if new; UINT32_MAX when out of memory. */
static uint32_t dict_id(mh_match_index *ix, const char *s, uint8_t len)
{
    if ((ix->dict_off.n + 1) * 2 > ix->dict_cap && !dict_grow(ix)) return UINT32_MAX;
    size_t h = mh_hash64(s, len, 11) & (ix->dict_cap - 1);
    for (; ix->dict_slots[h]; h = (h + 1) & (ix->dict_cap - 1)) {
        uint32_t id = ix->dict_slots[h] - 1;
        if (ix->dict_len.v[id] == len && memcmp(ix->strs.v + ix->dict_off.v[id], s, len) == 0) return id;
    }
    uint32_t off = str_put(ix, s, len);
    if (!off || !VEC_PUSH(ix->dict_off, off) || !VEC_PUSH(ix->dict_len, len)) return UINT32_MAX;
    uint32_t id = (uint32_t)ix->dict_off.n - 1;
    ix->dict_slots[h] = id + 1;
    return id;
}

int ix_name_keys(const mm_name *nm, uint64_t *out, uint8_t *slot, int max)
{
    int k = 0;
    char ph[8], buf[2 * MM_MAX_TOKLEN];
    bool any = false;
    for (int i = 0; i < nm->ntok; i++)
        if (!(nm->tok[i].flags & (MM_T_STOP | MM_T_INITIAL))) any = true;
#define KEY(v, sl)                          \
    do {                                    \
        if (slot) slot[k] = (uint8_t)(sl); \
        out[k++] = (v);                     \
    } while (0)
    for (int i = 0; i < nm->ntok && k + 6 <= max; i++) {
        const mm_tok *t = &nm->tok[i];
        if (any && (t->flags & (MM_T_STOP | MM_T_INITIAL))) continue;
        KEY(ix_key_of(IX_SEED_PART, t->s, t->len), i);
        size_t pl = mh_match_phonetic(t->s, t->len, ph);
        if (pl) KEY(ix_key_of(IX_SEED_PHON, ph, pl), i);
        /* A slip inside a long part leaves its start or its end intact. */
        if (t->len >= 6) {
            KEY(ix_key_of(IX_SEED_AFFIX, t->s, 4), i);
            KEY(ix_key_of(IX_SEED_AFFIX + 1, t->s + t->len - 4, 4), i);
        }
        if (i + 1 < nm->ntok && !((t->flags | nm->tok[i + 1].flags) & (MM_T_STOP | MM_T_INITIAL))) {
            const mm_tok *u = &nm->tok[i + 1];
            memcpy(buf, t->s, t->len);
            memcpy(buf + t->len, u->s, u->len);
            size_t bl = (size_t)t->len + u->len;
            KEY(ix_key_of(IX_SEED_PART, buf, bl), i);
            pl = mh_match_phonetic(buf, MH_MIN(bl, (size_t)MM_MAX_TOKLEN), ph);
            if (pl) KEY(ix_key_of(IX_SEED_PHON, ph, pl), i);
        }
    }
    if (nm->orig && k < max) KEY(ix_key_of(IX_SEED_ORIG, nm->orig, nm->orig_len), MM_MAX_TOK);
#undef KEY
    return k;
}

/* Qualifiers as bytes: gender, counts, then countries, date spans and identifiers. */
static bool qual_put(mh_match_index *ix, const mm_quals *q, uint32_t *off)
{
    uint8_t b[5 + MM_MAX_QUAL * (2 + 8 + 5)];
    size_t n = 0;
    b[n++] = (uint8_t)q->gender;
    b[n++] = (uint8_t)q->ncountries;
    b[n++] = (uint8_t)q->ndates;
    b[n++] = (uint8_t)q->nids;
    for (int i = 0; i < q->ncountries; i++) { memcpy(b + n, &q->countries[i], 2); n += 2; }
    for (int i = 0; i < q->ndates; i++) {
        memcpy(b + n, &q->date_lo[i], 4);
        memcpy(b + n + 4, &q->date_hi[i], 4);
        n += 8;
    }
    for (int i = 0; i < q->nids; i++) {
        uint32_t so = str_put(ix, q->ids[i], q->id_lens[i]);
        if (!so) return false;
        memcpy(b + n, &so, 4);
        b[n + 4] = q->id_lens[i];
        n += 5;
    }
    if (ix->quals.n + n > UINT32_MAX || !grow((void **)&ix->quals.v, &ix->quals.cap, ix->quals.n + n, 1)) return false;
    *off = (uint32_t)ix->quals.n;
    memcpy(ix->quals.v + ix->quals.n, b, n);
    ix->quals.n += n;
    return true;
}

void ix_quals_get(const mh_match_index *ix, uint32_t ent, mm_quals *q)
{
    const ix_ent *en = &ix->ents.v[ent];
    const uint8_t *b = ix->quals.v + en->qual_off;
    memset(q, 0, sizeof *q);
    q->kind = en->kind;
    q->gender = b[0];
    q->ncountries = b[1];
    q->ndates = b[2];
    q->nids = b[3];
    size_t n = 4;
    for (int i = 0; i < q->ncountries; i++) { memcpy(&q->countries[i], b + n, 2); n += 2; }
    for (int i = 0; i < q->ndates; i++) {
        memcpy(&q->date_lo[i], b + n, 4);
        memcpy(&q->date_hi[i], b + n + 4, 4);
        n += 8;
    }
    for (int i = 0; i < q->nids; i++) {
        uint32_t so;
        memcpy(&so, b + n, 4);
        q->ids[i] = ix->strs.v + so;
        q->id_lens[i] = b[n + 4];
        n += 5;
    }
}

void ix_name_get(const mh_match_index *ix, uint32_t name, mm_name *out)
{
    const ix_name *nm = &ix->names.v[name];
    out->ntok = nm->ntok;
    for (int i = 0; i < nm->ntok; i++) {
        uint32_t id = ix->ntoks.v[nm->tok_lo + (uint32_t)i];
        out->tok[i].s = ix->strs.v + ix->dict_off.v[id];
        out->tok[i].len = ix->dict_len.v[id];
        out->tok[i].flags = ix->nflags.v[nm->tok_lo + (uint32_t)i];
    }
    out->orig = nm->orig_len ? ix->strs.v + nm->orig_off : NULL;
    out->orig_len = nm->orig_len;
    out->translit = nm->translit;
}

static mh_status nomem(mh_err *e) { return mh_err_set(e, MH_E_NOMEM, "out of memory building the match index"); }

mh_status mh_match_index_add(mh_match_index *ix, const mh_entity *ent, bool *added, mh_err *e)
{
    if (added) *added = false;
    if (ix->built) return mh_err_set(e, MH_E_USAGE, "the match index is already built");
    int kind = mm_schema_kind(ent->schema);
    if (kind <= MM_K_ANY) return MH_OK;
    mh_arena_reset(&ix->tmp);
    mm_name names[MAX_NAMES];
    const char *raw[MAX_NAMES];
    int k = mm_entity_names(ix->norm, ent, &ix->tmp, names, raw, MAX_NAMES, e);
    if (k < 0) {
        char msg[sizeof e->msg];
        memcpy(msg, e->msg, sizeof msg);
        return mh_err_set(e, e->code, "watch-list entity %.200s: %.280s", ent->id ? ent->id : "?", msg);
    }
    if (k == 0) return MH_OK;
    mm_quals q;
    mm_quals_from_entity(ent, &q, &ix->tmp);
    if (ix->ents.n >= UINT32_MAX - 1) return mh_err_set(e, MH_E_NOMEM, "the match index is full");
    uint32_t ei = (uint32_t)ix->ents.n;
    ix_ent en = {0};
    en.id_off = str_put(ix, ent->id ? ent->id : "", ent->id ? strlen(ent->id) : 0);
    en.kind = (uint8_t)kind;
    for (uint8_t s = 0; mm_schemas[s]; s++)
        if (strcmp(mm_schemas[s], ent->schema) == 0) en.schema = s;
    if (q.ndates) {
        int64_t y;
        unsigned m, d;
        mh_civil_from_days(q.date_lo[0], &y, &m, &d);
        if (y > 0 && y < 32767) en.birth_year = (int16_t)y;
    }
    en.name_lo = (uint32_t)ix->names.n;
    en.nnames = (uint16_t)k;
    if (!en.id_off || !qual_put(ix, &q, &en.qual_off)) return nomem(e);
    for (int i = 0; i < k; i++) {
        ix_name nm = {0};
        nm.tok_lo = (uint32_t)ix->ntoks.n;
        nm.ntok = (uint8_t)names[i].ntok;
        nm.translit = names[i].translit;
        size_t rl = MH_MIN(strlen(raw[i]), (size_t)255);
        nm.raw_off = str_put(ix, raw[i], rl);
        if (!nm.raw_off) return nomem(e);
        if (names[i].orig) {
            nm.orig_off = str_put(ix, names[i].orig, names[i].orig_len);
            nm.orig_len = names[i].orig_len;
            if (!nm.orig_off) return nomem(e);
        }
        for (int t = 0; t < names[i].ntok; t++) {
            uint32_t id = dict_id(ix, names[i].tok[t].s, names[i].tok[t].len);
            if (id == UINT32_MAX || !VEC_PUSH(ix->ntoks, id) || !VEC_PUSH(ix->nflags, names[i].tok[t].flags))
                return nomem(e);
        }
        if (!VEC_PUSH(ix->names, nm)) return nomem(e);
        uint64_t keys[MAX_KEYS];
        int nk = ix_name_keys(&names[i], keys, NULL, MAX_KEYS);
        for (int j = 0; j < nk; j++)
            if (!VEC_PUSH(ix->pairs, ((ix_pair){keys[j], ei}))) return nomem(e);
    }
    if (!VEC_PUSH(ix->ents, en)) return nomem(e);
    if (added) *added = true;
    return MH_OK;
}

/* Stable LSD radix sort of the pairs by key, 16 bits a pass; entities were appended in
 * order, so each key's postings come out sorted by entity. */
/* Entity numbers in the order of the entities' family names (of their first name; the
 * last part when none is marked), so that namesakes lie together: a query's candidates
 * mostly share a part, and then the frequent keys' bitmap words a search reads for them
 * are neighbours instead of a miss each (docs/match.md, "Candidate search"). Rewrites the
 * pairs' entity numbers and reorders ents to match. */
static bool renumber(mh_match_index *ix)
{
    size_t ne = ix->ents.n, nd = ix->dict_off.n;
    if (ne < 2) return true;
    uint32_t *key = malloc(ne * sizeof *key), *count = calloc(nd + 2, sizeof *count), *perm = malloc(ne * sizeof *perm);
    ix_ent *ents = malloc(ne * sizeof *ents);
    bool ok = key && count && perm && ents;
    if (ok) {
        for (size_t i = 0; i < ne; i++) {
            const ix_ent *en = &ix->ents.v[i];
            key[i] = (uint32_t)nd; /* no name: last */
            if (!en->nnames) continue;
            const ix_name *nm = &ix->names.v[en->name_lo];
            int pick = nm->ntok - 1;
            for (int t = 0; t < nm->ntok; t++)
                if (ix->nflags.v[nm->tok_lo + (uint32_t)t] & MM_T_FAMILY) {
                    pick = t;
                    break;
                }
            if (pick >= 0) key[i] = ix->ntoks.v[nm->tok_lo + (uint32_t)pick];
        }
        /* A counting sort: stable, so equal family names keep the order they came in. */
        for (size_t i = 0; i < ne; i++) count[key[i] + 1]++;
        for (size_t d = 1; d <= nd + 1; d++) count[d] += count[d - 1];
        for (size_t i = 0; i < ne; i++) perm[i] = count[key[i]]++;
        for (size_t i = 0; i < ne; i++) ents[perm[i]] = ix->ents.v[i];
        for (size_t i = 0; i < ix->pairs.n; i++) ix->pairs.v[i].ent = perm[ix->pairs.v[i].ent];
        free(ix->ents.v);
        ix->ents.v = ents;
        ix->ents.cap = ne;
        ents = NULL;
    }
    free(key);
    free(count);
    free(perm);
    free(ents);
    return ok;
}

/* Sorts the pairs by key, and by entity within a key (LSD radix, 16 bits a pass). */
static bool radix_sort(ix_pair *v, size_t n)
{
    ix_pair *tmp = malloc(n * sizeof *tmp);
    size_t *count = malloc(65536 * sizeof *count);
    if (!tmp || !count) {
        free(tmp);
        free(count);
        return false;
    }
    ix_pair *src = v, *dst = tmp;
    /* Two passes over the entity number, four over the key: six, so the result is back in v. */
    for (int pass = 0; pass < 6; pass++) {
        int shift = pass < 2 ? 16 * pass : 16 * (pass - 2);
#define DIGIT(p) (pass < 2 ? ((p).ent >> shift) & 0xFFFF : (size_t)(((p).key >> shift) & 0xFFFF))
        memset(count, 0, 65536 * sizeof *count);
        for (size_t i = 0; i < n; i++) count[DIGIT(src[i])]++;
        size_t sum = 0;
        for (size_t b = 0; b < 65536; b++) {
            size_t c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++) dst[count[DIGIT(src[i])]++] = src[i];
#undef DIGIT
        ix_pair *t = src;
        src = dst;
        dst = t;
    }
    free(tmp);
    free(count);
    return true;
}

/* Sets every frequent key's postings out again as a bitmap. */
static bool build_bitmaps(mh_match_index *ix)
{
    size_t frequent = ix_frequent(ix->ents.n), nb = 0;
    for (size_t h = 0; h < ix->key_cap; h++) nb += ix->keys[h].key && ix->keys[h].len > frequent;
    if (!nb) return true;
    ix->bm_words = (ix->ents.n + 63) / 64;
    if (nb > SIZE_MAX / sizeof(uint64_t) / ix->bm_words) return false;
    size_t cap = 16;
    while (cap < nb * 2) cap *= 2;
    ix->bitmaps = calloc(nb * ix->bm_words, sizeof *ix->bitmaps);
    ix->bm_keys = calloc(cap, sizeof *ix->bm_keys);
    if (!ix->bitmaps || !ix->bm_keys) return false;
    ix->bm_cap = cap;
    uint32_t b = 0;
    for (size_t h = 0; h < ix->key_cap; h++) {
        const ix_key *k = &ix->keys[h];
        if (!k->key || k->len <= frequent) continue;
        uint64_t *bm = ix->bitmaps + (size_t)b * ix->bm_words;
        for (uint32_t j = 0; j < k->len; j++) {
            uint32_t en = ix->postings[k->off + j];
            bm[en >> 6] |= 1ull << (en & 63);
        }
        size_t s = k->key & (cap - 1);
        while (ix->bm_keys[s].key) s = (s + 1) & (cap - 1);
        ix->bm_keys[s] = (ix_key){k->key, b++, k->len};
    }
    return true;
}

mh_status mh_match_index_build(mh_match_index *ix, mh_err *e)
{
    if (ix->built) return MH_OK;
    size_t n = ix->pairs.n;
    if (!renumber(ix) || (n && !radix_sort(ix->pairs.v, n))) return nomem(e);
    size_t nkeys = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || ix->pairs.v[i].key != ix->pairs.v[i - 1].key) nkeys++;
    size_t cap = 16;
    while (cap < nkeys * 2) cap *= 2;
    ix->keys = calloc(cap, sizeof *ix->keys);
    ix->postings = malloc((n ? n : 1) * sizeof *ix->postings);
    ix->meta = malloc((ix->ents.n ? ix->ents.n : 1) * sizeof *ix->meta);
    if (!ix->keys || !ix->postings || !ix->meta) return nomem(e);
    for (size_t i = 0; i < ix->ents.n; i++) ix->meta[i] = ix_meta(&ix->ents.v[i]);
    ix->key_cap = cap;
    size_t np = 0;
    for (size_t i = 0; i < n;) {
        uint64_t key = ix->pairs.v[i].key;
        size_t start = np;
        for (; i < n && ix->pairs.v[i].key == key; i++)
            if (np == start || ix->postings[np - 1] != ix->pairs.v[i].ent) ix->postings[np++] = ix->pairs.v[i].ent;
        size_t h = key & (cap - 1);
        while (ix->keys[h].key) h = (h + 1) & (cap - 1);
        ix->keys[h] = (ix_key){key, (uint32_t)start, (uint32_t)(np - start)};
    }
    ix->npostings = np;
    uint32_t *shrunk = realloc(ix->postings, (np ? np : 1) * sizeof *shrunk);
    if (shrunk) ix->postings = shrunk;
    free(ix->pairs.v);
    ix->pairs.v = NULL;
    ix->pairs.n = ix->pairs.cap = 0;
    /* After the pairs are gone, so that the two are not both held at the peak. The bitmaps
     * only save time: without the memory for them, searches walk the postings instead. */
    if (!build_bitmaps(ix)) mm_index_drop_bitmaps(ix);
    free(ix->dict_slots);
    ix->dict_slots = NULL;
    ix->dict_cap = 0;
    mh_match_norm_close(ix->norm);
    ix->norm = NULL;
    mh_arena_free(&ix->tmp);
    mh_arena_init(&ix->tmp, 1024);
    ix->built = true;
    return MH_OK;
}

const uint32_t *ix_lookup(const mh_match_index *ix, uint64_t key, uint32_t *len)
{
    *len = 0;
    if (!ix->key_cap) return NULL;
    for (size_t h = key & (ix->key_cap - 1); ix->keys[h].key; h = (h + 1) & (ix->key_cap - 1)) {
        if (ix->keys[h].key == key) {
            *len = ix->keys[h].len;
            return ix->postings + ix->keys[h].off;
        }
    }
    return NULL;
}

const uint64_t *ix_bitmap(const mh_match_index *ix, uint64_t key)
{
    if (!ix->bm_cap) return NULL;
    for (size_t h = key & (ix->bm_cap - 1); ix->bm_keys[h].key; h = (h + 1) & (ix->bm_cap - 1))
        if (ix->bm_keys[h].key == key) return ix->bitmaps + (size_t)ix->bm_keys[h].off * ix->bm_words;
    return NULL;
}

size_t mm_index_drop_bitmaps(mh_match_index *ix)
{
    size_t n = 0;
    for (size_t h = 0; h < ix->bm_cap; h++) n += ix->bm_keys[h].key != 0;
    free(ix->bitmaps);
    free(ix->bm_keys);
    ix->bitmaps = NULL;
    ix->bm_keys = NULL;
    ix->bm_cap = ix->bm_words = 0;
    return n;
}
