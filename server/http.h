/* http.h -- libmicrohttpd only: access handler, capped body, request state, Glue/REST split. */
#ifndef SRV_HTTP_H
#define SRV_HTTP_H

#include <stddef.h>

#include "error.h"

struct store_pool;

/* What the daemon serves: shared, read-only after start. */
struct app {
    struct store_pool *pool; /* connections for the request handlers */
    const char *catalog_id;  /* default CatalogId */
    size_t max_body;         /* request bodies above this get 413 */
    size_t max_answer;       /* answers are cut (NextToken, UnprocessedKeys) near this many
                             ** bytes; 0: OPS_DEFAULT_MAX_ANSWER */
    int verbose;             /* log one line per request to stderr */
};

/* An answer produced by a protocol front, sent by the HTTP layer. */
struct http_response {
    int status;
    char *body; /* malloc'd; the HTTP layer frees it */
    size_t len;
    const char *content_type; /* static */
    const char *error_type;   /* static or NULL: x-amzn-ErrorType */
    const char *operation;    /* static or NULL: the metrics' operation label */
    char *location;           /* malloc'd or NULL: Location header (REST) */
    char *etag;               /* malloc'd or NULL: ETag header, quotes included (REST) */
    char allow[48];           /* Allow header when not empty (REST 405) */
};

struct http_server;

/* Start serving APP on HOST:PORT (PORT 0 = any free port) with THREADS worker threads.
** *OUT is the running server; http_port() tells the bound port.  ERR on failure. */
int http_start(struct http_server **out, const struct app *app, const char *host, int port,
               int threads, struct srv_error *err);
int http_port(const struct http_server *s);
/* Stop accepting, finish in-flight requests, and free S.  NULL is a no-op. */
void http_stop(struct http_server *s);

#endif
