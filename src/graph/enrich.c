/* Enrichment of one event: which covered persons it touches (subject.ids, subject.path,
 * by lookup in the inverted sphere index at the event's date) and who is on the other
 * side (counterparty.*: the participant outside the subject's sphere, its country and
 * topics, whether it is foreign to the home organisation, official, or watch-listed).
 * Interactions and dated records are written as ECS-shaped JSON so that EQL runs over
 * them and over IT activity alike; activity events keep their own JSON and gain the
 * subject fields through user.id -> account -> person. */
#include "graph_int.h"

#include <string.h>
#include <strings.h>

#include "molehunt/mh_json.h"

static const char *const country_props[] = {"country", "nationality", "citizenship", "jurisdiction"};

static bool in_sphere(const mh_graph *g, uint32_t node, uint32_t covered, mh_time t)
{
    for (uint32_t k = g->sph_off[node]; k < g->sph_off[node + 1]; k++) {
        const gsph *r = &g->sph[k];
        if (r->covered == covered && t >= r->lo && t <= r->hi) return true;
    }
    return false;
}

static const char *country_of(const gnode *nd)
{
    for (size_t i = 0; i < MH_ARRAY_LEN(country_props); i++) {
        const char *c = g_first(&nd->ent, country_props[i]);
        if (c && *c) return c;
    }
    return NULL;
}

static bool is_foreign(const mh_graph *g, const gnode *nd)
{
    /* A covered person is an insider of the home organisation whatever their nationality:
     * national origin is never a feature (no profiling), so a colleague is never a
     * "foreign contact". */
    if (!g->home_country || (nd->flags & GN_COVERED)) return false;
    for (size_t i = 0; i < MH_ARRAY_LEN(country_props); i++) {
        const mh_prop *p = g_prop(&nd->ent, country_props[i]);
        for (size_t k = 0; p && k < p->nvals; k++)
            if (p->vals[k] && *p->vals[k] && strcasecmp(p->vals[k], g->home_country) != 0) return true;
    }
    return false;
}

static bool is_official(const gnode *nd)
{
    if (nd->flags & (GN_PUBLICBODY | GN_OCCUPANT)) return true;
    if (nd->schema && strcmp(nd->schema, "Position") == 0) return true;
    return g_has_value(&nd->ent, "topics", "role.diplo") || g_has_value(&nd->ent, "topics", "role.pep") ||
           g_has_value(&nd->ent, "topics", "gov") || g_has_prefix(&nd->ent, "topics", "gov.");
}

/* The node's watch-list hit, asked of the matcher once and remembered. */
static double watch_of(mh_graph *g, uint32_t v, const char **entity)
{
    gnode *nd = &g->nodes[v];
    *entity = NULL;
    if (!g->watch || !nd->schema) return 0;
    if (nd->watch_state == 0) {
        mh_graph_watch_hit hit = {0, NULL};
        mh_entity ent = nd->ent;
        ent.id = g->ids.keys[v];
        ent.schema = nd->schema;
        nd->watch_state = 1;
        if (g->watch(g->watch_ctx, &ent, &hit) && hit.score > 0) {
            nd->watch_state = 2;
            nd->watch_score = hit.score;
            nd->watch_entity = hit.entity ? mh_arena_strndup(&g->arena, hit.entity, strlen(hit.entity)) : NULL;
        }
    }
    *entity = nd->watch_entity;
    return nd->watch_state == 2 ? nd->watch_score : 0;
}

static uint32_t pick_counterparty(mh_graph *g, const gevent *ev, const gsph *primary)
{
    size_t np = (size_t)ev->nfrom + ev->nto;
    if (np == 0) return G_NONE;
    if (!primary) return ev->parts[0];
    size_t at = 0;
    while (at < np && ev->parts[at] != primary->node) at++;
    bool subject_sends = at < ev->nfrom;
    /* Outside the sphere on the other side; else outside on the same side; else the other end. */
    for (int pass = 0; pass < 3; pass++) {
        size_t lo, hi;
        if (pass == 1) {
            lo = subject_sends ? 0 : ev->nfrom;
            hi = subject_sends ? ev->nfrom : np;
        } else {
            lo = subject_sends ? ev->nfrom : 0;
            hi = subject_sends ? np : ev->nfrom;
        }
        uint32_t best = G_NONE;
        double best_score = -1;
        for (size_t i = lo; i < hi; i++) {
            uint32_t v = ev->parts[i];
            if (pass < 2 && in_sphere(g, v, primary->covered, ev->ts)) continue;
            const char *ent;
            double sc = watch_of(g, v, &ent);
            if (sc > best_score) {
                best = v;
                best_score = sc;
            }
        }
        if (best != G_NONE) return best;
    }
    return G_NONE;
}

