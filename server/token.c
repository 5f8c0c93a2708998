/* token.c -- pagination tokens: opaque, bound to the listing they came from, checked on return.
**
** A token is the hex form of "v1\nKIND\nSCOPE\nKEY".  Names cannot hold a newline (the
** model's single-line pattern), so the fields split unambiguously.  Tokens are keyset
** cursors: the listing resumes after KEY, so pages neither repeat nor skip entries
** when others are added or removed in between. */
#include "token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

char *token_make(const char *kind, const char *scope, const char *key)
{
    size_t n = strlen(kind) + strlen(scope) + strlen(key) + 6;
    char *raw = xmalloc(n), *tok;
    snprintf(raw, n, "v1\n%s\n%s\n%s", kind, scope, key);
    tok = util_hex_encode(raw, strlen(raw));
    free(raw);
    return tok;
}

int token_parse(const char *token, const char *kind, const char *scope, char **key,
                struct srv_error *err)
{
    char *raw = NULL, *p;
    size_t n, kl = strlen(kind), sl = strlen(scope);
    *key = NULL;
    if (util_hex_decode(token, &raw, &n) != 0 || strlen(raw) != n || n < 3 + kl + 1 + sl + 1 ||
        memcmp(raw, "v1\n", 3) != 0 || memcmp(raw + 3, kind, kl) != 0 || raw[3 + kl] != '\n' ||
        memcmp(raw + 4 + kl, scope, sl) != 0 || raw[4 + kl + sl] != '\n') {
        free(raw);
        return srv_error_set(err, CAT_EINVAL, "Invalid NextToken.");
    }
    p = raw + 5 + kl + sl;
    *key = xstrdup(p);
    free(raw);
    return CAT_OK;
}
