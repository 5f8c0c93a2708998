/* table.c -- Table resource: create/get/list/update/delete, batch delete, table versions. */
#include "ops/table.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "lang/namepat.h"
#include "ops/colstats.h"
#include "ops/iceberg.h"
#include "ops/pindex.h"
#include "ops/present.h"
#include "ops/token.h"
#include "ops/typecheck.h"

/* ================================================================ */
/* Shapes.                                                            */

/* A new Table object from TableInput TI: Name folded, times set. */
static json_t *table_from_input(const json_t *ti, double create_time)
{
    json_t *t = json_deep_copy(ti);
    const char *name = json_string_value(json_object_get(ti, "Name"));
    char *lower = util_lower(name ? name : "");
    json_object_set_new(t, "Name", json_string(lower));
    json_object_set_new(t, "CreateTime", json_real(create_time));
    json_object_set_new(t, "UpdateTime", json_real(util_now()));
    free(lower);
    return t;
}

static const json_t *table_input(const json_t *in, struct srv_error *err)
{
    const json_t *ti = json_object_get(in, "TableInput");
    if (!json_is_object(ti) || !json_is_string(json_object_get(ti, "Name"))) {
        srv_error_set(err, CAT_EINVAL, "TableInput with a Name is required.");
        return NULL;
    }
    return ti;
}

/* The folded DatabaseName of IN (caller frees), or NULL with ERR set. */
static char *db_name(const json_t *in, struct srv_error *err)
{
    const char *db = ops_required_str(in, "DatabaseName", err);
    return db ? util_lower(db) : NULL;
}

/* Parse a VersionId string; -1 when it is not a non-negative integer. */
static long long parse_version(const char *s)
{
    char *end;
    long long v;
    if (s == NULL || *s < '0' || *s > '9' || (s[0] == '0' && s[1] != '\0'))
        return -1; /* versions are canonical: "01" is not version 1 */
    errno = 0;
    v = strtoll(s, &end, 10);
    return (errno || *end) ? -1 : v;
}

/* A VersionId that is not a version number is invalid input (as on Glue), not a miss. */
static int bad_version(const char *vid, struct srv_error *err)
{
    return srv_error_set(err, CAT_EINVAL,
                         "Invalid VersionId %.100s: a version is a non-negative integer.", vid);
}

/* The column and partition key types of table T (a Table object of database DB) under the
** server's type policy; the warnings (policy warn) into *WARNINGS, a new array. */
static int check_types(const char *db, const json_t *t, json_t **warnings, struct srv_error *err)
{
    char what[300];
    snprintf(what, sizeof(what), "table %.140s.%.140s", db,
             json_string_value(json_object_get(t, "Name")));
    *warnings = json_array();
    return typecheck_table(what, t, *warnings, err);
}

/* CreateTable's and UpdateTable's answer: {} as on Glue, with "Warnings" (the type check's, a
** list of messages) when there are any.  Takes WARNINGS. */
static json_t *answer_with(json_t *warnings)
{
    json_t *out = json_object();
    if (json_array_size(warnings) > 0)
        json_object_set(out, "Warnings", warnings);
    json_decref(warnings);
    return out;
}

/* ================================================================ */
/* Tables.                                                            */

/* CreateTable's PartitionIndexes, in the caller's transaction. */
static int create_indexes(struct op_ctx *ctx, const json_t *in, const char *db, const char *name,
                          struct srv_error *err)
{
    const json_t *list = json_object_get(in, "PartitionIndexes"), *idx;
    struct store_ptable pt = {0};
    size_t i;
    int rc;
    if (json_array_size(list) == 0)
        return CAT_OK;
    if ((rc = store_ptable_open(ctx->st, ops_catalog(ctx, in), db, name, &pt, err)) != CAT_OK)
        return rc;
    json_array_foreach(list, i, idx) {
        if ((rc = partition_index_add(ctx, &pt, idx, err)) != CAT_OK)
            break;
    }
    store_ptable_close(&pt);
    return rc;
}

