/* http.c -- libmicrohttpd only: access handler, capped body, request state, Glue/REST split. */
#include "front/http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "base/util.h"
#include "front/conntab.h"
#include "front/framing.h"
#include "front/glue.h"
#include "front/iceberg.h"
#include "front/listener.h"
#include "front/metrics.h"
#include "front/proxy.h"
#include "front/rest.h"
#include "front/ui.h"

#define MAX_HEADERS 128             /* header lines passed to the fronts (more: refused) */
#define DISCARD_LIMIT (1024 * 1024) /* read past --max-body or the budget before cutting off */
#define SMALL_ANSWER 16384          /* answers this small are not counted against the budget */
#define JSON_NODE_COST 80           /* bytes a parsed JSON value may take, for the memory budget */
#define MAX_CONNS 1000              /* open connections in all (past it the idlest give way) */
#define MAX_FORWARDED 16            /* X-Forwarded-For header lines read */

/* The body of the raw answer to a connection for which there is no room at all (not even to
** read its request, so its front is unknown): both fronts' error members. */
#define NO_ROOM_BODY                                                                               \
    "{\"__type\":\"ThrottlingException\",\"code\":\"ServiceUnavailableException\","                \
    "\"message\":\"Too many connections; retry shortly.\"}"

struct http_server {
    struct MHD_Daemon *d;
    const struct app *app;
    struct listener *listener;
    struct conntab *conns; /* open connections and the memory budget */
    int port;
    int loopback; /* listening on 127.0.0.0/8: the Host header is checked */
    pthread_mutex_t lock;
    int inflight; /* requests begun and not yet completed, under LOCK */
    atomic_int draining;
    pthread_t watchdog;
    pthread_cond_t wake;
    int stopping;
};

/* Per-request state, kept in *req_cls and freed in request_completed(). */
struct req {
    char *body;
    size_t len, cap;
    size_t discarded;    /* bytes past the limit or the budget, read and dropped */
    size_t body_charged; /* of them, for the body (its declared length, or what arrived) */
    size_t charged;      /* bytes counted against the memory budget, given back at the end */
    int too_big;         /* the body passed --max-body */
    int throttled;       /* the memory budget is spent, or the connection is over a limit */
    const char *refused; /* static: why the request is refused before its body is read */
    int refused_code;    /* its CAT_* code */
    double start;        /* util_monotonic() when the headers arrived */
    int rest;            /* the path belongs to the REST front (1) or the Iceberg one (2) */
    int ui;              /* the path belongs to the web console (ui.h) */
    char id[37];         /* the request id (x-request-id or x-amzn-RequestId) */
    char client[INET6_ADDRSTRLEN]; /* the client's address: the budget share, logs, audit */
    struct ct_conn *conn;          /* its connection's record, or NULL */
};

/* Header lines or query parameters, gathered for the fronts. */
struct pairs {
    struct http_pair p[MAX_HEADERS];
    size_t n;
    int overflow;
};

/* Query parameters of a REST request, gathered by collect_param(). */
struct params {
    struct rest_param p[64];
    size_t n;
};

static void inflight_add(struct http_server *s, int d)
{
    pthread_mutex_lock(&s->lock);
    s->inflight += d;
    pthread_mutex_unlock(&s->lock);
}

/* Count N more bytes of R against the memory budget (its client's share of it): 0, or -1
** (nothing counted) past it. */
static int charge(struct http_server *s, struct req *r, size_t n)
{
    if (conntab_charge(s->conns, r->client, n, r->charged) != 0)
        return -1;
    r->charged += n;
    return 0;
}

/* The connection record of CONN, or NULL. */
static struct ct_conn *conn_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* Set the watchdog's deadline for CONN: now + SECONDS, or none when SECONDS is 0. */
static void set_deadline(struct http_server *s, struct MHD_Connection *conn, unsigned seconds)
{
    struct ct_conn *c = conn_of(conn);
    if (c)
        conntab_deadline(s->conns, c, util_monotonic(), seconds);
}

