/* pg_tcache.c -- PostgreSQL backend: GetTable answers cached per pool, invalidated by NOTIFY.
**
** What is cached: the text GetTable answers for (catalog, database, table, renderer), as
** pg_table_text() makes it.  What invalidates it, all of it at once:
**   - a write transaction of this process commits (pg_commit): the next read loads again, so
**     a write is read back through the same catalogd at once;
**   - a notification on channel PG_TCACHE_CHANNEL, which statement triggers on every table a
**     table's answer is read from send when a transaction that wrote them commits
**     (migrations/postgresql/0008_table_notify.sql): a write through another catalogd (or any
**     client) on the same database.
** Two ways to hear the notifications in time.
**
** Checked (the default): every connection of the pool LISTENs (from when it opens; a
** connection beginning to listen flushes the cache, as writes before its LISTEN go unheard on
** it).  Before a GetTable uses the cache, pg_tcache_sync() makes one empty round trip on the
** request's own connection: PostgreSQL (15 and later) signals every listening session while a
** notifying transaction commits, before its COMMIT is answered, and sends a session's received
** notifications before the ReadyForQuery that ends its next statement; so once the round trip
** is answered, every write committed before it began has flushed the cache (the notifications
** read flush it).  A read through any catalogd sees a write committed through any other
** before it, at the price of one round trip that runs no query (against a statement that
** builds the table's JSON).  Notifications a connection reads at other times (its other
** statements, an idle connection's input when it is acquired) flush the cache too.  A load
** racing a write keeps its answer only when no flush happened since its get; a stale answer
** kept by a load that read before a write committed is flushed by the next reader's round trip
** (the write's notification is waiting on every listening connection).
**
** Notified (--pg-table-cache): a listener thread holds one connection of its own, LISTENing; it
** reads notifications as they arrive, and while the cache is in use it also runs `SELECT 1`
** every PG_TCACHE_BEAT_MS. PostgreSQL (15 and later) signals the listening sessions when a
** notifying transaction commits, before the writer sees its COMMIT answered, and delivers the
** notifications a session received before the ReadyForQuery of its next statement; so once that
** round trip, begun at T, is answered, every write committed before T has been seen. A cached
** answer is used only when such a round trip begun at most PG_TCACHE_STALE_MS ago has been
** answered: a read through a second catalogd misses a write committed at most that long before
** it (in practice the notification arrives within a millisecond and invalidates sooner; and
** while the listener's socket holds input not read yet -- one poll(), no wait -- the cache is
** not used). Otherwise -- the listener not connected, not keeping up, a server older than 15 --
** GetTable reads the database, as without a cache.
**
** A load races invalidation safely: it records the cache's generation before reading and
** keeps its answer only when no invalidation happened since.  At most PG_TCACHE_MAX entries:
** when full, all go.  The thread and its connection start with the first cached read and stop
** when the pool closes; when nothing used the cache for a second, it only waits for
** notifications (no round trips). */
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "store/pg/pg_int.h"

#define NBUCKETS 256

struct tc_entry {
    struct tc_entry *next;
    char *key; /* catalog NUL db NUL name */
    size_t klen;
    store_table_render_fn *render;
    char *text;
};

struct pg_tcache {
    pthread_mutex_t lock;
    pthread_cond_t wake; /* the thread waits on it until the cache is first used */
    char *locator;
    struct tc_entry *buckets[NBUCKETS];
    int n;
    unsigned long long gen;   /* invalidations so far */
    unsigned long long heard; /* of them, not this process's own commits (pg_tcache_gen) */
    double fresh_from;        /* start of the last answered round trip; 0: not usable */
    double last_use;
    int stop, started;
    int fd; /* the listener's socket, -1 when it has none */
    pthread_t thread;
    long hits, loads, kept;
    int checked; /* each use is checked by pg_tcache_sync(); no listener thread */
};

static double now_s(void)
{
    return util_monotonic();
}

struct pg_tcache *pg_tcache_new(const char *locator, int checked)
{
    struct pg_tcache *tc = xcalloc(1, sizeof(*tc));
    tc->checked = checked;
    pthread_mutex_init(&tc->lock, NULL);
    pthread_cond_init(&tc->wake, NULL);
    tc->locator = xstrdup(locator);
    tc->fd = -1;
    return tc;
}

