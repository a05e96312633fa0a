/* Entities: insert, merge by id as a set union of property values, and reading back.
 * The insert is tried first (ON CONFLICT DO NOTHING) because new ids are the common
 * case; only an existing id pays for a read, a union and perhaps an update. */
#include "store_int.h"

#include <string.h>

/* The record's time span, from the schema's date property (or startDate/date). */
static void entity_span(const mh_entity *ent, mh_time *lo, mh_time *hi)
{
    *lo = *hi = MH_TIME_NONE;
    const mh_schema *sc = mh_model_schema(ent->schema, strlen(ent->schema));
    const char *names[3] = {sc && sc->date ? sc->date : "date", "startDate", "date"};
    for (int k = 0; k < 3 && *lo == MH_TIME_NONE; k++) {
        const mh_prop *p = mh_entity_prop(ent, names[k]);
        for (size_t i = 0; p && i < p->nvals; i++) {
            mh_time a, b;
            if (mh_time_parse_iso(p->vals[i], strlen(p->vals[i]), &a, &b, NULL) && (*lo == MH_TIME_NONE || a < *lo)) {
                *lo = a;
                *hi = b;
            }
        }
    }
    const mh_prop *end = mh_entity_prop(ent, "endDate");
    for (size_t i = 0; end && i < end->nvals; i++) {
        mh_time a, b;
        if (mh_time_parse_iso(end->vals[i], strlen(end->vals[i]), &a, &b, NULL) && b > *hi) *hi = b;
    }
}

static void bind_time(sqlite3_stmt *st, int k, mh_time t)
{
    if (t == MH_TIME_NONE) sqlite3_bind_null(st, k);
    else sqlite3_bind_int64(st, k, t);
}

/* Shallow union of two JSON objects' keys, old keys first; NULL when neither has any. */
static const char *merge_extra(mh_store *s, const char *old, const char *add, mh_buf *out)
{
    if (!add || !*add) return old;
    if (!old || !*old) return add;
    mh_jv a, b;
    if (!mh_json_parse(old, strlen(old), &s->scratch, &a, NULL) || a.type != MH_JOBJ ||
        !mh_json_parse(add, strlen(add), &s->scratch, &b, NULL) || b.type != MH_JOBJ)
        return old;
    mh_buf_reset(out);
    mh_buf_putc(out, '{');
    for (uint32_t i = 0; i < a.len; i++) {
        if (i) mh_buf_putc(out, ',');
        mh_json_write_str(out, a.u.members[i].key.ptr, a.u.members[i].key.len);
        mh_buf_putc(out, ':');
        mh_json_write(out, &a.u.members[i].val);
    }
    size_t n = a.len;
    for (uint32_t i = 0; i < b.len; i++) {
        const mh_jmember *m = &b.u.members[i];
        if (mh_json_getn(&a, m->key.ptr, m->key.len)) continue;
        if (n++) mh_buf_putc(out, ',');
        mh_json_write_str(out, m->key.ptr, m->key.len);
        mh_buf_putc(out, ':');
        mh_json_write(out, &m->val);
    }
    mh_buf_putc(out, '}');
    return out->data;
}

