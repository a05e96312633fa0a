/* Pseudonymised output for graph, path, sphere, case and explain (see redact.h). One hash
 * table maps each token to show differently: a Person's id (to its pseudonym), its
 * pseudonym (back to the id, for input), and each of its names in raw, XML-escaped and
 * JSON-escaped form (to "(pseudonymised)"); the privacy module's name scrubber finds the
 * names inside free text. */
#include "redact.h"

#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_json.h"
#include "molehunt/mh_privacy.h"

typedef struct slot {
    const char *key, *val;
    size_t len; /* of key */
    char kind;  /* 'i' id -> pseudonym, 'p' pseudonym -> id, 'n' name -> redacted */
} slot;

struct mh_redact {
    mh_view *v;
    mh_privacy_names *names; /* NULL when identified */
    bool prose_only;         /* no table: mh_redact_open_prose */
    mh_arena a;
    slot *t;
    size_t cap, n;
};

static slot *find(mh_redact *r, const char *k, size_t len)
{
    if (!r->cap) return NULL;
    size_t i = (size_t)mh_hash64(k, len, 7) & (r->cap - 1);
    for (; r->t[i].key; i = (i + 1) & (r->cap - 1))
        if (r->t[i].len == len && memcmp(r->t[i].key, k, len) == 0) return &r->t[i];
    return NULL;
}

static bool put(mh_redact *r, const char *k, size_t len, const char *val, char kind)
{
    if (len == 0) return true;
    if ((r->n + 1) * 2 > r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 1024;
        slot *old = r->t;
        size_t oc = r->cap;
        if (!(r->t = calloc(nc, sizeof *r->t))) return r->t = old, false;
        r->cap = nc;
        r->n = 0;
        for (size_t i = 0; i < oc; i++)
            if (old[i].key) put(r, old[i].key, old[i].len, old[i].val, old[i].kind);
        free(old);
    }
    slot *s = find(r, k, len);
    if (s) {
        if (s->kind == 'n' && kind != 'n') s->val = val, s->kind = kind; /* an id beats a name */
        return true;
    }
    size_t i = (size_t)mh_hash64(k, len, 7) & (r->cap - 1);
    while (r->t[i].key) i = (i + 1) & (r->cap - 1);
    char *key = mh_arena_strndup(&r->a, k, len);
    if (!key) return false;
    r->t[i] = (slot){key, val, len, kind};
    r->n++;
    return true;
}

/* A name in its raw, XML-escaped and JSON-escaped (without quotes) spellings. */
static bool put_name(mh_redact *r, const char *name)
{
    mh_buf b;
    mh_buf_init(&b, 0);
    bool ok = put(r, name, strlen(name), "(pseudonymised)", 'n');
    for (const char *p = name; ok && *p; p++) {
        switch (*p) {
        case '&': ok = mh_buf_puts(&b, "&amp;"); break;
        case '<': ok = mh_buf_puts(&b, "&lt;"); break;
        case '>': ok = mh_buf_puts(&b, "&gt;"); break;
        case '"': ok = mh_buf_puts(&b, "&quot;"); break;
        case '\'': ok = mh_buf_puts(&b, "&apos;"); break;
        default: ok = mh_buf_putc(&b, *p);
        }
    }
    if (ok && b.data) ok = put(r, b.data, b.len, "(pseudonymised)", 'n');
    mh_buf_reset(&b);
    if (ok) ok = mh_json_write_str(&b, name, strlen(name));
    if (ok && b.len >= 2) ok = put(r, b.data + 1, b.len - 2, "(pseudonymised)", 'n');
    mh_buf_free(&b);
    return ok;
}

static int on_person(void *vctx, const mh_entity *ent)
{
    mh_redact *r = vctx;
    const char *p = mh_view_id(r->v, ent->id);
    char *pseud = mh_arena_strndup(&r->a, p, strlen(p));
    char *id = mh_arena_strndup(&r->a, ent->id, strlen(ent->id));
    if (!pseud || !id) return 1;
    if (!r->prose_only) {
        if (!put(r, ent->id, strlen(ent->id), pseud, 'i') || !put(r, pseud, strlen(pseud), id, 'p')) return 1;
        for (size_t i = 0; i < ent->nprops; i++) {
            bool named = mh_privacy_is_name_prop(ent->props[i].name);
            for (size_t j = 0; named && j < ent->props[i].nvals; j++)
                if (!put_name(r, ent->props[i].vals[j])) return 1;
        }
    }
    mh_err e;
    mh_err_clear(&e);
    return mh_privacy_names_add_person(r->names, ent, pseud, &e) ? 1 : 0;
}

