/* The risk model.
 *
 *   weight(a)   = severity(a) * (1 - mitigation(a)) * 0.5 ^ (age(a) / half_life)
 *   rule r      : its alerts' weights w1 >= w2 >= ... combine as
 *                 c_r = 1 - prod_k (1 - w_k * repeat^(k-1))      (diminishing repeats)
 *   person      : score = 1 - prod_r (1 - c_r)                   (noisy-OR over distinct rules)
 *   axis x      : the same noisy-OR over the rules on axis x
 *   guideline g : the same noisy-OR over the rules citing g
 *
 * Noisy-OR reads each indicator as independent evidence that something is wrong: two
 * different indicators count more than one repeated. detected_at replays the alerts in
 * time order and scores as of each one; the first time the score reaches the threshold is
 * when a reviewer could first have been told. */
#include "molehunt/mh_score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS 86400000.0

void mh_score_opts_default(mh_score_opts *o)
{
    o->threshold = 0.5;
    o->half_life_days = 1825;
    o->repeat_factor = 0.5;
    o->as_of = MH_TIME_NONE;
}

unsigned mh_score_guideline_bits(const char *const *g, size_t n)
{
    unsigned bits = 0;
    for (size_t i = 0; i < n; i++)
        if (g[i] && g[i][0] >= 'A' && g[i][0] <= 'M') bits |= 1u << (g[i][0] - 'A');
    return bits;
}

static int by_time(const void *a, const void *b)
{
    const mh_score_input *x = a, *y = b;
    if (x->ts != y->ts) return x->ts < y->ts ? -1 : 1;
    return strcmp(x->rule, y->rule);
}

static int by_rule_weight(const void *a, const void *b)
{
    const mh_score_input *x = *(const mh_score_input *const *)a, *y = *(const mh_score_input *const *)b;
    int c = strcmp(x->rule, y->rule);
    if (c) return c;
    double wx = x->severity * (1 - x->mitigation), wy = y->severity * (1 - y->mitigation);
    return wx > wy ? -1 : wx < wy ? 1 : 0;
}

/* Scores the first N alerts (already in time order) as of AS_OF. SCRATCH holds N pointers. */
static void score_prefix(const mh_score_input *in, size_t n, const mh_score_opts *o, mh_time as_of,
                         const mh_score_input **scratch, mh_person_score *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) scratch[i] = &in[i];
    if (n) qsort(scratch, n, sizeof *scratch, by_rule_weight);
    double keep = 1, keep_axis[MH_AXIS__COUNT], keep_g[MH_GUIDELINES];
    for (int k = 0; k < MH_AXIS__COUNT; k++) keep_axis[k] = 1;
    for (int k = 0; k < MH_GUIDELINES; k++) keep_g[k] = 1;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double miss = 1, factor = 1;
        while (j < n && strcmp(scratch[j]->rule, scratch[i]->rule) == 0) {
            const mh_score_input *a = scratch[j];
            double age = as_of > a->ts ? (double)(as_of - a->ts) / DAY_MS : 0;
            double w = a->severity * (1 - a->mitigation) * pow(0.5, age / o->half_life_days);
            miss *= 1 - w * factor;
            factor *= o->repeat_factor;
            j++;
        }
        double c = 1 - miss;
        if (c > 1e-9) out->nindicators++;
        keep *= 1 - c;
        const mh_score_input *a = scratch[i];
        if ((unsigned)a->axis < MH_AXIS__COUNT) keep_axis[a->axis] *= 1 - c;
        for (int g = 0; g < MH_GUIDELINES; g++)
            if (a->guidelines & (1u << g)) keep_g[g] *= 1 - c;
        i = j;
    }
    out->score = 1 - keep;
    for (int k = 0; k < MH_AXIS__COUNT; k++) out->axes[k] = 1 - keep_axis[k];
    for (int k = 0; k < MH_GUIDELINES; k++) out->guidelines[k] = 1 - keep_g[k];
    out->nalerts = n;
}

void mh_score_person(mh_score_input *in, size_t n, const mh_score_opts *o, mh_person_score *out)
{
    mh_score_opts d;
    if (!o) {
        mh_score_opts_default(&d);
        o = &d;
    }
    if (n) qsort(in, n, sizeof *in, by_time); /* qsort(NULL, 0) is undefined */
    const mh_score_input **scratch = malloc((n ? n : 1) * sizeof *scratch);
    if (!scratch) {
        memset(out, 0, sizeof *out);
        out->detected_at = MH_TIME_NONE;
        return;
    }
    mh_time detected = MH_TIME_NONE;
    for (size_t i = 0; i < n && detected == MH_TIME_NONE; i++) {
        if (i + 1 < n && in[i + 1].ts == in[i].ts) continue; /* score once per instant */
        mh_person_score at;
        score_prefix(in, i + 1, o, in[i].ts, scratch, &at);
        if (at.score >= o->threshold) detected = in[i].ts;
    }
    mh_time as_of = o->as_of != MH_TIME_NONE ? o->as_of : (n ? in[n - 1].ts : 0);
    size_t upto = n;
    while (upto > 0 && in[upto - 1].ts > as_of) upto--;
    score_prefix(in, upto, o, as_of, scratch, out);
    out->nalerts = n;
    out->detected_at = detected;
    free(scratch);
}
