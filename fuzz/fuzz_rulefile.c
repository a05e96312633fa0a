/* Fuzz target: rule files (header lines, then an EQL query). Whatever the bytes, the pack
 * either compiles the rule or reports why; never a crash. */
#include <stdint.h>
#include <stdlib.h>

#include "molehunt/mh_detect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mh_rulepack *p = mh_rulepack_new();
    if (!p) return 0;
    mh_buf diag;
    mh_buf_init(&diag, 1u << 20);
    size_t nerr = 0;
    mh_err e;
    mh_rulepack_add_text(p, "fuzz.eql", (const char *)data, size, &diag, &nerr, &e);
    const mh_rule *r = mh_rulepack_rule(p, 0);
    if (r && r->query && nerr) abort(); /* a rule with errors must not run */
    mh_buf_free(&diag);
    mh_rulepack_free(p);
    return 0;
}
