/* Behaviour analytics over the store: accounts and their owners, peer groups (role from
 * the Employment, department from a Membership), one pass over the events into user-days,
 * the scores, and the anomalous days as alerts for the risk model. */
#include "ueba_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct kv {
    const char *k, *v;
} kv;

typedef struct kvs {
    kv *a;
    size_t n, cap;
    mh_arena *arena;
    const char *schema, *key, *val;
    bool oom;
} kvs;

static int cmp_kv(const void *x, const void *y) { return strcmp(((const kv *)x)->k, ((const kv *)y)->k); }

static int on_kv(void *ctx, const mh_entity *ent)
{
    kvs *m = ctx;
    const char *k = mh_entity_first(ent, m->key), *v = mh_entity_first(ent, m->val);
    if (!k || !v) return 0;
    if (m->n == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 256;
        kv *na = realloc(m->a, nc * sizeof *na);
        if (!na) return m->oom = true, 1;
        m->a = na, m->cap = nc;
    }
    m->a[m->n].k = mh_arena_strndup(m->arena, k, strlen(k));
    m->a[m->n].v = mh_arena_strndup(m->arena, v, strlen(v));
    if (!m->a[m->n].k || !m->a[m->n].v) return m->oom = true, 1;
    m->n++;
    return 0;
}

static mh_status load_kv(mh_store *s, kvs *m, mh_err *e)
{
    mh_status rc = mh_store_entities_each(s, m->schema, on_kv, m, e);
    if (!rc && m->oom) rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
    if (!rc && m->n) qsort(m->a, m->n, sizeof *m->a, cmp_kv);
    return rc;
}

static const char *lookup(const kvs *m, const char *k)
{
    if (!k || !m->n) return NULL;
    kv key = {k, NULL}, *hit = bsearch(&key, m->a, m->n, sizeof *m->a, cmp_kv);
    return hit ? hit->v : NULL;
}

typedef struct ueba_priv {
    mh_arena a;
} ueba_priv;

mh_status mh_ueba_days(mh_store *s, const mh_ueba_opts *o, mh_ueba_set *out, mh_err *e)
{
    memset(out, 0, sizeof *out);
    ueba_priv *P = calloc(1, sizeof *P);
    if (!P) return mh_err_set(e, MH_E_NOMEM, "out of memory");
    mh_arena_init(&P->a, 1 << 16);
    out->priv = P;
    ueba_collect C;
    memset(&C, 0, sizeof C);
    C.users.a = &P->a;
    mh_arena_init(&C.scratch, 1 << 16);
    kvs acc = {.arena = &P->a, .schema = "UserAccount", .key = "username", .val = "owner"};
    kvs role = {.arena = &P->a, .schema = "Employment", .key = "employee", .val = "role"};
    kvs dept = {.arena = &P->a, .schema = "Membership", .key = "member", .val = "organization"};
    kvs grp = {.arena = &P->a};
    uint32_t *peer = NULL;
    ueba_teams *teams = NULL;
    mh_status rc;
    if ((rc = load_kv(s, &acc, e)) || (rc = load_kv(s, &role, e)) || (rc = load_kv(s, &dept, e))) goto out;
    if ((rc = mh_store_events_each(s, MH_TIME_NONE, MH_TIME_NONE, ueba_collect_event, &C, e))) goto out;
    if (C.oom || !ueba_collect_finish(&C)) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory collecting user-days");
        goto out;
    }
    /* owners and peer groups ("role|department"; people without either share group 0) */
    size_t nu = C.users.n;
    peer = calloc(nu ? nu : 1, sizeof *peer);
    if (!peer) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
        goto out;
    }
    for (size_t u = 0; u < nu; u++) {
        const char *p = lookup(&acc, C.users.name[u]);
        C.users.person[u] = p;
        const char *r = lookup(&role, p), *d = lookup(&dept, p);
        if (!r && !d) continue;
        char key[512];
        snprintf(key, sizeof key, "%s|%s", r ? r : "", d ? d : "");
        const char *hit = NULL;
        for (size_t g = 0; g < grp.n && !hit; g++)
            if (strcmp(grp.a[g].k, key) == 0) hit = grp.a[g].v, peer[u] = (uint32_t)g + 1;
        if (hit) continue;
        if (grp.n == grp.cap) {
            size_t nc = grp.cap ? grp.cap * 2 : 64;
            kv *na = realloc(grp.a, nc * sizeof *na);
            if (!na) {
                rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
                goto out;
            }
            grp.a = na, grp.cap = nc;
        }
        grp.a[grp.n].k = mh_arena_strndup(&P->a, key, strlen(key));
        grp.a[grp.n].v = grp.a[grp.n].k;
        peer[u] = (uint32_t)++grp.n;
    }
    out->n = C.n;
    out->days = malloc((C.n ? C.n : 1) * sizeof *out->days);
    if (!out->days) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < C.n; i++) out->days[i] = C.days[i].d;
    out->person = C.users.person;
    out->user = C.users.name;
    out->nusers = nu;
    C.users.person = NULL, C.users.name = NULL;
    if ((rc = ueba_teams_load(s, &teams, e))) goto out;
    if (!ueba_teams_apply(teams, out->days, out->n, out->person, nu)) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory for the layoff context");
        goto out;
    }
    rc = mh_ueba_score(out->days, out->n, peer, nu, o, e);
