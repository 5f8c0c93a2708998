/* test_auth.c -- auth.c's policy, name patterns, Host check and bearer tokens; sigv4.c against
** AWS's published test vector (get-vanilla) and its refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "auth/sigv4.h"

static struct auth_store *store;

/* An auth store read from a file holding DOC, or NULL (the reason on stderr). */
static struct auth_store *open_doc(const char *doc)
{
    char path[] = "/tmp/test_auth_XXXXXX";
    struct auth_store *s = NULL;
    struct srv_error err;
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    srv_error_init(&err);
    fputs(doc, f);
    fclose(f);
    if (auth_store_open(&s, path, &err) != CAT_OK)
        fprintf(stderr, "%s\n", err.msg);
    remove(path);
    return s;
}

static int setup(void **state)
{
    static const char doc[] =
        "{\"principals\": [{\"name\": \"aws\", \"access_key_id\": \"AKIDEXAMPLE\", "
        "\"secret_access_key\": \"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\", \"role\": \"admin\"},"
        "{\"name\": \"bi\", \"tokens\": [\"bi-token-0123456789\"], \"role\": \"reader\", "
        "\"databases\": [\"sales_*|finance\", \"ops\"]}]}";
    (void)state;
    store = open_doc(doc);
    return store ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    auth_store_close(store);
    return 0;
}

