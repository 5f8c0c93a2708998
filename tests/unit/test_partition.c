/* test_partition.c -- unit tests for partition.c: CRUD, text pages (GetPartition, GetPartitions,
** BatchGetPartition) framed as Glue does, paging, the answer byte cap, duplicate keys. */
/* A conformance test of both store backends: on SQLite's :memory:, and on PostgreSQL too when
** CATALOG_TEST_PG is set (a fresh database per test; make unit-pg). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <jansson.h>

#include "ops/partition.h"
#include "ops/table.h"
#include "resource_check.h"

#include "ops/database.h"

/* A page-answering operation's answer, framed as the Glue front frames it (ok_ does it). */
#define PAGE(fn, ...) OK(fn, __VA_ARGS__)

/* Database d, table d.t partitioned by (day date, n int), with 20 partitions:
** day 2024-06-01..2024-06-10 x n 1..2. */
static void make_table(struct op_ctx *ctx)
{
    char body[16384];
    int len, i;
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    DO(table_create,
       "{\"DatabaseName\": \"d\", \"TableInput\": {\"Name\": \"t\","
       " \"StorageDescriptor\": {\"Columns\": [{\"Name\": \"x\", \"Type\": \"string\"}],"
       " \"Location\": \"s3://b/t/\"},"
       " \"PartitionKeys\": [{\"Name\": \"day\", \"Type\": \"date\"},"
       " {\"Name\": \"n\", \"Type\": \"int\"}]}}");
    len = snprintf(body, sizeof(body),
                   "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionInputList\": [");
    for (i = 0; i < 20; i++)
        len +=
            snprintf(body + len, sizeof(body) - (size_t)len,
                     "%s{\"Values\": [\"2024-06-%02d\", \"%d\"], \"Parameters\": {\"i\": \"%d\"}}",
                     i ? ", " : "", i / 2 + 1, i % 2 + 1, i);
    snprintf(body + len, sizeof(body) - (size_t)len, "]}");
    json_t *out = OK(partition_batch_create, "%s", body);
    assert_int_equal(json_array_size(at(out, "Errors")), 0);
    json_decref(out);
}

static void test_get_partition_is_presented(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    make_table(ctx);
    out = PAGE(partition_get, "{\"DatabaseName\": \"D\", \"TableName\": \"T\","
                              " \"PartitionValues\": [\"2024-06-03\", \"2\"]}");
    assert_string_equal(str_at(out, "Partition/DatabaseName"), "d");
    assert_string_equal(str_at(out, "Partition/TableName"), "t");
    assert_string_equal(str_at(out, "Partition/CatalogId"), DEFAULT_CATALOG);
    assert_string_equal(str_at(out, "Partition/Values/1"), "2");
    assert_string_equal(str_at(out, "Partition/Parameters/i"), "5");
    /* the table's descriptor, with the defaults clients dereference, at the Hive-style
    ** location under the table's (it was created without a descriptor) */
    assert_string_equal(str_at(out, "Partition/StorageDescriptor/Location"),
                        "s3://b/t/day=2024-06-03/n=2/");
    assert_string_equal(str_at(out, "Partition/StorageDescriptor/Columns/0/Name"), "x");
    assert_true(json_is_false(at(out, "Partition/StorageDescriptor/Compressed")));
    assert_true(json_is_object(at(out, "Partition/StorageDescriptor/SerdeInfo/Parameters")));
    assert_true(json_is_number(at(out, "Partition/CreationTime")));
    json_decref(out);
    FAILS(partition_get, CAT_ENOTFOUND, "Partition not found.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionValues\": [\"2024-07-01\", "
          "\"1\"]}");
    FAILS(partition_get, CAT_EINVAL,
          "The number of partition keys do not match the number of partition values (table t "
          "has 2, 1 given).",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionValues\": [\"2024-06-01\"]}");
    FAILS(
        partition_get, CAT_ENOTFOUND, "Table nope not found.",
        "{\"DatabaseName\": \"d\", \"TableName\": \"nope\", \"PartitionValues\": [\"a\", \"1\"]}");
}

