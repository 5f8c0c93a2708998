/* sqlite_store.c -- SQLite connections, statement cache, transactions, migrations, SQLITE_* ->
 * CAT_*. */
#include "store/sqlite/sqlite_int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "lang/ptype.h"
#include "store/migrate.h"
#include "store/shape.h"
#include "store/sqlite/tcache.h"

struct sq_pool {
    struct store_pool base; /* first: a struct store_pool * is a struct sq_pool * */
    char *path;
    pthread_mutex_t lock;
    pthread_cond_t returned; /* signalled when a connection comes back */
    struct store *idle;
    int open, max;     /* connections open; their cap (0: none) */
    struct tcache *tc; /* shared by the connections */
};

static atomic_int disk_full; /* a write failed with SQLITE_FULL, none succeeded since */
static atomic_int read_only; /* a write failed with SQLITE_READONLY*, none succeeded since */
static atomic_int corrupt;   /* SQLITE_CORRUPT or SQLITE_NOTADB seen: writes refused */

#define QUICK_CHECK_SECONDS 10 /* start-up integrity check: stops (unfinished) after this */

static const char READ_ONLY_MSG[] =
    "The catalog's storage is read-only: nothing was written. Check the permissions and the "
    "mount of the database file, its -wal and -shm files and their directory.";
static const char CORRUPT_MSG[] =
    "The catalog's database file is corrupt: catalogd refuses writes until it is restored from "
    "a backup (see its log).";

static const char *const PRAGMAS = "PRAGMA foreign_keys = ON;"
                                   "PRAGMA temp_store = MEMORY;"
                                   "PRAGMA cache_size = -8000;"
                                   "PRAGMA wal_autocheckpoint = 4000;";

int sq_sqlerr(struct store *st, struct srv_error *err)
{
    int rc = sqlite3_extended_errcode(SQ(st)->db);
    if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
        if (!atomic_exchange(&corrupt, 1))
            fprintf(stderr,
                    "catalogd: the database is corrupt (sqlite error %d: %s): refusing writes "
                    "from now on; restore it from a backup\n",
                    rc, sqlite3_errmsg(SQ(st)->db));
        return srv_error_set(err, CAT_EINTERNAL, "%s", CORRUPT_MSG);
    }
    switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return srv_error_set(err, CAT_EEXISTS, "Entity already exists.");
    case SQLITE_NOMEM:
        return srv_error_set(err, CAT_ENOMEM, "Out of memory.");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return srv_error_set(err, CAT_ETIMEOUT, "The catalog is busy; try again.");
    case SQLITE_READONLY:
    case SQLITE_READONLY_DBMOVED:
    case SQLITE_READONLY_DIRECTORY:
    case SQLITE_READONLY_CANTINIT:
    case SQLITE_READONLY_CANTLOCK:
    case SQLITE_READONLY_RECOVERY:
        /* the storage's fault, not the client's: no AccessDeniedException; the connection
        ** is replaced (one that opened its -wal file read-only never writes again) */
        SQ(st)->read_only = 1;
        if (!atomic_exchange(&read_only, 1))
            fprintf(stderr, "catalogd: the database is read-only: %s\n",
                    sqlite3_errmsg(SQ(st)->db));
        return srv_error_set(err, CAT_EUNAVAILABLE, "%s", READ_ONLY_MSG);
    case SQLITE_FULL:
        atomic_store(&disk_full, 1);
        fprintf(stderr, "catalogd: disk full: %s\n", sqlite3_errmsg(SQ(st)->db));
        return srv_error_set(err, CAT_ELIMIT,
                             "The catalog's disk is full: nothing was written. Free space on the "
                             "database's volume, then retry.");
    default:
        fprintf(stderr, "catalogd: sqlite error %d: %s\n", rc, sqlite3_errmsg(SQ(st)->db));
        return srv_error_set(err, CAT_EINTERNAL, "Internal error.");
    }
}

