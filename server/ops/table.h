/* table.h -- Table resource: create/get/list/update/delete, batch delete, table versions. */
#ifndef SRV_TABLE_H
#define SRV_TABLE_H

#include "ops/ops.h"

op_fn table_create;               /* CreateTable: EntityNotFound (db), AlreadyExists */
op_fn table_get;                  /* GetTable: EntityNotFound */
op_fn table_list;                 /* GetTables: paged by name; Expression = Hive name pattern */
op_fn table_update;               /* UpdateTable: VersionId compare-and-swap, SkipArchive */
op_fn table_delete;               /* DeleteTable: cascades to versions and partitions */
op_fn table_batch_delete;         /* BatchDeleteTable: per-entry Errors */
op_fn table_versions_list;        /* GetTableVersions: current + archived, newest first */
op_fn table_version_get;          /* GetTableVersion: VersionId absent = current */
op_fn table_version_delete;       /* DeleteTableVersion: archived versions only */
op_fn table_version_batch_delete; /* BatchDeleteTableVersion: per-entry Errors */

#endif
