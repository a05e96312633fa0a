/* The EQL conformance runner: replays one of the Elasticsearch QA spec files from
 * ../shared/conformance/eql against the C engine, preparing the data as the upstream
 * harness does (README there): the category from the mapping's event.category alias,
 * @timestamp from the FILETIME `timestamp` (or the date_nanos reinterpretation) or as
 * given, date fields with a custom format turned into epoch milliseconds, null_value
 * defaults applied, and events fed in (timestamp, tiebreaker) order. For the 2020-era
 * files it drops the specs the 2020 harness dropped (those equal to an entry of
 * test_queries_unsupported.toml) and runs each remaining spec in the case modes its
 * flags select. Prints one line per failing case and a summary; exits non-zero when a
 * case fails that is not listed, with a reason, in tests/eql/disagreements.txt.
 *
 * usage: eql_conformance SHARED_EQL_DIR SUITE DISAGREEMENTS_FILE [-v] */
#include "molehunt/mh_eql.h"
#include "toml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { TIME_FILETIME, TIME_FILETIME_NANOS, TIME_FIELD, TIME_NONE } time_mode;

typedef struct suite {
    const char *name;
    const char *specs[2];
    const char *unsupported; /* 2020: drop specs equal to these */
    const char *data[3];
    const char *mapping[3];
    const char *id_field;
    const char *tb_field; /* NULL: input order */
    time_mode time;
    bool flags_2020;      /* case flags select modes */
    bool both_modes;      /* no flags, but the harness of that time ran both modes */
} suite;

static const suite suites[] = {
    {"test_queries", {"test_queries.toml"}, "test_queries_unsupported.toml", {"test_data.json"}, {"mapping-default.json"},
     "serial_event_id", "serial_event_id", TIME_FILETIME, true, false},
    {"additional_test_queries", {"additional_test_queries.toml"}, "test_queries_unsupported.toml", {"test_data.json"},
     {"mapping-default.json"}, "serial_event_id", "serial_event_id", TIME_FILETIME, true, false},
    {"test_queries_supported", {"test_queries_supported.toml"}, "test_queries_unsupported.toml", {"test_data.json"},
     {"mapping-default.json"}, "serial_event_id", "serial_event_id", TIME_FILETIME, true, true},
    {"current", {"current/test_queries.toml"}, NULL, {"test_data.json"}, {"data/endgame-140.mapping"},
     "serial_event_id", "serial_event_id", TIME_FILETIME, false, false},
    {"current_nanos", {"current/test_queries.toml"}, NULL, {"test_data.json"}, {"data/endgame-140-nanos.mapping"},
     "serial_event_id", "serial_event_id", TIME_FILETIME_NANOS, false, false},
    {"test_queries_date", {"test_queries_date.toml"}, NULL, {"test_data.json"}, {"data/endgame-140.mapping"},
     "serial_event_id", "serial_event_id", TIME_FILETIME, false, false},
    {"test_queries_date_nanos", {"test_queries_date_nanos.toml"}, NULL, {"test_data.json"},
     {"data/endgame-140-nanos.mapping"}, "serial_event_id", "serial_event_id", TIME_FILETIME_NANOS, false, false},
    {"test_extra", {"test_extra.toml"}, NULL, {"data/extra.data"}, {"data/extra.mapping"}, "sequence", "sequence",
     TIME_FIELD, false, false},
    {"test_missing_events", {"test_missing_events.toml"}, NULL, {"data/missing-events.data"},
     {"data/missing-events.mapping"}, "sequence", "sequence", TIME_FIELD, false, false},
    {"test_sample", {"test_sample.toml"}, NULL, {"data/sample1.data", "data/sample2.data", "data/sample3.data"},
     {"data/sample1.mapping", "data/sample2.mapping", "data/sample3.mapping"}, "id", NULL, TIME_NONE, false, false},
    {"test_sampling", {"test_sampling.toml"}, NULL, {"data/sampling1.data", "data/sampling2.data", "data/sampling3.data"},
     {"data/sampling1.mapping", "data/sampling2.mapping", "data/sampling3.mapping"}, "id", NULL, TIME_NONE, false, false},
    {"test_sample_multi", {"test_sample_multi.toml"}, NULL, {"data/sample-multi.data"}, {"data/sample-multi.mapping"},
     "id", NULL, TIME_NONE, false, false},
    {"test_between_queries", {"test_between_queries.toml"}, NULL, {"test_data.json"}, {"mapping-default.json"},
     "serial_event_id", "serial_event_id", TIME_FILETIME, false, false},
};

