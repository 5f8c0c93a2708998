/* colstats.h -- Column statistics resource: Get/Update/DeleteColumnStatisticsFor{Table,
** Partition}, catalogd's BatchUpdateColumnStatisticsForPartition, and the pruning of
** statistics whose column went away. */
#ifndef SRV_COLSTATS_H
#define SRV_COLSTATS_H

#include "ops/ops.h"

op_fn colstats_table_get;        /* GetColumnStatisticsForTable: per-column Errors */
op_fn colstats_table_update;     /* UpdateColumnStatisticsForTable: per-entry Errors */
op_fn colstats_table_delete;     /* DeleteColumnStatisticsForTable: none is not an error */
op_fn colstats_partition_get;    /* GetColumnStatisticsForPartition */
op_fn colstats_partition_update; /* UpdateColumnStatisticsForPartition */
op_fn colstats_partition_delete; /* DeleteColumnStatisticsForPartition */
/* BatchUpdateColumnStatisticsForPartition (a catalogd extension, not a Glue operation):
** {DatabaseName, TableName, Entries: [{PartitionValues, ColumnStatisticsList}] (1..1000)}
** -> {Errors: [{PartitionValues, ColumnStatistics (absent for a partition-wide failure),
** Error}]}, all entries in one transaction. */
op_fn colstats_partition_batch_update;

/* Drop the statistics of the columns table DB.NAME no longer has (after UpdateTable), in the
** caller's transaction.  Errors: the store's. */
int colstats_table_changed(struct op_ctx *ctx, const char *catalog, const char *db,
                           const char *name, struct srv_error *err);
/* Same for partition VALUES of PT (after UpdatePartition stored it under VALUES). */
int colstats_partition_changed(struct op_ctx *ctx, struct store_ptable *pt, const json_t *values,
                               struct srv_error *err);

#endif
