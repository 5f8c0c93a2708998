/* tcache.h -- a per-pool cache of loaded tables, checked against the stored row on every use.
**
** GetTable and every partition call start by loading their table: about ten SQLite
** statements and a jansson tree. The cache keeps, per (catalog, database, table), what
** that load produced (GetTable's answer text; the store_ptable partition calls open) with
** the table's stamp: its database's row id, its own row id, VersionId, CreateTime,
** UpdateTime and descriptor row id. Every use first reads the stamp again with one indexed
** SELECT and uses the entry only when nothing differs, so a write by another connection or
** another process is seen at once: UpdateTable (and the key retyping it does) moves the
** version, DeleteTable + CreateTable gives a new row or new times, renaming or recreating the
** database changes what the name resolves to. Entries are filled in a read transaction (the
** stamp and the content from one snapshot), never from a write transaction.
**
** Not seen (the one gap): a table deleted and created again under the same name, in the same
** database row, reusing the same table and descriptor row ids (SQLite reuses the highest ones),
** within the same millisecond as its first creation, after a cached read in between.
**
** Threads: the cache is shared by a pool's connections and locks itself.  Cached jansson
** values are shared by the requests using them and never modified once cached; this relies
** on jansson's atomic reference counts (JSON_HAVE_ATOMIC_BUILTINS).  ThreadSanitizer flags
** jansson's last release (a release decrement without an acquire fence before the free,
** and a plain read of the count): harmless on x86-64's ordering; suppress race:json_decref.
*/
#ifndef SRV_TCACHE_H
#define SRV_TCACHE_H

#include <jansson.h>

#include "base/error.h"
#include "store/store.h"

struct tcache;

/* An empty cache holding at most MAX tables (older ones go first).  Never NULL. */
struct tcache *tcache_new(int max);
void tcache_free(struct tcache *tc); /* NULL-safe; no connection may still use it */

/* The uses of ST's cache so far: answered from it (HITS), loaded from the tables (LOADS),
** and loads kept in it (KEPT).  All 0 when ST has no cache (outside a pool). */
void tcache_counts(const struct store *st, long *hits, long *loads, long *kept);

/* store_ptable_open() through ST's cache: PT filled from the cache when the table is
** unchanged, else by LOAD (the uncached open), whose result is then cached.  Outside a
** transaction, a read transaction begins here (the stamp and what the caller reads next
** come from one snapshot, under one WAL read lock instead of one per statement) and PT
** records it for tcache_snapshot_end().  PT is released with store_ptable_close(). */
typedef int store_ptable_load_fn(struct store *st, const char *catalog, const char *db,
                                 const char *name, struct store_ptable *pt, struct srv_error *err);
int tcache_ptable_open(struct store *st, const char *catalog, const char *db, const char *name,
                       struct store_ptable *pt, store_ptable_load_fn *load, struct srv_error *err);

/* End the read transaction tcache_ptable_open began for PT, if any (store_ptable_close). */
void tcache_snapshot_end(struct store_ptable *pt);

#endif
