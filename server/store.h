/* store.h -- the catalog's persistence interface (SQLite today): connections, transactions,
** and entity-level reads and writes of databases, tables and table versions.
**
** Entities cross this interface as jansson objects shaped like Glue's output shapes
** (Database, Table); the resource layer decides semantics, the store only persists.
** A future PostgreSQL backend implements this same header.
**
** Ownership: `const json_t *` arguments are borrowed; `json_t **out` receives a new
** reference on success and NULL on failure.  Threads: a struct store is one connection
** and must be used by one thread at a time; get one per request from the pool.
*/
#ifndef SRV_STORE_H
#define SRV_STORE_H

#include <jansson.h>

#include "error.h"
#include "ptype.h"

struct store;
struct store_pool;

/* Open the database file PATH (created if missing), switch it to WAL, apply pending
** migrations, and return a pool of connections in *OUT.  Errors: CAT_EINTERNAL. */
int store_pool_open(struct store_pool **out, const char *path, struct srv_error *err);
/* Close every connection.  NULL is a no-op.  No connection may be in use. */
void store_pool_close(struct store_pool *p);
/* Take a connection from P (opening one if none is idle); NULL with ERR set on failure. */
struct store *store_acquire(struct store_pool *p, struct srv_error *err);
/* Give ST back to P; rolls back a transaction left open by mistake. */
void store_return(struct store_pool *p, struct store *st);

/* Open a single connection on PATH (":memory:" works), migrated.  For tests and tools. */
int store_open(struct store **out, const char *path, struct srv_error *err);
void store_close(struct store *st);

/* Write transactions: BEGIN IMMEDIATE ... COMMIT.  Rollback is NULL-safe and idempotent. */
int store_begin(struct store *st, struct srv_error *err);
int store_commit(struct store *st, struct srv_error *err);
void store_rollback(struct store *st);

/* The full schema as the migrations leave it (sqlite_schema, in a stable order).
** *OUT is a new string the caller frees. */
int store_schema_text(struct store *st, char **out, struct srv_error *err);
/* PRAGMA user_version: how many migrations have run. */
int store_schema_version(struct store *st);
/* The database file's size in bytes (page_count * page_size). */
int store_db_size_bytes(struct store *st, long long *out, struct srv_error *err);

/* ---- Databases.  DB objects are Glue `Database` shapes with Name already folded. ---- */
int store_db_insert(struct store *st, const char *catalog, const json_t *db,
                    struct srv_error *err);                         /* EEXISTS */
int store_db_get(struct store *st, const char *catalog, const char *name, json_t **out,
                 struct srv_error *err);                            /* ENOTFOUND */
/* Up to LIMIT databases with names after AFTER (NULL: from the start), by name.
** *OUT is a new array; *MORE is set to 1 when further rows exist. */
int store_db_list(struct store *st, const char *catalog, const char *after, int limit,
                  json_t **out, int *more, struct srv_error *err);
/* Replace database NAME with DB (whose Name may differ: a rename).  ENOTFOUND, EEXISTS. */
int store_db_replace(struct store *st, const char *catalog, const char *name, const json_t *db,
                     struct srv_error *err);
/* Delete database NAME with all its tables and what hangs off them.  ENOTFOUND. */
int store_db_delete(struct store *st, const char *catalog, const char *name,
                    struct srv_error *err);

/* ---- Tables.  TBL objects are Glue `Table` shapes; the store keeps every member. ---- */
/* Insert TBL (Name folded; CreateTime/UpdateTime set) with VersionId 0.
** ENOTFOUND (database), EEXISTS. */
int store_table_insert(struct store *st, const char *catalog, const char *db,
                       const json_t *tbl, struct srv_error *err);
/* The current table with DatabaseName, CatalogId and VersionId filled in.  ENOTFOUND. */
int store_table_get(struct store *st, const char *catalog, const char *db, const char *name,
                    json_t **out, struct srv_error *err);
/* Name filter for listings: returns non-zero to keep NAME. */
typedef int store_name_filter(void *ctx, const char *name);
/* Up to LIMIT full tables of DB with names after AFTER (NULL: from the start) that pass
** FILTER (NULL: all), by name.  *MORE = 1 when further matching rows may exist.
** ENOTFOUND (database). */
int store_table_list(struct store *st, const char *catalog, const char *db, const char *after,
                     int limit, store_name_filter *filter, void *ctx, json_t **out, int *more,
                     struct srv_error *err);
/* Replace table TBL->Name's definition with TBL (CreateTime kept as given in TBL) and set
** its version to NEW_VERSION, provided its current version is EXPECT.  ENOTFOUND, ECONFLICT. */
int store_table_replace(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                        long long expect, long long new_version, struct srv_error *err);
/* Delete table NAME with its versions.  ENOTFOUND. */
int store_table_delete(struct store *st, const char *catalog, const char *db, const char *name,
                       struct srv_error *err);

/* ---- Archived table versions (the current version is never archived). ---- */
int store_version_archive(struct store *st, const char *catalog, const char *db,
                          const char *name, long long version, const json_t *table,
                          struct srv_error *err);
