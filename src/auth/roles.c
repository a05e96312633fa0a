/* Role names, as stored and as typed on the command line. */
#include "auth_int.h"

#include <string.h>

static const char *const names[] = {
    [MH_ROLE_NONE] = "none",
    [MH_ROLE_ADMIN] = "admin",
    [MH_ROLE_ANALYST] = "analyst",
    [MH_ROLE_INVESTIGATOR] = "investigator",
    [MH_ROLE_AUDITOR] = "auditor",
};

const char *mh_role_name(mh_role r)
{
    return (unsigned)r < MH_ARRAY_LEN(names) ? names[r] : "none";
}

mh_role mh_role_parse(const char *name)
{
    if (!name) return MH_ROLE_NONE;
    for (size_t i = MH_ROLE_ADMIN; i < MH_ARRAY_LEN(names); i++)
        if (strcmp(names[i], name) == 0) return (mh_role)i;
    return MH_ROLE_NONE;
}
