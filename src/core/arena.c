/* Arenas: bump allocation for bursts of work (a parsed line, a query, a request) that
 * are freed together. Blocks are chained; a request larger than a block gets its own. */
#include "molehunt/mh_core.h"

#include <stdlib.h>
#include <string.h>

struct mh_arena_block {
    mh_arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char mem[];
};

void mh_arena_init(mh_arena *a, size_t block_size)
{
    memset(a, 0, sizeof *a);
    a->block_size = block_size ? block_size : 64 * 1024;
}

static mh_arena_block *new_block(size_t size)
{
    mh_arena_block *b = malloc(sizeof *b + size);
    if (!b) return NULL;
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

void *mh_arena_alloc(mh_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n == 0) n = 16;
    if (a->limit && a->used + n > a->limit) return NULL;
    mh_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        if (n > a->block_size / 4) {
            /* Big request: its own block, linked behind the current one so the
             * current block keeps serving small requests. */
            mh_arena_block *big = new_block(n);
            if (!big) return NULL;
            big->used = n;
            if (b) {
                big->next = b->next;
                b->next = big;
            } else {
                a->head = big;
            }
            a->used += n;
            return big->mem;
        }
        b = new_block(a->block_size);
        if (!b) return NULL;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->mem + b->used;
    b->used += n;
    a->used += n;
    return p;
}

void *mh_arena_zalloc(mh_arena *a, size_t n)
{
    void *p = mh_arena_alloc(a, n);
    if (p) memset(p, 0, n);
    return p;
}

char *mh_arena_strndup(mh_arena *a, const char *s, size_t n)
{
    char *p = mh_arena_alloc(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void mh_arena_reset(mh_arena *a)
{
    /* Keep one standard-size block so steady bursts allocate nothing. */
    mh_arena_block *keep = NULL, *b = a->head;
    while (b) {
        mh_arena_block *next = b->next;
        if (!keep && b->size == a->block_size) {
            keep = b;
            keep->used = 0;
            keep->next = NULL;
        } else {
            free(b);
        }
        b = next;
    }
    a->head = keep;
    a->used = 0;
}

void mh_arena_free(mh_arena *a)
{
    mh_arena_block *b = a->head;
    while (b) {
        mh_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used = 0;
}
