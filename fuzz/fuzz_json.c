/* Fuzz target: the JSON parser, then writing the tree back and parsing that again
 * (what we write must always be valid JSON). */
#include <stdint.h>
#include <stdlib.h>

#include "molehunt/mh_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mh_arena a;
    mh_arena_init(&a, 4096);
    mh_jv v;
    if (mh_json_parse((const char *)data, size, &a, &v, NULL)) {
        mh_buf b;
        mh_buf_init(&b, 0);
        mh_json_write(&b, &v);
        mh_jv w;
        if (!mh_json_parse(b.data, b.len, &a, &w, NULL)) abort();
        mh_buf_free(&b);
    }
    mh_arena_free(&a);
    return 0;
}
