/* test_glue.c -- unit tests for glue.c: target dispatch through the registry, body checks, Glue
** error bodies and headers, and the framing of text-page answers, on a :memory: store. */
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
#include "front/glue.h"
#include "store/store.h"

/* Call AWSGlue.OP (NULL: no X-Amz-Target; a name starting with '!' is sent as the whole
** target) with BODY; expect STATUS; return the parsed answer. */
static json_t *call(const char *op, const char *body, int status)
{
    struct http_response r;
    char target[128];
    json_error_t jerr;
    json_t *out;
    if (op && op[0] == '!')
        snprintf(target, sizeof(target), "%s", op + 1);
    else if (op)
        snprintf(target, sizeof(target), "AWSGlue.%s", op);
    glue_handle(&app, op ? target : NULL, body, strlen(body), &r);
    if (r.status != status)
        fail_msg("%s -> %d, want %d: %.*s", op ? op : "(none)", r.status, status, (int)r.len,
                 r.body);
    assert_string_equal(r.content_type, "application/x-amz-json-1.1");
    assert_int_equal(strlen(r.body), r.len);
    if ((out = json_loadb(r.body, r.len, 0, &jerr)) == NULL)
        fail_msg("answer is not JSON: %s", r.body);
    if (status >= 400) {
        assert_non_null(r.error_type);
        assert_string_equal(r.error_type, json_string_value(json_object_get(out, "__type")));
    } else {
        assert_null(r.error_type);
    }
    free(r.body);
    return out;
}

/* Expect a Glue error of TYPE with exactly MESSAGE. */
static void fails(const char *op, const char *body, int status, const char *type,
                  const char *message)
{
    json_t *out = call(op, body, status);
    assert_string_equal(json_string_value(json_object_get(out, "__type")), type);
    assert_string_equal(json_string_value(json_object_get(out, "message")), message);
    assert_int_equal(json_object_size(out), 2);
    json_decref(out);
}

static void test_targets(void **state)
{
    static const struct {
        const char *target, *message;
    } cases[] = {
        {NULL, "Missing or malformed X-Amz-Target header; expected AWSGlue.<Operation>."},
        {"!GetTable", "Missing or malformed X-Amz-Target header; expected AWSGlue.<Operation>."},
        {"!AWSGlue", "Missing or malformed X-Amz-Target header; expected AWSGlue.<Operation>."},
        {"GetTablez", "Operation GetTablez is not supported."},
        {"gettable", "Operation gettable is not supported."},
        {"", "Operation  is not supported."},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        fails(cases[i].target, "{}", 400, "UnknownOperationException", cases[i].message);
}

static void test_bodies(void **state)
{
    (void)state;
    fails("GetDatabases", "[]", 400, "InvalidInputException",
          "The request body must be a JSON object.");
    fails("GetDatabases", "{\"a\": 1, \"a\": 2}", 400, "InvalidInputException",
          "Malformed request body: duplicate object key near '\"a\"' (at byte 12).");
    fails("GetDatabase", "{}", 400, "InvalidInputException",
          "1 validation error detected: Value null at 'name' failed to satisfy constraint: "
          "Member must not be null");
    fails("CreateDatabase", "{\"DatabaseInput\": {\"Name\": \"\"}}", 400, "InvalidInputException",
          "1 validation error detected: Value at 'databaseInput.name' failed to satisfy "
          "constraint: Member must have length greater than or equal to 1");
    /* no body at all is an empty request (some clients send none for parameterless calls) */
    json_decref(call("GetDatabases", "", 200));
}

static void test_objects_and_errors(void **state)
{
    json_t *out;
    (void)state;
    json_decref(call("CreateDatabase", "{\"DatabaseInput\": {\"Name\": \"Sales\"}}", 200));
    fails("CreateDatabase", "{\"DatabaseInput\": {\"Name\": \"sales\"}}", 400,
          "AlreadyExistsException", "Database sales already exists.");
    out = call("GetDatabase", "{\"Name\": \"SALES\"}", 200);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(out, "Database"), "Name")), "sales");
    json_decref(out);
    fails("GetDatabase", "{\"Name\": \"nope\"}", 400, "EntityNotFoundException",
          "Database nope not found.");
}

static void test_text_pages_are_framed(void **state)
{
    json_t *out;
    (void)state;
    json_decref(call("CreateDatabase", "{\"DatabaseInput\": {\"Name\": \"d\"}}", 200));
    json_decref(call("CreateTable",
                     "{\"DatabaseName\": \"d\", \"TableInput\": {\"Name\": \"t\", "
                     "\"PartitionKeys\": [{\"Name\": \"k\", \"Type\": \"string\"}]}}",
                     200));
    json_decref(call("BatchCreatePartition",
                     "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionInputList\": "
                     "[{\"Values\": [\"a\"]}, {\"Values\": [\"b\"]}, {\"Values\": [\"c\"]}]}",
                     200));
    out = call("GetPartitions",
               "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"MaxResults\": 2}", 200);
    assert_int_equal(json_array_size(json_object_get(out, "Partitions")), 2);
    assert_true(json_is_string(json_object_get(out, "NextToken")));
    assert_int_equal(json_object_size(out), 2);
    json_decref(out);
    out = call("GetPartitions",
               "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"Expression\": "
               "\"k > 'x'\"}",
               200);
    assert_int_equal(json_array_size(json_object_get(out, "Partitions")), 0);
    assert_null(json_object_get(out, "NextToken"));
    json_decref(out);
    out = call("GetPartition",
               "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionValues\": "
               "[\"b\"]}",
               200);
    assert_string_equal(json_string_value(json_array_get(
                            json_object_get(json_object_get(out, "Partition"), "Values"), 0)),
                        "b");
    json_decref(out);
    out = call("BatchGetPartition",
               "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionsToGet\": "
               "[{\"Values\": [\"a\"]}, {\"Values\": [\"a\"]}, {\"Values\": [\"zz\"]}]}",
               200);
    assert_int_equal(json_array_size(json_object_get(out, "Partitions")), 1);
    assert_true(json_is_array(json_object_get(out, "UnprocessedKeys")));
    json_decref(out);
    fails("GetPartitions",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"Expression\": \"k >\"}", 400,
          "InvalidInputException",
          "Unsupported expression: expected a column or literal but found end of expression at "
          "position 4.");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_targets),
        T(test_bodies),
        T(test_objects_and_errors),
        T(test_text_pages_are_framed),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
