/* rest.c -- REST front: /v1 routes -> Glue-shaped requests -> the same ops; /health, /metrics. */
#include "front/rest.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "auth/auth.h"
#include "base/util.h"
#include "front/metrics.h"
#include "registry/registry.h"
#include "store/store.h"

static const char JSON_TYPE[] = "application/json";
static const char METRICS_TYPE[] = "text/plain; version=0.0.4";

#define MAX_SEGS 64   /* path segments followed; more is a 404 */
#define MAX_PARAMS 32 /* query parameters read; later ones are ignored */

/* One request in flight through the front. */
struct rctx {
    const struct app *app;
    const struct rest_request *rq;
    char *raw[MAX_SEGS]; /* the path's raw segments (into PATH) */
    size_t nraw;
    char *path;         /* owned: a copy of the raw path, cut into RAW */
    const char *cap[4]; /* the {} captures, decoded (owned: CAPS) */
    char *caps[4];
    size_t ncap;
    size_t rest; /* index in RAW of the first segment a ** pattern took */
    char *pkey[MAX_PARAMS], *pval[MAX_PARAMS]; /* owned: decoded query parameters */
    size_t nparams;
    json_t *body; /* owned: the parsed request body, or NULL */
    struct srv_error err;
    const char *ecode; /* REST-only error code (NotFound, ...) or NULL: from ERR */
    int estatus;       /* its status */
    int status;        /* success: status and body (owned; NULL = no body) */
    json_t *out;
    char *location, *etag; /* owned until handed to the response */
    struct sbuf text;      /* a non-JSON body (/metrics) */
    const char *content_type;
    struct auth_set *set;             /* the principals (retained), or NULL: no auth */
    const struct auth_principal *who; /* who asks, once authenticated */
};

typedef int rest_fn(struct rctx *c);

/* ---------------------------------------------------------------- text helpers */

