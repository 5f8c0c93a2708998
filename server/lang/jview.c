/* jview.c -- a read-only view of JSON text over jsmn's tokens: lookups, iteration, unescaping. */
#define JSMN_STATIC
#define JSMN_STRICT
/* Closing a container finds its opener at once (without: a scan back over every token before
** it, 16 ms instead of 0.5 to tokenize an answer page of 1000 partitions). */
#define JSMN_PARENT_LINKS
#include <jsmn.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang/jview.h"

int jview_parse(struct jview *v, const char *text, size_t len)
{
    jsmn_parser p;
    jsmntok_t *tok;
    unsigned int cap = 64;
    int n, i, j, c, bad;
    memset(v, 0, sizeof(*v));
    if (len > INT_MAX / 2)
        return -1;
    tok = xmalloc(cap * sizeof(*tok));
    jsmn_init(&p);
    /* jsmn resumes where it ran out of tokens */
    while ((n = jsmn_parse(&p, text, len, tok, cap)) == JSMN_ERROR_NOMEM) {
        cap *= 2;
        tok = xrealloc(tok, cap * sizeof(*tok));
    }
    if (n <= 0 || tok[0].end < 0) {
        free(tok);
        return -1;
    }
    v->node = xmalloc((size_t)n * sizeof(*v->node));
    for (i = 0; i < n; i++) {
        v->node[i].type = tok[i].type == JSMN_OBJECT   ? JVIEW_OBJECT
                          : tok[i].type == JSMN_ARRAY  ? JVIEW_ARRAY
                          : tok[i].type == JSMN_STRING ? JVIEW_STRING
                                                       : JVIEW_PRIMITIVE;
        v->node[i].start = tok[i].start;
        v->node[i].end = tok[i].end;
        v->node[i].size = tok[i].size;
    }
    free(tok);
    /* the node after each value: children follow their parent, so from the last one back;
    ** jsmn lets through an object's key without its value and a key in an array: refused */
    for (i = n - 1, bad = 0; i >= 0; i--) {
        int is_obj = v->node[i].type == JVIEW_OBJECT;
        j = i + 1;
        for (c = 0; c < v->node[i].size && j < n; c++) {
            if (v->node[i].type != JVIEW_STRING &&
                (v->node[j].type == JVIEW_STRING && v->node[j].size == 1) != is_obj)
                bad = 1;
            j = v->node[j].after;
        }
        v->node[i].after = j;
    }
    if (bad || v->node[0].after != n) { /* or several values in a row */
        free(v->node);
        v->node = NULL;
        return -1;
    }
    v->text = text;
    v->len = len;
    v->count = n;
    return 0;
}

void jview_release(struct jview *v)
{
    free(v->node);
    memset(v, 0, sizeof(*v));
}

static const struct jview_node *node(const struct jview *v, int n)
{
    return n >= 0 && n < v->count ? &v->node[n] : NULL;
}

int jview_type(const struct jview *v, int n)
{
    const struct jview_node *x = node(v, n);
    return x ? x->type : JVIEW_NONE;
}

int jview_size(const struct jview *v, int n)
{
    const struct jview_node *x = node(v, n);
    return x && (x->type == JVIEW_OBJECT || x->type == JVIEW_ARRAY) ? x->size : 0;
}

int jview_first(const struct jview *v, int n)
{
    return jview_size(v, n) > 0 ? n + 1 : -1;
}

int jview_next(const struct jview *v, int n, int e)
{
    const struct jview_node *p = node(v, n), *x = node(v, e);
    return p && x && e > n && x->after < p->after ? x->after : -1;
}

/* Whether key node K, which holds an escape, says KEY (KLEN bytes). */
static int escaped_key_is(const struct jview *v, int k, const char *key, size_t klen)
{
    struct sbuf scratch = {0};
    size_t len;
    const char *s = jview_str(v, k, &len, &scratch);
    int same = s && len == klen && memcmp(s, key, klen) == 0;
    free(scratch.p);
    return same;
}

