/* sqlite_int.h -- what the SQLite store's own files share: the connection and its statement cache.
 */
#ifndef SRV_SQLITE_INT_H
#define SRV_SQLITE_INT_H

#include <sqlite3.h>

#include "store/store_backend.h"

#define STMT_CACHE 128

#define SQ(st) ((struct sq_conn *)(st))

/* A connection: the store's base first (a struct store * is a struct sq_conn *). */
struct sq_conn {
    struct store base;
    sqlite3 *db;
    int in_txn;
    int read_only;     /* a write failed with SQLITE_READONLY: closed when released */
    long rows_written; /* partition rows written in the open transaction */
    struct {
        const char *sql; /* static SQL text, the cache key (by address) */
        sqlite3_stmt *stmt;
    } cache[STMT_CACHE];
    struct store *next; /* idle list of the pool */
    struct tcache *tc;  /* the pool's table cache (tcache.h); NULL outside a pool */
    struct acache *ac;  /* the pool's answer cache (acache.h); NULL outside a pool */
    /* the WAL index (the -shm file) as SQLite maps it for this connection: its first bytes
    ** hold the header every commit rewrites (sq_wal_header()); NULL: not mapped (yet) */
    const volatile unsigned char *walidx;
    int walidx_tried;
};

/* ---- sqlite_conn.c: connections, statements, transactions ---- */
/* A prepared statement for static SQL text SQL, cached per connection.  NULL and ERR
** set on failure.  Release it with sq_reset(). */
sqlite3_stmt *sq_prep(struct store *st, const char *sql, struct srv_error *err);
/* Reset STMT and clear its bindings.  NULL-safe. */
void sq_reset(sqlite3_stmt *stmt);
/* Count N partition rows written by the open transaction (for the planner's statistics). */
void sq_note_rows(struct store *st, long n);

/* The WAL index header every commit rewrites (48 bytes: SQLite's WalIndexHdr, walformat.html),
** read without a lock or a system call into H: 0, or -1 when there is none or it is half
** written.  Two reads alike mean nothing was committed in between, by any process. */
#define SQ_WALHDR 48
int sq_wal_header(struct store *st, unsigned char h[SQ_WALHDR]);

/* Map the connection's last SQLite error to a CAT_* code in ERR and return it. */
int sq_sqlerr(struct store *st, struct srv_error *err);
/* sqlite_conn.c: open a connection to PATH (with DO_MIGRATE: checked, probed for writing and
** migrated, as for the first of a pool); CAT_EINVAL when the storage may not be written. */
int sq_conn_open(struct store **out, const char *path, int do_migrate, struct srv_error *err);
/* sqlite_conn.c: note that the storage cannot be written now (store_write_problem) and set
** ERR to the EUNAVAILABLE that says so; returns it. */
int sq_unwritable(struct srv_error *err);

/* ---- sqlite_sd.c: storage descriptors ---- */
/* Insert storage descriptor SD owned by table OWNER; *ID is its row id. */
int sq_sd_save(struct store *st, const json_t *sd, sqlite3_int64 owner, sqlite3_int64 *id,
               struct srv_error *err);
/* Delete descriptor row ID (its columns and parameters go with it). */
int sq_sd_delete(struct store *st, sqlite3_int64 id, struct srv_error *err);

/* ---- sqlite_catalog.c: row ids by name ---- */
/* *ID = the row id of database NAME.  ENOTFOUND "Database x not found." */
int row_db_id(struct store *st, const char *catalog, const char *name, long long *id,
              struct srv_error *err);
/* *ID = the row id of table NAME of DB.  ENOTFOUND (database or table). */
int row_table_id(struct store *st, const char *catalog, const char *db, const char *name,
                 long long *id, struct srv_error *err);
/* sqlite_search.c: rewrite the parameters column of table TABLE_ID's row of the search index
** from its table_params rows (after they change). */
int search_params_refresh(struct store *st, sqlite3_int64 table_id, struct srv_error *err);

