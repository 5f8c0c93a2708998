/* test_thrift.c -- unit tests for thrift.c: messages written, scanned and decoded, both header
** forms, every type, unknown fields skipped, and every limit with its exact message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <stdlib.h>
#include <string.h>

#include "front/thrift.h"

/* A call of NAME whose arguments hold one field of every type. */
static void every_type(struct sbuf *b, const char *name)
{
    thrift_w_message(b, name, THRIFT_CALL, 42);
    thrift_w_field(b, THRIFT_BOOL, 1);
    thrift_w_bool(b, 1);
    thrift_w_field(b, THRIFT_BYTE, 2);
    thrift_w_byte(b, -3);
    thrift_w_field(b, THRIFT_I16, 3);
    thrift_w_i16(b, -300);
    thrift_w_field(b, THRIFT_I32, 4);
    thrift_w_i32(b, -70000);
    thrift_w_field(b, THRIFT_I64, 5);
    thrift_w_i64(b, -5000000000LL);
    thrift_w_field(b, THRIFT_DOUBLE, 6);
    thrift_w_double(b, 2.5);
    thrift_w_string_field(b, 7, "caf\xc3\xa9");
    thrift_w_field(b, THRIFT_STRUCT, 8);
    thrift_w_string_field(b, 1, "inner");
    thrift_w_stop(b);
    thrift_w_field(b, THRIFT_LIST, 9);
    thrift_w_list(b, THRIFT_STRING, 2);
    thrift_w_cstring(b, "a");
    thrift_w_cstring(b, "bb");
    thrift_w_field(b, THRIFT_MAP, 10);
    thrift_w_map(b, THRIFT_STRING, THRIFT_I32, 1);
    thrift_w_cstring(b, "k");
    thrift_w_i32(b, 7);
    thrift_w_field(b, THRIFT_SET, 11);
    thrift_w_list(b, THRIFT_I16, 0);
    thrift_w_stop(b);
}

static void test_thrift_round_trip(void **state)
{
    struct sbuf b = {0};
    struct thrift_message m;
    struct thrift_scan s;
    const struct thrift_value *v;
    const char *why;
    size_t end = 0, i;
    (void)state;
    every_type(&b, "get_table");
    thrift_scan_init(&s, NULL);
    assert_int_equal(thrift_scan(&s, (unsigned char *)b.p, b.len, &end), THRIFT_OK);
    assert_int_equal(end, b.len);
    /* fed a byte at a time: more, more, ..., then the same end */
    thrift_scan_init(&s, NULL);
    for (i = 1; i < b.len; i++)
        assert_int_equal(thrift_scan(&s, (unsigned char *)b.p, i, &end), THRIFT_MORE);
    assert_int_equal(thrift_scan(&s, (unsigned char *)b.p, b.len, &end), THRIFT_OK);
    assert_int_equal(end, b.len);
    assert_int_equal(thrift_decode((unsigned char *)b.p, b.len, NULL, &m, &why), THRIFT_OK);
    assert_string_equal(m.name, "get_table");
    assert_int_equal(m.type, THRIFT_CALL);
    assert_int_equal(m.seqid, 42);
    assert_int_equal(m.strict, 1);
    assert_int_equal(thrift_field(&m.body, 1, THRIFT_BOOL)->u.i, 1);
    assert_int_equal(thrift_field(&m.body, 2, THRIFT_BYTE)->u.i, -3);
    assert_int_equal(thrift_field(&m.body, 3, THRIFT_I16)->u.i, -300);
    assert_int_equal(thrift_field(&m.body, 4, THRIFT_I32)->u.i, -70000);
    assert_true(thrift_field(&m.body, 5, THRIFT_I64)->u.i == -5000000000LL);
    assert_true(thrift_field(&m.body, 6, THRIFT_DOUBLE)->u.d == 2.5);
    v = thrift_field(&m.body, 7, THRIFT_STRING);
    assert_int_equal(v->n, 5);
    assert_memory_equal(v->u.s, "caf\xc3\xa9", 5);
    v = thrift_field(thrift_field(&m.body, 8, THRIFT_STRUCT), 1, THRIFT_STRING);
    assert_memory_equal(v->u.s, "inner", 5);
    v = thrift_field(&m.body, 9, THRIFT_LIST);
    assert_int_equal(v->n, 2);
    assert_memory_equal(v->u.kids[1].u.s, "bb", 2);
    v = thrift_field(&m.body, 10, THRIFT_MAP);
    assert_int_equal(v->n, 2);
    assert_int_equal(v->u.kids[1].u.i, 7);
    assert_int_equal(thrift_field(&m.body, 11, THRIFT_SET)->n, 0);
    assert_null(thrift_field(&m.body, 4, THRIFT_STRING)); /* another type: ignored */
    assert_null(thrift_field(&m.body, 99, THRIFT_STRING));
    assert_int_equal(m.values, 17);
    thrift_message_release(&m);
    /* trailing bytes are refused by the decoder; the scanner stops at the end */
    sbuf_add(&b, "\x80", 1);
    assert_int_equal(thrift_decode((unsigned char *)b.p, b.len, NULL, &m, &why), THRIFT_EBAD);
    assert_string_equal(why, "Bytes follow the end of the message.");
    thrift_scan_init(&s, NULL);
    assert_int_equal(thrift_scan(&s, (unsigned char *)b.p, b.len, &end), THRIFT_OK);
    assert_int_equal(end, b.len - 1);
    free(b.p);
}

