/* store.h -- the catalog's persistence interface, backend-neutral (SQLite or PostgreSQL):
** connections, transactions, entity-level reads and writes of databases, tables, table
** versions, partitions and partition indexes.  No SQL and no backend type crosses it.
**
** Entities cross this interface as jansson objects shaped like Glue's output shapes
** (Database, Table); the resource layer decides semantics, the store only persists.
** Backends: SQLite (store/sqlite/) and PostgreSQL (store/pg/), behind store_backend.h; store.c
** forwards each call to the backend of the connection or pool.
**
** Ownership: `const json_t *` arguments are borrowed; `json_t **out` receives a new
** reference on success and NULL on failure.  Threads: a struct store is one connection
** and must be used by one thread at a time; get one per request from the pool.
*/
#ifndef SRV_STORE_H
#define SRV_STORE_H

#include <jansson.h>

#include "base/error.h"
#include "base/util.h"
#include "lang/ptype.h"

struct store;
struct store_pool;
struct store_backend;

/* Open the catalog at PATH, the backend's locator (store_backend_for()): a SQLite database
** file (created if missing) or a PostgreSQL connection string ("postgresql://..." or libpq's
** "key=value ..."), apply pending migrations, and return a pool of connections in *OUT.
** Errors: CAT_EINTERNAL (also a corrupt SQLite file), CAT_EINVAL (read-only file),
** CAT_EUNAVAILABLE (PostgreSQL down). */
int store_pool_open(struct store_pool **out, const char *path, struct srv_error *err);
/* How many connections a pool may hold open at once, set before store_pool_open() (default 16;
** catalogd sets its worker threads plus the crawler's and /health's).  PostgreSQL keeps to it;
** SQLite connections are cheap and opened as needed. */
void store_set_pool_size(int n);
int store_pool_size(void);
/* LOCATOR as it may be printed or logged, in BUF (SIZE bytes, truncated): a PostgreSQL URI's
** password (user:PASSWORD@) and a key=value string's password=... value shown as "***". */
void store_locator_display(const char *locator, char *buf, size_t size);
/* Close every connection.  NULL is a no-op.  No connection may be in use. */
void store_pool_close(struct store_pool *p);
/* Take a connection from P (opening one if none is idle); NULL with ERR set on failure. */
struct store *store_acquire(struct store_pool *p, struct srv_error *err);
/* Give ST back to P; rolls back a transaction left open by mistake. */
void store_return(struct store_pool *p, struct store *st);

/* Durability of acknowledged writes, process-wide, set before store_pool_open(): FULL (1, the
** default: a committed write survives power loss) or 0 (SQLite's synchronous=NORMAL in WAL mode:
** a crash of the machine may lose the last commits, never corrupt the file). */
void store_set_durability(int full);
/* SQLite: bytes of the database read through a memory map (PRAGMA mmap_size) by each
** connection opened afterwards; 0 (the default): none, pages are read into each connection's
** page cache.  Process-wide, set before store_pool_open(); PostgreSQL ignores it. */
void store_set_sqlite_mmap(long long bytes);
/* PostgreSQL: how GetTable answers come from each pool's cache, invalidated by LISTEN/NOTIFY
** (store/pg/pg_tcache.c).  0 (the default): checked -- every pooled connection LISTENs, and a
** cached answer is used after one empty round trip on the request's own connection has
** delivered every notification of a write committed before it, so a write through any
** catalogd is read back through any other at once (one round trip, no query, per GetTable);
** 1: notified -- no round trip: a read through another catalogd may miss a write committed at
** most 100 ms before it (PG_TCACHE_STALE_MS), for GetTable at the speed of the SQLite cache.
** Process-wide, set before store_pool_open(); SQLite ignores it (its cache is always exact). */
void store_set_pg_table_cache(int on);
int store_pg_table_cache(void);
long long store_sqlite_mmap(void);
/* What keeps writes from working, as static text, or NULL: "corrupt" (SQLite: the file was found
** corrupt at run time; every write is refused with CAT_EINTERNAL from then on), "read-only"
** (SQLite: a write failed because the file, its -wal or -shm or the mount is read-only, until
** one succeeds; such a write is CAT_EUNAVAILABLE, not CAT_EACCESS: not the client's fault),
** "disk full" (a write failed for lack of space, until one succeeds), "PostgreSQL
** unreachable".  Thread-safe.  (At start-up a SQLite file that is corrupt (PRAGMA quick_check,
** bounded in time) or read-only is refused by store_pool_open().)  A write that fails for lack
** of space is CAT_ELIMIT (not retried by SDKs) with a message naming the cause. */
const char *store_write_problem(void);

