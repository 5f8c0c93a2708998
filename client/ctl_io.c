/* ctl_io.c -- catalogctl's input and output: JSON files and stdin, printing as JSON or a table,
** requests, single answers and paged listings. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

/* Render scalar J into BUF (arrays of scalars joined by ','). */
static void scalar_text(const json_t *j, char *buf, size_t n)
{
    size_t i, used = 0;
    buf[0] = '\0';
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
            scalar_text(json_array_get(j, i), one, sizeof one);
            used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? "," : "", one);
            if (used >= n)
                break;
        }
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

void print_table(const json_t *items, const char *const *heads, const char *const *paths,
                 size_t ncols)
{
    size_t w[8] = {0}, i, k;
    char cell[512];
    for (k = 0; k < ncols; k++)
        w[k] = strlen(heads[k]);
    for (i = 0; i < json_array_size(items); i++)
        for (k = 0; k < ncols; k++) {
            scalar_text(at_path(json_array_get(items, i), paths[k]), cell, sizeof cell);
            if (strlen(cell) > w[k])
                w[k] = strlen(cell);
        }
    for (k = 0; k < ncols; k++)
        printf("%-*s%s", k + 1 < ncols ? (int)w[k] : 0, heads[k], k + 1 < ncols ? "  " : "\n");
    for (i = 0; i < json_array_size(items); i++)
        for (k = 0; k < ncols; k++) {
            scalar_text(at_path(json_array_get(items, i), paths[k]), cell, sizeof cell);
            printf("%-*s%s", k + 1 < ncols ? (int)w[k] : 0, cell, k + 1 < ncols ? "  " : "\n");
        }
}

void print_flat(const json_t *j, const char *prefix)
{
    const char *key;
    json_t *v;
    size_t i;
    char path[512], cell[1024];
    if (json_is_object(j)) {
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
            scalar_text(j, cell, sizeof cell);
            printf("%-40s %s\n", prefix, cell);
        } else
            for (i = 0; i < json_array_size(j); i++) {
                snprintf(path, sizeof path, "%s[%zu]", prefix, i);
                print_flat(json_array_get(j, i), path);
            }
    } else {
        scalar_text(j, cell, sizeof cell);
        printf("%-40s %s\n", prefix, cell);
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

int call_print(cat_client *c, const char *op, json_t *req, const char *entity)
{
    json_t *resp = NULL; /* owned */
    int rc = cat_call(&resp, c, op, req);
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
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
