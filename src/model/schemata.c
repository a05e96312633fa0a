/* The schema table: every FtM schema molehunt reads (../spec/records.md §1) and the
 * insider-risk extension schemata, with their properties and types. Ingest validates
 * against it, the graph reads each tie's two ends and dates from it. One table, so a new
 * schema is one entry here and nothing else. */
#include "molehunt/mh_model.h"

#include <string.h>

#define S MH_PT_STRING
#define E MH_PT_ENTITY
#define D MH_PT_DATE
#define A MH_PT_AMOUNT
#define C MH_PT_COUNTRY
#define T MH_PT_TOPIC
#define N MH_PT_NUMBER

/* Properties every schema accepts (FtM Thing / Interval basics and provenance). */
#define COMMON \
    {"summary", S, 0}, {"description", S, 0}, {"notes", S, 0}, {"sourceUrl", S, 0}, \
    {"publisher", S, 0}, {"modifiedAt", D, 0}, {"retrievedAt", D, 0}, {"recordId", S, 0}, \
    {"keywords", S, 0}, {"indexText", S, 0}
/* FtM LegalEntity properties shared by people and bodies. */
#define LEGAL \
    COMMON, {"name", S, 0}, {"alias", S, 0}, {"weakAlias", S, 0}, {"previousName", S, 0}, \
    {"country", C, 0}, {"topics", T, 0}, {"email", S, 0}, {"phone", S, 0}, {"website", S, 0}, \
    {"address", S, 0}, {"addressEntity", E, 0}, {"idNumber", S, 0}, {"taxNumber", S, 0}, \
    {"registrationNumber", S, 0}, {"jurisdiction", C, 0}, {"mainCountry", C, 0}, \
    {"legalForm", S, 0}, {"incorporationDate", D, 0}, {"dissolutionDate", D, 0}, \
    {"wikidataId", S, 0}, {"status", S, 0}, {"sector", S, 0}
#define INTERVAL COMMON, {"date", D, 0}, {"startDate", D, 0}, {"endDate", D, 0}

static const char *const benefit_kinds[] = {"cash", "device", "tuition", "housing", "travel", "stipend",
                                            "meal", "goods", "employment", "other", NULL};
static const char *const disclosure_kinds[] = {"foreign_contact", "foreign_travel", "gift", "financial",
                                               "outside_activity", "other", NULL};
static const char *const sensitivities[] = {"public", "internal", "sensitive", "classified", NULL};
static const char *const channels[] = {"email", "message", "call", "meeting", "other", NULL};
static const char *const interview_kinds[] = {"background", "security", "counterintelligence", "law_enforcement", NULL};
static const char *const levels[] = {"confidential", "secret", "top_secret", NULL};
static const char *const assign_status[] = {"bid", "assigned", "withdrawn", NULL};
static const char *const device_kinds[] = {"phone", "laptop", "tablet", "storage", "other", NULL};

static const mh_propdef p_person[] = {LEGAL, {"firstName", S, 0}, {"lastName", S, 0}, {"middleName", S, 0},
    {"fatherName", S, 0}, {"motherName", S, 0}, {"secondName", S, 0}, {"title", S, 0},
    {"birthDate", D, 0}, {"birthPlace", S, 0}, {"birthCountry", C, 0}, {"deathDate", D, 0},
    {"nationality", C, 0}, {"citizenship", C, 0}, {"gender", S, 0}, {"position", S, 0},
    {"education", S, 0}, {"religion", S, 0}, {"ethnicity", S, 0}, {"passportNumber", S, 0}, {0}};
static const mh_propdef p_org[] = {LEGAL, {"parent", E, 0}, {0}};
static const mh_propdef p_account[] = {COMMON, {"owner", E, 0}, {"username", S, 0}, {"service", S, 0},
    {"email", S, 0}, {"number", S, 0}, {"country", C, 0}, {"name", S, 0}, {0}};
static const mh_propdef p_family[] = {INTERVAL, {"person", E, 0}, {"relative", E, 0}, {"relationship", S, 0}, {0}};
static const mh_propdef p_assoc[] = {INTERVAL, {"person", E, 0}, {"associate", E, 0}, {"relationship", S, 0}, {0}};
static const mh_propdef p_employ[] = {INTERVAL, {"employer", E, 0}, {"employee", E, 0}, {"role", S, 0}, {0}};
static const mh_propdef p_member[] = {INTERVAL, {"member", E, 0}, {"organization", E, 0}, {"role", S, 0}, {0}};
static const mh_propdef p_position[] = {COMMON, {"name", S, 0}, {"organization", E, 0}, {"country", C, 0},
    {"topics", T, 0}, {"inceptionDate", D, 0}, {"dissolutionDate", D, 0}, {0}};
