/* jload.c -- request bodies read into jansson values faster than json_loadb (jload.h).
**
** A recursive descent over the text with a cursor: each value checked against the JSON grammar
** as jansson checks it and made at once.  Any doubt -- a grammar error, a character jansson
** refuses, a number out of range, a duplicate key, too deep -- stops with NULL, and the caller
** asks jansson.  Strings without escapes are made from the text's bytes directly (checked as
** UTF-8 only when a byte is not ASCII); the others are unescaped into a scratch buffer. */
#include "lang/jload.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct cur {
    const char *p, *end;
    struct sbuf buf; /* unescaping scratch */
};

static void skip_ws(struct cur *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\n' || *c->p == '\r' || *c->p == '\t'))
        c->p++;
}

/* Whether the N bytes at S are UTF-8 as jansson takes it (NUL is checked by the caller). */
static int utf8_ok(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n)
        if (util_utf8_decode((const unsigned char *)s, n, &i) < 0)
            return 0;
    return 1;
}

/* The 4 hex digits at P (the text has them), or -1. */
static long hex4(const char *p)
{
    long v = 0;
    int i, d;
    for (i = 0; i < 4; i++) {
        if ((d = util_hexval((unsigned char)p[i])) < 0)
            return -1;
        v = (v << 4) | d;
    }
    return v;
}

/* The escape at P (a backslash, before END) appended to C's scratch: the bytes it takes, or
** -1 when jansson refuses it (\u0000 too, and a surrogate not in a pair). */
static int unescape(struct cur *c, const char *p)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *e;
    long u, lo;
    if (c->end - p < 2)
        return -1;
    if (p[1] != 'u') {
        if (p[1] == '\0' || (e = strchr(from, p[1])) == NULL)
            return -1;
        sbuf_add(&c->buf, &to[e - from], 1);
        return 2;
    }
    if (c->end - p < 6 || (u = hex4(p + 2)) <= 0 || (u >= 0xdc00 && u <= 0xdfff))
        return -1;
    if (u < 0xd800 || u > 0xdbff) {
        sbuf_add_utf8(&c->buf, (unsigned long)u);
        return 6;
    }
    if (c->end - p < 12 || p[6] != '\\' || p[7] != 'u' || (lo = hex4(p + 8)) < 0xdc00 ||
        lo > 0xdfff)
        return -1;
    sbuf_add_utf8(&c->buf, (unsigned long)(0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00)));
    return 12;
}

