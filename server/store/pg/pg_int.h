/* pg_int.h -- what the PostgreSQL store's own files share: the connection, bound arguments,
** running statements and mapping their failures to CAT_* codes.
**
** The schema is migrations/postgresql/ (same tables and columns as migrations/sqlite/, with
** PostgreSQL types; partitions keep typed key values in kn0..kn15 (numeric: integer, decimal,
** boolean keys) and ks0..ks15 (text COLLATE "C": string, date, timestamp keys)).  Text that is
** compared or ordered (names, partition values) is COLLATE "C", so orders are byte orders as
** on SQLite.  A partition's values (`vals`, JSON text) may exceed what a btree entry holds
** (about 2,700 bytes), so no index holds them whole (migrations/postgresql/0002): a lookup by
** values goes through PG_VALS_IS, and an ordered page through PG_VALS_AFTER and PG_VALS_ORDER.
**
** Transactions: store_begin() opens a SERIALIZABLE transaction.  A store function that fails
** with an expected error (EEXISTS, ENOTFOUND, ECONCURRENT, ELIMIT, EINVAL) leaves the
** transaction usable: statements that might fail are written not to (INSERT ... ON CONFLICT
** DO NOTHING and a row count, UPDATE ... WHERE version_id = $n and a row count), since a failed
** statement aborts a PostgreSQL transaction.  A serialization failure or deadlock is
** CAT_ECONCURRENT with ERR->retry set: registry.c runs the whole operation again (bounded).
** A lost connection is CAT_EUNAVAILABLE (503, retryable); the connection is then discarded
** when it is given back and the pool opens a new one on the next acquire.
*/
#ifndef SRV_PG_INT_H
#define SRV_PG_INT_H

#include <libpq-fe.h>

#include "store/store_backend.h"

#define PG_STMT_CACHE 160 /* prepared statements per connection */
#define PG_TEXT_CACHE 32  /* statements of run-time text kept prepared per connection */
#define PG_MAX_ARGS 48    /* bound arguments per statement */

struct pg_pool;

struct pg_conn {
    struct store base; /* first: a struct store * is a struct pg_conn * */
    PGconn *conn;
    struct pg_pool *pool; /* NULL for store_open()'s single connection */
    /* called after each write transaction commits (the pool's: its table cache flushed), or
    ** NULL */
    void (*committed)(struct pg_conn *pc);
    struct pg_conn *next; /* idle list of the pool */
    int in_txn;           /* a write transaction is open */
    long rows_written;    /* partition rows written by the open transaction */
    int snapshot;         /* a read-only snapshot transaction is open (ptable_open) */
    int broken;           /* the connection failed: discard it when given back */
    int pending;          /* a snapshot's COMMIT sent, its answer not read yet (pg_settle) */
    long pipelined;       /* snapshots begun with their first statement (pg_snapshot_query) */
    int listening;        /* LISTENs on PG_TCACHE_CHANNEL (a checked cache's pool) */
    struct {
        const char *sql; /* static SQL text, the cache key (by address) */
        int nargs;
    } prepared[PG_STMT_CACHE]; /* prepared as "s<index>" */
    struct {
        char *sql; /* the text (malloc'd), NULL: a free slot */
        unsigned long long hash, used;
        unsigned long long serial; /* prepared as "t<serial>": a name never used twice */
    } texts[PG_TEXT_CACHE];        /* pg_query_text's */
    unsigned long long text_clock, text_serials;
    /* the serials of texts put out of the cache, deallocated when the connection is next out
    ** of a transaction (pg_snapshot_end): a DEALLOCATE that fails inside one would end it */
    unsigned long long stale[PG_TEXT_CACHE];
    int nstale;
};

#define PG(st) ((struct pg_conn *)(st))