static const mh_propdef p_occupancy[] = {INTERVAL, {"holder", E, 0}, {"post", E, 0}, {"status", S, 0}, {0}};
static const mh_propdef p_ownership[] = {INTERVAL, {"owner", E, 0}, {"asset", E, 0}, {"role", S, 0},
    {"percentage", S, 0}, {"sharesCount", S, 0}, {0}};
static const mh_propdef p_director[] = {INTERVAL, {"director", E, 0}, {"organization", E, 0}, {"role", S, 0}, {0}};
static const mh_propdef p_represent[] = {INTERVAL, {"agent", E, 0}, {"client", E, 0}, {"role", S, 0}, {0}};
static const mh_propdef p_unknown[] = {INTERVAL, {"subject", E, 0}, {"object", E, 0}, {"role", S, 0}, {0}};
static const mh_propdef p_payment[] = {INTERVAL, {"payer", E, 0}, {"beneficiary", E, 0}, {"amount", A, 0},
    {"currency", S, 0}, {"purpose", S, 0}, {"payerAccount", E, 0}, {"beneficiaryAccount", E, 0},
    {"programme", S, 0}, {"transactionNumber", S, 0}, {0}};
static const mh_propdef p_debt[] = {INTERVAL, {"debtor", E, 0}, {"creditor", E, 0}, {"amount", A, 0},
    {"currency", S, 0}, {0}};
static const mh_propdef p_email[] = {INTERVAL, {"emitters", E, 0}, {"recipients", E, 0}, {"cc", E, 0},
    {"bcc", E, 0}, {"subject", S, 0}, {"bodyText", S, 0}, {"sender", E, 0}, {0}};
static const mh_propdef p_message[] = {INTERVAL, {"sender", E, 0}, {"recipients", E, 0}, {"subject", S, 0},
    {"bodyText", S, 0}, {"threadTopic", S, 0}, {0}};
static const mh_propdef p_call[] = {INTERVAL, {"caller", E, 0}, {"receiver", E, 0}, {"duration", N, 0},
    {"callerNumber", S, 0}, {"receiverNumber", S, 0}, {0}};
static const mh_propdef p_event[] = {INTERVAL, {"name", S, 0}, {"involved", E, 0}, {"organizer", E, 0},
    {"country", C, 0}, {"location", S, 0}, {0}};
static const mh_propdef p_trip[] = {INTERVAL, {"name", S, 0}, {"involved", E, 0}, {"organizer", E, 0},
    {"country", C, 0}, {"location", S, 0}, {0}};
static const mh_propdef p_ident[] = {INTERVAL, {"holder", E, 0}, {"number", S, 0}, {"country", C, 0},
    {"type", S, 0}, {"authority", S, 0}, {0}};
static const mh_propdef p_sanction[] = {INTERVAL, {"entity", E, 0}, {"authority", S, 0}, {"program", S, 0},
    {"listingDate", D, 0}, {"reason", S, 0}, {"country", C, 0}, {0}};
static const mh_propdef p_address[] = {COMMON, {"full", S, 0}, {"country", C, 0}, {"city", S, 0},
    {"street", S, 0}, {"postalCode", S, 0}, {"name", S, 0}, {0}};
static const mh_propdef p_benefit[] = {INTERVAL, {"provider", E, 0}, {"recipient", E, 0}, {"value", A, 0},
    {"currency", S, 0}, {"kind", MH_PT_ENUM, benefit_kinds}, {0}};
static const mh_propdef p_disclosure[] = {INTERVAL, {"reporter", E, 0}, {"kind", MH_PT_ENUM, disclosure_kinds},
    {"counterparty", E, 0}, {"value", A, 0}, {"currency", S, 0}, {"record", E, 0}, {0}};
static const mh_propdef p_tasking[] = {INTERVAL, {"requester", E, 0}, {"recipient", E, 0}, {"subject", S, 0},
    {"sensitivity", MH_PT_ENUM, sensitivities}, {"channel", MH_PT_ENUM, channels}, {0}};
static const mh_propdef p_interview[] = {INTERVAL, {"subject", E, 0}, {"organization", E, 0},
    {"kind", MH_PT_ENUM, interview_kinds}, {0}};
static const mh_propdef p_clearance[] = {INTERVAL, {"holder", E, 0}, {"organization", E, 0},
    {"level", MH_PT_ENUM, levels}, {0}};
static const mh_propdef p_assign[] = {INTERVAL, {"person", E, 0}, {"organization", E, 0}, {"post", S, 0},
    {"country", C, 0}, {"status", MH_PT_ENUM, assign_status}, {0}};
