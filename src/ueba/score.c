/* The anomaly score of a user-day. Days are taken in date order; each is compared with
 * what came strictly before it — the user's own earlier days and the earlier days of the
 * user's peer group — so a score never depends on the future (the published protocol's
 * temporal split holds by construction). Baselines are medians and MADs read off
 * per-feature histograms of counts (exact up to 15, then in widening bins), so memory is
 * fixed per user and per group however long the data runs.
 *
 *   z_user = (x - median_user) / max(1.4826 MAD_user, floor)   (from MIN_OWN own days on)
 *   z_peer = the same against the peer group's days
 *   z_vol  = min(z_user, z_peer)                  — unusual for the person AND for peers
 *   z_on   = sqrt(2 min(LLR_user, LLR_peer))      — the behaviour just began (onset.c)
 *   z      = clip(c max(z_vol, z_on), 0, cap), c = min(1, own days / min_history)
 *   S      = sum_f a_f weight_f z_f ;  zscore = 1 - exp(-S / 12)
 *   a_f    = 1 + layoff for exfiltration features, 1 for the rest (context.c)
 *   forest = clip(2 (s_iforest(z) - 0.5), 0, 1), the isolation forest on the z vectors
 *   score  = 0.8 zscore + 0.2 forest
 *
 * c is the confidence in a user's own baseline: someone seen on two days (a joiner, or
 * everyone at the start of the data) cannot yet be told from a person who always copies
 * to USB, so their scores count only in part until the user has min_history days of
 * their own. The own baseline is consulted from MIN_OWN days on: with min() it can only
 * lower a score, and a habit shows in a person's first few days. The onset needs
 * MIN_OWN days before the week: without a "before", nothing can be said to begin.
 */
#include "ueba_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NBINS 24
/* Own days before a user's own baseline is consulted at all (see c below). */
#define MIN_OWN 3

/* Cloud uploads weigh 1.6: a direct way out for data, like a leak-site request (2.0) but
 * with innocent uses; with 1.6 an upload that is fully new for the person (z at the cap)
 * raises an alert on its own (1 - exp(-1.6 * 8 / 12) = 0.66 -> 0.8 * 0.66 > 0.5), which at
 * 1.2 it could not, while the habitual uploader, measured against their own days, does not. */
/* A thumb-drive session shows in two features, its connects and its copies, and both
 * count. Counting a session once (the larger weighted z of the two) was measured and not
 * kept: it quietened habitual users' busy days, but CERT2's thumb-drive spike just as much —
 * with both z at the cap, the two agreeing is all that tells 30 copies from a busy day's 4 —
 * and CERT2's spike days fell under the alert threshold (docs/cert.md). */
const float ueba_weight[MH_UF__COUNT] = {
    [MH_UF_AFTER_HOURS] = 1.0f, [MH_UF_OTHER_PC] = 1.0f,    [MH_UF_USB_CONNECT] = 0.7f,
    [MH_UF_USB_FILES] = 1.0f,   [MH_UF_MAIL_OUT_ATT] = 1.0f, [MH_UF_WEB_JOB] = 0.6f,
    [MH_UF_WEB_CLOUD_UP] = 1.6f, [MH_UF_WEB_LEAK] = 2.0f,   [MH_UF_WEB_HACK] = 2.0f,
    [MH_UF_WEB_UPLOAD] = 0.4f,  [MH_UF_DECOY] = 2.0f,       [MH_UF_EXE_USB] = 1.5f,
};

/* Data leaving: files to removable media, outside mail with attachments, cloud uploads,
 * leak sites. Only these does the layoff context weigh more. */
const bool ueba_exfil[MH_UF__COUNT] = {
    [MH_UF_USB_FILES] = true, [MH_UF_MAIL_OUT_ATT] = true, [MH_UF_WEB_CLOUD_UP] = true, [MH_UF_WEB_LEAK] = true,
};

