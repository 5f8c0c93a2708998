/* pg_catalog.c -- PostgreSQL rows <-> Glue Database and Table objects; table versions. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/pg/pg_row.h"

/* ================================================================ */
/* Databases.                                                         */

#define DB_COLS                                                                                    \
    "SELECT d.id, d.name, d.description, d.location_uri, d.create_time, d.extra,"                  \
    " (SELECT json_object_agg(p.key, p.value ORDER BY p.key) FROM database_params p"               \
    "  WHERE p.db_id = d.id) FROM databases d"

static const char SQL_DB_ID[] = "SELECT id FROM databases WHERE catalog_id = $1 AND name = $2";
static const char SQL_DB_GET[] = DB_COLS " WHERE d.catalog_id = $1 AND d.name = $2";
static const char SQL_DB_LIST[] = DB_COLS " WHERE d.catalog_id = $1 AND d.name > $2"
                                          " ORDER BY d.name LIMIT $3";
/* The row and its parameters; no row when the name is taken. */
static const char SQL_DB_INSERT[] =
    "WITH d AS (INSERT INTO databases (catalog_id, name, description, location_uri,"
    " create_time, extra) VALUES ($1, $2, $3, $4, $5, $6)"
    " ON CONFLICT (catalog_id, name) DO NOTHING RETURNING id),"
    " p AS (INSERT INTO database_params (db_id, key, value)"
    "  SELECT d.id, j.key, j.value FROM d, json_each_text($7::json) AS j)"
    " SELECT id FROM d";
/* Database $2 of catalog $1 renamed to $3 (unless another one has that name), its members and
** parameters replaced; returns the database's id (NULL: none) and whether the name is taken. */
static const char SQL_DB_REPLACE[] =
    "WITH o AS (SELECT id FROM databases WHERE catalog_id = $1 AND name = $2),"
    " c AS (SELECT 1 FROM databases WHERE catalog_id = $1 AND name = $3 AND name <> $2),"
    " u AS (UPDATE databases SET name = $3, description = $4, location_uri = $5, extra = $6"
    "  WHERE id = (SELECT id FROM o) AND NOT EXISTS (SELECT 1 FROM c) RETURNING id),"
    " dp AS (DELETE FROM database_params WHERE db_id IN (SELECT id FROM u) RETURNING 1),"
    " ip AS (INSERT INTO database_params (db_id, key, value)"
    "  SELECT u.id, j.key, j.value FROM u, json_each_text($7::json) AS j"
    "  WHERE (SELECT count(*) FROM dp) >= 0)" /* after the delete */
    " SELECT (SELECT id FROM o), EXISTS (SELECT 1 FROM c)";
static const char SQL_DB_DELETE[] = "DELETE FROM databases WHERE catalog_id = $1 AND name = $2";

int pg_db_id(struct store *st, const char *catalog, const char *name, long long *id,
             struct srv_error *err)
{
    struct pg_args a;
    PGresult *res = NULL;
    int rc;
    *id = 0;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, name);
    rc = pg_query(st, SQL_DB_ID, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(res) == 1)
        *id = pg_get_int(res, 0, 0);
    else
        rc = srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", name);
    PQclear(res);
    return rc;
}

/* A Database object from ROW of a DB_COLS result. */
static json_t *db_from_row(const char *catalog, const PGresult *r, int row)
{
    json_t *db = json_object();
    pg_set_str(db, "Name", r, row, 1);
    pg_set_str(db, "Description", r, row, 2);
    pg_set_str(db, "LocationUri", r, row, 3);
    pg_set_num(db, "CreateTime", r, row, 4);
    pg_set_extra(db, r, row, 5);
    json_object_set_new(db, "CatalogId", json_string(catalog));
    json_object_set_new(db, "Parameters", pg_row_get_map(r, row, 6));
    return db;
}

int pg_db_insert(struct store *st, const char *catalog, const json_t *db, struct srv_error *err)
{
    struct pg_args a;
    PGresult *res = NULL;
    int rc;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_str(&a, db, "Name");
    pg_arg_str(&a, db, "Description");
    pg_arg_str(&a, db, "LocationUri");
    pg_arg_jnum(&a, db, "CreateTime");
    pg_row_arg_owned_or_null(&a, shape_extra_dump(db, SHAPE_DB_KNOWN));
    pg_arg_owned(&a, pg_row_params_json(json_object_get(db, "Parameters")));
    rc = pg_query(st, SQL_DB_INSERT, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(res) == 0)
        rc = srv_error_set(err, CAT_EEXISTS, "Database %s already exists.",
                           json_string_value(json_object_get(db, "Name")));
    PQclear(res);
    return rc;
}

int pg_db_get(struct store *st, const char *catalog, const char *name, json_t **out,
              struct srv_error *err)
{
    struct pg_args a;
    PGresult *res = NULL;
    int rc;
    *out = NULL;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, name);
    rc = pg_query(st, SQL_DB_GET, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(res) == 1)
        *out = db_from_row(catalog, res, 0);
    else
        rc = srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", name);
    PQclear(res);
    return rc;
}

/* A listing being collected (sqlite_row.c's row_collect rule: it is full after LIMIT objects or
** once they reach MAX_BYTES of compact JSON, at least one; a further row then sets *MORE). */
struct collect {
    json_t *list;
    int limit, n, more;
    size_t max_bytes, bytes;
};

