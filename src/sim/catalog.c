/* The simulator's fixed tables: countries (with the capitals that name embassy posts),
 * web sites (the special ones scenarios use come first), content words, and the home
 * organisation's functional units, departments and roles. Kept apart so that the
 * generators read as behaviour, not data. */
#include <string.h>

#include "sim_internal.h"

const sim_country sim_countries[] = {
    {"cn", "China", "Beijing", true},       {"ru", "Russia", "Moscow", true},
    {"ir", "Iran", "Tehran", true},         {"de", "Germany", "Berlin", false},
    {"fr", "France", "Paris", false},       {"gb", "United Kingdom", "London", false},
    {"mx", "Mexico", "Mexico City", false}, {"ca", "Canada", "Ottawa", false},
    {"in", "India", "New Delhi", false},    {"ph", "Philippines", "Manila", false},
    {"kr", "South Korea", "Seoul", false},  {"jp", "Japan", "Tokyo", false},
    {"ng", "Nigeria", "Abuja", false},      {"br", "Brazil", "Brasilia", false},
    {"it", "Italy", "Rome", false},         {"pl", "Poland", "Warsaw", false},
    {"vn", "Vietnam", "Hanoi", false},      {"il", "Israel", "Jerusalem", false},
    {"eg", "Egypt", "Cairo", false},        {"tr", "Turkey", "Ankara", false},
    {"ua", "Ukraine", "Kyiv", false},       {"th", "Thailand", "Bangkok", false},
    {"es", "Spain", "Madrid", false},       {"ge", "Georgia", "Tbilisi", false},
    {"sd", "Sudan", "Khartoum", false},     {"iq", "Iraq", "Baghdad", false},
    {"us", "United States", "Washington", false},
};
const size_t sim_ncountries = MH_ARRAY_LEN(sim_countries);

int sim_country_index(const char *code)
{
    for (size_t i = 0; i < sim_ncountries; i++)
        if (strcmp(sim_countries[i].code, code) == 0) return (int)i;
    return -1;
}

const char *sim_country_benign(sim_rng *r)
{
    /* Weighted roughly by how often Americans have ties there; China and Russia are
     * common on purpose: ties to them are mostly innocent. */
    static const char *const pool[] = {"mx", "mx", "mx", "ca", "ca", "gb", "gb", "de", "fr", "it", "in", "in",
                                       "ph", "ph", "cn", "cn", "cn", "kr", "jp", "ru", "ng", "br", "pl", "vn",
                                       "il", "es", "ua", "th", "ir", "eg", "tr", "ge"};
    return SIM_PICK(r, pool);
}

const char *const sim_sites[] = {
    "wikileaks.org", "dropbox.com", "keyloggerpro.com",
    "monster.com", "careerbuilder.com", "indeed.com", "linkedin.com", "simplyhired.com",
    "google.com", "bing.com", "yahoo.com", "cnn.com", "nytimes.com", "washingtonpost.com", "bbc.co.uk",
    "espn.com", "weather.com", "amazon.com", "ebay.com", "wikipedia.org", "reddit.com", "youtube.com",
    "facebook.com", "twitter.com", "msn.com", "aol.com", "craigslist.org", "imdb.com", "foxnews.com",
    "reuters.com", "bloomberg.com", "wsj.com", "usatoday.com", "npr.org", "state.gov", "usa.gov",
    "opm.gov", "irs.gov", "whitehouse.gov", "un.org", "nasa.gov", "cdc.gov", "nih.gov", "noaa.gov",
    "economist.com", "theatlantic.com", "politico.com", "thehill.com", "foreignpolicy.com",
    "cfr.org", "brookings.edu", "rand.org", "stratfor.com", "stackoverflow.com", "github.com",
    "microsoft.com", "apple.com", "adobe.com", "mapquest.com", "expedia.com", "tripadvisor.com",
    "kayak.com", "southwest.com", "united.com", "delta.com", "aa.com", "hotels.com", "zillow.com",
    "webmd.com", "mayoclinic.org", "allrecipes.com", "target.com", "walmart.com", "bestbuy.com",
    "homedepot.com", "lowes.com", "costco.com", "netflix.com", "hulu.com", "pandora.com",
};
const size_t sim_nsites = MH_ARRAY_LEN(sim_sites);

