/* validate.h -- table-driven checks of Glue requests against the botocore model (model.c). */
#ifndef SRV_VALIDATE_H
#define SRV_VALIDATE_H

#include <jansson.h>

#include "base/error.h"

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

/* Remove from request IN every object member that the model's input shape of Glue operation
** OP does not define, recursively: through structures (members are matched by exact name),
** list items and map values (a map's keys are its data and stay; its values follow the
** map's value shape).  Document shapes and scalars are left as they are.  What the model
** does not define is never stored, so it is never echoed back.
** Call it after validate_input() accepted IN (it relies on that check's depth limit: it
** does not look deeper than VALIDATE_MAX_DEPTH containers).  Returns CAT_OK;
** CAT_EUNKNOWNOP (IN untouched) when OP is not in the model table; CAT_EINVAL when IN is
** not an object.  Thread-safe for distinct IN. */
int validate_prune(const char *op, json_t *in);

/* The first member of V that the model does not define, where V is member MEMBER of the input
** shape of Glue operation OP (MEMBER NULL: V is the whole input): its path into PATH (N bytes),
** relative to V, members dotted and list items in brackets ("StorageDescriptor.Colums",
** "[2].Valuse"); maps' keys are data and never unknown.  Returns 1 when one is found, 0 when
** V holds none (or OP or MEMBER is not in the model).  For fronts that refuse what
** validate_prune() would drop (the REST API).  Thread-safe. */
int validate_unknown(const char *op, const char *member, const json_t *v, char *path, size_t n);

/* 1 when OP is an operation the model table covers. */
int validate_known_op(const char *op);

/* validate_input() against model M instead of the Glue tables (for tests). */
int validate_input_model(const struct model *m, const char *op, const json_t *in,
                         struct srv_error *err);
/* validate_prune() against model M (for tests). */
int validate_prune_model(const struct model *m, const char *op, json_t *in);

#endif
