/* bench/detect: detection over a simulated world.
 *
 *   bench_detect [PEOPLE] [DAYS] [DIR]      (defaults: 5000 people, 1095 days, /tmp)
 *
 * Simulates a world of PEOPLE over DAYS + 1 days (records only: no background IT
 * activity), holds back the interactions, records and events of the last day, loads the
 * rest, and times (1) a full
 * detection run and (2) an incremental run after loading the held-back day. Prints wall
 * time, records and events streamed per second, and peak RSS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "molehunt/mh_ingest.h"
#include "molehunt/mh_json.h"
#include "molehunt/mh_score.h"
#include "molehunt/mh_sim.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Copies the lines of IN dated before CUT (or undated) to A, the rest to B. */
static long split(const char *in, mh_time cut, const char *a, const char *b)
{
    mh_err e;
    mh_lines *r = mh_lines_open(in, 0, &e);
    FILE *fa = fopen(a, "w"), *fb = fopen(b, "w");
    if (!r || !fa || !fb) return -1;
    mh_arena ar;
    mh_arena_init(&ar, 64 * 1024);
    const char *line;
    size_t n;
    bool too_long;
    long late = 0;
    while (mh_lines_next(r, &line, &n, &too_long)) {
        mh_arena_reset(&ar);
        mh_jv doc;
        mh_time lo = MH_TIME_NONE, hi;
        if (mh_json_parse(line, n, &ar, &doc, NULL)) {
            const char *keys[] = {"properties.date", "properties.startDate", "@timestamp"};
            for (int k = 0; k < 3 && lo == MH_TIME_NONE; k++) {
                const mh_jv *v = mh_json_get_path(&doc, keys[k], strlen(keys[k]));
                if (v && v->type == MH_JARR && v->len) v = &v->u.items[0];
                if (v && v->type == MH_JSTR && !mh_time_parse_iso(v->u.s, v->len, &lo, &hi, NULL)) lo = MH_TIME_NONE;
            }
        }
        /* Only interactions and dated records are held back: new people or ties reshape
         * spheres, and any detector must then rerun everyone. */
        const mh_jv *sch = mh_json_get(&doc, "schema");
        const mh_schema *sc = sch && sch->type == MH_JSTR ? mh_model_schema(sch->u.s, sch->len) : NULL;
        bool movable = !sch || (sc && (sc->kind == MH_SK_INTERACTION || sc->kind == MH_SK_RECORD));
        bool is_late = movable && lo != MH_TIME_NONE && lo >= cut;
        late += is_late;
        fwrite(line, 1, n, is_late ? fb : fa);
        fputc('\n', is_late ? fb : fa);
    }
    mh_lines_close(r);
    mh_arena_free(&ar);
    fclose(fa);
    fclose(fb);
    return late;
}

static int load(mh_store *s, const char *const *files, int n)
{
    mh_err e;
    mh_ingest_opts o = {.bulk = true};
    mh_ingest *ing = mh_ingest_new(s, &o);
    mh_ingest_counts c = {0};
    for (int i = 0; i < n; i++)
        if (mh_ingest_file(ing, files[i], &c, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    if (mh_ingest_finish(ing, &c, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    mh_ingest_free(ing);
    return 0;
}

static int detect(mh_store *s, const char *label)
{
    mh_pipeline_opts o = {0};
    mh_score_opts_default(&o.score);
    mh_buf diag;
    mh_buf_init(&diag, 0);
    mh_pipeline_report rep;
    mh_err e;
    double t0 = now();
    if (mh_pipeline_detect(s, &o, &diag, &rep, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    double t = now() - t0;
    double streamed = (double)(rep.detect.records + rep.detect.events);
    printf("%-12s %s run: %.2f s wall; %llu records + %llu events streamed (%.0f/s), %llu per-person copies (%.0f/s), "
           "%llu alerts, %zu people rescored%s\n",
           label, rep.incremental ? "incremental" : "full", t, (unsigned long long)rep.detect.records,
           (unsigned long long)rep.detect.events, streamed / t, (unsigned long long)rep.detect.pushes,
           rep.detect.pushes / t, (unsigned long long)rep.detect.alerts, rep.people, rep.incremental ? "" : "");
    if (rep.incremental) printf("%-12s %zu people touched by the new day were re-detected\n", "", rep.affected);
    mh_buf_free(&diag);
    return 0;
}

int main(int argc, char **argv)
{
    unsigned people = argc > 1 ? (unsigned)atoi(argv[1]) : 5000, days = argc > 2 ? (unsigned)atoi(argv[2]) : 1095;
    const char *dir = argc > 3 ? argv[3] : "/tmp";
    char world[512], db[600], a[600], b[600], ents[600], acts[600], ea[600], eb[600];
    snprintf(world, sizeof world, "%s/bench-detect-world", dir);
    snprintf(db, sizeof db, "%s/bench-detect.db", dir);
    mh_sim_config c;
    mh_sim_config_default(&c);
    c.people = people;
    c.days = days + 1;
    c.start_day = mh_days_from_civil(2008, 1, 1);
    c.seed = 1;
    c.no_background_activity = true;
    c.out_dir = world;
    mh_err e;
    mh_sim_stats st;
    double t0 = now();
    if (mh_sim_run(&c, &st, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    printf("world: %u people, %u days: %llu entities, %llu events (simulated in %.2f s)\n", people, days + 1,
           (unsigned long long)st.entities, (unsigned long long)st.events, now() - t0);
    mh_time cut = (c.start_day + days) * 86400000LL;
    snprintf(ents, sizeof ents, "%s/entities.ftm.jsonl", world);
    snprintf(acts, sizeof acts, "%s/activity.ecs.jsonl", world);
    snprintf(a, sizeof a, "%s/early.ftm.jsonl", dir);
    snprintf(b, sizeof b, "%s/late.ftm.jsonl", dir);
    snprintf(ea, sizeof ea, "%s/early.ecs.jsonl", dir);
    snprintf(eb, sizeof eb, "%s/late.ecs.jsonl", dir);
    long lr = split(ents, cut, a, b), le = split(acts, cut, ea, eb);
    if (lr < 0 || le < 0) { fprintf(stderr, "cannot split the world\n"); return 1; }
    printf("held back for the incremental run: %ld records and %ld events of the last day\n", lr, le);
    unlink(db);
    mh_store *s;
    if (mh_store_open(db, &s, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    const char *first[] = {a, ea}, *second[] = {b, eb};
    if (load(s, first, 2) || detect(s, "first load") || load(s, second, 2) || detect(s, "+1 day")) return 1;
    mh_store_close(s);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS: %.1f MB\n", ru.ru_maxrss / 1024.0);
    return 0;
}
