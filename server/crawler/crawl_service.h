/* crawl_service.h -- the crawler service that runs started and scheduled crawls on one worker
** thread it owns: its start and stop (main()), and what the operations (crawler.c) ask of it.
**
** Threads: the service is process-wide (one per catalogd; several may share a store);
** crawler_service_start() and crawler_service_stop() are called by main() only; the handlers
** may run on any request thread, and only signal the worker (crawl_service_wake(), cancel
** flags), never crawl themselves. */
#ifndef SRV_CRAWL_SERVICE_H
#define SRV_CRAWL_SERVICE_H

#include <jansson.h>

#include "base/error.h"
#include "store/store.h"

struct store_pool;

/* Start the service on POOL: crawlers left RUNNING or STOPPING by a process that stopped
** (whose heartbeat is stale; see crawl_service.c) are marked READY with LastCrawl FAILED; then the
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

/* Wake the worker: a crawl was started or a schedule changed.  Any thread. */
void crawl_service_wake(void);
/* Set the cancel flag of the crawl this process runs when it is crawler NAME's of CATALOG;
** nothing otherwise.  Any thread. */
void crawl_service_cancel(const char *catalog, const char *name);

/* Crawler DOC's State: READY (also when absent), RUNNING or STOPPING. */
const char *crawl_state(const json_t *doc);
/* Mark DOC running a new crawl (a new CrawlId, StartTime now, not yet claimed by a worker) and
** record it in the history, in ST's open transaction (the caller commits and wakes the
** worker).  CAT_OK or the store's error in ERR. */
int crawl_begin(struct store *st, const char *catalog, json_t *doc, struct srv_error *err);

#endif
