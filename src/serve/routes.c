/* The API's route table: method, path pattern, the roles allowed and whether the request
 * changes data (and so needs the CSRF token). One table, so the role matrix the tests
 * check and docs/api.md can be read off one place (Redis's command table). */
#include <string.h>

#include "serve_int.h"

#define ANY 0u
#define READERS (SRV_ROLE(MH_ROLE_ANALYST) | SRV_ROLE(MH_ROLE_INVESTIGATOR))
#define SIGNED_IN (SRV_ROLE(MH_ROLE_ADMIN) | READERS | SRV_ROLE(MH_ROLE_AUDITOR))
#define INVESTIGATOR SRV_ROLE(MH_ROLE_INVESTIGATOR)
#define AUDITOR SRV_ROLE(MH_ROLE_AUDITOR)
#define ADMIN SRV_ROLE(MH_ROLE_ADMIN)

const srv_route srv_routes[] = {
    {"GET", "/api/v1/session", ANY, false, api_session_get},
    {"POST", "/api/v1/session", ANY, false, api_session_login},
    {"DELETE", "/api/v1/session", SIGNED_IN, true, api_session_logout},
    {"GET", "/api/v1/guidelines", SIGNED_IN, false, api_guidelines},
    {"GET", "/api/v1/queue", READERS, false, api_queue},
    {"GET", "/api/v1/people/{}", READERS, false, api_person},
    {"GET", "/api/v1/people/{}/timeline", READERS, false, api_person_timeline},
    {"GET", "/api/v1/people/{}/graph", READERS, false, api_person_graph},
    {"POST", "/api/v1/people/{}/reveal", INVESTIGATOR, true, api_person_reveal},
    {"GET", "/api/v1/rules", READERS, false, api_rules_list},
    {"POST", "/api/v1/rules/run", READERS, true, api_rules_run},
    {"GET", "/api/v1/cases", READERS, false, api_cases_list},
    {"POST", "/api/v1/cases", READERS, true, api_case_open},
    {"GET", "/api/v1/cases/{}", READERS, false, api_case_get},
    {"POST", "/api/v1/cases/{}/{}", READERS, true, api_case_action},
    {"GET", "/api/v1/jobs", READERS, false, api_jobs_list},
    {"POST", "/api/v1/jobs", READERS, true, api_job_start},
    {"GET", "/api/v1/jobs/{}", READERS, false, api_job_get},
    {"POST", "/api/v1/jobs/{}/cancel", READERS, true, api_job_cancel},
    {"GET", "/api/v1/audit", AUDITOR, false, api_audit_list},
    {"GET", "/api/v1/audit/verify", AUDITOR, false, api_audit_verify},
    {"GET", "/api/v1/users", ADMIN, false, api_users_list},
    {"POST", "/api/v1/users", ADMIN, true, api_user_add},
    {"POST", "/api/v1/users/{}", ADMIN, true, api_user_change},
    {NULL, NULL, 0, false, NULL},
};

/* Matches PATH against PAT segment by segment; {} takes one non-empty segment. */
static bool match(const char *pat, const char *path, srv_req *r)
{
    r->nparams = 0;
    while (*pat && *path) {
        if (pat[0] == '{' && pat[1] == '}') {
            const char *end = strchr(path, '/');
            size_t n = end ? (size_t)(end - path) : strlen(path);
            if (n == 0 || r->nparams == MH_ARRAY_LEN(r->params)) return false;
            r->params[r->nparams++] = mh_arena_strndup(&r->arena, path, n);
            path += n, pat += 2;
            continue;
        }
        if (*pat != *path) return false;
        pat++, path++;
    }
    return !*pat && !*path;
}

const srv_route *srv_route_find(srv_req *r, const char *path, bool *path_known)
{
    *path_known = false;
    for (const srv_route *rt = srv_routes; rt->method; rt++) {
        if (!match(rt->pattern, path, r)) continue;
        *path_known = true;
        if (strcmp(rt->method, r->method) == 0) return rt;
    }
    r->nparams = 0;
    return NULL;
}