/* SQL of partitions.vals, through 0002_partitions.sql's partitions_vals, unique on (table_id,
** left(vals, 640), PG_VALS_DIGEST(vals)): the prefix of 640 characters (at most 2,560 bytes of
** UTF-8, within a btree entry) orders as the whole text does but for ties, which vals breaks;
** the digest (md5 of values longer than the prefix, '' for the others: computed only where
** needed) tells apart values sharing the prefix.  PG_VALS_IS(p): the row whose values are
** parameter P; PG_VALS_AFTER(p): the rows after P in vals's byte order; PG_VALS_ORDER: that
** order; PG_VALS_CONFLICT: the index, for ON CONFLICT. */
#define PG_VALS_PREFIX "left(vals, 640)"
#define PG_VALS_DIGEST(x) "(CASE WHEN octet_length(" x ") > 640 THEN md5(" x ") ELSE '' END)"
#define PG_VALS_CONFLICT "(table_id, " PG_VALS_PREFIX ", " PG_VALS_DIGEST("vals") ")"
#define PG_VALS_IS(p)                                                                              \
    PG_VALS_PREFIX " = left(" p                                                                    \
                   ", 640) AND " PG_VALS_DIGEST("vals") " = " PG_VALS_DIGEST(p) " AND vals = " p
#define PG_VALS_AFTER(p)                                                                           \
    PG_VALS_PREFIX " >= left(" p ", 640) AND (" PG_VALS_PREFIX ", vals) > (left(" p ", 640), " p ")"
#define PG_VALS_ORDER " ORDER BY " PG_VALS_PREFIX ", vals"

/* Arguments $1..$n of a statement, as text (libpq's text format); NULL is SQL NULL. */
struct pg_args {
    int n;
    const char *v[PG_MAX_ARGS];
    char *owned[PG_MAX_ARGS]; /* freed by pg_args_free */
    char num[PG_MAX_ARGS][32];
};
void pg_args_init(struct pg_args *a);
void pg_args_free(struct pg_args *a); /* frees owned texts; A may be reused after init */
/* Append one argument (the next $n).  More than PG_MAX_ARGS is a programming error (abort). */
void pg_arg_text(struct pg_args *a, const char *s); /* borrowed (must outlive the call) */
void pg_arg_owned(struct pg_args *a, char *s);      /* malloc'd, freed by pg_args_free */
void pg_arg_int(struct pg_args *a, long long v);
void pg_arg_num(struct pg_args *a, double v); /* exact: %.17g */
void pg_arg_null(struct pg_args *a);

/* Run SQL (static text: the cache key is its address; parameters $1..$n) with A (NULL: no
** arguments), prepared once per connection.  Success: CAT_OK and *RES, a PGRES_TUPLES_OK or
** PGRES_COMMAND_OK result the caller PQclear()s.  Failure: *RES NULL, ERR set by pg_fail(). */
int pg_query(struct store *st, const char *sql, const struct pg_args *a, PGresult **res,
             struct srv_error *err);
/* pg_query for a statement whose rows are not read: *AFFECTED (may be NULL) = PQcmdTuples. */
int pg_exec(struct store *st, const char *sql, const struct pg_args *a, long long *affected,
            struct srv_error *err);
/* Run SQL text without arguments or preparing (transaction control, migrations). */
int pg_simple(struct store *st, const char *sql, struct srv_error *err);
/* pg_query for SQL text built at run time (e.g. a compiled partition expression): not
** prepared, not cached. */
int pg_query_dynamic(struct store *st, const char *sql, const struct pg_args *a, PGresult **res,
                     struct srv_error *err);
/* Run SQL text built at run time with the N text parameters VALS, of types TYPES (OIDs; NULL or
** 0: inferred from the text; a parameter the text does not use needs one).  KEEP: prepared on
** the connection and kept there under its text (PG_TEXT_CACHE of them; the least recently used
** goes, deallocated once the connection is out of its transaction), so that a text run again
** is neither parsed nor, once PostgreSQL's plan cache settles on a generic plan (after five
** runs), planned again -- which is what makes a page query cheap: planning over the partitions
** table's 33 indexes costs more than reading 100 rows.  Only for texts from a bounded set of
** shapes (values as parameters, never in the text).  Not KEEP: parsed and planned for this run
** only.  Results as pg_query. */
int pg_query_text(struct store *st, const char *sql, int n, const Oid *types,
                  const char *const *vals, int keep, PGresult **res, struct srv_error *err);

