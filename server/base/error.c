/* error.c -- struct srv_error, srv_error_set(); the one table of CAT_* codes on every front. */
#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/*
** The server's columns for every code of CAT_ERRNO_MAP (client/catalog.h), joined to the
** code's public row by name below: a code added there without its line here does not compile.
**
**   W_<code>  Glue status, REST status, REST code (NULL: the Glue type), Iceberg type, status
**
** Glue answers client errors with 400 as AWS does (403 and 413 aside), faults with 5xx.  Iceberg
** (see error.h): 409 conflicts that are not "already exists" are CommitFailedException; AWS
** throttling is SlowDownException / 503 as in the spec's example; not-found of resources that
** are neither tables nor namespaces is NotFoundException.  Client-side codes have no row on
** the wire: zeros and NULLs.
*/
#define W_EINVAL 400, 400, NULL, "BadRequestException", 400
#define W_ENOTFOUND 400, 404, NULL, "NoSuchTableException", 404 /* NoSuchNamespace: error.h */
#define W_EEXISTS 400, 409, NULL, "AlreadyExistsException", 409
#define W_ECONCURRENT 400, 409, NULL, "CommitFailedException", 409
#define W_ELIMIT 400, 400, NULL, "BadRequestException", 400
#define W_ETIMEOUT 400, 503, NULL, "ServiceUnavailableException", 503
#define W_EUNKNOWNOP 400, 404, NULL, "UnsupportedOperationException", 406
#define W_EREQUESTTOOBIG 413, 413, NULL, "BadRequestException", 413
#define W_EINTERNAL 500, 500, NULL, "ServerErrorException", 500
#define W_ENOMEM 500, 500, NULL, "ServerErrorException", 500
#define W_ETRANSPORT 0, 0, NULL, NULL, 0
#define W_EPROTO 0, 0, NULL, NULL, 0
#define W_ITEROVER 0, 0, NULL, NULL, 0
#define W_EUNKNOWNTYPE 0, 0, NULL, NULL, 0
#define W_ERESPONSETOOBIG 0, 0, NULL, NULL, 0
#define W_EACCESS 400, 403, NULL, "ForbiddenException", 403 /* AWS: 400 */
#define W_EVALIDATION 400, 400, NULL, "BadRequestException", 400
#define W_ETHROTTLED 400, 429, NULL, "SlowDownException", 503
#define W_ESTATECONFLICT 400, 409, NULL, "CommitFailedException", 409
#define W_ENOTREADY 400, 409, NULL, "CommitFailedException", 409
#define W_EBADSTATE 400, 409, NULL, "CommitFailedException", 409
#define W_EENCRYPTION 400, 400, NULL, "BadRequestException", 400
#define W_EIDEMPOTENT 400, 409, NULL, "UnprocessableEntityException", 422
#define W_ETOOMANYRUNS 400, 429, NULL, "SlowDownException", 503
#define W_EVERSIONMISMATCH 400, 409, NULL, "CommitFailedException", 409
#define W_ECONDITION 400, 412, NULL, "CommitFailedException", 409
#define W_ERESNOTFOUND 400, 404, NULL, "NotFoundException", 404
#define W_ENOTSUPPORTED 400, 400, NULL, "UnsupportedOperationException", 406
#define W_EPERMTYPE 400, 400, NULL, "BadRequestException", 400
#define W_EFEDSOURCE 400, 502, NULL, "ServerErrorException", 502
#define W_EFEDRETRY 400, 503, NULL, "ServiceUnavailableException", 503
#define W_EFEDEXISTS 400, 409, NULL, "AlreadyExistsException", 409
#define W_ESERVERFAULT 500, 500, NULL, "ServerErrorException", 500
#define W_ECRAWLERRUNNING 400, 409, NULL, "CommitFailedException", 409
#define W_ECRAWLERNOTRUNNING 400, 409, NULL, "CommitFailedException", 409
#define W_ECRAWLERSTOPPING 400, 409, NULL, "CommitFailedException", 409
#define W_ESCHEDRUNNING 400, 409, NULL, "CommitFailedException", 409
#define W_ESCHEDNOTRUNNING 400, 409, NULL, "CommitFailedException", 409
#define W_ESCHEDTRANSITION 400, 409, NULL, "CommitFailedException", 409
#define W_ENOSCHEDULE 400, 400, NULL, "BadRequestException", 400
#define W_EBLUEPRINTSTATE 400, 409, NULL, "CommitFailedException", 409
#define W_ESESSIONSTATE 400, 409, NULL, "CommitFailedException", 409
#define W_EWORKFLOWSTATE 400, 409, NULL, "CommitFailedException", 409
#define W_EMLNOTREADY 400, 409, NULL, "CommitFailedException", 409
#define W_ESTATSRUNNING 400, 409, NULL, "CommitFailedException", 409
#define W_ESTATSNOTRUNNING 400, 409, NULL, "CommitFailedException", 409
#define W_ESTATSSTOPPING 400, 409, NULL, "CommitFailedException", 409
#define W_EMVRUNNING 400, 409, NULL, "CommitFailedException", 409
#define W_EMVNOTRUNNING 400, 409, NULL, "CommitFailedException", 409
#define W_EMVSTOPPING 400, 409, NULL, "CommitFailedException", 409
#define W_EINTEGCONFLICT 400, 409, NULL, "CommitFailedException", 409
#define W_EINTEGNOTFOUND 400, 404, NULL, "NotFoundException", 404
#define W_EINTEGQUOTA 400, 400, NULL, "BadRequestException", 400
#define W_EINTEGSTATE 400, 409, NULL, "CommitFailedException", 409
#define W_EKMSKEY 400, 400, NULL, "BadRequestException", 400
#define W_ETARGETNOTFOUND 400, 404, NULL, "NotFoundException", 404
#define W_EAUTH 400, 401, NULL, "NotAuthorizedException", 401
#define W_ESIGNATURE 400, 401, NULL, "NotAuthorizedException", 401
#define W_EEXPIRED 400, 401, NULL, "NotAuthorizedException", 401
#define W_EUNAVAILABLE 503, 503, NULL, "ServiceUnavailableException", 503
#define W_EUNSIGNED 403, 401, NULL, "NotAuthorizedException", 401
#define W_EINCOMPLETESIG 400, 401, NULL, "NotAuthorizedException", 401