static int collect_full(const struct collect *c)
{
    return c->n == c->limit || (c->max_bytes && c->n > 0 && c->bytes >= c->max_bytes);
}

static void collect_add(struct collect *c, json_t *obj)
{
    if (c->max_bytes)
        c->bytes += json_dumpb(obj, NULL, 0, JSON_COMPACT);
    json_array_append_new(c->list, obj);
    c->n++;
}

int pg_db_list(struct store *st, const char *catalog, const char *after, int limit,
               size_t max_bytes, json_t **out, int *more, struct srv_error *err)
{
    struct collect c = {NULL, limit, 0, 0, max_bytes, 0};
    struct pg_args a;
    PGresult *res = NULL;
    int rc, i;
    *out = NULL;
    *more = 0;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, after ? after : "");
    pg_arg_int(&a, (long long)limit + 1);
    rc = pg_query(st, SQL_DB_LIST, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    c.list = json_array();
    for (i = 0; i < PQntuples(res); i++) {
        if (collect_full(&c)) {
            *more = 1;
            break;
        }
        collect_add(&c, db_from_row(catalog, res, i));
    }
    PQclear(res);
    *out = c.list;
    return CAT_OK;
}

int pg_db_replace(struct store *st, const char *catalog, const char *name, const json_t *db,
                  struct srv_error *err)
{
    const char *new_name = json_string_value(json_object_get(db, "Name"));
    struct pg_args a;
    PGresult *res = NULL;
    long long id = 0;
    int rc, taken;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, name);
    pg_arg_str(&a, db, "Name");
    pg_arg_str(&a, db, "Description");
    pg_arg_str(&a, db, "LocationUri");
    pg_row_arg_owned_or_null(&a, shape_extra_dump(db, SHAPE_DB_KNOWN));
    pg_arg_owned(&a, pg_row_params_json(json_object_get(db, "Parameters")));
    rc = pg_query(st, SQL_DB_REPLACE, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return pg_row_internal(err);
    }
    if (pg_get(res, 0, 0) == NULL)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", name);
    id = pg_get_int(res, 0, 0);
    taken = pg_get(res, 0, 1) && pg_get(res, 0, 1)[0] == 't';
    PQclear(res);
    if (rc != CAT_OK)
        return rc;
    if (taken)
        return srv_error_set(err, CAT_EEXISTS, "Database %s already exists.", new_name);
    if (new_name && strcmp(new_name, name) != 0) /* renamed: the tables' search rows */
        return pg_search_refresh_db(st, id, err);
    return CAT_OK;
}

int pg_db_delete(struct store *st, const char *catalog, const char *name, struct srv_error *err)
{
    struct pg_args a;
    long long n = 0;
    int rc;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, name);
    rc = pg_exec(st, SQL_DB_DELETE, &a, &n, err);
    pg_args_free(&a);
    if (rc == CAT_OK && n == 0)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", name);
    return rc;
}

/* ================================================================ */
/* Tables.                                                            */

#define TABLE_COLS PG_ROW_TABLE_COLS

static const char SQL_TABLE_GET[] =
    TABLE_COLS " FROM databases d LEFT JOIN tables t ON t.db_id = d.id AND t.name = $3"
               " LEFT JOIN storage_descriptors s ON s.id = t.sd_id"
               " WHERE d.catalog_id = $1 AND d.name = $2";
static const char SQL_TABLE_LIST[] =
    TABLE_COLS " FROM databases d LEFT JOIN LATERAL (SELECT * FROM tables x"
               "  WHERE x.db_id = d.id AND x.name > $3 ORDER BY x.name LIMIT $4) t ON true"
               " LEFT JOIN storage_descriptors s ON s.id = t.sd_id"
               " WHERE d.catalog_id = $1 AND d.name = $2 ORDER BY t.name";
static const char SQL_TABLE_NAMES[] =
    "SELECT d.id, t.name FROM databases d LEFT JOIN tables t ON t.db_id = d.id AND t.name > $3"
    " WHERE d.catalog_id = $1 AND d.name = $2 ORDER BY t.name";
static const char SQL_TABLE_BY_NAMES[] =
    TABLE_COLS " FROM databases d JOIN tables t ON t.db_id = d.id"
               " LEFT JOIN storage_descriptors s ON s.id = t.sd_id"
               " WHERE d.id = $1 AND t.name IN (SELECT json_array_elements_text($2::json))"
               " ORDER BY t.name";
static const char SQL_TABLE_REF[] = "SELECT d.id, t.id, t.sd_id, t.version_id FROM databases d"
                                    " LEFT JOIN tables t ON t.db_id = d.id AND t.name = $3"
                                    " WHERE d.catalog_id = $1 AND d.name = $2";
/* The row (sd_id set afterwards) when database $1/$2 exists and the name is free; returns
** the database's id (no row: no database) and the table's (NULL: the name is taken). */
static const char SQL_TABLE_INSERT[] =
    "WITH d AS (SELECT id FROM databases WHERE catalog_id = $1 AND name = $2),"
    " t AS (INSERT INTO tables (db_id, name, description, owner, create_time, update_time,"
    "  last_access_time, last_analyzed_time, retention, sd_id, view_original_text,"
    "  view_expanded_text, table_type, version_id, extra)"
    "  SELECT d.id, $3, $4, $5, $6::double precision, $7::double precision,"
    "  $8::double precision, $9::double precision, $10::bigint, NULL, $11, $12, $13, 0, $14"
    "  FROM d ON CONFLICT (db_id, name) DO NOTHING RETURNING id)"
    " SELECT d.id, (SELECT id FROM t) FROM d";
