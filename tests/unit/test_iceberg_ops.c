/* test_iceberg_ops.c -- unit tests for the Iceberg REST catalog's operations (ops/iceberg.c)
** through ops_run() (request checks, authorization, the handlers) on a pooled store with a
** file:// warehouse: create, load, commit (metadata files, Glue parameters, VersionId, nothing
** written when nothing changes, stale pointers read from their file, unreadable locations),
** staged create, transactions all or nothing, listings and paging, namespaces, rename, drop,
** views, the Glue interplay (CreateTable's OpenTableFormatInput, UpdateTable's
** UpdateOpenTableFormatInput) and database scopes.  On SQLite, and on PostgreSQL as well when
** CATALOG_TEST_PG is set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/auth.h"
#include "ops/iceberg.h"
#include "ops/iceberg_file.h"
#include "ops/iceberg_text.h"
#include "pg_check.h"
#include "registry/registry.h"

static struct store_pool *pool;
static char dir[256], wh[300], dbname[64], *locator;
static const struct auth_principal *who;

static json_t *J(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *J(const char *fmt, ...)
{
    char buf[16384];
    json_error_t e;
    json_t *v;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if ((v = json_loads(buf, 0, &e)) == NULL)
        fail_msg("bad JSON in the test: %s: %s", buf, e.text);
    return v;
}

/* Run OP on IN (stolen): the code, *OUT the answer (an object; NULL on failure), ERR. */
static int run(const char *op, json_t *in, json_t **out, struct srv_error *err)
{
    const struct op_def *def = ops_find(op);
    struct ops_env env = {pool, "000000000000", 0, who, "test", "rid"};
    struct op_result res;
    int rc;
    srv_error_init(err);
    assert_non_null(def);
    rc = ops_run(&env, def, in, &res, err);
    json_decref(in);
    *out = NULL;
    if (rc == CAT_OK) {
        if (res.out)
            *out = json_incref(res.out);
        else if (strcmp(res.page.member, "Result") == 0) /* the Iceberg answer as text */
            *out = json_loadb(res.page.items.p, res.page.items.len, JSON_REJECT_DUPLICATES, NULL);
        else
            *out = op_page_object(&res.page);
        assert_non_null(*out);
        op_result_release(&res);
    }
    return rc;
}

static json_t *ok(const char *op, json_t *in)
{
    struct srv_error err;
    json_t *out;
    if (run(op, in, &out, &err) != CAT_OK)
        fail_msg("%s: %d %s", op, err.code, err.msg);
    return out;
}

static void fails(const char *op, json_t *in, int code, const char *msg)
{
    struct srv_error err;
    json_t *out;
    int rc = run(op, in, &out, &err);
    if (rc != code)
        fail_msg("%s: want %d, got %d (%s)", op, code, rc, err.msg);
    if (msg && strstr(err.msg, msg) == NULL)
        fail_msg("%s: message '%s' lacks '%s'", op, err.msg, msg);
    json_decref(out);
}

/* The JSON text of V (FLAGS) is WANT. */
static void assert_dump(const json_t *v, size_t flags, const char *want)
{
    char *got = json_dumps(v, flags);
    if (got == NULL || strcmp(got, want) != 0)
        fail_msg("got %s, want %s", got ? got : "NULL", want);
    free(got);
}

static const char *str(const json_t *o, const char *path)
{
    char key[128];
    const char *dot;
    while ((dot = strchr(path, '/')) != NULL) {
        snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
        o = json_object_get(o, key);
        path = dot + 1;
    }
    return json_string_value(json_object_get(o, path));
}

static json_t *get_table(const char *db, const char *name)
{
    json_t *r = ok("GetTable", J("{\"DatabaseName\":\"%s\",\"Name\":\"%s\"}", db, name));
    json_t *t = json_incref(json_object_get(r, "Table"));
    json_decref(r);
    return t;
}

static int file_exists(const char *uri)
{
    char path[4096];
    struct stat sb;
    return ice_file_path(uri, path, sizeof(path)) == 0 && stat(path, &sb) == 0;
}

#define SCHEMA                                                                                     \
    "{\"type\":\"struct\",\"schema-id\":0,\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":"     \
    "true,"                                                                                        \
    "\"type\":\"long\"},{\"id\":2,\"name\":\"data\",\"required\":false,\"type\":\"string\"}]}"

static json_t *create(const char *db, const char *name)
{
    return ok("IcebergCreateTable",
              J("{\"DatabaseName\":\"%s\",\"Request\":{\"name\":\"%s\",\"schema\":" SCHEMA
                ",\"properties\":{\"owner\":\"me\"}}}",
                db, name));
}

static void make_db(const char *name)
{
    json_decref(ok("CreateDatabase", J("{\"DatabaseInput\":{\"Name\":\"%s\"}}", name)));
}

