/* metrics.h -- request counters, latency histograms and gauges; Prometheus text exposition. */
#ifndef SRV_METRICS_H
#define SRV_METRICS_H

#include "base/util.h"

/* Count one answered request: FRONT ("glue" or "rest") and OPERATION are static strings
** (label values, from the fronts' own tables), STATUS the HTTP status, SECONDS its latency.
** Thread-safe. */
void metrics_observe(const char *front, const char *operation, int status, double seconds);

/* One more (D = 1) or one fewer (D = -1) open client connection.  Thread-safe. */
void metrics_connections(int d);

/* The number of distinct client addresses now (catalogd_clients).  Thread-safe. */
void metrics_clients(unsigned n);

/* Count one refusal for want of room: REASON is "connections" (the server's connections),
** "connections_per_client" or "memory" (the memory budget).  Thread-safe. */
void metrics_refused(const char *reason);

/* Append every metric to OUT as Prometheus text (version 0.0.4); DB_SIZE is the
** catalogd_database_size_bytes gauge (negative: left out); PROBLEM is store_write_problem()
** (NULL: none), the catalogd_store_problem gauge: 1 for it, 0 for the others of "disk full",
** "read-only", "corrupt" and "PostgreSQL unreachable".  Thread-safe. */
void metrics_render(struct sbuf *out, long long db_size, const char *problem);

#endif
