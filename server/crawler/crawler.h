/* crawler.h -- Glue crawlers: the 14 operations (op_fn handlers).  They run on any request
** thread and never crawl themselves: they start and stop crawls through the service
** (crawl_service.h), which runs them on its own worker thread. */
#ifndef SRV_CRAWLER_H
#define SRV_CRAWLER_H

#include "ops/ops.h"

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
