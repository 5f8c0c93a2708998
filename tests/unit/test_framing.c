/* test_framing.c -- unit tests for framing.c: the Content-Length / Transfer-Encoding / header
** name rules http.c applies to every request, with the exact messages it answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <string.h>

#include "front/framing.h"

#define SPACED "A header name contains white space."
#define DIFFER "The request has Content-Length headers that differ."
#define BOTH "The request has both Content-Length and Transfer-Encoding."

static void test_framing_check(void **state)
{
    static const struct {
        const char *what;
        struct framing_header h[4];
        size_t n;
        const char *refusal;         /* NULL: accepted */
        unsigned long long declared; /* when accepted */
    } cases[] = {
        {"no header lines", {{NULL, NULL}}, 0, NULL, 0},
        {"no framing header", {{"Host", "localhost"}, {"Accept", "*/*"}}, 2, NULL, 0},
        {"one Content-Length", {{"Content-Length", "35"}}, 1, NULL, 35},
        {"any case", {{"content-LENGTH", "7"}}, 1, NULL, 7},
        {"the same twice", {{"Content-Length", "12"}, {"content-length", "12"}}, 2, NULL, 12},
        {"empty Content-Length", {{"Content-Length", ""}}, 1, NULL, 0},
        {"Content-Length without a value", {{"Content-Length", NULL}}, 1, NULL, 0},
        {"no value equals an empty one",
         {{"Content-Length", NULL}, {"Content-Length", ""}},
         2,
         NULL,
         0},
        {"leading digits as strtoull reads them", {{"Content-Length", "42abc"}}, 1, NULL, 42},
        {"huge", {{"Content-Length", "18446744073709551615"}}, 1, NULL, 18446744073709551615ULL},
        {"chunked alone", {{"Transfer-Encoding", "chunked"}}, 1, NULL, 0},
        {"a name line NULL is skipped", {{NULL, "x y"}, {"Content-Length", "3"}}, 2, NULL, 3},
        {"Transfer-Encoding without a value",
         {{"Content-Length", "5"}, {"Transfer-Encoding", NULL}},
         2,
         NULL,
         5},
        {"white space in a value is fine",
         {{"X-Note", "a b\tc"}, {"Content-Length", "1"}},
         2,
         NULL,
         1},
        {"differing lengths", {{"Content-Length", "5"}, {"Content-Length", "6"}}, 2, DIFFER, 0},
        {"lengths compared as text",
         {{"Content-Length", "5"}, {"Content-Length", "05"}},
         2,
         DIFFER,
         0},
        {"third differs",
         {{"Content-Length", "5"}, {"Content-Length", "5"}, {"content-length", ""}},
         3,
         DIFFER,
         0},
        {"both framings", {{"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}}, 2, BOTH, 0},
        {"both framings, TE first",
         {{"transfer-encoding", "gzip"}, {"Content-Length", "5"}},
         2,
         BOTH,
         0},
        {"both framings, empty TE",
         {{"Content-Length", "0"}, {"Transfer-Encoding", ""}},
         2,
         BOTH,
         0},
        {"space in a name", {{"Content-Length ", "35"}}, 1, SPACED, 0},
        {"tab in a name", {{"X\tY", "1"}}, 1, SPACED, 0},
        {"space in another name", {{"Host", "h"}, {"X Y", "1"}}, 2, SPACED, 0},
        {"white space first, then length differences",
         {{"Content-Length", "1"}, {"Content-Length", "2"}, {"A B", ""}},
         3,
         SPACED,
         0},
        {"differing lengths before both framings",
         {{"Content-Length", "1"}, {"Transfer-Encoding", "chunked"}, {"Content-Length", "2"}},
         3,
         DIFFER,
         0},
        {"a spaced Content-Length is no length",
         {{"Content-Length ", "1"}, {"Content-Length", "2"}},
         2,
         SPACED,
         0},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        unsigned long long declared = 99;
        const char *got = framing_check(cases[i].h, cases[i].n, &declared);
        if (cases[i].refusal == NULL) {
            if (got != NULL)
                fail_msg("%s: refused: %s", cases[i].what, got);
            if (declared != cases[i].declared)
                fail_msg("%s: declared %llu, not %llu", cases[i].what, declared, cases[i].declared);
        } else {
            if (got == NULL || strcmp(got, cases[i].refusal) != 0)
                fail_msg("%s: got %s, not %s", cases[i].what, got ? got : "(accepted)",
                         cases[i].refusal);
            assert_int_equal(declared, 0);
        }
    }
}

/* framing_add() one line at a time, as http.c feeds it from libmicrohttpd. */
static void test_framing_incremental(void **state)
{
    struct framing f = FRAMING_INIT;
    unsigned long long n = 1;
    (void)state;
    assert_null(framing_verdict(&f, &n));
    assert_int_equal(n, 0);
    framing_add(&f, "Content-Length", "10");
    assert_null(framing_verdict(&f, &n));
    assert_int_equal(n, 10);
    framing_add(&f, "CONTENT-LENGTH", "10");
    assert_null(framing_verdict(&f, &n));
    assert_int_equal(n, 10);
    framing_add(&f, "Transfer-Encoding", "chunked");
    assert_string_equal(framing_verdict(&f, &n), BOTH);
    framing_add(&f, "Content-Length", "11");
    assert_string_equal(framing_verdict(&f, &n), DIFFER);
    framing_add(&f, "Bad Name", "x");
    assert_string_equal(framing_verdict(&f, &n), SPACED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_framing_check),
        cmocka_unit_test(test_framing_incremental),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
