/* sigv4.c -- AWS Signature Version 4 verification: parse Authorization, rebuild the canonical
** request, derive the signing key and compare, as AWS does (HMAC/SHA-256 from nettle). */
#include "auth/sigv4.h"

#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

#define ALGORITHM "AWS4-HMAC-SHA256"
#define MAX_SIGNED 64 /* signed header names */

static const char MISMATCH[] =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";
static const char BAD_TOKEN[] = "The security token included in the request is invalid.";

/* Copy [S, S+N) into OUT (SIZE bytes) when it fits; 0 or -1. */
static int take(char *out, size_t size, const char *s, size_t n)
{
    if (n >= size)
        return -1;
    memcpy(out, s, n);
    out[n] = '\0';
    return 0;
}

/* Split the credential "key/date/region/service/term" into OUT. */
static int parse_credential(const char *s, size_t n, struct sigv4_auth *out, struct srv_error *err)
{
    char *dst[5] = {out->access_key, out->date, out->region, out->service, out->terminator};
    size_t sizes[5] = {sizeof(out->access_key), sizeof(out->date), sizeof(out->region),
                       sizeof(out->service), sizeof(out->terminator)};
    size_t i, start = 0, part = 0;
    for (i = 0; i <= n; i++) {
        if (i < n && s[i] != '/')
            continue;
        if (part == 5 || take(dst[part], sizes[part], s + start, i - start) != 0)
            break;
        part++;
        start = i + 1;
    }
    if (part != 5 || i <= n)
        return srv_error_set(err, CAT_EINCOMPLETESIG,
                             "Credential should have exactly 5 slash-delimited elements, e.g. "
                             "keyid/date/region/service/term.");
    if (strlen(out->date) != 8 || strspn(out->date, "0123456789") != 8 || out->access_key[0] == 0)
        return srv_error_set(err, CAT_EINCOMPLETESIG,
                             "Credential should have a key id and a date of 8 digits.");
    return CAT_OK;
}

int sigv4_parse(const char *header, struct sigv4_auth *out, struct srv_error *err)
{
    const char *p;
    int have_cred = 0, have_sh = 0, have_sig = 0, rc;
    memset(out, 0, sizeof(*out));
    if (header == NULL)
        return srv_error_set(err, CAT_EUNSIGNED, "Missing Authentication Token");
    p = header + strspn(header, " \t");
    /* The header's value is never quoted back: it may be a token or a password (Basic). */
    if (strncmp(p, ALGORITHM, sizeof(ALGORITHM) - 1) != 0 ||
        (p[sizeof(ALGORITHM) - 1] != ' ' && p[sizeof(ALGORITHM) - 1] != '\t'))
        return srv_error_set(err, CAT_EINCOMPLETESIG,
                             "Unsupported AWS 'algorithm': the Authorization header must begin "
                             "with " ALGORITHM ".");
    p += sizeof(ALGORITHM) - 1;
    while (*p) {
        const char *eq, *end;
        size_t klen, vlen;
        p += strspn(p, " \t,");
        if (*p == '\0')
            break;
        end = p + strcspn(p, ",");
        eq = memchr(p, '=', (size_t)(end - p));
        if (eq == NULL)
            return srv_error_set(err, CAT_EINCOMPLETESIG,
                                 "Authorization header parts must be Key=Value, separated by "
                                 "commas.");
        klen = (size_t)(eq - p);
        vlen = (size_t)(end - eq - 1);
        while (vlen > 0 && (eq[vlen] == ' ' || eq[vlen] == '\t'))
            vlen--;
        if (klen == 10 && strncmp(p, "Credential", 10) == 0) {
            if ((rc = parse_credential(eq + 1, vlen, out, err)) != CAT_OK)
                return rc;
            have_cred = 1;
        } else if (klen == 13 && strncmp(p, "SignedHeaders", 13) == 0) {
            if (vlen == 0 ||
                take(out->signed_headers, sizeof(out->signed_headers), eq + 1, vlen) != 0)
                return srv_error_set(err, CAT_EINCOMPLETESIG,
                                     "SignedHeaders must list 1 to 1024 characters of names.");
            have_sh = 1;
        } else if (klen == 9 && strncmp(p, "Signature", 9) == 0) {
            if (take(out->signature, sizeof(out->signature), eq + 1, vlen) != 0)
                return srv_error_set(err, CAT_ESIGNATURE, "%s", MISMATCH);
            have_sig = 1;
        }
        p = end;
    }
    if (!have_cred || !have_sh || !have_sig)
        return srv_error_set(
            err, CAT_EINCOMPLETESIG, "%s%s%s",
            have_cred ? "" : "Authorization header requires 'Credential' parameter. ",
            have_sig ? "" : "Authorization header requires 'Signature' parameter. ",
            have_sh ? "" : "Authorization header requires 'SignedHeaders' parameter.");
    return CAT_OK;
}