static bool put_key(mh_buf *b, const char *k) { return mh_json_write_str(b, k, strlen(k)) && mh_buf_putc(b, ':'); }

static bool put_id(const mh_graph *g, mh_buf *b, uint32_t v) { return mh_json_write_str(b, g->ids.keys[v], g->ids.lens[v]); }

/* One id as a string, several as an array. */
static bool put_ids(const mh_graph *g, mh_buf *b, const uint32_t *v, size_t n)
{
    if (n == 1) return put_id(g, b, v[0]);
    bool ok = mh_buf_putc(b, '[');
    for (size_t i = 0; ok && i < n; i++) ok = (i == 0 || mh_buf_putc(b, ',')) && put_id(g, b, v[i]);
    return ok && mh_buf_putc(b, ']');
}

/* 2011-05-14T10:22:00.000Z without printf: this runs once per event. */
static bool put_time(mh_buf *b, mh_time t)
{
    int64_t days = t >= 0 ? t / 86400000 : -((-t + 86400000 - 1) / 86400000), y;
    int64_t ms = t - days * 86400000;
    unsigned m, d;
    mh_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        char tmp[40];
        mh_time_format(t, tmp, sizeof tmp);
        return mh_buf_putc(b, '"') && mh_buf_puts(b, tmp) && mh_buf_putc(b, '"');
    }
    char s[27] = "\"0000-00-00T00:00:00.000Z\"";
    unsigned v[] = {(unsigned)y, m, d, (unsigned)(ms / 3600000), (unsigned)(ms / 60000 % 60), (unsigned)(ms / 1000 % 60)};
    static const int at[] = {1, 6, 9, 12, 15, 18}, width[] = {4, 2, 2, 2, 2, 2};
    for (size_t i = 0; i < MH_ARRAY_LEN(v); i++)
        for (int k = width[i] - 1, x = (int)v[i]; k >= 0; k--, x /= 10) s[at[i] + k] = (char)('0' + x % 10);
    unsigned frac = (unsigned)(ms % 1000);
    if (!frac) return mh_buf_append(b, s, 20) && mh_buf_puts(b, "Z\"");
    s[21] = (char)('0' + frac / 100);
    s[22] = (char)('0' + frac / 10 % 10);
    s[23] = (char)('0' + frac % 10);
    return mh_buf_append(b, s, 26);
}

static bool put_subjects(mh_buf *b, const mh_graph_subject *s, size_t n)
{
    bool ok = mh_buf_puts(b, "\"subject\":{\"ids\":[");
    for (size_t i = 0; ok && i < n; i++) ok = (i == 0 || mh_buf_putc(b, ',')) && mh_json_write_cstr(b, s[i].id);
    ok = ok && mh_buf_puts(b, "],\"path\":[");
    for (size_t i = 0; ok && i < n; i++) ok = (i == 0 || mh_buf_putc(b, ',')) && mh_json_write_cstr(b, s[i].path);
    return ok && mh_buf_puts(b, "]}");
}

static bool put_subject_rows(const mh_graph *g, mh_buf *b, const gsph *const *rows, size_t n)
{
    bool ok = mh_buf_puts(b, "\"subject\":{\"ids\":[");
    for (size_t i = 0; ok && i < n; i++) ok = (i == 0 || mh_buf_putc(b, ',')) && put_id(g, b, g->covered[rows[i]->covered]);
    ok = ok && mh_buf_puts(b, "],\"path\":[");
    for (size_t i = 0; ok && i < n; i++)
        ok = (i == 0 || mh_buf_putc(b, ',')) && mh_json_write_str(b, g->paths.keys[rows[i]->path], g->paths.lens[rows[i]->path]);
    return ok && mh_buf_puts(b, "]}");
}

/* Topics that name an intelligence officer or service. */
static bool intel_topics(const gnode *nd)
{
    return g_has_value(&nd->ent, "topics", "role.spy") || g_has_value(&nd->ent, "topics", "gov.security");
}

/* Ties through which a service reaches its people and fronts. */
static bool intel_link(const char *schema)
{
    static const char *const links[] = {"Employment", "Membership", "Directorship", "Occupancy",
                                        "Representation", "UnknownLink", "Ownership"};
    for (size_t i = 0; schema && i < MH_ARRAY_LEN(links); i++)
        if (strcmp(schema, links[i]) == 0) return true;
    return false;
}

#define INTEL_WATCH_MIN 0.70

