/* Pseudonyms in and out of the API. Responses name every person by keyed pseudonym;
 * requests name them the same way, so the server keeps an index from pseudonym back to
 * the scored person's id (rebuilt when a job changes the scores). Free text from the
 * store (alert details, evidence summaries, analysts' notes) may mention entity ids and
 * people's names, which are replaced by pseudonyms before the text leaves the server. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_int.h"

void srv_pseudo(srv *sv, const char *id, char out[MH_PSEUDONYM_LEN]) { mh_privacy_pseudonym(sv->priv, id, out); }

typedef struct collect {
    srv *sv;
    srv_person *v;
    size_t n, cap;
    bool oom;
} collect;

static int on_score(void *ctx, const mh_score_rec *rec)
{
    collect *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        srv_person *nv = realloc(c->v, cap * sizeof *nv);
        if (!nv) return c->oom = true, 1;
        c->v = nv, c->cap = cap;
    }
    srv_person *p = &c->v[c->n];
    p->id = strdup(rec->person);
    if (!p->id) return c->oom = true, 1;
    srv_pseudo(c->sv, rec->person, p->pseudo);
    c->n++;
    return 0;
}

static int by_pseudo(const void *a, const void *b)
{
    return strcmp(((const srv_person *)a)->pseudo, ((const srv_person *)b)->pseudo);
}

/* Rebuilds the index when stale; called with cache_mu held. */
static mh_status refresh(srv *sv, mh_store *s, mh_err *e)
{
    unsigned gen = atomic_load(&sv->generation);
    if (sv->people && sv->people_gen == gen) return MH_OK;
    collect c = {.sv = sv};
    if (mh_store_scores_each(s, NULL, on_score, &c, e) || c.oom) {
        for (size_t i = 0; i < c.n; i++) free(c.v[i].id);
        free(c.v);
        return c.oom ? mh_err_set(e, MH_E_NOMEM, "out of memory indexing pseudonyms") : e->code;
    }
    qsort(c.v, c.n, sizeof *c.v, by_pseudo);
    for (size_t i = 0; i < sv->npeople; i++) free(sv->people[i].id);
    free(sv->people);
    sv->people = c.v ? c.v : calloc(1, sizeof *c.v);
    sv->npeople = c.n;
    sv->people_gen = gen;
    return MH_OK;
}

