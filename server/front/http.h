/* http.h -- libmicrohttpd only: access handler, capped body, request state, Glue/REST split. */
#ifndef SRV_HTTP_H
#define SRV_HTTP_H

#include <stddef.h>

#include "auth/request.h"
#include "base/error.h"

struct store_pool;
struct auth_store;
struct proxy_set;

/* What the daemon serves: shared, read-only after start. */
struct app {
    struct store_pool *pool;          /* connections for the request handlers */
    const char *catalog_id;           /* default CatalogId */
    size_t max_body;                  /* request bodies above this get 413 */
    size_t max_answer;                /* answers are cut (NextToken, UnprocessedKeys) near this many
                                      ** bytes; 0: OPS_DEFAULT_MAX_ANSWER */
    int verbose;                      /* log one line per request to stderr */
    struct auth_store *auth;          /* principals (--auth-file), or NULL: no authentication */
    const char *const *allowed_hosts; /* NULL-terminated: Host names accepted besides the
                                      ** loopback ones when listening on loopback, or NULL */
    size_t memory_budget;           /* bytes of bodies and answers in flight, all requests together;
                                    ** past it: 503 / ThrottlingException.  0: no budget */
    unsigned per_ip_limit;          /* connections per client address (0: none) */
    unsigned idle_timeout;          /* seconds a connection may send nothing (0: 60) */
    unsigned header_timeout;        /* seconds from a request line to the end of its headers */
    unsigned body_timeout;          /* seconds from the headers to the end of the body */
    const char *tls_cert, *tls_key; /* PEM text: serve HTTPS; both or neither */
    const struct proxy_set *trusted_proxies; /* --trusted-proxy ranges (see proxy.h), or NULL */
    const char *tls_priorities; /* GnuTLS priority string (checked by the caller); NULL:
                                ** HTTP_TLS_PRIORITIES */
    const char *hms_principal;  /* --hms-principal: the Thrift connections' principal until
                                ** set_ugi names one, or NULL */
};

/* What HTTPS offers unless told otherwise: TLS 1.2 and 1.3 only, and only key exchanges with
** forward secrecy (ECDHE; DHE would need DH parameters, not set; no RSA key transport). */
#define HTTP_TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-RSA"

/* An answer produced by a protocol front, sent by the HTTP layer. */
struct http_response {
    int status;
    char *body; /* malloc'd; the HTTP layer frees it */
    size_t len;
    const char *content_type;   /* static */
    const char *error_type;     /* static or NULL: x-amzn-ErrorType */
    const char *operation;      /* static or NULL: the metrics' operation label */
    char *location;             /* malloc'd or NULL: Location header (REST) */
    char *etag;                 /* malloc'd or NULL: ETag header, quotes included (REST) */
    char allow[48];             /* Allow header when not empty (REST 405) */
    int challenge;              /* 1: WWW-Authenticate: Bearer (REST 401) */
    const char *const *headers; /* static or NULL: more header lines, name then value, up to a
                                ** NULL name (the console's security headers) */
};

struct http_server;

/* Start serving APP on HOST:PORT (PORT 0 = any free port) with THREADS worker threads.
** *OUT is the running server; http_port() tells the bound port.  ERR on failure. */
int http_start(struct http_server **out, const struct app *app, const char *host, int port,
               int threads, struct srv_error *err);
int http_port(const struct http_server *s);
/* Begin draining S: /health answers 503 "draining" and every answer closes its connection (a
** balancer moves its traffic to the other servers), while requests are still served. */
void http_drain(struct http_server *s);
/* How many connections S has open. */
unsigned http_open_connections(struct http_server *s);
/* Stop accepting, finish in-flight requests, and free S.  NULL is a no-op. */
void http_stop(struct http_server *s);

#endif
