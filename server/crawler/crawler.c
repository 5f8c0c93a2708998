/* crawler.c -- Glue crawlers: the 14 operations, on the crawler documents the store keeps; the
** service that runs the crawls they start and schedule is crawl_service.c. */
#include "crawler/crawler.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "crawler/crawl_run.h"
#include "crawler/crawl_service.h"
#include "lang/cron.h"
#include "ops/token.h"
#include "store/store_crawler.h"

/* ================================================================ */
/* Documents.                                                         */

/* What a document shows: internal members (leading '_') removed. */
static json_t *present(const json_t *doc)
{
    json_t *out = json_object(), *v;
    const char *k;
    json_object_foreach((json_t *)doc, k, v) {
        if (k[0] != '_')
            json_object_set(out, k, v);
    }
    return out;
}

/* What a Crawler object shows: present(), with CrawlElapsedTime (milliseconds since the crawl
** started while it runs; 0 when it does not run, as Glue answers). */
static json_t *present_crawler(const json_t *doc)
{
    json_t *out = present(doc);
    const json_t *started = json_object_get(doc, "_Started");
    json_int_t ms = 0;
    if (json_is_number(started))
        ms = (json_int_t)((util_now() - json_number_value(started)) * 1000);
    json_object_set_new(out, "CrawlElapsedTime", json_integer(ms > 0 ? ms : 0));
    return out;
}

static const char *sched_state(const json_t *doc)
{
    const char *s = json_string_value(json_object_get(json_object_get(doc, "Schedule"), "State"));
    return s ? s : "NOT_SCHEDULED";
}

static int check_schedule(const char *expr, struct srv_error *err)
{
    struct cron c;
    char msg[200];
    if (cron_parse(expr, &c, msg, sizeof(msg)) != 0)
        return srv_error_set(err, CAT_EINVAL, "Invalid schedule expression %.300s: %s.", expr, msg);
    return CAT_OK;
}

/* Local targets must lie under a --crawl-root (s3:// targets are accepted and fail the crawl
** with a clear message, as no object store is configured). */
static int check_targets(const json_t *targets, struct srv_error *err)
{
    const json_t *t;
    size_t i;
    int nroots;
    const char *const *roots = crawler_roots(&nroots);
    json_array_foreach(json_object_get(targets, "S3Targets"), i, t) {
        const char *path = json_string_value(json_object_get(t, "Path"));
        char *real = NULL, msg[600];
        if (path == NULL)
            return srv_error_set(err, CAT_EINVAL, "S3Targets[%zu] has no Path.", i);
        if (strncmp(path, "s3://", 5) == 0 || strncmp(path, "s3a://", 6) == 0)
            continue;
        if (crawl_target_path(path, roots, nroots, &real, msg, sizeof(msg)) != 0 &&
            strstr(msg, "cannot be read") == NULL)
            return srv_error_set(err, CAT_EINVAL, "%s", msg);
        free(real);
    }
    return CAT_OK;
}

/* The members of a CreateCrawler/UpdateCrawler request that define a crawler. */
static const char *const DEFINITION[] = {"Role",
                                         "DatabaseName",
                                         "Description",
                                         "Targets",
                                         "Classifiers",
                                         "TablePrefix",
                                         "SchemaChangePolicy",
                                         "RecrawlPolicy",
                                         "LineageConfiguration",
                                         "Configuration",
                                         "CrawlerSecurityConfiguration",
                                         "LakeFormationConfiguration",
                                         NULL};

