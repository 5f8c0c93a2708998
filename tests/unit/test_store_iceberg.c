/* test_store_iceberg.c -- unit tests for the store's Iceberg metadata parts and table rename
** (store.h "Iceberg metadata", store_table_rename; sqlite_iceberg.c, pg_iceberg.c): one script
** of store calls with exact results, run on SQLite and, when CATALOG_TEST_PG is set, on
** PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_check.h"
#include "store/store.h"

static json_t *J(const char *text)
{
    json_error_t e;
    json_t *v = json_loads(text, 0, &e);
    if (v == NULL)
        fail_msg("bad JSON in the test: %s: %s", text, e.text);
    return v;
}

/* JSON value V (stolen) is exactly the JSON text WANT. */
static void assert_json(json_t *v, const char *want)
{
    char *got = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    json_t *w = J(want);
    char *norm = json_dumps(w, JSON_COMPACT | JSON_ENCODE_ANY);
    if (got == NULL || strcmp(got, norm) != 0)
        fail_msg("got %s, want %s", got ? got : "NULL", norm);
    free(got);
    free(norm);
    json_decref(w);
    json_decref(v);
}

#define OK(expr) assert_store_ok((expr), err)
#define FAILS(expr, code, text)                                                                    \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        assert_int_equal(rc_, (code));                                                             \
        assert_string_equal(err.msg, (text));                                                      \
        srv_error_init(&err);                                                                      \
    } while (0)

static void make_db(struct store *st, const char *name)
{
    struct srv_error err;
    json_t *db = json_pack("{s:s, s:f}", "Name", name, "CreateTime", 1.0);
    srv_error_init(&err);
    OK(store_db_insert(st, "cat", db, &err));
    json_decref(db);
}

static void make_table(struct store *st, const char *db, const char *name)
{
    struct srv_error err;
    json_t *t = json_pack("{s:s, s:f, s:f, s:{s:s}}", "Name", name, "CreateTime", 1.0, "UpdateTime",
                          1.0, "Parameters", "table_type", "ICEBERG");
    srv_error_init(&err);
    OK(store_table_insert(st, "cat", db, t, &err));
    json_decref(t);
}