static void request_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                              enum MHD_RequestTerminationCode toe)
{
    struct http_server *s = cls;
    struct req *r = *req_cls;
    (void)toe;
    set_deadline(s, conn, 0);
    if (conn_of(conn))
        conntab_busy(s->conns, conn_of(conn), 0);
    if (r == NULL)
        return;
    inflight_add(s, -1);
    conntab_release(s->conns, r->client, r->charged);
    free(r->body);
    free(r);
    *req_cls = NULL;
}

/* Append a chunk of upload to R, keeping at most MAX bytes; memory grows with what arrives,
** within the budget.  Past either, R is marked too big or throttled and the rest of the body is
** dropped as it comes: libmicrohttpd answers only once the body has ended, so a body that ends
** within DISCARD_LIMIT more bytes gets its 413 (or 503), a longer one has its connection cut. */
static void body_append(struct http_server *s, struct req *r, const char *data, size_t n,
                        size_t max)
{
    if (r->len + n > max) {
        r->too_big = 1;
        return;
    }
    if (r->len + n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 1024;
        char *nb;
        while (cap < r->len + n + 1)
            cap *= 2;
        if (cap > max + 1)
            cap = max + 1;
        if (cap > r->body_charged) {
            if (charge(s, r, cap - r->body_charged) != 0) {
                r->throttled = 1;
                return;
            }
            r->body_charged = cap;
        }
        nb = xmalloc(cap);
        if (r->len)
            memcpy(nb, r->body, r->len);
        free(r->body);
        r->body = nb;
        r->cap = cap;
    }
    memcpy(r->body + r->len, data, n);
    r->len += n;
    r->body[r->len] = '\0';
}

