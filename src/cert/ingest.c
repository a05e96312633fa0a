/* The import driver: a CERT release directory into the store in one streaming pass per
 * file. People first (LDAP), so that events find their person; then psychometrics; then
 * the five activity files, each read through its own header's layout (checked against
 * --release when one is given), converted row by row and stored in batched
 * transactions. A row that cannot be read is quarantined with the file, line, column and
 * reason and the import goes on. */
#include "cert_int.h"

#include <string.h>
#include <sys/stat.h>

static const mh_cert_kind order[] = {MH_CERT_LOGON, MH_CERT_DEVICE, MH_CERT_HTTP, MH_CERT_EMAIL, MH_CERT_FILE};

/* True when the header's columns are those of the release's layout. */
static bool same_layout(const mh_cert_layout *a, const mh_cert_layout *b)
{
    if (a->ncols != b->ncols) return false;
    for (int c = 0; c < MH_CC__COUNT; c++)
        if (c != MH_CC_TAG && a->col[c] != b->col[c]) return false;
    return true;
}

typedef struct run {
    mh_store *s;
    const mh_cert_opts *o;
    mh_cert_counts *c;
    size_t in_batch;
    mh_buf json, scratch;
    const mh_cert_decoys *decoys;
} run;

static mh_status tick(run *R, mh_err *e)
{
    if (++R->in_batch < R->o->batch) return MH_OK;
    R->in_batch = 0;
    mh_status rc = mh_store_commit(R->s, e);
    return rc ? rc : mh_store_begin(R->s, e);
}

static mh_status load_file(run *R, const char *path, const mh_cert_layout *l, mh_cert_csv *r, mh_err *e)
{
    int64_t src;
    mh_source_info si = {.path = path, .kind = "cert", .channel = NULL};
    mh_status rc = mh_store_source(R->s, &si, &src, e);
    if (rc) return rc;
    int last = l->col[MH_CC_CONTENT] == l->ncols - 1 ? l->ncols - 1 : -1;
    mh_cert_row row;
    mh_cert_event ev;
    long line, col;
    const char *text;
    size_t len;
    char why[256];
    int64_t n0 = R->c->read;
    while (mh_cert_csv_next(r, last, &row, &line, &text, &len)) {
        R->c->read++;
        if (!mh_cert_convert(l, &row, R->decoys, &R->json, &R->scratch, &ev, why, &col)) {
            if ((rc = cert_quarantine(R->s, path, line, col, why, text, len, R->c, e))) return rc;
        } else {
            mh_event_rec er = {.eid = ev.eid, .ts = ev.ts, .category = ev.category, .user_id = ev.user,
                               .json = R->json.data, .json_len = R->json.len};
            mh_put_result res;
            if ((rc = mh_store_event_put(R->s, &er, src, &res, e))) return rc;
            if (res == MH_PUT_NEW) R->c->stored++;
            else R->c->unchanged++;
        }
        if ((rc = tick(R, e))) return rc;
        if (R->o->progress && (R->c->read - n0) % 1000000 == 0)
            fprintf(R->o->progress, "cert: %s: %lld rows\n", path, (long long)(R->c->read - n0));
    }
    if (R->o->progress) fprintf(R->o->progress, "cert: %s: %lld rows\n", path, (long long)(R->c->read - n0));
    return MH_OK;
}

/* Decoys are planted once and logged against for months: a later delivery without
 * decoy_file.csv must still see the ones an earlier one listed, or touching them would
 * depend on how the release was cut into deliveries. The store keeps the union. */
#define DECOYS_STATE "cert.decoys"
static mh_status decoys_keep(mh_store *s, mh_cert_decoys *d, mh_err *e)
{
    mh_buf b;
    mh_buf_init(&b, 0);
    bool found = false;
    mh_status rc = mh_store_state_get(s, DECOYS_STATE, &b, &found, e);
    size_t stored = found ? b.len / 17 : 0; /* a line is 16 hex digits and a newline */
    if (rc == MH_OK && found && !mh_cert_decoys_decode(d, b.data ? b.data : "", b.len))
        rc = mh_err_set(e, MH_E_STORE, "the store's list of decoy files (state %s) is unreadable", DECOYS_STATE);
    if (rc == MH_OK && mh_cert_decoys_count(d) != stored) { /* this delivery listed new ones */
        b.len = 0;
        if (!mh_cert_decoys_encode(d, &b) || !mh_buf_putc(&b, '\0')) rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
        else rc = mh_store_state_set(s, DECOYS_STATE, b.data, e);
    }
    mh_buf_free(&b);
    return rc;
}

