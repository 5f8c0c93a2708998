/* pg_udf.c -- PostgreSQL store of user-defined functions, and of tags and resource policies:
** sqlite_udf.c, translated. */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/pg/pg_int.h"
#include "store/pg/pg_row.h"
#include "store/pg/pg_words.h"
#include "store/shape.h"

/* Each statement names the database by (catalog $1, name $2) and reports in its first column
** whether it exists, so that one round trip answers both. */
static const char SQL_UDF_INSERT[] =
    "WITH d AS (SELECT id FROM databases WHERE catalog_id = $1 AND name = $2),"
    " ins AS (INSERT INTO functions (db_id, name, create_time, body)"
    " SELECT id, $3::text, $4::float8, $5::text FROM d ON CONFLICT (db_id, name) DO NOTHING"
    " RETURNING 1)"
    " SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM ins)";
/* Columns: database id (NULL: no such database), then d.name, f.name, f.create_time, f.body,
** f.id (NULL: no such function). */
static const char SQL_UDF_GET[] =
    "SELECT d.id, d.name, f.name, f.create_time, f.body, f.id FROM databases d"
    " LEFT JOIN functions f ON f.db_id = d.id AND f.name = $3"
    " WHERE d.catalog_id = $1 AND d.name = $2";
/* Rename or rewrite function $3 as $4 with body $5: counts of the database, of function $3,
** of another function named $4, and of rows changed. */
static const char SQL_UDF_UPDATE[] =
    "WITH d AS (SELECT id FROM databases WHERE catalog_id = $1 AND name = $2),"
    " f AS (SELECT f.id FROM functions f JOIN d ON f.db_id = d.id WHERE f.name = $3),"
    " c AS (SELECT 1 FROM functions x JOIN d ON x.db_id = d.id"
    " WHERE x.name = $4::text AND $4::text <> $3),"
    " u AS (UPDATE functions SET name = $4::text, body = $5::text WHERE id = (SELECT id FROM f)"
    " AND NOT EXISTS (SELECT 1 FROM c) RETURNING 1)"
    " SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM f), (SELECT count(*) FROM c),"
    " (SELECT count(*) FROM u)";
static const char SQL_UDF_DELETE[] =
    "WITH d AS (SELECT id FROM databases WHERE catalog_id = $1 AND name = $2),"
    " del AS (DELETE FROM functions WHERE db_id = (SELECT id FROM d) AND name = $3 RETURNING 1)"
    " SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM del)";
/* Columns as SQL_UDF_GET's 1..4. */
static const char SQL_UDF_LIST[] =
    "SELECT d.id, d.name, f.name, f.create_time, f.body FROM functions f JOIN databases d"
    " ON d.id = f.db_id WHERE d.catalog_id = $1 AND ($2::text IS NULL OR d.name = $2)"
    " AND (d.name, f.name) > ($3, $4) ORDER BY d.name, f.name LIMIT $5";
static const char SQL_DB_EXISTS[] = "SELECT 1 FROM databases WHERE catalog_id = $1 AND name = $2";

static int db_not_found(struct srv_error *err, const char *db)
{
    return srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", db);
}

static int udf_not_found(struct srv_error *err, const char *name)
{
    return srv_error_set(err, CAT_ENOTFOUND, "Function %s not found.", name);
}

/* The UserDefinedFunction of row ROW of a SQL_UDF_GET/LIST result (columns 1..4). */
static json_t *udf_from_row(const PGresult *r, int row, const char *catalog)
{
    json_t *fn = json_object();
    pg_set_extra(fn, r, row, 4);
    pg_set_str(fn, "FunctionName", r, row, 2);
    pg_set_str(fn, "DatabaseName", r, row, 1);
    pg_set_num(fn, "CreateTime", r, row, 3);
    json_object_set_new(fn, "CatalogId", json_string(catalog));
    return fn;
}

/* FN's members but its own columns, as compact JSON ("{}" when none): the body. */
static char *udf_body(const json_t *fn)
{
    char *body = shape_extra_dump(fn, SHAPE_UDF_KNOWN);
    return body ? body : xstrdup("{}");
}