static void test_partition_with_own_descriptor(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    make_table(ctx);
    DO(partition_create, "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionInput\":"
                         " {\"Values\": [\"2025-01-01\", \"9\"], \"StorageDescriptor\": {"
                         " \"Columns\": [{\"Name\": \"y\", \"Type\": \"int\"}],"
                         " \"Location\": \"s3://elsewhere/p/\", \"Compressed\": true}}}");
    out = PAGE(partition_get, "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
                              " \"PartitionValues\": [\"2025-01-01\", \"9\"]}");
    assert_string_equal(str_at(out, "Partition/StorageDescriptor/Location"), "s3://elsewhere/p/");
    assert_string_equal(str_at(out, "Partition/StorageDescriptor/Columns/0/Name"), "y");
    assert_true(json_is_true(at(out, "Partition/StorageDescriptor/Compressed")));
    assert_true(json_is_object(at(out, "Partition/Parameters")));
    json_decref(out);
    /* the same row through a listing: one serializer, the same object */
    out = PAGE(partition_list, "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
                               " \"Expression\": \"n = 9\"}");
    assert_int_equal(json_array_size(at(out, "Partitions")), 1);
    assert_string_equal(str_at(out, "Partitions/0/StorageDescriptor/Columns/0/Name"), "y");
    assert_null(at(out, "NextToken"));
    json_decref(out);
}

/* Page through GetPartitions with REQ's members plus MaxResults MAX; the partitions' values
** joined as day/n, comma-separated, into BUF; *PAGES counts the pages. */
static const char *list_all(struct op_ctx *ctx, const char *req, int max, int *pages, char *buf,
                            size_t size)
{
    char *token = NULL;
    size_t len = 0;
    *pages = 0;
    buf[0] = '\0';
    do {
        json_t *out = PAGE(
            partition_list,
            "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"MaxResults\": %d%s%s%s %s}", max,
            token ? ", \"NextToken\": \"" : "", token ? token : "", token ? "\"" : "", req);
        json_t *p;
        size_t i;
        free(token);
        token = NULL;
        json_array_foreach(at(out, "Partitions"), i, p) {
            int n = snprintf(buf + len, size - len, "%s%s/%s", len ? "," : "",
                             str_at(p, "Values/0") + 8, str_at(p, "Values/1"));
            len += (size_t)n;
        }
        if (at(out, "NextToken"))
            token = xstrdup(str_at(out, "NextToken"));
        (*pages)++;
        json_decref(out);
    } while (token && *pages < 100);
    return buf;
}

static void test_list_pages_and_expression(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    char buf[1024];
    int pages;
    make_table(ctx);
    assert_string_equal(
        list_all(ctx, ", \"Expression\": \"n = 2 AND day BETWEEN '2024-06-03' AND '2024-06-05'\"",
                 2, &pages, buf, sizeof(buf)),
        "03/2,04/2,05/2");
    assert_int_equal(pages, 2);
    list_all(ctx, "", 7, &pages, buf, sizeof(buf));
    assert_int_equal(pages, 3);
    assert_int_equal(strlen(buf), 20 * 4 + 19);
    FAILS(partition_list, CAT_EINVAL,
          "Invalid partition expression: unknown column 'nope' at position 1.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"Expression\": \"nope = 1\"}");
}

static void test_answer_cap_ends_pages_early(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    char all[1024], capped[1024];
    int pages;
    make_table(ctx);
    list_all(ctx, "", 1000, &pages, all, sizeof(all));
    assert_int_equal(pages, 1);
    ctx->max_answer = 1; /* every partition is over the cap: one per page, never zero */
    list_all(ctx, "", 1000, &pages, capped, sizeof(capped));
    assert_int_equal(pages, 20);
    assert_string_equal(capped, all);
    ctx->max_answer = 2000; /* a few per page, none lost or repeated */
    list_all(ctx, "", 1000, &pages, capped, sizeof(capped));
    assert_true(pages > 1 && pages < 20);
    assert_string_equal(capped, all);
}

static void test_pages_keep_key_order(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    char buf[256];
    json_t *out;
    make_table(ctx);
    out = PAGE(partition_list, "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
                               " \"Expression\": \"day = '2024-06-04'\"}");
    assert_string_equal(join(at(out, "Partitions"), "TableName", buf, sizeof(buf)), "t,t");
    assert_string_equal(str_at(out, "Partitions/0/Values/1"), "1");
    assert_string_equal(str_at(out, "Partitions/1/Values/1"), "2");
    json_decref(out);
}

