/* test_pexpr.c -- unit tests for pexpr.c: GetPartitions Expression -> SQL + binds (SQLite and
** PostgreSQL dialects), errors, limits, the engines' real expression strings, and typed comparison
** end to end in SQLite, and in PostgreSQL when CATALOG_TEST_PG names a database (a libpq
** connection string or URI; the tests only create temporary tables there). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/pexpr.h"

/* The key set most cases use: KEYS_MAIN, columns k0..k5. */
#define MAIN "dt:date,hr:int,name:string,price:decimal,ts:timestamp,flag:boolean"

/* Parse SPEC ("name:hivetype,...") into KEYS, names kept in NAMES. */
static int make_keys(const char *spec, struct pexpr_key *keys, char (*names)[32])
{
    int n = 0;
    while (*spec) {
        const char *colon = strchr(spec, ':'), *comma;
        char type[32];
        size_t tl;
        assert_non_null(colon);
        comma = strchr(colon, ',');
        if (comma == NULL)
            comma = colon + strlen(colon);
        assert_true(n < 8 && (size_t)(colon - spec) < 32 && (size_t)(comma - colon) < 32);
        memcpy(names[n], spec, (size_t)(colon - spec));
        names[n][colon - spec] = '\0';
        tl = (size_t)(comma - colon - 1);
        memcpy(type, colon + 1, tl);
        type[tl] = '\0';
        keys[n].name = names[n];
        keys[n].type = ptype_of(type);
        n++;
        spec = *comma ? comma + 1 : comma;
    }
    return n;
}

/* BINDS as "i:1 | r:2.5 | t:text | null". */
static void describe_binds(const struct pexpr_sql *s, char *buf, size_t n)
{
    size_t used = 0;
    int j;
    buf[0] = '\0';
    for (j = 0; j < s->nbinds && used < n; j++) {
        const struct pvalue *v = &s->binds[j];
        const char *sep = j ? " | " : "";
        int w;
        switch (v->kind) {
        case PV_INT:
            w = snprintf(buf + used, n - used, "%si:%lld", sep, v->i);
            break;
        case PV_REAL:
            w = snprintf(buf + used, n - used, "%sr:%.15g", sep, v->d);
            break;
        case PV_TEXT:
            w = snprintf(buf + used, n - used, "%st:%.*s", sep, (int)v->len, v->text);
            break;
        default:
            w = snprintf(buf + used, n - used, "%snull", sep);
            break;
        }
        used += (size_t)w;
    }
}

/* An accepted expression: the SQL and binds it must compile to, for SQLite and PostgreSQL
** (PGBINDS NULL: the same binds as SQLite's). */
struct ccase {
    const char *keys;
    const char *expr;
    const char *where;
    const char *binds;
    const char *pgwhere;
    const char *pgbinds;
};

/* A rejected expression: byte offset and exact message. */
struct ecase {
    const char *keys;
    const char *expr;
    int offset;
    const char *msg;
};

/* Compile C in one dialect (PG: PostgreSQL) and compare with its expectations. */
static void check_dialect(const struct ccase *c, int first_param, int pg)
{
    struct pexpr_key keys[8];
    char names[8][32], got[4096];
    struct pexpr_sql s;
    struct srv_error err;
    int nkeys = make_keys(c->keys, keys, names), rc;
    const char *where = pg ? c->pgwhere : c->where;
    const char *binds = pg && c->pgbinds ? c->pgbinds : c->binds;

    srv_error_init(&err);
    rc = (pg ? pexpr_compile_pg : pexpr_compile)(c->expr, keys, nkeys, first_param, &s, &err);
    if (rc != CAT_OK)
        fail_msg("\"%s\" (%s): %d %s", c->expr, pg ? "pg" : "sqlite", rc, err.msg);
    if (strcmp(s.where, where) != 0)
        fail_msg("\"%s\" (%s):\n  where %s\n  want  %s", c->expr, pg ? "pg" : "sqlite", s.where,
                 where);
    describe_binds(&s, got, sizeof(got));
    if (strcmp(got, binds) != 0)
        fail_msg("\"%s\" (%s):\n  binds %s\n  want  %s", c->expr, pg ? "pg" : "sqlite", got, binds);
    /* values are never pasted into the SQL */
    if (strchr(s.where, '\'') != NULL || strchr(s.where, '"') != NULL)
        fail_msg("\"%s\": quote in SQL %s", c->expr, s.where);
    pexpr_sql_release(&s);
    assert_null(s.where);
    assert_null(s.binds);
    assert_int_equal(s.nbinds, 0);
}

static void check_ok(const struct ccase *c, int first_param)
{
    check_dialect(c, first_param, 0);
    check_dialect(c, first_param, 1);
}

static void check_err(const struct ecase *c)
{
    struct pexpr_key keys[8];
    char names[8][32];
    struct pexpr_sql s;
    struct srv_error err;
    int nkeys = make_keys(c->keys, keys, names), rc;

    int pg;

    for (pg = 0; pg < 2; pg++) {
        srv_error_init(&err);
        rc = (pg ? pexpr_compile_pg : pexpr_compile)(c->expr, keys, nkeys, 1, &s, &err);
        if (rc != CAT_EINVAL) {
            if (rc == CAT_OK)
                fail_msg("\"%s\": accepted as %s", c->expr, s.where);
            fail_msg("\"%s\": rc %d", c->expr, rc);
        }
        assert_null(s.where);
        assert_null(s.binds);
        assert_int_equal(s.nbinds, 0);
        assert_int_equal(err.code, CAT_EINVAL);
        if (strcmp(err.msg, c->msg) != 0 || err.offset != c->offset)
            fail_msg("\"%s\" (%s):\n  got  %d %s\n  want %d %s", c->expr, pg ? "pg" : "sqlite",
                     err.offset, err.msg, c->offset, c->msg);
    }
}

/* ---------------------------------------------------------------- grammar and SQL */

