/* hms.h -- the Hive Metastore Thrift front: its listener, connections, worker threads, transports.
 */
#ifndef SRV_HMS_H
#define SRV_HMS_H

#include "base/error.h"

struct app;
struct hms_server;

/* Serve the Hive Metastore's Thrift protocol (TBinaryProtocol over the buffered transport, or the
** framed one when a connection's first bytes are a frame length) on HOST:PORT (0: any free port)
** with THREADS worker threads of its own, over APP's store, principals and limits (APP is
** borrowed and must outlive the server).  Each connection belongs to one worker (in turn, as
** they come), which reads it without blocking from an epoll set of its own and answers each whole
** message itself, so that a call crosses no thread; connections are capped (in all and per client
** address, the oldest idle one giving way), a message's bytes are charged to the memory budget as
** they arrive, and a message must arrive within APP->body_timeout seconds of its first byte.
** *OUT on success; ERR on failure. */
int hms_start(struct hms_server **out, const struct app *app, const char *host, int port,
              int threads, struct srv_error *err);
int hms_port(const struct hms_server *s);
/* Stop accepting, let the calls in progress finish, close every connection and free S.  NULL is
** a no-op. */
void hms_stop(struct hms_server *s);

#endif
