/* partname.c -- Hive partition names: k=v/k2=v2 with FileUtils.escapePathName's escapes; pure C. */
#include "lang/partname.h"

#include <stdlib.h>
#include <string.h>

/* Whether Hive escapes byte C in a path name (FileUtils.charToEscape, Unix). */
static int escaped(unsigned char c)
{
    return (c >= 0x01 && c <= 0x1F) || c == 0x7F || strchr("\"#%'*/:=?\\{[]^", c) != NULL;
}

void partname_escape(struct sbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i, run = 0;
    if (n == 0) {
        sbuf_adds(b, PARTNAME_DEFAULT);
        return;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char e[3];
        if (c == 0 || !escaped(c))
            continue;
        sbuf_add(b, s + run, i - run);
        e[0] = '%';
        e[1] = hex[c >> 4];
        e[2] = hex[c & 15];
        sbuf_add(b, e, 3);
        run = i + 1;
    }
    sbuf_add(b, s + run, n - run);
}

void partname_make(struct sbuf *b, const char *const *keys, const char *const *values, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (i)
            sbuf_adds(b, "/");
        partname_escape(b, keys[i], strlen(keys[i]));
        sbuf_adds(b, "=");
        partname_escape(b, values[i] ? values[i] : "", values[i] ? strlen(values[i]) : 0);
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* S[0..N) unescaped, as a new string. */
static char *unescape(const char *s, size_t n)
{
    char *out = xmalloc(n + 1), *o = out;
    size_t i;
    for (i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0 &&
            (s[i + 1] != '0' || s[i + 2] != '0')) { /* %00 would cut the C string: kept */
            *o++ = (char)(hexval(s[i + 1]) << 4 | hexval(s[i + 2]));
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

int partname_split(const char *name, char **keys, char **values, int max)
{
    const char *p = name;
    int n = 0, i;
    if (name == NULL || *name == '\0')
        return -1;
    for (;;) {
        const char *end = strchr(p, '/'), *eq;
        size_t len = end ? (size_t)(end - p) : strlen(p);
        eq = memchr(p, '=', len);
        if (eq == NULL || eq == p || n == max)
            goto fail;
        keys[n] = unescape(p, (size_t)(eq - p));
        values[n] = unescape(eq + 1, len - (size_t)(eq - p) - 1);
        n++;
        if (end == NULL)
            return n;
        p = end + 1;
    }
fail:
    for (i = 0; i < n; i++) {
        free(keys[i]);
        free(values[i]);
    }
    return -1;
}
