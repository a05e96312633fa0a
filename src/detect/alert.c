/* An alert as the JSON body kept in the store and shown by `explain` and the console. */
#include "detect_int.h"

#include <string.h>

static bool put_s(mh_buf *b, const char *key, const char *v)
{
    if (!v) return true;
    return mh_buf_putc(b, ',') && mh_json_write_str(b, key, strlen(key)) && mh_buf_putc(b, ':') &&
           mh_json_write_str(b, v, strlen(v));
}

bool mh_alert_to_json(const mh_alert *a, mh_buf *out)
{
    char t[40];
    mh_buf_reset(out);
    bool ok = mh_buf_puts(out, "{\"rule\":") && mh_json_write_str(out, a->rule_id, strlen(a->rule_id)) &&
              put_s(out, "title", a->title) && put_s(out, "axis", mh_axis_name(a->axis)) &&
              put_s(out, "scenario", a->rule ? a->rule->scenario : a->source) &&
              put_s(out, "detail", a->detail) && put_s(out, "mitigated_by", a->mitigated_by) &&
              put_s(out, "mitigation_text", a->rule ? a->rule->mitigation : a->mitigation_text) &&
              mh_buf_puts(out, ",\"guidelines\":[");
    for (size_t i = 0; ok && i < a->nguidelines; i++)
        ok = (i == 0 || mh_buf_putc(out, ',')) && mh_json_write_str(out, a->guidelines[i], strlen(a->guidelines[i]));
    ok = ok && mh_buf_puts(out, "],\"evidence\":[");
    for (size_t i = 0; ok && i < a->nevidence; i++) {
        const mh_evidence *e = &a->evidence[i];
        mh_time_format(e->ts, t, sizeof t);
        ok = (i == 0 || mh_buf_putc(out, ',')) && mh_buf_puts(out, "{\"id\":") &&
             mh_json_write_str(out, e->id ? e->id : "", e->id ? strlen(e->id) : 0) && put_s(out, "category", e->category) &&
             put_s(out, "ts", t) && put_s(out, "path", e->path) && put_s(out, "counterparty", e->counterparty) &&
             put_s(out, "summary", e->summary) && mh_buf_putc(out, '}');
    }
    return ok && mh_buf_puts(out, "]}");
}
