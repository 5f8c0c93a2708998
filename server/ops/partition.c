/* partition.c -- Partition resource: CRUD, batches, GetPartitions(Expression), partition indexes.
 */
#include "ops/partition.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "lang/ptype.h"
#include "ops/colstats.h"
#include "ops/present.h"
#include "ops/token.h"

/* ================================================================ */
/* Shared steps.                                                      */

/* VALUES must be an array of as many strings as the table has partition keys. */
static int check_values(const struct store_ptable *pt, const json_t *values, struct srv_error *err)
{
    size_t i;
    if (!json_is_array(values))
        return srv_error_set(err, CAT_EINVAL, "Partition values are required.");
    for (i = 0; i < json_array_size(values); i++)
        if (!json_is_string(json_array_get(values, i)))
            return srv_error_set(err, CAT_EINVAL, "Partition values must be strings.");
    if ((int)json_array_size(values) != pt->nkeys)
        return srv_error_set(err, CAT_EINVAL,
                             "The number of partition keys do not match the number of partition "
                             "values (table %s has %d, %zu given).",
                             pt->name, pt->nkeys, json_array_size(values));
    return CAT_OK;
}

/* {"<KEY>": VALUES (or []), "ErrorDetail": {...}}: one entry of a batch's Errors. */
static json_t *entry_failure(const char *key, json_t *values, const struct srv_error *e)
{
    return json_pack("{s:o, s:o}", key, json_is_array(values) ? json_incref(values) : json_array(),
                     "ErrorDetail", ops_error_detail(e));
}

/* Per-entry failures are InvalidInput, NotFound or AlreadyExists; others fail the call. */
static int entry_error(int code)
{
    return code == CAT_EINVAL || code == CAT_ENOTFOUND || code == CAT_EEXISTS;
}

/* ================================================================ */
/* Create.                                                            */

/* PIN (a checked PartitionInput of PT), or when it has no StorageDescriptor a new one with
** the table's descriptor at the Hive-style location under the table's: LOCATION/k=v/...
** (ptype_path_append()).  A new reference. */
static json_t *with_table_sd(const struct store_ptable *pt, const json_t *pin)
{
    const json_t *tsd = json_object_get(pt->table, "StorageDescriptor");
    const json_t *keys = json_object_get(pt->table, "PartitionKeys");
    const json_t *values = json_object_get(pin, "Values");
    const char *base = json_string_value(json_object_get(tsd, "Location"));
    struct sbuf loc = {0};
    json_t *out, *sd;
    size_t i, n;
    if (json_object_get(pin, "StorageDescriptor") != NULL || !json_is_object(tsd))
        return json_incref((json_t *)pin);
    out = json_copy((json_t *)pin);
    sd = json_deep_copy(tsd);
    if (base != NULL && *base) {
        n = strlen(base);
        sbuf_add(&loc, base, n);
        if (base[n - 1] != '/')
            sbuf_add(&loc, "/", 1);
        for (i = 0; i < json_array_size(values); i++) {
            const char *k = json_string_value(json_object_get(json_array_get(keys, i), "Name"));
            ptype_path_append(&loc, k ? k : "", json_string_value(json_array_get(values, i)));
        }
        json_object_set_new(sd, "Location", json_string(loc.p));
        free(loc.p);
    }
    json_object_set_new(out, "StorageDescriptor", sd);
    return out;
}

/* PIN must be a PartitionInput with values for PT. */
static int check_input(const struct store_ptable *pt, const json_t *pin, struct srv_error *err)
{
    if (!json_is_object(pin))
        return srv_error_set(err, CAT_EINVAL, "PartitionInput is required.");
    return check_values(pt, json_object_get(pin, "Values"), err);
}

static int create_one(struct op_ctx *ctx, struct store_ptable *pt, const json_t *pin, double now,
                      struct srv_error *err)
{
    json_t *full;
    int rc;
    if ((rc = check_input(pt, pin, err)) != CAT_OK)
        return rc;
    full = with_table_sd(pt, pin);
    rc = store_partition_insert(ctx->st, pt, json_object_get(full, "Values"), full, now, err);
    json_decref(full);
    return rc;
}

