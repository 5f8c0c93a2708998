/* shape.h -- what a Glue object becomes in rows, whichever database: the members kept in
** columns and the rest kept as JSON text, a partition's storage descriptor kept as a difference
** from its table's, the statements both SQL dialects share, and the policies both backends
** follow (when ANALYZE runs, what a crawler row says).  Pure jansson: no database library.
** Both store backends (store/sqlite/, store/pg/) write through it, so that they differ only in
** SQL and driver calls. */
#ifndef SRV_SHAPE_H
#define SRV_SHAPE_H

#include <jansson.h>
#include <pthread.h>

#include "lang/pexpr.h"
#include "store/store.h"

/* ---- Members kept in columns; the others go to an `extra` (or `body`) JSON text ---- */

/* The members of a Database, Table, StorageDescriptor and UserDefinedFunction that have
** columns (or rows) of their own or are filled on reads (NULL-terminated). */
extern const char *const SHAPE_DB_KNOWN[];
extern const char *const SHAPE_TABLE_KNOWN[];
extern const char *const SHAPE_SD_KNOWN[];
extern const char *const SHAPE_UDF_KNOWN[];

/* The members of O not named in KNOWN (NULL-terminated) and not JSON null, as compact JSON
** text (the caller frees it), or NULL when there are none. */
char *shape_extra_dump(const json_t *o, const char *const *known);
/* Merge the JSON object TEXT (NULL: nothing) into O, keeping O's own members. */
void shape_extra_load(json_t *o, const char *text);

/* Would storage descriptor NEW_SD read back as OLD (as stored)?  Then its row is kept. */
int shape_sd_same(const json_t *old, const json_t *new_sd);

/* ---- Partitions: the descriptor as a difference from the table's ---- */

/* How a partition's descriptor is kept: relative to BASE.  LOC_REL: its Location relative to
** BASE's (when below it; "" for the table's own), else LOCATION (NULL: none); DIFF: its
** members that differ from BASE's; ABSENT: an array of BASE's members it lacks.  An absent
** Columns / Parameters / SerdeInfo.Parameters reads as empty, the way a stored descriptor
** reads back. */
struct sd_form {
    const char *loc_rel, *location; /* borrowed from the input */
    json_t *diff, *absent;          /* owned; NULL when empty */
};

/* Describe partition descriptor SD (NULL: none given, i.e. the table's) against BASE in *F
** (release it with sd_form_release()).  Compares in place: this runs for every partition
** written. */
void sd_diff(const json_t *base, const json_t *sd, struct sd_form *f);
void sd_form_release(struct sd_form *f);

/* The `rest` text of partition input IN described by F: its members outside the partition
** row's own columns, with F's difference as "__sd" and "__sdx" (an input member so named,
** only possible outside the model, is dropped).  When a member outside the model holds the
** key "Parameters" somewhere, Parameters itself is stored (empty), so that the reader's test
** for it stays exact.  Malloc'd; NULL when there is nothing to keep. */
char *shape_partition_rest(const json_t *in, const struct sd_form *f);

/* The stored descriptor row ID a partition of PT was written against (borrowed from PT's
** caches; LOAD reads it from the database the first time), or NULL for ID 0. */
typedef int shape_sd_load_fn(struct store *st, long long id, json_t **out, struct srv_error *err);
int shape_base_sd(struct store *st, struct store_ptable *pt, long long id, shape_sd_load_fn *load,
                  const json_t **out, struct srv_error *err);

/* Finish stored partition ROW (values, creation time, base, base id and an absolute location
** already set) from its other stored columns and visit it with FN: LOC_REL (NULL: none) is its
** location relative to the base's; REST the JSON text of its other members, holding the
** descriptor difference as "__sd" (members that differ) and "__sdx" (base members it lacks).
** Returns FN's result, or CAT_ENOMEM.  ROW's pointers are valid during the visit only. */
int sd_row_visit(struct store_prow *row, const char *loc_rel, const char *rest, store_prow_fn *fn,
                 void *arg, struct srv_error *err);

/* A store_prow_fn: append the Name of each column of the visited partition's descriptor to
** ARG (a JSON array), for store_partition_locate(). */
int shape_sd_columns(void *arg, const struct store_prow *row);

/* Fill PT's names, key count and key types from its loaded table PT->table (id, descriptor
** id and the rest are the backend's). */
void shape_ptable_keys(struct store_ptable *pt);

/* PT's typed keys for pexpr_compile / pexpr_compile_pg in KEYS: returns their count. */
int shape_pexpr_keys(const struct store_ptable *pt, struct pexpr_key keys[STORE_TYPED_KEYS]);

/* The PartitionIndexDescriptor of index NAME over the keys named in the JSON array text
** KEY_NAMES (as stored), typed from TABLE's PartitionKeys.  A new object. */
json_t *shape_pindex(const json_t *table, const char *name, const char *key_names);