mh_status mh_cert_ingest(mh_store *s, const char *dir, const mh_cert_opts *opts, mh_cert_counts *c, mh_err *e)
{
    mh_cert_opts o = opts ? *opts : (mh_cert_opts){0};
    if (!o.batch) o.batch = 50000;
    run R = {.s = s, .o = &o, .c = c};
    mh_buf_init(&R.json, 1 << 24);
    mh_buf_init(&R.scratch, 1 << 24);
    mh_cert_decoys *decoys = mh_cert_decoys_new();
    mh_cert_csv *files[MH_CERT__KINDS] = {0};
    mh_cert_layout lay[MH_CERT__KINDS];
    char paths[MH_CERT__KINDS][4096];
    bool in_tx = false, bulk = false;
    mh_status rc = MH_OK;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        mh_err_at(e, dir, 0, 0);
        rc = mh_err_set(e, MH_E_IO, "not a directory");
        goto out;
    }
    if (!decoys) {
        rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
        goto out;
    }
    /* Open every activity file and read its header before storing anything, so that a
     * wrong release or a foreign file is refused up front. */
    uint64_t total = 0;
    int nfiles = 0;
    for (size_t i = 0; i < MH_ARRAY_LEN(order); i++) {
        mh_cert_kind k = order[i];
        snprintf(paths[k], sizeof paths[k], "%s/%s.csv", dir, mh_cert_kind_name(k));
        if (stat(paths[k], &st) != 0) {
            if (o.progress) fprintf(o.progress, "cert: no %s.csv\n", mh_cert_kind_name(k));
            continue;
        }
        if ((rc = mh_cert_csv_open(paths[k], &files[k], e))) goto out;
        char why[256];
        const mh_cert_row *h = mh_cert_csv_header(files[k]);
        if (h->err || !mh_cert_layout_from_header(k, h, &lay[k], why)) {
            mh_err_at(e, paths[k], 1, 0);
            rc = mh_err_set(e, MH_E_INPUT, "unusable header: %s", h->err ? h->err : why);
            goto out;
        }
        total += mh_cert_csv_size(files[k]);
        nfiles++;
    }
    if (!nfiles) {
        mh_err_at(e, dir, 0, 0);
        rc = mh_err_set(e, MH_E_INPUT, "no CERT activity files (logon.csv, device.csv, http.csv, email.csv, file.csv)");
        goto out;
    }
    mh_cert_release rel = mh_cert_release_guess(files[MH_CERT_HTTP] ? &lay[MH_CERT_HTTP] : NULL,
                                                files[MH_CERT_FILE] ? &lay[MH_CERT_FILE] : NULL);
    if (o.release != MH_CERT_AUTO) {
        for (int k = 0; k < MH_CERT__KINDS; k++) {
            if (!files[k]) continue;
            mh_cert_layout want;
            mh_cert_layout_of((mh_cert_kind)k, o.release, false, &want);
            if (!same_layout(&want, &lay[k])) {
                mh_err_at(e, paths[k], 1, 0);
                rc = mh_err_set(e, MH_E_INPUT, "header is not the %s layout of %s.csv (it looks like %s)",
                                mh_cert_release_name(o.release), mh_cert_kind_name((mh_cert_kind)k),
                                mh_cert_release_name(rel));
                goto out;
            }
        }
        rel = o.release;
    }
    c->release = rel;
    c->bytes = total;
    if (o.progress) fprintf(o.progress, "cert: %s: release %s, %.1f MB of activity\n", dir, mh_cert_release_name(rel), total / 1e6);

    if (o.bulk || total > ((uint64_t)256 << 20)) {
        if ((rc = mh_store_bulk_begin(s, e))) goto out;
        bulk = true;
    }
    if ((rc = mh_store_begin(s, e))) goto out;
    in_tx = true;
    mh_time first_month;
    if ((rc = cert_ldap_load(s, dir, o.progress, c, &first_month, e))) goto out;
    if ((rc = cert_psych_load(s, dir, first_month, o.progress, c, e))) goto out;
    if ((rc = cert_decoys_load(dir, decoys, e))) goto out;
    if ((rc = decoys_keep(s, decoys, e))) goto out;
    c->decoys = (int64_t)mh_cert_decoys_count(decoys);
    R.decoys = decoys;
    for (size_t i = 0; i < MH_ARRAY_LEN(order); i++) {
        mh_cert_kind k = order[i];
        if (!files[k]) continue;
        if ((rc = load_file(&R, paths[k], &lay[k], files[k], e))) goto out;
        mh_cert_csv_close(files[k]);
        files[k] = NULL;
    }
    rc = mh_store_commit(s, e);
    in_tx = false;
    if (rc == MH_OK && bulk) {
        bulk = false;
        int64_t dupes = 0;
        rc = mh_store_bulk_end(s, &dupes, e);
        c->stored -= dupes;
        c->unchanged += dupes;
    }
out:
    if (in_tx) mh_store_rollback(s);
    if (bulk) {
        mh_err e2;
        mh_store_bulk_end(s, NULL, &e2);
    }
    for (int k = 0; k < MH_CERT__KINDS; k++) mh_cert_csv_close(files[k]);
    mh_cert_decoys_free(decoys);
    mh_buf_free(&R.json);
    mh_buf_free(&R.scratch);
    return rc;
}
