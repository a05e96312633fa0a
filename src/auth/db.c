/* One-shot SQL for the auth tables (users, sessions): prepare, bind, step, finalize, with
 * the parameters described by a short signature so each caller stays one line. */
#include "auth_int.h"

#include <stdarg.h>

mh_status mh_auth_exec(mh_store *s, const char *sql, const char *sig, int *changes, mh_err *e, ...)
{
    sqlite3 *db = mh_store_db(s);
    sqlite3_stmt *st;
    if (changes) *changes = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return mh_err_set(e, MH_E_STORE, "auth: %s", sqlite3_errmsg(db));
    va_list ap;
    va_start(ap, e);
    for (int i = 0; sig[i]; i++) {
        if (sig[i] == 't') sqlite3_bind_text(st, i + 1, va_arg(ap, const char *), -1, SQLITE_TRANSIENT);
        else sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
    }
    va_end(ap);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {}
    mh_status rc = MH_OK;
    if (r != SQLITE_DONE) rc = mh_err_set(e, MH_E_STORE, "auth: %s", sqlite3_errmsg(db));
    else if (changes) *changes = sqlite3_changes(db);
    sqlite3_finalize(st);
    return rc;
}
