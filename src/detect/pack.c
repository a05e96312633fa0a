/* Loading a directory of rule files, and finding the shipped rule pack. */
#include "detect_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

mh_status mh_rulepack_add_dir(mh_rulepack *p, const char *dir, mh_buf *diag, size_t *nerrors, mh_err *e)
{
    DIR *d = opendir(dir);
    if (!d) {
        mh_err_set(e, MH_E_IO, "cannot open the rules directory: %s", strerror(errno));
        mh_err_at(e, dir, 0, 0);
        return MH_E_IO;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    mh_status rc = MH_OK;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".eql") != 0 || de->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) { rc = mh_err_set(e, MH_E_NOMEM, "out of memory"); break; }
            names = nn;
        }
        if (!(names[n] = strdup(de->d_name))) { rc = mh_err_set(e, MH_E_NOMEM, "out of memory"); break; }
        n++;
    }
    closedir(d);
    if (!rc && n) qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; i < n && !rc; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        rc = mh_rulepack_add_file(p, path, diag, nerrors, e);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return rc;
}

const char *mh_rulepack_default_dir(void)
{
    const char *env = getenv("MOLEHUNT_RULES");
    if (env && *env) return env;
    /* Next to the binary's source tree (development and CI), then the install prefix. */
    static const char *const candidates[] = {MH_RULES_DIR, "/usr/local/share/molehunt/rules", "/usr/share/molehunt/rules"};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        struct stat st;
        if (stat(candidates[i], &st) == 0 && S_ISDIR(st.st_mode)) return candidates[i];
    }
    return "rules";
}