/* Serialization failures.  A store call that fails because a concurrent transaction (another
** connection or another catalogd over the same PostgreSQL database) touched the same rows
** returns CAT_ECONCURRENT with ERR->retry set, after which the caller's transaction is void:
** the caller rolls back and runs its whole unit of work again, at most STORE_MAX_ATTEMPTS times
** in all, calling store_retry_pause(ATTEMPT) before attempt ATTEMPT + 1 (a random pause of up
** to 2^ATTEMPT ms, so that the colliding transactions do not collide again in step).
** ops_run() does so for every operation, the crawler for its own writes. */
#define STORE_MAX_ATTEMPTS 8
void store_retry_pause(int attempt);

/* Open a single connection on locator PATH (":memory:" works), migrated.  For tests and
** tools. */
int store_open(struct store **out, const char *path, struct srv_error *err);
void store_close(struct store *st);

/* Write transactions (writers are serialized): begin ... commit.  Rollback is NULL-safe and
** idempotent. */
int store_begin(struct store *st, struct srv_error *err);
int store_commit(struct store *st, struct srv_error *err);
void store_rollback(struct store *st);

/* The full schema as the migrations leave it, as the backend prints it, in a stable order.
** *OUT is a new string the caller frees. */
int store_schema_text(struct store *st, char **out, struct srv_error *err);
/* How many migrations have run (0 when unknown). */
int store_schema_version(struct store *st);
/* The size of the stored catalog in bytes. */
int store_db_size_bytes(struct store *st, long long *out, struct srv_error *err);
/* The store's page token key (token.h), as hex in *OUT (caller frees): made at random once per
** store by migration 0006, so every catalogd over it shares it.  ENOTFOUND when missing. */
int store_token_key(struct store *st, char **out, struct srv_error *err);

/* ---- Databases.  DB objects are Glue `Database` shapes with Name already folded. ---- */
int store_db_insert(struct store *st, const char *catalog, const json_t *db,
                    struct srv_error *err); /* EEXISTS */
int store_db_get(struct store *st, const char *catalog, const char *name, json_t **out,
                 struct srv_error *err); /* ENOTFOUND */
/* Listings stop after LIMIT objects, or as soon as the objects collected reach MAX_BYTES of
** compact JSON (at least one is returned; 0: no byte cap), and then set *MORE to 1 when
** further rows exist. */

/* Databases with names after AFTER (NULL: from the start), by name; *OUT a new array. */
int store_db_list(struct store *st, const char *catalog, const char *after, int limit,
                  size_t max_bytes, json_t **out, int *more, struct srv_error *err);
/* Replace database NAME with DB (whose Name may differ: a rename).  ENOTFOUND, EEXISTS. */
int store_db_replace(struct store *st, const char *catalog, const char *name, const json_t *db,
                     struct srv_error *err);
/* Delete database NAME with all its tables and what hangs off them.  ENOTFOUND. */
int store_db_delete(struct store *st, const char *catalog, const char *name, struct srv_error *err);

