/* http.c -- libmicrohttpd only: access handler, capped body, request state, Glue/REST split. */
#include "http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "glue.h"
#include "metrics.h"
#include "rest.h"
#include "util.h"

struct http_server {
    struct MHD_Daemon *d;
    const struct app *app;
    int port;
    pthread_mutex_t lock;
    int inflight; /* requests begun and not yet completed */
};

/* Per-request state, kept in *req_cls and freed in request_completed(). */
struct req {
    char *body;
    size_t len, cap;
    int too_big;
    const char *refused; /* static: why the request is refused before its body is read */
    double start;        /* util_monotonic() when the headers arrived */
    int rest;            /* the path belongs to the REST front */
    char id[37];         /* the request id (x-request-id or x-amzn-RequestId) */
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

static void request_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                              enum MHD_RequestTerminationCode toe)
{
    struct req *r = *req_cls;
    (void)conn;
    (void)toe;
    if (r == NULL)
        return;
    inflight_add(cls, -1);
    free(r->body);
    free(r);
    *req_cls = NULL;
}

/* Append a chunk of upload to R, keeping at most MAX bytes. */
static void body_append(struct req *r, const char *data, size_t n, size_t max)
{
    if (r->too_big || r->len + n > max) {
        r->too_big = 1;
        return;
    }
    if (r->len + n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 1024;
        char *nb;
        while (cap < r->len + n + 1)
            cap *= 2;
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
    if (r->refused) /* where its body ends is unknown: nothing after it can be read */
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

/* Why the HTTP layer refuses a request on its headers alone, or NULL.  Two Content-Length
** headers that disagree frame the body two ways (request smuggling behind a proxy that
** reads the other one); MHD would use the first. */
static const char *refusal(struct MHD_Connection *conn)
{
    struct lengths l = {NULL, 0};
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
        srv_error_set(&err, CAT_EINVAL, "%s", r->refused);
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

/* Answer R on the REST front (URL is the raw path). */
static void rest_answer(struct http_server *s, struct MHD_Connection *conn, struct req *r,
                        const char *method, const char *url, struct http_response *hr)
{
    struct rest_request rq;
    struct params ps;
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
    rq.body = r->body ? r->body : "";
    rq.body_len = r->len;
    rq.too_big = r->too_big;
    rq.refused = r->refused;
    rq.request_id = r->id;
    rest_handle(s->app, &rq, hr);
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
    (void)cls;
    (void)conn;
    (void)socket_context;
    metrics_connections(toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
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
        if ((r->refused = refusal(conn)) == NULL && cl && strtoull(cl, NULL, 10) > s->app->max_body)
            r->too_big = 1;
        if (r->refused || r->too_big) { /* answered now, without reading the body */
            if (r->rest)
                rest_answer(s, conn, r, method, url, &hr);
            else
                glue_early(s->app, r, &hr);
            return send_response(conn, r, &hr);
        }
        if (cl && (r->cap = (size_t)strtoull(cl, NULL, 10) + 1) > 1) /* one allocation */
            r->body = xmalloc(r->cap);
        else
            r->cap = 0;
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        body_append(r, upload_data, *upload_data_size, s->app->max_body);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->rest) {
        rest_answer(s, conn, r, method, url, &hr);
    } else if (r->too_big) {
        glue_early(s->app, r, &hr);
    } else if (strcmp(method, "POST") == 0) {
        glue_handle(s->app, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Amz-Target"),
                    r->body ? r->body : "", r->len, &hr);
    } else {
        struct srv_error err;
        srv_error_init(&err);
        srv_error_set(&err, CAT_EUNKNOWNOP,
                      "Send Glue requests as POST with an X-Amz-Target header.");
        glue_error(&err, &hr);
        hr.status = 405;
        hr.operation = "MethodNotAllowed";
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
    *out = NULL;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1)
        return srv_error_set(err, CAT_EINVAL, "cannot parse listen address %s", host);
    s = xcalloc(1, sizeof(*s));
    s->app = app;
    pthread_mutex_init(&s->lock, NULL);
    s->d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL,
        NULL, on_request, s, MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)threads, MHD_OPTION_NOTIFY_COMPLETED, request_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped,
        s, MHD_OPTION_CONNECTION_TIMEOUT, 120u, MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_END);
    if (s->d == NULL) {
        pthread_mutex_destroy(&s->lock);
        free(s);
        return srv_error_set(err, CAT_EINTERNAL, "cannot listen on %s:%d", host, port);
    }
    info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : port;
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
    MHD_stop_daemon(s->d);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
