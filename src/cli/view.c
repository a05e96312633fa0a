/* Identified or pseudonymised display for the CLI (see view.h). */
#include "view.h"

#include <stdlib.h>
#include <string.h>

mh_status mh_view_open(mh_view *v, const mh_cli_ctx *ctx, mh_err *e)
{
    memset(v, 0, sizeof *v);
    v->identified = ctx->identified;
    return mh_privacy_open(ctx->db_path, &v->priv, e);
}

void mh_view_close(mh_view *v) { mh_privacy_close(v->priv); }

const char *mh_view_id(mh_view *v, const char *id)
{
    if (!id) return NULL;
    if (v->identified) return id;
    char *out = v->buf[v->next];
    v->next = (v->next + 1) % 8;
    mh_privacy_pseudonym(v->priv, id, out);
    return out;
}

typedef struct find {
    mh_view *v;
    const char *typed;
    char *found;
} find;

static int match_score(void *vctx, const mh_score_rec *r)
{
    find *f = vctx;
    char p[MH_PSEUDONYM_LEN];
    mh_privacy_pseudonym(f->v->priv, r->person, p);
    if (strcmp(p, f->typed) == 0) {
        f->found = strdup(r->person);
        return 1;
    }
    return 0;
}

const char *mh_view_resolve(mh_view *v, mh_store *s, const char *typed, mh_err *e)
{
    static char *last;
    free(last);
    last = NULL;
    if (v->identified) return last = strdup(typed);
    find f = {v, typed, NULL};
    if (mh_store_scores_each(s, NULL, match_score, &f, e)) return NULL;
    if (!f.found) mh_err_set(e, MH_E_NOTFOUND, "no scored person with pseudonym \"%s\" (ids need --identified)", typed);
    return last = f.found;
}
