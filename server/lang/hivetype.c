/* hivetype.c -- Hive type strings: parser and validator with error positions, canonical form,
** compatibility of a type change, the server's type-check policy, and how a struct field name is
** written; pure C. */
#include "lang/hivetype.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct parser {
    const char *s;
    size_t i;
    char *out; /* the canonical text being written */
    size_t len, cap;
    int depth, failed;
    struct hivetype_error *err;
};

static int is_blank(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Letters of a name: ASCII letters, '_', and any byte of a multi-byte UTF-8 character (so an
** unknown word is reported whole). */
static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* 1-based character position of byte offset OFF of S (UTF-8 continuation bytes not counted). */
static int char_pos(const char *s, size_t off)
{
    size_t i;
    int n = 1;
    for (i = 0; i < off && s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* Fail at byte offset AT with a message; the first failure wins.  Returns -1. */
static int fail_at(struct parser *p, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_at(struct parser *p, size_t at, const char *fmt, ...)
{
    char text[160];
    va_list ap;
    if (p->failed)
        return -1;
    p->failed = 1;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    p->err->pos = char_pos(p->s, at);
    snprintf(p->err->msg, sizeof(p->err->msg), "%s at position %d", text, p->err->pos);
    return -1;
}

static int emit(struct parser *p, const char *t, size_t n)
{
    if (p->len + n + 1 > p->cap) {
        size_t cap = p->cap ? p->cap : 32;
        char *q;
        while (cap < p->len + n + 1)
            cap *= 2;
        if ((q = realloc(p->out, cap)) == NULL)
            return fail_at(p, p->i, "out of memory");
        p->out = q, p->cap = cap;
    }
    memcpy(p->out + p->len, t, n);
    p->len += n;
    p->out[p->len] = '\0';
    return 0;
}

static int emits(struct parser *p, const char *t)
{
    return emit(p, t, strlen(t));
}

static void skip_blanks(struct parser *p)
{
    while (is_blank((unsigned char)p->s[p->i]))
        p->i++;
}

/* Expect character C (after blanks); emit it. */
static int expect(struct parser *p, char c)
{
    skip_blanks(p);
    if (p->s[p->i] != c) {
        if (p->s[p->i] == '\0')
            return fail_at(p, p->i, "expected '%c' but the type ends", c);
        return fail_at(p, p->i, "expected '%c'", c);
    }
    p->i++;
    return emit(p, &c, 1);
}

/* Read an identifier (letters, digits, '_'; not starting with a digit) after blanks:
** *START and *N; 0 when there is none. */
static int word(struct parser *p, size_t *start, size_t *n)
{
    skip_blanks(p);
    *start = p->i;
    if (!is_alpha((unsigned char)p->s[p->i]))
        return 0;
    while (is_alpha((unsigned char)p->s[p->i]) || is_digit((unsigned char)p->s[p->i]))
        p->i++;
    *n = p->i - *start;
    return 1;
}

static int word_is(const char *s, size_t n, const char *w)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (w[i] == '\0' || lower((unsigned char)s[i]) != w[i])
            return 0;
    return w[n] == '\0';
}

/* Whether the next word is W (case-insensitive); consumes it when it is. */
static int next_word_is(struct parser *p, const char *w)
{
    size_t save = p->i, st, n;
    if (word(p, &st, &n) && word_is(p->s + st, n, w))
        return 1;
    p->i = save;
    return 0;
}

/* A decimal number after blanks, within MIN..MAX, named WHAT in errors. */
static int number(struct parser *p, const char *what, long min, long max, long *out)
{
    size_t st;
    long v = 0;
    skip_blanks(p);
    st = p->i;
    if (!is_digit((unsigned char)p->s[p->i]))
        return fail_at(p, p->i, "expected the %s (a number)", what);
    while (is_digit((unsigned char)p->s[p->i])) {
        if (v < 1000000)
            v = v * 10 + (p->s[p->i] - '0');
        p->i++;
    }
    if (v < min || v > max)
        return fail_at(p, st, "%s must be %ld to %ld, not %.*s", what, min, max,
                       (int)(p->i - st > 12 ? 12 : p->i - st), p->s + st);
    *out = v;
    return 0;
}

static int parse_type(struct parser *p, int *primitive);

/* "(n)" of char/varchar, required. */
static int length_arg(struct parser *p, const char *name, long max)
{
    char buf[48];
    long n;
    skip_blanks(p);
    if (p->s[p->i] != '(')
        return fail_at(p, p->i, "%s needs a length: expected '('", name);
    p->i++;
    if (number(p, "length", 1, max, &n) != 0)
        return -1;
    skip_blanks(p);
    if (p->s[p->i] != ')')
        return fail_at(p, p->i, "expected ')'");
    p->i++;
    snprintf(buf, sizeof(buf), "%s(%ld)", name, n);
    return emits(p, buf);
}

/* decimal [(p [, s])]. */
static int decimal_args(struct parser *p)
{
    char buf[48];
    long prec = 10, scale = 0;
    skip_blanks(p);
    if (p->s[p->i] == '(') {
        p->i++;
        if (number(p, "decimal precision", 1, 38, &prec) != 0)
            return -1;
        skip_blanks(p);
        if (p->s[p->i] == ',') {
            size_t at;
            p->i++;
            skip_blanks(p);
            at = p->i;
            if (number(p, "decimal scale", 0, 38, &scale) != 0)
                return -1;
            if (scale > prec)
                return fail_at(p, at, "decimal scale %ld is larger than the precision %ld", scale,
                               prec);
            skip_blanks(p);
        }
        if (p->s[p->i] != ')')
            return fail_at(p, p->i, p->s[p->i] ? "expected ')'" : "expected ')' but the type ends");
        p->i++;
    }
    snprintf(buf, sizeof(buf), "decimal(%ld,%ld)", prec, scale);
    return emits(p, buf);
}

int hivetype_plain_name(const char *name, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (i > 0 && is_digit(c))))
            return 0;
    }
    return len > 0;
}

