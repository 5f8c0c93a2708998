/* sqlite_row.c -- SQLite columns <-> JSON members: bound parameters, parameter maps, paged row
** collection, and the decoders of the rows of descriptors and tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/shape.h"
#include "store/sqlite/sqlite_row.h"
/* ================================================================ */
/* Column helpers: JSON member -> bound parameter, result column -> JSON member. */

void row_bind_str(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

void row_bind_num(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_number(v))
        sqlite3_bind_double(s, i, json_number_value(v));
    else
        sqlite3_bind_null(s, i);
}

void row_bind_int(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_integer(v))
        sqlite3_bind_int64(s, i, json_integer_value(v));
    else
        sqlite3_bind_null(s, i);
}

void row_bind_bool(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_boolean(v))
        sqlite3_bind_int(s, i, json_is_true(v));
    else
        sqlite3_bind_null(s, i);
}

void row_get_str(json_t *o, const char *key, sqlite3_stmt *s, int col)
{
    const char *v = (const char *)sqlite3_column_text(s, col);
    if (v)
        json_object_set_new(o, key, json_string(v));
}

void row_get_num(json_t *o, const char *key, sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) != SQLITE_NULL)
        json_object_set_new(o, key, json_real(sqlite3_column_double(s, col)));
}

void row_get_int(json_t *o, const char *key, sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) != SQLITE_NULL)
        json_object_set_new(o, key, json_integer(sqlite3_column_int64(s, col)));
}

void row_get_bool(json_t *o, const char *key, sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) != SQLITE_NULL)
        json_object_set_new(o, key, json_boolean(sqlite3_column_int(s, col)));
}

/* Merge the JSON object text in column COL (if any) into O. */
void row_extra_load(json_t *o, sqlite3_stmt *s, int col)
{
    shape_extra_load(o, (const char *)sqlite3_column_text(s, col));
}

void row_bind_text_owned(sqlite3_stmt *s, int i, char *text)
{
    if (text)
        sqlite3_bind_text(s, i, text, -1, free);
    else
        sqlite3_bind_null(s, i);
}

/* Run a statement that returns no rows; map failures.  Resets STMT. */
int row_step_done(struct store *st, sqlite3_stmt *stmt, struct srv_error *err)
{
    int rc = sqlite3_step(stmt) == SQLITE_DONE ? CAT_OK : sq_sqlerr(st, err);
    sq_reset(stmt);
    return rc;
}

/* Turn the rows of STMT (bound, not yet stepped) into objects with ROW, skipping rows
** whose name (column NAME_COL) FILTER rejects, until LIMIT objects are collected.
** *OUT is a new array; *MORE = 1 when a further matching row exists.  Resets STMT. */
int row_collect(struct store *st, sqlite3_stmt *stmt, const char *catalog, int limit,
                size_t max_bytes, store_name_filter *filter, void *fctx, int name_col, row_fn *row,
                json_t **out, int *more, struct srv_error *err)
{
    json_t *list = json_array(), *item;
    size_t bytes = 0;
    int rc, n = 0;
    *out = NULL;
    *more = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (filter && !filter(fctx, (const char *)sqlite3_column_text(stmt, name_col)))
            continue;
        if (n == limit || (max_bytes && n > 0 && bytes >= max_bytes)) {
            *more = 1;
            break;
        }
        if ((rc = row(st, catalog, stmt, &item, err)) != CAT_OK)
            goto fail;
        if (max_bytes)
            bytes += json_dumpb(item, NULL, 0, JSON_COMPACT);
        json_array_append_new(list, item);
        n++;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        rc = sq_sqlerr(st, err);
        goto fail;
    }
    sq_reset(stmt);
    *out = list;
    return CAT_OK;
fail:
    sq_reset(stmt);
    json_decref(list);
    return rc;
}

/* ================================================================ */
/* Parameter maps: one row per key in a (owner, key, value) table.    */

int row_params_save(struct store *st, const char *sql, sqlite3_int64 owner, const json_t *map,
                    struct srv_error *err)
{
    const char *key;
    json_t *v;
    sqlite3_stmt *stmt;
    int rc;
    if (!json_is_object(map) || json_object_size(map) == 0)
        return CAT_OK;
    if ((stmt = sq_prep(st, sql, err)) == NULL)
        return err->code;
    json_object_foreach((json_t *)map, key, v) {
        if (!json_is_string(v))
            continue;
        sqlite3_bind_int64(stmt, 1, owner);
        sqlite3_bind_text(stmt, 2, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, json_string_value(v), -1, SQLITE_STATIC);
        if ((rc = row_step_done(st, stmt, err)) != CAT_OK)
            return rc;
    }
    return CAT_OK;
}

