/* etag.c -- entity tags in If-Match / If-None-Match lists (RFC 9110), for the fronts. */
#include "front/etag.h"

#include <string.h>

int etag_listed(const char *list, const char *etag, int strong)
{
    size_t n = strlen(etag);
    const char *p = list;
    while (*p) {
        const char *end;
        int weak;
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return 1;
        weak = strncmp(p, "W/", 2) == 0;
        if (weak)
            p += 2;
        end = p;
        while (*end && *end != ',')
            end++;
        while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if ((size_t)(end - p) == n && strncmp(p, etag, n) == 0 && !(strong && weak))
            return 1;
        p = *end ? end + 1 : end;
    }
    return 0;
}
