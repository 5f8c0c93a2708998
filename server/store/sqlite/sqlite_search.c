/* sqlite_search.c -- SQLite store of SearchTables: an FTS5 query over table_search (migration
** 0005) joined with the tables it names, narrowed by conditions, in keyset order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/sqlite/sqlite_int.h"
#include "store/sqlite/sqlite_row.h"

/* The FTS5 column names of STORE_SEARCH_* bits, in bit order. */
static const char *const FIELD_COL[] = {"db", "name", "description", "params"};

/* Append Q's terms as one FTS5 query: ({cols} : "w1 w2") AND ...  Words hold no quote or
** other ASCII punctuation (the resource splits on it), so each phrase is one string token. */
static void fts_query(struct sbuf *b, const struct store_search *q)
{
    size_t i, j;
    for (i = 0; i < q->nterms; i++) {
        const char *sep = "";
        if (i)
            sbuf_adds(b, " AND ");
        sbuf_adds(b, "{");
        for (j = 0; j < 4; j++) {
            if (q->terms[i].fields & (1u << j)) {
                sbuf_adds(b, sep);
                sbuf_adds(b, FIELD_COL[j]);
                sep = " ";
            }
        }
        sbuf_adds(b, "} : \"");
        sbuf_adds(b, q->terms[i].phrase);
        sbuf_adds(b, "\"");
    }
}

static const char *cmp_sql(enum store_cmp c)
{
    static const char *const OPS[] = {" = ", " < ", " <= ", " > ", " >= "};
    return OPS[c];
}

/* The SQL expression of the sort field. */
static const char *sort_sql(enum store_search_sort s)
{
    static const char *const COLS[] = {"d.name", "t.name", "t.create_time", "t.update_time"};
    return COLS[s];
}

/* The SQL of Q: ?1 catalog, ?2 the FTS query (when Q has terms), then the conditions' and
** the resume point's values in the order bind_query() binds them. */
static char *query_sql(const struct store_search *q)
{
    struct sbuf b = {0};
    const char *key = sort_sql(q->sort), *dir = q->desc ? " DESC" : "";
    size_t i;
    sbuf_adds(&b, TABLE_COLS " WHERE d.catalog_id = ?1");
    if (q->nterms)
        sbuf_adds(&b, " AND t.id IN (SELECT rowid FROM table_search WHERE table_search MATCH ?2)");
    for (i = 0; i < q->nconds; i++) {
        const struct store_search_cond *c = &q->conds[i];
        switch (c->what) {
        case STORE_SC_TABLE_TYPE:
            sbuf_adds(&b, " AND t.table_type = ? COLLATE NOCASE");
            break;
        case STORE_SC_OWNER:
            sbuf_adds(&b, " AND t.owner = ? COLLATE NOCASE");
            break;
        case STORE_SC_CREATE_TIME:
        case STORE_SC_UPDATE_TIME:
            sbuf_adds(&b, c->what == STORE_SC_CREATE_TIME ? " AND t.create_time"
                                                          : " AND t.update_time");
            sbuf_adds(&b, cmp_sql(c->cmp));
            sbuf_adds(&b, "?");
            break;
        case STORE_SC_PARAMETER:
            sbuf_adds(&b, " AND EXISTS (SELECT 1 FROM table_params p WHERE p.table_id = t.id"
                          " AND p.key = ? AND p.value = ? COLLATE NOCASE)");
            break;
        }
    }
    if (q->after_key) {
        sbuf_adds(&b, " AND (");
        sbuf_adds(&b, key);
        sbuf_adds(&b, ", d.name, t.name)");
        sbuf_adds(&b, q->desc ? " < " : " > ");
        sbuf_adds(&b, "(?, ?, ?)");
    }
    sbuf_adds(&b, " ORDER BY ");
    sbuf_adds(&b, key);
    sbuf_adds(&b, dir);
    sbuf_adds(&b, ", d.name");
    sbuf_adds(&b, dir);
    sbuf_adds(&b, ", t.name");
    sbuf_adds(&b, dir);
    return b.p;
}

/* Bind what query_sql() asks for; FTS is the FTS query text (borrowed). */
static void bind_query(sqlite3_stmt *stmt, const char *catalog, const struct store_search *q,
                       const char *fts)
{
    int n = 2; /* anonymous parameters count on from the highest numbered one */
    size_t i;
    sqlite3_bind_text(stmt, 1, catalog, -1, SQLITE_STATIC);
    if (q->nterms)
        sqlite3_bind_text(stmt, n++, fts, -1, SQLITE_STATIC);
    for (i = 0; i < q->nconds; i++) {
        const struct store_search_cond *c = &q->conds[i];
        if (c->what == STORE_SC_CREATE_TIME || c->what == STORE_SC_UPDATE_TIME) {
            sqlite3_bind_double(stmt, n++, c->num);
            continue;
        }
        if (c->what == STORE_SC_PARAMETER)
            sqlite3_bind_text(stmt, n++, c->key, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, n++, c->text, -1, SQLITE_STATIC);
    }
    if (q->after_key) {
        if (q->sort == STORE_SORT_CREATE_TIME || q->sort == STORE_SORT_UPDATE_TIME)
            sqlite3_bind_double(stmt, n++, strtod(q->after_key, NULL));
        else
            sqlite3_bind_text(stmt, n++, q->after_key, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, n++, q->after_db ? q->after_db : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, n, q->after_name ? q->after_name : "", -1, SQLITE_STATIC);
    }
}

static const char SQL_PARAMS_REFRESH[] =
    "UPDATE table_search SET params = coalesce((SELECT group_concat(key || ' ' || value, ' ')"
    " FROM table_params WHERE table_id = ?1), '') WHERE rowid = ?1";

int search_params_refresh(struct store *st, sqlite3_int64 table_id, struct srv_error *err)
{
    sqlite3_stmt *stmt = sq_prep(st, SQL_PARAMS_REFRESH, err);
    if (stmt == NULL)
        return err->code;
    sqlite3_bind_int64(stmt, 1, table_id);
    return row_step_done(st, stmt, err);
}

int sq_table_search(struct store *st, const char *catalog, const struct store_search *q,
                    json_t **out, int *more, struct srv_error *err)
{
    struct sbuf fts = {0};
    sqlite3_stmt *stmt = NULL;
    char *sql = query_sql(q);
    int rc;
    *out = NULL;
    *more = 0;
    fts_query(&fts, q);
    if (sqlite3_prepare_v2(SQ(st)->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        rc = sq_sqlerr(st, err);
        goto done;
    }
    bind_query(stmt, catalog, q, fts.p ? fts.p : "");
    rc = row_collect(st, stmt, catalog, q->limit, q->max_bytes, NULL, NULL, 1, row_table, out, more,
                     err);
done:
    sqlite3_finalize(stmt);
    free(sql);
    free(fts.p);
    return rc;
}
