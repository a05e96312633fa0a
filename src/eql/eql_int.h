/* The EQL module's private header: tokens, the syntax tree, values, the function table and
 * the compiled query. Only src/eql includes it; other modules see mh_eql.h alone. */
#ifndef EQL_INT_H
#define EQL_INT_H

#include "molehunt/mh_eql.h"

/* ---- tokens ---- */

typedef enum {
    T_EOF, T_ERROR, T_IDENT, T_STRING, T_INT, T_FLOAT, T_DURATION,
    T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_COMMA, T_PIPE, T_DOT,
    T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_ASSIGN, T_COLON, T_NCOLON,
    T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PERCENT, T_QUESTION, T_BANG, T_TILDE,
    /* keywords */
    T_AND, T_OR, T_NOT, T_WHERE, T_BY, T_WITH, T_UNTIL, T_SEQUENCE, T_SAMPLE, T_IN,
    T_LIKE, T_REGEX, T_TRUE, T_FALSE, T_NULL, T_ANY, T_OF, T_JOIN, T_IN_CI, T_LIKE_CI, T_REGEX_CI
} eql_tok_kind;

typedef struct eql_tok {
    eql_tok_kind kind;
    uint32_t off, len; /* span in the source */
    long line, col;
    /* decoded values */
    const char *s; size_t slen; /* T_STRING (unescaped), T_IDENT (name, backquotes removed) */
    int64_t i;                  /* T_INT, T_DURATION (ms) */
    double d;                   /* T_FLOAT */
} eql_tok;

typedef struct eql_lexer {
    const char *src;
    size_t n, pos;
    long line, col;
    mh_arena *a;
    mh_eql_diags *d;
} eql_lexer;

void eql_lex_init(eql_lexer *L, const char *src, size_t n, mh_arena *a, mh_eql_diags *d);
/* Next token; errors are recorded and come back as T_ERROR (the lexer then moves on). */
eql_tok eql_lex_next(eql_lexer *L);
const char *eql_tok_name(eql_tok_kind k);

/* ---- diagnostics (diag.c) ---- */

