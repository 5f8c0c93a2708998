/* catalog.h -- the one public header of libcatalog: result codes shared with catalogd.
**
** The client functions arrive with libcatalog (issue "libcatalog and catalogctl");
** today this header holds the error vocabulary that server and client share.
*/
#ifndef CATALOG_H
#define CATALOG_H

#ifdef __cplusplus
extern "C" {
#endif

/* Result codes: CAT_OK is 0, errors are negative.  Columns: symbol, value, Glue
** "__type", HTTP status on the Glue front, on the REST front, default message.
** Rows with a NULL __type never travel on the wire (client-side only). */
#define CAT_ERRNO_MAP(XX)                                                                            \
    XX(EINVAL, -1, "InvalidInputException", 400, 400, "invalid input")                               \
    XX(ENOTFOUND, -2, "EntityNotFoundException", 400, 404, "entity not found")                       \
    XX(EEXISTS, -3, "AlreadyExistsException", 400, 409, "entity already exists")                     \
    XX(ECONFLICT, -4, "ConcurrentModificationException", 400, 409, "concurrent modification")        \
    XX(ELIMIT, -5, "ResourceNumberLimitExceededException", 400, 400, "resource limit exceeded")      \
    XX(ETIMEOUT, -6, "OperationTimeoutException", 400, 503, "operation timed out")                   \
    XX(EUNKNOWNOP, -9, "UnknownOperationException", 400, 404, "unknown operation")                   \
    XX(ETOOBIG, -10, "InvalidInputException", 413, 413, "request body too large")                    \
    XX(EINTERNAL, -7, "InternalServiceException", 500, 500, "internal error")                        \
    XX(ENOMEM, -8, "InternalServiceException", 500, 500, "out of memory")                            \
    XX(ETRANSPORT, -20, NULL, 0, 0, "cannot reach server")                                           \
    XX(EPROTO, -21, NULL, 0, 0, "malformed response")

typedef enum {
    CAT_OK = 0,
#define XX(sym, val, type, glue_status, rest_status, msg) CAT_##sym = val,
    CAT_ERRNO_MAP(XX)
#undef XX
} cat_code;

#ifdef __cplusplus
}
#endif
#endif /* CATALOG_H */
