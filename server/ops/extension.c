/* extension.c -- request checks of catalogd's own operations (not in the Glue model): the
** OP_EXTENSION ones and the Iceberg REST catalog's (OP_ICEBERG). */
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

/* ---- The Iceberg REST catalog's operations (OP_ICEBERG, ops/iceberg.h): one table of members
** per operation.  Their Request objects (the Iceberg protocol's own) are the engine's to check
** (lang/iceberg_meta.h). ---- */

#define ICE_NAME_MAX 255
#define ICE_CHANGES_MAX 1000

struct ice_member {
    const char *name, *path; /* the member; how a message names it */
    char type;               /* 'n' name (string of 1..255), 's' string, 'o' object, 'b' boolean,
                             ** 'i' MaxResults (1..1000), 'k' list of strings, 'm' map of strings,
                             ** 'S' Snapshots ("all" or "refs"), 'c' TableChanges */
    int required;
};

#define CATALOG_ID                                                                                 \
    {                                                                                              \
        "CatalogId", "catalogId", 'n', 0                                                           \
    }
#define DB_NAME                                                                                    \
    {                                                                                              \
        "DatabaseName", "databaseName", 'n', 1                                                     \
    }
#define TBL_NAME                                                                                   \
    {                                                                                              \
        "Name", "name", 'n', 1                                                                     \
    }
#define REQUEST                                                                                    \
    {                                                                                              \
        "Request", "request", 'o', 1                                                               \
    }
#define PAGING                                                                                     \
    {"NextToken", "nextToken", 's', 0},                                                            \
    {                                                                                              \
        "MaxResults", "maxResults", 'i', 0                                                         \
    }
#define VIEWS                                                                                      \
    {                                                                                              \
        "Views", "views", 'b', 0                                                                   \
    }

static const struct {
    const char *op;
    struct ice_member m[8]; /* ended by a NULL name */
} ICE_OPS[] = {
    {"IcebergListNamespaces", {CATALOG_ID, {"Parent", "parent", 'n', 0}, PAGING}},
    {"IcebergDropNamespace", {CATALOG_ID, TBL_NAME}},
    {"IcebergUpdateNamespace",
     {CATALOG_ID, TBL_NAME, {"Removals", "removals", 'k', 0}, {"Updates", "updates", 'm', 0}}},
    {"IcebergListTables", {CATALOG_ID, DB_NAME, VIEWS, PAGING}},
    {"IcebergCreateTable", {CATALOG_ID, DB_NAME, REQUEST}},
    {"IcebergLoadTable", {CATALOG_ID, DB_NAME, TBL_NAME, {"Snapshots", "snapshots", 'S', 0}}},
    {"IcebergCommitTable", {CATALOG_ID, DB_NAME, TBL_NAME, REQUEST}},
    {"IcebergCommitTransaction", {CATALOG_ID, {"TableChanges", "tableChanges", 'c', 1}}},
    {"IcebergRegisterTable", {CATALOG_ID, DB_NAME, REQUEST}},
    {"IcebergRenameTable",
     {CATALOG_ID,
      DB_NAME,
      TBL_NAME,
      {"DestinationDatabaseName", "destinationDatabaseName", 'n', 1},
      {"DestinationName", "destinationName", 'n', 1},
      VIEWS}},
    {"IcebergDropTable", {CATALOG_ID, DB_NAME, TBL_NAME, VIEWS, {"Purge", "purge", 'b', 0}}},
    {"IcebergCreateView", {CATALOG_ID, DB_NAME, REQUEST}},
    {"IcebergLoadView", {CATALOG_ID, DB_NAME, TBL_NAME}},
    {"IcebergReplaceView", {CATALOG_ID, DB_NAME, TBL_NAME, REQUEST}},
};

static const struct ice_member ICE_CHANGE[] = {DB_NAME, TBL_NAME, REQUEST, {NULL, NULL, 0, 0}};

static int ice_bad(struct srv_error *err, const char *path, const char *what)
{
    return srv_error_set_member(err, CAT_EINVAL, "1 validation error detected: Value", path, what);
}

static int ice_check_members(json_t *in, const struct ice_member *m, const char *prefix,
                             struct srv_error *err);

