/* test_table.c -- unit tests for table.c: the Table resource and table versions called
** directly with json_t in and out on a fresh :memory: store per test. */
/* A conformance test of both store backends: on SQLite's :memory:, and on PostgreSQL too when
** CATALOG_TEST_PG is set (a fresh database per test; make unit-pg). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/database.h"
#include "ops/present.h"
#include "ops/table.h"

#include "resource_check.h"

/* Fail unless GOT equals the JSON text WANT. */
static void assert_json_(const char *where, const json_t *got, const char *want)
{
    json_error_t jerr;
    json_t *w = json_loads(want, JSON_DECODE_ANY, &jerr);
    if (w == NULL)
        fail_msg("bad test JSON %s: %s", want, jerr.text);
    if (!json_equal(got, w)) {
        char *g = got ? json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
        fail_msg("%s is %s, want %s", where, g ? g : "(absent)", want);
    }
    json_decref(w);
}
#define assert_json(o, path, want) assert_json_(path, at(o, path), want)

static void make_db(struct op_ctx *ctx, const char *name)
{
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"%s\"}}", name);
}

static void make_table(struct op_ctx *ctx, const char *db, const char *name)
{
    DO(table_create, "{\"DatabaseName\": \"%s\", \"TableInput\": {\"Name\": \"%s\"}}", db, name);
}

/* ================================================================ */
/* Create and get.                                                    */

static void test_table_create_get_folds_names(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    make_db(ctx, "SalesDB");
    out = OK(table_create,
             "{\"DatabaseName\": \"SALESdb\", \"TableInput\": {\"Name\": \"MixedCase\"}}");
    assert_int_equal(json_object_size(out), 0);
    json_decref(out);
    out = OK(table_get, "{\"DatabaseName\": \"SALESDB\", \"Name\": \"MIXEDCASE\"}");
    assert_string_equal(str_at(out, "Table/Name"), "mixedcase");
    assert_string_equal(str_at(out, "Table/DatabaseName"), "salesdb");
    assert_string_equal(str_at(out, "Table/CatalogId"), DEFAULT_CATALOG);
    assert_string_equal(str_at(out, "Table/VersionId"), "0");
    assert_true(json_number_value(at(out, "Table/CreateTime")) > 1600000000.0);
    assert_true(json_equal(at(out, "Table/CreateTime"), at(out, "Table/UpdateTime")) ||
                json_number_value(at(out, "Table/UpdateTime")) >=
                    json_number_value(at(out, "Table/CreateTime")));
    json_decref(out);
    FAILS(table_create, CAT_EEXISTS, "Table mixedcase already exists.",
          "{\"DatabaseName\": \"salesdb\", \"TableInput\": {\"Name\": \"MIXEDcase\"}}");
}

static void test_table_missing_and_invalid_input(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    make_db(ctx, "d");
    FAILS(table_create, CAT_ENOTFOUND, "Database nope not found.",
          "{\"DatabaseName\": \"Nope\", \"TableInput\": {\"Name\": \"t\"}}");
    FAILS(table_create, CAT_EINVAL, "DatabaseName is required.",
          "{\"TableInput\": {\"Name\": \"t\"}}");
    FAILS(table_create, CAT_EINVAL, "TableInput with a Name is required.",
          "{\"DatabaseName\": \"d\", \"TableInput\": {\"Owner\": \"x\"}}");
    FAILS(table_get, CAT_ENOTFOUND, "Table nope not found.",
          "{\"DatabaseName\": \"d\", \"Name\": \"NOPE\"}");
    FAILS(table_get, CAT_ENOTFOUND, "Database nope not found.",
          "{\"DatabaseName\": \"nope\", \"Name\": \"t\"}");
    FAILS(table_get, CAT_EINVAL, "Name is required.", "{\"DatabaseName\": \"d\"}");
    FAILS(table_get, CAT_EINVAL, "DatabaseName is required.", "{\"Name\": \"t\"}");
    FAILS(table_list, CAT_ENOTFOUND, "Database nope not found.", "{\"DatabaseName\": \"nope\"}");
    FAILS(table_update, CAT_ENOTFOUND, "Table nope not found.",
          "{\"DatabaseName\": \"d\", \"TableInput\": {\"Name\": \"Nope\"}}");
    FAILS(table_delete, CAT_ENOTFOUND, "Table nope not found.",
          "{\"DatabaseName\": \"d\", \"Name\": \"nope\"}");
}

