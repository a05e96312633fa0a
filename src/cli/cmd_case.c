/* molehunt case open|assign|note|close|reopen|list|show: the analyst's record of an
 * investigation. The store keeps each case's state and an append-only history; this file
 * turns verbs into those calls, names the actor (the OS user unless --actor says
 * otherwise), stamps wall-clock time, and prints cases as a table or JSON. */
#include "cli.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "molehunt/mh_json.h"
#include "molehunt/mh_store.h"
#include "molehunt/mh_audit.h"
#include "redact.h"
#include "reveal.h"

static const mh_cli_opt opts[] = {
    {"note", 0, "TEXT", "open/close/reopen: a note to record with the action (required by reopen)", false},
    {"to", 0, "NAME", "assign: who the case is assigned to", false},
    {"disposition", 0, "D", "close: unfounded, mitigated, referred or confirmed", false},
    {"status", 0, "open|closed", "list: only cases with this status", false},
    {"person", 0, "ID", "list: only cases of this person", false},
    {"actor", 0, "NAME", "who is acting (default: the OS user name)", false},
    {"format", 0, "table|json", "list/show: output format (default table)", false},
    {0},
};

static mh_time now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (mh_time)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *default_actor(void)
{
    const char *u = getenv("USER");
    if (u && *u) return u;
    struct passwd *pw = getpwuid(geteuid());
    return pw && pw->pw_name && *pw->pw_name ? pw->pw_name : "unknown";
}

static bool parse_case_id(const char *s, int64_t *id)
{
    if (s && s[0] == '#') s++;
    if (!s || !*s) return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0) return false;
    *id = v;
    return true;
}

static void put_time(mh_buf *b, mh_time t)
{
    if (t == MH_TIME_NONE) {
        mh_buf_puts(b, "null");
        return;
    }
    char tb[32];
    mh_time_format(t, tb, sizeof tb);
    mh_buf_printf(b, "\"%s\"", tb);
}

static int copy_name(void *vctx, const mh_entity *ent)
{
    const char *n = mh_entity_first(ent, "name");
    if (n) snprintf(vctx, 128, "%s", n);
    return 1;
}

/* The person's first name property, or "" when the entity is gone or nameless. */
static void person_name(mh_store *s, const char *id, char out[128])
{
    mh_err e;
    out[0] = '\0';
    mh_store_entity_get(s, id, copy_name, out, &e);
}

typedef struct {
    mh_store *s;
    bool json;
    int n;
    mh_buf b;
    mh_redact *r; /* Persons as pseudonyms unless --identified */
} print_ctx;

static void case_json(print_ctx *x, const mh_case_rec *c)
{
    char name[128];
    person_name(x->s, c->person, name);
    if (!mh_redact_name(x->r, c->person, name)) name[0] = '\0';
    mh_buf_printf(&x->b, "{\"id\":%lld,\"person\":", (long long)c->id);
    mh_json_write_cstr(&x->b, mh_redact_id(x->r, c->person));
    mh_buf_puts(&x->b, ",\"name\":");
    mh_json_write_cstr(&x->b, name[0] ? name : NULL);
    mh_buf_puts(&x->b, ",\"status\":");
    mh_json_write_cstr(&x->b, c->status);
    mh_buf_puts(&x->b, ",\"disposition\":");
    mh_json_write_cstr(&x->b, c->disposition);
    mh_buf_puts(&x->b, ",\"assignee\":");
    mh_json_write_cstr(&x->b, c->assignee);
    mh_buf_puts(&x->b, ",\"opened_at\":");
    put_time(&x->b, c->opened_at);
    mh_buf_puts(&x->b, ",\"closed_at\":");
    put_time(&x->b, c->closed_at);
    mh_buf_puts(&x->b, ",\"opened_by\":");
    mh_json_write_cstr(&x->b, c->opened_by);
}

static int list_row(void *vctx, const mh_case_rec *c)
{
    print_ctx *x = vctx;
    if (x->json) {
        if (x->n) mh_buf_putc(&x->b, ',');
        case_json(x, c);
        mh_buf_putc(&x->b, '}');
    } else {
        char name[128], opened[16];
        person_name(x->s, c->person, name);
        if (!mh_redact_name(x->r, c->person, name)) name[0] = '\0';
        mh_time_format_date(c->opened_at, opened, sizeof opened);
        printf("%-6lld %-7s %-10s %-12s %-10s %-12s %s%s%s%s\n", (long long)c->id, c->status,
               c->disposition ? c->disposition : "-", c->assignee ? c->assignee : "-", opened,
               c->opened_by ? c->opened_by : "-", mh_redact_id(x->r, c->person), name[0] ? " (" : "", name,
               name[0] ? ")" : "");
    }
    x->n++;
    return 0;
}

