/* sqlite_catalog.c -- SQLite rows <-> Glue Database and Table objects; table versions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/shape.h"
#include "store/sqlite/sqlite_int.h"
#include "store/sqlite/sqlite_row.h"

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

/* *ID = the row id of database NAME.  ENOTFOUND "Database NAME not found." */
static int db_id(struct store *st, const char *catalog, const char *name, sqlite3_int64 *id,
                 struct srv_error *err)
{
    sqlite3_stmt *stmt;
    int rc;
    if ((stmt = sq_prep(st, SQL_DB_ID, err)) == NULL)
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
        rc = sq_sqlerr(st, err);
    }
    sq_reset(stmt);
    return rc;
}

/* A Database object from the current row of a SQL_DB_GET/SQL_DB_LIST statement. */
static int db_from_row(struct store *st, const char *catalog, sqlite3_stmt *stmt, json_t **out,
                       struct srv_error *err)
{
    json_t *db = json_object(), *params = NULL;
    sqlite3_int64 id = sqlite3_column_int64(stmt, 0);
    int rc;
    row_get_str(db, "Name", stmt, 1);
    row_get_str(db, "Description", stmt, 2);
    row_get_str(db, "LocationUri", stmt, 3);
    row_get_num(db, "CreateTime", stmt, 4);
    row_extra_load(db, stmt, 5);
    json_object_set_new(db, "CatalogId", json_string(catalog));
    if ((rc = row_params_load(st, SQL_DB_PARAM_GET, id, &params, err)) != CAT_OK) {
        json_decref(db);
        *out = NULL;
        return rc;
    }
    json_object_set_new(db, "Parameters", params);
    *out = db;
    return CAT_OK;
}

int sq_db_insert(struct store *st, const char *catalog, const json_t *db, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    int rc;
    if ((stmt = sq_prep(st, SQL_DB_INSERT, err)) == NULL)
        return err->code;
    sqlite3_bind_text(stmt, 1, catalog, -1, SQLITE_STATIC);
    row_bind_str(stmt, 2, db, "Name");
    row_bind_str(stmt, 3, db, "Description");
    row_bind_str(stmt, 4, db, "LocationUri");
    row_bind_num(stmt, 5, db, "CreateTime");
    row_bind_text_owned(stmt, 6, shape_extra_dump(db, SHAPE_DB_KNOWN));
    if ((rc = row_step_done(st, stmt, err)) != CAT_OK) {
        if (rc == CAT_EEXISTS)
            srv_error_set(err, rc, "Database %s already exists.",
                          json_string_value(json_object_get(db, "Name")));
        return rc;
    }
    return row_params_save(st, SQL_DB_PARAM_INSERT, sqlite3_last_insert_rowid(SQ(st)->db),
                           json_object_get(db, "Parameters"), err);
}

