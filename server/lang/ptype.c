/* ptype.c -- partition key types, typed comparable partition values, and Hive-style partition
** folder names (key=value/, escaped as Hive escapes them); pure C. */
#include "lang/ptype.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

enum ptype ptype_of(const char *hive_type)
{
    static const struct {
        const char *word;
        enum ptype t;
    } words[] = {
        {"tinyint", PT_INTEGER},     {"smallint", PT_INTEGER}, {"int", PT_INTEGER},
        {"integer", PT_INTEGER},     {"bigint", PT_INTEGER},   {"long", PT_INTEGER},
        {"decimal", PT_DECIMAL},     {"numeric", PT_DECIMAL},  {"float", PT_DECIMAL},
        {"double", PT_DECIMAL},      {"real", PT_DECIMAL},     {"date", PT_DATE},
        {"timestamp", PT_TIMESTAMP}, {"boolean", PT_BOOLEAN},
    };
    const char *s = hive_type, *w;
    size_t i, n;

    if (s == NULL)
        return PT_STRING;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    for (w = s; (*w >= 'a' && *w <= 'z') || (*w >= 'A' && *w <= 'Z'); w++)
        ;
    n = (size_t)(w - s);
    /* the type word must end the string or be followed by blanks or "(p,s)" */
    if (*w != '\0' && *w != ' ' && *w != '\t' && *w != '\n' && *w != '\r' && *w != '(')
        return PT_STRING;
    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (util_word_eq(s, n, words[i].word))
            return words[i].t;
    return PT_STRING;
}

const char *ptype_name(enum ptype t)
{
    switch (t) {
    case PT_INTEGER:
        return "integer";
    case PT_DECIMAL:
        return "decimal";
    case PT_DATE:
        return "date";
    case PT_TIMESTAMP:
        return "timestamp";
    case PT_BOOLEAN:
        return "boolean";
    case PT_STRING:
        break;
    }
    return "string";
}

