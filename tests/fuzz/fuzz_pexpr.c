/* fuzz_pexpr.c -- libFuzzer target: GetPartitions Expressions through pexpr_compile(), and the
** SQL it emits run against a small in-memory SQLite table.
**
** Input: the first byte picks the types of the three keys dt, hr and name (base 6 digits, in
** ptype order); the rest is the expression.  Aborts on: SQL that does not prepare, a parameter
** count that differs from nbinds, a quote in the SQL (values are never inlined), a failure code
** other than CAT_EINVAL, "(E)" compiling differently from E, or a row matching both E and NOT (E).
** The PostgreSQL dialect (pexpr_compile_pg) of every input must fail the same way or compile to
** the same SQL spelt for PostgreSQL: kn/ks columns by key type, "$N::numeric"/"$N::text" typed as
** the bind, LIKE for GLOB with a pattern that maps back to SQLite's exactly, the same other binds.
*/
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/pexpr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;

static const char *const samples[][3] = {
    {"2020-01-01", "9", "abc"},
    {"2020-1-10", "10", "a_c"},
    {"2019-12-31 23:59:59.5", "-1.5", "A%C"},
    {"__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__"},
    {"true", "1e2", ""},
    {"2021-06-15 12:00", "FALSE", "a*c"},
};

static void die(const char *what, const char *expr, const char *detail)
{
    fprintf(stderr, "fuzz_pexpr: %s\n  expr: %s\n  %s\n", what, expr, detail ? detail : "");
    abort();
}

static void bind_all(sqlite3_stmt *st, const struct pexpr_sql *s, int first)
{
    int j;
    for (j = 0; j < s->nbinds; j++) {
        const struct pvalue *v = &s->binds[j];
        if (v->kind == PV_INT)
            sqlite3_bind_int64(st, first + j, v->i);
        else if (v->kind == PV_REAL)
            sqlite3_bind_double(st, first + j, v->d);
        else if (v->kind == PV_TEXT)
            sqlite3_bind_text(st, first + j, v->text, (int)v->len, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, first + j);
    }
}

/* count(*) of rows matching A (and B, when not NULL, with its params after A's). */
static long long count_rows(const char *expr, const struct pexpr_sql *a, const struct pexpr_sql *b)
{
    sqlite3_stmt *st = NULL;
    size_t n = strlen(a->where) + (b ? strlen(b->where) : 0) + 64;
    char *sql = malloc(n);
    long long c;

    if (sql == NULL)
        abort();
    if (b != NULL)
        snprintf(sql, n, "SELECT count(*) FROM p WHERE (%s) AND (%s)", a->where, b->where);
    else
        snprintf(sql, n, "SELECT count(*) FROM p WHERE %s", a->where);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        die("SQL does not prepare", expr, sqlite3_errmsg(db));
    if (sqlite3_bind_parameter_count(st) != a->nbinds + (b ? b->nbinds : 0))
        die("parameter count differs from nbinds", expr, sql);
    bind_all(st, a, 1);
    if (b != NULL)
        bind_all(st, b, 1 + a->nbinds);
    if (sqlite3_step(st) != SQLITE_ROW)
        die("SQL does not run", expr, sqlite3_errmsg(db));
    c = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    free(sql);
    return c;
}

