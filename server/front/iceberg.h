/* iceberg.h -- Iceberg REST Catalog front: /iceberg/v1 routes -> Glue-shaped requests -> the
** same ops (registry.def); /iceberg/v1/config and the OAuth token endpoint. */
#ifndef SRV_ICEBERG_FRONT_H
#define SRV_ICEBERG_FRONT_H

#include <stddef.h>

#include <jansson.h>

#include "front/http.h"
#include "front/rest.h"

/* 1 when PATH (raw) belongs to the Iceberg front: /iceberg and everything below it. */
int iceberg_owns(const char *path);

/* Answer one request of the Iceberg front.  RQ is what the HTTP layer gathers for the REST
** front (struct rest_request; its PATH begins with /iceberg).  Routes are the spec's
** "/v1/{prefix}/..." with the {prefix} segment optional (a prefix names the CatalogId).  When
** APP has principals every route but POST /v1/oauth/tokens needs "Authorization: Bearer
** <token>" (a file token or one /v1/oauth/tokens issued): 401 NotAuthorizedException with
** RESP->challenge set; what the principal may do is ops_run()'s decision (403
** ForbiddenException).  Errors are {"error": {"message", "type", "code"}} (base/error.c's
** Iceberg columns), the token endpoint's the OAuth {"error", "error_description"}.  A HEAD,
** 204 or 304 answer has no body.  Fills RESP (status, body, content type, ETag, Allow, metrics
** label: the spec's operationId); never fails. */
void iceberg_handle(const struct app *app, const struct rest_request *rq,
                    struct http_response *resp);

/* The database name of a namespace: RAW (N bytes; percent-encoded when ENCODED, '+' a space)
** holds its levels separated by 0x1F ("%1F" encoded); they are joined with '.' ("a\x1f" "b" ->
** "a.b").  CAT_OK with *NAME (malloc'd), or CAT_EINVAL with ERR saying why (a bad escape, not
** UTF-8, an empty level, a level holding '.'; RAW empty) and *NAME NULL. */
int iceberg_namespace_name(const char *raw, size_t n, int encoded, char **name,
                           struct srv_error *err);
/* The levels of database NAME as a new JSON array of strings ("a.b" -> ["a", "b"]). */
json_t *iceberg_namespace_levels(const char *name);
/* The Iceberg "endpoints" of /v1/config: every route served now (its operation is in the
** registry), as "METHOD /v1/{prefix}/path".  A new array. */
json_t *iceberg_endpoints(void);

#endif
