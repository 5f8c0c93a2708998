/* hms_stats.c -- the Hive Metastore's column statistics methods over the Glue column statistics
** operations, with Hive's ColumnStatisticsObj <-> Glue's ColumnStatistics conversion. */
#include <math.h>
#include <nettle/base64.h>
#include <stdlib.h>
#include <string.h>

#include "front/hms_conv.h"
#include "front/hms_int.h"

#define GLUE_PUT_MAX 25  /* ColumnStatisticsList of one Update...For{Table,Partition} */
#define GLUE_GET_MAX 100 /* ColumnNames of one Get...For{Table,Partition} */
#define SECONDS_PER_DAY 86400

/* How a Thrift stats field is carried in Glue. */
enum fkind { F_LONG, F_DOUBLE, F_DECIMAL, F_DATE };

struct sfield {
    int id;
    enum fkind kind;
    const char *glue;
};

/* ColumnStatisticsData's members by union field id (1..7); timestampStats (8) has no Glue type. */
static const struct {
    const char *type, *member;
    struct sfield f[4];
} KINDS[] = {
    {NULL, NULL, {{0, F_LONG, NULL}}},
    {"BOOLEAN",
     "BooleanColumnStatisticsData",
     {{1, F_LONG, "NumberOfTrues"}, {2, F_LONG, "NumberOfFalses"}, {3, F_LONG, "NumberOfNulls"}}},
    {"LONG",
     "LongColumnStatisticsData",
     {{1, F_LONG, "MinimumValue"},
      {2, F_LONG, "MaximumValue"},
      {3, F_LONG, "NumberOfNulls"},
      {4, F_LONG, "NumberOfDistinctValues"}}},
    {"DOUBLE",
     "DoubleColumnStatisticsData",
     {{1, F_DOUBLE, "MinimumValue"},
      {2, F_DOUBLE, "MaximumValue"},
      {3, F_LONG, "NumberOfNulls"},
      {4, F_LONG, "NumberOfDistinctValues"}}},
    {"STRING",
     "StringColumnStatisticsData",
     {{1, F_LONG, "MaximumLength"},
      {2, F_DOUBLE, "AverageLength"},
      {3, F_LONG, "NumberOfNulls"},
      {4, F_LONG, "NumberOfDistinctValues"}}},
    {"BINARY",
     "BinaryColumnStatisticsData",
     {{1, F_LONG, "MaximumLength"}, {2, F_DOUBLE, "AverageLength"}, {3, F_LONG, "NumberOfNulls"}}},
    {"DECIMAL",
     "DecimalColumnStatisticsData",
     {{1, F_DECIMAL, "MinimumValue"},
      {2, F_DECIMAL, "MaximumValue"},
      {3, F_LONG, "NumberOfNulls"},
      {4, F_LONG, "NumberOfDistinctValues"}}},
    {"DATE",
     "DateColumnStatisticsData",
     {{1, F_DATE, "MinimumValue"},
      {2, F_DATE, "MaximumValue"},
      {3, F_LONG, "NumberOfNulls"},
      {4, F_LONG, "NumberOfDistinctValues"}}},
};
#define NKINDS ((int)(sizeof(KINDS) / sizeof(KINDS[0])))

