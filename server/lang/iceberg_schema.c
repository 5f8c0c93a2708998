/* iceberg_schema.c -- Iceberg Schema objects: checked, given fresh ids, compared, and written
** as Hive type text (lang/iceberg_schema.h); pure (jansson, base/). */
#include "lang/iceberg_schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- primitive type names ---- */

static const char *skip_sp(const char *s)
{
    while (*s == ' ')
        s++;
    return s;
}

/* Digits at *S (spaces around allowed) into *V (capped); advances *S.  0 when there are none. */
static int digits(const char **s, long *v)
{
    const char *p = skip_sp(*s);
    if (*p < '0' || *p > '9')
        return 0;
    *v = 0;
    while (*p >= '0' && *p <= '9') {
        if (*v < 1000000)
            *v = *v * 10 + (*p - '0');
        p++;
    }
    *s = skip_sp(p);
    return 1;
}

int icesch_primitive_ok(const char *s)
{
    static const char *const names[] = {
        "boolean",        "int",      "long",      "float",       "double",
        "date",           "time",     "timestamp", "timestamptz", "string",
        "uuid",           "binary",   "variant",   "unknown",     "timestamp_ns",
        "timestamptz_ns", "geometry", "geography", NULL};
    size_t i;
    long p, sc;
    for (i = 0; names[i] != NULL; i++)
        if (strcmp(s, names[i]) == 0)
            return 1;
    if (strncmp(s, "decimal(", 8) == 0) {
        s += 8;
        if (!digits(&s, &p) || *s++ != ',' || !digits(&s, &sc) || *s++ != ')' || *s != '\0')
            return 0;
        return p >= 1 && p <= 38 && sc <= p;
    }
    if (strncmp(s, "fixed[", 6) == 0) {
        s += 6;
        return digits(&s, &p) && s[0] == ']' && s[1] == '\0';
    }
    if (strncmp(s, "geometry(", 9) == 0 || strncmp(s, "geography(", 10) == 0) {
        size_t n = strlen(s);
        return s[n - 1] == ')';
    }
    return 0;
}

/* ---- checking ---- */

/* Sets and maps of ids are jansson objects keyed by the id's decimal text (linear time for wide
** schemas). */
static const char *id_key(char buf[24], json_int_t id)
{
    snprintf(buf, 24, "%lld", (long long)id);
    return buf;
}

struct checker {
    const char *what;
    struct srv_error *err;
    json_t *all;    /* every id seen (field, element, key, value) */
    json_t *fields; /* struct field ids (identifier fields must be among them) */
    char path[200]; /* the current field's dotted name */
};

