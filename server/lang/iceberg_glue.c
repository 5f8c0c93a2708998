/* iceberg_glue.c -- Glue's shapes of Iceberg tables: Glue Columns of a table's schema (as
** Iceberg's GlueCatalog writes them), an Iceberg schema from Hive-typed columns, and Glue's
** CreateTable/UpdateTable Iceberg inputs turned into the REST protocol's requests; pure. */
#include "lang/iceberg_meta.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/hivetype.h"
#include "lang/iceberg_schema.h"

static int fail(struct srv_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct srv_error *err, const char *fmt, ...)
{
    char text[sizeof(err->msg)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    return srv_error_set(err, CAT_EINVAL, "%s", text);
}

static int is_string_map(const json_t *o)
{
    const char *k;
    const json_t *v;
    if (!json_is_object(o))
        return 0;
    json_object_foreach((json_t *)o, k, v) {
        if (!json_is_string(v))
            return 0;
    }
    return 1;
}

/* ---- ice_glue_columns ---- */

static void add_columns(json_t *cols, json_t *seen, const json_t *schema, int current)
{
    const json_t *f;
    size_t i;
    json_array_foreach(json_object_get(schema, "fields"), i, f) {
        const char *name = json_string_value(json_object_get(f, "name"));
        const json_t *doc = json_object_get(f, "doc"), *id = json_object_get(f, "id");
        json_t *col, *params;
        struct sbuf b = {0};
        char num[32];
        if (name == NULL || json_object_get(seen, name) != NULL)
            continue;
        json_object_set_new(seen, name, json_true());
        icesch_hive_type(json_object_get(f, "type"), &b);
        sbuf_add(&b, "", 1);
        col = json_object();
        json_object_set_new(col, "Name", json_string(name));
        json_object_set_new(col, "Type", json_string(b.p));
        free(b.p);
        if (json_is_string(doc))
            json_object_set(col, "Comment", (json_t *)doc);
        params = json_object();
        snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(id));
        json_object_set_new(params, "iceberg.field.id", json_string(num));
        json_object_set_new(
            params, "iceberg.field.optional",
            json_string(json_is_true(json_object_get(f, "required")) ? "false" : "true"));
        json_object_set_new(params, "iceberg.field.current",
                            json_string(current ? "true" : "false"));
        json_object_set_new(col, "Parameters", params);
        json_array_append_new(cols, col);
    }
}

json_t *ice_glue_columns(const json_t *head)
{
    const json_t *schemas = json_object_get(head, "schemas"), *cur_id, *s, *cur = NULL;
    json_t *cols = json_array(), *seen = json_object();
    size_t i;
    cur_id = json_object_get(head, "current-schema-id");
    json_array_foreach(schemas, i, s) {
        if (cur == NULL && json_is_integer(cur_id) &&
            json_equal(json_object_get(s, "schema-id"), cur_id))
            cur = s;
    }
    if (cur == NULL)
        cur = json_object_get(head, "schema"); /* format v1 metadata may only have this */
    add_columns(cols, seen, cur, 1);
    /* then the columns of the older schemas that the current one no longer has, as
    ** Java's GlueCatalog writes them ("iceberg.field.current": "false") */
    json_array_foreach(schemas, i, s) {
        if (s != cur)
            add_columns(cols, seen, s, 0);
    }
    json_decref(seen);
    return cols;
}

/* ---- ice_schema_from_glue: Hive type text (hivetype's canonical form) -> Iceberg types ---- */

struct hparse {
    const char *s;
    size_t i;
    const char *column;
    const char *type; /* the column's type as given, for messages */
    struct srv_error *err;
};

static int hname(const unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c >= 0x80;
}

static json_t *htype(struct hparse *p);

static int hexpect(struct hparse *p, char c)
{
    if (p->s[p->i] != c)
        return 0;
    p->i++;
    return 1;
}

static json_t *hunsupported(struct hparse *p)
{
    fail(p->err, "column '%s': type '%s' has no Iceberg counterpart", p->column, p->type);
    return NULL;
}

