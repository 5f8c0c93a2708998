/* fuzz_rest.c -- libFuzzer target: arbitrary requests through the REST front (path and query
** parsing, percent-decoding, partition specs, JSON bodies, conditional headers) on an
** in-memory catalog.
**
** Input: "METHOD PATH?QUERY\n" then the body.  Query parameters are split on '&' and '='. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front/rest.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct app app;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned calls;
    struct rest_param params[16];
    struct rest_request rq;
    struct http_response resp;
    char *copy, *nl, *sp, *q, *body;
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
    memset(&rq, 0, sizeof(rq));
    memset(&resp, 0, sizeof(resp));
    rq.method = copy;
    rq.path = sp + 1;
    rq.params = params;
    rq.nparams = np;
    rq.content_type = "application/json";
    rq.if_match = (size & 1) ? "\"0\"" : NULL;
    rq.if_none_match = (size & 2) ? "\"1\"" : NULL;
    rq.body = body;
    rq.body_len = strlen(body);
    rq.request_id = "fuzz";
    if (rest_owns(rq.path))
        rest_handle(&app, &rq, &resp);
    if (resp.status >= 500 && strcmp(rq.path, "/health") != 0) { /* internal faults only */
        fprintf(stderr, "fuzz: status %d: %.*s\n", resp.status, (int)resp.len,
                resp.body ? resp.body : "");
        abort();
    }
    free(resp.body);
    free(resp.location);
    free(resp.etag);
    free(copy);
    return 0;
}
