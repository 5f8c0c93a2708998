/* udf.h -- User-defined function resource: Create/Get/Update/Delete/GetUserDefinedFunction(s). */
#ifndef SRV_UDF_H
#define SRV_UDF_H

#include "ops/ops.h"

op_fn udf_create; /* CreateUserDefinedFunction: names folded like tables */
op_fn udf_get;    /* GetUserDefinedFunction */
op_fn udf_update; /* UpdateUserDefinedFunction: replaces; a new FunctionName renames */
op_fn udf_delete; /* DeleteUserDefinedFunction */
op_fn udf_list;   /* GetUserDefinedFunctions: Hive Pattern, optional DatabaseName and
                  ** FunctionType, paging (MaxResults 1..100) */

#endif