/* Send HR (its body is handed over) with R's request id; count it in the metrics. */
static enum MHD_Result send_response(struct http_server *s, struct MHD_Connection *conn,
                                     struct req *r, struct http_response *hr)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;
    metrics_observe(r->ui          ? "ui"
                    : r->rest == 2 ? "iceberg"
                    : r->rest      ? "rest"
                                   : "glue",
                    hr->operation ? hr->operation : "Unknown", hr->status,
                    util_monotonic() - r->start);
    resp = MHD_create_response_from_buffer(hr->len, hr->body, MHD_RESPMEM_MUST_FREE);
    if (resp == NULL) {
        free(hr->body);
        free(hr->location);
        free(hr->etag);
        return MHD_NO;
    }
    if (hr->content_type)
        MHD_add_response_header(resp, "Content-Type", hr->content_type);
    MHD_add_response_header(resp, r->rest || r->ui ? "x-request-id" : "x-amzn-RequestId", r->id);
    for (const char *const *h = hr->headers; h && h[0]; h += 2)
        MHD_add_response_header(resp, h[0], h[1]);
    if (hr->error_type)
        MHD_add_response_header(resp, "x-amzn-ErrorType", hr->error_type);
    if (hr->location)
        MHD_add_response_header(resp, "Location", hr->location);
    if (hr->etag)
        MHD_add_response_header(resp, "ETag", hr->etag);
    if (hr->allow[0])
        MHD_add_response_header(resp, "Allow", hr->allow);
    if (hr->challenge)
        MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"catalogd\"");
    if (r->throttled)
        MHD_add_response_header(resp, "Retry-After", "1");
    /* where its body ends is unknown, or it was not read: nothing after it can be read, and what
    ** the client still sends is drained after the answer (a reset would discard it) */
    if (r->throttled && !(r->conn && conntab_over(r->conn)))
        metrics_refused("memory");
    if (r->refused || r->too_big || r->throttled) {
        MHD_add_response_header(resp, "Connection", "close");
        if (r->conn)
            conntab_set_linger(s->conns, r->conn);
    } else if (atomic_load(&s->draining)) { /* stopping: the balancer moves to the others */
        MHD_add_response_header(resp, "Connection", "close");
    }
    free(hr->location);
    free(hr->etag);
    ret = MHD_queue_response(conn, (unsigned)hr->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result check_framing(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    framing_add(cls, key, value);
    return MHD_YES;
}

/* Why the HTTP layer refuses a request on its headers alone, or NULL (*CODE: its CAT_* code;
** *LENGTH: the body length it declares, 0 when none).  On loopback, a Host that is not a local
** name is a web page reaching in through DNS rebinding; then the framing rules (framing.h). */
static const char *refusal(const struct http_server *s, struct MHD_Connection *conn, int *code,
                           unsigned long long *length)
{
    struct framing f = FRAMING_INIT;
    *code = CAT_EINVAL;
    *length = 0;
    if (s->loopback &&
        !auth_host_allowed(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host"),
                           s->app->allowed_hosts)) {
        *code = CAT_EACCESS;
        return "The Host header names neither this machine nor a host allowed with --allow-host.";
    }
    /* MHD_get_connection_values() visits every header line, repeated names included */
    MHD_get_connection_values(conn, MHD_HEADER_KIND, check_framing, &f);
    return framing_verdict(&f, length);
}

/* Fill HR with R's Glue error when it is refused or its body is too big. */
static void glue_early(const struct app *app, const struct req *r, struct http_response *hr)
{
    struct srv_error err;
    srv_error_init(&err);
    if (r->refused)
        srv_error_set(&err, r->refused_code, "%s", r->refused);
    else if (r->throttled && r->conn && conntab_over(r->conn))
        srv_error_set(&err, CAT_ETHROTTLED,
                      "Rate exceeded: too many connections from this client; retry shortly.");
    else if (r->throttled)
        srv_error_set(&err, CAT_ETHROTTLED,
                      "Rate exceeded: the server's memory for requests in "
                      "flight is spent; retry shortly.");
    else
        srv_error_set(&err, CAT_EREQUESTTOOBIG, "Request body exceeds the limit of %zu bytes.",
                      app->max_body);
    glue_error(&err, hr);
    /* no room for it here: 503, which a load balancer in front retries on another server and
    ** SDKs retry (with the ThrottlingException type), where Glue's 400 would be final */
    if (!r->refused && r->throttled)
        hr->status = 503;
}

/* Fill HR with the console's plain-text refusal of R (refused, too big or throttled). */
static void ui_early(const struct req *r, struct http_response *hr)
{
    if (r->refused)
        ui_refuse(srv_error_rest_status(r->refused_code), r->refused, hr);
    else if (r->too_big)
        ui_refuse(413, "Request body too large.", hr);
    else
        ui_refuse(503, "The server is busy; retry shortly.", hr);
}

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    struct params *ps = cls;
    (void)kind;
    if (ps->n < sizeof(ps->p) / sizeof(ps->p[0]) && key != NULL) {
        ps->p[ps->n].key = key;
        ps->p[ps->n++].value = value;
    }
    return MHD_YES;
}

static enum MHD_Result collect_pair(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    struct pairs *ps = cls;
    (void)kind;
    if (key == NULL)
        return MHD_YES;
    if (ps->n == MAX_HEADERS) {
        ps->overflow = 1;
        return MHD_NO;
    }
    ps->p[ps->n].key = key;
    ps->p[ps->n++].value = value;
    return MHD_YES;
}

/* The X-Forwarded-For header lines of a request, gathered by collect_forwarded(). */
struct forwarded {
    const char *v[MAX_FORWARDED];
    size_t n;
};

static enum MHD_Result collect_forwarded(void *cls, enum MHD_ValueKind kind, const char *key,
                                         const char *value)
{
    struct forwarded *f = cls;
    (void)kind;
    if (key && value && strcasecmp(key, "X-Forwarded-For") == 0 && f->n < MAX_FORWARDED)
        f->v[f->n++] = value;
    return MHD_YES;
}

