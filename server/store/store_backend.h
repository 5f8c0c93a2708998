/* store_backend.h -- what a store backend implements: one table of functions (store.h's
** contracts, word for word) and the base of its connection and pool objects.  store.c picks
** the backend from the locator and forwards every store_* call through the table.
**
** Backends: SQLite (store/sqlite/, `store_sqlite`) and PostgreSQL (store/pg/, `store_postgresql`).
** A backend's connection object begins with `struct store` and its pool with
** `struct store_pool` (first member, so a backend casts between them); the `be` member
** names the backend.  Only store.c and the backends include this header.
**
** Every member is required unless marked "optional" (NULL allowed, with what store.c does
** then); store_backend_check() says which required member is missing.  The members are named
** verb first (get_table, not table_get): no member shares its name with a handler above.
*/
#ifndef SRV_STORE_BACKEND_H
#define SRV_STORE_BACKEND_H

#include "store/store.h"
#include "store/store_crawler.h"

struct store {
    const struct store_backend *be;
};

struct store_pool {
    const struct store_backend *be;
};

struct store_backend {
    const char *name; /* "sqlite", "postgresql" */
    /* Optional: LOCATOR (one of this backend's) as it may be logged, secrets shown as "***",
    ** in BUF (SIZE bytes, truncated).  NULL: the locator holds no secret, shown as it is. */
    void (*display_locator)(const char *locator, char *buf, size_t size);
    /* Connections, transactions, schema (store.h). */
    int (*open_pool)(struct store_pool **out, const char *locator, struct srv_error *err);
    void (*close_pool)(struct store_pool *p);
    struct store *(*acquire)(struct store_pool *p, struct srv_error *err);
    void (*release)(struct store_pool *p, struct store *st);
    int (*open)(struct store **out, const char *locator, struct srv_error *err);
    void (*close)(struct store *st);
    /* Why writes fail now, process-wide (store_write_problem()), or NULL. */
    const char *(*write_problem)(void);
    int (*begin)(struct store *st, struct srv_error *err);
    int (*commit)(struct store *st, struct srv_error *err);
    void (*rollback)(struct store *st);
    int (*schema_text)(struct store *st, char **out, struct srv_error *err);
    int (*schema_version)(struct store *st);
    int (*db_size_bytes)(struct store *st, long long *out, struct srv_error *err);
    int (*token_key)(struct store *st, char **out, struct srv_error *err);
    /* Databases. */
    int (*insert_db)(struct store *st, const char *catalog, const json_t *db,
                     struct srv_error *err);
    int (*get_db)(struct store *st, const char *catalog, const char *name, json_t **out,
                  struct srv_error *err);
    int (*list_dbs)(struct store *st, const char *catalog, const char *after, int limit,
                    size_t max_bytes, json_t **out, int *more, struct srv_error *err);
    int (*replace_db)(struct store *st, const char *catalog, const char *name, const json_t *db,
                      struct srv_error *err);
    int (*delete_db)(struct store *st, const char *catalog, const char *name,
                     struct srv_error *err);
    /* Tables and versions. */
    int (*insert_table)(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                        struct srv_error *err);
    int (*get_table)(struct store *st, const char *catalog, const char *db, const char *name,
                     json_t **out, struct srv_error *err);
    int (*get_table_text)(struct store *st, const char *catalog, const char *db, const char *name,
                          store_table_render_fn *render, char **text, struct srv_error *err);
    int (*list_tables)(struct store *st, const char *catalog, const char *db, const char *after,
                       int limit, size_t max_bytes, store_name_filter *filter, void *ctx,
                       json_t **out, int *more, struct srv_error *err);
    int (*replace_table)(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                         long long expect, long long new_version, struct srv_error *err);
    int (*delete_table)(struct store *st, const char *catalog, const char *db, const char *name,
                        struct srv_error *err);
    int (*rename_table)(struct store *st, const char *catalog, const char *db, const char *name,
                        const char *new_db, const char *new_name, long long expect,
                        long long new_version, struct srv_error *err);
    int (*archive_version)(struct store *st, const char *catalog, const char *db, const char *name,
                           long long version, const json_t *table, struct srv_error *err);
    int (*get_version)(struct store *st, const char *catalog, const char *db, const char *name,
                       long long version, json_t **out, struct srv_error *err);
    int (*list_versions)(struct store *st, const char *catalog, const char *db, const char *name,
                         long long before, int limit, size_t max_bytes, json_t **out, int *more,
                         struct srv_error *err);
    int (*delete_version)(struct store *st, const char *catalog, const char *db, const char *name,
                          long long version, struct srv_error *err);
    /* Iceberg metadata. */
    int (*ice_get)(struct store *st, const char *catalog, const char *db, const char *name,
                   char **location, json_t **head, struct srv_error *err);
    int (*ice_snapshot)(struct store *st, const char *catalog, const char *db, const char *name,
                        long long id, json_t **out, struct srv_error *err);
    int (*ice_snapshots)(struct store *st, const char *catalog, const char *db, const char *name,
                         const json_t *ids, json_t **snapshots, json_t **log,
                         struct srv_error *err);
    int (*ice_text)(struct store *st, const char *catalog, const char *db, const char *name,
                    const json_t *ids, struct sbuf *snaps, struct sbuf *log, struct srv_error *err);
    int (*ice_put)(struct store *st, const char *catalog, const char *db, const char *name,
                   const char *location, const json_t *head, const json_t *added,
                   const json_t *removed, const json_t *log, int log_cut, struct srv_error *err);
    int (*ice_replace)(struct store *st, const char *catalog, const char *db, const char *name,
                       const char *location, const json_t *head, const json_t *snapshots,
                       const json_t *log, struct srv_error *err);
    /* Partitions. */
    int (*open_ptable)(struct store *st, const char *catalog, const char *db, const char *name,
                       struct store_ptable *pt, struct srv_error *err);
    void (*close_ptable)(struct store_ptable *pt); /* PT->table may be NULL: nothing open */
    json_t *(*get_memo)(struct store *st, const struct store_ptable *pt, const char *key);
    void (*put_memo)(struct store *st, const struct store_ptable *pt, const char *key,
                     json_t *value);
    int (*insert_partition)(struct store *st, struct store_ptable *pt, const json_t *values,
                            const json_t *in, double create_time, struct srv_error *err);
    /* Optional, both or neither (NULL: every get misses, MARK->ok 0; nothing is kept). */
    void (*answer_get)(struct store *st, const char *key, size_t klen, struct store_mark *mark,
                       char **text, size_t *len);
    void (*answer_put)(struct store *st, const char *key, size_t klen,
                       const struct store_mark *mark, const char *text, size_t len);
    /* Optional (NULL: store.c runs insert_partition for each entry). */
    int (*insert_partitions)(struct store *st, struct store_ptable *pt, size_t n,
                             const json_t *const *values, const json_t *const *in,
                             double create_time, int *rcs, struct srv_error *err);
    /* Optional, all three or none (store_partition_form, store.h). */
    int (*form_partitions)(struct store *st, struct store_ptable *pt, size_t n,
                           const json_t *const *values, const json_t *const *in, double create_time,
                           struct store_pforms **out, struct srv_error *err);
    int (*insert_forms)(struct store *st, struct store_ptable *pt, struct store_pforms *forms,
                        int *rcs, struct srv_error *err);
    void (*free_forms)(struct store_pforms *forms);
    int (*replace_partition)(struct store *st, struct store_ptable *pt, const json_t *values,
                             const json_t *in, struct srv_error *err);
    int (*delete_partition)(struct store *st, struct store_ptable *pt, const json_t *values,
                            struct srv_error *err);
    int (*get_partition)(struct store *st, struct store_ptable *pt, const json_t *values,
                         store_prow_fn *fn, void *arg, struct srv_error *err);
    /* Optional (NULL: store.c runs get_partition for each key). */
    int (*get_partitions)(struct store *st, struct store_ptable *pt, size_t n,
                          const json_t *const *values, store_pkey_fn *fn, void *arg,
                          struct srv_error *err);
    int (*query_partitions)(struct store *st, struct store_ptable *pt, const struct store_pquery *q,
                            store_prow_fn *fn, void *arg, struct srv_error *err);
    int (*locate_partition)(struct store *st, struct store_ptable *pt, const json_t *values,
                            long long *id, json_t **columns, struct srv_error *err);
    int (*create_pindex)(struct store *st, struct store_ptable *pt, const char *name,
                         const json_t *keys, struct srv_error *err);
    int (*list_pindexes)(struct store *st, struct store_ptable *pt, json_t **out,
                         struct srv_error *err);
    int (*delete_pindex)(struct store *st, struct store_ptable *pt, const char *name,
                         struct srv_error *err);
    /* Column statistics. */
    int (*put_colstats)(struct store *st, struct store_ptable *pt, long long part,
                        const char *column, const json_t *stats, struct srv_error *err);
    int (*get_colstats)(struct store *st, struct store_ptable *pt, long long part,
                        const char *column, json_t **out, struct srv_error *err);
    int (*delete_colstats)(struct store *st, struct store_ptable *pt, long long part,
                           const char *column, struct srv_error *err);
    int (*prune_colstats)(struct store *st, struct store_ptable *pt, long long part,
                          const json_t *keep, struct srv_error *err);
    /* Functions, tags, policies, search. */
    int (*insert_udf)(struct store *st, const char *catalog, const char *db, const json_t *fn,
                      struct srv_error *err);
    int (*get_udf)(struct store *st, const char *catalog, const char *db, const char *name,
                   json_t **out, struct srv_error *err);
    int (*replace_udf)(struct store *st, const char *catalog, const char *db, const char *name,
                       const json_t *fn, struct srv_error *err);
    int (*delete_udf)(struct store *st, const char *catalog, const char *db, const char *name,
                      struct srv_error *err);
    int (*list_udfs)(struct store *st, const char *catalog, const char *db, const char *after_db,
                     const char *after_name, int limit, size_t max_bytes, store_name_filter *filter,
                     void *fctx, json_t **out, int *more, struct srv_error *err);
    int (*update_tags)(struct store *st, const char *catalog, enum store_tag_kind kind,
                       const char *db, const char *name, const json_t *add, const json_t *remove,
                       json_t **out, struct srv_error *err);
    int (*get_policy)(struct store *st, const char *catalog, const char *arn, json_t **out,
                      struct srv_error *err);
    int (*put_policy)(struct store *st, const char *catalog, const char *arn, const char *policy,
                      const char *hash, struct srv_error *err);
    int (*list_policy_arns)(struct store *st, const char *catalog, json_t **out,
                            struct srv_error *err);
    int (*search_tables)(struct store *st, const char *catalog, const struct store_search *q,
                         json_t **out, int *more, struct srv_error *err);
    /* Crawlers (store_crawler.h). */
    int (*insert_crawler)(struct store *st, const char *catalog, const json_t *crawler,
                          struct srv_error *err);
    int (*get_crawler)(struct store *st, const char *catalog, const char *name, json_t **out,
                       struct srv_error *err);
    int (*put_crawler)(struct store *st, const char *catalog, const json_t *crawler,
                       struct srv_error *err);
    int (*delete_crawler)(struct store *st, const char *catalog, const char *name,
                          struct srv_error *err);
    int (*list_crawlers)(struct store *st, const char *catalog, const char *after, int limit,
                         json_t **out, int *more, struct srv_error *err);
    int (*scan_crawlers)(struct store *st, const char *state, json_t **out, struct srv_error *err);
    int (*put_crawl)(struct store *st, const char *catalog, const char *name, const json_t *crawl,
                     struct srv_error *err);
    int (*list_crawls)(struct store *st, const char *catalog, const char *name, json_t **out,
                       struct srv_error *err);
};

/* NULL when BE has every required member, else the name of the first one missing (as
** PostgreSQL's GetTableAmRoutine() asserts of a table access method).  store_open() and
** store_pool_open() refuse a backend that fails it; both backends' tests call it. */
const char *store_backend_check(const struct store_backend *be);

/* store_set_durability()'s setting, for the backends: 1 full (the default), 0 relaxed. */
int store_durability_full(void);

extern const struct store_backend store_sqlite;
extern const struct store_backend store_postgresql;

/* The backend LOCATOR names: PostgreSQL for a "postgresql://" or "postgres://" URI or a
** libpq "key=value" string (text with '=' before any '/'), SQLite for anything else (a file
** path, ":memory:"). */
const struct store_backend *store_backend_for(const char *locator);

#endif
