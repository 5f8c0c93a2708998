/* rest.c -- REST front: /v1 routes -> Glue-shaped requests -> the same ops; /health, /metrics.
** This file is the router (the routes from registry.def and the adapters' tables, matching,
** the checks every request passes); rest_envelope.c the envelope, rest_routes.c the adapters. */
#include "front/rest.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "auth/auth.h"
#include "base/util.h"
#include "front/rest_int.h"
#include "lang/jload.h"
#include "ops/validate.h"
#include "registry/registry.h"

/* ---------------------------------------------------------------- routes */

enum { M_GET, M_POST, M_PUT, M_DELETE, M_COUNT };
static const char *const METHODS[M_COUNT] = {"GET", "POST", "PUT", "DELETE"};

/* A path with its methods.  Patterns have literal segments, {name} for one segment and a
** final {spec} for one or more (a partition spec); literal routes are tried first. */
#define MAX_ROUTES 64
static struct route {
    char pattern[160];
    int rest_of_path; /* ends in {spec} */
    struct {
        const char *op; /* the metrics label (the Glue operation behind it) */
        rest_fn *fn;
        int open;                 /* served without authentication */
        const char *query, *body; /* what it takes (struct rest_adapter) */
    } m[M_COUNT];
} routes[MAX_ROUTES];
static size_t nroutes;
static char route_problem[256]; /* what build_routes() could not place, or "" */
static pthread_once_t routes_built = PTHREAD_ONCE_INIT;

static const struct rest_adapter *adapter_for(const char *op)
{
    size_t i;
    for (i = 0; i < rest_nadapters; i++)
        if (strcmp(rest_adapters[i].op, op) == 0)
            return &rest_adapters[i];
    return NULL;
}

/* Add "METHOD /path" to the routes, served by FN under metrics label LABEL (OPEN: without
** authentication), taking query parameters QUERY and body members BODY. */
static void add_route(const char *spec, const char *label, rest_fn *fn, int open, const char *query,
                      const char *body)
{
    const char *sp = strchr(spec, ' ');
    size_t i, plen;
    int m;
    for (m = 0; m < M_COUNT && sp; m++)
        if ((size_t)(sp - spec) == strlen(METHODS[m]) && strncmp(spec, METHODS[m], sp - spec) == 0)
            break;
    if (sp == NULL || m == M_COUNT || fn == NULL ||
        (plen = strlen(sp + 1)) >= sizeof(routes[0].pattern)) {
        snprintf(route_problem, sizeof(route_problem), "cannot serve route %s (%s)", spec, label);
        return;
    }
    for (i = 0; i < nroutes && strcmp(routes[i].pattern, sp + 1) != 0; i++)
        ;
    if (i == nroutes) {
        if (nroutes == MAX_ROUTES) {
            snprintf(route_problem, sizeof(route_problem), "more than %d routes", MAX_ROUTES);
            return;
        }
        memcpy(routes[i].pattern, sp + 1, plen + 1);
        routes[i].rest_of_path = plen >= 7 && strcmp(sp + 1 + plen - 7, "/{spec}") == 0;
        nroutes++;
    }
    routes[i].m[m].op = label;
    routes[i].m[m].fn = fn;
    routes[i].m[m].open = open;
    routes[i].m[m].query = query;
    routes[i].m[m].body = body;
}

static void build_routes(void)
{
    const struct op_def *op;
    size_t i;
    for (i = 0; i < rest_nservices; i++)
        add_route(rest_services[i].route, rest_services[i].label, rest_services[i].fn,
                  rest_services[i].open, rest_services[i].query, NULL);
    for (i = 0; (op = ops_at(i)) != NULL; i++)
        if (op->route[0]) {
            const struct rest_adapter *a = adapter_for(op->name);
            add_route(op->route, op->name, a ? a->fn : NULL, 0, a ? a->query : NULL,
                      a ? a->body : NULL);
        }
    for (i = 0; i < rest_nadapters; i++) {
        const struct op_def *d = ops_find(rest_adapters[i].op);
        if (d == NULL || d->route[0] == '\0')
            snprintf(route_problem, sizeof(route_problem),
                     "REST adapter %s has no route in registry.def", rest_adapters[i].op);
    }
}