static void test_batch_get_answers_each_partition_once(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    char body[65536];
    json_t *out;
    int len, i;
    make_table(ctx);
    len = snprintf(body, sizeof(body),
                   "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionsToGet\": [");
    for (i = 0; i < 300; i++) /* the same key 300 times, a missing one, another */
        len += snprintf(body + len, sizeof(body) - (size_t)len,
                        "%s{\"Values\": [\"2024-06-01\", \"1\"]}", i ? ", " : "");
    snprintf(body + len, sizeof(body) - (size_t)len,
             ", {\"Values\": [\"2030-01-01\", \"1\"]}, {\"Values\": [\"2024-06-02\", \"2\"]}]}");
    out = PAGE(partition_batch_get, "%s", body);
    assert_int_equal(json_array_size(at(out, "Partitions")), 2);
    assert_string_equal(str_at(out, "Partitions/0/Values/0"), "2024-06-01");
    assert_string_equal(str_at(out, "Partitions/1/Values/0"), "2024-06-02");
    assert_int_equal(json_array_size(at(out, "UnprocessedKeys")), 0);
    json_decref(out);
}

static void test_batch_get_cap_leaves_the_rest_unprocessed(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    make_table(ctx);
    ctx->max_answer = 1;
    out = PAGE(partition_batch_get,
               "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionsToGet\": ["
               "{\"Values\": [\"2024-06-01\", \"1\"]}, {\"Values\": [\"2024-06-02\", \"1\"]},"
               "{\"Values\": [\"2024-06-03\", \"1\"]}]}");
    assert_int_equal(json_array_size(at(out, "Partitions")), 1);
    assert_string_equal(str_at(out, "Partitions/0/Values/0"), "2024-06-01");
    assert_int_equal(json_array_size(at(out, "UnprocessedKeys")), 2);
    assert_string_equal(str_at(out, "UnprocessedKeys/0/Values/0"), "2024-06-02");
    assert_string_equal(str_at(out, "UnprocessedKeys/1/Values/0"), "2024-06-03");
    json_decref(out);
}

/* Three keys asked for 1000 times in all, one partition per answer: a client following
** UnprocessedKeys (as engines do) is done in three calls, and no key whose partition was
** answered comes back unprocessed. */
static void test_batch_get_duplicates_do_not_come_back(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    static const char *const days[] = {"2024-06-01", "2024-06-02", "2024-06-03"};
    json_t *keys = json_array(), *req, *out, *k;
    struct srv_error err;
    char got[64] = "";
    size_t i, len;
    int calls = 0;
    make_table(ctx);
    ctx->max_answer = 1;
    for (i = 0; i < 1000; i++) /* BatchGetPartition's most */
        json_array_append_new(keys, json_pack("{s:[s,s]}", "Values", days[i % 3], "1"));
    while (json_array_size(keys) > 0) {
        assert_true(++calls <= 3);
        req = json_pack("{s:s, s:s, s:o}", "DatabaseName", "d", "TableName", "t", "PartitionsToGet",
                        keys);
        srv_error_init(&err);
        memset(&ctx->page, 0, sizeof(ctx->page));
        assert_int_equal(partition_batch_get(ctx, req, &out, &err), CAT_OK);
        json_decref(req);
        out = page_json(__FILE__, __LINE__, ctx);
        assert_int_equal(json_array_size(at(out, "Partitions")), 1);
        len = strlen(got);
        snprintf(got + len, sizeof(got) - len, "%s,", str_at(out, "Partitions/0/Values/0"));
        json_array_foreach(at(out, "UnprocessedKeys"), i, k) {
            const char *day = json_string_value(json_array_get(json_object_get(k, "Values"), 0));
            assert_null(strstr(got, day)); /* not one whose partition was answered */
        }
        keys = json_incref(at(out, "UnprocessedKeys"));
        assert_int_equal(json_array_size(keys), 3 - (size_t)calls);
        json_decref(out);
    }
    json_decref(keys);
    assert_int_equal(calls, 3);
    assert_string_equal(got, "2024-06-01,2024-06-02,2024-06-03,");
}

