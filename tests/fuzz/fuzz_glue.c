/* fuzz_glue.c -- libFuzzer target: arbitrary bodies through the Glue front (JSON parse,
** model validation, resource operations, store) on an in-memory catalog.
**
** Input: the first byte picks the operation, the rest is the request body. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "front/glue.h"
#include "front/http.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const targets[] = {
    "AWSGlue.CreateDatabase",
    "AWSGlue.GetDatabase",
    "AWSGlue.GetDatabases",
    "AWSGlue.UpdateDatabase",
    "AWSGlue.DeleteDatabase",
    "AWSGlue.CreateTable",
    "AWSGlue.GetTable",
    "AWSGlue.GetTables",
    "AWSGlue.UpdateTable",
    "AWSGlue.DeleteTable",
    "AWSGlue.BatchDeleteTable",
    "AWSGlue.GetTableVersions",
    "AWSGlue.GetTableVersion",
    "AWSGlue.DeleteTableVersion",
    "AWSGlue.BatchDeleteTableVersion",
    "AWSGlue.CreatePartition",
    "AWSGlue.BatchCreatePartition",
    "AWSGlue.GetPartition",
    "AWSGlue.GetPartitions",
    "AWSGlue.BatchGetPartition",
    "AWSGlue.UpdatePartition",
    "AWSGlue.BatchUpdatePartition",
    "AWSGlue.DeletePartition",
    "AWSGlue.BatchDeletePartition",
    "AWSGlue.CreatePartitionIndex",
    "AWSGlue.GetPartitionIndexes",
    "AWSGlue.DeletePartitionIndex",
    "AWSGlue.NoSuchOperation",
};

static struct app app;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct http_response resp;
    static unsigned calls;
    if (app.pool == NULL || ++calls % 5000 == 0) { /* keep the in-memory catalog small */
        struct srv_error err;
        store_pool_close(app.pool);
        app.pool = NULL;
        srv_error_init(&err);
        if (store_pool_open(&app.pool, ":memory:", &err) != CAT_OK) {
            fprintf(stderr, "fuzz: %s\n", err.msg);
            abort();
        }
        app.catalog_id = "000000000000";
        app.max_body = 1 << 20;
    }
    if (size == 0)
        return 0;
    glue_handle(&app, targets[data[0] % (sizeof(targets) / sizeof(targets[0]))],
                (const char *)data + 1, size - 1, &resp);
    if (resp.status != 200 && resp.status != 400) { /* 500 means an internal fault */
        fprintf(stderr, "fuzz: status %d: %.*s\n", resp.status, (int)resp.len, resp.body);
        abort();
    }
    free(resp.body);
    return 0;
}