/* PG (pexpr_compile_pg's output for EXPR, compiled as S was for SQLite) is S spelt for
** PostgreSQL; dies otherwise. */
static void check_pg(const char *expr, const struct pexpr_sql *s, const struct pexpr_sql *pg,
                     const struct pexpr_key *keys)
{
    size_t n = strlen(pg->where) + 1, o = 0, i = 0;
    char *back = malloc(n), last = 0;
    int like_next = 0, j;
    char *is_like = calloc((size_t)pg->nbinds + 1, 1);

    if (back == NULL || is_like == NULL)
        abort();
    if (pg->nbinds != s->nbinds)
        die("pg: bind count differs", expr, pg->where);
    if (strpbrk(pg->where, "'\"`") != NULL)
        die("pg: quote in SQL", expr, pg->where);
    if (strcmp(pg->where, "TRUE") == 0) {
        if (strcmp(s->where, "1") != 0)
            die("pg: TRUE for a condition", expr, s->where);
        goto done;
    }
    while (pg->where[i]) {
        const char *w = pg->where + i;
        if (w[0] == 'k' && (w[1] == 'n' || w[1] == 's') && w[2] >= '0' && w[2] <= '9') {
            int key = atoi(w + 2);
            if ((w[1] == 'n') != pexpr_pg_numeric(keys[key].type))
                die("pg: column of the wrong type", expr, pg->where);
            last = w[1];
            back[o++] = 'k';
            i += 2;
        } else if (w[0] == '$') {
            int num = atoi(w + 1);
            const char *cast;
            back[o++] = '?';
            for (i++; pg->where[i] >= '0' && pg->where[i] <= '9'; i++)
                back[o++] = pg->where[i];
            cast = pg->where + i;
            if (num < 1 || num > pg->nbinds)
                die("pg: parameter out of range", expr, pg->where);
            if (strncmp(cast, "::numeric", 9) == 0) {
                if (last != 'n' ||
                    (pg->binds[num - 1].kind != PV_INT && pg->binds[num - 1].kind != PV_REAL))
                    die("pg: numeric parameter of a text column or bind", expr, pg->where);
                i += 9;
            } else if (strncmp(cast, "::text", 6) == 0) {
                if (last != 's' || pg->binds[num - 1].kind != PV_TEXT)
                    die("pg: text parameter of a numeric column or bind", expr, pg->where);
                i += 6;
            } else {
                die("pg: parameter without a cast", expr, pg->where);
            }
            is_like[num - 1] = (char)like_next;
            like_next = 0;
        } else if (strncmp(w, " LIKE ", 6) == 0) {
            memcpy(back + o, " GLOB ", 6);
            o += 6;
            i += 6;
            like_next = 1;
        } else {
            back[o++] = pg->where[i++];
        }
    }
    back[o] = '\0';
    if (strcmp(back, s->where) != 0)
        die("pg: SQL differs from SQLite's", expr, pg->where);
    for (j = 0; j < pg->nbinds; j++) {
        const struct pvalue *a = &s->binds[j], *b = &pg->binds[j];
        if (a->kind != b->kind)
            die("pg: bind kinds differ", expr, pg->where);
        if (is_like[j]) {
            /* the LIKE pattern, mapped to GLOB, is SQLite's pattern */
            char *g = malloc(b->len * 3 + 1);
            size_t k, gl = 0;
            if (g == NULL)
                abort();
            for (k = 0; k < b->len; k++) {
                char ch = b->text[k];
                if (ch == '\\') {
                    if (k + 1 == b->len || b->text[k + 1] != '\\')
                        die("pg: a lone backslash in a LIKE pattern", expr, pg->where);
                    g[gl++] = '\\';
                    k++;
                } else if (ch == '%' || ch == '_') {
                    g[gl++] = ch == '%' ? '*' : '?';
                } else if (ch == '*' || ch == '?' || ch == '[') {
                    g[gl++] = '[', g[gl++] = ch, g[gl++] = ']';
                } else {
                    g[gl++] = ch;
                }
            }
            if (gl != a->len || memcmp(g, a->text, gl) != 0)
                die("pg: LIKE pattern does not match GLOB's", expr, pg->where);
            free(g);
        } else if ((a->kind == PV_INT && a->i != b->i) || (a->kind == PV_REAL && a->d != b->d) ||
                   (a->kind == PV_TEXT && (a->len != b->len || memcmp(a->text, b->text, a->len)))) {
            die("pg: binds differ", expr, pg->where);
        }
    }
done:
    free(back);
    free(is_like);
}