/* A TableInput with every member the model has, including ones without a column. */
static const char RICH[] =
    "{\"Name\": \"rich\", \"Description\": \"all members \\u00e9\", \"Owner\": \"hadoop\","
    " \"LastAccessTime\": 1700000100.5, \"LastAnalyzedTime\": 1700000200.25, \"Retention\": 30,"
    " \"StorageDescriptor\": {"
    "   \"Columns\": [{\"Name\": \"id\", \"Type\": \"bigint\", \"Comment\": \"key\","
    "                  \"Parameters\": {\"iceberg.field.id\": \"1\", \"empty\": \"\"}},"
    "                 {\"Name\": \"payload\", \"Type\": \"struct<a:int,b:array<string>>\"}],"
    "   \"Location\": \"s3://bucket/rich/\", \"AdditionalLocations\": [\"s3://bucket/more/\"],"
    "   \"InputFormat\": \"org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat\","
    "   \"OutputFormat\": \"org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat\","
    "   \"Compressed\": true, \"NumberOfBuckets\": 4,"
    "   \"SerdeInfo\": {\"Name\": \"pq\","
    "     \"SerializationLibrary\": "
    "\"org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe\","
    "     \"Parameters\": {\"serialization.format\": \"1\", \"blank\": \"\"}},"
    "   \"BucketColumns\": [\"id\"], \"SortColumns\": [{\"Column\": \"id\", \"SortOrder\": 1}],"
    "   \"Parameters\": {\"sd.key\": \"v\", \"blank\": \"\"},"
    "   \"SkewedInfo\": {\"SkewedColumnNames\": [\"id\"], \"SkewedColumnValues\": [\"1\"],"
    "     \"SkewedColumnValueLocationMaps\": {\"1\": \"s3://bucket/skew/\"}},"
    "   \"StoredAsSubDirectories\": true},"
    " \"PartitionKeys\": [{\"Name\": \"dt\", \"Type\": \"string\", \"Comment\": \"day\","
    "                      \"Parameters\": {\"projection.enabled\": \"true\", \"e\": \"\"}},"
    "                     {\"Name\": \"region\", \"Type\": \"string\"}],"
    " \"ViewOriginalText\": \"/* Presto View: eyJ2IjoxfQ== */\","
    " \"ViewExpandedText\": \"/* Presto View */\", \"TableType\": \"VIRTUAL_VIEW\","
    " \"Parameters\": {\"EXTERNAL\": \"TRUE\", \"projection.dt.format\": \"yyyy-MM-dd\","
    "                  \"comment\": \"\"},"
    " \"TargetTable\": {\"CatalogId\": \"222\", \"DatabaseName\": \"src\", \"Name\": \"orig\","
    "                   \"Region\": \"eu-west-1\"}}";

/* Every member of INPUT is in TABLE exactly as given. */
static void assert_has_members(const json_t *table, const char *input_text)
{
    json_t *input = json_loads(input_text, 0, NULL), *v;
    const char *key;
    assert_non_null(input);
    json_object_foreach(input, key, v) {
        if (!json_equal(v, json_object_get(table, key))) {
            char *got = json_dumps(json_object_get(table, key), JSON_COMPACT | JSON_ENCODE_ANY);
            fail_msg("member %s came back as %s", key, got ? got : "(absent)");
        }
    }
    json_decref(input);
}

static void test_table_round_trips_rich_input(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *got, *list, *upd, *ver;
    make_db(ctx, "d");
    DO(table_create, "{\"DatabaseName\": \"d\", \"TableInput\": %s}", RICH);
    got = OK(table_get, "{\"DatabaseName\": \"d\", \"Name\": \"rich\"}");
    assert_has_members(at(got, "Table"), RICH);
    assert_json(got, "Table/IsRegisteredWithLakeFormation", "false");
    /* GetTables returns the same full object */
    list = OK(table_list, "{\"DatabaseName\": \"d\"}");
    assert_int_equal(json_array_size(at(list, "TableList")), 1);
    assert_true(json_equal(at(list, "TableList/0"), at(got, "Table")));
    /* the archived snapshot keeps every member too */
    DO(table_update, "{\"DatabaseName\": \"d\", \"TableInput\": {\"Name\": \"rich\"}}");
    upd = OK(table_get, "{\"DatabaseName\": \"d\", \"Name\": \"rich\"}");
    assert_null(at(upd, "Table/TargetTable")); /* UpdateTable replaces, it does not merge */
    assert_null(at(upd, "Table/Owner"));
    assert_json(upd, "Table/StorageDescriptor/Columns", "[]");
    ver = OK(table_version_get,
             "{\"DatabaseName\": \"d\", \"TableName\": \"rich\", \"VersionId\": \"0\"}");
    assert_string_equal(str_at(ver, "TableVersion/VersionId"), "0");
    assert_has_members(at(ver, "TableVersion/Table"), RICH);
    assert_true(json_equal(at(ver, "TableVersion/Table"), at(got, "Table")));
    json_decref(ver);
    json_decref(upd);
    json_decref(list);
    json_decref(got);
}

