/* The pipes a result goes through on its way to the caller's callback: head, filter and
 * unique as it passes, tail and sort by keeping results until the matcher finishes; and
 * the head and tail lifted out of a sequence or sample at compile time. */
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

/* One state per pipe, and at least two: a sequence's or sample's lifted head and tail. */
static uint32_t pipe_count(const mh_eql_query *q) { return q->ast->npipes > 2 ? q->ast->npipes : 2; }

pipe_state *eql_pipes_new(const mh_eql_query *q) { return calloc(pipe_count(q), sizeof(pipe_state)); }

void eql_pipes_finish(mh_eql_matcher *m)
{
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
}

void eql_pipes_free(mh_eql_matcher *m)
{
    if (!m->pipes) return;
    for (uint32_t i = 0; i < pipe_count(m->q); i++) {
        for (size_t k = 0; k < m->pipes[i].n; k++) unkeep(m, m->pipes[i].items[k]);
        free(m->pipes[i].items);
        mh_hset_free(&m->pipes[i].seen);
    }
    free(m->pipes);
    m->pipes = NULL;
}
