/* molehunt quarantine: every line that could not be loaded, with its place and reason.
 * The line is input as it came, so it may name people: pseudonymised (ids and stored
 * names) unless --identified, which is recorded. */
#include "cli.h"

#include <string.h>

#include "molehunt/mh_json.h"
#include "molehunt/mh_store.h"
#include "redact.h"

static const mh_cli_opt opts[] = {
    {"format", 0, "table|json", "output format (default table)", false},
    {"full", 0, NULL, "print each line whole (default: cut at 160 bytes)", false},
    {0},
};

typedef struct {
    bool json, full;
    long n;
    mh_redact *red;
    mh_buf shown;
    bool oom;
} q_ctx;

static int print_q(void *vctx, const mh_quarantine_rec *q)
{
    q_ctx *x = vctx;
    x->n++;
    mh_buf_reset(&x->shown);
    if (!mh_redact_prose(x->red, q->text, q->text_len, &x->shown)) return x->oom = true, 1;
    mh_quarantine_rec shown = *q;
    shown.text = x->shown.data ? x->shown.data : "";
    shown.text_len = x->shown.len;
    q = &shown;
    if (x->json) {
        mh_buf b;
        mh_buf_init(&b, 0);
        /* A line is often quarantined for not being UTF-8: JSON cannot carry its bytes as
         * a string, so "text" is written lossily and the bytes themselves go in hex. */
        mh_buf_puts(&b, "{\"source\":");
        mh_json_write_str_lossy(&b, q->source, strlen(q->source));
        mh_buf_printf(&b, ",\"line\":%ld,\"col\":%ld,\"reason\":", q->line, q->col);
        mh_json_write_str_lossy(&b, q->reason, strlen(q->reason));
        mh_buf_puts(&b, ",\"text\":");
        mh_json_write_str_lossy(&b, q->text, q->text_len);
        if (!mh_utf8_valid(q->text, q->text_len, NULL)) {
            mh_buf_puts(&b, ",\"text_utf8\":false,\"text_hex\":\"");
            for (size_t i = 0; i < q->text_len; i++) mh_buf_printf(&b, "%02x", (unsigned char)q->text[i]);
            mh_buf_putc(&b, '"');
        }
        mh_buf_putc(&b, '}');
        printf("%s\n", b.data);
        mh_buf_free(&b);
        return 0;
    }
    if (q->col) printf("%s:%ld:%ld: %s\n", q->source, q->line, q->col, q->reason);
    else printf("%s:%ld: %s\n", q->source, q->line, q->reason);
    size_t n = x->full || q->text_len <= 160 ? q->text_len : 160;
    printf("    %.*s%s\n", (int)n, q->text, n < q->text_len ? " …" : "");
    return 0;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *fmt = mh_cli_get(cmd, a, "format");
    q_ctx x = {.json = fmt && strcmp(fmt, "json") == 0, .full = mh_cli_flag(cmd, a, "full")};
    if (fmt && !x.json && strcmp(fmt, "table") != 0) return mh_cli_usage_error(cmd, "--format must be table or json");
    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    mh_view v;
    if (mh_view_open(&v, ctx, &e) || mh_redact_open_prose(s, &v, &x.red, &e)) {
        mh_view_close(&v);
        mh_store_close(s);
        return mh_cli_fail(&e);
    }
    mh_buf_init(&x.shown, 0);
    mh_status rc = mh_store_quarantine_each(s, print_q, &x, &e);
    if (!rc && x.oom) rc = mh_err_set(&e, MH_E_NOMEM, "out of memory showing quarantined line %ld", x.n);
    mh_buf_free(&x.shown);
    mh_redact_free(x.red);
    mh_view_close(&v);
    mh_store_close(s);
    if (rc) return mh_cli_fail(&e);
    if (!x.json) fprintf(stderr, "%ld quarantined line(s)\n", x.n);
    return MH_EXIT_OK;
}

const mh_cli_cmd mh_cmd_quarantine = {
    "quarantine", run, "[--format table|json] [--full]",
    "list the lines that could not be loaded, with file, line, column and reason", NULL, opts, 0, 0,
};
