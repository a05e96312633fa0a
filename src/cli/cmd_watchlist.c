/* molehunt watchlist load|list: watch lists of foreign officers and services. */
#include "cli.h"

#include <libgen.h>
#include <string.h>

#include "molehunt/mh_ingest.h"

static const mh_cli_opt opts[] = {
    {"name", 0, "NAME", "the list's name (default: the file name without extensions)", false},
    {"version", 0, "V", "the list's version (default: a hash of its content)", false},
    {0},
};

static int count_row(void *vctx, const char *kind, const char *name, int64_t count)
{
    if (strcmp(kind, "watchlist") == 0) {
        printf("%-32s %10lld entities\n", name, (long long)count);
        (*(int *)vctx)++;
    }
    return 0;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *verb = a->pos[0];
    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    if (strcmp(verb, "list") == 0) {
        if (a->npos != 1) return mh_cli_usage_error(cmd, "'watchlist list' takes no file");
        if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
        int n = 0;
        mh_status rc = mh_store_counts(s, count_row, &n, &e);
        mh_store_close(s);
        if (rc) return mh_cli_fail(&e);
        if (!n) fprintf(stderr, "no watch lists loaded; 'molehunt watchlist load FILE' loads one\n");
        return MH_EXIT_OK;
    }
    if (strcmp(verb, "load") != 0) return mh_cli_usage_error(cmd, "unknown verb '%s' (load or list)", verb);
    if (a->npos < 2) return mh_cli_usage_error(cmd, "'watchlist load' needs a FILE");
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    int rc = MH_EXIT_OK;
    for (int i = 1; i < a->npos && rc == MH_EXIT_OK; i++) {
        char namebuf[256];
        const char *name = mh_cli_get(cmd, a, "name");
        if (!name) {
            snprintf(namebuf, sizeof namebuf, "%s", a->pos[i]);
            char *base = basename(namebuf);
            char *dot = strchr(base, '.');
            if (dot && dot != base) *dot = '\0';
            name = base;
        }
        mh_ingest_counts c = {0};
        bool unchanged = false;
        if (mh_ingest_watchlist(s, a->pos[i], name, mh_cli_get(cmd, a, "version"), &c, &unchanged, &e)) {
            rc = mh_cli_fail(&e);
            break;
        }
        if (unchanged) printf("%s: list \"%s\" is already loaded at this version; nothing changed\n", a->pos[i], name);
        else
            printf("%s: list \"%s\": read %lld = stored %lld + quarantined %lld\n", a->pos[i], name, (long long)c.read,
                   (long long)c.stored, (long long)c.quarantined);
        if (c.quarantined) rc = MH_EXIT_FINDINGS;
    }
    mh_store_close(s);
    return rc;
}

const mh_cli_cmd mh_cmd_watchlist = {
    "watchlist", run, "load FILE... [--name NAME] [--version V] | list",
    "load watch lists of foreign officers and services (FtM lines), or list them",
    "A list loaded again at the same version changes nothing; a new version replaces the\n"
    "list's entries. Malformed lines are quarantined like ingest's.",
    opts, 1, -1,
};
