/* The CERT protocol's figures as a table for people and as one JSON object, laid out so
 * they can be read beside Tuor et al. (CR-k) and Le et al. (detection rate at a fixed
 * false-positive rate). */
#include "molehunt/mh_eval.h"
#include "molehunt/mh_json.h"

#include <math.h>
#include <string.h>

static const int shown[] = {25, 50, 100, 200, 250, 400, 500, 1000};

static void date_of(int32_t day, char *out, size_t n) { mh_time_format_date((mh_time)day * 86400000, out, n); }

bool mh_eval_cert_write_table(mh_buf *b, const mh_eval_cert_result *r)
{
    char d0[16], d1[16], ds[16];
    date_of(r->first_day, d0, sizeof d0), date_of(r->last_day, d1, sizeof d1), date_of(r->split_day, ds, sizeof ds);
    bool ok = mh_buf_printf(b, "CERT protocol: %zu users, days %s .. %s, test from %s: %zu user-days, %zu malicious\n",
                            r->users, d0, d1, ds, r->user_days_test, r->malicious_test);
    ok = ok && mh_buf_puts(b, "cumulative recall (CR-k; at most k/25):");
    for (size_t i = 0; i < MH_ARRAY_LEN(shown); i++)
        ok = ok && mh_buf_printf(b, "  CR-%d %.2f/%d", shown[i], r->cr[shown[i] / 25 - 1], shown[i] / 25);
    ok = ok && mh_buf_puts(b, "\nat a fixed false-positive rate (normal test user-days):\n");
    for (int f = 0; f < 6; f++) {
        const mh_eval_cert_fpr *a = &r->at[f];
        ok = ok && mh_buf_printf(b, "  FPR <= %5.2f %%: actual %5.3f %%, insiders detected %5.1f %%, malicious user-days %5.1f %%\n",
                                 a->fpr_target * 100, a->fpr * 100, a->dr * 100, a->day_recall * 100);
    }
    ok = ok && mh_buf_puts(b, "insiders:\n");
    for (size_t k = 0; k < r->nins; k++) {
        const mh_eval_cert_insider *I = &r->ins[k];
        date_of(I->first_day, d0, sizeof d0);
        ok = ok && mh_buf_printf(b, "  %-8s %-10s first %s, %zu malicious days (%zu in test), detected at 0.78 %% FPR: %s, "
                                    "rank by day 7: %zu%s\n",
                                 I->scenario ? I->scenario : "?", I->user, d0, I->ndays, I->ndays_test,
                                 I->detected_078 ? "yes" : "no", I->rank7, I->top1pct7 ? " (top 1 %)" : "");
    }
    ok = ok && mh_buf_printf(b, "in the top 1 %% of users within 7 days of the first malicious day: %zu of %zu\n",
                             r->top1pct7, r->nins);
    if (r->nbad) ok = ok && mh_buf_printf(b, "answer rows that could not be read: %zu\n", r->nbad);
    return ok;
}

bool mh_eval_cert_write_json(mh_buf *b, const mh_eval_cert_result *r)
{
    char d0[16], d1[16], ds[16];
    date_of(r->first_day, d0, sizeof d0), date_of(r->last_day, d1, sizeof d1), date_of(r->split_day, ds, sizeof ds);
    bool ok = mh_buf_printf(b,
                            "{\"users\":%zu,\"first_day\":\"%s\",\"last_day\":\"%s\",\"split\":\"%s\",\"user_days_test\":%zu,"
                            "\"malicious_test\":%zu,\"cr\":{",
                            r->users, d0, d1, ds, r->user_days_test, r->malicious_test);
    for (int i = 0; i < 40; i++) ok = ok && mh_buf_printf(b, "%s\"%d\":%.4f", i ? "," : "", (i + 1) * 25, r->cr[i]);
    ok = ok && mh_buf_puts(b, "},\"at_fpr\":[");
    for (int f = 0; f < 6; f++) {
        const mh_eval_cert_fpr *a = &r->at[f];
        ok = ok && mh_buf_printf(b, "%s{\"target\":%g,\"fpr\":%.6f,\"threshold\":%.6f,\"dr\":%.4f,\"day_recall\":%.4f}",
                                 f ? "," : "", a->fpr_target, a->fpr, isfinite(a->threshold) ? a->threshold : -1.0, a->dr,
                                 a->day_recall);
    }
    ok = ok && mh_buf_puts(b, "],\"insiders\":[");
    for (size_t k = 0; k < r->nins; k++) {
        const mh_eval_cert_insider *I = &r->ins[k];
        date_of(I->first_day, d0, sizeof d0);
        ok = ok && mh_buf_puts(b, k ? ",{\"user\":" : "{\"user\":") && mh_json_write_str(b, I->user, strlen(I->user)) &&
             mh_buf_puts(b, ",\"scenario\":") &&
             mh_json_write_str(b, I->scenario ? I->scenario : "", I->scenario ? strlen(I->scenario) : 0) &&
             mh_buf_printf(b, ",\"first_day\":\"%s\",\"days\":%zu,\"days_test\":%zu,\"detected_078\":%s,\"rank7\":%zu,"
                              "\"top1pct7\":%s}",
                           d0, I->ndays, I->ndays_test, I->detected_078 ? "true" : "false", I->rank7,
                           I->top1pct7 ? "true" : "false");
    }
    return ok && mh_buf_printf(b, "],\"top1pct7\":%zu,\"unreadable_rows\":%zu}\n", r->top1pct7, r->nbad);
}
