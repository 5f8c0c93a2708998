/* pg_store.c -- PostgreSQL connections, pool, statements, transactions, migrations, SQLSTATE ->
** CAT_*, and the backend's table `store_postgresql`. */
#include "store/pg/pg_int.h"

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "store/migrate.h"
#include "store/shape.h"

struct pg_pool {
    struct store_pool base; /* first: a struct store_pool * is a struct pg_pool * */
    char *locator;
    pthread_mutex_t lock;
    pthread_cond_t returned; /* signalled when a connection comes back or a slot frees */
    struct pg_conn *idle;
    int open, max; /* connections open (idle or in use, or being opened); their cap */
};

static atomic_int unreachable; /* a connection attempt or statement failed for connectivity,
                               ** none succeeded since */
static atomic_int disk_full;   /* a statement failed with 53100, no commit succeeded since */
static atomic_int cache_full_logged;

/* Session settings of every new connection: times are epoch seconds in double precision, but
** UTC keeps any timestamptz text stable; extra_float_digits = 1 (PostgreSQL's default, set in
** case the database or role changed it) prints doubles shortest-exact, so they read back to the
** same double. */
static const char SQL_SESSION[] = "SET TIME ZONE 'UTC'; SET extra_float_digits = 1";
static const char SQL_BEGIN[] = "BEGIN ISOLATION LEVEL SERIALIZABLE";
static const char SQL_SNAPSHOT[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/* ================================================================ */
/* Arguments */

void pg_args_init(struct pg_args *a)
{
    a->n = 0;
    memset(a->owned, 0, sizeof(a->owned));
}

void pg_args_free(struct pg_args *a)
{
    int i;
    for (i = 0; i < a->n; i++) {
        free(a->owned[i]);
        a->owned[i] = NULL;
    }
    a->n = 0;
}

static int next_arg(struct pg_args *a)
{
    if (a->n >= PG_MAX_ARGS) {
        fprintf(stderr, "catalogd: more than %d statement arguments\n", PG_MAX_ARGS);
        abort();
    }
    a->owned[a->n] = NULL;
    return a->n++;
}

void pg_arg_text(struct pg_args *a, const char *s)
{
    int i = next_arg(a);
    a->v[i] = s;
}

void pg_arg_owned(struct pg_args *a, char *s)
{
    int i = next_arg(a);
    a->v[i] = a->owned[i] = s;
}

void pg_arg_int(struct pg_args *a, long long v)
{
    int i = next_arg(a);
    snprintf(a->num[i], sizeof(a->num[i]), "%lld", v);
    a->v[i] = a->num[i];
}

/* The shortest of %.15g, %.16g, %.17g that reads back as V: exact, and 0.1 stays "0.1" (which
** matters where the column is numeric rather than double precision).  -0 is bound as 0: SQLite
** keeps an integral REAL as an integer, so -0.0 reads back as 0.0 there. */
void pg_arg_num(struct pg_args *a, double v)
{
    int i = next_arg(a), prec;
    if (v == 0)
        v = 0; /* -0 */
    for (prec = 15; prec <= 17; prec++) {
        snprintf(a->num[i], sizeof(a->num[i]), "%.*g", prec, v);
        if (strtod(a->num[i], NULL) == v)
            break;
    }
    a->v[i] = a->num[i];
}

void pg_arg_null(struct pg_args *a)
{
    int i = next_arg(a);
    a->v[i] = NULL;
}

/* ================================================================ */
/* Results */

const char *pg_get(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* Integer text; a boolean column's "t"/"f" is 1/0; a real's text is truncated (as SQLite's
** sqlite3_column_int64 does). */
static long long text_int(const char *s)
{
    char *end;
    long long v;
    if (s == NULL)
        return 0;
    if (s[0] == 't' && s[1] == '\0')
        return 1;
    if (s[0] == 'f' && s[1] == '\0')
        return 0;
    v = strtoll(s, &end, 10);
    if (*end != '\0')
        v = (long long)strtod(s, NULL);
    return v;
}

long long pg_get_int(const PGresult *r, int row, int col)
{
    return text_int(pg_get(r, row, col));
}

double pg_get_num(const PGresult *r, int row, int col)
{
    const char *s = pg_get(r, row, col);
    if (s == NULL)
        return 0;
    if (s[0] == 't' && s[1] == '\0')
        return 1;
    if (s[0] == 'f' && s[1] == '\0')
        return 0;
    return strtod(s, NULL);
}

/* ================================================================ */
/* Failures */

/* MSG's first line into BUF, without trailing blanks or period, with SECRET (a password; NULL
** or "": none) masked wherever it occurs. */
static void short_reason(char *buf, size_t size, const char *msg, const char *secret)
{
    size_t n = 0, len;
    if (msg == NULL || *msg == '\0')
        msg = "unknown error";
    while (msg[n] && msg[n] != '\n' && n + 1 < size)
        n++;
    memcpy(buf, msg, n);
    buf[n] = '\0';
    while (n > 0 &&
           (buf[n - 1] == ' ' || buf[n - 1] == '\t' || buf[n - 1] == '\r' || buf[n - 1] == '.'))
        buf[--n] = '\0';
    if (secret && (len = strlen(secret)) > 0) {
        char *p;
        for (p = strstr(buf, secret); p; p = strstr(p + len, secret))
            memset(p, '*', len);
    }
}

static void note_ok(void)
{
    if (atomic_load(&unreachable) && atomic_exchange(&unreachable, 0))
        fputs("catalogd: PostgreSQL reachable again\n", stderr);
}

static void note_lost(const char *reason)
{
    if (!atomic_exchange(&unreachable, 1))
        fprintf(stderr, "catalogd: PostgreSQL unreachable: %s\n", reason);
}

static int unavailable(const char *reason, struct srv_error *err)
{
    note_lost(reason);
    return srv_error_set(err, CAT_EUNAVAILABLE, "The catalog database is unavailable: %s; retry.",
                         reason);
}

/* SQLSTATEs that say the session is gone (class 08 but for a protocol violation on a live
** connection, which is a programming error; 57P01-57P03: shut down, crashed, starting up). */
static int state_lost(const char *state)
{
    if (state == NULL)
        return 0;
    if (strncmp(state, "08", 2) == 0)
        return strcmp(state, "08P01") != 0;
    return strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0 ||
           strcmp(state, "57P03") == 0;
}

int pg_fail(struct store *st, const PGresult *res, struct srv_error *err)
{
    struct pg_conn *pc = PG(st);
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    char reason[256];
    if (msg == NULL && res != NULL && *PQresultErrorMessage(res))
        msg = PQresultErrorMessage(res);
    if (msg == NULL)
        msg = PQerrorMessage(pc->conn);
    short_reason(reason, sizeof(reason), msg, PQpass(pc->conn));
    if (PQstatus(pc->conn) != CONNECTION_OK || state_lost(state)) {
        pc->broken = 1;
        return unavailable(reason, err);
    }
    if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)) {
        srv_error_set(err, CAT_ECONCURRENT, "Concurrent modification; retry.");
        if (err)
            err->retry = 1;
        return CAT_ECONCURRENT;
    }
    if (state && strcmp(state, "23505") == 0)
        return srv_error_set(err, CAT_EEXISTS, "Entity already exists.");
    if (state && (strcmp(state, "54000") == 0 || strncmp(state, "22", 2) == 0))
        return srv_error_set(err, CAT_EINVAL, "%s", reason);
    /* As on SQLite: a full disk and a lock wait that timed out. */
    if (state && strcmp(state, "53100") == 0) {
        atomic_store(&disk_full, 1);
        fprintf(stderr, "catalogd: disk full: %s\n", reason);
        return srv_error_set(err, CAT_ELIMIT,
                             "The catalog's disk is full: nothing was written. Free space on the "
                             "database's volume, then retry.");
    }
    if (state && strcmp(state, "55P03") == 0)
        return srv_error_set(err, CAT_ETIMEOUT, "The catalog is busy; try again.");
    /* The server short of a resource for the moment (53200: its lock tables, which SERIALIZABLE
    ** fills while a long transaction keeps old predicate locks alive; 53300: connections):
    ** retryable, the session is fine. */
    if (state && strncmp(state, "53", 2) == 0) {
        fprintf(stderr, "catalogd: PostgreSQL error %s: %s\n", state, reason);
        return srv_error_set(err, CAT_EUNAVAILABLE,
                             "The catalog database is unavailable: %s; retry.", reason);
    }
    fprintf(stderr, "catalogd: PostgreSQL error %s: %s\n", state ? state : "(none)", reason);
    return srv_error_set(err, CAT_EINTERNAL, "Internal error.");
}

