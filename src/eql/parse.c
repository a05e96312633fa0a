/* The EQL parser: recursive descent from tokens to the syntax tree, and nothing else
 * (no name resolution, no folding) so that other tools can reuse the tree. Each grammar
 * rule is written above its function. On a syntax error the parser records what it
 * expected, skips to a place where parsing can resume (the end of a step, the next pipe)
 * and goes on, so one run reports every mistake in a query; errors inside an already
 * broken region are suppressed so that one mistake gives one message. */
#include "eql_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct parser {
    eql_lexer L;
    eql_tok t;    /* current token */
    eql_tok prev; /* the one before */
    mh_arena *a;
    mh_eql_diags *d;
    bool panic;   /* an error was reported and we have not resynchronised yet */
    int depth;
} parser;

#define MAX_DEPTH 200

eql_node *eql_node_new(mh_arena *a, eql_node_kind k, long line, long col, long len)
{
    eql_node *n = mh_arena_zalloc(a, sizeof *n);
    if (!n) return NULL;
    n->kind = (uint8_t)k; n->line = line; n->col = col; n->len = len; n->fn = -1;
    return n;
}

static void next(parser *P)
{
    P->prev = P->t;
    do P->t = eql_lex_next(&P->L);
    while (P->t.kind == T_ERROR); /* the lexer already reported it */
}

