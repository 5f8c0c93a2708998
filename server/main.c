/* main.c -- argv -> config; open store, migrate, http_start, wait for a signal, stop. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <gnutls/gnutls.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>

#include "auth/auth.h"
#include "base/util.h"
#include "crawler/crawl_service.h"
#include "front/hms.h"
#include "front/http.h"
#include "front/listener.h"
#include "front/proxy.h"
#include "lang/hivetype.h"
#include "ops/iceberg.h"
#include "ops/iceberg_file.h"
#include "ops/token.h"
#include "store/copy.h"
#include "store/store.h"

#ifndef CATALOGD_VERSION /* the Makefile passes catalog.h's CAT_VERSION_MAJOR.MINOR.PATCH */
#define CATALOGD_VERSION "unknown"
#endif
#define DEFAULT_PORT 8049
#define OPT_SCHEDULE_MINUTE 0x100 /* long options without a short letter */
#define OPT_TLS_PRIORITIES 0x101
#define OPT_TRUSTED_PROXY 0x102
#define OPT_DRAIN_SECONDS 0x103
#define OPT_HMS_LISTEN 0x104
#define OPT_WAREHOUSE 0x105
#define OPT_HMS_PRINCIPAL 0x106
#define OPT_SQLITE_MMAP 0x107
#define OPT_PG_TABLE_CACHE 0x108
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
        "                [--hms-listen HOST:PORT [--hms-principal NAME]] [--warehouse URI]\n"
        "                [--sqlite-mmap MB] [--pg-table-cache]\n"
        "       catalogd --print-schema | --version\n"
        "       catalogd copy --from LOCATOR --to LOCATOR [--catalog ID]... (copy --help)\n"
        "  --listen      address to serve on (default 127.0.0.1:%d; port 0 = any free port;\n"
        "                localhost:PORT, [::1]:PORT for IPv6); off loopback only with\n"
        "                --auth-file (or --insecure)\n"
        "  --hms-listen  also serve the Hive Metastore Thrift protocol there (e.g.\n"
        "                127.0.0.1:9083); off loopback only with --auth-file (or --insecure)\n"
        "  --hms-principal  with --auth-file: the principal of Thrift connections that\n"
        "                did not name one with set_ugi (Trino, StarRocks)\n"
        "  --auth-file   principals (JSON) and their roles; SIGHUP reloads it\n"
        "  --insecure    serve a non-loopback address without --auth-file (anyone may write)\n"
        "  --allow-host  a Host name accepted besides localhost/127.x on loopback (repeatable)\n"
        "  --tls-cert, --tls-key  serve HTTPS with this PEM certificate (chain) and key\n"
        "  --tls-priorities  GnuTLS priority string of HTTPS; the default offers TLS 1.2\n"
        "                and 1.3 with forward secret key exchanges only:\n"
        "                " HTTP_TLS_PRIORITIES "\n"
        "  --sync        full (default: a write is on disk when acknowledged) or normal\n"
        "  --sqlite-mmap  SQLite: read the database through a memory map of up to MB\n"
        "                megabytes (default 1024; 0: off, pages copied by read())\n"
        "  --pg-table-cache  PostgreSQL: GetTable from the cache other catalogd invalidate\n"
        "                (LISTEN/NOTIFY) without checking it by a round trip first: a read\n"
        "                may miss another's write of <= 100 ms ago\n"
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
        "  --warehouse   Iceberg tables' default location root (file:///path: catalogd\n"
        "                writes their metadata files there; s3://... and others: named only)\n"
        "  --print-schema  print the schema the migrations produce, and exit\n"
        "  --version     print catalogd's version, and exit\n",
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