/* Percent-decode N bytes of S into a new string ('+' is a space when PLUS).  NULL when an
** escape is malformed, the result holds a NUL, or it is not UTF-8. */
static char *pct_decode(const char *s, size_t n, int plus)
{
    char *out = xmalloc(n + 1); /* returned */
    size_t i, j = 0;
    json_t *check; /* jansson's UTF-8 check */
    for (i = 0; i < n; i++) {
        if (s[i] == '%') {
            int hi, lo;
            if (i + 2 >= n) {
                free(out);
                return NULL;
            }
            hi = util_hexval((unsigned char)s[i + 1]);
            lo = util_hexval((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                free(out);
                return NULL;
            }
            out[j++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (plus && s[i] == '+') {
            out[j++] = ' ';
        } else {
            out[j++] = s[i];
        }
    }
    out[j] = '\0';
    if ((check = json_stringn(out, j)) == NULL) {
        free(out);
        return NULL;
    }
    json_decref(check);
    return out;
}

/* Append S to B percent-encoded (everything but RFC 3986's unreserved characters). */
static void pct_encode(struct sbuf *b, const char *s)
{
    static const char HEX[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
            ch == '-' || ch == '_' || ch == '.' || ch == '~') {
            sbuf_add(b, s, 1);
        } else {
            char e[3] = {'%', HEX[ch >> 4], HEX[ch & 15]};
            sbuf_add(b, e, 3);
        }
    }
}

/* ---------------------------------------------------------------- errors */

/* Record a REST-only error (CODE is its wire code) after srv_error_set() wrote the message. */
static int rest_fail(struct rctx *c, int status, const char *code)
{
    c->estatus = status;
    c->ecode = code;
    return c->err.code;
}

/* Render C's error into RESP as {"code","message","request_id"}. */
static void render_error(struct rctx *c, struct http_response *resp)
{
    const char *code = c->ecode ? c->ecode : srv_error_rest_code(c->err.code);
    int status = c->ecode ? c->estatus : srv_error_rest_status(c->err.code);
    json_t *body; /* owned */
    if (c->err.code == CAT_EINTERNAL || c->err.code == CAT_ENOMEM)
        fprintf(stderr, "catalogd: REST %s failed: %s\n", resp->operation ? resp->operation : "-",
                c->err.msg);
    body = json_pack("{s:s, s:s, s:s}", "code", code, "message",
                     c->err.msg[0] ? c->err.msg : srv_error_default_msg(c->err.code), "request_id",
                     c->rq->request_id ? c->rq->request_id : "");
    resp->status = status;
    resp->content_type = JSON_TYPE;
    resp->body = body ? json_dumps(body, JSON_COMPACT) : NULL;
    if (resp->body == NULL) {
        resp->status = 500;
        resp->body =
            xstrdup("{\"code\":\"InternalServiceException\",\"message\":\"Out of memory.\"}");
    }
    resp->len = strlen(resp->body);
    json_decref(body);
}

/* ---------------------------------------------------------------- calling operations */

/* How the Glue request members a REST request is built from are named on the REST API:
** path segments, query parameters, or (prefix "") the body's own members. */
static const struct field_name {
    const char *glue, *rest;
} field_names[] = {
    {"databaseName", "db"},
    {"tableName", "table"},
    {"maxResults", "max_results"},
    {"nextToken", "page_token"},
    {"expression", "expression"},
    {"excludeColumnSchema", "exclude_column_schema"},
    {"skipArchive", "skip_archive"},
    {"segment.segmentNumber", "segment"},
    {"segment.totalSegments", "total_segments"},
    {"segment", "segment"},
    {"partitionValues", "spec"},
    {"partitionValueList", "spec"},
    {"versionId", "If-Match"},
    {"databaseInput", ""},
    {"tableInput", ""},
    {"partitionInput", ""},
    {"partitionInputList", "partitions"},
    {"partitionsToGet", "values"},
    {"partitionsToDelete", "values"},
    {"entries", "entries"},
    {"columnNames", "columns"},
    {"columnName", "columns"},
    {"columnStatisticsList", "column_statistics"},
    {"functionInput", ""},
    {"functionName", "name"},
    {"pattern", "pattern"},
    {"functionType", "function_type"},
    {"searchText", "text"},
    {"filters", "filters"},
    {"sortCriteria", "sort"},
};

/* Rewrite the Coral path GLUE ("databaseInput.storageDescriptor.columns.1.member.name") of a
** validation message as the REST field it came from ("StorageDescriptor.Columns[0].Name") into
** B.  A top-level "name" is the {table} of TABLE_ROUTE routes, else the {db}. */
static void rest_field(struct sbuf *b, const char *glue, size_t n, int table_route)
{
    size_t i, k, used = 0;
    const char *rest = NULL;
    for (i = 0; i < sizeof(field_names) / sizeof(field_names[0]); i++) {
        size_t g = strlen(field_names[i].glue);
        if (g <= n && strncmp(glue, field_names[i].glue, g) == 0 && (g == n || glue[g] == '.')) {
            rest = field_names[i].rest, used = g;
            break;
        }
    }
    if (rest == NULL && n == 4 && strncmp(glue, "name", 4) == 0)
        rest = table_route ? "table" : "db", used = 4;
    if (rest)
        sbuf_adds(b, rest);
    for (i = used; i < n;) {
        size_t seg;
        i += glue[i] == '.';
        seg = strcspn(glue + i, ".");
        if (seg > n - i)
            seg = n - i;
        k = 0;
        if (seg > 0 && glue[i] >= '1' && glue[i] <= '9' && strspn(glue + i, "0123456789") == seg) {
            char num[24];
            snprintf(num, sizeof(num), "[%ld]", strtol(glue + i, NULL, 10) - 1);
            sbuf_adds(b, num);
            i += seg;
            if (strncmp(glue + i, ".member", 7) == 0)
                i += 7;
            /* values[N] is the whole value list: "values[0].values" reads as "values[0]" */
            if (rest && strcmp(rest, "values") == 0 && strncmp(glue + i, ".values", 7) == 0)
                i += 7;
            continue;
        }
        if (b->len > 0)
            sbuf_add(b, ".", 1);
        /* a map's key (after "parameters") is the user's, dots and all: the rest, as it is */
        if (i >= 11 && strncmp(glue + i - 11, "parameters.", 11) == 0) {
            sbuf_add(b, glue + i, n - i);
            break;
        }
        /* members are PascalCase on REST */
        if (seg > 0 && glue[i] >= 'a' && glue[i] <= 'z') {
            char up = (char)(glue[i] - 32);
            sbuf_add(b, &up, 1);
            k = 1;
        }
        sbuf_add(b, glue + i + k, seg - k);
        i += seg;
    }
}

/* Name REST fields, not Glue members, in C's validation message: the model check records the
** member it quotes ("at '<path>'") in the error record, srv_error_set_member(). */
static void rest_field_message(struct rctx *c, const char *route)
{
    const struct srv_error *e = &c->err;
    struct sbuf head = {0}, field = {0}, tail = {0};
    if (e->code != CAT_EINVAL || e->path_at < 0)
        return;
    rest_field(&field, e->path, strlen(e->path), strstr(route, "{table}") != NULL);
    sbuf_add(&head, e->msg, (size_t)e->path_at - 5); /* 5: " at '" */
    sbuf_adds(&tail, e->msg + e->path_at + strlen(e->path) + 1);
    sbuf_adds(&field, "");
    srv_error_set_member(&c->err, CAT_EINVAL, head.p ? head.p : "", field.p, tail.p ? tail.p : "");
    free(head.p);
    free(field.p);
    free(tail.p);
}

/* Run the registry's operation NAME on IN (Glue-shaped; members outside the model are
** removed from it) through ops_run(): *RES is its answer. */
static int run_op(struct rctx *c, const char *name, json_t *in, struct op_result *res)
{
    const struct ops_env env = {c->app->pool,
                                c->app->catalog_id,
                                c->app->max_answer,
                                c->who,
                                c->rq->info ? c->rq->info->source : NULL,
                                c->rq->request_id};
    const struct op_def *op = ops_find(name);
    int rc;
    memset(res, 0, sizeof(*res));
    if (op == NULL)
        return srv_error_set(&c->err, CAT_EINTERNAL, "No operation %s in the registry.", name);
    if ((rc = ops_run(&env, op, in, res, &c->err)) == CAT_EINVAL)
        rest_field_message(c, op->route);
    return rc;
}

/* run_op() for an operation that answers an object: *OUT is the Glue response object. */
static int call(struct rctx *c, const char *name, json_t *in, json_t **out)
{
    struct op_result res;
    int rc = run_op(c, name, in, &res);
    *out = NULL;
    /* answered as text: parsed here, where REST needs the object (ETag, Location) */
    if (rc == CAT_OK && res.page.member && (res.out = op_page_object(&res.page)) == NULL)
        rc = srv_error_set(&c->err, CAT_EINTERNAL, "%s answered text that does not parse.", name);
    if (rc == CAT_OK) {
        *out = res.out;
        res.out = NULL;
    }
    op_result_release(&res);
    return rc;
}

/* Reply STATUS with RES's text page framed for REST: the item itself when KEY is NULL, else
** {"<KEY>": [items], MORE's members..., "next_page_token": ...}.  MORE is borrowed. */
static int reply_page(struct rctx *c, int status, const char *key, struct op_result *res,
                      const json_t *more)
{
    struct sbuf *b = &c->text;
    struct op_page *page = &res->page;
    c->status = status;
    c->content_type = JSON_TYPE;
    if (key == NULL) {
        sbuf_add(b, page->items.p ? page->items.p : "{}", page->items.p ? page->items.len : 2);
        return CAT_OK;
    }
    sbuf_adds(b, "{");
    sbuf_add_json_string(b, key);
    sbuf_adds(b, ":[");
    if (page->items.p)
        sbuf_add(b, page->items.p, page->items.len);
    sbuf_adds(b, "]");
    if (more && json_object_size(more) > 0) {
        char *t = json_dumps(more, JSON_COMPACT);
        if (t == NULL)
            return srv_error_set(&c->err, CAT_ENOMEM, "Out of memory.");
        sbuf_adds(b, ",");
        sbuf_add(b, t + 1, strlen(t) - 2);
        free(t);
    }
    if (page->next_token) {
        sbuf_adds(b, ",\"next_page_token\":");
        sbuf_add_json_string(b, page->next_token);
    }
    sbuf_adds(b, "}");
    return CAT_OK;
}

/* A new reference to member KEY of O, or an empty array when absent. */
static json_t *member_or_list(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return v ? json_incref(v) : json_array();
}

/* Move OUT's NextToken, if any, to DST as next_page_token. */
static void copy_token(json_t *dst, const json_t *out)
{
    json_t *t = json_object_get(out, "NextToken");
    if (json_is_string(t))
        json_object_set(dst, "next_page_token", t);
}

/* The decoded query parameter NAME, or NULL. */
static const char *param(const struct rctx *c, const char *name)
{
    size_t i;
    for (i = 0; i < c->nparams; i++)
        if (strcmp(c->pkey[i], name) == 0)
            return c->pval[i] ? c->pval[i] : "";
    return NULL;
}

/* Query parameter NAME as an integer into IN's MEMBER (absent: nothing). */
static int param_int(struct rctx *c, const char *name, json_t *in, const char *member)
{
    const char *v = param(c, name);
    char *end;
    long n;
    if (v == NULL)
        return CAT_OK;
    n = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || n < -2147483647L || n > 2147483647L)
        return srv_error_set(&c->err, CAT_EINVAL, "Query parameter %s must be an integer.", name);
    json_object_set_new(in, member, json_integer(n));
    return CAT_OK;
}

/* Query parameter NAME as true|false into IN's MEMBER (absent: nothing). */
static int param_bool(struct rctx *c, const char *name, json_t *in, const char *member)
{
    const char *v = param(c, name);
    if (v == NULL)
        return CAT_OK;
    if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
        return srv_error_set(&c->err, CAT_EINVAL, "Query parameter %s must be true or false.",
                             name);
    json_object_set_new(in, member, json_boolean(strcmp(v, "true") == 0));
    return CAT_OK;
}

/* Query parameter NAME as a string into IN's MEMBER (absent: nothing). */
static void param_str(struct rctx *c, const char *name, json_t *in, const char *member)
{
    const char *v = param(c, name);
    if (v)
        json_object_set_new(in, member, json_string(v));
}

/* The request with the database capture (and table capture when TABLE_KEY is set). */
static json_t *req_names(const struct rctx *c, const char *db_key, const char *table_key)
{
    json_t *in = json_object(); /* returned */
    json_object_set_new(in, db_key, json_string(c->cap[0]));
    if (table_key)
        json_object_set_new(in, table_key, json_string(c->cap[1]));
    return in;
}

static void set_etag(struct rctx *c, const json_t *table)
{
    const char *v = json_string_value(json_object_get(table, "VersionId"));
    struct sbuf b = {0};
    sbuf_adds(&b, "\"");
    sbuf_adds(&b, v ? v : "");
    sbuf_adds(&b, "\"");
    free(c->etag);
    c->etag = b.p;
}

/* Set the Location header to the path of segments SEGS (NULL-terminated), each encoded. */
static void set_location(struct rctx *c, const char *const *segs)
{
    struct sbuf b = {0};
    for (; *segs; segs++) {
        sbuf_adds(&b, "/");
        pct_encode(&b, *segs);
    }
    free(c->location);
    c->location = b.p;
}

/* Reply STATUS with the JSON body OUT (stolen; NULL = no body). */
static int reply(struct rctx *c, int status, json_t *out)
{
    c->status = status;
    json_decref(c->out);
    c->out = out;
    return CAT_OK;
}

/* Run listing OP on IN (taken: freed here) with max_results and page_token from the query,
** and reply {"<KEY>": the answer's MEMBER list, "next_page_token": ...}. */
static int list_reply(struct rctx *c, const char *op, json_t *in, const char *member,
                      const char *key)
{
    json_t *out = NULL, *res;
    int rc;
    if ((rc = param_int(c, "max_results", in, "MaxResults")) == CAT_OK) {
        param_str(c, "page_token", in, "NextToken");
        rc = call(c, op, in, &out);
    }
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    res = json_pack("{s:o}", key, member_or_list(out, member));
    copy_token(res, out);
    json_decref(out);
    return reply(c, 200, res);
}

/* ---------------------------------------------------------------- health and metrics */

/* /health is open to all, but only a principal (when there are principals) learns why the
** store is unavailable: the driver's error names the database's host and port. */
static int h_health(struct rctx *c)
{
    struct store *st;
    const struct auth_principal *who = NULL;
    struct srv_error e;
    int v;
    if (c->rq->draining) { /* first, so that balancers move away before the server stops */
        return reply(c, 503,
                     json_pack("{s:s, s:s}", "status", "draining", "problem",
                               "catalogd is stopping: send requests to another instance."));
    }
    st = store_acquire(c->app->pool, &c->err); /* returned below */
    srv_error_init(&e);
    if (st == NULL || (v = store_schema_version(st)) < 0) {
        store_return(c->app->pool, st);
        if (c->set && auth_bearer(c->set, c->rq->authorization, &who, &e) != CAT_OK)
            srv_error_set(&c->err, CAT_EUNAVAILABLE, "The catalog store is unavailable.");
        else if (st != NULL) /* the connection failed (PostgreSQL down or unreachable) */
            srv_error_set(&c->err, CAT_EUNAVAILABLE,
                          "The catalog store is unavailable (%s); catalogd reconnects by itself.",
                          store_write_problem() ? store_write_problem() : "no answer");
        return rest_fail(c, 503, "ServiceUnavailableException");
    }
    store_return(c->app->pool, st);
    if (v == 0) {
        srv_error_set(&c->err, CAT_EUNAVAILABLE, "The catalog store is not migrated.");
        return rest_fail(c, 503, "ServiceUnavailableException");
    }
    if (store_write_problem() && strcmp(store_write_problem(), "corrupt") == 0) {
        srv_error_set(&c->err, CAT_EUNAVAILABLE,
                      "The catalog's database file is corrupt: writes are refused and reads "
                      "may fail; restore it from a backup.");
        return rest_fail(c, 503, "ServiceUnavailableException");
    }
    if (store_write_problem()) /* reads work, writes do not: say so */
        return reply(c, 200,
                     json_pack("{s:s, s:s, s:i}", "status", "degraded", "problem",
                               store_write_problem(), "schema_version", v));
    return reply(c, 200, json_pack("{s:s, s:i}", "status", "ok", "schema_version", v));
}

static int h_metrics(struct rctx *c)
{
    struct srv_error e;
    struct store *st;
    long long size = -1;
    srv_error_init(&e);
    if ((st = store_acquire(c->app->pool, &e)) != NULL) {
        if (store_db_size_bytes(st, &size, &e) != CAT_OK)
            size = -1;
        store_return(c->app->pool, st);
    }
    metrics_render(&c->text, size, store_write_problem());
    c->content_type = METRICS_TYPE;
    c->status = 200;
    return CAT_OK;
}

/* ---------------------------------------------------------------- databases */

static int h_db_list(struct rctx *c)
{
    return list_reply(c, "GetDatabases", json_object(), "DatabaseList", "databases");
}

/* GET the database NAME into C's reply with STATUS. */
static int db_reply(struct rctx *c, const char *name, int status)
{
    json_t *in = json_pack("{s:s}", "Name", name), *out = NULL; /* owned */
    int rc = call(c, "GetDatabase", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    reply(c, status, json_incref(json_object_get(out, "Database")));
    json_decref(out);
    return CAT_OK;
}

static int h_db_create(struct rctx *c)
{
    json_t *in = json_pack("{s:O}", "DatabaseInput", c->body), *out = NULL; /* owned */
    int rc = call(c, "CreateDatabase", in, &out);
    const char *name;
    json_decref(in);
    json_decref(out);
    if (rc != CAT_OK)
        return rc;
    name = json_string_value(json_object_get(c->body, "Name"));
    if ((rc = db_reply(c, name, 201)) != CAT_OK)
        return rc;
    set_location(c, (const char *[]){"v1", "databases",
                                     json_string_value(json_object_get(c->out, "Name")), NULL});
    return CAT_OK;
}

static int h_db_get(struct rctx *c)
{
    return db_reply(c, c->cap[0], 200);
}

static int h_db_update(struct rctx *c)
{
    json_t *in, *out = NULL; /* owned */
    const char *name;
    int rc;
    if (json_object_get(c->body, "Name") == NULL)
        json_object_set_new(c->body, "Name", json_string(c->cap[0]));
    in = json_pack("{s:s, s:O}", "Name", c->cap[0], "DatabaseInput", c->body);
    rc = call(c, "UpdateDatabase", in, &out);
    json_decref(in);
    json_decref(out);
    if (rc != CAT_OK)
        return rc;
    name = json_string_value(json_object_get(c->body, "Name"));
    return db_reply(c, name ? name : c->cap[0], 200);
}

static int h_db_delete(struct rctx *c)
{
    json_t *in = req_names(c, "Name", NULL), *out = NULL; /* owned */
    int rc = call(c, "DeleteDatabase", in, &out);
    json_decref(in);
    json_decref(out);
    return rc != CAT_OK ? rc : reply(c, 204, NULL);
}

/* ---------------------------------------------------------------- tables */

static int h_table_list(struct rctx *c)
{
    json_t *in = req_names(c, "DatabaseName", NULL); /* taken by list_reply() */
    param_str(c, "pattern", in, "Expression");
    return list_reply(c, "GetTables", in, "TableList", "tables");
}

/* GET table NAME of database DB into C's reply with STATUS and an ETag.  *TABLE (may be
** NULL) borrows the Table. */
static int table_reply(struct rctx *c, const char *db, const char *name, int status)
{
    json_t *in = json_pack("{s:s, s:s}", "DatabaseName", db, "Name", name), *out = NULL;
    int rc = call(c, "GetTable", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    reply(c, status, json_incref(json_object_get(out, "Table")));
    json_decref(out);
    set_etag(c, c->out);
    return CAT_OK;
}

static int h_table_create(struct rctx *c)
{
    json_t *in = json_pack("{s:s, s:O}", "DatabaseName", c->cap[0], "TableInput", c->body);
    json_t *out = NULL; /* owned, like IN */
    int rc = call(c, "CreateTable", in, &out);
    json_decref(in);
    json_decref(out);
    if (rc != CAT_OK)
        return rc;
    rc = table_reply(c, c->cap[0], json_string_value(json_object_get(c->body, "Name")), 201);
    if (rc != CAT_OK)
        return rc;
    set_location(c, (const char *[]){"v1", "databases",
                                     json_string_value(json_object_get(c->out, "DatabaseName")),
                                     "tables", json_string_value(json_object_get(c->out, "Name")),
                                     NULL});
    return CAT_OK;
}

/* 1 when the If-None-Match / If-Match header value LIST names entity tag ETAG (or is *).
** STRONG (If-Match) compares strongly: a weak tag W/"..." never matches; otherwise (If-None-
** Match) weakly, ignoring W/ (RFC 9110 13.1.1, 13.1.2). */
static int etag_listed(const char *list, const char *etag, int strong)
{
    size_t n = strlen(etag);
    const char *p = list;
    while (*p) {
        const char *end;
        int weak;
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return 1;
        weak = strncmp(p, "W/", 2) == 0;
        if (weak)
            p += 2;
        end = p;
        while (*end && *end != ',')
            end++;
        while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if ((size_t)(end - p) == n && strncmp(p, etag, n) == 0 && !(strong && weak))
            return 1;
        p = *end ? end + 1 : end;
    }
    return 0;
}

static int h_table_get(struct rctx *c)
{
    int rc = table_reply(c, c->cap[0], c->cap[1], 200);
    if (rc == CAT_OK && c->rq->if_none_match && etag_listed(c->rq->if_none_match, c->etag, 0))
        reply(c, 304, NULL);
    return rc;
}

static int h_table_update(struct rctx *c)
{
    json_t *in, *out = NULL, *name = json_object_get(c->body, "Name"); /* IN, OUT owned */
    const char *im = c->rq->if_match;
    char *want = NULL; /* owned: the If-Match VersionId */
    int rc;
    if (name != NULL) {
        char *a = util_lower(json_is_string(name) ? json_string_value(name) : "");
        char *b = util_lower(c->cap[1]);
        int same = json_is_string(name) && strcmp(a, b) == 0;
        free(a);
        free(b);
        if (!same)
            return srv_error_set(&c->err, CAT_EINVAL,
                                 "TableInput.Name must equal the table named in the path.");
    } else {
        json_object_set_new(c->body, "Name", json_string(c->cap[1]));
    }
    in = json_pack("{s:s, s:O}", "DatabaseName", c->cap[0], "TableInput", c->body);
    if ((rc = param_bool(c, "skip_archive", in, "SkipArchive")) != CAT_OK) {
        json_decref(in);
        return rc;
    }
    if (im) {
        /* If-Match may list several tags, or be *: the update then requires the current
        ** version to be listed, and pins that version as UpdateTable's VersionId (so a
        ** concurrent update in between still fails the compare-and-swap). */
        json_t *get = json_pack("{s:s, s:s}", "DatabaseName", c->cap[0], "Name", c->cap[1]);
        json_t *cur = NULL;
        const char *v;
        char tag[300];
        rc = call(c, "GetTable", get, &cur);
        json_decref(get);
        if (rc != CAT_OK) {
            json_decref(in);
            return rc;
        }
        v = json_string_value(json_object_get(json_object_get(cur, "Table"), "VersionId"));
        snprintf(tag, sizeof(tag), "\"%s\"", v ? v : "");
        if (!etag_listed(im, tag, 1)) {
            json_decref(cur);
            json_decref(in);
            srv_error_set(&c->err, CAT_ECONCURRENT,
                          "If-Match does not name the table's current version.");
            return rest_fail(c, 412, "PreconditionFailed");
        }
        want = xstrdup(v ? v : "");
        json_object_set_new(in, "VersionId", json_string(want));
        json_decref(cur);
    }
    rc = call(c, "UpdateTable", in, &out);
    json_decref(in);
    json_decref(out);
    if (rc == CAT_ECONCURRENT && want) {
        free(want);
        srv_error_set(&c->err, CAT_ECONCURRENT,
                      "If-Match does not name the table's current version.");
        return rest_fail(c, 412, "PreconditionFailed");
    }
    free(want);
    if (rc != CAT_OK)
        return rc;
    return table_reply(c, c->cap[0], c->cap[1], 200);
}

static int h_table_delete(struct rctx *c)
{
    json_t *in = req_names(c, "DatabaseName", "Name"), *out = NULL; /* owned */
    int rc = call(c, "DeleteTable", in, &out);
    json_decref(in);
    json_decref(out);
    return rc != CAT_OK ? rc : reply(c, 204, NULL);
}

static int h_versions(struct rctx *c)
{
    json_t *in = req_names(c, "DatabaseName", "TableName"), *out = NULL, *res; /* owned */
    int rc;
    if ((rc = param_int(c, "max_results", in, "MaxResults")) == CAT_OK) {
        param_str(c, "page_token", in, "NextToken");
        rc = call(c, "GetTableVersions", in, &out);
    }
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    res = json_pack("{s:o}", "versions", member_or_list(out, "TableVersions"));
    copy_token(res, out);
    json_decref(out);
    return reply(c, 200, res);
}

/* ---------------------------------------------------------------- partitions */

static int h_part_list(struct rctx *c)
{
    json_t *in = req_names(c, "DatabaseName", "TableName"); /* owned */
    struct op_result res = {0};
    int rc;
    if ((rc = param_int(c, "max_results", in, "MaxResults")) == CAT_OK &&
        (rc = param_bool(c, "exclude_column_schema", in, "ExcludeColumnSchema")) == CAT_OK) {
        param_str(c, "page_token", in, "NextToken");
        param_str(c, "expression", in, "Expression");
        if (param(c, "segment") || param(c, "total_segments")) {
            json_t *seg = json_object(); /* handed to IN */
            json_object_set_new(in, "Segment", seg);
            if ((rc = param_int(c, "segment", seg, "SegmentNumber")) == CAT_OK)
                rc = param_int(c, "total_segments", seg, "TotalSegments");
        }
        if (rc == CAT_OK)
            rc = run_op(c, "GetPartitions", in, &res);
    }
    json_decref(in);
    if (rc == CAT_OK)
        rc = reply_page(c, 200, "partitions", &res, NULL);
    op_result_release(&res);
    return rc;
}

/* Body member KEY as an array of 1..1000 entries, else NULL with InvalidInput. */
static json_t *body_list(struct rctx *c, const char *key)
{
    json_t *v = json_object_get(c->body, key);
    if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > 1000) {
        srv_error_set(&c->err, CAT_EINVAL,
                      "The request body needs a '%s' array of 1 to 1000 "
                      "entries.",
                      key);
        return NULL;
    }
    return v;
}

static int h_part_batch_create(struct rctx *c)
{
    json_t *list = body_list(c, "partitions"), *in, *out = NULL; /* IN, OUT owned */
    int rc;
    if (list == NULL)
        return c->err.code;
    in = req_names(c, "DatabaseName", "TableName");
    json_object_set(in, "PartitionInputList", list);
    rc = call(c, "BatchCreatePartition", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    reply(c, 200, json_pack("{s:o}", "errors", member_or_list(out, "Errors")));
    json_decref(out);
    return CAT_OK;
}

/* {"values": [[...], ...]} -> a list of {"Values": [...]} in *OUT. */
static int values_list(struct rctx *c, json_t **out)
{
    json_t *list = body_list(c, "values"), *v;
    size_t i;
    *out = NULL;
    if (list == NULL)
        return c->err.code;
    *out = json_array();
    json_array_foreach(list, i, v) {
        json_array_append_new(*out, json_pack("{s:O}", "Values", v));
    }
    return CAT_OK;
}

static int h_part_batch_get(struct rctx *c)
{
    json_t *keys, *in, *unprocessed = NULL, *k, *more = NULL; /* owned */
    struct op_result res = {0};
    size_t i;
    int rc;
    if ((rc = values_list(c, &keys)) != CAT_OK)
        return rc;
    in = req_names(c, "DatabaseName", "TableName");
    json_object_set_new(in, "PartitionsToGet", keys);
    if ((rc = run_op(c, "BatchGetPartition", in, &res)) == CAT_OK) {
        /* keys left for another call (answer size cap), as the request's value lists */
        unprocessed = json_array();
        json_array_foreach(json_object_get(res.page.extra, "UnprocessedKeys"), i, k)
            json_array_append(unprocessed, json_object_get(k, "Values"));
        more = json_pack("{s:o}", "unprocessed_values", unprocessed);
        rc = reply_page(c, 200, "partitions", &res, more);
    }
    json_decref(more);
    json_decref(in);
    op_result_release(&res);
    return rc;
}

static int h_part_batch_delete(struct rctx *c)
{
    json_t *keys, *in, *out = NULL; /* owned */
    int rc;
    if ((rc = values_list(c, &keys)) != CAT_OK)
        return rc;
    in = req_names(c, "DatabaseName", "TableName");
    json_object_set_new(in, "PartitionsToDelete", keys);
    rc = call(c, "BatchDeletePartition", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    reply(c, 200, json_pack("{s:o}", "errors", member_or_list(out, "Errors")));
    json_decref(out);
    return CAT_OK;
}

/* POST .../partitions/column-statistics {"entries": [{"PartitionValues", "ColumnStatisticsList"}]}
** -> {"errors": [...]}: catalogd's BatchUpdateColumnStatisticsForPartition. */
static int h_part_colstats_batch(struct rctx *c)
{
    json_t *entries = json_object_get(c->body, "entries"), *in, *out = NULL; /* owned: IN, OUT */
    int rc;
    if (!json_is_array(entries))
        return srv_error_set(&c->err, CAT_EINVAL, "entries (a list) is required.");
    in = req_names(c, "DatabaseName", "TableName");
    json_object_set(in, "Entries", entries);
    rc = call(c, "BatchUpdateColumnStatisticsForPartition", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    reply(c, 200, json_pack("{s:o}", "errors", member_or_list(out, "Errors")));
    json_decref(out);
    return CAT_OK;
}

/* The partition values the path's k1=v1/k2=v2 spec names, checked against the table's
** partition keys (in order).  *OUT is a new array. */
static int spec_values(struct rctx *c, json_t **out)
{
    json_t *in = req_names(c, "DatabaseName", "Name"), *tout = NULL, *keys, *vals; /* owned */
    size_t i, n = c->nraw - c->rest;
    int rc = call(c, "GetTable", in, &tout);
    *out = NULL;
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    keys = json_object_get(json_object_get(tout, "Table"), "PartitionKeys");
    if (json_array_size(keys) != n) { /* KEYS belongs to TOUT: release it after the message */
        srv_error_set(&c->err, CAT_EINVAL, "The partition spec names %zu keys; the table has %zu.",
                      n, json_array_size(keys));
        json_decref(tout);
        return c->err.code;
    }
    vals = json_array();
    for (i = 0; i < n && rc == CAT_OK; i++) {
        const char *seg = c->raw[c->rest + i], *eq = strchr(seg, '=');
        const char *want = json_string_value(json_object_get(json_array_get(keys, i), "Name"));
        char *k = NULL, *v = NULL; /* owned */
        if (eq == NULL || (k = pct_decode(seg, (size_t)(eq - seg), 0)) == NULL ||
            (v = pct_decode(eq + 1, strlen(eq + 1), 0)) == NULL)
            rc = srv_error_set(&c->err, CAT_EINVAL,
                               "Partition spec segment %zu is not a URL-encoded key=value.", i + 1);
        else if (want == NULL || strcasecmp(k, want) != 0)
            rc = srv_error_set(&c->err, CAT_EINVAL,
                               "Partition spec key %zu is %.100s; the table's is %.100s.", i + 1, k,
                               want ? want : "?");
        else
            json_array_append_new(vals, json_string(v));
        free(k);
        free(v);
    }
    json_decref(tout);
    if (rc != CAT_OK) {
        json_decref(vals);
        return rc;
    }
    *out = vals;
    return CAT_OK;
}

/* GET the partition with VALUES into C's reply. */
static int part_reply(struct rctx *c, json_t *values)
{
    json_t *in = req_names(c, "DatabaseName", "TableName"); /* owned */
    struct op_result res = {0};
    int rc;
    json_object_set(in, "PartitionValues", values);
    if ((rc = run_op(c, "GetPartition", in, &res)) == CAT_OK)
        rc = reply_page(c, 200, NULL, &res, NULL);
    json_decref(in);
    op_result_release(&res);
    return rc;
}

static int h_part_get(struct rctx *c)
{
    json_t *values = NULL; /* owned */
    int rc = spec_values(c, &values);
    if (rc == CAT_OK)
        rc = part_reply(c, values);
    json_decref(values);
    return rc;
}

static int h_part_update(struct rctx *c)
{
    json_t *values = NULL, *in, *out = NULL; /* owned */
    int rc = spec_values(c, &values);
    if (rc != CAT_OK)
        return rc;
    if (json_object_get(c->body, "Values") == NULL)
        json_object_set(c->body, "Values", values);
    in = req_names(c, "DatabaseName", "TableName");
    json_object_set(in, "PartitionValueList", values);
    json_object_set(in, "PartitionInput", c->body);
    rc = call(c, "UpdatePartition", in, &out);
    json_decref(in);
    json_decref(out);
    json_decref(values);
    if (rc != CAT_OK)
        return rc;
    return part_reply(c, json_object_get(c->body, "Values"));
}

static int h_part_delete(struct rctx *c)
{
    json_t *values = NULL, *in, *out = NULL; /* owned */
    int rc = spec_values(c, &values);
    if (rc != CAT_OK)
        return rc;
    in = req_names(c, "DatabaseName", "TableName");
    json_object_set_new(in, "PartitionValues", values);
    rc = call(c, "DeletePartition", in, &out);
    json_decref(in);
    json_decref(out);
    return rc != CAT_OK ? rc : reply(c, 204, NULL);
}

/* ---------------------------------------------------------------- column statistics, functions,
** search */

/* Query parameter NAME, a comma-separated list (or, for "values", a JSON array of strings
** too), as a new array in *OUT.  Absent: 400 naming it. */
static int param_list(struct rctx *c, const char *name, json_t **out)
{
    const char *v = param(c, name), *p;
    json_t *list;
    *out = NULL;
    if (v == NULL || *v == '\0')
        return srv_error_set(&c->err, CAT_EINVAL, "Query parameter %s is required.", name);
    if (v[0] == '[') {
        size_t i;
        json_t *e;
        list = json_loads(v, 0, NULL);
        json_array_foreach(list, i, e)
            if (!json_is_string(e))
                break;
        if (!json_is_array(list) || i < json_array_size(list)) {
            json_decref(list);
            return srv_error_set(&c->err, CAT_EINVAL,
                                 "Query parameter %s must be a comma-separated list or a JSON "
                                 "array of strings.",
                                 name);
        }
        *out = list;
        return CAT_OK;
    }
    list = json_array();
    for (p = v;; p++) {
        size_t n = strcspn(p, ",");
        json_array_append_new(list, json_stringn(p, n));
        p += n;
        if (*p == '\0')
            break;
    }
    *out = list;
    return CAT_OK;
}

/* The request naming the table, and with PART the partition of query parameter values. */
static int colstats_req(struct rctx *c, int part, json_t **in)
{
    json_t *values = NULL;
    int rc;
    *in = req_names(c, "DatabaseName", "TableName");
    if (part && (rc = param_list(c, "values", &values)) != CAT_OK) {
        json_decref(*in);
        *in = NULL;
        return rc;
    }
    if (part)
        json_object_set_new(*in, "PartitionValues", values);
    return CAT_OK;
}

/* GET .../column-statistics?columns=a,b -> {"column_statistics": [...], "errors": [...]}. */
static int colstats_get(struct rctx *c, int part)
{
    json_t *in = NULL, *cols = NULL, *out = NULL;
    int rc;
    if ((rc = colstats_req(c, part, &in)) != CAT_OK ||
        (rc = param_list(c, "columns", &cols)) != CAT_OK)
        goto done;
    json_object_set(in, "ColumnNames", cols);
    if ((rc = call(c, part ? "GetColumnStatisticsForPartition" : "GetColumnStatisticsForTable", in,
                   &out)) == CAT_OK)
        reply(c, 200,
              json_pack("{s:o, s:o}", "column_statistics",
                        member_or_list(out, "ColumnStatisticsList"), "errors",
                        member_or_list(out, "Errors")));
done:
    json_decref(in);
    json_decref(cols);
    json_decref(out);
    return rc;
}

/* PUT .../column-statistics {"column_statistics": [...]} -> {"errors": [...]}. */
static int colstats_put(struct rctx *c, int part)
{
    json_t *list = json_object_get(c->body, "column_statistics"), *in = NULL, *out = NULL;
    int rc;
    if (!json_is_array(list))
        return srv_error_set(&c->err, CAT_EINVAL,
                             "The request body needs a 'column_statistics' array.");
    if ((rc = colstats_req(c, part, &in)) != CAT_OK)
        return rc;
    json_object_set(in, "ColumnStatisticsList", list);
    if ((rc =
             call(c, part ? "UpdateColumnStatisticsForPartition" : "UpdateColumnStatisticsForTable",
                  in, &out)) == CAT_OK)
        reply(c, 200, json_pack("{s:o}", "errors", member_or_list(out, "Errors")));
    json_decref(in);
    json_decref(out);
    return rc;
}

/* DELETE .../column-statistics?columns=a,b: each column's, in turn (deleting statistics
** that do not exist succeeds). */
static int colstats_delete(struct rctx *c, int part)
{
    json_t *in = NULL, *cols = NULL, *col, *out = NULL;
    size_t i;
    int rc;
    if ((rc = colstats_req(c, part, &in)) != CAT_OK ||
        (rc = param_list(c, "columns", &cols)) != CAT_OK)
        goto done;
    json_array_foreach(cols, i, col) {
        json_object_set(in, "ColumnName", col);
        if ((rc = call(
                 c, part ? "DeleteColumnStatisticsForPartition" : "DeleteColumnStatisticsForTable",
                 in, &out)) != CAT_OK)
            goto done;
        json_decref(out);
        out = NULL;
    }
    reply(c, 204, NULL);
done:
    json_decref(in);
    json_decref(cols);
    return rc;
}

static int h_tcs_get(struct rctx *c)
{
    return colstats_get(c, 0);
}
static int h_tcs_put(struct rctx *c)
{
    return colstats_put(c, 0);
}
static int h_tcs_delete(struct rctx *c)
{
    return colstats_delete(c, 0);
}
static int h_pcs_get(struct rctx *c)
{
    return colstats_get(c, 1);
}
static int h_pcs_put(struct rctx *c)
{
    return colstats_put(c, 1);
}
static int h_pcs_delete(struct rctx *c)
{
    return colstats_delete(c, 1);
}

/* GET function NAME of database DB into C's reply with STATUS. */
static int fn_reply(struct rctx *c, const char *db, const char *name, int status)
{
    json_t *in = json_pack("{s:s, s:s}", "DatabaseName", db, "FunctionName", name), *out = NULL;
    int rc = call(c, "GetUserDefinedFunction", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    reply(c, status, json_incref(json_object_get(out, "UserDefinedFunction")));
    json_decref(out);
    return CAT_OK;
}

static int h_fn_list(struct rctx *c)
{
    json_t *in = req_names(c, "DatabaseName", NULL); /* taken by list_reply() */
    const char *pattern = param(c, "pattern");
    json_object_set_new(in, "Pattern", json_string(pattern ? pattern : "*"));
    param_str(c, "function_type", in, "FunctionType");
    return list_reply(c, "GetUserDefinedFunctions", in, "UserDefinedFunctions", "functions");
}

/* Run OP (Create/UpdateUserDefinedFunction) with the body as FunctionInput, then answer the
** function as stored with STATUS and its Location. */
static int fn_write(struct rctx *c, const char *op, int status)
{
    json_t *in = json_pack("{s:s, s:O}", "DatabaseName", c->cap[0], "FunctionInput", c->body);
    json_t *out = NULL;
    const char *name = json_string_value(json_object_get(c->body, "FunctionName"));
    int rc;
    if (c->ncap > 1)
        json_object_set_new(in, "FunctionName", json_string(c->cap[1]));
    rc = call(c, op, in, &out);
    json_decref(in);
    json_decref(out);
    if (rc != CAT_OK || (rc = fn_reply(c, c->cap[0], name ? name : c->cap[1], status)) != CAT_OK)
        return rc;
    set_location(
        c, (const char *[]){"v1", "databases",
                            json_string_value(json_object_get(c->out, "DatabaseName")), "functions",
                            json_string_value(json_object_get(c->out, "FunctionName")), NULL});
    return CAT_OK;
}

static int h_fn_create(struct rctx *c)
{
    return fn_write(c, "CreateUserDefinedFunction", 201);
}
static int h_fn_update(struct rctx *c)
{
    return fn_write(c, "UpdateUserDefinedFunction", 200);
}
static int h_fn_get(struct rctx *c)
{
    return fn_reply(c, c->cap[0], c->cap[1], 200);
}

static int h_fn_delete(struct rctx *c)
{
    json_t *in = json_pack("{s:s, s:s}", "DatabaseName", c->cap[0], "FunctionName", c->cap[1]);
    json_t *out = NULL;
    int rc = call(c, "DeleteUserDefinedFunction", in, &out);
    json_decref(in);
    json_decref(out);
    return rc != CAT_OK ? rc : reply(c, 204, NULL);
}

/* GET /v1/search?text=...&filters=[...]&sort=Field[:asc|desc] -> {"tables": [...]}. */
static int h_search(struct rctx *c)
{
    const char *filters = param(c, "filters"), *sort = param(c, "sort");
    json_t *in = json_object(); /* taken by list_reply() */
    int rc = CAT_OK;
    param_str(c, "text", in, "SearchText");
    if (filters) {
        json_t *f = json_loads(filters, 0, NULL);
        if (!json_is_array(f)) {
            json_decref(f);
            rc = srv_error_set(&c->err, CAT_EINVAL,
                               "Query parameter filters must be a JSON array of {\"Key\", "
                               "\"Value\", \"Comparator\"} objects.");
        } else {
            json_object_set_new(in, "Filters", f);
        }
    }
    if (rc == CAT_OK && sort) {
        const char *colon = strchr(sort, ':');
        json_t *field = colon ? json_stringn(sort, (size_t)(colon - sort)) : json_string(sort);
        const char *dir = colon ? colon + 1 : "asc";
        if (strcasecmp(dir, "asc") != 0 && strcasecmp(dir, "desc") != 0)
            rc = srv_error_set(&c->err, CAT_EINVAL,
                               "Query parameter sort is FIELD or FIELD:asc or FIELD:desc.");
        json_object_set_new(in, "SortCriteria",
                            json_pack("[{s:o, s:s}]", "FieldName", field ? field : json_string(""),
                                      "Sort", strcasecmp(dir, "desc") == 0 ? "DESC" : "ASC"));
    }
    if (rc != CAT_OK) {
        json_decref(in);
        return rc;
    }
    return list_reply(c, "SearchTables", in, "TableList", "tables");
}

/* ---------------------------------------------------------------- routes */

enum { M_GET, M_POST, M_PUT, M_DELETE, M_COUNT };
static const char *const METHODS[M_COUNT] = {"GET", "POST", "PUT", "DELETE"};

/* How each operation with a REST route (registry.def) is served: its adapter, by Glue name. */
static const struct adapter {
    const char *op;
    rest_fn *fn;
} adapters[] = {
    {"BatchCreatePartition", h_part_batch_create},
    {"BatchDeletePartition", h_part_batch_delete},
    {"BatchGetPartition", h_part_batch_get},
    {"CreateDatabase", h_db_create},
    {"CreateTable", h_table_create},
    {"DeleteDatabase", h_db_delete},
    {"DeletePartition", h_part_delete},
    {"DeleteTable", h_table_delete},
    {"GetDatabase", h_db_get},
    {"GetDatabases", h_db_list},
    {"GetPartition", h_part_get},
    {"GetPartitions", h_part_list},
    {"GetTable", h_table_get},
    {"GetTableVersions", h_versions},
    {"GetTables", h_table_list},
    {"UpdateDatabase", h_db_update},
    {"UpdatePartition", h_part_update},
    {"UpdateTable", h_table_update},
    {"BatchUpdateColumnStatisticsForPartition", h_part_colstats_batch},
    {"GetColumnStatisticsForTable", h_tcs_get},
    {"UpdateColumnStatisticsForTable", h_tcs_put},
    {"DeleteColumnStatisticsForTable", h_tcs_delete},
    {"GetColumnStatisticsForPartition", h_pcs_get},
    {"UpdateColumnStatisticsForPartition", h_pcs_put},
    {"DeleteColumnStatisticsForPartition", h_pcs_delete},
    {"CreateUserDefinedFunction", h_fn_create},
    {"GetUserDefinedFunction", h_fn_get},
    {"GetUserDefinedFunctions", h_fn_list},
    {"UpdateUserDefinedFunction", h_fn_update},
    {"DeleteUserDefinedFunction", h_fn_delete},
    {"SearchTables", h_search},
};

/* The routes that are not catalog operations. */
static const struct service {
    const char *route, *label;
    rest_fn *fn;
} services[] = {{"GET /health", "Health", h_health}, {"GET /metrics", "Metrics", h_metrics}};

/* A path with its methods.  Patterns have literal segments, {name} for one segment and a
** final {spec} for one or more (a partition spec); literal routes are tried first. */
#define MAX_ROUTES 64
static struct route {
    char pattern[160];
    int rest_of_path; /* ends in {spec} */
    struct {
        const char *op; /* the metrics label (the Glue operation behind it) */
        rest_fn *fn;
    } m[M_COUNT];
} routes[MAX_ROUTES];
static size_t nroutes;
static char route_problem[256]; /* what build_routes() could not place, or "" */
static pthread_once_t routes_built = PTHREAD_ONCE_INIT;

static rest_fn *adapter_for(const char *op)
{
    size_t i;
    for (i = 0; i < sizeof(adapters) / sizeof(adapters[0]); i++)
        if (strcmp(adapters[i].op, op) == 0)
            return adapters[i].fn;
    return NULL;
}

/* Add "METHOD /path" to the routes, served by FN under metrics label LABEL. */
static void add_route(const char *spec, const char *label, rest_fn *fn)
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
}

static void build_routes(void)
{
    const struct op_def *op;
    size_t i;
    for (i = 0; i < sizeof(services) / sizeof(services[0]); i++)
        add_route(services[i].route, services[i].label, services[i].fn);
    for (i = 0; (op = ops_at(i)) != NULL; i++)
        if (op->route[0])
            add_route(op->route, op->name, adapter_for(op->name));
    for (i = 0; i < sizeof(adapters) / sizeof(adapters[0]); i++) {
        const struct op_def *d = ops_find(adapters[i].op);
        if (d == NULL || d->route[0] == '\0')
            snprintf(route_problem, sizeof(route_problem),
                     "REST adapter %s has no route in registry.def", adapters[i].op);
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
            char *d = pct_decode(c->raw[i], strlen(c->raw[i]), 0);
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

/* Split the path, decode the parameters, route, check the body and run the handler. */
static int dispatch(struct rctx *c, struct http_response *resp)
{
    const struct route *r = NULL;
    rest_fn *fn = NULL;
    size_t i;
    int m, pass;
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
        char *k = pct_decode(q->key, strlen(q->key), 1);
        char *v = q->value ? pct_decode(q->value, strlen(q->value), 1) : xstrdup("");
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
            fn = r->m[m].fn;
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
    if (c->set && fn != h_health &&
        auth_bearer(c->set, c->rq->authorization, &c->who, &c->err) != CAT_OK) {
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
        c->body = json_loadb(c->rq->body, c->rq->body_len, JSON_REJECT_DUPLICATES, &jerr);
        if (c->body == NULL)
            return srv_error_set(&c->err, CAT_EINVAL, "Malformed request body: %s (at byte %d).",
                                 jerr.text, jerr.position);
        if (!json_is_object(c->body))
            return srv_error_set(&c->err, CAT_EINVAL, "The request body must be a JSON object.");
    }
    return fn(c);
}

int rest_owns(const char *path)
{
    return strcmp(path, "/health") == 0 || strcmp(path, "/metrics") == 0 ||
           (strncmp(path, "/v1", 3) == 0 && (path[3] == '\0' || path[3] == '/'));
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
        render_error(&c, resp);
    } else {
        resp->status = c.status;
        if (c.text.p) {
            resp->content_type = c.content_type;
            resp->body = c.text.p;
            resp->len = c.text.len;
            c.text.p = NULL;
        } else if (c.out && c.status != 204 && c.status != 304) {
            resp->content_type = JSON_TYPE;
            resp->body = json_dumps(c.out, JSON_COMPACT);
            if (resp->body == NULL) {
                srv_error_set(&c.err, CAT_ENOMEM, "Out of memory.");
                render_error(&c, resp);
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
