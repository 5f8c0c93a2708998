/* loadgen.c -- Glue JSON load generator for `make bench` (libcurl easy handles, keep-alive).
**
**   loadgen URL [options] PHASE...
**
** Speaks the AWS Glue JSON 1.1 protocol to catalogd, moto_server or the bare ceiling
** responder, and runs the named phases in order, each bounded in count and in time (-T):
**
**   setup      CreateDatabase bench + CreateTable t (keys dt date, hr int, region string)
**   ingest     BatchCreatePartition of partitions 0..N-1 in batches of -b over -c connections
**   select     -q selective GetPartitions (<= 1000 matches each), one connection: p50/p99
**   list       every partition through GetPartitions pages of 1000 (NextToken); -x also
**              runs it again with ExcludeColumnSchema
**   batchget   -g BatchGetPartition calls of 1000 random existing keys: p50/p99
**   rps        -r small requests (GetTable) over -c connections: requests/s, p50
**
** Partition i has region = i % 20, hr = (i / 20) % 24 and dt = 2020-01-01 + i / 480 days,
** so every answer is checked: counts, a bitmap of the values seen (each exactly once), and
** a full JSON check of the first page of each phase (location, parameters, columns).
** Progress goes to stderr; each phase ends with one line on stdout:
**   RESULT {"phase": ..., ...}
** and a phase starts with "PHASE <name>" (the driver uses it to attribute RSS samples). */
#include <curl/curl.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NREGIONS 20
#define NHOURS 24
#define PER_DAY (NREGIONS * NHOURS)
#define DAY0 18262 /* 2020-01-01 as days since 1970-01-01 */
#define TARGET_PREFIX "AWSGlue."

static const char *url;
static long nparts = 1000000; /* -n */
static int batch = 1000;      /* -b */
static int nconns = 2;        /* -c */
static double limit_s = 300;  /* -T: per phase */
static int nqueries = 200;    /* -q */
static int nbatchget = 20;    /* -g */
static int nrps = 20000;      /* -r */
static int list_exclude = 0;  /* -x */
static const char *rps_op = "GetTable";
static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

