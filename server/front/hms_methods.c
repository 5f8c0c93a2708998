/* hms_methods.c -- the Hive Metastore methods served: each maps its Thrift arguments onto registry
** operations (ops_run()) and writes the result, or the exception the method declares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/auth.h"
#include "front/hms_conv.h"
#include "front/hms_int.h"
#include "lang/hivefilter.h"
#include "lang/partname.h"

#define MAX_LISTED 1000000 /* items one call gathers from a paged listing */
#define MAX_KEYS 64        /* partition keys read from a partition name */

typedef int hms_fn(struct hms_call *c);

/* ---- running operations ---- */

/* Run Glue operation NAME on IN (taken) for call C: CAT_OK with *RES (the caller releases it),
** or the error in C->err. */
static int run_op(struct hms_call *c, const char *name, json_t *in, struct op_result *res)
{
    const struct op_def *op = ops_find(name);
    int rc;
    memset(res, 0, sizeof(*res));
    if (op == NULL) {
        json_decref(in);
        return srv_error_set(&c->err, CAT_EINTERNAL, "No operation %s.", name);
    }
    rc = ops_run_flags(&c->env, op, in, OPS_LONG_EXPRESSION | OPS_WHOLE_STATS, res, &c->err);
    json_decref(in);
    if (rc == CAT_OK && res->page.member)
        c->gathered += res->page.items.len;
    return rc;
}

/* Run Glue operation NAME on IN (taken) for call C: CAT_OK with *OUT (a new object: the answer, a
** page made an object), or the error in C->err. */
int hms_run(struct hms_call *c, const char *name, json_t *in, json_t **out)
{
    struct op_result res;
    int rc;
    *out = NULL;
    if ((rc = run_op(c, name, in, &res)) != CAT_OK)
        return rc;
    *out = res.page.member ? op_page_object(&res.page) : json_incref(res.out);
    op_result_release(&res);
    if (*out == NULL)
        return srv_error_set(&c->err, CAT_EINTERNAL, "%s answered text that does not parse.", name);
    return CAT_OK;
}

/* Write with WRITE, as result field 0 (wrapped: as field 1 of a struct there), MEMBER of the
** answer of NAME on IN (taken), from the answer's text when the operation answers text (no
** jansson tree on the way). */
static int run_write(struct hms_call *c, const char *name, json_t *in, const char *member,
                     hms_writer *write, int wrapped)
{
    struct op_result res;
    size_t at = c->out->len;
    int rc;
    if ((rc = run_op(c, name, in, &res)) != CAT_OK)
        return rc;
    thrift_w_field(c->out, THRIFT_STRUCT, 0);
    if (wrapped)
        thrift_w_field(c->out, THRIFT_STRUCT, 1);
    if (res.page.member == NULL)
        hms_w_json(c->out, write, json_object_get(res.out, member));
    else if (!res.page.single ||
             hms_w_text(c->out, write, res.page.items.p, res.page.items.len) != 0) {
        c->out->len = at;
        rc = srv_error_set(&c->err, CAT_EINTERNAL, "%s answered text that does not parse.", name);
    }
    if (rc == CAT_OK && wrapped)
        thrift_w_stop(c->out);
    op_result_release(&res);
    return rc;
}

/* MetaException when the items C gathered are past the answer cap (the other fronts' page size,
** which an HMS answer, having no pages, must fit in as a whole). */
static int over_cap(struct hms_call *c)
{
    size_t cap = c->env.max_answer ? c->env.max_answer : OPS_DEFAULT_MAX_ANSWER;
    if (c->gathered <= cap)
        return CAT_OK;
    c->hms_type = "MetaException";
    return srv_error_set(&c->err, CAT_ELIMIT,
                         "The answer would be over %zu bytes (catalogd's answer cap): ask for "
                         "fewer (a maximum, a filter, or get_partition_names then "
                         "get_partitions_by_names in batches).",
                         cap);
}

/* Run the paged listing NAME on IN (taken) to its end or MAX items, gathering MEMBER's items into
** *ITEMS (a new array). */
int hms_run_all(struct hms_call *c, const char *name, json_t *in, const char *member, long max,
                json_t **items)
{
    int rc = CAT_OK;
    *items = json_array();
    if (max < 0 || max > MAX_LISTED)
        max = MAX_LISTED;
    for (;;) {
        json_t *out, *req = json_deep_copy(in);
        const char *next;
        if ((rc = hms_run(c, name, req, &out)) != CAT_OK)
            break;
        json_array_extend(*items, json_object_get(out, member));
        next = json_string_value(json_object_get(out, "NextToken"));
        if (next == NULL || (long)json_array_size(*items) >= max) {
            json_decref(out);
            break;
        }
        json_object_set_new(in, "NextToken", json_string(next));
        json_decref(out);
        if ((rc = over_cap(c)) != CAT_OK) /* more to come, past the cap already */
            break;
    }
    json_decref(in);
    if (rc != CAT_OK) {
        json_decref(*items);
        *items = NULL;
    } else {
        while ((long)json_array_size(*items) > max)
            json_array_remove(*items, json_array_size(*items) - 1);
    }
    return rc;
}

/* ---- arguments ---- */

static const struct thrift_value *arg(const struct hms_call *c, int id, int type)
{
    return thrift_field(c->args, id, type);
}

/* String argument ID as a JSON string, or NULL with C->err set (InvalidObject: missing or bad). */
static json_t *arg_jstr(struct hms_call *c, int id, const char *what)
{
    struct hms_conv cv = {0};
    json_t *s = hms_jstr(&cv, arg(c, id, THRIFT_STRING));
    if (s == NULL)
        srv_error_set(&c->err, CAT_EINVAL, "%s is %s.", what,
                      arg(c, id, THRIFT_STRING) ? "not UTF-8" : "required");
    return s;
}

