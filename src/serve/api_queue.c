/* GET /api/v1/queue: the ranked people (by pseudonym) with their MICE axes, guideline
 * scores and a score trend, filtered by minimum score, axis or guideline, a page at a
 * time. The trend is the person's score recomputed as of eight dates over the two years
 * before their latest alert, from the stored alerts, with the same model detect uses. */
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_score.h"
#include "serve_int.h"

#define TREND_POINTS 8

typedef struct qctx {
    srv_req *r;
    long offset, limit, total, rank;
    double min;
    int axis;       /* -1: any */
    char guideline; /* 0: any */
    bool trend;
    mh_arena a;
    bool first;
} qctx;

typedef struct trend_ctx {
    mh_score_input *in;
    size_t n, cap;
    mh_arena *a;
} trend_ctx;

static int axis_of(const char *name, size_t n)
{
    for (int i = 0; i < MH_AXIS__COUNT; i++)
        if (strlen(mh_axis_name((mh_axis)i)) == n && memcmp(mh_axis_name((mh_axis)i), name, n) == 0) return i;
    return -1;
}

static int on_alert(void *vctx, const mh_alert_rec *al)
{
    trend_ctx *t = vctx;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        mh_score_input *nv = mh_arena_alloc(t->a, cap * sizeof *nv);
        if (!nv) return 1;
        if (t->n) memcpy(nv, t->in, t->n * sizeof *nv);
        t->in = nv, t->cap = cap;
    }
    mh_jv body;
    mh_score_input *x = &t->in[t->n];
    memset(x, 0, sizeof *x);
    x->rule = mh_arena_strndup(t->a, al->rule, strlen(al->rule));
    x->severity = al->severity, x->mitigation = al->mitigation, x->ts = al->ts;
    if (al->body && mh_json_parse(al->body, strlen(al->body), t->a, &body, NULL)) {
        mh_str ax = mh_json_str(mh_json_get(&body, "axis"));
        int ai = axis_of(ax.ptr, ax.len);
        x->axis = ai < 0 ? MH_AXIS_COMPROMISE : (mh_axis)ai;
        const mh_jv *g = mh_json_get(&body, "guidelines");
        if (g && g->type == MH_JARR) {
            const char *codes[32];
            size_t nc = 0;
            for (uint32_t i = 0; i < g->len && nc < 32; i++)
                if (g->u.items[i].type == MH_JSTR) codes[nc++] = mh_arena_strndup(t->a, g->u.items[i].u.s, g->u.items[i].len);
            x->guidelines = mh_score_guideline_bits(codes, nc);
        }
    }
    t->n++;
    return 0;
}

static void put_trend(qctx *q, const char *person)
{
    mh_buf *b = &q->r->out;
    trend_ctx t = {.a = &q->a};
    mh_err e;
    mh_err_clear(&e);
    if (mh_store_alerts_each(q->r->store, person, on_alert, &t, &e) || t.n == 0) {
        mh_buf_puts(b, "[]");
        return;
    }
    mh_time last = t.in[0].ts;
    for (size_t i = 1; i < t.n; i++) last = MH_MAX(last, t.in[i].ts);
    const mh_time span = (mh_time)730 * 86400000;
    mh_buf_putc(b, '[');
    for (int k = 0; k < TREND_POINTS; k++) {
        mh_score_opts o;
        mh_score_opts_default(&o);
        o.as_of = last - span + span * k / (TREND_POINTS - 1);
        /* mh_score_person sorts in place and ignores alerts after as_of. */
        mh_person_score ps;
        mh_score_person(t.in, t.n, &o, &ps);
        char d[16];
        mh_time_format_date(o.as_of, d, sizeof d);
        mh_buf_printf(b, "%s{\"date\":\"%s\",\"score\":%.4f}", k ? "," : "", d, ps.score);
    }
    mh_buf_putc(b, ']');
}

static bool wanted(qctx *q, const mh_jv *body)
{
    if (q->axis >= 0) {
        const mh_jv *v = mh_json_get(mh_json_get(body, "axes"), mh_axis_name((mh_axis)q->axis));
        if (!v || v->type != MH_JNUM || v->u.num.d <= 0.05) return false;
    }
    if (q->guideline) {
        char k[2] = {q->guideline, 0};
        const mh_jv *v = mh_json_get(mh_json_get(body, "guidelines"), k);
        if (!v || v->type != MH_JNUM || v->u.num.d <= 0.05) return false;
    }
    return true;
}