/* ---- The backend's entries (store_backend.h; contracts in store.h), named sq_<entry>;
** sqlite_store.c holds the table `store_sqlite`. ---- */
int sq_pool_open(struct store_pool **out, const char *locator, struct srv_error *err);
void sq_pool_close(struct store_pool *p);
struct store *sq_acquire(struct store_pool *p, struct srv_error *err);
void sq_release(struct store_pool *p, struct store *st);
int sq_open(struct store **out, const char *locator, struct srv_error *err);
void sq_close(struct store *st);
const char *sq_write_problem(void);
int sq_begin(struct store *st, struct srv_error *err);
int sq_commit(struct store *st, struct srv_error *err);
void sq_rollback(struct store *st);
int sq_schema_text(struct store *st, char **out, struct srv_error *err);
int sq_schema_version(struct store *st);
int sq_db_size_bytes(struct store *st, long long *out, struct srv_error *err);
int sq_db_insert(struct store *st, const char *catalog, const json_t *db, struct srv_error *err);
int sq_db_get(struct store *st, const char *catalog, const char *name, json_t **out,
              struct srv_error *err);
int sq_db_list(struct store *st, const char *catalog, const char *after, int limit,
               size_t max_bytes, json_t **out, int *more, struct srv_error *err);
int sq_db_replace(struct store *st, const char *catalog, const char *name, const json_t *db,
                  struct srv_error *err);
int sq_db_delete(struct store *st, const char *catalog, const char *name, struct srv_error *err);
int sq_table_insert(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                    struct srv_error *err);
int sq_table_get(struct store *st, const char *catalog, const char *db, const char *name,
                 json_t **out, struct srv_error *err);
int sq_table_text(struct store *st, const char *catalog, const char *db, const char *name,
                  store_table_render_fn *render, char **text, struct srv_error *err);
int sq_table_list(struct store *st, const char *catalog, const char *db, const char *after,
                  int limit, size_t max_bytes, store_name_filter *filter, void *ctx, json_t **out,
                  int *more, struct srv_error *err);
int sq_table_replace(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                     long long expect, long long new_version, struct srv_error *err);
int sq_table_delete(struct store *st, const char *catalog, const char *db, const char *name,
                    struct srv_error *err);
int sq_table_rename(struct store *st, const char *catalog, const char *db, const char *name,
                    const char *new_db, const char *new_name, long long expect,
                    long long new_version, struct srv_error *err);
int sq_ice_get(struct store *st, const char *catalog, const char *db, const char *name,
               char **location, json_t **head, struct srv_error *err);
int sq_ice_snapshot(struct store *st, const char *catalog, const char *db, const char *name,
                    long long snap, json_t **out, struct srv_error *err);
int sq_ice_snapshots(struct store *st, const char *catalog, const char *db, const char *name,
                     const json_t *ids, json_t **snapshots, json_t **log, struct srv_error *err);
int sq_ice_text(struct store *st, const char *catalog, const char *db, const char *name,
                const json_t *ids, struct sbuf *snaps, struct sbuf *log, struct srv_error *err);
int sq_ice_put(struct store *st, const char *catalog, const char *db, const char *name,
               const char *location, const json_t *head, const json_t *added, const json_t *removed,
               const json_t *log, int log_cut, struct srv_error *err);
int sq_ice_replace(struct store *st, const char *catalog, const char *db, const char *name,
                   const char *location, const json_t *head, const json_t *snapshots,
                   const json_t *log, struct srv_error *err);
int sq_version_archive(struct store *st, const char *catalog, const char *db, const char *name,
                       long long version, const json_t *table, struct srv_error *err);
int sq_version_get(struct store *st, const char *catalog, const char *db, const char *name,
                   long long version, json_t **out, struct srv_error *err);
int sq_version_list(struct store *st, const char *catalog, const char *db, const char *name,
                    long long before, int limit, size_t max_bytes, json_t **out, int *more,
                    struct srv_error *err);
int sq_version_delete(struct store *st, const char *catalog, const char *db, const char *name,
                      long long version, struct srv_error *err);
int sq_ptable_open(struct store *st, const char *catalog, const char *db, const char *name,
                   struct store_ptable *pt, struct srv_error *err);
void sq_ptable_close(struct store_ptable *pt);
json_t *sq_memo_get(struct store *st, const struct store_ptable *pt, const char *key);
void sq_memo_put(struct store *st, const struct store_ptable *pt, const char *key, json_t *value);
void sq_answer_get(struct store *st, const char *key, size_t klen, struct store_mark *mark,
                   char **text, size_t *len); /* sqlite_acache.c */
void sq_answer_put(struct store *st, const char *key, size_t klen, const struct store_mark *mark,
                   const char *text, size_t len);
int sq_partition_insert(struct store *st, struct store_ptable *pt, const json_t *values,
                        const json_t *in, double create_time, struct srv_error *err);
