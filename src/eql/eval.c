/* Evaluating a checked expression against one event. Three-valued logic as Elasticsearch
 * defines it: a comparison with null is null, `x == null` asks whether x is null, `and`,
 * `or` and `not` propagate null, and a where clause holds only when it is true. A field
 * holding an array matches a comparison when any of its elements does. */
#include "eql_int.h"

#include <limits.h>
#include <math.h>
#include <string.h>

static bool is_null(eql_val v) { return v.t == V_NULL; }

/* Comparison of one scalar against another: 1 true, 0 false, -1 null. */
static int cmp_one(uint8_t op, eql_val a, eql_val b, bool ci)
{
    if (is_null(a) || is_null(b)) return -1;
    int c = eql_compare(a, b, ci);
    if (c == 2) return op == T_NE ? 1 : op == T_EQ ? 0 : -1;
    switch (op) {
    case T_EQ: return c == 0;
    case T_NE: return c != 0;
    case T_LT: return c < 0;
    case T_LE: return c <= 0;
    case T_GT: return c > 0;
    default: return c >= 0;
    }
}

static eql_val tri(int r) { return r < 0 ? eql_null() : eql_bool(r == 1); }

/* Any-element semantics for arrays on either side; != holds when no element is equal. */
static int cmp_multi(uint8_t op, eql_val a, eql_val b, bool ci)
{
    if (a.t != V_MULTI && b.t != V_MULTI) return cmp_one(op, a, b, ci);
    if (op == T_NE) {
        int r = cmp_multi(T_EQ, a, b, ci);
        return r < 0 ? r : !r;
    }
    const mh_jv *arr = a.t == V_MULTI ? a.u.arr : b.u.arr;
    int res = -1;
    for (uint32_t i = 0; i < arr->len; i++) {
        eql_val e = eql_from_json(&arr->u.items[i]);
        int r = a.t == V_MULTI ? cmp_multi(op, e, b, ci) : cmp_multi(op, a, e, ci);
        if (r == 1) return 1;
        if (r == 0) res = 0;
    }
    return res;
}

static eql_val eval_cmp(const eql_node *n, eql_ctx *c)
{
    const eql_node *l = n->args[0], *r = n->args[1];
    if (r->is_null_lit || l->is_null_lit) {
        eql_val v = eql_eval(r->is_null_lit ? l : r, c);
        if (n->op == T_EQ) return eql_bool(is_null(v));
        if (n->op == T_NE) return eql_bool(!is_null(v));
        return eql_null();
    }
    eql_val a = eql_eval(l, c);
    eql_val b = eql_eval(r, c);
    /* an absent optional field (?x) stands for the literal null: x == null asks "is null" */
    bool la = is_null(a) && l->optional, rb = is_null(b) && r->optional;
    if ((la || rb) && (n->op == T_EQ || n->op == T_NE)) {
        bool other_null = la ? is_null(b) : is_null(a);
        return eql_bool(n->op == T_EQ ? other_null : !other_null);
    }
    if (is_null(a)) return eql_null();
    return tri(cmp_multi(n->op, a, b, n->ci));
}

static eql_val arith(uint8_t op, eql_val a, eql_val b)
{
    a = eql_scalar(a);
    b = eql_scalar(b);
    if ((a.t != V_INT && a.t != V_DBL) || (b.t != V_INT && b.t != V_DBL)) return eql_null();
    if (a.t == V_INT && b.t == V_INT) {
        int64_t x = a.u.i, y = b.u.i, r;
        switch (op) {
        case T_PLUS: if (__builtin_add_overflow(x, y, &r)) return eql_null(); return eql_int(r);
        case T_MINUS: if (__builtin_sub_overflow(x, y, &r)) return eql_null(); return eql_int(r);
        case T_STAR: if (__builtin_mul_overflow(x, y, &r)) return eql_null(); return eql_int(r);
        case T_SLASH: if (y == 0 || (x == INT64_MIN && y == -1)) return eql_null(); return eql_int(x / y);
        default: if (y == 0 || (x == INT64_MIN && y == -1)) return eql_null(); return eql_int(x % y);
        }
    }
    double x = a.t == V_INT ? (double)a.u.i : a.u.d, y = b.t == V_INT ? (double)b.u.i : b.u.d;
    switch (op) {
    case T_PLUS: return eql_dbl(x + y);
    case T_MINUS: return eql_dbl(x - y);
    case T_STAR: return eql_dbl(x * y);
    case T_SLASH: if (y == 0) return eql_null(); return eql_dbl(x / y);
    default: if (y == 0) return eql_null(); return eql_dbl(fmod(x, y));
    }
}

eql_val eql_arith(uint8_t op, eql_val a, eql_val b);
eql_val eql_arith(uint8_t op, eql_val a, eql_val b) { return arith(op, a, b); }

