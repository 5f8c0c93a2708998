/* sqlite_tcache.c -- SQLite backend: the table cache (tcache.h), checked by one SELECT per use,
** or by the WAL index header when nothing was committed since the last check. */
#include "store/sqlite/tcache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/memo.h"
#include "store/sqlite/sqlite_int.h"

#define NBUCKETS 1024
#define SPARES 4       /* copies of an entry's table kept for reuse (tcache.h, Threads) */
#define SPARES_ALL 256 /* and of all entries together */

/* What must be unchanged for a cached table to be current (see tcache.h). */
struct stamp {
    long long db_id, id, version, sd_id;
    double create_time, update_time;
};

static const char SQL_STAMP[] =
    "SELECT d.id, t.id, t.version_id, t.create_time, t.update_time, ifnull(t.sd_id, 0)"
    " FROM databases d JOIN tables t ON t.db_id = d.id"
    " WHERE d.catalog_id = ?1 AND d.name = ?2 AND t.name = ?3";
static const char SQL_BEGIN[] = "BEGIN";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";

/* One table.  Immutable once in the cache, except that a missing aspect (the answer text,
** the opened table) may be added under the lock.  Its jansson values (TABLE, MEMO) are the
** cache's own: read only under the lock, and handed out as copies (tcache.h, Threads). */
#define WALHDR SQ_WALHDR

struct entry {
    unsigned char seen[WALHDR];  /* the WAL index header when STAMP was last found current */
    int seen_ok;                 /* SEEN is set */
    struct entry *chain;         /* next in the bucket */
    struct entry *older, *newer; /* the age list */
    unsigned long hash;
    char *key; /* catalog NUL db NUL name */
    size_t klen;
    struct stamp stamp;
    store_table_render_fn *render; /* what made TEXT */
    char *text;                    /* GetTable's answer, or NULL */
    size_t tlen;
    unsigned long long serial; /* this entry's number, never reused: what memos check */
    int has_pt;
    struct store_ptable pt; /* as opened: the numbers only (no objects, no strings) */
    json_t *table;          /* the Table object as opened (the cache's own copy) */
    json_t *spare[SPARES];  /* copies of TABLE that requests gave back, none in use */
    int nspare;
    json_t *memo; /* what readers derived from this table version (store.h), copies */
};

struct tcache {
    pthread_mutex_t lock;
    struct entry *buckets[NBUCKETS];
    struct entry *oldest, *newest;
    int n, max;
    long hits, loads, kept;
    long quick;                 /* of the hits, answered by the WAL index header (no SELECT) */
    unsigned long long serials; /* the last entry's number */
    int nspare;                 /* spare copies in all entries */
};

struct tcache *tcache_new(int max)
{
    struct tcache *tc = xcalloc(1, sizeof(*tc));
    pthread_mutex_init(&tc->lock, NULL);
    tc->max = max > 0 ? max : 1;
    return tc;
}

static void entry_free(struct tcache *tc, struct entry *e)
{
    while (e->nspare > 0) {
        json_decref(e->spare[--e->nspare]);
        tc->nspare--;
    }
    json_decref(e->table);
    json_decref(e->memo);
    free(e->text);
    free(e->key);
    free(e);
}

/* Take E out of the buckets and the age list (lock held). */
static void unlink_entry(struct tcache *tc, struct entry *e)
{
    struct entry **p = &tc->buckets[e->hash % NBUCKETS];
    while (*p != e)
        p = &(*p)->chain;
    *p = e->chain;
    if (e->older)
        e->older->newer = e->newer;
    else
        tc->oldest = e->newer;
    if (e->newer)
        e->newer->older = e->older;
    else
        tc->newest = e->older;
    tc->n--;
}

void tcache_free(struct tcache *tc)
{
    if (tc == NULL)
        return;
    while (tc->oldest) {
        struct entry *e = tc->oldest;
        unlink_entry(tc, e);
        entry_free(tc, e);
    }
    pthread_mutex_destroy(&tc->lock);
    free(tc);
}

long tcache_quick_hits(const struct store *st)
{
    struct tcache *tc = SQ(st)->tc;
    long n;
    if (tc == NULL)
        return 0;
    pthread_mutex_lock(&tc->lock);
    n = tc->quick;
    pthread_mutex_unlock(&tc->lock);
    return n;
}

