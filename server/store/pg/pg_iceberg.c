/* pg_iceberg.c -- PostgreSQL store of the parts of Iceberg metadata (migration 0007). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/pg/pg_row.h"

static const char SQL_HEAD_GET[] = "SELECT location, head FROM iceberg_heads WHERE table_id = $1";
static const char SQL_HEAD_PUT[] =
    "INSERT INTO iceberg_heads (table_id, location, head) VALUES ($1, $2, $3)"
    " ON CONFLICT (table_id) DO UPDATE SET location = excluded.location, head = excluded.head";
static const char SQL_HEAD_CLEAR[] = "DELETE FROM iceberg_heads WHERE table_id = $1";
static const char SQL_SNAP_GET[] =
    "SELECT snapshot FROM iceberg_snapshots WHERE table_id = $1 AND snapshot_id = $2";
static const char SQL_SNAP_ALL[] =
    "SELECT snapshot FROM iceberg_snapshots WHERE table_id = $1 ORDER BY seq";
static const char SQL_SNAP_SOME[] =
    "SELECT snapshot FROM iceberg_snapshots WHERE table_id = $1"
    " AND snapshot_id IN (SELECT json_array_elements_text($2::json)::bigint) ORDER BY seq";
/* The snapshots of $2 (a JSON array) after the table's last, in order; no row is written for
** an id the table has already (the caller counts the rows). */
static const char SQL_SNAP_ADD[] =
    "INSERT INTO iceberg_snapshots (table_id, snapshot_id, seq, snapshot)"
    " SELECT $1::bigint, (x.s->>'snapshot-id')::bigint,"
    " coalesce((SELECT max(seq) FROM iceberg_snapshots WHERE table_id = $1::bigint), 0) + x.o,"
    " x.s::text FROM json_array_elements($2::json) WITH ORDINALITY AS x(s, o)"
    " ON CONFLICT (table_id, snapshot_id) DO NOTHING RETURNING snapshot_id";
static const char SQL_SNAP_REMOVE[] =
    "DELETE FROM iceberg_snapshots WHERE table_id = $1::bigint"
    " AND snapshot_id IN (SELECT json_array_elements_text($2::json)::bigint)";
static const char SQL_SNAP_CLEAR[] = "DELETE FROM iceberg_snapshots WHERE table_id = $1";
static const char SQL_LOG_ALL[] = "SELECT timestamp_ms, snapshot_id FROM iceberg_snapshot_log"
                                  " WHERE table_id = $1 ORDER BY pos";
static const char SQL_LOG_ADD[] =
    "INSERT INTO iceberg_snapshot_log (table_id, pos, timestamp_ms, snapshot_id)"
    " SELECT $1::bigint,"
    " coalesce((SELECT max(pos) FROM iceberg_snapshot_log WHERE table_id = $1::bigint), 0) + x.o,"
    " (x.e->>'timestamp-ms')::bigint, (x.e->>'snapshot-id')::bigint"
    " FROM json_array_elements($2::json) WITH ORDINALITY AS x(e, o)";
/* Java's rule: every entry up to the last one naming a removed snapshot goes. */
static const char SQL_LOG_CUT[] =
    "DELETE FROM iceberg_snapshot_log WHERE table_id = $1::bigint AND pos <="
    " (SELECT max(pos) FROM iceberg_snapshot_log WHERE table_id = $1::bigint"
    "  AND snapshot_id IN (SELECT json_array_elements_text($2::json)::bigint))";
static const char SQL_LOG_CLEAR[] = "DELETE FROM iceberg_snapshot_log WHERE table_id = $1";

static int bad_text(struct srv_error *err)
{
    return srv_error_set(err, CAT_EINTERNAL,
                         "Internal error: stored Iceberg metadata is not JSON.");
}

/* Run SQL on table ID, with $2 the JSON text of ARG when ARG is not NULL; *N the rows. */
static int exec_id(struct store *st, const char *sql, long long id, const json_t *arg, long long *n,
                   struct srv_error *err)
{
    struct pg_args a;
    int rc;
    pg_args_init(&a);
    pg_arg_int(&a, id);
    if (arg)
        pg_arg_owned(&a, json_dumps(arg, JSON_COMPACT));
    rc = pg_exec(st, sql, &a, n, err);
    pg_args_free(&a);
    return rc;
}

