/* test_pg_partition.c -- unit tests for the PostgreSQL store's partitions (pg_partition.c): the
** same partitions written to SQLite and PostgreSQL read back the same through every kind of
** expression, page and segment, with the same errors; a batch in one statement; and EXPLAIN of
** selective expressions over a few thousand partitions is an index scan on a typed key's index.
** Skipped unless CATALOG_TEST_PG is a libpq locator of a server where the tests may create
** databases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "pg_check.h"
#include "store/pg/pg_int.h"

/* ================================================================ */
/* A fresh database on the test server */

/* ================================================================ */
/* The two stores, with the same database and tables */

struct fixture {
    char dbname[64];
    char *locator;
    struct store *pg, *lite;
};

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

#define SD_BASE                                                                                    \
    "\"Columns\": [{\"Name\": \"a\", \"Type\": \"bigint\"}, {\"Name\": \"b\", \"Type\": "          \
    "\"string\"}], \"InputFormat\": \"in\", \"OutputFormat\": \"out\", \"SerdeInfo\": "            \
    "{\"SerializationLibrary\": \"lib\", \"Parameters\": {\"serialization.format\": \"1\"}}, "     \
    "\"Compressed\": false, \"NumberOfBuckets\": -1"

static void make_table(struct store *st, const char *name, const char *keys)
{
    struct srv_error err;
    json_t *t = jsonf("{\"Name\": \"%s\", \"CreateTime\": 1700000000, \"UpdateTime\": 1700000000,"
                      " \"TableType\": \"EXTERNAL_TABLE\", \"PartitionKeys\": [%s],"
                      " \"StorageDescriptor\": {\"Location\": \"s3://b/%s/\", " SD_BASE "}}",
                      name, keys, name);
    srv_error_init(&err);
    assert_store_ok(store_table_insert(st, "cat", "d", t, &err), err);
    json_decref(t);
}

static int setup(void **state)
{
    struct fixture *f;
    struct srv_error err;
    json_t *db;
    int i;
    if ((server = getenv("CATALOG_TEST_PG")) == NULL || *server == '\0')
        return 0; /* each test skips */
    f = xcalloc(1, sizeof(*f));
    fresh_db("pgpart", f->dbname, sizeof(f->dbname), &f->locator);
    srv_error_init(&err);
    assert_store_ok(store_open(&f->pg, f->locator, &err), err);
    assert_store_ok(store_open(&f->lite, ":memory:", &err), err);
    db = jsonf("{\"Name\": \"d\", \"CreateTime\": 1700000000}");
    for (i = 0; i < 2; i++) {
        struct store *st = i ? f->lite : f->pg;
        assert_store_ok(store_db_insert(st, "cat", db, &err), err);
        make_table(st, "typed",
                   "{\"Name\": \"dt\", \"Type\": \"date\"}, {\"Name\": \"hr\", \"Type\": \"int\"},"
                   " {\"Name\": \"name\", \"Type\": \"string\"}, {\"Name\": \"price\", \"Type\":"
                   " \"decimal(10,2)\"}, {\"Name\": \"ts\", \"Type\": \"timestamp\"},"
                   " {\"Name\": \"flag\", \"Type\": \"boolean\"}");
        make_table(st, "t",
                   "{\"Name\": \"dt\", \"Type\": \"date\"}, {\"Name\": \"hr\", \"Type\": \"int\"},"
                   " {\"Name\": \"region\", \"Type\": \"string\"}");
    }
    json_decref(db);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    if (f == NULL)
        return 0;
    store_close(f->pg);
    store_close(f->lite);
    drop_db(f->dbname, f->locator);
    free(f);
    return 0;
}

/* ================================================================ */
/* The same answers from both backends */