static const char *jstr(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static long arg_max(const struct hms_call *c, int id)
{
    const struct thrift_value *v = arg(c, id, THRIFT_I16);
    if (v == NULL)
        v = arg(c, id, THRIFT_I32);
    return v ? (long)v->u.i : -1;
}

static int bad_input(struct hms_call *c, const char *what)
{
    return srv_error_set(&c->err, CAT_EINVAL, "%s holds a string that is not UTF-8.", what);
}

/* ---- results ---- */

static void w_string_result(struct hms_call *c, const char *s)
{
    thrift_w_string_field(c->out, 0, s ? s : "");
}

static void w_names_result(struct hms_call *c, const json_t *items, const char *key)
{
    size_t i, n = json_array_size(items);
    thrift_w_field(c->out, THRIFT_LIST, 0);
    thrift_w_list(c->out, THRIFT_STRING, (uint32_t)n);
    for (i = 0; i < n; i++) {
        const json_t *it = json_array_get(items, i);
        const char *s = key ? jstr(it, key) : json_string_value(it);
        thrift_w_cstring(c->out, s);
    }
}

static void w_bool_result(struct hms_call *c, int v)
{
    thrift_w_field(c->out, THRIFT_BOOL, 0);
    thrift_w_bool(c->out, v);
}

/* ---- tables and partition keys ---- */

/* The Glue table DB.TBL (new reference) or an error. */
int hms_get_table(struct hms_call *c, json_t *db, json_t *tbl, json_t **table)
{
    json_t *out;
    int rc = hms_run(c, "GetTable", json_pack("{s:O,s:O}", "DatabaseName", db, "Name", tbl), &out);
    *table = NULL;
    if (rc == CAT_OK) {
        *table = json_incref(json_object_get(out, "Table"));
        json_decref(out);
    }
    return rc;
}

/* The partition name of VALUES under TABLE's keys (new string). */
static char *part_name(const json_t *table, const json_t *values)
{
    const json_t *keys = json_object_get(table, "PartitionKeys");
    size_t i, n = json_array_size(keys);
    struct sbuf b = {0};
    for (i = 0; i < n && i < json_array_size(values); i++) {
        char *k = util_lower(jstr(json_array_get(keys, i), "Name"));
        const char *v = json_string_value(json_array_get(values, i));
        const char *kk = k, *vv = v;
        partname_make(&b, &kk, &vv, 1);
        if (i + 1 < n)
            sbuf_adds(&b, "/");
        free(k);
    }
    return b.p ? b.p : strdup("");
}

/* The values a partition name NAME gives TABLE's keys, in key order (new array), or an error. */
int hms_name_values(struct hms_call *c, const json_t *table, const char *name, json_t **values)
{
    const json_t *keys = json_object_get(table, "PartitionKeys");
    char *k[MAX_KEYS], *v[MAX_KEYS];
    int n = partname_split(name, k, v, MAX_KEYS), i, rc = CAT_OK;
    *values = NULL;
    if (n < 0 || (size_t)n != json_array_size(keys))
        rc = srv_error_set(&c->err, CAT_EINVAL,
                           "Partition name %.200s does not name the table's %zu keys as k=v/k2=v2.",
                           name, json_array_size(keys));
    for (i = 0; rc == CAT_OK && i < n; i++)
        if (strcasecmp(k[i], jstr(json_array_get(keys, i), "Name")) != 0)
            rc = srv_error_set(&c->err, CAT_EINVAL,
                               "Partition name %.200s: key %d is %.100s, the table's is %.100s.",
                               name, i + 1, k[i], jstr(json_array_get(keys, i), "Name"));
    if (rc == CAT_OK) {
        *values = json_array();
        for (i = 0; i < n; i++)
            json_array_append_new(*values, json_string(v[i]));
    }
    for (i = 0; i < n; i++) {
        free(k[i]);
        free(v[i]);
    }
    if (rc == CAT_OK && json_array_size(*values) != (size_t)n) {
        json_decref(*values);
        *values = NULL;
        rc = srv_error_set(&c->err, CAT_EINVAL, "Partition name %.200s is not UTF-8.", name);
    }
    return rc;
}

/* A Glue expression saying that TABLE's keys equal the non-empty VALUES (Hive's partial
** specifications: an empty value matches any), or NULL for every partition. */
static char *ps_expression(const json_t *table, const json_t *values)
{
    const json_t *keys = json_object_get(table, "PartitionKeys");
    struct sbuf b = {0};
    size_t i;
    for (i = 0; i < json_array_size(values) && i < json_array_size(keys); i++) {
        const char *v = json_string_value(json_array_get(values, i)), *p;
        if (v == NULL || *v == '\0')
            continue;
        if (b.len)
            sbuf_adds(&b, " AND ");
        sbuf_adds(&b, "`");
        for (p = jstr(json_array_get(keys, i), "Name"); p && *p; p++)
            sbuf_add(&b, p, *p == '`' ? 0 : 1);
        sbuf_adds(&b, "` = '");
        for (p = v; *p; p++)
            sbuf_add(&b, *p == '\'' ? "''" : p, *p == '\'' ? 2 : 1);
        sbuf_adds(&b, "'");
    }
    return b.p;
}

/* ---- databases ---- */

static int m_get_all_databases(struct hms_call *c)
{
    json_t *items;
    const struct thrift_value *pat = arg(c, 1, THRIFT_STRING);
    char *pattern = NULL;
    size_t i;
    int rc = hms_run_all(c, "GetDatabases", json_object(), "DatabaseList", -1, &items);
    if (rc != CAT_OK)
        return rc;
    if (pat) { /* get_databases(pattern): Hive's '*' and '|' */
        pattern = xmalloc(pat->n + 1);
        memcpy(pattern, pat->u.s, pat->n);
        pattern[pat->n] = '\0';
        for (i = json_array_size(items); i-- > 0;)
            if (!auth_pattern_match(pattern, jstr(json_array_get(items, i), "Name")))
                json_array_remove(items, i);
    }
    w_names_result(c, items, "Name");
    free(pattern);
    json_decref(items);
    return CAT_OK;
}

static int m_get_database(struct hms_call *c)
{
    json_t *name = arg_jstr(c, 1, "name"), *out;
    int rc;
    if (name == NULL)
        return c->err.code;
    rc = hms_run(c, "GetDatabase", json_pack("{s:o}", "Name", name), &out);
    if (rc != CAT_OK)
        return rc;
    thrift_w_field(c->out, THRIFT_STRUCT, 0);
    hms_w_json(c->out, hms_w_database, json_object_get(out, "Database"));
    json_decref(out);
    return CAT_OK;
}

static int m_create_database(struct hms_call *c)
{
    struct hms_conv cv = {0};
    const struct thrift_value *db = arg(c, 1, THRIFT_STRUCT);
    json_t *in, *out;
    int rc;
    if (db == NULL)
        return srv_error_set(&c->err, CAT_EINVAL, "database is required.");
    in = hms_db_in(&cv, db);
    if (cv.bad) {
        json_decref(in);
        return bad_input(c, "The database");
    }
    rc = hms_run(c, "CreateDatabase", json_pack("{s:o}", "DatabaseInput", in), &out);
    json_decref(out);
    return rc;
}

static int m_alter_database(struct hms_call *c)
{
    struct hms_conv cv = {0};
    const struct thrift_value *db = arg(c, 2, THRIFT_STRUCT);
    json_t *name = arg_jstr(c, 1, "dbname"), *in, *out;
    int rc;
    if (name == NULL)
        return c->err.code;
    in = hms_db_in(&cv, db);
    if (cv.bad) {
        json_decref(in);
        json_decref(name);
        return bad_input(c, "The database");
    }
    json_object_set(in, "Name", name); /* no renames: Hive refuses them too */
    rc = hms_run(c, "UpdateDatabase", json_pack("{s:o,s:o}", "Name", name, "DatabaseInput", in),
                 &out);
    json_decref(out);
    return rc;
}

static int m_drop_database(struct hms_call *c)
{
    json_t *name = arg_jstr(c, 1, "name"), *out, *tables;
    const struct thrift_value *cascade = arg(c, 3, THRIFT_BOOL);
    int rc;
    if (name == NULL)
        return c->err.code;
    if ((rc = hms_run(c, "GetDatabase", json_pack("{s:O}", "Name", name), &out)) != CAT_OK)
        goto done;
    json_decref(out);
    if (!(cascade && cascade->u.i)) { /* Hive refuses to drop a database that has tables */
        rc = hms_run(c, "GetTables", json_pack("{s:O,s:i}", "DatabaseName", name, "MaxResults", 1),
                     &tables);
        if (rc != CAT_OK)
            goto done;
        if (json_array_size(json_object_get(tables, "TableList")) > 0) {
            json_decref(tables);
            c->hms_type = "InvalidOperationException";
            rc = srv_error_set(&c->err, CAT_ESTATECONFLICT,
                               "Database %s is not empty. One or more tables exist.",
                               json_string_value(name));
            goto done;
        }
        json_decref(tables);
    }
    rc = hms_run(c, "DeleteDatabase", json_pack("{s:O}", "Name", name), &out);
    json_decref(out);
done:
    json_decref(name);
    return rc;
}

/* ---- tables ---- */

/* The tables of database DB (a new array of Glue tables), or an error. */
static int list_tables(struct hms_call *c, json_t *db, json_t **items)
{
    return hms_run_all(c, "GetTables", json_pack("{s:O}", "DatabaseName", db), "TableList", -1,
                       items);
}

/* get_all_tables(db), get_tables(db, pattern), get_tables_by_type(db, pattern, type) */
static int m_get_tables(struct hms_call *c)
{
    json_t *db = arg_jstr(c, 1, "db_name"), *items;
    const struct thrift_value *pat = arg(c, 2, THRIFT_STRING), *type = arg(c, 3, THRIFT_STRING);
    struct hms_conv cv = {0};
    char *pattern = hms_cstr(&cv, c->args, 2), *ttype = hms_cstr(&cv, c->args, 3);
    size_t i;
    int rc;
    (void)pat;
    (void)type;
    if (db == NULL) {
        free(pattern);
        free(ttype);
        return c->err.code;
    }
    rc = list_tables(c, db, &items);
    json_decref(db);
    if (rc == CAT_OK) {
        for (i = json_array_size(items); i-- > 0;) {
            const json_t *t = json_array_get(items, i);
            const char *tt = jstr(t, "TableType");
            if ((pattern && !auth_pattern_match(pattern, jstr(t, "Name"))) ||
                (ttype && *ttype && (tt == NULL || strcasecmp(tt, ttype) != 0)))
                json_array_remove(items, i);
        }
        w_names_result(c, items, "Name");
        json_decref(items);
    }
    free(pattern);
    free(ttype);
    return rc;
}

static int m_get_table_meta(struct hms_call *c)
{
    struct hms_conv cv = {0};
    char *dbpat = hms_cstr(&cv, c->args, 1), *tpat = hms_cstr(&cv, c->args, 2);
    const struct thrift_value *types = arg(c, 3, THRIFT_LIST);
    json_t *dbs = NULL, *metas = json_array(), *typelist = hms_strlist(&cv, types), *db;
    size_t i, j;
    int rc = hms_run_all(c, "GetDatabases", json_object(), "DatabaseList", -1, &dbs);
    json_array_foreach(dbs, i, db) {
        json_t *tables, *t;
        if (rc != CAT_OK)
            break;
        if (dbpat && *dbpat && !auth_pattern_match(dbpat, jstr(db, "Name")))
            continue;
        if ((rc = list_tables(c, json_object_get(db, "Name"), &tables)) != CAT_OK)
            break;
        json_array_foreach(tables, j, t) {
            const char *tt = jstr(t, "TableType");
            size_t k, ok = json_array_size(typelist) == 0;
            for (k = 0; k < json_array_size(typelist); k++)
                ok |= tt && strcasecmp(tt, json_string_value(json_array_get(typelist, k))) == 0;
            if (ok && (tpat == NULL || !*tpat || auth_pattern_match(tpat, jstr(t, "Name"))))
                json_array_append(metas, t);
        }
        json_decref(tables);
    }
    if (rc == CAT_OK) {
        json_t *t;
        thrift_w_field(c->out, THRIFT_LIST, 0);
        thrift_w_list(c->out, THRIFT_STRUCT, (uint32_t)json_array_size(metas));
        json_array_foreach(metas, i, t) {
            thrift_w_string_field(c->out, 1, jstr(t, "DatabaseName"));
            thrift_w_string_field(c->out, 2, jstr(t, "Name"));
            thrift_w_string_field(c->out, 3, jstr(t, "TableType") ? jstr(t, "TableType") : "");
            thrift_w_string_field(c->out, 4, jstr(json_object_get(t, "Parameters"), "comment"));
            thrift_w_string_field(c->out, 5, "hive");
            thrift_w_stop(c->out);
        }
    }
    json_decref(dbs);
    json_decref(metas);
    json_decref(typelist);
    free(dbpat);
    free(tpat);
    return rc;
}

/* get_table(db, tbl); get_table_req(GetTableRequest{1: dbName, 2: tblName}) */
static int table_result(struct hms_call *c, const struct thrift_value *st, int wrapped)
{
    struct hms_conv cv = {0};
    json_t *db = hms_jstr(&cv, thrift_field(st, 1, THRIFT_STRING));
    json_t *tbl = hms_jstr(&cv, thrift_field(st, 2, THRIFT_STRING));
    if (db == NULL || tbl == NULL) {
        json_decref(db);
        json_decref(tbl);
        return srv_error_set(&c->err, CAT_EINVAL, "The database and table names are required.");
    }
    return run_write(c, "GetTable", json_pack("{s:o,s:o}", "DatabaseName", db, "Name", tbl),
                     "Table", hms_w_table, wrapped);
}

static int m_get_table(struct hms_call *c)
{
    return table_result(c, c->args, 0);
}

static int m_get_table_req(struct hms_call *c)
{
    const struct thrift_value *req = arg(c, 1, THRIFT_STRUCT);
    if (req == NULL)
        return srv_error_set(&c->err, CAT_EINVAL, "req is required.");
    return table_result(c, req, 1);
}

/* get_table_objects_by_name(db, names); _req(GetTablesRequest{1: dbName, 2: tblNames}): the
** tables that exist, in the order asked. */
static int tables_by_name(struct hms_call *c, const struct thrift_value *db_v,
                          const struct thrift_value *names, int wrapped)
{
    struct hms_conv cv = {0};
    json_t *db = hms_jstr(&cv, db_v), *list = hms_strlist(&cv, names), *found = json_array(), *n;
    size_t i;
    int rc = CAT_OK;
    if (db == NULL)
        rc = srv_error_set(&c->err, CAT_EINVAL, "dbName is required.");
    json_array_foreach(list, i, n) {
        json_t *t;
        if (rc != CAT_OK)
            break;
        if ((rc = hms_get_table(c, db, n, &t)) == CAT_ENOTFOUND) {
            srv_error_init(&c->err);
            rc = CAT_OK;
            continue;
        }
        if (rc == CAT_OK)
            json_array_append_new(found, t);
    }
    if (rc == CAT_OK) {
        json_t *t;
        thrift_w_field(c->out, wrapped ? THRIFT_STRUCT : THRIFT_LIST, 0);
        if (wrapped)
            thrift_w_field(c->out, THRIFT_LIST, 1);
        thrift_w_list(c->out, THRIFT_STRUCT, (uint32_t)json_array_size(found));
        json_array_foreach(found, i, t)
            hms_w_json(c->out, hms_w_table, t);
        if (wrapped)
            thrift_w_stop(c->out);
    }
    json_decref(db);
    json_decref(list);
    json_decref(found);
    return rc;
}

static int m_get_table_objects_by_name(struct hms_call *c)
{
    return tables_by_name(c, arg(c, 1, THRIFT_STRING), arg(c, 2, THRIFT_LIST), 0);
}

static int m_get_table_objects_by_name_req(struct hms_call *c)
{
    const struct thrift_value *req = arg(c, 1, THRIFT_STRUCT);
    if (req == NULL)
        return srv_error_set(&c->err, CAT_EINVAL, "req is required.");
    return tables_by_name(c, thrift_field(req, 1, THRIFT_STRING), thrift_field(req, 2, THRIFT_LIST),
                          1);
}

static int m_create_table(struct hms_call *c)
{
    struct hms_conv cv = {0};
    const struct thrift_value *t = arg(c, 1, THRIFT_STRUCT);
    json_t *db, *in, *out;
    int rc;
    if (t == NULL)
        return srv_error_set(&c->err, CAT_EINVAL, "tbl is required.");
    db = hms_jstr(&cv, thrift_field(t, 2, THRIFT_STRING));
    in = hms_table_in(&cv, t, 1);
    if (cv.bad || db == NULL) {
        json_decref(db);
        json_decref(in);
        return db ? bad_input(c, "The table")
                  : srv_error_set(&c->err, CAT_EINVAL, "The table's dbName is required.");
    }
    rc = hms_run(c, "CreateTable", json_pack("{s:o,s:o}", "DatabaseName", db, "TableInput", in),
                 &out);
    json_decref(out);
    return rc;
}

/* alter_table(db, tbl, new_tbl), _with_environment_context(..., 4: ctx),
** _with_cascade(..., 4: bool cascade): the table replaced; with cascade (or the context's
** CASCADE=true), the new columns are given to every partition too. */
static int m_alter_table(struct hms_call *c)
{
    struct hms_conv cv = {0};
    const struct thrift_value *t = arg(c, 3, THRIFT_STRUCT), *casc = arg(c, 4, THRIFT_BOOL),
                              *ctx = arg(c, 4, THRIFT_STRUCT);
    json_t *db = arg_jstr(c, 1, "dbname"), *tbl = NULL, *in = NULL, *out = NULL, *envp = NULL;
    json_t *ndb = NULL;
    int rc = CAT_OK, cascade = casc && casc->u.i;
    if (db == NULL)
        return c->err.code;
    if ((tbl = arg_jstr(c, 2, "tbl_name")) == NULL || t == NULL) {
        rc = t ? c->err.code : srv_error_set(&c->err, CAT_EINVAL, "new_tbl is required.");
        goto done;
    }
    if (ctx) {
        envp = hms_strmap(&cv, thrift_field(ctx, 1, THRIFT_MAP));
        cascade |= jstr(envp, "CASCADE") && strcasecmp(jstr(envp, "CASCADE"), "true") == 0;
    }
    in = hms_table_in(&cv, t, 0);
    if (cv.bad) {
        rc = bad_input(c, "The table");
        goto done;
    }
    ndb = hms_jstr(&cv, thrift_field(t, 2, THRIFT_STRING));
    if (ndb && json_string_length(ndb) == 0) {
        json_decref(ndb);
        ndb = NULL;
    }
    if ((jstr(in, "Name") && strcasecmp(jstr(in, "Name"), json_string_value(tbl)) != 0) ||
        (ndb && strcasecmp(json_string_value(ndb), json_string_value(db)) != 0)) {
        /* a rename, or a move to database NDB: the same row under the new name, with the new
        ** definition, at once */
        json_t *req = json_pack("{s:O,s:O,s:O}", "DatabaseName", db, "Name", tbl, "TableInput", in);
        if (ndb)
            json_object_set(req, "DestinationDatabaseName", ndb);
        rc = hms_run(c, "RenameTable", req, &out);
        json_decref(tbl);
        tbl = json_incref(json_object_get(in, "Name"));
        if (ndb) {
            json_decref(db);
            db = json_incref(ndb);
        }
    } else {
        json_object_set(in, "Name", tbl);
        rc = hms_run(c, "UpdateTable", json_pack("{s:O,s:O}", "DatabaseName", db, "TableInput", in),
                     &out);
    }
    if (rc == CAT_OK && cascade) {
        json_t *parts, *p;
        size_t i;
        const json_t *cols = json_object_get(json_object_get(in, "StorageDescriptor"), "Columns");
        rc = hms_run_all(c, "GetPartitions",
                         json_pack("{s:O,s:O}", "DatabaseName", db, "TableName", tbl), "Partitions",
                         -1, &parts);
        /* each partition's descriptor with the table's new columns, 100 to a batch */
        for (i = 0; rc == CAT_OK && cols && i < json_array_size(parts); i += 100) {
            json_t *entries = json_array(), *o2 = NULL;
            size_t k;
            for (k = i; k < i + 100 && k < json_array_size(parts); k++) {
                json_t *pin;
                p = json_array_get(parts, k);
                pin = json_pack("{s:O,s:O*,s:O*}", "Values", json_object_get(p, "Values"),
                                "StorageDescriptor", json_object_get(p, "StorageDescriptor"),
                                "Parameters", json_object_get(p, "Parameters"));
                if (json_object_get(pin, "StorageDescriptor") == NULL)
                    json_object_set_new(pin, "StorageDescriptor", json_object());
                json_object_set(json_object_get(pin, "StorageDescriptor"), "Columns",
                                (json_t *)cols);
                json_array_append_new(entries, json_pack("{s:O,s:o}", "PartitionValueList",
                                                         json_object_get(p, "Values"),
                                                         "PartitionInput", pin));
            }
            rc = hms_run(c, "BatchUpdatePartition",
                         json_pack("{s:O,s:O,s:o}", "DatabaseName", db, "TableName", tbl, "Entries",
                                   entries),
                         &o2);
            if (rc == CAT_OK && json_array_size(json_object_get(o2, "Errors")) > 0) {
                const json_t *e = json_object_get(json_array_get(json_object_get(o2, "Errors"), 0),
                                                  "ErrorDetail");
                rc = srv_error_set(&c->err, CAT_EINVAL, "Cascading to the partitions: %s",
                                   jstr(e, "ErrorMessage") ? jstr(e, "ErrorMessage") : "failed");
            }
            json_decref(o2);
        }
        json_decref(parts);
    }
done:
    /* Hive: "alter is not possible", "new table ... already exists" */
    if ((rc == CAT_ENOTFOUND || rc == CAT_EEXISTS) && c->hms_type == NULL)
        c->hms_type = "InvalidOperationException";
    json_decref(out);
    json_decref(in);
    json_decref(envp);
    json_decref(ndb);
    json_decref(db);
    json_decref(tbl);
    return rc;
}

static int m_drop_table(struct hms_call *c)
{
    json_t *db = arg_jstr(c, 1, "dbname"), *tbl, *out;
    int rc;
    if (db == NULL)
        return c->err.code;
    if ((tbl = arg_jstr(c, 2, "name")) == NULL) {
        json_decref(db);
        return c->err.code;
    }
    rc = hms_run(c, "DeleteTable", json_pack("{s:o,s:o}", "DatabaseName", db, "Name", tbl), &out);
    json_decref(out);
    return rc;
}

/* ---- partitions ---- */

/* The database and table arguments 1 and 2 (new references), or an error. */
int hms_db_tbl(struct hms_call *c, json_t **db, json_t **tbl)
{
    *tbl = NULL;
    if ((*db = arg_jstr(c, 1, "db_name")) == NULL)
        return c->err.code;
    if ((*tbl = arg_jstr(c, 2, "tbl_name")) == NULL) {
        json_decref(*db);
        *db = NULL;
        return c->err.code;
    }
    return CAT_OK;
}

static void w_partitions_result(struct hms_call *c, const json_t *parts)
{
    size_t i;
    json_t *p;
    thrift_w_field(c->out, THRIFT_LIST, 0);
    thrift_w_list(c->out, THRIFT_STRUCT, (uint32_t)json_array_size(parts));
    json_array_foreach(parts, i, p)
        hms_w_json(c->out, hms_w_partition, p);
}

/* GetPartitions' request for the partitions of DB.TBL matching EXPR (NULL: all), pages of at
** most MAX (-1: any). */
static json_t *partitions_request(json_t *db, json_t *tbl, const char *expr, long max)
{
    json_t *in = json_pack("{s:O,s:O}", "DatabaseName", db, "TableName", tbl);
    if (expr && *expr)
        json_object_set_new(in, "Expression", json_string(expr));
    if (max > 0 && max < 1000) /* no page larger than asked */
        json_object_set_new(in, "MaxResults", json_integer(max));
    return in;
}

/* The partitions of DB.TBL matching EXPR (NULL: all), at most MAX (-1: all), written as result
** field 0 (list<Partition>) from the answers' text: pages gathered as text, then viewed. */
static int write_partitions(struct hms_call *c, json_t *db, json_t *tbl, const char *expr, long max)
{
    json_t *in = partitions_request(db, tbl, expr, max);
    struct sbuf text = {0};
    struct op_result res;
    size_t count = 0;
    int rc, e, n;
    if (max < 0 || max > MAX_LISTED)
        max = MAX_LISTED;
    sbuf_add(&text, "[", 1);
    for (;;) {
        if ((rc = run_op(c, "GetPartitions", json_deep_copy(in), &res)) != CAT_OK)
            break;
        if (res.page.member == NULL) {
            op_result_release(&res);
            rc = srv_error_set(&c->err, CAT_EINTERNAL, "GetPartitions answered no page.");
            break;
        }
        if (res.page.count > 0) {
            if (count > 0)
                sbuf_add(&text, ",", 1);
            sbuf_add(&text, res.page.items.p, res.page.items.len);
            count += res.page.count;
        }
        if (res.page.next_token == NULL || (long)count >= max) {
            op_result_release(&res);
            break;
        }
        json_object_set_new(in, "NextToken", json_string(res.page.next_token));
        op_result_release(&res);
        if ((rc = over_cap(c)) != CAT_OK) /* more to come, past the cap already */
            break;
    }
    json_decref(in);
    sbuf_add(&text, "]", 1);
    if (rc == CAT_OK) {
        struct jview v;
        struct hms_jw w = {c->out, NULL, {0}};
        if (jview_parse(&v, text.p, text.len) != 0) {
            rc = srv_error_set(&c->err, CAT_EINTERNAL,
                               "GetPartitions answered text that does "
                               "not parse.");
        } else {
            w.v = &v;
            n = jview_size(&v, 0) < max ? jview_size(&v, 0) : (int)max;
            thrift_w_field(c->out, THRIFT_LIST, 0);
            thrift_w_list(c->out, THRIFT_STRUCT, (uint32_t)n);
            for (e = jview_first(&v, 0); e >= 0 && n-- > 0; e = jview_next(&v, 0, e))
                hms_w_partition(&w, e);
            jview_release(&v);
            free(w.tmp.p);
        }
    }
    c->gathered = 0;
    free(text.p);
    return rc;
}

/* The Values of the partitions of DB.TBL matching EXPR (NULL: all), at most MAX (-1: all), as
** [{"Values": [...]}] (names and counts: the answer cap does not apply to what is not kept, and
** memory holds the values only). */
static int list_values(struct hms_call *c, json_t *db, json_t *tbl, const char *expr, long max,
                       json_t **parts)
{
    json_t *in = partitions_request(db, tbl, expr, max);
    int rc = CAT_OK;
    json_object_set_new(in, "ExcludeColumnSchema", json_true());
    if (max < 0 || max > MAX_LISTED)
        max = MAX_LISTED;
    *parts = json_array();
    for (;;) {
        json_t *out, *p;
        const char *next;
        size_t i;
        if ((rc = hms_run(c, "GetPartitions", json_deep_copy(in), &out)) != CAT_OK)
            break;
        json_array_foreach(json_object_get(out, "Partitions"), i, p)
            if ((long)json_array_size(*parts) < max)
                json_array_append_new(*parts,
                                      json_pack("{s:O*}", "Values", json_object_get(p, "Values")));
        next = jstr(out, "NextToken");
        if (next == NULL || (long)json_array_size(*parts) >= max) {
            json_decref(out);
            break;
        }
        json_object_set_new(in, "NextToken", json_string(next));
        json_decref(out);
    }
    c->gathered = 0;
    json_decref(in);
    if (rc != CAT_OK) {
        json_decref(*parts);
        *parts = NULL;
    }
    return rc;
}

/* get_partitions(db, tbl, max), get_partitions_ps(db, tbl, vals, max),
** get_partition_names(db, tbl, max), get_partition_names_ps(db, tbl, vals, max),
** get_partitions_by_filter(db, tbl, filter, max), get_num_partitions_by_filter(db, tbl, filter) */
enum plist { PL_ALL, PL_PS, PL_FILTER };
static int partitions(struct hms_call *c, enum plist how, int names, int count)
{
    json_t *db, *tbl, *table = NULL, *parts = NULL, *vals = NULL;
    struct hms_conv cv = {0};
    char *expr = NULL;
    long max = arg_max(c, how == PL_ALL ? 3 : 4);
    size_t i;
    int rc;
    if ((rc = hms_db_tbl(c, &db, &tbl)) != CAT_OK)
        return rc;
    /* the table's keys: for a partial specification and for names (a filter needs none: one
    ** operation less a call) */
    if ((how == PL_PS || names) && (rc = hms_get_table(c, db, tbl, &table)) != CAT_OK)
        goto done;
    if (how == PL_PS) {
        vals = hms_strlist(&cv, arg(c, 3, THRIFT_LIST));
        if (json_array_size(vals) > json_array_size(json_object_get(table, "PartitionKeys"))) {
            rc = srv_error_set(
                &c->err, CAT_EINVAL, "%zu partition values given; the table has %zu keys.",
                json_array_size(vals), json_array_size(json_object_get(table, "PartitionKeys")));
            goto done;
        }
        expr = ps_expression(table, vals);
    } else if (how == PL_FILTER) {
        /* Hive's filter grammar is the expressions', but for LIKE's regular expressions */
        char *filter = hms_cstr(&cv, c->args, 3);
        rc = filter ? hivefilter_expression(filter, &expr, &c->err) : CAT_OK;
        free(filter);
        if (rc != CAT_OK)
            goto done;
    }
    if (cv.bad) {
        rc = bad_input(c, "The request");
        goto done;
    }
    if (!names && !count) {
        rc = write_partitions(c, db, tbl, expr, max);
        goto done;
    }
    if ((rc = list_values(c, db, tbl, expr, count ? -1 : max, &parts)) != CAT_OK)
        goto done;
    if (count) {
        thrift_w_i32_field(c->out, 0, (int32_t)json_array_size(parts));
    } else if (names) {
        json_t *p;
        thrift_w_field(c->out, THRIFT_LIST, 0);
        thrift_w_list(c->out, THRIFT_STRING, (uint32_t)json_array_size(parts));
        json_array_foreach(parts, i, p) {
            char *n = part_name(table, json_object_get(p, "Values"));
            thrift_w_cstring(c->out, n);
            free(n);
        }
    }
done:
    if (how == PL_FILTER && rc == CAT_EINVAL) /* Hive: a filter it cannot read is MetaException */
        c->hms_type = "MetaException";
    free(expr);
    json_decref(vals);
    json_decref(parts);
    json_decref(table);
    json_decref(db);
    json_decref(tbl);
    return rc;
}

static int m_get_partitions(struct hms_call *c)
{
    return partitions(c, PL_ALL, 0, 0);
}
static int m_get_partitions_ps(struct hms_call *c)
{
    return partitions(c, PL_PS, 0, 0);
}
static int m_get_partition_names(struct hms_call *c)
{
    return partitions(c, PL_ALL, 1, 0);
}
static int m_get_partition_names_ps(struct hms_call *c)
{
    return partitions(c, PL_PS, 1, 0);
}
static int m_get_partitions_by_filter(struct hms_call *c)
{
    return partitions(c, PL_FILTER, 0, 0);
}
static int m_get_num_partitions_by_filter(struct hms_call *c)
{
    return partitions(c, PL_FILTER, 0, 1);
}

/* One partition by values (get_partition) or by name (get_partition_by_name). */
static int one_partition(struct hms_call *c, int by_name)
{
    json_t *db, *tbl, *table = NULL, *vals = NULL, *out = NULL;
    struct hms_conv cv = {0};
    char *name = NULL;
    int rc;
    if ((rc = hms_db_tbl(c, &db, &tbl)) != CAT_OK)
        return rc;
    if (by_name) {
        if ((name = hms_cstr(&cv, c->args, 3)) == NULL) {
            rc = srv_error_set(&c->err, CAT_EINVAL, "part_name is required.");
            goto done;
        }
        if ((rc = hms_get_table(c, db, tbl, &table)) != CAT_OK ||
            (rc = hms_name_values(c, table, name, &vals)) != CAT_OK)
            goto done;
    } else {
        vals = hms_strlist(&cv, arg(c, 3, THRIFT_LIST));
    }
    rc = hms_run(
        c, "GetPartition",
        json_pack("{s:O,s:O,s:O}", "DatabaseName", db, "TableName", tbl, "PartitionValues", vals),
        &out);
    if (rc == CAT_OK) {
        thrift_w_field(c->out, THRIFT_STRUCT, 0);
        hms_w_json(c->out, hms_w_partition, json_object_get(out, "Partition"));
    }
done:
    free(name);
    json_decref(out);
    json_decref(vals);
    json_decref(table);
    json_decref(db);
    json_decref(tbl);
    return rc;
}

static int m_get_partition(struct hms_call *c)
{
    return one_partition(c, 0);
}
static int m_get_partition_by_name(struct hms_call *c)
{
    return one_partition(c, 1);
}

/* get_partitions_by_names(db, tbl, names): those that exist, in batches of 1000 */
static int m_get_partitions_by_names(struct hms_call *c)
{
    json_t *db, *tbl, *table = NULL, *names, *found = json_array(), *n, *keys = json_array();
    struct hms_conv cv = {0};
    size_t i;
    int rc;
    names = hms_strlist(&cv, arg(c, 3, THRIFT_LIST));
    if ((rc = hms_db_tbl(c, &db, &tbl)) != CAT_OK)
        goto out;
    if ((rc = hms_get_table(c, db, tbl, &table)) != CAT_OK)
        goto done;
    json_array_foreach(names, i, n) {
        json_t *vals;
        if ((rc = hms_name_values(c, table, json_string_value(n), &vals)) != CAT_OK)
            goto done;
        json_array_append_new(keys, json_pack("{s:o}", "Values", vals));
    }
    for (i = 0; i < json_array_size(keys);) {
        size_t take = json_array_size(keys) - i, j;
        json_t *batch = json_array(), *out;
        if (take > 1000)
            take = 1000;
        for (j = 0; j < take; j++)
            json_array_append(batch, json_array_get(keys, i + j));
        rc = hms_run(c, "BatchGetPartition",
                     json_pack("{s:O,s:O,s:o}", "DatabaseName", db, "TableName", tbl,
                               "PartitionsToGet", batch),
                     &out);
        if (rc != CAT_OK)
            goto done;
        json_array_extend(found, json_object_get(out, "Partitions"));
        c->gathered += json_dumpb(json_object_get(out, "Partitions"), NULL, 0, JSON_COMPACT);
        /* what did not fit the answer comes back unprocessed: asked again */
        j = json_array_size(json_object_get(out, "UnprocessedKeys"));
        json_decref(out);
        if ((rc = over_cap(c)) != CAT_OK)
            goto done;
        if (j == take) {
            rc = srv_error_set(&c->err, CAT_EINTERNAL, "BatchGetPartition made no progress.");
            goto done;
        }
        i += take - j;
    }
    w_partitions_result(c, found);
done:
    json_decref(table);
    json_decref(db);
    json_decref(tbl);
out:
    json_decref(names);
    json_decref(keys);
    json_decref(found);
    return rc;
}

/* Partition P's input for DB.TBL: checked to name this table. */
static int partition_input(struct hms_call *c, const struct thrift_value *p, json_t **pin)
{
    struct hms_conv cv = {0};
    *pin = hms_partition_in(&cv, p);
    if (cv.bad) {
        json_decref(*pin);
        *pin = NULL;
        return bad_input(c, "The partition");
    }
    return CAT_OK;
}

/* add_partition(p), add_partition_with_environment_context(p, ctx): the partition added,
** answered as stored. */
static int m_add_partition(struct hms_call *c)
{
    const struct thrift_value *p = arg(c, 1, THRIFT_STRUCT);
    struct hms_conv cv = {0};
    json_t *db, *tbl, *pin = NULL, *out = NULL;
    int rc;
    if (p == NULL)
        return srv_error_set(&c->err, CAT_EINVAL, "new_part is required.");
    db = hms_jstr(&cv, thrift_field(p, 2, THRIFT_STRING));
    tbl = hms_jstr(&cv, thrift_field(p, 3, THRIFT_STRING));
    if (db == NULL || tbl == NULL) {
        rc = srv_error_set(&c->err, CAT_EINVAL,
                           "The partition's dbName and tableName are required.");
        goto done;
    }
    if ((rc = partition_input(c, p, &pin)) != CAT_OK)
        goto done;
    rc = hms_run(
        c, "CreatePartition",
        json_pack("{s:O,s:O,s:O}", "DatabaseName", db, "TableName", tbl, "PartitionInput", pin),
        &out);
    json_decref(out);
    out = NULL;
    if (rc == CAT_OK)
        rc = hms_run(c, "GetPartition",
                     json_pack("{s:O,s:O,s:O}", "DatabaseName", db, "TableName", tbl,
                               "PartitionValues", json_object_get(pin, "Values")),
                     &out);
    if (rc == CAT_OK) {
        thrift_w_field(c->out, THRIFT_STRUCT, 0);
        hms_w_json(c->out, hms_w_partition, json_object_get(out, "Partition"));
    }
done:
    json_decref(out);
    json_decref(pin);
    json_decref(db);
    json_decref(tbl);
    return rc;
}

/* Add PARTS (a list of Partition structs, all of one table) in batches of 100.  Unless
 *IF_NOT_EXISTS,
 ** a partition that exists already fails the call before anything is written (Hive's add_partitions
 ** is all or nothing).  *ADDED: the inputs of the partitions added (a new array). */
static int add_partitions(struct hms_call *c, const struct thrift_value *db_v,
                          const struct thrift_value *tbl_v, const struct thrift_value *parts,
                          int if_not_exists, json_t **added)
{
    struct hms_conv cv = {0};
    json_t *db = NULL, *tbl = NULL, *inputs = json_array(), *out;
    uint32_t i;
    int rc = CAT_OK;
    *added = json_array();
    if (parts == NULL || parts->etype != THRIFT_STRUCT || parts->n == 0)
        goto done;
    if (db_v == NULL)
        db_v = thrift_field(&parts->u.kids[0], 2, THRIFT_STRING);
    if (tbl_v == NULL)
        tbl_v = thrift_field(&parts->u.kids[0], 3, THRIFT_STRING);
    db = hms_jstr(&cv, db_v);
    tbl = hms_jstr(&cv, tbl_v);
    if (db == NULL || tbl == NULL) {
        rc = srv_error_set(&c->err, CAT_EINVAL,
                           "The partitions' dbName and tableName are required.");
        goto done;
    }
    for (i = 0; i < parts->n; i++) {
        const struct thrift_value *p = &parts->u.kids[i];
        json_t *pin, *pdb = hms_jstr(&cv, thrift_field(p, 2, THRIFT_STRING)),
                     *ptb = hms_jstr(&cv, thrift_field(p, 3, THRIFT_STRING));
        int other = (pdb && strcasecmp(json_string_value(pdb), json_string_value(db)) != 0) ||
                    (ptb && strcasecmp(json_string_value(ptb), json_string_value(tbl)) != 0);
        json_decref(pdb);
        json_decref(ptb);
        if (other) {
            rc = srv_error_set(&c->err, CAT_EINVAL,
                               "Partition %u names another table than the first one.", i + 1);
            goto done;
        }
        if ((rc = partition_input(c, p, &pin)) != CAT_OK)
            goto done;
        json_array_append_new(inputs, pin);
    }
    /* which exist already: asked first, so that a refusal writes nothing */
    for (i = 0; i < json_array_size(inputs);) {
        size_t take = json_array_size(inputs) - i, j;
        json_t *keys = json_array();
        if (take > 1000)
            take = 1000;
        for (j = 0; j < take; j++)
            json_array_append_new(
                keys, json_pack("{s:O}", "Values",
                                json_object_get(json_array_get(inputs, i + j), "Values")));
        rc = hms_run(c, "BatchGetPartition",
                     json_pack("{s:O,s:O,s:o}", "DatabaseName", db, "TableName", tbl,
                               "PartitionsToGet", keys),
                     &out);
        if (rc != CAT_OK)
            goto done;
        if (json_array_size(json_object_get(out, "Partitions")) > 0 && !if_not_exists) {
            json_t *p = json_array_get(json_object_get(out, "Partitions"), 0);
            char *dump = json_dumps(json_object_get(p, "Values"), JSON_COMPACT);
            rc = srv_error_set(&c->err, CAT_EEXISTS, "Partition %.200s already exists in %s.%s.",
                               dump ? dump : "?", json_string_value(db), json_string_value(tbl));
            free(dump);
            json_decref(out);
            goto done;
        }
        if (if_not_exists) { /* drop the ones that exist from the inputs */
            json_t *p;
            size_t k;
            json_array_foreach(json_object_get(out, "Partitions"), k, p) {
                size_t m;
                for (m = i; m < i + take && m < json_array_size(inputs); m++)
                    if (json_equal(json_object_get(json_array_get(inputs, m), "Values"),
                                   json_object_get(p, "Values"))) {
                        json_array_remove(inputs, m);
                        take--;
                        break;
                    }
            }
        }
        j = json_array_size(json_object_get(out, "UnprocessedKeys"));
        json_decref(out);
        i += take - (j < take ? j : 0);
    }
    for (i = 0; i < json_array_size(inputs); i += 100) {
        json_t *batch = json_array();
        size_t j;
        for (j = i; j < i + 100 && j < json_array_size(inputs); j++)
            json_array_append(batch, json_array_get(inputs, j));
        rc = hms_run(c, "BatchCreatePartition",
                     json_pack("{s:O,s:O,s:o}", "DatabaseName", db, "TableName", tbl,
                               "PartitionInputList", batch),
                     &out);
        if (rc != CAT_OK)
            goto done;
        if (json_array_size(json_object_get(out, "Errors")) > 0) {
            const json_t *e =
                json_object_get(json_array_get(json_object_get(out, "Errors"), 0), "ErrorDetail");
            const char *code = jstr(e, "ErrorCode");
            rc =
                srv_error_set(&c->err,
                              code && strcmp(code, "AlreadyExistsException") == 0    ? CAT_EEXISTS
                              : code && strcmp(code, "EntityNotFoundException") == 0 ? CAT_ENOTFOUND
                                                                                     : CAT_EINVAL,
                              "%s", jstr(e, "ErrorMessage") ? jstr(e, "ErrorMessage") : "failed");
            json_decref(out);
            goto done;
        }
        json_decref(out);
    }
    json_array_extend(*added, inputs);
done:
    json_decref(inputs);
    json_decref(db);
    json_decref(tbl);
    return rc;
}

static int m_add_partitions(struct hms_call *c)
{
    json_t *added;
    int rc = add_partitions(c, NULL, NULL, arg(c, 1, THRIFT_LIST), 0, &added);
    if (rc == CAT_OK)
        thrift_w_i32_field(c->out, 0, (int32_t)json_array_size(added));
    json_decref(added);
    return rc;
}

/* add_partitions_req(AddPartitionsRequest{1: dbName, 2: tblName, 3: parts, 4: ifNotExists,
** 5: needResult}) */
static int m_add_partitions_req(struct hms_call *c)
{
    const struct thrift_value *req = arg(c, 1, THRIFT_STRUCT), *ine, *need;
    json_t *added, *p;
    size_t i;
    int rc;
    if (req == NULL)
        return srv_error_set(&c->err, CAT_EINVAL, "request is required.");
    ine = thrift_field(req, 4, THRIFT_BOOL);
    need = thrift_field(req, 5, THRIFT_BOOL);
    rc = add_partitions(c, thrift_field(req, 1, THRIFT_STRING), thrift_field(req, 2, THRIFT_STRING),
                        thrift_field(req, 3, THRIFT_LIST), ine && ine->u.i, &added);
    if (rc == CAT_OK) {
        thrift_w_field(c->out, THRIFT_STRUCT, 0);
        if (need == NULL || need->u.i) {
            struct hms_conv cv = {0};
            json_t *db = hms_jstr(&cv, thrift_field(req, 1, THRIFT_STRING)),
                   *tbl = hms_jstr(&cv, thrift_field(req, 2, THRIFT_STRING));
            thrift_w_field(c->out, THRIFT_LIST, 1);
            thrift_w_list(c->out, THRIFT_STRUCT, (uint32_t)json_array_size(added));
            json_array_foreach(added, i, p) {
                json_object_set(p, "DatabaseName", db);
                json_object_set(p, "TableName", tbl);
                hms_w_json(c->out, hms_w_partition, p);
            }
            json_decref(db);
            json_decref(tbl);
        }
        thrift_w_stop(c->out);
    }
    json_decref(added);
    return rc;
}

/* append_partition(db, tbl, vals), append_partition_by_name(db, tbl, name): a partition with the
** table's descriptor at <table location>/<partition name>. */
static int append_partition(struct hms_call *c, int by_name)
{
    json_t *db, *tbl, *table = NULL, *vals = NULL, *out = NULL, *sd, *pin;
    struct hms_conv cv = {0};
    char *name = NULL, *loc;
    const char *tloc;
    int rc;
    if ((rc = hms_db_tbl(c, &db, &tbl)) != CAT_OK)
        return rc;
    if ((rc = hms_get_table(c, db, tbl, &table)) != CAT_OK)
        goto done;
    if (by_name) {
        if ((name = hms_cstr(&cv, c->args, 3)) == NULL) {
            rc = srv_error_set(&c->err, CAT_EINVAL, "part_name is required.");
            goto done;
        }
        if ((rc = hms_name_values(c, table, name, &vals)) != CAT_OK)
            goto done;
    } else {
        vals = hms_strlist(&cv, arg(c, 3, THRIFT_LIST));
    }
    free(name);
    name = part_name(table, vals);
    sd = json_deep_copy(json_object_get(table, "StorageDescriptor"));
    if (sd == NULL)
        sd = json_object();
    tloc = jstr(sd, "Location");
    loc = xmalloc((tloc ? strlen(tloc) : 0) + strlen(name) + 2);
    snprintf(loc, (tloc ? strlen(tloc) : 0) + strlen(name) + 2, "%s/%s", tloc ? tloc : "", name);
    json_object_set_new(sd, "Location", json_string(loc));
    free(loc);
    pin = json_pack("{s:O,s:o}", "Values", vals, "StorageDescriptor", sd);
    rc = hms_run(
        c, "CreatePartition",
        json_pack("{s:O,s:O,s:o}", "DatabaseName", db, "TableName", tbl, "PartitionInput", pin),
        &out);
    json_decref(out);
    out = NULL;
    if (rc == CAT_OK)
        rc = hms_run(c, "GetPartition",
                     json_pack("{s:O,s:O,s:O}", "DatabaseName", db, "TableName", tbl,
                               "PartitionValues", vals),
                     &out);
    if (rc == CAT_OK) {
        thrift_w_field(c->out, THRIFT_STRUCT, 0);
        hms_w_json(c->out, hms_w_partition, json_object_get(out, "Partition"));
    }
done:
    free(name);
    json_decref(out);
    json_decref(vals);
    json_decref(table);
    json_decref(db);
    json_decref(tbl);
    return rc;
}

static int m_append_partition(struct hms_call *c)
{
    return append_partition(c, 0);
}
static int m_append_partition_by_name(struct hms_call *c)
{
    return append_partition(c, 1);
}

/* alter_partition(db, tbl, p) and _with_environment_context; alter_partitions(db, tbl, parts)
** and _with_environment_context: each partition replaced (in batches of 100). */
static int alter_partitions(struct hms_call *c, const struct thrift_value *parts, int one)
{
    json_t *db, *tbl, *entries = json_array(), *out;
    uint32_t i, n = one ? 1 : (parts ? parts->n : 0);
    size_t k;
    int rc;
    if ((rc = hms_db_tbl(c, &db, &tbl)) != CAT_OK) {
        json_decref(entries);
        return rc;
    }
    if (parts == NULL || (!one && parts->etype != THRIFT_STRUCT)) {
        rc = srv_error_set(&c->err, CAT_EINVAL, "The partitions are required.");
        goto done;
    }
    for (i = 0; i < n; i++) {
        json_t *pin;
        if ((rc = partition_input(c, one ? parts : &parts->u.kids[i], &pin)) != CAT_OK)
            goto done;
        json_array_append_new(entries,
                              json_pack("{s:O,s:o}", "PartitionValueList",
                                        json_object_get(pin, "Values"), "PartitionInput", pin));
    }
    for (k = 0; k < json_array_size(entries); k += 100) {
        json_t *batch = json_array();
        size_t j;
        for (j = k; j < k + 100 && j < json_array_size(entries); j++)
            json_array_append(batch, json_array_get(entries, j));
        rc = hms_run(
            c, "BatchUpdatePartition",
            json_pack("{s:O,s:O,s:o}", "DatabaseName", db, "TableName", tbl, "Entries", batch),
            &out);
        if (rc == CAT_OK && json_array_size(json_object_get(out, "Errors")) > 0) {
            const json_t *e =
                json_object_get(json_array_get(json_object_get(out, "Errors"), 0), "ErrorDetail");
            rc = srv_error_set(&c->err, CAT_ENOTFOUND, "%s",
                               jstr(e, "ErrorMessage") ? jstr(e, "ErrorMessage") : "failed");
        }
        json_decref(out);
        if (rc != CAT_OK)
            break;
    }
done:
    if (rc != CAT_OK) /* Hive: "alter is not possible" */
        c->hms_type = "InvalidOperationException";
    json_decref(entries);
    json_decref(db);
    json_decref(tbl);
    return rc;
}

static int m_alter_partition(struct hms_call *c)
{
    return alter_partitions(c, arg(c, 3, THRIFT_STRUCT), 1);
}
static int m_alter_partitions(struct hms_call *c)
{
    return alter_partitions(c, arg(c, 3, THRIFT_LIST), 0);
}

/* drop_partition(db, tbl, vals, deleteData), drop_partition_by_name(db, tbl, name, deleteData) and
** their _with_environment_context */
static int drop_partition(struct hms_call *c, int by_name)
{
    json_t *db, *tbl, *table = NULL, *vals = NULL, *out = NULL;
    struct hms_conv cv = {0};
    char *name = NULL;
    int rc;
    if ((rc = hms_db_tbl(c, &db, &tbl)) != CAT_OK)
        return rc;
    if (by_name) {
        if ((name = hms_cstr(&cv, c->args, 3)) == NULL) {
            rc = srv_error_set(&c->err, CAT_EINVAL, "part_name is required.");
            goto done;
        }
        if ((rc = hms_get_table(c, db, tbl, &table)) != CAT_OK ||
            (rc = hms_name_values(c, table, name, &vals)) != CAT_OK)
            goto done;
    } else {
        vals = hms_strlist(&cv, arg(c, 3, THRIFT_LIST));
    }
    rc = hms_run(
        c, "DeletePartition",
        json_pack("{s:O,s:O,s:O}", "DatabaseName", db, "TableName", tbl, "PartitionValues", vals),
        &out);
    if (rc == CAT_OK)
        w_bool_result(c, 1);
done:
    free(name);
    json_decref(out);
    json_decref(vals);
    json_decref(table);
    json_decref(db);
    json_decref(tbl);
    return rc;
}

static int m_drop_partition(struct hms_call *c)
{
    return drop_partition(c, 0);
}
static int m_drop_partition_by_name(struct hms_call *c)
{
    return drop_partition(c, 1);
}

/* ---- functions ---- */

static int m_create_function(struct hms_call *c)
{
    struct hms_conv cv = {0};
    const struct thrift_value *f = arg(c, 1, THRIFT_STRUCT);
    json_t *db, *in, *out;
    int rc;
    if (f == NULL)
        return srv_error_set(&c->err, CAT_EINVAL, "func is required.");
    db = hms_jstr(&cv, thrift_field(f, 2, THRIFT_STRING));
    in = hms_function_in(&cv, f);
    if (cv.bad || db == NULL) {
        json_decref(db);
        json_decref(in);
        return db ? bad_input(c, "The function")
                  : srv_error_set(&c->err, CAT_EINVAL, "The function's dbName is required.");
    }
    rc = hms_run(c, "CreateUserDefinedFunction",
                 json_pack("{s:o,s:o}", "DatabaseName", db, "FunctionInput", in), &out);
    json_decref(out);
    return rc;
}

static int m_get_function(struct hms_call *c)
{
    json_t *db, *fn, *out;
    int rc;
    if ((rc = hms_db_tbl(c, &db, &fn)) != CAT_OK)
        return rc;
    rc = hms_run(c, "GetUserDefinedFunction",
                 json_pack("{s:o,s:o}", "DatabaseName", db, "FunctionName", fn), &out);
    if (rc == CAT_OK) {
        thrift_w_field(c->out, THRIFT_STRUCT, 0);
        hms_w_json(c->out, hms_w_function, json_object_get(out, "UserDefinedFunction"));
    }
    json_decref(out);
    return rc;
}

static int m_drop_function(struct hms_call *c)
{
    json_t *db, *fn, *out;
    int rc;
    if ((rc = hms_db_tbl(c, &db, &fn)) != CAT_OK)
        return rc;
    rc = hms_run(c, "DeleteUserDefinedFunction",
                 json_pack("{s:o,s:o}", "DatabaseName", db, "FunctionName", fn), &out);
    json_decref(out);
    return rc;
}

static int m_get_functions(struct hms_call *c)
{
    json_t *db = arg_jstr(c, 1, "dbName"), *items;
    struct hms_conv cv = {0};
    char *pattern = hms_cstr(&cv, c->args, 2);
    int rc;
    if (db == NULL) {
        free(pattern);
        return c->err.code;
    }
    rc = hms_run_all(
        c, "GetUserDefinedFunctions",
        json_pack("{s:o,s:s}", "DatabaseName", db, "Pattern", pattern && *pattern ? pattern : "*"),
        "UserDefinedFunctions", -1, &items);
    if (rc == CAT_OK)
        w_names_result(c, items, "FunctionName");
    json_decref(items);
    free(pattern);
    return rc;
}

static int m_get_all_functions(struct hms_call *c)
{
    json_t *items, *f;
    size_t i;
    int rc = hms_run_all(c, "GetUserDefinedFunctions", json_pack("{s:s}", "Pattern", "*"),
                         "UserDefinedFunctions", -1, &items);
    if (rc != CAT_OK)
        return rc;
    thrift_w_field(c->out, THRIFT_STRUCT, 0);
    thrift_w_field(c->out, THRIFT_LIST, 1);
    thrift_w_list(c->out, THRIFT_STRUCT, (uint32_t)json_array_size(items));
    json_array_foreach(items, i, f)
        hms_w_json(c->out, hms_w_function, f);
    thrift_w_stop(c->out);
    json_decref(items);
    return CAT_OK;
}

/* ---- configuration, session, notifications ---- */

/* get_config_value(name, default): the default (no server-side Hive configuration is kept) */
static int m_get_config_value(struct hms_call *c)
{
    struct hms_conv cv = {0};
    char *def = hms_cstr(&cv, c->args, 2);
    w_string_result(c, def);
    free(def);
    return CAT_OK;
}

static int m_get_meta_conf(struct hms_call *c)
{
    w_string_result(c, "");
    return CAT_OK;
}

static int m_set_meta_conf(struct hms_call *c)
{
    (void)c;
    return CAT_OK;
}

static int m_get_current_notification_event_id(struct hms_call *c)
{
    thrift_w_field(c->out, THRIFT_STRUCT, 0);
    thrift_w_field(c->out, THRIFT_I64, 1);
    thrift_w_i64(c->out, 0);
    thrift_w_stop(c->out);
    return CAT_OK;
}

/* The principal bearer token TOKEN names in SET, or an error. */
static int session_principal(struct auth_set *set, const char *token,
                             const struct auth_principal **who, struct srv_error *err)
{
    struct sbuf h = {0};
    int rc;
    sbuf_adds(&h, "Bearer ");
    sbuf_adds(&h, token);
    rc = auth_bearer(set, h.p, who, err);
    free(h.p);
    return rc;
}

/* set_ugi(user, groups): with --auth-file, a user name that is a principal's bearer token makes
** the connection that principal's; any other name (an operating system user's, as Hive and Spark
** send) leaves it as it was (the listener's principal, or nobody's).  The groups are answered
** back, as Hive does. */
static int m_set_ugi(struct hms_call *c)
{
    struct hms_conv cv = {0};
    char *user = hms_cstr(&cv, c->args, 1);
    json_t *groups = hms_strlist(&cv, arg(c, 2, THRIFT_LIST));
    if (c->app->auth && user) {
        struct auth_set *set = auth_acquire(c->app->auth);
        const struct auth_principal *who;
        struct srv_error e;
        srv_error_init(&e);
        if (session_principal(set, user, &who, &e) == CAT_OK) {
            free(c->session->token);
            c->session->token = user;
            user = NULL;
        }
        auth_release(set);
    }
    w_names_result(c, groups, NULL);
    json_decref(groups);
    free(user);
    return CAT_OK;
}

static int m_get_version(struct hms_call *c)
{
    w_string_result(c, "3.1.3 (catalogd)");
    return CAT_OK;
}

/* ---- the method table ---- */

struct method {
    const char *name;
    hms_fn *fn;
    const char *throws[5]; /* the exceptions the method declares, by field id 1.. */
};

#define NSO "NoSuchObjectException"
#define AEE "AlreadyExistsException"
#define IOE "InvalidObjectException"
#define IOP "InvalidOperationException"
#define MEE "MetaException"
#define IIE "InvalidInputException"
#define UDB "UnknownDBException"
#define CVS "ConfigValSecurityException"

static const struct method methods[] = {
    {"getMetaConf", m_get_meta_conf, {MEE}},
    {"setMetaConf", m_set_meta_conf, {MEE}},
    {"create_database", m_create_database, {AEE, IOE, MEE}},
    {"get_database", m_get_database, {NSO, MEE}},
    {"drop_database", m_drop_database, {NSO, IOP, MEE}},
    {"get_databases", m_get_all_databases, {MEE}},
    {"get_all_databases", m_get_all_databases, {MEE}},
    {"alter_database", m_alter_database, {MEE, NSO}},
    {"create_table", m_create_table, {AEE, IOE, MEE, NSO}},
    {"create_table_with_environment_context", m_create_table, {AEE, IOE, MEE, NSO}},
    {"drop_table", m_drop_table, {NSO, MEE}},
    {"drop_table_with_environment_context", m_drop_table, {NSO, MEE}},
    {"get_tables", m_get_tables, {MEE}},
    {"get_tables_by_type", m_get_tables, {MEE}},
    {"get_table_meta", m_get_table_meta, {MEE}},
    {"get_all_tables", m_get_tables, {MEE}},
    {"get_table", m_get_table, {MEE, NSO}},
    {"get_table_objects_by_name", m_get_table_objects_by_name, {MEE, IOP, UDB}},
    {"get_table_req", m_get_table_req, {MEE, NSO}},
    {"get_table_objects_by_name_req", m_get_table_objects_by_name_req, {MEE, IOP, UDB}},
    {"alter_table", m_alter_table, {IOP, MEE}},
    {"alter_table_with_environment_context", m_alter_table, {IOP, MEE}},
    {"alter_table_with_cascade", m_alter_table, {IOP, MEE}},
    {"add_partition", m_add_partition, {IOE, AEE, MEE}},
    {"add_partition_with_environment_context", m_add_partition, {IOE, AEE, MEE}},
    {"add_partitions", m_add_partitions, {IOE, AEE, MEE}},
    {"append_partition", m_append_partition, {IOE, AEE, MEE}},
    {"add_partitions_req", m_add_partitions_req, {IOE, AEE, MEE}},
    {"append_partition_with_environment_context", m_append_partition, {IOE, AEE, MEE}},
    {"append_partition_by_name", m_append_partition_by_name, {IOE, AEE, MEE}},
    {"append_partition_by_name_with_environment_context",
     m_append_partition_by_name,
     {IOE, AEE, MEE}},
    {"drop_partition", m_drop_partition, {NSO, MEE}},
    {"drop_partition_with_environment_context", m_drop_partition, {NSO, MEE}},
    {"drop_partition_by_name", m_drop_partition_by_name, {NSO, MEE}},
    {"drop_partition_by_name_with_environment_context", m_drop_partition_by_name, {NSO, MEE}},
    {"get_partition", m_get_partition, {MEE, NSO}},
    {"get_partition_by_name", m_get_partition_by_name, {MEE, NSO}},
    {"get_partitions", m_get_partitions, {NSO, MEE}},
    {"get_partition_names", m_get_partition_names, {NSO, MEE}},
    {"get_partitions_ps", m_get_partitions_ps, {MEE, NSO}},
    {"get_partition_names_ps", m_get_partition_names_ps, {MEE, NSO}},
    {"get_partitions_by_filter", m_get_partitions_by_filter, {MEE, NSO}},
    {"get_num_partitions_by_filter", m_get_num_partitions_by_filter, {MEE, NSO}},
    {"get_partitions_by_names", m_get_partitions_by_names, {MEE, NSO}},
    {"alter_partition", m_alter_partition, {IOP, MEE}},
    {"alter_partitions", m_alter_partitions, {IOP, MEE}},
    {"alter_partitions_with_environment_context", m_alter_partitions, {IOP, MEE}},
    {"alter_partition_with_environment_context", m_alter_partition, {IOP, MEE}},
    {"get_config_value", m_get_config_value, {CVS}},
    {"create_function", m_create_function, {AEE, IOE, MEE, NSO}},
    {"drop_function", m_drop_function, {NSO, MEE}},
    {"get_functions", m_get_functions, {MEE}},
    {"get_function", m_get_function, {MEE, NSO}},
    {"get_all_functions", m_get_all_functions, {MEE}},
    {"set_ugi", m_set_ugi, {MEE}},
    {"get_table_column_statistics", hms_get_table_column_statistics, {NSO, MEE, IIE, IOE}},
    {"get_partition_column_statistics", hms_get_partition_column_statistics, {NSO, MEE, IIE, IOE}},
    {"update_table_column_statistics", hms_update_table_column_statistics, {NSO, IOE, MEE, IIE}},
    {"update_partition_column_statistics",
     hms_update_partition_column_statistics,
     {NSO, IOE, MEE, IIE}},
    {"update_table_column_statistics_req", hms_update_column_statistics_req, {NSO, IOE, MEE, IIE}},
    {"update_partition_column_statistics_req",
     hms_update_column_statistics_req,
     {NSO, IOE, MEE, IIE}},
    {"set_aggr_stats_for", hms_update_column_statistics_req, {NSO, IOE, MEE, IIE}},
    {"delete_table_column_statistics", hms_delete_table_column_statistics, {NSO, MEE, IOE, IIE}},
    {"delete_partition_column_statistics",
     hms_delete_partition_column_statistics,
     {NSO, MEE, IOE, IIE}},
    {"get_table_statistics_req", hms_get_table_statistics_req, {NSO, MEE}},
    {"get_partitions_statistics_req", hms_get_partitions_statistics_req, {NSO, MEE}},
    {"get_current_notificationEventId", m_get_current_notification_event_id, {NULL}},
    {"getVersion", m_get_version, {NULL}},
    {"get_version", m_get_version, {NULL}},
};

/* The field id of TYPE among M's declared exceptions, or 0. */
static int thrown_id(const struct method *m, const char *type)
{
    int i;
    for (i = 0; i < 5 && m->throws[i]; i++)
        if (strcmp(m->throws[i], type) == 0)
            return i + 1;
    return 0;
}

/* The reply to a failed call C of method M: the declared exception the error maps to (else the
** nearest one the method declares), or a TApplicationException when it declares none. */
static void write_exception(const struct method *m, const struct thrift_message *msg,
                            struct hms_call *c, struct sbuf *reply)
{
    const char *type = c->hms_type ? c->hms_type : srv_error_hms_type(c->err.code);
    const char *text = c->err.msg[0] ? c->err.msg : srv_error_default_msg(c->err.code);
    int id = thrown_id(m, type);
    if (id == 0 && strcmp(type, NSO) == 0)
        id = thrown_id(m, IOP);
    if (id == 0)
        id = thrown_id(m, MEE);
    if (id == 0)
        id = m->throws[0] && strcmp(m->throws[0], CVS) != 0 ? 1 : 0;
    if (id == 0) {
        thrift_w_app_exception(reply, msg->name, msg->seqid, THRIFT_APP_INTERNAL_ERROR, text);
        return;
    }
    thrift_w_message(reply, msg->name, THRIFT_REPLY, msg->seqid);
    thrift_w_field(reply, THRIFT_STRUCT, id);
    thrift_w_string_field(reply, 1, text);
    thrift_w_stop(reply);
    thrift_w_stop(reply);
}

const char *hms_dispatch(const struct app *app, struct hms_session *session, const char *client,
                         const struct thrift_message *msg, struct sbuf *reply)
{
    const struct method *m = NULL;
    struct auth_set *set = NULL;
    struct hms_call c;
    struct sbuf out = {0};
    size_t i;
    int rc;
    for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
        if (strcmp(methods[i].name, msg->name) == 0)
            m = &methods[i];
    if (m == NULL) {
        char text[400];
        snprintf(text, sizeof(text), "Invalid method name: '%.256s'", msg->name);
        thrift_w_app_exception(reply, msg->name, msg->seqid, THRIFT_APP_UNKNOWN_METHOD, text);
        return "Unknown";
    }
    memset(&c, 0, sizeof(c));
    srv_error_init(&c.err);
    c.app = app;
    c.method = m->name;
    c.args = &msg->body;
    c.out = &out;
    c.session = session;
    c.env.pool = app->pool;
    c.env.catalog_id = app->catalog_id;
    c.env.max_answer = app->max_answer;
    c.env.source = client;
    if (app->auth && strcmp(m->name, "set_ugi") != 0) {
        /* the principal set_ugi named by its token, else the listener's (--hms-principal);
        ** without either, nothing but set_ugi */
        set = auth_acquire(app->auth);
        if (session->token) {
            rc = session_principal(set, session->token, &c.env.who, &c.err);
        } else if (app->hms_principal) {
            c.env.who = auth_by_name(set, app->hms_principal);
            rc = c.env.who ? CAT_OK
                           : srv_error_set(&c.err, CAT_EACCESS,
                                           "The listener's principal %.100s (--hms-principal) is "
                                           "no longer in the auth file.",
                                           app->hms_principal);
        } else {
            rc = srv_error_set(&c.err, CAT_EACCESS,
                               "This server has principals: call set_ugi with a principal's "
                               "bearer token as the user name first.");
        }
        if (rc != CAT_OK) {
            c.hms_type = MEE;
            write_exception(m, msg, &c, reply);
            auth_release(set);
            return m->name;
        }
    }
    rc = m->fn(&c);
    if (rc == CAT_OK) {
        thrift_w_message(reply, msg->name, THRIFT_REPLY, msg->seqid);
        if (out.len)
            sbuf_add(reply, out.p, out.len);
        thrift_w_stop(reply);
    } else {
        write_exception(m, msg, &c, reply);
    }
    free(out.p);
    auth_release(set);
    return m->name;
}
