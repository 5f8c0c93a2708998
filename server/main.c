/* main.c -- argv -> config; open store, migrate, http_start, wait for a signal, stop. */
#include <errno.h>
#include <getopt.h>
#include <gnutls/gnutls.h>
#include <jansson.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "auth/auth.h"
#include "base/util.h"
#include "crawler/crawl_service.h"
#include "front/http.h"
#include "front/proxy.h"
#include "lang/hivetype.h"
#include "ops/token.h"
#include "store/copy.h"
#include "store/store.h"

#define DEFAULT_PORT 8049
#define OPT_SCHEDULE_MINUTE 0x100 /* long options without a short letter */
#define OPT_TLS_PRIORITIES 0x101
#define OPT_TRUSTED_PROXY 0x102
#define OPT_DRAIN_SECONDS 0x103
#define DEFAULT_DRAIN 5 /* seconds a SIGTERM drains before the server stops */
#define DEFAULT_DB "./catalog.db"
#define DEFAULT_ACCOUNT "000000000000"
#define DEFAULT_MAX_BODY (16u * 1024 * 1024)
#define MAX_THREADS 256
#define MAX_MAX_BODY (1024ull * 1024 * 1024) /* 1 GiB: a body is held in memory whole */
#define DEFAULT_BUDGET (64u * 1024 * 1024)   /* bodies and answers in flight */
#define DEFAULT_PER_IP 64
#define MAX_ALLOWED_HOSTS 16
#define MAX_TLS_FILE (1024 * 1024)

static void usage(FILE *f)
{
    fprintf(
        f,
        "usage: catalogd [--listen HOST:PORT] [--db PATH] [--threads N]\n"
        "                [--catalog-id ID] [--max-body BYTES] [--verbose]\n"
        "                [--auth-file PATH] [--insecure] [--allow-host NAME]\n"
        "                [--tls-cert PEM --tls-key PEM [--tls-priorities STRING]]\n"
        "                [--sync full|normal]\n"
        "                [--memory-budget BYTES] [--max-conns-per-client N]\n"
        "                [--idle-timeout S] [--header-timeout S] [--body-timeout S]\n"
        "                [--type-check off|warn|strict] [--schema-evolution off|strict]\n"
        "                [--crawl-root DIR]... [--schedule-minute SECONDS]\n"
        "                [--trusted-proxy CIDR]... [--drain-seconds S]\n"
        "       catalogd --print-schema\n"
        "       catalogd copy --from LOCATOR --to LOCATOR [--catalog ID]... (copy --help)\n"
        "  --listen      address to serve on (default 127.0.0.1:%d; port 0 = any free port);\n"
        "                off loopback only with --auth-file (or --insecure)\n"
        "  --auth-file   principals (JSON) and their roles; SIGHUP reloads it\n"
        "  --insecure    serve a non-loopback address without --auth-file (anyone may write)\n"
        "  --allow-host  a Host name accepted besides localhost/127.x on loopback (repeatable)\n"
        "  --tls-cert, --tls-key  serve HTTPS with this PEM certificate (chain) and key\n"
        "  --tls-priorities  GnuTLS priority string of HTTPS; the default offers TLS 1.2\n"
        "                and 1.3 with forward secret key exchanges only:\n"
        "                " HTTP_TLS_PRIORITIES "\n"
        "  --sync        full (default: a write is on disk when acknowledged) or normal\n"
        "  --memory-budget  bytes of request bodies and answers in flight (default %u)\n"
        "  --max-conns-per-client  connections per client address (default %d)\n"
        "  --trusted-proxy  a load balancer's address or range (repeatable): from it the\n"
        "                client's address is read from a PROXY protocol header or\n"
        "                X-Forwarded-For, for the limits, the logs and the audit\n"
        "  --drain-seconds  on SIGTERM, seconds of /health 503 and closing answers before\n"
        "                the server stops (default %d; 0 to stop at once)\n"
        "  --idle-timeout, --header-timeout, --body-timeout  seconds (default 60, 10, 60)\n"
        "  --db          where the catalog lives, created and migrated if needed: a SQLite\n"
        "                database file (default %s) or a PostgreSQL connection string,\n"
        "                postgresql://USER@HOST:PORT/DBNAME or libpq's 'host=... dbname=...'\n"
        "                (a password from PGPASSWORD or ~/.pgpass, not the command line)\n"
        "  --threads     worker threads, 1 to %d (default 2)\n"
        "  --catalog-id  account id used when a request names no CatalogId (default %s)\n"
        "  --max-body    largest request body accepted, in bytes, up to %llu (default %u)\n"
        "  --verbose     log one line per request to stderr\n"
        "  --type-check  bad Hive column types: accept (off), log (warn: default), refuse\n"
        "  --schema-evolution  strict: UpdateTable refuses incompatible type changes\n"
        "  --crawl-root  a folder crawlers may read under (repeatable; none: no local crawls)\n"
        "  --schedule-minute  seconds in a crawler schedule's minute, 1 to 60 (tests; 60)\n"
        "  --print-schema  print the schema the migrations produce, and exit\n",
        DEFAULT_PORT, DEFAULT_BUDGET, DEFAULT_PER_IP, DEFAULT_DRAIN, DEFAULT_DB, MAX_THREADS,
        DEFAULT_ACCOUNT, MAX_MAX_BODY, DEFAULT_MAX_BODY);
}