mh_status mh_store_entity_put(mh_store *s, const mh_entity *ent, const char *extra_json, int64_t source_id,
                              mh_put_result *res, mh_err *e)
{
    mh_arena_reset(&s->scratch);
    mh_buf_reset(&s->buf);
    if (!mh_store_encode_props(&s->buf, &s->scratch, ent)) return mh_err_set(e, MH_E_NOMEM, "store: out of memory");
    mh_time lo, hi;
    entity_span(ent, &lo, &hi);
    sqlite3_stmt *st = mh_store_stmt(s, ST_ENT_INSERT, e);
    if (!st) return MH_E_STORE;
    sqlite3_bind_text(st, 1, ent->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ent->schema, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, s->buf.data, (int)s->buf.len, SQLITE_STATIC);
    if (extra_json) sqlite3_bind_text(st, 4, extra_json, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 4);
    bind_time(st, 5, lo);
    bind_time(st, 6, hi);
    if (source_id > 0) sqlite3_bind_int64(st, 7, source_id);
    if (sqlite3_step(st) != SQLITE_DONE) return mh_store_sqlerr(s, e, "insert entity");
    if (sqlite3_changes(s->db) == 1) {
        *res = MH_PUT_NEW;
        return MH_OK;
    }
    /* The id exists: union the values. */
    sqlite3_stmt *sel = mh_store_stmt(s, ST_ENT_SELECT, e);
    if (!sel) return MH_E_STORE;
    sqlite3_bind_text(sel, 1, ent->id, -1, SQLITE_STATIC);
    if (sqlite3_step(sel) != SQLITE_ROW) return mh_store_sqlerr(s, e, "read entity for merge");
    int64_t rid = sqlite3_column_int64(sel, 0);
    const char *old_schema = (const char *)sqlite3_column_text(sel, 1);
    if (strcmp(old_schema, ent->schema) != 0) {
        mh_err_set(e, MH_E_INPUT, "id \"%s\" is already a %s, not a %s", ent->id, old_schema, ent->schema);
        sqlite3_reset(sel);
        return MH_E_INPUT;
    }
    const char *old_text = (const char *)sqlite3_column_text(sel, 2);
    size_t old_len = (size_t)sqlite3_column_bytes(sel, 2);
    char *old_copy = mh_arena_strndup(&s->scratch, old_text, old_len);
    const char *old_extra_t = (const char *)sqlite3_column_text(sel, 3);
    char *old_extra = old_extra_t ? mh_arena_strndup(&s->scratch, old_extra_t, strlen(old_extra_t)) : NULL;
    sqlite3_reset(sel);
    mh_entity old = {.id = ent->id, .schema = ent->schema};
    if (!old_copy || !mh_store_decode_props(&s->scratch, old_copy, old_len, &old))
        return mh_err_set(e, MH_E_STORE, "store: stored properties of \"%s\" are unreadable", ent->id);
    mh_entity both = {.id = ent->id, .schema = ent->schema, .nprops = old.nprops + ent->nprops};
    both.props = mh_arena_alloc(&s->scratch, (both.nprops ? both.nprops : 1) * sizeof(mh_prop));
    if (!both.props) return mh_err_set(e, MH_E_NOMEM, "store: out of memory");
    memcpy(both.props, old.props, old.nprops * sizeof(mh_prop));
    memcpy(both.props + old.nprops, ent->props, ent->nprops * sizeof(mh_prop));
    mh_buf_reset(&s->buf);
    if (!mh_store_encode_props(&s->buf, &s->scratch, &both)) return mh_err_set(e, MH_E_NOMEM, "store: out of memory");
    mh_buf extra_buf;
    mh_buf_init(&extra_buf, 0);
    const char *extra = merge_extra(s, old_extra, extra_json, &extra_buf);
    bool extra_same = (!extra && !old_extra) || (extra && old_extra && strcmp(extra, old_extra) == 0);
    if (extra_same && s->buf.len == old_len && memcmp(s->buf.data, old_copy, old_len) == 0) {
        mh_buf_free(&extra_buf);
        *res = MH_PUT_UNCHANGED;
        return MH_OK;
    }
    entity_span(&both, &lo, &hi);
    sqlite3_stmt *up = mh_store_stmt(s, ST_ENT_UPDATE, e);
    if (!up) {
        mh_buf_free(&extra_buf);
        return MH_E_STORE;
    }
    sqlite3_bind_int64(up, 1, rid);
    sqlite3_bind_text(up, 2, s->buf.data, (int)s->buf.len, SQLITE_STATIC);
    if (extra) sqlite3_bind_text(up, 3, extra, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(up, 3);
    bind_time(up, 4, lo);
    bind_time(up, 5, hi);
    int r = sqlite3_step(up);
    mh_buf_free(&extra_buf);
    if (r != SQLITE_DONE) return mh_store_sqlerr(s, e, "merge entity");
    *res = MH_PUT_MERGED;
    return MH_OK;
}

/* Runs a prepared SELECT id, schema, props and hands each row to fn as an entity. */
static mh_status each_row(mh_store *s, sqlite3_stmt *st, mh_store_entity_fn fn, void *ctx, mh_err *e, bool *any)
{
    mh_arena a;
    mh_arena_init(&a, 16 * 1024);
    mh_status rc = MH_OK;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        mh_arena_reset(&a);
        mh_entity ent = {.id = (const char *)sqlite3_column_text(st, 0), .schema = (const char *)sqlite3_column_text(st, 1)};
        if (!mh_store_decode_props(&a, (const char *)sqlite3_column_text(st, 2), (size_t)sqlite3_column_bytes(st, 2), &ent)) {
            rc = mh_err_set(e, MH_E_STORE, "store: stored properties of \"%s\" are unreadable", ent.id);
            break;
        }
        if (any) *any = true;
        if (fn(ctx, &ent)) break;
    }
    if (rc == MH_OK && r != SQLITE_ROW && r != SQLITE_DONE) rc = mh_store_sqlerr(s, e, "read entities");
    mh_arena_free(&a);
    return rc;
}

