/* Unit tests for mh_graph: ties and their validity, spheres as of a date with path labels
 * and inverses, the inverted index agreeing with the on-demand walk on random graphs,
 * enrichment (subjects, counterparty flags, watch-list step, time order, activity events),
 * reach parsing, paths and exports. Entities are built in memory, not through the store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_graph.h"
#include "molehunt/mh_json.h"

/* ---- building entities: "prop=v1|v2" strings ---- */

static mh_arena ar;

static mh_entity *ent(const char *id, const char *schema, ...)
{
    mh_entity *e = mh_arena_zalloc(&ar, sizeof *e);
    e->id = id;
    e->schema = schema;
    e->props = mh_arena_zalloc(&ar, 16 * sizeof *e->props);
    va_list ap;
    va_start(ap, schema);
    for (const char *kv; (kv = va_arg(ap, const char *)) && e->nprops < 16;) {
        const char *eq = strchr(kv, '=');
        mh_prop *p = &e->props[e->nprops++];
        p->name = mh_arena_strndup(&ar, kv, (size_t)(eq - kv));
        p->vals = mh_arena_zalloc(&ar, 8 * sizeof *p->vals);
        for (const char *v = eq + 1; p->nvals < 8;) {
            const char *bar = strchr(v, '|');
            size_t n = bar ? (size_t)(bar - v) : strlen(v);
            p->vals[p->nvals++] = mh_arena_strndup(&ar, v, n);
            if (!bar) break;
            v = bar + 1;
        }
    }
    va_end(ap);
    return e;
}

static void add(mh_graph *g, mh_entity *e)
{
    mh_err err;
    mh_err_clear(&err);
    assert_int_equal(mh_graph_add(g, e, &err), MH_OK);
}

static mh_time T(const char *s)
{
    mh_time lo, hi;
    assert_true(mh_time_parse_iso(s, strlen(s), &lo, &hi, NULL));
    return lo;
}

/* A Claiborne-shaped world: p1 works at home; her son p1s rents from ll from 2012; o1 is
 * a foreign officer; x is a stranger; the niece relation reads from the other side. */
static void claiborne(mh_graph *g)
{
    add(g, ent("home", "PublicBody", "name=Home Office", "country=us", "topics=molehunt.home", NULL));
    add(g, ent("p1", "Person", "name=Carol Example", "nationality=us", NULL));
    add(g, ent("p1s", "Person", "name=Sam Example", "nationality=us", NULL));
    add(g, ent("ll", "Person", "name=Li Landlord", "country=cn", NULL));
    add(g, ent("o1", "Person", "name=Jianguo Wang", "nationality=cn", "topics=role.spy|gov.security", NULL));
    add(g, ent("x", "Person", "name=Nobody", "country=us", NULL));
    add(g, ent("mom", "Person", "name=Mother Of P2", NULL));
    add(g, ent("p2", "Person", "name=Pat Second", NULL));
    add(g, ent("e1", "Employment", "employer=home", "employee=p1", "startDate=1999", NULL));
    add(g, ent("c2", "Clearance", "holder=p2", "organization=home", "level=secret", "startDate=2005", NULL));
    add(g, ent("f1", "Family", "person=p1", "relative=p1s", "relationship=son", NULL));
    /* recorded from the mother's side: p2 is her daughter, so from p2 the mother is "parent" */
    add(g, ent("f2", "Family", "person=mom", "relative=p2", "relationship=daughter", NULL));
    add(g, ent("a1", "Associate", "person=p1s", "associate=ll", "relationship=landlord", "startDate=2012-01",
               "endDate=2014", NULL));
    add(g, ent("a2", "Associate", "person=ll", "associate=x", "relationship=colleague", NULL));
    add(g, ent("ua1", "UserAccount", "owner=p1s", "username=u1", NULL));
    add(g, ent("m1", "Message", "sender=p1", "recipients=o1", "date=2007-06-01", "subject=a job for my son", NULL));
    add(g, ent("b1", "Benefit", "provider=o1", "recipient=p1s", "date=2012-03-01", "value=9000", "currency=USD",
               "kind=tuition", NULL));
    add(g, ent("pay2", "Payment", "payer=o1", "beneficiary=ll", "amount=1200.50", "date=2013-02-01", NULL));
    add(g, ent("pay0", "Payment", "payer=o1", "beneficiary=ll", "amount=100", "date=2010-02-01", NULL));
    add(g, ent("t1", "Tasking", "requester=o1", "recipient=p1", "date=2011-05-10", "sensitivity=internal", NULL));
}

