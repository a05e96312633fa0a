/* Unit tests for the watch-list matcher: normalisation, transliteration of each script,
 * the phonetic key, the scorer's features, qualifiers and candidate retrieval. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "molehunt/mh_json.h"
#include "molehunt/mh_match.h"

static mh_match_norm *norm;

static int setup(void **state)
{
    (void)state;
    mh_err e;
    mh_err_clear(&e);
    return mh_match_norm_open(&norm, &e) == MH_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    mh_match_norm_close(norm);
    return 0;
}

/* The normalised text of s (static buffer). */
static const char *nt(const char *s)
{
    static char out[512];
    mh_buf b;
    mh_buf_init(&b, 0);
    mh_err e;
    mh_err_clear(&e);
    mh_status rc = mh_match_norm_text(norm, s, strlen(s), &b, &e);
    snprintf(out, sizeof out, "%s", rc == MH_OK ? (b.data ? b.data : "") : "<error>");
    mh_buf_free(&b);
    return out;
}

static double cmp(const char *a, const char *b, mh_match_features *f)
{
    mh_err e;
    mh_err_clear(&e);
    double s = -1;
    mh_match_features tmp;
    assert_int_equal(mh_match_compare(norm, a, b, &s, f ? f : &tmp, &e), MH_OK);
    assert_true(s >= 0 && s <= 1);
    return s;
}

static void test_normalise_latin(void **state)
{
    (void)state;
    assert_string_equal(nt("  JOHN   o'Brien-SMITH, Jr."), "john obrien smith jr");
    assert_string_equal(nt("José-María Núñez"), "jose maria nunez");
    assert_string_equal(nt("Łukasz Øster Straße"), "lukasz oster strasse");
    assert_string_equal(nt("ＷＡＮＧ"), "wang");              /* full-width forms */
    assert_string_equal(nt("Ivan\xc2\xa0Petrov"), "ivan petrov"); /* no-break space separates */
    assert_string_equal(nt("!!!"), "");
}

static void test_normalise_rejects_bad_utf8(void **state)
{
    (void)state;
    mh_err e;
    mh_err_clear(&e);
    mh_buf b;
    mh_buf_init(&b, 0);
    assert_int_equal(mh_match_norm_text(norm, "Iv\xc3" "an", 5, &b, &e), MH_E_INPUT);
    assert_non_null(strstr(e.msg, "UTF-8"));
    assert_int_equal(mh_match_norm_text(norm, "\xed\xa0\x80", 3, &b, &e), MH_E_INPUT); /* surrogate */
    char big[5000];
    memset(big, 'a', sizeof big);
    assert_int_equal(mh_match_norm_text(norm, big, sizeof big, &b, &e), MH_E_INPUT);
    double s;
    assert_int_equal(mh_match_compare(norm, "Iv\xff", "Ivan", &s, NULL, &e), MH_E_INPUT);
    mh_buf_free(&b);
}

static void test_translit_scripts(void **state)
{
    (void)state;
    assert_string_equal(nt("Александр Хрущёв"), "aleksandr khrushchev");
    assert_string_equal(nt("ЮРИЙ Соловьёв"), "yuriy solovyev");
    assert_string_equal(nt("Γιώργος Παπαδόπουλος"), "giorgos papadopoulos");
    assert_string_equal(nt("Արամ Պետրոսյան"), "aram petrosyan");
    assert_string_equal(nt("გიორგი ბერიძე"), "giorgi beridze");
    assert_string_equal(nt("김정훈"), "kim jeonghun");
    assert_string_equal(nt("王建国"), "wang jianguo");
    assert_string_equal(nt("欧阳明"), "ouyang ming");       /* compound surname */
    assert_string_equal(nt("单雄"), "shan xiong");          /* surname reading, not dan */
    assert_string_equal(nt("王 建国"), "wang jianguo");
    /* the second time through comes from the word cache and must agree */
    assert_string_equal(nt("Александр Хрущёв"), "aleksandr khrushchev");
}

static void test_han_keeps_characters(void **state)
{
    (void)state;
    mh_match_features f;
    assert_true(cmp("王建國", "王建国", &f) > 0.99); /* traditional = simplified */
    assert_int_equal(f.original, MH_MATCH_Q_MATCH);
    double homophone = cmp("王建国", "汪建国", &f);
    assert_int_equal(f.original, MH_MATCH_Q_MISMATCH);
    assert_true(homophone < MH_MATCH_FLAG);
    assert_true(cmp("王建国", "Wang Jianguo", &f) > 0.99);
    assert_true(f.transliterated);
    assert_int_equal(f.original, MH_MATCH_Q_UNKNOWN);
}

