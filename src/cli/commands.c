/* The command table: one line per subcommand, in the order `molehunt --help` lists them.
 * Each command is defined in its own cmd_<name>.c. */
#include "cli.h"

const mh_cli_cmd *const mh_cli_commands[] = {
    NULL,
};
