/* A reader for the subset of TOML the EQL conformance specs use: [[queries]] tables of
 * key = value with basic, literal and multi-line strings, integers, booleans, and
 * (nested) arrays, plus comments. Enough for the Elasticsearch QA files, nothing more. */
#ifndef MH_TESTS_TOML_H
#define MH_TESTS_TOML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { TV_STR, TV_INT, TV_BOOL, TV_ARR } tv_type;

typedef struct tval {
    tv_type t;
    char *s;       /* TV_STR */
    int64_t i;     /* TV_INT */
    bool b;        /* TV_BOOL */
    struct tval *items; /* TV_ARR */
    size_t n;
} tval;

typedef struct tkv {
    char *key;
    tval v;
} tkv;

typedef struct ttable {
    tkv *kv;
    size_t n;
    long line; /* where the [[queries]] header is */
} ttable;

typedef struct tdoc {
    ttable *tables;
    size_t n;
} tdoc;

/* Reads FILE's [[queries]] tables; false with a message in err on a syntax problem. */
bool toml_read(const char *path, tdoc *out, char *err, size_t errn);
const tval *toml_get(const ttable *t, const char *key);
void toml_free(tdoc *d);

#endif
