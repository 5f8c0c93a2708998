/* hms.c -- the Hive Metastore Thrift front: its listener, connections, worker threads, transports.
 */
#include "front/hms.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "front/conntab.h"
#include "front/hms_int.h"
#include "front/listener.h"
#include "front/metrics.h"

#define HMS_MAX_CONNS 512 /* open connections in all (past it the idlest give way) */
/* Slots for connections: the table's cap plus room for the ones it has just evicted (shut
** down, reaped by their worker a moment later), so that a newcomer admitted in their place is
** not turned away while they are still on the list. */
#define HMS_SLOTS (HMS_MAX_CONNS + 64)
/* With every slot taken (connections evicted, their workers not done closing them yet), the
** listener waits up to this long for one before it closes a new connection: meanwhile the
** kernel queues the next ones, and a client that already sent its call is not reset. */
#define HMS_ROOM_SECONDS 2
#define HMS_IDLE_SECONDS 3600.0    /* a connection between calls (engines keep theirs open) */
#define HMS_SEND_SECONDS 30.0      /* a reply must be taken by its client within this */
#define HMS_READ_CHUNK 65536       /* bytes read at once */
#define HMS_KEEP_BUFFER 65536      /* a buffer larger than this is freed between messages */
#define HMS_HANDSHAKE_SECONDS 10.0 /* a TLS handshake must be done within this */
#define HMS_TURN 16 /* pipelined calls of one connection answered before its worker's others */

struct hconn {
    int fd;
    char client[INET6_ADDRSTRLEN];
    struct ct_conn *ct;
    int framed; /* -1 until the first bytes tell, 0 buffered, 1 framed */
    unsigned char *buf;
    size_t len, cap, charged;
    struct thrift_scan scan; /* the buffered transport's message so far */
    size_t msg_at, msg_len;  /* the whole message waiting for a worker: BUF[MSG_AT..+MSG_LEN) */
    double first_byte;       /* when the message in BUF began (0: none) */
    double last_active;
    struct hworker *owner; /* the worker thread that reads, answers and closes it */
    struct sbuf out;       /* replies not sent yet: OUT.p[OUT_AT..OUT.len) */
    size_t out_at;
    double out_since; /* when the socket last took none of it (0: it takes what comes) */
    int turn_over;    /* on its worker's list of connections with calls read and not answered */
    struct hms_session session;
    gnutls_session_t tls; /* with --tls-cert: its TLS session, or NULL */
    int handshaking;      /* the TLS handshake is not done yet */
    double accepted;
};

/* A worker thread: the connections it owns, in an epoll set of its own (as libmicrohttpd's
** threads own theirs): it reads them, answers their calls and closes them, so a call costs no
** hand-over between threads. */
struct hworker {
    struct hms_server *s;
    pthread_t thread;
    int ep;      /* its connections, each armed once (EPOLLONESHOT), and its wake pipe */
    int wake[2]; /* written to stop it */
    struct hconn *more[HMS_SLOTS]; /* calls read and not answered after HMS_TURN: not armed */
    size_t nmore;
};

struct hms_server {
    const struct app *app;
    struct listener *listener;
    struct conntab *ct;
    struct thrift_limits lim;
    pthread_mutex_t lock; /* CONNS, NCONNS, NEXT, STOPPING */
    pthread_cond_t room;  /* signalled when a connection gives up its slot, and at the stop */
    struct hconn *conns[HMS_SLOTS];
    size_t nconns;
    struct hworker *workers;
    int nworkers;
    unsigned next; /* the worker the next connection goes to */
    int stopping;
    int port;
    gnutls_certificate_credentials_t cred; /* with --tls-cert and --tls-key, else NULL */
    gnutls_priority_t prio;
};

static void wake_worker(struct hworker *w)
{
    char b = 1;
    ssize_t n = write(w->wake[1], &b, 1); /* a full pipe is awake already */
    (void)n;
}

