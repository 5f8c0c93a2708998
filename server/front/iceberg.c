/* iceberg.c -- Iceberg REST Catalog front: the router (/iceberg/v1 with the optional {prefix}),
** decoding, the checks every request passes, errors as {"error": {...}}, calls into the
** registry, /v1/config and the OAuth token endpoint; iceberg_routes.c has the routes. */
#include "front/iceberg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lang/jload.h"

#define NOT_IMPLEMENTED_TYPE "UnsupportedOperationException"
#define TOKEN_TYPE "urn:ietf:params:oauth:token-type:access_token"
#define GRANT_EXCHANGE "urn:ietf:params:oauth:grant-type:token-exchange"
/* The token answered when there is no auth file: nothing checks it. */
#define OPEN_TOKEN "catalogd-no-auth"

/* ---------------------------------------------------------------- namespaces */

int iceberg_namespace_name(const char *raw, size_t n, int encoded, char **name,
                           struct srv_error *err)
{
    char *d = encoded ? rest_pct_decode(raw, n, 1) : NULL, *p; /* owned */
    *name = NULL;
    if (encoded && d == NULL)
        return srv_error_set(err, CAT_EINVAL, "The namespace is not valid URL-encoded UTF-8.");
    if (!encoded) {
        d = xmalloc(n + 1);
        memcpy(d, raw, n);
        d[n] = '\0';
        json_t *check = strlen(d) == n ? json_stringn(d, n) : NULL; /* jansson's UTF-8 check */
        if (check == NULL) {
            free(d);
            return srv_error_set(err, CAT_EINVAL,
                                 "The namespace is not valid UTF-8 or holds a NUL.");
        }
        json_decref(check);
    }
    if (d[0] == '\0') {
        free(d);
        return srv_error_set(err, CAT_EINVAL, "The namespace is empty.");
    }
    for (p = d;; p++) {
        size_t len = strcspn(p, "\x1f");
        if (len == 0) {
            free(d);
            return srv_error_set(err, CAT_EINVAL, "A level of the namespace is empty.");
        }
        if (memchr(p, '.', len)) {
            srv_error_set(err, CAT_EINVAL,
                          "Namespace level '%.*s' holds a '.': catalogd joins the levels of a "
                          "namespace with '.' into a database name.",
                          (int)(len > 128 ? 128 : len), p);
            free(d);
            return err->code;
        }
        p += len;
        if (*p == '\0')
            break;
        *p = '.';
    }
    *name = d;
    return CAT_OK;
}

json_t *iceberg_namespace_levels(const char *name)
{
    json_t *a = json_array(); /* returned */
    const char *p = name ? name : "";
    if (*p == '\0')
        return a;
    for (;; p++) {
        size_t len = strcspn(p, ".");
        json_array_append_new(a, json_stringn(p, len));
        p += len;
        if (*p == '\0')
            break;
    }
    return a;
}

int ice_levels_name(struct ictx *c, const json_t *v, const char *what, char **name)
{
    struct sbuf b = {0};
    const json_t *lv;
    size_t i;
    *name = NULL;
    if (!json_is_array(v) || json_array_size(v) == 0)
        return srv_error_set(&c->err, CAT_EINVAL, "%s must be a non-empty array of strings.", what);
    json_array_foreach(v, i, lv) {
        const char *s = json_string_value(lv);
        if (s == NULL || *s == '\0' || strchr(s, '.') || strchr(s, '\x1f')) {
            free(b.p);
            return srv_error_set(&c->err, CAT_EINVAL,
                                 "%s[%zu] must be a non-empty string without '.' (catalogd joins "
                                 "the levels of a namespace with '.').",
                                 what, i);
        }
        if (i)
            sbuf_adds(&b, ".");
        sbuf_add(&b, s, json_string_length(lv));
    }
    if (strlen(b.p) != b.len) {
        free(b.p);
        return srv_error_set(&c->err, CAT_EINVAL, "%s holds a NUL character.", what);
    }
    *name = b.p;
    return CAT_OK;
}

int ice_identifier(struct ictx *c, const json_t *v, const char *what, char **db, const char **name)
{
    char where[64];
    *db = NULL;
    *name = json_string_value(json_object_get(v, "name"));
    if (!json_is_object(v) || *name == NULL || **name == '\0')
        return srv_error_set(&c->err, CAT_EINVAL,
                             "%s must be an identifier {\"namespace\": [...], \"name\": \"...\"}.",
                             what);
    snprintf(where, sizeof(where), "%s.namespace", what);
    return ice_levels_name(c, json_object_get(v, "namespace"), where, db);
}