static const struct ccase accepted[] = {
    /* nothing means everything */
    {MAIN, "", "1", "", "TRUE", NULL},
    {MAIN, " \t\r\n ", "1", "", "TRUE", NULL},
    /* each comparison operator, either side, with and without spaces */
    {MAIN, "hr = 1", "k1 = ?1", "i:1", "kn1 = $1::numeric", NULL},
    {MAIN, "hr=1", "k1 = ?1", "i:1", "kn1 = $1::numeric", NULL},
    {MAIN, "hr <> 1", "k1 <> ?1", "i:1", "kn1 <> $1::numeric", NULL},
    {MAIN, "hr != 1", "k1 <> ?1", "i:1", "kn1 <> $1::numeric", NULL},
    {MAIN, "hr<1", "k1 < ?1", "i:1", "kn1 < $1::numeric", NULL},
    {MAIN, "hr<=1", "k1 <= ?1", "i:1", "kn1 <= $1::numeric", NULL},
    {MAIN, "hr>1", "k1 > ?1", "i:1", "kn1 > $1::numeric", NULL},
    {MAIN, "hr>=-1", "k1 >= ?1", "i:-1", "kn1 >= $1::numeric", NULL},
    {MAIN, "1 = hr", "k1 = ?1", "i:1", "kn1 = $1::numeric", NULL},
    {MAIN, "1 <> hr", "k1 <> ?1", "i:1", "kn1 <> $1::numeric", NULL},
    {MAIN, "1 < hr", "k1 > ?1", "i:1", "kn1 > $1::numeric", NULL},
    {MAIN, "1 <= hr", "k1 >= ?1", "i:1", "kn1 >= $1::numeric", NULL},
    {MAIN, "1 > hr", "k1 < ?1", "i:1", "kn1 < $1::numeric", NULL},
    {MAIN, "1 >= hr", "k1 <= ?1", "i:1", "kn1 <= $1::numeric", NULL},
    {MAIN, "(10) < (hr)", "k1 > ?1", "i:10", "kn1 > $1::numeric", NULL},
    {MAIN, "((hr)) = ((5))", "k1 = ?1", "i:5", "kn1 = $1::numeric", NULL},
    /* keywords in any case, columns case-insensitive, backquotes */
    {MAIN, "HR = 1 and Name = 'x' AnD NAME = 'y'", "(k1 = ?1 AND k2 = ?2 AND k2 = ?3)",
     "i:1 | t:x | t:y", "(kn1 = $1::numeric AND ks2 = $2::text AND ks2 = $3::text)", NULL},
    {MAIN, "`hr` = 1 OR `NAME` = 'a'", "(k1 = ?1 OR k2 = ?2)", "i:1 | t:a",
     "(kn1 = $1::numeric OR ks2 = $2::text)", NULL},
    {"a b:int,c`d:string", "`a b` = 1 AND `c``d` = 'x'", "(k0 = ?1 AND k1 = ?2)", "i:1 | t:x",
     "(kn0 = $1::numeric AND ks1 = $2::text)", NULL},
    {"date:date,timestamp:timestamp",
     "date = DATE '2020-01-01' AND timestamp > TIMESTAMP '2020-01-01 10:00'",
     "(k0 = ?1 AND k1 > ?2)", "t:2020-01-01 | t:2020-01-01 10:00:00.000000000",
     "(ks0 = $1::text AND ks1 > $2::text)", NULL},
    /* AND binds tighter than OR; chains flatten; groups become the chains' parentheses */
    {MAIN, "hr = 1 or hr = 2 and hr = 3", "(k1 = ?1 OR (k1 = ?2 AND k1 = ?3))", "i:1 | i:2 | i:3",
     "(kn1 = $1::numeric OR (kn1 = $2::numeric AND kn1 = $3::numeric))", NULL},
    {MAIN, "(hr = 1 or hr = 2) and hr = 3", "((k1 = ?1 OR k1 = ?2) AND k1 = ?3)", "i:1 | i:2 | i:3",
     "((kn1 = $1::numeric OR kn1 = $2::numeric) AND kn1 = $3::numeric)", NULL},
    {MAIN, "hr = 1 or hr = 2 or hr = 3", "(k1 = ?1 OR k1 = ?2 OR k1 = ?3)", "i:1 | i:2 | i:3",
     "(kn1 = $1::numeric OR kn1 = $2::numeric OR kn1 = $3::numeric)", NULL},
    {MAIN, "(((hr = 1)))", "k1 = ?1", "i:1", "kn1 = $1::numeric", NULL},
    {MAIN, "((hr = 1) AND ((name = 'a') OR (name = 'b')))", "(k1 = ?1 AND (k2 = ?2 OR k2 = ?3))",
     "i:1 | t:a | t:b", "(kn1 = $1::numeric AND (ks2 = $2::text OR ks2 = $3::text))", NULL},
    /* NOT */
    {MAIN, "NOT hr = 1", "NOT (k1 = ?1)", "i:1", "NOT (kn1 = $1::numeric)", NULL},
    {MAIN, "not (hr = 1 or hr = 2)", "NOT (k1 = ?1 OR k1 = ?2)", "i:1 | i:2",
     "NOT (kn1 = $1::numeric OR kn1 = $2::numeric)", NULL},
    {MAIN, "NOT ((hr = 1 OR hr = 2))", "NOT (k1 = ?1 OR k1 = ?2)", "i:1 | i:2",
     "NOT (kn1 = $1::numeric OR kn1 = $2::numeric)", NULL},
    {MAIN, "NOT hr = 1 AND hr = 2", "(NOT (k1 = ?1) AND k1 = ?2)", "i:1 | i:2",
     "(NOT (kn1 = $1::numeric) AND kn1 = $2::numeric)", NULL},
    {MAIN, "NOT NOT hr = 1", "k1 = ?1", "i:1", "kn1 = $1::numeric", NULL},
    {MAIN, "NOT NOT NOT (hr = 1 AND hr = 2)", "NOT (k1 = ?1 AND k1 = ?2)", "i:1 | i:2",
     "NOT (kn1 = $1::numeric AND kn1 = $2::numeric)", NULL},
    {MAIN, "NOT (NOT (hr = 1 OR hr = 2))", "NOT (NOT (k1 = ?1 OR k1 = ?2))", "i:1 | i:2",
     "NOT (NOT (kn1 = $1::numeric OR kn1 = $2::numeric))", NULL},
    {MAIN, "NOT (hr) IN (1)", "NOT (k1 IN (?1))", "i:1", "NOT (kn1 IN ($1::numeric))", NULL},
    {MAIN, "NOT hr IS NULL", "NOT (k1 IS NULL)", "", "NOT (kn1 IS NULL)", NULL},
    /* IN, BETWEEN, LIKE, IS NULL */
    {MAIN, "hr IN (1, 2,3)", "k1 IN (?1, ?2, ?3)", "i:1 | i:2 | i:3",
     "kn1 IN ($1::numeric, $2::numeric, $3::numeric)", NULL},
    {MAIN, "hr in(1)", "k1 IN (?1)", "i:1", "kn1 IN ($1::numeric)", NULL},
    {MAIN, "hr NOT IN (1, '2')", "k1 NOT IN (?1, ?2)", "i:1 | i:2",
     "kn1 NOT IN ($1::numeric, $2::numeric)", NULL},
    {MAIN, "(hr) not in (1)", "k1 NOT IN (?1)", "i:1", "kn1 NOT IN ($1::numeric)", NULL},
    {MAIN, "hr BETWEEN 1 AND 5", "k1 BETWEEN ?1 AND ?2", "i:1 | i:5",
     "kn1 BETWEEN $1::numeric AND $2::numeric", NULL},
    {MAIN, "hr NOT BETWEEN 1 AND 5", "k1 NOT BETWEEN ?1 AND ?2", "i:1 | i:5",
     "kn1 NOT BETWEEN $1::numeric AND $2::numeric", NULL},
    {MAIN, "hr BETWEEN 1 AND 5 AND name = 'x' OR hr BETWEEN 7 AND 9",
     "((k1 BETWEEN ?1 AND ?2 AND k2 = ?3) OR k1 BETWEEN ?4 AND ?5)", "i:1 | i:5 | t:x | i:7 | i:9",
     "((kn1 BETWEEN $1::numeric AND $2::numeric AND ks2 = $3::text) OR kn1 BETWEEN $4::numeric AND "
     "$5::numeric)",
     NULL},
    {MAIN, "name LIKE 'a%'", "k2 GLOB ?1", "t:a*", "ks2 LIKE $1::text", "t:a%"},
    {MAIN, "name like 'a_c%'", "k2 GLOB ?1", "t:a?c*", "ks2 LIKE $1::text", "t:a_c%"},
    {MAIN, "name LIKE '*?[]'", "k2 GLOB ?1", "t:[*][?][[]]", "ks2 LIKE $1::text", "t:*?[]"},
    {MAIN, "name NOT LIKE '%x'", "NOT (k2 GLOB ?1)", "t:*x", "NOT (ks2 LIKE $1::text)", "t:%x"},
    {MAIN, "name LIKE ''", "k2 GLOB ?1", "t:", "ks2 LIKE $1::text", "t:"},
    /* a backslash is an ordinary character of the pattern: doubled for PostgreSQL's LIKE */
    {MAIN, "name LIKE 'a\\\\%\\\\_'", "k2 GLOB ?1", "t:a\\*\\?", "ks2 LIKE $1::text",
     "t:a\\\\%\\\\_"},
    {MAIN, "hr IS NULL", "k1 IS NULL", "", "kn1 IS NULL", NULL},
    {MAIN, "hr is not null", "k1 IS NOT NULL", "", "kn1 IS NOT NULL", NULL},
    {MAIN, "(hr) IS NOT NULL AND name IS NULL", "(k1 IS NOT NULL AND k2 IS NULL)", "",
     "(kn1 IS NOT NULL AND ks2 IS NULL)", NULL},
    /* __HIVE_DEFAULT_PARTITION__ is NULL in a typed column, text in a string column */
    {MAIN, "hr = '__HIVE_DEFAULT_PARTITION__'", "k1 IS NULL", "", "kn1 IS NULL", NULL},
    {MAIN, "hr <> '__HIVE_DEFAULT_PARTITION__' AND hr > 1", "(k1 IS NOT NULL AND k1 > ?1)", "i:1",
     "(kn1 IS NOT NULL AND kn1 > $1::numeric)", NULL},
    {MAIN, "'__HIVE_DEFAULT_PARTITION__' != dt", "k0 IS NOT NULL", "", "ks0 IS NOT NULL", NULL},
    {MAIN, "name = '__HIVE_DEFAULT_PARTITION__'", "k2 = ?1", "t:__HIVE_DEFAULT_PARTITION__",
     "ks2 = $1::text", NULL},
    /* literals: strings and escapes */
    {MAIN, "name = 'it''s'", "k2 = ?1", "t:it's", "ks2 = $1::text", NULL},
    {MAIN, "name = 'it\\'s'", "k2 = ?1", "t:it's", "ks2 = $1::text", NULL},
    {MAIN, "name = 'a\\\\b'", "k2 = ?1", "t:a\\b", "ks2 = $1::text", NULL},
    {MAIN, "name = 'a\\nb'", "k2 = ?1", "t:a\\nb", "ks2 = $1::text", NULL},
    {MAIN, "name = \"dq\"", "k2 = ?1", "t:dq", "ks2 = $1::text", NULL},
    {MAIN, "name = \"a\"\"b\\\"c'd\"", "k2 = ?1", "t:a\"b\"c'd", "ks2 = $1::text", NULL},
    {MAIN, "name = ''", "k2 = ?1", "t:", "ks2 = $1::text", NULL},
    {MAIN, "name = 'x'' OR ''1''=''1'", "k2 = ?1", "t:x' OR '1'='1", "ks2 = $1::text", NULL},
    {MAIN, "name = 'caf\xc3\xa9'", "k2 = ?1", "t:caf\xc3\xa9", "ks2 = $1::text", NULL},
    /* literals: numbers as written for string columns, typed for typed columns */
    {MAIN, "name = 10", "k2 = ?1", "t:10", "ks2 = $1::text", NULL},
    {MAIN, "name IN (1, 2.50, -3, true, 2020-01-01, DATE '2020-1-1', 7L)",
     "k2 IN (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
     "t:1 | t:2.50 | t:-3 | t:true | t:2020-01-01 | t:2020-01-01 | t:7",
     "ks2 IN ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text)", NULL},
    {MAIN, "hr = '10'", "k1 = ?1", "i:10", "kn1 = $1::numeric", NULL},
    {MAIN, "hr = 9223372036854775807", "k1 = ?1", "i:9223372036854775807", "kn1 = $1::numeric",
     NULL},
    {MAIN, "hr = -9223372036854775808", "k1 = ?1", "i:-9223372036854775808", "kn1 = $1::numeric",
     NULL},
    {MAIN, "price = 10.13400", "k3 = ?1", "r:10.134", "kn3 = $1::numeric", NULL},
    {MAIN, "price > -1.5 AND price < '2e3' AND price <> 7 AND price = .5",
     "(k3 > ?1 AND k3 < ?2 AND k3 <> ?3 AND k3 = ?4)", "r:-1.5 | r:2000 | r:7 | r:0.5",
     "(kn3 > $1::numeric AND kn3 < $2::numeric AND kn3 <> $3::numeric AND kn3 = $4::numeric)",
     NULL},
    {MAIN, "flag = true OR flag = FALSE OR flag = 'True'", "(k5 = ?1 OR k5 = ?2 OR k5 = ?3)",
     "i:1 | i:0 | i:1", "(kn5 = $1::numeric OR kn5 = $2::numeric OR kn5 = $3::numeric)", NULL},
    /* Hive 3 suffixes */
    {MAIN, "hr > 0D and hr < 300Y and hr <> 10L and hr <> 1S and price = 3BD",
     "(k1 > ?1 AND k1 < ?2 AND k1 <> ?3 AND k1 <> ?4 AND k3 = ?5)",
     "i:0 | i:300 | i:10 | i:1 | r:3",
     "(kn1 > $1::numeric AND kn1 < $2::numeric AND kn1 <> $3::numeric AND kn1 <> $4::numeric AND "
     "kn3 = $5::numeric)",
     NULL},
    /* dates and timestamps: bare, quoted, typed; canonical text */
    {MAIN, "dt = 2020-01-01", "k0 = ?1", "t:2020-01-01", "ks0 = $1::text", NULL},
    {MAIN, "dt = '2020-1-5'", "k0 = ?1", "t:2020-01-05", "ks0 = $1::text", NULL},
    {MAIN, "dt BETWEEN DATE '2020-01-01' AND date\"2020-12-31\"", "k0 BETWEEN ?1 AND ?2",
     "t:2020-01-01 | t:2020-12-31", "ks0 BETWEEN $1::text AND $2::text", NULL},
    {MAIN, "ts = 2020-01-01", "k4 = ?1", "t:2020-01-01 00:00:00.000000000", "ks4 = $1::text", NULL},
    {MAIN, "ts >= 2020-01-01 10:00 AND ts < 2020-01-01T11:00:00.5", "(k4 >= ?1 AND k4 < ?2)",
     "t:2020-01-01 10:00:00.000000000 | t:2020-01-01 11:00:00.500000000",
     "(ks4 >= $1::text AND ks4 < $2::text)", NULL},
    {MAIN, "ts = '1970-01-01 00:02:03.456'", "k4 = ?1", "t:1970-01-01 00:02:03.456000000",
     "ks4 = $1::text", NULL},
    {MAIN, "ts = TIMESTAMP '2020-01-01 10:00:00.123456789'", "k4 = ?1",
     "t:2020-01-01 10:00:00.123456789", "ks4 = $1::text", NULL},
    {MAIN, "ts < DATE '2020-01-01'", "k4 < ?1", "t:2020-01-01 00:00:00.000000000", "ks4 < $1::text",
     NULL},
    {MAIN, "name = 2020-01-01 10:00:00", "k2 = ?1", "t:2020-01-01 10:00:00", "ks2 = $1::text",
     NULL},
    /* whitespace of every kind */
    {MAIN, "\thr\n=\r1\fAND\vname='x'", "(k1 = ?1 AND k2 = ?2)", "i:1 | t:x",
     "(kn1 = $1::numeric AND ks2 = $2::text)", NULL},
};

