/* hivefilter.h -- Hive Metastore partition filters -> GetPartitions expressions (LIKE's regular
** expressions as SQL LIKE patterns); pure C. */
#ifndef SRV_HIVEFILTER_H
#define SRV_HIVEFILTER_H

#include "base/error.h"

/*
** Hive's get_partitions_by_filter grammar is the GetPartitions Expression grammar (lang/pexpr.h)
** but for LIKE, whose pattern Hive's metastore matches as a Java regular expression.  Rewrite
** FILTER (NUL-terminated) so that every string literal right after the keyword LIKE is the SQL
** LIKE pattern matching the same strings: ".*" and "%" (which Spark sends for Hive versions whose
** LIKE is SQL's) become "%", "." becomes "_", "\" before one of .^$|?*+()[]{}\/- is that character
** itself; everything else is copied unchanged (pexpr_compile() reports its errors).
**
** CAT_OK with *OUT a new string (the caller frees it); CAT_EINVAL with ERR naming the pattern and
** the construct when a pattern needs what SQL LIKE cannot say: a literal "_" or "%" (LIKE's
** wildcards, with no escape), character classes, anchors, alternation, groups, other quantifiers
** or escapes ("\d").  Linear time, no recursion.
*/
int hivefilter_expression(const char *filter, char **out, struct srv_error *err);

#endif
