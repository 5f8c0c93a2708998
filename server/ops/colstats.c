/* colstats.c -- Column statistics resource: Get/Update/DeleteColumnStatisticsFor{Table,
** Partition}, catalogd's BatchUpdateColumnStatisticsForPartition, pruning. */
#include "ops/colstats.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* ColumnStatisticsData.Type and the member that carries its data. */
static const struct {
    const char *type, *member;
} DATA[] = {
    {"BOOLEAN", "BooleanColumnStatisticsData"}, {"DATE", "DateColumnStatisticsData"},
    {"DECIMAL", "DecimalColumnStatisticsData"}, {"DOUBLE", "DoubleColumnStatisticsData"},
    {"LONG", "LongColumnStatisticsData"},       {"STRING", "StringColumnStatisticsData"},
    {"BINARY", "BinaryColumnStatisticsData"},
};
#define NDATA (sizeof(DATA) / sizeof(DATA[0]))

/* Where statistics live: a table, or one partition of it (PART != 0). */
struct owner {
    struct store_ptable pt;
    long long part;
    json_t *columns; /* folded names of the columns statistics may describe (owned) */
};

static void owner_close(struct owner *o)
{
    store_ptable_close(&o->pt);
    json_decref(o->columns);
    o->columns = NULL;
}

/* Append the folded Name of every object of COLS to NAMES. */
static void add_names(json_t *names, const json_t *cols)
{
    const json_t *c;
    size_t i;
    json_array_foreach(cols, i, c) {
        const char *n = json_is_string(c) ? json_string_value(c)
                                          : json_string_value(json_object_get(c, "Name"));
        if (n) {
            char *l = util_lower(n);
            json_array_append_new(names, json_string(l));
            free(l);
        }
    }
}

/* The folded names of a table's data columns. */
static json_t *table_columns(const struct store_ptable *pt)
{
    json_t *names = json_array();
    add_names(names, json_object_get(json_object_get(pt->table, "StorageDescriptor"), "Columns"));
    return names;
}

static int has_name(const json_t *names, const char *folded)
{
    const json_t *n;
    size_t i;
    json_array_foreach(names, i, n)
        if (strcmp(json_string_value(n), folded) == 0)
            return 1;
    return 0;
}

/* The columns of partition VALUES of PT (its descriptor's; the table's when it has none). */
static int partition_owner(struct op_ctx *ctx, struct store_ptable *pt, const json_t *values,
                           long long *part, json_t **columns, struct srv_error *err)
{
    json_t *raw = NULL;
    int rc;
    *columns = NULL;
    if (!json_is_array(values) || (int)json_array_size(values) != pt->nkeys)
        return srv_error_set(err, CAT_EINVAL,
                             "The number of partition keys do not match the number of partition "
                             "values (table %s has %d).",
                             pt->name, pt->nkeys);
    if ((rc = store_partition_locate(ctx->st, pt, values, part, &raw, err)) != CAT_OK)
        return rc;
    if (json_array_size(raw) == 0) {
        *columns = table_columns(pt);
    } else {
        *columns = json_array();
        add_names(*columns, raw);
    }
    json_decref(raw);
    return CAT_OK;
}

/* Open the table (and with PARTITION, the partition PartitionValues) that IN names. */
static int owner_open(struct op_ctx *ctx, const json_t *in, int partition, struct owner *o,
                      struct srv_error *err)
{
    int rc;
    memset(o, 0, sizeof(*o));
    if ((rc = ops_open_table(ctx, in, &o->pt, err)) != CAT_OK)
        return rc;
    if (!partition) {
        o->columns = table_columns(&o->pt);
        return CAT_OK;
    }
    return partition_owner(ctx, &o->pt, json_object_get(in, "PartitionValues"), &o->part,
                           &o->columns, err);
}

/* Per-entry failures are reported in Errors; any other code fails the whole call. */
static int entry_error(int code)
{
    return code == CAT_EINVAL || code == CAT_ENOTFOUND;
}

