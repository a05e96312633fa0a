/* molehunt eql: runs one EQL query over an NDJSON file (--data) or over the stored
 * events, printing each match (the event itself for event queries; join keys and events
 * for sequences and samples), or checks a file of rules and prints every error with a
 * caret. Events from a file are put in time order first (file order breaks ties); the
 * store already hands them over in that order. Events from the store are shown
 * pseudonymised, like everything else about people, unless --identified is given. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_eql.h"
#include "molehunt/mh_json.h"
#include "molehunt/mh_store.h"
#include "redact.h"
#include "view.h"

static const mh_cli_opt opts[] = {
    {"data", 0, "FILE", "read events from this NDJSON file instead of the store", false},
    {"format", 0, "ndjson|table", "output format (default table on a terminal, else ndjson)", false},
    {"mode", 0, "latest|all", "sequence state: latest (Elasticsearch's, default) or all matches", false},
    {"case", 0, "default|sensitive|insensitive", "string comparison mode (insensitive: the original language)", false},
    {"check", 0, "FILE", "validate a file of rules (separated by blank lines, # comments) and print every error", false},
    {"max-memory", 0, "MiB", "limit on sequence state (default 256); evictions are reported", false},
    {0},
};

typedef struct run_ctx {
    bool table;
    uint64_t n;
    mh_buf out;
    mh_view *view;   /* events from the store: shown through it and red */
    mh_redact *red;  /* NULL: events as they are (a file of one's own, or --identified) */
    mh_arena scratch;
} run_ctx;

/* One event of a result, pseudonymised when the run shows the store to a pseudonymised view. */
static void put_event(run_ctx *x, mh_buf *b, const char *json, size_t len)
{
    if (!x->red) {
        mh_buf_append(b, json, len);
        return;
    }
    mh_arena_reset(&x->scratch);
    mh_jv doc;
    mh_err e;
    mh_err_clear(&e);
    if (mh_json_parse(json, len, &x->scratch, &doc, &e)) mh_redact_json(x->red, &doc, b);
    else mh_buf_puts(b, "null"); /* the store holds parsed events: never reached */
}

/* A sequence's or sample's join key: a value that says whose events they are (a user, a
 * host, a person), so a pseudonymised view shows its pseudonym. */
static void put_key(run_ctx *x, mh_buf *b, mh_str key)
{
    if (!x->red) {
        mh_buf_append(b, key.ptr, key.len);
        return;
    }
    mh_arena_reset(&x->scratch);
    mh_jv v;
    mh_err e;
    mh_err_clear(&e);
    if (mh_json_parse(key.ptr, key.len, &x->scratch, &v, &e) && v.type == MH_JSTR) {
        char val[512];
        snprintf(val, sizeof val, "%.*s", (int)MH_MIN(v.len, 511u), v.u.s);
        const char *shown = mh_view_id(x->view, val);
        mh_json_write_str(b, shown, strlen(shown));
    } else {
        mh_buf_append(b, key.ptr, key.len); /* numbers and booleans say nothing of whom */
    }
}

