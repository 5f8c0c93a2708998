/* resource_check.h -- what the resource unit tests share: a store per test (SQLite's :memory:, or
** with CATALOG_TEST_PG set a fresh PostgreSQL database of its own: the resource tests are the
** backends' conformance tests), requests as printf-style JSON text, assertions on Glue error
** codes and messages.  Include after cmocka.h. */
#ifndef TEST_RESOURCE_CHECK_H
#define TEST_RESOURCE_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/ops.h"
#include "pg_check.h"

#define DEFAULT_CATALOG "000000000000"

/* ================================================================ */
/* Helpers: one store per test; requests as printf-style JSON text.                 */

struct fixture {
    struct op_ctx ctx;
    char dbname[64]; /* the test's PostgreSQL database, with LOCATOR (NULL: SQLite's :memory:) */
    char *locator;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct srv_error err;
    srv_error_init(&err);
    if (f == NULL)
        return -1;
    server = test_pg_server();
    if (server != NULL)
        fresh_db("res", f->dbname, sizeof(f->dbname), &f->locator);
    if (store_open(&f->ctx.st, f->locator ? f->locator : ":memory:", &err) != CAT_OK) {
        fprintf(stderr, "store_open: %s\n", err.msg);
        if (f->locator)
            drop_db(f->dbname, f->locator);
        free(f);
        return -1;
    }
    f->ctx.catalog_id = DEFAULT_CATALOG;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->ctx.st);
    if (f->locator)
        drop_db(f->dbname, f->locator);
    free(f);
    return 0;
}

/* Every helper that checks something takes the caller's FILE and LINE (its macro passes
** __FILE__ and __LINE__), so a failure names the line in the test, not this header. */

/* Fail the test at FILE:LINE with a printf-style message. */
#define fail_at(file, line, msg, ...)                                                              \
    do {                                                                                           \
        print_error("ERROR: " msg "\n", ##__VA_ARGS__);                                            \
        _fail(file, line);                                                                         \
    } while (0)
/* assert_true(C) reported at FILE:LINE. */
#define assert_true_at(c, file, line) _assert_true(!!(c), #c, file, line)

static json_t *vjson(const char *file, int line, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static json_t *vjson(const char *file, int line, const char *fmt, va_list ap)
{
    char buf[16384];
    json_error_t jerr;
    json_t *v;
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    assert_true_at(n > 0 && (size_t)n < sizeof(buf), file, line);
    if ((v = json_loads(buf, 0, &jerr)) == NULL)
        fail_at(file, line, "bad test JSON at %d: %s\n%s", jerr.position, jerr.text, buf);
    return v;
}

/* CTX's text page (an op's answer written as text) framed as the Glue front frames it, parsed:
** {"<member>": item | [items], extra..., "NextToken": ...}.  Releases the page. */
static json_t *page_json(const char *file, int line, struct op_ctx *ctx)
{
    json_t *res = op_page_object(&ctx->page);
    if (res == NULL)
        fail_at(file, line, "the page is not JSON: %.*s", (int)ctx->page.items.len,
                ctx->page.items.p ? ctx->page.items.p : "");
    if (!ctx->page.single)
        assert_true_at(json_array_size(json_object_get(res, ctx->page.member)) == ctx->page.count,
                       file, line);
    op_page_release(&ctx->page);
    return res;
}

/* Call FN with the request text; expect success and return the response (new reference). */
static json_t *ok_(const char *file, int line, const char *what, struct op_ctx *ctx, op_fn *fn,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static json_t *ok_(const char *file, int line, const char *what, struct op_ctx *ctx, op_fn *fn,
                   const char *fmt, ...)
{
    struct srv_error err;
    json_t *in, *out = NULL;
    va_list ap;
    int rc;
    va_start(ap, fmt);
    in = vjson(file, line, fmt, ap);
    va_end(ap);
    srv_error_init(&err);
    memset(&ctx->page, 0, sizeof(ctx->page));
    rc = fn(ctx, in, &out, &err);
    json_decref(in);
    if (rc != CAT_OK)
        fail_at(file, line, "%s -> %d: %s", what, rc, err.msg);
    if (out == NULL && ctx->page.member) /* an answer written as text */
        out = page_json(file, line, ctx);
    assert_true_at(json_is_object(out), file, line);
    return out;
}

/* Call FN with the request text; expect CODE with exactly MSG, and no response. */
static void fails_(const char *file, int line, const char *what, struct op_ctx *ctx, op_fn *fn,
                   int code, const char *msg, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
static void fails_(const char *file, int line, const char *what, struct op_ctx *ctx, op_fn *fn,
                   int code, const char *msg, const char *fmt, ...)
{
    struct srv_error err;
    json_t *in, *out = (json_t *)&err; /* must be reset to NULL */
    va_list ap;
    int rc;
    va_start(ap, fmt);
    in = vjson(file, line, fmt, ap);
    va_end(ap);
    srv_error_init(&err);
    memset(&ctx->page, 0, sizeof(ctx->page));
    rc = fn(ctx, in, &out, &err);
    json_decref(in);
    op_page_release(&ctx->page); /* what a failing op began (ops_run releases it too) */
    if (rc != code)
        fail_at(file, line, "%s -> %d (%s), want %d", what, rc, err.msg, code);
    assert_true_at(out == NULL, file, line);
    _assert_int_equal((LargestIntegralType)err.code, (LargestIntegralType)code, file, line);
    _assert_string_equal(err.msg, msg, file, line);
}

#define OK(fn, ...) ok_(__FILE__, __LINE__, #fn, ctx, fn, __VA_ARGS__)
#define DO(fn, ...) json_decref(ok_(__FILE__, __LINE__, #fn, ctx, fn, __VA_ARGS__))
#define FAILS(fn, code, msg, ...) fails_(__FILE__, __LINE__, #fn, ctx, fn, code, msg, __VA_ARGS__)

/* The member at PATH ("a/b/0/c": object keys and array indexes) of O, or NULL. */
static json_t *at_(const char *file, int line, const json_t *o, const char *path)
{
    char key[256];
    const char *p = path;
    json_t *v = (json_t *)o; /* walking only reads */
    while (v && *p) {
        size_t n = strcspn(p, "/");
        assert_true_at(n < sizeof(key), file, line);
        memcpy(key, p, n);
        key[n] = '\0';
        if (json_is_array(v))
            v = json_array_get(v, (size_t)strtoul(key, NULL, 10));
        else
            v = json_object_get(v, key);
        p += n + (p[n] == '/');
    }
    return v;
}
#define at(o, path) at_(__FILE__, __LINE__, o, path)
#define str_at(o, path) json_string_value(at(o, path))

/* The MEMBER values of the objects of array LIST, comma-joined into BUF. */
static const char *join_(const char *file, int line, const json_t *list, const char *member,
                         char *buf, size_t size)
{
    size_t i, len = 0;
    buf[0] = '\0';
    for (i = 0; i < json_array_size(list); i++) {
        const char *s = json_string_value(json_object_get(json_array_get(list, i), member));
        int n = snprintf(buf + len, size - len, "%s%s", i ? "," : "", s ? s : "(null)");
        assert_true_at(n >= 0 && (size_t)n < size - len, file, line);
        len += (size_t)n;
    }
    return buf;
}
#define join(list, member, buf, size) join_(__FILE__, __LINE__, list, member, buf, size)

#endif
