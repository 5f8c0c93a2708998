/* crawl_file.c -- what the crawler learns from one data file: format and columns (Parquet
** footer, CSV header plus type sampling, JSON lines; gzip through zlib). */
#include "crawler/crawl_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "base/util.h"
#include "crawler/parquet.h"
#include "lang/hivetype.h"
#include "lang/ptype.h"

const char *crawl_format_name(enum crawl_format f)
{
    static const char *const names[] = {"unknown", "parquet", "csv", "json"};
    return names[f];
}

void crawl_file_release(struct crawl_file *f)
{
    if (f == NULL)
        return;
    json_decref(f->columns);
    f->columns = NULL;
}

/* ---- Types ---- */

static int is_int_type(const char *t)
{
    return strcmp(t, "tinyint") == 0 || strcmp(t, "smallint") == 0 || strcmp(t, "int") == 0 ||
           strcmp(t, "bigint") == 0;
}

/* 1 when type texts A and B are the same type as written differently (`ip` and ip). */
static int same_type(const char *a, const char *b)
{
    struct hivetype ta, tb;
    struct hivetype_error e;
    int same = 0;
    if (hivetype_parse(a, &ta, &e) != 0)
        return 0;
    if (hivetype_parse(b, &tb, &e) == 0) {
        same = strcmp(ta.canon, tb.canon) == 0;
        hivetype_release(&tb);
    }
    hivetype_release(&ta);
    return same;
}

const char *crawl_wider_type(const char *a, const char *b)
{
    int fa = strcmp(a, "float") == 0 || strcmp(a, "double") == 0;
    int fb = strcmp(b, "float") == 0 || strcmp(b, "double") == 0;
    if (strcmp(a, b) == 0)
        return a;
    if (same_type(a, b)) /* B, as the crawler writes it now: a re-crawl repairs old text */
        return b;
    if (is_int_type(a) && is_int_type(b))
        return "bigint";
    if ((is_int_type(a) || fa) && (is_int_type(b) || fb))
        return "double";
    if ((strcmp(a, "date") == 0 && strcmp(b, "timestamp") == 0) ||
        (strcmp(b, "date") == 0 && strcmp(a, "timestamp") == 0))
        return "timestamp";
    return "string";
}

int crawl_merge_columns(json_t *acc, const json_t *cols)
{
    const json_t *c;
    size_t i, j;
    int changed = 0;
    json_array_foreach(cols, i, c) {
        const char *name = json_string_value(json_object_get(c, "Name"));
        const char *type = json_string_value(json_object_get(c, "Type"));
        json_t *a = NULL;
        if (name == NULL || type == NULL)
            continue;
        json_array_foreach(acc, j, a) {
            if (strcmp(json_string_value(json_object_get(a, "Name")), name) == 0)
                break;
        }
        if (j == json_array_size(acc)) {
            if (json_array_size(acc) < CRAWL_MAX_COLUMNS) {
                json_array_append_new(acc, json_pack("{s:s, s:s}", "Name", name, "Type", type));
                changed++;
            }
        } else {
            const char *old = json_string_value(json_object_get(a, "Type"));
            const char *w = crawl_wider_type(old, type);
            if (strcmp(w, old) != 0) {
                json_object_set_new(a, "Type", json_string(w));
                changed++;
            }
        }
    }
    return changed;
}

