/* ctl_ddl.c -- catalogctl's Hive DDL subcommands: client/ddl.c parses the statements, these run
** them (ddl, show-create-table). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ctl.h"
#include "ddl.h"

/* All of PATH ("-": stdin) as a new string, or NULL (reported). */
static char *read_text(const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    char *text = NULL; /* owned */
    size_t len = 0, cap = 0, got;
    if (f == NULL) {
        errf("%s: %s", path, strerror(errno));
        return NULL;
    }
    do {
        if (len + 4096 + 1 > cap) {
            char *nt = cap > (64u << 20) ? NULL : realloc(text, cap = cap * 2 + 8192);
            if (nt == NULL) {
                errf("%s: too large or out of memory", path);
                free(text);
                text = NULL;
                break;
            }
            text = nt;
        }
        got = fread(text + len, 1, 4096, f);
        len += got;
        text[len] = '\0';
    } while (got > 0);
    if (text && ferror(f)) {
        errf("%s: %s", path, strerror(errno));
        free(text);
        text = NULL;
    }
    if (f != stdin)
        fclose(f);
    return text;
}

/* The values of partition SPEC ([[key, value], ...]) in the order of TABLE's partition keys:
** a new array, or NULL with MSG (N bytes) saying why. */
static json_t *spec_values(const json_t *table, const json_t *spec, char *msg, size_t n)
{
    const json_t *keys = json_object_get(table, "PartitionKeys"), *key, *kv = NULL;
    json_t *values = json_array();
    size_t i, j;
    if (json_array_size(spec) != json_array_size(keys)) {
        snprintf(msg, n, "a partition of %s names %zu keys; the table has %zu",
                 str_or(json_object_get(table, "Name")), json_array_size(spec),
                 json_array_size(keys));
        json_decref(values);
        return NULL;
    }
    json_array_foreach(keys, i, key) {
        const char *name = str_or(json_object_get(key, "Name"));
        json_array_foreach(spec, j, kv) {
            if (strcasecmp(str_or(json_array_get(kv, 0)), name) == 0)
                break;
        }
        if (j == json_array_size(spec)) {
            snprintf(msg, n, "a partition of %s has no value for key %s",
                     str_or(json_object_get(table, "Name")), name);
            json_decref(values);
            return NULL;
        }
        json_array_append(values, json_array_get(kv, 1));
    }
    return values;
}

/* ALTER TABLE ... ADD|DROP PARTITION: one BatchCreatePartition/BatchDeletePartition call per
** 100 partitions; "already exists" (ADD IF NOT EXISTS) and "not found" (DROP IF EXISTS) are not
** failures. */
static int ddl_partitions(cat_client *c, const json_t *stmt, int add)
{
    const char *db = str_or(json_object_get(stmt, "DatabaseName"));
    const char *tname = str_or(json_object_get(stmt, "TableName"));
    const char *tolerated = add ? "AlreadyExistsException" : "EntityNotFoundException";
    int lenient = json_is_true(json_object_get(stmt, add ? "IfNotExists" : "IfExists"));
    json_t *table = NULL, *batch = json_array(), *errors = json_array(); /* owned */
    const json_t *part, *e;
    struct args a; /* for send_batch: the database and table */
    char msg[512];
    size_t i, nparts = json_array_size(json_object_get(stmt, "Partitions"));
    int rc;
    memset(&a, 0, sizeof a);
    a.v[O_DATABASE] = db;
    a.v[O_TABLE] = tname;
    if ((rc = fetch_table(c, db, tname, &table)) != 0)
        goto done;
    json_array_foreach(json_object_get(stmt, "Partitions"), i, part) {
        json_t *values = spec_values(table, json_object_get(part, "Spec"), msg, sizeof msg);
        if (values == NULL) {
            errf("%s", msg);
            rc = EXIT_FAIL;
            goto done;
        }
        if (add)
            json_array_append_new(
                batch, partition_input(table, values,
                                       json_string_value(json_object_get(part, "Location"))));
        else
            json_array_append_new(batch, json_pack("{s:O}", "Values", values));
        json_decref(values);
        if (json_array_size(batch) == 100 || i + 1 == nparts) {
            if ((rc = send_batch(c, &a, add ? "BatchCreatePartition" : "BatchDeletePartition",
                                 add ? "PartitionInputList" : "PartitionsToDelete", batch,
                                 errors)) != 0)
                goto done;
            json_array_clear(batch);
        }
    }
    json_array_foreach(errors, i, e) {
        const json_t *d = json_object_get(e, "ErrorDetail");
        if (lenient && strcmp(str_or(json_object_get(d, "ErrorCode")), tolerated) == 0)
            continue;
        errf("%s", str_or(json_object_get(d, "ErrorMessage")));
        rc = EXIT_FAIL;
        break;
    }
done:
    json_decref(table);
    json_decref(batch);
    json_decref(errors);
    return rc;
}

