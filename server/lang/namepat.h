/* namepat.h -- Hive name patterns (GetTables' Expression, GetUserDefinedFunctions' Pattern). */
#ifndef SRV_NAMEPAT_H
#define SRV_NAMEPAT_H

#include <regex.h>

#include "base/error.h"

/* Compile EXPR, a Hive pattern ('|' alternatives, '*' wildcards, '.*' kept) or a regex,
** matched against whole names case-insensitively, into RE (regfree() it).  CAT_EINVAL for
** a pattern that does not compile or would cost too much (nested quantifiers, {m,n},
** back-references); WHAT ("table") names the entity in messages. */
int namepat_compile(const char *expr, const char *what, regex_t *re, struct srv_error *err);
/* store_name_filter over a compiled pattern CTX (a regex_t *): non-zero when NAME matches. */
int namepat_match(void *ctx, const char *name);

#endif