int partition_create(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    struct store_ptable pt = {0};
    int rc;
    *out = NULL;
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = ops_open_table(ctx, in, &pt, err)) == CAT_OK &&
        (rc = create_one(ctx, &pt, json_object_get(in, "PartitionInput"), util_now(), err)) ==
            CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    store_ptable_close(&pt);
    return rc;
}

/* ================================================================ */
/* Read: every partition answered goes through present_partition().  */

/* A reader writing the partitions it visits into an answer page, up to a byte cap. */
struct page_reader {
    struct present_writer w;
    struct op_page *page;
    size_t cap; /* stop once the page's text reaches this many bytes (0: no cap) */
    int limit;  /* and after this many partitions */
    int more;   /* set when a row was left for the next page */
    int single; /* one partition asked for: no LAST kept */
    char *last; /* the last written partition's Values text */
    struct srv_error *err;
};

static int read_row(void *arg, const struct store_prow *row)
{
    struct page_reader *r = arg;
    size_t before = r->page->items.len;
    int rc;
    if ((int)r->page->count >= r->limit || (r->cap && r->page->count > 0 && before >= r->cap)) {
        r->more = 1;
        return STORE_STOP;
    }
    op_page_next(r->page);
    if ((rc = present_partition(&r->w, row, &r->page->items, r->err)) != CAT_OK)
        return rc;
    if (!r->single) {
        free(r->last);
        r->last = xstrdup(row->values);
    }
    return CAT_OK;
}

static void reader_init(struct page_reader *r, struct op_ctx *ctx, const struct store_ptable *pt,
                        int exclude_columns, const char *member, struct srv_error *err)
{
    memset(r, 0, sizeof(*r));
    present_writer_init(&r->w, ctx->st, pt, exclude_columns);
    r->page = &ctx->page;
    r->page->member = member;
    r->cap = ctx->max_answer;
    r->limit = 1000;
    r->err = err;
}

static void reader_release(struct page_reader *r)
{
    present_writer_release(&r->w);
    free(r->last);
}

/* GetPartition's key for store_answer_get(): the names as asked and the values, as JSON text
** (each part self-delimiting); 0, or -1 when the request is not one to keep (a member that
** is not a string, a value holding a NUL). */
static int answer_key(const struct op_ctx *ctx, const json_t *in, struct sbuf *key)
{
    const json_t *values = json_object_get(in, "PartitionValues"), *v;
    const char *db = json_string_value(json_object_get(in, "DatabaseName"));
    const char *t = json_string_value(json_object_get(in, "TableName"));
    size_t i;
    if (db == NULL || t == NULL || !json_is_array(values))
        return -1;
    sbuf_adds(key, "[\"GetPartition\",");
    sbuf_add_json_string(key, ops_catalog(ctx, in));
    sbuf_add(key, ",", 1);
    sbuf_add_json_string(key, db);
    sbuf_add(key, ",", 1);
    sbuf_add_json_string(key, t);
    json_array_foreach(values, i, v) {
        if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
            return -1;
        sbuf_add(key, ",", 1);
        sbuf_add_json_string(key, json_string_value(v));
    }
    sbuf_add(key, "]", 1);
    return 0;
}