/* Member V of type M->type, named PATH in messages. */
static int ice_check_one(json_t *v, const struct ice_member *m, const char *path,
                         struct srv_error *err)
{
    const char *key;
    json_t *e;
    size_t i;
    switch (m->type) {
    case 'n':
        if (!json_is_string(v))
            return ice_bad(err, path, " failed to satisfy constraint: Member must be a string");
        if (json_string_length(v) < 1 || json_string_length(v) > ICE_NAME_MAX)
            return ice_bad(err, path,
                           " failed to satisfy constraint: Member must have length between 1 "
                           "and 255");
        return CAT_OK;
    case 's':
        return json_is_string(v)
                   ? CAT_OK
                   : ice_bad(err, path, " failed to satisfy constraint: Member must be a string");
    case 'S':
        if (!json_is_string(v) ||
            (strcmp(json_string_value(v), "all") != 0 && strcmp(json_string_value(v), "refs") != 0))
            return ice_bad(err, path,
                           " failed to satisfy constraint: Member must satisfy enum value set: "
                           "[all, refs]");
        return CAT_OK;
    case 'o':
        return json_is_object(v)
                   ? CAT_OK
                   : ice_bad(err, path,
                             " failed to satisfy constraint: Member must be a structure");
    case 'b':
        return json_is_boolean(v)
                   ? CAT_OK
                   : ice_bad(err, path, " failed to satisfy constraint: Member must be a boolean");
    case 'i':
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000)
            return ice_bad(err, path,
                           " failed to satisfy constraint: Member must be an integer between 1 "
                           "and 1000");
        return CAT_OK;
    case 'k':
        if (!json_is_array(v))
            return ice_bad(err, path, " failed to satisfy constraint: Member must be a list");
        json_array_foreach(v, i, e) {
            if (!json_is_string(e))
                return ice_bad(err, path,
                               " failed to satisfy constraint: Member must be a list of strings");
        }
        return CAT_OK;
    case 'm':
        if (!json_is_object(v))
            return ice_bad(err, path, " failed to satisfy constraint: Member must be a map");
        json_object_foreach(v, key, e) {
            if (!json_is_string(e))
                return ice_bad(err, path,
                               " failed to satisfy constraint: Member must be a map of strings");
        }
        return CAT_OK;
    case 'c':
        if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > ICE_CHANGES_MAX)
            return ice_bad(err, path,
                           " failed to satisfy constraint: Member must be a list of 1 to 1000 "
                           "table changes");
        json_array_foreach(v, i, e) {
            char p[128];
            int rc;
            snprintf(p, sizeof(p), "%.96s.%zu.member", path, i + 1);
            if (!json_is_object(e))
                return ice_bad(err, p, " must be a structure");
            if ((rc = ice_check_members(e, ICE_CHANGE, p, err)) != CAT_OK)
                return rc;
        }
        return CAT_OK;
    default:
        return srv_error_set(err, CAT_EINTERNAL, "Internal error.");
    }
}

/* Check the members M of object IN (PREFIX: the messages' path of IN, or NULL) and remove the
** others. */
static int ice_check_members(json_t *in, const struct ice_member *m, const char *prefix,
                             struct srv_error *err)
{
    const char *keep[10];
    size_t k;
    for (k = 0; m[k].name; k++) {
        json_t *v = json_object_get(in, m[k].name);
        char path[160];
        int rc;
        snprintf(path, sizeof(path), "%.120s%s%s", prefix ? prefix : "", prefix ? "." : "",
                 m[k].path);
        keep[k] = m[k].name;
        if (v == NULL || json_is_null(v)) {
            if (m[k].required)
                return srv_error_set_member(err, CAT_EINVAL,
                                            "1 validation error detected: Value null", path,
                                            " failed to satisfy constraint: Member must not be "
                                            "null");
            json_object_del(in, m[k].name);
            continue;
        }
        if ((rc = ice_check_one(v, &m[k], path, err)) != CAT_OK)
            return rc;
    }
    keep[k] = NULL;
    keep_only(in, keep);
    return CAT_OK;
}

/* The Iceberg operation OP's check, or -1 when OP is not one. */
static int ice_index(const char *op)
{
    size_t i;
    for (i = 0; i < sizeof(ICE_OPS) / sizeof(ICE_OPS[0]); i++)
        if (strcmp(ICE_OPS[i].op, op) == 0)
            return (int)i;
    return -1;
}

/* RenameTable: {CatalogId?, DatabaseName, Name, TableInput, DestinationDatabaseName?}:
** UpdateTable's request (the table under its new name), the current Name and the database it
** moves to (the same by default), NameStrings. */
static int check_rename_table(json_t *in, struct srv_error *err)
{
    static const char *const top[] = {
        "CatalogId", "DatabaseName", "Name", "TableInput", "DestinationDatabaseName", NULL};
    json_t *name = json_incref(json_object_get(in, "Name")), *probe;
    json_t *dest = json_incref(json_object_get(in, "DestinationDatabaseName"));
    int rc;
    json_object_del(in, "Name");
    json_object_del(in, "DestinationDatabaseName");
    rc = validate_input("UpdateTable", in, err);
    if (rc == CAT_OK)
        validate_prune("UpdateTable", in);
    if (rc == CAT_OK) { /* Name and the destination as GetTable's Name and DatabaseName */
        probe = json_pack("{s:O*,s:O*}", "Name", name, "DatabaseName",
                          dest ? dest : json_object_get(in, "DatabaseName"));
        rc = validate_input("GetTable", probe, err);
        json_decref(probe);
    }
    if (name)
        json_object_set(in, "Name", name);
    if (dest)
        json_object_set(in, "DestinationDatabaseName", dest);
    json_decref(name);
    json_decref(dest);
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
    int k;
    for (i = 0; i < sizeof(EXTENSIONS) / sizeof(EXTENSIONS[0]); i++)
        if (strcmp(EXTENSIONS[i].name, op) == 0)
            return EXTENSIONS[i].check(in, err);
    if ((k = ice_index(op)) >= 0)
        return ice_check_members(in, ICE_OPS[k].m, NULL, err);
    return srv_error_set(err, CAT_EUNKNOWNOP, "Unknown operation %s.", op);
}

int ext_known(const char *op)
{
    size_t i;
    if (ice_index(op) >= 0)
        return 1;
    for (i = 0; i < sizeof(EXTENSIONS) / sizeof(EXTENSIONS[0]); i++)
        if (strcmp(EXTENSIONS[i].name, op) == 0)
            return 1;
    return 0;
}