/* Members clients dereference without checking are always present. */
static void test_present_table_fills_defaults(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out, *t;
    make_db(ctx, "d");
    make_table(ctx, "d", "bare");
    out = OK(table_get, "{\"DatabaseName\": \"d\", \"Name\": \"bare\"}");
    assert_json(out, "Table/Parameters", "{}");
    assert_json(out, "Table/PartitionKeys", "[]");
    assert_json(out, "Table/IsRegisteredWithLakeFormation", "false");
    assert_json(out, "Table/StorageDescriptor",
                "{\"Columns\": [], \"Compressed\": false, \"NumberOfBuckets\": 0,"
                " \"StoredAsSubDirectories\": false, \"SerdeInfo\": {\"Parameters\": {}},"
                " \"BucketColumns\": [], \"SortColumns\": [], \"Parameters\": {}}");
    json_decref(out);

    /* a partial descriptor gets the missing members, and keeps the given ones */
    DO(table_create, "{\"DatabaseName\": \"d\", \"TableInput\": {\"Name\": \"partial\","
                     " \"StorageDescriptor\": {\"Location\": \"s3://x/\", \"NumberOfBuckets\": 2,"
                     "   \"SerdeInfo\": {\"SerializationLibrary\": \"lib\"}}}}");
    out = OK(table_get, "{\"DatabaseName\": \"d\", \"Name\": \"partial\"}");
    assert_json(out, "Table/StorageDescriptor",
                "{\"Location\": \"s3://x/\", \"Columns\": [], \"Compressed\": false,"
                " \"NumberOfBuckets\": 2, \"StoredAsSubDirectories\": false,"
                " \"SerdeInfo\": {\"SerializationLibrary\": \"lib\", \"Parameters\": {}},"
                " \"BucketColumns\": [], \"SortColumns\": [], \"Parameters\": {}}");
    json_decref(out);

    /* called directly: present values win over defaults */
    t = json_loads("{\"StorageDescriptor\": {\"Compressed\": true, \"SerdeInfo\":"
                   " {\"Parameters\": {\"a\": \"b\"}}}, \"Parameters\": {\"k\": \"v\"}}",
                   0, NULL);
    present_table(t);
    assert_json(t, "StorageDescriptor/Compressed", "true");
    assert_json(t, "StorageDescriptor/SerdeInfo", "{\"Parameters\": {\"a\": \"b\"}}");
    assert_json(t, "StorageDescriptor/NumberOfBuckets", "0");
    assert_json(t, "Parameters", "{\"k\": \"v\"}");
    assert_json(t, "PartitionKeys", "[]");
    json_decref(t);
}

/* ================================================================ */
/* GetTables: paging and Expression.                                  */

/* Page through GetTables of DB with EXTRA members and MAX per page; the names, joined. */
static const char *list_all(struct op_ctx *ctx, const char *db, const char *extra, int max,
                            int *pages, char *buf, size_t size)
{
    char *token = NULL, part[1024];
    size_t len = 0;
    *pages = 0;
    buf[0] = '\0';
    do {
        json_t *out;
        const char *next;
        if (token)
            out = OK(table_list,
                     "{\"DatabaseName\": \"%s\", %s \"MaxResults\": %d,"
                     " \"NextToken\": \"%s\"}",
                     db, extra, max, token);
        else
            out =
                OK(table_list, "{\"DatabaseName\": \"%s\", %s \"MaxResults\": %d}", db, extra, max);
        free(token);
        token = NULL;
        assert_true(json_array_size(at(out, "TableList")) <= (size_t)max);
        join(at(out, "TableList"), "Name", part, sizeof(part));
        if (*part)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "," : "", part);
        assert_true(len < size);
        if ((next = str_at(out, "NextToken")) != NULL) {
            assert_true(*next != '\0');
            token = strdup(next);
        }
        (*pages)++;
        json_decref(out);
        assert_true(*pages < 100);
    } while (token);
    return buf;
}

static void test_table_list_pages(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    static const char *const names[] = {"t5", "T1", "t7", "t3", "t2", "t6", "t4"};
    char buf[1024];
    int pages;
    size_t i;
    make_db(ctx, "d");
    make_db(ctx, "other");
    make_table(ctx, "other", "t0");
    for (i = 0; i < 7; i++)
        make_table(ctx, "d", names[i]);
    assert_string_equal(list_all(ctx, "d", "", 3, &pages, buf, sizeof(buf)),
                        "t1,t2,t3,t4,t5,t6,t7");
    assert_int_equal(pages, 3);
    assert_string_equal(list_all(ctx, "D", "", 7, &pages, buf, sizeof(buf)),
                        "t1,t2,t3,t4,t5,t6,t7");
    assert_int_equal(pages, 1); /* an exact fit has no empty trailing page */
    assert_string_equal(list_all(ctx, "d", "", 100, &pages, buf, sizeof(buf)),
                        "t1,t2,t3,t4,t5,t6,t7");
    assert_int_equal(pages, 1);
    assert_string_equal(list_all(ctx, "other", "", 1, &pages, buf, sizeof(buf)), "t0");
    assert_int_equal(pages, 1);
}

