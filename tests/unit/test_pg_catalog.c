/* test_pg_catalog.c -- unit tests for the PostgreSQL store's databases, tables, versions and
** descriptors (pg_catalog.c, pg_sd.c): one script of store calls, run on SQLite and on
** PostgreSQL, must print the same objects, errors and messages; expected errors leave a write
** transaction usable; key retyping; the read snapshot of ptable_open; VersionId
** compare-and-swap between two connections.  Skipped unless CATALOG_TEST_PG is a libpq
** locator of a server where the tests may create databases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

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
#include "store/pg/pg_int.h"

/* ================================================================ */
/* Databases of the test server */

/* The store on a fresh PostgreSQL database (NAME, *LOCATOR for drop_db). */
static struct store *pg_store_fresh(char *name, size_t size, char **locator)
{
    struct srv_error err;
    struct store *st = NULL;
    srv_error_init(&err);
    fresh_db("pgcat", name, size, locator);
    assert_store_ok(store_open(&st, *locator, &err), err);
    return st;
}

/* ================================================================ */
/* One script on both backends */

struct out {
    struct sbuf b;
    struct srv_error err;
};

static void show(struct out *o, const char *what, int rc, json_t *j)
{
    char line[700];
    char *t = j ? json_dumps(j, JSON_COMPACT) : NULL;
    snprintf(line, sizeof(line), "%s: rc=%d %s\n", what, rc, rc ? o->err.msg : "");
    sbuf_adds(&o->b, line);
    if (t) {
        sbuf_adds(&o->b, "  ");
        sbuf_adds(&o->b, t);
        sbuf_adds(&o->b, "\n");
    }
    free(t);
    json_decref(j);
    srv_error_init(&o->err);
}

static void show_more(struct out *o, int more)
{
    sbuf_adds(&o->b, more ? "  more\n" : "  no more\n");
}

/* Show the result of CALL, which sets j (evaluated before j is read). */
#define SHOWJ(what, call)                                                                          \
    do {                                                                                           \
        int rc_ = (call);                                                                          \
        show(o, what, rc_, j);                                                                     \
        j = NULL;                                                                                  \
    } while (0)

static char *render(const json_t *t)
{
    return json_dumps(t, JSON_COMPACT | JSON_SORT_KEYS);
}

static int not_t2(void *ctx, const char *n)
{
    (void)ctx;
    return strcmp(n, "t2") != 0;
}

static const char T1[] =
    "{\"Name\":\"t1\",\"Description\":\"d\",\"Owner\":\"me\",\"CreateTime\":100.5,"
    "\"UpdateTime\":1764322800.123,\"LastAccessTime\":3,\"Retention\":7,"
    "\"TableType\":\"EXTERNAL_TABLE\",\"ViewOriginalText\":\"v\","
    "\"StorageDescriptor\":{\"Columns\":[{\"Name\":\"a\",\"Type\":\"int\",\"Comment\":\"c\","
    "\"Parameters\":{\"z\":\"1\",\"b\":\"2\",\"n\":3}},{\"Name\":\"b\",\"Type\":\"string\"},"
    "{\"Name\":\"c\",\"Parameters\":{\"k\":\"v\"}}],"
    "\"Location\":\"s3://b/t1\",\"InputFormat\":\"in\",\"OutputFormat\":\"out\","
    "\"Compressed\":false,\"NumberOfBuckets\":-1,"
    "\"SerdeInfo\":{\"Name\":\"s\",\"SerializationLibrary\":\"lib\","
    "\"Parameters\":{\"y\":\"1\",\"x\":\"2\"}},\"BucketColumns\":[],\"SortColumns\":[],"
    "\"Parameters\":{\"q\":\"r\",\"\\u00e9\":\"\\u00e8\"},\"StoredAsSubDirectories\":true,"
    "\"SkewedInfo\":{\"SkewedColumnNames\":[]}},"
    "\"PartitionKeys\":[{\"Name\":\"year\",\"Type\":\"string\",\"Parameters\":{\"p\":\"1\"}},"
    "{\"Name\":\"m\",\"Type\":\"int\",\"Comment\":\"mm\"}],"
    "\"Parameters\":{\"classification\":\"csv\",\"EXTERNAL\":\"TRUE\",\"Z\":\"\"},"
    "\"TargetTable\":{\"Name\":\"x\"},\"IsRegisteredWithLakeFormation\":false}";

