/* test_ptype.c -- unit tests for ptype.c: Hive type names, typed partition values, canonical forms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "lang/ptype.h"

static void test_ptype_of_maps_hive_types(void **state)
{
    static const struct {
        const char *type;
        enum ptype t;
    } cases[] = {
        {"tinyint", PT_INTEGER},
        {"smallint", PT_INTEGER},
        {"int", PT_INTEGER},
        {"INT", PT_INTEGER},
        {"integer", PT_INTEGER},
        {"bigint", PT_INTEGER},
        {"BigInt", PT_INTEGER},
        {"long", PT_INTEGER},
        {"  int  ", PT_INTEGER},
        {"decimal", PT_DECIMAL},
        {"decimal(10,2)", PT_DECIMAL},
        {"DECIMAL (38, 18)", PT_DECIMAL},
        {"numeric(5,1)", PT_DECIMAL},
        {"float", PT_DECIMAL},
        {"double", PT_DECIMAL},
        {"double precision", PT_DECIMAL},
        {"real", PT_DECIMAL},
        {"date", PT_DATE},
        {" Date", PT_DATE},
        {"timestamp", PT_TIMESTAMP},
        {"TIMESTAMP", PT_TIMESTAMP},
        {"boolean", PT_BOOLEAN},
        {"string", PT_STRING},
        {"varchar(10)", PT_STRING},
        {"char(1)", PT_STRING},
        {"binary", PT_STRING},
        {"array<int>", PT_STRING},
        {"int2", PT_STRING},
        {"integers", PT_STRING},
        {"dates", PT_STRING},
        {"", PT_STRING},
        {"   ", PT_STRING},
        {NULL, PT_STRING},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (ptype_of(cases[i].type) != cases[i].t)
            fail_msg("ptype_of(\"%s\") = %d, want %d", cases[i].type ? cases[i].type : "(null)",
                     (int)ptype_of(cases[i].type), (int)cases[i].t);
    }
}

static void test_ptype_name_names_every_type(void **state)
{
    (void)state;
    assert_string_equal(ptype_name(PT_STRING), "string");
    assert_string_equal(ptype_name(PT_INTEGER), "integer");
    assert_string_equal(ptype_name(PT_DECIMAL), "decimal");
    assert_string_equal(ptype_name(PT_DATE), "date");
    assert_string_equal(ptype_name(PT_TIMESTAMP), "timestamp");
    assert_string_equal(ptype_name(PT_BOOLEAN), "boolean");
}

/* One conversion: RAW as type T gives WANT ("i:N", "r:N", "t:TEXT") or NULL for rejected. */
struct vcase {
    enum ptype t;
    const char *raw;
    const char *want;
};