/* *OUT = a new object of the owner's parameters (empty when none). */
int row_params_load(struct store *st, const char *sql, sqlite3_int64 owner, json_t **out,
                    struct srv_error *err)
{
    sqlite3_stmt *stmt;
    json_t *map = json_object();
    int rc;
    *out = NULL;
    if ((stmt = sq_prep(st, sql, err)) == NULL) {
        json_decref(map);
        return err->code;
    }
    sqlite3_bind_int64(stmt, 1, owner);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        json_object_set_new(map, (const char *)sqlite3_column_text(stmt, 0),
                            json_string((const char *)sqlite3_column_text(stmt, 1)));
    sq_reset(stmt);
    if (rc != SQLITE_DONE) {
        json_decref(map);
        return sq_sqlerr(st, err);
    }
    *out = map;
    return CAT_OK;
}

/* ================================================================ */
/* Decoders: a descriptor, a table's partition keys, a table.         */

static const char SQL_SD_GET[] =
    "SELECT location, input_format, output_format, compressed, number_of_buckets,"
    " stored_as_subdirs, has_serde, serde_name, serde_lib, extra"
    " FROM storage_descriptors WHERE id = ?1";
;
static const char SQL_COL_GET[] =
    "SELECT pos, name, type, comment FROM sd_columns WHERE sd_id = ?1 ORDER BY pos";
;
static const char SQL_COL_PARAM_GET[] =
    "SELECT pos, key, value FROM sd_column_params WHERE sd_id = ?1 ORDER BY pos";
;
static const char SQL_SD_PARAM_GET[] = "SELECT key, value FROM sd_params WHERE sd_id = ?1";
;
static const char SQL_SERDE_PARAM_GET[] = "SELECT key, value FROM serde_params WHERE sd_id = ?1";
;
static const char SQL_TABLE_PARAM_GET[] = "SELECT key, value FROM table_params WHERE table_id = ?1";
static const char SQL_PKEY_GET[] =
    "SELECT name, type, comment, params FROM partition_keys WHERE table_id = ?1 ORDER BY pos";
;

static int columns_load(struct store *st, sqlite3_int64 sd_id, json_t **out, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    json_t *cols = json_array();
    int rc;
    *out = NULL;
    if ((stmt = sq_prep(st, SQL_COL_GET, err)) == NULL)
        goto fail;
    sqlite3_bind_int64(stmt, 1, sd_id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        json_t *col = json_object();
        row_get_str(col, "Name", stmt, 1);
        row_get_str(col, "Type", stmt, 2);
        row_get_str(col, "Comment", stmt, 3);
        json_array_append_new(cols, col);
    }
    sq_reset(stmt);
    if (rc != SQLITE_DONE) {
        sq_sqlerr(st, err);
        goto fail;
    }
    if ((stmt = sq_prep(st, SQL_COL_PARAM_GET, err)) == NULL)
        goto fail;
    sqlite3_bind_int64(stmt, 1, sd_id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        json_t *col = json_array_get(cols, (size_t)sqlite3_column_int64(stmt, 0));
        json_t *params = json_object_get(col, "Parameters");
        if (col == NULL)
            continue;
        if (params == NULL) {
            params = json_object();
            json_object_set_new(col, "Parameters", params);
        }
        json_object_set_new(params, (const char *)sqlite3_column_text(stmt, 1),
                            json_string((const char *)sqlite3_column_text(stmt, 2)));
    }
    sq_reset(stmt);
    if (rc != SQLITE_DONE) {
        sq_sqlerr(st, err);
        goto fail;
    }
    *out = cols;
    return CAT_OK;
fail:
    json_decref(cols);
    return err->code;
}

