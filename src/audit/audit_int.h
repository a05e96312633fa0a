/* The audit module's private header: the chain's MAC key and how one entry is hashed,
 * shared by append, verify and read. Nothing outside src/audit includes this. */
#ifndef MH_AUDIT_INT_H
#define MH_AUDIT_INT_H

#include <sodium.h>
#include <sqlite3.h>

#include "molehunt/mh_audit.h"

#define MH_AUDIT_HASH_BYTES 32                      /* BLAKE2b-256 */
#define MH_AUDIT_HEX (MH_AUDIT_HASH_BYTES * 2 + 1)  /* as stored: lowercase hex + NUL */
#define MH_AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct mh_audit_key {
    unsigned char k[crypto_generichash_KEYBYTES];
} mh_audit_key;

/* Loads the chain key ($MOLEHUNT_AUDIT_KEY, else the store's path + ".audit.key").
 * CREATE makes a fresh one when the file is missing; without it a missing key is an
 * error (a trail whose key is lost cannot be verified, and must not be silently rekeyed). */
mh_status mh_audit_key_load(mh_store *s, bool create, mh_audit_key *out, mh_err *e);

typedef struct mh_audit_entry {
    int64_t seq;
    mh_time at;
    const char *actor, *action, *object, *detail; /* object and detail may be NULL */
    const char *prev_hash;                          /* hex */
    const char *hash;                               /* hex, as stored (verify only) */
} mh_audit_entry;

/* The entry's MAC, as hex, over prev_hash, at and the four texts (each length-prefixed,
 * NULL distinct from ""). The seq is not hashed: order is carried by prev_hash alone. */
void mh_audit_entry_hash(const mh_audit_key *k, const mh_audit_entry *en, char out[MH_AUDIT_HEX]);

/* The wall clock in ms. */
mh_time mh_audit_now(void);

#endif
