/* listener.h -- the listening socket: accept, trusted proxies' PROXY header, graceful closes. */
#ifndef SRV_LISTENER_H
#define SRV_LISTENER_H

#include <netinet/in.h>
#include <sys/socket.h>

#include "base/error.h"

struct proxy_set;

/* A new connection, handed over with its descriptor (the callee owns FD from then on).  ADDR is
** the client's address: the PROXY header's source when a trusted proxy sent one, else the peer's.
** PROXIED: the peer is a trusted proxy that sent no PROXY header (its requests name their client
** in X-Forwarded-For).  Called from the listener's thread only. */
typedef void (*listener_adopt_fn)(void *cls, int fd, const struct sockaddr *addr, socklen_t len,
                                  int proxied);

struct listener;

/* SA's address as text into OUT ("-" when it has none, or is neither IPv4 nor IPv6). */
void listener_address_text(const struct sockaddr *sa, char out[INET6_ADDRSTRLEN]);

/* 0 (CAT_OK) when HOST (IPv4 or IPv6 text):PORT can be bound now (PORT 0: always), else ERR
** says why, naming the port when it is in use.  main() asks before it creates or migrates the
** database, so that a port taken is reported first; listener_start() binds for real. */
int listener_probe(const char *host, int port, struct srv_error *err);

/* Listen on HOST (IPv4 or IPv6 text):PORT (0: any free port) and start the thread that accepts.
** From peers in TRUSTED (borrowed; NULL or empty: none) a PROXY protocol header (v1 or v2) is
** awaited for up to PREAMBLE_SECONDS and consumed before the connection is adopted; a connection
** from them that starts otherwise is adopted as it is, PROXIED.  A malformed PROXY header gets a
** 400 and the connection is closed.  *OUT on success; ERR on failure. */
int listener_start(struct listener **out, const char *host, int port,
                   const struct proxy_set *trusted, unsigned preamble_seconds,
                   listener_adopt_fn adopt, void *cls, struct srv_error *err);
int listener_port(const struct listener *l);

/* Close FD gracefully: its write side is shut, and what the peer still sends is read and dropped
** (up to 16 MiB, for up to 2 s) before the close, so that the peer reads the answer sent before
** instead of a reset.  Takes FD.  Thread-safe. */
void listener_linger(struct listener *l, int fd);

/* Write the raw HTTP answer TEXT (a whole response) to FD and close it gracefully.  Takes FD. */
void listener_refuse(struct listener *l, int fd, const char *text);

/* Stop accepting: new handshakes are dropped (their clients retry, are refused once the socket
** is closed, and go elsewhere), the connections the kernel queued already are adopted (for up to
** 2 s, their PROXY headers read), then the listening socket is closed.  NULL is a no-op. */
void listener_close(struct listener *l);
/* Close what still lingers and free L (after listener_close).  NULL is a no-op. */
void listener_free(struct listener *l);

#endif
