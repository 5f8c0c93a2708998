/* iceberg_routes.c -- the Iceberg front's routes: each /v1/{prefix}/... path, query and body ->
** the Glue-shaped request of its operation (CreateDatabase, GetDatabase, the Iceberg* ops) ->
** the spec's answer. */
#include "front/etag.h"
#include "front/iceberg_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_LISTED 100000 /* items one answer gathers when the client does not page */
#define MAX_PAGE 1000     /* the largest page the listing operations give; pageSize is a bound */

/* ---------------------------------------------------------------- helpers */

/* After a not-found error about a table or view of database DB: about the namespace when DB
** does not exist.  Returns C's error code. */
static int not_found_in(struct ictx *c, const char *db)
{
    if (c->err.code == CAT_ENOTFOUND && db && c->entity != SRV_ICEBERG_NAMESPACE &&
        !ice_db_exists(c, db))
        c->entity = SRV_ICEBERG_NAMESPACE;
    return c->err.code;
}

/* {"DatabaseName": C's namespace} plus, with NAME, "Name". */
static json_t *names_in(const struct ictx *c, int name)
{
    json_t *in = json_pack("{s:s}", "DatabaseName", c->ns); /* returned */
    if (name)
        json_object_set_new(in, "Name", json_string(c->name));
    return in;
}

/* Run OP on IN (taken) and reply STATUS with its answer; a not-found about C's table or view
** checks the namespace. */
static int run_reply(struct ictx *c, const char *op, json_t *in, int status)
{
    struct op_result res;
    int rc = ice_run(c, op, in, &res);
    json_decref(in);
    if (rc != CAT_OK)
        return not_found_in(c, c->ns);
    rc = status == 204 ? ice_reply(c, 204, NULL) : ice_reply_result(c, status, &res);
    op_result_release(&res);
    return rc;
}

typedef json_t *item_fn(const struct ictx *c, const json_t *item);

/* Run listing OP on IN (taken) and reply {KEY: [CONV(item) for the answer's MEMBER items],
** "next-page-token": t}.  With query parameter pageToken (empty: the first page) one page of at
** most pageSize (at most MAX_PAGE) items; without it every item (up to MAX_LISTED), as the spec
** asks. */
static int list_reply(struct ictx *c, const char *op, json_t *in, const char *member,
                      const char *key, item_fn *conv)
{
    const char *token = ice_query(c, "pageToken"), *size = ice_query(c, "pageSize");
    json_t *items = json_array(), *next = NULL, *out = NULL, *it; /* owned */
    size_t i;
    int rc = CAT_OK;
    if (size) {
        char *end;
        long n = strtol(size, &end, 10);
        if (*size == '\0' || *end != '\0' || n < 1 || n > INT_MAX)
            rc = srv_error_set(&c->err, CAT_EINVAL,
                               "Query parameter pageSize must be a positive integer.");
        else
            json_object_set_new(in, "MaxResults", json_integer(n > MAX_PAGE ? MAX_PAGE : n));
    }
    if (token && *token)
        json_object_set_new(in, "NextToken", json_string(token));
    while (rc == CAT_OK) {
        const char *t;
        if ((rc = ice_call(c, op, in, &out)) != CAT_OK)
            break;
        json_array_foreach(json_object_get(out, member), i, it)
            json_array_append_new(items, conv(c, it));
        t = json_string_value(json_object_get(out, "NextToken"));
        if (t && (token || json_array_size(items) >= MAX_LISTED))
            next = json_string(t);
        else if (t)
            json_object_set_new(in, "NextToken", json_string(t));
        json_decref(out);
        out = NULL;
        if (t == NULL || next)
            break;
    }
    json_decref(in);
    if (rc != CAT_OK) {
        json_decref(items);
        return rc;
    }
    return ice_reply(
        c, 200, json_pack("{s:o, s:o}", key, items, "next-page-token", next ? next : json_null()));
}

/* Set the ETag of a load: a hash of the metadata location and the snapshots mode. */
static void set_etag(struct ictx *c, const char *location, const char *mode)
{
    struct sbuf b = {0};
    char tag[24];
    sbuf_adds(&b, mode);
    sbuf_adds(&b, "\n");
    sbuf_adds(&b, location);
    snprintf(tag, sizeof(tag), "\"%016llx\"", util_fnv1a(b.p));
    free(b.p);
    free(c->etag);
    c->etag = xstrdup(tag);
}