/* ---- Tables.  TBL objects are Glue `Table` shapes; the store keeps every member. ---- */
/* Insert TBL (Name folded; CreateTime/UpdateTime set) with VersionId 0.
** ENOTFOUND (database), EEXISTS. */
int store_table_insert(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                       struct srv_error *err);
/* The current table with DatabaseName, CatalogId and VersionId filled in.  ENOTFOUND. */
int store_table_get(struct store *st, const char *catalog, const char *db, const char *name,
                    json_t **out, struct srv_error *err);
/* GetTable's answer text, made by RENDER from the stored Table object (borrowed, must not
** be modified) and returned as a new malloc'd string in *TEXT (NULL on failure; RENDER
** returns NULL when out of memory).  A backend may cache it (SQLite: tcache.h, one SELECT when the
** table is unchanged since it was cached).  Errors as store_table_get (ENOTFOUND). */
typedef char *store_table_render_fn(const json_t *table);
int store_table_text(struct store *st, const char *catalog, const char *db, const char *name,
                     store_table_render_fn *render, char **text, struct srv_error *err);

/* Name filter for listings: returns non-zero to keep NAME. */
typedef int store_name_filter(void *ctx, const char *name);
/* Full tables of DB with names after AFTER (NULL: from the start) that pass FILTER (NULL:
** all), by name.  ENOTFOUND (database). */
int store_table_list(struct store *st, const char *catalog, const char *db, const char *after,
                     int limit, size_t max_bytes, store_name_filter *filter, void *ctx,
                     json_t **out, int *more, struct srv_error *err);
/* Replace table TBL->Name's definition with TBL (CreateTime kept as given in TBL) and set
** its version to NEW_VERSION, provided its current version is EXPECT.  ENOTFOUND, ECONCURRENT. */
int store_table_replace(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                        long long expect, long long new_version, struct srv_error *err);
/* Delete table NAME with its versions.  ENOTFOUND. */
int store_table_delete(struct store *st, const char *catalog, const char *db, const char *name,
                       struct srv_error *err);

/* Rename table NAME of DB to NEW_NAME in database NEW_DB (the same row: its versions,
** partitions, statistics, tags and Iceberg metadata go with it) and set its version to
** NEW_VERSION, provided its current version is EXPECT.  ENOTFOUND (either database, the
** table), EEXISTS (NEW_NAME is taken in NEW_DB), ECONCURRENT (the version moved). */
int store_table_rename(struct store *st, const char *catalog, const char *db, const char *name,
                       const char *new_db, const char *new_name, long long expect,
                       long long new_version, struct srv_error *err);

/* ---- Archived table versions (the current version is never archived). ---- */
int store_version_archive(struct store *st, const char *catalog, const char *db, const char *name,
                          long long version, const json_t *table, struct srv_error *err);
/* One archived version as its Table object.  ENOTFOUND (table or version). */
int store_version_get(struct store *st, const char *catalog, const char *db, const char *name,
                      long long version, json_t **out, struct srv_error *err);
/* Archived versions below BEFORE (-1: all), newest first, as an array of Table objects.
** ENOTFOUND (table). */
int store_version_list(struct store *st, const char *catalog, const char *db, const char *name,
                       long long before, int limit, size_t max_bytes, json_t **out, int *more,
                       struct srv_error *err);
/* Delete one archived version.  ENOTFOUND (table or version). */
int store_version_delete(struct store *st, const char *catalog, const char *db, const char *name,
                         long long version, struct srv_error *err);

/* ---- Iceberg metadata (lang/iceberg_meta.h): the parts of an Iceberg table's (or view's)
** metadata, kept with table NAME of DB (by its row id: deleted with the table or its database,
** kept across store_table_rename()).  A HEAD is the metadata without "snapshots" and
** "snapshot-log" (a view's ViewMetadata whole), recorded with the metadata LOCATION it was
** written for; a SNAPSHOT is one snapshot object, kept by its "snapshot-id" in the order
** added; the LOG is the snapshot-log, a list of {"timestamp-ms", "snapshot-id"}.  All in the
** caller's transaction (or none); ENOTFOUND "Database x not found." / "Table x not found."
** for the table; values are stored as given (the engine checks them). ---- */

