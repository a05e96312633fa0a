/* Long work started from the console — ingest, detect, simulate — run one at a time in a
 * worker thread with its own store handle (SQLite WAL lets the console keep reading), with
 * a phase, a progress fraction and a cancel flag the console polls and sets. Cancelling
 * takes effect at the next phase or file boundary (detection itself runs to its end),
 * which docs/console.md says. When a job has written to the store the caches are marked
 * stale, so the next request sees the new data. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "molehunt/mh_ingest.h"
#include "molehunt/mh_score.h"
#include "molehunt/mh_sim.h"
#include "serve_int.h"

#define MAX_JOBS 64
#define MAX_FILES 32

typedef struct job {
    int id;
    char kind[16];
    char state[16]; /* queued, running, done, failed, cancelled */
    char phase[64];
    double progress;
    char message[600];
    char by[64];
    mh_time started, finished;
    atomic_bool cancel;
    /* parameters */
    char files[MAX_FILES][PATH_MAX];
    int nfiles;
    mh_sim_config sim;
    bool then_detect;
} job;

struct srv_jobs {
    pthread_mutex_t mu;
    job *jobs[MAX_JOBS];
    int n, next_id;
    bool running;
    pthread_t thread;
    bool joinable;
    srv *sv;
};

mh_status srv_jobs_init(srv *sv, mh_err *e)
{
    srv_jobs *j = calloc(1, sizeof *j);
    if (!j) return mh_err_set(e, MH_E_NOMEM, "out of memory");
    pthread_mutex_init(&j->mu, NULL);
    j->next_id = 1;
    j->sv = sv;
    sv->jobs = j;
    return MH_OK;
}

void srv_jobs_fini(srv *sv)
{
    srv_jobs *j = sv->jobs;
    if (!j) return;
    pthread_mutex_lock(&j->mu);
    for (int i = 0; i < j->n; i++) atomic_store(&j->jobs[i]->cancel, true);
    pthread_mutex_unlock(&j->mu);
    if (j->joinable) pthread_join(j->thread, NULL);
    for (int i = 0; i < j->n; i++) free(j->jobs[i]);
    pthread_mutex_destroy(&j->mu);
    free(j);
    sv->jobs = NULL;
}

static void set(srv_jobs *js, job *jb, const char *state, const char *phase, double progress, const char *msg)
{
    pthread_mutex_lock(&js->mu);
    if (state) snprintf(jb->state, sizeof jb->state, "%s", state);
    if (phase) snprintf(jb->phase, sizeof jb->phase, "%s", phase);
    if (progress >= 0) jb->progress = progress;
    if (msg) snprintf(jb->message, sizeof jb->message, "%s", msg);
    pthread_mutex_unlock(&js->mu);
}

static mh_status run_detect(srv_jobs *js, job *jb, mh_store *s, mh_err *e)
{
    set(js, jb, NULL, "detect", -1, NULL);
    mh_pipeline_opts po;
    memset(&po, 0, sizeof po);
    mh_score_opts_default(&po.score);
    mh_buf diag;
    mh_buf_init(&diag, 1 << 20);
    mh_pipeline_report rep;
    mh_status st = mh_pipeline_detect(s, &po, &diag, &rep, e);
    mh_buf_free(&diag);
    if (!st) {
        char msg[300];
        snprintf(msg, sizeof msg, "%zu people scored, %zu at or above the review threshold%s", rep.people, rep.above,
                 rep.nothing_new ? " (nothing new since the last run)" : "");
        set(js, jb, NULL, NULL, -1, msg);
    }
    return st;
}

static mh_status run_ingest(srv_jobs *js, job *jb, mh_store *s, char files[][PATH_MAX], int nfiles, double lo, double hi,
                            mh_err *e)
{
    mh_ingest_opts io = {.format = MH_FMT_AUTO};
    mh_ingest *ing = mh_ingest_new(s, &io);
    if (!ing) return mh_err_set(e, MH_E_NOMEM, "out of memory starting the ingest");
    mh_ingest_counts c;
    memset(&c, 0, sizeof c);
    mh_status st = MH_OK;
    for (int i = 0; i < nfiles && !st; i++) {
        if (atomic_load(&jb->cancel)) break;
        char phase[64];
        snprintf(phase, sizeof phase, "ingest %d of %d", i + 1, nfiles);
        set(js, jb, NULL, phase, lo + (hi - lo) * i / nfiles, NULL);
        st = mh_ingest_file(ing, files[i], &c, e);
    }
    if (!st) st = mh_ingest_finish(ing, &c, e);
    mh_ingest_free(ing);
    if (!st) {
        char msg[300];
        snprintf(msg, sizeof msg, "%lld lines read, %lld stored, %lld merged, %lld quarantined", (long long)c.read,
                 (long long)c.stored, (long long)c.merged, (long long)c.quarantined);
        set(js, jb, NULL, NULL, hi, msg);
    }
    return st;
}