static void script(struct store *st)
{
    struct srv_error err;
    char *loc = NULL;
    json_t *head = NULL, *snaps = NULL, *log = NULL, *a, *b, *c, *t = NULL;
    srv_error_init(&err);
    make_db(st, "db1");
    make_db(st, "db2");
    make_table(st, "db1", "t");

    /* no parts yet */
    OK(store_ice_get(st, "cat", "db1", "t", &loc, &head, &err));
    assert_null(loc);
    assert_null(head);
    OK(store_ice_snapshots(st, "cat", "db1", "t", NULL, &snaps, &log, &err));
    assert_json(snaps, "[]");
    assert_json(log, "[]");
    FAILS(store_ice_get(st, "cat", "db1", "nope", &loc, &head, &err), CAT_ENOTFOUND,
          "Table nope not found.");
    FAILS(store_ice_get(st, "cat", "nodb", "t", &loc, &head, &err), CAT_ENOTFOUND,
          "Database nodb not found.");

    /* whole: head, snapshots, log */
    a = J("{\"format-version\":2,\"table-uuid\":\"u1\",\"location\":\"file:///w/t\"}");
    b = J("[{\"snapshot-id\":1,\"timestamp-ms\":10},{\"snapshot-id\":9007199254740993,"
          "\"timestamp-ms\":20,\"parent-snapshot-id\":1}]");
    c = J("[{\"timestamp-ms\":10,\"snapshot-id\":1},"
          "{\"timestamp-ms\":20,\"snapshot-id\":9007199254740993}]");
    OK(store_begin(st, &err));
    OK(store_ice_replace(st, "cat", "db1", "t", "file:///w/t/metadata/00000-a.metadata.json", a, b,
                         c, &err));
    OK(store_commit(st, &err));
    json_decref(a);
    json_decref(b);
    json_decref(c);
    OK(store_ice_get(st, "cat", "db1", "t", &loc, &head, &err));
    assert_string_equal(loc, "file:///w/t/metadata/00000-a.metadata.json");
    free(loc);
    assert_json(head, "{\"format-version\":2,\"table-uuid\":\"u1\",\"location\":\"file:///w/t\"}");
    OK(store_ice_snapshot(st, "cat", "db1", "t", 9007199254740993LL, &t, &err));
    assert_json(t, "{\"snapshot-id\":9007199254740993,\"timestamp-ms\":20,"
                   "\"parent-snapshot-id\":1}");
    OK(store_ice_snapshot(st, "cat", "db1", "t", 2, &t, &err));
    assert_null(t);
    a = J("[9007199254740993, 77]");
    OK(store_ice_snapshots(st, "cat", "db1", "t", a, &snaps, NULL, &err));
    json_decref(a);
    assert_json(snaps, "[{\"snapshot-id\":9007199254740993,\"timestamp-ms\":20,"
                       "\"parent-snapshot-id\":1}]");

    /* a commit's delta: snapshot 1 expires (and the log up to its last entry), 3 is added */
    a = J("{\"format-version\":2,\"table-uuid\":\"u1\",\"location\":\"file:///w/t\","
          "\"current-snapshot-id\":3}");
    b = J("[{\"snapshot-id\":3,\"timestamp-ms\":30}]");
    c = J("[{\"timestamp-ms\":30,\"snapshot-id\":3}]");
    t = J("[1]");
    OK(store_begin(st, &err));
    OK(store_ice_put(st, "cat", "db1", "t", "file:///w/t/metadata/00001-b.metadata.json", a, b, t,
                     c, 1, &err));
    OK(store_commit(st, &err));
    json_decref(a);
    json_decref(b);
    json_decref(c);
    json_decref(t);
    OK(store_ice_snapshots(st, "cat", "db1", "t", NULL, &snaps, &log, &err));
    assert_json(snaps, "[{\"snapshot-id\":9007199254740993,\"timestamp-ms\":20,"
                       "\"parent-snapshot-id\":1},{\"snapshot-id\":3,\"timestamp-ms\":30}]");
    assert_json(log, "[{\"timestamp-ms\":20,\"snapshot-id\":9007199254740993},"
                     "{\"timestamp-ms\":30,\"snapshot-id\":3}]");
    OK(store_ice_get(st, "cat", "db1", "t", &loc, &head, &err));
    assert_string_equal(loc, "file:///w/t/metadata/00001-b.metadata.json");
    free(loc);
    json_decref(head);
    { /* as text: in the order added (not the ids' order), as stored */
        struct sbuf st_snaps = {0}, st_log = {0};
        OK(store_ice_text(st, "cat", "db1", "t", NULL, &st_snaps, &st_log, &err));
        assert_string_equal(st_snaps.p, "{\"snapshot-id\":9007199254740993,\"timestamp-ms\":20,"
                                        "\"parent-snapshot-id\":1},{\"snapshot-id\":3,"
                                        "\"timestamp-ms\":30}");
        assert_string_equal(st_log.p, "{\"timestamp-ms\":20,\"snapshot-id\":9007199254740993},"
                                      "{\"timestamp-ms\":30,\"snapshot-id\":3}");
        free(st_snaps.p);
        st_snaps.p = NULL;
        st_snaps.len = st_snaps.cap = 0;
        a = J("[3]");
        OK(store_ice_text(st, "cat", "db1", "t", a, &st_snaps, NULL, &err));
        json_decref(a);
        assert_string_equal(st_snaps.p, "{\"snapshot-id\":3,\"timestamp-ms\":30}");
        free(st_snaps.p);
        free(st_log.p);
    }

    /* a snapshot that exists already; malformed parts; nothing written by either */
    a = J("{}");
    b = J("[{\"snapshot-id\":3}]");
    OK(store_begin(st, &err));
    FAILS(store_ice_put(st, "cat", "db1", "t", "x", a, b, NULL, NULL, 0, &err), CAT_EEXISTS,
          "Snapshot 3 already exists.");
    store_rollback(st);
    json_decref(b);
    b = J("[{\"snapshot-id\":\"3\"}]");
    FAILS(store_ice_put(st, "cat", "db1", "t", "x", a, b, NULL, NULL, 0, &err), CAT_EINVAL,
          "Snapshot 0 has no integer snapshot-id.");
    json_decref(b);
    b = J("[{\"snapshot-id\":3}]");
    FAILS(store_ice_replace(st, "cat", "db1", "t", "x", a, NULL, b, &err), CAT_EINVAL,
          "Snapshot-log entry 0 needs integer timestamp-ms and snapshot-id.");
    json_decref(a);
    json_decref(b);
    OK(store_ice_get(st, "cat", "db1", "t", &loc, &head, &err));
    assert_string_equal(loc, "file:///w/t/metadata/00001-b.metadata.json");
    free(loc);
    json_decref(head);

    /* rename: the parts go along, the version moves, the search index follows */
    make_table(st, "db2", "taken");
    FAILS(store_table_rename(st, "cat", "db1", "t", "db2", "taken", 0, 1, &err), CAT_EEXISTS,
          "Table db2.taken already exists.");
    FAILS(store_table_rename(st, "cat", "db1", "t", "db3", "u", 0, 1, &err), CAT_ENOTFOUND,
          "Database db3 not found.");
    FAILS(store_table_rename(st, "cat", "db1", "nope", "db2", "u", 0, 1, &err), CAT_ENOTFOUND,
          "Table nope not found.");
    FAILS(store_table_rename(st, "cat", "db1", "t", "db2", "u", 4, 5, &err), CAT_ECONCURRENT,
          "Update table failed due to concurrent modifications.");
    OK(store_begin(st, &err));
    OK(store_table_rename(st, "cat", "db1", "t", "db2", "u", 0, 1, &err));
    OK(store_commit(st, &err));
    FAILS(store_table_get(st, "cat", "db1", "t", &t, &err), CAT_ENOTFOUND, "Table t not found.");
    OK(store_table_get(st, "cat", "db2", "u", &t, &err));
    assert_string_equal(json_string_value(json_object_get(t, "VersionId")), "1");
    assert_string_equal(json_string_value(json_object_get(t, "Name")), "u");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(t, "Parameters"), "table_type")),
        "ICEBERG");
    json_decref(t);
    OK(store_ice_get(st, "cat", "db2", "u", &loc, &head, &err));
    assert_string_equal(loc, "file:///w/t/metadata/00001-b.metadata.json");
    free(loc);
    json_decref(head);
    OK(store_ice_snapshots(st, "cat", "db2", "u", NULL, &snaps, NULL, &err));
    assert_int_equal(json_array_size(snaps), 2);
    json_decref(snaps);
    {
        struct store_search_term term = {STORE_SEARCH_DATABASE, "db2"};
        struct store_search q = {0};
        int more = 0;
        q.terms = &term;
        q.nterms = 1;
        q.limit = 10;
        OK(store_table_search(st, "cat", &q, &t, &more, &err));
        assert_int_equal(json_array_size(t), 2); /* taken, u */
        assert_string_equal(json_string_value(json_object_get(json_array_get(t, 1), "Name")), "u");
        json_decref(t);
    }

    /* dropped with the table; a new table of the same name has none */
    OK(store_table_delete(st, "cat", "db2", "u", &err));
    make_table(st, "db2", "u");
    OK(store_ice_get(st, "cat", "db2", "u", &loc, &head, &err));
    assert_null(head);
    OK(store_ice_snapshots(st, "cat", "db2", "u", NULL, &snaps, &log, &err));
    assert_json(snaps, "[]");
    assert_json(log, "[]");

    /* dropped with the database */
    a = J("{\"v\":1}");
    b = J("[{\"snapshot-id\":5}]");
    c = J("[{\"timestamp-ms\":1,\"snapshot-id\":5}]");
    OK(store_ice_replace(st, "cat", "db2", "u", NULL, a, b, c, &err));
    OK(store_ice_get(st, "cat", "db2", "u", &loc, &head, &err));
    assert_null(loc);
    assert_json(head, "{\"v\":1}");
    OK(store_db_delete(st, "cat", "db2", &err));
    make_db(st, "db2");
    make_table(st, "db2", "u");
    OK(store_ice_get(st, "cat", "db2", "u", &loc, &head, &err));
    assert_null(head);
    OK(store_ice_snapshot(st, "cat", "db2", "u", 5, &t, &err));
    assert_null(t);
    /* HEAD NULL removes every part */
    OK(store_ice_replace(st, "cat", "db2", "u", NULL, a, b, c, &err));
    OK(store_ice_replace(st, "cat", "db2", "u", NULL, NULL, NULL, NULL, &err));
    OK(store_ice_get(st, "cat", "db2", "u", &loc, &head, &err));
    assert_null(head);
    OK(store_ice_snapshots(st, "cat", "db2", "u", NULL, &snaps, &log, &err));
    assert_json(snaps, "[]");
    assert_json(log, "[]");
    json_decref(a);
    json_decref(b);
    json_decref(c);
}

static void test_store_iceberg_sqlite(void **state)
{
    struct srv_error err;
    struct store *st = NULL;
    (void)state;
    srv_error_init(&err);
    OK(store_open(&st, ":memory:", &err));
    script(st);
    store_close(st);
}

static void test_store_iceberg_pg(void **state)
{
    struct srv_error err;
    struct store *st = NULL;
    char name[64], *loc;
    (void)state;
    if (server == NULL)
        skip();
    srv_error_init(&err);
    fresh_db("ice", name, sizeof(name), &loc);
    OK(store_open(&st, loc, &err));
    script(st);
    store_close(st);
    drop_db(name, loc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_iceberg_sqlite),
        cmocka_unit_test(test_store_iceberg_pg),
    };
    server = test_pg_server(); /* CATALOG_TEST_PG */
    if (server != NULL)
        drop_stale_dbs("ice");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