/* Table $1 at version $2: its members, descriptor $4, version $3, parameters ($17, an object)
** and partition keys ($18: [[Name, Type, Comment, Parameters text], ...]); the replaced
** descriptor $16 goes unless partitions were written against it.  Returns the rows updated
** (0: the version moved, and nothing else changed). */
static const char SQL_TABLE_UPDATE[] =
    "WITH u AS (UPDATE tables SET description = $5, owner = $6, create_time = $7,"
    "  update_time = $8, last_access_time = $9, last_analyzed_time = $10, retention = $11,"
    "  sd_id = $4, view_original_text = $12, view_expanded_text = $13, table_type = $14,"
    "  version_id = $3, extra = $15 WHERE id = $1 AND version_id = $2 RETURNING id),"
    " s AS (DELETE FROM storage_descriptors WHERE id = $16::bigint"
    "  AND EXISTS (SELECT 1 FROM u)"
    "  AND NOT EXISTS (SELECT 1 FROM partitions WHERE table_id = $1 AND sd_id = $16::bigint)),"
    " dp AS (DELETE FROM table_params WHERE table_id IN (SELECT id FROM u) RETURNING 1),"
    " dk AS (DELETE FROM partition_keys WHERE table_id IN (SELECT id FROM u) RETURNING 1),"
    " ip AS (INSERT INTO table_params (table_id, key, value)"
    "  SELECT u.id, j.key, j.value FROM u, json_each_text($17::json) AS j"
    "  WHERE (SELECT count(*) FROM dp) >= 0)," /* after the delete */
    " ik AS (INSERT INTO partition_keys (table_id, pos, name, type, comment, params)"
    "  SELECT u.id, x.o - 1, x.k->>0, x.k->>1, x.k->>2, x.k->>3"
    "  FROM u, json_array_elements($18::json) WITH ORDINALITY AS x(k, o)"
    "  WHERE (SELECT count(*) FROM dk) >= 0)"
    " SELECT count(*) FROM u";
/* New table $1's parameters ($2, an object) and partition keys ($3: [[Name, Type, Comment,
** Parameters text], ...]); its descriptor becomes $4 when not NULL. */
static const char SQL_TABLE_CHILDREN[] =
    "WITH ip AS (INSERT INTO table_params (table_id, key, value)"
    "  SELECT $1::bigint, j.key, j.value FROM json_each_text($2::json) AS j),"
    " u AS (UPDATE tables SET sd_id = $4::bigint WHERE id = $1::bigint AND $4::bigint IS NOT NULL)"
    " INSERT INTO partition_keys (table_id, pos, name, type, comment, params)"
    " SELECT $1::bigint, x.o - 1, x.k->>0, x.k->>1, x.k->>2, x.k->>3"
    " FROM json_array_elements($3::json) WITH ORDINALITY AS x(k, o)";
static const char SQL_TABLE_DELETE[] =
    "WITH d AS (SELECT id FROM databases WHERE catalog_id = $1 AND name = $2),"
    " t AS (DELETE FROM tables WHERE db_id = (SELECT id FROM d) AND name = $3 RETURNING id)"
    " SELECT d.id, (SELECT count(*) FROM t) FROM d";

static const char SQL_TABLE_RENAME[] =
    "UPDATE tables SET db_id = $3, name = $4, version_id = $5, update_time = $6::double precision"
    " WHERE id = $1 AND version_id = $2";

struct table_ref {
    long long db_id, id, sd_id; /* sd_id 0 = none */
    long long version;
};

/* *REF from ROW of a TABLE_COLS or SQL_TABLE_REF result (columns 0, 1, SD, VERSION). */
static void ref_from_row(const PGresult *r, int row, int sd, int version, struct table_ref *ref)
{
    ref->db_id = pg_get_int(r, row, 0);
    ref->id = pg_get_int(r, row, 1);
    ref->sd_id = pg_get(r, row, sd) ? pg_get_int(r, row, sd) : 0;
    ref->version = pg_get_int(r, row, version);
}

/* Resolve database DB and table NAME in one statement.  ENOTFOUND with Glue's text for
** either. */
static int table_ref(struct store *st, const char *catalog, const char *db, const char *name,
                     struct table_ref *ref, struct srv_error *err)
{
    struct pg_args a;
    PGresult *res = NULL;
    int rc;
    memset(ref, 0, sizeof(*ref));
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, db);
    pg_arg_text(&a, name);
    rc = pg_query(st, SQL_TABLE_REF, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(res) == 0)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", db);
    else if (pg_get(res, 0, 1) == NULL)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Table %s not found.", name);
    else
        ref_from_row(res, 0, 2, 3, ref);
    PQclear(res);
    return rc;
}

