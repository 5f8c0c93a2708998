/* test_validate.c -- unit tests of validate.c: each model constraint at its boundary; pruning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "base/error.h"
#include "ops/model.h"
#include "ops/validate.h"

#define PFX "1 validation error detected: "
#define P1_TEXT "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*"

/* One request and what validate_input() must say about it. */
struct vcase {
    const char *op;
    const char *json;
    int rc;
    const char *msg;  /* exact message, or NULL */
    const char *part; /* substring of the message, or NULL */
};

/* Column statistics request wrapping STATS (a ColumnStatisticsData object). */
#define COLSTATS(stats)                                                                            \
    "{\"DatabaseName\":\"d\",\"TableName\":\"t\",\"ColumnStatisticsList\":[{\"ColumnName\":\"c\"," \
    "\"ColumnType\":\"double\",\"AnalyzedTime\":1718822493,\"StatisticsData\":" stats "}]}"
#define DBL(v)                                                                                     \
    COLSTATS("{\"Type\":\"DOUBLE\",\"DoubleColumnStatisticsData\":{\"MinimumValue\":" v            \
             ",\"NumberOfNulls\":0,\"NumberOfDistinctValues\":1}}")
#define STRSTATS(avg)                                                                              \
    COLSTATS("{\"Type\":\"STRING\",\"StringColumnStatisticsData\":{\"MaximumLength\":3,"           \
             "\"AverageLength\":" avg ",\"NumberOfNulls\":0,\"NumberOfDistinctValues\":1}}")
#define DEC(v)                                                                                     \
    COLSTATS("{\"Type\":\"DECIMAL\",\"DecimalColumnStatisticsData\":{\"MinimumValue\":"            \
             "{\"UnscaledValue\":" v ",\"Scale\":2},\"NumberOfNulls\":0,"                          \
             "\"NumberOfDistinctValues\":1}}")
#define DATE(v)                                                                                    \
    COLSTATS("{\"Type\":\"DATE\",\"DateColumnStatisticsData\":{\"MinimumValue\":" v                \
             ",\"NumberOfNulls\":0,\"NumberOfDistinctValues\":1}}")
/* CreateTable whose StorageDescriptor has SCHEMAREF as SchemaReference. */
#define SCHEMAREF(r)                                                                               \
    "{\"DatabaseName\":\"d\",\"TableInput\":{\"Name\":\"t\",\"StorageDescriptor\":"                \
    "{\"SchemaReference\":" r "}}}"
#define TBL(ti) "{\"DatabaseName\":\"d\",\"TableInput\":" ti "}"
#define DB(di) "{\"DatabaseInput\":" di "}"

