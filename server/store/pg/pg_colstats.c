/* pg_colstats.c -- PostgreSQL store of column statistics (tables and partitions):
** sqlite_colstats.c, translated. */
#include <stdlib.h>
#include <string.h>

#include "store/pg/pg_int.h"
#include "store/shape.h"

/* Column statistics: [0] the table's, [1] a partition's. */
static const char *const SQL_CS_PUT[2] = {
    "INSERT INTO table_column_stats (table_id, column_name, stats) VALUES ($1, $2, $3)"
    " ON CONFLICT (table_id, column_name) DO UPDATE SET stats = excluded.stats",
    "INSERT INTO partition_column_stats (partition_id, column_name, stats) VALUES ($1, $2, $3)"
    " ON CONFLICT (partition_id, column_name) DO UPDATE SET stats = excluded.stats"};
static const char *const SQL_CS_GET[2] = {
    "SELECT stats FROM table_column_stats WHERE table_id = $1 AND column_name = $2",
    "SELECT stats FROM partition_column_stats WHERE partition_id = $1 AND column_name = $2"};
static const char *const SQL_CS_DEL[2] = {
    "DELETE FROM table_column_stats WHERE table_id = $1 AND column_name = $2",
    "DELETE FROM partition_column_stats WHERE partition_id = $1 AND column_name = $2"};
static const char *const SQL_CS_PRUNE[2] = {
    "DELETE FROM table_column_stats WHERE table_id = $1"
    " AND column_name NOT IN (SELECT jsonb_array_elements_text($2::jsonb))",
    "DELETE FROM partition_column_stats WHERE partition_id = $1"
    " AND column_name NOT IN (SELECT jsonb_array_elements_text($2::jsonb))"};

int pg_partition_locate(struct store *st, struct store_ptable *pt, const json_t *values,
                        long long *id, json_t **columns, struct srv_error *err)
{
    json_t *names = json_array();
    int rc;
    *id = 0;
    *columns = NULL;
    if ((rc = pg_partition_visit(st, pt, values, shape_sd_columns, names, id, err)) != CAT_OK) {
        *id = 0;
        json_decref(names);
        return rc;
    }
    *columns = names;
    return CAT_OK;
}

/* Append the owner of statistics: partition PART, or PT's table when PART is 0. */
static void arg_owner(struct pg_args *a, const struct store_ptable *pt, long long part)
{
    pg_arg_int(a, part ? part : pt->id);
}

int pg_colstats_put(struct store *st, struct store_ptable *pt, long long part, const char *column,
                    const json_t *stats, struct srv_error *err)
{
    struct pg_args a;
    char *text;
    int rc;
    if ((text = json_dumps(stats, JSON_COMPACT)) == NULL)
        return srv_error_set(err, CAT_ENOMEM, "Out of memory.");
    pg_args_init(&a);
    arg_owner(&a, pt, part);
    pg_arg_text(&a, column);
    pg_arg_owned(&a, text);
    rc = pg_exec(st, SQL_CS_PUT[part != 0], &a, NULL, err);
    pg_args_free(&a);
    return rc;
}

int pg_colstats_get(struct store *st, struct store_ptable *pt, long long part, const char *column,
                    json_t **out, struct srv_error *err)
{
    struct pg_args a;
    PGresult *res;
    int rc;
    *out = NULL;
    pg_args_init(&a);
    arg_owner(&a, pt, part);
    pg_arg_text(&a, column);
    rc = pg_query(st, SQL_CS_GET[part != 0], &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if (PQntuples(res) > 0) {
        const char *text = pg_get(res, 0, 0);
        *out = text ? json_loads(text, 0, NULL) : NULL;
        if (*out == NULL)
            rc = srv_error_set(err, CAT_EINTERNAL, "Stored statistics do not parse.");
    }
    PQclear(res);
    return rc;
}

int pg_colstats_delete(struct store *st, struct store_ptable *pt, long long part,
                       const char *column, struct srv_error *err)
{
    struct pg_args a;
    int rc;
    pg_args_init(&a);
    arg_owner(&a, pt, part);
    pg_arg_text(&a, column);
    rc = pg_exec(st, SQL_CS_DEL[part != 0], &a, NULL, err);
    pg_args_free(&a);
    return rc;
}

int pg_colstats_prune(struct store *st, struct store_ptable *pt, long long part, const json_t *keep,
                      struct srv_error *err)
{
    struct pg_args a;
    int rc;
    pg_args_init(&a);
    arg_owner(&a, pt, part);
    pg_arg_owned(&a, json_dumps(keep, JSON_COMPACT));
    rc = pg_exec(st, SQL_CS_PRUNE[part != 0], &a, NULL, err);
    pg_args_free(&a);
    return rc;
}