/* ================================================================ */
/* Connections */

static void quiet_notice(void *arg, const PGresult *res)
{
    (void)arg;
    (void)res; /* NOTICEs and WARNINGs ("relation already exists, skipping") are not logged */
}

/* A new or reset session: no statement prepared, the session settings applied. */
static int conn_setup(struct pg_conn *pc, struct srv_error *err)
{
    PGresult *r;
    int rc = CAT_OK;
    PQsetNoticeReceiver(pc->conn, quiet_notice, NULL);
    memset(pc->prepared, 0, sizeof(pc->prepared));
    pc->broken = 0;
    r = PQexec(pc->conn, SQL_SESSION);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = pg_fail(&pc->base, r, err);
    else
        note_ok();
    PQclear(r);
    return rc;
}

static int connect_failed(PGconn *conn, struct srv_error *err)
{
    char reason[256];
    short_reason(reason, sizeof(reason), conn ? PQerrorMessage(conn) : "out of memory",
                 conn ? PQpass(conn) : NULL);
    return unavailable(reason, err);
}

/* LOCATOR parses as a libpq connection string or URI.  Its text is never shown: it may hold
** a password. */
static int locator_check(const char *locator, struct srv_error *err)
{
    char *msg = NULL;
    PQconninfoOption *opts = PQconninfoParse(locator, &msg);
    if (opts == NULL) {
        PQfreemem(msg);
        return srv_error_set(err, CAT_EINVAL,
                             "the PostgreSQL connection string does not parse (libpq connection "
                             "URI or key=value pairs; not shown, as it may hold a password)");
    }
    PQconninfoFree(opts);
    return CAT_OK;
}

