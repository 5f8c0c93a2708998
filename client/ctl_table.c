/* ctl_table.c -- catalogctl's table subcommands: create (columns, formats), get, list, update,
** delete, versions. */
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

/* Parse "name:type,name:type" (types may hold commas inside () or <>) into COLS, pointing
** into S (modified).  Returns the count, or -1 with *BAD the entry that is not NAME:TYPE (into
** S; NULL: too many entries). */
static int parse_columns(char *s, cat_column *cols, int max, const char **bad)
{
    char *parts[256];
    int n = split_top(s, parts, max < 256 ? max : 256), i;
    *bad = NULL;
    for (i = 0; i < n; i++) {
        char *colon;
        while (*parts[i] == ' ')
            parts[i]++;
        colon = strchr(parts[i], ':');
        if (colon == NULL || colon == parts[i] || colon[1] == '\0') {
            *bad = parts[i];
            return -1;
        }
        *colon = '\0';
        cols[i].name = parts[i];
        cols[i].type = colon + 1;
        cols[i].comment = NULL;
    }
    return n;
}

static const struct {
    const char *name;
    cat_format format;
    const char *in, *out, *serde; /* explicit, for formats libcatalog has no preset for */
} formats[] = {
    {"parquet", CAT_FORMAT_PARQUET, NULL, NULL, NULL},
    {"orc", CAT_FORMAT_ORC, NULL, NULL, NULL},
    {"avro", CAT_FORMAT_AVRO, NULL, NULL, NULL},
    {"json", CAT_FORMAT_JSON, NULL, NULL, NULL},
    {"csv", CAT_FORMAT_CSV, NULL, NULL, NULL},
    {"textfile", CAT_FORMAT_NONE, "org.apache.hadoop.mapred.TextInputFormat",
     "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
     "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"},
};

#define MAX_COLUMNS 1024

/* The usage error of OPT (--columns, --partition-keys) whose entry BAD is not NAME:TYPE (NULL:
** too many entries). */
static int columns_error(const struct cmd *cmd, const char *opt, const char *bad)
{
    char msg[400];
    if (bad == NULL)
        snprintf(msg, sizeof msg, "%s has more than %d entries", opt, MAX_COLUMNS);
    else
        snprintf(msg, sizeof msg,
                 "%s entry '%.200s' is not NAME:TYPE (entries are separated by "
                 "commas: NAME:TYPE,NAME:TYPE)",
                 opt, bad);
    return usage_error(cmd, msg, NULL);
}

/* TableInput from --input or the flags (NAME is the table's name; TABLE_TYPE defaults to
** EXTERNAL_TABLE unless MERGING: then only what the flags say is set).  New reference or NULL
** with *RC the exit status. */
static json_t *table_input(const struct cmd *cmd, struct args *a, const char *name, int merging,
                           int *rc)
{
    static cat_column cols[MAX_COLUMNS], keys[MAX_COLUMNS];
    cat_table_input in = CAT_TABLE_INPUT_INIT;
    const char *bad = NULL;
    char *colbuf = NULL, *keybuf = NULL; /* owned: copies the columns point into */
    json_t *j = NULL;
    size_t i;
    int n;

    *rc = 0;
    if (a->v[O_INPUT]) {
        j = read_input(a->v[O_INPUT], "TableInput");
        *rc = j ? 0 : EXIT_FAIL;
        return j;
    }
    if (name == NULL) {
        *rc = usage_error(cmd, "missing required option --table (or --input)", NULL);
        return NULL;
    }
    in.name = name;
    in.description = a->v[O_DESCRIPTION];
    in.owner = a->v[O_OWNER];
    in.table_type = a->v[O_TABLE_TYPE] ? a->v[O_TABLE_TYPE] : merging ? NULL : "EXTERNAL_TABLE";
    in.location = a->v[O_LOCATION];
    if (a->v[O_COLUMNS]) {
        if ((colbuf = strdup(a->v[O_COLUMNS])) == NULL ||
            (n = parse_columns(colbuf, cols, MAX_COLUMNS, &bad)) < 0) {
            *rc = columns_error(cmd, "--columns", bad);
            goto out;
        }
        in.columns = cols;
        in.ncolumns = (size_t)n;
    }
    if (a->v[O_PKEYS]) {
        if ((keybuf = strdup(a->v[O_PKEYS])) == NULL ||
            (n = parse_columns(keybuf, keys, MAX_COLUMNS, &bad)) < 0) {
            *rc = columns_error(cmd, "--partition-keys", bad);
            goto out;
        }
        in.partition_keys = keys;
        in.npartition_keys = (size_t)n;
    }
    if (a->v[O_FORMAT]) {
        for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
            if (strcmp(formats[i].name, a->v[O_FORMAT]) == 0)
                break;
        if (i == sizeof formats / sizeof formats[0]) {
            *rc =
                usage_error(cmd, "--format must be parquet, orc, avro, json, csv or textfile, not ",
                            a->v[O_FORMAT]);
            goto out;
        }
        in.format = formats[i].format;
        in.input_format = formats[i].in;
        in.output_format = formats[i].out;
        in.serde_library = formats[i].serde;
    }
    if (a->v[O_INPUT_FORMAT])
        in.input_format = a->v[O_INPUT_FORMAT];
    if (a->v[O_OUTPUT_FORMAT])
        in.output_format = a->v[O_OUTPUT_FORMAT];
    if (a->v[O_SERDE])
        in.serde_library = a->v[O_SERDE];
    in.serde_parameters = a->serde_params;
    in.nserde_parameters = a->nserde_params;
    in.parameters = a->params;
    in.nparameters = a->nparams;
    if ((n = cat_table_input_json(&j, &in)) != CAT_OK) {
        errf("%s", cat_strerror(n));
        *rc = EXIT_FAIL;
    }
out:
    free(colbuf);
    free(keybuf);
    return j;
}

