/* molehunt show ID: one stored entity, with every property and the keys kept beside it. */
#include "cli.h"

#include <string.h>

#include "molehunt/mh_audit.h"
#include "molehunt/mh_json.h"
#include "molehunt/mh_store.h"
#include "reveal.h"

static const mh_cli_opt opts[] = {{"format", 0, "table|json", "output format (default table)", false}, {0}};

static int print_entity(void *vctx, const mh_entity *ent)
{
    bool json = *(bool *)vctx;
    if (json) {
        mh_buf b;
        mh_buf_init(&b, 0);
        mh_buf_puts(&b, "{\"id\":");
        mh_json_write_str(&b, ent->id, strlen(ent->id));
        mh_buf_puts(&b, ",\"schema\":");
        mh_json_write_str(&b, ent->schema, strlen(ent->schema));
        mh_buf_puts(&b, ",\"properties\":{");
        for (size_t i = 0; i < ent->nprops; i++) {
            if (i) mh_buf_putc(&b, ',');
            mh_json_write_str(&b, ent->props[i].name, strlen(ent->props[i].name));
            mh_buf_puts(&b, ":[");
            for (size_t k = 0; k < ent->props[i].nvals; k++) {
                if (k) mh_buf_putc(&b, ',');
                mh_json_write_str(&b, ent->props[i].vals[k], strlen(ent->props[i].vals[k]));
            }
            mh_buf_putc(&b, ']');
        }
        mh_buf_puts(&b, "}}");
        printf("%s\n", b.data);
        mh_buf_free(&b);
        return 0;
    }
    printf("%s  (%s)\n", ent->id, ent->schema);
    for (size_t i = 0; i < ent->nprops; i++)
        for (size_t k = 0; k < ent->props[i].nvals; k++)
            printf("  %-18s %s\n", k ? "" : ent->props[i].name, ent->props[i].vals[k]);
    return 0;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *fmt = mh_cli_get(cmd, a, "format");
    bool json = fmt && strcmp(fmt, "json") == 0;
    if (fmt && !json && strcmp(fmt, "table") != 0) return mh_cli_usage_error(cmd, "--format must be table or json");
    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    /* Asked for by its real id, an entity is shown as stored: the read is recorded first,
     * and does not happen when it cannot be. */
    mh_status rc = mh_audit_append(s, mh_cli_actor(), "read.entity", a->pos[0], NULL, &e);
    if (!rc) rc = mh_store_entity_get(s, a->pos[0], print_entity, &json, &e);
    if (!rc && !json) {
        mh_buf extra;
        mh_buf_init(&extra, 0);
        if (!mh_store_entity_extra(s, a->pos[0], &extra, &e) && extra.len) printf("  %-18s %s\n", "(kept)", extra.data);
        mh_buf_free(&extra);
    }
    mh_store_close(s);
    return rc ? mh_cli_fail(&e) : MH_EXIT_OK;
}

const mh_cli_cmd mh_cmd_show = {
    "show", run, "ID [--format table|json]", "print one stored entity with all its properties",
    "The entity is named by its real id, so it is shown as stored; every use is recorded\n"
    "in the audit trail (action read.entity).", opts, 1, 1,
};