const char *rest_route_problem(void)
{
    pthread_once(&routes_built, build_routes);
    return route_problem[0] ? route_problem : NULL;
}

/* 1 when C's raw segments match PATTERN; fills the captures (decoded) and C->rest.
** A capture that does not decode sets C->err (InvalidInput) and matches. */
static int match(struct rctx *c, const char *pattern)
{
    const char *p = pattern + 1; /* past the leading '/' */
    size_t i = 0, k;
    for (k = 0; k < c->ncap; k++) {
        free(c->caps[k]);
        c->caps[k] = NULL;
    }
    c->ncap = 0;
    if (*p == '\0') /* "/": the index */
        return c->nraw == 1 && c->raw[0][0] == '\0';
    while (*p) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 6 && strncmp(p, "{spec}", 6) == 0) {
            c->rest = i;
            return i < c->nraw && c->raw[i][0] != '\0';
        }
        if (i >= c->nraw || c->raw[i][0] == '\0')
            return 0;
        if (n > 2 && p[0] == '{' && p[n - 1] == '}') {
            char *d = rest_pct_decode(c->raw[i], strlen(c->raw[i]), 0);
            if (d == NULL && c->err.code == CAT_OK)
                srv_error_set(&c->err, CAT_EINVAL,
                              "A path segment is not valid URL-encoded UTF-8.");
            c->caps[c->ncap] = d;
            c->cap[c->ncap++] = d ? d : "";
        } else if (strlen(c->raw[i]) != n || strncmp(c->raw[i], p, n) != 0) {
            return 0;
        }
        i++;
        p += n;
        if (*p == '/')
            p++;
    }
    return i == c->nraw;
}

/* 1 when CT is application/json (parameters such as charset allowed). */
static int is_json_type(const char *ct)
{
    size_t n;
    if (ct == NULL)
        return 0;
    while (*ct == ' ')
        ct++;
    n = strcspn(ct, "; \t");
    return n == 16 && strncasecmp(ct, "application/json", 16) == 0;
}

/* The length of the first word of the space-separated LIST that equals NAME (N bytes) or, with
** PREFIX, that starts with NAME followed by PREFIX; 0 when none.  *REST: the rest of the word. */
static size_t listed(const char *list, const char *name, size_t n, char prefix, const char **rest)
{
    while (list && *list) {
        size_t w = strcspn(list, " ");
        if (w >= n && strncmp(list, name, n) == 0 && (w == n || (prefix && list[n] == prefix))) {
            if (rest)
                *rest = list + n;
            return w;
        }
        list += w;
        list += *list == ' ';
    }
    return 0;
}

/* Query parameters and body members the route does not take (QUERY and BODY as struct
** rest_adapter says; OP its Glue operation): 400 naming the first. */
static int check_members(struct rctx *c, const char *op, const char *query, const char *body)
{
    const char *key, *rest, *whole = body && body[0] == '=' ? body + 1 : NULL;
    char path[300], glue[64];
    json_t *v;
    size_t i;
    for (i = 0; i < c->nparams; i++)
        if (!listed(query, c->pkey[i], strlen(c->pkey[i]), 0, NULL))
            return srv_error_set(&c->err, CAT_EINVAL, "Unknown query parameter %.100s%s%s%s.",
                                 c->pkey[i],
                                 query ? " (this route takes " : " (this route takes none)",
                                 query ? query : "", query ? ")" : "");
    if (c->body == NULL)
        return CAT_OK;
    if (whole) {
        if (validate_unknown(op, whole, c->body, path, sizeof(path)))
            return srv_error_set(&c->err, CAT_EINVAL,
                                 "Unknown member %s in the request body (a %s).", path, whole);
        return CAT_OK;
    }
    json_object_foreach(c->body, key, v) {
        size_t w = listed(body, key, strlen(key), '=', &rest);
        if (w == 0) {
            char names[200]; /* BODY's member names, without what they become */
            size_t k = 0;
            for (; body && *body && k + 1 < sizeof(names); body++)
                if (*body == '=')
                    body += strcspn(body, " ") - 1;
                else
                    names[k++] = *body == ' ' ? ',' : *body;
            names[k] = '\0';
            return srv_error_set(&c->err, CAT_EINVAL,
                                 "Unknown member %.100s in the request body (it takes %s).", key,
                                 k ? names : "none");
        }
        if (rest[0] == '=' && (size_t)(w - strlen(key) - 1) < sizeof(glue)) {
            snprintf(glue, sizeof(glue), "%.*s", (int)(w - strlen(key) - 1), rest + 1);
            if (validate_unknown(op, glue, v, path, sizeof(path)))
                return srv_error_set(&c->err, CAT_EINVAL,
                                     "Unknown member %s%s%s in the request body.", key,
                                     path[0] == '[' ? "" : ".", path);
        }
    }
    return CAT_OK;
}

