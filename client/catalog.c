/* catalog.c -- libcatalog: the client handle and the Glue JSON protocol over libcurl (one easy
** handle per client, connections reused, SigV4 by libcurl, capped response buffer): cat_call().
** The only file that includes curl.h (catalog_typed.c builds on cat_call()).  Never prints,
** exits or aborts. */
#include "catalog.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_int.h"

#define JSON_CT "application/x-amz-json-1.1"
#define TARGET_PREFIX "AWSGlue."

struct buf {
    char *p; /* owned; NUL-terminated when non-NULL */
    size_t len, cap, max;
    int toobig; /* set when the body passed MAX */
};

struct cat_client {
    CURL *h;                                         /* owned; keeps the connection cache */
    char *endpoint, *region, *akid, *secret, *token; /* owned strings, NULL when unset */
    char *catalog_id;                                /* owned */
    char *ca_bundle;                                 /* owned: CAT_OPT_CA_BUNDLE, or NULL */
    long timeout_ms, connect_timeout_ms;
    size_t max_response;
    struct buf resp;
    char curlerr[CURL_ERROR_SIZE];
    char msg[1024];
    char type[128];
};

/* ------------------------------------------------------------------------------------------
** Version
*/

const char *cat_version(int *major, int *minor, int *patch)
{
    if (major != NULL)
        *major = CAT_VERSION_MAJOR;
    if (minor != NULL)
        *minor = CAT_VERSION_MINOR;
    if (patch != NULL)
        *patch = CAT_VERSION_PATCH;
    return CAT_VERSION;
}

/* ------------------------------------------------------------------------------------------
** Errors
*/

