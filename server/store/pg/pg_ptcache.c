/* pg_ptcache.c -- PostgreSQL backend: tables opened for partition work, cached per pool and
** checked by their stamp in the caller's own snapshot.
**
** A partition call opens its table (store_ptable_open) in the snapshot its partition reads
** use (store.h).  Loading the table is one statement that builds its whole JSON; the stamp is a
** light one: the database's and the table's row ids, VersionId, creation and update times and
** descriptor id, read by name in the same snapshot.  When an entry with the same stamp is
** cached, the table it holds is what that snapshot holds (every change of a table's stored
** definition moves its version and update time; a table dropped and made again has a new row
** id, as PostgreSQL never reuses identity values; a database renamed or made again resolves
** to another row), so the call takes a copy of it instead of loading.  Nothing is ever stale:
** the check is in the snapshot, whatever another catalogd committed.  An entry also goes with
** the invalidations of the pool's GetTable cache that this process's own commits did not cause
** (pg_tcache_gen: a notification heard, which the triggers of migration 0008 send for any
** writer of a table's rows, also a client that is not catalogd and moves no stamp): it is used
** only while that generation is the one it was kept at.  Used in read-only snapshots and write
** transactions alike (a transaction that changed the table has another stamp in its own
** snapshot); filled only from committed state: a read-only snapshot, or a write transaction
** that has written nothing yet (no transaction id assigned).  Readers' memos (store.h) are
** kept with the entry: a new stamp is a new entry.
**
** Threads: shared by a pool's connections, under one lock; no jansson value crosses threads
** (copies in and out, as the SQLite cache does).  At most PTC_MAX entries: when full, the
** oldest goes. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/memo.h"
#include "store/pg/pg_int.h"

#define NBUCKETS 256
#define PTC_MAX 1024 /* tables */

struct ptc_entry {
    struct ptc_entry *chain, *older, *newer;
    unsigned long hash;
    char *key; /* catalog NUL db NUL name NUL */
    size_t klen;
    char *stamp;               /* the stamp's text */
    unsigned long long gen;    /* the table cache's invalidations when it was kept */
    long long id, sd_id;       /* the table's row id and descriptor id */
    json_t *table;             /* the Table object as loaded (the cache's own) */
    json_t *memo;              /* readers' memos (copies), or NULL */
    unsigned long long serial; /* this entry's number, never reused: what memos check */
};

struct pg_ptcache {
    pthread_mutex_t lock;
    struct ptc_entry *buckets[NBUCKETS];
    struct ptc_entry *oldest, *newest;
    int n;
    unsigned long long serials;
    long hits, loads;
};

