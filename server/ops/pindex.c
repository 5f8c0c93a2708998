/* pindex.c -- Partition index resource: Create/Get/DeletePartitionIndex, CreateTable's indexes. */
#include "ops/pindex.h"

#include <string.h>

int partition_index_add(struct op_ctx *ctx, struct store_ptable *pt, const json_t *idx,
                        struct srv_error *err)
{
    const json_t *keys = json_object_get(idx, "Keys"), *k, *pk;
    const char *name = json_string_value(json_object_get(idx, "IndexName"));
    size_t i, j;
    if (name == NULL || !json_is_array(keys) || json_array_size(keys) == 0)
        return srv_error_set(err, CAT_EINVAL, "PartitionIndex needs an IndexName and Keys.");
    json_array_foreach(keys, i, k) {
        int found = 0;
        json_array_foreach(json_object_get(pt->table, "PartitionKeys"), j, pk)
            found |= json_is_string(k) && strcmp(json_string_value(json_object_get(pk, "Name")),
                                                 json_string_value(k)) == 0;
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
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = ops_open_table(ctx, in, &pt, err)) == CAT_OK &&
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
    if ((rc = ops_open_table(ctx, in, &pt, err)) == CAT_OK &&
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
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = ops_open_table(ctx, in, &pt, err)) == CAT_OK &&
        (rc = store_pindex_delete(ctx->st, &pt, name ? name : "", err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    store_ptable_close(&pt);
    return rc;
}