static const struct vcase cases[] = {
    /* accepted requests */
    {"CreateDatabase", DB("{\"Name\":\"db\"}"), CAT_OK, NULL, NULL},
    {"GetDatabases", "{}", CAT_OK, NULL, NULL},
    {"CreateTable",
     TBL("{\"Name\":\"t\",\"StorageDescriptor\":{\"Columns\":[{\"Name\":\"a\",\"Type\":\"int\"}],"
         "\"Location\":\"s3://b/p\",\"Compressed\":false,\"NumberOfBuckets\":-1,"
         "\"SortColumns\":[{\"Column\":\"a\",\"SortOrder\":1}]},\"PartitionKeys\":[],"
         "\"Parameters\":{\"EXTERNAL\":\"TRUE\",\"empty\":\"\"},\"LastAccessTime\":1.5e9}"),
     CAT_OK, NULL, NULL},
    /* null counts as absent; unknown members are ignored */
    {"CreateDatabase",
     "{\"CatalogId\":null,\"DatabaseInput\":{\"Name\":\"db\",\"Description\":null}}", CAT_OK, NULL,
     NULL},
    {"CreateDatabase",
     "{\"Future\":5,\"DatabaseInput\":{\"Name\":\"db\",\"NewThing\":{\"x\":[1]}}}", CAT_OK, NULL,
     NULL},
    /* required */
    {"CreateDatabase", "{}", CAT_EINVAL,
     PFX "Value null at 'databaseInput' failed to satisfy constraint: Member must not be null",
     NULL},
    {"CreateDatabase", "{\"DatabaseInput\":null}", CAT_EINVAL, NULL,
     "Value null at 'databaseInput' failed"},
    {"CreateTable", TBL("{\"Name\":null}"), CAT_EINVAL,
     PFX "Value null at 'tableInput.name' failed to satisfy constraint: Member must not be null",
     NULL},
    {"GetPartition", "{\"DatabaseName\":\"d\",\"TableName\":\"t\"}", CAT_EINVAL, NULL,
     "Value null at 'partitionValues'"},
    /* types */
    {"GetDatabase", "{\"Name\":5}", CAT_EINVAL, PFX "Value at 'name' must be a string", NULL},
    {"GetTables", "{\"DatabaseName\":\"d\",\"MaxResults\":\"10\"}", CAT_EINVAL,
     PFX "Value at 'maxResults' must be an integer", NULL},
    {"GetTables", "{\"DatabaseName\":\"d\",\"MaxResults\":10.0}", CAT_EINVAL, NULL,
     "'maxResults' must be an integer"},
    {"UpdateTable", "{\"DatabaseName\":\"d\",\"SkipArchive\":\"true\"}", CAT_EINVAL,
     PFX "Value at 'skipArchive' must be a boolean", NULL},
    {"UpdateTable", "{\"DatabaseName\":\"d\",\"SkipArchive\":0}", CAT_EINVAL, NULL,
     "must be a boolean"},
    {"BatchDeleteTable", "{\"DatabaseName\":\"d\",\"TablesToDelete\":\"t\"}", CAT_EINVAL,
     PFX "Value at 'tablesToDelete' must be a list (JSON array)", NULL},
    {"CreateDatabase", DB("{\"Name\":\"d\",\"Parameters\":[]}"), CAT_EINVAL,
     PFX "Value at 'databaseInput.parameters' must be a map (JSON object)", NULL},
    {"CreateDatabase", DB("\"d\""), CAT_EINVAL,
     PFX "Value at 'databaseInput' must be a structure (JSON object)", NULL},
    {"CreateDatabase", "[]", CAT_EINVAL, PFX "Request body must be a JSON object", NULL},
    {"CreateDatabase", "\"x\"", CAT_EINVAL, PFX "Request body must be a JSON object", NULL},
    /* enum */
    {"CreateUserDefinedFunction",
     "{\"DatabaseName\":\"d\",\"FunctionInput\":{\"FunctionName\":\"f\",\"OwnerType\":\"ADMIN\"}}",
     CAT_EINVAL,
     PFX "Value at 'functionInput.ownerType' failed to satisfy constraint: Member must satisfy "
         "enum value set: [USER, ROLE, GROUP]",
     NULL},
    {"CreateUserDefinedFunction",
     "{\"DatabaseName\":\"d\",\"FunctionInput\":{\"FunctionName\":\"f\",\"OwnerType\":\"ROLE\"}}",
     CAT_OK, NULL, NULL},
    {"CreateUserDefinedFunction",
     "{\"DatabaseName\":\"d\",\"FunctionInput\":{\"OwnerType\":\"role\"}}", CAT_EINVAL, NULL,
     "enum value set"},
    {"GetTables", "{\"DatabaseName\":\"d\",\"AttributesToGet\":[\"NAME\",\"COLUMNS\"]}", CAT_EINVAL,
     PFX "Value at 'attributesToGet.2.member' failed to satisfy constraint: Member must satisfy "
         "enum value set: [NAME, TABLE_TYPE]",
     NULL},
    /* P1 (single line) and P2 (multi line) */
    {"CreateTable",
     TBL("{\"Name\":\"t\",\"StorageDescriptor\":{\"Columns\":[{\"Name\":\"a\"},{\"Name\":"
         "\"b\\u0007\"}]}}"),
     CAT_EINVAL,
     PFX "Value at 'tableInput.storageDescriptor.columns.2.member.name' failed to satisfy "
         "constraint: Member must satisfy regular expression pattern: " P1_TEXT,
     NULL},
    {"CreateTable", TBL("{\"Name\":\"a\\tb\"}"), CAT_OK, NULL, NULL},
    {"CreateTable", TBL("{\"Name\":\"a\\nb\"}"), CAT_EINVAL, NULL, "'tableInput.name'"},
    {"CreateTable", TBL("{\"Name\":\"a\\u0000b\"}"), CAT_EINVAL, NULL, "regular expression"},
    {"CreateTable",
     TBL("{\"Name\":\"\\u007f\\u0085\\ud7ff\\ue000\\ufffd\\ud800\\udc00\\udbff\\udfff\"}"), CAT_OK,
     NULL, NULL},
    {"CreateTable", TBL("{\"Name\":\"a\\ufffe\"}"), CAT_EINVAL, NULL, "regular expression"},
    {"CreateTable", TBL("{\"Name\":\"a\\uffff\"}"), CAT_EINVAL, NULL, "regular expression"},
    {"CreateDatabase", DB("{\"Name\":\"d\",\"Description\":\"line1\\nline2\\r\\n\\tend\"}"), CAT_OK,
     NULL, NULL},
    {"CreateDatabase", DB("{\"Name\":\"d\",\"Description\":\"a\\u001bb\"}"), CAT_EINVAL, NULL,
     "'databaseInput.description' failed to satisfy constraint: Member must satisfy "
     "regular expression pattern: [\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF"
     "\\uDFFF\\r\\n\\t]*"},
    /* list size */
    {"BatchDeleteTable", "{\"DatabaseName\":\"d\",\"TablesToDelete\":[]}", CAT_OK, NULL, NULL},
    {"BatchUpdatePartition", "{\"DatabaseName\":\"d\",\"TableName\":\"t\",\"Entries\":[]}",
     CAT_EINVAL,
     PFX "Value at 'entries' failed to satisfy constraint: Member must have length greater than "
         "or equal to 1",
     NULL},
    {"BatchDeleteTable", "{\"DatabaseName\":\"d\",\"TablesToDelete\":[\"a\",null]}", CAT_EINVAL,
     PFX "Value null at 'tablesToDelete.2.member' failed to satisfy constraint: Member must not "
         "be null",
     NULL},
    {"BatchDeleteTable", "{\"DatabaseName\":\"d\",\"TablesToDelete\":[\"a\",\"\"]}", CAT_EINVAL,
     NULL,
     "'tablesToDelete.2.member' failed to satisfy constraint: Member must have length "
     "greater than or equal to 1"},
    /* integer ranges */
    {"GetTables", "{\"DatabaseName\":\"d\",\"MaxResults\":0}", CAT_EINVAL,
     PFX "Value at 'maxResults' failed to satisfy constraint: Member must have value greater than "
         "or equal to 1",
     NULL},
    {"GetTables", "{\"DatabaseName\":\"d\",\"MaxResults\":1}", CAT_OK, NULL, NULL},
    {"GetTables", "{\"DatabaseName\":\"d\",\"MaxResults\":100}", CAT_OK, NULL, NULL},
    {"GetTables", "{\"DatabaseName\":\"d\",\"MaxResults\":101}", CAT_EINVAL,
     PFX "Value at 'maxResults' failed to satisfy constraint: Member must have value less than or "
         "equal to 100",
     NULL},
    {"GetTables", "{\"DatabaseName\":\"d\",\"MaxResults\":4294967296}", CAT_EINVAL, NULL,
     "Member must have value less than or equal to 2147483647"},
    {"GetPartitions", "{\"DatabaseName\":\"d\",\"TableName\":\"t\",\"MaxResults\":0}", CAT_EINVAL,
     NULL, "greater than or equal to 1"},
    {"GetPartitions", "{\"DatabaseName\":\"d\",\"TableName\":\"t\",\"MaxResults\":1000}", CAT_OK,
     NULL, NULL},
    {"GetPartitions", "{\"DatabaseName\":\"d\",\"TableName\":\"t\",\"MaxResults\":1001}",
     CAT_EINVAL, NULL,
     "'maxResults' failed to satisfy constraint: Member must have value less "
     "than or equal to 1000"},
    {"GetPartitions",
     "{\"DatabaseName\":\"d\",\"TableName\":\"t\",\"Segment\":{\"SegmentNumber\":0,"
     "\"TotalSegments\":11}}",
     CAT_EINVAL, NULL,
     "'segment.totalSegments' failed to satisfy constraint: Member must have "
     "value less than or equal to 10"},
    {"CreateTable", TBL("{\"Name\":\"t\",\"Retention\":-1}"), CAT_EINVAL, NULL,
     "'tableInput.retention' failed to satisfy constraint: Member must have value greater than or "
     "equal to 0"},
    {"GetTableVersion", "{\"DatabaseName\":\"d\",\"TableName\":\"t\",\"VersionId\":\"1\"}", CAT_OK,
     NULL, NULL},
    /* long */
    {"CreateTable", SCHEMAREF("{\"SchemaVersionNumber\":100000}"), CAT_OK, NULL, NULL},
    {"CreateTable", SCHEMAREF("{\"SchemaVersionNumber\":0}"), CAT_EINVAL, NULL,
     "schemaReference.schemaVersionNumber' failed to satisfy constraint: Member must have value "
     "greater than or equal to 1"},
    {"CreateTable", SCHEMAREF("{\"SchemaVersionNumber\":1e3}"), CAT_EINVAL, NULL,
     "must be an integer"},
    /* doubles */
    {"UpdateColumnStatisticsForTable", DBL("\"NaN\""), CAT_OK, NULL, NULL},
    {"UpdateColumnStatisticsForTable", DBL("\"-Infinity\""), CAT_OK, NULL, NULL},
    {"UpdateColumnStatisticsForTable", DBL("-1.5"), CAT_OK, NULL, NULL},
    {"UpdateColumnStatisticsForTable", DBL("7"), CAT_OK, NULL, NULL},
    {"UpdateColumnStatisticsForTable", DBL("\"nan\""), CAT_EINVAL,
     PFX "Value at 'columnStatisticsList.1.member.statisticsData.doubleColumnStatisticsData."
         "minimumValue' must be a number (or \"NaN\", \"Infinity\", \"-Infinity\")",
     NULL},
    {"UpdateColumnStatisticsForTable", DBL("true"), CAT_EINVAL, NULL, "must be a number"},
    {"UpdateColumnStatisticsForTable", STRSTATS("0"), CAT_OK, NULL, NULL},
    {"UpdateColumnStatisticsForTable", STRSTATS("\"Infinity\""), CAT_OK, NULL, NULL},
    {"UpdateColumnStatisticsForTable", STRSTATS("-0.5"), CAT_EINVAL, NULL,
     "averageLength' failed to satisfy constraint: Member must have value greater than or equal "
     "to 0"},
    {"UpdateColumnStatisticsForTable", STRSTATS("\"-Infinity\""), CAT_EINVAL, NULL,
     "greater than or equal to 0"},
    {"UpdateColumnStatisticsForTable",
     COLSTATS("{\"Type\":\"STRING\",\"StringColumnStatisticsData\":{\"MaximumLength\":3,"
              "\"AverageLength\":1,\"NumberOfNulls\":0}}"),
     CAT_EINVAL, NULL,
     "Value null at 'columnStatisticsList.1.member.statisticsData."
     "stringColumnStatisticsData.numberOfDistinctValues'"},
    {"UpdateColumnStatisticsForTable", COLSTATS("{\"Type\":\"UUID\"}"), CAT_EINVAL, NULL,
     "enum value set: [BOOLEAN, DATE, DECIMAL, DOUBLE, LONG, STRING, BINARY]"},
    /* blob */
    {"UpdateColumnStatisticsForTable", DEC("\"AQA=\""), CAT_OK, NULL, NULL},
    {"UpdateColumnStatisticsForTable", DEC("\"AQA\""), CAT_OK, NULL, NULL},
    {"UpdateColumnStatisticsForTable", DEC("\"\""), CAT_OK, NULL, NULL},
    {"UpdateColumnStatisticsForTable", DEC("\"AQ==\""), CAT_OK, NULL, NULL},
    {"UpdateColumnStatisticsForTable", DEC("\"A\""), CAT_EINVAL, NULL,
     "minimumValue.unscaledValue' must be a base64-encoded string"},
    {"UpdateColumnStatisticsForTable", DEC("\"AQ=A\""), CAT_EINVAL, NULL, "base64"},
    {"UpdateColumnStatisticsForTable", DEC("\"AQA*\""), CAT_EINVAL, NULL, "base64"},
    {"UpdateColumnStatisticsForTable", DEC("\"A===\""), CAT_EINVAL, NULL, "base64"},
    {"UpdateColumnStatisticsForTable", DEC("1"), CAT_EINVAL, NULL, "base64"},
    /* timestamp */
    {"UpdateColumnStatisticsForTable", DATE("1718822493.123"), CAT_OK, NULL, NULL},
    {"UpdateColumnStatisticsForTable", DATE("\"2024-06-19\""), CAT_EINVAL, NULL,
     "minimumValue' must be a timestamp (epoch seconds as a number, years 1 to 9999)"},
    /* timestamps: years 1..9999 only (boto3 cannot turn others into dates) */
    {"CreateTable", TBL("{\"Name\":\"t\",\"LastAccessTime\":253402300799}"), CAT_OK, NULL, NULL},
    {"CreateTable", TBL("{\"Name\":\"t\",\"LastAccessTime\":253402300800}"), CAT_EINVAL, NULL,
     "lastAccessTime' must be a timestamp"},
    {"CreateTable", TBL("{\"Name\":\"t\",\"LastAccessTime\":1e300}"), CAT_EINVAL, NULL,
     "lastAccessTime' must be a timestamp"},
    /* UUID, charset and ARN patterns */
    {"CreateTable", SCHEMAREF("{\"SchemaVersionId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"}"),
     CAT_OK, NULL, NULL},
    {"CreateTable", SCHEMAREF("{\"SchemaVersionId\":\"0F8FAD5B-D9CB-469F-A165-70867728950E\"}"),
     CAT_EINVAL, NULL,
     "schemaVersionId' failed to satisfy constraint: Member must satisfy regular expression "
     "pattern: [a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}"},
    {"CreateTable", SCHEMAREF("{\"SchemaVersionId\":\"0f8fad5b-d9cb-469f-a165x70867728950e\"}"),
     CAT_EINVAL, NULL, "regular expression"},
    {"CreateTable", SCHEMAREF("{\"SchemaId\":{\"SchemaName\":\"my-schema_1$#.\"}}"), CAT_OK, NULL,
     NULL},
    {"CreateTable", SCHEMAREF("{\"SchemaId\":{\"RegistryName\":\"bad name\"}}"), CAT_EINVAL, NULL,
     "schemaId.registryName' failed to satisfy constraint: Member must satisfy regular expression "
     "pattern: [a-zA-Z0-9-_$#.]+"},
    {"CreateTable", SCHEMAREF("{\"SchemaId\":{\"SchemaName\":\"caf\\u00e9\"}}"), CAT_EINVAL, NULL,
     "regular expression"},
    {"CreateTable",
     SCHEMAREF("{\"SchemaId\":{\"SchemaArn\":\"arn:aws:glue:us-east-1:1:schema/r/s\"}}"), CAT_OK,
     NULL, NULL},
    {"CreateTable", SCHEMAREF("{\"SchemaId\":{\"SchemaArn\":\"arn:aws-iso-b:glue:\\u00e9\"}}"),
     CAT_OK, NULL, NULL},
    {"CreateTable", SCHEMAREF("{\"SchemaId\":{\"SchemaArn\":\"arn:aws-us-gov:glue:\"}}"), CAT_OK,
     NULL, NULL},
    {"CreateTable", SCHEMAREF("{\"SchemaId\":{\"SchemaArn\":\"arn:aws-iso:glue:x\"}}"), CAT_OK,
     NULL, NULL},
    {"CreateTable", SCHEMAREF("{\"SchemaId\":{\"SchemaArn\":\"arn:aws-iso-x:glue:x\"}}"),
     CAT_EINVAL, NULL, "pattern: arn:aws(-(cn|us-gov|iso(-[bef])?))?:glue:.*"},
    {"CreateTable", SCHEMAREF("{\"SchemaId\":{\"SchemaArn\":\"arn:aws:s3:::bucket\"}}"), CAT_EINVAL,
     NULL, "regular expression"},
    {"CreateTable", SCHEMAREF("{\"SchemaId\":{\"SchemaArn\":\"arn:aws:glue:a\\nb\"}}"), CAT_EINVAL,
     NULL, "regular expression"},
    {"CreateTable", SCHEMAREF("{\"SchemaId\":{\"SchemaArn\":\"arn:aws:glue:a\\u2028\"}}"),
     CAT_EINVAL, NULL, "regular expression"},
    /* maps */
    {"CreateDatabase", DB("{\"Name\":\"d\",\"Parameters\":{\"\":\"v\"}}"), CAT_EINVAL,
     PFX "Value at 'databaseInput.parameters' failed to satisfy constraint: Map keys must satisfy "
         "constraint: [Member must have length greater than or equal to 1]",
     NULL},
    {"CreateDatabase", DB("{\"Name\":\"d\",\"Parameters\":{\"a\\u0001\":\"v\"}}"), CAT_EINVAL, NULL,
     "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: "},
    {"CreateDatabase", DB("{\"Name\":\"d\",\"Parameters\":{\"k\":null}}"), CAT_EINVAL,
     PFX "Value null at 'databaseInput.parameters.k' failed to satisfy constraint: Member must not "
         "be null",
     NULL},
    {"CreateDatabase", DB("{\"Name\":\"d\",\"Parameters\":{\"k\":1}}"), CAT_EINVAL,
     PFX "Value at 'databaseInput.parameters.k' must be a string", NULL},
    {"CreateDatabase", DB("{\"Name\":\"d\",\"Parameters\":{\"k\\n\":1}}"), CAT_EINVAL, NULL,
     "regular expression"},
    /* documents take any JSON value */
    {"CreateTable",
     "{\"DatabaseName\":\"d\",\"OpenTableFormatInput\":{\"IcebergInput\":{\"MetadataOperation\":"
     "\"CREATE\",\"CreateIcebergTableInput\":{\"Location\":\"s3://b/t\",\"Schema\":{\"Fields\":["
     "{\"Id\":1,\"Name\":\"a\",\"Type\":{\"type\":\"list\",\"element\":[1,null,{}]},"
     "\"Required\":true,\"InitialDefault\":false}]}}}}}",
     CAT_OK, NULL, NULL},
    {"CreateTable",
     "{\"DatabaseName\":\"d\",\"OpenTableFormatInput\":{\"IcebergInput\":{\"MetadataOperation\":"
     "\"CREATE\",\"CreateIcebergTableInput\":{\"Location\":\"s3://b/t\",\"Schema\":{\"Fields\":["
     "{\"Id\":1,\"Name\":\"a\",\"Type\":null,\"Required\":true}]}}}}}",
     CAT_EINVAL, NULL,
     "Value null at 'openTableFormatInput.icebergInput.createIcebergTableInput.schema.fields."
     "1.member.type'"},
};

