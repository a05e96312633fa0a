/* Tests of the simulator: determinism (same arguments, same bytes; another seed, another
 * world), every FtM line valid per records.md (checked by a validator written here from
 * the spec, not from the simulator's code), ECS lines sorted with unique ids and known
 * users, ground truth that refers only to records that exist, scenario counts as
 * requested, daily event counts that follow each person's configured Poisson means, and
 * the configured share of foreign contacts disclosed on time. */
#define _GNU_SOURCE
#include <ftw.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "molehunt/mh_json.h"
#include "molehunt/mh_sim.h"

/* ---- small helpers: files, temp dirs, a string set ---- */

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)len + 1);
    if (p && fread(p, 1, (size_t)len, f) != (size_t)len) {
        free(p);
        p = NULL;
    }
    if (p) p[len] = '\0';
    fclose(f);
    if (n) *n = (size_t)len;
    return p;
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

static void rm_tree(const char *dir) { nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS); }

typedef struct {
    char **key;
    size_t cap, n;
} sset;

static uint64_t h64(const char *s, size_t n) { return mh_hash64(s, n, 99); }

static bool sset_add(sset *s, const char *k, size_t n)
{
    if (s->n * 2 >= s->cap) {
        sset t = {calloc(s->cap ? s->cap * 2 : 1024, sizeof(char *)), s->cap ? s->cap * 2 : 1024, 0};
        for (size_t i = 0; i < s->cap; i++)
            if (s->key[i]) {
                size_t j = h64(s->key[i], strlen(s->key[i])) & (t.cap - 1);
                while (t.key[j]) j = (j + 1) & (t.cap - 1);
                t.key[j] = s->key[i];
                t.n++;
            }
        free(s->key);
        *s = t;
    }
    size_t j = h64(k, n) & (s->cap - 1);
    while (s->key[j]) {
        if (strlen(s->key[j]) == n && memcmp(s->key[j], k, n) == 0) return false;
        j = (j + 1) & (s->cap - 1);
    }
    s->key[j] = strndup(k, n);
    s->n++;
    return true;
}

static bool sset_has(const sset *s, const char *k, size_t n)
{
    if (!s->cap) return false;
    size_t j = h64(k, n) & (s->cap - 1);
    while (s->key[j]) {
        if (strlen(s->key[j]) == n && memcmp(s->key[j], k, n) == 0) return true;
        j = (j + 1) & (s->cap - 1);
    }
    return false;
}

static void sset_free(sset *s)
{
    for (size_t i = 0; i < s->cap; i++) free(s->key[i]);
    free(s->key);
    memset(s, 0, sizeof *s);
}

