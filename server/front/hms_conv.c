/* hms_conv.c -- Hive Metastore Thrift structs <-> Glue shapes: Database, Table, StorageDescriptor,
** Partition, Function, in both directions, with Hive's conventions (times, table types). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "front/hms_conv.h"

/* ---- Thrift -> Glue ---- */

json_t *hms_jstr(struct hms_conv *cv, const struct thrift_value *v)
{
    json_t *s;
    if (v == NULL)
        return NULL;
    if ((s = json_stringn(v->u.s, v->n)) == NULL)
        cv->bad = 1; /* not UTF-8, or holds a NUL */
    return s;
}

char *hms_cstr(struct hms_conv *cv, const struct thrift_value *st, int id)
{
    const struct thrift_value *v = thrift_field(st, id, THRIFT_STRING);
    char *s;
    if (v == NULL)
        return NULL;
    if (memchr(v->u.s, '\0', v->n) != NULL) {
        cv->bad = 1;
        return NULL;
    }
    s = xmalloc(v->n + 1);
    memcpy(s, v->u.s, v->n);
    s[v->n] = '\0';
    return s;
}

/* Set OBJ[KEY] to string field ID of ST when present. */
static void put_str(struct hms_conv *cv, json_t *obj, const char *key,
                    const struct thrift_value *st, int id)
{
    json_t *s = hms_jstr(cv, thrift_field(st, id, THRIFT_STRING));
    /* Hive clients send "" for what they leave unset: left out, but for names and types (which
    ** the operation then refuses) */
    if (s && json_string_length(s) == 0 && strcmp(key, "Name") != 0 && strcmp(key, "Type") != 0 &&
        strcmp(key, "FunctionName") != 0) {
        json_decref(s);
        s = NULL;
    }
    if (s)
        json_object_set_new(obj, key, s);
}

static void put_int(json_t *obj, const char *key, const struct thrift_value *st, int id, int type)
{
    const struct thrift_value *v = thrift_field(st, id, type);
    if (v)
        json_object_set_new(obj, key, json_integer(v->u.i));
}

json_t *hms_strmap(struct hms_conv *cv, const struct thrift_value *m)
{
    json_t *o = json_object();
    uint32_t i;
    if (m == NULL || m->etype != THRIFT_STRING || m->vtype != THRIFT_STRING)
        return o;
    for (i = 0; i + 1 < m->n; i += 2) {
        json_t *v = hms_jstr(cv, &m->u.kids[i + 1]);
        char *k = xmalloc(m->u.kids[i].n + 1);
        memcpy(k, m->u.kids[i].u.s, m->u.kids[i].n);
        k[m->u.kids[i].n] = '\0';
        if (v && strlen(k) == m->u.kids[i].n && json_object_set_new(o, k, v) == 0)
            v = NULL;
        else
            cv->bad = 1;
        json_decref(v);
        free(k);
    }
    return o;
}

json_t *hms_strlist(struct hms_conv *cv, const struct thrift_value *l)
{
    json_t *a = json_array();
    uint32_t i;
    if (l == NULL || l->etype != THRIFT_STRING)
        return a;
    for (i = 0; i < l->n; i++) {
        json_t *s = hms_jstr(cv, &l->u.kids[i]);
        if (s)
            json_array_append_new(a, s);
    }
    return a;
}

/* list<FieldSchema> -> [{Name, Type, Comment}] */
static json_t *columns_in(struct hms_conv *cv, const struct thrift_value *l)
{
    json_t *a = json_array();
    uint32_t i;
    if (l == NULL || l->etype != THRIFT_STRUCT)
        return a;
    for (i = 0; i < l->n; i++) {
        json_t *c = json_object();
        put_str(cv, c, "Name", &l->u.kids[i], 1);
        put_str(cv, c, "Type", &l->u.kids[i], 2);
        put_str(cv, c, "Comment", &l->u.kids[i], 3);
        json_array_append_new(a, c);
    }
    return a;
}

