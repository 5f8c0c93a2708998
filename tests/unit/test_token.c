/* test_token.c -- unit tests for token.c: pagination tokens round-trip and reject foreign or forged
 * ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "token.h"
#include "util.h"

/* Parse TOKEN expecting rejection: CAT_EINVAL, Glue's text, no key. */
static void assert_rejected(const char *token, const char *kind, const char *scope)
{
    struct srv_error err;
    char *key = (char *)"sentinel";
    srv_error_init(&err);
    if (token_parse(token, kind, scope, &key, &err) != CAT_EINVAL)
        fail_msg("token %s accepted for %s in %s", token, kind, scope);
    assert_null(key);
    assert_int_equal(err.code, CAT_EINVAL);
    assert_string_equal(err.msg, "Invalid NextToken.");
}

static void assert_round_trip(const char *kind, const char *scope, const char *key)
{
    struct srv_error err;
    char *tok = token_make(kind, scope, key), *got = NULL;
    size_t i;
    srv_error_init(&err);
    assert_non_null(tok);
    for (i = 0; tok[i]; i++) /* opaque and safe anywhere: lower-case hex only */
        assert_true(isxdigit((unsigned char)tok[i]) && !isupper((unsigned char)tok[i]));
    assert_int_equal(token_parse(tok, kind, scope, &got, &err), CAT_OK);
    assert_string_equal(got, key);
    assert_int_equal(err.code, CAT_OK);
    free(got);
    free(tok);
}

static void test_token_round_trip(void **state)
{
    (void)state;
    assert_round_trip("tables", "123456789012/sales", "orders_2024");
    assert_round_trip("databases", "123456789012", "");
    assert_round_trip("versions", "c/d/t", "42");
    assert_round_trip("tables", "", "k");
    assert_round_trip("tables", "c/d", "na\xc3\xafve/with spaces and \"quotes\"");
}

/* Hex decoding is case-insensitive: an upper-cased token still parses. */
static void test_token_accepts_upper_case_hex(void **state)
{
    struct srv_error err;
    char *tok = token_make("tables", "c/d", "t9"), *got = NULL, *p;
    (void)state;
    srv_error_init(&err);
    for (p = tok; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    assert_int_equal(token_parse(tok, "tables", "c/d", &got, &err), CAT_OK);
    assert_string_equal(got, "t9");
    free(got);
    free(tok);
}

static void test_token_rejects_other_kind(void **state)
{
    char *tok = token_make("tables", "c/d", "t1");
    (void)state;
    assert_rejected(tok, "databases", "c/d");
    assert_rejected(tok, "table", "c/d");   /* kind is a prefix of the token's */
    assert_rejected(tok, "tablesx", "c/d"); /* the token's kind is a prefix */
    free(tok);
}

static void test_token_rejects_other_scope(void **state)
{
    char *tok = token_make("tables", "c/db", "t1");
    (void)state;
    assert_rejected(tok, "tables", "c/other");
    assert_rejected(tok, "tables", "c/d");   /* scope is a prefix of the token's */
    assert_rejected(tok, "tables", "c/dbx"); /* the token's scope is a prefix */
    assert_rejected(tok, "tables", "111/db");
    free(tok);
}

static void test_token_rejects_malformed(void **state)
{
    char *hex;
    (void)state;
    assert_rejected("", "tables", "c/d");
    assert_rejected("abc", "tables", "c/d");     /* odd length */
    assert_rejected("zz", "tables", "c/d");      /* not hex */
    assert_rejected("7631 0a", "tables", "c/d"); /* a space in the middle */
    assert_rejected("not a token at all!", "tables", "c/d");
    /* well-formed hex, wrong contents */
    hex = util_hex_encode("v2\ntables\nc/d\nt1", 16);
    assert_rejected(hex, "tables", "c/d");
    free(hex);
    hex = util_hex_encode("v1\ntables\nc/d", 13); /* no key separator */
    assert_rejected(hex, "tables", "c/d");
    free(hex);
    hex = util_hex_encode("v1\ntables\0c/d\nt1", 16); /* embedded NUL */
    assert_rejected(hex, "tables", "c/d");
    free(hex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_round_trip),
        cmocka_unit_test(test_token_accepts_upper_case_hex),
        cmocka_unit_test(test_token_rejects_other_kind),
        cmocka_unit_test(test_token_rejects_other_scope),
        cmocka_unit_test(test_token_rejects_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