/* R's client into R->client: the connection's (the socket peer's, or the one its PROXY header
** named); on a connection from a trusted proxy without one, the rightmost X-Forwarded-For entry
** that is not a trusted proxy (else the proxy itself). */
static void request_client(const struct http_server *s, struct MHD_Connection *conn, struct req *r)
{
    struct forwarded f;
    if (r->conn == NULL) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        listener_address_text(ci ? ci->client_addr : NULL, r->client);
        return;
    }
    snprintf(r->client, sizeof(r->client), "%s", conntab_client(r->conn));
    if (!conntab_proxied(r->conn))
        return;
    f.n = 0;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_forwarded, &f);
    if (f.n)
        proxy_forwarded_for(s->app->trusted_proxies, f.v, f.n, r->client, sizeof(r->client));
}

/* What the fronts need of the request for authentication and the audit log, into INFO
** (pointing into HS, QS and SRC).  -1 when it has more than MAX_HEADERS header lines. */
static int gather(struct MHD_Connection *conn, const struct req *r, const char *method,
                  const char *url, struct pairs *hs, struct pairs *qs, struct http_info *info)
{
    hs->n = qs->n = 0;
    hs->overflow = qs->overflow = 0;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_pair, hs);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_pair, qs);
    memset(info, 0, sizeof(*info));
    info->method = method;
    info->path = url;
    info->query = qs->p;
    info->nquery = qs->n;
    info->headers = hs->p;
    info->nheaders = hs->n;
    info->source = r->client;
    info->request_id = r->id;
    return hs->overflow || qs->overflow ? -1 : 0;
}

/* Answer R on the REST front, or the Iceberg one (URL is the raw path). */
static void rest_answer(struct http_server *s, struct MHD_Connection *conn, struct req *r,
                        const char *method, const char *url, struct http_response *hr)
{
    struct rest_request rq;
    struct params ps;
    struct pairs hs, qs;
    struct http_info info;
    ps.n = 0;
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_param, &ps);
    memset(&rq, 0, sizeof(rq));
    rq.method = method;
    rq.path = url;
    rq.params = ps.p;
    rq.nparams = ps.n;
    rq.content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    rq.if_match = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-Match");
    rq.if_none_match = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
    rq.authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    rq.body = r->body ? r->body : "";
    rq.body_len = r->len;
    rq.too_big = r->too_big;
    rq.throttled = r->throttled && r->conn && conntab_over(r->conn) ? 2 : r->throttled;
    rq.refused = r->refused;
    rq.refused_code = r->refused_code;
    rq.request_id = r->id;
    rq.draining = atomic_load(&s->draining);
    gather(conn, r, method, url, &hs, &qs, &info);
    rq.info = &info;
    if (r->rest == 2)
        iceberg_handle(s->app, &rq, hr);
    else
        rest_handle(s->app, &rq, hr);
}

/* Answer R on the Glue front. */
static void glue_answer(struct http_server *s, struct MHD_Connection *conn, struct req *r,
                        const char *method, const char *url, struct http_response *hr)
{
    struct pairs hs, qs;
    struct http_info info;
    if (gather(conn, r, method, url, &hs, &qs, &info) != 0) {
        r->refused = "The request has too many header lines or query parameters.";
        r->refused_code = CAT_EINVAL;
        glue_early(s->app, r, hr);
        return;
    }
    glue_serve(s->app, &info, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Amz-Target"),
               r->body ? r->body : "", r->len, hr);
}

/* What parsing BODY may cost in memory beyond its text: a bound per JSON value (every '{',
** '[', ',' and ':' outside strings can start one). */
static size_t json_cost(const char *body, size_t len)
{
    size_t i, n = 1;
    int in_str = 0;
    for (i = 0; i < len; i++) {
        char ch = body[i];
        if (in_str) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_str = 0;
        } else if (ch == '"') {
            in_str = 1;
            n++;
        } else if (ch == '{' || ch == '[' || ch == ',' || ch == ':') {
            n++;
        }
    }
    return n * JSON_NODE_COST;
}

/* MHD unescapes the path by default; the REST front decodes each segment itself
** (so %2F inside a partition value stays inside it), and query values too. */
static size_t keep_escaped(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    return strlen(s);
}

