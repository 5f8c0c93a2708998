/* sqlite_sd.c -- storage descriptors: SerDe info, columns and their parameters, as rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/shape.h"
#include "store/sqlite/sqlite_int.h"
#include "store/sqlite/sqlite_row.h"

/* ================================================================ */
/* Storage descriptors.                                               */

static const char SQL_SD_INSERT[] =
    "INSERT INTO storage_descriptors (location, input_format, output_format, compressed,"
    " number_of_buckets, stored_as_subdirs, has_serde, serde_name, serde_lib, extra, owner)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char SQL_SD_GET[] =
    "SELECT location, input_format, output_format, compressed, number_of_buckets,"
    " stored_as_subdirs, has_serde, serde_name, serde_lib, extra"
    " FROM storage_descriptors WHERE id = ?1";
static const char SQL_SD_DELETE[] = "DELETE FROM storage_descriptors WHERE id = ?1";
static const char SQL_COL_INSERT[] =
    "INSERT INTO sd_columns (sd_id, pos, name, type, comment) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_COL_PARAM_INSERT[] =
    "INSERT INTO sd_column_params (sd_id, pos, key, value) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_COL_GET[] =
    "SELECT pos, name, type, comment FROM sd_columns WHERE sd_id = ?1 ORDER BY pos";
static const char SQL_COL_PARAM_GET[] =
    "SELECT pos, key, value FROM sd_column_params WHERE sd_id = ?1 ORDER BY pos";
static const char SQL_SD_PARAM_INSERT[] =
    "INSERT INTO sd_params (sd_id, key, value) VALUES (?1, ?2, ?3)";
static const char SQL_SD_PARAM_GET[] = "SELECT key, value FROM sd_params WHERE sd_id = ?1";
static const char SQL_SERDE_PARAM_INSERT[] =
    "INSERT INTO serde_params (sd_id, key, value) VALUES (?1, ?2, ?3)";
static const char SQL_SERDE_PARAM_GET[] = "SELECT key, value FROM serde_params WHERE sd_id = ?1";

static int columns_save(struct store *st, sqlite3_int64 sd_id, const json_t *cols,
                        struct srv_error *err)
{
    sqlite3_stmt *stmt, *pstmt;
    size_t i;
    json_t *col;
    int rc;
    if (!json_is_array(cols))
        return CAT_OK;
    if ((stmt = sq_prep(st, SQL_COL_INSERT, err)) == NULL ||
        (pstmt = sq_prep(st, SQL_COL_PARAM_INSERT, err)) == NULL)
        return err->code;
    json_array_foreach(cols, i, col) {
        const char *key;
        json_t *v;
        sqlite3_bind_int64(stmt, 1, sd_id);
        sqlite3_bind_int64(stmt, 2, (sqlite3_int64)i);
        row_bind_str(stmt, 3, col, "Name");
        row_bind_str(stmt, 4, col, "Type");
        row_bind_str(stmt, 5, col, "Comment");
        if ((rc = row_step_done(st, stmt, err)) != CAT_OK)
            return rc;
        json_object_foreach(json_object_get(col, "Parameters"), key, v) {
            if (!json_is_string(v))
                continue;
            sqlite3_bind_int64(pstmt, 1, sd_id);
            sqlite3_bind_int64(pstmt, 2, (sqlite3_int64)i);
            sqlite3_bind_text(pstmt, 3, key, -1, SQLITE_STATIC);
            sqlite3_bind_text(pstmt, 4, json_string_value(v), -1, SQLITE_STATIC);
            if ((rc = row_step_done(st, pstmt, err)) != CAT_OK)
                return rc;
        }
    }
    return CAT_OK;
}

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

int sq_sd_save(struct store *st, const json_t *sd, sqlite3_int64 owner, sqlite3_int64 *id,
               struct srv_error *err)
{
    sqlite3_stmt *stmt;
    const json_t *serde = json_object_get(sd, "SerdeInfo");
    int rc;
    if ((stmt = sq_prep(st, SQL_SD_INSERT, err)) == NULL)
        return err->code;
    row_bind_str(stmt, 1, sd, "Location");
    row_bind_str(stmt, 2, sd, "InputFormat");
    row_bind_str(stmt, 3, sd, "OutputFormat");
    row_bind_bool(stmt, 4, sd, "Compressed");
    row_bind_int(stmt, 5, sd, "NumberOfBuckets");
    row_bind_bool(stmt, 6, sd, "StoredAsSubDirectories");
    sqlite3_bind_int(stmt, 7, json_is_object(serde));
    row_bind_str(stmt, 8, serde, "Name");
    row_bind_str(stmt, 9, serde, "SerializationLibrary");
    row_bind_text_owned(stmt, 10, shape_extra_dump(sd, SHAPE_SD_KNOWN));
    sqlite3_bind_int64(stmt, 11, owner);
    if ((rc = row_step_done(st, stmt, err)) != CAT_OK)
        return rc;
    *id = sqlite3_last_insert_rowid(SQ(st)->db);
    if ((rc = columns_save(st, *id, json_object_get(sd, "Columns"), err)) != CAT_OK ||
        (rc = row_params_save(st, SQL_SD_PARAM_INSERT, *id, json_object_get(sd, "Parameters"),
                              err)) != CAT_OK ||
        (rc = row_params_save(st, SQL_SERDE_PARAM_INSERT, *id, json_object_get(serde, "Parameters"),
                              err)) != CAT_OK)
        return rc;
    return CAT_OK;
}

int sq_sd_load(struct store *st, sqlite3_int64 id, json_t **out, struct srv_error *err)
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

int sq_sd_delete(struct store *st, sqlite3_int64 id, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    if ((stmt = sq_prep(st, SQL_SD_DELETE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, id);
    return row_step_done(st, stmt, err);
}
