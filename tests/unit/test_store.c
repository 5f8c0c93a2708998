/* test_store.c -- unit tests for the SQLite store (sqlite_store.c, sqlite_catalog.c): migrations,
 *connections and the
 ** pool, transactions, SQLite constraint errors -> CAT_* codes, and cascading deletes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/migrate.h"
#include "store/sqlite/sqlite_int.h"
#include "store/store.h"

/* ================================================================ */
/* Helpers.                                                           */

#define assert_store_ok(expr, err)                                                                 \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != CAT_OK)                                                                         \
            fail_msg("%s -> %d: %s", #expr, rc_, (err).msg);                                       \
    } while (0)

#define assert_store_err(expr, err, want_code, want_msg)                                           \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != (want_code))                                                                    \
            fail_msg("%s -> %d (%s), want %d", #expr, rc_, (err).msg, (want_code));                \
        assert_int_equal((err).code, (want_code));                                                 \
        assert_string_equal((err).msg, (want_msg));                                                \
    } while (0)

/* A new JSON value from printf-style JSON text; fails the test on a syntax error. */
static json_t *jsonf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *jsonf(const char *fmt, ...)
{
    char buf[8192];
    json_error_t jerr;
    json_t *v;
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < sizeof(buf));
    if ((v = json_loads(buf, 0, &jerr)) == NULL)
        fail_msg("bad test JSON at %d: %s", jerr.position, jerr.text);
    return v;
}

static int migration_count(void)
{
    int n = 0;
    while (sqlite_migrations[n] != NULL)
        n++;
    return n;
}

/* A fresh temporary file path for a database; remove_db() deletes it and its companions. */
static void temp_db(char *path, size_t size)
{
    int fd;
    snprintf(path, size, "/tmp/catalogd-test-store-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
}

static void remove_db(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char p[256];
    size_t i;
    for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
        unlink(p);
    }
}

/* Run SQL (one integer result) on a separate raw connection to PATH. */
static long long raw_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    long long v;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return v;
}

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    sqlite3_close(db);
}

/* Every table of the schema, for row counts. */
static const char *const ALL_TABLES[] = {
    "databases",        "database_params", "storage_descriptors", "sd_columns",
    "sd_column_params", "sd_params",       "serde_params",        "tables",
    "table_params",     "partition_keys",  "table_versions",
};
#define NTABLES (sizeof(ALL_TABLES) / sizeof(ALL_TABLES[0]))

static void count_rows(const char *path, long long counts[NTABLES])
{
    char sql[128];
    size_t i;
    for (i = 0; i < NTABLES; i++) {
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", ALL_TABLES[i]);
        counts[i] = raw_int(path, sql);
    }
}

static json_t *new_db(const char *name)
{
    return jsonf("{\"Name\": \"%s\", \"Description\": \"d\", \"CreateTime\": 1700000000.5,"
                 " \"Parameters\": {\"owner\": \"ops\", \"empty\": \"\"}}",
                 name);
}

/* A table with something in every child table: SD, columns (with parameters), SD and
** SerDe parameters, table parameters, partition keys. */
static json_t *new_table(const char *name)
{
    return jsonf(
        "{\"Name\": \"%s\", \"CreateTime\": 1700000000.0, \"UpdateTime\": 1700000001.0,"
        " \"TableType\": \"EXTERNAL_TABLE\", \"Parameters\": {\"classification\": \"parquet\"},"
        " \"PartitionKeys\": [{\"Name\": \"dt\", \"Type\": \"string\","
        "                      \"Parameters\": {\"p\": \"1\"}}],"
        " \"StorageDescriptor\": {\"Location\": \"s3://b/%s/\","
        "   \"Columns\": [{\"Name\": \"id\", \"Type\": \"bigint\", \"Parameters\": {\"k\": \"v\"}},"
        "                 {\"Name\": \"v\", \"Type\": \"string\"}],"
        "   \"Parameters\": {\"sd\": \"1\"},"
        "   \"SerdeInfo\": {\"SerializationLibrary\": \"lib\", \"Parameters\": {\"s\": \"1\"}}}}",
        name, name);
}