static int setup(void **state)
{
    struct srv_error err;
    char path[400];
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/catalogd-iceops-XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(wh, sizeof(wh), "file://%s/wh", dir);
    iceberg_set_warehouse(wh);
    snprintf(path, sizeof(path), "%s/catalog.db", dir);
    srv_error_init(&err);
    if (server)
        fresh_db("iceops", dbname, sizeof(dbname), &locator);
    if (store_pool_open(&pool, locator ? locator : path, &err) != CAT_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    who = NULL;
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    store_pool_close(pool);
    if (locator)
        drop_db(dbname, locator);
    locator = NULL;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return -1;
    iceberg_set_warehouse(NULL);
    ice_text_clear(); /* the kept history texts of this test's tables */
    return 0;
}

/* Create, load, commit; the metadata files and the Glue table's parameters and version. */
static void test_create_load_commit(void **state)
{
    json_t *r, *t, *l;
    char loc0[1024], loc1[1024], want[600];
    const char *uuid;
    (void)state;
    make_db("ns1");
    r = create("ns1", "T1");
    snprintf(want, sizeof(want), "%s/ns1.db/t1/metadata/00000-", wh);
    assert_non_null(str(r, "metadata-location"));
    assert_true(strncmp(str(r, "metadata-location"), want, strlen(want)) == 0);
    assert_non_null(strstr(str(r, "metadata-location"), ".metadata.json"));
    assert_true(json_is_object(json_object_get(r, "config")));
    snprintf(loc0, sizeof(loc0), "%s", str(r, "metadata-location"));
    assert_true(file_exists(loc0));
    uuid = str(r, "metadata/table-uuid");
    assert_non_null(uuid);
    t = get_table("ns1", "t1");
    assert_string_equal(str(t, "Parameters/table_type"), "ICEBERG");
    assert_string_equal(str(t, "Parameters/metadata_location"), loc0);
    assert_null(str(t, "Parameters/previous_metadata_location"));
    assert_string_equal(str(t, "TableType"), "EXTERNAL_TABLE");
    assert_string_equal(str(t, "VersionId"), "0");
    assert_int_equal(
        json_array_size(json_object_get(json_object_get(t, "StorageDescriptor"), "Columns")), 2);
    json_decref(t);
    fails("IcebergCreateTable",
          J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"t1\",\"schema\":" SCHEMA "}}"),
          CAT_EEXISTS, "Table ns1.t1 already exists.");
    fails("IcebergCreateTable",
          J("{\"DatabaseName\":\"nope\",\"Request\":{\"name\":\"t1\",\"schema\":" SCHEMA "}}"),
          CAT_ENOTFOUND, "Database nope not found.");

    l = ok("IcebergLoadTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\"}"));
    assert_string_equal(str(l, "metadata-location"), loc0);
    assert_string_equal(str(l, "metadata/table-uuid"), uuid);
    json_decref(l);

    /* a change: a new file, the pointer moves, the old version is archived */
    l = ok("IcebergCommitTable",
           J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\",\"Request\":{\"requirements\":"
             "[{\"type\":\"assert-table-uuid\",\"uuid\":\"%s\"}],\"updates\":[{\"action\":"
             "\"set-properties\",\"updates\":{\"k\":\"v\"}}]}}",
             uuid));
    snprintf(loc1, sizeof(loc1), "%s", str(l, "metadata-location"));
    assert_non_null(strstr(loc1, "/metadata/00001-"));
    assert_string_equal(str(l, "metadata/properties/k"), "v");
    assert_null(json_object_get(l, "config"));
    assert_true(file_exists(loc1));
    json_decref(l);
    /* loads see the new version (a memo of the old one is not used), twice the same */
    l = ok("IcebergLoadTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\"}"));
    assert_string_equal(str(l, "metadata-location"), loc1);
    assert_string_equal(str(l, "metadata/properties/k"), "v");
    {
        json_t *again = ok("IcebergLoadTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\"}"));
        assert_true(json_equal(l, again));
        json_decref(again);
    }
    json_decref(l);
    t = get_table("ns1", "t1");
    assert_string_equal(str(t, "Parameters/metadata_location"), loc1);
    assert_string_equal(str(t, "Parameters/previous_metadata_location"), loc0);
    assert_string_equal(str(t, "VersionId"), "1");
    json_decref(t);

    /* nothing changes: nothing is written */
    l = ok("IcebergCommitTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\",\"Request\":"
                                   "{\"requirements\":[],\"updates\":[]}}"));
    assert_string_equal(str(l, "metadata-location"), loc1);
    json_decref(l);
    t = get_table("ns1", "t1");
    assert_string_equal(str(t, "VersionId"), "1");
    json_decref(t);

    /* a requirement that does not hold: 409, nothing written */
    {
        struct srv_error err;
        json_t *out;
        int rc = run("IcebergCommitTable",
                     J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\",\"Request\":{\"requirements\":"
                       "[{\"type\":\"assert-table-uuid\",\"uuid\":\"00000000-0000-0000-0000-"
                       "000000000000\"}],\"updates\":[{\"action\":\"set-properties\","
                       "\"updates\":{\"k\":\"w\"}}]}}"),
                     &out, &err);
        assert_int_equal(srv_error_iceberg_status(rc), 409);
        assert_null(out);
    }
    t = get_table("ns1", "t1");
    assert_string_equal(str(t, "VersionId"), "1");
    json_decref(t);
    json_decref(r);

    fails("IcebergLoadTable", J("{\"DatabaseName\":\"ns1\"}"), CAT_EINVAL,
          "1 validation error detected: Value null at 'name' failed to satisfy constraint: "
          "Member must not be null");
    fails("IcebergLoadTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\",\"Snapshots\":\"x\"}"),
          CAT_EINVAL, "at 'snapshots'");
    fails("IcebergLoadTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"t9\"}"), CAT_ENOTFOUND,
          "Table t9 not found.");
}

