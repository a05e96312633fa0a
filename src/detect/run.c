/* The detection run: every enriched record and activity event, in time order, is copied
 * once per covered person whose sphere it touches (with `subject.id` and `subject.path`
 * naming that person and how), pushed through every compiled rule and the reconciliation
 * detector, and each match becomes an alert with its evidence and any mitigating
 * disclosure. One matcher per rule; all share one stream, so years of data are read once. */
#include "detect_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS 86400000LL

typedef struct run_ctx run_ctx;

typedef struct rule_slot {
    run_ctx *run;
    const mh_rule *rule;
    mh_eql_matcher *m;
    mh_hset seen; /* per-day rules: hashes of the (person, day) pairs already alerted */
} rule_slot;

struct run_ctx {
    mh_store *s;
    const mh_detect_opts *o;
    disc_index *disc;
    standing_index *standing;
    recon *rc;
    rule_slot *slots;
    size_t nslots;
    mh_alert_fn fn;
    void *ctx;
    mh_detect_stats *st;
    mh_arena ev_arena;  /* one event's parse and its per-subject copies */
    mh_arena hit_arena; /* one result's evidence */
    mh_buf copy;
    uint64_t tiebreak;
    int stop;
    mh_err *e;
    mh_status failed;
};

static const mh_jv *path_of(const mh_jv *doc, const char *p) { return mh_json_get_path(doc, p, strlen(p)); }

static const char *str_of(mh_arena *a, const mh_jv *v)
{
    if (v && v->type == MH_JARR && v->len) v = &v->u.items[0];
    if (!v || v->type != MH_JSTR) return NULL;
    return mh_arena_strndup(a, v->u.s, v->len);
}

static bool bool_of(const mh_jv *v) { return v && v->type == MH_JTRUE; }

/* The per-person subject: who, how reached, whether employed and cleared at the event's
 * time, and every subject of the event. Written as JSON text into B and built as a tree
 * into *OUT (in arena A), so the copy needs neither a rewrite nor a re-parse. */
static bool make_subject(mh_buf *b, mh_arena *a, mh_jv *out, const mh_graph_subject *subj, size_t nsubj, size_t k,
                         const standing_index *standing, mh_time ts)
{
    bool employed;
    const char *clearance;
    mh_standing_at(standing, subj[k].id, ts, &employed, &clearance);
    mh_buf_reset(b);
    bool ok = mh_buf_puts(b, "{\"id\":") && mh_json_write_str(b, subj[k].id, strlen(subj[k].id)) &&
              mh_buf_puts(b, ",\"path\":") && mh_json_write_str(b, subj[k].path, strlen(subj[k].path)) &&
              mh_buf_printf(b, ",\"depth\":%d", subj[k].depth) &&
              mh_buf_puts(b, employed ? ",\"employed\":true,\"clearance\":" : ",\"employed\":false,\"clearance\":") &&
              (clearance ? mh_json_write_str(b, clearance, strlen(clearance)) : mh_buf_puts(b, "null")) &&
              mh_buf_puts(b, ",\"ids\":[");
    for (size_t i = 0; ok && i < nsubj; i++)
        ok = (i == 0 || mh_buf_putc(b, ',')) && mh_json_write_str(b, subj[i].id, strlen(subj[i].id));
    ok = ok && mh_buf_puts(b, "]}");
    if (!ok) return false;
    mh_jmember *m = mh_arena_alloc(a, 6 * sizeof *m);
    mh_jv *ids = mh_arena_alloc(a, (nsubj ? nsubj : 1) * sizeof *ids);
    if (!m || !ids) return false;
    memset(m, 0, 6 * sizeof *m);
    memset(ids, 0, (nsubj ? nsubj : 1) * sizeof *ids);
    static const char *const keys[] = {"id", "path", "depth", "employed", "clearance", "ids"};
    for (int i = 0; i < 6; i++) m[i].key = mh_str_c(keys[i]);
    m[0].val = (mh_jv){.type = MH_JSTR, .len = (uint32_t)strlen(subj[k].id), .u.s = subj[k].id};
    m[1].val = (mh_jv){.type = MH_JSTR, .len = (uint32_t)strlen(subj[k].path), .u.s = subj[k].path};
    m[2].val = (mh_jv){.type = MH_JNUM, .is_int = true, .u.num = {(double)subj[k].depth, subj[k].depth}};
    m[3].val = (mh_jv){.type = employed ? MH_JTRUE : MH_JFALSE};
    m[4].val = clearance ? (mh_jv){.type = MH_JSTR, .len = (uint32_t)strlen(clearance), .u.s = clearance} : (mh_jv){.type = MH_JNULL};
    for (size_t i = 0; i < nsubj; i++) ids[i] = (mh_jv){.type = MH_JSTR, .len = (uint32_t)strlen(subj[i].id), .u.s = subj[i].id};
    m[5].val = (mh_jv){.type = MH_JARR, .len = (uint32_t)nsubj, .u.items = ids};
    *out = (mh_jv){.type = MH_JOBJ, .len = 6, .u.members = m};
    return true;
}