sqlite3_stmt *sq_prep(struct store *st, const char *sql, struct srv_error *err)
{
    size_t h = ((size_t)(uintptr_t)sql >> 3) % STMT_CACHE, i;
    for (i = 0; i < STMT_CACHE; i++) {
        size_t k = (h + i) % STMT_CACHE;
        if (SQ(st)->cache[k].sql == sql)
            return SQ(st)->cache[k].stmt;
        if (SQ(st)->cache[k].sql == NULL) {
            sqlite3_stmt *stmt = NULL;
            if (sqlite3_prepare_v3(SQ(st)->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) !=
                SQLITE_OK) {
                sq_sqlerr(st, err);
                return NULL;
            }
            SQ(st)->cache[k].sql = sql;
            SQ(st)->cache[k].stmt = stmt;
            return stmt;
        }
    }
    /* Cache full (more distinct statements than STMT_CACHE): a programming error. */
    srv_error_set(err, CAT_EINTERNAL, "Internal error.");
    fputs("catalogd: statement cache full\n", stderr);
    return NULL;
}

void sq_reset(sqlite3_stmt *stmt)
{
    if (stmt == NULL)
        return;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
}

static int exec(struct store *st, const char *sql, struct srv_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(SQ(st)->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = sq_sqlerr(st, err);
        if (msg)
            fprintf(stderr, "catalogd: %s\n", msg);
        sqlite3_free(msg);
        return rc;
    }
    return CAT_OK;
}