/* ---------------------------------------------------------------- errors and answers */

int ice_fail(struct ictx *c, int status, const char *type)
{
    c->estatus = status;
    c->etype = type;
    return c->err.code;
}

/* Render C's error into RESP as {"error": {"message", "type", "code"}}. */
static void render_error(struct ictx *c, struct http_response *resp)
{
    const char *type = c->etype ? c->etype : srv_error_iceberg_type_for(c->err.code, c->entity);
    int status = c->etype ? c->estatus : srv_error_iceberg_status(c->err.code);
    json_t *body; /* owned */
    if (c->err.code == CAT_EINTERNAL || c->err.code == CAT_ENOMEM)
        fprintf(stderr, "catalogd: Iceberg %s failed: %s\n",
                resp->operation ? resp->operation : "-", c->err.msg);
    body = json_pack("{s:{s:s, s:s, s:i}}", "error", "message",
                     c->err.msg[0] ? c->err.msg : srv_error_default_msg(c->err.code), "type", type,
                     "code", status);
    resp->status = status;
    resp->content_type = ICE_JSON_TYPE;
    resp->body = body ? json_dumps(body, JSON_COMPACT) : NULL;
    if (resp->body == NULL) {
        resp->status = 500;
        resp->body = xstrdup("{\"error\":{\"message\":\"Out of memory.\",\"type\":"
                             "\"ServerErrorException\",\"code\":500}}");
    }
    resp->len = strlen(resp->body);
    json_decref(body);
}

int ice_reply(struct ictx *c, int status, json_t *out)
{
    c->status = status;
    json_decref(c->out);
    c->out = out;
    return CAT_OK;
}

int ice_reply_result(struct ictx *c, int status, struct op_result *res)
{
    c->status = status;
    if (res->page.member) {
        const struct sbuf *it = &res->page.items;
        if (!res->page.single)
            return srv_error_set(&c->err, CAT_EINTERNAL,
                                 "A listing answered where one item was "
                                 "expected.");
        if (c->text.p == NULL && it->p) { /* the page's text is the body: handed over */
            c->text = res->page.items;
            memset(&res->page.items, 0, sizeof(res->page.items));
        } else {
            sbuf_add(&c->text, it->p ? it->p : "{}", it->p ? it->len : 2);
        }
        return CAT_OK;
    }
    return ice_reply(c, status, json_incref(res->out));
}

/* ---------------------------------------------------------------- calling operations */

int ice_run(struct ictx *c, const char *name, json_t *in, struct op_result *res)
{
    const struct ops_env env = {c->app->pool,
                                c->app->catalog_id,
                                c->app->max_answer,
                                c->who,
                                c->rq->info ? c->rq->info->source : NULL,
                                c->rq->request_id};
    const struct op_def *op = ops_find(name);
    memset(res, 0, sizeof(*res));
    if (op == NULL) {
        srv_error_set(&c->err, CAT_EUNKNOWNOP,
                      "catalogd does not implement this yet (no operation %s).", name);
        return ice_fail(c, 501, NOT_IMPLEMENTED_TYPE);
    }
    if (c->catalog && json_object_get(in, "CatalogId") == NULL)
        json_object_set_new(in, "CatalogId", json_string(c->catalog));
    return ops_run(&env, op, in, res, &c->err);
}

int ice_call(struct ictx *c, const char *name, json_t *in, json_t **out)
{
    struct op_result res;
    int rc = ice_run(c, name, in, &res);
    *out = NULL;
    /* answered as text: parsed here, where the front reads the object */
    if (rc == CAT_OK && res.page.member && (res.out = op_page_object(&res.page)) == NULL)
        rc = srv_error_set(&c->err, CAT_EINTERNAL, "%s answered text that does not parse.", name);
    if (rc == CAT_OK) {
        *out = res.out;
        res.out = NULL;
    }
    op_result_release(&res);
    return rc;
}

