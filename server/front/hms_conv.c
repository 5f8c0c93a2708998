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

/* String node N of W's view as string field ID, or DFLT when N is no string (NULL: no field). */
static void w_str_field(struct hms_jw *w, int id, int n, const char *dflt)
{
    size_t len;
    const char *s = jview_str(w->v, n, &len, &w->tmp);
    if (s == NULL) {
        thrift_w_string_field(w->b, id, dflt);
        return;
    }
    thrift_w_field(w->b, THRIFT_STRING, id);
    thrift_w_string(w->b, s, len);
}

static void w_str(struct hms_jw *w, int n)
{
    size_t len;
    const char *s = jview_str(w->v, n, &len, &w->tmp);
    thrift_w_string(w->b, s ? s : "", len);
}

static int member(const struct hms_jw *w, int n, const char *key)
{
    return jview_get(w->v, n, key);
}

/* Glue times are epoch seconds (with a fraction); Hive's i32 seconds. */
static int32_t seconds(const struct hms_jw *w, int n)
{
    double d = jview_number(w->v, n);
    return d > 0 && d < 2147483647.0 ? (int32_t)floor(d) : 0;
}

/* The string members of object N as map field ID. */
static void w_strmap(struct hms_jw *w, int id, int n)
{
    uint32_t count = 0;
    int k;
    for (k = jview_first(w->v, n); k >= 0; k = jview_next(w->v, n, k))
        count += jview_type(w->v, k + 1) == JVIEW_STRING;
    thrift_w_field(w->b, THRIFT_MAP, id);
    thrift_w_map(w->b, THRIFT_STRING, THRIFT_STRING, count);
    for (k = jview_first(w->v, n); k >= 0; k = jview_next(w->v, n, k))
        if (jview_type(w->v, k + 1) == JVIEW_STRING) {
            w_str(w, k);
            w_str(w, k + 1);
        }
}

/* The string elements of array N as list field ID. */
static void w_strlist(struct hms_jw *w, int id, int n)
{
    uint32_t count = 0;
    int e;
    for (e = jview_first(w->v, n); e >= 0; e = jview_next(w->v, n, e))
        count += jview_type(w->v, e) == JVIEW_STRING;
    thrift_w_field(w->b, THRIFT_LIST, id);
    thrift_w_list(w->b, THRIFT_STRING, count);
    for (e = jview_first(w->v, n); e >= 0; e = jview_next(w->v, n, e))
        if (jview_type(w->v, e) == JVIEW_STRING)
            w_str(w, e);
}

static void w_columns(struct hms_jw *w, int id, int arr)
{
    int c;
    thrift_w_field(w->b, THRIFT_LIST, id);
    thrift_w_list(w->b, THRIFT_STRUCT, (uint32_t)jview_size(w->v, arr));
    for (c = jview_first(w->v, arr); c >= 0; c = jview_next(w->v, arr, c)) {
        w_str_field(w, 1, member(w, c, "Name"), "");
        w_str_field(w, 2, member(w, c, "Type"), "string");
        w_str_field(w, 3, member(w, c, "Comment"), NULL);
        thrift_w_stop(w->b);
    }
}

/* SkewedColumnValues ("v1,v2" each) back to their lists, as field 2 of SkewedInfo. */
static void w_skewed_values(struct hms_jw *w, int arr)
{
    int e;
    thrift_w_field(w->b, THRIFT_LIST, 2);
    thrift_w_list(w->b, THRIFT_LIST, (uint32_t)jview_size(w->v, arr));
    for (e = jview_first(w->v, arr); e >= 0; e = jview_next(w->v, arr, e)) {
        size_t len, i, from = 0;
        const char *s = jview_str(w->v, e, &len, &w->tmp);
        uint32_t n = 1;
        s = s ? s : "";
        for (i = 0; i < len; i++)
            n += s[i] == ',';
        thrift_w_list(w->b, THRIFT_STRING, n);
        for (i = 0; i <= len; i++)
            if (i == len || s[i] == ',') {
                thrift_w_string(w->b, s + from, i - from);
                from = i + 1;
            }
    }
}

