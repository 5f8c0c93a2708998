/* sqlite_colstats.c -- SQLite store of column statistics (tables and partitions). */
#include <stdlib.h>
#include <string.h>

#include "store/shape.h"
#include "store/sqlite/sqlite_int.h"
#include "store/sqlite/sqlite_row.h"

static const char SQL_PART_ID[] = "SELECT id FROM partitions WHERE table_id = ?1 AND vals = ?2";

/* The statements of one owner kind: [0] the table's statistics, [1] a partition's. */
static const char *const SQL_PUT[2] = {
    "INSERT OR REPLACE INTO table_column_stats (table_id, column_name, stats) VALUES (?1, ?2, ?3)",
    "INSERT OR REPLACE INTO partition_column_stats (partition_id, column_name, stats)"
    " VALUES (?1, ?2, ?3)"};
static const char *const SQL_GET[2] = {
    "SELECT stats FROM table_column_stats WHERE table_id = ?1 AND column_name = ?2",
    "SELECT stats FROM partition_column_stats WHERE partition_id = ?1 AND column_name = ?2"};
static const char *const SQL_DEL[2] = {
    "DELETE FROM table_column_stats WHERE table_id = ?1 AND column_name = ?2",
    "DELETE FROM partition_column_stats WHERE partition_id = ?1 AND column_name = ?2"};
static const char *const SQL_PRUNE[2] = {
    "DELETE FROM table_column_stats WHERE table_id = ?1"
    " AND column_name NOT IN (SELECT value FROM json_each(?2))",
    "DELETE FROM partition_column_stats WHERE partition_id = ?1"
    " AND column_name NOT IN (SELECT value FROM json_each(?2))"};

int sq_partition_locate(struct store *st, struct store_ptable *pt, const json_t *values,
                        long long *id, json_t **columns, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    json_t *names;
    int rc;
    *id = 0;
    *columns = NULL;
    if ((stmt = sq_prep(st, SQL_PART_ID, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, pt->id);
    row_bind_text_owned(stmt, 2, json_dumps(values, JSON_COMPACT));
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(stmt, 0);
        rc = CAT_OK;
    } else if (rc == SQLITE_DONE) {
        rc = srv_error_set(err, CAT_ENOTFOUND, "Partition not found.");
    } else {
        rc = sq_sqlerr(st, err);
    }
    sq_reset(stmt);
    if (rc != CAT_OK)
        return rc;
    names = json_array();
    if ((rc = sq_partition_get(st, pt, values, shape_sd_columns, names, err)) != CAT_OK) {
        json_decref(names);
        return rc;
    }
    *columns = names;
    return CAT_OK;
}

/* A cached statement of SQL[PART != 0] with the owner and column bound. */
static sqlite3_stmt *owner_stmt(struct store *st, const char *const sql[2],
                                const struct store_ptable *pt, long long part, const char *column,
                                struct srv_error *err)
{
    sqlite3_stmt *stmt = sq_prep(st, sql[part != 0], err);
    if (stmt == NULL)
        return NULL;
    sqlite3_bind_int64(stmt, 1, part ? part : pt->id);
    if (column)
        sqlite3_bind_text(stmt, 2, column, -1, SQLITE_STATIC);
    return stmt;
}

int sq_colstats_put(struct store *st, struct store_ptable *pt, long long part, const char *column,
                    const json_t *stats, struct srv_error *err)
{
    sqlite3_stmt *stmt = owner_stmt(st, SQL_PUT, pt, part, column, err);
    char *text;
    if (stmt == NULL)
        return err->code;
    if ((text = json_dumps(stats, JSON_COMPACT)) == NULL) {
        sq_reset(stmt);
        return srv_error_set(err, CAT_ENOMEM, "Out of memory.");
    }
    row_bind_text_owned(stmt, 3, text);
    return row_step_done(st, stmt, err);
}

int sq_colstats_get(struct store *st, struct store_ptable *pt, long long part, const char *column,
                    json_t **out, struct srv_error *err)
{
    sqlite3_stmt *stmt = owner_stmt(st, SQL_GET, pt, part, column, err);
    int rc;
    *out = NULL;
    if (stmt == NULL)
        return err->code;
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(stmt, 0);
        *out = text ? json_loads(text, 0, NULL) : NULL;
        rc = *out ? CAT_OK : srv_error_set(err, CAT_EINTERNAL, "Stored statistics do not parse.");
    } else if (rc == SQLITE_DONE) {
        rc = CAT_OK;
    } else {
        rc = sq_sqlerr(st, err);
    }
    sq_reset(stmt);
    return rc;
}

int sq_colstats_delete(struct store *st, struct store_ptable *pt, long long part,
                       const char *column, struct srv_error *err)
{
    sqlite3_stmt *stmt = owner_stmt(st, SQL_DEL, pt, part, column, err);
    return stmt ? row_step_done(st, stmt, err) : err->code;
}

int sq_colstats_prune(struct store *st, struct store_ptable *pt, long long part, const json_t *keep,
                      struct srv_error *err)
{
    sqlite3_stmt *stmt = owner_stmt(st, SQL_PRUNE, pt, part, NULL, err);
    if (stmt == NULL)
        return err->code;
    row_bind_text_owned(stmt, 2, json_dumps(keep, JSON_COMPACT));
    return row_step_done(st, stmt, err);
}
