/* molehunt user add|passwd|role|disable|enable|list: the administrator's account tool.
 * Passwords never travel on the command line (where ps and shell history would keep
 * them): they come from $MOLEHUNT_PASSWORD or the first line of standard input, read
 * without echo from a terminal. Every change is audited under "cli:" + the OS user. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "molehunt/mh_auth.h"
#include "molehunt/mh_json.h"
#include "reveal.h"

static const mh_cli_opt opts[] = {
    {"role", 0, "ROLE", "add/role: admin, analyst, investigator or auditor", false},
    {"format", 0, "table|json", "list: output format (default table)", false},
    {0},
};

/* Reads the password into buf; false when there is none. */
static bool read_password(char *buf, size_t n)
{
    const char *env = getenv("MOLEHUNT_PASSWORD");
    if (env && *env) {
        if (strlen(env) >= n) return false;
        snprintf(buf, n, "%s", env);
        return true;
    }
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fprintf(stderr, "password: ");
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    bool ok = fgets(buf, (int)n, stdin) != NULL;
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        fprintf(stderr, "\n");
    }
    if (!ok) return false;
    size_t len = strlen(buf);
    if (len && buf[len - 1] == '\n') buf[--len] = 0;
    if (len && buf[len - 1] == '\r') buf[--len] = 0;
    return len > 0;
}

typedef struct list_ctx {
    bool json;
    int n;
} list_ctx;

static int on_user(void *vctx, const char *name, mh_role role, bool disabled, mh_time created)
{
    list_ctx *l = vctx;
    char when[40];
    mh_time_format(created, when, sizeof when);
    if (l->json) {
        mh_buf b;
        mh_buf_init(&b, 0);
        mh_buf_printf(&b, "%s{\"name\":", l->n ? "," : "");
        mh_json_write_str(&b, name, strlen(name));
        mh_buf_printf(&b, ",\"role\":\"%s\",\"disabled\":%s,\"created\":\"%s\"}", mh_role_name(role),
                      disabled ? "true" : "false", when);
        fputs(b.data, stdout);
        mh_buf_free(&b);
    } else {
        printf("%-24s %-13s %-9s %s\n", name, mh_role_name(role), disabled ? "disabled" : "enabled", when);
    }
    l->n++;
    return 0;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *verb = a->pos[0], *name = a->npos > 1 ? a->pos[1] : NULL;
    const char *role_s = mh_cli_get(cmd, a, "role"), *fmt = mh_cli_get(cmd, a, "format");
    bool list = strcmp(verb, "list") == 0;
    if (!list && !name) return mh_cli_usage_error(cmd, "%s needs a user name", verb);
    if (strcmp(verb, "role") == 0 && !role_s && a->npos > 2) role_s = a->pos[2];
    if (a->npos > (strcmp(verb, "role") == 0 ? 3 : list ? 1 : 2)) return mh_cli_usage_error(cmd, "too many arguments");
    mh_role role = mh_role_parse(role_s);
    if ((strcmp(verb, "add") == 0 || strcmp(verb, "role") == 0) && role == MH_ROLE_NONE)
        return mh_cli_usage_error(cmd, "--role must be admin, analyst, investigator or auditor");
    if (fmt && strcmp(fmt, "json") != 0 && strcmp(fmt, "table") != 0)
        return mh_cli_usage_error(cmd, "--format must be table or json");
    char pw[1100];
    bool needs_pw = strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0;
    if (needs_pw && !read_password(pw, sizeof pw))
        return mh_cli_usage_error(cmd, "give the password on standard input or in $MOLEHUNT_PASSWORD (never as an argument)");
    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    mh_status rc = MH_OK;
    const char *actor = mh_cli_actor();
    if (strcmp(verb, "add") == 0) rc = mh_auth_user_add(s, name, pw, role, actor, &e);
    else if (strcmp(verb, "passwd") == 0) rc = mh_auth_user_passwd(s, name, pw, actor, &e);
    else if (strcmp(verb, "role") == 0) rc = mh_auth_user_role(s, name, role, actor, &e);
    else if (strcmp(verb, "disable") == 0) rc = mh_auth_user_disable(s, name, true, actor, &e);
    else if (strcmp(verb, "enable") == 0) rc = mh_auth_user_disable(s, name, false, actor, &e);
    else if (list) {
        list_ctx l = {.json = fmt && strcmp(fmt, "json") == 0};
        if (l.json) printf("[");
        rc = mh_auth_user_each(s, on_user, &l, &e);
        if (l.json) printf("]\n");
    } else {
        mh_store_close(s);
        return mh_cli_usage_error(cmd, "unknown action '%s'", verb);
    }
    if (needs_pw) memset(pw, 0, sizeof pw);
    mh_store_close(s);
    if (rc) return mh_cli_fail(&e);
    if (!list) printf("user %s: %s done\n", name, verb);
    return MH_EXIT_OK;
}

const mh_cli_cmd mh_cmd_user = {
    "user", run, "add NAME --role ROLE | passwd NAME | role NAME ROLE | disable NAME | enable NAME | list",
    "manage the accounts of the console and API (admin, analyst, investigator, auditor)",
    "Passwords (at least 12 characters) are read from $MOLEHUNT_PASSWORD or standard input,\n"
    "never from the command line, and stored as argon2id hashes. Changing a password, role\n"
    "or state ends the user's sessions; enabling an account also lifts a lockout. Every\n"
    "change is written to the audit trail.",
    opts, 1, 3,
};