/* Split the path, decode the parameters, route, check the body and run the handler. */
static int dispatch(struct rctx *c, struct http_response *resp)
{
    const struct route *r = NULL;
    rest_fn *fn = NULL;
    const char *query = NULL, *body = NULL;
    size_t i;
    int m, pass, open = 0;
    char *p;

    c->path = xstrdup(c->rq->path);
    for (p = c->path + (c->path[0] == '/'); c->nraw < MAX_SEGS;) {
        char *slash = strchr(p, '/');
        c->raw[c->nraw++] = p;
        if (slash == NULL)
            break;
        *slash = '\0';
        p = slash + 1;
    }
    for (i = 0; i < c->rq->nparams && c->nparams < MAX_PARAMS; i++) {
        const struct rest_param *q = &c->rq->params[i];
        char *k = rest_pct_decode(q->key, strlen(q->key), 1);
        char *v = q->value ? rest_pct_decode(q->value, strlen(q->value), 1) : xstrdup("");
        if (k == NULL || v == NULL) {
            free(k);
            free(v);
            return srv_error_set(&c->err, CAT_EINVAL,
                                 "A query parameter is not valid URL-encoded UTF-8.");
        }
        c->pkey[c->nparams] = k;
        c->pval[c->nparams++] = v;
    }
    pthread_once(&routes_built, build_routes);
    for (pass = 0; pass < 2 && r == NULL; pass++) /* literal routes before {spec} ones */
        for (i = 0; i < nroutes && r == NULL; i++)
            if (routes[i].rest_of_path == pass && match(c, routes[i].pattern))
                r = &routes[i];
    if (r == NULL) {
        resp->operation = "NotFound";
        srv_error_set(&c->err, CAT_ENOTFOUND, "No such resource.");
        return rest_fail(c, 404, "NotFound");
    }
    for (m = 0; m < M_COUNT; m++)
        if (strcmp(c->rq->method, METHODS[m]) == 0)
            fn = r->m[m].fn, open = r->m[m].open, query = r->m[m].query, body = r->m[m].body;
    if (fn == NULL) {
        size_t len = 0;
        for (m = 0; m < M_COUNT; m++)
            if (r->m[m].fn) {
                int w = snprintf(resp->allow + len, sizeof(resp->allow) - len, "%s%s",
                                 len ? ", " : "", METHODS[m]);
                len += w > 0 ? (size_t)w : 0;
            }
        resp->operation = "MethodNotAllowed";
        srv_error_set(&c->err, CAT_EINVAL, "Method %.16s is not allowed here; use %s.",
                      c->rq->method, resp->allow);
        return rest_fail(c, 405, "MethodNotAllowed");
    }
    for (m = 0; m < M_COUNT; m++)
        if (strcmp(c->rq->method, METHODS[m]) == 0)
            resp->operation = r->m[m].op;
    if (c->rq->refused)
        return srv_error_set(&c->err, c->rq->refused_code ? c->rq->refused_code : CAT_EINVAL, "%s",
                             c->rq->refused);
    if (c->rq->throttled) {
        srv_error_set(&c->err, CAT_EUNAVAILABLE, "%s",
                      c->rq->throttled == 2
                          ? "Too many connections from this client; retry shortly."
                          : "The server's memory for requests in flight is spent; retry shortly.");
        return rest_fail(c, 503, "ServiceUnavailableException");
    }
    if (c->set && !open && auth_bearer(c->set, c->rq->authorization, &c->who, &c->err) != CAT_OK) {
        resp->challenge = 1;
        return c->err.code;
    }
    if (c->rq->too_big)
        return srv_error_set(&c->err, CAT_EREQUESTTOOBIG,
                             "Request body exceeds the limit of %zu bytes.", c->app->max_body);
    if (c->err.code != CAT_OK) /* a path segment or parameter did not decode */
        return c->err.code;
    if (strcmp(c->rq->method, "POST") == 0 || strcmp(c->rq->method, "PUT") == 0) {
        json_error_t jerr;
        if (!is_json_type(c->rq->content_type)) {
            srv_error_set(&c->err, CAT_EINVAL, "Send the request body as application/json.");
            return rest_fail(c, 415, "UnsupportedMediaType");
        }
        if (c->rq->body_len == 0)
            return srv_error_set(&c->err, CAT_EINVAL, "The request body must be a JSON object.");
        c->body = jload_body(c->rq->body, c->rq->body_len, &jerr);
        if (c->body == NULL)
            return srv_error_set(&c->err, CAT_EINVAL, "Malformed request body: %s (at byte %d).",
                                 jerr.text, jerr.position);
        if (!json_is_object(c->body))
            return srv_error_set(&c->err, CAT_EINVAL, "The request body must be a JSON object.");
    }
    if (check_members(c, resp->operation, query, body) != CAT_OK)
        return c->err.code;
    return fn(c);
}

