/* store_catalog.c -- SQLite rows <-> Glue Database and Table objects; table versions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "util.h"

/* ================================================================ */
/* Column helpers: JSON member -> bound parameter, result column -> JSON member. */

static void bind_str(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static void bind_num(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_number(v))
        sqlite3_bind_double(s, i, json_number_value(v));
    else
        sqlite3_bind_null(s, i);
}

static void bind_int(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_integer(v))
        sqlite3_bind_int64(s, i, json_integer_value(v));
    else
        sqlite3_bind_null(s, i);
}

static void bind_bool(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_boolean(v))
        sqlite3_bind_int(s, i, json_is_true(v));
    else
        sqlite3_bind_null(s, i);
}

static void get_str(json_t *o, const char *key, sqlite3_stmt *s, int col)
{
    const char *v = (const char *)sqlite3_column_text(s, col);
    if (v)
        json_object_set_new(o, key, json_string(v));
}

static void get_num(json_t *o, const char *key, sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) != SQLITE_NULL)
        json_object_set_new(o, key, json_real(sqlite3_column_double(s, col)));
}

static void get_int(json_t *o, const char *key, sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) != SQLITE_NULL)
        json_object_set_new(o, key, json_integer(sqlite3_column_int64(s, col)));
}

static void get_bool(json_t *o, const char *key, sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) != SQLITE_NULL)
        json_object_set_new(o, key, json_boolean(sqlite3_column_int(s, col)));
}

/* The members of O not named in KNOWN (NULL-terminated), as compact JSON text, or NULL
** when there are none.  The caller frees the text. */
static char *extra_dump(const json_t *o, const char *const *known)
{
    json_t *extra = json_object();
    const char *key;
    json_t *v;
    char *text = NULL;
    json_object_foreach((json_t *)o, key, v) /* foreach isn't const-correct */
    {
        const char *const *k;
        for (k = known; *k; k++)
            if (strcmp(*k, key) == 0)
                break;
        if (*k == NULL && !json_is_null(v))
            json_object_set(extra, key, v);
    }
    if (json_object_size(extra) > 0)
        text = json_dumps(extra, JSON_COMPACT);
    json_decref(extra);
    return text;
}

/* Merge the JSON object text in column COL (if any) into O. */
static void extra_load(json_t *o, sqlite3_stmt *s, int col)
{
    const char *text = (const char *)sqlite3_column_text(s, col);
    json_t *extra;
    if (text == NULL)
        return;
    extra = json_loads(text, 0, NULL);
    if (json_is_object(extra))
        json_object_update_missing(o, extra);
    json_decref(extra);
}

static void bind_text_owned(sqlite3_stmt *s, int i, char *text)
{
    if (text)
        sqlite3_bind_text(s, i, text, -1, free);
    else
        sqlite3_bind_null(s, i);
}

/* Run a statement that returns no rows; map failures.  Resets STMT. */
static int step_done(struct store *st, sqlite3_stmt *stmt, struct srv_error *err)
{
    int rc = sqlite3_step(stmt) == SQLITE_DONE ? CAT_OK : store_sqlerr(st, err);
    store_reset(stmt);
    return rc;
}

/* Turn the rows of STMT (bound, not yet stepped) into objects with ROW, skipping rows
** whose name (column NAME_COL) FILTER rejects, until LIMIT objects are collected.
** *OUT is a new array; *MORE = 1 when a further matching row exists.  Resets STMT. */
typedef int row_fn(struct store *st, const char *catalog, sqlite3_stmt *stmt, json_t **out,
                   struct srv_error *err);
static int collect(struct store *st, sqlite3_stmt *stmt, const char *catalog, int limit,
                   store_name_filter *filter, void *fctx, int name_col, row_fn *row,
                   json_t **out, int *more, struct srv_error *err)
{
    json_t *list = json_array(), *item;
    int rc, n = 0;
    *out = NULL;
    *more = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (filter && !filter(fctx, (const char *)sqlite3_column_text(stmt, name_col)))
            continue;
        if (n == limit) {
            *more = 1;
            break;
        }
        if ((rc = row(st, catalog, stmt, &item, err)) != CAT_OK)
            goto fail;
        json_array_append_new(list, item);
        n++;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        rc = store_sqlerr(st, err);
        goto fail;
    }
    store_reset(stmt);
    *out = list;
    return CAT_OK;
fail:
    store_reset(stmt);
    json_decref(list);
    return rc;
}

/* ================================================================ */
/* Parameter maps: one row per key in a (owner, key, value) table.    */