int cmd_create_table(cat_client *c, const struct cmd *cmd, struct args *a)
{
    int rc;
    json_t *in = table_input(cmd, a, a->v[O_NAME], 0, &rc), *req;
    if (in == NULL)
        return rc;
    req = request("DatabaseName", a->v[O_DATABASE], NULL);
    json_object_set_new(req, "TableInput", in);
    return call_print(c, "CreateTable", req, NULL);
}

/* The members of a Table that its TableInput takes back (the others are the server's). */
static const char *const table_input_members[] = {"Name",
                                                  "Description",
                                                  "Owner",
                                                  "LastAccessTime",
                                                  "LastAnalyzedTime",
                                                  "Retention",
                                                  "StorageDescriptor",
                                                  "PartitionKeys",
                                                  "ViewOriginalText",
                                                  "ViewExpandedText",
                                                  "TableType",
                                                  "Parameters",
                                                  "TargetTable",
                                                  NULL};

int cmd_update_table(cat_client *c, const struct cmd *cmd, struct args *a)
{
    int rc, merge = !a->replace && !a->v[O_INPUT];
    json_t *in = table_input(cmd, a, a->v[O_NAME], merge, &rc), *req, *cur = NULL;
    const char *version = a->v[O_VERSION_ID];
    if (in == NULL)
        return rc;
    if (merge) { /* the table as it is, with what the flags change: objects merge by member */
        json_t *flags = in;
        if ((rc = fetch_table(c, a->v[O_DATABASE], a->v[O_NAME], &cur)) != 0) {
            json_decref(flags);
            return rc;
        }
        if (!a->v[O_PKEYS]) /* the builder always writes the lists */
            json_object_del(flags, "PartitionKeys");
        if (!a->v[O_COLUMNS])
            json_object_del(json_object_get(flags, "StorageDescriptor"), "Columns");
        in = input_of(cur, table_input_members);
        json_object_update_recursive(in, flags);
        json_decref(flags);
        if (version == NULL) /* written only over the version read */
            version = json_string_value(json_object_get(cur, "VersionId"));
    }
    req = request("DatabaseName", a->v[O_DATABASE], NULL);
    json_object_set_new(req, "TableInput", in);
    if (version)
        json_object_set_new(req, "VersionId", json_string(version));
    json_decref(cur);
    if (a->skip_archive)
        json_object_set_new(req, "SkipArchive", json_true());
    return call_print(c, "UpdateTable", req, NULL);
}

int cmd_get_table(cat_client *c, const struct cmd *cmd, struct args *a)
{
    (void)cmd;
    return call_print(c, "GetTable",
                      request("DatabaseName", a->v[O_DATABASE], "Name", a->v[O_NAME], NULL),
                      "Table");
}

int cmd_delete_table(cat_client *c, const struct cmd *cmd, struct args *a)
{
    (void)cmd;
    return call_print(c, "DeleteTable",
                      request("DatabaseName", a->v[O_DATABASE], "Name", a->v[O_NAME], NULL), NULL);
}

int cmd_get_tables(cat_client *c, const struct cmd *cmd, struct args *a)
{
    static const char *const heads[] = {"NAME", "TYPE", "LOCATION", "SERDE"};
    static const char *const paths[] = {"Name", "TableType", "StorageDescriptor.Location",
                                        "StorageDescriptor.SerdeInfo.SerializationLibrary"};
    json_t *req = request("DatabaseName", a->v[O_DATABASE], NULL);
    cat_iter *it = NULL;
    int rc;
    (void)cmd;
    if (a->v[O_EXPRESSION])
        json_object_set_new(req, "Expression", json_string(a->v[O_EXPRESSION]));
    rc = cat_iter_new(&it, c, "GetTables", req, "TableList");
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return list_print(c, it, a->v[O_PAGE_SIZE], "TableList", heads, paths, 4);
}

int cmd_get_table_versions(cat_client *c, const struct cmd *cmd, struct args *a)
{
    static const char *const heads[] = {"VERSION", "UPDATED"};
    static const char *const paths[] = {"VersionId", "Table.UpdateTime"};
    json_t *req = request("DatabaseName", a->v[O_DATABASE], "TableName", a->v[O_TABLE], NULL);
    cat_iter *it = NULL;
    int rc = cat_iter_new(&it, c, "GetTableVersions", req, "TableVersions");
    (void)cmd;
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return list_print(c, it, a->v[O_PAGE_SIZE], "TableVersions", heads, paths, 2);
}