/* Connect to LOCATOR.  The settings before dbname are defaults the locator may override
** (bounded connection time; TCP keepalives and a send timeout, so that a request in flight
** when the network drops fails within about half a minute); client_encoding after it is
** forced. */
static int conn_new(const char *locator, struct pg_pool *pool, struct pg_conn **out,
                    struct srv_error *err)
{
    static const char *const keys[] = {
        "connect_timeout",  "keepalives_idle",  "keepalives_interval",
        "keepalives_count", "tcp_user_timeout", "fallback_application_name",
        "dbname",           "client_encoding",  NULL};
    const char *vals[] = {"10", "10", "5", "3", "20000", "catalogd", locator, "UTF8", NULL};
    struct pg_conn *pc;
    int rc;
    *out = NULL;
    pc = xcalloc(1, sizeof(*pc));
    pc->base.be = &store_postgresql;
    pc->pool = pool;
    pc->conn = PQconnectdbParams(keys, vals, 1);
    if (pc->conn == NULL || PQstatus(pc->conn) != CONNECTION_OK) {
        rc = connect_failed(pc->conn, err);
        PQfinish(pc->conn);
        free(pc);
        return rc;
    }
    if ((rc = conn_setup(pc, err)) != CAT_OK) {
        PQfinish(pc->conn);
        free(pc);
        return rc;
    }
    *out = pc;
    return CAT_OK;
}

static void conn_free(struct pg_conn *pc)
{
    if (pc == NULL)
        return;
    PQfinish(pc->conn);
    free(pc);
}

/* Before a statement: a connection that failed is reset (a new session, nothing prepared),
** unless a transaction was open on it: that one is lost, which the caller must hear. */
static int conn_ready(struct pg_conn *pc, struct srv_error *err)
{
    if (!pc->broken && PQstatus(pc->conn) == CONNECTION_OK)
        return CAT_OK;
    if (pc->in_txn || pc->snapshot) {
        pc->broken = 1;
        return unavailable("the connection was lost", err);
    }
    PQreset(pc->conn);
    if (PQstatus(pc->conn) != CONNECTION_OK) {
        pc->broken = 1;
        return connect_failed(pc->conn, err);
    }
    return conn_setup(pc, err);
}

/* ================================================================ */
/* Statements */

/* R from a statement of PC: CAT_OK and *RES = R, or the mapped failure (R cleared). */
static int finish(struct pg_conn *pc, PGresult *r, PGresult **res, struct srv_error *err)
{
    ExecStatusType s = PQresultStatus(r);
    int rc;
    if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK) {
        note_ok();
        *res = r;
        return CAT_OK;
    }
    rc = pg_fail(&pc->base, r, err);
    PQclear(r);
    return rc;
}

int pg_query(struct store *st, const char *sql, const struct pg_args *a, PGresult **res,
             struct srv_error *err)
{
    struct pg_conn *pc = PG(st);
    int n = a ? a->n : 0, rc;
    const char *const *v = a ? a->v : NULL;
    size_t h = ((size_t)(uintptr_t)sql >> 3) % PG_STMT_CACHE, i, k = 0;
    char name[16];
    *res = NULL;
    if ((rc = conn_ready(pc, err)) != CAT_OK)
        return rc;
    for (i = 0; i < PG_STMT_CACHE; i++) {
        k = (h + i) % PG_STMT_CACHE;
        if (pc->prepared[k].sql == sql || pc->prepared[k].sql == NULL)
            break;
    }
    if (i == PG_STMT_CACHE) { /* more distinct statements than the cache holds: unprepared */
        if (!atomic_exchange(&cache_full_logged, 1))
            fputs("catalogd: PostgreSQL statement cache full\n", stderr);
        return pg_query_dynamic(st, sql, a, res, err);
    }
    snprintf(name, sizeof(name), "s%zu", k);
    if (pc->prepared[k].sql == NULL) {
        PGresult *r = PQprepare(pc->conn, name, sql, n, NULL);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            rc = pg_fail(st, r, err);
            PQclear(r);
            return rc;
        }
        PQclear(r);
        pc->prepared[k].sql = sql;
        pc->prepared[k].nargs = n;
    } else if (pc->prepared[k].nargs != n) {
        fprintf(stderr, "catalogd: statement run with %d arguments, prepared with %d: %.60s\n", n,
                pc->prepared[k].nargs, sql);
        return srv_error_set(err, CAT_EINTERNAL, "Internal error.");
    }
    return finish(pc, PQexecPrepared(pc->conn, name, n, v, NULL, NULL, 0), res, err);
}

