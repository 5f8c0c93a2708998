/* fuzz_search.c -- libFuzzer target: SearchTables requests (search.c's SearchText, Filters and
** SortCriteria parsing, sqlite_search.c's FTS5 query) over an in-memory catalog of a few tables.
**
** Input: the first byte picks how the rest is used: as SearchText, as a Name filter's Value,
** as a parameter filter's Key, or as the whole request body. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "front/glue.h"
#include "front/http.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct app app;

/* Send BODY to operation TARGET; abort on an internal fault (status 500). */
static void call(const char *target, const char *body, size_t len)
{
    struct http_response resp;
    glue_handle(&app, target, body, len, &resp);
    if (resp.status != 200 && resp.status != 400) {
        fprintf(stderr, "fuzz: status %d: %.*s\n", resp.status, (int)resp.len, resp.body);
        abort();
    }
    free(resp.body);
}

static void open_catalog(void)
{
    static const char *const SEED[][2] = {
        {"AWSGlue.CreateDatabase", "{\"DatabaseInput\": {\"Name\": \"sales\"}}"},
        {"AWSGlue.CreateTable",
         "{\"DatabaseName\": \"sales\", \"TableInput\": {\"Name\": \"customer-link\", "
         "\"Description\": \"Caf\\u00e9 \\\"links\\\" {x} : * ^ NEAR\", "
         "\"Parameters\": {\"classification\": \"parquet\"}}}"},
        {"AWSGlue.CreateTable", "{\"DatabaseName\": \"sales\", \"TableInput\": {\"Name\": "
                                "\"orders_daily\", \"TableType\": \"VIRTUAL_VIEW\"}}"},
    };
    struct srv_error err;
    size_t i;
    srv_error_init(&err);
    if (store_pool_open(&app.pool, ":memory:", &err) != CAT_OK) {
        fprintf(stderr, "fuzz: %s\n", err.msg);
        abort();
    }
    app.catalog_id = "000000000000";
    app.max_body = 1 << 20;
    for (i = 0; i < sizeof(SEED) / sizeof(SEED[0]); i++)
        call(SEED[i][0], SEED[i][1], strlen(SEED[i][1]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *req = NULL, *s;
    char *body;
    if (app.pool == NULL)
        open_catalog();
    if (size == 0)
        return 0;
    if (data[0] % 4 == 3) {
        call("AWSGlue.SearchTables", (const char *)data + 1, size - 1);
        return 0;
    }
    if ((s = json_stringn((const char *)data + 1, size - 1)) == NULL)
        return 0; /* not UTF-8 */
    if (data[0] % 4 == 0)
        req = json_pack("{s:o}", "SearchText", s);
    else if (data[0] % 4 == 1)
        req = json_pack("{s:[{s:s, s:o}]}", "Filters", "Key", "Name", "Value", s);
    else
        req = json_pack("{s:[{s:o, s:s}]}", "Filters", "Key", s, "Value", "parquet");
    body = json_dumps(req, JSON_COMPACT);
    call("AWSGlue.SearchTables", body, strlen(body));
    free(body);
    json_decref(req);
    return 0;
}