static mh_status run_simulate(srv_jobs *js, job *jb, mh_store *s, mh_err *e)
{
    char dir[PATH_MAX / 2];
    snprintf(dir, sizeof dir, "%s.sim-%d", js->sv->db_path, jb->id);
    set(js, jb, NULL, "simulate", 0.05, NULL);
    mh_sim_config c = jb->sim;
    c.out_dir = dir;
    mh_sim_stats ss;
    mh_status st = mh_sim_run(&c, &ss, e);
    if (st || atomic_load(&jb->cancel)) return st;
    char files[2][PATH_MAX];
    snprintf(files[0], PATH_MAX, "%s/entities.ftm.jsonl", dir);
    snprintf(files[1], PATH_MAX, "%s/activity.ecs.jsonl", dir);
    if ((st = run_ingest(js, jb, s, files, 2, 0.3, 0.7, e)) || atomic_load(&jb->cancel)) return st;
    set(js, jb, NULL, "watch list", 0.75, NULL);
    char wl[PATH_MAX];
    snprintf(wl, sizeof wl, "%s/watchlist.ftm.jsonl", dir);
    mh_ingest_counts wc;
    memset(&wc, 0, sizeof wc);
    bool unchanged;
    if ((st = mh_ingest_watchlist(s, wl, "simulated", NULL, &wc, &unchanged, e))) return st;
    char msg[300];
    snprintf(msg, sizeof msg, "simulated %u people over %u days into %.200s", c.people, c.days, dir);
    set(js, jb, NULL, NULL, 0.8, msg);
    return MH_OK;
}

typedef struct start_arg {
    srv_jobs *js;
    job *jb;
} start_arg;

static void *run_job(void *arg)
{
    start_arg *sa = arg;
    srv_jobs *js = sa->js;
    job *jb = sa->jb;
    free(sa);
    mh_err e;
    mh_err_clear(&e);
    mh_store *s = NULL;
    mh_status st = MH_OK;
    set(js, jb, "running", "starting", 0, NULL);
    if (atomic_load(&jb->cancel)) goto done;
    if ((st = mh_store_open(js->sv->db_path, &s, &e))) goto done;
    if (!strcmp(jb->kind, "detect")) st = run_detect(js, jb, s, &e);
    else if (!strcmp(jb->kind, "ingest")) st = run_ingest(js, jb, s, jb->files, jb->nfiles, 0, 0.9, &e);
    else if (!strcmp(jb->kind, "simulate")) st = run_simulate(js, jb, s, &e);
    if (!st && jb->then_detect && !atomic_load(&jb->cancel) && strcmp(jb->kind, "detect") != 0)
        st = run_detect(js, jb, s, &e);
done:
    if (s) mh_store_close(s);
    srv_cache_invalidate(js->sv);
    pthread_mutex_lock(&js->mu);
    jb->finished = srv_now();
    if (st) {
        snprintf(jb->state, sizeof jb->state, "failed");
        mh_err_format(&e, jb->message, sizeof jb->message);
    } else if (atomic_load(&jb->cancel)) {
        snprintf(jb->state, sizeof jb->state, "cancelled");
        snprintf(jb->message, sizeof jb->message, "cancelled during %s; what was committed before stays", jb->phase);
    } else {
        snprintf(jb->state, sizeof jb->state, "done");
        jb->progress = 1;
    }
    snprintf(jb->phase, sizeof jb->phase, "finished");
    js->running = false;
    pthread_mutex_unlock(&js->mu);
    return NULL;
}