/* A Glue client moves the pointer to a file it wrote; a location catalogd cannot read. */
static void test_stale_pointer(void **state)
{
    json_t *r, *l, *meta, *t, *ti, *params;
    char loc[700];
    struct srv_error err;
    (void)state;
    make_db("ns1");
    r = create("ns1", "t1");
    meta = json_deep_copy(json_object_get(r, "metadata"));
    json_object_set_new(json_object_get(meta, "properties"), "from", json_string("file"));
    snprintf(loc, sizeof(loc), "%s/ns1.db/t1/metadata/00007-glue.metadata.json", wh);
    srv_error_init(&err);
    assert_int_equal(ice_file_write(loc, meta, &err), CAT_OK);
    t = get_table("ns1", "t1");
    ti = json_deep_copy(t);
    json_decref(t);
    json_object_del(ti, "DatabaseName");
    json_object_del(ti, "CatalogId");
    json_object_del(ti, "VersionId");
    json_object_del(ti, "CreateTime");
    json_object_del(ti, "UpdateTime");
    json_object_del(ti, "IsRegisteredWithLakeFormation");
    params = json_object_get(ti, "Parameters");
    json_object_set(params, "previous_metadata_location",
                    json_object_get(params, "metadata_location"));
    json_object_set_new(params, "metadata_location", json_string(loc));
    json_decref(ok("UpdateTable", json_pack("{s:s, s:O, s:s}", "DatabaseName", "ns1", "TableInput",
                                            ti, "VersionId", "0")));
    l = ok("IcebergLoadTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\"}"));
    assert_string_equal(str(l, "metadata-location"), loc);
    assert_string_equal(str(l, "metadata/properties/from"), "file");
    json_decref(l);
    /* a commit on it stores every part and names the next version */
    l = ok("IcebergCommitTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\",\"Request\":"
                                   "{\"updates\":[{\"action\":\"set-properties\",\"updates\":"
                                   "{\"k\":\"v\"}}]}}"));
    assert_non_null(strstr(str(l, "metadata-location"), "/metadata/00008-"));
    assert_string_equal(str(l, "metadata/properties/from"), "file");
    json_decref(l);
    t = get_table("ns1", "t1");
    assert_string_equal(str(t, "Parameters/previous_metadata_location"), loc);
    assert_string_equal(str(t, "VersionId"), "2");
    json_decref(t);
    /* s3: catalogd cannot read it */
    json_object_set_new(params, "metadata_location",
                        json_string("s3://bucket/x/00009-a.metadata.json"));
    json_decref(
        ok("UpdateTable", json_pack("{s:s, s:O}", "DatabaseName", "ns1", "TableInput", ti)));
    fails("IcebergLoadTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\"}"), CAT_ESERVERFAULT,
          "catalogd cannot read the Iceberg metadata at s3://bucket/x/00009-a.metadata.json");
    json_decref(ti);
    json_decref(meta);
    json_decref(r);
}

/* Snapshots: all, refs; a staged create is invisible until its commit. */
static void test_snapshots_and_staged(void **state)
{
    json_t *r, *l;
    (void)state;
    make_db("ns1");
    r = create("ns1", "t1");
    l = ok("IcebergCommitTable",
           J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\",\"Request\":{\"updates\":["
             "{\"action\":\"add-snapshot\",\"snapshot\":{\"snapshot-id\":100,\"sequence-number\":1,"
             "\"timestamp-ms\":1700000000000,\"manifest-list\":\"%s/m1.avro\",\"summary\":"
             "{\"operation\":\"append\"},\"schema-id\":0}},{\"action\":\"set-snapshot-ref\","
             "\"ref-name\":\"main\",\"type\":\"branch\",\"snapshot-id\":100}]}}",
             wh));
    assert_int_equal(json_array_size(json_object_get(json_object_get(l, "metadata"), "snapshots")),
                     1);
    json_decref(l);
    l = ok("IcebergLoadTable",
           J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\",\"Snapshots\":\"all\"}"));
    assert_int_equal(json_array_size(json_object_get(json_object_get(l, "metadata"), "snapshots")),
                     1);
    assert_int_equal(
        json_array_size(json_object_get(json_object_get(l, "metadata"), "snapshot-log")), 1);
    json_decref(l);
    json_decref(r);

    r = ok("IcebergCreateTable",
           J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"st\",\"schema\":" SCHEMA
             ",\"stage-create\":true}}"));
    assert_null(json_object_get(r, "metadata-location"));
    assert_non_null(str(r, "metadata/table-uuid"));
    fails("GetTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"st\"}"), CAT_ENOTFOUND, NULL);
    l = ok("IcebergCommitTable",
           J("{\"DatabaseName\":\"ns1\",\"Name\":\"st\",\"Request\":{\"requirements\":"
             "[{\"type\":\"assert-create\"}],\"updates\":[{\"action\":\"assign-uuid\",\"uuid\":"
             "\"%s\"},{\"action\":\"upgrade-format-version\",\"format-version\":2},"
             "{\"action\":\"add-schema\",\"schema\":" SCHEMA ",\"last-column-id\":2},"
             "{\"action\":\"set-current-schema\",\"schema-id\":-1},{\"action\":\"add-spec\","
             "\"spec\":{\"spec-id\":0,\"fields\":[]}},{\"action\":\"set-default-spec\","
             "\"spec-id\":-1},{\"action\":\"add-sort-order\",\"sort-order\":{\"order-id\":0,"
             "\"fields\":[]}},{\"action\":\"set-default-sort-order\",\"sort-order-id\":-1},"
             "{\"action\":\"set-location\",\"location\":\"%s/ns1.db/st\"},{\"action\":"
             "\"set-properties\",\"updates\":{\"a\":\"b\"}}]}}",
             str(r, "metadata/table-uuid"), wh));
    assert_non_null(strstr(str(l, "metadata-location"), "/ns1.db/st/metadata/00000-"));
    assert_true(file_exists(str(l, "metadata-location")));
    json_decref(l);
    l = get_table("ns1", "st");
    assert_string_equal(str(l, "Parameters/table_type"), "ICEBERG");
    json_decref(l);
    /* a second assert-create: 409 */
    {
        struct srv_error err;
        json_t *out;
        int rc = run("IcebergCommitTable",
                     J("{\"DatabaseName\":\"ns1\",\"Name\":\"st\",\"Request\":{\"requirements\":"
                       "[{\"type\":\"assert-create\"}],\"updates\":[]}}"),
                     &out, &err);
        assert_int_equal(srv_error_iceberg_status(rc), 409);
    }
    json_decref(r);
}

