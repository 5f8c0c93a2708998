/* fuzz_hivefilter.c -- libFuzzer target: Hive Metastore partition filters through
** hivefilter_expression() and the output through pexpr_compile().
**
** Aborts on: an error without a message, a success without output, a filter without the word
** LIKE that does not come back unchanged, or an output that is not NUL-terminated within a
** bounded growth (each byte of a pattern becomes at most two). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang/hivefilter.h"
#include "lang/pexpr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct pexpr_key keys[] = {{"k", PT_STRING}, {"n", PT_INTEGER}};
    struct srv_error err;
    struct pexpr_sql sql;
    char *s = malloc(size + 1), *out = NULL;
    size_t i;
    int has_like = 0;
    if (s == NULL)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    for (i = 0; s[i] && s[i + 1] && s[i + 2] && s[i + 3]; i++)
        has_like |= strncasecmp(s + i, "like", 4) == 0;
    srv_error_init(&err);
    if (hivefilter_expression(s, &out, &err) != CAT_OK) {
        if (err.msg[0] == '\0' || out != NULL)
            abort();
        free(s);
        return 0;
    }
    if (out == NULL || strlen(out) > 2 * strlen(s) + 2)
        abort();
    if (!has_like && strcmp(out, s) != 0)
        abort();
    srv_error_init(&err);
    if (pexpr_compile(out, keys, 2, 1, &sql, &err) == CAT_OK)
        pexpr_sql_release(&sql);
    free(out);
    free(s);
    return 0;
}
