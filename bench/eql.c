/* bench_eql: throughput and peak memory of the EQL matcher on generated events, for a
 * filter query and a 3-step `sequence by user with maxspan=30d`, both from pre-parsed
 * events (the detection module's case) and from NDJSON text (parse + match).
 *
 * usage: bench_eql [EVENTS (default 10000000)] [USERS (default 10000)]
 * Events are spread 250 ms apart (10 M events span about 29 days), categories cycle,
 * users are drawn by a hash of the event number (so a user's steps are far apart and
 * sequences stay pending), and one in 50 process events is the sequence's first step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "molehunt/mh_eql.h"
#include "molehunt/mh_json.h"

#define POOL 65536

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static int make_line(char *out, size_t n, uint64_t i, unsigned users)
{
    static const char *cats[] = {"process", "file", "network"};
    const char *cat = cats[i % 3];
    const char *pname = (i % 150) == 0 ? "a.exe" : (i % 7) == 0 ? "evil.exe" : "svchost.exe";
    return snprintf(out, n,
                    "{\"@timestamp\":%llu,\"event\":{\"category\":\"%s\",\"id\":\"e%llu\"},\"user\":{\"name\":\"u%u\"},"
                    "\"process\":{\"name\":\"%s\",\"pid\":%llu},\"host\":{\"name\":\"h%u\"},\"n\":%llu}",
                    (unsigned long long)(1600000000000ULL + i * 250), cat, (unsigned long long)i, (unsigned)((i * 0x9E3779B97F4A7C15ULL >> 33) % users),
                    pname, (unsigned long long)(i % 4096), (unsigned)(i % 97), (unsigned long long)(i % 100));
}

static int count_result(void *ctx, const mh_eql_result *r)
{
    (void)r;
    (*(uint64_t *)ctx)++;
    return 0;
}

static mh_eql_query *compile(const char *q)
{
    mh_eql_diags d;
    mh_eql_diags_init(&d);
    mh_eql_query *r = mh_eql_compile(q, strlen(q), NULL, &d);
    if (!r) fprintf(stderr, "bench_eql: query does not compile: %s\n", d.n ? d.items[0].message : "?");
    mh_eql_diags_free(&d);
    return r;
}

/* Pre-parsed: a pool of parsed events reused with fresh timestamps (user ids cycle
 * through the pool, so join keys vary as in the text case). */
static void bench_parsed(const char *label, const char *query, uint64_t nev, unsigned users)
{
    mh_eql_query *q = compile(query);
    if (!q) exit(1);
    mh_arena a;
    mh_arena_init(&a, 1 << 20);
    static mh_jv docs[POOL];
    static char *texts[POOL];
    static size_t lens[POOL];
    char line[512];
    for (unsigned i = 0; i < POOL; i++) {
        int len = make_line(line, sizeof line, i, users);
        texts[i] = mh_arena_strndup(&a, line, (size_t)len);
        lens[i] = (size_t)len;
        if (!mh_json_parse(texts[i], lens[i], &a, &docs[i], NULL)) exit(1);
    }
    uint64_t results = 0;
    mh_eql_matcher *m = mh_eql_matcher_new(q, NULL, count_result, &results);
    double t0 = now_s();
    for (uint64_t i = 0; i < nev; i++) {
        unsigned k = (unsigned)(i % POOL);
        mh_eql_event ev = {&docs[k], texts[k], lens[k], (mh_time)(1600000000000ULL + i * 250), i};
        mh_eql_matcher_push(m, &ev, NULL);
    }
    mh_eql_matcher_finish(m, NULL);
    double dt = now_s() - t0;
    mh_eql_stats st;
    mh_eql_matcher_stats(m, &st);
    printf("%-34s pre-parsed: %llu events in %.2f s = %.2f M events/s; %llu results; state peak %.1f MiB, "
           "evictions %llu, expired %llu; process peak RSS %.0f MiB\n",
           label, (unsigned long long)nev, dt, (double)nev / dt / 1e6, (unsigned long long)results,
           (double)st.peak_memory / 1048576.0, (unsigned long long)st.evictions, (unsigned long long)st.expired,
           (double)peak_rss_kb() / 1024.0);
    mh_eql_matcher_free(m);
    mh_eql_query_free(q);
    mh_arena_free(&a);
}

/* From NDJSON: text generated up front into a buffer (not timed), then parse + match. */
static void bench_text(const char *label, const char *query, uint64_t nev, unsigned users)
{
    mh_eql_query *q = compile(query);
    if (!q) exit(1);
    size_t cap = (size_t)nev * 260 + 1024, len = 0;
    char *buf = malloc(cap);
    if (!buf) { fprintf(stderr, "bench_eql: out of memory for %llu events of text\n", (unsigned long long)nev); exit(1); }
    for (uint64_t i = 0; i < nev; i++) {
        len += (size_t)make_line(buf + len, cap - len, i, users);
        buf[len++] = '\n';
    }
    uint64_t results = 0;
    mh_eql_matcher *m = mh_eql_matcher_new(q, NULL, count_result, &results);
    mh_arena a;
    mh_arena_init(&a, 1 << 16);
    double t0 = now_s();
    uint64_t i = 0;
    for (size_t p = 0; p < len; i++) {
        char *nl = memchr(buf + p, '\n', len - p);
        size_t l = (size_t)(nl - (buf + p));
        mh_arena_reset(&a);
        mh_jv doc;
        if (!mh_json_parse(buf + p, l, &a, &doc, NULL)) exit(1);
        mh_time ts;
        if (!mh_eql_event_time(q, &doc, &ts)) exit(1);
        mh_eql_event ev = {&doc, buf + p, l, ts, i};
        mh_eql_matcher_push(m, &ev, NULL);
        p += l + 1;
    }
    mh_eql_matcher_finish(m, NULL);
    double dt = now_s() - t0;
    mh_eql_stats st;
    mh_eql_matcher_stats(m, &st);
    printf("%-34s NDJSON:     %llu events (%.0f MB) in %.2f s = %.2f M events/s, %.0f MB/s; %llu results; "
           "state peak %.1f MiB; process peak RSS %.0f MiB (includes the text)\n",
           label, (unsigned long long)i, (double)len / 1e6, dt, (double)i / dt / 1e6, (double)len / dt / 1e6,
           (unsigned long long)results, (double)st.peak_memory / 1048576.0, (double)peak_rss_kb() / 1024.0);
    mh_eql_matcher_free(m);
    mh_eql_query_free(q);
    mh_arena_free(&a);
    free(buf);
}

int main(int argc, char **argv)
{
    uint64_t nev = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000ULL;
    unsigned users = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 10000;
    const char *filter = "process where process.name == \"evil.exe\" and n > 50";
    const char *seq = "sequence by user.name with maxspan=30d [process where process.name == \"a.exe\"] "
                      "[file where true] [network where true]";
    printf("bench_eql: %llu events, %u users\n", (unsigned long long)nev, users);
    bench_parsed("filter", filter, nev, users);
    bench_parsed("sequence by user maxspan=30d", seq, nev, users);
    bench_text("filter", filter, nev, users);
    bench_text("sequence by user maxspan=30d", seq, nev, users);
    return 0;
}
