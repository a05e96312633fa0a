/* Reading an in-memory entity's properties. */
#include "molehunt/mh_model.h"

#include <string.h>

const mh_prop *mh_entity_prop(const mh_entity *e, const char *name)
{
    for (size_t i = 0; i < e->nprops; i++)
        if (strcmp(e->props[i].name, name) == 0) return &e->props[i];
    return NULL;
}

const char *mh_entity_first(const mh_entity *e, const char *name)
{
    const mh_prop *p = mh_entity_prop(e, name);
    return p && p->nvals ? p->vals[0] : NULL;
}

bool mh_entity_has(const mh_entity *e, const char *name, const char *value)
{
    const mh_prop *p = mh_entity_prop(e, name);
    for (size_t i = 0; p && i < p->nvals; i++)
        if (strcmp(p->vals[i], value) == 0) return true;
    return false;
}
