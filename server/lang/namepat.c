/* namepat.c -- Hive name patterns (GetTables' Expression, GetUserDefinedFunctions' Pattern). */
#include "lang/namepat.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* glibc's regcomp() copies the subtree under '+' and '{m,n}', so nested ones grow
** exponentially (found by fuzzing: "e+++...+" took gigabytes), and back-references make
** matching exponential.  Refuse those shapes; table-name patterns never need them. */
static int pattern_too_costly(const char *rx)
{
    int plus = 0, prev_quant = 0;
    const char *p;
    for (p = rx; *p; p++) {
        int quant = (*p == '*' || *p == '+' || *p == '?');
        if (*p == '{' || (*p == '\\' && p[1] >= '0' && p[1] <= '9'))
            return 1;
        if (*p == '\\' && p[1]) {
            p++;
            prev_quant = 0;
            continue;
        }
        if (quant && prev_quant)
            return 1;
        if (*p == '+' && ++plus > 8)
            return 1;
        prev_quant = quant;
    }
    return 0;
}

/* GetTables' Expression: a Hive pattern ('|' alternatives, '*' wildcards) or a regex,
** matched against the whole name, case-insensitively. */
int namepat_compile(const char *expr, const char *what, regex_t *re, struct srv_error *err)
{
    size_t n = strlen(expr), i, j = 0;
    char *rx = xmalloc(2 * n + 8);
    int rc;
    rx[j++] = '^';
    rx[j++] = '(';
    for (i = 0; i < n; i++) {
        if (expr[i] == '*' && (i == 0 || expr[i - 1] != '.'))
            rx[j++] = '.';
        rx[j++] = expr[i];
    }
    rx[j++] = ')';
    rx[j++] = '$';
    rx[j] = '\0';
    if (pattern_too_costly(rx)) {
        free(rx);
        return srv_error_set(err, CAT_EINVAL,
                             "The %s name pattern is too complex (no {m,n}, back-references, "
                             "stacked quantifiers or more than 8 '+'): %.200s",
                             what, expr);
    }
    rc = regcomp(re, rx, REG_EXTENDED | REG_ICASE | REG_NOSUB);
    free(rx);
    if (rc != 0)
        return srv_error_set(err, CAT_EINVAL, "Invalid %s name pattern: %s", what, expr);
    return CAT_OK;
}

int namepat_match(void *ctx, const char *name)
{
    return regexec((const regex_t *)ctx, name, 0, NULL, 0) == 0;
}