int partition_get(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *values = json_object_get(in, "PartitionValues");
    struct store_ptable pt = {0};
    struct page_reader r;
    struct store_mark mark = {0};
    struct sbuf key = {0};
    char *kept = NULL;
    size_t klen = 0;
    int rc;
    *out = NULL;
    /* the answer read since the last commit, if any (the same text, no read at all) */
    if (answer_key(ctx, in, &key) == 0) {
        store_answer_get(ctx->st, key.p, key.len, &mark, &kept, &klen);
        if (kept) {
            ctx->page.member = "Partition";
            ctx->page.single = 1;
            op_page_next(&ctx->page);
            sbuf_add(&ctx->page.items, kept, klen);
            free(kept);
            free(key.p);
            return CAT_OK;
        }
    }
    if ((rc = ops_open_table(ctx, in, &pt, err)) != CAT_OK) {
        store_ptable_close(&pt);
        free(key.p);
        return rc;
    }
    reader_init(&r, ctx, &pt, 0, "Partition", err);
    ctx->page.single = 1;
    r.single = 1;
    if ((rc = check_values(&pt, values, err)) == CAT_OK)
        rc = store_partition_get(ctx->st, &pt, values, read_row, &r, err);
    reader_release(&r);
    store_ptable_close(&pt); /* the read transaction ends: the state since MARK, or a later one */
    if (rc == CAT_OK && key.p && ctx->page.count == 1)
        store_answer_put(ctx->st, key.p, key.len, &mark, ctx->page.items.p, ctx->page.items.len);
    free(key.p);
    return rc;
}

/* BatchGetPartition's reader: rows come in the order of the distinct keys (one statement on a
** backend that can); once the answer reaches its byte cap, the keys after the last one
** answered are left for UnprocessedKeys. */
struct batch_reader {
    struct page_reader r;
    long last;  /* index of the last key answered, -1 before the first */
    int capped; /* the cap was reached */
};

static int batch_full(const struct page_reader *r)
{
    return r->cap && r->page->count > 0 && r->page->items.len >= r->cap;
}

static int batch_row(void *arg, size_t key, const struct store_prow *row)
{
    struct batch_reader *b = arg;
    int rc;
    if (batch_full(&b->r)) {
        b->capped = 1;
        return STORE_STOP;
    }
    if ((rc = read_row(&b->r, row)) == CAT_OK)
        b->last = (long)key;
    return rc;
}

/* BatchGetPartition: each partition answered once however often it is asked for; missing
** ones are left out (as Glue does); keys past the answer's byte cap come back in
** UnprocessedKeys for the client to ask again. */
int partition_batch_get(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *keys = json_object_get(in, "PartitionsToGet"), *k;
    const json_t **distinct = NULL;
    struct store_ptable pt = {0};
    struct batch_reader b;
    json_t *seen = json_object(), *unprocessed = json_array();
    size_t i, n = 0;
    int rc, reader = 0;
    *out = NULL;
    if ((rc = ops_open_table(ctx, in, &pt, err)) != CAT_OK)
        goto done;
    reader_init(&b.r, ctx, &pt, 0, "Partitions", err);
    b.r.limit = (int)json_array_size(keys) + 1;
    b.last = -1;
    b.capped = 0;
    reader = 1;
    distinct = xcalloc(json_array_size(keys) + 1, sizeof(*distinct));
    json_array_foreach(keys, i, k) {
        const json_t *values = json_object_get(k, "Values");
        char *id;
        if ((rc = check_values(&pt, values, err)) != CAT_OK)
            goto done;
        /* Duplicates are dropped before the cap: a key asked for before was answered (or
        ** listed as unprocessed) once, so a client following UnprocessedKeys gets each
        ** partition once and is done in ceil(distinct keys / keys per answer) calls. */
        if ((id = json_dumps(values, JSON_COMPACT)) == NULL) {
            rc = srv_error_set(err, CAT_ENOMEM, "Out of memory.");
            goto done;
        }
        if (json_object_get(seen, id) == NULL) {
            json_object_set_new(seen, id, json_true());
            distinct[n++] = values;
        }
        free(id);
    }
    if ((rc = store_partition_get_many(ctx->st, &pt, n, distinct, batch_row, &b, err)) != CAT_OK)
        goto done;
    if (b.capped || batch_full(&b.r))
        for (i = (size_t)(b.last + 1); i < n; i++)
            json_array_append_new(unprocessed, json_pack("{s:O}", "Values", distinct[i]));
    ctx->page.member = "Partitions";
    ctx->page.extra = json_pack("{s:O}", "UnprocessedKeys", unprocessed);
    srv_error_init(err);
    rc = CAT_OK;
done:
    if (reader)
        reader_release(&b.r);
    free(distinct);
    json_decref(seen);
    json_decref(unprocessed);
    store_ptable_close(&pt);
    return rc;
}