/* *HEAD = the table's head (new reference) and *LOCATION its location (malloc'd; NULL when
** none was recorded), or both NULL (CAT_OK) when the table has no Iceberg parts. */
int store_ice_get(struct store *st, const char *catalog, const char *db, const char *name,
                  char **location, json_t **head, struct srv_error *err);
/* *OUT = snapshot ID (new reference), or NULL (CAT_OK) when the table has none by that id. */
int store_ice_snapshot(struct store *st, const char *catalog, const char *db, const char *name,
                       long long id, json_t **out, struct srv_error *err);
/* *SNAPSHOTS = a new array of the table's snapshots in the order added: all of them (IDS
** NULL), or those whose ids the array IDS lists (ids it has not are skipped); *LOG (when LOG
** is not NULL) = a new array of the whole snapshot log, in order. */
int store_ice_snapshots(struct store *st, const char *catalog, const char *db, const char *name,
                        const json_t *ids, json_t **snapshots, json_t **log, struct srv_error *err);
/* The same as text, for answers and metadata files made without parsing: the JSON texts of
** the snapshots (all, or those IDS lists), as stored, separated by commas, appended to SNAPS,
** and the log's entries ({"timestamp-ms":N,"snapshot-id":M}, separated by commas) to LOG
** (when not NULL). */
int store_ice_text(struct store *st, const char *catalog, const char *db, const char *name,
                   const json_t *ids, struct sbuf *snaps, struct sbuf *log, struct srv_error *err);
/* A commit's change (struct ice_delta): the head becomes HEAD at LOCATION (NULL: none), the
** snapshots whose ids REMOVED lists (an array of integers; NULL: none) go, ADDED (an array of
** snapshot objects; NULL: none) are appended, then the log loses, when LOG_CUT, every entry
** up to and including the last one naming a removed snapshot, and LOG's entries (NULL: none)
** are appended.  EEXISTS when an added snapshot's id is there already; EINVAL when one has no
** integer "snapshot-id" or a log entry no integer "timestamp-ms" / "snapshot-id". */
int store_ice_put(struct store *st, const char *catalog, const char *db, const char *name,
                  const char *location, const json_t *head, const json_t *added,
                  const json_t *removed, const json_t *log, int log_cut, struct srv_error *err);
/* Replace all the table's parts with HEAD at LOCATION, SNAPSHOTS and LOG (arrays; NULL:
** empty): a register, an import, a metadata file read whole, `catalogd copy`.  HEAD NULL
** removes every part.  EINVAL as store_ice_put(). */
int store_ice_replace(struct store *st, const char *catalog, const char *db, const char *name,
                      const char *location, const json_t *head, const json_t *snapshots,
                      const json_t *log, struct srv_error *err);

/* ---- Partitions ---- */

/* Partition keys beyond this many are stored and returned but not typed or indexed. */
#define STORE_TYPED_KEYS 16

/* A table opened for partition work.  Filled by store_ptable_open(), released by
** store_ptable_close(); valid for one connection and one request.  TABLE and BASE_SD are
** read-only (a backend may hand them to the next request): copy before changing. */
struct store_ptable {
    long long id, sd_id; /* the backend's table row id; its current descriptor's id (0: none) */
    json_t *table;       /* the Table object, as stored (owned) */
    const char *catalog, *db, *name;    /* borrowed from the table object */
    int nkeys;                          /* number of partition keys */
    enum ptype types[STORE_TYPED_KEYS]; /* the first keys' types */
    json_t *sd_cache;                   /* the backend's: descriptors read so far, by id (owned) */
    json_t *base_sd;        /* the backend's: descriptor SD_ID as stored, when known (owned) */
    struct store *snapshot; /* the connection whose read transaction close ends, or NULL */
    const struct store_backend *be; /* set by store_ptable_open() (NULL: nothing to close) */
    void *cache;                    /* the backend's: the table cache TABLE came from, or NULL */
    unsigned long long cached_from; /* the backend's: the version there (memos, reuse) */
};