static void test_phonetic(void **state)
{
    (void)state;
    char a[8], b[8];
    mh_match_phonetic("khrushchev", 10, a);
    mh_match_phonetic("krushev", 7, b);
    assert_string_equal(a, b);
    mh_match_phonetic("yevgeny", 7, a);
    mh_match_phonetic("evgeni", 6, b);
    assert_string_equal(a, b);
    mh_match_phonetic("philips", 7, a);
    mh_match_phonetic("filips", 6, b);
    assert_string_equal(a, b);
    mh_match_phonetic("ivan", 4, a);
    mh_match_phonetic("van", 3, b);
    assert_string_not_equal(a, b);
    mh_match_phonetic("petrov", 6, a);
    mh_match_phonetic("popov", 5, b);
    assert_string_not_equal(a, b);
    assert_true(mh_match_phonetic("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 32, a) < 8);
    assert_true(mh_match_phonetic("bcdfgjklmnpqrstvxz", 18, a) <= 7);
}

static void test_scorer_features(void **state)
{
    (void)state;
    mh_match_features f;
    assert_true(cmp("Wang Jianguo", "Wang Jianguo", &f) > 0.999);
    assert_false(f.order_swap);

    assert_true(cmp("Wang Jianguo", "Jianguo Wang", &f) >= MH_MATCH_FLAG);
    assert_true(f.order_swap);

    assert_true(cmp("Jian-guo Wang", "Wang Jianguo", &f) >= MH_MATCH_FLAG);
    assert_true(f.merged);

    assert_true(cmp("J. Whitfield", "James Whitfield", &f) >= MH_MATCH_FLAG);
    assert_true(f.initials);

    assert_true(cmp("Sasha Volkov", "Aleksandr Volkov", &f) >= MH_MATCH_FLAG);
    assert_true(f.nickname);

    assert_true(cmp("FSB", "Federalnaya Sluzhba Bezopasnosti", &f) >= MH_MATCH_FLAG);
    assert_true(f.acronym);

    /* Confusable letters cost less than unrelated ones. */
    double conf = cmp("Kozlov", "Kozlow", NULL), typo = cmp("Kozlov", "Kozlok", NULL);
    assert_true(conf > typo);
    /* Past the budget a part no longer counts: a short name two letters off is another. */
    assert_true(cmp("Kozlov", "Kotov", NULL) < MH_MATCH_SHOW);
    /* A lone family name never flags a full name; a middle name or patronymic hardly matters. */
    assert_true(cmp("Wang", "Wang Jianguo", NULL) < MH_MATCH_FLAG);
    assert_true(cmp("Vladimir Vladimirovich Sokolov", "Vladimir Sokolov", NULL) >= MH_MATCH_FLAG);
    /* Different given names with one family name: not flagged, however common the family. */
    assert_true(cmp("Sergey Kuznetsov", "Andrey Kuznetsov", &f) < MH_MATCH_FLAG);
    assert_true(f.parts_unmatched >= 2);
}

static void test_family_weight(void **state)
{
    (void)state;
    /* The Han name marks its family name: a different family hurts more than a different
     * given name of the same length. */
    mh_match_features f;
    double fam = cmp("王建国", "Zhang Jianguo", &f);
    assert_true(f.family == 0.0);
    double giv = cmp("王建国", "Wang Lihua", &f);
    assert_true(f.family > 0.99);
    assert_true(fam < giv);
}

static void test_features_json(void **state)
{
    (void)state;
    mh_match_features f;
    cmp("Jianguo Wang", "王建国", &f);
    mh_buf b;
    mh_buf_init(&b, 0);
    assert_true(mh_match_features_json(&f, &b));
    mh_arena a;
    mh_arena_init(&a, 4096);
    mh_jv v;
    mh_err e;
    mh_err_clear(&e);
    assert_true(mh_json_parse(b.data, b.len, &a, &v, &e));
    const mh_jv *sw = mh_json_get(&v, "order_swap");
    assert_non_null(sw);
    assert_int_equal(sw->type, MH_JTRUE);
    const mh_jv *nm = mh_json_get(&v, "name");
    assert_non_null(nm);
    assert_true(nm->u.num.d > 0.99);
    mh_str bd = mh_json_str(mh_json_get(&v, "birth_date"));
    assert_true(mh_str_eq_c(bd, "unknown"));
    mh_str os = mh_json_str(mh_json_get(&v, "original_script"));
    assert_true(mh_str_eq_c(os, "unknown"));
    mh_arena_free(&a);
    mh_buf_free(&b);
}

/* ---- index ---- */

typedef struct ent_builder {
    mh_entity ent;
    mh_prop props[12];
    const char *vals[12][2];
} ent_builder;

/* An entity from "prop", "value" pairs, NULL-terminated. */
static mh_entity *mk(ent_builder *b, const char *id, const char *schema, ...)
{
    memset(b, 0, sizeof *b);
    b->ent.id = id;
    b->ent.schema = schema;
    b->ent.props = b->props;
    va_list ap;
    va_start(ap, schema);
    const char *p;
    while ((p = va_arg(ap, const char *)) && b->ent.nprops < 12) {
        size_t i = b->ent.nprops++;
        b->vals[i][0] = va_arg(ap, const char *);
        b->props[i] = (mh_prop){p, b->vals[i], 1};
    }
    va_end(ap);
    return &b->ent;
}

static const char *const fam[] = {"Petrov", "Ivanov", "Sidorov", "Smirnov", "Popov", "Lebedev", "Kozlov", "Novikov"};
static const char *const giv[] = {"Ivan", "Pavel", "Oleg", "Boris", "Artem", "Denis", "Kirill", "Roman"};

static mh_match_index *build_index(void)
{
    mh_match_index *ix;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_match_index_new(&ix, &e), MH_OK);
    ent_builder b;
    char id[32], name[64];
    bool added;
    /* Background: 64 Russian namesakes x 20, none of them the targets. */
    for (int k = 0; k < 20; k++) {
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                snprintf(id, sizeof id, "bg-%d-%d-%d", k, i, j);
                snprintf(name, sizeof name, "%s %s", giv[j], fam[i]);
                assert_int_equal(mh_match_index_add(ix, mk(&b, id, "Person", "name", name, NULL), &added, &e), MH_OK);
                assert_true(added);
            }
        }
    }
    assert_int_equal(mh_match_index_add(ix, mk(&b, "t-wang", "Person", "name", "王建国", "birthDate", "1968-03-02",
                                               "nationality", "cn", "gender", "male", "passportNumber", "E1234567", NULL),
                                        &added, &e), MH_OK);
    assert_int_equal(mh_match_index_add(ix, mk(&b, "t-wang2", "Person", "name", "Wang Jianguo", "birthDate", "1981",
                                               "nationality", "cn", NULL),
                                        &added, &e), MH_OK);
    assert_int_equal(mh_match_index_add(ix, mk(&b, "t-volkov", "Person", "firstName", "Евгений", "lastName", "Волков",
                                               "alias", "Zhenya Volkov", "country", "ru", NULL),
                                        &added, &e), MH_OK);
    assert_int_equal(mh_match_index_add(ix, mk(&b, "t-fsb", "PublicBody", "name", "Federalnaya Sluzhba Bezopasnosti",
                                               "alias", "FSB", "topics", "gov.security", NULL),
                                        &added, &e), MH_OK);
    /* Not a person or a body: skipped, not an error. */
    assert_int_equal(mh_match_index_add(ix, mk(&b, "x-pay", "Payment", "amount", "10", NULL), &added, &e), MH_OK);
    assert_false(added);
    /* A person without a usable name: skipped. */
    assert_int_equal(mh_match_index_add(ix, mk(&b, "x-noname", "Person", "birthDate", "1970", NULL), &added, &e), MH_OK);
    assert_false(added);
    /* Invalid UTF-8 in a name: an input error naming the entity. */
    assert_int_equal(mh_match_index_add(ix, mk(&b, "x-bad", "Person", "name", "Iv\xc3", NULL), &added, &e), MH_E_INPUT);
    assert_non_null(strstr(e.msg, "x-bad"));
    assert_int_equal(mh_match_index_build(ix, &e), MH_OK);
    assert_int_equal(mh_match_index_count(ix), 20 * 64 + 4);
    return ix;
}

