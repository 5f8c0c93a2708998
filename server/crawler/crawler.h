/* crawler.h -- Glue crawlers: the 14 operations (op_fn handlers) and the background service
** that runs started and scheduled crawls on one worker thread it owns.
**
** Threads: the service is process-wide (one per catalogd; several may share a store);
** crawler_service_start() and crawler_service_stop() are called by main() only; the handlers
** may run on any request thread, and only signal the worker (crawler_wake(), cancel flags),
** never crawl themselves. */
#ifndef SRV_CRAWLER_H
#define SRV_CRAWLER_H

#include "ops/ops.h"

struct store_pool;

/* Start the service on POOL: crawlers left RUNNING or STOPPING by a process that stopped
** (whose heartbeat is stale; see crawler.c) are marked READY with LastCrawl FAILED; then the
** worker thread runs crawls and schedules, claiming each crawl so that of several processes
** over one store only one runs it, and a heartbeat thread keeps the running crawl's claim fresh
** and notices StopCrawler sent to another process.
** ROOTS (NROOTS directories, copied and resolved with realpath) are where crawlers may read.
** MINUTE_SECONDS is the length of a schedule minute (60; tests use less).  CAT_OK or
** CAT_EINVAL (a root that does not resolve) / CAT_EINTERNAL with ERR set. */
int crawler_service_start(struct store_pool *pool, const char *const *roots, int nroots,
                          double minute_seconds, struct srv_error *err);
/* Cancel the running crawl (recorded as FAILED "catalogd shut down during the crawl"), stop the
** worker and join it.  Safe when the service never started. */
void crawler_service_stop(void);

/* Crawls run with the rights of their crawler's owner (who created or last updated it): when
** AUTH (the --auth-file principals) is set, each crawl first checks them (auth_crawl_permit())
** and fails, writing nothing, when they no longer cover the crawler.  DEFAULT_CATALOG is the
** server's CatalogId.  Called by main() before crawler_service_start(); both are kept. */
struct auth_store;
void crawler_service_auth(struct auth_store *auth, const char *default_catalog);

/* The resolved crawl roots (also used by CreateCrawler's target check), and their count. */
const char *const *crawler_roots(int *n);

op_fn crawler_create;          /* CreateCrawler: AlreadyExists, InvalidInput (target, schedule) */
op_fn crawler_get;             /* GetCrawler: EntityNotFound */
op_fn crawler_list_full;       /* GetCrawlers: paged by name */
op_fn crawler_list_names;      /* ListCrawlers: names, Tags filter */
op_fn crawler_batch_get;       /* BatchGetCrawlers: Crawlers + CrawlersNotFound */
op_fn crawler_update;          /* UpdateCrawler: CrawlerRunning unless READY */
op_fn crawler_delete;          /* DeleteCrawler: CrawlerRunning unless READY */
op_fn crawler_start;           /* StartCrawler: CrawlerRunning unless READY */
op_fn crawler_stop;            /* StopCrawler: CrawlerNotRunning, CrawlerStopping */
op_fn crawler_metrics;         /* GetCrawlerMetrics */
op_fn crawler_crawls;          /* ListCrawls: newest first, Filters on STATE / CRAWL_ID; paged */
op_fn crawler_schedule_update; /* UpdateCrawlerSchedule */
op_fn crawler_schedule_start;  /* StartCrawlerSchedule: NoSchedule, SchedulerRunning */
op_fn crawler_schedule_stop;   /* StopCrawlerSchedule: SchedulerNotRunning */

#endif
