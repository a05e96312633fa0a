/* From text to the compiled query: parse, check, then lay the steps out for execution
 * (runs=N expanded into N stages; head/tail lifted out for sequences and samples; field
 * names for the category and timestamp fixed). The query owns one arena holding all of it
 * and is never written again after mh_eql_compile returns, so matchers can share it. */
#include "eql_int.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

mh_eql_query *mh_eql_compile(const char *text, size_t n, const mh_eql_options *o, mh_eql_diags *d)
{
    static const mh_eql_options defaults = {0};
    if (!o) o = &defaults;
    if (!d) { /* the caller does not want the messages, but errors must still be seen */
        mh_eql_diags local;
        mh_eql_diags_init(&local);
        mh_eql_query *r = mh_eql_compile(text, n, o, &local);
        mh_eql_diags_free(&local);
        return r;
    }
    mh_eql_query *q = calloc(1, sizeof *q);
    if (!q) return NULL;
    mh_arena_init(&q->arena, 16384);
    q->opt = *o;
    size_t before = d->n;
    char *src = mh_arena_strndup(&q->arena, text, n);
    if (!src) goto fail;
    q->ast = mh_eql_parse(src, n, &q->arena, d);
    if (!q->ast || d->n > before) goto fail;
    if (!eql_check(q->ast, o, &q->arena, d)) goto fail;
    const char *cf = o->category_field ? o->category_field : "event.category";
    const char *tf = o->timestamp_field ? o->timestamp_field : "@timestamp";
    q->cat_field = mh_arena_strndup(&q->arena, cf, strlen(cf));
    q->cat_len = strlen(cf);
    q->ts_field = mh_arena_strndup(&q->arena, tf, strlen(tf));
    q->ts_len = strlen(tf);
    q->head = q->tail = -1;
    mh_eql_ast *a = q->ast;
    if (a->kind != MH_EQL_EVENT) {
        for (uint32_t i = 0; i < a->npipes; i++) {
            if (a->pipes[i].kind == P_HEAD) q->head = q->head < 0 ? a->pipes[i].n : MH_MIN(q->head, a->pipes[i].n);
            if (a->pipes[i].kind == P_TAIL) q->tail = q->tail < 0 ? a->pipes[i].n : MH_MIN(q->tail, a->pipes[i].n);
        }
    }
    q->nkeys = a->nby + (a->nsteps ? a->steps[0].nby : 0);
    for (uint32_t i = 0; i < a->nsteps; i++) {
        q->nstages += (uint32_t)a->steps[i].runs;
        q->has_missing |= a->steps[i].missing;
    }
    q->stages = mh_arena_alloc(&q->arena, (q->nstages ? q->nstages : 1) * sizeof *q->stages);
    if (!q->stages) goto fail;
    uint32_t k = 0;
    for (uint32_t i = 0; i < a->nsteps; i++)
        for (int64_t r = 0; r < a->steps[i].runs; r++) q->stages[k++] = &a->steps[i];
    if (!q->cat_field || !q->ts_field) goto fail;
    return q;
fail:
    if (d->n == before) eql_diag_add(d, 1, 1, 1, NULL, "out of memory while compiling the query");
    mh_eql_query_free(q);
    return NULL;
}

void mh_eql_query_free(mh_eql_query *q)
{
    if (!q) return;
    eql_release(q->ast);
    mh_arena_free(&q->arena);
    free(q);
}

mh_eql_kind mh_eql_query_kind(const mh_eql_query *q) { return q->ast->kind; }

bool eql_category_match(const mh_eql_query *q, const eql_step *s, const mh_jv *doc)
{
    if (!s->category) return true;
    const mh_jv *c = mh_json_get_path(doc, q->cat_field, q->cat_len);
    if (!c) return false;
    if (c->type == MH_JSTR) return c->len == s->catlen && memcmp(c->u.s, s->category, s->catlen) == 0;
    if (c->type == MH_JARR)
        for (uint32_t i = 0; i < c->len; i++) {
            const mh_jv *e = &c->u.items[i];
            if (e->type == MH_JSTR && e->len == s->catlen && memcmp(e->u.s, s->category, s->catlen) == 0) return true;
        }
    return false;
}

bool mh_eql_event_time(const mh_eql_query *q, const mh_jv *doc, mh_time *ts)
{
    const mh_jv *v = mh_json_get_path(doc, q->ts_field, q->ts_len);
    if (!v) return false;
    if (v->type == MH_JNUM) {
        if (v->is_int) { *ts = v->u.num.i; return true; }
        if (v->u.num.d > -9e15 && v->u.num.d < 9e15) { *ts = (mh_time)v->u.num.d; return true; }
        return false;
    }
    if (v->type != MH_JSTR || v->len == 0) return false;
    bool digits = true;
    for (uint32_t i = 0; i < v->len; i++)
        if (!((v->u.s[i] >= '0' && v->u.s[i] <= '9') || (i == 0 && v->u.s[i] == '-'))) { digits = false; break; }
    if (digits && v->len < 19) {
        char buf[24];
        memcpy(buf, v->u.s, v->len);
        buf[v->len] = '\0';
        *ts = strtoll(buf, NULL, 10);
        return true;
    }
    mh_time lo, hi;
    if (!mh_time_parse_iso(v->u.s, v->len, &lo, &hi, NULL)) return false;
    *ts = lo;
    return true;
}

static bool explain_step(mh_buf *out, const eql_step *s, const char *label)
{
    return mh_buf_printf(out, "  %s: category %.*s%s%s, %u step key%s\n", label, s->category ? (int)s->catlen : 3,
                         s->category ? s->category : "any", s->missing ? ", missing event" : "",
                         s->runs > 1 ? ", repeated" : "", s->nby, s->nby == 1 ? "" : "s");
}

bool mh_eql_query_explain(const mh_eql_query *q, mh_buf *out)
{
    const mh_eql_ast *a = q->ast;
    static const char *kinds[] = {"event query", "sequence", "sample"};
    bool ok = mh_buf_printf(out, "%s: %u stage%s, %u join key%s", kinds[a->kind], q->nstages, q->nstages == 1 ? "" : "s",
                            q->nkeys, q->nkeys == 1 ? "" : "s");
    if (a->maxspan > 0) ok &= mh_buf_printf(out, ", maxspan %lld ms", (long long)a->maxspan);
    else if (a->kind == MH_EQL_SEQUENCE) ok &= mh_buf_puts(out, ", no maxspan (pending sequences live until evicted)");
    ok &= mh_buf_printf(out, ", %s mode\n", q->opt.seq_mode == MH_EQL_SEQ_ALL ? "all" : "latest");
    for (uint32_t i = 0; i < q->nstages; i++) {
        char label[32];
        snprintf(label, sizeof label, "stage %u", i + 1);
        ok &= explain_step(out, q->stages[i], label);
    }
    if (a->until) ok &= explain_step(out, a->until, "until");
    return ok;
}
