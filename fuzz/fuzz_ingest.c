/* Fuzz target: the FtM and ECS line parsers (whatever the bytes, a clear refusal or a
 * valid record; never a crash). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mh_arena a;
    mh_arena_init(&a, 4096);
    mh_line_issue why;
    mh_entity ent;
    const char *extra;
    if (mh_ftm_parse((const char *)data, size, &a, &ent, &extra, &why)) {
        if (!ent.id || !*ent.id || !ent.schema) abort();
    } else if (!why.reason[0]) {
        abort(); /* every refusal has a reason */
    }
    mh_arena_reset(&a);
    mh_event_rec ev;
    if (mh_ecs_parse((const char *)data, size, &a, &ev, &why)) {
        if (!ev.eid || !ev.category) abort();
    } else if (!why.reason[0]) {
        abort();
    }
    mh_arena_free(&a);
    return 0;
}
