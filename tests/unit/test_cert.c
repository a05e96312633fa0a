/* Unit tests for the CERT import: the CSV splitter (quoting, r4.2's unquoted content,
 * CRLF, multi-line quoted fields, malformed records), CERT dates, the row converters'
 * ECS output, and whole release directories in the r4.2 and r6.2 layouts loaded into a
 * scratch store: people and ties from LDAP, quarantined rows, reconciled counts,
 * idempotent re-import and a refused --release. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "molehunt/mh_cert.h"
#include "molehunt/mh_json.h"

static mh_cert_row split(const char *s, int last, const char **next)
{
    mh_cert_row r;
    *next = mh_cert_csv_split(s, s + strlen(s), last, &r);
    return r;
}

static void assert_field(const mh_cert_row *r, int i, const char *want)
{
    mh_buf b;
    mh_buf_init(&b, 0);
    mh_str f = mh_cert_field(r, i, &b);
    assert_int_equal(f.len, strlen(want));
    assert_memory_equal(f.ptr, want, f.len);
    mh_buf_free(&b);
}

static void test_split(void **state)
{
    (void)state;
    const char *next;
    const char *s = "a,b,,d\nx";
    mh_cert_row r = split(s, -1, &next);
    assert_null(r.err);
    assert_int_equal(r.n, 4);
    assert_field(&r, 2, "");
    assert_field(&r, 3, "d");
    assert_string_equal(next, "x");

    /* r6: quoted content with commas and doubled quotes, CRLF line end */
    s = "{A},01/02/2010 07:08:09,NGF0157,PC-1,\"He said \"\"hi\"\", then, left\"\r\nnext";
    r = split(s, 4, &next);
    assert_null(r.err);
    assert_int_equal(r.n, 5);
    assert_field(&r, 4, "He said \"hi\", then, left");
    assert_string_equal(next, "next");

    /* r4.2: the unquoted last column takes the rest of the line, commas and all */
    s = "{B},1/2/2010 7:08:09,NGF0157,PC-1,http://x.org/a,words, with, commas\r\n";
    r = split(s, 5, &next);
    assert_null(r.err);
    assert_int_equal(r.n, 6);
    assert_field(&r, 5, "words, with, commas");
    assert_int_equal(*next, 0);
    /* without a rest-of-line column the same line has more fields */
    r = split(s, -1, &next);
    assert_int_equal(r.n, 8);

    /* a quoted field spanning lines */
    s = "1,\"two\nlines\",3\nz";
    r = split(s, -1, &next);
    assert_null(r.err);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.lines, 2);
    assert_field(&r, 1, "two\nlines");
    assert_string_equal(next, "z");

    /* malformed: text after a closing quote costs only its own line */
    s = "1,\"ab\"c,3\n4,5,6\n";
    r = split(s, -1, &next);
    assert_non_null(r.err);
    assert_int_equal(r.err_col, 7);
    assert_string_equal(next, "4,5,6\n");
    /* an unterminated quote: the fields before it are there, and only those (a reader
     * that looks for a column before it looks at err must not get the unended one) */
    s = "1,\"abc\n";
    r = split(s, -1, &next);
    assert_non_null(r.err);
    assert_int_equal(*next, 0);
    assert_int_equal(r.n, 1);
    assert_field(&r, 0, "1");
    /* too many fields */
    s = "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q\n";
    r = split(s, -1, &next);
    assert_non_null(r.err);
}

static void test_dates(void **state)
{
    (void)state;
    mh_time t, want = (mh_days_from_civil(2010, 8, 18) * 86400 + 21 * 3600 + 47 * 60 + 42) * 1000LL;
    assert_true(mh_cert_parse_date("08/18/2010 21:47:42", 19, &t));
    assert_int_equal(t, want);
    assert_true(mh_cert_parse_date("8/18/2010 21:47:42", 18, &t));
    assert_int_equal(t, want);
    assert_true(mh_cert_parse_date("2010-08-18T21:47:42Z", 20, &t));
    assert_int_equal(t, want);
    assert_true(mh_cert_parse_date("1/2/2011 7:05", 13, &t));
    assert_int_equal(t, (mh_days_from_civil(2011, 1, 2) * 86400 + 7 * 3600 + 5 * 60) * 1000LL);
    const char *bad[] = {"13/01/2010 00:00:00", "02/30/2010 00:00:00", "02/29/2010 10:00:00", "1/2/10 10:00:00",
                         "01/02/2010 24:00:00", "01/02/2010T10:00:00", "", "garbage"};
    for (size_t i = 0; i < MH_ARRAY_LEN(bad); i++) assert_false(mh_cert_parse_date(bad[i], strlen(bad[i]), &t));
    assert_true(mh_cert_parse_date("02/29/2012 10:00:00", 19, &t));
}

