/* test_hms_lang.c -- unit tests for the Hive Metastore front's pure-C parts: lang/partname.c
** (Hive's FileUtils.escapePathName cases, names split and joined) and lang/hivefilter.c (LIKE's
** regular expressions as SQL LIKE patterns, refusals with their exact wording). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <stdlib.h>
#include <string.h>

#include "lang/hivefilter.h"
#include "lang/partname.h"

/* FileUtils.escapePathName on Unix: what it escapes, what it leaves. */
static void test_escape_as_hive(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"", PARTNAME_DEFAULT},
        {"2024-01-01", "2024-01-01"},
        {"a/b", "a%2Fb"},
        {"k=v", "k%3Dv"},
        {"10:00:00", "10%3A00%3A00"},
        {"100%", "100%25"},
        {"#1", "%231"},
        {"it's", "it%27s"},
        {"say \"x\"", "say %22x%22"},
        {"a*b?c", "a%2Ab%3Fc"},
        {"c:\\dir", "c%3A%5Cdir"},
        {"{[x]}^", "%7B%5Bx%5D}%5E"}, /* '}' is not in Hive's list */
        {"\x01\x1f\x7f", "%01%1F%7F"},
        {"tab\there", "tab%09here"},
        {"a b<c>d|e~f&g", "a b<c>d|e~f&g"},
        {"caf\xc3\xa9", "caf\xc3\xa9"}, /* bytes from 0x80 as they are */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sbuf b = {0};
        partname_escape(&b, cases[i].in, strlen(cases[i].in));
        sbuf_add(&b, "", 1);
        if (strcmp(b.p, cases[i].want) != 0)
            fail_msg("escape(%s): %s, want %s", cases[i].in, b.p, cases[i].want);
        free(b.p);
    }
}

static void test_make_and_split_round_trip(void **state)
{
    const char *keys[] = {"dt", "path", "empty"}, *values[] = {"2024-01-01", "a/b=c:d%e", ""};
    char *k[4], *v[4];
    struct sbuf b = {0};
    int n, i;
    (void)state;
    partname_make(&b, keys, values, 3);
    sbuf_add(&b, "", 1);
    assert_string_equal(b.p, "dt=2024-01-01/path=a%2Fb%3Dc%3Ad%25e/empty=" PARTNAME_DEFAULT);
    n = partname_split(b.p, k, v, 4);
    assert_int_equal(n, 3);
    assert_string_equal(k[1], "path");
    assert_string_equal(v[1], "a/b=c:d%e");
    assert_string_equal(v[2], PARTNAME_DEFAULT); /* the caller reads it as Hive's NULL */
    for (i = 0; i < n; i++) {
        free(k[i]);
        free(v[i]);
    }
    free(b.p);
}

static void test_split_cases(void **state)
{
    static const struct {
        const char *name;
        int n;
        const char *k0, *v0;
    } cases[] = {
        {"k=v", 1, "k", "v"},         {"k=a=b", 1, "k", "a=b"}, /* the first '=' splits */
        {"k=%zz%2", 1, "k", "%zz%2"},                           /* not an escape: kept */
        {"k=%41%62", 1, "k", "Ab"},                             /* either case of hex */
        {"k=x%00y", 1, "k", "x%00y"}, /* %00 kept: it would cut the value */
        {"k%3Dx=v", 1, "k=x", "v"},   /* keys are unescaped too */
        {"k=", 1, "k", ""},           {"", -1, NULL, NULL},
        {"novalue", -1, NULL, NULL},  {"=v", -1, NULL, NULL},
        {"a=1/b", -1, NULL, NULL},    {"a=1/b=2/c=3", -1, NULL, NULL}, /* more than MAX (2) */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *k[2], *v[2];
        int n = partname_split(cases[i].name, k, v, 2), j;
        if (n != cases[i].n)
            fail_msg("split(%s): %d, want %d", cases[i].name, n, cases[i].n);
        if (n > 0 && (strcmp(k[0], cases[i].k0) != 0 || strcmp(v[0], cases[i].v0) != 0))
            fail_msg("split(%s): %s=%s, want %s=%s", cases[i].name, k[0], v[0], cases[i].k0,
                     cases[i].v0);
        for (j = 0; j < n; j++) {
            free(k[j]);
            free(v[j]);
        }
    }
}

static void test_filter_like_mapped(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"dt = '2024-01-01' and hr > 2", "dt = '2024-01-01' and hr > 2"},
        {"dt like '2024-01.*'", "dt like '2024-01%'"},
        {"dt LIKE \"2024.01%\"", "dt LIKE '2024_01%'"},
        {"name like '.*abc.*'", "name like '%abc%'"},
        {"name not like 'a\\.b'", "name not like 'a.b'"},
        {"name like 'it''s.*'", "name like 'it''s%'"},
        {"name like 'back\\\\\\\\slash'", "name like 'back\\\\slash'"}, /* regex \\\\ */
        {"`like` = 'a_b' and x like 'q'", "`like` = 'a_b' and x like 'q'"},
        {"likely = 'a.*'", "likely = 'a.*'"}, /* not the keyword */
        {"x = 'like' and y = '.*'", "x = 'like' and y = '.*'"},
        {"x like 'open", "x like 'open"}, /* left for the expression parser to report */
        {"", ""},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct srv_error err;
        char *out;
        srv_error_init(&err);
        if (hivefilter_expression(cases[i].in, &out, &err) != CAT_OK)
            fail_msg("filter(%s): %s", cases[i].in, err.msg);
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("filter(%s): %s, want %s", cases[i].in, out, cases[i].want);
        free(out);
    }
}

static void test_filter_like_refused(void **state)
{
    static const struct {
        const char *in, *msg;
    } cases[] = {
        {"k like 'us_east'", "LIKE 'us_east': Hive's LIKE is a regular expression, matched here as "
                             "SQL LIKE ('.*' and '%' any string, '.' any character); a literal "
                             "'_' (LIKE's one-character wildcard) cannot be."},
        {"k like '^a'", "LIKE '^a': Hive's LIKE is a regular expression, matched here as SQL LIKE "
                        "('.*' and '%' any string, '.' any character); '^' (anchors, classes, "
                        "groups, alternation, quantifiers) cannot be."},
        {"k like 'a|b'", NULL},
        {"k like '[ab]'", NULL},
        {"k like 'a+'", NULL},
        {"k like 'a\\d'", NULL},
        {"k like 'a\\_'", NULL},
        {"k like 'back\\\\slash'", NULL}, /* the regex \\s */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct srv_error err;
        char *out = (char *)"unset";
        srv_error_init(&err);
        if (hivefilter_expression(cases[i].in, &out, &err) != CAT_EINVAL)
            fail_msg("filter(%s) was not refused", cases[i].in);
        assert_null(out);
        assert_non_null(strstr(err.msg, "Hive's LIKE is a regular expression"));
        if (cases[i].msg)
            assert_string_equal(err.msg, cases[i].msg);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_as_hive),
        cmocka_unit_test(test_make_and_split_round_trip),
        cmocka_unit_test(test_split_cases),
        cmocka_unit_test(test_filter_like_mapped),
        cmocka_unit_test(test_filter_like_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
