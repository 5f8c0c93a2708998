/* test_search.c -- SearchTables (search.c over sqlite_search.c) on a :memory: store: words and
** phrases, filters, order and paging, the index following updates, renames and deletes,
** and the errors, pinned word for word. */
/* A conformance test of both store backends: on SQLite's :memory:, and on PostgreSQL too when
** CATALOG_TEST_PG is set (a fresh database per test; make unit-pg). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include "ops/database.h"
#include "ops/search.h"
#include "ops/table.h"
#include "unit/resource_check.h"

/* Databases a, b; tables a.sales_orders (parameters), a.xsalesx, b.returns (described). */
static void fixture_tables(struct op_ctx *ctx)
{
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"a\"}}");
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"b\"}}");
    DO(table_create, "{\"DatabaseName\": \"a\", \"TableInput\": {\"Name\": \"Sales_Orders\", "
                     "\"Owner\": \"Ann\", \"Parameters\": {\"format\": \"Parquet\"}}}");
    DO(table_create, "{\"DatabaseName\": \"a\", \"TableInput\": {\"Name\": \"xsalesx\", "
                     "\"TableType\": \"VIRTUAL_VIEW\"}}");
    DO(table_create, "{\"DatabaseName\": \"b\", \"TableInput\": {\"Name\": \"returns\", "
                     "\"Description\": \"Sales returned, by week\"}}");
}

/* The db.name list SearchTables answers to REQ (one page), comma-joined into BUF. */
static const char *found(struct op_ctx *ctx, const char *req, char *buf, size_t size)
{
    json_t *out = OK(table_search, "%s", req);
    json_t *list = json_object_get(out, "TableList"), *t;
    size_t i, len = 0;
    buf[0] = '\0';
    json_array_foreach(list, i, t) {
        int n = snprintf(buf + len, size - len, "%s%s.%s", i ? "," : "",
                         json_string_value(json_object_get(t, "DatabaseName")),
                         json_string_value(json_object_get(t, "Name")));
        assert_true(n > 0 && (size_t)n < size - len);
        len += (size_t)n;
    }
    json_decref(out);
    return buf;
}

static void test_words_phrases_and_filters(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    static const struct {
        const char *req, *want;
    } CASES[] = {
        {"{}", "a.sales_orders,a.xsalesx,b.returns"},
        {"{\"SearchText\": \"SALES\"}", "a.sales_orders,b.returns"}, /* words whole, any case */
        {"{\"SearchText\": \"parquet orders\"}", "a.sales_orders"},
        {"{\"SearchText\": \"\\\"returned by\\\"\"}", "b.returns"}, /* phrase */
        {"{\"SearchText\": \"\\\"by returned\\\"\"}", ""},
        {"{\"SearchText\": \"b\"}", "b.returns"}, /* database name */
        {"{\"SearchText\": \"--\"}", "a.sales_orders,a.xsalesx,b.returns"},
        {"{\"Filters\": [{\"Key\": \"Name\", \"Value\": \"sales\"}]}", "a.sales_orders"},
        {"{\"Filters\": [{\"Key\": \"Description\", \"Value\": \"sales\"}]}", "b.returns"},
        {"{\"Filters\": [{\"Key\": \"format\", \"Value\": \"PARQUET\"}]}", "a.sales_orders"},
        {"{\"Filters\": [{\"Key\": \"TableType\", \"Value\": \"virtual_view\"}]}", "a.xsalesx"},
        {"{\"Filters\": [{\"Key\": \"Owner\", \"Value\": \"ann\"}, {\"Key\": \"DatabaseName\", "
         "\"Value\": \"b\"}]}",
         ""},
        {"{\"Filters\": [{\"Key\": \"CreateTime\", \"Value\": \"1\", \"Comparator\": "
         "\"LESS_THAN\"}]}",
         ""},
        {"{\"SortCriteria\": [{\"FieldName\": \"name\", \"Sort\": \"DESC\"}]}",
         "a.xsalesx,a.sales_orders,b.returns"},
        {"{\"ResourceShareType\": \"FOREIGN\"}", ""},
    };
    char buf[512];
    size_t i;
    fixture_tables(ctx);
    for (i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        const char *got = found(ctx, CASES[i].req, buf, sizeof(buf));
        if (strcmp(got, CASES[i].want) != 0)
            fail_msg("%s found %s, want %s", CASES[i].req, got, CASES[i].want);
    }
}