void tcache_counts(const struct store *st, long *hits, long *loads, long *kept)
{
    struct tcache *tc = SQ(st)->tc;
    *hits = *loads = *kept = 0;
    if (tc == NULL)
        return;
    pthread_mutex_lock(&tc->lock);
    *hits = tc->hits;
    *loads = tc->loads;
    *kept = tc->kept;
    pthread_mutex_unlock(&tc->lock);
}

static void count_load(struct tcache *tc)
{
    pthread_mutex_lock(&tc->lock);
    tc->loads++;
    pthread_mutex_unlock(&tc->lock);
}

/* ================================================================ */
/* Keys and lookups.                                                  */

struct key {
    char buf[512];
    char *p; /* buf, or malloc'd when longer */
    size_t len;
    unsigned long hash;
};

static void key_make(struct key *k, const char *catalog, const char *db, const char *name)
{
    size_t a = strlen(catalog) + 1, b = strlen(db) + 1, c = strlen(name) + 1;
    k->len = a + b + c;
    k->p = k->len <= sizeof(k->buf) ? k->buf : xmalloc(k->len);
    memcpy(k->p, catalog, a);
    memcpy(k->p + a, db, b);
    memcpy(k->p + a + b, name, c);
    k->hash = (unsigned long)util_fnv1a_n(k->p, k->len);
}

static void key_release(struct key *k)
{
    if (k->p != k->buf)
        free(k->p);
}

static struct entry *find(struct tcache *tc, const struct key *k) /* lock held */
{
    struct entry *e;
    for (e = tc->buckets[k->hash % NBUCKETS]; e; e = e->chain)
        if (e->hash == k->hash && e->klen == k->len && memcmp(e->key, k->p, k->len) == 0)
            return e;
    return NULL;
}

static int stamp_equal(const struct stamp *a, const struct stamp *b)
{
    return a->db_id == b->db_id && a->id == b->id && a->version == b->version &&
           a->sd_id == b->sd_id && a->create_time == b->create_time &&
           a->update_time == b->update_time;
}

/* The entry for K with stamp S, made (and the oldest dropped when full) if there is none or
** only one with another stamp.  Lock held. */
static struct entry *entry_for(struct tcache *tc, const struct key *k, const struct stamp *s)
{
    struct entry *e = find(tc, k);
    if (e && stamp_equal(&e->stamp, s))
        return e;
    if (e) {
        unlink_entry(tc, e);
        entry_free(tc, e);
    }
    while (tc->n >= tc->max) {
        e = tc->oldest;
        unlink_entry(tc, e);
        entry_free(tc, e);
    }
    e = xcalloc(1, sizeof(*e));
    e->serial = ++tc->serials;
    e->hash = k->hash;
    e->klen = k->len;
    e->key = xmalloc(k->len);
    memcpy(e->key, k->p, k->len);
    e->stamp = *s;
    e->chain = tc->buckets[k->hash % NBUCKETS];
    tc->buckets[k->hash % NBUCKETS] = e;
    e->older = tc->newest;
    if (tc->newest)
        tc->newest->newer = e;
    else
        tc->oldest = e;
    tc->newest = e;
    tc->n++;
    return e;
}

/* ================================================================ */
/* The stored side.                                                   */

/* *FOUND = 1 and *S = the stamp of table NAME, or *FOUND = 0 when it does not resolve. */
static int read_stamp(struct store *st, const char *catalog, const char *db, const char *name,
                      struct stamp *s, int *found, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    int rc;
    *found = 0;
    if ((stmt = sq_prep(st, SQL_STAMP, err)) == NULL)
        return err->code;
    sqlite3_bind_text(stmt, 1, catalog, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, db, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        s->db_id = sqlite3_column_int64(stmt, 0);
        s->id = sqlite3_column_int64(stmt, 1);
        s->version = sqlite3_column_int64(stmt, 2);
        s->create_time = sqlite3_column_double(stmt, 3);
        s->update_time = sqlite3_column_double(stmt, 4);
        s->sd_id = sqlite3_column_int64(stmt, 5);
        *found = 1;
        rc = CAT_OK;
    } else {
        rc = rc == SQLITE_DONE ? CAT_OK : sq_sqlerr(st, err);
    }
    sq_reset(stmt);
    return rc;
}

