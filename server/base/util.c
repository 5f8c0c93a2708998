/* util.c -- xmalloc/xstrdup (abort on OOM), request ids (libuuid), time and text helpers. */
#include "base/util.h"

#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <uuid/uuid.h>
#include <wctype.h>

static void oom(void)
{
    fputs("catalogd: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        oom();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (p == NULL)
        oom();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *np = realloc(p, n ? n : 1);
    if (np == NULL)
        oom();
    return np;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xmalloc(n);
    memcpy(p, s, n);
    return p;
}

/* splitmix64's output function: a bijective mix of a 64-bit counter. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Request ids only need to be unique: libuuid's uuid_generate() made a getrandom() call and
** reseeded random() on every id (10% of catalogd's CPU on small requests).  Each thread
** draws a random 128-bit seed once and then counts: a random (version 4) UUID whose
** uniqueness rests on the seeds. */
void util_uuid(char out[37])
{
    static _Thread_local uint64_t seed[2], n;
    static _Thread_local int seeded;
    uint64_t hi, lo;
    uuid_t u;
    int i;
    if (!seeded) {
        if (getrandom(seed, sizeof(seed), 0) != (ssize_t)sizeof(seed)) {
            uuid_generate(u); /* no getrandom: libuuid's own sources */
            memcpy(seed, u, sizeof(seed));
        }
        seeded = 1;
    }
    n++;
    hi = mix64(seed[0] + n * 0x9e3779b97f4a7c15ULL);
    lo = mix64(seed[1] ^ mix64(n));
    for (i = 0; i < 8; i++) {
        u[i] = (unsigned char)(hi >> (56 - 8 * i));
        u[8 + i] = (unsigned char)(lo >> (56 - 8 * i));
    }
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x40); /* version 4 */
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    uuid_unparse_lower(u, out);
}

static double clock_seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double util_now(void)
{
    return clock_seconds(CLOCK_REALTIME);
}

double util_monotonic(void)
{
    return clock_seconds(CLOCK_MONOTONIC);
}

static locale_t utf8_locale;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;

static void utf8_locale_init(void)
{
    utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* Decode one UTF-8 character at S (valid input assumed: names come from jansson,
** which rejects invalid UTF-8); *N gets its length in bytes. */
static unsigned decode(const unsigned char *s, int *n)
{
    if (s[0] < 0x80)
        return *n = 1, s[0];
    if (s[0] < 0xE0 && s[1])
        return *n = 2, (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    if (s[0] < 0xF0 && s[1] && s[2])
        return *n = 3, (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    if (s[1] && s[2] && s[3])
        return *n = 4, (unsigned)(s[0] & 0x07) << 18 | (unsigned)(s[1] & 0x3F) << 12 |
                           (unsigned)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
    return *n = 1, s[0];
}

static size_t encode(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int util_is_lower_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80 || (*s >= 'A' && *s <= 'Z'))
            return 0;
    return 1;
}

char *util_lower(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), j = 0;
    char *out = xmalloc(4 * len + 1); /* a character never lower-cases to more than 4 bytes */
    pthread_once(&utf8_once, utf8_locale_init);
    while (*p) {
        int n;
        unsigned cp = decode(p, &n);
        if (cp < 0x80)
            out[j++] = (char)(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
        else if (utf8_locale != (locale_t)0)
            j += encode((unsigned)towlower_l((wint_t)cp, utf8_locale), out + j);
        else
            j += encode(cp, out + j);
        p += n;
    }
    out[j] = '\0';
    return out;
}

char *util_hex_encode(const void *in, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *b = in;
    char *out = xmalloc(2 * n + 1);
    size_t i;
    for (i = 0; i < n; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 15];
    }
    out[2 * n] = '\0';
    return out;
}

int util_hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int util_word_eq(const char *s, size_t n, const char *w)
{
    size_t i;
    for (i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (w[i] == '\0' || (c >= 'A' && c <= 'Z' ? c + 32 : c) != w[i])
            return 0;
    }
    return w[n] == '\0';
}

int util_hex_decode(const char *in, char **out, size_t *n)
{
    size_t len = strlen(in), i;
    char *buf;
    *out = NULL;
    if (len % 2 != 0)
        return -1;
    buf = xmalloc(len / 2 + 1);
    for (i = 0; i < len / 2; i++) {
        int hi = util_hexval(in[2 * i]), lo = util_hexval(in[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(buf);
            return -1;
        }
        buf[i] = (char)(hi << 4 | lo);
    }
    buf[len / 2] = '\0';
    *out = buf;
    *n = len / 2;
    return 0;
}

void sbuf_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *np;
        while (cap < b->len + n + 1)
            cap *= 2;
        np = xrealloc(b->p, cap);
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void sbuf_adds(struct sbuf *b, const char *s)
{
    sbuf_add(b, s, strlen(s));
}

void sbuf_add_json_string(struct sbuf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    static const char plain[] = "\"\\\n\t\r", short_esc[] = "\"\\ntr"; /* \" \\ \n \t \r */
    const char *run = s;
    sbuf_add(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        const char *k;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        sbuf_add(b, run, (size_t)(s - run));
        if ((k = strchr(plain, c)) != NULL) {
            char esc[2] = {'\\', short_esc[k - plain]};
            sbuf_add(b, esc, sizeof(esc));
        } else {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            sbuf_add(b, esc, sizeof(esc));
        }
        run = s + 1;
    }
    sbuf_add(b, run, (size_t)(s - run));
    sbuf_add(b, "\"", 1);
}

long util_utf8_decode(const unsigned char *s, size_t len, size_t *i)
{
    unsigned c = s[*i], k, n;
    long cp;

    if (c < 0x80) {
        (*i)++;
        return (long)c;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        cp = c & 0x07;
    } else {
        return -1;
    }
    if (len - *i <= n)
        return -1;
    for (k = 1; k <= n; k++) {
        unsigned d = s[*i + k];
        if ((d & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (long)(d & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    *i += n + 1;
    return cp;
}

void sbuf_add_utf8(struct sbuf *b, unsigned long c)
{
    char u[4];
    size_t n;
    if (c < 0x80) {
        u[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xc0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xe0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[2] = (char)(0x80 | (c & 0x3f));
        n = 3;
    } else {
        u[0] = (char)(0xf0 | ((c >> 18) & 0x07));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[3] = (char)(0x80 | (c & 0x3f));
        n = 4;
    }
    sbuf_add(b, u, n);
}

void sbuf_clip(struct sbuf *b, size_t keep)
{
    size_t n = keep;
    if (b->len <= keep)
        return;
    while (n > 0 && ((unsigned char)b->p[n] & 0xC0) == 0x80) /* cut between characters */
        n--;
    b->len = n;
    sbuf_add(b, "...", 3);
}

unsigned long long util_fnv1a(const char *s)
{
    return util_fnv1a_n(s, s ? strlen(s) : 0);
}

unsigned long long util_fnv1a_n(const void *p, size_t n)
{
    const unsigned char *b = p;
    unsigned long long h = 14695981039346656037ULL; /* the FNV-1a offset basis */
    size_t i;
    for (i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}
