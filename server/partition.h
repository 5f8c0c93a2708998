/* partition.h -- Partition resource: CRUD, batches, GetPartitions(Expression), partition indexes. */
#ifndef SRV_PARTITION_H
#define SRV_PARTITION_H

#include "ops.h"

op_fn partition_create;       /* CreatePartition */
op_fn partition_batch_create; /* BatchCreatePartition: per-entry Errors */
op_fn partition_get;          /* GetPartition */
op_fn partition_list;         /* GetPartitions: Expression, Segment, paging */
op_fn partition_batch_get;    /* BatchGetPartition: missing ones left out */
op_fn partition_update;       /* UpdatePartition: may change the values */
op_fn partition_batch_update; /* BatchUpdatePartition: per-entry Errors */
op_fn partition_delete;       /* DeletePartition */
op_fn partition_batch_delete; /* BatchDeletePartition: per-entry Errors */
op_fn pindex_create;          /* CreatePartitionIndex */
op_fn pindex_list;            /* GetPartitionIndexes */
op_fn pindex_delete;          /* DeletePartitionIndex */

/* Add partition index IDX (a PartitionIndex: IndexName, Keys) to the open table PT, inside
** the caller's transaction.  InvalidInput (keys), AlreadyExists, ResourceNumberLimitExceeded. */
int partition_index_add(struct op_ctx *ctx, struct store_ptable *pt, const json_t *idx,
                        struct srv_error *err);

#endif
