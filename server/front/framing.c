/* framing.c -- the HTTP framing rules catalogd checks itself on a request's header lines
** (Content-Length, Transfer-Encoding, white space in names); pure C. */
#include "front/framing.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void framing_add(struct framing *f, const char *name, const char *value)
{
    if (name == NULL)
        return;
    if (strpbrk(name, " \t"))
        f->spaced = 1;
    if (strcasecmp(name, "Transfer-Encoding") == 0 && value != NULL)
        f->transfer = 1;
    if (strcasecmp(name, "Content-Length") != 0)
        return;
    if (value == NULL)
        value = "";
    if (f->length == NULL)
        f->length = value;
    else if (strcmp(f->length, value) != 0)
        f->differ = 1;
}

const char *framing_verdict(const struct framing *f, unsigned long long *length)
{
    *length = 0;
    if (f->spaced)
        return "A header name contains white space.";
    if (f->differ)
        return "The request has Content-Length headers that differ.";
    if (f->length && f->transfer)
        return "The request has both Content-Length and Transfer-Encoding.";
    if (f->length)
        *length = strtoull(f->length, NULL, 10);
    return NULL;
}

const char *framing_check(const struct framing_header *h, size_t n, unsigned long long *length)
{
    struct framing f = FRAMING_INIT;
    size_t i;
    for (i = 0; i < n; i++)
        framing_add(&f, h[i].name, h[i].value);
    return framing_verdict(&f, length);
}
