/* glue.c -- Glue JSON front: X-Amz-Target -> op table -> resource fn; {"__type","message"}. */
#include "glue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "database.h"
#include "ops.h"
#include "partition.h"
#include "store.h"
#include "table.h"
#include "validate.h"

static const char JSON_TYPE[] = "application/x-amz-json-1.1";

/* The operations this front serves, by Glue name (Redis's command table). */
static const struct glue_op {
    const char *name;
    op_fn *fn;
} glue_ops[] = {
    {"BatchCreatePartition", partition_batch_create},
    {"BatchDeletePartition", partition_batch_delete},
    {"BatchDeleteTable", table_batch_delete},
    {"BatchDeleteTableVersion", table_version_batch_delete},
    {"BatchGetPartition", partition_batch_get},
    {"BatchUpdatePartition", partition_batch_update},
    {"CreateDatabase", database_create},
    {"CreatePartition", partition_create},
    {"CreatePartitionIndex", pindex_create},
    {"CreateTable", table_create},
    {"DeleteDatabase", database_delete},
    {"DeletePartition", partition_delete},
    {"DeletePartitionIndex", pindex_delete},
    {"DeleteTable", table_delete},
    {"DeleteTableVersion", table_version_delete},
    {"GetDatabase", database_get},
    {"GetDatabases", database_list},
    {"GetPartition", partition_get},
    {"GetPartitionIndexes", pindex_list},
    {"GetPartitions", partition_list},
    {"GetTable", table_get},
    {"GetTableVersion", table_version_get},
    {"GetTableVersions", table_versions_list},
    {"GetTables", table_list},
    {"UpdateDatabase", database_update},
    {"UpdatePartition", partition_update},
    {"UpdateTable", table_update},
};

static const struct glue_op *find_op(const char *name)
{
    size_t lo = 0, hi = sizeof(glue_ops) / sizeof(glue_ops[0]);
    while (lo < hi) { /* the table is sorted by name */
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, glue_ops[mid].name);
        if (c == 0)
            return &glue_ops[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

static void set_json(struct http_response *resp, int status, const json_t *body)
{
    resp->status = status;
    resp->content_type = JSON_TYPE;
    resp->body = json_dumps(body, JSON_COMPACT);
    if (resp->body == NULL) { /* out of memory */
        resp->status = 500;
        resp->body = strdup("{\"__type\":\"InternalServiceException\",\"message\":\"Out of memory.\"}");
        resp->error_type = "InternalServiceException";
    }
    resp->len = resp->body ? strlen(resp->body) : 0;
}

void glue_error(const struct srv_error *err, struct http_response *resp)
{
    const char *type = srv_error_glue_type(err->code);
    json_t *body = json_pack("{s:s, s:s}", "__type", type, "message",
                             err->msg[0] ? err->msg : srv_error_default_msg(err->code));
    set_json(resp, srv_error_glue_status(err->code), body);
    resp->error_type = type;
    json_decref(body);
}

/* Run OP on IN with a pooled connection.  *RAW gets an op's ready JSON text, if any. */
static int run(const struct app *app, const struct glue_op *op, const json_t *in, json_t **out,
               char **raw, struct srv_error *err)
{
    struct op_ctx ctx;
    int rc;
    ctx.catalog_id = app->catalog_id;
    ctx.raw_out = NULL;
    *raw = NULL;
    if ((ctx.st = store_acquire(app->pool, err)) == NULL)
        return err->code;
    rc = op->fn(&ctx, in, out, err);
    store_return(app->pool, ctx.st);
    if (rc == CAT_OK)
        *raw = ctx.raw_out;
    else
        free(ctx.raw_out);
    return rc;
}

void glue_handle(const struct app *app, const char *target, const char *body, size_t len,
                 struct http_response *resp)
{
    static const char PREFIX[] = "AWSGlue.";
    const struct glue_op *op = NULL;
    struct srv_error err;
    json_error_t jerr;
    json_t *in = NULL, *out = NULL;
    char *raw = NULL;
    const char *name;

    srv_error_init(&err);
    memset(resp, 0, sizeof(*resp));
    if (target == NULL || strncmp(target, PREFIX, sizeof(PREFIX) - 1) != 0) {
        srv_error_set(&err, CAT_EUNKNOWNOP, "Missing or malformed X-Amz-Target header; expected "
                                            "AWSGlue.<Operation>.");
        goto fail;
    }
    name = target + sizeof(PREFIX) - 1;
    if ((op = find_op(name)) != NULL)
        resp->operation = op->name;
    if (op == NULL) {
        srv_error_set(&err, CAT_EUNKNOWNOP, "Operation %.128s is not supported.", name);
        goto fail;
    }
    if (len == 0) {
        in = json_object(); /* some clients send no body for parameterless calls */
    } else if ((in = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
        srv_error_set(&err, CAT_EINVAL, "Malformed request body: %s (at byte %d).", jerr.text,
                      jerr.position);
        goto fail;
    }
    if (!json_is_object(in)) {
        srv_error_set(&err, CAT_EINVAL, "The request body must be a JSON object.");
        goto fail;
    }
    if (validate_input(op->name, in, &err) != CAT_OK)
        goto fail;
    validate_prune(op->name, in); /* members the model does not define are not kept */
    if (run(app, op, in, &out, &raw, &err) != CAT_OK)
        goto fail;
    if (raw) {
        resp->status = 200;
        resp->content_type = JSON_TYPE;
        resp->body = raw;
        resp->len = strlen(raw);
        json_decref(in);
        return;
    }
    set_json(resp, 200, out);
    json_decref(out);
    json_decref(in);
    return;
fail:
    if (err.code == CAT_EINTERNAL || err.code == CAT_ENOMEM)
        fprintf(stderr, "catalogd: %s failed: %s\n", op ? op->name : "request", err.msg);
    json_decref(in);
    glue_error(&err, resp);
}