/* Count N partition rows written by the open transaction: after its commit, pg_store.c runs
** ANALYZE partitions when the rows written since the last run reach the number written before
** it (10k, 20k, 40k, ... as on SQLite), so that the planner does not plan pages and selective
** queries over a bulk-loaded table from the statistics of the empty one (autovacuum's analyze
** comes a minute or more later). */
void pg_note_rows(struct store *st, long n);

/* Map the failed RES (may be NULL: the connection's error) to a CAT_* code in ERR:
** 40001/40P01 -> ECONCURRENT (ERR->retry = 1) "Concurrent modification; retry.";
** 23505 -> EEXISTS "Entity already exists."; 54000 and 22xxx -> EINVAL (the server's words);
** class 08 (but 08P01 on a live connection), 57P01-57P03 or a bad connection -> EUNAVAILABLE
** "The catalog database is unavailable: <reason>; retry.", the connection marked broken;
** as on SQLite, 53100 -> ELIMIT (disk full) and 55P03 -> ETIMEOUT (busy); other class 53
** (the server short of memory, lock slots, connections) -> EUNAVAILABLE, connection kept;
** anything else -> EINTERNAL "Internal error." (logged). */
int pg_fail(struct store *st, const PGresult *res, struct srv_error *err);

/* Result helpers: column COL of row ROW as text (NULL when SQL NULL), integer, double. */
const char *pg_get(const PGresult *r, int row, int col);
long long pg_get_int(const PGresult *r, int row, int col);
double pg_get_num(const PGresult *r, int row, int col);

/* pg_conn.c, for the pool (pg_store.c): whether LOCATOR parses as a libpq string or URI
** (CAT_EINVAL naming no part of it); a new connection to it serving as BE (the caller sets its
** pool and commit hook) with the session settings applied, and its end; before a statement, a
** connection that failed reset (CAT_EUNAVAILABLE when a transaction was lost on it); the
** migrations the database lacks, under an advisory lock. */
int pg_locator_check(const char *locator, struct srv_error *err);
/* A libpq connection to LOCATOR with catalogd's defaults (bounded connect time, keepalives, a
** send timeout; UTF8), no session settings: check PQstatus; PQfinish it. */
PGconn *pg_connect(const char *locator);
int pg_conn_new(const char *locator, const struct store_backend *be, struct pg_conn **out,
                struct srv_error *err);
void pg_conn_free(struct pg_conn *pc);
int pg_conn_ready(struct pg_conn *pc, struct srv_error *err);
int pg_migrate(struct store *st, struct srv_error *err);

/* pg_tcache.c: GetTable answers cached per pool, invalidated by this process's write commits
** and by notifications on PG_TCACHE_CHANNEL (the design and the staleness bound are in
** pg_tcache.c).  new: an empty cache for LOCATOR, CHECKED (the pool's connections LISTEN and
** each use is checked by pg_tcache_sync() first) or notified (a listener thread of its own,
** started by the first get); free: stops the listener (NULL-safe); flush: drops every entry
** (a local write committed, a connection began to listen).  checked: whether it is CHECKED.
** listen: LISTEN on PC (a checked cache's new connection): 0, or -1 when it cannot (the
** server is older than 15, or the statement failed), when PC never uses the cache.  sync: one
** empty round trip on PC, which listens, then every notification it delivered flushes the
** cache: 0, or -1 when the connection failed (do not use the cache).  heard: the
** notifications libpq has read on PC (no I/O) flush the cache; 1 when there were any.  get:
** 1 and *TEXT
** (malloc'd) when a current answer is cached, else 0 (*TEXT NULL); *GEN is what put needs.
** put: keeps TEXT (copied) unless the cache was invalidated since get returned GEN.  counts:
** uses so far (answered, loaded, kept). */
#define PG_TCACHE_CHANNEL "catalogd_tables"
#define PG_TCACHE_BEAT_MS 10   /* round trips of the listener while the cache is in use */
#define PG_TCACHE_STALE_MS 100 /* the most a cached answer can be behind a remote write */
#define PG_TCACHE_MAX 4096     /* entries */
struct pg_tcache;
struct pg_tcache *pg_tcache_new(const char *locator, int checked);
int pg_tcache_checked(const struct pg_tcache *tc);
int pg_tcache_listen(struct pg_tcache *tc, struct pg_conn *pc);
int pg_tcache_sync(struct pg_tcache *tc, struct pg_conn *pc);
int pg_tcache_heard(struct pg_tcache *tc, struct pg_conn *pc);
void pg_tcache_free(struct pg_tcache *tc);
void pg_tcache_flush(struct pg_tcache *tc);
/* As flush, for a write transaction of this process that committed (pg_store.c). */
void pg_tcache_committed(struct pg_tcache *tc);
/* The invalidations so far other than this process's own commits (notifications heard, a
** connection beginning to listen): what pg_ptcache.c's entries are checked against besides
** their stamp, which a write through catalogd moves.  0 for NULL. */
unsigned long long pg_tcache_gen(struct pg_tcache *tc);
int pg_tcache_get(struct pg_tcache *tc, const char *catalog, const char *db, const char *name,
                  store_table_render_fn *render, char **text, unsigned long long *gen);