const char *srv_person_resolve(srv_req *r, const char *p)
{
    srv *sv = r->sv;
    mh_err e;
    mh_err_clear(&e);
    const char *found = NULL;
    pthread_mutex_lock(&sv->cache_mu);
    if (refresh(sv, r->store, &e)) {
        pthread_mutex_unlock(&sv->cache_mu);
        srv_reply_mh_err(r, &e);
        return NULL;
    }
    size_t lo = 0, hi = sv->npeople;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(sv->people[mid].pseudo, p);
        if (c == 0) {
            found = mh_arena_strndup(&r->arena, sv->people[mid].id, strlen(sv->people[mid].id));
            break;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    pthread_mutex_unlock(&sv->cache_mu);
    if (!found)
        srv_reply_error(r, 404, "notfound",
                        "no scored person has the pseudonym \"%.40s\"; pick one from the queue (GET /api/v1/queue)", p);
    return found;
}

static bool id_char(char c) { return islower((unsigned char)c) || isdigit((unsigned char)c) || c == '-' || c == '_'; }

bool srv_looks_like_id(const char *s, size_t n)
{
    /* lowercase prefix, a dash, then letters/digits with at least one digit: p-a0561fe2dd8ec5e2,
     * debt-1a49..., dis-c7a0... — never SEAD-4 or "B 7c". */
    size_t i = 0;
    while (i < n && islower((unsigned char)s[i])) i++;
    if (i == 0 || i >= n || s[i] != '-' || n < i + 4) return false;
    bool digit = false;
    for (size_t j = i + 1; j < n; j++) {
        if (!id_char(s[j])) return false;
        if (isdigit((unsigned char)s[j])) digit = true;
    }
    return digit;
}

typedef struct names_ctx {
    srv *sv;
    mh_privacy_names *n;
    mh_err *e;
} names_ctx;

static int on_named(void *vctx, const mh_entity *ent)
{
    names_ctx *c = vctx;
    char ps[MH_PSEUDONYM_LEN];
    srv_pseudo(c->sv, ent->id, ps);
    return mh_privacy_names_add_person(c->n, ent, ps, c->e) ? 1 : 0;
}

/* The names of every stored person and account, read again when entities were stored or
 * changed since (checked once per request: anything may have ingested meanwhile, the CLI
 * included); called with names_mu held. NULL when they cannot be read. */
static const mh_privacy_names *names_fresh(srv_req *r)
{
    srv *sv = r->sv;
    if (sv->names && r->names_checked) return sv->names;
    mh_err e;
    mh_err_clear(&e);
    int64_t rid, evt;
    if (mh_store_watermark(r->store, &rid, &evt, &e)) {
        fprintf(stderr, "molehunt serve: cannot check the store for new names: %s\n", e.msg);
        return NULL;
    }
    r->names_checked = true;
    if (sv->names && sv->names_rid == rid) return sv->names;
    names_ctx c = {sv, NULL, &e};
    if (mh_privacy_names_new(&c.n, &e) || mh_store_entities_each(r->store, "Person", on_named, &c, &e) ||
        mh_store_entities_each(r->store, "UserAccount", on_named, &c, &e)) {
        fprintf(stderr, "molehunt serve: cannot read people's names to scrub text: %s\n", e.msg);
        mh_privacy_names_free(c.n);
        return NULL;
    }
    mh_privacy_names_free(sv->names);
    sv->names = c.n;
    sv->names_rid = rid;
    return sv->names;
}

void srv_json_scrubbed(srv_req *r, mh_buf *b, const char *text, size_t n)
{
    srv *sv = r->sv;
    if (!text) {
        mh_buf_puts(b, "null");
        return;
    }
    mh_buf t;
    mh_buf_init(&t, 0);
    size_t i = 0;
    while (i < n) {
        if (id_char(text[i]) && (i == 0 || !id_char(text[i - 1]))) {
            size_t j = i;
            while (j < n && id_char(text[j])) j++;
            size_t end = j;
            while (end > i && text[end - 1] == '-') end--; /* a trailing dash is punctuation */
            if (srv_looks_like_id(text + i, end - i)) {
                char id[256], ps[MH_PSEUDONYM_LEN];
                size_t l = MH_MIN(end - i, sizeof id - 1);
                memcpy(id, text + i, l), id[l] = 0;
                srv_pseudo(sv, id, ps);
                mh_buf_puts(&t, ps);
                i = end;
                continue;
            }
            mh_buf_append(&t, text + i, j - i);
            i = j;
            continue;
        }
        mh_buf_putc(&t, text[i++]);
    }
    /* then the names (a pseudonym is never a name, so the order does not matter) */
    mh_buf named;
    mh_buf_init(&named, 0);
    pthread_mutex_lock(&sv->names_mu);
    const mh_privacy_names *names = names_fresh(r);
    bool ok = names && mh_privacy_names_scrub(names, t.data ? t.data : "", t.len, &named);
    pthread_mutex_unlock(&sv->names_mu);
    if (ok) srv_json_strn(b, named.data ? named.data : "", named.len);
    else srv_json_str(b, "(text withheld: the names in it could not be checked)");
    mh_buf_free(&named);
    mh_buf_free(&t);
}

static bool identifying_key(mh_str k)
{
    /* the last segment of a dotted key */
    size_t i = k.len;
    while (i > 0 && k.ptr[i - 1] != '.') i--;
    mh_str last = {k.ptr + i, k.len - i};
    static const char *const keys[] = {"name", "names", "email", "emails", "username", "full_name", "alias",
                                       "firstName", "lastName", "fatherName", "motherName", "previousName",
                                       "weakAlias", "phone", "address", "passportNumber", "idNumber"};
    for (size_t j = 0; j < MH_ARRAY_LEN(keys); j++)
        if (mh_str_eq_c(last, keys[j])) return true;
    return mh_str_eq_c(k, "user.id") || mh_str_eq_c(k, "id") || (k.len >= 3 && mh_str_eq_c(last, "id"));
}

static void scrub_value(srv_req *r, mh_buf *b, const mh_jv *v, mh_str key, int depth)
{
    switch (v->type) {
    case MH_JSTR:
        if (identifying_key(key) || memchr(v->u.s, '@', v->len)) {
            char tmp[512], ps[MH_PSEUDONYM_LEN];
            snprintf(tmp, sizeof tmp, "%.*s", (int)MH_MIN(v->len, 511u), v->u.s);
            srv_pseudo(r->sv, tmp, ps);
            srv_json_str(b, ps);
        } else srv_json_scrubbed(r, b, v->u.s, v->len);
        return;
    case MH_JARR:
        mh_buf_putc(b, '[');
        for (uint32_t i = 0; i < v->len; i++) {
            if (i) mh_buf_putc(b, ',');
            scrub_value(r, b, &v->u.items[i], key, depth + 1);
        }
        mh_buf_putc(b, ']');
        return;
    case MH_JOBJ:
        mh_buf_putc(b, '{');
        for (uint32_t i = 0; i < v->len; i++) {
            const mh_jmember *m = &v->u.members[i];
            if (i) mh_buf_putc(b, ',');
            srv_json_strn(b, m->key.ptr, m->key.len);
            mh_buf_putc(b, ':');
            /* keep the dotted path so "user.id" is recognised nested or flat */
            char path[256];
            int n = snprintf(path, sizeof path, "%.*s%s%.*s", (int)MH_MIN(key.len, 120u), key.ptr, key.len ? "." : "",
                             (int)MH_MIN(m->key.len, 120u), m->key.ptr);
            scrub_value(r, b, &m->val, (mh_str){path, (size_t)MH_MAX(0, MH_MIN(n, 255))}, depth + 1);
        }
        mh_buf_putc(b, '}');
        return;
    default: mh_json_write(b, v);
    }
}

void srv_json_scrub_value(srv_req *r, mh_buf *b, const mh_jv *v) { scrub_value(r, b, v, (mh_str){"", 0}, 0); }
