/* extension.h -- catalogd's own operations (registry rows flagged OP_EXTENSION or OP_ICEBERG):
** not in the Glue model, so their requests are checked here, reusing the model for their Glue
** parts. */
#ifndef SRV_EXTENSION_H
#define SRV_EXTENSION_H

#include <jansson.h>

#include "base/error.h"

/* Check request IN of extension operation OP and remove the members it does not define (as
** validate_input() + validate_prune() do for Glue operations).  CAT_OK; CAT_EINVAL with a
** Coral-style message naming the member ("... at 'entries.2.member.partitionValues'");
** CAT_EUNKNOWNOP when OP is not an extension. */
int ext_validate(const char *op, json_t *in, struct srv_error *err);

/* 1 when OP is an extension this file checks. */
int ext_known(const char *op);

#endif
