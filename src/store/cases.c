/* Cases: the record of an investigation into one Person. The `cases` row holds a case's
 * present state (status, disposition, assignee) so that listing is one query; the
 * `case_events` rows are its history, appended once per action and never edited or
 * deleted, so that who did what and when can always be shown. Each action changes the
 * state row and appends its events in one transaction, after checking that the case is
 * in a state that allows it (one open case per person; a closed case takes no notes or
 * assignments until it is reopened). */
#include "store_int.h"

#include <string.h>

static const char *const dispositions[] = {"unfounded", "mitigated", "referred", "confirmed"};

bool mh_store_case_disposition_ok(const char *d)
{
    for (size_t i = 0; d && i < MH_ARRAY_LEN(dispositions); i++)
        if (strcmp(d, dispositions[i]) == 0) return true;
    return false;
}

static bool blank(const char *s)
{
    if (!s) return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
    return true;
}

static void bind_opt_text(sqlite3_stmt *st, int k, const char *v)
{
    if (v) sqlite3_bind_text(st, k, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, k);
}

static mh_time col_time(sqlite3_stmt *st, int k)
{
    return sqlite3_column_type(st, k) == SQLITE_NULL ? MH_TIME_NONE : sqlite3_column_int64(st, k);
}

static mh_status append_event(mh_store *s, int64_t id, mh_time at, const char *actor, const char *action,
                              const char *detail, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "INSERT INTO case_events(case_id, at, actor, action, detail) VALUES(?1,?2,?3,?4,?5)", -1,
                           &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "case history");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, at);
    bind_opt_text(st, 3, actor);
    sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
    bind_opt_text(st, 5, detail);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "case history");
}

/* Runs an UPDATE of one case row with up to three text bindings and one time binding. */
static mh_status update_case(mh_store *s, const char *sql, int64_t id, const char *t1, const char *t2, mh_time at,
                             mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return mh_store_sqlerr(s, e, "update case");
    sqlite3_bind_int64(st, 1, id);
    bind_opt_text(st, 2, t1);
    bind_opt_text(st, 3, t2);
    if (at == MH_TIME_NONE) sqlite3_bind_null(st, 4);
    else sqlite3_bind_int64(st, 4, at);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "update case");
}

/* The open case of PERSON, or 0 in *id. */
static mh_status open_case_of(mh_store *s, const char *person, int64_t *id, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT id FROM cases WHERE person = ?1 AND status = 'open' ORDER BY id LIMIT 1", -1, &st,
                           NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "find open case");
    sqlite3_bind_text(st, 1, person, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    *id = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "find open case");
}

/* Fills *open (and the person and disposition, copied into the store's scratch arena)
 * for case ID; MH_E_NOTFOUND when there is no such case. */
static mh_status case_state(mh_store *s, int64_t id, bool *open, const char **person, const char **disp, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT status, person, disposition FROM cases WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "read case");
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    mh_status rc = MH_OK;
    if (r == SQLITE_ROW) {
        mh_arena_reset(&s->scratch);
        *open = strcmp((const char *)sqlite3_column_text(st, 0), "open") == 0;
        const char *p = (const char *)sqlite3_column_text(st, 1);
        const char *d = (const char *)sqlite3_column_text(st, 2);
        if (person) *person = p ? mh_arena_strndup(&s->scratch, p, strlen(p)) : NULL;
        if (disp) *disp = d ? mh_arena_strndup(&s->scratch, d, strlen(d)) : NULL;
        if ((person && p && !*person) || (disp && d && !*disp)) rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
    } else if (r == SQLITE_DONE) {
        rc = mh_err_set(e, MH_E_NOTFOUND, "no case %lld", (long long)id);
    } else {
        rc = mh_store_sqlerr(s, e, "read case");
    }
    sqlite3_finalize(st);
    return rc;
}

/* Refuses an action on a closed case, naming the way out. */
static mh_status must_be_open(mh_store *s, int64_t id, const char *action, mh_err *e)
{
    bool open;
    const char *disp = NULL;
    mh_status rc = case_state(s, id, &open, NULL, &disp, e);
    if (rc) return rc;
    if (!open)
        return mh_err_set(e, MH_E_INPUT, "case %lld is closed (%s): cannot %s it until it is reopened "
                          "(molehunt case reopen %lld --note TEXT)",
                          (long long)id, disp ? disp : "no disposition", action, (long long)id);
    return MH_OK;
}