/* auth_parse_text(): the file reader's parser on text, with the file's messages. */
static void test_parse_text(void **state)
{
    static const struct {
        const char *text, *msg; /* msg NULL: accepted */
    } cases[] = {
        {"{\"principals\": [{\"name\": \"a\", \"role\": \"writer\", \"access_key_id\": \"K1\", "
         "\"secret_access_key\": \"s\"}]}",
         NULL},
        {"{\"principals\": []}", NULL},
        {"", "auth file t: '[' or '{' expected (line 1, column 0)"},
        {"{\"principals\": [{\"name\": \"a\", \"role\": \"reader\", \"access_key_id\": \"K1\", "
         "\"secret_access_key\": SECRET}]}",
         "auth file t: invalid token (line 1, column 98)"},
        {"{\"principals\": [], \"principals\": []}",
         "auth file t: duplicate object key (line 1, column 31)"},
        {"{\"principals\": [{\"name\": \"a b\", \"role\": \"reader\", \"tokens\": []}]}",
         "auth file t: principals[0]: name must be 1 to 128 of A-Z a-z 0-9 _ . @ : -"},
        {"[]", "auth file t: must be an object with one member, \"principals\": [...]"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct auth_set *a = (struct auth_set *)1;
        struct srv_error err;
        int rc;
        srv_error_init(&err);
        rc = auth_parse_text(cases[i].text, strlen(cases[i].text), "t", &a, &err);
        if (cases[i].msg == NULL) {
            if (rc != CAT_OK)
                fail_msg("case %zu: %s", i, err.msg);
            assert_non_null(a);
            if (i == 0)
                assert_string_equal(auth_by_key(a, "K1")->name, "a");
            auth_release(a);
        } else {
            assert_int_equal(rc, CAT_EINVAL);
            assert_null(a);
            assert_string_equal(err.msg, cases[i].msg);
            assert_null(strstr(err.msg, "SECRET"));
        }
    }
}

/* The file reader: a file it cannot open is named with the reason. */
static void test_open_missing(void **state)
{
    struct auth_store *s = (struct auth_store *)1;
    struct srv_error err;
    (void)state;
    srv_error_init(&err);
    assert_int_equal(auth_store_open(&s, "/nonexistent/auth.json", &err), CAT_EINVAL);
    assert_null(s);
    assert_string_equal(err.msg, "auth file /nonexistent/auth.json: cannot open it: No such file "
                                 "or directory");
}

static void test_patterns(void **state)
{
    static const struct {
        const char *pattern, *name;
        int match;
    } cases[] = {
        {"sales_*", "sales_eu", 1},
        {"sales_*", "SALES_EU", 1},
        {"sales_*", "sales", 0},
        {"sales_*|finance", "finance", 1},
        {"sales_*|finance", "finance2", 0},
        {"*", "", 1},
        {"a*b*c", "axxbyyc", 1},
        {"a*b*c", "axxbyy", 0},
        {"", "", 1},
        {"x", "", 0},
        {"*_eu", "sales_eu", 1},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(auth_pattern_match(cases[i].pattern, cases[i].name), cases[i].match);
}

static void test_hosts(void **state)
{
    static const char *const allowed[] = {"catalog.example", NULL};
    static const struct {
        const char *host;
        int ok;
    } cases[] = {
        {NULL, 1},
        {"localhost", 1},
        {"LOCALHOST:8049", 1},
        {"a.localhost", 1},
        {"127.0.0.1", 1},
        {"127.9.8.7:1", 1},
        {"[::1]:8049", 1},
        {"localhost.", 1},
        {"catalog.example", 1},
        {"catalog.example:80", 1},
        {"evil.example", 0},
        {"127.0.0.1.evil.example", 0},
        {"128.0.0.1", 0},
        {"", 0},
        {"localhost.evil", 0},
        {"127.0.0.256", 0},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(auth_host_allowed(cases[i].host, allowed), cases[i].ok);
}

static void test_by_key(void **state)
{
    static const char doc[] =
        "{\"principals\": [{\"name\": \"p1\", \"access_key_id\": \"AKIAONE0000000000001\", "
        "\"secret_access_key\": \"s1\", \"role\": \"admin\"},"
        "{\"name\": \"tok\", \"tokens\": [\"tok-token-0123456789\"], \"role\": \"reader\"},"
        "{\"name\": \"p2\", \"access_key_id\": \"AKIAONE0000000000002\", "
        "\"secret_access_key\": \"s2\", \"role\": \"reader\"},"
        "{\"name\": \"p3\", \"access_key_id\": \"AKIASHORT\", "
        "\"secret_access_key\": \"s3\", \"role\": \"writer\"}]}";
    static const struct {
        const char *key, *name; /* name NULL: no principal */
    } cases[] = {
        {"AKIAONE0000000000001", "p1"},
        {"AKIAONE0000000000002", "p2"},
        {"AKIASHORT", "p3"},
        {"AKIAONE0000000000003", NULL},
        {"akiaone0000000000001", NULL},
        {"AKIAONE000000000000", NULL},   /* a prefix of p1's */
        {"AKIAONE00000000000011", NULL}, /* p1's and one more */
        {"AKIASHOR", NULL},
        {"AKIASHORT\t", NULL},
        {"AKIASHORTAKIASHORT", NULL},
        {"", NULL},
        {"tok-token-0123456789", NULL}, /* a bearer token is no access key */
    };
    struct auth_store *s = open_doc(doc);
    struct auth_set *a;
    size_t i;
    (void)state;
    assert_non_null(s);
    a = auth_acquire(s);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct auth_principal *p = auth_by_key(a, cases[i].key);
        if (cases[i].name == NULL) {
            if (p != NULL)
                fail_msg("key \"%s\" found principal %s", cases[i].key, p->name);
        } else {
            if (p == NULL)
                fail_msg("key \"%s\" found no principal", cases[i].key);
            assert_string_equal(p->name, cases[i].name);
        }
    }
    auth_release(a);
    auth_store_close(s);
}

static void test_permit(void **state)
{
    struct auth_set *a = auth_acquire(store);
    const struct auth_principal *bi = NULL, *aws = auth_by_key(a, "AKIDEXAMPLE");
    struct srv_error err;
    json_t *out;
    static const struct {
        const char *op;
        int writes;
        const char *in;
        int rc;
        const char *msg;
    } cases[] = {
        {"GetTable", 0, "{\"DatabaseName\": \"sales_eu\", \"Name\": \"t\"}", CAT_OK, ""},
        {"GetTable", 0, "{\"DatabaseName\": \"Finance\", \"Name\": \"t\"}", CAT_OK, ""},
        {"GetTable", 0, "{\"DatabaseName\": \"hr\", \"Name\": \"t\"}", CAT_EACCESS,
         "User: bi is not authorized to perform: glue:GetTable on resource: database/hr."},
        {"GetDatabase", 0, "{\"Name\": \"ops\"}", CAT_OK, ""},
        {"GetDatabases", 0, "{}", CAT_OK, ""},
        {"GetUserDefinedFunctions", 0, "{\"Pattern\": \"*\"}", CAT_EACCESS,
         "User: bi is not authorized to perform: glue:GetUserDefinedFunctions (it names no "
         "database and bi is limited to some)."},
        /* crawler.c checks the stored crawler; SearchTables lists only what bi may see */
        {"GetCrawlers", 0, "{}", CAT_OK, ""},
        {"StartCrawler", 0, "{\"Name\": \"c\"}", CAT_OK, ""},
        {"SearchTables", 0, "{}", CAT_OK, ""},
        /* a scoped principal's patterns name databases of the default catalog only */
        {"GetTable", 0, "{\"CatalogId\": \"111\", \"DatabaseName\": \"sales_eu\", \"Name\": \"t\"}",
         CAT_EACCESS,
         "User: bi is not authorized to perform: glue:GetTable on resource: catalog/111 (bi is "
         "limited to databases of catalog 123456789012)."},
        {"GetTable", 0,
         "{\"CatalogId\": \"123456789012\", \"DatabaseName\": \"sales_eu\", \"Name\": \"t\"}",
         CAT_OK, ""},
        {"CreateCrawler", 0,
         "{\"DatabaseName\": \"sales_eu\", \"Targets\": {\"CatalogTargets\": "
         "[{\"DatabaseName\": \"sales_us\", \"Tables\": [\"t\"]}, "
         "{\"DatabaseName\": \"hr\", \"Tables\": [\"t\"]}]}}",
         CAT_EACCESS,
         "User: bi is not authorized to perform: glue:CreateCrawler on resource: database/hr."},
        {"CreateTable", 1, "{\"DatabaseName\": \"sales_eu\"}", CAT_EACCESS,
         "User: bi is not authorized to perform: glue:CreateTable (role reader may only read)."},
    };
    size_t i;
    (void)state;
    assert_non_null(aws);
    assert_int_equal(auth_bearer(a, "Bearer bi-token-0123456789", &bi, &err), CAT_OK);
    assert_string_equal(bi->name, "bi");
    assert_int_equal(auth_bearer(a, "Bearer bi-token-0123456780", &bi, &err), CAT_EAUTH);
    assert_int_equal(auth_bearer(a, "Basic x", &bi, &err), CAT_EUNSIGNED);
    assert_int_equal(auth_bearer(a, "Bearer bi-token-0123456789", &bi, &err), CAT_OK);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *in = json_loads(cases[i].in, 0, NULL);
        srv_error_init(&err);
        assert_int_equal(auth_permit(bi, cases[i].op, cases[i].writes, in, "123456789012", &err),
                         cases[i].rc);
        assert_string_equal(err.msg, cases[i].msg);
        /* admin, unscoped: everything */
        assert_int_equal(auth_permit(aws, cases[i].op, cases[i].writes, in, "123456789012", &err),
                         CAT_OK);
        json_decref(in);
    }
    out = json_loads("{\"DatabaseList\": [{\"Name\": \"sales_eu\"}, {\"Name\": \"hr\"}, "
                     "{\"Name\": \"ops\"}]}",
                     0, NULL);
    auth_filter(bi, "GetDatabases", out);
    assert_int_equal(json_array_size(json_object_get(out, "DatabaseList")), 2);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(out, "DatabaseList"), 1), "Name")),
                        "ops");
    json_decref(out);
    auth_release(a);
}