static const mh_match_hit *find_hit(const mh_match_hits *h, const char *id)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->v[i].entity_id, id) == 0) return &h->v[i];
    return NULL;
}

static void test_index_candidates(void **state)
{
    (void)state;
    mh_match_index *ix = build_index();
    mh_match_searcher *s;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_match_searcher_new(ix, &s, &e), MH_OK);
    mh_match_hits h;
    mh_match_opts o = {0};

    assert_int_equal(mh_match_search_name(s, "Jian-guo Wang", NULL, NULL, &o, &h, &e), MH_OK);
    assert_true(h.n >= 2);
    assert_non_null(find_hit(&h, "t-wang"));
    assert_non_null(find_hit(&h, "t-wang2"));
    for (size_t i = 1; i < h.n; i++) assert_true(h.v[i - 1].score >= h.v[i].score);

    /* Cyrillic lastName/firstName found from a Latin spelling, and by nickname alias. */
    assert_int_equal(mh_match_search_name(s, "Evgeniy Volkov", NULL, NULL, &o, &h, &e), MH_OK);
    assert_true(h.n >= 1);
    assert_string_equal(h.v[0].entity_id, "t-volkov");
    assert_true(h.v[0].features.family > 0.5); /* lastName marked the family name */

    assert_int_equal(mh_match_search_name(s, "ФСБ", NULL, NULL, &o, &h, &e), MH_OK);
    assert_true(h.n >= 1);
    assert_string_equal(h.v[0].entity_id, "t-fsb");
    assert_string_equal(h.v[0].schema, "PublicBody");

    /* A background name comes back as itself among its namesakes; limit is honoured. */
    o.limit = 5;
    assert_int_equal(mh_match_search_name(s, "Pavel Lebedev", NULL, NULL, &o, &h, &e), MH_OK);
    assert_int_equal(h.n, 5);
    assert_true(h.v[0].score > 0.99);
    assert_non_null(strstr(h.v[0].entity_id, "bg-"));
    o.limit = 0;

    /* Nobody of that name. */
    assert_int_equal(mh_match_search_name(s, "Hiroshi Tanaka", NULL, NULL, &o, &h, &e), MH_OK);
    assert_int_equal(h.n, 0);
    /* Invalid UTF-8 in a query is an input error, not a crash. */
    assert_int_equal(mh_match_search_name(s, "\xc0\x80", NULL, NULL, &o, &h, &e), MH_E_INPUT);

    mh_match_searcher_free(s);
    mh_match_index_free(ix);
}

/* The part-level distance of src/match/match_int.h, declared here to hold its early
 * exit to the exact table. */
double mm_edit_cost(const char *a, int la, const char *b, int lb);
double mm_token_sim(const char *a, int la, const char *b, int lb);
double mm_token_sim_min(const char *a, int la, const char *b, int lb, double floor);

static unsigned rnd(unsigned *r);

/* The edit distance stops as soon as no later row can come back under budget. Stopping
 * must never change a similarity: on many pairs of made-up parts (built from spellings
 * the rules rewrite: sh, shch, tsch, ph, kh, ou, ...), the budgeted similarity equals the
 * one computed from the exact cost. */