static int on_result(void *vctx, const mh_eql_result *r)
{
    run_ctx *x = vctx;
    mh_buf *b = &x->out;
    mh_buf_reset(b);
    x->n++;
    bool multi = mh_eql_query_kind(r->query) != MH_EQL_EVENT;
    if (x->table) {
        if (multi) {
            mh_buf_printf(b, "#%llu", (unsigned long long)x->n);
            for (size_t k = 0; k < r->nkeys; k++) {
                mh_buf_puts(b, k ? ", " : "  by ");
                put_key(x, b, r->keys[k]);
            }
            mh_buf_putc(b, '\n');
        }
        for (size_t i = 0; i < r->nevents; i++) {
            char ts[40];
            if (r->events[i].json) mh_time_format(r->events[i].ts, ts, sizeof ts);
            else snprintf(ts, sizeof ts, "%s", "(missing)");
            mh_buf_printf(b, "%s%-26s ", multi ? "  " : "", ts);
            if (r->events[i].json) put_event(x, b, r->events[i].json, r->events[i].len);
            mh_buf_putc(b, '\n');
        }
    } else if (!multi) {
        put_event(x, b, r->events[0].json, r->events[0].len);
        mh_buf_putc(b, '\n');
    } else {
        mh_buf_puts(b, "{\"join_keys\":[");
        for (size_t k = 0; k < r->nkeys; k++) {
            if (k) mh_buf_putc(b, ',');
            put_key(x, b, r->keys[k]);
        }
        mh_buf_puts(b, "],\"events\":[");
        for (size_t i = 0; i < r->nevents; i++) {
            if (i) mh_buf_putc(b, ',');
            if (r->events[i].json) put_event(x, b, r->events[i].json, r->events[i].len);
            else mh_buf_puts(b, "null");
        }
        mh_buf_puts(b, "]}\n");
    }
    if (b->data) fwrite(b->data, 1, b->len, stdout);
    return 0;
}

static char *read_file(const char *path, size_t *n, mh_err *e)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) { mh_err_set(e, MH_E_IO, "cannot open %s", path); return NULL; }
    mh_buf b;
    mh_buf_init(&b, 0);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (!mh_buf_append(&b, chunk, got)) { mh_err_set(e, MH_E_NOMEM, "%s is too large", path); break; }
    if (f != stdin) fclose(f);
    if (e->code) { mh_buf_free(&b); return NULL; }
    *n = b.len;
    if (!b.data) return calloc(1, 1);
    return b.data;
}