static void put_job(mh_buf *b, const job *jb)
{
    char st[32], fi[32] = "";
    mh_time_format(jb->started, st, sizeof st);
    if (jb->finished) mh_time_format(jb->finished, fi, sizeof fi);
    mh_buf_printf(b, "{\"id\":%d,\"kind\":\"%s\",\"state\":\"%s\",\"phase\":", jb->id, jb->kind, jb->state);
    srv_json_str(b, jb->phase);
    mh_buf_printf(b, ",\"progress\":%.3f,\"message\":", jb->progress);
    srv_json_str(b, jb->message);
    mh_buf_puts(b, ",\"by\":");
    srv_json_str(b, jb->by);
    mh_buf_printf(b, ",\"started\":\"%s\",\"finished\":", st);
    srv_json_str(b, fi[0] ? fi : NULL);
    mh_buf_printf(b, ",\"cancel_requested\":%s}", atomic_load(&jb->cancel) ? "true" : "false");
}

void api_jobs_list(srv_req *r)
{
    srv_jobs *js = r->sv->jobs;
    mh_buf_puts(&r->out, "{\"jobs\":[");
    pthread_mutex_lock(&js->mu);
    for (int i = js->n - 1; i >= 0; i--) {
        if (i != js->n - 1) mh_buf_putc(&r->out, ',');
        put_job(&r->out, js->jobs[i]);
    }
    pthread_mutex_unlock(&js->mu);
    mh_buf_puts(&r->out, "]}");
}

static job *find(srv_req *r)
{
    char *end;
    long id = strtol(r->params[0], &end, 10);
    srv_jobs *js = r->sv->jobs;
    if (!*end)
        for (int i = 0; i < js->n; i++)
            if (js->jobs[i]->id == id) return js->jobs[i];
    return NULL;
}

void api_job_get(srv_req *r)
{
    srv_jobs *js = r->sv->jobs;
    pthread_mutex_lock(&js->mu);
    job *jb = find(r);
    if (jb) put_job(&r->out, jb);
    pthread_mutex_unlock(&js->mu);
    if (!jb) srv_reply_error(r, 404, "notfound", "no job %.40s (GET /api/v1/jobs lists them)", r->params[0]);
}

void api_job_cancel(srv_req *r)
{
    srv_jobs *js = r->sv->jobs;
    pthread_mutex_lock(&js->mu);
    job *jb = find(r);
    if (jb) {
        atomic_store(&jb->cancel, true);
        put_job(&r->out, jb);
    }
    pthread_mutex_unlock(&js->mu);
    if (!jb) return srv_reply_error(r, 404, "notfound", "no job %.40s (GET /api/v1/jobs lists them)", r->params[0]);
    srv_audit(r, "job.cancel", r->params[0], NULL);
}

/* An inbox-relative file for ingest: no absolute paths, no "..", and its real path must
 * stay under the inbox. */
static bool inbox_file(srv_req *r, const char *rel, char out[PATH_MAX])
{
    const char *inbox = r->sv->o->inbox;
    char root[PATH_MAX / 2], full[PATH_MAX];
    if (!rel || !*rel || rel[0] == '/' || strstr(rel, "..") || strlen(rel) > 512) {
        srv_reply_error(r, 400, "input", "\"files\" are names inside the inbox folder, without \"..\" or a leading /");
        return false;
    }
    if (!realpath(inbox, full) || strlen(full) >= sizeof root) {
        srv_reply_error(r, 500, "io", "the inbox folder given to serve --inbox does not exist");
        return false;
    }
    memcpy(root, full, strlen(full) + 1);
    snprintf(full, sizeof full, "%s/%s", root, rel);
    if (!realpath(full, out) || strncmp(out, root, strlen(root)) != 0 || out[strlen(root)] != '/') {
        srv_reply_error(r, 400, "input", "no file '%.200s' in the inbox folder", rel);
        return false;
    }
    return true;
}

static bool uint_member(srv_req *r, const mh_jv *body, const char *key, double lo, double hi, uint32_t *out)
{
    const mh_jv *v = mh_json_get(body, key);
    if (!v) return true;
    if (v->type != MH_JNUM || v->u.num.d < lo || v->u.num.d > hi || v->u.num.d != (double)(uint32_t)v->u.num.d) {
        srv_reply_error(r, 400, "input", "\"%s\" must be a whole number from %g to %g", key, lo, hi);
        return false;
    }
    *out = (uint32_t)v->u.num.d;
    return true;
}

