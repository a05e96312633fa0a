/* The command-line front end's private header: the command table, one option table per
 * command (from which --help is generated), argument parsing, and exit codes.
 * Every subcommand lives in its own cmd_<name>.c and is listed once in commands.c. */
#ifndef MH_CLI_H
#define MH_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "molehunt/mh_core.h"

/* Exit codes, documented in docs/cli.md. */
enum {
    MH_EXIT_OK = 0,
    MH_EXIT_FINDINGS = 1, /* ran, but something needs attention (lines quarantined, rule errors) */
    MH_EXIT_USAGE = 2,    /* the command line is wrong */
    MH_EXIT_INPUT = 3,    /* an input could not be read or is invalid as a whole */
    MH_EXIT_STORE = 4,    /* the store could not be opened or written */
    MH_EXIT_DENIED = 5,   /* not allowed */
    MH_EXIT_INTERNAL = 70
};

#define MH_CLI_MAX_OPTS 24
#define MH_CLI_MAX_POS 64

typedef struct mh_cli_opt {
    const char *name;     /* long name without "--" */
    char shortc;          /* 0 if none */
    const char *arg;      /* NULL for a flag; else the value's name for --help */
    const char *help;
    bool repeat;          /* may be given several times */
} mh_cli_opt;

typedef struct mh_cli_args {
    const char *val[MH_CLI_MAX_OPTS];  /* last value (flags: "1"), NULL when absent */
    const char **multi[MH_CLI_MAX_OPTS]; /* every value of a repeatable option */
    int nmulti[MH_CLI_MAX_OPTS];
    const char *pos[MH_CLI_MAX_POS];
    int npos;
} mh_cli_args;

/* What every subcommand gets: the global options, already parsed. */
typedef struct mh_cli_ctx {
    const char *db_path;  /* --db, default ./molehunt.db */
    const char *org;      /* --org: id of the home organisation, if given */
    bool identified;      /* --identified: show real ids and names (audited) */
    const char *prog;
} mh_cli_ctx;

typedef struct mh_cli_cmd mh_cli_cmd;
typedef int (*mh_cli_fn)(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *args);

struct mh_cli_cmd {
    const char *name;
    mh_cli_fn run;
    const char *usage;   /* after "molehunt NAME " */
    const char *summary; /* one line */
    const char *details; /* a paragraph for --help, may be NULL */
    const mh_cli_opt *opts; /* terminated by {0} */
    int min_pos, max_pos;   /* positional argument count bounds (-1 = unbounded) */
};

extern const mh_cli_cmd *const mh_cli_commands[];
extern const mh_cli_opt mh_cli_global_opts[];

/* Index of option NAME in cmd->opts (for reading args->val); aborts on a typo (a bug). */
int mh_cli_opt_index(const mh_cli_cmd *cmd, const char *name);
const char *mh_cli_get(const mh_cli_cmd *cmd, const mh_cli_args *a, const char *name);
bool mh_cli_flag(const mh_cli_cmd *cmd, const mh_cli_args *a, const char *name);
/* Parses argv (after the subcommand name) against cmd's options and the globals. */
int mh_cli_parse(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, int argc, char **argv, mh_cli_args *out);
void mh_cli_help(FILE *f, const mh_cli_cmd *cmd);
/* Prints "molehunt: <formatted error>" to stderr and returns the exit code for it. */
int mh_cli_fail(const mh_err *e);
int mh_cli_usage_error(const mh_cli_cmd *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
