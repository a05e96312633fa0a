/* The stored form of an entity's properties: canonical JSON, {"prop":["v",...]} with
 * properties and values sorted and values unique, so that equal sets have equal text and
 * a merge that adds nothing is recognised by comparing strings. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }
static int cmp_prop(const void *a, const void *b) { return strcmp(((const mh_prop *)a)->name, ((const mh_prop *)b)->name); }

bool mh_store_encode_props(mh_buf *b, mh_arena *a, const mh_entity *ent)
{
    mh_prop *props = mh_arena_alloc(a, (ent->nprops ? ent->nprops : 1) * sizeof *props);
    if (!props) return false;
    memcpy(props, ent->props, ent->nprops * sizeof *props);
    qsort(props, ent->nprops, sizeof *props, cmp_prop);
    if (!mh_buf_putc(b, '{')) return false;
    bool first_prop = true;
    for (size_t i = 0; i < ent->nprops; i++) {
        /* Properties of the same name (from a merge) are folded into one list. */
        size_t j = i, total = 0;
        while (j < ent->nprops && strcmp(props[j].name, props[i].name) == 0) total += props[j++].nvals;
        const char **vals = mh_arena_alloc(a, (total ? total : 1) * sizeof *vals);
        if (!vals) return false;
        size_t n = 0;
        for (size_t k = i; k < j; k++)
            for (size_t v = 0; v < props[k].nvals; v++) vals[n++] = props[k].vals[v];
        qsort(vals, n, sizeof *vals, cmp_str);
        if (n) {
            if (!first_prop && !mh_buf_putc(b, ',')) return false;
            first_prop = false;
            if (!mh_json_write_str(b, props[i].name, strlen(props[i].name)) || !mh_buf_append(b, ":[", 2)) return false;
            for (size_t v = 0; v < n; v++) {
                if (v && strcmp(vals[v], vals[v - 1]) == 0) continue;
                if ((v && !mh_buf_putc(b, ',')) || !mh_json_write_str(b, vals[v], strlen(vals[v]))) return false;
            }
            if (!mh_buf_putc(b, ']')) return false;
        }
        i = j - 1;
    }
    return mh_buf_putc(b, '}');
}

bool mh_store_decode_props(mh_arena *a, const char *json, size_t len, mh_entity *ent)
{
    mh_jv root;
    ent->props = NULL;
    ent->nprops = 0;
    if (!mh_json_parse(json, len, a, &root, NULL) || root.type != MH_JOBJ) return false;
    ent->props = mh_arena_alloc(a, (root.len ? root.len : 1) * sizeof(mh_prop));
    if (!ent->props) return false;
    for (uint32_t i = 0; i < root.len; i++) {
        const mh_jmember *m = &root.u.members[i];
        if (m->val.type != MH_JARR) return false;
        mh_prop *p = &ent->props[ent->nprops++];
        p->name = mh_arena_strndup(a, m->key.ptr, m->key.len);
        p->vals = mh_arena_alloc(a, (m->val.len ? m->val.len : 1) * sizeof(char *));
        p->nvals = 0;
        if (!p->name || !p->vals) return false;
        for (uint32_t k = 0; k < m->val.len; k++) {
            const mh_jv *v = &m->val.u.items[k];
            if (v->type != MH_JSTR) return false;
            if (!(p->vals[p->nvals++] = mh_arena_strndup(a, v->u.s, v->len))) return false;
        }
    }
    return true;
}