/* Iterates the lines of a file held in memory. */
#define FOR_LINES(buf, line, len)                                                                  \
    for (char *line = (buf), *line##_nl; line && *line && ((line##_nl = strchr(line, '\n')), 1);   \
         line = line##_nl ? line##_nl + 1 : NULL)                                                   \
        for (size_t len = line##_nl ? (size_t)(line##_nl - line) : strlen(line), len##_once = 1; len##_once; len##_once = 0)

static mh_sim_config base_config(const char *dir, uint32_t people, uint32_t days, uint64_t seed)
{
    mh_sim_config c;
    mh_sim_config_default(&c);
    c.people = people;
    c.days = days;
    c.seed = seed;
    c.start_day = mh_days_from_civil(2010, 3, 1);
    c.out_dir = dir;
    return c;
}

static void run_sim(const mh_sim_config *c)
{
    mh_err e;
    mh_err_clear(&e);
    mh_status rc = mh_sim_run(c, NULL, &e);
    if (rc) fprintf(stderr, "simulate: %s\n", e.msg);
    assert_int_equal(rc, MH_OK);
}

/* ---- the FtM validator, from spec/records.md ---- */

typedef struct {
    const char *schema;
    const char *props; /* "name:t ..." types: s string, e entity, d date, c country, a amount, n number, k enum */
} schema_def;

static const schema_def schemata[] = {
    {"Person", "name:s alias:s firstName:s lastName:s birthDate:d nationality:c citizenship:c country:c gender:s email:s phone:s topics:s"},
    {"Organization", "name:s alias:s country:c jurisdiction:c topics:s"},
    {"Company", "name:s alias:s country:c jurisdiction:c topics:s"},
    {"PublicBody", "name:s alias:s country:c jurisdiction:c topics:s"},
    {"UserAccount", "owner:e username:s service:s email:s"},
    {"Family", "person:e relative:e relationship:s startDate:d endDate:d"},
    {"Associate", "person:e associate:e relationship:s startDate:d endDate:d"},
    {"Employment", "employer:e employee:e role:s startDate:d endDate:d"},
    {"Membership", "member:e organization:e role:s startDate:d endDate:d"},
    {"Position", "name:s organization:e country:c"},
    {"Occupancy", "holder:e post:e startDate:d endDate:d"},
    {"UnknownLink", "subject:e object:e role:s"},
    {"Payment", "payer:e beneficiary:e amount:a currency:s date:d purpose:s"},
    {"Debt", "debtor:e creditor:e amount:a currency:s date:d summary:s"},
    {"Email", "emitters:e recipients:e date:d subject:s bodyText:s"},
    {"Message", "sender:e recipients:e date:d subject:s bodyText:s"},
    {"Call", "caller:e receiver:e date:d duration:n"},
    {"Event", "name:s date:d startDate:d endDate:d involved:e organizer:e country:c location:s summary:s"},
    {"Trip", "involved:e startDate:d endDate:d country:c summary:s"},
    {"Passport", "holder:e number:s country:c type:s"},
    {"Identification", "holder:e number:s country:c type:s"},
    {"Sanction", "entity:e authority:s program:s listingDate:d"},
    {"Address", "full:s country:c"},
    {"Benefit", "provider:e recipient:e date:d value:a currency:s kind:k summary:s"},
    {"Disclosure", "reporter:e kind:k counterparty:e date:d startDate:d endDate:d value:a currency:s summary:s record:e"},
    {"Tasking", "requester:e recipient:e date:d subject:s sensitivity:k channel:k"},
    {"Interview", "subject:e organization:e date:d kind:k"},
    {"Clearance", "holder:e organization:e level:k startDate:d endDate:d"},
    {"Assignment", "person:e organization:e post:s country:c date:d status:k"},
    {"Device", "holder:e provider:e kind:k model:s date:d summary:s"},
};

static const struct {
    const char *schema, *prop, *vals;
} enums[] = {
    {"Benefit", "kind", " cash device tuition housing travel stipend meal goods employment other "},
    {"Disclosure", "kind", " foreign_contact foreign_travel gift financial outside_activity other "},
    {"Tasking", "sensitivity", " public internal sensitive classified "},
    {"Tasking", "channel", " email message call meeting other "},
    {"Interview", "kind", " background security counterintelligence law_enforcement "},
    {"Clearance", "level", " confidential secret top_secret "},
    {"Assignment", "status", " bid assigned withdrawn "},
    {"Device", "kind", " phone laptop tablet storage other "},
};

/* Type of prop in schema, or 0 when the schema does not have it. */
static char prop_type(const char *schema, const char *prop, size_t plen)
{
    for (size_t i = 0; i < sizeof schemata / sizeof *schemata; i++) {
        if (strcmp(schemata[i].schema, schema) != 0) continue;
        const char *p = schemata[i].props;
        while (*p) {
            const char *colon = strchr(p, ':');
            if ((size_t)(colon - p) == plen && strncmp(p, prop, plen) == 0) return colon[1];
            p = colon + 2;
            while (*p == ' ') p++;
        }
        return 0;
    }
    return 0;
}

static bool schema_known(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof schemata / sizeof *schemata; i++)
        if (strlen(schemata[i].schema) == n && strncmp(schemata[i].schema, s, n) == 0) return true;
    return false;
}

static bool enum_ok(const char *schema, const char *prop, const char *v, size_t n)
{
    char needle[64];
    if (n + 3 > sizeof needle) return false;
    snprintf(needle, sizeof needle, " %.*s ", (int)n, v);
    for (size_t i = 0; i < sizeof enums / sizeof *enums; i++)
        if (strcmp(enums[i].schema, schema) == 0 && strcmp(enums[i].prop, prop) == 0) return strstr(enums[i].vals, needle) != NULL;
    return false;
}

typedef struct {
    int lines, bad;
    char first_bad[512];
} vresult;

static void bad(vresult *r, int line, const char *why, const char *what, size_t n)
{
    if (!r->bad++) snprintf(r->first_bad, sizeof r->first_bad, "line %d: %s: %.*s", line, why, (int)(n > 200 ? 200 : n), what);
}

/* Validates an FtM file: every rule of records.md section 1, references resolved against
 * `ids` (every id of the files the references may point into). */
static void validate_ftm(char *buf, const sset *ids, vresult *r)
{
    mh_arena a;
    mh_arena_init(&a, 1 << 16);
    int ln = 0;
    FOR_LINES(buf, line, len)
    {
        ln++;
        r->lines++;
        mh_jv v;
        mh_err e;
        mh_arena_reset(&a);
        if (!mh_json_parse(line, len, &a, &v, &e) || v.type != MH_JOBJ) {
            bad(r, ln, "not a JSON object", line, len);
            continue;
        }
        const mh_jv *id = mh_json_get(&v, "id"), *sc = mh_json_get(&v, "schema"), *pr = mh_json_get(&v, "properties");
        if (!mh_json_is_str(id) || !id->len || !mh_json_is_str(sc) || !pr || pr->type != MH_JOBJ) {
            bad(r, ln, "id/schema/properties", line, len);
            continue;
        }
        char schema[32];
        snprintf(schema, sizeof schema, "%.*s", (int)sc->len, sc->u.s);
        if (!schema_known(sc->u.s, sc->len)) {
            bad(r, ln, "unknown schema", line, len);
            continue;
        }
        for (uint32_t i = 0; i < pr->len; i++) {
            const mh_jmember *m = &pr->u.members[i];
            char prop[32];
            snprintf(prop, sizeof prop, "%.*s", (int)m->key.len, m->key.ptr);
            char t = prop_type(schema, m->key.ptr, m->key.len);
            if (!t) {
                bad(r, ln, "unknown property", m->key.ptr, m->key.len);
                continue;
            }
            if (m->val.type != MH_JARR || !m->val.len) {
                bad(r, ln, "value is not a non-empty list", line, len);
                continue;
            }
            for (uint32_t k = 0; k < m->val.len; k++) {
                const mh_jv *x = &m->val.u.items[k];
                if (x->type != MH_JSTR) {
                    bad(r, ln, "value is not a string", line, len);
                    continue;
                }
                const char *s = x->u.s;
                size_t n = x->len;
                mh_time lo, hi;
                int64_t cents;
                bool ok = true;
                switch (t) {
                case 'e': ok = n > 0 && sset_has(ids, s, n); break;
                case 'd': ok = mh_time_parse_iso(s, n, &lo, &hi, NULL); break;
                case 'c': ok = n == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z'; break;
                case 'a': ok = mh_amount_parse(s, n, &cents) && cents >= 0; break;
                case 'n': ok = n > 0 && strspn(s, "0123456789") == n; break;
                case 'k': ok = enum_ok(schema, prop, s, n); break;
                default: ok = mh_utf8_valid(s, n, NULL); break;
                }
                if (!ok) bad(r, ln, prop, s, n);
            }
        }
    }
    mh_arena_free(&a);
}

/* Collects the ids (and, for UserAccounts, usernames) of an FtM file. */
static void collect_ids(char *buf, sset *ids, sset *users, sset *persons, int *dups)
{
    mh_arena a;
    mh_arena_init(&a, 1 << 16);
    FOR_LINES(buf, line, len)
    {
        mh_jv v;
        mh_err e;
        mh_arena_reset(&a);
        if (!mh_json_parse(line, len, &a, &v, &e)) continue;
        mh_str id = mh_json_str(mh_json_get(&v, "id")), sc = mh_json_str(mh_json_get(&v, "schema"));
        if (!sset_add(ids, id.ptr, id.len)) (*dups)++;
        if (persons && mh_str_eq_c(sc, "Person")) sset_add(persons, id.ptr, id.len);
        if (users && mh_str_eq_c(sc, "UserAccount")) {
            const mh_jv *u = mh_json_get_path(&v, "properties.username", 19);
            if (u && u->type == MH_JARR && u->len) sset_add(users, u->u.items[0].u.s, u->u.items[0].len);
        }
    }
    mh_arena_free(&a);
}

/* ---- the shared world for the content tests: every scenario once ---- */

typedef struct {
    char dir[256];
    char *ftm, *watch, *ecs;
    sset ids, watch_ids, users, persons, events;
} world;

static int world_setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    snprintf(w->dir, sizeof w->dir, "/tmp/mh-test-sim-XXXXXX");
    if (!mkdtemp(w->dir)) return -1;
    mh_sim_config c = base_config(w->dir, 100, 100, 42);
    mh_err e;
    for (int s = 0; s < MH_SIM_NSCEN; s++)
        if (mh_sim_config_add_scenario(&c, mh_sim_scenario_name((mh_sim_scenario)s), &e)) return -1;
    if (mh_sim_run(&c, NULL, &e)) {
        fprintf(stderr, "simulate: %s\n", e.msg);
        return -1;
    }
    char p[512];
    snprintf(p, sizeof p, "%s/entities.ftm.jsonl", w->dir);
    w->ftm = slurp(p, NULL);
    snprintf(p, sizeof p, "%s/watchlist.ftm.jsonl", w->dir);
    w->watch = slurp(p, NULL);
    snprintf(p, sizeof p, "%s/activity.ecs.jsonl", w->dir);
    w->ecs = slurp(p, NULL);
    if (!w->ftm || !w->watch || !w->ecs) return -1;
    *state = w;
    return 0;
}