int table_create(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *ti;
    char *db = NULL;
    json_t *t = NULL, *warnings = NULL;
    int rc;
    *out = NULL;
    if (json_object_get(json_object_get(in, "OpenTableFormatInput"), "IcebergInput"))
        return iceberg_glue_create(ctx, in, out, err); /* catalogd builds the metadata */
    if ((db = db_name(in, err)) == NULL)
        return err->code;
    if ((ti = table_input(in, err)) == NULL) {
        free(db);
        return err->code;
    }
    t = table_from_input(ti, util_now());
    if ((rc = check_types(db, t, &warnings, err)) == CAT_OK &&
        (rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = store_table_insert(ctx->st, ops_catalog(ctx, in), db, t, err)) == CAT_OK &&
        (rc = create_indexes(ctx, in, db, json_string_value(json_object_get(t, "Name")), err)) ==
            CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK) {
        *out = answer_with(warnings);
        warnings = NULL;
    }
    store_rollback(ctx->st);
    json_decref(warnings);
    json_decref(t);
    free(db);
    return rc;
}

/* Stored table T (borrowed) presented, as JSON text: GetTable's item. */
static char *render_table(const json_t *t)
{
    json_t *copy = json_deep_copy(t);
    char *text;
    present_table(copy);
    text = json_dumps(copy, JSON_COMPACT);
    json_decref(copy);
    return text;
}

/* Answers with the table as text (a single-item page), from the backend's table cache
** (store_table_text) when the table is unchanged since it was cached. */
int table_get(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *name;
    char *db = NULL, *lower = NULL, *text = NULL;
    int rc;
    *out = NULL;
    if ((name = ops_required_str(in, "Name", err)) == NULL || (db = db_name(in, err)) == NULL)
        return err->code;
    lower = util_lower(name);
    if ((rc = store_table_text(ctx->st, ops_catalog(ctx, in), db, lower, render_table, &text,
                               err)) == CAT_OK) {
        ctx->page.member = "Table";
        ctx->page.single = 1;
        ctx->page.count = 1;
        ctx->page.items.p = text;
        ctx->page.items.len = ctx->page.items.cap = strlen(text);
    }
    free(lower);
    free(db);
    return rc;
}

int table_list(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const char *token = json_string_value(json_object_get(in, "NextToken"));
    const char *expr = json_string_value(json_object_get(in, "Expression"));
    char *db = NULL, *after = NULL, *scope = NULL;
    json_t *list = NULL, *t;
    regex_t re;
    int have_re = 0, limit, more, rc;
    size_t i, n;
    *out = NULL;
    if ((db = db_name(in, err)) == NULL)
        return err->code;
    if ((rc = ops_max_results(in, 100, 100, &limit, err)) != CAT_OK)
        goto done;
    n = strlen(catalog) + strlen(db) + 2;
    scope = xmalloc(n);
    snprintf(scope, n, "%s/%s", catalog, db);
    if (token && *token && (rc = token_parse(token, "tables", scope, &after, err)) != CAT_OK)
        goto done;
    if (expr && *expr) {
        if ((rc = namepat_compile(expr, "table", &re, err)) != CAT_OK)
            goto done;
        have_re = 1;
    }
    if ((rc = store_table_list(ctx->st, catalog, db, after, limit, ctx->max_answer,
                               have_re ? namepat_match : NULL, &re, &list, &more, err)) != CAT_OK)
        goto done;
    json_array_foreach(list, i, t)
        present_table(t);
    *out = json_object();
    if (more && json_array_size(list) > 0)
        ops_set_token(*out,
                      token_make("tables", scope,
                                 json_string_value(json_object_get(
                                     json_array_get(list, json_array_size(list) - 1), "Name"))));
    ops_project(list, json_object_get(in, "AttributesToGet"));
    json_object_set_new(*out, "TableList", list);
done:
    if (have_re)
        regfree(&re);
    free(scope);
    free(after);
    free(db);
    return rc;
}

/* A partition row reader that stops at the first: *(int *)ARG = 1. */
static int any_row(void *arg, const struct store_prow *row)
{
    (void)row;
    *(int *)arg = 1;
    return STORE_STOP;
}