/* Converts LINE with the layout of KIND in REL; returns the JSON tree (or NULL + why). */
static const mh_jv *conv(mh_arena *a, mh_cert_kind kind, mh_cert_release rel, const char *line,
                         const mh_cert_decoys *d, mh_cert_event *ev, char *why)
{
    mh_cert_layout l;
    mh_cert_layout_of(kind, rel, false, &l);
    mh_cert_row r;
    mh_cert_csv_split(line, line + strlen(line), l.ncols - 1, &r);
    mh_buf json, scratch;
    mh_buf_init(&json, 0);
    mh_buf_init(&scratch, 0);
    long col;
    const mh_jv *out = NULL;
    if (mh_cert_convert(&l, &r, d, &json, &scratch, ev, why, &col)) {
        char *copy = mh_arena_strndup(a, json.data, json.len);
        mh_jv *v = mh_arena_alloc(a, sizeof *v);
        mh_err e;
        assert_true(mh_json_parse(copy, json.len, a, v, &e));
        out = v;
    }
    mh_buf_free(&json);
    mh_buf_free(&scratch);
    return out;
}

static void assert_jstr(const mh_jv *v, const char *path, const char *want)
{
    const mh_jv *x = mh_json_get_path(v, path, strlen(path));
    assert_non_null(x);
    mh_str s = mh_json_str(x);
    assert_int_equal(s.len, strlen(want));
    assert_memory_equal(s.ptr, want, s.len);
}

static long jnum(const mh_jv *v, const char *path)
{
    const mh_jv *x = mh_json_get_path(v, path, strlen(path));
    assert_non_null(x);
    assert_int_equal(x->type, MH_JNUM);
    return (long)x->u.num.i;
}

static bool jtrue(const mh_jv *v, const char *path)
{
    const mh_jv *x = mh_json_get_path(v, path, strlen(path));
    return x && x->type == MH_JTRUE;
}

