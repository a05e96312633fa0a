/* Writing FtM entity lines: {"id":...,"schema":...,"properties":{prop:[strings]}}. Every
 * value is a string in a list, as the ingest requires; consecutive values of the same
 * property share one list. Entity ids are opaque (a prefix naming the schema family and
 * 16 hex digits of a bijection of a counter), so an id never tells who is an insider. */
#include <string.h>

#include "sim_internal.h"

void sim_id(sim_world *w, const char *prefix, char out[SIM_IDLEN])
{
    static const char hex[] = "0123456789abcdef";
    uint64_t v = sim_mix64(++w->id_counter ^ sim_mix64(w->cfg.seed ^ 0x1d5a7c3b9e2f4081ULL));
    size_t n = strlen(prefix);
    if (n > 5) n = 5;
    memcpy(out, prefix, n);
    out[n++] = '-';
    for (int i = 15; i >= 0; i--) out[n++] = hex[(v >> (i * 4)) & 15];
    out[n] = '\0';
}

static char *ring(sim_world *w)
{
    char *s = w->strs[w->strs_at++ % MH_ARRAY_LEN(w->strs)];
    return s;
}

const char *sim_day(sim_world *w, int64_t day)
{
    char *s = ring(w);
    sim_fmt_day(day, s);
    return s;
}

const char *sim_yyyymm(sim_world *w, int64_t day)
{
    char *s = ring(w);
    sim_fmt_day(day, s);
    s[7] = '\0';
    return s;
}

const char *sim_amt(sim_world *w, int64_t cents)
{
    char *s = ring(w);
    sim_fmt_amount(cents, s);
    return s;
}

const char *sim_int(sim_world *w, int64_t v)
{
    char *s = ring(w);
    snprintf(s, 48, "%lld", (long long)v);
    return s;
}

void sim_entv(sim_world *w, sim_out *o, char id_out[SIM_IDLEN], const char *prefix, const char *schema, va_list ap)
{
    if (prefix) sim_id(w, prefix, id_out);
    SIM_LIT(o, "{\"id\":");
    sim_put_jstr(o, id_out);
    SIM_LIT(o, ",\"schema\":");
    sim_put_jstr(o, schema);
    SIM_LIT(o, ",\"properties\":{");
    const char *open = NULL;
    for (;;) {
        const char *prop = va_arg(ap, const char *);
        if (!prop) break;
        const char *val = va_arg(ap, const char *);
        if (!val) continue;
        if (open && strcmp(open, prop) == 0) {
            sim_putc(o, ',');
        } else {
            if (open) SIM_LIT(o, "],");
            sim_put_jstr(o, prop);
            SIM_LIT(o, ":[");
            open = prop;
        }
        sim_put_jstr(o, val);
    }
    if (open) sim_putc(o, ']');
    SIM_LIT(o, "}}");
    sim_out_endline(o);
}

void sim_ent(sim_world *w, sim_out *o, char id_out[SIM_IDLEN], const char *prefix, const char *schema, ...)
{
    va_list ap;
    va_start(ap, schema);
    sim_entv(w, o, id_out, prefix, schema, ap);
    va_end(ap);
}
