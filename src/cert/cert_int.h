/* What the CERT import's files share and nobody else sees: the loaders of the static
 * files (LDAP snapshots, psychometrics, decoys) that the driver in ingest.c calls, and the
 * small entity builder they put people and ties with. */
#ifndef MH_CERT_INT_H
#define MH_CERT_INT_H

#include "molehunt/mh_cert.h"

#define CERT_HOME_ORG "cert-org"

/* A little entity under construction: at most 12 properties of one value each. */
typedef struct cert_ent {
    mh_entity ent;
    mh_prop props[12];
    const char *vals[12];
    char id[96];
} cert_ent;

void cert_ent_init(cert_ent *b, const char *schema, const char *id_fmt, ...) __attribute__((format(printf, 3, 4)));
/* Adds NAME = VALUE unless VALUE is NULL or empty. */
void cert_ent_set(cert_ent *b, const char *name, const char *value);
mh_status cert_ent_put(mh_store *s, cert_ent *b, int64_t source_id, mh_cert_counts *c, mh_err *e);

/* Loads the snapshots DIR/LDAP/YYYY-MM.csv; *first_month receives the first snapshot's first instant
 * (MH_TIME_NONE when there is none). Missing directory: nothing loaded, MH_OK. */
mh_status cert_ldap_load(mh_store *s, const char *dir, FILE *progress, mh_cert_counts *c, mh_time *first_month,
                         mh_err *e);
/* Loads DIR/psychometric.csv as one "psychometric" event per user, dated AT. */
mh_status cert_psych_load(mh_store *s, const char *dir, mh_time at, FILE *progress, mh_cert_counts *c, mh_err *e);
/* Reads DIR/decoy_file.csv into D. */
mh_status cert_decoys_load(const char *dir, mh_cert_decoys *d, mh_err *e);

/* The column of NAME in a header row (spaces around a field and a final CR ignored), or -1. */
int cert_col_of(const mh_cert_row *h, const char *name);

/* Quarantines one row of PATH. */
mh_status cert_quarantine(mh_store *s, const char *path, long line, long col, const char *why, const char *text,
                          size_t len, mh_cert_counts *c, mh_err *e);

#endif
