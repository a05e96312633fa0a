/* Keyed pseudonyms (see mh_privacy.h). Base32 without padding keeps them short, case
 * insensitive and free of characters that need quoting anywhere. */
#include "molehunt/mh_privacy.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct mh_privacy {
    unsigned char key[crypto_generichash_KEYBYTES];
    char path[4096];
};

static mh_status write_key(mh_privacy *p, mh_err *e)
{
    randombytes_buf(p->key, sizeof p->key);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", p->path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return mh_err_set(e, MH_E_IO, "cannot create the pseudonym key %s: %s", tmp, strerror(errno));
    bool ok = write(fd, p->key, sizeof p->key) == (ssize_t)sizeof p->key && fsync(fd) == 0;
    close(fd);
    if (!ok || rename(tmp, p->path) != 0) {
        unlink(tmp);
        return mh_err_set(e, MH_E_IO, "cannot write the pseudonym key %s", p->path);
    }
    return MH_OK;
}

mh_status mh_privacy_open(const char *db_path, mh_privacy **out, mh_err *e)
{
    *out = NULL;
    if (sodium_init() < 0) return mh_err_set(e, MH_E_INTERNAL, "libsodium failed to initialise");
    mh_privacy *p = calloc(1, sizeof *p);
    if (!p) return mh_err_set(e, MH_E_NOMEM, "out of memory");
    const char *env = getenv("MOLEHUNT_KEY");
    if (env && *env) snprintf(p->path, sizeof p->path, "%s", env);
    else snprintf(p->path, sizeof p->path, "%s.key", db_path);
    int fd = open(p->path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, p->key, sizeof p->key);
        close(fd);
        if (n != (ssize_t)sizeof p->key) {
            free(p);
            return mh_err_set(e, MH_E_INPUT, "the pseudonym key %s is not %zu bytes", env && *env ? env : "file",
                              sizeof p->key);
        }
    } else if (errno == ENOENT) {
        mh_status rc = write_key(p, e);
        if (rc) {
            free(p);
            return rc;
        }
    } else {
        mh_err_set(e, MH_E_IO, "cannot read the pseudonym key %s: %s", p->path, strerror(errno));
        free(p);
        return MH_E_IO;
    }
    *out = p;
    return MH_OK;
}

void mh_privacy_close(mh_privacy *p)
{
    if (!p) return;
    sodium_memzero(p->key, sizeof p->key);
    free(p);
}

void mh_privacy_pseudonym(const mh_privacy *p, const char *id, char out[MH_PSEUDONYM_LEN])
{
    static const char b32[] = "abcdefghijkmnpqrstuvwxyz23456789"; /* no l, o, 0, 1 */
    unsigned char h[16];
    crypto_generichash(h, sizeof h, (const unsigned char *)id, strlen(id), p->key, sizeof p->key);
    out[0] = 'P';
    out[1] = '-';
    uint64_t bits = 0;
    memcpy(&bits, h, 8);
    for (int i = 0; i < 12; i++) {
        out[2 + i] = b32[bits & 31];
        bits >>= 5;
    }
    out[14] = '\0';
}

mh_status mh_privacy_rotate(mh_privacy *p, mh_err *e) { return write_key(p, e); }

const char *mh_privacy_key_path(const mh_privacy *p) { return p->path; }
