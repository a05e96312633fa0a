/* From stored events to user-day feature vectors, in one pass over the store in time
 * order. Users are the accounts named by user.id; the UserAccounts (username -> owner)
 * say whose they are. Each user's days arrive in order, so a user's current day is simply
 * the last one appended. A user's own PC is the one they log on to most (tallied from the
 * per-day host counts at the end), which decides the other-PC feature afterwards. */
#include "ueba_int.h"

#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_json.h"

static uint32_t *slot_find(ueba_users *U, mh_str name)
{
    uint64_t h = mh_hash64(name.ptr, name.len, 0x75);
    for (size_t i = h & (U->nslot - 1);; i = (i + 1) & (U->nslot - 1)) {
        if (!U->slot[i]) return &U->slot[i];
        const char *n = U->name[U->slot[i] - 1];
        if (strlen(n) == name.len && memcmp(n, name.ptr, name.len) == 0) return &U->slot[i];
    }
}

/* The index of account NAME, added when new; UINT32_MAX when out of memory. */
uint32_t ueba_user(ueba_users *U, mh_str name)
{
    if ((U->n + 1) * 2 > U->nslot) {
        size_t ns = U->nslot ? U->nslot * 2 : 1024;
        uint32_t *s = calloc(ns, sizeof *s);
        if (!s) return UINT32_MAX;
        free(U->slot);
        U->slot = s, U->nslot = ns;
        for (size_t i = 0; i < U->n; i++) *slot_find(U, mh_str_c(U->name[i])) = (uint32_t)i + 1;
    }
    uint32_t *sl = slot_find(U, name);
    if (*sl) return *sl - 1;
    if (U->n == U->cap) {
        size_t nc = U->cap ? U->cap * 2 : 256;
        const char **nn = realloc(U->name, nc * sizeof *nn);
        if (nn) U->name = nn;
        const char **np = realloc(U->person, nc * sizeof *np);
        if (np) U->person = np;
        int64_t *nl = realloc(U->last_day, nc * sizeof *nl);
        if (nl) U->last_day = nl;
        if (!nn || !np || !nl) return UINT32_MAX;
        U->cap = nc;
    }
    char *copy = mh_arena_strndup(U->a, name.ptr, name.len);
    if (!copy) return UINT32_MAX;
    U->name[U->n] = copy;
    U->person[U->n] = NULL;
    U->last_day[U->n] = -1;
    *sl = (uint32_t)++U->n;
    return *sl - 1;
}

static double num(const mh_jv *v)
{
    return v && v->type == MH_JNUM ? v->u.num.d : 0;
}

static bool truthy(const mh_jv *v) { return v && v->type == MH_JTRUE; }

static mh_str jstr(const mh_jv *root, const char *path)
{
    return mh_json_str(mh_json_get_path(root, path, strlen(path)));
}

static const mh_jv *jget(const mh_jv *root, const char *path) { return mh_json_get_path(root, path, strlen(path)); }

static bool outside(mh_str addr, mh_str from)
{
    const char *a = memchr(addr.ptr, '@', addr.len), *f = memchr(from.ptr, '@', from.len);
    if (!a) return false;
    if (!f) return true;
    mh_str da = {a + 1, (size_t)(addr.ptr + addr.len - a - 1)}, df = {f + 1, (size_t)(from.ptr + from.len - f - 1)};
    return !mh_str_ieq_ascii(da, df);
}

/* The day record of user U for day D (appended when new). */
static ueba_dayrec *day_of(ueba_collect *C, uint32_t u, int64_t d)
{
    ueba_users *U = &C->users;
    if (U->last_day[u] == d) return &C->days[C->cur[u]];
    if (C->n == C->cap) {
        size_t nc = C->cap ? C->cap * 2 : 4096;
        ueba_dayrec *nd = realloc(C->days, nc * sizeof *nd);
        if (!nd) return NULL;
        C->days = nd, C->cap = nc;
    }
    if (u >= C->ncur) {
        size_t nc = U->cap;
        size_t *ncur = realloc(C->cur, nc * sizeof *ncur);
        if (!ncur) return NULL;
        C->cur = ncur, C->ncur = nc;
    }
    ueba_dayrec *r = &C->days[C->n];
    memset(r, 0, sizeof *r);
    r->d.user = u;
    r->d.day = (int32_t)d;
    C->cur[u] = C->n++;
    U->last_day[u] = d;
    return r;
}