void hivetype_add_field_name(struct sbuf *b, const char *name)
{
    size_t i, n = strlen(name);
    if (hivetype_plain_name(name, n)) {
        sbuf_add(b, name, n);
        return;
    }
    sbuf_add(b, "`", 1);
    for (i = 0; i < n; i++)
        sbuf_add(b, name[i] == '`' ? "_" : name + i, 1);
    sbuf_add(b, "`", 1);
}

/* A struct field name: an identifier or a `backquoted` name; canonical: lower case, bare
** when hivetype_plain_name(). */
static int field_name(struct parser *p)
{
    size_t st, n;
    skip_blanks(p);
    if (p->s[p->i] == '`') {
        st = ++p->i;
        while (p->s[p->i] && p->s[p->i] != '`')
            p->i++;
        if (p->s[p->i] != '`')
            return fail_at(p, st - 1, "unterminated `name`");
        if (p->i == st)
            return fail_at(p, st - 1, "empty field name");
        n = p->i - st;
        p->i++;
        if (!hivetype_plain_name(p->s + st, n))
            return emit(p, "`", 1) || emit(p, p->s + st, n) || emit(p, "`", 1) ? -1 : 0;
    } else if (!word(p, &st, &n)) {
        return fail_at(p, p->i, "expected a field name");
    }
    for (; n > 0; n--, st++) {
        char c = (char)lower((unsigned char)p->s[st]);
        if (emit(p, &c, 1) != 0)
            return -1;
    }
    return 0;
}

/* An optional COMMENT 'text' after a struct field (not kept in the canonical form). */
static int field_comment(struct parser *p)
{
    size_t at;
    if (!next_word_is(p, "comment"))
        return 0;
    skip_blanks(p);
    at = p->i;
    if (p->s[p->i] != '\'' && p->s[p->i] != '"')
        return fail_at(p, p->i, "expected a quoted comment");
    {
        char q = p->s[p->i++];
        while (p->s[p->i] && p->s[p->i] != q) {
            if (p->s[p->i] == '\\' && p->s[p->i + 1])
                p->i++;
            p->i++;
        }
        if (p->s[p->i] != q)
            return fail_at(p, at, "unterminated comment");
        p->i++;
    }
    return 0;
}

