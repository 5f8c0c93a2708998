/* test_rest.c -- unit tests for rest.c: route matching, methods, percent-decoding of
** partition specs, ETag conditions and error bodies, on a :memory: store. */
/* A conformance test of both store backends: on SQLite's :memory:, and on PostgreSQL too when
** CATALOG_TEST_PG is set (a fresh database per group; make unit-pg). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app_check.h"
#include "front/metrics.h"
#include "front/rest.h"
#include "store/sqlite/sqlite_int.h"
#include "store/store.h"

/* Send METHOD PATH with BODY (JSON, may be NULL) and optional conditional headers.
** Returns the status; *OUT (if given) gets the parsed body (new reference or NULL). */
static int send_req(const char *method, const char *path, const char *body, const char *if_match,
                    const char *if_none_match, json_t **out, struct http_response *keep)
{
    struct rest_request rq;
    struct http_response resp;
    struct rest_param params[8];
    char path_only[512], *q;
    int status;
    memset(&rq, 0, sizeof(rq));
    memset(&resp, 0, sizeof(resp));
    rq.method = method;
    rq.path = path_only;
    rq.params = params;
    /* PATH may carry a query: cut it into raw key=value parameters as the HTTP layer does */
    snprintf(path_only, sizeof(path_only), "%s", path);
    if ((q = strchr(path_only, '?')) != NULL) {
        char *save = NULL, *kv;
        *q++ = '\0';
        for (kv = strtok_r(q, "&", &save); kv && rq.nparams < 8; kv = strtok_r(NULL, "&", &save)) {
            char *eq = strchr(kv, '=');
            if (eq)
                *eq = '\0';
            params[rq.nparams].key = kv;
            params[rq.nparams++].value = eq ? eq + 1 : NULL;
        }
    }
    rq.body = body ? body : "";
    rq.body_len = body ? strlen(body) : 0;
    rq.content_type = body ? "application/json" : NULL;
    rq.if_match = if_match;
    rq.if_none_match = if_none_match;
    rq.request_id = "00000000-0000-0000-0000-000000000000";
    rest_handle(&app, &rq, &resp);
    status = resp.status;
    if (out)
        *out = resp.body && resp.len ? json_loadb(resp.body, resp.len, 0, NULL) : NULL;
    if (keep) {
        *keep = resp;
        return status;
    }
    free(resp.body);
    free(resp.location);
    free(resp.etag);
    return status;
}

static void test_rest_routes_and_methods(void **state)
{
    struct http_response resp;
    json_t *out = NULL;
    (void)state;
    assert_true(rest_owns("/v1/databases"));
    assert_true(rest_owns("/health"));
    assert_false(rest_owns("/"));
    assert_false(rest_owns("/v10"));
    assert_true(rest_owns("/openapi.yaml"));
    assert_true(rest_owns_index("GET", "/"));
    assert_false(rest_owns_index("POST", "/")); /* the Glue front's */
    assert_false(rest_owns_index("GET", "/x"));
    assert_int_equal(send_req("GET", "/v1/nope", NULL, NULL, NULL, &out, NULL), 404);
    assert_string_equal(json_string_value(json_object_get(out, "code")), "NotFound");
    assert_string_equal(json_string_value(json_object_get(out, "request_id")),
                        "00000000-0000-0000-0000-000000000000");
    json_decref(out);
    assert_int_equal(send_req("PATCH", "/v1/databases", NULL, NULL, NULL, NULL, &resp), 405);
    assert_string_equal(resp.allow, "GET, POST");
    free(resp.body);
    free(resp.location);
    free(resp.etag);
}