static void note_host(ueba_dayrec *r, uint64_t h)
{
    for (int i = 0; i < r->nhost; i++)
        if (r->host[i] == h) {
            r->host_n[i]++;
            return;
        }
    if (r->nhost < UEBA_HOSTS) {
        r->host[r->nhost] = h;
        r->host_n[r->nhost++] = 1;
    } else {
        r->host_more++;
    }
}

static void evidence(ueba_collect *C, ueba_dayrec *r, const mh_jv *root, mh_ueba_feature f, mh_time ts)
{
    mh_ueba_day *d = &r->d;
    if (d->nev >= MH_UEBA_EVIDENCE) return;
    for (uint32_t i = 0; i < d->nev; i++)
        if (d->ev_feat[i] == f && d->nev >= 2) return; /* one of each kind is enough when space is short */
    mh_str id = jstr(root, "event.id"), cat = jstr(root, "event.category");
    d->ev_id[d->nev] = mh_arena_strndup(C->users.a, id.ptr, id.len);
    d->ev_cat[d->nev] = mh_arena_strndup(C->users.a, cat.ptr, cat.len);
    d->ev_ts[d->nev] = ts;
    d->ev_feat[d->nev++] = (uint8_t)f;
}

int ueba_collect_event(void *ctx, const char *json, size_t len, mh_time ts)
{
    ueba_collect *C = ctx;
    mh_arena_reset(&C->scratch);
    mh_jv root;
    mh_err e;
    if (!mh_json_parse(json, len, &C->scratch, &root, &e)) return 0; /* stored events are valid JSON */
    mh_str cat = jstr(&root, "event.category"), act = jstr(&root, "event.action"), user = jstr(&root, "user.id");
    if (!user.len || !cat.len) return 0;
    bool auth = mh_str_eq_c(cat, "authentication"), dev = mh_str_eq_c(cat, "device"), web = mh_str_eq_c(cat, "web"),
         mail = mh_str_eq_c(cat, "email"), file = mh_str_eq_c(cat, "file");
    if (!auth && !dev && !web && !mail && !file) return 0;
    uint32_t u = ueba_user(&C->users, user);
    if (u == UINT32_MAX) return C->oom = true, 1;
    int64_t day = mh_time_day(ts);
    ueba_dayrec *r = day_of(C, u, day);
    if (!r) return C->oom = true, 1;
    mh_ueba_day *d = &r->d;
    d->last_ts = ts;
    C->events++;
    if (auth && mh_str_eq_c(act, "logon")) {
        mh_str host = jstr(&root, "host.name");
        note_host(r, mh_hash64(host.ptr, host.len, 0x4f));
        int64_t ms = ts - day * 86400000;
        int hour = (int)(ms / 3600000), wd = (int)(((day + 4) % 7 + 7) % 7); /* 0 = Sunday */
        if (hour < 7 || hour >= 19 || wd == 0 || wd == 6) {
            d->f[MH_UF_AFTER_HOURS]++;
            evidence(C, r, &root, MH_UF_AFTER_HOURS, ts);
        }
    } else if (dev && mh_str_eq_c(act, "connect")) {
        d->f[MH_UF_USB_CONNECT]++;
        evidence(C, r, &root, MH_UF_USB_CONNECT, ts);
    } else if (file) {
        bool rem = truthy(jget(&root, "file.removable")) || truthy(jget(&root, "file.to_removable")) ||
                   truthy(jget(&root, "file.from_removable"));
        mh_str path = jstr(&root, "file.path");
        bool exe = truthy(jget(&root, "file.executable")) ||
                   (path.len > 4 && mh_str_ieq_ascii((mh_str){path.ptr + path.len - 4, 4}, MH_STR_LIT(".exe")));
        if (rem) d->f[MH_UF_USB_FILES]++;
        if (rem && exe) {
            d->f[MH_UF_EXE_USB]++;
            evidence(C, r, &root, MH_UF_EXE_USB, ts);
        }
        if (truthy(jget(&root, "file.decoy"))) {
            d->f[MH_UF_DECOY]++;
            evidence(C, r, &root, MH_UF_DECOY, ts);
        }
    } else if (web) {
        mh_str dom = jstr(&root, "url.domain");
        mh_ueba_site site = mh_ueba_site_of(dom);
        bool up = mh_str_eq_c(act, "upload");
        mh_ueba_feature f = MH_UF__COUNT;
        if (site == MH_SITE_LEAK) f = MH_UF_WEB_LEAK;
        else if (site == MH_SITE_HACK) f = MH_UF_WEB_HACK;
        else if (site == MH_SITE_JOB) f = MH_UF_WEB_JOB;
        else if (site == MH_SITE_CLOUD && up) f = MH_UF_WEB_CLOUD_UP;
        else if (up) f = MH_UF_WEB_UPLOAD;
        if (f != MH_UF__COUNT) {
            d->f[f]++;
            if (f != MH_UF_WEB_UPLOAD) evidence(C, r, &root, f, ts);
        }
    } else if (mail && !mh_str_eq_c(act, "view")) {
        double att = num(jget(&root, "email.attachments.count"));
        if (att > 0) {
            mh_str from = jstr(&root, "email.from.address");
            const mh_jv *to = jget(&root, "email.to.address");
            bool out = false;
            if (to && to->type == MH_JARR) {
                for (uint32_t i = 0; i < to->len && !out; i++) out = outside(mh_json_str(&to->u.items[i]), from);
            } else if (to) {
                out = outside(mh_json_str(to), from);
            }
            if (out) {
                d->f[MH_UF_MAIL_OUT_ATT]++;
                evidence(C, r, &root, MH_UF_MAIL_OUT_ATT, ts);
            }
        }
    }
    return 0;
}