static void test_table_list_pages_survive_changes(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *p1, *p2;
    char buf[256];
    make_db(ctx, "d");
    make_table(ctx, "d", "k2");
    make_table(ctx, "d", "k4");
    make_table(ctx, "d", "k6");
    p1 = OK(table_list, "{\"DatabaseName\": \"d\", \"MaxResults\": 2}");
    assert_string_equal(join(at(p1, "TableList"), "Name", buf, sizeof(buf)), "k2,k4");
    make_table(ctx, "d", "k1");
    make_table(ctx, "d", "k5");
    DO(table_delete, "{\"DatabaseName\": \"d\", \"Name\": \"k4\"}"); /* the cursor's own row */
    p2 = OK(table_list, "{\"DatabaseName\": \"d\", \"MaxResults\": 2, \"NextToken\": \"%s\"}",
            str_at(p1, "NextToken"));
    assert_string_equal(join(at(p2, "TableList"), "Name", buf, sizeof(buf)), "k5,k6");
    assert_null(at(p2, "NextToken"));
    json_decref(p1);
    json_decref(p2);
}

static void test_table_list_rejects_foreign_and_garbage_tokens(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *p1, *dbs;
    make_db(ctx, "a");
    make_db(ctx, "b");
    make_table(ctx, "a", "t1");
    make_table(ctx, "a", "t2");
    make_table(ctx, "b", "t1");
    make_table(ctx, "b", "t2");
    p1 = OK(table_list, "{\"DatabaseName\": \"a\", \"MaxResults\": 1}");
    assert_non_null(str_at(p1, "NextToken"));
    FAILS(table_list, CAT_EINVAL, "Invalid NextToken.",
          "{\"DatabaseName\": \"b\", \"NextToken\": \"%s\"}", str_at(p1, "NextToken"));
    FAILS(table_list, CAT_EINVAL, "Invalid NextToken.",
          "{\"CatalogId\": \"111\", \"DatabaseName\": \"a\", \"NextToken\": \"%s\"}",
          str_at(p1, "NextToken"));
    json_decref(p1);
    /* a GetDatabases token is not a GetTables token */
    dbs = OK(database_list, "{\"MaxResults\": 1}");
    assert_non_null(str_at(dbs, "NextToken"));
    FAILS(table_list, CAT_EINVAL, "Invalid NextToken.",
          "{\"DatabaseName\": \"a\", \"NextToken\": \"%s\"}", str_at(dbs, "NextToken"));
    json_decref(dbs);
    FAILS(table_list, CAT_EINVAL, "Invalid NextToken.",
          "{\"DatabaseName\": \"a\", \"NextToken\": \"not-a-token\"}");
    FAILS(table_list, CAT_EINVAL, "Invalid NextToken.",
          "{\"DatabaseName\": \"a\", \"NextToken\": \"76310a\"}");
    FAILS(table_list, CAT_EINVAL, "MaxResults must be between 1 and 100.",
          "{\"DatabaseName\": \"a\", \"MaxResults\": 0}");
}

static void test_table_list_expression(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    static const struct {
        const char *expr, *want;
    } cases[] = {
        {"sales_*", "sales_2023,sales_2024"},
        {"SALES_*", "sales_2023,sales_2024"}, /* case-insensitive */
        {"a*|b*", "a1,b1"},
        {".*", "a1,b1,c1,sales_2023,sales_2024,salesx"},
        {"*", "a1,b1,c1,sales_2023,sales_2024,salesx"},
        {"sales", ""}, /* the whole name must match */
        {"sales_2023", "sales_2023"},
        {"c1|salesx", "c1,salesx"},
        {"", "a1,b1,c1,sales_2023,sales_2024,salesx"}, /* empty: no filter */
    };
    static const char *const names[] = {"sales_2024", "salesx", "a1", "sales_2023", "c1", "b1"};
    char buf[512], extra[128];
    int pages;
    size_t i;
    make_db(ctx, "d");
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        make_table(ctx, "d", names[i]);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(extra, sizeof(extra), "\"Expression\": \"%s\",", cases[i].expr);
        list_all(ctx, "d", extra, 100, &pages, buf, sizeof(buf));
        if (strcmp(buf, cases[i].want) != 0)
            fail_msg("Expression %s matched [%s], want [%s]", cases[i].expr, buf, cases[i].want);
    }
    /* paging over a filtered listing: no token once no further name matches */
    assert_string_equal(
        list_all(ctx, "d", "\"Expression\": \"sales_*\",", 1, &pages, buf, sizeof(buf)),
        "sales_2023,sales_2024");
    assert_int_equal(pages, 2);
    FAILS(table_list, CAT_EINVAL, "Invalid table name pattern: (",
          "{\"DatabaseName\": \"d\", \"Expression\": \"(\"}");
    FAILS(table_list, CAT_EINVAL, "Invalid table name pattern: a[",
          "{\"DatabaseName\": \"d\", \"Expression\": \"a[\"}");
}

