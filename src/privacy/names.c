/* Personal names out of free text (see mh_privacy.h). A pseudonymised view replaces a
 * person's id by a pseudonym, but the record's own words — a summary, an e-mail subject,
 * an analyst's note — may still say "Candace Claiborne". Every stored name is kept as a
 * sequence of words, filed under its first two words (a one-word name under its word, so
 * the thousands of Johns do not share one chain); the text is read word by word, and at
 * each word the longest name starting there is replaced by its label.
 *
 * Words are runs of ASCII letters and digits and of any non-ASCII bytes (so a Cyrillic or
 * Han name is a word too); they compare case folded and without accents (fold.c), so
 * "MÜLLER" and "Muller" are the "Müller" held, in any script. Between the words of a
 * name the text may have up to three separators on one line ("Claiborne, Candace" does not
 * match "Candace Claiborne"; "ccmarie@state.gov" matches the address). A single-word name
 * from a name part (a first or family name alone) is only taken where the text writes it
 * capitalised, so "may" in "she may" is not the first name May; a single word from an
 * account name or address is taken in any case. */
#include "molehunt/mh_match.h"
#include "molehunt/mh_privacy.h"
#include "privacy_int.h"

#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 8    /* words kept per name */
#define MAX_WORD 64    /* bytes per word; longer words never match */
#define MAX_GAP 3      /* separators allowed between two words of a name */
#define AMBIGUOUS "(name)"

/* 24 bytes a name: a store of a million people holds several million of them. */
typedef struct entry {
    uint32_t words;        /* the lower-cased words, back to back, in the pool */
    uint32_t label;        /* the label, NUL-terminated, in the pool */
    uint32_t next;         /* next entry under the same key, + 1 (0 ends) */
    uint8_t lens[MAX_WORDS];
    uint8_t nwords;
    bool capitalised;      /* a single name part: only where written with a capital */
} entry;

struct mh_privacy_names {
    mh_buf pool;      /* words and labels; offset 0 holds AMBIGUOUS */
    uint32_t last_label; /* the label added last (a person's names come together) */
    entry *v;
    size_t n, cap;
    uint32_t *heads;  /* open addressing on the key: entry index + 1, 0 empty */
    uint64_t *hkeys;  /* the key's hash, beside its head */
    size_t hcap, hused;
    mh_match_norm *norm; /* romanises names in other scripts; opened at the first one */
};

static bool word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
/* The key a name is filed under: its first word, and its second when it has one (both
 * folded, each shorter than MAX_WORD). W1 may be NULL. */
static uint64_t file_key(const char *w0, size_t n0, const char *w1, size_t n1)
{
    char buf[2 * MAX_WORD + 1];
    size_t n = n0;
    memcpy(buf, w0, n0);
    if (w1) {
        buf[n++] = ' ';
        memcpy(buf + n, w1, n1);
        n += n1;
    }
    return mh_hash64(buf, n, 0x6e616d65);
}

/* The folded form of the text's word [I, J) in BUF (MAX_WORD bytes): its length, or 0 when
 * it is too long to be a word of a name. */
static size_t fold_at(const char *t, size_t i, size_t j, char *buf)
{
    return mh_privacy_fold(t + i, j - i, buf, MAX_WORD - 1);
}

mh_status mh_privacy_names_new(mh_privacy_names **out, mh_err *e)
{
    mh_privacy_names *n = calloc(1, sizeof *n);
    if (!n) return mh_err_set(e, MH_E_NOMEM, "out of memory creating the name scrubber");
    mh_buf_init(&n->pool, UINT32_MAX);
    if (!mh_buf_append(&n->pool, AMBIGUOUS, sizeof AMBIGUOUS)) {
        mh_privacy_names_free(n);
        return mh_err_set(e, MH_E_NOMEM, "out of memory creating the name scrubber");
    }
    *out = n;
    return MH_OK;
}

