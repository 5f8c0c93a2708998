/* ops.c -- what every resource operation shares: text pages, CatalogId, required members,
 * MaxResults. */
#include "ops/ops.h"

#include <stdlib.h>
#include <string.h>

void op_page_release(struct op_page *page)
{
    free(page->items.p);
    free(page->next_token);
    json_decref(page->extra);
    memset(page, 0, sizeof(*page));
}

json_t *op_page_object(const struct op_page *page)
{
    struct sbuf b = {0};
    json_t *items, *res;
    sbuf_adds(&b, "[");
    if (page->items.p)
        sbuf_add(&b, page->items.p, page->items.len);
    sbuf_adds(&b, "]");
    items = json_loadb(b.p, b.len, 0, NULL);
    free(b.p);
    if (items == NULL || (page->single && json_array_size(items) != 1)) {
        json_decref(items);
        return NULL;
    }
    res = page->extra ? json_deep_copy(page->extra) : json_object();
    json_object_set(res, page->member, page->single ? json_array_get(items, 0) : items);
    if (page->next_token)
        json_object_set_new(res, "NextToken", json_string(page->next_token));
    json_decref(items);
    return res;
}

void op_page_next(struct op_page *page)
{
    if (page->count++ > 0)
        sbuf_add(&page->items, ",", 1);
}

const char *ops_catalog(const struct op_ctx *ctx, const json_t *in)
{
    const char *c = json_string_value(json_object_get(in, "CatalogId"));
    return c ? c : ctx->catalog_id;
}

const char *ops_required_str(const json_t *in, const char *key, struct srv_error *err)
{
    const char *v = json_string_value(json_object_get(in, key));
    if (v == NULL)
        srv_error_set(err, CAT_EINVAL, "%s is required.", key);
    return v;
}

int ops_max_results(const json_t *in, int def, int max, int *out, struct srv_error *err)
{
    const json_t *v = json_object_get(in, "MaxResults");
    json_int_t n;
    *out = def;
    if (v == NULL || json_is_null(v))
        return CAT_OK;
    if (!json_is_integer(v) || (n = json_integer_value(v)) < 1 || n > max)
        return srv_error_set(err, CAT_EINVAL, "MaxResults must be between 1 and %d.", max);
    *out = (int)n;
    return CAT_OK;
}

int ops_open_table(struct op_ctx *ctx, const json_t *in, struct store_ptable *pt,
                   struct srv_error *err)
{
    const char *db = ops_required_str(in, "DatabaseName", err), *t;
    char *ldb, *lt;
    int rc;
    memset(pt, 0, sizeof(*pt));
    if (db == NULL || (t = ops_required_str(in, "TableName", err)) == NULL)
        return err->code;
    ldb = util_is_lower_ascii(db) ? NULL : util_lower(db);
    lt = util_is_lower_ascii(t) ? NULL : util_lower(t);
    rc = store_ptable_open(ctx->st, ops_catalog(ctx, in), ldb ? ldb : db, lt ? lt : t, pt, err);
    free(ldb);
    free(lt);
    return rc;
}

void ops_set_token(json_t *out, char *token)
{
    json_object_set_new(out, "NextToken", json_string(token));
    free(token);
}

json_t *ops_error_detail(const struct srv_error *e)
{
    return json_pack("{s:s, s:s}", "ErrorCode", srv_error_glue_type(e->code), "ErrorMessage",
                     e->msg);
}

int ops_list_visible(const struct ops_listing *l, const char *after, int limit, json_t **out,
                     char **next, struct srv_error *err)
{
    char *cursor = after ? xstrdup(after) : NULL;
    json_t *page = json_array();
    int more = 0, rc;
    *out = NULL;
    *next = NULL;
    for (;;) {
        json_t *batch = NULL;
        size_t i, n;
        if ((rc = l->fetch(l->arg, cursor, limit, &batch, &more, err)) != CAT_OK)
            break;
        n = json_array_size(batch);
        for (i = 0; i < n; i++) {
            json_t *item = json_array_get(batch, i);
            if ((int)json_array_size(page) == limit) { /* full: resume at the one left */
                more = 1;
                break;
            }
            free(cursor);
            cursor = l->key(l->arg, item);
            if (l->keep == NULL || l->keep(l->arg, item))
                json_array_append(page, item);
        }
        json_decref(batch);
        if (!more || n == 0 || (int)json_array_size(page) == limit ||
            ((int)n < limit && json_array_size(page) > 0))
            break;
    }
    if (rc == CAT_OK) {
        *out = json_incref(page);
        if (more && cursor != NULL)
            *next = cursor, cursor = NULL;
    }
    json_decref(page);
    free(cursor);
    return rc;
}

void ops_project(json_t *list, const json_t *attrs)
{
    size_t i, j;
    json_t *item;
    if (!json_is_array(attrs))
        return;
    json_array_foreach(list, i, item) {
        json_t *keep = json_object();
        json_object_set(keep, "Name", json_object_get(item, "Name"));
        for (j = 0; j < json_array_size(attrs); j++) {
            const char *a = json_string_value(json_array_get(attrs, j));
            json_t *v = json_object_get(item, "TableType");
            if (a && strcmp(a, "TABLE_TYPE") == 0 && v)
                json_object_set(keep, "TableType", v);
        }
        json_array_set_new(list, i, keep);
    }
}
