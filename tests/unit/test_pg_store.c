/* test_pg_store.c -- unit tests for the PostgreSQL store's core (pg_store.c): migrations once
** under concurrency, a newer schema refused, arguments and results, SQLSTATE mapping, lost
** connections, serialization failures, the pool.  Skipped unless CATALOG_TEST_PG is a libpq
** locator of a server where the tests may create databases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "pg_check.h"
#include "store/migrate.h"
#include "store/pg/pg_int.h"
#include "store/pg/pg_row.h"

#define assert_store_err(expr, err, want_code, want_msg)                                           \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != (want_code))                                                                    \
            fail_msg("%s -> %d (%s), want %d", #expr, rc_, (err).msg, (want_code));                \
        assert_int_equal((err).code, (want_code));                                                 \
        assert_string_equal((err).msg, (want_msg));                                                \
    } while (0)

#define UNAVAILABLE "The catalog database is unavailable: "

/* ================================================================ */
/* Databases of the test server */

static int migration_count(void)
{
    int n = 0;
    while (pg_migrations[n] != NULL)
        n++;
    return n;
}

#define NEED_SERVER()                                                                              \
    do {                                                                                           \
        (void)state;                                                                               \
        if (server == NULL) {                                                                      \
            print_message("CATALOG_TEST_PG is not set: skipped\n");                                \
            skip();                                                                                \
        }                                                                                          \
    } while (0)

/* One value of a one-row query on ST. */
static long long query_int(struct store *st, const char *sql)
{
    struct srv_error err;
    PGresult *r = NULL;
    long long v;
    srv_error_init(&err);
    assert_store_ok(pg_query_dynamic(st, sql, NULL, &r, &err), err);
    assert_int_equal(PQntuples(r), 1);
    v = pg_get_int(r, 0, 0);
    PQclear(r);
    return v;
}

/* ================================================================ */
/* Migrations */

struct opener {
    const char *locator;
    pthread_barrier_t *start;
    struct store *st;
    struct srv_error err;
    int rc;
};

static void *open_thread(void *arg)
{
    struct opener *o = arg;
    srv_error_init(&o->err);
    pthread_barrier_wait(o->start);
    o->rc = pg_open(&o->st, o->locator, &o->err);
    return NULL;
}

/* Two catalogd opening a fresh database at once: each migration runs and is recorded once. */
static void test_pg_migrations_run_once(void **state)
{
    static const char SQL_ROWS[] = "SELECT version, name FROM catalogd_schema ORDER BY version";
    struct opener o[2];
    pthread_barrier_t start;
    pthread_t th[2];
    struct srv_error err;
    struct store *st = NULL;
    char name[64], *locator;
    PGresult *r = NULL;
    int i, n = migration_count();
    NEED_SERVER();
    fresh_db("pgstore", name, sizeof(name), &locator);
    pthread_barrier_init(&start, NULL, 2);
    for (i = 0; i < 2; i++) {
        o[i].locator = locator;
        o[i].start = &start;
        o[i].st = NULL;
        assert_int_equal(pthread_create(&th[i], NULL, open_thread, &o[i]), 0);
    }
    for (i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&start);
    for (i = 0; i < 2; i++)
        assert_store_ok(o[i].rc, o[i].err);
    srv_error_init(&err);
    assert_store_ok(pg_query(o[0].st, SQL_ROWS, NULL, &r, &err), err);
    assert_int_equal(PQntuples(r), n);
    for (i = 0; i < n; i++) {
        assert_int_equal(pg_get_int(r, i, 0), i + 1);
        assert_string_equal(pg_get(r, i, 1), migration_names[i]);
    }
    PQclear(r);
    assert_int_equal(pg_schema_version(o[0].st), n);
    assert_int_equal(pg_schema_version(o[1].st), n);
    pg_close(o[0].st);
    pg_close(o[1].st);
    /* a third start changes nothing */
    assert_store_ok(pg_open(&st, locator, &err), err);
    assert_int_equal(query_int(st, "SELECT count(*) FROM catalogd_schema"), n);
    assert_int_equal(query_int(st, "SELECT count(*) FROM databases"), 0);
    pg_close(st);
    drop_db(name, locator);
}

