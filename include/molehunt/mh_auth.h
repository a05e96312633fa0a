/* mh_auth: accounts, roles and sessions for the console and API. Passwords are hashed
 * with argon2id (libsodium); sessions are random tokens stored only as hashes, with idle
 * and absolute timeouts and a CSRF token each; repeated failed logins are rate-limited
 * and lock the account. Every login, failure and account change is written to the audit
 * trail (mh_audit.h).
 *
 * Roles (need-to-know): admin manages accounts and cannot read cases; analyst sees
 * pseudonymised data; investigator sees identified data of the cases assigned to them,
 * after a written justification; auditor sees the audit trail and nothing identified.
 *
 * Ownership: strings in mh_auth_session are copied into the struct. */
#ifndef MH_AUTH_H
#define MH_AUTH_H

#include "molehunt/mh_core.h"
#include "molehunt/mh_store.h"

typedef enum { MH_ROLE_NONE = 0, MH_ROLE_ADMIN, MH_ROLE_ANALYST, MH_ROLE_INVESTIGATOR, MH_ROLE_AUDITOR } mh_role;

const char *mh_role_name(mh_role r);
/* MH_ROLE_NONE when NAME is not a role. */
mh_role mh_role_parse(const char *name);

typedef struct mh_auth_session {
    char token[80];   /* the session cookie's value (only its hash is stored) */
    char csrf[80];    /* to be echoed in X-CSRF-Token on every state-changing request */
    char user[64];
    mh_role role;
    mh_time created, last_seen, expires;
} mh_auth_session;

typedef struct mh_auth_policy {
    int idle_minutes;      /* default 30 */
    int absolute_minutes;  /* default 480 */
    int max_failures;      /* failed logins before lockout (default 5) */
    int lockout_minutes;   /* default 15 */
} mh_auth_policy;
void mh_auth_policy_default(mh_auth_policy *p);

mh_status mh_auth_user_add(mh_store *s, const char *name, const char *password, mh_role role, const char *actor, mh_err *e);
mh_status mh_auth_user_passwd(mh_store *s, const char *name, const char *password, const char *actor, mh_err *e);
mh_status mh_auth_user_role(mh_store *s, const char *name, mh_role role, const char *actor, mh_err *e);
mh_status mh_auth_user_disable(mh_store *s, const char *name, bool disabled, const char *actor, mh_err *e);
typedef int (*mh_auth_user_fn)(void *ctx, const char *name, mh_role role, bool disabled, mh_time created);
mh_status mh_auth_user_each(mh_store *s, mh_auth_user_fn fn, void *ctx, mh_err *e);
/* How many enabled accounts exist (serve listens beyond loopback only when there are). */
mh_status mh_auth_user_count(mh_store *s, size_t *n, mh_err *e);

/* Checks the password; on success creates a session. MH_E_DENIED for a wrong name or
 * password, a disabled or locked account (the message does not say which). CLIENT (an
 * address) is recorded in the audit trail. */
mh_status mh_auth_login(mh_store *s, const mh_auth_policy *p, const char *name, const char *password, const char *client,
                        mh_auth_session *out, mh_err *e);
/* Validates a session token (timeouts included) and refreshes its last use. */
mh_status mh_auth_session_check(mh_store *s, const mh_auth_policy *p, const char *token, mh_auth_session *out, mh_err *e);
mh_status mh_auth_logout(mh_store *s, const char *token, mh_err *e);
/* Constant-time comparison of the session's CSRF token with the one a request carried. */
bool mh_auth_csrf_ok(const mh_auth_session *sess, const char *presented);

/* Removes sessions past their idle or absolute timeout; *n (may be NULL) gets how many. */
mh_status mh_auth_sessions_expire(mh_store *s, const mh_auth_policy *p, size_t *n, mh_err *e);
/* Replaces the clock the policy reads (ms since the epoch); NULL restores the wall clock.
 * For tests of timeouts and lockout. */
void mh_auth_set_clock(mh_time (*now)(void));
/* The minimum password length accepted by user_add and user_passwd. */
#define MH_AUTH_MIN_PASSWORD 12

#endif
