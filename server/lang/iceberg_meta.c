/* iceberg_meta.c -- Iceberg table metadata, pure: a new table's first metadata, a commit's
** requirements checked and updates applied as Java's TableMetadata.Builder does, the metadata
** split into the parts the store keeps and assembled again. */
#include "lang/iceberg_meta.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

#define MAX_FORMAT_VERSION 3
#define DEFAULT_FORMAT_VERSION 2
#define PARTITION_DATA_ID_START 1000 /* the first partition field id */
#define INITIAL_SORT_ORDER_ID 1      /* 0 is the unsorted order */
#define PREVIOUS_VERSIONS_MAX_DEFAULT 100
#define MAX_ID 2147483647LL /* ids are Java ints */

/* ---- jansson helpers ---- */

static int jint(const json_t *o, const char *key, long long *v)
{
    json_t *x = json_object_get(o, key);
    if (!json_is_integer(x))
        return 0;
    *v = json_integer_value(x);
    return 1;
}

static long long jint_or(const json_t *o, const char *key, long long dflt)
{
    long long v;
    return jint(o, key, &v) ? v : dflt;
}

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void set_int(json_t *o, const char *key, long long v)
{
    json_object_set_new(o, key, json_integer(v));
}

/* Is ID one of the integers of array A? */
static int arr_has_id(const json_t *a, long long id)
{
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        if (json_is_integer(v) && json_integer_value(v) == id)
            return 1;
    }
    return 0;
}

/* The index of the object of array A whose integer member KEY is ID, or -1. */
static long find_by(const json_t *a, const char *key, long long id)
{
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        long long x;
        if (jint(v, key, &x) && x == id)
            return (long)i;
    }
    return -1;
}

/* A growable list of ids. */
struct ids {
    long long *v;
    size_t n, cap;
};

static void ids_add(struct ids *s, long long id)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
    }
    s->v[s->n++] = id;
}

static int ids_has(const struct ids *s, long long id)
{
    size_t i;
    for (i = 0; i < s->n; i++)
        if (s->v[i] == id)
            return 1;
    return 0;
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* Sort S; 1 when an id repeats (*DUP set to it). */
static int ids_sort_dup(struct ids *s, long long *dup)
{
    size_t i;
    if (s->n > 1)
        qsort(s->v, s->n, sizeof(*s->v), cmp_ll);
    for (i = 1; i < s->n; i++)
        if (s->v[i] == s->v[i - 1]) {
            *dup = s->v[i];
            return 1;
        }
    return 0;
}

static int ids_sorted_has(const struct ids *s, long long id)
{
    return s->n > 0 && bsearch(&id, s->v, s->n, sizeof(*s->v), cmp_ll) != NULL;
}

/* Is S UTF-8 text that jansson takes? */
static int is_text(const char *s)
{
    json_t *t = s != NULL ? json_string(s) : NULL;
    json_decref(t);
    return t != NULL;
}

/* Java's LocationUtil.stripTrailingSlash: a new string without the trailing slashes (a
** scheme's "://" stays whole). */
static json_t *location_value(const char *loc)
{
    size_t n = strlen(loc);
    while (n > 0 && loc[n - 1] == '/' && !(n >= 3 && memcmp(loc + n - 3, "://", 3) == 0))
        n--;
    return json_stringn(loc, n);
}

/* ---- schemas: types checked, field ids collected ---- */

struct walk {
    struct ids ids; /* every field id, nested ones included */
    long long high; /* the highest of them (0: none) */
    int fv;         /* the table's format version (v3 types) */
    char why[256];  /* what is wrong */
};

static int walk_bad(struct walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int walk_bad(struct walk *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->why, sizeof(w->why), fmt, ap);
    va_end(ap);
    return -1;
}

static void walk_id(struct walk *w, long long id)
{
    ids_add(&w->ids, id);
    if (id > w->high)
        w->high = id;
}

/* "decimal(P,S)" / "fixed[L]" style: PREFIX, digits, [SEP digits], CLOSE, blanks allowed. */
static int param_type(const char *s, const char *prefix, int two, char close)
{
    size_t n = strlen(prefix);
    int k;
    if (strncmp(s, prefix, n) != 0)
        return 0;
    s += n;
    for (k = 0; k < (two ? 2 : 1); k++) {
        while (*s == ' ')
            s++;
        if (*s < '0' || *s > '9')
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
        while (*s == ' ')
            s++;
        if (two && k == 0) {
            if (*s != ',')
                return 0;
            s++;
        }
    }
    return s[0] == close && s[1] == '\0';
}

/* 1: a primitive of every version, 3: a primitive from v3 on, 0: not a primitive type. */
static int primitive_version(const char *t)
{
    static const char *const v1[] = {"boolean", "int",  "long",   "float",
                                     "double",  "date", "time",   "timestamp",
                                     "string",  "uuid", "binary", "timestamptz"};
    static const char *const v3[] = {"timestamp_ns", "timestamptz_ns", "variant",
                                     "unknown",      "geometry",       "geography"};
    size_t i;
    for (i = 0; i < sizeof(v1) / sizeof(v1[0]); i++)
        if (strcmp(t, v1[i]) == 0)
            return 1;
    for (i = 0; i < sizeof(v3) / sizeof(v3[0]); i++)
        if (strcmp(t, v3[i]) == 0)
            return 3;
    if (param_type(t, "decimal(", 1, ')') || param_type(t, "fixed[", 0, ']'))
        return 1;
    if ((strncmp(t, "geometry(", 9) == 0 || strncmp(t, "geography(", 10) == 0) &&
        t[strlen(t) - 1] == ')')
        return 3;
    return 0;
}

static int walk_type(struct walk *w, const json_t *t, const char *name, int depth);

static int walk_struct(struct walk *w, const json_t *fields, int depth)
{
    size_t i, j;
    json_t *f;
    if (!json_is_array(fields))
        return walk_bad(w, "a struct's fields must be an array");
    json_array_foreach(fields, i, f) {
        long long id;
        const char *name = jstr(f, "name");
        json_t *dflt;
        if (!json_is_object(f) || !jint(f, "id", &id) || name == NULL ||
            !json_is_boolean(json_object_get(f, "required")) || !json_object_get(f, "type"))
            return walk_bad(w, "a field must be an object with id, name, required and type");
        if (json_object_get(f, "doc") != NULL && !json_is_string(json_object_get(f, "doc")))
            return walk_bad(w, "field %s: doc must be a string", name);
        for (j = 0; j < i; j++)
            if (strcmp(jstr(json_array_get(fields, j), "name"), name) == 0)
                return walk_bad(w, "field name %s repeats in a struct", name);
        dflt = json_object_get(f, "initial-default");
        if (w->fv < 3 && dflt != NULL && !json_is_null(dflt))
            return walk_bad(w, "field %s: initial-default needs format version 3", name);
        if (id < 0 || id > MAX_ID)
            return walk_bad(w, "field %s: id %lld is out of range", name, id);
        walk_id(w, id);
        if (walk_type(w, json_object_get(f, "type"), name, depth + 1) != 0)
            return -1;
    }
    return 0;
}

static int walk_type(struct walk *w, const json_t *t, const char *name, int depth)
{
    const char *kind;
    long long id;
    if (depth > 200)
        return walk_bad(w, "field %s: types nest too deep", name);
    if (json_is_string(t)) {
        int v = primitive_version(json_string_value(t));
        if (v == 0)
            return walk_bad(w, "field %s: unknown type %s", name, json_string_value(t));
        if (v > w->fv)
            return walk_bad(w, "field %s: type %s needs format version %d", name,
                            json_string_value(t), v);
        return 0;
    }
    kind = jstr(t, "type");
    if (kind == NULL)
        return walk_bad(w, "field %s: a type must be a string or an object with a type", name);
    if (strcmp(kind, "struct") == 0)
        return walk_struct(w, json_object_get(t, "fields"), depth);
    if (strcmp(kind, "list") == 0) {
        if (!jint(t, "element-id", &id) || !json_is_boolean(json_object_get(t, "element-required")))
            return walk_bad(w, "field %s: a list needs element-id and element-required", name);
        if (id < 0 || id > MAX_ID)
            return walk_bad(w, "field %s: id %lld is out of range", name, id);
        walk_id(w, id);
        return walk_type(w, json_object_get(t, "element"), name, depth + 1);
    }
    if (strcmp(kind, "map") == 0) {
        long long vid;
        if (!jint(t, "key-id", &id) || !jint(t, "value-id", &vid) ||
            !json_is_boolean(json_object_get(t, "value-required")))
            return walk_bad(w, "field %s: a map needs key-id, value-id and value-required", name);
        if (id < 0 || id > MAX_ID || vid < 0 || vid > MAX_ID)
            return walk_bad(w, "field %s: a map's key-id or value-id is out of range", name);
        walk_id(w, id);
        walk_id(w, vid);
        if (walk_type(w, json_object_get(t, "key"), name, depth + 1) != 0)
            return -1;
        return walk_type(w, json_object_get(t, "value"), name, depth + 1);
    }
    return walk_bad(w, "field %s: unknown type %s", name, kind);
}

/* Check schema S (a Schema object: struct fields, identifier-field-ids) for format version FV:
** 0 with W's ids (unique) and highest id, or -1 with W->why. W->ids is the caller's to free. */
static int walk_schema(struct walk *w, const json_t *s, int fv)
{
    json_t *idf, *v;
    size_t i;
    long long dup;
    memset(w, 0, sizeof(*w));
    w->fv = fv;
    if (!json_is_object(s))
        return walk_bad(w, "a schema must be an object");
    if (json_object_get(s, "type") != NULL &&
        (!json_is_string(json_object_get(s, "type")) || strcmp(jstr(s, "type"), "struct") != 0))
        return walk_bad(w, "a schema's type must be struct");
    if (walk_struct(w, json_object_get(s, "fields"), 0) != 0)
        return -1;
    idf = json_object_get(s, "identifier-field-ids");
    if (idf != NULL && !json_is_array(idf))
        return walk_bad(w, "identifier-field-ids must be an array");
    json_array_foreach(idf, i, v) {
        if (!json_is_integer(v) || !ids_has(&w->ids, json_integer_value(v)))
            return walk_bad(w, "identifier-field-ids names a field the schema does not have");
    }
    {
        struct ids copy = {NULL, 0, 0};
        size_t k;
        int bad;
        for (k = 0; k < w->ids.n; k++)
            ids_add(&copy, w->ids.v[k]);
        bad = ids_sort_dup(&copy, &dup);
        free(copy.v);
        if (bad)
            return walk_bad(w, "field id %lld is used twice", dup);
    }
    return 0;
}

/* The ids of the fields of the schema whose schema-id is ID in head H (sorted), for checking
** partition and sort source ids. */
static void schema_ids(const json_t *h, long long id, struct ids *out)
{
    struct walk w;
    long i = find_by(json_object_get(h, "schemas"), "schema-id", id);
    memset(out, 0, sizeof(*out));
    if (i < 0)
        return;
    walk_schema(&w, json_array_get(json_object_get(h, "schemas"), (size_t)i), MAX_FORMAT_VERSION);
    *out = w.ids;
    if (out->n > 1)
        qsort(out->v, out->n, sizeof(*out->v), cmp_ll);
}

/* Same schema as Java's Schema.sameSchema: the same fields and identifier field ids. */
static int same_ids_set(const json_t *a, const json_t *b)
{
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        if (!arr_has_id(b, json_integer_value(v)))
            return 0;
    }
    json_array_foreach(b, i, v) {
        if (!arr_has_id(a, json_integer_value(v)))
            return 0;
    }
    return 1;
}

