/* table.h -- Table resource: create/get/list/update/delete, batch delete, table versions. */
#ifndef SRV_TABLE_H
#define SRV_TABLE_H

#include "ops/ops.h"

op_fn table_create; /* CreateTable: EntityNotFound (db), AlreadyExists */
op_fn table_get;    /* GetTable: EntityNotFound */
op_fn table_list;   /* GetTables: paged by name; Expression = Hive name pattern */
op_fn table_update; /* UpdateTable: VersionId compare-and-swap, SkipArchive */
/* RenameTable (catalogd's): {DatabaseName, Name, TableInput}: table Name becomes TableInput
** (whose Name is the new one, in the same database) in one transaction: the same row, so its
** partitions, statistics, versions and tags go along; the old definition archived as by
** UpdateTable.  EntityNotFound, AlreadyExists (the new name is taken). */
op_fn table_rename;
op_fn table_delete;               /* DeleteTable: cascades to versions and partitions */
op_fn table_batch_delete;         /* BatchDeleteTable: per-entry Errors */
op_fn table_versions_list;        /* GetTableVersions: current + archived, newest first */
op_fn table_version_get;          /* GetTableVersion: VersionId absent = current */
op_fn table_version_delete;       /* DeleteTableVersion: archived versions only */
op_fn table_version_batch_delete; /* BatchDeleteTableVersion: per-entry Errors */

#endif
