/* The decoy files of decoy_file.csv (r5.2 on): a set of (pc, file name) pairs, so that
 * the file converter can mark a touch of a planted decoy (file.decoy) — the one file event
 * that is suspicious by itself. Kept as 64-bit hashes: a false positive needs a 64-bit
 * collision. Decoys are planted once and logged against for months, so the set is also
 * written to the store as text (encode/decode) for later deliveries that lack the file. */
#include "molehunt/mh_cert.h"

#include <stdio.h>
#include <stdlib.h>

struct mh_cert_decoys {
    mh_hset set;
};

mh_cert_decoys *mh_cert_decoys_new(void) { return calloc(1, sizeof(mh_cert_decoys)); }

void mh_cert_decoys_free(mh_cert_decoys *d)
{
    if (!d) return;
    mh_hset_free(&d->set);
    free(d);
}

static uint64_t key(mh_str pc, mh_str file)
{
    uint64_t h = mh_hash64(pc.ptr, pc.len, 0xdec0);
    return mh_hash64(file.ptr, file.len, h);
}

bool mh_cert_decoys_add(mh_cert_decoys *d, mh_str pc, mh_str file) { return mh_hset_add(&d->set, key(pc, file)) >= 0; }

bool mh_cert_decoys_has(const mh_cert_decoys *d, mh_str pc, mh_str file)
{
    return d && mh_hset_has(&d->set, key(pc, file));
}

size_t mh_cert_decoys_count(const mh_cert_decoys *d) { return d ? d->set.n : 0; }

bool mh_cert_decoys_encode(const mh_cert_decoys *d, mh_buf *out)
{
    bool ok = true;
    for (size_t i = 0; i < d->set.cap && ok; i++)
        if (d->set.v[i]) ok = mh_buf_printf(out, "%016llx\n", (unsigned long long)d->set.v[i]);
    return ok;
}

bool mh_cert_decoys_decode(mh_cert_decoys *d, const char *text, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (text[i] == '\n') {
            i++;
            continue;
        }
        uint64_t v = 0;
        size_t n = 0;
        for (; i < len && n < 16; i++, n++) {
            int x = mh_hex_digit(text[i]);
            if (x < 0) return false;
            v = v << 4 | (uint64_t)x;
        }
        if (n != 16 || (i < len && text[i] != '\n')) return false;
        if (mh_hset_add(&d->set, v) < 0) return false;
    }
    return true;
}
