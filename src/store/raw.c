/* Two small doors into the store for the modules that keep tables of their own (auth and
 * audit own the users, sessions, audit and retention tables created by migration 3) and
 * for the detection pipeline, which must never see records from protected channels. */
#include "store_int.h"

struct sqlite3 *mh_store_db(mh_store *s) { return s->db; }

void mh_store_set_scoring(mh_store *s, bool scoring) { s->scoring = scoring; }