static int apply_definition(json_t *doc, const json_t *in, struct srv_error *err)
{
    const char *sched = json_string_value(json_object_get(in, "Schedule"));
    int i, rc;
    if (json_object_get(in, "Targets") &&
        (rc = check_targets(json_object_get(in, "Targets"), err)) != CAT_OK)
        return rc;
    if (sched && *sched && (rc = check_schedule(sched, err)) != CAT_OK)
        return rc;
    for (i = 0; DEFINITION[i]; i++) {
        json_t *v = json_object_get(in, DEFINITION[i]);
        if (v)
            json_object_set(doc, DEFINITION[i], v);
    }
    if (sched && *sched)
        json_object_set_new(
            doc, "Schedule",
            json_pack("{s:s, s:s}", "ScheduleExpression", sched, "State",
                      json_object_get(doc, "Schedule") ? sched_state(doc) : "SCHEDULED"));
    else if (sched)
        json_object_del(doc, "Schedule");
    return CAT_OK;
}

/* Record who creates or changes DOC's definition: its crawls run with this principal's rights
** (auth_crawl_permit(), checked when each crawl starts), and their writes are audited in its
** name.  Without --auth-file nobody is recorded. */
static void set_owner(const struct op_ctx *ctx, json_t *doc)
{
    if (ctx->who)
        json_object_set_new(doc, "_Principal", json_string(ctx->who->name));
    else
        json_object_del(doc, "_Principal");
}

/* Run FN(st, catalog, doc) on crawler NAME in one write transaction, and store the doc, once
** the caller is found to be allowed the stored crawler (auth_crawler_permit()). */
typedef int change_fn(struct op_ctx *ctx, const char *catalog, json_t *doc, const json_t *in,
                      struct srv_error *err);