/* A database migrated by a newer catalogd is refused with SQLite's words. */
static void test_pg_refuses_newer_schema(void **state)
{
    struct srv_error err;
    struct store *st = NULL;
    struct store_pool *pool = NULL;
    char name[64], *locator, want[160];
    PGconn *c;
    NEED_SERVER();
    fresh_db("pgstore", name, sizeof(name), &locator);
    c = connect_to(name);
    admin_exec(c, "CREATE TABLE catalogd_schema (version integer NOT NULL, name text NOT NULL,"
                  " applied_at timestamptz NOT NULL DEFAULT now())");
    admin_exec(c, "INSERT INTO catalogd_schema (version, name) VALUES (99, '0099_future.sql')");
    PQfinish(c);
    snprintf(want, sizeof(want), "database schema version 99 is newer than this catalogd (%d)",
             migration_count());
    srv_error_init(&err);
    assert_store_err(pg_open(&st, locator, &err), err, CAT_EINTERNAL, want);
    assert_null(st);
    srv_error_init(&err);
    assert_store_err(pg_pool_open(&pool, locator, &err), err, CAT_EINTERNAL, want);
    assert_null(pool);
    drop_db(name, locator);
}

/* ================================================================ */
/* Arguments and results */

/* Every session is set up alike (pg_conn.c SQL_SESSION): UTC, shortest-exact doubles, and
** random_page_cost 1.1 (index scans over bitmaps for selective partition queries). */
static void test_pg_session_settings(void **state)
{
    static const char *const want[][2] = {{"SHOW TimeZone", "UTC"},
                                          {"SHOW extra_float_digits", "1"},
                                          {"SHOW random_page_cost", "1.1"}};
    struct srv_error err;
    struct store *st = NULL;
    char name[64], *locator;
    size_t i;
    NEED_SERVER();
    fresh_db("pgstore", name, sizeof(name), &locator);
    srv_error_init(&err);
    assert_store_ok(pg_open(&st, locator, &err), err);
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        PGresult *r = NULL;
        assert_store_ok(pg_query_dynamic(st, want[i][0], NULL, &r, &err), err);
        assert_string_equal(pg_get(r, 0, 0), want[i][1]);
        PQclear(r);
    }
    pg_close(st);
    drop_db(name, locator);
}

