/* iceberg.h -- the Iceberg REST catalog's operations (registry rows flagged OP_ICEBERG, served
** by the Iceberg front only) and the Glue interplay (CreateTable's OpenTableFormatInput,
** UpdateTable's UpdateOpenTableFormatInput): namespaces are databases; Iceberg tables and views
** are Glue tables carrying Parameters table_type ("ICEBERG" / "ICEBERG-VIEW"),
** metadata_location and previous_metadata_location as Iceberg's GlueCatalog writes them.
**
** The metadata is kept in the store (store.h, "Iceberg metadata") as the source of truth while
** its recorded location equals the table's metadata_location; otherwise (a Glue client moved
** the pointer, or the table came from Glue without parts) it is read from that file when it is
** a file:// location, else the operation fails with CAT_ESERVERFAULT naming the location.
** A commit (one store transaction; ops_run() runs it again on a serialization failure) checks
** the requirements against the current metadata, applies the updates (lang/iceberg_meta.h),
** writes nothing when nothing changes, else writes <location>/metadata/<NNNNN>-<uuid>.metadata.json
** when the location is file://, archives the table's version as UpdateTable does and swaps the
** table under its VersionId (CAT_ECONCURRENT when it moved) with the new Parameters and Columns.
**
** Inputs (checked by extension.c) and answers (the Iceberg front builds and frames them):
**   IcebergListNamespaces  {CatalogId?, Parent?, NextToken?, MaxResults? (1..1000, 100)}
**                          -> {"Namespaces": ["a", "a.b", ...], "NextToken"?}
**   IcebergDropNamespace   {CatalogId?, Name} -> {}; CAT_EBADSTATE while it holds tables, views
**                          or namespaces below it (the Iceberg front: NamespaceNotEmptyException)
**   IcebergUpdateNamespace {CatalogId?, Name, Removals?: [keys], Updates?: {key: value}}
**                          -> {"updated": [], "removed": [], "missing": []}
**   IcebergListTables      {CatalogId?, DatabaseName, Views?, NextToken?, MaxResults?}
**                          -> {"Names": [...], "NextToken"?}
**   IcebergCreateTable     {CatalogId?, DatabaseName, Request: CreateTableRequest}
**                          -> {"metadata-location"?, "metadata", "config": {}} (staged: no
**                          location, nothing stored)
**   IcebergLoadTable       {CatalogId?, DatabaseName, Name, Snapshots?: "all" | "refs"}
**                          -> {"metadata-location", "metadata", "config": {}}
**   IcebergCommitTable     {CatalogId?, DatabaseName, Name, Request: CommitTableRequest}
**                          -> {"metadata-location", "metadata"}
**   IcebergCommitTransaction {CatalogId?, TableChanges: [{DatabaseName, Name, Request}]} -> {}
**   IcebergRegisterTable   {CatalogId?, DatabaseName, Request: {name, metadata-location,
**                          overwrite?}} -> LoadTableResult
**   IcebergRenameTable     {CatalogId?, DatabaseName, Name, DestinationDatabaseName,
**                          DestinationName, Views?} -> {}
**   IcebergDropTable       {CatalogId?, DatabaseName, Name, Views?, Purge?} -> {}
**   IcebergCreateView      {CatalogId?, DatabaseName, Request: CreateViewRequest}
**                          -> {"metadata-location", "metadata", "config": {}}
**   IcebergLoadView        {CatalogId?, DatabaseName, Name} -> LoadViewResult
**   IcebergReplaceView     {CatalogId?, DatabaseName, Name, Request: CommitViewRequest}
**                          -> LoadViewResult
** Names fold to lower case.  Errors: CAT_ENOTFOUND ("Database x not found.", "Table x not
** found.", "View x not found.", "Table db.x is not an Iceberg table."), CAT_EEXISTS, CAT_EINVAL,
** CAT_ECONCURRENT (a requirement that fails, a lost compare-and-swap), CAT_ESERVERFAULT
** (metadata catalogd cannot read or write).
*/
#ifndef SRV_ICEBERG_OPS_H
#define SRV_ICEBERG_OPS_H

#include "ops/ops.h"

/* The warehouse (--warehouse URI; NULL or "": none), process-wide, set before serving: a
** table's default location is <warehouse>/<db>.db/<table> unless its namespace has a location
** (<location>/<table>) or the request gives one. */
void iceberg_set_warehouse(const char *uri);
const char *iceberg_warehouse(void);
/* Metadata files (ops/iceberg_file.h): catalogd writes them only under a file:// warehouse, and
** reads them (a register, a pointer a Glue client moved) only under it and the DIRS folders
** (--crawl-root); a location elsewhere is CAT_EACCESS (403 ForbiddenException) at create,
** commit and register, and a load of a table pointing there fails (CAT_ESERVERFAULT). */
void iceberg_set_read_roots(const char *const *dirs, int n);

op_fn iceberg_list_namespaces;
op_fn iceberg_drop_namespace;
op_fn iceberg_update_namespace;
op_fn iceberg_list_tables;
op_fn iceberg_create_table;
op_fn iceberg_load_table;
op_fn iceberg_commit_table;
op_fn iceberg_commit_transaction;
op_fn iceberg_register_table;
op_fn iceberg_rename_table;
op_fn iceberg_drop_table;
op_fn iceberg_create_view;
op_fn iceberg_load_view;
op_fn iceberg_replace_view;

/* Glue's CreateTable with OpenTableFormatInput.IcebergInput (IN is the CreateTable request):
** the first metadata built from it and stored as IcebergCreateTable stores it.  *OUT {}. */
op_fn iceberg_glue_create;
/* Glue's UpdateTable with UpdateOpenTableFormatInput.UpdateIcebergInput.UpdateIcebergTableInput
** (IN is the UpdateTable request; VersionId, when given, must be the table's): its Updates
** applied through the commit path.  *OUT {}. */
op_fn iceberg_glue_update;

#endif