static const struct {
    int code;
    const char *type, *msg;
} rows[] = {
#define XX(sym, val, type, msg) {CAT_##sym, type, msg},
    CAT_ERRNO_MAP(XX)
#undef XX
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

const char *cat_strerror(int code)
{
    size_t i;
    if (code == CAT_OK)
        return "ok";
    for (i = 0; i < NROWS; i++)
        if (rows[i].code == code)
            return rows[i].msg;
    return "unknown code";
}

int cat_code_from_type(const char *type)
{
    const char *p, *end;
    size_t i, n;
    if (type == NULL)
        return CAT_EUNKNOWNTYPE;
    if ((p = strrchr(type, '#')) != NULL) /* "aws.protocols#X" -> "X" */
        type = p + 1;
    end = strchr(type, ':'); /* "X:http://..." -> "X" */
    n = end ? (size_t)(end - type) : strlen(type);
    for (i = 0; i < NROWS; i++) /* the first row with this type wins */
        if (rows[i].type != NULL && strlen(rows[i].type) == n && memcmp(rows[i].type, type, n) == 0)
            return rows[i].code;
    return CAT_EUNKNOWNTYPE;
}

int cat__set_err(cat_client *c, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
    va_end(ap);
    return code;
}

void cat__clear_err(cat_client *c)
{
    c->msg[0] = '\0';
    c->type[0] = '\0';
    c->curlerr[0] = '\0';
}

const char *cat_errmsg(const cat_client *c)
{
    return c ? c->msg : "";
}

const char *cat_errtype(const cat_client *c)
{
    return c ? c->type : "";
}

const char *cat__catalog_id(const cat_client *c)
{
    return c->catalog_id;
}

/* ------------------------------------------------------------------------------------------
** The client handle
*/

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void init_curl(void)
{
    curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* Replace *DST with a copy of SRC (NULL or "" clears).  Returns 0, or -1 on OOM. */
static int set_str(char **dst, const char *src)
{
    char *copy = NULL;
    if (src != NULL && src[0] != '\0' && (copy = strdup(src)) == NULL)
        return -1;
    free(*dst);
    *dst = copy;
    return 0;
}

void cat_client_free(cat_client *c)
{
    if (c == NULL)
        return;
    curl_easy_cleanup(c->h);
    free(c->endpoint);
    free(c->region);
    free(c->akid);
    free(c->secret);
    free(c->token);
    free(c->catalog_id);
    free(c->ca_bundle);
    free(c->resp.p);
    free(c);
}

/* A client with the defaults and a fresh easy handle, no strings set. */
static int client_alloc(cat_client **out)
{
    cat_client *c;
    *out = NULL;
    pthread_once(&curl_once, init_curl);
    if (curl_init_rc != CURLE_OK)
        return CAT_ENOMEM; /* curl_global_init only fails on allocation */
    if ((c = calloc(1, sizeof(*c))) == NULL)
        return CAT_ENOMEM;
    if ((c->h = curl_easy_init()) == NULL) {
        free(c);
        return CAT_ENOMEM;
    }
    c->timeout_ms = 30000;
    c->connect_timeout_ms = 10000;
    c->max_response = 64u << 20;
    *out = c;
    return CAT_OK;
}

int cat_client_new(cat_client **out, const char *endpoint)
{
    cat_client *c = NULL; /* owned until handed to *out */
    const char *region;
    int rc;

    if (out == NULL)
        return CAT_EINVAL;
    if ((rc = client_alloc(&c)) != CAT_OK)
        return rc;
    if (endpoint == NULL)
        endpoint = getenv("CATALOG_ENDPOINT");
    if ((region = getenv("AWS_REGION")) == NULL || region[0] == '\0')
        region = getenv("AWS_DEFAULT_REGION");
    if (set_str(&c->endpoint, endpoint) != 0 || set_str(&c->region, region) != 0 ||
        set_str(&c->akid, getenv("AWS_ACCESS_KEY_ID")) != 0 ||
        set_str(&c->secret, getenv("AWS_SECRET_ACCESS_KEY")) != 0 ||
        set_str(&c->token, getenv("AWS_SESSION_TOKEN")) != 0 ||
        set_str(&c->ca_bundle, getenv("CATALOG_CA_BUNDLE")) != 0) {
        rc = CAT_ENOMEM;
        goto done;
    }
    *out = c;
    c = NULL;
    rc = CAT_OK;
done:
    cat_client_free(c);
    return rc;
}

int cat_client_dup(cat_client **out, const cat_client *src)
{
    cat_client *c = NULL; /* owned until handed to *out */
    int rc;

    if (out == NULL)
        return CAT_EINVAL;
    *out = NULL;
    if (src == NULL)
        return CAT_EINVAL;
    if ((rc = client_alloc(&c)) != CAT_OK)
        return rc;
    c->timeout_ms = src->timeout_ms;
    c->connect_timeout_ms = src->connect_timeout_ms;
    c->max_response = src->max_response;
    if (set_str(&c->endpoint, src->endpoint) != 0 || set_str(&c->region, src->region) != 0 ||
        set_str(&c->akid, src->akid) != 0 || set_str(&c->secret, src->secret) != 0 ||
        set_str(&c->token, src->token) != 0 || set_str(&c->catalog_id, src->catalog_id) != 0 ||
        set_str(&c->ca_bundle, src->ca_bundle) != 0) {
        rc = CAT_ENOMEM;
        goto done;
    }
    *out = c;
    c = NULL;
    rc = CAT_OK;
done:
    cat_client_free(c);
    return rc;
}

int cat_client_set(cat_client *c, cat_option opt, const char *value)
{
    char **dst;
    if (c == NULL)
        return CAT_EINVAL;
    cat__clear_err(c);
    switch (opt) {
    case CAT_OPT_ENDPOINT:
        dst = &c->endpoint;
        break;
    case CAT_OPT_REGION:
        dst = &c->region;
        break;
    case CAT_OPT_ACCESS_KEY_ID:
        dst = &c->akid;
        break;
    case CAT_OPT_SECRET_ACCESS_KEY:
        dst = &c->secret;
        break;
    case CAT_OPT_SESSION_TOKEN:
        dst = &c->token;
        break;
    case CAT_OPT_CATALOG_ID:
        dst = &c->catalog_id;
        break;
    case CAT_OPT_CA_BUNDLE:
        dst = &c->ca_bundle;
        break;
    default:
        return cat__set_err(c, CAT_EINVAL, "option %d does not take a string", (int)opt);
    }
    if (set_str(dst, value) != 0)
        return cat__set_err(c, CAT_ENOMEM, "out of memory");
    return CAT_OK;
}

int cat_client_set_long(cat_client *c, cat_option opt, long value)
{
    if (c == NULL)
        return CAT_EINVAL;
    cat__clear_err(c);
    if (value < 0)
        return cat__set_err(c, CAT_EINVAL, "option %d must not be negative", (int)opt);
    switch (opt) {
    case CAT_OPT_TIMEOUT_MS:
        c->timeout_ms = value;
        break;
    case CAT_OPT_CONNECT_TIMEOUT_MS:
        c->connect_timeout_ms = value;
        break;
    case CAT_OPT_MAX_RESPONSE:
        c->max_response = (size_t)value;
        break;
    default:
        return cat__set_err(c, CAT_EINVAL, "option %d does not take a number", (int)opt);
    }
    return CAT_OK;
}

/* ------------------------------------------------------------------------------------------
** The generic call
*/

/* libcurl write callback: append to the capped response buffer. */
static size_t on_data(char *data, size_t size, size_t nmemb, void *userp)
{
    struct buf *b = userp;
    size_t n = size * nmemb;
    if (n > b->max - b->len) {
        b->toobig = 1;
        return 0; /* CURLE_WRITE_ERROR */
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *p;
        while (cap < b->len + n + 1)
            cap *= 2;
        if ((p = realloc(b->p, cap)) == NULL)
            return 0;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
    return n;
}

/* Turn a non-200 answer into a code, filling c->type and c->msg. */
static int server_error(cat_client *c, long status)
{
    json_t *body = NULL;                  /* owned */
    const char *type = NULL, *msg = NULL; /* borrowed from body or the header */
    struct curl_header *hdr = NULL;
    int rc;

    if (c->resp.len > 0)
        body = json_loadb(c->resp.p, c->resp.len, 0, NULL);
    if (json_is_object(body)) {
        type = json_string_value(json_object_get(body, "__type"));
        msg = json_string_value(json_object_get(body, "message"));
        if (msg == NULL)
            msg = json_string_value(json_object_get(body, "Message"));
    }
    if (type == NULL &&
        curl_easy_header(c->h, "x-amzn-ErrorType", 0, CURLH_HEADER, -1, &hdr) == CURLHE_OK)
        type = hdr->value;
    if (type != NULL) {
        const char *p = strrchr(type, '#');
        size_t n;
        if (p != NULL)
            type = p + 1;
        n = strcspn(type, ":");
        if (n >= sizeof(c->type))
            n = sizeof(c->type) - 1;
        memcpy(c->type, type, n);
        c->type[n] = '\0';
        rc = cat_code_from_type(c->type);
        if (rc == CAT_EINVAL && status == 413)
            rc = CAT_EREQUESTTOOBIG;
        if (rc == CAT_EINTERNAL && status == 503) /* the store is unavailable: retry later */
            rc = CAT_EUNAVAILABLE;
        if (rc == CAT_EUNKNOWNTYPE)
            cat__set_err(c, rc, "%s: %s", c->type, msg ? msg : "(no message)");
        else
            cat__set_err(c, rc, "%s", msg ? msg : cat_strerror(rc));
    } else if (status == 413) {
        rc = cat__set_err(c, CAT_EREQUESTTOOBIG, "HTTP 413: request body too large");
    } else if (status >= 500) {
        rc = cat__set_err(c, CAT_EINTERNAL, "HTTP %ld without an error type", status);
    } else {
        rc = cat__set_err(c, CAT_EPROTO, "HTTP %ld without an error type", status);
    }
    json_decref(body);
    return rc;
}

/* The URL to post to, in BUF. */
static int make_url(cat_client *c, char *buf, size_t size)
{
    int n;
    if (c->endpoint != NULL)
        n = snprintf(buf, size, "%s", c->endpoint);
    else if (c->region != NULL)
        n = snprintf(buf, size, "https://glue.%s.amazonaws.com/", c->region);
    else
        return cat__set_err(c, CAT_EINVAL,
                            "no endpoint: set CATALOG_ENDPOINT, CAT_OPT_ENDPOINT or a region");
    if (n < 0 || (size_t)n >= size)
        return cat__set_err(c, CAT_EINVAL, "endpoint URL too long");
    return CAT_OK;
}

/* The request headers of operation OP into *HDRS (with *TOKHDR, the security token's line,
** which they point into: both the caller's to free).  CAT_OK or CAT_ENOMEM. */
static int request_headers(cat_client *c, const char *op, struct curl_slist **hdrs, char **tokhdr)
{
    char line[512];
    const char *add[4];
    size_t n = 0, i;
    int signing = c->akid && c->secret && c->region;
    add[n++] = "Content-Type: " JSON_CT;
    snprintf(line, sizeof(line), "X-Amz-Target: " TARGET_PREFIX "%s", op);
    add[n++] = line;
    /* No 100-continue round trip on large bodies.  Not when signing: libcurl 7.88 would sign
    ** the empty header it then leaves out, and the server's signature would differ. */
    if (!signing)
        add[n++] = "Expect:";
    if (signing && c->token) {
        size_t len = strlen(c->token) + sizeof("X-Amz-Security-Token: ");
        if ((*tokhdr = malloc(len)) == NULL)
            return cat__set_err(c, CAT_ENOMEM, "out of memory");
        snprintf(*tokhdr, len, "X-Amz-Security-Token: %s", c->token);
        add[n++] = *tokhdr;
    }
    for (i = 0; i < n; i++) {
        struct curl_slist *h = curl_slist_append(*hdrs, add[i]);
        if (h == NULL)
            return cat__set_err(c, CAT_ENOMEM, "out of memory");
        *hdrs = h;
    }
    return CAT_OK;
}

/* Set C's easy handle up to POST BODY to URL with headers HDRS (all borrowed until the call
** is over), signed when C has credentials and a region. */
static void set_request(cat_client *c, const char *url, struct curl_slist *hdrs, const char *body)
{
    char scope[512];
    c->resp.len = 0;
    c->resp.toobig = 0;
    c->resp.max = c->max_response;
    curl_easy_setopt(c->h, CURLOPT_URL, url);
    curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
    curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c->h, CURLOPT_WRITEDATA, &c->resp);
    curl_easy_setopt(c->h, CURLOPT_ERRORBUFFER, c->curlerr);
    curl_easy_setopt(c->h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c->h, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(c->h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c->h, CURLOPT_TIMEOUT_MS, c->timeout_ms);
    curl_easy_setopt(c->h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
    curl_easy_setopt(c->h, CURLOPT_USERAGENT, "libcatalog/" CAT_VERSION);
    curl_easy_setopt(c->h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c->h, CURLOPT_SSL_VERIFYPEER, 1L); /* always: a bundle, or the system's */
    curl_easy_setopt(c->h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (c->ca_bundle)
        curl_easy_setopt(c->h, CURLOPT_CAINFO, c->ca_bundle);
    if (c->akid && c->secret && c->region) {
        snprintf(scope, sizeof(scope), "aws:amz:%s:glue", c->region);
        curl_easy_setopt(c->h, CURLOPT_AWS_SIGV4, scope);
        curl_easy_setopt(c->h, CURLOPT_USERNAME, c->akid);
        curl_easy_setopt(c->h, CURLOPT_PASSWORD, c->secret);
    } else {
        curl_easy_setopt(c->h, CURLOPT_AWS_SIGV4, NULL);
        curl_easy_setopt(c->h, CURLOPT_USERNAME, NULL);
        curl_easy_setopt(c->h, CURLOPT_PASSWORD, NULL);
    }
}

/* The CAT_* code (and C's message) of transfer failure CC. */
static int transfer_error(cat_client *c, CURLcode cc)
{
    const char *why = c->curlerr[0] ? c->curlerr : curl_easy_strerror(cc);
    if (cc == CURLE_WRITE_ERROR && c->resp.toobig)
        return cat__set_err(c, CAT_ERESPONSETOOBIG, "response larger than %zu bytes",
                            c->max_response);
    if (cc == CURLE_OPERATION_TIMEDOUT)
        return cat__set_err(c, CAT_ETIMEOUT, "%s", why);
    if (cc == CURLE_OUT_OF_MEMORY || cc == CURLE_WRITE_ERROR)
        return cat__set_err(c, CAT_ENOMEM, "out of memory");
    return cat__set_err(c, CAT_ETRANSPORT, "%s", why);
}

/* A 200 answer's body (C's buffer) as a JSON object into *OUT (empty: {}).  CAT_OK, CAT_EPROTO
** or CAT_ENOMEM. */
static int response_object(cat_client *c, json_t **out)
{
    json_t *resp;
    if (c->resp.len == 0) {
        resp = json_object();
    } else {
        json_error_t jerr;
        resp = json_loadb(c->resp.p, c->resp.len, 0, &jerr);
        if (resp == NULL && json_error_code(&jerr) != json_error_out_of_memory)
            return cat__set_err(c, CAT_EPROTO, "response is not JSON: %s", jerr.text);
    }
    if (resp == NULL)
        return cat__set_err(c, CAT_ENOMEM, "out of memory");
    if (!json_is_object(resp)) {
        json_decref(resp);
        return cat__set_err(c, CAT_EPROTO, "response is not a JSON object");
    }
    *out = resp;
    return CAT_OK;
}

int cat_call(json_t **out, cat_client *c, const char *op, const json_t *req)
{
    char *body = NULL;              /* owned: the request text */
    struct curl_slist *hdrs = NULL; /* owned */
    char *tokhdr = NULL;            /* owned: the X-Amz-Security-Token header line */
    char url[2048];
    long status = 0;
    CURLcode cc;
    int rc;

    if (out != NULL)
        *out = NULL;
    if (c == NULL)
        return CAT_EINVAL;
    cat__clear_err(c);
    if (out == NULL || op == NULL || op[0] == '\0' || strlen(op) > 200)
        return cat__set_err(c, CAT_EINVAL,
                            "cat_call: an output pointer and an operation are required");
    if (req != NULL && !json_is_object(req))
        return cat__set_err(c, CAT_EINVAL, "cat_call: the request must be a JSON object");
    if ((rc = make_url(c, url, sizeof(url))) != CAT_OK)
        return rc;
    body = req ? json_dumps(req, JSON_COMPACT) : strdup("{}");
    if (body == NULL)
        rc = cat__set_err(c, CAT_ENOMEM, "out of memory");
    else
        rc = request_headers(c, op, &hdrs, &tokhdr);
    if (rc == CAT_OK) {
        set_request(c, url, hdrs, body);
        cc = curl_easy_perform(c->h);
        curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, NULL); /* hdrs is freed below */
        curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, NULL);
        if (cc != CURLE_OK)
            rc = transfer_error(c, cc);
        else if (curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK ||
                 status != 200)
            rc = server_error(c, status);
        else
            rc = response_object(c, out);
    }
    curl_slist_free_all(hdrs);
    free(tokhdr);
    free(body);
    if (c->resp.cap > (1u << 20)) { /* don't keep a huge buffer between calls */
        free(c->resp.p);
        c->resp.p = NULL;
        c->resp.cap = 0;
    }
    c->resp.len = 0;
    return rc;
}
