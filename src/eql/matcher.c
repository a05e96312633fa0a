/* The matcher: one query's run over a stream of events. It checks that time does not go
 * backwards, hands each event to the event-query, sequence or sample machinery, keeps
 * copies of the events that state must outlive the push, and carries results through
 * the pipes (head, tail, filter, unique, sort) to the caller's callback. Memory held for
 * state is counted against the configured limit; see seq.c for what happens when it is
 * reached. */
#include "match_int.h"

#include <stdlib.h>
#include <string.h>

/* A result kept past its callback (tail, sort): one malloc holding hits, keys and texts. */
typedef struct kept {
    mh_eql_result r;
    size_t bytes;
    mh_time ts;
    uint64_t tb;
} kept;

struct pipe_state {
    int64_t count;
    kept **items; /* tail: a ring of the last n; sort: everything */
    size_t n, cap, start;
    mh_hset seen; /* unique: hashes of the keys seen */
};

static kept *keep(mh_eql_matcher *m, const mh_eql_result *r)
{
    size_t bytes = sizeof(kept) + r->nevents * sizeof(mh_eql_hit) + r->nkeys * sizeof(mh_str);
    for (size_t i = 0; i < r->nevents; i++) bytes += r->events[i].json ? r->events[i].len + 1 : 0;
    for (size_t i = 0; i < r->nkeys; i++) bytes += r->keys[i].len + 1;
    kept *k = malloc(bytes);
    if (!k) return NULL;
    mh_eql_hit *hits = (mh_eql_hit *)(k + 1);
    mh_str *keys = (mh_str *)(hits + r->nevents);
    char *t = (char *)(keys + r->nkeys);
    for (size_t i = 0; i < r->nevents; i++) {
        hits[i] = r->events[i];
        if (r->events[i].json) {
            memcpy(t, r->events[i].json, r->events[i].len);
            t[r->events[i].len] = '\0';
            hits[i].json = t;
            t += r->events[i].len + 1;
        }
    }
    for (size_t i = 0; i < r->nkeys; i++) {
        memcpy(t, r->keys[i].ptr, r->keys[i].len);
        t[r->keys[i].len] = '\0';
        keys[i] = (mh_str){t, r->keys[i].len};
        t += r->keys[i].len + 1;
    }
    k->r = *r;
    k->r.events = hits;
    k->r.keys = keys;
    k->bytes = bytes;
    eql_mem_add(m, bytes);
    return k;
}

static void unkeep(mh_eql_matcher *m, kept *k)
{
    if (!k) return;
    eql_mem_sub(m, k->bytes);
    free(k);
}

static bool deliver(mh_eql_matcher *m, const mh_eql_result *r)
{
    m->st.results++;
    if (m->fn && m->fn(m->ctx, r)) m->done = true;
    return !m->done;
}

static const mh_jv *doc_of(mh_eql_matcher *m, const mh_eql_result *r)
{
    if (!r->nevents || !r->events[0].json) return NULL;
    mh_jv *v = mh_arena_alloc(&m->scratch, sizeof *v);
    if (!v || !mh_json_parse(r->events[0].json, r->events[0].len, &m->scratch, v, NULL)) return NULL;
    return v;
}

static bool buffering_before(const mh_eql_ast *a, uint32_t i)
{
    for (uint32_t k = 0; k < i; k++)
        if (a->pipes[k].kind == P_TAIL || a->pipes[k].kind == P_SORT) return true;
    return false;
}

/* Keeps result R in a pipe's buffer: a ring of the last LIMIT results for tail, every
 * result when LIMIT is 0 (sort). */
static void keep_result(mh_eql_matcher *m, pipe_state *ps, size_t limit, const mh_eql_result *r)
{
    kept *k = keep(m, r);
    if (!k) return;
    if (limit && ps->n == limit) {
        unkeep(m, ps->items[ps->start]);
        ps->items[ps->start] = k;
        ps->start = (ps->start + 1) % ps->n;
        return;
    }
    if (ps->n == ps->cap) {
        size_t nc = ps->cap ? ps->cap * 2 : 16;
        kept **ni = realloc(ps->items, nc * sizeof *ni);
        if (!ni) {
            unkeep(m, k);
            return;
        }
        ps->items = ni;
        ps->cap = nc;
    }
    ps->items[ps->n++] = k;
}

