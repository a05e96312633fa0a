/* Pseudonymised output for the commands that print graphs, paths, cases and evidence:
 * every stored Person's (and UserAccount's) id becomes its pseudonym (the same one `queue`
 * shows) and its names disappear, from fields and from free text alike, while
 * organisations and records keep their ids. Built on mh_view. */
#ifndef MH_CLI_REDACT_H
#define MH_CLI_REDACT_H

#include "view.h"

typedef struct mh_redact mh_redact;

/* Loads the stored Persons (nothing when V is identified). *out is freed with mh_redact_free. */
mh_status mh_redact_open(mh_store *s, mh_view *v, mh_redact **out, mh_err *e);
/* The same for a command that shows only free text (mh_redact_prose*): the names scrubber
 * alone, without the table of ids and name spellings the other calls read. */
mh_status mh_redact_open_prose(mh_store *s, mh_view *v, mh_redact **out, mh_err *e);
void mh_redact_free(mh_redact *r);
/* ID as shown: its pseudonym when it is a Person's and the view is not identified. */
const char *mh_redact_id(mh_redact *r, const char *id);
/* NAME of entity ID as shown: NULL for a Person when not identified. */
const char *mh_redact_name(mh_redact *r, const char *id, const char *name);
/* What the user typed, as an entity id: a Person's pseudonym resolves to the id. */
const char *mh_redact_resolve(mh_redact *r, const char *typed);
/* Copies IN to OUT replacing every whole quoted or element-text token ("...", >...<) that
 * is a Person's id (escaped for XML or JSON) by its pseudonym, a Person's name by
 * "(pseudonymised)", and names inside other tokens as mh_redact_prose does. For exports
 * written by other modules. */
bool mh_redact_text(mh_redact *r, const char *in, size_t len, mh_buf *out);
/* Appends free text (a summary, a note, a quarantined line) to OUT with every stored
 * person's name and every entity-id-shaped token in it replaced by a pseudonym
 * (mh_privacy_scrub_text); unchanged when the view is identified. */
bool mh_redact_prose(mh_redact *r, const char *text, size_t len, mh_buf *out);
/* The same for a NUL-terminated TEXT, returned as a string that lives in SCRATCH (or is
 * TEXT itself when identified; NULL for NULL). */
const char *mh_redact_prose_c(mh_redact *r, const char *text, mh_buf *scratch);
/* The same, written as a JSON string (null when TEXT is NULL). */
bool mh_redact_prose_json(mh_redact *r, const char *text, size_t len, mh_buf *out);
/* A stored record or event as shown: identifying members (names, addresses, user and
 * entity ids) by pseudonym and free text scrubbed (mh_privacy_scrub_json); as it is when
 * the view is identified. */
bool mh_redact_json(mh_redact *r, const mh_jv *v, mh_buf *out);

#endif
