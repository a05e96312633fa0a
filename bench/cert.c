/* bench/cert: the CERT CSV path.
 *
 *   bench_cert [MB] [DIR]      (defaults: 1024 MB, /tmp)
 *
 * Writes an http.csv of about MB megabytes in the r6.2 layout (quoted content sentences,
 * as the release writes them) into DIR, then times (1) the memory-mapped reader splitting
 * every record into field slices, and (2) splitting plus conversion of every row to an ECS
 * event. Prints MB/s, rows/s and the peak RSS (which stays flat: pages already read are
 * released as the reader moves on). Deterministic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "molehunt/mh_cert.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

static const char *const words[] = {"the", "report", "quarterly", "network", "budget", "review", "project",
                                    "meeting", "notes", "policy", "draft", "security", "update", "travel"};
static const char *const sites[] = {"http://news.example.com/world", "http://dropbox.com/upload",
                                    "http://jobs.example.org/search?q=engineer", "http://wikileaks.org/submit",
                                    "http://intranet.example.gov/wiki/Home"};
static const char *const acts[] = {"WWW Visit", "WWW Download", "WWW Upload"};

int main(int argc, char **argv)
{
    long mb = argc > 1 ? atol(argv[1]) : 1024;
    const char *dir = argc > 2 ? argv[2] : "/tmp";
    char path[512];
    snprintf(path, sizeof path, "%s/bench-cert-http.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); return 1; }
    fputs("id,date,user,pc,url,activity,content\n", f);
    uint64_t x = 88172645463325252ULL, bytes = 0, rows = 0;
    while (bytes < (uint64_t)mb << 20) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        char content[512];
        size_t k = 0;
        int nw = 8 + (int)(x % 24);
        for (int w = 0; w < nw; w++) k += (size_t)snprintf(content + k, sizeof content - k, "%s%s", w ? " " : "", words[(x >> (w % 50)) % 14]);
        int n = fprintf(f, "{%04X-%08X-%08X},%02d/%02d/2010 %02d:%02d:%02d,ABC%04d,PC-%04d,%s,%s,\"%s, %s\"\n",
                        (unsigned)(x & 0xffff), (unsigned)(x >> 16), (unsigned)(x >> 40), 1 + (int)(x % 12), 1 + (int)(x % 28),
                        (int)(x % 24), (int)(x % 60), (int)((x >> 8) % 60), (int)(x % 4000), (int)((x >> 20) % 4000),
                        sites[x % 5], acts[(x >> 3) % 3], content, "she said");
        bytes += (uint64_t)n;
        rows++;
    }
    fclose(f);
    mh_cert_layout l;
    mh_cert_layout_of(MH_CERT_HTTP, MH_CERT_R62, false, &l);
    int last = l.ncols - 1;
    for (int pass = 0; pass < 2; pass++) {
        mh_cert_csv *r;
        mh_err e;
        if (mh_cert_csv_open(path, &r, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
        mh_cert_row row;
        long line;
        const char *text;
        size_t len;
        uint64_t n = 0, bad = 0;
        mh_buf json, scratch;
        mh_buf_init(&json, 0);
        mh_buf_init(&scratch, 0);
        double t0 = now();
        while (mh_cert_csv_next(r, last, &row, &line, &text, &len)) {
            n++;
            if (pass == 1) {
                mh_cert_event ev;
                char why[256];
                long col;
                if (!mh_cert_convert(&l, &row, NULL, &json, &scratch, &ev, why, &col)) bad++;
            } else if (row.err) {
                bad++;
            }
        }
        double t = now() - t0;
        uint64_t size = mh_cert_csv_size(r);
        mh_cert_csv_close(r);
        mh_buf_free(&json);
        mh_buf_free(&scratch);
        printf("%-22s %llu rows (%.0f MB) in %.2f s: %.0f MB/s, %.2f M rows/s, %llu refused; peak RSS %ld MB\n",
               pass ? "split + convert to ECS" : "split into fields", (unsigned long long)n, size / 1048576.0, t,
               size / 1048576.0 / t, n / t / 1e6, (unsigned long long)bad, rss_mb());
    }
    unlink(path);
    return 0;
}