/* The "metadata-location" of a LoadTableResult answer RES (*TMP: a parsed page to release). */
static const char *result_location(const struct op_result *res, json_t **tmp)
{
    const char *v = json_string_value(json_object_get(res->page.extra, "metadata-location"));
    *tmp = NULL;
    if (res->out)
        return json_string_value(json_object_get(res->out, "metadata-location"));
    if (v)
        return v;
    if (res->page.member && (*tmp = op_page_object(&res->page)) != NULL)
        return json_string_value(
            json_object_get(json_object_get(*tmp, res->page.member), "metadata-location"));
    return NULL;
}

/* ---------------------------------------------------------------- namespaces */

/* A database's properties: its Parameters, location (LocationUri) and comment (Description). */
static json_t *ns_properties(const json_t *db)
{
    json_t *props = json_object(), *v; /* returned */
    const char *key, *s;
    json_object_foreach(json_object_get(db, "Parameters"), key, v) {
        if (json_is_string(v))
            json_object_set(props, key, v);
    }
    if ((s = json_string_value(json_object_get(db, "LocationUri"))) && *s)
        json_object_set_new(props, "location", json_string(s));
    if ((s = json_string_value(json_object_get(db, "Description"))) && *s)
        json_object_set_new(props, "comment", json_string(s));
    return props;
}