static void test_validate_table(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct vcase *t = &cases[i];
        struct srv_error err;
        json_error_t jerr;
        json_t *in = json_loads(t->json, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
        int rc;

        if (in == NULL)
            fail_msg("case %zu: bad JSON (%s): %s", i, jerr.text, t->json);
        srv_error_init(&err);
        rc = validate_input(t->op, in, &err);
        if (rc != t->rc)
            fail_msg("case %zu (%s %s): rc %d, want %d; message: %s", i, t->op, t->json, rc, t->rc,
                     err.msg);
        if (t->msg != NULL && strcmp(err.msg, t->msg) != 0)
            fail_msg("case %zu (%s %s):\n got: %s\nwant: %s", i, t->op, t->json, err.msg, t->msg);
        if (t->part != NULL && strstr(err.msg, t->part) == NULL)
            fail_msg("case %zu (%s %s):\n got: %s\nwant substring: %s", i, t->op, t->json, err.msg,
                     t->part);
        if (rc == CAT_OK)
            assert_string_equal(err.msg, "");
        json_decref(in);
    }
}

/* A string of COUNT copies of UNIT (caller frees). */
static char *repeat(const char *unit, size_t count)
{
    size_t n = strlen(unit), i;
    char *s = malloc(n * count + 1);

    assert_non_null(s);
    for (i = 0; i < count; i++)
        memcpy(s + i * n, unit, n);
    s[n * count] = '\0';
    return s;
}

