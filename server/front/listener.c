/* listener.c -- the listening socket: accept, trusted proxies' PROXY header, graceful closes. */
#include "front/listener.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "front/proxy.h"

#define MAX_WAITING 256    /* connections awaiting their PROXY header at once */
#define MAX_LINGERING 512  /* connections draining before their close at once */
#define LINGER_SECONDS 2.0 /* how long a graceful close reads what the peer still sends */
#define LINGER_BYTES (16 * 1024 * 1024) /* and how much of it */
#define STOP_SECONDS 2.0 /* at the stop: how long queued connections may take to show up */

/* A socket the thread watches: awaiting its PROXY header, or lingering before its close. */
struct slot {
    int fd;
    double deadline;
    size_t drained;
    struct sockaddr_storage peer;
    socklen_t peer_len;
};

struct listener {
    int fd; /* the listening socket, -1 once closed */
    int port;
    int wake[2]; /* a pipe: the thread's poll() wakes when something is queued or it must stop */
    const struct proxy_set *trusted;
    unsigned preamble_seconds;
    listener_adopt_fn adopt;
    void *cls;
    pthread_t thread;
    pthread_mutex_t lock;     /* QUEUE, NQUEUE, STOP */
    int queue[MAX_LINGERING]; /* descriptors handed to listener_linger(), not yet taken */
    size_t nqueue;
    int stop;
    struct slot waiting[MAX_WAITING]; /* the thread's own from here on */
    size_t nwaiting;
    struct slot lingering[MAX_LINGERING];
    size_t nlingering;
};

static void wake(struct listener *l)
{
    char b = 1;
    ssize_t w = write(l->wake[1], &b, 1); /* a full pipe is awake already */
    (void)w;
}

/* Start draining FD (its write side shut).  In the thread.  No room: closed at once. */
static void linger_add(struct listener *l, int fd)
{
    shutdown(fd, SHUT_WR);
    if (l->nlingering == MAX_LINGERING) {
        close(fd);
        return;
    }
    memset(&l->lingering[l->nlingering], 0, sizeof(l->lingering[0]));
    l->lingering[l->nlingering].fd = fd;
    l->lingering[l->nlingering++].deadline = util_monotonic() + LINGER_SECONDS;
}

void listener_linger(struct listener *l, int fd)
{
    pthread_mutex_lock(&l->lock);
    if (l->nqueue < MAX_LINGERING && !l->stop) {
        l->queue[l->nqueue++] = fd;
        fd = -1;
    }
    pthread_mutex_unlock(&l->lock);
    if (fd >= 0)
        close(fd);
    else
        wake(l);
}

