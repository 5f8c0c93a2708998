/* test_colstats.c -- the column statistics resource (colstats.c) on a :memory: store: per-entry
** errors, blind deletes, pruning when columns go, cascades, the batch extension and its checks. */
/* A conformance test of both store backends: on SQLite's :memory:, and on PostgreSQL too when
** CATALOG_TEST_PG is set (a fresh database per test; make unit-pg). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include "ops/colstats.h"
#include "ops/database.h"
#include "ops/extension.h"
#include "ops/partition.h"
#include "ops/table.h"
#include "unit/resource_check.h"

#define T "\"DatabaseName\": \"db\", \"TableName\": \"t\""
#define COLS "[{\"Name\": \"a\", \"Type\": \"bigint\"}, {\"Name\": \"b\", \"Type\": \"bigint\"}]"
#define LONG(col)                                                                                  \
    "{\"ColumnName\": \"" col "\", \"ColumnType\": \"bigint\", \"AnalyzedTime\": 1, "              \
    "\"StatisticsData\": {\"Type\": \"LONG\", \"LongColumnStatisticsData\": "                      \
    "{\"NumberOfNulls\": 0, \"NumberOfDistinctValues\": 1}}}"

/* GOT (may be NULL) equals the JSON text WANT. */
static void assert_json_(const char *where, const json_t *got, const char *want)
{
    json_t *w = json_loads(want, JSON_DECODE_ANY, NULL);
    if (w == NULL)
        fail_msg("bad test JSON %s", want);
    if (!json_equal(got, w)) {
        char *g = got ? json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
        fail_msg("%s is %s, want %s", where, g ? g : "(absent)", want);
    }
    json_decref(w);
}
#define assert_json(o, path, want) assert_json_(path, at(o, path), want)

/* db.t with columns a, b, partition key p, and partition ["1"]. */
static void fixture_table(struct op_ctx *ctx)
{
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"db\"}}");
    DO(table_create,
       "{\"DatabaseName\": \"db\", \"TableInput\": {\"Name\": \"t\", \"StorageDescriptor\": "
       "{\"Columns\": " COLS "}, \"PartitionKeys\": [{\"Name\": \"p\", \"Type\": \"string\"}]}}");
    DO(partition_create, "{" T ", \"PartitionInput\": {\"Values\": [\"1\"], "
                         "\"StorageDescriptor\": {\"Columns\": " COLS "}}}");
}

/* How many of columns a, b have statistics (table, or partition ["1"] with PART). */
static size_t count(struct op_ctx *ctx, int part)
{
    json_t *out = part
                      ? OK(colstats_partition_get,
                           "{" T ", \"PartitionValues\": [\"1\"], \"ColumnNames\": [\"a\", \"b\"]}")
                      : OK(colstats_table_get, "{" T ", \"ColumnNames\": [\"a\", \"b\"]}");
    size_t n = json_array_size(json_object_get(out, "ColumnStatisticsList"));
    assert_int_equal(n + json_array_size(json_object_get(out, "Errors")), 2);
    json_decref(out);
    return n;
}

static void test_colstats_entries_fail_alone(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    char buf[64];
    json_t *out;
    fixture_table(ctx);
    out = OK(colstats_table_update,
             "{" T ", \"ColumnStatisticsList\": [" LONG("zz") ", " LONG("A") "]}");
    assert_json(out, "Errors/0/Error",
                "{\"ErrorCode\": \"EntityNotFoundException\", "
                "\"ErrorMessage\": \"Column zz not found in table t.\"}");
    assert_null(at(out, "Errors/1"));
    json_decref(out);
    assert_int_equal(count(ctx, 0), 1);
    out = OK(colstats_table_get, "{" T ", \"ColumnNames\": [\"a\"]}");
    assert_string_equal(
        join(json_object_get(out, "ColumnStatisticsList"), "ColumnName", buf, sizeof(buf)),
        "A"); /* as written */
    json_decref(out);
    out = OK(colstats_table_get, "{" T ", \"ColumnNames\": [\"B\"]}");
    assert_json(out, "Errors/0",
                "{\"ColumnName\": \"B\", \"Error\": {\"ErrorCode\": \"EntityNotFoundException\", "
                "\"ErrorMessage\": \"No statistics for column B.\"}}");
    json_decref(out);
    FAILS(colstats_partition_update, CAT_ENOTFOUND, "Partition not found.",
          "{" T ", \"PartitionValues\": [\"2\"], \"ColumnStatisticsList\": [" LONG("a") "]}");
    FAILS(colstats_table_get, CAT_ENOTFOUND, "Table u not found.",
          "{\"DatabaseName\": \"db\", \"TableName\": \"u\", \"ColumnNames\": [\"a\"]}");
}

