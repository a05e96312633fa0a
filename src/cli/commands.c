/* The command table: one line per subcommand, in the order `molehunt --help` lists them.
 * Each command is defined in its own cmd_<name>.c. */
#include "cli.h"

extern const mh_cli_cmd mh_cmd_ingest;
extern const mh_cli_cmd mh_cmd_stats;
extern const mh_cli_cmd mh_cmd_show;
extern const mh_cli_cmd mh_cmd_quarantine;
extern const mh_cli_cmd mh_cmd_watchlist;
extern const mh_cli_cmd mh_cmd_detect;
extern const mh_cli_cmd mh_cmd_queue;
extern const mh_cli_cmd mh_cmd_explain;
extern const mh_cli_cmd mh_cmd_rules;
extern const mh_cli_cmd mh_cmd_match;
extern const mh_cli_cmd mh_cmd_sphere;
extern const mh_cli_cmd mh_cmd_path;
extern const mh_cli_cmd mh_cmd_graph;
extern const mh_cli_cmd mh_cmd_eql;
extern const mh_cli_cmd mh_cmd_simulate;
extern const mh_cli_cmd mh_cmd_case;
extern const mh_cli_cmd mh_cmd_eval;
extern const mh_cli_cmd mh_cmd_serve;
extern const mh_cli_cmd mh_cmd_user;
extern const mh_cli_cmd mh_cmd_audit;
extern const mh_cli_cmd mh_cmd_retention;
extern const mh_cli_cmd mh_cmd_purge;
extern const mh_cli_cmd mh_cmd_key;

const mh_cli_cmd *const mh_cli_commands[] = {
    &mh_cmd_ingest,
    &mh_cmd_stats,
    &mh_cmd_show,
    &mh_cmd_quarantine,
    &mh_cmd_watchlist,
    &mh_cmd_detect,
    &mh_cmd_queue,
    &mh_cmd_explain,
    &mh_cmd_rules,
    &mh_cmd_match,
    &mh_cmd_sphere,
    &mh_cmd_path,
    &mh_cmd_graph,
    &mh_cmd_eql,
    &mh_cmd_simulate,
    &mh_cmd_case,
    &mh_cmd_eval,
    &mh_cmd_serve,
    &mh_cmd_user,
    &mh_cmd_audit,
    &mh_cmd_retention,
    &mh_cmd_purge,
    &mh_cmd_key,
    NULL,
};