/* Run query SQL on table ID (and $2 = SNAP when SNAP_ARG, or the JSON of IDS when not NULL). */
static int query_id(struct store *st, const char *sql, long long id, const json_t *ids,
                    const long long *snap, PGresult **res, struct srv_error *err)
{
    struct pg_args a;
    int rc;
    pg_args_init(&a);
    pg_arg_int(&a, id);
    if (ids)
        pg_arg_owned(&a, json_dumps(ids, JSON_COMPACT));
    else if (snap)
        pg_arg_int(&a, *snap);
    rc = pg_query(st, sql, &a, res, err);
    pg_args_free(&a);
    return rc;
}

int pg_ice_get(struct store *st, const char *catalog, const char *db, const char *name,
               char **location, json_t **head, struct srv_error *err)
{
    PGresult *res = NULL;
    long long id;
    int rc;
    *location = NULL;
    *head = NULL;
    if ((rc = pg_table_id(st, catalog, db, name, &id, err)) != CAT_OK ||
        (rc = query_id(st, SQL_HEAD_GET, id, NULL, NULL, &res, err)) != CAT_OK)
        return rc;
    if (PQntuples(res) == 1) {
        if ((*head = pg_row_get_json(res, 0, 1)) == NULL)
            rc = bad_text(err);
        else if (pg_get(res, 0, 0))
            *location = xstrdup(pg_get(res, 0, 0));
    }
    PQclear(res);
    return rc;
}

int pg_ice_snapshot(struct store *st, const char *catalog, const char *db, const char *name,
                    long long snap, json_t **out, struct srv_error *err)
{
    PGresult *res = NULL;
    long long id;
    int rc;
    *out = NULL;
    if ((rc = pg_table_id(st, catalog, db, name, &id, err)) != CAT_OK ||
        (rc = query_id(st, SQL_SNAP_GET, id, NULL, &snap, &res, err)) != CAT_OK)
        return rc;
    if (PQntuples(res) == 1 && (*out = pg_row_get_json(res, 0, 0)) == NULL)
        rc = bad_text(err);
    PQclear(res);
    return rc;
}

int pg_ice_snapshots(struct store *st, const char *catalog, const char *db, const char *name,
                     const json_t *ids, json_t **snapshots, json_t **log, struct srv_error *err)
{
    PGresult *res = NULL;
    json_t *list, *entries = NULL;
    long long id;
    int rc, i;
    *snapshots = NULL;
    if (log)
        *log = NULL;
    if ((rc = pg_table_id(st, catalog, db, name, &id, err)) != CAT_OK ||
        (rc = query_id(st, ids ? SQL_SNAP_SOME : SQL_SNAP_ALL, id, ids, NULL, &res, err)) != CAT_OK)
        return rc;
    list = json_array();
    for (i = 0; i < PQntuples(res); i++) {
        json_t *s = pg_row_get_json(res, i, 0);
        if (s == NULL) {
            PQclear(res);
            json_decref(list);
            return bad_text(err);
        }
        json_array_append_new(list, s);
    }
    PQclear(res);
    if (log) {
        if ((rc = query_id(st, SQL_LOG_ALL, id, NULL, NULL, &res, err)) != CAT_OK) {
            json_decref(list);
            return rc;
        }
        entries = json_array();
        for (i = 0; i < PQntuples(res); i++)
            json_array_append_new(
                entries, json_pack("{s:I, s:I}", "timestamp-ms", (json_int_t)pg_get_int(res, i, 0),
                                   "snapshot-id", (json_int_t)pg_get_int(res, i, 1)));
        PQclear(res);
        *log = entries;
    }
    *snapshots = list;
    return CAT_OK;
}