/* Parse 1..MAXD digits at *P (before END) into *V; advances *P.  Returns the count, 0 if none. */
static int digits(const char **p, const char *end, int maxd, int *v)
{
    int n = 0;
    *v = 0;
    while (*p < end && n < maxd && is_digit((unsigned char)**p)) {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Parse "YYYY-M[M]-D[D]" at *P; advances *P past it.  Returns 0, or -1 if not a real date. */
static int parse_date(const char **p, const char *end, int *y, int *m, int *d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (digits(p, end, 4, y) != 4 || *p >= end || **p != '-')
        return -1;
    (*p)++;
    if (digits(p, end, 2, m) == 0 || *p >= end || **p != '-')
        return -1;
    (*p)++;
    if (digits(p, end, 2, d) == 0 || *m < 1 || *m > 12 || *d < 1)
        return -1;
    if (*d > mdays[*m - 1] + (*m == 2 && leap(*y)))
        return -1;
    return 0;
}

static int to_int(const char *s, const char *end, struct pvalue *out)
{
    unsigned long long v = 0, limit = 9223372036854775807ULL;
    int neg = 0;
    if (s < end && (*s == '+' || *s == '-'))
        neg = *s++ == '-';
    if (s == end)
        return -1;
    if (neg)
        limit++;
    for (; s < end; s++) {
        if (!is_digit((unsigned char)*s))
            return -1;
        if (v > (limit - (unsigned long long)(*s - '0')) / 10)
            return -1;
        v = v * 10 + (unsigned long long)(*s - '0');
    }
    out->kind = PV_INT;
    if (neg)
        out->i = v == 0 ? 0 : -(long long)(v - 1) - 1;
    else
        out->i = (long long)v;
    return 0;
}

static int to_real(const char *s, const char *end, struct pvalue *out)
{
    char tmp[512];
    const char *p = s;
    size_t n = (size_t)(end - s), i;
    int mant = 0;
    char *stop;
    double d;
    const struct lconv *lc;

    /* [sign] (digits [. digits*] | . digits) [e [sign] digits]: what strtod takes, minus
    ** hex, inf and nan, and without blanks */
    if (p < end && (*p == '+' || *p == '-'))
        p++;
    while (p < end && is_digit((unsigned char)*p))
        p++, mant++;
    if (p < end && *p == '.') {
        p++;
        while (p < end && is_digit((unsigned char)*p))
            p++, mant++;
    }
    if (mant == 0)
        return -1;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (p == end || !is_digit((unsigned char)*p))
            return -1;
        while (p < end && is_digit((unsigned char)*p))
            p++;
    }
    if (p != end || n >= sizeof(tmp))
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    lc = localeconv(); /* strtod follows LC_NUMERIC; partition values always use '.' */
    if (lc != NULL && lc->decimal_point != NULL && lc->decimal_point[0] != '.' &&
        lc->decimal_point[0] != '\0' && lc->decimal_point[1] == '\0')
        for (i = 0; i < n; i++)
            if (tmp[i] == '.')
                tmp[i] = lc->decimal_point[0];
    d = strtod(tmp, &stop);
    if (stop != tmp + n || !isfinite(d))
        return -1;
    out->kind = PV_REAL;
    out->d = d == 0.0 ? 0.0 : d; /* -0 compares equal to 0 anyway; store one zero */
    return 0;
}

static int to_date(const char *s, const char *end, struct pvalue *out)
{
    int y, m, d;
    if (parse_date(&s, end, &y, &m, &d) != 0 || s != end)
        return -1;
    snprintf(out->buf, sizeof(out->buf), "%04d-%02d-%02d", y, m, d);
    out->kind = PV_TEXT;
    out->text = out->buf;
    out->len = 10;
    return 0;
}

static int to_timestamp(const char *s, const char *end, struct pvalue *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, nf = 0, f = 0;
    if (parse_date(&s, end, &y, &mo, &d) != 0)
        return -1;
    if (s < end) {
        if (*s != ' ' && *s != 'T')
            return -1;
        s++;
        if (digits(&s, end, 2, &h) == 0 || s == end || *s != ':')
            return -1;
        s++;
        if (digits(&s, end, 2, &mi) == 0)
            return -1;
        if (s < end && *s == ':') {
            s++;
            if (digits(&s, end, 2, &sec) == 0)
                return -1;
            if (s < end && *s == '.') {
                s++;
                if ((nf = digits(&s, end, 9, &f)) == 0)
                    return -1;
            }
        }
        if (s != end || h > 23 || mi > 59 || sec > 59)
            return -1;
    }
    while (nf > 0 && nf < 9)
        f *= 10, nf++;
    snprintf(out->buf, sizeof(out->buf), "%04d-%02d-%02d %02d:%02d:%02d.%09d", y, mo, d, h, mi, sec,
             f);
    out->kind = PV_TEXT;
    out->text = out->buf;
    out->len = 29;
    return 0;
}

int ptype_value(enum ptype t, const char *raw, size_t len, struct pvalue *out)
{
    const char *end = raw + len;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    out->kind = PV_NULL;
    if (raw == NULL)
        return -1;
    switch (t) {
    case PT_STRING:
        out->kind = PV_TEXT;
        out->text = raw;
        out->len = len;
        return 0;
    case PT_INTEGER:
        rc = to_int(raw, end, out);
        break;
    case PT_DECIMAL:
        rc = to_real(raw, end, out);
        break;
    case PT_DATE:
        rc = to_date(raw, end, out);
        break;
    case PT_TIMESTAMP:
        rc = to_timestamp(raw, end, out);
        break;
    case PT_BOOLEAN:
        if (util_word_eq(raw, len, "true") || util_word_eq(raw, len, "false")) {
            out->kind = PV_INT;
            out->i = lower((unsigned char)raw[0]) == 't';
            rc = 0;
        }
        break;
    }
    if (rc != 0) {
        memset(out, 0, sizeof(*out));
        out->kind = PV_NULL;
    }
    return rc;
}

/* Append S to B, escaped as Hive's FileUtils.escapePathName escapes a path name. */
static void path_escape(struct sbuf *b, const char *s)
{
    static const char special[] = "\"#%'*/:=?\\{[]^";
    char hex[4];
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 0x01 && c <= 0x1F) || c == 0x7F || strchr(special, c) != NULL) {
            snprintf(hex, sizeof(hex), "%%%02X", c);
            sbuf_add(b, hex, 3);
        } else {
            sbuf_add(b, s, 1);
        }
    }
}

void ptype_path_append(struct sbuf *b, const char *key, const char *value)
{
    path_escape(b, key);
    sbuf_add(b, "=", 1);
    path_escape(b, *value ? value : "__HIVE_DEFAULT_PARTITION__");
    sbuf_add(b, "/", 1);
}
