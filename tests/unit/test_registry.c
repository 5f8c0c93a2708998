/* test_registry.c -- the operation registry against the Glue model, the REST front, the README
** and openapi.yaml: a registry row missing from any of them fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front/rest.h"
#include "ops/extension.h"
#include "ops/validate.h"
#include "registry/registry.h"

/* Tests run in tests/unit: the repository root is two levels up. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (f == NULL)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* 1 when TEXT holds NAME as a whole word (not inside a longer operation name). */
static int has_word(const char *text, const char *name)
{
    size_t n = strlen(name);
    const char *p;
    for (p = strstr(text, name); p; p = strstr(p + 1, name)) {
        int before =
            p == text || !((p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= 'a' && p[-1] <= 'z'));
        int after = !((p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= 'a' && p[n] <= 'z'));
        if (before && after)
            return 1;
    }
    return 0;
}

static void test_every_operation_is_in_the_model(void **state)
{
    const struct op_def *op;
    size_t i;
    (void)state;
    assert_true(ops_count() >= 27);
    for (i = 0; (op = ops_at(i)) != NULL; i++) {
        unsigned rw = op->flags & ~(OP_EXTENSION | OP_ICEBERG);
        if (op->flags & OP_ICEBERG) {
            /* the Iceberg front's: checked by extension.c, no REST route, not Glue's */
            assert_false(op->flags & OP_EXTENSION);
            if (strncmp(op->name, "Iceberg", 7) != 0 || validate_known_op(op->name))
                fail_msg("Iceberg operation %s must be named Iceberg<Op>, unlike Glue's", op->name);
            if (!ext_known(op->name))
                fail_msg("Iceberg operation %s has no request check in extension.c", op->name);
            assert_string_equal(op->route, "");
        } else if (op->flags & OP_EXTENSION) {
            /* catalogd's own: checked by extension.c, and never a name Glue has (a Glue
            ** operation of that name would be served with another meaning) */
            if (validate_known_op(op->name))
                fail_msg("extension %s is a Glue operation: drop OP_EXTENSION", op->name);
            if (!ext_known(op->name))
                fail_msg("extension %s has no request check in extension.c", op->name);
        } else if (!validate_known_op(op->name)) {
            fail_msg("registry operation %s is not in the Glue model (tools/gen_model.py)",
                     op->name);
        }
        assert_non_null(op->fn);
        assert_true(rw == OP_READ || rw == OP_WRITE);
    }
    assert_false(ext_known("GetTable"));
    assert_int_equal(i, ops_count());
}

static void test_lookup_by_name_whatever_the_order(void **state)
{
    const struct op_def *op;
    size_t i, j;
    (void)state;
    for (i = 0; (op = ops_at(i)) != NULL; i++) {
        assert_ptr_equal(ops_find(op->name), op);
        for (j = 0; j < i; j++)
            if (strcmp(ops_at(j)->name, op->name) == 0)
                fail_msg("%s is in the registry twice", op->name);
    }
    assert_null(ops_find("GetTablez"));
    assert_null(ops_find("gettable"));
    assert_null(ops_find(""));
    assert_null(ops_find("ZzzUnknown"));
    assert_null(ops_find("AaaUnknown"));
}

static void test_writes_flag(void **state)
{
    static const char *const reads[] = {"GetDatabase",    "GetDatabases",  "GetTable",
                                        "GetTables",      "GetPartitions", "BatchGetPartition",
                                        "GetTableVersion"};
    static const char *const writes[] = {"CreateDatabase",     "DeleteTable",
                                         "UpdateTable",        "BatchCreatePartition",
                                         "DeleteTableVersion", "CreatePartitionIndex"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(reads) / sizeof(reads[0]); i++)
        assert_int_equal(ops_find(reads[i])->flags, OP_READ);
    for (i = 0; i < sizeof(writes) / sizeof(writes[0]); i++)
        assert_int_equal(ops_find(writes[i])->flags, OP_WRITE);
    /* every Get and BatchGet reads; every Create, Update and Delete writes */
    for (i = 0; ops_at(i); i++) {
        const char *n = ops_at(i)->name;
        if (strncmp(n, "Create", 6) == 0 || strncmp(n, "Update", 6) == 0 ||
            strncmp(n, "Delete", 6) == 0 || strncmp(n, "BatchCreate", 11) == 0 ||
            strncmp(n, "BatchUpdate", 11) == 0 || strncmp(n, "BatchDelete", 11) == 0)
            assert_int_equal(ops_at(i)->flags & ~OP_EXTENSION, OP_WRITE);
        else if (strncmp(n, "Get", 3) == 0 || strncmp(n, "BatchGet", 8) == 0)
            assert_int_equal(ops_at(i)->flags & ~OP_EXTENSION, OP_READ);
    }
}

static void test_rest_front_serves_every_route(void **state)
{
    const char *problem = rest_route_problem();
    (void)state;
    if (problem)
        fail_msg("%s", problem);
}

static void test_readme_lists_every_operation(void **state)
{
    char *readme = slurp("../../README.md");
    const struct op_def *op;
    size_t i;
    (void)state;
    for (i = 0; (op = ops_at(i)) != NULL; i++)
        if (!has_word(readme, op->name))
            fail_msg("README.md does not mention operation %s", op->name);
    free(readme);
}

static void test_openapi_documents_every_operation(void **state)
{
    char *spec = slurp("../../openapi.yaml"), tag[160];
    const char *glue = strstr(spec, "Served operations: ");
    const struct op_def *op;
    size_t i;
    (void)state;
    assert_non_null(glue);
    for (i = 0; (op = ops_at(i)) != NULL; i++) {
        if (op->flags & OP_ICEBERG) { /* the Glue front refuses them */
            if (has_word(glue, op->name))
                fail_msg("openapi.yaml lists %s as a Glue operation", op->name);
            continue;
        }
        if (!has_word(glue, op->name))
            fail_msg("openapi.yaml's Glue operation list lacks %s (run tools/gen_openapi.py)",
                     op->name);
        snprintf(tag, sizeof(tag), "x-glue-operation: %s\n", op->name);
        if (op->route[0] && strstr(spec, tag) == NULL)
            fail_msg("openapi.yaml has no REST route for %s (%s)", op->name, op->route);
    }
    free(spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_operation_is_in_the_model),
        cmocka_unit_test(test_lookup_by_name_whatever_the_order),
        cmocka_unit_test(test_writes_flag),
        cmocka_unit_test(test_rest_front_serves_every_route),
        cmocka_unit_test(test_readme_lists_every_operation),
        cmocka_unit_test(test_openapi_documents_every_operation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
