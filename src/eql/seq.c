/* Sequences, streaming. State is kept per join key: for each step, the pending partial
 * sequences that have reached it. By default (Elasticsearch's documented semantics) a
 * step holds at most one per key and a newer one replaces it; in `all` mode every
 * partial match is kept and extended. Each event is tried against the steps from last to
 * first, so one event can complete an older sequence and also start a new one without
 * extending itself.
 *
 * Expiry never scans: partial sequences sit in one list ordered by their first event's
 * time (new ones are appended; clones in `all` mode go right after their original), so
 * those past maxspan are always at its head. The same list gives the oldest sequence to
 * evict when the memory limit is reached; evictions are counted in the stats.
 *
 * Missing-event steps (![...]) keep, per key, when the last event matching them was seen:
 * one between two positive steps voids a partial sequence that spans it; one before the
 * first positive step within maxspan stops a sequence from starting; one after the last
 * positive step within maxspan of the first voids a completed sequence, which is
 * therefore held (in a heap ordered by the end of its window) until the clock passes the
 * window or the input ends. */
#include "match_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct keystate keystate;
typedef struct seq seq;

struct seq {
    keystate *ks;
    uint32_t stage;
    int32_t hidx;   /* index in the held heap, -1 when not held */
    bool has_lead;  /* a leading missing step was seen within maxspan before the start */
    mh_time start_ts, deadline, lead_ts;
    uint64_t seqno; /* completion order: ties in the held heap keep it */
    seq *qprev, *qnext; /* the expiry list */
    seq *sprev, *snext; /* ks->at[stage] */
    ev_copy *ev[];
};

typedef struct ordinal {
    mh_time ts;
    uint64_t tb;
    bool set;
} ordinal;

struct keystate {
    eql_keyent ent; /* first: the table's entry is the key state */
    mh_str *keys; /* rendered on first result */
    size_t keysbytes;
    uint32_t npending, nheld;
    uint32_t pin; /* > 0 while an event is being applied to this key: not freed meanwhile */
    bool idle;
    mh_time idle_ts;
    keystate *iprev, *inext;
    seq **at;
    ordinal *lastm;
    seq *held; /* completed, waiting for a trailing window (linked by sprev/snext) */
};

struct seq_state {
    uint32_t nst;
    int32_t first_pos, last_pos;
    int32_t *prev_pos;
    bool leading, trailing;
    int64_t maxspan;
    eql_keytab keys;
    seq *qhead, *qtail;
    keystate *ihead, *itail;
    seq **heap;
    size_t nheap, capheap;
    size_t seq_bytes;
    const eql_step *cached_step;
    bool cached_res;
    uint64_t completed;
};

static size_t ks_bytes(const seq_state *s, const keystate *k)
{
    return sizeof *k + k->ent.keylen + k->keysbytes + s->nst * (sizeof(seq *) + sizeof(ordinal));
}

seq_state *eql_seq_new(mh_eql_matcher *m)
{
    const mh_eql_query *q = m->q;
    seq_state *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->nst = q->nstages;
    s->maxspan = q->ast->maxspan;
    s->prev_pos = calloc(s->nst, sizeof *s->prev_pos);
    if (!s->prev_pos || !eql_keytab_init(&s->keys)) { eql_seq_free(m, s); return NULL; }
    s->first_pos = s->last_pos = -1;
    int32_t prev = -1;
    for (uint32_t i = 0; i < s->nst; i++) {
        s->prev_pos[i] = prev;
        if (!q->stages[i]->missing) {
            if (s->first_pos < 0) s->first_pos = (int32_t)i;
            s->last_pos = (int32_t)i;
            prev = (int32_t)i;
        }
    }
    s->leading = s->first_pos > 0;
    s->trailing = s->last_pos < (int32_t)s->nst - 1;
    s->seq_bytes = sizeof(seq) + s->nst * sizeof(ev_copy *);
    return s;
}

/* ---- key states ---- */

static keystate *ks_find(seq_state *s, const char *key, size_t len, uint64_t h)
{
    return (keystate *)eql_keytab_find(&s->keys, key, len, h);
}