static mh_graph *built(const mh_graph_opts *o)
{
    mh_graph *g = mh_graph_new();
    assert_non_null(g);
    claiborne(g);
    mh_err err;
    mh_err_clear(&err);
    assert_int_equal(mh_graph_finish(g, o, &err), MH_OK);
    return g;
}

typedef struct members {
    char ids[32][32], paths[32][64];
    mh_time lo[32], hi[32];
    int depth[32];
    int n;
} members;

static int collect(void *ctx, const mh_graph_member *m)
{
    members *s = ctx;
    if (s->n < 32) {
        snprintf(s->ids[s->n], 32, "%s", m->id);
        snprintf(s->paths[s->n], 64, "%s", m->path);
        s->lo[s->n] = m->lo;
        s->hi[s->n] = m->hi;
        s->depth[s->n] = m->depth;
        s->n++;
    }
    return 0;
}

static int find(const members *s, const char *id)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->ids[i], id) == 0) return i;
    return -1;
}

static void test_covered_and_home(void **state)
{
    mh_graph *g = built(NULL);
    assert_string_equal(mh_graph_home(g), "home");
    assert_true(mh_graph_is_covered(g, "p1"));  /* Employment at home */
    assert_true(mh_graph_is_covered(g, "p2"));  /* Clearance */
    assert_false(mh_graph_is_covered(g, "p1s"));
    assert_false(mh_graph_is_covered(g, "o1"));
    mh_graph_stats st;
    mh_graph_stats_get(g, &st);
    assert_int_equal(st.covered, 2);
    mh_graph_free(g);
    /* --org naming an unknown body is an error, naming another body moves the home */
    g = mh_graph_new();
    claiborne(g);
    mh_err err;
    mh_err_clear(&err);
    mh_graph_opts o = {.home_org = "nope"};
    assert_int_equal(mh_graph_finish(g, &o, &err), MH_E_NOTFOUND);
    mh_graph_free(g);
}

