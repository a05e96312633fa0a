/* Name normalisation: turns a name as written, in any script, into the name parts the
 * index and the scorer work on. Characters are classified by Unicode category (letters,
 * marks and digits make words; apostrophes join; all else separates). Plain ASCII words
 * are only lower-cased; other words go through the script's ICU transliterator (NFKD,
 * marks stripped, romanised, case-folded). Han and Hangul runs are read a character at a
 * time: the first is the family name (two for compound surnames such as 欧阳 or 남궁),
 * the rest is the given name joined into one part ("王建国" -> "wang" "jianguo"), and
 * the characters themselves are kept beside the romanisation. */
#include "match_int.h"

#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

/* Han compound surnames (two characters read as one family name). */
static const char *const han_compound[] = {
    "欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "尉迟", "公孙", "慕容", "夏侯", "令狐",
    "歐陽", "諸葛", "東方", "長孫", "长孙", "宇文", "司空", "端木", "独孤", "獨孤", NULL,
};
static const char *const hangul_compound[] = {"남궁", "황보", "제갈", "선우", "독고", "사공", "서문", NULL};

/* The spellings Korean surnames usually take in Latin lists (the Revised Romanization
 * that ICU gives, gim/bag/i, is rare in practice). */
static const struct {
    const char *hangul, *latin;
} korean_family[] = {
    {"김", "kim"}, {"이", "lee"}, {"박", "park"}, {"최", "choi"}, {"정", "jung"}, {"강", "kang"},
    {"조", "cho"}, {"윤", "yoon"}, {"장", "jang"}, {"임", "lim"}, {"한", "han"}, {"오", "oh"},
    {"서", "seo"}, {"신", "shin"}, {"권", "kwon"}, {"황", "hwang"}, {"안", "ahn"}, {"송", "song"},
    {"류", "ryu"}, {"유", "yoo"}, {"홍", "hong"}, {"전", "jeon"}, {"고", "ko"}, {"문", "moon"},
    {"양", "yang"}, {"손", "son"}, {"배", "bae"}, {"백", "baek"}, {"허", "heo"}, {"노", "roh"},
    {"남", "nam"}, {"심", "shim"}, {"구", "koo"}, {"우", "woo"}, {"차", "cha"}, {"주", "joo"},
};

static const char *const stop_words[] = {
    "of", "the", "and", "for", "de", "del", "der", "den", "van", "von", "la", "le", "du", "da", "dos",
    "al", "el", "bin", "ibn", "binti", "bint", "llc", "ltd", "inc", "co", "corp", "jsc", "ojsc", "cjsc",
    "pjsc", "ooo", "oao", "zao", "pao", "ao", "gmbh", "ag", "sa", "plc", "limited", "company", NULL,
};
static const char *const patronym_ends[] = {"ovich", "evich", "ovna", "evna", "yevich", "ichna", "ogly",
                                            "oglu", "kyzy", "qizi", NULL};

uint8_t mm_tok_class(const char *s, size_t len)
{
    uint8_t f = len == 1 ? MM_T_INITIAL : 0;
    for (int i = 0; stop_words[i]; i++)
        if (strlen(stop_words[i]) == len && memcmp(stop_words[i], s, len) == 0) return f | MM_T_STOP;
    if (len >= 7) {
        for (int i = 0; patronym_ends[i]; i++) {
            size_t k = strlen(patronym_ends[i]);
            if (memcmp(s + len - k, patronym_ends[i], k) == 0) return f | MM_T_PATRONYM;
        }
    }
    return f;
}

/* Decodes one code point of valid UTF-8. */
static uint32_t utf8_next(const unsigned char *p, size_t *i)
{
    uint32_t c = p[*i];
    if (c < 0x80) { *i += 1; return c; }
    if (c < 0xE0) { c = ((c & 0x1F) << 6) | (p[*i + 1] & 0x3F); *i += 2; return c; }
    if (c < 0xF0) {
        c = ((c & 0x0F) << 12) | ((uint32_t)(p[*i + 1] & 0x3F) << 6) | (p[*i + 2] & 0x3F);
        *i += 3;
        return c;
    }
    c = ((c & 0x07) << 18) | ((uint32_t)(p[*i + 1] & 0x3F) << 12) | ((uint32_t)(p[*i + 2] & 0x3F) << 6) |
        (p[*i + 3] & 0x3F);
    *i += 4;
    return c;
}

enum { C_SEP, C_WORD, C_APOS, C_HAN, C_HANGUL };