static void test_pg_args_round_trip(void **state)
{
    static const char SQL[] = "SELECT $1::text, $2::bigint, $3::float8, $4::text IS NULL, $5::text,"
                              " $6::float8, $7::bigint, $8::bigint, $9::text, $10::text,"
                              " $11::numeric, $12::float8, true, false, $13::text";
    struct srv_error err;
    struct store *st = NULL;
    struct pg_args a;
    char name[64], *locator;
    json_t *in, *o;
    PGresult *r = NULL;
    int round;
    long long affected = -1;
    NEED_SERVER();
    in =
        json_pack("{s:f, s:I, s:b, s:s}", "num", 1.5, "int", (json_int_t)42, "bool", 1, "str", "x");
    fresh_db("pgstore", name, sizeof(name), &locator);
    srv_error_init(&err);
    assert_store_ok(pg_open(&st, locator, &err), err);
    for (round = 0; round < 2; round++) { /* prepared, then from the cache */
        pg_args_init(&a);
        pg_arg_text(&a, "h\xc3\xa9llo 'quoted'");
        pg_arg_int(&a, -9007199254740993LL);
        pg_arg_num(&a, 0.1);
        pg_arg_null(&a);
        pg_arg_owned(&a, xstrdup("owned"));
        pg_arg_jnum(&a, in, "num");
        pg_arg_jint(&a, in, "int");
        pg_arg_jbool(&a, in, "bool");
        pg_arg_str(&a, in, "str");
        pg_arg_str(&a, in, "int"); /* another JSON type: NULL */
        pg_arg_num(&a, 0.1);
        pg_arg_num(&a, 1.0 / 3);
        pg_arg_text(&a, "{\"a\": 1, \"d\": \"extra\"}");
        assert_store_ok(pg_query(st, SQL, &a, &r, &err), err);
        pg_args_free(&a);
        assert_int_equal(PQntuples(r), 1);
        assert_string_equal(pg_get(r, 0, 0), "h\xc3\xa9llo 'quoted'");
        assert_true(pg_get_int(r, 0, 1) == -9007199254740993LL);
        assert_true(pg_get_num(r, 0, 2) == 0.1);
        assert_string_equal(pg_get(r, 0, 2), "0.1");
        assert_int_equal(pg_get_int(r, 0, 3), 1); /* "t" */
        assert_string_equal(pg_get(r, 0, 4), "owned");
        assert_true(pg_get_num(r, 0, 5) == 1.5);
        assert_int_equal(pg_get_int(r, 0, 6), 42);
        assert_int_equal(pg_get_int(r, 0, 7), 1);
        assert_string_equal(pg_get(r, 0, 8), "x");
        assert_null(pg_get(r, 0, 9));
        assert_string_equal(pg_get(r, 0, 10), "0.1"); /* numeric: the shortest exact text */
        assert_true(pg_get_num(r, 0, 11) == 1.0 / 3);
        /* columns -> members, typed as on SQLite */
        o = json_pack("{s:s}", "d", "kept");
        pg_set_num(o, "real", r, 0, 2);
        pg_set_num(o, "real_from_int", r, 0, 6);
        pg_set_int(o, "int", r, 0, 1);
        pg_set_bool(o, "bool01", r, 0, 7);
        pg_set_bool(o, "true", r, 0, 12);
        pg_set_bool(o, "false", r, 0, 13);
        pg_set_str(o, "str", r, 0, 0);
        pg_set_str(o, "absent", r, 0, 9);
        pg_set_num(o, "absent_num", r, 0, 9);
        pg_set_int(o, "absent_int", r, 0, 9);
        pg_set_bool(o, "absent_bool", r, 0, 9);
        pg_set_extra(o, r, 0, 14);
        pg_set_extra(o, r, 0, 9);
        PQclear(r);
        assert_true(json_is_real(json_object_get(o, "real")));
        assert_true(json_real_value(json_object_get(o, "real")) == 0.1);
        assert_true(json_is_real(json_object_get(o, "real_from_int")));
        assert_true(json_is_integer(json_object_get(o, "int")));
        assert_true(json_integer_value(json_object_get(o, "int")) == -9007199254740993LL);
        assert_true(json_is_true(json_object_get(o, "bool01")));
        assert_true(json_is_true(json_object_get(o, "true")));
        assert_true(json_is_false(json_object_get(o, "false")));
        assert_string_equal(json_string_value(json_object_get(o, "str")), "h\xc3\xa9llo 'quoted'");
        assert_null(json_object_get(o, "absent"));
        assert_null(json_object_get(o, "absent_num"));
        assert_null(json_object_get(o, "absent_int"));
        assert_null(json_object_get(o, "absent_bool"));
        assert_int_equal(json_integer_value(json_object_get(o, "a")), 1);
        assert_string_equal(json_string_value(json_object_get(o, "d")), "kept");
        json_decref(o);
    }
    /* pg_exec's row count */
    assert_store_ok(pg_simple(st, "CREATE TABLE t (k integer PRIMARY KEY)", &err), err);
    assert_store_ok(
        pg_exec(st, "INSERT INTO t SELECT generate_series(1, 3)", NULL, &affected, &err), err);
    assert_int_equal(affected, 3);
    assert_store_ok(
        pg_exec(st, "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING", NULL, &affected, &err), err);
    assert_int_equal(affected, 0);
    json_decref(in);
    pg_close(st);
    drop_db(name, locator);
}