static void test_pexpr_compiles_grammar(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++)
        check_ok(&accepted[i], 1);
}

static const struct ecase rejected[] = {
    /* syntax */
    {MAIN, "dt = '2020-01-01' AND", 21,
     "Unsupported expression: expected a column or literal but found end of expression at position "
     "22."},
    {MAIN, "hr", 2,
     "Unsupported expression: expected a comparison operator, IN, BETWEEN, LIKE or IS but found "
     "end "
     "of expression at position 3."},
    {MAIN, "hr = 1 hr = 2", 7,
     "Unsupported expression: expected AND, OR or end of expression but found 'hr' at position 8."},
    {MAIN, "(hr = 1", 7,
     "Unsupported expression: expected AND, OR or ')' but found end of expression at position 8."},
    {MAIN, "hr = 1)", 6,
     "Unsupported expression: expected AND, OR or end of expression but found ')' at position 7."},
    {MAIN, "hr = 1 OR", 9,
     "Unsupported expression: expected a column or literal but found end of expression at position "
     "10."},
    {MAIN, "AND hr = 1", 0,
     "Unsupported expression: expected a column or literal but found 'AND' at position 1."},
    {MAIN, "NOT", 3,
     "Unsupported expression: expected a column or literal but found end of expression at position "
     "4."},
    {MAIN, "()", 1,
     "Unsupported expression: expected a column or literal but found ')' at position 2."},
    {MAIN, "hr == 1", 4,
     "Unsupported expression: expected a column or literal but found '=' at position 5."},
    {MAIN, "hr = NULL", 5,
     "Unsupported expression: expected a column or literal but found 'NULL' at position 6."},
    {MAIN, "hr NOT = 1", 7,
     "Unsupported expression: expected IN, BETWEEN or LIKE but found '=' at position 8."},
    {MAIN, "hr IN ()", 7,
     "Unsupported expression: expected a literal but found ')' at position 8."},
    {MAIN, "hr IN (1,)", 9,
     "Unsupported expression: expected a literal but found ')' at position 10."},
    {MAIN, "hr IN 1", 6, "Unsupported expression: expected '(' but found '1' at position 7."},
    {MAIN, "hr IN (1 2)", 9,
     "Unsupported expression: expected ',' or ')' but found '2' at position 10."},
    {MAIN, "hr IN (hr)", 7,
     "Unsupported expression: expected a literal but found 'hr' at position 8."},
    {MAIN, "hr BETWEEN 1 OR 2", 13,
     "Unsupported expression: expected AND but found 'OR' at position 14."},
    {MAIN, "hr IS 1", 6,
     "Unsupported expression: expected NULL or NOT but found '1' at position 7."},
    {MAIN, "hr IS NOT 1", 10,
     "Unsupported expression: expected NULL but found '1' at position 11."},
    {MAIN, "hr IS NULL NULL", 11,
     "Unsupported expression: expected AND, OR or end of expression but found 'NULL' at position "
     "12."},
    {MAIN, "hr = 10abc", 7,
     "Unsupported expression: expected AND, OR or end of expression but found 'abc' at position "
     "8."},
    {MAIN, "hr = name", 5,
     "Unsupported expression: expected a literal but found 'name' at position 6."},
    {MAIN, "1 = 2", 4, "Unsupported expression: expected a column but found '2' at position 5."},
    {MAIN, "'a' = 'b'", 6,
     "Unsupported expression: expected a column but found 'b' at position 7."},
    {MAIN, "1 IN (1)", 0, "Unsupported expression: expected a column but found '1' at position 1."},
    {MAIN, "'x' LIKE name", 0,
     "Unsupported expression: expected a column but found 'x' at position 1."},
    {MAIN, "(hr) AND hr = 1", 3,
     "Unsupported expression: expected a comparison operator, IN, BETWEEN, LIKE or IS but found "
     "')' "
     "at position 4."},
    {MAIN, "hr = (1", 7,
     "Unsupported expression: expected ')' but found end of expression at position 8."},
    /* lexical */
    {MAIN, "hr = 'abc", 5, "Unsupported expression: unterminated string at position 6."},
    {MAIN, "name = 'it\\'", 7, "Unsupported expression: unterminated string at position 8."},
    {MAIN, "name = \"abc", 7, "Unsupported expression: unterminated string at position 8."},
    {MAIN, "dt = DATE 'x", 10, "Unsupported expression: unterminated string at position 11."},
    {MAIN, "`hr = 1", 0, "Unsupported expression: unterminated quoted column name at position 1."},
    {MAIN, "hr = 1 ; DROP TABLE x", 7,
     "Unsupported expression: unexpected character ';' at position 8."},
    {MAIN, "hr = - 1", 5, "Unsupported expression: unexpected character '-' at position 6."},
    {MAIN, "hr = 1 # x", 7, "Unsupported expression: unexpected character '#' at position 8."},
    {MAIN, "hr = 1 AND \xc3\xa9 = 1", 11,
     "Unsupported expression: unexpected character '\xc3\xa9' at position 12."},
    {MAIN, "name = 2020-1-1", 11,
     "Unsupported expression: expected AND, OR or end of expression but found '-1' at position "
     "12."},
    {MAIN, "dt = 2020-1-1", 5,
     "Invalid partition expression: '2020' is not a valid date for column 'dt' at position 6."},
    /* unknown columns */
    {MAIN, "nope = 1", 0, "Invalid partition expression: unknown column 'nope' at position 1."},
    {MAIN, "hr = 1 OR 1 < `no pe`", 14,
     "Invalid partition expression: unknown column 'no pe' at position 15."},
    {MAIN, "hr = nope", 5, "Invalid partition expression: unknown column 'nope' at position 6."},
    {MAIN, "name = '\xc3\xa9\xc3\xa9' AND x = 1", 18,
     "Invalid partition expression: unknown column 'x' at position 17."},
    {"", "hr = 1", 0, "Invalid partition expression: unknown column 'hr' at position 1."},
    /* literals that do not fit the column's type */
    {MAIN, "hr = 'abc'", 5,
     "Invalid partition expression: 'abc' is not a valid integer for column 'hr' at position 6."},
    {MAIN, "hr = 1.5", 5,
     "Invalid partition expression: '1.5' is not a valid integer for column 'hr' at position 6."},
    {MAIN, "hr = 9223372036854775808", 5,
     "Invalid partition expression: '9223372036854775808' is not a valid integer for column 'hr' "
     "at "
     "position 6."},
    {MAIN, "hr IN (1, 'x')", 10,
     "Invalid partition expression: 'x' is not a valid integer for column 'hr' at position 11."},
    {MAIN, "hr BETWEEN 1 AND true", 17,
     "Invalid partition expression: 'true' is not a valid integer for column 'hr' at position 18."},
    {MAIN, "hr = TIMESTAMP '2020-01-01'", 5,
     "Invalid partition expression: TIMESTAMP '2020-01-01' is not a valid integer for column 'hr' "
     "at "
     "position 6."},
    {MAIN, "price = 'x'", 8,
     "Invalid partition expression: 'x' is not a valid decimal for column 'price' at position 9."},
    {MAIN, "dt = '2020-02-30'", 5,
     "Invalid partition expression: '2020-02-30' is not a valid date for column 'dt' at position "
     "6."},
    {MAIN, "dt = 20200101", 5,
     "Invalid partition expression: '20200101' is not a valid date for column 'dt' at position 6."},
    {MAIN, "dt < '2020-01-01 10:00'", 5,
     "Invalid partition expression: '2020-01-01 10:00' is not a valid date for column 'dt' at "
     "position 6."},
    {MAIN, "ts = 'yesterday'", 5,
     "Invalid partition expression: 'yesterday' is not a valid timestamp for column 'ts' at "
     "position 6."},
    /* a quoted date alone is not a timestamp (glue-api.md 4.3; moto's suite agrees) */
    {MAIN, "ts = '2022-02-01'", 5,
     "Invalid partition expression: '2022-02-01' is not a valid timestamp for column 'ts' at "
     "position 6."},
    {MAIN, "flag = 1", 7,
     "Invalid partition expression: '1' is not a valid boolean for column 'flag' at position 8."},
    {MAIN, "hr = '__HIVE_DEFAULT_PARTITION__' OR hr < '__HIVE_DEFAULT_PARTITION__'", 42,
     "Invalid partition expression: '__HIVE_DEFAULT_PARTITION__' is not a valid integer for column "
     "'hr' at position 43."},
    {MAIN, "hr IN ('__HIVE_DEFAULT_PARTITION__')", 7,
     "Invalid partition expression: '__HIVE_DEFAULT_PARTITION__' is not a valid integer for column "
     "'hr' at position 8."},
    {MAIN, "dt = DATE '2020-02-30'", 5,
     "Invalid partition expression: DATE '2020-02-30' is not a valid date at position 6."},
    {MAIN, "name = TIMESTAMP '2020-01-01 25:00'", 7,
     "Invalid partition expression: TIMESTAMP '2020-01-01 25:00' is not a valid timestamp at "
     "position 8."},
    {MAIN, "hr = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'", 5,
     "Invalid partition expression: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa... is not a valid "
     "integer for column 'hr' at position 6."},
    /* LIKE only on string columns */
    {MAIN, "hr LIKE '1%'", 3,
     "Invalid partition expression: LIKE is not supported on integer column 'hr' at position 4."},
    {MAIN, "dt NOT LIKE '2020%'", 7,
     "Invalid partition expression: LIKE is not supported on date column 'dt' at position 8."},
};