static void test_distance_early_exit_exact(void **state)
{
    (void)state;
    static const char *const bits[] = {"sh", "shch", "tsch", "ph", "kh", "ou", "a", "e", "i", "o", "k", "v", "l", "n",
                                       "zh", "ts", "y", "ie", "ck", "x"};
    unsigned r = 777;
    int nonzero = 0, at_floor = 0;
    for (int t = 0; t < 20000; t++) {
        char a[40] = "", b[40] = "";
        int na = 1 + (int)(rnd(&r) % 5), nb = 1 + (int)(rnd(&r) % 5);
        for (int i = 0; i < na; i++) strcat(a, bits[rnd(&r) % 20]);
        if (t % 2) { /* half the time b is a near copy of a, so similar pairs are common */
            strcpy(b, a);
            size_t lb = strlen(b);
            if (lb > 2) b[rnd(&r) % lb] = "aeiokvlnsh"[rnd(&r) % 10];
        } else {
            for (int i = 0; i < nb; i++) strcat(b, bits[rnd(&r) % 20]);
        }
        int la = (int)strlen(a), lb = (int)strlen(b), L = la > lb ? la : lb;
        double got = mm_token_sim(a, la, b, lb), got_half = mm_token_sim_min(a, la, b, lb, 0.5);
        /* the full table's cost, in whole twentieths (every edit is a multiple of 0.05) */
        long n = lround(mm_edit_cost(a, la, b, lb) * 20.0), budget = 5L * L > 12 ? 5L * L : 12;
        double want = 1.0 - (double)n / (8.0 * L);
        int mn = la < lb ? la : lb;
        if (la == lb && memcmp(a, b, (size_t)la) == 0) want = 1.0;
        else if ((mn * 2 < L && L - mn > 2) || n > budget || want < 0) want = 0.0;
        if (got != want) fprintf(stderr, "%s ~ %s: %.6f, exact %.6f\n", a, b, got, want);
        assert_true(got == want);
        /* with a floor, the table stops sooner but what is at or over the floor is the same */
        assert_true(got_half == (want >= 0.5 ? want : 0.0));
        nonzero += got > 0;
        at_floor += want == 0.5;
    }
    assert_true(nonzero > 2000); /* the pairs did come within budget often */
    assert_true(at_floor > 20);  /* and some sat exactly on the floor */
}

/* A spelling rule costs what it says wherever it stands in a part and whichever side
 * writes which form: the sides of two letters are found by letter pair and those of
 * three and four (sch, shch, dzh, tsch, tch) by a separate look, and a slip in either
 * would price Schmidt ~ Shmidt as a dropped letter (1.0) instead of 0.2. */
static void test_rule_sides_found(void **state)
{
    (void)state;
    static const struct {
        const char *l, *r;
        double cost;
    } rule[] = {{"sch", "sh", 0.2}, {"shch", "sch", 0.2}, {"dzh", "j", 0.2}, {"tsch", "ch", 0.2},
                {"tch", "ch", 0.2}, {"ph", "f", 0.1},     {"kh", "h", 0.2},  {"zh", "j", 0.2},
                {"ks", "x", 0.1}};
    static const char *const around[][2] = {{"", "ova"}, {"mar", "ov"}, {"iva", ""}};
    for (size_t k = 0; k < sizeof rule / sizeof rule[0]; k++)
        for (size_t p = 0; p < 3; p++) {
            char a[32], b[32];
            snprintf(a, sizeof a, "%s%s%s", around[p][0], rule[k].l, around[p][1]);
            snprintf(b, sizeof b, "%s%s%s", around[p][0], rule[k].r, around[p][1]);
            double ab = mm_edit_cost(a, (int)strlen(a), b, (int)strlen(b));
            double ba = mm_edit_cost(b, (int)strlen(b), a, (int)strlen(a));
            if (ab > rule[k].cost + 1e-9 || ba > rule[k].cost + 1e-9)
                fprintf(stderr, "%s ~ %s: %.2f / %.2f, rule %.2f\n", a, b, ab, ba, rule[k].cost);
            assert_true(ab <= rule[k].cost + 1e-9 && ba <= rule[k].cost + 1e-9);
        }
}

/* Dropping a letter costs what distance.c's profile says: a doubled letter 0.15, h 0.3,
 * y 0.5, a vowel 0.7 but a final one (Orlov/Orlova) the full 1.0 like a consonant. */
static void test_drop_prices(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        double cost;
    } drop[] = {{"anna", "ana", 0.15},   {"orlova", "orlov", 1.0},  {"orlova", "orlva", 0.7},
                {"johnson", "jonson", 0.3}, {"tanya", "tana", 0.5}, {"marks", "mars", 1.0}};
    for (size_t k = 0; k < sizeof drop / sizeof drop[0]; k++) {
        const char *a = drop[k].a, *b = drop[k].b;
        double ab = mm_edit_cost(a, (int)strlen(a), b, (int)strlen(b));
        double ba = mm_edit_cost(b, (int)strlen(b), a, (int)strlen(a));
        if (fabs(ab - drop[k].cost) > 1e-9 || fabs(ba - drop[k].cost) > 1e-9)
            fprintf(stderr, "%s ~ %s: %.2f / %.2f, want %.2f\n", a, b, ab, ba, drop[k].cost);
        assert_true(fabs(ab - drop[k].cost) < 1e-9 && fabs(ba - drop[k].cost) < 1e-9);
    }
}

