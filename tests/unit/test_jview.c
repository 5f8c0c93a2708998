/* test_jview.c -- lang/jview: which texts view, lookups and iteration, unescaping, numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lang/jview.h"

static void test_jview_parse_accepts_one_value(void **state)
{
    static const struct {
        const char *text;
        int ok, count;
    } cases[] = {
        {"{}", 1, 1},
        {"[]", 1, 1},
        {"\"s\"", 1, 1},
        {"12 ", 1, 1},
        {"12", 0, 0}, /* jsmn's strict mode: a number needs what ends it */
        {" {\"a\":[1,2,{\"b\":null}]} ", 1, 8},
        {"{\"a\":1}{\"b\":2}", 0, 0}, /* two values */
        {"[1,2", 0, 0},               /* cut */
        {"{\"a\"}", 0, 0},            /* a key without its value */
        {"{\"a\",\"b\":1}", 0, 0},
        {"[\"a\":1]", 0, 0}, /* a key in an array */
        {"{\"a\":x}", 0, 0}, /* (jsmn reads numbers loosely: 01x passes) */
        {"\"\\q\"", 0, 0},   /* not an escape */
        {"", 0, 0},
        {"   ", 0, 0},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct jview v;
        int rc = jview_parse(&v, cases[i].text, strlen(cases[i].text));
        if ((rc == 0) != cases[i].ok)
            fail_msg("case %zu (%s): %d", i, cases[i].text, rc);
        assert_int_equal(v.count, cases[i].count);
        jview_release(&v);
    }
}

static void test_jview_lookups_skip_nested_values(void **state)
{
    const char *t = "{\"sd\":{\"Columns\":[{\"Name\":\"a\"},{\"Name\":\"b\",\"x\":[[],{}]}],"
                    "\"Location\":\"s3://b/\"},\"Values\":[\"1\",\"2\",\"3\"],\"n\":-42,"
                    "\"f\":1.5e3,\"t\":true,\"u\":false}";
    struct jview v;
    struct sbuf scratch = {0};
    size_t len;
    const char *s;
    int sd, cols, e, i;
    (void)state;
    assert_int_equal(jview_parse(&v, t, strlen(t)), 0);
    sd = jview_get(&v, 0, "sd");
    assert_int_equal(jview_type(&v, sd), JVIEW_OBJECT);
    s = jview_str(&v, jview_get(&v, sd, "Location"), &len, &scratch);
    assert_int_equal(len, 7);
    assert_memory_equal(s, "s3://b/", 7);
    cols = jview_get(&v, sd, "Columns");
    assert_int_equal(jview_size(&v, cols), 2);
    e = jview_first(&v, cols);
    s = jview_str(&v, jview_get(&v, e, "Name"), &len, &scratch);
    assert_memory_equal(s, "a", len);
    e = jview_next(&v, cols, e);
    s = jview_str(&v, jview_get(&v, e, "Name"), &len, &scratch);
    assert_memory_equal(s, "b", len);
    /* the members after a nested value are found: "Values" follows the whole "sd" */
    cols = jview_get(&v, 0, "Values");
    e = jview_first(&v, cols);
    for (i = 0; e >= 0; i++, e = jview_next(&v, cols, e))
        assert_int_equal(jview_str(&v, e, &len, &scratch)[0], '1' + i);
    assert_int_equal(i, 3);
    assert_int_equal(jview_integer(&v, jview_get(&v, 0, "n")), -42);
    assert_true(jview_number(&v, jview_get(&v, 0, "f")) == 1500.0);
    assert_true(jview_is_true(&v, jview_get(&v, 0, "t")));
    assert_false(jview_is_true(&v, jview_get(&v, 0, "u")));
    /* missing members and wrong types chain to "nothing" */
    assert_int_equal(jview_get(&v, 0, "nope"), -1);
    assert_int_equal(jview_get(&v, jview_get(&v, 0, "nope"), "x"), -1);
    assert_null(jview_str(&v, jview_get(&v, 0, "n"), &len, &scratch));
    assert_int_equal(jview_integer(&v, jview_get(&v, 0, "sd")), 0);
    assert_int_equal(jview_size(&v, -1), 0);
    assert_int_equal(jview_first(&v, jview_get(&v, 0, "t")), -1);
    /* the last element of an array has no next; nor has a node outside the one named */
    assert_int_equal(jview_next(&v, cols, jview_first(&v, cols) + 2), -1);
    assert_int_equal(jview_next(&v, cols, 0), -1);
    jview_release(&v);
    free(scratch.p);
}

static void test_jview_str_unescapes(void **state)
{
    static const struct {
        const char *json, *want;
        size_t want_len;
    } cases[] = {
        {"\"plain\"", "plain", 5},
        {"\"a\\\"b\\\\c\\/d\"", "a\"b\\c/d", 7},
        {"\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t", 5},
        {"\"\\u00e9t\\u00E9\"", "\xc3\xa9t\xc3\xa9", 5},
        {"\"\\u20ac\"", "\xe2\x82\xac", 3},
        {"\"\\ud83d\\ude00!\"", "\xf0\x9f\x98\x80!", 5}, /* a surrogate pair */
        {"\"\\ud83dx\"", "\xef\xbf\xbdx", 4},            /* a lone surrogate */
        {"\"\\u0000\"", "\xef\xbf\xbd", 3},              /* NUL is not let through */
        {"\"\"", "", 0},
    };
    struct sbuf scratch = {0};
    size_t i, len;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct jview v;
        const char *s;
        assert_int_equal(jview_parse(&v, cases[i].json, strlen(cases[i].json)), 0);
        s = jview_str(&v, 0, &len, &scratch);
        assert_non_null(s);
        if (len != cases[i].want_len || memcmp(s, cases[i].want, len) != 0)
            fail_msg("case %zu (%s): %zu bytes", i, cases[i].json, len);
        jview_release(&v);
    }
    free(scratch.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jview_parse_accepts_one_value),
        cmocka_unit_test(test_jview_lookups_skip_nested_values),
        cmocka_unit_test(test_jview_str_unescapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
