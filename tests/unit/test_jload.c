/* test_jload.c -- lang/jload: what it reads (as jansson does, to the same text) and what it
** leaves to jansson (NULL), case by case; jload_body's errors are jansson's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lang/jload.h"

/* TEXT read by jload and by jansson: both NULL, or the same JSON_COMPACT text. */
static char *both(const char *text, size_t len, int *took)
{
    json_error_t err;
    json_t *a = jload(text, len), *b = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    char *sa = a ? json_dumps(a, JSON_COMPACT) : NULL, *sb = b ? json_dumps(b, JSON_COMPACT) : NULL;
    *took = a != NULL;
    if (a != NULL) {
        assert_non_null(sb);
        assert_string_equal(sa, sb);
    }
    json_decref(a);
    json_decref(b);
    free(sa);
    return sb;
}

static void test_jload_reads_as_jansson(void **state)
{
    static const struct {
        const char *text;
        int took;        /* jload reads it (else NULL: left to jansson) */
        const char *out; /* jansson's reading, JSON_COMPACT; NULL: jansson refuses it too */
    } cases[] = {
        {"{}", 1, "{}"},
        {" [ ] ", 1, "[]"},
        {"{\"b\":1,\"a\":[true,false,null]}", 1, "{\"b\":1,\"a\":[true,false,null]}"},
        {"[0,-0,12,-7,1.5,-2.5e3,1E2,1e-2]", 1, "[0,0,12,-7,1.5,-2500.0,100.0,0.01]"},
        {"[9223372036854775807,-9223372036854775808]", 1,
         "[9223372036854775807,-9223372036854775808]"},
        {"{\"\":\"\"}", 1, "{\"\":\"\"}"},
        {"[\"caf\xc3\xa9\",\"\\u00e9\\u20ac\\ud83d\\ude00\",\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]", 1,
         "[\"caf\xc3\xa9\",\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\",\"\\\"\\\\/\\b\\f\\n\\r\\t\"]"},
        {"{\"k\\u0041\":{\"x\":[[[]]]}}", 1, "{\"kA\":{\"x\":[[[]]]}}"},
        /* left to jansson, which reads them */
        {"[9223372036854775808]", 0, NULL}, /* too big an integer: jansson's error */
        {"[1e-400]", 0, "[0.0]"},           /* underflow: jansson reads 0 */
        {"\"s\"", 0, NULL},                 /* not an object or array: jansson refuses too */
        /* refused by both */
        {"{\"a\":1,\"a\":2}", 0, NULL},
        {"[\"\\u0000\"]", 0, NULL},
        {"[\"\\udc00\"]", 0, NULL},
        {"[\"\\ud800x\"]", 0, NULL},
        {"[\"\xc3\"]", 0, NULL},         /* cut UTF-8 */
        {"[\"\xc0\xaf\"]", 0, NULL},     /* overlong */
        {"[\"\xed\xa0\x80\"]", 0, NULL}, /* a surrogate in UTF-8 */
        {"[\"a\tb\"]", 0, NULL},         /* a control character */
        {"[01]", 0, NULL},
        {"[1.]", 0, NULL},
        {"[.5]", 0, NULL},
        {"[1e]", 0, NULL},
        {"[-]", 0, NULL},
        {"[1,]", 0, NULL},
        {"{\"a\":1,}", 0, NULL},
        {"[tru]", 0, NULL},
        {"[truex]", 0, NULL},
        {"[1e400]", 0, NULL},
        {"{\"a\":1} x", 0, NULL},
        {"{\"a\" 1}", 0, NULL},
        {"{1:2}", 0, NULL},
        {"[", 0, NULL},
        {"", 0, NULL},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int took;
        char *out = both(cases[i].text, strlen(cases[i].text), &took);
        if (took != cases[i].took)
            fail_msg("case %zu (%s): jload %s", i, cases[i].text, took ? "took it" : "did not");
        if (cases[i].out == NULL)
            assert_null(out);
        else
            assert_string_equal(out, cases[i].out);
        free(out);
    }
}

/* A NUL byte in the text, and nesting past JLOAD_MAX_DEPTH: left to jansson. */
static void test_jload_nul_and_depth(void **state)
{
    char deep[2 * JLOAD_MAX_DEPTH + 8];
    int took, i;
    char *out;
    (void)state;
    out = both("[\"a\0b\"]", 7, &took);
    assert_false(took);
    assert_null(out);
    for (i = 0; i < JLOAD_MAX_DEPTH; i++)
        deep[i] = '[';
    memset(deep + JLOAD_MAX_DEPTH, ']', JLOAD_MAX_DEPTH);
    out = both(deep, 2 * JLOAD_MAX_DEPTH, &took);
    assert_true(took);
    free(out);
    memmove(deep + 1, deep, 2 * JLOAD_MAX_DEPTH);
    deep[0] = '[';
    deep[2 * JLOAD_MAX_DEPTH + 1] = ']';
    out = both(deep, 2 * JLOAD_MAX_DEPTH + 2, &took);
    assert_false(took);
    assert_non_null(out); /* jansson reads it */
    free(out);
}

/* jload_body: jload's value, or jansson's with its error text. */
static void test_jload_body_errors_are_janssons(void **state)
{
    json_error_t err;
    json_t *v;
    (void)state;
    v = jload_body("{\"a\":[1,2]}", 11, &err);
    assert_non_null(v);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(v, "a"), 1)), 2);
    json_decref(v);
    assert_null(jload_body("{\"a\":1,\"a\":2}", 13, &err));
    assert_string_equal(err.text, "duplicate object key near '\"a\"'");
    assert_null(jload_body("[1,]", 4, &err));
    assert_string_equal(err.text, "unexpected token near ']'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jload_reads_as_jansson),
        cmocka_unit_test(test_jload_nul_and_depth),
        cmocka_unit_test(test_jload_body_errors_are_janssons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
