/* ECS activity events: one JSON object per line with @timestamp (ISO 8601) and
 * event.category (a string or a list of strings), nested or dotted keys alike. The event
 * is stored exactly as given; its id is event.id, or a hash of the line's bytes. */
#include "ingest_int.h"

#include <stdio.h>
#include <string.h>

static bool refuse(mh_line_issue *why, long col, const char *msg)
{
    if (why) {
        snprintf(why->reason, sizeof why->reason, "%.380s", msg);
        why->col = col;
    }
    return false;
}

static const char *dup_str(mh_arena *a, const mh_jv *v)
{
    if (!v) return NULL;
    if (v->type == MH_JSTR) return mh_arena_strndup(a, v->u.s, v->len);
    if (v->type == MH_JNUM) return mh_arena_strndup(a, v->raw.ptr, v->raw.len);
    return NULL;
}

bool mh_ecs_parse(const char *line, size_t n, mh_arena *a, mh_event_rec *ev, mh_line_issue *why)
{
    mh_jv root;
    mh_err je;
    memset(ev, 0, sizeof *ev);
    if (!mh_json_parse(line, n, a, &root, &je)) return refuse(why, je.col, je.msg);
    return mh_ecs_from_json(line, n, &root, a, ev, why);
}

bool mh_ecs_from_json(const char *line, size_t n, const mh_jv *rootp, mh_arena *a, mh_event_rec *ev, mh_line_issue *why)
{
    const mh_jv root = *rootp;
    memset(ev, 0, sizeof *ev);
    if (root.type != MH_JOBJ) return refuse(why, 1, "an ECS event must be a JSON object");
    const mh_jv *ts = mh_json_get_path(&root, "@timestamp", 10);
    if (!ts || ts->type != MH_JSTR) return refuse(why, 1, "missing \"@timestamp\" (an ISO 8601 string)");
    mh_time lo, hi;
    if (!mh_time_parse_iso(ts->u.s, ts->len, &lo, &hi, NULL))
        return refuse(why, (long)(ts->u.s - line) + 1, "\"@timestamp\" is not an ISO 8601 date-time");
    const mh_jv *cat = mh_json_get_path(&root, "event.category", 14);
    if (cat && cat->type == MH_JARR && cat->len > 0) cat = &cat->u.items[0];
    if (!cat || cat->type != MH_JSTR || cat->len == 0)
        return refuse(why, 1, "missing \"event.category\" (a string or a list of strings)");
    ev->ts = lo;
    ev->category = dup_str(a, cat);
    ev->user_id = dup_str(a, mh_json_get_path(&root, "user.id", 7));
    const mh_jv *id = mh_json_get_path(&root, "event.id", 8);
    if (id && (id->type == MH_JSTR || id->type == MH_JNUM) && (id->type != MH_JSTR || id->len > 0)) {
        ev->eid = dup_str(a, id);
    } else {
        char *h = mh_arena_alloc(a, 24);
        if (h) snprintf(h, 24, "h:%016llx", (unsigned long long)mh_hash64(line, n, 0x6d6f6c6568756e74ULL));
        ev->eid = h;
    }
    ev->json = line;
    ev->json_len = n;
    return ev->category && ev->eid;
}
