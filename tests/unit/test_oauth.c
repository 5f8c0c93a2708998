/* test_oauth.c -- auth/oauth.c: OAuth client-credentials tokens issued, verified, expired,
** tampered with, and killed by a changed secret; auth_bearer() accepting them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "auth/auth.h"

#define NOW 1700000000LL
/* HMAC-SHA256("ct1.AKIDEXAMPLE.1700003600") keyed by the secret below (Python's hmac). */
#define TOKEN                                                                                      \
    "ct1.AKIDEXAMPLE.1700003600."                                                                  \
    "1555588b207b50a7f50ddc2892d7783ea948bff769d79df9dfbf6a4a323f5bfd"

static const char DOC[] =
    "{\"principals\": [{\"name\": \"aws\", \"access_key_id\": \"AKIDEXAMPLE\", "
    "\"secret_access_key\": \"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\", \"role\": \"admin\"},"
    "{\"name\": \"dotted\", \"access_key_id\": \"AK.ID.X\", \"secret_access_key\": \"s3cr3t\", "
    "\"role\": \"reader\"},"
    "{\"name\": \"bi\", \"tokens\": [\"bi-token-0123456789\"], \"role\": \"reader\"}]}";

static struct auth_set *parse(const char *doc)
{
    struct auth_set *a = NULL;
    struct srv_error err;
    srv_error_init(&err);
    if (auth_parse_text(doc, strlen(doc), "t", &a, &err) != CAT_OK)
        fail_msg("%s", err.msg);
    return a;
}

