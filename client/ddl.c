/* ddl.c -- Hive/Athena DDL: a tokenizer and recursive-descent parser from statements to Glue
** request members, and the CREATE TABLE writer (see ddl.h for the grammar). */
#include "ddl.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_TEXT (1 << 20) /* longest string literal or type, in bytes */
#define MAX_DEPTH 64       /* nesting of <> and () in a type */

enum tok { T_EOF, T_IDENT, T_QIDENT, T_STRING, T_NUMBER, T_PUNCT };

/* The parser.  Everything it allocates hangs off it, so an error can longjmp out of any depth
** and ddl_parse() frees what was built. */
struct parser {
    const char *src;
    size_t pos;
    int line, col;     /* of the next character */
    enum tok tok;      /* the current token */
    int tline, tcol;   /* where it starts */
    char *val;         /* its text (decoded for strings, as written for others); owned */
    size_t vlen, vcap; /* length and capacity of val */
    char *tb;          /* a type being written; owned */
    size_t tblen, tbcap;
    json_t *out;     /* the statements; owned */
    json_t *scratch; /* values held while parsing goes on (fail() may longjmp); owned */
    char *err;       /* the caller's buffer */
    size_t errn;
    const char *default_db;
    jmp_buf fail;
};

static void fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)))
__attribute__((noreturn));
static void fail(struct parser *p, const char *fmt, ...)
{
    va_list ap;
    int used = snprintf(p->err, p->errn, "line %d, column %d: ", p->tline, p->tcol);
    va_start(ap, fmt);
    if (used >= 0 && (size_t)used < p->errn)
        vsnprintf(p->err + used, p->errn - (size_t)used, fmt, ap);
    va_end(ap);
    longjmp(p->fail, 1);
}

/* Append C to the growable buffer *BUF (*LEN used, *CAP allocated). */
static void grow_put(struct parser *p, char **buf, size_t *len, size_t *cap, char c)
{
    if (*len + 2 > *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        char *nb;
        if (ncap > MAX_TEXT + 2)
            fail(p, "text longer than %d bytes", MAX_TEXT);
        if ((nb = realloc(*buf, ncap)) == NULL)
            fail(p, "out of memory");
        *buf = nb, *cap = ncap;
    }
    (*buf)[(*len)++] = c;
    (*buf)[*len] = '\0';
}

static void val_put(struct parser *p, char c)
{
    grow_put(p, &p->val, &p->vlen, &p->vcap, c);
}

static char peekc(const struct parser *p, size_t ahead)
{
    size_t i;
    for (i = 0; i < ahead; i++)
        if (p->src[p->pos + i] == '\0')
            return '\0';
    return p->src[p->pos + ahead];
}

static char getc_(struct parser *p)
{
    char c = p->src[p->pos];
    if (c == '\0')
        return c;
    p->pos++;
    if (c == '\n')
        p->line++, p->col = 1;
    else
        p->col++;
    return c;
}

