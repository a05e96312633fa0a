/* The two small static files besides LDAP: psychometric.csv and decoy_file.csv.
 *
 * Psychometrics are kept as one event per user (category "psychometric", dated at the
 * first LDAP month, fields psychometric.{openness,conscientiousness,extraversion,
 * agreeableness,neuroticism}) rather than as Person properties: the record model admits
 * only FtM's properties, and an event keeps the scores queryable by EQL and by the
 * behaviour analytics without a schema change. Decoy files become the set the file
 * converter marks file.decoy from. */
#include "cert_int.h"

#include <string.h>

static mh_str trimmed(const mh_cert_row *r, int i)
{
    mh_str f = i >= 0 && i < r->n ? r->f[i] : (mh_str){"", 0};
    while (f.len && (f.ptr[f.len - 1] == '\r' || f.ptr[f.len - 1] == ' ')) f.len--;
    while (f.len && *f.ptr == ' ') f.ptr++, f.len--;
    return f;
}

mh_status cert_psych_load(mh_store *s, const char *dir, mh_time at, FILE *progress, mh_cert_counts *c, mh_err *e)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/psychometric.csv", dir);
    mh_cert_csv *r;
    mh_err e2;
    mh_err_clear(&e2);
    if (mh_cert_csv_open(path, &r, &e2)) {
        if (progress) fprintf(progress, "cert: no psychometric.csv\n");
        return MH_OK;
    }
    static const char *const traits[5] = {"openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"};
    static const char *const cols[5] = {"O", "C", "E", "A", "N"};
    const mh_cert_row *h = mh_cert_csv_header(r);
    int cu = cert_col_of(h, "user_id"), ct[5];
    for (int k = 0; k < 5; k++) ct[k] = cert_col_of(h, cols[k]);
    mh_status rc = MH_OK;
    int64_t src;
    mh_source_info si = {.path = path, .kind = "cert", .channel = NULL};
    mh_buf json;
    mh_buf_init(&json, 1 << 16);
    if (cu < 0) {
        mh_err_at(e, path, 1, 0);
        rc = mh_err_set(e, MH_E_INPUT, "psychometric.csv header lacks 'user_id'");
        goto out;
    }
    if ((rc = mh_store_source(s, &si, &src, e))) goto out;
    if (at == MH_TIME_NONE) at = 0;
    char ts[40];
    mh_time_format(at, ts, sizeof ts);
    mh_cert_row row;
    long line;
    const char *text;
    size_t len;
    while (mh_cert_csv_next(r, -1, &row, &line, &text, &len)) {
        c->read++;
        mh_str user = trimmed(&row, cu);
        const char *why = row.err;
        long v[5] = {0};
        if (!why && row.n != h->n) why = "wrong number of fields for the header";
        if (!why && (!user.len || user.len > 24 || !mh_utf8_valid(user.ptr, user.len, NULL))) why = "bad user_id";
        for (int k = 0; !why && k < 5; k++) {
            mh_str f = trimmed(&row, ct[k]);
            if (!f.len || f.len > 6) why = "missing or bad score";
            for (size_t i = 0; !why && i < f.len; i++) {
                if (f.ptr[i] < '0' || f.ptr[i] > '9') why = "score is not a whole number";
                v[k] = v[k] * 10 + (f.ptr[i] - '0');
            }
        }
        if (why) {
            char msg[128];
            snprintf(msg, sizeof msg, "psychometric: %s", why);
            if ((rc = cert_quarantine(s, path, line, row.err_col, msg, text, len, c, e))) goto out;
            continue;
        }
        char eid[64], uid[32];
        snprintf(uid, sizeof uid, "%.*s", (int)user.len, user.ptr);
        snprintf(eid, sizeof eid, "psychometric:%s", uid);
        mh_buf_reset(&json);
        bool ok = mh_buf_printf(&json,
                                "{\"@timestamp\":\"%s\",\"event\":{\"id\":\"%s\",\"category\":\"psychometric\","
                                "\"action\":\"assessment\",\"dataset\":\"cert.psychometric\"},\"user\":{\"id\":\"%s\"},"
                                "\"psychometric\":{",
                                ts, eid, uid);
        for (int k = 0; ok && k < 5; k++) ok = mh_buf_printf(&json, "%s\"%s\":%ld", k ? "," : "", traits[k], v[k]);
        ok = ok && mh_buf_puts(&json, "}}");
        if (!ok) {
            rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
            goto out;
        }
        mh_event_rec ev = {.eid = eid, .ts = at, .category = "psychometric", .user_id = uid, .json = json.data,
                           .json_len = json.len};
        mh_put_result res;
        if ((rc = mh_store_event_put(s, &ev, src, &res, e))) goto out;
        if (res == MH_PUT_NEW) c->stored++;
        else c->unchanged++;
    }
out:
    mh_buf_free(&json);
    mh_cert_csv_close(r);
    return rc;
}

mh_status cert_decoys_load(const char *dir, mh_cert_decoys *d, mh_err *e)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/decoy_file.csv", dir);
    mh_cert_csv *r;
    mh_err e2;
    mh_err_clear(&e2);
    if (mh_cert_csv_open(path, &r, &e2)) return MH_OK; /* r4.2 has none */
    const mh_cert_row *h = mh_cert_csv_header(r);
    int cf = cert_col_of(h, "decoy_filename"), cp = cert_col_of(h, "pc");
    mh_status rc = MH_OK;
    mh_buf scratch;
    mh_buf_init(&scratch, 1 << 16);
    mh_cert_row row;
    long line;
    const char *text;
    size_t len;
    if (cf < 0 || cp < 0) {
        mh_err_at(e, path, 1, 0);
        rc = mh_err_set(e, MH_E_INPUT, "decoy_file.csv header lacks 'decoy_filename' or 'pc'");
        goto out;
    }
    while (mh_cert_csv_next(r, -1, &row, &line, &text, &len)) {
        if (row.err || row.n <= cf || row.n <= cp) continue; /* a bad decoy row only loses a mark */
        mh_str f = mh_cert_field(&row, cf, &scratch);
        while (f.len && (f.ptr[f.len - 1] == '\r' || f.ptr[f.len - 1] == ' ')) f.len--;
        while (f.len && *f.ptr == ' ') f.ptr++, f.len--;
        if (!mh_cert_decoys_add(d, trimmed(&row, cp), f)) {
            rc = mh_err_set(e, MH_E_NOMEM, "out of memory");
            goto out;
        }
    }
out:
    mh_buf_free(&scratch);
    mh_cert_csv_close(r);
    return rc;
}