/* A page of partitions binds parameter 1 the table id, 2 the values after which it starts,
** 3 the number of segments, 4 the segment, 5 the limit; a compiled expression's parameters
** (pexpr_compile, pexpr_compile_pg) follow from this one. */
#define SHAPE_PAGE_EXPR_PARAM 6

/* ---- Planner statistics ---- */

/* When ANALYZE partitions runs: whenever the partition rows written since the last run reach
** the number written before it (plus a floor): 10k, 20k, 40k, ...; at most about twice the work
** of one final ANALYZE over the whole catalog, and none for catalogs that do not grow.  One per
** backend (a static SHAPE_ANALYZE_INIT). */
struct shape_analyze {
    pthread_mutex_t lock;
    long written, next;
};
#define SHAPE_ANALYZE_INIT                                                                         \
    {                                                                                              \
        PTHREAD_MUTEX_INITIALIZER, 0, 10000                                                        \
    }
/* Count N rows written by a committed transaction: 1 when ANALYZE is due now. */
int shape_analyze_due(struct shape_analyze *a, long n);

/* ---- Tags ---- */

/* The `kind` column of resource_tags for each enum store_tag_kind. */
extern const char *const SHAPE_TAG_KIND[];
/* How a backend finds the row id of a tagged database, table or function (ENOTFOUND with
** Glue's words when it does not exist). */
struct shape_ids {
    int (*db)(struct store *st, const char *catalog, const char *name, long long *id,
              struct srv_error *err);
    int (*table)(struct store *st, const char *catalog, const char *db, const char *name,
                 long long *id, struct srv_error *err);
    int (*udf)(struct store *st, const char *catalog, const char *db, const char *name,
               long long *id, struct srv_error *err);
};
/* *ID = the row id of the entity of KIND that DB and NAME name (NAME unused for a database). */
int shape_tag_owner(const struct shape_ids *ids, struct store *st, const char *catalog,
                    enum store_tag_kind kind, const char *db, const char *name, long long *id,
                    struct srv_error *err);

/* ---- Crawlers: one JSON document a row, with the columns the scans read ---- */

/* The statements both dialects share, with P the parameter sigil ("?" for SQLite's ?NNN,
** "$" for PostgreSQL's $n): the same numbers either way. */
#define SHAPE_SQL_CRAWLER_GET(P)                                                                   \
    "SELECT doc FROM crawlers WHERE catalog_id = " P "1 AND name = " P "2"
#define SHAPE_SQL_CRAWLER_PUT(P)                                                                   \
    "UPDATE crawlers SET state = " P "3, scheduled = " P "4, doc = " P "5"                         \
    " WHERE catalog_id = " P "1 AND name = " P "2"
#define SHAPE_SQL_CRAWLER_DELETE(P)                                                                \
    "DELETE FROM crawlers WHERE catalog_id = " P "1 AND name = " P "2"
#define SHAPE_SQL_CRAWLER_LIST(P)                                                                  \
    "SELECT doc FROM crawlers WHERE catalog_id = " P "1 AND name > " P "2"                         \
    " ORDER BY name LIMIT " P "3"
#define SHAPE_SQL_CRAWLER_SCAN_STATE(P)                                                            \
    "SELECT catalog_id, doc FROM crawlers WHERE state = " P "1 ORDER BY id"
#define SHAPE_SQL_CRAWLER_SCAN_SCHED                                                               \
    "SELECT catalog_id, doc FROM crawlers WHERE scheduled = 1 ORDER BY id"
#define SHAPE_SQL_CRAWL_TRIM(P)                                                                    \
    "DELETE FROM crawls WHERE crawler_id = (SELECT id FROM crawlers WHERE catalog_id = " P "1"     \
    " AND name = " P "2) AND id NOT IN (SELECT c.id FROM crawls c JOIN crawlers r"                 \
    " ON r.id = c.crawler_id WHERE r.catalog_id = " P "1 AND r.name = " P "2"                      \
    " ORDER BY c.start_time DESC, c.id DESC LIMIT " P "3)"

/* The row's columns for CRAWLER: its state ("READY" when it has none) and whether its
** schedule is on (1: the service thread's scan reads it). */
const char *shape_crawler_state(const json_t *crawler);
int shape_crawler_scheduled(const json_t *crawler);
/* A stored document TEXT (NULL: none) as a new object, or NULL; wrapped as {"CatalogId",
** "Crawler"} when CATALOG is not NULL (the scans' rows). */
json_t *shape_crawler_doc(const char *text, const char *catalog);
/* Append document TEXT (made by shape_crawler_doc with CATALOG; one that does not parse is
** passed over) to LIST, unless LIST holds LIMIT (>= 0; -1: no limit) documents already: then
** *MORE = 1 (MORE may be NULL) and 0, the end of the rows to read.  Else 1. */
int shape_crawler_collect(json_t *list, const char *text, const char *catalog, int limit,
                          int *more);
/* The errors in Glue's words: ENOTFOUND for NAME; EEXISTS for CRAWLER's name. */
int shape_crawler_not_found(const char *name, struct srv_error *err);
int shape_crawler_exists(const json_t *crawler, struct srv_error *err);

#endif