/* Arm C in its worker's epoll set for its next bytes (or, in a TLS handshake, for what it waits
** on; with a reply waiting, for room to send it). */
static void arm(struct hconn *c, int op)
{
    struct epoll_event ev;
    memset(&ev, 0, sizeof(ev));
    ev.events = EPOLLIN | EPOLLONESHOT;
    if ((c->handshaking && gnutls_record_get_direction(c->tls) == 1) || c->out.len > 0)
        ev.events = EPOLLOUT | EPOLLONESHOT; /* a reply the socket has no room for yet */
    ev.data.ptr = c;
    epoll_ctl(c->owner->ep, op, c->fd, &ev);
}

/* Close C and forget it (its worker calls this, or hms_stop() once the workers are gone). */
static void conn_close(struct hms_server *s, struct hconn *c)
{
    size_t i;
    pthread_mutex_lock(&s->lock);
    for (i = 0; i < s->nconns; i++)
        if (s->conns[i] == c) {
            s->conns[i] = s->conns[--s->nconns];
            break;
        }
    pthread_cond_signal(&s->room);
    pthread_mutex_unlock(&s->lock);
    conntab_release(s->ct, c->client, c->charged);
    conntab_close(s->ct, c->ct);
    if (c->tls) {
        if (!c->handshaking)
            gnutls_bye(c->tls, GNUTLS_SHUT_WR); /* best effort: the socket does not block */
        gnutls_deinit(c->tls);
    }
    close(c->fd);
    free(c->out.p);
    free(c->buf);
    free(c->session.token);
    free(c);
}

/* C's TLS session, its handshake to be driven by its worker.  0, or -1 (C is to be closed). */
static int tls_open(struct hms_server *s, struct hconn *c)
{
    if (gnutls_init(&c->tls, GNUTLS_SERVER | GNUTLS_NONBLOCK) != GNUTLS_E_SUCCESS) {
        c->tls = NULL;
        return -1;
    }
    if (gnutls_priority_set(c->tls, s->prio) != GNUTLS_E_SUCCESS ||
        gnutls_credentials_set(c->tls, GNUTLS_CRD_CERTIFICATE, s->cred) != GNUTLS_E_SUCCESS) {
        gnutls_deinit(c->tls);
        c->tls = NULL;
        return -1;
    }
    gnutls_certificate_server_set_request(c->tls, GNUTLS_CERT_IGNORE);
    gnutls_transport_set_int(c->tls, c->fd);
    c->handshaking = 1;
    return 0;
}

/* Go on with C's TLS handshake: 1 done, 0 more to come, -1 failed (or too slow). */
static int tls_handshake(struct hconn *c)
{
    int rc = gnutls_handshake(c->tls);
    if (rc == GNUTLS_E_SUCCESS) {
        c->handshaking = 0;
        return 1;
    }
    if ((rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED) &&
        util_monotonic() - c->accepted < HMS_HANDSHAKE_SECONDS)
        return 0;
    return -1;
}

/* recv() on C, through its TLS session when it has one: bytes read, 0 at the end, -1 with errno
** EAGAIN when nothing is there yet, or another errno. */
static ssize_t conn_recv(struct hconn *c, void *buf, size_t n)
{
    ssize_t r;
    if (c->tls == NULL)
        return recv(c->fd, buf, n, MSG_DONTWAIT);
    r = gnutls_record_recv(c->tls, buf, n);
    if (r >= 0)
        return r;
    errno = r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED ? EAGAIN : EIO;
    return -1;
}