/* MSCK REPAIR TABLE: a crawler with the table as its CatalogTarget and UpdateBehavior LOG adds
** the partitions whose folders are new (the crawler's partition pass), keeping the schema. */
static int ddl_msck(cat_client *c, const json_t *stmt)
{
    const char *db = str_or(json_object_get(stmt, "DatabaseName"));
    const char *tname = str_or(json_object_get(stmt, "TableName"));
    json_t *in, *crawler = NULL, *req, *resp = NULL; /* owned */
    const char *status;
    char name[600], label[600];
    int rc;
    snprintf(name, sizeof name, "catalogctl-msck-%.255s-%.255s", db, tname);
    snprintf(label, sizeof label, "%.255s.%.255s", db, tname);
    in = json_pack("{s:s, s:s, s:{s:[{s:s, s:[s]}]}, s:{s:s, s:s}}", "Name", name, "Role",
                   "catalogctl", "Targets", "CatalogTargets", "DatabaseName", db, "Tables", tname,
                   "SchemaChangePolicy", "UpdateBehavior", "LOG", "DeleteBehavior", "LOG");
    rc = run_crawler(c, in, label, &crawler);
    json_decref(in);
    if (rc != 0)
        return rc;
    status = str_or(at_path(crawler, "LastCrawl.Status"));
    if (strcmp(status, "SUCCEEDED") != 0) {
        errf("MSCK REPAIR TABLE %s %s: %s", label, status,
             str_or(at_path(crawler, "LastCrawl.ErrorMessage")));
        json_decref(crawler);
        return EXIT_FAIL;
    }
    json_decref(crawler);
    req = json_pack("{s:s, s:i}", "CrawlerName", name, "MaxResults", 1);
    if ((rc = cat_call(&resp, c, "ListCrawls", req)) == CAT_OK) {
        json_t *sj = json_loads(
            str_or(at_path(json_array_get(json_object_get(resp, "Crawls"), 0), "Summary")), 0,
            NULL);
        printf("Repair: added %lld partitions to %s\n",
               (long long)json_integer_value(at_path(at_path(sj, "PARTITION"), "ADD")), label);
        json_decref(sj);
    }
    json_decref(req);
    json_decref(resp);
    return rc == CAT_OK ? 0 : call_failed(c, rc);
}

/* SHOW PARTITIONS: one "k=v/k2=v2" line per partition, as Hive prints them. */
static int ddl_show_partitions(cat_client *c, const json_t *stmt)
{
    const char *db = str_or(json_object_get(stmt, "DatabaseName"));
    const char *tname = str_or(json_object_get(stmt, "TableName"));
    const json_t *p, *keys;
    json_t *table = NULL; /* owned */
    cat_iter *it = NULL;
    size_t i;
    int rc;
    if ((rc = fetch_table(c, db, tname, &table)) != 0)
        return rc;
    keys = json_object_get(table, "PartitionKeys");
    if (catalog_id)
        cat_client_set(c, CAT_OPT_CATALOG_ID, catalog_id);
    rc = cat_iter_partitions(&it, c, db, tname, NULL, 0, 1);
    while (rc == CAT_OK && (rc = cat_iter_next(&p, it)) == CAT_OK)
        for (i = 0; i < json_array_size(keys); i++)
            printf("%s=%s%s", str_or(json_object_get(json_array_get(keys, i), "Name")),
                   str_or(json_array_get(json_object_get(p, "Values"), i)),
                   i + 1 < json_array_size(keys) ? "/" : "\n");
    cat_iter_free(it);
    json_decref(table);
    return rc == CAT_ITEROVER ? 0 : call_failed(c, rc);
}

