/* test_database.c -- unit tests for database.c: the Database resource called directly with
** json_t in and out on a fresh :memory: store per test. */
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
#include "ops/table.h"

#include "resource_check.h"

/* ================================================================ */
/* Create and get.                                                    */

static void test_database_create_get_folds_name(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out, *db;
    out = OK(database_create, "{\"DatabaseInput\": {\"Name\": \"MixedCase\"}}");
    assert_int_equal(json_object_size(out), 0); /* CreateDatabase answers {} */
    json_decref(out);
    out = OK(database_get, "{\"Name\": \"MIXEDCASE\"}");
    db = at(out, "Database");
    assert_string_equal(str_at(db, "Name"), "mixedcase");
    assert_string_equal(str_at(db, "CatalogId"), DEFAULT_CATALOG);
    assert_true(json_is_object(at(db, "Parameters")));
    assert_true(json_number_value(at(db, "CreateTime")) > 1600000000.0);
    json_decref(out);
    FAILS(database_create, CAT_EEXISTS, "Database mixedcase already exists.",
          "{\"DatabaseInput\": {\"Name\": \"mixedCASE\"}}");
}

/* Every member of DatabaseInput comes back as given, including ones without a column. */
static void test_database_round_trips_members(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    static const char INPUT[] =
        "{\"Name\": \"rich\", \"Description\": \"caf\\u00e9 \\\"quoted\\\"\","
        " \"LocationUri\": \"s3://bucket/rich/\","
        " \"Parameters\": {\"a.b.c\": \"1\", \"empty\": \"\", \"k\": \"v\"},"
        " \"CreateTableDefaultPermissions\": [{\"Principal\": {\"DataLakePrincipalIdentifier\":"
        "   \"IAM_ALLOWED_PRINCIPALS\"}, \"Permissions\": [\"ALL\"]}],"
        " \"TargetDatabase\": {\"CatalogId\": \"222\", \"DatabaseName\": \"src\","
        "   \"Region\": \"eu-west-1\"},"
        " \"FederatedDatabase\": {\"Identifier\": \"id\", \"ConnectionName\": \"conn\"}}";
    json_t *input = NULL, *out, *db;
    const char *key;
    json_t *v;
    json_error_t jerr;
    DO(database_create, "{\"DatabaseInput\": %s}", INPUT);
    out = OK(database_get, "{\"Name\": \"rich\"}");
    db = at(out, "Database");
    input = json_loads(INPUT, 0, &jerr);
    assert_non_null(input);
    json_object_foreach(input, key, v) {
        if (!json_equal(v, json_object_get(db, key))) {
            char *got = json_dumps(json_object_get(db, key), JSON_COMPACT | JSON_ENCODE_ANY);
            fail_msg("member %s came back as %s", key, got ? got : "(absent)");
        }
    }
    /* and nothing else but what the server adds */
    assert_int_equal(json_object_size(db), json_object_size(input) + 2);
    assert_non_null(at(db, "CreateTime"));
    assert_string_equal(str_at(db, "CatalogId"), DEFAULT_CATALOG);
    json_decref(input);
    json_decref(out);
}

static void test_database_missing_and_invalid_input(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    FAILS(database_get, CAT_ENOTFOUND, "Database nope not found.", "{\"Name\": \"NoPe\"}");
    FAILS(database_get, CAT_EINVAL, "Name is required.", "{}");
    FAILS(database_create, CAT_EINVAL, "DatabaseInput with a Name is required.", "{}");
    FAILS(database_create, CAT_EINVAL, "DatabaseInput with a Name is required.",
          "{\"DatabaseInput\": {\"Description\": \"no name\"}}");
    FAILS(database_update, CAT_EINVAL, "Name is required.",
          "{\"DatabaseInput\": {\"Name\": \"x\"}}");
    FAILS(database_update, CAT_EINVAL, "DatabaseInput with a Name is required.",
          "{\"Name\": \"x\"}");
    FAILS(database_update, CAT_ENOTFOUND, "Database ghost not found.",
          "{\"Name\": \"Ghost\", \"DatabaseInput\": {\"Name\": \"ghost\"}}");
    FAILS(database_delete, CAT_ENOTFOUND, "Database ghost not found.", "{\"Name\": \"ghost\"}");
    FAILS(database_delete, CAT_EINVAL, "Name is required.", "{}");
}

/* ================================================================ */
/* Listing.                                                           */

