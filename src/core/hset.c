/* A set of 64-bit keys, for "seen this before?" over a stream: the unique pipe of EQL, the
 * once-a-day rules of the detector, the decoy files of a CERT release. Open addressing with linear probing, grown at half
 * full; 0 marks an empty slot, so a key of 0 is stored as 1 (keys are hashes: the merge of
 * 0 and 1 costs nothing a hash collision would not). */
#include "molehunt/mh_core.h"

#include <stdlib.h>

static bool grow(mh_hset *s)
{
    size_t nc = s->cap ? s->cap * 2 : 64;
    uint64_t *nv = calloc(nc, sizeof *nv);
    if (!nv) return false;
    for (size_t i = 0; i < s->cap; i++)
        if (s->v[i]) {
            size_t j = s->v[i] & (nc - 1);
            while (nv[j]) j = (j + 1) & (nc - 1);
            nv[j] = s->v[i];
        }
    free(s->v);
    s->v = nv;
    s->cap = nc;
    return true;
}

int mh_hset_add(mh_hset *s, uint64_t key)
{
    if (key == 0) key = 1;
    if ((s->n + 1) * 2 > s->cap && !grow(s)) return -1;
    size_t j = key & (s->cap - 1);
    while (s->v[j]) {
        if (s->v[j] == key) return 0;
        j = (j + 1) & (s->cap - 1);
    }
    s->v[j] = key;
    s->n++;
    return 1;
}

bool mh_hset_has(const mh_hset *s, uint64_t key)
{
    if (!s->n) return false;
    if (key == 0) key = 1;
    for (size_t j = key & (s->cap - 1); s->v[j]; j = (j + 1) & (s->cap - 1))
        if (s->v[j] == key) return true;
    return false;
}

void mh_hset_free(mh_hset *s)
{
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}