static void test_table_list_attributes_to_get(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    make_db(ctx, "d");
    DO(table_create, "{\"DatabaseName\": \"d\", \"TableInput\": {\"Name\": \"v\","
                     " \"TableType\": \"VIRTUAL_VIEW\", \"Owner\": \"o\"}}");
    out = OK(table_list, "{\"DatabaseName\": \"d\", \"AttributesToGet\": [\"NAME\"]}");
    assert_json(out, "TableList", "[{\"Name\": \"v\"}]");
    json_decref(out);
    out = OK(table_list,
             "{\"DatabaseName\": \"d\", \"AttributesToGet\": [\"NAME\", \"TABLE_TYPE\"]}");
    assert_json(out, "TableList", "[{\"Name\": \"v\", \"TableType\": \"VIRTUAL_VIEW\"}]");
    json_decref(out);
}

/* ================================================================ */
/* UpdateTable.                                                       */

static void test_table_update_version_cas(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *before, *after;
    make_db(ctx, "d");
    DO(table_create, "{\"DatabaseName\": \"d\", \"TableInput\": {\"Name\": \"t\","
                     " \"Description\": \"v0\"}}");
    before = OK(table_get, "{\"DatabaseName\": \"d\", \"Name\": \"t\"}");
    DO(table_update, "{\"DatabaseName\": \"d\", \"VersionId\": \"0\", \"TableInput\":"
                     " {\"Name\": \"T\", \"Description\": \"v1\"}}");
    FAILS(table_update, CAT_ECONCURRENT, "Update table failed due to concurrent modifications.",
          "{\"DatabaseName\": \"d\", \"VersionId\": \"0\", \"TableInput\":"
          " {\"Name\": \"t\", \"Description\": \"stale\"}}");
    FAILS(table_update, CAT_ECONCURRENT, "Update table failed due to concurrent modifications.",
          "{\"DatabaseName\": \"d\", \"VersionId\": \"x1\", \"TableInput\":"
          " {\"Name\": \"t\", \"Description\": \"junk\"}}");
    after = OK(table_get, "{\"DatabaseName\": \"d\", \"Name\": \"t\"}");
    assert_string_equal(str_at(after, "Table/Description"), "v1");
    assert_string_equal(str_at(after, "Table/VersionId"), "1");
    assert_true(json_equal(at(after, "Table/CreateTime"), at(before, "Table/CreateTime")));
    assert_true(json_number_value(at(after, "Table/UpdateTime")) >=
                json_number_value(at(before, "Table/UpdateTime")));
    json_decref(after);
    /* the failed updates archived nothing */
    after = OK(table_versions_list, "{\"DatabaseName\": \"d\", \"TableName\": \"t\"}");
    assert_int_equal(json_array_size(at(after, "TableVersions")), 2);
    json_decref(after);
    /* without a VersionId there is no check */
    DO(table_update, "{\"DatabaseName\": \"d\", \"TableInput\": {\"Name\": \"t\","
                     " \"Description\": \"v2\"}}");
    after = OK(table_get, "{\"DatabaseName\": \"d\", \"Name\": \"t\"}");
    assert_string_equal(str_at(after, "Table/VersionId"), "2");
    assert_string_equal(str_at(after, "Table/Description"), "v2");
    json_decref(after);
    json_decref(before);
}

/* Versions: create (0), update (archives 0 -> 1), SkipArchive (-> 2, 1 not archived),
** update (archives 2 -> 3).  Descriptions name the version they belong to. */
static void make_versions(struct op_ctx *ctx, const char *db, const char *name)
{
    DO(table_create,
       "{\"DatabaseName\": \"%s\", \"TableInput\": {\"Name\": \"%s\","
       " \"Description\": \"v0\"}}",
       db, name);
    DO(table_update,
       "{\"DatabaseName\": \"%s\", \"TableInput\": {\"Name\": \"%s\","
       " \"Description\": \"v1\"}}",
       db, name);
    DO(table_update,
       "{\"DatabaseName\": \"%s\", \"SkipArchive\": true, \"TableInput\":"
       " {\"Name\": \"%s\", \"Description\": \"v2\"}}",
       db, name);
    DO(table_update,
       "{\"DatabaseName\": \"%s\", \"VersionId\": \"2\", \"TableInput\":"
       " {\"Name\": \"%s\", \"Description\": \"v3\"}}",
       db, name);
}