static int same_schema(const json_t *a, const json_t *b)
{
    return json_equal(json_object_get(a, "fields"), json_object_get(b, "fields")) &&
           same_ids_set(json_object_get(a, "identifier-field-ids"),
                        json_object_get(b, "identifier-field-ids"));
}

/* ---- the head: checked and completed (the table spec's required fields) ---- */

static int head_bad(struct srv_error *err, const char *prefix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int head_bad(struct srv_error *err, const char *prefix, const char *fmt, ...)
{
    char why[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    return srv_error_set(err, CAT_EINVAL, "%s%s", prefix, why);
}

/* An array member KEY of H, created empty when missing; NULL when present but not an array. */
static json_t *array_member(json_t *h, const char *key)
{
    json_t *a = json_object_get(h, key);
    if (a == NULL || json_is_null(a)) {
        a = json_array();
        json_object_set_new(h, key, a);
    }
    return json_is_array(a) ? a : NULL;
}

/* Format version FV's shape: v1 also writes "schema" and "partition-spec" (the current ones),
** v1 has no last-sequence-number, v3 has next-row-id. */
static void head_version_shape(json_t *h, int fv)
{
    if (fv == 1) {
        long i =
            find_by(json_object_get(h, "schemas"), "schema-id", jint_or(h, "current-schema-id", 0));
        long j = find_by(json_object_get(h, "partition-specs"), "spec-id",
                         jint_or(h, "default-spec-id", 0));
        if (i >= 0)
            json_object_set(h, "schema", json_array_get(json_object_get(h, "schemas"), (size_t)i));
        if (j >= 0)
            json_object_set(
                h, "partition-spec",
                json_object_get(json_array_get(json_object_get(h, "partition-specs"), (size_t)j),
                                "fields"));
        json_object_del(h, "last-sequence-number");
    } else {
        json_object_del(h, "schema");
        json_object_del(h, "partition-spec");
        if (!json_is_integer(json_object_get(h, "last-sequence-number")))
            set_int(h, "last-sequence-number", 0);
    }
    if (fv >= 3 && !json_is_integer(json_object_get(h, "next-row-id")))
        set_int(h, "next-row-id", 0);
}

/* Check head H (TableMetadata without snapshots and snapshot-log) and complete what the spec
** lets older writers leave out (v1's schema / partition-spec forms, absent lists, a null
** current-snapshot-id).  DEEP: check every schema's types and every spec and order field too
** (a file from outside; a commit's own result needs only the shallow check).  Errors are
** CAT_EINVAL, PREFIX first. */
static int head_check(json_t *h, int deep, const char *prefix, struct srv_error *err)
{
    long long fv, v, cur;
    json_t *a, *x, *refs;
    const char *key;
    size_t i;

    if (!json_is_object(h))
        return head_bad(err, prefix, "table metadata must be an object");
    if (!jint(h, "format-version", &fv) || fv < 1 || fv > MAX_FORMAT_VERSION)
        return head_bad(err, prefix, "format-version must be 1, 2 or 3");
    if (jstr(h, "table-uuid") == NULL || jstr(h, "table-uuid")[0] == '\0')
        return head_bad(err, prefix, "table-uuid is missing");
    if (jstr(h, "location") == NULL)
        return head_bad(err, prefix, "location is missing");
    if (!jint(h, "last-updated-ms", &v))
        return head_bad(err, prefix, "last-updated-ms is missing");
    if (!jint(h, "last-column-id", &v))
        return head_bad(err, prefix, "last-column-id is missing");
    if (v < 0 || v > MAX_ID)
        return head_bad(err, prefix, "last-column-id %lld is out of range", v);

    /* schemas (v1: "schema") */
    if (json_object_get(h, "schemas") == NULL && json_is_object(json_object_get(h, "schema"))) {
        json_t *s = json_deep_copy(json_object_get(h, "schema"));
        if (!json_is_integer(json_object_get(s, "schema-id")))
            set_int(s, "schema-id", 0);
        set_int(h, "current-schema-id", json_integer_value(json_object_get(s, "schema-id")));
        json_object_set_new(h, "schemas", json_pack("[o]", s));
    }
    a = json_object_get(h, "schemas");
    if (!json_is_array(a) || json_array_size(a) == 0)
        return head_bad(err, prefix, "schemas is missing or empty");
    json_array_foreach(a, i, x) {
        if (!jint(x, "schema-id", &v) || !json_is_array(json_object_get(x, "fields")))
            return head_bad(err, prefix, "schema %zu has no schema-id or fields", i);
        if (v < 0 || v > MAX_ID)
            return head_bad(err, prefix, "schema id %lld is out of range", v);
        if (find_by(a, "schema-id", v) != (long)i)
            return head_bad(err, prefix, "schema id %lld is used twice", v);
        if (deep) {
            struct walk w;
            int rc = walk_schema(&w, x, (int)fv);
            free(w.ids.v);
            if (rc != 0)
                return head_bad(err, prefix, "schema %lld: %s", v, w.why);
        }
    }
    if (!jint(h, "current-schema-id", &v) || find_by(a, "schema-id", v) < 0)
        return head_bad(err, prefix, "current-schema-id names no schema");

    /* partition specs (v1: "partition-spec") */
    if (json_object_get(h, "partition-specs") == NULL &&
        json_is_array(json_object_get(h, "partition-spec"))) {
        json_object_set_new(
            h, "partition-specs",
            json_pack("[{s:i,s:O}]", "spec-id", 0, "fields", json_object_get(h, "partition-spec")));
        set_int(h, "default-spec-id", 0);
    }
    a = json_object_get(h, "partition-specs");
    if (!json_is_array(a) || json_array_size(a) == 0)
        return head_bad(err, prefix, "partition-specs is missing or empty");
    {
        long long high = PARTITION_DATA_ID_START - 1;
        json_array_foreach(a, i, x) {
            size_t k;
            json_t *f;
            if (!jint(x, "spec-id", &v) || !json_is_array(json_object_get(x, "fields")))
                return head_bad(err, prefix, "partition spec %zu has no spec-id or fields", i);
            if (v < 0 || v > MAX_ID)
                return head_bad(err, prefix, "partition spec id %lld is out of range", v);
            if (find_by(a, "spec-id", v) != (long)i)
                return head_bad(err, prefix, "partition spec id %lld is used twice", v);
            json_array_foreach(json_object_get(x, "fields"), k, f) {
                long long fid;
                if (deep && (!json_is_integer(json_object_get(f, "source-id")) ||
                             jstr(f, "transform") == NULL || jstr(f, "name") == NULL))
                    return head_bad(err, prefix,
                                    "partition spec %lld: a field needs source-id, transform "
                                    "and name",
                                    v);
                if (jint(f, "field-id", &fid) && (fid < 0 || fid > MAX_ID))
                    return head_bad(err, prefix, "partition field id %lld is out of range", fid);
                if (jint(f, "field-id", &fid) && fid > high)
                    high = fid;
            }
        }
        if (!json_is_integer(json_object_get(h, "last-partition-id")))
            set_int(h, "last-partition-id", high);
        v = jint_or(h, "last-partition-id", 0);
        if (v < 0 || v > MAX_ID)
            return head_bad(err, prefix, "last-partition-id %lld is out of range", v);
    }
    if (!jint(h, "default-spec-id", &v) || find_by(a, "spec-id", v) < 0)
        return head_bad(err, prefix, "default-spec-id names no partition spec");

    /* sort orders (optional in v1: unsorted) */
    if (json_object_get(h, "sort-orders") == NULL && fv == 1) {
        json_object_set_new(h, "sort-orders", json_pack("[{s:i,s:[]}]", "order-id", 0, "fields"));
        set_int(h, "default-sort-order-id", 0);
    }
    a = json_object_get(h, "sort-orders");
    if (!json_is_array(a) || json_array_size(a) == 0)
        return head_bad(err, prefix, "sort-orders is missing or empty");
    json_array_foreach(a, i, x) {
        if (!jint(x, "order-id", &v) || !json_is_array(json_object_get(x, "fields")))
            return head_bad(err, prefix, "sort order %zu has no order-id or fields", i);
        if (v < 0 || v > MAX_ID)
            return head_bad(err, prefix, "sort order id %lld is out of range", v);
        if (find_by(a, "order-id", v) != (long)i)
            return head_bad(err, prefix, "sort order id %lld is used twice", v);
    }
    if (!jint(h, "default-sort-order-id", &v) || find_by(a, "order-id", v) < 0)
        return head_bad(err, prefix, "default-sort-order-id names no sort order");

    /* properties */
    x = json_object_get(h, "properties");
    if (x == NULL || json_is_null(x)) {
        x = json_object();
        json_object_set_new(h, "properties", x);
    }
    if (!json_is_object(x))
        return head_bad(err, prefix, "properties must be an object");
    {
        json_t *pv;
        json_object_foreach(x, key, pv) {
            if (!json_is_string(pv))
                return head_bad(err, prefix, "property %s must be a string", key);
        }
    }

    /* current snapshot and refs */
    x = json_object_get(h, "current-snapshot-id");
    if (x == NULL || json_is_null(x))
        set_int(h, "current-snapshot-id", -1);
    else if (!json_is_integer(x))
        return head_bad(err, prefix, "current-snapshot-id must be an integer");
    cur = jint_or(h, "current-snapshot-id", -1);
    if (cur < 0 && cur != -1)
        return head_bad(err, prefix, "current-snapshot-id must be -1 or a snapshot id");
    refs = json_object_get(h, "refs");
    if (refs == NULL || json_is_null(refs)) {
        refs = json_object();
        json_object_set_new(h, "refs", refs);
        if (cur != -1)
            json_object_set_new(
                refs, "main",
                json_pack("{s:I,s:s}", "snapshot-id", (json_int_t)cur, "type", "branch"));
    }
    if (!json_is_object(refs))
        return head_bad(err, prefix, "refs must be an object");
    json_object_foreach(refs, key, x) {
        const char *type = jstr(x, "type");
        if (!jint(x, "snapshot-id", &v) || type == NULL ||
            (strcmp(type, "branch") != 0 && strcmp(type, "tag") != 0))
            return head_bad(err, prefix, "ref %s needs a snapshot-id and a type branch or tag",
                            key);
    }
    x = json_object_get(refs, "main");
    if (x != NULL && jint_or(x, "snapshot-id", -1) != cur)
        return head_bad(err, prefix, "current-snapshot-id %lld is not branch main's %lld", cur,
                        jint_or(x, "snapshot-id", -1));

    /* logs and statistics */
    if ((a = array_member(h, "metadata-log")) == NULL)
        return head_bad(err, prefix, "metadata-log must be an array");
    json_array_foreach(a, i, x) {
        if (!jint(x, "timestamp-ms", &v) || jstr(x, "metadata-file") == NULL)
            return head_bad(err, prefix,
                            "metadata-log entry %zu needs timestamp-ms and metadata-file", i);
    }
    if ((a = array_member(h, "statistics")) == NULL)
        return head_bad(err, prefix, "statistics must be an array");
    json_array_foreach(a, i, x) {
        if (!jint(x, "snapshot-id", &v) || jstr(x, "statistics-path") == NULL)
            return head_bad(err, prefix, "statistics %zu needs snapshot-id and statistics-path", i);
    }
    if ((a = array_member(h, "partition-statistics")) == NULL)
        return head_bad(err, prefix, "partition-statistics must be an array");
    json_array_foreach(a, i, x) {
        if (!jint(x, "snapshot-id", &v) || jstr(x, "statistics-path") == NULL)
            return head_bad(err, prefix,
                            "partition-statistics %zu needs snapshot-id and statistics-path", i);
    }
    x = json_object_get(h, "encryption-keys");
    if (x != NULL && !json_is_array(x))
        return head_bad(err, prefix, "encryption-keys must be an array");
    json_array_foreach(x, i, a) {
        if (jstr(a, "key-id") == NULL)
            return head_bad(err, prefix, "encryption key %zu needs a key-id", i);
    }
    if (json_object_get(h, "last-sequence-number") != NULL &&
        !json_is_integer(json_object_get(h, "last-sequence-number")))
        return head_bad(err, prefix, "last-sequence-number must be an integer");
    if (json_object_get(h, "next-row-id") != NULL &&
        !json_is_integer(json_object_get(h, "next-row-id")))
        return head_bad(err, prefix, "next-row-id must be an integer");
    head_version_shape(h, (int)fv);
    return CAT_OK;
}

/* ---- whole metadata: member order as Java's TableMetadataParser writes it ---- */

static const char *const member_order[] = {"format-version",
                                           "table-uuid",
                                           "location",
                                           "last-sequence-number",
                                           "last-updated-ms",
                                           "last-column-id",
                                           "schema",
                                           "current-schema-id",
                                           "schemas",
                                           "partition-spec",
                                           "default-spec-id",
                                           "partition-specs",
                                           "last-partition-id",
                                           "default-sort-order-id",
                                           "sort-orders",
                                           "properties",
                                           "current-snapshot-id",
                                           "refs",
                                           "snapshots",
                                           "statistics",
                                           "partition-statistics",
                                           "snapshot-log",
                                           "metadata-log",
                                           "next-row-id",
                                           "encryption-keys"};

/* A new object with the members of H in member_order (then any others), sharing their values. */
static json_t *ordered(const json_t *h)
{
    json_t *out = json_object(), *v;
    const char *key;
    size_t i;
    if (out == NULL)
        return NULL;
    for (i = 0; i < sizeof(member_order) / sizeof(member_order[0]); i++)
        if ((v = json_object_get(h, member_order[i])) != NULL)
            json_object_set(out, member_order[i], v);
    json_object_foreach((json_t *)h, key, v) {
        if (json_object_get(out, key) == NULL)
            json_object_set(out, key, v);
    }
    return out;
}

json_t *ice_assemble(const json_t *head, const json_t *snapshots, const json_t *log)
{
    json_t *tmp = json_copy((json_t *)head), *out;
    if (tmp == NULL)
        return NULL;
    json_object_set(tmp, "snapshots", (json_t *)snapshots);
    json_object_set(tmp, "snapshot-log", (json_t *)log);
    out = ordered(tmp);
    json_decref(tmp);
    return out;
}

int ice_split(const json_t *meta, json_t **head, json_t **snapshots, json_t **log,
              struct srv_error *err)
{
    static const char prefix[] = "not Iceberg table metadata: ";
    json_t *h, *snaps, *lg, *x, *refs;
    struct ids ids = {NULL, 0, 0};
    long long dup, v;
    const char *key;
    size_t i;
    int rc;

    *head = *snapshots = *log = NULL;
    if (!json_is_object(meta))
        return head_bad(err, prefix, "table metadata must be an object");
    snaps = json_object_get(meta, "snapshots");
    lg = json_object_get(meta, "snapshot-log");
    if (snaps != NULL && !json_is_null(snaps) && !json_is_array(snaps))
        return head_bad(err, prefix, "snapshots must be an array");
    if (lg != NULL && !json_is_null(lg) && !json_is_array(lg))
        return head_bad(err, prefix, "snapshot-log must be an array");
    json_array_foreach(snaps, i, x) {
        if (!jint(x, "snapshot-id", &v) || !jint(x, "timestamp-ms", &v)) {
            free(ids.v);
            return head_bad(err, prefix, "snapshot %zu needs snapshot-id and timestamp-ms", i);
        }
        ids_add(&ids, jint_or(x, "snapshot-id", 0));
    }
    if (ids_sort_dup(&ids, &dup)) {
        free(ids.v);
        return head_bad(err, prefix, "snapshot id %lld is used twice", dup);
    }
    json_array_foreach(lg, i, x) {
        if (!jint(x, "snapshot-id", &v) || !jint(x, "timestamp-ms", &v)) {
            free(ids.v);
            return head_bad(err, prefix,
                            "snapshot-log entry %zu needs snapshot-id and "
                            "timestamp-ms",
                            i);
        }
    }
    h = json_deep_copy(meta);
    if (h == NULL) {
        free(ids.v);
        return srv_error_set(err, CAT_ENOMEM, "Out of memory.");
    }
    json_object_del(h, "snapshots");
    json_object_del(h, "snapshot-log");
    rc = head_check(h, 1, prefix, err);
    if (rc == CAT_OK) {
        refs = json_object_get(h, "refs");
        json_object_foreach(refs, key, x) {
            v = jint_or(x, "snapshot-id", -1);
            if (!ids_sorted_has(&ids, v)) {
                rc = head_bad(err, prefix, "ref %s names snapshot %lld, which is not in snapshots",
                              key, v);
                break;
            }
        }
    }
    if (rc == CAT_OK) {
        v = jint_or(h, "current-snapshot-id", -1);
        if (v != -1 && !ids_sorted_has(&ids, v))
            rc = head_bad(err, prefix, "current-snapshot-id %lld is not in snapshots", v);
    }
    free(ids.v);
    if (rc != CAT_OK) {
        json_decref(h);
        return rc;
    }
    *head = ordered(h);
    json_decref(h);
    *snapshots = json_is_array(snaps) ? json_deep_copy(snaps) : json_array();
    *log = json_is_array(lg) ? json_deep_copy(lg) : json_array();
    if (*head == NULL || *snapshots == NULL || *log == NULL) {
        json_decref(*head);
        json_decref(*snapshots);
        json_decref(*log);
        *head = *snapshots = *log = NULL;
        return srv_error_set(err, CAT_ENOMEM, "Out of memory.");
    }
    return CAT_OK;
}

json_t *ice_ref_snapshot_ids(const json_t *head)
{
    json_t *out = json_array(), *ref;
    const char *key;
    long long cur = jint_or(head, "current-snapshot-id", -1);
    if (out == NULL)
        return NULL;
    json_object_foreach(json_object_get(head, "refs"), key, ref) {
        long long id;
        if (jint(ref, "snapshot-id", &id) && !arr_has_id(out, id))
            json_array_append_new(out, json_integer(id));
    }
    if (cur != -1 && !arr_has_id(out, cur))
        json_array_append_new(out, json_integer(cur));
    return out;
}

void ice_metadata_file_name(char *buf, size_t size, long long version, const char *uuid)
{
    snprintf(buf, size, "%05lld-%s.metadata.json", version, uuid);
}

void ice_delta_release(struct ice_delta *d)
{
    if (d == NULL)
        return;
    json_decref(d->head);
    json_decref(d->added);
    json_decref(d->removed);
    json_decref(d->log);
    memset(d, 0, sizeof(*d));
}

/* ---- a commit ---- */

struct ctx {
    json_t *h;                         /* the head being changed */
    const struct ice_snapshots *snaps; /* the base's snapshots */
    struct srv_error *err;
    int64_t now;
    int have_ts;       /* Java's lastUpdatedMillis: the added snapshot's time, or now once a */
    int64_t ts;        /* branch main moves to an older snapshot */
    json_t *added;     /* snapshots added, in order */
    json_t *removed;   /* ids of base snapshots removed */
    json_t *gone;      /* ids of every snapshot removed (base or added in this commit) */
    json_t *log;       /* snapshot-log entries appended */
    json_t *main_sets; /* ids of added snapshots branch main was set to (intermediate ones) */
    int have_schema, have_spec, have_order; /* something was added (for -1) */
    long long last_schema, last_spec, last_order;
    size_t idx;         /* the update being applied */
    const char *action; /* and its action */
};

static int fail(struct ctx *c, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct ctx *c, int code, const char *fmt, ...)
{
    char why[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    return srv_error_set(c->err, code, "update %zu (%s): %s", c->idx, c->action, why);
}

static int fv_of(const struct ctx *c)
{
    return (int)jint_or(c->h, "format-version", DEFAULT_FORMAT_VERSION);
}

/* *OUT = snapshot ID as the commit sees it (added, removed, or the base's), a new reference or
** NULL. */
static int snap_find(struct ctx *c, long long id, json_t **out)
{
    long i = find_by(c->added, "snapshot-id", id);
    *out = NULL;
    if (i >= 0) {
        *out = json_incref(json_array_get(c->added, (size_t)i));
        return CAT_OK;
    }
    if (arr_has_id(c->gone, id) || c->snaps == NULL || c->snaps->get == NULL)
        return CAT_OK;
    return c->snaps->get(c->snaps->arg, id, out, c->err);
}

static int up_assign_uuid(struct ctx *c, const json_t *u)
{
    const char *uuid = jstr(u, "uuid"), *cur = jstr(c->h, "table-uuid");
    if (uuid[0] == '\0')
        return fail(c, CAT_EINVAL, "uuid must not be empty");
    if (cur != NULL && strcasecmp(cur, uuid) == 0)
        return CAT_OK;
    if (cur != NULL)
        return fail(c, CAT_EINVAL, "cannot change the table's uuid %s to %s", cur, uuid);
    json_object_set_new(c->h, "table-uuid", json_string(uuid));
    return CAT_OK;
}

static int up_format_version(struct ctx *c, const json_t *u)
{
    long long v = jint_or(u, "format-version", 0);
    int cur = fv_of(c);
    if (v < 1 || v > MAX_FORMAT_VERSION)
        return fail(c, CAT_EINVAL, "format version %lld is not supported (1 to %d)", v,
                    MAX_FORMAT_VERSION);
    if (v < cur)
        return fail(c, CAT_EINVAL, "cannot downgrade a v%d table to v%lld", cur, v);
    if (v == cur)
        return CAT_OK;
    set_int(c->h, "format-version", v);
    head_version_shape(c->h, (int)v);
    return CAT_OK;
}

static int up_add_schema(struct ctx *c, const json_t *u)
{
    const json_t *schema = json_object_get(u, "schema");
    json_t *schemas = json_object_get(c->h, "schemas"), *s, *copy;
    struct walk w;
    long long new_id = jint_or(c->h, "current-schema-id", 0), last, found = -1, sid;
    size_t i;

    if (walk_schema(&w, schema, fv_of(c)) != 0) {
        free(w.ids.v);
        return fail(c, CAT_EINVAL, "%s", w.why);
    }
    free(w.ids.v);
    last = jint_or(c->h, "last-column-id", 0);
    if (w.high > last)
        last = w.high;
    /* reuse the id of an identical schema, else one more than the highest (Java's rule) */
    json_array_foreach(schemas, i, s) {
        sid = jint_or(s, "schema-id", 0);
        if (same_schema(s, schema)) {
            found = sid;
            break;
        }
        if (sid >= new_id)
            new_id = sid + 1;
    }
    set_int(c->h, "last-column-id", last);
    c->have_schema = 1;
    if (found >= 0) {
        c->last_schema = found;
        return CAT_OK;
    }
    copy = json_deep_copy(schema);
    if (copy == NULL)
        return srv_error_set(c->err, CAT_ENOMEM, "Out of memory.");
    json_object_set_new(copy, "type", json_string("struct"));
    set_int(copy, "schema-id", new_id);
    json_object_del(copy, "last-column-id");
    json_array_append_new(schemas, copy);
    c->last_schema = new_id;
    return CAT_OK;
}

/* -1 as "the last added": *ID replaced, or an error. */
static int last_added(struct ctx *c, long long *id, int have, long long last, const char *what)
{
    if (*id != -1)
        return CAT_OK;
    if (!have)
        return fail(c, CAT_EINVAL, "cannot set the last added %s: no %s has been added", what,
                    what);
    *id = last;
    return CAT_OK;
}

static int up_set_current_schema(struct ctx *c, const json_t *u)
{
    long long id = jint_or(u, "schema-id", 0);
    int rc = last_added(c, &id, c->have_schema, c->last_schema, "schema");
    if (rc != CAT_OK)
        return rc;
    if (find_by(json_object_get(c->h, "schemas"), "schema-id", id) < 0)
        return fail(c, CAT_EINVAL, "cannot set the current schema to unknown schema %lld", id);
    set_int(c->h, "current-schema-id", id);
    return CAT_OK;
}

/* Java's PartitionSpec.compatibleWith: the same fields (source, transform, name) in order. */
static int spec_compatible(const json_t *a, const json_t *b)
{
    const json_t *fa = json_object_get(a, "fields"), *fb = json_object_get(b, "fields");
    size_t i;
    if (json_array_size(fa) != json_array_size(fb))
        return 0;
    for (i = 0; i < json_array_size(fa); i++) {
        const json_t *x = json_array_get(fa, i), *y = json_array_get(fb, i);
        if (!json_equal(json_object_get(x, "source-id"), json_object_get(y, "source-id")) ||
            !json_equal(json_object_get(x, "transform"), json_object_get(y, "transform")) ||
            !json_equal(json_object_get(x, "name"), json_object_get(y, "name")))
            return 0;
    }
    return 1;
}

static int up_add_spec(struct ctx *c, const json_t *u)
{
    const json_t *spec = json_object_get(u, "spec"), *fields = json_object_get(spec, "fields");
    json_t *specs = json_object_get(c->h, "partition-specs"), *s, *f, *nf, *nspec;
    long long new_id = 0, found = -1, sid, last, next, high;
    int fv = fv_of(c);
    struct ids src;
    size_t i, j;

    if (!json_is_array(fields))
        return fail(c, CAT_EINVAL, "spec.fields must be an array");
    schema_ids(c->h, jint_or(c->h, "current-schema-id", 0), &src);
    json_array_foreach(fields, i, f) {
        long long id, fid = 0;
        const char *tr = jstr(f, "transform"), *name = jstr(f, "name");
        if (!jint(f, "source-id", &id) || tr == NULL || name == NULL) {
            free(src.v);
            return fail(c, CAT_EINVAL, "partition field %zu needs source-id, transform and name",
                        i);
        }
        if (strcmp(tr, "void") != 0 && !ids_sorted_has(&src, id)) {
            free(src.v);
            return fail(c, CAT_EINVAL,
                        "partition field %s: source id %lld is not in the current schema", name,
                        id);
        }
        if (json_object_get(f, "field-id") != NULL &&
            (!jint(f, "field-id", &fid) || fid < PARTITION_DATA_ID_START || fid > MAX_ID)) {
            free(src.v);
            return fail(c, CAT_EINVAL, "partition field %s: field-id must be %d to %lld", name,
                        PARTITION_DATA_ID_START, MAX_ID);
        }
        if (fv == 1 && json_object_get(f, "field-id") != NULL &&
            fid != PARTITION_DATA_ID_START + (long long)i) {
            free(src.v);
            return fail(c, CAT_EINVAL, "a v1 spec must use sequential field ids from %d",
                        PARTITION_DATA_ID_START);
        }
        for (j = 0; j < i; j++)
            if (strcmp(jstr(json_array_get(fields, j), "name"), name) == 0) {
                free(src.v);
                return fail(c, CAT_EINVAL, "partition field name %s repeats", name);
            }
    }
    free(src.v);
    json_array_foreach(specs, i, s) {
        sid = jint_or(s, "spec-id", 0);
        if (spec_compatible(s, spec)) {
            found = sid;
            break;
        }
        if (new_id <= sid)
            new_id = sid + 1;
    }
    c->have_spec = 1;
    if (found >= 0) {
        c->last_spec = found;
        return CAT_OK;
    }
    last = jint_or(c->h, "last-partition-id", PARTITION_DATA_ID_START - 1);
    if (last < PARTITION_DATA_ID_START - 1)
        last = PARTITION_DATA_ID_START - 1;
    /* the ids given are kept; missing ones are new: v1 sequential, else after every id used */
    next = last;
    json_array_foreach(fields, i, f) {
        long long fid;
        if (jint(f, "field-id", &fid) && fid > next)
            next = fid;
    }
    high = PARTITION_DATA_ID_START - 1;
    nspec = json_pack("{s:I,s:[]}", "spec-id", (json_int_t)new_id, "fields");
    json_array_foreach(fields, i, f) {
        long long fid;
        if (!jint(f, "field-id", &fid))
            fid = fv == 1 ? PARTITION_DATA_ID_START + (long long)i : ++next;
        if (fid > MAX_ID) {
            json_decref(nspec);
            return fail(c, CAT_EINVAL, "no partition field id is left");
        }
        nf = json_pack("{s:O,s:O,s:O,s:I}", "name", json_object_get(f, "name"), "transform",
                       json_object_get(f, "transform"), "source-id",
                       json_object_get(f, "source-id"), "field-id", (json_int_t)fid);
        json_array_append_new(json_object_get(nspec, "fields"), nf);
        if (fid > high)
            high = fid;
    }
    json_array_append_new(specs, nspec);
    set_int(c->h, "last-partition-id", high > last ? high : last);
    c->last_spec = new_id;
    return CAT_OK;
}

static int up_set_default_spec(struct ctx *c, const json_t *u)
{
    long long id = jint_or(u, "spec-id", 0);
    int rc = last_added(c, &id, c->have_spec, c->last_spec, "spec");
    if (rc != CAT_OK)
        return rc;
    if (find_by(json_object_get(c->h, "partition-specs"), "spec-id", id) < 0)
        return fail(c, CAT_EINVAL, "cannot set the default spec to unknown spec %lld", id);
    set_int(c->h, "default-spec-id", id);
    return CAT_OK;
}

static int up_add_sort_order(struct ctx *c, const json_t *u)
{
    const json_t *order = json_object_get(u, "sort-order"),
                 *fields = json_object_get(order, "fields");
    json_t *orders = json_object_get(c->h, "sort-orders"), *o, *f, *nf, *norder;
    long long new_id = INITIAL_SORT_ORDER_ID, found = -1, oid;
    struct ids src;
    size_t i;

    if (!json_is_array(fields))
        return fail(c, CAT_EINVAL, "sort-order.fields must be an array");
    schema_ids(c->h, jint_or(c->h, "current-schema-id", 0), &src);
    json_array_foreach(fields, i, f) {
        long long id;
        const char *dir = jstr(f, "direction"), *nulls = jstr(f, "null-order");
        if (!jint(f, "source-id", &id) || jstr(f, "transform") == NULL || dir == NULL ||
            nulls == NULL) {
            free(src.v);
            return fail(c, CAT_EINVAL,
                        "sort field %zu needs source-id, transform, direction and null-order", i);
        }
        if ((strcmp(dir, "asc") != 0 && strcmp(dir, "desc") != 0) ||
            (strcmp(nulls, "nulls-first") != 0 && strcmp(nulls, "nulls-last") != 0)) {
            free(src.v);
            return fail(c, CAT_EINVAL,
                        "sort field %zu: direction must be asc or desc and null-order "
                        "nulls-first or nulls-last",
                        i);
        }
        if (!ids_sorted_has(&src, id)) {
            free(src.v);
            return fail(c, CAT_EINVAL,
                        "sort field %zu: source id %lld is not in the current "
                        "schema",
                        i, id);
        }
    }
    free(src.v);
    if (json_array_size(fields) == 0) {
        new_id = 0; /* unsorted */
        if (find_by(orders, "order-id", 0) >= 0)
            found = 0;
    } else {
        json_array_foreach(orders, i, o) {
            oid = jint_or(o, "order-id", 0);
            if (json_equal(json_object_get(o, "fields"), (json_t *)fields)) {
                found = oid;
                break;
            }
            if (new_id <= oid)
                new_id = oid + 1;
        }
    }
    c->have_order = 1;
    if (found >= 0) {
        c->last_order = found;
        return CAT_OK;
    }
    norder = json_pack("{s:I,s:[]}", "order-id", (json_int_t)new_id, "fields");
    json_array_foreach(fields, i, f) {
        nf = json_pack("{s:O,s:O,s:O,s:O}", "transform", json_object_get(f, "transform"),
                       "source-id", json_object_get(f, "source-id"), "direction",
                       json_object_get(f, "direction"), "null-order",
                       json_object_get(f, "null-order"));
        json_array_append_new(json_object_get(norder, "fields"), nf);
    }
    json_array_append_new(orders, norder);
    c->last_order = new_id;
    return CAT_OK;
}

static int up_set_default_sort_order(struct ctx *c, const json_t *u)
{
    long long id = jint_or(u, "sort-order-id", 0);
    int rc = last_added(c, &id, c->have_order, c->last_order, "sort order");
    if (rc != CAT_OK)
        return rc;
    if (find_by(json_object_get(c->h, "sort-orders"), "order-id", id) < 0)
        return fail(c, CAT_EINVAL, "cannot set the default sort order to unknown order %lld", id);
    set_int(c->h, "default-sort-order-id", id);
    return CAT_OK;
}

/* The optional integer members of a snapshot. */
static const char *const snapshot_ints[] = {"parent-snapshot-id", "sequence-number", "schema-id",
                                            "first-row-id", "added-rows"};

static int up_add_snapshot(struct ctx *c, const json_t *u)
{
    const json_t *snap = json_object_get(u, "snapshot");
    json_t *existing, *x;
    long long id, ts, seq, last_seq;
    int fv = fv_of(c), rc;
    size_t i;

    if (!jint(snap, "snapshot-id", &id) || !jint(snap, "timestamp-ms", &ts))
        return fail(c, CAT_EINVAL, "snapshot needs snapshot-id and timestamp-ms");
    for (i = 0; i < sizeof(snapshot_ints) / sizeof(snapshot_ints[0]); i++) {
        x = json_object_get(snap, snapshot_ints[i]);
        if (x != NULL && !json_is_null(x) && !json_is_integer(x))
            return fail(c, CAT_EINVAL, "snapshot.%s must be an integer", snapshot_ints[i]);
    }
    if (jstr(snap, "manifest-list") == NULL && !json_is_array(json_object_get(snap, "manifests")))
        return fail(c, CAT_EINVAL, "snapshot needs a manifest-list");
    x = json_object_get(snap, "summary");
    if (x != NULL && (!json_is_object(x) || jstr(x, "operation") == NULL))
        return fail(c, CAT_EINVAL, "snapshot.summary must be an object with an operation");
    if (json_array_size(json_object_get(c->h, "schemas")) == 0)
        return fail(c, CAT_EINVAL, "a snapshot cannot be added before a schema");
    if (json_array_size(json_object_get(c->h, "partition-specs")) == 0)
        return fail(c, CAT_EINVAL, "a snapshot cannot be added before a partition spec");
    if (json_array_size(json_object_get(c->h, "sort-orders")) == 0)
        return fail(c, CAT_EINVAL, "a snapshot cannot be added before a sort order");
    if ((rc = snap_find(c, id, &existing)) != CAT_OK)
        return rc;
    if (existing != NULL) {
        json_decref(existing);
        return fail(c, CAT_EINVAL, "snapshot %lld already exists", id);
    }
    seq = jint_or(snap, "sequence-number", 0);
    last_seq = jint_or(c->h, "last-sequence-number", 0);
    if (fv > 1 && seq <= last_seq && json_is_integer(json_object_get(snap, "parent-snapshot-id")))
        return fail(c, CAT_ECONCURRENT,
                    "sequence number %lld of snapshot %lld is not after the table's last "
                    "sequence number %lld",
                    seq, id, last_seq);
    if (fv >= 3) {
        long long first, added, next = jint_or(c->h, "next-row-id", 0);
        if (!jint(snap, "first-row-id", &first))
            return fail(c, CAT_EINVAL, "a v3 snapshot needs first-row-id");
        if (!jint(snap, "added-rows", &added) || added < 0)
            return fail(c, CAT_EINVAL, "a v3 snapshot needs added-rows (0 or more)");
        if (first > INT64_MAX - added)
            return fail(c, CAT_EINVAL, "first-row-id %lld + added-rows %lld is out of range", first,
                        added);
        if (first < next)
            return fail(c, CAT_ECONCURRENT,
                        "first-row-id %lld of snapshot %lld is behind the table's next-row-id "
                        "%lld",
                        first, id, next);
        /* first + added: Java adds ADDED to NEXT, the same when FIRST is NEXT, and never
        ** leaves next-row-id at or below a row id the snapshot assigned */
        set_int(c->h, "next-row-id", first + added);
    }
    if (fv > 1 && seq > last_seq)
        set_int(c->h, "last-sequence-number", seq);
    json_array_append_new(c->added, json_deep_copy(snap));
    c->have_ts = 1;
    c->ts = ts;
    return CAT_OK;
}

/* The ref of set-snapshot-ref update U, as it is stored. */
static json_t *ref_of(const json_t *u)
{
    static const char *const keep[] = {"max-ref-age-ms", "max-snapshot-age-ms",
                                       "min-snapshots-to-keep"};
    json_t *ref = json_pack("{s:O,s:O}", "snapshot-id", json_object_get(u, "snapshot-id"), "type",
                            json_object_get(u, "type"));
    size_t i;
    for (i = 0; ref != NULL && i < sizeof(keep) / sizeof(keep[0]); i++) {
        json_t *v = json_object_get(u, keep[i]);
        if (json_is_integer(v))
            json_object_set(ref, keep[i], v);
    }
    return ref;
}

static int up_set_snapshot_ref(struct ctx *c, const json_t *u)
{
    const char *name = jstr(u, "ref-name"), *type = jstr(u, "type");
    long long id = jint_or(u, "snapshot-id", 0);
    json_t *refs = json_object_get(c->h, "refs"), *ref, *snap;
    int rc, added;
    static const char *const retention[] = {"max-ref-age-ms", "max-snapshot-age-ms",
                                            "min-snapshots-to-keep"};
    size_t i;

    if (strcmp(type, "branch") != 0 && strcmp(type, "tag") != 0)
        return fail(c, CAT_EINVAL, "type must be branch or tag, not %s", type);
    for (i = 0; i < sizeof(retention) / sizeof(retention[0]); i++) {
        json_t *v = json_object_get(u, retention[i]);
        if (v != NULL && !json_is_null(v) && (!json_is_integer(v) || json_integer_value(v) <= 0))
            return fail(c, CAT_EINVAL, "%s must be a positive integer", retention[i]);
    }
    if (strcmp(type, "tag") == 0 && (json_is_integer(json_object_get(u, "min-snapshots-to-keep")) ||
                                     json_is_integer(json_object_get(u, "max-snapshot-age-ms"))))
        return fail(c, CAT_EINVAL, "a tag has no min-snapshots-to-keep or max-snapshot-age-ms");
    if (strcmp(name, "main") == 0 && strcmp(type, "branch") != 0)
        return fail(c, CAT_EINVAL, "main must be a branch");
    ref = ref_of(u);
    if (ref == NULL)
        return srv_error_set(c->err, CAT_ENOMEM, "Out of memory.");
    if (json_equal(json_object_get(refs, name), ref)) {
        json_decref(ref);
        return CAT_OK;
    }
    if ((rc = snap_find(c, id, &snap)) != CAT_OK) {
        json_decref(ref);
        return rc;
    }
    if (snap == NULL) {
        json_decref(ref);
        return fail(c, CAT_EINVAL, "cannot set %s to unknown snapshot %lld", name, id);
    }
    added = find_by(c->added, "snapshot-id", id) >= 0;
    if (added) {
        c->have_ts = 1;
        c->ts = jint_or(snap, "timestamp-ms", c->now);
    }
    json_decref(snap);
    if (strcmp(name, "main") == 0 && jint_or(c->h, "current-snapshot-id", -1) != id) {
        set_int(c->h, "current-snapshot-id", id);
        if (!c->have_ts) {
            c->have_ts = 1;
            c->ts = c->now;
        }
        json_array_append_new(c->log, json_pack("{s:I,s:I}", "timestamp-ms", (json_int_t)c->ts,
                                                "snapshot-id", (json_int_t)id));
        if (added)
            json_array_append_new(c->main_sets, json_integer(id));
    }
    json_object_set_new(refs, name, ref);
    return CAT_OK;
}

static void remove_ref(struct ctx *c, const char *name)
{
    if (strcmp(name, "main") == 0)
        set_int(c->h, "current-snapshot-id", -1);
    json_object_del(json_object_get(c->h, "refs"), name);
}

/* Remove the entries of array member KEY whose snapshot-id is ID. */
static void remove_by_snapshot(json_t *h, const char *key, long long id)
{
    json_t *a = json_object_get(h, key);
    long i;
    while ((i = find_by(a, "snapshot-id", id)) >= 0)
        json_array_remove(a, (size_t)i);
}

static int up_remove_snapshots(struct ctx *c, const json_t *u)
{
    const json_t *ids = json_object_get(u, "snapshot-ids");
    json_t *v, *refs = json_object_get(c->h, "refs"), *snap, *ref;
    const char *key;
    void *tmp;
    size_t i;
    int rc;

    json_array_foreach(ids, i, v) {
        if (!json_is_integer(v))
            return fail(c, CAT_EINVAL, "snapshot-ids must be integers");
    }
    json_array_foreach(ids, i, v) {
        long long id = json_integer_value(v);
        long k = find_by(c->added, "snapshot-id", id);
        if (k >= 0) {
            json_array_remove(c->added, (size_t)k);
        } else {
            if ((rc = snap_find(c, id, &snap)) != CAT_OK)
                return rc;
            if (snap == NULL)
                continue; /* not there: nothing to remove (Java ignores it too) */
            json_decref(snap);
            json_array_append_new(c->removed, json_integer(id));
        }
        json_array_append_new(c->gone, json_integer(id));
        remove_by_snapshot(c->h, "statistics", id);
        remove_by_snapshot(c->h, "partition-statistics", id);
    }
    /* refs left naming no snapshot go too (main: the table has no current snapshot then) */
    json_object_foreach_safe(refs, tmp, key, ref) {
        if (arr_has_id(c->gone, jint_or(ref, "snapshot-id", -1)))
            remove_ref(c, key);
    }
    return CAT_OK;
}

static int up_remove_snapshot_ref(struct ctx *c, const json_t *u)
{
    remove_ref(c, jstr(u, "ref-name"));
    return CAT_OK;
}

static int up_set_location(struct ctx *c, const json_t *u)
{
    json_t *loc = location_value(jstr(u, "location"));
    if (loc == NULL)
        return srv_error_set(c->err, CAT_ENOMEM, "Out of memory.");
    json_object_set_new(c->h, "location", loc);
    return CAT_OK;
}

static int up_set_properties(struct ctx *c, const json_t *u)
{
    const json_t *updates = json_object_get(u, "updates");
    json_t *props = json_object_get(c->h, "properties"), *v;
    const char *key;
    json_object_foreach((json_t *)updates, key, v) {
        if (!json_is_string(v))
            return fail(c, CAT_EINVAL, "property %s must be a string", key);
    }
    json_object_update(props, (json_t *)updates);
    return CAT_OK;
}

static int up_remove_properties(struct ctx *c, const json_t *u)
{
    const json_t *removals = json_object_get(u, "removals");
    json_t *v;
    size_t i;
    json_array_foreach(removals, i, v) {
        if (!json_is_string(v))
            return fail(c, CAT_EINVAL, "removals must be strings");
    }
    json_array_foreach(removals, i, v) {
        json_object_del(json_object_get(c->h, "properties"), json_string_value(v));
    }
    return CAT_OK;
}

/* set-statistics and set-partition-statistics: the file for its snapshot replaces any other. */
static int set_stats(struct ctx *c, const json_t *file, const char *key, int full)
{
    long long id, n;
    json_t *a = json_object_get(c->h, key), *copy;
    long i, k;
    if (!jint(file, "snapshot-id", &id) || jstr(file, "statistics-path") == NULL ||
        !jint(file, "file-size-in-bytes", &n))
        return fail(c, CAT_EINVAL,
                    "the file needs snapshot-id, statistics-path and "
                    "file-size-in-bytes");
    if (full && (!jint(file, "file-footer-size-in-bytes", &n) ||
                 !json_is_array(json_object_get(file, "blob-metadata"))))
        return fail(c, CAT_EINVAL, "statistics need file-footer-size-in-bytes and blob-metadata");
    copy = json_deep_copy(file);
    if (copy == NULL)
        return srv_error_set(c->err, CAT_ENOMEM, "Out of memory.");
    if ((i = find_by(a, "snapshot-id", id)) < 0) {
        json_array_append_new(a, copy);
        return CAT_OK;
    }
    json_array_set_new(a, (size_t)i, copy);
    for (k = (long)json_array_size(a) - 1; k > i; k--) /* one file per snapshot */
        if (jint_or(json_array_get(a, (size_t)k), "snapshot-id", 0) == id)
            json_array_remove(a, (size_t)k);
    return CAT_OK;
}

static int up_set_statistics(struct ctx *c, const json_t *u)
{
    const json_t *file = json_object_get(u, "statistics");
    long long legacy, id;
    if (jint(u, "snapshot-id", &legacy) && jint(file, "snapshot-id", &id) && legacy != id)
        return fail(c, CAT_EINVAL, "snapshot-id %lld is not the statistics' snapshot-id %lld",
                    legacy, id);
    return set_stats(c, file, "statistics", 1);
}

static int up_remove_statistics(struct ctx *c, const json_t *u)
{
    remove_by_snapshot(c->h, "statistics", jint_or(u, "snapshot-id", 0));
    return CAT_OK;
}

static int up_set_partition_statistics(struct ctx *c, const json_t *u)
{
    return set_stats(c, json_object_get(u, "partition-statistics"), "partition-statistics", 0);
}

static int up_remove_partition_statistics(struct ctx *c, const json_t *u)
{
    remove_by_snapshot(c->h, "partition-statistics", jint_or(u, "snapshot-id", 0));
    return CAT_OK;
}

/* remove-partition-specs / remove-schemas: the ids in member IDS of U, out of array LIST
** (keyed by ID_KEY), never the one CURRENT_KEY names. */
static int remove_ids(struct ctx *c, const json_t *u, const char *ids_key, const char *list,
                      const char *id_key, const char *current_key, const char *what)
{
    const json_t *ids = json_object_get(u, ids_key);
    json_t *v, *a = json_object_get(c->h, list);
    long long cur = jint_or(c->h, current_key, 0);
    size_t i;
    json_array_foreach(ids, i, v) {
        if (!json_is_integer(v))
            return fail(c, CAT_EINVAL, "%s must be integers", ids_key);
        if (json_integer_value(v) == cur)
            return fail(c, CAT_EINVAL, "cannot remove the %s %lld", what, cur);
    }
    json_array_foreach(ids, i, v) {
        long k = find_by(a, id_key, json_integer_value(v));
        if (k >= 0)
            json_array_remove(a, (size_t)k);
    }
    return CAT_OK;
}

static int up_remove_partition_specs(struct ctx *c, const json_t *u)
{
    return remove_ids(c, u, "spec-ids", "partition-specs", "spec-id", "default-spec-id",
                      "default partition spec");
}

static int up_remove_schemas(struct ctx *c, const json_t *u)
{
    return remove_ids(c, u, "schema-ids", "schemas", "schema-id", "current-schema-id",
                      "current schema");
}

/* The index of the encryption key KEY_ID, or -1. */
static long find_key(const json_t *keys, const char *key_id)
{
    size_t i;
    json_t *k;
    json_array_foreach(keys, i, k) {
        const char *id = jstr(k, "key-id");
        if (id != NULL && strcmp(id, key_id) == 0)
            return (long)i;
    }
    return -1;
}

static int up_add_encryption_key(struct ctx *c, const json_t *u)
{
    const json_t *key = json_object_get(u, "encryption-key");
    json_t *keys;
    long i;
    if (jstr(key, "key-id") == NULL || jstr(key, "encrypted-key-metadata") == NULL)
        return fail(c, CAT_EINVAL, "the key needs key-id and encrypted-key-metadata");
    if ((keys = array_member(c->h, "encryption-keys")) == NULL)
        return fail(c, CAT_EINVAL, "the table's encryption-keys is not an array");
    if ((i = find_key(keys, jstr(key, "key-id"))) >= 0)
        json_array_set_new(keys, (size_t)i, json_deep_copy(key));
    else
        json_array_append_new(keys, json_deep_copy(key));
    return CAT_OK;
}

static int up_remove_encryption_key(struct ctx *c, const json_t *u)
{
    json_t *keys = json_object_get(c->h, "encryption-keys");
    long i = find_key(keys, jstr(u, "key-id"));
    if (i >= 0)
        json_array_remove(keys, (size_t)i);
    if (keys != NULL && json_array_size(keys) == 0)
        json_object_del(c->h, "encryption-keys");
    return CAT_OK;
}

/* What a member must be. */
enum kind { K_STR, K_INT, K_OBJ, K_ARR, K_INT_OR_NULL };

static int kind_ok(const json_t *v, enum kind k)
{
    switch (k) {
    case K_STR:
        return json_is_string(v);
    case K_INT:
        return json_is_integer(v);
    case K_OBJ:
        return json_is_object(v);
    case K_ARR:
        return json_is_array(v);
    case K_INT_OR_NULL:
        return json_is_integer(v) || json_is_null(v);
    }
    return 0;
}

static const char *kind_name(enum kind k)
{
    switch (k) {
    case K_STR:
        return "a string";
    case K_INT:
        return "an integer";
    case K_OBJ:
        return "an object";
    case K_ARR:
        return "an array";
    case K_INT_OR_NULL:
        return "an integer or null";
    }
    return "?";
}

struct member {
    const char *name;
    enum kind kind;
};

/* Every TableUpdate action of the REST spec: its required members and what it does. */
static const struct update_type {
    const char *action;
    struct member m[3];
    int (*apply)(struct ctx *c, const json_t *u);
} update_types[] = {
    {"assign-uuid", {{"uuid", K_STR}}, up_assign_uuid},
    {"upgrade-format-version", {{"format-version", K_INT}}, up_format_version},
    {"add-schema", {{"schema", K_OBJ}}, up_add_schema},
    {"set-current-schema", {{"schema-id", K_INT}}, up_set_current_schema},
    {"add-spec", {{"spec", K_OBJ}}, up_add_spec},
    {"set-default-spec", {{"spec-id", K_INT}}, up_set_default_spec},
    {"add-sort-order", {{"sort-order", K_OBJ}}, up_add_sort_order},
    {"set-default-sort-order", {{"sort-order-id", K_INT}}, up_set_default_sort_order},
    {"add-snapshot", {{"snapshot", K_OBJ}}, up_add_snapshot},
    {"set-snapshot-ref",
     {{"ref-name", K_STR}, {"snapshot-id", K_INT}, {"type", K_STR}},
     up_set_snapshot_ref},
    {"remove-snapshots", {{"snapshot-ids", K_ARR}}, up_remove_snapshots},
    {"remove-snapshot-ref", {{"ref-name", K_STR}}, up_remove_snapshot_ref},
    {"set-location", {{"location", K_STR}}, up_set_location},
    {"set-properties", {{"updates", K_OBJ}}, up_set_properties},
    {"remove-properties", {{"removals", K_ARR}}, up_remove_properties},
    {"set-statistics", {{"statistics", K_OBJ}}, up_set_statistics},
    {"remove-statistics", {{"snapshot-id", K_INT}}, up_remove_statistics},
    {"set-partition-statistics", {{"partition-statistics", K_OBJ}}, up_set_partition_statistics},
    {"remove-partition-statistics", {{"snapshot-id", K_INT}}, up_remove_partition_statistics},
    {"remove-partition-specs", {{"spec-ids", K_ARR}}, up_remove_partition_specs},
    {"remove-schemas", {{"schema-ids", K_ARR}}, up_remove_schemas},
    {"add-encryption-key", {{"encryption-key", K_OBJ}}, up_add_encryption_key},
    {"remove-encryption-key", {{"key-id", K_STR}}, up_remove_encryption_key},
};

/* ---- requirements ---- */

struct req_ctx {
    const json_t *head;
    const json_t *r;
    size_t idx;
    const char *type;
    struct srv_error *err;
};

static int req_fail(const struct req_ctx *q, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int req_fail(const struct req_ctx *q, const char *fmt, ...)
{
    char why[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    return srv_error_set(q->err, CAT_ECONCURRENT, "requirement %zu (%s): %s", q->idx, q->type, why);
}

static int rq_create(const struct req_ctx *q)
{
    return q->head == NULL ? CAT_OK : req_fail(q, "the table already exists");
}

static int rq_uuid(const struct req_ctx *q)
{
    const char *want = jstr(q->r, "uuid"), *have = jstr(q->head, "table-uuid");
    if (have != NULL && strcasecmp(have, want) == 0)
        return CAT_OK;
    return req_fail(q, "the table's uuid is %s, not %s", have ? have : "(none)", want);
}

static int rq_ref(const struct req_ctx *q)
{
    const char *name = jstr(q->r, "ref");
    const json_t *want = json_object_get(q->r, "snapshot-id");
    const json_t *ref = json_object_get(json_object_get(q->head, "refs"), name);
    const char *type = ref != NULL && jstr(ref, "type") ? jstr(ref, "type") : "branch";
    long long have;
    if (json_is_null(want)) {
        if (ref == NULL)
            return CAT_OK;
        return req_fail(q, "%s %s exists (at %lld), expected none", type, name,
                        jint_or(ref, "snapshot-id", -1));
    }
    if (ref == NULL)
        return req_fail(q, "branch or tag %s does not exist, expected it at %" JSON_INTEGER_FORMAT,
                        name, json_integer_value(want));
    have = jint_or(ref, "snapshot-id", -1);
    if (have == json_integer_value(want))
        return CAT_OK;
    return req_fail(q, "%s %s is at %lld, not %" JSON_INTEGER_FORMAT, type, name, have,
                    json_integer_value(want));
}

/* The requirements that compare one integer member of the head. */
static int rq_int(const struct req_ctx *q, const char *req_key, const char *head_key,
                  const char *what)
{
    long long want = jint_or(q->r, req_key, 0), have;
    if (jint(q->head, head_key, &have) && have == want)
        return CAT_OK;
    if (!jint(q->head, head_key, &have))
        return req_fail(q, "the table has no %s, expected %lld", what, want);
    return req_fail(q, "the %s is %lld, not %lld", what, have, want);
}

static int rq_field_id(const struct req_ctx *q)
{
    return rq_int(q, "last-assigned-field-id", "last-column-id", "last assigned field id");
}

static int rq_schema(const struct req_ctx *q)
{
    return rq_int(q, "current-schema-id", "current-schema-id", "current schema id");
}

static int rq_partition_id(const struct req_ctx *q)
{
    return rq_int(q, "last-assigned-partition-id", "last-partition-id",
                  "last assigned partition id");
}

static int rq_spec(const struct req_ctx *q)
{
    return rq_int(q, "default-spec-id", "default-spec-id", "default spec id");
}

static int rq_order(const struct req_ctx *q)
{
    return rq_int(q, "default-sort-order-id", "default-sort-order-id", "default sort order id");
}

/* Every TableRequirement type of the REST spec. */
static const struct req_type {
    const char *type;
    struct member m[2];
    int (*check)(const struct req_ctx *q);
} req_types[] = {
    {"assert-create", {{NULL, K_STR}}, rq_create},
    {"assert-table-uuid", {{"uuid", K_STR}}, rq_uuid},
    {"assert-ref-snapshot-id", {{"ref", K_STR}, {"snapshot-id", K_INT_OR_NULL}}, rq_ref},
    {"assert-last-assigned-field-id", {{"last-assigned-field-id", K_INT}}, rq_field_id},
    {"assert-current-schema-id", {{"current-schema-id", K_INT}}, rq_schema},
    {"assert-last-assigned-partition-id", {{"last-assigned-partition-id", K_INT}}, rq_partition_id},
    {"assert-default-spec-id", {{"default-spec-id", K_INT}}, rq_spec},
    {"assert-default-sort-order-id", {{"default-sort-order-id", K_INT}}, rq_order},
};

/* Check the members of request item V (index I of a WHAT list: "requirement" or "update"). */
static int members_ok(const json_t *v, const struct member *m, size_t nm, const char *what,
                      size_t i, const char *name, struct srv_error *err)
{
    size_t k;
    for (k = 0; k < nm && m[k].name != NULL; k++) {
        json_t *x = json_object_get(v, m[k].name);
        if (x == NULL || !kind_ok(x, m[k].kind))
            return srv_error_set(err, CAT_EINVAL, "%s %zu (%s): %s must be %s", what, i, name,
                                 m[k].name, kind_name(m[k].kind));
    }
    return CAT_OK;
}

static const struct req_type *req_type_of(const json_t *r, size_t i, struct srv_error *err)
{
    const char *type = jstr(r, "type");
    size_t k;
    if (!json_is_object(r) || type == NULL) {
        srv_error_set(err, CAT_EINVAL, "requirement %zu must be an object with a type", i);
        return NULL;
    }
    for (k = 0; k < sizeof(req_types) / sizeof(req_types[0]); k++)
        if (strcmp(req_types[k].type, type) == 0) {
            size_t nm = sizeof(req_types[k].m) / sizeof(req_types[k].m[0]);
            if (members_ok(r, req_types[k].m, nm, "requirement", i, type, err) != CAT_OK)
                return NULL;
            return &req_types[k];
        }
    srv_error_set(err, CAT_EINVAL, "requirement %zu: unknown type %s", i, type);
    return NULL;
}

static const struct update_type *update_type_of(const json_t *u, size_t i, struct srv_error *err)
{
    const char *action = jstr(u, "action");
    size_t k;
    if (!json_is_object(u) || action == NULL) {
        srv_error_set(err, CAT_EINVAL, "update %zu must be an object with an action", i);
        return NULL;
    }
    for (k = 0; k < sizeof(update_types) / sizeof(update_types[0]); k++)
        if (strcmp(update_types[k].action, action) == 0) {
            size_t nm = sizeof(update_types[k].m) / sizeof(update_types[k].m[0]);
            if (members_ok(u, update_types[k].m, nm, "update", i, action, err) != CAT_OK)
                return NULL;
            return &update_types[k];
        }
    srv_error_set(err, CAT_EINVAL, "update %zu: unknown action %s", i, action);
    return NULL;
}

/* Every requirement is well formed and every update action known (400 before any 409, as a
** parser that reads the whole request first answers); then the requirements hold. */
static int check_request(const json_t *head, const json_t *requirements, const json_t *updates,
                         struct srv_error *err)
{
    size_t i;
    json_t *v;
    if (requirements != NULL && !json_is_null(requirements) && !json_is_array(requirements))
        return srv_error_set(err, CAT_EINVAL, "requirements must be an array");
    if (updates != NULL && !json_is_null(updates) && !json_is_array(updates))
        return srv_error_set(err, CAT_EINVAL, "updates must be an array");
    json_array_foreach(requirements, i, v) {
        if (req_type_of(v, i, err) == NULL)
            return err->code;
    }
    json_array_foreach(updates, i, v) {
        if (update_type_of(v, i, err) == NULL)
            return err->code;
    }
    json_array_foreach(requirements, i, v) {
        struct req_ctx q;
        int rc;
        q.head = head;
        q.r = v;
        q.idx = i;
        q.type = jstr(v, "type");
        q.err = err;
        /* no table: only assert-create holds, and "ref must not exist" (PyIceberg's create
        ** transaction with an append sends both) */
        if (head == NULL && strcmp(q.type, "assert-create") != 0 &&
            !(strcmp(q.type, "assert-ref-snapshot-id") == 0 &&
              json_is_null(json_object_get(v, "snapshot-id"))))
            return req_fail(&q, "the table does not exist");
        rc = req_type_of(v, i, err)->check(&q);
        if (rc != CAT_OK)
            return rc;
    }
    return CAT_OK;
}

/* The head a commit on a table that does not exist yet starts from (Java's buildFromEmpty,
** in the format version the first upgrade-format-version asks for). */
static json_t *empty_head(const json_t *updates, int64_t now_ms)
{
    long long fv = DEFAULT_FORMAT_VERSION;
    size_t i;
    json_t *u;
    json_array_foreach(updates, i, u) {
        const char *action = jstr(u, "action");
        long long v;
        if (action != NULL && strcmp(action, "upgrade-format-version") == 0) {
            if (jint(u, "format-version", &v) && v >= 1 && v <= MAX_FORMAT_VERSION)
                fv = v;
            break;
        }
    }
    return json_pack("{s:I,s:I,s:I,s:i,s:[],s:i,s:[],s:i,s:i,s:[],s:i,s:{},s:i,s:{},s:[],s:[],"
                     "s:[]}",
                     "format-version", (json_int_t)fv, "last-sequence-number", (json_int_t)0,
                     "last-updated-ms", (json_int_t)now_ms, "last-column-id", 0, "schemas",
                     "current-schema-id", 0, "partition-specs", "default-spec-id", 0,
                     "last-partition-id", PARTITION_DATA_ID_START - 1, "sort-orders",
                     "default-sort-order-id", 0, "properties", "current-snapshot-id", -1, "refs",
                     "metadata-log", "statistics", "partition-statistics");
}

/* The snapshot-log entries the commit appends, as Java's updateSnapshotLog leaves them:
** without intermediate snapshots (added, set on main, then replaced there in the same commit),
** and cut after any entry naming a snapshot the commit removed. */
static json_t *final_log(const struct ctx *c)
{
    json_t *out = json_array(), *e;
    long long cur = jint_or(c->h, "current-snapshot-id", -1);
    size_t i;
    json_array_foreach(c->log, i, e) {
        long long id = jint_or(e, "snapshot-id", -1);
        if (arr_has_id(c->gone, id)) {
            json_array_clear(out);
            continue;
        }
        if (id != cur && arr_has_id(c->main_sets, id))
            continue;
        json_array_append(out, e);
    }
    return out;
}

/* write.metadata.previous-versions-max of head H, at least 1 (Java's rule). */
static long long previous_versions_max(const json_t *h)
{
    const char *v = jstr(json_object_get(h, "properties"), "write.metadata.previous-versions-max");
    char *end;
    long long n;
    if (v == NULL)
        return PREVIOUS_VERSIONS_MAX_DEFAULT;
    n = strtoll(v, &end, 10);
    if (end == v || *end != '\0')
        return PREVIOUS_VERSIONS_MAX_DEFAULT;
    return n < 1 ? 1 : n;
}

int ice_commit_apply(const json_t *head, const struct ice_snapshots *snaps,
                     const json_t *requirements, const json_t *updates, int64_t now_ms,
                     const char *prev_location, struct ice_delta *d, struct srv_error *err)
{
    struct ctx c;
    json_t *u, *log = NULL, *mlog;
    size_t i;
    int rc, changed;

    memset(d, 0, sizeof(*d));
    rc = check_request(head, requirements, updates, err);
    if (rc != CAT_OK)
        return rc;
    memset(&c, 0, sizeof(c));
    c.h = head != NULL ? json_deep_copy(head) : empty_head(updates, now_ms);
    c.snaps = snaps;
    c.err = err;
    c.now = now_ms;
    c.added = json_array();
    c.removed = json_array();
    c.gone = json_array();
    c.log = json_array();
    c.main_sets = json_array();
    if (c.h == NULL || c.added == NULL || c.removed == NULL || c.gone == NULL || c.log == NULL ||
        c.main_sets == NULL) {
        rc = srv_error_set(err, CAT_ENOMEM, "Out of memory.");
        goto out;
    }
    if (head != NULL &&
        (rc = head_check(c.h, 0, "the table's metadata is not valid: ", err)) != CAT_OK)
        goto out;
    json_array_foreach(updates, i, u) {
        const struct update_type *t = update_type_of(u, i, err);
        c.idx = i;
        c.action = t->action;
        if ((rc = t->apply(&c, u)) != CAT_OK)
            goto out;
    }
    rc = head_check(c.h, 0, "the metadata the updates leave is not valid: ", err);
    if (rc != CAT_OK)
        goto out;
    log = final_log(&c);
    changed = head == NULL || json_array_size(c.added) > 0 || json_array_size(c.removed) > 0 ||
              json_array_size(log) > 0 || !json_equal(c.h, (json_t *)head);
    if (!changed) {
        rc = CAT_OK;
        goto out;
    }
    set_int(c.h, "last-updated-ms", c.have_ts ? c.ts : now_ms);
    mlog = json_object_get(c.h, "metadata-log");
    if (head != NULL && prev_location != NULL) {
        long long max = previous_versions_max(c.h);
        json_array_append_new(mlog, json_pack("{s:I,s:s}", "timestamp-ms",
                                              (json_int_t)jint_or(head, "last-updated-ms", 0),
                                              "metadata-file", prev_location));
        while ((long long)json_array_size(mlog) > max)
            json_array_remove(mlog, 0);
    }
    d->changed = 1;
    d->head = ordered(c.h);
    d->added = json_incref(c.added);
    d->removed = json_incref(c.removed);
    d->log = json_incref(log);
    d->log_cut = json_array_size(c.removed) > 0;
    if (d->head == NULL) {
        ice_delta_release(d);
        rc = srv_error_set(err, CAT_ENOMEM, "Out of memory.");
    }
out:
    json_decref(c.h);
    json_decref(c.added);
    json_decref(c.removed);
    json_decref(c.gone);
    json_decref(c.log);
    json_decref(c.main_sets);
    json_decref(log);
    if (rc != CAT_OK)
        ice_delta_release(d);
    return rc;
}

/* ---- whole metadata in, whole metadata out ---- */

static int array_snapshot_get(void *arg, int64_t id, json_t **out, struct srv_error *err)
{
    long i = find_by((const json_t *)arg, "snapshot-id", id);
    (void)err;
    *out = i >= 0 ? json_incref(json_array_get((const json_t *)arg, (size_t)i)) : NULL;
    return CAT_OK;
}

int ice_commit_full(const json_t *meta, const json_t *requirements, const json_t *updates,
                    int64_t now_ms, const char *prev_location, json_t **out, struct srv_error *err)
{
    json_t *head = NULL, *snaps = NULL, *log = NULL, *nsnaps, *nlog, *e;
    struct ice_snapshots s;
    struct ice_delta d;
    struct ids gone = {NULL, 0, 0};
    long long dup;
    size_t i, start = 0;
    int rc;

    *out = NULL;
    if (meta != NULL && (rc = ice_split(meta, &head, &snaps, &log, err)) != CAT_OK)
        return rc;
    s.get = array_snapshot_get;
    s.arg = snaps;
    rc = ice_commit_apply(head, &s, requirements, updates, now_ms, prev_location, &d, err);
    if (rc == CAT_OK && d.changed) {
        nsnaps = json_array();
        nlog = json_array();
        json_array_foreach(d.removed, i, e) {
            ids_add(&gone, json_integer_value(e));
        }
        ids_sort_dup(&gone, &dup);
        json_array_foreach(snaps, i, e) {
            if (!ids_sorted_has(&gone, jint_or(e, "snapshot-id", 0)))
                json_array_append(nsnaps, e);
        }
        json_array_extend(nsnaps, d.added);
        if (d.log_cut) /* Java: every entry up to the last one naming a removed snapshot goes */
            json_array_foreach(log, i, e) {
                if (ids_sorted_has(&gone, jint_or(e, "snapshot-id", 0)))
                    start = i + 1;
            }
        for (i = start; i < json_array_size(log); i++)
            json_array_append(nlog, json_array_get(log, i));
        json_array_extend(nlog, d.log);
        *out = ice_assemble(d.head, nsnaps, nlog);
        json_decref(nsnaps);
        json_decref(nlog);
        if (*out == NULL)
            rc = srv_error_set(err, CAT_ENOMEM, "Out of memory.");
    }
    free(gone.v);
    ice_delta_release(&d);
    json_decref(head);
    json_decref(snaps);
    json_decref(log);
    return rc;
}

/* ---- a new table ---- */

/* Old field id -> fresh id. */
struct idmap {
    struct ids from, to;
};

static long long idmap_get(const struct idmap *m, long long from)
{
    size_t i;
    for (i = 0; i < m->from.n; i++)
        if (m->from.v[i] == from)
            return m->to.v[i];
    return -1;
}

static void fresh_type(json_t *t, long long *next, struct idmap *m);

/* Java's TypeUtil.assignFreshIds: a struct's own fields first, in order, then their types. */
static void fresh_struct(json_t *fields, long long *next, struct idmap *m)
{
    size_t i;
    json_t *f;
    json_array_foreach(fields, i, f) {
        ids_add(&m->from, jint_or(f, "id", 0));
        ids_add(&m->to, ++*next);
        set_int(f, "id", *next);
    }
    json_array_foreach(fields, i, f) {
        fresh_type(json_object_get(f, "type"), next, m);
    }
}

static void fresh_type(json_t *t, long long *next, struct idmap *m)
{
    const char *kind = jstr(t, "type");
    if (kind == NULL)
        return;
    if (strcmp(kind, "struct") == 0) {
        fresh_struct(json_object_get(t, "fields"), next, m);
    } else if (strcmp(kind, "list") == 0) {
        ids_add(&m->from, jint_or(t, "element-id", 0));
        ids_add(&m->to, ++*next);
        set_int(t, "element-id", *next);
        fresh_type(json_object_get(t, "element"), next, m);
    } else if (strcmp(kind, "map") == 0) {
        ids_add(&m->from, jint_or(t, "key-id", 0));
        ids_add(&m->to, ++*next);
        set_int(t, "key-id", *next);
        ids_add(&m->from, jint_or(t, "value-id", 0));
        ids_add(&m->to, ++*next);
        set_int(t, "value-id", *next);
        fresh_type(json_object_get(t, "key"), next, m);
        fresh_type(json_object_get(t, "value"), next, m);
    }
}

/* Properties Java never persists (TableProperties.RESERVED_PROPERTIES). */
static const char *const reserved_properties[] = {
    "format-version",           "uuid",
    "snapshot-count",           "current-snapshot-id",
    "current-snapshot-summary", "current-snapshot-timestamp-ms",
    "current-schema",           "default-partition-spec",
    "default-sort-order"};

static int new_bad(struct srv_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int new_bad(struct srv_error *err, const char *fmt, ...)
{
    char why[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    return srv_error_set(err, CAT_EINVAL, "invalid CreateTableRequest: %s", why);
}

int ice_table_new(const json_t *req, const char *location, const char *uuid, int64_t now_ms,
                  json_t **out, struct srv_error *err)
{
    const json_t *props = json_object_get(req, "properties"), *spec, *order, *v;
    json_t *schema = NULL, *nspec = NULL, *norder = NULL, *nprops = NULL, *f, *m, *meta = NULL;
    struct idmap map;
    struct walk w;
    long long fv = DEFAULT_FORMAT_VERSION, next = 0, high = PARTITION_DATA_ID_START - 1;
    const char *key;
    size_t i, j;
    int rc = CAT_OK;

    *out = NULL;
    memset(&map, 0, sizeof(map));
    memset(&w, 0, sizeof(w));
    if (!json_is_object(req))
        return new_bad(err, "the request must be an object");
    if (jstr(req, "name") == NULL || jstr(req, "name")[0] == '\0')
        return new_bad(err, "name must be a non-empty string");
    if (!is_text(location) || !is_text(uuid))
        return new_bad(err, "no location or uuid (UTF-8 text)");
    if (props != NULL && !json_is_null(props) && !json_is_object(props))
        return new_bad(err, "properties must be an object");
    json_object_foreach((json_t *)props, key, v) {
        if (!json_is_string(v))
            return new_bad(err, "property %s must be a string", key);
    }
    if ((v = json_object_get(props, "format-version")) != NULL) {
        const char *s = json_string_value(v);
        char *end;
        fv = strtoll(s, &end, 10);
        if (end == s || *end != '\0' || fv < 1 || fv > MAX_FORMAT_VERSION)
            return new_bad(err, "format-version must be 1, 2 or 3, not %s", s);
    }
    if (walk_schema(&w, json_object_get(req, "schema"), (int)fv) != 0) {
        rc = new_bad(err, "schema: %s", w.why);
        goto out;
    }

    /* the schema with fresh ids: 1, 2, ... as Java assigns them */
    schema = json_deep_copy(json_object_get(req, "schema"));
    if (schema == NULL) {
        rc = srv_error_set(err, CAT_ENOMEM, "Out of memory.");
        goto out;
    }
    fresh_struct(json_object_get(schema, "fields"), &next, &map);
    json_object_set_new(schema, "type", json_string("struct"));
    set_int(schema, "schema-id", 0);
    json_object_del(schema, "last-column-id");
    if ((v = json_object_get(schema, "identifier-field-ids")) != NULL) {
        json_t *nids = json_array();
        json_array_foreach(v, i, f) {
            json_array_append_new(nids, json_integer(idmap_get(&map, json_integer_value(f))));
        }
        json_object_set_new(schema, "identifier-field-ids", nids);
    }

    /* the partition spec: spec id 0, field ids from 1000, source ids remapped */
    spec = json_object_get(req, "partition-spec");
    nspec = json_pack("{s:i,s:[]}", "spec-id", 0, "fields");
    if (spec != NULL && !json_is_null(spec)) {
        const json_t *fields = json_object_get(spec, "fields");
        if (!json_is_array(fields)) {
            rc = new_bad(err, "partition-spec.fields must be an array");
            goto out;
        }
        json_array_foreach(fields, i, f) {
            long long src;
            const char *name = jstr(f, "name"), *tr = jstr(f, "transform");
            if (!jint(f, "source-id", &src) || name == NULL || tr == NULL) {
                rc = new_bad(err, "partition field %zu needs source-id, transform and name", i);
                goto out;
            }
            if (idmap_get(&map, src) < 0) {
                rc = new_bad(err, "partition field %s: source id %lld is not in the schema", name,
                             src);
                goto out;
            }
            for (j = 0; j < i; j++)
                if (strcmp(jstr(json_array_get(fields, j), "name"), name) == 0) {
                    rc = new_bad(err, "partition field name %s repeats", name);
                    goto out;
                }
            high = PARTITION_DATA_ID_START + (long long)i;
            json_array_append_new(json_object_get(nspec, "fields"),
                                  json_pack("{s:s,s:s,s:I,s:I}", "name", name, "transform", tr,
                                            "source-id", (json_int_t)idmap_get(&map, src),
                                            "field-id", (json_int_t)high));
        }
    }

    /* the sort order: unsorted is order 0, any other order 1 */
    order = json_object_get(req, "write-order");
    norder = json_pack("{s:i,s:[]}", "order-id", 0, "fields");
    if (order != NULL && !json_is_null(order)) {
        const json_t *fields = json_object_get(order, "fields");
        if (!json_is_array(fields)) {
            rc = new_bad(err, "write-order.fields must be an array");
            goto out;
        }
        json_array_foreach(fields, i, f) {
            long long src;
            const char *tr = jstr(f, "transform"), *dir = jstr(f, "direction"),
                       *nulls = jstr(f, "null-order");
            if (!jint(f, "source-id", &src) || tr == NULL || dir == NULL || nulls == NULL ||
                (strcmp(dir, "asc") != 0 && strcmp(dir, "desc") != 0) ||
                (strcmp(nulls, "nulls-first") != 0 && strcmp(nulls, "nulls-last") != 0)) {
                rc = new_bad(err,
                             "sort field %zu needs source-id, transform, direction (asc, desc) "
                             "and null-order (nulls-first, nulls-last)",
                             i);
                goto out;
            }
            if (idmap_get(&map, src) < 0) {
                rc = new_bad(err, "sort field %zu: source id %lld is not in the schema", i, src);
                goto out;
            }
            json_array_append_new(json_object_get(norder, "fields"),
                                  json_pack("{s:s,s:I,s:s,s:s}", "transform", tr, "source-id",
                                            (json_int_t)idmap_get(&map, src), "direction", dir,
                                            "null-order", nulls));
        }
        if (json_array_size(fields) > 0)
            set_int(norder, "order-id", INITIAL_SORT_ORDER_ID);
    }

    /* properties: Java's persistedProperties (zstd for new tables, reserved ones dropped) */
    nprops = json_pack("{s:s}", "write.parquet.compression-codec", "zstd");
    json_object_foreach((json_t *)props, key, v) {
        int reserved = 0;
        for (i = 0; i < sizeof(reserved_properties) / sizeof(reserved_properties[0]); i++)
            if (strcmp(key, reserved_properties[i]) == 0)
                reserved = 1;
        if (!reserved)
            json_object_set(nprops, key, (json_t *)v);
    }

    m = json_pack(
        "{s:I,s:s,s:o,s:I,s:I,s:I,s:i,s:[O],s:i,s:[O],s:I,s:I,s:[O],s:O,s:i,s:{},"
        "s:[],s:[],s:[],s:[],s:[]}",
        "format-version", (json_int_t)fv, "table-uuid", uuid, "location", location_value(location),
        "last-sequence-number", (json_int_t)0, "last-updated-ms", (json_int_t)now_ms,
        "last-column-id", (json_int_t)next, "current-schema-id", 0, "schemas", schema,
        "default-spec-id", 0, "partition-specs", nspec, "last-partition-id", (json_int_t)high,
        "default-sort-order-id", (json_int_t)jint_or(norder, "order-id", 0), "sort-orders", norder,
        "properties", nprops, "current-snapshot-id", -1, "refs", "snapshots", "statistics",
        "partition-statistics", "snapshot-log", "metadata-log");
    if (m == NULL) {
        rc = srv_error_set(err, CAT_ENOMEM, "Out of memory.");
        goto out;
    }
    head_version_shape(m, (int)fv);
    meta = ordered(m);
    json_decref(m);
    if (meta == NULL)
        rc = srv_error_set(err, CAT_ENOMEM, "Out of memory.");
    *out = meta;
out:
    free(w.ids.v);
    free(map.from.v);
    free(map.to.v);
    json_decref(schema);
    json_decref(nspec);
    json_decref(norder);
    json_decref(nprops);
    return rc;
}
