/* fuzz_crawl_text.c -- libFuzzer target: hostile CSV / JSON-lines samples through
** crawl_text_schema(), and schedule expressions through cron_parse().
**
** The first byte picks: even -> crawl_text_schema (aborts on a success whose column types
** hivetype_parse() refuses, or a failure without a message); odd -> cron_parse. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/crawl_file.h"
#include "lang/cron.h"
#include "lang/hivetype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char msg[256] = "", *s;
    if (size == 0)
        return 0;
    if (data[0] & 1) {
        struct cron c;
        time_t t = 0;
        struct tm tm;
        if ((s = malloc(size)) == NULL)
            abort();
        memcpy(s, data + 1, size - 1);
        s[size - 1] = '\0';
        if (cron_parse(s, &c, msg, sizeof(msg)) == 0) {
            gmtime_r(&t, &tm);
            (void)cron_matches(&c, &tm);
        } else if (msg[0] == '\0') {
            abort();
        }
        free(s);
    } else {
        enum crawl_format f;
        char delim;
        json_t *cols = NULL, *c;
        size_t i;
        if (crawl_text_schema((const char *)data + 1, size - 1, &f, &delim, &cols, msg,
                              sizeof(msg)) != 0) {
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
    }
    return 0;
}
