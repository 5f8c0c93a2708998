/* sqlite_crawler.c -- SQLite backend: crawlers as JSON documents and their crawl history. */
#include <stdlib.h>
#include <string.h>

#include "store/shape.h"
#include "store/sqlite/sqlite_int.h"
#include "store/sqlite/sqlite_row.h"
#include "store/store_crawler.h"

static const char SQL_INSERT[] = "INSERT INTO crawlers (catalog_id, name, state, scheduled, doc) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_GET[] = SHAPE_SQL_CRAWLER_GET("?");
static const char SQL_PUT[] = SHAPE_SQL_CRAWLER_PUT("?");
static const char SQL_DELETE[] = SHAPE_SQL_CRAWLER_DELETE("?");
static const char SQL_LIST[] = SHAPE_SQL_CRAWLER_LIST("?");
static const char SQL_SCAN_STATE[] = SHAPE_SQL_CRAWLER_SCAN_STATE("?");
static const char SQL_SCAN_SCHED[] = SHAPE_SQL_CRAWLER_SCAN_SCHED;
static const char SQL_CRAWL_PUT[] =
    "INSERT INTO crawls (crawler_id, crawl_id, start_time, doc) "
    "SELECT id, ?3, ?4, ?5 FROM crawlers WHERE catalog_id = ?1 AND name = ?2 "
    "ON CONFLICT (crawl_id) DO UPDATE SET doc = excluded.doc";
static const char SQL_CRAWL_TRIM[] = SHAPE_SQL_CRAWL_TRIM("?");
static const char SQL_CRAWL_LIST[] =
    "SELECT c.doc FROM crawls c JOIN crawlers r ON r.id = c.crawler_id "
    "WHERE r.catalog_id = ?1 AND r.name = ?2 ORDER BY c.start_time DESC, c.id DESC";

/* Bind catalog (1), name (2), state (3), scheduled (4) and the document (5) of CRAWLER. */
static void bind_doc(sqlite3_stmt *s, const char *catalog, const json_t *crawler)
{
    sqlite3_bind_text(s, 1, catalog, -1, SQLITE_STATIC);
    row_bind_str(s, 2, crawler, "Name");
    sqlite3_bind_text(s, 3, shape_crawler_state(crawler), -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 4, shape_crawler_scheduled(crawler));
    row_bind_text_owned(s, 5, json_dumps(crawler, JSON_COMPACT));
}

int sq_crawler_insert(struct store *st, const char *catalog, const json_t *crawler,
                      struct srv_error *err)
{
    sqlite3_stmt *s;
    int rc;
    if ((s = sq_prep(st, SQL_INSERT, err)) == NULL)
        return err->code;
    bind_doc(s, catalog, crawler);
    if ((rc = row_step_done(st, s, err)) == CAT_EEXISTS)
        shape_crawler_exists(crawler, err);
    return rc;
}

int sq_crawler_get(struct store *st, const char *catalog, const char *name, json_t **out,
                   struct srv_error *err)
{
    sqlite3_stmt *s;
    int rc;
    *out = NULL;
    if ((s = sq_prep(st, SQL_GET, err)) == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, catalog, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        rc = (*out = shape_crawler_doc((const char *)sqlite3_column_text(s, 0), NULL))
                 ? CAT_OK
                 : srv_error_set(err, CAT_EINTERNAL, "Corrupt crawler row.");
    else if (rc == SQLITE_DONE)
        rc = shape_crawler_not_found(name, err);
    else
        rc = sq_sqlerr(st, err);
    sq_reset(s);
    return rc;
}

int sq_crawler_put(struct store *st, const char *catalog, const json_t *crawler,
                   struct srv_error *err)
{
    sqlite3_stmt *s;
    int rc;
    if ((s = sq_prep(st, SQL_PUT, err)) == NULL)
        return err->code;
    bind_doc(s, catalog, crawler);
    if ((rc = row_step_done(st, s, err)) == CAT_OK && sqlite3_changes(SQ(st)->db) == 0)
        rc = shape_crawler_not_found(json_string_value(json_object_get(crawler, "Name")), err);
    return rc;
}

int sq_crawler_delete(struct store *st, const char *catalog, const char *name,
                      struct srv_error *err)
{
    sqlite3_stmt *s;
    int rc;
    if ((s = sq_prep(st, SQL_DELETE, err)) == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, catalog, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    if ((rc = row_step_done(st, s, err)) == CAT_OK && sqlite3_changes(SQ(st)->db) == 0)
        rc = shape_crawler_not_found(name, err);
    return rc;
}

/* Append the document in column COL of each row of S to a new array *OUT (at most LIMIT rows,
** -1: all; *MORE set when a further row exists), each wrapped as {"CatalogId", "Crawler"} when
** WRAP.  Resets S. */
static int collect(struct store *st, sqlite3_stmt *s, int col, int wrap, int limit, json_t **out,
                   int *more, struct srv_error *err)
{
    int rc;
    *out = json_array();
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (!shape_crawler_collect(*out, (const char *)sqlite3_column_text(s, col),
                                   wrap ? (const char *)sqlite3_column_text(s, 0) : NULL, limit,
                                   more))
            break;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        rc = sq_sqlerr(st, err);
        json_decref(*out);
        *out = NULL;
    } else {
        rc = CAT_OK;
    }
    sq_reset(s);
    return rc;
}

int sq_crawler_list(struct store *st, const char *catalog, const char *after, int limit,
                    json_t **out, int *more, struct srv_error *err)
{
    sqlite3_stmt *s;
    *out = NULL;
    *more = 0;
    if ((s = sq_prep(st, SQL_LIST, err)) == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, catalog, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, after ? after : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, limit + 1);
    return collect(st, s, 0, 0, limit, out, more, err);
}

int sq_crawler_scan(struct store *st, const char *state, json_t **out, struct srv_error *err)
{
    sqlite3_stmt *s;
    *out = NULL;
    if ((s = sq_prep(st, state ? SQL_SCAN_STATE : SQL_SCAN_SCHED, err)) == NULL)
        return err->code;
    if (state)
        sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
    return collect(st, s, 1, 1, -1, out, NULL, err);
}

int sq_crawl_put(struct store *st, const char *catalog, const char *name, const json_t *crawl,
                 struct srv_error *err)
{
    sqlite3_stmt *s;
    int rc;
    if ((s = sq_prep(st, SQL_CRAWL_PUT, err)) == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, catalog, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    row_bind_str(s, 3, crawl, "CrawlId");
    row_bind_num(s, 4, crawl, "StartTime");
    row_bind_text_owned(s, 5, json_dumps(crawl, JSON_COMPACT));
    if ((rc = row_step_done(st, s, err)) != CAT_OK)
        return rc;
    if (sqlite3_changes(SQ(st)->db) == 0)
        return shape_crawler_not_found(name, err);
    if ((s = sq_prep(st, SQL_CRAWL_TRIM, err)) == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, catalog, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, STORE_CRAWLS_KEPT);
    return row_step_done(st, s, err);
}

int sq_crawl_list(struct store *st, const char *catalog, const char *name, json_t **out,
                  struct srv_error *err)
{
    sqlite3_stmt *s;
    json_t *probe = NULL;
    int rc;
    *out = NULL;
    if ((rc = sq_crawler_get(st, catalog, name, &probe, err)) != CAT_OK)
        return rc;
    json_decref(probe);
    if ((s = sq_prep(st, SQL_CRAWL_LIST, err)) == NULL)
        return err->code;
    sqlite3_bind_text(s, 1, catalog, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    return collect(st, s, 0, 0, -1, out, NULL, err);
}