/* Where the event's own "subject" member starts in its text (the graph writes it last),
 * or 0 when it has none. */
static size_t subject_at(const char *json, size_t len)
{
    static const char pat[] = ",\"subject\":{";
    size_t pl = sizeof pat - 1;
    for (size_t i = len >= pl ? len - pl + 1 : 0; i-- > 0;)
        if (memcmp(json + i, pat, pl) == 0) return i;
    return 0;
}

static double num_of(const mh_jv *v)
{
    if (!v) return -1;
    if (v->type == MH_JNUM) return v->u.num.d;
    if (v->type == MH_JSTR) {
        int64_t c;
        if (mh_amount_parse(v->u.s, v->len, &c)) return (double)c / 100.0;
    }
    return -1;
}

/* Fills the detectors' view of a per-person copy. */
static void view_of(mh_arena *a, const mh_jv *doc, const char *json, size_t len, mh_time ts, subj_event *v)
{
    memset(v, 0, sizeof *v);
    v->doc = doc;
    v->json = json;
    v->len = len;
    v->ts = ts;
    v->person = str_of(a, path_of(doc, "subject.id"));
    v->path = str_of(a, path_of(doc, "subject.path"));
    v->id = str_of(a, path_of(doc, "event.id"));
    v->category = str_of(a, path_of(doc, "event.category"));
    v->cp_id = str_of(a, path_of(doc, "counterparty.id"));
    v->cp_intel = bool_of(path_of(doc, "counterparty.intel"));
    v->cp_foreign = bool_of(path_of(doc, "counterparty.foreign"));
    v->cp_official = bool_of(path_of(doc, "counterparty.official"));
    v->value = num_of(path_of(doc, "record.value"));
    if (v->value < 0) v->value = num_of(path_of(doc, "record.amount"));
    v->kind = str_of(a, path_of(doc, "record.kind"));
    v->country = str_of(a, path_of(doc, "record.country"));
    v->end = MH_TIME_NONE;
    const char *end = str_of(a, path_of(doc, "record.endDate"));
    mh_time lo, hi;
    if (end && mh_time_parse_iso(end, strlen(end), &lo, &hi, NULL)) v->end = hi;
    const mh_jv *src = path_of(doc, "source.entity.id");
    if (v->cp_id && src) {
        if (src->type == MH_JSTR) v->incoming = mh_str_eq_c(mh_json_str(src), v->cp_id);
        for (uint32_t i = 0; src->type == MH_JARR && i < src->len; i++)
            if (mh_str_eq_c(mh_json_str(&src->u.items[i]), v->cp_id)) v->incoming = true;
    }
}

