/* The TOML subset reader behind the EQL conformance runner (see toml.h). */
#include "toml.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rd {
    const char *s, *p, *end;
    long line;
    char *err;
    size_t errn;
} rd;

static bool fail(rd *R, const char *msg)
{
    snprintf(R->err, R->errn, "line %ld: %s", R->line, msg);
    return false;
}

static void skip_ws_comments(rd *R, bool newlines)
{
    while (R->p < R->end) {
        char c = *R->p;
        if (c == ' ' || c == '\t' || c == '\r') R->p++;
        else if (c == '\n' && newlines) { R->line++; R->p++; }
        else if (c == '#') { while (R->p < R->end && *R->p != '\n') R->p++; }
        else break;
    }
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static bool read_value(rd *R, tval *v);

static bool read_string(rd *R, tval *v)
{
    v->t = TV_STR;
    bool literal = *R->p == '\'';
    char q = *R->p;
    bool multi = R->end - R->p >= 3 && R->p[1] == q && R->p[2] == q;
    R->p += multi ? 3 : 1;
    if (multi && R->p < R->end && *R->p == '\n') { R->p++; R->line++; }
    size_t cap = 256, n = 0;
    char *out = malloc(cap);
    for (;;) {
        if (R->p >= R->end) { free(out); return fail(R, "unterminated string"); }
        if (multi ? (R->end - R->p >= 3 && R->p[0] == q && R->p[1] == q && R->p[2] == q && !(R->end - R->p >= 4 && R->p[3] == q))
                  : *R->p == q) {
            R->p += multi ? 3 : 1;
            break;
        }
        if (!multi && *R->p == '\n') { free(out); return fail(R, "newline in string"); }
        char c = *R->p++;
        if (c == '\n') R->line++;
        if (c == '\\' && !literal) {
            char e = R->p < R->end ? *R->p++ : 0;
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            case '\n':
                R->line++;
                while (R->p < R->end && isspace((unsigned char)*R->p)) { if (*R->p == '\n') R->line++; R->p++; }
                continue;
            default: free(out); return fail(R, "unsupported escape");
            }
        }
        if (n + 2 > cap) out = realloc(out, cap *= 2);
        out[n++] = c;
    }
    out[n] = '\0';
    v->s = out;
    return true;
}

static bool read_value(rd *R, tval *v)
{
    memset(v, 0, sizeof *v);
    if (R->p >= R->end) return fail(R, "value expected");
    char c = *R->p;
    if (c == '"' || c == '\'') return read_string(R, v);
    if (c == '[') {
        R->p++;
        v->t = TV_ARR;
        size_t cap = 0;
        for (;;) {
            skip_ws_comments(R, true);
            if (R->p < R->end && *R->p == ']') { R->p++; return true; }
            if (v->n == cap) v->items = realloc(v->items, (cap = cap ? cap * 2 : 8) * sizeof *v->items);
            if (!read_value(R, &v->items[v->n])) return false;
            v->n++;
            skip_ws_comments(R, true);
            if (R->p < R->end && *R->p == ',') { R->p++; continue; }
            if (R->p < R->end && *R->p == ']') { R->p++; return true; }
            return fail(R, "',' or ']' expected");
        }
    }
    if (strncmp(R->p, "true", 4) == 0) { v->t = TV_BOOL; v->b = true; R->p += 4; return true; }
    if (strncmp(R->p, "false", 5) == 0) { v->t = TV_BOOL; v->b = false; R->p += 5; return true; }
    if (c == '-' || c == '+' || isdigit((unsigned char)c)) {
        char *e;
        v->t = TV_INT;
        v->i = strtoll(R->p, &e, 10);
        R->p = e;
        return true;
    }
    return fail(R, "unsupported value");
}

bool toml_read(const char *path, tdoc *out, char *err, size_t errn)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) { snprintf(err, errn, "cannot open %s", path); return false; }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    size_t got = fread(buf, 1, (size_t)len, f);
    fclose(f);
    buf[got] = '\0';
    rd R = {.s = buf, .p = buf, .end = buf + got, .line = 1, .err = err, .errn = errn};
    size_t cap = 0;
    ttable *cur = NULL;
    size_t kvcap = 0;
    bool ok = true;
    for (;;) {
        skip_ws_comments(&R, true);
        if (R.p >= R.end) break;
        if (*R.p == '[') {
            if (strncmp(R.p, "[[queries]]", 11) != 0) { ok = fail(&R, "only [[queries]] tables are supported"); break; }
            R.p += 11;
            if (out->n == cap) out->tables = realloc(out->tables, (cap = cap ? cap * 2 : 64) * sizeof *out->tables);
            cur = &out->tables[out->n++];
            memset(cur, 0, sizeof *cur);
            cur->line = R.line;
            kvcap = 0;
            continue;
        }
        const char *k = R.p;
        while (R.p < R.end && (isalnum((unsigned char)*R.p) || *R.p == '_' || *R.p == '-')) R.p++;
        if (R.p == k) { ok = fail(&R, "key expected"); break; }
        char *key = dup_n(k, (size_t)(R.p - k));
        skip_ws_comments(&R, false);
        if (R.p >= R.end || *R.p != '=') { free(key); ok = fail(&R, "'=' expected"); break; }
        R.p++;
        skip_ws_comments(&R, false);
        tval v;
        if (!read_value(&R, &v)) { free(key); ok = false; break; }
        if (!cur) { free(key); ok = fail(&R, "key outside [[queries]]"); break; }
        if (cur->n == kvcap) cur->kv = realloc(cur->kv, (kvcap = kvcap ? kvcap * 2 : 8) * sizeof *cur->kv);
        cur->kv[cur->n].key = key;
        cur->kv[cur->n].v = v;
        cur->n++;
    }
    free(buf);
    if (!ok) toml_free(out);
    return ok;
}

const tval *toml_get(const ttable *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->kv[i].key, key) == 0) return &t->kv[i].v;
    return NULL;
}

static void free_val(tval *v)
{
    free(v->s);
    for (size_t i = 0; i < v->n; i++) free_val(&v->items[i]);
    free(v->items);
}

void toml_free(tdoc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        for (size_t k = 0; k < d->tables[i].n; k++) {
            free(d->tables[i].kv[k].key);
            free_val(&d->tables[i].kv[k].v);
        }
        free(d->tables[i].kv);
    }
    free(d->tables);
    memset(d, 0, sizeof *d);
}
