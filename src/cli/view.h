/* Shared by the commands that show people (queue, explain): identified or pseudonymised
 * display, decided once per command. Without --identified every person appears as a
 * keyed pseudonym and no name is printed. */
#ifndef MH_CLI_VIEW_H
#define MH_CLI_VIEW_H

#include "cli.h"
#include "molehunt/mh_privacy.h"
#include "molehunt/mh_store.h"

typedef struct mh_view {
    bool identified;
    mh_privacy *priv;
    char buf[8][MH_PSEUDONYM_LEN]; /* a small ring, so several ids can be shown at once */
    int next;
} mh_view;

mh_status mh_view_open(mh_view *v, const mh_cli_ctx *ctx, mh_err *e);
void mh_view_close(mh_view *v);
/* The id as shown: itself when identified, its pseudonym otherwise. */
const char *mh_view_id(mh_view *v, const char *id);
/* Resolves what the user typed (an id, or a pseudonym when not identified) to an id among
 * the scored people; NULL when unknown. The result is valid until the next call. */
const char *mh_view_resolve(mh_view *v, mh_store *s, const char *typed, mh_err *e);

#endif