void pg_tcache_put(struct pg_tcache *tc, unsigned long long gen, const char *catalog,
                   const char *db, const char *name, store_table_render_fn *render,
                   const char *text);
void pg_tcache_counts(const struct pg_tcache *tc, long *hits, long *loads, long *kept);
/* pg_store.c: the cache of POOL (NULL: none, e.g. store_open's single connection). */
struct pg_tcache *pg_pool_tcache(struct pg_pool *pool);

/* pg_ptcache.c: tables opened for partition work, per pool, each use checked by the table's
** stamp read in the caller's snapshot (the design is in pg_ptcache.c).  get: 1 when an entry
** of (CATALOG, DB, NAME) has STAMP and was kept at generation GEN (pg_tcache_gen): PT's table
** (a copy of its own), id, sd_id, cache and cached_from set; else 0.  put: keep a copy of
** PT's table under STAMP and GEN (read from committed state only) and set PT's cache and
** cached_from.  memo_get/put: store.h's memos, with the entry PT came from.  counts: uses so
** far (answered from it, loaded). */
struct pg_ptcache;
struct pg_ptcache *pg_ptcache_new(void);
void pg_ptcache_free(struct pg_ptcache *c); /* NULL-safe */
int pg_ptcache_get(struct pg_ptcache *c, const char *catalog, const char *db, const char *name,
                   const char *stamp, unsigned long long gen, struct store_ptable *pt);
void pg_ptcache_put(struct pg_ptcache *c, const char *catalog, const char *db, const char *name,
                    const char *stamp, unsigned long long gen, struct store_ptable *pt);
json_t *pg_ptcache_memo_get(struct pg_ptcache *c, const struct store_ptable *pt, const char *key);
void pg_ptcache_memo_put(struct pg_ptcache *c, const struct store_ptable *pt, const char *key,
                         json_t *value);
void pg_ptcache_counts(struct pg_ptcache *c, long *hits, long *loads);
/* pg_store.c: the partition-table cache of POOL (NULL: none). */
struct pg_ptcache *pg_pool_ptcache(struct pg_pool *pool);

/* ---- The backend's entries (store_backend.h; contracts in store.h / store_crawler.h), named
** pg_<entry>; pg_store.c holds the table `store_postgresql`. ---- */