int pg_udf_insert(struct store *st, const char *catalog, const char *db, const json_t *fn,
                  struct srv_error *err)
{
    const char *name = json_string_value(json_object_get(fn, "FunctionName"));
    struct pg_args a;
    PGresult *r;
    int rc;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, db);
    pg_arg_text(&a, name);
    pg_arg_jnum(&a, fn, "CreateTime");
    pg_arg_owned(&a, udf_body(fn));
    rc = pg_query(st, SQL_UDF_INSERT, &a, &r, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (pg_get_int(r, 0, 0) == 0)
        rc = db_not_found(err, db);
    else if (pg_get_int(r, 0, 1) == 0)
        rc = srv_error_set(err, CAT_EEXISTS, "Function %s already exists.", name);
    PQclear(r);
    return rc;
}

/* Find function NAME of DB: *ID its row id, and with OUT, *OUT the function.  ENOTFOUND. */
static int udf_find(struct store *st, const char *catalog, const char *db, const char *name,
                    json_t **out, long long *id, struct srv_error *err)
{
    struct pg_args a;
    PGresult *r;
    int rc;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, db);
    pg_arg_text(&a, name);
    rc = pg_query(st, SQL_UDF_GET, &a, &r, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(r) == 0) {
        rc = db_not_found(err, db);
    } else if (pg_get(r, 0, 5) == NULL) {
        rc = udf_not_found(err, name);
    } else {
        if (out)
            *out = udf_from_row(r, 0, catalog);
        *id = pg_get_int(r, 0, 5);
    }
    PQclear(r);
    return rc;
}

int pg_udf_get(struct store *st, const char *catalog, const char *db, const char *name,
               json_t **out, struct srv_error *err)
{
    long long id;
    *out = NULL;
    return udf_find(st, catalog, db, name, out, &id, err);
}

int pg_udf_replace(struct store *st, const char *catalog, const char *db, const char *name,
                   const json_t *fn, struct srv_error *err)
{
    const char *to = json_string_value(json_object_get(fn, "FunctionName"));
    struct pg_args a;
    PGresult *r;
    int rc;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, db);
    pg_arg_text(&a, name);
    pg_arg_text(&a, to);
    pg_arg_owned(&a, udf_body(fn));
    rc = pg_query(st, SQL_UDF_UPDATE, &a, &r, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (pg_get_int(r, 0, 0) == 0)
        rc = db_not_found(err, db);
    else if (pg_get_int(r, 0, 1) == 0)
        rc = udf_not_found(err, name);
    else if (pg_get_int(r, 0, 2) > 0)
        rc = srv_error_set(err, CAT_EEXISTS, "Function %s already exists.", to);
    PQclear(r);
    return rc;
}

int pg_udf_delete(struct store *st, const char *catalog, const char *db, const char *name,
                  struct srv_error *err)
{
    struct pg_args a;
    PGresult *r;
    int rc;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, db);
    pg_arg_text(&a, name);
    rc = pg_query(st, SQL_UDF_DELETE, &a, &r, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (pg_get_int(r, 0, 0) == 0)
        rc = db_not_found(err, db);
    else if (pg_get_int(r, 0, 1) == 0)
        rc = udf_not_found(err, name);
    PQclear(r);
    return rc;
}

