/* glue.h -- Glue JSON front: X-Amz-Target -> op table -> resource fn; {"__type","message"}. */
#ifndef SRV_GLUE_H
#define SRV_GLUE_H

#include <stddef.h>

#include "http.h"

/* Answer one Glue request: TARGET is the X-Amz-Target header (may be NULL), BODY/LEN the
** request body.  Fills RESP (status, JSON body, error type); never fails. */
void glue_handle(const struct app *app, const char *target, const char *body, size_t len,
                 struct http_response *resp);

/* Fill RESP with a Glue error {"__type", "message"} for ERR. */
void glue_error(const struct srv_error *err, struct http_response *resp);

#endif
