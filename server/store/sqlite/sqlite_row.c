/* sqlite_row.c -- what the store's files share: SQLite columns <-> JSON members, parameter maps,
** paged row collection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/shape.h"
#include "store/sqlite/sqlite_row.h"
/* ================================================================ */
/* Column helpers: JSON member -> bound parameter, result column -> JSON member. */

void row_bind_str(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

void row_bind_num(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_number(v))
        sqlite3_bind_double(s, i, json_number_value(v));
    else
        sqlite3_bind_null(s, i);
}

void row_bind_int(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_integer(v))
        sqlite3_bind_int64(s, i, json_integer_value(v));
    else
        sqlite3_bind_null(s, i);
}

void row_bind_bool(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_boolean(v))
        sqlite3_bind_int(s, i, json_is_true(v));
    else
        sqlite3_bind_null(s, i);
}

void row_get_str(json_t *o, const char *key, sqlite3_stmt *s, int col)
{
    const char *v = (const char *)sqlite3_column_text(s, col);
    if (v)
        json_object_set_new(o, key, json_string(v));
}

void row_get_num(json_t *o, const char *key, sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) != SQLITE_NULL)
        json_object_set_new(o, key, json_real(sqlite3_column_double(s, col)));
}

void row_get_int(json_t *o, const char *key, sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) != SQLITE_NULL)
        json_object_set_new(o, key, json_integer(sqlite3_column_int64(s, col)));
}

void row_get_bool(json_t *o, const char *key, sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) != SQLITE_NULL)
        json_object_set_new(o, key, json_boolean(sqlite3_column_int(s, col)));
}

/* Merge the JSON object text in column COL (if any) into O. */
void row_extra_load(json_t *o, sqlite3_stmt *s, int col)
{
    shape_extra_load(o, (const char *)sqlite3_column_text(s, col));
}

void row_bind_text_owned(sqlite3_stmt *s, int i, char *text)
{
    if (text)
        sqlite3_bind_text(s, i, text, -1, free);
    else
        sqlite3_bind_null(s, i);
}

/* Run a statement that returns no rows; map failures.  Resets STMT. */
int row_step_done(struct store *st, sqlite3_stmt *stmt, struct srv_error *err)
{
    int rc = sqlite3_step(stmt) == SQLITE_DONE ? CAT_OK : sq_sqlerr(st, err);
    sq_reset(stmt);
    return rc;
}

/* Turn the rows of STMT (bound, not yet stepped) into objects with ROW, skipping rows
** whose name (column NAME_COL) FILTER rejects, until LIMIT objects are collected.
** *OUT is a new array; *MORE = 1 when a further matching row exists.  Resets STMT. */
int row_collect(struct store *st, sqlite3_stmt *stmt, const char *catalog, int limit,
                size_t max_bytes, store_name_filter *filter, void *fctx, int name_col, row_fn *row,
                json_t **out, int *more, struct srv_error *err)
{
    json_t *list = json_array(), *item;
    size_t bytes = 0;
    int rc, n = 0;
    *out = NULL;
    *more = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (filter && !filter(fctx, (const char *)sqlite3_column_text(stmt, name_col)))
            continue;
        if (n == limit || (max_bytes && n > 0 && bytes >= max_bytes)) {
            *more = 1;
            break;
        }
        if ((rc = row(st, catalog, stmt, &item, err)) != CAT_OK)
            goto fail;
        if (max_bytes)
            bytes += json_dumpb(item, NULL, 0, JSON_COMPACT);
        json_array_append_new(list, item);
        n++;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        rc = sq_sqlerr(st, err);
        goto fail;
    }
    sq_reset(stmt);
    *out = list;
    return CAT_OK;
fail:
    sq_reset(stmt);
    json_decref(list);
    return rc;
}

/* ================================================================ */
/* Parameter maps: one row per key in a (owner, key, value) table.    */

int row_params_save(struct store *st, const char *sql, sqlite3_int64 owner, const json_t *map,
                    struct srv_error *err)
{
    const char *key;
    json_t *v;
    sqlite3_stmt *stmt;
    int rc;
    if (!json_is_object(map) || json_object_size(map) == 0)
        return CAT_OK;
    if ((stmt = sq_prep(st, sql, err)) == NULL)
        return err->code;
    json_object_foreach((json_t *)map, key, v) {
        if (!json_is_string(v))
            continue;
        sqlite3_bind_int64(stmt, 1, owner);
        sqlite3_bind_text(stmt, 2, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, json_string_value(v), -1, SQLITE_STATIC);
        if ((rc = row_step_done(st, stmt, err)) != CAT_OK)
            return rc;
    }
    return CAT_OK;
}

/* *OUT = a new object of the owner's parameters (empty when none). */
int row_params_load(struct store *st, const char *sql, sqlite3_int64 owner, json_t **out,
                    struct srv_error *err)
{
    sqlite3_stmt *stmt;
    json_t *map = json_object();
    int rc;
    *out = NULL;
    if ((stmt = sq_prep(st, sql, err)) == NULL) {
        json_decref(map);
        return err->code;
    }
    sqlite3_bind_int64(stmt, 1, owner);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        json_object_set_new(map, (const char *)sqlite3_column_text(stmt, 0),
                            json_string((const char *)sqlite3_column_text(stmt, 1)));
    sq_reset(stmt);
    if (rc != SQLITE_DONE) {
        json_decref(map);
        return sq_sqlerr(st, err);
    }
    *out = map;
    return CAT_OK;
}
