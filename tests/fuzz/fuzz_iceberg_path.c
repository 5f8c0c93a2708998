/* fuzz_iceberg_path.c -- libFuzzer target: the Iceberg front's decoders (namespace segments with
** the %1F separator, path segments, query values, the OAuth form body) and its router, with
** arbitrary requests through iceberg_handle() on an in-memory catalog.
**
** Input: "METHOD PATH?QUERY\n" then the body; query parameters are split on '&' and '='.
** Aborts on: a namespace that decodes to a name whose levels (iceberg_namespace_levels) do not
** join back into it, or hold '.' or are empty; a decoding failure without CAT_EINVAL; an answer
** with a 5xx status other than 501 (not implemented); a body on a HEAD, 204 or 304 answer; an
** error answer whose body is not {"error": {"message", "type", "code" = status}} (the token
** endpoint's OAuth errors aside). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/util.h"
#include "front/iceberg.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct app app;

/* The namespace decoder's promises on RAW (N bytes). */
static void check_namespace(const char *raw, size_t n, int encoded)
{
    struct srv_error err;
    char *name = NULL;
    json_t *levels, *lv;
    struct sbuf b = {0};
    size_t i;
    srv_error_init(&err);
    if (iceberg_namespace_name(raw, n, encoded, &name, &err) != CAT_OK) {
        if (err.code != CAT_EINVAL || name != NULL || err.msg[0] == '\0')
            abort();
        return;
    }
    levels = iceberg_namespace_levels(name);
    if (json_array_size(levels) == 0)
        abort();
    json_array_foreach(levels, i, lv) {
        const char *s = json_string_value(lv);
        if (s == NULL || *s == '\0' || strchr(s, '.') || strchr(s, '\x1f'))
            abort();
        if (i)
            sbuf_adds(&b, ".");
        sbuf_adds(&b, s);
    }
    if (b.p == NULL || strcmp(b.p, name) != 0)
        abort();
    free(b.p);
    json_decref(levels);
    free(name);
}

/* An error answer's body is the Iceberg ErrorModel with CODE = STATUS. */
static void check_error(const struct http_response *resp, const char *path)
{
    json_t *doc, *e;
    if (resp->body == NULL)
        abort();
    doc = json_loadb(resp->body, resp->len, 0, NULL);
    e = json_object_get(doc, "error");
    if (strstr(path, "/oauth/tokens") && json_is_string(e)) { /* the OAuth error */
        json_decref(doc);
        return;
    }
    if (!json_is_object(e) || json_object_size(doc) != 1 ||
        !json_is_string(json_object_get(e, "message")) ||
        !json_is_string(json_object_get(e, "type")) ||
        json_integer_value(json_object_get(e, "code")) != resp->status) {
        fprintf(stderr, "fuzz: bad error body: %.*s\n", (int)resp->len, resp->body);
        abort();
    }
    json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned calls;
    struct rest_param params[16];
    struct rest_request rq;
    struct http_response resp;
    char *copy, *nl, *sp, *q, *body, path[4096];
    size_t np = 0;
    if (app.pool == NULL || ++calls % 5000 == 0) { /* keep the in-memory catalog small */
        struct srv_error err;
        store_pool_close(app.pool);
        app.pool = NULL;
        srv_error_init(&err);
        if (store_pool_open(&app.pool, ":memory:", &err) != CAT_OK)
            abort();
        app.catalog_id = "000000000000";
        app.max_body = 1 << 20;
    }
    check_namespace((const char *)data, size, 1);
    check_namespace((const char *)data, size, 0);
    copy = malloc(size + 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    nl = strchr(copy, '\n');
    body = nl ? nl + 1 : copy + size;
    if (nl)
        *nl = '\0';
    sp = strchr(copy, ' ');
    if (sp == NULL || sp[1] != '/') {
        free(copy);
        return 0;
    }
    *sp = '\0';
    q = strchr(sp + 1, '?');
    if (q) {
        char *p = q + 1;
        *q = '\0';
        while (p && *p && np < 16) {
            char *amp = strchr(p, '&'), *eq;
            if (amp)
                *amp = '\0';
            eq = strchr(p, '=');
            if (eq)
                *eq = '\0';
            params[np].key = p;
            params[np].value = eq ? eq + 1 : NULL;
            np++;
            p = amp ? amp + 1 : NULL;
        }
    }
    /* the front sees paths under /iceberg: the input's path goes below it */
    snprintf(path, sizeof(path), "/iceberg%s", sp + 1);
    memset(&rq, 0, sizeof(rq));
    memset(&resp, 0, sizeof(resp));
    rq.method = copy;
    rq.path = path;
    rq.params = params;
    rq.nparams = np;
    rq.content_type = "application/json";
    rq.if_none_match = (size & 2) ? "\"0123456789abcdef\"" : NULL;
    rq.body = body;
    rq.body_len = strlen(body);
    rq.request_id = "fuzz";
    if (!iceberg_owns(rq.path))
        abort();
    iceberg_handle(&app, &rq, &resp);
    if (resp.status >= 500 && resp.status != 501) { /* internal faults only */
        fprintf(stderr, "fuzz: status %d: %.*s\n", resp.status, (int)resp.len,
                resp.body ? resp.body : "");
        abort();
    }
    if ((strcmp(rq.method, "HEAD") == 0 || resp.status == 204 || resp.status == 304) &&
        resp.body != NULL)
        abort();
    if (resp.status >= 400 && strcmp(rq.method, "HEAD") != 0)
        check_error(&resp, path);
    free(resp.body);
    free(resp.location);
    free(resp.etag);
    free(copy);
    return 0;
}
