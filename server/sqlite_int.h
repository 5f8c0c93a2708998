/* sqlite_int.h -- what the SQLite store's own files share: the connection and its statement cache.
 */
#ifndef SRV_SQLITE_INT_H
#define SRV_SQLITE_INT_H

#include <sqlite3.h>

#include "store.h"

#define STMT_CACHE 128

struct store {
    sqlite3 *db;
    int in_txn;
    long rows_written; /* partition rows written in the open transaction */
    struct {
        const char *sql; /* static SQL text, the cache key (by address) */
        sqlite3_stmt *stmt;
    } cache[STMT_CACHE];
    struct store *next; /* idle list of the pool */
    struct tcache *tc;  /* the pool's table cache (tcache.h); NULL outside a pool */
};

/* A prepared statement for static SQL text SQL, cached per connection.  NULL and ERR
** set on failure.  Release it with store_reset(). */
sqlite3_stmt *store_prep(struct store *st, const char *sql, struct srv_error *err);
/* Reset STMT and clear its bindings.  NULL-safe. */
void store_reset(sqlite3_stmt *stmt);
/* Count N partition rows written by the open transaction (for the planner's statistics). */
void store_note_rows(struct store *st, long n);

/* Map the connection's last SQLite error to a CAT_* code in ERR and return it. */
int store_sqlerr(struct store *st, struct srv_error *err);

/* ---- store_row.c: SQLite columns <-> JSON members ---- */
/* Bind member KEY of O (string / number / integer / boolean) to parameter I, or NULL. */
void row_bind_str(sqlite3_stmt *s, int i, const json_t *o, const char *key);
void row_bind_num(sqlite3_stmt *s, int i, const json_t *o, const char *key);
void row_bind_int(sqlite3_stmt *s, int i, const json_t *o, const char *key);
void row_bind_bool(sqlite3_stmt *s, int i, const json_t *o, const char *key);
/* Bind TEXT (malloc'd, NULL for SQL NULL) to parameter I; SQLite frees it. */
void row_bind_text_owned(sqlite3_stmt *s, int i, char *text);
/* Set member KEY of O from column COL unless the column is NULL. */
void row_get_str(json_t *o, const char *key, sqlite3_stmt *s, int col);
void row_get_num(json_t *o, const char *key, sqlite3_stmt *s, int col);
void row_get_int(json_t *o, const char *key, sqlite3_stmt *s, int col);
void row_get_bool(json_t *o, const char *key, sqlite3_stmt *s, int col);
/* The members of O not named in KNOWN (NULL-terminated) as compact JSON (caller frees),
** or NULL when there are none. */
char *row_extra_dump(const json_t *o, const char *const *known);
/* Merge the JSON object text in column COL (if any) into O, keeping O's own members. */
void row_extra_load(json_t *o, sqlite3_stmt *s, int col);
/* Step a statement that returns no rows, map failures, reset it. */
int row_step_done(struct store *st, sqlite3_stmt *stmt, struct srv_error *err);
/* Turn the rows of STMT (bound, not yet stepped) into objects with ROW, skipping rows whose
** name (column NAME_COL) FILTER rejects, until LIMIT are collected or they reach MAX_BYTES
** (see store.h).  *OUT is a new array;
** *MORE = 1 when a further matching row exists.  Resets STMT. */
typedef int row_fn(struct store *st, const char *catalog, sqlite3_stmt *stmt, json_t **out,
                   struct srv_error *err);
int row_collect(struct store *st, sqlite3_stmt *stmt, const char *catalog, int limit,
                size_t max_bytes, store_name_filter *filter, void *fctx, int name_col, row_fn *row,
                json_t **out, int *more, struct srv_error *err);
/* Parameter maps in (owner, key, value) tables: SQL inserts one row / selects key, value. */
int row_params_save(struct store *st, const char *sql, sqlite3_int64 owner, const json_t *map,
                    struct srv_error *err);
int row_params_load(struct store *st, const char *sql, sqlite3_int64 owner, json_t **out,
                    struct srv_error *err);

/* ---- store_sd.c: storage descriptors ---- */
/* Insert storage descriptor SD owned by table OWNER; *ID is its row id. */
int store_sd_save(struct store *st, const json_t *sd, sqlite3_int64 owner, sqlite3_int64 *id,
                  struct srv_error *err);
/* *OUT = a new StorageDescriptor object for row ID, exactly as stored. */
int store_sd_load(struct store *st, sqlite3_int64 id, json_t **out, struct srv_error *err);
/* Delete descriptor row ID (its columns and parameters go with it). */
int store_sd_delete(struct store *st, sqlite3_int64 id, struct srv_error *err);

/* ---- sqlite_catalog.c: row ids by name ---- */
/* *ID = the row id of database NAME.  ENOTFOUND "Database x not found." */
int row_db_id(struct store *st, const char *catalog, const char *name, long long *id,
              struct srv_error *err);
/* *ID = the row id of table NAME of DB.  ENOTFOUND (database or table). */
int row_table_id(struct store *st, const char *catalog, const char *db, const char *name,
                 long long *id, struct srv_error *err);

#endif
