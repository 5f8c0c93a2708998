/* pg_sd.c -- PostgreSQL storage descriptors (SerDe info, columns and their parameters, as rows),
** and re-typing partition keys. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/pg/pg_row.h"

/* ================================================================ */
/* Storage descriptors.                                               */

static const char SQL_SD_GET[] =
    "SELECT" PG_ROW_SD_COLS " FROM storage_descriptors s WHERE s.id = $1";
/* One statement: the descriptor row, its columns and their parameters, its parameters and its
** SerDe's parameters ($12: [[Name, Type, Comment, {params}], ...]; $13, $14: objects). */
static const char SQL_SD_INSERT[] =
    "WITH s AS (INSERT INTO storage_descriptors (location, input_format, output_format,"
    " compressed, number_of_buckets, stored_as_subdirs, has_serde, serde_name, serde_lib, extra,"
    " owner) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id),"
    " c AS (INSERT INTO sd_columns (sd_id, pos, name, type, comment)"
    "  SELECT s.id, x.o - 1, x.c->>0, x.c->>1, x.c->>2"
    "  FROM s, json_array_elements($12::json) WITH ORDINALITY AS x(c, o)),"
    " cp AS (INSERT INTO sd_column_params (sd_id, pos, key, value)"
    "  SELECT s.id, x.o - 1, p.key, p.value"
    "  FROM s, json_array_elements($12::json) WITH ORDINALITY AS x(c, o),"
    "  json_each_text(x.c->3) AS p),"
    " sp AS (INSERT INTO sd_params (sd_id, key, value)"
    "  SELECT s.id, p.key, p.value FROM s, json_each_text($13::json) AS p),"
    " rp AS (INSERT INTO serde_params (sd_id, key, value)"
    "  SELECT s.id, p.key, p.value FROM s, json_each_text($14::json) AS p)"
    " SELECT id FROM s";
static const char SQL_SD_DELETE[] = "DELETE FROM storage_descriptors WHERE id = $1";

/* [[Name, Type, Comment, {string parameters}], ...] of COLS (an array, else none). */
static char *columns_json(const json_t *cols)
{
    json_t *a = json_array(), *col;
    size_t i;
    char *text;
    json_array_foreach(cols, i, col) {
        json_t *e = json_array();
        const char *const keys[] = {"Name", "Type", "Comment"};
        size_t k;
        char *params;
        for (k = 0; k < 3; k++) {
            const char *v = json_string_value(json_object_get(col, keys[k]));
            json_array_append_new(e, v ? json_string(v) : json_null());
        }
        params = pg_row_params_json(json_object_get(col, "Parameters"));
        json_array_append_new(e, json_loads(params, 0, NULL));
        free(params);
        json_array_append_new(a, e);
    }
    text = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    if (text == NULL)
        abort(); /* out of memory */
    return text;
}

int pg_sd_save(struct store *st, const json_t *sd, long long owner, long long *id,
               struct srv_error *err)
{
    const json_t *serde = json_object_get(sd, "SerdeInfo");
    struct pg_args a;
    PGresult *res = NULL;
    int rc;
    pg_args_init(&a);
    pg_arg_str(&a, sd, "Location");
    pg_arg_str(&a, sd, "InputFormat");
    pg_arg_str(&a, sd, "OutputFormat");
    pg_arg_jbool(&a, sd, "Compressed");
    pg_arg_jint(&a, sd, "NumberOfBuckets");
    pg_arg_jbool(&a, sd, "StoredAsSubDirectories");
    pg_arg_int(&a, json_is_object(serde));
    pg_arg_str(&a, serde, "Name");
    pg_arg_str(&a, serde, "SerializationLibrary");
    pg_row_arg_owned_or_null(&a, shape_extra_dump(sd, SHAPE_SD_KNOWN));
    pg_arg_int(&a, owner);
    pg_arg_owned(&a, columns_json(json_object_get(sd, "Columns")));
    pg_arg_owned(&a, pg_row_params_json(json_object_get(sd, "Parameters")));
    pg_arg_owned(&a, pg_row_params_json(json_object_get(serde, "Parameters")));
    rc = pg_query(st, SQL_SD_INSERT, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return pg_row_internal(err);
    }
    *id = pg_get_int(res, 0, 0);
    PQclear(res);
    return CAT_OK;
}

int pg_sd_load(struct store *st, long long id, json_t **out, struct srv_error *err)
{
    struct pg_args a;
    PGresult *res = NULL;
    int rc;
    *out = NULL;
    pg_args_init(&a);
    pg_arg_int(&a, id);
    rc = pg_query(st, SQL_SD_GET, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(res) != 1)
        rc = pg_row_internal(err);
    else
        *out = pg_row_sd_from_row(res, 0, 0);
    PQclear(res);
    return rc;
}

int pg_sd_delete(struct store *st, long long id, struct srv_error *err)
{
    struct pg_args a;
    int rc;
    pg_args_init(&a);
    pg_arg_int(&a, id);
    rc = pg_exec(st, SQL_SD_DELETE, &a, NULL, err);
    pg_args_free(&a);
    return rc;
}