int row_sd_load(struct store *st, sqlite3_int64 id, json_t **out, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    json_t *sd = NULL, *cols = NULL, *params = NULL, *serde = NULL;
    int rc, has_serde;
    *out = NULL;
    if ((stmt = sq_prep(st, SQL_SD_GET, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, id);
    if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
        rc = rc == SQLITE_DONE ? srv_error_set(err, CAT_EINTERNAL, "Internal error.")
                               : sq_sqlerr(st, err);
        sq_reset(stmt);
        return rc;
    }
    sd = json_object();
    row_get_str(sd, "Location", stmt, 0);
    row_get_str(sd, "InputFormat", stmt, 1);
    row_get_str(sd, "OutputFormat", stmt, 2);
    row_get_bool(sd, "Compressed", stmt, 3);
    row_get_int(sd, "NumberOfBuckets", stmt, 4);
    row_get_bool(sd, "StoredAsSubDirectories", stmt, 5);
    has_serde = sqlite3_column_int(stmt, 6);
    if (has_serde) {
        serde = json_object();
        row_get_str(serde, "Name", stmt, 7);
        row_get_str(serde, "SerializationLibrary", stmt, 8);
    }
    row_extra_load(sd, stmt, 9);
    sq_reset(stmt);

    if ((rc = columns_load(st, id, &cols, err)) != CAT_OK)
        goto done;
    json_object_set_new(sd, "Columns", cols);
    if ((rc = row_params_load(st, SQL_SD_PARAM_GET, id, &params, err)) != CAT_OK)
        goto done;
    json_object_set_new(sd, "Parameters", params);
    if (serde) {
        if ((rc = row_params_load(st, SQL_SERDE_PARAM_GET, id, &params, err)) != CAT_OK)
            goto done;
        json_object_set_new(serde, "Parameters", params);
        json_object_set_new(sd, "SerdeInfo", serde);
        serde = NULL;
    }
    *out = sd;
    sd = NULL;
done:
    json_decref(serde);
    json_decref(sd);
    return rc;
}

int row_pkeys_load(struct store *st, sqlite3_int64 table_id, json_t **out, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    json_t *keys = json_array();
    int rc;
    *out = NULL;
    if ((stmt = sq_prep(st, SQL_PKEY_GET, err)) == NULL) {
        json_decref(keys);
        return err->code;
    }
    sqlite3_bind_int64(stmt, 1, table_id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        json_t *k = json_object();
        const char *params = (const char *)sqlite3_column_text(stmt, 3);
        row_get_str(k, "Name", stmt, 0);
        row_get_str(k, "Type", stmt, 1);
        row_get_str(k, "Comment", stmt, 2);
        if (params)
            json_object_set_new(k, "Parameters", json_loads(params, 0, NULL));
        json_array_append_new(keys, k);
    }
    sq_reset(stmt);
    if (rc != SQLITE_DONE) {
        json_decref(keys);
        return sq_sqlerr(st, err);
    }
    *out = keys;
    return CAT_OK;
}

/* A Table object from the current row of a TABLE_COLS statement. */
int row_table(struct store *st, const char *catalog, sqlite3_stmt *stmt, json_t **out,
              struct srv_error *err)
{
    json_t *t = json_object(), *sub = NULL;
    sqlite3_int64 id = sqlite3_column_int64(stmt, 0), sd_id = sqlite3_column_int64(stmt, 10);
    char version[24];
    int rc;
    *out = NULL;
    row_get_str(t, "Name", stmt, 1);
    row_get_str(t, "DatabaseName", stmt, 2);
    row_get_str(t, "Description", stmt, 3);
    row_get_str(t, "Owner", stmt, 4);
    row_get_num(t, "CreateTime", stmt, 5);
    row_get_num(t, "UpdateTime", stmt, 6);
    row_get_num(t, "LastAccessTime", stmt, 7);
    row_get_num(t, "LastAnalyzedTime", stmt, 8);
    row_get_int(t, "Retention", stmt, 9);
    row_get_str(t, "ViewOriginalText", stmt, 11);
    row_get_str(t, "ViewExpandedText", stmt, 12);
    row_get_str(t, "TableType", stmt, 13);
    snprintf(version, sizeof(version), "%lld", (long long)sqlite3_column_int64(stmt, 14));
    row_extra_load(t, stmt, 15);
    json_object_set_new(t, "CatalogId", json_string(catalog));
    json_object_set_new(t, "VersionId", json_string(version));
    if (sd_id != 0) {
        if ((rc = row_sd_load(st, sd_id, &sub, err)) != CAT_OK)
            goto fail;
        json_object_set_new(t, "StorageDescriptor", sub);
    }
    if ((rc = row_pkeys_load(st, id, &sub, err)) != CAT_OK)
        goto fail;
    json_object_set_new(t, "PartitionKeys", sub);
    if ((rc = row_params_load(st, SQL_TABLE_PARAM_GET, id, &sub, err)) != CAT_OK)
        goto fail;
    json_object_set_new(t, "Parameters", sub);
    *out = t;
    return CAT_OK;
fail:
    json_decref(t);
    return rc;
}