/* pg_conn.c: connections, transactions, migrations; pg_store.c: the pool, the schema */
int pg_pool_open(struct store_pool **out, const char *locator, struct srv_error *err);
void pg_pool_close(struct store_pool *p);
struct store *pg_acquire(struct store_pool *p, struct srv_error *err);
void pg_release(struct store_pool *p, struct store *st);
int pg_open(struct store **out, const char *locator, struct srv_error *err);
void pg_close(struct store *st);
const char *pg_write_problem(void);
int pg_begin(struct store *st, struct srv_error *err);
int pg_commit(struct store *st, struct srv_error *err);
void pg_rollback(struct store *st);
/* A read-only REPEATABLE READ transaction (one snapshot for several reads), setting
** ST->snapshot; CAT_OK and nothing begun inside a write transaction or an open snapshot.
** pg_snapshot_end commits it (NULL-safe, idempotent) without waiting for the answer, which
** pg_settle() reads before the connection's next statement (pg_conn_ready) or its next
** acquire; pg_begin and pg_rollback end it too.  pg_snapshot_query: the snapshot begun and
** SQL (a pg_query statement) run in it, in one round trip when the connection has SQL
** prepared already (libpq's pipeline mode), else as pg_snapshot_begin then pg_query; inside a
** write transaction or an open snapshot, only pg_query. */
int pg_snapshot_begin(struct store *st, struct srv_error *err);
int pg_snapshot_query(struct store *st, const char *sql, const struct pg_args *a, PGresult **res,
                      struct srv_error *err);
void pg_snapshot_end(struct store *st);
void pg_settle(struct pg_conn *pc);
int pg_schema_text(struct store *st, char **out, struct srv_error *err);
int pg_schema_version(struct store *st);
int pg_db_size_bytes(struct store *st, long long *out, struct srv_error *err);

/* pg_catalog.c: databases, tables, versions, opening a table for partition work */
int pg_db_insert(struct store *st, const char *catalog, const json_t *db, struct srv_error *err);
int pg_db_get(struct store *st, const char *catalog, const char *name, json_t **out,
              struct srv_error *err);
int pg_db_list(struct store *st, const char *catalog, const char *after, int limit,
               size_t max_bytes, json_t **out, int *more, struct srv_error *err);
int pg_db_replace(struct store *st, const char *catalog, const char *name, const json_t *db,
                  struct srv_error *err);
int pg_db_delete(struct store *st, const char *catalog, const char *name, struct srv_error *err);
int pg_table_insert(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                    struct srv_error *err);
int pg_table_get(struct store *st, const char *catalog, const char *db, const char *name,
                 json_t **out, struct srv_error *err);
int pg_table_text(struct store *st, const char *catalog, const char *db, const char *name,
                  store_table_render_fn *render, char **text, struct srv_error *err);
int pg_table_list(struct store *st, const char *catalog, const char *db, const char *after,
                  int limit, size_t max_bytes, store_name_filter *filter, void *ctx, json_t **out,
                  int *more, struct srv_error *err);
int pg_table_replace(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                     long long expect, long long new_version, struct srv_error *err);
int pg_table_delete(struct store *st, const char *catalog, const char *db, const char *name,
                    struct srv_error *err);
int pg_table_rename(struct store *st, const char *catalog, const char *db, const char *name,
                    const char *new_db, const char *new_name, long long expect,
                    long long new_version, struct srv_error *err);
int pg_version_archive(struct store *st, const char *catalog, const char *db, const char *name,
                       long long version, const json_t *table, struct srv_error *err);
int pg_version_get(struct store *st, const char *catalog, const char *db, const char *name,
                   long long version, json_t **out, struct srv_error *err);
int pg_version_list(struct store *st, const char *catalog, const char *db, const char *name,
                    long long before, int limit, size_t max_bytes, json_t **out, int *more,
                    struct srv_error *err);
int pg_version_delete(struct store *st, const char *catalog, const char *db, const char *name,
                      long long version, struct srv_error *err);
int pg_ptable_open(struct store *st, const char *catalog, const char *db, const char *name,
                   struct store_ptable *pt, struct srv_error *err);
void pg_ptable_close(struct store_ptable *pt);
json_t *pg_memo_get(struct store *st, const struct store_ptable *pt, const char *key);
void pg_memo_put(struct store *st, const struct store_ptable *pt, const char *key, json_t *value);

/* pg_iceberg.c: the parts of Iceberg metadata */
int pg_ice_get(struct store *st, const char *catalog, const char *db, const char *name,
               char **location, json_t **head, struct srv_error *err);
int pg_ice_snapshot(struct store *st, const char *catalog, const char *db, const char *name,
                    long long snap, json_t **out, struct srv_error *err);