void mh_privacy_names_free(mh_privacy_names *n)
{
    if (!n) return;
    mh_buf_free(&n->pool);
    mh_match_norm_close(n->norm);
    free(n->v);
    free(n->heads);
    free(n->hkeys);
    free(n);
}

size_t mh_privacy_names_count(const mh_privacy_names *n) { return n ? n->n : 0; }

/* The slot of first-word hash H: where it is, or the empty slot it would take. */
static size_t slot_of(const mh_privacy_names *n, uint64_t h)
{
    size_t i = (size_t)h & (n->hcap - 1);
    while (n->heads[i] && n->hkeys[i] != h) i = (i + 1) & (n->hcap - 1);
    return i;
}

static bool grow_heads(mh_privacy_names *n)
{
    size_t cap = n->hcap ? n->hcap * 2 : 1024;
    uint32_t *heads = calloc(cap, sizeof *heads);
    uint64_t *keys = calloc(cap, sizeof *keys);
    if (!heads || !keys) {
        free(heads);
        free(keys);
        return false;
    }
    uint32_t *old_heads = n->heads;
    uint64_t *old_keys = n->hkeys;
    size_t old_cap = n->hcap;
    n->heads = heads, n->hkeys = keys, n->hcap = cap;
    for (size_t i = 0; i < old_cap; i++) {
        if (!old_heads[i]) continue;
        size_t j = slot_of(n, old_keys[i]);
        n->heads[j] = old_heads[i], n->hkeys[j] = old_keys[i];
    }
    free(old_heads);
    free(old_keys);
    return true;
}

static const char *word_of(const mh_privacy_names *n, const entry *en, int w)
{
    const char *p = n->pool.data + en->words;
    for (int k = 0; k < w; k++) p += en->lens[k];
    return p;
}

/* True when stored entry A has the words of B, which are not stored yet (WORDS). */
static bool same_words(const mh_privacy_names *n, const entry *a, const entry *b, const char *words)
{
    if (a->nwords != b->nwords || a->capitalised != b->capitalised) return false;
    size_t len = 0;
    for (int i = 0; i < a->nwords; i++) {
        if (a->lens[i] != b->lens[i]) return false;
        len += a->lens[i];
    }
    return memcmp(n->pool.data + a->words, words, len) == 0;
}

/* The pool offset of LABEL: the last one added again when it is the same. */
static bool label_of(mh_privacy_names *n, const char *label, uint32_t *off)
{
    if (n->last_label && strcmp(n->pool.data + n->last_label, label) == 0) return *off = n->last_label, true;
    if (n->pool.len + strlen(label) + 1 > UINT32_MAX) return false;
    *off = (uint32_t)n->pool.len;
    if (!mh_buf_append(&n->pool, label, strlen(label) + 1)) return false;
    n->last_label = *off;
    return true;
}