static const struct vcase vcases[] = {
    /* integers */
    {PT_INTEGER, "0", "i:0"},
    {PT_INTEGER, "10", "i:10"},
    {PT_INTEGER, "-1", "i:-1"},
    {PT_INTEGER, "+5", "i:5"},
    {PT_INTEGER, "007", "i:7"},
    {PT_INTEGER, "-0", "i:0"},
    {PT_INTEGER, "9223372036854775807", "i:9223372036854775807"},
    {PT_INTEGER, "-9223372036854775808", "i:-9223372036854775808"},
    {PT_INTEGER, "9223372036854775808", NULL},
    {PT_INTEGER, "-9223372036854775809", NULL},
    {PT_INTEGER, "99999999999999999999", NULL},
    {PT_INTEGER, "", NULL},
    {PT_INTEGER, "-", NULL},
    {PT_INTEGER, "+", NULL},
    {PT_INTEGER, " 1", NULL},
    {PT_INTEGER, "1 ", NULL},
    {PT_INTEGER, "1.0", NULL},
    {PT_INTEGER, "1e3", NULL},
    {PT_INTEGER, "0x10", NULL},
    {PT_INTEGER, "--1", NULL},
    {PT_INTEGER, "__HIVE_DEFAULT_PARTITION__", NULL},
    {PT_INTEGER, "10L", NULL},
    /* decimals */
    {PT_DECIMAL, "10.13400", "r:10.134"},
    {PT_DECIMAL, "-1.5", "r:-1.5"},
    {PT_DECIMAL, "10", "r:10"},
    {PT_DECIMAL, ".5", "r:0.5"},
    {PT_DECIMAL, "5.", "r:5"},
    {PT_DECIMAL, "+2.25", "r:2.25"},
    {PT_DECIMAL, "1e3", "r:1000"},
    {PT_DECIMAL, "1E-3", "r:0.001"},
    {PT_DECIMAL, "2.5e+2", "r:250"},
    {PT_DECIMAL, "-0", "r:0"},
    {PT_DECIMAL, "-0.0", "r:0"},
    {PT_DECIMAL, "1e-400", "r:0"},
    {PT_DECIMAL, "1e400", NULL},
    {PT_DECIMAL, "-1e400", NULL},
    {PT_DECIMAL, "inf", NULL},
    {PT_DECIMAL, "Infinity", NULL},
    {PT_DECIMAL, "nan", NULL},
    {PT_DECIMAL, "0x1p3", NULL},
    {PT_DECIMAL, "", NULL},
    {PT_DECIMAL, ".", NULL},
    {PT_DECIMAL, "-", NULL},
    {PT_DECIMAL, "1e", NULL},
    {PT_DECIMAL, "1e+", NULL},
    {PT_DECIMAL, "1.2.3", NULL},
    {PT_DECIMAL, " 1", NULL},
    {PT_DECIMAL, "1 ", NULL},
    {PT_DECIMAL, "1,5", NULL},
    {PT_DECIMAL, "__HIVE_DEFAULT_PARTITION__", NULL},
    /* dates */
    {PT_DATE, "2020-01-01", "t:2020-01-01"},
    {PT_DATE, "2020-1-2", "t:2020-01-02"},
    {PT_DATE, "2020-12-31", "t:2020-12-31"},
    {PT_DATE, "0001-01-01", "t:0001-01-01"},
    {PT_DATE, "9999-12-31", "t:9999-12-31"},
    {PT_DATE, "2000-02-29", "t:2000-02-29"},
    {PT_DATE, "2024-02-29", "t:2024-02-29"},
    {PT_DATE, "1900-02-29", NULL},
    {PT_DATE, "2019-02-29", NULL},
    {PT_DATE, "2019-02-28", "t:2019-02-28"},
    {PT_DATE, "2020-04-31", NULL},
    {PT_DATE, "2020-13-01", NULL},
    {PT_DATE, "2020-00-10", NULL},
    {PT_DATE, "2020-01-00", NULL},
    {PT_DATE, "2020-01-32", NULL},
    {PT_DATE, "20-01-01", NULL},
    {PT_DATE, "20201-01-01", NULL},
    {PT_DATE, "2020-001-01", NULL},
    {PT_DATE, "2020/01/01", NULL},
    {PT_DATE, " 2020-01-01", NULL},
    {PT_DATE, "2020-01-01 ", NULL},
    {PT_DATE, "2020-01-01 00:00:00", NULL},
    {PT_DATE, "", NULL},
    {PT_DATE, "__HIVE_DEFAULT_PARTITION__", NULL},
    /* timestamps */
    {PT_TIMESTAMP, "1970-01-01 00:02:03.456", "t:1970-01-01 00:02:03.456000000"},
    {PT_TIMESTAMP, "2020-01-01", "t:2020-01-01 00:00:00.000000000"},
    {PT_TIMESTAMP, "2020-1-2", "t:2020-01-02 00:00:00.000000000"},
    {PT_TIMESTAMP, "2020-01-01 10:00", "t:2020-01-01 10:00:00.000000000"},
    {PT_TIMESTAMP, "2020-01-01 10:00:05", "t:2020-01-01 10:00:05.000000000"},
    {PT_TIMESTAMP, "2020-01-01T10:00:05", "t:2020-01-01 10:00:05.000000000"},
    {PT_TIMESTAMP, "2020-01-01 1:2:3", "t:2020-01-01 01:02:03.000000000"},
    {PT_TIMESTAMP, "2020-01-01 23:59:59.1", "t:2020-01-01 23:59:59.100000000"},
    {PT_TIMESTAMP, "2020-01-01 23:59:59.123456789", "t:2020-01-01 23:59:59.123456789"},
    {PT_TIMESTAMP, "2020-01-01 23:59:59.1234567890", NULL},
    {PT_TIMESTAMP, "2020-01-01 23:59:59.", NULL},
    {PT_TIMESTAMP, "2020-01-01 24:00:00", NULL},
    {PT_TIMESTAMP, "2020-01-01 10:60:00", NULL},
    {PT_TIMESTAMP, "2020-01-01 10:00:60", NULL},
    {PT_TIMESTAMP, "2020-01-01 10", NULL},
    {PT_TIMESTAMP, "2020-01-01 10:", NULL},
    {PT_TIMESTAMP, "2020-01-01 10:00:", NULL},
    {PT_TIMESTAMP, "2020-01-01 100:00", NULL},
    {PT_TIMESTAMP, "2020-01-01  10:00", NULL},
    {PT_TIMESTAMP, "2020-01-01X10:00", NULL},
    {PT_TIMESTAMP, "2020-01-01T", NULL},
    {PT_TIMESTAMP, "2020-01-01 ", NULL},
    {PT_TIMESTAMP, "2020-01-01 10:00:00Z", NULL},
    {PT_TIMESTAMP, "2019-02-29 00:00:00", NULL},
    {PT_TIMESTAMP, "", NULL},
    /* booleans */
    {PT_BOOLEAN, "true", "i:1"},
    {PT_BOOLEAN, "TRUE", "i:1"},
    {PT_BOOLEAN, "False", "i:0"},
    {PT_BOOLEAN, "false", "i:0"},
    {PT_BOOLEAN, "1", NULL},
    {PT_BOOLEAN, "0", NULL},
    {PT_BOOLEAN, "yes", NULL},
    {PT_BOOLEAN, "truex", NULL},
    {PT_BOOLEAN, "tru", NULL},
    {PT_BOOLEAN, "", NULL},
    /* strings: anything, as is */
    {PT_STRING, "abc", "t:abc"},
    {PT_STRING, "", "t:"},
    {PT_STRING, "__HIVE_DEFAULT_PARTITION__", "t:__HIVE_DEFAULT_PARTITION__"},
    {PT_STRING, " 10 ", "t: 10 "},
};

