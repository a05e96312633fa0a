/* Web sites by category, for the web features: job sites, cloud storage, leak sites and
 * hacking tools. A fixed, documented list (docs/cert.md) of well-known domains rather
 * than anything learned, so that a feature means the same on every data set; a domain
 * matches its sub-domains too (www.monster.com, jobs.monster.com). */
#include "molehunt/mh_ueba.h"

#include <string.h>

typedef struct site {
    const char *domain;
    mh_ueba_site cat;
} site;

static const site sites[] = {
    {"monster.com", MH_SITE_JOB},        {"careerbuilder.com", MH_SITE_JOB}, {"indeed.com", MH_SITE_JOB},
    {"linkedin.com", MH_SITE_JOB},       {"simplyhired.com", MH_SITE_JOB},   {"glassdoor.com", MH_SITE_JOB},
    {"hotjobs.com", MH_SITE_JOB},        {"jobhuntersbible.com", MH_SITE_JOB},
    {"usajobs.gov", MH_SITE_JOB},        {"ziprecruiter.com", MH_SITE_JOB},  {"dice.com", MH_SITE_JOB},
    {"careerone.com", MH_SITE_JOB},      {"jobs.com", MH_SITE_JOB},
    {"dropbox.com", MH_SITE_CLOUD},      {"box.com", MH_SITE_CLOUD},         {"drive.google.com", MH_SITE_CLOUD},
    {"onedrive.live.com", MH_SITE_CLOUD}, {"icloud.com", MH_SITE_CLOUD},     {"mega.nz", MH_SITE_CLOUD},
    {"mediafire.com", MH_SITE_CLOUD},    {"wetransfer.com", MH_SITE_CLOUD},  {"sendspace.com", MH_SITE_CLOUD},
    {"wikileaks.org", MH_SITE_LEAK},     {"cryptome.org", MH_SITE_LEAK},     {"pastebin.com", MH_SITE_LEAK},
    {"securedrop.org", MH_SITE_LEAK},
};

static bool ends_with_domain(mh_str d, const char *want)
{
    size_t n = strlen(want);
    if (d.len < n) return false;
    if (strncmp(d.ptr + d.len - n, want, n) != 0) return false;
    return d.len == n || d.ptr[d.len - n - 1] == '.';
}

static bool contains(mh_str d, const char *w)
{
    size_t n = strlen(w);
    for (size_t i = 0; i + n <= d.len; i++)
        if (memcmp(d.ptr + i, w, n) == 0) return true;
    return false;
}

mh_ueba_site mh_ueba_site_of(mh_str d)
{
    for (size_t i = 0; i < MH_ARRAY_LEN(sites); i++)
        if (ends_with_domain(d, sites[i].domain)) return sites[i].cat;
    if (contains(d, "keylog") || contains(d, "spyware") || contains(d, "hack")) return MH_SITE_HACK;
    return MH_SITE_OTHER;
}

static const char *const tags[MH_UF__COUNT] = {"AFTERHOURS", "OTHERPC", "USB", "USBCOPY", "MAILOUT", "JOBSITE",
                                               "CLOUDUP", "LEAKSITE", "HACKTOOL", "UPLOAD", "DECOY", "EXEUSB"};
static const char *const texts[MH_UF__COUNT] = {
    "after-hours logons", "logons on another user's PC", "removable media connected",
    "files moved through removable media", "mail with attachments to outside addresses", "job-site visits",
    "uploads to cloud storage", "requests to a leak site", "requests to a hacking-tool site", "uploads to other sites",
    "decoy files touched", "executables on removable media"};

const char *mh_ueba_feature_tag(mh_ueba_feature f) { return (unsigned)f < MH_UF__COUNT ? tags[f] : "?"; }
const char *mh_ueba_feature_text(mh_ueba_feature f) { return (unsigned)f < MH_UF__COUNT ? texts[f] : "?"; }