/* ================================================================ */
/* SQLSTATE -> CAT_* */

static void test_pg_sqlstate_mapping(void **state)
{
    static const char SQL_INSERT[] = "INSERT INTO u VALUES ($1)";
    static const char SQL_ONE[] = "SELECT $1::integer + 1";
    static const char SQL_KILL[] = "SELECT pg_terminate_backend(pg_backend_pid())";
    struct srv_error err;
    struct store *st = NULL;
    struct pg_args a;
    char name[64], *locator;
    PGresult *r = NULL;
    int rc;
    NEED_SERVER();
    fresh_db("pgstore", name, sizeof(name), &locator);
    srv_error_init(&err);
    assert_store_ok(pg_open(&st, locator, &err), err);
    assert_null(pg_write_problem());
    assert_store_ok(pg_simple(st, "CREATE TABLE u (k text PRIMARY KEY)", &err), err);
    pg_args_init(&a);
    pg_arg_text(&a, "a");
    assert_store_ok(pg_exec(st, SQL_INSERT, &a, NULL, &err), err);
    assert_store_err(pg_exec(st, SQL_INSERT, &a, NULL, &err), err, CAT_EEXISTS,
                     "Entity already exists.");
    pg_args_free(&a);
    assert_store_err(pg_simple(st, "SELECT 1/0", &err), err, CAT_EINVAL, "division by zero");
    pg_args_init(&a);
    pg_arg_text(&a, "abc");
    assert_store_err(pg_query(st, SQL_ONE, &a, &r, &err), err, CAT_EINVAL,
                     "invalid input syntax for type integer: \"abc\"");
    assert_null(r);
    pg_args_free(&a);
    /* an expected error inside a transaction: the mapping, then a clean rollback */
    assert_store_ok(pg_begin(st, &err), err);
    assert_int_equal(PG(st)->in_txn, 1);
    pg_args_init(&a);
    pg_arg_text(&a, "a");
    assert_store_err(pg_exec(st, SQL_INSERT, &a, NULL, &err), err, CAT_EEXISTS,
                     "Entity already exists.");
    pg_args_free(&a);
    pg_rollback(st);
    pg_rollback(st); /* idempotent */
    assert_int_equal(PG(st)->in_txn, 0);
    /* a lost connection: unavailable, broken, /health says so; the next statement reconnects
    ** and prepares again */
    pg_args_init(&a);
    pg_arg_text(&a, "41");
    assert_store_ok(pg_query(st, SQL_ONE, &a, &r, &err), err);
    assert_int_equal(pg_get_int(r, 0, 0), 42);
    PQclear(r);
    rc = pg_query(st, SQL_KILL, NULL, &r, &err);
    assert_int_equal(rc, CAT_EUNAVAILABLE);
    assert_int_equal(err.code, CAT_EUNAVAILABLE);
    assert_int_equal(err.retry, 0);
    assert_true(strncmp(err.msg, UNAVAILABLE, strlen(UNAVAILABLE)) == 0);
    assert_non_null(strstr(err.msg, "; retry."));
    assert_int_equal(PG(st)->broken, 1);
    assert_string_equal(pg_write_problem(), "PostgreSQL unreachable");
    assert_store_ok(pg_query(st, SQL_ONE, &a, &r, &err), err);
    assert_int_equal(pg_get_int(r, 0, 0), 42);
    PQclear(r);
    pg_args_free(&a);
    assert_int_equal(PG(st)->broken, 0);
    assert_null(pg_write_problem());
    /* lost inside a transaction: the transaction's statements fail until it is rolled back */
    assert_store_ok(pg_begin(st, &err), err);
    assert_int_equal(pg_query(st, SQL_KILL, NULL, &r, &err), CAT_EUNAVAILABLE);
    assert_int_equal(pg_exec(st, "SELECT 1", NULL, NULL, &err), CAT_EUNAVAILABLE);
    assert_int_equal(pg_schema_version(st), -1); /* no answer, not "not migrated" */
    assert_int_equal(pg_commit(st, &err), CAT_EUNAVAILABLE);
    assert_int_equal(PG(st)->in_txn, 0);
    assert_int_equal(query_int(st, "SELECT count(*) FROM u"), 1);
    pg_close(st);
    drop_db(name, locator);
}