/* Check one ColumnStatistics entry CS against the owner's columns; *FOLDED its column. */
static int check_entry(const struct owner *o, const json_t *cs, char **folded,
                       struct srv_error *err)
{
    const json_t *data = json_object_get(cs, "StatisticsData");
    const char *name = json_string_value(json_object_get(cs, "ColumnName"));
    const char *type = json_string_value(json_object_get(data, "Type"));
    size_t i;
    *folded = NULL;
    if (name == NULL || type == NULL)
        return srv_error_set(err, CAT_EINVAL, "ColumnName and StatisticsData.Type are required.");
    for (i = 0; i < NDATA; i++) /* the member of its Type first, then no other */
        if (strcmp(type, DATA[i].type) == 0 && json_object_get(data, DATA[i].member) == NULL)
            return srv_error_set(err, CAT_EINVAL, "Statistics of type %s need %s.", type,
                                 DATA[i].member);
    for (i = 0; i < NDATA; i++)
        if (strcmp(type, DATA[i].type) != 0 && json_object_get(data, DATA[i].member) != NULL)
            return srv_error_set(err, CAT_EINVAL, "Statistics of type %s cannot carry %s.", type,
                                 DATA[i].member);
    *folded = util_lower(name);
    if (!has_name(o->columns, *folded)) {
        free(*folded);
        *folded = NULL;
        return srv_error_set(err, CAT_ENOTFOUND, "Column %.255s not found in table %s.", name,
                             o->pt.name);
    }
    return CAT_OK;
}

/* Store LIST (ColumnStatistics entries) for owner O; failed entries go to ERRORS, as
** ColumnStatisticsError objects (with PARTITION's values when given). */
static int put_list(struct op_ctx *ctx, struct owner *o, const json_t *list,
                    const json_t *partition, json_t *errors, struct srv_error *err)
{
    const json_t *cs;
    size_t i;
    json_array_foreach(list, i, cs) {
        struct srv_error e;
        char *folded = NULL;
        int rc;
        srv_error_init(&e);
        if ((rc = check_entry(o, cs, &folded, &e)) == CAT_OK)
            rc = store_colstats_put(ctx->st, &o->pt, o->part, folded, cs, &e);
        free(folded);
        if (rc == CAT_OK)
            continue;
        if (!entry_error(rc) || ctx->whole_stats) {
            *err = e;
            return rc;
        }
        json_array_append_new(
            errors, json_pack("{s:O, s:o}", "ColumnStatistics", cs, "Error", ops_error_detail(&e)));
        if (partition)
            json_object_set(json_array_get(errors, json_array_size(errors) - 1), "PartitionValues",
                            (json_t *)partition);
    }
    return CAT_OK;
}

static int stats_get(struct op_ctx *ctx, const json_t *in, int partition, json_t **out,
                     struct srv_error *err)
{
    const json_t *names = json_object_get(in, "ColumnNames"), *n;
    json_t *list = NULL, *errors = NULL;
    struct owner o;
    size_t i;
    int rc;
    *out = NULL;
    if ((rc = owner_open(ctx, in, partition, &o, err)) != CAT_OK)
        goto done;
    list = json_array();
    errors = json_array();
    json_array_foreach(names, i, n) {
        const char *name = json_string_value(n);
        char *folded = util_lower(name ? name : "");
        json_t *stats = NULL;
        struct srv_error e;
        srv_error_init(&e);
        if (!has_name(o.columns, folded))
            srv_error_set(&e, CAT_ENOTFOUND, "Column %.255s not found in table %s.", name,
                          o.pt.name);
        else if ((rc = store_colstats_get(ctx->st, &o.pt, o.part, folded, &stats, err)) != CAT_OK)
            ;
        else if (stats == NULL)
            srv_error_set(&e, CAT_ENOTFOUND, "No statistics for column %.255s.", name);
        free(folded);
        if (rc != CAT_OK)
            goto done;
        if (stats)
            json_array_append_new(list, stats);
        else
            json_array_append_new(
                errors, json_pack("{s:O, s:o}", "ColumnName", n, "Error", ops_error_detail(&e)));
    }
    *out = json_pack("{s:O, s:O}", "ColumnStatisticsList", list, "Errors", errors);
done:
    json_decref(list);
    json_decref(errors);
    owner_close(&o);
    return rc;
}

