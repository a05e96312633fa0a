/* Inside the privacy module only. */
#ifndef MH_PRIVACY_INT_H
#define MH_PRIVACY_INT_H

#include <stdbool.h>
#include <stddef.h>

/* The form a name's word is compared in: case folded and without accents, so that
 * "MÜLLER", "Müller" and "Muller" are one word, and "ИВАНОВ" is "иванов". ASCII words are
 * only lower-cased. Writes at most CAP bytes to OUT and returns the length, or 0 when the
 * folded word does not fit. Bytes that are not UTF-8 are kept as they are (lower-cased
 * when ASCII), so such a word still matches itself. */
size_t mh_privacy_fold(const char *s, size_t n, char *out, size_t cap);

/* True when the word at S (N bytes) begins with a capital letter, or with a letter of a
 * script that has no case (Han, Arabic …): where a lone first or family name is taken. */
bool mh_privacy_capitalised(const char *s, size_t n);

#endif