int partition_list(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *token = json_string_value(json_object_get(in, "NextToken"));
    const json_t *segment = json_object_get(in, "Segment");
    struct store_pquery q;
    struct store_ptable pt = {0};
    struct page_reader r;
    char *scope = NULL, *after = NULL;
    size_t scope_len;
    int rc, reader = 0;
    *out = NULL;
    memset(&q, 0, sizeof(q));
    q.expression = json_string_value(json_object_get(in, "Expression"));
    q.total_segments = 1;
    if ((rc = ops_open_table(ctx, in, &pt, err)) != CAT_OK)
        goto done;
    reader_init(&r, ctx, &pt, json_is_true(json_object_get(in, "ExcludeColumnSchema")),
                "Partitions", err);
    reader = 1;
    if ((rc = ops_max_results(in, 1000, 1000, &r.limit, err)) != CAT_OK)
        goto done;
    if (json_is_object(segment)) {
        q.segment = (int)json_integer_value(json_object_get(segment, "SegmentNumber"));
        q.total_segments = (int)json_integer_value(json_object_get(segment, "TotalSegments"));
        if (q.total_segments < 1 || q.total_segments > 10 || q.segment < 0 ||
            q.segment >= q.total_segments) {
            rc = srv_error_set(err, CAT_EINVAL,
                               "Segment must have 1 <= TotalSegments <= 10 and 0 <= "
                               "SegmentNumber < TotalSegments.");
            goto done;
        }
    }
    /* names are up to 255 characters of up to 4 bytes each: size the scope to fit */
    scope_len = strlen(pt.catalog) + strlen(pt.db) + strlen(pt.name) + 64;
    scope = xmalloc(scope_len);
    snprintf(scope, scope_len, "%s/%s/%s/%d/%d/%016llx", pt.catalog, pt.db, pt.name, q.segment,
             q.total_segments, util_fnv1a(q.expression));
    if (token && *token && (rc = token_parse(token, "partitions", scope, &after, err)) != CAT_OK)
        goto done;
    q.after = after;
    q.limit = r.limit + 1; /* one more tells whether another page follows */
    if ((rc = store_partition_query(ctx->st, &pt, &q, read_row, &r, err)) != CAT_OK)
        goto done;
    if (r.more && r.last)
        ctx->page.next_token = token_make("partitions", scope, r.last);
done:
    if (reader)
        reader_release(&r);
    free(scope);
    free(after);
    store_ptable_close(&pt);
    return rc;
}

/* ================================================================ */
/* Update and delete.                                                 */

/* Replace partition VALUES with PIN (whose Values, if given, may move it). */
static int update_one(struct op_ctx *ctx, struct store_ptable *pt, const json_t *values,
                      const json_t *pin, struct srv_error *err)
{
    json_t *copy;
    int rc;
    if ((rc = check_values(pt, values, err)) != CAT_OK)
        return rc;
    if (!json_is_object(pin))
        return srv_error_set(err, CAT_EINVAL, "PartitionInput is required.");
    copy = json_copy((json_t *)pin);
    if (json_object_get(copy, "Values") == NULL)
        json_object_set(copy, "Values", (json_t *)values);
    if ((rc = check_values(pt, json_object_get(copy, "Values"), err)) == CAT_OK)
        rc = store_partition_replace(ctx->st, pt, values, copy, err);
    if (rc == CAT_OK) /* statistics of the columns it no longer has go */
        rc = colstats_partition_changed(ctx, pt, json_object_get(copy, "Values"), err);
    json_decref(copy);
    return rc;
}

