/* ceiling.c -- the HTTP ceiling for `make bench`: a bare libmicrohttpd responder.
**
**   ceiling [PORT [ANSWER_FILE [THREADS]]]
**
** Same daemon flags as server/front/http.c (internal polling thread, a pool of THREADS (2)
** threads on epoll), reads the whole request body like catalogd does, and answers every
** request with the same fixed JSON and the same headers (Content-Type, x-amzn-RequestId).
** ANSWER_FILE holds the answer (the driver saves catalogd's own GetTable answer there, so
** both send the same bytes); without it a small Glue-style Table is sent. Whatever catalogd
** adds on top of this is catalogd's own cost. Prints "listening on http://127.0.0.1:<port>"
** on stderr; exits on SIGINT or SIGTERM. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SMALL[] =
    "{\"Table\":{\"Name\":\"t\",\"DatabaseName\":\"bench\",\"CatalogId\":\"000000000000\","
    "\"VersionId\":\"0\",\"TableType\":\"EXTERNAL_TABLE\",\"Parameters\":{}}}";
static const char *answer = SMALL;
static size_t answer_len = sizeof(SMALL) - 1;

/* Read file PATH (at most 1 MiB) as the answer; 0 on success. */
static int load_answer(const char *path)
{
    static char buf[1 << 20];
    FILE *f = fopen(path, "rb");
    size_t n;
    if (f == NULL)
        return -1;
    n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    if (n == 0 || n == sizeof(buf))
        return -1;
    answer = buf;
    answer_len = n;
    return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    static int first_call_marker;
    struct MHD_Response *resp;
    enum MHD_Result ret;
    (void)cls;
    (void)url;
    (void)method;
    (void)version;
    (void)upload_data;
    if (*req_cls == NULL) { /* headers only */
        *req_cls = &first_call_marker;
        return MHD_YES;
    }
    if (*upload_data_size != 0) { /* body: consumed, not kept */
        *upload_data_size = 0;
        return MHD_YES;
    }
    resp = MHD_create_response_from_buffer(answer_len, (void *)answer, MHD_RESPMEM_PERSISTENT);
    if (resp == NULL)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", "application/x-amz-json-1.1");
    MHD_add_response_header(resp, "x-amzn-RequestId", "00000000-0000-0000-0000-000000000000");
    ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}

int main(int argc, char **argv)
{
    struct MHD_Daemon *d;
    const union MHD_DaemonInfo *info;
    sigset_t set;
    int sig;
    unsigned port = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 0;
    unsigned threads = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 2;
    struct sockaddr_in addr;
    if (argc > 2 && load_answer(argv[2]) != 0) {
        fprintf(stderr, "ceiling: cannot read an answer (1 byte to 1 MiB) from %s\n", argv[2]);
        return 1;
    }
    if (threads < 1 || threads > 64)
        threads = 2;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL,
        NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_TIMEOUT, 120u, MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "ceiling: cannot listen on port %u\n", port);
        return 1;
    }
    info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    fprintf(stderr, "ceiling: listening on http://127.0.0.1:%u\n", info ? info->port : port);
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    return 0;
}