static int stats_update(struct op_ctx *ctx, const json_t *in, int partition, json_t **out,
                        struct srv_error *err)
{
    json_t *errors = json_array();
    struct owner o;
    int rc;
    *out = NULL;
    memset(&o, 0, sizeof(o));
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = owner_open(ctx, in, partition, &o, err)) == CAT_OK &&
        (rc = put_list(ctx, &o, json_object_get(in, "ColumnStatisticsList"), NULL, errors, err)) ==
            CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_pack("{s:O}", "Errors", errors);
    store_rollback(ctx->st);
    json_decref(errors);
    owner_close(&o);
    return rc;
}

static int stats_delete(struct op_ctx *ctx, const json_t *in, int partition, json_t **out,
                        struct srv_error *err)
{
    const char *name = json_string_value(json_object_get(in, "ColumnName"));
    char *folded = util_lower(name ? name : "");
    struct owner o;
    int rc;
    *out = NULL;
    memset(&o, 0, sizeof(o));
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = owner_open(ctx, in, partition, &o, err)) == CAT_OK &&
        (rc = store_colstats_delete(ctx->st, &o.pt, o.part, folded, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    owner_close(&o);
    free(folded);
    return rc;
}

int colstats_table_get(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    return stats_get(ctx, in, 0, out, err);
}

int colstats_partition_get(struct op_ctx *ctx, const json_t *in, json_t **out,
                           struct srv_error *err)
{
    return stats_get(ctx, in, 1, out, err);
}

int colstats_table_update(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    return stats_update(ctx, in, 0, out, err);
}

int colstats_partition_update(struct op_ctx *ctx, const json_t *in, json_t **out,
                              struct srv_error *err)
{
    return stats_update(ctx, in, 1, out, err);
}

int colstats_table_delete(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    return stats_delete(ctx, in, 0, out, err);
}

int colstats_partition_delete(struct op_ctx *ctx, const json_t *in, json_t **out,
                              struct srv_error *err)
{
    return stats_delete(ctx, in, 1, out, err);
}

int colstats_partition_batch_update(struct op_ctx *ctx, const json_t *in, json_t **out,
                                    struct srv_error *err)
{
    const json_t *entries = json_object_get(in, "Entries"), *entry;
    json_t *errors = json_array();
    struct owner o;
    size_t i;
    int rc;
    *out = NULL;
    memset(&o, 0, sizeof(o));
    if ((rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = ops_open_table(ctx, in, &o.pt, err)) != CAT_OK)
        goto done;
    json_array_foreach(entries, i, entry) {
        const json_t *values = json_object_get(entry, "PartitionValues");
        struct srv_error e;
        srv_error_init(&e);
        json_decref(o.columns);
        o.columns = NULL;
        rc = partition_owner(ctx, &o.pt, values, &o.part, &o.columns, &e);
        if (rc == CAT_OK) {
            rc = put_list(ctx, &o, json_object_get(entry, "ColumnStatisticsList"), values, errors,
                          err);
            if (rc != CAT_OK)
                goto done;
        } else if (entry_error(rc)) {
            json_array_append_new(errors, json_pack("{s:O, s:o}", "PartitionValues", values,
                                                    "Error", ops_error_detail(&e)));
            rc = CAT_OK;
        } else {
            *err = e;
            goto done;
        }
    }
    if ((rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_pack("{s:O}", "Errors", errors);
done:
    store_rollback(ctx->st);
    json_decref(errors);
    owner_close(&o);
    return rc;
}

int colstats_table_changed(struct op_ctx *ctx, const char *catalog, const char *db,
                           const char *name, struct srv_error *err)
{
    struct store_ptable pt;
    json_t *keep;
    int rc;
    if ((rc = store_ptable_open(ctx->st, catalog, db, name, &pt, err)) != CAT_OK)
        return rc;
    keep = table_columns(&pt);
    rc = store_colstats_prune(ctx->st, &pt, 0, keep, err);
    json_decref(keep);
    store_ptable_close(&pt);
    return rc;
}

int colstats_partition_changed(struct op_ctx *ctx, struct store_ptable *pt, const json_t *values,
                               struct srv_error *err)
{
    json_t *keep = NULL;
    long long part = 0;
    int rc = partition_owner(ctx, pt, values, &part, &keep, err);
    if (rc == CAT_OK)
        rc = store_colstats_prune(ctx->st, pt, part, keep, err);
    json_decref(keep);
    return rc;
}
