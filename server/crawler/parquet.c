/* parquet.c -- a small, bounded Parquet footer reader: the file's schema as Hive columns and
** its column chunks' compression codec. */
#include "crawler/parquet.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "lang/hivetype.h"

/* ---- Thrift compact protocol ---- */

enum {
    T_STOP,
    T_TRUE,
    T_FALSE,
    T_BYTE,
    T_I16,
    T_I32,
    T_I64,
    T_DOUBLE,
    T_BINARY,
    T_LIST,
    T_SET,
    T_MAP,
    T_STRUCT
};

struct rd {
    const unsigned char *p, *end;
    int failed;
    char *msg;
    size_t n;
};

static int bad(struct rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct rd *r, const char *fmt, ...)
{
    va_list ap;
    if (!r->failed) {
        r->failed = 1;
        va_start(ap, fmt);
        vsnprintf(r->msg, r->n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int varint(struct rd *r, uint64_t *out)
{
    uint64_t v = 0;
    int shift;
    for (shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end)
            return bad(r, "corrupt footer: truncated number");
        v |= (uint64_t)(*r->p & 0x7F) << shift;
        if (!(*r->p++ & 0x80)) {
            *out = v;
            return 0;
        }
    }
    return bad(r, "corrupt footer: number too long");
}

static int zigzag(struct rd *r, int64_t *out)
{
    uint64_t u;
    if (varint(r, &u) != 0)
        return -1;
    *out = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
    return 0;
}

static int byte(struct rd *r, int *out)
{
    if (r->p >= r->end)
        return bad(r, "corrupt footer: truncated");
    *out = *r->p++;
    return 0;
}

/* A binary/string: *S points into the buffer, *LEN bytes. */
static int binary(struct rd *r, const unsigned char **s, size_t *len)
{
    uint64_t n;
    if (varint(r, &n) != 0)
        return -1;
    if (n > (uint64_t)(r->end - r->p))
        return bad(r, "corrupt footer: a string of %llu bytes exceeds the footer",
                   (unsigned long long)n);
    *s = r->p, *len = (size_t)n;
    r->p += n;
    return 0;
}

/* List or set header: element type and count (bounded by the bytes left). */
static int list_header(struct rd *r, int *etype, uint64_t *count)
{
    int b = 0;
    if (byte(r, &b) != 0)
        return -1;
    *etype = b & 0x0F;
    *count = (uint64_t)(b >> 4);
    if (*count == 15 && varint(r, count) != 0)
        return -1;
    if (*count > (uint64_t)(r->end - r->p))
        return bad(r, "corrupt footer: a list of %llu elements exceeds the footer",
                   (unsigned long long)*count);
    return 0;
}

static int skip(struct rd *r, int type, int depth);

static int next_field(struct rd *r, int64_t *last, int64_t *id, int *type);

static int skip_struct(struct rd *r, int depth)
{
    int64_t last = 0, id;
    int type, rc;
    while ((rc = next_field(r, &last, &id, &type)) == 1)
        if (skip(r, type, depth + 1) != 0)
            return -1;
    return rc;
}

static int skip(struct rd *r, int type, int depth)
{
    uint64_t u, i, count;
    const unsigned char *s;
    size_t len;
    int b = 0, et, kt, vt;
    if (depth > PARQUET_MAX_DEPTH)
        return bad(r, "corrupt footer: nested deeper than %d", PARQUET_MAX_DEPTH);
    switch (type) {
    case T_TRUE:
    case T_FALSE:
        return 0;
    case T_BYTE:
        return byte(r, &b);
    case T_I16:
    case T_I32:
    case T_I64:
        return varint(r, &u);
    case T_DOUBLE:
        if (r->end - r->p < 8)
            return bad(r, "corrupt footer: truncated");
        r->p += 8;
        return 0;
    case T_BINARY:
        return binary(r, &s, &len);
    case T_LIST:
    case T_SET:
        if (list_header(r, &et, &count) != 0)
            return -1;
        for (i = 0; i < count; i++)
            if (et == T_TRUE || et == T_FALSE ? byte(r, &b) : skip(r, et, depth + 1))
                return -1;
        return 0;
    case T_MAP:
        if (varint(r, &count) != 0)
            return -1;
        if (count == 0)
            return 0;
        if (count > (uint64_t)(r->end - r->p))
            return bad(r, "corrupt footer: a map exceeds the footer");
        if (byte(r, &b) != 0)
            return -1;
        kt = b >> 4, vt = b & 0x0F;
        for (i = 0; i < count; i++)
            if (skip(r, kt, depth + 1) != 0 || skip(r, vt, depth + 1) != 0)
                return -1;
        return 0;
    case T_STRUCT:
        return skip_struct(r, depth);
    default:
        return bad(r, "corrupt footer: unknown Thrift type %d", type);
    }
}

/* Iterate a struct's fields: *ID and *TYPE of the next field, 0 at its end (T_STOP). */
static int next_field(struct rd *r, int64_t *last, int64_t *id, int *type)
{
    int b = 0;
    if (byte(r, &b) != 0)
        return -1;
    *type = b & 0x0F;
    if (*type == T_STOP)
        return 0;
    if ((b >> 4) == 0) {
        if (zigzag(r, id) != 0)
            return -1;
        if (*id < -32768 || *id > 32767)
            return bad(r, "corrupt footer: field id out of range");
    } else {
        *id = *last + (b >> 4);
    }
    *last = *id;
    return 1;
}

static int read_i32(struct rd *r, int type, int *out)
{
    int64_t v;
    if (type != T_I32 && type != T_I16 && type != T_BYTE)
        return bad(r, "corrupt footer: an integer field has Thrift type %d", type);
    if (type == T_BYTE) {
        int b = 0;
        if (byte(r, &b) != 0)
            return -1;
        *out = (signed char)b;
        return 0;
    }
    if (zigzag(r, &v) != 0)
        return -1;
    if (v < INT32_MIN || v > INT32_MAX)
        return bad(r, "corrupt footer: integer out of range");
    *out = (int)v;
    return 0;
}

/* ---- Schema elements ---- */

struct elem {
    char name[256];
    int type, repetition, children, converted, scale, precision;
    int logical;            /* LogicalType union member id (0: none) */
    int lscale, lprecision; /* DECIMAL */
    int bits, is_signed;    /* INTEGER */
};

/* LogicalType: a union (one struct field) with DECIMAL(1 scale, 2 precision), INTEGER(1 bitWidth
** byte, 2 isSigned bool) or an empty struct. */
static int read_logical(struct rd *r, struct elem *e, int depth)
{
    int64_t last = 0, id, ilast, iid;
    int type, itype, rc;
    while ((rc = next_field(r, &last, &id, &type)) == 1) {
        if (type != T_STRUCT) {
            if (skip(r, type, depth + 1) != 0)
                return -1;
            continue;
        }
        e->logical = (int)id;
        ilast = 0;
        while ((rc = next_field(r, &ilast, &iid, &itype)) == 1) {
            if (id == 5 && iid == 1 && read_i32(r, itype, &e->lscale) != 0)
                return -1;
            else if (id == 5 && iid == 2 && read_i32(r, itype, &e->lprecision) != 0)
                return -1;
            else if (id == 10 && iid == 1 && read_i32(r, itype, &e->bits) != 0)
                return -1;
            else if (id == 10 && iid == 2 && (itype == T_TRUE || itype == T_FALSE))
                e->is_signed = itype == T_TRUE;
            else if (!((id == 5 && (iid == 1 || iid == 2)) || (id == 10 && iid == 1)) &&
                     skip(r, itype, depth + 2) != 0)
                return -1;
        }
        if (rc < 0)
            return -1;
    }
    return rc;
}

static int read_elem(struct rd *r, struct elem *e)
{
    int64_t last = 0, id;
    int type, rc;
    memset(e, 0, sizeof(*e));
    e->type = e->repetition = e->converted = -1;
    e->is_signed = 1;
    while ((rc = next_field(r, &last, &id, &type)) == 1) {
        const unsigned char *s = NULL;
        size_t len = 0;
        switch (id) {
        case 1:
            rc = read_i32(r, type, &e->type);
            break;
        case 3:
            rc = read_i32(r, type, &e->repetition);
            break;
        case 4:
            if (type != T_BINARY)
                return bad(r, "corrupt footer: a column name is not a string");
            if ((rc = binary(r, &s, &len)) == 0) {
                size_t i, k = 0;
                for (i = 0; i < len && k + 1 < sizeof(e->name); i++)
                    e->name[k++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
                e->name[k] = '\0';
            }
            break;
        case 5:
            rc = read_i32(r, type, &e->children);
            break;
        case 6:
            rc = read_i32(r, type, &e->converted);
            break;
        case 7:
            rc = read_i32(r, type, &e->scale);
            break;
        case 8:
            rc = read_i32(r, type, &e->precision);
            break;
        case 10:
            rc = type == T_STRUCT ? read_logical(r, e, 1) : skip(r, type, 1);
            break;
        default:
            rc = skip(r, type, 1);
        }
        if (rc != 0)
            return -1;
    }
    if (rc < 0)
        return -1;
    if (e->children < 0 || e->children > PARQUET_MAX_ELEMENTS)
        return bad(r, "corrupt footer: a group with %d children", e->children);
    return 0;
}

/* ---- Hive types ---- */

struct tree {
    struct elem *e;
    int n, next;
    struct rd *r;
};

static char *hive_primitive(struct rd *r, const struct elem *e)
{
    char buf[48];
    int p = e->logical == 5 ? e->lprecision : e->precision;
    int s = e->logical == 5 ? e->lscale : e->scale;
    if (e->logical == 5 || e->converted == 5) {
        if (p < 1 || p > 38 || s < 0 || s > p) {
            bad(r, "corrupt footer: column %s is decimal(%d,%d)", e->name, p, s);
            return NULL;
        }
        snprintf(buf, sizeof(buf), "decimal(%d,%d)", p, s);
        return xstrdup(buf);
    }
    if (e->logical == 1 || e->logical == 4 || e->logical == 12 || e->logical == 14 ||
        e->converted == 0 || e->converted == 4 || e->converted == 19)
        return xstrdup("string");
    if (e->logical == 6 || e->converted == 6)
        return xstrdup("date");
    if (e->logical == 8 || e->converted == 9 || e->converted == 10 || e->type == 3)
        return xstrdup("timestamp");
    if (e->logical == 10) {
        int w = e->bits > 64 ? 65 : e->bits + (e->is_signed ? 0 : 1); /* no overflow */
        return xstrdup(w <= 8    ? "tinyint"
                       : w <= 16 ? "smallint"
                       : w <= 32 ? "int"
                       : w <= 64 ? "bigint"
                                 : "decimal(20,0)");
    }
    if (e->converted >= 11 && e->converted <= 18) {
        static const char *const ints[] = {"smallint", "int",      "bigint", "decimal(20,0)",
                                           "tinyint",  "smallint", "int",    "bigint"};
        return xstrdup(ints[e->converted - 11]);
    }
    switch (e->type) {
    case 0:
        return xstrdup("boolean");
    case 1:
        return xstrdup("int");
    case 2:
        return xstrdup("bigint");
    case 4:
        return xstrdup("float");
    case 5:
        return xstrdup("double");
    case 6:
    case 7:
        return xstrdup("binary");
    default:
        bad(r, "corrupt footer: column %s has physical type %d", e->name, e->type);
        return NULL;
    }
}

static char *node_type(struct tree *t, int depth);

/* The children of a group as "name:type,..." after PREFIX, closed with ">". */
static char *group_struct(struct tree *t, int nchildren, int depth)
{
    struct sbuf b = {0};
    int i;
    sbuf_adds(&b, "struct<");
    for (i = 0; i < nchildren; i++) {
        char *ct;
        const char *name = t->next < t->n ? t->e[t->next].name : "";
        if (name[0] == '\0')
            name = "col";
        if ((ct = node_type(t, depth + 1)) == NULL) {
            free(b.p);
            return NULL;
        }
        if (i)
            sbuf_adds(&b, ",");
        hivetype_add_field_name(&b, name);
        sbuf_adds(&b, ":");
        sbuf_adds(&b, ct);
        free(ct);
    }
    sbuf_adds(&b, ">");
    return b.p;
}

/* 1 when TY is a primitive Hive type (what a map key may be). */
static int primitive_type(const char *ty)
{
    struct hivetype h;
    struct hivetype_error err;
    int prim;
    if (hivetype_parse(ty, &h, &err) != 0)
        return 0;
    prim = h.primitive;
    hivetype_release(&h);
    return prim;
}

static char *wrap(const char *pre, char *inner, const char *post)
{
    struct sbuf b = {0};
    if (inner == NULL)
        return NULL;
    sbuf_adds(&b, pre);
    sbuf_adds(&b, inner);
    sbuf_adds(&b, post);
    free(inner);
    return b.p;
}

/* The Hive type of element t->next (consuming it and its subtree). */
static char *node_type(struct tree *t, int depth)
{
    struct elem *e;
    char *ty;
    if (depth > PARQUET_MAX_DEPTH) {
        bad(t->r, "corrupt footer: schema nested deeper than %d", PARQUET_MAX_DEPTH);
        return NULL;
    }
    if (t->next >= t->n) {
        bad(t->r, "corrupt footer: the schema has fewer elements than its groups claim");
        return NULL;
    }
    e = &t->e[t->next++];
    if (e->children == 0)
        ty = hive_primitive(t->r, e);
    else if ((e->converted == 3 || e->logical == 3) && e->children == 1) {
        /* LIST: group { repeated group list { element } } or { repeated element } */
        struct elem *rep = t->next < t->n ? &t->e[t->next] : NULL;
        if (rep && rep->children == 1) {
            t->next++;
            ty = wrap("array<", node_type(t, depth + 1), ">");
        } else if (rep && rep->children > 1) {
            t->next++;
            ty = wrap("array<", group_struct(t, rep->children, depth + 1), ">");
        } else {
            ty = wrap("array<", node_type(t, depth + 1), ">");
        }
        return ty; /* the list's own repetition is its nullability */
    } else if ((e->converted == 1 || e->converted == 2 || e->logical == 2) && e->children == 1 &&
               t->next < t->n && t->e[t->next].children == 2) {
        char *k, *v;
        t->next++; /* repeated group key_value { key; value } */
        if ((k = node_type(t, depth + 1)) == NULL)
            return NULL;
        if (!primitive_type(k)) { /* Hive's map keys are primitive: no Hive type reads it */
            bad(t->r, "column %s: a map key of type %.200s is not a primitive type", e->name, k);
            free(k);
            return NULL;
        }
        if ((v = node_type(t, depth + 1)) == NULL) {
            free(k);
            return NULL;
        }
        ty = wrap("map<", k, ",");
        ty = wrap("", ty, v);
        free(v);
        return wrap("", ty, ">");
    } else
        ty = group_struct(t, e->children, depth);
    if (ty && e->repetition == 2) /* REPEATED without a LIST annotation */
        ty = wrap("array<", ty, ">");
    if (ty && strlen(ty) > 65536) {
        free(ty);
        bad(t->r, "schema type of column %s is too large", e->name);
        return NULL;
    }
    return ty;
}

/* ---- Column chunk codecs ---- */

const char *parquet_codec_name(int codec)
{
    static const char *const names[] = {"uncompressed", "snappy", "gzip", "lzo",
                                        "brotli",       "lz4",    "zstd", "lz4_raw"};
    return codec >= 0 && codec < (int)(sizeof(names) / sizeof(names[0])) ? names[codec] : NULL;
}

/* Fold chunk codec C into *ACC (PARQUET_CODEC_NONE, one codec, or PARQUET_CODEC_MIXED). */
static void fold_codec(int *acc, int c)
{
    if (*acc == PARQUET_CODEC_NONE)
        *acc = c;
    else if (*acc != c)
        *acc = PARQUET_CODEC_MIXED;
}

/* The list (field type TYPE) of structs at R, each read by FN(r, arg); other shapes skipped. */
static int struct_list(struct rd *r, int type, int depth, int (*fn)(struct rd *, int *, int),
                       int *arg)
{
    uint64_t count, i;
    int et;
    if (type != T_LIST)
        return skip(r, type, depth);
    if (list_header(r, &et, &count) != 0)
        return -1;
    for (i = 0; i < count; i++)
        if (et == T_STRUCT ? fn(r, arg, depth + 1) : skip(r, et, depth + 1))
            return -1;
    return 0;
}

/* ColumnMetaData: 4 codec (CompressionCodec). */
static int read_column_meta(struct rd *r, int *acc, int depth)
{
    int64_t last = 0, id;
    int type, rc, codec;
    if (depth > PARQUET_MAX_DEPTH)
        return bad(r, "corrupt footer: nested deeper than %d", PARQUET_MAX_DEPTH);
    while ((rc = next_field(r, &last, &id, &type)) == 1) {
        if (id != 4)
            rc = skip(r, type, depth + 1);
        else if ((rc = read_i32(r, type, &codec)) == 0)
            fold_codec(acc, codec < 0 ? PARQUET_CODEC_MIXED : codec);
        if (rc != 0)
            return -1;
    }
    return rc;
}

/* ColumnChunk: 3 meta_data (ColumnMetaData). */
static int read_chunk(struct rd *r, int *acc, int depth)
{
    int64_t last = 0, id;
    int type, rc;
    while ((rc = next_field(r, &last, &id, &type)) == 1)
        if ((id == 3 && type == T_STRUCT ? read_column_meta(r, acc, depth + 1)
                                         : skip(r, type, depth + 1)) != 0)
            return -1;
    return rc;
}

/* RowGroup: 1 columns (list<ColumnChunk>). */
static int read_row_group(struct rd *r, int *acc, int depth)
{
    int64_t last = 0, id;
    int type, rc;
    while ((rc = next_field(r, &last, &id, &type)) == 1)
        if ((id == 1 ? struct_list(r, type, depth + 1, read_chunk, acc)
                     : skip(r, type, depth + 1)) != 0)
            return -1;
    return rc;
}

int parquet_parse_footer(const unsigned char *meta, size_t len, json_t **columns, int *codec,
                         char *msg, size_t n)
{
    struct rd r = {meta, meta + len, 0, msg, n};
    struct tree t = {NULL, 0, 0, &r};
    int64_t last = 0, id;
    int type, rc, i, got_schema = 0, acc = PARQUET_CODEC_NONE;
    *columns = NULL;
    while ((rc = next_field(&r, &last, &id, &type)) == 1) {
        uint64_t count, k;
        int et;
        if (id == 4) { /* row_groups: the column chunks' codecs */
            if (struct_list(&r, type, 1, read_row_group, &acc) != 0)
                goto fail;
            if (got_schema)
                break; /* the schema and the codecs are all we need */
            continue;
        }
        if (id != 2 || type != T_LIST || got_schema) {
            if (skip(&r, type, 1) != 0)
                goto fail;
            continue;
        }
        if (list_header(&r, &et, &count) != 0)
            goto fail;
        if (et != T_STRUCT || count == 0 || count > PARQUET_MAX_ELEMENTS) {
            bad(&r, "corrupt footer: a schema of %llu elements", (unsigned long long)count);
            goto fail;
        }
        t.e = xcalloc((size_t)count, sizeof(*t.e));
        for (k = 0; k < count; k++, t.n++)
            if (read_elem(&r, &t.e[k]) != 0)
                goto fail;
        got_schema = 1;
    }
    if (rc < 0)
        goto fail;
    if (!got_schema) {
        bad(&r, "corrupt footer: no schema");
        goto fail;
    }
    *columns = json_array();
    t.next = 1; /* element 0 is the root group */
    for (i = 0; i < t.e[0].children; i++) {
        const char *name = t.next < t.n ? t.e[t.next].name : "";
        char *ty = node_type(&t, 1);
        struct hivetype h;
        struct hivetype_error err;
        if (ty == NULL)
            goto fail;
        /* only types the catalog's own checker accepts: a file it cannot type is unreadable */
        if (hivetype_parse(ty, &h, &err) != 0) {
            bad(&r, "column %s: no Hive type for it (%s)", name, err.msg);
            free(ty);
            goto fail;
        }
        hivetype_release(&h);
        json_array_append_new(*columns, json_pack("{s:s, s:s}", "Name", name, "Type", ty));
        free(ty);
    }
    if (json_array_size(*columns) == 0) {
        bad(&r, "the schema has no columns");
        goto fail;
    }
    free(t.e);
    if (codec)
        *codec = acc;
    return 0;
fail:
    if (!r.failed)
        bad(&r, "corrupt footer");
    json_decref(*columns);
    *columns = NULL;
    free(t.e);
    return -1;
}

int parquet_read_schema(int fd, long long size, json_t **columns, int *codec, char *msg, size_t n)
{
    unsigned char head[4], tail[8], *meta;
    unsigned long flen;
    int rc;
    *columns = NULL;
    if (size < 12)
        return snprintf(msg, n, "not a Parquet file (%lld bytes)", size), -1;
    if (pread(fd, head, 4, 0) != 4 || pread(fd, tail, 8, (off_t)(size - 8)) != 8)
        return snprintf(msg, n, "cannot read the file"), -1;
    if (memcmp(head, "PAR1", 4) != 0 || memcmp(tail + 4, "PAR1", 4) != 0)
        return snprintf(msg, n, "not a Parquet file (no PAR1 magic)"), -1;
    flen = (unsigned long)tail[0] | (unsigned long)tail[1] << 8 | (unsigned long)tail[2] << 16 |
           (unsigned long)tail[3] << 24;
    if (flen == 0 || (long long)flen > size - 12)
        return snprintf(msg, n,
                        "corrupt Parquet file: footer length %lu does not fit in %lld bytes", flen,
                        size),
               -1;
    if (flen > PARQUET_MAX_FOOTER)
        return snprintf(msg, n, "Parquet footer of %lu bytes is larger than the %u allowed", flen,
                        PARQUET_MAX_FOOTER),
               -1;
    meta = xmalloc(flen);
    if (pread(fd, meta, flen, (off_t)(size - 8 - (long long)flen)) != (ssize_t)flen) {
        free(meta);
        return snprintf(msg, n, "cannot read the Parquet footer"), -1;
    }
    rc = parquet_parse_footer(meta, flen, columns, codec, msg, n);
    free(meta);
    return rc;
}
