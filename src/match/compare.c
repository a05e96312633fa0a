/* Direct comparison of two names, without an index: what `molehunt match --compare`
 * prints and what the labelled name-pair test measures. */
#include "match_int.h"

#include <string.h>

mh_status mh_match_compare(mh_match_norm *n, const char *a, const char *b, double *score, mh_match_features *f,
                           mh_err *e)
{
    mh_arena ar;
    mh_arena_init(&ar, 8192);
    mm_name x, y;
    mh_match_features tmp;
    if (!f) f = &tmp;
    memset(f, 0, sizeof *f);
    mh_status rc = mm_norm_name(n, a, strlen(a), &ar, &x, e);
    if (rc == MH_OK) rc = mm_norm_name(n, b, strlen(b), &ar, &y, e);
    if (rc == MH_OK) {
        double s = mm_name_score(&x, &y, f, NULL);
        mm_quals none = {0};
        *score = mm_qualify(&none, &none, s, f);
    }
    mh_arena_free(&ar);
    return rc;
}
