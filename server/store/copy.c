/* copy.c -- `catalogd copy`: move whole catalogs between two stores through store.h only. */
#include "store/copy.h"

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "store/store.h"
#include "store/store_crawler.h"

#define MAX_CATALOGS 64
#define PAGE 100           /* objects per listing call */
#define COUNT_PAGE 10000   /* partitions per counting call */
#define DEFAULT_BATCH 1000 /* partitions per destination transaction */

struct copy {
    struct store *src, *dst;
    const char *catalog;
    int batch;
    struct srv_error err;
    char where[600]; /* what was being copied when ERR was set */
};

/* What was copied, or what one side holds. */
struct counts {
    long long databases, tables, versions, partitions, functions, crawlers, colstats;
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: catalogd copy --from LOCATOR --to LOCATOR [--catalog ID]... [--batch N]\n"
            "  --from     the store to read (a SQLite file, or postgresql://... / key=value)\n"
            "  --to       the store to fill; it must hold no database of the copied catalogs\n"
            "  --catalog  a catalog id to copy (repeatable; default %s)\n"
            "  --batch    partitions per transaction (default %d)\n"
            "Copies databases, tables with their archived versions, partitions, partition\n"
            "indexes, column statistics, functions, tags, resource policies, Iceberg\n"
            "metadata and crawlers with their history, then compares the counts of both\n"
            "sides.\n"
            "No server may write to either store meanwhile.\n",
            COPY_DEFAULT_CATALOG, DEFAULT_BATCH);
}

/* Note what is being copied: WHAT, then A, then ".B". */
static void where(struct copy *c, const char *what, const char *a, const char *b)
{
    snprintf(c->where, sizeof(c->where), "%s%s%s%s%s", what, a ? " " : "", a ? a : "", b ? "." : "",
             b ? b : "");
}

static long long version_of(const json_t *t)
{
    const char *v = json_string_value(json_object_get(t, "VersionId"));
    return v ? strtoll(v, NULL, 10) : 0;
}

/* The folded names of the data columns of table T. */
static json_t *table_columns(const json_t *t)
{
    json_t *names = json_array(), *col;
    size_t i;
    json_array_foreach(json_object_get(json_object_get(t, "StorageDescriptor"), "Columns"), i,
                       col) {
        const char *n = json_string_value(json_object_get(col, "Name"));
        if (n) {
            char *l = util_lower(n);
            json_array_append_new(names, json_string(l));
            free(l);
        }
    }
    return names;
}

/* Copy the tags of an entity (store_tags_update's KIND, DB, NAME). */
static int copy_tags(struct copy *c, enum store_tag_kind kind, const char *db, const char *name)
{
    json_t *tags = NULL;
    int rc = store_tags_update(c->src, c->catalog, kind, db, name, NULL, NULL, &tags, &c->err);
    if (rc == CAT_OK && json_object_size(tags) > 0)
        rc = store_tags_update(c->dst, c->catalog, kind, db, name, tags, NULL, NULL, &c->err);
    json_decref(tags);
    return rc;
}

/* Copy the statistics of the columns COLUMNS of a table (PART 0) or partition. */
static int copy_colstats(struct copy *c, struct store_ptable *spt, long long spart,
                         struct store_ptable *dpt, long long dpart, const json_t *columns,
                         long long *n)
{
    const json_t *col;
    size_t i;
    int rc = CAT_OK;
    json_array_foreach(columns, i, col) {
        json_t *cs = NULL;
        const char *name = json_string_value(col);
        if ((rc = store_colstats_get(c->src, spt, spart, name, &cs, &c->err)) == CAT_OK && cs) {
            rc = store_colstats_put(c->dst, dpt, dpart, name, cs, &c->err);
            ++*n;
        }
        json_decref(cs);
        if (rc != CAT_OK)
            break;
    }
    return rc;
}

/* ================================================================ */
/* Partitions.                                                        */

/* A batch of partitions read from the source: {"v": Values, "in": PartitionInput, "t":
** CreationTime} objects, and the Values text of the last one. */
struct pbatch {
    json_t *items;
    char *last;
};

