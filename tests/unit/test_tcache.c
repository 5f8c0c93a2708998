/* test_tcache.c -- unit tests for the table cache: two pools on one file stand for two catalogd
 * processes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ops/database.h"
#include "ops/ops.h"
#include "ops/partition.h"
#include "ops/table.h"
#include "store/sqlite/acache.h"
#include "store/sqlite/tcache.h"

#define CATALOG "000000000000"

/* Process A (the one whose cache is checked) and process B (another writer). */
struct two {
    char path[64];
    struct store_pool *pa, *pb;
    struct op_ctx a, b;
};

static int setup(void **state)
{
    struct two *t = calloc(1, sizeof(*t));
    struct srv_error err;
    int fd;
    srv_error_init(&err);
    snprintf(t->path, sizeof(t->path), "/tmp/catalogd-test-tcache-XXXXXX");
    if ((fd = mkstemp(t->path)) < 0)
        return -1;
    close(fd);
    if (store_pool_open(&t->pa, t->path, &err) != CAT_OK ||
        store_pool_open(&t->pb, t->path, &err) != CAT_OK ||
        (t->a.st = store_acquire(t->pa, &err)) == NULL ||
        (t->b.st = store_acquire(t->pb, &err)) == NULL) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    t->a.catalog_id = t->b.catalog_id = CATALOG;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    struct two *t = *state;
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    char p[96];
    size_t i;
    store_return(t->pa, t->a.st);
    store_return(t->pb, t->b.st);
    store_pool_close(t->pa);
    store_pool_close(t->pb);
    for (i = 0; i < 3; i++) {
        snprintf(p, sizeof(p), "%s%s", t->path, suffixes[i]);
        unlink(p);
    }
    free(t);
    return 0;
}

/* Run FN on CTX with the request text; the return code, the answer in *OUT (a ready text
** answer parsed back), the error in *ERR. */
static int call(struct op_ctx *ctx, op_fn *fn, json_t **out, struct srv_error *err, const char *fmt,
                ...) __attribute__((format(printf, 5, 6)));
static int call(struct op_ctx *ctx, op_fn *fn, json_t **out, struct srv_error *err, const char *fmt,
                ...)
{
    char buf[4096];
    json_t *in;
    va_list ap;
    int rc;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    assert_non_null(in = json_loads(buf, 0, NULL));
    srv_error_init(err);
    memset(&ctx->page, 0, sizeof(ctx->page));
    *out = NULL;
    rc = fn(ctx, in, out, err);
    json_decref(in);
    if (rc == CAT_OK && *out == NULL && ctx->page.member) /* an answer written as text */
        assert_non_null(*out = op_page_object(&ctx->page));
    op_page_release(&ctx->page);
    return rc;
}

/* Run FN with the request text REQ; expect success and return the answer. */
static json_t *ok(struct op_ctx *ctx, op_fn *fn, const char *req)
{
    struct srv_error err;
    json_t *out;
    if (call(ctx, fn, &out, &err, "%s", req) != CAT_OK)
        fail_msg("%s: %s", req, err.msg);
    assert_non_null(out);
    return out;
}

