/* search.h -- SearchTables: full-text search of a catalog's tables, filters, order, paging. */
#ifndef SRV_SEARCH_H
#define SRV_SEARCH_H

#include "ops/ops.h"

/* SearchTables: SearchText (words anywhere in the database name, table name, description or
** parameters; "quoted" as one phrase), Filters (Name, DatabaseName, Description as words;
** TableType, Owner, any other key as a parameter, equal ignoring ASCII case; CreateTime,
** UpdateTime compared with epoch seconds), SortCriteria (Name, DatabaseName, CreateTime,
** UpdateTime), MaxResults 1..1000, NextToken; ResourceShareType FOREIGN or FEDERATED finds
** nothing (no table is shared with catalogd).  EINVAL for a bad filter, sort field or token. */
op_fn table_search;

#endif