json_t *hms_sd_in(struct hms_conv *cv, const struct thrift_value *sd)
{
    json_t *o = json_object(), *serde;
    const struct thrift_value *v, *si = thrift_field(sd, 7, THRIFT_STRUCT),
                                  *skew = thrift_field(sd, 11, THRIFT_STRUCT);
    uint32_t i;
    json_object_set_new(o, "Columns", columns_in(cv, thrift_field(sd, 1, THRIFT_LIST)));
    put_str(cv, o, "Location", sd, 2);
    put_str(cv, o, "InputFormat", sd, 3);
    put_str(cv, o, "OutputFormat", sd, 4);
    if ((v = thrift_field(sd, 5, THRIFT_BOOL)) != NULL)
        json_object_set_new(o, "Compressed", json_boolean(v->u.i));
    put_int(o, "NumberOfBuckets", sd, 6, THRIFT_I32);
    if (si) {
        serde = json_object();
        put_str(cv, serde, "Name", si, 1);
        put_str(cv, serde, "SerializationLibrary", si, 2);
        json_object_set_new(serde, "Parameters", hms_strmap(cv, thrift_field(si, 3, THRIFT_MAP)));
        json_object_set_new(o, "SerdeInfo", serde);
    }
    if ((v = thrift_field(sd, 8, THRIFT_LIST)) != NULL)
        json_object_set_new(o, "BucketColumns", hms_strlist(cv, v));
    if ((v = thrift_field(sd, 9, THRIFT_LIST)) != NULL && v->etype == THRIFT_STRUCT) {
        json_t *a = json_array();
        for (i = 0; i < v->n; i++) {
            json_t *c = json_object();
            put_str(cv, c, "Column", &v->u.kids[i], 1);
            put_int(c, "SortOrder", &v->u.kids[i], 2, THRIFT_I32);
            json_array_append_new(a, c);
        }
        json_object_set_new(o, "SortColumns", a);
    }
    if ((v = thrift_field(sd, 10, THRIFT_MAP)) != NULL)
        json_object_set_new(o, "Parameters", hms_strmap(cv, v));
    if (skew) {
        json_t *k = json_object();
        const struct thrift_value *vals = thrift_field(skew, 2, THRIFT_LIST);
        json_object_set_new(k, "SkewedColumnNames",
                            hms_strlist(cv, thrift_field(skew, 1, THRIFT_LIST)));
        /* Glue keeps each value list as one string; Hive's own text form is "v1,v2" */
        if (vals && vals->etype == THRIFT_LIST) {
            json_t *a = json_array();
            for (i = 0; i < vals->n; i++) {
                struct sbuf b = {0};
                uint32_t j;
                for (j = 0; j < vals->u.kids[i].n && vals->u.kids[i].etype == THRIFT_STRING; j++) {
                    if (j)
                        sbuf_adds(&b, ",");
                    sbuf_add(&b, vals->u.kids[i].u.kids[j].u.s, vals->u.kids[i].u.kids[j].n);
                }
                json_array_append_new(a, json_string(b.p ? b.p : ""));
                free(b.p);
            }
            json_object_set_new(k, "SkewedColumnValues", a);
        }
        json_object_set_new(o, "SkewedInfo", k);
    }
    if ((v = thrift_field(sd, 12, THRIFT_BOOL)) != NULL)
        json_object_set_new(o, "StoredAsSubDirectories", json_boolean(v->u.i));
    return o;
}

json_t *hms_db_in(struct hms_conv *cv, const struct thrift_value *db)
{
    json_t *o = json_object();
    put_str(cv, o, "Name", db, 1);
    put_str(cv, o, "Description", db, 2);
    put_str(cv, o, "LocationUri", db, 3);
    json_object_set_new(o, "Parameters", hms_strmap(cv, thrift_field(db, 4, THRIFT_MAP)));
    return o;
}

json_t *hms_table_in(struct hms_conv *cv, const struct thrift_value *t, int creating)
{
    json_t *o = json_object(), *params;
    const struct thrift_value *sd = thrift_field(t, 7, THRIFT_STRUCT);
    const char *type, *ext;
    char now[32];
    put_str(cv, o, "Name", t, 1);
    put_str(cv, o, "Owner", t, 3);
    put_int(o, "LastAccessTime", t, 5, THRIFT_I32);
    put_int(o, "Retention", t, 6, THRIFT_I32);
    if (sd)
        json_object_set_new(o, "StorageDescriptor", hms_sd_in(cv, sd));
    json_object_set_new(o, "PartitionKeys", columns_in(cv, thrift_field(t, 8, THRIFT_LIST)));
    params = hms_strmap(cv, thrift_field(t, 9, THRIFT_MAP));
    put_str(cv, o, "ViewOriginalText", t, 10);
    put_str(cv, o, "ViewExpandedText", t, 11);
    put_str(cv, o, "TableType", t, 12);
    /* Hive's conventions: EXTERNAL=TRUE and EXTERNAL_TABLE go together; no type is a managed
    ** table; transient_lastDdlTime is the time of the last DDL, in seconds */
    type = json_string_value(json_object_get(o, "TableType"));
    ext = json_string_value(json_object_get(params, "EXTERNAL"));
    if (ext && strcasecmp(ext, "TRUE") == 0 && (type == NULL || strcmp(type, "MANAGED_TABLE") == 0))
        json_object_set_new(o, "TableType", json_string("EXTERNAL_TABLE"));
    else if (type && strcmp(type, "EXTERNAL_TABLE") == 0 && ext == NULL)
        json_object_set_new(params, "EXTERNAL", json_string("TRUE"));
    else if (type == NULL || *type == '\0')
        json_object_set_new(o, "TableType", json_string("MANAGED_TABLE"));
    if (creating || json_object_get(params, "transient_lastDdlTime") == NULL) {
        snprintf(now, sizeof(now), "%lld", (long long)util_now());
        json_object_set_new(params, "transient_lastDdlTime", json_string(now));
    }
    json_object_set_new(o, "Parameters", params);
    return o;
}