/* A transaction with a failing requirement changes nothing; one without changes all. */
static void test_transaction(void **state)
{
    json_t *a, *b, *t;
    struct srv_error err;
    int rc;
    (void)state;
    make_db("ns1");
    make_db("ns2");
    a = create("ns1", "a");
    b = create("ns2", "b");
    rc = run(
        "IcebergCommitTransaction",
        J("{\"TableChanges\":[{\"DatabaseName\":\"ns1\",\"Name\":\"a\",\"Request\":"
          "{\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"x\":\"1\"}}]}},"
          "{\"DatabaseName\":\"ns2\",\"Name\":\"b\",\"Request\":{\"requirements\":"
          "[{\"type\":\"assert-table-uuid\",\"uuid\":\"00000000-0000-0000-0000-000000000000\"}],"
          "\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"x\":\"1\"}}]}}]}"),
        &t, &err);
    assert_int_equal(srv_error_iceberg_status(rc), 409);
    assert_non_null(strstr(err.msg, "Table change 1: "));
    t = get_table("ns1", "a");
    assert_string_equal(str(t, "VersionId"), "0");
    json_decref(t);
    json_decref(ok("IcebergCommitTransaction",
                   J("{\"TableChanges\":[{\"DatabaseName\":\"ns1\",\"Name\":\"a\",\"Request\":"
                     "{\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"x\":\"1\"}}]}},"
                     "{\"DatabaseName\":\"ns2\",\"Name\":\"b\",\"Request\":{\"updates\":"
                     "[{\"action\":\"set-properties\",\"updates\":{\"x\":\"2\"}}]}}]}")));
    t = get_table("ns1", "a");
    assert_string_equal(str(t, "VersionId"), "1");
    json_decref(t);
    t = get_table("ns2", "b");
    assert_string_equal(str(t, "VersionId"), "1");
    json_decref(t);
    fails("IcebergCommitTransaction", J("{\"TableChanges\":[]}"), CAT_EINVAL, "tableChanges");
    fails("IcebergCommitTransaction", J("{\"TableChanges\":[{\"DatabaseName\":\"ns1\"}]}"),
          CAT_EINVAL, "at 'tableChanges.1.member.name'");
    json_decref(a);
    json_decref(b);
}