int pg_udf_list(struct store *st, const char *catalog, const char *db, const char *after_db,
                const char *after_name, int limit, size_t max_bytes, store_name_filter *filter,
                void *fctx, json_t **out, int *more, struct srv_error *err)
{
    /* Rows come in batches (the filter may skip some): each resumes after the last row read. */
    int batch = limit + 1 + (filter ? 100 : 0), fetched = 0, rc = CAT_OK, done = 0;
    char *resume_db = NULL, *resume_name = NULL;
    json_t *list = json_array();
    size_t bytes = 0;
    *out = NULL;
    *more = 0;
    while (!done) {
        struct pg_args a;
        PGresult *r;
        int i, n;
        pg_args_init(&a);
        pg_arg_text(&a, catalog);
        if (db)
            pg_arg_text(&a, db);
        else
            pg_arg_null(&a);
        pg_arg_text(&a, resume_db ? resume_db : after_db ? after_db : "");
        pg_arg_text(&a, resume_name ? resume_name : after_name ? after_name : "");
        pg_arg_int(&a, batch);
        rc = pg_query(st, SQL_UDF_LIST, &a, &r, err);
        pg_args_free(&a);
        if (rc != CAT_OK)
            break;
        n = PQntuples(r);
        fetched += n;
        for (i = 0; i < n; i++) {
            if (filter && !filter(fctx, pg_get(r, i, 2)))
                continue;
            if ((int)json_array_size(list) >= limit || (max_bytes && bytes >= max_bytes)) {
                *more = 1;
                break;
            }
            json_array_append_new(list, udf_from_row(r, i, catalog));
            bytes += (size_t)PQgetlength(r, i, 4) + 128;
        }
        done = *more || n < batch;
        if (!done) {
            free(resume_db);
            free(resume_name);
            resume_db = xstrdup(pg_get(r, n - 1, 1));
            resume_name = xstrdup(pg_get(r, n - 1, 2));
        }
        PQclear(r);
    }
    free(resume_db);
    free(resume_name);
    if (rc == CAT_OK && db && fetched == 0) { /* no rows: is there such a database? */
        struct pg_args a;
        PGresult *r;
        pg_args_init(&a);
        pg_arg_text(&a, catalog);
        pg_arg_text(&a, db);
        rc = pg_query(st, SQL_DB_EXISTS, &a, &r, err);
        pg_args_free(&a);
        if (rc == CAT_OK) {
            if (PQntuples(r) == 0)
                rc = db_not_found(err, db);
            PQclear(r);
        }
    }
    if (rc != CAT_OK) {
        json_decref(list);
        *more = 0;
        return rc;
    }
    *out = list;
    return CAT_OK;
}

/* ================================================================ */
/* Tags.                                                              */

/* Set the keys $3 to the values $4 (arrays of equal length). */
static const char SQL_TAG_SET[] =
    "INSERT INTO resource_tags (kind, owner, key, value)"
    " SELECT $1::text, $2::bigint, k, v FROM unnest($3::text[], $4::text[]) AS a (k, v)"
    " ON CONFLICT (kind, owner, key) DO UPDATE SET value = excluded.value";
static const char SQL_TAG_DEL[] =
    "DELETE FROM resource_tags WHERE kind = $1 AND owner = $2 AND key = ANY ($3::text[])";
static const char SQL_TAG_LIST[] =
    "SELECT key, value FROM resource_tags WHERE kind = $1 AND owner = $2 ORDER BY key";

static int udf_id(struct store *st, const char *catalog, const char *db, const char *name,
                  long long *id, struct srv_error *err)
{
    return udf_find(st, catalog, db, name, NULL, id, err);
}

static const struct shape_ids TAGGED = {pg_db_id, pg_table_id, udf_id};

/* Run SQL with $1 KIND, $2 OWNER, $3 KEYS and with VALUES $4 (array literals, owned). */
static int tag_exec(struct store *st, const char *sql, enum store_tag_kind kind, long long owner,
                    char *keys, char *values, struct srv_error *err)
{
    struct pg_args a;
    int rc;
    pg_args_init(&a);
    pg_arg_text(&a, SHAPE_TAG_KIND[kind]);
    pg_arg_int(&a, owner);
    pg_arg_owned(&a, keys);
    if (values)
        pg_arg_owned(&a, values);
    rc = pg_exec(st, sql, &a, NULL, err);
    pg_args_free(&a);
    return rc;
}

