/* thrift.c -- Thrift TBinaryProtocol: a bounded message scanner, a decoder to a value tree, a
 * writer. */
#include "front/thrift.h"

#include <stdlib.h>
#include <string.h>

const struct thrift_limits thrift_default_limits = {
    16u * 1024 * 1024, /* max_message */
    16u * 1024 * 1024, /* max_string */
    1000000,           /* max_container */
    1000000,           /* max_values */
    64                 /* max_depth */
};

#define VERSION_MASK 0xffff0000u
#define VERSION_1 0x80010000u

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p)
{
    return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* Bytes of a fixed-size value of TYPE, 0 for the others, -1 for a type that does not exist. */
static int fixed_size(int type)
{
    switch (type) {
    case THRIFT_BOOL:
    case THRIFT_BYTE:
        return 1;
    case THRIFT_I16:
        return 2;
    case THRIFT_I32:
        return 4;
    case THRIFT_DOUBLE:
    case THRIFT_I64:
        return 8;
    case THRIFT_STRING:
    case THRIFT_STRUCT:
    case THRIFT_MAP:
    case THRIFT_SET:
    case THRIFT_LIST:
        return 0;
    default:
        return -1;
    }
}

/* The message header at BUF[0..LEN): its length in *HLEN, the name (copied into NAME), type,
** sequence id and form.  THRIFT_OK, THRIFT_MORE, or THRIFT_EBAD with *WHY. */
static int read_header(const unsigned char *buf, size_t len, size_t *hlen, char *name, int *type,
                       int32_t *seqid, int *strict, const char **why)
{
    uint32_t v, n;
    size_t at;
    if (len < 4)
        return THRIFT_MORE;
    v = be32(buf);
    if (v & 0x80000000u) {
        if ((v & VERSION_MASK) != VERSION_1) {
            *why = "Bad version in the message header.";
            return THRIFT_EBAD;
        }
        if (len < 8)
            return THRIFT_MORE;
        n = be32(buf + 4);
        if (n > THRIFT_MAX_NAME) {
            *why = "The method name is too long.";
            return THRIFT_EBAD;
        }
        if (len < 12 + (size_t)n)
            return THRIFT_MORE;
        *type = (int)(v & 0xff);
        at = 8 + n;
        *strict = 1;
        memcpy(name, buf + 8, n);
    } else {
        n = v;
        if (n > THRIFT_MAX_NAME) {
            *why = "Not a Thrift binary protocol message.";
            return THRIFT_EBAD;
        }
        if (len < 9 + (size_t)n)
            return THRIFT_MORE;
        memcpy(name, buf + 4, n);
        *type = buf[4 + n];
        at = 5 + n;
        *strict = 0;
    }
    name[n] = '\0';
    if (memchr(name, '\0', n) != NULL) {
        *why = "The method name holds a NUL byte.";
        return THRIFT_EBAD;
    }
    if (*type < THRIFT_CALL || *type > THRIFT_ONEWAY) {
        *why = "Bad message type.";
        return THRIFT_EBAD;
    }
    *seqid = (int32_t)be32(buf + at);
    *hlen = at + 4;
    return THRIFT_OK;
}

/* ---- the scanner ---- */

void thrift_scan_init(struct thrift_scan *s, const struct thrift_limits *lim)
{
    memset(s, 0, sizeof(*s));
    s->lim = lim ? *lim : thrift_default_limits;
    if (s->lim.max_depth > (int)(sizeof(s->stack) / sizeof(s->stack[0])))
        s->lim.max_depth = (int)(sizeof(s->stack) / sizeof(s->stack[0]));
    s->pending = -1;
}

static int scan_fail(struct thrift_scan *s, int rc, const char *why)
{
    s->why = why;
    return rc;
}

/* Begin a value of TYPE at S->pos: fixed ones and strings are passed whole, structs and
** containers pushed.  THRIFT_OK, THRIFT_MORE (nothing consumed), or a failure. */
static int scan_value(struct thrift_scan *s, const unsigned char *buf, size_t len, int type)
{
    int fs = fixed_size(type);
    size_t avail = len - s->pos;
    struct thrift_scan_frame *f;
    if (fs < 0)
        return scan_fail(s, THRIFT_EBAD, "Unknown field type.");
    if (++s->values > s->lim.max_values) {
        s->values--;
        return scan_fail(s, THRIFT_ELIMIT, "The message holds too many values.");
    }
    if (fs > 0) {
        if (avail < (size_t)fs)
            goto more;
        s->pos += (size_t)fs;
        return THRIFT_OK;
    }
    if (type == THRIFT_STRING) {
        uint32_t n;
        if (avail < 4)
            goto more;
        n = be32(buf + s->pos);
        if (n & 0x80000000u)
            return scan_fail(s, THRIFT_EBAD, "Negative string length.");
        if (n > s->lim.max_string)
            return scan_fail(s, THRIFT_ELIMIT, "A string is longer than the limit.");
        if (avail < 4 + (size_t)n)
            goto more;
        s->pos += 4 + (size_t)n;
        return THRIFT_OK;
    }
    if (s->depth >= s->lim.max_depth)
        return scan_fail(s, THRIFT_ELIMIT, "The message nests too deep.");
    f = &s->stack[s->depth];
    memset(f, 0, sizeof(*f));
    if (type == THRIFT_STRUCT) {
        f->kind = THRIFT_STRUCT;
    } else {
        size_t hl = type == THRIFT_MAP ? 6 : 5;
        uint32_t n;
        if (avail < hl)
            goto more;
        f->kind = type == THRIFT_MAP ? THRIFT_MAP : THRIFT_LIST;
        f->etype = buf[s->pos];
        f->vtype = type == THRIFT_MAP ? buf[s->pos + 1] : 0;
        n = be32(buf + s->pos + hl - 4);
        if (n & 0x80000000u)
            return scan_fail(s, THRIFT_EBAD, "Negative container size.");
        if (n > s->lim.max_container)
            return scan_fail(s, THRIFT_ELIMIT, "A container has more elements than the limit.");
        if (n > 0 && (fixed_size(f->etype) < 0 || f->etype == THRIFT_STOP ||
                      (type == THRIFT_MAP && (fixed_size(f->vtype) < 0 || f->vtype == 0))))
            return scan_fail(s, THRIFT_EBAD, "Unknown element type.");
        f->left = n;
        s->pos += hl;
    }
    s->depth++;
    return THRIFT_OK;
more:
    s->values--;
    return THRIFT_MORE;
}

int thrift_scan(struct thrift_scan *s, const unsigned char *buf, size_t len, size_t *end)
{
    int rc;
    if (!s->started) {
        char name[THRIFT_MAX_NAME + 1];
        int type, strict;
        int32_t seqid;
        size_t hlen;
        rc = read_header(buf, len, &hlen, name, &type, &seqid, &strict, &s->why);
        if (rc != THRIFT_OK)
            return rc;
        s->started = 1;
        s->pos = hlen;
        s->pending = THRIFT_STRUCT; /* the arguments */
    }
    for (;;) {
        struct thrift_scan_frame *f;
        if (s->pos > s->lim.max_message)
            return scan_fail(s, THRIFT_ELIMIT, "The message is longer than the limit.");
        if (s->pending >= 0) {
            if ((rc = scan_value(s, buf, len, s->pending)) != THRIFT_OK)
                return rc;
            s->pending = -1;
        }
        if (s->depth == 0) {
            *end = s->pos;
            return THRIFT_OK;
        }
        f = &s->stack[s->depth - 1];
        if (f->kind == THRIFT_STRUCT) {
            int type;
            if (len - s->pos < 1)
                return THRIFT_MORE;
            type = buf[s->pos];
            if (type == THRIFT_STOP) {
                s->pos++;
                s->depth--;
                continue;
            }
            if (fixed_size(type) < 0)
                return scan_fail(s, THRIFT_EBAD, "Unknown field type.");
            if (len - s->pos < 3)
                return THRIFT_MORE;
            s->pos += 3;
            s->pending = type;
        } else if (f->left == 0) {
            s->depth--;
        } else if (f->kind == THRIFT_LIST) {
            f->left--;
            s->pending = f->etype;
        } else {
            s->pending = f->phase ? f->vtype : f->etype;
            if (f->phase)
                f->left--;
            f->phase ^= 1;
        }
    }
}

/* ---- the decoder ---- */

struct reader {
    const unsigned char *p;
    size_t len, pos;
    const struct thrift_limits *lim;
    size_t values;
    int depth;
    const char *why;
};

static int rfail(struct reader *r, int rc, const char *why)
{
    r->why = why;
    return rc;
}

static int decode_value(struct reader *r, int type, struct thrift_value *v);

/* Children array of N values (N checked against the limits by the caller). */
static struct thrift_value *kids_new(size_t n)
{
    return n ? xcalloc(n, sizeof(struct thrift_value)) : NULL;
}

static int decode_struct(struct reader *r, struct thrift_value *v)
{
    size_t cap = 0;
    v->type = THRIFT_STRUCT;
    for (;;) {
        int type, rc;
        int16_t id;
        if (r->pos >= r->len)
            return THRIFT_MORE;
        type = r->p[r->pos];
        if (type == THRIFT_STOP) {
            r->pos++;
            return THRIFT_OK;
        }
        if (fixed_size(type) < 0)
            return rfail(r, THRIFT_EBAD, "Unknown field type.");
        if (r->len - r->pos < 3)
            return THRIFT_MORE;
        id = (int16_t)((r->p[r->pos + 1] << 8) | r->p[r->pos + 2]);
        r->pos += 3;
        if (v->n == cap) {
            struct thrift_value *nk;
            cap = cap ? cap * 2 : 8;
            nk = xcalloc(cap, sizeof(*nk));
            if (v->n)
                memcpy(nk, v->u.kids, v->n * sizeof(*nk));
            free(v->u.kids);
            v->u.kids = nk;
        }
        v->u.kids[v->n].id = id;
        rc = decode_value(r, type, &v->u.kids[v->n]);
        v->n++; /* released with the others, even half decoded */
        if (rc != THRIFT_OK)
            return rc;
    }
}

static int decode_value(struct reader *r, int type, struct thrift_value *v)
{
    int fs = fixed_size(type), rc = THRIFT_OK;
    size_t avail = r->len - r->pos, i, count;
    int16_t id = v->id;
    memset(v, 0, sizeof(*v));
    v->id = id;
    v->type = (unsigned char)type;
    if (fs < 0)
        return rfail(r, THRIFT_EBAD, "Unknown field type.");
    if (++r->values > r->lim->max_values)
        return rfail(r, THRIFT_ELIMIT, "The message holds too many values.");
    if (fs > 0) {
        const unsigned char *p = r->p + r->pos;
        if (avail < (size_t)fs)
            return THRIFT_MORE;
        r->pos += (size_t)fs;
        switch (type) {
        case THRIFT_BOOL:
            v->u.i = p[0] != 0;
            break;
        case THRIFT_BYTE:
            v->u.i = (int8_t)p[0];
            break;
        case THRIFT_I16:
            v->u.i = (int16_t)(p[0] << 8 | p[1]);
            break;
        case THRIFT_I32:
            v->u.i = (int32_t)be32(p);
            break;
        case THRIFT_I64:
            v->u.i = (int64_t)be64(p);
            break;
        default: {
            uint64_t bits = be64(p);
            memcpy(&v->u.d, &bits, sizeof(bits));
        }
        }
        return THRIFT_OK;
    }
    if (type == THRIFT_STRING) {
        uint32_t n;
        if (avail < 4)
            return THRIFT_MORE;
        n = be32(r->p + r->pos);
        if (n & 0x80000000u)
            return rfail(r, THRIFT_EBAD, "Negative string length.");
        if (n > r->lim->max_string)
            return rfail(r, THRIFT_ELIMIT, "A string is longer than the limit.");
        if (avail - 4 < n)
            return THRIFT_MORE;
        v->u.s = (const char *)r->p + r->pos + 4;
        v->n = n;
        r->pos += 4 + (size_t)n;
        return THRIFT_OK;
    }
    if (r->depth >= r->lim->max_depth)
        return rfail(r, THRIFT_ELIMIT, "The message nests too deep.");
    r->depth++;
    if (type == THRIFT_STRUCT) {
        rc = decode_struct(r, v);
        r->depth--;
        return rc;
    }
    {
        size_t hl = type == THRIFT_MAP ? 6 : 5;
        uint32_t n;
        if (avail < hl) {
            r->depth--;
            return THRIFT_MORE;
        }
        v->etype = r->p[r->pos];
        v->vtype = type == THRIFT_MAP ? r->p[r->pos + 1] : 0;
        n = be32(r->p + r->pos + hl - 4);
        r->pos += hl;
        if (n & 0x80000000u)
            rc = rfail(r, THRIFT_EBAD, "Negative container size.");
        else if (n > r->lim->max_container)
            rc = rfail(r, THRIFT_ELIMIT, "A container has more elements than the limit.");
        else if (n > 0 && (fixed_size(v->etype) < 0 || v->etype == THRIFT_STOP ||
                           (type == THRIFT_MAP && (fixed_size(v->vtype) < 0 || v->vtype == 0))))
            rc = rfail(r, THRIFT_EBAD, "Unknown element type.");
        /* each element takes at least one byte: a count the rest of the message cannot hold is
        ** refused before its array is allocated */
        else if ((count = (size_t)n * (type == THRIFT_MAP ? 2 : 1)) > r->len - r->pos)
            rc = r->len >= r->lim->max_message ? rfail(r, THRIFT_ELIMIT, "The message is too long.")
                                               : THRIFT_MORE;
        else if (count > r->lim->max_values - r->values)
            rc = rfail(r, THRIFT_ELIMIT, "The message holds too many values.");
        if (rc != THRIFT_OK) {
            r->depth--;
            return rc;
        }
        v->u.kids = kids_new(count);
        for (i = 0; i < count && rc == THRIFT_OK; i++) {
            int et = type == THRIFT_MAP && (i & 1) ? v->vtype : v->etype;
            rc = decode_value(r, et, &v->u.kids[i]);
            v->n = (uint32_t)(i + 1);
        }
        r->depth--;
        return rc;
    }
}

void thrift_value_release(struct thrift_value *v)
{
    uint32_t i;
    if (v == NULL)
        return;
    if (v->type == THRIFT_STRUCT || v->type == THRIFT_LIST || v->type == THRIFT_SET ||
        v->type == THRIFT_MAP) {
        for (i = 0; i < v->n; i++)
            thrift_value_release(&v->u.kids[i]);
        free(v->u.kids);
    }
    memset(v, 0, sizeof(*v));
}

void thrift_message_release(struct thrift_message *m)
{
    thrift_value_release(&m->body);
}

int thrift_decode(const unsigned char *buf, size_t len, const struct thrift_limits *lim,
                  struct thrift_message *out, const char **why)
{
    struct reader r;
    size_t hlen;
    int rc;
    memset(out, 0, sizeof(*out));
    memset(&r, 0, sizeof(r));
    r.lim = lim ? lim : &thrift_default_limits;
    *why = NULL;
    if (len > r.lim->max_message) {
        *why = "The message is longer than the limit.";
        return THRIFT_ELIMIT;
    }
    rc = read_header(buf, len, &hlen, out->name, &out->type, &out->seqid, &out->strict, why);
    if (rc != THRIFT_OK)
        return rc;
    r.p = buf;
    r.len = len;
    r.pos = hlen;
    rc = decode_value(&r, THRIFT_STRUCT, &out->body);
    if (rc == THRIFT_OK && r.pos != len)
        rc = rfail(&r, THRIFT_EBAD, "Bytes follow the end of the message.");
    if (rc != THRIFT_OK) {
        thrift_value_release(&out->body);
        *why = rc == THRIFT_MORE ? "The message is truncated." : r.why;
        return rc;
    }
    out->values = r.values;
    return THRIFT_OK;
}

const struct thrift_value *thrift_field(const struct thrift_value *st, int id, int type)
{
    uint32_t i;
    if (st == NULL || st->type != THRIFT_STRUCT)
        return NULL;
    for (i = 0; i < st->n; i++)
        if (st->u.kids[i].id == id)
            return st->u.kids[i].type == type ? &st->u.kids[i] : NULL;
    return NULL;
}

/* ---- the writer ---- */

static void w32(struct sbuf *b, uint32_t v)
{
    char c[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
    sbuf_add(b, c, 4);
}

void thrift_w_message(struct sbuf *b, const char *name, int type, int32_t seqid)
{
    w32(b, VERSION_1 | (uint32_t)type);
    thrift_w_cstring(b, name);
    w32(b, (uint32_t)seqid);
}

void thrift_w_field(struct sbuf *b, int type, int id)
{
    char c[3] = {(char)type, (char)(id >> 8), (char)id};
    sbuf_add(b, c, 3);
}

void thrift_w_stop(struct sbuf *b)
{
    sbuf_add(b, "", 1);
}

void thrift_w_bool(struct sbuf *b, int v)
{
    char c = v ? 1 : 0;
    sbuf_add(b, &c, 1);
}

void thrift_w_byte(struct sbuf *b, int v)
{
    char c = (char)v;
    sbuf_add(b, &c, 1);
}

void thrift_w_i16(struct sbuf *b, int v)
{
    char c[2] = {(char)(v >> 8), (char)v};
    sbuf_add(b, c, 2);
}

void thrift_w_i32(struct sbuf *b, int32_t v)
{
    w32(b, (uint32_t)v);
}

void thrift_w_i64(struct sbuf *b, int64_t v)
{
    w32(b, (uint32_t)((uint64_t)v >> 32));
    w32(b, (uint32_t)v);
}

void thrift_w_double(struct sbuf *b, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof(bits));
    thrift_w_i64(b, (int64_t)bits);
}

void thrift_w_string(struct sbuf *b, const char *s, size_t n)
{
    w32(b, (uint32_t)n);
    if (n)
        sbuf_add(b, s, n);
}

void thrift_w_cstring(struct sbuf *b, const char *s)
{
    thrift_w_string(b, s ? s : "", s ? strlen(s) : 0);
}

void thrift_w_list(struct sbuf *b, int etype, uint32_t n)
{
    thrift_w_byte(b, etype);
    w32(b, n);
}

void thrift_w_map(struct sbuf *b, int ktype, int vtype, uint32_t n)
{
    thrift_w_byte(b, ktype);
    thrift_w_byte(b, vtype);
    w32(b, n);
}

void thrift_w_string_field(struct sbuf *b, int id, const char *s)
{
    if (s == NULL)
        return;
    thrift_w_field(b, THRIFT_STRING, id);
    thrift_w_cstring(b, s);
}

void thrift_w_i32_field(struct sbuf *b, int id, int32_t v)
{
    thrift_w_field(b, THRIFT_I32, id);
    thrift_w_i32(b, v);
}

void thrift_w_app_exception(struct sbuf *b, const char *name, int32_t seqid, int type,
                            const char *message)
{
    thrift_w_message(b, name, THRIFT_EXCEPTION, seqid);
    thrift_w_string_field(b, 1, message ? message : "");
    thrift_w_i32_field(b, 2, type);
    thrift_w_stop(b);
}
