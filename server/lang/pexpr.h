/* pexpr.h -- GetPartitions Expression compiler: text -> SQL WHERE over k0..kN + binds (SQLite,
** or PostgreSQL over kn0../ks0..); pure C. */
#ifndef SRV_PEXPR_H
#define SRV_PEXPR_H

#include "base/error.h"
#include "lang/ptype.h"

/* Limits enforced by pexpr_compile (the Glue request model caps the text at 2048 characters). */
#define PEXPR_MAX_DEPTH 100 /* nested parentheses */
#define PEXPR_MAX_LITERALS 1000

/* One partition key of the table, in key order: key I lives in SQL column k<I>. */
struct pexpr_key {
    const char *name; /* matched case-insensitively (ASCII) */
    enum ptype type;
};

/* A compiled expression. */
struct pexpr_sql {
    char *where;          /* malloc'd SQL boolean expression over k0..k{n-1}, params ?N */
    struct pvalue *binds; /* malloc'd (NULL when nbinds is 0); binds[j] is ?(first_param + j);
                          ** PV_TEXT texts point into this same allocation */
    int nbinds;
};

/*
** Compile the GetPartitions Expression EXPR (NUL-terminated; NULL, empty or blank means every
** partition: where "1", no binds) against the table's partition keys KEYS[0..NKEYS-1].
**
** Grammar (keywords case-insensitive):
**   expr     := and (OR and)*          and := not (AND not)*       not := NOT* primary
**   primary  := '(' expr ')' | operand cmp operand | operand [NOT] IN '(' lit {, lit} ')'
**             | operand [NOT] BETWEEN lit AND lit | operand [NOT] LIKE lit | operand IS [NOT] NULL
**   operand  := column | lit | '(' operand ')'    (one side of a comparison must be a column,
**                                                  the other a literal; IN etc. need the column)
**   cmp      := = | <> | != | < | <= | > | >=
**   column   := [A-Za-z_][A-Za-z0-9_]* | `quoted` (`` for `)
**   lit      := 'text' | "text" ('' or "" and \' \" \\ escapes) | integer | decimal (-1.5, 1e3,
**               Hive suffixes L S Y D BD dropped) | TRUE | FALSE | bare 2020-01-01 [10:00[:00[.f]]]
**             | DATE 'yyyy-mm-dd' | TIMESTAMP 'yyyy-mm-dd hh:mm:ss[.f]'
** Each literal is converted with ptype_value() for the column's type (a string column compares
** with the literal's text as written); "col = '__HIVE_DEFAULT_PARTITION__'" (and <>, !=) on a
** non-string column means "col IS NULL" ("IS NOT NULL"), since such values are stored as NULL.
** LIKE (string columns only) is SQL LIKE, anchored and case-sensitive, compiled to GLOB.
**
** Values never appear in the SQL text: every literal is a bound parameter, numbered from
** FIRST_PARAM.  On success returns CAT_OK and fills *OUT (release it with pexpr_sql_release()).
** On failure *OUT is zeroed and returns CAT_EINVAL (syntax error, unknown column, literal not of
** the column's type, LIKE on a non-string column, more than PEXPR_MAX_DEPTH nested parentheses,
** more than PEXPR_MAX_LITERALS literals; the message names the 1-based character position and
** ERR->offset is the byte offset) or CAT_ENOMEM.  Linear time; recursion bounded by the depth cap.
*/
int pexpr_compile(const char *expr, const struct pexpr_key *keys, int nkeys, int first_param,
                  struct pexpr_sql *out, struct srv_error *err);

/*
** The same for PostgreSQL (pg_partition.c): the same grammar, checks, errors and binds, but
**   - key I is column kn<I> (numeric) when pexpr_pg_numeric() of its type, else ks<I> (text);
**   - parameters are written "$N::numeric" or "$N::text" (by the type the bind was read as);
**   - LIKE is "ks<I> LIKE $N::text" with the pattern's backslashes doubled (backslash is
**     PostgreSQL's LIKE escape; % and _ stay wildcards): anchored and case-sensitive, matching
**     exactly the strings SQLite's GLOB does;
**   - an empty expression is "TRUE".
** Bind texts are sent as libpq text parameters: PV_INT as %lld, PV_REAL as %.17g (exact).
*/
int pexpr_compile_pg(const char *expr, const struct pexpr_key *keys, int nkeys, int first_param,
                     struct pexpr_sql *out, struct srv_error *err);

/* Whether PostgreSQL keeps values of key type T in a numeric column (kn<I>): integer, decimal,
** boolean; the others (string, date, timestamp) are text (ks<I>). */
int pexpr_pg_numeric(enum ptype t);

/* Free what S owns and zero it.  NULL-safe, and safe on a zeroed or already released S. */
void pexpr_sql_release(struct pexpr_sql *s);

#endif