static void test_pexpr_rejects_with_position(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(rejected) / sizeof(rejected[0]); i++)
        check_err(&rejected[i]);
}

/* Parameters are numbered from FIRST_PARAM, so the caller can put its own before them. */
static void test_pexpr_first_param_and_release(void **state)
{
    static const struct ccase c = {MAIN,
                                   "hr IN (1, 2) OR name LIKE 'x%'",
                                   "(k1 IN (?3, ?4) OR k2 GLOB ?5)",
                                   "i:1 | i:2 | t:x*",
                                   "(kn1 IN ($3::numeric, $4::numeric) OR ks2 LIKE $5::text)",
                                   "i:1 | i:2 | t:x%"};
    struct pexpr_key keys[1] = {{"hr", PT_INTEGER}};
    struct pexpr_sql s;
    struct srv_error err;
    (void)state;
    check_ok(&c, 3);
    srv_error_init(&err);
    assert_int_equal(pexpr_compile(NULL, keys, 1, 1, &s, &err), CAT_OK);
    assert_string_equal(s.where, "1");
    assert_null(s.binds);
    assert_int_equal(s.nbinds, 0);
    pexpr_sql_release(&s);
    assert_int_equal(pexpr_compile_pg(NULL, keys, 1, 1, &s, &err), CAT_OK);
    assert_string_equal(s.where, "TRUE");
    assert_null(s.binds);
    pexpr_sql_release(&s);
    pexpr_sql_release(&s); /* twice is fine */
    pexpr_sql_release(NULL);
    assert_int_equal(pexpr_compile("hr = 1", NULL, 0, 1, &s, &err), CAT_EINVAL);
    assert_string_equal(err.msg,
                        "Invalid partition expression: unknown column 'hr' at position 1.");
}

/* ---------------------------------------------------------------- what the engines send */

