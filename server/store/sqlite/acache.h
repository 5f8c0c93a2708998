/* acache.h -- a per-pool cache of answers, each valid while the WAL index header is unchanged.
**
** What store_answer_get() and store_answer_put() promise (store.h), on SQLite: an answer is
** kept with the WAL index header (sq_wal_header()) read before the reads that made it, and only
** when the header reads the same after them: nothing was committed in between, so the reads
** saw that state.  It is handed back while the header still reads so: every commit, through
** any connection of any process, rewrites it, so a kept answer is never older than the
** catalog.  An answer whose header no longer matches is dropped when found; the least recently
** used go first past the byte cap.  A header that does not read consistently (a commit half
** written, no WAL index: ":memory:") misses and keeps nothing.
**
** Threads: shared by a pool's connections, under one lock; texts are copied in and out. */
#ifndef SRV_ACACHE_H
#define SRV_ACACHE_H

#include <stddef.h>

struct acache;
struct store;

/* An empty cache of at most MAX_BYTES of keys and texts.  Never NULL. */
struct acache *acache_new(size_t max_bytes);
void acache_free(struct acache *ac); /* NULL-safe; no connection may still use it */

/* The uses of ST's cache so far: answers handed back (HITS) and kept (KEPT), and the bytes
** held now (BYTES).  All 0 when ST has no cache (outside a pool). */
void acache_counts(const struct store *st, long *hits, long *kept, size_t *bytes);

#endif