static int params_save(struct store *st, const char *sql, sqlite3_int64 owner, const json_t *map,
                       struct srv_error *err)
{
    const char *key;
    json_t *v;
    sqlite3_stmt *stmt;
    int rc;
    if (!json_is_object(map) || json_object_size(map) == 0)
        return CAT_OK;
    if ((stmt = store_prep(st, sql, err)) == NULL)
        return err->code;
    json_object_foreach((json_t *)map, key, v)
    {
        if (!json_is_string(v))
            continue;
        sqlite3_bind_int64(stmt, 1, owner);
        sqlite3_bind_text(stmt, 2, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, json_string_value(v), -1, SQLITE_STATIC);
        if ((rc = step_done(st, stmt, err)) != CAT_OK)
            return rc;
    }
    return CAT_OK;
}

/* *OUT = a new object of the owner's parameters (empty when none). */
static int params_load(struct store *st, const char *sql, sqlite3_int64 owner, json_t **out,
                       struct srv_error *err)
{
    sqlite3_stmt *stmt;
    json_t *map = json_object();
    int rc;
    *out = NULL;
    if ((stmt = store_prep(st, sql, err)) == NULL) {
        json_decref(map);
        return err->code;
    }
    sqlite3_bind_int64(stmt, 1, owner);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        json_object_set_new(map, (const char *)sqlite3_column_text(stmt, 0),
                            json_string((const char *)sqlite3_column_text(stmt, 1)));
    store_reset(stmt);
    if (rc != SQLITE_DONE) {
        json_decref(map);
        return store_sqlerr(st, err);
    }
    *out = map;
    return CAT_OK;
}

/* ================================================================ */
/* Storage descriptors.                                               */

static const char SQL_SD_INSERT[] =
    "INSERT INTO storage_descriptors (location, input_format, output_format, compressed,"
    " number_of_buckets, stored_as_subdirs, has_serde, serde_name, serde_lib, extra)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
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

static const char *const SD_KNOWN[] = {"Columns",         "Location",  "InputFormat",
                                       "OutputFormat",    "Compressed", "NumberOfBuckets",
                                       "StoredAsSubDirectories", "SerdeInfo", "Parameters", NULL};

static int columns_save(struct store *st, sqlite3_int64 sd_id, const json_t *cols,
                        struct srv_error *err)
{
    sqlite3_stmt *stmt, *pstmt;
    size_t i;
    json_t *col;
    int rc;
    if (!json_is_array(cols))
        return CAT_OK;
    if ((stmt = store_prep(st, SQL_COL_INSERT, err)) == NULL ||
        (pstmt = store_prep(st, SQL_COL_PARAM_INSERT, err)) == NULL)
        return err->code;
    json_array_foreach(cols, i, col)
    {
        const char *key;
        json_t *v;
        sqlite3_bind_int64(stmt, 1, sd_id);
        sqlite3_bind_int64(stmt, 2, (sqlite3_int64)i);
        bind_str(stmt, 3, col, "Name");
        bind_str(stmt, 4, col, "Type");
        bind_str(stmt, 5, col, "Comment");
        if ((rc = step_done(st, stmt, err)) != CAT_OK)
            return rc;
        json_object_foreach(json_object_get(col, "Parameters"), key, v)
        {
            if (!json_is_string(v))
                continue;
            sqlite3_bind_int64(pstmt, 1, sd_id);
            sqlite3_bind_int64(pstmt, 2, (sqlite3_int64)i);
            sqlite3_bind_text(pstmt, 3, key, -1, SQLITE_STATIC);
            sqlite3_bind_text(pstmt, 4, json_string_value(v), -1, SQLITE_STATIC);
            if ((rc = step_done(st, pstmt, err)) != CAT_OK)
                return rc;
        }
    }
    return CAT_OK;
}

static int columns_load(struct store *st, sqlite3_int64 sd_id, json_t **out,
                        struct srv_error *err)
{
    sqlite3_stmt *stmt;
    json_t *cols = json_array();
    int rc;
    *out = NULL;
    if ((stmt = store_prep(st, SQL_COL_GET, err)) == NULL)
        goto fail;
    sqlite3_bind_int64(stmt, 1, sd_id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        json_t *col = json_object();
        get_str(col, "Name", stmt, 1);
        get_str(col, "Type", stmt, 2);
        get_str(col, "Comment", stmt, 3);
        json_array_append_new(cols, col);
    }
    store_reset(stmt);
    if (rc != SQLITE_DONE) {
        store_sqlerr(st, err);
        goto fail;
    }
    if ((stmt = store_prep(st, SQL_COL_PARAM_GET, err)) == NULL)
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
    store_reset(stmt);
    if (rc != SQLITE_DONE) {
        store_sqlerr(st, err);
        goto fail;
    }
    *out = cols;
    return CAT_OK;
fail:
    json_decref(cols);
    return err->code;
}