/* The whole table NAME of DB (*OUT) and its row ids (*REF, may be NULL), in one statement.
** ENOTFOUND for the database or the table. */
static int table_load(struct store *st, const char *catalog, const char *db, const char *name,
                      json_t **out, struct table_ref *ref, struct srv_error *err)
{
    struct pg_args a;
    PGresult *res = NULL;
    int rc;
    *out = NULL;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, db);
    pg_arg_text(&a, name);
    rc = pg_query(st, SQL_TABLE_GET, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(res) == 0)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", db);
    else if (pg_get(res, 0, 1) == NULL)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Table %s not found.", name);
    else if ((*out = pg_row_table_from_row(catalog, res, 0)) == NULL)
        rc = pg_row_internal(err);
    else if (ref)
        ref_from_row(res, 0, 11, 15, ref);
    PQclear(res);
    return rc;
}

int pg_table_id(struct store *st, const char *catalog, const char *db, const char *name,
                long long *id, struct srv_error *err)
{
    struct table_ref ref;
    int rc = table_ref(st, catalog, db, name, &ref, err);
    *id = rc == CAT_OK ? ref.id : 0;
    return rc;
}

int pg_table_get(struct store *st, const char *catalog, const char *db, const char *name,
                 json_t **out, struct srv_error *err)
{
    return table_load(st, catalog, db, name, out, NULL, err);
}

int pg_table_text(struct store *st, const char *catalog, const char *db, const char *name,
                  store_table_render_fn *render, char **text, struct srv_error *err)
{
    struct pg_conn *pc = PG(st);
    struct pg_tcache *tc = pc->in_txn || pc->snapshot ? NULL : pg_pool_tcache(pc->pool);
    unsigned long long gen = 0;
    json_t *t = NULL;
    int rc;
    *text = NULL;
    if (tc && pg_tcache_checked(tc) && pg_tcache_sync(tc, pc) != 0)
        tc = NULL; /* not listening, or the round trip failed: read the database */
    if (tc && pg_tcache_get(tc, catalog, db, name, render, text, &gen))
        return CAT_OK;
    if ((rc = table_load(st, catalog, db, name, &t, NULL, err)) != CAT_OK)
        return rc;
    *text = render(t);
    json_decref(t);
    if (*text == NULL)
        return srv_error_set(err, CAT_ENOMEM, "Out of memory.");
    if (tc)
        pg_tcache_put(tc, gen, catalog, db, name, render, *text);
    return CAT_OK;
}

/* Add the tables of the rows of R (a TABLE_COLS result whose table id may be NULL) to C;
** *MORE = 1 when a row is left over once C is full. */
static int collect_tables(const char *catalog, const PGresult *r, struct collect *c, int *more,
                          struct srv_error *err)
{
    int i;
    for (i = 0; i < PQntuples(r); i++) {
        json_t *t;
        if (pg_get(r, i, 1) == NULL) /* the database has no such tables */
            continue;
        if (collect_full(c)) {
            *more = 1;
            break;
        }
        if ((t = pg_row_table_from_row(catalog, r, i)) == NULL)
            return pg_row_internal(err);
        collect_add(c, t);
    }
    return CAT_OK;
}

/* With a filter: the names after AFTER first (one statement), then the whole tables of the
** first LIMIT + 1 names it keeps (another), so that rejected tables are never loaded. */
static int table_list_filtered(struct store *st, const char *catalog, const char *db,
                               const char *after, store_name_filter *filter, void *ctx,
                               struct collect *c, int *more, struct srv_error *err)
{
    struct pg_args a;
    PGresult *res = NULL;
    json_t *names;
    long long dbid;
    int rc, i;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, db);
    pg_arg_text(&a, after ? after : "");
    rc = pg_query(st, SQL_TABLE_NAMES, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(res) == 0) {
        PQclear(res);
        return srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", db);
    }
    dbid = pg_get_int(res, 0, 0);
    names = json_array();
    for (i = 0; i < PQntuples(res) && (long long)json_array_size(names) <= (long long)c->limit;
         i++) {
        const char *n = pg_get(res, i, 1);
        if (n && filter(ctx, n))
            json_array_append_new(names, json_string(n));
    }
    PQclear(res);
    if (json_array_size(names) == 0) {
        json_decref(names);
        return CAT_OK;
    }
    pg_args_init(&a);
    pg_arg_int(&a, dbid);
    pg_arg_owned(&a, json_dumps(names, JSON_COMPACT));
    json_decref(names);
    rc = pg_query(st, SQL_TABLE_BY_NAMES, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    rc = collect_tables(catalog, res, c, more, err);
    PQclear(res);
    return rc;
}

int pg_table_list(struct store *st, const char *catalog, const char *db, const char *after,
                  int limit, size_t max_bytes, store_name_filter *filter, void *ctx, json_t **out,
                  int *more, struct srv_error *err)
{
    struct collect c = {NULL, limit, 0, 0, max_bytes, 0};
    struct pg_args a;
    PGresult *res = NULL;
    int rc;
    *out = NULL;
    *more = 0;
    c.list = json_array();
    if (filter) {
        /* two statements: one snapshot, so that a table dropped in between does not end the
        ** listing early (a kept name with no row left would hide the names after it) */
        struct store *snap = NULL;
        if (!PG(st)->in_txn && !PG(st)->snapshot) {
            if ((rc = pg_snapshot_begin(st, err)) != CAT_OK) {
                json_decref(c.list);
                return rc;
            }
            snap = st;
        }
        rc = table_list_filtered(st, catalog, db, after, filter, ctx, &c, more, err);
        pg_snapshot_end(snap);
    } else {
        pg_args_init(&a);
        pg_arg_text(&a, catalog);
        pg_arg_text(&a, db);
        pg_arg_text(&a, after ? after : "");
        pg_arg_int(&a, (long long)limit + 1);
        rc = pg_query(st, SQL_TABLE_LIST, &a, &res, err);
        pg_args_free(&a);
        if (rc == CAT_OK) {
            if (PQntuples(res) == 0)
                rc = srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", db);
            else
                rc = collect_tables(catalog, res, &c, more, err);
            PQclear(res);
        }
    }
    if (rc != CAT_OK) {
        json_decref(c.list);
        *more = 0;
        return rc;
    }
    *out = c.list;
    return CAT_OK;
}