out:
    ueba_teams_free(teams);
    free(peer);
    free(acc.a), free(role.a), free(dept.a), free(grp.a);
    free(C.days), free(C.cur), free(C.users.slot), free(C.users.last_day);
    free(C.users.name), free(C.users.person);
    mh_arena_free(&C.scratch);
    if (rc) mh_ueba_days_free(out);
    return rc;
}

void mh_ueba_days_free(mh_ueba_set *set)
{
    ueba_priv *P = set->priv;
    if (P) {
        mh_arena_free(&P->a);
        free(P);
    }
    free(set->days);
    free((void *)set->person);
    free((void *)set->user);
    memset(set, 0, sizeof *set);
}

/* SEAD-4 paragraphs by feature. */
static void guidelines_of(mh_ueba_feature f, const char **g, size_t *n)
{
    const char *add[2] = {NULL, NULL};
    switch (f) {
    case MH_UF_AFTER_HOURS:
    case MH_UF_OTHER_PC: add[0] = "M 40a"; break;
    case MH_UF_USB_CONNECT:
    case MH_UF_USB_FILES:
    case MH_UF_EXE_USB: add[0] = "M 40f", add[1] = "M 40d"; break;
    case MH_UF_MAIL_OUT_ATT:
    case MH_UF_WEB_CLOUD_UP:
    case MH_UF_WEB_UPLOAD: add[0] = "M 40d", add[1] = "K 34a"; break;
    case MH_UF_WEB_LEAK: add[0] = "K 34a", add[1] = "M 40d"; break;
    case MH_UF_WEB_HACK: add[0] = "M 40a", add[1] = "M 40f"; break;
    case MH_UF_DECOY: add[0] = "K 34f", add[1] = "K 34d"; break;
    case MH_UF_WEB_JOB: add[0] = "K 34f"; break;
    default: break;
    }
    for (int k = 0; k < 2 && add[k]; k++) {
        bool dup = false;
        for (size_t i = 0; i < *n; i++) dup = dup || strcmp(g[i], add[k]) == 0;
        if (!dup && *n < MH_RULE_MAX_GUIDELINES) g[(*n)++] = add[k];
    }
}

static bool wanted(const mh_detect_opts *o, const char *person)
{
    if (!o || !o->only) return true;
    for (const char *const *p = o->only; *p; p++)
        if (strcmp(*p, person) == 0) return true;
    return false;
}