static int deliver(run_ctx *r, mh_alert *a)
{
    /* Mitigation: the share of the evidence that the person reported in time. */
    size_t covered = 0;
    const char *by = NULL;
    int days = r->o->contact_days ? r->o->contact_days : 30;
    for (size_t i = 0; i < a->nevidence; i++) {
        const mh_evidence *ev = &a->evidence[i];
        const disclosure *d = mh_disc_covering(r->disc, a->person, ev->id, ev->counterparty, ev->ts + days * DAY_MS);
        if (d) {
            covered++;
            if (!by) by = d->id;
        }
    }
    if (a->rule && a->nevidence) {
        a->mitigation = (double)covered / (double)a->nevidence;
        a->mitigated_by = by;
    }
    /* Routine: what the person did on most earlier days is mitigated by how often they
     * did it, unless a disclosure already explains more (src/ueba/routine.c). */
    char why[256], detail[1024];
    if (a->rule && a->rule->nroutine && r->o->routine) {
        double m = r->o->routine(r->o->routine_ctx, a->person, a->first_ts, a->rule->routine, a->rule->nroutine, why,
                                 sizeof why);
        if (m > a->mitigation) {
            a->mitigation = m;
            a->mitigated_by = NULL;
            snprintf(detail, sizeof detail, "%s%s%s", a->detail ? a->detail : "", a->detail ? "; " : "", why);
            a->detail = detail;
            r->st->routine++;
        }
    }
    r->st->alerts++;
    if (a->mitigation > 0 && a->mitigated_by) r->st->mitigated++;
    int stop = r->fn(r->ctx, a);
    if (stop) r->stop = stop;
    return stop;
}

static int on_recon_alert(void *vctx, const mh_alert *a) { return deliver(vctx, (mh_alert *)a); }

/* Per-day rules: true the first time PERSON matches on DAY, false after (and when the
 * set cannot grow, so that memory trouble never invents an alert). A rule whose single
 * match is common among people with an innocent habit (a cloud upload, a job site and a
 * thumb drive) is an indicator of the day, not a counter: how much more than usual the
 * person did is the behaviour baselines' question (src/ueba), not the number of matches. */
static bool first_of_day(rule_slot *slot, const char *person, mh_time ts)
{
    int64_t day = mh_time_day(ts);
    return mh_hset_add(&slot->seen, mh_hash64(person, strlen(person), (uint64_t)day)) == 1;
}

/* One EQL result: its events become the evidence; the person is theirs. */
static int on_result(void *vctx, const mh_eql_result *res)
{
    rule_slot *slot = vctx;
    run_ctx *r = slot->run;
    const mh_rule *rule = slot->rule;
    mh_arena *a = &r->hit_arena;
    mh_arena_reset(a);
    mh_evidence *ev = mh_arena_alloc(a, (res->nevents ? res->nevents : 1) * sizeof *ev);
    if (!ev) return 1;
    size_t n = 0;
    const char *person = NULL;
    for (size_t i = 0; i < res->nevents; i++) {
        const mh_eql_hit *h = &res->events[i];
        if (!h->json) continue; /* a missing-event step */
        mh_jv doc;
        if (!mh_json_parse(h->json, h->len, a, &doc, NULL)) continue;
        mh_evidence *x = &ev[n++];
        x->id = str_of(a, path_of(&doc, "event.id"));
        x->category = str_of(a, path_of(&doc, "event.category"));
        x->ts = h->ts;
        x->path = str_of(a, path_of(&doc, "subject.path"));
        x->counterparty = str_of(a, path_of(&doc, "counterparty.id"));
        const char *summ = str_of(a, path_of(&doc, "record.summary"));
        if (!summ) summ = str_of(a, path_of(&doc, "record.subject"));
        if (!summ) summ = str_of(a, path_of(&doc, "event.action"));
        x->summary = summ;
        const char *p = str_of(a, path_of(&doc, "subject.id"));
        if (p) person = p;
    }
    if (!n || !person) return 0;
    mh_time last = ev[0].ts;
    for (size_t i = 1; i < n; i++) last = MH_MAX(last, ev[i].ts);
    if (rule->per_day && !first_of_day(slot, person, last)) return 0;
    char detail[512];
    size_t k = (size_t)snprintf(detail, sizeof detail, "%s", rule->title);
    for (size_t i = 0; i < n && k < sizeof detail - 64; i++)
        k += (size_t)snprintf(detail + k, sizeof detail - k, "%s %s %s%s%s", i ? ";" : ":", ev[i].category ? ev[i].category : "event",
                              ev[i].id ? ev[i].id : "?", ev[i].path && strcmp(ev[i].path, "self") ? " via " : "",
                              ev[i].path && strcmp(ev[i].path, "self") ? ev[i].path : "");
    mh_alert al = {.person = person, .rule = rule, .rule_id = rule->id, .title = rule->title, .axis = rule->axis,
                   .severity = rule->severity, .ts = ev[n - 1].ts, .first_ts = ev[0].ts, .evidence = ev, .nevidence = n,
                   .detail = detail};
    for (size_t i = 0; i < rule->nguidelines; i++) al.guidelines[al.nguidelines++] = rule->guidelines[i];
    for (size_t i = 0; i < n; i++) if (ev[i].ts < al.first_ts) al.first_ts = ev[i].ts;
    for (size_t i = 0; i < n; i++) if (ev[i].ts > al.ts) al.ts = ev[i].ts;
    return deliver(r, &al);
}

