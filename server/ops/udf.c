/* udf.c -- User-defined function resource: Create/Get/Update/Delete/GetUserDefinedFunction(s). */
#include "ops/udf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "lang/namepat.h"
#include "ops/token.h"

/* A new UserDefinedFunction from FunctionInput FI: FunctionName folded (NAME when FI has
** none), CreateTime set. */
static json_t *udf_from_input(const json_t *fi, const char *name, double create_time)
{
    json_t *fn = json_deep_copy(fi);
    const char *given = json_string_value(json_object_get(fi, "FunctionName"));
    char *lower = util_lower(given ? given : name);
    json_object_set_new(fn, "FunctionName", json_string(lower));
    json_object_set_new(fn, "CreateTime", json_real(create_time));
    free(lower);
    return fn;
}

/* The folded value of member KEY of IN (caller frees), or NULL with ERR set. */
static char *folded(const json_t *in, const char *key, struct srv_error *err)
{
    const char *v = ops_required_str(in, key, err);
    return v ? util_lower(v) : NULL;
}

int udf_create(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *fi = json_object_get(in, "FunctionInput");
    char *db;
    json_t *fn;
    int rc;
    *out = NULL;
    if (!json_is_string(json_object_get(fi, "FunctionName")))
        return srv_error_set(err, CAT_EINVAL, "FunctionInput with a FunctionName is required.");
    if ((db = folded(in, "DatabaseName", err)) == NULL)
        return err->code;
    fn = udf_from_input(fi, "", util_now());
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = store_udf_insert(ctx->st, ops_catalog(ctx, in), db, fn, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    json_decref(fn);
    free(db);
    return rc;
}

int udf_get(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    char *db = NULL, *name = NULL;
    json_t *fn = NULL;
    int rc;
    *out = NULL;
    if ((db = folded(in, "DatabaseName", err)) == NULL ||
        (name = folded(in, "FunctionName", err)) == NULL) {
        free(db);
        return err->code;
    }
    if ((rc = store_udf_get(ctx->st, ops_catalog(ctx, in), db, name, &fn, err)) == CAT_OK)
        *out = json_pack("{s:o}", "UserDefinedFunction", fn);
    free(db);
    free(name);
    return rc;
}

int udf_update(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const json_t *fi = json_object_get(in, "FunctionInput");
    char *db = NULL, *name = NULL;
    json_t *cur = NULL, *fn = NULL;
    int rc;
    *out = NULL;
    if (!json_is_object(fi))
        return srv_error_set(err, CAT_EINVAL, "FunctionInput is required.");
    if ((db = folded(in, "DatabaseName", err)) == NULL ||
        (name = folded(in, "FunctionName", err)) == NULL) {
        free(db);
        return err->code;
    }
    if ((rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = store_udf_get(ctx->st, catalog, db, name, &cur, err)) != CAT_OK)
        goto done;
    fn = udf_from_input(fi, name, json_real_value(json_object_get(cur, "CreateTime")));
    if ((rc = store_udf_replace(ctx->st, catalog, db, name, fn, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
done:
    store_rollback(ctx->st);
    json_decref(cur);
    json_decref(fn);
    free(db);
    free(name);
    return rc;
}

int udf_delete(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    char *db = NULL, *name = NULL;
    int rc;
    *out = NULL;
    if ((db = folded(in, "DatabaseName", err)) == NULL ||
        (name = folded(in, "FunctionName", err)) == NULL) {
        free(db);
        return err->code;
    }
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = store_udf_delete(ctx->st, ops_catalog(ctx, in), db, name, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    free(db);
    free(name);
    return rc;
}

/* Append S to a token scope as "LENGTH:S", or "-" when absent, so that no two lists of parts
** give the same scope. */
static void scope_add(struct sbuf *b, const char *s)
{
    char len[32];
    if (s == NULL) {
        sbuf_adds(b, "-");
        return;
    }
    snprintf(len, sizeof(len), "%zu:", strlen(s));
    sbuf_adds(b, len);
    sbuf_adds(b, s);
}

int udf_list(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const char *token = json_string_value(json_object_get(in, "NextToken"));
    const char *pattern = json_string_value(json_object_get(in, "Pattern"));
    const char *dbname = json_string_value(json_object_get(in, "DatabaseName"));
    const char *type = json_string_value(json_object_get(in, "FunctionType"));
    char *db = dbname ? util_lower(dbname) : NULL, *scope = NULL, *after = NULL, *nl;
    json_t *list = NULL, *keep = NULL, *fn;
    struct sbuf sc = {0};
    regex_t re;
    int have_re = 0, limit, more = 0, rc;
    size_t i;
    *out = NULL;
    if (pattern == NULL) {
        rc = srv_error_set(err, CAT_EINVAL, "Pattern is required.");
        goto done;
    }
    if ((rc = ops_max_results(in, 100, 100, &limit, err)) != CAT_OK)
        goto done;
    /* the scope's parts, length-prefixed: Pattern (and names) may hold any separator */
    scope_add(&sc, catalog);
    scope_add(&sc, db);
    scope_add(&sc, pattern);
    scope_add(&sc, type);
    scope = sc.p;
    if (token && *token) {
        if ((rc = token_parse(token, "functions", scope, &after, err)) != CAT_OK)
            goto done;
        if ((nl = strchr(after, '\n')) == NULL) {
            rc = srv_error_set(err, CAT_EINVAL, "Invalid NextToken.");
            goto done;
        }
        *nl = '\0';
    }
    if ((rc = namepat_compile(pattern, "function", &re, err)) != CAT_OK)
        goto done;
    have_re = 1;
    if ((rc = store_udf_list(ctx->st, catalog, db, after, after ? after + strlen(after) + 1 : NULL,
                             limit, ctx->max_answer, namepat_match, &re, &list, &more, err)) !=
        CAT_OK)
        goto done;
    keep = json_array();
    json_array_foreach(list, i, fn) {
        const char *t = json_string_value(json_object_get(fn, "FunctionType"));
        if (type == NULL || (t && strcmp(t, type) == 0))
            json_array_append(keep, fn);
    }
    *out = json_object();
    if (more && json_array_size(list) > 0) {
        const json_t *last = json_array_get(list, json_array_size(list) - 1);
        struct sbuf key = {0};
        sbuf_adds(&key, json_string_value(json_object_get(last, "DatabaseName")));
        sbuf_adds(&key, "\n");
        sbuf_adds(&key, json_string_value(json_object_get(last, "FunctionName")));
        ops_set_token(*out, token_make("functions", scope, key.p));
        free(key.p);
    }
    json_object_set(*out, "UserDefinedFunctions", keep);
done:
    if (have_re)
        regfree(&re);
    json_decref(list);
    json_decref(keep);
    free(after);
    free(scope);
    free(db);
    return rc;
}