/* Drop every entry.  Under the lock. */
static void clear_locked(struct pg_tcache *tc)
{
    int b;
    for (b = 0; b < NBUCKETS; b++) {
        while (tc->buckets[b]) {
            struct tc_entry *e = tc->buckets[b];
            tc->buckets[b] = e->next;
            free(e->key);
            free(e->text);
            free(e);
        }
    }
    tc->n = 0;
}

/* Drop every entry and count an invalidation, one heard of unless LOCAL.  Under the lock. */
static void flush_as(struct pg_tcache *tc, int local)
{
    clear_locked(tc);
    tc->gen++;
    if (!local)
        tc->heard++;
}

static void flush_locked(struct pg_tcache *tc)
{
    flush_as(tc, 0);
}

unsigned long long pg_tcache_gen(struct pg_tcache *tc)
{
    unsigned long long gen;
    if (tc == NULL)
        return 0;
    pthread_mutex_lock(&tc->lock);
    gen = tc->heard;
    pthread_mutex_unlock(&tc->lock);
    return gen;
}

void pg_tcache_flush(struct pg_tcache *tc)
{
    if (tc == NULL)
        return;
    pthread_mutex_lock(&tc->lock);
    flush_locked(tc);
    pthread_mutex_unlock(&tc->lock);
}

void pg_tcache_committed(struct pg_tcache *tc)
{
    if (tc == NULL)
        return;
    pthread_mutex_lock(&tc->lock);
    flush_as(tc, 1);
    pthread_mutex_unlock(&tc->lock);
}

void pg_tcache_free(struct pg_tcache *tc)
{
    if (tc == NULL)
        return;
    pthread_mutex_lock(&tc->lock);
    tc->stop = 1;
    pthread_cond_broadcast(&tc->wake);
    pthread_mutex_unlock(&tc->lock);
    if (tc->started)
        pthread_join(tc->thread, NULL);
    clear_locked(tc);
    pthread_cond_destroy(&tc->wake);
    pthread_mutex_destroy(&tc->lock);
    free(tc->locator);
    free(tc);
}

void pg_tcache_counts(const struct pg_tcache *tc, long *hits, long *loads, long *kept)
{
    struct pg_tcache *m = (struct pg_tcache *)tc;
    *hits = *loads = *kept = 0;
    if (tc == NULL)
        return;
    pthread_mutex_lock(&m->lock);
    *hits = m->hits;
    *loads = m->loads;
    *kept = m->kept;
    pthread_mutex_unlock(&m->lock);
}

/* Release the notifications libpq has read on CONN (no I/O); 1 when there were any. */
static int take_notifies(PGconn *conn)
{
    PGnotify *n;
    int got = 0;
    while ((n = PQnotifies(conn)) != NULL) {
        got = 1;
        PQfreemem(n);
    }
    return got;
}

/* Read what the server sent on CONN; 1 when a notification was among it, -1 when the
** connection failed. */
static int drain(PGconn *conn)
{
    if (!PQconsumeInput(conn))
        return -1;
    return take_notifies(conn);
}

/* ================================================================ */
/* Checked: the pool's connections listen; each use begins with a round trip.            */

int pg_tcache_checked(const struct pg_tcache *tc)
{
    return tc != NULL && tc->checked;
}

int pg_tcache_listen(struct pg_tcache *tc, struct pg_conn *pc)
{
    PGresult *res;
    int ok;
    if (PQserverVersion(pc->conn) < 150000)
        return -1; /* notifications may come after the round trip's answer: never used */
    res = PQexec(pc->conn, "LISTEN " PG_TCACHE_CHANNEL);
    ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!ok)
        return -1;
    pc->listening = 1;
    pg_tcache_flush(tc); /* what was committed before this LISTEN, PC will never hear of */
    return 0;
}

