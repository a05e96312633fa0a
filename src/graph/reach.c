/* Reach: which ties a sphere follows and how far, and the inverse labels that name a tie
 * from its other end. The default follows every Family tie and the close kinds of
 * Associate to depth 2: far enough for "son>landlord" (MOMINT's benefits through a
 * relative's housing), not so far that a whole office or neighbourhood joins everyone's
 * sphere. Colleagues are left out on purpose: one office would otherwise put every
 * employee in every other's sphere. docs/graph.md explains the choice. */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const close_associates[] = {
    "friend", "close", "close friend", "romantic", "partner", "lover", "girlfriend", "boyfriend",
    "fiance", "fiancee", "associate", "landlord", "tenant", "roommate", "flatmate", "business partner",
    "benefactor", "sponsor", "handler", NULL,
};

static const mh_graph_reach_rule default_rules[] = {
    {"Family", NULL},
    {"Associate", close_associates},
    {0},
};

static const mh_graph_reach default_reach = {2, default_rules, 200};

const mh_graph_reach *mh_graph_reach_default(void) { return &default_reach; }

/* Family relationships come in pairs: the label from the other side. */
static const char *const family_inverse[][2] = {
    {"son", "parent"},          {"daughter", "parent"},       {"child", "parent"},
    {"mother", "child"},        {"father", "child"},          {"parent", "child"},
    {"brother", "sibling"},     {"sister", "sibling"},        {"sibling", "sibling"},
    {"half-brother", "sibling"}, {"half-sister", "sibling"},
    {"spouse", "spouse"},       {"husband", "spouse"},        {"wife", "spouse"},
    {"grandson", "grandparent"}, {"granddaughter", "grandparent"}, {"grandchild", "grandparent"},
    {"grandmother", "grandchild"}, {"grandfather", "grandchild"}, {"grandparent", "grandchild"},
    {"uncle", "nephew or niece"}, {"aunt", "nephew or niece"},
    {"nephew", "uncle or aunt"}, {"niece", "uncle or aunt"},
    {"cousin", "cousin"},
    {"stepson", "stepparent"},  {"stepdaughter", "stepparent"}, {"stepchild", "stepparent"},
    {"stepmother", "stepchild"}, {"stepfather", "stepchild"}, {"stepparent", "stepchild"},
    {"son-in-law", "parent-in-law"}, {"daughter-in-law", "parent-in-law"},
    {"mother-in-law", "child-in-law"}, {"father-in-law", "child-in-law"},
    {"brother-in-law", "sibling-in-law"}, {"sister-in-law", "sibling-in-law"},
};

static const char *const associate_inverse[][2] = {
    {"landlord", "tenant"},   {"tenant", "landlord"},     {"employer", "employee"},
    {"employee", "employer"}, {"handler", "asset"},       {"asset", "handler"},
    {"benefactor", "beneficiary"}, {"beneficiary", "benefactor"},
    {"sponsor", "sponsored"}, {"mentor", "mentee"},       {"mentee", "mentor"},
    {"teacher", "student"},   {"student", "teacher"},     {"client", "adviser"},
    {"adviser", "client"},    {"advisor", "client"},      {"supervisor", "report"},
    {"report", "supervisor"}, {"manager", "report"},      {"colleague", "colleague"},
};

static const char *lookup(const char *const (*t)[2], size_t n, const char *label)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(t[i][0], label) == 0) return t[i][1];
    return NULL;
}

const char *mh_graph_inverse_label(const char *schema, const char *label)
{
    if (!label) return NULL;
    bool fam = !schema || strcmp(schema, "Family") == 0;
    bool assoc = !schema || strcmp(schema, "Associate") == 0;
    const char *r = NULL;
    if (fam) r = lookup(family_inverse, MH_ARRAY_LEN(family_inverse), label);
    if (!r && assoc) r = lookup(associate_inverse, MH_ARRAY_LEN(associate_inverse), label);
    if (r) return r;
    if (schema && strcmp(schema, "Family") == 0) return "relative";
    /* Associate and other symmetric kinds (friend, romantic, colleague) read the same
     * from both ends; unknown ones are at least still an associate. */
    if (schema && strcmp(schema, "Associate") == 0) {
        static const char *const symmetric[] = {"friend", "close", "close friend", "romantic", "partner", "lover",
                                                "associate", "colleague", "roommate", "flatmate",
                                                "business partner", "neighbour", "neighbor", "classmate"};
        for (size_t i = 0; i < MH_ARRAY_LEN(symmetric); i++)
            if (strcasecmp(symmetric[i], label) == 0) return symmetric[i];
        return "associate";
    }
    return label;
}