static void emit_from(mh_eql_matcher *m, const mh_eql_result *r, const mh_jv *doc, uint32_t from)
{
    const mh_eql_ast *a = m->q->ast;
    uint32_t np = m->q->ast->kind == MH_EQL_EVENT ? a->npipes : 0;
    for (uint32_t i = from; i < np && !m->done; i++) {
        const eql_pipe *p = &a->pipes[i];
        pipe_state *ps = &m->pipes[i];
        switch (p->kind) {
        case P_HEAD:
            if (ps->count >= p->n) {
                if (!buffering_before(a, i)) m->done = true;
                return;
            }
            ps->count++;
            break;
        case P_FILTER: {
            if (!doc) doc = doc_of(m, r);
            eql_ctx c = {.doc = doc, .scratch = &m->scratch};
            if (!doc || !eql_truthy(eql_eval(p->args[0], &c))) return;
            break;
        }
        case P_UNIQUE: {
            if (!doc) doc = doc_of(m, r);
            eql_ctx c = {.doc = doc, .scratch = &m->scratch};
            mh_buf b;
            mh_buf_init(&b, 0);
            for (uint32_t k = 0; k < p->nargs; k++) {
                mh_str s = eql_to_json(eql_eval(p->args[k], &c), &m->scratch);
                mh_buf_append(&b, s.ptr, s.len);
                mh_buf_putc(&b, '\x1f');
            }
            uint64_t h = mh_hash64(b.data ? b.data : "", b.len, 7);
            mh_buf_free(&b);
            /* out of memory: let the result through rather than lose it */
            if (mh_hset_add(&ps->seen, h) == 0) return;
            eql_mem_add(m, sizeof(uint64_t));
            break;
        }
        case P_TAIL:
        case P_SORT: {
            if (p->kind == P_TAIL && p->n == 0) return;
            keep_result(m, ps, p->kind == P_TAIL ? (size_t)p->n : 0, r);
            return;
        }
        default: break;
        }
    }
    if (m->done) return;
    /* head on a sequence or sample (lifted out at compile time) */
    if (a->kind != MH_EQL_EVENT && m->q->head >= 0) {
        if (m->pipes[0].count >= m->q->head) { m->done = m->q->tail < 0; return; }
        m->pipes[0].count++;
    }
    if (a->kind != MH_EQL_EVENT && m->q->tail >= 0) {
        pipe_state *ps = &m->pipes[1];
        if (m->q->tail == 0) return;
        keep_result(m, ps, (size_t)m->q->tail, r);
        return;
    }
    deliver(m, r);
}

void eql_emit(mh_eql_matcher *m, const mh_eql_result *r, const mh_jv *doc) { emit_from(m, r, doc, 0); }

ev_copy *eql_cur_copy(mh_eql_matcher *m)
{
    if (m->cur_copy) return m->cur_copy;
    const mh_eql_event *ev = m->cur;
    ev_copy *c = malloc(sizeof *c + ev->len + 1);
    if (!c) return NULL;
    c->rc = 1;
    c->len = (uint32_t)ev->len;
    c->ts = ev->ts;
    c->tb = ev->tiebreak;
    memcpy(c->json, ev->json, ev->len);
    c->json[ev->len] = '\0';
    eql_mem_add(m, sizeof *c + ev->len + 1);
    m->cur_copy = c;
    return c;
}

void eql_copy_ref(ev_copy *c) { c->rc++; }

void eql_copy_unref(mh_eql_matcher *m, ev_copy *c)
{
    if (!c || --c->rc) return;
    eql_mem_sub(m, sizeof *c + c->len + 1);
    free(c);
}