/* A row back into the PartitionInput it was written from: its members, Values, and its
** descriptor made whole (base, differences, location), as present.c presents it. */
static int batch_row(void *arg, const struct store_prow *row)
{
    struct pbatch *b = arg;
    json_t *values = json_loads(row->values, 0, NULL), *in = NULL, *v;
    const char *key;
    size_t i;
    if (row->members)
        in = json_loads(row->members, 0, NULL);
    if (in == NULL)
        in = json_object();
    if (row->base || row->sd_diff || row->sd_absent || row->location) {
        json_t *sd = row->base ? json_deep_copy(row->base) : json_object();
        json_object_foreach((json_t *)row->sd_diff, key, v)
            json_object_set(sd, key, v);
        json_array_foreach((json_t *)row->sd_absent, i, v)
            json_object_del(sd, json_string_value(v));
        if (row->location)
            json_object_set_new(sd, "Location", json_string(row->location));
        else
            json_object_del(sd, "Location");
        json_object_set_new(in, "StorageDescriptor", sd);
    }
    json_object_set(in, "Values", values);
    json_array_append_new(
        b->items, json_pack("{s:o, s:o, s:f}", "v", values, "in", in, "t", row->creation_time));
    free(b->last);
    b->last = xstrdup(row->values);
    return CAT_OK;
}

/* Order of items by CreationTime (qsort's context through a file-scope pointer is not
** thread-safe; copy runs on one thread). */
static const double *sort_times;

static int by_time(const void *a, const void *b)
{
    double x = sort_times[*(const size_t *)a], y = sort_times[*(const size_t *)b];
    return x < y ? -1 : x > y;
}

/* Insert the partitions ITEMS (see struct pbatch) into DPT: one store_partition_insert_many
** per distinct CreationTime (partitions of one BatchCreatePartition share theirs), so that a
** batch is a few statements, not one per partition. */
static int insert_batch(struct copy *c, struct store_ptable *dpt, const json_t *items)
{
    size_t n = json_array_size(items), i, j, k;
    size_t *order = xcalloc(n ? n : 1, sizeof(*order));
    double *times = xcalloc(n ? n : 1, sizeof(*times));
    const json_t **vals = xcalloc(n ? n : 1, sizeof(*vals));
    const json_t **ins = xcalloc(n ? n : 1, sizeof(*ins));
    int *rcs = xcalloc(n ? n : 1, sizeof(*rcs)), rc = CAT_OK;
    for (i = 0; i < n; i++) {
        order[i] = i;
        times[i] = json_real_value(json_object_get(json_array_get(items, i), "t"));
    }
    sort_times = times;
    qsort(order, n, sizeof(*order), by_time);
    for (i = 0; i < n && rc == CAT_OK; i = j) {
        for (j = i, k = 0; j < n && times[order[j]] == times[order[i]]; j++, k++) {
            const json_t *item = json_array_get(items, order[j]);
            vals[k] = json_object_get(item, "v");
            ins[k] = json_object_get(item, "in");
        }
        rc = store_partition_insert_many(c->dst, dpt, k, vals, ins, times[order[i]], rcs, &c->err);
        for (k = 0; rc == CAT_OK && k < j - i; k++)
            if (rcs[k] != CAT_OK)
                rc = srv_error_set(&c->err, rcs[k], "Partition already exists.");
    }
    free(order);
    free(times);
    free(vals);
    free(ins);
    free(rcs);
    return rc;
}