json_t *hms_partition_in(struct hms_conv *cv, const struct thrift_value *p)
{
    json_t *o = json_object();
    const struct thrift_value *sd = thrift_field(p, 6, THRIFT_STRUCT);
    json_object_set_new(o, "Values", hms_strlist(cv, thrift_field(p, 1, THRIFT_LIST)));
    put_int(o, "LastAccessTime", p, 5, THRIFT_I32);
    if (sd)
        json_object_set_new(o, "StorageDescriptor", hms_sd_in(cv, sd));
    json_object_set_new(o, "Parameters", hms_strmap(cv, thrift_field(p, 7, THRIFT_MAP)));
    return o;
}

json_t *hms_function_in(struct hms_conv *cv, const struct thrift_value *f)
{
    static const char *const rtypes[] = {NULL, "JAR", "FILE", "ARCHIVE"};
    static const char *const otypes[] = {NULL, "USER", "ROLE", "GROUP"};
    json_t *o = json_object(), *uris = json_array();
    const struct thrift_value *v = thrift_field(f, 8, THRIFT_LIST);
    uint32_t i;
    put_str(cv, o, "FunctionName", f, 1);
    put_str(cv, o, "ClassName", f, 3);
    put_str(cv, o, "OwnerName", f, 4);
    if ((v = thrift_field(f, 5, THRIFT_I32)) != NULL && v->u.i >= 1 && v->u.i <= 3)
        json_object_set_new(o, "OwnerType", json_string(otypes[v->u.i]));
    v = thrift_field(f, 8, THRIFT_LIST);
    for (i = 0; v && v->etype == THRIFT_STRUCT && i < v->n; i++) {
        const struct thrift_value *t = thrift_field(&v->u.kids[i], 1, THRIFT_I32);
        json_t *u = json_object();
        if (t && t->u.i >= 1 && t->u.i <= 3)
            json_object_set_new(u, "ResourceType", json_string(rtypes[t->u.i]));
        put_str(cv, u, "Uri", &v->u.kids[i], 2);
        json_array_append_new(uris, u);
    }
    json_object_set_new(o, "ResourceUris", uris);
    return o;
}

/* ---- Glue -> Thrift ---- */

