/* String interning for the graph: entity ids, labels and sphere paths become dense
 * numbers, so nodes live in flat arrays and a path is one integer in the sphere index.
 * Open addressing with linear probing over a power-of-two table of index + 1. */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

#define SEED 0x6d6f6c6568756e74ULL

void gi_init(gintern *t, mh_arena *a)
{
    memset(t, 0, sizeof *t);
    t->arena = a;
}

void gi_free(gintern *t)
{
    free(t->keys);
    free(t->lens);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

uint32_t gi_find(const gintern *t, const char *s, size_t n)
{
    if (!t->scap) return G_NONE;
    size_t mask = t->scap - 1;
    for (size_t i = mh_hash64(s, n, SEED) & mask;; i = (i + 1) & mask) {
        uint32_t v = t->slots[i];
        if (!v) return G_NONE;
        if (t->lens[v - 1] == n && memcmp(t->keys[v - 1], s, n) == 0) return v - 1;
    }
}

static bool grow_slots(gintern *t)
{
    size_t cap = t->scap ? t->scap * 2 : 1024;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots) return false;
    for (size_t k = 0; k < t->n; k++) {
        size_t i = mh_hash64(t->keys[k], t->lens[k], SEED) & (cap - 1);
        while (slots[i]) i = (i + 1) & (cap - 1);
        slots[i] = (uint32_t)k + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->scap = cap;
    return true;
}

uint32_t gi_put(gintern *t, const char *s, size_t n)
{
    uint32_t found = gi_find(t, s, n);
    if (found != G_NONE) return found;
    if (t->n >= UINT32_MAX - 1 || n > UINT32_MAX) return G_NONE;
    if ((t->n + 1) * 4 > t->scap * 3 && !grow_slots(t)) return G_NONE;
    if (t->n == t->kcap) {
        size_t cap = t->kcap ? t->kcap * 2 : 1024;
        const char **keys = realloc(t->keys, cap * sizeof *keys);
        if (!keys) return G_NONE;
        t->keys = keys;
        uint32_t *lens = realloc(t->lens, cap * sizeof *lens);
        if (!lens) return G_NONE;
        t->lens = lens;
        t->kcap = cap;
    }
    char *copy = mh_arena_strndup(t->arena, s, n);
    if (!copy) return G_NONE;
    size_t mask = t->scap - 1;
    size_t i = mh_hash64(s, n, SEED) & mask;
    while (t->slots[i]) i = (i + 1) & mask;
    t->keys[t->n] = copy;
    t->lens[t->n] = (uint32_t)n;
    t->slots[i] = (uint32_t)t->n + 1;
    return (uint32_t)t->n++;
}