/* Listings, namespaces, rename, drop. */
static void test_lists_namespaces_rename_drop(void **state)
{
    json_t *r, *l;
    (void)state;
    make_db("ns1");
    make_db("ns1.a");
    make_db("ns1.a.b");
    make_db("ns2");
    json_decref(create("ns1", "t1"));
    json_decref(create("ns1", "t2"));
    json_decref(
        ok("CreateTable", J("{\"DatabaseName\":\"ns1\",\"TableInput\":{\"Name\":\"plain\"}}")));
    l = ok("IcebergListTables", J("{\"DatabaseName\":\"ns1\"}"));
    assert_dump(json_object_get(l, "Names"), JSON_COMPACT, "[\"t1\",\"t2\"]");
    json_decref(l);
    l = ok("IcebergListTables", J("{\"DatabaseName\":\"ns1\",\"MaxResults\":1}"));
    assert_int_equal(json_array_size(json_object_get(l, "Names")), 1);
    assert_non_null(str(l, "NextToken"));
    r = ok(
        "IcebergListTables",
        J("{\"DatabaseName\":\"ns1\",\"MaxResults\":1,\"NextToken\":\"%s\"}", str(l, "NextToken")));
    assert_string_equal(json_string_value(json_array_get(json_object_get(r, "Names"), 0)), "t2");
    json_decref(r);
    json_decref(l);
    l = ok("IcebergListTables", J("{\"DatabaseName\":\"ns1\",\"Views\":true}"));
    assert_int_equal(json_array_size(json_object_get(l, "Names")), 0);
    json_decref(l);

    l = ok("IcebergListNamespaces", J("{}"));
    assert_dump(json_object_get(l, "Namespaces"), JSON_COMPACT, "[\"ns1\",\"ns2\"]");
    json_decref(l);
    l = ok("IcebergListNamespaces", J("{\"Parent\":\"ns1\"}"));
    assert_dump(json_object_get(l, "Namespaces"), JSON_COMPACT, "[\"ns1.a\"]");
    json_decref(l);
    fails("IcebergListNamespaces", J("{\"Parent\":\"nope\"}"), CAT_ENOTFOUND,
          "Database nope not found.");
    l = ok("IcebergListNamespaces", J("{\"Parent\":\"ns2\"}"));
    assert_dump(json_object_get(l, "Namespaces"), JSON_COMPACT, "[]");
    json_decref(l);
    l = ok("IcebergListNamespaces", J("{\"MaxResults\":1}"));
    assert_dump(json_object_get(l, "Namespaces"), JSON_COMPACT, "[\"ns1\"]");
    r = ok("IcebergListNamespaces",
           J("{\"MaxResults\":1,\"NextToken\":\"%s\"}", str(l, "NextToken")));
    assert_dump(json_object_get(r, "Namespaces"), JSON_COMPACT, "[\"ns2\"]");
    json_decref(r);
    json_decref(l);

    fails("IcebergDropNamespace", J("{\"Name\":\"ns1\"}"), CAT_EBADSTATE,
          "Namespace ns1 is not empty: it holds tables or views.");
    fails("IcebergDropNamespace", J("{\"Name\":\"ns1.a\"}"), CAT_EBADSTATE,
          "Namespace ns1.a is not empty: it holds namespace ns1.a.b.");
    json_decref(ok("IcebergDropNamespace", J("{\"Name\":\"ns1.a.b\"}")));
    fails("IcebergDropNamespace", J("{\"Name\":\"ns1.a.b\"}"), CAT_ENOTFOUND, NULL);

    l = ok("IcebergUpdateNamespace",
           J("{\"Name\":\"ns2\",\"Removals\":[\"gone\"],\"Updates\":{\"location\":\"%s/elsewhere\","
             "\"comment\":\"c\",\"k\":\"v\"}}",
             wh));
    assert_dump(l, JSON_COMPACT | JSON_SORT_KEYS,
                "{\"missing\":[\"gone\"],\"removed\":[],\"updated\":[\"location\","
                "\"comment\",\"k\"]}");
    json_decref(l);
    l = ok("IcebergUpdateNamespace", J("{\"Name\":\"ns2\",\"Removals\":[\"k\",\"comment\"]}"));
    assert_dump(json_object_get(l, "removed"), JSON_COMPACT, "[\"k\",\"comment\"]");
    json_decref(l);
    fails("IcebergUpdateNamespace",
          J("{\"Name\":\"ns2\",\"Removals\":[\"a\"],\"Updates\":{\"a\":\"b\"}}"), CAT_EINVAL,
          "Property a is both removed and updated.");
    /* the namespace's location is the table's default root */
    l = create("ns2", "t3");
    assert_non_null(strstr(str(l, "metadata-location"), "/elsewhere/t3/metadata/00000-"));
    json_decref(l);

    fails("IcebergRenameTable",
          J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\",\"DestinationDatabaseName\":\"ns2\","
            "\"DestinationName\":\"t3\"}"),
          CAT_EEXISTS, "Table ns2.t3 already exists.");
    fails("IcebergRenameTable",
          J("{\"DatabaseName\":\"ns1\",\"Name\":\"plain\",\"DestinationDatabaseName\":\"ns2\","
            "\"DestinationName\":\"p\"}"),
          CAT_ENOTFOUND, "Table ns1.plain is not an Iceberg table.");
    r = ok("IcebergLoadTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\"}"));
    json_decref(
        ok("IcebergRenameTable",
           J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\",\"DestinationDatabaseName\":\"ns2\","
             "\"DestinationName\":\"T9\"}")));
    l = ok("IcebergLoadTable", J("{\"DatabaseName\":\"ns2\",\"Name\":\"t9\"}"));
    assert_string_equal(str(l, "metadata-location"), str(r, "metadata-location"));
    json_decref(l);
    json_decref(r);
    fails("IcebergLoadTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\"}"), CAT_ENOTFOUND, NULL);
    fails("IcebergDropTable", J("{\"DatabaseName\":\"ns2\",\"Name\":\"t9\",\"Views\":true}"),
          CAT_ENOTFOUND, "View t9 not found.");
    json_decref(
        ok("IcebergDropTable", J("{\"DatabaseName\":\"ns2\",\"Name\":\"t9\",\"Purge\":true}")));
    fails("IcebergLoadTable", J("{\"DatabaseName\":\"ns2\",\"Name\":\"t9\"}"), CAT_ENOTFOUND, NULL);
}