/* Run one of the static statements above; CAT_OK or the mapped error. */
static int run(struct store *st, const char *sql, struct srv_error *err)
{
    sqlite3_stmt *stmt = sq_prep(st, sql, err);
    int rc;
    if (stmt == NULL)
        return err->code;
    rc = sqlite3_step(stmt) == SQLITE_DONE ? CAT_OK : sq_sqlerr(st, err);
    sqlite3_reset(stmt);
    return rc;
}

/* Start a read transaction unless one is open (a write transaction of the caller's).
** *OWN = 1 when this one is ours: only then may what is read be cached. */
static int read_begin(struct store *st, int *own, struct srv_error *err)
{
    *own = 0;
    if (!sqlite3_get_autocommit(SQ(st)->db))
        return CAT_OK;
    if (run(st, SQL_BEGIN, err) != CAT_OK)
        return err->code;
    *own = 1;
    return CAT_OK;
}

static void read_end(struct store *st, int own)
{
    struct srv_error ignored;
    if (own && run(st, SQL_COMMIT, &ignored) != CAT_OK)
        run(st, SQL_ROLLBACK, &ignored);
}

/* ================================================================ */
/* Nothing committed since: the WAL index header.                     */

/* After a stamp read outside a transaction, between headers H0 (read before) and now: when
** they are alike, nothing was committed in between, so E's stamp is current at H0. Lock held. */
static void mark_seen(struct store *st, struct entry *e, const unsigned char h0[WALHDR], int h0_ok)
{
    unsigned char h1[WALHDR];
    if (e && h0_ok && sq_wal_header(st, h1) == 0 && memcmp(h0, h1, WALHDR) == 0) {
        memcpy(e->seen, h0, WALHDR);
        e->seen_ok = 1;
    }
}

/* ================================================================ */
/* GetTable's answer.                                                 */

static int text_copy(const char *text, size_t len, char **out, struct srv_error *err)
{
    if (text == NULL)
        return srv_error_set(err, CAT_ENOMEM, "Out of memory.");
    *out = xmalloc(len + 1);
    memcpy(*out, text, len + 1);
    return CAT_OK;
}

/* Load table NAME and render it; with a stamp when FOUND (the same snapshot). */
static int text_load(struct store *st, const char *catalog, const char *db, const char *name,
                     store_table_render_fn *render, struct stamp *s, int *found, int *own,
                     char **text, struct srv_error *err)
{
    json_t *t = NULL;
    int rc;
    *found = 0;
    if ((rc = read_begin(st, own, err)) != CAT_OK)
        return rc;
    if ((rc = read_stamp(st, catalog, db, name, s, found, err)) == CAT_OK)
        rc = sq_table_get(st, catalog, db, name, &t, err);
    read_end(st, *own);
    if (rc != CAT_OK)
        return rc;
    *text = render(t);
    json_decref(t);
    return *text ? CAT_OK : srv_error_set(err, CAT_ENOMEM, "Out of memory.");
}