/* 1 when partition keys A and B (Column lists) differ in number or in a name (ASCII case
** aside).  A key's type may change (Hive's ALTER TABLE ... PARTITION COLUMN): the values are
** kept as text and compare as the new type says. */
static int keys_differ(const json_t *a, const json_t *b)
{
    size_t i;
    if (json_array_size(a) != json_array_size(b))
        return 1;
    for (i = 0; i < json_array_size(a); i++) {
        const char *an = json_string_value(json_object_get(json_array_get(a, i), "Name"));
        const char *bn = json_string_value(json_object_get(json_array_get(b, i), "Name"));
        if (strcasecmp(an ? an : "", bn ? bn : "") != 0)
            return 1;
    }
    return 0;
}

/* Refuse new partition keys for table CUR (of DB) while it has partitions: they would stay
** behind, keyed by values the table no longer describes.  In the caller's transaction. */
static int check_keys_kept(struct op_ctx *ctx, const char *catalog, const char *db,
                           const json_t *cur, const json_t *t, struct srv_error *err)
{
    const char *name = json_string_value(json_object_get(cur, "Name"));
    struct store_ptable pt = {0};
    struct store_pquery q = {0};
    int rc, found = 0;
    if (!keys_differ(json_object_get(cur, "PartitionKeys"), json_object_get(t, "PartitionKeys")))
        return CAT_OK;
    q.limit = 1;
    if ((rc = store_ptable_open(ctx->st, catalog, db, name, &pt, err)) != CAT_OK)
        return rc;
    rc = store_partition_query(ctx->st, &pt, &q, any_row, &found, err);
    store_ptable_close(&pt);
    if (rc == CAT_OK && found)
        rc = srv_error_set(err, CAT_EINVAL,
                           "Cannot change the partition keys of table %.255s.%.255s: it has "
                           "partitions.  Delete them first, or create a new table.",
                           db, name);
    return rc;
}

int table_update(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const char *want = json_string_value(json_object_get(in, "VersionId"));
    const json_t *ti;
    char *db = NULL;
    json_t *cur = NULL, *t = NULL, *warnings = NULL;
    long long version;
    int rc;
    *out = NULL;
    if (json_object_get(json_object_get(json_object_get(in, "UpdateOpenTableFormatInput"),
                                        "UpdateIcebergInput"),
                        "UpdateIcebergTableInput"))
        return iceberg_glue_update(ctx, in, out, err); /* the Iceberg commit path */
    if ((db = db_name(in, err)) == NULL)
        return err->code;
    if ((ti = table_input(in, err)) == NULL) {
        rc = err->code;
        goto done;
    }
    t = table_from_input(ti, 0);
    if ((rc = check_types(db, t, &warnings, err)) != CAT_OK ||
        (rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = store_table_get(ctx->st, catalog, db, json_string_value(json_object_get(t, "Name")),
                              &cur, err)) != CAT_OK)
        goto done;
    version = parse_version(json_string_value(json_object_get(cur, "VersionId")));
    if (want && parse_version(want) != version) {
        rc = srv_error_set(err, CAT_ECONCURRENT,
                           "Update table failed due to concurrent modifications.");
        goto done;
    }
    if ((rc = typecheck_evolution(cur, t, err)) != CAT_OK ||
        (rc = check_keys_kept(ctx, catalog, db, cur, t, err)) != CAT_OK)
        goto done;
    if (!json_is_true(json_object_get(in, "SkipArchive")) &&
        (rc = store_version_archive(ctx->st, catalog, db,
                                    json_string_value(json_object_get(t, "Name")), version, cur,
                                    err)) != CAT_OK)
        goto done;
    json_object_set(t, "CreateTime", json_object_get(cur, "CreateTime"));
    if ((rc = store_table_replace(ctx->st, catalog, db, t, version, version + 1, err)) != CAT_OK ||
        (rc = colstats_table_changed(
             ctx, catalog, db, json_string_value(json_object_get(t, "Name")), err)) != CAT_OK ||
        (rc = store_commit(ctx->st, err)) != CAT_OK)
        goto done;
    *out = answer_with(warnings);
    warnings = NULL;
done:
    store_rollback(ctx->st);
    json_decref(warnings);
    json_decref(cur);
    json_decref(t);
    free(db);
    return rc;
}