static int classify(uint32_t c, mm_script *sc)
{
    *sc = MM_SC_LATIN;
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return C_WORD;
        return c == '\'' || c == '`' ? C_APOS : C_SEP;
    }
    if (c == 0x2019 || c == 0x02BC || c == 0x02BB || c == 0x2018 || c == 0x02B9) return C_APOS;
    if (c >= 0xAC00 && c <= 0xD7A3) return C_HANGUL;
    int8_t t = u_charType((UChar32)c);
    bool word = (t >= U_UPPERCASE_LETTER && t <= U_OTHER_LETTER) || t == U_NON_SPACING_MARK ||
                t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK || t == U_DECIMAL_DIGIT_NUMBER ||
                t == U_LETTER_NUMBER;
    if (!word) return C_SEP;
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode s = uscript_getScript((UChar32)c, &st);
    if (U_FAILURE(st)) return C_WORD;
    switch (s) {
    case USCRIPT_HAN: return t == U_OTHER_LETTER ? C_HAN : C_WORD;
    case USCRIPT_LATIN:
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED: *sc = MM_SC_LATIN; break;
    case USCRIPT_CYRILLIC: *sc = MM_SC_CYRILLIC; break;
    case USCRIPT_GREEK: *sc = MM_SC_GREEK; break;
    case USCRIPT_ARMENIAN: *sc = MM_SC_ARMENIAN; break;
    case USCRIPT_GEORGIAN: *sc = MM_SC_GEORGIAN; break;
    case USCRIPT_HANGUL: *sc = MM_SC_HANGUL; break;
    default: *sc = MM_SC_OTHER; break;
    }
    return C_WORD;
}

typedef struct nstate {
    mh_match_norm *n;
    mh_arena *a;
    mm_name *out;
    mh_err *e;
    bool had_family; /* a Han/Hangul family name was already read */
} nstate;

static bool add_tok(nstate *st, const char *s, size_t len, uint8_t flags)
{
    if (len == 0) return true;
    if (st->out->ntok == MM_MAX_TOK) return true; /* extra parts add nothing a scorer can use */
    len = MH_MIN(len, (size_t)MM_MAX_TOKLEN);
    char *p = mh_arena_strndup(st->a, s, len);
    if (!p) return mh_err_set(st->e, MH_E_NOMEM, "out of memory normalising a name") == MH_OK;
    mm_tok *t = &st->out->tok[st->out->ntok++];
    t->s = p;
    t->len = (uint8_t)len;
    t->flags = flags | mm_tok_class(p, len);
    return true;
}

/* Splits romanised text into parts: ASCII letters and digits form parts, apostrophes
 * (soft signs come out as ') join, anything else separates. */
static bool add_text(nstate *st, const char *s, size_t len, uint8_t flags)
{
    char part[MM_MAX_TOKLEN];
    size_t pl = 0;
    for (size_t i = 0; i <= len; i++) {
        unsigned char c = i < len ? (unsigned char)s[i] : ' ';
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (pl < sizeof part) part[pl++] = (char)c;
        } else if (c == '\'' || c == '`') {
            continue;
        } else if (c >= 0x80 && i < len) {
            continue; /* what ICU could not romanise is dropped, not allowed to split */
        } else if (pl) {
            if (!add_tok(st, part, pl, flags)) return false;
            pl = 0;
        }
    }
    return true;
}

static bool starts_with_any(const char *p, size_t n, const char *const *list, size_t *match)
{
    for (int i = 0; list[i]; i++) {
        size_t k = strlen(list[i]);
        if (k <= n && memcmp(p, list[i], k) == 0) { *match = k; return true; }
    }
    return false;
}

/* A run of Han or Hangul characters (UTF-8 in [p, p+n)). */
static bool emit_cjk(nstate *st, const char *p, size_t n, bool hangul)
{
    char fam[128], given[256];
    size_t fl = 0, gl = 0, i = 0, fam_bytes = 0;
    if (!st->had_family) {
        if (starts_with_any(p, n, hangul ? hangul_compound : han_compound, &fam_bytes)) {
            /* two characters */
        } else {
            size_t k = 0;
            utf8_next((const unsigned char *)p, &k);
            fam_bytes = k;
        }
        st->had_family = true;
    }
    /* The characters are kept (Han in its simplified form, so 王建國 and 王建国 agree). */
    char *orig = mh_arena_alloc(st->a, (size_t)st->out->orig_len + 2 * n + 1);
    if (!orig) return mh_err_set(st->e, MH_E_NOMEM, "out of memory normalising a name") == MH_OK;
    size_t ol = st->out->orig_len;
    if (st->out->orig) memcpy(orig, st->out->orig, ol);
    st->out->translit = true;
    while (i < n) {
        size_t start = i;
        utf8_next((const unsigned char *)p, &i);
        bool in_fam = start < fam_bytes;
        char rom[64];
        int rl = -1;
        if (!hangul) {
            rl = mm_translit(st->n, MM_SC_HAN_SIMPLIFY, p + start, i - start, rom, sizeof rom, st->e);
            if (rl < 0) return false;
            if (rl > 0 && (size_t)rl <= 2 * (i - start)) {
                memcpy(orig + ol, rom, (size_t)rl);
                ol += (size_t)rl;
            } else {
                memcpy(orig + ol, p + start, i - start);
                ol += i - start;
            }
            rl = -1;
        } else {
            memcpy(orig + ol, p + start, i - start);
            ol += i - start;
        }
        if (hangul && in_fam && fam_bytes == i) {
            for (size_t k = 0; k < MH_ARRAY_LEN(korean_family); k++) {
                if (strlen(korean_family[k].hangul) == i - start &&
                    memcmp(korean_family[k].hangul, p + start, i - start) == 0) {
                    rl = (int)strlen(korean_family[k].latin);
                    memcpy(rom, korean_family[k].latin, (size_t)rl + 1);
                    break;
                }
            }
        }
        if (rl < 0) {
            mm_script sc = hangul ? MM_SC_HANGUL : in_fam ? MM_SC_HAN_FAMILY : MM_SC_HAN;
            rl = mm_translit(st->n, sc, p + start, i - start, rom, sizeof rom, st->e);
            if (rl < 0) return false;
        }
        for (int k = 0; k < rl; k++) {
            char c = rom[k];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) continue;
            if (in_fam && fl < sizeof fam) fam[fl++] = c;
            else if (!in_fam && gl < sizeof given) given[gl++] = c;
        }
    }
    orig[ol] = '\0';
    st->out->orig = orig;
    st->out->orig_len = (uint16_t)MH_MIN(ol, (size_t)UINT16_MAX);
    if (fl && !add_tok(st, fam, fl, MM_T_FAMILY)) return false;
    return add_tok(st, given, gl, 0);
}

