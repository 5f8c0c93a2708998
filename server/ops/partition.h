/* partition.h -- Partition resource: CRUD, batches, GetPartitions(Expression), partition indexes.
 */
#ifndef SRV_PARTITION_H
#define SRV_PARTITION_H

#include "ops/ops.h"

op_fn partition_create;       /* CreatePartition */
op_fn partition_batch_create; /* BatchCreatePartition: per-entry Errors */
/* Tests only (NULL otherwise): run by BatchCreatePartition between forming its rows ahead and
** taking the write lock, where another writer may change the table. */
extern void (*partition_batch_between)(struct op_ctx *ctx);
op_fn partition_get;          /* GetPartition */
op_fn partition_list;         /* GetPartitions: Expression, Segment, paging */
op_fn partition_batch_get;    /* BatchGetPartition: missing ones left out */
op_fn partition_update;       /* UpdatePartition: may change the values */
op_fn partition_batch_update; /* BatchUpdatePartition: per-entry Errors */
op_fn partition_delete;       /* DeletePartition */
op_fn partition_batch_delete; /* BatchDeletePartition: per-entry Errors */

#endif