int pg_ice_text(struct store *st, const char *catalog, const char *db, const char *name,
                const json_t *ids, struct sbuf *snaps, struct sbuf *log, struct srv_error *err)
{
    PGresult *res = NULL;
    long long id;
    int rc, i;
    if ((rc = pg_table_id(st, catalog, db, name, &id, err)) != CAT_OK ||
        (rc = query_id(st, ids ? SQL_SNAP_SOME : SQL_SNAP_ALL, id, ids, NULL, &res, err)) != CAT_OK)
        return rc;
    for (i = 0; i < PQntuples(res); i++) {
        if (i)
            sbuf_add(snaps, ",", 1);
        sbuf_add(snaps, PQgetvalue(res, i, 0), (size_t)PQgetlength(res, i, 0));
    }
    PQclear(res);
    if (log == NULL)
        return CAT_OK;
    if ((rc = query_id(st, SQL_LOG_ALL, id, NULL, NULL, &res, err)) != CAT_OK)
        return rc;
    for (i = 0; i < PQntuples(res); i++) {
        char e[96];
        int k = snprintf(e, sizeof(e), "%s{\"timestamp-ms\":%lld,\"snapshot-id\":%lld}",
                         i ? "," : "", pg_get_int(res, i, 0), pg_get_int(res, i, 1));
        sbuf_add(log, e, (size_t)k);
    }
    PQclear(res);
    return CAT_OK;
}

/* Append the snapshots ADDED and the log entries LOG to table ID. */
static int parts_add(struct store *st, long long id, const json_t *added, const json_t *log,
                     struct srv_error *err)
{
    PGresult *res = NULL;
    int rc;
    if (json_array_size(added) > 0) {
        if ((rc = query_id(st, SQL_SNAP_ADD, id, added, NULL, &res, err)) != CAT_OK)
            return rc;
        if (PQntuples(res) != (int)json_array_size(added)) { /* name the first one not added */
            const json_t *s;
            size_t i;
            int k;
            json_array_foreach(added, i, s) {
                long long snap = json_integer_value(json_object_get(s, "snapshot-id"));
                for (k = 0; k < PQntuples(res) && pg_get_int(res, k, 0) != snap; k++)
                    ;
                if (k == PQntuples(res)) {
                    PQclear(res);
                    return srv_error_set(err, CAT_EEXISTS, "Snapshot %lld already exists.", snap);
                }
            }
            PQclear(res); /* an id twice in ADDED */
            return srv_error_set(err, CAT_EEXISTS, "A snapshot is added twice.");
        }
        PQclear(res);
    }
    if (json_array_size(log) > 0)
        return exec_id(st, SQL_LOG_ADD, id, log, NULL, err);
    return CAT_OK;
}

/* The head row of table ID: HEAD at LOCATION, or none when HEAD is NULL. */
static int head_put(struct store *st, long long id, const char *location, const json_t *head,
                    struct srv_error *err)
{
    struct pg_args a;
    int rc;
    if (head == NULL)
        return exec_id(st, SQL_HEAD_CLEAR, id, NULL, NULL, err);
    pg_args_init(&a);
    pg_arg_int(&a, id);
    if (location)
        pg_arg_text(&a, location);
    else
        pg_arg_null(&a);
    pg_arg_owned(&a, json_dumps(head, JSON_COMPACT));
    rc = pg_exec(st, SQL_HEAD_PUT, &a, NULL, err);
    pg_args_free(&a);
    return rc;
}

int pg_ice_put(struct store *st, const char *catalog, const char *db, const char *name,
               const char *location, const json_t *head, const json_t *added, const json_t *removed,
               const json_t *log, int log_cut, struct srv_error *err)
{
    long long id;
    int rc;
    if ((rc = pg_table_id(st, catalog, db, name, &id, err)) != CAT_OK)
        return rc;
    if (json_array_size(removed) > 0 &&
        ((rc = exec_id(st, SQL_SNAP_REMOVE, id, removed, NULL, err)) != CAT_OK ||
         (log_cut && (rc = exec_id(st, SQL_LOG_CUT, id, removed, NULL, err)) != CAT_OK)))
        return rc;
    if ((rc = head_put(st, id, location, head, err)) != CAT_OK)
        return rc;
    return parts_add(st, id, added, log, err);
}

int pg_ice_replace(struct store *st, const char *catalog, const char *db, const char *name,
                   const char *location, const json_t *head, const json_t *snapshots,
                   const json_t *log, struct srv_error *err)
{
    long long id;
    int rc;
    if ((rc = pg_table_id(st, catalog, db, name, &id, err)) != CAT_OK ||
        (rc = exec_id(st, SQL_SNAP_CLEAR, id, NULL, NULL, err)) != CAT_OK ||
        (rc = exec_id(st, SQL_LOG_CLEAR, id, NULL, NULL, err)) != CAT_OK ||
        (rc = head_put(st, id, location, head, err)) != CAT_OK || head == NULL)
        return rc;
    return parts_add(st, id, snapshots, log, err);
}
