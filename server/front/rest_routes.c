/* rest_routes.c -- the REST front's route adapters: each /v1 route's path, query and body ->
** the Glue request of its operation -> the REST answer; /health and /metrics. */
#include "front/rest_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "front/etag.h"
#include "front/metrics.h"
#include "store/store.h"

static const char METRICS_TYPE[] = "text/plain; version=0.0.4";

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
        return rest_reply(c, 503,
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
        return rest_reply(c, 200,
                          json_pack("{s:s, s:s, s:i}", "status", "degraded", "problem",
                                    store_write_problem(), "schema_version", v));
    return rest_reply(c, 200, json_pack("{s:s, s:i}", "status", "ok", "schema_version", v));
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

/* GET /: what is served here, as links (a person's first look, or a script's). */
static int h_index(struct rctx *c)
{
    return rest_reply(
        c, 200,
        json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "service", "catalogd", "glue",
                  "POST / with X-Amz-Target: AWSGlue.<Operation> (the AWS Glue JSON protocol)",
                  "links", "console", "/ui", "openapi", "/openapi.yaml", "health", "/health",
                  "metrics", "/metrics", "rest", "/v1/databases"));
}

/* GET /openapi.yaml: the REST API's description, as built into this catalogd. */
static int h_openapi(struct rctx *c)
{
    sbuf_adds(&c->text, rest_openapi_yaml);
    c->content_type = "application/yaml";
    c->status = 200;
    return CAT_OK;
}

/* ---------------------------------------------------------------- databases */

static int h_db_list(struct rctx *c)
{
    return rest_list_reply(c, "GetDatabases", json_object(), "DatabaseList", "databases");
}

