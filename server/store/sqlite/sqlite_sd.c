/* sqlite_sd.c -- storage descriptors written as rows: SerDe info, columns and their parameters
** (sqlite_row.c reads them back). */
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
static const char SQL_SD_DELETE[] = "DELETE FROM storage_descriptors WHERE id = ?1";
static const char SQL_COL_INSERT[] =
    "INSERT INTO sd_columns (sd_id, pos, name, type, comment) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_COL_PARAM_INSERT[] =
    "INSERT INTO sd_column_params (sd_id, pos, key, value) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_SD_PARAM_INSERT[] =
    "INSERT INTO sd_params (sd_id, key, value) VALUES (?1, ?2, ?3)";
static const char SQL_SERDE_PARAM_INSERT[] =
    "INSERT INTO serde_params (sd_id, key, value) VALUES (?1, ?2, ?3)";

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

int sq_sd_delete(struct store *st, sqlite3_int64 id, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    if ((stmt = sq_prep(st, SQL_SD_DELETE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, id);
    return row_step_done(st, stmt, err);
}
