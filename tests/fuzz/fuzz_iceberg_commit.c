/* fuzz_iceberg_commit.c -- libFuzzer target: Iceberg commits through lang/iceberg_meta.c.
**
** Input: a JSON object {"metadata": TableMetadata or absent (no table), "requirements": [...],
** "updates": [...]} committed with ice_commit_full(); {"create": CreateTableRequest} made into
** a first metadata with ice_table_new() (then committed on with the same requirements and
** updates); a bare TableMetadata (it has "format-version") split and assembled again.
**
** Aborts on: an error code other than CAT_EINVAL / CAT_ECONCURRENT or without a message, a
** result that does not split again (not valid TableMetadata), a no-op commit on a result that
** changes it, or a split and assemble that changes the metadata's snapshots or log. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/iceberg_meta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(int rc, const struct srv_error *err)
{
    if (rc == CAT_OK)
        return;
    if ((rc != CAT_EINVAL && rc != CAT_ECONCURRENT) || err->msg[0] == '\0') {
        fprintf(stderr, "unexpected error %d: %s\n", rc, err->msg);
        abort();
    }
}

/* META came out of the engine: it splits, assembles back to itself, and a commit of nothing
** leaves it alone. */
static void check_result(const json_t *meta)
{
    struct srv_error err;
    json_t *h, *s, *l, *whole, *out = NULL, *none = json_array(), *ids;
    srv_error_init(&err);
    if (ice_split(meta, &h, &s, &l, &err) != CAT_OK) {
        fprintf(stderr, "the engine's metadata does not split: %s\n", err.msg);
        abort();
    }
    whole = ice_assemble(h, s, l);
    if (!json_equal(json_object_get(whole, "snapshots"), json_object_get(meta, "snapshots")) ||
        !json_equal(json_object_get(whole, "snapshot-log"), json_object_get(meta, "snapshot-log")))
        abort();
    ids = ice_ref_snapshot_ids(h);
    if (ids == NULL)
        abort();
    if (ice_commit_full(meta, none, none, 1, "s3://w/t/metadata/x.json", &out, &err) != CAT_OK ||
        out != NULL) {
        fprintf(stderr, "a commit of nothing changed the metadata: %s\n", err.msg);
        abort();
    }
    json_decref(ids);
    json_decref(whole);
    json_decref(h);
    json_decref(s);
    json_decref(l);
    json_decref(none);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *in = json_loadb((const char *)data, size, 0, NULL), *meta, *out = NULL, *created = NULL;
    const json_t *reqs, *updates;
    struct srv_error err;
    int rc;

    if (!json_is_object(in)) {
        json_decref(in);
        return 0;
    }
    srv_error_init(&err);
    reqs = json_object_get(in, "requirements");
    updates = json_object_get(in, "updates");
    meta = json_object_get(in, "metadata");

    if (json_object_get(in, "format-version") != NULL) { /* a metadata file */
        json_t *h, *s, *l;
        rc = ice_split(in, &h, &s, &l, &err);
        check_error(rc, &err);
        if (rc == CAT_OK) {
            json_t *whole = ice_assemble(h, s, l);
            check_result(whole);
            json_decref(whole);
            json_decref(h);
            json_decref(s);
            json_decref(l);
        }
    }
    if (json_object_get(in, "create") != NULL) {
        const char *loc = json_string_value(json_object_get(in, "location"));
        rc = ice_table_new(json_object_get(in, "create"), loc ? loc : "s3://w/db.db/t",
                           "5f0b4a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", 1700000000000LL, &created, &err);
        check_error(rc, &err);
        if (rc == CAT_OK) {
            check_result(created);
            meta = created;
        }
    }
    if (meta != NULL || reqs != NULL || updates != NULL) {
        rc = ice_commit_full(meta, reqs, updates, 1700000000001LL,
                             "s3://w/db.db/t/metadata/00000-x.metadata.json", &out, &err);
        check_error(rc, &err);
        if (rc == CAT_OK && out != NULL)
            check_result(out);
        if (rc != CAT_OK && out != NULL)
            abort();
    }
    json_decref(out);
    json_decref(created);
    json_decref(in);
    return 0;
}