/* ---------------------------------------------------------------- canonical request */

static const char *header(const struct http_info *info, const char *name)
{
    size_t i;
    for (i = 0; i < info->nheaders; i++)
        if (info->headers[i].key && strcasecmp(info->headers[i].key, name) == 0)
            return info->headers[i].value ? info->headers[i].value : "";
    return NULL;
}

static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

/* Append [S, S+N) URI-encoded as SigV4 does (unreserved kept; '/' kept when KEEP_SLASH). */
static void add_encoded(struct sbuf *b, const char *s, size_t n, int keep_slash)
{
    static const char HEX[] = "0123456789ABCDEF";
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (unreserved(c) || (keep_slash && c == '/')) {
            sbuf_add(b, (const char *)&c, 1);
        } else {
            char e[3] = {'%', HEX[c >> 4], HEX[c & 15]};
            sbuf_add(b, e, 3);
        }
    }
}

/* S percent-decoded and then encoded again, the canonical form of a query key or value. */
static char *requote(const char *s)
{
    struct sbuf d = {0}, e = {0};
    size_t i, n = s ? strlen(s) : 0;
    for (i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && util_hexval(s[i + 1]) >= 0 && util_hexval(s[i + 2]) >= 0) {
            char c = (char)(util_hexval(s[i + 1]) * 16 + util_hexval(s[i + 2]));
            sbuf_add(&d, &c, 1);
            i += 2;
        } else {
            sbuf_add(&d, s + i, 1);
        }
    }
    add_encoded(&e, d.p ? d.p : "", d.len, 0);
    free(d.p);
    sbuf_add(&e, "", 0);
    return e.p ? e.p : xstrdup("");
}

struct qpair {
    char *k, *v;
};

static int cmp_qpair(const void *a, const void *b)
{
    const struct qpair *x = a, *y = b;
    int c = strcmp(x->k, y->k);
    return c ? c : strcmp(x->v, y->v);
}

static void add_query(struct sbuf *b, const struct http_info *info)
{
    struct qpair *q = xcalloc(info->nquery + 1, sizeof(*q));
    size_t i;
    for (i = 0; i < info->nquery; i++) {
        q[i].k = requote(info->query[i].key);
        q[i].v = requote(info->query[i].value);
    }
    qsort(q, info->nquery, sizeof(*q), cmp_qpair);
    for (i = 0; i < info->nquery; i++) {
        if (i)
            sbuf_adds(b, "&");
        sbuf_adds(b, q[i].k);
        sbuf_adds(b, "=");
        sbuf_adds(b, q[i].v);
        free(q[i].k);
        free(q[i].v);
    }
    free(q);
}

/* Append VALUE trimmed, inner runs of spaces made one. */
static void add_trimmed(struct sbuf *b, const char *v)
{
    int space = 0, any = 0;
    for (; *v; v++) {
        if (*v == ' ' || *v == '\t') {
            space = any;
            continue;
        }
        if (space)
            sbuf_adds(b, " ");
        sbuf_add(b, v, 1);
        space = 0;
        any = 1;
    }
}

/* "name:v1,v2\n" for each signed header NAME (a header sent several times joins its values; a
** signed header not sent counts as empty, as libcurl signs "Expect:" and leaves it out). */
static int add_headers(struct sbuf *b, const struct http_info *info, const char *signed_headers,
                       int *host_signed)
{
    const char *p = signed_headers;
    size_t count = 0;
    *host_signed = 0;
    while (*p) {
        size_t n = strcspn(p, ";"), i, k;
        int first = 1;
        if (n == 0 || ++count > MAX_SIGNED)
            return -1;
        for (k = 0; k < n; k++)
            if (p[k] <= ' ' || p[k] > '~' || (p[k] >= 'A' && p[k] <= 'Z') || p[k] == ':')
                return -1;
        if (n == 4 && strncmp(p, "host", 4) == 0)
            *host_signed = 1;
        sbuf_add(b, p, n);
        sbuf_adds(b, ":");
        for (i = 0; i < info->nheaders; i++) {
            const char *key = info->headers[i].key;
            if (key && strlen(key) == n && strncasecmp(key, p, n) == 0) {
                if (!first)
                    sbuf_adds(b, ",");
                add_trimmed(b, info->headers[i].value ? info->headers[i].value : "");
                first = 0;
            }
        }
        sbuf_adds(b, "\n");
        p += n;
        if (*p == ';')
            p++;
    }
    return count ? 0 : -1;
}

