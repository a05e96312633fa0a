/* Unit tests for the privacy module: pseudonyms are stable under a key and change with it,
 * and the name scrubber takes people's names out of free text without eating ordinary
 * words. The scrubber's cases are a table: text in, text out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "molehunt/mh_privacy.h"

static void test_pseudonyms_keyed(void **state)
{
    (void)state;
    char dir[] = "/tmp/mh_privacy_XXXXXX", db[64], a1[MH_PSEUDONYM_LEN], a2[MH_PSEUDONYM_LEN], b[MH_PSEUDONYM_LEN];
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/t.db", dir);
    unsetenv("MOLEHUNT_KEY");
    mh_privacy *p;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_privacy_open(db, &p, &e), MH_OK);
    mh_privacy_pseudonym(p, "p-claiborne", a1);
    mh_privacy_pseudonym(p, "p-claiborne", a2);
    mh_privacy_pseudonym(p, "p-son", b);
    assert_string_equal(a1, a2);
    assert_string_not_equal(a1, b);
    assert_true(strncmp(a1, "P-", 2) == 0);
    assert_int_equal(mh_privacy_rotate(p, &e), MH_OK);
    mh_privacy_pseudonym(p, "p-claiborne", a2);
    assert_string_not_equal(a1, a2); /* a new key, new pseudonyms */
    char keyfile[96];
    snprintf(keyfile, sizeof keyfile, "%s", mh_privacy_key_path(p));
    mh_privacy_close(p);
    unlink(keyfile);
    rmdir(dir);
}

static mh_privacy_names *people(void)
{
    mh_privacy_names *n;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_privacy_names_new(&n, &e), MH_OK);
    const char *name[] = {"Candace Marie Claiborne"}, *first[] = {"Candace"}, *last[] = {"Claiborne"},
               *email[] = {"ccmarie@state.example"}, *user[] = {"claibornecm"};
    mh_prop props[] = {{"name", name, 1}, {"firstName", first, 1}, {"lastName", last, 1}, {"email", email, 1},
                       {"username", user, 1}};
    mh_entity cc = {"p-claiborne", "Person", props, MH_ARRAY_LEN(props)};
    assert_int_equal(mh_privacy_names_add_person(n, &cc, "P-AAAA", &e), MH_OK);
    const char *mname[] = {"May Wood"}, *mfirst[] = {"May"}, *mlast[] = {"Wood"};
    mh_prop mprops[] = {{"name", mname, 1}, {"firstName", mfirst, 1}, {"lastName", mlast, 1}};
    mh_entity may = {"p-may", "Person", mprops, MH_ARRAY_LEN(mprops)};
    assert_int_equal(mh_privacy_names_add_person(n, &may, "P-BBBB", &e), MH_OK);
    /* a second person with the same first name: that name alone no longer says who */
    const char *cfirst[] = {"Candace"}, *clast[] = {"Okafor"};
    mh_prop cprops[] = {{"firstName", cfirst, 1}, {"lastName", clast, 1}};
    mh_entity other = {"p-okafor", "Person", cprops, MH_ARRAY_LEN(cprops)};
    assert_int_equal(mh_privacy_names_add_person(n, &other, "P-CCCC", &e), MH_OK);
    /* initials and empty names are not names to look for */
    assert_int_equal(mh_privacy_names_add(n, "J.", "P-DDDD", true, &e), MH_OK);
    assert_int_equal(mh_privacy_names_add(n, "", "P-DDDD", false, &e), MH_OK);
    return n;
}

