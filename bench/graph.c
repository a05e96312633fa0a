/* bench_graph: spheres and enrichment at scale. Builds a synthetic world in memory (not
 * through SQLite): PEOPLE people, a quarter of them covered (employed by the home body),
 * family and associate ties (some dated), foreign officers, and INTERACTIONS payments,
 * messages, benefits and e-mails over twenty years; then times loading, freezing (the
 * inverted sphere index and the time order), on-demand sphere walks, subject lookups and
 * the enrichment of every interaction to ECS JSON. Prints figures and peak RSS.
 *
 *   bench_graph [PEOPLE [INTERACTIONS]]     (default 100000 10000000) */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "molehunt/mh_graph.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static size_t pick(size_t n) { return (size_t)(next() % n); }

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

/* One entity with up to 8 single-valued properties, reused for every add. */
typedef struct ent {
    mh_entity e;
    mh_prop p[8];
    const char *v[8];
    char buf[8][48];
    char id[32];
} ent;

/* The id is PREFIX followed by N. */
static void ent_start(ent *x, const char *schema, const char *prefix, size_t n)
{
    snprintf(x->id, sizeof x->id, "%s%zu", prefix, n);
    x->e = (mh_entity){x->id, schema, x->p, 0};
}

static void ent_set(ent *x, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void ent_set(ent *x, const char *name, const char *fmt, ...)
{
    size_t i = x->e.nprops++;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->buf[i], sizeof x->buf[i], fmt, ap);
    va_end(ap);
    x->v[i] = x->buf[i];
    x->p[i] = (mh_prop){name, &x->v[i], 1};
}

static void must(mh_status st, const mh_err *e)
{
    if (st) {
        fprintf(stderr, "bench_graph: %s\n", e->msg);
        exit(1);
    }
}

static void date(char *out, size_t n, int y0, int span)
{
    snprintf(out, n, "%04d-%02d-%02d", y0 + (int)pick((size_t)span), 1 + (int)pick(12), 1 + (int)pick(28));
}

typedef struct sink {
    size_t n, bytes, with_subject, subjects;
} sink;

static int on_event(void *ctx, const mh_graph_event *ev)
{
    sink *s = ctx;
    s->n++;
    s->bytes += ev->len;
    s->with_subject += ev->nsubjects > 0;
    s->subjects += ev->nsubjects;
    return 0;
}

static int count_member(void *ctx, const mh_graph_member *m)
{
    (*(size_t *)ctx)++;
    return 0;
}