/* Every database, table and version call with its errors, in one write transaction, printed
** into O. */
static void script(struct store *st, struct out *o)
{
    json_t *j = NULL, *t1 = json_loads(T1, 0, NULL), *u;
    struct store_ptable pt;
    char *text = NULL;
    int rc, more;
    assert_non_null(t1);
    assert_store_ok(store_begin(st, &o->err), o->err);

    json_t *db1 =
        json_pack("{s:s,s:s,s:s,s:f,s:{s:s,s:s,s:i},s:{s:s}}", "Name", "db1", "Description",
                  "first", "LocationUri", "s3://x/y", "CreateTime", 1764322800.123, "Parameters",
                  "b", "2", "a", "1", "n", 5, "TargetDatabase", "CatalogId", "other");
    show(o, "db_insert", store_db_insert(st, "cat", db1, &o->err), NULL);
    show(o, "db_insert again", store_db_insert(st, "cat", db1, &o->err), NULL);
    SHOWJ("db_get", store_db_get(st, "cat", "db1", &j, &o->err));
    SHOWJ("db_get nope", store_db_get(st, "cat", "nope", &j, &o->err));
    SHOWJ("db_get other catalog", store_db_get(st, "other", "db1", &j, &o->err));
    json_t *db2 = json_pack("{s:s,s:f}", "Name", "db2", "CreateTime", 5.0);
    show(o, "db_insert db2", store_db_insert(st, "cat", db2, &o->err), NULL);
    json_t *db3 =
        json_pack("{s:s,s:f,s:{}}", "Name", "db\xc3\xa9", "CreateTime", 6.5, "Parameters");
    show(o, "db_insert db3", store_db_insert(st, "cat", db3, &o->err), NULL);
    json_t *db4 = json_pack("{s:s,s:i}", "Name", "DB_upper", "CreateTime", 7);
    show(o, "db_insert db4", store_db_insert(st, "cat", db4, &o->err), NULL);
    rc = store_db_list(st, "cat", NULL, 2, 0, &j, &more, &o->err);
    show(o, "db_list 2", rc, j);
    show_more(o, more);
    rc = store_db_list(st, "cat", "db1", 10, 0, &j, &more, &o->err);
    show(o, "db_list after db1", rc, j);
    show_more(o, more);
    rc = store_db_list(st, "cat", NULL, 10, 1, &j, &more, &o->err);
    show(o, "db_list 1 byte", rc, j);
    show_more(o, more);
    rc = store_db_list(st, "cat", NULL, 10, 150, &j, &more, &o->err);
    show(o, "db_list 150 bytes", rc, j);
    show_more(o, more);
    rc = store_db_list(st, "cat", NULL, 4, 0, &j, &more, &o->err);
    show(o, "db_list 4", rc, j);
    show_more(o, more);
    json_t *r2 = json_pack("{s:s,s:s,s:{s:s}}", "Name", "db1", "Description", "renamed",
                           "Parameters", "k", "v");
    show(o, "db_replace db2 -> db1", store_db_replace(st, "cat", "db2", r2, &o->err), NULL);
    json_object_set_new(r2, "Name", json_string("db5"));
    show(o, "db_replace db2 -> db5", store_db_replace(st, "cat", "db2", r2, &o->err), NULL);
    show(o, "db_replace db2 gone", store_db_replace(st, "cat", "db2", r2, &o->err), NULL);
    json_object_set_new(r2, "Description", json_string("same name"));
    json_object_set_new(r2, "Parameters", json_pack("{s:s,s:s}", "k", "v2", "z", "1"));
    show(o, "db_replace db5 same name", store_db_replace(st, "cat", "db5", r2, &o->err), NULL);
    SHOWJ("db_get db5", store_db_get(st, "cat", "db5", &j, &o->err));

    show(o, "table_insert", store_table_insert(st, "cat", "db1", t1, &o->err), NULL);
    show(o, "table_insert again", store_table_insert(st, "cat", "db1", t1, &o->err), NULL);
    show(o, "table_insert no db", store_table_insert(st, "cat", "nope", t1, &o->err), NULL);
    SHOWJ("table_get", store_table_get(st, "cat", "db1", "t1", &j, &o->err));
    SHOWJ("table_get nope", store_table_get(st, "cat", "db1", "nope", &j, &o->err));
    SHOWJ("table_get no db", store_table_get(st, "cat", "nodb", "t1", &j, &o->err));
    rc = store_table_text(st, "cat", "db1", "t1", render, &text, &o->err);
    show(o, "table_text", rc, text ? json_string(text) : NULL);
    free(text);
    text = NULL;
    rc = store_table_text(st, "cat", "db1", "t9", render, &text, &o->err);
    show(o, "table_text nope", rc, NULL);
    json_t *t2 = json_pack("{s:s,s:f,s:f,s:{s:[]}}", "Name", "t2", "CreateTime", 1.0, "UpdateTime",
                           2.0, "StorageDescriptor", "Columns");
    show(o, "table_insert t2", store_table_insert(st, "cat", "db1", t2, &o->err), NULL);
    json_t *t3 = json_pack("{s:s,s:f,s:f}", "Name", "t3", "CreateTime", 1.0, "UpdateTime", 2.0);
    show(o, "table_insert t3", store_table_insert(st, "cat", "db1", t3, &o->err), NULL);
    json_object_set_new(t3, "Name", json_string("T0"));
    show(o, "table_insert T0", store_table_insert(st, "cat", "db1", t3, &o->err), NULL);
    rc = store_table_list(st, "cat", "db1", NULL, 2, 0, NULL, NULL, &j, &more, &o->err);
    show(o, "table_list 2", rc, j);
    show_more(o, more);
    rc = store_table_list(st, "cat", "db1", "t1", 10, 0, NULL, NULL, &j, &more, &o->err);
    show(o, "table_list after t1", rc, j);
    show_more(o, more);
    rc = store_table_list(st, "cat", "db1", NULL, 2, 0, not_t2, NULL, &j, &more, &o->err);
    show(o, "table_list filtered 2", rc, j);
    show_more(o, more);
    rc = store_table_list(st, "cat", "db1", NULL, 3, 0, not_t2, NULL, &j, &more, &o->err);
    show(o, "table_list filtered 3", rc, j);
    show_more(o, more);
    rc = store_table_list(st, "cat", "db1", "t1", 1, 0, not_t2, NULL, &j, &more, &o->err);
    show(o, "table_list filtered after t1", rc, j);
    show_more(o, more);
    rc = store_table_list(st, "cat", "db1", NULL, 10, 1, NULL, NULL, &j, &more, &o->err);
    show(o, "table_list 1 byte", rc, j);
    show_more(o, more);
    rc = store_table_list(st, "cat", "db1", NULL, 10, 1, not_t2, NULL, &j, &more, &o->err);
    show(o, "table_list filtered 1 byte", rc, j);
    show_more(o, more);
    rc = store_table_list(st, "cat", "db1", "zz", 10, 0, NULL, NULL, &j, &more, &o->err);
    show(o, "table_list past the end", rc, j);
    show_more(o, more);
    rc = store_table_list(st, "cat", "db1", "zz", 10, 0, not_t2, NULL, &j, &more, &o->err);
    show(o, "table_list filtered past the end", rc, j);
    show_more(o, more);
    rc = store_table_list(st, "cat", "db5", NULL, 10, 0, NULL, NULL, &j, &more, &o->err);
    show(o, "table_list empty db", rc, j);
    show_more(o, more);
    rc = store_table_list(st, "cat", "nodb", NULL, 10, 0, NULL, NULL, &j, &more, &o->err);
    show(o, "table_list no db", rc, j);
    rc = store_table_list(st, "cat", "nodb", NULL, 10, 0, not_t2, NULL, &j, &more, &o->err);
    show(o, "table_list filtered no db", rc, j);

    show(o, "version_archive 0", store_version_archive(st, "cat", "db1", "t1", 0, t1, &o->err),
         NULL);
    show(o, "version_archive 0 again",
         store_version_archive(st, "cat", "db1", "t1", 0, t1, &o->err), NULL);
    show(o, "version_archive 1", store_version_archive(st, "cat", "db1", "t1", 1, t2, &o->err),
         NULL);
    show(o, "version_archive nope", store_version_archive(st, "cat", "db1", "nope", 1, t2, &o->err),
         NULL);
    show(o, "version_archive no db", store_version_archive(st, "cat", "nodb", "t1", 1, t2, &o->err),
         NULL);
    SHOWJ("version_get 1", store_version_get(st, "cat", "db1", "t1", 1, &j, &o->err));
    SHOWJ("version_get 9", store_version_get(st, "cat", "db1", "t1", 9, &j, &o->err));
    SHOWJ("version_get t9", store_version_get(st, "cat", "db1", "t9", 9, &j, &o->err));
    rc = store_version_list(st, "cat", "db1", "t1", -1, 1, 0, &j, &more, &o->err);
    show(o, "version_list 1", rc, j);
    show_more(o, more);
    rc = store_version_list(st, "cat", "db1", "t1", 1, 5, 0, &j, &more, &o->err);
    show(o, "version_list before 1", rc, j);
    show_more(o, more);
    rc = store_version_list(st, "cat", "db1", "t2", -1, 5, 0, &j, &more, &o->err);
    show(o, "version_list none", rc, j);
    show_more(o, more);
    rc = store_version_list(st, "cat", "db1", "t1", -1, 5, 1, &j, &more, &o->err);
    show(o, "version_list 1 byte", rc, j);
    show_more(o, more);
    rc = store_version_list(st, "cat", "nodb", "t1", -1, 5, 1, &j, &more, &o->err);
    show(o, "version_list no db", rc, j);
    show(o, "version_delete 0", store_version_delete(st, "cat", "db1", "t1", 0, &o->err), NULL);
    show(o, "version_delete 0 again", store_version_delete(st, "cat", "db1", "t1", 0, &o->err),
         NULL);
    show(o, "version_delete tx", store_version_delete(st, "cat", "db1", "tx", 0, &o->err), NULL);

    u = json_deep_copy(t1);
    json_object_set_new(u, "Description", json_string("new"));
    json_object_set_new(u, "Parameters",
                        json_pack("{s:s,s:s}", "classification", "parquet", "new", "1"));
    show(o, "table_replace same descriptor",
         store_table_replace(st, "cat", "db1", u, 0, 1, &o->err), NULL);
    show(o, "table_replace stale version", store_table_replace(st, "cat", "db1", u, 0, 2, &o->err),
         NULL);
    json_object_set_new(json_object_get(u, "StorageDescriptor"), "Location",
                        json_string("s3://moved"));
    json_object_set_new(json_array_get(json_object_get(u, "PartitionKeys"), 0), "Type",
                        json_string("int"));
    json_array_append_new(json_object_get(u, "PartitionKeys"),
                          json_pack("{s:s,s:s}", "Name", "d", "Type", "date"));
    show(o, "table_replace new descriptor and key types",
         store_table_replace(st, "cat", "db1", u, 1, 2, &o->err), NULL);
    SHOWJ("table_get replaced", store_table_get(st, "cat", "db1", "t1", &j, &o->err));
    json_object_del(u, "StorageDescriptor");
    json_object_set_new(u, "PartitionKeys", json_array());
    show(o, "table_replace without descriptor",
         store_table_replace(st, "cat", "db1", u, 2, 3, &o->err), NULL);
    SHOWJ("table_get replaced again", store_table_get(st, "cat", "db1", "t1", &j, &o->err));
    json_object_set_new(u, "Name", json_string("zz"));
    show(o, "table_replace nope", store_table_replace(st, "cat", "db1", u, 3, 4, &o->err), NULL);
    json_object_del(u, "Name");
    show(o, "table_replace nameless", store_table_replace(st, "cat", "db1", u, 3, 4, &o->err),
         NULL);

    rc = store_ptable_open(st, "cat", "db1", "t2", &pt, &o->err);
    show(o, "ptable_open", rc, NULL);
    if (rc == CAT_OK) {
        char line[200];
        snprintf(line, sizeof(line), "  %s/%s/%s keys %d descriptor %d\n", pt.catalog, pt.db,
                 pt.name, pt.nkeys, pt.sd_id != 0);
        sbuf_adds(&o->b, line);
    }
    store_ptable_close(&pt);
    store_ptable_close(&pt);
    show(o, "ptable_open nope", store_ptable_open(st, "cat", "db1", "nope", &pt, &o->err), NULL);
    show(o, "ptable_open no db", store_ptable_open(st, "cat", "nodb", "t1", &pt, &o->err), NULL);
    store_ptable_close(NULL);

    show(o, "table_delete", store_table_delete(st, "cat", "db1", "t1", &o->err), NULL);
    show(o, "table_delete again", store_table_delete(st, "cat", "db1", "t1", &o->err), NULL);
    show(o, "table_delete no db", store_table_delete(st, "cat", "nodb", "t1", &o->err), NULL);
    show(o, "db_delete", store_db_delete(st, "cat", "db1", &o->err), NULL);
    show(o, "db_delete again", store_db_delete(st, "cat", "db1", &o->err), NULL);
    show(o, "commit", store_commit(st, &o->err), NULL);
    rc = store_db_list(st, "cat", NULL, 10, 0, &j, &more, &o->err);
    show(o, "db_list after commit", rc, j);
    show_more(o, more);
    json_decref(t1);
    json_decref(u);
    json_decref(t2);
    json_decref(t3);
    json_decref(db1);
    json_decref(db2);
    json_decref(db3);
    json_decref(db4);
    json_decref(r2);
}