/* Copy the partitions of table SPT (source) to its copy DB.NAME, BATCH per transaction. */
static int copy_partitions(struct copy *c, struct store_ptable *spt, const char *db,
                           const char *name, struct counts *n)
{
    struct pbatch b = {NULL, NULL};
    json_t *tcols = table_columns(spt->table);
    int rc = CAT_OK;
    for (;;) {
        struct store_pquery q = {NULL, 0, 0, b.last, c->batch};
        struct store_ptable dpt = {0};
        json_t *item;
        size_t i, got;
        b.items = json_array();
        where(c, "partitions of table", db, name);
        if ((rc = store_partition_query(c->src, spt, &q, batch_row, &b, &c->err)) != CAT_OK)
            break;
        if ((got = json_array_size(b.items)) == 0)
            break;
        /* statistics of the partitions: read before writing (no reads nested in a visit) */
        json_array_foreach(b.items, i, item) {
            long long part = 0;
            json_t *cols = NULL, *stats = json_object(), *col;
            size_t j;
            if ((rc = store_partition_locate(c->src, spt, json_object_get(item, "v"), &part, &cols,
                                             &c->err)) != CAT_OK) {
                json_decref(stats);
                break;
            }
            json_array_foreach(json_array_size(cols) ? cols : tcols, j, col) {
                const char *cn =
                    json_string_value(json_is_string(col) ? col : json_object_get(col, "Name"));
                char *l = util_lower(cn ? cn : "");
                json_t *cs = NULL;
                rc = store_colstats_get(c->src, spt, part, l, &cs, &c->err);
                if (rc == CAT_OK && cs)
                    json_object_set_new(stats, l, cs);
                free(l);
                if (rc != CAT_OK)
                    break;
            }
            json_decref(cols);
            if (json_object_size(stats))
                json_object_set(item, "s", stats);
            json_decref(stats);
            if (rc != CAT_OK)
                break;
        }
        if (rc != CAT_OK)
            break;
        if ((rc = store_begin(c->dst, &c->err)) == CAT_OK &&
            (rc = store_ptable_open(c->dst, c->catalog, db, name, &dpt, &c->err)) == CAT_OK &&
            (rc = insert_batch(c, &dpt, b.items)) == CAT_OK) {
            json_array_foreach(b.items, i, item) {
                const json_t *stats = json_object_get(item, "s"), *cs;
                const char *col;
                long long part = 0;
                json_t *cols = NULL;
                if (stats == NULL)
                    continue;
                rc = store_partition_locate(c->dst, &dpt, json_object_get(item, "v"), &part, &cols,
                                            &c->err);
                json_decref(cols);
                json_object_foreach((json_t *)stats, col, cs) {
                    if (rc != CAT_OK)
                        break;
                    rc = store_colstats_put(c->dst, &dpt, part, col, cs, &c->err);
                    n->colstats++;
                }
                if (rc != CAT_OK)
                    break;
            }
        }
        store_ptable_close(&dpt);
        if (rc == CAT_OK)
            rc = store_commit(c->dst, &c->err);
        store_rollback(c->dst);
        if (rc != CAT_OK)
            break;
        if ((n->partitions + (long long)got) / 100000 != n->partitions / 100000)
            fprintf(stderr, "catalogd copy: %s: table %s.%s: %lld partitions so far\n", c->catalog,
                    db, name, n->partitions + (long long)got);
        n->partitions += (long long)got;
        json_decref(b.items);
        b.items = NULL;
        if ((int)got < c->batch)
            break;
    }
    json_decref(b.items);
    json_decref(tcols);
    free(b.last);
    return rc;
}

/* ================================================================ */
/* Tables, databases, functions, policies, crawlers.                  */

/* Copy the Iceberg metadata parts of table NAME of DB (store.h), if it has any. */
static int copy_iceberg(struct copy *c, const char *db, const char *name)
{
    json_t *head = NULL, *snaps = NULL, *log = NULL;
    char *loc = NULL;
    int rc = store_ice_get(c->src, c->catalog, db, name, &loc, &head, &c->err);
    if (rc == CAT_OK && head &&
        (rc = store_ice_snapshots(c->src, c->catalog, db, name, NULL, &snaps, &log, &c->err)) ==
            CAT_OK)
        rc = store_ice_replace(c->dst, c->catalog, db, name, loc, head, snaps, log, &c->err);
    json_decref(head);
    json_decref(snaps);
    json_decref(log);
    free(loc);
    return rc;
}