static int complex_type(struct parser *p, const char *kind)
{
    int prim;
    if (emits(p, kind) != 0 || expect(p, '<') != 0)
        return -1;
    if (strcmp(kind, "array") == 0) {
        if (parse_type(p, &prim) != 0)
            return -1;
    } else if (strcmp(kind, "map") == 0) {
        size_t at;
        skip_blanks(p);
        at = p->i;
        if (parse_type(p, &prim) != 0)
            return -1;
        if (!prim)
            return fail_at(p, at, "a map key must be a primitive type");
        if (expect(p, ',') != 0 || parse_type(p, &prim) != 0)
            return -1;
    } else {
        int is_struct = strcmp(kind, "struct") == 0;
        for (;;) {
            if (is_struct && (field_name(p) != 0 || expect(p, ':') != 0))
                return -1;
            if (parse_type(p, &prim) != 0)
                return -1;
            if (is_struct && field_comment(p) != 0)
                return -1;
            skip_blanks(p);
            if (p->s[p->i] != ',')
                break;
            if (expect(p, ',') != 0)
                return -1;
        }
    }
    skip_blanks(p);
    if (p->s[p->i] != '>') {
        if (p->s[p->i] == '\0')
            return fail_at(p, p->i, "expected '>' but the type ends");
        return fail_at(p, p->i, "expected ',' or '>'");
    }
    p->i++;
    return emit(p, ">", 1);
}

static int parse_type(struct parser *p, int *primitive)
{
    static const struct {
        const char *word, *canon;
    } simple[] = {
        {"tinyint", "tinyint"},
        {"smallint", "smallint"},
        {"int", "int"},
        {"integer", "int"},
        {"bigint", "bigint"},
        {"boolean", "boolean"},
        {"float", "float"},
        {"string", "string"},
        {"date", "date"},
        {"timestamp", "timestamp"},
        {"binary", "binary"},
        {"interval_year_month", "interval_year_month"},
        {"interval_day_time", "interval_day_time"},
    };
    static const char *const complex[] = {"array", "map", "struct", "uniontype"};
    size_t st, n, k;
    int rc = -1;

    if (++p->depth > HIVETYPE_MAX_DEPTH)
        return fail_at(p, p->i, "types nested deeper than %d", HIVETYPE_MAX_DEPTH);
    *primitive = 1;
    if (!word(p, &st, &n)) {
        rc = fail_at(p, p->i, p->s[p->i] ? "expected a type name" : "expected a type");
        goto done;
    }
    for (k = 0; k < sizeof(simple) / sizeof(simple[0]); k++)
        if (word_is(p->s + st, n, simple[k].word)) {
            rc = emits(p, simple[k].canon);
            goto done;
        }
    if (word_is(p->s + st, n, "double")) {
        next_word_is(p, "precision");
        rc = emits(p, "double");
    } else if (word_is(p->s + st, n, "decimal") || word_is(p->s + st, n, "numeric")) {
        rc = decimal_args(p);
    } else if (word_is(p->s + st, n, "char")) {
        rc = length_arg(p, "char", 255);
    } else if (word_is(p->s + st, n, "varchar")) {
        rc = length_arg(p, "varchar", 65535);
    } else if (word_is(p->s + st, n, "interval")) {
        if (next_word_is(p, "year")) {
            if (!next_word_is(p, "to") || !next_word_is(p, "month"))
                rc = fail_at(p, p->i, "expected 'to month'");
            else
                rc = emits(p, "interval_year_month");
        } else if (next_word_is(p, "day")) {
            if (!next_word_is(p, "to") || !next_word_is(p, "second"))
                rc = fail_at(p, p->i, "expected 'to second'");
            else
                rc = emits(p, "interval_day_time");
        } else {
            rc = fail_at(p, p->i, "expected 'year to month' or 'day to second'");
        }
    } else {
        for (k = 0; k < sizeof(complex) / sizeof(complex[0]); k++)
            if (word_is(p->s + st, n, complex[k]))
                break;
        if (k == sizeof(complex) / sizeof(complex[0])) {
            rc = fail_at(p, st, "unknown type '%.*s'", (int)(n > 40 ? 40 : n), p->s + st);
            goto done;
        }
        *primitive = 0;
        rc = complex_type(p, complex[k]);
    }
done:
    p->depth--;
    return rc;
}

