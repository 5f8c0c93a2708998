/* pg_partition.c -- PostgreSQL store of partitions (typed key columns kn/ks, descriptor
** differences, keyset pages, expressions compiled by pexpr_compile_pg) and partition indexes:
** sqlite_partition.c, translated.
**
** A partition row keeps its values (JSON text, the identity), their typed copies in kn<i>
** (numeric: integer, decimal, boolean keys) or ks<i> (text: the others), the table descriptor
** row it was written against (sd_id), its location relative to that descriptor's, and in
** `rest` every other member plus the descriptor members that differ from the base ("__sd") or
** that the partition lacks ("__sdx").  Reads merge it back into a full Partition object.
**
** Expected errors run no failing statement (pg_int.h): an insert is ON CONFLICT DO NOTHING
** with a row count; a move checks its target in the same statement as the update. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "lang/pexpr.h"
#include "store/pg/pg_int.h"
#include "store/shape.h"

/* ---- Statements.  Partition writes bind $1 table id, $2 values, $3..$38 the rest of the row
** (struct row_form), $39 the creation time (insert) or the current values (replace). */
#define FORM_COLS                                                                                  \
    "sd_id, loc_rel, location, rest, kn0, kn1, kn2, kn3, kn4, kn5, kn6, kn7, kn8, kn9, kn10,"      \
    " kn11, kn12, kn13, kn14, kn15, ks0, ks1, ks2, ks3, ks4, ks5, ks6, ks7, ks8, ks9, ks10, ks11," \
    " ks12, ks13, ks14, ks15"
#define FORM_PARAMS                                                                                \
    "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22," \
    " $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38"
#define FORM_NPARAMS 36

/* A partition's table is locked (FOR KEY SHARE) by the statement that inserts into it, once,
** instead of a foreign key checked row by row (about a tenth of PostgreSQL's time per row
** ingested; migrations/postgresql/0010): a DeleteTable running meanwhile waits for the writer
** to commit and then deletes its rows too (trigger tables_drop_partitions).  This relies on
** every catalogd write being SERIALIZABLE (pg_conn.c): a DeleteTable whose snapshot predates
** the writer's commit does not see the writer's rows, and only SERIALIZABLE's conflict check
** fails it (40001, retried) -- where the foreign key's cascade failed it itself.  A table
** deleted before the writer opened it fails the lock the same way (40001); the statement's
** "table gone" answer (table_gone) is for a transaction at a weaker level, which catalogd
** does not begin. */
#define TABLE_LOCK "WITH t AS (SELECT id FROM tables WHERE id = $1 FOR KEY SHARE)"
/* One row: whether the table is there, whether the partition was inserted. */
static const char SQL_PART_INSERT[] =
    TABLE_LOCK ", ins AS (INSERT INTO partitions (table_id, vals, " FORM_COLS
               ", create_time) SELECT t.id, $2, " FORM_PARAMS
               ", $39 FROM t ON CONFLICT " PG_VALS_CONFLICT " DO NOTHING RETURNING 1)"
               " SELECT (SELECT count(*) FROM t), (SELECT count(*) FROM ins)";
/* Many rows in one statement: $2 a JSON array of records named as row_form's texts, $3 the
** creation time.  One text per number of typed keys N (0..STORE_TYPED_KEYS), naming only
** kn0..kn<N-1> and ks0..ks<N-1>, the others being NULL for such a table: json_to_recordset
** then builds records of 5 + 2N columns, not 37 (about 12% of the INSERT's time for 3 keys).
** Rows: the values inserted, or one NULL when the table is gone (TABLE_LOCK). */
static char *insert_many_sql[STORE_TYPED_KEYS + 1];
static pthread_once_t insert_many_once = PTHREAD_ONCE_INIT;

