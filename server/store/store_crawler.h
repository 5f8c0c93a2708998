/* store_crawler.h -- the store interface for crawlers and their crawl history (part of the
** backend-neutral store, as store.h: Glue-shaped jansson objects, no SQL; SQLite backend in
** sqlite_crawler.c).  Ownership and threads as in store.h. */
#ifndef SRV_STORE_CRAWLER_H
#define SRV_STORE_CRAWLER_H

#include "store/store.h"

/* Crawlers are Glue `Crawler` objects; their Name is the key within CATALOG.  The store keeps
** the whole object and indexes State and whether Schedule.State is SCHEDULED. */

/* EEXISTS "Crawler with name NAME already exists." */
int store_crawler_insert(struct store *st, const char *catalog, const json_t *crawler,
                         struct srv_error *err);
/* ENOTFOUND "Crawler entry with name NAME does not exist." */
int store_crawler_get(struct store *st, const char *catalog, const char *name, json_t **out,
                      struct srv_error *err);
/* Replace crawler CRAWLER->Name with CRAWLER.  ENOTFOUND. */
int store_crawler_put(struct store *st, const char *catalog, const json_t *crawler,
                      struct srv_error *err);
/* Delete crawler NAME and its history.  ENOTFOUND. */
int store_crawler_delete(struct store *st, const char *catalog, const char *name,
                         struct srv_error *err);
/* Crawlers named after AFTER (NULL: from the start), by name, at most LIMIT; *MORE = 1 when
** more exist.  *OUT a new array of Crawler objects. */
int store_crawler_list(struct store *st, const char *catalog, const char *after, int limit,
                       json_t **out, int *more, struct srv_error *err);
/* Every catalog's crawlers in state STATE (or, when STATE is NULL, those whose schedule is
** SCHEDULED), as a new array of {"CatalogId", "Crawler"} objects. */
int store_crawler_scan(struct store *st, const char *state, json_t **out, struct srv_error *err);

/* Insert or replace (by CrawlId) crawl CRAWL, a CrawlerHistory object with a StartTime, of
** crawler NAME; keeps the newest STORE_CRAWLS_KEPT per crawler.  ENOTFOUND (crawler). */
#define STORE_CRAWLS_KEPT 100
int store_crawl_put(struct store *st, const char *catalog, const char *name, const json_t *crawl,
                    struct srv_error *err);
/* Crawler NAME's crawls, newest first, as a new array.  ENOTFOUND (crawler). */
int store_crawl_list(struct store *st, const char *catalog, const char *name, json_t **out,
                     struct srv_error *err);

#endif