/* An empty query is the cheapest round trip: PostgreSQL answers EmptyQueryResponse and
** ReadyForQuery, and (15 and later) sends the notifications the session has received before
** that ReadyForQuery.  A write committed through any connection before this call began
** signalled PC's session before its COMMIT was answered, so its notification is among them. */
int pg_tcache_sync(struct pg_tcache *tc, struct pg_conn *pc)
{
    PGresult *res;
    int ok;
    if (!pc->listening)
        return -1;
    res = PQexec(pc->conn, "");
    ok = PQresultStatus(res) == PGRES_EMPTY_QUERY;
    PQclear(res);
    if (!ok)
        return -1;
    (void)pg_tcache_heard(tc, pc);
    return 0;
}

int pg_tcache_heard(struct pg_tcache *tc, struct pg_conn *pc)
{
    int got = take_notifies(pc->conn);
    if (got)
        pg_tcache_flush(tc);
    return got;
}

/* ================================================================ */
/* Notified: a listener thread of its own.                            */

/* Wait up to MS milliseconds for CONN to have something to read (or for the pool to close). */
static void wait_input(PGconn *conn, int ms)
{
    struct pollfd pfd;
    pfd.fd = PQsocket(conn);
    pfd.events = POLLIN;
    pfd.revents = 0;
    if (pfd.fd >= 0)
        (void)poll(&pfd, 1, ms);
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static PGconn *listen_connect(const char *locator)
{
    PGconn *conn = pg_connect(locator); /* bounded connect; keepalives: a dead link fails */
    PGresult *res;
    PQsetNoticeProcessor(conn, quiet, NULL); /* "terminating connection": it reconnects */
    if (PQstatus(conn) != CONNECTION_OK || PQserverVersion(conn) < 150000) {
        PQfinish(conn);
        return NULL;
    }
    res = PQexec(conn, "LISTEN " PG_TCACHE_CHANNEL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        PQclear(res);
        PQfinish(conn);
        return NULL;
    }
    PQclear(res);
    return conn;
}

/* Sleep MS milliseconds or until the pool closes; 1 when it closes. */
static int pause_ms(struct pg_tcache *tc, int ms)
{
    struct timespec ts;
    int stop;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&tc->lock);
    if (!tc->stop)
        pthread_cond_timedwait(&tc->wake, &tc->lock, &ts);
    stop = tc->stop;
    pthread_mutex_unlock(&tc->lock);
    return stop;
}

static void *listener(void *arg)
{
    struct pg_tcache *tc = arg;
    PGconn *conn = NULL;
    for (;;) {
        double t0, used;
        int got, stop;
        pthread_mutex_lock(&tc->lock);
        stop = tc->stop;
        used = tc->last_use;
        pthread_mutex_unlock(&tc->lock);
        if (stop)
            break;
        if (conn == NULL) {
            if ((conn = listen_connect(tc->locator)) == NULL) {
                if (pause_ms(tc, 1000))
                    break;
                continue;
            }
            pthread_mutex_lock(&tc->lock);
            flush_locked(tc); /* what was written before LISTEN went unheard */
            tc->fd = PQsocket(conn);
            pthread_mutex_unlock(&tc->lock);
        }
        t0 = now_s();
        if (t0 - used <= 1.0) { /* in use: a round trip bounds what can have been missed */
            PGresult *res = PQexec(conn, "SELECT 1");
            int ok = PQresultStatus(res) == PGRES_TUPLES_OK;
            PQclear(res);
            got = ok ? drain(conn) : -1;
            pthread_mutex_lock(&tc->lock);
            if (got != 0)
                flush_locked(tc);
            tc->fresh_from = got >= 0 ? t0 : 0;
            pthread_mutex_unlock(&tc->lock);
            if (got < 0)
                goto lost;
        }
        wait_input(conn, PG_TCACHE_BEAT_MS);
        if ((got = drain(conn)) != 0) {
            pthread_mutex_lock(&tc->lock);
            flush_locked(tc);
            if (got < 0)
                tc->fresh_from = 0;
            pthread_mutex_unlock(&tc->lock);
            if (got < 0)
                goto lost;
        }
        continue;
    lost:
        pthread_mutex_lock(&tc->lock);
        tc->fd = -1;
        tc->fresh_from = 0;
        pthread_mutex_unlock(&tc->lock);
        PQfinish(conn);
        conn = NULL;
    }
    pthread_mutex_lock(&tc->lock);
    tc->fd = -1;
    tc->fresh_from = 0;
    pthread_mutex_unlock(&tc->lock);
    PQfinish(conn);
    return NULL;
}

