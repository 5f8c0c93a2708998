/* test_error.c -- error.c's unit tests: every CAT_* code on the three fronts, srv_error_set(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <string.h>

#include "base/error.h"

/* The public map: symbol, code, Glue type, default message. */
static const struct row {
    const char *sym;
    int code;
    const char *type;
    const char *msg;
} rows[] = {
#define XX(sym, val, type, msg) {#sym, CAT_##sym, type, msg},
    CAT_ERRNO_MAP(XX)
#undef XX
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* Every code that travels on the wire has its server row: the public Glue type and message,
** 4xx/5xx statuses on all three fronts, an Iceberg type.  A code added to CAT_ERRNO_MAP
** without its W_ line in error.c does not compile; one whose row is left empty fails here. */
static void test_error_every_wire_code_has_a_server_row(void **state)
{
    size_t i, wire = 0;
    (void)state;
    for (i = 0; i < NROWS; i++) {
        int glue = srv_error_glue_status(rows[i].code), rest = srv_error_rest_status(rows[i].code);
        int ice = srv_error_iceberg_status(rows[i].code);
        const char *ice_type = srv_error_iceberg_type(rows[i].code);
        if (rows[i].type == NULL)
            continue;
        wire++;
        if (glue < 400 || glue > 599 || rest < 400 || rest > 599 || ice < 400 || ice > 599)
            fail_msg("CAT_%s: statuses %d/%d/%d are not 4xx/5xx", rows[i].sym, glue, rest, ice);
        if (ice_type == NULL || strstr(ice_type, "Exception") == NULL)
            fail_msg("CAT_%s: no Iceberg type", rows[i].sym);
        assert_true(rows[i].code < 0);
        assert_string_equal(srv_error_glue_type(rows[i].code), rows[i].type);
        assert_string_equal(srv_error_rest_code(rows[i].code), rows[i].type);
        assert_string_equal(srv_error_default_msg(rows[i].code), rows[i].msg);
        assert_true(strlen(rows[i].msg) > 0);
    }
    assert_true(wire >= 50);
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

/* No look-alike names (catalog.h): no symbol is another one plus a suffix, as CAT_ECONFLICT and
** CAT_ECONFLICTEXC were. */
static void test_error_no_name_extends_another(void **state)
{
    size_t i, j;
    (void)state;
    for (i = 0; i < NROWS; i++)
        for (j = 0; j < NROWS; j++)
            if (i != j && strncmp(rows[i].sym, rows[j].sym, strlen(rows[i].sym)) == 0)
                fail_msg("CAT_%s looks like CAT_%s", rows[i].sym, rows[j].sym);
}

/* Exact words and numbers on the three fronts, for the codes the fronts produce and a few
** AWS-only ones (cf. SQLite's tests pinning error text). */
static const struct pinned {
    int code;
    const char *glue_type;
    int glue_status, rest_status;
    const char *iceberg_type;
    int iceberg_status;
    const char *msg;
} pinned[] = {
    {CAT_EINVAL, "InvalidInputException", 400, 400, "BadRequestException", 400, "invalid input"},
    {CAT_ENOTFOUND, "EntityNotFoundException", 400, 404, "NoSuchTableException", 404,
     "entity not found"},
    {CAT_EEXISTS, "AlreadyExistsException", 400, 409, "AlreadyExistsException", 409,
     "entity already exists"},
    {CAT_ECONCURRENT, "ConcurrentModificationException", 400, 409, "CommitFailedException", 409,
     "concurrent modification"},
    {CAT_ETIMEOUT, "OperationTimeoutException", 400, 503, "ServiceUnavailableException", 503,
     "operation timed out"},
    {CAT_EUNKNOWNOP, "UnknownOperationException", 400, 404, "UnsupportedOperationException", 406,
     "unknown operation"},
    {CAT_EREQUESTTOOBIG, "InvalidInputException", 413, 413, "BadRequestException", 413,
     "request body too large"},
    {CAT_EINTERNAL, "InternalServiceException", 500, 500, "ServerErrorException", 500,
     "internal error"},
    {CAT_ENOMEM, "InternalServiceException", 500, 500, "ServerErrorException", 500,
     "out of memory"},
    {CAT_EACCESS, "AccessDeniedException", 400, 403, "ForbiddenException", 403, "access denied"},
    {CAT_ETHROTTLED, "ThrottlingException", 400, 429, "SlowDownException", 503,
     "request throttled"},
    {CAT_ESTATECONFLICT, "ConflictException", 400, 409, "CommitFailedException", 409, "conflict"},
    {CAT_ECONDITION, "ConditionCheckFailureException", 400, 412, "CommitFailedException", 409,
     "condition check failed"},
    {CAT_ERESNOTFOUND, "ResourceNotFoundException", 400, 404, "NotFoundException", 404,
     "resource not found"},
    {CAT_EAUTH, "UnrecognizedClientException", 400, 401, "NotAuthorizedException", 401,
     "unrecognized client"},
    {CAT_EUNAVAILABLE, "InternalServiceException", 503, 503, "ServiceUnavailableException", 503,
     "service unavailable"},
    {CAT_ESIGNATURE, "InvalidSignatureException", 400, 401, "NotAuthorizedException", 401,
     "invalid signature"},
    {CAT_EUNSIGNED, "MissingAuthenticationTokenException", 403, 401, "NotAuthorizedException", 401,
     "missing authentication token"},
    {CAT_EINCOMPLETESIG, "IncompleteSignatureException", 400, 401, "NotAuthorizedException", 401,
     "incomplete signature"},
};

static void test_error_pinned_renderings(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(pinned) / sizeof(pinned[0]); i++) {
        const struct pinned *p = &pinned[i];
        assert_string_equal(srv_error_glue_type(p->code), p->glue_type);
        assert_int_equal(srv_error_glue_status(p->code), p->glue_status);
        assert_int_equal(srv_error_rest_status(p->code), p->rest_status);
        assert_string_equal(srv_error_rest_code(p->code), p->glue_type);
        assert_string_equal(srv_error_iceberg_type(p->code), p->iceberg_type);
        assert_int_equal(srv_error_iceberg_status(p->code), p->iceberg_status);
        assert_string_equal(srv_error_default_msg(p->code), p->msg);
    }
}

/* Iceberg's not-found type follows the entity the caller names; other types do not. */
static void test_error_iceberg_entity_hint(void **state)
{
    (void)state;
    assert_string_equal(srv_error_iceberg_type_for(CAT_ENOTFOUND, SRV_ICEBERG_TABLE),
                        "NoSuchTableException");
    assert_string_equal(srv_error_iceberg_type_for(CAT_ENOTFOUND, SRV_ICEBERG_NAMESPACE),
                        "NoSuchNamespaceException");
    assert_string_equal(srv_error_iceberg_type_for(CAT_EEXISTS, SRV_ICEBERG_NAMESPACE),
                        "AlreadyExistsException");
    assert_string_equal(srv_error_iceberg_type_for(CAT_ERESNOTFOUND, SRV_ICEBERG_NAMESPACE),
                        "NotFoundException");
    assert_string_equal(srv_error_iceberg_type_for(CAT_ETRANSPORT, SRV_ICEBERG_NAMESPACE),
                        "ServerErrorException");
    assert_string_equal(srv_error_iceberg_type_for(CAT_ENOTFOUND, SRV_ICEBERG_VIEW),
                        "NoSuchViewException");
    assert_string_equal(srv_error_iceberg_type_for(CAT_EEXISTS, SRV_ICEBERG_VIEW),
                        "AlreadyExistsException");
    assert_string_equal(srv_error_iceberg_type_for(CAT_EBADSTATE, SRV_ICEBERG_NAMESPACE),
                        "NamespaceNotEmptyException");
    assert_string_equal(srv_error_iceberg_type_for(CAT_EBADSTATE, SRV_ICEBERG_TABLE),
                        "CommitFailedException");
    assert_int_equal(srv_error_iceberg_status(CAT_EBADSTATE), 409);
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
        assert_string_equal(srv_error_rest_code(codes[i]), "InternalServiceException");
        assert_string_equal(srv_error_iceberg_type(codes[i]), "ServerErrorException");
        assert_int_equal(srv_error_iceberg_status(codes[i]), 500);
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

/* A validation error carries the member its message quotes; any other error carries none. */
static void test_error_set_member_records_the_path(void **state)
{
    struct srv_error err;
    char longpath[sizeof(err.path) + 8];
    (void)state;
    srv_error_init(&err);
    assert_int_equal(err.path_at, -1);
    assert_int_equal(srv_error_set_member(&err, CAT_EINVAL, "1 validation error detected: Value",
                                          "tableInput.name", " must be a string"),
                     CAT_EINVAL);
    assert_string_equal(err.msg, "1 validation error detected: Value at 'tableInput.name' must "
                                 "be a string");
    assert_string_equal(err.path, "tableInput.name");
    assert_int_equal(err.path_at, (int)strlen("1 validation error detected: Value at '"));
    assert_memory_equal(err.msg + err.path_at, "tableInput.name'", 16);
    srv_error_set(&err, CAT_ENOTFOUND, "Table t not found.");
    assert_int_equal(err.path_at, -1);
    assert_string_equal(err.path, "");
    /* a path longer than the record holds: the message has it, the record does not */
    memset(longpath, 'a', sizeof(longpath) - 1);
    longpath[sizeof(longpath) - 1] = '\0';
    srv_error_set_member(&err, CAT_EINVAL, "Value", longpath, "");
    assert_int_equal(err.path_at, -1);
    assert_non_null(strstr(err.msg, longpath));
    assert_int_equal(srv_error_set_member(NULL, CAT_EINVAL, "Value", "x", ""), CAT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_every_wire_code_has_a_server_row),
        cmocka_unit_test(test_error_codes_are_unique),
        cmocka_unit_test(test_error_no_name_extends_another),
        cmocka_unit_test(test_error_pinned_renderings),
        cmocka_unit_test(test_error_iceberg_entity_hint),
        cmocka_unit_test(test_error_client_only_and_unknown_codes_render_internal),
        cmocka_unit_test(test_error_init_clears),
        cmocka_unit_test(test_error_set_formats_and_returns_code),
        cmocka_unit_test(test_error_set_truncates_long_messages),
        cmocka_unit_test(test_error_set_member_records_the_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