static int show_case(void *vctx, const mh_case_rec *c)
{
    print_ctx *x = vctx;
    if (x->json) {
        case_json(x, c);
        return 0;
    }
    char name[128], opened[32], closed[32];
    person_name(x->s, c->person, name);
    if (!mh_redact_name(x->r, c->person, name)) name[0] = '\0';
    mh_time_format(c->opened_at, opened, sizeof opened);
    printf("case %lld: %s%s%s%s\n", (long long)c->id, mh_redact_id(x->r, c->person), name[0] ? " (" : "", name,
           name[0] ? ")" : "");
    printf("  status       %s%s%s\n", c->status, c->disposition ? ", " : "", c->disposition ? c->disposition : "");
    printf("  assignee     %s\n", c->assignee ? c->assignee : "-");
    printf("  opened       %s by %s\n", opened, c->opened_by ? c->opened_by : "-");
    if (c->closed_at != MH_TIME_NONE) {
        mh_time_format(c->closed_at, closed, sizeof closed);
        printf("  closed       %s\n", closed);
    }
    printf("  history\n");
    return 0;
}

static int show_event(void *vctx, const mh_case_event_rec *ev)
{
    print_ctx *x = vctx;
    if (x->json) {
        if (x->n) mh_buf_putc(&x->b, ',');
        mh_buf_puts(&x->b, "{\"at\":");
        put_time(&x->b, ev->at);
        mh_buf_puts(&x->b, ",\"actor\":");
        mh_json_write_cstr(&x->b, ev->actor);
        mh_buf_puts(&x->b, ",\"action\":");
        mh_json_write_cstr(&x->b, ev->action);
        mh_buf_puts(&x->b, ",\"detail\":");
        /* a note is free text: the people it names are shown by pseudonym */
        mh_redact_prose_json(x->r, ev->detail, ev->detail ? strlen(ev->detail) : 0, &x->b);
        mh_buf_putc(&x->b, '}');
    } else {
        char at[32];
        mh_time_format(ev->at, at, sizeof at);
        mh_buf t;
        mh_buf_init(&t, 0);
        mh_redact_prose(x->r, ev->detail, ev->detail ? strlen(ev->detail) : 0, &t);
        printf("    %-24s %-12s %-7s %s\n", at, ev->actor ? ev->actor : "-", ev->action, t.data ? t.data : "");
        mh_buf_free(&t);
    }
    x->n++;
    return 0;
}

static int do_list(mh_store *s, mh_redact *r, const mh_cli_cmd *cmd, mh_cli_args *a, bool json, mh_err *e)
{
    const char *status = mh_cli_get(cmd, a, "status");
    print_ctx x = {.s = s, .json = json, .r = r};
    mh_buf_init(&x.b, 0);
    if (json) mh_buf_putc(&x.b, '[');
    else printf("%-6s %-7s %-10s %-12s %-10s %-12s %s\n", "case", "status", "outcome", "assignee", "opened", "by", "person");
    const char *person = mh_cli_get(cmd, a, "person");
    mh_status rc = mh_store_cases_each(s, status, person ? mh_redact_resolve(r, person) : NULL, list_row, &x, e);
    if (json && !rc) printf("%s]\n", x.b.data);
    else if (!json && !rc && !x.n) printf("(no cases)\n");
    mh_buf_free(&x.b);
    return rc ? -1 : 0;
}

static int do_show(mh_store *s, mh_redact *r, int64_t id, bool json, mh_err *e)
{
    print_ctx x = {.s = s, .json = json, .r = r};
    mh_buf_init(&x.b, 0);
    mh_status rc = mh_store_case_get(s, id, show_case, &x, e);
    if (!rc && json) mh_buf_puts(&x.b, ",\"history\":[");
    if (!rc) rc = mh_store_case_events_each(s, id, show_event, &x, e);
    if (!rc && json) printf("%s]}\n", x.b.data);
    mh_buf_free(&x.b);
    return rc ? -1 : 0;
}