static keystate *ks_get(mh_eql_matcher *m, seq_state *s, const char *key, size_t len, uint64_t h)
{
    keystate *k = ks_find(s, key, len, h);
    if (k) return k;
    k = calloc(1, sizeof *k);
    if (!k) return NULL;
    k->at = calloc(s->nst, sizeof *k->at);
    k->lastm = calloc(s->nst, sizeof *k->lastm);
    if (!k->at || !k->lastm || !eql_keytab_add(&s->keys, &k->ent, key, len, h)) {
        free(k->at); free(k->lastm); free(k);
        return NULL;
    }
    eql_mem_add(m, ks_bytes(s, k));
    return k;
}

static void idle_unlink(seq_state *s, keystate *k)
{
    if (!k->idle) return;
    if (k->iprev) k->iprev->inext = k->inext; else s->ihead = k->inext;
    if (k->inext) k->inext->iprev = k->iprev; else s->itail = k->iprev;
    k->iprev = k->inext = NULL;
    k->idle = false;
}

static void ks_free(mh_eql_matcher *m, seq_state *s, keystate *k)
{
    idle_unlink(s, k);
    eql_mem_sub(m, ks_bytes(s, k));
    eql_keytab_remove(&s->keys, &k->ent);
    free(k->keys); free(k->at); free(k->lastm);
    free(k);
}

/* A key with nothing pending is freed, unless it must remember a leading missing event. */
static void ks_maybe_free(mh_eql_matcher *m, seq_state *s, keystate *k)
{
    if (k->npending || k->nheld || k->pin) return;
    bool remember = false;
    for (int32_t j = 0; s->leading && j < s->first_pos; j++) remember |= k->lastm[j].set;
    if (!remember) { ks_free(m, s, k); return; }
    if (!k->idle) {
        k->idle = true;
        k->iprev = s->itail;
        k->inext = NULL;
        if (s->itail) s->itail->inext = k; else s->ihead = k;
        s->itail = k;
    }
}

/* ---- partial sequences ---- */

static void q_unlink(seq_state *s, seq *x)
{
    if (x->qprev) x->qprev->qnext = x->qnext; else if (s->qhead == x) s->qhead = x->qnext;
    if (x->qnext) x->qnext->qprev = x->qprev; else if (s->qtail == x) s->qtail = x->qprev;
    x->qprev = x->qnext = NULL;
}

static void q_insert_after(seq_state *s, seq *after, seq *x)
{
    x->qprev = after;
    x->qnext = after ? after->qnext : NULL;
    if (!after) { x->qnext = NULL; x->qprev = s->qtail; }
    if (x->qprev) x->qprev->qnext = x; else s->qhead = x;
    if (x->qnext) x->qnext->qprev = x; else s->qtail = x;
}

static void at_unlink(keystate *k, seq *x)
{
    if (x->sprev) x->sprev->snext = x->snext; else if (k->at[x->stage] == x) k->at[x->stage] = x->snext;
    if (x->snext) x->snext->sprev = x->sprev;
    x->sprev = x->snext = NULL;
}

static void at_link(keystate *k, seq *x)
{
    x->sprev = NULL;
    x->snext = k->at[x->stage];
    if (x->snext) x->snext->sprev = x;
    k->at[x->stage] = x;
}

static seq *seq_alloc(mh_eql_matcher *m, seq_state *s)
{
    seq *x = calloc(1, s->seq_bytes);
    if (!x) return NULL;
    x->hidx = -1;
    eql_mem_add(m, s->seq_bytes);
    return x;
}

static void seq_release(mh_eql_matcher *m, seq_state *s, seq *x)
{
    for (uint32_t i = 0; i < s->nst; i++) eql_copy_unref(m, x->ev[i]);
    eql_mem_sub(m, s->seq_bytes);
    free(x);
}

/* Removes a pending (not held) sequence from every list and frees it. */
static void seq_drop(mh_eql_matcher *m, seq_state *s, seq *x)
{
    keystate *k = x->ks;
    q_unlink(s, x);
    at_unlink(k, x);
    k->npending--;
    seq_release(m, s, x);
    ks_maybe_free(m, s, k);
}

/* ---- the held heap (completed sequences waiting for a trailing window to close) ---- */

static void heap_set(seq_state *s, size_t i, seq *x) { s->heap[i] = x; x->hidx = (int32_t)i; }

static bool heap_less(const seq *a, const seq *b)
{
    return a->deadline < b->deadline || (a->deadline == b->deadline && a->seqno < b->seqno);
}