/* Classic write skew under SERIALIZABLE: one of the two transactions fails, retryable. */
static void test_pg_serialization_failure(void **state)
{
    static const char SQL_COUNT[] = "SELECT count(*) FROM doctors WHERE on_call";
    static const char SQL_OFF[] = "UPDATE doctors SET on_call = false WHERE id = $1";
    struct srv_error err;
    struct store *a = NULL, *b = NULL;
    struct pg_args args;
    char name[64], *locator;
    PGresult *r = NULL;
    int rc;
    NEED_SERVER();
    fresh_db("pgstore", name, sizeof(name), &locator);
    srv_error_init(&err);
    assert_store_ok(pg_open(&a, locator, &err), err);
    assert_store_ok(pg_open(&b, locator, &err), err);
    assert_store_ok(pg_simple(a,
                              "CREATE TABLE doctors (id integer PRIMARY KEY, on_call boolean);"
                              " INSERT INTO doctors VALUES (1, true), (2, true)",
                              &err),
                    err);
    assert_store_ok(pg_begin(a, &err), err);
    assert_store_ok(pg_begin(b, &err), err);
    assert_store_ok(pg_query(a, SQL_COUNT, NULL, &r, &err), err);
    assert_int_equal(pg_get_int(r, 0, 0), 2);
    PQclear(r);
    assert_store_ok(pg_query(b, SQL_COUNT, NULL, &r, &err), err);
    assert_int_equal(pg_get_int(r, 0, 0), 2);
    PQclear(r);
    pg_args_init(&args);
    pg_arg_int(&args, 1);
    assert_store_ok(pg_exec(a, SQL_OFF, &args, NULL, &err), err);
    pg_args_free(&args);
    pg_arg_int(&args, 2);
    rc = pg_exec(b, SQL_OFF, &args, NULL, &err);
    pg_args_free(&args);
    if (rc == CAT_OK) {
        assert_store_ok(pg_commit(a, &err), err);
        rc = pg_commit(b, &err);
    } else {
        pg_rollback(b);
        assert_store_ok(pg_commit(a, &err), err);
    }
    assert_int_equal(rc, CAT_ECONCURRENT);
    assert_int_equal(err.code, CAT_ECONCURRENT);
    assert_int_equal(err.retry, 1);
    assert_string_equal(err.msg, "Concurrent modification; retry.");
    pg_rollback(b);
    assert_int_equal(PG(b)->in_txn, 0);
    assert_int_equal(query_int(b, "SELECT count(*) FROM doctors WHERE on_call"), 1);
    pg_close(a);
    pg_close(b);
    drop_db(name, locator);
}

/* ================================================================ */
/* Transactions, snapshots, schema */

