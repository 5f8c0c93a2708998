/* test_hivetype.c -- unit tests for hivetype.c (Hive type parser, canonical form, compatible
** changes, policy) and typecheck.c (CreateTable/UpdateTable under off, warn and strict). */
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

#include "base/util.h"
#include "lang/hivetype.h"
#include "ops/database.h"
#include "ops/table.h"
#include "resource_check.h"

static void test_hivetype_accepts_and_canonicalizes(void **state)
{
    static const struct {
        const char *type, *canon;
        int primitive;
    } cases[] = {
        {"tinyint", "tinyint", 1},
        {"SMALLINT", "smallint", 1},
        {"int", "int", 1},
        {"Integer", "int", 1},
        {"bigint", "bigint", 1},
        {"boolean", "boolean", 1},
        {"float", "float", 1},
        {"double", "double", 1},
        {"double  precision", "double", 1},
        {"decimal", "decimal(10,0)", 1},
        {"decimal(24, 16)", "decimal(24,16)", 1},
        {" DECIMAL ( 38 , 38 ) ", "decimal(38,38)", 1},
        {"decimal(5)", "decimal(5,0)", 1},
        {"numeric(12,2)", "decimal(12,2)", 1},
        {"string", "string", 1},
        {"char(1)", "char(1)", 1},
        {"varchar(65535)", "varchar(65535)", 1},
        {"date", "date", 1},
        {"timestamp", "timestamp", 1},
        {"binary", "binary", 1},
        {"interval_year_month", "interval_year_month", 1},
        {"INTERVAL DAY TO SECOND", "interval_day_time", 1},
        {"interval year to month", "interval_year_month", 1},
        {"array<int>", "array<int>", 0},
        {"ARRAY < array<string> >", "array<array<string>>", 0},
        {"map<string,bigint>", "map<string,bigint>", 0},
        {"map< decimal(10,2) , array<date> >", "map<decimal(10,2),array<date>>", 0},
        {"struct<a:int,b:string>", "struct<a:int,b:string>", 0},
        {"struct< Street : string COMMENT 'the, street' , zip:int>",
         "struct<street:string,zip:int>", 0},
        {"struct<`weird name`:int>", "struct<`weird name`:int>", 0},
        /* a backquoted name that needs no quoting is the bare name (one rule with the
        ** crawler's hivetype_add_field_name()) */
        {"struct<`ip`:string,`IP_2`:int>", "struct<ip:string,ip_2:int>", 0},
        {"struct<`1st`:int,`a-b`:int>", "struct<`1st`:int,`a-b`:int>", 0},
        {"uniontype<int,double,array<string>>", "uniontype<int,double,array<string>>", 0},
        {"array<struct<x:map<string,int>>>", "array<struct<x:map<string,int>>>", 0},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct hivetype t;
        struct hivetype_error e;
        if (hivetype_parse(cases[i].type, &t, &e) != 0)
            fail_msg("hivetype_parse(\"%s\"): %s", cases[i].type, e.msg);
        if (strcmp(t.canon, cases[i].canon) != 0 || t.primitive != cases[i].primitive)
            fail_msg("hivetype_parse(\"%s\") = %s (primitive %d), want %s (%d)", cases[i].type,
                     t.canon, t.primitive, cases[i].canon, cases[i].primitive);
        hivetype_release(&t);
    }
}

