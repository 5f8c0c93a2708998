/* sqlite_partition.c -- partitions as rows: typed key columns, descriptor differences, pages;
** partition indexes.
**
** A partition row keeps its values (JSON text, the identity), their typed copies in
** k0..k15, the table descriptor row it was written against (sd_id), its location relative
** to that descriptor's, and in `rest` every other member plus the descriptor members that
** differ from the base ("__sd") or that the partition lacks ("__sdx").  Reads merge it back
** into a full Partition object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "lang/pexpr.h"
#include "store/shape.h"
#include "store/sqlite/sqlite_int.h"
#include "store/sqlite/sqlite_row.h"

static const char SQL_PART_INSERT[] =
    "INSERT INTO partitions (table_id, vals, create_time, sd_id, loc_rel, location, rest,"
    " k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
    " ?19, ?20, ?21, ?22, ?23)";
static const char SQL_PART_UPDATE[] =
    "UPDATE partitions SET vals = ?2, sd_id = ?4, loc_rel = ?5, location = ?6, rest = ?7,"
    " k0 = ?8, k1 = ?9, k2 = ?10, k3 = ?11, k4 = ?12, k5 = ?13, k6 = ?14, k7 = ?15, k8 = ?16,"
    " k9 = ?17, k10 = ?18, k11 = ?19, k12 = ?20, k13 = ?21, k14 = ?22, k15 = ?23"
    " WHERE table_id = ?1 AND vals = ?3";
#define PART_COLS "SELECT vals, create_time, sd_id, loc_rel, location, rest FROM partitions"
static const char SQL_PART_GET[] = PART_COLS " WHERE table_id = ?1 AND vals = ?2";
static const char SQL_PART_DELETE[] = "DELETE FROM partitions WHERE table_id = ?1 AND vals = ?2";
static const char SQL_PART_ALL[] =
    PART_COLS " WHERE table_id = ?1 AND vals > ?2 AND (?3 = 1 OR id % ?3 = ?4)"
              " ORDER BY vals LIMIT ?5";

static const char SQL_PIDX_INSERT[] =
    "INSERT INTO partition_indexes (table_id, name, keys, create_time) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_PIDX_COUNT[] = "SELECT count(*) FROM partition_indexes WHERE table_id = ?1";
static const char SQL_PIDX_LIST[] =
    "SELECT name, keys FROM partition_indexes WHERE table_id = ?1 ORDER BY create_time, name";
static const char SQL_PIDX_DELETE[] =
    "DELETE FROM partition_indexes WHERE table_id = ?1 AND name = ?2";

/* ================================================================ */
/* Writing rows.                                                      */

/* A partition row formed from its input, reading nothing but its open table (the base
** descriptor is PT's): what an insert or update binds from ?2 and from ?4 on. */
struct sq_form {
    char *vals, *rest;              /* owned until bound (bind_form hands them to SQLite) */
    const char *loc_rel, *location; /* borrowed from the input */
    long long sd_id;
    struct pvalue *typed; /* NKEYS of them (kind PV_NULL: bound NULL); may point into themselves */
    int nkeys;
};

static int form_row(struct store *st, struct store_ptable *pt, const json_t *in,
                    struct pvalue *typed, struct sq_form *r, struct srv_error *err)
{
    const json_t *values = json_object_get(in, "Values"), *base = NULL;
    const json_t *sd = json_object_get(in, "StorageDescriptor");
    struct sd_form f;
    int i, rc;
    memset(r, 0, sizeof(*r));
    if ((rc = shape_base_sd(st, pt, pt->sd_id, row_sd_load, &base, err)) != CAT_OK)
        return rc;
    r->vals = json_dumps(values, JSON_COMPACT);
    sd_diff(base, json_is_object(sd) ? sd : NULL, &f);
    r->sd_id = pt->sd_id;
    r->loc_rel = f.loc_rel;
    r->location = f.location;
    r->rest = shape_partition_rest(in, &f);
    sd_form_release(&f);
    r->typed = typed;
    r->nkeys = pt->nkeys < STORE_TYPED_KEYS ? pt->nkeys : STORE_TYPED_KEYS;
    for (i = 0; i < r->nkeys; i++) {
        const json_t *val = json_array_get(values, (size_t)i);
        if (val == NULL || ptype_value(pt->types[i], json_string_value(val),
                                       json_string_length(val), &typed[i]) != 0)
            typed[i].kind = PV_NULL;
    }
    return CAT_OK;
}