/* The request text of FMT, in a static buffer (one thread at a time). */
static const char *req(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *req(const char *fmt, ...)
{
    static char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return buf;
}

#define OK(ctx, fn, ...) ok(ctx, fn, req(__VA_ARGS__))
#define DO(ctx, fn, ...) json_decref(OK(ctx, fn, __VA_ARGS__))

/* Expect code CODE with message MSG. */
static void fails(struct op_ctx *ctx, op_fn *fn, int code, const char *msg, const char *req)
{
    struct srv_error err;
    json_t *out;
    int rc = call(ctx, fn, &out, &err, "%s", req);
    if (rc != code)
        fail_msg("%s -> %d (%s), want %d", req, rc, err.msg, code);
    assert_null(out);
    assert_string_equal(err.msg, msg);
}

static const char *str_at(const json_t *o, const char *k1, const char *k2)
{
    const json_t *v = json_object_get(o, k1);
    return json_string_value(k2 ? json_object_get(v, k2) : v);
}

/* The name of column I of GetTable's answer T. */
static const char *column(const json_t *t, size_t i)
{
    const json_t *sd = json_object_get(json_object_get(t, "Table"), "StorageDescriptor");
    return json_string_value(
        json_object_get(json_array_get(json_object_get(sd, "Columns"), i), "Name"));
}

static const char TABLE_FMT[] =
    "{\"DatabaseName\": \"%s\", \"TableInput\": {\"Name\": \"t\", %s"
    " \"StorageDescriptor\": {\"Columns\": [{\"Name\": \"%s\", \"Type\": \"string\"}],"
    " \"Location\": \"s3://b/t/\"},"
    " \"PartitionKeys\": [{\"Name\": \"dt\", \"Type\": \"date\"},"
    " {\"Name\": \"hr\", \"Type\": \"%s\"}]}}";

static void create_table(struct op_ctx *ctx, const char *db, const char *col)
{
    DO(ctx, table_create, TABLE_FMT, db, "", col, "int");
}

static void update_table(struct op_ctx *ctx, const char *extra, const char *col,
                         const char *hr_type)
{
    DO(ctx, table_update, TABLE_FMT, "d", extra, col, hr_type);
}

static json_t *get_table(struct op_ctx *ctx, const char *db)
{
    char r[128];
    snprintf(r, sizeof(r), "{\"DatabaseName\": \"%s\", \"Name\": \"t\"}", db);
    return ok(ctx, table_get, r); /* readers run this in threads: no static buffer */
}

static void counts(struct op_ctx *ctx, long *hits, long *loads, long *kept)
{
    tcache_counts(ctx->st, hits, loads, kept);
}

static long long table_row_id(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    long long id = -1;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT id FROM tables WHERE name = 't'", -1, &stmt, NULL),
        SQLITE_OK);
    if (sqlite3_step(stmt) == SQLITE_ROW)
        id = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return id;
}

static void sleep_ms(long ms)
{
    nanosleep(&(struct timespec){0, ms * 1000000L}, NULL);
}

/* ================================================================ */

