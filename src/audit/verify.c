/* Verifying the audit trail: every entry's MAC is recomputed and its prev_hash compared
 * with the hash of the entry before it. The first entry that fails is named with what
 * most likely happened there, judged from its neighbours:
 *   edited    - its MAC fails, but the next entry still chains to its stored hash;
 *   inserted  - its MAC fails and the next entry chains past it, to the one before;
 *   reordered - its MAC holds but it chains to an entry that now comes later;
 *   missing   - its MAC holds but it chains to an entry that is no longer there,
 *               or the trail ends before the head recorded at the last append. */
#include "audit_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct row {
    mh_audit_entry en;
} row;

static char *dup_col(mh_arena *a, sqlite3_stmt *st, int k)
{
    const char *t = (const char *)sqlite3_column_text(st, k);
    return t ? mh_arena_strndup(a, t, (size_t)sqlite3_column_bytes(st, k)) : NULL;
}

static mh_status load(sqlite3 *db, mh_arena *a, row **out, size_t *n, mh_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit ORDER BY seq",
                           -1, &st, NULL) != SQLITE_OK)
        return mh_err_set(e, MH_E_STORE, "audit: read: %s", sqlite3_errmsg(db));
    size_t cap = 0;
    row *v = NULL;
    mh_status rc = MH_OK;
    int r;
    *n = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            row *nv = realloc(v, cap * sizeof *v);
            if (!nv) {
                rc = mh_err_set(e, MH_E_NOMEM, "audit: out of memory");
                break;
            }
            v = nv;
        }
        mh_audit_entry *en = &v[*n].en;
        en->seq = sqlite3_column_int64(st, 0);
        en->at = sqlite3_column_int64(st, 1);
        en->actor = dup_col(a, st, 2);
        en->action = dup_col(a, st, 3);
        en->object = dup_col(a, st, 4);
        en->detail = dup_col(a, st, 5);
        en->prev_hash = dup_col(a, st, 6);
        en->hash = dup_col(a, st, 7);
        if (!en->prev_hash) en->prev_hash = "";
        if (!en->hash) en->hash = "";
        ++*n;
    }
    if (!rc && r != SQLITE_DONE) rc = mh_err_set(e, MH_E_STORE, "audit: read: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    if (rc) {
        free(v);
        v = NULL;
    }
    *out = v;
    return rc;
}

/* The head recorded by the last append: "SEQ HASH". */
static bool read_head(sqlite3 *db, int64_t *seq, char hash[MH_AUDIT_HEX])
{
    sqlite3_stmt *st;
    bool found = false;
    if (sqlite3_prepare_v2(db, "SELECT value FROM state WHERE key = 'audit.head'", -1, &st, NULL) != SQLITE_OK) return false;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        long long sq;
        char h[MH_AUDIT_HEX];
        if (v && sscanf(v, "%lld %64s", &sq, h) == 2) {
            *seq = sq;
            memcpy(hash, h, MH_AUDIT_HEX);
            found = true;
        }
    }
    sqlite3_finalize(st);
    return found;
}

/* Records the first failure: SEQ, and "KIND: entry SEQ WHAT" (WHAT may name SEQ again). */
static void judge(mh_audit_report *out, int64_t seq, const char *kind, const char *what)
{
    out->ok = false;
    out->bad_seq = seq;
    snprintf(out->problem, sizeof out->problem, "%s: entry %lld %s", kind, (long long)seq, what);
}

mh_status mh_audit_verify(mh_store *s, mh_audit_report *out, mh_err *e)
{
    memset(out, 0, sizeof *out);
    out->ok = true;
    sqlite3 *db = mh_store_db(s);
    mh_arena a;
    mh_arena_init(&a, 64 * 1024);
    row *v = NULL;
    size_t n = 0;
    mh_audit_key k;
    int64_t head_seq = 0;
    char head[MH_AUDIT_HEX] = "";
    bool have_head = read_head(db, &head_seq, head);
    mh_status rc = load(db, &a, &v, &n, e);
    if (rc) goto out;
    out->entries = (int64_t)n;
    if (n == 0 && !have_head) goto out;
    if ((rc = mh_audit_key_load(s, false, &k, e))) goto out;
    const char *expect = MH_AUDIT_GENESIS;
    for (size_t i = 0; i < n; i++) {
        mh_audit_entry *r = &v[i].en;
        char mac[MH_AUDIT_HEX];
        mh_audit_entry_hash(&k, r, mac);
        bool mac_ok = strcmp(mac, r->hash) == 0, links = strcmp(r->prev_hash, expect) == 0;
        if (mac_ok && links) {
            expect = r->hash;
            continue;
        }
        if (!mac_ok) {
            /* Does the chain continue through this entry's stored hash, or around it? */
            const char *next_prev = i + 1 < n ? v[i + 1].en.prev_hash : have_head ? head : NULL;
            bool around = next_prev && strcmp(next_prev, expect) == 0 && strcmp(r->hash, expect) != 0;
            if (around) judge(out, r->seq, "inserted", "was not written by molehunt (a forged row)");
            else judge(out, r->seq, "edited", "does not match its hash");
        } else {
            bool later = false;
            for (size_t j = i + 1; j < n && !later; j++) later = strcmp(v[j].en.hash, r->prev_hash) == 0;
            if (later) judge(out, r->seq, "reordered", "follows an entry that now comes after it");
            else judge(out, r->seq, "missing", "follows an entry that was deleted");
        }
        goto out;
    }
    /* The rows all chain; the end must be where the last append left it. */
    if (!have_head) {
        judge(out, n ? v[n - 1].en.seq : 0, "missing", "is the last, and the recorded head of the trail is gone");
    } else if (strcmp(head, expect) != 0) {
        int64_t last = n ? v[n - 1].en.seq : 0;
        judge(out, last + 1, "missing", "and those after it were deleted (the trail ends before its recorded head)");
    }
out:
    sodium_memzero(&k, sizeof k);
    free(v);
    mh_arena_free(&a);
    return rc;
}