int pg_ice_snapshots(struct store *st, const char *catalog, const char *db, const char *name,
                     const json_t *ids, json_t **snapshots, json_t **log, struct srv_error *err);
int pg_ice_text(struct store *st, const char *catalog, const char *db, const char *name,
                const json_t *ids, struct sbuf *snaps, struct sbuf *log, struct srv_error *err);
int pg_ice_put(struct store *st, const char *catalog, const char *db, const char *name,
               const char *location, const json_t *head, const json_t *added, const json_t *removed,
               const json_t *log, int log_cut, struct srv_error *err);
int pg_ice_replace(struct store *st, const char *catalog, const char *db, const char *name,
                   const char *location, const json_t *head, const json_t *snapshots,
                   const json_t *log, struct srv_error *err);

/* pg_partition.c: partitions, partition indexes; pg_colstats.c: column statistics */
int pg_partition_insert(struct store *st, struct store_ptable *pt, const json_t *values,
                        const json_t *in, double create_time, struct srv_error *err);
int pg_partition_replace(struct store *st, struct store_ptable *pt, const json_t *values,
                         const json_t *in, struct srv_error *err);
int pg_partition_delete(struct store *st, struct store_ptable *pt, const json_t *values,
                        struct srv_error *err);
int pg_partition_get(struct store *st, struct store_ptable *pt, const json_t *values,
                     store_prow_fn *fn, void *arg, struct srv_error *err);
int pg_partition_get_many(struct store *st, struct store_ptable *pt, size_t n,
                          const json_t *const *values, store_pkey_fn *fn, void *arg,
                          struct srv_error *err);
int pg_partition_query(struct store *st, struct store_ptable *pt, const struct store_pquery *q,
                       store_prow_fn *fn, void *arg, struct srv_error *err);
int pg_partition_locate(struct store *st, struct store_ptable *pt, const json_t *values,
                        long long *id, json_t **columns, struct srv_error *err);
int pg_pindex_create(struct store *st, struct store_ptable *pt, const char *name,
                     const json_t *keys, struct srv_error *err);
int pg_pindex_list(struct store *st, struct store_ptable *pt, json_t **out, struct srv_error *err);
int pg_pindex_delete(struct store *st, struct store_ptable *pt, const char *name,
                     struct srv_error *err);
int pg_colstats_put(struct store *st, struct store_ptable *pt, long long part, const char *column,
                    const json_t *stats, struct srv_error *err);
int pg_colstats_get(struct store *st, struct store_ptable *pt, long long part, const char *column,
                    json_t **out, struct srv_error *err);
int pg_colstats_delete(struct store *st, struct store_ptable *pt, long long part,
                       const char *column, struct srv_error *err);
int pg_colstats_prune(struct store *st, struct store_ptable *pt, long long part, const json_t *keep,
                      struct srv_error *err);
/* pg_partition.c: store N new partitions (VALUES[i], IN[i], as store_partition_insert) in one
** statement; RCS[i] = CAT_OK, or CAT_EEXISTS when the partition existed already (or an earlier
** entry of the call has the same values).  CAT_OK, or an error of the whole call. */
int pg_partition_insert_many(struct store *st, struct store_ptable *pt, size_t n,
                             const json_t *const *values, const json_t *const *in,
                             double create_time, int *rcs, struct srv_error *err);
/* pg_partition.c: visit partition VALUES with FN (as pg_partition_get) and, with ID, set *ID
** to its row id. */
int pg_partition_visit(struct store *st, struct store_ptable *pt, const json_t *values,
                       store_prow_fn *fn, void *arg, long long *id, struct srv_error *err);
/* pg_partition.c: *PLAN = PostgreSQL's EXPLAIN of the statement store_partition_query() runs
** first for Q (malloc'd text, one line per plan line), for tests and benchmarks. */
int pg_partition_explain(struct store *st, struct store_ptable *pt, const struct store_pquery *q,
                         char **plan, struct srv_error *err);