static void insert_db(struct store *st, const char *catalog, const char *name)
{
    struct srv_error err;
    json_t *db = new_db(name);
    srv_error_init(&err);
    assert_store_ok(store_db_insert(st, catalog, db, &err), err);
    json_decref(db);
}

static void insert_table(struct store *st, const char *catalog, const char *dbname,
                         const char *name)
{
    struct srv_error err;
    json_t *t = new_table(name);
    srv_error_init(&err);
    assert_store_ok(store_table_insert(st, catalog, dbname, t, &err), err);
    json_decref(t);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (f == NULL)
        fail_msg("cannot open %s (set CATALOG_SCHEMA)", path);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* ================================================================ */
/* Migrations and schema.                                             */

static void test_store_migrates_memory_from_zero(void **state)
{
    struct srv_error err;
    struct store *st = NULL;
    json_t *list = NULL;
    int more = -1;
    (void)state;
    srv_error_init(&err);
    assert_true(migration_count() >= 1);
    assert_store_ok(store_open(&st, ":memory:", &err), err);
    assert_non_null(st);
    assert_int_equal(store_schema_version(st), migration_count());
    /* the schema is usable: an empty listing, not an error */
    assert_store_ok(store_db_list(st, "c", NULL, 10, 0, &list, &more, &err), err);
    assert_int_equal(json_array_size(list), 0);
    assert_int_equal(more, 0);
    json_decref(list);
    store_close(st);
    store_close(NULL); /* no-op */
}

static void test_store_schema_matches_catalog_sql(void **state)
{
    struct srv_error err;
    struct store *st = NULL;
    const char *path = getenv("CATALOG_SCHEMA");
    char *want, *got = NULL;
    (void)state;
    srv_error_init(&err);
    want = read_file(path ? path : "../../schema/catalog.sql");
    assert_store_ok(store_open(&st, ":memory:", &err), err);
    assert_store_ok(store_schema_text(st, &got, &err), err);
    if (strcmp(got, want) != 0) {
        size_t i = 0;
        while (got[i] && got[i] == want[i])
            i++;
        fail_msg("schema/catalog.sql differs from the migrated schema at byte %zu:\n"
                 "migrated: %.80s\nfile:     %.80s",
                 i, got + i, want + i);
    }
    free(got);
    free(want);
    store_close(st);
}

/* Opening an already migrated file applies nothing and keeps the data. */
static void test_store_reopen_changes_nothing(void **state)
{
    struct srv_error err;
    struct store *st = NULL;
    char path[64], *s1 = NULL, *s2 = NULL;
    json_t *db = NULL;
    (void)state;
    srv_error_init(&err);
    temp_db(path, sizeof(path));
    assert_store_ok(store_open(&st, path, &err), err);
    assert_int_equal(store_schema_version(st), migration_count());
    assert_store_ok(store_schema_text(st, &s1, &err), err);
    insert_db(st, "c", "survivor");
    store_close(st);
    st = NULL;

    assert_store_ok(store_open(&st, path, &err), err);
    assert_int_equal(store_schema_version(st), migration_count());
    assert_store_ok(store_schema_text(st, &s2, &err), err);
    assert_string_equal(s1, s2);
    assert_store_ok(store_db_get(st, "c", "survivor", &db, &err), err);
    assert_string_equal(json_string_value(json_object_get(db, "Name")), "survivor");
    store_close(st);
    /* and the file says so to any other reader */
    assert_int_equal(raw_int(path, "PRAGMA user_version"), migration_count());
    assert_int_equal(raw_int(path, "SELECT count(*) FROM databases"), 1);
    json_decref(db);
    free(s1);
    free(s2);
    remove_db(path);
}

static void test_store_refuses_newer_schema(void **state)
{
    struct srv_error err;
    struct store *st = (struct store *)&err; /* must be reset to NULL */
    char path[64], sql[64], want[128];
    int n = migration_count();
    (void)state;
    srv_error_init(&err);
    temp_db(path, sizeof(path));
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", n + 5);
    raw_exec(path, sql);
    snprintf(want, sizeof(want), "database schema version %d is newer than this catalogd (%d)",
             n + 5, n);
    assert_store_err(store_open(&st, path, &err), err, CAT_EINTERNAL, want);
    assert_null(st);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema"), 0);
    remove_db(path);
}

/* ================================================================ */
/* Connections, pool, transactions.                                   */

static void test_store_pool_shares_one_file(void **state)
{
    struct srv_error err;
    struct store_pool *pool = NULL;
    struct store *a, *b, *c;
    char path[64];
    json_t *db = NULL;
    (void)state;
    srv_error_init(&err);
    temp_db(path, sizeof(path));
    assert_store_ok(store_pool_open(&pool, path, &err), err);
    assert_non_null(pool);
    a = store_acquire(pool, &err);
    b = store_acquire(pool, &err);
    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    assert_int_equal(store_schema_version(b), migration_count());

    /* a write committed on one connection is visible on the other */
    assert_store_ok(store_begin(a, &err), err);
    insert_db(a, "c", "shared");
    assert_store_ok(store_commit(a, &err), err);
    assert_store_ok(store_db_get(b, "c", "shared", &db, &err), err);
    assert_string_equal(json_string_value(json_object_get(db, "Description")), "d");
    json_decref(db);
    db = NULL;

    /* returning a connection rolls back what it left open */
    assert_store_ok(store_begin(b, &err), err);
    insert_db(b, "c", "ghost");
    store_return(pool, b);
    assert_store_err(store_db_get(a, "c", "ghost", &db, &err), err, CAT_ENOTFOUND,
                     "Database ghost not found.");
    assert_null(db);

    /* an idle connection is reused, and it is usable: a new transaction begins */
    c = store_acquire(pool, &err);
    assert_ptr_equal(c, b);
    assert_store_ok(store_begin(c, &err), err);
    store_rollback(c);
    store_return(pool, c);
    store_return(pool, a);
    store_return(pool, NULL); /* no-op */
    store_pool_close(pool);
    store_pool_close(NULL); /* no-op */

    assert_int_equal(raw_int(path, "SELECT count(*) FROM databases WHERE name = 'shared'"), 1);
    assert_int_equal(raw_int(path, "SELECT count(*) FROM databases WHERE name = 'ghost'"), 0);
    remove_db(path);
}

static void test_store_pool_uses_wal(void **state)
{
    struct srv_error err;
    struct store_pool *pool = NULL;
    char path[64];
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    (void)state;
    srv_error_init(&err);
    temp_db(path, sizeof(path));
    assert_store_ok(store_pool_open(&pool, path, &err), err);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    store_pool_close(pool);
    remove_db(path);
}

static void test_store_pool_open_fails_cleanly(void **state)
{
    struct srv_error err;
    struct store_pool *pool = (struct store_pool *)&err; /* must be reset to NULL */
    (void)state;
    srv_error_init(&err);
    assert_int_equal(store_pool_open(&pool, "/nonexistent-dir/x/catalog.db", &err), CAT_EINTERNAL);
    assert_null(pool);
    assert_int_equal(err.code, CAT_EINTERNAL);
    assert_non_null(strstr(err.msg, "cannot open /nonexistent-dir/x/catalog.db"));
}

static void test_store_rollback_leaves_nothing(void **state)
{
    struct srv_error err;
    struct store *st = NULL;
    json_t *db = NULL, *list = NULL;
    int more;
    (void)state;
    srv_error_init(&err);
    assert_store_ok(store_open(&st, ":memory:", &err), err);
    assert_store_ok(store_begin(st, &err), err);
    insert_db(st, "c", "rolled");
    insert_table(st, "c", "rolled", "t1");
    store_rollback(st);
    store_rollback(st); /* idempotent */
    store_rollback(NULL);
    assert_store_err(store_db_get(st, "c", "rolled", &db, &err), err, CAT_ENOTFOUND,
                     "Database rolled not found.");
    assert_null(db);
    assert_store_ok(store_db_list(st, "c", NULL, 10, 0, &list, &more, &err), err);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
    /* after a rollback the connection takes a new transaction */
    assert_store_ok(store_begin(st, &err), err);
    insert_db(st, "c", "kept");
    assert_store_ok(store_commit(st, &err), err);
    store_rollback(st); /* nothing open: no effect */
    assert_store_ok(store_db_get(st, "c", "kept", &db, &err), err);
    json_decref(db);
    store_close(st);
}

/* ================================================================ */
/* Entity errors.                                                     */

static void test_store_duplicate_database_is_eexists(void **state)
{
    struct srv_error err;
    struct store *st = NULL;
    json_t *db = new_db("dup");
    (void)state;
    srv_error_init(&err);
    assert_store_ok(store_open(&st, ":memory:", &err), err);
    assert_store_ok(store_db_insert(st, "c", db, &err), err);
    assert_store_err(store_db_insert(st, "c", db, &err), err, CAT_EEXISTS,
                     "Database dup already exists.");
    /* the same name under another catalog is another database */
    srv_error_init(&err);
    assert_store_ok(store_db_insert(st, "other", db, &err), err);
    json_decref(db);
    store_close(st);
}

static void test_store_missing_entities_are_enotfound(void **state)
{
    struct srv_error err;
    struct store *st = NULL;
    json_t *out = (json_t *)&err, *db = new_db("x2"), *t = new_table("t");
    (void)state;
    srv_error_init(&err);
    assert_store_ok(store_open(&st, ":memory:", &err), err);
    assert_store_err(store_db_get(st, "c", "x", &out, &err), err, CAT_ENOTFOUND,
                     "Database x not found.");
    assert_null(out);
    assert_store_err(store_db_delete(st, "c", "x", &err), err, CAT_ENOTFOUND,
                     "Database x not found.");
    assert_store_err(store_db_replace(st, "c", "x", db, &err), err, CAT_ENOTFOUND,
                     "Database x not found.");
    assert_store_err(store_table_insert(st, "c", "x", t, &err), err, CAT_ENOTFOUND,
                     "Database x not found.");
    insert_db(st, "c", "x");
    assert_store_err(store_db_get(st, "other", "x", &out, &err), err, CAT_ENOTFOUND,
                     "Database x not found.");
    assert_store_err(store_table_get(st, "c", "x", "nope", &out, &err), err, CAT_ENOTFOUND,
                     "Table nope not found.");
    assert_null(out);
    assert_store_err(store_table_delete(st, "c", "x", "nope", &err), err, CAT_ENOTFOUND,
                     "Table nope not found.");
    assert_store_err(store_version_get(st, "c", "x", "nope", 0, &out, &err), err, CAT_ENOTFOUND,
                     "Table nope not found.");
    insert_table(st, "c", "x", "t");
    assert_store_err(store_version_get(st, "c", "x", "t", 0, &out, &err), err, CAT_ENOTFOUND,
                     "Version 0 of table t not found.");
    assert_null(out);
    assert_store_err(store_version_delete(st, "c", "x", "t", 3, &err), err, CAT_ENOTFOUND,
                     "Version 3 of table t not found.");
    json_decref(db);
    json_decref(t);
    store_close(st);
}

static void test_store_duplicate_table_and_rename_clash_are_eexists(void **state)
{
    struct srv_error err;
    struct store *st = NULL;
    json_t *t = new_table("t"), *renamed = new_db("b");
    (void)state;
    srv_error_init(&err);
    assert_store_ok(store_open(&st, ":memory:", &err), err);
    insert_db(st, "c", "a");
    insert_db(st, "c", "b");
    insert_table(st, "c", "a", "t");
    assert_store_err(store_table_insert(st, "c", "a", t, &err), err, CAT_EEXISTS,
                     "Table t already exists.");
    srv_error_init(&err);
    insert_table(st, "c", "b", "t"); /* same name in another database is fine */
    assert_store_err(store_db_replace(st, "c", "a", renamed, &err), err, CAT_EEXISTS,
                     "Database b already exists.");
    json_decref(t);
    json_decref(renamed);
    store_close(st);
}

static void test_store_table_replace_checks_version(void **state)
{
    struct srv_error err;
    struct store *st = NULL;
    json_t *t = new_table("t"), *got = NULL;
    (void)state;
    srv_error_init(&err);
    assert_store_ok(store_open(&st, ":memory:", &err), err);
    insert_db(st, "c", "d");
    insert_table(st, "c", "d", "t");
    assert_store_err(store_table_replace(st, "c", "d", t, 5, 6, &err), err, CAT_ECONCURRENT,
                     "Update table failed due to concurrent modifications.");
    json_object_set_new(t, "Description", json_string("v1"));
    srv_error_init(&err);
    assert_store_ok(store_table_replace(st, "c", "d", t, 0, 1, &err), err);
    assert_store_err(store_table_replace(st, "c", "d", t, 0, 1, &err), err, CAT_ECONCURRENT,
                     "Update table failed due to concurrent modifications.");
    assert_store_ok(store_table_get(st, "c", "d", "t", &got, &err), err);
    assert_string_equal(json_string_value(json_object_get(got, "VersionId")), "1");
    assert_string_equal(json_string_value(json_object_get(got, "Description")), "v1");
    assert_string_equal(json_string_value(json_object_get(got, "DatabaseName")), "d");
    assert_string_equal(json_string_value(json_object_get(got, "CatalogId")), "c");
    json_decref(got);
    json_decref(t);
    store_close(st);
}

static void test_store_db_list_pages_by_name(void **state)
{
    static const char *const names[] = {"d3", "d1", "d5", "d2", "d4"};
    struct srv_error err;
    struct store *st = NULL;
    json_t *list = NULL;
    int more;
    size_t i;
    (void)state;
    srv_error_init(&err);
    assert_store_ok(store_open(&st, ":memory:", &err), err);
    for (i = 0; i < 5; i++)
        insert_db(st, "c", names[i]);
    insert_db(st, "zz-other-catalog", "d0");
    assert_store_ok(store_db_list(st, "c", NULL, 2, 0, &list, &more, &err), err);
    assert_int_equal(json_array_size(list), 2);
    assert_int_equal(more, 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "Name")), "d1");
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "Name")), "d2");
    json_decref(list);
    assert_store_ok(store_db_list(st, "c", "d3", 2, 0, &list, &more, &err), err);
    assert_int_equal(json_array_size(list), 2); /* exactly the rest: no further page */
    assert_int_equal(more, 0);
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "Name")), "d4");
    json_decref(list);
    store_close(st);
}