int hivetype_parse(const char *s, struct hivetype *out, struct hivetype_error *err)
{
    struct parser p;
    int prim = 0;
    memset(&p, 0, sizeof(p));
    memset(out, 0, sizeof(*out));
    err->pos = 0;
    err->msg[0] = '\0';
    p.s = s ? s : "";
    p.err = err;
    if (strnlen(p.s, HIVETYPE_MAX_LEN + 1) > HIVETYPE_MAX_LEN) {
        fail_at(&p, HIVETYPE_MAX_LEN, "type longer than %d bytes", HIVETYPE_MAX_LEN);
        return -1;
    }
    if (parse_type(&p, &prim) == 0) {
        skip_blanks(&p);
        if (p.s[p.i] != '\0')
            fail_at(&p, p.i, "unexpected text after the type");
    }
    if (p.failed) {
        free(p.out);
        return -1;
    }
    out->primitive = prim;
    out->canon = p.out;
    return 0;
}

void hivetype_release(struct hivetype *t)
{
    if (t == NULL)
        return;
    free(t->canon);
    t->canon = NULL;
}

/* ---- Compatibility ---- */

/* Rank of an integer type (1..4), or 0. */
static int int_rank(const char *c)
{
    static const char *const ints[] = {"tinyint", "smallint", "int", "bigint"};
    int i;
    for (i = 0; i < 4; i++)
        if (strcmp(c, ints[i]) == 0)
            return i + 1;
    return 0;
}

/* Decimal digits an integer type of rank R needs. */
static long int_digits(int r)
{
    static const long d[] = {0, 3, 5, 10, 19};
    return d[r];
}

static int is_decimal(const char *c, long *prec, long *scale)
{
    return sscanf(c, "decimal(%ld,%ld)", prec, scale) == 2;
}

static int primitive_compatible(const char *o, const char *n)
{
    long p1, s1, p2, s2, l1, l2;
    int r1 = int_rank(o), r2 = int_rank(n);
    if (strcmp(n, "string") == 0)
        return 1;
    if (r1 && r2)
        return r2 >= r1;
    if (r1 && strcmp(n, "double") == 0)
        return 1;
    if (r1 && is_decimal(n, &p2, &s2))
        return p2 - s2 >= int_digits(r1);
    if (strcmp(o, "float") == 0 && strcmp(n, "double") == 0)
        return 1;
    if (is_decimal(o, &p1, &s1)) {
        if (strcmp(n, "double") == 0)
            return 1;
        if (is_decimal(n, &p2, &s2))
            return s2 >= s1 && p2 - s2 >= p1 - s1;
    }
    if ((sscanf(o, "varchar(%ld)", &l1) == 1 || sscanf(o, "char(%ld)", &l1) == 1) &&
        sscanf(n, "varchar(%ld)", &l2) == 1)
        return l2 >= l1;
    return 0;
}

int hivetype_compatible(const char *old_type, const char *new_type)
{
    struct hivetype a, b;
    struct hivetype_error e;
    int ok = 0;
    if (hivetype_parse(old_type, &a, &e) != 0)
        return 0;
    if (hivetype_parse(new_type, &b, &e) == 0) {
        ok = strcmp(a.canon, b.canon) == 0 ||
             (a.primitive && b.primitive && primitive_compatible(a.canon, b.canon));
        hivetype_release(&b);
    }
    hivetype_release(&a);
    return ok;
}

/* ---- Policy ---- */

static volatile int policy = HIVETYPE_WARN;
static volatile int evolution;

void hivetype_set_policy(enum hivetype_policy p)
{
    policy = (int)p;
}

enum hivetype_policy hivetype_policy(void)
{
    return (enum hivetype_policy)policy;
}

int hivetype_policy_parse(const char *s, enum hivetype_policy *out)
{
    static const char *const names[] = {"off", "warn", "strict"};
    int i;
    for (i = 0; i < 3; i++)
        if (s && strcmp(s, names[i]) == 0) {
            *out = (enum hivetype_policy)i;
            return 0;
        }
    return -1;
}

void hivetype_set_evolution_check(int on)
{
    evolution = on != 0;
}

int hivetype_evolution_check(void)
{
    return evolution;
}
