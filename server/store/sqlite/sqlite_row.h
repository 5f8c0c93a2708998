/* sqlite_row.h -- SQLite columns <-> JSON members (sqlite_row.c; pg_row.h's counterpart): bound
** parameters from members, members from columns, parameter maps, paged row collection. */
#ifndef SRV_SQLITE_ROW_H
#define SRV_SQLITE_ROW_H

#include "store/sqlite/sqlite_int.h"

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

/* ---- Decoders ---- */
/* *OUT = a new StorageDescriptor object for row ID, exactly as stored. */
int row_sd_load(struct store *st, sqlite3_int64 id, json_t **out, struct srv_error *err);
/* *OUT = the PartitionKeys array of table TABLE_ID, as stored. */
int row_pkeys_load(struct store *st, sqlite3_int64 table_id, json_t **out, struct srv_error *err);
/* The columns row_table() reads, over tables t joined with their databases d. */
#define TABLE_COLS                                                                                 \
    "SELECT t.id, t.name, d.name, t.description, t.owner, t.create_time, t.update_time,"           \
    " t.last_access_time, t.last_analyzed_time, t.retention, t.sd_id, t.view_original_text,"       \
    " t.view_expanded_text, t.table_type, t.version_id, t.extra"                                   \
    " FROM tables t JOIN databases d ON d.id = t.db_id"
/* *OUT = the full Table object of the current row of a TABLE_COLS statement (a row_fn). */
int row_table(struct store *st, const char *catalog, sqlite3_stmt *stmt, json_t **out,
              struct srv_error *err);

#endif