static void test_pg_catalog_same_as_sqlite(void **state)
{
    struct out sq = {{0}, {0}}, pg = {{0}, {0}};
    struct store *st = NULL;
    char name[64], *loc;
    (void)state;
    if (server == NULL)
        skip();
    srv_error_init(&sq.err);
    srv_error_init(&pg.err);
    assert_store_ok(store_open(&st, ":memory:", &sq.err), sq.err);
    script(st, &sq);
    store_close(st);
    st = pg_store_fresh(name, sizeof(name), &loc);
    script(st, &pg);
    store_close(st);
    drop_db(name, loc);
    assert_non_null(strstr(sq.b.p, "Version 9 of table t1 not found."));
    assert_string_equal(pg.b.p, sq.b.p);
    free(sq.b.p);
    free(pg.b.p);
}

/* ================================================================ */
/* PostgreSQL only */

/* Run SQL on ST's connection, returning the first row's first column (static copy) or "". */
static const char *sql1(struct store *st, const char *sql)
{
    static char buf[256];
    PGresult *r = PQexec(PG(st)->conn, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(PG(st)->conn));
    snprintf(buf, sizeof(buf), "%s", PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    return buf;
}

/* Database "d" and its table "p" with partition keys KEYS (JSON array text) in ST: *DB and *T
** the objects (the caller's), the table's row id returned. */
static long long table_p(struct store *st, const char *keys, json_t **db, json_t **t)
{
    struct srv_error err;
    char text[400];
    long long id;
    srv_error_init(&err);
    snprintf(text, sizeof(text),
             "{\"Name\":\"p\",\"CreateTime\":1,\"UpdateTime\":1,"
             "\"StorageDescriptor\":{\"Location\":\"x\"},\"PartitionKeys\":%s}",
             keys);
    *db = json_pack("{s:s,s:f}", "Name", "d", "CreateTime", 1.0);
    *t = json_loads(text, 0, NULL);
    assert_store_ok(store_db_insert(st, "cat", *db, &err), err);
    assert_store_ok(store_table_insert(st, "cat", "d", *t, &err), err);
    assert_store_ok(pg_table_id(st, "cat", "d", "p", &id, &err), err);
    return id;
}

/* A key's type changed by UpdateTable: its typed columns follow for every partition (in pages:
** more partitions than one page). */
static void test_pg_catalog_retype(void **state)
{
    struct srv_error err;
    struct store *st;
    char name[64], *loc, sql[600];
    json_t *db, *t;
    long long id;
    (void)state;
    if (server == NULL)
        skip();
    srv_error_init(&err);
    st = pg_store_fresh(name, sizeof(name), &loc);
    id = table_p(st,
                 "[{\"Name\":\"a\",\"Type\":\"string\"},{\"Name\":\"b\",\"Type\":\"string\"},"
                 "{\"Name\":\"c\",\"Type\":\"string\"}]",
                 &db, &t);
    snprintf(sql, sizeof(sql),
             "INSERT INTO partitions (table_id, vals, create_time, ks0, ks1, ks2)"
             " SELECT %lld, json_build_array(i::text, CASE WHEN i %% 3 = 0 THEN 'x'"
             " ELSE (i * 0.5)::text END, '2024-1-' || (i %% 28 + 1))::text, 0, i::text, 'z', 'q'"
             " FROM generate_series(1, 12001) i",
             id);
    sql1(st, sql);
    json_object_set_new(json_array_get(json_object_get(t, "PartitionKeys"), 0), "Type",
                        json_string("bigint"));
    json_object_set_new(json_array_get(json_object_get(t, "PartitionKeys"), 1), "Type",
                        json_string("double"));
    json_object_set_new(json_array_get(json_object_get(t, "PartitionKeys"), 2), "Type",
                        json_string("date"));
    assert_store_ok(store_begin(st, &err), err);
    assert_store_ok(store_table_replace(st, "cat", "d", t, 0, 1, &err), err);
    assert_store_ok(store_commit(st, &err), err);
    assert_string_equal(sql1(st, "SELECT count(*) || ' ' || count(kn0) || ' ' || count(ks0) || ' '"
                                 " || count(kn1) || ' ' || count(ks1) || ' ' || count(kn2) || ' '"
                                 " || count(ks2) FROM partitions"),
                        "12001 12001 0 8001 0 0 12001");
    assert_string_equal(sql1(st, "SELECT kn0 || ' ' || kn1 || ' ' || ks2 FROM partitions"
                                 " WHERE kn0 = 7"),
                        "7 3.5 2024-01-08");
    assert_string_equal(sql1(st, "SELECT kn1 FROM partitions WHERE kn0 = 1"),
                        "0.5"); /* %.17g text: exact */
    store_close(st);
    drop_db(name, loc);
    json_decref(db);
    json_decref(t);
}

/* ptable_open outside a write transaction reads in a snapshot that close ends; inside one it
** begins nothing. */
static void test_pg_catalog_ptable_snapshot(void **state)
{
    struct srv_error err;
    struct store_ptable pt;
    struct store *st;
    char name[64], *loc;
    json_t *db, *t;
    (void)state;
    if (server == NULL)
        skip();
    srv_error_init(&err);
    st = pg_store_fresh(name, sizeof(name), &loc);
    db = json_pack("{s:s,s:f}", "Name", "d", "CreateTime", 1.0);
    t = json_pack("{s:s,s:f,s:f,s:{s:s},s:[{s:s,s:s}]}", "Name", "t", "CreateTime", 1.0,
                  "UpdateTime", 1.0, "StorageDescriptor", "Location", "x", "PartitionKeys", "Name",
                  "k", "Type", "int");
    assert_store_ok(store_db_insert(st, "cat", db, &err), err);
    assert_store_ok(store_table_insert(st, "cat", "d", t, &err), err);

    assert_store_ok(store_ptable_open(st, "cat", "d", "t", &pt, &err), err);
    assert_ptr_equal(pt.snapshot, st);
    assert_int_equal(PQtransactionStatus(PG(st)->conn), PQTRANS_INTRANS);
    assert_int_equal(pt.nkeys, 1);
    assert_int_equal(pt.types[0], PT_INTEGER);
    assert_true(pt.id > 0 && pt.sd_id > 0);
    assert_non_null(pt.base_sd);
    assert_true(json_equal(pt.base_sd, json_object_get(pt.table, "StorageDescriptor")));
    store_ptable_close(&pt);
    assert_null(pt.snapshot);
    assert_null(pt.table);
    assert_int_equal(PG(st)->pending, 1); /* COMMIT sent, its answer read before the next use */
    pg_settle(PG(st));
    assert_int_equal(PG(st)->pending, 0);
    assert_int_equal(PQtransactionStatus(PG(st)->conn), PQTRANS_IDLE);
    store_ptable_close(&pt);

    /* a failed open ends what it began */
    assert_int_equal(store_ptable_open(st, "cat", "d", "nope", &pt, &err), CAT_ENOTFOUND);
    assert_string_equal(err.msg, "Table nope not found.");
    pg_settle(PG(st));
    assert_int_equal(PQtransactionStatus(PG(st)->conn), PQTRANS_IDLE);
    store_ptable_close(&pt);

    assert_store_ok(store_begin(st, &err), err);
    assert_store_ok(store_ptable_open(st, "cat", "d", "t", &pt, &err), err);
    assert_null(pt.snapshot);
    store_ptable_close(&pt);
    assert_int_equal(PQtransactionStatus(PG(st)->conn), PQTRANS_INTRANS); /* still the writer's */
    assert_store_ok(store_commit(st, &err), err);

    /* A pooled connection reads the table's stamp first: once that statement is prepared on
    ** it, the snapshot begins with it, in one round trip; the COMMIT's answer is read when
    ** the connection is next acquired. */
    {
        struct store_pool *pool;
        struct store *c;
        int i;
        assert_store_ok(store_pool_open(&pool, loc, &err), err);
        assert_non_null(c = store_acquire(pool, &err));
        for (i = 0; i < 3; i++) {
            assert_store_ok(store_ptable_open(c, "cat", "d", "t", &pt, &err), err);
            assert_int_equal(PG(c)->pipelined, i); /* the first prepares the stamp */
            assert_ptr_equal(pt.snapshot, c);
            assert_int_equal(PQtransactionStatus(PG(c)->conn), PQTRANS_INTRANS);
            assert_true(pt.id > 0 && pt.sd_id > 0 && pt.nkeys == 1);
            assert_true(json_equal(pt.base_sd, json_object_get(pt.table, "StorageDescriptor")));
            store_ptable_close(&pt);
        }
        assert_int_equal(store_ptable_open(c, "cat", "d", "nope", &pt, &err), CAT_ENOTFOUND);
        assert_int_equal(PG(c)->pipelined, 3);
        store_ptable_close(&pt);
        assert_int_equal(PG(c)->pending, 1);
        store_return(pool, c);
        assert_non_null(c = store_acquire(pool, &err)); /* the same, idle: settled */
        assert_int_equal(PG(c)->pending, 0);
        assert_int_equal(PQtransactionStatus(PG(c)->conn), PQTRANS_IDLE);
        store_return(pool, c);
        store_pool_close(pool);
    }
    store_close(st);
    drop_db(name, loc);
    json_decref(db);
    json_decref(t);
}

/* A listing's page queries are kept prepared by their text (pg_query_text): run again, it is
** planned no more once PostgreSQL settles on a generic plan; a page with an expression is
** planned for its values each time (not kept); more texts than a connection keeps put the
** least recently used out, deallocated after the next snapshot; a LIMIT rounded up to a power
** of two is read only as far as asked. */
static int count_row(void *arg, const struct store_prow *row)
{
    (void)row;
    (*(int *)arg)++;
    return CAT_OK;
}

static int page_count(struct store *st, const char *expr, const char *after, int limit)
{
    struct srv_error err;
    struct store_ptable pt;
    struct store_pquery q = {expr, 0, 0, after, limit};
    int n = 0;
    srv_error_init(&err);
    assert_store_ok(store_ptable_open(st, "cat", "d", "p", &pt, &err), err);
    assert_store_ok(store_partition_query(st, &pt, &q, count_row, &n, &err), err);
    store_ptable_close(&pt);
    return n;
}

static void test_pg_catalog_page_statements_kept(void **state)
{
    struct srv_error err;
    struct store *st;
    char name[64], *loc, sql[600], expr[600];
    json_t *db, *t;
    long long id;
    int i;
    (void)state;
    if (server == NULL)
        skip();
    srv_error_init(&err);
    st = pg_store_fresh(name, sizeof(name), &loc);
    id = table_p(st, "[{\"Name\":\"a\",\"Type\":\"string\"},{\"Name\":\"b\",\"Type\":\"int\"}]",
                 &db, &t);
    snprintf(sql, sizeof(sql),
             "INSERT INTO partitions (table_id, vals, create_time, ks0, kn1)"
             " SELECT %lld, json_build_array('x' || (i %% 10), (i / 10)::text)::text, 0,"
             " 'x' || (i %% 10), i / 10 FROM generate_series(0, 299) i",
             id);
    sql1(st, sql);

    /* a listing's page, seven runs: one statement, planned generic for the last two */
    for (i = 0; i < 7; i++)
        assert_int_equal(page_count(st, NULL, NULL, 100), 100);
    assert_string_equal(sql1(st, "SELECT count(*) || ' ' || sum(generic_plans) FROM"
                                 " pg_prepared_statements WHERE statement LIKE '%LIMIT 128'"),
                        "1 2");
    /* with an expression: planned for its values, never kept */
    for (i = 0; i < 7; i++) {
        snprintf(expr, sizeof(expr), "a = 'x%d' AND b BETWEEN %d AND %d", i, i, i + 4);
        assert_int_equal(page_count(st, expr, NULL, 100), 5);
    }
    assert_string_equal(sql1(st, "SELECT count(*) FROM pg_prepared_statements"
                                 " WHERE statement LIKE '%ks0%'"),
                        "0");

    /* the LIMIT rounded up (3 -> 4) is read as far as asked, and the page after goes on */
    assert_int_equal(page_count(st, NULL, NULL, 3), 3);
    assert_int_equal(page_count(st, NULL, "[\"x0\",\"29\"]", 5), 5);
    assert_int_equal(page_count(st, NULL, NULL, 5000), 300); /* two statements: 4096 and more */

    /* more texts than the connection keeps: each still answers; the ones put out are
    ** deallocated after the next snapshot, PG_TEXT_CACHE stay */
    for (i = 1; i <= PG_TEXT_CACHE + 8; i++) {
        PGresult *r = NULL;
        const char *v[1] = {"1"};
        snprintf(sql, sizeof(sql), "SELECT $1::int + %d", i);
        assert_store_ok(pg_query_text(st, sql, 1, NULL, v, 1, &r, &err), err);
        snprintf(expr, sizeof(expr), "%d", i + 1);
        assert_string_equal(PQgetvalue(r, 0, 0), expr);
        PQclear(r);
    }
    assert_int_equal(page_count(st, NULL, NULL, 100), 100);
    snprintf(sql, sizeof(sql), "%d", PG_TEXT_CACHE);
    assert_string_equal(sql1(st, "SELECT count(*) FROM pg_prepared_statements WHERE name ~ '^t'"),
                        sql);
    store_close(st);
    drop_db(name, loc);
    json_decref(db);
    json_decref(t);
}

/* UpdateTable with VersionId on two connections at once: one wins, the other is
** ECONCURRENT (and may be retried), whichever order their statements interleave in. */
struct racer {
    struct store *st;
    json_t *tbl;
    int rc;
    struct srv_error err;
};

static void *race_replace(void *arg)
{
    struct racer *r = arg;
    srv_error_init(&r->err);
    if ((r->rc = store_begin(r->st, &r->err)) == CAT_OK &&
        (r->rc = store_table_replace(r->st, "cat", "d", r->tbl, 0, 1, &r->err)) == CAT_OK)
        r->rc = store_commit(r->st, &r->err);
    store_rollback(r->st);
    return NULL;
}

static void test_pg_catalog_version_cas_between_connections(void **state)
{
    struct srv_error err;
    struct store *a, *b = NULL;
    struct racer rb;
    pthread_t th;
    char name[64], *loc;
    json_t *db, *t, *got = NULL;
    const struct timespec pause = {0, 200 * 1000 * 1000};
    (void)state;
    if (server == NULL)
        skip();
    srv_error_init(&err);
    a = pg_store_fresh(name, sizeof(name), &loc);
    assert_store_ok(store_open(&b, loc, &err), err);
    db = json_pack("{s:s,s:f}", "Name", "d", "CreateTime", 1.0);
    t = json_pack("{s:s,s:f,s:f,s:{s:s}}", "Name", "t", "CreateTime", 1.0, "UpdateTime", 1.0,
                  "Parameters", "who", "none");
    assert_store_ok(store_db_insert(a, "cat", db, &err), err);
    assert_store_ok(store_table_insert(a, "cat", "d", t, &err), err);

    /* A updates and holds its transaction open; B's update of the same version waits for it,
    ** then fails when A commits */
    json_object_set_new(t, "Parameters", json_pack("{s:s}", "who", "a"));
    assert_store_ok(store_begin(a, &err), err);
    assert_store_ok(store_table_replace(a, "cat", "d", t, 0, 1, &err), err);
    rb.st = b;
    rb.tbl = json_pack("{s:s,s:f,s:f,s:{s:s}}", "Name", "t", "CreateTime", 1.0, "UpdateTime", 2.0,
                       "Parameters", "who", "b");
    assert_int_equal(pthread_create(&th, NULL, race_replace, &rb), 0);
    nanosleep(&pause, NULL);
    assert_store_ok(store_commit(a, &err), err);
    pthread_join(th, NULL);
    assert_int_equal(rb.rc, CAT_ECONCURRENT);

    /* B again, now that A's version 1 is committed: its expectation (0) is stale */
    race_replace(&rb);
    assert_int_equal(rb.rc, CAT_ECONCURRENT);
    assert_string_equal(rb.err.msg, "Update table failed due to concurrent modifications.");
    assert_int_equal(rb.err.retry, 0);

    assert_store_ok(store_table_get(b, "cat", "d", "t", &got, &err), err);
    assert_string_equal(json_string_value(json_object_get(got, "VersionId")), "1");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(got, "Parameters"), "who")), "a");
    json_decref(got);
    json_decref(rb.tbl);
    store_close(b);
    store_close(a);
    drop_db(name, loc);
    json_decref(db);
    json_decref(t);
}