/* Append the arguments the table row takes from TBL (11 of them): Description, Owner,
** CreateTime, UpdateTime, LastAccessTime, LastAnalyzedTime, Retention, ViewOriginalText,
** ViewExpandedText, TableType, the other members. */
static void table_args(struct pg_args *a, const json_t *tbl)
{
    pg_arg_str(a, tbl, "Description");
    pg_arg_str(a, tbl, "Owner");
    pg_arg_jnum(a, tbl, "CreateTime");
    pg_arg_jnum(a, tbl, "UpdateTime");
    pg_arg_jnum(a, tbl, "LastAccessTime");
    pg_arg_jnum(a, tbl, "LastAnalyzedTime");
    pg_arg_jint(a, tbl, "Retention");
    pg_arg_str(a, tbl, "ViewOriginalText");
    pg_arg_str(a, tbl, "ViewExpandedText");
    pg_arg_str(a, tbl, "TableType");
    pg_row_arg_owned_or_null(a, shape_extra_dump(tbl, SHAPE_TABLE_KNOWN));
}

/* [[Name, Type, Comment, Parameters as JSON text], ...] of partition keys KEYS. */
static char *pkeys_json(const json_t *keys)
{
    json_t *arr = json_array(), *k;
    size_t i;
    char *text;
    json_array_foreach(keys, i, k) {
        const json_t *params = json_object_get(k, "Parameters");
        const char *const names[] = {"Name", "Type", "Comment"};
        json_t *e = json_array();
        size_t j;
        for (j = 0; j < 3; j++) {
            const char *v = json_string_value(json_object_get(k, names[j]));
            json_array_append_new(e, v ? json_string(v) : json_null());
        }
        if (json_is_object(params)) {
            char *p = json_dumps(params, JSON_COMPACT);
            json_array_append_new(e, p ? json_string(p) : json_null());
            free(p);
        } else {
            json_array_append_new(e, json_null());
        }
        json_array_append_new(arr, e);
    }
    text = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    if (text == NULL)
        abort(); /* out of memory */
    return text;
}

/* Save the rows that hang off new table TABLE_ID (parameters, partition keys) from TBL, set
** its descriptor to SD_ID when not 0, and write its search row. */
static int table_children_save(struct store *st, long long table_id, const json_t *tbl,
                               long long sd_id, struct srv_error *err)
{
    const json_t *keys = json_object_get(tbl, "PartitionKeys");
    struct pg_args a;
    int rc;
    pg_args_init(&a);
    pg_arg_int(&a, table_id);
    pg_arg_owned(&a, pg_row_params_json(json_object_get(tbl, "Parameters")));
    pg_arg_owned(&a, pkeys_json(json_is_array(keys) ? keys : NULL));
    if (sd_id)
        pg_arg_int(&a, sd_id);
    else
        pg_arg_null(&a);
    rc = pg_exec(st, SQL_TABLE_CHILDREN, &a, NULL, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    return pg_search_refresh(st, table_id, err);
}

int pg_table_insert(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                    struct srv_error *err)
{
    const json_t *sd = json_object_get(tbl, "StorageDescriptor");
    struct pg_args a;
    PGresult *res = NULL;
    long long id = 0, sd_id = 0;
    int rc;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, db);
    pg_arg_str(&a, tbl, "Name");
    table_args(&a, tbl);
    rc = pg_query(st, SQL_TABLE_INSERT, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(res) == 0)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", db);
    else if (pg_get(res, 0, 1) == NULL)
        rc = srv_error_set(err, CAT_EEXISTS, "Table %s already exists.",
                           json_string_value(json_object_get(tbl, "Name")));
    else
        id = pg_get_int(res, 0, 1);
    PQclear(res);
    if (rc != CAT_OK)
        return rc;
    if (json_is_object(sd) && (rc = pg_sd_save(st, sd, id, &sd_id, err)) != CAT_OK)
        return rc;
    return table_children_save(st, id, tbl, sd_id, err);
}