static void setup(void)
{
    static const enum ptype all[] = {PT_STRING, PT_INTEGER,   PT_DECIMAL,
                                     PT_DATE,   PT_TIMESTAMP, PT_BOOLEAN};
    sqlite3_stmt *st = NULL;
    size_t r;
    int t, c;

    if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
        sqlite3_exec(db, "CREATE TABLE p(ty, k0, k1, k2)", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO p VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK)
        abort();
    /* every sample row converted under every type, so all storage classes meet every operator */
    for (t = 0; t < 6; t++)
        for (r = 0; r < sizeof(samples) / sizeof(samples[0]); r++) {
            sqlite3_bind_int(st, 1, t);
            for (c = 0; c < 3; c++) {
                struct pvalue v;
                if (ptype_value(all[t], samples[r][c], strlen(samples[r][c]), &v) != 0)
                    sqlite3_bind_null(st, c + 2);
                else if (v.kind == PV_INT)
                    sqlite3_bind_int64(st, c + 2, v.i);
                else if (v.kind == PV_REAL)
                    sqlite3_bind_double(st, c + 2, v.d);
                else
                    sqlite3_bind_text(st, c + 2, v.text, (int)v.len, SQLITE_TRANSIENT);
            }
            if (sqlite3_step(st) != SQLITE_DONE)
                abort();
            sqlite3_reset(st);
        }
    sqlite3_finalize(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pexpr_key keys[3] = {{"dt", PT_STRING}, {"hr", PT_STRING}, {"name", PT_STRING}};
    struct pexpr_sql s = {0}, s2 = {0}, pg = {0};
    struct srv_error err, pgerr;
    char *expr, *wrapped;
    int rc, pgrc, sel, i;

    if (db == NULL)
        setup();
    if (size == 0)
        return 0;
    sel = data[0];
    for (i = 0; i < 3; i++, sel /= 6)
        keys[i].type = (enum ptype)(sel % 6);
    if ((expr = malloc(size)) == NULL || (wrapped = malloc(size + 8)) == NULL)
        abort();
    memcpy(expr, data + 1, size - 1);
    expr[size - 1] = '\0'; /* an embedded NUL just ends the expression early */

    srv_error_init(&err);
    rc = pexpr_compile(expr, keys, 3, 1, &s, &err);
    srv_error_init(&pgerr);
    pgrc = pexpr_compile_pg(expr, keys, 3, 1, &pg, &pgerr);
    if (pgrc != rc ||
        (rc != CAT_OK && (strcmp(err.msg, pgerr.msg) != 0 || err.offset != pgerr.offset)))
        die("pg: fails differently", expr, pgerr.msg);
    if (rc != CAT_OK) {
        if (rc != CAT_EINVAL || err.code != CAT_EINVAL || err.offset < 0 ||
            (size_t)err.offset > strlen(expr) || s.where != NULL || s.binds != NULL)
            die("bad failure", expr, err.msg);
        goto done;
    }
    check_pg(expr, &s, &pg, keys);
    if (strpbrk(s.where, "'\"`") != NULL)
        die("quote in SQL", expr, s.where);
    count_rows(expr, &s, NULL);

    /* "(E)" means E */
    snprintf(wrapped, size + 8, "(%s)", expr);
    if (pexpr_compile(wrapped, keys, 3, 1, &s2, &err) == CAT_OK) {
        if (strcmp(s.where, s2.where) != 0 && strcmp(s.where, "1") != 0)
            die("(E) compiles differently", expr, s2.where);
        pexpr_sql_release(&s2);
    }
    /* no row matches both E and NOT (E) */
    snprintf(wrapped, size + 8, "NOT (%s)", expr);
    if (s.where[0] != '1' && pexpr_compile(wrapped, keys, 3, 1 + s.nbinds, &s2, &err) == CAT_OK) {
        if (count_rows(expr, &s, &s2) != 0)
            die("E AND NOT (E) matches", expr, s2.where);
        pexpr_sql_release(&s2);
    }

done:
    pexpr_sql_release(&s);
    pexpr_sql_release(&pg);
    free(expr);
    free(wrapped);
    return 0;
}