/* Open table NAME of database DB.  ENOTFOUND ("Database x not found." / "Table x not found.").
** On a pooled connection outside a transaction, the reads from here to store_ptable_close
** share one read transaction (one snapshot, one WAL lock): begin no write transaction
** before closing PT. */
int store_ptable_open(struct store *st, const char *catalog, const char *db, const char *name,
                      struct store_ptable *pt, struct srv_error *err);
void store_ptable_close(struct store_ptable *pt); /* NULL-safe, idempotent */

/* Memos: values a reader derives from the opened table (e.g. the text of a presented
** descriptor) and reuses across requests while the table is unchanged; the backend drops them
** with its cached copy of the table.  Get: a copy of the caller's own, or NULL (none kept, or
** the backend keeps none).  Put: keeps a copy of VALUE (VALUE stays the caller's); at most a
** few per table.  Thread-safe: no jansson value is shared with another request. */
json_t *store_ptable_memo_get(struct store *st, const struct store_ptable *pt, const char *key);
void store_ptable_memo_put(struct store *st, const struct store_ptable *pt, const char *key,
                           json_t *value);

/* ---- Answers kept while nothing is committed. ----
** An op whose answer depends only on what is stored (not on who asks: authorization is done
** before the op runs) may keep the answer's text under a key of its own making and be handed
** it back, with no read, for as long as nothing is committed, through any connection of any
** process.  Outside a transaction of the caller's only.  store_answer_get() first: on a hit,
** *TEXT (malloc'd, *LEN bytes); on a miss *TEXT is NULL and MARK records the stored state
** before the caller reads.  After reading the answer, store_answer_put() keeps it only when
** nothing was committed since MARK (the reads then saw MARK's state).  A backend may keep
** nothing (PostgreSQL, which has no such state to look at without a round trip: every get
** misses); the SQLite backend keeps up to STORE_ANSWER_BYTES per pool, the least recently
** used going first.  Thread-safe. */
#define STORE_ANSWER_BYTES (8u << 20)
struct store_mark {
    unsigned char state[64]; /* the backend's */
    int ok;                  /* 0: no state recorded; put keeps nothing */
};
void store_answer_get(struct store *st, const char *key, size_t klen, struct store_mark *mark,
                      char **text, size_t *len);
void store_answer_put(struct store *st, const char *key, size_t klen, const struct store_mark *mark,
                      const char *text, size_t len);

/* Store a new partition: VALUES (array of strings, one per key, checked by the caller) and
** PartitionInput IN (borrowed).  EEXISTS "Partition already exists."; where the table was
** deleted after PT was opened, ECONCURRENT (retry: then the table is not found) or ENOTFOUND
** "Table x not found.". */
int store_partition_insert(struct store *st, struct store_ptable *pt, const json_t *values,
                           const json_t *in, double create_time, struct srv_error *err);
/* Store N new partitions at once: VALUES[i] and IN[i] as store_partition_insert() takes them,
** in order.  RCS[i] = CAT_OK, or CAT_EEXISTS when partition VALUES[i] existed already or an
** earlier entry of the call has the same values.  Returns CAT_OK (whatever RCS holds), or the
** failure of the whole call (as store_partition_insert() for a table deleted meanwhile). */
int store_partition_insert_many(struct store *st, struct store_ptable *pt, size_t n,
                                const json_t *const *values, const json_t *const *in,
                                double create_time, int *rcs, struct srv_error *err);
/* Replace partition VALUES with IN (whose Values may differ: a move).  ENOTFOUND, EEXISTS. */
int store_partition_replace(struct store *st, struct store_ptable *pt, const json_t *values,
                            const json_t *in, struct srv_error *err);
