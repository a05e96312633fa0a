/* Writing an evaluation out: one JSON object for programs (every number, each insider and
 * each unreadable truth row), and a short table for people. Both come from the same
 * mh_eval_result, so they cannot disagree. */
#include "molehunt/mh_eval.h"

#include <stdio.h>
#include <string.h>

#include "molehunt/mh_json.h"

static bool num(mh_buf *b, double v) { return mh_buf_printf(b, "%.10g", v); }

static bool str(mh_buf *b, const char *s) { return mh_json_write_str(b, s ? s : "", s ? strlen(s) : 0); }

static bool time_json(mh_buf *b, mh_time t)
{
    if (t == MH_TIME_NONE) return mh_buf_puts(b, "null");
    char tb[32];
    mh_time_format(t, tb, sizeof tb);
    return str(b, tb);
}

static bool at_json(mh_buf *b, const mh_eval_at *at)
{
    bool ok = mh_buf_printf(b, "{\"k\":%zu,\"found\":", at->k) && num(b, at->found);
    ok = ok && mh_buf_puts(b, ",\"recall\":") && num(b, at->recall);
    return ok && mh_buf_puts(b, ",\"precision\":") && num(b, at->precision) && mh_buf_putc(b, '}');
}

bool mh_eval_write_json(mh_buf *b, const mh_eval_result *r, const mh_eval_truth *t)
{
    bool ok = mh_buf_printf(b, "{\"population\":%zu,\"insiders\":%zu,\"insiders_ranked\":%zu,\"insiders_unranked\":[",
                            r->population, r->insiders, r->insiders_ranked);
    for (size_t i = 0, n = 0; ok && i < r->nins; i++)
        if (!r->ins[i].ranked) ok = (!n++ || mh_buf_putc(b, ',')) && str(b, r->ins[i].person);
    ok = ok && mh_buf_puts(b, "],\"recall_at_1pct\":") && at_json(b, &r->pct1);
    ok = ok && mh_buf_puts(b, ",\"recall_at_5pct\":") && at_json(b, &r->pct5);
    ok = ok && mh_buf_puts(b, ",\"at_k\":[");
    for (size_t i = 0; ok && i < r->nk; i++) ok = (!i || mh_buf_putc(b, ',')) && at_json(b, &r->at_k[i]);
    ok = ok && mh_buf_puts(b, "],\"roc_auc\":") && (r->auc_defined ? num(b, r->auc) : mh_buf_puts(b, "null"));
    ok = ok && mh_buf_puts(b, ",\"scenarios\":[");
    for (size_t i = 0; ok && i < r->nscen; i++) {
        const mh_eval_scenario *s = &r->scen[i];
        ok = (!i || mh_buf_putc(b, ',')) && mh_buf_puts(b, "{\"scenario\":") && str(b, s->name) &&
             mh_buf_printf(b, ",\"insiders\":%zu,\"at_5pct\":", s->insiders) && at_json(b, &s->at_5pct) &&
             mh_buf_puts(b, ",\"at_insiders\":") && at_json(b, &s->at_insiders) && mh_buf_putc(b, '}');
    }
    ok = ok && mh_buf_printf(b, "],\"time_to_detection_days\":{\"detected\":%zu,\"undetected\":%zu,\"median\":", r->detected,
                             r->nins - r->detected);
    ok = ok && (r->detected ? num(b, r->ttd_median_days) : mh_buf_puts(b, "null")) && mh_buf_puts(b, ",\"worst\":") &&
         (r->detected ? num(b, r->ttd_worst_days) : mh_buf_puts(b, "null"));
    ok = ok && mh_buf_puts(b, "},\"insider_detail\":[");
    for (size_t i = 0; ok && i < r->nins; i++) {
        const mh_eval_insider *in = &r->ins[i];
        ok = (!i || mh_buf_putc(b, ',')) && mh_buf_puts(b, "{\"person\":") && str(b, in->person) &&
             mh_buf_puts(b, ",\"scenario\":") && str(b, in->scenario) && mh_buf_printf(b, ",\"line\":%ld,\"rank\":", in->line);
        ok = ok && (in->ranked ? mh_buf_printf(b, "%zu", in->rank) : mh_buf_puts(b, "null"));
        ok = ok && mh_buf_puts(b, ",\"score\":") && (in->ranked ? num(b, in->score) : mh_buf_puts(b, "null"));
        ok = ok && mh_buf_puts(b, ",\"start\":") && time_json(b, in->start);
        ok = ok && mh_buf_puts(b, ",\"detected_at\":") && time_json(b, in->detected_at);
        ok = ok && mh_buf_puts(b, ",\"ttd_days\":") &&
             (in->detected_at != MH_TIME_NONE ? num(b, (double)(in->detected_at - in->start) / 86400000.0)
                                              : mh_buf_puts(b, "null"));
        ok = ok && mh_buf_putc(b, '}');
    }
    ok = ok && mh_buf_puts(b, "],\"truth\":{\"file\":") && str(b, t->name) &&
         mh_buf_printf(b, ",\"rows\":%zu,\"unreadable\":%zu,\"problems\":[", t->nrows, t->nbad);
    for (size_t i = 0; ok && i < t->nbad; i++)
        ok = (!i || mh_buf_putc(b, ',')) && mh_buf_printf(b, "{\"line\":%ld,\"message\":", t->bad[i].line) &&
             str(b, t->bad[i].msg) && mh_buf_putc(b, '}');
    return ok && mh_buf_puts(b, "]}}\n");
}