/* The catalogd_clients gauge, from the connection table. */
static void update_clients(struct http_server *s)
{
    unsigned conns, clients;
    size_t held;
    conntab_stats(s->conns, &conns, &clients, &held);
    metrics_clients(clients);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    struct http_server *s = cls;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    int fd = ci ? ci->connect_fd : -1;
    metrics_connections(toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        *socket_context = fd >= 0 ? conntab_attach(s->conns, fd) : NULL;
        update_clients(s);
    } else if (*socket_context != NULL) {
        /* called before MHD closes the socket: a graceful close keeps a duplicate of it open
        ** to drain what the client still sends */
        if (conntab_close(s->conns, *socket_context) && fd >= 0) {
            int dup_fd = dup(fd);
            if (dup_fd >= 0)
                listener_linger(s->listener, dup_fd);
        }
        *socket_context = NULL;
        update_clients(s);
    }
}

/* A connection from the listener: counted, then served by MHD (or answered 503 at once). */
static void adopt(void *cls, int fd, const struct sockaddr *addr, socklen_t len, int proxied)
{
    struct http_server *s = cls;
    char client[INET6_ADDRSTRLEN];
    struct ct_conn *c;
    enum ct_verdict v;
    listener_address_text(addr, client);
    v = conntab_admit(s->conns, fd, client, proxied, util_monotonic(), &c);
    if (v == CT_REFUSE) {
        char text[512];
        snprintf(text, sizeof(text),
                 "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
                 "Content-Type: application/x-amz-json-1.1\r\n"
                 "x-amzn-ErrorType: ThrottlingException\r\nConnection: close\r\n"
                 "Content-Length: %zu\r\n\r\n%s",
                 strlen(NO_ROOM_BODY), NO_ROOM_BODY);
        metrics_refused("connections");
        listener_refuse(s->listener, fd, text);
        return;
    }
    if (v == CT_ADMIT_OVER)
        metrics_refused(proxied ? "connections" : "connections_per_client");
    if (MHD_add_connection(s->d, fd, addr, len) != MHD_YES) /* MHD closed it */
        conntab_close(s->conns, c);
}