static void sha256_hex(const void *data, size_t n, char out[65])
{
    struct sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    char *hex;
    sha256_init(&ctx);
    sha256_update(&ctx, n, data);
    sha256_digest(&ctx, sizeof(d), d);
    hex = util_hex_encode(d, sizeof(d));
    memcpy(out, hex, 65);
    free(hex);
}

static void hmac(const uint8_t *key, size_t klen, const char *msg, uint8_t out[32])
{
    struct hmac_sha256_ctx ctx;
    hmac_sha256_set_key(&ctx, klen, key);
    hmac_sha256_update(&ctx, strlen(msg), (const uint8_t *)msg);
    hmac_sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

/* The time of "YYYYMMDDTHHMMSSZ" (X-Amz-Date) or an RFC 1123 Date into *T; 0 or -1. */
static int parse_date(const char *amz, const char *date, time_t *t, char iso[17])
{
    struct tm tm;
    const char *end;
    memset(&tm, 0, sizeof(tm));
    if (amz) {
        if (strlen(amz) != 16 || (end = strptime(amz, "%Y%m%dT%H%M%SZ", &tm)) == NULL ||
            *end != '\0')
            return -1;
    } else if (date == NULL || (end = strptime(date, "%a, %d %b %Y %H:%M:%S GMT", &tm)) == NULL ||
               *end != '\0') {
        return -1;
    }
    *t = timegm(&tm);
    strftime(iso, 17, "%Y%m%dT%H%M%SZ", &tm);
    return 0;
}

/* 1 when NAME is one of the ';'-separated names of SIGNED_HEADERS. */
static int is_signed(const char *signed_headers, const char *name)
{
    size_t n = strlen(name);
    const char *p = signed_headers;
    while (*p) {
        size_t k = strcspn(p, ";");
        if (k == n && strncmp(p, name, n) == 0)
            return 1;
        p += k;
        if (*p == ';')
            p++;
    }
    return 0;
}

/* The request's time T (ISO its ISO-8601 text) within SIGV4_SKEW of NOW?  CAT_OK, or
** CAT_ESIGNATURE with AWS's message in ERR. */
static int check_skew(time_t t, const char *iso, time_t now, struct srv_error *err)
{
    char nowiso[17], bound[17];
    struct tm tm;
    time_t b;
    if (t >= now - SIGV4_SKEW && t <= now + SIGV4_SKEW)
        return CAT_OK;
    gmtime_r(&now, &tm);
    strftime(nowiso, sizeof(nowiso), "%Y%m%dT%H%M%SZ", &tm);
    b = t < now ? now - SIGV4_SKEW : now + SIGV4_SKEW;
    gmtime_r(&b, &tm);
    strftime(bound, sizeof(bound), "%Y%m%dT%H%M%SZ", &tm);
    return srv_error_set(err, CAT_ESIGNATURE,
                         t < now ? "Signature expired: %s is now earlier than %s (%s - 15 min.)"
                                 : "Signature not yet current: %s is still later than %s (%s "
                                   "+ 15 min.)",
                         iso, bound, nowiso);
}

/* The canonical request of INFO as AU signed it into CREQ, PAYLOAD_HASH its last line; the
** signed headers must include Host and every header of MUST_SIGN.  CAT_OK, or the error (AWS's
** message) in ERR. */
static int canonical_request(const struct http_info *info, const struct sigv4_auth *au,
                             const char *const *must_sign, const char *payload_hash,
                             struct sbuf *creq, struct srv_error *err)
{
    int host_signed;
    sbuf_adds(creq, info->method);
    sbuf_adds(creq, "\n");
    if (info->path == NULL || info->path[0] == '\0')
        sbuf_adds(creq, "/");
    else
        add_encoded(creq, info->path, strlen(info->path), 1);
    sbuf_adds(creq, "\n");
    add_query(creq, info);
    sbuf_adds(creq, "\n");
    if (add_headers(creq, info, au->signed_headers, &host_signed) != 0)
        return srv_error_set(err, CAT_EINCOMPLETESIG,
                             "SignedHeaders must be lower-case header names separated by ';'.");
    if (!host_signed)
        return srv_error_set(err, CAT_ESIGNATURE,
                             "'Host' or ':authority' must be a 'SignedHeader' in the AWS "
                             "Authorization.");
    for (; must_sign && *must_sign; must_sign++)
        if (!is_signed(au->signed_headers, *must_sign))
            return srv_error_set(err, CAT_ESIGNATURE,
                                 "'%s' must be a 'SignedHeader' in the AWS Authorization.",
                                 *must_sign);
    sbuf_adds(creq, "\n");
    sbuf_adds(creq, au->signed_headers);
    sbuf_adds(creq, "\n");
    sbuf_adds(creq, payload_hash);
    return CAT_OK;
}

/* The signature (64 hex digits, new string) of the canonical request whose hash is CREQ_HASH,
** at ISO, in AU's scope, with SECRET: the string to sign, the signing key, the HMAC. */
static char *signature(const char *secret, const struct sigv4_auth *au, const char *iso,
                       const char *creq_hash)
{
    struct sbuf sts = {0}, key = {0};
    uint8_t k[32];
    char *sig;
    sbuf_adds(&sts, ALGORITHM "\n");
    sbuf_adds(&sts, iso);
    sbuf_adds(&sts, "\n");
    sbuf_adds(&sts, au->date);
    sbuf_adds(&sts, "/");
    sbuf_adds(&sts, au->region);
    sbuf_adds(&sts, "/");
    sbuf_adds(&sts, au->service);
    sbuf_adds(&sts, "/aws4_request\n");
    sbuf_adds(&sts, creq_hash);
    sbuf_adds(&key, "AWS4");
    sbuf_adds(&key, secret);
    hmac((const uint8_t *)key.p, key.len, au->date, k);
    hmac(k, sizeof(k), au->region, k);
    hmac(k, sizeof(k), au->service, k);
    hmac(k, sizeof(k), "aws4_request", k);
    hmac(k, sizeof(k), sts.p, k);
    sig = util_hex_encode(k, sizeof(k));
    memset(key.p, 0, key.len);
    memset(k, 0, sizeof(k));
    free(key.p);
    free(sts.p);
    return sig;
}

int sigv4_verify(const struct auth_set *a, const struct http_info *info, const char *body,
                 size_t len, const char *service, const char *const *must_sign, time_t now,
                 const struct auth_principal **who, struct srv_error *err)
{
    struct sigv4_auth au;
    const struct auth_principal *p;
    const char *sent_hash = header(info, "x-amz-content-sha256");
    char iso[17], payload[65], creq_hash[65], *sig;
    struct sbuf creq = {0};
    time_t t;
    int rc;
    *who = NULL;
    if ((rc = sigv4_parse(header(info, "authorization"), &au, err)) != CAT_OK)
        return rc;
    if (parse_date(header(info, "x-amz-date"), header(info, "date"), &t, iso) != 0)
        return srv_error_set(err, CAT_EINCOMPLETESIG,
                             "Authorization header requires existence of either a valid "
                             "'X-Amz-Date' or a 'Date' header.");
    if ((p = auth_by_key(a, au.access_key)) == NULL || p->secret == NULL ||
        header(info, "x-amz-security-token") != NULL)
        return srv_error_set(err, CAT_EAUTH, "%s", BAD_TOKEN);
    if (strcmp(au.service, service) != 0)
        return srv_error_set(err, CAT_ESIGNATURE,
                             "Credential should be scoped to correct service: '%s'.", service);
    if (strcmp(au.terminator, "aws4_request") != 0)
        return srv_error_set(err, CAT_ESIGNATURE,
                             "Credential should be scoped with a valid terminator: "
                             "'aws4_request', not '%.32s'.",
                             au.terminator);
    if (strncmp(au.date, iso, 8) != 0)
        return srv_error_set(err, CAT_ESIGNATURE,
                             "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                             "version of date from HTTP: '%s' != '%.8s', from '%s'.",
                             au.date, iso, iso);
    if ((rc = check_skew(t, iso, now, err)) != CAT_OK)
        return rc;
    sha256_hex(body, len, payload);
    if (sent_hash && strcasecmp(sent_hash, payload) != 0)
        return srv_error_set(err, CAT_ESIGNATURE,
                             "The provided 'x-amz-content-sha256' header does not match what was "
                             "computed.");
    rc = canonical_request(info, &au, must_sign, sent_hash ? sent_hash : payload, &creq, err);
    if (rc == CAT_OK) {
        sha256_hex(creq.p, creq.len, creq_hash);
        sig = signature(p->secret, &au, iso, creq_hash);
        if (strlen(au.signature) != 64 || !nettle_memeql_sec(sig, au.signature, 64))
            rc = srv_error_set(err, CAT_ESIGNATURE, "%s", MISMATCH);
        else
            *who = p;
        free(sig);
    }
    free(creq.p);
    return rc;
}
