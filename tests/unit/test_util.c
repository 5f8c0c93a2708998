/* test_util.c -- util: Unicode name folding, hex encoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"

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
    check_lower("\xc3\x89T\xc3\x89_X", "\xc3\xa9t\xc3\xa9_x");     /* ÉTÉ_X -> été_x */
    check_lower("\xce\xa3\xce\x9f\xce\xa6", "\xcf\x83\xce\xbf\xcf\x86"); /* ΣΟΦ -> σοφ */
    check_lower("\xf0\x9f\x98\x80ok", "\xf0\x9f\x98\x80ok");       /* emoji kept */
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
        assert_int_equal(ids[i][14], '4');                 /* version 4 */
        assert_non_null(strchr("89ab", ids[i][19]));        /* RFC 4122 variant */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_util_lower_folds_ascii_and_unicode),
        cmocka_unit_test(test_util_hex_round_trip_and_rejects),
        cmocka_unit_test(test_util_uuid_format_and_distinct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