static void test_names_scrubbed(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"met Candace Marie Claiborne at noon", "met P-AAAA at noon"},
        {"CANDACE CLAIBORNE asked for it", "P-AAAA asked for it"},        /* full names: any case */
        {"Candace  Claiborne's son", "P-AAAA's son"},                      /* first + last, two spaces */
        {"mail to ccmarie@state.example today", "mail to P-AAAA today"},   /* an address */
        {"logon by claibornecm", "logon by P-AAAA"},                      /* an account name */
        {"Claiborne wired $2,480", "P-AAAA wired $2,480"},                 /* a family name alone */
        {"claiborne wired", "claiborne wired"},                            /* ... only when capitalised */
        {"Candace called", "(name) called"},                               /* two Candaces: not who */
        {"she may call May Wood", "she may call P-BBBB"},                  /* "may" is a word */
        {"May called", "P-BBBB called"},
        {"Claiborne,\nCandace", "P-AAAA,\n(name)"},                        /* a name does not run over lines */
        {"Woodworth and Claibornes", "Woodworth and Claibornes"},          /* whole words only */
        {"J. Smith", "J. Smith"},
        {"", ""},
        {"Кандейс Клейборн", "Кандейс Клейборн"},                          /* not a stored name */
    };
    mh_privacy_names *n = people();
    assert_int_equal(mh_privacy_names_count(n), 11);
    for (size_t i = 0; i < MH_ARRAY_LEN(cases); i++) {
        mh_buf b;
        mh_buf_init(&b, 0);
        assert_true(mh_privacy_names_scrub(n, cases[i].in, strlen(cases[i].in), &b));
        if (strcmp(b.data, cases[i].out) != 0) fprintf(stderr, "scrub(\"%s\") = \"%s\", want \"%s\"\n", cases[i].in, b.data, cases[i].out);
        assert_string_equal(b.data, cases[i].out);
        mh_buf_free(&b);
    }
    /* A name in another script is found as written. */
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_privacy_names_add(n, "Клейборн", "P-AAAA", true, &e), MH_OK);
    mh_buf b;
    mh_buf_init(&b, 0);
    assert_true(mh_privacy_names_scrub(n, "от Клейборн", strlen("от Клейборн"), &b));
    assert_string_equal(b.data, "от P-AAAA");
    mh_buf_free(&b);
    /* Accents and case, in any script: a name held one way is found written another. */
    assert_int_equal(mh_privacy_names_add(n, "José Müller-García", "P-EEEE", false, &e), MH_OK);
    assert_int_equal(mh_privacy_names_add(n, "Иванов", "P-FFFF", true, &e), MH_OK);
    assert_int_equal(mh_privacy_names_add(n, "Weißmann", "P-GGGG", true, &e), MH_OK);
    assert_int_equal(mh_privacy_names_add(n, "王建国", "P-HHHH", false, &e), MH_OK);
    assert_int_equal(mh_privacy_names_add(n, "Евгений Петров", "P-IIII", false, &e), MH_OK);
    static const struct {
        const char *in, *out;
    } folded[] = {
        {"JOSÉ MÜLLER-GARCÍA called", "P-EEEE called"},
        {"per Jose Muller Garcia", "per P-EEEE"},                         /* accents dropped */
        {"per Jose\xcc\x81 Mu\xcc\x88ller Garci\xcc\x81" "a", "per P-EEEE"}, /* decomposed accents */
        {"ИВАНОВ звонил", "P-FFFF звонил"},                               /* Cyrillic capitals */
        {"иванов звонил", "иванов звонил"},                               /* a lone part: only capitalised */
        {"Herr WEISSMANN", "Herr P-GGGG"},                                /* ß folds to ss */
        {"bad \xff\xfe bytes, Claiborne", "bad \xff\xfe bytes, P-AAAA"},   /* kept, and the rest still read */
        {"Ivanov called", "P-FFFF called"},                                /* romanised, as English text writes it */
        {"ivanov", "ivanov"},                                              /* ... a lone part still capitalised */
        {"met Wang Jianguo and 王建国", "met P-HHHH and P-HHHH"},          /* Han: family name, given name joined */
        {"YEVGENIY PETROV wrote", "P-IIII wrote"},                         /* BGN/PCGN, as lists spell it */
    };
    for (size_t i = 0; i < MH_ARRAY_LEN(folded); i++) {
        mh_buf_init(&b, 0);
        assert_true(mh_privacy_names_scrub(n, folded[i].in, strlen(folded[i].in), &b));
        if (strcmp(b.data, folded[i].out) != 0)
            fprintf(stderr, "scrub(\"%s\") = \"%s\", want \"%s\"\n", folded[i].in, b.data, folded[i].out);
        assert_string_equal(b.data, folded[i].out);
        mh_buf_free(&b);
    }
    /* No scrubber: the text as it is. */
    mh_buf_init(&b, 0);
    assert_true(mh_privacy_names_scrub(NULL, "Candace", 7, &b));
    assert_string_equal(b.data, "Candace");
    mh_buf_free(&b);
    mh_privacy_names_free(n);
}

/* Many people: the table grows and every one is still found. */
static void test_names_many(void **state)
{
    (void)state;
    mh_privacy_names *n;
    mh_err e;
    mh_err_clear(&e);
    assert_int_equal(mh_privacy_names_new(&n, &e), MH_OK);
    char name[64], label[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(name, sizeof name, "Given%d Family%d", i, i);
        snprintf(label, sizeof label, "P-%d", i);
        assert_int_equal(mh_privacy_names_add(n, name, label, false, &e), MH_OK);
    }
    assert_int_equal(mh_privacy_names_count(n), 20000);
    for (int i = 0; i < 20000; i += 997) {
        char text[128], want[64];
        snprintf(text, sizeof text, "from Given%d Family%d.", i, i);
        snprintf(want, sizeof want, "from P-%d.", i);
        mh_buf b;
        mh_buf_init(&b, 0);
        assert_true(mh_privacy_names_scrub(n, text, strlen(text), &b));
        assert_string_equal(b.data, want);
        mh_buf_free(&b);
    }
    mh_privacy_names_free(n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pseudonyms_keyed),
        cmocka_unit_test(test_names_scrubbed),
        cmocka_unit_test(test_names_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