static int world_teardown(void **state)
{
    world *w = *state;
    rm_tree(w->dir);
    free(w->ftm);
    free(w->watch);
    free(w->ecs);
    sset_free(&w->ids);
    sset_free(&w->watch_ids);
    sset_free(&w->users);
    sset_free(&w->persons);
    sset_free(&w->events);
    free(w);
    return 0;
}

static void test_ftm_valid(void **state)
{
    world *w = *state;
    int dups = 0;
    collect_ids(w->ftm, &w->ids, &w->users, &w->persons, &dups);
    assert_int_equal(dups, 0);
    assert_true(w->ids.n > 1000);
    vresult r = {0};
    validate_ftm(w->ftm, &w->ids, &r);
    if (r.bad) fprintf(stderr, "entities: %d bad, first %s\n", r.bad, r.first_bad);
    assert_int_equal(r.bad, 0);
    assert_true(r.lines > 1000);
    /* The home organisation: exactly one body tagged molehunt.home. */
    int homes = 0;
    FOR_LINES(w->ftm, line, len) if (memmem(line, len, "\"molehunt.home\"", 15)) homes++;
    assert_int_equal(homes, 1);
}

static void test_watchlist_valid(void **state)
{
    world *w = *state;
    int dups = 0;
    collect_ids(w->watch, &w->watch_ids, NULL, NULL, &dups);
    assert_int_equal(dups, 0);
    vresult r = {0};
    validate_ftm(w->watch, &w->watch_ids, &r);
    if (r.bad) fprintf(stderr, "watchlist: %d bad, first %s\n", r.bad, r.first_bad);
    assert_int_equal(r.bad, 0);
    /* Officers are named natively (non-ASCII) with Latin aliases; none shares an id
     * with the organisation's records. */
    int spies = 0, native = 0;
    FOR_LINES(w->watch, line, len)
    {
        if (!memmem(line, len, "\"role.spy\"", 10)) continue;
        spies++;
        const char *nm = memmem(line, len, "\"name\":[\"", 9);
        if (nm && (unsigned char)nm[9] >= 0x80) native++;
        const char *q = strchr(line + 7, '"');
        assert_false(sset_has(&w->ids, line + 7, (size_t)(q - line - 7)));
    }
    assert_true(spies >= MH_SIM_NTRADECRAFT);
    assert_int_equal(native, spies);
}