int pg_table_replace(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                     long long expect, long long new_version, struct srv_error *err)
{
    struct table_ref ref;
    const json_t *sd = json_object_get(tbl, "StorageDescriptor");
    const json_t *keys = json_object_get(tbl, "PartitionKeys");
    const char *name = json_string_value(json_object_get(tbl, "Name"));
    json_t *old = NULL;
    struct pg_args a;
    PGresult *res = NULL;
    long long sd_id = 0;
    int rc, n;
    /* One statement for the row ids, the descriptor and the keys as they are. */
    if ((rc = table_load(st, catalog, db, name ? name : "", &old, &ref, err)) != CAT_OK)
        return rc;
    if (ref.version != expect) {
        json_decref(old);
        return srv_error_set(err, CAT_ECONCURRENT,
                             "Update table failed due to concurrent modifications.");
    }
    /* The descriptor row stays when unchanged (partitions are written against it). */
    if (ref.sd_id != 0 && json_is_object(sd) &&
        shape_sd_same(json_object_get(old, "StorageDescriptor"), sd))
        sd_id = ref.sd_id;
    if (json_is_object(sd) && sd_id == 0 &&
        (rc = pg_sd_save(st, sd, ref.id, &sd_id, err)) != CAT_OK)
        goto done;
    pg_args_init(&a);
    pg_arg_int(&a, ref.id);
    pg_arg_int(&a, expect);
    pg_arg_int(&a, new_version);
    if (sd_id)
        pg_arg_int(&a, sd_id);
    else
        pg_arg_null(&a);
    table_args(&a, tbl);
    /* a replaced descriptor goes unless partitions were written against it */
    if (ref.sd_id != 0 && ref.sd_id != sd_id)
        pg_arg_int(&a, ref.sd_id);
    else
        pg_arg_null(&a);
    pg_arg_owned(&a, pg_row_params_json(json_object_get(tbl, "Parameters")));
    pg_arg_owned(&a, pkeys_json(json_is_array(keys) ? keys : NULL));
    rc = pg_query(st, SQL_TABLE_UPDATE, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        goto done;
    n = PQntuples(res) == 1 ? (int)pg_get_int(res, 0, 0) : 0;
    PQclear(res);
    if (n != 1) {
        rc = srv_error_set(err, CAT_ECONCURRENT,
                           "Update table failed due to concurrent modifications.");
        goto done;
    }
    if ((rc = pg_retype_partitions(st, ref.id, json_object_get(old, "PartitionKeys"), keys, err)) !=
        CAT_OK)
        goto done;
    rc = pg_search_refresh(st, ref.id, err);
done:
    json_decref(old);
    return rc;
}

int pg_table_delete(struct store *st, const char *catalog, const char *db, const char *name,
                    struct srv_error *err)
{
    struct pg_args a;
    PGresult *res = NULL;
    int rc;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, db);
    pg_arg_text(&a, name);
    rc = pg_query(st, SQL_TABLE_DELETE, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(res) == 0)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", db);
    else if (pg_get_int(res, 0, 1) == 0)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Table %s not found.", name);
    PQclear(res);
    return rc;
}

