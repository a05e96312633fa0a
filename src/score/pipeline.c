/* The detect pipeline: load the rule pack, build the graph (with the watch lists as its
 * counterparty matcher), decide between a full and an incremental run, run the
 * detectors, and replace alerts and scores in one transaction. The store remembers where
 * the last run stopped (entity and event row numbers, and a signature of the rule pack)
 * so that the next run looks only at what arrived since. */
#include "molehunt/mh_score.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_json.h"
#include "molehunt/mh_ueba.h"

#define STATE_KEY MH_PIPELINE_STATE_KEY

typedef struct people {
    char **v;
    size_t n, cap;
} people;

static bool people_add(people *p, const char *id)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->v[i], id) == 0) return true;
    if (p->n + 1 >= p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        char **nv = realloc(p->v, cap * sizeof *nv);
        if (!nv) return false;
        p->v = nv;
        p->cap = cap;
    }
    if (!(p->v[p->n] = strdup(id))) return false;
    p->v[++p->n] = NULL;
    return true;
}

static void people_free(people *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->v[i]);
    free(p->v);
}

typedef struct changes {
    mh_graph *g;
    people *who;
    bool need_full;
    bool any;
    bool failed;
    mh_arena a;
    mh_buf buf;
} changes;

/* Records that shape spheres (people, ties, accounts) can change anyone's results. */
static int on_change(void *vctx, const mh_entity *ent, const char *json, size_t len, mh_time ts)
{
    changes *c = vctx;
    c->any = true;
    mh_graph_subject subj[64];
    size_t n = 0;
    if (ent) {
        const mh_schema *sc = mh_model_schema(ent->schema, strlen(ent->schema));
        if (!sc || sc->kind == MH_SK_THING || sc->kind == MH_SK_TIE) {
            c->need_full = true;
            return 1;
        }
        const char *ids[64];
        size_t nids = 0;
        const char *ends[] = {sc->from, sc->to};
        for (int k = 0; k < 2; k++) {
            const mh_prop *p = ends[k] ? mh_entity_prop(ent, ends[k]) : NULL;
            for (size_t i = 0; p && i < p->nvals && nids < 64; i++) ids[nids++] = p->vals[i];
        }
        const char *date = sc->date ? mh_entity_first(ent, sc->date) : NULL;
        if (!date) date = mh_entity_first(ent, "date");
        if (!date) date = mh_entity_first(ent, "startDate");
        mh_time lo, hi;
        if (!date || !mh_time_parse_iso(date, strlen(date), &lo, &hi, NULL)) return 0; /* undated: never streamed */
        n = mh_graph_subjects(c->g, ids, nids, lo, subj, 64);
        for (size_t i = 0; i < n; i++)
            if (!people_add(c->who, subj[i].id)) return c->failed = true, 1;
        return 0;
    }
    mh_err e;
    if (mh_graph_enrich_activity(c->g, json, len, ts, &c->buf, &e)) return 0;
    mh_arena_reset(&c->a);
    mh_jv doc;
    if (!mh_json_parse(c->buf.data, c->buf.len, &c->a, &doc, NULL)) return 0;
    const mh_jv *ids = mh_json_get_path(&doc, "subject.ids", 11);
    for (uint32_t i = 0; ids && ids->type == MH_JARR && i < ids->len; i++) {
        mh_str s = mh_json_str(&ids->u.items[i]);
        char *id = mh_arena_strndup(&c->a, s.ptr, s.len);
        if (!id || !people_add(c->who, id)) return c->failed = true, 1;
    }
    return 0;
}

typedef struct sink {
    mh_store *s;
    mh_buf body;
    mh_err *e;
    mh_status rc;
    uint64_t stored; /* alerts stored so far */
} sink;

