/* Words of names in a comparable form (privacy_int.h). A scrubber that compared bytes
 * would miss the name it holds as "Müller" when a summary writes "MÜLLER" or "Muller",
 * and "Иванов" in capitals: the name would reach the analyst. ICU does what ASCII
 * lower-casing cannot: compatibility decomposition (NFKD) so accents come apart from
 * their letters, the accents (non-spacing marks) dropped, then full case folding
 * (ß -> ss, Σ/ς -> σ), recomposed (NFC) so that what is left compares byte for byte. */
#include "privacy_int.h"

#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#define MAX_U16 256 /* UTF-16 units a word may take at each step; longer words do not fold */

static size_t ascii_lower(const char *s, size_t n, char *out, size_t cap)
{
    if (n > cap) return 0;
    for (size_t i = 0; i < n; i++) out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
    return n;
}

size_t mh_privacy_fold(const char *s, size_t n, char *out, size_t cap)
{
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++) ascii = (unsigned char)s[i] < 0x80;
    if (ascii || n > MAX_U16) return ascii_lower(s, n, out, cap);
    UErrorCode st = U_ZERO_ERROR;
    UChar a[MAX_U16], b[MAX_U16];
    int32_t la = 0;
    u_strFromUTF8(a, MAX_U16, &la, s, (int32_t)n, &st);
    if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING) return ascii_lower(s, n, out, cap);
    const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&st), *nfc = unorm2_getNFCInstance(&st);
    if (U_FAILURE(st)) return ascii_lower(s, n, out, cap);
    int32_t lb = unorm2_normalize(nfkd, a, la, b, MAX_U16, &st);
    if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING) return 0;
    /* Drop the marks, whole code points at a time. */
    int32_t m = 0;
    for (int32_t i = 0; i < lb;) {
        UChar32 c;
        int32_t at = i;
        U16_NEXT(b, i, lb, c);
        if (u_charType(c) == U_NON_SPACING_MARK) continue;
        while (at < i) b[m++] = b[at++];
    }
    la = u_strFoldCase(a, MAX_U16, b, m, U_FOLD_CASE_DEFAULT, &st);
    if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING) return 0;
    lb = unorm2_normalize(nfc, a, la, b, MAX_U16, &st);
    if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING) return 0;
    int32_t lo = 0;
    u_strToUTF8(out, (int32_t)(cap > INT32_MAX ? INT32_MAX : cap), &lo, b, lb, &st);
    if (U_FAILURE(st) || (size_t)lo > cap) return 0;
    return (size_t)lo;
}

bool mh_privacy_capitalised(const char *s, size_t n)
{
    if (n == 0) return false;
    if ((unsigned char)s[0] < 0x80) return s[0] >= 'A' && s[0] <= 'Z';
    int32_t i = 0;
    UChar32 c;
    U8_NEXT(s, i, (int32_t)(n > INT32_MAX ? INT32_MAX : n), c);
    if (c < 0) return true; /* not UTF-8: no case to read, so not held against it */
    return u_isupper(c) || u_istitle(c) || !u_islower(c);
}
