/* The CERT insider-threat benchmark's published protocol, so that molehunt's results can
 * be set beside the literature's: user-day granularity, a temporal split (only days from
 * the split on are scored), cumulative recall at daily review budgets 25 ... 1000 (Tuor
 * et al. 2017: CR-k = sum over budgets b = 25, 50, ..., k of the share of malicious
 * user-days found when the analyst reviews the top b user-days of each day; at most k/25)
 * and the detection rate of insiders at fixed false-positive rates over normal user-days
 * (Le, Zincir-Heywood & Heywood 2020), plus the time-to-top-1 % aim of the issue.
 * Malicious user-days come from the answers' per-incident files (type, id, date, user,
 * ...; not proper CSV, so only the first four columns are read). */
#include "molehunt/mh_eval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_json.h"

/* ---- string -> index ---- */

typedef struct names {
    mh_arena *a;
    const char **s;
    size_t n, cap;
    uint32_t *slot;
    size_t nslot;
} names;

static uint32_t *nslot(names *N, mh_str k)
{
    uint64_t h = mh_hash64(k.ptr, k.len, 0xe7);
    for (size_t i = h & (N->nslot - 1);; i = (i + 1) & (N->nslot - 1)) {
        if (!N->slot[i]) return &N->slot[i];
        const char *x = N->s[N->slot[i] - 1];
        if (strlen(x) == k.len && memcmp(x, k.ptr, k.len) == 0) return &N->slot[i];
    }
}

static int64_t name_find(names *N, mh_str k)
{
    if (!N->nslot) return -1;
    uint32_t *sl = nslot(N, k);
    return *sl ? (int64_t)*sl - 1 : -1;
}

static int64_t name_add(names *N, mh_str k)
{
    if ((N->n + 1) * 2 > N->nslot) {
        size_t ns = N->nslot ? N->nslot * 2 : 1024;
        uint32_t *s = calloc(ns, sizeof *s);
        if (!s) return -1;
        free(N->slot);
        N->slot = s, N->nslot = ns;
        for (size_t i = 0; i < N->n; i++) *nslot(N, mh_str_c(N->s[i])) = (uint32_t)i + 1;
    }
    uint32_t *sl = nslot(N, k);
    if (*sl) return *sl - 1;
    if (N->n == N->cap) {
        size_t nc = N->cap ? N->cap * 2 : 256;
        const char **ns = realloc(N->s, nc * sizeof *ns);
        if (!ns) return -1;
        N->s = ns, N->cap = nc;
    }
    N->s[N->n] = mh_arena_strndup(N->a, k.ptr, k.len);
    if (!N->s[N->n]) return -1;
    *sl = (uint32_t)++N->n;
    return (int64_t)N->n - 1;
}

/* ---- user-days ---- */

typedef struct ud {
    uint32_t p;
    int32_t day;
    double score; /* the alerts' noisy-OR: what the person's risk and the analyst see */
    int32_t ins;  /* insider index when malicious, else -1 */
    double weak;  /* the day's behaviour score, alert or not (0 when none) */
    double key;   /* the review order: score, then weak among equal scores (ranked_key) */
} ud;

/* A review of user-days (CR-k, a false-positive cut) orders them by their alerts and,
 * among days with the same alerts — above all the many with none — by the behaviour
 * score, instead of leaving them tied. The weak score moves a day by at most 1e-9, under
 * any difference two alert scores have. */
#define WEAK_ORDER 1e-9
static double ranked_key(const ud *u) { return u->score + WEAK_ORDER * u->weak; }

typedef struct ctx {
    names accounts; /* username -> owner via owner[] */
    const char **owner;
    names people;
    ud *u;
    size_t n, cap;
    uint64_t *slot; /* (p << 32 | day) + 1 -> index via idx */
    uint32_t *idx;
    size_t nslot;
    mh_arena scratch;
    bool oom;
} ctx;

static uint64_t udkey(uint32_t p, int32_t day) { return ((uint64_t)p << 32 | (uint32_t)day) + 1; }

