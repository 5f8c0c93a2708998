/* iceberg_meta.h -- Iceberg table and view metadata, pure: new metadata from a create request,
** commit requirements checked and updates applied (the table spec's rules), metadata split into
** the parts the store keeps and assembled again, and Iceberg schemas <-> Glue columns.
** No store, no I/O: every input is a jansson value, every output a new one. */
#ifndef SRV_ICEBERG_META_H
#define SRV_ICEBERG_META_H

#include <jansson.h>
#include <stdint.h>

#include "base/error.h"

/*
** How a table's metadata is kept (store.h, "Iceberg metadata"): its HEAD is the TableMetadata
** object of the table spec without the two members that grow with every snapshot, "snapshots"
** and "snapshot-log"; each snapshot is one more part, keyed by its id, in the order added; the
** snapshot log is a list of {"timestamp-ms", "snapshot-id"} entries.  A commit reads the head,
** asks for the snapshots it needs by id (struct ice_snapshots), and writes a struct ice_delta:
** the new head, the snapshots added, the ids removed, the log entries appended.  So a commit
** costs the same with 10 snapshots in the history as with 10,000.
** "metadata-log" stays in the head and is capped at write.metadata.previous-versions-max
** entries (default 100), as Java's catalog does.
**
** Errors: CAT_EINVAL (400 BadRequestException: a malformed request, an unknown requirement or
** update type, an update the spec forbids such as a spec id that does not exist), CAT_ECONCURRENT
** (409 CommitFailedException: a requirement that does not hold, a stale sequence number or
** first-row-id), CAT_ENOMEM.  Messages name the requirement or update and its index, counted
** from 0 ("requirement 1 (assert-ref-snapshot-id): branch main is at 42, not 41").
*/

/* The snapshots of the table as it was before the commit, for the engine to look up. */
struct ice_snapshots {
    /* *OUT = snapshot ID (a new reference) or NULL when it does not exist; CAT_OK, or a store
    ** error with ERR set, which the engine returns as it is. */
    int (*get)(void *arg, int64_t id, json_t **out, struct srv_error *err);
    void *arg;
};

/* What a commit changes. Owned by the caller after ice_commit_apply(); ice_delta_release(). */
struct ice_delta {
    int changed;     /* 0: nothing changes (write nothing); the other members are then NULL */
    json_t *head;    /* the new head */
    json_t *added;   /* array of snapshot objects added, in the order added */
    json_t *removed; /* array of integer ids of the snapshots removed (they existed before) */
    json_t *log;     /* array of snapshot-log entries appended */
    int log_cut;     /* 1: the log loses every entry up to and including the last one that
                     ** names a removed snapshot (Java's rule), before LOG is appended */
};
void ice_delta_release(struct ice_delta *d);

/* Check REQUIREMENTS (an array, NULL: none) against HEAD (NULL: the table does not exist: only
** assert-create holds then, and assert-ref-snapshot-id with a null snapshot-id (no ref exists);
** every other requirement fails; the UPDATES must then build a whole table from Java's empty
** metadata, assign-uuid and set-location included, else CAT_EINVAL) and apply UPDATES (an array)
** to it: the whole of CommitTableRequest.  NOW_MS is the commit's time (last-updated-ms,
** metadata-log entries).  PREV_LOCATION is the metadata location HEAD was stored at (NULL: none),
** which becomes a metadata-log entry when something changes. CAT_OK with *D filled (D->changed 0
** when the updates change nothing), or an error (D empty). */
int ice_commit_apply(const json_t *head, const struct ice_snapshots *snaps,
                     const json_t *requirements, const json_t *updates, int64_t now_ms,
                     const char *prev_location, struct ice_delta *d, struct srv_error *err);

/* The first metadata of a table from CreateTableRequest REQ ({name, location, schema,
** partition-spec, write-order, properties, stage-create}): field ids, spec ids and sort order
** ids assigned fresh as Java's TableMetadata.newTableMetadata does, format-version from the
** property "format-version" (default 2; 1..3), table-uuid new (UUID text in UUID, from the
** caller so that tests can pin it), location LOCATION (the caller decided it: REQ's, or the
** namespace's or warehouse's).  *OUT a whole TableMetadata (with "snapshots": [] and
** "snapshot-log": []).  CAT_EINVAL when REQ is not a valid request. */
int ice_table_new(const json_t *req, const char *location, const char *uuid, int64_t now_ms,
                  json_t **out, struct srv_error *err);