int ice_db_exists(struct ictx *c, const char *db)
{
    const struct ops_env env = {c->app->pool, c->app->catalog_id, c->app->max_answer, c->who,
                                NULL,         c->rq->request_id};
    const struct op_def *op = ops_find("GetDatabase");
    struct op_result res;
    struct srv_error e;
    json_t *in = json_pack("{s:s}", "Name", db); /* owned */
    int rc;
    if (c->catalog)
        json_object_set_new(in, "CatalogId", json_string(c->catalog));
    srv_error_init(&e);
    rc = ops_run(&env, op, in, &res, &e);
    json_decref(in);
    if (rc == CAT_OK)
        op_result_release(&res);
    return rc != CAT_ENOTFOUND;
}

/* ---------------------------------------------------------------- query parameters */

const char *ice_query(const struct ictx *c, const char *name)
{
    size_t i;
    for (i = 0; i < c->nparams; i++)
        if (strcmp(c->pkey[i], name) == 0)
            return c->pval[i];
    return NULL;
}

int ice_query_bool(struct ictx *c, const char *name, int def, int *out)
{
    const char *v = ice_query(c, name);
    *out = def;
    if (v == NULL)
        return CAT_OK;
    if (strcasecmp(v, "true") != 0 && strcasecmp(v, "false") != 0)
        return srv_error_set(&c->err, CAT_EINVAL, "Query parameter %s must be true or false.",
                             name);
    *out = strcasecmp(v, "true") == 0;
    return CAT_OK;
}

/* ---------------------------------------------------------------- config and OAuth */

json_t *iceberg_endpoints(void)
{
    json_t *a = json_array(); /* returned */
    size_t i;
    for (i = 0; i < ice_nroutes; i++) {
        const struct ice_route *r = &ice_routes[i];
        char text[160];
        if (!(r->flags & ICE_PREFIX) || (r->op && ops_find(r->op) == NULL))
            continue; /* config and oauth are not endpoints; a route without its op is not one */
        snprintf(text, sizeof(text), "%s /v1/{prefix}%s", r->method, r->path);
        json_array_append_new(a, json_string(text));
    }
    return a;
}

/* 1 when S can be a CatalogId in a path segment: 1..255 of A-Z a-z 0-9 _ - . */
static int good_catalog(const char *s)
{
    size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.");
    return n > 0 && n <= 255 && s[n] == '\0';
}

/* GET /v1/config[?warehouse=W]: W a catalog id becomes overrides.prefix; W a location (with
** "://"), or empty, leaves the default catalog (the server's --warehouse places tables). */
int ice_config(struct ictx *c)
{
    const char *wh = ice_query(c, "warehouse");
    json_t *overrides = json_object(), *res; /* OVERRIDES handed to RES */
    if (wh && *wh && strstr(wh, "://") == NULL) {
        if (!good_catalog(wh)) {
            json_decref(overrides);
            return srv_error_set(&c->err, CAT_EINVAL,
                                 "warehouse must be a catalog id (1 to 255 of A-Z a-z 0-9 _ - .) "
                                 "or a location URI.");
        }
        json_object_set_new(overrides, "prefix", json_string(wh));
    }
    res = json_pack("{s:{}, s:o, s:o}", "defaults", "overrides", overrides, "endpoints",
                    iceberg_endpoints());
    return ice_reply(c, 200, res);
}

/* Answer the OAuth error ERROR (the spec's OAuthError) with STATUS and DESCRIPTION. */
static int oauth_error(struct ictx *c, int status, const char *error, const char *description)
{
    return ice_reply(c, status,
                     json_pack("{s:s, s:s}", "error", error, "error_description", description));
}

/* The form member NAME of BODY (application/x-www-form-urlencoded), decoded into *OUT
** (malloc'd; NULL when absent).  -1 when BODY does not decode. */
static int form_value(const char *body, size_t len, const char *name, char **out)
{
    const char *p = body, *end = body + len;
    size_t nlen = strlen(name);
    *out = NULL;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p)), *eq;
        const char *stop = amp ? amp : end;
        eq = memchr(p, '=', (size_t)(stop - p));
        if (eq) {
            char *k = rest_pct_decode(p, (size_t)(eq - p), 1); /* owned */
            int match;
            if (k == NULL)
                return -1;
            match = strlen(k) == nlen && strcmp(k, name) == 0;
            free(k);
            if (match && *out == NULL &&
                (*out = rest_pct_decode(eq + 1, (size_t)(stop - eq - 1), 1)) == NULL)
                return -1;
        }
        p = stop + 1;
    }
    return 0;
}

