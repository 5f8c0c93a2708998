/* sqlite_acache.c -- SQLite backend: answers kept while nothing is committed (acache.h). */
#include "store/sqlite/acache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/sqlite/sqlite_int.h"

#define NBUCKETS 4096

/* One kept answer: in a bucket's chain and in the age list (newest used last). */
struct answer {
    struct answer *chain, *older, *newer;
    unsigned long hash;
    unsigned char header[SQ_WALHDR]; /* the WAL index header its reads saw */
    size_t klen, tlen;
    char *key, *text;
};

struct acache {
    pthread_mutex_t lock;
    struct answer *buckets[NBUCKETS];
    struct answer *oldest, *newest;
    size_t bytes, max;
    long hits, kept;
};

/* What an answer counts against the cap: its key, its text and its bookkeeping. */
static size_t cost(const struct answer *a)
{
    return a->klen + a->tlen + sizeof(*a) + 32;
}

struct acache *acache_new(size_t max_bytes)
{
    struct acache *ac = xcalloc(1, sizeof(*ac));
    pthread_mutex_init(&ac->lock, NULL);
    ac->max = max_bytes;
    return ac;
}

static void drop(struct acache *ac, struct answer *a) /* lock held */
{
    struct answer **p = &ac->buckets[a->hash % NBUCKETS];
    while (*p != a)
        p = &(*p)->chain;
    *p = a->chain;
    if (a->older)
        a->older->newer = a->newer;
    else
        ac->oldest = a->newer;
    if (a->newer)
        a->newer->older = a->older;
    else
        ac->newest = a->older;
    ac->bytes -= cost(a);
    free(a->key);
    free(a->text);
    free(a);
}

void acache_free(struct acache *ac)
{
    if (ac == NULL)
        return;
    while (ac->oldest)
        drop(ac, ac->oldest);
    pthread_mutex_destroy(&ac->lock);
    free(ac);
}

void acache_counts(const struct store *st, long *hits, long *kept, size_t *bytes)
{
    struct acache *ac = SQ(st)->ac;
    *hits = *kept = 0;
    *bytes = 0;
    if (ac == NULL)
        return;
    pthread_mutex_lock(&ac->lock);
    *hits = ac->hits;
    *kept = ac->kept;
    *bytes = ac->bytes;
    pthread_mutex_unlock(&ac->lock);
}

static unsigned long hash_of(const char *key, size_t klen)
{
    return (unsigned long)util_fnv1a_n(key, klen);
}

static struct answer *find(struct acache *ac, const char *key, size_t klen, unsigned long hash)
{
    struct answer *a;
    for (a = ac->buckets[hash % NBUCKETS]; a; a = a->chain)
        if (a->hash == hash && a->klen == klen && memcmp(a->key, key, klen) == 0)
            return a;
    return NULL;
}

/* Move A to the newest end of the age list (lock held). */
static void touch(struct acache *ac, struct answer *a)
{
    if (ac->newest == a)
        return;
    if (a->older)
        a->older->newer = a->newer;
    else
        ac->oldest = a->newer;
    a->newer->older = a->older; /* A is not the newest: it has a newer one */
    a->older = ac->newest;
    a->newer = NULL;
    ac->newest->newer = a;
    ac->newest = a;
}

void sq_answer_get(struct store *st, const char *key, size_t klen, struct store_mark *mark,
                   char **text, size_t *len)
{
    struct acache *ac = SQ(st)->ac;
    unsigned long hash;
    struct answer *a;
    *text = NULL;
    *len = 0;
    mark->ok = 0;
    /* outside a transaction (a write of this connection's own is not committed yet), with a
    ** header that reads whole */
    if (ac == NULL || !sqlite3_get_autocommit(SQ(st)->db) || sq_wal_header(st, mark->state) != 0)
        return;
    mark->ok = 1;
    hash = hash_of(key, klen);
    pthread_mutex_lock(&ac->lock);
    if ((a = find(ac, key, klen, hash)) != NULL) {
        if (memcmp(a->header, mark->state, SQ_WALHDR) == 0) {
            *text = xmalloc(a->tlen + 1);
            memcpy(*text, a->text, a->tlen + 1);
            *len = a->tlen;
            ac->hits++;
            touch(ac, a);
        } else { /* something was committed since: never current again */
            drop(ac, a);
        }
    }
    pthread_mutex_unlock(&ac->lock);
}

void sq_answer_put(struct store *st, const char *key, size_t klen, const struct store_mark *mark,
                   const char *text, size_t len)
{
    struct acache *ac = SQ(st)->ac;
    unsigned char now[SQ_WALHDR];
    struct answer *a;
    if (ac == NULL || !mark->ok || !sqlite3_get_autocommit(SQ(st)->db) ||
        sq_wal_header(st, now) != 0 || memcmp(now, mark->state, SQ_WALHDR) != 0)
        return; /* committed to since MARK, or no header to tell */
    a = xcalloc(1, sizeof(*a));
    a->hash = hash_of(key, klen);
    memcpy(a->header, mark->state, SQ_WALHDR);
    a->klen = klen;
    a->key = xmalloc(klen);
    memcpy(a->key, key, klen);
    a->tlen = len;
    a->text = xmalloc(len + 1);
    memcpy(a->text, text, len);
    a->text[len] = '\0';
    if (cost(a) > ac->max / 16) { /* one answer takes no more than a sixteenth */
        free(a->key);
        free(a->text);
        free(a);
        return;
    }
    pthread_mutex_lock(&ac->lock);
    {
        struct answer *old = find(ac, key, klen, a->hash);
        if (old)
            drop(ac, old);
    }
    while (ac->oldest && ac->bytes + cost(a) > ac->max)
        drop(ac, ac->oldest);
    a->chain = ac->buckets[a->hash % NBUCKETS];
    ac->buckets[a->hash % NBUCKETS] = a;
    a->older = ac->newest;
    if (ac->newest)
        ac->newest->newer = a;
    else
        ac->oldest = a;
    ac->newest = a;
    ac->bytes += cost(a);
    ac->kept++;
    pthread_mutex_unlock(&ac->lock);
}
