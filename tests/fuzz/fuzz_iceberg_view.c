/* fuzz_iceberg_view.c -- libFuzzer target: Iceberg views and Glue's Iceberg inputs
** (lang/iceberg_view.c, lang/iceberg_glue.c) on JSON input.
**
** Input: a JSON object {"create": CreateViewRequest, "meta": ViewMetadata, "requirements": [...],
** "updates": [...], "iceberg": IcebergInput, "table": TableInput, "glue": [IcebergTableUpdate]};
** any member may be missing or of any type.  Aborts on: an error without a message or with an
** output; a view made or replaced that ice_view_apply() does not then take back unchanged; a
** Glue column written for a schema made from Hive columns that the Hive type checker refuses;
** a CreateTableRequest without its name or schema. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/hivetype.h"
#include "lang/iceberg_meta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(int rc, const json_t *out, const struct srv_error *err)
{
    if (rc != CAT_OK && (out != NULL || err->msg[0] == '\0' || err->code != rc))
        abort();
}

/* META (a view just made or replaced) is valid ViewMetadata that no update changes. */
static void check_view(const json_t *meta)
{
    json_t *none = json_array(), *out = NULL;
    struct srv_error err;
    srv_error_init(&err);
    if (ice_view_apply(meta, NULL, none, 1, &out, &err) != CAT_OK || out != NULL) {
        fprintf(stderr, "view not taken back: %s\n", err.msg);
        abort();
    }
    json_decref(none);
}

static void check_columns(const json_t *schema)
{
    json_t *head = json_pack("{s:i,s:[O]}", "current-schema-id", 0, "schemas", schema);
    json_t *cols = ice_glue_columns(head), *c;
    size_t i;
    json_array_foreach(cols, i, c) {
        struct hivetype t;
        struct hivetype_error e;
        const char *type = json_string_value(json_object_get(c, "Type"));
        if (type == NULL || hivetype_parse(type, &t, &e) != 0) {
            fprintf(stderr, "Glue column type refused: %s\n", type ? type : "(null)");
            abort();
        }
        hivetype_release(&t);
    }
    json_decref(cols);
    json_decref(head);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t jerr;
    json_t *in = json_loadb((const char *)data, size, 0, &jerr), *out = NULL, *next = NULL;
    json_t *reqs, *ups;
    struct srv_error err;
    int rc;
    if (in == NULL)
        return 0;
    reqs = json_object_get(in, "requirements");
    ups = json_object_get(in, "updates");

    srv_error_init(&err);
    rc = ice_view_new(json_object_get(in, "create"), "file:///w/v", "u-1", 1000, &out, &err);
    check_error(rc, out, &err);
    if (rc == CAT_OK) {
        check_view(out);
        srv_error_init(&err);
        rc = ice_view_apply(out, reqs, ups, 2000, &next, &err);
        check_error(rc, next, &err);
        if (next != NULL)
            check_view(next);
        json_decref(next);
        json_decref(out);
    }
    srv_error_init(&err);
    out = NULL;
    rc = ice_view_apply(json_object_get(in, "meta"), reqs, ups, 3000, &out, &err);
    check_error(rc, out, &err);
    if (out != NULL)
        check_view(out);
    json_decref(out);

    out = ice_glue_columns(json_object_get(in, "meta"));
    if (!json_is_array(out))
        abort();
    json_decref(out);

    srv_error_init(&err);
    out = NULL;
    rc = ice_schema_from_glue(
        json_object_get(json_object_get(json_object_get(in, "table"), "StorageDescriptor"),
                        "Columns"),
        &out, &err);
    check_error(rc, out, &err);
    if (out != NULL)
        check_columns(out);
    json_decref(out);

    srv_error_init(&err);
    out = NULL;
    rc = ice_create_from_glue(json_object_get(in, "iceberg"), json_object_get(in, "table"), &out,
                              &err);
    check_error(rc, out, &err);
    if (rc == CAT_OK && (!json_is_string(json_object_get(out, "name")) ||
                         !json_is_object(json_object_get(out, "schema"))))
        abort();
    json_decref(out);

    srv_error_init(&err);
    out = NULL;
    rc = ice_updates_from_glue(json_object_get(in, "glue"), &out, &err);
    check_error(rc, out, &err);
    if (rc == CAT_OK && !json_is_array(out))
        abort();
    json_decref(out);
    json_decref(in);
    return 0;
}