/* Validate CreateDatabase with DatabaseInput.Name = COUNT copies of UNIT. */
static int db_name(const char *unit, size_t count, struct srv_error *err)
{
    char *name = repeat(unit, count);
    json_t *in = json_pack("{s:{s:s}}", "DatabaseInput", "Name", name);
    int rc;

    assert_non_null(in);
    srv_error_init(err);
    rc = validate_input("CreateDatabase", in, err);
    json_decref(in);
    free(name);
    return rc;
}

static void test_validate_length_counts_code_points(void **state)
{
    struct srv_error err;

    (void)state;
    assert_int_equal(db_name("a", 255, &err), CAT_OK);
    assert_int_equal(db_name("a", 256, &err), CAT_EINVAL);
    assert_string_equal(err.msg, PFX "Value at 'databaseInput.name' failed to satisfy constraint: "
                                     "Member must have length less than or equal to 255");
    assert_int_equal(db_name("\xc3\xa9", 255, &err), CAT_OK); /* e-acute: 510 bytes */
    assert_int_equal(db_name("\xc3\xa9", 256, &err), CAT_EINVAL);
    assert_int_equal(db_name("\xe4\xb8\xad", 255, &err), CAT_OK);     /* CJK: 765 bytes */
    assert_int_equal(db_name("\xf0\x9f\x98\x80", 255, &err), CAT_OK); /* emoji: 1020 bytes */
    assert_int_equal(db_name("\xf0\x9f\x98\x80", 256, &err), CAT_EINVAL);
    assert_int_equal(db_name("a", 1, &err), CAT_OK);
    assert_int_equal(db_name("a", 0, &err), CAT_EINVAL);
    assert_string_equal(err.msg, PFX "Value at 'databaseInput.name' failed to satisfy constraint: "
                                     "Member must have length greater than or equal to 1");
}