int pg_query_dynamic(struct store *st, const char *sql, const struct pg_args *a, PGresult **res,
                     struct srv_error *err)
{
    struct pg_conn *pc = PG(st);
    int rc;
    *res = NULL;
    if ((rc = conn_ready(pc, err)) != CAT_OK)
        return rc;
    return finish(pc,
                  PQexecParams(pc->conn, sql, a ? a->n : 0, NULL, a ? a->v : NULL, NULL, NULL, 0),
                  res, err);
}

int pg_exec(struct store *st, const char *sql, const struct pg_args *a, long long *affected,
            struct srv_error *err)
{
    PGresult *r = NULL;
    int rc = pg_query(st, sql, a, &r, err);
    if (rc != CAT_OK)
        return rc;
    if (affected)
        *affected = strtoll(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    return CAT_OK;
}

int pg_simple(struct store *st, const char *sql, struct srv_error *err)
{
    struct pg_conn *pc = PG(st);
    PGresult *r = NULL;
    int rc;
    if ((rc = conn_ready(pc, err)) != CAT_OK)
        return rc;
    if ((rc = finish(pc, PQexec(pc->conn, sql), &r, err)) == CAT_OK)
        PQclear(r);
    return rc;
}

/* ================================================================ */
/* Transactions */

int pg_begin(struct store *st, struct srv_error *err)
{
    struct pg_conn *pc = PG(st);
    int rc;
    if (pc->in_txn) {
        fputs("catalogd: store_begin inside a transaction\n", stderr);
        return srv_error_set(err, CAT_EINTERNAL, "Internal error.");
    }
    pg_snapshot_end(st);
    rc = pg_simple(st, SQL_BEGIN, err);
    /* Nothing ran on a connection whose BEGIN found it dead (an idle connection across a
    ** server restart): reconnect once. */
    if (rc == CAT_EUNAVAILABLE && pc->broken)
        rc = pg_simple(st, SQL_BEGIN, err);
    if (rc == CAT_OK)
        pc->in_txn = 1;
    return rc;
}

static struct shape_analyze analyze = SHAPE_ANALYZE_INIT;

void pg_note_rows(struct store *st, long n)
{
    PG(st)->rows_written += n;
}

/* After a commit that wrote partition rows: ANALYZE partitions when due (pg_int.h). */
static void maybe_analyze(struct store *st)
{
    struct pg_conn *pc = PG(st);
    struct srv_error e;
    int run = shape_analyze_due(&analyze, pc->rows_written);
    pc->rows_written = 0;
    srv_error_init(&e);
    if (run && pg_simple(st, "ANALYZE partitions", &e) != CAT_OK)
        fprintf(stderr, "catalogd: ANALYZE partitions failed: %s\n", e.msg);
}

int pg_commit(struct store *st, struct srv_error *err)
{
    struct pg_conn *pc = PG(st);
    int rc;
    if (!pc->in_txn)
        return CAT_OK;
    if (PQtransactionStatus(pc->conn) == PQTRANS_INERROR) {
        /* COMMIT would answer ROLLBACK: a statement failed and the caller went on */
        fputs("catalogd: commit of a failed transaction\n", stderr);
        pg_rollback(st);
        return srv_error_set(err, CAT_EINTERNAL, "Internal error.");
    }
    rc = pg_simple(st, "COMMIT", err);
    if (rc == CAT_OK) {
        pc->in_txn = 0;
        atomic_store(&disk_full, 0);
        if (pc->rows_written > 0)
            maybe_analyze(st);
    } else {
        pg_rollback(st);
    }
    return rc;
}

void pg_rollback(struct store *st)
{
    struct pg_conn *pc = PG(st);
    PGTransactionStatusType ts;
    if (st == NULL)
        return;
    pc->in_txn = 0;
    pc->snapshot = 0;
    pc->rows_written = 0;
    if (pc->broken || PQstatus(pc->conn) != CONNECTION_OK)
        return;
    ts = PQtransactionStatus(pc->conn);
    if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR)
        pg_simple(st, "ROLLBACK", NULL);
}

int pg_snapshot_begin(struct store *st, struct srv_error *err)
{
    struct pg_conn *pc = PG(st);
    int rc;
    if (pc->in_txn || pc->snapshot)
        return CAT_OK;
    rc = pg_simple(st, SQL_SNAPSHOT, err);
    if (rc == CAT_EUNAVAILABLE && pc->broken)
        rc = pg_simple(st, SQL_SNAPSHOT, err);
    if (rc == CAT_OK)
        pc->snapshot = 1;
    return rc;
}

