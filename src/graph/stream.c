/* The enriched event stream: the graph's interactions and dated records (already in
 * time order) merged with the store's activity events (which the store yields in time
 * order), each enriched on the way, so a rule engine sees one time-ordered stream and
 * `sequence by subject.ids` joins a person's IT activity with their sphere's money and
 * messages. At equal timestamps records come before activity. */
#include "graph_int.h"

#include <string.h>

typedef struct merge {
    mh_graph *g;
    size_t next; /* position in g->order */
    mh_time to;
    mh_graph_event_fn fn;
    void *ctx;
    mh_buf out;
    mh_arena scratch;
    bool stopped;
    mh_status st;
    mh_err *e;
} merge;

/* Emits the graph's events with ts <= UNTIL (and <= m->to). */
static void flush(merge *m, mh_time until)
{
    mh_graph *g = m->g;
    mh_graph_subject subj[G_MAX_SUBJECTS];
    while (!m->stopped && !m->st && m->next < g->nevents) {
        const gevent *ev = &g->events[g->order[m->next]];
        if (ev->ts > until || (m->to != MH_TIME_NONE && ev->ts > m->to)) return;
        m->next++;
        size_t n;
        if (!g_event_render(g, ev, &m->out, subj, &n)) {
            m->st = mh_err_set(m->e, MH_E_NOMEM, "graph: the enriched event %s is too large", ev->id);
            return;
        }
        mh_graph_event out = {ev->ts, ev->id, g_role_at(ev->role)->category, m->out.data, m->out.len, subj, n};
        if (m->fn(m->ctx, &out)) m->stopped = true;
    }
}

static int on_activity(void *ctx, const char *json, size_t len, mh_time ts)
{
    merge *m = ctx;
    flush(m, ts);
    if (m->stopped || m->st) return 1;
    mh_graph_subject subj[G_MAX_SUBJECTS];
    size_t n;
    const char *id = NULL, *cat = NULL;
    mh_arena_reset(&m->scratch);
    mh_err local;
    mh_err_clear(&local);
    if (g_activity_render(m->g, json, len, ts, &m->scratch, &m->out, subj, &n, &id, &cat, &local)) {
        /* A stored event that no longer parses is the store's problem, not the stream's:
         * pass it on unenriched rather than stop the analysis. */
        mh_buf_reset(&m->out);
        if (!mh_buf_append(&m->out, json, len)) {
            m->st = mh_err_set(m->e, MH_E_NOMEM, "graph: an activity event is too large");
            return 1;
        }
        n = 0;
    }
    mh_graph_event out = {ts, id, cat, m->out.data, m->out.len, subj, n};
    if (m->fn(m->ctx, &out)) m->stopped = true;
    return m->stopped;
}

mh_status mh_graph_enrich_each(mh_graph *g, mh_store *s, mh_time from, mh_time to, mh_graph_event_fn fn, void *ctx,
                               mh_err *e)
{
    if (!g->finished) return mh_err_set(e, MH_E_USAGE, "graph: enrichment asked before mh_graph_finish");
    if (!g->sph_off) return mh_err_set(e, MH_E_USAGE, "graph: enrichment needs the sphere index (no_index was set)");
    merge m = {.g = g, .to = to, .fn = fn, .ctx = ctx, .e = e};
    mh_buf_init(&m.out, 1 << 26);
    mh_arena_init(&m.scratch, 1 << 16);
    /* First event at or after FROM: binary search over the time order. */
    size_t lo = 0, hi = g->nevents;
    while (from != MH_TIME_NONE && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->events[g->order[mid]].ts < from) lo = mid + 1;
        else hi = mid;
    }
    m.next = from == MH_TIME_NONE ? 0 : lo;
    if (s) {
        mh_status st = mh_store_events_each(s, from, to, on_activity, &m, e);
        if (st && !m.st) m.st = st;
    }
    flush(&m, INT64_MAX);
    mh_buf_free(&m.out);
    mh_arena_free(&m.scratch);
    return m.st;
}

typedef struct writer {
    FILE *f;
    size_t n;
    bool failed;
} writer;

static int write_one(void *ctx, const mh_graph_event *ev)
{
    writer *w = ctx;
    if (fwrite(ev->json, 1, ev->len, w->f) != ev->len || fputc('\n', w->f) == EOF) {
        w->failed = true;
        return 1;
    }
    w->n++;
    return 0;
}

mh_status mh_graph_enrich_write(mh_graph *g, mh_store *s, mh_time from, mh_time to, FILE *f, size_t *count, mh_err *e)
{
    writer w = {f, 0, false};
    mh_status st = mh_graph_enrich_each(g, s, from, to, write_one, &w, e);
    if (count) *count = w.n;
    if (st) return st;
    if (w.failed || fflush(f) != 0) return mh_err_set(e, MH_E_IO, "graph: could not write the enriched events");
    return MH_OK;
}
