/* The table of join keys that sequences and samples keep their per-key state in: chained
 * on the key's hash (computed once, by eql_keys_of), doubled when as full as it is wide.
 * The entry sits first in the caller's per-key struct, so a found entry is that struct. */
#include "match_int.h"

#include <stdlib.h>
#include <string.h>

bool eql_keytab_init(eql_keytab *t)
{
    t->nbuckets = 1024;
    t->n = 0;
    t->buckets = calloc(t->nbuckets, sizeof *t->buckets);
    return t->buckets != NULL;
}

eql_keyent *eql_keytab_find(const eql_keytab *t, const char *key, size_t len, uint64_t h)
{
    for (eql_keyent *k = t->buckets[h & (t->nbuckets - 1)]; k; k = k->hnext)
        if (k->hash == h && k->keylen == len && memcmp(k->key, key, len) == 0) return k;
    return NULL;
}

/* Doubling is an optimisation: when it cannot get memory, the chains grow longer instead. */
static void grow(eql_keytab *t)
{
    size_t nb = t->nbuckets * 2;
    eql_keyent **b = calloc(nb, sizeof *b);
    if (!b) return;
    for (size_t i = 0; i < t->nbuckets; i++)
        for (eql_keyent *k = t->buckets[i], *nx; k; k = nx) {
            nx = k->hnext;
            k->hnext = b[k->hash & (nb - 1)];
            b[k->hash & (nb - 1)] = k;
        }
    free(t->buckets);
    t->buckets = b;
    t->nbuckets = nb;
}

bool eql_keytab_add(eql_keytab *t, eql_keyent *e, const char *key, size_t len, uint64_t h)
{
    char *copy = malloc(len ? len : 1);
    if (!copy) return false;
    memcpy(copy, key, len);
    if (t->n >= t->nbuckets) grow(t);
    e->key = copy;
    e->keylen = (uint32_t)len;
    e->hash = h;
    e->hnext = t->buckets[h & (t->nbuckets - 1)];
    t->buckets[h & (t->nbuckets - 1)] = e;
    t->n++;
    return true;
}

void eql_keytab_remove(eql_keytab *t, eql_keyent *e)
{
    eql_keyent **pp = &t->buckets[e->hash & (t->nbuckets - 1)];
    while (*pp && *pp != e) pp = &(*pp)->hnext;
    if (*pp) {
        *pp = e->hnext;
        t->n--;
    }
    free(e->key);
    e->key = NULL;
}

void eql_keytab_free(eql_keytab *t)
{
    free(t->buckets);
    t->buckets = NULL;
    t->nbuckets = t->n = 0;
}