/* Delete partition VALUES.  ENOTFOUND. */
int store_partition_delete(struct store *st, struct store_ptable *pt, const json_t *values,
                           struct srv_error *err);

/* A stored partition as the store hands it to a reader, valid during the visit only.  A
** partition keeps what differs from the table descriptor it was written against (BASE):
** its descriptor is BASE with SD_DIFF's members set, SD_ABSENT's names removed and
** Location set to LOCATION (removed when NULL). */
struct store_prow {
    const char *values;      /* the Values array as JSON text */
    double creation_time;    /* epoch seconds */
    long long base_id;       /* names BASE for the reader's caches; 0 when there is none */
    const json_t *base;      /* the base descriptor exactly as stored, or NULL */
    const char *location;    /* the partition's whole location, or NULL */
    const char *members;     /* its other members (Parameters, LastAccessTime, ...) as a JSON
                             ** object's text, or NULL when it has none */
    const json_t *sd_diff;   /* descriptor members that differ from BASE, or NULL */
    const json_t *sd_absent; /* array of BASE's member names it lacks, or NULL */
};

/* A reader of partition rows: CAT_OK for the next row, STORE_STOP to end the visit (not an
** error), or an error code (with the reader's own error set) that the store returns. */
#define STORE_STOP 1
typedef int store_prow_fn(void *arg, const struct store_prow *row);

/* Visit partition VALUES with FN.  ENOTFOUND "Partition not found.", or FN's error. */
int store_partition_get(struct store *st, struct store_ptable *pt, const json_t *values,
                        store_prow_fn *fn, void *arg, struct srv_error *err);

/* A reader of the partitions of a list of keys: KEY is the index in that list of the key ROW
** answers; otherwise as store_prow_fn. */
typedef int store_pkey_fn(void *arg, size_t key, const struct store_prow *row);

/* Visit the partitions of VALUES[0..N-1] (each checked by the caller; a key may repeat) that
** exist, in the order of VALUES, with FN until it stops; missing ones are skipped.  FN's
** error, or a failure of the store. */
int store_partition_get_many(struct store *st, struct store_ptable *pt, size_t n,
                             const json_t *const *values, store_pkey_fn *fn, void *arg,
                             struct srv_error *err);

/* Rows formed ahead of their insert (a backend's own type).  store_partition_form: the rows of
** partitions VALUES[0..N-1] with inputs IN (as store_partition_insert_many takes them) formed
** for PT -- typed keys, descriptor difference, the rest -- reading nothing but PT, outside a
** transaction: *OUT, or NULL when the backend does not form rows ahead (then insert with
** store_partition_insert_many).  store_partition_insert_forms: insert them into PT, which must
** be the same table as the one they were formed for (same row and descriptor ids, same
** definition), in the open write transaction; RCS as store_partition_insert_many.  So a batch
** does the work of its rows before it takes SQLite's write lock, which one writer holds at a
** time.  store_pforms_free: NULL-safe.  store_partition_forms_ahead: whether ST's backend forms
** rows ahead at all. */
struct store_pforms;
int store_partition_forms_ahead(const struct store *st);
int store_partition_form(struct store *st, struct store_ptable *pt, size_t n,
                         const json_t *const *values, const json_t *const *in, double create_time,
                         struct store_pforms **out, struct srv_error *err);
int store_partition_insert_forms(struct store *st, struct store_ptable *pt,
                                 struct store_pforms *forms, int *rcs, struct srv_error *err);
void store_pforms_free(struct store *st, struct store_pforms *forms);

/* What GetPartitions asks for. */
struct store_pquery {
    const char *expression;      /* a Glue Expression over the partition keys (pexpr.h's
                                 ** language); NULL, empty or blank: every partition */
    int segment, total_segments; /* rows whose id % TOTAL == SEGMENT (TOTAL <= 1: all) */
    const char *after;           /* resume after this Values JSON text (NULL: from the start) */
    int limit;                   /* visit at most this many rows */
};

