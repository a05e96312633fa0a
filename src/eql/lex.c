/* The EQL tokenizer: turns query text into tokens with their line and column, decoding
 * strings (escapes, """raw""" and the 2020 ?"raw" form), numbers and durations (30d,
 * 500ms). Keywords are matched without regard to case. Comments (// and block) are
 * skipped. A bad character or string is recorded as a diagnostic and returned as
 * T_ERROR, so the parser can go on and report later mistakes too. */
#include "eql_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void eql_lex_init(eql_lexer *L, const char *src, size_t n, mh_arena *a, mh_eql_diags *d)
{
    L->src = src; L->n = n; L->pos = 0; L->line = 1; L->col = 1; L->a = a; L->d = d;
}

static const struct { const char *w; eql_tok_kind k; } keywords[] = {
    {"and", T_AND}, {"or", T_OR}, {"not", T_NOT}, {"where", T_WHERE}, {"by", T_BY},
    {"with", T_WITH}, {"until", T_UNTIL}, {"sequence", T_SEQUENCE}, {"sample", T_SAMPLE},
    {"in", T_IN}, {"like", T_LIKE}, {"regex", T_REGEX}, {"true", T_TRUE}, {"false", T_FALSE},
    {"null", T_NULL}, {"any", T_ANY}, {"of", T_OF}, {"join", T_JOIN},
};

const char *eql_tok_name(eql_tok_kind k)
{
    static const char *names[] = {
        "end of query", "invalid token", "identifier", "string", "integer", "number", "duration",
        "'('", "')'", "'['", "']'", "','", "'|'", "'.'",
        "'=='", "'!='", "'<'", "'<='", "'>'", "'>='", "'='", "':'", "'!:'",
        "'+'", "'-'", "'*'", "'/'", "'%'", "'?'", "'!'", "'~'",
        "'and'", "'or'", "'not'", "'where'", "'by'", "'with'", "'until'", "'sequence'", "'sample'", "'in'",
        "'like'", "'regex'", "'true'", "'false'", "'null'", "'any'", "'of'", "'join'", "'in~'", "'like~'", "'regex~'",
    };
    return (size_t)k < MH_ARRAY_LEN(names) ? names[k] : "token";
}

static char peek(eql_lexer *L, size_t k) { return L->pos + k < L->n ? L->src[L->pos + k] : '\0'; }

static void adv(eql_lexer *L, size_t k)
{
    while (k-- && L->pos < L->n) {
        unsigned char c = (unsigned char)L->src[L->pos++];
        if (c == '\n') { L->line++; L->col = 1; }
        else if ((c & 0xC0) != 0x80) L->col++; /* count code points, not bytes */
    }
}

static bool ident_start(char c) { return isalpha((unsigned char)c) || c == '_' || c == '@' || (unsigned char)c >= 0x80; }
static bool ident_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '@' || (unsigned char)c >= 0x80; }

static void skip_space(eql_lexer *L)
{
    for (;;) {
        char c = peek(L, 0);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') { adv(L, 1); continue; }
        if (c == '/' && peek(L, 1) == '/') {
            while (L->pos < L->n && peek(L, 0) != '\n') adv(L, 1);
            continue;
        }
        if (c == '/' && peek(L, 1) == '*') {
            long line = L->line, col = L->col;
            adv(L, 2);
            while (L->pos < L->n && !(peek(L, 0) == '*' && peek(L, 1) == '/')) adv(L, 1);
            if (L->pos >= L->n) { eql_diag_add(L->d, line, col, 2, "'*/'", "unterminated comment"); return; }
            adv(L, 2);
            continue;
        }
        return;
    }
}