int pg_tags_update(struct store *st, const char *catalog, enum store_tag_kind kind, const char *db,
                   const char *name, const json_t *add, const json_t *remove, json_t **out,
                   struct srv_error *err)
{
    struct sbuf keys = {0}, values = {0};
    const char *key;
    json_t *v;
    long long owner;
    size_t i, n = 0;
    int rc;
    if (out)
        *out = NULL;
    if ((rc = shape_tag_owner(&TAGGED, st, catalog, kind, db, name, &owner, err)) != CAT_OK)
        return rc;
    if (json_object_size(add) > 0) {
        pg_array_open(&keys);
        pg_array_open(&values);
        json_object_foreach((json_t *)add, key, v) {
            pg_array_text(&keys, key);
            pg_array_text(&values, json_string_value(v) ? json_string_value(v) : "");
        }
        pg_array_close(&keys);
        pg_array_close(&values);
        if ((rc = tag_exec(st, SQL_TAG_SET, kind, owner, keys.p, values.p, err)) != CAT_OK)
            return rc;
        keys = (struct sbuf){0};
    }
    pg_array_open(&keys);
    json_array_foreach(remove, i, v) {
        if (json_is_string(v)) {
            pg_array_text(&keys, json_string_value(v));
            n++;
        }
    }
    pg_array_close(&keys);
    if (n == 0)
        free(keys.p);
    else if ((rc = tag_exec(st, SQL_TAG_DEL, kind, owner, keys.p, NULL, err)) != CAT_OK)
        return rc;
    if (out == NULL)
        return CAT_OK;
    {
        struct pg_args a;
        PGresult *r;
        json_t *tags;
        int row;
        pg_args_init(&a);
        pg_arg_text(&a, SHAPE_TAG_KIND[kind]);
        pg_arg_int(&a, owner);
        rc = pg_query(st, SQL_TAG_LIST, &a, &r, err);
        pg_args_free(&a);
        if (rc != CAT_OK)
            return rc;
        tags = json_object();
        for (row = 0; row < PQntuples(r); row++)
            json_object_set_new(tags, pg_get(r, row, 0), json_string(pg_get(r, row, 1)));
        PQclear(r);
        *out = tags;
    }
    return CAT_OK;
}

/* ================================================================ */
/* Resource policies.                                                 */

static const char SQL_POLICY_GET[] =
    "SELECT policy, hash, create_time, update_time FROM resource_policies"
    " WHERE catalog_id = $1 AND arn = $2";
static const char SQL_POLICY_PUT[] =
    "INSERT INTO resource_policies (catalog_id, arn, policy, hash, create_time, update_time)"
    " VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (catalog_id, arn) DO UPDATE"
    " SET policy = excluded.policy, hash = excluded.hash, update_time = excluded.update_time";

int pg_policy_get(struct store *st, const char *catalog, const char *arn, json_t **out,
                  struct srv_error *err)
{
    struct pg_args a;
    PGresult *r;
    int rc;
    *out = NULL;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, arn);
    rc = pg_query(st, SQL_POLICY_GET, &a, &r, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(r) == 0) {
        rc = srv_error_set(err, CAT_ENOTFOUND, "Policy not found.");
    } else {
        json_t *p = json_object();
        pg_set_str(p, "PolicyInJson", r, 0, 0);
        pg_set_str(p, "PolicyHash", r, 0, 1);
        pg_set_num(p, "CreateTime", r, 0, 2);
        pg_set_num(p, "UpdateTime", r, 0, 3);
        *out = p;
    }
    PQclear(r);
    return rc;
}

int pg_policy_put(struct store *st, const char *catalog, const char *arn, const char *policy,
                  const char *hash, struct srv_error *err)
{
    struct pg_args a;
    int rc;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, arn);
    pg_arg_text(&a, policy);
    pg_arg_text(&a, hash);
    pg_arg_num(&a, util_now());
    rc = pg_exec(st, SQL_POLICY_PUT, &a, NULL, err);
    pg_args_free(&a);
    return rc;
}

int pg_policy_arns(struct store *st, const char *catalog, json_t **out, struct srv_error *err)
{
    static const char SQL[] =
        "SELECT arn FROM resource_policies WHERE catalog_id = $1 ORDER BY arn";
    struct pg_args a;
    PGresult *r;
    json_t *list;
    int rc, row;
    *out = NULL;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    rc = pg_query(st, SQL, &a, &r, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    list = json_array();
    for (row = 0; row < PQntuples(r); row++)
        json_array_append_new(list, json_string(pg_get(r, row, 0)));
    PQclear(r);
    *out = list;
    return CAT_OK;
}