/* Files NAME's words as written (folded). */
static mh_status add_words(mh_privacy_names *n, const char *name, const char *label, bool part, mh_err *e)
{
    entry en = {0};
    char words[MAX_WORDS * MAX_WORD];
    size_t wl = 0, len = strlen(name);
    for (size_t i = 0; i < len;) {
        if (!word_byte((unsigned char)name[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && word_byte((unsigned char)name[j])) j++;
        if (en.nwords == MAX_WORDS) return MH_OK; /* too long to be a name to find */
        size_t fl = fold_at(name, i, j, words + wl);
        if (fl == 0) return MH_OK;
        wl += fl;
        en.lens[en.nwords++] = (uint8_t)fl;
        i = j;
    }
    /* One letter or two alone is an initial, not a name. */
    if (en.nwords == 0 || (en.nwords == 1 && en.lens[0] < 3)) return MH_OK;
    en.capitalised = part && en.nwords == 1;
    if ((n->hused + 1) * 2 > n->hcap && !grow_heads(n)) return mh_err_set(e, MH_E_NOMEM, "out of memory adding a name");
    uint64_t h = file_key(words, en.lens[0], en.nwords > 1 ? words + en.lens[0] : NULL, en.nwords > 1 ? en.lens[1] : 0);
    size_t s = slot_of(n, h);
    /* The same words again: one entry; two people behind it make it ambiguous. */
    for (uint32_t k = n->heads[s]; k; k = n->v[k - 1].next) {
        entry *o = &n->v[k - 1];
        if (!same_words(n, o, &en, words)) continue;
        if (o->label && strcmp(n->pool.data + o->label, label) != 0) o->label = 0; /* AMBIGUOUS */
        return MH_OK;
    }
    if (n->pool.len + wl > UINT32_MAX) return mh_err_set(e, MH_E_NOMEM, "too many names");
    en.words = (uint32_t)n->pool.len;
    if (!mh_buf_append(&n->pool, words, wl) || !label_of(n, label, &en.label))
        return mh_err_set(e, MH_E_NOMEM, "out of memory adding a name");
    if (n->n == n->cap) {
        size_t cap = n->cap ? n->cap * 2 : 256;
        entry *v = cap < UINT32_MAX ? realloc(n->v, cap * sizeof *v) : NULL;
        if (!v) return mh_err_set(e, MH_E_NOMEM, "out of memory adding a name");
        n->v = v, n->cap = cap;
    }
    en.next = n->heads[s];
    if (!n->heads[s]) n->hused++;
    n->hkeys[s] = h;
    n->v[n->n++] = en;
    n->heads[s] = (uint32_t)n->n;
    return MH_OK;
}

mh_status mh_privacy_names_add(mh_privacy_names *n, const char *name, const char *label, bool part, mh_err *e)
{
    mh_status rc = add_words(n, name, label, part, e);
    bool ascii = true;
    for (const char *c = name; *c && ascii; c++) ascii = (unsigned char)*c < 0x80;
    if (rc || ascii) return rc;
    /* A name held in another script is also looked for as English-language text writes
     * it: "Иванов" as "Ivanov", "王建国" as "Wang Jianguo" (the watch-list matcher's
     * romanisation, mh_match.h). A name ICU cannot read is still found as written. */
    mh_err ignored;
    mh_err_clear(&ignored);
    if (!n->norm && mh_match_norm_open(&n->norm, &ignored) != MH_OK) return rc;
    mh_buf latin;
    mh_buf_init(&latin, 0);
    if (mh_match_norm_text(n->norm, name, strlen(name), &latin, &ignored) == MH_OK && latin.len)
        rc = add_words(n, latin.data, label, part, e);
    mh_buf_free(&latin);
    return rc;
}

static const char *const person_props[] = {"name",       "alias",      "weakAlias",  "previousName", "email",
                                           "username",   "firstName",  "middleName", "lastName",     "fatherName",
                                           "motherName", "secondName"};
#define FIRST_PART_PROP 6 /* person_props from here on are single name parts */

bool mh_privacy_is_name_prop(const char *prop)
{
    for (size_t k = 0; k < MH_ARRAY_LEN(person_props); k++)
        if (strcmp(prop, person_props[k]) == 0) return true;
    return false;
}

mh_status mh_privacy_names_add_person(mh_privacy_names *n, const mh_entity *ent, const char *label, mh_err *e)
{
    const char *first = NULL, *last = NULL;
    for (size_t i = 0; i < ent->nprops; i++) {
        const mh_prop *p = &ent->props[i];
        size_t k = 0;
        while (k < MH_ARRAY_LEN(person_props) && strcmp(p->name, person_props[k]) != 0) k++;
        if (k == MH_ARRAY_LEN(person_props)) continue;
        for (size_t j = 0; j < p->nvals; j++) {
            if (!p->vals[j]) continue;
            mh_status rc = mh_privacy_names_add(n, p->vals[j], label, k >= FIRST_PART_PROP, e);
            if (rc) return rc;
        }
        if (p->nvals && strcmp(p->name, "firstName") == 0) first = p->vals[0];
        if (p->nvals && strcmp(p->name, "lastName") == 0) last = p->vals[0];
    }
    /* "Candace Claiborne" even when the record only has the parts (and a middle name). */
    if (first && last) {
        mh_buf b;
        mh_buf_init(&b, 0);
        bool ok = mh_buf_printf(&b, "%s %s", first, last);
        mh_status rc = ok ? mh_privacy_names_add(n, b.data, label, false, e)
                          : mh_err_set(e, MH_E_NOMEM, "out of memory adding a name");
        mh_buf_free(&b);
        if (rc) return rc;
    }
    return MH_OK;
}

/* The end of the word starting at I (the text's length bounds it). */
static size_t word_end(const char *t, size_t len, size_t i)
{
    while (i < len && word_byte((unsigned char)t[i])) i++;
    return i;
}

/* Where entry EN ends when it matches the text at I (a word start), or 0. */
static size_t match_at(const mh_privacy_names *n, const entry *en, const char *t, size_t len, size_t i)
{
    if (en->capitalised && !mh_privacy_capitalised(t + i, word_end(t, len, i) - i)) return 0;
    char buf[MAX_WORD];
    for (int w = 0; w < en->nwords; w++) {
        if (w > 0) {
            size_t gap = 0;
            while (i < len && !word_byte((unsigned char)t[i]) && t[i] != '\n' && gap <= MAX_GAP) i++, gap++;
            if (gap == 0 || gap > MAX_GAP || i >= len || t[i] == '\n') return 0;
        }
        size_t j = word_end(t, len, i), fl = fold_at(t, i, j, buf);
        if (fl != en->lens[w] || memcmp(buf, word_of(n, en, w), fl) != 0) return 0;
        i = j;
    }
    return i;
}

bool mh_privacy_names_scrub(const mh_privacy_names *n, const char *text, size_t len, mh_buf *out)
{
    if (!out->data && !mh_buf_append(out, "", 0)) return false;
    size_t i = 0;
    while (i < len) {
        if (!word_byte((unsigned char)text[i])) {
            size_t j = i;
            while (j < len && !word_byte((unsigned char)text[j])) j++;
            if (!mh_buf_append(out, text + i, j - i)) return false;
            i = j;
            continue;
        }
        size_t j = word_end(text, len, i), best = 0;
        const char *label = NULL;
        char w0[MAX_WORD], w1[MAX_WORD];
        size_t f0 = n && n->hcap ? fold_at(text, i, j, w0) : 0;
        if (f0) {
            /* one-word names under this word; longer ones under it and the next word */
            uint64_t keys[2];
            int nkeys = 0;
            keys[nkeys++] = file_key(w0, f0, NULL, 0);
            size_t k1 = j, gap = 0;
            while (k1 < len && !word_byte((unsigned char)text[k1]) && text[k1] != '\n' && gap <= MAX_GAP) k1++, gap++;
            size_t k2 = word_end(text, len, k1), f1 = 0;
            if (gap >= 1 && gap <= MAX_GAP && k2 > k1 && (f1 = fold_at(text, k1, k2, w1)) > 0)
                keys[nkeys++] = file_key(w0, f0, w1, f1);
            for (int q = 0; q < nkeys; q++)
                for (uint32_t k = n->heads[slot_of(n, keys[q])]; k; k = n->v[k - 1].next) {
                    size_t end = match_at(n, &n->v[k - 1], text, len, i);
                    if (end > best) best = end, label = n->pool.data + n->v[k - 1].label;
                }
        }
        if (label) {
            if (!mh_buf_puts(out, label)) return false;
            i = best;
        } else {
            if (!mh_buf_append(out, text + i, j - i)) return false;
            i = j;
        }
    }
    return true;
}