static void test_thrift_non_strict(void **state)
{
    /* name length, name, type byte, seqid: what old clients (TBinaryProtocol strict_write=false)
    ** send */
    static const unsigned char msg[] = {0, 0, 0, 3, 'a', 'b', 'c', 1, 0, 0, 0, 9, 0};
    struct thrift_message m;
    const char *why;
    (void)state;
    assert_int_equal(thrift_decode(msg, sizeof(msg), NULL, &m, &why), THRIFT_OK);
    assert_string_equal(m.name, "abc");
    assert_int_equal(m.strict, 0);
    assert_int_equal(m.seqid, 9);
    thrift_message_release(&m);
}

static void test_thrift_refusals(void **state)
{
    static const struct {
        const char *what;
        const char *bytes;
        size_t len;
        int rc;
        const char *why;
    } cases[] = {
        {"bad version", "\x80\x02\x00\x01", 4, THRIFT_EBAD, "Bad version in the message header."},
        {"HTTP", "POST / HTTP/1.1\r\n", 17, THRIFT_EBAD, "Not a Thrift binary protocol message."},
        {"long name", "\x80\x01\x00\x01\x00\x00\x01\x01", 8, THRIFT_EBAD,
         "The method name is too long."},
        {"bad message type", "\x80\x01\x00\x07\x00\x00\x00\x01x\x00\x00\x00\x01\x00", 14,
         THRIFT_EBAD, "Bad message type."},
        {"NUL in name", "\x80\x01\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x01\x00", 14, THRIFT_EBAD,
         "The method name holds a NUL byte."},
        {"unknown field type", "\x80\x01\x00\x01\x00\x00\x00\x01x\x00\x00\x00\x01\x09\x00\x01", 16,
         THRIFT_EBAD, "Unknown field type."},
        {"negative string",
         "\x80\x01\x00\x01\x00\x00\x00\x01x\x00\x00\x00\x01\x0b\x00\x01\xff\xff\xff\xff", 20,
         THRIFT_EBAD, "Negative string length."},
        {"long string",
         "\x80\x01\x00\x01\x00\x00\x00\x01x\x00\x00\x00\x01\x0b\x00\x01\x00\x00\x01\x00", 20,
         THRIFT_ELIMIT, "A string is longer than the limit."},
        {"big list",
         "\x80\x01\x00\x01\x00\x00\x00\x01x\x00\x00\x00\x01\x0f\x00\x01\x08\x00\x00\x00\x11", 21,
         THRIFT_ELIMIT, "A container has more elements than the limit."},
        {"negative map",
         "\x80\x01\x00\x01\x00\x00\x00\x01x\x00\x00\x00\x01\x0d\x00\x01\x0b\x0b\xff\x00\x00\x00",
         22, THRIFT_EBAD, "Negative container size."},
        {"bad element type",
         "\x80\x01\x00\x01\x00\x00\x00\x01x\x00\x00\x00\x01\x0f\x00\x01\x01\x00\x00\x00\x01", 21,
         THRIFT_EBAD, "Unknown element type."},
        {"too deep",
         "\x80\x01\x00\x01\x00\x00\x00\x01x\x00\x00\x00\x01\x0c\x00\x01\x0c\x00\x01\x0c\x00\x01\x0c"
         "\x00\x01",
         25, THRIFT_ELIMIT, "The message nests too deep."},
        {"too many values",
         "\x80\x01\x00\x01\x00\x00\x00\x01x\x00\x00\x00\x01\x0f\x00\x01\x02\x00\x00\x00\x0a"
         "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00",
         32, THRIFT_ELIMIT, "The message holds too many values."},
    };
    /* small limits: 64-byte messages and strings, 16 elements, 8 values, depth 4 */
    static const struct thrift_limits lim = {64, 64, 16, 8, 4};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct thrift_scan s;
        struct thrift_message m;
        const char *why = NULL;
        size_t end;
        int rc;
        thrift_scan_init(&s, &lim);
        rc = thrift_scan(&s, (const unsigned char *)cases[i].bytes, cases[i].len, &end);
        if (rc != cases[i].rc)
            fail_msg("%s: scan %d, expected %d", cases[i].what, rc, cases[i].rc);
        assert_string_equal(s.why, cases[i].why);
        rc = thrift_decode((const unsigned char *)cases[i].bytes, cases[i].len, &lim, &m, &why);
        if (rc != cases[i].rc)
            fail_msg("%s: decode %d, expected %d", cases[i].what, rc, cases[i].rc);
        assert_string_equal(why, cases[i].why);
    }
}