int sq_db_get(struct store *st, const char *catalog, const char *name, json_t **out,
              struct srv_error *err)
{
    sqlite3_stmt *stmt;
    int rc;
    *out = NULL;
    if ((stmt = sq_prep(st, SQL_DB_GET, err)) == NULL)
        return err->code;
    sqlite3_bind_text(stmt, 1, catalog, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        rc = db_from_row(st, catalog, stmt, out, err);
    else if (rc == SQLITE_DONE)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", name);
    else
        rc = sq_sqlerr(st, err);
    sq_reset(stmt);
    return rc;
}

int sq_db_list(struct store *st, const char *catalog, const char *after, int limit,
               size_t max_bytes, json_t **out, int *more, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    *out = NULL;
    *more = 0;
    if ((stmt = sq_prep(st, SQL_DB_LIST, err)) == NULL)
        return err->code;
    sqlite3_bind_text(stmt, 1, catalog, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, after ? after : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 3, limit + 1);
    return row_collect(st, stmt, catalog, limit, max_bytes, NULL, NULL, 1, db_from_row, out, more,
                       err);
}

int sq_db_replace(struct store *st, const char *catalog, const char *name, const json_t *db,
                  struct srv_error *err)
{
    sqlite3_stmt *stmt;
    sqlite3_int64 id;
    int rc;
    if ((rc = db_id(st, catalog, name, &id, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_DB_UPDATE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, id);
    row_bind_str(stmt, 2, db, "Name");
    row_bind_str(stmt, 3, db, "Description");
    row_bind_str(stmt, 4, db, "LocationUri");
    row_bind_text_owned(stmt, 5, shape_extra_dump(db, SHAPE_DB_KNOWN));
    if ((rc = row_step_done(st, stmt, err)) != CAT_OK) {
        if (rc == CAT_EEXISTS)
            srv_error_set(err, rc, "Database %s already exists.",
                          json_string_value(json_object_get(db, "Name")));
        return rc;
    }
    if ((stmt = sq_prep(st, SQL_DB_PARAM_CLEAR, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, id);
    if ((rc = row_step_done(st, stmt, err)) != CAT_OK)
        return rc;
    return row_params_save(st, SQL_DB_PARAM_INSERT, id, json_object_get(db, "Parameters"), err);
}

int sq_db_delete(struct store *st, const char *catalog, const char *name, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    sqlite3_int64 id;
    int rc;
    if ((rc = db_id(st, catalog, name, &id, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_DB_DELETE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, id);
    return row_step_done(st, stmt, err);
}

/* ================================================================ */
/* Tables.                                                            */

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
static const char SQL_TABLE_SET_SD[] = "UPDATE tables SET sd_id = ?2 WHERE id = ?1";
static const char SQL_TABLE_HAS_PARTS[] =
    "SELECT 1 FROM partitions WHERE table_id = ?1 AND sd_id = ?2 LIMIT 1";
static const char SQL_TABLE_DELETE[] = "DELETE FROM tables WHERE id = ?1";
static const char SQL_TABLE_RENAME[] =
    "UPDATE tables SET db_id = ?3, name = ?4, version_id = ?5, update_time = ?6"
    " WHERE id = ?1 AND version_id = ?2";
/* The search index's database name of a table that moved (its name follows by trigger). */
static const char SQL_TABLE_SEARCH_DB[] =
    "UPDATE table_search SET db = (SELECT name FROM databases WHERE id = ?2) WHERE rowid = ?1";
static const char SQL_TABLE_PARAM_INSERT[] =
    "INSERT INTO table_params (table_id, key, value) VALUES (?1, ?2, ?3)";
static const char SQL_TABLE_PARAM_CLEAR[] = "DELETE FROM table_params WHERE table_id = ?1";
static const char SQL_PKEY_INSERT[] =
    "INSERT INTO partition_keys (table_id, pos, name, type, comment, params)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_PKEY_CLEAR[] = "DELETE FROM partition_keys WHERE table_id = ?1";

static int set_sd(struct store *st, sqlite3_int64 table_id, sqlite3_int64 sd_id,
                  struct srv_error *err)
{
    sqlite3_stmt *stmt;
    if ((stmt = sq_prep(st, SQL_TABLE_SET_SD, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, table_id);
    sqlite3_bind_int64(stmt, 2, sd_id);
    return row_step_done(st, stmt, err);
}

/* *YES = 1 when partitions of table TABLE_ID were written against descriptor SD_ID.
** (A scan of the table's partitions; it runs only when an update changes the table's
** descriptor, which engines do rarely: statistics updates keep it.) */
static int has_partitions(struct store *st, sqlite3_int64 table_id, sqlite3_int64 sd_id, int *yes,
                          struct srv_error *err)
{
    sqlite3_stmt *stmt;
    int rc;
    if ((stmt = sq_prep(st, SQL_TABLE_HAS_PARTS, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, table_id);
    sqlite3_bind_int64(stmt, 2, sd_id);
    rc = sqlite3_step(stmt);
    *yes = rc == SQLITE_ROW;
    rc = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? CAT_OK : sq_sqlerr(st, err);
    sq_reset(stmt);
    return rc;
}

/* When an update changes the type of a partition key, recompute that key's typed column
** for the table's partitions, so expressions compare by the new type. */
static int retype_partitions(struct store *st, sqlite3_int64 table_id, const json_t *new_keys,
                             struct srv_error *err)
{
    json_t *old = NULL;
    size_t i;
    int rc;
    if ((rc = row_pkeys_load(st, table_id, &old, err)) != CAT_OK)
        return rc;
    for (i = 0; i < json_array_size(new_keys) && i < STORE_TYPED_KEYS; i++) {
        const char *nt = json_string_value(json_object_get(json_array_get(new_keys, i), "Type"));
        const json_t *o = json_array_get(old, i);
        char sql[160];
        sqlite3_stmt *stmt = NULL;
        if (o && ptype_of(json_string_value(json_object_get(o, "Type"))) == ptype_of(nt))
            continue;
        /* the column name comes from I, never from input */
        snprintf(sql, sizeof(sql),
                 "UPDATE partitions SET k%zu = catalog_typed(?2, json_extract(vals, '$[%zu]'))"
                 " WHERE table_id = ?1",
                 i, i);
        if (sqlite3_prepare_v2(SQ(st)->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
            rc = sq_sqlerr(st, err);
            break;
        }
        sqlite3_bind_int64(stmt, 1, table_id);
        if (nt)
            sqlite3_bind_text(stmt, 2, nt, -1, SQLITE_STATIC);
        rc = sqlite3_step(stmt) == SQLITE_DONE ? CAT_OK : sq_sqlerr(st, err);
        sqlite3_finalize(stmt);
        if (rc != CAT_OK)
            break;
    }
    json_decref(old);
    return rc;
}

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
    if ((stmt = sq_prep(st, SQL_TABLE_ID, err)) == NULL)
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
        rc = sq_sqlerr(st, err);
    }
    sq_reset(stmt);
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
    if ((stmt = sq_prep(st, SQL_PKEY_INSERT, err)) == NULL)
        return err->code;
    json_array_foreach(keys, i, k) {
        const json_t *params = json_object_get(k, "Parameters");
        sqlite3_bind_int64(stmt, 1, table_id);
        sqlite3_bind_int64(stmt, 2, (sqlite3_int64)i);
        row_bind_str(stmt, 3, k, "Name");
        row_bind_str(stmt, 4, k, "Type");
        row_bind_str(stmt, 5, k, "Comment");
        row_bind_text_owned(stmt, 6,
                            json_is_object(params) ? json_dumps(params, JSON_COMPACT) : NULL);
        if ((rc = row_step_done(st, stmt, err)) != CAT_OK)
            return rc;
    }
    return CAT_OK;
}

/* Bind ?3..?13 and ?15 of SQL_TABLE_INSERT / SQL_TABLE_UPDATE from TBL; SD_ID for ?10. */
static void bind_table(sqlite3_stmt *stmt, const json_t *tbl, sqlite3_int64 sd_id)
{
    row_bind_str(stmt, 3, tbl, "Description");
    row_bind_str(stmt, 4, tbl, "Owner");
    row_bind_num(stmt, 5, tbl, "CreateTime");
    row_bind_num(stmt, 6, tbl, "UpdateTime");
    row_bind_num(stmt, 7, tbl, "LastAccessTime");
    row_bind_num(stmt, 8, tbl, "LastAnalyzedTime");
    row_bind_int(stmt, 9, tbl, "Retention");
    if (sd_id)
        sqlite3_bind_int64(stmt, 10, sd_id);
    else
        sqlite3_bind_null(stmt, 10);
    row_bind_str(stmt, 11, tbl, "ViewOriginalText");
    row_bind_str(stmt, 12, tbl, "ViewExpandedText");
    row_bind_str(stmt, 13, tbl, "TableType");
    row_bind_text_owned(stmt, 15, shape_extra_dump(tbl, SHAPE_TABLE_KNOWN));
}

/* Save the rows that hang off table TABLE_ID: parameters (and their words in the search
** index) and partition keys. */
static int table_children_save(struct store *st, sqlite3_int64 table_id, const json_t *tbl,
                               struct srv_error *err)
{
    int rc;
    if ((rc = row_params_save(st, SQL_TABLE_PARAM_INSERT, table_id,
                              json_object_get(tbl, "Parameters"), err)) != CAT_OK ||
        (rc = search_params_refresh(st, table_id, err)) != CAT_OK)
        return rc;
    return pkeys_save(st, table_id, json_object_get(tbl, "PartitionKeys"), err);
}

int sq_table_insert(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                    struct srv_error *err)
{
    sqlite3_stmt *stmt;
    sqlite3_int64 dbid, id, sd_id = 0;
    const json_t *sd = json_object_get(tbl, "StorageDescriptor");
    int rc;
    if ((rc = db_id(st, catalog, db, &dbid, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_TABLE_INSERT, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, dbid);
    row_bind_str(stmt, 2, tbl, "Name");
    bind_table(stmt, tbl, 0);
    sqlite3_bind_int64(stmt, 14, 0);
    if ((rc = row_step_done(st, stmt, err)) != CAT_OK) {
        if (rc == CAT_EEXISTS)
            srv_error_set(err, rc, "Table %s already exists.",
                          json_string_value(json_object_get(tbl, "Name")));
        return rc;
    }
    id = sqlite3_last_insert_rowid(SQ(st)->db);
    if (json_is_object(sd) && ((rc = sq_sd_save(st, sd, id, &sd_id, err)) != CAT_OK ||
                               (rc = set_sd(st, id, sd_id, err)) != CAT_OK))
        return rc;
    return table_children_save(st, id, tbl, err);
}

int sq_table_get(struct store *st, const char *catalog, const char *db, const char *name,
                 json_t **out, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    sqlite3_int64 dbid;
    int rc;
    *out = NULL;
    if ((rc = db_id(st, catalog, db, &dbid, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_TABLE_GET, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, dbid);
    sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        rc = row_table(st, catalog, stmt, out, err);
    else if (rc == SQLITE_DONE)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Table %s not found.", name);
    else
        rc = sq_sqlerr(st, err);
    sq_reset(stmt);
    return rc;
}

int sq_table_list(struct store *st, const char *catalog, const char *db, const char *after,
                  int limit, size_t max_bytes, store_name_filter *filter, void *ctx, json_t **out,
                  int *more, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    sqlite3_int64 dbid;
    int rc;
    *out = NULL;
    *more = 0;
    if ((rc = db_id(st, catalog, db, &dbid, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_TABLE_LIST, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, dbid);
    sqlite3_bind_text(stmt, 2, after ? after : "", -1, SQLITE_STATIC);
    return row_collect(st, stmt, catalog, limit, max_bytes, filter, ctx, 1, row_table, out, more,
                       err);
}

int sq_table_replace(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                     long long expect, long long new_version, struct srv_error *err)
{
    struct table_ref ref;
    sqlite3_stmt *stmt;
    sqlite3_int64 sd_id = 0;
    const json_t *sd = json_object_get(tbl, "StorageDescriptor");
    const char *name = json_string_value(json_object_get(tbl, "Name"));
    json_t *old = NULL;
    int rc, parts = 0;
    if ((rc = table_ref(st, catalog, db, name ? name : "", &ref, err)) != CAT_OK)
        return rc;
    if (ref.version != expect)
        return srv_error_set(err, CAT_ECONCURRENT,
                             "Update table failed due to concurrent modifications.");
    /* The descriptor row stays when unchanged (partitions are written against it). */
    if (ref.sd_id != 0 && json_is_object(sd)) {
        if ((rc = row_sd_load(st, ref.sd_id, &old, err)) != CAT_OK)
            return rc;
        if (shape_sd_same(old, sd))
            sd_id = ref.sd_id;
        json_decref(old);
    }
    if (json_is_object(sd) && sd_id == 0 &&
        (rc = sq_sd_save(st, sd, ref.id, &sd_id, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_TABLE_UPDATE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    sqlite3_bind_int64(stmt, 2, expect);
    bind_table(stmt, tbl, sd_id);
    sqlite3_bind_int64(stmt, 14, new_version);
    if ((rc = row_step_done(st, stmt, err)) != CAT_OK)
        return rc;
    if (sqlite3_changes(SQ(st)->db) != 1)
        return srv_error_set(err, CAT_ECONCURRENT,
                             "Update table failed due to concurrent modifications.");
    /* A replaced descriptor goes unless partitions were written against it. */
    if (ref.sd_id != 0 && ref.sd_id != sd_id &&
        ((rc = has_partitions(st, ref.id, ref.sd_id, &parts, err)) != CAT_OK ||
         (!parts && (rc = sq_sd_delete(st, ref.sd_id, err)) != CAT_OK)))
        return rc;
    if ((stmt = sq_prep(st, SQL_TABLE_PARAM_CLEAR, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    if ((rc = row_step_done(st, stmt, err)) != CAT_OK)
        return rc;
    if ((rc = retype_partitions(st, ref.id, json_object_get(tbl, "PartitionKeys"), err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_PKEY_CLEAR, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    if ((rc = row_step_done(st, stmt, err)) != CAT_OK)
        return rc;
    return table_children_save(st, ref.id, tbl, err);
}

int sq_table_delete(struct store *st, const char *catalog, const char *db, const char *name,
                    struct srv_error *err)
{
    struct table_ref ref;
    sqlite3_stmt *stmt;
    int rc;
    if ((rc = table_ref(st, catalog, db, name, &ref, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_TABLE_DELETE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    return row_step_done(st, stmt, err);
}

int sq_table_rename(struct store *st, const char *catalog, const char *db, const char *name,
                    const char *new_db, const char *new_name, long long expect,
                    long long new_version, struct srv_error *err)
{
    struct table_ref ref, taken;
    sqlite3_stmt *stmt;
    sqlite3_int64 to_db;
    int rc;
    if ((rc = table_ref(st, catalog, db, name, &ref, err)) != CAT_OK ||
        (rc = db_id(st, catalog, new_db, &to_db, err)) != CAT_OK)
        return rc;
    rc = table_ref(st, catalog, new_db, new_name, &taken, err);
    if (rc == CAT_OK)
        return srv_error_set(err, CAT_EEXISTS, "Table %s.%s already exists.", new_db, new_name);
    if (rc != CAT_ENOTFOUND)
        return rc;
    srv_error_init(err);
    if (ref.version != expect)
        return srv_error_set(err, CAT_ECONCURRENT,
                             "Update table failed due to concurrent modifications.");
    if ((stmt = sq_prep(st, SQL_TABLE_RENAME, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    sqlite3_bind_int64(stmt, 2, expect);
    sqlite3_bind_int64(stmt, 3, to_db);
    sqlite3_bind_text(stmt, 4, new_name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 5, new_version);
    sqlite3_bind_double(stmt, 6, util_now());
    if ((rc = row_step_done(st, stmt, err)) != CAT_OK)
        return rc;
    if (sqlite3_changes(SQ(st)->db) != 1)
        return srv_error_set(err, CAT_ECONCURRENT,
                             "Update table failed due to concurrent modifications.");
    if ((stmt = sq_prep(st, SQL_TABLE_SEARCH_DB, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    sqlite3_bind_int64(stmt, 2, to_db);
    return row_step_done(st, stmt, err);
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

int sq_version_archive(struct store *st, const char *catalog, const char *db, const char *name,
                       long long version, const json_t *table, struct srv_error *err)
{
    struct table_ref ref;
    sqlite3_stmt *stmt;
    int rc;
    if ((rc = table_ref(st, catalog, db, name, &ref, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_VER_INSERT, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    sqlite3_bind_int64(stmt, 2, version);
    sqlite3_bind_double(stmt, 3, util_now());
    row_bind_text_owned(stmt, 4, json_dumps(table, JSON_COMPACT));
    return row_step_done(st, stmt, err);
}

int sq_version_get(struct store *st, const char *catalog, const char *db, const char *name,
                   long long version, json_t **out, struct srv_error *err)
{
    struct table_ref ref;
    sqlite3_stmt *stmt;
    int rc;
    *out = NULL;
    if ((rc = table_ref(st, catalog, db, name, &ref, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_VER_GET, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    sqlite3_bind_int64(stmt, 2, version);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        rc = (*out = snapshot_load(stmt, 0, db))
                 ? CAT_OK
                 : srv_error_set(err, CAT_EINTERNAL, "Internal error.");
    else if (rc == SQLITE_DONE)
        rc =
            srv_error_set(err, CAT_ENOTFOUND, "Version %lld of table %s not found.", version, name);
    else
        rc = sq_sqlerr(st, err);
    sq_reset(stmt);
    return rc;
}

int sq_version_list(struct store *st, const char *catalog, const char *db, const char *name,
                    long long before, int limit, size_t max_bytes, json_t **out, int *more,
                    struct srv_error *err)
{
    struct table_ref ref;
    sqlite3_stmt *stmt;
    json_t *list;
    size_t bytes = 0;
    int rc, n = 0;
    *out = NULL;
    *more = 0;
    if ((rc = table_ref(st, catalog, db, name, &ref, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_VER_LIST, err)) == NULL)
        return err->code;
    list = json_array();
    sqlite3_bind_int64(stmt, 1, ref.id);
    sqlite3_bind_int64(stmt, 2, before < 0 ? (sqlite3_int64)0x7fffffffffffffffLL : before);
    sqlite3_bind_int(stmt, 3, limit + 1);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        json_t *t;
        if (n == limit || (max_bytes && n > 0 && bytes >= max_bytes)) {
            *more = 1;
            break;
        }
        if ((t = snapshot_load(stmt, 0, db)) != NULL) {
            if (max_bytes)
                bytes += json_dumpb(t, NULL, 0, JSON_COMPACT);
            json_array_append_new(list, t);
        }
        n++;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        rc = sq_sqlerr(st, err);
        sq_reset(stmt);
        json_decref(list);
        return rc;
    }
    sq_reset(stmt);
    *out = list;
    return CAT_OK;
}

int sq_version_delete(struct store *st, const char *catalog, const char *db, const char *name,
                      long long version, struct srv_error *err)
{
    struct table_ref ref;
    sqlite3_stmt *stmt;
    int rc;
    if ((rc = table_ref(st, catalog, db, name, &ref, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_VER_DELETE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, ref.id);
    sqlite3_bind_int64(stmt, 2, version);
    if ((rc = row_step_done(st, stmt, err)) != CAT_OK)
        return rc;
    if (sqlite3_changes(SQ(st)->db) == 0)
        return srv_error_set(err, CAT_ENOTFOUND, "Version %lld of table %s not found.", version,
                             name);
    return CAT_OK;
}

/* ================================================================ */
/* Tables opened for partition work.                                  */

/* Uncached: the table is read (sqlite_store.c places the table cache over it). */
int sq_ptable_open(struct store *st, const char *catalog, const char *db, const char *name,
                   struct store_ptable *pt, struct srv_error *err)
{
    struct table_ref ref;
    int rc;
    memset(pt, 0, sizeof(*pt));
    if ((rc = table_ref(st, catalog, db, name, &ref, err)) != CAT_OK ||
        (rc = sq_table_get(st, catalog, db, name, &pt->table, err)) != CAT_OK)
        return rc;
    pt->id = ref.id;
    pt->sd_id = ref.sd_id;
    shape_ptable_keys(pt);
    pt->sd_cache = json_object();
    return CAT_OK;
}

void sq_ptable_close(struct store_ptable *pt)
{
    if (pt == NULL)
        return;
    json_decref(pt->table);
    json_decref(pt->sd_cache);
    json_decref(pt->base_sd);
    pt->table = pt->sd_cache = pt->base_sd = NULL;
}

/* ================================================================ */
/* Row ids for the store's other files (sqlite_int.h).                */

int row_db_id(struct store *st, const char *catalog, const char *name, long long *id,
              struct srv_error *err)
{
    sqlite3_int64 v = 0;
    int rc = db_id(st, catalog, name, &v, err);
    *id = v;
    return rc;
}

int row_table_id(struct store *st, const char *catalog, const char *db, const char *name,
                 long long *id, struct srv_error *err)
{
    struct table_ref ref;
    int rc = table_ref(st, catalog, db, name, &ref, err);
    *id = rc == CAT_OK ? ref.id : 0;
    return rc;
}
