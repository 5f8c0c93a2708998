/* validate.h -- table-driven checks of Glue requests against the botocore model (model.c). */
#ifndef SRV_VALIDATE_H
#define SRV_VALIDATE_H

#include <jansson.h>

#include "error.h"

struct model;

/* Deepest container nesting validate_input() follows before it rejects a request. */
#define VALIDATE_MAX_DEPTH 32

/* Check request IN (borrowed) against the model's input shape of Glue operation OP.
** Returns CAT_OK; CAT_EINVAL with a message in ERR when IN breaks a constraint;
** CAT_EUNKNOWNOP when OP is not in the model table. Never allocates on the error path beyond ERR.
**
** Checks required members, JSON types, string length (code points), list/map size,
** integer/long/double range, enums and the patterns model.c marks as checked.  JSON null
** for a structure member counts as absent; unknown members are ignored.  Only the first
** violation is reported, Coral-style, e.g.
**   1 validation error detected: Value at 'databaseInput.name' failed to satisfy
**   constraint: Member must have length less than or equal to 255
** Never allocates.  Thread-safe (reads only constant tables). */
int validate_input(const char *op, const json_t *in, struct srv_error *err);

/* 1 when OP is an operation the model table covers. */
int validate_known_op(const char *op);

/* validate_input() against model M instead of the Glue tables (for tests). */
int validate_input_model(const struct model *m, const char *op, const json_t *in,
                         struct srv_error *err);

#endif