static bool wanted(const mh_detect_opts *o, const char *person)
{
    if (!o->only) return true;
    for (const char *const *p = o->only; *p; p++)
        if (strcmp(*p, person) == 0) return true;
    return false;
}

static int on_event(void *vctx, const mh_graph_event *gev)
{
    run_ctx *r = vctx;
    if (r->stop) return 1;
    if (gev->nsubjects == 0) return 0;
    if (r->o->only) {
        /* Incremental runs: skip, before any parsing, what touches none of their people. */
        size_t k = 0;
        while (k < gev->nsubjects && !wanted(r->o, gev->subjects[k].id)) k++;
        if (k == gev->nsubjects) return 0;
    }
    mh_arena *a = &r->ev_arena;
    mh_arena_reset(a);
    mh_jv doc;
    if (!mh_json_parse(gev->json, gev->len, a, &doc, NULL) || doc.type != MH_JOBJ) return 0;
    if (path_of(&doc, "record")) r->st->records++;
    else r->st->events++;
    /* The per-person copies share everything but the subject member. */
    size_t cut = subject_at(gev->json, gev->len);
    uint32_t subj_member = doc.len;
    for (uint32_t i = 0; i < doc.len; i++)
        if (mh_str_eq_c(doc.u.members[i].key, "subject")) subj_member = i;
    mh_jmember *members = mh_arena_alloc(a, (doc.len + 1) * sizeof *members);
    if (!members) return 1;
    memcpy(members, doc.u.members, doc.len * sizeof *members);
    uint32_t nmem = doc.len;
    if (subj_member == doc.len) {
        subj_member = nmem++;
        members[subj_member].key = mh_str_c("subject");
    }
    if (!cut) cut = gev->len - 1; /* no subject member: insert before the closing brace */
    for (size_t k = 0; k < gev->nsubjects; k++) {
        if (!wanted(r->o, gev->subjects[k].id)) continue;
        mh_jv subj;
        if (!make_subject(&r->copy, a, &subj, gev->subjects, gev->nsubjects, k, r->standing, gev->ts)) {
            r->failed = mh_err_set(r->e, MH_E_NOMEM, "an enriched event is too large");
            return 1;
        }
        size_t tl = cut + 11 + r->copy.len + 1;
        char *json = mh_arena_alloc(a, tl + 1);
        if (!json) return 1;
        memcpy(json, gev->json, cut);
        memcpy(json + cut, ",\"subject\":", 11);
        memcpy(json + cut + 11, r->copy.data, r->copy.len);
        json[tl - 1] = '}';
        json[tl] = '\0';
        members[subj_member].val = subj;
        mh_jv cdoc = {.type = MH_JOBJ, .len = nmem, .u.members = members};
        mh_eql_event ev = {.doc = &cdoc, .json = json, .len = tl, .ts = gev->ts, .tiebreak = ++r->tiebreak};
        r->st->pushes++;
        for (size_t i = 0; i < r->nslots && !r->stop; i++) {
            mh_err pe;
            mh_eql_matcher_push(r->slots[i].m, &ev, &pe);
        }
        subj_event view;
        view_of(a, &cdoc, json, tl, gev->ts, &view);
        if (mh_recon_push(r->rc, &view, on_recon_alert, r)) return 1;
    }
    return r->stop;
}