static int change(struct op_ctx *ctx, const json_t *in, const char *name_key, change_fn *fn,
                  json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in), *name;
    json_t *doc = NULL;
    int rc;
    *out = NULL;
    if ((name = ops_required_str(in, name_key, err)) == NULL)
        return err->code;
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = store_crawler_get(ctx->st, catalog, name, &doc, err)) == CAT_OK &&
        (rc = auth_crawler_permit(ctx->who, ctx->op, doc, err)) == CAT_OK &&
        (rc = fn(ctx, catalog, doc, in, err)) == CAT_OK &&
        (rc = store_crawler_put(ctx->st, catalog, doc, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    json_decref(doc);
    return rc;
}

/* ================================================================ */
/* Operations.                                                        */

int crawler_create(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *name = ops_required_str(in, "Name", err);
    double now = util_now();
    json_t *doc;
    int rc;
    *out = NULL;
    if (name == NULL)
        return err->code;
    doc = json_pack("{s:s, s:s, s:f, s:f, s:i, s:{s:s, s:s}, s:{s:s}, s:{s:s}}", "Name", name,
                    "State", "READY", "CreationTime", now, "LastUpdated", now, "Version", 1,
                    "SchemaChangePolicy", "UpdateBehavior", "UPDATE_IN_DATABASE", "DeleteBehavior",
                    "DEPRECATE_IN_DATABASE", "RecrawlPolicy", "RecrawlBehavior", "CRAWL_EVERYTHING",
                    "LineageConfiguration", "CrawlerLineageSettings", "DISABLE");
    if (json_object_get(in, "Tags"))
        json_object_set(doc, "_Tags", json_object_get(in, "Tags"));
    set_owner(ctx, doc);
    if ((rc = apply_definition(doc, in, err)) == CAT_OK &&
        (rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = store_crawler_insert(ctx->st, ops_catalog(ctx, in), doc, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    json_decref(doc);
    if (rc == CAT_OK && json_object_get(in, "Schedule"))
        crawl_service_wake();
    return rc;
}

int crawler_get(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *name = ops_required_str(in, "Name", err);
    json_t *doc = NULL;
    int rc;
    *out = NULL;
    if (name == NULL)
        return err->code;
    if ((rc = store_crawler_get(ctx->st, ops_catalog(ctx, in), name, &doc, err)) == CAT_OK &&
        (rc = auth_crawler_permit(ctx->who, ctx->op, doc, err)) == CAT_OK)
        *out = json_pack("{s:o}", "Crawler", present_crawler(doc));
    json_decref(doc);
    return rc;
}

/* The crawler listing (ops_list_visible()): a catalog's crawlers by name, those the caller
** may see (all their databases allowed). */
struct crawler_listing {
    struct op_ctx *ctx;
    const char *catalog;
};

static int crawler_fetch(void *arg, const char *after, int limit, json_t **out, int *more,
                         struct srv_error *err)
{
    struct crawler_listing *l = arg;
    return store_crawler_list(l->ctx->st, l->catalog, after, limit, out, more, err);
}

static int crawler_keep(void *arg, const json_t *doc)
{
    return auth_crawler_denied(((struct crawler_listing *)arg)->ctx->who, doc) == NULL;
}

static char *crawler_key(void *arg, const json_t *doc)
{
    (void)arg;
    return xstrdup(json_string_value(json_object_get(doc, "Name")));
}

/* A page of crawlers for GetCrawlers / ListCrawlers / GetCrawlerMetrics: *LIST (new array of
** stored docs the caller may see) and the NextToken set on OUT. */
static int page(struct op_ctx *ctx, const json_t *in, const char *kind, json_t *out, json_t **list,
                struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const char *token = json_string_value(json_object_get(in, "NextToken"));
    struct crawler_listing cl = {ctx, catalog};
    struct ops_listing l = {crawler_fetch, crawler_keep, crawler_key, &cl};
    char *after = NULL, *next = NULL;
    int limit, rc;
    *list = NULL;
    if ((rc = ops_max_results(in, 100, 1000, &limit, err)) != CAT_OK)
        return rc;
    if (token && *token && (rc = token_parse(token, kind, catalog, &after, err)) != CAT_OK)
        return rc;
    rc = ops_list_visible(&l, after, limit, list, &next, err);
    free(after);
    if (rc == CAT_OK && next)
        ops_set_token(out, token_make(kind, catalog, next));
    free(next);
    return rc;
}

int crawler_list_full(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    json_t *list = NULL, *res = json_object(), *shown = json_array(), *d;
    size_t i;
    int rc;
    *out = NULL;
    if ((rc = page(ctx, in, "crawlers", res, &list, err)) == CAT_OK) {
        json_array_foreach(list, i, d)
            json_array_append_new(shown, present_crawler(d));
        json_object_set(res, "Crawlers", shown);
        *out = json_incref(res);
    }
    json_decref(shown);
    json_decref(list);
    json_decref(res);
    return rc;
}

int crawler_list_names(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *tags = json_object_get(in, "Tags");
    json_t *list = NULL, *res = json_object(), *names = json_array(), *d;
    size_t i;
    int rc;
    *out = NULL;
    if ((rc = page(ctx, in, "crawler-names", res, &list, err)) == CAT_OK) {
        json_array_foreach(list, i, d) {
            const char *k;
            json_t *v;
            int match = 1;
            json_object_foreach((json_t *)tags, k, v) {
                if (!json_equal(json_object_get(json_object_get(d, "_Tags"), k), v))
                    match = 0;
            }
            if (match)
                json_array_append(names, json_object_get(d, "Name"));
        }
        json_object_set(res, "CrawlerNames", names);
        *out = json_incref(res);
    }
    json_decref(names);
    json_decref(list);
    json_decref(res);
    return rc;
}

int crawler_batch_get(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *names = json_object_get(in, "CrawlerNames");
    json_t *found = json_array(), *missing = json_array();
    size_t i;
    int rc = CAT_OK;
    *out = NULL;
    for (i = 0; i < json_array_size(names); i++) {
        json_t *n = json_array_get(names, i), *doc = NULL;
        struct srv_error e;
        srv_error_init(&e);
        rc = store_crawler_get(ctx->st, ops_catalog(ctx, in), json_string_value(n), &doc, &e);
        if (rc == CAT_OK && auth_crawler_denied(ctx->who, doc) == NULL)
            json_array_append_new(found, present_crawler(doc));
        else if (rc == CAT_OK || rc == CAT_ENOTFOUND) /* not the caller's to see: not found */
            json_array_append(missing, n), rc = CAT_OK;
        json_decref(doc);
        if (rc != CAT_OK) {
            *err = e;
            break;
        }
    }
    if (rc == CAT_OK)
        *out = json_pack("{s:O, s:O}", "Crawlers", found, "CrawlersNotFound", missing);
    json_decref(found);
    json_decref(missing);
    return rc;
}

static int running(const json_t *doc, const char *what, struct srv_error *err)
{
    if (strcmp(crawl_state(doc), "READY") != 0)
        return srv_error_set(err, CAT_ECRAWLERRUNNING,
                             "Cannot %s crawler %.255s while it is %s: stop it or wait until it "
                             "completes.",
                             what, json_string_value(json_object_get(doc, "Name")),
                             crawl_state(doc));
    return CAT_OK;
}

static int do_update(struct op_ctx *ctx, const char *catalog, json_t *doc, const json_t *in,
                     struct srv_error *err)
{
    int rc;
    (void)ctx, (void)catalog;
    if ((rc = running(doc, "update", err)) != CAT_OK ||
        (rc = apply_definition(doc, in, err)) != CAT_OK)
        return rc;
    json_object_set_new(doc, "Version",
                        json_integer(json_integer_value(json_object_get(doc, "Version")) + 1));
    json_object_set_new(doc, "LastUpdated", json_real(util_now()));
    set_owner(ctx, doc);
    return CAT_OK;
}

int crawler_update(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    int rc = change(ctx, in, "Name", do_update, out, err);
    if (rc == CAT_OK)
        crawl_service_wake();
    return rc;
}

int crawler_delete(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in), *name = ops_required_str(in, "Name", err);
    json_t *doc = NULL;
    int rc;
    *out = NULL;
    if (name == NULL)
        return err->code;
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = store_crawler_get(ctx->st, catalog, name, &doc, err)) == CAT_OK &&
        (rc = auth_crawler_permit(ctx->who, ctx->op, doc, err)) == CAT_OK &&
        (rc = running(doc, "delete", err)) == CAT_OK &&
        (rc = store_crawler_delete(ctx->st, catalog, name, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    json_decref(doc);
    return rc;
}

static int do_start(struct op_ctx *ctx, const char *catalog, json_t *doc, const json_t *in,
                    struct srv_error *err)
{
    (void)in;
    if (strcmp(crawl_state(doc), "READY") != 0)
        return srv_error_set(err, CAT_ECRAWLERRUNNING,
                             "Crawler with name %.255s has already started.",
                             json_string_value(json_object_get(doc, "Name")));
    return crawl_begin(ctx->st, catalog, doc, err);
}

int crawler_start(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    int rc = change(ctx, in, "Name", do_start, out, err);
    if (rc == CAT_OK)
        crawl_service_wake();
    return rc;
}

static int do_stop(struct op_ctx *ctx, const char *catalog, json_t *doc, const json_t *in,
                   struct srv_error *err)
{
    const char *name = json_string_value(json_object_get(doc, "Name"));
    (void)ctx, (void)catalog, (void)in;
    if (strcmp(crawl_state(doc), "READY") == 0)
        return srv_error_set(err, CAT_ECRAWLERNOTRUNNING,
                             "Crawler with name %.255s is not running.", name);
    if (strcmp(crawl_state(doc), "STOPPING") == 0)
        return srv_error_set(err, CAT_ECRAWLERSTOPPING, "Crawler with name %.255s is stopping.",
                             name);
    json_object_set_new(doc, "State", json_string("STOPPING"));
    return CAT_OK;
}

int crawler_stop(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    int rc = change(ctx, in, "Name", do_stop, out, err);
    if (rc == CAT_OK) {
        crawl_service_cancel(ops_catalog(ctx, in), json_string_value(json_object_get(in, "Name")));
        crawl_service_wake();
    }
    return rc;
}

int crawler_metrics(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *names = json_object_get(in, "CrawlerNameList"), *d;
    json_t *list = NULL, *res = json_object(), *metrics = json_array();
    size_t i;
    int rc = CAT_OK;
    *out = NULL;
    if (json_array_size(names) > 0) {
        list = json_array();
        json_array_foreach(names, i, d) {
            json_t *doc = NULL;
            struct srv_error e;
            srv_error_init(&e);
            if (store_crawler_get(ctx->st, ops_catalog(ctx, in), json_string_value(d), &doc, &e) ==
                    CAT_OK &&
                auth_crawler_denied(ctx->who, doc) == NULL)
                json_array_append(list, doc);
            json_decref(doc);
        }
    } else {
        rc = page(ctx, in, "crawler-metrics", res, &list, err);
    }
    json_array_foreach(list, i, d) {
        const json_t *m = json_object_get(d, "_Metrics");
        json_array_append_new(
            metrics,
            json_pack(
                "{s:O, s:f, s:b, s:f, s:f, s:I, s:I, s:I}", "CrawlerName",
                json_object_get(d, "Name"), "TimeLeftSeconds", 0.0, "StillEstimating",
                strcmp(crawl_state(d), "READY") != 0, "LastRuntimeSeconds",
                json_number_value(json_object_get(m, "LastRuntimeSeconds")), "MedianRuntimeSeconds",
                json_number_value(json_object_get(m, "MedianRuntimeSeconds")), "TablesCreated",
                (json_int_t)json_integer_value(json_object_get(m, "TablesCreated")),
                "TablesUpdated",
                (json_int_t)json_integer_value(json_object_get(m, "TablesUpdated")),
                "TablesDeleted",
                (json_int_t)json_integer_value(json_object_get(m, "TablesDeleted"))));
    }
    if (rc == CAT_OK) {
        json_object_set(res, "CrawlerMetricsList", metrics);
        *out = json_incref(res);
    }
    json_decref(metrics);
    json_decref(list);
    json_decref(res);
    return rc;
}

/* ListCrawls' filter fields: FieldName, the crawl's member it compares, and how. */
enum fkind { F_TEXT, F_MILLIS, F_NUMBER };
static const struct {
    const char *field, *member;
    enum fkind kind;
} filter_fields[] = {{"CRAWL_ID", "CrawlId", F_TEXT},
                     {"STATE", "State", F_TEXT},
                     {"START_TIME", "StartTime", F_MILLIS},
                     {"END_TIME", "EndTime", F_MILLIS},
                     {"DPU_HOUR", "DPUHour", F_NUMBER}};

/* The row of FIELD in filter_fields (the model checked it is one). */
static size_t filter_field(const char *field)
{
    size_t i;
    for (i = 0; i < sizeof(filter_fields) / sizeof(filter_fields[0]) - 1; i++)
        if (strcmp(field, filter_fields[i].field) == 0)
            break;
    return i;
}

/* Parse FieldValue S of a filter of KIND into *OUT (epoch seconds for F_MILLIS).  0, or -1
** when S is not a number of that kind (an ISO date is not epoch milliseconds). */
static int filter_number(const char *s, enum fkind kind, double *out)
{
    char *end;
    long long ms;
    errno = 0;
    if (kind == F_MILLIS) {
        if (*s < '0' || *s > '9')
            return -1;
        ms = strtoll(s, &end, 10);
        *out = (double)ms / 1000;
    } else {
        if (*s == '\0' || *s == ' ')
            return -1;
        *out = strtod(s, &end);
    }
    return errno || *end || *out != *out ? -1 : 0;
}

/* Check ListCrawls' FILTERS as Glue does: every member given, only EQ and NE on STATE and
** CRAWL_ID (InvalidInputException); times are epoch milliseconds and DPU_HOUR a number
** (ValidationException naming the value). */
static int check_filters(const json_t *filters, struct srv_error *err)
{
    const json_t *f;
    size_t i;
    json_array_foreach(filters, i, f) {
        const char *field = json_string_value(json_object_get(f, "FieldName"));
        const char *op = json_string_value(json_object_get(f, "FilterOperator"));
        const char *value = json_string_value(json_object_get(f, "FieldValue"));
        size_t k;
        double d;
        if (!field || !op || !value || !*value)
            return srv_error_set(err, CAT_EINVAL,
                                 "Invalid Filter Provided: FieldName: %.40s, FilterOperator: "
                                 "%.40s, FieldValue: %.100s",
                                 field ? field : "null", op ? op : "null",
                                 value && *value ? value : "null");
        k = filter_field(field);
        if (filter_fields[k].kind == F_TEXT && strcmp(op, "EQ") != 0 && strcmp(op, "NE") != 0)
            return srv_error_set(err, CAT_EINVAL,
                                 "Only EQ or NE operator is allowed for field : %s", field);
        if (filter_fields[k].kind != F_TEXT && filter_number(value, filter_fields[k].kind, &d) != 0)
            return srv_error_set(err, CAT_EVALIDATION,
                                 "1 validation error detected: Value '%.100s' at "
                                 "'filters.%zu.member.fieldValue' failed to satisfy constraint: "
                                 "%s",
                                 value, i + 1,
                                 filter_fields[k].kind == F_MILLIS
                                     ? "Member must be an epoch timestamp in milliseconds"
                                     : "Member must be a number");
    }
    return CAT_OK;
}

/* Whether crawl C passes filter F ({FieldName, FilterOperator, FieldValue}, checked by
** check_filters()).  A crawl without the field (a running crawl's EndTime) passes NE only. */
static int filter_pass(const json_t *c, const json_t *f)
{
    const char *op = json_string_value(json_object_get(f, "FilterOperator"));
    const char *value = json_string_value(json_object_get(f, "FieldValue"));
    size_t k = filter_field(json_string_value(json_object_get(f, "FieldName")));
    const json_t *v = json_object_get(c, filter_fields[k].member);
    double cmp, want = 0;
    if (filter_fields[k].kind == F_TEXT && json_is_string(v))
        cmp = strcmp(json_string_value(v), value);
    else if (filter_fields[k].kind != F_TEXT && json_is_number(v) &&
             filter_number(value, filter_fields[k].kind, &want) == 0)
        cmp = json_number_value(v) - want;
    else
        return strcmp(op, "NE") == 0;
    return strcmp(op, "EQ") == 0   ? cmp == 0
           : strcmp(op, "NE") == 0 ? cmp != 0
           : strcmp(op, "GT") == 0 ? cmp > 0
           : strcmp(op, "GE") == 0 ? cmp >= 0
           : strcmp(op, "LT") == 0 ? cmp < 0
                                   : cmp <= 0;
}

int crawler_crawls(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *name = ops_required_str(in, "CrawlerName", err), *catalog = ops_catalog(ctx, in);
    const char *token = json_string_value(json_object_get(in, "NextToken")), *last;
    const json_t *filters = json_object_get(in, "Filters"), *f;
    json_t *list = NULL, *crawls = json_array(), *c, *doc = NULL;
    char *scope = NULL, *after = NULL; /* owned */
    size_t i, j, n;
    int limit, rc, more = 0;
    *out = NULL;
    if (name == NULL) {
        rc = err->code;
        goto done;
    }
    n = strlen(catalog) + strlen(name) + 2;
    scope = xmalloc(n);
    snprintf(scope, n, "%s/%s", catalog, name);
    if ((rc = check_filters(filters, err)) != CAT_OK ||
        (rc = ops_max_results(in, 20, 1000, &limit, err)) != CAT_OK ||
        (token && *token && (rc = token_parse(token, "crawls", scope, &after, err)) != CAT_OK) ||
        (rc = store_crawler_get(ctx->st, catalog, name, &doc, err)) != CAT_OK ||
        (rc = auth_crawler_permit(ctx->who, ctx->op, doc, err)) != CAT_OK ||
        (rc = store_crawl_list(ctx->st, catalog, name, &list, err)) != CAT_OK) {
        if (rc == CAT_ENOTFOUND) /* Glue's words for ListCrawls (no full stop) */
            srv_error_set(err, rc, "Crawler entry with name %.255s does not exist", name);
        goto done;
    }
    json_array_foreach(list, i, c) {
        int pass = 1;
        if (after) { /* resume after the token's crawl (newer crawls come before it) */
            const char *id = json_string_value(json_object_get(c, "CrawlId"));
            if (id && strcmp(id, after) == 0) {
                free(after);
                after = NULL;
            }
            continue;
        }
        json_array_foreach(filters, j, f)
            pass = pass && filter_pass(c, f);
        if (pass && (int)json_array_size(crawls) == limit) {
            more = 1;
            break;
        }
        if (pass)
            json_array_append_new(crawls, present(c));
    }
    *out = json_pack("{s:O}", "Crawls", crawls);
    last = json_string_value(json_object_get(json_array_get(crawls, (size_t)limit - 1), "CrawlId"));
    if (more && last)
        ops_set_token(*out, token_make("crawls", scope, last));
done:
    json_decref(crawls);
    json_decref(list);
    json_decref(doc);
    free(scope);
    free(after);
    return rc;
}

static int do_schedule_update(struct op_ctx *ctx, const char *catalog, json_t *doc,
                              const json_t *in, struct srv_error *err)
{
    const char *expr = json_string_value(json_object_get(in, "Schedule"));
    json_t *def;
    int rc;
    (void)ctx, (void)catalog;
    if (expr == NULL)
        return CAT_OK;
    def = json_pack("{s:s}", "Schedule", expr);
    rc = apply_definition(doc, def, err);
    json_decref(def);
    return rc;
}

static int do_schedule_start(struct op_ctx *ctx, const char *catalog, json_t *doc, const json_t *in,
                             struct srv_error *err)
{
    const char *name = json_string_value(json_object_get(doc, "Name"));
    (void)ctx, (void)catalog, (void)in;
    if (!json_object_get(doc, "Schedule"))
        return srv_error_set(err, CAT_ENOSCHEDULE, "Crawler with name %.255s has no schedule.",
                             name);
    if (strcmp(sched_state(doc), "SCHEDULED") == 0)
        return srv_error_set(err, CAT_ESCHEDRUNNING,
                             "The schedule of crawler %.255s is already running.", name);
    json_object_set_new(json_object_get(doc, "Schedule"), "State", json_string("SCHEDULED"));
    return CAT_OK;
}

static int do_schedule_stop(struct op_ctx *ctx, const char *catalog, json_t *doc, const json_t *in,
                            struct srv_error *err)
{
    (void)ctx, (void)catalog, (void)in;
    if (strcmp(sched_state(doc), "SCHEDULED") != 0)
        return srv_error_set(err, CAT_ESCHEDNOTRUNNING,
                             "The schedule of crawler %.255s is not running.",
                             json_string_value(json_object_get(doc, "Name")));
    json_object_set_new(json_object_get(doc, "Schedule"), "State", json_string("NOT_SCHEDULED"));
    return CAT_OK;
}

int crawler_schedule_update(struct op_ctx *ctx, const json_t *in, json_t **out,
                            struct srv_error *err)
{
    int rc = change(ctx, in, "CrawlerName", do_schedule_update, out, err);
    if (rc == CAT_OK)
        crawl_service_wake();
    return rc;
}

int crawler_schedule_start(struct op_ctx *ctx, const json_t *in, json_t **out,
                           struct srv_error *err)
{
    int rc = change(ctx, in, "CrawlerName", do_schedule_start, out, err);
    if (rc == CAT_OK)
        crawl_service_wake();
    return rc;
}

int crawler_schedule_stop(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    return change(ctx, in, "CrawlerName", do_schedule_stop, out, err);
}