static const mh_propdef p_device[] = {INTERVAL, {"holder", E, 0}, {"provider", E, 0},
    {"kind", MH_PT_ENUM, device_kinds}, {"model", S, 0}, {0}};

#define THING(n, p) {n, MH_SK_THING, p, NULL, NULL, NULL, NULL, false}
#define TIE(n, p, f, t) {n, MH_SK_TIE, p, f, t, "startDate", "endDate", false}
#define ACT(n, p, f, t, d) {n, MH_SK_INTERACTION, p, f, t, d, "endDate", false}
#define XACT(n, p, f, t) {n, MH_SK_INTERACTION, p, f, t, "date", "endDate", true}
#define XREC(n, p, f, t, d) {n, MH_SK_RECORD, p, f, t, d, "endDate", true}

static const mh_schema schemata[] = {
    THING("Person", p_person),
    THING("Organization", p_org),
    THING("Company", p_org),
    THING("PublicBody", p_org),
    THING("LegalEntity", p_org),
    THING("UserAccount", p_account),
    THING("Position", p_position),
    THING("Address", p_address),
    TIE("Family", p_family, "person", "relative"),
    TIE("Associate", p_assoc, "person", "associate"),
    TIE("Employment", p_employ, "employee", "employer"),
    TIE("Membership", p_member, "member", "organization"),
    TIE("Occupancy", p_occupancy, "holder", "post"),
    TIE("Ownership", p_ownership, "owner", "asset"),
    TIE("Directorship", p_director, "director", "organization"),
    TIE("Representation", p_represent, "agent", "client"),
    TIE("UnknownLink", p_unknown, "subject", "object"),
    ACT("Payment", p_payment, "payer", "beneficiary", "date"),
    ACT("Debt", p_debt, "debtor", "creditor", "date"),
    ACT("Email", p_email, "emitters", "recipients", "date"),
    ACT("Message", p_message, "sender", "recipients", "date"),
    ACT("Call", p_call, "caller", "receiver", "date"),
    ACT("Event", p_event, "involved", "organizer", "date"),
    ACT("Trip", p_trip, "involved", "organizer", "startDate"),
    {"Passport", MH_SK_RECORD, p_ident, "holder", NULL, "startDate", "endDate", false},
    {"Identification", MH_SK_RECORD, p_ident, "holder", NULL, "startDate", "endDate", false},
    {"Sanction", MH_SK_RECORD, p_sanction, "entity", NULL, "listingDate", "endDate", false},
    XACT("Benefit", p_benefit, "provider", "recipient"),
    XACT("Tasking", p_tasking, "requester", "recipient"),
    XREC("Disclosure", p_disclosure, "reporter", "counterparty", "date"),
    XREC("Interview", p_interview, "subject", "organization", "date"),
    XREC("Clearance", p_clearance, "holder", "organization", "startDate"),
    XREC("Assignment", p_assign, "person", "organization", "date"),
    {"Device", MH_SK_THING, p_device, "holder", "provider", "date", "endDate", true},
};

static const mh_schema *const all[] = {
    &schemata[0], &schemata[1], &schemata[2], &schemata[3], &schemata[4], &schemata[5], &schemata[6],
    &schemata[7], &schemata[8], &schemata[9], &schemata[10], &schemata[11], &schemata[12], &schemata[13],
    &schemata[14], &schemata[15], &schemata[16], &schemata[17], &schemata[18], &schemata[19], &schemata[20],
    &schemata[21], &schemata[22], &schemata[23], &schemata[24], &schemata[25], &schemata[26], &schemata[27],
    &schemata[28], &schemata[29], &schemata[30], &schemata[31], &schemata[32], &schemata[33], NULL,
};
_Static_assert(sizeof all / sizeof all[0] == sizeof schemata / sizeof schemata[0] + 1, "schema index out of date");

const mh_schema *const *mh_model_schemata(void) { return all; }

/* Lookups run once per property of every ingested line: compare the first byte and
 * then the rest without measuring each table name first. */
static inline bool name_is(const char *table_name, const char *name, size_t len)
{
    return table_name[0] == name[0] && strncmp(table_name, name, len) == 0 && table_name[len] == '\0';
}

const mh_schema *mh_model_schema(const char *name, size_t len)
{
    if (len == 0) return NULL;
    for (size_t i = 0; i < sizeof schemata / sizeof schemata[0]; i++)
        if (name_is(schemata[i].name, name, len)) return &schemata[i];
    return NULL;
}

const mh_propdef *mh_model_prop(const mh_schema *s, const char *name, size_t len)
{
    if (len == 0) return NULL;
    for (const mh_propdef *p = s->props; p->name; p++)
        if (name_is(p->name, name, len)) return p;
    return NULL;
}
