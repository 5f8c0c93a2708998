/* fuzz_framing.c -- libFuzzer target: request header lines through framing.c, the
** Content-Length / Transfer-Encoding / header-name rules http.c applies to every request.
**
** Input: header lines separated by '\n', each "name:value" (no ':': a name without a value).
** Aborts on: a verdict other than NULL or one of the three messages, one that differs from
** the rules worked out here independently, a declared length other than strtoull() of the first
** Content-Length (0 when refused or none), a verdict that changes when the lines come in reverse
** order, or an accepted prefix of lines after which the whole is accepted with another length
** than some refused prefix allows (once refused, refused: the flags only grow). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "front/framing.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SPACED "A header name contains white space."
#define DIFFER "The request has Content-Length headers that differ."
#define BOTH "The request has both Content-Length and Transfer-Encoding."
#define MAX_LINES 64

/* The rules as the README and framing.h state them, on lines H[0..N). */
static const char *expected(const struct framing_header *h, size_t n, unsigned long long *length)
{
    const char *first = NULL;
    int spaced = 0, differ = 0, transfer = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        const char *v = h[i].value ? h[i].value : "";
        if (h[i].name == NULL)
            continue;
        spaced |= strchr(h[i].name, ' ') != NULL || strchr(h[i].name, '\t') != NULL;
        transfer |= strcasecmp(h[i].name, "transfer-encoding") == 0 && h[i].value != NULL;
        if (strcasecmp(h[i].name, "content-length") == 0) {
            if (first == NULL)
                first = v;
            differ |= strcmp(first, v) != 0;
        }
    }
    *length = 0;
    if (spaced)
        return SPACED;
    if (differ)
        return DIFFER;
    if (first && transfer)
        return BOTH;
    if (first)
        *length = strtoull(first, NULL, 10);
    return NULL;
}

static void die(const char *what, const char *got, const char *want)
{
    fprintf(stderr, "fuzz_framing: %s: got %s, want %s\n", what, got ? got : "(accepted)",
            want ? want : "(accepted)");
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct framing_header h[MAX_LINES], r[MAX_LINES];
    struct framing f = FRAMING_INIT;
    unsigned long long len, want_len, rlen, plen;
    const char *got, *want, *rev;
    char *text = malloc(size + 1), *p;
    size_t n = 0, i;
    int refused = 0;
    if (text == NULL)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    for (p = text; n < MAX_LINES;) {
        char *nl = strchr(p, '\n'), *colon;
        if (nl)
            *nl = '\0';
        colon = strchr(p, ':');
        if (colon)
            *colon = '\0';
        h[n].name = p;
        h[n].value = colon ? colon + 1 : NULL;
        /* an empty line (after the first) stands for a name libmicrohttpd would not give */
        if (*p == '\0' && colon == NULL && n > 0)
            h[n].name = NULL;
        n++;
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    got = framing_check(h, n, &len);
    want = expected(h, n, &want_len);
    if (got != want && (got == NULL || want == NULL || strcmp(got, want) != 0))
        die("verdict", got, want);
    if (got != NULL && strcmp(got, SPACED) && strcmp(got, DIFFER) && strcmp(got, BOTH))
        die("message", got, "one of the three");
    if (len != want_len)
        die("declared length", got, want);
    for (i = 0; i < n; i++)
        r[i] = h[n - 1 - i];
    rev = framing_check(r, n, &rlen);
    if (rev != got || rlen != len)
        die("lines in reverse order", rev, got);
    /* one line at a time, as http.c feeds it: once a prefix is refused, every longer one is */
    for (i = 0; i < n; i++) {
        framing_add(&f, h[i].name, h[i].value);
        if (framing_verdict(&f, &plen) != NULL)
            refused = 1;
        else if (refused)
            die("a longer prefix", NULL, "refused");
    }
    if (framing_verdict(&f, &plen) != got || plen != len)
        die("framing_add one at a time", framing_verdict(&f, &plen), got);
    free(text);
    return 0;
}