/* Visit the partitions Q selects, ordered by their Values text, with FN until it stops.
** EINVAL (the expression does not compile against the keys: the message names the
** position), or FN's error. */
int store_partition_query(struct store *st, struct store_ptable *pt, const struct store_pquery *q,
                          store_prow_fn *fn, void *arg, struct srv_error *err);

/* Partition indexes (metadata).  create: EEXISTS, ELIMIT (3 per table). delete: ENOTFOUND.
** list: *OUT a new array of PartitionIndexDescriptor objects. */
int store_pindex_create(struct store *st, struct store_ptable *pt, const char *name,
                        const json_t *keys, struct srv_error *err);
int store_pindex_list(struct store *st, struct store_ptable *pt, json_t **out,
                      struct srv_error *err);
int store_pindex_delete(struct store *st, struct store_ptable *pt, const char *name,
                        struct srv_error *err);

/* ---- Column statistics: ColumnStatistics objects, stored exactly as given, one per column
** of a table or of a partition, keyed by the column's folded name (COLUMN).  PART is a
** partition's row id from store_partition_locate(), or 0 for the table's own statistics.
** They go with their table or partition; store_colstats_prune() drops those of columns
** that no longer exist. ---- */

/* Partition VALUES of PT: *ID its row id, *COLUMNS a new array of the names of its
** descriptor's Columns (empty when it has none).  ENOTFOUND "Partition not found." */
int store_partition_locate(struct store *st, struct store_ptable *pt, const json_t *values,
                           long long *id, json_t **columns, struct srv_error *err);
/* Insert or replace the statistics of COLUMN. */
int store_colstats_put(struct store *st, struct store_ptable *pt, long long part,
                       const char *column, const json_t *stats, struct srv_error *err);
/* *OUT = the statistics of COLUMN (new reference), or NULL when it has none (CAT_OK). */
int store_colstats_get(struct store *st, struct store_ptable *pt, long long part,
                       const char *column, json_t **out, struct srv_error *err);
/* Delete the statistics of COLUMN; none is not an error. */
int store_colstats_delete(struct store *st, struct store_ptable *pt, long long part,
                          const char *column, struct srv_error *err);
/* Delete the statistics of every column not in KEEP (an array of folded names). */
int store_colstats_prune(struct store *st, struct store_ptable *pt, long long part,
                         const json_t *keep, struct srv_error *err);

/* ---- User-defined functions: UserDefinedFunction objects (FunctionName folded; the store
** fills DatabaseName and CatalogId on reads and keeps every other member as given). ---- */
/* ENOTFOUND (database), EEXISTS. */
int store_udf_insert(struct store *st, const char *catalog, const char *db, const json_t *fn,
                     struct srv_error *err);
/* ENOTFOUND "Function x not found." (or the database's). */
int store_udf_get(struct store *st, const char *catalog, const char *db, const char *name,
                  json_t **out, struct srv_error *err);
/* Replace function NAME with FN (whose FunctionName may differ: a rename).  ENOTFOUND, EEXISTS. */
int store_udf_replace(struct store *st, const char *catalog, const char *db, const char *name,
                      const json_t *fn, struct srv_error *err);
int store_udf_delete(struct store *st, const char *catalog, const char *db, const char *name,
                     struct srv_error *err); /* ENOTFOUND */
/* Functions of database DB (NULL: every database of CATALOG), ordered by (database, name),
** after the (AFTER_DB, AFTER_NAME) pair (NULLs: from the start), whose names pass FILTER.
** ENOTFOUND (a named database). */
int store_udf_list(struct store *st, const char *catalog, const char *db, const char *after_db,
                   const char *after_name, int limit, size_t max_bytes, store_name_filter *filter,
                   void *fctx, json_t **out, int *more, struct srv_error *err);