bool eql_step_match(mh_eql_matcher *m, const eql_step *s, const mh_jv *doc)
{
    if (!eql_category_match(m->q, s, doc)) return false;
    eql_ctx c = {.doc = doc, .scratch = &m->scratch};
    return eql_truthy(eql_eval(s->where, &c));
}

mh_eql_matcher *mh_eql_matcher_new(const mh_eql_query *q, const mh_eql_limits *lim, mh_eql_result_fn fn, void *ctx)
{
    mh_eql_matcher *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->q = q;
    m->fn = fn;
    m->ctx = ctx;
    m->max_mem = lim && lim->max_memory ? lim->max_memory : (size_t)256 << 20;
    mh_arena_init(&m->scratch, 16384);
    uint32_t np = q->ast->npipes > 2 ? q->ast->npipes : 2;
    m->pipes = calloc(np, sizeof *m->pipes);
    if (!m->pipes) goto fail;
    if (q->ast->kind == MH_EQL_SEQUENCE && !(m->seq = eql_seq_new(m))) goto fail;
    if (q->ast->kind == MH_EQL_SAMPLE && !(m->sample = eql_sample_new(m))) goto fail;
    return m;
fail:
    mh_eql_matcher_free(m);
    return NULL;
}

mh_status mh_eql_matcher_push(mh_eql_matcher *m, const mh_eql_event *ev, mh_err *e)
{
    if (m->done) return MH_OK;
    if (!ev || !ev->doc || ev->doc->type != MH_JOBJ) {
        m->st.rejected++;
        return mh_err_set(e, MH_E_INPUT, "an event must be a JSON object");
    }
    if (m->have_last && (ev->ts < m->last_ts || (ev->ts == m->last_ts && ev->tiebreak < m->last_tb))) {
        m->st.rejected++;
        return mh_err_set(e, MH_E_INPUT, "event goes back in time (%lld after %lld)", (long long)ev->ts, (long long)m->last_ts);
    }
    m->have_last = true;
    m->last_ts = ev->ts;
    m->last_tb = ev->tiebreak;
    if (ev->ts > m->now || m->st.events == 0) m->now = ev->ts;
    mh_arena_reset(&m->scratch);
    m->cur = ev;
    m->cur_copy = NULL;
    m->st.events++;
    mh_status st = MH_OK;
    switch (m->q->ast->kind) {
    case MH_EQL_EVENT:
        if (eql_step_match(m, m->q->stages[0], ev->doc)) {
            mh_eql_hit hit = {ev->json, ev->len, ev->ts, ev->tiebreak};
            mh_eql_result r = {.query = m->q, .nevents = 1, .events = &hit};
            eql_emit(m, &r, ev->doc);
        }
        break;
    case MH_EQL_SEQUENCE: st = eql_seq_push(m, m->seq, ev->doc, e); break;
    case MH_EQL_SAMPLE: st = eql_sample_push(m, m->sample, ev->doc, e); break;
    }
    if (m->cur_copy) eql_copy_unref(m, m->cur_copy);
    m->cur_copy = NULL;
    m->cur = NULL;
    return st;
}

mh_status mh_eql_matcher_advance(mh_eql_matcher *m, mh_time now, mh_err *e)
{
    (void)e;
    if (now > m->now) m->now = now;
    if (m->seq && !m->done) eql_seq_clock(m, m->seq, m->now);
    return MH_OK;
}