/* Page through GetDatabases with MAX per page; returns the names, comma-joined, in BUF. */
static const char *list_all(struct op_ctx *ctx, const char *catalog_member, int max, int *pages,
                            char *buf, size_t size)
{
    char *token = NULL, part[1024];
    size_t len = 0;
    *pages = 0;
    buf[0] = '\0';
    do {
        json_t *out;
        const char *next;
        if (token)
            out = OK(database_list, "{%s \"MaxResults\": %d, \"NextToken\": \"%s\"}",
                     catalog_member, max, token);
        else
            out = OK(database_list, "{%s \"MaxResults\": %d}", catalog_member, max);
        free(token);
        token = NULL;
        assert_true(json_array_size(at(out, "DatabaseList")) <= (size_t)max);
        join(at(out, "DatabaseList"), "Name", part, sizeof(part));
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

static void test_database_list_pages(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    static const char *const names[] = {"db_e", "DB_A", "db_g", "db_c", "db_b", "db_f", "db_d"};
    char buf[1024];
    int pages;
    size_t i;
    for (i = 0; i < 7; i++)
        DO(database_create, "{\"DatabaseInput\": {\"Name\": \"%s\"}}", names[i]);
    DO(database_create, "{\"CatalogId\": \"111\", \"DatabaseInput\": {\"Name\": \"db_0\"}}");
    assert_string_equal(list_all(ctx, "", 3, &pages, buf, sizeof(buf)),
                        "db_a,db_b,db_c,db_d,db_e,db_f,db_g");
    assert_int_equal(pages, 3);
    assert_string_equal(list_all(ctx, "", 7, &pages, buf, sizeof(buf)),
                        "db_a,db_b,db_c,db_d,db_e,db_f,db_g");
    assert_int_equal(pages, 1); /* an exact fit has no empty trailing page */
    assert_string_equal(list_all(ctx, "", 1, &pages, buf, sizeof(buf)),
                        "db_a,db_b,db_c,db_d,db_e,db_f,db_g");
    assert_int_equal(pages, 7);
    assert_string_equal(list_all(ctx, "\"CatalogId\": \"111\",", 100, &pages, buf, sizeof(buf)),
                        "db_0");
}

/* Keyset paging: entries added before or after the cursor neither repeat nor shift pages. */
static void test_database_list_pages_survive_inserts(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *p1, *p2;
    char buf[256];
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"k2\"}}");
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"k4\"}}");
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"k6\"}}");
    p1 = OK(database_list, "{\"MaxResults\": 2}");
    assert_string_equal(join(at(p1, "DatabaseList"), "Name", buf, sizeof(buf)), "k2,k4");
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"k1\"}}");
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"k5\"}}");
    p2 = OK(database_list, "{\"MaxResults\": 2, \"NextToken\": \"%s\"}", str_at(p1, "NextToken"));
    assert_string_equal(join(at(p2, "DatabaseList"), "Name", buf, sizeof(buf)), "k5,k6");
    assert_null(at(p2, "NextToken"));
    json_decref(p1);
    json_decref(p2);
}

static void test_database_list_rejects_bad_paging(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *p1;
    DO(database_create, "{\"CatalogId\": \"111\", \"DatabaseInput\": {\"Name\": \"a\"}}");
    DO(database_create, "{\"CatalogId\": \"111\", \"DatabaseInput\": {\"Name\": \"b\"}}");
    p1 = OK(database_list, "{\"CatalogId\": \"111\", \"MaxResults\": 1}");
    assert_non_null(str_at(p1, "NextToken"));
    /* a token from catalog 111 means nothing in the default catalog */
    FAILS(database_list, CAT_EINVAL, "Invalid NextToken.", "{\"NextToken\": \"%s\"}",
          str_at(p1, "NextToken"));
    json_decref(p1);
    FAILS(database_list, CAT_EINVAL, "Invalid NextToken.", "{\"NextToken\": \"garbage!\"}");
    FAILS(database_list, CAT_EINVAL, "Invalid NextToken.", "{\"NextToken\": \"abc\"}");
    FAILS(database_list, CAT_EINVAL, "MaxResults must be between 1 and 100.",
          "{\"MaxResults\": 0}");
    FAILS(database_list, CAT_EINVAL, "MaxResults must be between 1 and 100.",
          "{\"MaxResults\": 101}");
}

static void test_database_list_attributes_to_get(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"p\", \"Description\": \"x\"}}");
    out = OK(database_list, "{\"AttributesToGet\": [\"NAME\"]}");
    assert_int_equal(json_array_size(at(out, "DatabaseList")), 1);
    assert_int_equal(json_object_size(at(out, "DatabaseList/0")), 1);
    assert_string_equal(str_at(out, "DatabaseList/0/Name"), "p");
    json_decref(out);
    out = OK(database_list, "{}");
    assert_string_equal(str_at(out, "DatabaseList/0/Description"), "x");
    assert_null(at(out, "NextToken"));
    json_decref(out);
}

/* ================================================================ */
/* Update and delete.                                                 */