/* string -> '"' (char | escape)* '"' ; escape -> \" \\ \n \r \t \b \f \' \/ \u{hex+} \uHHHH (four hex digits) */
static bool lex_string(eql_lexer *L, eql_tok *t, char quote)
{
    long line = L->line, col = L->col;
    adv(L, 1);
    char *out = mh_arena_alloc(L->a, L->n - L->pos + 1);
    if (!out) return false;
    size_t o = 0;
    bool ok = true;
    for (;;) {
        if (L->pos >= L->n || peek(L, 0) == '\n') {
            eql_diag_add(L->d, line, col, 1, quote == '"' ? "'\"'" : "\"'\"", "unterminated string");
            return false;
        }
        char c = peek(L, 0);
        if (c == quote) { adv(L, 1); break; }
        if (c != '\\') { out[o++] = c; adv(L, 1); continue; }
        long ecol = L->col;
        char e = peek(L, 1);
        adv(L, 2);
        switch (e) {
        case '"': out[o++] = '"'; break;
        case '\'': out[o++] = '\''; break;
        case '\\': out[o++] = '\\'; break;
        case '/': out[o++] = '/'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'u': {
            unsigned cp = 0;
            int digits = 0;
            bool brace = peek(L, 0) == '{';
            if (brace) adv(L, 1);
            while ((brace ? digits < 8 : digits < 4) && mh_hex_digit(peek(L, 0)) >= 0) {
                cp = cp * 16 + (unsigned)mh_hex_digit(peek(L, 0));
                adv(L, 1);
                digits++;
            }
            if (brace && peek(L, 0) == '}') adv(L, 1);
            else if (brace) digits = 0;
            if (digits == 0 || (!brace && digits != 4) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                eql_diag_add(L->d, line, ecol, 2, "\\u{hex digits}", "invalid unicode escape");
                ok = false;
                break;
            }
            o += mh_utf8_put(out + o, cp);
            break;
        }
        default:
            eql_diag_add(L->d, L->line, ecol, 2, "one of \\\" \\\\ \\n \\r \\t \\u{...}",
                         "unknown escape sequence '\\%c'", e ? e : ' ');
            ok = false;
        }
    }
    out[o] = '\0';
    t->kind = T_STRING; t->s = out; t->slen = o;
    return ok;
}

/* raw -> '"""' any* '"""' | '?"' any* '"' */
static bool lex_raw(eql_lexer *L, eql_tok *t, const char *close, size_t cl, size_t open)
{
    long line = L->line, col = L->col;
    adv(L, open);
    size_t start = L->pos;
    while (L->pos < L->n && !(L->n - L->pos >= cl && memcmp(L->src + L->pos, close, cl) == 0)) adv(L, 1);
    if (L->pos >= L->n) { eql_diag_add(L->d, line, col, (long)open, close, "unterminated raw string"); return false; }
    t->kind = T_STRING;
    t->s = mh_arena_strndup(L->a, L->src + start, L->pos - start);
    t->slen = L->pos - start;
    adv(L, cl);
    return t->s != NULL;
}

static bool lex_number(eql_lexer *L, eql_tok *t)
{
    size_t start = L->pos;
    bool isf = false;
    while (isdigit((unsigned char)peek(L, 0))) adv(L, 1);
    if (peek(L, 0) == '.' && isdigit((unsigned char)peek(L, 1))) {
        isf = true;
        adv(L, 1);
        while (isdigit((unsigned char)peek(L, 0))) adv(L, 1);
    }
    if ((peek(L, 0) == 'e' || peek(L, 0) == 'E') &&
        (isdigit((unsigned char)peek(L, 1)) || ((peek(L, 1) == '+' || peek(L, 1) == '-') && isdigit((unsigned char)peek(L, 2))))) {
        isf = true;
        adv(L, 2);
        while (isdigit((unsigned char)peek(L, 0))) adv(L, 1);
    }
    char buf[64];
    size_t len = L->pos - start;
    if (len >= sizeof buf) len = sizeof buf - 1;
    memcpy(buf, L->src + start, len);
    buf[len] = '\0';
    /* a duration: digits immediately followed by a unit */
    if (!isf && ident_start(peek(L, 0))) {
        size_t us = L->pos;
        while (ident_char(peek(L, 0))) adv(L, 1);
        size_t ul = L->pos - us;
        const char *u = L->src + us;
        int64_t mult = 0;
        if (ul == 2 && memcmp(u, "ms", 2) == 0) mult = 1;
        else if (ul == 1 && u[0] == 's') mult = 1000;
        else if (ul == 1 && u[0] == 'm') mult = 60000;
        else if (ul == 1 && u[0] == 'h') mult = 3600000;
        else if (ul == 1 && u[0] == 'd') mult = 86400000;
        errno = 0;
        long long v = strtoll(buf, NULL, 10);
        if (!mult) {
            eql_diag_add(L->d, L->line, L->col - (long)ul, (long)ul, "a time unit: ms, s, m, h or d",
                         "unknown time unit '%.*s'", (int)ul, u);
            return false;
        }
        if (errno || v > INT64_MAX / mult) {
            eql_diag_add(L->d, L->line, L->col - (long)(L->pos - start), (long)(L->pos - start), NULL, "duration too large");
            return false;
        }
        t->kind = T_DURATION;
        t->i = v * mult;
        return true;
    }
    errno = 0;
    if (!isf) {
        long long v = strtoll(buf, NULL, 10);
        if (errno == 0) { t->kind = T_INT; t->i = v; return true; }
    }
    t->kind = T_FLOAT;
    t->d = strtod(buf, NULL);
    return true;
}