/* ================================================================ */
/* Entries.                                                           */

/* Whether the listener's socket FD has input not read yet (a notification on its way to the
** listener thread, most likely): then the cache is not used.  No wait, no round trip. */
static int pending(int fd)
{
    struct pollfd pfd;
    pfd.fd = fd;
    pfd.events = POLLIN;
    pfd.revents = 0;
    return fd >= 0 && poll(&pfd, 1, 0) > 0;
}

static char *make_key(const char *catalog, const char *db, const char *name, size_t *len)
{
    size_t a = strlen(catalog) + 1, b = strlen(db) + 1, c = strlen(name) + 1;
    char *k = xmalloc(a + b + c);
    memcpy(k, catalog, a);
    memcpy(k + a, db, b);
    memcpy(k + a + b, name, c);
    *len = a + b + c;
    return k;
}

static unsigned long key_hash(const char *k, size_t len, store_table_render_fn *render)
{
    unsigned long h = 2166136261u;
    size_t i;
    for (i = 0; i < len; i++)
        h = (h ^ (unsigned char)k[i]) * 16777619u;
    return (h ^ (unsigned long)(uintptr_t)render) % NBUCKETS;
}

/* The entry for KEY (LEN bytes, bucket B) and RENDER, or NULL.  Under the lock. */
static struct tc_entry *find_locked(struct pg_tcache *tc, unsigned long b, const char *key,
                                    size_t len, store_table_render_fn *render)
{
    struct tc_entry *e;
    for (e = tc->buckets[b]; e; e = e->next)
        if (e->render == render && e->klen == len && memcmp(e->key, key, len) == 0)
            return e;
    return NULL;
}

int pg_tcache_get(struct pg_tcache *tc, const char *catalog, const char *db, const char *name,
                  store_table_render_fn *render, char **text, unsigned long long *gen)
{
    size_t len;
    char *key = make_key(catalog, db, name, &len);
    unsigned long b = key_hash(key, len, render);
    double now = now_s();
    struct tc_entry *e;
    *text = NULL;
    pthread_mutex_lock(&tc->lock);
    tc->last_use = now;
    if (!tc->checked && !tc->started && !tc->stop) {
        if (pthread_create(&tc->thread, NULL, listener, tc) == 0)
            tc->started = 1;
        else
            tc->stop = 1; /* no thread: never usable */
    }
    *gen = tc->gen;
    if (tc->checked || (tc->fresh_from > 0 && now - tc->fresh_from <= PG_TCACHE_STALE_MS / 1000.0 &&
                        !pending(tc->fd))) {
        if ((e = find_locked(tc, b, key, len, render)) != NULL) {
            *text = xstrdup(e->text);
            tc->hits++;
        }
    }
    if (*text == NULL)
        tc->loads++;
    pthread_mutex_unlock(&tc->lock);
    free(key);
    return *text != NULL;
}

void pg_tcache_put(struct pg_tcache *tc, unsigned long long gen, const char *catalog,
                   const char *db, const char *name, store_table_render_fn *render,
                   const char *text)
{
    struct tc_entry *e;
    size_t len;
    char *key;
    unsigned long b;
    pthread_mutex_lock(&tc->lock);
    /* invalidated meanwhile, or (notified) the listener not hearing */
    if (gen != tc->gen || (!tc->checked && tc->fresh_from <= 0)) {
        pthread_mutex_unlock(&tc->lock);
        return;
    }
    key = make_key(catalog, db, name, &len);
    b = key_hash(key, len, render);
    if (find_locked(tc, b, key, len, render) != NULL) { /* loaded meanwhile, same generation */
        free(key);
        pthread_mutex_unlock(&tc->lock);
        return;
    }
    if (tc->n >= PG_TCACHE_MAX)
        clear_locked(tc); /* full: no invalidation, so loads under way may still be kept */
    e = xcalloc(1, sizeof(*e));
    e->key = key;
    e->klen = len;
    e->render = render;
    e->text = xstrdup(text);
    e->next = tc->buckets[b];
    tc->buckets[b] = e;
    tc->n++;
    tc->kept++;
    pthread_mutex_unlock(&tc->lock);
}