/* A request line arrived: its headers must follow within the header timeout. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct http_server *s = cls;
    struct ct_conn *c = conn_of(conn);
    (void)uri;
    if (c)
        conntab_busy(s->conns, c, 1);
    set_deadline(s, conn, s->app->header_timeout);
    return NULL;
}

/* Close the connections whose headers or body are late (slow clients): shutdown() makes MHD
** see the end of the stream and close it in its own thread. */
static void *watchdog(void *arg)
{
    struct http_server *s = arg;
    pthread_mutex_lock(&s->lock);
    while (!s->stopping) {
        struct timespec ts;
        int n;
        pthread_mutex_unlock(&s->lock);
        n = conntab_sweep(s->conns, util_monotonic());
        if (n && s->app->verbose)
            fprintf(stderr, "catalogd: closed %d connection(s) that sent too slowly\n", n);
        pthread_mutex_lock(&s->lock);
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 250 * 1000 * 1000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&s->wake, &s->lock, &ts);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    struct http_server *s = cls;
    struct req *r = *req_cls;
    struct http_response hr;
    (void)version;

    memset(&hr, 0, sizeof(hr));
    if (r == NULL) { /* first call: headers only */
        unsigned long long declared = 0;
        r = xcalloc(1, sizeof(*r));
        r->start = util_monotonic();
        r->rest = rest_owns(url) || rest_owns_index(method, url) ? 1 : iceberg_owns(url) ? 2 : 0;
        r->ui = !r->rest && ui_owns(url);
        r->conn = conn_of(conn);
        util_uuid(r->id);
        request_client(s, conn, r);
        *req_cls = r;
        inflight_add(s, 1);
        set_deadline(s, conn, s->app->body_timeout);
        /* a connection admitted over a limit is answered, never dropped: a balancer in front
        ** retries a 503 elsewhere, where a silent close would mark this server dead */
        if (r->conn && conntab_over(r->conn))
            r->throttled = 1;
        else if ((r->refused = refusal(s, conn, &r->refused_code, &declared)) == NULL &&
                 declared > s->app->max_body)
            r->too_big = 1;
        /* a declared length is not charged: memory is counted as the body arrives
        ** (body_append), so sockets that promise big bodies and send nothing hold nothing */
        if (r->refused || r->too_big || r->throttled) { /* answered now, unread */
            if (r->rest)
                rest_answer(s, conn, r, method, url, &hr);
            else if (r->ui)
                ui_early(r, &hr);
            else
                glue_early(s->app, r, &hr);
            return send_response(s, conn, r, &hr);
        }
        return MHD_YES; /* the body, if any, grows as it arrives (body_append) */
    }
    if (*upload_data_size != 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (!r->too_big && !r->throttled)
            body_append(s, r, upload_data, n, s->app->max_body);
        /* MHD answers only after the body: a throttled one (within --max-body) is read to its
        ** end and dropped, so that its client reads the 503 rather than a reset; past the
        ** limit, a body is cut off after DISCARD_LIMIT more bytes */
        else if ((r->discarded += n) > (r->too_big ? DISCARD_LIMIT : s->app->max_body))
            return MHD_NO;
        return MHD_YES;
    }
    set_deadline(s, conn, 0); /* all arrived; answering takes what it takes */
    if (!r->too_big && !r->throttled && r->len > 0 && charge(s, r, json_cost(r->body, r->len)))
        r->throttled = 1;
    if (r->rest) {
        rest_answer(s, conn, r, method, url, &hr);
    } else if (r->ui && !r->too_big && !r->throttled) {
        ui_serve(method, url, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match"),
                 &hr);
    } else if (r->ui) {
        ui_early(r, &hr);
    } else if (r->too_big || r->throttled) {
        glue_early(s->app, r, &hr);
    } else if (strcmp(method, "POST") == 0) {
        glue_answer(s, conn, r, method, url, &hr);
    } else {
        struct srv_error err;
        srv_error_init(&err);
        srv_error_set(&err, CAT_EUNKNOWNOP,
                      "Send Glue requests as POST with an X-Amz-Target header.");
        glue_error(&err, &hr);
        hr.status = 405;
        hr.operation = "MethodNotAllowed";
    }
    /* an answer that does not fit the budget is dropped; small ones (/health, errors) always
    ** go, so that the server stays observable */
    if (hr.body && hr.len > SMALL_ANSWER && charge(s, r, hr.len) != 0) {
        free(hr.body);
        free(hr.location);
        free(hr.etag);
        memset(&hr, 0, sizeof(hr));
        r->throttled = 1;
        if (r->rest)
            rest_answer(s, conn, r, method, url, &hr);
        else if (r->ui)
            ui_early(r, &hr);
        else
            glue_early(s->app, r, &hr);
    }
    if (s->app->verbose)
        fprintf(stderr, "catalogd: %s %s %s %s -> %d (%.3f ms)\n", r->client, method, url,
                MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Amz-Target")
                    ? MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Amz-Target")
                    : "-",
                hr.status, (util_monotonic() - r->start) * 1000.0);
    return send_response(s, conn, r, &hr);
}

