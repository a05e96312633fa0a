/* Detection results: alerts with their evidence, per-person scores and the behaviour
 * score of each user-day. A detect run replaces them (all, or one person's when it
 * recomputes only the people new data touched), so they are plain rows with JSON bodies
 * rather than a schema of their own. */
#include "store_int.h"

#include <stdio.h>

static mh_status delete_where_person(mh_store *s, const char *table, const char *person, mh_err *e)
{
    char sql[96];
    snprintf(sql, sizeof sql, person ? "DELETE FROM %s WHERE person = ?1" : "DELETE FROM %s", table);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return mh_store_sqlerr(s, e, "clear results");
    if (person) sqlite3_bind_text(st, 1, person, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "clear results");
}

mh_status mh_store_alerts_clear(mh_store *s, const char *person, mh_err *e) { return delete_where_person(s, "alerts", person, e); }
mh_status mh_store_scores_clear(mh_store *s, const char *person, mh_err *e) { return delete_where_person(s, "scores", person, e); }
mh_status mh_store_day_scores_clear(mh_store *s, const char *person, mh_err *e)
{
    return delete_where_person(s, "day_scores", person, e);
}

static void bind_opt_time(sqlite3_stmt *st, int k, mh_time t)
{
    if (t == MH_TIME_NONE) sqlite3_bind_null(st, k);
    else sqlite3_bind_int64(st, k, t);
}

static mh_time col_time(sqlite3_stmt *st, int k)
{
    return sqlite3_column_type(st, k) == SQLITE_NULL ? MH_TIME_NONE : sqlite3_column_int64(st, k);
}

mh_status mh_store_alert_put(mh_store *s, const mh_alert_rec *a, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v3(s->db, "INSERT INTO alerts(person, rule, ts, first_ts, severity, mitigation, mitigated_by, body) "
                                  "VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
                           -1, 0, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "store alert");
    sqlite3_bind_text(st, 1, a->person, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, a->rule, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, a->ts);
    bind_opt_time(st, 4, a->first_ts);
    sqlite3_bind_double(st, 5, a->severity);
    sqlite3_bind_double(st, 6, a->mitigation);
    if (a->mitigated_by) sqlite3_bind_text(st, 7, a->mitigated_by, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, a->body ? a->body : "{}", -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "store alert");
}

mh_status mh_store_alerts_latest(mh_store *s, mh_time *ts, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT max(ts) FROM alerts", -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "read alerts");
    *ts = MH_TIME_NONE;
    if (sqlite3_step(st) == SQLITE_ROW) *ts = col_time(st, 0);
    sqlite3_finalize(st);
    return MH_OK;
}

mh_status mh_store_alerts_each(mh_store *s, const char *person, mh_store_alert_fn fn, void *ctx, mh_err *e)
{
    sqlite3_stmt *st;
    const char *sql = person ? "SELECT person, rule, ts, first_ts, severity, mitigation, mitigated_by, body FROM alerts "
                               "WHERE person = ?1 ORDER BY ts, rid"
                             : "SELECT person, rule, ts, first_ts, severity, mitigation, mitigated_by, body FROM alerts "
                               "ORDER BY person, ts, rid";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return mh_store_sqlerr(s, e, "read alerts");
    if (person) sqlite3_bind_text(st, 1, person, -1, SQLITE_STATIC);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        mh_alert_rec a = {
            .person = (const char *)sqlite3_column_text(st, 0), .rule = (const char *)sqlite3_column_text(st, 1),
            .ts = sqlite3_column_int64(st, 2), .first_ts = col_time(st, 3), .severity = sqlite3_column_double(st, 4),
            .mitigation = sqlite3_column_double(st, 5), .mitigated_by = (const char *)sqlite3_column_text(st, 6),
            .body = (const char *)sqlite3_column_text(st, 7),
        };
        if (fn(ctx, &a)) break;
    }
    mh_status rc = r == SQLITE_ROW || r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "read alerts");
    sqlite3_finalize(st);
    return rc;
}

mh_status mh_store_score_put(mh_store *s, const mh_score_rec *sc, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "INSERT INTO scores(person, score, detected_at, body) VALUES(?1,?2,?3,?4) "
                                  "ON CONFLICT(person) DO UPDATE SET score = excluded.score, "
                                  "detected_at = excluded.detected_at, body = excluded.body",
                           -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "store score");
    sqlite3_bind_text(st, 1, sc->person, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 2, sc->score);
    bind_opt_time(st, 3, sc->detected_at);
    sqlite3_bind_text(st, 4, sc->body ? sc->body : "{}", -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "store score");
}

