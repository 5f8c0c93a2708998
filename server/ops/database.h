/* database.h -- Database resource: create/get/list/update/delete. */
#ifndef SRV_DATABASE_H
#define SRV_DATABASE_H

#include "ops/ops.h"

op_fn database_create; /* CreateDatabase: AlreadyExists, InvalidInput */
op_fn database_get;    /* GetDatabase: EntityNotFound */
op_fn database_list;   /* GetDatabases: paged by name, MaxResults 1..100 */
op_fn database_update; /* UpdateDatabase: replaces; a new Name renames */
op_fn database_delete; /* DeleteDatabase: cascades to tables, versions, partitions */

#endif