static void test_ecs_valid(void **state)
{
    world *w = *state;
    static const char *const cats[] = {"authentication", "device", "file", "web", "email", "deletion", "badge", "border", "print"};
    mh_arena a;
    mh_arena_init(&a, 1 << 16);
    mh_time prev = INT64_MIN;
    int n = 0, unsorted = 0, badcat = 0, nouser = 0, dupid = 0, badts = 0;
    FOR_LINES(w->ecs, line, len)
    {
        mh_jv v;
        mh_err e;
        mh_arena_reset(&a);
        assert_true(mh_json_parse(line, len, &a, &v, &e));
        n++;
        mh_str ts = mh_json_str(mh_json_get(&v, "@timestamp"));
        mh_time lo, hi;
        if (!ts.len || ts.ptr[ts.len - 1] != 'Z' || !mh_time_parse_iso(ts.ptr, ts.len, &lo, &hi, NULL)) {
            badts++;
            continue;
        }
        if (lo < prev) unsorted++;
        prev = lo;
        mh_str cat = mh_json_str(mh_json_get_path(&v, "event.category", 14));
        bool known = false;
        for (size_t k = 0; k < sizeof cats / sizeof *cats; k++) known |= mh_str_eq_c(cat, cats[k]);
        badcat += !known;
        assert_true(mh_json_get_path(&v, "event.action", 12) != NULL);
        assert_true(mh_json_get_path(&v, "host.name", 9) != NULL);
        mh_str u = mh_json_str(mh_json_get_path(&v, "user.id", 7));
        nouser += !sset_has(&w->users, u.ptr, u.len);
        mh_str id = mh_json_str(mh_json_get_path(&v, "event.id", 8));
        dupid += !sset_add(&w->events, id.ptr, id.len);
    }
    mh_arena_free(&a);
    assert_true(n > 100000);
    assert_int_equal(badts, 0);
    assert_int_equal(unsorted, 0);
    assert_int_equal(badcat, 0);
    assert_int_equal(nouser, 0);
    assert_int_equal(dupid, 0);
}