/* The token answer for TOKEN (taken). */
static int oauth_answer(struct ictx *c, char *token)
{
    json_t *res = json_pack("{s:s, s:s, s:i, s:s}", "access_token", token, "token_type", "bearer",
                            "expires_in", AUTH_TOKEN_TTL, "issued_token_type", TOKEN_TYPE);
    free(token);
    return ice_reply(c, 200, res);
}

/* POST /v1/oauth/tokens: grant_type=client_credentials with client_id (a principal's access key
** id) and client_secret (its secret) answers a token (auth/oauth.c); the token-exchange grant
** with a valid subject_token answers a fresh one for the same principal. */
int ice_oauth_tokens(struct ictx *c)
{
    static const char *const names[] = {"grant_type", "client_id", "client_secret",
                                        "subject_token"};
    char *v[4] = {NULL, NULL, NULL, NULL}, *token = NULL; /* owned */
    const char *body = c->rq->body ? c->rq->body : "";
    size_t i;
    int rc = CAT_OK;
    for (i = 0; i < 4; i++)
        if (form_value(body, c->rq->body_len, names[i], &v[i]) != 0)
            break;
    if (i < 4)
        rc = oauth_error(c, 400, "invalid_request",
                         "The body must be application/x-www-form-urlencoded UTF-8.");
    else if (v[0] == NULL)
        rc = oauth_error(c, 400, "invalid_request", "grant_type is required.");
    else if (strcmp(v[0], "client_credentials") == 0) {
        if (v[1] == NULL || v[2] == NULL)
            rc =
                oauth_error(c, 400, "invalid_request", "client_id and client_secret are required.");
        else if (c->set == NULL)
            rc = oauth_answer(c, xstrdup(OPEN_TOKEN));
        else if (auth_token_issue(c->set, v[1], v[2], (long long)time(NULL), &token, &c->err) ==
                 CAT_OK)
            rc = oauth_answer(c, token);
        else
            rc = oauth_error(c, 401, "invalid_client", c->err.msg);
    } else if (strcmp(v[0], GRANT_EXCHANGE) == 0) {
        const struct auth_principal *who = NULL;
        struct sbuf h = {0};
        if (v[3] == NULL) {
            rc = oauth_error(c, 400, "invalid_request", "subject_token is required.");
        } else if (c->set == NULL) {
            rc = oauth_answer(c, xstrdup(v[3]));
        } else {
            sbuf_adds(&h, "Bearer ");
            sbuf_adds(&h, v[3]);
            if (auth_bearer(c->set, h.p, &who, &c->err) != CAT_OK)
                rc = oauth_error(c, 400, "invalid_grant", c->err.msg);
            else if (who->access_key_id == NULL) /* a file token: it does not expire */
                rc = oauth_answer(c, xstrdup(v[3]));
            else if (auth_token_renew(who, (long long)time(NULL), &token, &c->err) == CAT_OK)
                rc = oauth_answer(c, token);
            else
                rc = oauth_error(c, 400, "invalid_grant", c->err.msg);
            free(h.p);
        }
    } else {
        rc = oauth_error(c, 400, "unsupported_grant_type",
                         "grant_type must be client_credentials (or the token exchange grant).");
    }
    srv_error_init(&c->err); /* answered in OAuth's own format */
    for (i = 0; i < 4; i++)
        free(v[i]);
    return rc;
}

/* ---------------------------------------------------------------- routing */

/* 1 when C's segments from FIRST on match route PATH ("/namespaces/{namespace}"). */
static int match(const struct ictx *c, size_t first, const char *path)
{
    const char *p = path + 1;
    size_t i = first;
    while (*p) {
        size_t n = strcspn(p, "/");
        if (i >= c->nseg || c->seg[i][0] == '\0')
            return 0;
        if (!(p[0] == '{' && p[n - 1] == '}') &&
            (strlen(c->seg[i]) != n || strncmp(c->seg[i], p, n) != 0))
            return 0;
        i++;
        p += n;
        if (*p == '/')
            p++;
    }
    return i == c->nseg;
}