static void heap_up(seq_state *s, size_t i)
{
    seq *x = s->heap[i];
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!heap_less(x, s->heap[p])) break;
        heap_set(s, i, s->heap[p]);
        i = p;
    }
    heap_set(s, i, x);
}

static void heap_down(seq_state *s, size_t i)
{
    seq *x = s->heap[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= s->nheap) break;
        if (c + 1 < s->nheap && heap_less(s->heap[c + 1], s->heap[c])) c++;
        if (!heap_less(s->heap[c], x)) break;
        heap_set(s, i, s->heap[c]);
        i = c;
    }
    heap_set(s, i, x);
}

static void heap_remove(seq_state *s, seq *x)
{
    size_t i = (size_t)x->hidx;
    seq *last = s->heap[--s->nheap];
    x->hidx = -1;
    if (i == s->nheap) return;
    heap_set(s, i, last);
    heap_up(s, i);
    heap_down(s, (size_t)last->hidx);
}

static void held_unlink(keystate *k, seq *x)
{
    if (x->sprev) x->sprev->snext = x->snext; else if (k->held == x) k->held = x->snext;
    if (x->snext) x->snext->sprev = x->sprev;
    x->sprev = x->snext = NULL;
    k->nheld--;
}

/* ---- results ---- */

static void deliver_seq(mh_eql_matcher *m, seq_state *s, seq *x)
{
    const mh_eql_query *q = m->q;
    keystate *k = x->ks;
    if (!k->keys && q->nkeys) {
        k->keys = eql_keys_render(k->ent.key, k->ent.keylen, q->nkeys, &k->keysbytes);
        if (k->keys) eql_mem_add(m, k->keysbytes);
        else k->keysbytes = 0;
    }
    mh_eql_hit *hits = mh_arena_alloc(&m->scratch, s->nst * sizeof *hits);
    if (!hits) return;
    for (uint32_t i = 0; i < s->nst; i++) {
        ev_copy *c = x->ev[i];
        hits[i] = c ? (mh_eql_hit){c->json, c->len, c->ts, c->tb} : (mh_eql_hit){NULL, 0, 0, 0};
    }
    mh_eql_result r = {.query = q, .nevents = s->nst, .events = hits, .nkeys = k->keys ? q->nkeys : 0, .keys = k->keys};
    eql_emit(m, &r, NULL);
}

/* A sequence reached its last positive step: report it now, or hold it for a trailing window. */
static void complete(mh_eql_matcher *m, seq_state *s, seq *x)
{
    keystate *k = x->ks;
    q_unlink(s, x);
    k->npending--;
    /* with leading and trailing missing steps, the sequence is void only when both are
     * seen, within maxspan of each other; without a leading one it cannot be voided */
    if (s->trailing && !(s->leading && !x->has_lead)) {
        if (s->nheap == s->capheap) {
            size_t nc = s->capheap ? s->capheap * 2 : 64;
            seq **nh = realloc(s->heap, nc * sizeof *nh);
            if (!nh) { seq_release(m, s, x); ks_maybe_free(m, s, k); return; }
            s->heap = nh;
            s->capheap = nc;
        }
        x->deadline = (s->leading ? x->lead_ts : x->start_ts) + s->maxspan;
        x->seqno = s->completed++;
        x->sprev = NULL;
        x->snext = k->held;
        if (k->held) k->held->sprev = x;
        k->held = x;
        k->nheld++;
        s->heap[s->nheap] = x;
        x->hidx = (int32_t)s->nheap++;
        heap_up(s, s->nheap - 1);
        return;
    }
    deliver_seq(m, s, x);
    seq_release(m, s, x);
    ks_maybe_free(m, s, k);
}

static void release_held(mh_eql_matcher *m, seq_state *s, mh_time now, bool all)
{
    while (s->nheap && (all || s->heap[0]->deadline < now)) {
        seq *x = s->heap[0];
        heap_remove(s, x);
        keystate *k = x->ks;
        held_unlink(k, x);
        if (!m->done) deliver_seq(m, s, x);
        seq_release(m, s, x);
        ks_maybe_free(m, s, k);
    }
}

static void expire(mh_eql_matcher *m, seq_state *s, mh_time now)
{
    if (s->maxspan > 0) {
        while (s->qhead && now - s->qhead->start_ts > s->maxspan) {
            m->st.expired++;
            seq_drop(m, s, s->qhead);
        }
        while (s->ihead && now - s->ihead->idle_ts > s->maxspan) ks_free(m, s, s->ihead);
    }
}

