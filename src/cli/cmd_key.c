/* molehunt key rotate: replaces the pseudonym key, so every pseudonym changes at once
 * (for instance after a pseudonym list has leaked). Audited. */
#include "cli.h"

#include <string.h>

#include "molehunt/mh_audit.h"
#include "molehunt/mh_privacy.h"
#include "reveal.h"

static const mh_cli_opt opts[] = {{0}};

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    if (strcmp(a->pos[0], "rotate") != 0) return mh_cli_usage_error(cmd, "unknown action '%s'", a->pos[0]);
    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    mh_privacy *p = NULL;
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    /* recorded first: a rotation that cannot be audited does not happen */
    mh_status rc = mh_audit_append(s, mh_cli_actor(), "key.rotate", "pseudonym", NULL, &e);
    if (!rc) rc = mh_privacy_open(ctx->db_path, &p, &e);
    if (!rc) rc = mh_privacy_rotate(p, &e);
    if (!rc) printf("pseudonym key %s rotated: every pseudonym has changed\n", mh_privacy_key_path(p));
    mh_privacy_close(p);
    mh_store_close(s);
    return rc ? mh_cli_fail(&e) : MH_EXIT_OK;
}

const mh_cli_cmd mh_cmd_key = {
    "key", run, "rotate", "rotate the pseudonym key (every pseudonym changes)",
    "The key lives outside the store ($MOLEHUNT_KEY, else STORE.key). Pseudonyms written\n"
    "down before a rotation no longer resolve afterwards.",
    opts, 1, 1,
};
