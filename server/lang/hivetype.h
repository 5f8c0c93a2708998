/* hivetype.h -- Hive type strings: parser and validator with error positions, canonical form,
** compatibility of a type change, the server's type-check policy, and how a struct field name is
** written; pure C. */
#ifndef SRV_HIVETYPE_H
#define SRV_HIVETYPE_H

#include <stddef.h>

/* Longest type string parsed (longer ones are refused at the first byte past it), and the
** deepest nesting of array/map/struct/uniontype. */
#define HIVETYPE_MAX_LEN 131072
#define HIVETYPE_MAX_DEPTH 64

struct hivetype_error {
    int pos;       /* 1-based character position of the error (0: none) */
    char msg[200]; /* "expected '>' at position 9" style text, without the type itself */
};

/* What a type string is, after hivetype_parse(). */
struct hivetype {
    int primitive; /* 1: a primitive type (allowed as a partition key) */
    char *canon;   /* malloc'd canonical text: lower case, no blanks, aliases resolved
                   ** (integer -> int, numeric -> decimal, decimal -> decimal(10,0), ...) */
};

/*
** Parse Hive type text S (UTF-8, NUL-terminated): tinyint, smallint, int, integer, bigint,
** boolean, float, double [precision], decimal[(p[,s])] (1 <= p <= 38, 0 <= s <= p), numeric
** (as decimal), string, char(n) (1..255), varchar(n) (1..65535), date, timestamp, binary,
** interval_year_month, interval_day_time (also "interval year to month", "interval day to
** second"), array<T>, map<K,V> (K primitive), struct<name:T [comment 'text'],...> and
** uniontype<T,...>; keywords in any case, blanks anywhere between tokens.
** Returns 0 with *OUT filled (free with hivetype_release()), or -1 with ERR set (OUT empty).
** Never reads past the NUL; bounded by HIVETYPE_MAX_LEN and HIVETYPE_MAX_DEPTH.
*/
int hivetype_parse(const char *s, struct hivetype *out, struct hivetype_error *err);
void hivetype_release(struct hivetype *t); /* NULL-safe, idempotent */

/* 1 when struct field name NAME (LEN bytes) needs no quoting: an ASCII letter or '_', then
** those or digits.  hivetype_parse() reads such a name bare, and so do Hive's and Trino's
** type parsers (which have no quoting at all). */
int hivetype_plain_name(const char *name, size_t len);

struct sbuf;
/* Append struct field NAME (NUL-terminated, not empty) to B, the one way catalogd writes a
** field name into a type (the crawler's JSON and Parquet schemas): bare when
** hivetype_plain_name(), else `backquoted` so that punctuation such as ':' ',' '<' cannot
** change the struct's shape (a '`' inside is written as '_': there is no escape for it).
** hivetype_parse()'s canonical form follows the same rule: `ip` and ip are the same name. */
void hivetype_add_field_name(struct sbuf *b, const char *name);

/* Whether a column of type OLD may become NEW without making existing data unreadable:
** equal types; integer widening (tinyint < smallint < int < bigint), float -> double, an
** integer type -> double or a decimal wide enough, decimal(p,s) -> decimal(p2,s2) with
** s2 >= s and p2 - s2 >= p - s, varchar(n) -> varchar(m >= n), char/varchar/any primitive
** -> string.  Complex types must stay equal.  Both must parse; otherwise 0. */
int hivetype_compatible(const char *old_type, const char *new_type);

/* The server's policy for invalid column types (set once at start-up; read by any thread). */
enum hivetype_policy {
    HIVETYPE_OFF,   /* accept anything (Glue's behaviour) */
    HIVETYPE_WARN,  /* accept and log a warning (the default) */
    HIVETYPE_STRICT /* refuse with InvalidInputException */
};
void hivetype_set_policy(enum hivetype_policy p);
enum hivetype_policy hivetype_policy(void);
/* "off", "warn", "strict" -> *OUT; returns 0, or -1 for anything else. */
int hivetype_policy_parse(const char *s, enum hivetype_policy *out);

/* Whether UpdateTable refuses incompatible changes of an existing column's type (set once at
** start-up; default 0). */
void hivetype_set_evolution_check(int on);
int hivetype_evolution_check(void);

#endif