/* Copy table T (a full Table object of the source) of database DB: its current and archived
** versions, tags, statistics and partition indexes in one transaction, then its partitions. */
static int copy_table(struct copy *c, const char *db, const json_t *t, struct counts *n)
{
    const char *name = json_string_value(json_object_get(t, "Name"));
    long long version = version_of(t), before = -1;
    json_t *versions = json_array(), *tbl, *page = NULL, *v, *cols = NULL, *idx = NULL;
    struct store_ptable spt = {0}, dpt = {0};
    size_t i;
    int rc, more = 0;
    where(c, "table", db, name);
    do { /* archived versions, newest first */
        if ((rc = store_version_list(c->src, c->catalog, db, name, before, PAGE, 0, &page, &more,
                                     &c->err)) != CAT_OK)
            goto done;
        json_array_foreach(page, i, v)
            json_array_append(versions, v);
        if (json_array_size(page))
            before = version_of(json_array_get(page, json_array_size(page) - 1));
        json_decref(page);
        page = NULL;
    } while (more);
    if ((rc = store_ptable_open(c->src, c->catalog, db, name, &spt, &c->err)) != CAT_OK)
        goto done;
    tbl = json_deep_copy(t);
    json_object_del(tbl, "DatabaseName");
    json_object_del(tbl, "CatalogId");
    json_object_del(tbl, "VersionId");
    if ((rc = store_begin(c->dst, &c->err)) == CAT_OK &&
        (rc = store_table_insert(c->dst, c->catalog, db, tbl, &c->err)) == CAT_OK) {
        for (i = json_array_size(versions); rc == CAT_OK && i-- > 0;) {
            v = json_array_get(versions, i);
            rc = store_version_archive(c->dst, c->catalog, db, name, version_of(v), v, &c->err);
        }
        if (rc == CAT_OK && version != 0)
            rc = store_table_replace(c->dst, c->catalog, db, tbl, 0, version, &c->err);
        if (rc == CAT_OK)
            rc = copy_iceberg(c, db, name);
    }
    json_decref(tbl);
    if (rc == CAT_OK && (rc = copy_tags(c, STORE_TAG_TABLE, db, name)) == CAT_OK &&
        (rc = store_ptable_open(c->dst, c->catalog, db, name, &dpt, &c->err)) == CAT_OK) {
        cols = table_columns(spt.table);
        rc = copy_colstats(c, &spt, 0, &dpt, 0, cols, &n->colstats);
        if (rc == CAT_OK && spt.nkeys > 0 &&
            (rc = store_pindex_list(c->src, &spt, &idx, &c->err)) == CAT_OK) {
            json_array_foreach(idx, i, v) {
                json_t *keys = json_array(), *k;
                size_t j;
                json_array_foreach(json_object_get(v, "Keys"), j, k)
                    json_array_append(keys, json_object_get(k, "Name"));
                rc = store_pindex_create(c->dst, &dpt,
                                         json_string_value(json_object_get(v, "IndexName")), keys,
                                         &c->err);
                json_decref(keys);
                if (rc != CAT_OK)
                    break;
            }
        }
    }
    store_ptable_close(&dpt);
    if (rc == CAT_OK)
        rc = store_commit(c->dst, &c->err);
    store_rollback(c->dst);
    if (rc != CAT_OK)
        goto done;
    n->tables++;
    n->versions += 1 + (long long)json_array_size(versions);
    if (spt.nkeys > 0)
        rc = copy_partitions(c, &spt, db, name, n);
done:
    store_ptable_close(&spt);
    json_decref(versions);
    json_decref(cols);
    json_decref(idx);
    return rc;
}

static int copy_database(struct copy *c, const json_t *d, struct counts *n)
{
    const char *name = json_string_value(json_object_get(d, "Name"));
    json_t *db = json_deep_copy(d), *page = NULL, *t;
    char *after = NULL;
    size_t i;
    int rc, more = 0;
    json_object_del(db, "CatalogId");
    where(c, "database", name, NULL);
    if ((rc = store_begin(c->dst, &c->err)) == CAT_OK &&
        (rc = store_db_insert(c->dst, c->catalog, db, &c->err)) == CAT_OK &&
        (rc = copy_tags(c, STORE_TAG_DATABASE, name, NULL)) == CAT_OK)
        rc = store_commit(c->dst, &c->err);
    store_rollback(c->dst);
    json_decref(db);
    if (rc != CAT_OK)
        return rc;
    n->databases++;
    do {
        where(c, "tables of database", name, NULL);
        if ((rc = store_table_list(c->src, c->catalog, name, after, PAGE, 0, NULL, NULL, &page,
                                   &more, &c->err)) != CAT_OK)
            break;
        json_array_foreach(page, i, t)
            if ((rc = copy_table(c, name, t, n)) != CAT_OK)
                break;
        if (rc == CAT_OK && json_array_size(page)) {
            free(after);
            after = xstrdup(json_string_value(
                json_object_get(json_array_get(page, json_array_size(page) - 1), "Name")));
        }
        json_decref(page);
        page = NULL;
    } while (rc == CAT_OK && more);
    free(after);
    return rc;
}