int main(int argc, char **argv)
{
    size_t people = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    size_t inter = argc > 2 ? strtoul(argv[2], NULL, 10) : 10000000;
    size_t officers = people / 100 + 1, covered = people / 4;
    mh_err e;
    mh_err_clear(&e);
    mh_graph *g = mh_graph_new();
    if (!g) return 1;
    ent x;
    char d1[16], d2[16];
    static const char *const fam[] = {"son", "daughter", "mother", "father", "sister", "brother", "spouse", "cousin"};
    static const char *const asc[] = {"friend", "friend", "landlord", "colleague", "romantic", "neighbour"};

    double t0 = now();
    ent_start(&x, "PublicBody", "home", 0);
    x.id[4] = 0; /* "home", not "home0" */
    ent_set(&x, "name", "Home Office");
    ent_set(&x, "country", "us");
    ent_set(&x, "topics", "molehunt.home");
    must(mh_graph_add(g, &x.e, &e), &e);
    for (size_t i = 0; i < people; i++) {
        ent_start(&x, "Person", "p", i);
        ent_set(&x, "name", "Person Number %zu", i);
        ent_set(&x, "nationality", "%s", pick(20) ? "us" : "cn");
        must(mh_graph_add(g, &x.e, &e), &e);
    }
    for (size_t i = 0; i < officers; i++) {
        ent_start(&x, "Person", "o", i);
        ent_set(&x, "name", "Officer %zu", i);
        ent_set(&x, "nationality", "cn");
        ent_set(&x, "topics", "gov.security");
        must(mh_graph_add(g, &x.e, &e), &e);
    }
    for (size_t i = 0; i < covered; i++) {
        ent_start(&x, "Employment", "emp", i);
        ent_set(&x, "employer", "home");
        ent_set(&x, "employee", "p%zu", i * 4);
        date(d1, sizeof d1, 1990, 20);
        ent_set(&x, "startDate", "%s", d1);
        must(mh_graph_add(g, &x.e, &e), &e);
    }
    size_t nties = people * 2;
    for (size_t i = 0; i < nties; i++) {
        bool f = i % 2 == 0;
        ent_start(&x, f ? "Family" : "Associate", f ? "fam" : "asc", i);
        ent_set(&x, "person", "p%zu", pick(people));
        ent_set(&x, f ? "relative" : "associate", "p%zu", pick(people));
        ent_set(&x, "relationship", "%s", f ? fam[pick(MH_ARRAY_LEN(fam))] : asc[pick(MH_ARRAY_LEN(asc))]);
        if (!f && pick(3) == 0) {
            date(d1, sizeof d1, 2000, 10);
            date(d2, sizeof d2, 2010, 10);
            ent_set(&x, "startDate", "%s", d1);
            ent_set(&x, "endDate", "%s", d2);
        }
        must(mh_graph_add(g, &x.e, &e), &e);
    }
    double t1 = now();
    static const char *const kinds[] = {"Payment", "Message", "Benefit", "Email"};
    for (size_t i = 0; i < inter; i++) {
        int k = (int)pick(4);
        ent_start(&x, kinds[k], "ix", i);
        bool foreign = pick(10) == 0;
        const char *a = k == 0 ? "payer" : k == 1 ? "sender" : k == 2 ? "provider" : "emitters";
        const char *b = k == 0 ? "beneficiary" : k == 2 ? "recipient" : "recipients";
        if (foreign) ent_set(&x, a, "o%zu", pick(officers));
        else ent_set(&x, a, "p%zu", pick(people));
        ent_set(&x, b, "p%zu", pick(people));
        date(d1, sizeof d1, 2000, 20);
        ent_set(&x, "date", "%s", d1);
        if (k == 0 || k == 2) {
            ent_set(&x, k == 0 ? "amount" : "value", "%zu", 10 + pick(20000));
            ent_set(&x, "currency", "USD");
        } else {
            ent_set(&x, "subject", "re: %zu", pick(1000));
        }
        must(mh_graph_add(g, &x.e, &e), &e);
    }
    double t2 = now();
    must(mh_graph_finish(g, NULL, &e), &e);
    double t3 = now();
    mh_graph_stats st;
    mh_graph_stats_get(g, &st);

    /* On-demand sphere walks of covered persons at random dates. */
    size_t walks = 10000, members = 0;
    char id[32];
    for (size_t i = 0; i < walks; i++) {
        snprintf(id, sizeof id, "p%zu", pick(covered) * 4);
        mh_time lo, hi;
        date(d1, sizeof d1, 2000, 20);
        mh_time_parse_iso(d1, strlen(d1), &lo, &hi, NULL);
        must(mh_graph_sphere(g, id, lo, NULL, count_member, &members, &e), &e);
    }
    double t4 = now();
    /* Subject lookups: one participant at a random date. */
    size_t lookups = 1000000, found = 0;
    mh_graph_subject subj[16];
    for (size_t i = 0; i < lookups; i++) {
        snprintf(id, sizeof id, "p%zu", pick(people));
        const char *ids[] = {id};
        found += mh_graph_subjects(g, ids, 1, (mh_time)(946684800000LL + (int64_t)pick(630720000) * 1000), subj, 16);
    }
    double t5 = now();
    sink s = {0};
    must(mh_graph_enrich_each(g, NULL, MH_TIME_NONE, MH_TIME_NONE, on_event, &s, &e), &e);
    double t6 = now();

    printf("world: %zu people (%zu covered), %zu officers, %zu ties, %zu events (interactions + dated ties)\n", people,
           st.covered, officers, st.ties, st.events);
    printf("load people and ties        %8.2f s\n", t1 - t0);
    printf("load interactions           %8.2f s   %8.0f /s\n", t2 - t1, (double)inter / (t2 - t1));
    printf("finish (index, time order)  %8.2f s   %zu sphere rows, %zu hubs not crossed\n", t3 - t2,
           st.sphere_entries, st.hubs);
    printf("sphere walks (as of a date) %8.2f s   %8.1f us each, %.1f members on average\n", t4 - t3,
           (t4 - t3) * 1e6 / (double)walks, (double)members / (double)walks);
    printf("subject lookups             %8.2f s   %8.2f us each, %.3f subjects each\n", t5 - t4,
           (t5 - t4) * 1e6 / (double)lookups, (double)found / (double)lookups);
    printf("enrich all events to JSON   %8.2f s   %8.0f events/s, %.0f bytes each, %.1f%% with a subject\n",
           t6 - t5, (double)s.n / (t6 - t5), (double)s.bytes / (double)(s.n ? s.n : 1),
           100.0 * (double)s.with_subject / (double)(s.n ? s.n : 1));
    printf("peak RSS                    %8ld MB\n", peak_rss_mb());
    mh_graph_free(g);
    return 0;
}