/* ---- Tags of a database, table or function, and resource policies. ---- */
enum store_tag_kind { STORE_TAG_DATABASE, STORE_TAG_TABLE, STORE_TAG_FUNCTION };
/* Apply to the tags of the named entity (TABLE: table or function name; NULL for a database):
** ADD (object key -> string value; NULL: none) set, then REMOVE (array of keys; NULL: none)
** removed.  Then *OUT (when OUT is not NULL) = a new object of its tags.  ENOTFOUND. */
int store_tags_update(struct store *st, const char *catalog, enum store_tag_kind kind,
                      const char *db, const char *name, const json_t *add, const json_t *remove,
                      json_t **out, struct srv_error *err);

/* The policy of ARN ("" for the catalog's): *OUT a new object with PolicyInJson, PolicyHash,
** CreateTime, UpdateTime.  ENOTFOUND. */
int store_policy_get(struct store *st, const char *catalog, const char *arn, json_t **out,
                     struct srv_error *err);
/* Insert or replace the policy of ARN with POLICY whose hash is HASH. */
int store_policy_put(struct store *st, const char *catalog, const char *arn, const char *policy,
                     const char *hash, struct srv_error *err);
/* *OUT a new array of the ARNs of CATALOG that have a policy ("" for the catalog's own), in
** byte order (for `catalogd copy`). */
int store_policy_arns(struct store *st, const char *catalog, json_t **out, struct srv_error *err);

/* ---- SearchTables: tables of a catalog found through a full-text index of their database's
** name, their name, description and parameters (keys and values), narrowed by conditions. ---- */
#define STORE_SEARCH_DATABASE 1u
#define STORE_SEARCH_NAME 2u
#define STORE_SEARCH_DESCRIPTION 4u
#define STORE_SEARCH_PARAMETERS 8u
#define STORE_SEARCH_ALL 15u

/* A phrase that must occur in one of FIELDS (STORE_SEARCH_* or'ed): its words, separated by
** single spaces, consecutive there.  A word is letters, digits and non-ASCII characters; the
** backend matches words whole, ignoring case (and diacritics). */
struct store_search_term {
    unsigned fields;
    const char *phrase;
};

enum store_search_what {
    STORE_SC_TABLE_TYPE,  /* TableType equals TEXT, ignoring ASCII case */
    STORE_SC_OWNER,       /* Owner equals TEXT, ignoring ASCII case */
    STORE_SC_CREATE_TIME, /* CreateTime CMP NUM */
    STORE_SC_UPDATE_TIME, /* UpdateTime CMP NUM */
    STORE_SC_PARAMETER    /* parameter KEY (exact) exists with value TEXT, ignoring ASCII case */
};
enum store_cmp { STORE_CMP_EQ, STORE_CMP_LT, STORE_CMP_LE, STORE_CMP_GT, STORE_CMP_GE };
struct store_search_cond {
    enum store_search_what what;
    enum store_cmp cmp;
    const char *key, *text;
    double num;
};

/* Results are ordered by the sort field, then database name, then table name (each
** descending when DESC); the default field is the database name. */
enum store_search_sort {
    STORE_SORT_DATABASE,
    STORE_SORT_NAME,
    STORE_SORT_CREATE_TIME,
    STORE_SORT_UPDATE_TIME
};

struct store_search {
    const struct store_search_term *terms; /* all must match */
    size_t nterms;
    const struct store_search_cond *conds; /* all must hold */
    size_t nconds;
    enum store_search_sort sort;
    int desc;
    /* Resume after the table whose (sort value, database, name) these are (sort value of a
    ** time field as decimal text); AFTER_KEY NULL: from the start. */
    const char *after_key, *after_db, *after_name;
    int limit;
    size_t max_bytes; /* as for listings */
};

/* Full Table objects of CATALOG that Q selects, in Q's order (see the listings' contract
** for LIMIT, MAX_BYTES and *MORE).  *OUT a new array. */
int store_table_search(struct store *st, const char *catalog, const struct store_search *q,
                       json_t **out, int *more, struct srv_error *err);

#endif