static bool at_row(mh_buf *b, const char *label, const mh_eval_at *at)
{
    return mh_buf_printf(b, "  %-22s k=%-6zu found %7.2f  recall %6.1f %%  precision %6.1f %%\n", label, at->k, at->found,
                         100 * at->recall, 100 * at->precision);
}

bool mh_eval_write_table(mh_buf *b, const mh_eval_result *r, const mh_eval_truth *t)
{
    bool ok = mh_buf_printf(b, "ranked people %zu, insiders %zu (%zu ranked), truth rows %zu, unreadable %zu\n",
                            r->population, r->insiders, r->insiders_ranked, t->nrows, t->nbad);
    ok = ok && mh_buf_puts(b, "budgets\n") && at_row(b, "top 1 %", &r->pct1) && at_row(b, "top 5 %", &r->pct5);
    for (size_t i = 0; ok && i < r->nk; i++) {
        char label[32];
        snprintf(label, sizeof label, "top %zu", r->at_k[i].k);
        ok = at_row(b, label, &r->at_k[i]);
    }
    if (r->auc_defined) ok = ok && mh_buf_printf(b, "ROC AUC %.4f\n", r->auc);
    else ok = ok && mh_buf_puts(b, "ROC AUC undefined (needs ranked insiders and ranked others)\n");
    ok = ok && mh_buf_printf(b, "scenarios%*s insiders  recall@5%%  recall@%zu\n", 16, "", r->insiders);
    for (size_t i = 0; ok && i < r->nscen; i++) {
        const mh_eval_scenario *s = &r->scen[i];
        ok = mh_buf_printf(b, "  %-22.22s %8zu  %7.1f %%  %7.1f %%\n", s->name[0] ? s->name : "(none)", s->insiders,
                           100 * s->at_5pct.recall, 100 * s->at_insiders.recall);
    }
    ok = ok && mh_buf_printf(b, "time to detection: %zu detected, %zu undetected", r->detected, r->nins - r->detected);
    if (r->detected)
        ok = ok && mh_buf_printf(b, "; median %.2f days, worst %.2f days", r->ttd_median_days, r->ttd_worst_days);
    ok = ok && mh_buf_putc(b, '\n');
    for (size_t i = 0; ok && i < r->nins; i++)
        if (!r->ins[i].ranked)
            ok = mh_buf_printf(b, "not ranked (counted as missed): %s (%s:%ld)\n", r->ins[i].person, t->name, r->ins[i].line);
    return ok;
}