/* Reply STATUS with {"namespace", "properties"} of database NAME (NULL: only check it: 204). */
static int ns_reply(struct ictx *c, const char *name, int status)
{
    json_t *in = json_pack("{s:s}", "Name", name), *out = NULL, *db; /* owned: IN, OUT */
    int rc = ice_call(c, "GetDatabase", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return rc;
    db = json_object_get(out, "Database");
    rc = ice_reply(c, status,
                   status == 204 ? NULL
                                 : json_pack("{s:o, s:o}", "namespace",
                                             iceberg_namespace_levels(
                                                 json_string_value(json_object_get(db, "Name"))),
                                             "properties", ns_properties(db)));
    json_decref(out);
    return rc;
}

static json_t *ns_item(const struct ictx *c, const json_t *item)
{
    (void)c;
    return iceberg_namespace_levels(json_string_value(item));
}

static int h_ns_list(struct ictx *c)
{
    const char *parent = ice_query(c, "parent");
    json_t *in = json_object(); /* taken by list_reply() */
    if (parent && *parent) {    /* empty: absent, as the spec says */
        char *name = NULL;
        if (iceberg_namespace_name(parent, strlen(parent), 0, &name, &c->err) != CAT_OK) {
            json_decref(in);
            return c->err.code;
        }
        json_object_set_new(in, "Parent", json_string(name));
        free(name);
    }
    return list_reply(c, "IcebergListNamespaces", in, "Namespaces", "namespaces", ns_item);
}

static int h_ns_create(struct ictx *c)
{
    json_t *props = json_object_get(c->body, "properties"), *params = json_object(), *v, *dbin;
    json_t *in, *out = NULL; /* owned: PARAMS (handed to DBIN), IN (holds DBIN), OUT */
    const char *key;
    char *name = NULL;
    int rc;
    if (ice_levels_name(c, json_object_get(c->body, "namespace"), "namespace", &name) != CAT_OK) {
        json_decref(params);
        return c->err.code;
    }
    dbin = json_pack("{s:s}", "Name", name);
    in = json_pack("{s:o}", "DatabaseInput", dbin);
    if (props && !json_is_null(props) && !json_is_object(props))
        srv_error_set(&c->err, CAT_EINVAL, "properties must be an object of strings.");
    json_object_foreach(props, key, v) {
        if (!json_is_string(v)) {
            srv_error_set(&c->err, CAT_EINVAL, "properties.%.128s must be a string.", key);
            break;
        }
        if (strcmp(key, "location") == 0) {
            if (json_string_length(v) > 0)
                json_object_set(dbin, "LocationUri", v);
        } else if (strcmp(key, "comment") == 0) {
            json_object_set(dbin, "Description", v);
        } else {
            json_object_set(params, key, v);
        }
    }
    json_object_set_new(dbin, "Parameters", params);
    rc = c->err.code != CAT_OK ? c->err.code : ice_call(c, "CreateDatabase", in, &out);
    json_decref(in);
    json_decref(out);
    if (rc == CAT_OK)
        rc = ns_reply(c, name, 200);
    free(name);
    return rc;
}

static int h_ns_load(struct ictx *c)
{
    return ns_reply(c, c->ns, 200);
}

static int h_ns_exists(struct ictx *c)
{
    return ns_reply(c, c->ns, 204);
}

static int h_ns_drop(struct ictx *c)
{
    return run_reply(c, "IcebergDropNamespace", json_pack("{s:s}", "Name", c->ns), 204);
}

static int h_ns_properties(struct ictx *c)
{
    json_t *rm = json_object_get(c->body, "removals"), *up = json_object_get(c->body, "updates");
    json_t *v;
    const char *key;
    size_t i;
    if (rm && !json_is_null(rm) && !json_is_array(rm))
        return srv_error_set(&c->err, CAT_EINVAL, "removals must be an array of strings.");
    if (up && !json_is_null(up) && !json_is_object(up))
        return srv_error_set(&c->err, CAT_EINVAL, "updates must be an object of strings.");
    json_object_foreach(up, key, v) {
        if (!json_is_string(v))
            return srv_error_set(&c->err, CAT_EINVAL, "updates.%.128s must be a string.", key);
    }
    json_array_foreach(rm, i, v) {
        if (!json_is_string(v))
            return srv_error_set(&c->err, CAT_EINVAL, "removals[%zu] must be a string.", i);
        if (json_object_get(up, json_string_value(v))) {
            srv_error_set(&c->err, CAT_EINVAL,
                          "Property %.128s is both in removals and in updates.",
                          json_string_value(v));
            return ice_fail(c, 422, "UnprocessableEntityException");
        }
    }
    return run_reply(c, "IcebergUpdateNamespace",
                     json_pack("{s:s, s:o, s:o}", "Name", c->ns, "Removals",
                               json_is_array(rm) ? json_incref(rm) : json_array(), "Updates",
                               json_is_object(up) ? json_incref(up) : json_object()),
                     200);
}

/* ---------------------------------------------------------------- tables and views */

static json_t *table_item(const struct ictx *c, const json_t *item)
{
    char *db = util_lower(c->ns);
    json_t *id = json_pack("{s:o, s:O}", "namespace", iceberg_namespace_levels(db), "name", item);
    free(db);
    return id;
}

static int list_tables(struct ictx *c, int views)
{
    json_t *in = names_in(c, 0);
    json_object_set_new(in, "Views", json_boolean(views));
    return list_reply(c, "IcebergListTables", in, "Names", "identifiers", table_item);
}

static int h_table_list(struct ictx *c)
{
    return list_tables(c, 0);
}

static int h_view_list(struct ictx *c)
{
    return list_tables(c, 1);
}

/* Run OP with {DatabaseName, Request: the body} (+ Name with NAME) and answer 200 with its
** result (create, register, commit, replace). */
static int with_request(struct ictx *c, const char *op, int name)
{
    json_t *in = names_in(c, name);
    json_object_set(in, "Request", c->body);
    return run_reply(c, op, in, 200);
}

static int h_table_create(struct ictx *c)
{
    return with_request(c, "IcebergCreateTable", 0);
}
static int h_table_register(struct ictx *c)
{
    return with_request(c, "IcebergRegisterTable", 0);
}
static int h_table_commit(struct ictx *c)
{
    return with_request(c, "IcebergCommitTable", 1);
}
static int h_view_create(struct ictx *c)
{
    return with_request(c, "IcebergCreateView", 0);
}
static int h_view_replace(struct ictx *c)
{
    return with_request(c, "IcebergReplaceView", 1);
}

static int h_table_load(struct ictx *c)
{
    const char *mode = ice_query(c, "snapshots"), *loc;
    json_t *in, *tmp = NULL; /* owned */
    struct op_result res;
    int rc;
    if (mode && strcmp(mode, "all") != 0 && strcmp(mode, "refs") != 0)
        return srv_error_set(&c->err, CAT_EINVAL, "Query parameter snapshots must be all or refs.");
    in = names_in(c, 1);
    if (mode)
        json_object_set_new(in, "Snapshots", json_string(mode));
    rc = ice_run(c, "IcebergLoadTable", in, &res);
    json_decref(in);
    if (rc != CAT_OK)
        return not_found_in(c, c->ns);
    if ((loc = result_location(&res, &tmp)) != NULL)
        set_etag(c, loc, mode ? mode : "all");
    json_decref(tmp);
    if (c->etag && c->rq->if_none_match && etag_listed(c->rq->if_none_match, c->etag, 0))
        rc = ice_reply(c, 304, NULL);
    else
        rc = ice_reply_result(c, 200, &res);
    op_result_release(&res);
    return rc;
}

static int h_view_load(struct ictx *c)
{
    return run_reply(c, "IcebergLoadView", names_in(c, 1), 200);
}

/* HEAD of a table (VIEW 0) or a view: 204 when C's table is an Iceberg table (view). */
static int exists(struct ictx *c, int view)
{
    json_t *in = names_in(c, 1), *out = NULL; /* owned */
    const char *type;
    int rc = ice_call(c, "GetTable", in, &out);
    json_decref(in);
    if (rc != CAT_OK)
        return not_found_in(c, c->ns);
    type = json_string_value(json_object_get(
        json_object_get(json_object_get(out, "Table"), "Parameters"), "table_type"));
    if (type == NULL || strcasecmp(type, view ? "ICEBERG-VIEW" : "ICEBERG") != 0)
        rc = srv_error_set(&c->err, CAT_ENOTFOUND, "%s %.255s.%.255s is not an Iceberg %s.",
                           view ? "View" : "Table", c->ns, c->name, view ? "view" : "table");
    else
        rc = ice_reply(c, 204, NULL);
    json_decref(out);
    return rc;
}

static int h_table_exists(struct ictx *c)
{
    return exists(c, 0);
}
static int h_view_exists(struct ictx *c)
{
    return exists(c, 1);
}

static int drop(struct ictx *c, int view)
{
    json_t *in;
    int purge;
    if (ice_query_bool(c, "purgeRequested", 0, &purge) != CAT_OK)
        return c->err.code;
    in = names_in(c, 1);
    json_object_set_new(in, "Views", json_boolean(view));
    if (!view)
        json_object_set_new(in, "Purge", json_boolean(purge));
    return run_reply(c, "IcebergDropTable", in, 204);
}

static int h_table_drop(struct ictx *c)
{
    return drop(c, 0);
}
static int h_view_drop(struct ictx *c)
{
    return drop(c, 1);
}

/* POST /v1/{prefix}/tables/rename and views/rename: {"source", "destination"} identifiers. */
static int rename_table(struct ictx *c, int view)
{
    char *sdb = NULL, *ddb = NULL; /* owned */
    const char *sname, *dname;
    json_t *in, *out = NULL;
    int rc;
    if (ice_identifier(c, json_object_get(c->body, "source"), "source", &sdb, &sname) != CAT_OK ||
        ice_identifier(c, json_object_get(c->body, "destination"), "destination", &ddb, &dname) !=
            CAT_OK) {
        free(sdb);
        return c->err.code;
    }
    in = json_pack("{s:s, s:s, s:s, s:s, s:b}", "DatabaseName", sdb, "Name", sname,
                   "DestinationDatabaseName", ddb, "DestinationName", dname, "Views", view);
    rc = ice_call(c, "IcebergRenameTable", in, &out);
    json_decref(in);
    json_decref(out);
    if (rc == CAT_ENOTFOUND && not_found_in(c, sdb) == CAT_ENOTFOUND &&
        c->entity != SRV_ICEBERG_NAMESPACE)
        not_found_in(c, ddb);
    free(sdb);
    free(ddb);
    return rc != CAT_OK ? rc : ice_reply(c, 204, NULL);
}

static int h_table_rename(struct ictx *c)
{
    return rename_table(c, 0);
}
static int h_view_rename(struct ictx *c)
{
    return rename_table(c, 1);
}

/* POST .../tables/{table}/metrics: accepted and dropped (catalogd keeps no scan reports). */
static int h_metrics(struct ictx *c)
{
    return ice_reply(c, 204, NULL);
}

/* POST /v1/{prefix}/transactions/commit {"table-changes": [CommitTableRequest with
** identifier]}: IcebergCommitTransaction, all or nothing. */
static int h_tx_commit(struct ictx *c)
{
    json_t *changes = json_object_get(c->body, "table-changes"), *list, *ch, *in, *out = NULL;
    size_t i;
    int rc = CAT_OK;
    if (!json_is_array(changes) || json_array_size(changes) == 0)
        return srv_error_set(&c->err, CAT_EINVAL,
                             "table-changes must be a non-empty array of table commits.");
    list = json_array();
    json_array_foreach(changes, i, ch) {
        char where[64], *db = NULL;
        const char *name;
        snprintf(where, sizeof(where), "table-changes[%zu].identifier", i);
        if (!json_is_object(ch)) {
            rc = srv_error_set(&c->err, CAT_EINVAL, "table-changes[%zu] must be an object.", i);
            break;
        }
        if ((rc = ice_identifier(c, json_object_get(ch, "identifier"), where, &db, &name)) !=
            CAT_OK)
            break;
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:O}", "DatabaseName", db, "Name", name, "Request", ch));
        free(db);
    }
    if (rc != CAT_OK) {
        json_decref(list);
        return rc;
    }
    in = json_pack("{s:o}", "TableChanges", list);
    rc = ice_call(c, "IcebergCommitTransaction", in, &out);
    json_decref(out);
    if (rc == CAT_ENOTFOUND)
        json_array_foreach(list, i, ch) {
            if (not_found_in(c, json_string_value(json_object_get(ch, "DatabaseName"))) &&
                c->entity == SRV_ICEBERG_NAMESPACE)
                break;
        }
    json_decref(in);
    return rc != CAT_OK ? rc : ice_reply(c, 204, NULL);
}