int http_start(struct http_server **out, const struct app *app, const char *host, int port,
               int threads, struct srv_error *err)
{
    struct http_server *s;
    struct in_addr a4;
    struct in6_addr a6;
    int v4;
    struct conntab_limits lim;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET;
    struct MHD_OptionItem tls[4] = {{MHD_OPTION_END, 0, NULL},
                                    {MHD_OPTION_END, 0, NULL},
                                    {MHD_OPTION_END, 0, NULL},
                                    {MHD_OPTION_END, 0, NULL}};
    *out = NULL;
    v4 = inet_pton(AF_INET, host, &a4) == 1;
    if (!v4 && inet_pton(AF_INET6, host, &a6) != 1)
        return srv_error_set(err, CAT_EINVAL, "cannot parse listen address %s", host);
    if (app->tls_cert && app->tls_key) {
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
            return srv_error_set(err, CAT_EINVAL, "this libmicrohttpd has no TLS support");
        flags |= MHD_USE_TLS;
        tls[0] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)app->tls_cert};
        tls[1] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)app->tls_key};
        tls[2] = (struct MHD_OptionItem){
            MHD_OPTION_HTTPS_PRIORITIES, 0,
            (void *)(app->tls_priorities ? app->tls_priorities : HTTP_TLS_PRIORITIES)};
    }
    s = xcalloc(1, sizeof(*s));
    s->app = app;
    s->loopback = v4 ? (ntohl(a4.s_addr) >> 24) == 127 : IN6_IS_ADDR_LOOPBACK(&a6);
    atomic_init(&s->draining, 0);
    memset(&lim, 0, sizeof(lim));
    lim.max_conns = MAX_CONNS;
    lim.per_client = app->per_ip_limit;
    lim.budget = app->memory_budget;
    lim.header_timeout = app->header_timeout;
    s->conns = conntab_new(&lim);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    /* connections come from the listener (MHD_add_connection), which counts them first: MHD's
    ** own limit only stands behind it, with room for the connections evicted to make room and not
    ** closed yet (MHD splits it between its threads) */
    s->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_NOTIFY_COMPLETED, request_completed, s, MHD_OPTION_NOTIFY_CONNECTION,
        on_connection, s, MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_UNESCAPE_CALLBACK,
        keep_escaped, s, MHD_OPTION_CONNECTION_TIMEOUT, app->idle_timeout ? app->idle_timeout : 60u,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)(2 * MAX_CONNS + 256), MHD_OPTION_ARRAY, tls,
        MHD_OPTION_END);
    if (s->d == NULL || listener_start(&s->listener, host, port, app->trusted_proxies,
                                       app->header_timeout, adopt, s, err) != CAT_OK) {
        if (s->d == NULL)
            srv_error_set(err, CAT_EINTERNAL, "cannot serve on %s:%d%s", host, port,
                          app->tls_cert ? " (the TLS certificate and key do not load)" : "");
        else
            MHD_stop_daemon(s->d);
        conntab_free(s->conns);
        pthread_cond_destroy(&s->wake);
        pthread_mutex_destroy(&s->lock);
        free(s);
        return err->code;
    }
    s->port = listener_port(s->listener);
    if (app->header_timeout || app->body_timeout)
        pthread_create(&s->watchdog, NULL, watchdog, s);
    *out = s;
    return CAT_OK;
}

int http_port(const struct http_server *s)
{
    return s->port;
}

void http_drain(struct http_server *s)
{
    if (s)
        atomic_store(&s->draining, 1);
}

unsigned http_open_connections(struct http_server *s)
{
    unsigned conns, clients;
    size_t held;
    conntab_stats(s->conns, &conns, &clients, &held);
    return conns;
}

void http_stop(struct http_server *s)
{
    int i, busy = 1;
    if (s == NULL)
        return;
    listener_close(s->listener); /* stop accepting connections */
    /* Let requests already begun (even mid-upload) finish, for up to 30 s; idle
    ** keep-alive connections hold no request and do not delay the stop, but after a drain
    ** (every answer closing its connection) the last accepted ones get 2 s to send theirs. */
    for (i = 0; i < 3000 && busy; i++) {
        pthread_mutex_lock(&s->lock);
        busy = s->inflight > 0;
        pthread_mutex_unlock(&s->lock);
        if (!busy && i < 200 && atomic_load(&s->draining))
            busy = http_open_connections(s) > 0;
        if (busy)
            nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    }
    if (s->app->header_timeout || s->app->body_timeout) {
        pthread_mutex_lock(&s->lock);
        s->stopping = 1;
        pthread_cond_signal(&s->wake);
        pthread_mutex_unlock(&s->lock);
        pthread_join(s->watchdog, NULL);
    }
    MHD_stop_daemon(s->d);
    listener_free(s->listener);
    conntab_free(s->conns);
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
