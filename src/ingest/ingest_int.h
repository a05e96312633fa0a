/* The ingest module's private header: validation from an already parsed JSON tree, so
 * that a line whose format is detected by its keys is parsed only once. */
#ifndef MH_INGEST_INT_H
#define MH_INGEST_INT_H

#include "molehunt/mh_ingest.h"

bool mh_ftm_from_json(const char *line, size_t n, const mh_jv *root, mh_arena *a, mh_entity *ent, const char **extra,
                      mh_line_issue *why);
bool mh_ecs_from_json(const char *line, size_t n, const mh_jv *root, mh_arena *a, mh_event_rec *ev, mh_line_issue *why);

#endif