#define TRINO "foo:string,col1:string,col2:string,col:string"
static const struct ccase engines[] = {
    /* engine-clients §3.2 Trino GlueExpressionUtil */
    {TRINO, "((foo = '2020-01-01'))", "k0 = ?1", "t:2020-01-01", "ks0 = $1::text", NULL},
    {TRINO, "((col1 = '2020-01-01')) AND ((col2 = '2020-02-20'))", "(k1 = ?1 AND k2 = ?2)",
     "t:2020-01-01 | t:2020-02-20", "(ks1 = $1::text AND ks2 = $2::text)", NULL},
    {"col1:date,col2:date", "((col1 = '2020-01-01')) AND ((col2 in ('2020-02-20', '2020-02-28')))",
     "(k0 = ?1 AND k1 IN (?2, ?3))", "t:2020-01-01 | t:2020-02-20 | t:2020-02-28",
     "(ks0 = $1::text AND ks1 IN ($2::text, $3::text))", NULL},
    {"col1:string,col2:bigint", "((col1 = '2020-01-01')) AND ((col2 < 0) OR (col2 > 100))",
     "(k0 = ?1 AND (k1 < ?2 OR k1 > ?3))", "t:2020-01-01 | i:0 | i:100",
     "(ks0 = $1::text AND (kn1 < $2::numeric OR kn1 > $3::numeric))", NULL},
    {"col1:int", "((col1 < 0) OR (col1 > 100) OR (col1 = 3))", "(k0 < ?1 OR k0 > ?2 OR k0 = ?3)",
     "i:0 | i:100 | i:3", "(kn0 < $1::numeric OR kn0 > $2::numeric OR kn0 = $3::numeric)", NULL},
    {"col1:date",
     "((col1 >= '2020-03-01' AND col1 <= '2020-03-31') OR (col1 in ('2020-01-01', '2020-01-31')))",
     "((k0 >= ?1 AND k0 <= ?2) OR k0 IN (?3, ?4))",
     "t:2020-03-01 | t:2020-03-31 | t:2020-01-01 | t:2020-01-31",
     "((ks0 >= $1::text AND ks0 <= $2::text) OR ks0 IN ($3::text, $4::text))", NULL},
    {TRINO, "(col1 = '__HIVE_DEFAULT_PARTITION__')", "k1 = ?1", "t:__HIVE_DEFAULT_PARTITION__",
     "ks1 = $1::text", NULL},
    {TRINO, "(col1 <> '__HIVE_DEFAULT_PARTITION__')", "k1 <> ?1", "t:__HIVE_DEFAULT_PARTITION__",
     "ks1 <> $1::text", NULL},
    {"col1:int", "(col1 = '__HIVE_DEFAULT_PARTITION__')", "k0 IS NULL", "", "kn0 IS NULL", NULL},
    {"col1:bigint", "(col1 <> '__HIVE_DEFAULT_PARTITION__')", "k0 IS NOT NULL", "",
     "kn0 IS NOT NULL", NULL},
    {"col1:decimal", "((col1 = 10.13400))", "k0 = ?1", "r:10.134", "kn0 = $1::numeric", NULL},
    {"col1:bigint", "((col1 = 9223372036854775807))", "k0 = ?1", "i:9223372036854775807",
     "kn0 = $1::numeric", NULL},
    {"col1:int", "((col1 = 2147483647))", "k0 = ?1", "i:2147483647", "kn0 = $1::numeric", NULL},
    {"col1:smallint", "((col1 = 32767))", "k0 = ?1", "i:32767", "kn0 = $1::numeric", NULL},
    {"col1:tinyint", "((col1 = 127))", "k0 = ?1", "i:127", "kn0 = $1::numeric", NULL},
    {TRINO, "((col1 = 'xxxxx'))", "k1 = ?1", "t:xxxxx", "ks1 = $1::text", NULL},
    {TRINO, "", "1", "", "TRUE", NULL},
    {TRINO, "((col = 'a') OR (col = '__HIVE_DEFAULT_PARTITION__'))", "(k3 = ?1 OR k3 = ?2)",
     "t:a | t:__HIVE_DEFAULT_PARTITION__", "(ks3 = $1::text OR ks3 = $2::text)", NULL},
    /* §3.3 (a) awslabs client, Hive expressions */
    {"strCol:string,timestamp:timestamp", "(timestamp = '1970-01-01 00:02:03.456')", "k1 = ?1",
     "t:1970-01-01 00:02:03.456000000", "ks1 = $1::text", NULL},
    {"strCol:string,timestamp:timestamp",
     "((strCol = 'test') and (timestamp = '1970-01-01 00:02:03.456'))", "(k0 = ?1 AND k1 = ?2)",
     "t:test | t:1970-01-01 00:02:03.456000000", "(ks0 = $1::text AND ks1 = $2::text)", NULL},
    {"strCol:string,timestamp:timestamp",
     "(((strCol = 'test') and (timestamp = '1970-01-01 00:02:03.456')) and ((strCol = 'test') and "
     "(timestamp = '1970-01-01 00:02:03.456')))",
     "((k0 = ?1 AND k1 = ?2) AND (k0 = ?3 AND k1 = ?4))",
     "t:test | t:1970-01-01 00:02:03.456000000 | t:test | t:1970-01-01 00:02:03.456000000",
     "((ks0 = $1::text AND ks1 = $2::text) AND (ks0 = $3::text AND ks1 = $4::text))", NULL},
    {"strCol:string", "((strCol) NOT IN ('val3', 'val2', 'val1'))", "k0 NOT IN (?1, ?2, ?3)",
     "t:val3 | t:val2 | t:val1", "ks0 NOT IN ($1::text, $2::text, $3::text)", NULL},
    {"strCol:string", "(strCol) IN ('val3', 'val2', 'val1')", "k0 IN (?1, ?2, ?3)",
     "t:val3 | t:val2 | t:val1", "ks0 IN ($1::text, $2::text, $3::text)", NULL},
    {"strCol:string", "strCol BETWEEN 'val1' AND 'val100'", "k0 BETWEEN ?1 AND ?2",
     "t:val1 | t:val100", "ks0 BETWEEN $1::text AND $2::text", NULL},
    {"strCol:string", "strCol NOT BETWEEN 'val1' AND 'val100'", "k0 NOT BETWEEN ?1 AND ?2",
     "t:val1 | t:val100", "ks0 NOT BETWEEN $1::text AND $2::text", NULL},
    {"strCol:string",
     "(((strCol) NOT IN ('val3', 'val2', 'val1')) and strCol NOT BETWEEN 'val1' AND 'val100')",
     "(k0 NOT IN (?1, ?2, ?3) AND k0 NOT BETWEEN ?4 AND ?5)",
     "t:val3 | t:val2 | t:val1 | t:val1 | t:val100",
     "(ks0 NOT IN ($1::text, $2::text, $3::text) AND ks0 NOT BETWEEN $4::text AND $5::text)", NULL},
    {"inCol1:string,notInCol1:string,notInCol2:string",
     "((inCol1) IN ('jkl', 'ghi', 'def', 'abc') and (((notInCol2) NOT IN ('val3', 'val2', "
     "'val1')) and ((notInCol1) NOT IN ('data2', 'data1'))))",
     "(k0 IN (?1, ?2, ?3, ?4) AND (k2 NOT IN (?5, ?6, ?7) AND k1 NOT IN (?8, ?9)))",
     "t:jkl | t:ghi | t:def | t:abc | t:val3 | t:val2 | t:val1 | t:data2 | t:data1",
     "(ks0 IN ($1::text, $2::text, $3::text, $4::text) AND (ks2 NOT IN ($5::text, $6::text, "
     "$7::text) AND ks1 NOT IN ($8::text, $9::text)))",
     NULL},
    {"strCol:string",
     "(((strCol) NOT IN ('val3', 'val2', 'val1')) or ((strCol) NOT IN ('data2', 'data1')))",
     "(k0 NOT IN (?1, ?2, ?3) OR k0 NOT IN (?4, ?5))",
     "t:val3 | t:val2 | t:val1 | t:data2 | t:data1",
     "(ks0 NOT IN ($1::text, $2::text, $3::text) OR ks0 NOT IN ($4::text, $5::text))", NULL},
    {"booleanCol:boolean,charCol:char(1),dateCol:date",
     "((booleanCol = true) and ((charCol = 'c') and (dateCol = '2017-11-14')))",
     "(k0 = ?1 AND (k1 = ?2 AND k2 = ?3))", "i:1 | t:c | t:2017-11-14",
     "(kn0 = $1::numeric AND (ks1 = $2::text AND ks2 = $3::text))", NULL},
    {"col4:int", "((col4 > 0) and (col4 < 300))", "(k0 > ?1 AND k0 < ?2)", "i:0 | i:300",
     "(kn0 > $1::numeric AND kn0 < $2::numeric)", NULL},
    {"col4:int", "((col4 > 0D) and (col4 < 300Y))", "(k0 > ?1 AND k0 < ?2)", "i:0 | i:300",
     "(kn0 > $1::numeric AND kn0 < $2::numeric)", NULL},
    /* §3.3 (b) Spark HiveShim.convertFilters, after " -> ' */
    {"ds:string,hr:int,dt:date,name:string", "ds = '2020-01-01'", "k0 = ?1", "t:2020-01-01",
     "ks0 = $1::text", NULL},
    {"ds:string,hr:int,dt:date,name:string", "ds = '2020-01-01' and hr > 10",
     "(k0 = ?1 AND k1 > ?2)", "t:2020-01-01 | i:10", "(ks0 = $1::text AND kn1 > $2::numeric)",
     NULL},
    {"ds:string,hr:int,dt:date,name:string", "10 < hr", "k1 > ?1", "i:10", "kn1 > $1::numeric",
     NULL},
    {"ds:string,hr:int,dt:date,name:string", "(hr = 1 or hr = 2)", "(k1 = ?1 OR k1 = ?2)",
     "i:1 | i:2", "(kn1 = $1::numeric OR kn1 = $2::numeric)", NULL},
    {"ds:string,hr:int,dt:date,name:string", "(hr != 1 and hr != 2)", "(k1 <> ?1 AND k1 <> ?2)",
     "i:1 | i:2", "(kn1 <> $1::numeric AND kn1 <> $2::numeric)", NULL},
    {"ds:string,hr:int,dt:date,name:string", "(ds = '2020-01-01' and (hr = 1 or hr = 2))",
     "(k0 = ?1 AND (k1 = ?2 OR k1 = ?3))", "t:2020-01-01 | i:1 | i:2",
     "(ks0 = $1::text AND (kn1 = $2::numeric OR kn1 = $3::numeric))", NULL},
    {"ds:string,hr:int,dt:date,name:string", "dt = 2020-01-01", "k2 = ?1", "t:2020-01-01",
     "ks2 = $1::text", NULL},
    {"ds:string,hr:int,dt:date,name:string", "(dt = 2020-01-01 or dt = 2020-01-02)",
     "(k2 = ?1 OR k2 = ?2)", "t:2020-01-01 | t:2020-01-02", "(ks2 = $1::text OR ks2 = $2::text)",
     NULL},
    {"ds:string,hr:int,dt:date,name:string", "name like '.*abc.*'", "k3 GLOB ?1", "t:.[*]abc.[*]",
     "ks3 LIKE $1::text", "t:.*abc.*"},
    {"ds:string,hr:int,dt:date,name:string", "name like 'abc.*'", "k3 GLOB ?1", "t:abc.[*]",
     "ks3 LIKE $1::text", "t:abc.*"},
    {"ds:string,hr:int,dt:date,name:string", "name = \"abc\" and ds = \"x'y\"",
     "(k3 = ?1 AND k0 = ?2)", "t:abc | t:x'y", "(ks3 = $1::text AND ks0 = $2::text)", NULL},
    /* §3.3 (c) partial partition specs */
    {"name:string,birthday:date,age:int", "(name='foo') AND (birthday='2017-01-02') AND (age=99)",
     "(k0 = ?1 AND k1 = ?2 AND k2 = ?3)", "t:foo | t:2017-01-02 | i:99",
     "(ks0 = $1::text AND ks1 = $2::text AND kn2 = $3::numeric)", NULL},
    {"name:string,birthday:date,age:int", "(name='foo') AND (birthday='2017-01-02')",
     "(k0 = ?1 AND k1 = ?2)", "t:foo | t:2017-01-02", "(ks0 = $1::text AND ks1 = $2::text)", NULL},
    {"name:string,birthday:date,age:int", "(birthday='2017-01-02')", "k1 = ?1", "t:2017-01-02",
     "ks1 = $1::text", NULL},
    {"name:string,birthday:date,age:int", "(name='foo') AND (age=99)", "(k0 = ?1 AND k2 = ?2)",
     "t:foo | i:99", "(ks0 = $1::text AND kn2 = $2::numeric)", NULL},
    {"name:string,birthday:string,age:int", "(name='\\'hello\\'') AND (birthday='ab\\'cd')",
     "(k0 = ?1 AND k1 = ?2)", "t:'hello' | t:ab'cd", "(ks0 = $1::text AND ks1 = $2::text)", NULL},
    /* §3.4 Hudi */
    {"dt:string,hr:int", "((dt = '2022-09-01' AND hr = 12) OR (dt = '2022-09-02' AND hr = 13))",
     "((k0 = ?1 AND k1 = ?2) OR (k0 = ?3 AND k1 = ?4))",
     "t:2022-09-01 | i:12 | t:2022-09-02 | i:13",
     "((ks0 = $1::text AND kn1 = $2::numeric) OR (ks0 = $3::text AND kn1 = $4::numeric))", NULL},
    {"dt:date,hr:int", "(dt >= '2022-09-01' AND dt <= '2022-09-02')", "(k0 >= ?1 AND k0 <= ?2)",
     "t:2022-09-01 | t:2022-09-02", "(ks0 >= $1::text AND ks0 <= $2::text)", NULL},
    {"dt:date,hr:int", "((dt >= '2022-09-01' AND dt <= '2022-09-02') AND hr = 12)",
     "((k0 >= ?1 AND k0 <= ?2) AND k1 = ?3)", "t:2022-09-01 | t:2022-09-02 | i:12",
     "((ks0 >= $1::text AND ks0 <= $2::text) AND kn1 = $3::numeric)", NULL},
    {"dt:date,hr:int", "dt = 2022-09-01 AND hr = 12", "(k0 = ?1 AND k1 = ?2)",
     "t:2022-09-01 | i:12", "(ks0 = $1::text AND kn1 = $2::numeric)", NULL},
    {"name:string", "(name = 'O''Brien')", "k0 = ?1", "t:O'Brien", "ks0 = $1::text", NULL},
    /* §3.5 aws-sdk-pandas */
    {"m:int", "m=10", "k0 = ?1", "i:10", "kn0 = $1::numeric", NULL},
    {"m:string", "m=10", "k0 = ?1", "t:10", "ks0 = $1::text", NULL},
    /* glue-api §4.1, the Glue developer guide's examples */
    {"year:string", "year='2015'", "k0 = ?1", "t:2015", "ks0 = $1::text", NULL},
    {"year:string", "year>'2016' AND year<'2018'", "(k0 > ?1 AND k0 < ?2)", "t:2016 | t:2018",
     "(ks0 > $1::text AND ks0 < $2::text)", NULL},
    {"year:int", "year>='2015' AND year<='2018'", "(k0 >= ?1 AND k0 <= ?2)", "i:2015 | i:2018",
     "(kn0 >= $1::numeric AND kn0 <= $2::numeric)", NULL},
    {"year:int", "year BETWEEN 2015 AND 2018", "k0 BETWEEN ?1 AND ?2", "i:2015 | i:2018",
     "kn0 BETWEEN $1::numeric AND $2::numeric", NULL},
    {"year:string", "year IN (2015,2016,2017,2018)", "k0 IN (?1, ?2, ?3, ?4)",
     "t:2015 | t:2016 | t:2017 | t:2018", "ks0 IN ($1::text, $2::text, $3::text, $4::text)", NULL},
    {"year:string", "year LIKE '%7'", "k0 GLOB ?1", "t:*7", "ks0 LIKE $1::text", "t:%7"},
};