static json_t *hfield(int id_placeholder, const char *name, size_t n, json_t *type)
{
    json_t *f = json_object();
    json_object_set_new(f, "id", json_integer(id_placeholder));
    json_object_set_new(f, "name", json_stringn(name, n));
    json_object_set_new(f, "required", json_false());
    json_object_set_new(f, "type", type);
    return f;
}

static json_t *hstruct(struct hparse *p)
{
    json_t *st = json_object(), *fields = json_array();
    json_object_set_new(st, "type", json_string("struct"));
    json_object_set_new(st, "fields", fields);
    for (;;) {
        const char *name;
        size_t n;
        json_t *t;
        if (p->s[p->i] == '`') {
            name = p->s + ++p->i;
            while (p->s[p->i] != '\0' && p->s[p->i] != '`')
                p->i++;
            n = (size_t)(p->s + p->i - name);
            p->i++;
        } else {
            name = p->s + p->i;
            while (hname((unsigned char)p->s[p->i]))
                p->i++;
            n = (size_t)(p->s + p->i - name);
        }
        if (!hexpect(p, ':') || (t = htype(p)) == NULL) {
            json_decref(st);
            return NULL;
        }
        json_array_append_new(fields, hfield(0, name, n, t));
        if (!hexpect(p, ','))
            break;
    }
    if (!hexpect(p, '>')) {
        json_decref(st);
        return NULL;
    }
    return st;
}

/* One type of canonical text at P (hivetype_parse()'s output, so well-formed). */
static json_t *htype(struct hparse *p)
{
    static const struct {
        const char *hive, *iceberg;
    } prim[] = {
        {"boolean", "boolean"}, {"tinyint", "int"},
        {"smallint", "int"},    {"int", "int"},
        {"bigint", "long"},     {"float", "float"},
        {"double", "double"},   {"string", "string"},
        {"date", "date"},       {"timestamp", "timestamp"},
        {"binary", "binary"},
    };
    const char *w = p->s + p->i;
    size_t n = 0, k;
    json_t *t, *a, *b;
    while (hname((unsigned char)w[n]))
        n++;
    p->i += n;
    for (k = 0; k < sizeof(prim) / sizeof(prim[0]); k++)
        if (strlen(prim[k].hive) == n && strncmp(w, prim[k].hive, n) == 0)
            return json_string(prim[k].iceberg);
    if ((n == 4 && strncmp(w, "char", 4) == 0) || (n == 7 && strncmp(w, "varchar", 7) == 0)) {
        while (p->s[p->i] != '\0' && p->s[p->i] != ')')
            p->i++;
        p->i++;
        return json_string("string");
    }
    if (n == 7 && strncmp(w, "decimal", 7) == 0) {
        while (p->s[p->i] != '\0' && p->s[p->i] != ')') /* canonical: "(p,s)" always */
            p->i++;
        p->i++;
        return json_stringn(w, (size_t)(p->s + p->i - w));
    }
    if (!hexpect(p, '<'))
        return hunsupported(p); /* interval_year_month, interval_day_time */
    if (n == 5 && strncmp(w, "array", 5) == 0) {
        if ((a = htype(p)) == NULL)
            return NULL;
        if (!hexpect(p, '>')) {
            json_decref(a);
            return NULL;
        }
        t = json_object();
        json_object_set_new(t, "type", json_string("list"));
        json_object_set_new(t, "element-id", json_integer(0));
        json_object_set_new(t, "element", a);
        json_object_set_new(t, "element-required", json_false());
        return t;
    }
    if (n == 3 && strncmp(w, "map", 3) == 0) {
        if ((a = htype(p)) == NULL)
            return NULL;
        if (!hexpect(p, ',') || (b = htype(p)) == NULL) {
            json_decref(a);
            return NULL;
        }
        if (!hexpect(p, '>')) {
            json_decref(a);
            json_decref(b);
            return NULL;
        }
        t = json_object();
        json_object_set_new(t, "type", json_string("map"));
        json_object_set_new(t, "key-id", json_integer(0));
        json_object_set_new(t, "key", a);
        json_object_set_new(t, "value-id", json_integer(0));
        json_object_set_new(t, "value", b);
        json_object_set_new(t, "value-required", json_false());
        return t;
    }
    if (n == 6 && strncmp(w, "struct", 6) == 0)
        return hstruct(p);
    return hunsupported(p); /* uniontype */
}

