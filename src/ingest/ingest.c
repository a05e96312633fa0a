/* The ingest driver: reads files line by line, detects each line's format by its keys,
 * validates, checks references, and stores in batched transactions. Every line ends in
 * exactly one of stored, merged, quarantined — or parked until mh_ingest_finish resolves
 * what it references — so that the counts always reconcile. */
#include "ingest_int.h"

#include <stdlib.h>
#include <string.h>

/* A bounded, direct-mapped memory of ids known to exist, so that the references of most
 * lines are confirmed without asking the store. Forgetting (a collision) only costs a
 * lookup; memory stays at KNOWN_SLOTS * 8 bytes whatever the input size. */
#define KNOWN_SLOTS (1u << 20)

struct mh_ingest {
    mh_store *store;
    uint64_t *known;
    mh_ingest_opts opts;
    mh_arena arena;
    int64_t source_id;
    const char *source;
    size_t in_batch;
    bool bulk_on;
};

mh_ingest *mh_ingest_new(mh_store *store, const mh_ingest_opts *opts)
{
    mh_ingest *ing = calloc(1, sizeof *ing);
    if (!ing) return NULL;
    ing->store = store;
    if (opts) ing->opts = *opts;
    if (!ing->opts.batch) ing->opts.batch = 20000;
    ing->known = calloc(KNOWN_SLOTS, sizeof *ing->known);
    if (!ing->known) {
        free(ing);
        return NULL;
    }
    mh_arena_init(&ing->arena, 64 * 1024);
    return ing;
}

void mh_ingest_free(mh_ingest *ing)
{
    if (!ing) return;
    if (ing->bulk_on) {
        mh_err e;
        mh_store_bulk_end(ing->store, NULL, &e);
    }
    mh_arena_free(&ing->arena);
    free(ing->known);
    free(ing);
}

static mh_status quarantine(mh_ingest *ing, long line, long col, const char *reason, const char *text, size_t n,
                            mh_ingest_counts *c, mh_err *e)
{
    mh_quarantine_rec q = {.source = ing->source, .line = line, .col = col, .reason = reason, .text = text, .text_len = n};
    c->quarantined++;
    return mh_store_quarantine_put(ing->store, &q, e);
}

static uint64_t id_hash(const char *id) { return mh_hash64(id, strlen(id), 0x6964) | 1; }

static void remember(mh_ingest *ing, const char *id)
{
    uint64_t h = id_hash(id);
    ing->known[h & (KNOWN_SLOTS - 1)] = h;
}

/* The first referenced id that does not exist yet, or NULL. */
static const char *missing_ref(mh_ingest *ing, const mh_entity *ent, mh_err *e, mh_status *rc)
{
    const mh_schema *sc = mh_model_schema(ent->schema, strlen(ent->schema));
    *rc = MH_OK;
    for (size_t i = 0; sc && i < ent->nprops; i++) {
        const mh_propdef *pd = mh_model_prop(sc, ent->props[i].name, strlen(ent->props[i].name));
        if (!pd || pd->type != MH_PT_ENTITY) continue;
        for (size_t k = 0; k < ent->props[i].nvals; k++) {
            const char *ref = ent->props[i].vals[k];
            if (strcmp(ref, ent->id) == 0) continue;
            uint64_t h = id_hash(ref);
            if (ing->known[h & (KNOWN_SLOTS - 1)] == h) continue;
            bool found;
            if ((*rc = mh_store_exists(ing->store, ref, &found, e))) return NULL;
            if (!found) return ref;
            ing->known[h & (KNOWN_SLOTS - 1)] = h;
        }
    }
    return NULL;
}

enum { LINE_DONE, LINE_PARKED };

/* Processes one non-blank line. FINAL: unresolved references are quarantined, not parked. */
static mh_status do_line(mh_ingest *ing, const char *text, size_t n, long lineno, bool too_long, bool final,
                         mh_ingest_counts *c, mh_err *e)
{
    mh_arena_reset(&ing->arena);
    mh_line_issue why = {{0}, 0};
    if (too_long) {
        char msg[96];
        snprintf(msg, sizeof msg, "line longer than %zu bytes (kept cut)", n);
        return quarantine(ing, lineno, 0, msg, text, n, c, e);
    }
    mh_jv root;
    mh_err je;
    if (!mh_json_parse(text, n, &ing->arena, &root, &je)) return quarantine(ing, lineno, je.col, je.msg, text, n, c, e);
    mh_format fmt = ing->opts.format;
    if (fmt == MH_FMT_AUTO) {
        if (mh_json_get(&root, "schema")) fmt = MH_FMT_FTM;
        else if (mh_json_get_path(&root, "@timestamp", 10)) fmt = MH_FMT_ECS;
        else
            return quarantine(ing, lineno, 1,
                              "neither an FtM entity (no \"schema\") nor an ECS event (no \"@timestamp\")", text, n, c, e);
    }
    mh_put_result res;
    mh_status rc;
    if (fmt == MH_FMT_ECS) {
        mh_event_rec ev;
        if (!mh_ecs_from_json(text, n, &root, &ing->arena, &ev, &why)) return quarantine(ing, lineno, why.col, why.reason, text, n, c, e);
        if ((rc = mh_store_event_put(ing->store, &ev, ing->source_id, &res, e))) return rc;
    } else {
        mh_entity ent;
        const char *extra;
        if (!mh_ftm_from_json(text, n, &root, &ing->arena, &ent, &extra, &why))
            return quarantine(ing, lineno, why.col, why.reason, text, n, c, e);
        const char *missing = missing_ref(ing, &ent, e, &rc);
        if (rc) return rc;
        if (missing) {
            char msg[384];
            if (final) {
                snprintf(msg, sizeof msg, "references unknown entity \"%.200s\"", missing);
                return quarantine(ing, lineno, 0, msg, text, n, c, e);
            }
            mh_pending_rec p = {.source = ing->source, .line = lineno, .source_id = ing->source_id,
                                .missing = missing, .text = text, .text_len = n};
            c->parked++;
            return mh_store_pending_put(ing->store, &p, e);
        }
        rc = mh_store_entity_put(ing->store, &ent, extra, ing->source_id, &res, e);
        if (rc == MH_E_INPUT) return quarantine(ing, lineno, 0, e->msg, text, n, c, e);
        if (rc) return rc;
        remember(ing, ent.id);
    }
    if (res == MH_PUT_NEW) c->stored++;
    else c->merged++;
    if (res == MH_PUT_UNCHANGED) c->unchanged++;
    return MH_OK;
}