void listener_refuse(struct listener *l, int fd, const char *text)
{
    size_t off = 0, len = strlen(text);
    while (off < len) { /* a fresh socket's send buffer takes a short answer whole */
        ssize_t w = send(fd, text + off, len - off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    listener_linger(l, fd);
}

static int is_trusted(const struct listener *l, const struct sockaddr *sa)
{
    return l->trusted && l->trusted->n && proxy_trusted(l->trusted, sa);
}

/* Look at what WAITING slot S has sent: adopt it once its PROXY header (or its absence) is
** known.  1 when the slot is done (adopted or closed), 0 to keep waiting. */
static int preamble(struct listener *l, struct slot *s)
{
    unsigned char buf[PROXY_HEADER_MAX];
    struct sockaddr_storage client;
    ssize_t n = recv(s->fd, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT);
    int r;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return 0;
    if (n <= 0) { /* closed before a request: nothing to answer */
        close(s->fd);
        return 1;
    }
    r = proxy_header_parse(buf, (size_t)n, &client);
    if (r == 0)
        return 0;
    if (r == -1) { /* plain HTTP or TLS from the proxy: its requests name their clients */
        l->adopt(l->cls, s->fd, (struct sockaddr *)&s->peer, s->peer_len, 1);
        return 1;
    }
    if (r < 0) {
        fprintf(stderr, "catalogd: a malformed PROXY protocol header from a trusted proxy\n");
        listener_refuse(l, s->fd,
                        "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
                        "Content-Length: 28\r\nConnection: close\r\n\r\n"
                        "Malformed PROXY header.\r\n\r\n");
        return 1;
    }
    if (recv(s->fd, buf, (size_t)r, MSG_DONTWAIT) != r) { /* peeked whole: cannot be short */
        close(s->fd);
        return 1;
    }
    if (client.ss_family == AF_INET)
        l->adopt(l->cls, s->fd, (struct sockaddr *)&client, sizeof(struct sockaddr_in), 0);
    else if (client.ss_family == AF_INET6)
        l->adopt(l->cls, s->fd, (struct sockaddr *)&client, sizeof(struct sockaddr_in6), 0);
    else /* LOCAL or UNKNOWN: the proxy's own connection (a health check) */
        l->adopt(l->cls, s->fd, (struct sockaddr *)&s->peer, s->peer_len, 0);
    return 1;
}

/* Read and drop what lingering slot S's peer sends.  1 when it is closed. */
static int drain(struct slot *s, double now)
{
    char buf[16384];
    for (;;) {
        ssize_t n = recv(s->fd, buf, sizeof(buf), MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) &&
            now < s->deadline)
            return 0;
        if (n <= 0 || (s->drained += (size_t)n) > LINGER_BYTES || now >= s->deadline) {
            close(s->fd);
            return 1;
        }
    }
}

/* Accept what the kernel has queued; trusted peers wait for their preamble, others are adopted.
** Returns -1 when accepting failed for want of descriptors (the caller pauses). */
static int accept_all(struct listener *l)
{
    for (;;) {
        struct sockaddr_storage peer;
        socklen_t len = sizeof(peer);
        int fd = accept4(l->fd, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0)
            return errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM ? -1
                                                                                             : 0;
        if (!is_trusted(l, (struct sockaddr *)&peer)) {
            l->adopt(l->cls, fd, (struct sockaddr *)&peer, len, 0);
        } else if (l->nwaiting == MAX_WAITING) {
            listener_refuse(l, fd,
                            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
                            "Content-Length: 0\r\nConnection: close\r\n\r\n");
        } else {
            struct slot *s = &l->waiting[l->nwaiting++];
            memset(s, 0, sizeof(*s));
            s->fd = fd;
            s->peer = peer;
            s->peer_len = len;
            s->deadline = util_monotonic() + l->preamble_seconds;
        }
    }
}

/* The stop, without resetting a connection a client (a balancer) already sent its request on:
** new SYNs are dropped from now on (a socket filter), so the client retries the handshake and,
** the socket closed by then, is refused and goes to another server; the handshakes already done
** are accepted until the queue stays empty, and the trusted ones' PROXY headers read, for up to
** STOP_SECONDS. */
static void finish(struct listener *l)
{
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 13), /* the TCP flags */
        BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0x12),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x02, 0, 1), /* SYN without ACK: drop */
        BPF_STMT(BPF_RET | BPF_K, 0),
        BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
    };
    struct sock_fprog prog = {sizeof(code) / sizeof(code[0]), code};
    double end = util_monotonic() + STOP_SECONDS, quiet = util_monotonic() + 0.05;
    if (setsockopt(l->fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) != 0)
        fprintf(stderr, "catalogd: cannot stop new connections before closing: %s\n",
                strerror(errno));
    while (util_monotonic() < end) {
        size_t i, before = l->nwaiting;
        struct pollfd wp[MAX_WAITING];
        accept_all(l);
        if (l->nwaiting != before)
            quiet = util_monotonic() + 0.05;
        if (l->nwaiting == 0 && util_monotonic() >= quiet)
            break;
        for (i = 0; i < l->nwaiting; i++)
            wp[i] = (struct pollfd){l->waiting[i].fd, POLLIN, 0};
        poll(wp, l->nwaiting, 10);
        for (i = l->nwaiting; i-- > 0;)
            if (wp[i].revents && preamble(l, &l->waiting[i]))
                l->waiting[i] = l->waiting[--l->nwaiting];
    }
}

static void *run(void *arg)
{
    struct listener *l = arg;
    struct pollfd pf[2 + MAX_WAITING + MAX_LINGERING];
    int paused = 0;
    for (;;) {
        size_t i, n = 0, q;
        double now;
        int stop;
        pthread_mutex_lock(&l->lock);
        stop = l->stop;
        for (q = 0; q < l->nqueue; q++)
            linger_add(l, l->queue[q]);
        l->nqueue = 0;
        pthread_mutex_unlock(&l->lock);
        if (stop)
            break;
        pf[n++] = (struct pollfd){l->wake[0], POLLIN, 0};
        pf[n++] = (struct pollfd){paused ? -1 : l->fd, POLLIN, 0};
        for (i = 0; i < l->nwaiting; i++)
            pf[n++] = (struct pollfd){l->waiting[i].fd, POLLIN, 0};
        for (i = 0; i < l->nlingering; i++)
            pf[n++] = (struct pollfd){l->lingering[i].fd, POLLIN, 0};
        poll(pf, n, paused ? 50 : 250);
        paused = 0;
        if (pf[0].revents) {
            char b[64];
            while (read(l->wake[0], b, sizeof(b)) > 0)
                ;
        }
        now = util_monotonic();
        /* slots first (their pollfd indexes are this round's), then new connections */
        for (i = l->nlingering; i-- > 0;)
            if ((pf[2 + l->nwaiting + i].revents || now >= l->lingering[i].deadline) &&
                drain(&l->lingering[i], now))
                l->lingering[i] = l->lingering[--l->nlingering];
        for (i = l->nwaiting; i-- > 0;) {
            struct slot *s = &l->waiting[i];
            int done = 0;
            if (pf[2 + i].revents)
                done = preamble(l, s);
            if (!done && now >= s->deadline) { /* a proxy that sends nothing: not a client */
                close(s->fd);
                done = 1;
            }
            if (done)
                l->waiting[i] = l->waiting[--l->nwaiting];
        }
        if (pf[1].revents && accept_all(l) != 0)
            paused = 1; /* out of descriptors: let closes catch up */
    }
    finish(l);
    return NULL;
}

