/* sqlite_conn.c -- SQLite connections: opening (integrity check, write probe, migrations), the
** statement cache, transactions, SQLITE_* -> CAT_*, what makes writes fail now.  The bottom of
** the backend: it calls no other file of it. */
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

int sq_conn_open(struct store **out, const char *path, int do_migrate, struct srv_error *err)
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
    if (store_sqlite_mmap() > 0) {
        char pragma[64];
        snprintf(pragma, sizeof(pragma), "PRAGMA mmap_size = %lld", store_sqlite_mmap());
        if ((rc = exec(st, pragma, err)) != CAT_OK)
            goto fail;
    }
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
    return sq_conn_open(out, path, 1, err);
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

int sq_unwritable(struct srv_error *err)
{
    atomic_store(&read_only, 1);
    return srv_error_set(err, CAT_EUNAVAILABLE, "%s", READ_ONLY_MSG);
}

/* ================================================================ */
/* Nothing committed since: the WAL index header.                     */

/* Every commit in WAL mode rewrites the header at the start of the WAL index (the -shm file,
** shared by every connection of every process): its change counter, last frame, page count,
** checksums and salts.  Two copies, the second written first; a reader that finds both alike
** (and the header initialised) has a consistent one, as SQLite's own walIndexTryHdr() does.
** So when the header reads as it did at some earlier moment, nothing was committed since,
** through any connection of any process: what was read then is current, and a cache
** (tcache.h, acache.h) answers with no SQLite call and no system call.  The mapping is
** SQLite's own, for ST's connection (VFS xShmMap of region 0, which exists once the
** connection has read; no file is opened, so no lock of the process is touched), valid while
** the connection is open: it is used only by the thread that holds ST.  0 and *H, or -1
** when there is no consistent header (no WAL index: ":memory:"; a commit half written: the
** caller reads). */
int sq_wal_header(struct store *st, unsigned char h[SQ_WALHDR])
{
    struct sq_conn *c = SQ(st);
    unsigned char h2[SQ_WALHDR];
    size_t i;
    if (!c->walidx_tried) {
        sqlite3_file *f = NULL;
        void volatile *p = NULL;
        c->walidx_tried = 1;
        if (sqlite3_file_control(c->db, "main", SQLITE_FCNTL_FILE_POINTER, &f) == SQLITE_OK && f &&
            f->pMethods && f->pMethods->iVersion >= 2 && f->pMethods->xShmMap &&
            f->pMethods->xShmMap(f, 0, 32768, 0, &p) == SQLITE_OK && p)
            c->walidx = (const volatile unsigned char *)p;
        else
            c->walidx_tried = 0; /* not mapped yet (nothing read): try again next time */
    }
    if (c->walidx == NULL)
        return -1;
    /* acquire loads: none of the second copy's is made before the first copy's (no fence:
    ** ThreadSanitizer does not take one) */
    for (i = 0; i < SQ_WALHDR; i++)
        h[i] = __atomic_load_n(&c->walidx[i], __ATOMIC_ACQUIRE);
    for (i = 0; i < SQ_WALHDR; i++)
        h2[i] = __atomic_load_n(&c->walidx[SQ_WALHDR + i], __ATOMIC_ACQUIRE);
    return memcmp(h, h2, SQ_WALHDR) == 0 && h[12] == 1 /* isInit */ ? 0 : -1;
}
