/* pg_conn.c -- PostgreSQL connections: arguments and results, SQLSTATE -> CAT_*, connecting and
** resetting, prepared statements, transactions and snapshots, migrations, what makes writes
** fail now.  The bottom of the backend: it calls no other file of it. */
#include "store/pg/pg_int.h"

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/migrate.h"
#include "store/shape.h"

static atomic_int unreachable; /* a connection attempt or statement failed for connectivity,
                               ** none succeeded since */
static atomic_int disk_full;   /* a statement failed with 53100, no commit succeeded since */
static atomic_int cache_full_logged;

/* Session settings of every new connection: times are epoch seconds in double precision, but
** UTC keeps any timestamptz text stable; extra_float_digits = 1 (PostgreSQL's default, set in
** case the database or role changed it) prints doubles shortest-exact, so they read back to the
** same double.  random_page_cost = 1.1: a catalog's partitions are read from memory (shared
** buffers, the OS cache), where a page out of order costs about what the next one does; with
** the default 4, a selective GetPartitions over two keys reads every heap page one key's
** partial index points to through a bitmap (5,000 rows for 504 in make bench) instead of an
** index scan in key order, about 2x the time.  (plan_cache_mode stays auto: forcing generic
** plans would spare a listing page its planning, 0.46 of 2.3 ms, but it applies to the
** compiled expressions' unnamed statements too, whose plan must see their values: at 40,000
** partitions a generic plan walked the hour key's index, 8,300 rows for 100.) */
static const char SQL_SESSION[] =
    "SET TIME ZONE 'UTC'; SET extra_float_digits = 1; SET random_page_cost = 1.1";
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

/* Forget the texts prepared on PC (a new session has none). */
static void texts_forget(struct pg_conn *pc)
{
    int i;
    for (i = 0; i < PG_TEXT_CACHE; i++) {
        free(pc->texts[i].sql);
        pc->texts[i].sql = NULL;
    }
    pc->nstale = 0;
}

/* A new or reset session: no statement prepared, the session settings applied. */
static int conn_setup(struct pg_conn *pc, struct srv_error *err)
{
    PGresult *r;
    int rc = CAT_OK;
    PQsetNoticeReceiver(pc->conn, quiet_notice, NULL);
    memset(pc->prepared, 0, sizeof(pc->prepared));
    texts_forget(pc);
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
    const char *m = conn ? PQerrorMessage(conn) : NULL, *q;
    /* the server answered and has no such database: nothing to retry, the user creates it */
    if (m && (q = strstr(m, "database \"")) != NULL && strstr(q, "\" does not exist")) {
        const char *db = PQdb(conn) ? PQdb(conn) : "";
        return srv_error_set(err, CAT_EINVAL,
                             "PostgreSQL at %s:%s has no database \"%.200s\": create it first "
                             "(createdb -h %s -p %s -U %s '%.200s', or CREATE DATABASE in psql), "
                             "then start catalogd again; catalogd creates its tables itself",
                             PQhost(conn) ? PQhost(conn) : "?", PQport(conn) ? PQport(conn) : "?",
                             db, PQhost(conn) ? PQhost(conn) : "?",
                             PQport(conn) ? PQport(conn) : "?", PQuser(conn) ? PQuser(conn) : "?",
                             db);
    }
    short_reason(reason, sizeof(reason), m ? m : "out of memory", conn ? PQpass(conn) : NULL);
    return unavailable(reason, err);
}

/* LOCATOR parses as a libpq connection string or URI.  Its text is never shown: it may hold
** a password. */
int pg_locator_check(const char *locator, struct srv_error *err)
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
PGconn *pg_connect(const char *locator)
{
    static const char *const keys[] = {
        "connect_timeout",  "keepalives_idle",  "keepalives_interval",
        "keepalives_count", "tcp_user_timeout", "fallback_application_name",
        "dbname",           "client_encoding",  NULL};
    const char *vals[] = {"10", "10", "5", "3", "20000", "catalogd", locator, "UTF8", NULL};
    return PQconnectdbParams(keys, vals, 1);
}

int pg_conn_new(const char *locator, const struct store_backend *be, struct pg_conn **out,
                struct srv_error *err)
{
    struct pg_conn *pc;
    int rc;
    *out = NULL;
    pc = xcalloc(1, sizeof(*pc));
    pc->base.be = be;
    pc->conn = pg_connect(locator);
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

void pg_conn_free(struct pg_conn *pc)
{
    if (pc == NULL)
        return;
    PQfinish(pc->conn);
    texts_forget(pc);
    free(pc);
}

void pg_settle(struct pg_conn *pc)
{
    PGresult *r;
    if (!pc->pending)
        return;
    pc->pending = 0;
    while ((r = PQgetResult(pc->conn)) != NULL) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && PQstatus(pc->conn) != CONNECTION_OK)
            pc->broken = 1;
        PQclear(r);
    }
}