static void enforce_limit(mh_eql_matcher *m, seq_state *s)
{
    while (m->st.memory > m->max_mem && (s->qhead || s->nheap || s->ihead)) {
        m->st.evictions++;
        if (s->qhead) seq_drop(m, s, s->qhead);
        else if (s->nheap) {
            seq *x = s->heap[0];
            heap_remove(s, x);
            keystate *k = x->ks;
            held_unlink(k, x);
            seq_release(m, s, x);
            ks_maybe_free(m, s, k);
        } else ks_free(m, s, s->ihead);
    }
}

void eql_seq_clock(mh_eql_matcher *m, seq_state *s, mh_time now)
{
    release_held(m, s, now, false);
    expire(m, s, now);
}

/* ---- one event ---- */

static bool before(const ordinal *o, const ev_copy *c)
{
    return o->ts < c->ts || (o->ts == c->ts && o->tb < c->tb);
}

static void on_missing(mh_eql_matcher *m, seq_state *s, uint32_t i, const char *key, size_t len, uint64_t h)
{
    const mh_eql_event *ev = m->cur;
    keystate *k;
    if ((int32_t)i < s->first_pos) {
        if (!(k = ks_get(m, s, key, len, h))) return;
        k->lastm[i] = (ordinal){ev->ts, ev->tiebreak, true};
        if (k->idle) { idle_unlink(s, k); }
        k->idle_ts = ev->ts;
        ks_maybe_free(m, s, k);
        return;
    }
    if (!(k = ks_find(s, key, len, h))) return;
    k->lastm[i] = (ordinal){ev->ts, ev->tiebreak, true};
    if ((int32_t)i > s->last_pos && k->nheld) {
        k->pin++;
        /* void the held completions whose trailing window contains this event */
        for (seq *x = k->held, *nx; x; x = nx) {
            nx = x->snext;
            ev_copy *last = x->ev[s->last_pos];
            if (ev->ts <= x->deadline && (last->ts < ev->ts || (last->ts == ev->ts && last->tb < ev->tiebreak))) {
                heap_remove(s, x);
                held_unlink(k, x);
                seq_release(m, s, x);
            }
        }
        k->pin--;
        ks_maybe_free(m, s, k);
    }
}

/* True when a missing-event step between stages p and i saw an event after x's stage p. */
static bool voided_between(const seq_state *s, const keystate *k, const seq *x, int32_t p, uint32_t i)
{
    for (uint32_t j = (uint32_t)p + 1; j < i; j++)
        if (k->lastm[j].set && !before(&k->lastm[j], x->ev[p])) return true;
    return false;
}

