/* pg_row.h -- PostgreSQL columns <-> JSON members (pg_row.c; sqlite_row.h's counterpart):
** arguments from members, members from columns, the columns a table's statement reads. */
#ifndef SRV_PG_ROW_H
#define SRV_PG_ROW_H

#include "store/pg/pg_int.h"
#include "store/shape.h"

/* Member KEY of O as string / number / integer / boolean (0/1), or NULL when absent or of
** another JSON type (as row_bind_* do on SQLite). */
void pg_arg_str(struct pg_args *a, const json_t *o, const char *key);
void pg_arg_jnum(struct pg_args *a, const json_t *o, const char *key);
void pg_arg_jint(struct pg_args *a, const json_t *o, const char *key);
void pg_arg_jbool(struct pg_args *a, const json_t *o, const char *key);
/* Set member KEY of O from column COL of ROW unless NULL (as row_get_* on SQLite). */
void pg_set_str(json_t *o, const char *key, const PGresult *r, int row, int col);
void pg_set_num(json_t *o, const char *key, const PGresult *r, int row, int col);
void pg_set_int(json_t *o, const char *key, const PGresult *r, int row, int col);
void pg_set_bool(json_t *o, const char *key, const PGresult *r, int row, int col);
/* Merge the JSON object text in column COL of ROW (if any) into O, keeping O's members. */
void pg_set_extra(json_t *o, const PGresult *r, int row, int col);

/* Append TEXT (malloc'd; NULL: SQL NULL) to A, freed with A. */
void pg_row_arg_owned_or_null(struct pg_args *a, char *text);
/* The string members of MAP (an object, else none) as a JSON object's text, for
** json_each_text() in SQL (only string values are kept, as row_params_save does). */
char *pg_row_params_json(const json_t *map);
/* Column COL of ROW parsed as JSON, or NULL (SQL NULL or not JSON). */
json_t *pg_row_get_json(const PGresult *r, int row, int col);
/* A new object from the json_object_agg() text in column COL of ROW (empty when NULL). */
json_t *pg_row_get_map(const PGresult *r, int row, int col);
/* Set member KEY of O to element I of array A when that is a string. */
void pg_row_set_elem_str(json_t *o, const char *key, const json_t *a, size_t i);
/* CAT_EINTERNAL "Internal error." */
int pg_row_internal(struct srv_error *err);

/* The columns pg_row_sd_from_row() reads, of storage_descriptors s (14 columns): the row, its
** columns, their parameters, its parameters and its SerDe's, as JSON aggregates. */
#define PG_ROW_SD_COLS                                                                             \
    " s.location, s.input_format, s.output_format, s.compressed, s.number_of_buckets,"             \
    " s.stored_as_subdirs, s.has_serde, s.serde_name, s.serde_lib, s.extra,"                       \
    " (SELECT json_agg(json_build_array(c.name, c.type, c.comment) ORDER BY c.pos)"                \
    "  FROM sd_columns c WHERE c.sd_id = s.id),"                                                   \
    " (SELECT json_agg(json_build_array(cp.pos, cp.key, cp.value) ORDER BY cp.pos, cp.key)"        \
    "  FROM sd_column_params cp WHERE cp.sd_id = s.id),"                                           \
    " (SELECT json_object_agg(sp.key, sp.value ORDER BY sp.key) FROM sd_params sp"                 \
    "  WHERE sp.sd_id = s.id),"                                                                    \
    " (SELECT json_object_agg(rp.key, rp.value ORDER BY rp.key) FROM serde_params rp"              \
    "  WHERE rp.sd_id = s.id)"
/* A StorageDescriptor object from the PG_ROW_SD_COLS columns of ROW starting at BASE, exactly as
** SQLite's loader makes it (members in the same order). */
json_t *pg_row_sd_from_row(const PGresult *r, int row, int base);

/* The columns pg_row_table_from_row() reads, over databases d, tables t (may be NULL: a LEFT JOIN)
** and their descriptors s: the whole table in one row. */
#define PG_ROW_TABLE_COLS                                                                          \
    "SELECT d.id, t.id, t.name, d.name, t.description, t.owner, t.create_time, t.update_time,"     \
    " t.last_access_time, t.last_analyzed_time, t.retention, t.sd_id, t.view_original_text,"       \
    " t.view_expanded_text, t.table_type, t.version_id, t.extra,"                                  \
    " (SELECT json_agg(json_build_array(k.name, k.type, k.comment, k.params) ORDER BY k.pos)"      \
    "  FROM partition_keys k WHERE k.table_id = t.id),"                                            \
    " (SELECT json_object_agg(p.key, p.value ORDER BY p.key) FROM table_params p"                  \
    "  WHERE p.table_id = t.id), s.id," PG_ROW_SD_COLS
#define PG_ROW_TABLE_COL_SD 20 /* where PG_ROW_SD_COLS begin */
/* The Table object of ROW of a PG_ROW_TABLE_COLS result, or NULL (its descriptor row is missing).
 */
json_t *pg_row_table_from_row(const char *catalog, const PGresult *r, int row);

#endif