int sq_table_text(struct store *st, const char *catalog, const char *db, const char *name,
                  store_table_render_fn *render, char **text, struct srv_error *err)
{
    struct tcache *tc = SQ(st)->tc;
    unsigned char h0[WALHDR];
    struct stamp s;
    struct key k;
    struct entry *e;
    int rc, found, own, h0_ok;
    *text = NULL;
    if (tc == NULL)
        return text_load(st, catalog, db, name, render, &s, &found, &own, text, err);
    key_make(&k, catalog, db, name);
    /* outside a transaction (a write of this connection's own is not committed yet) */
    h0_ok = sqlite3_get_autocommit(SQ(st)->db) && sq_wal_header(st, h0) == 0;
    if (h0_ok) {
        pthread_mutex_lock(&tc->lock);
        e = find(tc, &k);
        if (e && e->seen_ok && e->text && e->render == render &&
            memcmp(e->seen, h0, WALHDR) == 0) { /* nothing committed since it was checked */
            tc->hits++;
            tc->quick++;
            rc = text_copy(e->text, e->tlen, text, err);
            pthread_mutex_unlock(&tc->lock);
            key_release(&k);
            return rc;
        }
        pthread_mutex_unlock(&tc->lock);
    }
    if ((rc = read_stamp(st, catalog, db, name, &s, &found, err)) != CAT_OK) {
        key_release(&k);
        return rc;
    }
    if (found) {
        json_t *t = NULL;
        pthread_mutex_lock(&tc->lock);
        e = find(tc, &k);
        if (e && stamp_equal(&e->stamp, &s)) {
            if (e->text && e->render == render) {
                tc->hits++;
                mark_seen(st, e, h0, h0_ok);
                rc = text_copy(e->text, e->tlen, text, err);
                pthread_mutex_unlock(&tc->lock);
                key_release(&k);
                return rc;
            }
            if (e->has_pt) { /* opened for partitions: the same snapshot's table */
                t = json_deep_copy(e->table);
                tc->hits++;
            }
        }
        pthread_mutex_unlock(&tc->lock);
        if (t) { /* render outside the lock, then attach */
            *text = render(t);
            json_decref(t);
            if (*text == NULL) {
                key_release(&k);
                return srv_error_set(err, CAT_ENOMEM, "Out of memory.");
            }
            goto keep;
        }
    }
    count_load(tc);
    if ((rc = text_load(st, catalog, db, name, render, &s, &found, &own, text, err)) != CAT_OK ||
        !found || !own) {
        key_release(&k);
        return rc;
    }
keep:
    pthread_mutex_lock(&tc->lock);
    tc->kept++;
    e = entry_for(tc, &k, &s);
    if (e->text == NULL || e->render != render) {
        free(e->text);
        e->tlen = strlen(*text);
        e->text = xmalloc(e->tlen + 1);
        memcpy(e->text, *text, e->tlen + 1);
        e->render = render;
    }
    mark_seen(st, e, h0, h0_ok);
    pthread_mutex_unlock(&tc->lock);
    key_release(&k);
    return CAT_OK;
}

/* ================================================================ */
/* Tables opened for partition work.                                  */

/* PT as entry E opened it, with a copy of its table of PT's own: a spare one when there is
** one, else a new one (lock held). */
static int pt_from_entry(struct tcache *tc, struct entry *e, struct store_ptable *pt)
{
    *pt = e->pt;
    if (e->nspare > 0) {
        pt->table = e->spare[--e->nspare];
        tc->nspare--;
    } else {
        pt->table = json_deep_copy(e->table);
    }
    pt->cache = tc;
    pt->cached_from = e->serial;
    return pt->table != NULL;
}

/* The members PT borrows from its table: its names, the descriptor it starts from. */
static void pt_finish(struct store_ptable *pt)
{
    pt->catalog = json_string_value(json_object_get(pt->table, "CatalogId"));
    pt->db = json_string_value(json_object_get(pt->table, "DatabaseName"));
    pt->name = json_string_value(json_object_get(pt->table, "Name"));
    pt->sd_cache = NULL; /* made when another descriptor is read */
    pt->base_sd = pt->sd_id ? json_incref(json_object_get(pt->table, "StorageDescriptor")) : NULL;
}

int tcache_ptable_open(struct store *st, const char *catalog, const char *db, const char *name,
                       struct store_ptable *pt, store_ptable_load_fn *load, struct srv_error *err)
{
    struct tcache *tc = SQ(st)->tc;
    struct stamp s;
    struct key k;
    struct entry *e;
    int rc, found, own, copied;
    memset(pt, 0, sizeof(*pt));
    if (tc == NULL)
        return load(st, catalog, db, name, pt, err);
    if ((rc = read_begin(st, &own, err)) != CAT_OK)
        return rc;
    if ((rc = read_stamp(st, catalog, db, name, &s, &found, err)) != CAT_OK) {
        read_end(st, own);
        return rc;
    }
    key_make(&k, catalog, db, name);
    if (found) {
        pthread_mutex_lock(&tc->lock);
        e = find(tc, &k);
        if (e && e->has_pt && stamp_equal(&e->stamp, &s)) {
            tc->hits++;
            copied = pt_from_entry(tc, e, pt);
            pthread_mutex_unlock(&tc->lock);
            key_release(&k);
            if (!copied) {
                read_end(st, own);
                memset(pt, 0, sizeof(*pt));
                return srv_error_set(err, CAT_ENOMEM, "Out of memory.");
            }
            pt_finish(pt);
            pt->snapshot = own ? st : NULL;
            return CAT_OK;
        }
        pthread_mutex_unlock(&tc->lock);
    }
    /* Load in the same read transaction; keep it when that transaction is ours. */
    count_load(tc);
    rc = load(st, catalog, db, name, pt, err);
    if (rc != CAT_OK)
        read_end(st, own);
    else
        pt->snapshot = own ? st : NULL;
    if (rc == CAT_OK && own && found && pt->id == s.id && pt->sd_id == s.sd_id) {
        pthread_mutex_lock(&tc->lock);
        tc->kept++;
        e = entry_for(tc, &k, &s);
        if (!e->has_pt && (e->table = json_deep_copy(pt->table)) != NULL) {
            e->pt.id = pt->id;
            e->pt.sd_id = pt->sd_id;
            e->pt.nkeys = pt->nkeys;
            memcpy(e->pt.types, pt->types, sizeof(pt->types));
            e->has_pt = 1;
            pt->cache = tc; /* the same version: its memos are PT's, its table a spare */
            pt->cached_from = e->serial;
        }
        pthread_mutex_unlock(&tc->lock);
    }
    key_release(&k);
    return rc;
}

