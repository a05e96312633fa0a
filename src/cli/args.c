/* Option parsing driven by each command's option table (git style: options may come
 * before or after positional arguments; "--" ends options; --name=value and --name value
 * both work). The same tables generate --help, so the two never disagree. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const mh_cli_opt mh_cli_global_opts[] = {
    {"db", 0, "PATH", "the store to use (default ./molehunt.db)", false},
    {"org", 0, "ID", "the home organisation's entity id (default: the one tagged molehunt.home)", false},
    {"identified", 0, NULL, "show real ids and names instead of pseudonyms (recorded in the audit trail)", false},
    {"help", 'h', NULL, "show this help", false},
    {0},
};

static int count_opts(const mh_cli_opt *o)
{
    int n = 0;
    while (o && o[n].name) n++;
    return n;
}

int mh_cli_opt_index(const mh_cli_cmd *cmd, const char *name)
{
    for (int i = 0; cmd->opts && cmd->opts[i].name; i++)
        if (strcmp(cmd->opts[i].name, name) == 0) return i;
    fprintf(stderr, "molehunt: internal error: command %s has no option --%s\n", cmd->name, name);
    abort();
}

const char *mh_cli_get(const mh_cli_cmd *cmd, const mh_cli_args *a, const char *name)
{
    return a->val[mh_cli_opt_index(cmd, name)];
}

bool mh_cli_flag(const mh_cli_cmd *cmd, const mh_cli_args *a, const char *name)
{
    return a->val[mh_cli_opt_index(cmd, name)] != NULL;
}

int mh_cli_usage_error(const mh_cli_cmd *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "molehunt %s: ", cmd ? cmd->name : "");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'molehunt %s --help'.\n", cmd ? cmd->name : "");
    va_end(ap);
    return MH_EXIT_USAGE;
}

int mh_cli_fail(const mh_err *e)
{
    char msg[1024];
    mh_err_format(e, msg, sizeof msg);
    fprintf(stderr, "molehunt: %s\n", msg);
    switch (e->code) {
    case MH_OK: return MH_EXIT_OK;
    case MH_E_INPUT:
    case MH_E_IO:
    case MH_E_NOTFOUND: return MH_EXIT_INPUT;
    case MH_E_STORE: return MH_EXIT_STORE;
    case MH_E_USAGE: return MH_EXIT_USAGE;
    case MH_E_DENIED: return MH_EXIT_DENIED;
    default: return MH_EXIT_INTERNAL;
    }
}

/* Finds an option by long or short name in a table; *takes tells if it needs a value. */
static int find_opt(const mh_cli_opt *t, const char *name, size_t len, char shortc)
{
    for (int i = 0; t && t[i].name; i++) {
        if (shortc ? t[i].shortc == shortc : (strlen(t[i].name) == len && strncmp(t[i].name, name, len) == 0))
            return i;
    }
    return -1;
}

static bool set_global(mh_cli_ctx *ctx, int gi, const char *v)
{
    const char *n = mh_cli_global_opts[gi].name;
    if (strcmp(n, "db") == 0) ctx->db_path = v;
    else if (strcmp(n, "org") == 0) ctx->org = v;
    else if (strcmp(n, "identified") == 0) ctx->identified = true;
    else return false; /* help */
    return true;
}

int mh_cli_parse(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, int argc, char **argv, mh_cli_args *out)
{
    memset(out, 0, sizeof *out);
    if (count_opts(cmd->opts) > MH_CLI_MAX_OPTS) abort();
    bool opts_done = false;
    for (int i = 0; i < argc; i++) {
        char *a = argv[i];
        if (opts_done || a[0] != '-' || a[1] == '\0') {
            if (out->npos == MH_CLI_MAX_POS) return mh_cli_usage_error(cmd, "too many arguments");
            out->pos[out->npos++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) { opts_done = true; continue; }
        const char *name, *inl = NULL;
        size_t len;
        char shortc = 0;
        if (a[1] == '-') {
            name = a + 2;
            const char *eq = strchr(name, '=');
            len = eq ? (size_t)(eq - name) : strlen(name);
            if (eq) inl = eq + 1;
        } else {
            if (a[2] != '\0') return mh_cli_usage_error(cmd, "unknown option '%s'", a);
            shortc = a[1];
            name = a + 1;
            len = 1;
        }
        const mh_cli_opt *tab = cmd->opts;
        int k = find_opt(tab, name, len, shortc);
        bool global = false;
        if (k < 0) {
            tab = mh_cli_global_opts;
            k = find_opt(tab, name, len, shortc);
            global = true;
        }
        if (k < 0) return mh_cli_usage_error(cmd, "unknown option '%s'", a);
        const mh_cli_opt *o = &tab[k];
        const char *v = "1";
        if (o->arg) {
            if (inl) v = inl;
            else if (i + 1 < argc) v = argv[++i];
            else return mh_cli_usage_error(cmd, "option --%s needs a value (%s)", o->name, o->arg);
        } else if (inl) {
            return mh_cli_usage_error(cmd, "option --%s takes no value", o->name);
        }
        if (global) {
            if (!set_global(ctx, k, v)) { mh_cli_help(stdout, cmd); exit(MH_EXIT_OK); }
            continue;
        }
        out->val[k] = v;
        if (o->repeat) {
            const char **m = realloc(out->multi[k], (size_t)(out->nmulti[k] + 1) * sizeof *m);
            if (!m) return MH_EXIT_INTERNAL;
            m[out->nmulti[k]++] = v;
            out->multi[k] = m;
        } else if (out->nmulti[k]++) {
            return mh_cli_usage_error(cmd, "option --%s given twice", o->name);
        }
    }
    if (out->npos < cmd->min_pos) return mh_cli_usage_error(cmd, "missing argument: %s", cmd->usage);
    if (cmd->max_pos >= 0 && out->npos > cmd->max_pos)
        return mh_cli_usage_error(cmd, "unexpected argument '%s'", out->pos[cmd->max_pos]);
    return MH_EXIT_OK;
}

static void print_opts(FILE *f, const mh_cli_opt *t)
{
    for (int i = 0; t && t[i].name; i++) {
        char left[64];
        if (t[i].shortc)
            snprintf(left, sizeof left, "-%c, --%s%s%s", t[i].shortc, t[i].name, t[i].arg ? " " : "", t[i].arg ? t[i].arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", t[i].name, t[i].arg ? " " : "", t[i].arg ? t[i].arg : "");
        fprintf(f, "  %-28s %s%s\n", left, t[i].help, t[i].repeat ? " (repeatable)" : "");
    }
}

void mh_cli_help(FILE *f, const mh_cli_cmd *cmd)
{
    fprintf(f, "usage: molehunt [global options] %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
    if (cmd->details) fprintf(f, "\n%s\n", cmd->details);
    if (cmd->opts && cmd->opts[0].name) {
        fprintf(f, "\noptions:\n");
        print_opts(f, cmd->opts);
    }
    fprintf(f, "\nglobal options:\n");
    print_opts(f, mh_cli_global_opts);
}