static int bad(struct checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct checker *c, const char *fmt, ...)
{
    char text[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    if (c->path[0] != '\0')
        return srv_error_set(c->err, CAT_EINVAL, "%s: field '%s': %s", c->what, c->path, text);
    return srv_error_set(c->err, CAT_EINVAL, "%s: %s", c->what, text);
}

static int check_id(struct checker *c, const json_t *v, const char *member)
{
    if (!json_is_integer(v))
        return bad(c, "'%s' must be an integer", member);
    char key[24];
    if (json_object_get(c->all, id_key(key, json_integer_value(v))) != NULL)
        return bad(c, "id %lld is used twice", (long long)json_integer_value(v));
    json_object_set_new(c->all, key, json_true());
    return CAT_OK;
}

static int check_type(struct checker *c, const json_t *t, int depth);

static int check_struct(struct checker *c, const json_t *st, int depth)
{
    const json_t *fields = json_object_get(st, "fields"), *f;
    json_t *names;
    size_t i, plen = strlen(c->path);
    int rc = CAT_OK;
    char key[24];
    if (!json_is_array(fields))
        return bad(c, "%s must have a 'fields' array", plen ? "a struct" : "the schema");
    names = json_object();
    json_array_foreach(fields, i, f) {
        const json_t *name = json_object_get(f, "name"), *doc = json_object_get(f, "doc");
        if (!json_is_object(f)) {
            rc = bad(c, "%s", "every field must be an object");
            break;
        }
        if (!json_is_string(name) || json_string_length(name) == 0) {
            rc = bad(c, "%s", "every field must have a non-empty 'name'");
            break;
        }
        if (json_object_getn(names, json_string_value(name), json_string_length(name)) != NULL) {
            rc = bad(c, "the name '%s' is used twice in one struct", json_string_value(name));
            break;
        }
        json_object_setn_new(names, json_string_value(name), json_string_length(name), json_true());
        snprintf(c->path + plen, sizeof(c->path) - plen, "%s%s", plen ? "." : "",
                 json_string_value(name));
        if ((rc = check_id(c, json_object_get(f, "id"), "id")) != CAT_OK)
            break;
        json_object_set_new(c->fields, id_key(key, json_integer_value(json_object_get(f, "id"))),
                            json_true());
        if (!json_is_boolean(json_object_get(f, "required"))) {
            rc = bad(c, "%s", "'required' must be true or false");
            break;
        }
        if (doc != NULL && !json_is_string(doc) && !json_is_null(doc)) {
            rc = bad(c, "%s", "'doc' must be a string");
            break;
        }
        if ((rc = check_type(c, json_object_get(f, "type"), depth + 1)) != CAT_OK)
            break;
        c->path[plen] = '\0';
    }
    json_decref(names);
    return rc;
}

static int check_type(struct checker *c, const json_t *t, int depth)
{
    const char *kind;
    int rc;
    if (depth > ICESCH_MAX_DEPTH)
        return bad(c, "types nested deeper than %d levels", ICESCH_MAX_DEPTH);
    if (json_is_string(t)) {
        if (!icesch_primitive_ok(json_string_value(t)))
            return bad(c, "unknown type '%s'", json_string_value(t));
        return CAT_OK;
    }
    if (!json_is_object(t) || !json_is_string(json_object_get(t, "type")))
        return bad(c, "%s", "'type' must be a type name or a struct, list or map object");
    kind = json_string_value(json_object_get(t, "type"));
    if (strcmp(kind, "struct") == 0)
        return check_struct(c, t, depth);
    if (strcmp(kind, "list") == 0) {
        if ((rc = check_id(c, json_object_get(t, "element-id"), "element-id")) != CAT_OK)
            return rc;
        if (!json_is_boolean(json_object_get(t, "element-required")))
            return bad(c, "%s", "'element-required' must be true or false");
        return check_type(c, json_object_get(t, "element"), depth + 1);
    }
    if (strcmp(kind, "map") == 0) {
        if ((rc = check_id(c, json_object_get(t, "key-id"), "key-id")) != CAT_OK ||
            (rc = check_id(c, json_object_get(t, "value-id"), "value-id")) != CAT_OK)
            return rc;
        if (!json_is_boolean(json_object_get(t, "value-required")))
            return bad(c, "%s", "'value-required' must be true or false");
        if ((rc = check_type(c, json_object_get(t, "key"), depth + 1)) != CAT_OK)
            return rc;
        return check_type(c, json_object_get(t, "value"), depth + 1);
    }
    return bad(c, "unknown type '%s'", kind);
}

int icesch_check(const json_t *schema, const char *what, struct srv_error *err)
{
    struct checker c;
    const json_t *ident, *v;
    size_t i;
    int rc;
    char key[24];
    memset(&c, 0, sizeof(c));
    c.what = what;
    c.err = err;
    c.all = json_object();
    c.fields = json_object();
    if (!json_is_object(schema))
        rc = bad(&c, "%s", "the schema must be an object");
    else if (!json_is_string(json_object_get(schema, "type")) ||
             strcmp(json_string_value(json_object_get(schema, "type")), "struct") != 0)
        rc = bad(&c, "%s", "the schema's 'type' must be \"struct\"");
    else if (json_object_get(schema, "schema-id") != NULL &&
             !json_is_integer(json_object_get(schema, "schema-id")))
        rc = bad(&c, "%s", "'schema-id' must be an integer");
    else
        rc = check_struct(&c, schema, 0);
    ident = json_object_get(schema, "identifier-field-ids");
    if (rc == CAT_OK && ident != NULL && !json_is_null(ident)) {
        if (!json_is_array(ident))
            rc = bad(&c, "%s", "'identifier-field-ids' must be an array of field ids");
        json_array_foreach(ident, i, v) {
            if (rc != CAT_OK)
                break;
            if (!json_is_integer(v))
                rc = bad(&c, "%s", "'identifier-field-ids' must be an array of field ids");
            else if (json_object_get(c.fields, id_key(key, json_integer_value(v))) == NULL)
                rc = bad(&c, "identifier field id %lld is not a field",
                         (long long)json_integer_value(v));
        }
    }
    json_decref(c.all);
    json_decref(c.fields);
    return rc;
}

/* ---- fresh ids ---- */

struct renum {
    int next;
    json_t *map; /* struct field ids: old -> new (the first field with an old id) */
};

static void renum_type(struct renum *r, json_t *t);

static void renum_struct(struct renum *r, json_t *st)
{
    json_t *fields = json_object_get(st, "fields"), *f;
    size_t i;
    json_array_foreach(fields, i, f) {
        char key[24];
        id_key(key, json_integer_value(json_object_get(f, "id")));
        if (json_object_get(r->map, key) == NULL)
            json_object_set_new(r->map, key, json_integer(r->next + 1));
        json_object_set_new(f, "id", json_integer(++r->next));
    }
    json_array_foreach(fields, i, f)
        renum_type(r, json_object_get(f, "type"));
}

static void renum_type(struct renum *r, json_t *t)
{
    const char *kind = json_string_value(json_object_get(t, "type"));
    if (!json_is_object(t) || kind == NULL)
        return;
    if (strcmp(kind, "struct") == 0) {
        renum_struct(r, t);
    } else if (strcmp(kind, "list") == 0) {
        json_object_set_new(t, "element-id", json_integer(++r->next));
        renum_type(r, json_object_get(t, "element"));
    } else if (strcmp(kind, "map") == 0) {
        json_object_set_new(t, "key-id", json_integer(++r->next));
        json_object_set_new(t, "value-id", json_integer(++r->next));
        renum_type(r, json_object_get(t, "key"));
        renum_type(r, json_object_get(t, "value"));
    }
}

int icesch_fresh_ids(json_t *schema)
{
    struct renum r;
    json_t *ident = json_object_get(schema, "identifier-field-ids"), *v, *id;
    size_t i;
    char key[24];
    memset(&r, 0, sizeof(r));
    r.map = json_object();
    renum_struct(&r, schema);
    json_array_foreach(ident, i, v) {
        if ((id = json_object_get(r.map, id_key(key, json_integer_value(v)))) != NULL)
            json_array_set(ident, i, id);
    }
    json_decref(r.map);
    return r.next;
}

/* ---- comparison ---- */

static int id_set_has(const json_t *a, const json_t *v)
{
    const json_t *w;
    size_t i;
    json_array_foreach(a, i, w) {
        if (json_equal(v, w))
            return 1;
    }
    return 0;
}

/* Whether every id of A is in B. */
static int id_subset(const json_t *a, const json_t *b)
{
    const json_t *v;
    size_t i;
    json_array_foreach(a, i, v) {
        if (!id_set_has(b, v))
            return 0;
    }
    return 1;
}

int icesch_same(const json_t *a, const json_t *b)
{
    const json_t *ia = json_object_get(a, "identifier-field-ids");
    const json_t *ib = json_object_get(b, "identifier-field-ids");
    if (!json_equal(json_object_get(a, "fields"), json_object_get(b, "fields")))
        return 0;
    return id_subset(ia, ib) && id_subset(ib, ia);
}

/* ---- Hive type text ---- */

static void hive_name(struct sbuf *b, const char *name)
{
    const char *p;
    int plain;
    if (name == NULL)
        name = "";
    plain = *name != '\0';
    for (p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
              (p > name && *p >= '0' && *p <= '9')))
            plain = 0;
    if (plain) {
        sbuf_adds(b, name);
        return;
    }
    sbuf_adds(b, "`");
    sbuf_adds(b, name);
    sbuf_adds(b, "`");
}