static void test_table_versions_list_newest_first(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out, *list;
    char buf[256];
    size_t i;
    make_db(ctx, "d");
    make_versions(ctx, "d", "t");
    out = OK(table_get, "{\"DatabaseName\": \"d\", \"Name\": \"t\"}");
    assert_string_equal(str_at(out, "Table/VersionId"), "3"); /* SkipArchive still counts */
    json_decref(out);
    out = OK(table_versions_list, "{\"DatabaseName\": \"D\", \"TableName\": \"T\"}");
    list = at(out, "TableVersions");
    assert_string_equal(join(list, "VersionId", buf, sizeof(buf)), "3,2,0");
    for (i = 0; i < json_array_size(list); i++) {
        json_t *e = json_array_get(list, i);
        char want[8];
        assert_string_equal(str_at(e, "Table/VersionId"), str_at(e, "VersionId"));
        snprintf(want, sizeof(want), "v%s", str_at(e, "VersionId"));
        assert_string_equal(str_at(e, "Table/Description"), want);
        assert_string_equal(str_at(e, "Table/Name"), "t");
        assert_json(e, "Table/StorageDescriptor/SerdeInfo", "{\"Parameters\": {}}");
    }
    assert_null(at(out, "NextToken"));
    json_decref(out);
}

/* Page through GetTableVersions with MAX per page; the VersionIds, joined. */
static const char *versions_all(struct op_ctx *ctx, int max, int *pages, char *buf, size_t size)
{
    char *token = NULL, part[256];
    size_t len = 0;
    *pages = 0;
    buf[0] = '\0';
    do {
        json_t *out;
        const char *next;
        if (token)
            out = OK(table_versions_list,
                     "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
                     " \"MaxResults\": %d, \"NextToken\": \"%s\"}",
                     max, token);
        else
            out = OK(table_versions_list,
                     "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"MaxResults\": %d}", max);
        free(token);
        token = NULL;
        assert_true(json_array_size(at(out, "TableVersions")) <= (size_t)max);
        join(at(out, "TableVersions"), "VersionId", part, sizeof(part));
        if (*part)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "," : "", part);
        assert_true(len < size);
        if ((next = str_at(out, "NextToken")) != NULL)
            token = strdup(next);
        (*pages)++;
        json_decref(out);
        assert_true(*pages < 20);
    } while (token);
    return buf;
}

static void test_table_versions_list_pages(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *p1;
    char buf[256];
    int pages;
    make_db(ctx, "d");
    make_versions(ctx, "d", "t");
    make_versions(ctx, "d", "u");
    assert_string_equal(versions_all(ctx, 1, &pages, buf, sizeof(buf)), "3,2,0");
    assert_int_equal(pages, 3);
    assert_string_equal(versions_all(ctx, 2, &pages, buf, sizeof(buf)), "3,2,0");
    assert_int_equal(pages, 2);
    assert_string_equal(versions_all(ctx, 3, &pages, buf, sizeof(buf)), "3,2,0");
    assert_int_equal(pages, 1);
    p1 = OK(table_versions_list,
            "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"MaxResults\": 1}");
    FAILS(table_versions_list, CAT_EINVAL, "Invalid NextToken.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"u\", \"NextToken\": \"%s\"}",
          str_at(p1, "NextToken"));
    json_decref(p1);
    FAILS(table_versions_list, CAT_EINVAL, "Invalid NextToken.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"NextToken\": \"zz\"}");
    FAILS(table_versions_list, CAT_ENOTFOUND, "Table nope not found.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"nope\"}");
    FAILS(table_versions_list, CAT_EINVAL, "TableName is required.", "{\"DatabaseName\": \"d\"}");
}