static void describe(const struct pvalue *v, char *buf, size_t n)
{
    switch (v->kind) {
    case PV_INT:
        snprintf(buf, n, "i:%lld", v->i);
        break;
    case PV_REAL:
        snprintf(buf, n, "r:%.17g", v->d);
        break;
    case PV_TEXT:
        snprintf(buf, n, "t:%.*s", (int)v->len, v->text);
        break;
    default:
        snprintf(buf, n, "null");
        break;
    }
}

static void test_ptype_value_converts_and_rejects(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(vcases) / sizeof(vcases[0]); i++) {
        const struct vcase *c = &vcases[i];
        struct pvalue v;
        char got[80];
        int rc = ptype_value(c->t, c->raw, strlen(c->raw), &v);
        describe(&v, got, sizeof(got));
        if (c->want == NULL) {
            if (rc != -1 || v.kind != PV_NULL)
                fail_msg("%s '%s': accepted as %s", ptype_name(c->t), c->raw, got);
        } else if (rc != 0 || strcmp(got, c->want) != 0) {
            fail_msg("%s '%s': got rc %d %s, want %s", ptype_name(c->t), c->raw, rc, got, c->want);
        }
    }
}

/* The text of a string value is the caller's input itself; dates point into OUT->buf. */
static void test_ptype_value_text_pointers(void **state)
{
    const char *raw = "2020-01-01";
    struct pvalue v;
    (void)state;
    assert_int_equal(ptype_value(PT_STRING, raw, 4, &v), 0);
    assert_ptr_equal(v.text, raw);
    assert_int_equal(v.len, 4);
    assert_int_equal(ptype_value(PT_DATE, raw, 10, &v), 0);
    assert_ptr_equal(v.text, v.buf);
    assert_string_equal(v.buf, "2020-01-01");
    assert_int_equal(ptype_value(PT_DATE, NULL, 0, &v), -1);
    assert_int_equal(v.kind, PV_NULL);
}

