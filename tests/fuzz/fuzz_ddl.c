/* fuzz_ddl.c -- libFuzzer target for catalogctl's Hive DDL parser (client/ddl.c): any input is
** parsed or refused with a line:column message, and every CREATE TABLE it accepts is written
** back as DDL that parses again to the same statement. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../client/ddl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), err[256];
    json_t *out = NULL, *stmt;
    size_t i;
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (ddl_parse(text, NULL, &out, err, sizeof err) != 0) {
        if (strncmp(err, "line ", 5) != 0)
            abort();
        free(text);
        return 0;
    }
    json_array_foreach(out, i, stmt) {
        json_t *t, *again = NULL;
        char *ddl;
        if (strcmp(json_string_value(json_object_get(stmt, "Statement")), "CreateTable") != 0)
            continue;
        t = json_deep_copy(json_object_get(stmt, "TableInput"));
        json_object_set(t, "DatabaseName", json_object_get(stmt, "DatabaseName"));
        ddl = ddl_create_table(t);
        json_decref(t);
        if (ddl == NULL || ddl_parse(ddl, NULL, &again, err, sizeof err) != 0)
            abort(); /* what was written must parse */
        json_object_set(json_array_get(again, 0), "IfNotExists",
                        json_object_get(stmt, "IfNotExists"));
        if (!json_equal(json_array_get(again, 0), stmt))
            abort(); /* to the same table */
        json_decref(again);
        free(ddl);
    }
    json_decref(out);
    free(text);
    return 0;
}
