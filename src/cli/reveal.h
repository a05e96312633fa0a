/* Recording --identified: the CLI on the store's own host is the administrator's tool,
 * and it may show real ids and names, but never unrecorded. */
#ifndef MH_CLI_REVEAL_H
#define MH_CLI_REVEAL_H

#include "cli.h"

/* "cli:" + the OS user, the actor the CLI's own audit entries name. */
const char *mh_cli_actor(void);
/* When CMD honours --identified and ctx->identified is set, appends a "reveal.cli" entry
 * (object: the command; detail: its arguments) to the audit trail. Returns an exit code:
 * a reveal that cannot be recorded does not happen. */
int mh_cli_record_reveal(const mh_cli_ctx *ctx, const char *cmd, int argc, char **argv);

#endif