/* Insert storage descriptor SD; *ID is its row id. */
static int sd_save(struct store *st, const json_t *sd, sqlite3_int64 *id, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    const json_t *serde = json_object_get(sd, "SerdeInfo");
    int rc;
    if ((stmt = store_prep(st, SQL_SD_INSERT, err)) == NULL)
        return err->code;
    bind_str(stmt, 1, sd, "Location");
    bind_str(stmt, 2, sd, "InputFormat");
    bind_str(stmt, 3, sd, "OutputFormat");
    bind_bool(stmt, 4, sd, "Compressed");
    bind_int(stmt, 5, sd, "NumberOfBuckets");
    bind_bool(stmt, 6, sd, "StoredAsSubDirectories");
    sqlite3_bind_int(stmt, 7, json_is_object(serde));
    bind_str(stmt, 8, serde, "Name");
    bind_str(stmt, 9, serde, "SerializationLibrary");
    bind_text_owned(stmt, 10, extra_dump(sd, SD_KNOWN));
    if ((rc = step_done(st, stmt, err)) != CAT_OK)
        return rc;
    *id = sqlite3_last_insert_rowid(st->db);
    if ((rc = columns_save(st, *id, json_object_get(sd, "Columns"), err)) != CAT_OK ||
        (rc = params_save(st, SQL_SD_PARAM_INSERT, *id, json_object_get(sd, "Parameters"), err)) !=
            CAT_OK ||
        (rc = params_save(st, SQL_SERDE_PARAM_INSERT, *id, json_object_get(serde, "Parameters"),
                          err)) != CAT_OK)
        return rc;
    return CAT_OK;
}