mh_status mh_store_case_open(mh_store *s, const char *person, const char *actor, const char *note, mh_time at,
                             int64_t *id, mh_err *e)
{
    sqlite3_stmt *st = NULL;
    int64_t existing = 0;
    mh_status rc = mh_store_begin(s, e);
    if (rc) return rc;
    if (sqlite3_prepare_v2(s->db, "SELECT schema FROM entities WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
        rc = mh_store_sqlerr(s, e, "open case");
        goto out;
    }
    sqlite3_bind_text(st, 1, person, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        rc = mh_err_set(e, MH_E_NOTFOUND, "no stored entity with id \"%s\": a case is opened for a stored Person", person);
        goto out;
    }
    if (r != SQLITE_ROW) {
        rc = mh_store_sqlerr(s, e, "open case");
        goto out;
    }
    const char *schema = (const char *)sqlite3_column_text(st, 0);
    if (!schema || strcmp(schema, "Person") != 0) {
        rc = mh_err_set(e, MH_E_INPUT, "\"%s\" is a %s, not a Person: a case is opened for a Person", person,
                        schema ? schema : "record of no schema");
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    if ((rc = open_case_of(s, person, &existing, e))) goto out;
    if (existing) {
        rc = mh_err_set(e, MH_E_INPUT, "\"%s\" already has an open case: case %lld", person, (long long)existing);
        goto out;
    }
    if (sqlite3_prepare_v2(s->db, "INSERT INTO cases(person, status, opened_at, opened_by) VALUES(?1, 'open', ?2, ?3)", -1,
                           &st, NULL) != SQLITE_OK) {
        rc = mh_store_sqlerr(s, e, "open case");
        goto out;
    }
    sqlite3_bind_text(st, 1, person, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, at);
    bind_opt_text(st, 3, actor);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = mh_store_sqlerr(s, e, "open case");
        goto out;
    }
    *id = sqlite3_last_insert_rowid(s->db);
    if ((rc = append_event(s, *id, at, actor, "open", NULL, e))) goto out;
    if (!blank(note) && (rc = append_event(s, *id, at, actor, "note", note, e))) goto out;
    rc = mh_store_commit(s, e);
out:
    if (st) sqlite3_finalize(st);
    if (rc) mh_store_rollback(s);
    return rc;
}

mh_status mh_store_case_assign(mh_store *s, int64_t id, const char *assignee, const char *actor, mh_time at, mh_err *e)
{
    if (blank(assignee)) return mh_err_set(e, MH_E_USAGE, "an assignee's name is needed");
    mh_status rc = mh_store_begin(s, e);
    if (rc) return rc;
    if ((rc = must_be_open(s, id, "assign", e))) goto out;
    if ((rc = update_case(s, "UPDATE cases SET assignee = ?2 WHERE id = ?1", id, assignee, NULL, MH_TIME_NONE, e))) goto out;
    if ((rc = append_event(s, id, at, actor, "assign", assignee, e))) goto out;
    rc = mh_store_commit(s, e);
out:
    if (rc) mh_store_rollback(s);
    return rc;
}

mh_status mh_store_case_note(mh_store *s, int64_t id, const char *text, const char *actor, mh_time at, mh_err *e)
{
    if (blank(text)) return mh_err_set(e, MH_E_USAGE, "a note needs some text");
    mh_status rc = mh_store_begin(s, e);
    if (rc) return rc;
    if ((rc = must_be_open(s, id, "note", e))) goto out;
    if ((rc = append_event(s, id, at, actor, "note", text, e))) goto out;
    rc = mh_store_commit(s, e);
out:
    if (rc) mh_store_rollback(s);
    return rc;
}

mh_status mh_store_case_close(mh_store *s, int64_t id, const char *disposition, const char *note, const char *actor,
                              mh_time at, mh_err *e)
{
    if (!mh_store_case_disposition_ok(disposition))
        return mh_err_set(e, MH_E_USAGE, "closing a case needs a disposition: unfounded, mitigated, referred or confirmed%s%s%s",
                          disposition ? " (not \"" : "", disposition ? disposition : "", disposition ? "\")" : "");
    mh_status rc = mh_store_begin(s, e);
    if (rc) return rc;
    if ((rc = must_be_open(s, id, "close", e))) goto out;
    if ((rc = update_case(s, "UPDATE cases SET status = 'closed', disposition = ?2, closed_at = ?4 WHERE id = ?1", id,
                          disposition, NULL, at, e)))
        goto out;
    if ((rc = append_event(s, id, at, actor, "close", disposition, e))) goto out;
    if (!blank(note) && (rc = append_event(s, id, at, actor, "note", note, e))) goto out;
    rc = mh_store_commit(s, e);
out:
    if (rc) mh_store_rollback(s);
    return rc;
}

mh_status mh_store_case_reopen(mh_store *s, int64_t id, const char *note, const char *actor, mh_time at, mh_err *e)
{
    if (blank(note)) return mh_err_set(e, MH_E_USAGE, "reopening a case needs a note saying why");
    bool open;
    const char *person = NULL, *disp = NULL;
    int64_t other = 0;
    mh_status rc = mh_store_begin(s, e);
    if (rc) return rc;
    if ((rc = case_state(s, id, &open, &person, &disp, e))) goto out;
    if (open) {
        rc = mh_err_set(e, MH_E_INPUT, "case %lld is already open", (long long)id);
        goto out;
    }
    if ((rc = open_case_of(s, person, &other, e))) goto out;
    if (other) {
        rc = mh_err_set(e, MH_E_INPUT, "\"%s\" already has an open case: case %lld", person, (long long)other);
        goto out;
    }
    if ((rc = update_case(s, "UPDATE cases SET status = 'open', disposition = NULL, closed_at = ?4 WHERE id = ?1", id, NULL,
                          NULL, MH_TIME_NONE, e)))
        goto out;
    if ((rc = append_event(s, id, at, actor, "reopen", disp, e))) goto out;
    if ((rc = append_event(s, id, at, actor, "note", note, e))) goto out;
    rc = mh_store_commit(s, e);
out:
    if (rc) mh_store_rollback(s);
    return rc;
}

#define CASE_COLS "id, person, status, disposition, assignee, opened_at, closed_at, opened_by"

static mh_status each_case(mh_store *s, sqlite3_stmt *st, mh_store_case_fn fn, void *ctx, bool *any, mh_err *e)
{
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        mh_case_rec c = {
            .id = sqlite3_column_int64(st, 0),
            .person = (const char *)sqlite3_column_text(st, 1),
            .status = (const char *)sqlite3_column_text(st, 2),
            .disposition = (const char *)sqlite3_column_text(st, 3),
            .assignee = (const char *)sqlite3_column_text(st, 4),
            .opened_at = sqlite3_column_int64(st, 5),
            .closed_at = col_time(st, 6),
            .opened_by = (const char *)sqlite3_column_text(st, 7),
        };
        if (any) *any = true;
        if (fn(ctx, &c)) break;
    }
    return r == SQLITE_ROW || r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "read cases");
}

