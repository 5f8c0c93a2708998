/* test_client.c -- libcatalog end to end: every call against a live catalogd (started here as
** a child process on port 0), iterators with paging and segments, error codes, transport
** errors against a local listener, and the SigV4 signature checked by botocore.
**
** Usage: test_client CATALOGD_BINARY   (run from the repository root)
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <arpa/inet.h>
#include <errno.h>
#include <ftw.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"

/* Fail with what the server said (cf. libgit2's cl_git_pass). */
#define assert_cat_ok(client, expr)                                                                \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != CAT_OK)                                                                         \
            fail_msg("%s -> %s: %s", #expr, cat_strerror(rc_), cat_errmsg(client));                \
    } while (0)

/* Expect code CODE from EXPR. */
#define assert_cat_code(client, code, expr)                                                        \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != (code))                                                                         \
            fail_msg("%s -> %d (%s: %s), expected %s", #expr, rc_, cat_strerror(rc_),              \
                     cat_errmsg(client), #code);                                                   \
    } while (0)

static const char *catalogd = "build/catalogd";
static pid_t server_pid;
static char tmpdir[] = "/tmp/catalog-client-XXXXXX";
static char endpoint[64];
static int counter;

/* ------------------------------------------------------------------------------------------
** The server
*/

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static int group_setup(void **state)
{
    char db[128], log[128], line[512];
    int i, port = 0;
    (void)state;
    /* the tests decide about credentials and endpoints themselves */
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    unsetenv("AWS_SESSION_TOKEN");
    unsetenv("CATALOG_ENDPOINT");
    if (mkdtemp(tmpdir) == NULL)
        return -1;
    snprintf(db, sizeof(db), "%s/catalog.db", tmpdir);
    snprintf(log, sizeof(log), "%s/catalogd.log", tmpdir);
    if ((server_pid = fork()) < 0)
        return -1;
    if (server_pid == 0) {
        FILE *f = freopen(log, "w", stderr);
        if (f == NULL)
            _exit(127);
        execl(catalogd, catalogd, "--listen", "127.0.0.1:0", "--db", db, (char *)NULL);
        _exit(127);
    }
    for (i = 0; i < 200 && port == 0; i++) { /* up to 10 s */
        FILE *f = fopen(log, "r");
        while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
            const char *p = strstr(line, "listening on http://127.0.0.1:");
            if (p != NULL)
                port = (int)strtol(p + strlen("listening on http://127.0.0.1:"), NULL, 10);
        }
        if (f != NULL)
            fclose(f);
        if (port == 0)
            usleep(50000);
    }
    if (port == 0) {
        fprintf(stderr, "catalogd did not start (log in %s)\n", log);
        return -1;
    }
    snprintf(endpoint, sizeof(endpoint), "http://127.0.0.1:%d", port);
    return 0;
}

