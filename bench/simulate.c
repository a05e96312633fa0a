/* bench_simulate: how fast the simulator writes a world and how much memory it holds.
 * Usage: bench_simulate [PEOPLE [DAYS [OUTDIR]]] (default 1000 people, 90 days, a fresh
 * directory under /tmp that is removed afterwards). Prints records/s (FtM lines + ECS
 * events + CERT rows), MB/s and peak RSS, then the command for the CERT r6.2-scale world. */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "molehunt/mh_sim.h"

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

int main(int argc, char **argv)
{
    mh_sim_config c;
    mh_sim_config_default(&c);
    c.people = argc > 1 ? (uint32_t)atoi(argv[1]) : 1000;
    c.days = argc > 2 ? (uint32_t)atoi(argv[2]) : 90;
    c.seed = 1;
    char tmp[] = "/tmp/mh-bench-sim-XXXXXX";
    bool own = argc <= 3;
    if (own && !mkdtemp(tmp)) {
        perror("mkdtemp");
        return 1;
    }
    c.out_dir = own ? tmp : argv[3];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    mh_sim_stats st;
    mh_err e;
    mh_err_clear(&e);
    if (mh_sim_run(&c, &st, &e)) {
        fprintf(stderr, "bench_simulate: %s\n", e.msg);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    uint64_t rec = st.entities + st.watchlist + st.events + st.cert_rows;
    printf("simulate: %u people x %u days, seed 1, CERT r6.2\n", c.people, c.days);
    printf("  records  %llu (FtM %llu, watch list %llu, ECS %llu, CERT rows %llu), incidents %llu\n",
           (unsigned long long)rec, (unsigned long long)st.entities, (unsigned long long)st.watchlist,
           (unsigned long long)st.events, (unsigned long long)st.cert_rows, (unsigned long long)st.incidents);
    printf("  time     %.2f s   %.2f M records/s   %.2f M ECS events/s   %.0f MB/s (%.0f MB)\n", s, rec / s / 1e6,
           st.events / s / 1e6, st.bytes / s / 1e6, st.bytes / 1e6);
    printf("  peak RSS %.1f MB\n", ru.ru_maxrss / 1024.0);
    printf("CERT r6.2 scale (about 135 M events, ~60 GB of output):\n"
           "  molehunt simulate --people 4000 --days 516 --start 2010-01-02 --seed 1 --out DIR\n"
           "  or: bench_simulate 4000 516 DIR\n");
    if (own) nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}
