/* bench/ingest: throughput of FtM line parsing+validation and of parse+store.
 *
 *   bench_ingest [LINES] [DIR]      (defaults: 1000000 lines, /tmp)
 *
 * Generates LINES FtM lines (a realistic mix: people, families, payments, messages,
 * benefits) into DIR/bench-ingest.jsonl, then measures (1) mh_ftm_parse over the
 * file's lines in memory and (2) `ingest` into a fresh store, and prints lines/s, MB/s
 * and peak RSS. Deterministic: the same LINES give the same file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "molehunt/mh_ingest.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static const char *const first[] = {"Carol", "Ann", "Wei", "Olga", "James", "Maria", "Jian", "Sergei", "Aisha", "Tom"};
static const char *const last[] = {"Example", "Wang", "Ivanova", "Smith", "Garcia", "Li", "Petrov", "Khan", "Brown", "Chen"};

static void gen(FILE *f, long n)
{
    /* References point at people already written (as exports usually order them), except
     * one line in a thousand, which names a person written later (a forward reference). */
    long people = 0;
    for (long i = 0; i < n; i++) {
        long a = (long)(next() % (uint64_t)(people + 1)), b = (long)(next() % (uint64_t)(people + 1));
        if (i % 1000 == 999) b = people + 1;
        int y = 2000 + (int)(next() % 20), m = 1 + (int)(next() % 12), d = 1 + (int)(next() % 28);
        switch (i % 8) {
        case 0: case 1:
            fprintf(f, "{\"id\":\"p%ld\",\"schema\":\"Person\",\"properties\":{\"name\":[\"%s %s\"],\"nationality\":[\"us\"],\"birthDate\":[\"%d-%02d\"]}}\n",
                    people++, first[next() % 10], last[next() % 10], 1940 + (int)(next() % 60), m);
            break;
        case 2:
            fprintf(f, "{\"id\":\"f%ld\",\"schema\":\"Family\",\"properties\":{\"person\":[\"p%ld\"],\"relative\":[\"p%ld\"],\"relationship\":[\"son\"]}}\n", i, a, b);
            break;
        case 3: case 4:
            fprintf(f, "{\"id\":\"pay%ld\",\"schema\":\"Payment\",\"properties\":{\"payer\":[\"p%ld\"],\"beneficiary\":[\"p%ld\"],\"amount\":[\"%d.%02d\"],\"currency\":[\"USD\"],\"date\":[\"%d-%02d-%02d\"]}}\n",
                    i, a, b, (int)(next() % 20000), (int)(next() % 100), y, m, d);
            break;
        case 5: case 6:
            fprintf(f, "{\"id\":\"m%ld\",\"schema\":\"Message\",\"properties\":{\"sender\":[\"p%ld\"],\"recipients\":[\"p%ld\"],\"date\":[\"%d-%02d-%02dT10:%02d:00Z\"],\"subject\":[\"about the job\"]}}\n",
                    i, a, b, y, m, d, (int)(next() % 60));
            break;
        default:
            fprintf(f, "{\"id\":\"b%ld\",\"schema\":\"Benefit\",\"properties\":{\"provider\":[\"p%ld\"],\"recipient\":[\"p%ld\"],\"date\":[\"%d-%02d\"],\"value\":[\"%d\"],\"currency\":[\"USD\"],\"kind\":[\"tuition\"]}}\n",
                    i, a, b, y, m, (int)(next() % 9000));
        }
    }
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    const char *dir = argc > 2 ? argv[2] : "/tmp";
    char path[512], db[512];
    snprintf(path, sizeof path, "%s/bench-ingest.jsonl", dir);
    snprintf(db, sizeof db, "%s/bench-ingest.db", dir);
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); return 1; }
    gen(f, n);
    fclose(f);

    /* (1) parse + validate, streaming the file through the line reader */
    mh_err e;
    mh_lines *r = mh_lines_open(path, 0, &e);
    if (!r) { fprintf(stderr, "%s\n", e.msg); return 1; }
    mh_arena a;
    mh_arena_init(&a, 64 * 1024);
    long ok = 0;
    double size = 0;
    const char *line;
    size_t len;
    bool too_long;
    double t0 = now();
    while (mh_lines_next(r, &line, &len, &too_long)) {
        mh_entity ent;
        const char *extra;
        mh_line_issue why;
        mh_arena_reset(&a);
        ok += mh_ftm_parse(line, len, &a, &ent, &extra, &why);
        size += (double)len + 1;
    }
    double t1 = now();
    mh_lines_close(r);
    mh_arena_free(&a);
    printf("ftm parse+validate: %ld lines (%.1f MB), %ld valid, %.3f s: %.0f lines/s, %.1f MB/s\n", n, size / 1e6, ok,
           t1 - t0, n / (t1 - t0), size / 1e6 / (t1 - t0));

    /* (2) parse + validate + store through the ingest driver */
    unlink(db);
    char side[600];
    snprintf(side, sizeof side, "%s-wal", db);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db);
    unlink(side);
    mh_store *s;
    if (mh_store_open(db, &s, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    mh_ingest_opts o = {.bulk = true};
    mh_ingest *ing = mh_ingest_new(s, &o);
    mh_ingest_counts c = {0};
    t0 = now();
    if (mh_ingest_file(ing, path, &c, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    double tload = now();
    if (mh_ingest_finish(ing, &c, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    t1 = now();
    printf("ftm parse+store:    %ld lines, stored %lld merged %lld quarantined %lld, %.3f s: %.0f lines/s, %.1f MB/s\n", n,
           (long long)c.stored, (long long)c.merged, (long long)c.quarantined, t1 - t0, n / (t1 - t0), size / 1e6 / (t1 - t0));
    printf("                    of which loading %.3f s, index rebuild and reference resolution %.3f s\n", tload - t0,
           t1 - tload);
    mh_ingest_free(ing);
    mh_store_close(s);
    printf("peak RSS: %.1f MB\n", peak_rss_kb() / 1024.0);
    unlink(path);
    return 0;
}