static void insert_many_init(void)
{
    int n, i;
    for (n = 0; n <= STORE_TYPED_KEYS; n++) {
        struct sbuf cols = {0}, decl = {0}, sql = {0};
        char one[64];
        sbuf_adds(&cols, "sd_id, loc_rel, location, rest");
        sbuf_adds(&decl, "vals text, sd_id bigint, loc_rel text, location text, rest text");
        for (i = 0; i < n; i++) {
            snprintf(one, sizeof(one), ", kn%d, ks%d", i, i);
            sbuf_adds(&cols, one);
            snprintf(one, sizeof(one), ", kn%d numeric, ks%d text", i, i);
            sbuf_adds(&decl, one);
        }
        sbuf_adds(&sql, TABLE_LOCK ", ins AS (INSERT INTO partitions (table_id, vals, ");
        sbuf_adds(&sql, cols.p);
        sbuf_adds(&sql, ", create_time) SELECT t.id, vals, ");
        sbuf_adds(&sql, cols.p);
        sbuf_adds(&sql, ", $3 FROM t, json_to_recordset($2::json) AS x(");
        sbuf_adds(&sql, decl.p);
        sbuf_adds(&sql, ") ON CONFLICT " PG_VALS_CONFLICT " DO NOTHING RETURNING vals)"
                        " SELECT vals FROM ins UNION ALL SELECT NULL FROM t HAVING count(*) = 0");
        insert_many_sql[n] = sql.p; /* kept for the process's life */
        free(cols.p);
        free(decl.p);
    }
}

static const char *insert_many(int nkeys)
{
    pthread_once(&insert_many_once, insert_many_init);
    return insert_many_sql[nkeys < 0 ? 0 : nkeys > STORE_TYPED_KEYS ? STORE_TYPED_KEYS : nkeys];
}
/* One statement: whether the partition exists, whether the target of a move exists, and the
** update (only when the first holds and the second does not). */
static const char SQL_PART_UPDATE[] =
    "WITH old AS (SELECT id FROM partitions WHERE table_id = $1 AND " PG_VALS_IS(
        "$39") "),"
               " dup AS (SELECT 1 FROM partitions WHERE table_id = $1 AND " PG_VALS_IS(
                   "$2") " AND $2 <> $39),"
                         " upd AS (UPDATE partitions SET (vals, " FORM_COLS ") = ($2, " FORM_PARAMS
                         ")"
                         " WHERE id = (SELECT id FROM old) AND NOT EXISTS (SELECT 1 FROM dup) "
                         "RETURNING 1)"
                         " SELECT (SELECT count(*) FROM old), (SELECT count(*) FROM dup), (SELECT "
                         "count(*) FROM upd)";
#define PART_COLS "SELECT vals, create_time, sd_id, loc_rel, location, rest, id FROM partitions"
static const char SQL_PART_GET[] = PART_COLS " WHERE table_id = $1 AND " PG_VALS_IS("$2");
/* The partitions of many keys in one statement: $2 a JSON array of Values texts; each row
** found with the 1-based place of its key ($2's order, the last column). */
static const char SQL_PART_GET_MANY[] =
    "SELECT p.vals, p.create_time, p.sd_id, p.loc_rel, p.location, p.rest, p.id, k.o"
    " FROM json_array_elements_text($2::json) WITH ORDINALITY AS k(v, o)"
    " JOIN partitions p ON p.table_id = $1 AND " PG_VALS_PREFIX
    " = left(k.v, 640) AND " PG_VALS_DIGEST("p.vals") " = " PG_VALS_DIGEST(
        "k.v") " AND p.vals = k.v ORDER BY k.o";
static const char SQL_PART_DELETE[] =
    "DELETE FROM partitions WHERE table_id = $1 AND " PG_VALS_IS("$2");
/* Pages: $1 table, $2 after, $3 total segments, $4 segment, $5 unused (and the expression's
** parameters from $6, SHAPE_PAGE_EXPR_PARAM); the segment test is in the text only for a
** segmented visit, the LIMIT a constant (page_text()).  A page without an expression (a
** listing) runs as a kept statement (pg_query_text), which PostgreSQL's plan cache serves with
** a generic plan after five runs instead of planning each page again (planning over the
** table's 33 indexes costs about 0.5 ms a page): so its text holds no value but the LIMIT,
** rounded up to a power of two (a parameter LIMIT makes a generic plan look ten times dearer
** than a custom one, and the plan cache then plans every run).  Its plan does not depend on
** values: partitions_vals in order from AFTER.  A page with an expression is planned for its
** values on every run: which key's index to read depends on them, and a generic plan, from
** default selectivities, picks wrong ones (at 4*10^4 partitions `dt = D AND hr BETWEEN h AND
** h+4` walked the hour key's index: 3 ms instead of 1.1).  The position AFTER ($2) is read through
** sub-selects, which the planner does not look into: it sees a range of unknown size and
** walks partitions_vals in order up to the LIMIT.  Given the value, it estimated the rows past
** it from the statistics of the last ANALYZE, which has seen none of the partitions loaded
** since in value order (a date first) -- so it read every row to the end of the table and
** sorted them for each page (30 ms instead of 1 at 2*10^5 partitions, the time growing with
** the rows loaded since; make bench's full listing). */
#define PART_PAGE_WHERE                                                                            \
    " WHERE table_id = $1 AND " PG_VALS_PREFIX " >= (SELECT left($2, 640)) AND (" PG_VALS_PREFIX   \
    ", vals) > (SELECT left($2, 640), $2::text)"