mh_status mh_store_scores_each(mh_store *s, const char *person, mh_store_score_fn fn, void *ctx, mh_err *e)
{
    sqlite3_stmt *st;
    const char *sql = person ? "SELECT person, score, detected_at, body FROM scores WHERE person = ?1"
                             : "SELECT person, score, detected_at, body FROM scores ORDER BY score DESC, person";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return mh_store_sqlerr(s, e, "read scores");
    if (person) sqlite3_bind_text(st, 1, person, -1, SQLITE_STATIC);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        mh_score_rec sc = {.person = (const char *)sqlite3_column_text(st, 0), .score = sqlite3_column_double(st, 1),
                           .detected_at = col_time(st, 2), .body = (const char *)sqlite3_column_text(st, 3)};
        if (fn(ctx, &sc)) break;
    }
    mh_status rc = r == SQLITE_ROW || r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "read scores");
    sqlite3_finalize(st);
    return rc;
}

mh_status mh_store_day_score_put(mh_store *s, const char *person, int32_t day, double score, mh_err *e)
{
    sqlite3_stmt *st = mh_store_stmt(s, ST_DAY_SCORE, e); /* one per active user-day: kept prepared */
    if (!st) return e->code;
    sqlite3_bind_text(st, 1, person, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, day);
    sqlite3_bind_double(st, 3, score);
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    return r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "store day score");
}

mh_status mh_store_day_scores_each(mh_store *s, mh_store_day_score_fn fn, void *ctx, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT person, day, score FROM day_scores ORDER BY person, day", -1, &st, NULL) !=
        SQLITE_OK)
        return mh_store_sqlerr(s, e, "read day scores");
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1), sqlite3_column_double(st, 2)))
            break;
    mh_status rc = r == SQLITE_ROW || r == SQLITE_DONE ? MH_OK : mh_store_sqlerr(s, e, "read day scores");
    sqlite3_finalize(st);
    return rc;
}

mh_status mh_store_watermark(mh_store *s, int64_t *entity_rid, int64_t *event_rid, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT (SELECT coalesce(max(rid), 0) FROM entities), (SELECT coalesce(max(rid), 0) FROM events)",
                           -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "watermark");
    mh_status rc = MH_OK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *entity_rid = sqlite3_column_int64(st, 0);
        *event_rid = sqlite3_column_int64(st, 1);
    } else {
        rc = mh_store_sqlerr(s, e, "watermark");
    }
    sqlite3_finalize(st);
    return rc;
}

mh_status mh_store_changes_each(mh_store *s, int64_t entity_rid, int64_t event_rid, mh_store_change_fn fn, void *ctx,
                                mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT id, schema, props FROM entities WHERE rid > ?1 ORDER BY rid", -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "changes");
    sqlite3_bind_int64(st, 1, entity_rid);
    mh_arena a;
    mh_arena_init(&a, 16 * 1024);
    mh_status rc = MH_OK;
    int r, stop = 0;
    while (!stop && (r = sqlite3_step(st)) == SQLITE_ROW) {
        mh_arena_reset(&a);
        mh_entity ent = {.id = (const char *)sqlite3_column_text(st, 0), .schema = (const char *)sqlite3_column_text(st, 1)};
        if (!mh_store_decode_props(&a, (const char *)sqlite3_column_text(st, 2), (size_t)sqlite3_column_bytes(st, 2), &ent))
            continue;
        stop = fn(ctx, &ent, NULL, 0, MH_TIME_NONE);
    }
    sqlite3_finalize(st);
    mh_arena_free(&a);
    if (stop) return MH_OK;
    if (sqlite3_prepare_v2(s->db, "SELECT body, ts FROM events WHERE rid > ?1 ORDER BY rid", -1, &st, NULL) != SQLITE_OK)
        return mh_store_sqlerr(s, e, "changes");
    sqlite3_bind_int64(st, 1, event_rid);
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(ctx, NULL, (const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0), sqlite3_column_int64(st, 1)))
            break;
    if (r != SQLITE_ROW && r != SQLITE_DONE) rc = mh_store_sqlerr(s, e, "changes");
    sqlite3_finalize(st);
    return rc;
}