void mh_ueba_opts_default(mh_ueba_opts *o)
{
    o->min_history = 10;
    o->z_cap = 8;
    o->mad_floor = 0.5;
    o->alert_min = 0.5;
    o->trees = 100;
    o->sample = 256;
    o->seed = 1;
}

static const float bin_lo[NBINS] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                                    16, 24, 32, 48, 64, 128, 256, 512};

static int bin_of(float v)
{
    if (v < 16) return v < 0 ? 0 : (int)v;
    int b = NBINS - 1;
    while (b > 16 && v < bin_lo[b]) b--;
    return b;
}

/* A bin's representative value: its lower bound, or the middle of a wide bin. */
static float bin_val(int b) { return b < 16 || b == NBINS - 1 ? bin_lo[b] : (bin_lo[b] + bin_lo[b + 1]) / 2; }

typedef struct hist {
    uint32_t n;               /* days counted */
    uint32_t c[MH_UF__COUNT][NBINS];
} hist;

/* Median and MAD of feature F in H. */
static void med_mad(const hist *h, int f, float *med, float *mad)
{
    uint32_t half = (h->n + 1) / 2, acc = 0;
    int mb = 0;
    for (; mb < NBINS; mb++)
        if ((acc += h->c[f][mb]) >= half) break;
    if (mb == NBINS) mb = NBINS - 1;
    float m = bin_val(mb);
    /* the median of |x - m|: walk outwards from the median bin */
    float dev[NBINS];
    uint32_t cnt[NBINS];
    for (int b = 0; b < NBINS; b++) dev[b] = fabsf(bin_val(b) - m), cnt[b] = h->c[f][b];
    acc = 0;
    float best = 0;
    for (;;) {
        int k = -1;
        for (int b = 0; b < NBINS; b++)
            if (cnt[b] && (k < 0 || dev[b] < dev[k])) k = b;
        if (k < 0) break;
        acc += cnt[k];
        cnt[k] = 0;
        best = dev[k];
        if (acc >= half) break;
    }
    *med = m;
    *mad = best;
}

static int cmp_day(const void *a, const void *b)
{
    const mh_ueba_day *x = a, *y = b;
    if (x->day != y->day) return x->day < y->day ? -1 : 1;
    return x->user < y->user ? -1 : x->user > y->user;
}

static float robust_z(float x, float med, float mad, double floor)
{
    double s = 1.4826 * mad;
    if (s < floor) s = floor;
    return (float)((x - med) / s);
}

/* Days of H showing feature F, smoothed: (k + 1/2) / (n + 1). */
static double rate(const hist *h, int f) { return ((double)(h->n - h->c[f][0]) + 0.5) / ((double)h->n + 1.0); }

/* The onset of feature F for a user on DAY (which shows it): the week's rate against the
 * user's earlier rate and against the peer group's, the smaller, as a z-like statistic. */
static double onset_z(const ueba_recent *r, const hist *mine, const hist *grp, int32_t day, int f)
{
    uint32_t n7, k7 = ueba_recent_count(r, day, f, &n7);
    k7++, n7++; /* today */
    double k_old = (double)(mine->n - mine->c[f][0]) - (k7 - 1), n_old = (double)mine->n - (n7 - 1);
    if (n_old < MIN_OWN || k_old < 0) return 0; /* no "before" to begin after */
    double pg = rate(grp, f), p0 = (k_old + 0.5) / (n_old + 1);
    double llr = MH_MIN(ueba_onset_llr(k7, n7, p0), ueba_onset_llr(k7, n7, pg));
    return sqrt(2 * llr);
}