mh_status mh_ueba_emit(mh_store *s, const mh_ueba_set *sp, const mh_detect_opts *o, mh_alert_fn fn, void *ctx,
                       mh_err *e)
{
    mh_ueba_opts uo;
    mh_ueba_opts_default(&uo);
    const mh_ueba_set set = *sp;
    mh_status rc = MH_OK;
    for (size_t i = 0; i < set.n; i++) {
        const mh_ueba_day *d = &set.days[i];
        const char *person = d->user < set.nusers ? set.person[d->user] : NULL;
        if (!person || !wanted(o, person)) continue;
        /* every scored day is kept, so that a review of user-days can order the days below
         * the alert threshold too (the CERT protocol's daily budgets, docs/cert.md) */
        if (d->score > 0 && (rc = mh_store_day_score_put(s, person, d->day, d->score, e))) break;
        if (d->score < uo.alert_min) continue;
        /* the two features that weigh most name the alert */
        int top[2] = {-1, -1};
        for (int f = 0; f < MH_UF__COUNT; f++) {
            float w = ueba_weight[f] * d->z[f];
            if (w <= 0) continue;
            if (top[0] < 0 || w > ueba_weight[top[0]] * d->z[top[0]]) top[1] = top[0], top[0] = f;
            else if (top[1] < 0 || w > ueba_weight[top[1]] * d->z[top[1]]) top[1] = f;
        }
        if (top[0] < 0) continue;
        char rule[64], title[160], detail[768];
        snprintf(rule, sizeof rule, "UEBA-%s%s%s", mh_ueba_feature_tag(top[0]), top[1] >= 0 ? "-" : "",
                 top[1] >= 0 ? mh_ueba_feature_tag(top[1]) : "");
        snprintf(title, sizeof title, "Unusual day: %s%s%s", mh_ueba_feature_text(top[0]), top[1] >= 0 ? ", " : "",
                 top[1] >= 0 ? mh_ueba_feature_text(top[1]) : "");
        char date[16];
        mh_time_format_date((mh_time)d->day * 86400000, date, sizeof date);
        int at = snprintf(detail, sizeof detail, "%s, account %s: anomaly %.2f (robust z %.2f, forest %.2f);", date,
                          set.user[d->user], d->score, d->zscore, d->forest);
        for (int f = 0; f < MH_UF__COUNT && at > 0 && (size_t)at < sizeof detail; f++)
            if (d->z[f] > 0)
                at += snprintf(detail + at, sizeof detail - (size_t)at, " %g %s (z %.1f);", d->f[f],
                               mh_ueba_feature_text(f), d->z[f]);
        /* the context, named whenever it weighed on the day */
        bool amplified = false;
        for (int f = 0; f < MH_UF__COUNT; f++) amplified = amplified || (ueba_exfil[f] && d->z[f] > 0);
        if (amplified && d->layoff > 0 && at > 0 && (size_t)at < sizeof detail)
            snprintf(detail + at, sizeof detail - (size_t)at,
                     " context: %u of %u in the team left in the %d days before (data moved out weighs x%.2f);",
                     d->layoff_left, d->layoff_of, MH_UEBA_LAYOFF_DAYS, 1.0 + d->layoff);
        mh_alert a = {0};
        a.person = person;
        a.rule_id = rule;
        a.title = title;
        guidelines_of(top[0], a.guidelines, &a.nguidelines);
        if (top[1] >= 0) guidelines_of(top[1], a.guidelines, &a.nguidelines);
        a.axis = MH_AXIS_COMPROMISE;
        a.severity = d->score;
        a.ts = d->last_ts;
        a.first_ts = d->nev ? d->ev_ts[0] : d->last_ts;
        mh_evidence ev[MH_UEBA_EVIDENCE];
        for (uint32_t k = 0; k < d->nev; k++) {
            ev[k] = (mh_evidence){d->ev_id[k], d->ev_cat[k], d->ev_ts[k], "self", NULL,
                                  mh_ueba_feature_text((mh_ueba_feature)d->ev_feat[k])};
            if (d->ev_ts[k] < a.first_ts) a.first_ts = d->ev_ts[k];
        }
        a.evidence = ev;
        a.nevidence = d->nev;
        a.detail = detail;
        a.source = "UEBA";
        /* A behaviour baseline cannot see why a day was unusual; the person's work can. */
        a.mitigation_text = "a work reason for the day's activity (a project, a move, a sanctioned transfer), "
                            "confirmed by the supervisor or the data owner";
        if (fn(ctx, &a)) break;
    }
    return rc;
}
