/* The monthly LDAP snapshots (LDAP/YYYY-MM.csv) turned into the organisation: one home
 * Organization (topics molehunt.home) so that everyone in the snapshots is a covered
 * person; per user a Person, a UserAccount whose username is the CERT user id (which is
 * how activity events find their person), an Employment with role from the first month
 * seen to the last (ended only when the user is missing from the final snapshot), a
 * Membership of the department, and Associate "supervisor" ties to the person the
 * snapshot names as supervisor (by name, as CERT writes it). */
#include "cert_int.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

typedef struct sup_tie {
    char *user; /* the supervisor's user id */
    int first, last;
} sup_tie;

typedef struct ldap_user {
    char *user, *name, *email, *role, *dept, *funit, *team, *sup_name;
    int first, last;
    sup_tie ties[4];
    int nties;
} ldap_user;

typedef struct ldap_state {
    mh_arena a;
    ldap_user *u;
    size_t n, cap;
    size_t *slot; /* open addressing on user id: index + 1 */
    size_t nslot;
    char months[1024][8];
    int nmonths;
} ldap_state;

static size_t *find_slot(ldap_state *st, mh_str user)
{
    uint64_t h = mh_hash64(user.ptr, user.len, 0x1dab);
    for (size_t i = h & (st->nslot - 1);; i = (i + 1) & (st->nslot - 1)) {
        if (!st->slot[i]) return &st->slot[i];
        ldap_user *u = &st->u[st->slot[i] - 1];
        if (strlen(u->user) == user.len && memcmp(u->user, user.ptr, user.len) == 0) return &st->slot[i];
    }
}

static ldap_user *user_get(ldap_state *st, mh_str user)
{
    if ((st->n + 1) * 2 > st->nslot) {
        size_t ns = st->nslot ? st->nslot * 2 : 1024;
        size_t *s = calloc(ns, sizeof *s);
        if (!s) return NULL;
        free(st->slot);
        st->slot = s, st->nslot = ns;
        for (size_t i = 0; i < st->n; i++) *find_slot(st, mh_str_c(st->u[i].user)) = i + 1;
    }
    size_t *sl = find_slot(st, user);
    if (*sl) return &st->u[*sl - 1];
    if (st->n == st->cap) {
        size_t nc = st->cap ? st->cap * 2 : 256;
        ldap_user *nu = realloc(st->u, nc * sizeof *nu);
        if (!nu) return NULL;
        st->u = nu, st->cap = nc;
    }
    ldap_user *u = &st->u[st->n];
    memset(u, 0, sizeof *u);
    u->user = mh_arena_strndup(&st->a, user.ptr, user.len);
    u->first = -1;
    if (!u->user) return NULL;
    *sl = ++st->n;
    return u;
}

