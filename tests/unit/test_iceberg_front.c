/* test_iceberg_front.c -- unit tests for the Iceberg front (front/iceberg.c): the namespace
** decoder, the endpoints list, routing with and without the {prefix}, HEAD and the error body,
** on a :memory: store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_check.h"
#include "front/iceberg.h"
#include "registry/registry.h"

/* The namespace decoder: raw segment (encoded or not) -> database name, or the message. */
static void test_namespace_name(void **state)
{
    static const struct {
        const char *raw;
        int encoded;
        const char *name, *msg; /* NAME NULL: refused with MSG */
    } cases[] = {
        {"sales", 1, "sales", NULL},
        {"sales%1Feu", 1, "sales.eu", NULL},
        {"sales%1feu%1Fq1", 1, "sales.eu.q1", NULL},
        {"a+b", 1, "a b", NULL},
        {"caf%C3%A9", 1, "caf\xc3\xa9", NULL},
        {"a\x1f"
         "b",
         0, "a.b", NULL},
        {"a%1Fb", 0, "a%1Fb", NULL}, /* unencoded: '%' is a character */
        {"", 1, NULL, "The namespace is empty."},
        {"%1F", 1, NULL, "A level of the namespace is empty."},
        {"a%1F", 1, NULL, "A level of the namespace is empty."},
        {"a%1F%1Fb", 1, NULL, "A level of the namespace is empty."},
        {"a.b", 1, NULL,
         "Namespace level 'a.b' holds a '.': catalogd joins the levels of a namespace with '.' "
         "into "
         "a database name."},
        {"x%1Fa%2Eb", 1, NULL,
         "Namespace level 'a.b' holds a '.': catalogd joins the levels of a namespace with '.' "
         "into "
         "a database name."},
        {"a%zz", 1, NULL, "The namespace is not valid URL-encoded UTF-8."},
        {"a%", 1, NULL, "The namespace is not valid URL-encoded UTF-8."},
        {"a%00", 1, NULL, "The namespace is not valid URL-encoded UTF-8."},
        {"a%C3", 1, NULL, "The namespace is not valid URL-encoded UTF-8."},
        {"a\xc3", 0, NULL, "The namespace is not valid UTF-8 or holds a NUL."},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct srv_error err;
        char *name = NULL;
        int rc;
        srv_error_init(&err);
        rc = iceberg_namespace_name(cases[i].raw, strlen(cases[i].raw), cases[i].encoded, &name,
                                    &err);
        if (cases[i].name) {
            assert_int_equal(rc, CAT_OK);
            assert_string_equal(name, cases[i].name);
        } else {
            assert_int_equal(rc, CAT_EINVAL);
            assert_null(name);
            assert_string_equal(err.msg, cases[i].msg);
        }
        free(name);
    }
    {
        json_t *l = iceberg_namespace_levels("a.b.c"), *e = iceberg_namespace_levels("");
        char *t = json_dumps(l, JSON_COMPACT);
        assert_string_equal(t, "[\"a\",\"b\",\"c\"]");
        assert_int_equal(json_array_size(e), 0);
        free(t);
        json_decref(l);
        json_decref(e);
    }
}

/* Endpoints: the spec's form, and only routes whose operation is in the registry. */
static void test_endpoints(void **state)
{
    json_t *eps = iceberg_endpoints(), *e;
    size_t i;
    int create = 0, head = 0;
    (void)state;
    json_array_foreach(eps, i, e) {
        const char *s = json_string_value(e);
        assert_non_null(strstr(s, " /v1/{prefix}/"));
        create |= strcmp(s, "POST /v1/{prefix}/namespaces") == 0;
        head |= strcmp(s, "HEAD /v1/{prefix}/namespaces/{namespace}") == 0;
        if (strstr(s, "/transactions/commit"))
            assert_non_null(ops_find("IcebergCommitTransaction"));
        if (strcmp(s, "GET /v1/{prefix}/namespaces") == 0)
            assert_non_null(ops_find("IcebergListNamespaces"));
    }
    assert_true(create && head);
    json_decref(eps);
}