/* Split whole metadata META (borrowed) into its head (new, without "snapshots" and
** "snapshot-log"), *SNAPSHOTS (new array) and *LOG (new array).  CAT_EINVAL when META is not
** TableMetadata (format-version, table-uuid, location... missing or of the wrong type): this
** also checks a metadata file read from a warehouse or registered. */
int ice_split(const json_t *meta, json_t **head, json_t **snapshots, json_t **log,
              struct srv_error *err);
/* The whole TableMetadata of HEAD, SNAPSHOTS and LOG (all borrowed): a new object that shares
** their members (change none of them while it lives). */
json_t *ice_assemble(const json_t *head, const json_t *snapshots, const json_t *log);
/* Full metadata in, full metadata out: ice_split(), ice_commit_apply() with the split
** snapshots, and the delta merged back (for tests, the fuzz target, and tables whose metadata
** comes whole from a file).  *OUT NULL when nothing changed. */
int ice_commit_full(const json_t *meta, const json_t *requirements, const json_t *updates,
                    int64_t now_ms, const char *prev_location, json_t **out, struct srv_error *err);

/* The ids of the snapshots HEAD's refs name (for loadTable's snapshots=refs): a new array. */
json_t *ice_ref_snapshot_ids(const json_t *head);
/* The file name of metadata version VERSION (the count of metadata files so far: the
** metadata-log's length + 1): "%05d-<uuid>.metadata.json", in BUF. */
void ice_metadata_file_name(char *buf, size_t size, long long version, const char *uuid);

/* ---- Views: ViewMetadata, kept whole (it grows only by replace). ---- */
/* The first ViewMetadata from CreateViewRequest REQ ({name, location, schema, view-version,
** properties}); UUID new; LOCATION decided by the caller. */
int ice_view_new(const json_t *req, const char *location, const char *uuid, int64_t now_ms,
                 json_t **out, struct srv_error *err);
/* CommitViewRequest on META (assert-view-uuid; the view updates): *OUT the new metadata, or
** NULL when nothing changed. */
int ice_view_apply(const json_t *meta, const json_t *requirements, const json_t *updates,
                   int64_t now_ms, json_t **out, struct srv_error *err);

/* ---- Glue's shapes. ---- */
/* The Glue Columns of the current schema of table metadata HEAD, as Iceberg's GlueCatalog
** writes them: Name, Type (Hive type text: long -> bigint, struct<a:int>, ...), Comment (doc),
** Parameters {"iceberg.field.id", "iceberg.field.optional", "iceberg.field.current": "true"}.
** A new array. */
json_t *ice_glue_columns(const json_t *head);
/* An Iceberg schema (schema-id 0, ids from 1) from Glue Columns COLUMNS with Hive types (for
** CreateTable's OpenTableFormatInput, which sends Hive columns).  CAT_EINVAL naming a type
** with no Iceberg counterpart. */
int ice_schema_from_glue(const json_t *columns, json_t **out, struct srv_error *err);

/* Glue's own Iceberg shapes (PascalCase, the model's IcebergSchema, IcebergPartitionSpec,
** IcebergSortOrder, IcebergStructField...) turned into the REST protocol's (kebab-case):
** CreateTable's IcebergInput.CreateIcebergTableInput -> a CreateTableRequest (*OUT new), and
** UpdateTable's UpdateIcebergTableInput.Updates (a list of IcebergTableUpdate) -> an array of
** TableUpdate objects that ice_commit_apply() takes (add-schema + set-current-schema -1,
** add-spec + set-default-spec -1, ..., per Action).  CAT_EINVAL naming the member. */
int ice_create_from_glue(const json_t *iceberg_input, const json_t *table_input, json_t **out,
                         struct srv_error *err);
int ice_updates_from_glue(const json_t *updates, json_t **out, struct srv_error *err);

#endif