mh_status mh_store_entity_get(mh_store *s, const char *id, mh_store_entity_fn fn, void *ctx, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT id, schema, props FROM entities WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "get entity");
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    bool any = false;
    mh_status rc = each_row(s, st, fn, ctx, e, &any);
    sqlite3_finalize(st);
    if (rc == MH_OK && !any) rc = mh_err_set(e, MH_E_NOTFOUND, "no entity with id \"%s\"", id);
    return rc;
}

mh_status mh_store_entities_each(mh_store *s, const char *schema, mh_store_entity_fn fn, void *ctx, mh_err *e)
{
    sqlite3_stmt *st;
    const char *sql = schema ? (s->scoring ? "SELECT id, schema, props FROM entities WHERE schema = ?1 AND "
                                             MH_STORE_UNPROTECTED " ORDER BY id"
                                           : "SELECT id, schema, props FROM entities WHERE schema = ?1 ORDER BY id")
                             : (s->scoring ? "SELECT id, schema, props FROM entities WHERE " MH_STORE_UNPROTECTED " ORDER BY id"
                                           : "SELECT id, schema, props FROM entities ORDER BY id");
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return mh_store_sqlerr(s, e, "list entities");
    if (schema) sqlite3_bind_text(st, 1, schema, -1, SQLITE_STATIC);
    mh_status rc = each_row(s, st, fn, ctx, e, NULL);
    sqlite3_finalize(st);
    return rc;
}

mh_status mh_store_watchlist_each(mh_store *s, const char *name, mh_store_entity_fn fn, void *ctx, mh_err *e)
{
    sqlite3_stmt *st;
    const char *sql = name ? "SELECT id, schema, props FROM watchlist_entities WHERE list = ?1 ORDER BY id"
                           : "SELECT id, schema, props FROM watchlist_entities ORDER BY list, id";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return mh_store_sqlerr(s, e, "list watch list");
    if (name) sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    mh_status rc = each_row(s, st, fn, ctx, e, NULL);
    sqlite3_finalize(st);
    return rc;
}

mh_status mh_store_entity_extra(mh_store *s, const char *id, mh_buf *out, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT extra FROM entities WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "get entity extras");
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    mh_status rc = MH_OK;
    mh_buf_reset(out);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        if (sqlite3_column_type(st, 0) != SQLITE_NULL)
            mh_buf_append(out, sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
    } else if (r == SQLITE_DONE) {
        rc = mh_err_set(e, MH_E_NOTFOUND, "no entity with id \"%s\"", id);
    } else {
        rc = mh_store_sqlerr(s, e, "get entity extras");
    }
    sqlite3_finalize(st);
    return rc;
}
