/* pg_cat.h -- what pg_catalog.c and pg_sd.c share: JSON <-> argument and column helpers, the
** descriptor columns a table's statement reads, re-typing partition keys. */
#ifndef SRV_PG_CAT_H
#define SRV_PG_CAT_H

#include "store/pg/pg_int.h"
#include "store/shape.h"

/* Append TEXT (malloc'd; NULL: SQL NULL) to A, freed with A. */
void pgc_arg_owned_or_null(struct pg_args *a, char *text);
/* The string members of MAP (an object, else none) as a JSON object's text, for
** json_each_text() in SQL (only string values are kept, as row_params_save does). */
char *pgc_params_json(const json_t *map);
/* Column COL of ROW parsed as JSON, or NULL (SQL NULL or not JSON). */
json_t *pgc_get_json(const PGresult *r, int row, int col);
/* A new object from the json_object_agg() text in column COL of ROW (empty when NULL). */
json_t *pgc_get_map(const PGresult *r, int row, int col);
/* Set member KEY of O to element I of array A when that is a string. */
void pgc_set_elem_str(json_t *o, const char *key, const json_t *a, size_t i);
/* CAT_EINTERNAL "Internal error." */
int pgc_internal(struct srv_error *err);

/* The columns pgc_sd_from_row() reads, of storage_descriptors s (14 columns): the row, its
** columns, their parameters, its parameters and its SerDe's, as JSON aggregates. */
#define PGC_SD_COLS                                                                                \
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
/* A StorageDescriptor object from the PGC_SD_COLS columns of ROW starting at BASE, exactly as
** SQLite's loader makes it (members in the same order). */
json_t *pgc_sd_from_row(const PGresult *r, int row, int base);

/* The columns pgc_table_from_row() reads, over databases d, tables t (may be NULL: a LEFT JOIN)
** and their descriptors s: the whole table in one row. */
#define PGC_TABLE_COLS                                                                             \
    "SELECT d.id, t.id, t.name, d.name, t.description, t.owner, t.create_time, t.update_time,"     \
    " t.last_access_time, t.last_analyzed_time, t.retention, t.sd_id, t.view_original_text,"       \
    " t.view_expanded_text, t.table_type, t.version_id, t.extra,"                                  \
    " (SELECT json_agg(json_build_array(k.name, k.type, k.comment, k.params) ORDER BY k.pos)"      \
    "  FROM partition_keys k WHERE k.table_id = t.id),"                                            \
    " (SELECT json_object_agg(p.key, p.value ORDER BY p.key) FROM table_params p"                  \
    "  WHERE p.table_id = t.id), s.id," PGC_SD_COLS
#define PGC_TABLE_COL_SD 20 /* where PGC_SD_COLS begin */
/* The Table object of ROW of a PGC_TABLE_COLS result, or NULL (its descriptor row is missing). */
json_t *pgc_table_from_row(const char *catalog, const PGresult *r, int row);

/* When an update changes the type of a partition key (OLD_KEYS -> NEW_KEYS, PartitionKeys
** arrays), recompute that key's typed columns for the partitions of table TABLE_ID, so
** expressions compare by the new type. */
int pgc_retype_partitions(struct store *st, long long table_id, const json_t *old_keys,
                          const json_t *new_keys, struct srv_error *err);

#endif