/* Sample partitions of "typed" (raw text as a client would send), as in test_pexpr.c. */
static const char *const rows[][6] = {
    {"2020-01-01", "9", "abc", "9.5", "2020-01-01 00:00:00", "true"},
    {"2020-01-02", "10", "Abc", "10", "2020-01-01 10:00", "false"},
    {"2020-1-10", "100", "a_c", "10.25", "2020-01-01T09:59:59.5", "TRUE"},
    {"2019-12-31", "-1", "a%c", "-0.5", "2019-12-31", "false"},
    {"2020-02-29", "__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__",
     "__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__"},
    {"2020-10-01", "2", "9", "100", "2020-10-01 00:00:00.000000001", "false"},
    {"2020-9-30", "02", "10", "1e2", "2020-09-30 23:59:59.999", "true"},
    {"2021-01-01", "20", "a*c", "0.1", "2021-01-01", "true"},
    {"2021-06-15", "3", "a[c", "3.14", "2021-06-15 12:00", "false"},
    {"2022-01-01", "30", "a?c", "2", "2022", "false"},
    {"2022-01-02", "-9223372036854775808", "a\\\\c", "1e308", "2022-01-02 00:00", "true"},
    {"2022-01-03", "9223372036854775807", "\xc3\xa9t\xc3\xa9", "-4.9e-324", "2022-01-03", "false"},
    {"2022-01-04", "7", "x", "0.30000000000000004", "2022-01-04 01:02:03.123456789", "true"},
    {"2022-01-05", "8", "", "0.3", "2022-01-05 01:02", "false"},
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static const char *const exprs[] = {
    "",
    "hr > 9",
    "hr < 10",
    "hr = '02'",
    "hr = 9223372036854775807 OR hr = -9223372036854775808",
    "name > '9'",
    "name < '9'",
    "name = 10",
    "name = '__HIVE_DEFAULT_PARTITION__'",
    "dt < '2020-10-01'",
    "dt BETWEEN 2020-01-01 AND 2020-01-31",
    "'2020-06-01' <= dt",
    "price > 10",
    "price = 100",
    "price < 9.75",
    "price = 0.30000000000000004",
    "price = 0.3",
    "price > 0.3",
    "price >= 1e308",
    "price < 0",
    "ts >= '2020-01-01 09:59:59.5'",
    "ts < DATE '2020-01-01'",
    "ts IS NULL",
    "ts = '2022-01-04 01:02:03.123456789'",
    "flag = true",
    "flag = FALSE",
    "name LIKE 'a_c'",
    "name LIKE 'a%'",
    "name LIKE '%c'",
    "name LIKE 'a*c'",
    "name LIKE 'a\\\\\\\\c'",
    "name LIKE '_t_'",
    "name LIKE '\xc3\xa9%'",
    "name NOT LIKE 'a%'",
    "name LIKE ''",
    "hr IN (1, 2, 3)",
    "hr NOT IN (2, 3)",
    "hr BETWEEN 2 AND 10",
    "hr NOT BETWEEN 2 AND 10",
    "hr IS NULL",
    "hr = '__HIVE_DEFAULT_PARTITION__'",
    "hr <> '__HIVE_DEFAULT_PARTITION__'",
    "NOT (hr > 9)",
    "NOT hr > 9 AND name LIKE 'a%'",
    "(hr = 9 OR hr = 100) AND flag = false",
    "NOT (hr = 9 OR dt >= '2021-01-01')",
};

/* Every member of a visited row but the backend's descriptor id, as one line. */
static int describe_row(void *arg, const struct store_prow *row)
{
    struct sbuf *b = arg;
    char *base = row->base ? json_dumps(row->base, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *diff = row->sd_diff ? json_dumps(row->sd_diff, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *absent = row->sd_absent ? json_dumps(row->sd_absent, JSON_COMPACT) : NULL;
    char ct[40];
    snprintf(ct, sizeof(ct), " %.3f ", row->creation_time);
    sbuf_adds(b, row->values);
    sbuf_adds(b, ct);
    sbuf_adds(b, row->location ? row->location : "-");
    sbuf_adds(b, " ");
    sbuf_adds(b, row->members ? row->members : "-");
    sbuf_adds(b, " ");
    sbuf_adds(b, diff ? diff : "-");
    sbuf_adds(b, " ");
    sbuf_adds(b, absent ? absent : "-");
    sbuf_adds(b, " ");
    sbuf_adds(b, base ? base : "-");
    sbuf_adds(b, row->base_id ? " base\n" : " nobase\n");
    free(base);
    free(diff);
    free(absent);
    return CAT_OK;
}

/* The rows Q selects from table NAME of ST, described; or the error as text. */
static char *query_text(struct store *st, const char *name, const struct store_pquery *q)
{
    struct store_ptable pt;
    struct srv_error err;
    struct sbuf b = {0};
    char code[16];
    int rc;
    srv_error_init(&err);
    assert_store_ok(store_ptable_open(st, "cat", "d", name, &pt, &err), err);
    if ((rc = store_partition_query(st, &pt, q, describe_row, &b, &err)) != CAT_OK) {
        snprintf(code, sizeof(code), "error %d ", rc);
        sbuf_adds(&b, code);
        sbuf_adds(&b, err.msg);
    }
    store_ptable_close(&pt);
    return b.p ? b.p : xstrdup("");
}

/* Partition input I of "typed": the row's values and a descriptor that differs in a few ways. */
static json_t *typed_input(size_t i)
{
    json_t *in = json_pack("{s:[s,s,s,s,s,s]}", "Values", rows[i][0], rows[i][1], rows[i][2],
                           rows[i][3], rows[i][4], rows[i][5]);
    switch (i % 4) {
    case 0: /* the table's descriptor, a location below the table's */
        json_object_set_new(in, "StorageDescriptor",
                            jsonf("{\"Location\": \"s3://b/typed/p%zu/\", " SD_BASE "}", i));
        json_object_set_new(in, "Parameters", jsonf("{\"k\": \"v%zu\"}", i));
        break;
    case 1: /* elsewhere, compressed, no serde */
        json_object_set_new(in, "StorageDescriptor",
                            jsonf("{\"Location\": \"s3://other/p%zu/\", \"Columns\": [], "
                                  "\"Compressed\": true, \"NumberOfBuckets\": -1}",
                                  i));
        json_object_set_new(in, "LastAccessTime", json_real(1700000001.25));
        break;
    case 2: /* no descriptor at all */
        break;
    default: /* a member outside the model */
        json_object_set_new(in, "StorageDescriptor",
                            jsonf("{\"Location\": \"s3://b/typed/p%zu/\", " SD_BASE "}", i));
        json_object_set_new(in, "Extra", jsonf("{\"Parameters\": 1}"));
        break;
    }
    return in;
}

static void test_pg_partition_same_as_sqlite(void **state)
{
    struct fixture *f = *state;
    struct srv_error err, err2;
    size_t i, e;
    int k;
    if (f == NULL)
        skip();
    srv_error_init(&err);
    srv_error_init(&err2);
    for (k = 0; k < 2; k++) {
        struct store *st = k ? f->lite : f->pg;
        struct store_ptable pt;
        assert_store_ok(store_begin(st, &err), err);
        assert_store_ok(store_ptable_open(st, "cat", "d", "typed", &pt, &err), err);
        for (i = 0; i < NROWS; i++) {
            json_t *in = typed_input(i);
            assert_store_ok(store_partition_insert(st, &pt, json_object_get(in, "Values"), in,
                                                   1700000000.5 + (double)i, &err),
                            err);
            json_decref(in);
        }
        store_ptable_close(&pt);
        assert_store_ok(store_commit(st, &err), err);
    }
    for (e = 0; e < sizeof(exprs) / sizeof(exprs[0]); e++) {
        struct store_pquery q = {exprs[e], 0, 1, NULL, 1000};
        char *a = query_text(f->pg, "typed", &q), *b = query_text(f->lite, "typed", &q);
        if (strcmp(a, b) != 0)
            fail_msg("\"%s\":\n-- PostgreSQL\n%s-- SQLite\n%s", exprs[e], a, b);
        free(a);
        free(b);
    }
    /* pages (keyset, limit) and segments */
    {
        static const char *const afters[] = {NULL, "[\"2020-02-29\"", "[\"2022-01-04\"", "~"};
        int seg, lim;
        for (i = 0; i < sizeof(afters) / sizeof(afters[0]); i++)
            for (lim = 0; lim < 4; lim++)
                for (seg = 0; seg < 3; seg++) {
                    struct store_pquery q = {"hr IS NOT NULL OR price > 1", seg, lim % 2 ? 3 : 1,
                                             afters[i], lim * 3};
                    char *a = query_text(f->pg, "typed", &q), *b = query_text(f->lite, "typed", &q);
                    if (strcmp(a, b) != 0)
                        fail_msg("page after %s, limit %d, segment %d/%d:\n-- PostgreSQL\n%s-- "
                                 "SQLite\n%s",
                                 afters[i] ? afters[i] : "-", q.limit, q.segment, q.total_segments,
                                 a, b);
                    free(a);
                    free(b);
                }
    }
    /* errors: the same codes and words */
    {
        static const char *const bad[] = {"nope = 1", "hr = 'x'", "name LIKE", "dt LIKE '2%'"};
        for (e = 0; e < sizeof(bad) / sizeof(bad[0]); e++) {
            struct store_pquery q = {bad[e], 0, 1, NULL, 10};
            char *a = query_text(f->pg, "typed", &q), *b = query_text(f->lite, "typed", &q);
            assert_non_null(strstr(a, "error "));
            assert_string_equal(a, b);
            free(a);
            free(b);
        }
    }
    /* get, replace (in place, a move, onto an existing one), delete, locate: same results */
    for (k = 0; k < 2; k++) {
        struct store *st = k ? f->lite : f->pg;
        struct store_ptable pt;
        struct srv_error *er = k ? &err2 : &err;
        json_t *v0 = json_pack("[s,s,s,s,s,s]", rows[0][0], rows[0][1], rows[0][2], rows[0][3],
                               rows[0][4], rows[0][5]);
        json_t *v1 = json_pack("[s,s,s,s,s,s]", rows[1][0], rows[1][1], rows[1][2], rows[1][3],
                               rows[1][4], rows[1][5]);
        json_t *moved =
            json_pack("[s,s,s,s,s,s]", "2030-01-01", "1", "m", "1", "2030-01-01", "true");
        json_t *in = typed_input(1), *cols = NULL;
        long long id;
        int rc[8];
        struct sbuf b = {0};
        assert_store_ok(store_begin(st, er), *er);
        assert_store_ok(store_ptable_open(st, "cat", "d", "typed", &pt, er), *er);
        rc[0] = store_partition_insert(st, &pt, v0, in, 1, er);
        assert_string_equal(er->msg, "Partition already exists.");
        json_object_set(in, "Values", v1);
        rc[1] = store_partition_replace(st, &pt, v0, in, er); /* onto partition 1 */
        assert_string_equal(er->msg, "Partition already exists.");
        json_object_set(in, "Values", moved);
        rc[2] = store_partition_replace(st, &pt, v0, in, er);
        rc[3] = store_partition_replace(st, &pt, v0, in, er);
        assert_string_equal(er->msg, "Partition not found.");
        rc[4] = store_partition_get(st, &pt, moved, describe_row, &b, er);
        rc[5] = store_partition_delete(st, &pt, v1, er);
        rc[6] = store_partition_delete(st, &pt, v1, er);
        assert_string_equal(er->msg, "Partition not found.");
        rc[7] = store_partition_locate(st, &pt, moved, &id, &cols, er);
        assert_int_equal(rc[0], CAT_EEXISTS);
        assert_int_equal(rc[1], CAT_EEXISTS);
        assert_int_equal(rc[2], CAT_OK);
        assert_int_equal(rc[3], CAT_ENOTFOUND);
        assert_int_equal(rc[4], CAT_OK);
        assert_int_equal(rc[5], CAT_OK);
        assert_int_equal(rc[6], CAT_ENOTFOUND);
        assert_int_equal(rc[7], CAT_OK);
        assert_true(id > 0);
        assert_int_equal(json_array_size(cols), 0); /* the moved descriptor has no columns */
        /* the transaction is still usable after the expected errors */
        store_ptable_close(&pt);
        assert_store_ok(store_commit(st, er), *er);
        free(b.p);
        json_decref(cols);
        json_decref(in);
        json_decref(v0);
        json_decref(v1);
        json_decref(moved);
    }
    {
        struct store_pquery q = {"", 0, 1, NULL, 1000};
        char *a = query_text(f->pg, "typed", &q), *b = query_text(f->lite, "typed", &q);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

/* ================================================================ */
/* A batch in one statement; EXPLAIN of selective expressions */

#define DAYS 10
#define PER_DAY 480 /* 24 hours x 20 regions */

static json_t *bench_input(int i)
{
    return jsonf("{\"Values\": [\"2020-01-%02d\", \"%d\", \"r%02d\"], \"StorageDescriptor\": "
                 "{\"Location\": \"s3://b/t/dt=2020-01-%02d/hr=%d/region=r%02d/\", " SD_BASE "},"
                 " \"Parameters\": {\"numRows\": \"%d\"}}",
                 1 + i / PER_DAY, (i / 20) % 24, i % 20, 1 + i / PER_DAY, (i / 20) % 24, i % 20, i);
}

static int count_row(void *arg, const struct store_prow *row)
{
    (void)row;
    (*(int *)arg)++;
    return CAT_OK;
}

static void test_pg_partition_explain_index_scan(void **state)
{
    /* selective expressions over the table's DAYS x 480 partitions, and the index each must use */
    static const struct {
        const char *expr, *index;
        int rows;
    } selective[] = {
        {"dt = '2020-01-03' AND hr BETWEEN 5 AND 9", "partitions_ks0", 100},
        {"region = 'r07' AND hr = 3", NULL, DAYS},
        {"hr IN (1, 2) AND dt = '2020-01-05'", NULL, 40},
        {"dt = 2020-01-02 AND region LIKE 'r1%'", "partitions_ks0", 240},
        {"hr = 23 AND region = 'r19' AND dt > '2020-01-08'", NULL, 2},
        /* one range of the region index, which carries the first key (migration 0011) */
        {"region = 'r06' AND dt BETWEEN '2020-01-02' AND '2020-01-08'",
         "::bigint) AND (ks2 = 'r06'::text) AND (ks0 >= '2020-01-02'::text) AND (ks0 <= "
         "'2020-01-08'::text))",
         7 * 24},
    };
    struct fixture *f = *state;
    struct store_ptable pt;
    struct srv_error err;
    json_t *ins[PER_DAY];
    const json_t *values[PER_DAY], *inputs[PER_DAY];
    int rcs[PER_DAY], i, d, n;
    size_t s;
    PGconn *c;
    if (f == NULL)
        skip();
    srv_error_init(&err);
    /* day 1 one partition at a time, the other days one batch statement each */
    for (d = 0; d < DAYS; d++) {
        assert_store_ok(store_begin(f->pg, &err), err);
        assert_store_ok(store_ptable_open(f->pg, "cat", "d", "t", &pt, &err), err);
        for (i = 0; i < PER_DAY; i++) {
            ins[i] = bench_input(d * PER_DAY + i);
            values[i] = json_object_get(ins[i], "Values");
            inputs[i] = ins[i];
            if (d == 0)
                assert_store_ok(store_partition_insert(f->pg, &pt, values[i], ins[i], 1, &err),
                                err);
        }
        if (d > 0) {
            assert_store_ok(
                pg_partition_insert_many(f->pg, &pt, PER_DAY, values, inputs, 1, rcs, &err), err);
            for (i = 0; i < PER_DAY; i++)
                assert_int_equal(rcs[i], CAT_OK);
        }
        store_ptable_close(&pt);
        assert_store_ok(store_commit(f->pg, &err), err);
        for (i = 0; i < PER_DAY; i++)
            json_decref(ins[i]);
    }
    /* a batch with an existing partition, a new one twice, and another existing one */
    ins[0] = bench_input(0);
    ins[1] = bench_input(DAYS * PER_DAY);
    ins[2] = bench_input(7);
    inputs[0] = ins[0];
    inputs[1] = inputs[2] = ins[1];
    inputs[3] = ins[2];
    for (i = 0; i < 4; i++)
        values[i] = json_object_get(inputs[i], "Values");
    assert_store_ok(store_begin(f->pg, &err), err);
    assert_store_ok(store_ptable_open(f->pg, "cat", "d", "t", &pt, &err), err);
    assert_store_ok(pg_partition_insert_many(f->pg, &pt, 4, values, inputs, 1, rcs, &err), err);
    assert_int_equal(rcs[0], CAT_EEXISTS);
    assert_int_equal(rcs[1], CAT_OK);
    assert_int_equal(rcs[2], CAT_EEXISTS);
    assert_int_equal(rcs[3], CAT_EEXISTS);
    assert_store_ok(store_partition_delete(f->pg, &pt, values[1], &err), err);
    store_ptable_close(&pt);
    assert_store_ok(store_commit(f->pg, &err), err);
    for (i = 0; i < 3; i++)
        json_decref(ins[i]);

    c = connect_to(f->dbname);
    admin_exec(c, "ANALYZE partitions");
    PQfinish(c);

    assert_store_ok(store_ptable_open(f->pg, "cat", "d", "t", &pt, &err), err);
    for (s = 0; s < sizeof(selective) / sizeof(selective[0]); s++) {
        struct store_pquery q = {selective[s].expr, 0, 1, NULL, 1001};
        char *plan = NULL;
        int count = 0;
        assert_store_ok(pg_partition_explain(f->pg, &pt, &q, &plan, &err), err);
        if ((strstr(plan, "Index Scan using partitions_k") == NULL &&
             strstr(plan, "Bitmap Index Scan on partitions_k") == NULL) ||
            (selective[s].index && strstr(plan, selective[s].index) == NULL))
            fail_msg("\"%s\" is not an index scan on %s:\n%s", selective[s].expr,
                     selective[s].index ? selective[s].index : "a typed key", plan);
        print_message("%s\n%s", selective[s].expr, plan);
        free(plan);
        assert_store_ok(store_partition_query(f->pg, &pt, &q, count_row, &count, &err), err);
        assert_int_equal(count, selective[s].rows);
    }
    /* no expression: the page follows the (table, values) index */
    {
        struct store_pquery q = {NULL, 0, 1, NULL, 1001};
        char *plan = NULL;
        assert_store_ok(pg_partition_explain(f->pg, &pt, &q, &plan, &err), err);
        assert_non_null(strstr(plan, "partitions_vals"));
        free(plan);
        /* past every value ANALYZE saw (partitions loaded since, in value order): still the
        ** index in order up to the limit, not every row to the end sorted (the position is
        ** hidden from the planner's estimates) */
        q.after = "[\"2099-01-01\",\"0\",\"r00\"]";
        assert_store_ok(pg_partition_explain(f->pg, &pt, &q, &plan, &err), err);
        if (strstr(plan, "Incremental Sort") == NULL || strstr(plan, "partitions_vals") == NULL)
            fail_msg("a page past the statistics is not an ordered index walk:\n%s", plan);
        free(plan);
    }
    /* an IN list longer than a struct pg_args holds; a visit longer than one chunk */
    {
        struct sbuf e = {0};
        struct store_pquery q = {NULL, 0, 1, NULL, 1000000};
        char num[16];
        sbuf_adds(&e, "hr IN (");
        for (i = 0; i < 100; i++) {
            snprintf(num, sizeof(num), "%s%d", i ? ", " : "", i % 3 == 0 ? i / 3 : 1000 + i);
            sbuf_adds(&e, num);
        }
        sbuf_adds(&e, ")");
        q.expression = e.p;
        n = 0;
        assert_store_ok(store_partition_query(f->pg, &pt, &q, count_row, &n, &err), err);
        assert_int_equal(n, DAYS * PER_DAY); /* hours 0..23 are all in the list */
        free(e.p);
        q.expression = "hr >= 0";
        n = 0;
        assert_store_ok(store_partition_query(f->pg, &pt, &q, count_row, &n, &err), err);
        assert_int_equal(n, DAYS * PER_DAY);
        q.limit = DAYS * PER_DAY - 7;
        n = 0;
        assert_store_ok(store_partition_query(f->pg, &pt, &q, count_row, &n, &err), err);
        assert_int_equal(n, DAYS * PER_DAY - 7);
    }
    store_ptable_close(&pt);
}

/* Partition indexes and column statistics: the same as on SQLite. */
static void test_pg_partition_indexes_and_stats(void **state)
{
    struct fixture *f = *state;
    struct srv_error err;
    int k;
    char *answers[2];
    if (f == NULL)
        skip();
    srv_error_init(&err);
    for (k = 0; k < 2; k++) {
        struct store *st = k ? f->lite : f->pg;
        struct store_ptable pt;
        struct sbuf b = {0};
        json_t *keys = json_pack("[s,s]", "region", "dt"), *list, *in = bench_input(3), *got;
        json_t *keep = json_pack("[s]", "b");
        const char *names[] = {"i1", "i2", "i1", "i3", "i4"};
        char line[1024];
        long long id;
        json_t *cols;
        size_t i;
        assert_store_ok(store_begin(st, &err), err);
        assert_store_ok(store_ptable_open(st, "cat", "d", "t", &pt, &err), err);
        for (i = 0; i < 5; i++) {
            int rc = store_pindex_create(st, &pt, names[i], keys, &err);
            snprintf(line, sizeof(line), "create %s: %d %s\n", names[i], rc, rc ? err.msg : "");
            sbuf_adds(&b, line);
        }
        snprintf(line, sizeof(line), "delete i9: %d %s\n", store_pindex_delete(st, &pt, "i9", &err),
                 err.msg);
        sbuf_adds(&b, line);
        assert_store_ok(store_pindex_delete(st, &pt, "i2", &err), err);
        assert_store_ok(store_pindex_list(st, &pt, &list, &err), err);
        {
            char *t = json_dumps(list, JSON_COMPACT);
            sbuf_adds(&b, t);
            free(t);
        }
        json_decref(list);
        if (k == 1) /* the same partition on SQLite */
            assert_store_ok(
                store_partition_insert(st, &pt, json_object_get(in, "Values"), in, 1, &err), err);
        assert_store_ok(
            store_partition_locate(st, &pt, json_object_get(in, "Values"), &id, &cols, &err), err);
        {
            char *t = json_dumps(cols, JSON_COMPACT);
            sbuf_adds(&b, t);
            free(t);
        }
        json_decref(cols);
        {
            json_t *s1 = json_pack("{s:i}", "x", 1), *s2 = json_pack("{s:i}", "x", 2);
            json_t *s3 = json_pack("{s:i}", "y", 3), *s4 = json_pack("{s:s}", "t", "a");
            assert_store_ok(store_colstats_put(st, &pt, id, "a", s1, &err), err);
            assert_store_ok(store_colstats_put(st, &pt, id, "a", s2, &err), err);
            assert_store_ok(store_colstats_put(st, &pt, id, "b", s3, &err), err);
            assert_store_ok(store_colstats_put(st, &pt, 0, "a", s4, &err), err);
            json_decref(s1);
            json_decref(s2);
            json_decref(s3);
            json_decref(s4);
        }
        assert_store_ok(store_colstats_get(st, &pt, id, "a", &got, &err), err);
        assert_int_equal(json_integer_value(json_object_get(got, "x")), 2);
        json_decref(got);
        assert_store_ok(store_colstats_prune(st, &pt, id, keep, &err), err);
        assert_store_ok(store_colstats_get(st, &pt, id, "a", &got, &err), err);
        assert_null(got);
        assert_store_ok(store_colstats_get(st, &pt, id, "b", &got, &err), err);
        assert_non_null(got);
        json_decref(got);
        assert_store_ok(store_colstats_get(st, &pt, 0, "a", &got, &err), err);
        assert_non_null(got); /* the table's own are apart */
        json_decref(got);
        assert_store_ok(store_colstats_delete(st, &pt, 0, "a", &err), err);
        assert_store_ok(store_colstats_delete(st, &pt, 0, "a", &err), err);
        assert_store_ok(store_colstats_get(st, &pt, 0, "a", &got, &err), err);
        assert_null(got);
        /* statistics go with their partition */
        assert_store_ok(store_partition_delete(st, &pt, json_object_get(in, "Values"), &err), err);
        assert_store_ok(store_partition_insert(st, &pt, json_object_get(in, "Values"), in, 1, &err),
                        err);
        assert_store_ok(
            store_partition_locate(st, &pt, json_object_get(in, "Values"), &id, &cols, &err), err);
        json_decref(cols);
        assert_store_ok(store_colstats_get(st, &pt, id, "b", &got, &err), err);
        assert_null(got);
        store_ptable_close(&pt);
        assert_store_ok(store_commit(st, &err), err);
        json_decref(keys);
        json_decref(keep);
        json_decref(in);
        answers[k] = b.p;
    }
    assert_string_equal(answers[0], answers[1]);
    free(answers[0]);
    free(answers[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pg_partition_same_as_sqlite),
        cmocka_unit_test(test_pg_partition_explain_index_scan),
        cmocka_unit_test(test_pg_partition_indexes_and_stats),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