/* A crawler is the caller's when all its databases are; a crawl runs while its owner's
** rights still cover it. */
static void test_crawler_rights(void **state)
{
    struct auth_set *a = auth_acquire(store);
    const struct auth_principal *bi = NULL, *aws = auth_by_key(a, "AKIDEXAMPLE");
    struct srv_error err;
    json_t *mine = json_loads("{\"Name\": \"c1\", \"DatabaseName\": \"sales_eu\", \"Targets\": "
                              "{\"CatalogTargets\": [{\"DatabaseName\": \"finance\"}]}}",
                              0, NULL);
    json_t *theirs = json_loads("{\"Name\": \"c2\", \"DatabaseName\": \"sales_eu\", \"Targets\": "
                                "{\"CatalogTargets\": [{\"DatabaseName\": \"hr\"}]}}",
                                0, NULL);
    (void)state;
    srv_error_init(&err);
    assert_int_equal(auth_bearer(a, "Bearer bi-token-0123456789", &bi, &err), CAT_OK);
    assert_null(auth_crawler_denied(bi, mine));
    assert_string_equal(auth_crawler_denied(bi, theirs), "hr");
    assert_null(auth_crawler_denied(aws, theirs));
    assert_null(auth_crawler_denied(NULL, theirs));
    assert_int_equal(auth_crawler_permit(bi, "UpdateCrawler", theirs, &err), CAT_EACCESS);
    assert_string_equal(err.msg, "User: bi is not authorized to perform: glue:UpdateCrawler on "
                                 "resource: crawler/c2.");
    assert_int_equal(auth_crawl_permit(a, "aws", theirs, "123", "123", &err), CAT_OK);
    assert_int_equal(auth_crawl_permit(a, "bi", mine, "123", "123", &err), CAT_EACCESS);
    assert_string_equal(err.msg, "The crawler's owner bi may no longer write (role reader). "
                                 "Nothing was written.");
    assert_int_equal(auth_crawl_permit(a, "gone", mine, "123", "123", &err), CAT_EACCESS);
    assert_string_equal(err.msg, "The crawler's owner gone is no longer a principal of the auth "
                                 "file. Nothing was written.");
    assert_int_equal(auth_crawl_permit(a, NULL, mine, "123", "123", &err), CAT_EACCESS);
    assert_non_null(strstr(err.msg, "has no recorded owner"));
    json_decref(mine);
    json_decref(theirs);
    auth_release(a);
}