/* Whether node V is an intelligence officer or service, or within two organisational
 * ties of one (an officer employed by a security bureau; a school directed by such an
 * officer), by topics or a watch-list hit; *via names the node that makes it so. Ties are
 * taken regardless of date: a front stays a front. */
static bool is_intel(mh_graph *g, uint32_t v, const char **via)
{
    const char *went;
    *via = NULL;
    if (intel_topics(&g->nodes[v]) || watch_of(g, v, &went) >= INTEL_WATCH_MIN) {
        *via = g->ids.keys[v];
        return true;
    }
    for (uint32_t k = g->adj_off[v]; k < g->adj_off[v + 1]; k++) {
        const gtie *t = &g->ties[g->adj[k] >> 1];
        if (!intel_link(t->schema)) continue;
        uint32_t w = g_tie_other(t, v);
        if (intel_topics(&g->nodes[w]) || watch_of(g, w, &went) >= INTEL_WATCH_MIN) {
            *via = g->ids.keys[w];
            return true;
        }
        if (g->adj_off[w + 1] - g->adj_off[w] > 200) continue; /* a hub: not crossed */
        for (uint32_t j = g->adj_off[w]; j < g->adj_off[w + 1]; j++) {
            const gtie *u = &g->ties[g->adj[j] >> 1];
            uint32_t x = g_tie_other(u, w);
            if (x == v || !intel_link(u->schema)) continue;
            if (intel_topics(&g->nodes[x]) || watch_of(g, x, &went) >= INTEL_WATCH_MIN) {
                *via = g->ids.keys[x];
                return true;
            }
        }
    }
    return false;
}

static bool put_counterparty(mh_graph *g, mh_buf *b, uint32_t v)
{
    gnode *nd = &g->nodes[v];
    if (!(nd->flags & GN_CP_DONE)) {
        const char *via;
        nd->flags |= GN_CP_DONE | (is_foreign(g, nd) ? GN_FOREIGN : 0) | (is_official(nd) ? GN_OFFICIAL : 0);
        if (is_intel(g, v, &via)) {
            nd->flags |= GN_INTEL;
            nd->intel_via = via;
        }
    }
    const char *went;
    double score = watch_of(g, v, &went);
    bool ok = mh_buf_puts(b, ",\"counterparty\":{") && put_key(b, "id") && put_id(g, b, v) &&
              mh_buf_putc(b, ',') && put_key(b, "name") && mh_json_write_cstr(b, nd->name) && mh_buf_putc(b, ',') &&
              put_key(b, "schema") && mh_json_write_cstr(b, nd->schema) && mh_buf_putc(b, ',') && put_key(b, "country") &&
              mh_json_write_cstr(b, country_of(nd)) && mh_buf_puts(b, ",\"topics\":[");
    const mh_prop *tp = g_prop(&nd->ent, "topics");
    for (size_t k = 0; ok && tp && k < tp->nvals; k++) ok = (k == 0 || mh_buf_putc(b, ',')) && mh_json_write_cstr(b, tp->vals[k]);
    ok = ok && mh_buf_puts(b, nd->flags & GN_FOREIGN ? "],\"foreign\":true" : "],\"foreign\":false") &&
         mh_buf_puts(b, nd->flags & GN_OFFICIAL ? ",\"official\":true,\"watchlist\":{\"score\":" : ",\"official\":false,\"watchlist\":{\"score\":");
    if (ok) ok = score > 0 ? mh_buf_printf(b, "%.4f", score) : mh_buf_putc(b, '0');
    if (ok && went) ok = mh_buf_puts(b, ",\"entity\":") && mh_json_write_cstr(b, went);
    ok = ok && mh_buf_putc(b, '}');
    if (ok && (nd->flags & GN_INTEL)) ok = mh_buf_puts(b, ",\"intel\":true,\"intel_via\":") && mh_json_write_cstr(b, nd->intel_via);
    else if (ok) ok = mh_buf_puts(b, ",\"intel\":false");
    return ok && mh_buf_putc(b, '}');
}