/* *OUT = a new StorageDescriptor object for row ID, exactly as stored. */
static int sd_load(struct store *st, sqlite3_int64 id, json_t **out, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    json_t *sd = NULL, *cols = NULL, *params = NULL, *serde = NULL;
    int rc, has_serde;
    *out = NULL;
    if ((stmt = store_prep(st, SQL_SD_GET, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, id);
    if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
        rc = rc == SQLITE_DONE ? srv_error_set(err, CAT_EINTERNAL, "Internal error.")
                               : store_sqlerr(st, err);
        store_reset(stmt);
        return rc;
    }
    sd = json_object();
    get_str(sd, "Location", stmt, 0);
    get_str(sd, "InputFormat", stmt, 1);
    get_str(sd, "OutputFormat", stmt, 2);
    get_bool(sd, "Compressed", stmt, 3);
    get_int(sd, "NumberOfBuckets", stmt, 4);
    get_bool(sd, "StoredAsSubDirectories", stmt, 5);
    has_serde = sqlite3_column_int(stmt, 6);
    if (has_serde) {
        serde = json_object();
        get_str(serde, "Name", stmt, 7);
        get_str(serde, "SerializationLibrary", stmt, 8);
    }
    extra_load(sd, stmt, 9);
    store_reset(stmt);

    if ((rc = columns_load(st, id, &cols, err)) != CAT_OK)
        goto done;
    json_object_set_new(sd, "Columns", cols);
    if ((rc = params_load(st, SQL_SD_PARAM_GET, id, &params, err)) != CAT_OK)
        goto done;
    json_object_set_new(sd, "Parameters", params);
    if (serde) {
        if ((rc = params_load(st, SQL_SERDE_PARAM_GET, id, &params, err)) != CAT_OK)
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

/* ================================================================ */
/* Databases.                                                         */

static const char SQL_DB_ID[] = "SELECT id FROM databases WHERE catalog_id = ?1 AND name = ?2";
static const char SQL_DB_INSERT[] =
    "INSERT INTO databases (catalog_id, name, description, location_uri, create_time, extra)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_DB_GET[] = "SELECT id, name, description, location_uri, create_time, extra"
                                 " FROM databases WHERE catalog_id = ?1 AND name = ?2";
static const char SQL_DB_LIST[] =
    "SELECT id, name, description, location_uri, create_time, extra FROM databases"
    " WHERE catalog_id = ?1 AND name > ?2 ORDER BY name LIMIT ?3";
static const char SQL_DB_UPDATE[] =
    "UPDATE databases SET name = ?2, description = ?3, location_uri = ?4, extra = ?5"
    " WHERE id = ?1";
static const char SQL_DB_DELETE[] = "DELETE FROM databases WHERE id = ?1";
static const char SQL_DB_PARAM_INSERT[] =
    "INSERT INTO database_params (db_id, key, value) VALUES (?1, ?2, ?3)";
static const char SQL_DB_PARAM_GET[] = "SELECT key, value FROM database_params WHERE db_id = ?1";
static const char SQL_DB_PARAM_CLEAR[] = "DELETE FROM database_params WHERE db_id = ?1";

static const char *const DB_KNOWN[] = {"Name",       "Description", "LocationUri", "Parameters",
                                       "CreateTime", "CatalogId",   NULL};

/* *ID = the row id of database NAME.  ENOTFOUND "Database NAME not found." */
static int db_id(struct store *st, const char *catalog, const char *name, sqlite3_int64 *id,
                 struct srv_error *err)
{
    sqlite3_stmt *stmt;
    int rc;
    if ((stmt = store_prep(st, SQL_DB_ID, err)) == NULL)
        return err->code;
    sqlite3_bind_text(stmt, 1, catalog, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(stmt, 0);
        rc = CAT_OK;
    } else if (rc == SQLITE_DONE) {
        rc = srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", name);
    } else {
        rc = store_sqlerr(st, err);
    }
    store_reset(stmt);
    return rc;
}

/* A Database object from the current row of a SQL_DB_GET/SQL_DB_LIST statement. */
static int db_from_row(struct store *st, const char *catalog, sqlite3_stmt *stmt, json_t **out,
                       struct srv_error *err)
{
    json_t *db = json_object(), *params = NULL;
    sqlite3_int64 id = sqlite3_column_int64(stmt, 0);
    int rc;
    get_str(db, "Name", stmt, 1);
    get_str(db, "Description", stmt, 2);
    get_str(db, "LocationUri", stmt, 3);
    get_num(db, "CreateTime", stmt, 4);
    extra_load(db, stmt, 5);
    json_object_set_new(db, "CatalogId", json_string(catalog));
    if ((rc = params_load(st, SQL_DB_PARAM_GET, id, &params, err)) != CAT_OK) {
        json_decref(db);
        *out = NULL;
        return rc;
    }
    json_object_set_new(db, "Parameters", params);
    *out = db;
    return CAT_OK;
}

int store_db_insert(struct store *st, const char *catalog, const json_t *db,
                    struct srv_error *err)
{
    sqlite3_stmt *stmt;
    int rc;
    if ((stmt = store_prep(st, SQL_DB_INSERT, err)) == NULL)
        return err->code;
    sqlite3_bind_text(stmt, 1, catalog, -1, SQLITE_STATIC);
    bind_str(stmt, 2, db, "Name");
    bind_str(stmt, 3, db, "Description");
    bind_str(stmt, 4, db, "LocationUri");
    bind_num(stmt, 5, db, "CreateTime");
    bind_text_owned(stmt, 6, extra_dump(db, DB_KNOWN));
    if ((rc = step_done(st, stmt, err)) != CAT_OK) {
        if (rc == CAT_EEXISTS)
            srv_error_set(err, rc, "Database already exists.");
        return rc;
    }
    return params_save(st, SQL_DB_PARAM_INSERT, sqlite3_last_insert_rowid(st->db),
                       json_object_get(db, "Parameters"), err);
}

int store_db_get(struct store *st, const char *catalog, const char *name, json_t **out,
                 struct srv_error *err)
{
    sqlite3_stmt *stmt;
    int rc;
    *out = NULL;
    if ((stmt = store_prep(st, SQL_DB_GET, err)) == NULL)
        return err->code;
    sqlite3_bind_text(stmt, 1, catalog, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        rc = db_from_row(st, catalog, stmt, out, err);
    else if (rc == SQLITE_DONE)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", name);
    else
        rc = store_sqlerr(st, err);
    store_reset(stmt);
    return rc;
}

int store_db_list(struct store *st, const char *catalog, const char *after, int limit,
                  json_t **out, int *more, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    *out = NULL;
    *more = 0;
    if ((stmt = store_prep(st, SQL_DB_LIST, err)) == NULL)
        return err->code;
    sqlite3_bind_text(stmt, 1, catalog, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, after ? after : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 3, limit + 1);
    return collect(st, stmt, catalog, limit, NULL, NULL, 1, db_from_row, out, more, err);
}

int store_db_replace(struct store *st, const char *catalog, const char *name, const json_t *db,
                     struct srv_error *err)
{
    sqlite3_stmt *stmt;
    sqlite3_int64 id;
    int rc;
    if ((rc = db_id(st, catalog, name, &id, err)) != CAT_OK)
        return rc;
    if ((stmt = store_prep(st, SQL_DB_UPDATE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, id);
    bind_str(stmt, 2, db, "Name");
    bind_str(stmt, 3, db, "Description");
    bind_str(stmt, 4, db, "LocationUri");
    bind_text_owned(stmt, 5, extra_dump(db, DB_KNOWN));
    if ((rc = step_done(st, stmt, err)) != CAT_OK) {
        if (rc == CAT_EEXISTS)
            srv_error_set(err, rc, "Database already exists.");
        return rc;
    }
    if ((stmt = store_prep(st, SQL_DB_PARAM_CLEAR, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, id);
    if ((rc = step_done(st, stmt, err)) != CAT_OK)
        return rc;
    return params_save(st, SQL_DB_PARAM_INSERT, id, json_object_get(db, "Parameters"), err);
}

int store_db_delete(struct store *st, const char *catalog, const char *name,
                    struct srv_error *err)
{
    sqlite3_stmt *stmt;
    sqlite3_int64 id;
    int rc;
    if ((rc = db_id(st, catalog, name, &id, err)) != CAT_OK)
        return rc;
    if ((stmt = store_prep(st, SQL_DB_DELETE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, id);
    return step_done(st, stmt, err);
}

/* ================================================================ */
/* Tables.                                                            */

#define TABLE_COLS                                                                               \
    "SELECT t.id, t.name, d.name, t.description, t.owner, t.create_time, t.update_time,"        \
    " t.last_access_time, t.last_analyzed_time, t.retention, t.sd_id, t.view_original_text,"    \
    " t.view_expanded_text, t.table_type, t.version_id, t.extra"                                 \
    " FROM tables t JOIN databases d ON d.id = t.db_id"

static const char SQL_TABLE_GET[] = TABLE_COLS " WHERE t.db_id = ?1 AND t.name = ?2";
static const char SQL_TABLE_LIST[] = TABLE_COLS " WHERE t.db_id = ?1 AND t.name > ?2"
                                                " ORDER BY t.name";
static const char SQL_TABLE_ID[] =
    "SELECT id, sd_id, version_id FROM tables WHERE db_id = ?1 AND name = ?2";
static const char SQL_TABLE_INSERT[] =
    "INSERT INTO tables (db_id, name, description, owner, create_time, update_time,"
    " last_access_time, last_analyzed_time, retention, sd_id, view_original_text,"
    " view_expanded_text, table_type, version_id, extra)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
static const char SQL_TABLE_UPDATE[] =
    "UPDATE tables SET description = ?3, owner = ?4, create_time = ?5, update_time = ?6,"
    " last_access_time = ?7, last_analyzed_time = ?8, retention = ?9, sd_id = ?10,"
    " view_original_text = ?11, view_expanded_text = ?12, table_type = ?13, version_id = ?14,"
    " extra = ?15 WHERE id = ?1 AND version_id = ?2";
static const char SQL_TABLE_DELETE[] = "DELETE FROM tables WHERE id = ?1";
static const char SQL_TABLE_PARAM_INSERT[] =
    "INSERT INTO table_params (table_id, key, value) VALUES (?1, ?2, ?3)";
static const char SQL_TABLE_PARAM_GET[] = "SELECT key, value FROM table_params WHERE table_id = ?1";
static const char SQL_TABLE_PARAM_CLEAR[] = "DELETE FROM table_params WHERE table_id = ?1";
static const char SQL_PKEY_INSERT[] =
    "INSERT INTO partition_keys (table_id, pos, name, type, comment, params)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_PKEY_GET[] =
    "SELECT name, type, comment, params FROM partition_keys WHERE table_id = ?1 ORDER BY pos";
static const char SQL_PKEY_CLEAR[] = "DELETE FROM partition_keys WHERE table_id = ?1";

static const char *const TABLE_KNOWN[] = {
    "Name",          "DatabaseName",     "Description",      "Owner",
    "CreateTime",    "UpdateTime",       "LastAccessTime",   "LastAnalyzedTime",
    "Retention",     "StorageDescriptor", "PartitionKeys",   "ViewOriginalText",
    "ViewExpandedText", "TableType",     "Parameters",       "CatalogId",
    "VersionId",     NULL};

struct table_ref {
    sqlite3_int64 db_id, id, sd_id; /* sd_id 0 = none */
    long long version;
};

/* Resolve database DB and table NAME.  ENOTFOUND with Glue's text for either. */
static int table_ref(struct store *st, const char *catalog, const char *db, const char *name,
                     struct table_ref *ref, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    int rc;
    if ((rc = db_id(st, catalog, db, &ref->db_id, err)) != CAT_OK)
        return rc;
    if ((stmt = store_prep(st, SQL_TABLE_ID, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref->db_id);
    sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        ref->id = sqlite3_column_int64(stmt, 0);
        ref->sd_id = sqlite3_column_int64(stmt, 1); /* NULL reads as 0 */
        ref->version = sqlite3_column_int64(stmt, 2);
        rc = CAT_OK;
    } else if (rc == SQLITE_DONE) {
        rc = srv_error_set(err, CAT_ENOTFOUND, "Table %s not found.", name);
    } else {
        rc = store_sqlerr(st, err);
    }
    store_reset(stmt);
    return rc;
}

static int pkeys_save(struct store *st, sqlite3_int64 table_id, const json_t *keys,
                      struct srv_error *err)
{
    sqlite3_stmt *stmt;
    size_t i;
    json_t *k;
    int rc;
    if (!json_is_array(keys))
        return CAT_OK;
    if ((stmt = store_prep(st, SQL_PKEY_INSERT, err)) == NULL)
        return err->code;
    json_array_foreach(keys, i, k)
    {
        const json_t *params = json_object_get(k, "Parameters");
        sqlite3_bind_int64(stmt, 1, table_id);
        sqlite3_bind_int64(stmt, 2, (sqlite3_int64)i);
        bind_str(stmt, 3, k, "Name");
        bind_str(stmt, 4, k, "Type");
        bind_str(stmt, 5, k, "Comment");
        bind_text_owned(stmt, 6,
                        json_is_object(params) ? json_dumps(params, JSON_COMPACT) : NULL);
        if ((rc = step_done(st, stmt, err)) != CAT_OK)
            return rc;
    }
    return CAT_OK;
}

static int pkeys_load(struct store *st, sqlite3_int64 table_id, json_t **out,
                      struct srv_error *err)
{
    sqlite3_stmt *stmt;
    json_t *keys = json_array();
    int rc;
    *out = NULL;
    if ((stmt = store_prep(st, SQL_PKEY_GET, err)) == NULL) {
        json_decref(keys);
        return err->code;
    }
    sqlite3_bind_int64(stmt, 1, table_id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        json_t *k = json_object();
        const char *params = (const char *)sqlite3_column_text(stmt, 3);
        get_str(k, "Name", stmt, 0);
        get_str(k, "Type", stmt, 1);
        get_str(k, "Comment", stmt, 2);
        if (params)
            json_object_set_new(k, "Parameters", json_loads(params, 0, NULL));
        json_array_append_new(keys, k);
    }
    store_reset(stmt);
    if (rc != SQLITE_DONE) {
        json_decref(keys);
        return store_sqlerr(st, err);
    }
    *out = keys;
    return CAT_OK;
}

/* A Table object from the current row of a TABLE_COLS statement. */
static int table_from_row(struct store *st, const char *catalog, sqlite3_stmt *stmt,
                          json_t **out, struct srv_error *err)
{
    json_t *t = json_object(), *sub = NULL;
    sqlite3_int64 id = sqlite3_column_int64(stmt, 0), sd_id = sqlite3_column_int64(stmt, 10);
    char version[24];
    int rc;
    *out = NULL;
    get_str(t, "Name", stmt, 1);
    get_str(t, "DatabaseName", stmt, 2);
    get_str(t, "Description", stmt, 3);
    get_str(t, "Owner", stmt, 4);
    get_num(t, "CreateTime", stmt, 5);
    get_num(t, "UpdateTime", stmt, 6);
    get_num(t, "LastAccessTime", stmt, 7);
    get_num(t, "LastAnalyzedTime", stmt, 8);
    get_int(t, "Retention", stmt, 9);
    get_str(t, "ViewOriginalText", stmt, 11);
    get_str(t, "ViewExpandedText", stmt, 12);
    get_str(t, "TableType", stmt, 13);
    snprintf(version, sizeof(version), "%lld", (long long)sqlite3_column_int64(stmt, 14));
    extra_load(t, stmt, 15);
    json_object_set_new(t, "CatalogId", json_string(catalog));
    json_object_set_new(t, "VersionId", json_string(version));
    if (sd_id != 0) {
        if ((rc = sd_load(st, sd_id, &sub, err)) != CAT_OK)
            goto fail;
        json_object_set_new(t, "StorageDescriptor", sub);
    }
    if ((rc = pkeys_load(st, id, &sub, err)) != CAT_OK)
        goto fail;
    json_object_set_new(t, "PartitionKeys", sub);
    if ((rc = params_load(st, SQL_TABLE_PARAM_GET, id, &sub, err)) != CAT_OK)
        goto fail;
    json_object_set_new(t, "Parameters", sub);
    *out = t;
    return CAT_OK;
fail:
    json_decref(t);
    return rc;
}

/* Bind ?3..?13 and ?15 of SQL_TABLE_INSERT / SQL_TABLE_UPDATE from TBL; SD_ID for ?10. */
static void bind_table(sqlite3_stmt *stmt, const json_t *tbl, sqlite3_int64 sd_id)
{
    bind_str(stmt, 3, tbl, "Description");
    bind_str(stmt, 4, tbl, "Owner");
    bind_num(stmt, 5, tbl, "CreateTime");
    bind_num(stmt, 6, tbl, "UpdateTime");
    bind_num(stmt, 7, tbl, "LastAccessTime");
    bind_num(stmt, 8, tbl, "LastAnalyzedTime");
    bind_int(stmt, 9, tbl, "Retention");
    if (sd_id)
        sqlite3_bind_int64(stmt, 10, sd_id);
    else
        sqlite3_bind_null(stmt, 10);
    bind_str(stmt, 11, tbl, "ViewOriginalText");
    bind_str(stmt, 12, tbl, "ViewExpandedText");
    bind_str(stmt, 13, tbl, "TableType");
    bind_text_owned(stmt, 15, extra_dump(tbl, TABLE_KNOWN));
}

/* Save the rows that hang off table TABLE_ID: parameters and partition keys. */
static int table_children_save(struct store *st, sqlite3_int64 table_id, const json_t *tbl,
                               struct srv_error *err)
{
    int rc;
    if ((rc = params_save(st, SQL_TABLE_PARAM_INSERT, table_id, json_object_get(tbl, "Parameters"),
                          err)) != CAT_OK)
        return rc;
    return pkeys_save(st, table_id, json_object_get(tbl, "PartitionKeys"), err);
}

int store_table_insert(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                       struct srv_error *err)
{
    sqlite3_stmt *stmt;
    sqlite3_int64 dbid, sd_id = 0;
    const json_t *sd = json_object_get(tbl, "StorageDescriptor");
    int rc;
    if ((rc = db_id(st, catalog, db, &dbid, err)) != CAT_OK)
        return rc;
    if (json_is_object(sd) && (rc = sd_save(st, sd, &sd_id, err)) != CAT_OK)
        return rc;
    if ((stmt = store_prep(st, SQL_TABLE_INSERT, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, dbid);
    bind_str(stmt, 2, tbl, "Name");
    bind_table(stmt, tbl, sd_id);
    sqlite3_bind_int64(stmt, 14, 0);
    if ((rc = step_done(st, stmt, err)) != CAT_OK) {
        if (rc == CAT_EEXISTS)
            srv_error_set(err, rc, "Table already exists.");
        return rc;
    }
    return table_children_save(st, sqlite3_last_insert_rowid(st->db), tbl, err);
}

int store_table_get(struct store *st, const char *catalog, const char *db, const char *name,
                    json_t **out, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    sqlite3_int64 dbid;
    int rc;
    *out = NULL;
    if ((rc = db_id(st, catalog, db, &dbid, err)) != CAT_OK)
        return rc;
    if ((stmt = store_prep(st, SQL_TABLE_GET, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, dbid);
    sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        rc = table_from_row(st, catalog, stmt, out, err);
    else if (rc == SQLITE_DONE)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Table %s not found.", name);
    else
        rc = store_sqlerr(st, err);
    store_reset(stmt);
    return rc;
}

int store_table_list(struct store *st, const char *catalog, const char *db, const char *after,
                     int limit, store_name_filter *filter, void *ctx, json_t **out, int *more,
                     struct srv_error *err)
{
    sqlite3_stmt *stmt;
    sqlite3_int64 dbid;
    int rc;
    *out = NULL;
    *more = 0;
    if ((rc = db_id(st, catalog, db, &dbid, err)) != CAT_OK)
        return rc;
    if ((stmt = store_prep(st, SQL_TABLE_LIST, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, dbid);
    sqlite3_bind_text(stmt, 2, after ? after : "", -1, SQLITE_STATIC);
    return collect(st, stmt, catalog, limit, filter, ctx, 1, table_from_row, out, more, err);
}

int store_table_replace(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                        long long expect, long long new_version, struct srv_error *err)
{
    struct table_ref ref;
    sqlite3_stmt *stmt;
    sqlite3_int64 sd_id = 0;
    const json_t *sd = json_object_get(tbl, "StorageDescriptor");
    const char *name = json_string_value(json_object_get(tbl, "Name"));
    int rc;
    if ((rc = table_ref(st, catalog, db, name ? name : "", &ref, err)) != CAT_OK)
        return rc;
    if (ref.version != expect)
        return srv_error_set(err, CAT_ECONFLICT,
                             "Update table failed due to concurrent modifications.");
    if (json_is_object(sd) && (rc = sd_save(st, sd, &sd_id, err)) != CAT_OK)
        return rc;
    if ((stmt = store_prep(st, SQL_TABLE_UPDATE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    sqlite3_bind_int64(stmt, 2, expect);
    bind_table(stmt, tbl, sd_id);
    sqlite3_bind_int64(stmt, 14, new_version);
    if ((rc = step_done(st, stmt, err)) != CAT_OK)
        return rc;
    if (sqlite3_changes(st->db) != 1)
        return srv_error_set(err, CAT_ECONFLICT,
                             "Update table failed due to concurrent modifications.");
    if (ref.sd_id != 0) {
        if ((stmt = store_prep(st, SQL_SD_DELETE, err)) == NULL)
            return err->code;
        sqlite3_bind_int64(stmt, 1, ref.sd_id);
        if ((rc = step_done(st, stmt, err)) != CAT_OK)
            return rc;
    }
    if ((stmt = store_prep(st, SQL_TABLE_PARAM_CLEAR, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    if ((rc = step_done(st, stmt, err)) != CAT_OK)
        return rc;
    if ((stmt = store_prep(st, SQL_PKEY_CLEAR, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    if ((rc = step_done(st, stmt, err)) != CAT_OK)
        return rc;
    return table_children_save(st, ref.id, tbl, err);
}

int store_table_delete(struct store *st, const char *catalog, const char *db, const char *name,
                       struct srv_error *err)
{
    struct table_ref ref;
    sqlite3_stmt *stmt;
    int rc;
    if ((rc = table_ref(st, catalog, db, name, &ref, err)) != CAT_OK)
        return rc;
    if ((stmt = store_prep(st, SQL_TABLE_DELETE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    return step_done(st, stmt, err);
}

/* ================================================================ */
/* Archived table versions.                                           */

static const char SQL_VER_INSERT[] =
    "INSERT INTO table_versions (table_id, version_id, archived_at, snapshot)"
    " VALUES (?1, ?2, ?3, ?4)";
static const char SQL_VER_GET[] =
    "SELECT snapshot FROM table_versions WHERE table_id = ?1 AND version_id = ?2";
static const char SQL_VER_LIST[] =
    "SELECT snapshot FROM table_versions WHERE table_id = ?1 AND version_id < ?2"
    " ORDER BY version_id DESC LIMIT ?3";
static const char SQL_VER_DELETE[] =
    "DELETE FROM table_versions WHERE table_id = ?1 AND version_id = ?2";

/* Parse a stored snapshot; its DatabaseName follows renames of the database. */
static json_t *snapshot_load(sqlite3_stmt *stmt, int col, const char *db)
{
    json_t *t = json_loads((const char *)sqlite3_column_text(stmt, col), 0, NULL);
    if (t)
        json_object_set_new(t, "DatabaseName", json_string(db));
    return t;
}

int store_version_archive(struct store *st, const char *catalog, const char *db,
                          const char *name, long long version, const json_t *table,
                          struct srv_error *err)
{
    struct table_ref ref;
    sqlite3_stmt *stmt;
    int rc;
    if ((rc = table_ref(st, catalog, db, name, &ref, err)) != CAT_OK)
        return rc;
    if ((stmt = store_prep(st, SQL_VER_INSERT, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    sqlite3_bind_int64(stmt, 2, version);
    sqlite3_bind_double(stmt, 3, util_now());
    bind_text_owned(stmt, 4, json_dumps(table, JSON_COMPACT));
    return step_done(st, stmt, err);
}

int store_version_get(struct store *st, const char *catalog, const char *db, const char *name,
                      long long version, json_t **out, struct srv_error *err)
{
    struct table_ref ref;
    sqlite3_stmt *stmt;
    int rc;
    *out = NULL;
    if ((rc = table_ref(st, catalog, db, name, &ref, err)) != CAT_OK)
        return rc;
    if ((stmt = store_prep(st, SQL_VER_GET, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    sqlite3_bind_int64(stmt, 2, version);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        rc = (*out = snapshot_load(stmt, 0, db)) ? CAT_OK
                                                 : srv_error_set(err, CAT_EINTERNAL, "Internal error.");
    else if (rc == SQLITE_DONE)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Version %lld of table %s not found.", version,
                           name);
    else
        rc = store_sqlerr(st, err);
    store_reset(stmt);
    return rc;
}

int store_version_list(struct store *st, const char *catalog, const char *db, const char *name,
                       long long before, int limit, json_t **out, int *more,
                       struct srv_error *err)
{
    struct table_ref ref;
    sqlite3_stmt *stmt;
    json_t *list;
    int rc, n = 0;
    *out = NULL;
    *more = 0;
    if ((rc = table_ref(st, catalog, db, name, &ref, err)) != CAT_OK)
        return rc;
    if ((stmt = store_prep(st, SQL_VER_LIST, err)) == NULL)
        return err->code;
    list = json_array();
    sqlite3_bind_int64(stmt, 1, ref.id);
    sqlite3_bind_int64(stmt, 2, before < 0 ? (sqlite3_int64)0x7fffffffffffffffLL : before);
    sqlite3_bind_int(stmt, 3, limit + 1);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        json_t *t;
        if (n == limit) {
            *more = 1;
            break;
        }
        if ((t = snapshot_load(stmt, 0, db)) != NULL)
            json_array_append_new(list, t);
        n++;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        rc = store_sqlerr(st, err);
        store_reset(stmt);
        json_decref(list);
        return rc;
    }
    store_reset(stmt);
    *out = list;
    return CAT_OK;
}

int store_version_delete(struct store *st, const char *catalog, const char *db,
                         const char *name, long long version, struct srv_error *err)
{
    struct table_ref ref;
    sqlite3_stmt *stmt;
    int rc;
    if ((rc = table_ref(st, catalog, db, name, &ref, err)) != CAT_OK)
        return rc;
    if ((stmt = store_prep(st, SQL_VER_DELETE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    sqlite3_bind_int64(stmt, 2, version);
    if ((rc = step_done(st, stmt, err)) != CAT_OK)
        return rc;
    if (sqlite3_changes(st->db) == 0)
        return srv_error_set(err, CAT_ENOTFOUND, "Version %lld of table %s not found.", version,
                             name);
    return CAT_OK;
}