const mh_str sim_words[] = {
    MH_STR_LIT("report"), MH_STR_LIT("budget"), MH_STR_LIT("meeting"), MH_STR_LIT("schedule"),
    MH_STR_LIT("travel"), MH_STR_LIT("policy"), MH_STR_LIT("cable"), MH_STR_LIT("summary"),
    MH_STR_LIT("draft"), MH_STR_LIT("review"), MH_STR_LIT("analysis"), MH_STR_LIT("briefing"),
    MH_STR_LIT("visa"), MH_STR_LIT("passport"), MH_STR_LIT("embassy"), MH_STR_LIT("consular"),
    MH_STR_LIT("notes"), MH_STR_LIT("agenda"), MH_STR_LIT("memo"), MH_STR_LIT("minutes"),
    MH_STR_LIT("contract"), MH_STR_LIT("invoice"), MH_STR_LIT("training"), MH_STR_LIT("security"),
    MH_STR_LIT("request"), MH_STR_LIT("approval"), MH_STR_LIT("dialogue"), MH_STR_LIT("economic"),
    MH_STR_LIT("strategic"), MH_STR_LIT("regional"), MH_STR_LIT("desk"), MH_STR_LIT("staffing"),
    MH_STR_LIT("project"), MH_STR_LIT("status"), MH_STR_LIT("update"), MH_STR_LIT("quarter"),
    MH_STR_LIT("annual"), MH_STR_LIT("plan"), MH_STR_LIT("office"), MH_STR_LIT("weekly"), MH_STR_LIT("team"),
    MH_STR_LIT("holiday"), MH_STR_LIT("lunch"), MH_STR_LIT("football"), MH_STR_LIT("weather"),
    MH_STR_LIT("recipe"), MH_STR_LIT("news"), MH_STR_LIT("market"), MH_STR_LIT("stocks"),
    MH_STR_LIT("health"), MH_STR_LIT("insurance"), MH_STR_LIT("benefits"), MH_STR_LIT("payroll"),
    MH_STR_LIT("leave"), MH_STR_LIT("handbook"), MH_STR_LIT("guide"),
};
const size_t sim_nwords = MH_ARRAY_LEN(sim_words);

static const char *const r_admin[] = {"Office Management Specialist", "Administrative Assistant", "Facilities Manager", NULL};
static const char *const r_hr[] = {"Human Resources Specialist", "Recruiter", "Administrative Assistant", NULL};
static const char *const r_sec[] = {"Security Specialist", "Investigator", "Adjudicator", NULL};
static const char *const r_fin[] = {"Financial Analyst", "Budget Officer", "Accountant", NULL};
static const char *const r_cons[] = {"Consular Officer", "Passport Specialist", "Office Management Specialist", NULL};
static const char *const r_reg[] = {"Foreign Service Officer", "Political Officer", "Economic Officer",
                                     "Office Management Specialist", "Desk Officer", NULL};
static const char *const r_it[] = {"ITAdmin", "Systems Administrator", NULL};
static const char *const r_net[] = {"Network Engineer", "IT Specialist", NULL};
static const char *const r_help[] = {"Help Desk Technician", "IT Specialist", NULL};
static const char *const r_pol[] = {"Policy Analyst", "Research Analyst", "Senior Advisor", NULL};

const sim_unit sim_units[] = {
    {"1 - Administration", "1 - Facilities", r_admin},
    {"1 - Administration", "2 - Human Resources", r_hr},
    {"1 - Administration", "3 - Security Office", r_sec},
    {"1 - Administration", "4 - Finance", r_fin},
    {"2 - Consular Affairs", "1 - Passport Services", r_cons},
    {"2 - Consular Affairs", "2 - Visa Services", r_cons},
    {"2 - Consular Affairs", "3 - Overseas Citizens Services", r_cons},
    {"3 - Regional Bureaus", "1 - East Asian and Pacific Affairs", r_reg},
    {"3 - Regional Bureaus", "2 - European and Eurasian Affairs", r_reg},
    {"3 - Regional Bureaus", "3 - Near Eastern Affairs", r_reg},
    {"3 - Regional Bureaus", "4 - Western Hemisphere Affairs", r_reg},
    {"3 - Regional Bureaus", "5 - Caucasus Affairs", r_reg},
    {"4 - Information Resource Management", "1 - Systems Administration", r_it},
    {"4 - Information Resource Management", "2 - Network Operations", r_net},
    {"4 - Information Resource Management", "3 - Help Desk", r_help},
    {"5 - Policy Planning", "1 - Economic Policy", r_pol},
    {"5 - Policy Planning", "2 - Arms Control", r_pol},
    {"5 - Policy Planning", "3 - Strategic Dialogue", r_pol},
};
const size_t sim_nunits = MH_ARRAY_LEN(sim_units);
