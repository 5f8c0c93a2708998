/* fuzz_locator.c -- libFuzzer target: --db locators through store_backend_for() and
** store_locator_display(), the parser that keeps passwords out of the log.
**
** Aborts on: a display that is not NUL-terminated within its buffer, a non-PostgreSQL locator
** shown differently from itself (when it fits), or the word after "password=" (any case, or
** percent-encoded in a URI), "sslpassword=" / "user:" of a simple locator (the input's marker
** "PW1234") surviving into the display.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_backend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char in[600], out[256], framed[700];
    const struct store_backend *be;
    if (size >= sizeof(in))
        size = sizeof(in) - 1;
    memcpy(in, data, size);
    in[size] = '\0';
    be = store_backend_for(in);
    store_locator_display(in, out, sizeof(out));
    if (memchr(out, '\0', sizeof(out)) == NULL)
        abort();
    if (be != &store_postgresql && strlen(in) < sizeof(out) && strcmp(in, out) != 0)
        abort();
    /* The input as a password: in every form a deployment might write, it never shows. */
    if (strchr(in, ' ') == NULL && strchr(in, '@') == NULL && strchr(in, '/') == NULL &&
        strchr(in, '?') == NULL && strchr(in, '&') == NULL && strchr(in, '#') == NULL &&
        strchr(in, '\'') == NULL && strchr(in, '\\') == NULL && strchr(in, '\t') == NULL &&
        strchr(in, '\n') == NULL && size > 0 && strlen(in) == size) {
        static const char *const forms[] = {
            "postgresql://u:PW1234%s@db:5432/c",
            "host=db password=PW1234%s dbname=c",
            "postgresql://db/c?sslmode=require&password=PW1234%s",
            "postgresql://db/c?%%70assword=PW1234%s",
            "postgresql://db/c?x=1&PaSs%%77OrD=PW1234%s&y=2",
            "postgresql://db/c?sslpassword=PW1234%s",
            "host=db PASSWORD=PW1234%s",
        };
        size_t i;
        for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
            snprintf(framed, sizeof(framed), forms[i], in);
            store_locator_display(framed, out, sizeof(out));
            if (strstr(out, "PW1234") != NULL)
                abort();
        }
    }
    return 0;
}
