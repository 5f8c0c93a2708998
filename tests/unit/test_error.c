/* test_error.c -- unit tests for error.c: the CAT_* table and its renderings, srv_error_set(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <string.h>

#include "error.h"

static const struct row {
    const char *sym;
    int code;
    const char *type;
    int glue_status, rest_status;
    const char *msg;
} rows[] = {
#define XX(sym, val, type, glue_status, rest_status, msg)                                          \
    {#sym, CAT_##sym, type, glue_status, rest_status, msg},
    CAT_ERRNO_MAP(XX)
#undef XX
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* Rows that travel on the wire have a Glue type and 4xx/5xx statuses on both fronts,
** and the renderers return exactly the table's values. */
static void test_error_wire_rows_render_their_table_values(void **state)
{
    size_t i, wire = 0;
    (void)state;
    for (i = 0; i < NROWS; i++) {
        if (rows[i].type == NULL)
            continue;
        wire++;
        if (rows[i].glue_status < 400 || rows[i].glue_status > 599 || rows[i].rest_status < 400 ||
            rows[i].rest_status > 599)
            fail_msg("CAT_%s: statuses %d/%d are not 4xx/5xx", rows[i].sym, rows[i].glue_status,
                     rows[i].rest_status);
        assert_true(rows[i].code < 0);
        assert_string_equal(srv_error_glue_type(rows[i].code), rows[i].type);
        assert_int_equal(srv_error_glue_status(rows[i].code), rows[i].glue_status);
        assert_int_equal(srv_error_rest_status(rows[i].code), rows[i].rest_status);
        assert_string_equal(srv_error_default_msg(rows[i].code), rows[i].msg);
        assert_true(strlen(rows[i].msg) > 0);
    }
    assert_true(wire >= 8);
}

/* Each code appears once, so adding a row never shadows another. */
static void test_error_codes_are_unique(void **state)
{
    size_t i, j;
    (void)state;
    for (i = 0; i < NROWS; i++)
        for (j = i + 1; j < NROWS; j++)
            if (rows[i].code == rows[j].code)
                fail_msg("CAT_%s and CAT_%s share code %d", rows[i].sym, rows[j].sym, rows[i].code);
}

/* The exact Glue words for the codes the resources use. */
static void test_error_glue_types_pinned(void **state)
{
    (void)state;
    assert_string_equal(srv_error_glue_type(CAT_EINVAL), "InvalidInputException");
    assert_string_equal(srv_error_glue_type(CAT_ENOTFOUND), "EntityNotFoundException");
    assert_string_equal(srv_error_glue_type(CAT_EEXISTS), "AlreadyExistsException");
    assert_string_equal(srv_error_glue_type(CAT_ECONFLICT), "ConcurrentModificationException");
    assert_string_equal(srv_error_glue_type(CAT_EINTERNAL), "InternalServiceException");
    assert_int_equal(srv_error_glue_status(CAT_ENOTFOUND), 400);
    assert_int_equal(srv_error_rest_status(CAT_ENOTFOUND), 404);
    assert_int_equal(srv_error_glue_status(CAT_EINTERNAL), 500);
}

/* Client-only rows and unknown codes never leak a NULL type: they render as an internal error. */
static void test_error_client_only_and_unknown_codes_render_internal(void **state)
{
    static const int codes[] = {CAT_ETRANSPORT, CAT_EPROTO, 12345, -999, CAT_OK};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        assert_string_equal(srv_error_glue_type(codes[i]), "InternalServiceException");
        assert_int_equal(srv_error_glue_status(codes[i]), 500);
        assert_int_equal(srv_error_rest_status(codes[i]), 500);
        assert_string_equal(srv_error_default_msg(codes[i]), "internal error");
    }
}

static void test_error_init_clears(void **state)
{
    struct srv_error err;
    (void)state;
    memset(&err, 'x', sizeof(err));
    srv_error_init(&err);
    assert_int_equal(err.code, CAT_OK);
    assert_int_equal(err.offset, -1);
    assert_string_equal(err.msg, "");
}

static void test_error_set_formats_and_returns_code(void **state)
{
    struct srv_error err;
    (void)state;
    srv_error_init(&err);
    assert_int_equal(srv_error_set(&err, CAT_ENOTFOUND, "Table %s not found.", "t1"),
                     CAT_ENOTFOUND);
    assert_int_equal(err.code, CAT_ENOTFOUND);
    assert_string_equal(err.msg, "Table t1 not found.");
    /* a later error replaces the earlier one entirely */
    assert_int_equal(srv_error_set(&err, CAT_EINVAL, "%d", 7), CAT_EINVAL);
    assert_int_equal(err.code, CAT_EINVAL);
    assert_string_equal(err.msg, "7");
    /* a NULL sink is allowed and still returns the code */
    assert_int_equal(srv_error_set(NULL, CAT_EEXISTS, "ignored %s", "x"), CAT_EEXISTS);
}

/* A 2000-character argument is cut to fit msg, NUL-terminated, without touching what follows. */
static void test_error_set_truncates_long_messages(void **state)
{
    struct {
        struct srv_error err;
        char guard[64];
    } s;
    char big[2001];
    size_t n;
    (void)state;
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    memset(s.guard, 'G', sizeof(s.guard));
    srv_error_init(&s.err);
    assert_int_equal(srv_error_set(&s.err, CAT_EINVAL, "Table %s not found.", big), CAT_EINVAL);
    n = strlen(s.err.msg);
    assert_int_equal(n, sizeof(s.err.msg) - 1);
    assert_memory_equal(s.err.msg, "Table aaaa", 10);
    assert_int_equal(s.err.msg[n - 1], 'a');
    for (n = 0; n < sizeof(s.guard); n++)
        assert_int_equal(s.guard[n], 'G');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_wire_rows_render_their_table_values),
        cmocka_unit_test(test_error_codes_are_unique),
        cmocka_unit_test(test_error_glue_types_pinned),
        cmocka_unit_test(test_error_client_only_and_unknown_codes_render_internal),
        cmocka_unit_test(test_error_init_clears),
        cmocka_unit_test(test_error_set_formats_and_returns_code),
        cmocka_unit_test(test_error_set_truncates_long_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
