/* fuzz_ui.c -- libFuzzer target: the web console's request handling (ui.c): which paths it
** owns, the file a path names and the If-None-Match list.
**
** Input: "METHOD\nPATH\nIF-NONE-MATCH" (a missing third line: no If-None-Match header).
** Aborts on: a status other than 200/304/404/405; 200 or 304 for a path that is not /ui, /ui/
** or /ui/<an embedded file's name>, or for a method other than GET/HEAD; 304 without an
** If-None-Match header; a body on a 304, or a 200 body that is not the file's bytes; an answer
** without the security headers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "front/ui.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int has_csp(const struct http_response *r)
{
    const char *const *h;
    for (h = r->headers; h && h[0]; h += 2)
        if (strcmp(h[0], "Content-Security-Policy") == 0 && strstr(h[1], "default-src 'self'"))
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), *path, *inm;
    const struct ui_asset *want = NULL;
    struct http_response r;
    size_t i;
    int get;
    memcpy(text, data, size);
    text[size] = '\0';
    if ((path = strchr(text, '\n')) == NULL) {
        free(text);
        return 0;
    }
    *path++ = '\0';
    if ((inm = strchr(path, '\n')) != NULL)
        *inm++ = '\0';
    if (!ui_owns(path)) {
        if (strncmp(path, "/ui/", 4) == 0 || strcmp(path, "/ui") == 0)
            abort();
        free(text);
        return 0;
    }
    get = strcmp(text, "GET") == 0 || strcmp(text, "HEAD") == 0;
    for (i = 0; i < ui_nassets; i++)
        if (strcmp(path + 3, "") == 0 || strcmp(path + 3, "/") == 0
                ? strcmp(ui_assets[i].name, "index.html") == 0
                : strcmp(path + 4, ui_assets[i].name) == 0)
            want = &ui_assets[i];
    ui_serve(text, path, inm, &r);
    if (!has_csp(&r))
        abort();
    switch (r.status) {
    case 200:
        if (!get || want == NULL || r.len != want->len || memcmp(r.body, want->data, r.len) != 0)
            abort();
        break;
    case 304:
        if (!get || want == NULL || inm == NULL || r.body != NULL)
            abort();
        break;
    case 404:
        if (!get || want != NULL)
            abort();
        break;
    case 405:
        if (get)
            abort();
        break;
    default:
        abort();
    }
    free(r.body);
    free(r.etag);
    free(text);
    return 0;
}
