/* fuzz_jload.c -- libFuzzer target: lang/jload over any bytes, against jansson.
**
** The input is copied to a buffer of exactly its size (ASan sees a read past it).  Aborts when
** jload() takes a text json_loadb(JSON_REJECT_DUPLICATES) refuses, or reads it to another value
** (compared as JSON_COMPACT text: types, member order, strings and numbers); jload() may leave
** to jansson what jansson takes (NULL), never the other way. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lang/jload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size ? size : 1);
    json_error_t err;
    json_t *a, *b;
    memcpy(text, data, size);
    a = jload(text, size);
    b = json_loadb(text, size, JSON_REJECT_DUPLICATES, &err);
    if (a != NULL) {
        char *sa, *sb;
        if (b == NULL)
            abort();
        sa = json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY);
        sb = json_dumps(b, JSON_COMPACT | JSON_ENCODE_ANY);
        if (sa == NULL || sb == NULL || strcmp(sa, sb) != 0 || !json_equal(a, b))
            abort();
        free(sa);
        free(sb);
    }
    json_decref(a);
    json_decref(b);
    free(text);
    return 0;
}
