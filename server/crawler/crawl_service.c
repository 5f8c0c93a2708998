/* crawl_service.c -- the crawler service: one worker thread that runs started and scheduled
** crawls (crawl_run.c) and records their outcome, a heartbeat thread, the claim protocol. */
#include "crawler/crawl_service.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "crawler/crawl_run.h"
#include "lang/cron.h"
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

void crawl_service_wake(void)
{
    pthread_mutex_lock(&svc_mu);
    svc.wake = 1;
    pthread_cond_signal(&svc_cv);
    pthread_mutex_unlock(&svc_mu);
}

void crawl_service_cancel(const char *catalog, const char *name)
{
    pthread_mutex_lock(&svc_mu);
    if (strcmp(svc.cur_catalog, catalog) == 0 && strcmp(svc.cur_name, name) == 0)
        atomic_store(&svc.cancel, 1);
    pthread_mutex_unlock(&svc_mu);
}

/* ================================================================ */
/* A crawl's life.                                                    */

const char *crawl_state(const json_t *doc)
{
    const char *s = json_string_value(json_object_get(doc, "State"));
    return s ? s : "READY";
}

/* Mark DOC running a new crawl and record it in the history.  In the caller's transaction. */
int crawl_begin(struct store *st, const char *catalog, json_t *doc, struct srv_error *err)
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
    const char *state = crawl_state(doc);
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
                stop = strcmp(crawl_state(cur), "STOPPING") == 0;
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
            strcmp(crawl_state(doc), "READY") != 0 ||
            json_integer_value(json_object_get(doc, "_SchedMinute")) == minute)
            continue;
        for (attempt = 1;; attempt++) { /* serialization failures: as ops_run() */
            srv_error_init(&err);
            if ((st = store_acquire(svc.pool, &err)) == NULL)
                break;
            if (store_begin(st, &err) == CAT_OK &&
                store_crawler_get(st, catalog, json_string_value(json_object_get(doc, "Name")),
                                  &cur, &err) == CAT_OK &&
                strcmp(crawl_state(cur), "READY") == 0 &&
                json_integer_value(json_object_get(cur, "_SchedMinute")) != minute) {
                json_object_set_new(cur, "_SchedMinute", json_integer((json_int_t)minute));
                if (crawl_begin(st, catalog, cur, &err) == CAT_OK &&
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
