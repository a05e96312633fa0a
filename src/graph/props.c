/* Small readers of entity properties used across the graph: first value, membership,
 * prefix tests and dates. The graph reads entities from the store and from callers'
 * arrays alike, so it needs nothing beyond the mh_entity shape. */
#include "graph_int.h"

#include <string.h>

const mh_prop *g_prop(const mh_entity *e, const char *name)
{
    for (size_t i = 0; i < e->nprops; i++)
        if (e->props[i].name && strcmp(e->props[i].name, name) == 0) return &e->props[i];
    return NULL;
}

const char *g_first(const mh_entity *e, const char *name)
{
    /* A merged entity may carry one property name twice: the first value of any. */
    for (size_t i = 0; i < e->nprops; i++)
        if (e->props[i].name && strcmp(e->props[i].name, name) == 0 && e->props[i].nvals && e->props[i].vals[0])
            return e->props[i].vals[0];
    return NULL;
}

bool g_has_value(const mh_entity *e, const char *name, const char *value)
{
    for (size_t i = 0; i < e->nprops; i++) {
        const mh_prop *p = &e->props[i];
        if (!p->name || strcmp(p->name, name) != 0) continue;
        for (size_t k = 0; k < p->nvals; k++)
            if (p->vals[k] && strcmp(p->vals[k], value) == 0) return true;
    }
    return false;
}

bool g_has_prefix(const mh_entity *e, const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < e->nprops; i++) {
        const mh_prop *p = &e->props[i];
        if (!p->name || strcmp(p->name, name) != 0) continue;
        for (size_t k = 0; k < p->nvals; k++)
            if (p->vals[k] && strncmp(p->vals[k], prefix, n) == 0) return true;
    }
    return false;
}

bool g_date(const mh_entity *e, const char *prop, mh_time *lo, mh_time *hi)
{
    if (!prop) return false;
    const char *v = g_first(e, prop);
    if (!v || !*v) return false;
    return mh_time_parse_iso(v, strlen(v), lo, hi, NULL);
}