static void test_convert(void **state)
{
    (void)state;
    mh_arena a;
    mh_arena_init(&a, 1 << 16);
    mh_cert_event ev;
    char why[256];
    const mh_jv *v = conv(&a, MH_CERT_LOGON, MH_CERT_R42, "{X1},1/4/2010 7:08:09,NGF0157,PC-0042,Logoff", NULL, &ev, why);
    assert_non_null(v);
    assert_jstr(v, "event.category", "authentication");
    assert_jstr(v, "event.action", "logoff");
    assert_jstr(v, "user.id", "NGF0157");
    assert_jstr(v, "host.name", "PC-0042");
    assert_jstr(v, "@timestamp", "2010-01-04T07:08:09Z");
    assert_string_equal(ev.eid, "logon:{X1}");

    v = conv(&a, MH_CERT_HTTP, MH_CERT_R62,
             "{X2},01/04/2010 07:08:09,NGF0157,PC-0042,http://WikiLeaks.org:80/a/b?c,WWW Upload,\"x, y\"", NULL, &ev,
             why);
    assert_non_null(v);
    assert_jstr(v, "event.action", "upload");
    assert_jstr(v, "url.domain", "wikileaks.org");
    assert_jstr(v, "url.full", "http://WikiLeaks.org:80/a/b?c");
    assert_null(mh_json_get_path(v, "content", 7));

    v = conv(&a, MH_CERT_EMAIL, MH_CERT_R62,
             "{X3},01/04/2010 07:08:09,NGF0157,PC-0042,a@dtaa.com;b@gmail.com,c@dtaa.com,d@yahoo.com,n.g@dtaa.com,Send,"
             "1234,C:\\a.doc(10);C:\\b.zip(20),\"hello\"",
             NULL, &ev, why);
    assert_non_null(v);
    assert_int_equal(jnum(v, "email.attachments.count"), 2);
    assert_int_equal(jnum(v, "email.external_recipients"), 2);
    const mh_jv *to = mh_json_get_path(v, "email.to.address", 16);
    assert_non_null(to);
    assert_int_equal(to->len, 4);
    assert_jstr(v, "email.from.address", "n.g@dtaa.com");

    v = conv(&a, MH_CERT_EMAIL, MH_CERT_R42,
             "{X4},01/04/2010 07:08:09,NGF0157,PC-0042,a@dtaa.com,,,n.g@dtaa.com,1234,3,words, and, commas", NULL, &ev,
             why);
    assert_non_null(v);
    assert_int_equal(jnum(v, "email.attachments.count"), 3);
    assert_jstr(v, "event.action", "send");

    mh_cert_decoys *d = mh_cert_decoys_new();
    assert_true(mh_cert_decoys_add(d, mh_str_c("PC-0042"), mh_str_c("C:\\secret.xlsx")));
    v = conv(&a, MH_CERT_FILE, MH_CERT_R62,
             "{X5},01/04/2010 07:08:09,NGF0157,PC-0042,C:\\secret.xlsx,File Open,False,True,4D-5A-90 words", d, &ev,
             why);
    assert_non_null(v);
    assert_true(jtrue(v, "file.decoy"));
    assert_true(jtrue(v, "file.removable"));
    assert_true(jtrue(v, "file.from_removable"));
    assert_false(jtrue(v, "file.to_removable"));
    assert_true(jtrue(v, "file.executable"));
    assert_jstr(v, "file.path", "C:\\secret.xlsx");
    assert_jstr(v, "event.action", "open");
    /* the same file on another PC is no decoy */
    v = conv(&a, MH_CERT_FILE, MH_CERT_R62,
             "{X6},01/04/2010 07:08:09,NGF0157,PC-0043,C:\\secret.xlsx,File Copy,True,False,x", d, &ev, why);
    assert_non_null(v);
    assert_false(jtrue(v, "file.decoy"));
    /* r4.2: every file row is a copy to removable media */
    v = conv(&a, MH_CERT_FILE, MH_CERT_R42, "{X7},01/04/2010 07:08:09,NGF0157,PC-0043,C:\\a.doc,D0-CF text, more", d, &ev, why);
    assert_non_null(v);
    assert_jstr(v, "event.action", "copy");
    assert_true(jtrue(v, "file.to_removable"));
    mh_cert_decoys_free(d);

    /* refusals, each with a reason */
    assert_null(conv(&a, MH_CERT_LOGON, MH_CERT_R42, "{X8},99/04/2010 07:08:09,NGF0157,PC-1,Logon", NULL, &ev, why));
    assert_non_null(strstr(why, "date"));
    assert_null(conv(&a, MH_CERT_LOGON, MH_CERT_R42, "{X9},01/04/2010 07:08:09,NGF0157,PC-1,Dance", NULL, &ev, why));
    assert_non_null(strstr(why, "activity"));
    assert_null(conv(&a, MH_CERT_LOGON, MH_CERT_R42, "{X9},01/04/2010 07:08:09,NGF0157", NULL, &ev, why));
    assert_non_null(strstr(why, "fields"));
    assert_null(conv(&a, MH_CERT_LOGON, MH_CERT_R42, "{X9},01/04/2010 07:08:09,NG\xff,PC-1,Logon", NULL, &ev, why));
    mh_arena_free(&a);
}

/* ---- whole directories ---- */

static char tmpdir[256];