static bool emit_word(nstate *st, const char *w, size_t len, mm_script sc, bool ascii)
{
    if (ascii) return add_text(st, w, len, 0);
    char rom[1024];
    int rl = mm_translit(st->n, sc, w, len, rom, sizeof rom, st->e);
    if (rl < 0) return false;
    if (sc != MM_SC_LATIN) st->out->translit = true;
    return add_text(st, rom, (size_t)rl, 0);
}

mh_status mm_norm_name(mh_match_norm *n, const char *s, size_t len, mh_arena *a, mm_name *out, mh_err *e)
{
    memset(out, 0, sizeof *out);
    if (len > MM_MAX_NAME) return mh_err_set(e, MH_E_INPUT, "name longer than %d bytes", MM_MAX_NAME);
    size_t bad = 0;
    if (!mh_utf8_valid(s, len, &bad)) return mh_err_set(e, MH_E_INPUT, "name is not valid UTF-8 (byte %zu)", bad + 1);
    nstate st = {.n = n, .a = a, .out = out, .e = e};
    const unsigned char *p = (const unsigned char *)s;
    char word[MM_MAX_NAME];
    size_t wl = 0, i = 0, cjk_start = 0;
    mm_script wsc = MM_SC_LATIN;
    bool ascii = true;
    int run = C_SEP; /* C_WORD, C_HAN or C_HANGUL while inside one */
    while (i <= len) {
        size_t at = i;
        mm_script sc = MM_SC_LATIN;
        int cls = C_SEP;
        if (i < len) cls = classify(utf8_next(p, &i), &sc);
        else i++;
        if (cls == C_APOS && run == C_WORD) continue;
        if (cls == C_APOS) cls = C_SEP;
        if (run != cls || cls == C_SEP) {
            /* the run ends here */
            if (run == C_WORD && wl && !emit_word(&st, word, wl, wsc, ascii)) return e->code ? e->code : MH_E_NOMEM;
            if ((run == C_HAN || run == C_HANGUL) && !emit_cjk(&st, s + cjk_start, at - cjk_start, run == C_HANGUL))
                return e->code ? e->code : MH_E_NOMEM;
            wl = 0;
            ascii = true;
            wsc = MM_SC_LATIN;
            run = cls;
            cjk_start = at;
        }
        if (cls == C_WORD) {
            memcpy(word + wl, s + at, i - at);
            wl += i - at;
            if (i - at > 1) ascii = false;
            if (sc != MM_SC_LATIN && wsc == MM_SC_LATIN) wsc = sc;
        }
    }
    return MH_OK;
}

mh_status mh_match_norm_text(mh_match_norm *n, const char *name, size_t len, mh_buf *out, mh_err *e)
{
    mh_arena a;
    mh_arena_init(&a, 4096);
    mm_name nm;
    mh_status rc = mm_norm_name(n, name, len, &a, &nm, e);
    if (rc != MH_OK) goto out;
    for (int i = 0; i < nm.ntok; i++) {
        if ((i && !mh_buf_putc(out, ' ')) || !mh_buf_append(out, nm.tok[i].s, nm.tok[i].len)) {
            rc = mh_err_set(e, MH_E_NOMEM, "normalised name does not fit the buffer");
            goto out;
        }
    }
out:
    mh_arena_free(&a);
    return rc;
}
