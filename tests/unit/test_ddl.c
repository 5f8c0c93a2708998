/* test_ddl.c -- catalogctl's Hive DDL parser (client/ddl.c): accepted forms, rejections with
** line:column, and DDL -> TableInput -> DDL -> TableInput round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../client/ddl.h"

/* Parse TEXT expecting success; the one statement (new reference). */
static json_t *one(const char *text)
{
    char err[512] = "";
    json_t *out = NULL, *s;
    if (ddl_parse(text, "dflt", &out, err, sizeof err) != 0)
        fail_msg("%s: %s", text, err);
    assert_int_equal(json_array_size(out), 1);
    s = json_incref(json_array_get(out, 0));
    json_decref(out);
    return s;
}

static void assert_json(const json_t *got, const char *want)
{
    json_t *w = json_loads(want, 0, NULL);
    char *g = json_dumps(got, JSON_SORT_KEYS), *ws;
    assert_non_null(w);
    ws = json_dumps(w, JSON_SORT_KEYS);
    if (!json_equal(got, w))
        fail_msg("got  %s\nwant %s", g, ws);
    free(g);
    free(ws);
    json_decref(w);
}

static void test_create_table_full(void **state)
{
    json_t *s = one("create external table if not exists Silver_DB.Orders (\n"
                    "  order_id STRING comment 'the id', amount Decimal( 10 , 2 ),\n"
                    "  tags ARRAY < STRUCT < k : string , `V` : map<string,int> > >)\n"
                    "COMMENT 'Cleaned' PARTITIONED BY (order_date date, region string)\n"
                    "CLUSTERED BY (order_id) SORTED BY (order_id DESC, amount) INTO 8 BUCKETS\n"
                    "ROW FORMAT SERDE 'my.SerDe' WITH SERDEPROPERTIES ('a'='1')\n"
                    "STORED AS INPUTFORMAT 'in.F' OUTPUTFORMAT 'out.F'\n"
                    "LOCATION 's3://b/o/' TBLPROPERTIES ('classification'='parquet');");
    (void)state;
    assert_json(s,
                "{\"Statement\": \"CreateTable\", \"DatabaseName\": \"silver_db\","
                " \"IfNotExists\": true, \"TableInput\": {\"Name\": \"orders\","
                " \"TableType\": \"EXTERNAL_TABLE\", \"Description\": \"Cleaned\","
                " \"PartitionKeys\": [{\"Name\": \"order_date\", \"Type\": \"date\"},"
                " {\"Name\": \"region\", \"Type\": \"string\"}],"
                " \"Parameters\": {\"classification\": \"parquet\"},"
                " \"StorageDescriptor\": {\"Columns\": ["
                " {\"Name\": \"order_id\", \"Type\": \"string\", \"Comment\": \"the id\"},"
                " {\"Name\": \"amount\", \"Type\": \"decimal(10,2)\"},"
                " {\"Name\": \"tags\", \"Type\": \"array<struct<k:string,`V`:map<string,int>>>\"}],"
                " \"BucketColumns\": [\"order_id\"], \"NumberOfBuckets\": 8,"
                " \"SortColumns\": [{\"Column\": \"order_id\", \"SortOrder\": 0},"
                " {\"Column\": \"amount\", \"SortOrder\": 1}],"
                " \"SerdeInfo\": {\"SerializationLibrary\": \"my.SerDe\","
                " \"Parameters\": {\"a\": \"1\"}},"
                " \"InputFormat\": \"in.F\", \"OutputFormat\": \"out.F\","
                " \"Location\": \"s3://b/o/\"}}}");
    json_decref(s);
}

static void test_stored_as_and_delimited(void **state)
{
    json_t *s = one("CREATE TABLE t (a int) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\001' "
                    "ESCAPED BY '\\\\' COLLECTION ITEMS TERMINATED BY ',' MAP KEYS TERMINATED BY "
                    "':' LINES TERMINATED BY '\\n' NULL DEFINED AS 'NA' -- trailing\n");
    const json_t *sd = json_object_get(json_object_get(s, "TableInput"), "StorageDescriptor");
    (void)state;
    assert_string_equal(json_string_value(json_object_get(s, "DatabaseName")), "dflt");
    assert_json(json_object_get(sd, "SerdeInfo"),
                "{\"SerializationLibrary\": \"org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe\","
                " \"Parameters\": {\"field.delim\": \"\\u0001\", \"escape.delim\": \"\\\\\","
                " \"collection.delim\": \",\", \"mapkey.delim\": \":\", \"line.delim\": \"\\n\","
                " \"serialization.null.format\": \"NA\"}}");
    assert_string_equal(json_string_value(json_object_get(sd, "InputFormat")),
                        "org.apache.hadoop.mapred.TextInputFormat"); /* Hive's default */
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(s, "TableInput"), "TableType")),
        "MANAGED_TABLE");
    json_decref(s);
    s = one("/* c */ CREATE TABLE t (a double precision) STORED AS orc");
    sd = json_object_get(json_object_get(s, "TableInput"), "StorageDescriptor");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(sd, "Columns"), 0), "Type")),
                        "double precision");
    assert_string_equal(json_string_value(json_object_get(json_object_get(sd, "SerdeInfo"),
                                                          "SerializationLibrary")),
                        "org.apache.hadoop.hive.ql.io.orc.OrcSerde");
    json_decref(s);
}

