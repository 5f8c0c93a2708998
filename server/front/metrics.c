/* metrics.c -- request counters, latency histograms and gauges; Prometheus text exposition. */
#include "front/metrics.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Upper bounds of the latency buckets, seconds (+Inf is implied). */
static const double BUCKETS[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                 0.05,   0.1,   0.25,   0.5,   1};
#define NBUCKETS (sizeof(BUCKETS) / sizeof(BUCKETS[0]))

/* One series per front+operation: its counts by status and its histogram. */
struct series {
    const char *front, *operation;
    struct {
        int status;
        unsigned long long n;
    } statuses[16];
    int nstatuses;
    unsigned long long buckets[NBUCKETS]; /* not cumulative; summed when rendered */
    unsigned long long count;
    double sum;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct series *series; /* grows; lives as long as the process */
static size_t nseries, capseries;
static long open_connections;
static unsigned long clients; /* distinct client addresses connected or charged */
/* Refusals for want of room, by reason (the label values of catalogd_refused_total). */
static const char *const REASONS[] = {"connections", "connections_per_client", "memory"};
static unsigned long long refused[sizeof(REASONS) / sizeof(REASONS[0])];

/* The series for FRONT+OPERATION, added when new.  Call with LOCK held. */
static struct series *find_series(const char *front, const char *operation)
{
    size_t i;
    for (i = 0; i < nseries; i++)
        if (strcmp(series[i].front, front) == 0 && strcmp(series[i].operation, operation) == 0)
            return &series[i];
    if (nseries == capseries) {
        size_t cap = capseries ? capseries * 2 : 64;
        struct series *ns = xcalloc(cap, sizeof(*ns)); /* replaces SERIES */
        if (nseries)
            memcpy(ns, series, nseries * sizeof(*ns));
        free(series);
        series = ns;
        capseries = cap;
    }
    memset(&series[nseries], 0, sizeof(series[nseries]));
    series[nseries].front = front;
    series[nseries].operation = operation;
    return &series[nseries++];
}

void metrics_observe(const char *front, const char *operation, int status, double seconds)
{
    struct series *s;
    size_t b;
    int i;
    if (seconds < 0)
        seconds = 0;
    pthread_mutex_lock(&lock);
    s = find_series(front, operation);
    for (i = 0; i < s->nstatuses && s->statuses[i].status != status; i++)
        ;
    if (i == s->nstatuses && i < (int)(sizeof(s->statuses) / sizeof(s->statuses[0]))) {
        s->statuses[i].status = status;
        s->statuses[i].n = 0;
        s->nstatuses++;
    }
    if (i < s->nstatuses)
        s->statuses[i].n++;
    for (b = 0; b < NBUCKETS && seconds > BUCKETS[b]; b++)
        ;
    if (b < NBUCKETS)
        s->buckets[b]++;
    s->count++;
    s->sum += seconds;
    pthread_mutex_unlock(&lock);
}

void metrics_connections(int d)
{
    pthread_mutex_lock(&lock);
    open_connections += d;
    pthread_mutex_unlock(&lock);
}

void metrics_clients(unsigned n)
{
    pthread_mutex_lock(&lock);
    clients = n;
    pthread_mutex_unlock(&lock);
}

void metrics_refused(const char *reason)
{
    size_t i;
    pthread_mutex_lock(&lock);
    for (i = 0; i < sizeof(REASONS) / sizeof(REASONS[0]); i++)
        if (strcmp(REASONS[i], reason) == 0)
            refused[i]++;
    pthread_mutex_unlock(&lock);
}

/* Append printf-formatted text to OUT. */
static void addf(struct sbuf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addf(struct sbuf *out, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > 0)
        sbuf_add(out, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void metrics_render(struct sbuf *out, long long db_size, const char *problem)
{
    static const char *const problems[] = {"disk full", "read-only", "corrupt",
                                           "PostgreSQL unreachable"};
    size_t i, b;
    int k, known = 0;
    pthread_mutex_lock(&lock);
    sbuf_adds(out, "# HELP catalogd_requests_total Requests answered, by front, operation and "
                   "HTTP status.\n# TYPE catalogd_requests_total counter\n");
    for (i = 0; i < nseries; i++)
        for (k = 0; k < series[i].nstatuses; k++)
            addf(out, "catalogd_requests_total{front=\"%s\",operation=\"%s\",status=\"%d\"} %llu\n",
                 series[i].front, series[i].operation, series[i].statuses[k].status,
                 series[i].statuses[k].n);
    sbuf_adds(out, "# HELP catalogd_request_duration_seconds Request latency, by front and "
                   "operation.\n# TYPE catalogd_request_duration_seconds histogram\n");
    for (i = 0; i < nseries; i++) {
        const struct series *s = &series[i];
        unsigned long long cum = 0;
        for (b = 0; b < NBUCKETS; b++) {
            cum += s->buckets[b];
            addf(out,
                 "catalogd_request_duration_seconds_bucket{front=\"%s\",operation=\"%s\","
                 "le=\"%g\"} %llu\n",
                 s->front, s->operation, BUCKETS[b], cum);
        }
        addf(out,
             "catalogd_request_duration_seconds_bucket{front=\"%s\",operation=\"%s\",le=\"+Inf\"}"
             " %llu\n",
             s->front, s->operation, s->count);
        addf(out, "catalogd_request_duration_seconds_sum{front=\"%s\",operation=\"%s\"} %.6f\n",
             s->front, s->operation, s->sum);
        addf(out, "catalogd_request_duration_seconds_count{front=\"%s\",operation=\"%s\"} %llu\n",
             s->front, s->operation, s->count);
    }
    if (db_size >= 0)
        addf(out,
             "# HELP catalogd_database_size_bytes Size of the SQLite database file.\n"
             "# TYPE catalogd_database_size_bytes gauge\ncatalogd_database_size_bytes %lld\n",
             db_size);
    sbuf_adds(out, "# HELP catalogd_store_problem 1 while this keeps the catalog's store from "
                   "taking writes (as /health says), else 0.\n"
                   "# TYPE catalogd_store_problem gauge\n");
    for (i = 0; i < sizeof(problems) / sizeof(problems[0]); i++) {
        int now = problem && strcmp(problem, problems[i]) == 0;
        known |= now;
        addf(out, "catalogd_store_problem{problem=\"%s\"} %d\n", problems[i], now);
    }
    if (problem && !known)
        addf(out, "catalogd_store_problem{problem=\"%s\"} 1\n", problem);
    addf(out,
         "# HELP catalogd_open_connections Client connections open now.\n"
         "# TYPE catalogd_open_connections gauge\ncatalogd_open_connections %ld\n",
         open_connections);
    addf(out,
         "# HELP catalogd_clients Distinct client addresses (behind trusted proxies: the real "
         "clients') with connections or requests now.\n"
         "# TYPE catalogd_clients gauge\ncatalogd_clients %lu\n",
         clients);
    sbuf_adds(out, "# HELP catalogd_refused_total Requests answered 503 for want of room, by "
                   "limit.\n# TYPE catalogd_refused_total counter\n");
    for (i = 0; i < sizeof(REASONS) / sizeof(REASONS[0]); i++)
        addf(out, "catalogd_refused_total{reason=\"%s\"} %llu\n", REASONS[i], refused[i]);
    pthread_mutex_unlock(&lock);
}