/* Nothing but its one holder references V or anything in it (singletons aside). */
static int sole(const json_t *v)
{
    const char *key;
    json_t *m;
    size_t i;
    if (v == NULL || v->refcount == (size_t)-1)
        return 1;
    if (v->refcount != 1)
        return 0;
    if (json_is_object(v)) {
        json_object_foreach((json_t *)v, key, m) {
            if (!sole(m))
                return 0;
        }
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, m) {
            if (!sole(m))
                return 0;
        }
    }
    return 1;
}

void tcache_ptable_close(struct store_ptable *pt)
{
    struct tcache *tc = pt->cache;
    struct entry *e;
    struct key k;
    if (pt->snapshot) {
        read_end(pt->snapshot, 1);
        pt->snapshot = NULL;
    }
    json_decref(pt->base_sd); /* a member of the table */
    pt->base_sd = NULL;
    /* PT's table is its own: when nothing else holds it or a part of it (a caller that took a
    ** reference keeps it), it becomes a spare of its entry, if that is still the same version */
    if (tc == NULL || pt->table == NULL || pt->catalog == NULL || pt->db == NULL ||
        pt->name == NULL || !sole(pt->table))
        return;
    key_make(&k, pt->catalog, pt->db, pt->name);
    pthread_mutex_lock(&tc->lock);
    e = find(tc, &k);
    if (e && e->has_pt && e->serial == pt->cached_from && e->nspare < SPARES &&
        tc->nspare < SPARES_ALL) {
        e->spare[e->nspare++] = pt->table;
        tc->nspare++;
        pt->table = NULL;
    }
    pthread_mutex_unlock(&tc->lock);
    key_release(&k);
}

/* ================================================================ */
/* Memos: what readers derive from a cached table version.            */

/* The entry PT was opened from (lock held): the same entry, so the same table version. */
static struct entry *entry_of(struct tcache *tc, const struct store_ptable *pt)
{
    struct key k;
    struct entry *e;
    if (pt->cached_from == 0 || pt->catalog == NULL || pt->db == NULL || pt->name == NULL)
        return NULL;
    key_make(&k, pt->catalog, pt->db, pt->name);
    e = find(tc, &k);
    key_release(&k);
    return e && e->has_pt && e->serial == pt->cached_from ? e : NULL;
}

json_t *sq_memo_get(struct store *st, const struct store_ptable *pt, const char *key)
{
    struct tcache *tc = SQ(st)->tc;
    struct entry *e;
    json_t *v = NULL;
    if (tc == NULL)
        return NULL;
    pthread_mutex_lock(&tc->lock);
    if ((e = entry_of(tc, pt)) != NULL)
        v = store_memo_get(e->memo, key);
    pthread_mutex_unlock(&tc->lock);
    return v;
}

void sq_memo_put(struct store *st, const struct store_ptable *pt, const char *key, json_t *value)
{
    struct tcache *tc = SQ(st)->tc;
    struct entry *e;
    json_t *copy;
    if (tc == NULL || value == NULL || pt->cached_from == 0 ||
        (copy = json_deep_copy(value)) == NULL) /* the cache's own: VALUE stays the caller's */
        return;
    pthread_mutex_lock(&tc->lock);
    if ((e = entry_of(tc, pt)) != NULL) {
        store_memo_put(&e->memo, key, copy);
        copy = NULL;
    }
    pthread_mutex_unlock(&tc->lock);
    json_decref(copy);
}