/* Bind R (whose owned texts go to SQLite) to ?2 and ?4..?23 of STMT. */
static void bind_form(sqlite3_stmt *stmt, struct sq_form *r)
{
    int i;
    row_bind_text_owned(stmt, 2, r->vals);
    r->vals = NULL;
    if (r->sd_id)
        sqlite3_bind_int64(stmt, 4, r->sd_id);
    else
        sqlite3_bind_null(stmt, 4);
    if (r->loc_rel)
        sqlite3_bind_text(stmt, 5, r->loc_rel, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(stmt, 5);
    if (r->location)
        sqlite3_bind_text(stmt, 6, r->location, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(stmt, 6);
    row_bind_text_owned(stmt, 7, r->rest);
    r->rest = NULL;
    for (i = 0; i < STORE_TYPED_KEYS; i++) {
        const struct pvalue *pv = i < r->nkeys ? &r->typed[i] : NULL;
        int col = 8 + i;
        switch (pv ? pv->kind : PV_NULL) {
        case PV_INT:
            sqlite3_bind_int64(stmt, col, pv->i);
            break;
        case PV_REAL:
            sqlite3_bind_double(stmt, col, pv->d);
            break;
        case PV_TEXT:
            sqlite3_bind_text(stmt, col, pv->text, (int)pv->len, SQLITE_TRANSIENT);
            break;
        default:
            sqlite3_bind_null(stmt, col);
            break;
        }
    }
}

/* Bind ?2 (vals), ?4..?7 and ?8..?23 of an insert/update for partition input IN. */
static int bind_partition(struct store *st, struct store_ptable *pt, sqlite3_stmt *stmt,
                          const json_t *in, struct pvalue typed[STORE_TYPED_KEYS],
                          struct srv_error *err)
{
    struct sq_form r;
    int rc = form_row(st, pt, in, typed, &r, err);
    if (rc == CAT_OK)
        bind_form(stmt, &r);
    return rc;
}

int sq_partition_insert(struct store *st, struct store_ptable *pt, const json_t *values,
                        const json_t *in, double create_time, struct srv_error *err)
{
    struct pvalue typed[STORE_TYPED_KEYS];
    sqlite3_stmt *stmt;
    json_t *copy;
    int rc;
    if ((stmt = sq_prep(st, SQL_PART_INSERT, err)) == NULL)
        return err->code;
    copy = json_copy((json_t *)in);
    json_object_set(copy, "Values", (json_t *)values);
    sqlite3_bind_int64(stmt, 1, pt->id);
    sqlite3_bind_int64(stmt, 3, (sqlite3_int64)(create_time * 1000.0));
    rc = bind_partition(st, pt, stmt, copy, typed, err);
    json_decref(copy);
    if (rc != CAT_OK) {
        sq_reset(stmt);
        return rc;
    }
    if ((rc = row_step_done(st, stmt, err)) == CAT_EEXISTS)
        srv_error_set(err, rc, "Partition already exists.");
    else if (rc == CAT_OK)
        sq_note_rows(st, 1);
    return rc;
}

/* Rows formed ahead (store_partition_form): one sq_form per partition, the typed values of all
** in one array. */
struct store_pforms {
    size_t n;
    double create_time;
    struct sq_form *rows;
    struct pvalue *typed; /* n * STORE_TYPED_KEYS */
};

void sq_pforms_free(struct store_pforms *f)
{
    size_t i;
    if (f == NULL)
        return;
    for (i = 0; i < f->n; i++) {
        free(f->rows[i].vals);
        free(f->rows[i].rest);
    }
    free(f->rows);
    free(f->typed);
    free(f);
}

int sq_partition_form(struct store *st, struct store_ptable *pt, size_t n,
                      const json_t *const *values, const json_t *const *in, double create_time,
                      struct store_pforms **out, struct srv_error *err)
{
    struct store_pforms *f = xcalloc(1, sizeof(*f));
    size_t i;
    int rc = CAT_OK;
    *out = NULL;
    f->create_time = create_time;
    f->rows = xcalloc(n + 1, sizeof(*f->rows));
    f->typed = xcalloc((n + 1) * STORE_TYPED_KEYS, sizeof(*f->typed));
    for (i = 0; i < n && rc == CAT_OK; i++) {
        json_t *copy = NULL;
        const json_t *one = in[i];
        if (json_object_get(one, "Values") != values[i]) { /* as sq_partition_insert */
            copy = json_copy((json_t *)one);
            json_object_set(copy, "Values", (json_t *)values[i]);
            one = copy;
        }
        rc = form_row(st, pt, one, f->typed + i * STORE_TYPED_KEYS, &f->rows[i], err);
        json_decref(copy);
        f->n = i + 1;
    }
    if (rc != CAT_OK) {
        sq_pforms_free(f);
        return rc;
    }
    *out = f;
    return CAT_OK;
}

int sq_partition_insert_forms(struct store *st, struct store_ptable *pt, struct store_pforms *f,
                              int *rcs, struct srv_error *err)
{
    size_t i;
    for (i = 0; i < f->n; i++) {
        struct srv_error e;
        sqlite3_stmt *stmt;
        int rc;
        srv_error_init(&e);
        if ((stmt = sq_prep(st, SQL_PART_INSERT, err)) == NULL)
            return err->code;
        sqlite3_bind_int64(stmt, 1, pt->id);
        sqlite3_bind_int64(stmt, 3, (sqlite3_int64)(f->create_time * 1000.0));
        bind_form(stmt, &f->rows[i]);
        rcs[i] = rc = row_step_done(st, stmt, &e);
        if (rc == CAT_OK)
            sq_note_rows(st, 1);
        else if (rc != CAT_EEXISTS) {
            *err = e;
            return rc;
        }
    }
    return CAT_OK;
}

int sq_partition_replace(struct store *st, struct store_ptable *pt, const json_t *values,
                         const json_t *in, struct srv_error *err)
{
    struct pvalue typed[STORE_TYPED_KEYS];
    sqlite3_stmt *stmt;
    int rc;
    if ((stmt = sq_prep(st, SQL_PART_UPDATE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, pt->id);
    row_bind_text_owned(stmt, 3, json_dumps(values, JSON_COMPACT));
    if ((rc = bind_partition(st, pt, stmt, in, typed, err)) != CAT_OK) {
        sq_reset(stmt);
        return rc;
    }
    if ((rc = row_step_done(st, stmt, err)) != CAT_OK) {
        if (rc == CAT_EEXISTS)
            srv_error_set(err, rc, "Partition already exists.");
        return rc;
    }
    if (sqlite3_changes(SQ(st)->db) == 0)
        return srv_error_set(err, CAT_ENOTFOUND, "Partition not found.");
    return CAT_OK;
}

int sq_partition_delete(struct store *st, struct store_ptable *pt, const json_t *values,
                        struct srv_error *err)
{
    sqlite3_stmt *stmt;
    int rc;
    if ((stmt = sq_prep(st, SQL_PART_DELETE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, pt->id);
    row_bind_text_owned(stmt, 2, json_dumps(values, JSON_COMPACT));
    if ((rc = row_step_done(st, stmt, err)) != CAT_OK)
        return rc;
    if (sqlite3_changes(SQ(st)->db) == 0)
        return srv_error_set(err, CAT_ENOTFOUND, "Partition not found.");
    return CAT_OK;
}

/* ================================================================ */
/* Reading rows.                                                      */

/* Hand the current row of a PART_COLS statement to FN as a struct store_prow: the
** location made whole, the descriptor difference (kept in `rest` as "__sd"/"__sdx")
** separated from the partition's other members. */
static int visit_row(struct store *st, struct store_ptable *pt, sqlite3_stmt *stmt,
                     store_prow_fn *fn, void *arg, struct srv_error *err)
{
    const char *rest = (const char *)sqlite3_column_text(stmt, 5);
    const char *loc_rel = (const char *)sqlite3_column_text(stmt, 3);
    struct store_prow row;
    int rc;
    memset(&row, 0, sizeof(row));
    row.values = (const char *)sqlite3_column_text(stmt, 0);
    row.creation_time = (double)sqlite3_column_int64(stmt, 1) / 1000.0;
    row.base_id = sqlite3_column_int64(stmt, 2);
    if ((rc = shape_base_sd(st, pt, row.base_id, row_sd_load, &row.base, err)) != CAT_OK)
        return rc;
    row.location = (const char *)sqlite3_column_text(stmt, 4);
    return sd_row_visit(&row, loc_rel, rest, fn, arg, err);
}

/* VALUES (an array of strings) as json_dumps(JSON_COMPACT) writes it, into BUF (N bytes)
** without allocating: only when every value is plain text (no quote, backslash, control
** character or NUL), which jansson writes verbatim.  Its length, or -1 when it does not fit. */
static int values_text(const json_t *values, char *buf, size_t n)
{
    size_t i, len = 0, k;
    if (n < 3)
        return -1;
    buf[len++] = '[';
    for (i = 0; i < json_array_size(values); i++) {
        const json_t *v = json_array_get(values, i);
        const char *s = json_string_value(v);
        size_t sl = json_string_length(v);
        if (s == NULL || len + sl + 4 > n)
            return -1;
        for (k = 0; k < sl; k++)
            if ((unsigned char)s[k] < 0x20 || s[k] == '"' || s[k] == '\\')
                return -1;
        if (i > 0)
            buf[len++] = ',';
        buf[len++] = '"';
        memcpy(buf + len, s, sl);
        len += sl;
        buf[len++] = '"';
    }
    buf[len++] = ']';
    buf[len] = '\0';
    return (int)len;
}

int sq_partition_get(struct store *st, struct store_ptable *pt, const json_t *values,
                     store_prow_fn *fn, void *arg, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    char key[512];
    int rc, klen;
    if ((stmt = sq_prep(st, SQL_PART_GET, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, pt->id);
    if ((klen = values_text(values, key, sizeof(key))) >= 0)
        sqlite3_bind_text(stmt, 2, key, klen, SQLITE_STATIC); /* cleared by sq_reset */
    else
        row_bind_text_owned(stmt, 2, json_dumps(values, JSON_COMPACT));
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        rc = visit_row(st, pt, stmt, fn, arg, err);
    else if (rc == SQLITE_DONE)
        rc = srv_error_set(err, CAT_ENOTFOUND, "Partition not found.");
    else
        rc = sq_sqlerr(st, err);
    sq_reset(stmt);
    return rc == STORE_STOP ? CAT_OK : rc;
}

static int bind_pvalue(sqlite3_stmt *stmt, int col, const struct pvalue *pv)
{
    switch (pv->kind) {
    case PV_INT:
        return sqlite3_bind_int64(stmt, col, pv->i);
    case PV_REAL:
        return sqlite3_bind_double(stmt, col, pv->d);
    case PV_TEXT:
        return sqlite3_bind_text(stmt, col, pv->text, (int)pv->len, SQLITE_STATIC);
    default:
        return sqlite3_bind_null(stmt, col);
    }
}

/* Compile Q's expression against PT's typed keys into a statement (cached when there is
** none).  *OWNED is set when the statement must be finalized rather than reset. */
static int query_stmt(struct store *st, struct store_ptable *pt, const struct store_pquery *q,
                      sqlite3_stmt **out, int *owned, struct srv_error *err)
{
    struct pexpr_key keys[STORE_TYPED_KEYS];
    struct pexpr_sql sql;
    int i, nkeys = shape_pexpr_keys(pt, keys), rc;
    char *text = NULL;
    size_t len;
    *out = NULL;
    *owned = 0;
    if ((rc = pexpr_compile(q->expression, keys, nkeys, SHAPE_PAGE_EXPR_PARAM, &sql, err)) !=
        CAT_OK)
        return rc;
    if (strcmp(sql.where, "1") == 0) {
        pexpr_sql_release(&sql);
        *out = sq_prep(st, SQL_PART_ALL, err);
        return *out ? CAT_OK : err->code;
    }
    len = strlen(sql.where) + 256;
    text = xmalloc(len);
    /* The first page names no position: without `vals > ?2` (vals is in no typed key's index),
    ** SQLite tests the expression on the index entries it walks and reads a row only when it
    ** matches (migration 0009: the first key's index carries the next three); with it, every
    ** entry's row is read first.  (?2 stays a parameter, bound and unused.) */
    snprintf(text, len,
             PART_COLS " WHERE table_id = ?1%s AND (?3 = 1 OR id %% ?3 = ?4)"
                       " AND (%s) ORDER BY vals LIMIT ?5",
             q->after && *q->after ? " AND vals > ?2" : " AND ?2 IS NOT NULL", sql.where);
    if (sqlite3_prepare_v2(SQ(st)->db, text, -1, out, NULL) != SQLITE_OK) {
        /* Only the compiled expression varies: a plain SQL error is SQLite refusing its
        ** nesting ("parser stack overflow" from about 30 levels), not a fault. */
        if (sqlite3_errcode(SQ(st)->db) == SQLITE_ERROR) {
            fprintf(stderr, "catalogd: expression refused by SQLite: %s\n",
                    sqlite3_errmsg(SQ(st)->db));
            rc = srv_error_set(err, CAT_EINVAL, "Unsupported expression: nested too deeply.");
        } else {
            rc = sq_sqlerr(st, err);
        }
        sqlite3_finalize(*out);
        *out = NULL;
        goto done;
    }
    *owned = 1;
    /* texts point into SQL.binds' allocation: bind them as copies */
    for (i = 0; i < sql.nbinds; i++)
        if (sql.binds[i].kind == PV_TEXT)
            sqlite3_bind_text(*out, SHAPE_PAGE_EXPR_PARAM + i, sql.binds[i].text,
                              (int)sql.binds[i].len, SQLITE_TRANSIENT);
        else
            bind_pvalue(*out, SHAPE_PAGE_EXPR_PARAM + i, &sql.binds[i]);
done:
    free(text);
    pexpr_sql_release(&sql);
    return rc;
}

int sq_partition_query(struct store *st, struct store_ptable *pt, const struct store_pquery *q,
                       store_prow_fn *fn, void *arg, struct srv_error *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc, step, owned = 0;
    if ((rc = query_stmt(st, pt, q, &stmt, &owned, err)) != CAT_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, pt->id);
    sqlite3_bind_text(stmt, 2, q->after ? q->after : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 3, q->total_segments > 0 ? q->total_segments : 1);
    sqlite3_bind_int(stmt, 4, q->segment);
    sqlite3_bind_int(stmt, 5, q->limit);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW)
        if ((rc = visit_row(st, pt, stmt, fn, arg, err)) != CAT_OK)
            break;
    if (step == SQLITE_ROW) /* the visitor stopped or failed */
        rc = rc == STORE_STOP ? CAT_OK : rc;
    else if (step == SQLITE_DONE)
        rc = CAT_OK;
    else
        rc = sq_sqlerr(st, err);
    if (owned)
        sqlite3_finalize(stmt);
    else
        sq_reset(stmt);
    return rc;
}

/* ================================================================ */
/* Partition indexes (metadata only: every typed key is indexed).     */

int sq_pindex_create(struct store *st, struct store_ptable *pt, const char *name,
                     const json_t *keys, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    int rc, count;
    if ((stmt = sq_prep(st, SQL_PIDX_COUNT, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, pt->id);
    rc = sqlite3_step(stmt);
    count = sqlite3_column_int(stmt, 0);
    sq_reset(stmt);
    if (rc != SQLITE_ROW)
        return sq_sqlerr(st, err);
    if (count >= 3)
        return srv_error_set(err, CAT_ELIMIT, "A table can have at most 3 partition indexes.");
    if ((stmt = sq_prep(st, SQL_PIDX_INSERT, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, pt->id);
    sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
    row_bind_text_owned(stmt, 3, json_dumps(keys, JSON_COMPACT));
    sqlite3_bind_double(stmt, 4, util_now());
    if ((rc = row_step_done(st, stmt, err)) == CAT_EEXISTS)
        srv_error_set(err, rc, "Partition index %s already exists.", name);
    return rc;
}

int sq_pindex_list(struct store *st, struct store_ptable *pt, json_t **out, struct srv_error *err)
{
    sqlite3_stmt *stmt;
    json_t *list;
    int rc;
    *out = NULL;
    if ((stmt = sq_prep(st, SQL_PIDX_LIST, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, pt->id);
    list = json_array();
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        json_array_append_new(list,
                              shape_pindex(pt->table, (const char *)sqlite3_column_text(stmt, 0),
                                           (const char *)sqlite3_column_text(stmt, 1)));
    sq_reset(stmt);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return sq_sqlerr(st, err);
    }
    *out = list;
    return CAT_OK;
}

int sq_pindex_delete(struct store *st, struct store_ptable *pt, const char *name,
                     struct srv_error *err)
{
    sqlite3_stmt *stmt;
    int rc;
    if ((stmt = sq_prep(st, SQL_PIDX_DELETE, err)) == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, pt->id);
    sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
    if ((rc = row_step_done(st, stmt, err)) != CAT_OK)
        return rc;
    if (sqlite3_changes(SQ(st)->db) == 0)
        return srv_error_set(err, CAT_ENOTFOUND, "Partition index %s not found.", name);
    return CAT_OK;
}