static void test_tcache_gettable_hits_and_sees_updates(void **state)
{
    struct two *t = *state;
    long hits, loads, kept;
    json_t *g;
    DO(&t->a, database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    create_table(&t->a, "d", "c1");
    json_decref(get_table(&t->a, "d"));
    g = get_table(&t->a, "d");
    counts(&t->a, &hits, &loads, &kept);
    assert_int_equal(hits, 1); /* the second GetTable came from the cache */
    assert_int_equal(loads, 1);
    assert_int_equal(kept, 1);
    assert_string_equal(str_at(json_object_get(g, "Table"), "VersionId", NULL), "0");
    assert_string_equal(column(g, 0), "c1");
    json_decref(g);

    /* the other process updates it: seen on the next GetTable */
    update_table(&t->b, "\"Parameters\": {\"p\": \"1\"},", "c2", "int");
    g = get_table(&t->a, "d");
    assert_string_equal(str_at(json_object_get(g, "Table"), "VersionId", NULL), "1");
    assert_string_equal(str_at(json_object_get(g, "Table"), "Parameters", "p"), "1");
    assert_string_equal(column(g, 0), "c2");
    json_decref(g);
    counts(&t->a, &hits, &loads, &kept);
    assert_int_equal(loads, 2);
    /* and an update through this process too */
    update_table(&t->a, "", "c3", "int");
    g = get_table(&t->a, "d");
    assert_string_equal(str_at(json_object_get(g, "Table"), "VersionId", NULL), "2");
    assert_string_equal(column(g, 0), "c3");
    json_decref(g);
}

/* GetTable answered by the WAL index header alone while nothing is committed; a commit through
** another process (pool), through this one, or of any table at all, sends it back to the
** stamp's SELECT, and the answer is current each time. */
static void test_tcache_gettable_quick_until_a_commit(void **state)
{
    struct two *t = *state;
    long quick;
    json_t *g;
    int i;
    DO(&t->a, database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    create_table(&t->a, "d", "c1");
    json_decref(get_table(&t->a, "d")); /* loads */
    json_decref(get_table(&t->a, "d")); /* the stamp, found current: SEEN set */
    quick = tcache_quick_hits(t->a.st);
    for (i = 0; i < 5; i++) {
        g = get_table(&t->a, "d");
        assert_string_equal(column(g, 0), "c1");
        json_decref(g);
    }
    assert_int_equal(tcache_quick_hits(t->a.st), quick + 5);

    update_table(&t->b, "", "c2", "int"); /* the other process */
    g = get_table(&t->a, "d");
    assert_string_equal(column(g, 0), "c2");
    json_decref(g);
    assert_int_equal(tcache_quick_hits(t->a.st), quick + 5);

    update_table(&t->a, "", "c3", "int"); /* this one */
    g = get_table(&t->a, "d");
    assert_string_equal(column(g, 0), "c3");
    json_decref(g);
    g = get_table(&t->a, "d");
    assert_string_equal(column(g, 0), "c3");
    json_decref(g);
    quick = tcache_quick_hits(t->a.st);
    g = get_table(&t->a, "d");
    json_decref(g);
    assert_int_equal(tcache_quick_hits(t->a.st), quick + 1);

    DO(&t->b, database_create, "{\"DatabaseInput\": {\"Name\": \"other\"}}"); /* any commit */
    g = get_table(&t->a, "d");
    assert_string_equal(column(g, 0), "c3");
    json_decref(g);
    assert_int_equal(tcache_quick_hits(t->a.st), quick + 1);
}

/* The location answered for partition ["2024-01-01", "10"] of d.t through CTX. */
static char *partition_location(struct op_ctx *ctx)
{
    static const char get[] = "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
                              " \"PartitionValues\": [\"2024-01-01\", \"10\"]}";
    json_t *o = ok(ctx, partition_get, get);
    char *loc = strdup(json_string_value(json_object_get(
        json_object_get(json_object_get(o, "Partition"), "StorageDescriptor"), "Location")));
    json_decref(o);
    return loc;
}

static long answer_hits(const struct op_ctx *ctx)
{
    long hits, kept;
    size_t bytes;
    acache_counts(ctx->st, &hits, &kept, &bytes);
    return hits;
}

static void expect_location(struct op_ctx *ctx, const char *want)
{
    char *loc = partition_location(ctx);
    assert_string_equal(loc, want);
    free(loc);
}

/* GetPartition's answer is kept and handed back while nothing is committed, by either
** process; a commit of anything, anywhere, makes the next one read again. */
static void test_answer_partition_kept_until_a_commit(void **state)
{
    static const char move[] =
        "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
        " \"PartitionValueList\": [\"2024-01-01\", \"10\"], \"PartitionInput\":"
        " {\"Values\": [\"2024-01-01\", \"10\"], \"StorageDescriptor\": {\"Location\": \"%s\"}}}";
    struct two *t = *state;
    long hits;
    int i;
    DO(&t->a, database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    create_table(&t->a, "d", "c1");
    DO(&t->a, partition_create,
       "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionInput\":"
       " {\"Values\": [\"2024-01-01\", \"10\"], \"StorageDescriptor\": {\"Location\": "
       "\"s3://a/\"}}}");
    hits = answer_hits(&t->a);
    for (i = 0; i < 3; i++) /* read, then twice from the cache */
        expect_location(&t->a, "s3://a/");
    assert_int_equal(answer_hits(&t->a), hits + 2);

    DO(&t->b, partition_update, move, "s3://b/"); /* the other process */
    expect_location(&t->a, "s3://b/");
    assert_int_equal(answer_hits(&t->a), hits + 2);
    expect_location(&t->a, "s3://b/");
    assert_int_equal(answer_hits(&t->a), hits + 3);

    DO(&t->a, partition_update, move, "s3://c/"); /* this one */
    expect_location(&t->a, "s3://c/");
    expect_location(&t->a, "s3://c/");
    assert_int_equal(answer_hits(&t->a), hits + 4);

    DO(&t->b, database_create, "{\"DatabaseInput\": {\"Name\": \"other\"}}"); /* any commit */
    expect_location(&t->a, "s3://c/");
    assert_int_equal(answer_hits(&t->a), hits + 4);

    /* in a transaction of its own (which may hold writes not committed): not from the
    ** cache, and nothing kept */
    {
        struct srv_error err;
        long kept0, kept1, h;
        size_t bytes;
        acache_counts(t->a.st, &h, &kept0, &bytes);
        srv_error_init(&err);
        assert_int_equal(store_begin(t->a.st, &err), CAT_OK);
        expect_location(&t->a, "s3://c/");
        expect_location(&t->a, "s3://c/");
        store_rollback(t->a.st);
        acache_counts(t->a.st, &h, &kept1, &bytes);
        assert_int_equal(kept1, kept0);
    }
    assert_int_equal(answer_hits(&t->a), hits + 4);
    expect_location(&t->a, "s3://c/"); /* kept after the last commit: still current */
    expect_location(&t->a, "s3://c/");
    assert_int_equal(answer_hits(&t->a), hits + 6);

    DO(&t->b, partition_delete,
       "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
       " \"PartitionValues\": [\"2024-01-01\", \"10\"]}");
    {
        struct srv_error err;
        json_t *o;
        assert_int_equal(call(&t->a, partition_get, &o, &err, "%s",
                              "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
                              " \"PartitionValues\": [\"2024-01-01\", \"10\"]}"),
                         CAT_ENOTFOUND);
        assert_string_equal(err.msg, "Partition not found.");
    }
}

/* The name of the first column of partition answer O's descriptor, or "" when there is none. */
static const char *first_column(const json_t *o)
{
    const json_t *sd = json_object_get(json_object_get(o, "Partition"), "StorageDescriptor");
    const char *n = json_string_value(
        json_object_get(json_array_get(json_object_get(sd, "Columns"), 0), "Name"));
    return n ? n : "";
}

/* Partitions' presented descriptors are kept with the cached table version (a memo): a table
** dropped and made again by another process, with other columns, is presented anew. */
static void test_tcache_partition_descriptor_memo_follows_the_table(void **state)
{
    static const char get[] = "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
                              " \"PartitionValues\": [\"2024-01-01\", \"10\"]}";
    static const char add[] = "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionInput\":"
                              " {\"Values\": [\"2024-01-01\", \"10\"]}}";
    struct two *t = *state;
    int i;
    json_t *o;
    DO(&t->a, database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    create_table(&t->a, "d", "c1");
    DO(&t->a, partition_create, add);
    for (i = 0; i < 2; i++) { /* the second one is presented from the memo */
        o = OK(&t->a, partition_get, get);
        assert_string_equal(first_column(o), "c1");
        json_decref(o);
    }
    DO(&t->b, table_delete, "{\"DatabaseName\": \"d\", \"Name\": \"t\"}");
    nanosleep(&(struct timespec){0, 3 * 1000 * 1000}, NULL); /* a later creation time */
    create_table(&t->b, "d", "c9");
    DO(&t->b, partition_create, add);
    o = OK(&t->a, partition_get, get);
    assert_string_equal(first_column(o), "c9");
    json_decref(o);
}

static void test_tcache_partition_calls_see_retyping(void **state)
{
    struct two *t = *state;
    long hits, loads, kept, hits0;
    json_t *o;
    DO(&t->a, database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    create_table(&t->a, "d", "c1");
    DO(&t->a, partition_batch_create,
       "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionInputList\": ["
       "{\"Values\": [\"2024-01-01\", \"9\"]}, {\"Values\": [\"2024-01-01\", \"10\"]}]}");
    /* hr is an int: 10 > 9 */
    o = OK(&t->a, partition_list,
           "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"Expression\": \"hr > 9\"}");
    assert_int_equal(json_array_size(json_object_get(o, "Partitions")), 1);
    json_decref(o);
    counts(&t->a, &hits0, &loads, &kept);
    o = OK(&t->a, partition_get,
           "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
           " \"PartitionValues\": [\"2024-01-01\", \"10\"]}");
    assert_string_equal(str_at(json_object_get(o, "Partition"), "TableName", NULL), "t");
    json_decref(o);
    counts(&t->a, &hits, &loads, &kept);
    assert_int_equal(hits, hits0 + 1); /* the opened table came from the cache */

    /* the other process makes hr a string: "10" < "9" from now on, in this process too */
    update_table(&t->b, "", "c1", "string");
    o = OK(&t->a, partition_list,
           "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"Expression\": \"hr > 9\"}");
    assert_int_equal(json_array_size(json_object_get(o, "Partitions")), 0);
    json_decref(o);

    /* and drops the table: the partitions go with it */
    DO(&t->b, table_delete, "{\"DatabaseName\": \"d\", \"Name\": \"t\"}");
    fails(&t->a, partition_get, CAT_ENOTFOUND, "Table t not found.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
          " \"PartitionValues\": [\"2024-01-01\", \"10\"]}");
}

static void test_tcache_recreated_table_same_row_id(void **state)
{
    struct two *t = *state;
    long long id;
    json_t *g;
    DO(&t->a, database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    create_table(&t->a, "d", "c1");
    id = table_row_id(t->path);
    json_decref(get_table(&t->a, "d"));
    json_decref(OK(&t->a, partition_list, "{\"DatabaseName\": \"d\", \"TableName\": \"t\"}"));

    /* B drops and recreates it: SQLite hands out the same row id again (the highest was
    ** freed), version 0 again; the creation time differs (milliseconds) */
    DO(&t->b, table_delete, "{\"DatabaseName\": \"d\", \"Name\": \"t\"}");
    sleep_ms(3);
    create_table(&t->b, "d", "other");
    assert_int_equal(table_row_id(t->path), id);
    g = get_table(&t->a, "d");
    assert_string_equal(str_at(json_object_get(g, "Table"), "VersionId", NULL), "0");
    assert_string_equal(column(g, 0), "other");
    json_decref(g);
}

static void test_tcache_database_renamed_and_recreated(void **state)
{
    struct two *t = *state;
    json_t *g;
    DO(&t->a, database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    create_table(&t->a, "d", "c1");
    json_decref(get_table(&t->a, "d"));
    json_decref(OK(&t->a, partition_list, "{\"DatabaseName\": \"d\", \"TableName\": \"t\"}"));

    DO(&t->b, database_update, "{\"Name\": \"d\", \"DatabaseInput\": {\"Name\": \"e\"}}");
    fails(&t->a, table_get, CAT_ENOTFOUND, "Database d not found.",
          "{\"DatabaseName\": \"d\", \"Name\": \"t\"}");
    fails(&t->a, partition_list, CAT_ENOTFOUND, "Database d not found.",
          "{\"DatabaseName\": \"d\", \"TableName\": \"t\"}");
    g = get_table(&t->a, "e");
    assert_string_equal(str_at(json_object_get(g, "Table"), "DatabaseName", NULL), "e");
    json_decref(g);

    /* a new database of the old name, with a table of the same name (row ids reused) */
    DO(&t->b, database_delete, "{\"Name\": \"e\"}");
    sleep_ms(3);
    DO(&t->b, database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    create_table(&t->b, "d", "again");
    g = get_table(&t->a, "d");
    assert_string_equal(column(g, 0), "again");
    json_decref(g);
}

/* The Columns of partition VALUE's descriptor in GetPartition's answer, comma-joined. */
static const char *partition_columns(struct op_ctx *ctx, const char *value, char *buf, size_t n)
{
    json_t *o = OK(ctx, partition_get,
                   "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
                   " \"PartitionValues\": [\"2024-01-01\", \"%s\"]}",
                   value);
    const json_t *cols = json_object_get(
        json_object_get(json_object_get(o, "Partition"), "StorageDescriptor"), "Columns");
    size_t i, len = 0;
    buf[0] = '\0';
    for (i = 0; i < json_array_size(cols); i++)
        len +=
            (size_t)snprintf(buf + len, n - len, "%s%s", i ? "," : "",
                             json_string_value(json_object_get(json_array_get(cols, i), "Name")));
    json_decref(o);
    return buf;
}

/* Descriptor texts kept with a table: per descriptor row, and with or without Columns. */
static void test_tcache_descriptor_texts(void **state)
{
    struct two *t = *state;
    char buf[128];
    json_t *o;
    DO(&t->a, database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    create_table(&t->a, "d", "c1");
    DO(&t->a, partition_batch_create,
       "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionInputList\": ["
       "{\"Values\": [\"2024-01-01\", \"1\"]}]}");
    assert_string_equal(partition_columns(&t->a, "1", buf, sizeof(buf)), "c1");
    assert_string_equal(partition_columns(&t->a, "1", buf, sizeof(buf)), "c1");
    o = OK(&t->a, partition_list,
           "{\"DatabaseName\": \"d\", \"TableName\": \"t\","
           " \"ExcludeColumnSchema\": true}");
    assert_null(json_object_get(
        json_object_get(json_array_get(json_object_get(o, "Partitions"), 0), "StorageDescriptor"),
        "Columns"));
    json_decref(o);
    assert_string_equal(partition_columns(&t->a, "1", buf, sizeof(buf)), "c1");

    /* B gives the table new columns: the old descriptor row stays for partition 1, the
    ** new one serves partition 2, written by B after the update */
    update_table(&t->b, "", "c2", "int");
    DO(&t->b, partition_batch_create,
       "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionInputList\": ["
       "{\"Values\": [\"2024-01-01\", \"2\"]}]}");
    assert_string_equal(partition_columns(&t->a, "2", buf, sizeof(buf)), "c2");
    assert_string_equal(partition_columns(&t->a, "1", buf, sizeof(buf)), "c1");
    assert_string_equal(partition_columns(&t->a, "2", buf, sizeof(buf)), "c2");
    assert_string_equal(partition_columns(&t->a, "1", buf, sizeof(buf)), "c1");

    /* the reads ended their read transaction: this connection can write, and B's next
    ** write is seen */
    DO(&t->a, partition_batch_create,
       "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"PartitionInputList\": ["
       "{\"Values\": [\"2024-01-01\", \"3\"]}]}");
    update_table(&t->b, "", "c3", "int");
    o = OK(&t->a, table_get, "{\"DatabaseName\": \"d\", \"Name\": \"t\"}");
    assert_string_equal(column(o, 0), "c3");
    json_decref(o);
}

/* What a write transaction reads is used but never kept: it may roll back. */
static void test_tcache_not_filled_in_write_transaction(void **state)
{
    struct two *t = *state;
    struct srv_error err;
    struct store_ptable pt;
    long hits, loads, kept, kept0;
    json_t *tbl = json_pack("{s:s, s:f, s:f, s:[{s:s, s:s}, {s:s, s:s}]}", "Name", "t",
                            "CreateTime", 1.0, "UpdateTime", 1.0, "PartitionKeys", "Name", "dt",
                            "Type", "date", "Name", "hr", "Type", "int");
    srv_error_init(&err);
    DO(&t->a, database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    counts(&t->a, &hits, &loads, &kept0);
    assert_int_equal(store_begin(t->a.st, &err), CAT_OK);
    assert_int_equal(store_table_insert(t->a.st, CATALOG, "d", tbl, &err), CAT_OK);
    json_decref(tbl);
    assert_int_equal(store_ptable_open(t->a.st, CATALOG, "d", "t", &pt, &err), CAT_OK);
    assert_int_equal(pt.nkeys, 2);
    store_ptable_close(&pt);
    store_rollback(t->a.st);
    counts(&t->a, &hits, &loads, &kept);
    assert_int_equal(kept, kept0);
    assert_int_equal(store_ptable_open(t->a.st, CATALOG, "d", "t", &pt, &err), CAT_ENOTFOUND);
    store_ptable_close(&pt);
}

/* No jansson value crosses requests: two tables opened from the cache at once have objects of
** their own (nothing else holds a reference to them), the memo a request reads is a copy of
** the one another put, and both stay theirs; a copy given back whole is reused by the next
** request, one the caller keeps a reference to (or to a part of it) is not.  Shared, they were
** reference-counted by several threads, which ThreadSanitizer reports. */
static void test_tcache_opened_tables_and_memos_are_not_shared(void **state)
{
    struct two *t = *state;
    struct srv_error err;
    struct store_ptable p1, p2;
    long hits0, hits, loads, kept;
    json_t *put, *got, *held, *t2;
    srv_error_init(&err);
    DO(&t->a, database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    create_table(&t->a, "d", "c1");
    assert_int_equal(store_ptable_open(t->a.st, CATALOG, "d", "t", &p1, &err), CAT_OK);
    store_ptable_close(&p1); /* loaded and kept */
    counts(&t->a, &hits0, &loads, &kept);
    assert_int_equal(store_ptable_open(t->a.st, CATALOG, "d", "t", &p1, &err), CAT_OK);
    assert_int_equal(store_ptable_open(t->a.st, CATALOG, "d", "t", &p2, &err), CAT_OK);
    counts(&t->a, &hits, &loads, &kept);
    assert_int_equal(hits, hits0 + 2); /* both from the cache */
    assert_ptr_not_equal(p1.table, p2.table);
    assert_int_equal(p1.table->refcount, 1);
    assert_int_equal(p2.table->refcount, 1);
    assert_ptr_not_equal(p1.base_sd, p2.base_sd);
    assert_ptr_equal(p1.base_sd, json_object_get(p1.table, "StorageDescriptor"));
    assert_int_equal(p1.base_sd->refcount, 2); /* its table's member and P1's base */
    assert_string_equal(p2.name, "t");
    assert_ptr_equal(p2.name, json_string_value(json_object_get(p2.table, "Name")));
    assert_int_equal(p1.nkeys, 2);
    assert_int_equal(p2.types[1], p1.types[1]);

    put = json_string("presented");
    store_ptable_memo_put(t->a.st, &p1, "k", put);
    assert_int_equal(put->refcount, 1); /* the cache keeps a copy */
    got = store_ptable_memo_get(t->a.st, &p2, "k");
    assert_non_null(got);
    assert_ptr_not_equal(got, put);
    assert_int_equal(got->refcount, 1);
    assert_string_equal(json_string_value(got), "presented");
    json_decref(got);
    json_decref(put);

    /* given back whole, a copy serves the next request (moved, not shared); one that a caller
    ** still holds (or a part of it) stays the caller's */
    t2 = p2.table;
    store_ptable_close(&p2);
    assert_null(p2.table);
    held = json_incref(json_object_get(p1.table, "PartitionKeys"));
    store_ptable_close(&p1);
    assert_null(p1.table);
    json_decref(held);
    assert_int_equal(store_ptable_open(t->a.st, CATALOG, "d", "t", &p1, &err), CAT_OK);
    assert_ptr_equal(p1.table, t2); /* not P1's: the last one given back comes first */
    assert_int_equal(p1.table->refcount, 1);
    assert_string_equal(p1.name, "t");
    held = json_incref(p1.table);
    store_ptable_close(&p1);
    assert_int_equal(held->refcount, 1); /* the caller's alone now */
    assert_int_equal(store_ptable_open(t->a.st, CATALOG, "d", "t", &p2, &err), CAT_OK);
    assert_ptr_not_equal(p2.table, held);
    assert_int_equal(p2.table->refcount, 1);
    store_ptable_close(&p2);
    json_decref(held);
}

/* Readers in this process never see a version older than one the other process had
** committed before the read began: of the table (GetTable, an opened table) nor of a
** partition (GetPartition, whose answer is kept while nothing is committed). */
#define PARTITION_AT                                                                               \
    "{\"DatabaseName\": \"d\", \"TableName\": \"t\", \"%s\": {\"Values\": [\"2024-01-01\", "       \
    "\"10\"],"                                                                                     \
    " \"StorageDescriptor\": {\"Location\": \"s3://x/%d/\"}}}"
#define READS_MAX 20000 /* reads of all readers together: a bound, not the expected count */

struct race {
    struct two *t;
    struct store_pool *pool;
    volatile long committed; /* the version B last committed */
    volatile int done;
    int bad, reads;
};

static void *reader(void *arg)
{
    struct race *r = arg;
    struct srv_error err;
    struct op_ctx ctx;
    srv_error_init(&err);
    ctx.catalog_id = CATALOG;
    ctx.st = store_acquire(r->pool, &err);
    /* until the writer is done, or bounded in count (valgrind runs one thread at a time) */
    while (!__atomic_load_n(&r->done, __ATOMIC_ACQUIRE) &&
           __atomic_load_n(&r->reads, __ATOMIC_RELAXED) < READS_MAX) {
        long before = __atomic_load_n(&r->committed, __ATOMIC_ACQUIRE);
        struct store_ptable pt;
        json_t *g = get_table(&ctx, "d");
        long v = strtol(str_at(json_object_get(g, "Table"), "VersionId", NULL), NULL, 10);
        if (v < before)
            __atomic_add_fetch(&r->bad, 1, __ATOMIC_RELAXED);
        json_decref(g);
        if (store_ptable_open(ctx.st, CATALOG, "d", "t", &pt, &err) != CAT_OK ||
            strtol(json_string_value(json_object_get(pt.table, "VersionId")), NULL, 10) < before)
            __atomic_add_fetch(&r->bad, 1, __ATOMIC_RELAXED);
        store_ptable_close(&pt);
        {
            char *loc = partition_location(&ctx); /* s3://x/<version>/ */
            if (strncmp(loc, "s3://x/", 7) != 0 || strtol(loc + 7, NULL, 10) < before)
                __atomic_add_fetch(&r->bad, 1, __ATOMIC_RELAXED);
            free(loc);
        }
        __atomic_add_fetch(&r->reads, 1, __ATOMIC_RELAXED);
        nanosleep(&(struct timespec){0, 100 * 1000}, NULL); /* let the writer run (valgrind
                                                             ** runs one thread at a time) */
    }
    store_return(r->pool, ctx.st);
    return NULL;
}

static void test_tcache_concurrent_readers_see_every_commit(void **state)
{
    struct two *t = *state;
    struct race r;
    pthread_t th[2];
    long hits, loads, kept;
    int i;
    memset(&r, 0, sizeof(r));
    r.t = t;
    r.pool = t->pa;
    DO(&t->a, database_create, "{\"DatabaseInput\": {\"Name\": \"d\"}}");
    create_table(&t->a, "d", "c1");
    DO(&t->a, partition_create, PARTITION_AT, "PartitionInput", 0);
    for (i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, reader, &r), 0);
    for (i = 1; i <= 40; i++) {
        char extra[64];
        snprintf(extra, sizeof(extra), "\"Parameters\": {\"n\": \"%d\"},", i);
        update_table(&t->b, extra, "c1", i % 2 ? "int" : "string");
        DO(&t->b, partition_update, PARTITION_AT,
           "PartitionValueList\": [\"2024-01-01\", \"10\"], \"PartitionInput", i);
        __atomic_store_n(&r.committed, (long)i, __ATOMIC_RELEASE);
        sleep_ms(1);
    }
    sleep_ms(5);
    __atomic_store_n(&r.done, 1, __ATOMIC_RELEASE);
    for (i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    assert_int_equal(r.bad, 0);
    assert_true(r.reads > 0);
    counts(&t->a, &hits, &loads, &kept);
    assert_true(hits > 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_tcache_gettable_hits_and_sees_updates),
        T(test_tcache_gettable_quick_until_a_commit),
        T(test_answer_partition_kept_until_a_commit),
        T(test_tcache_partition_calls_see_retyping),
        T(test_tcache_partition_descriptor_memo_follows_the_table),
        T(test_tcache_recreated_table_same_row_id),
        T(test_tcache_database_renamed_and_recreated),
        T(test_tcache_descriptor_texts),
        T(test_tcache_not_filled_in_write_transaction),
        T(test_tcache_opened_tables_and_memos_are_not_shared),
        T(test_tcache_concurrent_readers_see_every_commit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