static const char *jstr(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* ---- Thrift -> Glue ---- */

/* A double as Glue's JSON carries it: a number, or "NaN", "Infinity", "-Infinity". */
static json_t *jdouble(double d)
{
    if (isnan(d))
        return json_string("NaN");
    if (isinf(d))
        return json_string(d < 0 ? "-Infinity" : "Infinity");
    return json_real(d);
}

static json_t *field_in(const struct thrift_value *data, const struct sfield *f)
{
    const struct thrift_value *v;
    switch (f->kind) {
    case F_LONG:
        v = thrift_field(data, f->id, THRIFT_I64);
        return v ? json_integer(v->u.i) : NULL;
    case F_DOUBLE:
        v = thrift_field(data, f->id, THRIFT_DOUBLE);
        return v ? jdouble(v->u.d) : NULL;
    case F_DATE: /* Date{1: daysSinceEpoch} -> seconds */
        v = thrift_field(thrift_field(data, f->id, THRIFT_STRUCT), 1, THRIFT_I64);
        if (v == NULL || v->u.i > INT64_MAX / SECONDS_PER_DAY ||
            v->u.i < INT64_MIN / SECONDS_PER_DAY)
            return NULL;
        return json_integer(v->u.i * SECONDS_PER_DAY);
    case F_DECIMAL: { /* Decimal{3: scale, 1: unscaled} -> {UnscaledValue (base64), Scale} */
        const struct thrift_value *d = thrift_field(data, f->id, THRIFT_STRUCT);
        const struct thrift_value *u = thrift_field(d, 1, THRIFT_STRING),
                                  *s = thrift_field(d, 3, THRIFT_I16);
        json_t *o;
        char *b64;
        if (u == NULL || s == NULL)
            return NULL;
        b64 = xmalloc(BASE64_ENCODE_RAW_LENGTH(u->n) + 1);
        base64_encode_raw(b64, u->n, (const uint8_t *)u->u.s);
        b64[BASE64_ENCODE_RAW_LENGTH(u->n)] = '\0';
        o = json_pack("{s:s,s:I}", "UnscaledValue", b64, "Scale", (json_int_t)s->u.i);
        free(b64);
        return o;
    }
    }
    return NULL;
}

/* ColumnStatisticsObj OBJ -> a Glue ColumnStatistics analyzed at ANALYZED (seconds), or an
** error in C->err. */
static int obj_in(struct hms_call *c, const struct thrift_value *obj, long long analyzed,
                  json_t **out)
{
    struct hms_conv cv = {0};
    const struct thrift_value *u = thrift_field(obj, 3, THRIFT_STRUCT), *data = NULL;
    json_t *name = hms_jstr(&cv, thrift_field(obj, 1, THRIFT_STRING));
    json_t *type = hms_jstr(&cv, thrift_field(obj, 2, THRIFT_STRING)), *d;
    int k = 0, i;
    *out = NULL;
    if (name == NULL || type == NULL) {
        json_decref(name);
        json_decref(type);
        return srv_error_set(&c->err, CAT_EINVAL,
                             "A ColumnStatisticsObj needs a colName and a "
                             "colType (UTF-8).");
    }
    for (i = 0; u && i < (int)u->n; i++) /* a union: its one field set */
        if (u->u.kids[i].type == THRIFT_STRUCT) {
            k = u->u.kids[i].id;
            data = &u->u.kids[i];
            break;
        }
    if (k == 8 || k < 1 || k >= NKINDS) {
        srv_error_set(&c->err, CAT_EINVAL,
                      k == 8 ? "Statistics of column %s: timestampStats has no counterpart in "
                               "Glue's column statistics (BOOLEAN, LONG, DOUBLE, STRING, BINARY, "
                               "DECIMAL, DATE) and is not kept."
                             : "Statistics of column %s: statsData holds no known statistics.",
                      json_string_value(name));
        json_decref(name);
        json_decref(type);
        return c->err.code;
    }
    d = json_object();
    for (i = 0; i < 4 && KINDS[k].f[i].glue; i++) {
        json_t *v = field_in(data, &KINDS[k].f[i]);
        if (v)
            json_object_set_new(d, KINDS[k].f[i].glue, v);
    }
    *out = json_pack("{s:o,s:o,s:I,s:{s:s,s:o}}", "ColumnName", name, "ColumnType", type,
                     "AnalyzedTime", (json_int_t)analyzed, "StatisticsData", "Type", KINDS[k].type,
                     KINDS[k].member, d);
    return CAT_OK;
}

/* ---- Glue -> Thrift ---- */

static double jnum(const json_t *v)
{
    if (json_is_string(v))
        return strtod(json_string_value(v), NULL); /* "NaN", "Infinity", "-Infinity" */
    return json_number_value(v);
}

/* Seconds since the epoch as whole days (rounded down). */
static int64_t days(double seconds)
{
    double q = seconds / SECONDS_PER_DAY;
    int64_t d;
    if (!(q > -9e18 && q < 9e18))
        return 0;
    d = (int64_t)q;
    return (double)d > q ? d - 1 : d;
}

static void field_out(struct sbuf *b, const json_t *data, const struct sfield *f)
{
    const json_t *v = json_object_get(data, f->glue);
    if (v == NULL && (strcmp(f->glue, "MinimumValue") == 0 || strcmp(f->glue, "MaximumValue") == 0))
        return; /* the optional lowValue and highValue (a required count missing is 0) */
    switch (f->kind) {
    case F_LONG:
        thrift_w_field(b, THRIFT_I64, f->id);
        thrift_w_i64(b, (int64_t)json_integer_value(v));
        break;
    case F_DOUBLE:
        thrift_w_field(b, THRIFT_DOUBLE, f->id);
        thrift_w_double(b, jnum(v));
        break;
    case F_DATE:
        thrift_w_field(b, THRIFT_STRUCT, f->id);
        thrift_w_field(b, THRIFT_I64, 1);
        thrift_w_i64(b, days(jnum(v)));
        thrift_w_stop(b);
        break;
    case F_DECIMAL: {
        const char *s = jstr(v, "UnscaledValue");
        size_t n = s ? strlen(s) : 0, len = BASE64_DECODE_LENGTH(n);
        uint8_t *raw = xmalloc(len + 1);
        struct base64_decode_ctx ctx;
        base64_decode_init(&ctx);
        if (!base64_decode_update(&ctx, &len, raw, n, s ? s : "") || !base64_decode_final(&ctx))
            len = 0; /* checked on the way in: not reached */
        thrift_w_field(b, THRIFT_STRUCT, f->id);
        thrift_w_field(b, THRIFT_I16, 3);
        thrift_w_i16(b, (int)json_integer_value(json_object_get(v, "Scale")));
        thrift_w_field(b, THRIFT_STRING, 1);
        thrift_w_string(b, (const char *)raw, len);
        thrift_w_stop(b);
        free(raw);
        break;
    }
    }
}

/* A Glue ColumnStatistics CS as a ColumnStatisticsObj's fields and STOP. */
static void w_obj(struct sbuf *b, const json_t *cs)
{
    const json_t *sd = json_object_get(cs, "StatisticsData");
    const char *type = jstr(sd, "Type");
    int k, i;
    for (k = 1; k < NKINDS; k++)
        if (type && strcmp(type, KINDS[k].type) == 0)
            break;
    thrift_w_string_field(b, 1, jstr(cs, "ColumnName") ? jstr(cs, "ColumnName") : "");
    thrift_w_string_field(b, 2, jstr(cs, "ColumnType") ? jstr(cs, "ColumnType") : "");
    thrift_w_field(b, THRIFT_STRUCT, 3);
    if (k < NKINDS) {
        const json_t *data = json_object_get(sd, KINDS[k].member);
        thrift_w_field(b, THRIFT_STRUCT, k);
        for (i = 0; i < 4 && KINDS[k].f[i].glue; i++)
            field_out(b, data, &KINDS[k].f[i]);
        thrift_w_stop(b);
    }
    thrift_w_stop(b);
    thrift_w_stop(b);
}

static void w_obj_list(struct sbuf *b, int id, const json_t *list)
{
    size_t i;
    thrift_w_field(b, THRIFT_LIST, id);
    thrift_w_list(b, THRIFT_STRUCT, (uint32_t)json_array_size(list));
    for (i = 0; i < json_array_size(list); i++)
        w_obj(b, json_array_get(list, i));
}

/* ColumnStatistics{statsDesc, statsObj} as the result (field 0). */
static void w_column_statistics(struct hms_call *c, const json_t *db, const json_t *tbl,
                                const char *part_name, const json_t *list)
{
    long long analyzed = 0;
    size_t i;
    for (i = 0; i < json_array_size(list); i++) {
        long long t = (long long)jnum(json_object_get(json_array_get(list, i), "AnalyzedTime"));
        if (t > analyzed)
            analyzed = t;
    }
    thrift_w_field(c->out, THRIFT_STRUCT, 0);
    thrift_w_field(c->out, THRIFT_STRUCT, 1);
    thrift_w_field(c->out, THRIFT_BOOL, 1);
    thrift_w_bool(c->out, part_name == NULL);
    thrift_w_string_field(c->out, 2, json_string_value(db));
    thrift_w_string_field(c->out, 3, json_string_value(tbl));
    thrift_w_string_field(c->out, 4, part_name);
    thrift_w_field(c->out, THRIFT_I64, 5);
    thrift_w_i64(c->out, analyzed);
    thrift_w_string_field(c->out, 6, "hive");
    thrift_w_stop(c->out);
    w_obj_list(c->out, 2, list);
    thrift_w_stop(c->out);
}

/* ---- the calls ---- */

/* The first of an answer's Errors as C's error (NoSuchObject for a missing column, else
** InvalidObject), or CAT_OK when there are none. */
static int first_error(struct hms_call *c, const json_t *out)
{
    const json_t *e = json_object_get(json_array_get(json_object_get(out, "Errors"), 0), "Error");
    const char *code = jstr(e, "ErrorCode"), *msg = jstr(e, "ErrorMessage");
    if (json_array_size(json_object_get(out, "Errors")) == 0)
        return CAT_OK;
    return srv_error_set(
        &c->err, code && strcmp(code, "EntityNotFoundException") == 0 ? CAT_ENOTFOUND : CAT_EINVAL,
        "%s", msg ? msg : "The statistics were refused.");
}

/* Statistics of columns NAMES (a JSON array) of DB.TBL, or of its partition VALUES (NULL: the
** table), in calls of 100 names: *LIST the statistics found (a new array); *ERRORS, when not
** NULL, the Errors (a new array). */
static int stats_get(struct hms_call *c, json_t *db, json_t *tbl, const json_t *values,
                     const json_t *names, json_t **list, json_t **errors)
{
    size_t i;
    int rc = CAT_OK;
    *list = json_array();
    if (errors)
        *errors = json_array();
    for (i = 0; rc == CAT_OK && i < json_array_size(names); i += GLUE_GET_MAX) {
        json_t *batch = json_array(), *in, *out;
        size_t j;
        for (j = i; j < i + GLUE_GET_MAX && j < json_array_size(names); j++)
            json_array_append(batch, json_array_get(names, j));
        in = json_pack("{s:O,s:O,s:o}", "DatabaseName", db, "TableName", tbl, "ColumnNames", batch);
        if (values)
            json_object_set(in, "PartitionValues", (json_t *)values);
        rc = hms_run(c, values ? "GetColumnStatisticsForPartition" : "GetColumnStatisticsForTable",
                     in, &out);
        if (rc != CAT_OK)
            break;
        json_array_extend(*list, json_object_get(out, "ColumnStatisticsList"));
        if (errors)
            json_array_extend(*errors, json_object_get(out, "Errors"));
        json_decref(out);
    }
    if (rc != CAT_OK) {
        json_decref(*list);
        *list = NULL;
        if (errors) {
            json_decref(*errors);
            *errors = NULL;
        }
    }
    return rc;
}

/* get_table_column_statistics(db, tbl, col), get_partition_column_statistics(db, tbl, part, col) */
static int get_one(struct hms_call *c, int partition)
{
    struct hms_conv cv = {0};
    json_t *db, *tbl, *table = NULL, *values = NULL, *names = NULL, *list = NULL, *errors = NULL;
    json_t *col;
    char *part = NULL;
    int rc;
    if ((rc = hms_db_tbl(c, &db, &tbl)) != CAT_OK)
        return rc;
    names = json_array();
    col = hms_jstr(&cv, thrift_field(c->args, partition ? 4 : 3, THRIFT_STRING));
    if (col == NULL) {
        rc = srv_error_set(&c->err, CAT_EINVAL, "col_name is required.");
        goto done;
    }
    json_array_append_new(names, col);
    if (partition) {
        if ((part = hms_cstr(&cv, c->args, 3)) == NULL) {
            rc = srv_error_set(&c->err, CAT_EINVAL, "part_name is required.");
            goto done;
        }
        if ((rc = hms_get_table(c, db, tbl, &table)) != CAT_OK ||
            (rc = hms_name_values(c, table, part, &values)) != CAT_OK)
            goto done;
    }
    if ((rc = stats_get(c, db, tbl, values, names, &list, &errors)) != CAT_OK)
        goto done;
    if (json_array_size(list) == 0) { /* Hive: NoSuchObjectException when there are none */
        const json_t *e = json_object_get(json_array_get(errors, 0), "Error");
        rc = srv_error_set(&c->err, CAT_ENOTFOUND, "%s",
                           jstr(e, "ErrorMessage") ? jstr(e, "ErrorMessage") : "No statistics.");
        goto done;
    }
    w_column_statistics(c, db, tbl, part, list);
done:
    free(part);
    json_decref(db);
    json_decref(tbl);
    json_decref(table);
    json_decref(values);
    json_decref(names);
    json_decref(list);
    json_decref(errors);
    return rc;
}

int hms_get_table_column_statistics(struct hms_call *c)
{
    return get_one(c, 0);
}

int hms_get_partition_column_statistics(struct hms_call *c)
{
    return get_one(c, 1);
}

/* Store one ColumnStatistics CS (table or partition level, as its statsDesc says): a table's in
** calls of 25 columns, a partition's in one BatchUpdateColumnStatisticsForPartition (one
** transaction).  The first refused column fails the call. */
static int put_stats(struct hms_call *c, const struct thrift_value *cs)
{
    struct hms_conv cv = {0};
    const struct thrift_value *desc = thrift_field(cs, 1, THRIFT_STRUCT),
                              *objs = thrift_field(cs, 2, THRIFT_LIST),
                              *tl = thrift_field(desc, 1, THRIFT_BOOL),
                              *la = thrift_field(desc, 5, THRIFT_I64);
    json_t *db = hms_jstr(&cv, thrift_field(desc, 2, THRIFT_STRING));
    json_t *tbl = hms_jstr(&cv, thrift_field(desc, 3, THRIFT_STRING));
    json_t *list = json_array(), *table = NULL, *values = NULL, *out = NULL;
    char *part = hms_cstr(&cv, desc, 4);
    long long analyzed = la && la->u.i > 0 ? la->u.i : util_now();
    int table_level = tl ? (int)tl->u.i : part == NULL;
    uint32_t i;
    size_t k;
    int rc = CAT_OK;
    if (db == NULL || tbl == NULL) {
        rc = srv_error_set(&c->err, CAT_EINVAL, "statsDesc needs a dbName and a tableName.");
        goto done;
    }
    for (i = 0; objs && objs->etype == THRIFT_STRUCT && i < objs->n; i++) {
        json_t *one;
        if ((rc = obj_in(c, &objs->u.kids[i], analyzed, &one)) != CAT_OK)
            goto done;
        json_array_append_new(list, one);
    }
    if (table_level) { /* one operation, one transaction, whatever the number of columns */
        rc = hms_run(c, "UpdateColumnStatisticsForTable",
                     json_pack("{s:O,s:O,s:O}", "DatabaseName", db, "TableName", tbl,
                               "ColumnStatisticsList", list),
                     &out);
        if (rc == CAT_OK)
            rc = first_error(c, out);
        goto done;
    }
    if (part == NULL) {
        rc = srv_error_set(&c->err, CAT_EINVAL,
                           "statsDesc of partition statistics needs a "
                           "partName.");
        goto done;
    }
    if ((rc = hms_get_table(c, db, tbl, &table)) != CAT_OK ||
        (rc = hms_name_values(c, table, part, &values)) != CAT_OK)
        goto done;
    {
        json_t *entries = json_array();
        for (k = 0; k < json_array_size(list); k += GLUE_PUT_MAX) {
            json_t *batch = json_array();
            size_t j;
            for (j = k; j < k + GLUE_PUT_MAX && j < json_array_size(list); j++)
                json_array_append(batch, json_array_get(list, j));
            json_array_append_new(entries, json_pack("{s:O,s:o}", "PartitionValues", values,
                                                     "ColumnStatisticsList", batch));
        }
        if (json_array_size(entries) == 0) {
            json_decref(entries);
            goto done;
        }
        rc = hms_run(
            c, "BatchUpdateColumnStatisticsForPartition",
            json_pack("{s:O,s:O,s:o}", "DatabaseName", db, "TableName", tbl, "Entries", entries),
            &out);
        if (rc == CAT_OK)
            rc = first_error(c, out);
    }
done:
    if (rc == CAT_OK && cv.bad)
        rc = srv_error_set(&c->err, CAT_EINVAL, "The statistics hold a string that is not UTF-8.");
    free(part);
    json_decref(db);
    json_decref(tbl);
    json_decref(list);
    json_decref(table);
    json_decref(values);
    json_decref(out);
    return rc;
}

static void w_true(struct hms_call *c)
{
    thrift_w_field(c->out, THRIFT_BOOL, 0);
    thrift_w_bool(c->out, 1);
}

/* update_{table,partition}_column_statistics(ColumnStatistics): the level is the statsDesc's,
** checked against the method's. */
static int update_one(struct hms_call *c, int partition)
{
    const struct thrift_value *cs = thrift_field(c->args, 1, THRIFT_STRUCT);
    const struct thrift_value *tl =
        thrift_field(thrift_field(cs, 1, THRIFT_STRUCT), 1, THRIFT_BOOL);
    int rc;
    if (cs == NULL)
        return srv_error_set(&c->err, CAT_EINVAL, "stats_obj is required.");
    if (tl && (int)tl->u.i == partition)
        return srv_error_set(&c->err, CAT_EINVAL, "statsDesc.isTblLevel is %s for %s statistics.",
                             partition ? "true" : "false", partition ? "partition" : "table");
    if ((rc = put_stats(c, cs)) == CAT_OK)
        w_true(c);
    return rc;
}

int hms_update_table_column_statistics(struct hms_call *c)
{
    return update_one(c, 0);
}

int hms_update_partition_column_statistics(struct hms_call *c)
{
    return update_one(c, 1);
}

/* update_{table,partition}_column_statistics_req(SetPartitionsStatsRequest{1: colStats}) ->
** SetPartitionsStatsResponse{1: result}; set_aggr_stats_for(the same) -> bool.  needMerge is not
** honoured: the statistics sent replace those kept, column by column. */
int hms_update_column_statistics_req(struct hms_call *c)
{
    const struct thrift_value *req = thrift_field(c->args, 1, THRIFT_STRUCT);
    const struct thrift_value *list = thrift_field(req, 1, THRIFT_LIST);
    uint32_t i;
    int rc = CAT_OK;
    if (req == NULL || list == NULL || list->etype != THRIFT_STRUCT)
        return srv_error_set(&c->err, CAT_EINVAL, "The request's colStats are required.");
    for (i = 0; rc == CAT_OK && i < list->n; i++)
        rc = put_stats(c, &list->u.kids[i]);
    if (rc != CAT_OK)
        return rc;
    if (strcmp(c->method, "set_aggr_stats_for") == 0) {
        w_true(c);
    } else {
        thrift_w_field(c->out, THRIFT_STRUCT, 0);
        thrift_w_field(c->out, THRIFT_BOOL, 1);
        thrift_w_bool(c->out, 1);
        thrift_w_stop(c->out);
    }
    return CAT_OK;
}

/* delete_table_column_statistics(db, tbl, col), delete_partition_column_statistics(db, tbl, part,
** col): a missing col_name deletes those of every column. */
static int delete_stats(struct hms_call *c, int partition)
{
    struct hms_conv cv = {0};
    json_t *db, *tbl, *table = NULL, *values = NULL, *names = json_array(), *col;
    char *part = NULL;
    size_t i;
    int rc;
    if ((rc = hms_db_tbl(c, &db, &tbl)) != CAT_OK) {
        json_decref(names);
        return rc;
    }
    if ((rc = hms_get_table(c, db, tbl, &table)) != CAT_OK)
        goto done;
    if (partition) {
        if ((part = hms_cstr(&cv, c->args, 3)) == NULL) {
            rc = srv_error_set(&c->err, CAT_EINVAL, "part_name is required.");
            goto done;
        }
        if ((rc = hms_name_values(c, table, part, &values)) != CAT_OK)
            goto done;
    }
    col = hms_jstr(&cv, thrift_field(c->args, partition ? 4 : 3, THRIFT_STRING));
    if (col && json_string_length(col) > 0) {
        json_array_append_new(names, col);
    } else {
        const json_t *cols =
            json_object_get(json_object_get(table, "StorageDescriptor"), "Columns");
        json_decref(col);
        for (i = 0; i < json_array_size(cols); i++)
            json_array_append(names, json_object_get(json_array_get(cols, i), "Name"));
    }
    for (i = 0; rc == CAT_OK && i < json_array_size(names); i++) {
        json_t *in = json_pack("{s:O,s:O,s:O}", "DatabaseName", db, "TableName", tbl, "ColumnName",
                               json_array_get(names, i)),
               *out;
        if (values)
            json_object_set(in, "PartitionValues", values);
        rc = hms_run(
            c, values ? "DeleteColumnStatisticsForPartition" : "DeleteColumnStatisticsForTable", in,
            &out);
        json_decref(out);
    }
    if (rc == CAT_OK)
        w_true(c);
done:
    free(part);
    json_decref(db);
    json_decref(tbl);
    json_decref(table);
    json_decref(values);
    json_decref(names);
    return rc;
}

int hms_delete_table_column_statistics(struct hms_call *c)
{
    return delete_stats(c, 0);
}

int hms_delete_partition_column_statistics(struct hms_call *c)
{
    return delete_stats(c, 1);
}

/* The request struct's dbName (1), tblName (2) and colNames (3) as new references, or an error. */
static int stats_request(struct hms_call *c, const struct thrift_value *req, json_t **db,
                         json_t **tbl, json_t **names)
{
    struct hms_conv cv = {0};
    *db = hms_jstr(&cv, thrift_field(req, 1, THRIFT_STRING));
    *tbl = hms_jstr(&cv, thrift_field(req, 2, THRIFT_STRING));
    *names = hms_strlist(&cv, thrift_field(req, 3, THRIFT_LIST));
    if (*db && *tbl && !cv.bad)
        return CAT_OK;
    json_decref(*db);
    json_decref(*tbl);
    json_decref(*names);
    *db = *tbl = *names = NULL;
    return srv_error_set(&c->err, CAT_EINVAL, "The request needs a dbName and a tblName (UTF-8).");
}

/* get_table_statistics_req(TableStatsRequest) -> TableStatsResult{1: tableStats}: the columns
** that have statistics. */
int hms_get_table_statistics_req(struct hms_call *c)
{
    json_t *db, *tbl, *names, *list;
    int rc = stats_request(c, thrift_field(c->args, 1, THRIFT_STRUCT), &db, &tbl, &names);
    if (rc != CAT_OK)
        return rc;
    if ((rc = stats_get(c, db, tbl, NULL, names, &list, NULL)) == CAT_OK) {
        thrift_w_field(c->out, THRIFT_STRUCT, 0);
        w_obj_list(c->out, 1, list);
        thrift_w_stop(c->out);
        json_decref(list);
    }
    json_decref(db);
    json_decref(tbl);
    json_decref(names);
    return rc;
}

/* get_partitions_statistics_req(PartitionsStatsRequest{.., 4: partNames}) ->
** PartitionsStatsResult{1: map<partName, list<ColumnStatisticsObj>>}: the partitions that exist
** and have statistics of the columns asked. */
int hms_get_partitions_statistics_req(struct hms_call *c)
{
    const struct thrift_value *req = thrift_field(c->args, 1, THRIFT_STRUCT);
    struct hms_conv cv = {0};
    json_t *db, *tbl, *names, *parts, *table = NULL, *found = json_object(), *name;
    size_t i;
    int rc = stats_request(c, req, &db, &tbl, &names);
    if (rc != CAT_OK) {
        json_decref(found);
        return rc;
    }
    parts = hms_strlist(&cv, thrift_field(req, 4, THRIFT_LIST));
    rc = hms_get_table(c, db, tbl, &table);
    json_array_foreach(parts, i, name) {
        json_t *values, *list;
        if (rc != CAT_OK)
            break;
        if ((rc = hms_name_values(c, table, json_string_value(name), &values)) != CAT_OK)
            break;
        rc = stats_get(c, db, tbl, values, names, &list, NULL);
        json_decref(values);
        if (rc == CAT_ENOTFOUND) { /* a partition that does not exist: left out */
            srv_error_init(&c->err);
            rc = CAT_OK;
            continue;
        }
        if (rc == CAT_OK && json_array_size(list) > 0)
            json_object_set(found, json_string_value(name), list);
        json_decref(list);
    }
    if (rc == CAT_OK) {
        const char *k;
        json_t *v;
        thrift_w_field(c->out, THRIFT_STRUCT, 0);
        thrift_w_field(c->out, THRIFT_MAP, 1);
        thrift_w_map(c->out, THRIFT_STRING, THRIFT_LIST, (uint32_t)json_object_size(found));
        json_object_foreach(found, k, v) {
            thrift_w_cstring(c->out, k);
            thrift_w_list(c->out, THRIFT_STRUCT, (uint32_t)json_array_size(v));
            for (i = 0; i < json_array_size(v); i++)
                w_obj(c->out, json_array_get(v, i));
        }
        thrift_w_stop(c->out);
    }
    json_decref(db);
    json_decref(tbl);
    json_decref(names);
    json_decref(parts);
    json_decref(table);
    json_decref(found);
    return rc;
}