static int store_alert(void *vctx, const mh_alert *a)
{
    sink *k = vctx;
    if (!mh_alert_to_json(a, &k->body)) {
        k->rc = mh_err_set(k->e, MH_E_NOMEM, "an alert is too large");
        return 1;
    }
    mh_alert_rec r = {.person = a->person, .rule = a->rule_id, .ts = a->ts, .first_ts = a->first_ts,
                      .severity = a->severity, .mitigation = a->mitigation, .mitigated_by = a->mitigated_by,
                      .body = k->body.data};
    k->rc = mh_store_alert_put(k->s, &r, k->e);
    k->stored += k->rc == MH_OK;
    return k->rc != MH_OK;
}

static uint64_t pack_signature(const mh_rulepack *p, const mh_detect_opts *d, const mh_score_opts *so)
{
    uint64_t h = 0x72756c6573ULL;
    for (size_t i = 0; i < mh_rulepack_count(p); i++) {
        const mh_rule *r = mh_rulepack_rule(p, i);
        if (r->id) h = mh_hash64(r->id, strlen(r->id), h);
        if (r->query_text) h = mh_hash64(r->query_text, strlen(r->query_text), h);
        h = mh_hash64(&r->severity, sizeof r->severity, h);
        for (size_t j = 0; j < r->nroutine; j++) h = mh_hash64(r->routine[j], strlen(r->routine[j]) + 1, h);
    }
    int knobs[] = {d->contact_days, d->gift_days, d->travel_days};
    double dk[] = {d->gift_min, d->inflow_min, so->threshold, so->half_life_days, so->repeat_factor};
    h = mh_hash64(knobs, sizeof knobs, h);
    return mh_hash64(dk, sizeof dk, h);
}

/* A rule's "# routine:" behaviours must be ones the behaviour analytics count. */
mh_status mh_pipeline_check_routine(const mh_rulepack *p, mh_err *e)
{
    for (size_t i = 0; i < mh_rulepack_count(p); i++) {
        const mh_rule *r = mh_rulepack_rule(p, i);
        for (size_t j = 0; j < r->nroutine; j++) {
            if (mh_ueba_feature_find(r->routine[j], strlen(r->routine[j])) >= 0) continue;
            char known[256];
            size_t at = 0;
            for (int f = 0; f < MH_UF__COUNT && at < sizeof known; f++)
                at += (size_t)snprintf(known + at, sizeof known - at, "%s%s", f ? ", " : "",
                                       mh_ueba_feature_tag((mh_ueba_feature)f));
            return mh_err_set(e, MH_E_INPUT, "%s: rule %s: routine behaviour \"%s\" is not one of %s",
                              r->file ? r->file : "?", r->id ? r->id : "?", r->routine[j], known);
        }
    }
    return MH_OK;
}