/* ---- files ---- */

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)len + 1);
    *n = fread(b, 1, (size_t)len, f);
    b[*n] = '\0';
    fclose(f);
    return b;
}

/* Drops whole-line comments (// in data files, # in mappings) that a strict parser refuses. */
static void strip_comment_lines(char *b, size_t *n, const char *mark)
{
    size_t o = 0, i = 0, ml = strlen(mark);
    while (i < *n) {
        size_t e = i;
        while (e < *n && b[e] != '\n') e++;
        size_t k = i;
        while (k < e && (b[k] == ' ' || b[k] == '\t')) k++;
        bool drop = e - k >= ml && memcmp(b + k, mark, ml) == 0;
        if (!drop) { memmove(b + o, b + i, e - i); o += e - i; }
        if (e < *n) b[o++] = '\n';
        i = e + 1;
    }
    *n = o;
    b[o] = '\0';
}

/* ---- mapping-driven transforms ---- */

typedef struct field_rule {
    char path[128];
    const char *date_format; /* custom date format, or NULL */
    const mh_jv *null_value;
} field_rule;

typedef struct mapping {
    char category[128];
    field_rule rules[32];
    int nrules;
} mapping;

static void walk_mapping(mapping *m, const mh_jv *props, const char *prefix)
{
    for (uint32_t i = 0; props && props->type == MH_JOBJ && i < props->len; i++) {
        const mh_jmember *f = &props->u.members[i];
        char path[128];
        snprintf(path, sizeof path, "%s%s%.*s", prefix, *prefix ? "." : "", (int)f->key.len, f->key.ptr);
        const mh_jv *sub = mh_json_get(&f->val, "properties");
        if (sub) { walk_mapping(m, sub, path); continue; }
        mh_str type = mh_json_str(mh_json_get(&f->val, "type"));
        if (strcmp(path, "event.category") == 0 && mh_str_eq_c(type, "alias"))
            snprintf(m->category, sizeof m->category, "%.*s", (int)mh_json_str(mh_json_get(&f->val, "path")).len,
                     mh_json_str(mh_json_get(&f->val, "path")).ptr);
        const mh_jv *fmt = mh_json_get(&f->val, "format"), *nv = mh_json_get(&f->val, "null_value");
        bool is_date = mh_str_eq_c(type, "date") && strcmp(path, "@timestamp") != 0;
        if ((fmt || nv || is_date) && m->nrules < 32) {
            field_rule *r = &m->rules[m->nrules++];
            snprintf(r->path, sizeof r->path, "%s", path);
            r->date_format = is_date ? "iso" : NULL;
            if (fmt && fmt->type == MH_JSTR) {
                static char fmts[32][32];
                snprintf(fmts[m->nrules - 1], 32, "%.*s", (int)fmt->len, fmt->u.s);
                r->date_format = fmts[m->nrules - 1];
            }
            r->null_value = nv;
        }
    }
}

static bool load_mapping(const char *path, mh_arena *a, mapping *m)
{
    memset(m, 0, sizeof *m);
    snprintf(m->category, sizeof m->category, "event.category");
    size_t n;
    char *b = slurp(path, &n);
    if (!b) return false;
    strip_comment_lines(b, &n, "#");
    char *keep = mh_arena_strndup(a, b, n);
    free(b);
    mh_jv root;
    mh_err e;
    mh_err_clear(&e);
    if (!keep || !mh_json_parse(keep, n, a, &root, &e)) { fprintf(stderr, "%s: %s\n", path, e.msg); return false; }
    walk_mapping(m, mh_json_get(&root, "properties"), "");
    return true;
}

static bool parse_custom_date(const char *fmt, mh_str v, int64_t *ms)
{
    int d = 0, mo = 0, y = 0;
    if (strcmp(fmt, "dd-MM-yyyy") == 0 && v.len == 10 && sscanf(v.ptr, "%2d-%2d-%4d", &d, &mo, &y) == 3) {
        *ms = mh_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400000;
        return true;
    }
    bool digits = v.len > 0 && v.len < 19;
    for (size_t i = 0; i < v.len && digits; i++) digits = v.ptr[i] >= '0' && v.ptr[i] <= '9';
    if (digits) { /* a date field given as epoch milliseconds */
        *ms = 0;
        for (size_t i = 0; i < v.len; i++) *ms = *ms * 10 + (v.ptr[i] - '0');
        return true;
    }
    mh_time lo, hi;
    if (mh_time_parse_iso(v.ptr, v.len, &lo, &hi, NULL)) { *ms = lo; return true; }
    return false;
}

