/* FtM entity lines: parse, then validate against the record model (records.md §1):
 * a non-empty string id, a known schema, known properties whose values are lists of
 * strings, and values of the right type (dates, amounts, countries, enumerations).
 * Unknown top-level keys are kept verbatim as "extra". */
#include "ingest_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool refuse(mh_line_issue *why, long col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool refuse(mh_line_issue *why, long col, const char *fmt, ...)
{
    if (!why) return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why->reason, sizeof why->reason, fmt, ap);
    va_end(ap);
    why->col = col;
    return false;
}

/* 1-based column of a string slice inside the line (0 when it is not inside). */
static long col_of(const char *line, size_t n, const char *p)
{
    return p >= line && p <= line + n ? (long)(p - line) + 1 : 0;
}

static bool check_value(const mh_propdef *pd, const char *v, size_t len, mh_line_issue *why, long col,
                        const char *prop)
{
    switch (pd->type) {
    case MH_PT_DATE: {
        mh_time lo, hi;
        if (!mh_time_parse_iso(v, len, &lo, &hi, NULL))
            return refuse(why, col, "property %s: \"%.*s\" is not an ISO 8601 date", prop, (int)MH_MIN(len, 64), v);
        return true;
    }
    case MH_PT_AMOUNT: {
        int64_t c;
        if (!mh_amount_parse(v, len, &c))
            return refuse(why, col, "property %s: \"%.*s\" is not a decimal amount", prop, (int)MH_MIN(len, 64), v);
        return true;
    }
    case MH_PT_NUMBER: {
        int64_t c;
        if (!mh_amount_parse(v, len, &c))
            return refuse(why, col, "property %s: \"%.*s\" is not a number", prop, (int)MH_MIN(len, 64), v);
        return true;
    }
    case MH_PT_COUNTRY: {
        bool ok = len == 2 && ((v[0] >= 'a' && v[0] <= 'z') || (v[0] >= 'A' && v[0] <= 'Z')) &&
                  ((v[1] >= 'a' && v[1] <= 'z') || (v[1] >= 'A' && v[1] <= 'Z'));
        /* FtM also uses a few longer codes for territories that have none (e.g. "zz", "xk"
         * fit the rule; "suhh" for the Soviet Union does not and is accepted by name). */
        if (!ok && !(len == 4 && memcmp(v, "suhh", 4) == 0))
            return refuse(why, col, "property %s: \"%.*s\" is not an ISO 3166-1 alpha-2 country code", prop,
                          (int)MH_MIN(len, 64), v);
        return true;
    }
    case MH_PT_ENUM:
        for (const char *const *e = pd->enum_vals; *e; e++)
            if (strlen(*e) == len && memcmp(*e, v, len) == 0) return true;
        return refuse(why, col, "property %s: \"%.*s\" is not one of the allowed values", prop, (int)MH_MIN(len, 64), v);
    case MH_PT_ENTITY:
        if (len == 0) return refuse(why, col, "property %s: an empty entity reference", prop);
        return true;
    default:
        return true;
    }
}

bool mh_ftm_parse(const char *line, size_t n, mh_arena *a, mh_entity *ent, const char **extra, mh_line_issue *why)
{
    mh_jv root;
    mh_err je;
    memset(ent, 0, sizeof *ent);
    *extra = NULL;
    if (!mh_json_parse(line, n, a, &root, &je)) return refuse(why, je.col, "%.380s", je.msg);
    return mh_ftm_from_json(line, n, &root, a, ent, extra, why);
}