/* pg_udf.c / pg_search.c / pg_crawler.c: functions, tags, policies, search, crawlers */
int pg_udf_insert(struct store *st, const char *catalog, const char *db, const json_t *fn,
                  struct srv_error *err);
int pg_udf_get(struct store *st, const char *catalog, const char *db, const char *name,
               json_t **out, struct srv_error *err);
int pg_udf_replace(struct store *st, const char *catalog, const char *db, const char *name,
                   const json_t *fn, struct srv_error *err);
int pg_udf_delete(struct store *st, const char *catalog, const char *db, const char *name,
                  struct srv_error *err);
int pg_udf_list(struct store *st, const char *catalog, const char *db, const char *after_db,
                const char *after_name, int limit, size_t max_bytes, store_name_filter *filter,
                void *fctx, json_t **out, int *more, struct srv_error *err);
int pg_tags_update(struct store *st, const char *catalog, enum store_tag_kind kind, const char *db,
                   const char *name, const json_t *add, const json_t *remove, json_t **out,
                   struct srv_error *err);
int pg_policy_get(struct store *st, const char *catalog, const char *arn, json_t **out,
                  struct srv_error *err);
int pg_policy_put(struct store *st, const char *catalog, const char *arn, const char *policy,
                  const char *hash, struct srv_error *err);
int pg_policy_arns(struct store *st, const char *catalog, json_t **out, struct srv_error *err);
int pg_table_search(struct store *st, const char *catalog, const struct store_search *q,
                    json_t **out, int *more, struct srv_error *err);
int pg_crawler_insert(struct store *st, const char *catalog, const json_t *crawler,
                      struct srv_error *err);
int pg_crawler_get(struct store *st, const char *catalog, const char *name, json_t **out,
                   struct srv_error *err);
int pg_crawler_put(struct store *st, const char *catalog, const json_t *crawler,
                   struct srv_error *err);
int pg_crawler_delete(struct store *st, const char *catalog, const char *name,
                      struct srv_error *err);
int pg_crawler_list(struct store *st, const char *catalog, const char *after, int limit,
                    json_t **out, int *more, struct srv_error *err);
int pg_crawler_scan(struct store *st, const char *state, json_t **out, struct srv_error *err);
int pg_crawl_put(struct store *st, const char *catalog, const char *name, const json_t *crawl,
                 struct srv_error *err);
int pg_crawl_list(struct store *st, const char *catalog, const char *name, json_t **out,
                  struct srv_error *err);

/* ---- Shared between the backend's files ---- */
/* pg_catalog.c: *ID = the row id of database NAME / table NAME of DB.  ENOTFOUND
** "Database x not found." / "Table x not found." (the same words as SQLite's). */
int pg_db_id(struct store *st, const char *catalog, const char *name, long long *id,
             struct srv_error *err);
int pg_table_id(struct store *st, const char *catalog, const char *db, const char *name,
                long long *id, struct srv_error *err);
/* pg_catalog.c: storage descriptors.  Save SD owned by table OWNER (*ID its row id); load
** row ID as a new StorageDescriptor object exactly as stored; delete row ID. */
int pg_sd_save(struct store *st, const json_t *sd, long long owner, long long *id,
               struct srv_error *err);
int pg_sd_load(struct store *st, long long id, json_t **out, struct srv_error *err);
int pg_sd_delete(struct store *st, long long id, struct srv_error *err);
/* pg_sd.c: When an update changes the type of a partition key (OLD_KEYS -> NEW_KEYS, PartitionKeys
** arrays), recompute that key's typed columns for the partitions of table TABLE_ID, so
** expressions compare by the new type. */
int pg_retype_partitions(struct store *st, long long table_id, const json_t *old_keys,
                         const json_t *new_keys, struct srv_error *err);
/* pg_search.c: rewrite the search row of table TABLE_ID (or of every table of database
** DB_ID) from what is stored now; pg_catalog.c calls it after each write of a table's name,
** description or parameters, and after a database rename. */
int pg_search_refresh(struct store *st, long long table_id, struct srv_error *err);
int pg_search_refresh_db(struct store *st, long long db_id, struct srv_error *err);

#endif
