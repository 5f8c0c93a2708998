/* tags.c -- TagResource/UntagResource/GetTags, Get/PutResourcePolicy, GetCatalogImportStatus,
** GetDataCatalogEncryptionSettings. */
#include "ops/tags.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* A Glue ARN arn:aws[-part]:glue:REGION:ACCOUNT:TYPE/PATH split into the entity it names. */
struct arn {
    enum store_tag_kind kind;
    char *catalog, *db, *name; /* owned; the names folded; NAME NULL for a database */
};

static void arn_free(struct arn *a)
{
    free(a->catalog);
    free(a->db);
    free(a->name);
    memset(a, 0, sizeof(*a));
}

/* Parse TEXT.  The account is the CatalogId (empty: the default one).  EINVAL for other
** shapes and resource types. */
static int arn_parse(struct op_ctx *ctx, const char *text, struct arn *a, struct srv_error *err)
{
    static const struct {
        const char *type;
        enum store_tag_kind kind;
        int parts; /* path segments after TYPE/ */
    } TYPES[] = {{"database/", STORE_TAG_DATABASE, 1},
                 {"table/", STORE_TAG_TABLE, 2},
                 {"userDefinedFunction/", STORE_TAG_FUNCTION, 2}};
    const char *p = text, *field[5];
    size_t i, n;
    memset(a, 0, sizeof(*a));
    for (i = 0; i < 5; i++) { /* arn, partition, service, region, account */
        field[i] = p;
        if ((p = strchr(p, ':')) == NULL)
            return srv_error_set(err, CAT_EINVAL, "Invalid ARN %.300s.", text);
        p++;
    }
    if (strncmp(field[0], "arn:", 4) != 0 || strncmp(field[2], "glue:", 5) != 0)
        return srv_error_set(err, CAT_EINVAL, "Invalid ARN %.300s: not a Glue ARN.", text);
    for (i = 0; i < sizeof(TYPES) / sizeof(TYPES[0]); i++) {
        const char *path, *slash;
        n = strlen(TYPES[i].type);
        if (strncmp(p, TYPES[i].type, n) != 0)
            continue;
        path = p + n;
        slash = strchr(path, '/');
        if (path[0] == '\0' || (TYPES[i].parts == 1) != (slash == NULL) ||
            (slash && (slash == path || slash[1] == '\0' || strchr(slash + 1, '/'))))
            return srv_error_set(err, CAT_EINVAL, "Invalid ARN %.300s.", text);
        a->kind = TYPES[i].kind;
        a->catalog = field[4] + 1 == p ? xstrdup(ctx->catalog_id) : NULL;
        if (a->catalog == NULL) {
            size_t len = (size_t)(p - 1 - field[4]);
            a->catalog = xmalloc(len + 1);
            memcpy(a->catalog, field[4], len);
            a->catalog[len] = '\0';
        }
        if (slash) {
            char *d = xmalloc((size_t)(slash - path) + 1);
            memcpy(d, path, (size_t)(slash - path));
            d[slash - path] = '\0';
            a->db = util_lower(d);
            a->name = util_lower(slash + 1);
            free(d);
        } else {
            a->db = util_lower(path);
        }
        return CAT_OK;
    }
    return srv_error_set(err, CAT_EINVAL,
                         "Tags are kept for database, table and userDefinedFunction ARNs; "
                         "%.300s is none of them.",
                         text);
}