static int copy_functions(struct copy *c, struct counts *n)
{
    json_t *page = NULL, *fn;
    char *after_db = NULL, *after_name = NULL;
    size_t i;
    int rc, more = 0;
    do {
        where(c, "functions", NULL, NULL);
        if ((rc = store_udf_list(c->src, c->catalog, NULL, after_db, after_name, PAGE, 0, NULL,
                                 NULL, &page, &more, &c->err)) != CAT_OK)
            break;
        json_array_foreach(page, i, fn) {
            const char *db = json_string_value(json_object_get(fn, "DatabaseName"));
            const char *name = json_string_value(json_object_get(fn, "FunctionName"));
            json_t *copy = json_deep_copy(fn);
            json_object_del(copy, "DatabaseName");
            json_object_del(copy, "CatalogId");
            where(c, "function", db, name);
            if ((rc = store_begin(c->dst, &c->err)) == CAT_OK &&
                (rc = store_udf_insert(c->dst, c->catalog, db, copy, &c->err)) == CAT_OK &&
                (rc = copy_tags(c, STORE_TAG_FUNCTION, db, name)) == CAT_OK)
                rc = store_commit(c->dst, &c->err);
            store_rollback(c->dst);
            json_decref(copy);
            if (rc != CAT_OK)
                break;
            n->functions++;
            free(after_db);
            free(after_name);
            after_db = xstrdup(db);
            after_name = xstrdup(name);
        }
        json_decref(page);
        page = NULL;
    } while (rc == CAT_OK && more);
    free(after_db);
    free(after_name);
    return rc;
}

/* The resource policies: the catalog's own (ARN "") and those of single resources. */
static int copy_policies(struct copy *c)
{
    json_t *arns = NULL, *arn;
    size_t i;
    int rc;
    where(c, "resource policies", NULL, NULL);
    if ((rc = store_policy_arns(c->src, c->catalog, &arns, &c->err)) != CAT_OK)
        return rc;
    json_array_foreach(arns, i, arn) {
        const char *a = json_string_value(arn);
        json_t *p = NULL;
        where(c, "the resource policy of", *a ? a : "the catalog", NULL);
        if ((rc = store_policy_get(c->src, c->catalog, a, &p, &c->err)) == CAT_OK &&
            (rc = store_begin(c->dst, &c->err)) == CAT_OK &&
            (rc = store_policy_put(
                 c->dst, c->catalog, a, json_string_value(json_object_get(p, "PolicyInJson")),
                 json_string_value(json_object_get(p, "PolicyHash")), &c->err)) == CAT_OK)
            rc = store_commit(c->dst, &c->err);
        store_rollback(c->dst);
        json_decref(p);
        if (rc != CAT_OK)
            break;
    }
    json_decref(arns);
    return rc;
}

static int copy_crawlers(struct copy *c, struct counts *n)
{
    json_t *page = NULL, *cr, *crawls = NULL, *h;
    char *after = NULL;
    size_t i, j;
    int rc, more = 0;
    do {
        where(c, "crawlers", NULL, NULL);
        if ((rc = store_crawler_list(c->src, c->catalog, after, PAGE, &page, &more, &c->err)) !=
            CAT_OK)
            break;
        json_array_foreach(page, i, cr) {
            const char *name = json_string_value(json_object_get(cr, "Name"));
            where(c, "crawler", name, NULL);
            if ((rc = store_crawl_list(c->src, c->catalog, name, &crawls, &c->err)) != CAT_OK)
                break;
            if ((rc = store_begin(c->dst, &c->err)) == CAT_OK &&
                (rc = store_crawler_insert(c->dst, c->catalog, cr, &c->err)) == CAT_OK) {
                for (j = json_array_size(crawls); rc == CAT_OK && j-- > 0;) { /* oldest first */
                    h = json_array_get(crawls, j);
                    rc = store_crawl_put(c->dst, c->catalog, name, h, &c->err);
                }
                if (rc == CAT_OK)
                    rc = store_commit(c->dst, &c->err);
            }
            store_rollback(c->dst);
            json_decref(crawls);
            crawls = NULL;
            if (rc != CAT_OK)
                break;
            n->crawlers++;
            free(after);
            after = xstrdup(name);
        }
        json_decref(page);
        page = NULL;
    } while (rc == CAT_OK && more);
    free(after);
    return rc;
}

/* ================================================================ */
/* Counting.                                                          */

struct pcount {
    long long n;
    char *last;
};