/* A column name from header text: lower-cased, blanks trimmed, control characters dropped;
** "col<I>" when nothing is left.  Caller frees. */
static char *column_name(const char *s, size_t len, size_t i)
{
    char *out = xmalloc(len + 16);
    size_t k = 0, j;
    while (len > 0 && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    for (j = 0; j < len; j++) {
        unsigned char c = (unsigned char)s[j];
        if (c < 0x20 || c == 0x7F)
            continue;
        out[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[k] = '\0';
    if (k == 0)
        snprintf(out, len + 16, "col%zu", i);
    return out;
}

/* ---- CSV ---- */

/* Candidate types of a CSV column, narrowed by every non-empty value. */
enum { C_BIGINT = 1, C_DOUBLE = 2, C_BOOLEAN = 4, C_DATE = 8, C_TIMESTAMP = 16 };

static int value_kinds(const char *v, size_t len)
{
    struct pvalue pv;
    int k = 0;
    if (ptype_value(PT_INTEGER, v, len, &pv) == 0)
        k |= C_BIGINT;
    if (ptype_value(PT_DECIMAL, v, len, &pv) == 0)
        k |= C_DOUBLE;
    if (ptype_value(PT_BOOLEAN, v, len, &pv) == 0)
        k |= C_BOOLEAN;
    if (len == 10 && ptype_value(PT_DATE, v, len, &pv) == 0)
        k |= C_DATE;
    if (len > 10 && ptype_value(PT_TIMESTAMP, v, len, &pv) == 0)
        k |= C_TIMESTAMP;
    return k;
}

static const char *kinds_type(int k, int seen)
{
    if (!seen)
        return "string";
    if (k & C_BIGINT)
        return "bigint";
    if (k & C_DOUBLE)
        return "double";
    if (k & C_BOOLEAN)
        return "boolean";
    if (k & C_DATE)
        return "date";
    if (k & C_TIMESTAMP)
        return "timestamp";
    return "string";
}

/* Split the CSV record at *P (up to END) into fields, calling FN for each; advances *P past the
** record's line end.  Quotes ("a ""b"" c") may span lines.  Returns the number of fields. */
typedef void field_fn(void *arg, size_t i, const char *v, size_t len);
static size_t csv_record(const char **p, const char *end, char delim, field_fn *fn, void *arg)
{
    const char *s = *p;
    char *buf = NULL;
    size_t nf = 0, cap = 0, len = 0;
    for (;;) {
        int quoted = 0;
        len = 0;
        if (s < end && *s == '"') {
            quoted = 1;
            s++;
        }
        while (s < end) {
            char c = *s;
            if (quoted) {
                if (c == '"') {
                    if (s + 1 < end && s[1] == '"') {
                        s++;
                    } else {
                        quoted = 0;
                        s++;
                        continue;
                    }
                }
            } else if (c == delim || c == '\n') {
                break;
            }
            if (len + 1 > cap) {
                cap = cap ? cap * 2 : 64;
                buf = xrealloc(buf, cap);
            }
            buf[len++] = c;
            s++;
        }
        if (len > 0 && buf[len - 1] == '\r')
            len--;
        if (nf < CRAWL_MAX_COLUMNS)
            fn(arg, nf, buf ? buf : "", len);
        nf++;
        if (s < end && *s == delim) {
            s++;
            continue;
        }
        if (s < end)
            s++; /* the newline */
        break;
    }
    free(buf);
    *p = s;
    return nf;
}

/* What csv_schema() learns: the first record (a header, or the first row of data) and the
** candidate types of every column below it. */
struct csv_state {
    json_t *first;                      /* the first record's fields, as text */
    int first_kinds[CRAWL_MAX_COLUMNS]; /* value_kinds() of each (0: only a string) */
    int kinds[CRAWL_MAX_COLUMNS];
    int seen[CRAWL_MAX_COLUMNS];
};

static void header_field(void *arg, size_t i, const char *v, size_t len)
{
    struct csv_state *st = arg;
    json_array_append_new(st->first, json_stringn_nocheck(v, len));
    st->first_kinds[i] = len ? value_kinds(v, len) : 0;
    st->kinds[i] = C_BIGINT | C_DOUBLE | C_BOOLEAN | C_DATE | C_TIMESTAMP;
}

static void data_field(void *arg, size_t i, const char *v, size_t len)
{
    struct csv_state *st = arg;
    if (i >= json_array_size(st->first) || len == 0)
        return;
    st->kinds[i] &= value_kinds(v, len);
    st->seen[i] = 1;
}

/* Whether the first record is a header, by the heuristics of Glue's built-in CSV classifier:
** every field of it is only a string (no number, boolean, date or timestamp), not empty and
** under 150 characters (the last may be empty when its column is empty throughout: a trailing
** delimiter), with no control character; and the data rows below are different enough: at
** least one column of them has a type other than string.  ROWS data rows were sampled. */
static int csv_has_header(const struct csv_state *st, size_t rows)
{
    size_t i, n = json_array_size(st->first), k;
    int typed = 0;
    if (rows == 0)
        return 0;
    for (i = 0; i < n; i++) {
        const char *v = json_string_value(json_array_get(st->first, i));
        size_t len = json_string_length(json_array_get(st->first, i));
        if (st->first_kinds[i] != 0 || (len == 0 && (i + 1 < n || st->seen[i])) ||
            (len >= 150 && i + 1 < n))
            return 0;
        for (k = 0; k < len; k++)
            if ((unsigned char)v[k] < 0x20 || v[k] == 0x7F)
                return 0;
        if (st->seen[i] && strcmp(kinds_type(st->kinds[i], 1), "string") != 0)
            typed = 1;
    }
    return typed;
}

static char detect_delim(const char *s, const char *end)
{
    static const char cands[] = ",\t|;";
    size_t counts[4] = {0}, k, best = 0;
    int quoted = 0;
    for (; s < end && (quoted || *s != '\n'); s++) {
        if (*s == '"')
            quoted = !quoted;
        for (k = 0; k < 4 && !quoted; k++)
            counts[k] += *s == cands[k];
    }
    for (k = 1; k < 4; k++)
        if (counts[k] > counts[best])
            best = k;
    return cands[best];
}

static int csv_schema(const char *buf, size_t len, char *delim, int *header, json_t **columns,
                      char *msg, size_t n)
{
    const char *p = buf, *end = buf + len;
    struct csv_state *st = xcalloc(1, sizeof(*st));
    size_t i, rows = 0;
    *delim = detect_delim(buf, end);
    st->first = json_array();
    csv_record(&p, end, *delim, header_field, st);
    while (p < end && rows < CRAWL_SAMPLE_ROWS) {
        if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
            p += *p == '\r' ? 2 : 1;
            continue;
        }
        csv_record(&p, end, *delim, data_field, st);
        rows++;
    }
    *header = csv_has_header(st, rows);
    *columns = json_array();
    for (i = 0; i < json_array_size(st->first); i++) {
        const json_t *f = json_array_get(st->first, i);
        char *name;
        json_t *dup;
        size_t j;
        if (*header) {
            name = column_name(json_string_value(f), json_string_length(f), i);
        } else { /* the first record is data: its values type the columns too */
            name = column_name("", 0, i);
            if (json_string_length(f) > 0) {
                st->kinds[i] &= st->first_kinds[i];
                st->seen[i] = 1;
            }
        }
        json_array_foreach(*columns, j, dup) {
            if (strcmp(json_string_value(json_object_get(dup, "Name")), name) == 0)
                break;
        }
        if (j < json_array_size(*columns)) {
            snprintf(msg, n, "CSV header names column %s twice", name);
            free(name);
            json_decref(*columns);
            *columns = NULL;
            break;
        }
        json_array_append_new(*columns, json_pack("{s:s, s:s}", "Name", name, "Type",
                                                  kinds_type(st->kinds[i], st->seen[i])));
        free(name);
    }
    json_decref(st->first);
    free(st);
    return *columns ? 0 : -1;
}

/* ---- JSON lines ---- */

#define JSON_TYPE_DEPTH 16
#define JSON_TYPE_MAX 8192

/* The Hive type of JSON value V (NULL for null), as a new string. */
static char *json_hive_type(const json_t *v, int depth)
{
    struct sbuf b = {0};
    if (depth > JSON_TYPE_DEPTH)
        return xstrdup("string");
    switch (json_typeof(v)) {
    case JSON_INTEGER:
        return xstrdup("bigint");
    case JSON_REAL:
        return xstrdup("double");
    case JSON_TRUE:
    case JSON_FALSE:
        return xstrdup("boolean");
    case JSON_STRING:
        return xstrdup("string");
    case JSON_NULL:
        return NULL;
    case JSON_ARRAY: {
        size_t i;
        const json_t *e;
        char *et = NULL;
        json_array_foreach(v, i, e) {
            if ((et = json_hive_type(e, depth + 1)) != NULL)
                break;
        }
        sbuf_adds(&b, "array<");
        sbuf_adds(&b, et ? et : "string");
        sbuf_adds(&b, ">");
        free(et);
        break;
    }
    case JSON_OBJECT: {
        const char *k;
        const json_t *e;
        int first = 1;
        sbuf_adds(&b, "struct<");
        json_object_foreach((json_t *)v, k, e) {
            char *et = json_hive_type(e, depth + 1), *name = column_name(k, strlen(k), 0);
            if (!first)
                sbuf_adds(&b, ",");
            first = 0;
            hivetype_add_field_name(&b, name);
            sbuf_adds(&b, ":");
            sbuf_adds(&b, et ? et : "string");
            free(et);
            free(name);
            if (b.len > JSON_TYPE_MAX)
                break;
        }
        if (first) {
            free(b.p);
            return xstrdup("string"); /* {}: Hive has no empty struct */
        }
        sbuf_adds(&b, ">");
        break;
    }
    }
    if (b.len > JSON_TYPE_MAX) {
        free(b.p);
        return xstrdup("string");
    }
    return b.p;
}

static int json_schema(const char *buf, size_t len, json_t **columns, char *msg, size_t n)
{
    const char *p = buf, *end = buf + len;
    size_t rows = 0, lineno = 0;
    json_t *cols = json_array(), *untyped = json_array();
    while (p < end && rows < CRAWL_SAMPLE_ROWS) {
        const char *nl = memchr(p, '\n', (size_t)(end - p)), *q;
        size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
        json_error_t jerr;
        json_t *o, *v;
        const char *k;
        lineno++;
        for (q = p; q < p + ll && (*q == ' ' || *q == '\t' || *q == '\r'); q++)
            ;
        if (q == p + ll) {
            p += ll + 1;
            continue;
        }
        o = json_loadb(p, ll, JSON_REJECT_DUPLICATES, &jerr);
        if (!json_is_object(o)) {
            if (nl == NULL && rows > 0) { /* the sample cut the last line */
                json_decref(o);
                break;
            }
            snprintf(msg, n, "line %zu is not a JSON object%s%.100s", lineno, o ? "" : ": ",
                     o ? "" : jerr.text);
            json_decref(o);
            json_decref(cols);
            json_decref(untyped);
            return -1;
        }
        json_object_foreach(o, k, v) {
            char *name = column_name(k, strlen(k), json_array_size(cols));
            char *t = json_hive_type(v, 0);
            json_t *one = json_pack("[{s:s, s:s}]", "Name", name, "Type", t ? t : "string");
            if (t)
                crawl_merge_columns(cols, one);
            else
                crawl_merge_columns(untyped, one);
            json_decref(one);
            free(t);
            free(name);
        }
        json_decref(o);
        rows++;
        p += ll + 1;
    }
    /* names only ever null: string; in the order first seen among the typed ones' tail */
    {
        size_t i, j;
        json_t *u, *c;
        json_array_foreach(untyped, i, u) {
            const char *name = json_string_value(json_object_get(u, "Name"));
            json_array_foreach(cols, j, c) {
                if (strcmp(json_string_value(json_object_get(c, "Name")), name) == 0)
                    break;
            }
            if (j == json_array_size(cols) && j < CRAWL_MAX_COLUMNS)
                json_array_append(cols, u);
        }
    }
    json_decref(untyped);
    if (json_array_size(cols) == 0) {
        json_decref(cols);
        snprintf(msg, n, "no JSON keys found");
        return -1;
    }
    *columns = cols;
    return 0;
}

int crawl_text_schema(const char *buf, size_t len, enum crawl_format *format, char *delim,
                      int *header, json_t **columns, char *msg, size_t n)
{
    size_t i;
    *columns = NULL;
    *format = CRAWL_UNKNOWN;
    *delim = 0;
    *header = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        buf += 3, len -= 3;
    if (memchr(buf, '\0', len) != NULL)
        return snprintf(msg, n, "not a Parquet, CSV or JSON file (binary content)"), -1;
    for (i = 0; i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n');
         i++)
        ;
    if (i == len)
        return snprintf(msg, n, "empty file"), -1;
    if (buf[i] == '{') {
        *format = CRAWL_JSON;
        return json_schema(buf + i, len - i, columns, msg, n);
    }
    *format = CRAWL_CSV;
    return csv_schema(buf, len, delim, header, columns, msg, n);
}

/* ---- Files ---- */

/* Read up to CRAWL_SAMPLE_BYTES of FD's content into *BUF (gunzipped when GZ, reading at most
** CRAWL_SAMPLE_INPUT_BYTES of it). */
static int read_sample(int fd, int gz, char **buf, size_t *len, char *msg, size_t n)
{
    size_t cap = CRAWL_SAMPLE_BYTES;
    char *out = xmalloc(cap);
    unsigned char in[65536];
    size_t got = 0, read_in = 0;
    ssize_t r;
    z_stream zs;
    int zrc = Z_OK;
    *buf = NULL;
    if (!gz) {
        while (got < cap && (r = read(fd, out + got, cap - got)) > 0)
            got += (size_t)r;
        if (r < 0 && got == 0) {
            free(out);
            return snprintf(msg, n, "cannot read: %s", strerror(errno)), -1;
        }
        *buf = out, *len = got;
        return 0;
    }
    memset(&zs, 0, sizeof(zs));
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        free(out);
        return snprintf(msg, n, "cannot start gunzip"), -1;
    }
    zs.next_out = (unsigned char *)out;
    zs.avail_out = (uInt)cap;
    while (zs.avail_out > 0 && zrc != Z_STREAM_END) {
        if (zs.avail_in == 0) {
            if (read_in >= CRAWL_SAMPLE_INPUT_BYTES || (r = read(fd, in, sizeof(in))) <= 0)
                break;
            read_in += (size_t)r;
            zs.next_in = in;
            zs.avail_in = (uInt)r;
        }
        zrc = inflate(&zs, Z_NO_FLUSH);
        if (zrc == Z_STREAM_END && zs.avail_in > 0 && zs.avail_out > 0) {
            inflateReset(&zs); /* concatenated members */
            zrc = Z_OK;
        }
        if (zrc != Z_OK && zrc != Z_STREAM_END) {
            inflateEnd(&zs);
            free(out);
            return snprintf(msg, n, "corrupt gzip data (%s)", zs.msg ? zs.msg : "inflate failed"),
                   -1;
        }
    }
    got = cap - zs.avail_out;
    inflateEnd(&zs);
    *buf = out, *len = got;
    return 0;
}

int crawl_file_read(const char *path, struct crawl_file *out, char *msg, size_t n)
{
    unsigned char magic[4] = {0};
    struct stat sb;
    char *buf = NULL;
    size_t len = 0;
    ssize_t got;
    int fd, rc = -1;
    memset(out, 0, sizeof(*out));
    out->codec = PARQUET_CODEC_NONE;
    if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
        return snprintf(msg, n, "cannot open: %s", strerror(errno)), -1;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        snprintf(msg, n, "not a regular file");
        goto done;
    }
    got = pread(fd, magic, 4, 0);
    if (got == 4 && memcmp(magic, "PAR1", 4) == 0) {
        out->format = CRAWL_PARQUET;
        rc = parquet_read_schema(fd, (long long)sb.st_size, &out->columns, &out->codec, msg, n);
        goto done;
    }
    out->gzip = got >= 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    if (read_sample(fd, out->gzip, &buf, &len, msg, n) != 0)
        goto done;
    rc =
        crawl_text_schema(buf, len, &out->format, &out->delim, &out->header, &out->columns, msg, n);
done:
    if (rc != 0)
        json_decref(out->columns), out->columns = NULL;
    free(buf);
    close(fd);
    return rc;
}
