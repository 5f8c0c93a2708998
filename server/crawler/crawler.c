/* crawler.c -- Glue crawlers: the 14 operations and the background service (one worker thread)
** that runs started and scheduled crawls (crawl_run.c) and records their outcome. */
#include "crawler/crawler.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "crawler/crawl_run.h"
#include "lang/cron.h"
#include "ops/token.h"
#include "store/store_crawler.h"

#define TICK_MAX 1.0  /* seconds between schedule checks at most */
#define BEAT_MAX 2.0  /* seconds between the running crawl's heartbeats at most */
#define STALE_MIN 2.0 /* the stale limit: twice the schedule minute, within 2 to 60 s */
#define STALE_MAX 60.0

/* Several catalogd may share one store: each process has an instance id (svc.me).  A RUNNING
** crawl is run by the process whose worker claimed it: in one write transaction the crawler
** gets "_Owner" (the instance id) and "_Beat" (when the owner last showed it is alive); the
** owner's beat thread refreshes "_Beat" every svc.beat seconds while the crawl runs and cancels
** the crawl when it finds the crawler STOPPING (StopCrawler sent to any process) or no longer
** its own.  A crawl whose owner has not beaten for svc.stale seconds is finished FAILED by any
** worker (the owner died).  Members with a leading '_' never leave the service (present()). */
static pthread_mutex_t svc_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t svc_cv = PTHREAD_COND_INITIALIZER;
static pthread_cond_t beat_cv = PTHREAD_COND_INITIALIZER;
static struct {
    pthread_t thread, beat_thread;
    int started, beat_started, shutdown, wake;
    struct store_pool *pool;
    char **roots;
    int nroots;
    double minute;               /* seconds in a schedule minute */
    double stale, beat;          /* seconds: owner presumed dead after; heartbeat every */
    char me[37];                 /* this process's instance id */
    struct auth_store *auth;     /* the principals, or NULL: no --auth-file */
    const char *default_catalog; /* the server's default CatalogId, for auth_crawl_permit() */
    atomic_int cancel; /* the running crawl should stop (set under svc_mu, read without) */
    char cur_catalog[256], cur_name[256], cur_crawl[64];
} svc;

void crawler_service_auth(struct auth_store *auth, const char *default_catalog)
{
    svc.auth = auth;
    svc.default_catalog = default_catalog;
}

const char *const *crawler_roots(int *n)
{
    *n = svc.nroots;
    return (const char *const *)svc.roots;
}

static void wake_worker(void)
{
    pthread_mutex_lock(&svc_mu);
    svc.wake = 1;
    pthread_cond_signal(&svc_cv);
    pthread_mutex_unlock(&svc_mu);
}

static void cancel_if_running(const char *catalog, const char *name)
{
    pthread_mutex_lock(&svc_mu);
    if (strcmp(svc.cur_catalog, catalog) == 0 && strcmp(svc.cur_name, name) == 0)
        atomic_store(&svc.cancel, 1);
    pthread_mutex_unlock(&svc_mu);
}

/* ================================================================ */
/* Documents.                                                         */

/* What a Crawler object shows: internal members (leading '_') removed, CrawlElapsedTime while
** it runs. */
static json_t *present(const json_t *doc)
{
    json_t *out = json_object(), *v;
    const char *k;
    json_object_foreach((json_t *)doc, k, v) {
        if (k[0] != '_')
            json_object_set(out, k, v);
    }
    if (json_is_number(json_object_get(doc, "_Started")))
        json_object_set_new(
            out, "CrawlElapsedTime",
            json_integer(
                (json_int_t)((util_now() - json_number_value(json_object_get(doc, "_Started"))) *
                             1000)));
    return out;
}