int table_rename(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in),
               *old = json_string_value(json_object_get(in, "Name"));
    const char *dest = json_string_value(json_object_get(in, "DestinationDatabaseName"));
    const json_t *ti;
    char *db = NULL, *from = NULL, *to_db = NULL;
    const char *to;
    json_t *cur = NULL, *t = NULL, *warnings = NULL;
    long long version;
    int rc;
    *out = NULL;
    if ((db = db_name(in, err)) == NULL)
        return err->code;
    to_db = util_lower(dest ? dest : db);
    if (old == NULL || (ti = table_input(in, err)) == NULL) {
        rc = old ? err->code : srv_error_set(err, CAT_EINVAL, "Name is required.");
        goto done;
    }
    from = util_lower(old);
    t = table_from_input(ti, 0);
    to = json_string_value(json_object_get(t, "Name"));
    if ((rc = check_types(db, t, &warnings, err)) != CAT_OK ||
        (rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = store_table_get(ctx->st, catalog, db, from, &cur, err)) != CAT_OK)
        goto done;
    version = parse_version(json_string_value(json_object_get(cur, "VersionId")));
    if ((rc = typecheck_evolution(cur, t, err)) != CAT_OK ||
        (rc = check_keys_kept(ctx, catalog, db, cur, t, err)) != CAT_OK ||
        (rc = store_version_archive(ctx->st, catalog, db, from, version, cur, err)) != CAT_OK)
        goto done;
    /* the same row under its new name (partitions, statistics, versions go along), then the
    ** new definition over it, in one transaction */
    if ((strcmp(from, to) != 0 || strcmp(db, to_db) != 0) &&
        (rc = store_table_rename(ctx->st, catalog, db, from, to_db, to, version, version, err)) !=
            CAT_OK)
        goto done;
    json_object_set(t, "CreateTime", json_object_get(cur, "CreateTime"));
    if ((rc = store_table_replace(ctx->st, catalog, to_db, t, version, version + 1, err)) !=
            CAT_OK ||
        (rc = colstats_table_changed(ctx, catalog, to_db, to, err)) != CAT_OK ||
        (rc = store_commit(ctx->st, err)) != CAT_OK)
        goto done;
    *out = answer_with(warnings);
    warnings = NULL;
done:
    store_rollback(ctx->st);
    json_decref(warnings);
    json_decref(cur);
    json_decref(t);
    free(from);
    free(to_db);
    free(db);
    return rc;
}

