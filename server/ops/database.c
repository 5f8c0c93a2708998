/* database.c -- Database resource: create/get/list/update/delete. */
#include "ops/database.h"

#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/util.h"
#include "ops/token.h"

/* A new Database object from DatabaseInput IN: Name folded to lower case. */
static json_t *db_from_input(const json_t *in)
{
    json_t *db = json_deep_copy(in);
    const char *name = json_string_value(json_object_get(in, "Name"));
    char *lower = util_lower(name ? name : "");
    json_object_set_new(db, "Name", json_string(lower));
    free(lower);
    return db;
}

static const json_t *db_input(const json_t *in, struct srv_error *err)
{
    const json_t *di = json_object_get(in, "DatabaseInput");
    if (!json_is_object(di) || !json_is_string(json_object_get(di, "Name"))) {
        srv_error_set(err, CAT_EINVAL, "DatabaseInput with a Name is required.");
        return NULL;
    }
    return di;
}

int database_create(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *di, *tags = json_object_get(in, "Tags"); /* stored like TagResource's */
    json_t *db = NULL;
    int rc;
    *out = NULL;
    if ((di = db_input(in, err)) == NULL)
        return err->code;
    db = db_from_input(di);
    json_object_set_new(db, "CreateTime", json_real(util_now()));
    if ((rc = store_begin(ctx->st, err)) != CAT_OK)
        goto done;
    if ((rc = store_db_insert(ctx->st, ops_catalog(ctx, in), db, err)) != CAT_OK ||
        (json_is_object(tags) && json_object_size(tags) > 0 &&
         (rc = store_tags_update(ctx->st, ops_catalog(ctx, in), STORE_TAG_DATABASE,
                                 json_string_value(json_object_get(db, "Name")), NULL, tags, NULL,
                                 NULL, err)) != CAT_OK) ||
        (rc = store_commit(ctx->st, err)) != CAT_OK)
        goto done;
    *out = json_object();
done:
    store_rollback(ctx->st);
    json_decref(db);
    return rc;
}

int database_get(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *name;
    char *lower;
    json_t *db = NULL;
    int rc;
    *out = NULL;
    if ((name = ops_required_str(in, "Name", err)) == NULL)
        return err->code;
    lower = util_lower(name);
    rc = store_db_get(ctx->st, ops_catalog(ctx, in), lower, &db, err);
    free(lower);
    if (rc == CAT_OK)
        *out = json_pack("{s:o}", "Database", db);
    return rc;
}

/* GetDatabases' listing (ops_list_visible()): the databases of a catalog by name, those the
** caller may see. */
struct db_listing {
    struct op_ctx *ctx;
    const char *catalog;
};

static int db_fetch(void *arg, const char *after, int limit, json_t **out, int *more,
                    struct srv_error *err)
{
    struct db_listing *l = arg;
    return store_db_list(l->ctx->st, l->catalog, after, limit, l->ctx->max_answer, out, more, err);
}

static int db_keep(void *arg, const json_t *db)
{
    const char *name = json_string_value(json_object_get(db, "Name"));
    return name && auth_database_allowed(((struct db_listing *)arg)->ctx->who, name);
}

static char *db_key(void *arg, const json_t *db)
{
    (void)arg;
    return xstrdup(json_string_value(json_object_get(db, "Name")));
}

int database_list(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const char *token = json_string_value(json_object_get(in, "NextToken"));
    struct db_listing dl = {ctx, catalog};
    struct ops_listing l = {db_fetch, db_keep, db_key, &dl};
    char *after = NULL, *next = NULL;
    json_t *list = NULL;
    int limit, rc;
    *out = NULL;
    if ((rc = ops_max_results(in, 100, 100, &limit, err)) != CAT_OK)
        return rc;
    if (token && *token && (rc = token_parse(token, "databases", catalog, &after, err)) != CAT_OK)
        return rc;
    if ((rc = ops_list_visible(&l, after, limit, &list, &next, err)) == CAT_OK) {
        ops_project(list, json_object_get(in, "AttributesToGet"));
        *out = json_pack("{s:o}", "DatabaseList", list);
        if (next)
            ops_set_token(*out, token_make("databases", catalog, next));
    }
    free(next);
    free(after);
    return rc;
}

int database_update(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in), *name;
    const json_t *di;
    char *lower = NULL;
    json_t *cur = NULL, *db = NULL;
    int rc;
    *out = NULL;
    if ((name = ops_required_str(in, "Name", err)) == NULL || (di = db_input(in, err)) == NULL)
        return err->code;
    lower = util_lower(name);
    db = db_from_input(di);
    if ((rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = store_db_get(ctx->st, catalog, lower, &cur, err)) != CAT_OK)
        goto done;
    json_object_set(db, "CreateTime", json_object_get(cur, "CreateTime"));
    if ((rc = store_db_replace(ctx->st, catalog, lower, db, err)) != CAT_OK ||
        (rc = store_commit(ctx->st, err)) != CAT_OK)
        goto done;
    *out = json_object();
done:
    store_rollback(ctx->st);
    json_decref(cur);
    json_decref(db);
    free(lower);
    return rc;
}

int database_delete(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *name;
    char *lower;
    int rc;
    *out = NULL;
    if ((name = ops_required_str(in, "Name", err)) == NULL)
        return err->code;
    lower = util_lower(name);
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = store_db_delete(ctx->st, ops_catalog(ctx, in), lower, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    free(lower);
    return rc;
}