/* MIN..MAX-style list boundary: BatchDeleteTable.TablesToDelete holds at most 100 names. */
static void test_validate_list_max(void **state)
{
    size_t n;

    (void)state;
    for (n = 99; n <= 101; n++) {
        json_t *names = json_array(), *in;
        struct srv_error err;
        size_t i;
        int rc;

        for (i = 0; i < n; i++)
            json_array_append_new(names, json_string("t"));
        in = json_pack("{s:s, s:o}", "DatabaseName", "d", "TablesToDelete", names);
        srv_error_init(&err);
        rc = validate_input("BatchDeleteTable", in, &err);
        if (n <= 100) {
            assert_int_equal(rc, CAT_OK);
        } else {
            assert_int_equal(rc, CAT_EINVAL);
            assert_string_equal(err.msg, PFX "Value at 'tablesToDelete' failed to satisfy "
                                             "constraint: Member must have length less than or "
                                             "equal to 100");
        }
        json_decref(in);
    }
}

/* Parameter values may hold 512000 characters; the path names the (shortened) key. */
static void test_validate_map_value_and_long_key(void **state)
{
    char *key = repeat("\xc3\xa9", 200), *val = repeat("v", 512001);
    struct srv_error err;
    json_t *in, *msg;

    (void)state;
    in = json_pack("{s:{s:s, s:{s:s}}}", "DatabaseInput", "Name", "d", "Parameters", key, val);
    srv_error_init(&err);
    assert_int_equal(validate_input("CreateDatabase", in, &err), CAT_EINVAL);
    /* 24 e-acutes = 48 bytes of the key, then "..." */
    assert_non_null(strstr(err.msg, "at 'databaseInput.parameters.\xc3\xa9\xc3\xa9"));
    assert_non_null(strstr(err.msg, "\xc3\xa9...' failed to satisfy constraint: Member must have "
                                    "length less than or equal to 512000"));
    msg = json_string(err.msg); /* NULL unless the message is valid UTF-8 */
    assert_non_null(msg);
    json_decref(msg);
    json_decref(in);

    val[512000] = '\0';
    in = json_pack("{s:{s:s, s:{s:s}}}", "DatabaseInput", "Name", "d", "Parameters", key, val);
    assert_int_equal(validate_input("CreateDatabase", in, &err), CAT_OK);
    json_decref(in);
    free(key);
    free(val);
}