static void test_store_versions_newest_first(void **state)
{
    struct srv_error err;
    struct store *st = NULL;
    json_t *list = NULL, *snap = NULL, *got = NULL;
    int more;
    long long v;
    (void)state;
    srv_error_init(&err);
    assert_store_ok(store_open(&st, ":memory:", &err), err);
    insert_db(st, "c", "d");
    insert_table(st, "c", "d", "t");
    for (v = 0; v < 4; v++) {
        snap = jsonf("{\"Name\": \"t\", \"VersionId\": \"%lld\", \"DatabaseName\": \"old\"}", v);
        assert_store_ok(store_version_archive(st, "c", "d", "t", v, snap, &err), err);
        json_decref(snap);
    }
    snap = jsonf("{\"Name\": \"t\"}");
    assert_store_err(store_version_archive(st, "c", "d", "t", 2, snap, &err), err, CAT_EEXISTS,
                     "Entity already exists.");
    json_decref(snap);
    srv_error_init(&err);
    assert_store_ok(store_version_list(st, "c", "d", "t", -1, 3, 0, &list, &more, &err), err);
    assert_int_equal(json_array_size(list), 3);
    assert_int_equal(more, 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "VersionId")),
                        "3");
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 2), "VersionId")),
                        "1");
    /* the snapshot's DatabaseName follows the database's current name */
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "DatabaseName")),
                        "d");
    json_decref(list);
    assert_store_ok(store_version_list(st, "c", "d", "t", 1, 3, 0, &list, &more, &err), err);
    assert_int_equal(json_array_size(list), 1);
    assert_int_equal(more, 0);
    json_decref(list);
    assert_store_ok(store_version_delete(st, "c", "d", "t", 2, &err), err);
    assert_store_err(store_version_get(st, "c", "d", "t", 2, &got, &err), err, CAT_ENOTFOUND,
                     "Version 2 of table t not found.");
    srv_error_init(&err);
    assert_store_ok(store_version_get(st, "c", "d", "t", 1, &got, &err), err);
    assert_string_equal(json_string_value(json_object_get(got, "VersionId")), "1");
    json_decref(got);
    store_close(st);
}

