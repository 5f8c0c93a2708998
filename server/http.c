/* http.c -- libmicrohttpd only: access handler, capped body, request state, Glue/REST split. */
#include "http.h"

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

#include "auth.h"
#include "glue.h"
#include "metrics.h"
#include "rest.h"
#include "util.h"

#define MAX_HEADERS 128             /* header lines passed to the fronts (more: refused) */
#define DISCARD_LIMIT (1024 * 1024) /* read past --max-body or the budget before cutting off */
#define SMALL_ANSWER 16384          /* answers this small are not counted against the budget */
#define JSON_NODE_COST 80           /* bytes a parsed JSON value may take, for the memory budget */

/* Per-connection state (MHD's socket context): the deadline the watchdog enforces. */
struct conn {
    struct conn *prev, *next;
    int fd;
    double deadline; /* util_monotonic() by which the request's headers or body must have
                     ** arrived; 0: none (idle, or being answered).  Under the server's lock */
};

struct http_server {
    struct MHD_Daemon *d;
    const struct app *app;
    int port;
    int loopback; /* listening on 127.0.0.0/8: the Host header is checked */
    pthread_mutex_t lock;
    int inflight;       /* requests begun and not yet completed */
    struct conn *conns; /* open connections, under LOCK */
    atomic_size_t held; /* bytes of bodies and answers in flight (the memory budget) */
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
    int throttled;       /* the memory budget is spent */
    const char *refused; /* static: why the request is refused before its body is read */
    int refused_code;    /* its CAT_* code */
    double start;        /* util_monotonic() when the headers arrived */
    int rest;            /* the path belongs to the REST front */
    char id[37];         /* the request id (x-request-id or x-amzn-RequestId) */
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

/* Count N more bytes of R against the memory budget: 0, or -1 (nothing counted) past it. */
static int charge(struct http_server *s, struct req *r, size_t n)
{
    size_t before = atomic_fetch_add(&s->held, n);
    if (s->app->memory_budget && before + n > s->app->memory_budget) {
        atomic_fetch_sub(&s->held, n);
        return -1;
    }
    r->charged += n;
    return 0;
}

/* Set the watchdog's deadline for CONN: now + SECONDS, or none when SECONDS is 0. */
static void set_deadline(struct http_server *s, struct MHD_Connection *conn, unsigned seconds)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct conn *c = ci ? ci->socket_context : NULL;
    if (c == NULL)
        return;
    pthread_mutex_lock(&s->lock);
    c->deadline = seconds ? util_monotonic() + seconds : 0;
    pthread_mutex_unlock(&s->lock);
}

static void request_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                              enum MHD_RequestTerminationCode toe)
{
    struct http_server *s = cls;
    struct req *r = *req_cls;
    (void)toe;
    set_deadline(s, conn, 0);
    if (r == NULL)
        return;
    inflight_add(s, -1);
    atomic_fetch_sub(&s->held, r->charged);
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
static enum MHD_Result send_response(struct MHD_Connection *conn, struct req *r,
                                     struct http_response *hr)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;
    metrics_observe(r->rest ? "rest" : "glue", hr->operation ? hr->operation : "Unknown",
                    hr->status, util_monotonic() - r->start);
    resp = MHD_create_response_from_buffer(hr->len, hr->body, MHD_RESPMEM_MUST_FREE);
    if (resp == NULL) {
        free(hr->body);
        free(hr->location);
        free(hr->etag);
        return MHD_NO;
    }
    if (hr->content_type)
        MHD_add_response_header(resp, "Content-Type", hr->content_type);
    MHD_add_response_header(resp, r->rest ? "x-request-id" : "x-amzn-RequestId", r->id);
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
    /* where its body ends is unknown, or it was not read: nothing after it can be read */
    if (r->refused || r->too_big || r->throttled)
        MHD_add_response_header(resp, "Connection", "close");
    free(hr->location);
    free(hr->etag);
    ret = MHD_queue_response(conn, (unsigned)hr->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* The Content-Length headers of a request, gathered by check_length(). */
struct lengths {
    const char *first; /* the first one's value */
    int differ;        /* another one says something else */
};

static enum MHD_Result check_length(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    struct lengths *l = cls;
    (void)kind;
    if (key == NULL || strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) != 0)
        return MHD_YES;
    if (value == NULL)
        value = "";
    if (l->first == NULL)
        l->first = value;
    else if (strcmp(l->first, value) != 0)
        l->differ = 1;
    return MHD_YES;
}

/* Why the HTTP layer refuses a request on its headers alone, or NULL (*CODE: its CAT_* code).
** Two Content-Length headers that disagree frame the body two ways (request smuggling behind a
** proxy that reads the other one); MHD would use the first.  On loopback, a Host that is not a
** local name is a web page reaching in through DNS rebinding. */
static const char *refusal(const struct http_server *s, struct MHD_Connection *conn, int *code)
{
    struct lengths l = {NULL, 0};
    *code = CAT_EINVAL;
    if (s->loopback &&
        !auth_host_allowed(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host"),
                           s->app->allowed_hosts)) {
        *code = CAT_EACCESS;
        return "The Host header names neither this machine nor a host allowed with --allow-host.";
    }
    /* MHD_get_connection_values() visits every header line, repeated names included */
    MHD_get_connection_values(conn, MHD_HEADER_KIND, check_length, &l);
    if (l.differ)
        return "The request has Content-Length headers that differ.";
    /* both framings at once: a proxy in front may read the body by the other one */
    if (l.first && MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding"))
        return "The request has both Content-Length and Transfer-Encoding.";
    return NULL;
}

/* Fill HR with R's Glue error when it is refused or its body is too big. */
static void glue_early(const struct app *app, const struct req *r, struct http_response *hr)
{
    struct srv_error err;
    srv_error_init(&err);
    if (r->refused)
        srv_error_set(&err, r->refused_code, "%s", r->refused);
    else if (r->throttled)
        srv_error_set(&err, CAT_ETHROTTLED,
                      "Rate exceeded: the server's memory for requests in "
                      "flight is spent; retry shortly.");
    else
        srv_error_set(&err, CAT_EREQUESTTOOBIG, "Request body exceeds the limit of %zu bytes.",
                      app->max_body);
    glue_error(&err, hr);
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

/* The client's address as text into OUT. */
static void source_address(struct MHD_Connection *conn, char out[INET6_ADDRSTRLEN])
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    snprintf(out, INET6_ADDRSTRLEN, "-");
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  INET6_ADDRSTRLEN);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  INET6_ADDRSTRLEN);
}