/* The token after the current one, into p->tok / p->val. */
static void next(struct parser *p)
{
    char c;
    for (;;) { /* blanks and comments */
        c = peekc(p, 0);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f')
            getc_(p);
        else if (c == '-' && peekc(p, 1) == '-')
            while ((c = peekc(p, 0)) != '\0' && c != '\n')
                getc_(p);
        else if (c == '/' && peekc(p, 1) == '*') {
            p->tline = p->line, p->tcol = p->col;
            getc_(p), getc_(p);
            while (!(peekc(p, 0) == '*' && peekc(p, 1) == '/')) {
                if (peekc(p, 0) == '\0')
                    fail(p, "unterminated comment");
                getc_(p);
            }
            getc_(p), getc_(p);
        } else
            break;
    }
    p->tline = p->line, p->tcol = p->col;
    if (p->val == NULL)
        val_put(p, 'x'); /* allocate: p->val is a string from here on */
    p->vlen = 0;
    p->val[0] = '\0';
    c = peekc(p, 0);
    if (c == '\0') {
        p->tok = T_EOF;
    } else if (isalpha((unsigned char)c) || c == '_') {
        while (isalnum((unsigned char)peekc(p, 0)) || peekc(p, 0) == '_')
            val_put(p, getc_(p));
        p->tok = T_IDENT;
    } else if (isdigit((unsigned char)c) || (c == '-' && isdigit((unsigned char)peekc(p, 1)))) {
        val_put(p, getc_(p));
        while (isalnum((unsigned char)peekc(p, 0)) || peekc(p, 0) == '.' || peekc(p, 0) == '_')
            val_put(p, getc_(p));
        p->tok = T_NUMBER;
    } else if (c == '`') {
        getc_(p);
        for (;;) {
            c = getc_(p);
            if (c == '\0')
                fail(p, "unterminated `identifier`");
            if (c == '`' && peekc(p, 0) == '`')
                getc_(p);
            else if (c == '`')
                break;
            val_put(p, c);
        }
        if (p->vlen == 0)
            fail(p, "empty `identifier`");
        p->tok = T_QIDENT;
    } else if (c == '\'' || c == '"') {
        char q = getc_(p);
        for (;;) {
            c = getc_(p);
            if (c == '\0')
                fail(p, "unterminated string");
            if (c == q)
                break;
            if (c == '\\') {
                c = getc_(p);
                if (c >= '0' && c <= '7') { /* octal: \001 */
                    int v = c - '0', k;
                    for (k = 0; k < 2 && peekc(p, 0) >= '0' && peekc(p, 0) <= '7'; k++)
                        v = v * 8 + (getc_(p) - '0');
                    if (v == 0 || v > 255)
                        fail(p, "invalid octal escape in string");
                    c = (char)v;
                } else if (c == 'n')
                    c = '\n';
                else if (c == 't')
                    c = '\t';
                else if (c == 'r')
                    c = '\r';
                else if (c == '\0')
                    fail(p, "unterminated string");
            }
            val_put(p, c);
        }
        p->tok = T_STRING;
    } else if (strchr("(),.;=<>:", c)) {
        val_put(p, getc_(p));
        p->tok = T_PUNCT;
    } else {
        fail(p, "unexpected character '%c'", isprint((unsigned char)c) ? c : '?');
    }
}

/* Fail with "expected WHAT but found <the current token>". */
static void expected(struct parser *p, const char *what) __attribute__((noreturn));
static void expected(struct parser *p, const char *what)
{
    if (p->tok == T_EOF)
        fail(p, "expected %s but found the end of input", what);
    if (p->tok == T_STRING)
        fail(p, "expected %s but found a string", what);
    fail(p, "expected %s but found '%.64s'", what, p->val);
}

static int is_kw(const struct parser *p, const char *kw)
{
    return p->tok == T_IDENT && strcasecmp(p->val, kw) == 0;
}

static int accept_kw(struct parser *p, const char *kw)
{
    if (!is_kw(p, kw))
        return 0;
    next(p);
    return 1;
}

static void expect_kw(struct parser *p, const char *kw)
{
    if (!accept_kw(p, kw))
        expected(p, kw);
}

static int is_punct(const struct parser *p, char c)
{
    return p->tok == T_PUNCT && p->val[0] == c;
}

static int accept_punct(struct parser *p, char c)
{
    if (!is_punct(p, c))
        return 0;
    next(p);
    return 1;
}

static void expect_punct(struct parser *p, char c)
{
    char what[4] = {'\'', c, '\'', '\0'};
    if (!accept_punct(p, c))
        expected(p, what);
}

/* A string literal's value (a new JSON string); WHAT names it in messages. */
static json_t *string_lit(struct parser *p, const char *what)
{
    json_t *s;
    if (p->tok != T_STRING)
        expected(p, what);
    s = json_stringn(p->val, p->vlen);
    if (s == NULL)
        fail(p, "%s is not valid UTF-8", what);
    json_array_append_new(p->scratch, s); /* held: next() may fail */
    next(p);
    return json_incref(s);
}

/* An identifier: lower-cased unless `quoted`.  A new JSON string. */
static json_t *ident(struct parser *p, const char *what)
{
    json_t *s;
    size_t i;
    if (p->tok == T_IDENT)
        for (i = 0; i < p->vlen; i++)
            p->val[i] = (char)tolower((unsigned char)p->val[i]);
    else if (p->tok != T_QIDENT)
        expected(p, what);
    if ((s = json_stringn(p->val, p->vlen)) == NULL)
        fail(p, "%s is not valid UTF-8", what);
    json_array_append_new(p->scratch, s); /* held: next() may fail */
    next(p);
    return json_incref(s);
}

/* [db.]name into STMT's DB_KEY and NAME_KEY members. */
static void qualified(struct parser *p, json_t *stmt, const char *db_key, const char *name_key)
{
    json_object_set_new(stmt, name_key, ident(p, "a table name"));
    if (accept_punct(p, '.')) {
        json_object_set(stmt, db_key, json_object_get(stmt, name_key));
        json_object_set_new(stmt, name_key, ident(p, "a table name after '.'"));
    } else
        json_object_set_new(stmt, db_key, json_string(p->default_db));
}

