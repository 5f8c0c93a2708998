/* pg_row.c -- PostgreSQL columns <-> JSON members: arguments from members, members from result
** columns, parameter maps and JSON aggregates, and the decoders of the rows of descriptors and
** tables (sqlite_row.c's counterpart). */
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

/* ================================================================ */
/* Decoders: a descriptor, a table.                                   */

/* A StorageDescriptor object from the PG_ROW_SD_COLS columns of ROW starting at BASE, with the
** members in the order SQLite's loader gives them. */
json_t *pg_row_sd_from_row(const PGresult *r, int row, int base)
{
    json_t *sd = json_object(), *serde = NULL, *cols, *cparams, *out;
    size_t i;
    pg_set_str(sd, "Location", r, row, base + 0);
    pg_set_str(sd, "InputFormat", r, row, base + 1);
    pg_set_str(sd, "OutputFormat", r, row, base + 2);
    pg_set_bool(sd, "Compressed", r, row, base + 3);
    pg_set_int(sd, "NumberOfBuckets", r, row, base + 4);
    pg_set_bool(sd, "StoredAsSubDirectories", r, row, base + 5);
    if (pg_get_int(r, row, base + 6)) {
        serde = json_object();
        pg_set_str(serde, "Name", r, row, base + 7);
        pg_set_str(serde, "SerializationLibrary", r, row, base + 8);
    }
    pg_set_extra(sd, r, row, base + 9);
    cols = pg_row_get_json(r, row, base + 10); /* [[name, type, comment], ...] by position */
    out = json_array();
    for (i = 0; i < json_array_size(cols); i++) {
        const json_t *c = json_array_get(cols, i);
        json_t *col = json_object();
        pg_row_set_elem_str(col, "Name", c, 0);
        pg_row_set_elem_str(col, "Type", c, 1);
        pg_row_set_elem_str(col, "Comment", c, 2);
        json_array_append_new(out, col);
    }
    cparams = pg_row_get_json(r, row, base + 11); /* [[pos, key, value], ...] by pos, key */
    for (i = 0; i < json_array_size(cparams); i++) {
        const json_t *p = json_array_get(cparams, i);
        json_t *col = json_array_get(out, (size_t)json_integer_value(json_array_get(p, 0)));
        json_t *params = json_object_get(col, "Parameters");
        if (col == NULL || !json_is_string(json_array_get(p, 1)))
            continue;
        if (params == NULL) {
            params = json_object();
            json_object_set_new(col, "Parameters", params);
        }
        json_object_set(params, json_string_value(json_array_get(p, 1)), json_array_get(p, 2));
    }
    json_decref(cparams);
    json_decref(cols);
    json_object_set_new(sd, "Columns", out);
    json_object_set_new(sd, "Parameters", pg_row_get_map(r, row, base + 12));
    if (serde) {
        json_object_set_new(serde, "Parameters", pg_row_get_map(r, row, base + 13));
        json_object_set_new(sd, "SerdeInfo", serde);
    }
    return sd;
}

json_t *pg_row_table_from_row(const char *catalog, const PGresult *r, int row)
{
    json_t *t = json_object(), *keys, *out;
    char version[24];
    size_t i;
    pg_set_str(t, "Name", r, row, 2);
    pg_set_str(t, "DatabaseName", r, row, 3);
    pg_set_str(t, "Description", r, row, 4);
    pg_set_str(t, "Owner", r, row, 5);
    pg_set_num(t, "CreateTime", r, row, 6);
    pg_set_num(t, "UpdateTime", r, row, 7);
    pg_set_num(t, "LastAccessTime", r, row, 8);
    pg_set_num(t, "LastAnalyzedTime", r, row, 9);
    pg_set_int(t, "Retention", r, row, 10);
    pg_set_str(t, "ViewOriginalText", r, row, 12);
    pg_set_str(t, "ViewExpandedText", r, row, 13);
    pg_set_str(t, "TableType", r, row, 14);
    snprintf(version, sizeof(version), "%lld", pg_get_int(r, row, 15));
    pg_set_extra(t, r, row, 16);
    json_object_set_new(t, "CatalogId", json_string(catalog));
    json_object_set_new(t, "VersionId", json_string(version));
    if (pg_get(r, row, 11)) {
        if (pg_get(r, row, PG_ROW_TABLE_COL_SD - 1) == NULL) { /* sd_id names no descriptor */
            json_decref(t);
            return NULL;
        }
        json_object_set_new(t, "StorageDescriptor",
                            pg_row_sd_from_row(r, row, PG_ROW_TABLE_COL_SD));
    }
    keys = pg_row_get_json(r, row, 17);
    out = json_array();
    for (i = 0; i < json_array_size(keys); i++) {
        const json_t *k = json_array_get(keys, i);
        const char *params = json_string_value(json_array_get(k, 3));
        json_t *key = json_object();
        pg_row_set_elem_str(key, "Name", k, 0);
        pg_row_set_elem_str(key, "Type", k, 1);
        pg_row_set_elem_str(key, "Comment", k, 2);
        if (params)
            json_object_set_new(key, "Parameters", json_loads(params, 0, NULL));
        json_array_append_new(out, key);
    }
    json_decref(keys);
    json_object_set_new(t, "PartitionKeys", out);
    json_object_set_new(t, "Parameters", pg_row_get_map(r, row, 18));
    return t;
}
