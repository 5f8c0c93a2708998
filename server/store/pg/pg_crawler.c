/* pg_crawler.c -- PostgreSQL backend: crawlers as JSON documents and their crawl history. */
#include <stdlib.h>
#include <string.h>

#include "store/pg/pg_int.h"

static const char SQL_INSERT[] = "INSERT INTO crawlers (catalog_id, name, state, scheduled, doc)"
                                 " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
static const char SQL_GET[] = "SELECT doc FROM crawlers WHERE catalog_id = $1 AND name = $2";
static const char SQL_PUT[] = "UPDATE crawlers SET state = $3, scheduled = $4, doc = $5"
                              " WHERE catalog_id = $1 AND name = $2";
static const char SQL_DELETE[] = "DELETE FROM crawlers WHERE catalog_id = $1 AND name = $2";
static const char SQL_LIST[] = "SELECT doc FROM crawlers WHERE catalog_id = $1 AND name > $2"
                               " ORDER BY name LIMIT $3";
static const char SQL_SCAN_STATE[] = "SELECT catalog_id, doc FROM crawlers WHERE state = $1"
                                     " ORDER BY id";
static const char SQL_SCAN_SCHED[] = "SELECT catalog_id, doc FROM crawlers WHERE scheduled = 1"
                                     " ORDER BY id";
static const char SQL_CRAWL_PUT[] =
    "INSERT INTO crawls (crawler_id, crawl_id, start_time, doc)"
    " SELECT id, $3::text, $4::float8, $5::text FROM crawlers WHERE catalog_id = $1 AND name = $2"
    " ON CONFLICT (crawl_id) DO UPDATE SET doc = excluded.doc";
static const char SQL_CRAWL_TRIM[] =
    "DELETE FROM crawls WHERE crawler_id = (SELECT id FROM crawlers WHERE catalog_id = $1 AND"
    " name = $2) AND id NOT IN (SELECT c.id FROM crawls c JOIN crawlers r ON r.id = c.crawler_id"
    " WHERE r.catalog_id = $1 AND r.name = $2 ORDER BY c.start_time DESC, c.id DESC LIMIT $3)";
/* Column 0: whether the crawler exists (then one row with a NULL doc when it has no crawls). */
static const char SQL_CRAWL_LIST[] =
    "SELECT r.id, c.doc FROM crawlers r LEFT JOIN crawls c ON c.crawler_id = r.id"
    " WHERE r.catalog_id = $1 AND r.name = $2 ORDER BY c.start_time DESC, c.id DESC";

static int not_found(const char *name, struct srv_error *err)
{
    return srv_error_set(err, CAT_ENOTFOUND, "Crawler entry with name %.255s does not exist.",
                         name);
}

/* Arguments catalog ($1), name ($2), state ($3), scheduled ($4) and the document ($5). */
static void doc_args(struct pg_args *a, const char *catalog, const json_t *crawler)
{
    const char *state = json_string_value(json_object_get(crawler, "State"));
    const char *sched =
        json_string_value(json_object_get(json_object_get(crawler, "Schedule"), "State"));
    pg_args_init(a);
    pg_arg_text(a, catalog);
    pg_arg_str(a, crawler, "Name");
    pg_arg_text(a, state ? state : "READY");
    pg_arg_int(a, sched && strcmp(sched, "SCHEDULED") == 0);
    pg_arg_owned(a, json_dumps(crawler, JSON_COMPACT));
}

/* A new object from the JSON text in column COL of ROW, or NULL. */
static json_t *load_doc(const PGresult *r, int row, int col)
{
    const char *text = pg_get(r, row, col);
    return text ? json_loads(text, 0, NULL) : NULL;
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
        rc = srv_error_set(err, CAT_EEXISTS, "Crawler with name %.255s already exists.",
                           json_string_value(json_object_get(crawler, "Name")));
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
        rc = not_found(name, err);
    else if ((*out = load_doc(r, 0, 0)) == NULL)
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
        rc = not_found(json_string_value(json_object_get(crawler, "Name")), err);
    return rc;
}

int pg_crawler_delete(struct store *st, const char *catalog, const char *name,
                      struct srv_error *err)
{
    long long n = 0;
    int rc = exec_named(st, SQL_DELETE, catalog, name, &n, err);
    if (rc == CAT_OK && n == 0)
        rc = not_found(name, err);
    return rc;
}

/* The documents in column COL of R's rows from FIRST as a new array *OUT (at most LIMIT,
** -1: all; *MORE set when a further row exists), each wrapped as {"CatalogId", "Crawler"}
** when WRAP.  Clears R. */
static int collect(PGresult *r, int first, int col, int wrap, int limit, json_t **out, int *more)
{
    int row;
    *out = json_array();
    for (row = first; row < PQntuples(r); row++) {
        json_t *doc;
        if (limit >= 0 && (int)json_array_size(*out) == limit) {
            if (more)
                *more = 1;
            break;
        }
        if ((doc = load_doc(r, row, col)) == NULL)
            continue;
        if (wrap)
            doc = json_pack("{s:s, s:o}", "CatalogId", pg_get(r, row, 0), "Crawler", doc);
        json_array_append_new(*out, doc);
    }
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
        return not_found(name, err);
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
        return not_found(name, err);
    }
    return collect(r, 0, 1, 0, -1, out, NULL);
}
