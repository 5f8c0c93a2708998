/* fuzz_crawl_text.c -- libFuzzer target: hostile CSV / JSON-lines samples through
** crawl_text_schema() (schedule expressions have their own target, fuzz_cron).
**
** Input: the sample.  Aborts on: a success whose column types hivetype_parse() refuses, or a
** failure without a message or with columns. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/crawl_file.h"
#include "lang/hivetype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char msg[256] = "";
    enum crawl_format f;
    char delim;
    int header;
    json_t *cols = NULL, *c;
    size_t i;
    if (crawl_text_schema((const char *)data, size, &f, &delim, &header, &cols, msg, sizeof(msg)) !=
        0) {
        if (msg[0] == '\0' || cols != NULL)
            abort();
        return 0;
    }
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