/* Before a statement: a connection that failed is reset (a new session, nothing prepared),
** unless a transaction was open on it: that one is lost, which the caller must hear. */
int pg_conn_ready(struct pg_conn *pc, struct srv_error *err)
{
    pg_settle(pc);
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

/* The slot of PC's statement cache that holds SQL, or else the free one it goes in (by its
** address, open addressing); -1 when the cache is full. */
static int stmt_slot(const struct pg_conn *pc, const char *sql)
{
    size_t h = ((size_t)(uintptr_t)sql >> 3) % PG_STMT_CACHE, i;
    for (i = 0; i < PG_STMT_CACHE; i++) {
        size_t k = (h + i) % PG_STMT_CACHE;
        if (pc->prepared[k].sql == sql || pc->prepared[k].sql == NULL)
            return (int)k;
    }
    return -1;
}

int pg_query(struct store *st, const char *sql, const struct pg_args *a, PGresult **res,
             struct srv_error *err)
{
    struct pg_conn *pc = PG(st);
    int n = a ? a->n : 0, rc, k;
    const char *const *v = a ? a->v : NULL;
    char name[16];
    *res = NULL;
    if ((rc = pg_conn_ready(pc, err)) != CAT_OK)
        return rc;
    if ((k = stmt_slot(pc, sql)) < 0) { /* more distinct statements than the cache holds */
        if (!atomic_exchange(&cache_full_logged, 1))
            fputs("catalogd: PostgreSQL statement cache full\n", stderr);
        return pg_query_dynamic(st, sql, a, res, err);
    }
    snprintf(name, sizeof(name), "s%d", k);
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
    if ((rc = pg_conn_ready(pc, err)) != CAT_OK)
        return rc;
    return finish(pc,
                  PQexecParams(pc->conn, sql, a ? a->n : 0, NULL, a ? a->v : NULL, NULL, NULL, 0),
                  res, err);
}

/* *SLOT = the slot of PC's text cache holding SQL (hash H) prepared, preparing it (in a free
** slot or in place of the least recently used one, whose statement is deallocated later:
** pc->stale) when none does; CAT_OK or the failure. */
static int text_slot(struct pg_conn *pc, const char *sql, unsigned long long h, int n,
                     const Oid *types, int *slot, struct srv_error *err)
{
    char name[32];
    PGresult *r;
    int i, k = 0, rc;
    for (i = 0; i < PG_TEXT_CACHE; i++) {
        if (pc->texts[i].sql && pc->texts[i].hash == h && strcmp(pc->texts[i].sql, sql) == 0) {
            *slot = i;
            return CAT_OK;
        }
        if (pc->texts[i].sql == NULL ||
            (pc->texts[k].sql != NULL && pc->texts[i].used < pc->texts[k].used))
            k = i;
    }
    if (pc->texts[k].sql != NULL) {
        if (pc->nstale < PG_TEXT_CACHE) /* else left prepared until the session ends */
            pc->stale[pc->nstale++] = pc->texts[k].serial;
        free(pc->texts[k].sql);
        pc->texts[k].sql = NULL;
    }
    pc->texts[k].serial = ++pc->text_serials;
    snprintf(name, sizeof(name), "t%llu", pc->texts[k].serial);
    r = PQprepare(pc->conn, name, sql, n, types);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        rc = pg_fail(&pc->base, r, err);
        PQclear(r);
        return rc;
    }
    PQclear(r);
    pc->texts[k].sql = xstrdup(sql);
    pc->texts[k].hash = h;
    *slot = k;
    return CAT_OK;
}