mh_status mh_store_case_get(mh_store *s, int64_t id, mh_store_case_fn fn, void *ctx, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT " CASE_COLS " FROM cases WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "read case");
    sqlite3_bind_int64(st, 1, id);
    bool any = false;
    mh_status rc = each_case(s, st, fn, ctx, &any, e);
    sqlite3_finalize(st);
    if (rc == MH_OK && !any) rc = mh_err_set(e, MH_E_NOTFOUND, "no case %lld", (long long)id);
    return rc;
}

mh_status mh_store_cases_each(mh_store *s, const char *status, const char *person, mh_store_case_fn fn, void *ctx,
                              mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT " CASE_COLS " FROM cases WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR person = ?2) "
                           "ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "read cases");
    bind_opt_text(st, 1, status);
    bind_opt_text(st, 2, person);
    mh_status rc = each_case(s, st, fn, ctx, NULL, e);
    sqlite3_finalize(st);
    return rc;
}

mh_status mh_store_case_events_each(mh_store *s, int64_t id, mh_store_case_event_fn fn, void *ctx, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT case_id, at, actor, action, detail FROM case_events WHERE case_id = ?1 ORDER BY rid",
                           -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "read case history");
    sqlite3_bind_int64(st, 1, id);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        mh_case_event_rec ev = {
            .case_id = sqlite3_column_int64(st, 0),
            .at = sqlite3_column_int64(st, 1),
            .actor = (const char *)sqlite3_column_text(st, 2),
            .action = (const char *)sqlite3_column_text(st, 3),
            .detail = (const char *)sqlite3_column_text(st, 4),
        };
        if (fn(ctx, &ev)) break;
    }
    mh_status rc = r == SQLITE_ROW || r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "read case history");
    sqlite3_finalize(st);
    return rc;
}
