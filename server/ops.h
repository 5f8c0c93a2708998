/* ops.h -- what every resource operation takes: the context, the Glue-shaped request, the error sink. */
#ifndef SRV_OPS_H
#define SRV_OPS_H

#include <jansson.h>

#include "error.h"
#include "store.h"

struct op_ctx {
    struct store *st;         /* this request's connection */
    const char *catalog_id;   /* default CatalogId (the account id) */
    char *raw_out;            /* set by an op that answers with ready JSON text (malloc'd,
                              ** the front frees it) instead of *out; NULL otherwise */
};

/* A resource operation.  IN is the Glue request object (borrowed, already checked
** against the model by validate_input()).  On success *OUT is a new reference to the
** Glue response object (or *OUT is NULL and CTX->raw_out holds the response as JSON text);
** on failure *OUT is NULL and ERR holds the code and message. */
typedef int op_fn(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err);

/* The request's CatalogId, or the default one.  Borrowed from IN or CTX. */
const char *ops_catalog(const struct op_ctx *ctx, const json_t *in);
/* The string member KEY of IN, or NULL after setting ERR (InvalidInputException). */
const char *ops_required_str(const json_t *in, const char *key, struct srv_error *err);
/* MaxResults of IN within 1..MAX, default DEF.  Returns CAT_OK or CAT_EINVAL. */
int ops_max_results(const json_t *in, int def, int max, int *out, struct srv_error *err);

/* Set OUT's NextToken to TOKEN and free TOKEN. */
void ops_set_token(json_t *out, char *token);
/* AttributesToGet: reduce each object of LIST to Name plus the members ATTRS names
** (NAME -> Name, TABLE_TYPE -> TableType).  ATTRS not an array: no change. */
void ops_project(json_t *list, const json_t *attrs);

#endif