/* A query part against eight candidate parts side by side (mm_token_sim_batch) must give
 * exactly what each pair gives alone: on made-up parts from the spellings the rules
 * rewrite, near copies and unrelated ones, parts up to the 48-letter limit, digits, with
 * and without a floor. */
void mm_token_sim_batch(const char *a, int la, const char *const *b, const uint8_t *lb, int n, double floor,
                        bool again, double *out);
int mm_sim_batch_width(void);
int mm_sim_batch_force_width(int width);
static void sim_batch_exact(void);
static void test_sim_batch_exact(void **state)
{
    (void)state;
    /* both widths this processor has: eight lanes always, sixteen with AVX2 */
    int was = mm_sim_batch_force_width(8);
    assert_int_equal(mm_sim_batch_width(), 8);
    sim_batch_exact();
    mm_sim_batch_force_width(16);
    if (mm_sim_batch_width() == 16) sim_batch_exact();
    else fprintf(stderr, "test_sim_batch_exact: no sixteen-lane path on this processor\n");
    mm_sim_batch_force_width(was);
}

static void sim_batch_exact(void)
{
    int width = mm_sim_batch_width();
    static const char *const bits[] = {"sh", "shch", "tsch", "ph", "kh", "ou", "a", "e", "i", "o", "k", "v", "l", "n",
                                       "zh", "ts", "y", "ie", "ck", "x", "yu", "iu", "dzh", "7", "mm", "qu"};
    enum { NBITS = 26 };
    unsigned r = 4711;
    int nonzero = 0, at_floor = 0, pairs = 0, n = 0;
    char bs[16][64];
    const char *b[16];
    uint8_t lb[16];
    for (int t = 0; t < 6000; t++) {
        char a[64] = "";
        int na = 1 + (int)(rnd(&r) % (t % 40 == 0 ? 24 : 5));
        for (int i = 0; i < na; i++) strcat(a, bits[rnd(&r) % NBITS]);
        int la = (int)strlen(a) > 48 ? 48 : (int)strlen(a);
        /* every other time, another part against the same ones as last time, promised
         * as such (AGAIN): their side of the tables is used again */
        bool again = t % 2 == 1;
        if (!again) n = 1 + (int)(rnd(&r) % (unsigned)width);
        for (int k = 0; k < n && !again; k++) {
            bs[k][0] = 0;
            if (rnd(&r) % 2) {
                memcpy(bs[k], a, (size_t)la);
                bs[k][la] = 0;
                if (la > 2 && rnd(&r) % 2) bs[k][rnd(&r) % (unsigned)la] = "aeiokvlnsh"[rnd(&r) % 10];
                else if (la > 2) { /* a typing slip: two letters swapped */
                    unsigned p = rnd(&r) % (unsigned)(la - 1);
                    char x = bs[k][p];
                    bs[k][p] = bs[k][p + 1];
                    bs[k][p + 1] = x;
                }
            } else {
                int nb = 1 + (int)(rnd(&r) % (t % 40 == 0 ? 24 : 5));
                for (int i = 0; i < nb; i++) strcat(bs[k], bits[rnd(&r) % NBITS]);
            }
            b[k] = bs[k];
            lb[k] = (uint8_t)(strlen(bs[k]) > 48 ? 48 : strlen(bs[k]));
        }
        double floor = (double[]){0.0, 0.5, 0.7}[t % 3], got[16];
        mm_token_sim_batch(a, la, b, lb, n, floor, again, got);
        for (int k = 0; k < n; k++) {
            double want = mm_token_sim_min(a, la, b[k], lb[k], floor);
            if (got[k] != want) fprintf(stderr, "%.*s ~ %.*s (floor %.1f): batch %.6f, alone %.6f\n", la, a, lb[k], b[k], floor, got[k], want);
            assert_true(got[k] == want);
            nonzero += want > 0 && want < 1;
            at_floor += floor > 0 && want == floor;
            pairs++;
        }
    }
    assert_true(pairs > 20000);
    assert_true(nonzero > 2000); /* near pairs, not only equal or hopeless ones */
    assert_true(at_floor > 10);  /* and some exactly on the floor */
}

static unsigned rnd(unsigned *r)
{
    *r = *r * 1103515245u + 12345u;
    return (*r >> 16) & 0x7fff;
}


size_t mm_index_drop_bitmaps(mh_match_index *ix);

/* Hits come best first, and namesakes that score the same in the order of their ids,
 * whatever order they were listed in. */