/* RAW is LEN bytes, not a C string: nothing past LEN is read or used. */
static void test_ptype_value_honours_len(void **state)
{
    static const char buf[] = {'1', '2', '3', '4', '5'};
    static const char date[] = {'2', '0', '2', '0', '-', '0', '1', '-', '0', '1', '9'};
    struct pvalue v;
    (void)state;
    assert_int_equal(ptype_value(PT_INTEGER, buf, 2, &v), 0);
    assert_int_equal(v.i, 12);
    assert_int_equal(ptype_value(PT_DECIMAL, buf, 3, &v), 0);
    assert_true(v.d == 123.0);
    assert_int_equal(ptype_value(PT_DATE, date, 10, &v), 0);
    assert_string_equal(v.buf, "2020-01-01");
    assert_int_equal(ptype_value(PT_DATE, date, 11, &v), -1);
    assert_int_equal(ptype_value(PT_BOOLEAN, "true!", 4, &v), 0);
    assert_int_equal(v.i, 1);
    assert_int_equal(ptype_value(PT_INTEGER, buf, 0, &v), -1);
}

/* -0 is stored as +0, so one zero; canonical timestamps order chronologically as text. */
static void test_ptype_value_order(void **state)
{
    static const char *const chrono[] = {
        "0001-01-01",       "1969-12-31 23:59:59.999999999",
        "1970-01-01",       "1970-01-01 00:00:00.000000001",
        "1970-01-01 0:0:1", "2020-01-01 9:00",
        "2020-01-01 10:00", "2020-01-01T10:00:00.5",
        "2020-1-2",         "2020-02-29 23:59:59",
        "2020-10-01",       "9999-12-31 23:59:59.999999999",
    };
    struct pvalue a, b;
    size_t i;
    (void)state;
    assert_int_equal(ptype_value(PT_DECIMAL, "-0", 2, &a), 0);
    assert_false(signbit(a.d));
    for (i = 0; i + 1 < sizeof(chrono) / sizeof(chrono[0]); i++) {
        assert_int_equal(ptype_value(PT_TIMESTAMP, chrono[i], strlen(chrono[i]), &a), 0);
        assert_int_equal(ptype_value(PT_TIMESTAMP, chrono[i + 1], strlen(chrono[i + 1]), &b), 0);
        if (strcmp(a.buf, b.buf) >= 0)
            fail_msg("'%s' does not sort before '%s'", a.buf, b.buf);
    }
}

/* ptype_path_append(): Hive's FileUtils.makePartName / escapePathName, byte for byte. */
static void test_ptype_path_append_escapes_as_hive(void **state)
{
    static const struct {
        const char *key, *value, *want;
    } cases[] = {
        {"dt", "2024-06-01", "dt=2024-06-01/"},
        {"ts", "2024-06-01 10:00:00", "ts=2024-06-01 10%3A00%3A00/"},
        {"k", "a/b=c", "k=a%2Fb%3Dc/"},
        {"k", "\"#%'*/:=?\\{[]^", "k=%22%23%25%27%2A%2F%3A%3D%3F%5C%7B%5B%5D%5E/"},
        {"k", "\x01\x1f\x7f\t\n", "k=%01%1F%7F%09%0A/"},
        {"k", "}~!@$&()+,; <>|`", "k=}~!@$&()+,; <>|`/"},         /* not escaped outside Windows */
        {"k", "\xc3\xa9\xe2\x98\x83", "k=\xc3\xa9\xe2\x98\x83/"}, /* UTF-8 as it is */
        {"k", "", "k=__HIVE_DEFAULT_PARTITION__/"},
        {"we:ird", "v", "we%3Aird=v/"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sbuf b = {0};
        ptype_path_append(&b, cases[i].key, cases[i].value);
        assert_string_equal(b.p, cases[i].want);
        free(b.p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ptype_of_maps_hive_types),
        cmocka_unit_test(test_ptype_name_names_every_type),
        cmocka_unit_test(test_ptype_value_converts_and_rejects),
        cmocka_unit_test(test_ptype_value_text_pointers),
        cmocka_unit_test(test_ptype_value_honours_len),
        cmocka_unit_test(test_ptype_value_order),
        cmocka_unit_test(test_ptype_path_append_escapes_as_hive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