/* Decode the captures of C's route (segments from FIRST on) into C. */
static int captures(struct ictx *c, size_t first)
{
    const char *p = c->route->path + 1;
    size_t i = first;
    while (*p) {
        size_t n = strcspn(p, "/");
        if (n == 11 && strncmp(p, "{namespace}", 11) == 0) {
            if (iceberg_namespace_name(c->seg[i], strlen(c->seg[i]), 1, &c->ns, &c->err) != CAT_OK)
                return c->err.code;
        } else if ((n == 7 && strncmp(p, "{table}", 7) == 0) ||
                   (n == 6 && strncmp(p, "{view}", 6) == 0)) {
            if ((c->name = rest_pct_decode(c->seg[i], strlen(c->seg[i]), 1)) == NULL)
                return srv_error_set(&c->err, CAT_EINVAL,
                                     "The %.*s name is not valid URL-encoded UTF-8.", (int)n - 2,
                                     p + 1);
        }
        i++;
        p += n;
        if (*p == '/')
            p++;
    }
    return CAT_OK;
}

/* Find C's route: the segments after "v1" without a prefix first, then with the first one as
** the prefix.  404 / 405 (RESP->allow) when none; *FIRST the index of the route's first
** segment. */
static int route(struct ictx *c, struct http_response *resp, size_t *first)
{
    size_t pass, i, len = 0;
    int found = 0;
    for (pass = 0; pass < 2 && !found; pass++) {
        size_t at = 1 + pass; /* past "v1" (and the prefix) */
        for (i = 0; i < ice_nroutes; i++) {
            const struct ice_route *r = &ice_routes[i];
            if ((pass == 1 && !(r->flags & ICE_PREFIX)) || !match(c, at, r->path))
                continue;
            found = 1;
            *first = at;
            if (strcmp(r->method, c->rq->method) == 0) {
                c->route = r;
                return CAT_OK;
            }
            if (strstr(resp->allow, r->method) == NULL) {
                int w = snprintf(resp->allow + len, sizeof(resp->allow) - len, "%s%s",
                                 len ? ", " : "", r->method);
                len += w > 0 ? (size_t)w : 0;
            }
        }
    }
    if (!found) {
        resp->operation = "NotFound";
        srv_error_set(&c->err, CAT_ENOTFOUND, "No such Iceberg REST route: %.16s %.200s.",
                      c->rq->method, c->rq->path);
        return ice_fail(c, 404, "NoSuchEndpointException");
    }
    resp->operation = "MethodNotAllowed";
    srv_error_set(&c->err, CAT_EINVAL, "Method %.16s is not allowed here; use %s.", c->rq->method,
                  resp->allow);
    return ice_fail(c, 405, "MethodNotAllowedException");
}