void pg_snapshot_end(struct store *st)
{
    struct pg_conn *pc = PG(st);
    if (st == NULL || !pc->snapshot)
        return;
    pc->snapshot = 0;
    if (pc->in_txn || pc->broken || PQstatus(pc->conn) != CONNECTION_OK ||
        PQtransactionStatus(pc->conn) == PQTRANS_IDLE)
        return;
    pg_simple(st, "COMMIT", NULL);
}

/* ================================================================ */
/* Migrations */

static int migration_count(void)
{
    int n = 0;
    while (pg_migrations[n] != NULL)
        n++;
    return n;
}

static int migrate_locked(struct store *st, struct srv_error *err)
{
    static const char SQL_TABLE[] =
        "CREATE TABLE IF NOT EXISTS catalogd_schema (version integer NOT NULL, name text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now())";
    static const char SQL_VERSION[] = "SELECT coalesce(max(version), 0) FROM catalogd_schema";
    static const char SQL_RECORD[] = "INSERT INTO catalogd_schema (version, name) VALUES ($1, $2)";
    PGresult *r = NULL;
    struct pg_args a;
    int v, n = migration_count(), rc;
    if ((rc = pg_simple(st, SQL_TABLE, err)) != CAT_OK ||
        (rc = pg_query_dynamic(st, SQL_VERSION, NULL, &r, err)) != CAT_OK)
        return rc;
    v = (int)pg_get_int(r, 0, 0);
    PQclear(r);
    if (v > n)
        return srv_error_set(err, CAT_EINTERNAL,
                             "database schema version %d is newer than this catalogd (%d)", v, n);
    for (; v < n; v++) {
        if ((rc = pg_simple(st, "BEGIN", err)) != CAT_OK)
            return rc;
        pg_args_init(&a);
        pg_arg_int(&a, v + 1);
        pg_arg_text(&a, migration_names[v]);
        if ((rc = pg_simple(st, pg_migrations[v], err)) == CAT_OK &&
            (rc = pg_query_dynamic(st, SQL_RECORD, &a, &r, err)) == CAT_OK) {
            PQclear(r);
            rc = pg_simple(st, "COMMIT", err);
        }
        pg_args_free(&a);
        if (rc != CAT_OK) {
            fprintf(stderr, "catalogd: migration %s failed\n", migration_names[v]);
            pg_simple(st, "ROLLBACK", NULL);
            return rc;
        }
        fprintf(stderr, "catalogd: applied migration %s\n", migration_names[v]);
    }
    return CAT_OK;
}

/* Apply the migrations the database lacks, under a session advisory lock: several catalogd
** starting at once take turns, and each reads the version inside the lock, so every migration
** runs once. */
static int migrate(struct store *st, struct srv_error *err)
{
    static const char SQL_LOCK[] = "SELECT pg_advisory_lock($1)";
    static const char SQL_UNLOCK[] = "SELECT pg_advisory_unlock($1)";
    struct pg_args a;
    PGresult *r = NULL;
    int rc;
    pg_args_init(&a);
    pg_arg_int(&a, (long long)util_fnv1a("catalogd-migrate"));
    if ((rc = pg_query_dynamic(st, SQL_LOCK, &a, &r, err)) != CAT_OK)
        return rc;
    PQclear(r);
    rc = migrate_locked(st, err);
    if (pg_query_dynamic(st, SQL_UNLOCK, &a, &r, NULL) == CAT_OK)
        PQclear(r);
    return rc;
}

int pg_schema_version(struct store *st)
{
    static const char SQL[] = "SELECT coalesce(max(version), 0) FROM catalogd_schema";
    PGresult *r = NULL;
    int v;
    if (pg_query(st, SQL, NULL, &r, NULL) != CAT_OK)
        return -1; /* as on SQLite: no answer (rest.c's /health tells it from 0) */
    v = (int)pg_get_int(r, 0, 0);
    PQclear(r);
    return v;
}

/* ================================================================ */
/* Pool */

/* Open one migrated connection (for pg_open and the pool's first). */
static int open_first(const char *locator, struct pg_pool *pool, struct pg_conn **out,
                      struct srv_error *err)
{
    struct pg_conn *pc;
    int rc;
    *out = NULL;
    if ((rc = locator_check(locator, err)) != CAT_OK ||
        (rc = conn_new(locator, pool, &pc, err)) != CAT_OK)
        return rc;
    if ((rc = migrate(&pc->base, err)) != CAT_OK) {
        conn_free(pc);
        return rc;
    }
    *out = pc;
    return CAT_OK;
}

