/* error.h -- struct srv_error, srv_error_set(), CAT_* -> Glue type / HTTP status. */
#ifndef SRV_ERROR_H
#define SRV_ERROR_H

#include "catalog.h"

struct srv_error {
    int code;     /* a cat_code; CAT_OK until something fails */
    int offset;   /* byte offset into the input for parse errors, else -1 */
    char msg[512]; /* wire "message" text */
};

/* Reset ERR to "no error". */
void srv_error_init(struct srv_error *err);

/* Record an error in ERR and return CODE, so callers can write
**   return srv_error_set(err, CAT_ENOTFOUND, "Table %s not found.", name);  */
int srv_error_set(struct srv_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The Glue "__type" for CODE (never NULL on the server: unknown -> InternalServiceException). */
const char *srv_error_glue_type(int code);
/* HTTP status for CODE on the Glue front and on the REST front. */
int srv_error_glue_status(int code);
int srv_error_rest_status(int code);
/* Static default text for CODE. */
const char *srv_error_default_msg(int code);

#endif
