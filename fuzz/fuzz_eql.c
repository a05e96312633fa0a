/* libFuzzer target for the EQL front end: any bytes are parsed, checked and compiled, the
 * diagnostics rendered, and a compiled query run over two small events, so the lexer,
 * parser, checker, renderer and the matcher's setup all meet hostile input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_eql.h"
#include "molehunt/mh_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16) return 0;
    const char *text = (const char *)data;
    mh_eql_diags d;
    mh_eql_diags_init(&d);
    mh_eql_options o = {.case_mode = (mh_eql_case)(size % 3), .seq_mode = (mh_eql_seq_mode)(size % 2)};
    mh_eql_query *q = mh_eql_compile(text, size, &o, &d);
    mh_buf b;
    mh_buf_init(&b, 1 << 20);
    mh_eql_diags_render(&d, text, size, "fuzz", &b);
    mh_buf_free(&b);
    mh_eql_diags_free(&d);
    if (q) {
        static const char *evs[] = {
            "{\"@timestamp\":1,\"event\":{\"category\":\"process\"},\"user\":\"a\",\"n\":1,\"s\":\"Ab\"}",
            "{\"@timestamp\":2,\"event\":{\"category\":\"file\"},\"user\":[\"a\",\"b\"],\"n\":2.5}",
        };
        mh_eql_matcher *m = mh_eql_matcher_new(q, NULL, NULL, NULL);
        mh_arena a;
        mh_arena_init(&a, 4096);
        for (int i = 0; m && i < 2; i++) {
            mh_jv doc;
            if (!mh_json_parse(evs[i], strlen(evs[i]), &a, &doc, NULL)) continue;
            mh_eql_event ev = {&doc, evs[i], strlen(evs[i]), i + 1, (uint64_t)i};
            mh_eql_matcher_push(m, &ev, NULL);
        }
        if (m) mh_eql_matcher_finish(m, NULL);
        mh_eql_matcher_free(m);
        mh_arena_free(&a);
        mh_eql_query_free(q);
    }
    return 0;
}