/* ---------------------------------------------------------------------------------- types */

static void tb_puts(struct parser *p, const char *s)
{
    while (*s)
        grow_put(p, &p->tb, &p->tblen, &p->tbcap, *s++);
}

const char *ddl_nearest(const char *word, const char *const *choices, size_t n)
{
    size_t wl = strlen(word), k, best_d = 3;
    const char *best = NULL;
    for (k = 0; k < n && wl < 64; k++) {
        size_t cl = strlen(choices[k]), row[65], i, j;
        if (cl >= 64 || (cl > wl ? cl - wl : wl - cl) >= best_d)
            continue;
        for (j = 0; j <= cl; j++)
            row[j] = j;
        for (i = 1; i <= wl; i++) { /* Levenshtein, one row at a time */
            size_t diag = row[0];
            row[0] = i;
            for (j = 1; j <= cl; j++) {
                size_t up = row[j], cost = tolower((unsigned char)word[i - 1]) !=
                                           tolower((unsigned char)choices[k][j - 1]);
                size_t v = diag + cost;
                if (up + 1 < v)
                    v = up + 1;
                if (row[j - 1] + 1 < v)
                    v = row[j - 1] + 1;
                row[j] = v;
                diag = up;
            }
        }
        if (row[cl] < best_d && row[cl] < wl) {
            best_d = row[cl];
            best = choices[k];
        }
    }
    return best;
}

/* Hive's type names (the words its parser takes where a column type starts). */
static const char *const hive_types[] = {"tinyint",
                                         "smallint",
                                         "int",
                                         "integer",
                                         "bigint",
                                         "boolean",
                                         "float",
                                         "double",
                                         "decimal",
                                         "numeric",
                                         "string",
                                         "char",
                                         "varchar",
                                         "date",
                                         "timestamp",
                                         "binary",
                                         "interval",
                                         "interval_year_month",
                                         "interval_day_time",
                                         "array",
                                         "map",
                                         "struct",
                                         "uniontype"};

