/* registry.c -- the one table of operations (registry.def), its index by name, and ops_run(). */
#include "registry/registry.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "crawler/crawler.h"
#include "ops/colstats.h"
#include "ops/database.h"
#include "ops/extension.h"
#include "ops/iceberg.h"
#include "ops/partition.h"
#include "ops/pindex.h"
#include "ops/search.h"
#include "ops/table.h"
#include "ops/tags.h"
#include "ops/udf.h"
#include "ops/validate.h"

static const struct op_def table[] = {
#define OP(name, fn, flags, route) {#name, fn, flags, route},
#include "registry/registry.def"
#undef OP
};
#define NOPS (sizeof(table) / sizeof(table[0]))

static const struct op_def *by_name[NOPS]; /* TABLE sorted by name, built once */
static pthread_once_t indexed = PTHREAD_ONCE_INIT;

static int cmp_def(const void *a, const void *b)
{
    return strcmp((*(const struct op_def *const *)a)->name,
                  (*(const struct op_def *const *)b)->name);
}

static void build_index(void)
{
    size_t i;
    for (i = 0; i < NOPS; i++)
        by_name[i] = &table[i];
    qsort(by_name, NOPS, sizeof(by_name[0]), cmp_def);
}

const struct op_def *ops_find(const char *name)
{
    size_t lo = 0, hi = NOPS;
    pthread_once(&indexed, build_index);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, by_name[mid]->name);
        if (c == 0)
            return by_name[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const struct op_def *ops_at(size_t i)
{
    return i < NOPS ? &table[i] : NULL;
}

size_t ops_count(void)
{
    return NOPS;
}

void op_result_release(struct op_result *res)
{
    json_decref(res->out);
    res->out = NULL;
    op_page_release(&res->page);
}

int ops_run(const struct ops_env *env, const struct op_def *op, json_t *in, struct op_result *res,
            struct srv_error *err)
{
    return ops_run_flags(env, op, in, 0, res, err);
}

#define MODEL_STATS_MAX 25 /* the model's ColumnStatisticsList */

/* IN against OP's input shape; with OPS_WHOLE_STATS, a longer ColumnStatisticsList checked
** MODEL_STATS_MAX entries at a time in the list's place. */
static int validate_long(const char *op, json_t *in, unsigned flags, struct srv_error *err)
{
    json_t *list = json_object_get(in, "ColumnStatisticsList");
    size_t n = json_array_size(list), i, j;
    int rc = CAT_OK;
    if (!(flags & OPS_WHOLE_STATS) || n <= MODEL_STATS_MAX)
        return validate_input(op, in, err);
    json_incref(list);
    for (i = 0; rc == CAT_OK && i < n; i += MODEL_STATS_MAX) {
        json_t *slice = json_array();
        for (j = i; j < i + MODEL_STATS_MAX && j < n; j++)
            json_array_append(slice, json_array_get(list, j));
        json_object_set_new(in, "ColumnStatisticsList", slice);
        rc = validate_input(op, in, err);
    }
    json_object_set_new(in, "ColumnStatisticsList", list);
    return rc;
}

int ops_run_flags(const struct ops_env *env, const struct op_def *op, json_t *in, unsigned flags,
                  struct op_result *res, struct srv_error *err)
{
    struct op_ctx ctx;
    int rc, attempt;
    memset(res, 0, sizeof(*res));
    memset(&ctx, 0, sizeof(ctx));
    if (!json_is_object(in))
        return srv_error_set(err, CAT_EINVAL, "The request body must be a JSON object.");
    if (op->flags & (OP_EXTENSION | OP_ICEBERG)) { /* not in the Glue model: checked there */
        if ((rc = ext_validate(op->name, in, err)) != CAT_OK)
            goto done;
    } else {
        json_t *held = NULL; /* a long Expression the front allows, kept out of the model check */
        if ((flags & OPS_LONG_EXPRESSION) &&
            json_string_length(json_object_get(in, "Expression")) > 2048) {
            held = json_incref(json_object_get(in, "Expression"));
            json_object_del(in, "Expression");
        }
        rc = validate_long(op->name, in, flags, err);
        if (rc == CAT_OK)
            validate_prune(op->name, in); /* members the model does not define are not kept */
        if (held)
            json_object_set_new(in, "Expression", held);
        if (rc != CAT_OK)
            goto done;
    }
    if ((rc = auth_permit(env->who, op->name, op->flags & OP_WRITE, in, env->catalog_id, err)) !=
        CAT_OK)
        goto done;
    ctx.catalog_id = env->catalog_id;
    ctx.op = op->name;
    ctx.who = env->who;
    ctx.max_answer = env->max_answer ? env->max_answer : OPS_DEFAULT_MAX_ANSWER;
    ctx.whole_stats = (flags & OPS_WHOLE_STATS) != 0;
    for (attempt = 1;; attempt++) {
        if ((ctx.st = store_acquire(env->pool, err)) == NULL) {
            rc = err->code;
            goto done;
        }
        rc = op->fn(&ctx, in, &res->out, err);
        store_return(env->pool, ctx.st);
        /* A serialization failure between concurrent transactions (PostgreSQL): the handler's
        ** transaction was rolled back whole, so the operation runs again, a bounded number of
        ** times; after that the client gets ConcurrentModificationException. */
        if (rc != CAT_ECONCURRENT || !err->retry || attempt >= STORE_MAX_ATTEMPTS)
            break;
        json_decref(res->out);
        res->out = NULL;
        op_page_release(&ctx.page);
        memset(&ctx.page, 0, sizeof(ctx.page));
        store_retry_pause(attempt);
        srv_error_init(err);
    }
    if (rc == CAT_ECONCURRENT && err->retry)
        srv_error_set(err, CAT_ECONCURRENT,
                      "Concurrent modification: the operation conflicted with another one %d "
                      "times; retry.",
                      attempt);
    if (rc == CAT_OK && res->out == NULL && ctx.page.member == NULL)
        rc = srv_error_set(err, CAT_EINTERNAL, "%s answered nothing.", op->name);
    if (rc == CAT_OK) {
        res->page = ctx.page;
        memset(&ctx.page, 0, sizeof(ctx.page));
        if (res->out)
            auth_filter(env->who, op->name, res->out);
        if (op->flags & OP_WRITE)
            auth_audit(env->who, env->source, op->name, in, env->request_id);
    }
done:
    op_page_release(&ctx.page);
    if (rc != CAT_OK) {
        op_result_release(res);
        if (rc == CAT_EINTERNAL || rc == CAT_ENOMEM || rc == CAT_EUNAVAILABLE)
            fprintf(stderr, "catalogd: %s failed: %s\n", op->name, err->msg);
    }
    return rc;
}