/* HOST (IPv4 or IPv6 text) and PORT into *ADDR and *LEN.  0, or -1 when HOST does not parse. */
static int listen_addr(const char *host, int port, struct sockaddr_storage *addr, socklen_t *len)
{
    struct sockaddr_in *a4 = (struct sockaddr_in *)(void *)addr;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)(void *)addr;
    memset(addr, 0, sizeof(*addr));
    if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        *len = sizeof(*a4);
        return 0;
    }
    if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *len = sizeof(*a6);
        return 0;
    }
    return -1;
}

/* HOST:PORT as it is written in a URL ("[::1]:8049" for IPv6) into BUF. */
static void host_port_text(const char *host, int port, char *buf, size_t n)
{
    snprintf(buf, n, strchr(host, ':') ? "[%s]:%d" : "%s:%d", host, port);
}

/* Why binding HOST:PORT failed with errno E, into ERR. */
static int bind_failed(const char *host, int port, int e, struct srv_error *err)
{
    char where[300];
    host_port_text(host, port, where, sizeof(where));
    if (e == EADDRINUSE)
        return srv_error_set(err, CAT_EINVAL,
                             "cannot listen on %s: port %d is in use (another catalogd?); "
                             "choose a free one with --listen HOST:PORT",
                             where, port);
    if (e == EADDRNOTAVAIL)
        return srv_error_set(err, CAT_EINVAL,
                             "cannot listen on %s: no interface of this machine has that address",
                             where);
    return srv_error_set(err, CAT_EINTERNAL, "cannot listen on %s (%s)", where, strerror(e));
}

int listener_probe(const char *host, int port, struct srv_error *err)
{
    struct sockaddr_storage addr;
    socklen_t alen;
    int fd, one = 1, e = 0;
    if (listen_addr(host, port, &addr, &alen) != 0)
        return srv_error_set(err, CAT_EINVAL, "cannot parse listen address %s", host);
    if (port == 0)
        return CAT_OK;
    fd = socket(addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        bind(fd, (struct sockaddr *)&addr, alen) != 0)
        e = errno;
    if (fd >= 0)
        close(fd);
    return e ? bind_failed(host, port, e, err) : CAT_OK;
}

int listener_start(struct listener **out, const char *host, int port,
                   const struct proxy_set *trusted, unsigned preamble_seconds,
                   listener_adopt_fn adopt, void *cls, struct srv_error *err)
{
    struct listener *l;
    struct sockaddr_storage addr;
    socklen_t alen;
    int one = 1;
    *out = NULL;
    if (listen_addr(host, port, &addr, &alen) != 0)
        return srv_error_set(err, CAT_EINVAL, "cannot parse listen address %s", host);
    l = xcalloc(1, sizeof(*l));
    l->trusted = trusted;
    l->preamble_seconds = preamble_seconds ? preamble_seconds : 10;
    l->adopt = adopt;
    l->cls = cls;
    l->fd = socket(addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (l->fd < 0 || setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        bind(l->fd, (struct sockaddr *)&addr, alen) != 0 || listen(l->fd, 1024) != 0 ||
        getsockname(l->fd, (struct sockaddr *)&addr, &alen) != 0 ||
        pipe2(l->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        int e = errno;
        if (l->fd >= 0)
            close(l->fd);
        free(l);
        return bind_failed(host, port, e, err);
    }
    l->port = ntohs(addr.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)(void *)&addr)->sin6_port
                                               : ((struct sockaddr_in *)(void *)&addr)->sin_port);
    pthread_mutex_init(&l->lock, NULL);
    if (pthread_create(&l->thread, NULL, run, l) != 0) {
        close(l->fd);
        close(l->wake[0]);
        close(l->wake[1]);
        pthread_mutex_destroy(&l->lock);
        free(l);
        return srv_error_set(err, CAT_EINTERNAL, "cannot start the listener thread");
    }
    *out = l;
    return CAT_OK;
}

int listener_port(const struct listener *l)
{
    return l->port;
}

void listener_close(struct listener *l)
{
    size_t i;
    if (l == NULL || l->fd < 0)
        return;
    pthread_mutex_lock(&l->lock);
    l->stop = 1;
    pthread_mutex_unlock(&l->lock);
    wake(l);
    pthread_join(l->thread, NULL);
    close(l->fd);
    l->fd = -1;
    for (i = 0; i < l->nwaiting; i++)
        close(l->waiting[i].fd);
    l->nwaiting = 0;
}

void listener_free(struct listener *l)
{
    size_t i;
    if (l == NULL)
        return;
    listener_close(l);
    for (i = 0; i < l->nlingering; i++)
        close(l->lingering[i].fd);
    for (i = 0; i < l->nqueue; i++)
        close(l->queue[i]);
    close(l->wake[0]);
    close(l->wake[1]);
    pthread_mutex_destroy(&l->lock);
    free(l);
}

void listener_address_text(const struct sockaddr *sa, char out[INET6_ADDRSTRLEN])
{
    snprintf(out, INET6_ADDRSTRLEN, "-");
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  INET6_ADDRSTRLEN);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  INET6_ADDRSTRLEN);
}
