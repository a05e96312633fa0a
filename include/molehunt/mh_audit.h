/* mh_audit: the tamper-evident audit trail. Every entry commits to the one before it
 * (BLAKE2b over the previous hash and the entry's fields, libsodium), so an edit, a
 * deletion, an insertion or a reordering breaks the chain at a place verify can name.
 *
 * Ownership: strings passed in are copied into the store. */
#ifndef MH_AUDIT_H
#define MH_AUDIT_H

#include "molehunt/mh_core.h"
#include "molehunt/mh_store.h"

/* Appends one entry: who (ACTOR, e.g. "alice" or "cli:root"), what (ACTION, e.g.
 * "login", "login.fail", "read.person", "reveal", "export", "case.close", "rule.change",
 * "user.add", "purge"), on what (OBJECT, may be NULL) and any DETAIL (JSON or text). */
mh_status mh_audit_append(mh_store *s, const char *actor, const char *action, const char *object, const char *detail,
                          mh_err *e);

typedef struct mh_audit_report {
    int64_t entries;
    bool ok;
    int64_t bad_seq;   /* the first entry that does not verify (0 when ok) */
    char problem[256]; /* what is wrong there: edited, missing, inserted, reordered */
} mh_audit_report;

mh_status mh_audit_verify(mh_store *s, mh_audit_report *out, mh_err *e);

typedef int (*mh_audit_fn)(void *ctx, int64_t seq, mh_time at, const char *actor, const char *action,
                           const char *object, const char *detail, const char *hash);
mh_status mh_audit_each(mh_store *s, mh_time from, mh_time to, mh_audit_fn fn, void *ctx, mh_err *e);

/* ---- retention: how long records of each source are kept, and the purge ---- */

/* Keeps records of TARGET for DAYS (1..36500); DAYS 0 removes the rule. TARGET is a source
 * path as ingested, a protected channel's name ("whistleblower") or a source kind
 * ("records"); for each source the first of those with a rule applies. Audited. */
mh_status mh_audit_retention_set(mh_store *s, const char *target, int days, const char *actor, mh_err *e);
typedef int (*mh_audit_retention_fn)(void *ctx, const char *target, int days);
mh_status mh_audit_retention_each(mh_store *s, mh_audit_retention_fn fn, void *ctx, mh_err *e);

/* What a purge removed (or would remove), per source. */
typedef int (*mh_audit_purge_fn)(void *ctx, const char *source, const char *kind, int days, int64_t entities,
                                 int64_t events);
/* Deletes the entities (by their latest date) and events (by timestamp) older than their
 * source's retention as of NOW, reporting each source through FN (may be NULL), and appends
 * a "purge" entry with the counts. DRY_RUN only reports. Records without a date and sources
 * without a rule are kept. */
mh_status mh_audit_purge(mh_store *s, mh_time now, bool dry_run, const char *actor, mh_audit_purge_fn fn, void *ctx,
                         int64_t *entities, int64_t *events, mh_err *e);

#endif