int pg_pool_open(struct store_pool **out, const char *locator, struct srv_error *err)
{
    struct pg_pool *p = xcalloc(1, sizeof(*p));
    struct pg_conn *first;
    int rc;
    *out = NULL;
    if ((rc = open_first(locator, p, &first, err)) != CAT_OK) {
        free(p);
        return rc;
    }
    p->base.be = &store_postgresql;
    p->locator = xstrdup(locator);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->returned, NULL);
    p->idle = first;
    p->open = 1;
    p->max = store_pool_size();
    fprintf(stderr, "catalogd: PostgreSQL database %s on %s:%s as %s, up to %d connections\n",
            PQdb(first->conn), PQhost(first->conn), PQport(first->conn), PQuser(first->conn),
            p->max);
    *out = &p->base;
    return CAT_OK;
}

void pg_pool_close(struct store_pool *sp)
{
    struct pg_pool *p = (struct pg_pool *)sp;
    if (p == NULL)
        return;
    while (p->idle) {
        struct pg_conn *pc = p->idle;
        p->idle = pc->next;
        conn_free(pc);
    }
    pthread_cond_destroy(&p->returned);
    pthread_mutex_destroy(&p->lock);
    free(p->locator);
    free(p);
}

/* Whether idle connection PC is known dead: the server said goodbye (a restart or an
** administrator's terminate sends an error and closes) while it sat idle.  One poll(), no
** round trip: an idle session has nothing to say (no LISTEN here), so anything to read means
** the end (at worst, a needless reconnect); a connection whose network silently dropped is
** not detected here. */
static int idle_dead(struct pg_conn *pc)
{
    struct pollfd pfd;
    pfd.fd = PQsocket(pc->conn);
    pfd.events = POLLIN;
    pfd.revents = 0;
    if (pfd.fd < 0)
        return 1;
    return poll(&pfd, 1, 0) > 0;
}

struct store *pg_acquire(struct store_pool *sp, struct srv_error *err)
{
    struct pg_pool *p = (struct pg_pool *)sp;
    struct pg_conn *pc;
    pthread_mutex_lock(&p->lock);
    while (p->idle == NULL && p->open >= p->max)
        pthread_cond_wait(&p->returned, &p->lock);
    pc = p->idle;
    if (pc)
        p->idle = pc->next;
    else
        p->open++; /* reserve a slot for the connection opened below */
    pthread_mutex_unlock(&p->lock);
    if (pc == NULL && conn_new(p->locator, p, &pc, err) != CAT_OK) {
        pthread_mutex_lock(&p->lock);
        p->open--;
        pthread_cond_signal(&p->returned);
        pthread_mutex_unlock(&p->lock);
        return NULL;
    }
    pc->next = NULL;
    if (idle_dead(pc))
        pc->broken = 1; /* reset by its first statement (conn_ready) */
    return &pc->base;
}

/* Give ST back: a transaction left open is rolled back; a connection that failed is closed,
** and with it the idle ones, which most likely lost their server too (a restart): the next
** acquires open new ones. */
void pg_release(struct store_pool *sp, struct store *st)
{
    struct pg_pool *p = (struct pg_pool *)sp;
    struct pg_conn *pc = PG(st), *drop = NULL;
    if (st == NULL)
        return;
    pg_rollback(st);
    pthread_mutex_lock(&p->lock);
    if (pc->broken || PQstatus(pc->conn) != CONNECTION_OK) {
        struct pg_conn *q;
        pc->next = p->idle;
        drop = pc;
        p->idle = NULL;
        for (q = drop; q; q = q->next)
            p->open--;
        pthread_cond_broadcast(&p->returned);
    } else {
        pc->next = p->idle;
        p->idle = pc;
        pthread_cond_signal(&p->returned);
    }
    pthread_mutex_unlock(&p->lock);
    while (drop) {
        struct pg_conn *q = drop->next;
        conn_free(drop);
        drop = q;
    }
}

int pg_open(struct store **out, const char *locator, struct srv_error *err)
{
    struct pg_conn *pc;
    int rc = open_first(locator, NULL, &pc, err);
    *out = rc == CAT_OK ? &pc->base : NULL;
    return rc;
}

void pg_close(struct store *st)
{
    conn_free(PG(st));
}

const char *pg_write_problem(void)
{
    if (atomic_load(&unreachable))
        return "PostgreSQL unreachable";
    return atomic_load(&disk_full) ? "disk full" : NULL;
}

/* ================================================================ */
/* Schema */

