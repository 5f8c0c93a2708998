/* ctl_io.c -- catalogctl's input and output: JSON files and stdin, printing as JSON or a table,
** requests, single answers and paged listings. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ctl.h"

json_t *load_json(const char *path)
{
    json_error_t err;
    json_t *j;
    if (strcmp(path, "-") == 0)
        j = json_loadf(stdin, 0, &err);
    else
        j = json_load_file(path, 0, &err);
    if (j == NULL)
        errf("%s: %s (line %d)", strcmp(path, "-") == 0 ? "<stdin>" : path, err.text, err.line);
    return j;
}

json_t *read_json(const char *path)
{
    json_t *j = load_json(path);
    if (j != NULL && !json_is_object(j)) {
        errf("%s: expected a JSON object", path);
        json_decref(j);
        j = NULL;
    }
    return j;
}

void print_json(const json_t *j)
{
    json_dumpf(j, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
}

/* 1 when member name or dotted path KEY names a time (CreateTime, Table.UpdateTime, ...): Glue
** sends times as epoch seconds, which table output shows as ISO 8601. */
static int is_time_key(const char *key)
{
    size_t n = key ? strlen(key) : 0;
    return n >= 4 && strcmp(key + n - 4, "Time") == 0;
}

/* Render scalar J into BUF (arrays of scalars joined by ','); a number under a time key
** (TIME) as ISO 8601 UTC; nothing (null, absent, "", []) as "-". */
static void scalar_text(const json_t *j, char *buf, size_t n, int time)
{
    size_t i, used = 0;
    buf[0] = '\0';
    if (time && json_is_number(j)) {
        double v = json_number_value(j);
        time_t t = (time_t)v;
        struct tm tm;
        if (gmtime_r(&t, &tm) && strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
            return;
    }
    if (json_is_string(j))
        snprintf(buf, n, "%s", json_string_value(j));
    else if (json_is_integer(j))
        snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
    else if (json_is_real(j))
        snprintf(buf, n, "%.15g", json_real_value(j));
    else if (json_is_boolean(j))
        snprintf(buf, n, "%s", json_is_true(j) ? "true" : "false");
    else if (json_is_array(j))
        for (i = 0; i < json_array_size(j) && used + 1 < n; i++) {
            char one[256];
            scalar_text(json_array_get(j, i), one, sizeof one, 0);
            used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? "," : "", one);
            if (used >= n)
                break;
        }
    if (buf[0] == '\0')
        snprintf(buf, n, "-");
}

/* Cut CELL to at most MAX characters (UTF-8 aware), ending it with "..." when cut. */
static void truncate_cell(char *cell, size_t max)
{
    size_t chars = 0, i, keep = 0;
    for (i = 0; cell[i]; i++)
        if (((unsigned char)cell[i] & 0xC0) != 0x80) {
            if (chars == max - 3)
                keep = i;
            chars++;
        }
    if (chars > max)
        memcpy(cell + keep, "...", 4);
}

/* Display width of CELL: its characters (UTF-8). */
static size_t cell_width(const char *cell)
{
    size_t w = 0;
    for (; *cell; cell++)
        w += ((unsigned char)*cell & 0xC0) != 0x80;
    return w;
}

const json_t *at_path(const json_t *j, const char *path)
{
    char key[128];
    const char *dot;
    while (j && (dot = strchr(path, '.')) != NULL) {
        size_t len = (size_t)(dot - path);
        if (len >= sizeof key)
            return NULL;
        memcpy(key, path, len);
        key[len] = '\0';
        j = json_object_get(j, key);
        path = dot + 1;
    }
    return j ? json_object_get(j, path) : NULL;
}

/* A table cell of ITEM at dotted PATH: text, times as ISO 8601, at most TABLE_CELL_MAX
** characters. */
#define TABLE_CELL_MAX 60
static void table_cell(const json_t *item, const char *path, char *cell, size_t n)
{
    scalar_text(at_path(item, path), cell, n, is_time_key(path));
    truncate_cell(cell, TABLE_CELL_MAX);
}

void print_table(const json_t *items, const char *const *heads, const char *const *paths,
                 size_t ncols)
{
    size_t w[8] = {0}, i, k;
    char cell[512];
    for (k = 0; k < ncols; k++)
        w[k] = strlen(heads[k]);
    for (i = 0; i < json_array_size(items); i++)
        for (k = 0; k < ncols; k++) {
            table_cell(json_array_get(items, i), paths[k], cell, sizeof cell);
            if (cell_width(cell) > w[k])
                w[k] = cell_width(cell);
        }
    for (k = 0; k < ncols; k++)
        printf("%-*s%s", k + 1 < ncols ? (int)w[k] : 0, heads[k], k + 1 < ncols ? "  " : "\n");
    for (i = 0; i < json_array_size(items); i++)
        for (k = 0; k < ncols; k++) {
            table_cell(json_array_get(items, i), paths[k], cell, sizeof cell);
            printf("%s%*s%s", cell, k + 1 < ncols ? (int)(w[k] - cell_width(cell)) : 0, "",
                   k + 1 < ncols ? "  " : "\n");
        }
}