void icesch_hive_type(const json_t *type, struct sbuf *b)
{
    static const struct {
        const char *iceberg, *hive;
    } prim[] = {
        {"boolean", "boolean"},
        {"int", "int"},
        {"long", "bigint"},
        {"float", "float"},
        {"double", "double"},
        {"date", "date"},
        {"time", "string"},
        {"string", "string"},
        {"uuid", "string"},
        {"timestamp", "timestamp"},
        {"timestamptz", "timestamp"},
        {"timestamp_ns", "timestamp"},
        {"timestamptz_ns", "timestamp"},
        {"binary", "binary"},
        {"variant", "string"},
        {"unknown", "string"},
    };
    const char *kind;
    size_t i;
    if (json_is_string(type)) {
        const char *s = json_string_value(type);
        long p = 0, sc = 0;
        char buf[64];
        for (i = 0; i < sizeof(prim) / sizeof(prim[0]); i++)
            if (strcmp(s, prim[i].iceberg) == 0) {
                sbuf_adds(b, prim[i].hive);
                return;
            }
        if (strncmp(s, "decimal(", 8) == 0) {
            s += 8;
            digits(&s, &p);
            s++;
            digits(&s, &sc);
            snprintf(buf, sizeof(buf), "decimal(%ld,%ld)", p, sc);
            sbuf_adds(b, buf);
            return;
        }
        sbuf_adds(b, "binary"); /* fixed[L], geometry, geography */
        return;
    }
    kind = json_string_value(json_object_get(type, "type"));
    if (kind != NULL && strcmp(kind, "struct") == 0) {
        const json_t *f;
        sbuf_adds(b, "struct<");
        json_array_foreach(json_object_get(type, "fields"), i, f) {
            if (i > 0)
                sbuf_adds(b, ",");
            hive_name(b, json_string_value(json_object_get(f, "name")));
            sbuf_adds(b, ":");
            icesch_hive_type(json_object_get(f, "type"), b);
        }
        sbuf_adds(b, ">");
    } else if (kind != NULL && strcmp(kind, "list") == 0) {
        sbuf_adds(b, "array<");
        icesch_hive_type(json_object_get(type, "element"), b);
        sbuf_adds(b, ">");
    } else if (kind != NULL && strcmp(kind, "map") == 0) {
        sbuf_adds(b, "map<");
        icesch_hive_type(json_object_get(type, "key"), b);
        sbuf_adds(b, ",");
        icesch_hive_type(json_object_get(type, "value"), b);
        sbuf_adds(b, ">");
    } else {
        sbuf_adds(b, "string");
    }
}
