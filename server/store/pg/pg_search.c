/* pg_search.c -- PostgreSQL store of SearchTables: the words table (table_search, migration
** 0005) kept by the store, matched phrase by phrase, narrowed by conditions, in keyset order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/pg/pg_int.h"
#include "store/pg/pg_row.h"
#include "store/pg/pg_words.h"

/* ================================================================ */
/* The words of each table: ' w1 w2 ... ' per field, as FTS5's unicode61 (pg_words.c).        */

/* Columns: table id, database name, table name, description, parameters as "k v k v ..." in
** key order (as SQLite's group_concat over the (table_id, key) primary key). */
#define REFRESH_SELECT                                                                             \
    "SELECT t.id, d.name, t.name, t.description,"                                                  \
    " (SELECT string_agg(p.key || ' ' || p.value, ' ' ORDER BY p.key) FROM table_params p"         \
    " WHERE p.table_id = t.id) FROM tables t JOIN databases d ON d.id = t.db_id"
static const char SQL_REFRESH_TABLE[] = REFRESH_SELECT " WHERE t.id = $1";
static const char SQL_REFRESH_DB[] = REFRESH_SELECT " WHERE t.db_id = $1";
static const char SQL_SEARCH_PUT[] =
    "INSERT INTO table_search (table_id, db, name, description, params)"
    " SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])"
    " ON CONFLICT (table_id) DO UPDATE SET db = excluded.db, name = excluded.name,"
    " description = excluded.description, params = excluded.params";

/* ' ' followed by the words of TEXT, each followed by ' ' (a new string). */
static char *words_of(const char *text)
{
    struct sbuf b = {0};
    sbuf_add(&b, " ", 1);
    pg_words_add(&b, text);
    return b.p;
}