int ice_schema_from_glue(const json_t *columns, json_t **out, struct srv_error *err)
{
    const json_t *c;
    json_t *schema, *fields;
    size_t i;
    *out = NULL;
    if (!json_is_array(columns))
        return fail(err, "Columns must be a list of columns");
    schema = json_object();
    fields = json_array();
    json_object_set_new(schema, "type", json_string("struct"));
    json_object_set_new(schema, "schema-id", json_integer(0));
    json_object_set_new(schema, "fields", fields);
    json_array_foreach(columns, i, c) {
        const char *name = json_string_value(json_object_get(c, "Name"));
        const char *type = json_string_value(json_object_get(c, "Type"));
        const json_t *comment = json_object_get(c, "Comment");
        struct hivetype ht;
        struct hivetype_error he;
        struct hparse p;
        json_t *t, *f;
        if (name == NULL || *name == '\0') {
            json_decref(schema);
            return fail(err, "Columns[%zu]: Name must be a non-empty string", i);
        }
        if (type == NULL) {
            json_decref(schema);
            return fail(err, "column '%s': Type must be a string", name);
        }
        if (hivetype_parse(type, &ht, &he) != 0) {
            json_decref(schema);
            return fail(err, "column '%s': invalid type '%.200s': %s", name, type, he.msg);
        }
        p.s = ht.canon;
        p.i = 0;
        p.column = name;
        p.type = type;
        p.err = err;
        srv_error_init(err);
        t = htype(&p);
        hivetype_release(&ht);
        if (t == NULL) {
            json_decref(schema);
            if (err->code == CAT_OK)
                fail(err, "column '%s': type '%.200s' cannot be read", name, type);
            return err->code;
        }
        f = hfield(0, name, strlen(name), t);
        if (json_is_string(comment) && json_string_length(comment) > 0)
            json_object_set(f, "doc", (json_t *)comment);
        json_array_append_new(fields, f);
    }
    icesch_fresh_ids(schema);
    if (icesch_check(schema, "Columns", err) != CAT_OK) { /* duplicate names */
        json_decref(schema);
        return err->code;
    }
    *out = schema;
    return CAT_OK;
}

/* ---- Glue's PascalCase Iceberg shapes -> the REST protocol's ---- */

/* Member KEBAB or PASCAL of O (nested type documents may be written either way). */
static json_t *get2(const json_t *o, const char *kebab, const char *pascal)
{
    json_t *v = json_object_get(o, kebab);
    return v != NULL ? v : json_object_get(o, pascal);
}

static void copy_member(json_t *to, const char *key, const json_t *v)
{
    if (v != NULL)
        json_object_set(to, key, (json_t *)v);
}

static json_t *glue_type(const json_t *t, int depth);

static json_t *glue_fields(const json_t *fields, int depth)
{
    json_t *out;
    const json_t *f;
    size_t i;
    if (!json_is_array(fields))
        return json_incref((json_t *)fields); /* icesch_check() says what is wrong */
    out = json_array();
    json_array_foreach(fields, i, f) {
        json_t *g = json_object();
        if (!json_is_object(f)) {
            json_array_append(out, (json_t *)f);
            json_decref(g);
            continue;
        }
        copy_member(g, "id", get2(f, "id", "Id"));
        copy_member(g, "name", get2(f, "name", "Name"));
        if (get2(f, "type", "Type") != NULL)
            json_object_set_new(g, "type", glue_type(get2(f, "type", "Type"), depth + 1));
        copy_member(g, "required", get2(f, "required", "Required"));
        copy_member(g, "doc", get2(f, "doc", "Doc"));
        copy_member(g, "initial-default", get2(f, "initial-default", "InitialDefault"));
        copy_member(g, "write-default", get2(f, "write-default", "WriteDefault"));
        json_array_append_new(out, g);
    }
    return out;
}