static void test_rest_create_then_conditional_get(void **state)
{
    struct http_response resp;
    json_t *out = NULL;
    char *etag;
    (void)state;
    assert_int_equal(
        send_req("POST", "/v1/databases", "{\"Name\": \"Db\"}", NULL, NULL, NULL, &resp), 201);
    assert_string_equal(resp.location, "/v1/databases/db");
    free(resp.body);
    free(resp.location);
    free(resp.etag);
    assert_int_equal(send_req("POST", "/v1/databases/db/tables",
                              "{\"Name\": \"t\", \"PartitionKeys\": [{\"Name\": \"p\", "
                              "\"Type\": \"string\"}]}",
                              NULL, NULL, NULL, &resp),
                     201);
    assert_string_equal(resp.etag, "\"0\"");
    etag = resp.etag;
    free(resp.body);
    free(resp.location);
    assert_int_equal(send_req("GET", "/v1/databases/db/tables/t", NULL, NULL, etag, NULL, NULL),
                     304);
    assert_int_equal(send_req("PUT", "/v1/databases/db/tables/t", "{\"Description\": \"x\"}",
                              "\"7\"", NULL, &out, NULL),
                     412);
    json_decref(out);
    assert_int_equal(send_req("PUT", "/v1/databases/db/tables/t",
                              "{\"Description\": \"x\", \"PartitionKeys\": [{\"Name\": \"p\", "
                              "\"Type\": \"string\"}]}",
                              etag, NULL, NULL, &resp),
                     200);
    assert_string_equal(resp.etag, "\"1\"");
    free(etag);
    free(resp.body);
    free(resp.location);
    free(resp.etag);
    /* a list matches when any tag is current; * matches any version */
    assert_int_equal(send_req("PUT", "/v1/databases/db/tables/t",
                              "{\"PartitionKeys\": [{\"Name\": \"p\", \"Type\": \"string\"}]}",
                              "\"9\", \"1\"", NULL, NULL, &resp),
                     200);
    assert_string_equal(resp.etag, "\"2\"");
    free(resp.body);
    free(resp.location);
    free(resp.etag);
    assert_int_equal(send_req("PUT", "/v1/databases/db/tables/t",
                              "{\"PartitionKeys\": [{\"Name\": \"p\", \"Type\": \"string\"}]}", "*",
                              NULL, NULL, &resp),
                     200);
    assert_string_equal(resp.etag, "\"3\"");
    free(resp.body);
    free(resp.location);
    free(resp.etag);
    assert_int_equal(
        send_req("PUT", "/v1/databases/db/tables/t", "{}", "\"1\", \"2\"", NULL, NULL, NULL), 412);
}

static void test_rest_partition_spec_is_percent_decoded(void **state)
{
    json_t *out = NULL;
    (void)state;
    assert_int_equal(send_req("POST", "/v1/databases/db/tables/t/partitions",
                              "{\"partitions\": [{\"Values\": [\"a/b=c d\"]}]}", NULL, NULL, &out,
                              NULL),
                     200);
    assert_int_equal(json_array_size(json_object_get(out, "errors")), 0);
    json_decref(out);
    assert_int_equal(send_req("GET", "/v1/databases/db/tables/t/partitions/p=a%2Fb%3Dc%20d", NULL,
                              NULL, NULL, &out, NULL),
                     200);
    assert_string_equal(json_string_value(json_array_get(json_object_get(out, "Values"), 0)),
                        "a/b=c d");
    json_decref(out);
    /* a key that is not the table's partition key */
    assert_int_equal(
        send_req("GET", "/v1/databases/db/tables/t/partitions/q=x", NULL, NULL, NULL, &out, NULL),
        400);
    json_decref(out);
    assert_int_equal(send_req("DELETE", "/v1/databases/db/tables/t/partitions/p=a%2Fb%3Dc%20d",
                              NULL, NULL, NULL, NULL, NULL),
                     204);
    assert_int_equal(send_req("GET", "/v1/databases/db/tables/t/partitions/p=a%2Fb%3Dc%20d", NULL,
                              NULL, NULL, &out, NULL),
                     404);
    assert_string_equal(json_string_value(json_object_get(out, "code")), "EntityNotFoundException");
    json_decref(out);
}

static void test_rest_bad_bodies(void **state)
{
    struct rest_request rq;
    struct http_response resp;
    (void)state;
    memset(&rq, 0, sizeof(rq));
    memset(&resp, 0, sizeof(resp));
    rq.method = "POST";
    rq.path = "/v1/databases";
    rq.body = "{\"Name\": \"x\"}";
    rq.body_len = strlen(rq.body);
    rq.content_type = "text/plain";
    rq.request_id = "r";
    rest_handle(&app, &rq, &resp);
    assert_int_equal(resp.status, 415);
    free(resp.body);
    free(resp.location);
    free(resp.etag);
    assert_int_equal(send_req("POST", "/v1/databases", "{not json", NULL, NULL, NULL, NULL), 400);
    assert_int_equal(send_req("POST", "/v1/databases", "{\"Name\": 5}", NULL, NULL, NULL, NULL),
                     400);
}

