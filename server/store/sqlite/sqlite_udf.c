/* sqlite_udf.c -- SQLite store of user-defined functions, and of tags and resource policies. */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/shape.h"
#include "store/sqlite/sqlite_int.h"
#include "store/sqlite/sqlite_row.h"

static const char SQL_UDF_INSERT[] =
    "INSERT INTO functions (db_id, name, create_time, body) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_UDF_GET[] =
    "SELECT d.name, f.name, f.create_time, f.body, f.id FROM functions f JOIN databases d"
    " ON d.id = f.db_id WHERE f.db_id = ?1 AND f.name = ?2";
static const char SQL_UDF_UPDATE[] =
    "UPDATE functions SET name = ?3, body = ?4 WHERE db_id = ?1 AND name = ?2";
static const char SQL_UDF_DELETE[] = "DELETE FROM functions WHERE db_id = ?1 AND name = ?2";
static const char SQL_UDF_LIST[] =
    "SELECT d.name, f.name, f.create_time, f.body FROM functions f JOIN databases d"
    " ON d.id = f.db_id WHERE d.catalog_id = ?1 AND (?2 IS NULL OR d.name = ?2)"
    " AND (d.name, f.name) > (?3, ?4) ORDER BY d.name, f.name";

/* The UserDefinedFunction of the current row of a SQL_UDF_GET/LIST statement. */
static json_t *udf_from_row(sqlite3_stmt *stmt, const char *catalog)
{
    json_t *fn = json_object();
    row_extra_load(fn, stmt, 3);
    row_get_str(fn, "FunctionName", stmt, 1);
    row_get_str(fn, "DatabaseName", stmt, 0);
    row_get_num(fn, "CreateTime", stmt, 2);
    json_object_set_new(fn, "CatalogId", json_string(catalog));
    return fn;
}

static int udf_exists_error(struct srv_error *err, int rc, const char *name)
{
    if (rc == CAT_EEXISTS)
        return srv_error_set(err, CAT_EEXISTS, "Function %s already exists.", name);
    return rc;
}

/* Bind the body (FN's members but its own columns) to parameter 4. */
static void bind_body(sqlite3_stmt *stmt, const json_t *fn)
{
    char *body = shape_extra_dump(fn, SHAPE_UDF_KNOWN);
    row_bind_text_owned(stmt, 4, body ? body : xstrdup("{}"));
}