static void test_validate_unknown_op(void **state)
{
    struct srv_error err;
    json_t *in = json_object();

    (void)state;
    srv_error_init(&err);
    assert_int_equal(validate_input("GetClassifier", in, &err), CAT_EUNKNOWNOP);
    assert_string_equal(err.msg, "Unknown operation: GetClassifier");
    assert_int_equal(validate_input("Get\nTable\xc3\xa9", in, &err), CAT_EUNKNOWNOP);
    assert_string_equal(err.msg, "Unknown operation: Get?Table??");
    assert_int_equal(validate_input(NULL, in, &err), CAT_EUNKNOWNOP);
    assert_int_equal(validate_input("GetTables", NULL, &err), CAT_EINVAL);
    assert_true(validate_known_op("GetTables"));
    assert_true(validate_known_op("BatchCreatePartition"));
    assert_true(validate_known_op("SearchTables"));
    assert_false(validate_known_op("gettables"));
    assert_false(validate_known_op("GetTable "));
    assert_false(validate_known_op(""));
    assert_false(validate_known_op(NULL));
    json_decref(in);
}

/* Every operation in the table accepts a request that holds just its required members. */
static void test_validate_all_ops_known(void **state)
{
    static const char *const ops[] = {"CreateDatabase",
                                      "GetDatabase",
                                      "GetDatabases",
                                      "UpdateDatabase",
                                      "DeleteDatabase",
                                      "CreateTable",
                                      "GetTable",
                                      "GetTables",
                                      "UpdateTable",
                                      "DeleteTable",
                                      "BatchDeleteTable",
                                      "GetTableVersions",
                                      "GetTableVersion",
                                      "DeleteTableVersion",
                                      "BatchDeleteTableVersion",
                                      "CreatePartition",
                                      "BatchCreatePartition",
                                      "GetPartition",
                                      "GetPartitions",
                                      "BatchGetPartition",
                                      "UpdatePartition",
                                      "BatchUpdatePartition",
                                      "DeletePartition",
                                      "BatchDeletePartition",
                                      "CreatePartitionIndex",
                                      "GetPartitionIndexes",
                                      "DeletePartitionIndex",
                                      "GetColumnStatisticsForTable",
                                      "UpdateColumnStatisticsForTable",
                                      "DeleteColumnStatisticsForTable",
                                      "GetColumnStatisticsForPartition",
                                      "UpdateColumnStatisticsForPartition",
                                      "DeleteColumnStatisticsForPartition",
                                      "CreateUserDefinedFunction",
                                      "GetUserDefinedFunction",
                                      "GetUserDefinedFunctions",
                                      "UpdateUserDefinedFunction",
                                      "DeleteUserDefinedFunction",
                                      "SearchTables",
                                      "CreateCrawler",
                                      "GetCrawler",
                                      "GetCrawlers",
                                      "ListCrawlers",
                                      "BatchGetCrawlers",
                                      "UpdateCrawler",
                                      "DeleteCrawler",
                                      "StartCrawler",
                                      "StopCrawler",
                                      "GetCrawlerMetrics",
                                      "ListCrawls",
                                      "UpdateCrawlerSchedule",
                                      "StartCrawlerSchedule",
                                      "StopCrawlerSchedule",
                                      "GetCatalogImportStatus",
                                      "GetDataCatalogEncryptionSettings",
                                      "TagResource",
                                      "UntagResource",
                                      "GetTags",
                                      "GetResourcePolicy",
                                      "PutResourcePolicy"};
    size_t i;

    (void)state;
    assert_int_equal(model_glue.n_ops, sizeof(ops) / sizeof(ops[0]));
    for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        struct srv_error err;
        json_t *in = json_object();
        assert_true(validate_known_op(ops[i]));
        srv_error_init(&err);
        /* {} passes only for ops without required members; either way the code is EINVAL or OK */
        int rc = validate_input(ops[i], in, &err);
        assert_true(rc == CAT_OK || (rc == CAT_EINVAL && strstr(err.msg, "Value null at '")));
        json_decref(in);
    }
    for (i = 1; i < model_glue.n_ops; i++)
        assert_true(strcmp(model_glue.ops[i - 1].name, model_glue.ops[i].name) < 0);
}

/* ---- a recursive model, for the depth guard and path truncation ---- */

static const struct model_member rec_members[] = {{"Child", 0, 0}, {"Name", 1, 0}};
static const struct model_shape rec_shapes[] = {
    {MODEL_STRUCTURE, 0, 0, 0, 2, 0, 0},
    {MODEL_STRING, MODEL_HAS_MAX, 0, 0, 0, 0, 3},
};
static const struct model_op rec_ops[] = {{"Rec", 0}};
static const struct model rec_model = {rec_shapes, 2, rec_members, 2, NULL,    0,
                                       NULL,       0, NULL,        0, rec_ops, 1};

/* {"Child":{"Child":...{"Name":NAME}}} with LEVELS "Child" members. */
static json_t *nest(int levels, const char *name)
{
    json_t *v = json_pack("{s:s}", "Name", name);
    int i;

    for (i = 0; i < levels; i++)
        v = json_pack("{s:o}", "Child", v);
    assert_non_null(v);
    return v;
}

static void test_validate_depth_guard(void **state)
{
    struct srv_error err;
    json_t *in, *msg;

    (void)state;
    in = nest(VALIDATE_MAX_DEPTH - 1, "ok");
    srv_error_init(&err);
    assert_int_equal(validate_input_model(&rec_model, "Rec", in, &err), CAT_OK);
    json_decref(in);

    in = nest(VALIDATE_MAX_DEPTH, "ok");
    assert_int_equal(validate_input_model(&rec_model, "Rec", in, &err), CAT_EINVAL);
    assert_non_null(strstr(err.msg, "Member must not be nested more than 32 levels deep"));
    json_decref(in);

    /* the path (31 x "child.") is longer than the path budget: shortened with "..." */
    in = nest(VALIDATE_MAX_DEPTH - 1, "long");
    assert_int_equal(validate_input_model(&rec_model, "Rec", in, &err), CAT_EINVAL);
    assert_true(strncmp(err.msg, PFX "Value at 'child.child.child.", 40) == 0);
    assert_non_null(strstr(err.msg, "...' failed to satisfy constraint: Member must have length "
                                    "less than or equal to 3"));
    assert_true(strlen(err.msg) < sizeof(err.msg) - 1);
    msg = json_string(err.msg);
    assert_non_null(msg);
    json_decref(msg);
    json_decref(in);

    in = nest(200, "ok");
    assert_int_equal(validate_input_model(&rec_model, "Rec", in, &err), CAT_EINVAL);
    json_decref(in);
}

