/* The matcher: one query's run over a stream of events. It checks that time does not go
 * backwards and hands each event to the event-query, sequence or sample machinery (seq.c,
 * sample.c), which keep copies of the events their state must outlive the push
 * (event.c); results go through the pipes (pipes.c) to the caller's callback. Memory
 * held for state is counted against the configured limit; see seq.c for what happens
 * when it is reached. */
#include "match_int.h"

#include <stdlib.h>

mh_eql_matcher *mh_eql_matcher_new(const mh_eql_query *q, const mh_eql_limits *lim, mh_eql_result_fn fn, void *ctx)
{
    mh_eql_matcher *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->q = q;
    m->fn = fn;
    m->ctx = ctx;
    m->max_mem = lim && lim->max_memory ? lim->max_memory : (size_t)256 << 20;
    mh_arena_init(&m->scratch, 16384);
    if (!(m->pipes = eql_pipes_new(q))) goto fail;
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

mh_status mh_eql_matcher_finish(mh_eql_matcher *m, mh_err *e)
{
    (void)e;
    if (m->seq) eql_seq_finish(m, m->seq);
    if (m->sample) eql_sample_finish(m, m->sample);
    eql_pipes_finish(m);
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
    eql_pipes_free(m);
    mh_arena_free(&m->scratch);
    free(m);
}