static void put(const char *dir, const char *name, const char *text)
{
    char p[1200];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void write_release(const char *dir, bool r6)
{
    char p[1200];
    mkdir(dir, 0700);
    snprintf(p, sizeof p, "%s/LDAP", dir);
    mkdir(p, 0700);
    const char *lh = r6 ? "employee_name,user_id,email,role,projects,business_unit,functional_unit,department,team,supervisor\n"
                        : "employee_name,user_id,email,role,business_unit,functional_unit,department,team,supervisor\n";
    const char *pr = r6 ? "P1," : "";
    char m1[2048], m2[2048];
    snprintf(m1, sizeof m1,
             "%sAnn Boss,ABC0001,ann@dtaa.com,Manager,%s1,2 - Ops,3 - Net,1,\n"
             "Bob Worker,BCD0002,bob@dtaa.com,ITAdmin,%s1,2 - Ops,3 - Net,1,Ann Boss\n"
             "Cy Leaver,CDE0003,cy@dtaa.com,Clerk,%s1,2 - Ops,4 - Pay,2,Ann Boss\n",
             lh, pr, pr, pr);
    snprintf(m2, sizeof m2,
             "%sAnn Boss,ABC0001,ann@dtaa.com,Manager,%s1,2 - Ops,3 - Net,1,\n"
             "Bob Worker,BCD0002,bob@dtaa.com,ITAdmin,%s1,2 - Ops,3 - Net,1,Ann Boss\n",
             lh, pr, pr);
    put(dir, "LDAP/2010-01.csv", m1);
    put(dir, "LDAP/2010-02.csv", m2);
    put(dir, "psychometric.csv", "employee_name,user_id,O,C,E,A,N\nAnn Boss,ABC0001,40,39,21,17,35\nBob Worker,BCD0002,x,1,1,1,1\n");
    put(dir, "logon.csv",
        "id,date,user,pc,activity\n"
        "{L1},01/04/2010 07:00:00,BCD0002,PC-0002,Logon\n"
        "{L2},1/4/2010 23:10:05,BCD0002,PC-0001,Logon\n"
        "{L3},01/04/2010 25:10:05,BCD0002,PC-0001,Logon\n"
        "{L1},01/04/2010 07:00:00,BCD0002,PC-0002,Logon\n"); /* an id twice: the first copy stays */
    if (r6) {
        put(dir, "decoy_file.csv", "decoy_filename,pc\nC:\\bait.doc,PC-0001\n");
        put(dir, "device.csv", "id,date,user,pc,file_tree,activity\n{D1},01/04/2010 23:11:00,BCD0002,PC-0001,R:\\;R:\\x,Connect\n");
        put(dir, "http.csv",
            "id,date,user,pc,url,activity,content\n"
            "{H1},01/04/2010 23:12:00,BCD0002,PC-0001,http://wikileaks.org/up,WWW Upload,\"leak, now\"\n"
            "{H2},01/04/2010 23:13:00,BCD0002,PC-0001,http://x.org/,WWW Upload,\"unterminated\n");
        put(dir, "email.csv",
            "id,date,user,pc,to,cc,bcc,from,activity,size,attachments,content\n"
            "{E1},01/05/2010 09:00:00,BCD0002,PC-0002,me@gmail.com,,,bob@dtaa.com,Send,999,C:\\a.doc(12),\"hi\"\n");
        put(dir, "file.csv",
            "id,date,user,pc,filename,activity,to_removable_media,from_removable_media,content\n"
            "{F1},01/04/2010 23:11:30,BCD0002,PC-0001,C:\\bait.doc,File Open,False,False,D0-CF words\n");
    } else {
        put(dir, "device.csv", "id,date,user,pc,activity\n{D1},01/04/2010 23:11:00,BCD0002,PC-0001,Connect\n");
        put(dir, "http.csv",
            "id,date,user,pc,url,content\n"
            "{H1},01/04/2010 23:12:00,BCD0002,PC-0001,http://wikileaks.org/up,leak, now, words\n");
        put(dir, "email.csv",
            "id,date,user,pc,to,cc,bcc,from,size,attachments,content\n"
            "{E1},01/05/2010 09:00:00,BCD0002,PC-0002,me@gmail.com,,,bob@dtaa.com,999,1,hi there, you\n");
        put(dir, "file.csv", "id,date,user,pc,filename,content\n{F1},01/04/2010 23:11:30,BCD0002,PC-0001,C:\\a.doc,D0-CF words\n");
    }
}

typedef struct seen {
    int persons, accounts, employments, ended, supervisors, memberships, home;
    char sup_of_bob[64];
} seen;

static int on_entity(void *ctx, const mh_entity *e)
{
    seen *s = ctx;
    if (strcmp(e->schema, "Person") == 0) s->persons++;
    if (strcmp(e->schema, "UserAccount") == 0) s->accounts++;
    if (strcmp(e->schema, "Membership") == 0) s->memberships++;
    if (strcmp(e->schema, "Organization") == 0 && mh_entity_has(e, "topics", "molehunt.home")) s->home++;
    if (strcmp(e->schema, "Employment") == 0) {
        s->employments++;
        const char *end = mh_entity_first(e, "endDate");
        if (end) {
            s->ended++;
            assert_string_equal(end, "2010-01");
            assert_string_equal(mh_entity_first(e, "employee"), "cert-p-CDE0003");
        }
    }
    if (strcmp(e->schema, "Associate") == 0 && mh_entity_has(e, "relationship", "supervisor")) {
        s->supervisors++;
        if (strcmp(mh_entity_first(e, "person"), "cert-p-BCD0002") == 0)
            snprintf(s->sup_of_bob, sizeof s->sup_of_bob, "%s", mh_entity_first(e, "associate"));
    }
    return 0;
}

typedef struct evs {
    int n, decoy, psych;
} evs;

static bool has(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0) return true;
    return false;
}