bool g_event_render(mh_graph *g, const gevent *ev, mh_buf *b, mh_graph_subject *subj, size_t *nsubj)
{
    const grole *r = g_role_at(ev->role);
    const gsph *rows[G_MAX_SUBJECTS];
    size_t n = g_subjects(g, ev->parts, (size_t)ev->nfrom + ev->nto, ev->ts, rows, G_MAX_SUBJECTS);
    for (size_t i = 0; i < n; i++)
        subj[i] = (mh_graph_subject){g->ids.keys[g->covered[rows[i]->covered]], g->paths.keys[rows[i]->path], (int)rows[i]->depth};
    *nsubj = n;
    mh_buf_reset(b);
    bool ok = mh_buf_puts(b, "{\"@timestamp\":") && put_time(b, ev->ts) && mh_buf_puts(b, ",\"event\":{\"category\":\"") &&
              mh_buf_puts(b, r->category) && mh_buf_puts(b, "\",\"id\":") && mh_json_write_cstr(b, ev->id) &&
              mh_buf_puts(b, "},\"entity\":{\"schema\":\"") && mh_buf_puts(b, r->schema) &&
              mh_buf_puts(b, "\"},\"record\":") && mh_buf_append(b, ev->record, ev->record_len);
    if (ok && ev->nfrom) ok = mh_buf_puts(b, ",\"source\":{\"entity\":{\"id\":") && put_ids(g, b, ev->parts, ev->nfrom) && mh_buf_puts(b, "}}");
    if (ok && ev->nto)
        ok = mh_buf_puts(b, ",\"target\":{\"entity\":{\"id\":") && put_ids(g, b, ev->parts + ev->nfrom, ev->nto) && mh_buf_puts(b, "}}");
    uint32_t cp = pick_counterparty(g, ev, n ? rows[0] : NULL);
    if (ok && cp != G_NONE) ok = put_counterparty(g, b, cp);
    /* The subject comes last, as in activity events: detection splices a per-person
     * subject in its place without rewriting the rest. */
    ok = ok && mh_buf_putc(b, ',') && put_subject_rows(g, b, rows, n);
    return ok && mh_buf_putc(b, '}');
}

/* user.id -> the person behind it, or G_NONE. */
static uint32_t user_person(const mh_graph *g, const mh_jv *root)
{
    const mh_jv *u = mh_json_get_path(root, "user.id", 7);
    if (u && u->type == MH_JARR && u->len) u = &u->u.items[0];
    if (!mh_json_is_str(u)) return G_NONE;
    mh_str s = mh_json_str(u);
    uint32_t k = gi_find(&g->users, s.ptr, s.len);
    return k == G_NONE ? G_NONE : g->user_node[k];
}

mh_status g_activity_render(mh_graph *g, const char *json, size_t len, mh_time ts, mh_arena *a, mh_buf *out,
                            mh_graph_subject *subj, size_t *nsubj, const char **id, const char **category, mh_err *e)
{
    mh_jv root;
    *nsubj = 0;
    if (!mh_json_parse(json, len, a, &root, e)) return e ? e->code : MH_E_INPUT;
    if (root.type != MH_JOBJ) return mh_err_set(e, MH_E_INPUT, "an activity event is not a JSON object");
    uint32_t person = user_person(g, &root);
    const gsph *rows[G_MAX_SUBJECTS];
    size_t n = person == G_NONE ? 0 : g_subjects(g, &person, 1, ts, rows, G_MAX_SUBJECTS);
    for (size_t i = 0; i < n; i++)
        subj[i] = (mh_graph_subject){g->ids.keys[g->covered[rows[i]->covered]], g->paths.keys[rows[i]->path], (int)rows[i]->depth};
    *nsubj = n;
    if (id || category) {
        const mh_jv *v = mh_json_get_path(&root, "event.id", 8);
        const mh_jv *c = mh_json_get_path(&root, "event.category", 14);
        if (c && c->type == MH_JARR && c->len) c = &c->u.items[0];
        if (id) *id = mh_json_is_str(v) ? mh_arena_strndup(a, v->u.s, v->len) : NULL;
        if (category) *category = mh_json_is_str(c) ? mh_arena_strndup(a, c->u.s, c->len) : NULL;
    }
    /* The event as given, with the subject fields added as its last member. */
    size_t end = len;
    while (end > 0 && json[end - 1] != '}') end--;
    mh_buf_reset(out);
    bool ok = end > 0 && mh_buf_append(out, json, end - 1) && (root.len == 0 || mh_buf_putc(out, ',')) &&
              put_subjects(out, subj, n) && mh_buf_putc(out, '}');
    return ok ? MH_OK : mh_err_set(e, MH_E_NOMEM, "an enriched event is too large");
}

mh_status mh_graph_enrich_activity(mh_graph *g, const char *json, size_t len, mh_time ts, mh_buf *out, mh_err *e)
{
    mh_arena a;
    mh_arena_init(&a, len * 4 + 4096);
    mh_graph_subject subj[G_MAX_SUBJECTS];
    size_t n;
    mh_status st = g_activity_render(g, json, len, ts, &a, out, subj, &n, NULL, NULL, e);
    mh_arena_free(&a);
    return st;
}
