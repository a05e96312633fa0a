/* Building the few entities the CERT import makes (people, accounts, employments,
 * departments, supervisor ties) property by property, without a round trip through JSON,
 * and storing them; plus the quarantine helper the loaders share. Only properties the
 * record model knows are ever set, so the entities are valid by construction. */
#include "cert_int.h"

#include <stdarg.h>
#include <string.h>

void cert_ent_init(cert_ent *b, const char *schema, const char *id_fmt, ...)
{
    va_list ap;
    va_start(ap, id_fmt);
    vsnprintf(b->id, sizeof b->id, id_fmt, ap);
    va_end(ap);
    b->ent.id = b->id;
    b->ent.schema = schema;
    b->ent.props = b->props;
    b->ent.nprops = 0;
}

void cert_ent_set(cert_ent *b, const char *name, const char *value)
{
    if (!value || !*value || b->ent.nprops == MH_ARRAY_LEN(b->props)) return;
    size_t i = b->ent.nprops++;
    b->vals[i] = value;
    b->props[i] = (mh_prop){name, &b->vals[i], 1};
}

mh_status cert_ent_put(mh_store *s, cert_ent *b, int64_t source_id, mh_cert_counts *c, mh_err *e)
{
    mh_put_result res;
    mh_status rc = mh_store_entity_put(s, &b->ent, NULL, source_id, &res, e);
    if (rc == MH_OK) c->entities++;
    return rc;
}

void mh_cert_person_id(const char *user, char *out, size_t n) { snprintf(out, n, "cert-p-%s", user); }

mh_status cert_quarantine(mh_store *s, const char *path, long line, long col, const char *why, const char *text,
                          size_t len, mh_cert_counts *c, mh_err *e)
{
    mh_quarantine_rec q = {.source = path, .line = line, .col = col, .reason = why, .text = text, .text_len = len};
    c->quarantined++;
    return mh_store_quarantine_put(s, &q, e);
}
