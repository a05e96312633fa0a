/* The auth module's private header: the clock the policy reads, password hashing, and
 * small SQL helpers its files share. Nothing outside src/auth includes this. */
#ifndef MH_AUTH_INT_H
#define MH_AUTH_INT_H

#include <sodium.h>
#include <sqlite3.h>

#include "molehunt/mh_audit.h"
#include "molehunt/mh_auth.h"

/* Now, in ms (the wall clock unless a test replaced it). */
mh_time mh_auth_now(void);

/* argon2id (libsodium's crypto_pwhash_str): OUT gets the self-describing hash string. */
mh_status mh_auth_hash_password(const char *password, char out[crypto_pwhash_STRBYTES], mh_err *e);
/* True when PASSWORD matches HASH. With HASH NULL a dummy hash is checked, so that an
 * unknown or locked account costs the same time as a known one. */
bool mh_auth_check_password(const char *hash, const char *password);
/* A policy for names and passwords: names are 1-63 of [A-Za-z0-9._-] and start with a
 * letter or digit; passwords are MH_AUTH_MIN_PASSWORD..1024 bytes of UTF-8. */
mh_status mh_auth_check_name(const char *name, mh_err *e);
mh_status mh_auth_check_new_password(const char *password, mh_err *e);

/* Runs a one-shot statement with up to 4 text/int parameters given as a printf-like
 * signature ("tti": text, text, int64). *changes (may be NULL) gets the rows changed. */
mh_status mh_auth_exec(mh_store *s, const char *sql, const char *sig, int *changes, mh_err *e, ...);

#endif