int jview_get(const struct jview *v, int n, const char *key)
{
    size_t klen = strlen(key);
    int i, k;
    if (jview_type(v, n) != JVIEW_OBJECT)
        return -1;
    for (i = 0, k = n + 1; i < v->node[n].size && k < v->count; i++, k = v->node[k].after) {
        const struct jview_node *x = &v->node[k];
        size_t raw = (size_t)(x->end - x->start);
        /* compared as it stands (catalogd's keys have no escapes), or unescaped: an escape
        ** makes the text longer than what it stands for */
        if ((raw == klen && memcmp(v->text + x->start, key, klen) == 0) ||
            (raw > klen && memchr(v->text + x->start, '\\', raw) != NULL &&
             escaped_key_is(v, k, key, klen)))
            return k + 1 < v->count ? k + 1 : -1;
    }
    return -1;
}

static int hex4(const char *s, const char *end, unsigned *out)
{
    unsigned u = 0;
    int i;
    if (end - s < 4)
        return -1;
    for (i = 0; i < 4; i++) {
        char c = s[i];
        u <<= 4;
        if (c >= '0' && c <= '9')
            u |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            u |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            u |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = u;
    return 0;
}

const char *jview_str(const struct jview *v, int n, size_t *len, struct sbuf *scratch)
{
    const struct jview_node *x = node(v, n);
    const char *s, *end, *bs;
    *len = 0;
    if (x == NULL || x->type != JVIEW_STRING)
        return NULL;
    s = v->text + x->start;
    end = v->text + x->end;
    if ((bs = memchr(s, '\\', (size_t)(end - s))) == NULL) {
        *len = (size_t)(end - s);
        return s;
    }
    scratch->len = 0;
    sbuf_add(scratch, s, (size_t)(bs - s));
    for (s = bs; s < end;) {
        unsigned u, lo;
        char c;
        if (*s != '\\') {
            bs = memchr(s, '\\', (size_t)(end - s));
            bs = bs ? bs : end;
            sbuf_add(scratch, s, (size_t)(bs - s));
            s = bs;
            continue;
        }
        if (++s >= end)
            break;
        c = *s++;
        switch (c) {
        case 'b':
            c = '\b';
            break;
        case 'f':
            c = '\f';
            break;
        case 'n':
            c = '\n';
            break;
        case 'r':
            c = '\r';
            break;
        case 't':
            c = '\t';
            break;
        case 'u':
            if (hex4(s, end, &u) != 0) {
                u = 0xFFFD;
            } else {
                s += 4;
                if (u >= 0xD800 && u < 0xDC00 && end - s >= 6 && s[0] == '\\' && s[1] == 'u' &&
                    hex4(s + 2, end, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    s += 6;
                } else if ((u >= 0xD800 && u < 0xE000) || u == 0) {
                    u = 0xFFFD;
                }
            }
            sbuf_add_utf8(scratch, u);
            continue;
        default:
            break; /* \" \\ \/ stand for themselves */
        }
        sbuf_add(scratch, &c, 1);
    }
    *len = scratch->len;
    return scratch->p ? scratch->p : "";
}

int jview_is_true(const struct jview *v, int n)
{
    const struct jview_node *x = node(v, n);
    return x && x->type == JVIEW_PRIMITIVE && x->end - x->start == 4 &&
           memcmp(v->text + x->start, "true", 4) == 0;
}

/* N's number text, NUL-terminated (the text need not end after it): BUF when it fits, else a
** new string the caller frees; NULL when N is no number. */
static char *number_text(const struct jview *v, int n, char *buf, size_t size)
{
    const struct jview_node *x = node(v, n);
    size_t len;
    char c, *p;
    if (x == NULL || x->type != JVIEW_PRIMITIVE)
        return NULL;
    c = v->text[x->start];
    if (!(c == '-' || (c >= '0' && c <= '9')))
        return NULL;
    len = (size_t)(x->end - x->start);
    p = len < size ? buf : xmalloc(len + 1);
    memcpy(p, v->text + x->start, len);
    p[len] = '\0';
    return p;
}

double jview_number(const struct jview *v, int n)
{
    char buf[64], *p = number_text(v, n, buf, sizeof(buf));
    double d = p ? strtod(p, NULL) : 0;
    if (p != buf)
        free(p);
    return d;
}

long long jview_integer(const struct jview *v, int n)
{
    char buf[64], *p = number_text(v, n, buf, sizeof(buf));
    long long i = p ? strtoll(p, NULL, 10) : 0;
    if (p != buf)
        free(p);
    return i;
}