static void test_truth(void **state)
{
    world *w = *state;
    char p[512];
    snprintf(p, sizeof p, "%s/answers/insiders.csv", w->dir);
    char *csv = slurp(p, NULL);
    assert_non_null(csv);
    int per[MH_SIM_NSCEN] = {0}, rows = 0, missing = 0, records = 0;
    FOR_LINES(csv, line, len)
    {
        if (rows++ == 0) {
            assert_memory_equal(line, "dataset,scenario,details,user,start,end", len);
            continue;
        }
        char row[512], *f[6];
        snprintf(row, sizeof row, "%.*s", (int)len, line);
        char *save = NULL, *tok = strtok_r(row, ",", &save);
        int nf = 0;
        while (tok && nf < 6) f[nf++] = tok, tok = strtok_r(NULL, ",", &save);
        assert_int_equal(nf, 6);
        int s = mh_sim_scenario_find(f[1], strlen(f[1]));
        assert_true(s >= 0);
        per[s]++;
        mh_time lo, hi, lo2, hi2;
        assert_true(mh_time_parse_iso(f[4], strlen(f[4]), &lo, &hi, NULL));
        assert_true(mh_time_parse_iso(f[5], strlen(f[5]), &lo2, &hi2, NULL));
        assert_true(lo <= lo2);
        bool cert = s >= MH_SIM_CERT1;
        /* user: the subject's Person id, or (CERT) a username. */
        assert_true(cert ? sset_has(&w->users, f[3], strlen(f[3])) : sset_has(&w->persons, f[3], strlen(f[3])));
        snprintf(p, sizeof p, "%s/answers/%s", w->dir, f[2]);
        char *det = slurp(p, NULL);
        assert_non_null(det);
        int here = 0;
        FOR_LINES(det, l2, n2)
        {
            here++;
            records++;
            if (cert) {
                /* CERT answers layout: type,id,date,user,pc,... */
                const char *c1 = memchr(l2, ',', n2), *c2 = c1 ? memchr(c1 + 1, ',', n2 - (size_t)(c1 + 1 - l2)) : NULL;
                assert_non_null(c2);
                missing += !sset_has(&w->events, c1 + 1, (size_t)(c2 - c1 - 1));
            } else {
                missing += !sset_has(&w->ids, l2, n2) && !sset_has(&w->events, l2, n2);
            }
        }
        assert_true(here > 0);
        free(det);
    }
    free(csv);
    for (int s = 0; s < MH_SIM_NSCEN; s++) assert_int_equal(per[s], 1);
    assert_int_equal(missing, 0);
    assert_true(records > MH_SIM_NSCEN * 2);
}

/* ---- determinism ---- */

static uint64_t hash_tree(const char *dir)
{
    static const char *const files[] = {"entities.ftm.jsonl", "watchlist.ftm.jsonl", "activity.ecs.jsonl",
                                        "answers/insiders.csv", "cert/logon.csv", "cert/http.csv", "cert/email.csv",
                                        "cert/file.csv", "cert/device.csv", "cert/psychometric.csv"};
    uint64_t h = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        size_t n = 0;
        char *b = slurp(p, &n);
        assert_non_null(b);
        h = mh_hash64(b, n, h ^ i);
        free(b);
    }
    return h;
}