static void test_database_update_replaces_and_renames(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *before, *after, *t;
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"Old\", \"Description\": \"one\","
                        " \"LocationUri\": \"s3://old/\", \"Parameters\": {\"a\": \"1\"}}}");
    DO(table_create, "{\"DatabaseName\": \"old\", \"TableInput\": {\"Name\": \"t\"}}");
    DO(table_update, "{\"DatabaseName\": \"old\", \"TableInput\": {\"Name\": \"t\"}}");
    before = OK(database_get, "{\"Name\": \"old\"}");
    DO(database_update, "{\"Name\": \"OLD\", \"DatabaseInput\": {\"Name\": \"New\","
                        " \"Description\": \"two\", \"Parameters\": {\"b\": \"2\"}}}");
    FAILS(database_get, CAT_ENOTFOUND, "Database old not found.", "{\"Name\": \"old\"}");
    after = OK(database_get, "{\"Name\": \"new\"}");
    assert_string_equal(str_at(after, "Database/Name"), "new");
    assert_string_equal(str_at(after, "Database/Description"), "two");
    assert_null(at(after, "Database/LocationUri")); /* replaced, not merged */
    assert_string_equal(str_at(after, "Database/Parameters/b"), "2");
    assert_int_equal(json_object_size(at(after, "Database/Parameters")), 1);
    assert_true(json_equal(at(after, "Database/CreateTime"), at(before, "Database/CreateTime")));
    /* the tables and their versions moved along */
    t = OK(table_get, "{\"DatabaseName\": \"new\", \"Name\": \"t\"}");
    assert_string_equal(str_at(t, "Table/DatabaseName"), "new");
    json_decref(t);
    t = OK(table_version_get,
           "{\"DatabaseName\": \"new\", \"TableName\": \"t\", \"VersionId\": \"0\"}");
    assert_string_equal(str_at(t, "TableVersion/Table/DatabaseName"), "new");
    json_decref(t);
    json_decref(before);
    json_decref(after);
}

static void test_database_rename_onto_existing_fails(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"r1\", \"Description\": \"first\"}}");
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"r2\"}}");
    FAILS(database_update, CAT_EEXISTS, "Database r2 already exists.",
          "{\"Name\": \"r1\", \"DatabaseInput\": {\"Name\": \"R2\", \"Description\": \"x\"}}");
    out = OK(database_get, "{\"Name\": \"r1\"}");
    assert_string_equal(str_at(out, "Database/Description"), "first");
    json_decref(out);
}

static void test_database_delete_cascades(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"Gone\"}}");
    DO(table_create, "{\"DatabaseName\": \"gone\", \"TableInput\": {\"Name\": \"t\"}}");
    out = OK(database_delete, "{\"Name\": \"GONE\"}");
    assert_int_equal(json_object_size(out), 0);
    json_decref(out);
    FAILS(database_get, CAT_ENOTFOUND, "Database gone not found.", "{\"Name\": \"gone\"}");
    FAILS(table_get, CAT_ENOTFOUND, "Database gone not found.",
          "{\"DatabaseName\": \"gone\", \"Name\": \"t\"}");
    FAILS(database_delete, CAT_ENOTFOUND, "Database gone not found.", "{\"Name\": \"gone\"}");
    /* a new database of the same name starts empty */
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"gone\"}}");
    out = OK(table_list, "{\"DatabaseName\": \"gone\"}");
    assert_int_equal(json_array_size(at(out, "TableList")), 0);
    json_decref(out);
}

/* ================================================================ */
/* CatalogId.                                                         */

static void test_database_catalog_isolation(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    json_t *out;
    char buf[256];
    DO(database_create, "{\"CatalogId\": \"111\", \"DatabaseInput\": {\"Name\": \"iso\","
                        " \"Description\": \"in 111\"}}");
    FAILS(database_get, CAT_ENOTFOUND, "Database iso not found.", "{\"Name\": \"iso\"}");
    out = OK(database_get, "{\"CatalogId\": \"111\", \"Name\": \"iso\"}");
    assert_string_equal(str_at(out, "Database/CatalogId"), "111");
    json_decref(out);
    out = OK(database_list, "{}");
    assert_int_equal(json_array_size(at(out, "DatabaseList")), 0);
    json_decref(out);
    /* the same name in the default catalog is a different database */
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"iso\", \"Description\": \"default\"}}");
    out = OK(database_get, "{\"Name\": \"iso\"}");
    assert_string_equal(str_at(out, "Database/Description"), "default");
    assert_string_equal(str_at(out, "Database/CatalogId"), DEFAULT_CATALOG);
    json_decref(out);
    DO(database_delete, "{\"Name\": \"iso\"}");
    out = OK(database_list, "{\"CatalogId\": \"111\"}");
    assert_string_equal(join(at(out, "DatabaseList"), "Description", buf, sizeof(buf)), "in 111");
    json_decref(out);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_database_create_get_folds_name),      T(test_database_round_trips_members),
        T(test_database_missing_and_invalid_input),  T(test_database_list_pages),
        T(test_database_list_pages_survive_inserts), T(test_database_list_rejects_bad_paging),
        T(test_database_list_attributes_to_get),     T(test_database_update_replaces_and_renames),
        T(test_database_rename_onto_existing_fails), T(test_database_delete_cascades),
        T(test_database_catalog_isolation),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
