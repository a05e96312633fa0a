/* The decoy files of decoy_file.csv (r5.2 on): a set of (pc, file name) pairs, so that
 * the file converter can mark a touch of a planted decoy (file.decoy) — the one file event
 * that is suspicious by itself. An open-addressing table of 64-bit hashes: a false
 * positive needs a 64-bit collision. */
#include "molehunt/mh_cert.h"

#include <stdlib.h>

struct mh_cert_decoys {
    uint64_t *slot;
    size_t cap, n;
};

mh_cert_decoys *mh_cert_decoys_new(void) { return calloc(1, sizeof(mh_cert_decoys)); }

void mh_cert_decoys_free(mh_cert_decoys *d)
{
    if (!d) return;
    free(d->slot);
    free(d);
}

static uint64_t key(mh_str pc, mh_str file)
{
    uint64_t h = mh_hash64(pc.ptr, pc.len, 0xdec0);
    h = mh_hash64(file.ptr, file.len, h);
    return h ? h : 1;
}

static bool insert(uint64_t *slot, size_t cap, uint64_t h)
{
    for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
        if (slot[i] == h) return false;
        if (!slot[i]) {
            slot[i] = h;
            return true;
        }
    }
}

bool mh_cert_decoys_add(mh_cert_decoys *d, mh_str pc, mh_str file)
{
    if ((d->n + 1) * 2 > d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 1024;
        uint64_t *s = calloc(cap, sizeof *s);
        if (!s) return false;
        for (size_t i = 0; i < d->cap; i++)
            if (d->slot[i]) insert(s, cap, d->slot[i]);
        free(d->slot);
        d->slot = s, d->cap = cap;
    }
    if (insert(d->slot, d->cap, key(pc, file))) d->n++;
    return true;
}

bool mh_cert_decoys_has(const mh_cert_decoys *d, mh_str pc, mh_str file)
{
    if (!d || !d->n) return false;
    uint64_t h = key(pc, file);
    for (size_t i = h & (d->cap - 1);; i = (i + 1) & (d->cap - 1)) {
        if (d->slot[i] == h) return true;
        if (!d->slot[i]) return false;
    }
}

size_t mh_cert_decoys_count(const mh_cert_decoys *d) { return d ? d->n : 0; }
