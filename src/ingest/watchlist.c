/* Watch-list loading: FtM lines as OpenSanctions and yente export them. Lenient about
 * schemata and properties (lists carry many we do not use), strict about what matching
 * needs: valid JSON and UTF-8, an id, and a name. The version is the file's content hash
 * unless given, so loading the same list twice changes nothing. */
#include "ingest_int.h"

#include <stdio.h>
#include <string.h>

static mh_status file_hash(const char *path, char *out, size_t n, mh_err *e)
{
    mh_lines *r = mh_lines_open(path, 0, e);
    if (!r) return e->code;
    uint64_t h = 0x77617463686c6973ULL;
    const char *line;
    size_t len;
    bool too_long;
    while (mh_lines_next(r, &line, &len, &too_long)) h = mh_hash64(line, len, h);
    mh_status rc = mh_lines_error(r, e) ? e->code : MH_OK;
    mh_lines_close(r);
    snprintf(out, n, "sha:%016llx", (unsigned long long)h);
    return rc;
}

/* A watch-list entity: any schema string; properties kept when they are string lists. */
static bool wl_entity(const mh_jv *root, mh_arena *a, mh_entity *ent, mh_line_issue *why)
{
    const mh_jv *id = mh_json_get(root, "id"), *schema = mh_json_get(root, "schema"), *props = mh_json_get(root, "properties");
    if (root->type != MH_JOBJ) return snprintf(why->reason, sizeof why->reason, "a watch-list line must be a JSON object"), false;
    if (!id || id->type != MH_JSTR || !id->len) return snprintf(why->reason, sizeof why->reason, "missing or empty \"id\""), false;
    if (!schema || schema->type != MH_JSTR) return snprintf(why->reason, sizeof why->reason, "missing \"schema\""), false;
    ent->id = mh_arena_strndup(a, id->u.s, id->len);
    ent->schema = mh_arena_strndup(a, schema->u.s, schema->len);
    ent->nprops = 0;
    size_t np = props && props->type == MH_JOBJ ? props->len : 0;
    ent->props = mh_arena_alloc(a, (np ? np : 1) * sizeof(mh_prop));
    bool named = false;
    for (size_t i = 0; i < np; i++) {
        const mh_jmember *m = &props->u.members[i];
        if (m->val.type != MH_JARR) continue;
        mh_prop *p = &ent->props[ent->nprops];
        p->name = mh_arena_strndup(a, m->key.ptr, m->key.len);
        p->vals = mh_arena_alloc(a, (m->val.len ? m->val.len : 1) * sizeof(char *));
        p->nvals = 0;
        for (uint32_t k = 0; k < m->val.len; k++)
            if (m->val.u.items[k].type == MH_JSTR && m->val.u.items[k].len)
                p->vals[p->nvals++] = mh_arena_strndup(a, m->val.u.items[k].u.s, m->val.u.items[k].len);
        if (!p->nvals) continue;
        if (strcmp(p->name, "name") == 0) named = true;
        ent->nprops++;
    }
    if (!named) return snprintf(why->reason, sizeof why->reason, "no \"name\" property: a watch-list entry needs a name"), false;
    return true;
}

mh_status mh_ingest_watchlist(mh_store *store, const char *path, const char *name, const char *version,
                              mh_ingest_counts *c, bool *unchanged, mh_err *e)
{
    char hash[64];
    mh_status rc;
    if (!version) {
        if (strcmp(path, "-") == 0) return mh_err_set(e, MH_E_USAGE, "a watch list read from stdin needs --version");
        if ((rc = file_hash(path, hash, sizeof hash, e))) return rc;
        version = hash;
    }
    if ((rc = mh_store_watchlist_begin(store, name, version, unchanged, e))) return rc;
    if (*unchanged) return MH_OK;
    mh_lines *r = mh_lines_open(path, 0, e);
    if (!r) {
        mh_store_rollback(store);
        return e->code;
    }
    mh_arena a;
    mh_arena_init(&a, 64 * 1024);
    const char *line;
    size_t n;
    bool too_long;
    while (mh_lines_next(r, &line, &n, &too_long)) {
        long lineno = mh_lines_lineno(r);
        size_t k = 0;
        while (k < n && (line[k] == ' ' || line[k] == '\t')) k++;
        if (k == n) { c->blank++; continue; }
        c->read++;
        mh_arena_reset(&a);
        mh_line_issue why = {{0}, 0};
        mh_jv root;
        mh_err je;
        mh_entity ent;
        bool ok;
        if (too_long) {
            snprintf(why.reason, sizeof why.reason, "line longer than %zu bytes (kept cut)", n);
            ok = false;
        } else if (!mh_json_parse(line, n, &a, &root, &je)) {
            snprintf(why.reason, sizeof why.reason, "%.380s", je.msg);
            why.col = je.col;
            ok = false;
        } else {
            ok = wl_entity(&root, &a, &ent, &why);
        }
        if (!ok) {
            mh_quarantine_rec q = {.source = path, .line = lineno, .col = why.col, .reason = why.reason, .text = line, .text_len = n};
            c->quarantined++;
            rc = mh_store_quarantine_put(store, &q, e);
        } else {
            c->stored++;
            rc = mh_store_watchlist_put(store, name, &ent, e);
        }
        if (rc) break;
    }
    if (!rc && mh_lines_error(r, e)) rc = e->code;
    mh_lines_close(r);
    mh_arena_free(&a);
    if (rc) {
        mh_store_rollback(store);
        return rc;
    }
    return mh_store_watchlist_end(store, name, e);
}