/* One "path  value" line of print_flat(); a value longer than FLAT_WRAP characters goes on
** over more lines, indented under the first. */
#define FLAT_WRAP 80
static void flat_line(const char *path, const char *value)
{
    size_t len = strlen(value), at = 0, chars, i;
    printf("%-40s ", path);
    do {
        for (i = at, chars = 0; value[i] && chars < FLAT_WRAP; i++)
            chars += ((unsigned char)value[i] & 0xC0) != 0x80;
        while (value[i] && ((unsigned char)value[i] & 0xC0) == 0x80)
            i++;
        printf("%s%.*s\n", at ? "                                         " : "", (int)(i - at),
               value + at);
        at = i;
    } while (at < len);
}

void print_flat(const json_t *j, const char *prefix)
{
    const char *key;
    json_t *v;
    size_t i;
    char path[512], cell[4096];
    if (json_is_object(j) && json_object_size(j) > 0) {
        json_object_foreach((json_t *)j, key, v) {
            snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", key);
            print_flat(v, path);
        }
    } else if (json_is_array(j)) {
        int scalars = 1;
        for (i = 0; i < json_array_size(j); i++)
            if (json_is_object(json_array_get(j, i)) || json_is_array(json_array_get(j, i)))
                scalars = 0;
        if (scalars) {
            scalar_text(j, cell, sizeof cell, 0);
            flat_line(prefix, cell);
        } else
            for (i = 0; i < json_array_size(j); i++) {
                snprintf(path, sizeof path, "%s[%zu]", prefix, i);
                print_flat(json_array_get(j, i), path);
            }
    } else if (*prefix) {
        const char *last = strrchr(prefix, '.');
        scalar_text(json_is_object(j) ? NULL : j, cell, sizeof cell,
                    is_time_key(last ? last + 1 : prefix));
        flat_line(prefix, cell);
    }
}

/* Print the response RESP of a single-entity call: JSON, or the entity ENTITY flattened. */
static void print_entity(const json_t *resp, const char *entity)
{
    if (out_json)
        print_json(resp);
    else
        print_flat(entity ? json_object_get(resp, entity) : resp, "");
}

int split_top(char *s, char **out, int max)
{
    int n = 0, depth = 0;
    char *start = s;
    for (;; s++) {
        if (*s == '(' || *s == '<')
            depth++;
        else if ((*s == ')' || *s == '>') && depth > 0)
            depth--;
        else if ((*s == ',' && depth == 0) || *s == '\0') {
            int end = *s == '\0';
            if (n >= max)
                return -1;
            *s = '\0';
            out[n++] = start;
            start = s + 1;
            if (end)
                break;
        }
    }
    return n;
}

json_t *parse_values(const char *s)
{
    json_t *arr;
    const char *p;
    if (*s == '[') {
        arr = json_loads(s, 0, NULL);
        if (!json_is_array(arr)) {
            json_decref(arr);
            return NULL;
        }
        return arr;
    }
    if ((arr = json_array()) == NULL)
        return NULL;
    for (;;) {
        p = strchr(s, ',');
        json_array_append_new(arr, json_stringn(s, p ? (size_t)(p - s) : strlen(s)));
        if (!p)
            break;
        s = p + 1;
    }
    return arr;
}

json_t *request(const char *name, ...)
{
    json_t *r = json_object();
    va_list ap;
    if (r == NULL)
        return NULL;
    if (catalog_id)
        json_object_set_new(r, "CatalogId", json_string(catalog_id));
    va_start(ap, name);
    while (name) {
        const char *value = va_arg(ap, const char *);
        json_object_set_new(r, name, json_string(value));
        name = va_arg(ap, const char *);
    }
    va_end(ap);
    return r;
}

/* The writes catalogctl describes afterwards: the object made or changed, read back with GET
** (its request from the write's: see describe_request()), or, for deletes (GET NULL), one line
** naming what is gone. */
static const struct write_op {
    const char *op, *get, *entity, *noun;
} write_ops[] = {
    {"CreateDatabase", "GetDatabase", "Database", "database"},
    {"UpdateDatabase", "GetDatabase", "Database", "database"},
    {"DeleteDatabase", NULL, NULL, "database"},
    {"CreateTable", "GetTable", "Table", "table"},
    {"UpdateTable", "GetTable", "Table", "table"},
    {"DeleteTable", NULL, NULL, "table"},
    {"CreatePartition", "GetPartition", "Partition", "partition"},
    {"UpdatePartition", "GetPartition", "Partition", "partition"},
    {"DeletePartition", NULL, NULL, "partition"},
    {"CreateUserDefinedFunction", "GetUserDefinedFunction", "UserDefinedFunction", "function"},
};