mh_status mh_ueba_score(mh_ueba_day *days, size_t n, const uint32_t *peer, size_t nusers, const mh_ueba_opts *opts,
                        mh_err *e)
{
    mh_ueba_opts o;
    if (opts) o = *opts;
    else mh_ueba_opts_default(&o);
    if (n) qsort(days, n, sizeof *days, cmp_day);
    uint32_t npeer = 0;
    for (size_t u = 0; u < nusers; u++) npeer = MH_MAX(npeer, peer[u] + 1);
    hist *hu = calloc(nusers ? nusers : 1, sizeof *hu), *hp = calloc(npeer ? npeer : 1, sizeof *hp);
    ueba_recent *rec = calloc(nusers ? nusers : 1, sizeof *rec);
    float *zs = NULL;
    mh_status rc = MH_OK;
    if (!hu || !hp || !rec) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory for baselines");
        goto out;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && days[j].day == days[i].day) j++;
        for (size_t k = i; k < j; k++) {
            mh_ueba_day *d = &days[k];
            if (d->user >= nusers) continue;
            const hist *mine = &hu[d->user], *grp = &hp[peer[d->user]];
            double S = 0, conf = o.min_history > 0 ? MH_MIN(1.0, (double)mine->n / o.min_history) : 1.0;
            for (int f = 0; f < MH_UF__COUNT; f++) {
                float z = 0, med, mad;
                if (d->f[f] > 0 && grp->n >= (uint32_t)o.min_history) {
                    med_mad(grp, f, &med, &mad);
                    z = robust_z(d->f[f], med, mad, o.mad_floor);
                    if (mine->n >= MIN_OWN) {
                        med_mad(mine, f, &med, &mad);
                        z = MH_MIN(z, robust_z(d->f[f], med, mad, o.mad_floor));
                    }
                    z = (float)MH_MAX(z, onset_z(&rec[d->user], mine, grp, d->day, f));
                    z = (float)(z * conf);
                }
                z = z < 0 ? 0 : z > o.z_cap ? (float)o.z_cap : z;
                d->z[f] = z;
                S += ueba_weight[f] * z * (ueba_exfil[f] ? 1.0 + d->layoff : 1.0);
            }
            d->zscore = (float)(1 - exp(-S / 12));
        }
        /* only now does the day join the baselines: peers' same-day activity is not "before" */
        for (size_t k = i; k < j; k++) {
            mh_ueba_day *d = &days[k];
            if (d->user >= nusers) continue;
            hist *mine = &hu[d->user], *grp = &hp[peer[d->user]];
            mine->n++, grp->n++;
            uint16_t mask = 0;
            for (int f = 0; f < MH_UF__COUNT; f++) {
                int b = bin_of(d->f[f]);
                mine->c[f][b]++, grp->c[f][b]++;
                if (d->f[f] > 0) mask |= (uint16_t)(1u << f);
            }
            ueba_recent_add(&rec[d->user], d->day, mask);
        }
        i = j;
    }
    /* The isolation forest sees the z vectors: it isolates unusual combinations that the
     * weighted sum ranks as ordinary. */
    for (size_t i = 0; i < n; i++) days[i].forest = 0;
    if (o.trees > 0 && n >= 16) {
        zs = malloc(n * MH_UF__COUNT * sizeof *zs);
        if (!zs) {
            rc = mh_err_set(e, MH_E_NOMEM, "out of memory for the forest");
            goto out;
        }
        for (size_t i = 0; i < n; i++) memcpy(zs + i * MH_UF__COUNT, days[i].z, sizeof days[i].z);
        mh_ueba_forest *fo;
        if ((rc = mh_ueba_forest_fit(zs, n, MH_UF__COUNT, o.trees, o.sample, o.seed, &fo, e))) goto out;
        for (size_t i = 0; i < n; i++) {
            double s = mh_ueba_forest_score(fo, zs + i * MH_UF__COUNT);
            double f = 2 * (s - 0.5);
            days[i].forest = (float)(f < 0 ? 0 : f > 1 ? 1 : f);
        }
        mh_ueba_forest_free(fo);
    }
    for (size_t i = 0; i < n; i++)
        days[i].score = o.trees > 0 ? 0.8f * days[i].zscore + 0.2f * days[i].forest : days[i].zscore;
out:
    free(zs);
    free(rec);
    free(hu);
    free(hp);
    return rc;
}