static void error_at(parser *P, const eql_tok *t, const char *expected, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void error_at(parser *P, const eql_tok *t, const char *expected, const char *fmt, ...)
{
    if (P->panic) return;
    P->panic = true;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    eql_diag_add(P->d, t->line, t->col, t->len ? t->len : 1, expected, "%s", msg);
}

static void expected(parser *P, const char *what)
{
    char got[80];
    if (P->t.kind == T_IDENT || P->t.kind == T_INT || P->t.kind == T_FLOAT)
        snprintf(got, sizeof got, "'%.*s'", (int)MH_MIN(P->t.len, 60u), P->L.src + P->t.off);
    else snprintf(got, sizeof got, "%s", eql_tok_name(P->t.kind));
    error_at(P, &P->t, what, "unexpected %s", got);
}

static bool accept(parser *P, eql_tok_kind k)
{
    if (P->t.kind != k) return false;
    next(P);
    return true;
}

static bool expect(parser *P, eql_tok_kind k, const char *what)
{
    if (accept(P, k)) return true;
    expected(P, what);
    return false;
}

static bool is_word(const eql_tok *t, const char *w)
{
    return t->kind == T_IDENT && t->slen == strlen(w) && strncasecmp(t->s, w, t->slen) == 0;
}

static eql_node *expr(parser *P);
static eql_node *arith(parser *P);

static eql_node *mk(parser *P, eql_node_kind k, const eql_tok *at)
{
    return eql_node_new(P->a, k, at->line, at->col, at->len);
}

/* Widens n's span to reach the end of the previous token (for carets under a whole expression). */
static void span_to_prev(parser *P, eql_node *n)
{
    if (n && P->prev.line == n->line && P->prev.col + (long)P->prev.len > n->col) n->len = P->prev.col + P->prev.len - n->col;
}

static bool push_arg(parser *P, eql_node ***args, uint32_t *n, uint32_t *cap, eql_node *x)
{
    if (*n == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 4;
        eql_node **v = mh_arena_alloc(P->a, nc * sizeof *v);
        if (!v) return false;
        if (*n) memcpy(v, *args, *n * sizeof *v);
        *args = v;
        *cap = nc;
    }
    (*args)[(*n)++] = x;
    return true;
}

/* list -> '(' expr (',' expr)* ')' | expr   (the right-hand side of in, :, like, regex) */
static bool rhs_list(parser *P, eql_node *n, bool paren_required)
{
    uint32_t cap = n->nargs;
    if (P->t.kind == T_LPAREN) {
        next(P);
        do {
            eql_node *x = expr(P);
            if (!x || !push_arg(P, &n->args, &n->nargs, &cap, x)) return false;
        } while (accept(P, T_COMMA));
        return expect(P, T_RPAREN, "',' or ')'");
    }
    if (paren_required) { expected(P, "'(' and a list of values"); return false; }
    eql_node *x = arith(P);
    return x && push_arg(P, &n->args, &n->nargs, &cap, x);
}

static eql_node *binary(parser *P, eql_node_kind k, uint8_t op, eql_node *l, eql_node *r)
{
    if (!l || !r) return NULL;
    eql_node *n = eql_node_new(P->a, k, l->line, l->col, l->len);
    if (!n) return NULL;
    n->op = op;
    n->args = mh_arena_alloc(P->a, 2 * sizeof *n->args);
    if (!n->args) return NULL;
    n->args[0] = l; n->args[1] = r; n->nargs = 2;
    span_to_prev(P, n);
    return n;
}

/* A one-operand node (negation, not) for X, spanning from the operator AT to here. */
static eql_node *prefix(parser *P, eql_node_kind k, const eql_tok *at, eql_node *x)
{
    if (!x) return NULL;
    eql_node *n = mk(P, k, at);
    if (!n) return NULL;
    n->args = mh_arena_alloc(P->a, sizeof *n->args);
    if (!n->args) return NULL;
    n->args[0] = x; n->nargs = 1;
    span_to_prev(P, n);
    return n;
}

/* field -> IDENT | '?' IDENT   (dots are part of the identifier) */
static eql_node *field(parser *P, bool optional)
{
    eql_tok at = P->t;
    if (P->t.kind != T_IDENT) { expected(P, "a field name"); return NULL; }
    eql_node *n = mk(P, N_FIELD, &at);
    if (!n) return NULL;
    n->u.s.p = mh_arena_strndup(P->a, P->t.s, P->t.slen);
    n->u.s.n = P->t.slen;
    n->optional = optional;
    next(P);
    if (P->t.kind == T_LBRACK && P->t.off == P->prev.off + P->prev.len) {
        error_at(P, &P->t, NULL, "%s", "array indexing in field names is not supported");
        return NULL;
    }
    return n;
}

/* call -> IDENT ['~'] '(' [expr (',' expr)*] ')' */
static eql_node *call(parser *P)
{
    eql_tok at = P->t;
    eql_node *n = mk(P, N_CALL, &at);
    if (!n) return NULL;
    n->u.s.p = mh_arena_strndup(P->a, at.s, at.slen);
    n->u.s.n = at.slen;
    next(P);
    if (accept(P, T_TILDE)) n->ci = true;
    if (!expect(P, T_LPAREN, "'('")) return NULL;
    uint32_t cap = 0;
    if (P->t.kind != T_RPAREN) {
        do {
            eql_node *x = expr(P);
            if (!x || !push_arg(P, &n->args, &n->nargs, &cap, x)) return NULL;
        } while (accept(P, T_COMMA));
    }
    if (!expect(P, T_RPAREN, "',' or ')'")) return NULL;
    span_to_prev(P, n);
    return n;
}

/* primary -> literal | field | '?' field | call | '(' expr ')' */
static eql_node *primary(parser *P)
{
    eql_tok at = P->t;
    eql_node *n;
    switch (P->t.kind) {
    case T_INT: n = mk(P, N_INT, &at); if (n) n->u.i = at.i; next(P); return n;
    case T_FLOAT: n = mk(P, N_DBL, &at); if (n) n->u.d = at.d; next(P); return n;
    case T_STRING:
        n = mk(P, N_STR, &at);
        if (n) { n->u.s.p = at.s; n->u.s.n = at.slen; }
        next(P);
        return n;
    case T_TRUE: case T_FALSE:
        n = mk(P, N_BOOL, &at);
        if (n) n->u.b = at.kind == T_TRUE;
        next(P);
        return n;
    case T_NULL: n = mk(P, N_NULL, &at); if (n) n->is_null_lit = true; next(P); return n;
    case T_QUESTION: {
        next(P);
        eql_node *f = field(P, true);
        if (f) { f->col = at.col; f->len++; }
        return f;
    }
    case T_IDENT: {
        /* a call only when '(' or '~(' follows with no space */
        const char *after = P->L.src + at.off + at.len;
        size_t rest = P->L.n - (at.off + at.len);
        if ((rest && after[0] == '(') || (rest > 1 && after[0] == '~' && after[1] == '(')) return call(P);
        return field(P, false);
    }
    case T_LPAREN: {
        next(P);
        eql_node *e = expr(P);
        if (!expect(P, T_RPAREN, "')'")) return NULL;
        return e;
    }
    default:
        expected(P, "a value, a field or a function call");
        return NULL;
    }
}

/* unary -> ('-' | '+') unary | primary */
static eql_node *unary(parser *P)
{
    eql_tok at = P->t;
    if (P->t.kind == T_MINUS || P->t.kind == T_PLUS) {
        bool neg = P->t.kind == T_MINUS;
        next(P);
        if (++P->depth > MAX_DEPTH) { error_at(P, &at, NULL, "%s", "expression nested too deeply"); return NULL; }
        eql_node *x = unary(P);
        P->depth--;
        return neg ? prefix(P, N_NEG, &at, x) : x;
    }
    return primary(P);
}

/* term -> unary (('*' | '/' | '%') unary)* */
static eql_node *term(parser *P)
{
    eql_node *l = unary(P);
    while (l && (P->t.kind == T_STAR || P->t.kind == T_SLASH || P->t.kind == T_PERCENT)) {
        uint8_t op = (uint8_t)P->t.kind;
        next(P);
        l = binary(P, N_ARITH, op, l, unary(P));
    }
    return l;
}

/* True when the current '-' opens a missing-event step ("-[") rather than subtracting. */
static bool minus_opens_step(parser *P)
{
    size_t i = P->t.off + 1;
    while (i < P->L.n && (P->L.src[i] == ' ' || P->L.src[i] == '\t' || P->L.src[i] == '\n' || P->L.src[i] == '\r')) i++;
    return i < P->L.n && P->L.src[i] == '[';
}

/* arith -> term (('+' | '-') term)* */
static eql_node *arith(parser *P)
{
    eql_node *l = term(P);
    while (l && (P->t.kind == T_PLUS || (P->t.kind == T_MINUS && !minus_opens_step(P)))) {
        uint8_t op = (uint8_t)P->t.kind;
        next(P);
        l = binary(P, N_ARITH, op, l, term(P));
    }
    return l;
}

/* predicate -> arith [ cmp arith | ['not'] ('in' | 'in~') list | (':' | '!:') list
 *                    | ('like' | 'like~' | 'regex' | 'regex~') list ] */
static eql_node *predicate(parser *P)
{
    eql_node *l = arith(P);
    if (!l) return NULL;
    eql_tok_kind k = P->t.kind;
    switch (k) {
    case T_EQ: case T_NE: case T_LT: case T_LE: case T_GT: case T_GE:
        next(P);
        return binary(P, N_CMP, (uint8_t)k, l, arith(P));
    case T_ASSIGN: /* the oldest dialect's equality; the checker decides whether to accept it */
        next(P);
        return binary(P, N_CMP, T_ASSIGN, l, arith(P));
    default: break;
    }
    bool negate = false;
    if (k == T_NOT) {
        eql_tok nt = P->t;
        next(P);
        if (P->t.kind != T_IN && P->t.kind != T_IN_CI) {
            error_at(P, &nt, "'in' after 'not'", "%s", "unexpected 'not'");
            return NULL;
        }
        negate = true;
        k = P->t.kind;
    }
    eql_node *n = NULL;
    if (k == T_IN || k == T_IN_CI) {
        n = eql_node_new(P->a, N_IN, l->line, l->col, l->len);
        if (!n) return NULL;
        n->ci = k == T_IN_CI;
        n->negate = negate;
        next(P);
    } else if (k == T_COLON || k == T_NCOLON || k == T_LIKE || k == T_LIKE_CI || k == T_REGEX || k == T_REGEX_CI) {
        n = eql_node_new(P->a, N_MATCH, l->line, l->col, l->len);
        if (!n) return NULL;
        n->op = (uint8_t)(k == T_LIKE_CI ? T_LIKE : k == T_REGEX_CI ? T_REGEX : k == T_NCOLON ? T_COLON : k);
        n->ci = k == T_LIKE_CI || k == T_REGEX_CI || k == T_COLON || k == T_NCOLON;
        n->negate = k == T_NCOLON;
        next(P);
    } else return l;
    uint32_t cap = 1;
    n->args = mh_arena_alloc(P->a, sizeof *n->args);
    if (!n->args) return NULL;
    n->args[0] = l; n->nargs = 1;
    if (!rhs_list(P, n, n->kind == N_IN)) return NULL;
    (void)cap;
    span_to_prev(P, n);
    return n;
}

/* not -> 'not' not | predicate */
static eql_node *notexpr(parser *P)
{
    if (P->t.kind == T_NOT) {
        eql_tok at = P->t;
        next(P);
        if (++P->depth > MAX_DEPTH) { error_at(P, &at, NULL, "%s", "expression nested too deeply"); return NULL; }
        eql_node *x = notexpr(P);
        P->depth--;
        return prefix(P, N_NOT, &at, x);
    }
    return predicate(P);
}

/* and -> not ('and' not)* */
static eql_node *andexpr(parser *P)
{
    eql_node *l = notexpr(P);
    while (l && P->t.kind == T_AND) {
        next(P);
        l = binary(P, N_AND, T_AND, l, notexpr(P));
    }
    return l;
}

/* expr -> and ('or' and)* */
static eql_node *expr(parser *P)
{
    if (++P->depth > MAX_DEPTH) {
        error_at(P, &P->t, NULL, "%s", "expression nested too deeply");
        P->depth--;
        return NULL;
    }
    eql_node *l = andexpr(P);
    while (l && P->t.kind == T_OR) {
        next(P);
        l = binary(P, N_OR, T_OR, l, andexpr(P));
    }
    P->depth--;
    return l;
}

/* Skips tokens until one of the stop kinds (or the end) at bracket depth 0. */
static void sync_to(parser *P, const eql_tok_kind *stops, size_t nstops)
{
    int depth = 0;
    while (P->t.kind != T_EOF) {
        if (depth == 0)
            for (size_t i = 0; i < nstops; i++)
                if (P->t.kind == stops[i]) goto done;
        if (P->t.kind == T_LPAREN || P->t.kind == T_LBRACK) depth++;
        if ((P->t.kind == T_RPAREN || P->t.kind == T_RBRACK) && depth > 0) depth--;
        next(P);
    }
done:
    P->panic = false;
}

/* keys -> expr (',' expr)* */
static bool keys(parser *P, eql_node ***out, uint32_t *n)
{
    uint32_t cap = 0;
    do {
        eql_node *x = expr(P);
        if (!x || !push_arg(P, out, n, &cap, x)) return false;
    } while (accept(P, T_COMMA));
    return true;
}

/* event -> (IDENT | STRING | 'any') 'where' expr */
static bool event_query(parser *P, eql_step *s)
{
    s->line = P->t.line; s->col = P->t.col;
    if (P->t.kind == T_ANY) s->category = NULL;
    else if (P->t.kind == T_IDENT || P->t.kind == T_STRING) {
        s->category = mh_arena_strndup(P->a, P->t.s, P->t.slen);
        s->catlen = P->t.slen;
    } else {
        expected(P, "an event category or 'any'");
        return false;
    }
    next(P);
    if (!expect(P, T_WHERE, "'where'")) return false;
    s->where = expr(P);
    return s->where != NULL;
}

/* int_option -> IDENT '=' INT   (runs=N) */
static bool step_with(parser *P, eql_step *s)
{
    if (!is_word(&P->t, "runs")) { expected(P, "'runs'"); return false; }
    next(P);
    if (!expect(P, T_ASSIGN, "'='")) return false;
    if (P->t.kind != T_INT) { expected(P, "a whole number of runs"); return false; }
    s->runs = P->t.i;
    next(P);
    return true;
}

/* step -> ['!' | '-'] '[' event ']' ['by' keys] ['with' 'runs' '=' INT] */
static bool step(parser *P, eql_step *s)
{
    static const eql_tok_kind stops[] = {T_RBRACK};
    memset(s, 0, sizeof *s);
    s->runs = 1;
    eql_tok at = P->t;
    if (P->t.kind == T_BANG || P->t.kind == T_MINUS) { s->missing = true; next(P); }
    if (!expect(P, T_LBRACK, "'['")) return false;
    bool ok = event_query(P, s);
    if (ok && P->t.kind != T_RBRACK) { expected(P, "']' or an operator"); ok = false; }
    if (!ok) sync_to(P, stops, 1);
    accept(P, T_RBRACK);
    s->line = at.line; s->col = at.col; s->len = (long)(P->prev.off + P->prev.len - at.off);
    if (accept(P, T_BY) && !keys(P, &s->by, &s->nby)) return false;
    if (P->t.kind == T_WITH) {
        next(P);
        if (!step_with(P, s)) return false;
    }
    return ok;
}

static bool push_step(parser *P, eql_step **v, uint32_t *n, uint32_t *cap, const eql_step *s)
{
    if (*n == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 4;
        eql_step *nv = mh_arena_alloc(P->a, nc * sizeof *nv);
        if (!nv) return false;
        if (*n) memcpy(nv, *v, *n * sizeof *nv);
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = *s;
    return true;
}

/* with -> 'with' 'maxspan' '=' DURATION */
static bool maxspan(parser *P, mh_eql_ast *q)
{
    if (!is_word(&P->t, "maxspan")) { expected(P, "'maxspan'"); return false; }
    next(P);
    if (!expect(P, T_ASSIGN, "'='")) return false;
    if (P->t.kind == T_INT && P->t.i == 0) { q->maxspan = 0; next(P); return true; }
    if (P->t.kind != T_DURATION) { expected(P, "a duration such as 30d, 1h, 10s or 500ms"); return false; }
    q->maxspan = P->t.i;
    next(P);
    return true;
}

/* sequence -> 'sequence' ['by' keys] ['with' maxspan] ['by' keys] step step* ['until' step]
 * sample   -> 'sample' ['by' keys] step step* */
static bool multi(parser *P, mh_eql_ast *q)
{
    static const eql_tok_kind stops[] = {T_LBRACK, T_BANG, T_PIPE, T_UNTIL};
    bool seq = P->t.kind == T_SEQUENCE;
    q->kind = seq ? MH_EQL_SEQUENCE : MH_EQL_SAMPLE;
    next(P);
    bool ok = true;
    for (int round = 0; round < 2; round++) {
        if (P->t.kind == T_BY && !q->nby) {
            next(P);
            if (!keys(P, &q->by, &q->nby)) { ok = false; sync_to(P, stops, 4); }
        }
        if (seq && P->t.kind == T_WITH) {
            next(P);
            if (!maxspan(P, q)) { ok = false; sync_to(P, stops, 4); }
        }
    }
    uint32_t cap = 0;
    while (P->t.kind == T_LBRACK || P->t.kind == T_BANG || (P->t.kind == T_MINUS && seq)) {
        eql_step s;
        if (!step(P, &s)) { ok = false; sync_to(P, stops, 4); }
        if (!push_step(P, &q->steps, &q->nsteps, &cap, &s)) return false;
    }
    if (q->nsteps == 0 && ok) { expected(P, "'[' starting a step"); ok = false; }
    if (seq && P->t.kind == T_UNTIL) {
        next(P);
        q->until = mh_arena_zalloc(P->a, sizeof *q->until);
        if (!q->until || !step(P, q->until)) ok = false;
    }
    return ok;
}

/* pipe -> '|' ( ('head' | 'tail') [INT] | 'filter' expr | ('unique' | 'unique_count' | 'sort') keys
 *             | 'count' [keys] ) */
static bool pipes(parser *P, mh_eql_ast *q)
{
    static const eql_tok_kind stops[] = {T_PIPE};
    static const struct { const char *w; eql_pipe_kind k; } names[] = {
        {"head", P_HEAD}, {"tail", P_TAIL}, {"filter", P_FILTER}, {"unique", P_UNIQUE},
        {"unique_count", P_UNIQUE_COUNT}, {"count", P_COUNT}, {"sort", P_SORT},
    };
    uint32_t cap = 0;
    bool ok = true;
    while (accept(P, T_PIPE)) {
        eql_pipe p = {0};
        p.line = P->t.line; p.col = P->t.col; p.len = P->t.len;
        size_t k = 0;
        for (; k < MH_ARRAY_LEN(names); k++)
            if (is_word(&P->t, names[k].w)) break;
        if (k == MH_ARRAY_LEN(names)) {
            expected(P, "a pipe: head, tail, filter, unique, unique_count, count or sort");
            ok = false;
            sync_to(P, stops, 1);
            continue;
        }
        p.kind = names[k].k;
        next(P);
        bool pok = true;
        if (p.kind == P_HEAD || p.kind == P_TAIL) {
            p.n = 10;
            if (P->t.kind == T_INT) { p.n = P->t.i; next(P); }
            else if (P->t.kind == T_MINUS || P->t.kind == T_FLOAT) { expected(P, "a whole number >= 0"); pok = false; }
        } else if (p.kind == P_FILTER) {
            eql_node *x = expr(P);
            if (!x) pok = false;
            else {
                p.args = mh_arena_alloc(P->a, sizeof *p.args);
                if (!p.args) return false;
                p.args[0] = x; p.nargs = 1;
            }
        } else if (p.kind != P_COUNT || (P->t.kind != T_PIPE && P->t.kind != T_EOF)) {
            pok = keys(P, &p.args, &p.nargs);
        }
        if (pok && P->t.kind != T_PIPE && P->t.kind != T_EOF) { expected(P, "'|' or the end of the query"); pok = false; }
        if (!pok) { ok = false; sync_to(P, stops, 1); }
        if (q->npipes == cap) {
            uint32_t nc = cap ? cap * 2 : 4;
            eql_pipe *nv = mh_arena_alloc(P->a, nc * sizeof *nv);
            if (!nv) return false;
            if (q->npipes) memcpy(nv, q->pipes, q->npipes * sizeof *nv);
            q->pipes = nv;
            cap = nc;
        }
        q->pipes[q->npipes++] = p;
    }
    return ok;
}

/* query -> (sequence | sample | event) pipe* EOF */
mh_eql_ast *mh_eql_parse(const char *text, size_t n, mh_arena *a, mh_eql_diags *d)
{
    static const eql_tok_kind stops[] = {T_PIPE};
    parser P = {.a = a, .d = d};
    eql_lex_init(&P.L, text, n, a, d);
    next(&P);
    mh_eql_ast *q = mh_arena_zalloc(a, sizeof *q);
    if (!q) return NULL;
    q->maxspan = -1;
    q->line = P.t.line; q->col = P.t.col;
    if (P.t.kind == T_SEQUENCE || P.t.kind == T_SAMPLE) {
        if (!multi(&P, q)) sync_to(&P, stops, 1);
    } else if (P.t.kind == T_JOIN) {
        error_at(&P, &P.t, "'sequence', 'sample' or an event query", "%s", "'join' is not supported");
        sync_to(&P, stops, 1);
    } else {
        q->kind = MH_EQL_EVENT;
        q->steps = mh_arena_zalloc(a, sizeof *q->steps);
        if (!q->steps) return NULL;
        q->nsteps = 1;
        q->steps[0].runs = 1;
        if (!event_query(&P, &q->steps[0])) sync_to(&P, stops, 1);
        else if (P.t.kind != T_PIPE && P.t.kind != T_EOF) {
            if (P.t.kind == T_OF) error_at(&P, &P.t, NULL, "%s", "'descendant of', 'child of' and 'event of' are not supported");
            else expected(&P, "an operator, '|' or the end of the query");
            sync_to(&P, stops, 1);
        }
    }
    pipes(&P, q);
    if (P.t.kind != T_EOF) expected(&P, "'|' or the end of the query");
    return q;
}