static const struct ecase engine_errors[] = {
    /* §3.3 (a): one ')' too many in the awslabs test string itself */
    {"col4:int,col2:string,col3:int,col3BD:string",
     "((col4 > 0) and (col2 < '300Y') or (col3 = 34)) or (col3BD = '34BD'))", 68,
     "Unsupported expression: expected AND, OR or end of expression but found ')' at position 69."},
    /* §3.3 (c): the unquoted value of a numeric key with a quote in it */
    {"name:string,birthday:string,age:int",
     "(name='\\'hello\\'') AND (birthday='ab\\'cd') AND (age=ab'cd)", 52,
     "Invalid partition expression: unknown column 'ab' at position 53."},
    /* §3.2: Trino's own caveat, a quote in a value it does not escape */
    {"col1:string", "((col1 = 'it's'))", 13,
     "Unsupported expression: expected AND, OR or ')' but found 's' at position 14."},
    /* LIKE on an int key (Moto: "Integral data type doesn't support operation 'LIKE'") */
    {"year:int", "year LIKE '%7'", 5,
     "Invalid partition expression: LIKE is not supported on integer column 'year' at position 6."},
};

static void test_pexpr_engine_strings(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(engines) / sizeof(engines[0]); i++)
        check_ok(&engines[i], 1);
    for (i = 0; i < sizeof(engine_errors) / sizeof(engine_errors[0]); i++)
        check_err(&engine_errors[i]);
}

/* ---------------------------------------------------------------- limits */

/* A malloc'd string: PREFIX, then REP N times, then SUFFIX. */
static char *repeat(const char *prefix, const char *rep, int n, const char *suffix)
{
    size_t lp = strlen(prefix), lr = strlen(rep), ls = strlen(suffix);
    char *s = malloc(lp + lr * (size_t)n + ls + 1), *p;
    int i;
    assert_non_null(s);
    memcpy(s, prefix, lp);
    p = s + lp;
    for (i = 0; i < n; i++, p += lr)
        memcpy(p, rep, lr);
    memcpy(p, suffix, ls + 1);
    return s;
}

/* Compile EXPR against MAIN; returns the code, ERR filled.  The SQL must mention ?NBINDS. */
static int compile_main(const char *expr, struct pexpr_sql *s, struct srv_error *err)
{
    struct pexpr_key keys[8];
    char names[8][32];
    int n = make_keys(MAIN, keys, names);
    srv_error_init(err);
    return pexpr_compile(expr, keys, n, 1, s, err);
}

static void test_pexpr_limits(void **state)
{
    struct pexpr_sql s;
    struct srv_error err;
    char *e, *open, *close;
    (void)state;

    /* 100 nested parentheses are fine, the 101st is refused where it opens */
    open = repeat("", "(", 100, "");
    close = repeat("", ")", 100, "");
    {
        size_t n = 100;
        char *x = malloc(n + 6 + n + 1);
        assert_non_null(x);
        memcpy(x, open, n);
        memcpy(x + n, "hr = 1", 6);
        memcpy(x + n + 6, close, n + 1);
        assert_int_equal(compile_main(x, &s, &err), CAT_OK);
        assert_string_equal(s.where, "k1 = ?1");
        pexpr_sql_release(&s);
        /* the same depth around an operand */
        memcpy(x + n, "hr", 2);
        memcpy(x + n + 2, close, n);
        memcpy(x + 2 * n + 2, " = 1", 5);
        assert_int_equal(compile_main(x, &s, &err), CAT_OK);
        assert_string_equal(s.where, "k1 = ?1");
        pexpr_sql_release(&s);
        free(x);
    }
    e = repeat("(", "(", 100, "hr = 1");
    assert_int_equal(compile_main(e, &s, &err), CAT_EINVAL);
    assert_string_equal(
        err.msg, "Unsupported expression: more than 100 nested parentheses at position 101.");
    assert_int_equal(err.offset, 100);
    free(e);
    e = repeat("hr = 1 AND (", "(", 100, "hr) = 1");
    assert_int_equal(compile_main(e, &s, &err), CAT_EINVAL);
    assert_string_equal(
        err.msg, "Unsupported expression: more than 100 nested parentheses at position 112.");
    free(e);
    e = repeat("hr = (", "(", 100, "1");
    assert_int_equal(compile_main(e, &s, &err), CAT_EINVAL);
    assert_string_equal(
        err.msg, "Unsupported expression: more than 100 nested parentheses at position 106.");
    free(e);
    /* 100k '(' and 100k NOTs: refused or compiled without deep recursion */
    e = repeat("", "(", 100000, "");
    assert_int_equal(compile_main(e, &s, &err), CAT_EINVAL);
    assert_int_equal(err.offset, 100);
    free(e);
    e = repeat("", "(NOT ", 50000, "");
    assert_int_equal(compile_main(e, &s, &err), CAT_EINVAL);
    assert_int_equal(err.offset, 500);
    free(e);
    e = repeat("", "NOT ", 100001, "hr = 1");
    assert_int_equal(compile_main(e, &s, &err), CAT_OK);
    assert_string_equal(s.where, "NOT (k1 = ?1)");
    pexpr_sql_release(&s);
    free(e);
    e = repeat("", ")", 100000, "");
    assert_int_equal(compile_main(e, &s, &err), CAT_EINVAL);
    assert_int_equal(err.offset, 0);
    free(e);
    free(open);
    free(close);

    /* 1000 literals are fine (and the text is far over 2048 characters), 1001 are not */
    e = repeat("name IN ('0'", ", 'abc'", 999, ")");
    assert_true(strlen(e) > 2048);
    assert_int_equal(compile_main(e, &s, &err), CAT_OK);
    assert_int_equal(s.nbinds, 1000);
    assert_int_equal(s.binds[999].len, 3);
    assert_memory_equal(s.binds[999].text, "abc", 3);
    pexpr_sql_release(&s);
    free(e);
    e = repeat("hr IS NULL", " OR dt BETWEEN '2020-01-01' AND '2020-01-31'", 500, "");
    assert_int_equal(compile_main(e, &s, &err), CAT_OK);
    assert_int_equal(s.nbinds, 1000);
    assert_string_equal(s.binds[999].text, "2020-01-31"); /* canonical text in its own buf */
    pexpr_sql_release(&s);
    free(e);
    e = repeat("name IN ('0'", ", 'abc'", 1000, ")");
    assert_int_equal(compile_main(e, &s, &err), CAT_EINVAL);
    assert_string_equal(err.msg,
                        "Unsupported expression: more than 1000 literals at position 7008.");
    assert_int_equal(err.offset, 7007);
    free(e);

    /* long but literal-free: linear, any length */
    e = repeat("hr IS NULL", " AND name IS NOT NULL OR NOT (ts IS NULL)", 20000, "");
    assert_int_equal(compile_main(e, &s, &err), CAT_OK);
    assert_int_equal(s.nbinds, 0);
    pexpr_sql_release(&s);
    free(e);
}