static int on_event(void *ctx, const char *json, size_t len, mh_time ts)
{
    evs *v = ctx;
    v->n++;
    if (has(json, len, "\"decoy\":true")) v->decoy++;
    if (has(json, len, "\"conscientiousness\":39")) v->psych++;
    return 0;
}

static int count_q(void *ctx, const mh_quarantine_rec *q)
{
    (*(int *)ctx)++;
    assert_true(q->line > 1);
    assert_true(q->reason && *q->reason);
    return 0;
}

/* BULK loads as a large release does: the event id index is built after the rows. */
static void load_release(bool r6, bool bulk)
{
    char dir[512], db[512];
    snprintf(dir, sizeof dir, "%s/%s%s", tmpdir, r6 ? "r6" : "r42", bulk ? "b" : "");
    snprintf(db, sizeof db, "%s/%s%s.db", tmpdir, r6 ? "r6" : "r42", bulk ? "b" : "");
    write_release(dir, r6);
    mh_store *s;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_store_open(db, &s, &e), MH_OK);
    /* the wrong release is refused before anything is stored */
    mh_cert_opts o = {.release = r6 ? MH_CERT_R42 : MH_CERT_R62};
    mh_cert_counts c = {0};
    assert_int_equal(mh_cert_ingest(s, dir, &o, &c, &e), MH_E_INPUT);
    assert_int_equal(c.read, 0);
    o.release = MH_CERT_AUTO;
    o.bulk = bulk;
    mh_err_clear(&e);
    assert_int_equal(mh_cert_ingest(s, dir, &o, &c, &e), MH_OK);
    assert_int_equal(c.release, r6 ? MH_CERT_R62 : MH_CERT_R42);
    assert_int_equal(c.read, c.stored + c.unchanged + c.folded + c.quarantined);
    assert_int_equal(c.people, 3);
    assert_int_equal(c.leavers, 1);
    assert_int_equal(c.folded, 5);
    /* bad rows: the 25 o'clock logon, Bob's unreadable score, and in r6 the unterminated quote */
    assert_int_equal(c.quarantined, r6 ? 3 : 2);
    int64_t stored = c.stored;
    assert_int_equal(stored, 7); /* 2 logons, a connect, a web, a mail, a file, a psychometric */
    assert_int_equal(c.unchanged, 1); /* the logon whose id came twice */
    seen sn = {0};
    assert_int_equal(mh_store_entities_each(s, NULL, on_entity, &sn, &e), MH_OK);
    assert_int_equal(sn.persons, 3);
    assert_int_equal(sn.accounts, 3);
    assert_int_equal(sn.employments, 3);
    assert_int_equal(sn.ended, 1);
    assert_int_equal(sn.memberships, 3);
    assert_int_equal(sn.home, 1);
    assert_int_equal(sn.supervisors, 2);
    assert_string_equal(sn.sup_of_bob, "cert-p-ABC0001");
    evs v = {0};
    assert_int_equal(mh_store_events_each(s, MH_TIME_NONE, MH_TIME_NONE, on_event, &v, &e), MH_OK);
    assert_int_equal(v.n, stored);
    assert_int_equal(v.decoy, r6 ? 1 : 0);
    assert_int_equal(v.psych, 1);
    int nq = 0;
    assert_int_equal(mh_store_quarantine_each(s, count_q, &nq, &e), MH_OK);
    assert_int_equal(nq, c.quarantined);
    /* again: nothing new */
    mh_cert_counts c2 = {0};
    assert_int_equal(mh_cert_ingest(s, dir, &o, &c2, &e), MH_OK);
    assert_int_equal(c2.stored, 0);
    assert_int_equal(c2.unchanged, stored + 1);
    evs v2 = {0};
    assert_int_equal(mh_store_events_each(s, MH_TIME_NONE, MH_TIME_NONE, on_event, &v2, &e), MH_OK);
    assert_int_equal(v2.n, stored);
    mh_store_close(s);
}

