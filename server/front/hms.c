/* hms.c -- the Hive Metastore Thrift front: its listener, connections, worker threads, transports.
 */
#include "front/hms.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "front/conntab.h"
#include "front/hms_int.h"
#include "front/listener.h"
#include "front/metrics.h"

#define HMS_MAX_CONNS 512       /* open connections in all (past it the idlest give way) */
#define HMS_IDLE_SECONDS 3600.0 /* a connection between calls (engines keep theirs open) */
#define HMS_SEND_SECONDS 30.0   /* a reply must be taken by its client within this */
#define HMS_READ_CHUNK 65536    /* bytes read at once */
#define HMS_KEEP_BUFFER 65536   /* a buffer larger than this is freed between messages */

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
    int busy; /* a worker has it (only that worker touches it then) */
    struct hms_session session;
};

struct hms_server {
    const struct app *app;
    struct listener *listener;
    struct conntab *ct;
    struct thrift_limits lim;
    pthread_mutex_t lock; /* CONNS, NCONNS, QUEUE, STOPPING; each conn's BUSY */
    pthread_cond_t work;
    struct hconn *conns[HMS_MAX_CONNS];
    size_t nconns;
    struct hconn *queue[HMS_MAX_CONNS];
    size_t qhead, qlen;
    int wake[2];
    pthread_t poller;
    pthread_t *workers;
    int nworkers;
    int stopping;
    int port;
};

static void wake_poller(struct hms_server *s)
{
    char b = 1;
    ssize_t w = write(s->wake[1], &b, 1); /* a full pipe is awake already */
    (void)w;
}

static void address_text(const struct sockaddr *sa, char out[INET6_ADDRSTRLEN])
{
    snprintf(out, INET6_ADDRSTRLEN, "-");
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  INET6_ADDRSTRLEN);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  INET6_ADDRSTRLEN);
}

/* Close C and forget it (its owner calls this: the poller, or the worker that has it). */
static void conn_close(struct hms_server *s, struct hconn *c)
{
    size_t i;
    pthread_mutex_lock(&s->lock);
    for (i = 0; i < s->nconns; i++)
        if (s->conns[i] == c) {
            s->conns[i] = s->conns[--s->nconns];
            break;
        }
    pthread_mutex_unlock(&s->lock);
    conntab_release(s->ct, c->client, c->charged);
    conntab_close(s->ct, c->ct);
    close(c->fd);
    free(c->buf);
    free(c->session.token);
    free(c);
}

/* A connection from the listener: admitted within the caps, or closed at once (the Thrift
** protocol has no way to say "busy" before a call). */
static void adopt(void *cls, int fd, const struct sockaddr *addr, socklen_t len, int proxied)
{
    struct hms_server *s = cls;
    struct hconn *c = xcalloc(1, sizeof(*c));
    enum ct_verdict v;
    (void)len;
    address_text(addr, c->client);
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
    c->last_active = util_monotonic();
    pthread_mutex_lock(&s->lock);
    if (s->nconns == HMS_MAX_CONNS || s->stopping) {
        pthread_mutex_unlock(&s->lock);
        conntab_close(s->ct, c->ct);
        close(fd);
        free(c);
        return;
    }
    s->conns[s->nconns++] = c;
    pthread_mutex_unlock(&s->lock);
    wake_poller(s);
}

/* Send LEN bytes of P to C within HMS_SEND_SECONDS.  0, or -1 (the connection is to close). */
static int send_all(struct hconn *c, const char *p, size_t len)
{
    double end = util_monotonic() + HMS_SEND_SECONDS;
    size_t off = 0;
    while (off < len) {
        ssize_t w = send(c->fd, p + off, len - off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w > 0) {
            off += (size_t)w;
            continue;
        }
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            struct pollfd pf = {c->fd, POLLOUT, 0};
            double left = end - util_monotonic();
            if (left <= 0 || poll(&pf, 1, (int)(left * 1000) + 1) < 0)
                return -1;
            continue;
        }
        return -1;
    }
    return 0;
}

/* Send REPLY (a whole message) to C in its transport's framing. */
static int send_reply(struct hconn *c, const struct sbuf *reply)
{
    if (c->framed == 1) {
        unsigned char h[4] = {(unsigned char)(reply->len >> 24), (unsigned char)(reply->len >> 16),
                              (unsigned char)(reply->len >> 8), (unsigned char)reply->len};
        if (send_all(c, (const char *)h, 4) != 0)
            return -1;
    }
    return send_all(c, reply->p, reply->len);
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
        n = recv(c->fd, c->buf + c->len, want, MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            break;
        if (n <= 0)
            return -1;
        if (c->len == 0)
            c->first_byte = util_monotonic();
        c->len += (size_t)n;
        c->last_active = util_monotonic();
        if ((size_t)n < want)
            break;
        if (message_ready(s, c) != 0)
            break;
    }
    return message_ready(s, c);
}

static void enqueue(struct hms_server *s, struct hconn *c)
{
    pthread_mutex_lock(&s->lock);
    c->busy = 1;
    s->queue[(s->qhead + s->qlen++) % HMS_MAX_CONNS] = c;
    pthread_cond_signal(&s->work);
    pthread_mutex_unlock(&s->lock);
}

