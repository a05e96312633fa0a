/* molehunt serve: the analyst's console and its JSON API (src/serve). This file only
 * turns options into mh_serve_opts and stops the server on SIGINT or SIGTERM. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "molehunt/mh_serve.h"

static const mh_cli_opt opts[] = {
    {"listen", 'l', "HOST:PORT", "address to listen on (default 127.0.0.1:8080; loopback only until accounts exist)", false},
    {"web-root", 0, "DIR", "serve the console's files from DIR (e.g. build/web/dist) instead of the embedded copy", false},
    {"inbox", 0, "DIR", "folder that ingest jobs started from the console may read files from", false},
    {"threads", 0, "N", "request threads (default: one per CPU, at most 16)", false},
    {"quiet", 'q', NULL, "do not print the address on start", false},
    {0},
};

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { (void)sig, stop_flag = 1; }

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    mh_serve_opts o = {
        .db_path = ctx->db_path,
        .listen = mh_cli_get(cmd, a, "listen"),
        .web_root = mh_cli_get(cmd, a, "web-root"),
        .inbox = mh_cli_get(cmd, a, "inbox"),
        .quiet = mh_cli_flag(cmd, a, "quiet"),
    };
    const char *th = mh_cli_get(cmd, a, "threads");
    if (th) {
        char *end;
        long n = strtol(th, &end, 10);
        if (*end || n < 1 || n > 64) return mh_cli_usage_error(cmd, "--threads must be a number from 1 to 64");
        o.threads = (unsigned)n;
    }
    if (ctx->identified) return mh_cli_usage_error(cmd, "the console is always pseudonymised; investigators reveal identities case by case");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    mh_err e;
    mh_err_clear(&e);
    if (mh_serve_run(&o, &stop_flag, &e)) return mh_cli_fail(&e);
    return MH_EXIT_OK;
}

const mh_cli_cmd mh_cmd_serve = {
    "serve", run, "[--listen HOST:PORT] [--web-root DIR] [--inbox DIR]",
    "run the analyst's console and its JSON API",
    "Serves the console (web/, compiled in) and the JSON API under /api/v1 (docs/api.md). Every person\n"
    "appears by pseudonym. While the store has no accounts the console is the \"local analyst\" and\n"
    "listens on loopback only; with accounts, users sign in and roles apply (docs/console.md).",
    opts, 0, 0,
};