/* The GET request that reads back what write W with request REQ made (a new object). */
static json_t *describe_request(const struct write_op *w, const json_t *req)
{
    json_t *g = json_object();
    json_t *in;
    if (json_object_get(req, "CatalogId"))
        json_object_set(g, "CatalogId", json_object_get(req, "CatalogId"));
    if (strcmp(w->get, "GetDatabase") == 0) {
        in = json_object_get(json_object_get(req, "DatabaseInput"), "Name");
        json_object_set(g, "Name", in ? in : json_object_get(req, "Name"));
    } else if (strcmp(w->get, "GetTable") == 0) {
        json_object_set(g, "DatabaseName", json_object_get(req, "DatabaseName"));
        json_object_set(g, "Name", json_object_get(json_object_get(req, "TableInput"), "Name"));
    } else if (strcmp(w->get, "GetPartition") == 0) {
        in = json_object_get(json_object_get(req, "PartitionInput"), "Values");
        json_object_set(g, "DatabaseName", json_object_get(req, "DatabaseName"));
        json_object_set(g, "TableName", json_object_get(req, "TableName"));
        json_object_set(g, "PartitionValues", in ? in : json_object_get(req, "PartitionValueList"));
    } else {
        json_object_set(g, "DatabaseName", json_object_get(req, "DatabaseName"));
        json_object_set(g, "FunctionName",
                        json_object_get(json_object_get(req, "FunctionInput"), "FunctionName"));
    }
    return g;
}

/* The object a delete REQ names, as text ("silver_db.orders", "silver_db.orders (2024,1)"). */
static void deleted_name(const json_t *req, char *buf, size_t n)
{
    const char *db = json_string_value(json_object_get(req, "DatabaseName"));
    const char *name = json_string_value(json_object_get(req, "Name"));
    const char *table = json_string_value(json_object_get(req, "TableName"));
    char values[256] = "";
    if (json_object_get(req, "PartitionValues"))
        scalar_text(json_object_get(req, "PartitionValues"), values, sizeof values, 0);
    snprintf(buf, n, "%s%s%s%s%s%s", db ? db : "", db ? "." : "", table ? table : "",
             name ? name : "", values[0] ? " " : "", values);
}

/* After write W with request REQ answered RESP (borrowed): print what it did.  Returns 0. */
static int describe_write(cat_client *c, const struct write_op *w, const json_t *req,
                          const json_t *resp)
{
    json_t *got = NULL, *g, *warnings = json_object_get(resp, "Warnings");
    const json_t *e;
    size_t i;
    char what[600];
    json_array_foreach(warnings, i, e) {
        errf("warning: %s", json_string_value(e) ? json_string_value(e) : "?");
    }
    if (w->get == NULL) {
        deleted_name(req, what, sizeof what);
        if (out_json) {
            json_t *d = json_pack("{s:s, s:s}", "Deleted", w->noun, "Name", what);
            print_json(d);
            json_decref(d);
        } else
            printf("deleted %s %s\n", w->noun, what);
        return 0;
    }
    g = describe_request(w, req);
    if (cat_call(&got, c, w->get, g) != CAT_OK) { /* done, but not readable: say what was done */
        json_decref(g);
        printf(out_json ? "{\"Done\": \"%s\"}\n" : "%s done\n", w->op);
        return 0;
    }
    json_decref(g);
    if (json_array_size(warnings) > 0)
        json_object_set(got, "Warnings", warnings);
    if (out_json)
        print_json(got);
    else
        print_flat(json_object_get(got, w->entity), "");
    json_decref(got);
    return 0;
}

int call_print(cat_client *c, const char *op, json_t *req, const char *entity)
{
    json_t *resp = NULL; /* owned */
    size_t i;
    int rc = cat_call(&resp, c, op, req);
    if (rc != CAT_OK) {
        json_decref(req);
        return call_failed(c, rc);
    }
    for (i = 0; i < sizeof write_ops / sizeof write_ops[0] && !raw_answers; i++)
        if (strcmp(write_ops[i].op, op) == 0) {
            rc = describe_write(c, &write_ops[i], req, resp);
            json_decref(req);
            json_decref(resp);
            return rc;
        }
    json_decref(req);
    if (out_json || entity)
        print_entity(resp, entity);
    json_decref(resp);
    return 0;
}

int list_print(cat_client *c, cat_iter *it, const char *page_size, const char *key,
               const char *const *heads, const char *const *paths, size_t ncols)
{
    json_t *all = json_array(), *wrap; /* owned */
    const json_t *item;
    int rc = CAT_OK;
    if (page_size)
        rc = cat_iter_set_page_size(it, (int)parse_long(page_size));
    while (rc == CAT_OK && (rc = cat_iter_next(&item, it)) == CAT_OK)
        json_array_append(all, (json_t *)item);
    cat_iter_free(it);
    if (rc != CAT_ITEROVER) {
        json_decref(all);
        return call_failed(c, rc);
    }
    if (out_json) {
        wrap = json_object();
        json_object_set_new(wrap, key, all);
        print_json(wrap);
        json_decref(wrap);
    } else {
        print_table(all, heads, paths, ncols);
        json_decref(all);
    }
    return 0;
}

json_t *input_of(const json_t *from, const char *const *members)
{
    json_t *o = json_object(), *v;
    for (; *members; members++)
        if ((v = json_object_get(from, *members)) != NULL)
            json_object_set_new(o, *members, json_deep_copy(v));
    return o;
}