int sq_schema_version(struct store *st)
{
    sqlite3_stmt *stmt = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(SQ(st)->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        v = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
}

/* PRAGMA page_count * PRAGMA page_size of the main database (WAL not counted). */
int sq_db_size_bytes(struct store *st, long long *out, struct srv_error *err)
{
    static const char *const pragmas[] = {"PRAGMA page_count", "PRAGMA page_size"};
    long long v[2] = {0, 0};
    int i;
    for (i = 0; i < 2; i++) {
        sqlite3_stmt *stmt = NULL; /* finalized below */
        if (sqlite3_prepare_v2(SQ(st)->db, pragmas[i], -1, &stmt, NULL) != SQLITE_OK ||
            sqlite3_step(stmt) != SQLITE_ROW) {
            sqlite3_finalize(stmt);
            return sq_sqlerr(st, err);
        }
        v[i] = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
    }
    *out = v[0] * v[1];
    return CAT_OK;
}

static int sq_token_key(struct store *st, char **out, struct srv_error *err)
{
    sqlite3_stmt *stmt = NULL; /* finalized below */
    int rc = CAT_OK;
    *out = NULL;
    if (sqlite3_prepare_v2(SQ(st)->db,
                           "SELECT value FROM catalogd_settings WHERE name = 'page_token_key'", -1,
                           &stmt, NULL) != SQLITE_OK)
        return sq_sqlerr(st, err);
    switch (sqlite3_step(stmt)) {
    case SQLITE_ROW:
        *out = xstrdup((const char *)sqlite3_column_text(stmt, 0));
        break;
    case SQLITE_DONE:
        rc = srv_error_set(err, CAT_ENOTFOUND, "The store has no page token key.");
        break;
    default:
        rc = sq_sqlerr(st, err);
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* Apply every migration past PRAGMA user_version, each in its own transaction. */
static int migrate(struct store *st, struct srv_error *err)
{
    int v = sq_schema_version(st), n = 0, rc;
    char pragma[64];
    while (sqlite_migrations[n] != NULL)
        n++;
    if (v < 0)
        return sq_sqlerr(st, err);
    if (v > n)
        return srv_error_set(err, CAT_EINTERNAL,
                             "database schema version %d is newer than this catalogd (%d)", v, n);
    for (; v < n; v++) {
        if ((rc = exec(st, "BEGIN IMMEDIATE", err)) != CAT_OK)
            return rc;
        snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
        if ((rc = exec(st, sqlite_migrations[v], err)) != CAT_OK ||
            (rc = exec(st, pragma, err)) != CAT_OK) {
            fprintf(stderr, "catalogd: migration %s failed\n", migration_names[v]);
            exec(st, "ROLLBACK", NULL);
            return rc;
        }
        if ((rc = exec(st, "COMMIT", err)) != CAT_OK)
            return rc;
        fprintf(stderr, "catalogd: applied migration %s\n", migration_names[v]);
    }
    return CAT_OK;
}

/* SQL function catalog_typed(hive_type, value): VALUE as stored in the typed key columns
** (see ptype_value); used to re-type partitions when a key's type changes. */
static void sql_typed(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *type = (const char *)sqlite3_value_text(argv[0]);
    const char *value = (const char *)sqlite3_value_text(argv[1]);
    struct pvalue pv;
    (void)argc;
    if (value == NULL ||
        ptype_value(ptype_of(type), value, (size_t)sqlite3_value_bytes(argv[1]), &pv) != 0) {
        sqlite3_result_null(ctx);
        return;
    }
    switch (pv.kind) {
    case PV_INT:
        sqlite3_result_int64(ctx, pv.i);
        break;
    case PV_REAL:
        sqlite3_result_double(ctx, pv.d);
        break;
    case PV_TEXT:
        sqlite3_result_text(ctx, pv.text, (int)pv.len, SQLITE_TRANSIENT);
        break;
    default:
        sqlite3_result_null(ctx);
        break;
    }
}

/* Before SQLite's first use: no memory statistics (nothing reads them), so that its
** allocations take no process-wide mutex -- every statement step allocates, on every
** worker thread.  SQLITE_MISUSE (already initialized by someone else) leaves it as it was. */
static pthread_once_t sqlite_configured = PTHREAD_ONCE_INIT;

static void sqlite_configure(void)
{
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* sqlite3_progress_handler: nonzero (interrupt) once the deadline *ARG has passed. */
static int past_deadline(void *arg)
{
    return util_monotonic() > *(const double *)arg;
}

/* PRAGMA quick_check of the database at PATH, on a connection of its own (its page cache
** goes with it), for at most QUICK_CHECK_SECONDS: CAT_OK, or CAT_EINTERNAL naming the first
** problem.  Unfinished in time, it says so in the log and lets the file be served: corruption
** found later refuses writes then (sq_sqlerr). */
static int quick_check(const char *path, struct srv_error *err)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    double deadline = util_monotonic() + QUICK_CHECK_SECONDS;
    const char *first = NULL;
    int rc = CAT_OK, step;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        sqlite3_close(db);
        return CAT_OK; /* conn_open's own connection already opened it: nothing to add */
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 10000);
    sqlite3_progress_handler(db, 10000, past_deadline, &deadline);
    if (sqlite3_prepare_v2(db, "PRAGMA quick_check(5)", -1, &stmt, NULL) == SQLITE_OK) {
        while ((step = sqlite3_step(stmt)) == SQLITE_ROW)
            if (first == NULL && (first = (const char *)sqlite3_column_text(stmt, 0)) != NULL &&
                strcmp(first, "ok") != 0)
                break;
    } else {
        step = sqlite3_errcode(db);
    }
    if (step == SQLITE_ROW && first != NULL)
        rc = srv_error_set(err, CAT_EINTERNAL,
                           "database %s is corrupt (PRAGMA quick_check: %.200s): catalogd will "
                           "not serve it; restore it from a backup",
                           path, first);
    else if ((step & 0xff) == SQLITE_CORRUPT || (step & 0xff) == SQLITE_NOTADB)
        rc = srv_error_set(err, CAT_EINTERNAL,
                           "database %s is corrupt (%s): catalogd will not serve it; restore it "
                           "from a backup",
                           path, sqlite3_errmsg(db));
    else if (step == SQLITE_INTERRUPT)
        fprintf(stderr,
                "catalogd: the integrity check of %s stopped unfinished after %d s (a large "
                "database); corruption found later stops writes\n",
                path, QUICK_CHECK_SECONDS);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rc;
}

/* Whether ST may write its database: a write transaction begun and rolled back (a stale
** read-only -shm file opens, reads, and fails every write). */
static int write_probe(struct store *st, const char *path, struct srv_error *err)
{
    int rc = sqlite3_exec(SQ(st)->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_exec(SQ(st)->db, "ROLLBACK", NULL, NULL, NULL);
        return CAT_OK;
    }
    if ((sqlite3_extended_errcode(SQ(st)->db) & 0xff) == SQLITE_READONLY)
        return srv_error_set(err, CAT_EINVAL,
                             "database %s is read-only (%s: check the permissions and the mount "
                             "of the file, its -wal and -shm files and their directory): "
                             "catalogd needs to write it",
                             path, sqlite3_errmsg(SQ(st)->db));
    return CAT_OK; /* busy (another process writes): the writes will tell */
}

static int conn_open(struct store **out, const char *path, int do_migrate, struct srv_error *err)
{
    struct store *st;
    int rc;
    pthread_once(&sqlite_configured, sqlite_configure);
    st = xcalloc(1, sizeof(struct sq_conn));
    st->be = &store_sqlite;
    *out = NULL;
    if (sqlite3_open_v2(path, &SQ(st)->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        rc = srv_error_set(err, CAT_EINTERNAL, "cannot open %s: %s", path,
                           SQ(st)->db ? sqlite3_errmsg(SQ(st)->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(SQ(st)->db, 10000);
    sqlite3_create_function(SQ(st)->db, "catalog_typed", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                            NULL, sql_typed, NULL, NULL);
    sqlite3_extended_result_codes(SQ(st)->db, 1);
    if (strcmp(path, ":memory:") != 0 &&
        (rc = exec(st, "PRAGMA journal_mode = WAL", err)) != CAT_OK)
        goto fail;
    if ((rc = exec(st, PRAGMAS, err)) != CAT_OK ||
        (rc = exec(st,
                   store_durability_full() ? "PRAGMA synchronous = FULL"
                                           : "PRAGMA synchronous = NORMAL",
                   err)) != CAT_OK)
        goto fail;
    if (sqlite3_db_readonly(SQ(st)->db, "main") == 1) {
        rc = CAT_EINVAL;
        goto fail;
    }
    if (do_migrate && strcmp(path, ":memory:") != 0 &&
        ((rc = quick_check(path, err)) != CAT_OK || (rc = write_probe(st, path, err)) != CAT_OK))
        goto fail;
    if (do_migrate && (rc = migrate(st, err)) != CAT_OK)
        goto fail;
    *out = st;
    return CAT_OK;
fail:
    if (SQ(st)->db && ((sqlite3_extended_errcode(SQ(st)->db) & 0xff) == SQLITE_NOTADB ||
                       (sqlite3_extended_errcode(SQ(st)->db) & 0xff) == SQLITE_CORRUPT))
        rc = srv_error_set(err, CAT_EINTERNAL,
                           "database %s is corrupt (%s): catalogd will not serve it; restore it "
                           "from a backup",
                           path, sqlite3_errmsg(SQ(st)->db));
    /* a file or volume catalogd may not write fails in several ways: say what it is */
    else if (strcmp(path, ":memory:") != 0 &&
             (sqlite3_db_readonly(SQ(st)->db, "main") == 1 ||
              (access(path, F_OK) == 0 && access(path, W_OK) != 0)))
        rc = srv_error_set(err, CAT_EINVAL,
                           "database %s is read-only (check the permissions of the file and of "
                           "its directory, and the mount): catalogd needs to write it",
                           path);
    sq_close(st);
    return rc;
}

int sq_open(struct store **out, const char *path, struct srv_error *err)
{
    return conn_open(out, path, 1, err);
}

void sq_close(struct store *st)
{
    size_t i;
    if (st == NULL)
        return;
    for (i = 0; i < STMT_CACHE; i++)
        sqlite3_finalize(SQ(st)->cache[i].stmt);
    sqlite3_close(SQ(st)->db);
    free(st);
}

/* sqlite3_exec callback: a row with a non-NULL value means "analyze now". */
static int analyze_if_needed(void *arg, int ncol, char **vals, char **names)
{
    struct store *st = arg;
    (void)names;
    if (ncol > 0 && vals[0] != NULL) {
        fputs("catalogd: gathering planner statistics\n", stderr);
        sqlite3_exec(SQ(st)->db, "ANALYZE partitions", NULL, NULL, NULL);
    }
    return 0;
}

int sq_pool_open(struct store_pool **out, const char *path, struct srv_error *err)
{
    struct sq_pool *p;
    struct store *first = NULL;
    int rc;
    *out = NULL;
    if ((rc = conn_open(&first, path, 1, err)) != CAT_OK)
        return rc;
    /* A catalog with partitions but no statistics (written by an older catalogd, or
    ** never analyzed) gets them now: about 0.4 s per million partitions. */
    sqlite3_exec(SQ(first)->db,
                 "SELECT CASE WHEN EXISTS (SELECT 1 FROM partitions) AND NOT EXISTS"
                 " (SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1')"
                 " THEN 1 END",
                 analyze_if_needed, first, NULL);
    p = xcalloc(1, sizeof(*p));
    p->base.be = &store_sqlite;
    p->path = xstrdup(path);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->returned, NULL);
    p->tc = SQ(first)->tc = tcache_new(1024);
    p->idle = first;
    p->open = 1;
    /* Every connection to ":memory:" is a database of its own: share the one. */
    p->max = strcmp(path, ":memory:") == 0 ? 1 : 0;
    *out = &p->base;
    return CAT_OK;
}

void sq_pool_close(struct store_pool *pool)
{
    struct sq_pool *p = (struct sq_pool *)pool;
    if (p == NULL)
        return;
    while (p->idle) {
        struct store *st = p->idle;
        p->idle = SQ(st)->next;
        sq_close(st);
    }
    tcache_free(p->tc);
    pthread_cond_destroy(&p->returned);
    pthread_mutex_destroy(&p->lock);
    free(p->path);
    free(p);
}

struct store *sq_acquire(struct store_pool *pool, struct srv_error *err)
{
    struct sq_pool *p = (struct sq_pool *)pool;
    struct store *st;
    pthread_mutex_lock(&p->lock);
    while (p->idle == NULL && p->max != 0 && p->open >= p->max)
        pthread_cond_wait(&p->returned, &p->lock);
    st = p->idle;
    if (st)
        p->idle = SQ(st)->next;
    else
        p->open++; /* reserve a slot for the connection opened below */
    pthread_mutex_unlock(&p->lock);
    if (st == NULL && conn_open(&st, p->path, 0, err) != CAT_OK) {
        pthread_mutex_lock(&p->lock);
        p->open--;
        pthread_mutex_unlock(&p->lock);
        if (err && err->code == CAT_EINVAL) { /* "read-only": the storage's fault, at run time */
            atomic_store(&read_only, 1);
            srv_error_set(err, CAT_EUNAVAILABLE, "%s", READ_ONLY_MSG);
        }
        return NULL;
    }
    SQ(st)->next = NULL;
    SQ(st)->tc = p->tc;
    return st;
}

void sq_release(struct store_pool *pool, struct store *st)
{
    struct sq_pool *p = (struct sq_pool *)pool;
    if (st == NULL)
        return;
    sq_rollback(st);
    pthread_mutex_lock(&p->lock);
    if (SQ(st)->read_only && p->max == 0) { /* replaced by the next acquire (not ":memory:") */
        p->open--;
        pthread_cond_signal(&p->returned);
        pthread_mutex_unlock(&p->lock);
        sq_close(st);
        return;
    }
    SQ(st)->next = p->idle;
    p->idle = st;
    pthread_cond_signal(&p->returned);
    pthread_mutex_unlock(&p->lock);
}

int sq_begin(struct store *st, struct srv_error *err)
{
    int rc;
    if (atomic_load(&corrupt)) /* writing over corruption spreads it */
        return srv_error_set(err, CAT_EINTERNAL, "%s", CORRUPT_MSG);
    rc = exec(st, "BEGIN IMMEDIATE", err);
    if (rc == CAT_OK)
        SQ(st)->in_txn = 1;
    return rc;
}

/* Planner statistics.  The per-key indexes only help when SQLite knows that an equality
** on a date key selects a thousand rows and one on an hour key forty thousand: ANALYZE runs
** on shape.h's schedule. */
static struct shape_analyze analyze = SHAPE_ANALYZE_INIT;

void sq_note_rows(struct store *st, long n)
{
    SQ(st)->rows_written += n;
}

static void maybe_analyze(struct store *st)
{
    int run = shape_analyze_due(&analyze, SQ(st)->rows_written);
    SQ(st)->rows_written = 0;
    if (run && sqlite3_exec(SQ(st)->db, "ANALYZE partitions", NULL, NULL, NULL) != SQLITE_OK)
        fprintf(stderr, "catalogd: ANALYZE failed: %s\n", sqlite3_errmsg(SQ(st)->db));
}

const char *sq_write_problem(void)
{
    if (atomic_load(&corrupt))
        return "corrupt";
    if (atomic_load(&read_only))
        return "read-only";
    return atomic_load(&disk_full) ? "disk full" : NULL;
}

int sq_commit(struct store *st, struct srv_error *err)
{
    int rc = exec(st, "COMMIT", err);
    if (rc == CAT_OK) {
        SQ(st)->in_txn = 0;
        atomic_store(&disk_full, 0);
        atomic_store(&read_only, 0);
        if (SQ(st)->rows_written > 0)
            maybe_analyze(st);
    } else {
        sq_rollback(st);
    }
    return rc;
}

void sq_rollback(struct store *st)
{
    if (st == NULL || !SQ(st)->in_txn)
        return;
    sqlite3_exec(SQ(st)->db, "ROLLBACK", NULL, NULL, NULL);
    SQ(st)->in_txn = 0;
    SQ(st)->rows_written = 0;
}

int sq_schema_text(struct store *st, char **out, struct srv_error *err)
{
    static const char SQL[] = "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL "
                              "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 "
                              "ELSE 2 END, name";
    sqlite3_stmt *stmt = NULL;
    size_t len = 0, cap = 4096;
    char *buf = xmalloc(cap);
    int rc;
    *out = NULL;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(SQ(st)->db, SQL, -1, &stmt, NULL) != SQLITE_OK) {
        free(buf);
        return sq_sqlerr(st, err);
    }
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(stmt, 0);
        size_t n = strlen(s);
        while (len + n + 4 > cap) {
            char *nb;
            cap *= 2;
            nb = xmalloc(cap);
            memcpy(nb, buf, len + 1);
            free(buf);
            buf = nb;
        }
        memcpy(buf + len, s, n);
        memcpy(buf + len + n, ";\n\n", 4);
        len += n + 3;
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
        free(buf);
        return sq_sqlerr(st, err);
    }
    *out = buf;
    return CAT_OK;
}

const struct store_backend store_sqlite = {
    .name = "sqlite",
    .open_pool = sq_pool_open,
    .close_pool = sq_pool_close,
    .acquire = sq_acquire,
    .release = sq_release,
    .open = sq_open,
    .close = sq_close,
    .write_problem = sq_write_problem,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .schema_text = sq_schema_text,
    .schema_version = sq_schema_version,
    .db_size_bytes = sq_db_size_bytes,
    .token_key = sq_token_key,
    .insert_db = sq_db_insert,
    .get_db = sq_db_get,
    .list_dbs = sq_db_list,
    .replace_db = sq_db_replace,
    .delete_db = sq_db_delete,
    .insert_table = sq_table_insert,
    .get_table = sq_table_get,
    .get_table_text = sq_table_text,
    .list_tables = sq_table_list,
    .replace_table = sq_table_replace,
    .delete_table = sq_table_delete,
    .archive_version = sq_version_archive,
    .get_version = sq_version_get,
    .list_versions = sq_version_list,
    .delete_version = sq_version_delete,
    .open_ptable = sq_ptable_open,
    .close_ptable = sq_ptable_close,
    .get_memo = sq_memo_get,
    .put_memo = sq_memo_put,
    .insert_partition = sq_partition_insert,
    .replace_partition = sq_partition_replace,
    .delete_partition = sq_partition_delete,
    .get_partition = sq_partition_get,
    .query_partitions = sq_partition_query,
    .locate_partition = sq_partition_locate,
    .create_pindex = sq_pindex_create,
    .list_pindexes = sq_pindex_list,
    .delete_pindex = sq_pindex_delete,
    .put_colstats = sq_colstats_put,
    .get_colstats = sq_colstats_get,
    .delete_colstats = sq_colstats_delete,
    .prune_colstats = sq_colstats_prune,
    .insert_udf = sq_udf_insert,
    .get_udf = sq_udf_get,
    .replace_udf = sq_udf_replace,
    .delete_udf = sq_udf_delete,
    .list_udfs = sq_udf_list,
    .update_tags = sq_tags_update,
    .get_policy = sq_policy_get,
    .put_policy = sq_policy_put,
    .list_policy_arns = sq_policy_arns,
    .search_tables = sq_table_search,
    .insert_crawler = sq_crawler_insert,
    .get_crawler = sq_crawler_get,
    .put_crawler = sq_crawler_put,
    .delete_crawler = sq_crawler_delete,
    .list_crawlers = sq_crawler_list,
    .scan_crawlers = sq_crawler_scan,
    .put_crawl = sq_crawl_put,
    .list_crawls = sq_crawl_list,
};
