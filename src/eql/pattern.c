/* Regular expressions for `regex`, `regex~` and the 2020 match functions, through PCRE2
 * (Debian's libpcre2-8). Patterns are compiled once, at query compile time, anchored at
 * both ends as Elasticsearch's regexp queries are, and matched with JIT when available. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "eql_int.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct eql_re {
    pcre2_code *code;
} eql_re;

/* One match-data block per thread, so a compiled query stays read-only and shareable. */
static _Thread_local pcre2_match_data *tl_md;

void *eql_regex_compile(const char *p, size_t n, bool ci, char *err, size_t errn)
{
    int ec;
    PCRE2_SIZE eo;
    uint32_t flags = PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOTALL;
    if (ci) flags |= PCRE2_CASELESS;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)p, n, flags, &ec, &eo, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        snprintf(err, errn, "%s at offset %zu", (const char *)msg, (size_t)eo);
        return NULL;
    }
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    eql_re *re = malloc(sizeof *re);
    if (!re) {
        pcre2_code_free(code);
        snprintf(err, errn, "out of memory");
        return NULL;
    }
    re->code = code;
    return re;
}

bool eql_regex_match(void *r, const char *s, size_t n)
{
    eql_re *re = r;
    if (!tl_md && !(tl_md = pcre2_match_data_create(1, NULL))) return false;
    return pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, 0, tl_md, NULL) >= 0;
}

void eql_regex_free(void *r)
{
    eql_re *re = r;
    if (!re) return;
    pcre2_code_free(re->code);
    free(re);
}
