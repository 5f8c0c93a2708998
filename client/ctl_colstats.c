/* ctl_colstats.c -- catalogctl's column statistics subcommands: get and update, for tables and
** partitions. */
#include <stdio.h>
#include <string.h>

#include "ctl.h"

/* Print RESP (consumed; in table mode, only when FLAT), a response listing the WHAT that
** failed in its "Errors" (out of TOTAL).  Returns 0, or EXIT_FAIL when any failed ("N of
** TOTAL WHAT failed; first: ..."). */
static int errors_outcome(json_t *resp, const char *what, size_t total, int flat)
{
    const json_t *errors = json_object_get(resp, "Errors");
    const json_t *e0 = json_object_get(json_array_get(errors, 0), "Error");
    int rc = 0;
    if (out_json)
        print_json(resp);
    else if (flat)
        print_flat(resp, "");
    if (json_array_size(errors) > 0) {
        const char *m = json_string_value(json_object_get(e0, "ErrorMessage"));
        errf("%zu of %zu %s failed; first: %s", json_array_size(errors), total, what,
             m ? m : "(no message)");
        rc = EXIT_FAIL;
    }
    json_decref(resp);
    return rc;
}

/* A column statistics request for DB.TABLE, of the partition --values when given: *OP names
** the ...ForTable or ...ForPartition form of operation BASE.  NULL with *RC set. */
static json_t *stats_request(const struct cmd *cmd, struct args *a, const char *base, char *op,
                             size_t n, int *rc)
{
    json_t *req = request("DatabaseName", a->v[O_DATABASE], "TableName", a->v[O_TABLE], NULL);
    json_t *values;
    snprintf(op, n, "%sFor%s", base, a->v[O_VALUES] ? "Partition" : "Table");
    if (a->v[O_VALUES]) {
        if ((values = values_arg(cmd, a->v[O_VALUES], "--values", rc)) == NULL) {
            json_decref(req);
            return NULL;
        }
        json_object_set_new(req, "PartitionValues", values);
    }
    return req;
}

int cmd_get_column_statistics(cat_client *c, const struct cmd *cmd, struct args *a)
{
    char op[64];
    json_t *req, *names, *resp = NULL;
    const char *s = a->v[O_COLUMNS], *comma;
    size_t total;
    int rc = 0;
    if ((req = stats_request(cmd, a, "GetColumnStatistics", op, sizeof op, &rc)) == NULL)
        return rc;
    names = json_array();
    for (;;) {
        comma = strchr(s, ',');
        json_array_append_new(names, json_stringn(s, comma ? (size_t)(comma - s) : strlen(s)));
        if (comma == NULL)
            break;
        s = comma + 1;
    }
    total = json_array_size(names);
    json_object_set_new(req, "ColumnNames", names);
    rc = cat_call(&resp, c, op, req);
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    if (!out_json) {
        static const char *const heads[] = {"COLUMN", "TYPE", "DATA"};
        static const char *const paths[] = {"ColumnName", "ColumnType", "StatisticsData.Type"};
        print_table(json_object_get(resp, "ColumnStatisticsList"), heads, paths, 3);
    }
    return errors_outcome(resp, "columns", total, 0);
}

int cmd_update_column_statistics(cat_client *c, const struct cmd *cmd, struct args *a)
{
    char op[64];
    json_t *list, *req, *resp = NULL;
    size_t total;
    int rc = 0;
    if ((list = load_json(a->v[O_INPUT])) == NULL)
        return EXIT_FAIL;
    if (json_is_object(list) && json_is_array(json_object_get(list, "ColumnStatisticsList"))) {
        json_t *inner = json_incref(json_object_get(list, "ColumnStatisticsList"));
        json_decref(list);
        list = inner;
    }
    if (!json_is_array(list)) {
        errf("%s: expected a ColumnStatisticsList (a JSON array)", a->v[O_INPUT]);
        json_decref(list);
        return EXIT_FAIL;
    }
    total = json_array_size(list);
    if ((req = stats_request(cmd, a, "UpdateColumnStatistics", op, sizeof op, &rc)) == NULL) {
        json_decref(list);
        return rc;
    }
    json_object_set_new(req, "ColumnStatisticsList", list);
    rc = cat_call(&resp, c, op, req);
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return errors_outcome(resp, "statistics", total, 1);
}