static mh_status open_(mh_store *s, mh_view *v, bool prose_only, mh_redact **out, mh_err *e)
{
    mh_redact *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r) return mh_err_set(e, MH_E_NOMEM, "out of memory");
    r->v = v;
    r->prose_only = prose_only;
    mh_arena_init(&r->a, 64 * 1024);
    if (!v->identified) {
        /* people, and their accounts (an account id is usually the person's login) */
        mh_status rc = mh_privacy_names_new(&r->names, e);
        if (!rc) rc = mh_store_entities_each(s, "Person", on_person, r, e);
        if (!rc) rc = mh_store_entities_each(s, "UserAccount", on_person, r, e);
        if (rc) {
            mh_redact_free(r);
            return rc;
        }
    }
    *out = r;
    return MH_OK;
}

mh_status mh_redact_open(mh_store *s, mh_view *v, mh_redact **out, mh_err *e) { return open_(s, v, false, out, e); }

mh_status mh_redact_open_prose(mh_store *s, mh_view *v, mh_redact **out, mh_err *e)
{
    return open_(s, v, true, out, e);
}

void mh_redact_free(mh_redact *r)
{
    if (!r) return;
    mh_privacy_names_free(r->names);
    free(r->t);
    mh_arena_free(&r->a);
    free(r);
}

const char *mh_redact_id(mh_redact *r, const char *id)
{
    slot *s = id ? find(r, id, strlen(id)) : NULL;
    return s && s->kind == 'i' ? s->val : id;
}

const char *mh_redact_name(mh_redact *r, const char *id, const char *name)
{
    slot *s = id ? find(r, id, strlen(id)) : NULL;
    return s && s->kind == 'i' ? NULL : name;
}

const char *mh_redact_resolve(mh_redact *r, const char *typed)
{
    slot *s = typed ? find(r, typed, strlen(typed)) : NULL;
    return s && s->kind == 'p' ? s->val : typed;
}

bool mh_redact_prose(mh_redact *r, const char *text, size_t len, mh_buf *out)
{
    if (!text) text = "", len = 0;
    if (r->v->identified) return mh_buf_append(out, text, len);
    return mh_privacy_scrub_text(r->v->priv, r->names, text, len, out);
}

const char *mh_redact_prose_c(mh_redact *r, const char *text, mh_buf *scratch)
{
    if (!text || r->v->identified) return text;
    mh_buf_reset(scratch);
    if (!mh_redact_prose(r, text, strlen(text), scratch)) return "(text withheld: out of memory)";
    return scratch->data ? scratch->data : "";
}

bool mh_redact_json(mh_redact *r, const mh_jv *v, mh_buf *out)
{
    if (r->v->identified) return mh_json_write(out, v);
    return mh_privacy_scrub_json(r->v->priv, r->names, v, out);
}

bool mh_redact_prose_json(mh_redact *r, const char *text, size_t len, mh_buf *out)
{
    if (r->v->identified) return text ? mh_json_write_str(out, text, len) : mh_buf_puts(out, "null");
    return mh_privacy_scrub_text_json(r->v->priv, r->names, text, len, out);
}

bool mh_redact_text(mh_redact *r, const char *in, size_t len, mh_buf *out)
{
    size_t i = 0;
    if (!out->data && !mh_buf_append(out, "", 0)) return false;
    while (i < len) {
        char c = in[i];
        if (!mh_buf_putc(out, c)) return false;
        i++;
        if (c != '"' && c != '>') continue;
        /* the token runs to the next unescaped quote or '<' */
        size_t j = i;
        while (j < len && in[j] != '<' && in[j] != '\n' && !(in[j] == '"' && in[j - 1] != '\\')) j++;
        if (j >= len || in[j] == '\n' || j == i) continue;
        slot *s = find(r, in + i, j - i);
        if (s && s->kind == 'p') continue;
        /* a whole id or name, else any name inside the token's text */
        if (!(s ? mh_buf_puts(out, s->val) : mh_privacy_names_scrub(r->names, in + i, j - i, out))) return false;
        i = j;
    }
    return true;
}