/* Register: a metadata file becomes a table; overwrite; what cannot be read or is not metadata. */
static void test_register(void **state)
{
    json_t *r, *l, *t, *bad;
    char loc[700], loc2[700], junk[700];
    struct srv_error err;
    (void)state;
    make_db("ns1");
    r = create("ns1", "src");
    snprintf(loc, sizeof(loc), "%s/elsewhere/metadata/00003-x.metadata.json", wh);
    snprintf(loc2, sizeof(loc2), "%s/elsewhere/metadata/00004-y.metadata.json", wh);
    snprintf(junk, sizeof(junk), "%s/elsewhere/junk.json", wh);
    srv_error_init(&err);
    assert_int_equal(ice_file_write(loc, json_object_get(r, "metadata"), &err), CAT_OK);
    assert_int_equal(ice_file_write(loc2, json_object_get(r, "metadata"), &err), CAT_OK);
    bad = J("{\"not\":\"metadata\"}");
    assert_int_equal(ice_file_write(junk, bad, &err), CAT_OK);
    json_decref(bad);
    assert_int_equal(ice_file_write(loc, json_object_get(r, "metadata"), &err), CAT_EEXISTS);
    l = ok("IcebergRegisterTable", J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"reg\","
                                     "\"metadata-location\":\"%s\"}}",
                                     loc));
    assert_string_equal(str(l, "metadata-location"), loc);
    json_decref(l);
    l = ok("IcebergLoadTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"reg\"}"));
    assert_string_equal(str(l, "metadata-location"), loc);
    assert_string_equal(str(l, "metadata/table-uuid"), str(r, "metadata/table-uuid"));
    json_decref(l);
    fails(
        "IcebergRegisterTable",
        J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"reg\",\"metadata-location\":\"%s\"}}",
          loc2),
        CAT_EEXISTS, "Table ns1.reg already exists.");
    json_decref(
        ok("IcebergRegisterTable",
           J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"reg\",\"metadata-location\":"
             "\"%s\",\"overwrite\":true}}",
             loc2)));
    t = get_table("ns1", "reg");
    assert_string_equal(str(t, "Parameters/metadata_location"), loc2);
    assert_string_equal(str(t, "Parameters/previous_metadata_location"), loc);
    assert_string_equal(str(t, "VersionId"), "1");
    json_decref(t);
    fails("IcebergRegisterTable",
          J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"r2\",\"metadata-location\":"
            "\"s3://b/m.json\"}}"),
          CAT_EINVAL, "catalogd cannot read the Iceberg metadata at s3://b/m.json");
    fails("IcebergRegisterTable",
          J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"r2\",\"metadata-location\":\"%s\"}}",
            junk),
          CAT_EINVAL, "is not table metadata");
    fails("IcebergRegisterTable",
          J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"r2\",\"metadata-location\":"
            "\"%s/none.json\"}}",
            wh),
          CAT_EINVAL, "No such file or directory");
    json_decref(r);
}

/* Views: create, load, replace, list, drop. */
static void test_views(void **state)
{
    json_t *r, *l;
    (void)state;
    make_db("ns1");
    r = ok("IcebergCreateView",
           J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"v1\",\"schema\":" SCHEMA
             ",\"view-version\":{\"version-id\":1,\"timestamp-ms\":1700000000000,\"schema-id\":0,"
             "\"summary\":{},\"representations\":[{\"type\":\"sql\",\"sql\":\"select 1\","
             "\"dialect\":\"spark\"}],\"default-namespace\":[\"ns1\"]},\"properties\":{}}}"));
    assert_non_null(strstr(str(r, "metadata-location"), "/ns1.db/v1/metadata/00000-"));
    assert_true(file_exists(str(r, "metadata-location")));
    assert_non_null(str(r, "metadata/view-uuid"));
    l = get_table("ns1", "v1");
    assert_string_equal(str(l, "Parameters/table_type"), "ICEBERG-VIEW");
    assert_string_equal(str(l, "TableType"), "VIRTUAL_VIEW");
    json_decref(l);
    l = ok("IcebergLoadView", J("{\"DatabaseName\":\"ns1\",\"Name\":\"v1\"}"));
    assert_string_equal(str(l, "metadata/view-uuid"), str(r, "metadata/view-uuid"));
    json_decref(l);
    fails("IcebergLoadTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"v1\"}"), CAT_ENOTFOUND,
          "is not an Iceberg table");
    l = ok("IcebergReplaceView",
           J("{\"DatabaseName\":\"ns1\",\"Name\":\"v1\",\"Request\":{\"requirements\":[{\"type\":"
             "\"assert-view-uuid\",\"uuid\":\"%s\"}],\"updates\":[{\"action\":\"set-properties\","
             "\"updates\":{\"k\":\"v\"}}]}}",
             str(r, "metadata/view-uuid")));
    assert_non_null(strstr(str(l, "metadata-location"), "/metadata/00001-"));
    assert_string_equal(str(l, "metadata/properties/k"), "v");
    json_decref(l);
    l = ok("IcebergListTables", J("{\"DatabaseName\":\"ns1\",\"Views\":true}"));
    assert_dump(json_object_get(l, "Names"), JSON_COMPACT, "[\"v1\"]");
    json_decref(l);
    json_decref(
        ok("IcebergDropTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"v1\",\"Views\":true}")));
    fails("IcebergLoadView", J("{\"DatabaseName\":\"ns1\",\"Name\":\"v1\"}"), CAT_ENOTFOUND,
          "View v1 not found.");
    json_decref(r);
}

/* Glue's IcebergSchema of the table below (the model requires one in every update). */
#define GLUE_STATE                                                                                 \
    "\"Schema\":{\"SchemaId\":0,\"Type\":\"struct\",\"Fields\":[{\"Id\":1,\"Name\":\"a\","         \
    "\"Type\":\"int\",\"Required\":false}]}"

