/* iceberg_text.c -- per-table texts of Iceberg snapshots and logs, kept for one version. */
#include "ops/iceberg_text.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    char *key; /* catalog NUL db NUL name NUL stamp (KLEN bytes), NULL: a free slot */
    size_t klen;
    unsigned long long used; /* the clock when last kept: the least recent goes first */
    struct ice_text t;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry slots[ICE_TEXT_ENTRIES];
static size_t bytes; /* the capacity of every kept text */
static unsigned long long clock_;

static size_t text_bytes(const struct ice_text *t)
{
    return t->snaps.cap + t->log.cap;
}

void ice_text_release(struct ice_text *t)
{
    if (t == NULL)
        return;
    free(t->snaps.p);
    free(t->log.p);
    memset(t, 0, sizeof(*t));
}

/* The key of NAME of DB in CATALOG: a new buffer of *LEN bytes; its table part is *TABLE_LEN
** bytes (up to the stamp). */
static char *key_make(const char *catalog, const char *db, const char *name, const char *stamp,
                      size_t *len, size_t *table_len)
{
    size_t a = strlen(catalog) + 1, b = strlen(db) + 1, c = strlen(name) + 1, d = strlen(stamp);
    char *k = xmalloc(a + b + c + d + 1);
    memcpy(k, catalog, a);
    memcpy(k + a, db, b);
    memcpy(k + a + b, name, c);
    memcpy(k + a + b + c, stamp, d + 1);
    *len = a + b + c + d;
    *table_len = a + b + c;
    return k;
}

static void slot_free(struct entry *e) /* lock held */
{
    bytes -= text_bytes(&e->t);
    ice_text_release(&e->t);
    free(e->key);
    memset(e, 0, sizeof(*e));
}

/* The slot holding table KEY's first TLEN bytes, or NULL.  Lock held. */
static struct entry *find(const char *key, size_t tlen)
{
    size_t i;
    for (i = 0; i < ICE_TEXT_ENTRIES; i++)
        if (slots[i].key && slots[i].klen >= tlen && memcmp(slots[i].key, key, tlen) == 0)
            return &slots[i];
    return NULL;
}

int ice_text_take(const char *catalog, const char *db, const char *name, const char *stamp,
                  struct ice_text *out)
{
    size_t klen, tlen;
    char *key = key_make(catalog, db, name, stamp, &klen, &tlen);
    struct entry *e;
    int found = 0;
    memset(out, 0, sizeof(*out));
    pthread_mutex_lock(&lock);
    if ((e = find(key, tlen)) != NULL) {
        if (e->klen == klen && memcmp(e->key, key, klen) == 0) {
            bytes -= text_bytes(&e->t);
            *out = e->t;
            memset(&e->t, 0, sizeof(e->t));
            found = 1;
        }
        slot_free(e); /* taken, or of another version: never current again */
    }
    pthread_mutex_unlock(&lock);
    free(key);
    return found;
}

void ice_text_keep(const char *catalog, const char *db, const char *name, const char *stamp,
                   struct ice_text *t)
{
    size_t klen, tlen, i, size = text_bytes(t);
    char *key;
    struct entry *e;
    if (size > ICE_TEXT_BYTES / 4) {
        ice_text_release(t);
        return;
    }
    key = key_make(catalog, db, name, stamp, &klen, &tlen);
    pthread_mutex_lock(&lock);
    if ((e = find(key, tlen)) != NULL)
        slot_free(e);
    for (;;) { /* room: a free slot, and the bytes */
        struct entry *oldest = NULL;
        e = NULL;
        for (i = 0; i < ICE_TEXT_ENTRIES; i++) {
            if (slots[i].key == NULL)
                e = e ? e : &slots[i];
            else if (oldest == NULL || slots[i].used < oldest->used)
                oldest = &slots[i];
        }
        if (e && bytes + size <= ICE_TEXT_BYTES)
            break;
        slot_free(oldest); /* not NULL: the slots are full or the bytes held by some */
    }
    e->key = key;
    e->klen = klen;
    e->used = ++clock_;
    e->t = *t;
    bytes += size;
    memset(t, 0, sizeof(*t));
    pthread_mutex_unlock(&lock);
}

void ice_text_clear(void)
{
    size_t i;
    pthread_mutex_lock(&lock);
    for (i = 0; i < ICE_TEXT_ENTRIES; i++)
        if (slots[i].key)
            slot_free(&slots[i]);
    pthread_mutex_unlock(&lock);
}

void ice_text_counts(size_t *entries, size_t *bytes_out)
{
    size_t i, n = 0;
    pthread_mutex_lock(&lock);
    for (i = 0; i < ICE_TEXT_ENTRIES; i++)
        n += slots[i].key != NULL;
    *entries = n;
    *bytes_out = bytes;
    pthread_mutex_unlock(&lock);
}