int sq_udf_insert(struct store *st, const char *catalog, const char *db, const json_t *fn,
                  struct srv_error *err)
{
    const char *name = json_string_value(json_object_get(fn, "FunctionName"));
    sqlite3_stmt *stmt;
    long long dbid;
    int rc;
    if ((rc = row_db_id(st, catalog, db, &dbid, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_UDF_INSERT, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, dbid);
    sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
    row_bind_num(stmt, 3, fn, "CreateTime");
    bind_body(stmt, fn);
    return udf_exists_error(err, row_step_done(st, stmt, err), name);
}

/* Find function NAME of DB: *ID its row id, and with OUT, *OUT the function.  ENOTFOUND. */
static int udf_find(struct store *st, const char *catalog, const char *db, const char *name,
                    json_t **out, long long *id, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    long long dbid;
    int rc;
    if ((rc = row_db_id(st, catalog, db, &dbid, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_UDF_GET, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, dbid);
    sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        if (out)
            *out = udf_from_row(stmt, catalog);
        *id = sqlite3_column_int64(stmt, 4);
        rc = CAT_OK;
    } else if (rc == SQLITE_DONE) {
        rc = srv_error_set(err, CAT_ENOTFOUND, "Function %s not found.", name);
    } else {
        rc = sq_sqlerr(st, err);
    }
    sq_reset(stmt);
    return rc;
}

int sq_udf_get(struct store *st, const char *catalog, const char *db, const char *name,
               json_t **out, struct srv_error *err)
{
    long long id;
    *out = NULL;
    return udf_find(st, catalog, db, name, out, &id, err);
}

/* Run SQL (?1 database id, ?2 function NAME, and with FN ?3 its new name and ?4 body). */
static int udf_change(struct store *st, const char *sql, const char *catalog, const char *db,
                      const char *name, const json_t *fn, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    long long dbid;
    int rc;
    if ((rc = row_db_id(st, catalog, db, &dbid, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, sql, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, dbid);
    sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
    if (fn) {
        row_bind_str(stmt, 3, fn, "FunctionName");
        bind_body(stmt, fn);
    }
    if ((rc = row_step_done(st, stmt, err)) != CAT_OK)
        return fn ? udf_exists_error(err, rc,
                                     json_string_value(json_object_get(fn, "FunctionName")))
                  : rc;
    if (sqlite3_changes(SQ(st)->db) == 0)
        return srv_error_set(err, CAT_ENOTFOUND, "Function %s not found.", name);
    return CAT_OK;
}

int sq_udf_replace(struct store *st, const char *catalog, const char *db, const char *name,
                   const json_t *fn, struct srv_error *err)
{
    return udf_change(st, SQL_UDF_UPDATE, catalog, db, name, fn, err);
}

int sq_udf_delete(struct store *st, const char *catalog, const char *db, const char *name,
                  struct srv_error *err)
{
    return udf_change(st, SQL_UDF_DELETE, catalog, db, name, NULL, err);
}

int sq_udf_list(struct store *st, const char *catalog, const char *db, const char *after_db,
                const char *after_name, int limit, size_t max_bytes, store_name_filter *filter,
                void *fctx, json_t **out, int *more, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    json_t *list;
    size_t bytes = 0;
    long long dbid;
    int rc;
    *out = NULL;
    *more = 0;
    if (db && (rc = row_db_id(st, catalog, db, &dbid, err)) != CAT_OK)
        return rc;
    if ((stmt = sq_prep(st, SQL_UDF_LIST, err)) == NULL)
        return err->code;
    sqlite3_bind_text(stmt, 1, catalog, -1, SQLITE_STATIC);
    if (db)
        sqlite3_bind_text(stmt, 2, db, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, after_db ? after_db : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, after_name ? after_name : "", -1, SQLITE_STATIC);
    list = json_array();
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(stmt, 1);
        json_t *fn;
        if (filter && !filter(fctx, name))
            continue;
        if ((int)json_array_size(list) >= limit || (max_bytes && bytes >= max_bytes)) {
            *more = 1;
            break;
        }
        fn = udf_from_row(stmt, catalog);
        bytes += (size_t)sqlite3_column_bytes(stmt, 3) + 128;
        json_array_append_new(list, fn);
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

/* ================================================================ */
/* Tags.                                                              */

static const char SQL_TAG_SET[] =
    "INSERT OR REPLACE INTO resource_tags (kind, owner, key, value) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_TAG_DEL[] =
    "DELETE FROM resource_tags WHERE kind = ?1 AND owner = ?2 AND key = ?3";
static const char SQL_TAG_LIST[] =
    "SELECT key, value FROM resource_tags WHERE kind = ?1 AND owner = ?2 ORDER BY key";

static int udf_id(struct store *st, const char *catalog, const char *db, const char *name,
                  long long *id, struct srv_error *err)
{
    return udf_find(st, catalog, db, name, NULL, id, err);
}

static const struct shape_ids TAGGED = {row_db_id, row_table_id, udf_id};

/* Run SQL with ?1 KIND, ?2 OWNER, ?3 KEY and ?4 VALUE (when not NULL). */
static int tag_exec(struct store *st, const char *sql, enum store_tag_kind kind, long long owner,
                    const char *key, const char *value, struct srv_error *err)
{
    sqlite3_stmt *stmt = sq_prep(st, sql, err);
    if (stmt == NULL)
        return err->code;
    sqlite3_bind_text(stmt, 1, SHAPE_TAG_KIND[kind], -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, owner);
    sqlite3_bind_text(stmt, 3, key, -1, SQLITE_STATIC);
    if (value)
        sqlite3_bind_text(stmt, 4, value, -1, SQLITE_STATIC);
    return row_step_done(st, stmt, err);
}

int sq_tags_update(struct store *st, const char *catalog, enum store_tag_kind kind, const char *db,
                   const char *name, const json_t *add, const json_t *remove, json_t **out,
                   struct srv_error *err)
{
    const char *key;
    json_t *v;
    long long owner;
    size_t i;
    int rc;
    if (out)
        *out = NULL;
    if ((rc = shape_tag_owner(&TAGGED, st, catalog, kind, db, name, &owner, err)) != CAT_OK)
        return rc;
    json_object_foreach((json_t *)add, key, v) {
        if ((rc = tag_exec(st, SQL_TAG_SET, kind, owner, key,
                           json_string_value(v) ? json_string_value(v) : "", err)) != CAT_OK)
            return rc;
    }
    json_array_foreach(remove, i, v) {
        if (json_is_string(v) && (rc = tag_exec(st, SQL_TAG_DEL, kind, owner, json_string_value(v),
                                                NULL, err)) != CAT_OK)
            return rc;
    }
    if (out == NULL)
        return CAT_OK;
    {
        sqlite3_stmt *stmt = sq_prep(st, SQL_TAG_LIST, err);
        json_t *tags;
        if (stmt == NULL)
            return err->code;
        sqlite3_bind_text(stmt, 1, SHAPE_TAG_KIND[kind], -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 2, owner);
        tags = json_object();
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
            json_object_set_new(tags, (const char *)sqlite3_column_text(stmt, 0),
                                json_string((const char *)sqlite3_column_text(stmt, 1)));
        if (rc != SQLITE_DONE) {
            rc = sq_sqlerr(st, err);
            json_decref(tags);
            sq_reset(stmt);
            return rc;
        }
        sq_reset(stmt);
        *out = tags;
    }
    return CAT_OK;
}

/* ================================================================ */
/* Resource policies.                                                 */

static const char SQL_POLICY_GET[] =
    "SELECT policy, hash, create_time, update_time FROM resource_policies"
    " WHERE catalog_id = ?1 AND arn = ?2";
static const char SQL_POLICY_PUT[] =
    "INSERT INTO resource_policies (catalog_id, arn, policy, hash, create_time, update_time)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (catalog_id, arn) DO UPDATE"
    " SET policy = excluded.policy, hash = excluded.hash, update_time = excluded.update_time";

int sq_policy_get(struct store *st, const char *catalog, const char *arn, json_t **out,
                  struct srv_error *err)
{
    sqlite3_stmt *stmt = sq_prep(st, SQL_POLICY_GET, err);
    int rc;
    *out = NULL;
    if (stmt == NULL)
        return err->code;
    sqlite3_bind_text(stmt, 1, catalog, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, arn, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        json_t *p = json_object();
        row_get_str(p, "PolicyInJson", stmt, 0);
        row_get_str(p, "PolicyHash", stmt, 1);
        row_get_num(p, "CreateTime", stmt, 2);
        row_get_num(p, "UpdateTime", stmt, 3);
        *out = p;
        rc = CAT_OK;
    } else if (rc == SQLITE_DONE) {
        rc = srv_error_set(err, CAT_ENOTFOUND, "Policy not found.");
    } else {
        rc = sq_sqlerr(st, err);
    }
    sq_reset(stmt);
    return rc;
}

int sq_policy_put(struct store *st, const char *catalog, const char *arn, const char *policy,
                  const char *hash, struct srv_error *err)
{
    sqlite3_stmt *stmt = sq_prep(st, SQL_POLICY_PUT, err);
    if (stmt == NULL)
        return err->code;
    sqlite3_bind_text(stmt, 1, catalog, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, arn, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, policy, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, hash, -1, SQLITE_STATIC);
    sqlite3_bind_double(stmt, 5, util_now());
    return row_step_done(st, stmt, err);
}

int sq_policy_arns(struct store *st, const char *catalog, json_t **out, struct srv_error *err)
{
    static const char SQL[] =
        "SELECT arn FROM resource_policies WHERE catalog_id = ?1 ORDER BY arn";
    sqlite3_stmt *stmt = sq_prep(st, SQL, err);
    json_t *list;
    int rc;
    *out = NULL;
    if (stmt == NULL)
        return err->code;
    sqlite3_bind_text(stmt, 1, catalog, -1, SQLITE_STATIC);
    list = json_array();
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        json_array_append_new(list, json_string((const char *)sqlite3_column_text(stmt, 0)));
    if (rc != SQLITE_DONE) {
        rc = sq_sqlerr(st, err);
        sq_reset(stmt);
        json_decref(list);
        return rc;
    }
    sq_reset(stmt);
    *out = list;
    return CAT_OK;
}
