/* rest_envelope.c -- the REST front's envelope: path and query decoding, errors as
** {"code","message","request_id"} with REST field names, calls into the registry, answers. */
#include "front/rest_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- text helpers */

/* Percent-decode N bytes of S into a new string ('+' is a space when PLUS).  NULL when an
** escape is malformed, the result holds a NUL, or it is not UTF-8. */
char *rest_pct_decode(const char *s, size_t n, int plus)
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
void rest_pct_encode(struct sbuf *b, const char *s)
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
int rest_fail(struct rctx *c, int status, const char *code)
{
    c->estatus = status;
    c->ecode = code;
    return c->err.code;
}

/* J as compact JSON text ending with a newline (every REST body ends with one), or NULL. */
char *rest_dump_line(const json_t *j)
{
    char *text = json_dumps(j, JSON_COMPACT), *line;
    size_t n;
    if (text == NULL)
        return NULL;
    n = strlen(text);
    line = xmalloc(n + 2);
    memcpy(line, text, n);
    memcpy(line + n, "\n", 2);
    free(text);
    return line;
}

/* Render C's error into RESP as {"code","message","request_id"}. */
void rest_render_error(struct rctx *c, struct http_response *resp)
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
    resp->content_type = REST_JSON_TYPE;
    resp->body = body ? rest_dump_line(body) : NULL;
    if (resp->body == NULL) {
        resp->status = 500;
        resp->body =
            xstrdup("{\"code\":\"InternalServiceException\",\"message\":\"Out of memory.\"}\n");
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
int rest_run_op(struct rctx *c, const char *name, json_t *in, struct op_result *res)
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

/* rest_run_op() for an operation that answers an object: *OUT is the Glue response object. */
int rest_call(struct rctx *c, const char *name, json_t *in, json_t **out)
{
    struct op_result res;
    int rc = rest_run_op(c, name, in, &res);
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
int rest_reply_page(struct rctx *c, int status, const char *key, struct op_result *res,
                    const json_t *more)
{
    struct sbuf *b = &c->text;
    struct op_page *page = &res->page;
    c->status = status;
    c->content_type = REST_JSON_TYPE;
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
json_t *rest_member_or_list(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return v ? json_incref(v) : json_array();
}

/* Move OUT's NextToken, if any, to DST as next_page_token. */
void rest_copy_token(json_t *dst, const json_t *out)
{
    json_t *t = json_object_get(out, "NextToken");
    if (json_is_string(t))
        json_object_set(dst, "next_page_token", t);
}

/* The decoded query parameter NAME, or NULL. */
const char *rest_query(const struct rctx *c, const char *name)
{
    size_t i;
    for (i = 0; i < c->nparams; i++)
        if (strcmp(c->pkey[i], name) == 0)
            return c->pval[i] ? c->pval[i] : "";
    return NULL;
}

/* Query parameter NAME as an integer into IN's MEMBER (absent: nothing). */
int rest_query_int(struct rctx *c, const char *name, json_t *in, const char *member)
{
    const char *v = rest_query(c, name);
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
int rest_query_bool(struct rctx *c, const char *name, json_t *in, const char *member)
{
    const char *v = rest_query(c, name);
    if (v == NULL)
        return CAT_OK;
    if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
        return srv_error_set(&c->err, CAT_EINVAL, "Query parameter %s must be true or false.",
                             name);
    json_object_set_new(in, member, json_boolean(strcmp(v, "true") == 0));
    return CAT_OK;
}

/* Query parameter NAME as a string into IN's MEMBER (absent: nothing). */
void rest_query_str(struct rctx *c, const char *name, json_t *in, const char *member)
{
    const char *v = rest_query(c, name);
    if (v)
        json_object_set_new(in, member, json_string(v));
}

/* The request with the database capture (and table capture when TABLE_KEY is set). */
json_t *rest_req_names(const struct rctx *c, const char *db_key, const char *table_key)
{
    json_t *in = json_object(); /* returned */
    json_object_set_new(in, db_key, json_string(c->cap[0]));
    if (table_key)
        json_object_set_new(in, table_key, json_string(c->cap[1]));
    return in;
}

void rest_set_etag(struct rctx *c, const json_t *table)
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
void rest_set_location(struct rctx *c, const char *const *segs)
{
    struct sbuf b = {0};
    for (; *segs; segs++) {
        sbuf_adds(&b, "/");
        rest_pct_encode(&b, *segs);
    }
    free(c->location);
    c->location = b.p;
}

/* Reply STATUS with the JSON body OUT (stolen; NULL = no body). */
int rest_reply(struct rctx *c, int status, json_t *out)
{
    c->status = status;
    json_decref(c->out);
    c->out = out;
    return CAT_OK;
}

/* Run listing OP on IN (taken: freed here) with max_results and page_token from the query,
** and reply {"<KEY>": the answer's MEMBER list, "next_page_token": ...}. */
int rest_list_reply(struct rctx *c, const char *op, json_t *in, const char *member, const char *key)
{
    json_t *out = NULL, *res;
    int rc;
    if ((rc = rest_query_int(c, "max_results", in, "MaxResults")) == CAT_OK) {
        rest_query_str(c, "page_token", in, "NextToken");
        rc = rest_call(c, op, in, &out);
    }
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    res = json_pack("{s:o}", key, rest_member_or_list(out, member));
    rest_copy_token(res, out);
    json_decref(out);
    return rest_reply(c, 200, res);
}