static void test_sphere_as_of(void **state)
{
    mh_graph *g = built(NULL);
    mh_err err;
    mh_err_clear(&err);
    members s = {0};
    assert_int_equal(mh_graph_sphere(g, "p1", T("2012-03-01"), NULL, collect, &s, &err), MH_OK);
    assert_string_equal(s.ids[0], "p1");
    assert_string_equal(s.paths[0], "self");
    int son = find(&s, "p1s"), ll = find(&s, "ll");
    assert_true(son > 0);
    assert_string_equal(s.paths[son], "son");
    assert_true(ll > son);
    assert_string_equal(s.paths[ll], "son>landlord");
    assert_int_equal(s.depth[ll], 2);
    assert_int_equal(s.lo[ll], T("2012-01"));
    mh_time lo, hi;
    assert_true(mh_time_parse_iso("2014", 4, &lo, &hi, NULL));
    assert_int_equal(s.hi[ll], hi);
    assert_int_equal(find(&s, "x"), -1); /* colleague: not in the default reach, and depth 3 */
    assert_int_equal(find(&s, "o1"), -1); /* messages are not ties */

    /* before the tenancy the landlord is outside */
    members before = {0};
    assert_int_equal(mh_graph_sphere(g, "p1", T("2011-06-01"), NULL, collect, &before, &err), MH_OK);
    assert_int_equal(find(&before, "ll"), -1);
    assert_true(find(&before, "p1s") > 0);

    /* the inverse label: the record is from the mother's side */
    members p2 = {0};
    assert_int_equal(mh_graph_sphere(g, "p2", MH_TIME_NONE, NULL, collect, &p2, &err), MH_OK);
    int mom = find(&p2, "mom");
    assert_true(mom > 0);
    assert_string_equal(p2.paths[mom], "parent");

    /* depth 1 keeps only the son */
    mh_graph_reach r1 = *mh_graph_reach_default();
    r1.depth = 1;
    members d1 = {0};
    assert_int_equal(mh_graph_sphere(g, "p1", T("2012-03-01"), &r1, collect, &d1, &err), MH_OK);
    assert_int_equal(d1.n, 2);
    /* a wider reach with colleagues and depth 3 reaches x */
    mh_graph_reach wide;
    assert_int_equal(mh_graph_reach_parse("Family,Associate:landlord|colleague", &ar, &wide, &err), MH_OK);
    wide.depth = 3;
    members d3 = {0};
    assert_int_equal(mh_graph_sphere(g, "p1", T("2012-03-01"), &wide, collect, &d3, &err), MH_OK);
    int xi = find(&d3, "x");
    assert_true(xi > 0);
    assert_string_equal(d3.paths[xi], "son>landlord>colleague");

    assert_int_equal(mh_graph_sphere(g, "nobody", MH_TIME_NONE, NULL, collect, &s, &err), MH_E_NOTFOUND);
    mh_graph_free(g);
}

static void test_inverse_labels(void **state)
{
    assert_string_equal(mh_graph_inverse_label("Family", "son"), "parent");
    assert_string_equal(mh_graph_inverse_label("Family", "Mother"), "child");
    assert_string_equal(mh_graph_inverse_label("Family", "godmother"), "relative");
    assert_string_equal(mh_graph_inverse_label("Associate", "landlord"), "tenant");
    assert_string_equal(mh_graph_inverse_label("Associate", "friend"), "friend");
    assert_string_equal(mh_graph_inverse_label("Associate", "fixer"), "associate");
}

static void test_reach_parse(void **state)
{
    mh_err err;
    mh_err_clear(&err);
    mh_graph_reach r;
    assert_int_equal(mh_graph_reach_parse("Family,Associate:friend|romantic,Ownership", &ar, &r, &err), MH_OK);
    assert_string_equal(r.rules[0].schema, "Family");
    assert_null(r.rules[0].relationships);
    assert_string_equal(r.rules[1].relationships[1], "romantic");
    assert_null(r.rules[1].relationships[2]);
    assert_string_equal(r.rules[2].schema, "Ownership");
    assert_null(r.rules[3].schema);
    assert_int_equal(mh_graph_reach_parse("Payment", &ar, &r, &err), MH_E_USAGE);
    assert_int_equal(mh_graph_reach_parse("Family,", &ar, &r, &err), MH_OK);
    assert_int_equal(mh_graph_reach_parse(":x", &ar, &r, &err), MH_E_USAGE);
    assert_int_equal(mh_graph_reach_parse("Associate:", &ar, &r, &err), MH_E_USAGE);
}

