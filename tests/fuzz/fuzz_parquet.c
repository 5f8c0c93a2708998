/* fuzz_parquet.c -- libFuzzer target: hostile Parquet footers through parquet_parse_footer().
**
** Aborts on: a success without columns or with a codec below PARQUET_CODEC_NONE, a column type
** hivetype_parse() refuses, or a failure without a message. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "crawler/parquet.h"
#include "lang/hivetype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *cols = NULL, *c;
    char msg[256] = "";
    size_t i;
    int codec = 0;
    if (parquet_parse_footer(data, size, &cols, &codec, msg, sizeof(msg)) != 0) {
        if (msg[0] == '\0' || cols != NULL)
            abort();
        return 0;
    }
    if (json_array_size(cols) == 0 || codec < PARQUET_CODEC_NONE)
        abort();
    json_array_foreach(cols, i, c) {
        struct hivetype t;
        struct hivetype_error e;
        if (hivetype_parse(json_string_value(json_object_get(c, "Type")), &t, &e) != 0) {
            fprintf(stderr, "bad type %s: %s\n", json_string_value(json_object_get(c, "Type")),
                    e.msg);
            abort();
        }
        hivetype_release(&t);
    }
    json_decref(cols);
    return 0;
}