int pg_query_text(struct store *st, const char *sql, int n, const Oid *types,
                  const char *const *vals, int keep, PGresult **res, struct srv_error *err)
{
    struct pg_conn *pc = PG(st);
    char name[32];
    int rc, k = 0;
    *res = NULL;
    if ((rc = pg_conn_ready(pc, err)) != CAT_OK)
        return rc;
    if (!keep)
        return finish(pc, PQexecParams(pc->conn, sql, n, types, vals, NULL, NULL, 0), res, err);
    if ((rc = text_slot(pc, sql, util_fnv1a(sql), n, types, &k, err)) != CAT_OK)
        return rc;
    pc->texts[k].used = ++pc->text_clock;
    snprintf(name, sizeof(name), "t%llu", pc->texts[k].serial);
    return finish(pc, PQexecPrepared(pc->conn, name, n, vals, NULL, NULL, 0), res, err);
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
    if ((rc = pg_conn_ready(pc, err)) != CAT_OK)
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
        if (pc->committed)
            pc->committed(pc); /* read back through this process at once */
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

/* Send the snapshot's BEGIN and prepared statement NAME with A, and a sync, in pipeline mode;
** read the answers: BEGIN's into *BEGUN, the statement's into *RES (either NULL when lost).
** 0, or -1 when pipeline mode could not be used or the sending failed (then nothing ran; the
** connection is marked broken when the sending failed). */
static int pipeline_begin(struct pg_conn *pc, const char *name, const struct pg_args *a,
                          PGresult **begun, PGresult **res)
{
    PGresult *got[2] = {NULL, NULL}, *r;
    int q = 0;
    *begun = *res = NULL;
    if (!PQenterPipelineMode(pc->conn))
        return -1;
    if (!PQsendQueryParams(pc->conn, SQL_SNAPSHOT, 0, NULL, NULL, NULL, NULL, 0) ||
        !PQsendQueryPrepared(pc->conn, name, a ? a->n : 0, a ? a->v : NULL, NULL, NULL, 0) ||
        !PQpipelineSync(pc->conn)) { /* not sent: the caller's other way resets the session */
        pc->broken = 1;
        (void)PQexitPipelineMode(pc->conn);
        return -1;
    }
    /* each statement's results end with a NULL; the sync's result ends the pipeline */
    while (q <= 2) {
        if ((r = PQgetResult(pc->conn)) == NULL) {
            if (PQstatus(pc->conn) != CONNECTION_OK)
                break;
            q++;
            continue;
        }
        if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            break;
        }
        if (q < 2 && got[q] == NULL)
            got[q] = r;
        else
            PQclear(r);
    }
    if (!PQexitPipelineMode(pc->conn))
        pc->broken = 1;
    *begun = got[0];
    *res = got[1];
    return 0;
}

int pg_snapshot_query(struct store *st, const char *sql, const struct pg_args *a, PGresult **res,
                      struct srv_error *err)
{
    struct pg_conn *pc = PG(st);
    PGresult *begun = NULL, *r = NULL;
    char name[16];
    int k, rc;
    *res = NULL;
    if (pc->in_txn || pc->snapshot)
        return pg_query(st, sql, a, res, err);
    if ((rc = pg_conn_ready(pc, err)) != CAT_OK) /* it reset the session once already */
        return rc;
    if ((k = stmt_slot(pc, sql)) < 0 || pc->prepared[k].sql != sql ||
        pc->prepared[k].nargs != (a ? a->n : 0))
        goto apart; /* not prepared yet: pg_query prepares it */
    snprintf(name, sizeof(name), "s%d", k);
    if (pipeline_begin(pc, name, a, &begun, &r) != 0)
        goto apart;
    if (PQresultStatus(begun) != PGRES_COMMAND_OK) { /* nothing began: the statement was not run */
        rc = pg_fail(st, begun, err);
        PQclear(begun);
        PQclear(r);
        if (rc == CAT_EUNAVAILABLE && pc->broken)
            goto apart; /* reconnect once, as pg_snapshot_begin */
        return rc;
    }
    PQclear(begun);
    pc->snapshot = 1;
    pc->pipelined++;
    return finish(pc, r, res, err);
apart:
    if ((rc = pg_snapshot_begin(st, err)) != CAT_OK)
        return rc;
    return pg_query(st, sql, a, res, err);
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
    /* Read-only: nothing to wait for.  The answer is read before the connection's next use
    ** (pg_settle), not now: the request's answer goes out a round trip sooner.  The statements
    ** put out of the text cache are deallocated after it, out of the transaction (a failure
    ** there, e.g. through a pooler that renames statements, harms nothing). */
    {
        struct sbuf q = {0};
        char one[48];
        int i;
        sbuf_adds(&q, "COMMIT");
        for (i = 0; i < pc->nstale; i++) {
            snprintf(one, sizeof(one), "; DEALLOCATE t%llu", pc->stale[i]);
            sbuf_adds(&q, one);
        }
        pc->nstale = 0;
        if (PQsendQuery(pc->conn, q.p))
            pc->pending = 1;
        else
            pc->broken = 1;
        free(q.p);
    }
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
int pg_migrate(struct store *st, struct srv_error *err)
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

void pg_close(struct store *st)
{
    pg_conn_free(PG(st));
}

const char *pg_write_problem(void)
{
    if (atomic_load(&unreachable))
        return "PostgreSQL unreachable";
    return atomic_load(&disk_full) ? "disk full" : NULL;
}
