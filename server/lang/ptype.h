/* ptype.h -- partition key types, typed comparable partition values, and Hive-style partition
** folder names (key=value/, escaped as Hive escapes them); pure C. */
#ifndef SRV_PTYPE_H
#define SRV_PTYPE_H

#include <stddef.h>

/* How a partition key's values compare (GetPartitions Expression semantics). */
enum ptype { PT_STRING, PT_INTEGER, PT_DECIMAL, PT_DATE, PT_TIMESTAMP, PT_BOOLEAN };

/* The ptype of the Hive type string HIVE_TYPE (a column's Type), case-insensitive, spaces
** tolerated: tinyint/smallint/int/integer/bigint/long -> PT_INTEGER; decimal, decimal(p,s),
** numeric, float, double, real -> PT_DECIMAL; date -> PT_DATE; timestamp -> PT_TIMESTAMP;
** boolean -> PT_BOOLEAN; string, varchar(n), char(n), NULL and anything else -> PT_STRING. */
enum ptype ptype_of(const char *hive_type);

/* "string", "integer", "decimal", "date", "timestamp" or "boolean" (static text). */
const char *ptype_name(enum ptype t);

/* A partition value in the form SQLite compares as the key type requires. */
struct pvalue {
    enum { PV_NULL, PV_INT, PV_REAL, PV_TEXT } kind;
    long long i;      /* PV_INT (also booleans: 0/1) */
    double d;         /* PV_REAL */
    const char *text; /* PV_TEXT: points into buf or into the caller's input (not NUL-terminated) */
    size_t len;       /* PV_TEXT: length of text in bytes */
    char buf[40];     /* canonical date/timestamp text, NUL-terminated */
};

/*
** Convert the partition value RAW (LEN bytes, UTF-8; need not be NUL-terminated) to its typed,
** comparable form for key type T, in *OUT:
**   PT_STRING    PV_TEXT pointing at RAW itself (so RAW must outlive OUT).
**   PT_INTEGER   PV_INT: optional sign and decimal digits, within int64; no spaces.
**   PT_DECIMAL   PV_REAL: [sign] digits [. digits] [e [sign] digits] (or .5, 5.), finite;
**                no hex, inf or nan; -0 becomes 0.
**   PT_DATE      PV_TEXT canonical "YYYY-MM-DD" in OUT->buf, from Y-M-D with a 4-digit year and
**                1- or 2-digit month and day; a real calendar date (leap years included).
**   PT_TIMESTAMP PV_TEXT canonical "YYYY-MM-DD HH:MM:SS.fffffffff" in OUT->buf, so text order is
**                chronological; accepts a date alone, or a date, ' ' or 'T', then H:M, H:M:S or
**                H:M:S.f (1-2 digit fields, 1..9 fraction digits).
**   PT_BOOLEAN   PV_INT 1 or 0 from "true" or "false" (case-insensitive).
** Returns 0, or -1 when RAW is not a value of type T (then OUT->kind is PV_NULL).
** Never allocates.  Because OUT->text may point at OUT->buf, copying a struct pvalue by value
** leaves the copy's text pointing at the original's buf.
*/
int ptype_value(enum ptype t, const char *raw, size_t len, struct pvalue *out);

struct sbuf;
/* Append "KEY=VALUE/" to B as Hive names a partition's folder (FileUtils.makePartName):
** in KEY and VALUE, the control characters U+0001..U+001F, U+007F and " # % ' * / : = ? \ {
** [ ] ^ become %XX (upper-case hex), other bytes (UTF-8 included) stay; an empty VALUE is
** __HIVE_DEFAULT_PARTITION__.  KEY and VALUE are NUL-terminated. */
void ptype_path_append(struct sbuf *b, const char *key, const char *value);

#endif