static char *dup(ldap_state *st, const mh_cert_row *row, int col, mh_buf *scratch)
{
    if (col < 0 || col >= row->n) return NULL;
    mh_str f = mh_cert_field(row, col, scratch);
    while (f.len && (f.ptr[f.len - 1] == ' ' || f.ptr[f.len - 1] == '\r')) f.len--;
    if (!mh_utf8_valid(f.ptr, f.len, NULL)) return NULL;
    return mh_arena_strndup(&st->a, f.ptr, f.len);
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* One snapshot, month index M. */
static mh_status load_month(mh_store *s, ldap_state *st, const char *path, int m, mh_cert_counts *c, mh_buf *scratch,
                            mh_err *e)
{
    mh_cert_csv *r;
    mh_status rc = mh_cert_csv_open(path, &r, e);
    if (rc) return rc;
    const mh_cert_row *h = mh_cert_csv_header(r);
    int ci[9] = {cert_col_of(h, "user_id"), cert_col_of(h, "employee_name"), cert_col_of(h, "email"), cert_col_of(h, "role"),
                 cert_col_of(h, "department"), cert_col_of(h, "functional_unit"), cert_col_of(h, "team"), cert_col_of(h, "supervisor"), 0};
    if (ci[0] < 0) {
        mh_err_at(e, path, 1, 0);
        rc = mh_err_set(e, MH_E_INPUT, "LDAP snapshot header lacks 'user_id'");
        goto out;
    }
    mh_cert_row row;
    long line;
    const char *text;
    size_t len;
    while (mh_cert_csv_next(r, -1, &row, &line, &text, &len)) {
        c->read++;
        mh_str user = row.n > ci[0] ? row.f[ci[0]] : (mh_str){"", 0};
        while (user.len && (user.ptr[user.len - 1] == '\r' || user.ptr[user.len - 1] == ' ')) user.len--;
        const char *why = row.err;
        if (!why && row.n != h->n) why = "wrong number of fields for the LDAP header";
        if (!why && (!user.len || user.len > 24 || !mh_utf8_valid(user.ptr, user.len, NULL))) why = "bad user_id";
        if (why) {
            char msg[128];
            snprintf(msg, sizeof msg, "LDAP: %s", why);
            if ((rc = cert_quarantine(s, path, line, row.err_col, msg, text, len, c, e))) goto out;
            continue;
        }
        c->folded++;
        ldap_user *u = user_get(st, user);
        if (!u) {
            rc = mh_err_set(e, MH_E_NOMEM, "out of memory reading LDAP");
            goto out;
        }
        if (u->first < 0) u->first = m;
        u->last = m;
        char **dst[8] = {NULL, &u->name, &u->email, &u->role, &u->dept, &u->funit, &u->team, &u->sup_name};
        for (int k = 1; k < 8; k++) {
            char *v = dup(st, &row, ci[k], scratch);
            if (v && *v) *dst[k] = v;
            else if (k == 7) u->sup_name = NULL; /* no supervisor this month */
        }
        /* Supervisor ties are resolved after every month is read (names map to ids). */
        if (u->sup_name && u->nties < 4) {
            sup_tie *t = u->nties ? &u->ties[u->nties - 1] : NULL;
            if (!t || strcmp(t->user, u->sup_name) != 0 || t->last != m - 1) {
                t = &u->ties[u->nties++];
                t->user = u->sup_name;
                t->first = m;
            }
            t->last = m;
        } else if (u->sup_name && u->nties == 4) {
            u->ties[3].last = m;
        }
    }
out:
    mh_cert_csv_close(r);
    return rc;
}

/* "2010-05" -> the month's first instant. */
static mh_time month_start(const char *ym)
{
    mh_time lo, hi;
    return mh_time_parse_iso(ym, strlen(ym), &lo, &hi, NULL) ? lo : MH_TIME_NONE;
}

typedef struct name_ent {
    const char *name;
    const char *user;
} name_ent;

static int cmp_ne(const void *a, const void *b)
{
    return strcmp(((const name_ent *)a)->name, ((const name_ent *)b)->name);
}

static mh_status put_org(mh_store *s, ldap_state *st, int64_t src, mh_cert_counts *c, mh_err *e)
{
    cert_ent b;
    cert_ent_init(&b, "Organization", "%s", CERT_HOME_ORG);
    cert_ent_set(&b, "name", "CERT dataset organisation");
    cert_ent_set(&b, "topics", "molehunt.home");
    mh_status rc = cert_ent_put(s, &b, src, c, e);
    /* Departments: one Organization each, under the home body. */
    for (size_t i = 0; rc == MH_OK && i < st->n; i++) {
        ldap_user *u = &st->u[i];
        if (!u->dept) continue;
        cert_ent_init(&b, "Organization", "cert-dept-%016llx",
                      (unsigned long long)mh_hash64(u->dept, strlen(u->dept), 0xde9));
        cert_ent_set(&b, "name", u->dept);
        cert_ent_set(&b, "parent", CERT_HOME_ORG);
        rc = cert_ent_put(s, &b, src, c, e);
    }
    return rc;
}

mh_status cert_ldap_load(mh_store *s, const char *dir, FILE *progress, mh_cert_counts *c, mh_time *first_month, mh_err *e)
{
    *first_month = MH_TIME_NONE;
    char path[4096];
    snprintf(path, sizeof path, "%s/LDAP", dir);
    DIR *d = opendir(path);
    if (!d) {
        if (progress) fprintf(progress, "cert: no LDAP/ directory: no people, accounts or employments\n");
        return MH_OK;
    }
    ldap_state *st = calloc(1, sizeof *st);
    char **names = NULL;
    size_t nn = 0;
    mh_status rc = MH_OK;
    mh_buf scratch;
    mh_buf_init(&scratch, 1 << 20);
    name_ent *byname = NULL;
    if (!st) {
        closedir(d);
        return mh_err_set(e, MH_E_NOMEM, "out of memory");
    }
    mh_arena_init(&st->a, 1 << 16);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t L = strlen(de->d_name);
        if (L < 11 || strcmp(de->d_name + L - 4, ".csv") != 0 || de->d_name[4] != '-') continue;
        char **nn2 = realloc(names, (nn + 1) * sizeof *names);
        if (!nn2 || !(nn2[nn] = mh_arena_strndup(&st->a, de->d_name, L))) {
            if (nn2) names = nn2;
            rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
            closedir(d);
            goto out;
        }
        names = nn2, nn++;
    }
    closedir(d);
    if (nn > MH_ARRAY_LEN(st->months)) nn = MH_ARRAY_LEN(st->months);
    if (nn) qsort(names, nn, sizeof *names, cmp_name);
    int64_t src;
    mh_source_info si = {.path = path, .kind = "cert", .channel = NULL};
    if ((rc = mh_store_source(s, &si, &src, e))) goto out;
    for (size_t i = 0; i < nn; i++) {
        snprintf(st->months[i], sizeof st->months[i], "%.7s", names[i]);
        st->nmonths = (int)i + 1;
        char p[4200];
        snprintf(p, sizeof p, "%s/%s", path, names[i]);
        if ((rc = load_month(s, st, p, (int)i, c, &scratch, e))) goto out;
    }
    if (!st->nmonths) goto out;
    *first_month = month_start(st->months[0]);
    /* Supervisor names to user ids (the latest holder of a name wins). */
    byname = calloc(st->n ? st->n : 1, sizeof *byname);
    if (!byname) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
        goto out;
    }
    size_t nb = 0;
    for (size_t i = 0; i < st->n; i++)
        if (st->u[i].name) byname[nb++] = (name_ent){st->u[i].name, st->u[i].user};
    if (nb) qsort(byname, nb, sizeof *byname, cmp_ne);
    if ((rc = put_org(s, st, src, c, e))) goto out;
    int lastm = st->nmonths - 1;
    for (size_t i = 0; i < st->n; i++) {
        ldap_user *u = &st->u[i];
        const char *start = st->months[u->first], *end = u->last < lastm ? st->months[u->last] : NULL;
        c->people++;
        if (end) c->leavers++;
        char pid[64], other[64];
        mh_cert_person_id(u->user, pid, sizeof pid);
        cert_ent b;
        cert_ent_init(&b, "Person", "%s", pid);
        cert_ent_set(&b, "name", u->name ? u->name : u->user);
        cert_ent_set(&b, "email", u->email);
        cert_ent_set(&b, "position", u->role);
        if ((rc = cert_ent_put(s, &b, src, c, e))) goto out;
        cert_ent_init(&b, "UserAccount", "cert-ua-%s", u->user);
        cert_ent_set(&b, "owner", pid);
        cert_ent_set(&b, "username", u->user);
        cert_ent_set(&b, "service", "cert-ldap");
        cert_ent_set(&b, "email", u->email);
        if ((rc = cert_ent_put(s, &b, src, c, e))) goto out;
        cert_ent_init(&b, "Employment", "cert-emp-%s", u->user);
        cert_ent_set(&b, "employer", CERT_HOME_ORG);
        cert_ent_set(&b, "employee", pid);
        cert_ent_set(&b, "role", u->role);
        cert_ent_set(&b, "startDate", start);
        cert_ent_set(&b, "endDate", end);
        if ((rc = cert_ent_put(s, &b, src, c, e))) goto out;
        if (u->dept) {
            char dept[48], team[64];
            snprintf(dept, sizeof dept, "cert-dept-%016llx", (unsigned long long)mh_hash64(u->dept, strlen(u->dept), 0xde9));
            snprintf(team, sizeof team, "team %s", u->team ? u->team : "?");
            cert_ent_init(&b, "Membership", "cert-mem-%s", u->user);
            cert_ent_set(&b, "member", pid);
            cert_ent_set(&b, "organization", dept);
            cert_ent_set(&b, "role", team);
            cert_ent_set(&b, "startDate", start);
            cert_ent_set(&b, "endDate", end);
            if ((rc = cert_ent_put(s, &b, src, c, e))) goto out;
        }
        for (int k = 0; k < u->nties; k++) {
            name_ent key = {u->ties[k].user, NULL}, *hit = bsearch(&key, byname, nb, sizeof *byname, cmp_ne);
            if (!hit || strcmp(hit->user, u->user) == 0) continue;
            mh_cert_person_id(hit->user, other, sizeof other);
            cert_ent_init(&b, "Associate", "cert-sup-%s-%s", u->user, hit->user);
            cert_ent_set(&b, "person", pid);
            cert_ent_set(&b, "associate", other);
            cert_ent_set(&b, "relationship", "supervisor");
            cert_ent_set(&b, "startDate", st->months[u->ties[k].first]);
            cert_ent_set(&b, "endDate", u->ties[k].last < lastm ? st->months[u->ties[k].last] : NULL);
            if ((rc = cert_ent_put(s, &b, src, c, e))) goto out;
        }
    }
    if (progress)
        fprintf(progress, "cert: LDAP: %d monthly snapshots, %lld people (%lld left), %lld entities\n", st->nmonths,
                (long long)c->people, (long long)c->leavers, (long long)c->entities);
out:
    free(byname);
    free(names);
    mh_buf_free(&scratch);
    mh_arena_free(&st->a);
    free(st->u);
    free(st->slot);
    free(st);
    return rc;
}