static void test_determinism(void **state)
{
    (void)state;
    char d1[] = "/tmp/mh-test-simd-XXXXXX", d2[] = "/tmp/mh-test-simd-XXXXXX", d3[] = "/tmp/mh-test-simd-XXXXXX";
    assert_non_null(mkdtemp(d1));
    assert_non_null(mkdtemp(d2));
    assert_non_null(mkdtemp(d3));
    mh_sim_config c = base_config(d1, 60, 20, 7);
    run_sim(&c);
    c.out_dir = d2;
    run_sim(&c);
    c.out_dir = d3;
    c.seed = 8;
    run_sim(&c);
    uint64_t h1 = hash_tree(d1), h2 = hash_tree(d2), h3 = hash_tree(d3);
    assert_true(h1 == h2);
    assert_true(h1 != h3);
    rm_tree(d1);
    rm_tree(d2);
    rm_tree(d3);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ---- realism: daily counts follow each person's configured Poisson means ---- */

static void test_daily_counts(void **state)
{
    (void)state;
    char dir[] = "/tmp/mh-test-simc-XXXXXX";
    assert_non_null(mkdtemp(dir));
    mh_sim_config c = base_config(dir, 60, 50, 11);
    mh_err e;
    assert_int_equal(mh_sim_config_add_scenario(&c, "MOMINT:0", &e), MH_OK); /* background only */
    mh_sim *s;
    assert_int_equal(mh_sim_open(&c, &s, &e), MH_OK);
    size_t nu = mh_sim_user_count(s);
    mh_sim_habits *h = calloc(nu, sizeof *h);
    double *rates = calloc(nu, sizeof *rates);
    for (size_t i = 0; i < nu; i++) {
        assert_true(mh_sim_habits_of(s, i, &h[i]));
        rates[i] = h[i].http;
    }
    mh_sim_habits past;
    assert_false(mh_sim_habits_of(s, nu, &past));
    assert_int_equal(mh_sim_write(s, NULL, &e), MH_OK);
    mh_sim_close(s);

    /* Per user and day: did they log on, and how many web, mail and (non-removable) file events. */
    size_t nd = c.days;
    int *cnt = calloc(nu * nd * 4, sizeof *cnt);
    char p[512];
    snprintf(p, sizeof p, "%s/activity.ecs.jsonl", dir);
    char *buf = slurp(p, NULL);
    assert_non_null(buf);
    FOR_LINES(buf, line, len)
    {
        const char *u = memmem(line, len, "\"user\":{\"id\":\"", 14);
        assert_non_null(u);
        size_t ui = nu;
        for (size_t i = 0; i < nu; i++)
            if (memcmp(u + 14, h[i].user, 7) == 0) {
                ui = i;
                break;
            }
        assert_true(ui < nu);
        mh_time lo, hi;
        assert_true(mh_time_parse_iso(line + 15, 20, &lo, &hi, NULL));
        size_t d = (size_t)(lo / 86400000LL - c.start_day);
        assert_true(d < nd);
        int *row = &cnt[(ui * nd + d) * 4];
        if (memmem(line, len, "\"action\":\"logon\"", 16) && memmem(line, len, "\"PC-", 4)) row[0] = 1;
        else if (memmem(line, len, "\"category\":\"web\"", 16)) row[1]++;
        else if (memmem(line, len, "\"category\":\"email\"", 18)) row[2]++;
        else if (memmem(line, len, "\"removable\":false", 17)) row[3]++;
    }
    free(buf);
    /* z-scores of each user's weekday totals against their configured means. */
    double sumz2 = 0;
    int nz = 0, worst_ok = 1;
    for (size_t i = 0; i < nu; i++) {
        double mean[3] = {h[i].http, h[i].email, h[i].file}, extra[3] = {0};
        long tot[3] = {0};
        int days = 0;
        for (size_t d = 0; d < nd; d++) {
            int64_t day = c.start_day + (int64_t)d;
            int wd = (int)((day % 7 + 11) % 7);
            int *row = &cnt[(i * nd + d) * 4];
            if (wd == 0 || wd == 6 || !row[0]) continue;
            days++;
            for (int k = 0; k < 3; k++) tot[k] += row[k + 1];
            if (h[i].job_hunt > 0 && day >= h[i].hunt_from && day <= h[i].hunt_to) { /* a job search on top */
                extra[0] += h[i].job_hunt;
                extra[1] += 0.06;
            }
        }
        if (days < 15) continue;
        for (int k = 0; k < 3; k++) {
            double exp_ = mean[k] * days + extra[k], z = ((double)tot[k] - exp_) / sqrt(exp_);
            sumz2 += z * z;
            nz++;
            if (fabs(z) > 5.5) worst_ok = 0, fprintf(stderr, "DBG user %zu k %d z %.2f tot %ld exp %.1f hunt %.2f %lld..%lld\n", i, k, z, tot[k], exp_, h[i].job_hunt, (long long)h[i].hunt_from, (long long)h[i].hunt_to);
        }
    }
    assert_true(nz > 100);
    assert_true(worst_ok);
    double mz2 = sumz2 / nz;
    assert_true(mz2 > 0.6 && mz2 < 1.6);
    /* The population's web rates have the configured median (within sampling error). */
    qsort(rates, nu, sizeof *rates, cmp_double);
    double med = rates[nu / 2];
    assert_true(med > 0.7 * c.http_median && med < 1.4 * c.http_median);
    free(cnt);
    free(rates);
    free(h);
    rm_tree(dir);
}

/* ---- realism: job searches, CERT2's look-alike (docs/simulate.md) ---- */

/* People who search for a job visit job sites only during the search, and people who
 * neither search nor browse them as a habit never do; some leavers search, and CVs go to
 * recruiters. */
static void test_job_searches(void **state)
{
    (void)state;
    static const char *const jobs[] = {"monster.com", "careerbuilder.com", "indeed.com", "linkedin.com", "simplyhired.com"};
    static const char *const firms[] = {"@harborpoint-consulting.com", "@northgate-systems.com", "@alderbrook-analytics.com",
                                        "@meridianworks.net", "@bluecrest-partners.com", "@tallpine-tech.com"};
    char dir[] = "/tmp/mh-test-simj-XXXXXX";
    assert_non_null(mkdtemp(dir));
    mh_sim_config c = base_config(dir, 600, 120, 19);
    mh_err e;
    assert_int_equal(mh_sim_config_add_scenario(&c, "MOMINT:0", &e), MH_OK);
    mh_sim *s;
    assert_int_equal(mh_sim_open(&c, &s, &e), MH_OK);
    size_t nu = mh_sim_user_count(s);
    mh_sim_habits *h = calloc(nu, sizeof *h);
    int searchers = 0, leavers = 0;
    for (size_t i = 0; i < nu; i++) {
        assert_true(mh_sim_habits_of(s, i, &h[i]));
        if (h[i].job_hunt > 0 && !h[i].job_sites) {
            searchers++;
            leavers += h[i].hunt_to == h[i].last_day && h[i].last_day < c.start_day + (int64_t)c.days - 1;
        }
    }
    assert_int_equal(mh_sim_write(s, NULL, &e), MH_OK);
    mh_sim_close(s);
    char p[512];
    snprintf(p, sizeof p, "%s/activity.ecs.jsonl", dir);
    char *buf = slurp(p, NULL);
    assert_non_null(buf);
    long *visits = calloc(nu, sizeof *visits), outside = 0, cvs = 0;
    FOR_LINES(buf, line, len)
    {
        bool web = memmem(line, len, "\"category\":\"web\"", 16) != NULL;
        bool cv = false;
        for (size_t k = 0; k < MH_ARRAY_LEN(firms) && !cv; k++) cv = memmem(line, len, firms[k], strlen(firms[k])) != NULL;
        if (!web && !cv) continue;
        bool job = false;
        for (size_t k = 0; k < MH_ARRAY_LEN(jobs) && web && !job; k++) {
            char want[64];
            snprintf(want, sizeof want, "\"domain\":\"%s\"", jobs[k]);
            job = memmem(line, len, want, strlen(want)) != NULL;
        }
        if (!job && !cv) continue;
        const char *u = memmem(line, len, "\"user\":{\"id\":\"", 14);
        assert_non_null(u);
        size_t ui = nu;
        for (size_t i = 0; i < nu && ui == nu; i++)
            if (memcmp(u + 14, h[i].user, 7) == 0) ui = i;
        assert_true(ui < nu);
        if (h[ui].job_sites) continue;
        mh_time lo, hi;
        assert_true(mh_time_parse_iso(line + 15, 20, &lo, &hi, NULL));
        int64_t day = lo / 86400000LL;
        if (cv) cvs++;
        if (job) visits[ui]++;
        if (h[ui].job_hunt <= 0 || day < h[ui].hunt_from || day > h[ui].hunt_to) outside++;
    }
    int searched = 0;
    for (size_t i = 0; i < nu; i++) searched += h[i].job_hunt > 0 && !h[i].job_sites && visits[i] > 0;
    /* 600 people over 120 days: about 20 leave, 40 % of them search, and 2 % of the rest. */
    assert_true(searchers >= 8);
    assert_true(leavers >= 2);
    assert_true(searched >= searchers / 2);
    assert_true(cvs >= 1);
    assert_int_equal(outside, 0);
    free(visits);
    free(buf);
    free(h);
    rm_tree(dir);
}

/* ---- realism: the share of foreign contacts disclosed on time ---- */

typedef struct {
    int ties, on_time;
} share;

static share disclosed_share(double on_time, uint64_t seed)
{
    char dir[] = "/tmp/mh-test-simx-XXXXXX";
    assert_non_null(mkdtemp(dir));
    mh_sim_config c = base_config(dir, 400, 3, seed);
    c.disclose_on_time = on_time;
    c.disclose_late = 0.05;
    mh_err e;
    assert_int_equal(mh_sim_config_add_scenario(&c, "MOMINT:0", &e), MH_OK);
    run_sim(&c);
    char p[512];
    snprintf(p, sizeof p, "%s/entities.ftm.jsonl", dir);
    char *buf = slurp(p, NULL);
    assert_non_null(buf);
    /* Pass 1: foreign persons, employment starts, disclosures (record -> date). */
    sset foreign = {0};
    typedef struct {
        char id[32];
        mh_time start;
    } kv;
    size_t cap = 1 << 16, nemp = 0, ndis = 0;
    kv *emp = calloc(cap, sizeof *emp);
    kv *dis = calloc(cap, sizeof *dis);
    mh_arena a;
    mh_arena_init(&a, 1 << 16);
    FOR_LINES(buf, line, len)
    {
        mh_jv v;
        mh_err e2;
        mh_arena_reset(&a);
        assert_true(mh_json_parse(line, len, &a, &v, &e2));
        mh_str sc = mh_json_str(mh_json_get(&v, "schema"));
        const mh_jv *pr = mh_json_get(&v, "properties");
        mh_time lo, hi;
        if (mh_str_eq_c(sc, "Person")) {
            const mh_jv *nat = mh_json_get(pr, "nationality");
            if (nat && nat->len == 1 && !mh_str_eq_c(mh_json_str(&nat->u.items[0]), "us")) {
                mh_str id = mh_json_str(mh_json_get(&v, "id"));
                sset_add(&foreign, id.ptr, id.len);
            }
        } else if (mh_str_eq_c(sc, "Employment") && nemp < cap) {
            mh_str who = mh_json_str(&mh_json_get(pr, "employee")->u.items[0]);
            mh_str d = mh_json_str(&mh_json_get(pr, "startDate")->u.items[0]);
            assert_true(mh_time_parse_iso(d.ptr, d.len, &lo, &hi, NULL));
            snprintf(emp[nemp].id, 32, "%.*s", (int)who.len, who.ptr);
            emp[nemp++].start = lo;
        } else if (mh_str_eq_c(sc, "Disclosure") && ndis < cap) {
            const mh_jv *rec = mh_json_get(pr, "record");
            if (!rec) continue;
            mh_str r = mh_json_str(&rec->u.items[0]);
            mh_str d = mh_json_str(&mh_json_get(pr, "date")->u.items[0]);
            assert_true(mh_time_parse_iso(d.ptr, d.len, &lo, &hi, NULL));
            snprintf(dis[ndis].id, 32, "%.*s", (int)r.len, r.ptr);
            dis[ndis++].start = lo;
        }
    }
    /* Pass 2: background ties to foreign nationals, and whether each was reported on time:
     * within 4 days of the later of the tie's start and 30 days before hire. */
    share out = {0, 0};
    FOR_LINES(buf, line, len)
    {
        bool fam = memmem(line, len, "\"schema\":\"Family\"", 17) != NULL;
        bool assoc = memmem(line, len, "\"schema\":\"Associate\"", 20) &&
                     (memmem(line, len, "[\"friend\"]", 10) || memmem(line, len, "[\"acquaintance\"]", 16));
        if (!fam && !assoc) continue;
        mh_jv v;
        mh_err e2;
        mh_arena_reset(&a);
        assert_true(mh_json_parse(line, len, &a, &v, &e2));
        const mh_jv *pr = mh_json_get(&v, "properties");
        mh_str other = mh_json_str(&mh_json_get(pr, fam ? "relative" : "associate")->u.items[0]);
        if (!sset_has(&foreign, other.ptr, other.len)) continue;
        mh_str me = mh_json_str(&mh_json_get(pr, "person")->u.items[0]);
        mh_str id = mh_json_str(mh_json_get(&v, "id"));
        mh_str sd = mh_json_str(&mh_json_get(pr, "startDate")->u.items[0]);
        mh_time start, hi;
        assert_true(mh_time_parse_iso(sd.ptr, sd.len, &start, &hi, NULL));
        mh_time hired = INT64_MIN;
        for (size_t k = 0; k < nemp; k++)
            if (strlen(emp[k].id) == me.len && memcmp(emp[k].id, me.ptr, me.len) == 0) hired = emp[k].start;
        if (hired == INT64_MIN) continue; /* a tie of someone else (not a covered person) */
        mh_time base = MH_MAX(start, hired - 30 * 86400000LL);
        out.ties++;
        for (size_t k = 0; k < ndis; k++)
            if (strlen(dis[k].id) == id.len && memcmp(dis[k].id, id.ptr, id.len) == 0 && dis[k].start >= base &&
                dis[k].start <= base + 4 * 86400000LL) {
                out.on_time++;
                break;
            }
    }
    mh_arena_free(&a);
    sset_free(&foreign);
    free(emp);
    free(dis);
    free(buf);
    rm_tree(dir);
    return out;
}

static void test_disclosure_share(void **state)
{
    (void)state;
    const double rates[] = {0.8, 0.4};
    for (int k = 0; k < 2; k++) {
        share s = disclosed_share(rates[k], 5 + (uint64_t)k);
        assert_true(s.ties > 150);
        double p = (double)s.on_time / s.ties, sd = sqrt(rates[k] * (1 - rates[k]) / s.ties);
        if (fabs(p - rates[k]) > 4 * sd) fprintf(stderr, "on time %.3f of %d, configured %.2f\n", p, s.ties, rates[k]);
        assert_true(fabs(p - rates[k]) <= 4 * sd);
    }
}

/* ---- configuration ---- */

static void test_config(void **state)
{
    (void)state;
    mh_sim_config c;
    mh_err e;
    mh_sim_config_default(&c);
    assert_int_equal(mh_sim_config_add_scenario(&c, "HOOK:3", &e), MH_OK);
    assert_int_equal(mh_sim_config_add_scenario(&c, "CERT2", &e), MH_OK);
    assert_int_equal(c.count[MH_SIM_HOOK], 3);
    assert_int_equal(c.count[MH_SIM_CERT2], 1);
    assert_int_equal(c.count[MH_SIM_MOMINT], 0);
    assert_int_not_equal(mh_sim_config_add_scenario(&c, "NOPE", &e), MH_OK);
    assert_int_not_equal(mh_sim_config_add_scenario(&c, "HOOK:x", &e), MH_OK);
    c.people = 10;
    assert_int_equal(mh_sim_config_add_scenario(&c, "RAVEN:9", &e), MH_OK);
    assert_int_not_equal(mh_sim_config_check(&c, &e), MH_OK); /* too many incidents for 10 people */
    /* The default mix has every tradecraft scenario from 200 people. */
    for (int s = 0; s < MH_SIM_NTRADECRAFT; s++) assert_true(mh_sim_default_count((mh_sim_scenario)s, 200) >= 1);
    assert_true(mh_sim_default_count(MH_SIM_MOMINT, 50) >= 1);
}

int main(void)
{
    const struct CMUnitTest world_tests[] = {
        cmocka_unit_test(test_ftm_valid),
        cmocka_unit_test(test_watchlist_valid),
        cmocka_unit_test(test_ecs_valid),
        cmocka_unit_test(test_truth),
    };
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_daily_counts),
        cmocka_unit_test(test_job_searches),
        cmocka_unit_test(test_disclosure_share),
    };
    int rc = cmocka_run_group_tests_name("sim.world", world_tests, world_setup, world_teardown);
    return rc | cmocka_run_group_tests_name("sim", tests, NULL, NULL);
}