/* METHOD PATH (query allowed) with BODY through iceberg_handle(): the status; *OUT the body
** parsed (or NULL), *ALLOW the Allow header. */
static int send_req(const char *method, const char *path, const char *body, json_t **out,
                    char allow[48])
{
    struct rest_request rq;
    struct http_response resp;
    struct rest_param params[4];
    char path_only[256], *q;
    int status;
    memset(&rq, 0, sizeof(rq));
    memset(&resp, 0, sizeof(resp));
    snprintf(path_only, sizeof(path_only), "%s", path);
    rq.params = params;
    if ((q = strchr(path_only, '?')) != NULL) {
        char *eq;
        *q++ = '\0';
        params[0].key = q;
        params[0].value = (eq = strchr(q, '=')) ? eq + 1 : NULL;
        if (eq)
            *eq = '\0';
        rq.nparams = 1;
    }
    rq.method = method;
    rq.path = path_only;
    rq.body = body ? body : "";
    rq.body_len = body ? strlen(body) : 0;
    rq.request_id = "r";
    iceberg_handle(&app, &rq, &resp);
    status = resp.status;
    if (out)
        *out = resp.body ? json_loadb(resp.body, resp.len, 0, NULL) : NULL;
    if (allow)
        memcpy(allow, resp.allow, sizeof(resp.allow));
    if (strcmp(method, "HEAD") == 0 || status == 204)
        assert_null(resp.body);
    free(resp.body);
    free(resp.etag);
    free(resp.location);
    return status;
}

static const char *err_type(const json_t *out)
{
    return json_string_value(json_object_get(json_object_get(out, "error"), "type"));
}

static void test_routing(void **state)
{
    json_t *out = NULL;
    char allow[48];
    (void)state;
    assert_true(iceberg_owns("/iceberg"));
    assert_true(iceberg_owns("/iceberg/v1/config"));
    assert_false(iceberg_owns("/icebergs"));
    assert_false(iceberg_owns("/v1/iceberg"));
    assert_int_equal(send_req("GET", "/iceberg/v1/config", NULL, &out, NULL), 200);
    assert_non_null(json_object_get(out, "endpoints"));
    json_decref(out);
    assert_int_equal(
        send_req("POST", "/iceberg/v1/namespaces", "{\"namespace\": [\"a\", \"b\"]}", &out, NULL),
        200);
    json_decref(out);
    /* with and without a prefix (an empty one is the default catalog) */
    assert_int_equal(send_req("HEAD", "/iceberg/v1/namespaces/a%1Fb", NULL, NULL, NULL), 204);
    assert_int_equal(send_req("HEAD", "/iceberg/v1//namespaces/a%1Fb", NULL, NULL, NULL), 204);
    assert_int_equal(
        send_req("HEAD", "/iceberg/v1/000000000000/namespaces/a%1Fb", NULL, NULL, NULL), 204);
    assert_int_equal(
        send_req("HEAD", "/iceberg/v1/111111111111/namespaces/a%1Fb", NULL, NULL, NULL), 404);
    /* "namespaces" as the first segment is the route, not a prefix */
    assert_int_equal(send_req("GET", "/iceberg/v1/namespaces/namespaces", NULL, &out, NULL), 404);
    assert_string_equal(err_type(out), "NoSuchNamespaceException");
    json_decref(out);
    assert_int_equal(send_req("GET", "/iceberg/v1/x/y", NULL, &out, NULL), 404);
    assert_string_equal(err_type(out), "NoSuchEndpointException");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "error"), "code")),
                     404);
    json_decref(out);
    assert_int_equal(send_req("PATCH", "/iceberg/v1/cat/namespaces", NULL, &out, allow), 405);
    assert_string_equal(allow, "GET, POST");
    assert_string_equal(err_type(out), "MethodNotAllowedException");
    json_decref(out);
    assert_int_equal(send_req("GET", "/iceberg/v1/config?warehouse=w%1", NULL, &out, NULL), 400);
    assert_string_equal(err_type(out), "BadRequestException");
    json_decref(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_namespace_name),
        cmocka_unit_test(test_endpoints),
        cmocka_unit_test(test_routing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