/* Split the path, decode the parameters, route, check the request and run the handler. */
static int dispatch(struct ictx *c, struct http_response *resp)
{
    size_t i, first = 1;
    int bad_param = 0, too_deep = 0;
    char *p;
    c->path = xstrdup(c->rq->path + strlen("/iceberg"));
    for (p = c->path[0] == '/' ? c->path + 1 : NULL; p && !too_deep;) {
        char *slash = strchr(p, '/');
        if (c->nseg == ICE_MAX_SEGS) {
            too_deep = 1;
            break;
        }
        c->seg[c->nseg++] = p;
        if (slash)
            *slash = '\0';
        p = slash ? slash + 1 : NULL;
    }
    for (i = 0; i < c->rq->nparams && c->nparams < ICE_MAX_PARAMS; i++) {
        const struct rest_param *q = &c->rq->params[i];
        char *k = rest_pct_decode(q->key, strlen(q->key), 1);
        char *v = q->value ? rest_pct_decode(q->value, strlen(q->value), 1) : xstrdup("");
        if (k == NULL || v == NULL) {
            free(k);
            free(v);
            bad_param = 1;
            continue;
        }
        c->pkey[c->nparams] = k;
        c->pval[c->nparams++] = v;
    }
    if (c->nseg < 2 || strcmp(c->seg[0], "v1") != 0 || too_deep) {
        resp->operation = "NotFound";
        srv_error_set(&c->err, CAT_ENOTFOUND, "No such Iceberg REST route: %.16s %.200s.",
                      c->rq->method, c->rq->path);
        return ice_fail(c, 404, "NoSuchEndpointException");
    }
    if (route(c, resp, &first) != CAT_OK)
        return c->err.code;
    resp->operation = c->route->label;
    c->entity = c->route->entity;
    if (c->rq->refused)
        return srv_error_set(&c->err, c->rq->refused_code ? c->rq->refused_code : CAT_EINVAL, "%s",
                             c->rq->refused);
    if (c->rq->throttled)
        return srv_error_set(&c->err, CAT_ETHROTTLED, "%s",
                             c->rq->throttled == 2
                                 ? "Too many connections from this client; retry shortly."
                                 : "The server's memory for requests in flight is spent; retry "
                                   "shortly.");
    if (c->set && !(c->route->flags & ICE_OPEN) &&
        auth_bearer(c->set, c->rq->authorization, &c->who, &c->err) != CAT_OK) {
        resp->challenge = 1;
        return c->err.code;
    }
    if (c->rq->too_big)
        return srv_error_set(&c->err, CAT_EREQUESTTOOBIG,
                             "Request body exceeds the limit of %zu bytes.", c->app->max_body);
    if (bad_param)
        return srv_error_set(&c->err, CAT_EINVAL,
                             "A query parameter is not valid URL-encoded UTF-8.");
    if (first == 2 && c->seg[1][0] != '\0' &&
        (c->catalog = rest_pct_decode(c->seg[1], strlen(c->seg[1]), 1)) == NULL)
        return srv_error_set(&c->err, CAT_EINVAL, "The prefix is not valid URL-encoded UTF-8.");
    if (captures(c, first) != CAT_OK)
        return c->err.code;
    if (c->route->op && ops_find(c->route->op) == NULL) {
        srv_error_set(&c->err, CAT_EUNKNOWNOP,
                      "catalogd does not implement %s yet (no operation %s).", c->route->label,
                      c->route->op);
        return ice_fail(c, 501, NOT_IMPLEMENTED_TYPE);
    }
    if (strcmp(c->rq->method, "POST") == 0 && !(c->route->flags & (ICE_FORM | ICE_NOBODY))) {
        json_error_t jerr;
        if (c->rq->body_len == 0)
            return srv_error_set(&c->err, CAT_EINVAL, "The request body must be a JSON object.");
        c->body = jload_body(c->rq->body, c->rq->body_len, &jerr);
        if (c->body == NULL)
            return srv_error_set(&c->err, CAT_EINVAL, "Malformed request body: %s (at byte %d).",
                                 jerr.text, jerr.position);
        if (!json_is_object(c->body))
            return srv_error_set(&c->err, CAT_EINVAL, "The request body must be a JSON object.");
    }
    return c->route->fn(c);
}

int iceberg_owns(const char *path)
{
    return strncmp(path, "/iceberg", 8) == 0 && (path[8] == '\0' || path[8] == '/');
}

void iceberg_handle(const struct app *app, const struct rest_request *rq,
                    struct http_response *resp)
{
    struct ictx c;
    size_t i;
    int head = strcmp(rq->method, "HEAD") == 0;
    memset(&c, 0, sizeof(c));
    memset(resp, 0, sizeof(*resp));
    c.app = app;
    c.rq = rq;
    c.set = app->auth ? auth_acquire(app->auth) : NULL; /* released below */
    srv_error_init(&c.err);
    if (dispatch(&c, resp) != CAT_OK) { /* the status says; an error handled below is none */
        render_error(&c, resp);
    } else {
        resp->status = c.status;
        if (c.status == 204 || c.status == 304) {
            /* no body */
        } else if (c.text.p) {
            resp->content_type = ICE_JSON_TYPE;
            resp->body = c.text.p;
            resp->len = c.text.len;
            c.text.p = NULL;
        } else if (c.out) {
            resp->content_type = ICE_JSON_TYPE;
            resp->body = json_dumps(c.out, JSON_COMPACT);
            if (resp->body == NULL) {
                srv_error_set(&c.err, CAT_ENOMEM, "Out of memory.");
                render_error(&c, resp);
            } else {
                resp->len = strlen(resp->body);
            }
        }
        if (resp->status < 300 || resp->status == 304) {
            resp->etag = c.etag;
            c.etag = NULL;
        }
    }
    if (head) { /* a HEAD answer has its status and headers only */
        free(resp->body);
        resp->body = NULL;
        resp->len = 0;
        resp->content_type = NULL;
    }
    for (i = 0; i < c.nparams; i++) {
        free(c.pkey[i]);
        free(c.pval[i]);
    }
    free(c.text.p);
    free(c.etag);
    free(c.path);
    free(c.catalog);
    free(c.ns);
    free(c.name);
    json_decref(c.body);
    json_decref(c.out);
    auth_release(c.set);
}
