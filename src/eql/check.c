/* The checker: the stage between the syntax tree and the compiled query. It resolves
 * function names and arity, rejects what Elasticsearch rejects (a `~` on a function that
 * has no such form, a pattern that is not a constant string, a missing-event step where
 * one cannot be decided, mismatched join keys), applies the case mode to every string
 * comparison, compiles regexes once, and folds constant subexpressions so that
 * `1 + 2 == serial_event_id` costs one comparison per event. Like the parser it records
 * every problem and keeps going. */
#include "eql_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct eql_reglist {
    void *re;
    struct eql_reglist *next;
};

typedef struct checker {
    mh_eql_ast *ast;
    const mh_eql_options *o;
    mh_arena *a;
    mh_eql_diags *d;
    bool ok;
} checker;

static void err(checker *C, const eql_node *n, const char *expected, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void err(checker *C, const eql_node *n, const char *expected, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    C->ok = false;
    eql_diag_add(C->d, n->line, n->col, n->len, expected, "%s", msg);
}

static bool is_const(const eql_node *n)
{
    return n->kind == N_NULL || n->kind == N_BOOL || n->kind == N_INT || n->kind == N_DBL || n->kind == N_STR;
}

static bool add_regex(checker *C, eql_node *n, uint32_t i, bool ci)
{
    eql_node *p = n->args[i];
    if (p->kind != N_STR) {
        err(C, p, "a string literal", "%s", "a regular expression must be a constant string");
        return false;
    }
    if (!n->compiled) {
        n->compiled = mh_arena_zalloc(C->a, n->nargs * sizeof(void *));
        if (!n->compiled) return false;
    }
    char msg[300];
    void *re = eql_regex_compile(p->u.s.p, p->u.s.n, ci, msg, sizeof msg);
    if (!re) {
        C->ok = false;
        eql_diag_add(C->d, p->line, p->col, p->len, NULL, "invalid regular expression: %s", msg);
        return false;
    }
    struct eql_reglist *r = mh_arena_alloc(C->a, sizeof *r);
    if (!r) { eql_regex_free(re); return false; }
    r->re = re;
    r->next = C->ast->regs;
    C->ast->regs = r;
    ((void **)n->compiled)[i] = re;
    return true;
}

/* Replaces n by the literal it evaluates to when all its operands are constants. */
static void fold(checker *C, eql_node *n)
{
    if (n->kind == N_FIELD || is_const(n) || n->compiled) return;
    for (uint32_t i = 0; i < n->nargs; i++)
        if (!is_const(n->args[i])) return;
    eql_ctx ctx = {.doc = NULL, .scratch = C->a};
    eql_val v = eql_scalar(eql_eval(n, &ctx));
    eql_node_kind k;
    switch (v.t) {
    case V_BOOL: k = N_BOOL; n->u.b = v.u.b; break;
    case V_INT: k = N_INT; n->u.i = v.u.i; break;
    case V_DBL: k = N_DBL; n->u.d = v.u.d; break;
    case V_STR: {
        k = N_STR;
        char *s = mh_arena_strndup(C->a, v.u.s.p, v.u.s.n);
        if (!s) return;
        n->u.s.p = s; n->u.s.n = v.u.s.n;
        break;
    }
    default: k = N_NULL; n->is_null_lit = true; break;
    }
    n->kind = (uint8_t)k;
    n->nargs = 0;
    n->args = NULL;
}

static void check_node(checker *C, eql_node *n);

static void check_call(checker *C, eql_node *n)
{
    int fn = eql_func_find(n->u.s.p, n->u.s.n);
    if (fn < 0) {
        /* a near miss in case only is the common mistake: say so */
        for (int i = 0; eql_funcs[i].name; i++)
            if (strlen(eql_funcs[i].name) == n->u.s.n && strncasecmp(eql_funcs[i].name, n->u.s.p, n->u.s.n) == 0) {
                err(C, n, eql_funcs[i].name, "unknown function '%s'", n->u.s.p);
                return;
            }
        err(C, n, "one of add, between, cidrMatch, concat, divide, endsWith, indexOf, length, modulo, "
                  "multiply, number, startsWith, string, stringContains, substring, subtract",
            "unknown function '%s'", n->u.s.p);
        return;
    }
    const eql_func *f = &eql_funcs[fn];
    if ((int)n->nargs < f->min_args || (f->max_args >= 0 && (int)n->nargs > f->max_args)) {
        char exp[64];
        if (f->max_args < 0) snprintf(exp, sizeof exp, "at least %d arguments", f->min_args);
        else if (f->min_args == f->max_args) snprintf(exp, sizeof exp, "%d argument%s", f->min_args, f->min_args == 1 ? "" : "s");
        else snprintf(exp, sizeof exp, "%d to %d arguments", f->min_args, f->max_args);
        err(C, n, exp, "wrong number of arguments to '%s'", f->name);
        return;
    }
    if (n->ci && !f->has_ci) { err(C, n, "the function without '~'", "'%s' has no case-insensitive form", f->name); return; }
    if (f->has_ci && C->o->case_mode == MH_EQL_CASE_INSENSITIVE) n->ci = true;
    n->fn = fn;
    if (f->impl && (strcmp(f->name, "match") == 0 || strcmp(f->name, "matchLite") == 0))
        for (uint32_t i = 1; i < n->nargs; i++) add_regex(C, n, i, n->ci);
    if (strcmp(f->name, "cidrMatch") == 0)
        for (uint32_t i = 1; i < n->nargs; i++)
            if (n->args[i]->kind != N_STR) err(C, n->args[i], "a CIDR string such as \"10.0.0.0/8\"", "%s", "cidrMatch needs constant CIDR blocks");
}

static void check_node(checker *C, eql_node *n)
{
    for (uint32_t i = 0; i < n->nargs; i++) check_node(C, n->args[i]);
    switch ((eql_node_kind)n->kind) {
    case N_CALL: check_call(C, n); break;
    case N_CMP:
        n->ci = C->o->case_mode == MH_EQL_CASE_INSENSITIVE;
        if (n->op == T_ASSIGN) {
            if (C->o->case_mode == MH_EQL_CASE_DEFAULT) err(C, n, "'==' or ':'", "'=' is not a comparison");
            n->op = T_EQ; /* the 2020 modes accept the original language's '=' */
        }
        break;
    case N_IN:
        if (C->o->case_mode == MH_EQL_CASE_INSENSITIVE) n->ci = true;
        break;
    case N_MATCH:
        if (n->op == T_COLON && C->o->case_mode == MH_EQL_CASE_SENSITIVE) n->ci = false;
        if (n->op == T_REGEX)
            for (uint32_t i = 1; i < n->nargs; i++) add_regex(C, n, i, n->ci);
        if (n->op == T_LIKE)
            for (uint32_t i = 1; i < n->nargs; i++)
                if (n->args[i]->kind != N_STR) err(C, n->args[i], "a string literal", "%s", "a like pattern must be a constant string");
        break;
    case N_ARITH:
        for (uint32_t i = 0; i < n->nargs; i++)
            if (n->args[i]->kind == N_STR || n->args[i]->kind == N_BOOL)
                err(C, n->args[i], "a number", "%s", "arithmetic needs numbers");
        break;
    default: break;
    }
    if (C->ok) fold(C, n);
}

static void check_cond(checker *C, eql_node *w)
{
    if (!w) return;
    check_node(C, w);
    if (w->kind == N_INT || w->kind == N_DBL || w->kind == N_STR)
        err(C, w, "a condition (true, false or a comparison)", "%s", "the condition is not a boolean");
}

static void check_step(checker *C, eql_step *s)
{
    check_cond(C, s->where);
    for (uint32_t i = 0; i < s->nby; i++) {
        check_node(C, s->by[i]);
        if (is_const(s->by[i])) err(C, s->by[i], "a field", "%s", "a join key must not be a constant");
    }
    if (s->runs < 1 || s->runs > 100) {
        eql_diag_add(C->d, s->line, s->col, s->len, "a number from 1 to 100", "runs=%lld is out of range", (long long)s->runs);
        C->ok = false;
    }
}

static void check_query(checker *C, mh_eql_ast *q)
{
    for (uint32_t i = 0; i < q->nby; i++) {
        check_node(C, q->by[i]);
        if (is_const(q->by[i])) err(C, q->by[i], "a field", "%s", "a join key must not be a constant");
    }
    uint32_t stages = 0, positive = 0;
    for (uint32_t i = 0; i < q->nsteps; i++) {
        eql_step *s = &q->steps[i];
        check_step(C, s);
        stages += (uint32_t)(s->runs > 0 && s->runs <= 100 ? s->runs : 1);
        if (!s->missing) positive++;
        if (i > 0 && s->nby != q->steps[0].nby) {
            eql_diag_add(C->d, s->line, s->col, s->len, NULL,
                         "this step has %u join key%s but the first has %u", s->nby, s->nby == 1 ? "" : "s", q->steps[0].nby);
            C->ok = false;
        }
        if (s->missing && q->kind != MH_EQL_SEQUENCE) {
            eql_diag_add(C->d, s->line, s->col, s->len, NULL, "missing-event steps exist only in sequences");
            C->ok = false;
        }
    }
    if (q->until) {
        check_step(C, q->until);
        if (q->until->missing) {
            eql_diag_add(C->d, q->until->line, q->until->col, q->until->len, NULL, "an until step cannot be a missing event");
            C->ok = false;
        }
        if (q->until->nby != (q->nsteps ? q->steps[0].nby : 0)) {
            eql_diag_add(C->d, q->until->line, q->until->col, q->until->len, NULL, "the until step must have as many join keys as the others");
            C->ok = false;
        }
    }
    if (q->kind == MH_EQL_SEQUENCE && C->ok) {
        if (stages < 2) {
            eql_diag_add(C->d, q->line, q->col, 8, "at least two steps", "a sequence needs at least two steps");
            C->ok = false;
        }
        if (positive == 0) {
            eql_diag_add(C->d, q->line, q->col, 8, NULL, "a sequence needs at least one step that is not a missing event");
            C->ok = false;
        }
        if (q->nsteps && (q->steps[0].missing || q->steps[q->nsteps - 1].missing) && q->maxspan <= 0) {
            eql_step *s = q->steps[0].missing ? &q->steps[0] : &q->steps[q->nsteps - 1];
            eql_diag_add(C->d, s->line, s->col, s->len, "'with maxspan=...'",
                         "a leading or trailing missing-event step needs a maxspan to close its window");
            C->ok = false;
        }
        if (q->maxspan == 0) {
            eql_diag_add(C->d, q->line, q->col, 8, "a positive duration", "maxspan must be greater than zero");
            C->ok = false;
        }
    }
    for (uint32_t i = 0; i < q->npipes; i++) {
        eql_pipe *p = &q->pipes[i];
        if ((p->kind == P_HEAD || p->kind == P_TAIL) && p->n < 0) {
            eql_diag_add(C->d, p->line, p->col, p->len, "a whole number >= 0", "negative %s", p->kind == P_HEAD ? "head" : "tail");
            C->ok = false;
        }
        if (q->kind != MH_EQL_EVENT && p->kind != P_HEAD && p->kind != P_TAIL) {
            eql_diag_add(C->d, p->line, p->col, p->len, "head or tail", "only head and tail pipes apply to %s",
                         q->kind == MH_EQL_SEQUENCE ? "sequences" : "samples");
            C->ok = false;
        }
        if (p->kind == P_COUNT || p->kind == P_UNIQUE_COUNT) {
            eql_diag_add(C->d, p->line, p->col, p->len, "head, tail, filter, unique or sort",
                         "the %s pipe is not supported", p->kind == P_COUNT ? "count" : "unique_count");
            C->ok = false;
        }
        if (p->kind == P_FILTER) check_cond(C, p->args[0]);
        else
            for (uint32_t k = 0; k < p->nargs; k++) check_node(C, p->args[k]);
    }
}

bool eql_check(mh_eql_ast *ast, const mh_eql_options *o, mh_arena *a, mh_eql_diags *d)
{
    checker C = {.ast = ast, .o = o, .a = a, .d = d, .ok = true};
    check_query(&C, ast);
    return C.ok;
}

void eql_release(mh_eql_ast *ast)
{
    if (!ast) return;
    for (struct eql_reglist *r = ast->regs; r; r = r->next) eql_regex_free(r->re);
    ast->regs = NULL;
}