static ud *ud_get(ctx *C, uint32_t p, int32_t day)
{
    if ((C->n + 1) * 2 > C->nslot) {
        size_t ns = C->nslot ? C->nslot * 2 : 1 << 14;
        uint64_t *s = calloc(ns, sizeof *s);
        uint32_t *ix = calloc(ns, sizeof *ix);
        if (!s || !ix) return free(s), free(ix), NULL;
        for (size_t i = 0; i < C->n; i++) {
            uint64_t k = udkey(C->u[i].p, C->u[i].day);
            size_t j = mh_hash64(&k, 8, 1) & (ns - 1);
            while (s[j]) j = (j + 1) & (ns - 1);
            s[j] = k, ix[j] = (uint32_t)i;
        }
        free(C->slot), free(C->idx);
        C->slot = s, C->idx = ix, C->nslot = ns;
    }
    uint64_t k = udkey(p, day);
    size_t j = mh_hash64(&k, 8, 1) & (C->nslot - 1);
    while (C->slot[j] && C->slot[j] != k) j = (j + 1) & (C->nslot - 1);
    if (C->slot[j]) return &C->u[C->idx[j]];
    if (C->n == C->cap) {
        size_t nc = C->cap ? C->cap * 2 : 4096;
        ud *nu = realloc(C->u, nc * sizeof *nu);
        if (!nu) return NULL;
        C->u = nu, C->cap = nc;
    }
    C->slot[j] = k, C->idx[j] = (uint32_t)C->n;
    C->u[C->n] = (ud){p, day, 0, -1, 0, 0};
    return &C->u[C->n++];
}

static int32_t day_of(mh_time t) { return (int32_t)mh_time_day(t); }

/* The person a user id stands for: the account's owner, else the id itself. */
static int64_t person_of(ctx *C, mh_str user)
{
    int64_t a = name_find(&C->accounts, user);
    mh_str p = a >= 0 && C->owner[a] ? mh_str_c(C->owner[a]) : user;
    return name_add(&C->people, p);
}

static int on_account(void *vc, const mh_entity *ent)
{
    ctx *C = vc;
    const char *u = mh_entity_first(ent, "username"), *o = mh_entity_first(ent, "owner");
    if (!u || !o) return 0;
    int64_t i = name_add(&C->accounts, mh_str_c(u));
    if (i < 0) return C->oom = true, 1;
    const char **no = realloc(C->owner, C->accounts.cap * sizeof *no);
    if (!no) return C->oom = true, 1;
    C->owner = no;
    C->owner[i] = mh_arena_strndup(C->accounts.a, o, strlen(o));
    return 0;
}

static int on_event(void *vc, const char *json, size_t len, mh_time ts)
{
    ctx *C = vc;
    mh_arena_reset(&C->scratch);
    mh_jv root;
    mh_err e;
    if (!mh_json_parse(json, len, &C->scratch, &root, &e)) return 0;
    mh_str cat = mh_json_str(mh_json_get_path(&root, "event.category", 14));
    mh_str user = mh_json_str(mh_json_get_path(&root, "user.id", 7));
    if (!user.len || mh_str_eq_c(cat, "psychometric")) return 0;
    int64_t p = person_of(C, user);
    if (p < 0 || !ud_get(C, (uint32_t)p, day_of(ts))) return C->oom = true, 1;
    return 0;
}

static int on_alert(void *vc, const mh_alert_rec *a)
{
    ctx *C = vc;
    int64_t p = name_add(&C->people, mh_str_c(a->person));
    ud *d = p < 0 ? NULL : ud_get(C, (uint32_t)p, day_of(a->ts));
    if (!d) return C->oom = true, 1;
    double s = a->severity * (1 - a->mitigation);
    d->score = 1 - (1 - d->score) * (1 - (s < 0 ? 0 : s > 1 ? 1 : s));
    return 0;
}

static int on_day_score(void *vc, const char *person, int32_t day, double score)
{
    ctx *C = vc;
    int64_t p = name_add(&C->people, mh_str_c(person));
    ud *d = p < 0 ? NULL : ud_get(C, (uint32_t)p, day);
    if (!d) return C->oom = true, 1;
    d->weak = MH_MAX(d->weak, score);
    return 0;
}

/* ---- the answers ---- */

typedef struct ins_days {
    int32_t *d;
    size_t n, cap;
} ins_days;

static bool days_add(ins_days *D, int32_t day)
{
    if (D->n == D->cap) {
        size_t nc = D->cap ? D->cap * 2 : 64;
        int32_t *nd = realloc(D->d, nc * sizeof *nd);
        if (!nd) return false;
        D->d = nd, D->cap = nc;
    }
    D->d[D->n++] = day;
    return true;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* Reads an incident's rows file: the third column of every line is its date. */
static bool read_rows(const char *path, ins_days *D, size_t *nbad)
{
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char line[65536];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '\n' || line[0] == '\r') continue;
        char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL, *c3 = c2 ? strchr(c2 + 1, ',') : NULL;
        mh_time t;
        if (!c3 || !mh_eval_parse_time(c2 + 1, (size_t)(c3 - c2 - 1), &t)) {
            (*nbad)++;
            continue;
        }
        if (!days_add(D, day_of(t))) break;
    }
    fclose(f);
    return true;
}

static const double fpr_targets[6] = {0.001, 0.005, 0.0078, 0.01, 0.02, 0.05};

static int cmp_day_score(const void *a, const void *b)
{
    const ud *x = a, *y = b;
    if (x->day != y->day) return x->day < y->day ? -1 : 1;
    return x->key > y->key ? -1 : x->key < y->key;
}