void api_job_start(srv_req *r)
{
    mh_jv body;
    if (!srv_body_json(r, &body)) return;
    const char *kind = srv_jstr(r, &body, "kind");
    if (!kind || (strcmp(kind, "detect") && strcmp(kind, "ingest") && strcmp(kind, "simulate")))
        return srv_reply_error(r, 400, "input", "\"kind\" must be ingest, detect or simulate");
    job *jb = calloc(1, sizeof *jb);
    if (!jb) return srv_reply_error(r, 503, "nomem", "out of memory");
    snprintf(jb->kind, sizeof jb->kind, "%s", kind);
    const mh_jv *td = mh_json_get(&body, "detect");
    jb->then_detect = td && td->type == MH_JTRUE;
    if (!strcmp(kind, "ingest")) {
        if (!r->sv->o->inbox) {
            free(jb);
            return srv_reply_error(r, 409, "no_inbox",
                                   "ingest from the console reads files from an inbox folder: start serve with --inbox DIR "
                                   "and put the files there");
        }
        const mh_jv *files = mh_json_get(&body, "files");
        if (!files || files->type != MH_JARR || files->len == 0 || files->len > MAX_FILES) {
            free(jb);
            return srv_reply_error(r, 400, "input", "\"files\" must list 1 to %d file names in the inbox", MAX_FILES);
        }
        for (uint32_t i = 0; i < files->len; i++) {
            const mh_jv *f = &files->u.items[i];
            const char *rel = f->type == MH_JSTR ? mh_arena_strndup(&r->arena, f->u.s, f->len) : NULL;
            if (!inbox_file(r, rel, jb->files[jb->nfiles++])) return free(jb);
        }
    } else if (!strcmp(kind, "simulate")) {
        mh_sim_config_default(&jb->sim);
        jb->sim.no_background_activity = true;
        if (!uint_member(r, &body, "people", 10, 20000, &jb->sim.people) ||
            !uint_member(r, &body, "days", 1, 3650, &jb->sim.days))
            return free(jb);
        uint32_t seed = 1;
        if (!uint_member(r, &body, "seed", 0, 4294967295.0, &seed)) return free(jb);
        jb->sim.seed = seed;
        const char *start = srv_jstr(r, &body, "start");
        mh_time lo, hi;
        if (start) {
            if (!mh_time_parse_iso(start, strlen(start), &lo, &hi, NULL)) {
                free(jb);
                return srv_reply_error(r, 400, "input", "\"start\" must be a date such as 2008-01-01");
            }
            jb->sim.start_day = lo / 86400000LL;
        }
        mh_err e;
        mh_err_clear(&e);
        if (mh_sim_config_check(&jb->sim, &e)) {
            free(jb);
            return srv_reply_mh_err(r, &e);
        }
    }
    srv_jobs *js = r->sv->jobs;
    pthread_mutex_lock(&js->mu);
    if (js->running || js->n == MAX_JOBS) {
        pthread_mutex_unlock(&js->mu);
        free(jb);
        return srv_reply_error(r, 409, "busy",
                               js->running ? "another job is running; wait for it or cancel it (GET /api/v1/jobs)"
                                           : "the job list is full; restart serve to clear it");
    }
    if (js->joinable) pthread_join(js->thread, NULL), js->joinable = false;
    jb->id = js->next_id++;
    snprintf(jb->state, sizeof jb->state, "queued");
    snprintf(jb->by, sizeof jb->by, "%s", r->sess.user);
    jb->started = srv_now();
    start_arg *sa = malloc(sizeof *sa);
    if (!sa || pthread_create(&js->thread, NULL, run_job, sa ? (sa->js = js, sa->jb = jb, sa) : NULL)) {
        pthread_mutex_unlock(&js->mu);
        free(sa), free(jb);
        return srv_reply_error(r, 503, "nomem", "could not start a worker thread");
    }
    js->joinable = true;
    js->running = true;
    js->jobs[js->n++] = jb;
    r->status = 202;
    put_job(&r->out, jb);
    pthread_mutex_unlock(&js->mu);
    char obj[32];
    snprintf(obj, sizeof obj, "job:%d", jb->id);
    srv_audit(r, "job.start", obj, kind);
}
