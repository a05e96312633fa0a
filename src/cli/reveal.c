/* Every use of --identified by a command that shows people is written to the audit trail
 * before the command runs (see reveal.h). Commands that print no person ignore the flag
 * and are not recorded. */
#include "reveal.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "molehunt/mh_audit.h"
#include "molehunt/mh_store.h"

static const char *const revealing[] = {"queue", "explain", "case", "eval", "sphere", "path", "graph", "eql", "quarantine", "audit", NULL};

const char *mh_cli_actor(void)
{
    static char actor[96];
    if (!actor[0]) {
        struct passwd *pw = getpwuid(geteuid());
        if (pw && pw->pw_name && *pw->pw_name) snprintf(actor, sizeof actor, "cli:%s", pw->pw_name);
        else snprintf(actor, sizeof actor, "cli:uid%u", (unsigned)geteuid());
    }
    return actor;
}

int mh_cli_record_reveal(const mh_cli_ctx *ctx, const char *cmd, int argc, char **argv)
{
    if (!ctx->identified) return MH_EXIT_OK;
    bool honours = false;
    for (int i = 0; revealing[i] && !honours; i++) honours = strcmp(revealing[i], cmd) == 0;
    if (!honours) return MH_EXIT_OK;
    mh_buf args;
    mh_buf_init(&args, 4096);
    for (int i = 0; i < argc; i++)
        if (!mh_buf_printf(&args, "%s%s", i ? " " : "", argv[i])) break;
    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    mh_status rc = mh_store_open(ctx->db_path, &s, &e);
    if (!rc) {
        rc = mh_audit_append(s, mh_cli_actor(), "reveal.cli", cmd, args.data ? args.data : "", &e);
        mh_store_close(s);
    }
    mh_buf_free(&args);
    if (rc) {
        fprintf(stderr, "molehunt: --identified needs the audit trail, which could not be written\n");
        return mh_cli_fail(&e);
    }
    return MH_EXIT_OK;
}

int mh_cli_identity_request(mh_cli_ctx *ctx, mh_store *s, const char *cmd, const char *id)
{
    if (ctx->identified) return MH_EXIT_OK;
    mh_err e;
    mh_err_clear(&e);
    if (mh_audit_append(s, mh_cli_actor(), "read.person", id, cmd, &e)) {
        fprintf(stderr, "molehunt: a lookup by real id needs the audit trail, which could not be written\n");
        return mh_cli_fail(&e);
    }
    ctx->identified = true;
    return MH_EXIT_OK;
}