static void test_subjects_lookup(void **state)
{
    mh_graph *g = built(NULL);
    mh_graph_subject s[8];
    const char *ll[] = {"ll"};
    assert_int_equal(mh_graph_subjects(g, ll, 1, T("2013-02-01"), s, 8), 1);
    assert_string_equal(s[0].id, "p1");
    assert_string_equal(s[0].path, "son>landlord");
    assert_int_equal(mh_graph_subjects(g, ll, 1, T("2010-02-01"), s, 8), 0);
    assert_int_equal(mh_graph_subjects(g, ll, 1, T("2015-01-01"), s, 8), 0);
    const char *both[] = {"ll", "p1"}; /* the nearest path wins */
    assert_int_equal(mh_graph_subjects(g, both, 2, T("2013-02-01"), s, 8), 1);
    assert_string_equal(s[0].path, "self");
    const char *two[] = {"mom", "p1s"};
    assert_int_equal(mh_graph_subjects(g, two, 2, T("2013-02-01"), s, 8), 2);
    assert_string_equal(s[0].id, "p1"); /* equal depth: by id */
    assert_string_equal(s[1].id, "p2");
    assert_string_equal(s[1].path, "parent");
    mh_graph_free(g);
}

/* ---- enrichment ---- */

typedef struct evlog {
    mh_arena a;
    mh_jv ev[64];
    mh_time ts[64];
    int n;
} evlog;

static int log_event(void *ctx, const mh_graph_event *ev)
{
    evlog *l = ctx;
    mh_err err;
    mh_err_clear(&err);
    assert_true(l->n < 64);
    char *copy = mh_arena_strndup(&l->a, ev->json, ev->len);
    assert_true(mh_json_parse(copy, ev->len, &l->a, &l->ev[l->n], &err));
    l->ts[l->n++] = ev->ts;
    return 0;
}

static const mh_jv *by_id(const evlog *l, const char *id)
{
    for (int i = 0; i < l->n; i++) {
        const mh_jv *v = mh_json_get_path(&l->ev[i], "event.id", 8);
        if (v && mh_str_eq_c(mh_json_str(v), id)) return &l->ev[i];
    }
    fail_msg("no event %s", id);
    return NULL;
}

static mh_str field(const mh_jv *ev, const char *path)
{
    const mh_jv *v = mh_json_get_path(ev, path, strlen(path));
    if (v && v->type == MH_JARR && v->len) v = &v->u.items[0];
    return mh_json_str(v);
}

static bool flag(const mh_jv *ev, const char *path)
{
    const mh_jv *v = mh_json_get_path(ev, path, strlen(path));
    assert_non_null(v);
    return v->type == MH_JTRUE;
}

static int watch_calls;
static bool fake_watch(void *ctx, const mh_entity *party, mh_graph_watch_hit *hit)
{
    watch_calls++;
    for (size_t i = 0; i < party->nprops; i++)
        if (strcmp(party->props[i].name, "name") == 0 && strstr(party->props[i].vals[0], "Jianguo")) {
            hit->score = 0.91;
            hit->entity = ctx;
            return true;
        }
    return false;
}