typedef struct {
    const char *country;
    mh_arena *a;
} home_ctx;

static int home_country_of(void *vctx, const mh_entity *ent)
{
    home_ctx *h = vctx;
    const char *c = mh_entity_first(ent, "country");
    if (!c) c = mh_entity_first(ent, "jurisdiction");
    if (c) h->country = mh_arena_strndup(h->a, c, strlen(c));
    return 0;
}

mh_status mh_detect_run(mh_store *s, mh_graph *g, const mh_rulepack *pack, const mh_detect_opts *o, mh_alert_fn fn,
                        void *ctx, mh_detect_stats *st, mh_err *e)
{
    mh_detect_opts defaults = {0};
    if (!o) o = &defaults;
    memset(st, 0, sizeof *st);
    run_ctx r = {.s = s, .o = o, .fn = fn, .ctx = ctx, .st = st, .e = e};
    mh_arena_init(&r.ev_arena, 64 * 1024);
    mh_arena_init(&r.hit_arena, 16 * 1024);
    mh_buf_init(&r.copy, 16u << 20);
    mh_status rc = mh_disc_load(s, &r.disc, e);
    mh_arena home_arena;
    mh_arena_init(&home_arena, 1024);
    home_ctx hc = {NULL, &home_arena};
    const char *home = mh_graph_home(g);
    if (!rc && home) {
        mh_err ignore;
        mh_store_entity_get(s, home, home_country_of, &hc, &ignore);
    }
    if (!rc) rc = mh_standing_load(s, g, &r.standing, e);
    if (!rc && !(r.rc = mh_recon_new(r.disc, o, hc.country))) rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
    size_t nrules = pack ? mh_rulepack_count(pack) : 0;
    r.slots = calloc(nrules ? nrules : 1, sizeof *r.slots);
    if (!rc && !r.slots) rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
    mh_eql_limits lim = {.max_memory = o->max_memory};
    for (size_t i = 0; !rc && i < nrules; i++) {
        const mh_rule *rule = mh_rulepack_rule(pack, i);
        st->rules++;
        if (!rule->query) {
            st->rules_failed++;
            continue;
        }
        rule_slot *slot = &r.slots[r.nslots];
        slot->run = &r;
        slot->rule = rule;
        slot->m = mh_eql_matcher_new(rule->query, &lim, on_result, slot);
        if (!slot->m) rc = mh_err_set(e, MH_E_NOMEM, "out of memory building the matcher of rule %s", rule->id);
        else r.nslots++;
    }
    if (!rc) rc = mh_graph_enrich_each(g, s, MH_TIME_NONE, MH_TIME_NONE, on_event, &r, e);
    if (!rc && r.failed) rc = r.failed;
    for (size_t i = 0; i < r.nslots; i++) {
        if (!rc && !r.stop) {
            mh_status frc = mh_eql_matcher_finish(r.slots[i].m, e);
            if (frc) rc = frc;
        }
        mh_eql_stats es;
        mh_eql_matcher_stats(r.slots[i].m, &es);
        st->evictions += es.evictions;
        mh_eql_matcher_free(r.slots[i].m);
        mh_hset_free(&r.slots[i].seen);
    }
    free(r.slots);
    mh_recon_free(r.rc);
    mh_standing_free(r.standing);
    mh_disc_free(r.disc);
    mh_arena_free(&home_arena);
    mh_arena_free(&r.ev_arena);
    mh_arena_free(&r.hit_arena);
    mh_buf_free(&r.copy);
    return rc;
}