/* ================================================================ */
/* Cascades, counted on the file with a separate connection.          */

static void assert_counts_equal(const long long a[NTABLES], const long long b[NTABLES])
{
    size_t i;
    for (i = 0; i < NTABLES; i++)
        if (a[i] != b[i])
            fail_msg("%s: %lld rows, want %lld", ALL_TABLES[i], a[i], b[i]);
}

static void test_store_delete_database_cascades(void **state)
{
    struct srv_error err;
    struct store *st = NULL;
    char path[64];
    long long before[NTABLES], during[NTABLES], after[NTABLES];
    json_t *snap = NULL, *t = NULL;
    size_t i;
    (void)state;
    srv_error_init(&err);
    temp_db(path, sizeof(path));
    assert_store_ok(store_open(&st, path, &err), err);
    /* a bystander that must survive untouched */
    insert_db(st, "c", "kept");
    insert_table(st, "c", "kept", "t1");
    snap = jsonf("{\"Name\": \"t1\", \"VersionId\": \"0\"}");
    assert_store_ok(store_version_archive(st, "c", "kept", "t1", 0, snap, &err), err);
    json_decref(snap);
    count_rows(path, before);

    insert_db(st, "c", "doomed");
    insert_table(st, "c", "doomed", "t1");
    insert_table(st, "c", "doomed", "t2");
    snap = jsonf("{\"Name\": \"t1\", \"VersionId\": \"0\"}");
    assert_store_ok(store_version_archive(st, "c", "doomed", "t1", 0, snap, &err), err);
    json_decref(snap);
    count_rows(path, during);
    for (i = 0; i < NTABLES; i++) /* every child table got rows: the test can fail */
        if (during[i] <= before[i])
            fail_msg("%s: no rows added for the doomed database", ALL_TABLES[i]);

    assert_store_ok(store_db_delete(st, "c", "doomed", &err), err);
    count_rows(path, after);
    assert_counts_equal(after, before);
    assert_store_ok(store_table_get(st, "c", "kept", "t1", &t, &err), err);
    assert_int_equal(
        json_array_size(json_object_get(json_object_get(t, "StorageDescriptor"), "Columns")), 2);
    json_decref(t);
    store_close(st);
    remove_db(path);
}

