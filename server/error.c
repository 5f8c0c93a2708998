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