static void test_colstats_delete_is_blind_and_columns_prune(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    fixture_table(ctx);
    DO(colstats_table_update, "{" T ", \"ColumnStatisticsList\": [" LONG("a") ", " LONG("b") "]}");
    DO(colstats_partition_update,
       "{" T
       ", \"PartitionValues\": [\"1\"], \"ColumnStatisticsList\": [" LONG("a") ", " LONG("b") "]}");
    DO(colstats_table_delete, "{" T ", \"ColumnName\": \"never\"}");
    DO(colstats_partition_delete, "{" T ", \"PartitionValues\": [\"1\"], \"ColumnName\": \"B\"}");
    DO(colstats_partition_delete, "{" T ", \"PartitionValues\": [\"1\"], \"ColumnName\": \"b\"}");
    assert_int_equal(count(ctx, 1), 1);
    /* the table loses column b: its statistics go, the partition's stay */
    DO(table_update, "{\"DatabaseName\": \"db\", \"TableInput\": {\"Name\": \"t\", "
                     "\"StorageDescriptor\": {\"Columns\": [{\"Name\": \"a\"}]}, "
                     "\"PartitionKeys\": [{\"Name\": \"p\", \"Type\": \"string\"}]}}");
    assert_int_equal(count(ctx, 0), 1);
    assert_int_equal(count(ctx, 1), 1);
    DO(partition_update, "{" T ", \"PartitionValueList\": [\"1\"], \"PartitionInput\": "
                         "{\"Values\": [\"1\"], \"StorageDescriptor\": {\"Columns\": []}}}");
    /* no columns of its own: the table's (a) count */
    assert_int_equal(count(ctx, 1), 1);
    DO(partition_delete, "{" T ", \"PartitionValues\": [\"1\"]}");
    DO(partition_create, "{" T ", \"PartitionInput\": {\"Values\": [\"1\"]}}");
    assert_int_equal(count(ctx, 1), 0);
    DO(database_delete, "{\"Name\": \"db\"}");
    fixture_table(ctx);
    assert_int_equal(count(ctx, 0), 0);
}

static void test_colstats_batch(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    fixture_table(ctx);
    out = OK(colstats_partition_batch_update,
             "{" T ", \"Entries\": [{\"PartitionValues\": [\"1\"], \"ColumnStatisticsList\": "
             "[" LONG("a") ", " LONG("q") "]}, {\"PartitionValues\": [\"1\", \"2\"], "
                                          "\"ColumnStatisticsList\": []}]}");
    assert_string_equal(str_at(out, "Errors/0/ColumnStatistics/ColumnName"), "q");
    assert_json(out, "Errors/0/PartitionValues", "[\"1\"]");
    assert_null(at(out, "Errors/1/ColumnStatistics"));
    assert_string_equal(str_at(out, "Errors/1/Error/ErrorCode"), "InvalidInputException");
    json_decref(out);
    assert_int_equal(count(ctx, 1), 1);
}

/* The extension's request check: names entries' members, prunes unknown ones. */
static void test_colstats_batch_request_check(void **state)
{
    struct srv_error err;
    json_t *in;
    (void)state;
    srv_error_init(&err);
    in = json_loads("{" T ", \"X\": 1, \"Entries\": [{\"PartitionValues\": [\"1\"], \"Y\": 2, "
                    "\"ColumnStatisticsList\": [" LONG("a") "]}]}",
                    0, NULL);
    assert_int_equal(ext_validate("BatchUpdateColumnStatisticsForPartition", in, &err), CAT_OK);
    assert_null(json_object_get(in, "X"));
    assert_null(json_object_get(json_array_get(json_object_get(in, "Entries"), 0), "Y"));
    json_decref(in);
    in = json_loads("{" T ", \"Entries\": [{\"PartitionValues\": [\"\"], "
                    "\"ColumnStatisticsList\": []}]}",
                    0, NULL);
    assert_int_equal(ext_validate("BatchUpdateColumnStatisticsForPartition", in, &err), CAT_EINVAL);
    assert_non_null(strstr(err.msg, "at 'entries.1.member.partitionValues.1.member'"));
    json_decref(in);
    in = json_object();
    assert_int_equal(ext_validate("GetTable", in, &err), CAT_EUNKNOWNOP);
    json_decref(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_colstats_entries_fail_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_colstats_delete_is_blind_and_columns_prune, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_colstats_batch, setup, teardown),
        cmocka_unit_test(test_colstats_batch_request_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
