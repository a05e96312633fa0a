/* molehunt's entry point: global options, then dispatch to a subcommand from the table
 * in commands.c. `molehunt help CMD` and `molehunt CMD --help` print the generated help. */
#include "cli.h"
#include "reveal.h"

#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: molehunt [--db PATH] [--org ID] [--identified] COMMAND [ARGS]\n\n"
               "molehunt %s: counterintelligence insider-risk analytics.\n\ncommands:\n", MH_VERSION);
    for (int i = 0; mh_cli_commands[i]; i++)
        fprintf(f, "  %-12s %s\n", mh_cli_commands[i]->name, mh_cli_commands[i]->summary);
    fprintf(f, "\n'molehunt COMMAND --help' describes one command; docs/cli.md has exit codes.\n");
}

static const mh_cli_cmd *find_cmd(const char *name)
{
    for (int i = 0; mh_cli_commands[i]; i++)
        if (strcmp(mh_cli_commands[i]->name, name) == 0) return mh_cli_commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    mh_cli_ctx ctx = {.db_path = "molehunt.db", .prog = argv[0]};
    const char *env_db = getenv("MOLEHUNT_DB");
    if (env_db && *env_db) ctx.db_path = env_db;
    int i = 1;
    /* Global options before the command. */
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--version") == 0) { printf("molehunt %s\n", MH_VERSION); return MH_EXIT_OK; }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { usage(stdout); return MH_EXIT_OK; }
        if (strcmp(a, "--identified") == 0) { ctx.identified = true; continue; }
        const char **slot = strncmp(a, "--db", 4) == 0 ? &ctx.db_path : strncmp(a, "--org", 5) == 0 ? &ctx.org : NULL;
        size_t nl = slot == &ctx.db_path ? 4 : 5;
        if (slot && a[nl] == '=') { *slot = a + nl + 1; continue; }
        if (slot && a[nl] == '\0') {
            if (i + 1 >= argc) { fprintf(stderr, "molehunt: %s needs a value\n", a); return MH_EXIT_USAGE; }
            *slot = argv[++i];
            continue;
        }
        fprintf(stderr, "molehunt: unknown option '%s'\n", a);
        usage(stderr);
        return MH_EXIT_USAGE;
    }
    if (i >= argc) { usage(stderr); return MH_EXIT_USAGE; }
    const char *name = argv[i];
    if (strcmp(name, "help") == 0) {
        const mh_cli_cmd *c = i + 1 < argc ? find_cmd(argv[i + 1]) : NULL;
        if (c) mh_cli_help(stdout, c);
        else usage(stdout);
        return MH_EXIT_OK;
    }
    const mh_cli_cmd *cmd = find_cmd(name);
    if (!cmd) {
        fprintf(stderr, "molehunt: '%s' is not a command\n", name);
        usage(stderr);
        return MH_EXIT_USAGE;
    }
    mh_cli_args args;
    int rc = mh_cli_parse(&ctx, cmd, argc - i - 1, argv + i + 1, &args);
    if (rc == MH_EXIT_OK) rc = mh_cli_record_reveal(&ctx, cmd->name, argc - i - 1, argv + i + 1);
    if (rc == MH_EXIT_OK) rc = cmd->run(&ctx, cmd, &args);
    for (int k = 0; k < MH_CLI_MAX_OPTS; k++) free(args.multi[k]);
    return rc;
}
