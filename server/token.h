/* token.h -- pagination tokens: opaque, bound to the listing they came from, checked on return. */
#ifndef SRV_TOKEN_H
#define SRV_TOKEN_H

#include "error.h"

/* A new token (caller frees) for listing KIND within SCOPE that resumes after KEY. */
char *token_make(const char *kind, const char *scope, const char *key);
/* Check TOKEN against KIND and SCOPE and return its key in *KEY (new string, caller
** frees).  A token from another listing or a forged one is CAT_EINVAL. */
int token_parse(const char *token, const char *kind, const char *scope, char **key,
                struct srv_error *err);

#endif