bool mh_ftm_from_json(const char *line, size_t n, const mh_jv *rootp, mh_arena *a, mh_entity *ent, const char **extra,
                      mh_line_issue *why)
{
    const mh_jv root = *rootp;
    memset(ent, 0, sizeof *ent);
    *extra = NULL;
    if (root.type != MH_JOBJ) return refuse(why, 1, "an FtM line must be a JSON object");
    const mh_jv *id = NULL, *schema = NULL, *props = NULL;
    size_t nextra = 0;
    for (uint32_t i = 0; i < root.len; i++) {
        const mh_jmember *m = &root.u.members[i];
        if (mh_str_eq_c(m->key, "id")) id = &m->val;
        else if (mh_str_eq_c(m->key, "schema")) schema = &m->val;
        else if (mh_str_eq_c(m->key, "properties")) props = &m->val;
        else nextra++;
    }
    if (!id || id->type != MH_JSTR || id->len == 0) return refuse(why, 1, "missing or empty \"id\" (a non-empty string)");
    if (memchr(id->u.s, '\0', id->len)) return refuse(why, col_of(line, n, id->u.s), "\"id\" contains a NUL character");
    if (!schema || schema->type != MH_JSTR) return refuse(why, 1, "missing \"schema\" (a string)");
    const mh_schema *sc = mh_model_schema(schema->u.s, schema->len);
    if (!sc)
        return refuse(why, col_of(line, n, schema->u.s), "unknown schema \"%.*s\"", (int)MH_MIN(schema->len, 64), schema->u.s);
    if (props && props->type != MH_JOBJ) return refuse(why, 1, "\"properties\" must be an object");
    ent->id = mh_arena_strndup(a, id->u.s, id->len);
    ent->schema = sc->name;
    size_t np = props ? props->len : 0;
    ent->props = mh_arena_alloc(a, (np ? np : 1) * sizeof(mh_prop));
    if (!ent->id || !ent->props) return refuse(why, 0, "out of memory");
    for (size_t i = 0; i < np; i++) {
        const mh_jmember *m = &props->u.members[i];
        long pcol = col_of(line, n, m->key.ptr);
        const mh_propdef *pd = mh_model_prop(sc, m->key.ptr, m->key.len);
        if (!pd)
            return refuse(why, pcol, "unknown property \"%.*s\" for schema %s", (int)MH_MIN(m->key.len, 64), m->key.ptr, sc->name);
        if (m->val.type != MH_JARR)
            return refuse(why, pcol, "property %s: values must be a list of strings", pd->name);
        mh_prop *p = &ent->props[ent->nprops++];
        p->name = pd->name;
        p->nvals = 0;
        p->vals = mh_arena_alloc(a, (m->val.len ? m->val.len : 1) * sizeof(char *));
        if (!p->vals) return refuse(why, 0, "out of memory");
        for (uint32_t k = 0; k < m->val.len; k++) {
            const mh_jv *v = &m->val.u.items[k];
            if (v->type != MH_JSTR) return refuse(why, pcol, "property %s: value %u is not a string", pd->name, k + 1);
            if (memchr(v->u.s, '\0', v->len)) return refuse(why, pcol, "property %s: value contains a NUL character", pd->name);
            if (!check_value(pd, v->u.s, v->len, why, col_of(line, n, v->u.s) ? col_of(line, n, v->u.s) : pcol, pd->name))
                return false;
            char *s = mh_arena_strndup(a, v->u.s, v->len);
            if (!s) return refuse(why, 0, "out of memory");
            if (pd->type == MH_PT_COUNTRY) /* canonical lower case */
                for (char *c = s; *c; c++) if (*c >= 'A' && *c <= 'Z') *c += 32;
            p->vals[p->nvals++] = s;
        }
    }
    if (nextra) {
        mh_buf b;
        mh_buf_init(&b, 0);
        mh_buf_putc(&b, '{');
        size_t k = 0;
        for (uint32_t i = 0; i < root.len; i++) {
            const mh_jmember *m = &root.u.members[i];
            if (mh_str_eq_c(m->key, "id") || mh_str_eq_c(m->key, "schema") || mh_str_eq_c(m->key, "properties")) continue;
            if (k++) mh_buf_putc(&b, ',');
            mh_json_write_str(&b, m->key.ptr, m->key.len);
            mh_buf_putc(&b, ':');
            mh_json_write(&b, &m->val);
        }
        mh_buf_putc(&b, '}');
        *extra = b.data ? mh_arena_strndup(a, b.data, b.len) : NULL;
        mh_buf_free(&b);
    }
    return true;
}
