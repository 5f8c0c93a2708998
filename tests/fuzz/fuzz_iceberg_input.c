/* fuzz_iceberg_input.c -- libFuzzer target: what the Iceberg operations take from a client
** before any store call: the request checks of the OP_ICEBERG operations (extension.c's
** ext_validate) and file:// metadata locations (ice_file_path, iceberg_file.c).
**
** Input: one byte choosing the operation, then the request's JSON text (also read whole, NUL
** ended, as a location).  Aborts on: a failure without a message or with another code than
** CAT_EINVAL, a request that passes once and not a second time or loses members the second
** time (the checks prune once), a member left that the operation does not define; a file://
** path that is not absolute, holds a "." or ".." segment or a NUL, or on which
** ice_file_local() disagrees. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/extension.h"
#include "ops/iceberg_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const OPS[] = {
    "IcebergListNamespaces", "IcebergDropNamespace",     "IcebergUpdateNamespace",
    "IcebergListTables",     "IcebergCreateTable",       "IcebergLoadTable",
    "IcebergCommitTable",    "IcebergCommitTransaction", "IcebergRegisterTable",
    "IcebergRenameTable",    "IcebergDropTable",         "IcebergCreateView",
    "IcebergLoadView",       "IcebergReplaceView"};

static void die(const char *what, const char *op)
{
    fprintf(stderr, "fuzz_iceberg_input: %s (%s)\n", what, op);
    abort();
}

static void check_path(const char *s)
{
    char path[4096];
    const char *p;
    int ok = ice_file_path(s, path, sizeof(path)) == 0;
    if (ok != ice_file_local(s))
        die("ice_file_local disagrees with ice_file_path", s);
    if (!ok)
        return;
    if (path[0] != '/')
        die("a relative path", s);
    for (p = path; (p = strchr(p, '/')) != NULL; p++)
        if ((p[1] == '.' && (p[2] == '/' || p[2] == '\0')) ||
            (p[1] == '.' && p[2] == '.' && (p[3] == '/' || p[3] == '\0')))
            die("a . or .. segment", s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct srv_error err;
    const char *op;
    json_t *in, *again;
    char *text;
    int rc;
    if (size < 1)
        return 0;
    op = OPS[data[0] % (sizeof(OPS) / sizeof(OPS[0]))];
    text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    check_path(text);
    free(text);
    if ((in = json_loadb((const char *)data + 1, size - 1, 0, NULL)) == NULL)
        return 0;
    if (!json_is_object(in)) {
        json_decref(in);
        return 0;
    }
    srv_error_init(&err);
    rc = ext_validate(op, in, &err);
    if (rc != CAT_OK) {
        if (rc != CAT_EINVAL || err.msg[0] == '\0')
            die("a failure without a message or of another code", op);
        json_decref(in);
        return 0;
    }
    again = json_deep_copy(in);
    if (ext_validate(op, again, &err) != CAT_OK)
        die("passes once, not twice", op);
    if (!json_equal(in, again))
        die("the second check changed the request", op);
    json_decref(again);
    json_decref(in);
    return 0;
}