static void w_sd(struct hms_jw *w, int id, int sd)
{
    int serde = member(w, sd, "SerdeInfo"), skew = member(w, sd, "SkewedInfo"), v, c;
    thrift_w_field(w->b, THRIFT_STRUCT, id);
    w_columns(w, 1, member(w, sd, "Columns"));
    w_str_field(w, 2, member(w, sd, "Location"), "");
    w_str_field(w, 3, member(w, sd, "InputFormat"), NULL);
    w_str_field(w, 4, member(w, sd, "OutputFormat"), NULL);
    thrift_w_field(w->b, THRIFT_BOOL, 5);
    thrift_w_bool(w->b, jview_is_true(w->v, member(w, sd, "Compressed")));
    v = member(w, sd, "NumberOfBuckets");
    thrift_w_i32_field(w->b, 6, v >= 0 ? (int32_t)jview_integer(w->v, v) : -1);
    thrift_w_field(w->b, THRIFT_STRUCT, 7);
    w_str_field(w, 1, member(w, serde, "Name"), NULL);
    w_str_field(w, 2, member(w, serde, "SerializationLibrary"), NULL);
    w_strmap(w, 3, member(w, serde, "Parameters"));
    thrift_w_stop(w->b);
    w_strlist(w, 8, member(w, sd, "BucketColumns"));
    v = member(w, sd, "SortColumns");
    thrift_w_field(w->b, THRIFT_LIST, 9);
    thrift_w_list(w->b, THRIFT_STRUCT, (uint32_t)jview_size(w->v, v));
    for (c = jview_first(w->v, v); c >= 0; c = jview_next(w->v, v, c)) {
        w_str_field(w, 1, member(w, c, "Column"), "");
        thrift_w_i32_field(w->b, 2, (int32_t)jview_integer(w->v, member(w, c, "SortOrder")));
        thrift_w_stop(w->b);
    }
    w_strmap(w, 10, member(w, sd, "Parameters"));
    thrift_w_field(w->b, THRIFT_STRUCT, 11);
    w_strlist(w, 1, member(w, skew, "SkewedColumnNames"));
    w_skewed_values(w, member(w, skew, "SkewedColumnValues"));
    thrift_w_field(w->b, THRIFT_MAP, 3);
    thrift_w_map(w->b, THRIFT_LIST, THRIFT_STRING, 0);
    thrift_w_stop(w->b);
    thrift_w_field(w->b, THRIFT_BOOL, 12);
    thrift_w_bool(w->b, jview_is_true(w->v, member(w, sd, "StoredAsSubDirectories")));
    thrift_w_stop(w->b);
}

void hms_w_database(struct hms_jw *w, int db)
{
    w_str_field(w, 1, member(w, db, "Name"), "");
    w_str_field(w, 2, member(w, db, "Description"), "");
    w_str_field(w, 3, member(w, db, "LocationUri"), "");
    w_strmap(w, 4, member(w, db, "Parameters"));
    thrift_w_string_field(w->b, 6, "public");
    thrift_w_i32_field(w->b, 7, 2); /* PrincipalType.ROLE */
    thrift_w_string_field(w->b, 8, "hive");
    thrift_w_stop(w->b);
}