static void test_batch_entries_fail_alone(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    make_table(ctx);
    out = OK(partition_batch_create,
             "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionInputList\": ["
             "{\"Values\": [\"2024-06-01\", \"1\"]}, {\"Values\": [\"2026-01-01\", \"1\"]},"
             "{\"Values\": [\"x\"]}]}");
    assert_int_equal(json_array_size(at(out, "Errors")), 2);
    assert_string_equal(str_at(out, "Errors/0/ErrorDetail/ErrorCode"), "AlreadyExistsException");
    assert_string_equal(str_at(out, "Errors/0/PartitionValues/0"), "2024-06-01");
    assert_string_equal(str_at(out, "Errors/1/ErrorDetail/ErrorCode"), "InvalidInputException");
    json_decref(out);
    json_decref(PAGE(partition_get, "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
                                    " \"PartitionValues\": [\"2026-01-01\", \"1\"]}"));
    out = OK(partition_batch_delete,
             "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionsToDelete\": ["
             "{\"Values\": [\"2026-01-01\", \"1\"]}, {\"Values\": [\"2026-01-01\", \"1\"]}]}");
    assert_int_equal(json_array_size(at(out, "Errors")), 1);
    assert_string_equal(str_at(out, "Errors/0/ErrorDetail/ErrorCode"), "EntityNotFoundException");
    json_decref(out);
}

/* BatchCreatePartition forms its rows (SQLite) against the table read before it takes the write
** lock; a table changed in between (here: its location) is read again and the rows formed
** again under the lock. */
static void move_table(struct op_ctx *ctx)
{
    partition_batch_between = NULL;
    DO(table_update,
       "{\"DatabaseName\": \"d\", \"TableInput\": {\"Name\": \"t\","
       " \"StorageDescriptor\": {\"Columns\": [{\"Name\": \"x\", \"Type\": \"string\"}],"
       " \"Location\": \"s3://b/moved/\"},"
       " \"PartitionKeys\": [{\"Name\": \"day\", \"Type\": \"date\"},"
       " {\"Name\": \"n\", \"Type\": \"int\"}]}}");
}

static void test_batch_create_table_changed_meanwhile(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    make_table(ctx);
    partition_batch_between = move_table;
    out = OK(partition_batch_create,
             "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionInputList\": ["
             "{\"Values\": [\"2024-07-01\", \"1\"]}, {\"Values\": [\"2024-06-01\", \"1\"]}]}");
    assert_null(partition_batch_between); /* it ran */
    assert_int_equal(json_array_size(at(out, "Errors")), 1);
    assert_string_equal(str_at(out, "Errors/0/ErrorDetail/ErrorCode"), "AlreadyExistsException");
    json_decref(out);
    out = PAGE(partition_get, "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
                              " \"PartitionValues\": [\"2024-07-01\", \"1\"]}");
    assert_string_equal(str_at(out, "Partition/StorageDescriptor/Location"),
                        "s3://b/moved/day=2024-07-01/n=1/");
    json_decref(out);
}

static void test_exclude_column_schema(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    make_table(ctx);
    out = PAGE(partition_list, "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"MaxResults\": 2,"
                               " \"ExcludeColumnSchema\": true}");
    assert_int_equal(json_array_size(at(out, "Partitions")), 2);
    assert_null(at(out, "Partitions/0/StorageDescriptor/Columns"));
    assert_string_equal(str_at(out, "Partitions/1/StorageDescriptor/Location"),
                        "s3://b/t/day=2024-06-01/n=2/");
    assert_non_null(at(out, "NextToken"));
    json_decref(out);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_get_partition_is_presented),
        T(test_partition_with_own_descriptor),
        T(test_list_pages_and_expression),
        T(test_answer_cap_ends_pages_early),
        T(test_pages_keep_key_order),
        T(test_batch_get_answers_each_partition_once),
        T(test_batch_get_cap_leaves_the_rest_unprocessed),
        T(test_batch_get_duplicates_do_not_come_back),
        T(test_batch_entries_fail_alone),
        T(test_batch_create_table_changed_meanwhile),
        T(test_exclude_column_schema),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
