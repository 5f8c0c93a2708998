/* test_ui.c -- unit tests for ui.c: which paths are the console's, what each answers (status,
** content type, ETag and 304, 404 and 405 with their exact texts) and its security headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front/ui.h"

/* The value of header NAME among RESP's extra headers, or NULL. */
static const char *header(const struct http_response *resp, const char *name)
{
    const char *const *h;
    for (h = resp->headers; h && h[0]; h += 2)
        if (strcmp(h[0], name) == 0)
            return h[1];
    return NULL;
}

static void release(struct http_response *resp)
{
    free(resp->body);
    free(resp->etag);
    free(resp->location);
}

static void test_ui_owns(void **state)
{
    static const struct {
        const char *path;
        int owned;
    } cases[] = {{"/ui", 1},   {"/ui/", 1}, {"/ui/console.js", 1}, {"/ui/a/b", 1}, {"/uix", 0},
                 {"/u", 0},    {"/", 0},    {"/v1/ui", 0},         {"/UI", 0},     {"", 0},
                 {"/ui?x", 0}, {"ui/", 0}};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (ui_owns(cases[i].path) != cases[i].owned)
            fail_msg("ui_owns(\"%s\") should be %d", cases[i].path, cases[i].owned);
}

static void test_ui_files(void **state)
{
    static const struct {
        const char *method, *path;
        int status;
        const char *type, *body; /* BODY: the exact text, or a prefix of the file */
    } cases[] = {
        {"GET", "/ui", 200, "text/html; charset=utf-8", "<!doctype html>"},
        {"GET", "/ui/", 200, "text/html; charset=utf-8", "<!doctype html>"},
        {"HEAD", "/ui/index.html", 200, "text/html; charset=utf-8", "<!doctype html>"},
        {"GET", "/ui/console.js", 200, "text/javascript; charset=utf-8", "// console.js"},
        {"GET", "/ui/console.css", 200, "text/css; charset=utf-8", "/* console.css"},
        {"GET", "/ui/nope.js", 404, "text/plain; charset=utf-8", "No such console file.\n"},
        {"GET", "/ui/sub/console.js", 404, "text/plain; charset=utf-8", "No such console file.\n"},
        {"GET", "/ui/../console.js", 404, "text/plain; charset=utf-8", "No such console file.\n"},
        {"GET", "/ui//", 404, "text/plain; charset=utf-8", "No such console file.\n"},
        {"POST", "/ui/", 405, "text/plain; charset=utf-8", "The console is read-only: use GET.\n"},
        {"DELETE", "/ui/console.js", 405, "text/plain; charset=utf-8",
         "The console is read-only: use GET.\n"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct http_response r;
        size_t n = strlen(cases[i].body);
        ui_serve(cases[i].method, cases[i].path, NULL, &r);
        if (r.status != cases[i].status)
            fail_msg("%s %s: status %d, want %d", cases[i].method, cases[i].path, r.status,
                     cases[i].status);
        assert_string_equal(r.content_type, cases[i].type);
        assert_true(r.len >= n);
        assert_memory_equal(r.body, cases[i].body, n);
        if (cases[i].status != 200)
            assert_int_equal(r.len, n);
        assert_non_null(strstr(header(&r, "Content-Security-Policy"), "default-src 'self'"));
        assert_non_null(strstr(header(&r, "Content-Security-Policy"), "frame-ancestors 'none'"));
        assert_null(strstr(header(&r, "Content-Security-Policy"), "unsafe-inline"));
        assert_string_equal(header(&r, "X-Content-Type-Options"), "nosniff");
        assert_string_equal(header(&r, "X-Frame-Options"), "DENY");
        assert_string_equal(header(&r, "Cache-Control"), "no-cache");
        assert_string_equal(r.allow, cases[i].status == 405 ? "GET, HEAD" : "");
        if (cases[i].status == 200)
            assert_non_null(r.etag);
        else
            assert_null(r.etag);
        release(&r);
    }
}

static void test_ui_etag(void **state)
{
    struct http_response r, again;
    char list[200];
    (void)state;
    ui_serve("GET", "/ui/console.css", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.etag[0], '"');
    assert_int_equal(strlen(r.etag), 22);
    /* the tag alone, in a list, weak, or *: 304 without a body, the ETag kept */
    const char *hits[] = {r.etag, "*", NULL, NULL};
    snprintf(list, sizeof(list), "\"a\", W/%s", r.etag);
    hits[2] = list;
    for (size_t i = 0; i < 3; i++) {
        ui_serve("GET", "/ui/console.css", hits[i], &again);
        if (again.status != 304)
            fail_msg("If-None-Match: %s gave %d", hits[i], again.status);
        assert_null(again.body);
        assert_string_equal(again.etag, r.etag);
        release(&again);
    }
    /* another tag, a prefix of it, another file's */
    snprintf(list, sizeof(list), "%.*s\"", (int)strlen(r.etag) - 2, r.etag);
    const char *misses[] = {"\"other\"", list, "", ",,"};
    for (size_t i = 0; i < 4; i++) {
        ui_serve("GET", "/ui/console.css", misses[i], &again);
        if (again.status != 200)
            fail_msg("If-None-Match: %s gave %d", misses[i], again.status);
        release(&again);
    }
    ui_serve("GET", "/ui/console.js", r.etag, &again);
    assert_int_equal(again.status, 200);
    assert_string_not_equal(again.etag, r.etag);
    release(&again);
    release(&r);
}

static void test_ui_refuse(void **state)
{
    struct http_response r;
    (void)state;
    ui_refuse(403, "The Host header names neither this machine nor a host allowed.", &r);
    assert_int_equal(r.status, 403);
    assert_string_equal(r.body, "The Host header names neither this machine nor a host allowed.\n");
    assert_string_equal(header(&r, "X-Content-Type-Options"), "nosniff");
    release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ui_owns),
        cmocka_unit_test(test_ui_files),
        cmocka_unit_test(test_ui_etag),
        cmocka_unit_test(test_ui_refuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
