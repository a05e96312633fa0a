/* Rule files: a header of "# key: value" lines (id, title, description, scenario,
 * guideline, axis, severity, mitigation, reference, mode) followed by one EQL query.
 * Problems are reported as file:line:col with the source line and a caret, every one of
 * them, and a rule that does not compile stays in the pack (without a query) so that
 * the rest still runs and `rules list` can show it. */
#include "detect_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const axis_names[MH_AXIS__COUNT] = {"money", "ideology", "compromise", "ego"};

const char *mh_axis_name(mh_axis a) { return (unsigned)a < MH_AXIS__COUNT ? axis_names[a] : "?"; }

mh_rulepack *mh_rulepack_new(void)
{
    mh_rulepack *p = calloc(1, sizeof *p);
    if (p) mh_arena_init(&p->arena, 64 * 1024);
    return p;
}

void mh_rulepack_free(mh_rulepack *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) mh_eql_query_free(p->rules[i].query);
    free(p->rules);
    mh_arena_free(&p->arena);
    free(p);
}

size_t mh_rulepack_count(const mh_rulepack *p) { return p->n; }
const mh_rule *mh_rulepack_rule(const mh_rulepack *p, size_t i) { return i < p->n ? &p->rules[i] : NULL; }

const mh_rule *mh_rulepack_find(const mh_rulepack *p, const char *id)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->rules[i].id && strcmp(p->rules[i].id, id) == 0) return &p->rules[i];
    return NULL;
}

/* Appends "file:line:col: error: msg", the source line and a caret under col..col+len. */
static void diag_at(mh_buf *out, const char *file, long line, long col, long len, const char *src_line, size_t src_len,
                    const char *msg, const char *expected)
{
    if (!out) return;
    mh_buf_printf(out, "%s:%ld:%ld: error: %s", file, line, col, msg);
    if (expected) mh_buf_printf(out, " (expected %s)", expected);
    mh_buf_printf(out, "\n  %.*s\n  ", (int)src_len, src_line);
    for (long i = 1; i < col; i++) mh_buf_putc(out, i - 1 < (long)src_len && src_line[i - 1] == '\t' ? '\t' : ' ');
    for (long i = 0; i < (len > 0 ? len : 1); i++) mh_buf_putc(out, '^');
    mh_buf_putc(out, '\n');
}

/* The text of line LINE (1-based) of TEXT. */
static const char *line_of(const char *text, size_t n, long line, size_t *len)
{
    const char *p = text, *end = text + n;
    for (long k = 1; k < line && p < end; k++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *len = (size_t)((nl ? nl : end) - p);
    return p;
}

static char *read_file(const char *path, size_t *n, mh_err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        mh_err_set(e, MH_E_IO, "cannot read rule file: %s", strerror(errno));
        mh_err_at(e, path, 0, 0);
        return NULL;
    }
    mh_buf b;
    mh_buf_init(&b, 1u << 20);
    char chunk[8192];
    size_t k;
    bool ok = true;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) ok = ok && mh_buf_append(&b, chunk, k);
    fclose(f);
    if (!ok) {
        mh_buf_free(&b);
        mh_err_set(e, MH_E_INPUT, "rule file larger than 1 MiB");
        mh_err_at(e, path, 0, 0);
        return NULL;
    }
    *n = b.len;
    if (!b.data) mh_buf_putc(&b, '\0');
    return b.data;
}

static mh_rule *new_rule(mh_rulepack *p)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        mh_rule *r = realloc(p->rules, cap * sizeof *r);
        if (!r) return NULL;
        p->rules = r;
        p->cap = cap;
    }
    mh_rule *r = &p->rules[p->n++];
    memset(r, 0, sizeof *r);
    return r;
}

static const char *dup_trim(mh_arena *a, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    return mh_arena_strndup(a, s, n);
}

/* Appends TEXT to a multi-line value (description lines continue it). */
static const char *append_text(mh_arena *a, const char *old, const char *add)
{
    if (!old) return add;
    size_t n1 = strlen(old), n2 = strlen(add);
    char *s = mh_arena_alloc(a, n1 + n2 + 2);
    if (!s) return old;
    memcpy(s, old, n1);
    s[n1] = ' ';
    memcpy(s + n1 + 1, add, n2 + 1);
    return s;
}