/* Tables (columns in order, then constraints by name), indexes that back no constraint,
** functions and triggers of the current schema, each kind by name: one text, in one query. */
int pg_schema_text(struct store *st, char **out, struct srv_error *err)
{
    static const char SQL[] =
        "WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = current_schema()),"
        " defs AS ("
        "  SELECT 0 AS kind, c.relname::text AS name,"
        "   'CREATE TABLE ' || quote_ident(c.relname) || E' (\\n' || concat_ws(E',\\n',"
        "    (SELECT string_agg('    ' || quote_ident(a.attname) || ' ' ||"
        "      format_type(a.atttypid, a.atttypmod) ||"
        "      CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation"
        "       THEN ' COLLATE ' || quote_ident(co.collname) ELSE '' END ||"
        "      CASE a.attidentity WHEN 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY'"
        "       WHEN 'a' THEN ' GENERATED ALWAYS AS IDENTITY' ELSE '' END ||"
        "      CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END ||"
        "      coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), ''),"
        "      E',\\n' ORDER BY a.attnum)"
        "     FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
        "     LEFT JOIN pg_collation co ON co.oid = a.attcollation"
        "     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
        "     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),"
        "    (SELECT string_agg('    CONSTRAINT ' || quote_ident(k.conname) || ' ' ||"
        "      pg_get_constraintdef(k.oid), E',\\n' ORDER BY k.conname COLLATE \"C\")"
        "     FROM pg_constraint k WHERE k.conrelid = c.oid)) || E'\\n);' AS def"
        "  FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM ns) AND c.relkind IN ('r', 'p')"
        "  UNION ALL"
        "  SELECT 1, ci.relname::text, pg_get_indexdef(i.indexrelid) || ';'"
        "  FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid"
        "  WHERE ci.relnamespace = (SELECT oid FROM ns)"
        "   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid"
        "    AND k.conrelid = i.indrelid)"
        "  UNION ALL"
        "  SELECT 2, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',"
        "   rtrim(pg_get_functiondef(p.oid), E'\\n') || ';'"
        "  FROM pg_proc p WHERE p.pronamespace = (SELECT oid FROM ns) AND p.prokind = 'f'"
        "  UNION ALL"
        "  SELECT 3, g.tgname::text, pg_get_triggerdef(g.oid) || ';'"
        "  FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid"
        "  WHERE c.relnamespace = (SELECT oid FROM ns) AND NOT g.tgisinternal)"
        " SELECT coalesce(string_agg(def, E'\\n\\n' ORDER BY kind, name COLLATE \"C\","
        "  def COLLATE \"C\"), '') || E'\\n' FROM defs";
    PGresult *r = NULL;
    int rc;
    *out = NULL;
    if ((rc = pg_query_dynamic(st, SQL, NULL, &r, err)) != CAT_OK)
        return rc;
    *out = xstrdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    return CAT_OK;
}

int pg_db_size_bytes(struct store *st, long long *out, struct srv_error *err)
{
    static const char SQL[] = "SELECT pg_database_size(current_database())";
    PGresult *r = NULL;
    int rc;
    *out = 0;
    if ((rc = pg_query(st, SQL, NULL, &r, err)) != CAT_OK)
        return rc;
    *out = pg_get_int(r, 0, 0);
    PQclear(r);
    return CAT_OK;
}

static int pg_token_key(struct store *st, char **out, struct srv_error *err)
{
    static const char SQL[] = "SELECT value FROM catalogd_settings WHERE name = 'page_token_key'";
    PGresult *r = NULL;
    int rc;
    *out = NULL;
    if ((rc = pg_query(st, SQL, NULL, &r, err)) != CAT_OK)
        return rc;
    if (PQntuples(r) == 1)
        *out = xstrdup(pg_get(r, 0, 0));
    else
        rc = srv_error_set(err, CAT_ENOTFOUND, "The store has no page token key.");
    PQclear(r);
    return rc;
}

/* ================================================================ */
/* Locators as logged */

/* Append N bytes of S to BUF (SIZE bytes, *LEN used so far), truncating, NUL-terminated. */
static void put(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
    while (n-- > 0 && *len + 1 < size)
        buf[(*len)++] = *s++;
    buf[*len] = '\0';
}

/* 1 when [KEY, KEY+N) names a libpq secret: "password" or "sslpassword" in any case, with any
** of its characters percent-encoded when DECODE (a URI's query: libpq decodes its names). */
static int secret_key(const char *key, size_t n, int decode)
{
    char name[16];
    size_t i, k = 0;
    for (i = 0; i < n; i++) {
        char c = key[i];
        if (decode && c == '%' && i + 2 < n && util_hexval(key[i + 1]) >= 0 &&
            util_hexval(key[i + 2]) >= 0) {
            c = (char)(util_hexval(key[i + 1]) * 16 + util_hexval(key[i + 2]));
            i += 2;
        }
        if (k == sizeof(name) - 1)
            return 0;
        name[k++] = c;
    }
    name[k] = '\0';
    return strcasecmp(name, "password") == 0 || strcasecmp(name, "sslpassword") == 0;
}