/* GetTable's cache (pg_tcache.c) across two pools on one database, as two catalogd processes:
** answers come from the cache once its listener is up; a write committed through the same
** pool is read back at once; one committed through the other pool, or by a plain client, or
** while the listener's connection is lost, is never missed by a read begun
** PG_TCACHE_STALE_MS after the commit. */
static long cache_hits(struct store *st)
{
    long hits, loads, kept;
    pg_tcache_counts(pg_pool_tcache(PG(st)->pool), &hits, &loads, &kept);
    return hits;
}

static char *table_text(struct store *st)
{
    struct srv_error err;
    char *text = NULL;
    srv_error_init(&err);
    assert_store_ok(store_table_text(st, "cat", "d", "t", render, &text, &err), err);
    return text;
}

/* Read through ST until an answer comes from its cache (5 s at most); it must hold WANT. */
static void warm(struct store *st, const char *want)
{
    double end = util_monotonic() + 5;
    long before = cache_hits(st);
    while (cache_hits(st) == before) {
        char *text = table_text(st);
        if (strstr(text, want) == NULL)
            fail_msg("%s lacks %s", text, want);
        free(text);
        assert_true(util_monotonic() < end);
        usleep(2000);
    }
}

/* Read through ST from COMMITTED (when the write returned) until the bound has passed: every
** read begun past the bound holds WANT; returns the seconds until WANT was first read. */
static double seen_within_bound(struct store *st, double committed, const char *want)
{
    double bound = PG_TCACHE_STALE_MS / 1000.0, first = -1;
    for (;;) {
        double t = util_monotonic();
        char *text = table_text(st);
        int has = strstr(text, want) != NULL;
        free(text);
        if (has && first < 0)
            first = t - committed;
        if (t - committed > bound && !has)
            fail_msg("a read %.3f s after the commit missed %s", t - committed, want);
        if (t - committed > bound + 0.05)
            break;
        usleep(1000);
    }
    return first;
}