int pg_table_rename(struct store *st, const char *catalog, const char *db, const char *name,
                    const char *new_db, const char *new_name, long long expect,
                    long long new_version, struct srv_error *err)
{
    struct table_ref ref, taken;
    struct pg_args a;
    long long to_db, n = 0;
    int rc;
    if ((rc = table_ref(st, catalog, db, name, &ref, err)) != CAT_OK ||
        (rc = pg_db_id(st, catalog, new_db, &to_db, err)) != CAT_OK)
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
    pg_args_init(&a);
    pg_arg_int(&a, ref.id);
    pg_arg_int(&a, expect);
    pg_arg_int(&a, to_db);
    pg_arg_text(&a, new_name);
    pg_arg_int(&a, new_version);
    pg_arg_num(&a, util_now());
    rc = pg_exec(st, SQL_TABLE_RENAME, &a, &n, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (n != 1)
        return srv_error_set(err, CAT_ECONCURRENT,
                             "Update table failed due to concurrent modifications.");
    return pg_search_refresh(st, ref.id, err);
}

/* ================================================================ */
/* Archived table versions.                                           */

/* Each resolves database $2 of catalog $1 and table $3 in the same statement: no row when
** the database does not exist, a NULL table id when the table does not. */
#define VER_REF                                                                                    \
    "WITH r AS (SELECT d.id AS did, t.id AS tid FROM databases d"                                  \
    " LEFT JOIN tables t ON t.db_id = d.id AND t.name = $3"                                        \
    " WHERE d.catalog_id = $1 AND d.name = $2)"
static const char SQL_VER_INSERT[] =
    VER_REF ", i AS (INSERT INTO table_versions (table_id, version_id, archived_at, snapshot)"
            "  SELECT r.tid, $4::bigint, $5::double precision, $6 FROM r WHERE r.tid IS NOT NULL"
            "  ON CONFLICT (table_id, version_id) DO NOTHING RETURNING 1)"
            " SELECT r.did, r.tid, (SELECT count(*) FROM i) FROM r";
static const char SQL_VER_GET[] =
    VER_REF " SELECT r.did, r.tid, v.snapshot FROM r"
            " LEFT JOIN table_versions v ON v.table_id = r.tid AND v.version_id = $4";
static const char SQL_VER_LIST[] =
    VER_REF " SELECT r.did, r.tid, v.snapshot FROM r LEFT JOIN LATERAL"
            " (SELECT x.snapshot, x.version_id FROM table_versions x"
            "  WHERE x.table_id = r.tid AND x.version_id < $4"
            "  ORDER BY x.version_id DESC LIMIT $5) v ON true"
            " ORDER BY v.version_id DESC";
static const char SQL_VER_DELETE[] =
    VER_REF ", x AS (DELETE FROM table_versions WHERE table_id = (SELECT tid FROM r)"
            "  AND version_id = $4 RETURNING 1)"
            " SELECT r.did, r.tid, (SELECT count(*) FROM x) FROM r";

/* Run a VER_REF statement SQL with arguments A (freed here); ENOTFOUND for the
** database or the table (then *RES is NULL). */
static int ver_query(struct store *st, const char *sql, const char *db, const char *name,
                     struct pg_args *a, PGresult **res, struct srv_error *err)
{
    int rc = pg_query(st, sql, a, res, err);
    pg_args_free(a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(*res) == 0)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Database %s not found.", db);
    else if (pg_get(*res, 0, 1) == NULL)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Table %s not found.", name);
    if (rc != CAT_OK) {
        PQclear(*res);
        *res = NULL;
    }
    return rc;
}

static void ver_args(struct pg_args *a, const char *catalog, const char *db, const char *name)
{
    pg_args_init(a);
    pg_arg_text(a, catalog);
    pg_arg_text(a, db);
    pg_arg_text(a, name);
}

/* Parse a stored snapshot; its DatabaseName follows renames of the database. */
static json_t *snapshot_load(const char *text, const char *db)
{
    json_t *t = text ? json_loads(text, 0, NULL) : NULL;
    if (t)
        json_object_set_new(t, "DatabaseName", json_string(db));
    return t;
}

int pg_version_archive(struct store *st, const char *catalog, const char *db, const char *name,
                       long long version, const json_t *table, struct srv_error *err)
{
    struct pg_args a;
    PGresult *res = NULL;
    char *text = json_dumps(table, JSON_COMPACT);
    int rc;
    if (text == NULL)
        return srv_error_set(err, CAT_ENOMEM, "Out of memory.");
    ver_args(&a, catalog, db, name);
    pg_arg_int(&a, version);
    pg_arg_num(&a, util_now());
    pg_arg_owned(&a, text);
    if ((rc = ver_query(st, SQL_VER_INSERT, db, name, &a, &res, err)) != CAT_OK)
        return rc;
    if (pg_get_int(res, 0, 2) == 0) /* as SQLite's primary key violation */
        rc = srv_error_set(err, CAT_EEXISTS, "Entity already exists.");
    PQclear(res);
    return rc;
}

int pg_version_get(struct store *st, const char *catalog, const char *db, const char *name,
                   long long version, json_t **out, struct srv_error *err)
{
    struct pg_args a;
    PGresult *res = NULL;
    int rc;
    *out = NULL;
    ver_args(&a, catalog, db, name);
    pg_arg_int(&a, version);
    if ((rc = ver_query(st, SQL_VER_GET, db, name, &a, &res, err)) != CAT_OK)
        return rc;
    if (pg_get(res, 0, 2) == NULL)
        rc =
            srv_error_set(err, CAT_ENOTFOUND, "Version %lld of table %s not found.", version, name);
    else if ((*out = snapshot_load(pg_get(res, 0, 2), db)) == NULL)
        rc = pg_row_internal(err);
    PQclear(res);
    return rc;
}

int pg_version_list(struct store *st, const char *catalog, const char *db, const char *name,
                    long long before, int limit, size_t max_bytes, json_t **out, int *more,
                    struct srv_error *err)
{
    struct collect c = {NULL, limit, 0, 0, max_bytes, 0};
    struct pg_args a;
    PGresult *res = NULL;
    int rc, i;
    *out = NULL;
    *more = 0;
    ver_args(&a, catalog, db, name);
    pg_arg_int(&a, before < 0 ? INT64_MAX : before);
    pg_arg_int(&a, (long long)limit + 1);
    if ((rc = ver_query(st, SQL_VER_LIST, db, name, &a, &res, err)) != CAT_OK)
        return rc;
    c.list = json_array();
    for (i = 0; i < PQntuples(res); i++) {
        json_t *t;
        if (pg_get(res, i, 2) == NULL) /* no versions */
            continue;
        if (collect_full(&c)) {
            *more = 1;
            break;
        }
        if ((t = snapshot_load(pg_get(res, i, 2), db)) != NULL)
            collect_add(&c, t);
        else
            c.n++; /* counted, as SQLite's loop does */
    }
    PQclear(res);
    *out = c.list;
    return CAT_OK;
}

int pg_version_delete(struct store *st, const char *catalog, const char *db, const char *name,
                      long long version, struct srv_error *err)
{
    struct pg_args a;
    PGresult *res = NULL;
    int rc;
    ver_args(&a, catalog, db, name);
    pg_arg_int(&a, version);
    if ((rc = ver_query(st, SQL_VER_DELETE, db, name, &a, &res, err)) != CAT_OK)
        return rc;
    if (pg_get_int(res, 0, 2) == 0)
        rc =
            srv_error_set(err, CAT_ENOTFOUND, "Version %lld of table %s not found.", version, name);
    PQclear(res);
    return rc;
}

/* ================================================================ */
/* Tables opened for partition work.                                  */

/* The stamp of table NAME (pg_ptcache.c) as text into *STAMP (malloc'd), or NULL when the
** name does not resolve (the load then says which part is missing); *CLEAN = 1 when the
** transaction has written nothing yet (no transaction id), so that what it reads is committed
** state, which the cache may keep. */
static const char SQL_TABLE_STAMP[] =
    "SELECT d.id, t.id, t.version_id, t.create_time, t.update_time, coalesce(t.sd_id, 0),"
    " txid_current_if_assigned() IS NULL"
    " FROM databases d JOIN tables t ON t.db_id = d.id"
    " WHERE d.catalog_id = $1 AND d.name = $2 AND t.name = $3";

static int table_stamp(struct store *st, const char *catalog, const char *db, const char *name,
                       int begin, char **stamp, int *clean, struct srv_error *err)
{
    struct pg_args a;
    PGresult *res = NULL;
    int rc, i;
    *stamp = NULL;
    *clean = 0;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    pg_arg_text(&a, db);
    pg_arg_text(&a, name);
    rc = begin ? pg_snapshot_query(st, SQL_TABLE_STAMP, &a, &res, err)
               : pg_query(st, SQL_TABLE_STAMP, &a, &res, err);
    pg_args_free(&a);
    if (rc == CAT_OK && PQntuples(res) == 1) {
        struct sbuf b = {0};
        for (i = 0; i < 6; i++) {
            const char *v = pg_get(res, 0, i);
            sbuf_adds(&b, v ? v : "-");
            sbuf_add(&b, "|", 1);
        }
        *stamp = b.p;
        *clean = pg_get(res, 0, 6) && strcmp(pg_get(res, 0, 6), "t") == 0;
    }
    PQclear(res);
    return rc;
}

/* Outside a write transaction, a read-only snapshot begins first, so that the table and the
** partition reads that follow agree (store.h; the Iceberg reads rely on it); PT records it and
** pg_ptable_close ends it.  Then, on a pooled connection, the table comes from the pool's
** cache (pg_ptcache.c) when its stamp, read in that snapshot or the write transaction's, is
** the cached one; else one statement loads the whole table, which the cache keeps unless the
** transaction has written already (its own changes, which may roll back, may be in it). */
int pg_ptable_open(struct store *st, const char *catalog, const char *db, const char *name,
                   struct store_ptable *pt, struct srv_error *err)
{
    struct pg_conn *pc = PG(st);
    struct pg_ptcache *cache = pg_pool_ptcache(pc->pool);
    struct table_ref ref;
    const json_t *sd;
    char *stamp = NULL;
    unsigned long long gen = 0;
    int rc, clean = 0;
    memset(pt, 0, sizeof(*pt));
    if (cache) { /* outside a transaction, the snapshot begins with the stamp: one round trip */
        int begin = !pc->in_txn && !pc->snapshot;
        rc = table_stamp(st, catalog, db, name, begin, &stamp, &clean, err);
        pt->snapshot = begin && pc->snapshot ? st : NULL;
        if (rc != CAT_OK) {
            pg_snapshot_end(pt->snapshot);
            pt->snapshot = NULL;
            return rc;
        }
    } else if (!pc->in_txn && !pc->snapshot) {
        if ((rc = pg_snapshot_begin(st, err)) != CAT_OK)
            return rc;
        pt->snapshot = pc->snapshot ? st : NULL;
    }
    if (stamp) { /* the notifications that arrived with it (checked mode) flush the caches */
        (void)pg_tcache_heard(pg_pool_tcache(pc->pool), pc);
        gen = pg_tcache_gen(pg_pool_tcache(pc->pool));
    }
    if (stamp && pg_ptcache_get(cache, catalog, db, name, stamp, gen, pt)) {
        free(stamp);
        goto opened;
    }
    if ((rc = table_load(st, catalog, db, name, &pt->table, &ref, err)) != CAT_OK) {
        free(stamp);
        pg_snapshot_end(pt->snapshot);
        pt->snapshot = NULL;
        return rc;
    }
    pt->id = ref.id;
    pt->sd_id = ref.sd_id;
    if (stamp && clean) /* committed state, the stamp's */
        pg_ptcache_put(cache, catalog, db, name, stamp, gen, pt);
    free(stamp);
opened:
    shape_ptable_keys(pt);
    /* descriptor SD_ID exactly as stored: the table's own (never modified while PT is open) */
    sd = pt->sd_id ? json_object_get(pt->table, "StorageDescriptor") : NULL;
    pt->base_sd = json_incref((json_t *)sd);
    pt->sd_cache = json_object();
    return CAT_OK;
}

void pg_ptable_close(struct store_ptable *pt)
{
    if (pt == NULL)
        return;
    pg_snapshot_end(pt->snapshot); /* NULL-safe; nothing when a write transaction ended it */
    pt->snapshot = NULL;
    json_decref(pt->table);
    json_decref(pt->sd_cache);
    json_decref(pt->base_sd);
    pt->table = pt->sd_cache = pt->base_sd = NULL;
}

/* Memos go with the cached table version PT was opened from (pg_ptcache.c); none for a table
** loaded outside the cache. */
json_t *pg_memo_get(struct store *st, const struct store_ptable *pt, const char *key)
{
    return pg_ptcache_memo_get(pg_pool_ptcache(PG(st)->pool), pt, key);
}

void pg_memo_put(struct store *st, const struct store_ptable *pt, const char *key, json_t *value)
{
    pg_ptcache_memo_put(pg_pool_ptcache(PG(st)->pool), pt, key, value);
}
