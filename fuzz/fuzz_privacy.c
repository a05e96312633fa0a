/* Fuzzes the name scrubber with arbitrary bytes: the lines before the last one are names
 * (any bytes: names come from records), the last line is the free text. It must never
 * crash or read past the text, and when the first name is plain (lower-case words, one
 * space apart, at most eight) a text that is just that name must not come out as it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_privacy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mh_err e;
    mh_err_clear(&e);
    mh_privacy_names *n;
    if (mh_privacy_names_new(&n, &e) != MH_OK) abort();
    char *s = malloc(size + 1);
    if (!s) abort();
    memcpy(s, data, size);
    s[size] = '\0';
    char *text = s, *nl;
    size_t names = 0;
    while ((nl = memchr(text, '\n', size - (size_t)(text - s)))) {
        *nl = '\0';
        if (mh_privacy_names_add(n, text, names % 2 ? "P-ODD" : "P-EVEN", names % 3 == 0, &e) != MH_OK) abort();
        names++;
        text = nl + 1;
    }
    size_t tlen = size - (size_t)(text - s);
    mh_buf out;
    mh_buf_init(&out, 0);
    if (!mh_privacy_names_scrub(n, text, tlen, &out)) abort();
    if (!out.data || strlen(out.data) > out.len) abort(); /* the output is what was written */
    mh_buf_free(&out);
    /* a text that is exactly a stored full name comes out as a label */
    if (names >= 1) {
        const char *first = s;
        size_t fl = strlen(first), spaces = 0;
        bool plain = fl >= 3 && fl < 60;
        for (size_t i = 0; plain && i < fl; i++) {
            plain = (first[i] >= 'a' && first[i] <= 'z') || (i > 0 && first[i] == ' ' && first[i - 1] != ' ');
            spaces += first[i] == ' ';
        }
        if (plain && first[fl - 1] != ' ' && spaces >= 1 && spaces < 8) {
            mh_buf_init(&out, 0);
            if (!mh_privacy_names_scrub(n, first, fl, &out)) abort();
            if (strstr(out.data, first)) abort();
            mh_buf_free(&out);
        }
    }
    mh_privacy_names_free(n);
    free(s);
    return 0;
}