/* An IcebergDocument type: a primitive name, or a struct/list/map object in the REST
** protocol's kebab-case or in Glue's PascalCase.  What it cannot convert it passes on as it is,
** for icesch_check() to name. */
static json_t *glue_type(const json_t *t, int depth)
{
    const char *kind = json_string_value(get2(t, "type", "Type"));
    json_t *out;
    if (json_is_string(t)) {
        char *s = xstrdup(json_string_value(t)), *q;
        for (q = s; *q; q++)
            if (*q >= 'A' && *q <= 'Z')
                *q = (char)(*q - 'A' + 'a');
        out = json_string(s);
        free(s);
        return out != NULL ? out : json_incref((json_t *)t);
    }
    if (!json_is_object(t) || kind == NULL || depth > ICESCH_MAX_DEPTH + 1)
        return json_incref((json_t *)t);
    out = json_object();
    json_object_set_new(out, "type", json_string(kind));
    if (strcmp(kind, "struct") == 0) {
        json_object_set_new(out, "fields", glue_fields(get2(t, "fields", "Fields"), depth));
    } else if (strcmp(kind, "list") == 0) {
        copy_member(out, "element-id", get2(t, "element-id", "ElementId"));
        if (get2(t, "element", "Element") != NULL)
            json_object_set_new(out, "element",
                                glue_type(get2(t, "element", "Element"), depth + 1));
        copy_member(out, "element-required", get2(t, "element-required", "ElementRequired"));
    } else if (strcmp(kind, "map") == 0) {
        copy_member(out, "key-id", get2(t, "key-id", "KeyId"));
        if (get2(t, "key", "Key") != NULL)
            json_object_set_new(out, "key", glue_type(get2(t, "key", "Key"), depth + 1));
        copy_member(out, "value-id", get2(t, "value-id", "ValueId"));
        if (get2(t, "value", "Value") != NULL)
            json_object_set_new(out, "value", glue_type(get2(t, "value", "Value"), depth + 1));
        copy_member(out, "value-required", get2(t, "value-required", "ValueRequired"));
    }
    return out;
}

/* IcebergSchema at PATH -> Schema (checked). */
static int glue_schema(const json_t *gs, const char *path, json_t **out, struct srv_error *err)
{
    const json_t *type = json_object_get(gs, "Type"), *id = json_object_get(gs, "SchemaId");
    const json_t *ident = json_object_get(gs, "IdentifierFieldIds");
    json_t *s;
    *out = NULL;
    if (!json_is_object(gs))
        return fail(err, "%s must be an object", path);
    if (type != NULL && !(json_is_string(type) && strcmp(json_string_value(type), "struct") == 0))
        return fail(err, "%s.Type must be \"struct\"", path);
    if (id != NULL && !json_is_integer(id))
        return fail(err, "%s.SchemaId must be an integer", path);
    if (!json_is_array(json_object_get(gs, "Fields")))
        return fail(err, "%s.Fields must be a list", path);
    s = json_object();
    json_object_set_new(s, "type", json_string("struct"));
    json_object_set_new(s, "schema-id", json_integer(id != NULL ? json_integer_value(id) : 0));
    if (ident != NULL)
        json_object_set(s, "identifier-field-ids", (json_t *)ident);
    json_object_set_new(s, "fields", glue_fields(json_object_get(gs, "Fields"), 0));
    if (icesch_check(s, path, err) != CAT_OK) {
        json_decref(s);
        return err->code;
    }
    *out = s;
    return CAT_OK;
}

static int int_of(const json_t *o, const char *key)
{
    return json_is_integer(json_object_get(o, key));
}

static int str_of(const json_t *o, const char *key)
{
    return json_is_string(json_object_get(o, key));
}