mh_status mh_pipeline_detect(mh_store *s, const mh_pipeline_opts *o, mh_buf *diag, mh_pipeline_report *rep, mh_err *e)
{
    memset(rep, 0, sizeof *rep);
    mh_store_set_scoring(s, true); /* protected channels (whistleblower, EAP) are never scored */
    mh_score_opts so = o->score;
    if (so.threshold <= 0) mh_score_opts_default(&so);
    mh_rulepack *pack = mh_rulepack_new();
    mh_watch *watch = NULL;
    mh_graph *g = NULL;
    mh_ueba_routine *routine = NULL;
    people who = {0};
    changes ch = {0};
    mh_arena_init(&ch.a, 16 * 1024);
    mh_buf_init(&ch.buf, 0);
    mh_buf state;
    mh_buf_init(&state, 0);
    sink k = {.s = s, .e = e};
    mh_buf_init(&k.body, 0);
    mh_status rc = pack ? MH_OK : mh_err_set(e, MH_E_NOMEM, "out of memory");
    if (!rc) rc = mh_rulepack_add_dir(pack, o->rules_dir ? o->rules_dir : mh_rulepack_default_dir(), diag, &rep->rule_errors, e);
    if (!rc) rc = mh_pipeline_check_routine(pack, e);
    if (rc) goto out;
    uint64_t sig = pack_signature(pack, &o->detect, &so);
    int64_t ent_now, evt_now, ent_was = 0, evt_was = 0;
    unsigned long long sig_was = 0;
    bool have_state = false;
    if ((rc = mh_store_watermark(s, &ent_now, &evt_now, e)) || (rc = mh_store_state_get(s, STATE_KEY, &state, &have_state, e)))
        goto out;
    if (have_state && sscanf(state.data, "%lld %lld %llx", (long long *)&ent_was, (long long *)&evt_was, &sig_was) != 3)
        have_state = false;
    if (!o->no_watchlist && (rc = mh_watch_open(s, &watch, e))) goto out;
    mh_graph_opts go = {.home_org = o->detect.home_org, .reach = o->detect.reach};
    if (watch) go.watch = mh_watch_match, go.watch_ctx = watch;
    if ((rc = mh_graph_load(s, &go, &g, e))) goto out;

    bool incremental = have_state && !o->full && sig_was == sig;
    if (incremental) {
        ch.g = g;
        ch.who = &who;
        if ((rc = mh_store_changes_each(s, ent_was, evt_was, on_change, &ch, e))) goto out;
        if (ch.failed) { rc = mh_err_set(e, MH_E_NOMEM, "out of memory"); goto out; }
        if (ch.need_full) incremental = false;
        else if (!ch.any) {
            rep->incremental = rep->nothing_new = true;
            goto out;
        }
    }
    rep->incremental = incremental;
    rep->affected = incremental ? who.n : 0;
    if ((rc = mh_store_begin(s, e))) goto out;
    if (incremental) {
        for (size_t i = 0; i < who.n && !rc; i++) {
            rc = mh_store_alerts_clear(s, who.v[i], e);
            if (!rc) rc = mh_store_scores_clear(s, who.v[i], e);
            if (!rc) rc = mh_store_day_scores_clear(s, who.v[i], e);
        }
    } else {
        rc = mh_store_alerts_clear(s, NULL, e);
        if (!rc) rc = mh_store_scores_clear(s, NULL, e);
        if (!rc) rc = mh_store_day_scores_clear(s, NULL, e);
    }
    mh_detect_opts dopts = o->detect;
    if (incremental) dopts.only = (const char *const *)who.v;
    /* Behaviour analytics first: besides their own alerts, the people's earlier days tell
     * the rules which matches are only someone's routine (src/ueba/routine.c). */
    if (!rc && (!incremental || who.n)) {
        mh_ueba_opts uo;
        mh_ueba_opts_default(&uo);
        mh_ueba_set set;
        rc = mh_ueba_days(s, &uo, &set, e); /* on an error, nothing to free */
        if (!rc) {
            uint64_t before = k.stored;
            rc = mh_ueba_emit(s, &set, &dopts, store_alert, &k, e);
            rep->behaviour_alerts = k.stored - before;
            if (!rc && !k.rc) rc = mh_ueba_routine_build(&set, &routine, e);
            mh_ueba_days_free(&set);
        }
        dopts.routine = mh_ueba_routine_share;
        dopts.routine_ctx = routine;
    }
    if (!rc && !k.rc && (!incremental || who.n)) rc = mh_detect_run(s, g, pack, &dopts, store_alert, &k, &rep->detect, e);
    if (!rc && k.rc) rc = k.rc;
    /* Scoring reads only alerts and is cheap: everyone is rescored, because the moment
     * scores are taken as of (the latest alert) may have moved. */
    if (!rc) rc = mh_score_store(s, g, NULL, &so, &rep->people, &rep->above, e);
    if (!rc) {
        char buf[96];
        snprintf(buf, sizeof buf, "%lld %lld %llx", (long long)ent_now, (long long)evt_now, (unsigned long long)sig);
        rc = mh_store_state_set(s, STATE_KEY, buf, e);
    }
    if (!rc) rc = mh_store_commit(s, e);
    else mh_store_rollback(s);
out:
    mh_ueba_routine_free(routine);
    mh_graph_free(g);
    mh_watch_close(watch);
    mh_rulepack_free(pack);
    people_free(&who);
    mh_arena_free(&ch.a);
    mh_buf_free(&ch.buf);
    mh_buf_free(&state);
    mh_buf_free(&k.body);
    return rc;
}