static mh_status batch_tick(mh_ingest *ing, long lineno, mh_err *e)
{
    if (++ing->in_batch < ing->opts.batch) return MH_OK;
    ing->in_batch = 0;
    mh_status rc = mh_store_commit(ing->store, e);
    if (rc) return rc;
    if (ing->opts.progress) {
        fprintf(ing->opts.progress, "progress: %s: %ld lines committed\n", ing->source, lineno);
        fflush(ing->opts.progress);
    }
    return mh_store_begin(ing->store, e);
}

mh_status mh_ingest_file(mh_ingest *ing, const char *path, mh_ingest_counts *c, mh_err *e)
{
    mh_lines *r = mh_lines_open(path, 0, e);
    if (!r) return e->code;
    mh_source_info si = {.path = path, .kind = "records", .channel = ing->opts.channel};
    mh_status rc = mh_store_source(ing->store, &si, &ing->source_id, e);
    if (rc) goto out;
    ing->source = path;
    ing->in_batch = 0;
    if (ing->opts.bulk && !ing->bulk_on) {
        if ((rc = mh_store_bulk_begin(ing->store, e))) goto out;
        ing->bulk_on = true;
    }
    if ((rc = mh_store_begin(ing->store, e))) goto out;
    const char *line;
    size_t n;
    bool too_long;
    while (mh_lines_next(r, &line, &n, &too_long)) {
        long lineno = mh_lines_lineno(r);
        size_t k = 0;
        while (k < n && (line[k] == ' ' || line[k] == '\t')) k++;
        if (k == n) {
            c->blank++;
            continue;
        }
        c->read++;
        if ((rc = do_line(ing, line, n, lineno, too_long, false, c, e)) || (rc = batch_tick(ing, lineno, e))) {
            if (!e->file[0]) mh_err_at(e, path, lineno, 0);
            mh_store_rollback(ing->store);
            goto out;
        }
    }
    if (mh_lines_error(r, e)) {
        /* What was read so far is kept: commit it, then report the read error. */
        mh_err saved = *e;
        mh_store_commit(ing->store, e);
        *e = saved;
        rc = e->code;
        goto out;
    }
    if ((rc = mh_store_commit(ing->store, e))) goto out;
    if (ing->opts.progress) {
        fprintf(ing->opts.progress, "progress: %s: %ld lines committed\n", path, mh_lines_lineno(r));
        fflush(ing->opts.progress);
    }
out:
    mh_lines_close(r);
    return rc;
}

typedef struct {
    mh_ingest *ing;
    mh_ingest_counts *c;
    mh_err *e;
    mh_status rc;
    bool final;
    int64_t resolved;
} retry_ctx;

static int retry_one(void *vctx, const mh_pending_rec *p)
{
    retry_ctx *x = vctx;
    x->ing->source = p->source;
    x->ing->source_id = p->source_id;
    int64_t parked_before = x->c->parked;
    x->c->parked--;
    x->rc = do_line(x->ing, p->text, p->text_len, p->line, false, x->final, x->c, x->e);
    if (x->c->parked < parked_before) x->resolved++;
    return x->rc != MH_OK;
}

/* One pass over the parked lines in one transaction; *resolved counts those stored. */
static mh_status retry_round(mh_ingest *ing, mh_ingest_counts *c, bool final, int64_t *resolved, mh_err *e)
{
    retry_ctx x = {.ing = ing, .c = c, .e = e, .final = final};
    mh_status rc = mh_store_begin(ing->store, e);
    if (!rc) rc = mh_store_pending_take(ing->store, retry_one, &x, e);
    if (!rc) rc = x.rc;
    if (!rc) rc = mh_store_commit(ing->store, e);
    if (rc) mh_store_rollback(ing->store);
    *resolved = x.resolved;
    return rc;
}

mh_status mh_ingest_finish(mh_ingest *ing, mh_ingest_counts *c, mh_err *e)
{
    if (ing->bulk_on) {
        ing->bulk_on = false;
        int64_t dupes = 0;
        mh_status rc = mh_store_bulk_end(ing->store, &dupes, e);
        if (rc) return rc;
        /* events whose id came twice in the load: counted new as they came */
        c->stored -= dupes;
        c->merged += dupes;
        c->unchanged += dupes;
    }
    /* Retry parked lines until a round resolves nothing (chains of references resolve
     * one link per round), then quarantine what is left. */
    int64_t resolved = 1;
    mh_status rc = MH_OK;
    while (!rc && c->parked > 0 && resolved > 0) rc = retry_round(ing, c, false, &resolved, e);
    if (!rc && c->parked > 0) rc = retry_round(ing, c, true, &resolved, e);
    return rc;
}