static void test_hivetype_rejects_with_position(void **state)
{
    static const struct {
        const char *type, *msg;
    } cases[] = {
        {"strnig", "unknown type 'strnig' at position 1"},
        {"", "expected a type at position 1"},
        {"   ", "expected a type at position 4"},
        {"decimal(24, 16", "expected ')' but the type ends at position 15"},
        {"decimal(39,2)", "decimal precision must be 1 to 38, not 39 at position 9"},
        {"decimal(10,11)", "decimal scale 11 is larger than the precision 10 at position 12"},
        {"decimal(0)", "decimal precision must be 1 to 38, not 0 at position 9"},
        {"decimal(a)", "expected the decimal precision (a number) at position 9"},
        {"varchar", "varchar needs a length: expected '(' at position 8"},
        {"char(256)", "length must be 1 to 255, not 256 at position 6"},
        {"varchar(65536)", "length must be 1 to 65535, not 65536 at position 9"},
        {"int int", "unexpected text after the type at position 5"},
        {"array<int", "expected '>' but the type ends at position 10"},
        {"array int", "expected '<' at position 7"},
        {"array<>", "expected a type name at position 7"},
        {"map<array<int>,int>", "a map key must be a primitive type at position 5"},
        {"map<string>", "expected ',' at position 11"},
        {"struct<a int>", "expected ':' at position 10"},
        {"struct<:int>", "expected a field name at position 8"},
        {"struct<a:int;b:int>", "expected ',' or '>' at position 13"},
        {"struct<a:int comment x>", "expected a quoted comment at position 22"},
        {"uniontype<int,strnig>", "unknown type 'strnig' at position 15"},
        {"interval hour", "expected 'year to month' or 'day to second' at position 9"},
        {"int(5)", "unexpected text after the type at position 4"},
        {"déc", "unknown type 'déc' at position 1"},
        {"array<strïng>", "unknown type 'strïng' at position 7"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct hivetype t = {1, (char *)"x"};
        struct hivetype_error e;
        if (hivetype_parse(cases[i].type, &t, &e) == 0)
            fail_msg("hivetype_parse(\"%s\") accepted: %s", cases[i].type, t.canon);
        if (strcmp(e.msg, cases[i].msg) != 0)
            fail_msg("hivetype_parse(\"%s\"): \"%s\", want \"%s\"", cases[i].type, e.msg,
                     cases[i].msg);
        assert_null(t.canon);
        assert_true(e.pos >= 1);
    }
}

static void test_hivetype_bounds_depth_and_length(void **state)
{
    char *deep = malloc(8 * (HIVETYPE_MAX_DEPTH + 2) + 8), *p = deep;
    struct hivetype t;
    struct hivetype_error e;
    int i;
    (void)state;
    for (i = 0; i < HIVETYPE_MAX_DEPTH + 1; i++)
        p += snprintf(p, 8, "array<");
    snprintf(p, 8, "int");
    assert_int_equal(hivetype_parse(deep, &t, &e), -1);
    assert_non_null(strstr(e.msg, "types nested deeper than 64"));
    free(deep);
    deep = malloc(HIVETYPE_MAX_LEN + 2);
    memset(deep, ' ', HIVETYPE_MAX_LEN + 1);
    deep[HIVETYPE_MAX_LEN + 1] = '\0';
    assert_int_equal(hivetype_parse(deep, &t, &e), -1);
    assert_non_null(strstr(e.msg, "type longer than"));
    free(deep);
}

static void test_hivetype_compatible_changes(void **state)
{
    static const struct {
        const char *from, *to;
        int ok;
    } cases[] = {
        {"int", "INT", 1},
        {"int", "bigint", 1},
        {"tinyint", "smallint", 1},
        {"bigint", "int", 0},
        {"int", "double", 1},
        {"int", "decimal(10,0)", 1},
        {"int", "decimal(9,0)", 0},
        {"float", "double", 1},
        {"double", "float", 0},
        {"decimal(10,2)", "decimal(12,4)", 1},
        {"decimal(10,2)", "decimal(10,3)", 0},
        {"decimal(10,2)", "double", 1},
        {"varchar(10)", "varchar(20)", 1},
        {"varchar(20)", "varchar(10)", 0},
        {"char(5)", "string", 1},
        {"date", "string", 1},
        {"string", "int", 0},
        {"date", "timestamp", 0},
        {"array<int>", "array<int>", 1},
        {"array<int>", "array<bigint>", 0},
        {"int", "array<int>", 0},
        {"strnig", "string", 0},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (hivetype_compatible(cases[i].from, cases[i].to) != cases[i].ok)
            fail_msg("hivetype_compatible(%s, %s) != %d", cases[i].from, cases[i].to, cases[i].ok);
}

static void test_hivetype_policy_names(void **state)
{
    enum hivetype_policy p;
    (void)state;
    assert_int_equal(hivetype_policy_parse("off", &p), 0);
    assert_int_equal(p, HIVETYPE_OFF);
    assert_int_equal(hivetype_policy_parse("strict", &p), 0);
    assert_int_equal(p, HIVETYPE_STRICT);
    assert_int_equal(hivetype_policy_parse("Strict", &p), -1);
    assert_int_equal(hivetype_policy_parse(NULL, &p), -1);
    assert_int_equal(hivetype_policy(), HIVETYPE_WARN); /* the default */
}

#define BAD_TABLE                                                                                  \
    "{\"DatabaseName\": \"d\", \"TableInput\": {\"Name\": \"t\", \"StorageDescriptor\": "          \
    "{\"Columns\": [{\"Name\": \"a\", \"Type\": \"decimal(24, 16\"}]}}}"
#define COMPLEX_KEY                                                                                \
    "{\"DatabaseName\": \"d\", \"TableInput\": {\"Name\": \"k\", \"PartitionKeys\": "              \
    "[{\"Name\": \"dt\", \"Type\": \"array<date>\"}]}}"

static void test_table_types_under_each_policy(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    hivetype_set_policy(HIVETYPE_STRICT);
    FAILS(table_create, CAT_EINVAL,
          "Column a has an invalid type 'decimal(24, 16': expected ')' but the type ends at "
          "position 15.",
          BAD_TABLE);
    FAILS(table_create, CAT_EINVAL,
          "Partition key dt must have a primitive type, not 'array<date>'.", COMPLEX_KEY);
    DO(table_create, "{\"DatabaseName\": \"d\", \"TableInput\": {\"Name\": \"good\", "
                     "\"StorageDescriptor\": {\"Columns\": [{\"Name\": \"a\", \"Type\": "
                     "\"Map<String, Array<Int>>\"}, {\"Name\": \"untyped\"}]}}}");
    {
        char buf[64];
        json_t *t = OK(table_get, "{\"DatabaseName\": \"d\", \"Name\": \"good\"}");
        assert_string_equal(str_at(t, "Table/StorageDescriptor/Columns/0/Type"),
                            "Map<String, Array<Int>>"); /* kept as written */
        assert_string_equal(join(at(t, "Table/StorageDescriptor/Columns"), "Name", buf, 64),
                            "a,untyped");
        json_decref(t);
    }
    FAILS(table_update, CAT_EINVAL,
          "Column a has an invalid type 'decimal(24, 16': expected ')' but the type ends at "
          "position 15.",
          "{\"DatabaseName\": \"d\", \"TableInput\": {\"Name\": \"good\", \"StorageDescriptor\": "
          "{\"Columns\": [{\"Name\": \"a\", \"Type\": \"decimal(24, 16\"}]}}}");
    hivetype_set_policy(HIVETYPE_WARN); /* accepted, logged */
    DO(table_create, BAD_TABLE);
    hivetype_set_policy(HIVETYPE_OFF);
    DO(table_create, COMPLEX_KEY);
    hivetype_set_policy(HIVETYPE_WARN);
}

#define UPD                                                                                        \
    "{\"DatabaseName\": \"d\", \"TableInput\": {\"Name\": \"t\", \"StorageDescriptor\": "          \
    "{\"Columns\": [{\"Name\": \"N\", \"Type\": \"%s\"}]}, \"PartitionKeys\": "                    \
    "[{\"Name\": \"dt\", \"Type\": \"%s\"}]}}"

static void test_update_table_schema_evolution(void **state)
{
    struct op_ctx *ctx = &((struct fixture *)*state)->ctx;
    DO(database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    DO(table_create, UPD, "int", "date");
    DO(table_update, UPD, "string", "string"); /* off: anything goes */
    DO(table_update, UPD, "int", "date");
    hivetype_set_evolution_check(1);
    DO(table_update, UPD, "bigint", "date");
    FAILS(table_update, CAT_EINVAL,
          "Column N cannot change its type from 'bigint' to 'int': existing data would not read "
          "as the new type.",
          UPD, "int", "date");
    FAILS(table_update, CAT_EINVAL,
          "Column dt cannot change its type from 'date' to 'timestamp': existing data would not "
          "read as the new type.",
          UPD, "bigint", "timestamp");
    DO(table_update, UPD, "decimal(20,0)", "string");
    hivetype_set_evolution_check(0);
}

/* hivetype_add_field_name(): bare when plain, else backquoted; what it writes parses back
** to a struct with that one field. */
static void test_hivetype_field_names_written_to_parse(void **state)
{
    static const struct {
        const char *name, *want;
    } cases[] = {
        {"ip", "ip"},       {"_x9", "_x9"},   {"Src_IP", "Src_IP"},
        {"1st", "`1st`"},   {"a b", "`a b`"}, {"x:int,y", "`x:int,y`"},
        {"a>b<", "`a>b<`"}, {"q`q", "`q_q`"}, {"\xc3\xa9t\xc3\xa9", "`\xc3\xa9t\xc3\xa9`"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sbuf b = {0};
        struct hivetype t;
        struct hivetype_error e;
        hivetype_add_field_name(&b, cases[i].name);
        assert_string_equal(b.p, cases[i].want);
        assert_int_equal(hivetype_plain_name(cases[i].name, strlen(cases[i].name)),
                         cases[i].want[0] != '`');
        sbuf_adds(&b, ":int");
        {
            char type[300];
            snprintf(type, sizeof(type), "struct<%s>", b.p);
            if (hivetype_parse(type, &t, &e) != 0)
                fail_msg("%s: %s", type, e.msg);
            hivetype_release(&t);
        }
        free(b.p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hivetype_accepts_and_canonicalizes),
        cmocka_unit_test(test_hivetype_rejects_with_position),
        cmocka_unit_test(test_hivetype_bounds_depth_and_length),
        cmocka_unit_test(test_hivetype_compatible_changes),
        cmocka_unit_test(test_hivetype_policy_names),
        cmocka_unit_test(test_hivetype_field_names_written_to_parse),
        cmocka_unit_test_setup_teardown(test_table_types_under_each_policy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_table_schema_evolution, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
