/* Running a statement and naming SQLite's error, for every file of the store: kept apart
 * from opening (open.c), which itself repairs a dead bulk load's indexes (bulk.c) that
 * need these, so that no two files lean on each other. */
#include "store_int.h"

mh_status mh_store_sqlerr(mh_store *s, mh_err *e, const char *what)
{
    return mh_err_set(e, MH_E_STORE, "store: %s: %s", what, s && s->db ? sqlite3_errmsg(s->db) : "no database");
}

mh_status mh_store_exec(mh_store *s, const char *sql, mh_err *e)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        mh_err_set(e, MH_E_STORE, "store: %s", msg ? msg : "error");
        sqlite3_free(msg);
        return MH_E_STORE;
    }
    return MH_OK;
}