/* Regression: a partition spec naming fewer keys than the table has read the table's key
** array after it was freed (the message said "the table has 0"); valgrind saw it. */
static void test_rest_spec_key_count(void **state)
{
    json_t *out = NULL;
    (void)state;
    assert_int_equal(send_req("POST", "/v1/databases/db/tables",
                              "{\"Name\": \"two\", \"PartitionKeys\": [{\"Name\": \"a\", "
                              "\"Type\": \"string\"}, {\"Name\": \"b\", \"Type\": \"string\"}]}",
                              NULL, NULL, NULL, NULL),
                     201);
    assert_int_equal(
        send_req("GET", "/v1/databases/db/tables/two/partitions/a=x", NULL, NULL, NULL, &out, NULL),
        400);
    assert_string_equal(json_string_value(json_object_get(out, "message")),
                        "The partition spec names 1 keys; the table has 2.");
    json_decref(out);
    assert_int_equal(send_req("GET", "/v1/databases/db/tables/two/partitions/a=x/b=y/c=z", NULL,
                              NULL, NULL, &out, NULL),
                     400);
    assert_string_equal(json_string_value(json_object_get(out, "message")),
                        "The partition spec names 3 keys; the table has 2.");
    json_decref(out);
}

/* Validation errors name the REST API's fields, not the Glue request's members. */
static void test_rest_errors_name_rest_fields(void **state)
{
    static const struct {
        const char *method, *path, *body, *message;
    } cases[] = {
        {"POST", "/v1/databases", "{\"Name\": \"\"}",
         "1 validation error detected: Value at 'Name' failed to satisfy constraint: Member "
         "must have length greater than or equal to 1"},
        {"POST", "/v1/databases", "{\"Name\": \"x\", \"Parameters\": {\"k\": 5}}",
         "1 validation error detected: Value at 'Parameters.k' must be a string"},
        /* a map's key is the user's, dots and quotes included */
        {"POST", "/v1/databases", "{\"Name\": \"x\", \"Parameters\": {\"spark.sql.x\": 5}}",
         "1 validation error detected: Value at 'Parameters.spark.sql.x' must be a string"},
        {"POST", "/v1/databases", "{\"Name\": \"x\", \"Parameters\": {\"it's.a.b\": 5}}",
         "1 validation error detected: Value at 'Parameters.it's.a.b' must be a string"},
        {"GET", "/v1/databases?max_results=0", NULL,
         "1 validation error detected: Value at 'max_results' failed to satisfy constraint: "
         "Member must have value greater than or equal to 1"},
        {"GET", "/v1/databases/db/tables/t/partitions?total_segments=11&segment=0", NULL,
         "1 validation error detected: Value at 'total_segments' failed to satisfy "
         "constraint: Member must have value less than or equal to 10"},
        {"POST", "/v1/databases/db/tables",
         "{\"Name\": \"c\", \"StorageDescriptor\": {\"Columns\": [{\"Name\": \"\"}]}}",
         "1 validation error detected: Value at 'StorageDescriptor.Columns[0].Name' failed to "
         "satisfy constraint: Member must have length greater than or equal to 1"},
        {"POST", "/v1/databases/db/tables/t/partitions",
         "{\"partitions\": [{\"Values\": [\"a\"]}, "
         "{\"Values\": 7}]}",
         "1 validation error detected: Value at 'partitions[1].Values' must be a list (JSON "
         "array)"},
        {"POST", "/v1/databases/db/tables/t/partitions/batch-get", "{\"values\": [[\"a\"], [3]]}",
         "1 validation error detected: Value at 'values[1][0]' must be a string"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *out = NULL;
        int status =
            send_req(cases[i].method, cases[i].path, cases[i].body, NULL, NULL, &out, NULL);
        const char *msg = json_string_value(json_object_get(out, "message"));
        if (status != 400 || msg == NULL || strcmp(msg, cases[i].message) != 0)
            fail_msg("%s %s -> %d %s\n  want: %s", cases[i].method, cases[i].path, status,
                     msg ? msg : "(no message)", cases[i].message);
        json_decref(out);
    }
}

/* If-Match compares strongly: a weak tag never matches (RFC 9110 13.1.1). */
static void test_rest_if_match_is_strong(void **state)
{
    static const char body[] = "{\"PartitionKeys\": [{\"Name\": \"p\", \"Type\": \"string\"}]}";
    json_t *out = NULL;
    (void)state;
    assert_int_equal(send_req("GET", "/v1/databases/db/tables/t", NULL, NULL, NULL, &out, NULL),
                     200);
    {
        char strong[32], weak[40];
        snprintf(strong, sizeof(strong), "\"%s\"",
                 json_string_value(json_object_get(out, "VersionId")));
        snprintf(weak, sizeof(weak), "W/%s", strong);
        json_decref(out);
        assert_int_equal(send_req("PUT", "/v1/databases/db/tables/t", body, weak, NULL, NULL, NULL),
                         412);
        assert_int_equal(
            send_req("PUT", "/v1/databases/db/tables/t", body, strong, NULL, NULL, NULL), 200);
    }
}

/* A store that cannot write (here: the connection made query_only, as one that opened a
** read-only -wal file is): the write is the storage's fault (503, not 403), /health and
** /metrics say "read-only" until a write succeeds. */
static void test_rest_read_only_store_is_reported(void **state)
{
    struct http_response resp;
    struct srv_error err;
    struct store *st;
    json_t *out = NULL;
    (void)state;
    if (app_locator != NULL) { /* PostgreSQL: its storage faults are test_pg_store.c's */
        print_message("a SQLite storage fault: skipped on PostgreSQL\n");
        skip();
    }
    srv_error_init(&err);
    assert_non_null(st = store_acquire(app.pool, &err));
    assert_int_equal(sqlite3_exec(SQ(st)->db, "PRAGMA query_only = 1", NULL, NULL, NULL),
                     SQLITE_OK);
    store_return(app.pool, st);
    assert_int_equal(
        send_req("POST", "/v1/databases", "{\"Name\": \"ro\"}", NULL, NULL, &out, NULL), 503);
    assert_string_equal(json_string_value(json_object_get(out, "code")),
                        "InternalServiceException");
    assert_string_equal(json_string_value(json_object_get(out, "message")),
                        "The catalog's storage is read-only: nothing was written. Check the "
                        "permissions and the mount of the database file, its -wal and -shm "
                        "files and their directory.");
    json_decref(out);
    assert_int_equal(send_req("GET", "/health", NULL, NULL, NULL, &out, NULL), 200);
    assert_string_equal(json_string_value(json_object_get(out, "status")), "degraded");
    assert_string_equal(json_string_value(json_object_get(out, "problem")), "read-only");
    json_decref(out);
    assert_int_equal(send_req("GET", "/metrics", NULL, NULL, NULL, NULL, &resp), 200);
    assert_non_null(strstr(resp.body, "\ncatalogd_store_problem{problem=\"read-only\"} 1\n"));
    assert_non_null(strstr(resp.body, "\ncatalogd_store_problem{problem=\"disk full\"} 0\n"));
    free(resp.body);
    /* writable again: the next write works and clears it */
    assert_non_null(st = store_acquire(app.pool, &err));
    assert_int_equal(sqlite3_exec(SQ(st)->db, "PRAGMA query_only = 0", NULL, NULL, NULL),
                     SQLITE_OK);
    store_return(app.pool, st);
    assert_int_equal(
        send_req("POST", "/v1/databases", "{\"Name\": \"ro\"}", NULL, NULL, NULL, NULL), 201);
    assert_int_equal(send_req("GET", "/health", NULL, NULL, NULL, &out, NULL), 200);
    assert_string_equal(json_string_value(json_object_get(out, "status")), "ok");
    json_decref(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rest_routes_and_methods),
        cmocka_unit_test(test_rest_create_then_conditional_get),
        cmocka_unit_test(test_rest_partition_spec_is_percent_decoded),
        cmocka_unit_test(test_rest_bad_bodies),
        cmocka_unit_test(test_rest_spec_key_count),
        cmocka_unit_test(test_rest_errors_name_rest_fields),
        cmocka_unit_test(test_rest_if_match_is_strong),
        cmocka_unit_test(test_rest_read_only_store_is_reported),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