int sq_partition_form(struct store *st, struct store_ptable *pt, size_t n,
                      const json_t *const *values, const json_t *const *in, double create_time,
                      struct store_pforms **out, struct srv_error *err);
int sq_partition_insert_forms(struct store *st, struct store_ptable *pt, struct store_pforms *f,
                              int *rcs, struct srv_error *err);
void sq_pforms_free(struct store_pforms *f);
int sq_partition_replace(struct store *st, struct store_ptable *pt, const json_t *values,
                         const json_t *in, struct srv_error *err);
int sq_partition_delete(struct store *st, struct store_ptable *pt, const json_t *values,
                        struct srv_error *err);
int sq_partition_get(struct store *st, struct store_ptable *pt, const json_t *values,
                     store_prow_fn *fn, void *arg, struct srv_error *err);
int sq_partition_query(struct store *st, struct store_ptable *pt, const struct store_pquery *q,
                       store_prow_fn *fn, void *arg, struct srv_error *err);
int sq_partition_locate(struct store *st, struct store_ptable *pt, const json_t *values,
                        long long *id, json_t **columns, struct srv_error *err);
int sq_pindex_create(struct store *st, struct store_ptable *pt, const char *name,
                     const json_t *keys, struct srv_error *err);
int sq_pindex_list(struct store *st, struct store_ptable *pt, json_t **out, struct srv_error *err);
int sq_pindex_delete(struct store *st, struct store_ptable *pt, const char *name,
                     struct srv_error *err);
int sq_colstats_put(struct store *st, struct store_ptable *pt, long long part, const char *column,
                    const json_t *stats, struct srv_error *err);
int sq_colstats_get(struct store *st, struct store_ptable *pt, long long part, const char *column,
                    json_t **out, struct srv_error *err);
int sq_colstats_delete(struct store *st, struct store_ptable *pt, long long part,
                       const char *column, struct srv_error *err);
int sq_colstats_prune(struct store *st, struct store_ptable *pt, long long part, const json_t *keep,
                      struct srv_error *err);
int sq_udf_insert(struct store *st, const char *catalog, const char *db, const json_t *fn,
                  struct srv_error *err);
int sq_udf_get(struct store *st, const char *catalog, const char *db, const char *name,
               json_t **out, struct srv_error *err);
int sq_udf_replace(struct store *st, const char *catalog, const char *db, const char *name,
                   const json_t *fn, struct srv_error *err);
int sq_udf_delete(struct store *st, const char *catalog, const char *db, const char *name,
                  struct srv_error *err);
int sq_udf_list(struct store *st, const char *catalog, const char *db, const char *after_db,
                const char *after_name, int limit, size_t max_bytes, store_name_filter *filter,
                void *fctx, json_t **out, int *more, struct srv_error *err);
int sq_tags_update(struct store *st, const char *catalog, enum store_tag_kind kind, const char *db,
                   const char *name, const json_t *add, const json_t *remove, json_t **out,
                   struct srv_error *err);
int sq_policy_get(struct store *st, const char *catalog, const char *arn, json_t **out,
                  struct srv_error *err);
int sq_policy_put(struct store *st, const char *catalog, const char *arn, const char *policy,
                  const char *hash, struct srv_error *err);
int sq_policy_arns(struct store *st, const char *catalog, json_t **out, struct srv_error *err);
int sq_table_search(struct store *st, const char *catalog, const struct store_search *q,
                    json_t **out, int *more, struct srv_error *err);
int sq_crawler_insert(struct store *st, const char *catalog, const json_t *crawler,
                      struct srv_error *err);
int sq_crawler_get(struct store *st, const char *catalog, const char *name, json_t **out,
                   struct srv_error *err);
int sq_crawler_put(struct store *st, const char *catalog, const json_t *crawler,
                   struct srv_error *err);
int sq_crawler_delete(struct store *st, const char *catalog, const char *name,
                      struct srv_error *err);
int sq_crawler_list(struct store *st, const char *catalog, const char *after, int limit,
                    json_t **out, int *more, struct srv_error *err);
int sq_crawler_scan(struct store *st, const char *state, json_t **out, struct srv_error *err);
int sq_crawl_put(struct store *st, const char *catalog, const char *name, const json_t *crawl,
                 struct srv_error *err);
int sq_crawl_list(struct store *st, const char *catalog, const char *name, json_t **out,
                  struct srv_error *err);

#endif
