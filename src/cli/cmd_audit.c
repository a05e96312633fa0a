/* molehunt audit verify|export: the oversight side of the audit trail. verify walks the
 * hash chain and names the first entry that does not hold (exit 1 when the trail has been
 * tampered with); export writes the entries, with their hashes, as NDJSON or CSV for the
 * oversight office. Exporting is itself audited. */
#include "cli.h"

#include <string.h>

#include "molehunt/mh_audit.h"
#include "molehunt/mh_json.h"
#include "redact.h"
#include "reveal.h"

static const mh_cli_opt opts[] = {
    {"format", 0, "ndjson|csv", "export: output format (default ndjson)", false},
    {"from", 0, "DATE", "export: only entries at or after DATE (ISO 8601)", false},
    {"to", 0, "DATE", "export: only entries up to DATE (a date covers its whole day)", false},
    {0},
};

typedef struct ex_ctx {
    bool csv;
    mh_buf b, obj, det; /* the line; the object and detail as shown */
    int64_t n;
    mh_redact *red;
} ex_ctx;

static void csv_field(mh_buf *b, const char *s)
{
    mh_buf_putc(b, ',');
    if (!s) return;
    /* Quote always; neutralise spreadsheet formulas (=, +, -, @) with a leading quote. */
    mh_buf_putc(b, '"');
    if (*s == '=' || *s == '+' || *s == '-' || *s == '@') mh_buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '"') mh_buf_putc(b, '"');
        mh_buf_putc(b, *s);
    }
    mh_buf_putc(b, '"');
}

static void json_field(mh_buf *b, const char *key, const char *s)
{
    mh_buf_printf(b, ",\"%s\":", key);
    if (s) mh_json_write_str(b, s, strlen(s));
    else mh_buf_puts(b, "null");
}

static int on_entry(void *vctx, int64_t seq, mh_time at, const char *actor, const char *action, const char *object,
                    const char *detail, const char *hash)
{
    ex_ctx *x = vctx;
    /* objects and details name people by id ("read.person p-1234"): pseudonymised unless
     * --identified, like every other view of people */
    const char *pid = mh_redact_id(x->red, object); /* a person's own id: its pseudonym */
    object = pid != object ? pid : mh_redact_prose_c(x->red, object, &x->obj);
    detail = mh_redact_prose_c(x->red, detail, &x->det);
    char when[40];
    mh_time_format(at, when, sizeof when);
    mh_buf_reset(&x->b);
    if (x->csv) {
        mh_buf_printf(&x->b, "%lld,%s", (long long)seq, when);
        csv_field(&x->b, actor);
        csv_field(&x->b, action);
        csv_field(&x->b, object);
        csv_field(&x->b, detail);
        csv_field(&x->b, hash);
    } else {
        mh_buf_printf(&x->b, "{\"seq\":%lld,\"at\":\"%s\"", (long long)seq, when);
        json_field(&x->b, "actor", actor);
        json_field(&x->b, "action", action);
        json_field(&x->b, "object", object);
        json_field(&x->b, "detail", detail);
        json_field(&x->b, "hash", hash);
        mh_buf_putc(&x->b, '}');
    }
    mh_buf_putc(&x->b, '\n');
    fputs(x->b.data, stdout);
    x->n++;
    return 0;
}

static bool parse_bound(const char *s, bool upper, mh_time *out)
{
    mh_time lo, hi;
    if (!s) {
        *out = MH_TIME_NONE;
        return true;
    }
    if (!mh_time_parse_iso(s, strlen(s), &lo, &hi, NULL)) return false;
    *out = upper ? hi : lo;
    return true;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *verb = a->pos[0], *fmt = mh_cli_get(cmd, a, "format");
    bool verify = strcmp(verb, "verify") == 0;
    if (!verify && strcmp(verb, "export") != 0) return mh_cli_usage_error(cmd, "unknown action '%s'", verb);
    if (fmt && strcmp(fmt, "ndjson") != 0 && strcmp(fmt, "csv") != 0)
        return mh_cli_usage_error(cmd, "--format must be ndjson or csv");
    mh_time from, to;
    if (!parse_bound(mh_cli_get(cmd, a, "from"), false, &from) || !parse_bound(mh_cli_get(cmd, a, "to"), true, &to))
        return mh_cli_usage_error(cmd, "--from and --to take ISO 8601 dates");
    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    int code = MH_EXIT_OK;
    if (verify) {
        mh_audit_report rep;
        if (mh_audit_verify(s, &rep, &e)) code = mh_cli_fail(&e);
        else if (rep.ok) printf("audit trail intact: %lld entries\n", (long long)rep.entries);
        else {
            printf("audit trail BROKEN at entry %lld: %s (%lld entries)\n", (long long)rep.bad_seq, rep.problem,
                   (long long)rep.entries);
            code = MH_EXIT_FINDINGS;
        }
    } else {
        ex_ctx x = {.csv = fmt && strcmp(fmt, "csv") == 0};
        mh_buf_init(&x.b, 0);
        mh_buf_init(&x.obj, 0);
        mh_buf_init(&x.det, 0);
        mh_view v;
        if (mh_view_open(&v, ctx, &e) || mh_redact_open(s, &v, &x.red, &e)) {
            mh_view_close(&v);
            mh_store_close(s);
            return mh_cli_fail(&e);
        }
        char detail[160];
        snprintf(detail, sizeof detail, "{\"format\":\"%s\"}", x.csv ? "csv" : "ndjson");
        /* recorded first, so the export contains its own entry */
        if (mh_audit_append(s, mh_cli_actor(), "audit.export", NULL, detail, &e)) code = mh_cli_fail(&e);
        else {
            if (x.csv) printf("seq,at,actor,action,object,detail,hash\n");
            if (mh_audit_each(s, from, to, on_entry, &x, &e)) code = mh_cli_fail(&e);
        }
        mh_buf_free(&x.b);
        mh_buf_free(&x.obj);
        mh_buf_free(&x.det);
        mh_redact_free(x.red);
        mh_view_close(&v);
    }
    mh_store_close(s);
    return code;
}

const mh_cli_cmd mh_cmd_audit = {
    "audit", run, "verify | export [--format ndjson|csv] [--from DATE] [--to DATE]",
    "verify the tamper-evident audit trail, or export it for the oversight office",
    "Each entry commits to the one before it with a keyed BLAKE2b hash; verify finds an\n"
    "edited, deleted, inserted or reordered entry and names it (exit 1). The key is kept\n"
    "beside the store ($MOLEHUNT_AUDIT_KEY, else STORE.audit.key); see docs/security.md.",
    opts, 1, 1,
};