/* Parse ARG as a decimal number in MIN..MAX into *OUT: digits only (no sign, space or
** suffix), nothing out of range.  Returns 0, or -1 leaving *OUT alone. */
static int parse_number(const char *arg, unsigned long long min, unsigned long long max,
                        unsigned long long *out)
{
    const char *p;
    char *end;
    unsigned long long v;
    if (*arg == '\0')
        return -1;
    for (p = arg; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    errno = 0;
    v = strtoull(arg, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Split "HOST:PORT" (or ":PORT", or "PORT") into HOST and *PORT. */
static int parse_listen(const char *arg, char *host, size_t hostlen, int *port)
{
    const char *colon = strrchr(arg, ':');
    unsigned long long v;
    if (parse_number(colon ? colon + 1 : arg, 0, 65535, &v) != 0)
        return -1;
    if (colon && (size_t)(colon - arg) >= hostlen)
        return -1;
    *port = (int)v;
    if (colon && colon != arg)
        snprintf(host, hostlen, "%.*s", (int)(colon - arg), arg);
    else
        snprintf(host, hostlen, "127.0.0.1");
    return 0;
}

/* The whole of file PATH (at most MAX_TLS_FILE bytes) as a new string, or NULL. */
static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    if (f == NULL)
        return NULL;
    buf = xmalloc(MAX_TLS_FILE + 1);
    n = fread(buf, 1, MAX_TLS_FILE + 1, f);
    fclose(f);
    if (n == 0 || n > MAX_TLS_FILE) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

/* 1 when HOST (dotted IPv4) is in 127.0.0.0/8. */
static int is_loopback(const char *host)
{
    return strncmp(host, "127.", 4) == 0;
}

/* 0 when GnuTLS accepts PRIORITIES as a priority string; else says why on stderr, -1. */
static int check_tls_priorities(const char *priorities)
{
    gnutls_priority_t p;
    const char *at = NULL;
    int rc = gnutls_priority_init2(&p, priorities, &at, 0);
    if (rc == GNUTLS_E_SUCCESS) {
        gnutls_priority_deinit(p);
        return 0;
    }
    if (at && at >= priorities && at < priorities + strlen(priorities))
        fprintf(stderr, "catalogd: --tls-priorities: GnuTLS does not accept '%s' at '%s': %s\n",
                priorities, at, gnutls_strerror(rc));
    else
        fprintf(stderr, "catalogd: --tls-priorities: GnuTLS does not accept '%s': %s\n", priorities,
                gnutls_strerror(rc));
    return -1;
}

static int print_schema(void)
{
    struct store *st = NULL;
    struct srv_error err;
    char *text = NULL;
    srv_error_init(&err);
    if (store_open(&st, ":memory:", &err) != CAT_OK ||
        store_schema_text(st, &text, &err) != CAT_OK) {
        fprintf(stderr, "catalogd: %s\n", err.msg);
        store_close(st);
        return 1;
    }
    fputs(text, stdout);
    free(text);
    store_close(st);
    return 0;
}

/* SIGTERM: serve for up to SECONDS more with /health answering 503 and every answer closing its
** connection, so that a load balancer moves the traffic elsewhere before this server stops
** accepting; over early once no connection is open, or on another SIGTERM or SIGINT. */
static void drain_then_stop(struct http_server *srv, const sigset_t *set, unsigned seconds)
{
    double end = util_monotonic() + seconds;
    fprintf(stderr, "catalogd: SIGTERM, draining for up to %u s\n", seconds);
    http_drain(srv);
    while (util_monotonic() < end && http_open_connections(srv) > 0) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        int sig = sigtimedwait(set, NULL, &ts);
        if (sig == SIGTERM || sig == SIGINT)
            break;
    }
}

/* Room for the connection table (1000 client connections) and the database's descriptors: the
** soft descriptor limit is raised to the hard one (up to 65536) when lower. */
static void raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return;
    if (rl.rlim_cur < 65536 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max < 65536 ? rl.rlim_max : 65536;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"db", required_argument, NULL, 'd'},
        {"threads", required_argument, NULL, 't'},
        {"catalog-id", required_argument, NULL, 'c'},
        {"max-body", required_argument, NULL, 'm'},
        {"verbose", no_argument, NULL, 'v'},
        {"auth-file", required_argument, NULL, 'A'},
        {"insecure", no_argument, NULL, 'I'},
        {"allow-host", required_argument, NULL, 'H'},
        {"tls-cert", required_argument, NULL, 'C'},
        {"tls-key", required_argument, NULL, 'K'},
        {"tls-priorities", required_argument, NULL, OPT_TLS_PRIORITIES},
        {"sync", required_argument, NULL, 'S'},
        {"memory-budget", required_argument, NULL, 'B'},
        {"max-conns-per-client", required_argument, NULL, 'N'},
        {"idle-timeout", required_argument, NULL, 'i'},
        {"header-timeout", required_argument, NULL, 'e'},
        {"body-timeout", required_argument, NULL, 'b'},
        {"print-schema", no_argument, NULL, 'P'},
        {"type-check", required_argument, NULL, 'T'},
        {"schema-evolution", required_argument, NULL, 'E'},
        {"crawl-root", required_argument, NULL, 'R'},
        {"schedule-minute", required_argument, NULL, OPT_SCHEDULE_MINUTE},
        {"trusted-proxy", required_argument, NULL, OPT_TRUSTED_PROXY},
        {"drain-seconds", required_argument, NULL, OPT_DRAIN_SECONDS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    char host[256] = "127.0.0.1";
    int port = DEFAULT_PORT, threads = 2, c, sig;
    unsigned long long num;
    char db_shown[512];
    const char *db = DEFAULT_DB, *auth_file = NULL, *cert_file = NULL, *key_file = NULL;
    const char *allowed[MAX_ALLOWED_HOSTS + 1] = {NULL};
    int insecure = 0, nallowed = 0, rc = 1;
    char *cert = NULL, *key = NULL;
    const char *roots[64];
    int nroots = 0;
    double minute = 60;
    unsigned drain = DEFAULT_DRAIN;
    static struct proxy_set trusted; /* read-only once serving */
    struct app app;
    struct http_server *srv = NULL;
    struct srv_error err;
    sigset_t set;

    /* Responses of a megabyte (a page of 1000 partitions) are mmapped and unmapped whole,
    ** instead of fragmenting the heap and paying malloc_consolidate() on every free. */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_MXFAST, 0);
    /* One out-of-memory policy: jansson allocates through xmalloc, which aborts (util.h). */
    json_set_alloc_funcs(xmalloc, free);
    if (argc > 1 && strcmp(argv[1], "copy") == 0)
        return copy_main(argc - 1, argv + 1);
    memset(&app, 0, sizeof(app));
    app.catalog_id = DEFAULT_ACCOUNT;
    app.max_body = DEFAULT_MAX_BODY;
    app.memory_budget = DEFAULT_BUDGET;
    app.per_ip_limit = DEFAULT_PER_IP;
    app.idle_timeout = 60;
    app.header_timeout = 10;
    app.body_timeout = 60;
    app.allowed_hosts = allowed;
    while ((c = getopt_long(argc, argv, "l:d:t:c:m:vh", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            if (parse_listen(optarg, host, sizeof(host), &port) != 0) {
                fprintf(stderr,
                        "catalogd: --listen must be HOST:PORT with PORT 0 to 65535, not '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case 'd':
            db = optarg;
            break;
        case 't':
            if (parse_number(optarg, 1, MAX_THREADS, &num) != 0) {
                fprintf(stderr, "catalogd: --threads must be a number from 1 to %d, not '%s'\n",
                        MAX_THREADS, optarg);
                return 2;
            }
            threads = (int)num;
            break;
        case 'c':
            app.catalog_id = optarg;
            break;
        case 'm':
            if (parse_number(optarg, 1, MAX_MAX_BODY, &num) != 0) {
                fprintf(stderr,
                        "catalogd: --max-body must be a number of bytes from 1 to %llu, not '%s'\n",
                        MAX_MAX_BODY, optarg);
                return 2;
            }
            app.max_body = (size_t)num;
            break;
        case 'v':
            app.verbose = 1;
            break;
        case 'A':
            auth_file = optarg;
            break;
        case 'I':
            insecure = 1;
            break;
        case 'H':
            if (nallowed == MAX_ALLOWED_HOSTS) {
                fprintf(stderr, "catalogd: at most %d --allow-host\n", MAX_ALLOWED_HOSTS);
                return 2;
            }
            allowed[nallowed++] = optarg;
            break;
        case 'C':
            cert_file = optarg;
            break;
        case 'K':
            key_file = optarg;
            break;
        case OPT_TLS_PRIORITIES:
            app.tls_priorities = optarg;
            break;
        case 'S':
            if (strcmp(optarg, "full") != 0 && strcmp(optarg, "normal") != 0) {
                fprintf(stderr, "catalogd: --sync must be full or normal, not '%s'\n", optarg);
                return 2;
            }
            store_set_durability(strcmp(optarg, "full") == 0);
            break;
        case 'B':
        case 'N':
        case 'i':
        case 'e':
        case 'b': {
            static const struct {
                int opt;
                const char *name;
                unsigned long long min, max;
            } nums[] = {{'B', "--memory-budget", 1024 * 1024, 1ull << 40},
                        {'N', "--max-conns-per-client", 1, 1000},
                        {'i', "--idle-timeout", 1, 86400},
                        {'e', "--header-timeout", 1, 86400},
                        {'b', "--body-timeout", 1, 86400}};
            size_t k;
            for (k = 0; nums[k].opt != c; k++)
                ;
            if (parse_number(optarg, nums[k].min, nums[k].max, &num) != 0) {
                fprintf(stderr, "catalogd: %s must be a number from %llu to %llu, not '%s'\n",
                        nums[k].name, nums[k].min, nums[k].max, optarg);
                return 2;
            }
            if (c == 'B')
                app.memory_budget = (size_t)num;
            else if (c == 'N')
                app.per_ip_limit = (unsigned)num;
            else if (c == 'i')
                app.idle_timeout = (unsigned)num;
            else if (c == 'e')
                app.header_timeout = (unsigned)num;
            else
                app.body_timeout = (unsigned)num;
            break;
        }
        case 'P':
            return print_schema();
        case 'T':
        case 'E': {
            enum hivetype_policy pol;
            if (hivetype_policy_parse(optarg, &pol) != 0 || (c == 'E' && pol == HIVETYPE_WARN)) {
                fprintf(stderr, "catalogd: --%s must be %s, not '%s'\n",
                        c == 'T' ? "type-check" : "schema-evolution",
                        c == 'T' ? "off, warn or strict" : "off or strict", optarg);
                return 2;
            }
            if (c == 'T')
                hivetype_set_policy(pol);
            else
                hivetype_set_evolution_check(pol == HIVETYPE_STRICT);
            break;
        }
        case 'R':
            if (nroots == 64) {
                fprintf(stderr, "catalogd: at most 64 --crawl-root options\n");
                return 2;
            }
            roots[nroots++] = optarg;
            break;
        case OPT_TRUSTED_PROXY: {
            int r = proxy_set_add(&trusted, optarg);
            if (r != 0) {
                if (r == -2)
                    fprintf(stderr, "catalogd: at most %d --trusted-proxy\n", PROXY_MAX_CIDRS);
                else
                    fprintf(stderr,
                            "catalogd: --trusted-proxy must be an address or ADDRESS/BITS (IPv4 "
                            "or IPv6), not '%s'\n",
                            optarg);
                return 2;
            }
            app.trusted_proxies = &trusted;
            break;
        }
        case OPT_DRAIN_SECONDS:
            if (parse_number(optarg, 0, 3600, &num) != 0) {
                fprintf(stderr, "catalogd: --drain-seconds must be 0 to 3600, not '%s'\n", optarg);
                return 2;
            }
            drain = (unsigned)num;
            break;
        case OPT_SCHEDULE_MINUTE:
            if (parse_number(optarg, 1, 60, &num) != 0) {
                fprintf(stderr, "catalogd: --schedule-minute must be 1 to 60, not '%s'\n", optarg);
                return 2;
            }
            minute = (double)num;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return 2;
    }
    if ((cert_file == NULL) != (key_file == NULL)) {
        fprintf(stderr, "catalogd: --tls-cert and --tls-key go together\n");
        return 2;
    }
    if (app.tls_priorities && cert_file == NULL) {
        fprintf(stderr, "catalogd: --tls-priorities goes with --tls-cert and --tls-key\n");
        return 2;
    }
    if (app.tls_priorities && check_tls_priorities(app.tls_priorities) != 0)
        return 2;
    if (!is_loopback(host) && auth_file == NULL && !insecure) {
        fprintf(stderr,
                "catalogd: refusing to serve %s without --auth-file: anyone who reaches "
                "it could change the catalog (--insecure to do it anyway)\n",
                host);
        return 2;
    }

    /* Signals are taken synchronously by this thread; worker threads inherit the mask. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    raise_fd_limit();
    srv_error_init(&err);
    if (auth_file && auth_store_open(&app.auth, auth_file, &err) != CAT_OK) {
        fprintf(stderr, "catalogd: %s\n", err.msg);
        goto done;
    }
    if (cert_file &&
        ((cert = read_file(cert_file)) == NULL || (key = read_file(key_file)) == NULL)) {
        fprintf(stderr, "catalogd: cannot read %s (up to %d bytes of PEM)\n",
                cert ? key_file : cert_file, MAX_TLS_FILE);
        goto done;
    }
    app.tls_cert = cert;
    app.tls_key = key;
    store_set_pool_size(threads + 2); /* the workers, the crawler, one spare */
    store_locator_display(db, db_shown, sizeof(db_shown));
    if (store_pool_open(&app.pool, db, &err) != CAT_OK) {
        fprintf(stderr, "catalogd: %s\n", err.msg);
        goto done;
    }
    if (token_load_key(app.pool, &err) != CAT_OK) { /* page tokens: the deployment's key */
        fprintf(stderr, "catalogd: %s\n", err.msg);
        goto done;
    }
    crawler_service_auth(app.auth, app.catalog_id);
    if (crawler_service_start(app.pool, roots, nroots, minute, &err) != CAT_OK) {
        fprintf(stderr, "catalogd: %s\n", err.msg);
        goto done;
    }
    if (http_start(&srv, &app, host, port, threads, &err) != CAT_OK) {
        fprintf(stderr, "catalogd: %s\n", err.msg);
        goto done;
    }
    if (!is_loopback(host) && auth_file == NULL)
        fprintf(stderr,
                "catalogd: WARNING: --insecure: serving %s without authentication; "
                "anyone who reaches it can change or delete the catalog\n",
                host);
    if (app.auth)
        fprintf(stderr, "catalogd: %zu principals from %s\n", auth_store_count(app.auth),
                auth_file);
    fprintf(stderr, "catalogd: db %s, %d threads, listening on %s://%s:%d\n", db_shown, threads,
            cert ? "https" : "http", host, http_port(srv));
    for (;;) {
        sigwait(&set, &sig);
        if (sig != SIGHUP)
            break;
        if (app.auth == NULL) {
            fprintf(stderr, "catalogd: SIGHUP: no --auth-file to reload\n");
        } else if (auth_store_reload(app.auth, &err) != CAT_OK) {
            fprintf(stderr, "catalogd: SIGHUP: %s; keeping the previous principals\n", err.msg);
            srv_error_init(&err);
        } else {
            fprintf(stderr, "catalogd: SIGHUP: %zu principals from %s\n",
                    auth_store_count(app.auth), auth_file);
        }
    }
    if (sig == SIGTERM && drain > 0)
        drain_then_stop(srv, &set, drain);
    fprintf(stderr, "catalogd: %s, shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    http_stop(srv);
    fprintf(stderr, "catalogd: stopped\n");
    rc = 0;
done:
    crawler_service_stop();
    store_pool_close(app.pool);
    auth_store_close(app.auth);
    free(cert);
    free(key);
    return rc;
}