/* Glue's CreateTable with OpenTableFormatInput and UpdateTable with UpdateOpenTableFormatInput. */
static void test_glue_interplay(void **state)
{
    json_t *t, *l;
    (void)state;
    make_db("g");
    json_decref(
        ok("CreateTable",
           J("{\"DatabaseName\":\"g\",\"TableInput\":{\"Name\":\"it\",\"StorageDescriptor\":"
             "{\"Columns\":[{\"Name\":\"a\",\"Type\":\"int\"}],\"Location\":\"%s/g/it\"}},"
             "\"OpenTableFormatInput\":{\"IcebergInput\":{\"MetadataOperation\":\"CREATE\","
             "\"Version\":\"2\"}}}",
             wh)));
    t = get_table("g", "it");
    assert_string_equal(str(t, "Parameters/table_type"), "ICEBERG");
    assert_non_null(strstr(str(t, "Parameters/metadata_location"), "/g/it/metadata/00000-"));
    json_decref(t);
    l = ok("IcebergLoadTable", J("{\"DatabaseName\":\"g\",\"Name\":\"it\"}"));
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(l, "metadata"), "format-version")), 2);
    json_decref(l);
    json_decref(
        ok("UpdateTable",
           J("{\"DatabaseName\":\"g\",\"Name\":\"it\",\"UpdateOpenTableFormatInput\":"
             "{\"UpdateIcebergInput\":{\"UpdateIcebergTableInput\":{\"Updates\":[{" GLUE_STATE
             ",\"Location\":\"%s/g/it\",\"Properties\":{\"p\":\"q\"}}]}}}}",
             wh)));
    l = ok("IcebergLoadTable", J("{\"DatabaseName\":\"g\",\"Name\":\"it\"}"));
    assert_string_equal(str(l, "metadata/properties/p"), "q");
    assert_non_null(strstr(str(l, "metadata-location"), "/metadata/00001-"));
    json_decref(l);
    fails("UpdateTable",
          J("{\"DatabaseName\":\"g\",\"Name\":\"it\",\"VersionId\":\"0\","
            "\"UpdateOpenTableFormatInput\":"
            "{\"UpdateIcebergInput\":{\"UpdateIcebergTableInput\":{\"Updates\":[{" GLUE_STATE
            ",\"Location\":\"%s/g/it\",\"Properties\":{\"p\":\"r\"}}]}}}}",
            wh),
          CAT_ECONCURRENT, NULL);
}

/* Database scopes: listings filtered, every database of a transaction or rename checked. */
/* Metadata files only where catalogd may write: under the warehouse (not through a symbolic
** link leading out of it); reads under it and the read roots. */
static void test_file_locations(void **state)
{
    char out[400], link_dir[400], in_root[700], path[700], cmd[2400];
    json_t *r, *t;
    struct stat sb;
    struct srv_error err;
    const char *roots[1];
    (void)state;
    make_db("ns1");
    snprintf(out, sizeof(out), "%s/outside", dir);
    /* a create (staged too) at a file:// location outside the warehouse: 403, nothing made */
    fails("IcebergCreateTable",
          J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"t1\",\"location\":\"file://%s/t1\","
            "\"schema\":" SCHEMA "}}",
            out),
          CAT_EACCESS,
          "is outside the warehouse: catalogd writes Iceberg metadata files only under");
    fails("IcebergCreateTable",
          J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"t1\",\"location\":\"file://%s/t1\","
            "\"stage-create\":true,\"schema\":" SCHEMA "}}",
            out),
          CAT_EACCESS, "Location file:///");
    assert_int_not_equal(stat(out, &sb), 0);
    fails("IcebergLoadTable", J("{\"DatabaseName\":\"ns1\",\"Name\":\"t1\"}"), CAT_ENOTFOUND, NULL);
    /* a symbolic link in the warehouse leading out of it is outside too */
    snprintf(link_dir, sizeof(link_dir), "%s/wh/link", dir);
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s/wh' '%s' && ln -s '%s' '%s'", dir, out, out, link_dir);
    assert_int_equal(system(cmd), 0);
    fails("IcebergCreateTable",
          J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"t2\",\"location\":\"%s/link/t2\","
            "\"schema\":" SCHEMA "}}",
            wh),
          CAT_EACCESS, "outside the warehouse");
    /* s3://: created, nothing written; a commit moving it outside: 403, nothing changes */
    json_decref(ok("IcebergCreateTable",
                   J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"t3\",\"location\":"
                     "\"s3://b/t3\",\"schema\":" SCHEMA "}}")));
    r = create("ns1", "t4");
    fails("IcebergCommitTable",
          J("{\"DatabaseName\":\"ns1\",\"Name\":\"t4\",\"Request\":{\"requirements\":[],"
            "\"updates\":[{\"action\":\"set-location\",\"location\":\"file://%s/t4\"}]}}",
            out),
          CAT_EACCESS, "outside the warehouse");
    t = get_table("ns1", "t4");
    assert_string_equal(str(t, "Parameters/metadata_location"), str(r, "metadata-location"));
    json_decref(t);
    snprintf(path, sizeof(path), "%s/t4", out);
    assert_int_not_equal(stat(path, &sb), 0);
    /* register reads only under the warehouse and the read roots */
    snprintf(in_root, sizeof(in_root), "%s/m.metadata.json", out);
    snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", str(r, "metadata-location") + 7, in_root);
    assert_int_equal(system(cmd), 0);
    fails("IcebergRegisterTable",
          J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"r1\",\"metadata-location\":"
            "\"file://%s\"}}",
            in_root),
          CAT_EACCESS,
          "it reads metadata files only under its --warehouse and --crawl-root folders.");
    roots[0] = out;
    iceberg_set_read_roots(roots, 1);
    json_decref(ok("IcebergRegisterTable",
                   J("{\"DatabaseName\":\"ns1\",\"Request\":{\"name\":\"r1\",\"metadata-location\":"
                     "\"file://%s\"}}",
                     in_root)));
    iceberg_set_read_roots(NULL, 0);
    /* without a file:// warehouse no file:// location is written */
    iceberg_set_warehouse("s3://bucket/wh");
    srv_error_init(&err);
    assert_int_equal(ice_file_may_write(wh, &err), CAT_EACCESS);
    assert_non_null(strstr(err.msg, "is refused: catalogd writes Iceberg metadata files only "
                                    "under a file:// --warehouse, and it has none."));
    json_decref(r);
}