static void test_enrich_events(void **state)
{
    mh_graph_opts o = {.watch = fake_watch, .watch_ctx = "wl-wang"};
    watch_calls = 0;
    mh_graph *g = built(&o);
    evlog l = {0};
    mh_arena_init(&l.a, 1 << 16);
    mh_err err;
    mh_err_clear(&err);
    assert_int_equal(mh_graph_enrich_each(g, NULL, MH_TIME_NONE, MH_TIME_NONE, log_event, &l, &err), MH_OK);
    /* time order */
    for (int i = 1; i < l.n; i++) assert_true(l.ts[i - 1] <= l.ts[i]);

    const mh_jv *b1 = by_id(&l, "b1");
    assert_true(mh_str_eq_c(field(b1, "event.category"), "benefit"));
    assert_true(mh_str_eq_c(field(b1, "@timestamp"), "2012-03-01T00:00:00Z"));
    assert_true(mh_str_eq_c(field(b1, "subject.ids"), "p1"));
    assert_true(mh_str_eq_c(field(b1, "subject.path"), "son"));
    assert_true(mh_str_eq_c(field(b1, "counterparty.id"), "o1"));
    assert_true(mh_str_eq_c(field(b1, "source.entity.id"), "o1"));
    assert_true(mh_str_eq_c(field(b1, "target.entity.id"), "p1s"));
    assert_true(mh_str_eq_c(field(b1, "record.kind"), "tuition"));
    assert_true(flag(b1, "counterparty.foreign"));
    assert_true(flag(b1, "counterparty.official")); /* gov.security */
    const mh_jv *amount = mh_json_get_path(b1, "record.amount_value", 19);
    assert_non_null(amount);
    assert_true(amount->type == MH_JNUM && amount->u.num.d == 9000.0);
    const mh_jv *score = mh_json_get_path(b1, "counterparty.watchlist.score", 28);
    assert_true(score && score->type == MH_JNUM && score->u.num.d > 0.9);
    assert_true(mh_str_eq_c(field(b1, "counterparty.watchlist.entity"), "wl-wang"));

    const mh_jv *pay2 = by_id(&l, "pay2"); /* through the son's landlord, during the tenancy */
    assert_true(mh_str_eq_c(field(pay2, "subject.path"), "son>landlord"));
    assert_true(mh_str_eq_c(field(pay2, "counterparty.id"), "o1"));
    const mh_jv *pay2_amount = mh_json_get_path(pay2, "record.amount_value", 19);
    assert_true(pay2_amount && pay2_amount->u.num.d == 1200.5);
    const mh_jv *pay0 = by_id(&l, "pay0"); /* before it: nobody's */
    const mh_jv *ids = mh_json_get_path(pay0, "subject.ids", 11);
    assert_true(ids && ids->type == MH_JARR && ids->len == 0);

    const mh_jv *m1 = by_id(&l, "m1"); /* the covered person writes first: counterparty is the recipient */
    assert_true(mh_str_eq_c(field(m1, "subject.path"), "self"));
    assert_true(mh_str_eq_c(field(m1, "counterparty.id"), "o1"));
    const mh_jv *a1 = by_id(&l, "a1"); /* a dated tie is an event too */
    assert_true(mh_str_eq_c(field(a1, "event.category"), "associate"));
    assert_true(mh_str_eq_c(field(a1, "counterparty.id"), "ll"));
    assert_false(flag(a1, "counterparty.official"));
    assert_true(flag(a1, "counterparty.foreign"));
    /* the matcher is asked once per counterparty, not once per event */
    int calls = watch_calls;
    l.n = 0;
    assert_int_equal(mh_graph_enrich_each(g, NULL, T("2011"), T("2012-12-31"), log_event, &l, &err), MH_OK);
    assert_int_equal(watch_calls, calls);
    for (int i = 0; i < l.n; i++) assert_true(l.ts[i] >= T("2011") && l.ts[i] <= T("2012-12-31"));
    assert_int_equal(l.n, 3); /* t1, a1 (2012-01), b1; m1 is 2007, pay2 2013 */
    mh_arena_free(&l.a);
    mh_graph_free(g);
}

static void test_enrich_activity(void **state)
{
    mh_graph *g = built(NULL);
    mh_buf out;
    mh_buf_init(&out, 0);
    mh_err err;
    mh_err_clear(&err);
    const char *ev = "{\"@timestamp\":\"2012-06-01T10:00:00Z\",\"event\":{\"category\":\"web\"},\"user\":{\"id\":\"u1\"}} ";
    assert_int_equal(mh_graph_enrich_activity(g, ev, strlen(ev), T("2012-06-01"), &out, &err), MH_OK);
    mh_arena a;
    mh_arena_init(&a, 4096);
    mh_jv v;
    assert_true(mh_json_parse(out.data, out.len, &a, &v, &err));
    assert_true(mh_str_eq_c(field(&v, "subject.ids"), "p1"));
    assert_true(mh_str_eq_c(field(&v, "subject.path"), "son"));
    assert_true(mh_str_eq_c(field(&v, "event.category"), "web"));
    /* an unknown user: no subjects, the event still comes through */
    const char *ev2 = "{\"@timestamp\":\"2012-06-01T10:00:00Z\",\"user.id\":\"zz\"}";
    assert_int_equal(mh_graph_enrich_activity(g, ev2, strlen(ev2), T("2012-06-01"), &out, &err), MH_OK);
    assert_true(mh_json_parse(out.data, out.len, &a, &v, &err));
    assert_int_equal(mh_json_get_path(&v, "subject.ids", 11)->len, 0);
    assert_int_not_equal(mh_graph_enrich_activity(g, "[1]", 3, 0, &out, &err), MH_OK);
    mh_arena_free(&a);
    mh_buf_free(&out);
    mh_graph_free(g);
}