static int group_teardown(void **state)
{
    int status = 0;
    (void)state;
    kill(server_pid, SIGTERM);
    if (waitpid(server_pid, &status, 0) != server_pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        fprintf(stderr, "catalogd did not exit with status 0 (status %d); log in %s\n", status,
                tmpdir);
        return -1;
    }
    nftw(tmpdir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
    return 0;
}

/* A client for the live server; the test frees it. */
static cat_client *client(void)
{
    cat_client *c = NULL;
    assert_int_equal(cat_client_new(&c, endpoint), CAT_OK);
    assert_non_null(c);
    return c;
}

/* A fresh lower-case name. */
static const char *uname(char *buf, size_t size, const char *prefix)
{
    snprintf(buf, size, "%s_%d_%d", prefix, (int)getpid(), ++counter);
    return buf;
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (s == NULL)
        fail_msg("member %s missing or not a string", key);
    return s;
}

/* A partitioned Parquet table: columns id, amount; keys dt (date), region (string). */
static const cat_column cols[] = {{"id", "bigint", "the id"}, {"amount", "double", NULL}};
static const cat_column pkeys[] = {{"dt", "date", NULL}, {"region", "string", NULL}};
static const cat_param tparams[] = {{"classification", "parquet"}};

static cat_table_input table_input(const char *name)
{
    cat_table_input t = CAT_TABLE_INPUT_INIT;
    t.name = name;
    t.table_type = "EXTERNAL_TABLE";
    t.columns = cols;
    t.ncolumns = 2;
    t.partition_keys = pkeys;
    t.npartition_keys = 2;
    t.location = "s3://bucket/sales/";
    t.format = CAT_FORMAT_PARQUET;
    t.parameters = tparams;
    t.nparameters = 1;
    return t;
}

static void make_db(cat_client *c, const char *db)
{
    cat_database_input d = CAT_DATABASE_INPUT_INIT;
    d.name = db;
    assert_cat_ok(c, cat_database_create(c, &d));
}

/* ------------------------------------------------------------------------------------------
** Databases
*/

static void test_database_create_get_update_list_delete(void **state)
{
    cat_client *c = client();
    char name[64], renamed[64];
    static const cat_param p[] = {{"owner", "Team A"}};
    cat_database_input in = CAT_DATABASE_INPUT_INIT;
    json_t *db = NULL;
    cat_iter *it = NULL;
    const json_t *item;
    int rc, seen = 0;
    (void)state;

    in.description = "first";
    in.location_uri = "s3://bucket/db/";
    in.parameters = p;
    in.nparameters = 1;
    in.name = uname(name, sizeof(name), "db");
    assert_cat_ok(c, cat_database_create(c, &in));
    assert_string_equal(cat_errmsg(c), "");
    assert_cat_code(c, CAT_EEXISTS, cat_database_create(c, &in));
    assert_string_equal(cat_errtype(c), "AlreadyExistsException");
    assert_true(strstr(cat_errmsg(c), "already exists") != NULL);

    assert_cat_ok(c, cat_database_get(&db, c, name));
    assert_string_equal(str(db, "Name"), name);
    assert_string_equal(str(db, "Description"), "first");
    assert_string_equal(str(db, "LocationUri"), "s3://bucket/db/");
    assert_string_equal(str(json_object_get(db, "Parameters"), "owner"), "Team A");
    json_decref(db);

    in.description = "second";
    assert_cat_ok(c, cat_database_update(c, name, &in));
    assert_cat_ok(c, cat_database_get(&db, c, name));
    assert_string_equal(str(db, "Description"), "second");
    json_decref(db);

    assert_cat_ok(c, cat_iter_databases(&it, c));
    assert_cat_ok(c, cat_iter_set_page_size(it, 1)); /* one database per page: follows tokens */
    while ((rc = cat_iter_next(&item, it)) == CAT_OK)
        seen += strcmp(str(item, "Name"), name) == 0;
    assert_int_equal(rc, CAT_ITEROVER);
    assert_null(item);
    assert_int_equal(cat_iter_set_page_size(it, 5), CAT_EINVAL); /* too late */
    cat_iter_free(it);
    assert_int_equal(seen, 1);

    /* a new name renames */
    in.name = uname(renamed, sizeof(renamed), "db");
    assert_cat_ok(c, cat_database_update(c, name, &in));
    assert_cat_code(c, CAT_ENOTFOUND, cat_database_get(&db, c, name));
    assert_null(db);
    assert_cat_ok(c, cat_database_delete(c, renamed));
    assert_cat_code(c, CAT_ENOTFOUND, cat_database_get(&db, c, renamed));
    assert_string_equal(cat_errtype(c), "EntityNotFoundException");
    assert_cat_code(c, CAT_ENOTFOUND, cat_database_delete(c, renamed));
    assert_cat_code(c, CAT_ENOTFOUND, cat_database_update(c, renamed, &in));
    cat_client_free(c);
}

/* ------------------------------------------------------------------------------------------
** Tables
*/

static void test_table_create_get_update_versions_delete(void **state)
{
    cat_client *c = client();
    char db[64], name[64], other[64];
    cat_table_input t;
    json_t *tbl = NULL, *sd, *resp = NULL, *req;
    cat_iter *it = NULL;
    const json_t *item;
    int rc, n = 0;
    (void)state;

    make_db(c, uname(db, sizeof(db), "db"));
    t = table_input(uname(name, sizeof(name), "sales"));
    assert_cat_ok(c, cat_table_create(c, db, &t));
    assert_cat_code(c, CAT_EEXISTS, cat_table_create(c, db, &t));
    assert_cat_code(c, CAT_ENOTFOUND, cat_table_create(c, "no_such_db_x", &t));

    assert_cat_ok(c, cat_table_get(&tbl, c, db, name));
    assert_string_equal(str(tbl, "Name"), name);
    assert_string_equal(str(tbl, "DatabaseName"), db);
    assert_string_equal(str(tbl, "VersionId"), "0");
    assert_string_equal(str(tbl, "TableType"), "EXTERNAL_TABLE");
    sd = json_object_get(tbl, "StorageDescriptor");
    assert_string_equal(str(sd, "Location"), "s3://bucket/sales/");
    assert_string_equal(str(sd, "InputFormat"),
                        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
    assert_string_equal(str(json_object_get(sd, "SerdeInfo"), "SerializationLibrary"),
                        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
    assert_int_equal(json_array_size(json_object_get(sd, "Columns")), 2);
    assert_string_equal(str(json_array_get(json_object_get(sd, "Columns"), 0), "Comment"),
                        "the id");
    assert_int_equal(json_array_size(json_object_get(tbl, "PartitionKeys")), 2);
    assert_string_equal(str(json_array_get(json_object_get(tbl, "PartitionKeys"), 0), "Type"),
                        "date");
    json_decref(tbl);

    /* compare-and-swap on VersionId */
    t.description = "v1";
    assert_cat_ok(c, cat_table_update(c, db, &t, "0"));
    t.description = "stale";
    assert_cat_code(c, CAT_ECONCURRENT, cat_table_update(c, db, &t, "0"));
    assert_string_equal(cat_errtype(c), "ConcurrentModificationException");
    assert_cat_ok(c, cat_table_get(&tbl, c, db, name));
    assert_string_equal(str(tbl, "VersionId"), "1");
    assert_string_equal(str(tbl, "Description"), "v1");
    json_decref(tbl);
    t.description = "v2";
    assert_cat_ok(c, cat_table_update(c, db, &t, NULL)); /* unconditional */

    /* the generic call, for an operation without a typed wrapper */
    req = json_pack("{s:s, s:s}", "DatabaseName", db, "TableName", name);
    assert_cat_ok(c, cat_call(&resp, c, "GetTableVersions", req));
    assert_int_equal(json_array_size(json_object_get(resp, "TableVersions")), 3);
    json_decref(resp);
    assert_cat_code(c, CAT_EUNKNOWNOP, cat_call(&resp, c, "NoSuchOperation", req));
    assert_null(resp);
    assert_string_equal(cat_errtype(c), "UnknownOperationException");
    json_decref(req);

    /* GetTables through the iterator, with a name pattern and pages of one */
    t.name = uname(other, sizeof(other), "tmp");
    assert_cat_ok(c, cat_table_create(c, db, &t));
    assert_cat_ok(c, cat_iter_tables(&it, c, db, NULL));
    assert_cat_ok(c, cat_iter_set_page_size(it, 1));
    while ((rc = cat_iter_next(&item, it)) == CAT_OK)
        n++;
    assert_int_equal(rc, CAT_ITEROVER);
    cat_iter_free(it);
    assert_int_equal(n, 2);
    assert_cat_ok(c, cat_iter_tables(&it, c, db, "tmp_*"));
    assert_cat_ok(c, cat_iter_next(&item, it));
    assert_string_equal(str(item, "Name"), other);
    assert_int_equal(cat_iter_next(&item, it), CAT_ITEROVER);
    cat_iter_free(it);

    assert_cat_ok(c, cat_table_delete(c, db, name));
    assert_cat_code(c, CAT_ENOTFOUND, cat_table_get(&tbl, c, db, name));
    assert_cat_code(c, CAT_ENOTFOUND, cat_table_delete(c, db, name));
    t.name = name;
    assert_cat_code(c, CAT_ENOTFOUND, cat_table_update(c, db, &t, NULL));
    assert_cat_code(c, CAT_ENOTFOUND, cat_table_update(c, "no_such_db_x", &t, NULL));
    assert_cat_ok(c, cat_database_delete(c, db));
    cat_client_free(c);
}

/* ------------------------------------------------------------------------------------------
** Partitions
*/

#define NPART 250

/* Values for partition I: a date (one per day from 2024-01-01) and one of three regions. */
static void part_values(int i, char date[16], const char *vals[2])
{
    struct tm tm = {0};
    time_t t;
    tm.tm_year = 124;
    tm.tm_mday = 1 + i / 3;
    tm.tm_hour = 12;
    t = timegm(&tm);
    strftime(date, 16, "%Y-%m-%d", gmtime_r(&t, &tm));
    vals[0] = date;
    vals[1] = i % 3 == 0 ? "eu" : i % 3 == 1 ? "us" : "ap";
}

static void add_partitions(cat_client *c, const char *db, const char *name,
                           const cat_table_input *t)
{
    static char dates[NPART][16], locs[NPART][64];
    static const char *vals[NPART][2];
    cat_partition_input in[NPART];
    const cat_partition_input *list[NPART]; /* batches take pointers */
    json_t *resp = NULL;
    int i, done;
    for (i = 0; i < NPART; i++) {
        in[i] = (cat_partition_input)CAT_PARTITION_INPUT_INIT;
        list[i] = &in[i];
        part_values(i, dates[i], vals[i]);
        snprintf(locs[i], sizeof(locs[i]), "s3://bucket/sales/dt=%s/region=%s/", vals[i][0],
                 vals[i][1]);
        in[i].values.values = vals[i];
        in[i].values.nvalues = 2;
        in[i].location = locs[i];
        in[i].like = t;
    }
    /* the first one alone, the rest in batches of 100 (AWS Glue's limit) */
    assert_cat_ok(c, cat_partition_create(c, db, name, &in[0]));
    assert_cat_code(c, CAT_EEXISTS, cat_partition_create(c, db, name, &in[0]));
    for (done = 1; done < NPART; done += 100) {
        size_t n = NPART - done < 100 ? (size_t)(NPART - done) : 100;
        assert_cat_ok(c, cat_partition_batch_create(&resp, c, db, name, &list[done], n));
        assert_int_equal(json_array_size(json_object_get(resp, "Errors")), 0);
        json_decref(resp);
    }
    /* entries fail one by one */
    assert_cat_ok(c, cat_partition_batch_create(&resp, c, db, name, &list[5], 2));
    assert_int_equal(json_array_size(json_object_get(resp, "Errors")), 2);
    assert_string_equal(
        str(json_object_get(json_array_get(json_object_get(resp, "Errors"), 0), "ErrorDetail"),
            "ErrorCode"),
        "AlreadyExistsException");
    json_decref(resp);
    assert_cat_ok(c, cat_partition_batch_create(NULL, c, db, name, &list[7], 1));
}

/* Count the partitions of DB.NAME matching EXPR through the iterator, in pages of PAGE. */
static int count_partitions(cat_client *c, const char *db, const char *name, const char *expr,
                            int page)
{
    cat_iter *it = NULL;
    const json_t *item;
    int rc, n = 0;
    assert_cat_ok(c, cat_iter_partitions(&it, c, db, name, expr, 0, 1));
    if (page > 0)
        assert_cat_ok(c, cat_iter_set_page_size(it, page));
    while ((rc = cat_iter_next(&item, it)) == CAT_OK) {
        assert_int_equal(json_array_size(json_object_get(item, "Values")), 2);
        n++;
    }
    assert_cat_code(c, CAT_ITEROVER, rc);
    cat_iter_free(it);
    return n;
}

static void test_partition_calls(void **state)
{
    cat_client *c = client();
    char db[64], name[64], date[16];
    const char *vals[2], *moved_vals[2] = {"2030-01-01", "eu"}, *missing[2] = {"1999-01-01", "x"};
    cat_table_input t;
    cat_partition_input up = CAT_PARTITION_INPUT_INIT;
    cat_values keys[3];
    json_t *p = NULL, *resp = NULL;
    (void)state;

    make_db(c, uname(db, sizeof(db), "db"));
    t = table_input(uname(name, sizeof(name), "sales"));
    assert_cat_ok(c, cat_table_create(c, db, &t));
    add_partitions(c, db, name, &t);

    /* GetPartition: values, location, the descriptor copied from the table */
    part_values(10, date, vals);
    keys[0].values = vals;
    keys[0].nvalues = 2;
    assert_cat_ok(c, cat_partition_get(&p, c, db, name, keys[0]));
    assert_string_equal(json_string_value(json_array_get(json_object_get(p, "Values"), 0)), date);
    assert_string_equal(str(json_object_get(p, "StorageDescriptor"), "Location"),
                        "s3://bucket/sales/dt=2024-01-04/region=us/");
    assert_string_equal(str(json_object_get(p, "StorageDescriptor"), "OutputFormat"),
                        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
    json_decref(p);
    keys[1].values = missing;
    keys[1].nvalues = 2;
    assert_cat_code(c, CAT_ENOTFOUND, cat_partition_get(&p, c, db, name, keys[1]));
    assert_null(p);
    assert_cat_code(c, CAT_ENOTFOUND, cat_partition_get(&p, c, db, "no_such_table", keys[0]));

    /* BatchGetPartition leaves missing partitions out */
    assert_cat_ok(c, cat_partition_batch_get(&resp, c, db, name, keys, 2));
    assert_int_equal(json_array_size(json_object_get(resp, "Partitions")), 1);
    json_decref(resp);

    /* UpdatePartition may move a partition to new values */
    up.values.values = moved_vals;
    up.values.nvalues = 2;
    up.location = "s3://bucket/moved/";
    assert_cat_ok(c, cat_partition_update(c, db, name, keys[0], &up));
    assert_cat_code(c, CAT_ENOTFOUND, cat_partition_get(&p, c, db, name, keys[0]));
    assert_cat_ok(c, cat_partition_get(&p, c, db, name, up.values));
    assert_string_equal(str(json_object_get(p, "StorageDescriptor"), "Location"),
                        "s3://bucket/moved/");
    json_decref(p);
    assert_cat_code(c, CAT_ENOTFOUND, cat_partition_update(c, db, name, keys[1], &up));

    /* listings: everything in pages of 7, expressions */
    assert_int_equal(count_partitions(c, db, name, NULL, 7), NPART);
    assert_int_equal(count_partitions(c, db, name, NULL, 0), NPART);
    assert_int_equal(count_partitions(c, db, name, "region = 'eu'", 10), 85); /* 84 + moved */
    assert_int_equal(count_partitions(c, db, name, "dt BETWEEN '2024-01-01' AND '2024-01-10'", 4),
                     29); /* 30, less the one moved */
    assert_int_equal(count_partitions(c, db, name, "dt > '2029-12-31'", 4), 1);

    /* DeletePartition and BatchDeletePartition */
    assert_cat_ok(c, cat_partition_delete(c, db, name, up.values));
    assert_cat_code(c, CAT_ENOTFOUND, cat_partition_delete(c, db, name, up.values));
    keys[0] = up.values; /* now gone: reported in Errors */
    part_values(0, date, vals);
    keys[1].values = vals;
    assert_cat_ok(c, cat_partition_batch_delete(&resp, c, db, name, keys, 2));
    assert_int_equal(json_array_size(json_object_get(resp, "Errors")), 1);
    json_decref(resp);
    assert_int_equal(count_partitions(c, db, name, NULL, 100), NPART - 2);
    assert_cat_code(c, CAT_ENOTFOUND, cat_partition_batch_delete(NULL, c, db, "nope", keys, 1));

    assert_cat_ok(c, cat_database_delete(c, db));
    cat_client_free(c);
}

/* ------------------------------------------------------------------------------------------
** Column statistics (catalogd's batch call) and user-defined functions
*/

/* A LONG ColumnStatistics of COLUMN with MAX as its maximum, as a new reference. */
static json_t *long_stats(const char *column, long max)
{
    return json_pack("{s:s, s:s, s:i, s:{s:s, s:{s:i, s:I, s:i, s:i}}}", "ColumnName", column,
                     "ColumnType", "bigint", "AnalyzedTime", 1717200000, "StatisticsData", "Type",
                     "LONG", "LongColumnStatisticsData", "MinimumValue", 0, "MaximumValue",
                     (json_int_t)max, "NumberOfNulls", 0, "NumberOfDistinctValues", 3);
}

static void test_column_statistics_batch(void **state)
{
    cat_client *c = client();
    char db[64], name[64];
    const char *v0[] = {"2024-01-01", "eu"}, *v1[] = {"2024-01-02", "us"},
               *gone[] = {"1999-01-01", "x"};
    cat_values keys[3] = {{v0, 2}, {v1, 2}, {gone, 2}};
    cat_partition_input p = CAT_PARTITION_INPUT_INIT;
    cat_table_input t;
    json_t *s0 = json_pack("[o]", long_stats("id", 10)); /* owned */
    json_t *s1 = json_pack("[o, o]", long_stats("id", 20), long_stats("no_such_column", 1));
    const json_t *stats[3];
    json_t *resp = NULL, *req, *got = NULL, *errors;
    json_int_t max = 0;
    (void)state;

    make_db(c, uname(db, sizeof(db), "db"));
    t = table_input(uname(name, sizeof(name), "stats"));
    assert_cat_ok(c, cat_table_create(c, db, &t));
    p.like = &t;
    p.values = keys[0];
    assert_cat_ok(c, cat_partition_create(c, db, name, &p));
    p.values = keys[1];
    assert_cat_ok(c, cat_partition_create(c, db, name, &p));

    /* two partitions in one call; an unknown column and a missing partition fail alone */
    stats[0] = s0, stats[1] = s1, stats[2] = s0;
    assert_cat_ok(c, cat_column_statistics_update_batch(&resp, c, db, name, keys, stats, 3));
    errors = json_object_get(resp, "Errors");
    assert_int_equal(json_array_size(errors), 2);
    assert_string_equal(
        str(json_object_get(json_array_get(errors, 0), "ColumnStatistics"), "ColumnName"),
        "no_such_column");
    assert_string_equal(str(json_object_get(json_array_get(errors, 0), "Error"), "ErrorCode"),
                        "EntityNotFoundException");
    assert_string_equal(json_string_value(json_array_get(
                            json_object_get(json_array_get(errors, 1), "PartitionValues"), 0)),
                        "1999-01-01");
    assert_null(json_object_get(json_array_get(errors, 1), "ColumnStatistics"));
    json_decref(resp);

    /* what was written reads back through cat_call */
    req = json_pack("{s:s, s:s, s:[s, s], s:[s]}", "DatabaseName", db, "TableName", name,
                    "PartitionValues", v1[0], v1[1], "ColumnNames", "id");
    assert_cat_ok(c, cat_call(&got, c, "GetColumnStatisticsForPartition", req));
    json_decref(req);
    assert_int_equal(json_unpack(got, "{s:[{s:{s:{s:I}}}]}", "ColumnStatisticsList",
                                 "StatisticsData", "LongColumnStatisticsData", "MaximumValue",
                                 &max),
                     0);
    assert_int_equal(max, 20);
    json_decref(got);

    /* OUT is optional; bad arguments are refused before anything is sent */
    assert_cat_ok(c, cat_column_statistics_update_batch(NULL, c, db, name, keys, stats, 1));
    stats[1] = json_object_get(s0, "nope"); /* NULL: not an array */
    assert_cat_code(c, CAT_EINVAL,
                    cat_column_statistics_update_batch(&resp, c, db, name, keys, stats, 2));
    assert_null(resp);
    assert_string_equal(cat_errmsg(c), "Entries[1]: the statistics must be a JSON array");
    assert_cat_code(c, CAT_EINVAL,
                    cat_column_statistics_update_batch(NULL, c, db, NULL, keys, stats, 1));
    assert_string_equal(cat_errmsg(c), "cat_column_statistics_update_batch: database, table, "
                                       "values and statistics are required");
    assert_cat_code(c, CAT_ENOTFOUND,
                    cat_column_statistics_update_batch(NULL, c, db, "no_table", keys, stats, 1));

    json_decref(s0);
    json_decref(s1);
    assert_cat_ok(c, cat_database_delete(c, db));
    cat_client_free(c);
}

static void test_function_calls(void **state)
{
    static const cat_resource_uri jars[] = {{"JAR", "s3://bucket/udfs/upper.jar"},
                                            {"FILE", "s3://bucket/udfs/words.txt"}};
    cat_client *c = client();
    char db[64], other[64];
    cat_function_input f = CAT_FUNCTION_INPUT_INIT, bad;
    cat_iter *it = NULL;
    const json_t *item;
    json_t *fn = NULL, *j = NULL;
    int rc, n = 0;
    (void)state;

    make_db(c, uname(db, sizeof(db), "db"));
    make_db(c, uname(other, sizeof(other), "db"));
    assert_int_equal(f.version, CAT_FUNCTION_INPUT_VERSION);
    f.name = "Trino__Upper"; /* folded like table names */
    f.class_name = "com.example.Upper";
    f.owner = "alice";
    f.owner_type = "USER";
    f.resource_uris = jars;
    f.nresource_uris = 2;
    assert_cat_ok(c, cat_function_create(c, db, &f));
    assert_cat_code(c, CAT_EEXISTS, cat_function_create(c, db, &f));
    assert_cat_code(c, CAT_ENOTFOUND, cat_function_create(c, "no_such_db", &f));

    assert_cat_ok(c, cat_function_get(&fn, c, db, "TRINO__UPPER"));
    assert_string_equal(str(fn, "FunctionName"), "trino__upper");
    assert_string_equal(str(fn, "ClassName"), "com.example.Upper");
    assert_string_equal(str(fn, "OwnerName"), "alice");
    assert_string_equal(str(fn, "OwnerType"), "USER");
    assert_int_equal(json_array_size(json_object_get(fn, "ResourceUris")), 2);
    assert_string_equal(str(json_array_get(json_object_get(fn, "ResourceUris"), 1), "ResourceType"),
                        "FILE");
    assert_string_equal(str(json_array_get(json_object_get(fn, "ResourceUris"), 0), "Uri"),
                        "s3://bucket/udfs/upper.jar");
    json_decref(fn);
    assert_cat_code(c, CAT_ENOTFOUND, cat_function_get(&fn, c, db, "nope"));
    assert_null(fn);

    /* update renames; the listing follows NextToken over both databases */
    f.name = "trino__lower";
    f.class_name = "com.example.Lower";
    f.nresource_uris = 0;
    assert_cat_ok(c, cat_function_update(c, db, "trino__upper", &f));
    assert_cat_code(c, CAT_ENOTFOUND, cat_function_get(&fn, c, db, "trino__upper"));
    assert_cat_ok(c, cat_function_get(&fn, c, db, "trino__lower"));
    assert_string_equal(str(fn, "ClassName"), "com.example.Lower");
    json_decref(fn);
    f.name = "trino__a";
    assert_cat_ok(c, cat_function_create(c, db, &f));
    f.name = "spark_b";
    assert_cat_ok(c, cat_function_create(c, other, &f));
    assert_cat_ok(c, cat_iter_functions(&it, c, db, "trino__*"));
    assert_cat_ok(c, cat_iter_set_page_size(it, 1));
    while ((rc = cat_iter_next(&item, it)) == CAT_OK)
        assert_string_equal(str(item, "FunctionName"), n++ == 0 ? "trino__a" : "trino__lower");
    assert_cat_code(c, CAT_ITEROVER, rc);
    assert_int_equal(n, 2);
    cat_iter_free(it);
    assert_cat_ok(c, cat_iter_functions(&it, c, NULL, "spark_*"));
    assert_cat_ok(c, cat_iter_next(&item, it));
    assert_string_equal(str(item, "DatabaseName"), other);
    assert_cat_code(c, CAT_ITEROVER, cat_iter_next(&item, it));
    cat_iter_free(it);
    assert_cat_code(c, CAT_EINVAL, cat_iter_functions(&it, c, db, NULL));
    assert_string_equal(cat_errmsg(c), "cat_iter_functions: out and pattern are required");

    /* versioned like the other inputs; a resource without a URI is refused here */
    bad = f;
    bad.version = 0;
    assert_int_equal(cat_function_input_json(&j, &bad), CAT_EINVAL);
    assert_cat_code(c, CAT_EINVAL, cat_function_create(c, db, &bad));
    assert_non_null(strstr(cat_errmsg(c), "FunctionInput: cat_function_input has version 0"));
    assert_non_null(strstr(cat_errmsg(c), "CAT_FUNCTION_INPUT_INIT"));
    bad.version = CAT_FUNCTION_INPUT_VERSION + 1;
    assert_cat_code(c, CAT_EINVAL, cat_function_update(c, db, "trino__a", &bad));
    bad = f;
    bad.resource_uris = (const cat_resource_uri[]){{"JAR", NULL}};
    bad.nresource_uris = 1;
    assert_int_equal(cat_function_input_json(&j, &bad), CAT_EINVAL);
    assert_null(j);
    assert_int_equal(cat_function_input_json(&j, &f), CAT_OK);
    assert_string_equal(str(j, "FunctionName"), "spark_b");
    assert_null(json_object_get(j, "ResourceUris"));
    json_decref(j);

    assert_cat_ok(c, cat_function_delete(c, db, "trino__a"));
    assert_cat_code(c, CAT_ENOTFOUND, cat_function_delete(c, db, "trino__a"));
    /* functions go with their database */
    assert_cat_ok(c, cat_database_delete(c, db));
    assert_cat_code(c, CAT_ENOTFOUND, cat_function_get(&fn, c, db, "trino__lower"));
    assert_cat_ok(c, cat_database_delete(c, other));
    cat_client_free(c);
}

/* One thread's share of a segmented listing. */
struct seg_job {
    cat_client *c; /* owned by the job */
    const char *db, *table;
    int segment, total, count, rc;
    char (*seen)[32]; /* the Values of each partition found, as "dt/region" */
};

static void *list_segment(void *arg)
{
    struct seg_job *j = arg;
    cat_iter *it = NULL;
    const json_t *item;
    j->rc = cat_iter_partitions(&it, j->c, j->db, j->table, NULL, j->segment, j->total);
    if (j->rc == CAT_OK)
        j->rc = cat_iter_set_page_size(it, 9);
    while (j->rc == CAT_OK && (j->rc = cat_iter_next(&item, it)) == CAT_OK) {
        const json_t *v = json_object_get(item, "Values");
        snprintf(j->seen[j->count++], 32, "%s/%s", json_string_value(json_array_get(v, 0)),
                 json_string_value(json_array_get(v, 1)));
    }
    cat_iter_free(it);
    return NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void test_partition_segments_in_threads(void **state)
{
    enum { SEGS = 4 };
    static char seen[SEGS][NPART][32], all[SEGS * NPART][32];
    cat_client *c = client();
    char db[64], name[64];
    cat_table_input t;
    struct seg_job jobs[SEGS];
    pthread_t th[SEGS];
    int i, k, total = 0;
    cat_iter *it = NULL;
    (void)state;

    make_db(c, uname(db, sizeof(db), "db"));
    t = table_input(uname(name, sizeof(name), "seg"));
    assert_cat_ok(c, cat_table_create(c, db, &t));
    add_partitions(c, db, name, &t);

    for (i = 0; i < SEGS; i++) {
        memset(&jobs[i], 0, sizeof(jobs[i]));
        assert_cat_ok(c, cat_client_dup(&jobs[i].c, c));
        jobs[i].db = db;
        jobs[i].table = name;
        jobs[i].segment = i;
        jobs[i].total = SEGS;
        jobs[i].seen = seen[i];
        assert_int_equal(pthread_create(&th[i], NULL, list_segment, &jobs[i]), 0);
    }
    for (i = 0; i < SEGS; i++) {
        pthread_join(th[i], NULL);
        if (jobs[i].rc != CAT_ITEROVER)
            fail_msg("segment %d: %s: %s", i, cat_strerror(jobs[i].rc), cat_errmsg(jobs[i].c));
        cat_client_free(jobs[i].c);
        assert_true(jobs[i].count > 0);
        for (k = 0; k < jobs[i].count; k++)
            memcpy(all[total++], seen[i][k], 32);
    }
    /* disjoint and covering */
    assert_int_equal(total, NPART);
    qsort(all, (size_t)total, 32, cmp_str);
    for (k = 1; k < total; k++)
        if (strcmp(all[k - 1], all[k]) == 0)
            fail_msg("partition %s listed twice", all[k]);

    assert_int_equal(cat_iter_partitions(&it, c, db, name, NULL, 4, 4), CAT_EINVAL);
    assert_null(it);
    assert_cat_ok(c, cat_database_delete(c, db));
    cat_client_free(c);
}

/* ------------------------------------------------------------------------------------------
** Inputs, errors, options
*/

static void test_inputs_and_error_table(void **state)
{
    cat_client *c = client();
    cat_table_input t = table_input(NULL);
    cat_column bad[] = {{"x", NULL, NULL}};
    json_t *j = NULL;
    cat_partition_input pi = CAT_PARTITION_INPUT_INIT;
    const char *v[] = {"1"};
    (void)state;

    assert_int_equal(cat_table_input_json(&j, &t), CAT_EINVAL); /* no name */
    assert_null(j);
    t.name = "t";
    t.columns = bad;
    t.ncolumns = 1;
    assert_int_equal(cat_table_input_json(&j, &t), CAT_EINVAL);
    assert_int_equal(cat_table_create(c, "db", &t), CAT_EINVAL);
    assert_true(strstr(cat_errmsg(c), "TableInput") != NULL);
    t.ncolumns = 0;
    t.format = CAT_FORMAT_CSV;
    assert_int_equal(cat_table_input_json(&j, &t), CAT_OK);
    assert_string_equal(
        str(json_object_get(json_object_get(json_object_get(j, "StorageDescriptor"), "SerdeInfo"),
                            "Parameters"),
            "field.delim"),
        ",");
    json_decref(j);

    pi.values.values = v;
    pi.values.nvalues = 1;
    pi.location = "s3://x/";
    assert_int_equal(cat_partition_input_json(&j, &pi), CAT_OK);
    assert_string_equal(str(json_object_get(j, "StorageDescriptor"), "Location"), "s3://x/");
    json_decref(j);

    /* static strings and the type -> code mapping, prefixes and suffixes cut */
    assert_string_equal(cat_strerror(CAT_ENOTFOUND), "entity not found");
    assert_string_equal(cat_strerror(CAT_ETRANSPORT), "cannot reach server");
    assert_string_equal(cat_strerror(12345), "unknown code");
    assert_int_equal(cat_code_from_type("EntityNotFoundException"), CAT_ENOTFOUND);
    assert_int_equal(cat_code_from_type("com.amazonaws#ConcurrentModificationException:http://x"),
                     CAT_ECONCURRENT);
    assert_int_equal(cat_code_from_type("ThrottlingException"), CAT_ETHROTTLED);
    assert_int_equal(cat_code_from_type("AccessDeniedException"), CAT_EACCESS);
    assert_int_equal(cat_code_from_type("InvalidInputException"), CAT_EINVAL);
    assert_int_equal(cat_code_from_type("NoSuchThingException"), CAT_EUNKNOWNTYPE);
    assert_int_equal(cat_code_from_type(NULL), CAT_EUNKNOWNTYPE);

    /* options */
    assert_int_equal(cat_client_set(c, CAT_OPT_TIMEOUT_MS, "1"), CAT_EINVAL);
    assert_int_equal(cat_client_set_long(c, CAT_OPT_REGION, 1), CAT_EINVAL);
    assert_int_equal(cat_client_set_long(c, CAT_OPT_TIMEOUT_MS, -1), CAT_EINVAL);
    assert_string_equal(cat_errmsg(NULL), "");
    cat_client_free(NULL);
    cat_iter_free(NULL);

    /* a server message reaches the caller: a bad GetPartitions expression */
    {
        cat_iter *it = NULL;
        const json_t *item;
        char db[64];
        t = table_input("t1");
        make_db(c, uname(db, sizeof(db), "db"));
        assert_cat_ok(c, cat_table_create(c, db, &t));
        assert_cat_ok(c, cat_iter_partitions(&it, c, db, "t1", "dt = ", 0, 1));
        assert_int_equal(cat_iter_next(&item, it), CAT_EINVAL);
        assert_null(item);
        assert_string_equal(cat_errtype(c), "InvalidInputException");
        assert_true(strlen(cat_errmsg(c)) > 0);
        cat_iter_free(it);
        assert_cat_ok(c, cat_database_delete(c, db));
    }
    cat_client_free(c);
}

/* Versioned inputs: 0 (not initialised with its INIT macro) and versions newer than the
** library are refused before anything is sent, with a message naming the structure. */
static void test_input_versions(void **state)
{
    cat_client *c = client();
    cat_database_input d = CAT_DATABASE_INPUT_INIT, zero_d;
    cat_table_input t = table_input("t"), zero_t;
    cat_partition_input p = CAT_PARTITION_INPUT_INIT, zero_p;
    const cat_partition_input *list[2];
    const char *v[] = {"2024-01-01", "eu"};
    char want[256], newer[64];
    json_t *j = NULL;
    (void)state;

    assert_int_equal(d.version, CAT_DATABASE_INPUT_VERSION);
    assert_int_equal(t.version, CAT_TABLE_INPUT_VERSION);
    assert_int_equal(p.version, CAT_PARTITION_INPUT_VERSION);
    assert_null(d.name);
    assert_int_equal(p.nparameters, 0);

    memset(&zero_d, 0, sizeof(zero_d));
    zero_d.name = "db";
    assert_int_equal(cat_database_input_json(&j, &zero_d), CAT_EINVAL);
    assert_null(j);
    assert_cat_code(c, CAT_EINVAL, cat_database_create(c, &zero_d));
    snprintf(want, sizeof(want),
             "DatabaseInput: cat_database_input has version 0; libcatalog %s reads versions 1 "
             "to %d (initialise it with CAT_DATABASE_INPUT_INIT)",
             CAT_VERSION, CAT_DATABASE_INPUT_VERSION);
    assert_string_equal(cat_errmsg(c), want);
    assert_string_equal(cat_errtype(c), ""); /* refused here, not by the server */

    zero_t = t;
    zero_t.version = CAT_TABLE_INPUT_VERSION + 1; /* from a newer header */
    snprintf(newer, sizeof(newer), "cat_table_input has version %d", CAT_TABLE_INPUT_VERSION + 1);
    assert_int_equal(cat_table_input_json(&j, &zero_t), CAT_EINVAL);
    assert_cat_code(c, CAT_EINVAL, cat_table_update(c, "db", &zero_t, NULL));
    assert_non_null(strstr(cat_errmsg(c), newer));
    assert_non_null(strstr(cat_errmsg(c), "CAT_TABLE_INPUT_INIT"));

    /* a partition, and the table input it is "like" */
    p.values.values = v;
    p.values.nvalues = 2;
    zero_p = p;
    zero_p.version = 0;
    assert_int_equal(cat_partition_input_json(&j, &zero_p), CAT_EINVAL);
    assert_cat_code(c, CAT_EINVAL, cat_partition_create(c, "db", "t", &zero_p));
    assert_non_null(strstr(cat_errmsg(c), "PartitionInput: cat_partition_input has version 0"));
    p.like = &zero_t;
    assert_cat_code(c, CAT_EINVAL, cat_partition_update(c, "db", "t", p.values, &p));
    assert_non_null(strstr(cat_errmsg(c), newer));
    p.like = &t;
    assert_int_equal(cat_partition_input_json(&j, &p), CAT_OK);
    json_decref(j);

    /* a batch names the entry */
    list[0] = &p;
    list[1] = &zero_p;
    assert_cat_code(c, CAT_EINVAL, cat_partition_batch_create(NULL, c, "db", "t", list, 2));
    assert_non_null(strstr(cat_errmsg(c), "PartitionInputList[1]: cat_partition_input"));
    list[1] = NULL;
    assert_cat_code(c, CAT_EINVAL, cat_partition_batch_create(NULL, c, "db", "t", list, 2));
    cat_client_free(c);
}

/* The header's version macros agree with each other and with the library that runs. */
static void test_version(void **state)
{
    int major = -1, minor = -1, patch = -1;
    char text[32];
    (void)state;
    assert_string_equal(cat_version(&major, &minor, &patch), CAT_VERSION);
    assert_int_equal(major, CAT_VERSION_MAJOR);
    assert_int_equal(minor, CAT_VERSION_MINOR);
    assert_int_equal(patch, CAT_VERSION_PATCH);
    snprintf(text, sizeof(text), "%d.%d.%d", major, minor, patch);
    assert_string_equal(text, CAT_VERSION);
    assert_int_equal(CAT_VERSION_NUMBER, major * 1000000L + minor * 1000L + patch);
#if CAT_VERSION_NUMBER < 2000
#error "CAT_VERSION_NUMBER must be usable in #if"
#endif
    assert_string_equal(cat_version(NULL, NULL, NULL), CAT_VERSION);
}

/* CatalogId from the option goes into every typed request: an isolated catalog. */
static void test_catalog_id_option(void **state)
{
    cat_client *c = client(), *other = client();
    char db[64];
    json_t *out = NULL;
    (void)state;
    assert_cat_ok(c, cat_client_set(c, CAT_OPT_CATALOG_ID, "123456789012"));
    make_db(c, uname(db, sizeof(db), "db"));
    assert_cat_ok(c, cat_database_get(&out, c, db));
    assert_string_equal(str(out, "CatalogId"), "123456789012");
    json_decref(out);
    assert_cat_code(other, CAT_ENOTFOUND, cat_database_get(&out, other, db));
    assert_cat_ok(c, cat_database_delete(c, db));
    cat_client_free(c);
    cat_client_free(other);
}

/* The endpoint comes from CATALOG_ENDPOINT; without any endpoint calls fail with EINVAL. */
static void test_endpoint_from_environment(void **state)
{
    cat_client *c = NULL;
    json_t *out = NULL;
    (void)state;
    setenv("CATALOG_ENDPOINT", endpoint, 1);
    assert_int_equal(cat_client_new(&c, NULL), CAT_OK);
    unsetenv("CATALOG_ENDPOINT");
    assert_cat_code(c, CAT_ENOTFOUND, cat_database_get(&out, c, "surely_missing_db"));
    cat_client_free(c);

    unsetenv("AWS_REGION");
    unsetenv("AWS_DEFAULT_REGION");
    assert_int_equal(cat_client_new(&c, NULL), CAT_OK);
    assert_int_equal(cat_database_get(&out, c, "x"), CAT_EINVAL);
    assert_true(strstr(cat_errmsg(c), "endpoint") != NULL);
    cat_client_free(c);
}

/* ------------------------------------------------------------------------------------------
** A local listener: records one request, then answers {} or never answers.
*/

struct listener {
    int fd, port, hang;
    char req[16384];
    size_t len;
    pthread_t th;
};

static void *listen_once(void *arg)
{
    struct listener *l = arg;
    int conn = accept(l->fd, NULL, NULL);
    char *end;
    long clen = 0;
    ssize_t n;
    if (conn < 0)
        return NULL;
    for (;;) { /* headers, then Content-Length bytes of body */
        n = recv(conn, l->req + l->len, sizeof(l->req) - 1 - l->len, 0);
        if (n <= 0)
            break;
        l->len += (size_t)n;
        l->req[l->len] = '\0';
        if ((end = strstr(l->req, "\r\n\r\n")) != NULL) {
            const char *cl = strcasestr(l->req, "\r\nContent-Length:");
            if (cl != NULL)
                clen = strtol(cl + 17, NULL, 10);
            if (l->len >= (size_t)(end + 4 - l->req) + (size_t)clen)
                break;
        }
    }
    if (l->hang) {
        char b[64];
        while (recv(conn, b, sizeof(b), 0) > 0) /* until the client gives up */
            ;
    } else {
        static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n"
                                 "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
        n = send(conn, ok, sizeof(ok) - 1, 0);
        (void)n;
    }
    close(conn);
    return NULL;
}

static void listener_start(struct listener *l, int hang)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof(a);
    memset(l, 0, sizeof(*l));
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    l->hang = hang;
    assert_true((l->fd = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
    assert_int_equal(bind(l->fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(l->fd, 1), 0);
    assert_int_equal(getsockname(l->fd, (struct sockaddr *)&a, &alen), 0);
    l->port = ntohs(a.sin_port);
    assert_int_equal(pthread_create(&l->th, NULL, listen_once, l), 0);
}

static void listener_stop(struct listener *l)
{
    pthread_join(l->th, NULL);
    close(l->fd);
}

static void test_transport_errors_timeout_and_response_cap(void **state)
{
    cat_client *c = NULL;
    struct listener l;
    char url[64];
    json_t *out = NULL;
    int fd, port;
    struct sockaddr_in a;
    socklen_t alen = sizeof(a);
    (void)state;

    /* nobody listening: a port that was just free */
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    getsockname(fd, (struct sockaddr *)&a, &alen);
    port = ntohs(a.sin_port);
    close(fd);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", port);
    assert_int_equal(cat_client_new(&c, url), CAT_OK);
    assert_int_equal(cat_database_get(&out, c, "x"), CAT_ETRANSPORT);
    assert_null(out);
    assert_true(strlen(cat_errmsg(c)) > 0);
    assert_string_equal(cat_errtype(c), "");
    cat_client_free(c);

    /* a server that never answers: the timeout */
    listener_start(&l, 1);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", l.port);
    assert_int_equal(cat_client_new(&c, url), CAT_OK);
    assert_int_equal(cat_client_set_long(c, CAT_OPT_TIMEOUT_MS, 300), CAT_OK);
    assert_int_equal(cat_database_get(&out, c, "x"), CAT_ETIMEOUT);
    assert_true(strstr(cat_errmsg(c), "imeout") != NULL || strstr(cat_errmsg(c), "timed out"));
    cat_client_free(c);
    listener_stop(&l);

    /* a response over the cap */
    c = client();
    assert_int_equal(cat_client_set_long(c, CAT_OPT_MAX_RESPONSE, 8), CAT_OK);
    assert_int_equal(cat_call(&out, c, "GetDatabases", NULL), CAT_ERESPONSETOOBIG);
    assert_null(out);
    assert_int_equal(cat_client_set_long(c, CAT_OPT_MAX_RESPONSE, 1 << 20), CAT_OK);
    assert_cat_ok(c, cat_call(&out, c, "GetDatabases", NULL));
    json_decref(out);
    cat_client_free(c);
}

/* The signature libcatalog (libcurl) sends is the one botocore computes for that request. */
static void test_sigv4_signature_matches_botocore(void **state)
{
    static const char *akid = "AKIDEXAMPLE", *secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                      *token = "FwoGZXIvYXdzEXAMPLETOKEN//+=";
    cat_client *c = NULL;
    struct listener l;
    char url[64], path[128], cmd[512];
    json_t *out = NULL;
    cat_database_input in = CAT_DATABASE_INPUT_INIT;
    FILE *f;
    int i;
    (void)state;

    in.name = "signed_db";
    in.description = "signed request";
    for (i = 0; i < 2; i++) { /* with and without a session token */
        listener_start(&l, 0);
        snprintf(url, sizeof(url), "http://127.0.0.1:%d", l.port);
        assert_int_equal(cat_client_new(&c, url), CAT_OK);
        assert_int_equal(cat_client_set(c, CAT_OPT_REGION, "eu-west-1"), CAT_OK);
        assert_int_equal(cat_client_set(c, CAT_OPT_ACCESS_KEY_ID, akid), CAT_OK);
        assert_int_equal(cat_client_set(c, CAT_OPT_SECRET_ACCESS_KEY, secret), CAT_OK);
        if (i == 0)
            assert_int_equal(cat_client_set(c, CAT_OPT_SESSION_TOKEN, token), CAT_OK);
        assert_cat_ok(c, cat_database_create(c, &in));
        cat_client_free(c);
        listener_stop(&l);
        (void)out;

        assert_non_null(strstr(l.req, "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
        assert_non_null(strstr(l.req, "/eu-west-1/glue/aws4_request"));
        snprintf(path, sizeof(path), "%s/request-%d.txt", tmpdir, i);
        f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(l.req, 1, l.len, f), l.len);
        fclose(f);
        snprintf(cmd, sizeof(cmd),
                 "python3 tests/client/sigv4_check.py %s %s '%s' eu-west-1 %s%s%s", path, akid,
                 secret, i == 0 ? "'" : "", i == 0 ? token : "", i == 0 ? "'" : "");
        if (system(cmd) != 0)
            fail_msg("botocore computes a different signature: %s", cmd);
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_database_create_get_update_list_delete),
        cmocka_unit_test(test_table_create_get_update_versions_delete),
        cmocka_unit_test(test_partition_calls),
        cmocka_unit_test(test_partition_segments_in_threads),
        cmocka_unit_test(test_column_statistics_batch),
        cmocka_unit_test(test_function_calls),
        cmocka_unit_test(test_inputs_and_error_table),
        cmocka_unit_test(test_input_versions),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_catalog_id_option),
        cmocka_unit_test(test_endpoint_from_environment),
        cmocka_unit_test(test_transport_errors_timeout_and_response_cap),
        cmocka_unit_test(test_sigv4_signature_matches_botocore),
    };
    if (argc > 1)
        catalogd = argv[1];
    signal(SIGPIPE, SIG_IGN);
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