/* One type at the current token, appended to p->tb. */
static void type_rec(struct parser *p, int depth)
{
    size_t i;
    int struct_type;
    if (depth > MAX_DEPTH)
        fail(p, "type nested deeper than %d", MAX_DEPTH);
    if (p->tok != T_IDENT)
        expected(p, "a type");
    for (i = 0; i < p->vlen; i++)
        p->val[i] = (char)tolower((unsigned char)p->val[i]);
    for (i = 0; i < sizeof hive_types / sizeof hive_types[0]; i++)
        if (strcmp(p->val, hive_types[i]) == 0)
            break;
    if (i == sizeof hive_types / sizeof hive_types[0]) {
        const char *near = ddl_nearest(p->val, hive_types, i);
        fail(p, "'%.64s' is not a Hive type (Hive refuses it: cannot recognize input)%s%s%s",
             p->val, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    }
    struct_type = strcmp(p->val, "struct") == 0;
    tb_puts(p, p->val);
    next(p);
    while (p->tok == T_IDENT && !is_kw(p, "COMMENT")) { /* double precision, interval ... */
        for (i = 0; i < p->vlen; i++)
            p->val[i] = (char)tolower((unsigned char)p->val[i]);
        tb_puts(p, " ");
        tb_puts(p, p->val);
        next(p);
    }
    if (accept_punct(p, '(')) { /* decimal(p,s), varchar(n) */
        tb_puts(p, "(");
        for (;;) {
            if (p->tok != T_NUMBER)
                expected(p, "a number");
            tb_puts(p, p->val);
            next(p);
            if (!accept_punct(p, ','))
                break;
            tb_puts(p, ",");
        }
        expect_punct(p, ')');
        tb_puts(p, ")");
    } else if (accept_punct(p, '<')) {
        tb_puts(p, "<");
        for (;;) {
            if (struct_type) {
                if (p->tok == T_QIDENT) {
                    const char *c;
                    tb_puts(p, "`");
                    for (c = p->val; *c; c++)
                        tb_puts(p, *c == '`' ? "``" : (char[2]){*c, '\0'});
                    tb_puts(p, "`");
                } else if (p->tok == T_IDENT)
                    tb_puts(p, p->val);
                else
                    expected(p, "a field name");
                next(p);
                expect_punct(p, ':');
                tb_puts(p, ":");
            }
            type_rec(p, depth + 1);
            if (struct_type && accept_kw(p, "COMMENT")) {
                json_t *s = string_lit(p, "a comment string");
                json_array_append(p->scratch, s); /* held: tb_puts() may fail */
                const char *c;
                tb_puts(p, " comment '");
                for (c = json_string_value(s); *c; c++) {
                    if (*c == '\'' || *c == '\\')
                        grow_put(p, &p->tb, &p->tblen, &p->tbcap, '\\');
                    grow_put(p, &p->tb, &p->tblen, &p->tbcap, *c);
                }
                json_decref(s);
                tb_puts(p, "'");
            }
            if (!accept_punct(p, ','))
                break;
            tb_puts(p, ",");
        }
        expect_punct(p, '>');
        tb_puts(p, ">");
    }
}

/* (name type [COMMENT 's'], ...) into a new array of Glue Columns, attached to OWNER as KEY. */
static void column_list(struct parser *p, json_t *owner, const char *key)
{
    json_t *cols = json_array();
    json_object_set_new(owner, key, cols);
    expect_punct(p, '(');
    do {
        json_t *col = json_object();
        json_array_append_new(cols, col);
        json_object_set_new(col, "Name", ident(p, "a column name"));
        p->tblen = 0;
        type_rec(p, 0);
        if (json_object_set_new(col, "Type", json_string(p->tb)) != 0)
            fail(p, "a type is not valid UTF-8");
        if (accept_kw(p, "COMMENT"))
            json_object_set_new(col, "Comment", string_lit(p, "a comment string"));
    } while (accept_punct(p, ','));
    expect_punct(p, ')');
}

/* ('k'='v', ...) into OWNER's object KEY (created, or added to). */
static void properties(struct parser *p, json_t *owner, const char *key)
{
    json_t *props = json_object_get(owner, key);
    if (props == NULL)
        json_object_set_new(owner, key, props = json_object());
    expect_punct(p, '(');
    do {
        json_t *k = string_lit(p, "a property name string");
        json_array_append_new(p->scratch, k); /* held */
        expect_punct(p, '=');
        json_object_set_new(props, json_string_value(k), string_lit(p, "a property value string"));
    } while (accept_punct(p, ','));
    expect_punct(p, ')');
}

/* ------------------------------------------------------------------------------ statements */

static const struct {
    const char *name, *in, *out, *serde;
} FORMATS[] = {
    {"PARQUET", "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
     "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
     "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
    {"ORC", "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
     "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
     "org.apache.hadoop.hive.ql.io.orc.OrcSerde"},
    {"AVRO", "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
     "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat",
     "org.apache.hadoop.hive.serde2.avro.AvroSerDe"},
    {"TEXTFILE", "org.apache.hadoop.mapred.TextInputFormat",
     "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
     "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"},
    {"JSONFILE", "org.apache.hadoop.mapred.TextInputFormat",
     "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
     "org.apache.hadoop.hive.serde2.JsonSerDe"},
    {"SEQUENCEFILE", "org.apache.hadoop.mapred.SequenceFileInputFormat",
     "org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat",
     "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"},
    {"RCFILE", "org.apache.hadoop.hive.ql.io.RCFileInputFormat",
     "org.apache.hadoop.hive.ql.io.RCFileOutputFormat",
     "org.apache.hadoop.hive.serde2.columnar.LazyBinaryColumnarSerDe"},
};
#define NFORMATS (sizeof(FORMATS) / sizeof(FORMATS[0]))

/* ROW FORMAT DELIMITED's clauses: keywords, then the SerDe parameter they set. */
static const struct {
    const char *kw1, *kw2, *kw3, *param;
} DELIMS[] = {
    {"FIELDS", "TERMINATED", "BY", "field.delim"},
    {"ESCAPED", "BY", NULL, "escape.delim"},
    {"COLLECTION", "ITEMS", "TERMINATED", "collection.delim"},
    {"MAP", "KEYS", "TERMINATED", "mapkey.delim"},
    {"LINES", "TERMINATED", "BY", "line.delim"},
    {"NULL", "DEFINED", "AS", "serialization.null.format"},
};

static void row_format(struct parser *p, json_t *serde)
{
    size_t i;
    if (accept_kw(p, "SERDE")) {
        json_object_set_new(serde, "SerializationLibrary", string_lit(p, "a SerDe class string"));
        if (accept_kw(p, "WITH")) {
            expect_kw(p, "SERDEPROPERTIES");
            properties(p, serde, "Parameters");
        }
        return;
    }
    if (!accept_kw(p, "DELIMITED"))
        expected(p, "SERDE or DELIMITED");
    json_object_set_new(serde, "SerializationLibrary",
                        json_string("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"));
    json_object_set_new(serde, "Parameters", json_object());
    for (i = 0; i < sizeof(DELIMS) / sizeof(DELIMS[0]); i++) {
        if (!accept_kw(p, DELIMS[i].kw1))
            continue;
        expect_kw(p, DELIMS[i].kw2);
        if (DELIMS[i].kw3)
            expect_kw(p, DELIMS[i].kw3);
        if (strcmp(DELIMS[i].kw3 ? DELIMS[i].kw3 : "", "TERMINATED") == 0)
            expect_kw(p, "BY");
        json_object_set_new(json_object_get(serde, "Parameters"), DELIMS[i].param,
                            string_lit(p, "a delimiter string"));
    }
    if (json_object_size(json_object_get(serde, "Parameters")) == 0)
        json_object_del(serde, "Parameters"); /* as SHOW CREATE TABLE would print it */
}

/* [IF NOT EXISTS] into STMT's IfNotExists. */
static void if_not_exists(struct parser *p, json_t *stmt)
{
    json_object_set_new(stmt, "IfNotExists", json_boolean(accept_kw(p, "IF")));
    if (json_is_true(json_object_get(stmt, "IfNotExists"))) {
        expect_kw(p, "NOT");
        expect_kw(p, "EXISTS");
    }
}

static void create_table(struct parser *p, json_t *stmt, int external)
{
    json_t *ti = json_object(), *sd = json_object(), *serde = json_object();
    size_t i;
    int stored = 0;
    json_object_set_new(stmt, "Statement", json_string("CreateTable"));
    json_object_set_new(stmt, "TableInput", ti); /* everything attached at once: see fail() */
    json_object_set_new(ti, "StorageDescriptor", sd);
    json_object_set_new(sd, "SerdeInfo", serde);
    if_not_exists(p, stmt);
    qualified(p, stmt, "DatabaseName", "Name");
    json_object_set(ti, "Name", json_object_get(stmt, "Name"));
    json_object_del(stmt, "Name");
    json_object_set_new(ti, "TableType",
                        json_string(external ? "EXTERNAL_TABLE" : "MANAGED_TABLE"));
    if (is_punct(p, '('))
        column_list(p, sd, "Columns");
    else
        json_object_set_new(sd, "Columns", json_array());
    if (accept_kw(p, "COMMENT"))
        json_object_set_new(ti, "Description", string_lit(p, "a comment string"));
    if (accept_kw(p, "PARTITIONED")) {
        expect_kw(p, "BY");
        column_list(p, ti, "PartitionKeys");
    } else
        json_object_set_new(ti, "PartitionKeys", json_array());
    if (accept_kw(p, "CLUSTERED")) {
        json_t *cols = json_array();
        json_object_set_new(sd, "BucketColumns", cols);
        expect_kw(p, "BY");
        expect_punct(p, '(');
        do
            json_array_append_new(cols, ident(p, "a column name"));
        while (accept_punct(p, ','));
        expect_punct(p, ')');
        if (accept_kw(p, "SORTED")) {
            json_t *sorts = json_array();
            json_object_set_new(sd, "SortColumns", sorts);
            expect_kw(p, "BY");
            expect_punct(p, '(');
            do {
                json_t *s = json_object();
                json_array_append_new(sorts, s);
                json_object_set_new(s, "Column", ident(p, "a column name"));
                json_object_set_new(
                    s, "SortOrder",
                    json_integer(accept_kw(p, "DESC") ? 0 : (accept_kw(p, "ASC"), 1)));
            } while (accept_punct(p, ','));
            expect_punct(p, ')');
        }
        expect_kw(p, "INTO");
        if (p->tok != T_NUMBER || strspn(p->val, "0123456789") != p->vlen || p->vlen > 6)
            expected(p, "a number of buckets");
        json_object_set_new(sd, "NumberOfBuckets", json_integer(strtol(p->val, NULL, 10)));
        next(p);
        expect_kw(p, "BUCKETS");
    }
    if (accept_kw(p, "ROW")) {
        expect_kw(p, "FORMAT");
        row_format(p, serde);
    }
    if (accept_kw(p, "STORED")) {
        expect_kw(p, "AS");
        stored = 1;
        if (accept_kw(p, "INPUTFORMAT")) {
            json_object_set_new(sd, "InputFormat", string_lit(p, "an input format class string"));
            expect_kw(p, "OUTPUTFORMAT");
            json_object_set_new(sd, "OutputFormat", string_lit(p, "an output format class string"));
        } else {
            for (i = 0; i < NFORMATS; i++)
                if (is_kw(p, FORMATS[i].name))
                    break;
            if (i == NFORMATS)
                expected(p, "PARQUET, ORC, AVRO, TEXTFILE, JSONFILE, SEQUENCEFILE, RCFILE or "
                            "INPUTFORMAT");
            next(p);
            json_object_set_new(sd, "InputFormat", json_string(FORMATS[i].in));
            json_object_set_new(sd, "OutputFormat", json_string(FORMATS[i].out));
            if (!json_object_get(serde, "SerializationLibrary"))
                json_object_set_new(serde, "SerializationLibrary", json_string(FORMATS[i].serde));
        }
    }
    if (!stored) { /* Hive's default: TEXTFILE */
        json_object_set_new(sd, "InputFormat", json_string(FORMATS[3].in));
        json_object_set_new(sd, "OutputFormat", json_string(FORMATS[3].out));
        if (!json_object_get(serde, "SerializationLibrary"))
            json_object_set_new(serde, "SerializationLibrary", json_string(FORMATS[3].serde));
    }
    if (accept_kw(p, "LOCATION"))
        json_object_set_new(sd, "Location", string_lit(p, "a location string"));
    if (accept_kw(p, "TBLPROPERTIES"))
        properties(p, ti, "Parameters");
}

static void create_database(struct parser *p, json_t *stmt)
{
    json_t *di = json_object();
    json_object_set_new(stmt, "Statement", json_string("CreateDatabase"));
    json_object_set_new(stmt, "DatabaseInput", di);
    if_not_exists(p, stmt);
    json_object_set_new(di, "Name", ident(p, "a database name"));
    if (accept_kw(p, "COMMENT"))
        json_object_set_new(di, "Description", string_lit(p, "a comment string"));
    if (accept_kw(p, "LOCATION"))
        json_object_set_new(di, "LocationUri", string_lit(p, "a location string"));
    if (accept_kw(p, "WITH")) {
        expect_kw(p, "DBPROPERTIES");
        properties(p, di, "Parameters");
    }
}

/* PARTITION (k=v, ...) into a new {"Spec": [[k, v], ...]} appended to LIST. */
static json_t *partition_spec(struct parser *p, json_t *list)
{
    json_t *part = json_object(), *spec = json_array();
    json_array_append_new(list, part);
    json_object_set_new(part, "Spec", spec);
    expect_kw(p, "PARTITION");
    expect_punct(p, '(');
    do {
        json_t *kv = json_array();
        json_array_append_new(spec, kv);
        json_array_append_new(kv, ident(p, "a partition key"));
        expect_punct(p, '=');
        if (p->tok == T_NUMBER) {
            json_array_append_new(kv, json_string(p->val));
            next(p);
        } else
            json_array_append_new(kv, string_lit(p, "a partition value"));
    } while (accept_punct(p, ','));
    expect_punct(p, ')');
    return part;
}

static void alter_table(struct parser *p, json_t *stmt)
{
    json_t *parts = json_array();
    json_object_set_new(stmt, "Partitions", parts);
    expect_kw(p, "TABLE");
    qualified(p, stmt, "DatabaseName", "TableName");
    if (accept_kw(p, "ADD")) {
        json_object_set_new(stmt, "Statement", json_string("AddPartitions"));
        if_not_exists(p, stmt);
        do {
            json_t *part = partition_spec(p, parts);
            if (accept_kw(p, "LOCATION"))
                json_object_set_new(part, "Location", string_lit(p, "a location string"));
        } while (is_kw(p, "PARTITION"));
    } else if (accept_kw(p, "DROP")) {
        json_object_set_new(stmt, "Statement", json_string("DropPartitions"));
        json_object_set_new(stmt, "IfExists", json_boolean(accept_kw(p, "IF")));
        if (json_is_true(json_object_get(stmt, "IfExists")))
            expect_kw(p, "EXISTS");
        do
            partition_spec(p, parts);
        while (accept_punct(p, ','));
    } else
        expected(p, "ADD or DROP");
}

static void statement(struct parser *p, json_t *stmt)
{
    if (accept_kw(p, "CREATE")) {
        if (accept_kw(p, "DATABASE") || accept_kw(p, "SCHEMA"))
            create_database(p, stmt);
        else if (accept_kw(p, "EXTERNAL")) {
            expect_kw(p, "TABLE");
            create_table(p, stmt, 1);
        } else if (accept_kw(p, "TABLE"))
            create_table(p, stmt, 0);
        else
            expected(p, "TABLE, EXTERNAL TABLE or DATABASE");
    } else if (accept_kw(p, "DROP")) {
        expect_kw(p, "TABLE");
        json_object_set_new(stmt, "Statement", json_string("DropTable"));
        json_object_set_new(stmt, "IfExists", json_boolean(accept_kw(p, "IF")));
        if (json_is_true(json_object_get(stmt, "IfExists")))
            expect_kw(p, "EXISTS");
        qualified(p, stmt, "DatabaseName", "Name");
        accept_kw(p, "PURGE");
    } else if (accept_kw(p, "ALTER")) {
        alter_table(p, stmt);
    } else if (accept_kw(p, "MSCK")) {
        expect_kw(p, "REPAIR");
        expect_kw(p, "TABLE");
        json_object_set_new(stmt, "Statement", json_string("MsckRepairTable"));
        qualified(p, stmt, "DatabaseName", "TableName");
    } else if (accept_kw(p, "SHOW")) {
        expect_kw(p, "PARTITIONS");
        json_object_set_new(stmt, "Statement", json_string("ShowPartitions"));
        qualified(p, stmt, "DatabaseName", "TableName");
    } else
        expected(p, "CREATE, DROP, ALTER, MSCK or SHOW");
}

int ddl_parse(const char *text, const char *default_db, json_t **out, char *err, size_t n)
{
    struct parser *p = calloc(1, sizeof(*p)); /* owned; on the heap, so longjmp keeps it */
    volatile int rc = -1;                     /* set after setjmp */
    *out = NULL;
    if (p == NULL) {
        snprintf(err, n, "out of memory");
        return -1;
    }
    p->src = text;
    p->line = p->col = 1;
    p->err = err;
    p->errn = n;
    p->default_db = default_db ? default_db : "default";
    p->out = json_array();
    p->scratch = json_array();
    if (setjmp(p->fail) == 0) {
        next(p);
        for (;;) {
            while (accept_punct(p, ';'))
                ;
            if (p->tok == T_EOF)
                break;
            json_t *stmt = json_object();
            json_array_append_new(p->out, stmt);
            statement(p, stmt);
            if (p->tok != T_EOF && !is_punct(p, ';'))
                expected(p, "';' or the end of input");
        }
        if (json_array_size(p->out) == 0)
            expected(p, "a statement");
        *out = p->out;
        p->out = NULL;
        rc = 0;
    }
    json_decref(p->out);
    json_decref(p->scratch);
    free(p->val);
    free(p->tb);
    free(p);
    return rc;
}

/* -------------------------------------------------------------------------------- writing */

struct buf {
    char *s;
    size_t len, cap;
    int oom;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (b->oom)
        return;
    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->oom = 1;
            return;
        }
        if (b->s && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        {
            size_t ncap = (b->cap ? b->cap : 256) * 2 + (size_t)n;
            char *ns = realloc(b->s, ncap);
            if (ns == NULL) {
                b->oom = 1;
                return;
            }
            b->s = ns, b->cap = ncap;
        }
    }
}

/* The text of string J, or DEF. */
static const char *str_of(const json_t *j, const char *def)
{
    return json_is_string(j) ? json_string_value(j) : def;
}

/* S as a Hive string literal. */
static void put_str(struct buf *b, const char *s)
{
    put(b, "'");
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\'' || c == '\\')
            put(b, "\\%c", c);
        else if (c == '\n')
            put(b, "\\n");
        else if (c == '\t')
            put(b, "\\t");
        else if (c == '\r')
            put(b, "\\r");
        else if (c < 0x20 || c == 0x7f)
            put(b, "\\%03o", c);
        else
            put(b, "%c", c);
    }
    put(b, "'");
}