int rest_owns(const char *path)
{
    return strcmp(path, "/health") == 0 || strcmp(path, "/metrics") == 0 ||
           strcmp(path, "/openapi.yaml") == 0 ||
           (strncmp(path, "/v1", 3) == 0 && (path[3] == '\0' || path[3] == '/'));
}

int rest_owns_index(const char *method, const char *path)
{
    return strcmp(path, "/") == 0 && strcmp(method, "GET") == 0;
}

void rest_handle(const struct app *app, const struct rest_request *rq, struct http_response *resp)
{
    struct rctx c;
    size_t i;
    memset(&c, 0, sizeof(c));
    memset(resp, 0, sizeof(*resp));
    c.app = app;
    c.rq = rq;
    c.set = app->auth ? auth_acquire(app->auth) : NULL; /* released below */
    srv_error_init(&c.err);
    if (dispatch(&c, resp) != CAT_OK || c.err.code != CAT_OK) {
        rest_render_error(&c, resp);
    } else {
        resp->status = c.status;
        if (c.text.p) {
            if (c.text.len > 0 && c.text.p[c.text.len - 1] != '\n')
                sbuf_adds(&c.text, "\n");
            resp->content_type = c.content_type;
            resp->body = c.text.p;
            resp->len = c.text.len;
            c.text.p = NULL;
        } else if (c.out && c.status != 204 && c.status != 304) {
            resp->content_type = REST_JSON_TYPE;
            resp->body = rest_dump_line(c.out);
            if (resp->body == NULL) {
                srv_error_set(&c.err, CAT_ENOMEM, "Out of memory.");
                rest_render_error(&c, resp);
            } else {
                resp->len = strlen(resp->body);
            }
        }
        if (resp->status != 500) {
            resp->location = c.location;
            resp->etag = c.etag;
            c.location = c.etag = NULL;
        }
    }
    for (i = 0; i < c.ncap; i++)
        free(c.caps[i]);
    for (i = 0; i < c.nparams; i++) {
        free(c.pkey[i]);
        free(c.pval[i]);
    }
    free(c.text.p);
    free(c.location);
    free(c.etag);
    free(c.path);
    json_decref(c.body);
    json_decref(c.out);
    auth_release(c.set);
}
