/* glue.h -- Glue JSON front: X-Amz-Target -> op table -> resource fn; {"__type","message"}. */
#ifndef SRV_GLUE_H
#define SRV_GLUE_H

#include <stddef.h>

#include "front/http.h"

/* Answer one Glue request without credentials: TARGET is the X-Amz-Target header (may be NULL),
 *BODY/LEN the
 ** request body.  Fills RESP (status, JSON body, error type); never fails. */
void glue_handle(const struct app *app, const char *target, const char *body, size_t len,
                 struct http_response *resp);

/* Answer one Glue request as glue_handle() does, authenticating it first when APP has
** principals: INFO (NULL: none) is what the HTTP layer gathered of it (headers, path, query,
** source address, request id) for SigV4 and the audit log. */
void glue_serve(const struct app *app, const struct http_info *info, const char *target,
                const char *body, size_t len, struct http_response *resp);

/* Fill RESP with a Glue error {"__type", "message"} for ERR. */
void glue_error(const struct srv_error *err, struct http_response *resp);

#endif