void eql_diag_add(mh_eql_diags *d, long line, long col, long len, const char *expected, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* ---- the tree ---- */

typedef enum {
    N_NULL, N_BOOL, N_INT, N_DBL, N_STR, N_FIELD,
    N_NOT, N_NEG, N_AND, N_OR,
    N_CMP,   /* op: T_EQ T_NE T_LT T_LE T_GT T_GE */
    N_ARITH, /* op: T_PLUS T_MINUS T_STAR T_SLASH T_PERCENT */
    N_IN,    /* args[0] in (args[1..]); ci for in~, negate for not in */
    N_MATCH, /* args[0] op (args[1..]); op: T_COLON (':' wildcard), T_LIKE, T_REGEX; T_NCOLON for !: */
    N_CALL   /* name(args...) */
} eql_node_kind;

typedef struct eql_node eql_node;
struct eql_node {
    uint8_t kind, op;
    bool ci;       /* the ~ form, or case-insensitive by mode */
    bool negate;   /* not in / !: */
    bool optional; /* ?field */
    bool is_null_lit; /* N_NULL written as the literal null */
    long line, col, len;
    union {
        bool b;
        int64_t i;
        double d;
        struct { const char *p; size_t n; } s; /* N_STR; N_FIELD path; N_CALL name */
    } u;
    eql_node **args;
    uint32_t nargs;
    int fn;        /* N_CALL: index in eql_funcs after checking, -1 before */
    void *compiled; /* N_MATCH regex/like: compiled patterns (owned by the query) */
};

typedef struct eql_step {
    const char *category; size_t catlen; /* NULL = any */
    eql_node *where;
    eql_node **by; uint32_t nby;
    int64_t runs;  /* with runs=N, 1 when absent */
    bool missing;  /* ![...] */
    long line, col, len;
} eql_step;

typedef enum { P_HEAD, P_TAIL, P_FILTER, P_UNIQUE, P_UNIQUE_COUNT, P_COUNT, P_SORT } eql_pipe_kind;

typedef struct eql_pipe {
    eql_pipe_kind kind;
    int64_t n;              /* head/tail */
    eql_node **args; uint32_t nargs; /* filter condition, unique/sort/count keys */
    long line, col, len;
} eql_pipe;

struct mh_eql_ast {
    mh_eql_kind kind;
    eql_step *steps; uint32_t nsteps;
    eql_node **by; uint32_t nby;     /* sequence by / sample by */
    int64_t maxspan;                  /* ms, -1 when absent */
    eql_step *until;                 /* NULL when absent */
    eql_pipe *pipes; uint32_t npipes;
    long line, col;
    struct eql_reglist *regs; /* regexes compiled by the checker, freed by eql_release */
};

eql_node *eql_node_new(mh_arena *a, eql_node_kind k, long line, long col, long len);

/* ---- values ---- */

typedef enum { V_NULL, V_BOOL, V_INT, V_DBL, V_STR, V_MULTI } eql_vtype;

typedef struct eql_val {
    eql_vtype t;
    union {
        bool b;
        int64_t i;
        double d;
        struct { const char *p; size_t n; } s;
        const mh_jv *arr; /* V_MULTI: a JSON array field */
    } u;
} eql_val;

static inline eql_val eql_null(void) { eql_val v = {.t = V_NULL}; return v; }
static inline eql_val eql_bool(bool b) { eql_val v = {.t = V_BOOL}; v.u.b = b; return v; }
static inline eql_val eql_int(int64_t i) { eql_val v = {.t = V_INT}; v.u.i = i; return v; }
static inline eql_val eql_dbl(double d) { eql_val v = {.t = V_DBL}; v.u.d = d; return v; }
static inline eql_val eql_str(const char *p, size_t n) { eql_val v = {.t = V_STR}; v.u.s.p = p; v.u.s.n = n; return v; }

/* A JSON value as an EQL value (arrays become V_MULTI, objects null). */
eql_val eql_from_json(const mh_jv *j);
/* The first scalar of a V_MULTI (null when empty); other values unchanged. */
eql_val eql_scalar(eql_val v);
/* Three-way compare of two scalars: -1, 0, 1, or 2 when not comparable. */
int eql_compare(eql_val a, eql_val b, bool ci);
bool eql_ci_eq(const char *a, size_t an, const char *b, size_t bn);
/* Glob match with '*' (any run) and '?' (one char), optionally ignoring ASCII case. */
bool eql_wildcard(const char *pat, size_t pn, const char *s, size_t sn, bool ci);
/* Renders a scalar as text (strings as-is, numbers in their shortest form). */
bool eql_to_text(eql_val v, mh_arena *a, const char **p, size_t *n);
/* Renders a scalar as JSON text into a. */
mh_str eql_to_json(eql_val v, mh_arena *a);

/* ---- evaluation ---- */

typedef struct eql_ctx {
    const mh_jv *doc;
    mh_arena *scratch; /* per event, reset by the matcher */
} eql_ctx;

eql_val eql_eval(const eql_node *n, eql_ctx *c);
/* True only when the condition evaluates to true (null and false are both "no"). */
static inline bool eql_truthy(eql_val v) { return v.t == V_BOOL && v.u.b; }

/* ---- functions (func.c) ---- */

typedef eql_val (*eql_fn_impl)(eql_node *call, eql_val *args, uint32_t n, eql_ctx *c);

typedef struct eql_func {
    const char *name;
    int min_args, max_args; /* -1 = unbounded */
    bool has_ci;            /* accepts the ~ suffix */
    eql_fn_impl impl;
} eql_func;

extern const eql_func eql_funcs[];
int eql_func_find(const char *name, size_t n);

/* ---- checking (check.c) ---- */

/* Checks names, arity and option ranges, applies the case mode, folds constants and
 * compiles patterns. Returns false when it recorded errors. */
bool eql_check(mh_eql_ast *ast, const mh_eql_options *o, mh_arena *a, mh_eql_diags *d);
/* Frees compiled regexes hanging off a checked tree. */
void eql_release(mh_eql_ast *ast);
/* Regex support (pattern.c). */
void *eql_regex_compile(const char *p, size_t n, bool ci, char *err, size_t errn);
bool eql_regex_match(void *re, const char *s, size_t n);
void eql_regex_free(void *re);

/* ---- the compiled query ---- */

struct mh_eql_query {
    mh_arena arena; /* owns the tree, strings and paths */
    mh_eql_ast *ast;
    mh_eql_options opt;
    const char *cat_field; size_t cat_len;
    const char *ts_field; size_t ts_len;
    int64_t head, tail; /* -1 when absent; the only pipes on sequences/samples */
    uint32_t nkeys;     /* join keys per step (sequence by + per-step by) */
    uint32_t nstages;   /* steps after runs= expansion */
    eql_step **stages;  /* expanded steps */
    bool has_missing;
};

/* True when EV's category matches the step's (any matches everything). */
bool eql_category_match(const mh_eql_query *q, const eql_step *s, const mh_jv *doc);

#endif
