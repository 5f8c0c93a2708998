/* test_util.c -- util: Unicode name folding, hex, JSON string escapes, wall and monotonic clocks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>

#include "base/util.h"

static void check_lower(const char *in, const char *want)
{
    char *got = util_lower(in);
    assert_string_equal(got, want);
    free(got);
}

static void test_util_lower_folds_ascii_and_unicode(void **state)
{
    (void)state;
    check_lower("MixedCase_01", "mixedcase_01");
    check_lower("\xc3\x89T\xc3\x89_X", "\xc3\xa9t\xc3\xa9_x");           /* ÉTÉ_X -> été_x */
    check_lower("\xce\xa3\xce\x9f\xce\xa6", "\xcf\x83\xce\xbf\xcf\x86"); /* ΣΟΦ -> σοφ */
    check_lower("\xf0\x9f\x98\x80ok", "\xf0\x9f\x98\x80ok");             /* emoji kept */
    check_lower("", "");
}

/* Request ids: lower-case version-4 UUIDs, all different. */
static void test_util_uuid_format_and_distinct(void **state)
{
    char ids[2000][37];
    int i, j;
    (void)state;
    for (i = 0; i < 2000; i++) {
        util_uuid(ids[i]);
        assert_int_equal(strlen(ids[i]), 36);
        for (j = 0; j < 36; j++) {
            if (j == 8 || j == 13 || j == 18 || j == 23)
                assert_int_equal(ids[i][j], '-');
            else
                assert_non_null(strchr("0123456789abcdef", ids[i][j]));
        }
        assert_int_equal(ids[i][14], '4');           /* version 4 */
        assert_non_null(strchr("89ab", ids[i][19])); /* RFC 4122 variant */
    }
    for (i = 0; i < 2000; i++)
        for (j = i + 1; j < 2000; j++)
            assert_string_not_equal(ids[i], ids[j]);
}

static void test_util_hex_round_trip_and_rejects(void **state)
{
    char *hex = util_hex_encode("a\nb\xff", 4), *back = NULL;
    size_t n = 0;
    (void)state;
    assert_string_equal(hex, "610a62ff");
    assert_int_equal(util_hex_decode(hex, &back, &n), 0);
    assert_int_equal(n, 4);
    assert_memory_equal(back, "a\nb\xff", 4);
    free(back);
    free(hex);
    assert_int_equal(util_hex_decode("abc", &back, &n), -1);
    assert_null(back);
    assert_int_equal(util_hex_decode("zz", &back, &n), -1);
    assert_null(back);
}

static void test_util_json_string_escapes(void **state)
{
    struct sbuf b = {NULL, 0, 0};
    json_t *back;
    (void)state;
    sbuf_add_json_string(&b, "a\"b\\c\nd\te\rf\x01g\x1f\x7f\xc3\xa9");
    assert_string_equal(b.p, "\"a\\\"b\\\\c\\nd\\te\\rf\\u0001g\\u001f\x7f\xc3\xa9\"");
    back = json_loads(b.p, JSON_DECODE_ANY, NULL);
    assert_non_null(back);
    assert_string_equal(json_string_value(back), "a\"b\\c\nd\te\rf\x01g\x1f\x7f\xc3\xa9");
    json_decref(back);
    b.len = 0;
    sbuf_add_json_string(&b, "");
    assert_string_equal(b.p, "\"\"");
    free(b.p);
}

/* Durations come from util_monotonic(): it never goes back and resolves far below a
** millisecond (a clock cut to whole milliseconds made every request take 0 ms). */
static void test_util_word_eq_ignores_ascii_case_only(void **state)
{
    (void)state;
    assert_true(util_word_eq("DATE", 4, "date"));
    assert_true(util_word_eq("TimeStamp(", 9, "timestamp"));
    assert_false(util_word_eq("dat", 3, "date"));   /* a prefix */
    assert_false(util_word_eq("dates", 5, "date")); /* longer */
    assert_false(util_word_eq("d\xc3\xa1te", 5, "date"));
    assert_true(util_word_eq("", 0, ""));
}

static void test_util_sbuf_clip_cuts_between_characters(void **state)
{
    struct sbuf b = {NULL, 0, 0};
    (void)state;
    sbuf_adds(&b, "abcdef");
    sbuf_clip(&b, 6); /* fits: untouched */
    assert_string_equal(b.p, "abcdef");
    sbuf_clip(&b, 4);
    assert_string_equal(b.p, "abcd...");
    b.len = 0;
    sbuf_adds(&b, "ab\xc3\xa9z"); /* e-acute at bytes 2..3 */
    sbuf_clip(&b, 3);             /* would cut inside it: cut before */
    assert_string_equal(b.p, "ab...");
    b.p = xrealloc(b.p, 1); /* xrealloc keeps the bytes that fit */
    assert_int_equal(b.p[0], 'a');
    free(b.p);
}

static void test_util_monotonic_resolves_microseconds(void **state)
{
    double prev = util_monotonic(), finest = 1.0, t;
    int i;
    (void)state;
    for (i = 0; i < 1000; i++) {
        t = util_monotonic();
        assert_true(t >= prev);
        if (t > prev && t - prev < finest)
            finest = t - prev;
        prev = t;
    }
    assert_true(finest < 0.0001);
    nanosleep(&(struct timespec){0, 2 * 1000 * 1000}, NULL);
    t = util_monotonic() - prev;
    assert_true(t >= 0.002);
    assert_true(t < 1.0);
}

/* util_now() is the wall clock, also below the millisecond: two readings in a row that
** differ, differ by less than a millisecond (a clock in whole milliseconds steps by 1 ms). */
static void test_util_now_is_wall_clock_below_a_millisecond(void **state)
{
    double last = util_now(), step = 1.0;
    int i;
    (void)state;
    assert_true(last - (double)time(NULL) > -2.0 && last - (double)time(NULL) < 2.0);
    for (i = 0; i < 1000000 && step >= 0.0009; i++) {
        double t = util_now();
        if (t > last) /* a clock set back is not a step */
            step = t - last;
        last = t;
    }
    assert_true(step > 0.0 && step < 0.0009);
}

/* FNV-1a, 64-bit: the published values for "" and "a"; the counted form hashes NULs too. */
static void test_util_fnv1a_known_values_and_nuls(void **state)
{
    (void)state;
    assert_true(util_fnv1a("") == 14695981039346656037ULL);
    assert_true(util_fnv1a(NULL) == util_fnv1a(""));
    assert_true(util_fnv1a("a") == 0xaf63dc4c8601ec8cULL);
    assert_true(util_fnv1a_n("a", 1) == util_fnv1a("a"));
    assert_true(util_fnv1a_n("a\0b", 3) != util_fnv1a_n("a\0c", 3));
    assert_true(util_fnv1a_n("a\0b", 3) != util_fnv1a("a"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_util_lower_folds_ascii_and_unicode),
        cmocka_unit_test(test_util_hex_round_trip_and_rejects),
        cmocka_unit_test(test_util_json_string_escapes),
        cmocka_unit_test(test_util_word_eq_ignores_ascii_case_only),
        cmocka_unit_test(test_util_sbuf_clip_cuts_between_characters),
        cmocka_unit_test(test_util_monotonic_resolves_microseconds),
        cmocka_unit_test(test_util_now_is_wall_clock_below_a_millisecond),
        cmocka_unit_test(test_util_uuid_format_and_distinct),
        cmocka_unit_test(test_util_fnv1a_known_values_and_nuls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
