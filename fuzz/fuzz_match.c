/* Fuzzes the name normaliser and the scorer with arbitrary bytes: invalid UTF-8 must be
 * refused with MH_E_INPUT, never crash, and every score must lie in [0,1]. The input is
 * split at its first newline into two names for mh_match_compare. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static mh_match_norm *n;
    mh_err e;
    mh_err_clear(&e);
    if (!n && mh_match_norm_open(&n, &e) != MH_OK) abort();
    mh_buf b;
    mh_buf_init(&b, 1 << 20);
    mh_status rc = mh_match_norm_text(n, (const char *)data, size, &b, &e);
    if (rc != MH_OK && rc != MH_E_INPUT) abort();
    if (rc == MH_E_INPUT && mh_utf8_valid((const char *)data, size, NULL) && size <= 4096) abort();
    for (size_t i = 0; rc == MH_OK && i < b.len; i++) /* lower-case ASCII letters, digits, spaces */
        if (!((b.data[i] >= 'a' && b.data[i] <= 'z') || (b.data[i] >= '0' && b.data[i] <= '9') || b.data[i] == ' '))
            abort();
    mh_buf_free(&b);

    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    char *nl = memchr(s, '\n', size);
    const char *a = s, *c = nl ? nl + 1 : "";
    if (nl) *nl = '\0';
    double score = -1;
    if (mh_match_compare(n, a, c, &score, NULL, &e) == MH_OK && !(score >= 0 && score <= 1)) abort();
    free(s);
    return 0;
}