/* ================================================================ */
/* Small helpers.                                                     */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("loadgen: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static unsigned long long rnd(void) /* xorshift64*, seeded: runs are repeatable */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

struct buf {
    char *p;
    size_t len, cap;
};

static void buf_reserve(struct buf *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return;
    b->cap = b->cap ? b->cap : 4096;
    while (b->len + more + 1 > b->cap)
        b->cap *= 2;
    if ((b->p = realloc(b->p, b->cap)) == NULL)
        die("out of memory");
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

__attribute__((format(printf, 2, 3))) static void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile P (0..1) of N values, sorted in place; milliseconds. */
static double pct_ms(double *v, size_t n, double p)
{
    size_t k;
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof(*v), cmp_double);
    k = (size_t)ceil(p * (double)n);
    return v[k ? k - 1 : 0] * 1000.0;
}

/* ================================================================ */
/* The data set: partition i <-> (dt, hr, region).                    */

/* Days since 1970-01-01 -> y, m, d (Howard Hinnant's civil_from_days). */
static void civil(long z, int *y, int *m, int *d)
{
    long era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static long days_from_civil(int y, int m, int d)
{
    long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void day_str(long day, char out[11])
{
    int y, m, d;
    civil(DAY0 + day, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

struct pvals {
    char dt[11];
    int hr, region;
};

static void part_vals(long i, struct pvals *v)
{
    v->region = (int)(i % NREGIONS);
    v->hr = (int)(i / NREGIONS % NHOURS);
    day_str(i / PER_DAY, v->dt);
}

/* Values strings back to the index, or -1. */
static long part_index(const char *dt, size_t dtlen, const char *hr, size_t hrlen, const char *rg,
                       size_t rglen)
{
    int y = 0, m, d, h = 0, r;
    size_t k;
    long day;
    /* by hand: sscanf() measures the whole rest of the answer (strlen) at every call */
    if (dtlen != 10 || dt[4] != '-' || dt[7] != '-' || hrlen < 1 || hrlen > 2 || rglen != 3 ||
        rg[0] != 'r')
        return -1;
    for (k = 0; k < 10; k++)
        if (k != 4 && k != 7 && (dt[k] < '0' || dt[k] > '9'))
            return -1;
    for (k = 0; k < 4; k++)
        y = y * 10 + (dt[k] - '0');
    m = (dt[5] - '0') * 10 + (dt[6] - '0');
    d = (dt[8] - '0') * 10 + (dt[9] - '0');
    for (k = 0; k < hrlen; k++)
        if (hr[k] < '0' || hr[k] > '9')
            return -1;
    if (rg[1] < '0' || rg[1] > '9' || rg[2] < '0' || rg[2] > '9')
        return -1;
    for (k = 0; k < hrlen; k++)
        h = h * 10 + (hr[k] - '0');
    r = (rg[1] - '0') * 10 + (rg[2] - '0');
    day = days_from_civil(y, m, d) - DAY0;
    if (h < 0 || h >= NHOURS || r < 0 || r >= NREGIONS || day < 0)
        return -1;
    return day * PER_DAY + h * NREGIONS + r;
}

static const char COLUMNS[] =
    "[{\"Name\":\"event_id\",\"Type\":\"bigint\"},{\"Name\":\"user_id\",\"Type\":\"string\"},"
    "{\"Name\":\"amount\",\"Type\":\"decimal(12,2)\"},{\"Name\":\"ts\",\"Type\":\"timestamp\"},"
    "{\"Name\":\"payload\",\"Type\":\"string\",\"Comment\":\"raw event\"}]";
static const char SD_REST[] =
    "\"InputFormat\":\"org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat\","
    "\"OutputFormat\":\"org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat\","
    "\"SerdeInfo\":{\"SerializationLibrary\":"
    "\"org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe\","
    "\"Parameters\":{\"serialization.format\":\"1\"}},"
    "\"Compressed\":false,\"NumberOfBuckets\":-1,\"StoredAsSubDirectories\":false";

static long num_rows(long i) /* deterministic per partition, checked on read */
{
    return (long)((unsigned long)(i * 2654435761UL) % 1000000UL);
}

static void add_partition_input(struct buf *b, long i)
{
    struct pvals v;
    part_vals(i, &v);
    buf_printf(b,
               "{\"Values\":[\"%s\",\"%d\",\"r%02d\"],\"StorageDescriptor\":{\"Columns\":%s,"
               "\"Location\":\"s3://bench/t/dt=%s/hr=%d/region=r%02d/\",%s},"
               "\"Parameters\":{\"numRows\":\"%ld\",\"classification\":\"parquet\"}}",
               v.dt, v.hr, v.region, COLUMNS, v.dt, v.hr, v.region, SD_REST, num_rows(i));
}

/* ================================================================ */
/* HTTP.                                                              */

struct conn {
    CURL *h;
    struct buf resp;
    char err[CURL_ERROR_SIZE];
};

static size_t on_data(char *p, size_t size, size_t n, void *cls)
{
    buf_add(cls, p, size * n);
    return size * n;
}

static void conn_init(struct conn *c)
{
    memset(c, 0, sizeof(*c));
    if ((c->h = curl_easy_init()) == NULL)
        die("curl_easy_init failed");
    curl_easy_setopt(c->h, CURLOPT_URL, url);
    curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c->h, CURLOPT_WRITEDATA, &c->resp);
    curl_easy_setopt(c->h, CURLOPT_ERRORBUFFER, c->err);
    curl_easy_setopt(c->h, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(c->h, CURLOPT_TIMEOUT, 300L);
    curl_easy_setopt(c->h, CURLOPT_NOSIGNAL, 1L);
}

static void conn_free(struct conn *c)
{
    curl_easy_cleanup(c->h);
    free(c->resp.p);
}

/* POST BODY as Glue operation OP; the response lands in c->resp. Returns the HTTP status. */
static long post(struct conn *c, const char *op, const char *body, size_t len)
{
    struct curl_slist *h = NULL;
    char target[96];
    long status = 0;
    CURLcode rc;
    snprintf(target, sizeof(target), "X-Amz-Target: " TARGET_PREFIX "%s", op);
    h = curl_slist_append(h, target);
    h = curl_slist_append(h, "Content-Type: application/x-amz-json-1.1");
    h = curl_slist_append(h, "Authorization: AWS4-HMAC-SHA256 "
                             "Credential=x/20260101/us-east-1/glue/aws4_request, "
                             "SignedHeaders=host, Signature=0");
    h = curl_slist_append(h, "Expect:"); /* no 100-continue round trip on big bodies */
    c->resp.len = 0;
    if (c->resp.p)
        c->resp.p[0] = '\0';
    curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    rc = curl_easy_perform(c->h);
    curl_slist_free_all(h);
    if (rc != CURLE_OK)
        die("%s: %s", op, c->err[0] ? c->err : curl_easy_strerror(rc));
    curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &status);
    if (c->resp.p == NULL)
        buf_add(&c->resp, "", 0);
    return status;
}

/* POST and insist on 200 (else print the answer and stop: a benchmark of errors is no use). */
static void post_ok(struct conn *c, const char *op, const char *body, size_t len)
{
    long st = post(c, op, body, len);
    if (st != 200)
        die("%s -> HTTP %ld: %.400s", op, st, c->resp.p);
}

/* ================================================================ */
/* Scanning answers without building a tree (the client must not be the bottleneck). */

/* Skip one JSON value starting at P (after whitespace); returns the first byte after it. */
static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    return p;
}

static const char *skip_string(const char *p) /* p at the opening quote */
{
    for (p++; *p && *p != '"'; p++)
        if (*p == '\\' && p[1])
            p++;
    return *p ? p + 1 : p;
}

static const char *skip_value(const char *p)
{
    int depth = 0;
    p = skip_ws(p);
    do {
        if (*p == '"') {
            p = skip_string(p);
            continue;
        }
        if (*p == '[' || *p == '{')
            depth++;
        else if (*p == ']' || *p == '}')
            depth--;
        else if (*p == '\0')
            return p;
        else if (depth == 0 && (*p == ',')) /* scalar ended */
            return p;
        p++;
    } while (depth > 0);
    return p;
}

/* Where key "KEY" (as an object member) starts in S, or NULL. */
static const char *find_member(const char *s, const char *key)
{
    char pat[64];
    const char *p = s;
    snprintf(pat, sizeof(pat), "\"%s\"", key);
    while ((p = strstr(p, pat)) != NULL) {
        const char *q = skip_ws(p + strlen(pat));
        if (*q == ':')
            return skip_ws(q + 1);
        p += strlen(pat);
    }
    return NULL;
}

struct seen {
    unsigned char *bits; /* one per partition index, or NULL: no bitmap */
    long n, found, dups, bad;
};

static void seen_init(struct seen *s, long n, int bitmap)
{
    memset(s, 0, sizeof(*s));
    s->n = n;
    if (bitmap && (s->bits = calloc((size_t)n / 8 + 1, 1)) == NULL)
        die("out of memory");
}

static void seen_free(struct seen *s)
{
    free(s->bits);
    s->bits = NULL;
}

/* Count every "Values": [dt, hr, region] in [P, END) into S. */
static void scan_values(const char *p, const char *end, struct seen *s)
{
    static const char pat[] = "\"Values\"";
    while ((p = strstr(p, pat)) != NULL && p < end) {
        const char *q = skip_ws(p + sizeof(pat) - 1), *str[3];
        size_t len[3];
        int k;
        long i;
        p += sizeof(pat) - 1;
        if (*q != ':')
            continue;
        q = skip_ws(q + 1);
        if (*q != '[')
            continue;
        q = skip_ws(q + 1);
        for (k = 0; k < 3; k++) {
            const char *e;
            if (*q != '"')
                break;
            e = skip_string(q);
            str[k] = q + 1;
            len[k] = (size_t)(e - q - 2);
            q = skip_ws(e);
            if (*q == ',')
                q = skip_ws(q + 1);
        }
        if (k < 3 || *q != ']' ||
            (i = part_index(str[0], len[0], str[1], len[1], str[2], len[2])) < 0 || i >= s->n) {
            s->bad++;
            continue;
        }
        s->found++;
        if (s->bits) {
            if (s->bits[i / 8] & (1u << (i % 8)))
                s->dups++;
            s->bits[i / 8] |= (unsigned char)(1u << (i % 8));
        }
    }
}

/* Partitions in a GetPartitions / BatchGetPartition answer (UnprocessedKeys left out). */
static void scan_partitions(const char *body, struct seen *s)
{
    const char *parts = find_member(body, "Partitions"), *end;
    if (parts == NULL || *parts != '[') {
        s->bad++;
        return;
    }
    end = skip_value(parts);
    scan_values(parts, end, s);
}

/* The NextToken of an answer (malloc'd), or NULL on the last page. */
static char *next_token(const char *body)
{
    const char *p = find_member(body, "NextToken"), *e;
    char *t;
    if (p == NULL || *p != '"')
        return NULL;
    e = skip_string(p);
    if (e - p <= 2)
        return NULL;
    t = malloc((size_t)(e - p) + 1);
    memcpy(t, p, (size_t)(e - p));
    t[e - p] = '\0';
    return t; /* kept quoted: pasted into the next request as a JSON string */
}

static const char *str_or(const json_t *j)
{
    const char *s = json_string_value(j);
    return s ? s : "";
}

/* Full check of one answer's partitions: values, location, parameters, columns. */
static long check_page(const char *body, int want_columns)
{
    json_error_t jerr;
    json_t *doc = json_loads(body, 0, &jerr), *parts, *p;
    size_t i;
    long bad = 0;
    if (doc == NULL)
        return 1;
    parts = json_object_get(doc, "Partitions");
    if (!json_is_array(parts))
        bad++;
    json_array_foreach(parts, i, p) {
        json_t *v = json_object_get(p, "Values"), *sd = json_object_get(p, "StorageDescriptor");
        const char *dt = json_string_value(json_array_get(v, 0));
        const char *hr = json_string_value(json_array_get(v, 1));
        const char *rg = json_string_value(json_array_get(v, 2));
        char loc[128], rows[24];
        const char *numrows =
            json_string_value(json_object_get(json_object_get(p, "Parameters"), "numRows"));
        long idx;
        if (!dt || !hr || !rg ||
            (idx = part_index(dt, strlen(dt), hr, strlen(hr), rg, strlen(rg))) < 0) {
            bad++;
            continue;
        }
        snprintf(loc, sizeof(loc), "s3://bench/t/dt=%s/hr=%s/region=%s/", dt, hr, rg);
        snprintf(rows, sizeof(rows), "%ld", num_rows(idx));
        if (!json_is_object(sd) || strcmp(loc, str_or(json_object_get(sd, "Location"))) != 0 ||
            !numrows || strcmp(numrows, rows) != 0 ||
            strcmp(
                str_or(json_object_get(json_object_get(sd, "SerdeInfo"), "SerializationLibrary")),
                "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe") != 0 ||
            (want_columns && json_array_size(json_object_get(sd, "Columns")) != 5) ||
            (!want_columns && json_array_size(json_object_get(sd, "Columns")) != 0))
            bad++;
    }
    json_decref(doc);
    return bad;
}

/* ================================================================ */
/* Phases.                                                            */

static void result(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("RESULT {", stdout);
    vfprintf(stdout, fmt, ap);
    fputs("}\n", stdout);
    fflush(stdout);
    va_end(ap);
}

static void phase(const char *name)
{
    printf("PHASE %s\n", name);
    fflush(stdout);
}

static void do_setup(struct conn *c)
{
    struct buf b = {0};
    phase("setup");
    {
        static const char db[] = "{\"DatabaseInput\":{\"Name\":\"bench\"}}";
        post_ok(c, "CreateDatabase", db, sizeof(db) - 1);
    }
    buf_printf(&b,
               "{\"DatabaseName\":\"bench\",\"TableInput\":{\"Name\":\"t\","
               "\"TableType\":\"EXTERNAL_TABLE\",\"Parameters\":{\"classification\":\"parquet\"},"
               "\"PartitionKeys\":[{\"Name\":\"dt\",\"Type\":\"date\"},"
               "{\"Name\":\"hr\",\"Type\":\"int\"},{\"Name\":\"region\",\"Type\":\"string\"}],"
               "\"StorageDescriptor\":{\"Columns\":%s,\"Location\":\"s3://bench/t/\",%s}}}",
               COLUMNS, SD_REST);
    post_ok(c, "CreateTable", b.p, b.len);
    free(b.p);
    result("\"phase\":\"setup\",\"ok\":true");
}

struct ingest {
    pthread_mutex_t lock;
    long next;   /* first partition not yet claimed */
    long done;   /* partitions acknowledged */
    long errors; /* per-entry Errors reported */
    double deadline;
    int stopped; /* time limit hit: claim no more */
    double *lat; /* one per batch */
    long nlat;
};

static void *ingest_worker(void *arg)
{
    struct ingest *in = arg;
    struct conn c;
    struct buf b = {0};
    conn_init(&c);
    for (;;) {
        long first, last, i;
        double t0;
        json_t *doc;
        pthread_mutex_lock(&in->lock);
        if (now_s() > in->deadline)
            in->stopped = 1;
        first = in->next;
        last = first + batch < nparts ? first + batch : nparts;
        if (in->stopped || first >= nparts) {
            pthread_mutex_unlock(&in->lock);
            break;
        }
        in->next = last;
        pthread_mutex_unlock(&in->lock);
        b.len = 0;
        buf_printf(&b, "{\"DatabaseName\":\"bench\",\"TableName\":\"t\",\"PartitionInputList\":[");
        for (i = first; i < last; i++) {
            if (i > first)
                buf_add(&b, ",", 1);
            add_partition_input(&b, i);
        }
        buf_add(&b, "]}", 2);
        t0 = now_s();
        post_ok(&c, "BatchCreatePartition", b.p, b.len);
        t0 = now_s() - t0;
        doc = json_loads(c.resp.p, 0, NULL);
        pthread_mutex_lock(&in->lock);
        in->lat[in->nlat++] = t0;
        in->done += last - first;
        in->errors += (long)json_array_size(json_object_get(doc, "Errors"));
        pthread_mutex_unlock(&in->lock);
        if (doc == NULL)
            die("BatchCreatePartition: unreadable answer %.200s", c.resp.p);
        json_decref(doc);
    }
    free(b.p);
    conn_free(&c);
    return NULL;
}

static void do_ingest(void)
{
    struct ingest in;
    pthread_t th[64];
    double t0, secs;
    int k;
    memset(&in, 0, sizeof(in));
    pthread_mutex_init(&in.lock, NULL);
    in.lat = calloc((size_t)(nparts / batch + 2), sizeof(double));
    phase("ingest");
    t0 = now_s();
    in.deadline = t0 + limit_s;
    for (k = 0; k < nconns; k++)
        pthread_create(&th[k], NULL, ingest_worker, &in);
    for (k = 0; k < nconns; k++)
        pthread_join(th[k], NULL);
    secs = now_s() - t0;
    if (in.errors)
        die("ingest: %ld per-entry errors", in.errors);
    result("\"phase\":\"ingest\",\"n\":%ld,\"batch\":%d,\"conns\":%d,\"secs\":%.3f,"
           "\"rate\":%.0f,\"batch_p50_ms\":%.2f,\"batch_p99_ms\":%.2f,\"complete\":%s",
           in.done, batch, nconns, secs, (double)in.done / secs,
           pct_ms(in.lat, (size_t)in.nlat, .5), pct_ms(in.lat, (size_t)in.nlat, .99),
           in.done == nparts ? "true" : "false");
    if (in.done < nparts) {
        fprintf(stderr, "loadgen: ingest stopped by the time limit at %ld partitions\n", in.done);
        nparts = in.done; /* later phases use what is there (a prefix) */
    }
    free(in.lat);
    pthread_mutex_destroy(&in.lock);
}

/* All pages of one GetPartitions listing into S; returns pages. Page 1 is checked in full
** when BAD_PAGES is given. */
static long list_all(struct conn *c, const char *expr, int exclude, int max_results, struct seen *s,
                     long *bad_pages, double deadline, int *timed_out)
{
    struct buf b = {0};
    char *tok = NULL;
    long pages = 0;
    do {
        b.len = 0;
        buf_printf(&b, "{\"DatabaseName\":\"bench\",\"TableName\":\"t\",\"MaxResults\":%d",
                   max_results);
        if (expr)
            buf_printf(&b, ",\"Expression\":\"%s\"", expr);
        if (exclude)
            buf_printf(&b, ",\"ExcludeColumnSchema\":true");
        if (tok)
            buf_printf(&b, ",\"NextToken\":%s", tok);
        buf_add(&b, "}", 1);
        free(tok);
        post_ok(c, "GetPartitions", b.p, b.len);
        if (pages == 0 && bad_pages)
            *bad_pages += check_page(c->resp.p, !exclude) != 0;
        scan_partitions(c->resp.p, s);
        tok = next_token(c->resp.p);
        pages++;
        if (tok && now_s() > deadline) {
            *timed_out = 1;
            break;
        }
    } while (tok);
    free(tok);
    free(b.p);
    return pages;
}

/* Selective queries: two shapes, alternating; each must match exactly what it should. */
static void do_select(struct conn *c)
{
    long days = nparts / PER_DAY; /* complete days only */
    double *lat = calloc((size_t)nqueries, sizeof(double)), t0 = now_s();
    double *lat_a = calloc((size_t)nqueries, sizeof(double));
    double *lat_b = calloc((size_t)nqueries, sizeof(double));
    long q, wrong = 0, bad_pages = 0, matches = 0, na = 0, nb = 0, done = 0;
    int timed_out = 0;
    phase("select");
    if (days < 22)
        die("select needs at least 22 complete days (%d partitions)", 22 * PER_DAY);
    for (q = 0; q < nqueries && now_s() - t0 < limit_s; q++) {
        char expr[256], d1[11], d2[11];
        long expect, day = (long)(rnd() % (unsigned long long)(days - 21));
        struct seen s;
        double t;
        int h = (int)(rnd() % (NHOURS - 4)), r = (int)(rnd() % NREGIONS);
        day_str(day, d1);
        day_str(day + 20, d2);
        if (q % 2 == 0) { /* one day, five hours, every region: 100 */
            snprintf(expr, sizeof(expr), "dt = '%s' AND hr BETWEEN %d AND %d", d1, h, h + 4);
            expect = 5 * NREGIONS;
        } else { /* one region, 21 days: 504 */
            snprintf(expr, sizeof(expr), "region = 'r%02d' AND dt BETWEEN '%s' AND '%s'", r, d1,
                     d2);
            expect = 21 * NHOURS;
        }
        seen_init(&s, nparts, 0);
        t = now_s();
        list_all(c, expr, 0, 1000, &s, q < 2 ? &bad_pages : NULL, now_s() + limit_s, &timed_out);
        t = now_s() - t;
        lat[q] = t;
        if (q % 2 == 0)
            lat_a[na++] = t;
        else
            lat_b[nb++] = t;
        matches += s.found;
        if (s.found != expect || s.bad)
            wrong++;
        done++;
    }
    result("\"phase\":\"select\",\"queries\":%ld,\"p50_ms\":%.3f,\"p99_ms\":%.3f,"
           "\"a_p50_ms\":%.3f,\"a_p99_ms\":%.3f,\"b_p50_ms\":%.3f,\"b_p99_ms\":%.3f,"
           "\"avg_matches\":%.1f,\"wrong\":%ld,\"bad_pages\":%ld,\"secs\":%.3f,"
           "\"a_expr\":\"dt = D AND hr BETWEEN h AND h+4 (100 rows)\","
           "\"b_expr\":\"region = R AND dt BETWEEN D AND D+20 (504 rows)\"",
           done, pct_ms(lat, (size_t)done, .5), pct_ms(lat, (size_t)done, .99),
           pct_ms(lat_a, (size_t)na, .5), pct_ms(lat_a, (size_t)na, .99),
           pct_ms(lat_b, (size_t)nb, .5), pct_ms(lat_b, (size_t)nb, .99),
           done ? (double)matches / (double)done : 0.0, wrong, bad_pages, now_s() - t0);
    free(lat);
    free(lat_a);
    free(lat_b);
}

static void do_list(struct conn *c, int exclude)
{
    struct seen s;
    long pages, bad_pages = 0;
    int timed_out = 0;
    double t;
    phase(exclude ? "list_nocols" : "list");
    seen_init(&s, nparts, 1);
    t = now_s();
    pages = list_all(c, NULL, exclude, 1000, &s, &bad_pages, t + limit_s, &timed_out);
    t = now_s() - t;
    result("\"phase\":\"%s\",\"n\":%ld,\"found\":%ld,\"dups\":%ld,\"bad\":%ld,\"bad_pages\":%ld,"
           "\"pages\":%ld,\"secs\":%.3f,\"rate\":%.0f,\"timed_out\":%s,\"ok\":%s",
           exclude ? "list_nocols" : "list", nparts, s.found, s.dups, s.bad, bad_pages, pages, t,
           (double)s.found / t, timed_out ? "true" : "false",
           (s.found == nparts && !s.dups && !s.bad && !bad_pages) ? "true" : "false");
    seen_free(&s);
}

static void do_batchget(struct conn *c)
{
    double *lat = calloc((size_t)nbatchget, sizeof(double)), t0 = now_s();
    long g, wrong = 0, bad_pages = 0, done = 0, want = nparts < 1000 ? nparts : 1000;
    struct buf b = {0};
    unsigned char *pick = calloc((size_t)nparts / 8 + 1, 1);
    phase("batchget");
    for (g = 0; g < nbatchget && now_s() - t0 < limit_s; g++) {
        struct seen s;
        long k = 0, i;
        double t;
        memset(pick, 0, (size_t)nparts / 8 + 1);
        b.len = 0;
        buf_printf(&b, "{\"DatabaseName\":\"bench\",\"TableName\":\"t\",\"PartitionsToGet\":[");
        while (k < want) { /* distinct random keys */
            struct pvals v;
            i = (long)(rnd() % (unsigned long long)nparts);
            if (pick[i / 8] & (1u << (i % 8)))
                continue;
            pick[i / 8] |= (unsigned char)(1u << (i % 8));
            part_vals(i, &v);
            buf_printf(&b, "%s{\"Values\":[\"%s\",\"%d\",\"r%02d\"]}", k ? "," : "", v.dt, v.hr,
                       v.region);
            k++;
        }
        buf_add(&b, "]}", 2);
        seen_init(&s, nparts, 1);
        t = now_s();
        post_ok(c, "BatchGetPartition", b.p, b.len);
        lat[g] = now_s() - t;
        scan_partitions(c->resp.p, &s);
        if (g == 0)
            bad_pages += check_page(c->resp.p, 1) != 0;
        for (i = 0; i < nparts / 8 + 1; i++) /* exactly the keys asked for */
            if (s.bits[i] != pick[i])
                break;
        if (s.found != want || s.dups || s.bad || i < nparts / 8 + 1)
            wrong++;
        seen_free(&s);
        done++;
    }
    result("\"phase\":\"batchget\",\"calls\":%ld,\"keys\":%ld,\"p50_ms\":%.3f,\"p99_ms\":%.3f,"
           "\"wrong\":%ld,\"bad_pages\":%ld",
           done, want, pct_ms(lat, (size_t)done, .5), pct_ms(lat, (size_t)done, .99), wrong,
           bad_pages);
    free(pick);
    free(b.p);
    free(lat);
}

struct rps {
    pthread_mutex_t lock;
    long next, non200;
    double deadline;
    double *lat;
};

static void *rps_worker(void *arg)
{
    struct rps *r = arg;
    struct conn c;
    char body[128];
    int n = snprintf(body, sizeof(body), "{\"DatabaseName\":\"bench\",\"Name\":\"t\"}");
    conn_init(&c);
    for (;;) {
        long k;
        double t;
        pthread_mutex_lock(&r->lock);
        k = r->next < nrps && now_s() < r->deadline ? r->next++ : -1;
        pthread_mutex_unlock(&r->lock);
        if (k < 0)
            break;
        t = now_s();
        if (post(&c, rps_op, body, (size_t)n) != 200) {
            pthread_mutex_lock(&r->lock);
            r->non200++;
            pthread_mutex_unlock(&r->lock);
        }
        r->lat[k] = now_s() - t;
    }
    conn_free(&c);
    return NULL;
}

static void do_rps(void)
{
    struct rps r;
    pthread_t th[64];
    double t0, secs;
    int k;
    memset(&r, 0, sizeof(r));
    pthread_mutex_init(&r.lock, NULL);
    r.lat = calloc((size_t)nrps, sizeof(double));
    phase("rps");
    t0 = now_s();
    r.deadline = t0 + limit_s;
    for (k = 0; k < nconns; k++)
        pthread_create(&th[k], NULL, rps_worker, &r);
    for (k = 0; k < nconns; k++)
        pthread_join(th[k], NULL);
    secs = now_s() - t0;
    result("\"phase\":\"rps\",\"op\":\"%s\",\"requests\":%ld,\"conns\":%d,\"secs\":%.3f,"
           "\"rate\":%.0f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"non200\":%ld",
           rps_op, r.next, nconns, secs, (double)r.next / secs, pct_ms(r.lat, (size_t)r.next, .5),
           pct_ms(r.lat, (size_t)r.next, .99), r.non200);
    free(r.lat);
    pthread_mutex_destroy(&r.lock);
}

/* ================================================================ */

static long num_arg(const char *s, const char *what)
{
    char *end;
    double v = strtod(s, &end);
    if (*end != '\0' || v < 0)
        die("bad %s: %s", what, s);
    return (long)v;
}

int main(int argc, char **argv)
{
    struct conn c;
    int i;
    if (argc < 3) {
        fprintf(stderr, "usage: loadgen URL [-n N] [-b BATCH] [-c CONNS] [-T SECS] [-q QUERIES]\n"
                        "               [-g CALLS] [-r REQUESTS] [-o OP] [-x] PHASE...\n"
                        "phases: setup ingest select list batchget rps\n");
        return 2;
    }
    url = argv[1];
    curl_global_init(CURL_GLOBAL_DEFAULT);
    conn_init(&c);
    for (i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (a[0] == '-' && strchr("nbcTqgro", a[1]) && a[2] == '\0') {
            if (v == NULL)
                die("%s needs a value", a);
            i++;
            switch (a[1]) {
            case 'n':
                nparts = num_arg(v, a);
                break;
            case 'b':
                batch = (int)num_arg(v, a);
                break;
            case 'c':
                nconns = (int)num_arg(v, a);
                break;
            case 'T':
                limit_s = (double)num_arg(v, a);
                break;
            case 'q':
                nqueries = (int)num_arg(v, a);
                break;
            case 'g':
                nbatchget = (int)num_arg(v, a);
                break;
            case 'r':
                nrps = num_arg(v, a);
                break;
            case 'o':
                rps_op = v;
                break;
            default:
                break;
            }
            if (nconns < 1 || nconns > 64 || batch < 1 || nparts < 1)
                die("bad option value %s %s", a, v);
        } else if (strcmp(a, "-x") == 0) {
            list_exclude = 1;
        } else if (strcmp(a, "setup") == 0) {
            do_setup(&c);
        } else if (strcmp(a, "ingest") == 0) {
            do_ingest();
        } else if (strcmp(a, "select") == 0) {
            do_select(&c);
        } else if (strcmp(a, "list") == 0) {
            do_list(&c, 0);
            if (list_exclude)
                do_list(&c, 1);
        } else if (strcmp(a, "batchget") == 0) {
            do_batchget(&c);
        } else if (strcmp(a, "rps") == 0) {
            do_rps();
        } else {
            die("unknown phase or option %s", a);
        }
    }
    conn_free(&c);
    curl_global_cleanup();
    return 0;
}