bool g_reach_match(const mh_graph_reach *r, const gtie *t)
{
    for (const mh_graph_reach_rule *rule = r->rules; rule && rule->schema; rule++) {
        if (strcmp(rule->schema, t->schema) != 0) continue;
        if (!rule->relationships) return true;
        /* Only the relationship as recorded (the label seen from the a end) decides: the
         * label derived for the other end of an unknown relationship is the generic
         * "associate", which must not let a supervisor tie into everyone's sphere. */
        for (const char *const *rel = rule->relationships; *rel; rel++)
            if (t->ab && strcasecmp(*rel, t->ab) == 0) return true;
    }
    return false;
}

/* reach -> rule (',' rule)* ; rule -> SCHEMA [':' REL ('|' REL)*] */
mh_status mh_graph_reach_parse(const char *spec, mh_arena *a, mh_graph_reach *out, mh_err *e)
{
    *out = default_reach;
    size_t nrules = 1;
    for (const char *p = spec; *p; p++) nrules += *p == ',';
    mh_graph_reach_rule *rules = mh_arena_zalloc(a, (nrules + 1) * sizeof *rules);
    if (!rules) return mh_err_set(e, MH_E_NOMEM, "out of memory parsing the reach");
    size_t k = 0;
    const char *p = spec;
    while (*p) {
        const char *end = strchr(p, ',');
        if (!end) end = p + strlen(p);
        const char *colon = memchr(p, ':', (size_t)(end - p));
        const char *name_end = colon ? colon : end;
        if (name_end == p) return mh_err_set(e, MH_E_USAGE, "reach: empty schema name in '%s'", spec);
        char *name = mh_arena_strndup(a, p, (size_t)(name_end - p));
        if (!name) return mh_err_set(e, MH_E_NOMEM, "out of memory parsing the reach");
        const grole *role = g_role(name);
        if (!role && !(strcmp(name, "UserAccount") == 0 || strcmp(name, "Device") == 0 || strcmp(name, "Position") == 0))
            return mh_err_set(e, MH_E_USAGE, "reach: '%s' is not a tie schema", name);
        if (role && !(role->flags & GR_TIE) && strcmp(name, "Device") != 0)
            return mh_err_set(e, MH_E_USAGE, "reach: '%s' is not a tie schema", name);
        rules[k].schema = name;
        if (colon) {
            size_t nrel = 1;
            for (const char *q = colon + 1; q < end; q++) nrel += *q == '|';
            const char **rels = mh_arena_zalloc(a, (nrel + 1) * sizeof *rels);
            if (!rels) return mh_err_set(e, MH_E_NOMEM, "out of memory parsing the reach");
            size_t j = 0;
            for (const char *q = colon + 1; q < end;) {
                const char *bar = memchr(q, '|', (size_t)(end - q));
                if (!bar) bar = end;
                if (bar > q && !(rels[j++] = mh_arena_strndup(a, q, (size_t)(bar - q))))
                    return mh_err_set(e, MH_E_NOMEM, "out of memory parsing the reach");
                q = bar + (bar < end);
            }
            if (j == 0) return mh_err_set(e, MH_E_USAGE, "reach: '%s' lists no relationship", name);
            rules[k].relationships = rels;
        }
        k++;
        p = *end ? end + 1 : end;
    }
    if (k == 0) return mh_err_set(e, MH_E_USAGE, "reach: no rule in '%s'", spec);
    out->rules = rules;
    return MH_OK;
}