/* Replacing or deleting a table leaves no orphaned storage descriptor or columns. */
static void test_store_table_replace_and_delete_drop_old_sd(void **state)
{
    struct srv_error err;
    struct store *st = NULL;
    char path[64];
    long long base[NTABLES], one[NTABLES], now[NTABLES];
    json_t *t = new_table("t");
    (void)state;
    srv_error_init(&err);
    temp_db(path, sizeof(path));
    assert_store_ok(store_open(&st, path, &err), err);
    insert_db(st, "c", "d");
    count_rows(path, base);
    insert_table(st, "c", "d", "t");
    count_rows(path, one);
    assert_store_ok(store_table_replace(st, "c", "d", t, 0, 1, &err), err);
    assert_store_ok(store_table_replace(st, "c", "d", t, 1, 2, &err), err);
    count_rows(path, now);
    assert_counts_equal(now, one);
    assert_store_ok(store_table_delete(st, "c", "d", "t", &err), err);
    count_rows(path, now);
    assert_counts_equal(now, base);
    json_decref(t);
    store_close(st);
    remove_db(path);
}

/* The SQLite backend's table has every required member; a table lacking one is named by the
** member missing, an optional member may be NULL. */
static void test_store_backend_check(void **state)
{
    struct store_backend be = store_sqlite;
    (void)state;
    assert_null(store_backend_check(&store_sqlite));
    be.get_table = NULL;
    assert_string_equal(store_backend_check(&be), "get_table");
    be = store_sqlite;
    be.list_crawls = NULL;
    assert_string_equal(store_backend_check(&be), "list_crawls");
    be = store_sqlite;
    be.insert_forms = NULL; /* rows formed ahead: all three members or none */
    assert_string_equal(store_backend_check(&be), "insert_forms");
    be.free_forms = NULL;
    assert_string_equal(store_backend_check(&be), "insert_forms");
    be.form_partitions = NULL;
    assert_null(store_backend_check(&be));
    be.free_forms = store_sqlite.free_forms;
    assert_string_equal(store_backend_check(&be), "form_partitions");
    be = store_sqlite;
    be.insert_partitions = NULL;
    be.display_locator = NULL;
    assert_null(store_backend_check(&be));
    be.name = NULL;
    assert_string_equal(store_backend_check(&be), "name");
    assert_string_equal(store_backend_check(NULL), "name");
}