/* ---- the inverted index agrees with the walk ---- */

typedef struct expect {
    const mh_graph *g;
    mh_time t;
    const char *covered;
    int mismatches, checked;
} expect;

static int check_member(void *ctx, const mh_graph_member *m)
{
    expect *x = ctx;
    mh_graph_subject s[64];
    const char *ids[] = {m->id};
    size_t n = mh_graph_subjects(x->g, ids, 1, x->t, s, 64);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(s[i].id, x->covered) == 0) found = s[i].depth == m->depth;
    x->mismatches += !found;
    x->checked++;
    return 0;
}

static void test_index_matches_walk(void **state)
{
    static const char *const rels[] = {"son", "mother", "sister", "spouse"};
    static const char *const arels[] = {"friend", "landlord", "colleague", "romantic"};
    srand(7);
    for (int round = 0; round < 20; round++) {
        mh_graph *g = mh_graph_new();
        int np = 40;
        char *ids[40];
        for (int i = 0; i < np; i++) {
            ids[i] = mh_arena_alloc(&ar, 8);
            snprintf(ids[i], 8, "n%d", i);
            add(g, ent(ids[i], "Person", "name=x", NULL));
        }
        add(g, ent("org", "Organization", "topics=molehunt.home", NULL));
        for (int i = 0; i < 6; i++) {
            char *eid = mh_arena_alloc(&ar, 16), *emp = mh_arena_alloc(&ar, 24);
            snprintf(eid, 16, "e%d", i);
            snprintf(emp, 24, "employee=%s", ids[rand() % np]);
            add(g, ent(eid, "Employment", "employer=org", emp, NULL));
        }
        for (int i = 0; i < 60; i++) {
            char *tid = mh_arena_alloc(&ar, 16), *a = mh_arena_alloc(&ar, 24), *b = mh_arena_alloc(&ar, 24),
                 *rel = mh_arena_alloc(&ar, 32), *sd = mh_arena_alloc(&ar, 24), *ed = mh_arena_alloc(&ar, 24);
            snprintf(tid, 16, "t%d", i);
            bool fam = rand() % 2;
            snprintf(a, 24, "person=%s", ids[rand() % np]);
            snprintf(b, 24, "%s=%s", fam ? "relative" : "associate", ids[rand() % np]);
            snprintf(rel, 32, "relationship=%s", fam ? rels[rand() % 4] : arels[rand() % 4]);
            int y0 = 2000 + rand() % 10;
            snprintf(sd, 24, "startDate=%d", y0);
            snprintf(ed, 24, "endDate=%d", y0 + rand() % 8);
            add(g, rand() % 3 ? ent(tid, fam ? "Family" : "Associate", a, b, rel, sd, ed, NULL)
                              : ent(tid, fam ? "Family" : "Associate", a, b, rel, NULL));
        }
        mh_err err;
        mh_err_clear(&err);
        mh_graph_reach r = *mh_graph_reach_default();
        r.depth = 1 + round % 3;
        mh_graph_opts o = {.reach = &r};
        assert_int_equal(mh_graph_finish(g, &o, &err), MH_OK);
        for (int i = 0; i < np; i++) {
            if (!mh_graph_is_covered(g, ids[i])) continue;
            for (int y = 1999; y <= 2018; y += 3) {
                char ys[8];
                snprintf(ys, sizeof ys, "%d-06", y);
                expect x = {g, T(ys), ids[i], 0, 0};
                assert_int_equal(mh_graph_sphere(g, ids[i], x.t, NULL, check_member, &x, &err), MH_OK);
                assert_int_equal(x.mismatches, 0);
                assert_true(x.checked >= 1);
                /* and the converse: every node whose subjects name this person is in the walk */
                members s = {0};
                assert_int_equal(mh_graph_sphere(g, ids[i], x.t, NULL, collect, &s, &err), MH_OK);
                for (int k = 0; k < np; k++) {
                    mh_graph_subject sub[64];
                    const char *one[] = {ids[k]};
                    size_t n = mh_graph_subjects(g, one, 1, x.t, sub, 64);
                    bool names = false;
                    for (size_t j = 0; j < n; j++) names |= strcmp(sub[j].id, ids[i]) == 0;
                    if (s.n < 32) assert_int_equal(names, find(&s, ids[k]) >= 0);
                }
            }
        }
        mh_graph_free(g);
    }
}