static int count_row(void *arg, const struct store_prow *row)
{
    struct pcount *p = arg;
    p->n++;
    free(p->last);
    p->last = xstrdup(row->values);
    return CAT_OK;
}

static int count_partitions(struct store *st, const char *catalog, const char *db, const char *name,
                            long long *out, struct srv_error *err)
{
    struct store_ptable pt = {0};
    struct pcount p = {0, NULL};
    int rc;
    if ((rc = store_ptable_open(st, catalog, db, name, &pt, err)) != CAT_OK)
        return rc;
    while (pt.nkeys > 0) {
        struct store_pquery q = {NULL, 0, 0, p.last, COUNT_PAGE};
        long long before = p.n;
        if ((rc = store_partition_query(st, &pt, &q, count_row, &p, err)) != CAT_OK ||
            p.n - before < COUNT_PAGE)
            break;
    }
    store_ptable_close(&pt);
    free(p.last);
    *out += p.n;
    return rc;
}

/* What store ST holds of CATALOG. */
static int count_side(struct store *st, const char *catalog, struct counts *n,
                      struct srv_error *err)
{
    json_t *dbs = NULL, *tables = NULL, *page = NULL, *d, *t;
    char *after = NULL, *after_t = NULL, *after_name = NULL;
    size_t i, j;
    int rc, more = 0, tmore = 0;
    memset(n, 0, sizeof(*n));
    do {
        if ((rc = store_db_list(st, catalog, after, PAGE, 0, &dbs, &more, err)) != CAT_OK)
            break;
        json_array_foreach(dbs, i, d) {
            const char *db = json_string_value(json_object_get(d, "Name"));
            n->databases++;
            do {
                if ((rc = store_table_list(st, catalog, db, after_t, PAGE, 0, NULL, NULL, &tables,
                                           &tmore, err)) != CAT_OK)
                    break;
                json_array_foreach(tables, j, t) {
                    const char *name = json_string_value(json_object_get(t, "Name"));
                    long long before = -1;
                    int vmore = 0;
                    n->tables++;
                    n->versions++;
                    do {
                        if ((rc = store_version_list(st, catalog, db, name, before, PAGE, 0, &page,
                                                     &vmore, err)) != CAT_OK)
                            break;
                        n->versions += (long long)json_array_size(page);
                        if (json_array_size(page))
                            before = version_of(json_array_get(page, json_array_size(page) - 1));
                        json_decref(page);
                        page = NULL;
                    } while (vmore);
                    if (rc != CAT_OK || (rc = count_partitions(st, catalog, db, name,
                                                               &n->partitions, err)) != CAT_OK)
                        break;
                    free(after_t);
                    after_t = xstrdup(name);
                }
                json_decref(tables);
                tables = NULL;
            } while (rc == CAT_OK && tmore);
            free(after_t);
            after_t = NULL;
            if (rc != CAT_OK)
                break;
            free(after);
            after = xstrdup(db);
        }
        json_decref(dbs);
        dbs = NULL;
    } while (rc == CAT_OK && more);
    free(after);
    free(after_t);
    after = NULL;
    while (rc == CAT_OK) { /* functions */
        if ((rc = store_udf_list(st, catalog, NULL, after, after_name, PAGE, 0, NULL, NULL, &page,
                                 &more, err)) != CAT_OK)
            break;
        n->functions += (long long)json_array_size(page);
        if (json_array_size(page)) {
            const json_t *last = json_array_get(page, json_array_size(page) - 1);
            free(after);
            free(after_name);
            after = xstrdup(json_string_value(json_object_get(last, "DatabaseName")));
            after_name = xstrdup(json_string_value(json_object_get(last, "FunctionName")));
        }
        json_decref(page);
        page = NULL;
        if (!more)
            break;
    }
    free(after);
    free(after_name);
    after = NULL;
    while (rc == CAT_OK) { /* crawlers */
        if ((rc = store_crawler_list(st, catalog, after, PAGE, &page, &more, err)) != CAT_OK)
            break;
        n->crawlers += (long long)json_array_size(page);
        if (json_array_size(page)) {
            free(after);
            after = xstrdup(json_string_value(
                json_object_get(json_array_get(page, json_array_size(page) - 1), "Name")));
        }
        json_decref(page);
        page = NULL;
        if (!more)
            break;
    }
    free(after);
    return rc;
}