/* What the fronts need of the request for authentication and the audit log, into INFO
** (pointing into HS, QS and SRC).  -1 when it has more than MAX_HEADERS header lines. */
static int gather(struct MHD_Connection *conn, const struct req *r, const char *method,
                  const char *url, struct pairs *hs, struct pairs *qs, char *src,
                  struct http_info *info)
{
    hs->n = qs->n = 0;
    hs->overflow = qs->overflow = 0;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_pair, hs);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_pair, qs);
    source_address(conn, src);
    memset(info, 0, sizeof(*info));
    info->method = method;
    info->path = url;
    info->query = qs->p;
    info->nquery = qs->n;
    info->headers = hs->p;
    info->nheaders = hs->n;
    info->source = src;
    info->request_id = r->id;
    return hs->overflow || qs->overflow ? -1 : 0;
}

/* Answer R on the REST front (URL is the raw path). */
static void rest_answer(struct http_server *s, struct MHD_Connection *conn, struct req *r,
                        const char *method, const char *url, struct http_response *hr)
{
    struct rest_request rq;
    struct params ps;
    struct pairs hs, qs;
    struct http_info info;
    char src[INET6_ADDRSTRLEN];
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
    rq.throttled = r->throttled;
    rq.refused = r->refused;
    rq.refused_code = r->refused_code;
    rq.request_id = r->id;
    gather(conn, r, method, url, &hs, &qs, src, &info);
    rq.info = &info;
    rest_handle(s->app, &rq, hr);
}

