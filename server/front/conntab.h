/* conntab.h -- open connections and bytes in flight by client: caps, eviction, budget shares. */
#ifndef SRV_CONNTAB_H
#define SRV_CONNTAB_H

#include <stddef.h>

/* The table every connection is counted in, from its admission to its close, and the memory
** budget every request body and answer is charged to.  A client is an address as text (the real
** client's: from the PROXY header or the socket; X-Forwarded-For clients are charged by the
** request).  Every function is thread-safe (one mutex); none blocks. */
struct conntab;

struct conntab_limits {
    unsigned max_conns;      /* open connections in all (the eviction point) */
    unsigned per_client;     /* open connections per client address; 0: none */
    size_t budget;           /* bytes of bodies and answers in flight; 0: none */
    size_t client_share;     /* of them, what one client's big requests may hold; 0: BUDGET / 2 */
    unsigned header_timeout; /* seconds a new or idle-then-requesting connection has for headers */
};

/* The connection record: owned by the table.  FD is the socket; the flags are read and written
** under the table's lock through the functions below only. */
struct ct_conn;

/* What conntab_admit() decided for a new connection. */
enum ct_verdict {
    CT_ADMIT,      /* serve it */
    CT_ADMIT_OVER, /* serve its first request a 503 (over a limit) and close it gracefully */
    CT_REFUSE      /* no room at all: answer 503 raw and close */
};

/* Requests whose whole charge stays within this many bytes always find room in the budget: the
** requests with big bodies may use at most BUDGET - BUDGET / 8 of it, and one client at most its
** share, so a flood of big bodies never throttles a small request (the reserve). */
#define CONNTAB_SMALL_REQUEST (64 * 1024)

struct conntab *conntab_new(const struct conntab_limits *lim);
void conntab_free(struct conntab *t);

/* Admit a connection FD from CLIENT (text, copied).  PROXIED: it comes from a trusted proxy
** and carries many clients' requests (X-Forwarded-For): not counted against CLIENT's cap.
** When the table is full, the oldest connection without a request in progress of the client
** holding the most connections is shut down (shutdown(2), so its owner closes it) to make room.
** Returns the verdict; *OUT is the record (NULL on CT_REFUSE). */
enum ct_verdict conntab_admit(struct conntab *t, int fd, const char *client, int proxied,
                              double now, struct ct_conn **out);
/* The record admitted for FD, now seen by the HTTP layer, or NULL (not admitted here). */
struct ct_conn *conntab_attach(struct conntab *t, int fd);
/* Forget C (closed).  Returns 1 when it is to be closed gracefully (see conntab_set_linger). */
int conntab_close(struct conntab *t, struct ct_conn *c);

/* A request began on C (headers arrived) or ended. */
void conntab_busy(struct conntab *t, struct ct_conn *c, int busy);
/* Deadline of C's headers or body: now + SECONDS, or none (0). */
void conntab_deadline(struct conntab *t, struct ct_conn *c, double now, unsigned seconds);
/* C's flags: admitted over a limit, proxied, and its client's address (valid while C is open). */
int conntab_over(const struct ct_conn *c);
int conntab_proxied(const struct ct_conn *c);
const char *conntab_client(const struct ct_conn *c);
/* C is to drain what its peer still sends after the answer (an early refusal). */
void conntab_set_linger(struct conntab *t, struct ct_conn *c);

/* Shut down the connections whose deadline has passed; returns how many. */
int conntab_sweep(struct conntab *t, double now);

/* Charge N more bytes to CLIENT for a request that has REQ_CHARGED bytes charged already: 0, or
** -1 (nothing charged) when the budget, the big requests' part of it, or CLIENT's share is
** spent.  conntab_release() gives them back. */
int conntab_charge(struct conntab *t, const char *client, size_t n, size_t req_charged);
void conntab_release(struct conntab *t, const char *client, size_t n);

/* Gauges: open connections, distinct clients, bytes charged. */
void conntab_stats(struct conntab *t, unsigned *conns, unsigned *clients, size_t *held);

#endif