/* Planner statistics: a commit after many partition rows runs ANALYZE partitions (reltuples
** goes from -1, never analyzed, to a count); a rolled-back transaction's rows do not count. */
static void test_pg_analyze_after_bulk_writes(void **state)
{
    static const char SQL_RELTUPLES[] =
        "SELECT reltuples::bigint FROM pg_class WHERE relname = 'partitions'";
    struct srv_error err;
    struct store *st = NULL;
    char name[64], *locator;
    NEED_SERVER();
    fresh_db("pgstore", name, sizeof(name), &locator);
    srv_error_init(&err);
    assert_store_ok(pg_open(&st, locator, &err), err);
    assert_int_equal(query_int(st, SQL_RELTUPLES), -1);
    assert_store_ok(pg_begin(st, &err), err);
    pg_note_rows(st, 1000000000000L); /* past any threshold another test left */
    pg_rollback(st);
    assert_store_ok(pg_begin(st, &err), err);
    assert_store_ok(pg_commit(st, &err), err);
    assert_int_equal(query_int(st, SQL_RELTUPLES), -1); /* the rolled-back rows did not count */
    assert_store_ok(pg_begin(st, &err), err);
    pg_note_rows(st, 1000000000000L);
    assert_store_ok(pg_commit(st, &err), err);
    assert_int_equal(query_int(st, SQL_RELTUPLES), 0); /* analyzed: an empty table */
    pg_close(st);
    drop_db(name, locator);
}

static void test_pg_transactions_and_snapshot(void **state)
{
    static const char SQL_COUNT[] = "SELECT count(*) FROM t";
    struct srv_error err;
    struct store *a = NULL, *b = NULL;
    char name[64], *locator, *text1 = NULL, *text2 = NULL;
    PGresult *r = NULL;
    long long size = 0;
    NEED_SERVER();
    fresh_db("pgstore", name, sizeof(name), &locator);
    srv_error_init(&err);
    assert_store_ok(pg_open(&a, locator, &err), err);
    assert_store_ok(pg_open(&b, locator, &err), err);
    assert_store_ok(pg_simple(a, "CREATE TABLE t (k integer)", &err), err);
    /* rollback leaves nothing; commit keeps */
    assert_store_ok(pg_begin(a, &err), err);
    assert_store_ok(pg_simple(a, "INSERT INTO t VALUES (1)", &err), err);
    pg_rollback(a);
    assert_int_equal(query_int(b, SQL_COUNT), 0);
    assert_store_ok(pg_begin(a, &err), err);
    assert_store_ok(pg_simple(a, "INSERT INTO t VALUES (1)", &err), err);
    assert_store_ok(pg_commit(a, &err), err);
    assert_int_equal(PG(a)->in_txn, 0);
    assert_store_ok(pg_commit(a, &err), err); /* nothing open: nothing done */
    assert_int_equal(query_int(b, SQL_COUNT), 1);
    /* a read snapshot does not see later commits until it ends */
    assert_store_ok(pg_snapshot_begin(a, &err), err);
    assert_int_equal(PG(a)->snapshot, 1);
    assert_int_equal(query_int(a, SQL_COUNT), 1);
    assert_store_ok(pg_simple(b, "INSERT INTO t VALUES (2)", &err), err);
    assert_int_equal(query_int(a, SQL_COUNT), 1);
    assert_int_equal(pg_simple(a, "INSERT INTO t VALUES (3)", &err), CAT_EINTERNAL); /* read-only */
    pg_snapshot_end(a);
    pg_snapshot_end(a);
    assert_int_equal(PG(a)->snapshot, 0);
    assert_int_equal(query_int(a, SQL_COUNT), 2);
    /* a snapshot inside a write transaction is that transaction; begin ends a snapshot */
    assert_store_ok(pg_begin(a, &err), err);
    assert_store_ok(pg_snapshot_begin(a, &err), err);
    assert_int_equal(PG(a)->snapshot, 0);
    pg_rollback(a);
    assert_store_ok(pg_snapshot_begin(a, &err), err);
    assert_store_ok(pg_begin(a, &err), err);
    assert_int_equal(PG(a)->snapshot, 0);
    assert_store_ok(pg_simple(a, "INSERT INTO t VALUES (4)", &err), err);
    assert_store_ok(pg_commit(a, &err), err);
    assert_int_equal(query_int(b, SQL_COUNT), 3);
    /* committing a transaction whose statement failed is an internal error, rolled back */
    assert_store_ok(pg_begin(a, &err), err);
    assert_store_ok(pg_simple(a, "INSERT INTO t VALUES (5)", &err), err);
    assert_int_equal(pg_simple(a, "SELECT * FROM no_such_table", &err), CAT_EINTERNAL);
    assert_store_err(pg_commit(a, &err), err, CAT_EINTERNAL, "Internal error.");
    assert_int_equal(query_int(b, SQL_COUNT), 3);
    /* schema text: stable, and it shows the migrations' tables, keys and collations */
    assert_store_ok(pg_schema_text(a, &text1, &err), err);
    assert_store_ok(pg_schema_text(b, &text2, &err), err);
    assert_string_equal(text1, text2);
    assert_non_null(strstr(text1, "CREATE TABLE databases (\n"));
    assert_non_null(strstr(text1, "    name text COLLATE \"C\" NOT NULL,\n"));
    assert_non_null(strstr(text1, "CREATE TABLE catalogd_schema (\n"));
    assert_non_null(strstr(text1, "CREATE TRIGGER "));
    assert_true(strstr(text1, "CREATE TABLE catalogd_schema") < strstr(text1, "CREATE TABLE t ("));
    free(text1);
    free(text2);
    assert_store_ok(pg_db_size_bytes(a, &size, &err), err);
    assert_true(size > 1000000);
    (void)r;
    pg_close(a);
    pg_close(b);
    drop_db(name, locator);
}