static void test_hits_in_order(void **state)
{
    (void)state;
    static const char *const list[][2] = {
        {"p3", "Ivan Petrov"}, {"q1", "Iwan Petrow"},  {"p1", "Ivan Petrov"}, {"q2", "Ivan Petrova"},
        {"p2", "Ivan Petrov"}, {"q3", "Ivana Petrova"}, {"q0", "Ivan Petrof"}};
    mh_match_index *ix;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_match_index_new(&ix, &e), MH_OK);
    ent_builder b;
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        assert_int_equal(mh_match_index_add(ix, mk(&b, list[i][0], "Person", "name", list[i][1], NULL), NULL, &e), MH_OK);
    assert_int_equal(mh_match_index_build(ix, &e), MH_OK);
    mh_match_searcher *s;
    assert_int_equal(mh_match_searcher_new(ix, &s, &e), MH_OK);
    mh_match_opts o = {.threshold = 0.3, .limit = 10};
    mh_match_hits h;
    assert_int_equal(mh_match_search_name(s, "Ivan Petrov", NULL, NULL, &o, &h, &e), MH_OK);
    assert_true(h.n >= 5);
    assert_string_equal(h.v[0].entity_id, "p1");
    assert_string_equal(h.v[1].entity_id, "p2");
    assert_string_equal(h.v[2].entity_id, "p3");
    for (size_t i = 1; i < h.n; i++) {
        assert_true(h.v[i - 1].score >= h.v[i].score);
        if (h.v[i - 1].score == h.v[i].score) assert_true(strcmp(h.v[i - 1].entity_id, h.v[i].entity_id) < 0);
    }
    assert_true(h.v[h.n - 1].score < h.v[0].score); /* the order was not all ties */
    mh_match_searcher_free(s);
    mh_match_index_free(ix);
}

/* A search takes shortcuts a single comparison does not: frequent keys are asked of each
 * candidate in a bitmap instead of walked, and part and joined-part similarities are
 * remembered across candidates. None may change a result: on a list where a few family
 * names are on thousands of entries (so they get bitmaps) and given names come split and
 * joined ("mi len" ~ "milen"), and birth years on most entries and half the queries,
 * every query's hits are the same with the bitmaps dropped, and every hit of a query
 * without a year scores what `match --compare` gives the two names. */
static void test_search_shortcuts_exact(void **state)
{
    (void)state;
    static const char *const common[] = {"Wang", "Ivanov", "Kowalski"};
    static const char *const syl[] = {"ka", "ro", "mi", "len", "do", "vas", "ti", "ne", "bor", "sa"};
    enum { NSYL = 10, NENT = 7000, NQUERY = 300 };
    mh_match_index *ix[2];
    mh_err e;
    mh_err_clear(&e);
    char name[96], id[32];
    for (int k = 0; k < 2; k++) {
        assert_int_equal(mh_match_index_new(&ix[k], &e), MH_OK);
        unsigned r = 777;
        ent_builder b;
        bool added;
        for (int n = 0; n < NENT; n++) {
            const char *s1 = syl[rnd(&r) % NSYL], *s2 = syl[rnd(&r) % NSYL], *s3 = syl[rnd(&r) % NSYL];
            const char *f = common[rnd(&r) % 3];
            char rare[24];
            if (rnd(&r) % 4 == 0) {
                snprintf(rare, sizeof rare, "%s%s%s", syl[rnd(&r) % NSYL], syl[rnd(&r) % NSYL], syl[rnd(&r) % NSYL]);
                f = rare;
            }
            snprintf(name, sizeof name, rnd(&r) % 2 ? "%s%s %s %s" : "%s %s%s %s", s1, s2, s3, f);
            snprintf(id, sizeof id, "e%d", n);
            char year[8];
            snprintf(year, sizeof year, "%d", 1950 + (int)(rnd(&r) % 6));
            if (n % 3)
                assert_int_equal(mh_match_index_add(ix[k], mk(&b, id, "Person", "name", name, "birthDate", year, NULL),
                                                    &added, &e), MH_OK);
            else assert_int_equal(mh_match_index_add(ix[k], mk(&b, id, "Person", "name", name, NULL), &added, &e), MH_OK);
        }
        assert_int_equal(mh_match_index_build(ix[k], &e), MH_OK);
    }
    assert_true(mm_index_drop_bitmaps(ix[1]) >= 3); /* the common family names at least */
    mh_match_searcher *s[2];
    for (int k = 0; k < 2; k++) assert_int_equal(mh_match_searcher_new(ix[k], &s[k], &e), MH_OK);
    mh_match_opts o = {.threshold = 0.3, .limit = 50};
    mh_match_hit keep[50];
    unsigned r = 4242;
    size_t hits = 0, merged = 0;
    for (int q = 0; q < NQUERY; q++) {
        const char *s1 = syl[rnd(&r) % NSYL], *s2 = syl[rnd(&r) % NSYL], *s3 = syl[rnd(&r) % NSYL];
        const char *f = common[rnd(&r) % 3];
        switch (q % 3) {
        case 0: snprintf(name, sizeof name, "%s%s%s %s", s1, s2, s3, f); break;
        case 1: snprintf(name, sizeof name, "%s %s %s %s", s1, s2, s3, f); break;
        default: snprintf(name, sizeof name, "%s %s%s", f, s1, s2); break;
        }
        /* every other query with a birth year: it lifts or lowers a candidate's weight
         * before any is scored (the bitmaps' filter must allow for the lift) */
        char year[8];
        snprintf(year, sizeof year, "%d", 1950 + (int)(rnd(&r) % 6));
        const char *by = q % 2 ? year : NULL;
        mh_match_hits h[2];
        assert_int_equal(mh_match_search_name(s[0], name, NULL, by, &o, &h[0], &e), MH_OK);
        memcpy(keep, h[0].v, h[0].n * sizeof *keep);
        size_t n0 = h[0].n;
        assert_int_equal(mh_match_search_name(s[1], name, NULL, by, &o, &h[1], &e), MH_OK);
        assert_int_equal(h[1].n, n0);
        for (size_t i = 0; i < n0; i++) {
            assert_string_equal(h[1].v[i].entity_id, keep[i].entity_id);
            assert_true(h[1].v[i].score == keep[i].score);
            if (by) continue; /* the year moved the score: no longer the names' alone */
            mh_match_features f2;
            double alone;
            assert_int_equal(mh_match_compare(norm, name, keep[i].name, &alone, &f2, &e), MH_OK);
            assert_true(fabs(alone - keep[i].score) < 1e-6);
            merged += keep[i].features.merged;
        }
        hits += n0;
    }
    assert_true(hits > (size_t)NQUERY * 5);
    assert_true(merged > (size_t)NQUERY); /* joined parts were scored, and from the cache */
    for (int k = 0; k < 2; k++) {
        mh_match_searcher_free(s[k]);
        mh_match_index_free(ix[k]);
    }
}