/* The kept texts of a table's history (iceberg_text.h): found only under their exact stamp,
** taken out when found, another stamp dropping the entry, bounded in entries. */
static void test_text_cache(void **state)
{
    struct ice_text t = {{0}, {0}}, got;
    size_t n, bytes;
    char name[32];
    int i;
    (void)state;
    ice_text_clear();
    sbuf_adds(&t.snaps, "{\"snapshot-id\":1}");
    sbuf_adds(&t.log, "{\"timestamp-ms\":5,\"snapshot-id\":1}");
    ice_text_keep("c", "db", "t", "2 file:///a/00001-x.metadata.json", &t);
    assert_null(t.snaps.p); /* taken */
    ice_text_counts(&n, &bytes);
    assert_int_equal(n, 1);
    assert_true(bytes > 0);
    /* another table, another version of it: nothing */
    assert_int_equal(ice_text_take("c", "db", "u", "2 file:///a/00001-x.metadata.json", &got), 0);
    assert_int_equal(ice_text_take("c", "dbt", "", "2 file:///a/00001-x.metadata.json", &got), 0);
    assert_int_equal(ice_text_take("c", "db", "t", "2 file:///a/00001-x.metadata.jso", &got), 0);
    assert_null(got.snaps.p);
    ice_text_counts(&n, &bytes); /* the wrong stamp dropped the entry */
    assert_int_equal(n, 0);
    assert_int_equal(bytes, 0);
    sbuf_adds(&t.snaps, "{\"snapshot-id\":2}");
    ice_text_keep("c", "db", "t", "3 s3://b/00002-y.metadata.json", &t);
    assert_int_equal(ice_text_take("c", "db", "t", "3 s3://b/00002-y.metadata.json", &got), 1);
    assert_string_equal(got.snaps.p, "{\"snapshot-id\":2}");
    assert_null(got.log.p);
    assert_int_equal(ice_text_take("c", "db", "t", "3 s3://b/00002-y.metadata.json", &t), 0);
    ice_text_release(&got);
    for (i = 0; i < ICE_TEXT_ENTRIES + 5; i++) { /* the least recently kept go */
        snprintf(name, sizeof(name), "t%d", i);
        sbuf_adds(&t.snaps, name);
        ice_text_keep("c", "db", name, "1 x", &t);
    }
    ice_text_counts(&n, &bytes);
    assert_int_equal(n, ICE_TEXT_ENTRIES);
    assert_int_equal(ice_text_take("c", "db", "t0", "1 x", &got), 0);
    assert_int_equal(ice_text_take("c", "db", "t5", "1 x", &got), 1);
    assert_string_equal(got.snaps.p, "t5");
    ice_text_release(&got);
    ice_text_clear();
    ice_text_counts(&n, &bytes);
    assert_int_equal(n, 0);
    assert_int_equal(bytes, 0);
}

static void test_scopes(void **state)
{
    static char name[] = "w", pat[] = "ns2*";
    static char *dbs[] = {pat};
    struct auth_principal p = {name, NULL, NULL, NULL, 0, AUTH_WRITER, dbs, 1};
    json_t *l;
    (void)state;
    make_db("ns1");
    make_db("ns2");
    json_decref(create("ns1", "a"));
    json_decref(create("ns2", "b"));
    who = &p;
    l = ok("IcebergListNamespaces", J("{}"));
    assert_dump(json_object_get(l, "Namespaces"), JSON_COMPACT, "[\"ns2\"]");
    json_decref(l);
    fails("IcebergCommitTransaction",
          J("{\"TableChanges\":[{\"DatabaseName\":\"ns2\",\"Name\":\"b\",\"Request\":{}},"
            "{\"DatabaseName\":\"ns1\",\"Name\":\"a\",\"Request\":{}}]}"),
          CAT_EACCESS, "on resource: database/ns1.");
    fails("IcebergRenameTable",
          J("{\"DatabaseName\":\"ns2\",\"Name\":\"b\",\"DestinationDatabaseName\":\"ns1\","
            "\"DestinationName\":\"b\"}"),
          CAT_EACCESS, "on resource: database/ns1.");
    fails("IcebergDropNamespace", J("{\"Name\":\"ns2\"}"), CAT_EACCESS, "that takes admin");
    json_decref(ok("IcebergLoadTable", J("{\"DatabaseName\":\"ns2\",\"Name\":\"b\"}")));
    who = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_load_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_pointer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_snapshots_and_staged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lists_namespaces_rename_drop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register, setup, teardown),
        cmocka_unit_test_setup_teardown(test_views, setup, teardown),
        cmocka_unit_test_setup_teardown(test_glue_interplay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scopes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_locations, setup, teardown),
        cmocka_unit_test(test_text_cache),
    };
    server = test_pg_server(); /* CATALOG_TEST_PG */
    if (server != NULL)
        drop_stale_dbs("iceops");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
