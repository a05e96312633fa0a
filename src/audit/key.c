/* The audit chain's key. The chain is a keyed BLAKE2b MAC chain: with a plain hash anyone
 * who can write to the store could recompute every hash after an edit, and the trail would
 * prove nothing. The key lives outside the store (like the pseudonym key), so a person with
 * only the database file cannot forge an entry that verifies. */
#include "audit_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

mh_time mh_audit_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (mh_time)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static mh_status key_path(mh_store *s, char *out, size_t n, mh_err *e)
{
    const char *env = getenv("MOLEHUNT_AUDIT_KEY");
    if (env && *env) {
        snprintf(out, n, "%s", env);
        return MH_OK;
    }
    const char *db = sqlite3_db_filename(mh_store_db(s), "main");
    if (!db || !*db) return mh_err_set(e, MH_E_USAGE, "audit: an in-memory store needs $MOLEHUNT_AUDIT_KEY");
    if ((size_t)snprintf(out, n, "%s.audit.key", db) >= n) return mh_err_set(e, MH_E_USAGE, "audit: store path too long");
    return MH_OK;
}

static mh_status create_key(const char *path, mh_audit_key *out, mh_err *e)
{
    randombytes_buf(out->k, sizeof out->k);
    /* O_EXCL: two processes creating at once must not end up with different keys. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST) return MH_E_NOTFOUND; /* someone else won: read theirs */
    if (fd < 0) return mh_err_set(e, MH_E_IO, "audit: cannot create the key %s: %s", path, strerror(errno));
    bool ok = write(fd, out->k, sizeof out->k) == (ssize_t)sizeof out->k && fsync(fd) == 0;
    close(fd);
    if (!ok) {
        unlink(path);
        return mh_err_set(e, MH_E_IO, "audit: cannot write the key %s", path);
    }
    return MH_OK;
}

mh_status mh_audit_key_load(mh_store *s, bool create, mh_audit_key *out, mh_err *e)
{
    if (sodium_init() < 0) return mh_err_set(e, MH_E_INTERNAL, "libsodium failed to initialise");
    char path[4200];
    mh_status rc = key_path(s, path, sizeof path, e);
    if (rc) return rc;
    for (int attempt = 0; attempt < 2; attempt++) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            ssize_t n = read(fd, out->k, sizeof out->k);
            close(fd);
            if (n != (ssize_t)sizeof out->k)
                return mh_err_set(e, MH_E_INPUT, "audit: the key %s is not %zu bytes", path, sizeof out->k);
            return MH_OK;
        }
        if (errno != ENOENT) return mh_err_set(e, MH_E_IO, "audit: cannot read the key %s: %s", path, strerror(errno));
        if (!create)
            return mh_err_set(e, MH_E_NOTFOUND, "audit: the key %s is missing; the trail cannot be verified without it",
                              path);
        rc = create_key(path, out, e);
        if (rc != MH_E_NOTFOUND) return rc;
    }
    return mh_err_set(e, MH_E_IO, "audit: cannot read the key %s", path);
}
