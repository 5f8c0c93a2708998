/* pg_row.c -- PostgreSQL columns <-> JSON members: arguments from members, members from result
** columns, parameter maps and JSON aggregates (sqlite_row.c's counterpart). */
#include "store/pg/pg_row.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/shape.h"

/* ================================================================ */
/* Members -> arguments, columns -> members.                          */

void pg_arg_str(struct pg_args *a, const json_t *o, const char *key)
{
    pg_arg_text(a, json_string_value(json_object_get(o, key)));
}

void pg_arg_jnum(struct pg_args *a, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_number(v))
        pg_arg_num(a, json_number_value(v));
    else
        pg_arg_null(a);
}

void pg_arg_jint(struct pg_args *a, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_integer(v))
        pg_arg_int(a, json_integer_value(v));
    else
        pg_arg_null(a);
}

void pg_arg_jbool(struct pg_args *a, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_boolean(v))
        pg_arg_int(a, json_is_true(v));
    else
        pg_arg_null(a);
}

void pg_set_str(json_t *o, const char *key, const PGresult *r, int row, int col)
{
    const char *v = pg_get(r, row, col);
    if (v)
        json_object_set_new(o, key, json_string(v));
}

void pg_set_num(json_t *o, const char *key, const PGresult *r, int row, int col)
{
    if (!PQgetisnull(r, row, col))
        json_object_set_new(o, key, json_real(pg_get_num(r, row, col)));
}

void pg_set_int(json_t *o, const char *key, const PGresult *r, int row, int col)
{
    if (!PQgetisnull(r, row, col))
        json_object_set_new(o, key, json_integer(pg_get_int(r, row, col)));
}

void pg_set_bool(json_t *o, const char *key, const PGresult *r, int row, int col)
{
    if (!PQgetisnull(r, row, col))
        json_object_set_new(o, key, json_boolean(pg_get_int(r, row, col) != 0));
}

void pg_set_extra(json_t *o, const PGresult *r, int row, int col)
{
    shape_extra_load(o, pg_get(r, row, col));
}

/* ================================================================ */
/* JSON columns.                                                      */

/* Append A's argument: text (malloc'd, NULL for SQL NULL), freed with A. */
void pg_row_arg_owned_or_null(struct pg_args *a, char *text)
{
    if (text)
        pg_arg_owned(a, text);
    else
        pg_arg_null(a);
}

/* The string members of MAP (an object, else none) as the text of a JSON object, for
** json_each_text() in SQL (only string values are kept, as row_params_save does). */
char *pg_row_params_json(const json_t *map)
{
    json_t *o = json_object(), *v;
    const char *key;
    char *text;
    json_object_foreach((json_t *)map, key, v) {
        if (json_is_string(v))
            json_object_set(o, key, v);
    }
    text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (text == NULL)
        abort(); /* out of memory */
    return text;
}

/* Column COL of ROW parsed as JSON, or NULL (SQL NULL or not JSON). */
json_t *pg_row_get_json(const PGresult *r, int row, int col)
{
    const char *text = pg_get(r, row, col);
    return text ? json_loads(text, 0, NULL) : NULL;
}

/* A new object from the json_object_agg() text in column COL of ROW (empty when NULL). */
json_t *pg_row_get_map(const PGresult *r, int row, int col)
{
    json_t *m = pg_row_get_json(r, row, col);
    if (!json_is_object(m)) {
        json_decref(m);
        m = json_object();
    }
    return m;
}

/* Set member KEY of O to the string element I of array A unless it is not a string. */
void pg_row_set_elem_str(json_t *o, const char *key, const json_t *a, size_t i)
{
    const json_t *v = json_array_get(a, i);
    if (json_is_string(v))
        json_object_set(o, key, (json_t *)v);
}

int pg_row_internal(struct srv_error *err)
{
    return srv_error_set(err, CAT_EINTERNAL, "Internal error.");
}