/* IcebergPartitionSpec at PATH -> PartitionSpec. */
static int glue_spec(const json_t *gs, const char *path, json_t **out, struct srv_error *err)
{
    const json_t *fields = json_object_get(gs, "Fields"), *f;
    json_t *spec, *arr;
    size_t i;
    *out = NULL;
    if (!json_is_object(gs))
        return fail(err, "%s must be an object", path);
    if (json_object_get(gs, "SpecId") != NULL && !int_of(gs, "SpecId"))
        return fail(err, "%s.SpecId must be an integer", path);
    if (!json_is_array(fields))
        return fail(err, "%s.Fields must be a list", path);
    json_array_foreach(fields, i, f) {
        if (!int_of(f, "SourceId") || !str_of(f, "Transform") || !str_of(f, "Name"))
            return fail(err, "%s.Fields[%zu] must have SourceId (integer), Transform and Name",
                        path, i);
        if (json_object_get(f, "FieldId") != NULL && !int_of(f, "FieldId"))
            return fail(err, "%s.Fields[%zu].FieldId must be an integer", path, i);
    }
    spec = json_object();
    json_object_set_new(
        spec, "spec-id",
        json_integer(int_of(gs, "SpecId") ? json_integer_value(json_object_get(gs, "SpecId")) : 0));
    arr = json_array();
    json_array_foreach(fields, i, f) {
        json_t *g = json_object();
        copy_member(g, "source-id", json_object_get(f, "SourceId"));
        copy_member(g, "field-id", json_object_get(f, "FieldId"));
        copy_member(g, "transform", json_object_get(f, "Transform"));
        copy_member(g, "name", json_object_get(f, "Name"));
        json_array_append_new(arr, g);
    }
    json_object_set_new(spec, "fields", arr);
    *out = spec;
    return CAT_OK;
}

/* IcebergSortOrder at PATH -> SortOrder. */
static int glue_order(const json_t *go, const char *path, json_t **out, struct srv_error *err)
{
    const json_t *fields = json_object_get(go, "Fields"), *f;
    json_t *order, *arr;
    size_t i;
    *out = NULL;
    if (!json_is_object(go))
        return fail(err, "%s must be an object", path);
    if (!int_of(go, "OrderId"))
        return fail(err, "%s.OrderId must be an integer", path);
    if (!json_is_array(fields))
        return fail(err, "%s.Fields must be a list", path);
    json_array_foreach(fields, i, f) {
        const char *dir = json_string_value(json_object_get(f, "Direction"));
        const char *nulls = json_string_value(json_object_get(f, "NullOrder"));
        if (!int_of(f, "SourceId") || !str_of(f, "Transform"))
            return fail(err, "%s.Fields[%zu] must have SourceId (integer) and Transform", path, i);
        if (dir == NULL || (strcmp(dir, "asc") != 0 && strcmp(dir, "desc") != 0))
            return fail(err, "%s.Fields[%zu].Direction must be asc or desc", path, i);
        if (nulls == NULL ||
            (strcmp(nulls, "nulls-first") != 0 && strcmp(nulls, "nulls-last") != 0))
            return fail(err, "%s.Fields[%zu].NullOrder must be nulls-first or nulls-last", path, i);
    }
    order = json_object();
    copy_member(order, "order-id", json_object_get(go, "OrderId"));
    arr = json_array();
    json_array_foreach(fields, i, f) {
        json_t *g = json_object();
        copy_member(g, "transform", json_object_get(f, "Transform"));
        copy_member(g, "source-id", json_object_get(f, "SourceId"));
        copy_member(g, "direction", json_object_get(f, "Direction"));
        copy_member(g, "null-order", json_object_get(f, "NullOrder"));
        json_array_append_new(arr, g);
    }
    json_object_set_new(order, "fields", arr);
    *out = order;
    return CAT_OK;
}

#define IIN "OpenTableFormatInput.IcebergInput"
#define CTI IIN ".CreateIcebergTableInput"