static void test_thrift_message_limit(void **state)
{
    static const struct thrift_limits lim = {64, 1000, 16, 100, 8};
    struct sbuf b = {0};
    struct thrift_scan s;
    struct thrift_message m;
    const char *why;
    size_t end;
    char big[100];
    (void)state;
    memset(big, 'x', sizeof(big));
    thrift_w_message(&b, "m", THRIFT_CALL, 1);
    thrift_w_field(&b, THRIFT_STRING, 1);
    thrift_w_string(&b, big, sizeof(big));
    thrift_w_field(&b, THRIFT_I32, 2);
    thrift_w_i32(&b, 1);
    thrift_w_stop(&b);
    thrift_scan_init(&s, &lim);
    assert_int_equal(thrift_scan(&s, (unsigned char *)b.p, b.len, &end), THRIFT_ELIMIT);
    assert_string_equal(s.why, "The message is longer than the limit.");
    assert_int_equal(thrift_decode((unsigned char *)b.p, b.len, &lim, &m, &why), THRIFT_ELIMIT);
    assert_string_equal(why, "The message is longer than the limit.");
    /* truncated: more */
    assert_int_equal(thrift_decode((unsigned char *)b.p, 20, NULL, &m, &why), THRIFT_MORE);
    free(b.p);
}

static void test_thrift_app_exception(void **state)
{
    struct sbuf b = {0};
    struct thrift_message m;
    const char *why;
    const struct thrift_value *v;
    (void)state;
    thrift_w_app_exception(&b, "nope", 5, THRIFT_APP_UNKNOWN_METHOD, "Invalid method name: 'nope'");
    assert_int_equal(thrift_decode((unsigned char *)b.p, b.len, NULL, &m, &why), THRIFT_OK);
    assert_int_equal(m.type, THRIFT_EXCEPTION);
    assert_int_equal(m.seqid, 5);
    v = thrift_field(&m.body, 1, THRIFT_STRING);
    assert_int_equal(v->n, strlen("Invalid method name: 'nope'"));
    assert_int_equal(thrift_field(&m.body, 2, THRIFT_I32)->u.i, THRIFT_APP_UNKNOWN_METHOD);
    thrift_message_release(&m);
    free(b.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thrift_round_trip),    cmocka_unit_test(test_thrift_non_strict),
        cmocka_unit_test(test_thrift_refusals),      cmocka_unit_test(test_thrift_message_limit),
        cmocka_unit_test(test_thrift_app_exception),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
