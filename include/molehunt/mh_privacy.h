/* mh_privacy: stable pseudonyms for the people the system watches. A pseudonym is a keyed
 * BLAKE2b hash of the entity id (libsodium), so the same person always gets the same
 * pseudonym under one key, and nobody without the key can go back. The key lives outside
 * the store (a file beside it, or $MOLEHUNT_KEY), so a copy of the store alone identifies
 * no one; rotating the key changes every pseudonym at once.
 *
 * Ownership: mh_privacy_open returns a handle freed with mh_privacy_close. */
#ifndef MH_PRIVACY_H
#define MH_PRIVACY_H

#include "molehunt/mh_core.h"

typedef struct mh_privacy mh_privacy;

#define MH_PSEUDONYM_LEN 16 /* "P-" + 12 base32 characters + NUL, rounded */

/* Opens the key for the store at DB_PATH: $MOLEHUNT_KEY if set, else DB_PATH + ".key",
 * created (32 random bytes, mode 0600) when missing. */
mh_status mh_privacy_open(const char *db_path, mh_privacy **out, mh_err *e);
void mh_privacy_close(mh_privacy *p);
/* Writes the pseudonym of entity ID into out (MH_PSEUDONYM_LEN bytes). */
void mh_privacy_pseudonym(const mh_privacy *p, const char *id, char out[MH_PSEUDONYM_LEN]);
/* Replaces the key with a fresh one (every pseudonym changes). */
mh_status mh_privacy_rotate(mh_privacy *p, mh_err *e);
/* The key file's path. */
const char *mh_privacy_key_path(const mh_privacy *p);

#endif