static void test_hub_not_crossed(void **state)
{
    mh_graph *g = mh_graph_new();
    add(g, ent("org", "Organization", "topics=molehunt.home", NULL));
    add(g, ent("c", "Person", NULL));
    add(g, ent("emp", "Employment", "employer=org", "employee=c", NULL));
    add(g, ent("f", "Associate", "person=c", "associate=hub", "relationship=friend", NULL));
    for (int i = 0; i < 5; i++) {
        char *id = mh_arena_alloc(&ar, 16), *b = mh_arena_alloc(&ar, 24);
        snprintf(id, 16, "h%d", i);
        snprintf(b, 24, "associate=x%d", i);
        add(g, ent(id, "Associate", "person=hub", b, "relationship=friend", NULL));
    }
    mh_graph_reach r = *mh_graph_reach_default();
    r.max_fanout = 3;
    mh_graph_opts o = {.reach = &r};
    mh_err err;
    mh_err_clear(&err);
    assert_int_equal(mh_graph_finish(g, &o, &err), MH_OK);
    members s = {0};
    assert_int_equal(mh_graph_sphere(g, "c", MH_TIME_NONE, NULL, collect, &s, &err), MH_OK);
    assert_true(find(&s, "hub") > 0);
    assert_int_equal(find(&s, "x0"), -1);
    mh_graph_stats st;
    mh_graph_stats_get(g, &st);
    assert_int_equal(st.hubs, 1);
    mh_graph_subject sub[4];
    const char *x0[] = {"x0"};
    assert_int_equal(mh_graph_subjects(g, x0, 1, MH_TIME_NONE, sub, 4), 0);
    mh_graph_free(g);
}

typedef struct hops {
    char text[512];
    int n;
} hops;

static int on_hop(void *ctx, const mh_graph_hop *h)
{
    hops *x = ctx;
    size_t l = strlen(x->text);
    snprintf(x->text + l, sizeof x->text - l, "%s-%s->%s;", h->from, h->label, h->to);
    x->n++;
    return 0;
}

static void test_path(void **state)
{
    mh_graph *g = built(NULL);
    mh_err err;
    mh_err_clear(&err);
    hops h = {{0}, 0};
    assert_int_equal(mh_graph_path(g, "p1", "ll", MH_TIME_NONE, false, 6, on_hop, &h, &err), MH_OK);
    assert_string_equal(h.text, "p1-son->p1s;p1s-landlord->ll;");
    h = (hops){{0}, 0};
    assert_int_equal(mh_graph_path(g, "ll", "p1", MH_TIME_NONE, false, 6, on_hop, &h, &err), MH_OK);
    assert_string_equal(h.text, "ll-tenant->p1s;p1s-parent->p1;");
    /* before the tenancy there is no tie path, but with interactions o1 links them */
    h = (hops){{0}, 0};
    assert_int_equal(mh_graph_path(g, "p1", "ll", T("2011"), false, 6, on_hop, &h, &err), MH_E_NOTFOUND);
    h = (hops){{0}, 0};
    assert_int_equal(mh_graph_path(g, "p1", "ll", T("2011"), true, 6, on_hop, &h, &err), MH_OK);
    assert_int_equal(h.n, 2);
    assert_non_null(strstr(h.text, "p1-"));
    assert_non_null(strstr(h.text, "->o1;o1-payment->ll;"));
    assert_int_equal(mh_graph_path(g, "p1", "zz", MH_TIME_NONE, false, 6, on_hop, &h, &err), MH_E_NOTFOUND);
    mh_graph_free(g);
}