/* store_backend.h's display_locator: a URI's password (user:PASSWORD@) and a password=...
** value (of a URI's query or a key=value string) shown as "***". */
static void pg_display_locator(const char *locator, char *buf, size_t size)
{
    const char *p = locator, *scheme = strstr(locator, "://"), *end;
    size_t len = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    if (scheme != NULL) { /* scheme://user:PASSWORD@host/db?key=value&password=PASSWORD */
        const char *auth = scheme + 3, *at, *colon;
        end = auth + strcspn(auth, "/"); /* libpq's user info ends at the first '@' before '/' */
        at = memchr(auth, '@', (size_t)(end - auth));
        colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon != NULL) {
            put(buf, size, &len, locator, (size_t)(colon + 1 - locator));
            put(buf, size, &len, "***", 3);
            p = at;
        }
        end = p + strcspn(p, "?");
        put(buf, size, &len, p, (size_t)(end - p));
        p = end;
        while (*p) { /* at a '?' or '&', then NAME[=VALUE] up to the next '&' */
            size_t klen;
            put(buf, size, &len, p, 1);
            p++;
            klen = strcspn(p, "=&");
            end = p + klen + strcspn(p + klen, "&");
            if (p[klen] == '=' && secret_key(p, klen, 1)) {
                put(buf, size, &len, p, klen);
                put(buf, size, &len, "=***", 4);
            } else {
                put(buf, size, &len, p, (size_t)(end - p));
            }
            p = end;
        }
        return;
    }
    /* key=value pairs separated by spaces; a value may be quoted ('...') and has \ escapes */
    while (*p) {
        const char *key = p + strspn(p, " \t\n"), *eq;
        size_t klen;
        put(buf, size, &len, p, (size_t)(key - p));
        if (*key == '\0')
            break;
        klen = strcspn(key, " \t\n=");
        eq = key + klen;
        while (*eq == ' ' || *eq == '\t')
            eq++;
        if (*eq != '=') { /* not key=value: copy the word */
            put(buf, size, &len, key, klen);
            p = key + klen;
            continue;
        }
        end = eq + 1;
        while (*end == ' ' || *end == '\t')
            end++;
        if (*end == '\'') {
            for (end++; *end && *end != '\''; end++)
                if (*end == '\\' && end[1])
                    end++;
            if (*end)
                end++;
        } else {
            for (; *end && !strchr(" \t\n", *end); end++)
                if (*end == '\\' && end[1])
                    end++;
        }
        if (secret_key(key, klen, 0)) {
            put(buf, size, &len, key, klen);
            put(buf, size, &len, "=***", 4);
        } else {
            put(buf, size, &len, key, (size_t)(end - key));
        }
        p = end;
    }
}

/* ================================================================ */
/* The backend */

const struct store_backend store_postgresql = {
    .name = "postgresql",
    .display_locator = pg_display_locator,
    .open_pool = pg_pool_open,
    .close_pool = pg_pool_close,
    .acquire = pg_acquire,
    .release = pg_release,
    .open = pg_open,
    .close = pg_close,
    .write_problem = pg_write_problem,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .schema_text = pg_schema_text,
    .schema_version = pg_schema_version,
    .db_size_bytes = pg_db_size_bytes,
    .token_key = pg_token_key,
    .insert_db = pg_db_insert,
    .get_db = pg_db_get,
    .list_dbs = pg_db_list,
    .replace_db = pg_db_replace,
    .delete_db = pg_db_delete,
    .insert_table = pg_table_insert,
    .get_table = pg_table_get,
    .get_table_text = pg_table_text,
    .list_tables = pg_table_list,
    .replace_table = pg_table_replace,
    .delete_table = pg_table_delete,
    .archive_version = pg_version_archive,
    .get_version = pg_version_get,
    .list_versions = pg_version_list,
    .delete_version = pg_version_delete,
    .open_ptable = pg_ptable_open,
    .close_ptable = pg_ptable_close,
    .get_memo = pg_memo_get,
    .put_memo = pg_memo_put,
    .insert_partition = pg_partition_insert,
    .insert_partitions = pg_partition_insert_many,
    .replace_partition = pg_partition_replace,
    .delete_partition = pg_partition_delete,
    .get_partition = pg_partition_get,
    .query_partitions = pg_partition_query,
    .locate_partition = pg_partition_locate,
    .create_pindex = pg_pindex_create,
    .list_pindexes = pg_pindex_list,
    .delete_pindex = pg_pindex_delete,
    .put_colstats = pg_colstats_put,
    .get_colstats = pg_colstats_get,
    .delete_colstats = pg_colstats_delete,
    .prune_colstats = pg_colstats_prune,
    .insert_udf = pg_udf_insert,
    .get_udf = pg_udf_get,
    .replace_udf = pg_udf_replace,
    .delete_udf = pg_udf_delete,
    .list_udfs = pg_udf_list,
    .update_tags = pg_tags_update,
    .get_policy = pg_policy_get,
    .put_policy = pg_policy_put,
    .list_policy_arns = pg_policy_arns,
    .search_tables = pg_table_search,
    .insert_crawler = pg_crawler_insert,
    .get_crawler = pg_crawler_get,
    .put_crawler = pg_crawler_put,
    .delete_crawler = pg_crawler_delete,
    .list_crawlers = pg_crawler_list,
    .scan_crawlers = pg_crawler_scan,
    .put_crawl = pg_crawl_put,
    .list_crawls = pg_crawl_list,
};