/* Print the counts of both sides; 0 when they agree. */
static int compare(const char *catalog, const struct counts *s, const struct counts *d)
{
    static const struct {
        const char *name;
        size_t off;
    } ROWS[] = {{"databases", offsetof(struct counts, databases)},
                {"tables", offsetof(struct counts, tables)},
                {"table versions", offsetof(struct counts, versions)},
                {"partitions", offsetof(struct counts, partitions)},
                {"functions", offsetof(struct counts, functions)},
                {"crawlers", offsetof(struct counts, crawlers)}};
    size_t i;
    int bad = 0;
    printf("catalog %s:\n  %-16s %12s %12s\n", catalog, "", "source", "destination");
    for (i = 0; i < sizeof(ROWS) / sizeof(ROWS[0]); i++) {
        long long a = *(const long long *)(const void *)((const char *)s + ROWS[i].off);
        long long b = *(const long long *)(const void *)((const char *)d + ROWS[i].off);
        printf("  %-16s %12lld %12lld%s\n", ROWS[i].name, a, b, a == b ? "" : "  MISMATCH");
        bad |= a != b;
    }
    return bad;
}

/* ================================================================ */

static int copy_catalog(struct copy *c, struct counts *n)
{
    json_t *page = NULL, *d;
    char *after = NULL;
    size_t i;
    int rc, more = 0;
    memset(n, 0, sizeof(*n));
    do {
        where(c, "databases", NULL, NULL);
        if ((rc = store_db_list(c->src, c->catalog, after, PAGE, 0, &page, &more, &c->err)) !=
            CAT_OK)
            break;
        json_array_foreach(page, i, d) {
            if ((rc = copy_database(c, d, n)) != CAT_OK)
                break;
            free(after);
            after = xstrdup(json_string_value(json_object_get(d, "Name")));
            fprintf(stderr,
                    "catalogd copy: %s: database %s copied (%lld tables, %lld partitions so far)\n",
                    c->catalog, after, n->tables, n->partitions);
        }
        json_decref(page);
        page = NULL;
    } while (rc == CAT_OK && more);
    free(after);
    if (rc == CAT_OK)
        rc = copy_functions(c, n);
    if (rc == CAT_OK)
        rc = copy_policies(c);
    if (rc == CAT_OK)
        rc = copy_crawlers(c, n);
    return rc;
}

/* The command line's settings. */
struct copy_args {
    const char *from, *to, *catalogs[MAX_CATALOGS];
    int ncat;
};

/* Parse ARGV into *A and C's batch size: -1 to go on, else the exit status (usage: 2). */
static int copy_args(int argc, char **argv, struct copy_args *a, struct copy *c)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, 'f'},    {"to", required_argument, NULL, 't'},
        {"catalog", required_argument, NULL, 'c'}, {"batch", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'f':
            a->from = optarg;
            break;
        case 't':
            a->to = optarg;
            break;
        case 'c':
            if (a->ncat == MAX_CATALOGS || *optarg == '\0') {
                fprintf(stderr, "catalogd copy: at most %d non-empty --catalog\n", MAX_CATALOGS);
                return 2;
            }
            a->catalogs[a->ncat++] = optarg;
            break;
        case 'b': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || v < 1 || v > 100000) {
                fprintf(stderr, "catalogd copy: --batch must be 1 to 100000, not '%s'\n", optarg);
                return 2;
            }
            c->batch = (int)v;
            break;
        }
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc || a->from == NULL || a->to == NULL) {
        usage(stderr);
        return 2;
    }
    if (strcmp(a->from, a->to) == 0) {
        fprintf(stderr, "catalogd copy: --from and --to name the same store\n");
        return 2;
    }
    if (a->ncat == 0)
        a->catalogs[a->ncat++] = COPY_DEFAULT_CATALOG;
    return -1;
}