/* GET the database NAME into C's reply with STATUS. */
static int db_reply(struct rctx *c, const char *name, int status)
{
    json_t *in = json_pack("{s:s}", "Name", name), *out = NULL; /* owned */
    int rc = rest_call(c, "GetDatabase", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    rest_reply(c, status, json_incref(json_object_get(out, "Database")));
    json_decref(out);
    return CAT_OK;
}

static int h_db_create(struct rctx *c)
{
    json_t *in = json_pack("{s:O}", "DatabaseInput", c->body), *out = NULL; /* owned */
    int rc = rest_call(c, "CreateDatabase", in, &out);
    const char *name;
    json_decref(in);
    json_decref(out);
    if (rc != CAT_OK)
        return rc;
    name = json_string_value(json_object_get(c->body, "Name"));
    if ((rc = db_reply(c, name, 201)) != CAT_OK)
        return rc;
    rest_set_location(c,
                      (const char *[]){"v1", "databases",
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
    rc = rest_call(c, "UpdateDatabase", in, &out);
    json_decref(in);
    json_decref(out);
    if (rc != CAT_OK)
        return rc;
    name = json_string_value(json_object_get(c->body, "Name"));
    return db_reply(c, name ? name : c->cap[0], 200);
}

static int h_db_delete(struct rctx *c)
{
    json_t *in = rest_req_names(c, "Name", NULL), *out = NULL; /* owned */
    int rc = rest_call(c, "DeleteDatabase", in, &out);
    json_decref(in);
    json_decref(out);
    return rc != CAT_OK ? rc : rest_reply(c, 204, NULL);
}

/* ---------------------------------------------------------------- tables */

static int h_table_list(struct rctx *c)
{
    json_t *in = rest_req_names(c, "DatabaseName", NULL); /* taken by rest_list_reply() */
    rest_query_str(c, "pattern", in, "Expression");
    return rest_list_reply(c, "GetTables", in, "TableList", "tables");
}

/* GET table NAME of database DB into C's reply with STATUS and an ETag.  *TABLE (may be
** NULL) borrows the Table. */
static int table_reply(struct rctx *c, const char *db, const char *name, int status)
{
    json_t *in = json_pack("{s:s, s:s}", "DatabaseName", db, "Name", name), *out = NULL;
    int rc = rest_call(c, "GetTable", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    rest_reply(c, status, json_incref(json_object_get(out, "Table")));
    json_decref(out);
    rest_set_etag(c, c->out);
    return CAT_OK;
}

/* The type check's warnings (--type-check warn) of a CreateTable or UpdateTable answer OUT
** (taken) into the table C answers, as its "Warnings". */
static void pass_warnings(struct rctx *c, json_t *out)
{
    json_t *w = json_object_get(out, "Warnings");
    if (json_array_size(w) > 0 && json_is_object(c->out))
        json_object_set(c->out, "Warnings", w);
    json_decref(out);
}

static int h_table_create(struct rctx *c)
{
    json_t *in = json_pack("{s:s, s:O}", "DatabaseName", c->cap[0], "TableInput", c->body);
    json_t *out = NULL; /* owned, like IN */
    int rc = rest_call(c, "CreateTable", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    rc = table_reply(c, c->cap[0], json_string_value(json_object_get(c->body, "Name")), 201);
    pass_warnings(c, out);
    if (rc != CAT_OK)
        return rc;
    rest_set_location(
        c, (const char *[]){"v1", "databases",
                            json_string_value(json_object_get(c->out, "DatabaseName")), "tables",
                            json_string_value(json_object_get(c->out, "Name")), NULL});
    return CAT_OK;
}

static int h_table_get(struct rctx *c)
{
    int rc = table_reply(c, c->cap[0], c->cap[1], 200);
    if (rc == CAT_OK && c->rq->if_none_match && etag_listed(c->rq->if_none_match, c->etag, 0))
        rest_reply(c, 304, NULL);
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
    if ((rc = rest_query_bool(c, "skip_archive", in, "SkipArchive")) != CAT_OK) {
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
        rc = rest_call(c, "GetTable", get, &cur);
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
    rc = rest_call(c, "UpdateTable", in, &out);
    json_decref(in);
    if (rc == CAT_ECONCURRENT && want) {
        free(want);
        srv_error_set(&c->err, CAT_ECONCURRENT,
                      "If-Match does not name the table's current version.");
        return rest_fail(c, 412, "PreconditionFailed");
    }
    free(want);
    if (rc != CAT_OK || (rc = table_reply(c, c->cap[0], c->cap[1], 200)) != CAT_OK) {
        json_decref(out);
        return rc;
    }
    pass_warnings(c, out);
    return CAT_OK;
}

static int h_table_delete(struct rctx *c)
{
    json_t *in = rest_req_names(c, "DatabaseName", "Name"), *out = NULL; /* owned */
    int rc = rest_call(c, "DeleteTable", in, &out);
    json_decref(in);
    json_decref(out);
    return rc != CAT_OK ? rc : rest_reply(c, 204, NULL);
}

static int h_versions(struct rctx *c)
{
    json_t *in = rest_req_names(c, "DatabaseName", "TableName"), *out = NULL, *res; /* owned */
    int rc;
    if ((rc = rest_query_int(c, "max_results", in, "MaxResults")) == CAT_OK) {
        rest_query_str(c, "page_token", in, "NextToken");
        rc = rest_call(c, "GetTableVersions", in, &out);
    }
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    res = json_pack("{s:o}", "versions", rest_member_or_list(out, "TableVersions"));
    rest_copy_token(res, out);
    json_decref(out);
    return rest_reply(c, 200, res);
}

/* ---------------------------------------------------------------- partitions */

static int h_part_list(struct rctx *c)
{
    json_t *in = rest_req_names(c, "DatabaseName", "TableName"); /* owned */
    struct op_result res = {0};
    int rc;
    if ((rc = rest_query_int(c, "max_results", in, "MaxResults")) == CAT_OK &&
        (rc = rest_query_bool(c, "exclude_column_schema", in, "ExcludeColumnSchema")) == CAT_OK) {
        rest_query_str(c, "page_token", in, "NextToken");
        rest_query_str(c, "expression", in, "Expression");
        if (rest_query(c, "segment") || rest_query(c, "total_segments")) {
            json_t *seg = json_object(); /* handed to IN */
            json_object_set_new(in, "Segment", seg);
            if ((rc = rest_query_int(c, "segment", seg, "SegmentNumber")) == CAT_OK)
                rc = rest_query_int(c, "total_segments", seg, "TotalSegments");
        }
        if (rc == CAT_OK)
            rc = rest_run_op(c, "GetPartitions", in, &res);
    }
    json_decref(in);
    if (rc == CAT_OK)
        rc = rest_reply_page(c, 200, "partitions", &res, NULL);
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
    in = rest_req_names(c, "DatabaseName", "TableName");
    json_object_set(in, "PartitionInputList", list);
    rc = rest_call(c, "BatchCreatePartition", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    rest_reply(c, 200, json_pack("{s:o}", "errors", rest_member_or_list(out, "Errors")));
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
    in = rest_req_names(c, "DatabaseName", "TableName");
    json_object_set_new(in, "PartitionsToGet", keys);
    if ((rc = rest_run_op(c, "BatchGetPartition", in, &res)) == CAT_OK) {
        /* keys left for another call (answer size cap), as the request's value lists */
        unprocessed = json_array();
        json_array_foreach(json_object_get(res.page.extra, "UnprocessedKeys"), i, k)
            json_array_append(unprocessed, json_object_get(k, "Values"));
        more = json_pack("{s:o}", "unprocessed_values", unprocessed);
        rc = rest_reply_page(c, 200, "partitions", &res, more);
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
    in = rest_req_names(c, "DatabaseName", "TableName");
    json_object_set_new(in, "PartitionsToDelete", keys);
    rc = rest_call(c, "BatchDeletePartition", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    rest_reply(c, 200, json_pack("{s:o}", "errors", rest_member_or_list(out, "Errors")));
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
    in = rest_req_names(c, "DatabaseName", "TableName");
    json_object_set(in, "Entries", entries);
    rc = rest_call(c, "BatchUpdateColumnStatisticsForPartition", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    rest_reply(c, 200, json_pack("{s:o}", "errors", rest_member_or_list(out, "Errors")));
    json_decref(out);
    return CAT_OK;
}

/* The partition values the path's k1=v1/k2=v2 spec names, checked against the table's
** partition keys (in order).  *OUT is a new array. */
static int spec_values(struct rctx *c, json_t **out)
{
    json_t *in = rest_req_names(c, "DatabaseName", "Name"), *tout = NULL, *keys, *vals; /* owned */
    size_t i, n = c->nraw - c->rest;
    int rc = rest_call(c, "GetTable", in, &tout);
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
        if (eq == NULL || (k = rest_pct_decode(seg, (size_t)(eq - seg), 0)) == NULL ||
            (v = rest_pct_decode(eq + 1, strlen(eq + 1), 0)) == NULL)
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
    json_t *in = rest_req_names(c, "DatabaseName", "TableName"); /* owned */
    struct op_result res = {0};
    int rc;
    json_object_set(in, "PartitionValues", values);
    if ((rc = rest_run_op(c, "GetPartition", in, &res)) == CAT_OK)
        rc = rest_reply_page(c, 200, NULL, &res, NULL);
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
    in = rest_req_names(c, "DatabaseName", "TableName");
    json_object_set(in, "PartitionValueList", values);
    json_object_set(in, "PartitionInput", c->body);
    rc = rest_call(c, "UpdatePartition", in, &out);
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
    in = rest_req_names(c, "DatabaseName", "TableName");
    json_object_set_new(in, "PartitionValues", values);
    rc = rest_call(c, "DeletePartition", in, &out);
    json_decref(in);
    json_decref(out);
    return rc != CAT_OK ? rc : rest_reply(c, 204, NULL);
}

/* ---------------------------------------------------------------- column statistics, functions,
** search */

/* Query parameter NAME, a comma-separated list (or, for "values", a JSON array of strings
** too), as a new array in *OUT.  Absent: 400 naming it. */
static int param_list(struct rctx *c, const char *name, json_t **out)
{
    const char *v = rest_query(c, name), *p;
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
    *in = rest_req_names(c, "DatabaseName", "TableName");
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
    if ((rc = rest_call(c, part ? "GetColumnStatisticsForPartition" : "GetColumnStatisticsForTable",
                        in, &out)) == CAT_OK)
        rest_reply(c, 200,
                   json_pack("{s:o, s:o}", "column_statistics",
                             rest_member_or_list(out, "ColumnStatisticsList"), "errors",
                             rest_member_or_list(out, "Errors")));
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
    if ((rc = rest_call(
             c, part ? "UpdateColumnStatisticsForPartition" : "UpdateColumnStatisticsForTable", in,
             &out)) == CAT_OK)
        rest_reply(c, 200, json_pack("{s:o}", "errors", rest_member_or_list(out, "Errors")));
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
        if ((rc = rest_call(
                 c, part ? "DeleteColumnStatisticsForPartition" : "DeleteColumnStatisticsForTable",
                 in, &out)) != CAT_OK)
            goto done;
        json_decref(out);
        out = NULL;
    }
    rest_reply(c, 204, NULL);
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
    int rc = rest_call(c, "GetUserDefinedFunction", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    rest_reply(c, status, json_incref(json_object_get(out, "UserDefinedFunction")));
    json_decref(out);
    return CAT_OK;
}

static int h_fn_list(struct rctx *c)
{
    json_t *in = rest_req_names(c, "DatabaseName", NULL); /* taken by rest_list_reply() */
    const char *pattern = rest_query(c, "pattern");
    json_object_set_new(in, "Pattern", json_string(pattern ? pattern : "*"));
    rest_query_str(c, "function_type", in, "FunctionType");
    return rest_list_reply(c, "GetUserDefinedFunctions", in, "UserDefinedFunctions", "functions");
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
    rc = rest_call(c, op, in, &out);
    json_decref(in);
    json_decref(out);
    if (rc != CAT_OK || (rc = fn_reply(c, c->cap[0], name ? name : c->cap[1], status)) != CAT_OK)
        return rc;
    rest_set_location(
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
    int rc = rest_call(c, "DeleteUserDefinedFunction", in, &out);
    json_decref(in);
    json_decref(out);
    return rc != CAT_OK ? rc : rest_reply(c, 204, NULL);
}

/* GET /v1/search?text=...&filters=[...]&sort=Field[:asc|desc] -> {"tables": [...]}. */
static int h_search(struct rctx *c)
{
    const char *filters = rest_query(c, "filters"), *sort = rest_query(c, "sort");
    json_t *in = json_object(); /* taken by rest_list_reply() */
    int rc = CAT_OK;
    rest_query_str(c, "text", in, "SearchText");
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
    return rest_list_reply(c, "SearchTables", in, "TableList", "tables");
}

/* ---------------------------------------------------------------- crawlers (read only) */

/* GET /v1/crawlers -> {"crawlers": [...], "next_page_token"}: GetCrawlers. */
static int h_crawler_list(struct rctx *c)
{
    return rest_list_reply(c, "GetCrawlers", json_object(), "Crawlers", "crawlers");
}

/* GET /v1/crawlers/{name}/crawls -> {"crawls": [...], "next_page_token"}: ListCrawls, newest
** first. */
static int h_crawls(struct rctx *c)
{
    return rest_list_reply(c, "ListCrawls", json_pack("{s:s}", "CrawlerName", c->cap[0]), "Crawls",
                           "crawls");
}

/* ---------------------------------------------------------------- the adapters' tables */

#define PAGE "max_results page_token"
#define PART_PAGE PAGE " expression segment total_segments exclude_column_schema"
const struct rest_adapter rest_adapters[] = {
    {"BatchCreatePartition", h_part_batch_create, NULL, "partitions=PartitionInputList"},
    {"BatchDeletePartition", h_part_batch_delete, NULL, "values"},
    {"BatchGetPartition", h_part_batch_get, NULL, "values"},
    {"CreateDatabase", h_db_create, NULL, "=DatabaseInput"},
    {"CreateTable", h_table_create, NULL, "=TableInput"},
    {"DeleteDatabase", h_db_delete, NULL, NULL},
    {"DeletePartition", h_part_delete, NULL, NULL},
    {"DeleteTable", h_table_delete, NULL, NULL},
    {"GetDatabase", h_db_get, NULL, NULL},
    {"GetDatabases", h_db_list, PAGE, NULL},
    {"GetPartition", h_part_get, NULL, NULL},
    {"GetPartitions", h_part_list, PART_PAGE, NULL},
    {"GetTable", h_table_get, NULL, NULL},
    {"GetTableVersions", h_versions, PAGE, NULL},
    {"GetTables", h_table_list, "pattern " PAGE, NULL},
    {"UpdateDatabase", h_db_update, NULL, "=DatabaseInput"},
    {"UpdatePartition", h_part_update, NULL, "=PartitionInput"},
    {"UpdateTable", h_table_update, "skip_archive", "=TableInput"},
    {"BatchUpdateColumnStatisticsForPartition", h_part_colstats_batch, NULL, "entries"},
    {"GetColumnStatisticsForTable", h_tcs_get, "columns", NULL},
    {"UpdateColumnStatisticsForTable", h_tcs_put, NULL, "column_statistics=ColumnStatisticsList"},
    {"DeleteColumnStatisticsForTable", h_tcs_delete, "columns", NULL},
    {"GetColumnStatisticsForPartition", h_pcs_get, "values columns", NULL},
    {"UpdateColumnStatisticsForPartition", h_pcs_put, "values",
     "column_statistics=ColumnStatisticsList"},
    {"DeleteColumnStatisticsForPartition", h_pcs_delete, "values columns", NULL},
    {"CreateUserDefinedFunction", h_fn_create, NULL, "=FunctionInput"},
    {"GetUserDefinedFunction", h_fn_get, NULL, NULL},
    {"GetUserDefinedFunctions", h_fn_list, "pattern function_type " PAGE, NULL},
    {"UpdateUserDefinedFunction", h_fn_update, NULL, "=FunctionInput"},
    {"DeleteUserDefinedFunction", h_fn_delete, NULL, NULL},
    {"SearchTables", h_search, "text filters sort " PAGE, NULL},
    {"GetCrawlers", h_crawler_list, PAGE, NULL},
    {"ListCrawls", h_crawls, PAGE, NULL},
};

const size_t rest_nadapters = sizeof(rest_adapters) / sizeof(rest_adapters[0]);

/* /health is open to all (balancers probe it), and so are the index and the API's description;
** /metrics asks for a principal as all else. */
const struct rest_service rest_services[] = {{"GET /health", "Health", h_health, 1, NULL},
                                             {"GET /metrics", "Metrics", h_metrics, 0, NULL},
                                             {"GET /", "Index", h_index, 1, NULL},
                                             {"GET /openapi.yaml", "OpenAPI", h_openapi, 1, NULL}};
const size_t rest_nservices = sizeof(rest_services) / sizeof(rest_services[0]);