/* The schema and identity spec of a table whose columns are Hive-typed Glue Columns and
** PartitionKeys. */
static int schema_from_table_input(const json_t *ti, json_t **schema, json_t **spec,
                                   struct srv_error *err)
{
    const json_t *sd = json_object_get(ti, "StorageDescriptor");
    const json_t *cols = json_object_get(sd, "Columns"),
                 *keys = json_object_get(ti, "PartitionKeys");
    const json_t *k;
    json_t *all = json_array(), *fields;
    size_t i, ncols;
    int rc;
    *spec = NULL;
    if (cols != NULL && !json_is_array(cols)) {
        json_decref(all);
        return fail(err, "TableInput.StorageDescriptor.Columns must be a list");
    }
    if (keys != NULL && !json_is_array(keys)) {
        json_decref(all);
        return fail(err, "TableInput.PartitionKeys must be a list");
    }
    json_array_extend(all, (json_t *)cols);
    ncols = json_array_size(all);
    json_array_extend(all, (json_t *)keys);
    rc = ice_schema_from_glue(all, schema, err);
    json_decref(all);
    if (rc != CAT_OK)
        return rc;
    *spec = json_object();
    json_object_set_new(*spec, "spec-id", json_integer(0));
    fields = json_array();
    json_object_set_new(*spec, "fields", fields);
    json_array_foreach(keys, i, k) {
        json_t *f = json_object();
        const json_t *field = json_array_get(json_object_get(*schema, "fields"), ncols + i);
        json_object_set(f, "source-id", json_object_get(field, "id"));
        json_object_set_new(f, "field-id", json_integer(1000 + (json_int_t)i));
        json_object_set_new(f, "transform", json_string("identity"));
        json_object_set(f, "name", json_object_get(field, "name"));
        json_array_append_new(fields, f);
    }
    return CAT_OK;
}

int ice_create_from_glue(const json_t *iceberg_input, const json_t *table_input, json_t **out,
                         struct srv_error *err)
{
    const json_t *op = json_object_get(iceberg_input, "MetadataOperation");
    const json_t *ver = json_object_get(iceberg_input, "Version");
    const json_t *cti = json_object_get(iceberg_input, "CreateIcebergTableInput");
    const json_t *name = json_object_get(table_input, "Name"), *loc, *props;
    json_t *req = NULL, *schema = NULL, *spec = NULL, *order = NULL, *p;
    char version[8] = "";
    int rc;
    *out = NULL;
    if (!json_is_object(iceberg_input))
        return fail(err, IIN " must be an object");
    if (!json_is_string(op) || strcmp(json_string_value(op), "CREATE") != 0)
        return fail(err, IIN ".MetadataOperation must be CREATE");
    if (ver != NULL && !json_is_null(ver)) {
        const char *v = json_string_value(ver);
        if (json_is_integer(ver) && json_integer_value(ver) >= 1 && json_integer_value(ver) <= 3)
            snprintf(version, sizeof(version), "%d", (int)json_integer_value(ver));
        else if (v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "2") == 0 || strcmp(v, "3") == 0))
            snprintf(version, sizeof(version), "%s", v);
        else
            return fail(err, IIN ".Version must be 1, 2 or 3");
    }
    if (!json_is_object(table_input) || !json_is_string(name) || json_string_length(name) == 0)
        return fail(err, "TableInput.Name must be a non-empty string");
    if (cti != NULL && !json_is_object(cti))
        return fail(err, CTI " must be an object");
    props = json_object_get(cti, "Properties");
    if (props != NULL && !is_string_map(props))
        return fail(err, CTI ".Properties must be a map of strings");
    loc = json_object_get(cti, "Location");
    if (loc != NULL && !json_is_string(loc))
        return fail(err, CTI ".Location must be a string");
    if (loc == NULL)
        loc = json_object_get(json_object_get(table_input, "StorageDescriptor"), "Location");
    if (loc != NULL && !json_is_string(loc))
        return fail(err, "TableInput.StorageDescriptor.Location must be a string");
    if (json_object_get(cti, "Schema") != NULL)
        rc = glue_schema(json_object_get(cti, "Schema"), CTI ".Schema", &schema, err);
    else
        rc = schema_from_table_input(table_input, &schema, &spec, err);
    if (rc == CAT_OK && json_object_get(cti, "PartitionSpec") != NULL) {
        json_decref(spec);
        rc = glue_spec(json_object_get(cti, "PartitionSpec"), CTI ".PartitionSpec", &spec, err);
    }
    if (rc == CAT_OK && json_object_get(cti, "WriteOrder") != NULL)
        rc = glue_order(json_object_get(cti, "WriteOrder"), CTI ".WriteOrder", &order, err);
    if (rc != CAT_OK) {
        json_decref(schema);
        json_decref(spec);
        return rc;
    }
    req = json_object();
    json_object_set(req, "name", (json_t *)name);
    if (json_is_string(loc) && json_string_length(loc) > 0)
        json_object_set(req, "location", (json_t *)loc);
    json_object_set_new(req, "schema", schema);
    if (spec != NULL)
        json_object_set_new(req, "partition-spec", spec);
    if (order != NULL)
        json_object_set_new(req, "write-order", order);
    p = props != NULL ? json_deep_copy(props) : json_object();
    if (version[0] != '\0' && json_object_get(p, "format-version") == NULL)
        json_object_set_new(p, "format-version", json_string(version));
    json_object_set_new(req, "properties", p);
    *out = req;
    return CAT_OK;
}

