/* The labelled name-pair test: scores every pair in pairs.tsv with mh_match_compare and
 * reports precision and recall at the flag threshold (0.70), overall and per category.
 * Fails when precision < 0.90 or recall < 0.85 overall. `-v` lists every wrong call.
 * usage: eval_pairs PAIRS.TSV [-v] */
#include "molehunt/mh_match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CATS 32

typedef struct cat {
    char name[32];
    int tp, fp, fn, tn;
} cat;

static cat *find_cat(cat *cats, int *n, const char *name)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(cats[i].name, name) == 0) return &cats[i];
    if (*n == MAX_CATS) return NULL;
    cat *c = &cats[(*n)++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    return c;
}

static void report(const cat *c)
{
    int pos = c->tp + c->fp, act = c->tp + c->fn;
    char p[16] = "-", r[16] = "-";
    if (pos) snprintf(p, sizeof p, "%.3f", (double)c->tp / pos);
    if (act) snprintf(r, sizeof r, "%.3f", (double)c->tp / act);
    printf("%-10s pairs %4d  tp %4d fp %3d fn %3d tn %4d  precision %-6s recall %-6s\n", c->name,
           c->tp + c->fp + c->fn + c->tn, c->tp, c->fp, c->fn, c->tn, p, r);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: eval_pairs PAIRS.TSV [-v]\n");
        return 2;
    }
    bool verbose = argc > 2 && strcmp(argv[2], "-v") == 0;
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    mh_err e;
    mh_err_clear(&e);
    mh_match_norm *n = NULL;
    if (mh_match_norm_open(&n, &e) != MH_OK) {
        fprintf(stderr, "eval_pairs: %s\n", e.msg);
        return 2;
    }
    cat cats[MAX_CATS], all = {.name = "overall"};
    int ncats = 0, lineno = 0, bad = 0;
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n') continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *a = line, *b = strchr(a, '\t');
        char *l = b ? strchr(b + 1, '\t') : NULL;
        char *c = l ? strchr(l + 1, '\t') : NULL;
        if (!c) {
            fprintf(stderr, "%s:%d: expected 4 tab-separated columns\n", argv[1], lineno);
            bad++;
            continue;
        }
        *b++ = '\0';
        *l++ = '\0';
        *c++ = '\0';
        int label = atoi(l);
        double s = 0;
        mh_match_features feat;
        if (mh_match_compare(n, a, b, &s, &feat, &e) != MH_OK) {
            fprintf(stderr, "%s:%d: %s\n", argv[1], lineno, e.msg);
            bad++;
            continue;
        }
        if (s < 0 || s > 1) {
            fprintf(stderr, "%s:%d: score %f outside [0,1]\n", argv[1], lineno, s);
            bad++;
        }
        bool flag = s >= MH_MATCH_FLAG;
        cat *k = find_cat(cats, &ncats, c);
        if (!k) {
            fprintf(stderr, "too many categories\n");
            return 2;
        }
        cat *both[2] = {k, &all};
        for (int i = 0; i < 2; i++) {
            if (flag && label) both[i]->tp++;
            else if (flag) both[i]->fp++;
            else if (label) both[i]->fn++;
            else both[i]->tn++;
        }
        if (verbose && flag != (label == 1))
            printf("%s  %.3f  %s | %s  (%s)\n", flag ? "FP" : "FN", s, a, b, c);
    }
    fclose(f);
    mh_match_norm_close(n);
    printf("threshold %.2f\n", MH_MATCH_FLAG);
    for (int i = 0; i < ncats; i++) report(&cats[i]);
    report(&all);
    int pos = all.tp + all.fp, act = all.tp + all.fn;
    double p = pos ? (double)all.tp / pos : 0, r = act ? (double)all.tp / act : 0;
    if (bad || act == 0 || all.fp + all.tn == 0) {
        printf("FAIL: %d bad lines, %d positive and %d negative pairs\n", bad, act, all.fp + all.tn);
        return 1;
    }
    if (p < 0.90 || r < 0.85) {
        printf("FAIL: precision %.3f (needs >= 0.90), recall %.3f (needs >= 0.85)\n", p, r);
        return 1;
    }
    printf("ok: precision %.3f, recall %.3f\n", p, r);
    return 0;
}