static void *poller(void *arg)
{
    struct hms_server *s = arg;
    static __thread struct pollfd pf[HMS_MAX_CONNS + 1];
    struct hconn *mine[HMS_MAX_CONNS];
    for (;;) {
        size_t i, n = 0;
        double now;
        pthread_mutex_lock(&s->lock);
        if (s->stopping) {
            pthread_mutex_unlock(&s->lock);
            break;
        }
        for (i = 0; i < s->nconns; i++)
            if (!s->conns[i]->busy)
                mine[n++] = s->conns[i];
        pthread_mutex_unlock(&s->lock);
        pf[0] = (struct pollfd){s->wake[0], POLLIN, 0};
        for (i = 0; i < n; i++)
            pf[i + 1] = (struct pollfd){mine[i]->fd, POLLIN, 0};
        poll(pf, n + 1, 250);
        if (pf[0].revents) {
            char b[64];
            while (read(s->wake[0], b, sizeof(b)) > 0)
                ;
        }
        now = util_monotonic();
        for (i = 0; i < n; i++) {
            struct hconn *c = mine[i];
            int r = 0;
            if (pf[i + 1].revents)
                r = read_some(s, c);
            if (r == 1) {
                enqueue(s, c);
                continue;
            }
            if (r == 0 && c->len > 0 && s->app->body_timeout &&
                now - c->first_byte > s->app->body_timeout)
                r = -1; /* a message trickling in: a slow client holds nothing for long */
            if (r == 0 && c->len == 0 && now - c->last_active > HMS_IDLE_SECONDS)
                r = -1;
            if (r < 0)
                conn_close(s, c);
        }
    }
    return NULL;
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

static void *worker(void *arg)
{
    struct hms_server *s = arg;
    for (;;) {
        struct hconn *c;
        int r;
        pthread_mutex_lock(&s->lock);
        while (s->qlen == 0 && !s->stopping)
            pthread_cond_wait(&s->work, &s->lock);
        if (s->qlen == 0) {
            pthread_mutex_unlock(&s->lock);
            break;
        }
        c = s->queue[s->qhead];
        s->qhead = (s->qhead + 1) % HMS_MAX_CONNS;
        s->qlen--;
        pthread_mutex_unlock(&s->lock);
        conntab_busy(s->ct, c->ct, 1);
        do {
            if ((r = answer(s, c)) != 0)
                break;
            consume(s, c);
            r = message_ready(s, c); /* pipelined calls already read */
        } while (r == 1);
        conntab_busy(s->ct, c->ct, 0);
        if (r < 0) {
            conn_close(s, c);
            continue;
        }
        c->last_active = util_monotonic();
        pthread_mutex_lock(&s->lock);
        c->busy = 0;
        pthread_mutex_unlock(&s->lock);
        wake_poller(s);
    }
    return NULL;
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
    s->ct = conntab_new(&lim);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->work, NULL);
    if (pipe2(s->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        srv_error_set(err, CAT_EINTERNAL, "cannot create a pipe");
        goto fail;
    }
    s->nworkers = threads;
    s->workers = xcalloc((size_t)threads, sizeof(pthread_t));
    pthread_create(&s->poller, NULL, poller, s);
    for (i = 0; i < threads; i++)
        pthread_create(&s->workers[i], NULL, worker, s);
    if (listener_start(&s->listener, host, port, NULL, 0, adopt, s, err) != CAT_OK) {
        pthread_mutex_lock(&s->lock);
        s->stopping = 1;
        pthread_cond_broadcast(&s->work);
        pthread_mutex_unlock(&s->lock);
        wake_poller(s);
        pthread_join(s->poller, NULL);
        for (i = 0; i < threads; i++)
            pthread_join(s->workers[i], NULL);
        free(s->workers);
        close(s->wake[0]);
        close(s->wake[1]);
        goto fail;
    }
    s->port = listener_port(s->listener);
    *out = s;
    return CAT_OK;
fail:
    conntab_free(s->ct);
    pthread_cond_destroy(&s->work);
    pthread_mutex_destroy(&s->lock);
    free(s);
    return err->code;
}

int hms_port(const struct hms_server *s)
{
    return s->port;
}

void hms_stop(struct hms_server *s)
{
    int i;
    if (s == NULL)
        return;
    listener_close(s->listener);
    pthread_mutex_lock(&s->lock);
    s->stopping = 1;
    pthread_cond_broadcast(&s->work);
    pthread_mutex_unlock(&s->lock);
    wake_poller(s);
    pthread_join(s->poller, NULL);
    for (i = 0; i < s->nworkers; i++) /* they finish the calls they have, then the queue */
        pthread_join(s->workers[i], NULL);
    while (s->nconns)
        conn_close(s, s->conns[0]);
    listener_free(s->listener);
    conntab_free(s->ct);
    close(s->wake[0]);
    close(s->wake[1]);
    pthread_cond_destroy(&s->work);
    pthread_mutex_destroy(&s->lock);
    free(s->workers);
    free(s);
}
