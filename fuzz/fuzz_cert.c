/* Fuzz target: the CERT CSV splitter and row converters (whatever the bytes, every
 * record either converts to valid JSON or is refused with a reason; the splitter always
 * moves forward and never reads past the input). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_cert.h"
#include "molehunt/mh_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    /* the first byte picks the file kind, release and whether a row is an answer row */
    mh_cert_kind kind = (mh_cert_kind)(data[0] % MH_CERT__KINDS);
    mh_cert_release rel = (mh_cert_release)(1 + (data[0] >> 3) % 3);
    char *buf = malloc(size);
    if (!buf) return 0;
    memcpy(buf, data + 1, size - 1);
    const char *p = buf, *end = buf + size - 1;
    mh_cert_layout l;
    mh_cert_layout_of(kind, rel, (data[0] & 0x80) != 0, &l);
    mh_buf json, scratch;
    mh_buf_init(&json, 1 << 20);
    mh_buf_init(&scratch, 1 << 20);
    mh_arena a;
    mh_arena_init(&a, 4096);
    while (p < end) {
        mh_cert_row row;
        const char *next = mh_cert_csv_split(p, end, l.ncols - 1, &row);
        if (next <= p || next > end) abort();
        if (row.err && row.err_col < 1) abort();
        for (int i = 0; i < row.n; i++)
            if (row.f[i].ptr < p || row.f[i].ptr + row.f[i].len > end) abort();
        mh_cert_event ev;
        char why[256] = "";
        long col;
        if (mh_cert_convert(&l, &row, NULL, &json, &scratch, &ev, why, &col)) {
            mh_jv v;
            mh_err e;
            mh_arena_reset(&a);
            if (!mh_json_parse(json.data, json.len, &a, &v, &e)) abort();
        } else if (!why[0]) {
            abort();
        }
        p = next;
    }
    mh_arena_free(&a);
    mh_buf_free(&json);
    mh_buf_free(&scratch);
    free(buf);
    return 0;
}