/* ---- Re-typing partitions when a key's type changes ---- */

#define RETYPE_BATCH 5000
static const char SQL_PART_VALS[] =
    "SELECT id, vals FROM partitions WHERE table_id = $1 AND " PG_VALS_AFTER("$2") PG_VALS_ORDER
    " LIMIT $3";
/* Key I's typed columns from $1: [[id, numeric text or null, text or null], ...]. */
#define SQL_RETYPE_(i)                                                                             \
    "UPDATE partitions p SET kn" #i " = (u.e->>1)::numeric, ks" #i " = u.e->>2"                    \
    " FROM json_array_elements($1::json) AS u(e) WHERE p.id = (u.e->>0)::bigint"
static const char *const SQL_RETYPE[STORE_TYPED_KEYS] = {
    SQL_RETYPE_(0),  SQL_RETYPE_(1),  SQL_RETYPE_(2),  SQL_RETYPE_(3),
    SQL_RETYPE_(4),  SQL_RETYPE_(5),  SQL_RETYPE_(6),  SQL_RETYPE_(7),
    SQL_RETYPE_(8),  SQL_RETYPE_(9),  SQL_RETYPE_(10), SQL_RETYPE_(11),
    SQL_RETYPE_(12), SQL_RETYPE_(13), SQL_RETYPE_(14), SQL_RETYPE_(15)};

/* [id, kn, ks] for value V (a JSON string, else untyped) of a key of type T: the typed
** columns as stored for partitions (numbers as exact decimal text, %.17g for doubles). */
static json_t *retype_entry(long long id, enum ptype t, const json_t *v)
{
    json_t *e = json_array(), *kn = json_null(), *ks = json_null();
    struct pvalue pv;
    char num[40];
    if (json_is_string(v) &&
        ptype_value(t, json_string_value(v), json_string_length(v), &pv) == 0) {
        if (pv.kind == PV_INT) {
            snprintf(num, sizeof(num), "%lld", pv.i);
            kn = json_string(num);
        } else if (pv.kind == PV_REAL) {
            snprintf(num, sizeof(num), "%.17g", pv.d);
            kn = json_string(num);
        } else if (pv.kind == PV_TEXT) {
            ks = json_stringn(pv.text, pv.len);
        }
    }
    json_array_append_new(e, json_integer(id));
    json_array_append_new(e, kn);
    json_array_append_new(e, ks);
    return e;
}

/* Recompute the typed columns of key I (type T) of every partition of table TABLE_ID. */
static int retype_key(struct store *st, long long table_id, size_t i, enum ptype t,
                      struct srv_error *err)
{
    char *after = xstrdup("");
    int rc = CAT_OK, n;
    do {
        struct pg_args a;
        PGresult *res = NULL;
        json_t *batch;
        int r;
        pg_args_init(&a);
        pg_arg_int(&a, table_id);
        pg_arg_text(&a, after);
        pg_arg_int(&a, RETYPE_BATCH);
        rc = pg_query(st, SQL_PART_VALS, &a, &res, err);
        pg_args_free(&a);
        if (rc != CAT_OK)
            break;
        n = PQntuples(res);
        batch = json_array();
        for (r = 0; r < n; r++) {
            json_t *vals = pg_row_get_json(res, r, 1);
            json_array_append_new(batch,
                                  retype_entry(pg_get_int(res, r, 0), t, json_array_get(vals, i)));
            json_decref(vals);
        }
        if (n > 0) {
            free(after);
            after = xstrdup(pg_get(res, n - 1, 1));
        }
        PQclear(res);
        if (n > 0) {
            pg_args_init(&a);
            pg_arg_owned(&a, json_dumps(batch, JSON_COMPACT));
            rc = pg_exec(st, SQL_RETYPE[i], &a, NULL, err);
            pg_args_free(&a);
        }
        json_decref(batch);
    } while (rc == CAT_OK && n == RETYPE_BATCH);
    free(after);
    return rc;
}

/* When an update changes the type of a partition key (OLD_KEYS -> NEW_KEYS), recompute that
** key's typed columns for the table's partitions, so expressions compare by the new type. */
int pg_retype_partitions(struct store *st, long long table_id, const json_t *old_keys,
                         const json_t *new_keys, struct srv_error *err)
{
    size_t i;
    int rc;
    for (i = 0; i < json_array_size(new_keys) && i < STORE_TYPED_KEYS; i++) {
        const char *nt = json_string_value(json_object_get(json_array_get(new_keys, i), "Type"));
        const json_t *o = json_array_get(old_keys, i);
        if (o && ptype_of(json_string_value(json_object_get(o, "Type"))) == ptype_of(nt))
            continue;
        if ((rc = retype_key(st, table_id, i, ptype_of(nt), err)) != CAT_OK)
            return rc;
    }
    return CAT_OK;
}
