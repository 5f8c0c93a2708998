/* extension.c -- request checks of catalogd's own operations (not in the Glue model). */
#include "ops/extension.h"

#include <stdio.h>
#include <string.h>

#include "ops/validate.h"

/* Most partitions one BatchUpdateColumnStatisticsForPartition takes. */
#define BATCH_STATS_MAX 1000

/* Keep only the members of object O named in KEEP (NULL-terminated). */
static void keep_only(json_t *o, const char *const *keep)
{
    const char *key;
    json_t *v, *tmp;
    json_object_foreach_safe(o, tmp, key, v) {
        const char *const *k;
        for (k = keep; *k && strcmp(*k, key) != 0; k++)
            ;
        if (*k == NULL)
            json_object_del(o, key);
    }
}

/* Put "entries.N.member." before the member path of ERR's message when the member is one of
** entry N's (not the request's own DatabaseName, TableName, CatalogId). */
static void entry_path(struct srv_error *err, size_t n)
{
    char head[sizeof(err->msg)], path[sizeof(err->path) + 48], tail[sizeof(err->msg)];
    if (err->path_at < 0 || (strncmp(err->path, "partitionValues", 15) != 0 &&
                             strncmp(err->path, "columnStatisticsList", 20) != 0))
        return;
    /* all three out of ERR before it is rewritten */
    snprintf(head, sizeof(head), "%.*s", err->path_at - 5, err->msg); /* 5: " at '" */
    snprintf(path, sizeof(path), "entries.%zu.member.%s", n, err->path);
    snprintf(tail, sizeof(tail), "%s", err->msg + err->path_at + strlen(err->path) + 1);
    srv_error_set_member(err, CAT_EINVAL, head, path, tail);
}

/* BatchUpdateColumnStatisticsForPartition: {CatalogId?, DatabaseName, TableName, Entries:
** [{PartitionValues, ColumnStatisticsList}] (1..1000)}; each entry is checked as the
** UpdateColumnStatisticsForPartition request it stands for. */
static int check_batch_colstats(json_t *in, struct srv_error *err)
{
    static const char *const top[] = {"CatalogId", "DatabaseName", "TableName", "Entries", NULL};
    static const char *const member[] = {"PartitionValues", "ColumnStatisticsList", NULL};
    static const char *const names[] = {"CatalogId", "DatabaseName", "TableName"};
    json_t *entries = json_object_get(in, "Entries"), *entry;
    size_t i, k;
    if (!json_is_array(entries))
        return srv_error_set_member(err, CAT_EINVAL,
                                    entries ? "1 validation error detected: Value "
                                            : "1 validation error detected: Value null",
                                    "entries",
                                    " failed to satisfy constraint: Member must be a list");
    if (json_array_size(entries) < 1 || json_array_size(entries) > BATCH_STATS_MAX) {
        char tail[96];
        snprintf(tail, sizeof(tail),
                 " failed to satisfy constraint: Member must have length between 1 and %d",
                 BATCH_STATS_MAX);
        return srv_error_set_member(err, CAT_EINVAL, "1 validation error detected: Value",
                                    "entries", tail);
    }
    json_array_foreach(entries, i, entry) {
        json_t *req;
        int rc;
        if (!json_is_object(entry)) {
            char path[48];
            snprintf(path, sizeof(path), "entries.%zu.member", i + 1);
            return srv_error_set_member(err, CAT_EINVAL, "1 validation error detected: Value", path,
                                        " must be a structure");
        }
        req = json_object();
        for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
            if (json_object_get(in, names[k]))
                json_object_set(req, names[k], json_object_get(in, names[k]));
        for (k = 0; member[k]; k++)
            if (json_object_get(entry, member[k]))
                json_object_set(req, member[k], json_object_get(entry, member[k]));
        rc = validate_input("UpdateColumnStatisticsForPartition", req, err);
        if (rc == CAT_OK)
            validate_prune("UpdateColumnStatisticsForPartition", req);
        if (rc == CAT_OK) {
            for (k = 0; member[k]; k++)
                json_object_set(entry, member[k], json_object_get(req, member[k]));
            keep_only(entry, member);
        }
        json_decref(req);
        if (rc != CAT_OK) {
            entry_path(err, i + 1);
            return rc;
        }
    }
    keep_only(in, top);
    return CAT_OK;
}

/* RenameTable: {CatalogId?, DatabaseName, Name, TableInput}: UpdateTable's request (the table
** under its new name) and the current Name, a NameString. */
static int check_rename_table(json_t *in, struct srv_error *err)
{
    static const char *const top[] = {"CatalogId", "DatabaseName", "Name", "TableInput", NULL};
    json_t *name = json_incref(json_object_get(in, "Name")), *probe;
    int rc;
    json_object_del(in, "Name");
    rc = validate_input("UpdateTable", in, err);
    if (rc == CAT_OK)
        validate_prune("UpdateTable", in);
    if (rc == CAT_OK) { /* Name as GetTable's */
        probe = json_pack("{s:O*,s:s}", "Name", name, "DatabaseName", "x");
        rc = validate_input("GetTable", probe, err);
        json_decref(probe);
    }
    if (name)
        json_object_set(in, "Name", name);
    json_decref(name);
    keep_only(in, top);
    return rc;
}

static const struct {
    const char *name;
    int (*check)(json_t *in, struct srv_error *err);
} EXTENSIONS[] = {
    {"BatchUpdateColumnStatisticsForPartition", check_batch_colstats},
    {"RenameTable", check_rename_table},
};

int ext_validate(const char *op, json_t *in, struct srv_error *err)
{
    size_t i;
    for (i = 0; i < sizeof(EXTENSIONS) / sizeof(EXTENSIONS[0]); i++)
        if (strcmp(EXTENSIONS[i].name, op) == 0)
            return EXTENSIONS[i].check(in, err);
    return srv_error_set(err, CAT_EUNKNOWNOP, "Unknown operation %s.", op);
}

int ext_known(const char *op)
{
    size_t i;
    for (i = 0; i < sizeof(EXTENSIONS) / sizeof(EXTENSIONS[0]); i++)
        if (strcmp(EXTENSIONS[i].name, op) == 0)
            return 1;
    return 0;
}