/* Answer R on the Glue front. */
static void glue_answer(struct http_server *s, struct MHD_Connection *conn, struct req *r,
                        const char *method, const char *url, struct http_response *hr)
{
    struct pairs hs, qs;
    struct http_info info;
    char src[INET6_ADDRSTRLEN];
    if (gather(conn, r, method, url, &hs, &qs, src, &info) != 0) {
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

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    struct http_server *s = cls;
    struct conn *c;
    metrics_connections(toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        c = xcalloc(1, sizeof(*c));
        c->fd = ci ? ci->connect_fd : -1;
        /* the first request line and headers must come within the header timeout */
        c->deadline = s->app->header_timeout ? util_monotonic() + s->app->header_timeout : 0;
        pthread_mutex_lock(&s->lock);
        c->next = s->conns;
        if (s->conns)
            s->conns->prev = c;
        s->conns = c;
        pthread_mutex_unlock(&s->lock);
        *socket_context = c;
    } else if ((c = *socket_context) != NULL) {
        pthread_mutex_lock(&s->lock); /* unlinked before MHD closes the socket */
        if (c->prev)
            c->prev->next = c->next;
        else
            s->conns = c->next;
        if (c->next)
            c->next->prev = c->prev;
        pthread_mutex_unlock(&s->lock);
        free(c);
        *socket_context = NULL;
    }
}

/* A request line arrived: its headers must follow within the header timeout. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct http_server *s = cls;
    (void)uri;
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
        double now = util_monotonic();
        struct conn *c;
        for (c = s->conns; c; c = c->next)
            if (c->deadline > 0 && now > c->deadline && c->fd >= 0) {
                shutdown(c->fd, SHUT_RDWR);
                c->deadline = 0;
                if (s->app->verbose)
                    fprintf(stderr, "catalogd: closed a connection that sent too slowly\n");
            }
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
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        r = xcalloc(1, sizeof(*r));
        r->start = util_monotonic();
        r->rest = rest_owns(url);
        util_uuid(r->id);
        *req_cls = r;
        inflight_add(s, 1);
        set_deadline(s, conn, s->app->body_timeout);
        if ((r->refused = refusal(s, conn, &r->refused_code)) == NULL && cl &&
            strtoull(cl, NULL, 10) > s->app->max_body)
            r->too_big = 1;
        /* a declared length is counted against the budget now (allocated as it arrives) */
        if (!r->refused && !r->too_big && cl && strtoull(cl, NULL, 10) > 0) {
            size_t n = (size_t)strtoull(cl, NULL, 10) + 1;
            if (charge(s, r, n) == 0)
                r->body_charged = n;
            else
                r->throttled = 1;
        }
        if (r->refused || r->too_big || r->throttled) { /* answered now, unread */
            if (r->rest)
                rest_answer(s, conn, r, method, url, &hr);
            else
                glue_early(s->app, r, &hr);
            return send_response(conn, r, &hr);
        }
        return MHD_YES; /* the body, if any, grows as it arrives (body_append) */
    }
    if (*upload_data_size != 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (!r->too_big && !r->throttled)
            body_append(s, r, upload_data, n, s->app->max_body);
        else if ((r->discarded += n) > DISCARD_LIMIT)
            return MHD_NO; /* MHD answers only after the body: a longer one is cut off here */
        return MHD_YES;
    }
    set_deadline(s, conn, 0); /* all arrived; answering takes what it takes */
    if (!r->too_big && !r->throttled && r->len > 0 && charge(s, r, json_cost(r->body, r->len)))
        r->throttled = 1;
    if (r->rest) {
        rest_answer(s, conn, r, method, url, &hr);
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
        else
            glue_early(s->app, r, &hr);
    }
    if (s->app->verbose)
        fprintf(stderr, "catalogd: %s %s %s -> %d (%.3f ms)\n", method, url,
                MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Amz-Target")
                    ? MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Amz-Target")
                    : "-",
                hr.status, (util_monotonic() - r->start) * 1000.0);
    return send_response(conn, r, &hr);
}

int http_start(struct http_server **out, const struct app *app, const char *host, int port,
               int threads, struct srv_error *err)
{
    struct http_server *s;
    struct sockaddr_in addr;
    const union MHD_DaemonInfo *info;
    unsigned flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    struct MHD_OptionItem tls[4] = {{MHD_OPTION_END, 0, NULL},
                                    {MHD_OPTION_END, 0, NULL},
                                    {MHD_OPTION_END, 0, NULL},
                                    {MHD_OPTION_END, 0, NULL}};
    *out = NULL;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1)
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
    s->loopback = (ntohl(addr.sin_addr.s_addr) >> 24) == 127;
    atomic_init(&s->held, 0);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    s->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, &addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_NOTIFY_COMPLETED,
        request_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, s,
        MHD_OPTION_CONNECTION_TIMEOUT, app->idle_timeout ? app->idle_timeout : 60u,
        MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_PER_IP_CONNECTION_LIMIT, app->per_ip_limit,
        MHD_OPTION_ARRAY, tls, MHD_OPTION_END);
    if (s->d == NULL) {
        pthread_cond_destroy(&s->wake);
        pthread_mutex_destroy(&s->lock);
        free(s);
        return srv_error_set(err, CAT_EINTERNAL, "cannot listen on %s:%d%s", host, port,
                             app->tls_cert ? " (or the TLS certificate and key do not load)" : "");
    }
    info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : port;
    if (app->header_timeout || app->body_timeout)
        pthread_create(&s->watchdog, NULL, watchdog, s);
    *out = s;
    return CAT_OK;
}

int http_port(const struct http_server *s)
{
    return s->port;
}

void http_stop(struct http_server *s)
{
    int i, busy = 1;
    if (s == NULL)
        return;
    MHD_quiesce_daemon(s->d); /* stop accepting connections */
    /* Let requests already begun (even mid-upload) finish, for up to 30 s; idle
    ** keep-alive connections hold no request and do not delay the stop. */
    for (i = 0; i < 3000 && busy; i++) {
        pthread_mutex_lock(&s->lock);
        busy = s->inflight > 0;
        pthread_mutex_unlock(&s->lock);
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
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