/* ================================================================ */
/* Pool */

struct acquirer {
    struct store_pool *pool;
    struct store *st;
    atomic_int done;
};

static void *acquire_thread(void *arg)
{
    struct acquirer *q = arg;
    struct srv_error err;
    srv_error_init(&err);
    q->st = pg_acquire(q->pool, &err);
    atomic_store(&q->done, 1);
    return NULL;
}

static void test_pg_pool(void **state)
{
    static const char SQL_KILL[] = "SELECT pg_terminate_backend(pg_backend_pid())";
    struct srv_error err;
    struct store_pool *pool = NULL;
    struct store *s1, *s2, *s3;
    struct acquirer q;
    pthread_t th;
    char name[64], *locator;
    PGresult *r = NULL;
    struct timespec ts = {0, 200 * 1000 * 1000};
    long long pid1, pid3;
    PGconn *admin;
    char sql[128];
    NEED_SERVER();
    fresh_db("pgstore", name, sizeof(name), &locator);
    srv_error_init(&err);
    store_set_pool_size(2);
    assert_store_ok(pg_pool_open(&pool, locator, &err), err);
    store_set_pool_size(16);
    assert_non_null(s1 = pg_acquire(pool, &err));
    assert_non_null(s2 = pg_acquire(pool, &err));
    assert_true(s1 != s2);
    /* a third waits for one to come back, and gets that one */
    q.pool = pool;
    q.st = NULL;
    atomic_store(&q.done, 0);
    assert_int_equal(pthread_create(&th, NULL, acquire_thread, &q), 0);
    nanosleep(&ts, NULL);
    assert_int_equal(atomic_load(&q.done), 0);
    assert_store_ok(pg_simple(s1, "CREATE TABLE t (k integer)", &err), err);
    assert_store_ok(pg_begin(s1, &err), err);
    assert_store_ok(pg_simple(s1, "INSERT INTO t VALUES (1)", &err), err);
    pg_release(pool, s1); /* rolls back */
    pthread_join(th, NULL);
    assert_true(q.st == s1);
    assert_int_equal(PG(s1)->in_txn, 0);
    assert_int_equal(query_int(s1, "SELECT count(*) FROM t"), 0);
    /* a lost connection is discarded when it comes back; the next acquire opens a new one */
    assert_int_equal(pg_query(s2, SQL_KILL, NULL, &r, &err), CAT_EUNAVAILABLE);
    pg_release(pool, s2);
    assert_non_null(s3 = pg_acquire(pool, &err));
    assert_int_equal(PG(s3)->broken, 0);
    assert_int_equal(pg_schema_version(s3), migration_count());
    /* idle connections whose server went away are reopened, not failed, on acquire */
    pid1 = query_int(s1, "SELECT pg_backend_pid()");
    pid3 = query_int(s3, "SELECT pg_backend_pid()");
    pg_release(pool, s3);
    pg_release(pool, s1);
    admin = connect_to(NULL);
    snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%lld), pg_terminate_backend(%lld)",
             pid1, pid3);
    admin_exec(admin, sql);
    PQfinish(admin);
    nanosleep(&ts, NULL);
    assert_non_null(s1 = pg_acquire(pool, &err));
    assert_non_null(s3 = pg_acquire(pool, &err));
    assert_int_equal(pg_schema_version(s1), migration_count());
    assert_store_ok(pg_begin(s3, &err), err);
    assert_int_equal(query_int(s3, "SELECT count(*) FROM t"), 0);
    assert_store_ok(pg_commit(s3, &err), err);
    assert_true(query_int(s1, "SELECT pg_backend_pid()") != pid1);
    pg_release(pool, s3);
    pg_release(pool, s1);
    pg_pool_close(pool);
    drop_db(name, locator);
}