/* 0 when the destination has no database and no crawler in any of A's catalogs; else 1, said. */
static int destination_empty(struct copy *c, const struct copy_args *a)
{
    struct srv_error err;
    int k, status = 0;
    srv_error_init(&err);
    for (k = 0; k < a->ncat && status == 0; k++) {
        json_t *page = NULL;
        int more = 0;
        if (store_db_list(c->dst, a->catalogs[k], NULL, 1, 0, &page, &more, &err) != CAT_OK) {
            fprintf(stderr, "catalogd copy: destination: %s\n", err.msg);
            status = 1;
        } else if (json_array_size(page) > 0) {
            fprintf(stderr,
                    "catalogd copy: the destination already has databases in catalog %s "
                    "(database %s): copy only into an empty catalog\n",
                    a->catalogs[k],
                    json_string_value(json_object_get(json_array_get(page, 0), "Name")));
            status = 1;
        }
        json_decref(page);
        page = NULL;
        if (status == 0 &&
            store_crawler_list(c->dst, a->catalogs[k], NULL, 1, &page, &more, &err) == CAT_OK &&
            json_array_size(page) > 0) {
            fprintf(stderr,
                    "catalogd copy: the destination already has crawlers in catalog %s "
                    "(crawler %s): copy only into an empty catalog\n",
                    a->catalogs[k],
                    json_string_value(json_object_get(json_array_get(page, 0), "Name")));
            status = 1;
        }
        json_decref(page);
    }
    return status;
}

/* Copy each of A's catalogs, then count both sides: 0, or 1 (said) on a failure or difference.
** The source is not read in one transaction: on PostgreSQL a serializable transaction that reads
** a million partitions runs out of predicate locks.  No one may write to it meanwhile (usage). */
static int copy_and_count(struct copy *c, const struct copy_args *a)
{
    struct counts copied, s, d;
    struct srv_error err;
    int k;
    srv_error_init(&err);
    for (k = 0; k < a->ncat; k++) {
        double t0 = util_monotonic();
        c->catalog = a->catalogs[k];
        if (copy_catalog(c, &copied) != CAT_OK) {
            fprintf(stderr, "catalogd copy: %s: %s: %s\n", c->catalog, c->where, c->err.msg);
            return 1;
        }
        fprintf(stderr,
                "catalogd copy: %s: copied %lld databases, %lld tables, %lld versions, %lld "
                "partitions, %lld column statistics, %lld functions, %lld crawlers in %.1f s\n",
                c->catalog, copied.databases, copied.tables, copied.versions, copied.partitions,
                copied.colstats, copied.functions, copied.crawlers, util_monotonic() - t0);
        if (count_side(c->src, c->catalog, &s, &err) != CAT_OK ||
            count_side(c->dst, c->catalog, &d, &err) != CAT_OK) {
            fprintf(stderr, "catalogd copy: %s: counting: %s\n", c->catalog, err.msg);
            return 1;
        }
        if (compare(c->catalog, &s, &d) != 0) {
            fprintf(stderr, "catalogd copy: %s: the counts differ\n", c->catalog);
            return 1;
        }
        if (s.databases == 0 && s.crawlers == 0) {
            fprintf(stderr,
                    "catalogd copy: %s: the source has no database and no crawler in this "
                    "catalog (is --catalog right?)\n",
                    c->catalog);
            return 1;
        }
    }
    return 0;
}

int copy_main(int argc, char **argv)
{
    struct copy_args a;
    struct copy c;
    struct srv_error err;
    int status;
    memset(&a, 0, sizeof(a));
    memset(&c, 0, sizeof(c));
    c.batch = DEFAULT_BATCH;
    srv_error_init(&c.err);
    srv_error_init(&err);
    if ((status = copy_args(argc, argv, &a, &c)) >= 0)
        return status;
    /* A SQLite source is created when missing: a mistyped path would copy nothing. */
    if (strncmp(a.from, "postgres", 8) != 0 && strchr(a.from, '=') == NULL &&
        strcmp(a.from, ":memory:") != 0 && access(a.from, F_OK) != 0) {
        fprintf(stderr, "catalogd copy: source %s: no such file\n", a.from);
        return 1;
    }
    if (store_open(&c.src, a.from, &err) != CAT_OK) {
        fprintf(stderr, "catalogd copy: source: %s\n", err.msg);
        return 1;
    }
    if (store_open(&c.dst, a.to, &err) != CAT_OK) {
        fprintf(stderr, "catalogd copy: destination: %s\n", err.msg);
        store_close(c.src);
        return 1;
    }
    status = destination_empty(&c, &a);
    if (status == 0)
        status = copy_and_count(&c, &a);
    store_close(c.src);
    store_close(c.dst);
    fflush(stdout);
    return status;
}