/* PRAGMA synchronous of the SQLite connection ST (2 FULL, 1 NORMAL). */
static int synchronous(struct store *st)
{
    sqlite3_stmt *stmt = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(SQ(st)->db, "PRAGMA synchronous", -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        v = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
}

/* Durability is a store-level setting the SQLite backend reads: synchronous=FULL by default,
** NORMAL once relaxed, for connections opened after. */
static void test_store_durability_setting(void **state)
{
    struct store *st = NULL;
    struct srv_error err;
    (void)state;
    srv_error_init(&err);
    assert_int_equal(store_durability_full(), 1);
    assert_int_equal(store_open(&st, ":memory:", &err), CAT_OK);
    assert_int_equal(synchronous(st), 2);
    store_close(st);
    store_set_durability(0);
    assert_int_equal(store_durability_full(), 0);
    assert_int_equal(store_open(&st, ":memory:", &err), CAT_OK);
    assert_int_equal(synchronous(st), 1);
    store_close(st);
    store_set_durability(1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_backend_check),
        cmocka_unit_test(test_store_durability_setting),
        cmocka_unit_test(test_store_migrates_memory_from_zero),
        cmocka_unit_test(test_store_schema_matches_catalog_sql),
        cmocka_unit_test(test_store_reopen_changes_nothing),
        cmocka_unit_test(test_store_refuses_newer_schema),
        cmocka_unit_test(test_store_pool_shares_one_file),
        cmocka_unit_test(test_store_pool_uses_wal),
        cmocka_unit_test(test_store_pool_open_fails_cleanly),
        cmocka_unit_test(test_store_rollback_leaves_nothing),
        cmocka_unit_test(test_store_duplicate_database_is_eexists),
        cmocka_unit_test(test_store_missing_entities_are_enotfound),
        cmocka_unit_test(test_store_duplicate_table_and_rename_clash_are_eexists),
        cmocka_unit_test(test_store_table_replace_checks_version),
        cmocka_unit_test(test_store_db_list_pages_by_name),
        cmocka_unit_test(test_store_versions_newest_first),
        cmocka_unit_test(test_store_delete_database_cascades),
        cmocka_unit_test(test_store_table_replace_and_delete_drop_old_sd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