/* AWS's SigV4 test suite, get-vanilla: GET / with host and x-amz-date, service "service". */
static void test_sigv4_vanilla(void **state)
{
    static const char good[] =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, "
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    struct http_pair hs[3] = {{"Host", "example.amazonaws.com"},
                              {"X-Amz-Date", "20150830T123600Z"},
                              {"Authorization", good}};
    struct http_info info = {"GET", "/", NULL, 0, hs, 3, "127.0.0.1", "id"};
    struct auth_set *a = auth_acquire(store);
    const struct auth_principal *who;
    struct srv_error err;
    time_t now = 1440938160; /* 2015-08-30T12:36:00Z */
    (void)state;
    srv_error_init(&err);
    assert_int_equal(sigv4_verify(a, &info, "", 0, "service", NULL, now, &who, &err), CAT_OK);
    assert_string_equal(who->name, "aws");
    /* the same request 16 minutes later, for another service, with another body */
    assert_int_equal(sigv4_verify(a, &info, "", 0, "service", NULL, now + 960, &who, &err),
                     CAT_ESIGNATURE);
    assert_string_equal(err.msg, "Signature expired: 20150830T123600Z is now earlier than "
                                 "20150830T123700Z (20150830T125200Z - 15 min.)");
    assert_int_equal(sigv4_verify(a, &info, "", 0, "glue", NULL, now, &who, &err), CAT_ESIGNATURE);
    assert_int_equal(sigv4_verify(a, &info, "x", 1, "service", NULL, now, &who, &err),
                     CAT_ESIGNATURE);
    assert_null(who);
    { /* a header the front requires signed (the Glue front: x-amz-target) but not signed */
        static const char *const target[] = {"x-amz-target", NULL}, *const date[] = {"x-amz-date",
                                                                                     NULL};
        assert_int_equal(sigv4_verify(a, &info, "", 0, "service", target, now, &who, &err),
                         CAT_ESIGNATURE);
        assert_string_equal(err.msg,
                            "'x-amz-target' must be a 'SignedHeader' in the AWS Authorization.");
        assert_null(who);
        assert_int_equal(sigv4_verify(a, &info, "", 0, "service", date, now, &who, &err), CAT_OK);
    }
    hs[1].value = "20150830T123601Z"; /* another date, same scope: the signature differs */
    assert_int_equal(sigv4_verify(a, &info, "", 0, "service", NULL, now, &who, &err),
                     CAT_ESIGNATURE);
    hs[1].value = "20150830T123600Z";
    hs[2].value = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                  "aws4_request, SignedHeaders=x-amz-date, Signature=00";
    assert_int_equal(sigv4_verify(a, &info, "", 0, "service", NULL, now, &who, &err),
                     CAT_ESIGNATURE);
    assert_string_equal(
        err.msg, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    auth_release(a);
}

static void test_sigv4_parse(void **state)
{
    static const struct {
        const char *header;
        int rc;
        const char *msg;
    } cases[] = {
        {NULL, CAT_EUNSIGNED, "Missing Authentication Token"},
        {"totally bogus", CAT_EINCOMPLETESIG,
         "Unsupported AWS 'algorithm': the Authorization header must begin with "
         "AWS4-HMAC-SHA256."},
        {"Bearer s3cr3tt0k3n", CAT_EINCOMPLETESIG, /* the value is not quoted back */
         "Unsupported AWS 'algorithm': the Authorization header must begin with "
         "AWS4-HMAC-SHA256."},
        {"AWS4-HMAC-SHA256 ", CAT_EINCOMPLETESIG,
         "Authorization header requires 'Credential' parameter. Authorization header requires "
         "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."},
        {"AWS4-HMAC-SHA256 Credential=a/b, SignedHeaders=host, Signature=00", CAT_EINCOMPLETESIG,
         "Credential should have exactly 5 slash-delimited elements, e.g. "
         "keyid/date/region/service/term."},
        {"AWS4-HMAC-SHA256 Credential=K/20150830/r/s/aws4_request,SignedHeaders=host,Signature=ab",
         CAT_OK, ""},
    };
    struct sigv4_auth au;
    struct srv_error err;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        srv_error_init(&err);
        assert_int_equal(sigv4_parse(cases[i].header, &au, &err), cases[i].rc);
        assert_string_equal(err.msg, cases[i].msg);
    }
    assert_string_equal(au.access_key, "K");
    assert_string_equal(au.region, "r");
    assert_string_equal(au.signed_headers, "host");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_patterns),       cmocka_unit_test(test_by_key),
        cmocka_unit_test(test_hosts),          cmocka_unit_test(test_permit),
        cmocka_unit_test(test_crawler_rights), cmocka_unit_test(test_sigv4_vanilla),
        cmocka_unit_test(test_sigv4_parse),    cmocka_unit_test(test_parse_text),
        cmocka_unit_test(test_open_missing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
