/* partition.c -- Partition resource: CRUD, batches, GetPartitions(Expression), partition indexes. */
#include "partition.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pexpr.h"
#include "table.h"
#include "token.h"
#include "util.h"

/* ================================================================ */
/* Shared steps.                                                      */

/* Open the table named by IN's DatabaseName and TableName (folded). */
static int open_table(struct op_ctx *ctx, const json_t *in, struct store_ptable *pt,
                      struct srv_error *err)
{
    const char *db = ops_required_str(in, "DatabaseName", err), *t;
    char *ldb, *lt;
    int rc;
    memset(pt, 0, sizeof(*pt));
    if (db == NULL || (t = ops_required_str(in, "TableName", err)) == NULL)
        return err->code;
    ldb = util_lower(db);
    lt = util_lower(t);
    rc = store_ptable_open(ctx->st, ops_catalog(ctx, in), ldb, lt, pt, err);
    free(ldb);
    free(lt);
    return rc;
}

/* VALUES must be an array of as many strings as the table has partition keys. */
static int check_values(const struct store_ptable *pt, const json_t *values,
                        struct srv_error *err)
{
    size_t i;
    if (!json_is_array(values))
        return srv_error_set(err, CAT_EINVAL, "Partition values are required.");
    for (i = 0; i < json_array_size(values); i++)
        if (!json_is_string(json_array_get(values, i)))
            return srv_error_set(err, CAT_EINVAL, "Partition values must be strings.");
    if ((int)json_array_size(values) != pt->nkeys)
        return srv_error_set(err, CAT_EINVAL,
                             "The number of partition keys do not match the number of partition "
                             "values (table %s has %d, %zu given).",
                             pt->name, pt->nkeys, json_array_size(values));
    return CAT_OK;
}

/* Defaults every returned partition carries (clients dereference them). */
static void present(json_t *p, int exclude_columns)
{
    json_t *sd = json_object_get(p, "StorageDescriptor");
    table_present_sd(sd);
    if (exclude_columns)
        json_object_del(sd, "Columns");
}

static json_t *error_detail(const struct srv_error *e)
{
    return json_pack("{s:s, s:s}", "ErrorCode", srv_error_glue_type(e->code), "ErrorMessage",
                     e->msg);
}

/* {"<KEY>": VALUES (or []), "ErrorDetail": {...}}: one entry of a batch's Errors. */
static json_t *entry_failure(const char *key, json_t *values, const struct srv_error *e)
{
    return json_pack("{s:o, s:o}", key, json_is_array(values) ? json_incref(values) : json_array(),
                     "ErrorDetail", error_detail(e));
}

/* Per-entry failures are InvalidInput, NotFound or AlreadyExists; others fail the call. */
static int entry_error(int code)
{
    return code == CAT_EINVAL || code == CAT_ENOTFOUND || code == CAT_EEXISTS;
}

/* ================================================================ */
/* Create.                                                            */

static int create_one(struct op_ctx *ctx, struct store_ptable *pt, const json_t *pin,
                      double now, struct srv_error *err)
{
    const json_t *values = json_object_get(pin, "Values");
    int rc;
    if (!json_is_object(pin))
        return srv_error_set(err, CAT_EINVAL, "PartitionInput is required.");
    if ((rc = check_values(pt, values, err)) != CAT_OK)
        return rc;
    return store_partition_insert(ctx->st, pt, values, pin, now, err);
}

