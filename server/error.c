/* error.c -- struct srv_error, srv_error_set(), CAT_* -> Glue type / HTTP status. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct err_row {
    int code;
    const char *type;
    int glue_status, rest_status;
    const char *msg;
};

static const struct err_row rows[] = {
#define XX(sym, val, type, glue_status, rest_status, msg) {CAT_##sym, type, glue_status, rest_status, msg},
    CAT_ERRNO_MAP(XX)
#undef XX
};

static const struct err_row *find(int code)
{
    size_t i;
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        if (rows[i].code == code && rows[i].type != NULL)
            return &rows[i];
    return NULL;
}

/* Length of the well-formed UTF-8 sequence at S (1..4), or 0 when it is not one. */
static int utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    int n, i;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}

/* Make MSG valid UTF-8 without control characters, in place: bad bytes become '?'.
** Messages quote client input and vsnprintf may cut a character in half. */
static void sanitize(char *msg)
{
    unsigned char *p = (unsigned char *)msg;
    while (*p) {
        int n = utf8_len(p);
        if (n == 0 || *p < 0x20 || *p == 0x7F) {
            *p++ = '?';
            continue;
        }
        p += n;
    }
}

void srv_error_init(struct srv_error *err)
{
    err->code = CAT_OK;
    err->offset = -1;
    err->msg[0] = '\0';
}

int srv_error_set(struct srv_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    if (err == NULL)
        return code;
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    sanitize(err->msg);
    return code;
}

const char *srv_error_glue_type(int code)
{
    const struct err_row *r = find(code);
    return r ? r->type : "InternalServiceException";
}

int srv_error_glue_status(int code)
{
    const struct err_row *r = find(code);
    return r ? r->glue_status : 500;
}

int srv_error_rest_status(int code)
{
    const struct err_row *r = find(code);
    return r ? r->rest_status : 500;
}

const char *srv_error_default_msg(int code)
{
    const struct err_row *r = find(code);
    return r ? r->msg : "internal error";
}
