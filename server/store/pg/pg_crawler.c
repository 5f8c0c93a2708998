/* pg_crawler.c -- PostgreSQL backend: crawlers as JSON documents and their crawl history. */
#include <stdlib.h>
#include <string.h>

#include "store/pg/pg_int.h"
#include "store/pg/pg_row.h"
#include "store/shape.h"

static const char SQL_INSERT[] = "INSERT INTO crawlers (catalog_id, name, state, scheduled, doc)"
                                 " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
static const char SQL_GET[] = SHAPE_SQL_CRAWLER_GET("$");
static const char SQL_PUT[] = SHAPE_SQL_CRAWLER_PUT("$");
static const char SQL_DELETE[] = SHAPE_SQL_CRAWLER_DELETE("$");
static const char SQL_LIST[] = SHAPE_SQL_CRAWLER_LIST("$");
static const char SQL_SCAN_STATE[] = SHAPE_SQL_CRAWLER_SCAN_STATE("$");
static const char SQL_SCAN_SCHED[] = SHAPE_SQL_CRAWLER_SCAN_SCHED;
static const char SQL_CRAWL_PUT[] =
    "INSERT INTO crawls (crawler_id, crawl_id, start_time, doc)"
    " SELECT id, $3::text, $4::float8, $5::text FROM crawlers WHERE catalog_id = $1 AND name = $2"
    " ON CONFLICT (crawl_id) DO UPDATE SET doc = excluded.doc";
static const char SQL_CRAWL_TRIM[] = SHAPE_SQL_CRAWL_TRIM("$");
/* Column 0: whether the crawler exists (then one row with a NULL doc when it has no crawls). */
static const char SQL_CRAWL_LIST[] =
    "SELECT r.id, c.doc FROM crawlers r LEFT JOIN crawls c ON c.crawler_id = r.id"
    " WHERE r.catalog_id = $1 AND r.name = $2 ORDER BY c.start_time DESC, c.id DESC";

/* Arguments catalog ($1), name ($2), state ($3), scheduled ($4) and the document ($5). */
static void doc_args(struct pg_args *a, const char *catalog, const json_t *crawler)
{
    pg_args_init(a);
    pg_arg_text(a, catalog);
    pg_arg_str(a, crawler, "Name");
    pg_arg_text(a, shape_crawler_state(crawler));
    pg_arg_int(a, shape_crawler_scheduled(crawler));
    pg_arg_owned(a, json_dumps(crawler, JSON_COMPACT));
}

/* Run SQL with catalog ($1) and NAME ($2): *AFFECTED its row count. */
static int exec_named(struct store *st, const char *sql, const char *catalog, const char *name,
                      long long *affected, struct srv_error *err)
{
    struct pg_args a;
    int rc;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, name);
    rc = pg_exec(st, sql, &a, affected, err);
    pg_args_free(&a);
    return rc;
}

int pg_crawler_insert(struct store *st, const char *catalog, const json_t *crawler,
                      struct srv_error *err)
{
    struct pg_args a;
    long long n = 0;
    int rc;
    doc_args(&a, catalog, crawler);
    rc = pg_exec(st, SQL_INSERT, &a, &n, err);
    pg_args_free(&a);
    if (rc == CAT_OK && n == 0)
        rc = shape_crawler_exists(crawler, err);
    return rc;
}

int pg_crawler_get(struct store *st, const char *catalog, const char *name, json_t **out,
                   struct srv_error *err)
{
    struct pg_args a;
    PGresult *r;
    int rc;
    *out = NULL;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, name);
    rc = pg_query(st, SQL_GET, &a, &r, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(r) == 0)
        rc = shape_crawler_not_found(name, err);
    else if ((*out = shape_crawler_doc(pg_get(r, 0, 0), NULL)) == NULL)
        rc = srv_error_set(err, CAT_EINTERNAL, "Corrupt crawler row.");
    PQclear(r);
    return rc;
}

int pg_crawler_put(struct store *st, const char *catalog, const json_t *crawler,
                   struct srv_error *err)
{
    struct pg_args a;
    long long n = 0;
    int rc;
    doc_args(&a, catalog, crawler);
    rc = pg_exec(st, SQL_PUT, &a, &n, err);
    pg_args_free(&a);
    if (rc == CAT_OK && n == 0)
        rc = shape_crawler_not_found(json_string_value(json_object_get(crawler, "Name")), err);
    return rc;
}

int pg_crawler_delete(struct store *st, const char *catalog, const char *name,
                      struct srv_error *err)
{
    long long n = 0;
    int rc = exec_named(st, SQL_DELETE, catalog, name, &n, err);
    if (rc == CAT_OK && n == 0)
        rc = shape_crawler_not_found(name, err);
    return rc;
}

/* The documents in column COL of R's rows from FIRST as a new array *OUT (at most LIMIT,
** -1: all; *MORE set when a further row exists), each wrapped as {"CatalogId", "Crawler"}
** when WRAP.  Clears R. */
static int collect(PGresult *r, int first, int col, int wrap, int limit, json_t **out, int *more)
{
    int row;
    *out = json_array();
    for (row = first; row < PQntuples(r); row++)
        if (!shape_crawler_collect(*out, pg_get(r, row, col), wrap ? pg_get(r, row, 0) : NULL,
                                   limit, more))
            break;
    PQclear(r);
    return CAT_OK;
}

int pg_crawler_list(struct store *st, const char *catalog, const char *after, int limit,
                    json_t **out, int *more, struct srv_error *err)
{
    struct pg_args a;
    PGresult *r;
    int rc;
    *out = NULL;
    *more = 0;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, after ? after : "");
    pg_arg_int(&a, (long long)limit + 1);
    rc = pg_query(st, SQL_LIST, &a, &r, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    return collect(r, 0, 0, 0, limit, out, more);
}

int pg_crawler_scan(struct store *st, const char *state, json_t **out, struct srv_error *err)
{
    struct pg_args a;
    PGresult *r;
    int rc;
    *out = NULL;
    pg_args_init(&a);
    if (state)
        pg_arg_text(&a, state);
    rc = pg_query(st, state ? SQL_SCAN_STATE : SQL_SCAN_SCHED, &a, &r, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    return collect(r, 0, 1, 1, -1, out, NULL);
}

int pg_crawl_put(struct store *st, const char *catalog, const char *name, const json_t *crawl,
                 struct srv_error *err)
{
    struct pg_args a;
    long long n = 0;
    int rc;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, name);
    pg_arg_str(&a, crawl, "CrawlId");
    pg_arg_jnum(&a, crawl, "StartTime");
    pg_arg_owned(&a, json_dumps(crawl, JSON_COMPACT));
    rc = pg_exec(st, SQL_CRAWL_PUT, &a, &n, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (n == 0)
        return shape_crawler_not_found(name, err);
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, name);
    pg_arg_int(&a, STORE_CRAWLS_KEPT);
    rc = pg_exec(st, SQL_CRAWL_TRIM, &a, NULL, err);
    pg_args_free(&a);
    return rc;
}

int pg_crawl_list(struct store *st, const char *catalog, const char *name, json_t **out,
                  struct srv_error *err)
{
    struct pg_args a;
    PGresult *r;
    int rc;
    *out = NULL;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, name);
    rc = pg_query(st, SQL_CRAWL_LIST, &a, &r, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return shape_crawler_not_found(name, err);
    }
    return collect(r, 0, 1, 0, -1, out, NULL);
}
