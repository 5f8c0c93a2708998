/* test_token.c -- unit tests for token.c: pagination tokens round-trip, do not show their key,
 * and reject foreign, malformed, forged or altered ones and those of another key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "ops/token.h"

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

/* Only the canonical lower-case hex is a token: an upper-cased digit makes another token, which
** is refused (so that changing one character of a token never gives the same token back). */
static void test_token_rejects_upper_case_hex(void **state)
{
    char *tok = token_make("tables", "c/d", "t9"), *p;
    (void)state;
    for (p = tok; *p && !(*p >= 'a' && *p <= 'f'); p++)
        ;
    assert_true(*p != '\0');
    *p = (char)toupper((unsigned char)*p);
    assert_rejected(tok, "tables", "c/d");
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

/* What the first token format accepted, the plain hex of the fields, is now a forgery. */
static void test_token_rejects_forged(void **state)
{
    char *hex = util_hex_encode("v1\ntables\nc/d\nt1", 16), *tok, *got = NULL;
    struct srv_error err;
    size_t i;
    (void)state;
    assert_rejected(hex, "tables", "c/d");
    free(hex);
    hex = util_hex_encode("v2\ntables\nc/d\nt1", 16);
    assert_rejected(hex, "tables", "c/d");
    free(hex);
    tok = token_make("tables", "c/d", "t1");
    for (i = 0; tok[i]; i++) { /* any one digit changed, in the tag or the text */
        char was = tok[i];
        tok[i] = was == '0' ? '1' : '0';
        assert_rejected(tok, "tables", "c/d");
        tok[i] = was;
    }
    tok[strlen(tok) - 2] = '\0'; /* a byte cut off */
    assert_rejected(tok, "tables", "c/d");
    free(tok);
    srv_error_init(&err);
    tok = token_make("tables", "c/d", "t1");
    assert_int_equal(token_parse(tok, "tables", "c/d", &got, &err), CAT_OK);
    assert_string_equal(got, "t1");
    free(got);
    free(tok);
}

/* The key a token resumes after (a name the client may not see) cannot be read from it. */
static void test_token_is_opaque(void **state)
{
    char *tok = token_make("databases", "123456789012", "finance_secret_db"), *raw = NULL;
    char *plain = util_hex_encode("finance_secret_db", 17);
    size_t n = 0;
    (void)state;
    assert_null(strstr(tok, plain));
    assert_int_equal(util_hex_decode(tok, &raw, &n), 0);
    assert_null(memmem(raw, n, "finance", 7));
    assert_null(memmem(raw, n, "databases", 9));
    free(raw);
    free(plain);
    free(tok);
}

/* A token of another deployment (another key) is refused; the same key takes it again. */
static void test_token_bound_to_key(void **state)
{
    unsigned char a[TOKEN_KEY_BYTES], b[TOKEN_KEY_BYTES];
    struct srv_error err;
    char *tok, *got = NULL;
    (void)state;
    memset(a, 0xa5, sizeof(a));
    memset(b, 0xa5, sizeof(b));
    b[31] ^= 1;
    token_set_key(a);
    tok = token_make("tables", "c/d", "t1");
    token_set_key(b);
    assert_rejected(tok, "tables", "c/d");
    token_set_key(a);
    srv_error_init(&err);
    assert_int_equal(token_parse(tok, "tables", "c/d", &got, &err), CAT_OK);
    assert_string_equal(got, "t1");
    free(got);
    free(tok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_round_trip),
        cmocka_unit_test(test_token_rejects_upper_case_hex),
        cmocka_unit_test(test_token_rejects_other_kind),
        cmocka_unit_test(test_token_rejects_other_scope),
        cmocka_unit_test(test_token_rejects_malformed),
        cmocka_unit_test(test_token_rejects_forged),
        cmocka_unit_test(test_token_is_opaque),
        cmocka_unit_test(test_token_bound_to_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