static bool valid_guideline(const char *g)
{
    /* A SEAD-4 guideline letter A..M, optionally a space and a paragraph (7h, 16a, 40f). */
    if (g[0] < 'A' || g[0] > 'M') return false;
    if (g[1] == '\0') return true;
    if (g[1] != ' ' || !g[2]) return false;
    for (const char *c = g + 2; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z'))) return false;
    return true;
}

mh_status mh_rulepack_add_file(mh_rulepack *p, const char *path, mh_buf *diag, size_t *nerrors, mh_err *e)
{
    size_t n;
    char *text = read_file(path, &n, e);
    if (!text) return e->code;
    mh_status rc = mh_rulepack_add_text(p, path, text, n, diag, nerrors, e);
    free(text);
    return rc;
}

mh_status mh_rulepack_add_text(mh_rulepack *p, const char *path, const char *text, size_t n, mh_buf *diag,
                               size_t *nerrors, mh_err *e)
{
    mh_rule *r = new_rule(p);
    if (!r) return mh_err_set(e, MH_E_NOMEM, "out of memory");
    r->file = mh_arena_strndup(&p->arena, path, strlen(path));
    r->severity = -1;
    r->axis = MH_AXIS__COUNT;
    size_t errors = 0;
    bool seq_all = false;
    static const char *const required_keys[] = {"id", "title", "guideline", "axis", "severity", "query"};
    bool bad_key[MH_ARRAY_LEN(required_keys)] = {false};
    const char *pos = text, *end = text + n, *query = NULL;
    long line = 0;
    while (pos < end) {
        const char *nl = memchr(pos, '\n', (size_t)(end - pos));
        size_t len = (size_t)((nl ? nl : end) - pos);
        line++;
        size_t k = 0;
        while (k < len && (pos[k] == ' ' || pos[k] == '\t')) k++;
        if (k == len) { pos += len + 1; continue; } /* blank */
        if (pos[k] != '#') { query = pos; r->query_line = line; break; }
        const char *body = pos + k + 1, *colon = memchr(body, ':', len - k - 1);
        if (!colon) { pos += len + 1; continue; } /* a plain comment */
        const char *key = dup_trim(&p->arena, body, (size_t)(colon - body));
        const char *val = dup_trim(&p->arena, colon + 1, (size_t)(pos + len - colon - 1));
        const char *vstart = colon + 1;
        while (vstart < pos + len && (*vstart == ' ' || *vstart == '\t')) vstart++;
        long vcol = (long)(vstart - pos) + 1;
        char msg[160];
        msg[0] = '\0';
        if (strcmp(key, "id") == 0) r->id = val;
        else if (strcmp(key, "title") == 0) r->title = val;
        else if (strcmp(key, "description") == 0) r->description = append_text(&p->arena, r->description, val);
        else if (strcmp(key, "scenario") == 0) r->scenario = val;
        else if (strcmp(key, "mitigation") == 0) r->mitigation = append_text(&p->arena, r->mitigation, val);
        else if (strcmp(key, "reference") == 0) r->references = append_text(&p->arena, r->references, val);
        else if (strcmp(key, "guideline") == 0) {
            if (!valid_guideline(val)) snprintf(msg, sizeof msg, "guideline \"%.40s\" is not a SEAD-4 letter A-M with an optional paragraph (\"B 7h\")", val);
            else if (r->nguidelines == MH_RULE_MAX_GUIDELINES) snprintf(msg, sizeof msg, "more than %d guidelines", MH_RULE_MAX_GUIDELINES);
            else r->guidelines[r->nguidelines++] = val;
        } else if (strcmp(key, "axis") == 0) {
            for (int a = 0; a < MH_AXIS__COUNT; a++)
                if (strcmp(val, axis_names[a]) == 0) r->axis = (mh_axis)a;
            if (r->axis == MH_AXIS__COUNT) snprintf(msg, sizeof msg, "axis must be money, ideology, compromise or ego");
        } else if (strcmp(key, "severity") == 0) {
            char *endp;
            double v = strtod(val, &endp);
            if (*endp || endp == val || v <= 0 || v > 1) snprintf(msg, sizeof msg, "severity must be a number in (0, 1]");
            else r->severity = v;
        } else if (strcmp(key, "per") == 0) {
            if (strcmp(val, "day") == 0) r->per_day = true;
            else if (strcmp(val, "match") != 0) snprintf(msg, sizeof msg, "per must be match or day");
        } else if (strcmp(key, "routine") == 0) {
            /* upper-case tags separated by commas; which tags exist is the behaviour
             * analytics' to say (the detect pipeline checks them before a run) */
            const char *t = val;
            while (*t && !msg[0]) {
                size_t l = 0;
                while (t[l] >= 'A' && t[l] <= 'Z') l++;
                if (!l || (t[l] && t[l] != ',' && t[l] != ' '))
                    snprintf(msg, sizeof msg, "routine must be behaviour tags in capitals separated by commas (\"CLOUDUP\")");
                else if (r->nroutine == MH_RULE_MAX_ROUTINE)
                    snprintf(msg, sizeof msg, "more than %d routine behaviours", MH_RULE_MAX_ROUTINE);
                else
                    r->routine[r->nroutine++] = dup_trim(&p->arena, t, l);
                t += l;
                while (*t == ',' || *t == ' ') t++;
            }
        } else if (strcmp(key, "mode") == 0) {
            if (strcmp(val, "all") == 0) seq_all = true;
            else if (strcmp(val, "latest") != 0) snprintf(msg, sizeof msg, "mode must be latest or all");
        } else {
            snprintf(msg, sizeof msg, "unknown header key \"%.40s\"", key);
            const char *kstart = body;
            while (*kstart == ' ' || *kstart == '\t') kstart++;
            vcol = (long)(kstart - pos) + 1;
        }
        if (msg[0]) {
            /* A key given wrongly is not reported again as missing. */
            for (size_t i = 0; i < MH_ARRAY_LEN(required_keys); i++)
                if (strcmp(key, required_keys[i]) == 0) bad_key[i] = true;
            diag_at(diag, path, line, vcol, (long)strlen(strcmp(msg, "unknown") > 0 && strncmp(msg, "unknown header", 14) == 0 ? key : val), pos, len, msg, NULL);
            errors++;
        }
        pos += len + 1;
    }
    bool have[] = {r->id != NULL, r->title != NULL, r->nguidelines > 0, r->axis != MH_AXIS__COUNT, r->severity > 0,
                   query != NULL};
    long at_line = query ? r->query_line : (line ? line : 1);
    size_t at_len;
    const char *at_src = line_of(text, n, at_line, &at_len);
    for (size_t i = 0; i < MH_ARRAY_LEN(required_keys); i++) {
        if (have[i] || bad_key[i]) continue;
        char msg[128];
        snprintf(msg, sizeof msg, "the rule has no %s%s", required_keys[i],
                 i < 5 ? " (a \"# key: value\" header line)" : " (an EQL query after the header)");
        diag_at(diag, path, at_line, 1, 1, at_src, at_len, msg, NULL);
        errors++;
    }
    const mh_rule *first = r->id ? mh_rulepack_find(p, r->id) : r;
    if (first != r) {
        if (diag) mh_buf_printf(diag, "%s:1:1: error: rule id \"%s\" is also used by %s\n", path, r->id, first->file);
        errors++;
    }
    if (query) {
        size_t qn = (size_t)(end - query);
        r->query_text = mh_arena_strndup(&p->arena, query, qn);
        mh_eql_diags d;
        mh_eql_diags_init(&d);
        mh_eql_options o = {.seq_mode = seq_all ? MH_EQL_SEQ_ALL : MH_EQL_SEQ_LATEST};
        r->query = mh_eql_compile(r->query_text, qn, &o, &d);
        for (size_t i = 0; i < d.n; i++) {
            size_t sl;
            const char *src = line_of(r->query_text, qn, d.items[i].line, &sl);
            diag_at(diag, path, r->query_line + d.items[i].line - 1, d.items[i].col, d.items[i].len, src, sl,
                    d.items[i].message, d.items[i].expected);
        }
        if (!r->query) errors += d.n ? d.n : 1;
        mh_eql_diags_free(&d);
    }
    if (errors && r->query) {
        /* A rule with a broken header is not run either. */
        mh_eql_query_free(r->query);
        r->query = NULL;
    }
    if (!r->id) r->id = r->file;
    if (nerrors) *nerrors += errors;
    return MH_OK;
}