/* One pattern against one scalar for ':', like and regex: 1, 0 or -1 (null). */
static int match_one(const eql_node *n, uint32_t i, eql_val v, eql_val p)
{
    if (n->op == T_REGEX) {
        void **res = n->compiled;
        if (v.t != V_STR || !res || !res[i]) return -1;
        return eql_regex_match(res[i], v.u.s.p, v.u.s.n);
    }
    if (p.t == V_STR && v.t == V_STR) return eql_wildcard(p.u.s.p, p.u.s.n, v.u.s.p, v.u.s.n, n->ci);
    return cmp_one(T_EQ, v, p, n->ci);
}

static int match_any(const eql_node *n, eql_val v, eql_ctx *c)
{
    int res = 0;
    for (uint32_t i = 1; i < n->nargs; i++) {
        eql_val p = eql_eval(n->args[i], c);
        int r;
        if (v.t == V_MULTI) {
            r = 0;
            for (uint32_t k = 0; k < v.u.arr->len && r != 1; k++) {
                int e = match_one(n, i, eql_from_json(&v.u.arr->u.items[k]), p);
                if (e == 1 || r == 0) r = e;
            }
        } else r = match_one(n, i, v, p);
        if (r == 1) return 1;
        if (r < 0) res = -1;
    }
    return res;
}

static eql_val eval_match(const eql_node *n, eql_ctx *c)
{
    /* x : null (2020): a null test */
    if (n->op == T_COLON && n->nargs == 2 && (n->args[1]->is_null_lit || n->args[0]->is_null_lit)) {
        eql_val v = eql_eval(n->args[1]->is_null_lit ? n->args[0] : n->args[1], c);
        return eql_bool(is_null(v) != n->negate);
    }
    eql_val v = eql_eval(n->args[0], c);
    if (is_null(v)) return eql_null();
    int r = match_any(n, v, c);
    if (r < 0) return eql_null();
    return eql_bool((r == 1) != n->negate);
}

static eql_val eval_in(const eql_node *n, eql_ctx *c)
{
    eql_val v = eql_eval(n->args[0], c);
    if (is_null(v)) return eql_null();
    int res = 0;
    for (uint32_t i = 1; i < n->nargs; i++) {
        int r = cmp_multi(T_EQ, v, eql_eval(n->args[i], c), n->ci);
        if (r == 1) { res = 1; break; }
    }
    return eql_bool((res == 1) != n->negate);
}

eql_val eql_eval(const eql_node *n, eql_ctx *c)
{
    switch ((eql_node_kind)n->kind) {
    case N_NULL: return eql_null();
    case N_BOOL: return eql_bool(n->u.b);
    case N_INT: return eql_int(n->u.i);
    case N_DBL: return eql_dbl(n->u.d);
    case N_STR: return eql_str(n->u.s.p, n->u.s.n);
    case N_FIELD: return eql_from_json(mh_json_get_path(c->doc, n->u.s.p, n->u.s.n));
    case N_NOT: {
        eql_val v = eql_scalar(eql_eval(n->args[0], c));
        return v.t == V_BOOL ? eql_bool(!v.u.b) : eql_null();
    }
    case N_NEG: {
        eql_val v = eql_scalar(eql_eval(n->args[0], c));
        if (v.t == V_INT && v.u.i != INT64_MIN) return eql_int(-v.u.i);
        if (v.t == V_DBL) return eql_dbl(-v.u.d);
        return eql_null();
    }
    case N_AND: {
        eql_val a = eql_scalar(eql_eval(n->args[0], c));
        if (a.t == V_BOOL && !a.u.b) return a;
        eql_val b = eql_scalar(eql_eval(n->args[1], c));
        if (b.t == V_BOOL && !b.u.b) return b;
        if (a.t != V_BOOL || b.t != V_BOOL) return eql_null();
        return eql_bool(true);
    }
    case N_OR: {
        eql_val a = eql_scalar(eql_eval(n->args[0], c));
        if (a.t == V_BOOL && a.u.b) return a;
        eql_val b = eql_scalar(eql_eval(n->args[1], c));
        if (b.t == V_BOOL && b.u.b) return b;
        if (a.t != V_BOOL || b.t != V_BOOL) return eql_null();
        return eql_bool(false);
    }
    case N_CMP: return eval_cmp(n, c);
    case N_ARITH: return arith(n->op, eql_eval(n->args[0], c), eql_eval(n->args[1], c));
    case N_IN: return eval_in(n, c);
    case N_MATCH: return eval_match(n, c);
    case N_CALL: {
        eql_val argv[16];
        eql_val *args = argv;
        if (n->nargs > 16) {
            args = mh_arena_alloc(c->scratch, n->nargs * sizeof *args);
            if (!args) return eql_null();
        }
        for (uint32_t i = 0; i < n->nargs; i++) args[i] = eql_eval(n->args[i], c);
        if (n->fn < 0) return eql_null();
        return eql_funcs[n->fn].impl((eql_node *)n, args, n->nargs, c);
    }
    }
    return eql_null();
}