struct pg_ptcache *pg_ptcache_new(void)
{
    struct pg_ptcache *c = xcalloc(1, sizeof(*c));
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

static void drop(struct pg_ptcache *c, struct ptc_entry *e) /* lock held */
{
    struct ptc_entry **p = &c->buckets[e->hash % NBUCKETS];
    while (*p != e)
        p = &(*p)->chain;
    *p = e->chain;
    if (e->older)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    if (e->newer)
        e->newer->older = e->older;
    else
        c->newest = e->older;
    c->n--;
    json_decref(e->table);
    json_decref(e->memo);
    free(e->stamp);
    free(e->key);
    free(e);
}

void pg_ptcache_free(struct pg_ptcache *c)
{
    if (c == NULL)
        return;
    while (c->oldest)
        drop(c, c->oldest);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

void pg_ptcache_counts(struct pg_ptcache *c, long *hits, long *loads)
{
    *hits = *loads = 0;
    if (c == NULL)
        return;
    pthread_mutex_lock(&c->lock);
    *hits = c->hits;
    *loads = c->loads;
    pthread_mutex_unlock(&c->lock);
}

/* The key of (CATALOG, DB, NAME) into BUF (SIZE bytes): its length, or 0 when it does not fit. */
static size_t key_make(char *buf, size_t size, const char *catalog, const char *db,
                       const char *name, unsigned long *hash)
{
    size_t a = strlen(catalog) + 1, b = strlen(db) + 1, n = strlen(name) + 1;
    if (a + b + n > size)
        return 0;
    memcpy(buf, catalog, a);
    memcpy(buf + a, db, b);
    memcpy(buf + a + b, name, n);
    *hash = (unsigned long)util_fnv1a_n(buf, a + b + n);
    return a + b + n;
}

static struct ptc_entry *find(struct pg_ptcache *c, const char *key, size_t klen,
                              unsigned long hash) /* lock held */
{
    struct ptc_entry *e;
    for (e = c->buckets[hash % NBUCKETS]; e; e = e->chain)
        if (e->hash == hash && e->klen == klen && memcmp(e->key, key, klen) == 0)
            return e;
    return NULL;
}

int pg_ptcache_get(struct pg_ptcache *c, const char *catalog, const char *db, const char *name,
                   const char *stamp, unsigned long long gen, struct store_ptable *pt)
{
    char key[1024];
    unsigned long hash;
    size_t klen = key_make(key, sizeof(key), catalog, db, name, &hash);
    struct ptc_entry *e;
    int hit = 0;
    if (c == NULL || klen == 0)
        return 0;
    pthread_mutex_lock(&c->lock);
    if ((e = find(c, key, klen, hash)) != NULL && strcmp(e->stamp, stamp) == 0 && e->gen == gen &&
        (pt->table = json_deep_copy(e->table)) != NULL) {
        pt->id = e->id;
        pt->sd_id = e->sd_id;
        pt->cache = c;
        pt->cached_from = e->serial;
        c->hits++;
        hit = 1;
    } else {
        c->loads++;
    }
    pthread_mutex_unlock(&c->lock);
    return hit;
}

void pg_ptcache_put(struct pg_ptcache *c, const char *catalog, const char *db, const char *name,
                    const char *stamp, unsigned long long gen, struct store_ptable *pt)
{
    char key[1024];
    unsigned long hash;
    size_t klen = key_make(key, sizeof(key), catalog, db, name, &hash);
    struct ptc_entry *e;
    json_t *copy;
    if (c == NULL || klen == 0 || (copy = json_deep_copy(pt->table)) == NULL)
        return;
    e = xcalloc(1, sizeof(*e));
    e->hash = hash;
    e->klen = klen;
    e->key = xmalloc(klen);
    memcpy(e->key, key, klen);
    e->stamp = xstrdup(stamp);
    e->gen = gen;
    e->id = pt->id;
    e->sd_id = pt->sd_id;
    e->table = copy;
    pthread_mutex_lock(&c->lock);
    {
        struct ptc_entry *old = find(c, key, klen, hash);
        if (old)
            drop(c, old);
    }
    while (c->n >= PTC_MAX)
        drop(c, c->oldest);
    e->serial = ++c->serials;
    e->chain = c->buckets[hash % NBUCKETS];
    c->buckets[hash % NBUCKETS] = e;
    e->older = c->newest;
    if (c->newest)
        c->newest->newer = e;
    else
        c->oldest = e;
    c->newest = e;
    c->n++;
    pt->cache = c;
    pt->cached_from = e->serial;
    pthread_mutex_unlock(&c->lock);
}

/* The entry PT was opened from, the same version (lock held), or NULL. */
static struct ptc_entry *entry_of(struct pg_ptcache *c, const struct store_ptable *pt)
{
    char key[1024];
    unsigned long hash;
    size_t klen;
    struct ptc_entry *e;
    if (pt->cache != c || pt->cached_from == 0 || pt->catalog == NULL || pt->db == NULL ||
        pt->name == NULL ||
        (klen = key_make(key, sizeof(key), pt->catalog, pt->db, pt->name, &hash)) == 0)
        return NULL;
    e = find(c, key, klen, hash);
    return e && e->serial == pt->cached_from ? e : NULL;
}

json_t *pg_ptcache_memo_get(struct pg_ptcache *c, const struct store_ptable *pt, const char *key)
{
    struct ptc_entry *e;
    json_t *v = NULL;
    if (c == NULL)
        return NULL;
    pthread_mutex_lock(&c->lock);
    if ((e = entry_of(c, pt)) != NULL)
        v = store_memo_get(e->memo, key);
    pthread_mutex_unlock(&c->lock);
    return v;
}

void pg_ptcache_memo_put(struct pg_ptcache *c, const struct store_ptable *pt, const char *key,
                         json_t *value)
{
    struct ptc_entry *e;
    json_t *copy;
    if (c == NULL || value == NULL || pt->cached_from == 0 ||
        (copy = json_deep_copy(value)) == NULL) /* the cache's own: VALUE stays the caller's */
        return;
    pthread_mutex_lock(&c->lock);
    if ((e = entry_of(c, pt)) != NULL) {
        store_memo_put(&e->memo, key, copy);
        copy = NULL;
    }
    pthread_mutex_unlock(&c->lock);
    json_decref(copy);
}