/* ---------------------------------------------------------------- the table */

#define NS SRV_ICEBERG_NAMESPACE
#define TB SRV_ICEBERG_TABLE
#define VW SRV_ICEBERG_VIEW
#define PX ICE_PREFIX
#define T "/namespaces/{namespace}/tables/{table}"
#define V "/namespaces/{namespace}/views/{view}"

const struct ice_route ice_routes[] = {
    {"GET", "/config", 0, NS, "getConfig", NULL, ice_config},
    {"POST", "/oauth/tokens", ICE_OPEN | ICE_FORM, NS, "getToken", NULL, ice_oauth_tokens},
    {"GET", "/namespaces", PX, NS, "listNamespaces", "IcebergListNamespaces", h_ns_list},
    {"POST", "/namespaces", PX, NS, "createNamespace", "CreateDatabase", h_ns_create},
    {"GET", "/namespaces/{namespace}", PX, NS, "loadNamespaceMetadata", "GetDatabase", h_ns_load},
    {"HEAD", "/namespaces/{namespace}", PX, NS, "namespaceExists", "GetDatabase", h_ns_exists},
    {"DELETE", "/namespaces/{namespace}", PX, NS, "dropNamespace", "IcebergDropNamespace",
     h_ns_drop},
    {"POST", "/namespaces/{namespace}/properties", PX, NS, "updateProperties",
     "IcebergUpdateNamespace", h_ns_properties},
    {"GET", "/namespaces/{namespace}/tables", PX, NS, "listTables", "IcebergListTables",
     h_table_list},
    {"POST", "/namespaces/{namespace}/tables", PX, NS, "createTable", "IcebergCreateTable",
     h_table_create},
    {"POST", "/namespaces/{namespace}/register", PX, NS, "registerTable", "IcebergRegisterTable",
     h_table_register},
    {"GET", T, PX, TB, "loadTable", "IcebergLoadTable", h_table_load},
    {"HEAD", T, PX, TB, "tableExists", "GetTable", h_table_exists},
    {"POST", T, PX, TB, "updateTable", "IcebergCommitTable", h_table_commit},
    {"DELETE", T, PX, TB, "dropTable", "IcebergDropTable", h_table_drop},
    {"POST", T "/metrics", PX, TB, "reportMetrics", NULL, h_metrics},
    {"POST", "/tables/rename", PX, TB, "renameTable", "IcebergRenameTable", h_table_rename},
    {"POST", "/transactions/commit", PX, TB, "commitTransaction", "IcebergCommitTransaction",
     h_tx_commit},
    {"GET", "/namespaces/{namespace}/views", PX, NS, "listViews", "IcebergListTables", h_view_list},
    {"POST", "/namespaces/{namespace}/views", PX, NS, "createView", "IcebergCreateView",
     h_view_create},
    {"GET", V, PX, VW, "loadView", "IcebergLoadView", h_view_load},
    {"HEAD", V, PX, VW, "viewExists", "GetTable", h_view_exists},
    {"POST", V, PX, VW, "replaceView", "IcebergReplaceView", h_view_replace},
    {"DELETE", V, PX, VW, "dropView", "IcebergDropTable", h_view_drop},
    {"POST", "/views/rename", PX, VW, "renameView", "IcebergRenameTable", h_view_rename},
};

const size_t ice_nroutes = sizeof(ice_routes) / sizeof(ice_routes[0]);