#define PART_PAGE_SEGMENT " AND id % $3 = $4"
/* Rows fetched per statement of a long visit (the PGresult holds them all). */
#define PAGE_CHUNK 4096

/* One statement: the count of the table's indexes, and the insert when there are fewer than 3. */
static const char SQL_PIDX_CREATE[] =
    "WITH c AS (SELECT count(*) AS n FROM partition_indexes WHERE table_id = $1),"
    " ins AS (INSERT INTO partition_indexes (table_id, name, keys, create_time)"
    " SELECT $1::bigint, $2::text, $3::text, $4::float8 FROM c WHERE c.n < 3"
    " ON CONFLICT (table_id, name) DO NOTHING RETURNING 1)"
    " SELECT (SELECT n FROM c), (SELECT count(*) FROM ins)";
static const char SQL_PIDX_LIST[] =
    "SELECT name, keys FROM partition_indexes WHERE table_id = $1 ORDER BY create_time, name";
static const char SQL_PIDX_DELETE[] =
    "DELETE FROM partition_indexes WHERE table_id = $1 AND name = $2";

/* The N bytes at S as a new string. */
static char *dup_n(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* ================================================================ */
/* Writing rows.                                                      */

/* A partition row as written: $2 (values) and $3..$38 (sd_id, loc_rel, location, rest,
** kn0..kn15, ks0..ks15), as texts (NULL: SQL NULL).  Valid while its input lives. */
#define FORM_N (1 + FORM_NPARAMS)
struct row_form {
    const char *v[FORM_N];
    char *owned[FORM_N];
    char num[FORM_N][32];
    struct pvalue typed[STORE_TYPED_KEYS]; /* v[] may point into these */
};

/* The names of row_form's texts, for a batch's JSON records. */
static const char *const form_names[FORM_N] = {
    "vals", "sd_id", "loc_rel", "location", "rest", "kn0",  "kn1",  "kn2",  "kn3",  "kn4",
    "kn5",  "kn6",   "kn7",     "kn8",      "kn9",  "kn10", "kn11", "kn12", "kn13", "kn14",
    "kn15", "ks0",   "ks1",     "ks2",      "ks3",  "ks4",  "ks5",  "ks6",  "ks7",  "ks8",
    "ks9",  "ks10",  "ks11",    "ks12",     "ks13", "ks14", "ks15"};

static void form_release(struct row_form *f)
{
    int i;
    for (i = 0; i < FORM_N; i++)
        free(f->owned[i]);
}

/* Fill F for partition input IN (its Values are the row's). */
static int form_build(struct store *st, struct store_ptable *pt, const json_t *in,
                      struct row_form *f, struct srv_error *err)
{
    const json_t *values = json_object_get(in, "Values"), *base = NULL;
    const json_t *sd = json_object_get(in, "StorageDescriptor");
    struct sd_form d;
    size_t i;
    int rc;
    memset(f, 0, sizeof(*f));
    if ((rc = shape_base_sd(st, pt, pt->sd_id, pg_sd_load, &base, err)) != CAT_OK)
        return rc;
    /* no Values: NULL, which the NOT NULL column refuses, as on SQLite */
    f->v[0] = f->owned[0] = values ? json_dumps(values, JSON_COMPACT) : NULL;
    if (pt->sd_id) {
        snprintf(f->num[1], sizeof(f->num[1]), "%lld", pt->sd_id);
        f->v[1] = f->num[1];
    }
    sd_diff(base, json_is_object(sd) ? sd : NULL, &d);
    f->v[2] = d.loc_rel; /* borrowed from IN */
    f->v[3] = d.location;
    f->v[4] = f->owned[4] = shape_partition_rest(in, &d);
    sd_form_release(&d);
    /* kn<i> or ks<i> by the key's type, the other NULL; a value that does not read as its
    ** key's type is NULL in both */
    for (i = 0; i < STORE_TYPED_KEYS && (int)i < pt->nkeys; i++) {
        const json_t *val = json_array_get(values, i);
        struct pvalue *pv = &f->typed[i];
        int kn = 5 + (int)i, ks = 5 + STORE_TYPED_KEYS + (int)i;
        if (val == NULL ||
            ptype_value(pt->types[i], json_string_value(val), json_string_length(val), pv) != 0)
            continue;
        if (pexpr_pg_numeric(pt->types[i])) {
            if (pv->kind == PV_INT)
                snprintf(f->num[kn], sizeof(f->num[kn]), "%lld", pv->i);
            else if (pv->kind == PV_REAL)
                snprintf(f->num[kn], sizeof(f->num[kn]), "%.17g", pv->d);
            else
                continue;
            f->v[kn] = f->num[kn];
        } else if (pv->kind == PV_TEXT) {
            if (pv->text[pv->len] == '\0') /* a JSON string, or the canonical text in buf */
                f->v[ks] = pv->text;
            else
                f->v[ks] = f->owned[ks] = dup_n(pv->text, pv->len);
        }
    }
    return CAT_OK;
}

/* The table PT was deleted (committed) after the caller opened it: TABLE_LOCK found no row. */
static int table_gone(const struct store_ptable *pt, struct srv_error *err)
{
    return srv_error_set(err, CAT_ENOTFOUND, "Table %s not found.", pt->name);
}

/* Append F's texts to A as $2..$38 (borrowed). */
static void form_args(const struct row_form *f, struct pg_args *a)
{
    int i;
    for (i = 0; i < FORM_N; i++)
        pg_arg_text(a, f->v[i]);
}

int pg_partition_insert(struct store *st, struct store_ptable *pt, const json_t *values,
                        const json_t *in, double create_time, struct srv_error *err)
{
    struct row_form *f = xmalloc(sizeof(*f));
    struct pg_args a;
    PGresult *res = NULL;
    long long n = 0, there;
    json_t *copy = NULL;
    int rc;
    if (json_object_get(in, "Values") != values) { /* the row's values are VALUES */
        copy = json_copy((json_t *)in);
        json_object_set(copy, "Values", (json_t *)values);
        in = copy;
    }
    pg_args_init(&a);
    if ((rc = form_build(st, pt, in, f, err)) == CAT_OK) {
        pg_arg_int(&a, pt->id);
        form_args(f, &a);
        pg_arg_int(&a, (long long)(create_time * 1000.0));
        rc = pg_query(st, SQL_PART_INSERT, &a, &res, err);
        form_release(f);
    }
    pg_args_free(&a);
    json_decref(copy);
    free(f);
    if (rc == CAT_OK) {
        there = pg_get_int(res, 0, 0);
        n = pg_get_int(res, 0, 1);
        PQclear(res);
        if (!there)
            return table_gone(pt, err);
        if (n == 0)
            return srv_error_set(err, CAT_EEXISTS, "Partition already exists.");
        pg_note_rows(st, n);
    }
    if (rc == CAT_EEXISTS) /* a unique violation all the same (a concurrent writer) */
        srv_error_set(err, rc, "Partition already exists.");
    return rc;
}

int pg_partition_insert_many(struct store *st, struct store_ptable *pt, size_t n,
                             const json_t *const *values, const json_t *const *in,
                             double create_time, int *rcs, struct srv_error *err)
{
    struct row_form *f = xmalloc(sizeof(*f));
    char **vals = xcalloc(n + 1, sizeof(*vals));
    struct sbuf records = {0};
    json_t *inserted;
    struct pg_args a;
    PGresult *res = NULL;
    size_t i;
    int rc = CAT_OK, r, k;
    /* the records as JSON text: [{"vals": "...", "sd_id": "7", ...}, ...] */
    sbuf_adds(&records, "[");
    for (i = 0; i < n && rc == CAT_OK; i++) {
        const json_t *src = in[i];
        json_t *copy = NULL;
        if (json_object_get(src, "Values") != values[i]) {
            src = copy = json_copy((json_t *)in[i]);
            json_object_set(copy, "Values", (json_t *)values[i]);
        }
        if ((rc = form_build(st, pt, src, f, err)) == CAT_OK) {
            const char *sep = "{";
            for (k = 0; k < FORM_N; k++) {
                if (f->v[k] == NULL)
                    continue;
                sbuf_adds(&records, sep);
                sbuf_add_json_string(&records, form_names[k]);
                sbuf_adds(&records, ":");
                sbuf_add_json_string(&records, f->v[k]);
                sep = ",";
            }
            sbuf_adds(&records, i + 1 < n ? "}," : "}");
            vals[i] = f->owned[0]; /* kept for the answer */
            f->owned[0] = NULL;
            form_release(f);
        }
        json_decref(copy);
    }
    sbuf_adds(&records, "]");
    free(f);
    if (rc == CAT_OK && n > 0) {
        pg_args_init(&a);
        pg_arg_int(&a, pt->id);
        pg_arg_text(&a, records.p);
        pg_arg_int(&a, (long long)(create_time * 1000.0));
        rc = pg_query(st, insert_many(pt->nkeys), &a, &res, err);
        pg_args_free(&a);
    }
    free(records.p);
    if (rc == CAT_OK && res && PQntuples(res) > 0 && PQgetisnull(res, 0, 0))
        rc = table_gone(pt, err);
    if (rc == CAT_OK) {
        /* each inserted row goes to the first entry of its values; the others existed */
        inserted = json_object();
        pg_note_rows(st, res ? PQntuples(res) : 0);
        for (r = 0; res && r < PQntuples(res); r++)
            json_object_set_new(inserted, pg_get(res, r, 0), json_true());
        for (i = 0; i < n; i++) {
            rcs[i] = vals[i] && json_object_get(inserted, vals[i]) ? CAT_OK : CAT_EEXISTS;
            if (rcs[i] == CAT_OK)
                json_object_del(inserted, vals[i]);
        }
        json_decref(inserted);
    } else if (rc == CAT_EEXISTS) { /* a unique violation all the same (a concurrent writer) */
        srv_error_set(err, rc, "Partition already exists.");
    }
    for (i = 0; i < n; i++)
        free(vals[i]);
    free(vals);
    PQclear(res);
    return rc;
}

int pg_partition_replace(struct store *st, struct store_ptable *pt, const json_t *values,
                         const json_t *in, struct srv_error *err)
{
    struct row_form *f = xmalloc(sizeof(*f));
    struct pg_args a;
    PGresult *res = NULL;
    int rc;
    pg_args_init(&a);
    if ((rc = form_build(st, pt, in, f, err)) == CAT_OK) {
        pg_arg_int(&a, pt->id);
        form_args(f, &a);
        pg_arg_owned(&a, json_dumps(values, JSON_COMPACT));
        rc = pg_query(st, SQL_PART_UPDATE, &a, &res, err);
        form_release(f);
    }
    pg_args_free(&a);
    free(f);
    if (rc != CAT_OK) {
        if (rc == CAT_EEXISTS)
            srv_error_set(err, rc, "Partition already exists.");
        return rc;
    }
    if (pg_get_int(res, 0, 2) > 0)
        rc = CAT_OK;
    else if (pg_get_int(res, 0, 0) > 0 && pg_get_int(res, 0, 1) > 0)
        rc = srv_error_set(err, CAT_EEXISTS, "Partition already exists.");
    else
        rc = srv_error_set(err, CAT_ENOTFOUND, "Partition not found.");
    PQclear(res);
    return rc;
}

int pg_partition_delete(struct store *st, struct store_ptable *pt, const json_t *values,
                        struct srv_error *err)
{
    struct pg_args a;
    long long n = 0;
    int rc;
    pg_args_init(&a);
    pg_arg_int(&a, pt->id);
    pg_arg_owned(&a, json_dumps(values, JSON_COMPACT));
    rc = pg_exec(st, SQL_PART_DELETE, &a, &n, err);
    pg_args_free(&a);
    if (rc == CAT_OK && n == 0)
        return srv_error_set(err, CAT_ENOTFOUND, "Partition not found.");
    return rc;
}

/* ================================================================ */
/* Reading rows.                                                      */

/* Hand row ROW of a PART_COLS result to FN as a struct store_prow: the location made whole,
** the descriptor difference (kept in `rest` as "__sd"/"__sdx") separated from the
** partition's other members. */
static int visit_row(struct store *st, struct store_ptable *pt, const PGresult *res, int r,
                     store_prow_fn *fn, void *arg, struct srv_error *err)
{
    const char *rest = pg_get(res, r, 5);
    const char *loc_rel = pg_get(res, r, 3);
    struct store_prow row;
    int rc;
    memset(&row, 0, sizeof(row));
    row.values = pg_get(res, r, 0);
    row.creation_time = (double)pg_get_int(res, r, 1) / 1000.0;
    row.base_id = pg_get(res, r, 2) ? pg_get_int(res, r, 2) : 0;
    if ((rc = shape_base_sd(st, pt, row.base_id, pg_sd_load, &row.base, err)) != CAT_OK)
        return rc;
    row.location = pg_get(res, r, 4);
    return sd_row_visit(&row, loc_rel, rest, fn, arg, err);
}

/* The row of partition VALUES (a PART_COLS result of one row in *RES), or ENOTFOUND. */
static int get_row(struct store *st, struct store_ptable *pt, const json_t *values, PGresult **res,
                   struct srv_error *err)
{
    struct pg_args a;
    int rc;
    pg_args_init(&a);
    pg_arg_int(&a, pt->id);
    pg_arg_owned(&a, json_dumps(values, JSON_COMPACT));
    rc = pg_query(st, SQL_PART_GET, &a, res, err);
    pg_args_free(&a);
    if (rc == CAT_OK && PQntuples(*res) == 0) {
        PQclear(*res);
        *res = NULL;
        rc = srv_error_set(err, CAT_ENOTFOUND, "Partition not found.");
    }
    return rc;
}

/* A row of a store_partition_get_many() visit handed to its reader with the key's place. */
struct pkey_visit {
    store_pkey_fn *fn;
    void *arg;
    size_t key;
};

static int pkey_row(void *arg, const struct store_prow *row)
{
    struct pkey_visit *v = arg;
    return v->fn(v->arg, v->key, row);
}

int pg_partition_visit(struct store *st, struct store_ptable *pt, const json_t *values,
                       store_prow_fn *fn, void *arg, long long *id, struct srv_error *err)
{
    PGresult *res;
    int rc;
    if ((rc = get_row(st, pt, values, &res, err)) != CAT_OK)
        return rc;
    rc = visit_row(st, pt, res, 0, fn, arg, err);
    if (id)
        *id = pg_get_int(res, 0, 6);
    PQclear(res);
    return rc == STORE_STOP ? CAT_OK : rc;
}

int pg_partition_get(struct store *st, struct store_ptable *pt, const json_t *values,
                     store_prow_fn *fn, void *arg, struct srv_error *err)
{
    return pg_partition_visit(st, pt, values, fn, arg, NULL, err);
}

int pg_partition_get_many(struct store *st, struct store_ptable *pt, size_t n,
                          const json_t *const *values, store_pkey_fn *fn, void *arg,
                          struct srv_error *err)
{
    struct sbuf keys = {0};
    struct pg_args a;
    PGresult *res = NULL;
    size_t i;
    int rc, r;
    if (n == 0)
        return CAT_OK;
    sbuf_adds(&keys, "[");
    for (i = 0; i < n; i++) {
        char *text = json_dumps(values[i], JSON_COMPACT);
        if (text == NULL) {
            free(keys.p);
            return srv_error_set(err, CAT_ENOMEM, "Out of memory.");
        }
        if (i > 0)
            sbuf_adds(&keys, ",");
        sbuf_add_json_string(&keys, text);
        free(text);
    }
    sbuf_adds(&keys, "]");
    pg_args_init(&a);
    pg_arg_int(&a, pt->id);
    pg_arg_text(&a, keys.p);
    rc = pg_query(st, SQL_PART_GET_MANY, &a, &res, err);
    pg_args_free(&a);
    free(keys.p);
    for (r = 0; rc == CAT_OK && r < PQntuples(res); r++) {
        struct pkey_visit v = {fn, arg, (size_t)(pg_get_int(res, r, 7) - 1)};
        rc = visit_row(st, pt, res, r, pkey_row, &v, err);
    }
    PQclear(res);
    return rc == STORE_STOP ? CAT_OK : rc;
}

/* A page query of PT for Q compiled: the expression's condition (malloc'd; NULL: none, every
** partition) and its parameters as texts from $6 (malloc'd array of NBINDS). */
struct page_sql {
    char *where;
    int nbinds;
    char **binds;
};

static void page_sql_release(struct page_sql *p)
{
    int i;
    for (i = 0; i < p->nbinds; i++)
        free(p->binds[i]);
    free(p->binds);
    free(p->where);
    memset(p, 0, sizeof(*p));
}

static int page_sql(const struct store_ptable *pt, const struct store_pquery *q,
                    struct page_sql *out, struct srv_error *err)
{
    struct pexpr_key keys[STORE_TYPED_KEYS];
    struct pexpr_sql sql;
    int i, nkeys = shape_pexpr_keys(pt, keys), rc;
    memset(out, 0, sizeof(*out));
    if ((rc = pexpr_compile_pg(q->expression, keys, nkeys, SHAPE_PAGE_EXPR_PARAM, &sql, err)) !=
        CAT_OK)
        return rc;
    if (strcmp(sql.where, "TRUE") == 0) {
        pexpr_sql_release(&sql);
        return CAT_OK;
    }
    out->where = xstrdup(sql.where);
    out->binds = xcalloc((size_t)sql.nbinds + 1, sizeof(char *));
    out->nbinds = sql.nbinds;
    for (i = 0; i < sql.nbinds; i++) {
        const struct pvalue *v = &sql.binds[i];
        char num[40];
        if (v->kind == PV_INT) {
            snprintf(num, sizeof(num), "%lld", v->i);
            out->binds[i] = xstrdup(num);
        } else if (v->kind == PV_REAL) {
            snprintf(num, sizeof(num), "%.17g", v->d);
            out->binds[i] = xstrdup(num);
        } else if (v->kind == PV_TEXT) {
            out->binds[i] = dup_n(v->text, v->len);
        } /* PV_NULL: NULL */
    }
    pexpr_sql_release(&sql);
    return CAT_OK;
}

/* The text of page query P: EXPLAIN (NULL: none) before it, segmented or not, at most LIMIT
** rows rounded up to a power of two (the caller reads LIMIT of them). */
static char *page_text(const struct page_sql *p, const char *explain, int segmented,
                       long long limit)
{
    struct sbuf text = {0};
    long long cap = 1;
    char tail[40];
    while (cap < limit)
        cap <<= 1;
    if (explain)
        sbuf_adds(&text, explain);
    sbuf_adds(&text, PART_COLS PART_PAGE_WHERE);
    if (segmented)
        sbuf_adds(&text, PART_PAGE_SEGMENT);
    if (p->where) {
        sbuf_adds(&text, " AND (");
        sbuf_adds(&text, p->where);
        sbuf_adds(&text, ")");
    }
    snprintf(tail, sizeof(tail), " LIMIT %lld", cap);
    sbuf_adds(&text, PG_VALS_ORDER);
    sbuf_adds(&text, tail);
    return text.p;
}

/* Run page query P for PT: rows after AFTER, at most LIMIT (or up to the next power of two),
** segment SEG of TOTAL. */
static int page_run(struct store *st, const struct store_ptable *pt, const struct page_sql *p,
                    const char *explain, const char *after, int total, int seg, long long limit,
                    PGresult **res, struct srv_error *err)
{
    /* $1 table, $2 after, $3 total, $4 segment, $5 unused: typed, as the text may not use them */
    static const Oid page_types[5] = {20 /* int8 */, 25 /* text */, 23 /* int4 */, 23, 23};
    int n = 5 + p->nbinds, i, rc;
    const char **vals = xcalloc((size_t)n, sizeof(char *));
    Oid *types = xcalloc((size_t)n, sizeof(Oid)); /* the expression's: inferred (0) */
    char id[24], tot[24], sg[24];
    char *sql = page_text(p, explain, total > 1, limit);
    snprintf(id, sizeof(id), "%lld", pt->id);
    snprintf(tot, sizeof(tot), "%d", total);
    snprintf(sg, sizeof(sg), "%d", seg);
    vals[0] = id;
    vals[1] = after;
    vals[2] = tot;
    vals[3] = sg;
    vals[4] = "0";
    memcpy(types, page_types, sizeof(page_types));
    for (i = 0; i < p->nbinds; i++)
        vals[5 + i] = p->binds[i];
    /* kept: a listing's page (above) */
    rc = pg_query_text(st, sql, n, types, vals, explain == NULL && p->where == NULL, res, err);
    free(sql);
    free(types);
    free(vals);
    return rc;
}

int pg_partition_query(struct store *st, struct store_ptable *pt, const struct store_pquery *q,
                       store_prow_fn *fn, void *arg, struct srv_error *err)
{
    struct page_sql p;
    char *after = xstrdup(q->after ? q->after : "");
    long long left = q->limit;
    int total = q->total_segments > 0 ? q->total_segments : 1, rc;
    if ((rc = page_sql(pt, q, &p, err)) != CAT_OK) {
        free(after);
        return rc;
    }
    /* a long visit goes in chunks, each resuming after the last row of the one before */
    while (left > 0) {
        long long chunk = left < PAGE_CHUNK ? left : PAGE_CHUNK;
        PGresult *res;
        int r, n;
        if ((rc = page_run(st, pt, &p, NULL, after, total, q->segment, chunk, &res, err)) != CAT_OK)
            break;
        n = PQntuples(res);
        if (n > chunk) /* the LIMIT was rounded up */
            n = (int)chunk;
        for (r = 0; r < n && rc == CAT_OK; r++)
            rc = visit_row(st, pt, res, r, fn, arg, err);
        if (n > 0) {
            free(after);
            after = xstrdup(pg_get(res, n - 1, 0));
        }
        PQclear(res);
        if (rc != CAT_OK || n < chunk)
            break;
        left -= n;
    }
    page_sql_release(&p);
    free(after);
    return rc == STORE_STOP ? CAT_OK : rc;
}

int pg_partition_explain(struct store *st, struct store_ptable *pt, const struct store_pquery *q,
                         char **plan, struct srv_error *err)
{
    struct page_sql p;
    struct sbuf text = {0};
    PGresult *res;
    int rc, r;
    *plan = NULL;
    if ((rc = page_sql(pt, q, &p, err)) != CAT_OK)
        return rc;
    rc = page_run(st, pt, &p, "EXPLAIN ", q->after ? q->after : "",
                  q->total_segments > 0 ? q->total_segments : 1, q->segment, q->limit, &res, err);
    page_sql_release(&p);
    if (rc != CAT_OK)
        return rc;
    for (r = 0; r < PQntuples(res); r++) {
        sbuf_adds(&text, pg_get(res, r, 0));
        sbuf_adds(&text, "\n");
    }
    PQclear(res);
    *plan = text.p ? text.p : xstrdup("");
    return CAT_OK;
}

/* ================================================================ */
/* Partition indexes (metadata only: every typed key is indexed).     */

int pg_pindex_create(struct store *st, struct store_ptable *pt, const char *name,
                     const json_t *keys, struct srv_error *err)
{
    struct pg_args a;
    PGresult *res;
    int rc;
    pg_args_init(&a);
    pg_arg_int(&a, pt->id);
    pg_arg_text(&a, name);
    pg_arg_owned(&a, json_dumps(keys, JSON_COMPACT));
    pg_arg_num(&a, util_now());
    rc = pg_query(st, SQL_PIDX_CREATE, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK) {
        if (rc == CAT_EEXISTS)
            srv_error_set(err, rc, "Partition index %s already exists.", name);
        return rc;
    }
    if (pg_get_int(res, 0, 0) >= 3)
        rc = srv_error_set(err, CAT_ELIMIT, "A table can have at most 3 partition indexes.");
    else if (pg_get_int(res, 0, 1) == 0)
        rc = srv_error_set(err, CAT_EEXISTS, "Partition index %s already exists.", name);
    PQclear(res);
    return rc;
}

int pg_pindex_list(struct store *st, struct store_ptable *pt, json_t **out, struct srv_error *err)
{
    struct pg_args a;
    PGresult *res;
    json_t *list;
    int rc, r;
    *out = NULL;
    pg_args_init(&a);
    pg_arg_int(&a, pt->id);
    rc = pg_query(st, SQL_PIDX_LIST, &a, &res, err);
    pg_args_free(&a);
    if (rc != CAT_OK)
        return rc;
    list = json_array();
    for (r = 0; r < PQntuples(res); r++)
        json_array_append_new(list, shape_pindex(pt->table, pg_get(res, r, 0), pg_get(res, r, 1)));
    PQclear(res);
    *out = list;
    return CAT_OK;
}

int pg_pindex_delete(struct store *st, struct store_ptable *pt, const char *name,
                     struct srv_error *err)
{
    struct pg_args a;
    long long n = 0;
    int rc;
    pg_args_init(&a);
    pg_arg_int(&a, pt->id);
    pg_arg_text(&a, name);
    rc = pg_exec(st, SQL_PIDX_DELETE, &a, &n, err);
    pg_args_free(&a);
    if (rc == CAT_OK && n == 0)
        return srv_error_set(err, CAT_ENOTFOUND, "Partition index %s not found.", name);
    return rc;
}