/* ---- events ---- */

typedef struct event {
    mh_jv *doc;
    const char *json;
    size_t len;
    mh_time ts;
    uint64_t tb;
    size_t order;
} event;

typedef struct dataset {
    mh_arena arena;
    event *ev;
    size_t n;
    char category[128];
} dataset;

static mh_jv *member_slot(mh_arena *a, mh_jv *obj, const char *key)
{
    for (uint32_t i = 0; i < obj->len; i++)
        if (mh_str_eq_c(obj->u.members[i].key, key)) return &obj->u.members[i].val;
    mh_jmember *nm = mh_arena_alloc(a, (obj->len + 1) * sizeof *nm);
    memcpy(nm, obj->u.members, obj->len * sizeof *nm);
    nm[obj->len].key = mh_str_c(mh_arena_strndup(a, key, strlen(key)));
    memset(&nm[obj->len].val, 0, sizeof nm[obj->len].val);
    obj->u.members = nm;
    return &nm[obj->len++].val;
}

static int cmp_event(const void *x, const void *y)
{
    const event *a = x, *b = y;
    if (a->ts != b->ts) return a->ts < b->ts ? -1 : 1;
    if (a->tb != b->tb) return a->tb < b->tb ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static bool load_data(const char *dir, const suite *s, dataset *ds)
{
    mh_arena_init(&ds->arena, 1 << 16);
    size_t cap = 0;
    for (int f = 0; f < 3 && s->data[f]; f++) {
        char path[1024];
        mapping map;
        snprintf(path, sizeof path, "%s/%s", dir, s->mapping[f]);
        if (!load_mapping(path, &ds->arena, &map)) return false;
        snprintf(ds->category, sizeof ds->category, "%s", map.category);
        snprintf(path, sizeof path, "%s/%s", dir, s->data[f]);
        size_t n;
        char *b = slurp(path, &n);
        if (!b) { fprintf(stderr, "cannot read %s\n", path); return false; }
        strip_comment_lines(b, &n, "//");
        char *text = mh_arena_strndup(&ds->arena, b, n);
        free(b);
        mh_jv root;
        mh_err e;
        mh_err_clear(&e);
        if (!mh_json_parse(text, n, &ds->arena, &root, &e) || root.type != MH_JARR) {
            fprintf(stderr, "%s: %s\n", path, e.msg);
            return false;
        }
        for (uint32_t i = 0; i < root.len; i++) {
            mh_jv *doc = &root.u.items[i];
            if (doc->type != MH_JOBJ) continue;
            if (ds->n == cap) ds->ev = realloc(ds->ev, (cap = cap ? cap * 2 : 256) * sizeof *ds->ev);
            event *ev = &ds->ev[ds->n];
            memset(ev, 0, sizeof *ev);
            ev->order = ds->n++;
            ev->doc = doc;
            for (int r = 0; r < map.nrules; r++) {
                mh_jv *v = (mh_jv *)mh_json_get_path(doc, map.rules[r].path, strlen(map.rules[r].path));
                if (map.rules[r].null_value && (!v || v->type == MH_JNULL) && v) *v = *map.rules[r].null_value;
                if (v && map.rules[r].date_format && v->type == MH_JSTR) {
                    int64_t ms;
                    if (parse_custom_date(map.rules[r].date_format, mh_json_str(v), &ms)) {
                        memset(v, 0, sizeof *v);
                        v->type = MH_JNUM; v->is_int = true; v->u.num.i = ms; v->u.num.d = (double)ms;
                    }
                }
            }
            const mh_jv *tbv = s->tb_field ? mh_json_get_path(doc, s->tb_field, strlen(s->tb_field)) : NULL;
            ev->tb = tbv && tbv->type == MH_JNUM ? (uint64_t)tbv->u.num.i : ev->order;
            const mh_jv *tsv = mh_json_get(doc, "timestamp");
            if (s->time == TIME_FILETIME && tsv && tsv->type == MH_JNUM) {
                ev->ts = tsv->u.num.i / 10000 - 11644473600000LL;
                mh_jv *at = member_slot(&ds->arena, doc, "@timestamp");
                at->type = MH_JNUM; at->is_int = true; at->u.num.i = ev->ts; at->u.num.d = (double)ev->ts;
                at->raw = (mh_str){0};
            } else if (s->time == TIME_FILETIME_NANOS && tsv && tsv->type == MH_JNUM) {
                int64_t ns = tsv->u.num.i;
                ev->ts = ns / 1000000;
                ev->tb = (uint64_t)(ns % 1000000) << 24 | (ev->tb & 0xffffff);
                char iso[64], frac[16];
                mh_time_format((ev->ts / 1000) * 1000, iso, sizeof iso);
                /* iso is ...SSZ (no ms): replace the Z by a nine-digit fraction */
                size_t il = strlen(iso);
                snprintf(frac, sizeof frac, ".%09lldZ", (long long)(ns % 1000000000));
                snprintf(iso + il - 1, sizeof iso - il + 1, "%s", frac);
                mh_jv *at = member_slot(&ds->arena, doc, "@timestamp");
                at->type = MH_JSTR;
                at->u.s = mh_arena_strndup(&ds->arena, iso, strlen(iso));
                at->len = (uint32_t)strlen(iso);
                mh_jv *t = member_slot(&ds->arena, doc, "timestamp");
                t->u.num.i = ns / 1000000; t->u.num.d = (double)t->u.num.i; t->raw = (mh_str){0};
            } else if (s->time == TIME_FIELD) {
                const mh_jv *at = mh_json_get(doc, "@timestamp");
                mh_time lo, hi;
                ev->ts = 0;
                if (at && at->type == MH_JSTR) {
                    char *end;
                    char tmp[64];
                    snprintf(tmp, sizeof tmp, "%.*s", (int)at->len, at->u.s);
                    long long v = strtoll(tmp, &end, 10);
                    if (*end == '\0') ev->ts = v;
                    else if (mh_time_parse_iso(at->u.s, at->len, &lo, &hi, NULL)) ev->ts = lo;
                } else if (at && at->type == MH_JNUM) ev->ts = at->u.num.i;
            }
            /* the JSON text the engine reports back, with the derived fields in it */
            mh_buf jb;
            mh_buf_init(&jb, 0);
            mh_json_write(&jb, doc);
            ev->json = mh_arena_strndup(&ds->arena, jb.data, jb.len);
            ev->len = jb.len;
            mh_buf_free(&jb);
        }
    }
    qsort(ds->ev, ds->n, sizeof *ds->ev, cmp_event);
    return true;
}

/* ---- running one case ---- */

typedef struct outcome {
    int64_t ids[4096];
    size_t nids;
    char keys[256][64];
    size_t nkeys;
    size_t results;
    const char *id_field;
} outcome;

static int on_result(void *ctx, const mh_eql_result *r)
{
    outcome *o = ctx;
    if (o->results >= 50) return 1; /* the harness's size */
    o->results++;
    for (size_t i = 0; i < r->nevents && o->nids < 4096; i++) {
        int64_t id = -1;
        if (r->events[i].json) {
            mh_arena a;
            mh_arena_init(&a, 4096);
            mh_jv v;
            if (mh_json_parse(r->events[i].json, r->events[i].len, &a, &v, NULL)) {
                const mh_jv *x = mh_json_get(&v, o->id_field);
                if (x && x->type == MH_JNUM) id = x->u.num.i;
            }
            mh_arena_free(&a);
        }
        o->ids[o->nids++] = id;
    }
    for (size_t k = 0; k < r->nkeys && o->nkeys < 256; k++) {
        mh_str s = r->keys[k];
        if (s.len >= 2 && s.ptr[0] == '"') snprintf(o->keys[o->nkeys++], 64, "%.*s", (int)(s.len - 2), s.ptr + 1);
        else snprintf(o->keys[o->nkeys++], 64, "%.*s", (int)s.len, s.ptr);
    }
    return o->results >= 50;
}

static bool ids_equal(const tval *exp, const outcome *o)
{
    if (exp->n != o->nids) return false;
    for (size_t i = 0; i < exp->n; i++)
        if (exp->items[i].t != TV_INT || exp->items[i].i != o->ids[i]) return false;
    return true;
}

static void fmt_ids(char *out, size_t n, const int64_t *ids, size_t k)
{
    size_t o = 0;
    o += (size_t)snprintf(out + o, n - o, "[");
    for (size_t i = 0; i < k && o < n - 24; i++) o += (size_t)snprintf(out + o, n - o, "%s%lld", i ? ", " : "", (long long)ids[i]);
    snprintf(out + o, n - o, "]");
}

static bool run_case(const suite *s, const dataset *ds, const char *query, mh_eql_case mode, uint32_t max_samples,
                     const tval *exp, const tval *keys, char *why, size_t whyn)
{
    mh_eql_options opt = {.case_mode = mode, .category_field = ds->category, .max_samples_per_key = max_samples};
    mh_eql_diags d;
    mh_eql_diags_init(&d);
    mh_eql_query *q = mh_eql_compile(query, strlen(query), &opt, &d);
    if (!q) {
        mh_buf b;
        mh_buf_init(&b, 0);
        mh_eql_diags_render(&d, query, strlen(query), "query", &b);
        snprintf(why, whyn, "does not compile:\n%s", b.data ? b.data : "");
        mh_buf_free(&b);
        mh_eql_diags_free(&d);
        return false;
    }
    mh_eql_diags_free(&d);
    static outcome o;
    memset(&o, 0, sizeof o);
    o.id_field = s->id_field;
    mh_eql_matcher *m = mh_eql_matcher_new(q, NULL, on_result, &o);
    for (size_t i = 0; i < ds->n && !mh_eql_matcher_done(m); i++) {
        mh_eql_event ev = {ds->ev[i].doc, ds->ev[i].json, ds->ev[i].len, s->time == TIME_NONE ? 0 : ds->ev[i].ts,
                           s->time == TIME_NONE ? i : ds->ev[i].tb};
        mh_err e;
        mh_err_clear(&e);
        mh_eql_matcher_push(m, &ev, &e);
    }
    mh_err e;
    mh_eql_matcher_finish(m, &e);
    mh_eql_matcher_free(m);
    mh_eql_query_free(q);
    bool ok;
    if (exp->n && exp->items[0].t == TV_ARR) {
        ok = false;
        for (size_t i = 0; i < exp->n && !ok; i++) ok = ids_equal(&exp->items[i], &o);
    } else ok = ids_equal(exp, &o);
    char got[2048];
    fmt_ids(got, sizeof got, o.ids, o.nids);
    if (!ok) { snprintf(why, whyn, "got %s", got); return false; }
    if (keys && keys->t == TV_ARR && keys->n) {
        bool kok = keys->n == o.nkeys;
        for (size_t i = 0; kok && i < keys->n; i++) {
            char want[64];
            const tval *k = &keys->items[i];
            if (k->t == TV_STR) snprintf(want, sizeof want, "%s", k->s);
            else if (k->t == TV_BOOL) snprintf(want, sizeof want, "%s", k->b ? "true" : "false");
            else snprintf(want, sizeof want, "%lld", (long long)k->i);
            kok = strcmp(want, o.keys[i]) == 0;
        }
        if (!kok) {
            size_t off = (size_t)snprintf(why, whyn, "ids right but join keys are [");
            for (size_t i = 0; i < o.nkeys && off < whyn - 70; i++) off += (size_t)snprintf(why + off, whyn - off, "%s\"%s\"", i ? ", " : "", o.keys[i]);
            snprintf(why + off, whyn - off, "]");
            return false;
        }
    }
    return true;
}

/* ---- spec bookkeeping ---- */

typedef enum { M_BOTH, M_SENSITIVE, M_INSENSITIVE } modes;

static modes modes_of(const ttable *t)
{
    const tval *cs = toml_get(t, "case_sensitive"), *ci = toml_get(t, "case_insensitive");
    bool s = cs && cs->t == TV_BOOL && cs->b, i = ci && ci->t == TV_BOOL && ci->b;
    if (i) return M_INSENSITIVE;
    if (s) return M_SENSITIVE;
    return M_BOTH;
}

static char *trimmed(const char *s)
{
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    char *d = malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* disagreements.txt: "SUITE NAME MODE reason..." lines; MODE is default, sensitive or insensitive */
static bool disagreed(const char *file, const char *sname, const char *name, const char *mode, char *reason, size_t rn)
{
    FILE *f = fopen(file, "r");
    if (!f) return false;
    char line[2048];
    bool hit = false;
    while (!hit && fgets(line, sizeof line, f)) {
        char s[128], n[256], m[32];
        int off = 0;
        if (line[0] == '#' || sscanf(line, "%127s %255s %31s %n", s, n, m, &off) < 3) continue;
        if (strcmp(s, sname) == 0 && strcmp(n, name) == 0 && (strcmp(m, mode) == 0 || strcmp(m, "any") == 0)) {
            snprintf(reason, rn, "%s", line + off);
            reason[strcspn(reason, "\n")] = '\0';
            hit = true;
        }
    }
    fclose(f);
    return hit;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s SHARED_EQL_DIR SUITE DISAGREEMENTS [-v]\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1], *name = argv[2], *dis = argv[3];
    bool verbose = argc > 4 && strcmp(argv[4], "-v") == 0;
    const suite *s = NULL;
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (strcmp(suites[i].name, name) == 0) s = &suites[i];
    if (!s) { fprintf(stderr, "unknown suite %s\n", name); return 2; }
    static dataset ds;
    if (!load_data(dir, s, &ds)) return 2;
    tdoc unsup = {0};
    char err[512];
    if (s->unsupported) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, s->unsupported);
        if (!toml_read(p, &unsup, err, sizeof err)) { fprintf(stderr, "%s: %s\n", p, err); return 2; }
    }
    int pass = 0, fail = 0, skipped = 0, dropped = 0, documented = 0;
    for (int f = 0; f < 2 && s->specs[f]; f++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, s->specs[f]);
        tdoc doc;
        if (!toml_read(p, &doc, err, sizeof err)) { fprintf(stderr, "%s: %s\n", p, err); return 2; }
        for (size_t i = 0; i < doc.n; i++) {
            const ttable *t = &doc.tables[i];
            const tval *qv = toml_get(t, "query"), *ev = toml_get(t, "expected_event_ids"), *nv = toml_get(t, "name");
            const tval *kv = toml_get(t, "join_keys"), *ms = toml_get(t, "max_samples_per_key");
            char label[256];
            if (nv && nv->t == TV_STR) snprintf(label, sizeof label, "%s", nv->s);
            else {
                const tval *dv = toml_get(t, "description");
                if (!dv) dv = toml_get(t, "note");
                if (dv && dv->t == TV_STR) snprintf(label, sizeof label, "line%ld", t->line);
                else snprintf(label, sizeof label, "line%ld", t->line);
            }
            if (!qv || qv->t != TV_STR || !ev || ev->t != TV_ARR) { skipped++; continue; }
            char *q = trimmed(qv->s);
            modes md = s->flags_2020 ? modes_of(t) : M_BOTH;
            if (s->unsupported) {
                bool drop = false;
                for (size_t u = 0; u < unsup.n && !drop; u++) {
                    const tval *uq = toml_get(&unsup.tables[u], "query");
                    if (!uq || uq->t != TV_STR) continue;
                    char *ut = trimmed(uq->s);
                    drop = strcmp(ut, q) == 0 && modes_of(&unsup.tables[u]) == md;
                    free(ut);
                }
                if (drop) { dropped++; free(q); continue; }
            }
            mh_eql_case runs[2];
            const char *runname[2];
            int nruns = 0;
            if (!s->flags_2020) { runs[nruns] = MH_EQL_CASE_DEFAULT; runname[nruns++] = "default"; }
            else {
                if (md != M_INSENSITIVE) { runs[nruns] = MH_EQL_CASE_SENSITIVE; runname[nruns++] = "sensitive"; }
                if (md != M_SENSITIVE) { runs[nruns] = MH_EQL_CASE_INSENSITIVE; runname[nruns++] = "insensitive"; }
            }
            for (int r = 0; r < nruns; r++) {
                char why[4096];
                uint32_t msk = ms && ms->t == TV_INT ? (uint32_t)ms->i : 1;
                if (run_case(s, &ds, q, runs[r], msk, ev, kv, why, sizeof why)) {
                    pass++;
                    if (verbose) printf("PASS %s [%s]\n", label, runname[r]);
                    continue;
                }
                char reason[1024];
                if (disagreed(dis, s->name, label, runname[r], reason, sizeof reason)) {
                    documented++;
                    printf("DISAGREE %s [%s]: %s (%s)\n", label, runname[r], why, reason);
                    continue;
                }
                fail++;
                char want[2048] = "";
                if (ev->n && ev->items[0].t != TV_ARR) {
                    int64_t ids[4096];
                    size_t k = 0;
                    for (; k < ev->n && k < 4096; k++) ids[k] = ev->items[k].i;
                    fmt_ids(want, sizeof want, ids, k);
                } else snprintf(want, sizeof want, "(one of %zu alternatives)", ev->n);
                printf("FAIL %s [%s]: %s\n  query: %s\n  want %s\n", label, runname[r], why, q, want);
            }
            free(q);
        }
        toml_free(&doc);
    }
    toml_free(&unsup);
    printf("%s: %d passed, %d failed, %d documented disagreements, %d dropped as unsupported upstream, %d skipped\n",
           s->name, pass, fail, documented, dropped, skipped);
    free(ds.ev);
    mh_arena_free(&ds.arena);
    return fail ? 1 : 0;
}