static int on_score(void *vctx, const mh_score_rec *rec)
{
    qctx *q = vctx;
    if (rec->score < q->min) return 1; /* highest first: nothing below can qualify */
    mh_arena_reset(&q->a);
    mh_jv body;
    if (!rec->body || !mh_json_parse(rec->body, strlen(rec->body), &q->a, &body, NULL)) body.type = MH_JNULL;
    q->rank++;
    if (!wanted(q, &body)) return 0;
    q->total++;
    if (q->total <= q->offset || q->total > q->offset + q->limit) return 0;
    mh_buf *b = &q->r->out;
    char ps[MH_PSEUDONYM_LEN], det[16] = "";
    srv_pseudo(q->r->sv, rec->person, ps);
    if (rec->detected_at != MH_TIME_NONE) mh_time_format_date(rec->detected_at, det, sizeof det);
    mh_buf_printf(b, "%s{\"rank\":%ld,\"person\":\"%s\",\"score\":%.4f,\"detected_at\":", q->first ? "" : ",", q->rank, ps,
                  rec->score);
    q->first = false;
    if (det[0]) mh_buf_printf(b, "\"%s\"", det);
    else mh_buf_puts(b, "null");
    const mh_jv *axes = mh_json_get(&body, "axes"), *gl = mh_json_get(&body, "guidelines");
    const mh_jv *ind = mh_json_get(&body, "indicators"), *al = mh_json_get(&body, "alerts");
    mh_buf_puts(b, ",\"axes\":");
    if (axes && axes->type == MH_JOBJ) mh_json_write(b, axes);
    else mh_buf_puts(b, "{}");
    mh_buf_puts(b, ",\"guidelines\":");
    if (gl && gl->type == MH_JOBJ) mh_json_write(b, gl);
    else mh_buf_puts(b, "{}");
    mh_buf_printf(b, ",\"indicators\":%lld,\"alerts\":%lld", ind && ind->type == MH_JNUM ? (long long)ind->u.num.d : 0LL,
                  al && al->type == MH_JNUM ? (long long)al->u.num.d : 0LL);
    if (q->trend) {
        mh_buf_puts(b, ",\"trend\":");
        put_trend(q, rec->person);
    }
    mh_buf_putc(b, '}');
    return 0;
}

static bool num_arg(srv_req *r, const char *name, double lo, double hi, double *out)
{
    const char *s = srv_arg(r, name);
    if (!s) return true;
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || v < lo || v > hi) {
        srv_reply_error(r, 400, "input", "'%s' must be a number from %g to %g", name, lo, hi);
        return false;
    }
    *out = v;
    return true;
}

void api_queue(srv_req *r)
{
    double limit = 50, offset = 0, min = 0;
    if (!num_arg(r, "limit", 1, 500, &limit) || !num_arg(r, "offset", 0, 1e9, &offset) ||
        !num_arg(r, "min_score", 0, 1, &min))
        return;
    qctx q = {.r = r, .limit = (long)limit, .offset = (long)offset, .min = min, .axis = -1, .first = true};
    const char *axis = srv_arg(r, "axis"), *g = srv_arg(r, "guideline"), *trend = srv_arg(r, "trend");
    q.trend = !trend || strcmp(trend, "0") != 0;
    if (axis && *axis) {
        q.axis = axis_of(axis, strlen(axis));
        if (q.axis < 0) return srv_reply_error(r, 400, "input", "'axis' must be money, ideology, compromise or ego");
    }
    if (g && *g) {
        if (strlen(g) != 1 || g[0] < 'A' || g[0] >= 'A' + MH_GUIDELINES)
            return srv_reply_error(r, 400, "input", "'guideline' must be one SEAD-4 letter from A to M");
        q.guideline = g[0];
    }
    mh_arena_init(&q.a, 65536);
    mh_buf_puts(&r->out, "{\"people\":[");
    mh_err e;
    mh_err_clear(&e);
    mh_status st = mh_store_scores_each(r->store, NULL, on_score, &q, &e);
    mh_arena_free(&q.a);
    if (st) return srv_reply_mh_err(r, &e);
    mh_buf_printf(&r->out, "],\"total\":%ld,\"offset\":%ld,\"limit\":%ld,\"pseudonymised\":true}", q.total, q.offset,
                  q.limit);
}
