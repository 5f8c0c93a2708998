/* ctl_partition.c -- catalogctl's partition subcommands: single and batch create, get, list
** (Expression, segments), update, delete; batches read from files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"

json_t *values_arg(const struct cmd *cmd, const char *s, const char *opt, int *rc)
{
    json_t *v = parse_values(s);
    if (v == NULL)
        *rc = usage_error(cmd, opt, " is v1,v2,... or a JSON array of strings");
    return v;
}

int fetch_table(cat_client *c, const char *db, const char *name, json_t **table)
{
    json_t *req = request("DatabaseName", db, "Name", name, NULL), *resp = NULL;
    int rc = cat_call(&resp, c, "GetTable", req);
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    *table = json_incref(json_object_get(resp, "Table"));
    json_decref(resp);
    return 0;
}

const char *str_or(const json_t *j)
{
    return json_is_string(j) ? json_string_value(j) : "";
}

json_t *partition_input(const json_t *table, json_t *values, const char *location)
{
    json_t *p = json_object();
    json_object_set(p, "Values", values);
    if (location) {
        json_t *sd = json_deep_copy(json_object_get(table, "StorageDescriptor"));
        if (sd == NULL)
            sd = json_object();
        json_object_set_new(sd, "Location", json_string(location));
        json_object_set_new(p, "StorageDescriptor", sd);
    }
    return p;
}

int cmd_create_partition(cat_client *c, const struct cmd *cmd, struct args *a)
{
    json_t *table = NULL, *in, *req, *values;
    size_t i;
    int rc = 0;
    if (a->v[O_INPUT]) {
        if ((in = read_json(a->v[O_INPUT])) == NULL)
            return EXIT_FAIL;
        if (json_object_get(in, "PartitionInput")) {
            json_t *inner = json_incref(json_object_get(in, "PartitionInput"));
            json_decref(in);
            in = inner;
        }
    } else {
        if (a->v[O_VALUES] == NULL)
            return usage_error(cmd, "missing required option --values (or --input)", NULL);
        if ((values = values_arg(cmd, a->v[O_VALUES], "--values", &rc)) == NULL)
            return rc;
        if ((rc = fetch_table(c, a->v[O_DATABASE], a->v[O_TABLE], &table)) != 0) {
            json_decref(values);
            return rc;
        }
        in = partition_input(table, values, a->v[O_LOCATION]);
        json_decref(values);
        json_decref(table);
        if (a->nparams) {
            json_t *params = json_object();
            for (i = 0; i < a->nparams; i++)
                json_object_set_new(params, a->params[i].key, json_string(a->params[i].value));
            json_object_set_new(in, "Parameters", params);
        }
    }
    req = request("DatabaseName", a->v[O_DATABASE], "TableName", a->v[O_TABLE], NULL);
    json_object_set_new(req, "PartitionInput", in);
    return call_print(c, "CreatePartition", req, NULL);
}

/* Read lines from PATH ("-": stdin) into a new array of [line number, text] pairs (blank lines
** and lines starting with '#' skipped).  NULL on failure (reported). */
static json_t *read_lines(const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    json_t *lines;
    char *line = NULL; /* owned */
    size_t cap = 0, lineno = 0;
    ssize_t len;
    if (f == NULL) {
        errf("%s: %s", path, strerror(errno));
        return NULL;
    }
    lines = json_array();
    while ((len = getline(&line, &cap, f)) >= 0) {
        json_int_t no = (json_int_t)++lineno;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        json_array_append_new(lines, json_pack("[I, s]", no, line));
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return lines;
}

/* One line of a partition file: "v1,v2[<whitespace>location]".  *VALUES gets a new array
** (NULL when malformed) and *LOCATION points into the line (NULL when absent). */
static void parse_partition_line(const char *line, json_t **values, const char **location)
{
    const char *sp = line + strcspn(line, " \t");
    char *vals = strndup(line, (size_t)(sp - line)); /* owned */
    *location = NULL;
    while (*sp == ' ' || *sp == '\t')
        sp++;
    if (*sp)
        *location = sp;
    *values = vals ? parse_values(vals) : NULL;
    free(vals);
}

/* The errors of a batch sent (appended to ERRORS from FIRST on), each given the "Line" of the
** file it came from: LINES maps each batch entry's values (dumped) to its line number. */
static void number_errors(json_t *errors, size_t first, json_t *lines)
{
    size_t i;
    for (i = first; i < json_array_size(errors); i++) {
        json_t *e = json_array_get(errors, i);
        char *key = json_dumps(json_object_get(e, "PartitionValues"), JSON_COMPACT);
        json_t *no = key ? json_object_get(lines, key) : NULL;
        if (no)
            json_object_set(e, "Line", no);
        free(key);
    }
}

/* The name batch files are known by in messages: FILE, or <stdin>. */
static const char *file_label(const char *file)
{
    return file && strcmp(file, "-") != 0 ? file : "<stdin>";
}

int send_batch(cat_client *c, struct args *a, const char *op, const char *member, json_t *batch,
               json_t *errors)
{
    json_t *req = request("DatabaseName", a->v[O_DATABASE], "TableName", a->v[O_TABLE], NULL);
    json_t *resp = NULL; /* owned */
    int rc;
    json_object_set(req, member, batch);
    rc = cat_call(&resp, c, op, req);
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    json_array_extend(errors, json_object_get(resp, "Errors"));
    json_decref(resp);
    return 0;
}

/* batch-create-partition and batch-delete-partition: lines from --file (default stdin), sent
** in batches of --batch-size, a progress line on stderr when it is a terminal. */
static int batch_partitions(cat_client *c, const struct cmd *cmd, struct args *a, int create)
{
    const char *op = create ? "BatchCreatePartition" : "BatchDeletePartition";
    const char *member = create ? "PartitionInputList" : "PartitionsToDelete";
    json_t *lines = NULL, *table = NULL, *batch = NULL, *errors = NULL, *numbers = NULL,
           *out; /* owned */
    long bs = 100;
    size_t i, total, done = 0;
    int rc = 0, tty = isatty(STDERR_FILENO);

    if (a->v[O_BATCH_SIZE] && ((bs = parse_long(a->v[O_BATCH_SIZE])) < 1 || bs > 1000))
        return usage_error(cmd, "--batch-size must be 1..1000, not ", a->v[O_BATCH_SIZE]);
    if ((lines = read_lines(a->v[O_FILE] ? a->v[O_FILE] : "-")) == NULL)
        return EXIT_FAIL;
    if (create && (rc = fetch_table(c, a->v[O_DATABASE], a->v[O_TABLE], &table)) != 0)
        goto out;
    total = json_array_size(lines);
    batch = json_array();
    errors = json_array();
    numbers = json_object();
    for (i = 0; i < total; i++) {
        json_t *values, *pair = json_array_get(lines, i);
        json_int_t no = json_integer_value(json_array_get(pair, 0));
        const char *location;
        char *key;
        parse_partition_line(json_string_value(json_array_get(pair, 1)), &values, &location);
        if (values == NULL) {
            errf("%s, line %lld: values are v1,v2,... or a JSON array", file_label(a->v[O_FILE]),
                 (long long)no);
            rc = EXIT_FAIL;
            goto out;
        }
        if ((key = json_dumps(values, JSON_COMPACT)) != NULL)
            json_object_set_new(numbers, key, json_integer(no));
        free(key);
        if (create)
            json_array_append_new(batch, partition_input(table, values, location));
        else {
            json_t *k = json_object();
            json_object_set(k, "Values", values);
            json_array_append_new(batch, k);
        }
        json_decref(values);
        if (json_array_size(batch) == (size_t)bs || i + 1 == total) {
            size_t before = json_array_size(errors);
            if ((rc = send_batch(c, a, op, member, batch, errors)) != 0)
                goto out;
            number_errors(errors, before, numbers);
            json_object_clear(numbers);
            done += json_array_size(batch);
            json_array_clear(batch);
            if (tty)
                fprintf(stderr, "\r%s: %zu/%zu partitions", op, done, total);
        }
    }
    if (tty && total)
        fputc('\n', stderr);
    out = json_pack("{s:I,s:O}", create ? "Created" : "Deleted",
                    (json_int_t)(done - json_array_size(errors)), "Errors", errors);
    if (out_json)
        print_json(out);
    else
        printf("%s %zu of %zu partitions\n", create ? "created" : "deleted",
               done - json_array_size(errors), total);
    json_decref(out);
    if (json_array_size(errors) > 0) {
        const json_t *e0 = json_object_get(json_array_get(errors, 0), "ErrorDetail");
        const json_t *line0 = json_object_get(json_array_get(errors, 0), "Line");
        char where[300] = "";
        if (line0)
            snprintf(where, sizeof where, "%s, line %lld: ", file_label(a->v[O_FILE]),
                     (long long)json_integer_value(line0));
        errf("%zu of %zu partitions failed; first: %s%s", json_array_size(errors), total, where,
             json_string_value(json_object_get(e0, "ErrorMessage"))
                 ? json_string_value(json_object_get(e0, "ErrorMessage"))
                 : "(no message)");
        rc = EXIT_FAIL;
    }
out:
    json_decref(numbers);
    json_decref(lines);
    json_decref(table);
    json_decref(batch);
    json_decref(errors);
    return rc;
}

int cmd_batch_create_partition(cat_client *c, const struct cmd *cmd, struct args *a)
{
    return batch_partitions(c, cmd, a, 1);
}

int cmd_batch_delete_partition(cat_client *c, const struct cmd *cmd, struct args *a)
{
    return batch_partitions(c, cmd, a, 0);
}

/* A partition call naming VALUES: GetPartition, DeletePartition. */
static int partition_call(cat_client *c, const struct cmd *cmd, struct args *a, const char *op,
                          const char *entity)
{
    json_t *req, *values;
    int rc = 0;
    if ((values = values_arg(cmd, a->v[O_VALUES], "--values", &rc)) == NULL)
        return rc;
    req = request("DatabaseName", a->v[O_DATABASE], "TableName", a->v[O_TABLE], NULL);
    json_object_set_new(req, "PartitionValues", values);
    return call_print(c, op, req, entity);
}

int cmd_get_partition(cat_client *c, const struct cmd *cmd, struct args *a)
{
    return partition_call(c, cmd, a, "GetPartition", "Partition");
}

int cmd_delete_partition(cat_client *c, const struct cmd *cmd, struct args *a)
{
    return partition_call(c, cmd, a, "DeletePartition", NULL);
}

/* The members of a Partition that its PartitionInput takes back. */
static const char *const partition_input_members[] = {
    "Values", "LastAccessTime", "StorageDescriptor", "Parameters", "LastAnalyzedTime", NULL};

int cmd_update_partition(cat_client *c, const struct cmd *cmd, struct args *a)
{
    json_t *req, *values, *in = NULL, *cur = NULL, *resp = NULL;
    int rc = 0;
    if ((values = values_arg(cmd, a->v[O_VALUES], "--values", &rc)) == NULL)
        return rc;
    req = request("DatabaseName", a->v[O_DATABASE], "TableName", a->v[O_TABLE], NULL);
    json_object_set_new(req, "PartitionValueList", values);
    if (a->v[O_INPUT]) {
        if ((in = read_json(a->v[O_INPUT])) == NULL) {
            json_decref(req);
            return EXIT_FAIL;
        }
    } else {
        /* start from the partition as it is, change what the flags say */
        json_t *g = request("DatabaseName", a->v[O_DATABASE], "TableName", a->v[O_TABLE], NULL);
        json_object_set(g, "PartitionValues", values);
        rc = cat_call(&resp, c, "GetPartition", g);
        json_decref(g);
        if (rc != CAT_OK) {
            json_decref(req);
            return call_failed(c, rc);
        }
        cur = json_object_get(resp, "Partition");
        in = input_of(cur, partition_input_members);
        json_decref(resp);
        if (a->v[O_NEW_VALUES]) {
            json_t *nv = values_arg(cmd, a->v[O_NEW_VALUES], "--new-values", &rc);
            if (nv == NULL) {
                json_decref(in);
                json_decref(req);
                return rc;
            }
            json_object_set_new(in, "Values", nv);
        }
        if (a->v[O_LOCATION]) {
            json_t *sd = json_deep_copy(json_object_get(in, "StorageDescriptor"));
            json_object_set_new(sd, "Location", json_string(a->v[O_LOCATION]));
            json_object_set_new(in, "StorageDescriptor", sd);
        }
        if (a->nparams) {
            json_t *params = json_deep_copy(json_object_get(in, "Parameters"));
            size_t i;
            if (params == NULL)
                params = json_object();
            for (i = 0; i < a->nparams; i++)
                json_object_set_new(params, a->params[i].key, json_string(a->params[i].value));
            json_object_set_new(in, "Parameters", params);
        }
    }
    json_object_set_new(req, "PartitionInput", in);
    return call_print(c, "UpdatePartition", req, NULL);
}

int cmd_get_partitions(cat_client *c, const struct cmd *cmd, struct args *a)
{
    static const char *const heads[] = {"VALUES", "LOCATION"};
    static const char *const paths[] = {"Values", "StorageDescriptor.Location"};
    cat_iter *it = NULL;
    long seg = 0, total = 1;
    int rc;
    if (a->v[O_SEGMENT] && !a->v[O_TOTAL_SEGMENTS])
        return usage_error(cmd,
                           "--segment needs --total-segments N (how many segments the "
                           "partitions are split into; --segment is one of 0..N-1)",
                           NULL);
    if (a->v[O_SEGMENT] && (seg = parse_long(a->v[O_SEGMENT])) < 0)
        return usage_error(cmd, "--segment must be a number, not ", a->v[O_SEGMENT]);
    if (a->v[O_TOTAL_SEGMENTS] && ((total = parse_long(a->v[O_TOTAL_SEGMENTS])) < 1 || total > 10))
        return usage_error(cmd, "--total-segments must be 1..10, not ", a->v[O_TOTAL_SEGMENTS]);
    if (seg >= total)
        return usage_error(cmd, "--segment must be below --total-segments", NULL);
    if (catalog_id)
        cat_client_set(c, CAT_OPT_CATALOG_ID, catalog_id);
    rc = cat_iter_partitions(&it, c, a->v[O_DATABASE], a->v[O_TABLE], a->v[O_EXPRESSION], (int)seg,
                             (int)total);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return list_print(c, it, a->v[O_PAGE_SIZE], "Partitions", heads, paths, 2);
}
