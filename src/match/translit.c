/* Transliteration to Latin with ICU. Opening an ICU transliterator parses its rules and
 * takes milliseconds, and running one takes microseconds per word, so a normaliser opens
 * each script's transliterator once, on first use, and remembers the words it has done
 * in a bounded hash table (names repeat: the same given and family names recur across a
 * watch list). The per-script rule chains prefer BGN/PCGN and UNGEGN romanisations, which
 * give the spellings English-language lists use (Khrushchev, not Hrusev). */
#include "match_int.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>

#define MM_CACHE_SLOTS 16384u  /* power of two */
#define MM_CACHE_MAX_USED 12000u
#define MM_CACHE_MAX_POOL (4u << 20)

static const char *const tr_ids[MM_SC_COUNT] = {
    [MM_SC_LATIN] = "NFKD; [:Nonspacing Mark:] Remove; NFKC; Latin-ASCII; Lower",
    [MM_SC_CYRILLIC] = "Lower; Russian-Latin/BGN; Any-Latin; NFKD; [:Nonspacing Mark:] Remove; Latin-ASCII; Lower",
    [MM_SC_GREEK] = "Lower; Greek-Latin/UNGEGN; NFKD; [:Nonspacing Mark:] Remove; Latin-ASCII; Lower",
    [MM_SC_ARMENIAN] = "Lower; Armenian-Latin/BGN; NFKD; [:Nonspacing Mark:] Remove; Latin-ASCII; Lower",
    [MM_SC_GEORGIAN] = "Georgian-Latin/BGN; NFKD; [:Nonspacing Mark:] Remove; Latin-ASCII; Lower",
    [MM_SC_HANGUL] = "Hangul-Latin; Latin-ASCII; Lower",
    [MM_SC_HAN] = "Han-Latin; NFKD; [:Nonspacing Mark:] Remove; Latin-ASCII; Lower",
    [MM_SC_HAN_FAMILY] = "Han-Latin/Names; NFKD; [:Nonspacing Mark:] Remove; Latin-ASCII; Lower",
    [MM_SC_OTHER] = "Any-Latin; NFKD; [:Nonspacing Mark:] Remove; Latin-ASCII; Lower",
    [MM_SC_HAN_SIMPLIFY] = "Traditional-Simplified",
};

mh_status mh_match_norm_open(mh_match_norm **out, mh_err *e)
{
    mh_match_norm *n = calloc(1, sizeof *n);
    if (!n || !(n->slots = calloc(MM_CACHE_SLOTS, sizeof *n->slots))) {
        free(n);
        return mh_err_set(e, MH_E_NOMEM, "out of memory opening a name normaliser");
    }
    *out = n;
    return MH_OK;
}

void mm_translit_close(mh_match_norm *n)
{
    for (int i = 0; i < MM_SC_COUNT; i++)
        if (n->tr[i]) utrans_close(n->tr[i]);
    free(n->slots);
    free(n->pool);
}

void mh_match_norm_close(mh_match_norm *n)
{
    if (!n) return;
    mm_translit_close(n);
    free(n);
}

static UTransliterator *get_tr(mh_match_norm *n, mm_script sc, mh_err *e)
{
    if (n->tr[sc]) return n->tr[sc];
    UChar id[256];
    u_uastrncpy(id, tr_ids[sc], (int32_t)(sizeof id / sizeof id[0]));
    UErrorCode st = U_ZERO_ERROR;
    UParseError pe;
    n->tr[sc] = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &pe, &st);
    if (U_FAILURE(st)) {
        n->tr[sc] = NULL;
        mh_err_set(e, MH_E_INTERNAL, "ICU cannot open transliterator \"%s\": %s", tr_ids[sc], u_errorName(st));
    }
    return n->tr[sc];
}

static void cache_clear(mh_match_norm *n)
{
    memset(n->slots, 0, MM_CACHE_SLOTS * sizeof *n->slots);
    n->nused = 0;
    n->pool_len = 0;
}