int partition_update(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    struct store_ptable pt = {0};
    int rc;
    *out = NULL;
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = ops_open_table(ctx, in, &pt, err)) == CAT_OK &&
        (rc = update_one(ctx, &pt, json_object_get(in, "PartitionValueList"),
                         json_object_get(in, "PartitionInput"), err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    store_ptable_close(&pt);
    return rc;
}

int partition_delete(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *values = json_object_get(in, "PartitionValues");
    struct store_ptable pt = {0};
    int rc;
    *out = NULL;
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = ops_open_table(ctx, in, &pt, err)) == CAT_OK &&
        (rc = check_values(&pt, values, err)) == CAT_OK &&
        (rc = store_partition_delete(ctx->st, &pt, values, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    store_ptable_close(&pt);
    return rc;
}

/* ================================================================ */
/* Batches: one transaction, per-entry failures reported in Errors.  */

/* Apply one batch entry to the open table. */
typedef int entry_fn(struct op_ctx *ctx, struct store_ptable *pt, const json_t *entry, double now,
                     struct srv_error *err);

/* Run FN on every entry of IN's list LIST_KEY in one transaction.  Entries that fail with an
** entry-level error are reported as {ERROR_KEY: entry[VALUES_KEY], ErrorDetail}; any other
** failure fails the whole call and writes nothing. */
static int run_batch(struct op_ctx *ctx, const json_t *in, const char *list_key,
                     const char *values_key, const char *error_key, entry_fn *fn, json_t **out,
                     struct srv_error *err)
{
    const json_t *entry;
    struct store_ptable pt = {0};
    json_t *errors = json_array();
    double now = util_now();
    size_t i;
    int rc;
    *out = NULL;
    if ((rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = ops_open_table(ctx, in, &pt, err)) != CAT_OK)
        goto done;
    json_array_foreach(json_object_get(in, list_key), i, entry) {
        struct srv_error e;
        srv_error_init(&e);
        if ((rc = fn(ctx, &pt, entry, now, &e)) == CAT_OK)
            continue;
        if (!entry_error(rc)) {
            *err = e;
            goto done;
        }
        json_array_append_new(errors,
                              entry_failure(error_key, json_object_get(entry, values_key), &e));
    }
    if ((rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_pack("{s:O}", "Errors", errors);
done:
    store_rollback(ctx->st);
    store_ptable_close(&pt);
    json_decref(errors);
    return rc;
}

static int update_entry(struct op_ctx *ctx, struct store_ptable *pt, const json_t *entry,
                        double now, struct srv_error *err)
{
    (void)now;
    return update_one(ctx, pt, json_object_get(entry, "PartitionValueList"),
                      json_object_get(entry, "PartitionInput"), err);
}

static int delete_entry(struct op_ctx *ctx, struct store_ptable *pt, const json_t *entry,
                        double now, struct srv_error *err)
{
    const json_t *values = json_object_get(entry, "Values");
    int rc;
    (void)now;
    if ((rc = check_values(pt, values, err)) != CAT_OK)
        return rc;
    return store_partition_delete(ctx->st, pt, values, err);
}

/* The entries of LIST (N) that pass their checks against PT: *M of them, PINS[j] (owned) with
** the table's descriptor where they have none, VALUES[j] their values, AT[j] their place;
** ERRS[i] the failure of entry i. */
static size_t batch_checked(const struct store_ptable *pt, const json_t *list, size_t n,
                            struct srv_error *errs, const json_t **pins, const json_t **values,
                            size_t *at)
{
    size_t i, m = 0;
    for (i = 0; i < n; i++) {
        const json_t *pin = json_array_get(list, i);
        srv_error_init(&errs[i]);
        if (check_input(pt, pin, &errs[i]) != CAT_OK)
            continue;
        pins[m] = with_table_sd(pt, pin); /* owned */
        values[m] = json_object_get(pins[m], "Values");
        at[m++] = i;
    }
    return m;
}

static void pins_release(const json_t **pins, size_t m)
{
    size_t i;
    for (i = 0; i < m; i++)
        json_decref((json_t *)pins[i]);
}

void (*partition_batch_between)(struct op_ctx *ctx);

/* Whether PT is the table of ID, SD_ID and definition TABLE (store_partition_insert_forms). */
static int same_table(const struct store_ptable *pt, long long id, long long sd_id,
                      const json_t *table)
{
    return pt->id == id && pt->sd_id == sd_id && json_equal(pt->table, table);
}

/* As run_batch, but the entries that pass their checks are stored by one call of
** store_partition_insert_many() (one statement on PostgreSQL); Errors in entry order.  Where
** the store forms rows ahead (SQLite), the entries are checked and their rows formed against
** the table read outside the transaction, so that only the inserts hold the write lock; under
** it the table is read again, and checked and formed again if it changed meanwhile. */
int partition_batch_create(struct op_ctx *ctx, const json_t *in, json_t **out,
                           struct srv_error *err)
{
    const json_t *list = json_object_get(in, "PartitionInputList");
    size_t i, m = 0, n = json_array_size(list);
    struct store_ptable pt = {0};
    struct store_pforms *forms = NULL;
    struct srv_error *errs = xcalloc(n + 1, sizeof(*errs));
    const json_t **values = xcalloc(n + 1, sizeof(*values));
    const json_t **pins = xcalloc(n + 1, sizeof(*pins));
    size_t *at = xcalloc(n + 1, sizeof(*at));
    int *rcs = xcalloc(n + 1, sizeof(*rcs));
    json_t *errors = json_array(), *formed = NULL; /* the table the forms were made for */
    long long formed_id = 0, formed_sd = 0;
    double now = util_now();
    int rc;
    *out = NULL;
    if (store_partition_forms_ahead(ctx->st)) {
        if ((rc = ops_open_table(ctx, in, &pt, err)) != CAT_OK)
            goto done;
        m = batch_checked(&pt, list, n, errs, pins, values, at);
        rc = store_partition_form(ctx->st, &pt, m, values, pins, now, &forms, err);
        formed = json_incref(pt.table);
        formed_id = pt.id;
        formed_sd = pt.sd_id;
        store_ptable_close(&pt); /* its snapshot ends before the write transaction begins */
        if (rc != CAT_OK)
            goto done;
    }
    if (partition_batch_between)
        partition_batch_between(ctx);
    if ((rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = ops_open_table(ctx, in, &pt, err)) != CAT_OK)
        goto done;
    if (forms && !same_table(&pt, formed_id, formed_sd, formed)) { /* changed meanwhile */
        store_pforms_free(ctx->st, forms);
        forms = NULL;
    }
    if (forms == NULL) {
        pins_release(pins, m);
        m = batch_checked(&pt, list, n, errs, pins, values, at);
    }
    if (forms)
        rc = store_partition_insert_forms(ctx->st, &pt, forms, rcs, err);
    else
        rc = store_partition_insert_many(ctx->st, &pt, m, values, pins, now, rcs, err);
    if (rc != CAT_OK)
        goto done;
    for (i = 0; i < m; i++)
        if (rcs[i] != CAT_OK)
            srv_error_set(&errs[at[i]], rcs[i], "Partition already exists.");
    for (i = 0; i < n; i++)
        if (errs[i].code != CAT_OK)
            json_array_append_new(errors,
                                  entry_failure("PartitionValues",
                                                json_object_get(json_array_get(list, i), "Values"),
                                                &errs[i]));
    if ((rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_pack("{s:O}", "Errors", errors);
done:
    store_rollback(ctx->st);
    store_ptable_close(&pt);
    store_pforms_free(ctx->st, forms);
    json_decref(formed);
    json_decref(errors);
    free(errs);
    free(values);
    pins_release(pins, m);
    free(pins);
    free(at);
    free(rcs);
    return rc;
}

int partition_batch_update(struct op_ctx *ctx, const json_t *in, json_t **out,
                           struct srv_error *err)
{
    return run_batch(ctx, in, "Entries", "PartitionValueList", "PartitionValueList", update_entry,
                     out, err);
}

int partition_batch_delete(struct op_ctx *ctx, const json_t *in, json_t **out,
                           struct srv_error *err)
{
    return run_batch(ctx, in, "PartitionsToDelete", "Values", "PartitionValues", delete_entry, out,
                     err);
}