static void test_table_version_get(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    make_db(ctx, "d");
    make_versions(ctx, "d", "t");
    out = OK(table_version_get, "{\"DatabaseName\": \"d\", \"TableName\": \"t\"}");
    assert_string_equal(str_at(out, "TableVersion/VersionId"), "3");
    assert_string_equal(str_at(out, "TableVersion/Table/Description"), "v3");
    json_decref(out);
    out = OK(table_version_get,
             "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"VersionId\": \"3\"}");
    assert_string_equal(str_at(out, "TableVersion/Table/Description"), "v3");
    json_decref(out);
    out = OK(table_version_get,
             "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"VersionId\": \"0\"}");
    assert_string_equal(str_at(out, "TableVersion/VersionId"), "0");
    assert_string_equal(str_at(out, "TableVersion/Table/Description"), "v0");
    json_decref(out);
    FAILS(table_version_get, CAT_ENOTFOUND, "Version not found.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"VersionId\": \"1\"}");
    /* a VersionId that is no number is invalid input, as on Glue (regression: was NotFound) */
    FAILS(table_version_get, CAT_EINVAL,
          "Invalid VersionId abc: a version is a non-negative integer.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"VersionId\": \"abc\"}");
    FAILS(table_version_get, CAT_ENOTFOUND, "Table nope not found.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"nope\", \"VersionId\": \"0\"}");
}

static void test_table_version_delete(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    char buf[64];
    make_db(ctx, "d");
    make_versions(ctx, "d", "t");
    FAILS(table_version_delete, CAT_EINVAL, "Cannot delete the current version of table t.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"T\", \"VersionId\": \"3\"}");
    FAILS(table_version_delete, CAT_ENOTFOUND, "Version 99 of table t not found.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"VersionId\": \"99\"}");
    FAILS(table_version_delete, CAT_ENOTFOUND, "Version 1 of table t not found.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"VersionId\": \"1\"}");
    FAILS(table_version_delete, CAT_EINVAL,
          "Invalid VersionId -1: a version is a non-negative integer.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"VersionId\": \"-1\"}");
    FAILS(table_version_delete, CAT_EINVAL, "VersionId is required.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\"}");
    FAILS(table_version_delete, CAT_ENOTFOUND, "Table nope not found.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"nope\", \"VersionId\": \"0\"}");
    out = OK(table_version_delete,
             "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"VersionId\": \"0\"}");
    assert_int_equal(json_object_size(out), 0);
    json_decref(out);
    FAILS(table_version_get, CAT_ENOTFOUND, "Version not found.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"VersionId\": \"0\"}");
    out = OK(table_versions_list, "{\"DatabaseName\": \"d\", \"TableName\": \"t\"}");
    assert_string_equal(join(at(out, "TableVersions"), "VersionId", buf, sizeof(buf)), "3,2");
    json_decref(out);
}

static void test_table_version_batch_delete(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    char buf[64];
    make_db(ctx, "d");
    make_versions(ctx, "d", "t");
    out = OK(table_version_batch_delete, "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
                                         " \"VersionIds\": [\"0\", \"3\", \"77\", \"x\"]}");
    assert_json(out, "Errors",
                "[{\"TableName\": \"t\", \"VersionId\": \"3\", \"ErrorDetail\":"
                "  {\"ErrorCode\": \"InvalidInputException\","
                "   \"ErrorMessage\": \"Cannot delete the current version of table t.\"}},"
                " {\"TableName\": \"t\", \"VersionId\": \"77\", \"ErrorDetail\":"
                "  {\"ErrorCode\": \"EntityNotFoundException\","
                "   \"ErrorMessage\": \"Version 77 of table t not found.\"}},"
                " {\"TableName\": \"t\", \"VersionId\": \"x\", \"ErrorDetail\":"
                "  {\"ErrorCode\": \"InvalidInputException\","
                "   \"ErrorMessage\": \"Invalid VersionId x: a version is a non-negative "
                "integer.\"}}]");
    json_decref(out);
    out = OK(table_versions_list, "{\"DatabaseName\": \"d\", \"TableName\": \"t\"}");
    assert_string_equal(join(at(out, "TableVersions"), "VersionId", buf, sizeof(buf)), "3,2");
    json_decref(out);
    out = OK(table_version_batch_delete,
             "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"VersionIds\": [\"2\"]}");
    assert_json(out, "Errors", "[]");
    json_decref(out);
    FAILS(table_version_batch_delete, CAT_EINVAL, "VersionIds is required.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\"}");
    FAILS(table_version_batch_delete, CAT_ENOTFOUND, "Table nope not found.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"nope\", \"VersionIds\": [\"0\"]}");
}

/* ================================================================ */
/* Deletes.                                                           */

