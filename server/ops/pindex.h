/* pindex.h -- Partition index resource: Create/Get/DeletePartitionIndex, CreateTable's indexes. */
#ifndef SRV_PINDEX_H
#define SRV_PINDEX_H

#include "ops/ops.h"

op_fn pindex_create; /* CreatePartitionIndex */
op_fn pindex_list;   /* GetPartitionIndexes */
op_fn pindex_delete; /* DeletePartitionIndex */

/* Add partition index IDX (a PartitionIndex: IndexName, Keys) to the open table PT, inside
** the caller's transaction.  InvalidInput (keys), AlreadyExists, ResourceNumberLimitExceeded. */
int partition_index_add(struct op_ctx *ctx, struct store_ptable *pt, const json_t *idx,
                        struct srv_error *err);

#endif
