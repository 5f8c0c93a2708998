/* fuzz_jview.c -- libFuzzer target: lang/jview over any bytes, against jansson.
**
** The input is copied to a buffer of exactly its size (ASan sees a read past it).  Aborts on: a
** text jansson reads (one value, no duplicate keys, no NUL byte) that jview refuses or reads
** differently: another type, member, element count, string (unescaped) or number. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lang/jview.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sbuf scratch;

static void same(const struct jview *v, int n, const json_t *j)
{
    size_t len, i;
    const char *s, *k;
    json_t *x;
    int e;
    switch (json_typeof(j)) {
    case JSON_OBJECT:
        if (jview_type(v, n) != JVIEW_OBJECT || (size_t)jview_size(v, n) != json_object_size(j))
            abort();
        json_object_foreach((json_t *)j, k, x)
            same(v, jview_get(v, n, k), x);
        break;
    case JSON_ARRAY:
        if (jview_type(v, n) != JVIEW_ARRAY || (size_t)jview_size(v, n) != json_array_size(j))
            abort();
        for (i = 0, e = jview_first(v, n); i < json_array_size(j); i++, e = jview_next(v, n, e))
            same(v, e, json_array_get(j, i));
        if (e != -1)
            abort();
        break;
    case JSON_STRING:
        s = jview_str(v, n, &len, &scratch);
        if (s == NULL || len != json_string_length(j) || memcmp(s, json_string_value(j), len) != 0)
            abort();
        break;
    case JSON_INTEGER:
        if (jview_integer(v, n) != json_integer_value(j))
            abort();
        break;
    case JSON_REAL: {
        double a = jview_number(v, n), b = json_real_value(j);
        if (a != b && !(isnan(a) && isnan(b)))
            abort();
        break;
    }
    case JSON_TRUE:
        if (!jview_is_true(v, n))
            abort();
        break;
    case JSON_FALSE:
    case JSON_NULL:
        if (jview_type(v, n) != JVIEW_PRIMITIVE || jview_is_true(v, n))
            abort();
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size ? size : 1);
    struct jview v;
    json_error_t err;
    json_t *j;
    int rc;
    if (text == NULL)
        abort();
    memcpy(text, data, size);
    rc = jview_parse(&v, text, size);
    j = json_loadb(text, size, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &err);
    /* jsmn's strict mode wants what ends a bare number, true, false or null at the end; jsmn
    ** ends the text at a NUL byte, where jansson may go on (catalogd's texts hold none) */
    if (j != NULL && memchr(text, '\0', size) == NULL &&
        !(rc != 0 && !json_is_object(j) && !json_is_array(j) && !json_is_string(j))) {
        if (rc != 0) {
            fprintf(stderr, "jansson reads it, jview does not\n");
            abort();
        }
        same(&v, 0, j);
    }
    if (rc == 0) { /* whatever it holds, every read stays inside the text */
        int i;
        size_t len;
        for (i = 0; i < v.count; i++) {
            jview_str(&v, i, &len, &scratch);
            jview_number(&v, i);
            jview_get(&v, i, "a");
            jview_next(&v, 0, i);
        }
    }
    json_decref(j);
    jview_release(&v);
    free(text);
    return 0;
}