/* The string at the cursor (on its opening quote): *S and *LEN its bytes (into the text or
** the scratch buffer), the cursor past its closing quote.  -1: not one jansson takes. */
static int read_string(struct cur *c, const char **s, size_t *len)
{
    const char *p = ++c->p, *run = p;
    int high = 0, n;
    while (p < c->end && *p != '"' && *p != '\\') {
        unsigned char ch = (unsigned char)*p;
        if (ch < 0x20)
            return -1;
        high |= ch >= 0x80;
        p++;
    }
    if (p >= c->end)
        return -1;
    if (*p == '"') { /* no escape: the text's own bytes */
        if (high && !utf8_ok(run, (size_t)(p - run)))
            return -1;
        *s = run;
        *len = (size_t)(p - run);
        c->p = p + 1;
        return 0;
    }
    c->buf.len = 0; /* escapes: unescaped into the scratch buffer, run by run */
    while (p < c->end && *p != '"') {
        unsigned char ch = (unsigned char)*p;
        if (ch < 0x20)
            return -1;
        if (ch != '\\') {
            high |= ch >= 0x80;
            p++;
            continue;
        }
        sbuf_add(&c->buf, run, (size_t)(p - run));
        if ((n = unescape(c, p)) < 0)
            return -1;
        run = p += n;
    }
    if (p >= c->end)
        return -1;
    sbuf_add(&c->buf, run, (size_t)(p - run));
    if (high && !utf8_ok(c->buf.p, c->buf.len))
        return -1;
    *s = c->buf.p;
    *len = c->buf.len;
    c->p = p + 1;
    return 0;
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* The number at the cursor, as jansson reads it: an integer unless it has a fraction or an
** exponent; NULL when out of range (jansson's error) or not a number. */
static json_t *read_number(struct cur *c)
{
    const char *p = c->p, *start = p;
    char tmp[64], *endp;
    int real = 0;
    size_t n;
    if (p < c->end && *p == '-')
        p++;
    if (p >= c->end || !is_digit(*p))
        return NULL;
    if (*p == '0') {
        p++;
        if (p < c->end && is_digit(*p))
            return NULL;
    } else {
        while (p < c->end && is_digit(*p))
            p++;
    }
    if (p < c->end && *p == '.') {
        real = 1;
        p++;
        if (p >= c->end || !is_digit(*p))
            return NULL;
        while (p < c->end && is_digit(*p))
            p++;
    }
    if (p < c->end && (*p == 'e' || *p == 'E')) {
        real = 1;
        p++;
        if (p < c->end && (*p == '+' || *p == '-'))
            p++;
        if (p >= c->end || !is_digit(*p))
            return NULL;
        while (p < c->end && is_digit(*p))
            p++;
    }
    n = (size_t)(p - start);
    if (n >= sizeof(tmp)) /* long numbers: jansson decides (range, rounding) */
        return NULL;
    memcpy(tmp, start, n);
    tmp[n] = '\0';
    errno = 0;
    c->p = p;
    if (!real) {
        long long v = strtoll(tmp, &endp, 10);
        if (errno != 0 || *endp != '\0')
            return NULL;
        return json_integer(v);
    } else {
        double d = strtod(tmp, &endp);
        if (errno != 0 || *endp != '\0' || !isfinite(d))
            return NULL;
        return json_real(d);
    }
}

static int literal(struct cur *c, const char *word, size_t n)
{
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
        return -1;
    c->p += n;
    return 0;
}

static json_t *read_value(struct cur *c, int depth);

static json_t *read_object(struct cur *c, int depth)
{
    json_t *obj = json_object(), *v;
    const char *k;
    size_t klen;
    c->p++;
    skip_ws(c);
    if (c->p < c->end && *c->p == '}') {
        c->p++;
        return obj;
    }
    for (;;) {
        char key[256], *heap = NULL;
        const char *kp;
        if (obj == NULL || c->p >= c->end || *c->p != '"' || read_string(c, &k, &klen) != 0)
            goto fail;
        /* the key may sit in the scratch buffer, which the value's strings reuse */
        if (klen < sizeof(key)) {
            memcpy(key, k, klen);
            kp = key;
        } else {
            if ((heap = malloc(klen)) == NULL)
                goto fail;
            memcpy(heap, k, klen);
            kp = heap;
        }
        if (memchr(kp, '\0', klen) != NULL || json_object_getn(obj, kp, klen) != NULL) {
            free(heap);
            goto fail;
        }
        skip_ws(c);
        if (c->p >= c->end || *c->p != ':') {
            free(heap);
            goto fail;
        }
        c->p++;
        if ((v = read_value(c, depth)) == NULL ||
            json_object_setn_new_nocheck(obj, kp, klen, v) != 0) {
            free(heap);
            goto fail;
        }
        free(heap);
        skip_ws(c);
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            skip_ws(c);
            continue;
        }
        if (c->p < c->end && *c->p == '}') {
            c->p++;
            return obj;
        }
        goto fail;
    }
fail:
    json_decref(obj);
    return NULL;
}

static json_t *read_array(struct cur *c, int depth)
{
    json_t *arr = json_array(), *v;
    c->p++;
    skip_ws(c);
    if (c->p < c->end && *c->p == ']') {
        c->p++;
        return arr;
    }
    for (;;) {
        if (arr == NULL || (v = read_value(c, depth)) == NULL || json_array_append_new(arr, v) != 0)
            goto fail;
        skip_ws(c);
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end && *c->p == ']') {
            c->p++;
            return arr;
        }
        goto fail;
    }
fail:
    json_decref(arr);
    return NULL;
}

static json_t *read_value(struct cur *c, int depth)
{
    const char *s;
    size_t len;
    skip_ws(c);
    if (c->p >= c->end)
        return NULL;
    switch (*c->p) {
    case '{':
        return depth >= JLOAD_MAX_DEPTH ? NULL : read_object(c, depth + 1);
    case '[':
        return depth >= JLOAD_MAX_DEPTH ? NULL : read_array(c, depth + 1);
    case '"':
        if (read_string(c, &s, &len) != 0 || memchr(s, '\0', len) != NULL)
            return NULL;
        return json_stringn_nocheck(s, len);
    case 't':
        return literal(c, "true", 4) == 0 ? json_true() : NULL;
    case 'f':
        return literal(c, "false", 5) == 0 ? json_false() : NULL;
    case 'n':
        return literal(c, "null", 4) == 0 ? json_null() : NULL;
    default:
        return read_number(c);
    }
}

json_t *jload(const char *text, size_t len)
{
    struct cur c = {text, text + len, {NULL, 0, 0}};
    json_t *v = NULL;
    if (text == NULL)
        return NULL;
    skip_ws(&c);
    if (c.p < c.end && (*c.p == '{' || *c.p == '[')) /* what json_loadb takes without flags */
        v = read_value(&c, 0);
    free(c.buf.p);
    if (v == NULL)
        return NULL;
    skip_ws(&c);
    if (c.p != c.end) { /* more after the value: jansson's "end of file expected" */
        json_decref(v);
        return NULL;
    }
    return v;
}

json_t *jload_body(const char *text, size_t len, json_error_t *err)
{
    json_t *v = jload(text, len);
    return v ? v : json_loadb(text, len, JSON_REJECT_DUPLICATES, err);
}