static void test_release_r42(void **state)
{
    (void)state;
    load_release(false, false);
}

static void test_release_r62(void **state)
{
    (void)state;
    load_release(true, false);
}

static void test_release_r62_bulk(void **state)
{
    (void)state;
    load_release(true, true);
}

static void test_not_a_release(void **state)
{
    (void)state;
    char db[512];
    snprintf(db, sizeof db, "%s/empty.db", tmpdir);
    mh_store *s;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_store_open(db, &s, &e), MH_OK);
    mh_cert_counts c = {0};
    assert_int_not_equal(mh_cert_ingest(s, tmpdir, NULL, &c, &e), MH_OK);
    char p[512];
    snprintf(p, sizeof p, "%s/nope", tmpdir);
    assert_int_equal(mh_cert_ingest(s, p, NULL, &c, &e), MH_E_IO);
    mh_store_close(s);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/mh-test-cert-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The decoy set as text and back: the same members; text that is not the encoding is
 * refused, not half-read into a wrong set. */
static void test_decoys_text(void **state)
{
    (void)state;
    mh_cert_decoys *d = mh_cert_decoys_new(), *r = mh_cert_decoys_new();
    char pc[16], file[32];
    for (int i = 0; i < 300; i++) {
        snprintf(pc, sizeof pc, "PC-%04d", i % 37);
        snprintf(file, sizeof file, "C:\\d\\plan_%d.docx", i);
        assert_true(mh_cert_decoys_add(d, mh_str_c(pc), mh_str_c(file)));
    }
    mh_buf b;
    mh_buf_init(&b, 0);
    assert_true(mh_cert_decoys_encode(d, &b));
    assert_int_equal(b.len, 300 * 17);
    assert_true(mh_cert_decoys_decode(r, b.data, b.len));
    assert_int_equal(mh_cert_decoys_count(r), 300);
    assert_true(mh_cert_decoys_has(r, mh_str_c("PC-0005"), mh_str_c("C:\\d\\plan_5.docx")));
    assert_false(mh_cert_decoys_has(r, mh_str_c("PC-0006"), mh_str_c("C:\\d\\plan_5.docx")));
    assert_true(mh_cert_decoys_decode(r, b.data, b.len)); /* a union: nothing new */
    assert_int_equal(mh_cert_decoys_count(r), 300);
    mh_cert_decoys *x = mh_cert_decoys_new();
    assert_false(mh_cert_decoys_decode(x, "00000000000000zz\n", 17));
    assert_false(mh_cert_decoys_decode(x, "0123\n", 5));
    assert_false(mh_cert_decoys_decode(x, "0123456789abcdef0\n", 18));
    assert_true(mh_cert_decoys_decode(x, "", 0));
    mh_buf_free(&b);
    mh_cert_decoys_free(d);
    mh_cert_decoys_free(r);
    mh_cert_decoys_free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),        cmocka_unit_test(test_dates),         cmocka_unit_test(test_convert),
        cmocka_unit_test(test_release_r42),  cmocka_unit_test(test_release_r62),   cmocka_unit_test(test_not_a_release),
        cmocka_unit_test(test_decoys_text),  cmocka_unit_test(test_release_r62_bulk),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