/* One archived version as its Table object.  ENOTFOUND (table or version). */
int store_version_get(struct store *st, const char *catalog, const char *db, const char *name,
                      long long version, json_t **out, struct srv_error *err);
/* Archived versions below BEFORE (-1: all), newest first, up to LIMIT, as an array of
** Table objects.  *MORE = 1 when older ones remain.  ENOTFOUND (table). */
int store_version_list(struct store *st, const char *catalog, const char *db, const char *name,
                       long long before, int limit, json_t **out, int *more,
                       struct srv_error *err);
/* Delete one archived version.  ENOTFOUND (table or version). */
int store_version_delete(struct store *st, const char *catalog, const char *db,
                         const char *name, long long version, struct srv_error *err);

/* ---- Partitions ---- */

/* Partition keys beyond this many are stored and returned but not typed or indexed. */
#define STORE_TYPED_KEYS 16

/* A table opened for partition work.  Filled by store_ptable_open(), released by
** store_ptable_close(); valid for one connection and one request. */
struct store_ptable {
    long long id, sd_id;   /* table row; its current descriptor row (0: none) */
    json_t *table;         /* the Table object, as stored (owned) */
    const char *catalog, *db, *name; /* borrowed from the table object */
    int nkeys;             /* number of partition keys */
    enum ptype types[STORE_TYPED_KEYS]; /* the first keys' types */
    json_t *sd_cache;      /* descriptor rows read so far, by id (owned) */
    json_t *sd_text;       /* their presented JSON text without Location, by "id/excl" (owned) */
    struct store *snapshot; /* the connection whose read transaction close ends, or NULL */
};

/* Open table NAME of database DB.  ENOTFOUND ("Database x not found." / "Table x not found.").
** On a pooled connection outside a transaction, the reads from here to store_ptable_close
** share one read transaction (one snapshot, one WAL lock): begin no write transaction
** before closing PT. */
int store_ptable_open(struct store *st, const char *catalog, const char *db, const char *name,
                      struct store_ptable *pt, struct srv_error *err);
void store_ptable_close(struct store_ptable *pt); /* NULL-safe, idempotent */

/* Store a new partition: VALUES (array of strings, one per key, checked by the caller) and
** PartitionInput IN (borrowed).  EEXISTS "Partition already exists." */
int store_partition_insert(struct store *st, struct store_ptable *pt, const json_t *values,
                           const json_t *in, double create_time, struct srv_error *err);
/* *OUT = the Partition object for VALUES, its descriptor merged from the table's.  ENOTFOUND. */
int store_partition_get(struct store *st, struct store_ptable *pt, const json_t *values,
                        json_t **out, struct srv_error *err);
/* How returned descriptors are completed (the resource's defaults); applied to copies. */
typedef void store_sd_present_fn(json_t *sd);
/* *TEXT = partition VALUES as JSON text (malloc'd), presented as one of
** store_partition_query's page entries (descriptor completed by PRESENT).  ENOTFOUND. */
int store_partition_text(struct store *st, struct store_ptable *pt, const json_t *values,
                         store_sd_present_fn *present, char **text, struct srv_error *err);
/* Replace partition VALUES with IN (whose Values may differ: a move).  ENOTFOUND, EEXISTS. */
int store_partition_replace(struct store *st, struct store_ptable *pt, const json_t *values,
                            const json_t *in, struct srv_error *err);
/* Delete partition VALUES.  ENOTFOUND. */
int store_partition_delete(struct store *st, struct store_ptable *pt, const json_t *values,
                           struct srv_error *err);

/* A GetPartitions page: partitions matching WHERE (SQL over k0..k15 whose parameters
** ?7.. are BINDS; NULL for all), in segment SEG of TOTAL (by row id), after the values
** text AFTER (NULL: from the start), ordered by values, at most LIMIT.  The page comes
** back as JSON text, ready to send: *TEXT (malloc'd) holds the Partition objects separated
** by commas, each descriptor completed by PRESENT and without Columns when
** EXCLUDE_COLUMNS.  *LAST is a new string (the last values text, for the next token) or
** NULL; *MORE = 1 when more may follow. */
int store_partition_query(struct store *st, struct store_ptable *pt, const char *where,
                          const struct pvalue *binds, int nbinds, int seg, int total,
                          const char *after, int limit, int exclude_columns,
                          store_sd_present_fn *present, char **text, char **last, int *more,
                          struct srv_error *err);

/* Partition indexes (metadata).  create: EEXISTS, ELIMIT (3 per table). delete: ENOTFOUND.
** list: *OUT a new array of PartitionIndexDescriptor objects. */
int store_pindex_create(struct store *st, struct store_ptable *pt, const char *name,
                        const json_t *keys, struct srv_error *err);
int store_pindex_list(struct store *st, struct store_ptable *pt, json_t **out,
                      struct srv_error *err);
int store_pindex_delete(struct store *st, struct store_ptable *pt, const char *name,
                        struct srv_error *err);

#endif