/* How a code looks on the wire, beside the Glue type and message (one W_<code> line). */
struct wire {
    int glue_status, rest_status;
    const char *rest_code; /* NULL: the Glue type */
    const char *iceberg_type;
    int iceberg_status;
};

struct err_row {
    int code;
    const char *type; /* Glue "__type"; NULL: never on the wire */
    const char *msg;  /* default message */
    struct wire w;
};

static const struct err_row rows[] = {
#define XX(sym, val, type, msg) {CAT_##sym, type, msg, {W_##sym}},
    CAT_ERRNO_MAP(XX)
#undef XX
};

/* The wire row of CODE, or NULL for client-side codes, CAT_OK and unknown values. */
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
    err->path[0] = '\0';
    err->path_at = -1;
    err->retry = 0;
}

int srv_error_set(struct srv_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    if (err == NULL)
        return code;
    err->code = code;
    err->retry = 0;
    err->path[0] = '\0';
    err->path_at = -1;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    sanitize(err->msg);
    return code;
}

int srv_error_set_member(struct srv_error *err, int code, const char *head, const char *path,
                         const char *tail)
{
    size_t at = strlen(head) + 5, n = strlen(path); /* 5: " at '" */
    if (err == NULL)
        return code;
    srv_error_set(err, code, "%s at '%s'%s", head, path, tail);
    if (n < sizeof(err->path) && at + n < strlen(err->msg) && err->msg[at + n] == '\'') {
        memcpy(err->path, err->msg + at, n); /* as sanitized in the message */
        err->path[n] = '\0';
        err->path_at = (int)at;
    }
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
    return r ? r->w.glue_status : 500;
}

int srv_error_rest_status(int code)
{
    const struct err_row *r = find(code);
    return r ? r->w.rest_status : 500;
}

const char *srv_error_rest_code(int code)
{
    const struct err_row *r = find(code);
    return r && r->w.rest_code ? r->w.rest_code : srv_error_glue_type(code);
}

const char *srv_error_default_msg(int code)
{
    const struct err_row *r = find(code);
    return r ? r->msg : "internal error";
}

/* The Iceberg types that depend on the entity a request is about (error.h); every other code
** and entity has its row's type. */
static const struct {
    int code;
    enum srv_iceberg_entity entity;
    const char *type;
} iceberg_entity_types[] = {
    {CAT_ENOTFOUND, SRV_ICEBERG_NAMESPACE, "NoSuchNamespaceException"},
    {CAT_ENOTFOUND, SRV_ICEBERG_VIEW, "NoSuchViewException"},
    {CAT_EBADSTATE, SRV_ICEBERG_NAMESPACE, "NamespaceNotEmptyException"},
};

const char *srv_error_iceberg_type_for(int code, enum srv_iceberg_entity entity)
{
    const struct err_row *r = find(code);
    size_t i;
    if (r == NULL)
        return "ServerErrorException";
    for (i = 0; i < sizeof(iceberg_entity_types) / sizeof(iceberg_entity_types[0]); i++)
        if (iceberg_entity_types[i].code == code && iceberg_entity_types[i].entity == entity)
            return iceberg_entity_types[i].type;
    return r->w.iceberg_type;
}

const char *srv_error_iceberg_type(int code)
{
    return srv_error_iceberg_type_for(code, SRV_ICEBERG_TABLE);
}

int srv_error_iceberg_status(int code)
{
    const struct err_row *r = find(code);
    return r ? r->w.iceberg_status : 500;
}

const char *srv_error_hms_type(int code)
{
    switch (code) {
    case CAT_ENOTFOUND:
    case CAT_ERESNOTFOUND:
    case CAT_ETARGETNOTFOUND:
    case CAT_EINTEGNOTFOUND:
        return "NoSuchObjectException";
    case CAT_EEXISTS:
    case CAT_EFEDEXISTS:
        return "AlreadyExistsException";
    case CAT_EINVAL:
    case CAT_EVALIDATION:
    case CAT_ELIMIT:
    case CAT_EREQUESTTOOBIG:
    case CAT_EPERMTYPE:
        return "InvalidObjectException";
    case CAT_ECONCURRENT:
    case CAT_EVERSIONMISMATCH:
    case CAT_ECONDITION:
    case CAT_ESTATECONFLICT:
    case CAT_ENOTSUPPORTED:
    case CAT_EUNKNOWNOP:
        return "InvalidOperationException";
    default:
        return "MetaException";
    }
}