int table_delete(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *name;
    char *db = NULL, *lower = NULL;
    int rc;
    *out = NULL;
    if ((name = ops_required_str(in, "Name", err)) == NULL || (db = db_name(in, err)) == NULL)
        return err->code;
    lower = util_lower(name);
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = store_table_delete(ctx->st, ops_catalog(ctx, in), db, lower, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    free(lower);
    free(db);
    return rc;
}

int table_batch_delete(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const json_t *names = json_object_get(in, "TablesToDelete");
    char *db = NULL;
    json_t *errors = NULL, *probe = NULL, *v;
    size_t i;
    int rc;
    *out = NULL;
    if ((db = db_name(in, err)) == NULL)
        return err->code;
    if (!json_is_array(names)) {
        rc = srv_error_set(err, CAT_EINVAL, "TablesToDelete is required.");
        goto done;
    }
    if ((rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = store_db_get(ctx->st, catalog, db, &probe, err)) != CAT_OK)
        goto done;
    errors = json_array();
    json_array_foreach(names, i, v) {
        struct srv_error e;
        char *lower = util_lower(json_string_value(v) ? json_string_value(v) : "");
        srv_error_init(&e);
        if (store_table_delete(ctx->st, catalog, db, lower, &e) != CAT_OK) {
            if (e.code != CAT_ENOTFOUND) { /* a fault, not an entry's problem */
                *err = e;
                rc = e.code;
                free(lower);
                goto done;
            }
            json_array_append_new(errors, json_pack("{s:s, s:o}", "TableName", json_string_value(v),
                                                    "ErrorDetail", ops_error_detail(&e)));
        }
        free(lower);
    }
    if ((rc = store_commit(ctx->st, err)) != CAT_OK)
        goto done;
    *out = json_pack("{s:O}", "Errors", errors);
done:
    store_rollback(ctx->st);
    json_decref(errors);
    json_decref(probe);
    free(db);
    return rc;
}

/* ================================================================ */
/* Table versions.                                                    */

/* The table named by IN's TableName, folded (caller frees), or NULL with ERR set. */
static char *table_name(const json_t *in, struct srv_error *err)
{
    const char *t = ops_required_str(in, "TableName", err);
    return t ? util_lower(t) : NULL;
}

static json_t *version_entry(json_t *t)
{
    json_t *v = json_object_get(t, "VersionId");
    json_t *entry = json_pack("{s:o}", "VersionId", v ? json_incref(v) : json_string("0"));
    present_table(t);
    json_object_set_new(entry, "Table", t);
    return entry;
}

int table_versions_list(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const char *token = json_string_value(json_object_get(in, "NextToken"));
    char *db = NULL, *name = NULL, *scope = NULL, *after = NULL;
    json_t *list = NULL, *cur = NULL, *archived = NULL, *t;
    long long before = -1, last = -1;
    int limit, more = 0, rc;
    size_t i, n;
    *out = NULL;
    if ((db = db_name(in, err)) == NULL || (name = table_name(in, err)) == NULL) {
        rc = err->code;
        goto done;
    }
    if ((rc = ops_max_results(in, 100, 100, &limit, err)) != CAT_OK)
        goto done;
    n = strlen(catalog) + strlen(db) + strlen(name) + 3;
    scope = xmalloc(n);
    snprintf(scope, n, "%s/%s/%s", catalog, db, name);
    if (token && *token) {
        if ((rc = token_parse(token, "versions", scope, &after, err)) != CAT_OK)
            goto done;
        if ((before = parse_version(after)) < 0) {
            rc = srv_error_set(err, CAT_EINVAL, "Invalid NextToken.");
            goto done;
        }
    }
    list = json_array();
    if (before < 0) { /* first page: the current version leads */
        if ((rc = store_table_get(ctx->st, catalog, db, name, &cur, err)) != CAT_OK)
            goto done;
        last = parse_version(json_string_value(json_object_get(cur, "VersionId")));
        json_array_append_new(list, version_entry(cur));
        cur = NULL;
        limit--;
    }
    if (limit > 0) {
        if ((rc = store_version_list(ctx->st, catalog, db, name, before, limit, ctx->max_answer,
                                     &archived, &more, err)) != CAT_OK)
            goto done;
        json_array_foreach(archived, i, t) {
            last = parse_version(json_string_value(json_object_get(t, "VersionId")));
            json_array_append_new(list, version_entry(json_incref(t)));
        }
    } else {
        json_t *probe = NULL;
        if ((rc = store_version_list(ctx->st, catalog, db, name, last, 1, 0, &probe, &more, err)) !=
            CAT_OK)
            goto done;
        more = json_array_size(probe) > 0;
        json_decref(probe);
    }
    *out = json_object();
    if (more) {
        char key[24];
        snprintf(key, sizeof(key), "%lld", last);
        ops_set_token(*out, token_make("versions", scope, key));
    }
    json_object_set(*out, "TableVersions", list);
done:
    json_decref(list);
    json_decref(archived);
    json_decref(cur);
    free(after);
    free(scope);
    free(name);
    free(db);
    return rc;
}

int table_version_get(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const char *want = json_string_value(json_object_get(in, "VersionId"));
    char *db = NULL, *name = NULL;
    json_t *t = NULL;
    long long v;
    int rc;
    *out = NULL;
    if ((db = db_name(in, err)) == NULL || (name = table_name(in, err)) == NULL) {
        rc = err->code;
        goto done;
    }
    if (want && (v = parse_version(want)) < 0) {
        rc = bad_version(want, err);
        goto done;
    }
    if ((rc = store_table_get(ctx->st, catalog, db, name, &t, err)) != CAT_OK)
        goto done;
    if (want && strcmp(want, json_string_value(json_object_get(t, "VersionId"))) != 0) {
        json_decref(t);
        t = NULL;
        if ((rc = store_version_get(ctx->st, catalog, db, name, v, &t, err)) != CAT_OK) {
            if (rc == CAT_ENOTFOUND) /* the table exists: Glue's words for its version */
                srv_error_set(err, rc, "Version not found.");
            goto done;
        }
    }
    *out = json_pack("{s:o}", "TableVersion", version_entry(t));
    t = NULL;
done:
    json_decref(t);
    free(name);
    free(db);
    return rc;
}

/* Delete archived version VERSION_ID of a table whose current version is CURRENT. */
static int version_delete(struct op_ctx *ctx, const char *catalog, const char *db, const char *name,
                          const char *version_id, long long current, struct srv_error *err)
{
    long long v = parse_version(version_id);
    if (v < 0)
        return bad_version(version_id, err);
    if (v == current)
        return srv_error_set(err, CAT_EINVAL, "Cannot delete the current version of table %s.",
                             name);
    return store_version_delete(ctx->st, catalog, db, name, v, err);
}

/* Shared by the single and batch deletes: *CURRENT = the table's current version. */
static int current_version(struct op_ctx *ctx, const char *catalog, const char *db,
                           const char *name, long long *current, struct srv_error *err)
{
    json_t *t = NULL;
    int rc = store_table_get(ctx->st, catalog, db, name, &t, err);
    if (rc == CAT_OK)
        *current = parse_version(json_string_value(json_object_get(t, "VersionId")));
    json_decref(t);
    return rc;
}

int table_version_delete(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in), *vid;
    char *db = NULL, *name = NULL;
    long long current;
    int rc;
    *out = NULL;
    if ((db = db_name(in, err)) == NULL || (name = table_name(in, err)) == NULL ||
        (vid = ops_required_str(in, "VersionId", err)) == NULL) {
        rc = err->code;
        goto done;
    }
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = current_version(ctx, catalog, db, name, &current, err)) == CAT_OK &&
        (rc = version_delete(ctx, catalog, db, name, vid, current, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
done:
    store_rollback(ctx->st);
    free(name);
    free(db);
    return rc;
}

int table_version_batch_delete(struct op_ctx *ctx, const json_t *in, json_t **out,
                               struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const json_t *ids = json_object_get(in, "VersionIds");
    char *db = NULL, *name = NULL;
    json_t *errors = NULL, *v;
    long long current;
    size_t i;
    int rc;
    *out = NULL;
    if ((db = db_name(in, err)) == NULL || (name = table_name(in, err)) == NULL) {
        rc = err->code;
        goto done;
    }
    if (!json_is_array(ids)) {
        rc = srv_error_set(err, CAT_EINVAL, "VersionIds is required.");
        goto done;
    }
    if ((rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = current_version(ctx, catalog, db, name, &current, err)) != CAT_OK)
        goto done;
    errors = json_array();
    json_array_foreach(ids, i, v) {
        struct srv_error e;
        const char *vid = json_string_value(v) ? json_string_value(v) : "";
        srv_error_init(&e);
        if (version_delete(ctx, catalog, db, name, vid, current, &e) != CAT_OK) {
            if (e.code != CAT_ENOTFOUND && e.code != CAT_EINVAL) {
                *err = e;
                rc = e.code;
                goto done;
            }
            json_array_append_new(errors,
                                  json_pack("{s:s, s:s, s:o}", "TableName", name, "VersionId", vid,
                                            "ErrorDetail", ops_error_detail(&e)));
        }
    }
    if ((rc = store_commit(ctx->st, err)) != CAT_OK)
        goto done;
    *out = json_pack("{s:O}", "Errors", errors);
done:
    store_rollback(ctx->st);
    json_decref(errors);
    free(name);
    free(db);
    return rc;
}