static const char *str(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* Glue times are epoch seconds (with a fraction); Hive's i32 seconds. */
static int32_t seconds(const json_t *v)
{
    double d = json_number_value(v);
    return d > 0 && d < 2147483647.0 ? (int32_t)floor(d) : 0;
}

void hms_w_strmap(struct sbuf *b, int id, const json_t *obj)
{
    const char *k;
    json_t *v;
    uint32_t n = 0;
    json_object_foreach((json_t *)obj, k, v)
        if (json_is_string(v))
            n++;
    thrift_w_field(b, THRIFT_MAP, id);
    thrift_w_map(b, THRIFT_STRING, THRIFT_STRING, n);
    json_object_foreach((json_t *)obj, k, v)
        if (json_is_string(v)) {
            thrift_w_cstring(b, k);
            thrift_w_string(b, json_string_value(v), json_string_length(v));
        }
}

void hms_w_strlist(struct sbuf *b, int id, const json_t *arr)
{
    size_t i, n = 0;
    json_t *v;
    json_array_foreach(arr, i, v)
        if (json_is_string(v))
            n++;
    thrift_w_field(b, THRIFT_LIST, id);
    thrift_w_list(b, THRIFT_STRING, (uint32_t)n);
    json_array_foreach(arr, i, v)
        if (json_is_string(v))
            thrift_w_string(b, json_string_value(v), json_string_length(v));
}

static void w_columns(struct sbuf *b, int id, const json_t *arr)
{
    size_t i;
    json_t *c;
    thrift_w_field(b, THRIFT_LIST, id);
    thrift_w_list(b, THRIFT_STRUCT, (uint32_t)json_array_size(arr));
    json_array_foreach(arr, i, c) {
        thrift_w_string_field(b, 1, str(c, "Name") ? str(c, "Name") : "");
        thrift_w_string_field(b, 2, str(c, "Type") ? str(c, "Type") : "string");
        thrift_w_string_field(b, 3, str(c, "Comment"));
        thrift_w_stop(b);
    }
}

void hms_w_sd(struct sbuf *b, int id, const json_t *sd)
{
    const json_t *serde = json_object_get(sd, "SerdeInfo"),
                 *skew = json_object_get(sd, "SkewedInfo"), *v;
    size_t i;
    thrift_w_field(b, THRIFT_STRUCT, id);
    w_columns(b, 1, json_object_get(sd, "Columns"));
    thrift_w_string_field(b, 2, str(sd, "Location") ? str(sd, "Location") : "");
    thrift_w_string_field(b, 3, str(sd, "InputFormat"));
    thrift_w_string_field(b, 4, str(sd, "OutputFormat"));
    thrift_w_field(b, THRIFT_BOOL, 5);
    thrift_w_bool(b, json_is_true(json_object_get(sd, "Compressed")));
    v = json_object_get(sd, "NumberOfBuckets");
    thrift_w_i32_field(b, 6, v ? (int32_t)json_integer_value(v) : -1);
    thrift_w_field(b, THRIFT_STRUCT, 7);
    thrift_w_string_field(b, 1, str(serde, "Name"));
    thrift_w_string_field(b, 2, str(serde, "SerializationLibrary"));
    hms_w_strmap(b, 3, json_object_get(serde, "Parameters"));
    thrift_w_stop(b);
    hms_w_strlist(b, 8, json_object_get(sd, "BucketColumns"));
    v = json_object_get(sd, "SortColumns");
    thrift_w_field(b, THRIFT_LIST, 9);
    thrift_w_list(b, THRIFT_STRUCT, (uint32_t)json_array_size(v));
    for (i = 0; i < json_array_size(v); i++) {
        const json_t *c = json_array_get(v, i);
        thrift_w_string_field(b, 1, str(c, "Column") ? str(c, "Column") : "");
        thrift_w_i32_field(b, 2, (int32_t)json_integer_value(json_object_get(c, "SortOrder")));
        thrift_w_stop(b);
    }
    hms_w_strmap(b, 10, json_object_get(sd, "Parameters"));
    thrift_w_field(b, THRIFT_STRUCT, 11);
    hms_w_strlist(b, 1, json_object_get(skew, "SkewedColumnNames"));
    v = json_object_get(skew, "SkewedColumnValues");
    thrift_w_field(b, THRIFT_LIST, 2);
    thrift_w_list(b, THRIFT_LIST, (uint32_t)json_array_size(v));
    for (i = 0; i < json_array_size(v); i++) { /* "v1,v2" back to its list */
        const char *s = json_string_value(json_array_get(v, i)), *p;
        uint32_t n = 1;
        s = s ? s : "";
        for (p = s; *p; p++)
            n += *p == ',';
        thrift_w_list(b, THRIFT_STRING, n);
        for (p = s;; p++)
            if (*p == ',' || *p == '\0') {
                thrift_w_string(b, s, (size_t)(p - s));
                if (*p == '\0')
                    break;
                s = p + 1;
            }
    }
    thrift_w_field(b, THRIFT_MAP, 3);
    thrift_w_map(b, THRIFT_LIST, THRIFT_STRING, 0);
    thrift_w_stop(b);
    thrift_w_field(b, THRIFT_BOOL, 12);
    thrift_w_bool(b, json_is_true(json_object_get(sd, "StoredAsSubDirectories")));
    thrift_w_stop(b);
}

void hms_w_database(struct sbuf *b, const json_t *db)
{
    thrift_w_string_field(b, 1, str(db, "Name") ? str(db, "Name") : "");
    thrift_w_string_field(b, 2, str(db, "Description") ? str(db, "Description") : "");
    thrift_w_string_field(b, 3, str(db, "LocationUri") ? str(db, "LocationUri") : "");
    hms_w_strmap(b, 4, json_object_get(db, "Parameters"));
    thrift_w_string_field(b, 6, "public");
    thrift_w_i32_field(b, 7, 2); /* PrincipalType.ROLE */
    thrift_w_string_field(b, 8, "hive");
    thrift_w_stop(b);
}

void hms_w_table(struct sbuf *b, const json_t *t)
{
    const json_t *sd = json_object_get(t, "StorageDescriptor");
    json_t *empty = NULL;
    thrift_w_string_field(b, 1, str(t, "Name") ? str(t, "Name") : "");
    thrift_w_string_field(b, 2, str(t, "DatabaseName") ? str(t, "DatabaseName") : "");
    thrift_w_string_field(b, 3, str(t, "Owner") ? str(t, "Owner") : "");
    thrift_w_i32_field(b, 4, seconds(json_object_get(t, "CreateTime")));
    thrift_w_i32_field(b, 5, seconds(json_object_get(t, "LastAccessTime")));
    thrift_w_i32_field(b, 6, (int32_t)json_integer_value(json_object_get(t, "Retention")));
    if (sd == NULL)
        sd = empty = json_object();
    hms_w_sd(b, 7, sd);
    json_decref(empty);
    w_columns(b, 8, json_object_get(t, "PartitionKeys"));
    hms_w_strmap(b, 9, json_object_get(t, "Parameters"));
    thrift_w_string_field(b, 10, str(t, "ViewOriginalText"));
    thrift_w_string_field(b, 11, str(t, "ViewExpandedText"));
    thrift_w_string_field(b, 12, str(t, "TableType") ? str(t, "TableType") : "MANAGED_TABLE");
    thrift_w_string_field(b, 17, "hive");
    thrift_w_stop(b);
}

void hms_w_partition(struct sbuf *b, const json_t *p)
{
    const json_t *sd = json_object_get(p, "StorageDescriptor");
    json_t *empty = NULL;
    hms_w_strlist(b, 1, json_object_get(p, "Values"));
    thrift_w_string_field(b, 2, str(p, "DatabaseName") ? str(p, "DatabaseName") : "");
    thrift_w_string_field(b, 3, str(p, "TableName") ? str(p, "TableName") : "");
    thrift_w_i32_field(b, 4, seconds(json_object_get(p, "CreationTime")));
    thrift_w_i32_field(b, 5, seconds(json_object_get(p, "LastAccessTime")));
    if (sd == NULL)
        sd = empty = json_object();
    hms_w_sd(b, 6, sd);
    json_decref(empty);
    hms_w_strmap(b, 7, json_object_get(p, "Parameters"));
    thrift_w_string_field(b, 9, "hive");
    thrift_w_stop(b);
}

void hms_w_function(struct sbuf *b, const json_t *f)
{
    const json_t *uris = json_object_get(f, "ResourceUris"), *u;
    const char *ot = str(f, "OwnerType");
    size_t i;
    thrift_w_string_field(b, 1, str(f, "FunctionName") ? str(f, "FunctionName") : "");
    thrift_w_string_field(b, 2, str(f, "DatabaseName") ? str(f, "DatabaseName") : "");
    thrift_w_string_field(b, 3, str(f, "ClassName") ? str(f, "ClassName") : "");
    thrift_w_string_field(b, 4, str(f, "OwnerName") ? str(f, "OwnerName") : "");
    thrift_w_i32_field(b, 5,
                       ot && strcmp(ot, "ROLE") == 0    ? 2
                       : ot && strcmp(ot, "GROUP") == 0 ? 3
                                                        : 1);
    thrift_w_i32_field(b, 6, seconds(json_object_get(f, "CreateTime")));
    thrift_w_i32_field(b, 7, 1); /* JAVA */
    thrift_w_field(b, THRIFT_LIST, 8);
    thrift_w_list(b, THRIFT_STRUCT, (uint32_t)json_array_size(uris));
    json_array_foreach(uris, i, u) {
        const char *t = str(u, "ResourceType");
        thrift_w_i32_field(b, 1,
                           t && strcmp(t, "FILE") == 0      ? 2
                           : t && strcmp(t, "ARCHIVE") == 0 ? 3
                                                            : 1);
        thrift_w_string_field(b, 2, str(u, "Uri") ? str(u, "Uri") : "");
        thrift_w_stop(b);
    }
    thrift_w_string_field(b, 9, "hive");
    thrift_w_stop(b);
}