/* NAME as a `quoted` identifier. */
static void put_ident(struct buf *b, const char *name)
{
    put(b, "`");
    for (; name && *name; name++)
        put(b, *name == '`' ? "``" : "%c", *name);
    put(b, "`");
}

static void put_columns(struct buf *b, const json_t *cols)
{
    size_t i;
    const json_t *col;
    put(b, "(\n");
    json_array_foreach(cols, i, col) {
        put(b, "  ");
        put_ident(b, json_string_value(json_object_get(col, "Name")));
        put(b, " %s", str_of(json_object_get(col, "Type"), "string"));
        if (json_is_string(json_object_get(col, "Comment"))) {
            put(b, " COMMENT ");
            put_str(b, json_string_value(json_object_get(col, "Comment")));
        }
        put(b, "%s", i + 1 < json_array_size(cols) ? ",\n" : ")");
    }
}

static void put_properties(struct buf *b, const char *head, const json_t *props)
{
    const char *k;
    json_t *v;
    size_t i = 0;
    if (json_object_size(props) == 0)
        return;
    put(b, "%s (\n", head);
    json_object_foreach((json_t *)props, k, v) {
        put(b, "  ");
        put_str(b, k);
        put(b, "=");
        put_str(b, str_of(v, ""));
        put(b, "%s", ++i < json_object_size(props) ? ",\n" : ")\n");
    }
}