typedef struct tally {
    uint32_t user;
    uint64_t host;
    uint32_t n;
} tally;

static int cmp_tally(const void *a, const void *b)
{
    const tally *x = a, *y = b;
    if (x->user != y->user) return x->user < y->user ? -1 : 1;
    return x->host < y->host ? -1 : x->host > y->host;
}

/* Own PC = the user's most-logged-on host; logons elsewhere count as other-PC logons. */
bool ueba_collect_finish(ueba_collect *C)
{
    size_t nt = 0;
    for (size_t i = 0; i < C->n; i++) nt += C->days[i].nhost;
    tally *t = malloc((nt ? nt : 1) * sizeof *t);
    uint64_t *own = calloc(C->users.n ? C->users.n : 1, sizeof *own);
    if (!t || !own) {
        free(t);
        free(own);
        return false;
    }
    nt = 0;
    for (size_t i = 0; i < C->n; i++)
        for (int k = 0; k < C->days[i].nhost; k++)
            t[nt++] = (tally){C->days[i].d.user, C->days[i].host[k], C->days[i].host_n[k]};
    qsort(t, nt, sizeof *t, cmp_tally);
    uint32_t best_n = 0;
    for (size_t i = 0; i < nt;) {
        size_t j = i;
        uint32_t sum = 0;
        while (j < nt && t[j].user == t[i].user && t[j].host == t[i].host) sum += t[j++].n;
        if (i == 0 || t[i - 1].user != t[i].user) best_n = 0;
        if (sum > best_n) best_n = sum, own[t[i].user] = t[i].host;
        i = j;
    }
    for (size_t i = 0; i < C->n; i++) {
        ueba_dayrec *r = &C->days[i];
        float other = (float)r->host_more;
        for (int k = 0; k < r->nhost; k++)
            if (r->host[k] != own[r->d.user]) other += (float)r->host_n[k];
        r->d.f[MH_UF_OTHER_PC] = other;
    }
    free(t);
    free(own);
    return true;
}