/* ---------------------------------------------------------------- typed comparison in SQLite */

/* Sample partitions of MAIN: dt, hr, name, price, ts, flag (raw text as a client would send). */
static const char *const rows[][6] = {
    /* 1 */ {"2020-01-01", "9", "abc", "9.5", "2020-01-01 00:00:00", "true"},
    /* 2 */ {"2020-01-02", "10", "Abc", "10", "2020-01-01 10:00", "false"},
    /* 3 */ {"2020-1-10", "100", "a_c", "10.25", "2020-01-01T09:59:59.5", "TRUE"},
    /* 4 */ {"2019-12-31", "-1", "a%c", "-0.5", "2019-12-31", "false"},
    /* 5 */
    {"2020-02-29", "__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__",
     "__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__"},
    /* 6 */ {"2020-10-01", "2", "9", "100", "2020-10-01 00:00:00.000000001", "false"},
    /* 7 */ {"2020-9-30", "02", "10", "1e2", "2020-09-30 23:59:59.999", "true"},
    /* 8 */ {"2021-01-01", "20", "a*c", "0.1", "2021-01-01", "true"},
    /* 9 */ {"2021-06-15", "3", "a[c", "3.14", "2021-06-15 12:00", "false"},
    /* 10 */ {"2022-01-01", "30", "a?c", "2", "2022", "false"},
};

static const struct {
    const char *expr;
    const char *ids; /* matching rows, ascending */
} queries[] = {
    {"", "1,2,3,4,5,6,7,8,9,10"},
    /* integers compare as numbers: 10 > 9, '02' = 2 */
    {"hr > 9", "2,3,8,10"},
    {"hr < 10", "1,4,6,7,9"},
    {"hr = 2", "6,7"},
    {"hr = '02'", "6,7"},
    {"10 < hr", "3,8,10"},
    {"`hr` >= 20", "3,8,10"},
    /* strings compare as text: '9' > '10' */
    {"name > '9'", "1,2,3,4,5,8,9,10"},
    {"name < '9'", "7"},
    {"name = 10", "7"},
    {"name = '__HIVE_DEFAULT_PARTITION__'", "5"},
    /* dates chronologically, whatever the stored spelling (2020-9-30 < 2020-10-01) */
    {"dt < '2020-10-01'", "1,2,3,4,5,7"},
    {"dt BETWEEN 2020-01-01 AND 2020-01-31", "1,2,3"},
    {"dt = DATE '2020-1-2'", "2"},
    {"'2020-06-01' <= dt", "6,7,8,9,10"},
    /* decimals numerically */
    {"price > 10", "3,6,7"},
    {"price = 100", "6,7"},
    {"price = '1e2'", "6,7"},
    {"price < 9.75", "1,4,8,9,10"},
    /* timestamps chronologically */
    {"ts >= '2020-01-01 09:59:59.5'", "2,3,6,7,8,9"},
    {"ts < DATE '2020-01-01'", "4"},
    {"ts IS NULL", "5,10"},
    /* booleans */
    {"flag = true", "1,3,7,8"},
    {"flag = FALSE", "2,4,6,9,10"},
    /* LIKE: case-sensitive, anchored, % and _ only */
    {"name LIKE 'a_c'", "1,3,4,8,9,10"},
    {"name LIKE 'a%'", "1,3,4,8,9,10"},
    {"name LIKE 'A%'", "2"},
    {"name LIKE '%c'", "1,2,3,4,8,9,10"},
    {"name LIKE 'a*c'", "8"},
    {"name LIKE 'a?c'", "10"},
    {"name LIKE 'a[c'", "9"},
    {"name LIKE 'a%%c'", "1,3,4,8,9,10"},
    {"name LIKE '__'", "7"},
    {"name LIKE 'b'", ""},
    {"name NOT LIKE 'a%'", "2,5,6,7"},
    /* IN, NOT IN, BETWEEN, NOT BETWEEN, IS [NOT] NULL, NOT */
    {"hr IN (1, 2, 3)", "6,7,9"},
    {"hr NOT IN (2, 3)", "1,2,3,4,8,10"},
    {"hr BETWEEN 2 AND 10", "1,2,6,7,9"},
    {"hr NOT BETWEEN 2 AND 10", "3,4,8,10"},
    {"hr IS NULL", "5"},
    {"hr = '__HIVE_DEFAULT_PARTITION__'", "5"},
    {"hr IS NOT NULL AND price IS NULL", ""},
    {"hr <> '__HIVE_DEFAULT_PARTITION__'", "1,2,3,4,6,7,8,9,10"},
    {"NOT (hr > 9)", "1,4,6,7,9"},
    {"NOT hr > 9 AND name LIKE 'a%'", "1,4,9"},
    {"hr = 9 OR hr = 100 AND flag = true", "1,3"},
    {"(hr = 9 OR hr = 100) AND flag = false", ""},
    {"NOT (hr = 9 OR dt >= '2021-01-01')", "2,3,4,6,7"},
};

static void test_pexpr_sqlite_typed_comparison(void **state)
{
    struct pexpr_key keys[8];
    char names[8][32];
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int nkeys, r, c, rc;
    size_t i;
    (void)state;

    nkeys = make_keys(MAIN, keys, names);
    assert_int_equal(nkeys, 6);
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    /* no declared types: no affinity, so values keep the storage class ptype_value gave them */
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE partitions(id INTEGER PRIMARY KEY, k0, k1, k2, "
                                  "k3, k4, k5)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db, "INSERT INTO partitions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1,
                           &st, NULL),
        SQLITE_OK);
    for (r = 0; r < (int)(sizeof(rows) / sizeof(rows[0])); r++) {
        sqlite3_bind_int(st, 1, r + 1);
        for (c = 0; c < 6; c++) {
            struct pvalue v;
            if (ptype_value(keys[c].type, rows[r][c], strlen(rows[r][c]), &v) != 0)
                sqlite3_bind_null(st, c + 2);
            else if (v.kind == PV_INT)
                sqlite3_bind_int64(st, c + 2, v.i);
            else if (v.kind == PV_REAL)
                sqlite3_bind_double(st, c + 2, v.d);
            else
                sqlite3_bind_text(st, c + 2, v.text, (int)v.len, SQLITE_TRANSIENT);
        }
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);

    for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
        struct pexpr_sql s;
        struct srv_error err;
        char sql[8192], got[256];
        size_t used = 0;
        int j;

        srv_error_init(&err);
        rc = pexpr_compile(queries[i].expr, keys, nkeys, 2, &s, &err);
        if (rc != CAT_OK)
            fail_msg("\"%s\": %s", queries[i].expr, err.msg);
        /* ?1 is the caller's own parameter, as the store will have its table id there */
        snprintf(sql, sizeof(sql), "SELECT id FROM partitions WHERE id > ?1 AND %s ORDER BY id",
                 s.where);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
            fail_msg("\"%s\": %s: %s", queries[i].expr, sql, sqlite3_errmsg(db));
        assert_int_equal(sqlite3_bind_parameter_count(st), s.nbinds + 1);
        sqlite3_bind_int(st, 1, 0);
        for (j = 0; j < s.nbinds; j++) {
            const struct pvalue *v = &s.binds[j];
            if (v->kind == PV_INT)
                sqlite3_bind_int64(st, j + 2, v->i);
            else if (v->kind == PV_REAL)
                sqlite3_bind_double(st, j + 2, v->d);
            else if (v->kind == PV_TEXT)
                sqlite3_bind_text(st, j + 2, v->text, (int)v->len, SQLITE_STATIC);
            else
                sqlite3_bind_null(st, j + 2);
        }
        got[0] = '\0';
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            used += (size_t)snprintf(got + used, sizeof(got) - used, "%s%d", used ? "," : "",
                                     sqlite3_column_int(st, 0));
        assert_int_equal(rc, SQLITE_DONE);
        sqlite3_finalize(st);
        if (strcmp(got, queries[i].ids) != 0)
            fail_msg("\"%s\" (%s): rows %s, want %s", queries[i].expr, s.where, got,
                     queries[i].ids);
        pexpr_sql_release(&s);
    }
    sqlite3_close(db);
}

/* Every accepted case's SQL prepares in SQLite with exactly its binds (keys map to k0..k5). */
static void test_pexpr_sql_prepares(void **state)
{
    sqlite3 *db = NULL;
    size_t i;
    (void)state;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE p(k0, k1, k2, k3, k4, k5)", NULL, NULL, NULL),
                     SQLITE_OK);
    for (i = 0; i < sizeof(accepted) / sizeof(accepted[0]) + sizeof(engines) / sizeof(engines[0]);
         i++) {
        const struct ccase *c = i < sizeof(accepted) / sizeof(accepted[0])
                                    ? &accepted[i]
                                    : &engines[i - sizeof(accepted) / sizeof(accepted[0])];
        struct pexpr_key keys[8];
        char names[8][32], sql[4096];
        struct pexpr_sql s;
        struct srv_error err;
        sqlite3_stmt *st = NULL;
        int n = make_keys(c->keys, keys, names);
        assert_int_equal(pexpr_compile(c->expr, keys, n, 1, &s, &err), CAT_OK);
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM p WHERE %s", s.where);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
            fail_msg("\"%s\": %s: %s", c->expr, sql, sqlite3_errmsg(db));
        assert_int_equal(sqlite3_bind_parameter_count(st), s.nbinds);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        sqlite3_finalize(st);
        pexpr_sql_release(&s);
    }
    sqlite3_close(db);
}