char *ddl_create_table(const json_t *t)
{
    const json_t *sd = json_object_get(t, "StorageDescriptor");
    const json_t *serde = json_object_get(sd, "SerdeInfo"), *c;
    const char *type = json_string_value(json_object_get(t, "TableType"));
    struct buf b = {NULL, 0, 0, 0};
    size_t i;
    put(&b, "CREATE %sTABLE ", type && strcmp(type, "EXTERNAL_TABLE") == 0 ? "EXTERNAL " : "");
    if (json_is_string(json_object_get(t, "DatabaseName"))) {
        put_ident(&b, json_string_value(json_object_get(t, "DatabaseName")));
        put(&b, ".");
    }
    put_ident(&b, json_string_value(json_object_get(t, "Name")));
    if (json_array_size(json_object_get(sd, "Columns"))) {
        put(&b, " ");
        put_columns(&b, json_object_get(sd, "Columns"));
    }
    put(&b, "\n");
    if (json_is_string(json_object_get(t, "Description"))) {
        put(&b, "COMMENT ");
        put_str(&b, json_string_value(json_object_get(t, "Description")));
        put(&b, "\n");
    }
    if (json_array_size(json_object_get(t, "PartitionKeys"))) {
        put(&b, "PARTITIONED BY ");
        put_columns(&b, json_object_get(t, "PartitionKeys"));
        put(&b, "\n");
    }
    if (json_array_size(json_object_get(sd, "BucketColumns"))) {
        put(&b, "CLUSTERED BY (");
        json_array_foreach(json_object_get(sd, "BucketColumns"), i, c) {
            put(&b, "%s", i ? ", " : "");
            put_ident(&b, json_string_value(c));
        }
        put(&b, ")");
        if (json_array_size(json_object_get(sd, "SortColumns"))) {
            put(&b, " SORTED BY (");
            json_array_foreach(json_object_get(sd, "SortColumns"), i, c) {
                put(&b, "%s", i ? ", " : "");
                put_ident(&b, json_string_value(json_object_get(c, "Column")));
                put(&b, json_integer_value(json_object_get(c, "SortOrder")) ? " ASC" : " DESC");
            }
            put(&b, ")");
        }
        put(&b, " INTO %lld BUCKETS\n",
            (long long)json_integer_value(json_object_get(sd, "NumberOfBuckets")));
    }
    if (json_is_string(json_object_get(serde, "SerializationLibrary"))) {
        put(&b, "ROW FORMAT SERDE ");
        put_str(&b, json_string_value(json_object_get(serde, "SerializationLibrary")));
        put(&b, "\n");
        put_properties(&b, "WITH SERDEPROPERTIES", json_object_get(serde, "Parameters"));
    }
    if (json_is_string(json_object_get(sd, "InputFormat"))) {
        put(&b, "STORED AS INPUTFORMAT ");
        put_str(&b, json_string_value(json_object_get(sd, "InputFormat")));
        put(&b, "\nOUTPUTFORMAT ");
        put_str(&b, str_of(json_object_get(sd, "OutputFormat"), ""));
        put(&b, "\n");
    }
    if (json_is_string(json_object_get(sd, "Location"))) {
        put(&b, "LOCATION ");
        put_str(&b, json_string_value(json_object_get(sd, "Location")));
        put(&b, "\n");
    }
    put_properties(&b, "TBLPROPERTIES", json_object_get(t, "Parameters"));
    if (b.oom || b.s == NULL) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
