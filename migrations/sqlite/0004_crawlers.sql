-- 0004_crawlers: Glue crawlers and their crawl history.
--
-- A crawler is kept as its Glue `Crawler` object (JSON in `doc`: definition, Schedule,
-- LastCrawl, Version, times); `state` and `scheduled` copy what the background worker
-- looks crawlers up by.  `crawls` keeps each crawler's latest runs as `CrawlerHistory`
-- objects (plus the counts GetCrawlerMetrics reports), newest by start_time.
CREATE TABLE crawlers (
    id          INTEGER PRIMARY KEY,
    catalog_id  TEXT NOT NULL,
    name        TEXT NOT NULL,
    state       TEXT NOT NULL,
    scheduled   INTEGER NOT NULL DEFAULT 0,
    doc         TEXT NOT NULL,
    UNIQUE (catalog_id, name)
);
CREATE INDEX crawlers_state ON crawlers (state);

CREATE TABLE crawls (
    id          INTEGER PRIMARY KEY,
    crawler_id  INTEGER NOT NULL REFERENCES crawlers (id) ON DELETE CASCADE,
    crawl_id    TEXT NOT NULL UNIQUE,
    start_time  REAL NOT NULL,
    doc         TEXT NOT NULL
);
CREATE INDEX crawls_crawler ON crawls (crawler_id, start_time);
