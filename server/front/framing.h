/* framing.h -- the HTTP framing rules catalogd checks itself on a request's header lines
** (Content-Length, Transfer-Encoding, white space in names); pure C. */
#ifndef SRV_FRAMING_H
#define SRV_FRAMING_H

#include <stddef.h>

/* Pure functions: no I/O, no globals, no allocation; safe from any thread. */

/* What the header lines seen so far say about the body's framing.  Start from FRAMING_INIT
** and give each header line, in order and repeated names included, to framing_add(). */
struct framing {
    const char *length; /* the first Content-Length line's value (borrowed), or NULL */
    int differ;         /* a later Content-Length line has another value (compared as text) */
    int transfer;       /* a Transfer-Encoding line (any value) */
    int spaced;         /* a header name holds a space or a tab */
};
#define FRAMING_INIT                                                                               \
    {                                                                                              \
        NULL, 0, 0, 0                                                                              \
    }

/* One header line: NAME (NULL: ignored) and VALUE (NULL: an empty Content-Length; a
** Transfer-Encoding without a value does not count).  Names compare ignoring ASCII case. */
void framing_add(struct framing *f, const char *name, const char *value);

/* Why the request must be refused on its framing, or NULL with *LENGTH the declared length of
** its body (the first Content-Length's leading decimal digits as strtoull() reads them, 0 when
** there is none).  In this order: "A header name contains white space." ("Content-Length : 35"
** is no length to libmicrohttpd, but a lenient proxy in front may read it as one and frame the
** body as a second request: RFC 9112 section 5.1), "The request has Content-Length headers that
** differ." (two framings of one body: request smuggling behind a proxy that reads the other),
** "The request has both Content-Length and Transfer-Encoding." (a proxy in front may read the
** body by the other one). */
const char *framing_verdict(const struct framing *f, unsigned long long *length);

/* A header line for framing_check(). */
struct framing_header {
    const char *name, *value;
};
/* framing_add() for each of the N lines H, then framing_verdict(). */
const char *framing_check(const struct framing_header *h, size_t n, unsigned long long *length);

#endif