/* Run one parsed statement (see ddl.h). */
static int ddl_run(cat_client *c, const json_t *stmt)
{
    const char *what = str_or(json_object_get(stmt, "Statement"));
    json_t *req = request(NULL), *resp = NULL; /* owned */
    int rc, ignore = CAT_OK;
    if (strcmp(what, "AddPartitions") == 0 || strcmp(what, "DropPartitions") == 0) {
        json_decref(req);
        return ddl_partitions(c, stmt, what[0] == 'A');
    }
    if (strcmp(what, "MsckRepairTable") == 0 || strcmp(what, "ShowPartitions") == 0) {
        json_decref(req);
        return what[0] == 'M' ? ddl_msck(c, stmt) : ddl_show_partitions(c, stmt);
    }
    if (strcmp(what, "CreateTable") == 0) {
        json_object_set(req, "DatabaseName", json_object_get(stmt, "DatabaseName"));
        json_object_set(req, "TableInput", json_object_get(stmt, "TableInput"));
        ignore = json_is_true(json_object_get(stmt, "IfNotExists")) ? CAT_EEXISTS : CAT_OK;
    } else if (strcmp(what, "CreateDatabase") == 0) {
        json_object_set(req, "DatabaseInput", json_object_get(stmt, "DatabaseInput"));
        ignore = json_is_true(json_object_get(stmt, "IfNotExists")) ? CAT_EEXISTS : CAT_OK;
    } else { /* DropTable */
        what = "DeleteTable";
        json_object_set(req, "DatabaseName", json_object_get(stmt, "DatabaseName"));
        json_object_set(req, "Name", json_object_get(stmt, "Name"));
        ignore = json_is_true(json_object_get(stmt, "IfExists")) ? CAT_ENOTFOUND : CAT_OK;
    }
    rc = cat_call(&resp, c, what, req);
    json_decref(req);
    json_decref(resp);
    return rc == CAT_OK || (ignore != CAT_OK && rc == ignore) ? 0 : call_failed(c, rc);
}

int cmd_ddl(cat_client *c, const struct cmd *cmd, struct args *a)
{
    char *text = NULL, err[512]; /* owned */
    json_t *stmts = NULL, *stmt;
    size_t i;
    int rc = 0;
    if ((a->nposargs == 1) == (a->v[O_FILE] != NULL))
        return usage_error(cmd, "ddl takes one STATEMENTS argument or -f FILE", NULL);
    if (a->v[O_FILE] && (text = read_text(a->v[O_FILE])) == NULL)
        return EXIT_FAIL;
    if (ddl_parse(text ? text : a->posargs[0], a->v[O_DATABASE], &stmts, err, sizeof err) != 0) {
        errf("%s%s%s", a->v[O_FILE] ? a->v[O_FILE] : "", a->v[O_FILE] ? ": " : "", err);
        free(text);
        return EXIT_FAIL;
    }
    free(text);
    json_array_foreach(stmts, i, stmt) {
        if ((rc = ddl_run(c, stmt)) != 0)
            break;
    }
    json_decref(stmts);
    return rc;
}

int cmd_show_create_table(cat_client *c, const struct cmd *cmd, struct args *a)
{
    json_t *table = NULL;
    char *text;
    int rc;
    (void)cmd;
    if ((rc = fetch_table(c, a->v[O_DATABASE], a->v[O_NAME], &table)) != 0)
        return rc;
    text = ddl_create_table(table);
    json_decref(table);
    if (text == NULL) {
        errf("out of memory");
        return EXIT_FAIL;
    }
    fputs(text, stdout);
    free(text);
    return 0;
}
