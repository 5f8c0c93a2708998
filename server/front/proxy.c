/* proxy.c -- trusted proxies: address ranges, the PROXY protocol header, X-Forwarded-For. */
#include "front/proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

/* An address as the matching sees it: AF_INET in B[0..3], or AF_INET6 in B[0..15]. */
struct addr {
    int family;
    unsigned char b[16];
};

static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* TEXT[0..LEN) as a plain IPv4 or IPv6 address (inet_pton's forms, nothing around it). */
static int addr_parse(const char *text, size_t len, struct addr *a)
{
    char buf[INET6_ADDRSTRLEN];
    if (len == 0 || len >= sizeof(buf) || memchr(text, '\0', len) != NULL)
        return -1;
    memcpy(buf, text, len);
    buf[len] = '\0';
    memset(a, 0, sizeof(*a));
    if (inet_pton(AF_INET, buf, a->b) == 1) {
        a->family = AF_INET;
        return 0;
    }
    if (inet_pton(AF_INET6, buf, a->b) == 1) {
        a->family = AF_INET6;
        return 0;
    }
    return -1;
}

/* 1..5 decimal digits, at most 65535 (LEADING_ZERO: "0080" allowed). */
static int port_parse(const char *s, size_t len, int leading_zero, unsigned *port)
{
    unsigned v = 0;
    size_t i;
    if (len == 0 || len > 5 || (!leading_zero && len > 1 && s[0] == '0'))
        return -1;
    for (i = 0; i < len; i++) {
        if (!is_digit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (v > 65535)
        return -1;
    *port = v;
    return 0;
}

int proxy_cidr_parse(const char *text, struct proxy_cidr *out)
{
    const char *slash;
    struct addr a;
    size_t alen, nbytes, i;
    int max, bits;
    if (text == NULL || out == NULL)
        return -1;
    slash = strchr(text, '/');
    alen = slash ? (size_t)(slash - text) : strlen(text);
    if (addr_parse(text, alen, &a) != 0)
        return -1;
    max = a.family == AF_INET ? 32 : 128;
    bits = max;
    if (slash) {
        const char *p = slash + 1;
        size_t n = strlen(p);
        if (n == 0 || n > 3)
            return -1;
        for (bits = 0, i = 0; i < n; i++) {
            if (!is_digit((unsigned char)p[i]))
                return -1;
            bits = bits * 10 + (p[i] - '0');
        }
        if (bits > max)
            return -1;
    }
    nbytes = (size_t)max / 8;
    for (i = 0; i < nbytes; i++) {
        int keep = bits - (int)i * 8; /* bits of this byte that belong to the network */
        if (keep <= 0)
            a.b[i] = 0;
        else if (keep < 8)
            a.b[i] &= (unsigned char)(0xff << (8 - keep));
    }
    memset(out, 0, sizeof(*out));
    out->family = a.family;
    memcpy(out->addr, a.b, nbytes);
    out->bits = bits;
    return 0;
}

int proxy_set_add(struct proxy_set *set, const char *text)
{
    struct proxy_cidr c;
    if (set == NULL || proxy_cidr_parse(text, &c) != 0)
        return -1;
    if (set->n >= PROXY_MAX_CIDRS)
        return -2;
    set->v[set->n++] = c;
    return 0;
}

/* The first BITS bits of X and Y are equal. */
static int prefix_equal(const unsigned char *x, const unsigned char *y, int bits)
{
    int whole = bits / 8, rest = bits % 8;
    if (memcmp(x, y, (size_t)whole) != 0)
        return 0;
    if (rest == 0)
        return 1;
    return ((x[whole] ^ y[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
}

/* A in SET: IPv4 ranges see a mapped ::ffff:a.b.c.d as a.b.c.d, IPv6 ranges see IPv4 mapped. */
static int set_contains(const struct proxy_set *set, const struct addr *a)
{
    unsigned char v4[4], v6[16];
    int has_v4 = 0;
    size_t i;
    if (set == NULL)
        return 0;
    if (a->family == AF_INET) {
        memcpy(v4, a->b, 4);
        memcpy(v6, v4mapped, 12);
        memcpy(v6 + 12, a->b, 4);
        has_v4 = 1;
    } else {
        memcpy(v6, a->b, 16);
        if (memcmp(a->b, v4mapped, 12) == 0) {
            memcpy(v4, a->b + 12, 4);
            has_v4 = 1;
        }
    }
    for (i = 0; i < set->n && i < PROXY_MAX_CIDRS; i++) {
        const struct proxy_cidr *c = &set->v[i];
        if (c->family == AF_INET && has_v4 && c->bits >= 0 && c->bits <= 32 &&
            prefix_equal(v4, c->addr, c->bits))
            return 1;
        if (c->family == AF_INET6 && c->bits >= 0 && c->bits <= 128 &&
            prefix_equal(v6, c->addr, c->bits))
            return 1;
    }
    return 0;
}

int proxy_trusted(const struct proxy_set *set, const struct sockaddr *sa)
{
    struct addr a;
    if (set == NULL || sa == NULL)
        return 0;
    memset(&a, 0, sizeof(a));
    if (sa->sa_family == AF_INET) {
        struct sockaddr_in sin;
        memcpy(&sin, sa, sizeof(sin));
        a.family = AF_INET;
        memcpy(a.b, &sin.sin_addr, 4);
    } else if (sa->sa_family == AF_INET6) {
        struct sockaddr_in6 sin6;
        memcpy(&sin6, sa, sizeof(sin6));
        a.family = AF_INET6;
        memcpy(a.b, &sin6.sin6_addr, 16);
    } else {
        return 0;
    }
    return set_contains(set, &a);
}

/* ---- X-Forwarded-For ---- */

static int is_ows(int c)
{
    return c == ' ' || c == '\t';
}

/* One list entry S[0..LEN): optional spaces around "a.b.c.d", "a.b.c.d:port", an IPv6
** address, "[v6]" or "[v6]:port".  0 with the address in *A, or -1. */
static int entry_parse(const char *s, size_t len, struct addr *a)
{
    const char *colon;
    unsigned port;
    while (len > 0 && is_ows((unsigned char)s[0]))
        s++, len--;
    while (len > 0 && is_ows((unsigned char)s[len - 1]))
        len--;
    if (len == 0)
        return -1;
    if (s[0] == '[') {
        const char *close = memchr(s, ']', len);
        size_t after;
        if (close == NULL)
            return -1;
        after = len - (size_t)(close - s) - 1;
        if (after > 0 && (close[1] != ':' || port_parse(close + 2, after - 1, 1, &port) != 0))
            return -1;
        if (addr_parse(s + 1, (size_t)(close - s) - 1, a) != 0 || a->family != AF_INET6)
            return -1;
        return 0;
    }
    colon = memchr(s, ':', len);
    if (colon != NULL && memchr(colon + 1, ':', len - (size_t)(colon - s) - 1) == NULL) {
        /* exactly one colon: IPv4 with a port */
        if (port_parse(colon + 1, len - (size_t)(colon - s) - 1, 1, &port) != 0)
            return -1;
        if (addr_parse(s, (size_t)(colon - s), a) != 0 || a->family != AF_INET)
            return -1;
        return 0;
    }
    return addr_parse(s, len, a);
}

int proxy_trusted_text(const struct proxy_set *set, const char *addr)
{
    struct addr a;
    if (set == NULL || addr == NULL || entry_parse(addr, strlen(addr), &a) != 0)
        return 0;
    return set_contains(set, &a);
}

int proxy_forwarded_for(const struct proxy_set *set, const char *const *values, size_t n, char *out,
                        size_t outlen)
{
    size_t i;
    if (out == NULL || outlen < INET6_ADDRSTRLEN)
        return -1;
    out[0] = '\0';
    if (values == NULL)
        return -1;
    for (i = n; i-- > 0;) {
        const char *line = values[i];
        size_t end;
        if (line == NULL)
            continue;
        end = strlen(line);
        for (;;) {
            size_t start = end, k;
            struct addr a;
            while (start > 0 && line[start - 1] != ',')
                start--;
            for (k = start; k < end && is_ows((unsigned char)line[k]); k++)
                ;
            if (k < end) { /* not an empty entry */
                if (entry_parse(line + start, end - start, &a) != 0)
                    return -1;
                if (!set_contains(set, &a)) {
                    if (inet_ntop(a.family, a.b, out, (socklen_t)outlen) == NULL) {
                        out[0] = '\0';
                        return -1;
                    }
                    return 0;
                }
            }
            if (start == 0)
                break;
            end = start - 1; /* before the comma */
        }
    }
    return -1;
}

/* ---- the PROXY protocol header ---- */

static const unsigned char v1_sig[6] = {'P', 'R', 'O', 'X', 'Y', ' '};
static const unsigned char v2_sig[12] = {0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d,
                                         0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a};

static void out_unspec(struct sockaddr_storage *out)
{
    if (out != NULL) {
        memset(out, 0, sizeof(*out));
        out->ss_family = AF_UNSPEC;
    }
}

/* Source address SRC (4 or 16 bytes of FAMILY) and port PORT (host order) into *OUT. */
static void out_addr(struct sockaddr_storage *out, int family, const unsigned char *src,
                     unsigned port)
{
    if (out == NULL)
        return;
    memset(out, 0, sizeof(*out));
    if (family == AF_INET) {
        struct sockaddr_in sin;
        memset(&sin, 0, sizeof(sin));
        sin.sin_family = AF_INET;
        memcpy(&sin.sin_addr, src, 4);
        sin.sin_port = htons((unsigned short)port);
        memcpy(out, &sin, sizeof(sin));
    } else {
        struct sockaddr_in6 sin6;
        memset(&sin6, 0, sizeof(sin6));
        sin6.sin6_family = AF_INET6;
        memcpy(&sin6.sin6_addr, src, 16);
        sin6.sin6_port = htons((unsigned short)port);
        memcpy(out, &sin6, sizeof(sin6));
    }
}

/* The next space-separated field of LINE[*POS..END): up to the next space (LAST: up to END).
** Exactly one space between fields; empty fields refused. */
static int v1_field(const char *line, size_t end, size_t *pos, int last, const char **f,
                    size_t *flen)
{
    size_t p = *pos, q = p;
    while (q < end && line[q] != ' ')
        q++;
    if (q == p || (last ? q != end : q == end))
        return -1;
    *f = line + p;
    *flen = q - p;
    *pos = last ? q : q + 1;
    return 0;
}

/* The v1 line LINE[0..END) after "PROXY " and before the CRLF. */
static int v1_parse(const char *line, size_t end, struct sockaddr_storage *out)
{
    const char *proto, *src, *dst, *sport, *dport;
    size_t plen, slen, dlen, splen, dplen, pos = 0;
    struct addr s, d;
    unsigned sp, dp;
    int family;
    /* "UNKNOWN", alone or followed by anything (ignored) */
    if (end >= 7 && memcmp(line, "UNKNOWN", 7) == 0 && (end == 7 || line[7] == ' ')) {
        out_unspec(out);
        return 0;
    }
    if (v1_field(line, end, &pos, 0, &proto, &plen) != 0)
        return -1;
    if (plen == 4 && memcmp(proto, "TCP4", 4) == 0)
        family = AF_INET;
    else if (plen == 4 && memcmp(proto, "TCP6", 4) == 0)
        family = AF_INET6;
    else
        return -1;
    if (v1_field(line, end, &pos, 0, &src, &slen) != 0 ||
        v1_field(line, end, &pos, 0, &dst, &dlen) != 0 ||
        v1_field(line, end, &pos, 0, &sport, &splen) != 0 ||
        v1_field(line, end, &pos, 1, &dport, &dplen) != 0)
        return -1;
    if (addr_parse(src, slen, &s) != 0 || s.family != family || addr_parse(dst, dlen, &d) != 0 ||
        d.family != family)
        return -1;
    if (port_parse(sport, splen, 0, &sp) != 0 || port_parse(dport, dplen, 0, &dp) != 0)
        return -1;
    out_addr(out, family, s.b, sp);
    return 0;
}

/* The address block a v2 family FAM (0 UNSPEC, 1 INET, 2 INET6, 3 UNIX) needs at least. */
static size_t v2_addr_len(unsigned fam)
{
    return fam == 1 ? 12 : fam == 2 ? 36 : fam == 3 ? 216 : 0;
}

/* The v2 header: BUF starts with the 12-byte signature, LEN >= 12. */
static int v2_parse(const unsigned char *buf, size_t len, struct sockaddr_storage *out)
{
    unsigned cmd, fam, proto;
    size_t body;
    if (len < 13)
        return 0;
    if ((buf[12] >> 4) != 2 || (buf[12] & 0x0f) > 1)
        return -2;
    cmd = buf[12] & 0x0f; /* 0 LOCAL, 1 PROXY */
    if (len < 14)
        return 0;
    fam = buf[13] >> 4;     /* 0 UNSPEC, 1 INET, 2 INET6, 3 UNIX */
    proto = buf[13] & 0x0f; /* 0 UNSPEC, 1 STREAM, 2 DGRAM */
    if (fam > 3 || proto > 2)
        return -2;
    if (len < 16)
        return 0;
    body = ((size_t)buf[14] << 8) | buf[15];
    if (body > PROXY_V2_MAX)
        return -2;
    if (cmd == 1 && proto != 0 && body < v2_addr_len(fam))
        return -2;
    if (len < 16 + body)
        return 0;
    if (cmd == 1 && proto == 1 && fam == 1)
        out_addr(out, AF_INET, buf + 16, ((unsigned)buf[24] << 8) | buf[25]);
    else if (cmd == 1 && proto == 1 && fam == 2)
        out_addr(out, AF_INET6, buf + 16, ((unsigned)buf[48] << 8) | buf[49]);
    else
        out_unspec(out); /* LOCAL, UNSPEC, UDP, UNIX: the connection's own address */
    return (int)(16 + body);
}

int proxy_header_parse(const unsigned char *buf, size_t len, struct sockaddr_storage *out)
{
    size_t i, n;
    if (len == 0)
        return 0;
    if (buf == NULL)
        return -1;
    if (buf[0] == 'P') {
        n = len < sizeof(v1_sig) ? len : sizeof(v1_sig);
        if (memcmp(buf, v1_sig, n) != 0)
            return -1;
        if (len < sizeof(v1_sig))
            return 0;
        n = len < PROXY_V1_MAX ? len : PROXY_V1_MAX;
        for (i = sizeof(v1_sig); i < n && buf[i] != '\n'; i++)
            ;
        if (i == n)
            return len >= PROXY_V1_MAX ? -2 : 0;
        if (buf[i - 1] != '\r' || i - 1 < sizeof(v1_sig))
            return -2;
        if (v1_parse((const char *)buf + sizeof(v1_sig), i - 1 - sizeof(v1_sig), out) != 0)
            return -2;
        return (int)(i + 1);
    }
    if (buf[0] == v2_sig[0]) {
        n = len < sizeof(v2_sig) ? len : sizeof(v2_sig);
        if (memcmp(buf, v2_sig, n) != 0)
            return -1;
        if (len < sizeof(v2_sig))
            return 0;
        return v2_parse(buf, len, out);
    }
    return -1;
}
