/* request.h -- the facts of a request that authentication reads: method, path, query, headers. */
#ifndef SRV_REQUEST_H
#define SRV_REQUEST_H

#include <stddef.h>

/* The HTTP front (front/http.c) gathers them; auth/ (sigv4.c) reads them without knowing the
** front, so the layers below the fronts stay free of libmicrohttpd and of front/. */

/* A name and a value as they came on the wire (a header, or a raw query parameter). */
struct http_pair {
    const char *key, *value; /* VALUE may be NULL for a query parameter without '=' */
};

/* What the HTTP layer gathers of a request for authentication and the audit log.  Borrowed:
** valid during the front's call only. */
struct http_info {
    const char *method;
    const char *path;              /* raw (percent-encoded), without the query */
    const struct http_pair *query; /* raw query parameters, in order */
    size_t nquery;
    const struct http_pair *headers; /* every header line, in order, repeated names kept */
    size_t nheaders;
    const char *source;     /* the client's address, as text */
    const char *request_id; /* the request id the answer carries */
};

#endif