/* Split "HOST:PORT" (or ":PORT", or "PORT"; an IPv6 HOST in brackets, "[::1]:PORT") into HOST
** (as inet_pton() reads it: "localhost" is 127.0.0.1, brackets removed) and *PORT. */
static int parse_listen(const char *arg, char *host, size_t hostlen, int *port)
{
    const char *colon = strrchr(arg, ':'), *h = arg;
    size_t n;
    unsigned long long v;
    if (arg[0] == '[') { /* [IPv6]:PORT */
        const char *end = strchr(arg, ']');
        if (end == NULL || end[1] != ':')
            return -1;
        h = arg + 1;
        n = (size_t)(end - h);
        colon = end + 1;
    } else {
        n = colon ? (size_t)(colon - arg) : 0;
    }
    if (parse_number(colon ? colon + 1 : arg, 0, 65535, &v) != 0 || n >= hostlen)
        return -1;
    *port = (int)v;
    if (n == 0 || (n == 9 && strncasecmp(h, "localhost", 9) == 0))
        snprintf(host, hostlen, "127.0.0.1");
    else
        snprintf(host, hostlen, "%.*s", (int)n, h);
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

/* 1 when HOST (IPv4 or IPv6 text) is in 127.0.0.0/8 or is ::1. */
static int is_loopback(const char *host)
{
    struct in6_addr a6;
    return strncmp(host, "127.", 4) == 0 ||
           (inet_pton(AF_INET6, host, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6));
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

/* What the command line asks for: the server's settings (APP) and how to start it. */
struct config {
    struct app app;
    char host[256];
    int port, threads;
    const char *db, *auth_file, *cert_file, *key_file;
    char *cert, *key; /* owned: the PEM text read from CERT_FILE and KEY_FILE (APP.tls_*) */
    const char *allowed[MAX_ALLOWED_HOSTS + 1]; /* APP.allowed_hosts */
    int insecure, nallowed;
    const char *roots[64]; /* --crawl-root */
    int nroots;
    double minute;            /* --schedule-minute */
    unsigned drain;           /* --drain-seconds */
    struct proxy_set trusted; /* APP.trusted_proxies when any */
    char hms_host[256];       /* --hms-listen, when HMS_PORT >= 0 */
    int hms_port;
    struct hms_server *hms;
};

static const struct option long_opts[] = {
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
    {"hms-listen", required_argument, NULL, OPT_HMS_LISTEN},
    {"warehouse", required_argument, NULL, OPT_WAREHOUSE},
    {"hms-principal", required_argument, NULL, OPT_HMS_PRINCIPAL},
    {"sqlite-mmap", required_argument, NULL, OPT_SQLITE_MMAP},
    {"pg-table-cache", no_argument, NULL, OPT_PG_TABLE_CACHE},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

/* CFG's defaults: what catalogd does with no option. */
static void config_init(struct config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    snprintf(cfg->host, sizeof(cfg->host), "127.0.0.1");
    cfg->port = DEFAULT_PORT;
    cfg->threads = 2;
    cfg->db = DEFAULT_DB;
    cfg->minute = 60;
    cfg->drain = DEFAULT_DRAIN;
    cfg->hms_port = -1;
    cfg->app.catalog_id = DEFAULT_ACCOUNT;
    cfg->app.max_body = DEFAULT_MAX_BODY;
    cfg->app.memory_budget = DEFAULT_BUDGET;
    cfg->app.per_ip_limit = DEFAULT_PER_IP;
    cfg->app.idle_timeout = 60;
    cfg->app.header_timeout = 10;
    cfg->app.body_timeout = 60;
    cfg->app.allowed_hosts = cfg->allowed;
}

/* The options whose value is a number, C with value ARG, into CFG.  Returns -1 (go on) or 2
** after saying what is wrong. */
static int number_option(struct config *cfg, int c, const char *arg)
{
    static const struct {
        int opt;
        const char *name;
        unsigned long long min, max;
    } limits[] = {{'B', "--memory-budget", 1024 * 1024, 1ull << 40},
                  {'N', "--max-conns-per-client", 1, 1000},
                  {'i', "--idle-timeout", 1, 86400},
                  {'e', "--header-timeout", 1, 86400},
                  {'b', "--body-timeout", 1, 86400}};
    unsigned long long num;
    size_t k;
    switch (c) {
    case 't':
        if (parse_number(arg, 1, MAX_THREADS, &num) != 0) {
            fprintf(stderr, "catalogd: --threads must be a number from 1 to %d, not '%s'\n",
                    MAX_THREADS, arg);
            return 2;
        }
        cfg->threads = (int)num;
        return -1;
    case 'm':
        if (parse_number(arg, 1, MAX_MAX_BODY, &num) != 0) {
            fprintf(stderr,
                    "catalogd: --max-body must be a number of bytes from 1 to %llu, not '%s'\n",
                    MAX_MAX_BODY, arg);
            return 2;
        }
        cfg->app.max_body = (size_t)num;
        return -1;
    case OPT_DRAIN_SECONDS:
        if (parse_number(arg, 0, 3600, &num) != 0) {
            fprintf(stderr, "catalogd: --drain-seconds must be 0 to 3600, not '%s'\n", arg);
            return 2;
        }
        cfg->drain = (unsigned)num;
        return -1;
    case OPT_SQLITE_MMAP:
        if (parse_number(arg, 0, 1u << 20, &num) != 0) {
            fprintf(stderr, "catalogd: --sqlite-mmap must be 0 to %u (megabytes), not '%s'\n",
                    1u << 20, arg);
            return 2;
        }
        store_set_sqlite_mmap((long long)num << 20);
        return -1;
    case OPT_SCHEDULE_MINUTE:
        if (parse_number(arg, 1, 60, &num) != 0) {
            fprintf(stderr, "catalogd: --schedule-minute must be 1 to 60, not '%s'\n", arg);
            return 2;
        }
        cfg->minute = (double)num;
        return -1;
    }
    for (k = 0; limits[k].opt != c; k++)
        ;
    if (parse_number(arg, limits[k].min, limits[k].max, &num) != 0) {
        fprintf(stderr, "catalogd: %s must be a number from %llu to %llu, not '%s'\n",
                limits[k].name, limits[k].min, limits[k].max, arg);
        return 2;
    }
    if (c == 'B')
        cfg->app.memory_budget = (size_t)num;
    else if (c == 'N')
        cfg->app.per_ip_limit = (unsigned)num;
    else if (c == 'i')
        cfg->app.idle_timeout = (unsigned)num;
    else if (c == 'e')
        cfg->app.header_timeout = (unsigned)num;
    else
        cfg->app.body_timeout = (unsigned)num;
    return -1;
}

/* --type-check (C 'T') or --schema-evolution ('E') ARG.  Returns -1 (go on) or 2. */
static int policy_option(int c, const char *arg)
{
    enum hivetype_policy pol;
    if (hivetype_policy_parse(arg, &pol) != 0 || (c == 'E' && pol == HIVETYPE_WARN)) {
        fprintf(stderr, "catalogd: --%s must be %s, not '%s'\n",
                c == 'T' ? "type-check" : "schema-evolution",
                c == 'T' ? "off, warn or strict" : "off or strict", arg);
        return 2;
    }
    if (c == 'T')
        hivetype_set_policy(pol);
    else
        hivetype_set_evolution_check(pol == HIVETYPE_STRICT);
    return -1;
}

/* The repeatable options (--allow-host, --crawl-root, --trusted-proxy), C with value ARG, into
** CFG.  Returns -1 (go on) or 2. */
static int list_option(struct config *cfg, int c, const char *arg)
{
    int r;
    switch (c) {
    case 'H':
        if (cfg->nallowed == MAX_ALLOWED_HOSTS) {
            fprintf(stderr, "catalogd: at most %d --allow-host\n", MAX_ALLOWED_HOSTS);
            return 2;
        }
        cfg->allowed[cfg->nallowed++] = arg;
        return -1;
    case 'R':
        if (cfg->nroots == 64) {
            fprintf(stderr, "catalogd: at most 64 --crawl-root options\n");
            return 2;
        }
        cfg->roots[cfg->nroots++] = arg;
        return -1;
    }
    if ((r = proxy_set_add(&cfg->trusted, arg)) != 0) {
        if (r == -2)
            fprintf(stderr, "catalogd: at most %d --trusted-proxy\n", PROXY_MAX_CIDRS);
        else
            fprintf(stderr,
                    "catalogd: --trusted-proxy must be an address or ADDRESS/BITS (IPv4 "
                    "or IPv6), not '%s'\n",
                    arg);
        return 2;
    }
    cfg->app.trusted_proxies = &cfg->trusted;
    return -1;
}

/* Option C with value ARG (getopt_long's) into CFG.  Returns -1 to go on, else the exit
** status: 0 after --help or --print-schema (done here), 2 after a usage error. */
static int parse_option(struct config *cfg, int c, const char *arg)
{
    switch (c) {
    case 'l':
        if (parse_listen(arg, cfg->host, sizeof(cfg->host), &cfg->port) != 0) {
            fprintf(stderr,
                    "catalogd: --listen must be HOST:PORT ([ADDRESS]:PORT for IPv6) with PORT 0 "
                    "to 65535, not '%s'\n",
                    arg);
            return 2;
        }
        return -1;
    case OPT_HMS_LISTEN:
        if (parse_listen(arg, cfg->hms_host, sizeof(cfg->hms_host), &cfg->hms_port) != 0) {
            fprintf(stderr,
                    "catalogd: --hms-listen must be HOST:PORT with PORT 0 to 65535, not '%s'\n",
                    arg);
            return 2;
        }
        return -1;
    case OPT_HMS_PRINCIPAL:
        cfg->app.hms_principal = arg;
        return -1;
    case 'd':
        cfg->db = arg;
        return -1;
    case 'c':
        cfg->app.catalog_id = arg;
        return -1;
    case 'v':
        cfg->app.verbose = 1;
        return -1;
    case 'A':
        cfg->auth_file = arg;
        return -1;
    case 'I':
        cfg->insecure = 1;
        return -1;
    case 'C':
        cfg->cert_file = arg;
        return -1;
    case 'K':
        cfg->key_file = arg;
        return -1;
    case OPT_TLS_PRIORITIES:
        cfg->app.tls_priorities = arg;
        return -1;
    case 'S':
        if (strcmp(arg, "full") != 0 && strcmp(arg, "normal") != 0) {
            fprintf(stderr, "catalogd: --sync must be full or normal, not '%s'\n", arg);
            return 2;
        }
        store_set_durability(strcmp(arg, "full") == 0);
        return -1;
    case OPT_PG_TABLE_CACHE:
        store_set_pg_table_cache(1);
        return -1;
    case 't':
    case 'm':
    case 'B':
    case 'N':
    case 'i':
    case 'e':
    case 'b':
    case OPT_DRAIN_SECONDS:
    case OPT_SCHEDULE_MINUTE:
    case OPT_SQLITE_MMAP:
        return number_option(cfg, c, arg);
    case 'T':
    case 'E':
        return policy_option(c, arg);
    case 'H':
    case 'R':
    case OPT_TRUSTED_PROXY:
        return list_option(cfg, c, arg);
    case OPT_WAREHOUSE:
        if (strstr(arg, "://") == NULL || strstr(arg, "://") == arg ||
            (strncmp(arg, "file:", 5) == 0 && !ice_file_local(arg))) {
            fprintf(stderr,
                    "catalogd: --warehouse must be a URI such as file:///path or s3://bucket/path, "
                    "not '%s'\n",
                    arg);
            return 2;
        }
        iceberg_set_warehouse(arg);
        return -1;
    case 'P':
        return print_schema();
    case 'h':
        usage(stdout);
        return 0;
    case 'V':
        printf("catalogd %s\n", CATALOGD_VERSION);
        return 0;
    default:
        usage(stderr);
        return 2;
    }
}

/* The command line into CFG, then the checks across options.  Returns -1 to serve, else the
** exit status (as parse_option()). */
static int parse_options(struct config *cfg, int argc, char **argv)
{
    int c, rc;
    while ((c = getopt_long(argc, argv, "l:d:t:c:m:vh", long_opts, NULL)) != -1)
        if ((rc = parse_option(cfg, c, optarg)) >= 0)
            return rc;
    if (optind != argc) {
        usage(stderr);
        return 2;
    }
    if ((cfg->cert_file == NULL) != (cfg->key_file == NULL)) {
        fprintf(stderr, "catalogd: --tls-cert and --tls-key go together\n");
        return 2;
    }
    if (cfg->app.tls_priorities && cfg->cert_file == NULL) {
        fprintf(stderr, "catalogd: --tls-priorities goes with --tls-cert and --tls-key\n");
        return 2;
    }
    if (cfg->app.tls_priorities && check_tls_priorities(cfg->app.tls_priorities) != 0)
        return 2;
    if (cfg->app.hms_principal && (cfg->hms_port < 0 || cfg->auth_file == NULL)) {
        fprintf(stderr, "catalogd: --hms-principal goes with --hms-listen and --auth-file\n");
        return 2;
    }
    if ((!is_loopback(cfg->host) || (cfg->hms_port >= 0 && !is_loopback(cfg->hms_host))) &&
        cfg->auth_file == NULL && !cfg->insecure) {
        fprintf(stderr,
                "catalogd: refusing to serve %s without --auth-file: anyone who reaches "
                "it could change the catalog (--insecure to do it anyway)\n",
                !is_loopback(cfg->host) ? cfg->host : cfg->hms_host);
        return 2;
    }
    return -1;
}

/* Open what CFG names (principals, TLS files, the store, page-token key), start the crawler
** service and the HTTP server into *SRV.  0, or -1 after saying why on stderr. */
static int start(struct config *cfg, struct http_server **srv)
{
    struct app *app = &cfg->app;
    struct srv_error err;
    srv_error_init(&err);
    if (cfg->auth_file && auth_store_open(&app->auth, cfg->auth_file, &err) != CAT_OK) {
        fprintf(stderr, "catalogd: %s\n", err.msg);
        return -1;
    }
    if (cfg->cert_file && ((cfg->cert = read_file(cfg->cert_file)) == NULL ||
                           (cfg->key = read_file(cfg->key_file)) == NULL)) {
        fprintf(stderr, "catalogd: cannot read %s (up to %d bytes of PEM)\n",
                cfg->cert ? cfg->key_file : cfg->cert_file, MAX_TLS_FILE);
        return -1;
    }
    app->tls_cert = cfg->cert;
    app->tls_key = cfg->key;
    /* a port in use is said before the database is created or migrated */
    if (listener_probe(cfg->host, cfg->port, &err) != CAT_OK ||
        (cfg->hms_port >= 0 && listener_probe(cfg->hms_host, cfg->hms_port, &err) != CAT_OK)) {
        fprintf(stderr, "catalogd: %s\n", err.msg);
        return -1;
    }
    /* the workers (the HTTP front's and the Thrift front's), the crawler, one spare */
    store_set_pool_size(cfg->threads * (cfg->hms_port >= 0 ? 2 : 1) + 2);
    if (store_pool_open(&app->pool, cfg->db, &err) != CAT_OK ||
        token_load_key(app->pool, &err) != CAT_OK) { /* page tokens: the deployment's key */
        fprintf(stderr, "catalogd: %s\n", err.msg);
        return -1;
    }
    crawler_service_auth(app->auth, app->catalog_id);
    iceberg_set_read_roots(cfg->roots, cfg->nroots); /* Iceberg metadata files read there too */
    if (crawler_service_start(app->pool, cfg->roots, cfg->nroots, cfg->minute, &err) != CAT_OK ||
        http_start(srv, app, cfg->host, cfg->port, cfg->threads, &err) != CAT_OK ||
        (cfg->hms_port >= 0 &&
         hms_start(&cfg->hms, app, cfg->hms_host, cfg->hms_port, cfg->threads, &err) != CAT_OK)) {
        fprintf(stderr, "catalogd: %s\n", err.msg);
        return -1;
    }
    return 0;
}

/* Say what is served, then take signals (SET, blocked) until one stops the server: SIGHUP
** reloads the principals, SIGTERM drains first.  Returns the stopping signal. */
static int serve_until_signal(struct config *cfg, struct http_server *srv, const sigset_t *set)
{
    struct app *app = &cfg->app;
    char db_shown[512];
    struct srv_error err;
    int sig;
    srv_error_init(&err);
    store_locator_display(cfg->db, db_shown, sizeof(db_shown));
    if (!is_loopback(cfg->host) && cfg->auth_file == NULL)
        fprintf(stderr,
                "catalogd: WARNING: --insecure: serving %s without authentication; "
                "anyone who reaches it can change or delete the catalog\n",
                cfg->host);
    if (app->auth)
        fprintf(stderr, "catalogd: %zu principals from %s\n", auth_store_count(app->auth),
                cfg->auth_file);
    fprintf(stderr, "catalogd: db %s, %d threads, listening on %s://%s%s%s:%d\n", db_shown,
            cfg->threads, app->tls_cert ? "https" : "http", strchr(cfg->host, ':') ? "[" : "",
            cfg->host, strchr(cfg->host, ':') ? "]" : "", http_port(srv));
    if (cfg->hms)
        fprintf(stderr, "catalogd: Hive Metastore (Thrift) on %s%s%s:%d\n",
                strchr(cfg->hms_host, ':') ? "[" : "", cfg->hms_host,
                strchr(cfg->hms_host, ':') ? "]" : "", hms_port(cfg->hms));
    for (;;) {
        sigwait(set, &sig);
        if (sig != SIGHUP)
            break;
        if (app->auth == NULL) {
            fprintf(stderr, "catalogd: SIGHUP: no --auth-file to reload\n");
        } else if (auth_store_reload(app->auth, &err) != CAT_OK) {
            fprintf(stderr, "catalogd: SIGHUP: %s; keeping the previous principals\n", err.msg);
            srv_error_init(&err);
        } else {
            fprintf(stderr, "catalogd: SIGHUP: %zu principals from %s\n",
                    auth_store_count(app->auth), cfg->auth_file);
        }
    }
    if (sig == SIGTERM && cfg->drain > 0)
        drain_then_stop(srv, set, cfg->drain);
    return sig;
}

/* Stop and release what start() started, whatever it got to. */
static void stop(struct config *cfg)
{
    crawler_service_stop();
    store_pool_close(cfg->app.pool);
    auth_store_close(cfg->app.auth);
    free(cfg->cert);
    free(cfg->key);
}

/* Serve as CFG says until a signal stops the server.  The exit status. */
static int serve(struct config *cfg)
{
    struct http_server *srv = NULL;
    sigset_t set;
    int sig, rc = 1;

    /* Signals are taken synchronously by this thread; worker threads inherit the mask. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    raise_fd_limit();
    if (start(cfg, &srv) == 0) {
        sig = serve_until_signal(cfg, srv, &set);
        fprintf(stderr, "catalogd: %s, shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
        hms_stop(cfg->hms);
        http_stop(srv);
        fprintf(stderr, "catalogd: stopped\n");
        rc = 0;
    }
    stop(cfg);
    return rc;
}

int main(int argc, char **argv)
{
    static struct config cfg; /* the trusted proxies are large; read-only once serving */
    int rc;

    /* glibc's own malloc settings.  (Setting M_MMAP_THRESHOLD to 256 KB and M_MXFAST to 0
    ** made every answer of a page of partitions a fresh mmap, faulted in page by page, and its
    ** munmap a TLB shoot-down: in a catalogd that had not ingested the partitions itself, a
    ** full listing took 5x the CPU and a selective GetPartitions of 504 rows 2.7x the time.) */
    /* One out-of-memory policy: jansson allocates through xmalloc, which aborts (util.h). */
    json_set_alloc_funcs(xmalloc, free);
    if (argc > 1 && strcmp(argv[1], "copy") == 0)
        return copy_main(argc - 1, argv + 1);
    config_init(&cfg);
    if ((rc = parse_options(&cfg, argc, argv)) >= 0)
        return rc;
    return serve(&cfg);
}
