/* iceberg_text.h -- the rendered text of Iceberg tables' snapshots and snapshot logs, kept in
** memory per table for the exact table version it was made for, so a commit on a table with a
** long history appends to it instead of reading the history from the store.
**
** Correctness rule: an entry is found only with the STAMP it was kept under, a string the
** caller makes from what identifies one version of a table's parts beyond doubt (its VersionId
** and its metadata location, which names a file with a fresh uuid per commit).  Whatever else
** changes the table (another process's commit on PostgreSQL, a Glue UpdateTable, a rename, a
** drop and re-create) changes the stamp, so the entry simply misses and the caller rebuilds
** from the store.  An entry kept by a transaction that then rolls back is never found (its
** stamp never becomes current).  Bounded: at most ICE_TEXT_ENTRIES tables and ICE_TEXT_BYTES
** bytes in all (the least recently used go first); a text larger than ICE_TEXT_BYTES / 4 is not
** kept.  Thread-safe. */
#ifndef SRV_ICEBERG_TEXT_H
#define SRV_ICEBERG_TEXT_H

#include <stddef.h>

#include "base/util.h"

#define ICE_TEXT_ENTRIES 64
#define ICE_TEXT_BYTES (256u * 1024 * 1024)

/* One table's texts: the snapshots' JSON texts, and the log's entries, each separated by
** commas without brackets (store_ice_text()'s form). */
struct ice_text {
    struct sbuf snaps, log;
};

/* Take the entry of table NAME of DB in CATALOG out of the cache when it was kept under STAMP:
** 1 and *OUT holds its texts (the caller's now), else 0 (*OUT zeroed; an entry under another
** stamp is dropped). */
int ice_text_take(const char *catalog, const char *db, const char *name, const char *stamp,
                  struct ice_text *out);

/* Keep T's texts (taken: T is zeroed) for table NAME of DB in CATALOG under STAMP, replacing
** the table's entry if any. */
void ice_text_keep(const char *catalog, const char *db, const char *name, const char *stamp,
                   struct ice_text *t);

/* Free T's texts and zero it (NULL-safe). */
void ice_text_release(struct ice_text *t);

/* Drop every entry (tests; the process's end). */
void ice_text_clear(void);

/* Entries and bytes kept now (tests). */
void ice_text_counts(size_t *entries, size_t *bytes);

#endif
