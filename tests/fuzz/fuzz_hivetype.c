/* fuzz_hivetype.c -- libFuzzer target: Hive type strings through hivetype_parse().
**
** Aborts on: an error without a position inside the text, a canonical form that does not parse
** back to itself (same text, same primitive flag), or a type not compatible with itself. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/hivetype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hivetype t, t2;
    struct hivetype_error e;
    char *s = malloc(size + 1);
    if (s == NULL)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    if (hivetype_parse(s, &t, &e) != 0) {
        if (e.pos < 1 || (size_t)e.pos > strlen(s) + 1 || e.msg[0] == '\0')
            abort();
        free(s);
        return 0;
    }
    if (hivetype_parse(t.canon, &t2, &e) != 0) {
        fprintf(stderr, "canonical form does not parse: %s: %s\n", t.canon, e.msg);
        abort();
    }
    if (strcmp(t.canon, t2.canon) != 0 || t.primitive != t2.primitive)
        abort();
    if (!hivetype_compatible(s, t.canon))
        abort();
    hivetype_release(&t2);
    hivetype_release(&t);
    free(s);
    return 0;
}