eql_tok eql_lex_next(eql_lexer *L)
{
    skip_space(L);
    eql_tok t = {0};
    t.off = (uint32_t)L->pos; t.line = L->line; t.col = L->col;
    bool ok = true;
    char c = peek(L, 0), c1 = peek(L, 1);
    if (L->pos >= L->n) { t.kind = T_EOF; return t; }
    if (c == '"' && c1 == '"' && peek(L, 2) == '"') ok = lex_raw(L, &t, "\"\"\"", 3, 3);
    else if (c == '?' && c1 == '"') ok = lex_raw(L, &t, "\"", 1, 2);
    else if (c == '?' && c1 == '\'') ok = lex_raw(L, &t, "'", 1, 2);
    else if (c == '"' || c == '\'') ok = lex_string(L, &t, c);
    else if (isdigit((unsigned char)c)) ok = lex_number(L, &t);
    else if (ident_start(c)) {
        size_t start = L->pos;
        while (ident_char(peek(L, 0)) || (peek(L, 0) == '.' && ident_start(peek(L, 1))) ||
               (peek(L, 0) == '.' && isdigit((unsigned char)peek(L, 1)) && L->pos > start))
            adv(L, 1);
        size_t len = L->pos - start;
        t.kind = T_IDENT;
        t.s = L->src + start; t.slen = len;
        for (size_t k = 0; k < MH_ARRAY_LEN(keywords); k++) {
            if (strlen(keywords[k].w) == len && strncasecmp(keywords[k].w, L->src + start, len) == 0) {
                t.kind = keywords[k].k;
                break;
            }
        }
        if (peek(L, 0) == '~' && (t.kind == T_IN || t.kind == T_LIKE || t.kind == T_REGEX)) {
            adv(L, 1);
            t.kind = t.kind == T_IN ? T_IN_CI : t.kind == T_LIKE ? T_LIKE_CI : T_REGEX_CI;
        }
    } else if (c == '`') {
        long line = L->line, col = L->col;
        adv(L, 1);
        size_t start = L->pos;
        while (L->pos < L->n && peek(L, 0) != '`' && peek(L, 0) != '\n') adv(L, 1);
        if (peek(L, 0) != '`') { eql_diag_add(L->d, line, col, 1, "'`'", "unterminated quoted field name"); ok = false; }
        else {
            t.kind = T_IDENT; t.s = L->src + start; t.slen = L->pos - start;
            adv(L, 1);
        }
    } else {
        eql_tok_kind k = T_ERROR;
        size_t len = 1;
        switch (c) {
        case '(': k = T_LPAREN; break;
        case ')': k = T_RPAREN; break;
        case '[': k = T_LBRACK; break;
        case ']': k = T_RBRACK; break;
        case ',': k = T_COMMA; break;
        case '|': k = T_PIPE; break;
        case '.': k = T_DOT; break;
        case '+': k = T_PLUS; break;
        case '-': k = T_MINUS; break;
        case '*': k = T_STAR; break;
        case '/': k = T_SLASH; break;
        case '%': k = T_PERCENT; break;
        case '?': k = T_QUESTION; break;
        case '~': k = T_TILDE; break;
        case ':': k = T_COLON; break;
        case '=': if (c1 == '=') { k = T_EQ; len = 2; } else k = T_ASSIGN; break;
        case '!':
            if (c1 == '=') { k = T_NE; len = 2; }
            else if (c1 == ':') { k = T_NCOLON; len = 2; }
            else k = T_BANG;
            break;
        case '<': if (c1 == '=') { k = T_LE; len = 2; } else k = T_LT; break;
        case '>': if (c1 == '=') { k = T_GE; len = 2; } else k = T_GT; break;
        default: break;
        }
        if (k == T_ERROR) {
            size_t cl = 1;
            while (L->pos + cl < L->n && ((unsigned char)L->src[L->pos + cl] & 0xC0) == 0x80) cl++;
            eql_diag_add(L->d, L->line, L->col, 1, NULL, "unexpected character '%.*s'", (int)cl, L->src + L->pos);
            adv(L, cl);
            ok = false;
        } else {
            t.kind = k;
            adv(L, len);
        }
    }
    t.len = (uint32_t)(L->pos - t.off);
    if (!ok) t.kind = T_ERROR;
    return t;
}