/* Joins the positional arguments from FIRST on with spaces (note CASE some words). */
static char *join_args(mh_cli_args *a, int first)
{
    mh_buf b;
    mh_buf_init(&b, 0);
    for (int i = first; i < a->npos; i++) {
        if (i > first) mh_buf_putc(&b, ' ');
        mh_buf_puts(&b, a->pos[i]);
    }
    return b.data;
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *verb = a->pos[0];
    const char *fmt = mh_cli_get(cmd, a, "format");
    bool json = fmt && strcmp(fmt, "json") == 0;
    if (fmt && !json && strcmp(fmt, "table") != 0) return mh_cli_usage_error(cmd, "--format must be table or json");
    const char *actor = mh_cli_get(cmd, a, "actor");
    if (!actor) actor = default_actor();
    const char *note = mh_cli_get(cmd, a, "note");

    /* Check the shape of the command line before touching the store. */
    static const struct {
        const char *verb;
        int npos; /* positional arguments after the verb; -1: at least one */
    } verbs[] = {{"open", 1}, {"assign", 1}, {"note", -1}, {"close", 1}, {"reopen", 1}, {"list", 0}, {"show", 1}};
    int vi = -1;
    for (size_t i = 0; i < MH_ARRAY_LEN(verbs); i++)
        if (strcmp(verb, verbs[i].verb) == 0) vi = (int)i;
    if (vi < 0) return mh_cli_usage_error(cmd, "unknown verb '%s' (open, assign, note, close, reopen, list or show)", verb);
    int want = verbs[vi].npos;
    if (want >= 0 && a->npos - 1 != want)
        return mh_cli_usage_error(cmd, "'case %s' takes %d argument%s", verb, want, want == 1 ? "" : "s");
    if (want < 0 && a->npos < 3) return mh_cli_usage_error(cmd, "'case note' needs a CASE and the note's TEXT");
    int64_t id = 0;
    if (strcmp(verb, "open") != 0 && strcmp(verb, "list") != 0 && !parse_case_id(a->pos[1], &id))
        return mh_cli_usage_error(cmd, "'%s' is not a case number", a->pos[1]);
    if (strcmp(verb, "assign") == 0 && !mh_cli_get(cmd, a, "to")) return mh_cli_usage_error(cmd, "'case assign' needs --to NAME");
    if (strcmp(verb, "close") == 0 && !mh_store_case_disposition_ok(mh_cli_get(cmd, a, "disposition")))
        return mh_cli_usage_error(cmd, "'case close' needs --disposition unfounded|mitigated|referred|confirmed");
    const char *status = mh_cli_get(cmd, a, "status");
    if (status && strcmp(status, "open") != 0 && strcmp(status, "closed") != 0)
        return mh_cli_usage_error(cmd, "--status must be open or closed");
    if (strcmp(verb, "reopen") == 0 && !note) return mh_cli_usage_error(cmd, "'case reopen' needs --note TEXT saying why");

    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    mh_view v;
    mh_redact *r = NULL;
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    if (mh_view_open(&v, ctx, &e) || mh_redact_open(s, &v, &r, &e)) {
        mh_view_close(&v);
        mh_store_close(s);
        return mh_cli_fail(&e);
    }
    mh_time at = now_ms();
    mh_status rc = MH_OK;
    int out = MH_EXIT_OK;
    bool changes = strcmp(verb, "list") != 0 && strcmp(verb, "show") != 0;
    if (changes && (rc = mh_store_begin(s, &e))) changes = false;
    if (rc) {
    } else if (strcmp(verb, "open") == 0) {
        rc = mh_store_case_open(s, mh_redact_resolve(r, a->pos[1]), actor, note, at, &id, &e);
        if (!rc) printf("case %lld opened for %s\n", (long long)id, a->pos[1]);
    } else if (strcmp(verb, "assign") == 0) {
        rc = mh_store_case_assign(s, id, mh_cli_get(cmd, a, "to"), actor, at, &e);
        if (!rc) printf("case %lld assigned to %s\n", (long long)id, mh_cli_get(cmd, a, "to"));
    } else if (strcmp(verb, "note") == 0) {
        char *text = join_args(a, 2);
        rc = text ? mh_store_case_note(s, id, text, actor, at, &e) : mh_err_set(&e, MH_E_NOMEM, "out of memory");
        free(text);
        if (!rc) printf("case %lld: note added\n", (long long)id);
    } else if (strcmp(verb, "close") == 0) {
        rc = mh_store_case_close(s, id, mh_cli_get(cmd, a, "disposition"), note, actor, at, &e);
        if (!rc) printf("case %lld closed: %s\n", (long long)id, mh_cli_get(cmd, a, "disposition"));
    } else if (strcmp(verb, "reopen") == 0) {
        rc = mh_store_case_reopen(s, id, note, actor, at, &e);
        if (!rc) printf("case %lld reopened\n", (long long)id);
    } else if (strcmp(verb, "list") == 0) {
        if (do_list(s, r, cmd, a, json, &e)) rc = e.code;
    } else {
        if (do_show(s, r, id, json, &e)) rc = e.code;
    }
    if (changes) {
        /* every case action is also in the audit trail, in the same transaction */
        char action[32], object[32], detail[160];
        snprintf(action, sizeof action, "case.%s", verb);
        snprintf(object, sizeof object, "case %lld", (long long)id);
        snprintf(detail, sizeof detail, "as=%.120s", actor);
        if (!rc) rc = mh_audit_append(s, mh_cli_actor(), action, object, detail, &e);
        if (!rc) rc = mh_store_commit(s, &e);
        if (rc) mh_store_rollback(s);
    }
    if (rc) out = mh_cli_fail(&e);
    mh_redact_free(r);
    mh_view_close(&v);
    mh_store_close(s);
    return out;
}

const mh_cli_cmd mh_cmd_case = {
    "case", run,
    "open PERSON [--note TEXT] | assign CASE --to NAME | note CASE TEXT | "
    "close CASE --disposition D [--note TEXT] | reopen CASE --note TEXT | "
    "list [--status open|closed] [--person ID] | show CASE",
    "open, assign, annotate and close investigations, with their full history",
    "A case is about one stored Person; a person has at most one open case. Closing needs\n"
    "a disposition: unfounded, mitigated, referred or confirmed. A closed case takes no\n"
    "notes or assignments until it is reopened (with a note saying why). Every action is\n"
    "recorded with its actor (the OS user, or --actor) and time, and never edited or\n"
    "deleted. See docs/cases.md.",
    opts, 1, -1,
};
