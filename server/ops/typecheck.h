/* typecheck.h -- a table's column and partition key types against the Hive type system, under
** the server's policy (hivetype.h): off, warn (log), strict (InvalidInputException); and the
** schema-evolution check of UpdateTable. */
#ifndef SRV_TYPECHECK_H
#define SRV_TYPECHECK_H

#include <jansson.h>

#include "base/error.h"

/* Check TableInput TI's StorageDescriptor.Columns and PartitionKeys (which must be primitive)
** as the policy says.  WHAT names the table in warnings ("silver_db.orders").  Returns CAT_OK,
** or CAT_EINVAL with ERR set (strict only), naming the column, the type and the position.
** Warnings (policy warn) go to stderr, one line per bad column, and each message is appended
** to array WARNINGS (borrowed; NULL: none), for the answer's "Warnings". */
int typecheck_table(const char *what, const json_t *ti, json_t *warnings, struct srv_error *err);

/* When the evolution check is on (hivetype_evolution_check()): every column of the current
** table CUR (a Table object) still present by name in TI (columns or partition keys) must
** change its type compatibly (hivetype_compatible()).  CAT_OK or CAT_EINVAL naming the column. */
int typecheck_evolution(const json_t *cur, const json_t *ti, struct srv_error *err);

#endif