/* Two pools on one fresh database (two catalogd processes), a connection of each, the
** table cache in mode NOTIFIED (catalogd's --pg-table-cache) or checked (the default). */
struct two_pools {
    struct store *setup, *a, *b;
    struct store_pool *pa, *pb;
    char name[64], *loc;
};

static void two_pools_open(struct two_pools *p, int notified)
{
    struct srv_error err;
    srv_error_init(&err);
    memset(p, 0, sizeof(*p));
    p->setup = pg_store_fresh(p->name, sizeof(p->name), &p->loc);
    store_set_pg_table_cache(notified);
    assert_store_ok(store_pool_open(&p->pa, p->loc, &err), err);
    assert_store_ok(store_pool_open(&p->pb, p->loc, &err), err);
    assert_non_null(p->a = store_acquire(p->pa, &err));
    assert_non_null(p->b = store_acquire(p->pb, &err));
}

static void two_pools_close(struct two_pools *p)
{
    store_return(p->pa, p->a);
    store_return(p->pb, p->b);
    store_pool_close(p->pa);
    store_pool_close(p->pb);
    store_close(p->setup);
    drop_db(p->name, p->loc);
}

static void test_pg_catalog_table_cache_two_pools(void **state)
{
    struct srv_error err;
    struct two_pools p;
    struct store *a, *b;
    char *text;
    json_t *db, *t;
    PGconn *plain;
    double c;
    (void)state;
    if (server == NULL)
        skip();
    srv_error_init(&err);
    two_pools_open(&p, 1); /* catalogd's --pg-table-cache */
    a = p.a;
    b = p.b;
    db = json_pack("{s:s,s:f}", "Name", "d", "CreateTime", 1.0);
    t = json_pack("{s:s,s:f,s:f,s:{s:s}}", "Name", "t", "CreateTime", 1.0, "UpdateTime", 1.0,
                  "Parameters", "n", "zero");
    assert_store_ok(store_begin(a, &err), err);
    assert_store_ok(store_db_insert(a, "cat", db, &err), err);
    assert_store_ok(store_table_insert(a, "cat", "d", t, &err), err);
    assert_store_ok(store_commit(a, &err), err);
    warm(a, "\"zero\"");
    warm(b, "\"zero\"");

    /* through the same pool: read back at once */
    json_object_set_new(t, "Parameters", json_pack("{s:s}", "n", "one"));
    assert_store_ok(store_begin(a, &err), err);
    assert_store_ok(store_table_replace(a, "cat", "d", t, 0, 1, &err), err);
    assert_store_ok(store_commit(a, &err), err);
    c = util_monotonic();
    text = table_text(a);
    assert_non_null(strstr(text, "\"one\""));
    free(text);
    /* through the other: within the bound (in practice at once: notified) */
    print_message("other pool: seen after %.4f s\n", seen_within_bound(b, c, "\"one\""));
    warm(b, "\"one\"");

    /* a plain client, not catalogd: the triggers notify */
    plain = connect_to(p.name);
    admin_exec(plain, "UPDATE table_params SET value = 'two' WHERE key = 'n'");
    c = util_monotonic();
    print_message("plain client: seen after %.4f s\n", seen_within_bound(b, c, "\"two\""));
    warm(b, "\"two\"");

    /* the listener's connection lost: nothing stale is answered past the bound meanwhile,
    ** and the cache is used again once it is back */
    admin_exec(plain, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                      " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                      " AND query IN ('SELECT 1', 'LISTEN " PG_TCACHE_CHANNEL "')");
    admin_exec(plain, "UPDATE table_params SET value = 'three' WHERE key = 'n'");
    c = util_monotonic();
    seen_within_bound(b, c, "\"three\"");
    warm(b, "\"three\"");
    assert_true(cache_hits(b) > 0);
    PQfinish(plain);

    two_pools_close(&p);
    json_decref(db);
    json_decref(t);
}

/* The default, checked cache: a write through another pool, or a plain client, is read at
** once (no bound), and unchanged tables are answered from the cache. */
static void expect_now(struct store *st, const char *want)
{
    char *text = table_text(st);
    if (strstr(text, want) == NULL)
        fail_msg("read right after the commit: %s lacks %s", text, want);
    free(text);
}

static void test_pg_catalog_table_cache_checked(void **state)
{
    struct srv_error err;
    struct two_pools p;
    struct store *a, *b;
    char want[32];
    json_t *db, *t;
    PGconn *plain;
    int i;
    (void)state;
    if (server == NULL)
        skip();
    srv_error_init(&err);
    two_pools_open(&p, 0); /* the default */
    a = p.a;
    b = p.b;
    assert_true(pg_tcache_checked(pg_pool_tcache(PG(b)->pool)));
    assert_true(PG(b)->listening);
    db = json_pack("{s:s,s:f}", "Name", "d", "CreateTime", 1.0);
    t = json_pack("{s:s,s:f,s:f,s:{s:s}}", "Name", "t", "CreateTime", 1.0, "UpdateTime", 1.0,
                  "Parameters", "n", "v0");
    assert_store_ok(store_begin(a, &err), err);
    assert_store_ok(store_db_insert(a, "cat", db, &err), err);
    assert_store_ok(store_table_insert(a, "cat", "d", t, &err), err);
    assert_store_ok(store_commit(a, &err), err);
    warm(b, "\"v0\"");
    for (i = 1; i <= 20; i++) { /* every write through the other pool, read back at once */
        snprintf(want, sizeof(want), "v%d", i);
        json_object_set_new(t, "Parameters", json_pack("{s:s}", "n", want));
        assert_store_ok(store_begin(a, &err), err);
        assert_store_ok(store_table_replace(a, "cat", "d", t, i - 1, i, &err), err);
        assert_store_ok(store_commit(a, &err), err);
        snprintf(want, sizeof(want), "\"v%d\"", i);
        expect_now(b, want);
        warm(b, want); /* and cached again until the next write */
    }
    plain = connect_to(p.name); /* not catalogd: the triggers notify */
    admin_exec(plain, "UPDATE table_params SET value = 'plain' WHERE key = 'n'");
    expect_now(b, "\"plain\"");
    warm(b, "\"plain\"");
    PQfinish(plain);

    two_pools_close(&p);
    json_decref(db);
    json_decref(t);
}

/* Tables opened for partition work come from the pool's cache while their stamp, read in the
** caller's snapshot, is unchanged (pg_ptcache.c): a change through another pool is seen at
** once, a change by a plain client (no stamp moved) through its notification; a write
** transaction always loads. */
static long ptcache_hits(struct store *st)
{
    long hits, loads;
    pg_ptcache_counts(pg_pool_ptcache(PG(st)->pool), &hits, &loads);
    return hits;
}

/* Open d.t on ST: its first key's type and its parameter n; whether it came from the cache. */
static int open_t(struct store *st, enum ptype *type, char *n, size_t size)
{
    struct srv_error err;
    struct store_ptable pt;
    long before = ptcache_hits(st);
    srv_error_init(&err);
    assert_store_ok(store_ptable_open(st, "cat", "d", "t", &pt, &err), err);
    *type = pt.types[0];
    snprintf(n, size, "%s",
             json_string_value(json_object_get(json_object_get(pt.table, "Parameters"), "n")));
    store_ptable_close(&pt);
    return ptcache_hits(st) > before;
}

/* NOTIFIED: catalogd's --pg-table-cache, where the pool's connections do not listen (only the
** stamp tells); else the default, where they do. */
static void partition_table_cache(int notified)
{
    struct srv_error err;
    struct two_pools p;
    struct store_ptable pt;
    enum ptype type;
    char n[32];
    json_t *db, *t, *memo;
    PGconn *plain;
    srv_error_init(&err);
    two_pools_open(&p, notified);
    db = json_pack("{s:s,s:f}", "Name", "d", "CreateTime", 1.0);
    t = json_pack("{s:s,s:f,s:f,s:{s:s},s:{s:s},s:[{s:s,s:s}]}", "Name", "t", "CreateTime", 1.0,
                  "UpdateTime", 1.0, "Parameters", "n", "v0", "StorageDescriptor", "Location", "x",
                  "PartitionKeys", "Name", "k", "Type", "int");
    assert_store_ok(store_begin(p.a, &err), err);
    assert_store_ok(store_db_insert(p.a, "cat", db, &err), err);
    assert_store_ok(store_table_insert(p.a, "cat", "d", t, &err), err);
    assert_store_ok(store_commit(p.a, &err), err);

    assert_false(open_t(p.b, &type, n, sizeof(n))); /* loaded and kept */
    assert_true(open_t(p.b, &type, n, sizeof(n)));
    assert_int_equal(type, PT_INTEGER);
    assert_string_equal(n, "v0");
    /* memos go with the cached version */
    assert_store_ok(store_ptable_open(p.b, "cat", "d", "t", &pt, &err), err);
    memo = json_string("presented");
    store_ptable_memo_put(p.b, &pt, "sd/1/0", memo);
    json_decref(memo);
    store_ptable_close(&pt);
    assert_store_ok(store_ptable_open(p.b, "cat", "d", "t", &pt, &err), err);
    assert_non_null(memo = store_ptable_memo_get(p.b, &pt, "sd/1/0"));
    assert_string_equal(json_string_value(memo), "presented");
    json_decref(memo);
    store_ptable_close(&pt);

    /* the other pool retypes the key: seen at the next open, no memo of the old version */
    json_object_set_new(t, "PartitionKeys",
                        json_pack("[{s:s,s:s}]", "Name", "k", "Type", "string"));
    json_object_set_new(t, "Parameters", json_pack("{s:s}", "n", "v1"));
    assert_store_ok(store_begin(p.a, &err), err);
    assert_store_ok(store_table_replace(p.a, "cat", "d", t, 0, 1, &err), err);
    assert_store_ok(store_commit(p.a, &err), err);
    assert_false(open_t(p.b, &type, n, sizeof(n)));
    assert_int_equal(type, PT_STRING);
    assert_string_equal(n, "v1");
    assert_store_ok(store_ptable_open(p.b, "cat", "d", "t", &pt, &err), err);
    assert_null(store_ptable_memo_get(p.b, &pt, "sd/1/0"));
    store_ptable_close(&pt);
    assert_true(open_t(p.b, &type, n, sizeof(n)));

    /* a plain client, which moves no stamp: its notification flushes the cache (heard at
    ** once where the connections listen) */
    plain = connect_to(p.name);
    admin_exec(plain, "UPDATE table_params SET value = 'plain' WHERE key = 'n'");
    PQfinish(plain);
    if (!notified) {
        assert_false(open_t(p.b, &type, n, sizeof(n)));
        assert_string_equal(n, "plain");
        assert_true(open_t(p.b, &type, n, sizeof(n)));
    } else { /* (then only a stamp that moves tells) */
        json_object_set_new(t, "Parameters", json_pack("{s:s}", "n", "plain"));
        assert_store_ok(store_begin(p.a, &err), err);
        assert_store_ok(store_table_replace(p.a, "cat", "d", t, 1, 2, &err), err);
        assert_store_ok(store_commit(p.a, &err), err);
        assert_false(open_t(p.b, &type, n, sizeof(n)));
        assert_string_equal(n, "plain");
    }

    /* a write transaction: from the cache until it changes the table itself; what it changed
    ** is not kept (it rolls back here) */
    assert_store_ok(store_begin(p.b, &err), err);
    assert_true(open_t(p.b, &type, n, sizeof(n)));
    assert_string_equal(n, "plain");
    json_object_set_new(t, "Parameters", json_pack("{s:s}", "n", "rolled back"));
    assert_store_ok(store_table_replace(p.b, "cat", "d", t, notified ? 2 : 1, 9, &err), err);
    assert_false(open_t(p.b, &type, n, sizeof(n)));
    assert_string_equal(n, "rolled back");
    assert_false(open_t(p.b, &type, n, sizeof(n))); /* not kept: written by the transaction */
    store_rollback(p.b);
    assert_true(open_t(p.b, &type, n, sizeof(n)));
    assert_string_equal(n, "plain");

    /* the table dropped and made again under its name: a new row, loaded */
    assert_store_ok(store_table_delete(p.a, "cat", "d", "t", &err), err);
    json_object_set_new(t, "Parameters", json_pack("{s:s}", "n", "again"));
    assert_store_ok(store_table_insert(p.a, "cat", "d", t, &err), err);
    assert_false(open_t(p.b, &type, n, sizeof(n)));
    assert_string_equal(n, "again");

    two_pools_close(&p);
    json_decref(db);
    json_decref(t);
}

static void test_pg_catalog_partition_table_cache(void **state)
{
    (void)state;
    if (server == NULL)
        skip();
    partition_table_cache(0);
    partition_table_cache(1);
}

/* A filtered table listing reads names, then the tables it keeps: both in one snapshot, so a
** table dropped by another connection in between does not end the listing early. */
struct drop_on {
    struct store *other;
    const char *name;
};

static int filter_dropping(void *ctx, const char *name)
{
    struct drop_on *d = ctx;
    struct srv_error e;
    srv_error_init(&e);
    if (strcmp(name, d->name) == 0)
        assert_store_ok(store_table_delete(d->other, "cat", "d", name, &e), e);
    return 1;
}

static void test_pg_catalog_filtered_list_one_snapshot(void **state)
{
    struct srv_error err;
    struct store *a, *b = NULL;
    struct drop_on d;
    char name[64], *loc;
    const char *const names[] = {"a", "b", "c", "e"};
    json_t *db, *list = NULL;
    size_t i;
    int more = 0;
    (void)state;
    if (server == NULL)
        skip();
    srv_error_init(&err);
    a = pg_store_fresh(name, sizeof(name), &loc);
    assert_store_ok(store_open(&b, loc, &err), err);
    db = json_pack("{s:s,s:f}", "Name", "d", "CreateTime", 1.0);
    assert_store_ok(store_db_insert(a, "cat", db, &err), err);
    for (i = 0; i < 4; i++) {
        json_t *t =
            json_pack("{s:s,s:f,s:f}", "Name", names[i], "CreateTime", 1.0, "UpdateTime", 1.0);
        assert_store_ok(store_table_insert(a, "cat", "d", t, &err), err);
        json_decref(t);
    }
    /* page of 2: the names a, b, c are read; c is dropped before the tables are loaded */
    d.other = b;
    d.name = "c";
    assert_store_ok(
        store_table_list(a, "cat", "d", NULL, 2, 0, filter_dropping, &d, &list, &more, &err), err);
    assert_int_equal(json_array_size(list), 2);
    assert_int_equal(more, 1); /* e is still to come */
    pg_settle(PG(a));
    assert_int_equal(PQtransactionStatus(PG(a)->conn), PQTRANS_IDLE);
    json_decref(list);
    store_close(b);
    store_close(a);
    drop_db(name, loc);
    json_decref(db);
}

/* A table's partitions go with it (trigger tables_drop_partitions, migration 0010): deleted
** with the table; a delete meeting a writer waits for its commit and deletes what it wrote; an
** insert into a table deleted after it was opened inserts nothing. */
static long long partition_rows(const char *dbname)
{
    PGconn *c = connect_to(dbname);
    PGresult *r = PQexec(c, "SELECT count(*) FROM partitions");
    long long n;
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    n = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    PQfinish(c);
    return n;
}

struct dropper {
    struct store *st;
    int in_transaction; /* as DeleteTable: SERIALIZABLE, retried as the registry retries */
    atomic_int done;    /* set by the thread when its delete returned */
    int rc;
};

static void *drop_t(void *arg)
{
    struct dropper *d = arg;
    struct srv_error e;
    int attempt;
    for (attempt = 0; attempt < 5; attempt++) {
        srv_error_init(&e);
        if (!d->in_transaction) {
            d->rc = store_table_delete(d->st, "cat", "d", "t", &e);
            break;
        }
        if ((d->rc = store_begin(d->st, &e)) == CAT_OK &&
            (d->rc = store_table_delete(d->st, "cat", "d", "t", &e)) == CAT_OK)
            d->rc = store_commit(d->st, &e);
        store_rollback(d->st);
        if (d->rc != CAT_ECONCURRENT || !e.retry)
            break;
    }
    atomic_store(&d->done, 1);
    return NULL;
}

static void insert_two(struct store *st, struct store_ptable *pt, int from, int *rcs,
                       struct srv_error *err, int *rc)
{
    json_t *in[2], *vals[2];
    int i;
    for (i = 0; i < 2; i++) {
        in[i] = json_pack("{s:[o]}", "Values", json_sprintf("%d", from + i));
        vals[i] = json_object_get(in[i], "Values");
    }
    *rc = store_partition_insert_many(st, pt, 2, (const json_t *const *)vals,
                                      (const json_t *const *)in, 1.0, rcs, err);
    json_decref(in[0]);
    json_decref(in[1]);
}

static void test_pg_catalog_partitions_go_with_table(void **state)
{
    struct srv_error err;
    struct store *a, *b = NULL;
    struct store_ptable pt;
    struct dropper d = {0};
    pthread_t th;
    char name[64], *loc;
    int rcs[2], rc, i;
    json_t *db, *t, *one;
    const struct timespec pause = {0, 200 * 1000 * 1000};
    (void)state;
    if (server == NULL)
        skip();
    srv_error_init(&err);
    a = pg_store_fresh(name, sizeof(name), &loc);
    assert_store_ok(store_open(&b, loc, &err), err);
    db = json_pack("{s:s,s:f}", "Name", "d", "CreateTime", 1.0);
    t = json_pack("{s:s,s:f,s:f,s:{s:s},s:[{s:s,s:s}]}", "Name", "t", "CreateTime", 1.0,
                  "UpdateTime", 1.0, "StorageDescriptor", "Location", "x", "PartitionKeys", "Name",
                  "k", "Type", "int");
    assert_store_ok(store_db_insert(a, "cat", db, &err), err);
    assert_store_ok(store_table_insert(a, "cat", "d", t, &err), err);

    /* deleted with the table */
    assert_store_ok(store_begin(a, &err), err);
    assert_store_ok(store_ptable_open(a, "cat", "d", "t", &pt, &err), err);
    insert_two(a, &pt, 1, rcs, &err, &rc);
    assert_store_ok(rc, err);
    assert_int_equal(rcs[0], CAT_OK);
    assert_int_equal(rcs[1], CAT_OK);
    insert_two(a, &pt, 2, rcs, &err, &rc); /* 2 is there, 3 is new */
    assert_store_ok(rc, err);
    assert_int_equal(rcs[0], CAT_EEXISTS);
    assert_int_equal(rcs[1], CAT_OK);
    store_ptable_close(&pt);
    assert_store_ok(store_commit(a, &err), err);
    assert_int_equal(partition_rows(name), 3);
    assert_store_ok(store_table_delete(b, "cat", "d", "t", &err), err);
    assert_int_equal(partition_rows(name), 0);

    /* a delete meeting a writer waits for it, then deletes what it wrote (alone, and in a
    ** transaction whose snapshot is older than the writer's commit) */
    for (i = 0; i < 2; i++) {
        assert_store_ok(store_table_insert(a, "cat", "d", t, &err), err);
        assert_store_ok(store_begin(a, &err), err);
        assert_store_ok(store_ptable_open(a, "cat", "d", "t", &pt, &err), err);
        insert_two(a, &pt, 1, rcs, &err, &rc);
        assert_store_ok(rc, err);
        d.st = b;
        d.in_transaction = i;
        atomic_store(&d.done, 0);
        assert_int_equal(pthread_create(&th, NULL, drop_t, &d), 0);
        nanosleep(&pause, NULL);
        assert_int_equal(atomic_load(&d.done), 0); /* waiting for the writer's lock on the table */
        store_ptable_close(&pt);
        assert_store_ok(store_commit(a, &err), err);
        pthread_join(th, NULL);
        assert_int_equal(d.rc, CAT_OK);
        assert_int_equal(partition_rows(name), 0);
    }

    /* a table deleted after the writer opened it: nothing inserted; a serialization failure
    ** (writes are SERIALIZABLE), which the registry retries and then finds no table */
    for (i = 0; i < 2; i++) {
        assert_store_ok(store_table_insert(a, "cat", "d", t, &err), err);
        assert_store_ok(store_begin(a, &err), err);
        assert_store_ok(store_ptable_open(a, "cat", "d", "t", &pt, &err), err);
        assert_store_ok(store_table_delete(b, "cat", "d", "t", &err), err);
        if (i == 0) {
            insert_two(a, &pt, 1, rcs, &err, &rc);
        } else {
            one = json_pack("{s:[s]}", "Values", "9");
            rc = store_partition_insert(a, &pt, json_object_get(one, "Values"), one, 1.0, &err);
            json_decref(one);
        }
        assert_int_equal(rc, CAT_ECONCURRENT);
        assert_int_equal(err.retry, 1);
        srv_error_init(&err);
        store_ptable_close(&pt);
        store_rollback(a);
    }
    assert_int_equal(partition_rows(name), 0);

    store_close(b);
    store_close(a);
    drop_db(name, loc);
    json_decref(db);
    json_decref(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pg_catalog_same_as_sqlite),
        cmocka_unit_test(test_pg_catalog_retype),
        cmocka_unit_test(test_pg_catalog_ptable_snapshot),
        cmocka_unit_test(test_pg_catalog_version_cas_between_connections),
        cmocka_unit_test(test_pg_catalog_filtered_list_one_snapshot),
        cmocka_unit_test(test_pg_catalog_table_cache_two_pools),
        cmocka_unit_test(test_pg_catalog_table_cache_checked),
        cmocka_unit_test(test_pg_catalog_partition_table_cache),
        cmocka_unit_test(test_pg_catalog_page_statements_kept),
        cmocka_unit_test(test_pg_catalog_partitions_go_with_table),
    };
    server = getenv("CATALOG_TEST_PG");
    if (server != NULL && *server == '\0')
        server = NULL;
    if (server != NULL)
        drop_stale_dbs("pgcat");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
