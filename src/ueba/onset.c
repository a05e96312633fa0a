/* Onset: has a behaviour just begun for this user? The robust z-scores of score.c measure
 * volume ("more USB copies than usual"); they say little about a behaviour that is new for
 * the person but ordinary for others — a first job-site visit, a first cloud upload, a
 * first thumb drive — which is what most of CERT's insiders show first, and exactly what
 * their benign look-alikes (people who always did it) do not. So each user keeps the
 * features present on their last few active days, and the week's occurrence rate is set
 * against the rate before it by a binomial log-likelihood ratio: k of the week's n active
 * days show the feature; under "nothing changed" each day would with probability p0.
 *
 *   LLR = k ln(k/n / p0) + (n-k) ln((1 - k/n) / (1 - p0))      (0 when k/n <= p0)
 *
 * sqrt(2 LLR) is the signed-root statistic (Wilks), on the same scale as a z-score, so it
 * sits beside the volume z-scores without a new constant. A week of repeated weak signals
 * builds up where one odd day does not: the corroboration the single-day scores lack. */
#include "ueba_int.h"

#include <math.h>

void ueba_recent_add(ueba_recent *r, int32_t day, uint16_t mask)
{
    r->day[r->next] = day;
    r->mask[r->next] = mask;
    r->next = (uint8_t)((r->next + 1) % UEBA_WEEK);
    if (r->n < UEBA_WEEK) r->n++;
}

uint32_t ueba_recent_count(const ueba_recent *r, int32_t day, int f, uint32_t *active)
{
    uint32_t k = 0, n = 0;
    for (int i = 0; i < r->n; i++)
        if (r->day[i] > day - UEBA_WEEK && r->day[i] < day) {
            n++;
            k += (r->mask[i] >> f) & 1u;
        }
    *active = n;
    return k;
}

double ueba_onset_llr(double k, double n, double p0)
{
    if (n <= 0 || k <= 0 || p0 <= 0 || p0 >= 1) return 0;
    double p = k / n;
    if (p <= p0) return 0;
    double llr = k * log(p / p0);
    if (k < n) llr += (n - k) * log((1 - p) / (1 - p0));
    return llr > 0 ? llr : 0;
}