/* ---- ice_updates_from_glue ---- */

static json_t *action(const char *name)
{
    json_t *u = json_object();
    json_object_set_new(u, "action", json_string(name));
    return u;
}

static void push(json_t *out, json_t *u, const char *key, json_t *v)
{
    json_object_set_new(u, key, v);
    json_array_append_new(out, u);
}

/* The id member KEY of the object at MEMBER of U, or -1 (the last added) without one. */
static json_t *id_or_last(const json_t *u, const char *member, const char *key)
{
    const json_t *v = json_object_get(json_object_get(u, member), key);
    return json_is_integer(v) ? json_incref((json_t *)v) : json_integer(-1);
}

static int one_update(const json_t *u, const char *path, json_t *out, struct srv_error *err)
{
    const json_t *act = json_object_get(u, "Action"), *loc = json_object_get(u, "Location");
    const json_t *props = json_object_get(u, "Properties");
    const char *a = json_string_value(act);
    char sub[96];
    json_t *v;
    int rc;
    if (!json_is_object(u))
        return fail(err, "%s must be an object", path);
    if (act != NULL && a == NULL)
        return fail(err, "%s.Action must be a string", path);
    if (loc != NULL && !json_is_string(loc))
        return fail(err, "%s.Location must be a string", path);
    if (props != NULL && !is_string_map(props))
        return fail(err, "%s.Properties must be a map of strings", path);
    if (a == NULL) {
        /* the new state of the table: each member given becomes current */
        int any = 0;
        if (json_object_get(u, "Schema") != NULL) {
            snprintf(sub, sizeof(sub), "%s.Schema", path);
            if ((rc = glue_schema(json_object_get(u, "Schema"), sub, &v, err)) != CAT_OK)
                return rc;
            push(out, action("add-schema"), "schema", v);
            push(out, action("set-current-schema"), "schema-id", json_integer(-1));
            any = 1;
        }
        if (json_object_get(u, "PartitionSpec") != NULL) {
            snprintf(sub, sizeof(sub), "%s.PartitionSpec", path);
            if ((rc = glue_spec(json_object_get(u, "PartitionSpec"), sub, &v, err)) != CAT_OK)
                return rc;
            push(out, action("add-spec"), "spec", v);
            push(out, action("set-default-spec"), "spec-id", json_integer(-1));
            any = 1;
        }
        if (json_object_get(u, "SortOrder") != NULL) {
            snprintf(sub, sizeof(sub), "%s.SortOrder", path);
            if ((rc = glue_order(json_object_get(u, "SortOrder"), sub, &v, err)) != CAT_OK)
                return rc;
            push(out, action("add-sort-order"), "sort-order", v);
            push(out, action("set-default-sort-order"), "sort-order-id", json_integer(-1));
            any = 1;
        }
        if (json_is_string(loc)) {
            push(out, action("set-location"), "location", json_incref((json_t *)loc));
            any = 1;
        }
        if (props != NULL) {
            push(out, action("set-properties"), "updates", json_deep_copy(props));
            any = 1;
        }
        if (!any)
            return fail(err,
                        "%s has no Action and no Schema, PartitionSpec, SortOrder, Location "
                        "or Properties",
                        path);
        return CAT_OK;
    }
    if (strcmp(a, "add-schema") == 0) {
        snprintf(sub, sizeof(sub), "%s.Schema", path);
        if ((rc = glue_schema(json_object_get(u, "Schema"), sub, &v, err)) != CAT_OK)
            return rc;
        push(out, action(a), "schema", v);
    } else if (strcmp(a, "set-current-schema") == 0) {
        push(out, action(a), "schema-id", id_or_last(u, "Schema", "SchemaId"));
    } else if (strcmp(a, "add-spec") == 0) {
        snprintf(sub, sizeof(sub), "%s.PartitionSpec", path);
        if ((rc = glue_spec(json_object_get(u, "PartitionSpec"), sub, &v, err)) != CAT_OK)
            return rc;
        push(out, action(a), "spec", v);
    } else if (strcmp(a, "set-default-spec") == 0) {
        push(out, action(a), "spec-id", id_or_last(u, "PartitionSpec", "SpecId"));
    } else if (strcmp(a, "add-sort-order") == 0) {
        snprintf(sub, sizeof(sub), "%s.SortOrder", path);
        if ((rc = glue_order(json_object_get(u, "SortOrder"), sub, &v, err)) != CAT_OK)
            return rc;
        push(out, action(a), "sort-order", v);
    } else if (strcmp(a, "set-default-sort-order") == 0) {
        push(out, action(a), "sort-order-id", id_or_last(u, "SortOrder", "OrderId"));
    } else if (strcmp(a, "set-location") == 0) {
        if (!json_is_string(loc))
            return fail(err, "%s.Location must be a string", path);
        push(out, action(a), "location", json_incref((json_t *)loc));
    } else if (strcmp(a, "set-properties") == 0) {
        if (props == NULL)
            return fail(err, "%s.Properties must be a map of strings", path);
        push(out, action(a), "updates", json_deep_copy(props));
    } else if (strcmp(a, "remove-properties") == 0) {
        const char *k;
        const json_t *x;
        if (props == NULL)
            return fail(err, "%s.Properties must be a map of strings", path);
        v = json_array();
        json_object_foreach((json_t *)props, k, x) {
            json_array_append_new(v, json_string(k));
        }
        push(out, action(a), "removals", v);
    } else if (strcmp(a, "add-encryption-key") == 0) {
        const json_t *key = json_object_get(u, "EncryptionKey");
        const json_t *by = json_object_get(key, "EncryptedById");
        const json_t *kp = json_object_get(key, "Properties");
        if (!str_of(key, "KeyId") || !str_of(key, "EncryptedKeyMetadata"))
            return fail(err, "%s.EncryptionKey must have KeyId and EncryptedKeyMetadata", path);
        if ((by != NULL && !json_is_string(by)) || (kp != NULL && !is_string_map(kp)))
            return fail(err,
                        "%s.EncryptionKey: EncryptedById must be a string and Properties a "
                        "map of strings",
                        path);
        v = json_object();
        copy_member(v, "key-id", json_object_get(key, "KeyId"));
        copy_member(v, "encrypted-key-metadata", json_object_get(key, "EncryptedKeyMetadata"));
        copy_member(v, "encrypted-by-id", by);
        copy_member(v, "properties", kp);
        push(out, action(a), "encryption-key", v);
    } else if (strcmp(a, "remove-encryption-key") == 0) {
        if (!str_of(u, "KeyId"))
            return fail(err, "%s.KeyId must be a string", path);
        push(out, action(a), "key-id", json_incref(json_object_get(u, "KeyId")));
    } else {
        return fail(err,
                    "%s.Action '%.60s' is not one of add-schema, set-current-schema, add-spec, "
                    "set-default-spec, add-sort-order, set-default-sort-order, set-location, "
                    "set-properties, remove-properties, add-encryption-key, remove-encryption-key",
                    path, a);
    }
    return CAT_OK;
}

int ice_updates_from_glue(const json_t *updates, json_t **out, struct srv_error *err)
{
    const json_t *u;
    json_t *res;
    size_t i;
    *out = NULL;
    if (!json_is_array(updates))
        return fail(err, "UpdateIcebergTableInput.Updates must be a list");
    res = json_array();
    json_array_foreach(updates, i, u) {
        char path[64];
        int rc;
        snprintf(path, sizeof(path), "UpdateIcebergTableInput.Updates[%zu]", i);
        if ((rc = one_update(u, path, res, err)) != CAT_OK) {
            json_decref(res);
            return rc;
        }
    }
    *out = res;
    return CAT_OK;
}
