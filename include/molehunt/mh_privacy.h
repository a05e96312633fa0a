/* mh_privacy: stable pseudonyms for the people the system watches. A pseudonym is a keyed
 * BLAKE2b hash of the entity id (libsodium), so the same person always gets the same
 * pseudonym under one key, and nobody without the key can go back. The key lives outside
 * the store (a file beside it, or $MOLEHUNT_KEY), so a copy of the store alone identifies
 * no one; rotating the key changes every pseudonym at once.
 *
 * Pseudonyms hide ids; the name scrubber hides the names that free text (summaries,
 * subjects, analysts' notes) may still carry, so a pseudonymised view stays one.
 *
 * Ownership: mh_privacy_open returns a handle freed with mh_privacy_close;
 * mh_privacy_names_new one freed with mh_privacy_names_free, which copies what it is given. */
#ifndef MH_PRIVACY_H
#define MH_PRIVACY_H

#include "molehunt/mh_core.h"
#include "molehunt/mh_json.h"
#include "molehunt/mh_model.h"

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

/* ---- names out of free text (names.c) ---- */

typedef struct mh_privacy_names mh_privacy_names;

mh_status mh_privacy_names_new(mh_privacy_names **out, mh_err *e);
void mh_privacy_names_free(mh_privacy_names *n);
/* Adds NAME, to be shown as LABEL wherever free text writes it: whole words, compared case
 * folded and without accents, up to three separators between its words; a name in
 * another script also in its romanised form (mh_match_norm_text). PART marks a single name part (a
 * first or family name alone), taken only where the text capitalises it. Names of one or
 * two letters are ignored; words the same as an earlier name of someone else show
 * "(name)". */
mh_status mh_privacy_names_add(mh_privacy_names *n, const char *name, const char *label, bool part, mh_err *e);
/* Adds every name of a Person or UserAccount entity (name, alias, first + last name,
 * each name part, e-mail address, user name) with LABEL (its pseudonym, as a rule). */
mh_status mh_privacy_names_add_person(mh_privacy_names *n, const mh_entity *ent, const char *label, mh_err *e);
/* True when PROP is one of the properties mh_privacy_names_add_person reads. */
bool mh_privacy_is_name_prop(const char *prop);
/* How many distinct names are held. */
size_t mh_privacy_names_count(const mh_privacy_names *n);
/* Appends TEXT[0..LEN) to OUT with each name in it replaced by its label, the longest
 * name at a place first. N may be NULL (then the text is copied). False when out of memory. */
bool mh_privacy_names_scrub(const mh_privacy_names *n, const char *text, size_t len, mh_buf *out);

/* ---- records for a pseudonymised view (scrub.c) ---- */

/* True when S[0..N) is shaped like an entity id ("p-a0561fe2dd8ec5e2", "debt-1a49..."): a
 * lower-case prefix, a dash, then letters and digits with at least one digit. */
bool mh_privacy_looks_like_id(const char *s, size_t n);
/* Appends TEXT[0..N) to OUT with every token shaped like an entity id replaced by its
 * pseudonym under P, and every name in NAMES (may be NULL) by its label. */
bool mh_privacy_scrub_text(const mh_privacy *p, const mh_privacy_names *names, const char *text, size_t n,
                           mh_buf *out);
/* The same, written as a JSON string (null when TEXT is NULL; bytes that are not UTF-8
 * become '?'). */
bool mh_privacy_scrub_text_json(const mh_privacy *p, const mh_privacy_names *names, const char *text, size_t n,
                                mh_buf *out);
/* Writes the JSON value V to OUT with every identifying string — a member keyed as a name,
 * e-mail, phone, address, document number, user or entity id, or any value holding '@' —
 * replaced by the pseudonym of the value, and every other string scrubbed as free text. */
bool mh_privacy_scrub_json(const mh_privacy *p, const mh_privacy_names *names, const mh_jv *v, mh_buf *out);

#endif