void hms_w_table(struct hms_jw *w, int t)
{
    w_str_field(w, 1, member(w, t, "Name"), "");
    w_str_field(w, 2, member(w, t, "DatabaseName"), "");
    w_str_field(w, 3, member(w, t, "Owner"), "");
    thrift_w_i32_field(w->b, 4, seconds(w, member(w, t, "CreateTime")));
    thrift_w_i32_field(w->b, 5, seconds(w, member(w, t, "LastAccessTime")));
    thrift_w_i32_field(w->b, 6, (int32_t)jview_integer(w->v, member(w, t, "Retention")));
    w_sd(w, 7, member(w, t, "StorageDescriptor")); /* a missing one reads as empty */
    w_columns(w, 8, member(w, t, "PartitionKeys"));
    w_strmap(w, 9, member(w, t, "Parameters"));
    w_str_field(w, 10, member(w, t, "ViewOriginalText"), NULL);
    w_str_field(w, 11, member(w, t, "ViewExpandedText"), NULL);
    w_str_field(w, 12, member(w, t, "TableType"), "MANAGED_TABLE");
    thrift_w_string_field(w->b, 17, "hive");
    thrift_w_stop(w->b);
}

void hms_w_partition(struct hms_jw *w, int p)
{
    w_strlist(w, 1, member(w, p, "Values"));
    w_str_field(w, 2, member(w, p, "DatabaseName"), "");
    w_str_field(w, 3, member(w, p, "TableName"), "");
    thrift_w_i32_field(w->b, 4, seconds(w, member(w, p, "CreationTime")));
    thrift_w_i32_field(w->b, 5, seconds(w, member(w, p, "LastAccessTime")));
    w_sd(w, 6, member(w, p, "StorageDescriptor"));
    w_strmap(w, 7, member(w, p, "Parameters"));
    thrift_w_string_field(w->b, 9, "hive");
    thrift_w_stop(w->b);
}

/* Whether string node N says WORD. */
static int str_is(struct hms_jw *w, int n, const char *word)
{
    size_t len;
    const char *s = jview_str(w->v, n, &len, &w->tmp);
    return s && len == strlen(word) && memcmp(s, word, len) == 0;
}

void hms_w_function(struct hms_jw *w, int f)
{
    int ot = member(w, f, "OwnerType"), uris = member(w, f, "ResourceUris"), u;
    w_str_field(w, 1, member(w, f, "FunctionName"), "");
    w_str_field(w, 2, member(w, f, "DatabaseName"), "");
    w_str_field(w, 3, member(w, f, "ClassName"), "");
    w_str_field(w, 4, member(w, f, "OwnerName"), "");
    thrift_w_i32_field(w->b, 5, str_is(w, ot, "ROLE") ? 2 : str_is(w, ot, "GROUP") ? 3 : 1);
    thrift_w_i32_field(w->b, 6, seconds(w, member(w, f, "CreateTime")));
    thrift_w_i32_field(w->b, 7, 1); /* JAVA */
    thrift_w_field(w->b, THRIFT_LIST, 8);
    thrift_w_list(w->b, THRIFT_STRUCT, (uint32_t)jview_size(w->v, uris));
    for (u = jview_first(w->v, uris); u >= 0; u = jview_next(w->v, uris, u)) {
        int t = member(w, u, "ResourceType");
        thrift_w_i32_field(w->b, 1, str_is(w, t, "FILE") ? 2 : str_is(w, t, "ARCHIVE") ? 3 : 1);
        w_str_field(w, 2, member(w, u, "Uri"), "");
        thrift_w_stop(w->b);
    }
    thrift_w_string_field(w->b, 9, "hive");
    thrift_w_stop(w->b);
}

int hms_w_text(struct sbuf *b, hms_writer *write, const char *text, size_t len)
{
    struct hms_jw w = {b, NULL, {0}};
    struct jview v;
    if (jview_parse(&v, text, len) != 0)
        return -1;
    w.v = &v;
    write(&w, 0);
    jview_release(&v);
    free(w.tmp.p);
    return 0;
}

void hms_w_json(struct sbuf *b, hms_writer *write, const json_t *value)
{
    size_t n = value ? json_dumpb(value, NULL, 0, JSON_COMPACT) : 0;
    char *text = xmalloc(n + 1);
    if (n > 0)
        json_dumpb(value, text, n, JSON_COMPACT);
    if (n == 0 || hms_w_text(b, write, text, n) != 0)
        hms_w_text(b, write, "{}", 2); /* no value: as an empty object */
    free(text);
}