/* Rewrite the search rows of the tables SQL ($1 = ID) selects. */
static int refresh(struct store *st, const char *sql, long long id, struct srv_error *err)
{
    struct sbuf col[5] = {{0}};
    struct pg_args a;
    PGresult *r;
    int rc, row, i, n;
    pg_args_init(&a);
    pg_arg_int(&a, id);
    rc = pg_query(st, sql, &a, &r, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    if ((n = PQntuples(r)) == 0) {
        PQclear(r);
        return CAT_OK;
    }
    for (i = 0; i < 5; i++)
        pg_array_open(&col[i]);
    for (row = 0; row < n; row++) {
        pg_array_raw(&col[0], pg_get(r, row, 0));
        for (i = 1; i < 5; i++) {
            char *w = words_of(pg_get(r, row, i));
            pg_array_text(&col[i], w);
            free(w);
        }
    }
    PQclear(r);
    pg_args_init(&a);
    for (i = 0; i < 5; i++) {
        pg_array_close(&col[i]);
        pg_arg_owned(&a, col[i].p);
    }
    rc = pg_exec(st, SQL_SEARCH_PUT, &a, NULL, err);
    pg_args_free(&a);
    return rc;
}

int pg_search_refresh(struct store *st, long long table_id, struct srv_error *err)
{
    return refresh(st, SQL_REFRESH_TABLE, table_id, err);
}

int pg_search_refresh_db(struct store *st, long long db_id, struct srv_error *err)
{
    return refresh(st, SQL_REFRESH_DB, db_id, err);
}

/* ================================================================ */
/* The query.  One statement per sort order, with every condition as an array argument that
** may be empty:
**   $1 catalog; $2 phrases (' w1 w2 '), $3 their STORE_SEARCH_* field bits; $4 table types,
**   $5 owners (ASCII case ignored); $6 time fields (0 CreateTime, 1 UpdateTime), $7 their
**   comparisons (enum store_cmp), $8 their values; $9 parameter keys, $10 their values (ASCII
**   case ignored); $11 $12 $13 the resume point (sort value, database, name; $11 NULL: from
**   the start); $14 how many rows.
** Every phrase must occur in one of its fields; every condition must hold (a NULL column
** fails, as on SQLite). */
#define SEARCH_FROM                                                                                \
    PG_ROW_TABLE_COLS                                                                              \
    " FROM tables t JOIN databases d ON d.id = t.db_id"                                            \
    " LEFT JOIN storage_descriptors s ON s.id = t.sd_id"                                           \
    " LEFT JOIN table_search sw ON sw.table_id = t.id WHERE d.catalog_id = $1"                     \
    " AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::int[]) AS q (p, f) WHERE"               \
    " ((f & 1 <> 0 AND position(p IN sw.db) > 0) OR (f & 2 <> 0 AND position(p IN sw.name) > 0)"   \
    " OR (f & 4 <> 0 AND position(p IN sw.description) > 0)"                                       \
    " OR (f & 8 <> 0 AND position(p IN sw.params) > 0)) IS NOT TRUE)"                              \
    " AND NOT EXISTS (SELECT 1 FROM unnest($4::text[]) AS x (v)"                                   \
    " WHERE (lower(t.table_type COLLATE \"C\") = lower(x.v COLLATE \"C\")) IS NOT TRUE)"           \
    " AND NOT EXISTS (SELECT 1 FROM unnest($5::text[]) AS x (v)"                                   \
    " WHERE (lower(t.owner COLLATE \"C\") = lower(x.v COLLATE \"C\")) IS NOT TRUE)"                \
    " AND NOT EXISTS (SELECT 1 FROM unnest($6::int[], $7::int[], $8::float8[])"                    \
    " AS c (w, op, v),"                                                                            \
    " LATERAL (SELECT CASE WHEN c.w = 0 THEN t.create_time ELSE t.update_time END) AS k (tv)"      \
    " WHERE (CASE c.op WHEN 0 THEN k.tv = c.v WHEN 1 THEN k.tv < c.v WHEN 2 THEN k.tv <= c.v"      \
    " WHEN 3 THEN k.tv > c.v ELSE k.tv >= c.v END) IS NOT TRUE)"                                   \
    " AND NOT EXISTS (SELECT 1 FROM unnest($9::text[], $10::text[]) AS c (k, v)"                   \
    " WHERE NOT EXISTS (SELECT 1 FROM table_params p WHERE p.table_id = t.id AND p.key = c.k"      \
    " AND lower(p.value COLLATE \"C\") = lower(c.v COLLATE \"C\")))"
#define SEARCH_SQL(KEY, TYPE, CMP, DIR)                                                            \
    SEARCH_FROM " AND ($11::" TYPE " IS NULL OR (" KEY ", d.name, t.name) " CMP " ($11::" TYPE     \
                ", $12::text, $13::text))"                                                         \
                " ORDER BY " KEY DIR ", d.name" DIR ", t.name" DIR " LIMIT $14"

/* By enum store_search_sort, ascending then descending. */
static const char *const SQL_SEARCH[4][2] = {
    {SEARCH_SQL("d.name", "text", ">", ""), SEARCH_SQL("d.name", "text", "<", " DESC")},
    {SEARCH_SQL("t.name", "text", ">", ""), SEARCH_SQL("t.name", "text", "<", " DESC")},
    {SEARCH_SQL("t.create_time", "float8", ">", ""),
     SEARCH_SQL("t.create_time", "float8", "<", " DESC")},
    {SEARCH_SQL("t.update_time", "float8", ">", ""),
     SEARCH_SQL("t.update_time", "float8", "<", " DESC")},
};

/* The arguments of Q ($2..$14, after the catalog).  Returns 0 when Q can match nothing: a
** phrase without words (FTS5 matches no row with an empty phrase) or a time compared with NaN
** (SQLite binds NaN as NULL, which no comparison holds with). */
static int search_args(struct pg_args *a, const struct store_search *q)
{
    struct sbuf phrases = {0}, fields = {0}, types = {0}, owners = {0}, tw = {0}, tops = {0},
                tvals = {0}, keys = {0}, values = {0};
    char num[40];
    int ok = 1;
    size_t i;
    pg_array_open(&phrases);
    pg_array_open(&fields);
    for (i = 0; i < q->nterms; i++) {
        char *w = words_of(q->terms[i].phrase);
        if (w[1] == '\0')
            ok = 0;
        pg_array_text(&phrases, w);
        free(w);
        snprintf(num, sizeof(num), "%u", q->terms[i].fields);
        pg_array_raw(&fields, num);
    }
    pg_array_open(&types);
    pg_array_open(&owners);
    pg_array_open(&tw);
    pg_array_open(&tops);
    pg_array_open(&tvals);
    pg_array_open(&keys);
    pg_array_open(&values);
    for (i = 0; i < q->nconds; i++) {
        const struct store_search_cond *c = &q->conds[i];
        switch (c->what) {
        case STORE_SC_TABLE_TYPE:
            pg_array_text(&types, c->text);
            break;
        case STORE_SC_OWNER:
            pg_array_text(&owners, c->text);
            break;
        case STORE_SC_CREATE_TIME:
        case STORE_SC_UPDATE_TIME:
            if (isnan(c->num))
                ok = 0;
            pg_array_raw(&tw, c->what == STORE_SC_CREATE_TIME ? "0" : "1");
            snprintf(num, sizeof(num), "%d", (int)c->cmp);
            pg_array_raw(&tops, num);
            snprintf(num, sizeof(num), "%.17g", isnan(c->num) ? 0.0 : c->num); /* inf: ok */
            pg_array_raw(&tvals, num);
            break;
        case STORE_SC_PARAMETER:
            pg_array_text(&keys, c->key);
            pg_array_text(&values, c->text);
            break;
        }
    }
    pg_array_close(&phrases);
    pg_arg_owned(a, phrases.p);
    pg_array_close(&fields);
    pg_arg_owned(a, fields.p);
    pg_array_close(&types);
    pg_arg_owned(a, types.p);
    pg_array_close(&owners);
    pg_arg_owned(a, owners.p);
    pg_array_close(&tw);
    pg_arg_owned(a, tw.p);
    pg_array_close(&tops);
    pg_arg_owned(a, tops.p);
    pg_array_close(&tvals);
    pg_arg_owned(a, tvals.p);
    pg_array_close(&keys);
    pg_arg_owned(a, keys.p);
    pg_array_close(&values);
    pg_arg_owned(a, values.p);
    if (q->after_key == NULL) {
        pg_arg_null(a);
    } else if (q->sort == STORE_SORT_CREATE_TIME || q->sort == STORE_SORT_UPDATE_TIME) {
        double v = strtod(q->after_key, NULL);
        if (isnan(v))
            ok = 0;
        pg_arg_num(a, isnan(v) ? 0.0 : v);
    } else {
        pg_arg_text(a, q->after_key);
    }
    pg_arg_text(a, q->after_db ? q->after_db : "");
    pg_arg_text(a, q->after_name ? q->after_name : "");
    pg_arg_int(a, (long long)q->limit + 1);
    return ok;
}

int pg_table_search(struct store *st, const char *catalog, const struct store_search *q,
                    json_t **out, int *more, struct srv_error *err)
{
    struct pg_args a;
    PGresult *r;
    json_t *list;
    size_t bytes = 0;
    int rc, row, n = 0;
    *out = NULL;
    *more = 0;
    pg_args_init(&a);
    pg_arg_text(&a, catalog);
    if (!search_args(&a, q)) {
        pg_args_free(&a);
        *out = json_array();
        return CAT_OK;
    }
    rc = pg_query(st, SQL_SEARCH[q->sort][q->desc ? 1 : 0], &a, &r, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    list = json_array();
    for (row = 0; row < PQntuples(r); row++) {
        json_t *item;
        if (n == q->limit || (q->max_bytes && n > 0 && bytes >= q->max_bytes)) {
            *more = 1;
            break;
        }
        if ((item = pg_row_table_from_row(catalog, r, row)) == NULL) {
            rc = srv_error_set(err, CAT_EINTERNAL, "Internal error.");
            break;
        }
        if (q->max_bytes)
            bytes += json_dumpb(item, NULL, 0, JSON_COMPACT);
        json_array_append_new(list, item);
        n++;
    }
    PQclear(r);
    if (rc != CAT_OK) {
        json_decref(list);
        *more = 0;
        return rc;
    }
    *out = list;
    return CAT_OK;
}