/* The sort pipe's order: its key expressions evaluated on each kept event (reparsed). */
static int cmp_sorted(mh_eql_matcher *m, const eql_pipe *p, const kept *a, const kept *b)
{
    mh_arena *s = &m->scratch;
    mh_jv da, db;
    bool oka = mh_json_parse(a->r.events[0].json, a->r.events[0].len, s, &da, NULL);
    bool okb = mh_json_parse(b->r.events[0].json, b->r.events[0].len, s, &db, NULL);
    for (uint32_t k = 0; k < p->nargs && oka && okb; k++) {
        eql_ctx ca = {.doc = &da, .scratch = s}, cb = {.doc = &db, .scratch = s};
        eql_val va = eql_scalar(eql_eval(p->args[k], &ca)), vb = eql_scalar(eql_eval(p->args[k], &cb));
        if (va.t == V_NULL || vb.t == V_NULL) {
            if (va.t != vb.t) return va.t == V_NULL ? 1 : -1; /* nulls last */
            continue;
        }
        int c = eql_compare(va, vb, false);
        if (c != 0 && c != 2) return c;
    }
    /* stable: keep arrival order */
    if (a->r.events[0].ts != b->r.events[0].ts) return a->r.events[0].ts < b->r.events[0].ts ? -1 : 1;
    return a->r.events[0].tiebreak < b->r.events[0].tiebreak ? -1 : a->r.events[0].tiebreak > b->r.events[0].tiebreak;
}

/* A stable merge sort with a context (qsort has none in C17). */
static void sort_kept(mh_eql_matcher *m, const eql_pipe *p, kept **v, kept **tmp, size_t n)
{
    if (n < 2) return;
    size_t h = n / 2;
    sort_kept(m, p, v, tmp, h);
    sort_kept(m, p, v + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        mh_arena_reset(&m->scratch);
        tmp[k++] = cmp_sorted(m, p, v[j], v[i]) < 0 ? v[j++] : v[i++];
    }
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

static void flush_pipe(mh_eql_matcher *m, pipe_state *ps, uint32_t next_pipe, bool lifted)
{
    for (size_t k = 0; k < ps->n; k++) {
        size_t i = (ps->start + k) % ps->n;
        if (!m->done) {
            mh_arena_reset(&m->scratch);
            if (lifted) deliver(m, &ps->items[i]->r);
            else emit_from(m, &ps->items[i]->r, NULL, next_pipe);
        }
    }
    for (size_t k = 0; k < ps->n; k++) unkeep(m, ps->items[k]);
    ps->n = ps->start = 0;
}

mh_status mh_eql_matcher_finish(mh_eql_matcher *m, mh_err *e)
{
    (void)e;
    if (m->seq) eql_seq_finish(m, m->seq);
    if (m->sample) eql_sample_finish(m, m->sample);
    const mh_eql_ast *a = m->q->ast;
    if (a->kind == MH_EQL_EVENT) {
        for (uint32_t i = 0; i < a->npipes; i++) {
            pipe_state *ps = &m->pipes[i];
            if (a->pipes[i].kind == P_SORT && ps->n) {
                kept **tmp = malloc(ps->n * sizeof *tmp);
                if (tmp) sort_kept(m, &a->pipes[i], ps->items, tmp, ps->n);
                free(tmp);
            }
            if (a->pipes[i].kind == P_TAIL || a->pipes[i].kind == P_SORT) flush_pipe(m, ps, i + 1, false);
        }
    } else if (m->q->tail >= 0) {
        flush_pipe(m, &m->pipes[1], 0, true);
    }
    m->done = true;
    return MH_OK;
}

bool mh_eql_matcher_done(const mh_eql_matcher *m) { return m->done; }

void mh_eql_matcher_stats(const mh_eql_matcher *m, mh_eql_stats *out) { *out = m->st; }

void mh_eql_matcher_free(mh_eql_matcher *m)
{
    if (!m) return;
    if (m->seq) eql_seq_free(m, m->seq);
    if (m->sample) eql_sample_free(m, m->sample);
    uint32_t np = m->q->ast->npipes > 2 ? m->q->ast->npipes : 2;
    for (uint32_t i = 0; m->pipes && i < np; i++) {
        for (size_t k = 0; k < m->pipes[i].n; k++) unkeep(m, m->pipes[i].items[k]);
        free(m->pipes[i].items);
        mh_hset_free(&m->pipes[i].seen);
    }
    free(m->pipes);
    mh_arena_free(&m->scratch);
    free(m);
}