static void test_other_statements(void **state)
{
    char err[256];
    json_t *out = NULL;
    (void)state;
    assert_int_equal(
        ddl_parse("CREATE DATABASE IF NOT EXISTS d COMMENT 'x' LOCATION 's3://b/' "
                  "WITH DBPROPERTIES ('k'='v');"
                  "DROP TABLE IF EXISTS d.t PURGE;"
                  "ALTER TABLE t ADD IF NOT EXISTS PARTITION (dt='2025-01-01', n=3) "
                  "LOCATION 's3://x/' PARTITION (dt=\"2025-01-02\", n=-4);"
                  "alter table d.t drop if exists partition (dt='a'), partition (dt='b');"
                  "MSCK REPAIR TABLE d.t; SHOW PARTITIONS t;;",
                  NULL, &out, err, sizeof err),
        0);
    assert_json(
        out, "[{\"Statement\": \"CreateDatabase\", \"IfNotExists\": true, \"DatabaseInput\":"
             " {\"Name\": \"d\", \"Description\": \"x\", \"LocationUri\": \"s3://b/\","
             " \"Parameters\": {\"k\": \"v\"}}},"
             " {\"Statement\": \"DropTable\", \"IfExists\": true, \"DatabaseName\": \"d\","
             " \"Name\": \"t\"},"
             " {\"Statement\": \"AddPartitions\", \"IfNotExists\": true,"
             " \"DatabaseName\": \"default\", \"TableName\": \"t\", \"Partitions\": ["
             " {\"Spec\": [[\"dt\", \"2025-01-01\"], [\"n\", \"3\"]], \"Location\": \"s3://x/\"},"
             " {\"Spec\": [[\"dt\", \"2025-01-02\"], [\"n\", \"-4\"]]}]},"
             " {\"Statement\": \"DropPartitions\", \"IfExists\": true, \"DatabaseName\": \"d\","
             " \"TableName\": \"t\", \"Partitions\": [{\"Spec\": [[\"dt\", \"a\"]]},"
             " {\"Spec\": [[\"dt\", \"b\"]]}]},"
             " {\"Statement\": \"MsckRepairTable\", \"DatabaseName\": \"d\", \"TableName\": \"t\"},"
             " {\"Statement\": \"ShowPartitions\", \"DatabaseName\": \"default\","
             " \"TableName\": \"t\"}]");
    json_decref(out);
}

