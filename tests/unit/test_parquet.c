/* test_parquet.c -- unit tests for parquet.c: the Hive types read from a footer parse with
** hivetype_parse(), whatever the nested field names hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <string.h>

#include "crawler/parquet.h"
#include "lang/hivetype.h"

/* A Thrift compact footer being written: bytes and the last field id of the open struct. */
struct fw {
    unsigned char b[1024];
    size_t n;
    int last;
};

static void put(struct fw *w, unsigned c)
{
    assert_true(w->n < sizeof(w->b));
    w->b[w->n++] = (unsigned char)c;
}

static void varint(struct fw *w, unsigned v)
{
    for (; v >= 0x80; v >>= 7)
        put(w, (v & 0x7F) | 0x80);
    put(w, v);
}

static void field(struct fw *w, int id, int type)
{
    assert_true(id > w->last && id - w->last <= 15);
    put(w, (unsigned)((id - w->last) << 4 | type));
    w->last = id;
}

static void i32(struct fw *w, int id, int v)
{
    field(w, id, 5);
    varint(w, (unsigned)v << 1); /* zigzag of v >= 0 */
}

/* SchemaElement: 1 type (leaves; -1: a group), 4 name, 5 num_children (groups). */
static void elem(struct fw *w, int type, const char *name, int children)
{
    w->last = 0;
    if (type >= 0)
        i32(w, 1, type);
    field(w, 4, 8);
    varint(w, (unsigned)strlen(name));
    memcpy(w->b + w->n, name, strlen(name));
    w->n += strlen(name);
    if (children)
        i32(w, 5, children);
    put(w, 0);
}

/* A footer whose one column is a group "s" of a BOOLEAN named NAME and an INT32 "ok". */
static size_t footer(struct fw *w, const char *name)
{
    memset(w, 0, sizeof(*w));
    i32(w, 1, 1); /* version */
    field(w, 2, 9);
    put(w, 4 << 4 | 12); /* list of 4 structs */
    elem(w, -1, "schema", 1);
    elem(w, -1, "s", 2);
    elem(w, 0, name, 0);
    elem(w, 1, "ok", 0);
    put(w, 0); /* end of FileMetaData */
    return w->n;
}

static void test_struct_field_names_are_quoted(void **state)
{
    static const struct {
        const char *name, *type;
    } cases[] = {
        {"plain_1", "struct<plain_1:boolean,ok:int>"},
        {"a%4c", "struct<`a%4c`:boolean,ok:int>"},
        {"x:int,y", "struct<`x:int,y`:boolean,ok:int>"},
        {"a b>", "struct<`a b>`:boolean,ok:int>"},
        {"1st", "struct<`1st`:boolean,ok:int>"},
        {"a`b", "struct<`a_b`:boolean,ok:int>"},
        {"", "struct<col:boolean,ok:int>"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct fw w;
        json_t *cols = NULL;
        char msg[256] = "";
        int codec = 0;
        const char *ty;
        struct hivetype t;
        struct hivetype_error e;
        size_t n = footer(&w, cases[i].name);
        if (parquet_parse_footer(w.b, n, &cols, &codec, msg, sizeof(msg)) != 0)
            fail_msg("%s: %s", cases[i].name, msg);
        assert_int_equal(json_array_size(cols), 1);
        ty = json_string_value(json_object_get(json_array_get(cols, 0), "Type"));
        assert_non_null(ty);
        assert_string_equal(ty, cases[i].type);
        if (hivetype_parse(ty, &t, &e) != 0)
            fail_msg("%s does not parse: %s", ty, e.msg);
        hivetype_release(&t);
        json_decref(cols);
    }
}

/* Footers whose schema has a map keyed by a complex type (the first found by fuzz_parquet:
** map<array<binary>,boolean>): Hive allows only primitive map keys, so no Hive type reads the
** column, and the file is unreadable (the crawler names and skips it), never a type the
** catalog's own checker refuses. */
static void test_map_with_a_complex_key_is_unreadable(void **state)
{
    static const char *const hex[] = {
        "11196c480015020048017315021504004800150400150c2504001500000000",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(hex) / sizeof(hex[0]); i++) {
        unsigned char b[256];
        size_t n = strlen(hex[i]) / 2, k;
        json_t *cols = NULL;
        char msg[256] = "";
        int codec = 0;
        for (k = 0; k < n; k++) {
            unsigned v;
            sscanf(hex[i] + 2 * k, "%2x", &v);
            b[k] = (unsigned char)v;
        }
        assert_int_equal(parquet_parse_footer(b, n, &cols, &codec, msg, sizeof(msg)), -1);
        assert_null(cols);
        assert_non_null(strstr(msg, "is not a primitive type"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_struct_field_names_are_quoted),
        cmocka_unit_test(test_map_with_a_complex_key_is_unreadable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