/* A server that does not answer: unavailable, retryable, no password in the message. */
static void test_pg_connect_failure(void **state)
{
    struct srv_error err;
    struct store_pool *pool = NULL;
    struct store *st = NULL;
    (void)state;
    srv_error_init(&err);
    assert_int_equal(pg_pool_open(&pool, "postgresql://catalog:s3cretpw@127.0.0.1:1/nodb", &err),
                     CAT_EUNAVAILABLE);
    assert_null(pool);
    assert_true(strncmp(err.msg, UNAVAILABLE, strlen(UNAVAILABLE)) == 0);
    assert_non_null(strstr(err.msg, "; retry."));
    assert_null(strstr(err.msg, "s3cretpw"));
    assert_string_equal(pg_write_problem(), "PostgreSQL unreachable");
    srv_error_init(&err);
    assert_int_equal(pg_open(&st, "host=127.0.0.1 password=s3cretpw port", &err), CAT_EINVAL);
    assert_null(st);
    assert_null(strstr(err.msg, "s3cretpw"));
    if (server != NULL) { /* a good connection clears the problem */
        char name[64], *locator;
        fresh_db("pgstore", name, sizeof(name), &locator);
        assert_store_ok(pg_open(&st, locator, &err), err);
        assert_null(pg_write_problem());
        pg_close(st);
        drop_db(name, locator);
    }
}

/* The PostgreSQL backend's table has every required member (no server needed), and the
** locator it displays keeps a URI's password out. */
static void test_pg_backend_table_is_complete(void **state)
{
    char buf[128];
    (void)state;
    assert_null(store_backend_check(&store_postgresql));
    assert_non_null(store_postgresql.display_locator);
    store_locator_display("postgresql://u:secret@h/db", buf, sizeof(buf));
    assert_string_equal(buf, "postgresql://u:***@h/db");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pg_backend_table_is_complete),
        cmocka_unit_test(test_pg_migrations_run_once),
        cmocka_unit_test(test_pg_refuses_newer_schema),
        cmocka_unit_test(test_pg_session_settings),
        cmocka_unit_test(test_pg_args_round_trip),
        cmocka_unit_test(test_pg_sqlstate_mapping),
        cmocka_unit_test(test_pg_serialization_failure),
        cmocka_unit_test(test_pg_transactions_and_snapshot),
        cmocka_unit_test(test_pg_analyze_after_bulk_writes),
        cmocka_unit_test(test_pg_pool),
        cmocka_unit_test(test_pg_connect_failure),
    };
    server = getenv("CATALOG_TEST_PG");
    if (server != NULL && *server == '\0')
        server = NULL;
    if (server != NULL)
        drop_stale_dbs("pgstore");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