/* send() on C likewise (a TLS send that would block is repeated with the same bytes). */
static ssize_t conn_send(struct hconn *c, const char *p, size_t n)
{
    ssize_t w;
    if (c->tls == NULL)
        return send(c->fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    w = gnutls_record_send(c->tls, p, n);
    if (w >= 0)
        return w;
    errno = w == GNUTLS_E_AGAIN || w == GNUTLS_E_INTERRUPTED ? EAGAIN : EIO;
    return -1;
}

/* Whether C's TLS session holds bytes already decrypted (poll() does not see them). */
static int conn_pending(struct hconn *c)
{
    return c->tls && !c->handshaking && gnutls_record_check_pending(c->tls) > 0;
}

/* A connection from the listener: admitted within the caps, or closed at once (the Thrift
** protocol has no way to say "busy" before a call). */
static void adopt(void *cls, int fd, const struct sockaddr *addr, socklen_t len, int proxied)
{
    struct hms_server *s = cls;
    struct hconn *c = xcalloc(1, sizeof(*c));
    enum ct_verdict v;
    (void)len;
    listener_address_text(addr, c->client);
    v = conntab_admit(s->ct, fd, c->client, proxied, util_monotonic(), &c->ct);
    if (v != CT_ADMIT) {
        if (v == CT_ADMIT_OVER)
            conntab_close(s->ct, c->ct);
        metrics_refused("connections");
        close(fd);
        free(c);
        return;
    }
    c->fd = fd;
    c->framed = -1;
    { /* replies are whole messages: nothing to gain from Nagle's algorithm */
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    c->last_active = c->accepted = util_monotonic();
    if (s->cred && tls_open(s, c) != 0) {
        conntab_close(s->ct, c->ct);
        close(fd);
        free(c);
        return;
    }
    pthread_mutex_lock(&s->lock);
    if (s->nconns == HMS_SLOTS && !s->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += HMS_ROOM_SECONDS;
        while (s->nconns == HMS_SLOTS && !s->stopping &&
               pthread_cond_timedwait(&s->room, &s->lock, &until) == 0)
            ;
    }
    if (s->nconns == HMS_SLOTS || s->stopping) {
        pthread_mutex_unlock(&s->lock);
        conntab_close(s->ct, c->ct);
        if (c->tls)
            gnutls_deinit(c->tls);
        close(fd);
        free(c);
        return;
    }
    s->conns[s->nconns++] = c;
    c->owner = &s->workers[s->next++ % (unsigned)s->nworkers];
    pthread_mutex_unlock(&s->lock);
    arm(c, EPOLL_CTL_ADD); /* from here on C is its worker's */
}

/* Send what C's output holds without blocking (a TLS send that would block is repeated with the
** same bytes): 1 all sent, 0 the socket has no room for the rest, -1 failed. */
static int flush_out(struct hconn *c)
{
    while (c->out_at < c->out.len) {
        ssize_t w = conn_send(c, c->out.p + c->out_at, c->out.len - c->out_at);
        if (w > 0) {
            c->out_at += (size_t)w;
            c->out_since = 0;
            continue;
        }
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            if (c->out_since == 0)
                c->out_since = util_monotonic();
            return 0;
        }
        return -1;
    }
    c->out.len = c->out_at = 0;
    c->out_since = 0;
    if (c->out.cap > HMS_KEEP_BUFFER) { /* idle connections hold little */
        free(c->out.p);
        c->out.p = NULL;
        c->out.cap = 0;
    }
    return 1;
}

/* Queue REPLY (a whole message) for C in its transport's framing, and send what the socket takes
** now (the length and the message in one write: two would meet Nagle's algorithm and the peer's
** delayed ACK, 40 ms a call).  0, or -1 (the connection is to close). */
static int send_reply(struct hconn *c, const struct sbuf *reply)
{
    if (c->framed == 1) {
        unsigned char h[4] = {(unsigned char)(reply->len >> 24), (unsigned char)(reply->len >> 16),
                              (unsigned char)(reply->len >> 8), (unsigned char)reply->len};
        sbuf_add(&c->out, (const char *)h, 4);
    }
    sbuf_add(&c->out, reply->p, reply->len);
    return flush_out(c) < 0 ? -1 : 0;
}

/* Answer a message that cannot be read (malformed or over a limit) with a TApplicationException
** naming WHY, best effort, before the connection is closed. */
static void refuse_message(struct hms_server *s, struct hconn *c, const unsigned char *p,
                           size_t len, const char *why)
{
    struct thrift_message m;
    const char *w2;
    struct sbuf reply = {0};
    char msg[256];
    int rc = thrift_decode(p, len, &s->lim, &m, &w2);
    if (rc == THRIFT_OK)
        thrift_message_release(&m);
    snprintf(msg, sizeof(msg), "%s", why ? why : "Malformed message.");
    thrift_w_app_exception(&reply, m.name, m.seqid, THRIFT_APP_PROTOCOL_ERROR, msg);
    send_reply(c, &reply);
    free(reply.p);
}

/* What C's buffer holds: 1 when a whole message is there (MSG_AT, MSG_LEN set), 0 when more is
** needed, -1 when the connection is to close (after a refusal when one can be sent). */
static int message_ready(struct hms_server *s, struct hconn *c)
{
    size_t end;
    int rc;
    if (c->len == 0)
        return 0;
    if (c->framed < 0) {
        if (c->buf[0] == 0x80) {
            c->framed = 0;
        } else if (c->len < 5) {
            return 0;
        } else {
            /* a frame's length, then a message: strict (0x80) or not (a name length's first
            ** byte, 0); an unframed non-strict message has its name's first letter there */
            c->framed = c->buf[4] == 0x80 || c->buf[4] == 0;
        }
        thrift_scan_init(&c->scan, &s->lim);
    }
    if (c->framed == 1) {
        size_t n;
        if (c->len < 4)
            return 0;
        n = (size_t)c->buf[0] << 24 | (size_t)c->buf[1] << 16 | (size_t)c->buf[2] << 8 | c->buf[3];
        if (n == 0 || n > s->lim.max_message) {
            char why[128];
            snprintf(why, sizeof(why), "The frame of %zu bytes is %s.", n,
                     n ? "longer than the limit" : "empty");
            refuse_message(s, c, c->buf + 4, c->len - 4, why);
            return -1;
        }
        if (c->len < 4 + n)
            return 0;
        c->msg_at = 4;
        c->msg_len = n;
        return 1;
    }
    rc = thrift_scan(&c->scan, c->buf, c->len, &end);
    if (rc == THRIFT_MORE)
        return 0;
    if (rc == THRIFT_OK && end > s->lim.max_message)
        rc = THRIFT_ELIMIT, c->scan.why = "The message is longer than the limit.";
    if (rc != THRIFT_OK) {
        refuse_message(s, c, c->buf, c->len, c->scan.why);
        return -1;
    }
    c->msg_at = 0;
    c->msg_len = end;
    return 1;
}

/* Read what C's peer has sent, without blocking.  1: a whole message is there; 0: not yet; -1:
** closed, malformed, too slow or over the budget (the caller closes it). */
static int read_some(struct hms_server *s, struct hconn *c)
{
    for (;;) {
        ssize_t n;
        size_t want = HMS_READ_CHUNK;
        if (c->framed == 1 && c->len >= 4) { /* no more than the frame (the next one waits) */
            size_t f = (size_t)c->buf[0] << 24 | (size_t)c->buf[1] << 16 | (size_t)c->buf[2] << 8 |
                       c->buf[3];
            if (f + 4 > c->len && f + 4 - c->len < want)
                want = f + 4 - c->len;
        }
        if (c->len + want > c->cap) {
            size_t cap = c->cap ? c->cap : 4096;
            while (cap < c->len + want)
                cap *= 2;
            if (cap > s->lim.max_message + 8 + HMS_READ_CHUNK)
                cap = s->lim.max_message + 8 + HMS_READ_CHUNK;
            if (cap < c->len + want)
                return message_ready(s, c) == 1 ? 1 : -1;
            if (cap > c->charged) {
                if (conntab_charge(s->ct, c->client, cap - c->charged, c->charged) != 0) {
                    metrics_refused("memory");
                    return -1;
                }
                c->charged = cap;
            }
            c->buf = xrealloc(c->buf, cap);
            c->cap = cap;
        }
        n = conn_recv(c, c->buf + c->len, want);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            break;
        if (n <= 0)
            return -1;
        if (c->len == 0)
            c->first_byte = util_monotonic();
        c->len += (size_t)n;
        c->last_active = util_monotonic();
        if ((size_t)n < want && !conn_pending(c))
            break;
        if (message_ready(s, c) != 0)
            break;
    }
    return message_ready(s, c);
}

/* Answer the message waiting in C (a worker has it).  0 to go on, -1 to close. */
static int answer(struct hms_server *s, struct hconn *c)
{
    struct thrift_message m;
    struct sbuf reply = {0};
    const char *why;
    int rc = thrift_decode(c->buf + c->msg_at, c->msg_len, &s->lim, &m, &why), ret = 0;
    const char *op = "Unknown";
    double start = util_monotonic();
    if (rc != THRIFT_OK) {
        refuse_message(s, c, c->buf + c->msg_at, c->msg_len,
                       rc == THRIFT_MORE ? "The frame ends inside the message." : why);
        return -1;
    }
    if (m.type != THRIFT_CALL && m.type != THRIFT_ONEWAY) {
        thrift_w_app_exception(&reply, m.name, m.seqid, THRIFT_APP_INVALID_MESSAGE_TYPE,
                               "Only calls are served.");
    } else {
        op = hms_dispatch(s->app, &c->session, c->client, &m, &reply);
        if (m.type == THRIFT_ONEWAY)
            reply.len = 0;
    }
    metrics_observe("hms", op, 200, util_monotonic() - start);
    if (reply.len && send_reply(c, &reply) != 0)
        ret = -1;
    if (s->app->verbose)
        fprintf(stderr, "catalogd: %s hms %.100s (%.3f ms)\n", c->client, m.name,
                (util_monotonic() - start) * 1000.0);
    thrift_message_release(&m);
    free(reply.p);
    return ret;
}

/* Drop the answered message from C's buffer, keeping what followed it. */
static void consume(struct hms_server *s, struct hconn *c)
{
    size_t used = c->msg_at + c->msg_len;
    memmove(c->buf, c->buf + used, c->len - used);
    c->len -= used;
    c->msg_at = c->msg_len = 0;
    c->first_byte = c->len ? util_monotonic() : 0;
    thrift_scan_init(&c->scan, &s->lim);
    if (c->len == 0 && c->cap > HMS_KEEP_BUFFER) { /* idle connections hold little */
        free(c->buf);
        c->buf = NULL;
        c->cap = 0;
        conntab_release(s->ct, c->client, c->charged);
        c->charged = 0;
    }
}

/* W's turn on C (an event of its own): the handshake, the bytes, every whole call they hold
** answered; then C armed again, or closed. */
static void service(struct hworker *w, struct hconn *c)
{
    struct hms_server *s = w->s;
    int r;
    for (;;) {
        if (c->out.len > 0) { /* the rest of a reply first: no new call meanwhile */
            if ((r = flush_out(c)) < 0) {
                conn_close(s, c);
                return;
            }
            if (r == 0)
                break;
        }
        if (c->handshaking) { /* the handshake first, then what follows it */
            r = tls_handshake(c);
            if (r == 1)
                r = read_some(s, c);
        } else {
            r = read_some(s, c);
        }
        if (r == 1) {
            int calls = 0;
            conntab_busy(s->ct, c->ct, 1);
            do {
                if ((r = answer(s, c)) != 0)
                    break;
                consume(s, c);
                /* pipelined calls already read, once the socket took the reply */
                r = c->out.len > 0 ? 0 : message_ready(s, c);
            } while (r == 1 && ++calls < HMS_TURN);
            conntab_busy(s->ct, c->ct, 0);
            c->last_active = util_monotonic();
            if (r == 1) { /* the others' turn: the rest after them (the socket will not say) */
                c->turn_over = 1;
                w->more[w->nmore++] = c;
                return;
            }
        }
        if (r < 0) {
            conn_close(s, c);
            return;
        }
        if (c->out.len > 0 || !conn_pending(c)) /* TLS bytes decrypted already: the socket */
            break;                              /* will not say so */
    }
    arm(c, EPOLL_CTL_MOD);
}

/* Close W's connections past their deadlines: a handshake or a message too slow, a reply not
** taken, or idle too long (a slow client holds nothing for long). */
static void sweep(struct hworker *w, double now)
{
    struct hms_server *s = w->s;
    struct hconn *late[HMS_SLOTS];
    size_t i, n = 0;
    pthread_mutex_lock(&s->lock);
    for (i = 0; i < s->nconns; i++) {
        struct hconn *c = s->conns[i];
        if (c->owner != w || c->turn_over)
            continue;
        if ((c->handshaking && now - c->accepted >= HMS_HANDSHAKE_SECONDS) ||
            (c->out_since > 0 && now - c->out_since > HMS_SEND_SECONDS) ||
            (c->len > 0 && s->app->body_timeout && now - c->first_byte > s->app->body_timeout) ||
            (c->len == 0 && now - c->last_active > HMS_IDLE_SECONDS))
            late[n++] = c;
    }
    pthread_mutex_unlock(&s->lock);
    for (i = 0; i < n; i++)
        conn_close(s, late[i]);
}

static void *worker(void *arg)
{
    struct hworker *w = arg;
    struct hms_server *s = w->s;
    struct epoll_event ev[64];
    double last_sweep = util_monotonic();
    for (;;) {
        int n = epoll_wait(w->ep, ev, 64, w->nmore ? 0 : 250), i;
        size_t k, nmore = w->nmore;
        struct hconn *more[HMS_SLOTS];
        double now;
        if (__atomic_load_n(&s->stopping, __ATOMIC_ACQUIRE))
            break;
        memcpy(more, w->more, nmore * sizeof(more[0])); /* the turns after this round's events */
        w->nmore = 0;
        for (k = 0; k < nmore; k++)
            more[k]->turn_over = 0;
        for (i = 0; i < n; i++) {
            if (ev[i].data.ptr == NULL) {
                char b[64];
                while (read(w->wake[0], b, sizeof(b)) > 0)
                    ;
                continue;
            }
            service(w, ev[i].data.ptr);
        }
        for (k = 0; k < nmore; k++)
            service(w, more[k]);
        now = util_monotonic();
        if (now - last_sweep >= 0.25) {
            sweep(w, now);
            last_sweep = now;
        }
    }
    return NULL;
}

/* S's TLS credentials from APP's PEM certificate and key, the HTTP listener's priorities. */
static int tls_setup(struct hms_server *s, const struct app *app, struct srv_error *err)
{
    gnutls_datum_t cert = {(unsigned char *)(uintptr_t)app->tls_cert,
                           (unsigned)strlen(app->tls_cert)},
                   key = {(unsigned char *)(uintptr_t)app->tls_key, (unsigned)strlen(app->tls_key)};
    const char *prio = app->tls_priorities ? app->tls_priorities : HTTP_TLS_PRIORITIES;
    if (gnutls_certificate_allocate_credentials(&s->cred) != GNUTLS_E_SUCCESS) {
        s->cred = NULL;
        return srv_error_set(err, CAT_EINTERNAL, "cannot allocate TLS credentials");
    }
    if (gnutls_certificate_set_x509_key_mem(s->cred, &cert, &key, GNUTLS_X509_FMT_PEM) < 0 ||
        gnutls_priority_init(&s->prio, prio, NULL) != GNUTLS_E_SUCCESS) {
        gnutls_certificate_free_credentials(s->cred);
        s->cred = NULL;
        return srv_error_set(err, CAT_EINVAL,
                             "the Hive Metastore port's TLS certificate and key do not load");
    }
    return CAT_OK;
}

static void tls_free(struct hms_server *s)
{
    if (s->cred) {
        gnutls_priority_deinit(s->prio);
        gnutls_certificate_free_credentials(s->cred);
    }
}

/* Stop S's workers: each ends after the calls it is answering; their sets and pipes closed. */
static void stop_workers(struct hms_server *s)
{
    int i;
    pthread_mutex_lock(&s->lock); /* adopt() reads it under the lock, the workers without */
    __atomic_store_n(&s->stopping, 1, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&s->room);
    pthread_mutex_unlock(&s->lock);
    for (i = 0; i < s->nworkers; i++)
        wake_worker(&s->workers[i]);
    for (i = 0; i < s->nworkers; i++) {
        pthread_join(s->workers[i].thread, NULL);
        close(s->workers[i].ep);
        close(s->workers[i].wake[0]);
        close(s->workers[i].wake[1]);
    }
    s->nworkers = 0;
}

int hms_start(struct hms_server **out, const struct app *app, const char *host, int port,
              int threads, struct srv_error *err)
{
    struct hms_server *s = xcalloc(1, sizeof(*s));
    struct conntab_limits lim;
    int i;
    *out = NULL;
    s->app = app;
    s->lim = thrift_default_limits;
    if (app->max_body && app->max_body < s->lim.max_message)
        s->lim.max_message = s->lim.max_string = app->max_body;
    memset(&lim, 0, sizeof(lim));
    lim.max_conns = HMS_MAX_CONNS;
    lim.per_client = app->per_ip_limit;
    lim.budget = app->memory_budget;
    if (app->hms_principal && app->auth) {
        struct auth_set *set = auth_acquire(app->auth);
        int known = auth_by_name(set, app->hms_principal) != NULL;
        auth_release(set);
        if (!known) {
            free(s);
            return srv_error_set(err, CAT_EINVAL,
                                 "--hms-principal %.100s is not a principal of the auth file",
                                 app->hms_principal);
        }
    }
    if (app->tls_cert && app->tls_key && tls_setup(s, app, err) != CAT_OK) {
        free(s);
        return err->code;
    }
    s->ct = conntab_new(&lim);
    pthread_mutex_init(&s->lock, NULL);
    {
        pthread_condattr_t ca;
        pthread_condattr_init(&ca);
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        pthread_cond_init(&s->room, &ca);
        pthread_condattr_destroy(&ca);
    }
    s->workers = xcalloc((size_t)threads, sizeof(*s->workers));
    for (i = 0; i < threads; i++) {
        struct hworker *w = &s->workers[i];
        struct epoll_event ev;
        w->s = s;
        if (pipe2(w->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
            srv_error_set(err, CAT_EINTERNAL, "cannot create a pipe");
            break;
        }
        if ((w->ep = epoll_create1(EPOLL_CLOEXEC)) < 0) {
            close(w->wake[0]);
            close(w->wake[1]);
            srv_error_set(err, CAT_EINTERNAL, "cannot create an epoll set");
            break;
        }
        memset(&ev, 0, sizeof(ev));
        ev.events = EPOLLIN;
        ev.data.ptr = NULL; /* the wake pipe */
        epoll_ctl(w->ep, EPOLL_CTL_ADD, w->wake[0], &ev);
        pthread_create(&w->thread, NULL, worker, w);
        s->nworkers++;
    }
    if (s->nworkers < threads ||
        listener_start(&s->listener, host, port, NULL, 0, adopt, s, err) != CAT_OK) {
        stop_workers(s);
        goto fail;
    }
    s->port = listener_port(s->listener);
    *out = s;
    return CAT_OK;
fail:
    tls_free(s);
    conntab_free(s->ct);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->room);
    free(s->workers);
    free(s);
    return err->code;
}

int hms_port(const struct hms_server *s)
{
    return s->port;
}

void hms_stop(struct hms_server *s)
{
    if (s == NULL)
        return;
    listener_close(s->listener);
    stop_workers(s); /* each finishes the calls it is answering */
    while (s->nconns)
        conn_close(s, s->conns[0]);
    listener_free(s->listener);
    conntab_free(s->ct);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->room);
    tls_free(s);
    free(s->workers);
    free(s);
}