/* ---- validate_prune: members the model does not define are removed ---- */

/* One request and what validate_prune() must leave of it. */
struct pcase {
    const char *op;
    const char *json;
    const char *want; /* the request after pruning */
};

#define PART(pi) "{\"DatabaseName\":\"d\",\"TableName\":\"t\",\"PartitionInput\":" pi "}"
#define ICEBERG_FIELD(f)                                                                           \
    "{\"DatabaseName\":\"d\",\"OpenTableFormatInput\":{\"IcebergInput\":{\"MetadataOperation\":"   \
    "\"CREATE\",\"CreateIcebergTableInput\":{\"Location\":\"s3://b/t\",\"Schema\":{\"Fields\":[" f \
    "]}}}}}"
#define FULL_TABLE                                                                                 \
    TBL("{\"Name\":\"t\",\"StorageDescriptor\":{\"Columns\":[{\"Name\":\"a\",\"Type\":\"int\","    \
        "\"Parameters\":{\"k\":\"v\"}}],\"Location\":\"s3://b/p\",\"SerdeInfo\":{\"Parameters\":"  \
        "{\"Junk\":\"kept: a map key\"}},\"SortColumns\":[{\"Column\":\"a\",\"SortOrder\":1}]},"   \
        "\"PartitionKeys\":[{\"Name\":\"p\",\"Type\":\"date\"}],\"Parameters\":{\"x\":\"\"},"      \
        "\"LastAccessTime\":1.5e9,\"Description\":null}")

static const struct pcase prune_cases[] = {
    /* an unknown top-level member; one nested in a known structure */
    {"CreateDatabase", "{\"Future\":5,\"DatabaseInput\":{\"Name\":\"db\"}}",
     DB("{\"Name\":\"db\"}")},
    {"CreateDatabase", DB("{\"Name\":\"db\",\"NewThing\":{\"x\":[1]}}"), DB("{\"Name\":\"db\"}")},
    /* names are matched exactly */
    {"GetDatabases", "{\"maxResults\":5,\"MaxResults\":6}", "{\"MaxResults\":6}"},
    /* unknown members in a list of structures, at every item */
    {"CreateTable",
     TBL("{\"Name\":\"t\",\"StorageDescriptor\":{\"Columns\":[{\"Name\":\"a\",\"Junk\":1},"
         "{\"Name\":\"b\",\"Type\":\"int\",\"Extra\":[[[]]]}]}}"),
     TBL("{\"Name\":\"t\",\"StorageDescriptor\":{\"Columns\":[{\"Name\":\"a\"},"
         "{\"Name\":\"b\",\"Type\":\"int\"}]}}")},
    {"BatchCreatePartition",
     "{\"DatabaseName\":\"d\",\"TableName\":\"t\",\"PartitionInputList\":[{\"Values\":[\"1\"]},"
     "{\"Values\":[\"2\"],\"Junk\":{}}]}",
     "{\"DatabaseName\":\"d\",\"TableName\":\"t\",\"PartitionInputList\":[{\"Values\":[\"1\"]},"
     "{\"Values\":[\"2\"]}]}"},
    /* the defect: a partition keeping JSON nested deep made its table's listings fail */
    {"CreatePartition",
     PART("{\"Values\":[\"a\"],\"Junk\":[[[[[[[[1]]]]]]]],\"StorageDescriptor\":{\"Whatever\":"
          "{\"x\":1},\"Location\":\"s3://b/a\"}}"),
     PART("{\"Values\":[\"a\"],\"StorageDescriptor\":{\"Location\":\"s3://b/a\"}}")},
    /* map keys are data: kept, whatever they are called */
    {"CreateDatabase", DB("{\"Name\":\"d\",\"Parameters\":{\"Junk\":\"v\",\"Name\":\"w\"}}"),
     DB("{\"Name\":\"d\",\"Parameters\":{\"Junk\":\"v\",\"Name\":\"w\"}}")},
    /* known members, nulls among them, untouched */
    {"CreateTable", FULL_TABLE, FULL_TABLE},
    {"CreateDatabase", "{\"CatalogId\":null,\"DatabaseInput\":{\"Name\":\"db\"}}",
     "{\"CatalogId\":null,\"DatabaseInput\":{\"Name\":\"db\"}}"},
    /* a document (an Iceberg field's Type) is any JSON value: kept whole; its siblings not */
    {"CreateTable",
     ICEBERG_FIELD("{\"Id\":1,\"Name\":\"a\",\"Type\":{\"type\":\"list\",\"Junk\":[{}]},"
                   "\"Required\":true,\"Junk\":2}"),
     ICEBERG_FIELD("{\"Id\":1,\"Name\":\"a\",\"Type\":{\"type\":\"list\",\"Junk\":[{}]},"
                   "\"Required\":true}")},
};