/* Apply ADD and REMOVE to the tags of IN's ResourceArn; with OUT, answer {"Tags": ...}. */
static int tags_change(struct op_ctx *ctx, const json_t *in, const json_t *add,
                       const json_t *remove, json_t **out, struct srv_error *err)
{
    const char *text = ops_required_str(in, "ResourceArn", err);
    json_t *tags = NULL;
    struct arn a;
    int rc;
    *out = NULL;
    if (text == NULL)
        return err->code;
    if ((rc = arn_parse(ctx, text, &a, err)) != CAT_OK)
        return rc;
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = store_tags_update(ctx->st, a.catalog, a.kind, a.db, a.name, add, remove, &tags,
                                err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = (add || remove) ? json_object() : json_pack("{s:O}", "Tags", tags);
    store_rollback(ctx->st);
    json_decref(tags);
    arn_free(&a);
    return rc;
}

int tags_add(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *add = json_object_get(in, "TagsToAdd");
    if (!json_is_object(add))
        return srv_error_set(err, CAT_EINVAL, "TagsToAdd is required.");
    return tags_change(ctx, in, add, NULL, out, err);
}

int tags_remove(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *remove = json_object_get(in, "TagsToRemove");
    if (!json_is_array(remove))
        return srv_error_set(err, CAT_EINVAL, "TagsToRemove is required.");
    return tags_change(ctx, in, NULL, remove, out, err);
}

int tags_get(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    return tags_change(ctx, in, NULL, NULL, out, err);
}

/* ================================================================ */
/* Resource policies.                                                 */

/* The policy's hash: FNV-1a 64 of its text, in hex (changes when the text does). */
static void policy_hash(const char *text, char out[17])
{
    snprintf(out, 17, "%016llx", util_fnv1a(text));
}

int policy_get(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *arn = json_string_value(json_object_get(in, "ResourceArn"));
    return store_policy_get(ctx->st, ops_catalog(ctx, in), arn ? arn : "", out, err);
}

int policy_put(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const char *arn = json_string_value(json_object_get(in, "ResourceArn"));
    const char *policy = ops_required_str(in, "PolicyInJson", err);
    const char *want = json_string_value(json_object_get(in, "PolicyHashCondition"));
    const char *exists = json_string_value(json_object_get(in, "PolicyExistsCondition"));
    json_t *cur = NULL;
    struct srv_error miss;
    char hash[17];
    int rc;
    *out = NULL;
    if (policy == NULL)
        return err->code;
    srv_error_init(&miss);
    if ((rc = store_begin(ctx->st, err)) != CAT_OK)
        goto done;
    rc = store_policy_get(ctx->st, catalog, arn ? arn : "", &cur, &miss);
    if (rc != CAT_OK && rc != CAT_ENOTFOUND) {
        *err = miss;
        goto done;
    }
    if (exists && strcmp(exists, "MUST_EXIST") == 0 && cur == NULL) {
        rc = srv_error_set(err, CAT_ECONDITION, "There is no policy to replace.");
        goto done;
    }
    if (exists && strcmp(exists, "NOT_EXIST") == 0 && cur != NULL) {
        rc = srv_error_set(err, CAT_ECONDITION, "A policy exists already.");
        goto done;
    }
    if (want &&
        (cur == NULL || strcmp(want, json_string_value(json_object_get(cur, "PolicyHash"))) != 0)) {
        rc = srv_error_set(err, CAT_ECONDITION, "PolicyHashCondition %.100s does not match.", want);
        goto done;
    }
    policy_hash(policy, hash);
    if ((rc = store_policy_put(ctx->st, catalog, arn ? arn : "", policy, hash, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_pack("{s:s}", "PolicyHash", hash);
done:
    store_rollback(ctx->st);
    json_decref(cur);
    return rc;
}

/* ================================================================ */
/* Catalog-level constants.                                           */

int catalog_import_status(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    (void)ctx;
    (void)in;
    (void)err;
    *out =
        json_pack("{s:{s:b, s:s}}", "ImportStatus", "ImportCompleted", 1, "ImportedBy", "catalogd");
    return CAT_OK;
}

int catalog_encryption_settings(struct op_ctx *ctx, const json_t *in, json_t **out,
                                struct srv_error *err)
{
    (void)ctx;
    (void)in;
    (void)err;
    *out = json_pack("{s:{s:{s:s}, s:{s:b}}}", "DataCatalogEncryptionSettings", "EncryptionAtRest",
                     "CatalogEncryptionMode", "DISABLED", "ConnectionPasswordEncryption",
                     "ReturnConnectionPasswordEncrypted", 0);
    return CAT_OK;
}