static void test_index_follows_changes(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    char buf[512];
    fixture_tables(ctx);
    DO(table_update, "{\"DatabaseName\": \"a\", \"TableInput\": {\"Name\": \"xsalesx\", "
                     "\"Description\": \"weekly\", \"Parameters\": {\"format\": \"orc\"}}}");
    assert_string_equal(found(ctx, "{\"SearchText\": \"weekly orc\"}", buf, sizeof(buf)),
                        "a.xsalesx");
    DO(table_update, "{\"DatabaseName\": \"a\", \"TableInput\": {\"Name\": \"sales_orders\"}}");
    assert_string_equal(found(ctx, "{\"SearchText\": \"parquet\"}", buf, sizeof(buf)), "");
    DO(database_update, "{\"Name\": \"b\", \"DatabaseInput\": {\"Name\": \"archive\"}}");
    assert_string_equal(found(ctx, "{\"SearchText\": \"archive\"}", buf, sizeof(buf)),
                        "archive.returns");
    DO(table_delete, "{\"DatabaseName\": \"archive\", \"Name\": \"returns\"}");
    assert_string_equal(found(ctx, "{\"SearchText\": \"week\"}", buf, sizeof(buf)), "");
    DO(database_delete, "{\"Name\": \"a\"}");
    assert_string_equal(found(ctx, "{}", buf, sizeof(buf)), "");
}

static void test_paging(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    char req[1024], buf[512];
    fixture_tables(ctx);
    out = OK(table_search, "{\"MaxResults\": 2}");
    assert_string_equal(join(json_object_get(out, "TableList"), "Name", buf, sizeof(buf)),
                        "sales_orders,xsalesx");
    snprintf(req, sizeof(req), "{\"MaxResults\": 2, \"NextToken\": \"%s\"}",
             str_at(out, "NextToken"));
    assert_string_equal(found(ctx, req, buf, sizeof(buf)), "b.returns");
    snprintf(req, sizeof(req), "{\"SearchText\": \"x\", \"NextToken\": \"%s\"}",
             str_at(out, "NextToken"));
    FAILS(table_search, CAT_EINVAL, "Invalid NextToken.", "%s", req);
    json_decref(out);
}

static void test_errors(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    static const struct {
        const char *req, *msg;
    } CASES[] = {
        {"{\"Filters\": [{\"Value\": \"x\"}]}", "Filters.1 needs a Key and a Value."},
        {"{\"Filters\": [{\"Key\": \"Owner\", \"Value\": \"x\", \"Comparator\": \"LESS_THAN\"}]}",
         "Filters.1: Comparator LESS_THAN applies to CreateTime and UpdateTime only."},
        {"{\"Filters\": [{\"Key\": \"CreateTime\", \"Value\": \"1x\"}]}",
         "Filters.1: CreateTime compares with epoch seconds; 1x is not a number."},
        {"{\"Filters\": [{\"Key\": \"DatabaseName\", \"Value\": \"_\"}]}",
         "Filters.1: the DatabaseName value has no letters or digits to match."},
        {"{\"SortCriteria\": [{\"FieldName\": \"Owner\"}]}",
         "SortCriteria FieldName Owner is not one of Name, DatabaseName, CreateTime, "
         "UpdateTime."},
        {"{\"MaxResults\": 0}", "MaxResults must be between 1 and 1000."},
        {"{\"NextToken\": \"00\"}", "Invalid NextToken."},
    };
    size_t i;
    for (i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++)
        FAILS(table_search, CAT_EINVAL, CASES[i].msg, "%s", CASES[i].req);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_words_phrases_and_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_follows_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paging, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
