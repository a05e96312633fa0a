/* The graph's reading of the record schemata: which entities are nodes, which are ties
 * (and which property ends are a and b, which property names the relationship), which
 * are dated events with senders and receivers, and which ties a node implies through its
 * own properties (a UserAccount's owner, a Device's holder and provider). records.md is
 * the source; the model module validates the same schemata, this table says only what
 * each one means for the graph. */
#include "graph_int.h"

#include <string.h>

/* schema, flags, a, b, label_prop, ab, ba, start, end, date, category */
static const grole roles[] = {
    /* lasting ties */
    {"Family", GR_TIE | GR_EVENT, "person", "relative", "relationship", "relative", "relative", "startDate", "endDate", NULL, "family"},
    {"Associate", GR_TIE | GR_EVENT, "person", "associate", "relationship", "associate", "associate", "startDate", "endDate", NULL, "associate"},
    {"Employment", GR_TIE | GR_EVENT, "employee", "employer", NULL, "employer", "employee", "startDate", "endDate", NULL, "employment"},
    {"Membership", GR_TIE | GR_EVENT, "member", "organization", NULL, "organization", "member", "startDate", "endDate", NULL, "membership"},
    {"Occupancy", GR_TIE | GR_EVENT, "holder", "post", NULL, "post", "holder", "startDate", "endDate", NULL, "occupancy"},
    {"Ownership", GR_TIE | GR_EVENT, "owner", "asset", NULL, "asset", "owner", "startDate", "endDate", NULL, "ownership"},
    {"Directorship", GR_TIE | GR_EVENT, "director", "organization", NULL, "directed", "director", "startDate", "endDate", NULL, "directorship"},
    {"Representation", GR_TIE | GR_EVENT, "agent", "client", NULL, "client", "agent", "startDate", "endDate", NULL, "representation"},
    {"UnknownLink", GR_TIE | GR_EVENT, "subject", "object", "role", "link", "link", "startDate", "endDate", NULL, "unknownlink"},
    /* interactions */
    {"Payment", GR_EVENT, "payer", "beneficiary", NULL, NULL, NULL, "startDate", NULL, "date", "payment"},
    {"Benefit", GR_EVENT, "provider", "recipient", NULL, NULL, NULL, NULL, NULL, "date", "benefit"},
    {"Tasking", GR_EVENT, "requester", "recipient", NULL, NULL, NULL, NULL, NULL, "date", "tasking"},
    {"Debt", GR_EVENT, "debtor", "creditor", NULL, NULL, NULL, NULL, NULL, "date", "debt"},
    {"Email", GR_EVENT, "emitters", "recipients", NULL, NULL, NULL, NULL, NULL, "date", "email"},
    {"Message", GR_EVENT, "sender", "recipients", NULL, NULL, NULL, NULL, NULL, "date", "message"},
    {"Call", GR_EVENT, "caller", "receiver", NULL, NULL, NULL, NULL, NULL, "date", "call"},
    {"Event", GR_EVENT, "organizer", "involved", NULL, NULL, NULL, "startDate", NULL, "date", "event"},
    {"Trip", GR_EVENT, "involved", NULL, NULL, NULL, NULL, "startDate", NULL, "date", "trip"},
    /* dated records */
    {"Disclosure", GR_EVENT, "reporter", "counterparty", NULL, NULL, NULL, "startDate", NULL, "date", "disclosure"},
    {"Interview", GR_EVENT, "organization", "subject", NULL, NULL, NULL, NULL, NULL, "date", "interview"},
    {"Clearance", GR_EVENT, "organization", "holder", NULL, NULL, NULL, NULL, NULL, "startDate", "clearance"},
    {"Assignment", GR_EVENT, "person", "organization", NULL, NULL, NULL, NULL, NULL, "date", "assignment"},
    {"Device", GR_NODE | GR_EVENT, "provider", "holder", NULL, NULL, NULL, NULL, NULL, "date", "device"},
    {"Sanction", GR_EVENT, "authority", "entity", NULL, NULL, NULL, NULL, NULL, "listingDate", "sanction"},
};

static const gimplied implied[] = {
    {"UserAccount", "owner", "account", "owner"},
    {"Device", "holder", "device", "holder"},
    {"Device", "provider", "provided", "provider"},
    {"Position", "organization", "position", "organization"},
    {0},
};

const grole *g_role(const char *schema)
{
    for (size_t i = 0; i < MH_ARRAY_LEN(roles); i++)
        if (strcmp(roles[i].schema, schema) == 0) return &roles[i];
    return NULL;
}

size_t g_role_index(const grole *r) { return (size_t)(r - roles); }
const grole *g_role_at(size_t i) { return i < MH_ARRAY_LEN(roles) ? &roles[i] : NULL; }
const gimplied *g_implied(void) { return implied; }