/* The token for the right credentials is the one the spec of the format gives (pinned MAC). */
static void test_issue(void **state)
{
    struct auth_set *a = parse(DOC);
    static const struct {
        const char *id, *secret;
    } bad[] = {
        {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKE"},
        {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEYX"},
        {"AKIDEXAMPLE", ""},
        {"AKIDEXAMPL", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
        {"bi", "bi-token-0123456789"}, /* a file token is no client secret */
        {NULL, "x"},
        {"AKIDEXAMPLE", NULL},
    };
    struct srv_error err;
    char *tok = NULL;
    size_t i;
    (void)state;
    srv_error_init(&err);
    assert_int_equal(auth_token_issue(a, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                      NOW, &tok, &err),
                     CAT_OK);
    assert_string_equal(tok, TOKEN);
    free(tok);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        srv_error_init(&err);
        tok = (char *)"unset";
        assert_int_equal(auth_token_issue(a, bad[i].id, bad[i].secret, NOW, &tok, &err), CAT_EAUTH);
        assert_null(tok);
        assert_string_equal(err.msg, "The client id or secret is not valid.");
    }
    auth_release(a);
}

/* Verified until its expiry, by whoever holds the same auth file; then 401 expired. */
static void test_verify_and_expiry(void **state)
{
    struct auth_set *a = parse(DOC), *b = parse(DOC);
    const struct auth_principal *who = NULL;
    struct srv_error err;
    (void)state;
    srv_error_init(&err);
    assert_int_equal(auth_token_verify(a, TOKEN, strlen(TOKEN), NOW, &who, &err), CAT_OK);
    assert_string_equal(who->name, "aws");
    /* another process's set from the same file */
    assert_int_equal(auth_token_verify(b, TOKEN, strlen(TOKEN), NOW + 3599, &who, &err), CAT_OK);
    assert_int_equal(auth_token_verify(b, TOKEN, strlen(TOKEN), NOW + AUTH_TOKEN_TTL, &who, &err),
                     CAT_EEXPIRED);
    assert_null(who);
    assert_string_equal(err.msg,
                        "The bearer token has expired: get a new one from /v1/oauth/tokens.");
    auth_release(a);
    auth_release(b);
}

/* Any change to the token makes it invalid (never "expired"). */
static void test_tamper(void **state)
{
    static const char *const bad[] = {
        "ct1.AKIDEXAMPLE.1700003601."
        "1555588b207b50a7f50ddc2892d7783ea948bff769d79df9dfbf6a4a323f5bfd",
        "ct1.AKIDEXAMPLE.1700003600."
        "1555588b207b50a7f50ddc2892d7783ea948bff769d79df9dfbf6a4a323f5bfe",
        "ct1.AKIDEXAMPLF.1700003600."
        "1555588b207b50a7f50ddc2892d7783ea948bff769d79df9dfbf6a4a323f5bfd",
        "ct2.AKIDEXAMPLE.1700003600."
        "1555588b207b50a7f50ddc2892d7783ea948bff769d79df9dfbf6a4a323f5bfd",
        "ct1.AKIDEXAMPLE.1700003600."
        "1555588B207B50A7F50DDC2892D7783EA948BFF769D79DF9DFBF6A4A323F5BFD",
        "ct1.AKIDEXAMPLE.1700003600."
        "1555588b207b50a7f50ddc2892d7783ea948bff769d79df9dfbf6a4a323f5bf",
        "ct1.AKIDEXAMPLE.1700003600."
        "1555588b207b50a7f50ddc2892d7783ea948bff769d79df9dfbf6a4a323f5bfdd",
        "ct1.AKIDEXAMPLE.17000036x0."
        "1555588b207b50a7f50ddc2892d7783ea948bff769d79df9dfbf6a4a323f5bfd",
        "ct1.AKIDEXAMPLE..1555588b207b50a7f50ddc2892d7783ea948bff769d79df9dfbf6a4a323f5bfd",
        "ct1..1700003600.1555588b207b50a7f50ddc2892d7783ea948bff769d79df9dfbf6a4a323f5bfd",
        "ct1.1700003600.1555588b207b50a7f50ddc2892d7783ea948bff769d79df9dfbf6a4a323f5bfd",
        "ct1.AKIDEXAMPLE.1700003600000000000000.1555588b207b50a7f50ddc2892d7783ea948bff769d79df9dfb"
        "f6a4a323f5bfd",
        "ct1.",
        "",
    };
    struct auth_set *a = parse(DOC);
    const struct auth_principal *who = NULL;
    struct srv_error err;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        srv_error_init(&err);
        assert_int_equal(auth_token_verify(a, bad[i], strlen(bad[i]), NOW, &who, &err), CAT_EAUTH);
        assert_null(who);
        assert_string_equal(err.msg, "The bearer token is not valid.");
    }
    auth_release(a);
}

/* A changed (or removed) secret kills the tokens issued under the old one. */
static void test_changed_secret(void **state)
{
    struct auth_set *a =
        parse("{\"principals\": [{\"name\": \"aws\", \"access_key_id\": \"AKIDEXAMPLE\", "
              "\"secret_access_key\": \"a-new-secret\", \"role\": \"admin\"}]}");
    struct auth_set *b = parse("{\"principals\": [{\"name\": \"aws\", \"tokens\": "
                               "[\"aws-token-0123456789\"], \"role\": \"admin\"}]}");
    const struct auth_principal *who = NULL;
    struct srv_error err;
    (void)state;
    srv_error_init(&err);
    assert_int_equal(auth_token_verify(a, TOKEN, strlen(TOKEN), NOW, &who, &err), CAT_EAUTH);
    assert_int_equal(auth_token_verify(b, TOKEN, strlen(TOKEN), NOW, &who, &err), CAT_EAUTH);
    assert_null(who);
    auth_release(a);
    auth_release(b);
}

/* auth_bearer() takes a fresh token at the current time; renewal keeps the principal; an access
** key id with dots works; a file token may not look like an issued one. */
static void test_bearer_and_renew(void **state)
{
    struct auth_set *a = parse(DOC);
    const struct auth_principal *who = NULL, *bi = NULL;
    struct srv_error err;
    char *tok = NULL, *tok2 = NULL, header[256];
    (void)state;
    srv_error_init(&err);
    assert_int_equal(auth_token_issue(a, "AK.ID.X", "s3cr3t", (long long)time(NULL), &tok, &err),
                     CAT_OK);
    assert_memory_equal(tok, "ct1.AK.ID.X.", 12);
    snprintf(header, sizeof(header), "Bearer %s", tok);
    assert_int_equal(auth_bearer(a, header, &who, &err), CAT_OK);
    assert_string_equal(who->name, "dotted");
    assert_int_equal(auth_token_renew(who, (long long)time(NULL) + 10, &tok2, &err), CAT_OK);
    assert_string_not_equal(tok, tok2);
    snprintf(header, sizeof(header), "Bearer %s", tok2);
    assert_int_equal(auth_bearer(a, header, &who, &err), CAT_OK);
    assert_string_equal(who->name, "dotted");
    free(tok);
    free(tok2);
    /* an expired one through auth_bearer() */
    assert_int_equal(
        auth_token_issue(a, "AK.ID.X", "s3cr3t", (long long)time(NULL) - 4000, &tok, &err), CAT_OK);
    snprintf(header, sizeof(header), "Bearer %s", tok);
    assert_int_equal(auth_bearer(a, header, &who, &err), CAT_EEXPIRED);
    free(tok);
    /* a principal with file tokens only gets none */
    assert_int_equal(auth_bearer(a, "Bearer bi-token-0123456789", &bi, &err), CAT_OK);
    tok = (char *)"unset";
    assert_int_equal(auth_token_renew(bi, NOW, &tok, &err), CAT_EAUTH);
    assert_null(tok);
    assert_string_equal(err.msg, "Tokens are issued only to principals with an access key.");
    auth_release(a);
    {
        static const char doc[] = "{\"principals\": [{\"name\": \"x\", \"tokens\": "
                                  "[\"ct1.0123456789abcdef\"], \"role\": \"reader\"}]}";
        struct auth_set *c = NULL;
        srv_error_init(&err);
        assert_int_equal(auth_parse_text(doc, strlen(doc), "t", &c, &err), CAT_EINVAL);
        assert_string_equal(err.msg, "auth file t: principal x: tokens[0] must not begin with ct1. "
                                     "(the prefix of the tokens /v1/oauth/tokens issues)");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue),
        cmocka_unit_test(test_verify_and_expiry),
        cmocka_unit_test(test_tamper),
        cmocka_unit_test(test_changed_secret),
        cmocka_unit_test(test_bearer_and_renew),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
