/* resource_check.h -- what the resource unit tests share: a :memory: store per test, requests as
** printf-style JSON text, assertions on Glue error codes and messages.  Include after cmocka.h. */
#ifndef TEST_RESOURCE_CHECK_H
#define TEST_RESOURCE_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"

#define DEFAULT_CATALOG "000000000000"

/* ================================================================ */
/* Helpers: one :memory: store per test; requests as printf-style JSON text.         */

struct fixture {
    struct op_ctx ctx;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct srv_error err;
    srv_error_init(&err);
    if (f == NULL || store_open(&f->ctx.st, ":memory:", &err) != CAT_OK) {
        fprintf(stderr, "store_open: %s\n", err.msg);
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
    free(f);
    return 0;
}

static json_t *vjson(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static json_t *vjson(const char *fmt, va_list ap)
{
    char buf[16384];
    json_error_t jerr;
    json_t *v;
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    assert_true(n > 0 && (size_t)n < sizeof(buf));
    if ((v = json_loads(buf, 0, &jerr)) == NULL)
        fail_msg("bad test JSON at %d: %s\n%s", jerr.position, jerr.text, buf);
    return v;
}

/* Call FN with the request text; expect success and return the response (new reference). */
static json_t *ok_(const char *what, struct op_ctx *ctx, op_fn *fn, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static json_t *ok_(const char *what, struct op_ctx *ctx, op_fn *fn, const char *fmt, ...)
{
    struct srv_error err;
    json_t *in, *out = NULL;
    va_list ap;
    int rc;
    va_start(ap, fmt);
    in = vjson(fmt, ap);
    va_end(ap);
    srv_error_init(&err);
    ctx->raw_out = NULL;
    rc = fn(ctx, in, &out, &err);
    json_decref(in);
    if (rc != CAT_OK)
        fail_msg("%s -> %d: %s", what, rc, err.msg);
    if (out == NULL && ctx->raw_out) { /* an answer as ready text */
        out = json_loads(ctx->raw_out, 0, NULL);
        free(ctx->raw_out);
        ctx->raw_out = NULL;
    }
    assert_true(json_is_object(out));
    return out;
}

/* Call FN with the request text; expect CODE with exactly MSG, and no response. */
static void fails_(const char *what, struct op_ctx *ctx, op_fn *fn, int code, const char *msg,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void fails_(const char *what, struct op_ctx *ctx, op_fn *fn, int code, const char *msg,
                   const char *fmt, ...)
{
    struct srv_error err;
    json_t *in, *out = (json_t *)&err; /* must be reset to NULL */
    va_list ap;
    int rc;
    va_start(ap, fmt);
    in = vjson(fmt, ap);
    va_end(ap);
    srv_error_init(&err);
    ctx->raw_out = NULL;
    rc = fn(ctx, in, &out, &err);
    json_decref(in);
    assert_null(ctx->raw_out);
    if (rc != code)
        fail_msg("%s -> %d (%s), want %d", what, rc, err.msg, code);
    assert_null(out);
    assert_int_equal(err.code, code);
    assert_string_equal(err.msg, msg);
}

#define OK(fn, ...) ok_(#fn, ctx, fn, __VA_ARGS__)
#define DO(fn, ...) json_decref(ok_(#fn, ctx, fn, __VA_ARGS__))
#define FAILS(fn, code, msg, ...) fails_(#fn, ctx, fn, code, msg, __VA_ARGS__)

/* The member at PATH ("a/b/0/c": object keys and array indexes) of O, or NULL. */
static json_t *at(const json_t *o, const char *path)
{
    char key[256];
    const char *p = path;
    json_t *v = (json_t *)o; /* walking only reads */
    while (v && *p) {
        size_t n = strcspn(p, "/");
        assert_true(n < sizeof(key));
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

static const char *str_at(const json_t *o, const char *path)
{
    return json_string_value(at(o, path));
}

/* The MEMBER values of the objects of array LIST, comma-joined into BUF. */
static const char *join(const json_t *list, const char *member, char *buf, size_t size)
{
    size_t i, len = 0;
    buf[0] = '\0';
    for (i = 0; i < json_array_size(list); i++) {
        const char *s = json_string_value(json_object_get(json_array_get(list, i), member));
        int n = snprintf(buf + len, size - len, "%s%s", i ? "," : "", s ? s : "(null)");
        assert_true(n >= 0 && (size_t)n < size - len);
        len += (size_t)n;
    }
    return buf;
}

#endif
