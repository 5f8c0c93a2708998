/* tcache.h -- a per-pool cache of loaded tables, checked against the stored row on every use
** (GetTable: unless the WAL index header shows nothing was committed since the last check).
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
** Threads: the cache is shared by a pool's connections and locks itself.  No jansson value
** crosses threads (jansson's reference counts are not made for sharing: a plain read of the
** count, a release without acquire before the free, which ThreadSanitizer reports): the
** cache keeps texts and jansson values of its own, reads them only under its lock, and hands
** out copies (GetTable's text; a deep copy of the opened table and of a memo), so every
** json_t a request holds is that request's alone.  A copy of a table that its request gave
** back whole (store_ptable_close, no reference to it or a part of it left) is kept as a spare
** and handed, under the lock, to the next request opening that version: ownership moves, no
** value is held by two requests at once, and the copying is mostly saved.
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
/* Of those hits, the GetTable answers given by the WAL index header alone (sqlite_tcache.c):
** nothing committed since the entry's stamp was last found current, so no SELECT ran. */
long tcache_quick_hits(const struct store *st);

/* store_ptable_open() through ST's cache: PT filled from the cache when the table is
** unchanged, else by LOAD (the uncached open), whose result is then cached.  Outside a
** transaction, a read transaction begins here (the stamp and what the caller reads next
** come from one snapshot, under one WAL read lock instead of one per statement) and PT
** records it for tcache_ptable_close().  PT is released with store_ptable_close(). */
typedef int store_ptable_load_fn(struct store *st, const char *catalog, const char *db,
                                 const char *name, struct store_ptable *pt, struct srv_error *err);
int tcache_ptable_open(struct store *st, const char *catalog, const char *db, const char *name,
                       struct store_ptable *pt, store_ptable_load_fn *load, struct srv_error *err);

/* For store_ptable_close(): end the read transaction tcache_ptable_open began for PT, if any,
** release PT's base_sd, and give PT's table back to the cache as a spare (PT->table NULL then)
** when it came from there, its version is still cached, and nothing else holds a reference to
** it or to any part of it.  PT's table and base_sd are read-only (store.h). */
void tcache_ptable_close(struct store_ptable *pt);

#endif