static void test_rejections_name_line_and_column(void **state)
{
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {"", "line 1, column 1: expected a statement but found the end of input"},
        {"CREATE TABL t", "line 1, column 8: expected TABLE, EXTERNAL TABLE or DATABASE but found "
                          "'TABL'"},
        {"CREATE TABLE t (a int,\n  b decimal(10,2 ) LOCATION",
         "line 2, column 20: expected ')' but found 'LOCATION'"},
        {"CREATE TABLE t (a array<int)", "line 1, column 28: expected '>' but found ')'"},
        {"CREATE TABLE t (a int) STORED AS ORCC",
         "line 1, column 34: expected PARQUET, ORC, AVRO, TEXTFILE, JSONFILE, SEQUENCEFILE, RCFILE "
         "or INPUTFORMAT but found 'ORCC'"},
        {"CREATE TABLE t (a int) LOCATION s3", "line 1, column 33: expected a location string but "
                                               "found 's3'"},
        {"CREATE TABLE t (a int) LOCATION 'x", "line 1, column 33: unterminated string"},
        {"DROP TABLE t\nextra", "line 2, column 1: expected ';' or the end of input but found "
                                "'extra'"},
        {"SELECT 1", "line 1, column 1: expected CREATE, DROP, ALTER, MSCK or SHOW but found "
                     "'SELECT'"},
        {"ALTER TABLE t ADD PARTITION (a=)", "line 1, column 32: expected a partition value but "
                                             "found ')'"},
        {"CREATE TABLE t (a int) CLUSTERED BY (a) INTO x BUCKETS",
         "line 1, column 46: expected a number of buckets but found 'x'"},
        {"CREATE TABLE `` (a int)", "line 1, column 14: empty `identifier`"},
        {"CREATE TABLE t (a int) # x", "line 1, column 24: unexpected character '#'"},
        {"/* open", "line 1, column 1: unterminated comment"},
        /* a type name Hive's parser does not know is refused here, with the nearest one */
        {"CREATE TABLE t (a int, b strnig)",
         "line 1, column 26: 'strnig' is not a Hive type (Hive refuses it: cannot recognize "
         "input); did you mean 'string'?"},
        {"CREATE TABLE t (a array<itn>)",
         "line 1, column 25: 'itn' is not a Hive type (Hive refuses it: cannot recognize input); "
         "did you mean 'int'?"},
        {"CREATE TABLE t (a struct<x:qqqqqq>)",
         "line 1, column 28: 'qqqqqq' is not a Hive type (Hive refuses it: cannot recognize "
         "input)"},
        {"CREATE TABLE t (a int) PARTITIONED BY (d daet)",
         "line 1, column 42: 'daet' is not a Hive type (Hive refuses it: cannot recognize input); "
         "did you mean 'date'?"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[512] = "";
        json_t *out = (json_t *)1;
        assert_int_equal(ddl_parse(cases[i].text, NULL, &out, err, sizeof err), -1);
        assert_null(out);
        if (strcmp(err, cases[i].msg) != 0)
            fail_msg("%s\n  got  %s\n  want %s", cases[i].text, err, cases[i].msg);
    }
}

/* DDL -> TableInput -> DDL -> TableInput: the same table, and the same text the second time. */
/* ddl_nearest(): "did you mean" for types and catalogctl's commands. */
static void test_nearest(void **state)
{
    static const char *const words[] = {"get-table", "get-tables", "create-table", "string", "int"};
    (void)state;
    assert_string_equal(ddl_nearest("get-tabel", words, 5), "get-table");
    assert_string_equal(ddl_nearest("create-tabel", words, 5), "create-table");
    assert_string_equal(ddl_nearest("STRNIG", words, 5), "string");
    assert_string_equal(ddl_nearest("it", words, 5), "int");
    assert_null(ddl_nearest("in", words, 2));
    assert_null(ddl_nearest("x", words, 5));
    assert_null(ddl_nearest("delete-everything", words, 5));
}

static void test_round_trip(void **state)
{
    static const char *const texts[] = {
        "CREATE EXTERNAL TABLE s.orders (order_id string COMMENT 'it\\'s \\\\ \\n',"
        " amount double, t struct<`a b`:int COMMENT 'c'>) COMMENT 'd' PARTITIONED BY (dt date)"
        " CLUSTERED BY (order_id) SORTED BY (order_id ASC) INTO 2 BUCKETS"
        " ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\001' STORED AS PARQUET"
        " LOCATION 's3://b/o/' TBLPROPERTIES ('k'='v', 'x'='')",
        "CREATE TABLE `Weird``Name` (`Select` int) STORED AS JSONFILE",
        "CREATE EXTERNAL TABLE t PARTITIONED BY (k string) STORED AS AVRO",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        json_t *s1 = one(texts[i]), *s2, *t1;
        char *d1, *d2;
        t1 = json_deep_copy(json_object_get(s1, "TableInput"));
        json_object_set(t1, "DatabaseName", json_object_get(s1, "DatabaseName"));
        d1 = ddl_create_table(t1);
        assert_non_null(d1);
        s2 = one(d1);
        if (!json_equal(s2, s1)) {
            char *a = json_dumps(s1, JSON_SORT_KEYS), *b = json_dumps(s2, JSON_SORT_KEYS);
            fail_msg("%s\n->\n%s\n%s\n!=\n%s", texts[i], d1, a, b);
        }
        json_decref(t1);
        t1 = json_deep_copy(json_object_get(s2, "TableInput"));
        json_object_set(t1, "DatabaseName", json_object_get(s2, "DatabaseName"));
        d2 = ddl_create_table(t1);
        assert_string_equal(d1, d2);
        free(d1);
        free(d2);
        json_decref(t1);
        json_decref(s1);
        json_decref(s2);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_table_full),
        cmocka_unit_test(test_stored_as_and_delimited),
        cmocka_unit_test(test_other_statements),
        cmocka_unit_test(test_rejections_name_line_and_column),
        cmocka_unit_test(test_nearest),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