/* ---------------------------------------------------------------- the PostgreSQL dialect, run */

/* A connection to CATALOG_TEST_PG, or NULL (the test is then skipped). */
static PGconn *pg_connect(void)
{
    const char *info = getenv("CATALOG_TEST_PG");
    PGconn *c;
    if (info == NULL || *info == '\0')
        return NULL;
    c = PQconnectdb(info);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("CATALOG_TEST_PG: %s", PQerrorMessage(c));
    return c;
}

/* Binds as libpq text parameters (into TEXT, N per value), after PREFIX parameters. */
static void pg_params(const struct pexpr_sql *s, const char **vals, char (*text)[64], int first)
{
    int j;
    for (j = 0; j < s->nbinds; j++) {
        const struct pvalue *v = &s->binds[j];
        char *t = text[first + j];
        if (v->kind == PV_INT)
            snprintf(t, 64, "%lld", v->i);
        else if (v->kind == PV_REAL)
            snprintf(t, 64, "%.17g", v->d);
        else if (v->kind == PV_TEXT)
            snprintf(t, 64, "%.*s", (int)v->len, v->text);
        vals[first + j] = v->kind == PV_NULL ? NULL : t;
    }
}

/* The rows of the SQLite test, stored as pg_partition.c stores them (kn/ks by key type), give
** the same answers to the same expressions compiled for PostgreSQL. */
static void test_pexpr_pg_typed_comparison(void **state)
{
    struct pexpr_key keys[8];
    char names[8][32];
    PGconn *c = pg_connect();
    PGresult *res;
    int nkeys, r, k;
    size_t i;
    (void)state;
    if (c == NULL)
        skip();
    nkeys = make_keys(MAIN, keys, names);
    res = PQexec(c, "CREATE TEMP TABLE partitions (id int, kn0 numeric, kn1 numeric, kn2 numeric,"
                    " kn3 numeric, kn4 numeric, kn5 numeric, ks0 text COLLATE \"C\","
                    " ks1 text COLLATE \"C\", ks2 text COLLATE \"C\", ks3 text COLLATE \"C\","
                    " ks4 text COLLATE \"C\", ks5 text COLLATE \"C\")");
    assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    for (r = 0; r < (int)(sizeof(rows) / sizeof(rows[0])); r++) {
        const char *vals[13] = {0};
        char text[13][64];
        snprintf(text[0], sizeof(text[0]), "%d", r + 1);
        vals[0] = text[0];
        for (k = 0; k < nkeys; k++) {
            struct pvalue v;
            int col = 1 + k + (pexpr_pg_numeric(keys[k].type) ? 0 : 6);
            if (ptype_value(keys[k].type, rows[r][k], strlen(rows[r][k]), &v) != 0)
                continue;
            if (v.kind == PV_INT)
                snprintf(text[col], 64, "%lld", v.i);
            else if (v.kind == PV_REAL)
                snprintf(text[col], 64, "%.17g", v.d);
            else
                snprintf(text[col], 64, "%.*s", (int)v.len, v.text);
            vals[col] = text[col];
        }
        res = PQexecParams(c,
                           "INSERT INTO partitions VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                           " $11, $12, $13)",
                           13, NULL, vals, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            fail_msg("insert: %s", PQerrorMessage(c));
        PQclear(res);
    }
    for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
        struct pexpr_sql s;
        struct srv_error err;
        const char *vals[64];
        char text[64][64], sql[8192], got[256];
        size_t used = 0;
        int row;

        srv_error_init(&err);
        if (pexpr_compile_pg(queries[i].expr, keys, nkeys, 2, &s, &err) != CAT_OK)
            fail_msg("\"%s\": %s", queries[i].expr, err.msg);
        assert_true(s.nbinds < 63);
        snprintf(sql, sizeof(sql), "SELECT id FROM partitions WHERE id > $1 AND %s ORDER BY id",
                 s.where);
        vals[0] = "0";
        pg_params(&s, vals, text, 1);
        res = PQexecParams(c, sql, 1 + s.nbinds, NULL, vals, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK)
            fail_msg("\"%s\": %s: %s", queries[i].expr, sql, PQerrorMessage(c));
        got[0] = '\0';
        for (row = 0; row < PQntuples(res); row++)
            used += (size_t)snprintf(got + used, sizeof(got) - used, "%s%s", used ? "," : "",
                                     PQgetvalue(res, row, 0));
        PQclear(res);
        if (strcmp(got, queries[i].ids) != 0)
            fail_msg("\"%s\" (%s): rows %s, want %s", queries[i].expr, s.where, got,
                     queries[i].ids);
        pexpr_sql_release(&s);
    }
    PQfinish(c);
}

/* LIKE: SQLite's GLOB pattern and PostgreSQL's LIKE pattern, compiled from the same expression,
** match exactly the same strings (backslashes, brackets, GLOB's own wildcards, non-ASCII). */
static void test_pexpr_pg_like_matches_glob(void **state)
{
    static const char *const values[] = {"abc",
                                         "a\\c",
                                         "a\\\\c",
                                         "a%c",
                                         "a_c",
                                         "a*c",
                                         "a?c",
                                         "a[c",
                                         "a]c",
                                         "a[]c",
                                         "ac",
                                         "",
                                         "A",
                                         "a\nc",
                                         "\xc3\xa9",
                                         "\xc3\xa9\xc3\xa9",
                                         "a\xc3\xa9"
                                         "c",
                                         "\\",
                                         "%",
                                         "_",
                                         "x\\%"};
    /* Glue LIKE literals as written in an expression */
    static const char *const patterns[] = {
        "'a%'",    "'a_c'",      "'%\\\\%'",    "'a\\\\%'", "'_'",     "'__'",
        "'%[%'",   "'a*c'",      "'a?c'",       "'%'",      "''",      "'a%c'",
        "'\\\\'",  "'\xc3\xa9'", "'_\xc3\xa9'", "'a[]c'",   "'a[c'",   "'%]%'",
        "'\\\\%'", "'x\\\\%'",   "'a\\\\_'",    "'\\%'",    "'%_%_%'", "\"a%\""};
    struct pexpr_key key = {"name", PT_STRING};
    PGconn *c = pg_connect();
    sqlite3 *db = NULL;
    size_t i, j;
    (void)state;
    if (c == NULL)
        skip();
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    for (j = 0; j < sizeof(patterns) / sizeof(patterns[0]); j++) {
        struct pexpr_sql lite, pg;
        struct srv_error err;
        char expr[128], pgpat[128];
        snprintf(expr, sizeof(expr), "name LIKE %s", patterns[j]);
        srv_error_init(&err);
        if (pexpr_compile(expr, &key, 1, 1, &lite, &err) != CAT_OK ||
            pexpr_compile_pg(expr, &key, 1, 1, &pg, &err) != CAT_OK)
            fail_msg("%s: %s", expr, err.msg);
        assert_int_equal(lite.nbinds, 1);
        assert_int_equal(pg.nbinds, 1);
        snprintf(pgpat, sizeof(pgpat), "%.*s", (int)pg.binds[0].len, pg.binds[0].text);
        for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
            const char *vals[2] = {values[i], pgpat};
            sqlite3_stmt *st = NULL;
            PGresult *res;
            int want, got;
            assert_int_equal(sqlite3_prepare_v2(db, "SELECT ?1 GLOB ?2", -1, &st, NULL), SQLITE_OK);
            sqlite3_bind_text(st, 1, values[i], -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, lite.binds[0].text, (int)lite.binds[0].len, SQLITE_STATIC);
            assert_int_equal(sqlite3_step(st), SQLITE_ROW);
            want = sqlite3_column_int(st, 0);
            sqlite3_finalize(st);
            res = PQexecParams(c, "SELECT ($1::text LIKE $2::text)::int", 2, NULL, vals, NULL, NULL,
                               0);
            if (PQresultStatus(res) != PGRES_TUPLES_OK)
                fail_msg("%s: %s", expr, PQerrorMessage(c));
            got = atoi(PQgetvalue(res, 0, 0));
            PQclear(res);
            if (got != want)
                fail_msg("%s on \"%s\": GLOB %d, LIKE %d (pattern %s)", expr, values[i], want, got,
                         pgpat);
        }
        pexpr_sql_release(&lite);
        pexpr_sql_release(&pg);
    }
    sqlite3_close(db);
    PQfinish(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pexpr_compiles_grammar),
        cmocka_unit_test(test_pexpr_rejects_with_position),
        cmocka_unit_test(test_pexpr_first_param_and_release),
        cmocka_unit_test(test_pexpr_engine_strings),
        cmocka_unit_test(test_pexpr_limits),
        cmocka_unit_test(test_pexpr_sqlite_typed_comparison),
        cmocka_unit_test(test_pexpr_sql_prepares),
        cmocka_unit_test(test_pexpr_pg_typed_comparison),
        cmocka_unit_test(test_pexpr_pg_like_matches_glob),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