mh_status mh_eval_cert(mh_store *s, const char *dir, int32_t split_day, mh_arena *a, mh_eval_cert_result *out,
                       mh_err *e)
{
    memset(out, 0, sizeof *out);
    ctx C;
    memset(&C, 0, sizeof C);
    C.accounts.a = a, C.people.a = a;
    mh_arena_init(&C.scratch, 1 << 16);
    mh_eval_truth truth;
    ins_days *days = NULL;
    double *best = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/insiders.csv", dir);
    mh_status rc = mh_eval_truth_read(path, a, &truth, e);
    if (rc) goto out;
    out->nbad = truth.nbad;
    if ((rc = mh_store_entities_each(s, "UserAccount", on_account, &C, e))) goto out;
    if (!C.oom && (rc = mh_store_events_each(s, MH_TIME_NONE, MH_TIME_NONE, on_event, &C, e))) goto out;
    if (!C.oom && (rc = mh_store_alerts_each(s, NULL, on_alert, &C, e))) goto out;
    if (!C.oom && (rc = mh_store_day_scores_each(s, on_day_score, &C, e))) goto out;
    if (C.oom) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
        goto out;
    }
    /* insiders: one per person; their malicious days from the rows files */
    out->ins = mh_arena_zalloc(a, (truth.nrows ? truth.nrows : 1) * sizeof *out->ins);
    days = calloc(truth.nrows ? truth.nrows : 1, sizeof *days);
    if (!out->ins || !days) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < truth.nrows; i++) {
        const mh_eval_truth_row *t = &truth.rows[i];
        int64_t p = person_of(&C, mh_str_c(t->user));
        if (p < 0) {
            rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
            goto out;
        }
        size_t k = 0;
        while (k < out->nins && strcmp(out->ins[k].person, C.people.s[p]) != 0) k++;
        if (k == out->nins) {
            out->ins[k] = (mh_eval_cert_insider){.user = t->user, .person = C.people.s[p], .scenario = t->scenario};
            out->nins++;
        }
        bool read = false;
        if (t->details && *t->details) {
            snprintf(path, sizeof path, "%s/%s", dir, t->details);
            read = read_rows(path, &days[k], &out->nbad);
            if (!read) { /* real releases: answers/r4.2-1/r4.2-1-USER.csv named as r4.2-1-USER.csv */
                const char *d1 = strchr(t->details, '-'), *d2 = d1 ? strchr(d1 + 1, '-') : NULL;
                if (d2) {
                    snprintf(path, sizeof path, "%s/%.*s/%s", dir, (int)(d2 - t->details), t->details, t->details);
                    read = read_rows(path, &days[k], &out->nbad);
                }
            }
        }
        if (!read && t->start != MH_TIME_NONE) /* no rows file: the span start..end */
            for (int32_t d = day_of(t->start); d <= day_of(t->end != MH_TIME_NONE ? t->end : t->start); d++)
                if (!days_add(&days[k], d)) break;
    }
    for (size_t k = 0; k < out->nins; k++) {
        ins_days *D = &days[k];
        if (D->n) qsort(D->d, D->n, sizeof *D->d, cmp_i32);
        size_t m = 0;
        for (size_t i = 0; i < D->n; i++)
            if (!m || D->d[i] != D->d[m - 1]) D->d[m++] = D->d[i];
        D->n = m;
        mh_eval_cert_insider *I = &out->ins[k];
        I->ndays = m;
        I->first_day = m ? D->d[0] : 0, I->last_day = m ? D->d[m - 1] : 0;
        int64_t p = name_find(&C.people, mh_str_c(I->person));
        for (size_t i = 0; i < m && p >= 0; i++) {
            ud *u = ud_get(&C, (uint32_t)p, D->d[i]);
            if (!u) {
                rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
                goto out;
            }
            u->ins = (int32_t)k;
        }
    }
    /* the test period */
    out->first_day = INT32_MAX, out->last_day = INT32_MIN;
    for (size_t i = 0; i < C.n; i++) {
        out->first_day = MH_MIN(out->first_day, C.u[i].day);
        out->last_day = MH_MAX(out->last_day, C.u[i].day);
    }
    out->split_day = split_day == INT32_MIN ? out->first_day : split_day;
    out->users = C.people.n;
    for (size_t i = 0; i < C.n; i++) C.u[i].key = ranked_key(&C.u[i]);
    if (C.n) qsort(C.u, C.n, sizeof *C.u, cmp_day_score);
    size_t t0 = 0;
    while (t0 < C.n && C.u[t0].day < out->split_day) t0++;
    ud *T = C.u + t0;
    size_t nt = C.n - t0, nmal = 0;
    for (size_t i = 0; i < nt; i++) {
        if (T[i].ins >= 0) nmal++, out->ins[T[i].ins].ndays_test++;
    }
    out->user_days_test = nt, out->malicious_test = nmal;
    /* CR-k */
    double found[40] = {0};
    for (size_t i = 0; i < nt;) {
        size_t j = i;
        while (j < nt && T[j].day == T[i].day) j++;
        size_t n = j - i;
        for (int b = 0; b < 40; b++) {
            size_t k = (size_t)(b + 1) * 25;
            if (k >= n) {
                for (size_t x = i; x < j; x++) found[b] += T[x].ins >= 0;
                continue;
            }
            double cut = T[i + k - 1].key;
            size_t above = 0, mal_above = 0, tie = 0, mal_tie = 0;
            for (size_t x = i; x < j; x++) {
                if (T[x].key > cut) above++, mal_above += T[x].ins >= 0;
                else if (T[x].key == cut) tie++, mal_tie += T[x].ins >= 0;
            }
            found[b] += (double)mal_above + (tie ? (double)mal_tie * (double)(k - above) / (double)tie : 0);
        }
        i = j;
    }
    double cum = 0;
    for (int b = 0; b < 40; b++) {
        cum += nmal ? found[b] / (double)nmal : 0;
        out->cr[b] = cum;
    }
    /* detection at fixed false-positive rates over normal test user-days */
    size_t nnorm = nt - nmal, nins_test = 0;
    for (size_t k = 0; k < out->nins; k++) nins_test += out->ins[k].ndays_test > 0;
    ud *byscore = malloc((nt ? nt : 1) * sizeof *byscore);
    if (!byscore) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
        goto out;
    }
    memcpy(byscore, T, nt * sizeof *T);
    for (size_t i = 0; i < nt; i++) byscore[i].day = 0;
    qsort(byscore, nt, sizeof *byscore, cmp_day_score);
    for (int f = 0; f < 6; f++) {
        mh_eval_cert_fpr *R = &out->at[f];
        R->fpr_target = fpr_targets[f];
        R->threshold = INFINITY;
        size_t fp = 0;
        for (size_t i = 0; i < nt;) {
            size_t j = i, fpj = fp;
            while (j < nt && byscore[j].key == byscore[i].key) fpj += byscore[j].ins < 0, j++;
            if (byscore[i].key <= 0 || (nnorm && (double)fpj / (double)nnorm > fpr_targets[f])) break;
            fp = fpj, R->threshold = byscore[i].key;
            i = j;
        }
        R->fpr = nnorm ? (double)fp / (double)nnorm : 0;
        size_t hit_days = 0, hit_ins = 0;
        bool *hit = calloc(out->nins ? out->nins : 1, sizeof *hit);
        if (!hit) {
            free(byscore);
            rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < nt; i++)
            if (T[i].ins >= 0 && T[i].key >= R->threshold) hit_days++, hit[T[i].ins] = true;
        for (size_t k = 0; k < out->nins; k++) {
            hit_ins += hit[k];
            if (f == 2) out->ins[k].detected_078 = hit[k];
        }
        free(hit);
        R->dr = nins_test ? (double)hit_ins / (double)nins_test : 0;
        R->day_recall = nmal ? (double)hit_days / (double)nmal : 0;
    }
    free(byscore);
    /* within 7 days of the first malicious day, in the top 1 % of users? */
    best = malloc((C.people.n ? C.people.n : 1) * sizeof *best);
    if (!best) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
        goto out;
    }
    size_t cut = (size_t)ceil(0.01 * (double)C.people.n);
    if (!cut) cut = 1;
    for (size_t k = 0; k < out->nins; k++) {
        mh_eval_cert_insider *I = &out->ins[k];
        for (size_t p = 0; p < C.people.n; p++) best[p] = 0;
        for (size_t i = 0; i < C.n; i++)
            if (C.u[i].day <= I->first_day + 7 && C.u[i].score > best[C.u[i].p]) best[C.u[i].p] = C.u[i].score;
        int64_t p = name_find(&C.people, mh_str_c(I->person));
        double mine = p >= 0 ? best[p] : 0;
        size_t higher = 0;
        for (size_t q = 0; q < C.people.n; q++) higher += best[q] > mine;
        I->rank7 = higher + 1;
        I->top1pct7 = mine > 0 && I->rank7 <= cut;
        out->top1pct7 += I->top1pct7;
    }
out:
    free(best);
    if (days)
        for (size_t k = 0; k < truth.nrows; k++) free(days[k].d);
    free(days);
    free(C.u), free(C.slot), free(C.idx), free(C.owner);
    free(C.accounts.s), free(C.accounts.slot), free(C.people.s), free(C.people.slot);
    mh_arena_free(&C.scratch);
    return rc;
}
