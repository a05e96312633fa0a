/* Scores kept in the store: each covered person's alerts are read back, scored, and
 * written with a JSON body (name, axes, guidelines, counts) that the queue, `explain`
 * and the console show. Every covered person gets a row, 0 when nothing fired, so that
 * evaluation ranks the whole population. */
#include "molehunt/mh_score.h"

#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_json.h"

typedef struct collect {
    mh_arena *a;
    mh_score_input *in;
    size_t n, cap;
    bool failed;
} collect;

static int on_alert(void *vctx, const mh_alert_rec *r)
{
    collect *c = vctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        mh_score_input *ni = realloc(c->in, cap * sizeof *ni);
        if (!ni) { c->failed = true; return 1; }
        c->in = ni;
        c->cap = cap;
    }
    mh_score_input *x = &c->in[c->n++];
    memset(x, 0, sizeof *x);
    x->rule = mh_arena_strndup(c->a, r->rule, strlen(r->rule));
    x->severity = r->severity;
    x->mitigation = r->mitigation;
    x->ts = r->ts;
    x->axis = MH_AXIS__COUNT;
    mh_jv body;
    if (r->body && mh_json_parse(r->body, strlen(r->body), c->a, &body, NULL)) {
        mh_str ax = mh_json_str(mh_json_get(&body, "axis"));
        for (int k = 0; k < MH_AXIS__COUNT; k++)
            if (mh_str_eq_c(ax, mh_axis_name((mh_axis)k))) x->axis = (mh_axis)k;
        const mh_jv *g = mh_json_get(&body, "guidelines");
        for (uint32_t i = 0; g && g->type == MH_JARR && i < g->len; i++) {
            mh_str s = mh_json_str(&g->u.items[i]);
            if (s.len && s.ptr[0] >= 'A' && s.ptr[0] <= 'M') x->guidelines |= 1u << (s.ptr[0] - 'A');
        }
    }
    return 0;
}

static int name_of(void *vctx, const mh_entity *ent)
{
    mh_buf *b = vctx;
    const char *n = mh_entity_first(ent, "name");
    if (n) mh_buf_puts(b, n);
    return 0;
}

static mh_status score_one(mh_store *s, const char *person, const mh_score_opts *o, mh_arena *a, mh_buf *body,
                           size_t *above, mh_err *e)
{
    collect c = {.a = a};
    mh_arena_reset(a);
    mh_status rc = mh_store_alerts_each(s, person, on_alert, &c, e);
    if (!rc && c.failed) rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
    if (rc) {
        free(c.in);
        return rc;
    }
    mh_person_score ps;
    mh_score_person(c.in, c.n, o, &ps);
    free(c.in);
    mh_buf name;
    mh_buf_init(&name, 4096);
    mh_err ignore;
    mh_store_entity_get(s, person, name_of, &name, &ignore);
    mh_buf_reset(body);
    mh_buf_puts(body, "{\"name\":");
    mh_json_write_str(body, name.data ? name.data : "", name.len);
    mh_buf_free(&name);
    mh_buf_puts(body, ",\"axes\":{");
    for (int k = 0; k < MH_AXIS__COUNT; k++)
        mh_buf_printf(body, "%s\"%s\":%.4f", k ? "," : "", mh_axis_name((mh_axis)k), ps.axes[k]);
    mh_buf_puts(body, "},\"guidelines\":{");
    int n = 0;
    for (int g = 0; g < MH_GUIDELINES; g++)
        if (ps.guidelines[g] > 0) mh_buf_printf(body, "%s\"%c\":%.4f", n++ ? "," : "", 'A' + g, ps.guidelines[g]);
    mh_buf_printf(body, "},\"indicators\":%zu,\"alerts\":%zu}", ps.nindicators, ps.nalerts);
    mh_score_rec rec = {.person = person, .score = ps.score, .detected_at = ps.detected_at, .body = body->data};
    if (ps.score >= o->threshold && above) (*above)++;
    return mh_store_score_put(s, &rec, e);
}

typedef struct each_ctx {
    mh_store *s;
    const mh_score_opts *o;
    mh_arena *a;
    mh_buf *body;
    size_t *scored, *above;
    mh_err *e;
    mh_status rc;
} each_ctx;

static int on_covered(void *vctx, const char *id)
{
    each_ctx *x = vctx;
    x->rc = score_one(x->s, id, x->o, x->a, x->body, x->above, x->e);
    if (!x->rc && x->scored) (*x->scored)++;
    return x->rc != MH_OK;
}

mh_status mh_score_store(mh_store *s, mh_graph *g, const char *const *people, const mh_score_opts *o, size_t *scored,
                         size_t *above, mh_err *e)
{
    mh_score_opts d;
    if (!o) {
        mh_score_opts_default(&d);
        o = &d;
    }
    /* Everyone is scored as of the same moment, the latest alert, so that recency counts
     * alike for all and the queue compares like with like. */
    mh_score_opts at = *o;
    if (at.as_of == MH_TIME_NONE) {
        mh_status rc = mh_store_alerts_latest(s, &at.as_of, e);
        if (rc) return rc;
    }
    mh_arena a;
    mh_arena_init(&a, 32 * 1024);
    mh_buf body;
    mh_buf_init(&body, 0);
    each_ctx x = {s, &at, &a, &body, scored, above, e, MH_OK};
    if (people) {
        for (const char *const *p = people; *p && !x.rc; p++) on_covered(&x, *p);
    } else {
        mh_graph_covered_each(g, on_covered, &x);
    }
    mh_arena_free(&a);
    mh_buf_free(&body);
    return x.rc;
}