static void test_table_delete_drops_versions(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    char buf[64];
    make_db(ctx, "d");
    make_versions(ctx, "d", "t");
    out = OK(table_delete, "{\"DatabaseName\": \"D\", \"Name\": \"T\"}");
    assert_int_equal(json_object_size(out), 0);
    json_decref(out);
    FAILS(table_get, CAT_ENOTFOUND, "Table t not found.",
          "{\"DatabaseName\": \"d\", \"Name\": \"t\"}");
    FAILS(table_delete, CAT_ENOTFOUND, "Table t not found.",
          "{\"DatabaseName\": \"d\", \"Name\": \"t\"}");
    make_table(ctx, "d", "t");
    out = OK(table_versions_list, "{\"DatabaseName\": \"d\", \"TableName\": \"t\"}");
    assert_string_equal(join(at(out, "TableVersions"), "VersionId", buf, sizeof(buf)), "0");
    assert_null(at(out, "TableVersions/0/Table/Description")); /* nothing of the old table */
    json_decref(out);
}

static void test_table_batch_delete(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    char buf[64];
    make_db(ctx, "d");
    make_table(ctx, "d", "a");
    make_table(ctx, "d", "b");
    make_table(ctx, "d", "keep");
    out = OK(table_batch_delete,
             "{\"DatabaseName\": \"d\", \"TablesToDelete\": [\"A\", \"missing\", \"b\"]}");
    assert_json(out, "Errors",
                "[{\"TableName\": \"missing\", \"ErrorDetail\":"
                "  {\"ErrorCode\": \"EntityNotFoundException\","
                "   \"ErrorMessage\": \"Table missing not found.\"}}]");
    json_decref(out);
    out = OK(table_list, "{\"DatabaseName\": \"d\"}");
    assert_string_equal(join(at(out, "TableList"), "Name", buf, sizeof(buf)), "keep");
    json_decref(out);
    out = OK(table_batch_delete, "{\"DatabaseName\": \"d\", \"TablesToDelete\": [\"keep\"]}");
    assert_json(out, "Errors", "[]");
    json_decref(out);
    FAILS(table_batch_delete, CAT_ENOTFOUND, "Database nope not found.",
          "{\"DatabaseName\": \"nope\", \"TablesToDelete\": [\"a\"]}");
    FAILS(table_batch_delete, CAT_EINVAL, "TablesToDelete is required.",
          "{\"DatabaseName\": \"d\"}");
}

/* ================================================================ */
/* CatalogId.                                                         */

static void test_table_catalog_isolation(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    make_db(ctx, "shared");
    DO(database_create, "{\"CatalogId\": \"111\", \"DatabaseInput\": {\"Name\": \"shared\"}}");
    DO(table_create, "{\"CatalogId\": \"111\", \"DatabaseName\": \"shared\","
                     " \"TableInput\": {\"Name\": \"t\", \"Description\": \"in 111\"}}");
    FAILS(table_get, CAT_ENOTFOUND, "Table t not found.",
          "{\"DatabaseName\": \"shared\", \"Name\": \"t\"}");
    out = OK(table_list, "{\"DatabaseName\": \"shared\"}");
    assert_json(out, "TableList", "[]");
    json_decref(out);
    out = OK(table_get, "{\"CatalogId\": \"111\", \"DatabaseName\": \"shared\", \"Name\": \"t\"}");
    assert_string_equal(str_at(out, "Table/CatalogId"), "111");
    assert_string_equal(str_at(out, "Table/Description"), "in 111");
    json_decref(out);
    FAILS(table_delete, CAT_ENOTFOUND, "Table t not found.",
          "{\"DatabaseName\": \"shared\", \"Name\": \"t\"}");
    FAILS(table_update, CAT_ENOTFOUND, "Table t not found.",
          "{\"DatabaseName\": \"shared\", \"TableInput\": {\"Name\": \"t\"}}");
    DO(table_update, "{\"CatalogId\": \"111\", \"DatabaseName\": \"shared\","
                     " \"TableInput\": {\"Name\": \"t\", \"Description\": \"again\"}}");
    out = OK(table_versions_list,
             "{\"CatalogId\": \"111\", \"DatabaseName\": \"shared\", \"TableName\": \"t\"}");
    assert_int_equal(json_array_size(at(out, "TableVersions")), 2);
    assert_string_equal(str_at(out, "TableVersions/1/Table/CatalogId"), "111");
    json_decref(out);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_table_create_get_folds_names),
        T(test_table_missing_and_invalid_input),
        T(test_table_round_trips_rich_input),
        T(test_present_table_fills_defaults),
        T(test_table_list_pages),
        T(test_table_list_pages_survive_changes),
        T(test_table_list_rejects_foreign_and_garbage_tokens),
        T(test_table_list_expression),
        T(test_table_list_attributes_to_get),
        T(test_table_update_version_cas),
        T(test_table_versions_list_newest_first),
        T(test_table_versions_list_pages),
        T(test_table_version_get),
        T(test_table_version_delete),
        T(test_table_version_batch_delete),
        T(test_table_delete_drops_versions),
        T(test_table_batch_delete),
        T(test_table_catalog_isolation),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