static bool pool_put(mh_match_norm *n, const char *p, size_t len, uint32_t *off)
{
    if (n->pool_len + len > n->pool_cap) {
        size_t cap = n->pool_cap ? n->pool_cap * 2 : 65536;
        while (cap < n->pool_len + len) cap *= 2;
        char *np = realloc(n->pool, cap);
        if (!np) return false;
        n->pool = np;
        n->pool_cap = cap;
    }
    memcpy(n->pool + n->pool_len, p, len);
    *off = (uint32_t)n->pool_len;
    n->pool_len += len;
    return true;
}

static void cache_put(mh_match_norm *n, uint64_t h, mm_script sc, const char *w, size_t wl, const char *v,
                      size_t vl)
{
    if (wl > UINT16_MAX || vl > UINT16_MAX) return;
    if (n->nused >= MM_CACHE_MAX_USED || n->pool_len + wl + vl > MM_CACHE_MAX_POOL) cache_clear(n);
    size_t i = h & (MM_CACHE_SLOTS - 1);
    while (n->slots[i].used) i = (i + 1) & (MM_CACHE_SLOTS - 1);
    mm_cache_slot *s = &n->slots[i];
    if (!pool_put(n, w, wl, &s->key_off) || !pool_put(n, v, vl, &s->val_off)) return;
    s->h = h;
    s->key_len = (uint16_t)wl;
    s->val_len = (uint16_t)vl;
    s->script = (uint8_t)sc;
    s->used = 1;
    n->nused++;
}

int mm_translit(mh_match_norm *n, mm_script sc, const char *w, size_t len, char *out, size_t cap, mh_err *e)
{
    uint64_t h = mh_hash64(w, len, 0x6d6174636820 + (uint64_t)sc);
    for (size_t i = h & (MM_CACHE_SLOTS - 1); n->slots[i].used; i = (i + 1) & (MM_CACHE_SLOTS - 1)) {
        const mm_cache_slot *s = &n->slots[i];
        if (s->h == h && s->script == sc && s->key_len == len && memcmp(n->pool + s->key_off, w, len) == 0) {
            size_t vl = MH_MIN((size_t)s->val_len, cap - 1);
            memcpy(out, n->pool + s->val_off, vl);
            out[vl] = '\0';
            return (int)vl;
        }
    }
    UTransliterator *t = get_tr(n, sc, e);
    if (!t) return -1;
    /* A word is at most MM_MAX_NAME bytes; romanisation at most quadruples its length. */
    UChar buf[4 * 1024];
    int32_t ulen = 0;
    UErrorCode st = U_ZERO_ERROR;
    size_t take = MH_MIN(len, (size_t)512);
    u_strFromUTF8Lenient(buf, 1024, &ulen, w, (int32_t)take, &st);
    if (U_FAILURE(st)) {
        mh_err_set(e, MH_E_INPUT, "cannot decode a name part for transliteration: %s", u_errorName(st));
        return -1;
    }
    int32_t limit = ulen;
    utrans_transUChars(t, buf, &ulen, (int32_t)(sizeof buf / sizeof buf[0]), 0, &limit, &st);
    if (U_FAILURE(st)) {
        mh_err_set(e, MH_E_INPUT, "cannot transliterate a name part: %s", u_errorName(st));
        return -1;
    }
    int32_t olen = 0;
    u_strToUTF8(out, (int32_t)cap - 1, &olen, buf, ulen, &st);
    if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING) {
        if (st != U_BUFFER_OVERFLOW_ERROR && st != U_STRING_NOT_TERMINATED_WARNING) {
            mh_err_set(e, MH_E_INPUT, "cannot encode a transliterated name part: %s", u_errorName(st));
            return -1;
        }
        olen = (int32_t)cap - 1; /* cut: the tokeniser stops at any partial sequence */
    }
    out[olen] = '\0';
    cache_put(n, h, sc, w, len, out, (size_t)olen);
    return olen;
}