int partition_create(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    struct store_ptable pt = {0};
    int rc;
    *out = NULL;
    if ((rc = store_begin(ctx->st, err)) == CAT_OK && (rc = open_table(ctx, in, &pt, err)) == CAT_OK &&
        (rc = create_one(ctx, &pt, json_object_get(in, "PartitionInput"), util_now(), err)) ==
            CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    store_ptable_close(&pt);
    return rc;
}

/* ================================================================ */
/* Read.                                                              */

/* Answers with ready text (ctx->raw_out), written like a GetPartitions page entry. */
int partition_get(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *values = json_object_get(in, "PartitionValues");
    struct store_ptable pt = {0};
    struct sbuf body = {0};
    char *text = NULL;
    int rc;
    *out = NULL;
    if ((rc = open_table(ctx, in, &pt, err)) == CAT_OK &&
        (rc = check_values(&pt, values, err)) == CAT_OK &&
        (rc = store_partition_text(ctx->st, &pt, values, table_present_sd, &text, err)) ==
            CAT_OK) {
        sbuf_adds(&body, "{\"Partition\":");
        sbuf_adds(&body, text);
        sbuf_adds(&body, "}");
        ctx->raw_out = body.p;
    }
    free(text);
    store_ptable_close(&pt);
    return rc;
}

int partition_batch_get(struct op_ctx *ctx, const json_t *in, json_t **out,
                        struct srv_error *err)
{
    const json_t *keys = json_object_get(in, "PartitionsToGet"), *k;
    struct store_ptable pt = {0};
    json_t *found = NULL, *p;
    size_t i;
    int rc;
    *out = NULL;
    if ((rc = open_table(ctx, in, &pt, err)) != CAT_OK)
        goto done;
    found = json_array();
    json_array_foreach(keys, i, k)
    {
        const json_t *values = json_object_get(k, "Values");
        struct srv_error e;
        srv_error_init(&e);
        if ((rc = check_values(&pt, values, err)) != CAT_OK)
            goto done;
        if ((rc = store_partition_get(ctx->st, &pt, values, &p, &e)) == CAT_ENOTFOUND)
            continue; /* Glue leaves missing partitions out */
        if (rc != CAT_OK) {
            *err = e;
            goto done;
        }
        present(p, 0);
        json_array_append_new(found, p);
    }
    *out = json_pack("{s:O, s:[]}", "Partitions", found, "UnprocessedKeys");
    rc = CAT_OK;
done:
    json_decref(found);
    store_ptable_close(&pt);
    return rc;
}

/* 64-bit FNV-1a of S: binds a page token to its expression without storing it. */
static unsigned long long fnv1a(const char *s)
{
    unsigned long long h = 1469598103934665603ULL;
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

int partition_list(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *expr = json_string_value(json_object_get(in, "Expression"));
    const char *token = json_string_value(json_object_get(in, "NextToken"));
    const json_t *segment = json_object_get(in, "Segment");
    int exclude = json_is_true(json_object_get(in, "ExcludeColumnSchema"));
    struct pexpr_key keys[STORE_TYPED_KEYS];
    struct pexpr_sql sql;
    struct store_ptable pt = {0};
    char *scope = NULL, *after = NULL, *last = NULL, *page = NULL;
    size_t scope_len;
    struct sbuf body = {0};
    int seg = 0, total = 1, limit, more, rc, i, nkeys;
    *out = NULL;
    memset(&sql, 0, sizeof(sql));
    if ((rc = open_table(ctx, in, &pt, err)) != CAT_OK ||
        (rc = ops_max_results(in, 1000, 1000, &limit, err)) != CAT_OK)
        goto done;
    if (json_is_object(segment)) {
        seg = (int)json_integer_value(json_object_get(segment, "SegmentNumber"));
        total = (int)json_integer_value(json_object_get(segment, "TotalSegments"));
        if (total < 1 || total > 10 || seg < 0 || seg >= total) {
            rc = srv_error_set(err, CAT_EINVAL,
                               "Segment must have 1 <= TotalSegments <= 10 and 0 <= "
                               "SegmentNumber < TotalSegments.");
            goto done;
        }
    }
    nkeys = pt.nkeys < STORE_TYPED_KEYS ? pt.nkeys : STORE_TYPED_KEYS;
    for (i = 0; i < nkeys; i++) {
        keys[i].name = json_string_value(
            json_object_get(json_array_get(json_object_get(pt.table, "PartitionKeys"), (size_t)i),
                            "Name"));
        keys[i].type = pt.types[i];
    }
    if ((rc = pexpr_compile(expr, keys, nkeys, 7, &sql, err)) != CAT_OK)
        goto done;
    /* names are up to 255 characters of up to 4 bytes each: size the scope to fit */
    scope_len = strlen(pt.catalog) + strlen(pt.db) + strlen(pt.name) + 64;
    scope = xmalloc(scope_len);
    snprintf(scope, scope_len, "%s/%s/%s/%d/%d/%016llx", pt.catalog, pt.db, pt.name, seg,
             total, fnv1a(expr));
    if (token && *token && (rc = token_parse(token, "partitions", scope, &after, err)) != CAT_OK)
        goto done;
    if ((rc = store_partition_query(ctx->st, &pt, sql.where, sql.binds, sql.nbinds, seg, total,
                                    after, limit, exclude, table_present_sd, &page, &last,
                                    &more, err)) != CAT_OK)
        goto done;
    /* The page is JSON text already (see store_partition_query): answer with text. */
    sbuf_adds(&body, "{\"Partitions\":[");
    sbuf_adds(&body, page);
    sbuf_adds(&body, "]");
    if (more && last) {
        char *tok = token_make("partitions", scope, last);
        sbuf_adds(&body, ",\"NextToken\":");
        sbuf_add_json_string(&body, tok);
        free(tok);
    }
    sbuf_adds(&body, "}");
    ctx->raw_out = body.p;
    body.p = NULL;
done:
    free(page);
    free(body.p);
    free(scope);
    pexpr_sql_release(&sql);
    store_ptable_close(&pt);
    free(after);
    free(last);
    return rc;
}

/* ================================================================ */
/* Update and delete.                                                 */

/* Replace partition VALUES with PIN (whose Values, if given, may move it). */
static int update_one(struct op_ctx *ctx, struct store_ptable *pt, const json_t *values,
                      const json_t *pin, struct srv_error *err)
{
    json_t *copy;
    int rc;
    if ((rc = check_values(pt, values, err)) != CAT_OK)
        return rc;
    if (!json_is_object(pin))
        return srv_error_set(err, CAT_EINVAL, "PartitionInput is required.");
    copy = json_copy((json_t *)pin);
    if (json_object_get(copy, "Values") == NULL)
        json_object_set(copy, "Values", (json_t *)values);
    if ((rc = check_values(pt, json_object_get(copy, "Values"), err)) == CAT_OK)
        rc = store_partition_replace(ctx->st, pt, values, copy, err);
    json_decref(copy);
    return rc;
}

int partition_update(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    struct store_ptable pt = {0};
    int rc;
    *out = NULL;
    if ((rc = store_begin(ctx->st, err)) == CAT_OK && (rc = open_table(ctx, in, &pt, err)) == CAT_OK &&
        (rc = update_one(ctx, &pt, json_object_get(in, "PartitionValueList"),
                         json_object_get(in, "PartitionInput"), err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    store_ptable_close(&pt);
    return rc;
}

int partition_delete(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *values = json_object_get(in, "PartitionValues");
    struct store_ptable pt = {0};
    int rc;
    *out = NULL;
    if ((rc = store_begin(ctx->st, err)) == CAT_OK && (rc = open_table(ctx, in, &pt, err)) == CAT_OK &&
        (rc = check_values(&pt, values, err)) == CAT_OK &&
        (rc = store_partition_delete(ctx->st, &pt, values, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    store_ptable_close(&pt);
    return rc;
}

/* ================================================================ */
/* Batches: one transaction, per-entry failures reported in Errors.  */

/* Apply one batch entry to the open table. */
typedef int entry_fn(struct op_ctx *ctx, struct store_ptable *pt, const json_t *entry,
                     double now, struct srv_error *err);

/* Run FN on every entry of IN's list LIST_KEY in one transaction.  Entries that fail with an
** entry-level error are reported as {ERROR_KEY: entry[VALUES_KEY], ErrorDetail}; any other
** failure fails the whole call and writes nothing. */
static int run_batch(struct op_ctx *ctx, const json_t *in, const char *list_key,
                     const char *values_key, const char *error_key, entry_fn *fn, json_t **out,
                     struct srv_error *err)
{
    const json_t *entry;
    struct store_ptable pt = {0};
    json_t *errors = json_array();
    double now = util_now();
    size_t i;
    int rc;
    *out = NULL;
    if ((rc = store_begin(ctx->st, err)) != CAT_OK || (rc = open_table(ctx, in, &pt, err)) != CAT_OK)
        goto done;
    json_array_foreach(json_object_get(in, list_key), i, entry)
    {
        struct srv_error e;
        srv_error_init(&e);
        if ((rc = fn(ctx, &pt, entry, now, &e)) == CAT_OK)
            continue;
        if (!entry_error(rc)) {
            *err = e;
            goto done;
        }
        json_array_append_new(errors,
                              entry_failure(error_key, json_object_get(entry, values_key), &e));
    }
    if ((rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_pack("{s:O}", "Errors", errors);
done:
    store_rollback(ctx->st);
    store_ptable_close(&pt);
    json_decref(errors);
    return rc;
}

static int create_entry(struct op_ctx *ctx, struct store_ptable *pt, const json_t *entry,
                        double now, struct srv_error *err)
{
    return create_one(ctx, pt, entry, now, err);
}

static int update_entry(struct op_ctx *ctx, struct store_ptable *pt, const json_t *entry,
                        double now, struct srv_error *err)
{
    (void)now;
    return update_one(ctx, pt, json_object_get(entry, "PartitionValueList"),
                      json_object_get(entry, "PartitionInput"), err);
}

static int delete_entry(struct op_ctx *ctx, struct store_ptable *pt, const json_t *entry,
                        double now, struct srv_error *err)
{
    const json_t *values = json_object_get(entry, "Values");
    int rc;
    (void)now;
    if ((rc = check_values(pt, values, err)) != CAT_OK)
        return rc;
    return store_partition_delete(ctx->st, pt, values, err);
}

int partition_batch_create(struct op_ctx *ctx, const json_t *in, json_t **out,
                           struct srv_error *err)
{
    return run_batch(ctx, in, "PartitionInputList", "Values", "PartitionValues", create_entry,
                     out, err);
}

int partition_batch_update(struct op_ctx *ctx, const json_t *in, json_t **out,
                           struct srv_error *err)
{
    return run_batch(ctx, in, "Entries", "PartitionValueList", "PartitionValueList",
                     update_entry, out, err);
}

int partition_batch_delete(struct op_ctx *ctx, const json_t *in, json_t **out,
                           struct srv_error *err)
{
    return run_batch(ctx, in, "PartitionsToDelete", "Values", "PartitionValues", delete_entry,
                     out, err);
}

/* ================================================================ */
/* Partition indexes.                                                 */

int partition_index_add(struct op_ctx *ctx, struct store_ptable *pt, const json_t *idx,
                        struct srv_error *err)
{
    const json_t *keys = json_object_get(idx, "Keys"), *k, *pk;
    const char *name = json_string_value(json_object_get(idx, "IndexName"));
    size_t i, j;
    if (name == NULL || !json_is_array(keys) || json_array_size(keys) == 0)
        return srv_error_set(err, CAT_EINVAL, "PartitionIndex needs an IndexName and Keys.");
    json_array_foreach(keys, i, k)
    {
        int found = 0;
        json_array_foreach(json_object_get(pt->table, "PartitionKeys"), j, pk)
            found |= json_is_string(k) &&
                     strcmp(json_string_value(json_object_get(pk, "Name")), json_string_value(k)) == 0;
        if (!found)
            return srv_error_set(err, CAT_EINVAL,
                                 "Partition index key %s is not a partition key of table %s.",
                                 json_is_string(k) ? json_string_value(k) : "?", pt->name);
        for (j = 0; j < i; j++)
            if (json_equal(k, json_array_get(keys, j)))
                return srv_error_set(err, CAT_EINVAL, "Partition index key %s is listed twice.",
                                     json_string_value(k));
    }
    return store_pindex_create(ctx->st, pt, name, keys, err);
}

int pindex_create(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    struct store_ptable pt = {0};
    int rc;
    *out = NULL;
    if ((rc = store_begin(ctx->st, err)) == CAT_OK && (rc = open_table(ctx, in, &pt, err)) == CAT_OK &&
        (rc = partition_index_add(ctx, &pt, json_object_get(in, "PartitionIndex"), err)) ==
            CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    store_ptable_close(&pt);
    return rc;
}

int pindex_list(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *token = json_string_value(json_object_get(in, "NextToken"));
    struct store_ptable pt = {0};
    json_t *list = NULL;
    int rc;
    *out = NULL;
    if (token && *token) /* the list is never paged, so no token was ever given out */
        return srv_error_set(err, CAT_EINVAL, "Invalid NextToken.");
    if ((rc = open_table(ctx, in, &pt, err)) == CAT_OK &&
        (rc = store_pindex_list(ctx->st, &pt, &list, err)) == CAT_OK)
        *out = json_pack("{s:o}", "PartitionIndexDescriptorList", list);
    store_ptable_close(&pt);
    return rc;
}

int pindex_delete(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *name = json_string_value(json_object_get(in, "IndexName"));
    struct store_ptable pt = {0};
    int rc;
    *out = NULL;
    if ((rc = store_begin(ctx->st, err)) == CAT_OK && (rc = open_table(ctx, in, &pt, err)) == CAT_OK &&
        (rc = store_pindex_delete(ctx->st, &pt, name ? name : "", err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    store_ptable_close(&pt);
    return rc;
}