static void test_validate_prune_table(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(prune_cases) / sizeof(prune_cases[0]); i++) {
        const struct pcase *t = &prune_cases[i];
        json_error_t jerr;
        json_t *in = json_loads(t->json, 0, &jerr), *want = json_loads(t->want, 0, &jerr);
        struct srv_error err;
        char *got;

        if (in == NULL || want == NULL)
            fail_msg("case %zu: bad JSON (%s)", i, jerr.text);
        srv_error_init(&err);
        if (validate_input(t->op, in, &err) != CAT_OK) /* prune runs on valid requests */
            fail_msg("case %zu (%s): invalid: %s", i, t->op, err.msg);
        assert_int_equal(validate_prune(t->op, in), CAT_OK);
        got = json_dumps(in, JSON_SORT_KEYS | JSON_COMPACT);
        if (!json_equal(in, want))
            fail_msg("case %zu (%s %s):\n got: %s\nwant: %s", i, t->op, t->json, got, t->want);
        free(got);
        json_decref(in);
        json_decref(want);
    }
}

static void test_validate_prune_unknown_op_and_non_object(void **state)
{
    json_t *in = json_pack("{s:i}", "Junk", 1), *arr = json_array();

    (void)state;
    assert_int_equal(validate_prune("GetClassifier", in), CAT_EUNKNOWNOP);
    assert_int_equal(validate_prune(NULL, in), CAT_EUNKNOWNOP);
    assert_int_equal(json_integer_value(json_object_get(in, "Junk")), 1); /* untouched */
    assert_int_equal(validate_prune("GetDatabases", arr), CAT_EINVAL);
    assert_int_equal(validate_prune("GetDatabases", NULL), CAT_EINVAL);
    assert_int_equal(validate_prune("GetDatabases", in), CAT_OK);
    assert_int_equal(json_object_size(in), 0);
    json_decref(in);
    json_decref(arr);
}

/* A map whose values are structures: keys stay, each value is pruned by the value shape. */
static const struct model_member map_members[] = {{"Things", 1, 0}, {"Name", 2, 0}};
static const struct model_shape map_shapes[] = {
    {MODEL_STRUCTURE, 0, 0, 0, 1, 0, 0}, /* 0: {Things} */
    {MODEL_MAP, 0, 0, 2, 3, 0, 0},       /* 1: string -> shape 3 */
    {MODEL_STRING, 0, 0, 0, 0, 0, 0},    /* 2 */
    {MODEL_STRUCTURE, 0, 0, 1, 1, 0, 0}, /* 3: {Name} */
};
static const struct model_op map_ops[] = {{"M", 0}};
static const struct model map_model = {map_shapes, 4, map_members, 2, NULL,    0,
                                       NULL,       0, NULL,        0, map_ops, 1};

static void test_validate_prune_map_values_follow_the_value_shape(void **state)
{
    json_t *in = json_loads("{\"Things\":{\"a\":{\"Name\":\"x\",\"Junk\":1},\"Junk\":{\"Name\":"
                            "\"y\",\"More\":[]}},\"Other\":{}}",
                            0, NULL);
    json_t *want =
        json_loads("{\"Things\":{\"a\":{\"Name\":\"x\"},\"Junk\":{\"Name\":\"y\"}}}", 0, NULL);

    (void)state;
    assert_non_null(in);
    assert_non_null(want);
    assert_int_equal(validate_prune_model(&map_model, "M", in), CAT_OK);
    assert_true(json_equal(in, want));
    json_decref(in);
    json_decref(want);
}

/* validate_unknown(): the first member the Glue model lacks, by its path (the REST front's
** refusal of what validate_prune() would drop). */
static void test_validate_unknown_names_the_member(void **state)
{
    static const struct {
        const char *op, *member, *json, *path; /* PATH NULL: none unknown */
    } unknowns[] = {
        {"CreateTable", "TableInput", "{\"Name\": \"t\"}", NULL},
        {"CreateTable", "TableInput", "{\"Name\": \"t\", \"Nmae\": 1}", "Nmae"},
        {"CreateTable", "TableInput",
         "{\"StorageDescriptor\": {\"Columns\": [{\"Name\": \"a\"}, {\"Typ\": \"x\"}]}}",
         "StorageDescriptor.Columns[1].Typ"},
        {"CreateTable", "TableInput", "{\"Parameters\": {\"any key\": \"v\"}}", NULL},
        {"CreateDatabase", NULL, "{\"DatabaseInput\": {\"Name\": \"d\"}, \"Extra\": 1}", "Extra"},
        {"CreateDatabase", NULL, "{\"DatabaseInput\": {\"Name\": \"d\", \"X\": 1}}",
         "DatabaseInput.X"},
        {"BatchCreatePartition", "PartitionInputList", "[{\"Values\": []}, {\"Valuse\": []}]",
         "[1].Valuse"},
        {"CreateTable", "NoSuchMember", "{\"x\": 1}", NULL},
        {"NoSuchOp", NULL, "{\"x\": 1}", NULL},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(unknowns) / sizeof(unknowns[0]); i++) {
        json_t *v = json_loads(unknowns[i].json, 0, NULL);
        char path[200] = "unset";
        int found = validate_unknown(unknowns[i].op, unknowns[i].member, v, path, sizeof(path));
        if (found != (unknowns[i].path != NULL) || (found && strcmp(path, unknowns[i].path) != 0))
            fail_msg("%s %s: found %d at '%s', want %s", unknowns[i].op, unknowns[i].json, found,
                     path, unknowns[i].path ? unknowns[i].path : "none");
        json_decref(v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate_table),
        cmocka_unit_test(test_validate_length_counts_code_points),
        cmocka_unit_test(test_validate_list_max),
        cmocka_unit_test(test_validate_map_value_and_long_key),
        cmocka_unit_test(test_validate_unknown_op),
        cmocka_unit_test(test_validate_all_ops_known),
        cmocka_unit_test(test_validate_depth_guard),
        cmocka_unit_test(test_validate_prune_table),
        cmocka_unit_test(test_validate_prune_unknown_op_and_non_object),
        cmocka_unit_test(test_validate_prune_map_values_follow_the_value_shape),
        cmocka_unit_test(test_validate_unknown_names_the_member),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