/* The candidate search drops candidates that can no longer be among the few scored in
 * full. That must never change a result: on a crowded list (names from a few syllables,
 * so every part is shared by many entries; birth years; bodies beside people) every
 * query gives exactly the hits an exhaustive search gives. */
static void test_pruning_changes_nothing(void **state)
{
    (void)state;
    static const char *const syl[] = {"ka", "ro", "mi", "len", "do", "vas", "ti", "ne", "bor", "sa", "ku", "le"};
    enum { NSYL = 12, NENT = 6000, NQUERY = 400 };
    mh_match_index *ix;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_match_index_new(&ix, &e), MH_OK);
    ent_builder b;
    char id[32], name[96], year[8];
    bool added;
    unsigned r = 12345;
    for (int n = 0; n < NENT; n++) {
        char g[16], f[24];
        snprintf(g, sizeof g, "%s%s", syl[rnd(&r) % NSYL], syl[rnd(&r) % NSYL]);
        snprintf(f, sizeof f, "%s%s%s", syl[rnd(&r) % NSYL], syl[rnd(&r) % NSYL], syl[rnd(&r) % NSYL]);
        snprintf(id, sizeof id, "e%d", n);
        snprintf(name, sizeof name, "%s %s", g, f);
        snprintf(year, sizeof year, "%d", 1950 + (int)(rnd(&r) % 8));
        if (n % 10 == 0)
            assert_int_equal(mh_match_index_add(ix, mk(&b, id, "Company", "name", name, NULL), &added, &e), MH_OK);
        else if (n % 3 == 0)
            assert_int_equal(mh_match_index_add(ix, mk(&b, id, "Person", "name", name, NULL), &added, &e), MH_OK);
        else
            assert_int_equal(mh_match_index_add(ix, mk(&b, id, "Person", "name", name, "birthDate", year, NULL), &added,
                                                &e), MH_OK);
    }
    assert_int_equal(mh_match_index_build(ix, &e), MH_OK);
    mh_match_searcher *s;
    assert_int_equal(mh_match_searcher_new(ix, &s, &e), MH_OK);
    mh_match_opts fast = {.threshold = 0.3, .limit = 50}, full = fast;
    full.exhaustive = true;
    mh_match_hit keep[50];
    size_t compared = 0;
    for (int q = 0; q < NQUERY; q++) {
        char g[16], f[24];
        snprintf(g, sizeof g, "%s%s", syl[rnd(&r) % NSYL], syl[rnd(&r) % NSYL]);
        snprintf(f, sizeof f, "%s%s%s", syl[rnd(&r) % NSYL], syl[rnd(&r) % NSYL], syl[rnd(&r) % NSYL]);
        snprintf(name, sizeof name, q % 2 ? "%s %s" : "%2$s %1$s", g, f);
        snprintf(year, sizeof year, "%d", 1950 + (int)(rnd(&r) % 8));
        const char *by = q % 3 ? year : NULL;
        mh_match_hits h1, h2;
        if (q % 5 == 0) {
            /* an entity query: only people may come back */
            snprintf(id, sizeof id, "q%d", q);
            mh_entity *qe = mk(&b, id, "Person", "name", name, "birthDate", year, NULL);
            assert_int_equal(mh_match_search_entity(s, qe, &full, &h1, &e), MH_OK);
            memcpy(keep, h1.v, h1.n * sizeof *keep);
            size_t n1 = h1.n;
            assert_int_equal(mh_match_search_entity(s, qe, &fast, &h2, &e), MH_OK);
            assert_int_equal(h2.n, n1);
            for (size_t i = 0; i < n1; i++) {
                assert_string_equal(h2.v[i].entity_id, keep[i].entity_id);
                assert_string_equal(h2.v[i].schema, "Person");
            }
        } else {
            assert_int_equal(mh_match_search_name(s, name, NULL, by, &full, &h1, &e), MH_OK);
            memcpy(keep, h1.v, h1.n * sizeof *keep);
            size_t n1 = h1.n;
            assert_int_equal(mh_match_search_name(s, name, NULL, by, &fast, &h2, &e), MH_OK);
            assert_int_equal(h2.n, n1);
            for (size_t i = 0; i < n1; i++) {
                assert_string_equal(h2.v[i].entity_id, keep[i].entity_id);
                assert_true(h2.v[i].score == keep[i].score);
            }
        }
        compared += h2.n;
    }
    assert_true(compared > NQUERY); /* the queries did find things to compare */
    mh_match_searcher_free(s);
    mh_match_index_free(ix);
}