static const char *state_of(const json_t *doc)
{
    const char *s = json_string_value(json_object_get(doc, "State"));
    return s ? s : "READY";
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

/* Mark DOC running a new crawl and record it in the history.  In the caller's transaction. */
static int begin_crawl(struct store *st, const char *catalog, json_t *doc, struct srv_error *err)
{
    char id[37];
    double now = util_now();
    json_t *crawl;
    int rc;
    util_uuid(id);
    json_object_set_new(doc, "State", json_string("RUNNING"));
    json_object_set_new(doc, "_CrawlId", json_string(id));
    json_object_set_new(doc, "_Started", json_real(now));
    json_object_del(doc, "_Owner"); /* claimed by a worker (settle()) */
    json_object_del(doc, "_Beat");
    crawl = json_pack("{s:s, s:s, s:f}", "CrawlId", id, "State", "RUNNING", "StartTime", now);
    rc = store_crawl_put(st, catalog, json_string_value(json_object_get(doc, "Name")), crawl, err);
    json_decref(crawl);
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
        wake_worker();
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
        *out = json_pack("{s:o}", "Crawler", present(doc));
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
            json_array_append_new(shown, present(d));
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
            json_array_append_new(found, present(doc));
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
    if (strcmp(state_of(doc), "READY") != 0)
        return srv_error_set(err, CAT_ECRAWLERRUNNING,
                             "Cannot %s crawler %.255s while it is %s: stop it or wait until it "
                             "completes.",
                             what, json_string_value(json_object_get(doc, "Name")), state_of(doc));
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
        wake_worker();
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
    if (strcmp(state_of(doc), "READY") != 0)
        return srv_error_set(err, CAT_ECRAWLERRUNNING,
                             "Crawler with name %.255s has already started.",
                             json_string_value(json_object_get(doc, "Name")));
    return begin_crawl(ctx->st, catalog, doc, err);
}

int crawler_start(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    int rc = change(ctx, in, "Name", do_start, out, err);
    if (rc == CAT_OK)
        wake_worker();
    return rc;
}

static int do_stop(struct op_ctx *ctx, const char *catalog, json_t *doc, const json_t *in,
                   struct srv_error *err)
{
    const char *name = json_string_value(json_object_get(doc, "Name"));
    (void)ctx, (void)catalog, (void)in;
    if (strcmp(state_of(doc), "READY") == 0)
        return srv_error_set(err, CAT_ECRAWLERNOTRUNNING,
                             "Crawler with name %.255s is not running.", name);
    if (strcmp(state_of(doc), "STOPPING") == 0)
        return srv_error_set(err, CAT_ECRAWLERSTOPPING, "Crawler with name %.255s is stopping.",
                             name);
    json_object_set_new(doc, "State", json_string("STOPPING"));
    return CAT_OK;
}

int crawler_stop(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    int rc = change(ctx, in, "Name", do_stop, out, err);
    if (rc == CAT_OK) {
        cancel_if_running(ops_catalog(ctx, in), json_string_value(json_object_get(in, "Name")));
        wake_worker();
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
                strcmp(state_of(d), "READY") != 0, "LastRuntimeSeconds",
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

/* Whether crawl C passes filter F ({FieldName, FilterOperator, FieldValue}). */
static int filter_pass(const json_t *c, const json_t *f)
{
    static const char *const fields[][2] = {{"CRAWL_ID", "CrawlId"},
                                            {"STATE", "State"},
                                            {"START_TIME", "StartTime"},
                                            {"END_TIME", "EndTime"},
                                            {"DPU_HOUR", "DPUHour"}};
    const char *field = json_string_value(json_object_get(f, "FieldName"));
    const char *op = json_string_value(json_object_get(f, "FilterOperator"));
    const char *value = json_string_value(json_object_get(f, "FieldValue"));
    const json_t *v = NULL;
    double cmp;
    size_t i;
    if (!field || !op || !value)
        return 1;
    for (i = 0; i < 5; i++)
        if (strcmp(field, fields[i][0]) == 0)
            v = json_object_get(c, fields[i][1]);
    if (json_is_string(v))
        cmp = strcmp(json_string_value(v), value);
    else if (json_is_number(v))
        cmp = json_number_value(v) - strtod(value, NULL);
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
    if ((rc = ops_max_results(in, 20, 1000, &limit, err)) != CAT_OK ||
        (token && *token && (rc = token_parse(token, "crawls", scope, &after, err)) != CAT_OK) ||
        (rc = store_crawler_get(ctx->st, catalog, name, &doc, err)) != CAT_OK ||
        (rc = auth_crawler_permit(ctx->who, ctx->op, doc, err)) != CAT_OK ||
        (rc = store_crawl_list(ctx->st, catalog, name, &list, err)) != CAT_OK)
        goto done;
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
        wake_worker();
    return rc;
}

int crawler_schedule_start(struct op_ctx *ctx, const json_t *in, json_t **out,
                           struct srv_error *err)
{
    int rc = change(ctx, in, "CrawlerName", do_schedule_start, out, err);
    if (rc == CAT_OK)
        wake_worker();
    return rc;
}

int crawler_schedule_stop(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    return change(ctx, in, "CrawlerName", do_schedule_stop, out, err);
}

/* ================================================================ */
/* The worker.                                                        */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Wait on CV (with svc_mu held) for SECONDS at most. */
static void wait_for(pthread_cond_t *cv, double seconds)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += (time_t)seconds;
    until.tv_nsec += (long)((seconds - (double)(long)seconds) * 1e9);
    if (until.tv_nsec >= 1000000000L)
        until.tv_sec++, until.tv_nsec -= 1000000000L;
    pthread_cond_timedwait(cv, &svc_mu, &until);
}

/* Record the end of the crawl crawler DOC (read in ST's open transaction) runs: STATUS is
** SUCCEEDED, FAILED or CANCELLED, C what it did (NULL: nothing known).  The crawler is READY
** again; the caller commits. */
static int record_end(struct store *st, const char *catalog, json_t *doc, const char *status,
                      const char *message, const struct crawl *c, struct srv_error *err)
{
    const char *name = json_string_value(json_object_get(doc, "Name"));
    const char *crawl_id = json_string_value(json_object_get(doc, "_CrawlId"));
    json_t *hist, *m, *runs;
    double now = util_now(), start, med[64];
    char summary[256];
    size_t i, n;
    int rc;
    start = json_number_value(json_object_get(doc, "_Started"));
    snprintf(summary, sizeof(summary),
             "{\"TABLE\":{\"ADD\":%d,\"UPDATE\":%d},\"PARTITION\":{\"ADD\":%ld,\"DELETE\":%ld}}",
             c ? c->tables_created : 0, c ? c->tables_updated : 0, c ? c->partitions_added : 0,
             c ? c->partitions_deleted : 0);
    json_object_set_new(doc, "LastCrawl",
                        json_pack("{s:s, s:f, s:s, s:s, s:s}", "Status", status, "StartTime", start,
                                  "LogGroup", "/aws-glue/crawlers", "LogStream", name,
                                  "MessagePrefix", crawl_id ? crawl_id : "-"));
    if (message && *message)
        json_object_set_new(json_object_get(doc, "LastCrawl"), "ErrorMessage",
                            json_stringn(message, strnlen(message, 2048)));
    hist =
        json_pack("{s:s, s:s, s:f, s:f, s:s, s:f}", "CrawlId", crawl_id ? crawl_id : "-", "State",
                  strcmp(status, "SUCCEEDED") == 0   ? "COMPLETED"
                  : strcmp(status, "CANCELLED") == 0 ? "STOPPED"
                                                     : "FAILED",
                  "StartTime", start, "EndTime", now, "Summary", summary, "DPUHour", 0.0);
    if (message && *message)
        json_object_set_new(hist, "ErrorMessage", json_stringn(message, strnlen(message, 2048)));
    /* metrics: last run, the median of the last runs, what it created */
    m = json_object_get(doc, "_Metrics");
    runs = json_is_object(m) ? json_deep_copy(json_object_get(m, "Runtimes")) : NULL;
    if (!json_is_array(runs))
        json_decref(runs), runs = json_array();
    json_array_append_new(runs, json_real(now - start));
    while (json_array_size(runs) > 64)
        json_array_remove(runs, 0);
    n = json_array_size(runs);
    for (i = 0; i < n; i++)
        med[i] = json_number_value(json_array_get(runs, i));
    qsort(med, n, sizeof(double), cmp_double);
    json_object_set_new(doc, "_Metrics",
                        json_pack("{s:f, s:f, s:i, s:i, s:i, s:o}", "LastRuntimeSeconds",
                                  now - start, "MedianRuntimeSeconds", med[n / 2], "TablesCreated",
                                  c ? c->tables_created : 0, "TablesUpdated",
                                  c ? c->tables_updated : 0, "TablesDeleted",
                                  c ? c->tables_deleted : 0, "Runtimes", runs));
    json_object_set_new(doc, "State", json_string("READY"));
    json_object_del(doc, "_CrawlId"); /* crawl_id is not used below */
    json_object_del(doc, "_Started");
    json_object_del(doc, "_Owner");
    json_object_del(doc, "_Beat");
    if ((rc = store_crawler_put(st, catalog, doc, err)) == CAT_OK)
        rc = store_crawl_put(st, catalog, name, hist, err);
    json_decref(hist);
    return rc;
}

/* One attempt at finish(): *OUT says how it went. */
static void finish_once(const char *catalog, const char *name, const char *crawl_id,
                        const char *status, const char *message, const struct crawl *c,
                        struct srv_error *out)
{
    struct srv_error err;
    struct store *st;
    json_t *doc = NULL;
    srv_error_init(&err);
    if ((st = store_acquire(svc.pool, &err)) == NULL)
        goto fault;
    if (store_begin(st, &err) != CAT_OK ||
        store_crawler_get(st, catalog, name, &doc, &err) != CAT_OK)
        goto done;
    if (!json_is_string(json_object_get(doc, "_CrawlId")) ||
        strcmp(json_string_value(json_object_get(doc, "_CrawlId")), crawl_id) != 0)
        goto done; /* not the crawl this is about (another process found it stale, ended it) */
    if (record_end(st, catalog, doc, status, message, c, &err) == CAT_OK)
        store_commit(st, &err);
done:
    store_rollback(st);
    store_return(svc.pool, st);
    json_decref(doc);
fault:
    *out = err;
}

/* Record the end of crawl CRAWL_ID of crawler NAME: STATUS is SUCCEEDED, FAILED or CANCELLED.
** A serialization failure (PostgreSQL: another transaction touched the same rows) is tried
** again, as ops_run() does for requests, so a crawl's outcome is not lost. */
static void finish(const char *catalog, const char *name, const char *crawl_id, const char *status,
                   const char *message, const struct crawl *c)
{
    struct srv_error err;
    int attempt;
    for (attempt = 1;; attempt++) {
        finish_once(catalog, name, crawl_id, status, message, c, &err);
        if (err.code != CAT_ECONCURRENT || !err.retry || attempt >= STORE_MAX_ATTEMPTS)
            break;
        store_retry_pause(attempt);
    }
    if (err.code != CAT_OK)
        fprintf(stderr, "catalogd: crawler %s: recording its crawl failed: %s\n", name, err.msg);
}

/* What to do about a crawler found RUNNING or STOPPING. */
enum verdict {
    LEAVE,  /* nothing: a live process runs it (or it is READY by now) */
    CLAIM,  /* run it here: nobody has claimed it yet */
    CANCEL, /* stopped before anyone ran it: CANCELLED */
    DEAD    /* its process is gone: FAILED "catalogd stopped during the crawl." */
};

/* The verdict on crawler DOC at time NOW; STARTUP: for recover(), which claims nothing and
** takes an unclaimed crawl started over a stale limit ago as one a previous process left. */
static enum verdict judge(const json_t *doc, int startup, double now)
{
    const char *state = state_of(doc);
    const char *owner = json_string_value(json_object_get(doc, "_Owner"));
    if (strcmp(state, "RUNNING") != 0 && strcmp(state, "STOPPING") != 0)
        return LEAVE;
    if (owner) /* this process's own crawl is not running when the worker looks (it runs them) */
        return strcmp(owner, svc.me) != 0 &&
                       now - json_number_value(json_object_get(doc, "_Beat")) < svc.stale
                   ? LEAVE
                   : DEAD;
    if (strcmp(state, "STOPPING") == 0)
        return CANCEL;
    if (startup)
        return now - json_number_value(json_object_get(doc, "_Started")) >= svc.stale ? DEAD
                                                                                      : LEAVE;
    return CLAIM;
}

/* Act on crawler ENTRY ({CatalogId, Crawler}) found RUNNING or STOPPING by a scan (STARTUP:
** recover()'s).  The verdict is taken again in the write transaction that acts on it, so one
** process only claims a crawl or ends it (SERIALIZABLE on PostgreSQL, one writer at a time on
** SQLite).  Returns the claimed crawler (the caller runs it and releases it) or NULL. */
static json_t *settle(const json_t *entry, int startup)
{
    const char *catalog = json_string_value(json_object_get(entry, "CatalogId"));
    const char *name =
        json_string_value(json_object_get(json_object_get(entry, "Crawler"), "Name"));
    struct srv_error err;
    struct store *st;
    json_t *cur = NULL, *claimed = NULL;
    enum verdict v = judge(json_object_get(entry, "Crawler"), startup, util_now());
    int attempt;
    if (v == LEAVE)
        return NULL; /* no write transaction for the common case: another process's crawl */
    for (attempt = 1;; attempt++) { /* serialization failures: as ops_run() */
        srv_error_init(&err);
        if ((st = store_acquire(svc.pool, &err)) == NULL)
            break;
        if (store_begin(st, &err) == CAT_OK &&
            store_crawler_get(st, catalog, name, &cur, &err) == CAT_OK) {
            v = judge(cur, startup, util_now());
            if (v == CLAIM) {
                json_object_set_new(cur, "_Owner", json_string(svc.me));
                json_object_set_new(cur, "_Beat", json_real(util_now()));
                if (store_crawler_put(st, catalog, cur, &err) == CAT_OK &&
                    store_commit(st, &err) == CAT_OK)
                    claimed = json_incref(cur);
            } else if (v == CANCEL || v == DEAD) {
                if (record_end(st, catalog, cur, v == CANCEL ? "CANCELLED" : "FAILED",
                               v == CANCEL ? "" : "catalogd stopped during the crawl.", NULL,
                               &err) == CAT_OK &&
                    store_commit(st, &err) == CAT_OK && v == DEAD)
                    fprintf(stderr,
                            "catalogd: crawler %s: the process running its crawl stopped; "
                            "recorded it FAILED\n",
                            name);
            }
        }
        store_rollback(st);
        store_return(svc.pool, st);
        json_decref(cur);
        cur = NULL;
        if (err.code != CAT_ECONCURRENT || !err.retry || attempt >= STORE_MAX_ATTEMPTS)
            break;
        store_retry_pause(attempt);
    }
    if (err.code != CAT_OK && err.code != CAT_ENOTFOUND)
        fprintf(stderr, "catalogd: crawler %s: %s\n", name, err.msg);
    return claimed;
}

/* One heartbeat of crawl CRAWL_ID of crawler NAME, run by this process: refresh "_Beat".
** Returns 1 when the crawl should stop: the crawler is STOPPING (StopCrawler on any process),
** or the crawl is no longer this process's (found stale and ended by another). */
static int beat_once(const char *catalog, const char *name, const char *crawl_id)
{
    struct srv_error err;
    struct store *st;
    json_t *cur = NULL;
    int attempt, stop = 0;
    for (attempt = 1;; attempt++) {
        srv_error_init(&err);
        if ((st = store_acquire(svc.pool, &err)) == NULL)
            break;
        if (store_begin(st, &err) == CAT_OK &&
            store_crawler_get(st, catalog, name, &cur, &err) == CAT_OK) {
            const char *id = json_string_value(json_object_get(cur, "_CrawlId"));
            const char *owner = json_string_value(json_object_get(cur, "_Owner"));
            if (!id || strcmp(id, crawl_id) != 0 || !owner || strcmp(owner, svc.me) != 0) {
                stop = 1;
            } else {
                stop = strcmp(state_of(cur), "STOPPING") == 0;
                json_object_set_new(cur, "_Beat", json_real(util_now()));
                if (store_crawler_put(st, catalog, cur, &err) == CAT_OK)
                    store_commit(st, &err);
            }
        } else if (err.code == CAT_ENOTFOUND) {
            stop = 1;
        }
        store_rollback(st);
        store_return(svc.pool, st);
        json_decref(cur);
        cur = NULL;
        if (err.code != CAT_ECONCURRENT || !err.retry || attempt >= STORE_MAX_ATTEMPTS)
            break;
        store_retry_pause(attempt);
    }
    if (err.code != CAT_OK && err.code != CAT_ENOTFOUND)
        fprintf(stderr, "catalogd: crawler %s: heartbeat failed: %s\n", name, err.msg);
    return stop;
}

/* The heartbeat thread: while a crawl runs here, beat_once() every svc.beat seconds. */
static void *beater(void *arg)
{
    char catalog[256], name[256], crawl[64];
    (void)arg;
    pthread_mutex_lock(&svc_mu);
    while (!svc.shutdown) {
        wait_for(&beat_cv, svc.beat);
        if (svc.shutdown || svc.cur_crawl[0] == '\0')
            continue;
        memcpy(catalog, svc.cur_catalog, sizeof(catalog));
        memcpy(name, svc.cur_name, sizeof(name));
        memcpy(crawl, svc.cur_crawl, sizeof(crawl));
        pthread_mutex_unlock(&svc_mu);
        if (beat_once(catalog, name, crawl)) {
            pthread_mutex_lock(&svc_mu);
            if (strcmp(svc.cur_crawl, crawl) == 0)
                atomic_store(&svc.cancel, 1);
        } else {
            pthread_mutex_lock(&svc_mu);
        }
    }
    pthread_mutex_unlock(&svc_mu);
    return NULL;
}

/* Run the crawl of crawler DOC of CATALOG, claimed by this process. */
static void run_one(const char *catalog, const json_t *doc)
{
    const char *name = json_string_value(json_object_get(doc, "Name"));
    const char *crawl_id = json_string_value(json_object_get(doc, "_CrawlId"));
    struct crawl c;
    char msg[2048];
    int rc, shutdown;
    if (!catalog || !name || !crawl_id)
        return;
    memset(&c, 0, sizeof(c));
    if (svc.auth) { /* the crawl writes with its owner's rights, as they are now */
        struct auth_set *a = auth_acquire(svc.auth);
        struct srv_error e;
        srv_error_init(&e);
        rc = auth_crawl_permit(a, json_string_value(json_object_get(doc, "_Principal")), doc,
                               catalog, svc.default_catalog, &e);
        auth_release(a);
        if (rc != CAT_OK) {
            fprintf(stderr, "catalogd: crawler %s: %s\n", name, e.msg);
            finish(catalog, name, crawl_id, "FAILED", e.msg, &c);
            return;
        }
    }
    c.owner = json_string_value(json_object_get(doc, "_Principal"));
    pthread_mutex_lock(&svc_mu);
    snprintf(svc.cur_catalog, sizeof(svc.cur_catalog), "%s", catalog);
    snprintf(svc.cur_name, sizeof(svc.cur_name), "%s", name);
    snprintf(svc.cur_crawl, sizeof(svc.cur_crawl), "%s", crawl_id);
    atomic_store(&svc.cancel, svc.shutdown);
    pthread_mutex_unlock(&svc_mu);
    c.pool = svc.pool;
    c.catalog = catalog;
    c.crawler = doc;
    c.roots = (const char *const *)svc.roots;
    c.nroots = svc.nroots;
    c.cancel = &svc.cancel;
    rc = crawl_run(&c);
    pthread_mutex_lock(&svc_mu);
    svc.cur_catalog[0] = svc.cur_name[0] = svc.cur_crawl[0] = '\0';
    shutdown = svc.shutdown;
    pthread_mutex_unlock(&svc_mu);
    if (rc == 0)
        snprintf(msg, sizeof(msg), "%s%s%s", c.nnotes ? "Crawl completed with notes: " : "",
                 c.notes.p ? c.notes.p : "", c.notes.len > 4096 ? " ..." : "");
    else if (rc < 0)
        snprintf(msg, sizeof(msg), "%s%s%s", c.error, c.notes.p ? " Notes: " : "",
                 c.notes.p ? c.notes.p : "");
    else
        snprintf(msg, sizeof(msg), "%s", shutdown ? "catalogd shut down during the crawl." : "");
    finish(catalog, name, crawl_id,
           rc == 0              ? "SUCCEEDED"
           : rc < 0 || shutdown ? "FAILED"
                                : "CANCELLED",
           msg, &c);
    free(c.notes.p);
}

/* Crawlers in STATE, as {CatalogId, Crawler} entries (NULL STATE: the scheduled ones). */
static json_t *scan(const char *state)
{
    struct srv_error err;
    struct store *st;
    json_t *list = NULL;
    srv_error_init(&err);
    if ((st = store_acquire(svc.pool, &err)) == NULL)
        return NULL;
    if (store_crawler_scan(st, state, &list, &err) != CAT_OK)
        fprintf(stderr, "catalogd: crawler scan failed: %s\n", err.msg);
    store_return(svc.pool, st);
    return list;
}

/* Start the scheduled crawlers whose cron matches the current minute (MINUTE counts schedule
** minutes; when they are shorter than 60 s, for tests, it replaces the calendar's minute).
** "_SchedMinute" records the minute a crawler was started for, so that of several processes
** over one store only one starts it, even when its crawl ends before another process looks. */
static void run_schedules(long long minute)
{
    json_t *list = scan(NULL), *e;
    time_t t = (time_t)util_now();
    struct tm tm;
    size_t i;
    gmtime_r(&t, &tm);
    if (svc.minute < 60)
        tm.tm_min = (int)(minute % 60);
    json_array_foreach(list, i, e) {
        const json_t *doc = json_object_get(e, "Crawler");
        const char *catalog = json_string_value(json_object_get(e, "CatalogId"));
        const char *expr = json_string_value(
            json_object_get(json_object_get(doc, "Schedule"), "ScheduleExpression"));
        struct cron cr;
        char msg[200];
        struct srv_error err;
        struct store *st;
        json_t *cur = NULL;
        int attempt;
        if (!expr || cron_parse(expr, &cr, msg, sizeof(msg)) != 0 || !cron_matches(&cr, &tm) ||
            strcmp(state_of(doc), "READY") != 0 ||
            json_integer_value(json_object_get(doc, "_SchedMinute")) == minute)
            continue;
        for (attempt = 1;; attempt++) { /* serialization failures: as ops_run() */
            srv_error_init(&err);
            if ((st = store_acquire(svc.pool, &err)) == NULL)
                break;
            if (store_begin(st, &err) == CAT_OK &&
                store_crawler_get(st, catalog, json_string_value(json_object_get(doc, "Name")),
                                  &cur, &err) == CAT_OK &&
                strcmp(state_of(cur), "READY") == 0 &&
                json_integer_value(json_object_get(cur, "_SchedMinute")) != minute) {
                json_object_set_new(cur, "_SchedMinute", json_integer((json_int_t)minute));
                if (begin_crawl(st, catalog, cur, &err) == CAT_OK &&
                    store_crawler_put(st, catalog, cur, &err) == CAT_OK)
                    store_commit(st, &err);
            }
            store_rollback(st);
            store_return(svc.pool, st);
            json_decref(cur);
            cur = NULL;
            if (err.code != CAT_ECONCURRENT || !err.retry || attempt >= STORE_MAX_ATTEMPTS)
                break;
            store_retry_pause(attempt);
        }
    }
    json_decref(list);
}

static void *worker(void *arg)
{
    long long last_minute = -1;
    (void)arg;
    pthread_mutex_lock(&svc_mu);
    while (!svc.shutdown) {
        double now, tick = svc.minute / 2 < TICK_MAX ? svc.minute / 2 : TICK_MAX;
        long long minute;
        json_t *list, *e, *doc;
        size_t i;
        svc.wake = 0;
        pthread_mutex_unlock(&svc_mu);
        now = util_now();
        minute = (long long)(now / svc.minute);
        if (minute != last_minute) {
            if (last_minute >= 0)
                run_schedules(minute);
            last_minute = minute;
        }
        /* stopped before any process got to them, or whose process died */
        list = scan("STOPPING");
        json_array_foreach(list, i, e)
            json_decref(settle(e, 0));
        json_decref(list);
        list = scan("RUNNING");
        json_array_foreach(list, i, e) {
            pthread_mutex_lock(&svc_mu);
            if (svc.shutdown) {
                pthread_mutex_unlock(&svc_mu);
                break;
            }
            pthread_mutex_unlock(&svc_mu);
            if ((doc = settle(e, 0)) != NULL) {
                run_one(json_string_value(json_object_get(e, "CatalogId")), doc);
                json_decref(doc);
            }
        }
        json_decref(list);
        pthread_mutex_lock(&svc_mu);
        if (svc.wake || svc.shutdown)
            continue;
        wait_for(&svc_cv, tick);
    }
    pthread_mutex_unlock(&svc_mu);
    return NULL;
}

/* Crawls interrupted by a previous process's end: those whose process stopped beating (as
** this process's instance id is new, its own previous life's too), and unclaimed ones started
** over a stale limit ago.  Crawls another live process runs are left alone. */
static void recover(void)
{
    static const char *const states[] = {"RUNNING", "STOPPING"};
    int k;
    for (k = 0; k < 2; k++) {
        json_t *list = scan(states[k]), *e;
        size_t i;
        json_array_foreach(list, i, e)
            json_decref(settle(e, 1));
        json_decref(list);
    }
}

static void free_roots(void)
{
    int i;
    for (i = 0; i < svc.nroots; i++)
        free(svc.roots[i]);
    free(svc.roots);
    svc.roots = NULL;
    svc.nroots = 0;
}

int crawler_service_start(struct store_pool *pool, const char *const *roots, int nroots,
                          double minute_seconds, struct srv_error *err)
{
    int i;
    svc.pool = pool;
    svc.minute = minute_seconds > 0 ? minute_seconds : 60;
    svc.roots = xcalloc((size_t)nroots + 1, sizeof(char *));
    for (i = 0; i < nroots; i++) {
        char *r = realpath(roots[i], NULL);
        if (r == NULL) {
            free_roots();
            return srv_error_set(err, CAT_EINVAL, "--crawl-root %s does not resolve to a folder.",
                                 roots[i]);
        }
        svc.roots[svc.nroots++] = r;
    }
    util_uuid(svc.me);
    svc.stale = 2 * svc.minute < STALE_MIN   ? STALE_MIN
                : 2 * svc.minute > STALE_MAX ? STALE_MAX
                                             : 2 * svc.minute;
    svc.beat = svc.stale / 5 < BEAT_MAX ? svc.stale / 5 : BEAT_MAX;
    recover();
    svc.shutdown = 0;
    if (pthread_create(&svc.thread, NULL, worker, NULL) != 0) {
        free_roots();
        return srv_error_set(err, CAT_EINTERNAL, "Cannot start the crawler thread.");
    }
    svc.started = 1;
    if (pthread_create(&svc.beat_thread, NULL, beater, NULL) != 0) {
        crawler_service_stop();
        return srv_error_set(err, CAT_EINTERNAL, "Cannot start the crawler thread.");
    }
    svc.beat_started = 1;
    return CAT_OK;
}

void crawler_service_stop(void)
{
    if (!svc.started)
        return;
    pthread_mutex_lock(&svc_mu);
    svc.shutdown = 1;
    atomic_store(&svc.cancel, 1);
    pthread_cond_signal(&svc_cv);
    pthread_cond_signal(&beat_cv);
    pthread_mutex_unlock(&svc_mu);
    pthread_join(svc.thread, NULL);
    if (svc.beat_started)
        pthread_join(svc.beat_thread, NULL);
    svc.started = svc.beat_started = 0;
    free_roots();
}
