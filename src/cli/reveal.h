/* Recording --identified: the CLI on the store's own host is the administrator's tool,
 * and it may show real ids and names, but never unrecorded. */
#ifndef MH_CLI_REVEAL_H
#define MH_CLI_REVEAL_H

#include "cli.h"
#include "molehunt/mh_store.h"

/* "cli:" + the OS user, the actor the CLI's own audit entries name. */
const char *mh_cli_actor(void);
/* When CMD honours --identified and ctx->identified is set, appends a "reveal.cli" entry
 * (object: the command; detail: its arguments) to the audit trail. Returns an exit code:
 * a reveal that cannot be recorded does not happen. */
int mh_cli_record_reveal(const mh_cli_ctx *ctx, const char *cmd, int argc, char **argv);

/* A person named on the command line by a real entity id rather than a pseudonym is an
 * identified request: whoever typed the id knows whom they asked about. The request is
 * recorded first ("read.person", object ID) and then CTX->identified is set, so the
 * output names people. Returns an exit code: no record, no output. */
int mh_cli_identity_request(mh_cli_ctx *ctx, mh_store *s, const char *cmd, const char *id);

#endif