static void test_qualifiers(void **state)
{
    (void)state;
    mh_match_index *ix = build_index();
    mh_match_searcher *s;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_match_searcher_new(ix, &s, &e), MH_OK);
    mh_match_hits h;
    mh_match_opts o = {.threshold = 0.01};
    const mh_match_hit *x;

    assert_int_equal(mh_match_search_name(s, "Wang Jianguo", NULL, NULL, &o, &h, &e), MH_OK);
    x = find_hit(&h, "t-wang");
    assert_non_null(x);
    double plain = x->score;
    assert_int_equal(x->features.birth_date, MH_MATCH_Q_UNKNOWN);

    assert_int_equal(mh_match_search_name(s, "Wang Jianguo", "cn", "1968-03-02", &o, &h, &e), MH_OK);
    x = find_hit(&h, "t-wang");
    assert_non_null(x);
    assert_int_equal(x->features.birth_date, MH_MATCH_Q_MATCH);
    assert_int_equal(x->features.country, MH_MATCH_Q_MATCH);
    assert_true(x->features.adjust > 0);
    double agreed = x->score;

    assert_int_equal(mh_match_search_name(s, "Wang Jianguo", "tw", "1990-01-01", &o, &h, &e), MH_OK);
    x = find_hit(&h, "t-wang");
    assert_non_null(x);
    assert_int_equal(x->features.birth_date, MH_MATCH_Q_MISMATCH);
    assert_int_equal(x->features.country, MH_MATCH_Q_MISMATCH);
    double disagreed = x->score;
    assert_true(disagreed < plain);
    assert_true(plain <= agreed);
    assert_true(disagreed < MH_MATCH_FLAG);

    /* Off by a year: near, a small cut. */
    assert_int_equal(mh_match_search_name(s, "Wang Jianguo", NULL, "1969", &o, &h, &e), MH_OK);
    x = find_hit(&h, "t-wang");
    assert_non_null(x);
    assert_int_equal(x->features.birth_date, MH_MATCH_Q_NEAR);
    assert_true(x->score < plain && x->score > disagreed);

    /* Entity queries: identifiers and gender count, and a body never matches a person. */
    ent_builder b;
    assert_int_equal(mh_match_search_entity(s, mk(&b, "q1", "Person", "name", "Wang Jian Guo", "passportNumber",
                                                  "e-1234567", "gender", "male", NULL),
                                            &o, &h, &e), MH_OK);
    x = find_hit(&h, "t-wang");
    assert_non_null(x);
    assert_int_equal(x->features.identifier, MH_MATCH_Q_MATCH);
    assert_int_equal(x->features.gender, MH_MATCH_Q_MATCH);
    assert_int_equal(x->features.schema, MH_MATCH_Q_MATCH);
    assert_int_equal(mh_match_search_entity(s, mk(&b, "q2", "Person", "name", "王建国", "gender", "female", NULL), &o, &h, &e),
                     MH_OK);
    x = find_hit(&h, "t-wang");
    assert_true(x == NULL || x->features.gender == MH_MATCH_Q_MISMATCH);
    assert_int_equal(mh_match_search_entity(s, mk(&b, "q3", "Company", "name", "Wang Jianguo", NULL), &o, &h, &e), MH_OK);
    assert_null(find_hit(&h, "t-wang"));
    assert_int_equal(mh_match_search_entity(s, mk(&b, "q4", "Organization", "name", "FSB", NULL), &o, &h, &e), MH_OK);
    assert_non_null(find_hit(&h, "t-fsb"));

    mh_match_searcher_free(s);
    mh_match_index_free(ix);
}

static void test_empty_index(void **state)
{
    (void)state;
    mh_match_index *ix;
    mh_match_searcher *s;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_match_index_new(&ix, &e), MH_OK);
    assert_int_equal(mh_match_searcher_new(ix, &s, &e), MH_E_USAGE); /* not built yet */
    assert_int_equal(mh_match_index_build(ix, &e), MH_OK);
    assert_int_equal(mh_match_searcher_new(ix, &s, &e), MH_OK);
    mh_match_hits h;
    assert_int_equal(mh_match_search_name(s, "Anyone", NULL, NULL, NULL, &h, &e), MH_OK);
    assert_int_equal(h.n, 0);
    ent_builder b;
    assert_int_equal(mh_match_index_add(ix, mk(&b, "late", "Person", "name", "Late Comer", NULL), NULL, &e), MH_E_USAGE);
    mh_match_searcher_free(s);
    mh_match_index_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise_latin),
        cmocka_unit_test(test_normalise_rejects_bad_utf8),
        cmocka_unit_test(test_translit_scripts),
        cmocka_unit_test(test_han_keeps_characters),
        cmocka_unit_test(test_phonetic),
        cmocka_unit_test(test_scorer_features),
        cmocka_unit_test(test_family_weight),
        cmocka_unit_test(test_features_json),
        cmocka_unit_test(test_index_candidates),
        cmocka_unit_test(test_distance_early_exit_exact),
        cmocka_unit_test(test_rule_sides_found),
        cmocka_unit_test(test_drop_prices),
        cmocka_unit_test(test_sim_batch_exact),
        cmocka_unit_test(test_pruning_changes_nothing),
        cmocka_unit_test(test_search_shortcuts_exact),
        cmocka_unit_test(test_hits_in_order),
        cmocka_unit_test(test_qualifiers),
        cmocka_unit_test(test_empty_index),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