static char *export_to_string(mh_graph *g, mh_graph_format f, const char *around, int depth)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    mh_err err;
    mh_err_clear(&err);
    assert_int_equal(mh_graph_export(g, f, around, depth, m, &err), MH_OK);
    fclose(m);
    return buf;
}

static void test_export(void **state)
{
    mh_graph *g = built(NULL);
    mh_graph_format f;
    assert_true(mh_graph_format_parse("cytoscape-json", &f));
    assert_false(mh_graph_format_parse("dot", &f));
    char *cy = export_to_string(g, MH_GRAPH_CYJS, NULL, 0);
    mh_arena a;
    mh_arena_init(&a, 1 << 16);
    mh_jv v;
    mh_err err;
    mh_err_clear(&err);
    assert_true(mh_json_parse(cy, strlen(cy), &a, &v, &err));
    const mh_jv *nodes = mh_json_get_path(&v, "elements.nodes", 14), *edges = mh_json_get_path(&v, "elements.edges", 14);
    assert_true(nodes && nodes->type == MH_JARR && edges && edges->type == MH_JARR);
    mh_graph_stats st;
    mh_graph_stats_get(g, &st);
    assert_int_equal(nodes->len, st.nodes);
    bool son = false;
    for (uint32_t i = 0; i < edges->len; i++) {
        const mh_jv *d = &edges->u.items[i];
        son |= mh_str_eq_c(field(d, "data.source"), "p1") && mh_str_eq_c(field(d, "data.target"), "p1s") &&
               mh_str_eq_c(field(d, "data.label"), "son");
    }
    assert_true(son);
    free(cy);
    /* around ll at depth 1: ll, the son, x and o1 (payments), not p1 */
    char *gml = export_to_string(g, MH_GRAPH_GRAPHML, "ll", 1);
    assert_non_null(strstr(gml, "<node id=\"p1s\""));
    assert_non_null(strstr(gml, "<node id=\"o1\""));
    assert_null(strstr(gml, "<node id=\"p1\""));
    assert_non_null(strstr(gml, "<data key=\"start\">2012-01-01</data>"));
    free(gml);
    char *gexf = export_to_string(g, MH_GRAPH_GEXF, NULL, 0);
    assert_non_null(strstr(gexf, "label=\"Carol Example\""));
    assert_non_null(strstr(gexf, "</gexf>"));
    free(gexf);
    mh_arena_free(&a);
    mh_graph_free(g);
}

static int setup(void **state)
{
    mh_arena_init(&ar, 1 << 16);
    return 0;
}

static int teardown(void **state)
{
    mh_arena_free(&ar);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_covered_and_home), cmocka_unit_test(test_sphere_as_of),
        cmocka_unit_test(test_inverse_labels),   cmocka_unit_test(test_reach_parse),
        cmocka_unit_test(test_subjects_lookup),  cmocka_unit_test(test_enrich_events),
        cmocka_unit_test(test_enrich_activity),  cmocka_unit_test(test_index_matches_walk),
        cmocka_unit_test(test_hub_not_crossed),  cmocka_unit_test(test_path),
        cmocka_unit_test(test_export),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
