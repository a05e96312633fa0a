/* Renders a score's explanation as JSON, so that every number the matcher gives can be
 * shown with the reasons for it (in the CLI, the API and alert evidence). */
#include "match_int.h"

const char *mh_match_qual_name(mh_match_qual q)
{
    switch (q) {
    case MH_MATCH_Q_MATCH: return "match";
    case MH_MATCH_Q_NEAR: return "near";
    case MH_MATCH_Q_MISMATCH: return "mismatch";
    default: return "unknown";
    }
}

bool mh_match_features_json(const mh_match_features *f, mh_buf *out)
{
    bool ok = mh_buf_printf(out, "{\"name\":%.4f,", f->name);
    if (f->family >= 0) ok = ok && mh_buf_printf(out, "\"family_name\":%.4f,", f->family);
    ok = ok && mh_buf_printf(out,
                             "\"weakest_part\":%.4f,\"parts_matched\":%d,\"parts_unmatched\":%d,"
                             "\"order_swap\":%s,\"merged\":%s,\"initials\":%s,\"nickname\":%s,\"acronym\":%s,"
                             "\"transliterated\":%s,\"original_script\":\"%s\",\"birth_date\":\"%s\","
                             "\"country\":\"%s\",\"gender\":\"%s\",\"identifier\":\"%s\",\"schema\":\"%s\","
                             "\"adjust\":%.4f}",
                             f->weakest, f->parts_matched, f->parts_unmatched, f->order_swap ? "true" : "false",
                             f->merged ? "true" : "false", f->initials ? "true" : "false",
                             f->nickname ? "true" : "false", f->acronym ? "true" : "false",
                             f->transliterated ? "true" : "false", mh_match_qual_name(f->original),
                             mh_match_qual_name(f->birth_date), mh_match_qual_name(f->country),
                             mh_match_qual_name(f->gender), mh_match_qual_name(f->identifier),
                             mh_match_qual_name(f->schema), f->adjust);
    return ok;
}