/* --check: every rule of the file compiled, every error printed against the whole file. */
static int check_file(const char *path, const mh_eql_options *o)
{
    mh_err e;
    mh_err_clear(&e);
    size_t n;
    char *text = read_file(path, &n, &e);
    if (!text) return mh_cli_fail(&e);
    int rules = 0, bad = 0;
    size_t i = 0;
    long line = 1;
    mh_buf out;
    mh_buf_init(&out, 0);
    while (i < n) {
        /* skip blank and comment lines; a rule runs to the next blank line */
        size_t e_ = i;
        while (e_ < n && text[e_] != '\n') e_++;
        size_t k = i;
        while (k < e_ && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r')) k++;
        if (k == e_ || text[k] == '#') { i = e_ + 1; line++; continue; }
        size_t start = i, end = i;
        long start_line = line;
        while (end < n) {
            size_t le = end;
            while (le < n && text[le] != '\n') le++;
            size_t j = end;
            while (j < le && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) j++;
            if (j == le) break;
            end = le < n ? le + 1 : le;
            line++;
        }
        rules++;
        mh_eql_diags d;
        mh_eql_diags_init(&d);
        mh_eql_query *q = mh_eql_compile(text + start, end - start, o, &d);
        if (!q) {
            bad++;
            for (size_t g = 0; g < d.n; g++) d.items[g].line += start_line - 1;
            mh_eql_diags_render(&d, text, n, path, &out);
        }
        mh_eql_query_free(q);
        mh_eql_diags_free(&d);
        i = end;
    }
    if (out.data) fputs(out.data, stderr);
    printf("%s: %d rule%s, %d with errors\n", path, rules, rules == 1 ? "" : "s", bad);
    mh_buf_free(&out);
    free(text);
    return bad ? MH_EXIT_FINDINGS : MH_EXIT_OK;
}

typedef struct loaded {
    mh_jv doc;
    const char *json;
    size_t len;
    mh_time ts;
    uint64_t line;
} loaded;

static int cmp_loaded(const void *a, const void *b)
{
    const loaded *x = a, *y = b;
    if (x->ts != y->ts) return x->ts < y->ts ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

typedef struct store_ctx {
    mh_eql_matcher *m;
    const mh_eql_query *q;
    mh_arena arena;
    uint64_t n, skipped;
} store_ctx;

static int on_stored(void *vctx, const char *json, size_t len, mh_time ts)
{
    store_ctx *x = vctx;
    mh_arena_reset(&x->arena);
    mh_jv doc;
    mh_err e;
    mh_err_clear(&e);
    if (!mh_json_parse(json, len, &x->arena, &doc, &e)) { x->skipped++; return 0; }
    mh_eql_event ev = {&doc, json, len, ts, x->n++};
    if (mh_eql_matcher_push(x->m, &ev, &e)) x->skipped++;
    return mh_eql_matcher_done(x->m);
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *fmt = mh_cli_get(cmd, a, "format"), *mode = mh_cli_get(cmd, a, "mode");
    const char *casem = mh_cli_get(cmd, a, "case"), *check = mh_cli_get(cmd, a, "check");
    const char *data = mh_cli_get(cmd, a, "data"), *maxmem = mh_cli_get(cmd, a, "max-memory");
    mh_eql_options o = {0};
    if (mode && strcmp(mode, "all") == 0) o.seq_mode = MH_EQL_SEQ_ALL;
    else if (mode && strcmp(mode, "latest") != 0) return mh_cli_usage_error(cmd, "--mode must be latest or all");
    if (casem && strcmp(casem, "sensitive") == 0) o.case_mode = MH_EQL_CASE_SENSITIVE;
    else if (casem && strcmp(casem, "insensitive") == 0) o.case_mode = MH_EQL_CASE_INSENSITIVE;
    else if (casem && strcmp(casem, "default") != 0) return mh_cli_usage_error(cmd, "--case must be default, sensitive or insensitive");
    if (check) return check_file(check, &o);
    if (a->npos != 1) return mh_cli_usage_error(cmd, "give exactly one QUERY (or --check FILE)");
    run_ctx x = {0};
    if (fmt) {
        if (strcmp(fmt, "table") == 0) x.table = true;
        else if (strcmp(fmt, "ndjson") != 0) return mh_cli_usage_error(cmd, "--format must be ndjson or table");
    }
    mh_eql_limits lim = {0};
    if (maxmem) {
        char *end;
        long v = strtol(maxmem, &end, 10);
        if (*end || v <= 0) return mh_cli_usage_error(cmd, "--max-memory takes a positive number of MiB");
        lim.max_memory = (size_t)v << 20;
    }
    const char *qtext = a->pos[0];
    mh_eql_diags d;
    mh_eql_diags_init(&d);
    mh_eql_query *q = mh_eql_compile(qtext, strlen(qtext), &o, &d);
    if (!q) {
        mh_buf b;
        mh_buf_init(&b, 0);
        mh_eql_diags_render(&d, qtext, strlen(qtext), "query", &b);
        if (b.data) fputs(b.data, stderr);
        mh_buf_free(&b);
        mh_eql_diags_free(&d);
        return MH_EXIT_INPUT;
    }
    mh_eql_diags_free(&d);
    mh_buf_init(&x.out, 0);
    mh_arena_init(&x.scratch, 1 << 14);
    mh_view view;
    mh_redact *red = NULL;
    bool viewing = false;
    mh_eql_matcher *m = mh_eql_matcher_new(q, &lim, on_result, &x);
    int rc = MH_EXIT_OK;
    mh_err e;
    mh_err_clear(&e);
    uint64_t skipped = 0, events = 0;
    if (!m) { mh_err_set(&e, MH_E_NOMEM, "out of memory"); rc = mh_cli_fail(&e); goto out; }
    if (data) {
        size_t n;
        char *text = read_file(data, &n, &e);
        if (!text) { rc = mh_cli_fail(&e); goto out; }
        mh_arena arena;
        mh_arena_init(&arena, 1 << 20);
        loaded *ev = NULL;
        size_t nev = 0, cap = 0;
        uint64_t lineno = 0;
        for (size_t i = 0; i < n;) {
            size_t j = i;
            while (j < n && text[j] != '\n') j++;
            lineno++;
            size_t len = j - i;
            while (len && (text[i + len - 1] == '\r' || text[i + len - 1] == ' ')) len--;
            if (len) {
                if (nev == cap) {
                    loaded *ne = realloc(ev, (cap = cap ? cap * 2 : 1024) * sizeof *ev);
                    if (!ne) break;
                    ev = ne;
                }
                loaded *l = &ev[nev];
                mh_err pe;
                mh_err_clear(&pe);
                if (!mh_json_parse(text + i, len, &arena, &l->doc, &pe) || l->doc.type != MH_JOBJ ||
                    !mh_eql_event_time(q, &l->doc, &l->ts)) {
                    fprintf(stderr, "molehunt: %s:%llu: skipped: %s\n", data, (unsigned long long)lineno,
                            pe.code ? pe.msg : "no readable timestamp");
                    skipped++;
                } else {
                    l->json = text + i;
                    l->len = len;
                    l->line = lineno;
                    nev++;
                }
            }
            i = j + 1;
        }
        if (nev) qsort(ev, nev, sizeof *ev, cmp_loaded);
        for (size_t i = 0; i < nev && !mh_eql_matcher_done(m); i++) {
            mh_eql_event me = {&ev[i].doc, ev[i].json, ev[i].len, ev[i].ts, ev[i].line};
            mh_err pe;
            mh_err_clear(&pe);
            mh_eql_matcher_push(m, &me, &pe);
            events++;
        }
        mh_eql_matcher_finish(m, &e);
        free(ev);
        mh_arena_free(&arena);
        free(text);
    } else {
        mh_store *s;
        if (mh_store_open(ctx->db_path, &s, &e)) { rc = mh_cli_fail(&e); goto out; }
        /* the store's events name people: a pseudonymised view unless --identified */
        if (mh_view_open(&view, ctx, &e) || (viewing = true, mh_redact_open(s, &view, &red, &e))) {
            mh_store_close(s);
            rc = mh_cli_fail(&e);
            goto out;
        }
        x.view = &view;
        x.red = view.identified ? NULL : red;
        store_ctx sc = {.m = m, .q = q};
        mh_arena_init(&sc.arena, 1 << 16);
        mh_status st = mh_store_events_each(s, MH_TIME_NONE, MH_TIME_NONE, on_stored, &sc, &e);
        mh_arena_free(&sc.arena);
        mh_store_close(s);
        events = sc.n;
        skipped = sc.skipped;
        if (st) { rc = mh_cli_fail(&e); goto out; }
        mh_eql_matcher_finish(m, &e);
    }
    fflush(stdout);
    mh_eql_stats st;
    mh_eql_matcher_stats(m, &st);
    if (x.table || st.evictions || skipped)
        fprintf(stderr, "eql: %llu result%s from %llu events; %llu skipped; %llu pending sequences evicted (limit), "
                        "%llu expired; peak state %zu bytes\n",
                (unsigned long long)x.n, x.n == 1 ? "" : "s", (unsigned long long)events, (unsigned long long)skipped,
                (unsigned long long)st.evictions, (unsigned long long)st.expired, st.peak_memory);
    if (st.evictions || skipped) rc = MH_EXIT_FINDINGS;
out:
    mh_eql_matcher_free(m);
    mh_eql_query_free(q);
    mh_buf_free(&x.out);
    mh_arena_free(&x.scratch);
    mh_redact_free(red);
    if (viewing) mh_view_close(&view);
    return rc;
}

const mh_cli_cmd mh_cmd_eql = {
    .name = "eql",
    .run = run,
    .usage = "[--data FILE.ndjson] [--format ndjson|table] [--mode latest|all] 'QUERY' | --check FILE",
    .summary = "run an EQL query over events, or check a file of rules",
    .details = "Runs QUERY (the Elasticsearch dialect; see docs/eql.md) over the events of --data, or over the "
               "stored events. In ndjson format each match is one line: the event itself for event queries, "
               "{\"join_keys\": [...], \"events\": [...]} for sequences and samples (a missing-event step shows as "
               "null). Syntax errors are printed with the source line and a caret; exit status 3.",
    .opts = opts,
    .min_pos = 0,
    .max_pos = 1,
};