static void on_positive(mh_eql_matcher *m, seq_state *s, uint32_t i, keystate *k, const char *key, size_t len,
                        uint64_t h)
{
    const mh_eql_event *ev = m->cur;
    bool all = m->q->opt.seq_mode == MH_EQL_SEQ_ALL;
    if ((int32_t)i == s->first_pos) {
        bool has_lead = false;
        mh_time lead_ts = 0;
        if (k && s->leading)
            for (int32_t j = 0; j < s->first_pos; j++)
                if (k->lastm[j].set && ev->ts - k->lastm[j].ts <= s->maxspan) {
                    if (!s->trailing) return; /* a leading missing event voids it */
                    if (!has_lead || k->lastm[j].ts > lead_ts) lead_ts = k->lastm[j].ts;
                    has_lead = true;
                }
        if (!k && !(k = ks_get(m, s, key, len, h))) return;
        k->pin++;
        idle_unlink(s, k);
        if (!all && k->at[i]) seq_drop(m, s, k->at[i]);
        ev_copy *c = eql_cur_copy(m);
        seq *x = c ? seq_alloc(m, s) : NULL;
        if (x) {
            x->ks = k;
            x->stage = i;
            x->start_ts = ev->ts;
            x->has_lead = has_lead;
            x->lead_ts = lead_ts;
            x->ev[i] = c;
            eql_copy_ref(c);
            q_insert_after(s, s->qtail, x);
            k->npending++;
            if ((int32_t)i == s->last_pos) complete(m, s, x);
            else at_link(k, x);
        }
        k->pin--;
        ks_maybe_free(m, s, k);
        return;
    }
    int32_t p = s->prev_pos[i];
    if (!k || !k->at[p]) return;
    k->pin++;
    /* oldest first, so that `all` mode reports matches in the order they began */
    seq *last = k->at[p];
    while (last->snext) last = last->snext;
    for (seq *x = last, *nx; x && !m->done; x = nx) {
        nx = x->sprev;
        if (s->maxspan > 0 && ev->ts - x->start_ts > s->maxspan) {
            m->st.expired++;
            seq_drop(m, s, x);
            continue;
        }
        if (voided_between(s, k, x, p, i)) {
            seq_drop(m, s, x);
            continue;
        }
        ev_copy *c = eql_cur_copy(m);
        if (!c) break;
        seq *y = x;
        if (all) {
            if (!(y = seq_alloc(m, s))) break;
            memcpy(y->ev, x->ev, s->nst * sizeof *y->ev);
            for (uint32_t j = 0; j < s->nst; j++)
                if (y->ev[j]) eql_copy_ref(y->ev[j]);
            y->ks = k;
            y->start_ts = x->start_ts;
            y->has_lead = x->has_lead;
            y->lead_ts = x->lead_ts;
            q_insert_after(s, x, y);
            k->npending++;
        } else at_unlink(k, x);
        y->stage = i;
        y->ev[i] = c;
        eql_copy_ref(c);
        if ((int32_t)i == s->last_pos) complete(m, s, y);
        else {
            if (!all && k->at[i]) seq_drop(m, s, k->at[i]);
            at_link(k, y);
        }
        if (!all) break;
    }
    k->pin--;
    ks_maybe_free(m, s, k);
}

static bool stage_match(mh_eql_matcher *m, seq_state *s, const eql_step *st, const mh_jv *doc)
{
    if (st == s->cached_step) return s->cached_res;
    s->cached_step = st;
    s->cached_res = eql_step_match(m, st, doc);
    return s->cached_res;
}

mh_status eql_seq_push(mh_eql_matcher *m, seq_state *s, const mh_jv *doc, mh_err *e)
{
    (void)e;
    mh_time now = m->cur->ts;
    release_held(m, s, now, false);
    expire(m, s, now);
    s->cached_step = NULL;
    const mh_eql_ast *a = m->q->ast;
    eql_keyset ks;
    if (a->until && eql_step_match(m, a->until, doc) && eql_keys_of(m, a->until, doc, &ks)) {
        for (uint32_t c = 0; c < ks.ncombos; c++) {
            keystate *k = ks_find(s, ks.combos[c].bytes, ks.combos[c].len, ks.combos[c].hash);
            if (!k) continue;
            k->pin++;
            for (uint32_t i = 0; i < s->nst; i++)
                while (k->at[i]) seq_drop(m, s, k->at[i]);
            k->pin--;
            ks_maybe_free(m, s, k);
        }
    }
    for (uint32_t i = s->nst; i-- > 0 && !m->done;) {
        const eql_step *st = m->q->stages[i];
        if (!stage_match(m, s, st, doc)) continue;
        if (!eql_keys_of(m, st, doc, &ks)) continue;
        for (uint32_t c = 0; c < ks.ncombos && !m->done; c++) {
            const char *kb = ks.combos[c].bytes;
            size_t kl = ks.combos[c].len;
            uint64_t kh = ks.combos[c].hash;
            if (st->missing) on_missing(m, s, i, kb, kl, kh);
            else on_positive(m, s, i, ks_find(s, kb, kl, kh), kb, kl, kh);
        }
    }
    enforce_limit(m, s);
    return MH_OK;
}

void eql_seq_finish(mh_eql_matcher *m, seq_state *s)
{
    release_held(m, s, 0, true);
}

void eql_seq_free(mh_eql_matcher *m, seq_state *s)
{
    if (!s) return;
    while (s->nheap) {
        seq *x = s->heap[--s->nheap];
        held_unlink(x->ks, x);
        seq_release(m, s, x);
    }
    while (s->qhead) seq_drop(m, s, s->qhead);
    for (size_t b = 0; s->keys.buckets && b < s->keys.nbuckets; b++)
        while (s->keys.buckets[b]) ks_free(m, s, (keystate *)s->keys.buckets[b]);
    free(s->heap);
    eql_keytab_free(&s->keys);
    free(s->prev_pos);
    free(s);
}
