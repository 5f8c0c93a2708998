/* test_proxy.c -- unit tests for proxy.c: trusted ranges, PROXY protocol v1/v2, X-Forwarded-For. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "front/proxy.h"

/* ---- address ranges ---- */

static void test_proxy_cidr_parse(void **state)
{
    static const struct {
        const char *text;
        int rc, family;
        const char *addr; /* the network address as inet_ntop shows it */
        int bits;
    } cases[] = {
        {"10.0.0.0/8", 0, AF_INET, "10.0.0.0", 8},
        {"10.1.2.3/8", 0, AF_INET, "10.0.0.0", 8}, /* host bits cleared */
        {"127.0.0.1", 0, AF_INET, "127.0.0.1", 32},
        {"127.0.0.1/32", 0, AF_INET, "127.0.0.1", 32},
        {"192.168.255.255/17", 0, AF_INET, "192.168.128.0", 17},
        {"0.0.0.0/0", 0, AF_INET, "0.0.0.0", 0},
        {"255.255.255.255/0", 0, AF_INET, "0.0.0.0", 0},
        {"172.16.0.0/012", 0, AF_INET, "172.16.0.0", 12},
        {"::1", 0, AF_INET6, "::1", 128},
        {"fd00::/8", 0, AF_INET6, "fd00::", 8},
        {"fdff:1:2::3/9", 0, AF_INET6, "fd80::", 9},
        {"2001:DB8::/32", 0, AF_INET6, "2001:db8::", 32},
        {"::/0", 0, AF_INET6, "::", 0},
        {"::ffff:10.0.0.0/104", 0, AF_INET6, "::ffff:10.0.0.0", 104},
        {"2001:db8::1/128", 0, AF_INET6, "2001:db8::1", 128},
        {"10.0.0.0/33", -1, 0, NULL, 0},
        {"::1/129", -1, 0, NULL, 0},
        {"10.0.0.0/", -1, 0, NULL, 0},
        {"10.0.0.0/-1", -1, 0, NULL, 0},
        {"10.0.0.0/+8", -1, 0, NULL, 0},
        {"10.0.0.0/8 ", -1, 0, NULL, 0},
        {"10.0.0.0/8x", -1, 0, NULL, 0},
        {"10.0.0.0/8/8", -1, 0, NULL, 0},
        {"10.0.0.0/0008", -1, 0, NULL, 0},
        {" 10.0.0.0/8", -1, 0, NULL, 0},
        {"10.0.0.0x", -1, 0, NULL, 0},
        {"10.0.0", -1, 0, NULL, 0},
        {"010.0.0.1", -1, 0, NULL, 0},
        {"256.0.0.0/8", -1, 0, NULL, 0},
        {"/8", -1, 0, NULL, 0},
        {"", -1, 0, NULL, 0},
        {"fe80::1%eth0", -1, 0, NULL, 0},
        {"[::1]", -1, 0, NULL, 0},
        {"::1::2", -1, 0, NULL, 0},
        {"localhost", -1, 0, NULL, 0},
        {"1.2.3.4:80", -1, 0, NULL, 0},
        {NULL, -1, 0, NULL, 0},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct proxy_cidr c;
        char shown[INET6_ADDRSTRLEN];
        int rc = proxy_cidr_parse(cases[i].text, &c);
        if (rc != cases[i].rc)
            fail_msg("proxy_cidr_parse(\"%s\") = %d, want %d",
                     cases[i].text ? cases[i].text : "(null)", rc, cases[i].rc);
        if (rc != 0)
            continue;
        assert_int_equal(c.family, cases[i].family);
        assert_int_equal(c.bits, cases[i].bits);
        assert_non_null(inet_ntop(c.family, c.addr, shown, sizeof(shown)));
        if (strcmp(shown, cases[i].addr) != 0)
            fail_msg("proxy_cidr_parse(\"%s\"): address %s, want %s", cases[i].text, shown,
                     cases[i].addr);
        if (c.family == AF_INET) /* the bytes after an IPv4 address are zeros */
            assert_memory_equal(c.addr + 4, "\0\0\0\0\0\0\0\0\0\0\0\0", 12);
    }
}

static void test_proxy_set_add_until_full(void **state)
{
    struct proxy_set set;
    char text[32];
    int i;
    (void)state;
    memset(&set, 0, sizeof(set));
    assert_int_equal(proxy_set_add(&set, "10.0.0.0/33"), -1);
    assert_int_equal(proxy_set_add(&set, "nonsense"), -1);
    assert_int_equal(proxy_set_add(NULL, "10.0.0.0/8"), -1);
    assert_int_equal(set.n, 0);
    for (i = 0; i < PROXY_MAX_CIDRS; i++) {
        snprintf(text, sizeof(text), "10.%d.0.0/16", i);
        assert_int_equal(proxy_set_add(&set, text), 0);
    }
    assert_int_equal(set.n, PROXY_MAX_CIDRS);
    assert_int_equal(proxy_set_add(&set, "192.168.0.1"), -2);
    assert_int_equal(proxy_set_add(&set, "bad"), -1); /* unparsable first */
    assert_int_equal(set.n, PROXY_MAX_CIDRS);
    assert_int_equal(proxy_trusted_text(&set, "10.31.2.3"), 1);
    assert_int_equal(proxy_trusted_text(&set, "10.32.2.3"), 0);
}

/* TEXT (a plain address) as a sockaddr_in or sockaddr_in6 in *SS. */
static const struct sockaddr *sockaddr_of(const char *text, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof(*ss));
    if (strchr(text, ':') == NULL) {
        struct sockaddr_in *sin = (struct sockaddr_in *)ss;
        sin->sin_family = AF_INET;
        sin->sin_port = htons(4242);
        assert_int_equal(inet_pton(AF_INET, text, &sin->sin_addr), 1);
    } else {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(4242);
        assert_int_equal(inet_pton(AF_INET6, text, &sin6->sin6_addr), 1);
    }
    return (const struct sockaddr *)ss;
}

static const char *const trusted_ranges[] = {"10.0.0.0/8", "192.168.1.1", "172.16.0.0/12",
                                             "fd00::/8",   "::1",         "::ffff:100.64.0.0/106"};

static void trusted_set(struct proxy_set *set)
{
    size_t i;
    memset(set, 0, sizeof(*set));
    for (i = 0; i < sizeof(trusted_ranges) / sizeof(trusted_ranges[0]); i++)
        assert_int_equal(proxy_set_add(set, trusted_ranges[i]), 0);
}

static void test_proxy_trusted(void **state)
{
    static const struct {
        const char *addr;
        int want;
    } cases[] = {
        {"10.0.0.1", 1},
        {"10.255.255.255", 1},
        {"11.0.0.0", 0},
        {"9.255.255.255", 0},
        {"192.168.1.1", 1},
        {"192.168.1.2", 0},
        {"172.31.255.255", 1},
        {"172.32.0.0", 0},
        {"172.15.255.255", 0},
        {"fd12:3456::1", 1},
        {"fe00::1", 0},
        {"::1", 1},
        {"::2", 0},
        {"::", 0},
        /* IPv4-mapped IPv6 addresses match IPv4 ranges */
        {"::ffff:10.1.2.3", 1},
        {"::ffff:192.168.1.1", 1},
        {"::ffff:11.1.2.3", 0},
        /* and IPv4 addresses match the IPv6 range of the mapped space */
        {"100.64.0.1", 1},
        {"100.127.255.255", 1},
        {"100.128.0.0", 0},
        {"::ffff:100.100.0.1", 1},
        /* IPv4-compatible (deprecated) and NAT64 forms are not mapped */
        {"::10.1.2.3", 0},
        {"64:ff9b::10.1.2.3", 0},
        {"127.0.0.1", 0},
    };
    struct proxy_set set, empty;
    struct sockaddr_storage ss;
    struct sockaddr_un sun;
    size_t i;
    (void)state;
    trusted_set(&set);
    memset(&empty, 0, sizeof(empty));
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int got = proxy_trusted(&set, sockaddr_of(cases[i].addr, &ss));
        if (got != cases[i].want)
            fail_msg("proxy_trusted(%s) = %d, want %d", cases[i].addr, got, cases[i].want);
        got = proxy_trusted_text(&set, cases[i].addr);
        if (got != cases[i].want)
            fail_msg("proxy_trusted_text(%s) = %d, want %d", cases[i].addr, got, cases[i].want);
        assert_int_equal(proxy_trusted(&empty, sockaddr_of(cases[i].addr, &ss)), 0);
        assert_int_equal(proxy_trusted(NULL, sockaddr_of(cases[i].addr, &ss)), 0);
    }
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    assert_int_equal(proxy_trusted(&set, (const struct sockaddr *)&sun), 0);
    assert_int_equal(proxy_trusted(&set, NULL), 0);
    /* ::/0 trusts every peer, IPv4 ones too (they are ::ffff:0:0/96) */
    assert_int_equal(proxy_set_add(&empty, "::/0"), 0);
    assert_int_equal(proxy_trusted(&empty, sockaddr_of("8.8.8.8", &ss)), 1);
    assert_int_equal(proxy_trusted(&empty, sockaddr_of("2001:db8::1", &ss)), 1);
}

static void test_proxy_trusted_text_forms(void **state)
{
    static const struct {
        const char *addr;
        int want;
    } cases[] = {
        {" 10.1.2.3 ", 1}, {"10.1.2.3:8080", 1}, {"[::1]", 1},
        {"[::1]:443", 1},  {"\t[fd00::5]\t", 1}, {"[10.1.2.3]", 0},
        {"10.1.2.3:", 0},  {"10.1.2.3 x", 0},    {"unknown", 0},
        {"", 0},           {"fd00::1%eth0", 0},  {"[::1", 0},
    };
    struct proxy_set set;
    size_t i;
    (void)state;
    trusted_set(&set);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int got = proxy_trusted_text(&set, cases[i].addr);
        if (got != cases[i].want)
            fail_msg("proxy_trusted_text(\"%s\") = %d, want %d", cases[i].addr, got, cases[i].want);
    }
    assert_int_equal(proxy_trusted_text(NULL, "10.1.2.3"), 0);
    assert_int_equal(proxy_trusted_text(&set, NULL), 0);
}

/* ---- the PROXY protocol header ---- */

/* The address and port in *SS as "addr port", or "unspec". */
static void show_sockaddr(const struct sockaddr_storage *ss, char *buf, size_t size)
{
    char a[INET6_ADDRSTRLEN];
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
        inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a));
        snprintf(buf, size, "%s %u", a, (unsigned)ntohs(sin->sin_port));
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;
        inet_ntop(AF_INET6, &sin6->sin6_addr, a, sizeof(a));
        snprintf(buf, size, "%s %u", a, (unsigned)ntohs(sin6->sin6_port));
    } else if (ss->ss_family == AF_UNSPEC) {
        snprintf(buf, size, "unspec");
    } else {
        snprintf(buf, size, "family %d", (int)ss->ss_family);
    }
}

/* Every proper prefix of BUF[0..LEN) that is itself at least MIN bytes asks for more. */
static void assert_prefixes_wait(const unsigned char *buf, size_t len, size_t min)
{
    struct sockaddr_storage ss;
    size_t k;
    for (k = min; k < len; k++) {
        int rc = proxy_header_parse(buf, k, &ss);
        if (rc != 0)
            fail_msg("prefix of %zu bytes (of %zu): %d, want 0", k, len, rc);
    }
}

static void test_proxy_v1(void **state)
{
    static const struct {
        const char *text;
        int rc;           /* > 0: the header's length */
        const char *want; /* show_sockaddr() of the result */
    } cases[] = {
        {"PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.1\r\n", 47,
         "192.168.0.1 56324"},
        {"PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n", 56, "255.255.255.255 65535"},
        {"PROXY TCP4 0.0.0.0 1.2.3.4 0 0\r\n", 32, "0.0.0.0 0"},
        {"PROXY TCP6 2001:db8::1 2001:db8::2 40000 80\r\nGET", 45, "2001:db8::1 40000"},
        {"PROXY TCP6 ::ffff:10.1.2.3 ::1 1 2\r\n", 36, "::ffff:10.1.2.3 1"},
        {"PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
         "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n",
         104, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535"},
        {"PROXY UNKNOWN\r\n", 15, "unspec"},
        {"PROXY UNKNOWN\r\nGET / HTTP/1.1", 15, "unspec"},
        {"PROXY UNKNOWN ffff:f...f:ffff whatever 1 2\r\n", 44, "unspec"},
        /* the 107-byte worst case */
        {"PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
         "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n",
         107, "unspec"},
        /* malformed */
        {"PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\n", -2, NULL}, /* lone LF */
        {"PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\r\n", -2, NULL},
        {"PROXY TCP4 192.168.0.1 192.168.0.11 56324\r\n", -2, NULL},      /* a port missing */
        {"PROXY TCP4 192.168.0.1 192.168.0.11 56324 443 \r\n", -2, NULL}, /* trailing space */
        {"PROXY TCP4  192.168.0.1 192.168.0.11 56324 443\r\n", -2, NULL}, /* two spaces */
        {"PROXY TCP4 192.168.0.1 192.168.0.11 56324 443 1\r\n", -2, NULL},
        {"PROXY TCP4 192.168.0.1 192.168.0.11 65536 443\r\n", -2, NULL},
        {"PROXY TCP4 192.168.0.1 192.168.0.11 56324 100000\r\n", -2, NULL},
        {"PROXY TCP4 192.168.0.1 192.168.0.11 056324 443\r\n", -2, NULL}, /* leading zero */
        {"PROXY TCP4 192.168.0.1 192.168.0.11 00 443\r\n", -2, NULL},
        {"PROXY TCP4 192.168.0.1 192.168.0.11 -1 443\r\n", -2, NULL},
        {"PROXY TCP4 192.168.0.1 192.168.0.11 +1 443\r\n", -2, NULL},
        {"PROXY TCP4 192.168.0.01 192.168.0.11 1 443\r\n", -2, NULL},
        {"PROXY TCP4 192.168.0.256 192.168.0.11 1 443\r\n", -2, NULL},
        {"PROXY TCP4 192.168.0 192.168.0.11 1 443\r\n", -2, NULL},
        {"PROXY TCP4 ::1 ::1 1 443\r\n", -2, NULL}, /* family mismatch */
        {"PROXY TCP6 1.2.3.4 1.2.3.4 1 443\r\n", -2, NULL},
        {"PROXY TCP6 ::1 1.2.3.4 1 443\r\n", -2, NULL},
        {"PROXY TCP6 fe80::1%eth0 ::1 1 443\r\n", -2, NULL},
        {"PROXY TCP6 [::1] ::1 1 443\r\n", -2, NULL},
        {"PROXY tcp4 1.2.3.4 1.2.3.4 1 443\r\n", -2, NULL}, /* the words are upper case */
        {"PROXY UDP4 1.2.3.4 1.2.3.4 1 443\r\n", -2, NULL},
        {"PROXY UNKNOWNX\r\n", -2, NULL},
        {"PROXY \r\n", -2, NULL},
        {"PROXY\r\n", -1, NULL}, /* "PROXY" without its space is no PROXY header */
        {"PROXY TCP4\r\n", -2, NULL},
        /* no CRLF within 107 bytes */
        {"PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
         "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 655351\r\n",
         -2, NULL},
        {"PROXY TCP4 1.2.3.4 1.2.3.4 1 2                                                  "
         "                                         ",
         -2, NULL},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const unsigned char *buf = (const unsigned char *)cases[i].text;
        size_t len = strlen(cases[i].text);
        struct sockaddr_storage ss;
        char shown[80];
        int rc;
        memset(&ss, 0xa5, sizeof(ss));
        rc = proxy_header_parse(buf, len, &ss);
        if (rc != cases[i].rc)
            fail_msg("case %zu \"%s\": %d, want %d", i, cases[i].text, rc, cases[i].rc);
        if (rc > 0) {
            show_sockaddr(&ss, shown, sizeof(shown));
            if (strcmp(shown, cases[i].want) != 0)
                fail_msg("case %zu \"%s\": %s, want %s", i, cases[i].text, shown, cases[i].want);
            /* every prefix short of the LF waits; NULL OUT is allowed */
            assert_prefixes_wait(buf, (size_t)rc, 1);
            assert_int_equal(proxy_header_parse(buf, (size_t)rc, NULL), rc);
        }
    }
}

static void test_proxy_not_a_header(void **state)
{
    static const struct {
        const char *text;
        size_t len;
        int rc;
    } cases[] = {
        {"G", 1, -1},
        {"GET / HTTP/1.1\r\n", 16, -1},
        {"\x16", 1, -1}, /* TLS ClientHello */
        {"\x16\x03\x01\x02\x00", 5, -1},
        {"p", 1, -1},
        {" ", 1, -1},
        {"\n", 1, -1},
        {"\0", 1, -1},
        {"PO", 2, -1},
        {"POST / HTTP/1.1\r\n", 17, -1},
        {"PU", 2, -1},
        {"PA", 2, -1},
        {"PROXX", 5, -1},
        {"PROXYX", 6, -1},
        {"\r\nGET / HTTP/1.1\r\n", 18, -1}, /* an empty line before the request */
        {"\r\n\r\n\0\r\nQUIX", 12, -1},
        {"\r\n\r\n\1", 5, -1},
        /* prefixes of a signature: more is needed */
        {"", 0, 0},
        {"P", 1, 0},
        {"PR", 2, 0},
        {"PROXY", 5, 0},
        {"PROXY ", 6, 0},
        {"PROXY TCP4 1.2.3.4", 18, 0},
        {"\r", 1, 0},
        {"\r\n", 2, 0},
        {"\r\n\r\n\0\r\nQUIT", 11, 0},
        {"\r\n\r\n\0\r\nQUIT\n", 12, 0},
        {"\r\n\r\n\0\r\nQUIT\n\x21", 13, 0},
        {"\r\n\r\n\0\r\nQUIT\n\x21\x11\x00", 15, 0},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sockaddr_storage ss;
        int rc = proxy_header_parse((const unsigned char *)cases[i].text, cases[i].len, &ss);
        if (rc != cases[i].rc)
            fail_msg("case %zu (%zu bytes): %d, want %d", i, cases[i].len, rc, cases[i].rc);
    }
}

/* A v2 header in BUF: signature, VER_CMD, FAM, length BODY_LEN and BODY (BODY_LEN bytes, or
** fewer when LEN is shorter: a truncated header); the bytes written. */
static size_t v2_build(unsigned char *buf, unsigned ver_cmd, unsigned fam, size_t body_len,
                       const unsigned char *body, size_t body_have)
{
    static const unsigned char sig[12] = {0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d,
                                          0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a};
    memcpy(buf, sig, 12);
    buf[12] = (unsigned char)ver_cmd;
    buf[13] = (unsigned char)fam;
    buf[14] = (unsigned char)(body_len >> 8);
    buf[15] = (unsigned char)(body_len & 0xff);
    if (body_have > 0)
        memcpy(buf + 16, body, body_have);
    return 16 + body_have;
}

static void test_proxy_v2(void **state)
{
    /* 203.0.113.7:51000 -> 10.0.0.2:8049 */
    static const unsigned char v4[12] = {203, 0, 113, 7, 10, 0, 0, 2, 0xc7, 0x38, 0x1f, 0x71};
    /* clang-format off */
    /* the same, then TLVs: ALPN "h2", NOOP (3 bytes), AWS's 0xea (VPC endpoint "vpce") */
    static const unsigned char v4t[12 + 19] = {
        203, 0, 113, 7, 10, 0, 0, 2, 0xc7, 0x38, 0x1f, 0x71,
        1, 0, 2, 'h', '2',
        4, 0, 3, 0, 0, 0,
        0xea, 0, 5, 1, 'v', 'p', 'c', 'e'};
    /* 2001:db8::7:443 -> 2001:db8::1:8049, then the same TLVs */
    static const unsigned char v6[36 + 19] = {
        0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7,
        0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
        0x01, 0xbb, 0x1f, 0x71,
        1, 0, 2, 'h', '2',
        4, 0, 3, 0, 0, 0,
        0xea, 0, 5, 1, 'v', 'p', 'c', 'e'};
    /* clang-format on */
    static unsigned char big[600];
    static const struct {
        const char *name;
        unsigned ver_cmd, fam;
        size_t body_len;
        const unsigned char *body;
        size_t have;
        int rc;
        const char *want;
    } cases[] = {
        {"TCP4", 0x21, 0x11, 12, v4, 12, 28, "203.0.113.7 51000"},
        {"TCP4 + TLVs", 0x21, 0x11, sizeof(v4t), v4t, sizeof(v4t), 16 + (int)sizeof(v4t),
         "203.0.113.7 51000"},
        {"TCP6 + TLVs", 0x21, 0x21, sizeof(v6), v6, sizeof(v6), 16 + (int)sizeof(v6),
         "2001:db8::7 443"},
        {"TCP6 bare", 0x21, 0x21, 36, v6, 36, 52, "2001:db8::7 443"},
        {"LOCAL, no address", 0x20, 0x00, 0, NULL, 0, 16, "unspec"},
        {"LOCAL with an address", 0x20, 0x11, 12, v4, 12, 28, "unspec"},
        {"LOCAL, short address ignored", 0x20, 0x21, 12, v4, 12, 28, "unspec"},
        {"PROXY UNSPEC", 0x21, 0x00, 0, NULL, 0, 16, "unspec"},
        {"PROXY UNSPEC with bytes", 0x21, 0x00, 12, v4, 12, 28, "unspec"},
        {"UDP4", 0x21, 0x12, 12, v4, 12, 28, "unspec"},
        {"UNIX stream", 0x21, 0x31, 216, big, 216, 232, "unspec"},
        {"INET, UNSPEC transport", 0x21, 0x10, 0, NULL, 0, 16, "unspec"},
        {"largest length", 0x21, 0x11, PROXY_V2_MAX, big, PROXY_V2_MAX, PROXY_HEADER_MAX,
         "0.0.0.0 0"},
        /* truncated: more is needed */
        {"TCP4 truncated", 0x21, 0x11, 12, v4, 11, 0, NULL},
        {"TCP6 truncated", 0x21, 0x21, sizeof(v6), v6, sizeof(v6) - 1, 0, NULL},
        {"fixed part only", 0x21, 0x11, 12, v4, 0, 0, NULL},
        {"largest length truncated", 0x21, 0x11, PROXY_V2_MAX, big, PROXY_V2_MAX - 1, 0, NULL},
        /* malformed */
        {"version 1", 0x11, 0x11, 12, v4, 12, -2, NULL},
        {"version 3", 0x31, 0x11, 12, v4, 12, -2, NULL},
        {"version 0", 0x01, 0x11, 12, v4, 12, -2, NULL},
        {"command 2", 0x22, 0x11, 12, v4, 12, -2, NULL},
        {"command 15", 0x2f, 0x11, 12, v4, 12, -2, NULL},
        {"family 4", 0x21, 0x41, 12, v4, 12, -2, NULL},
        {"transport 3", 0x21, 0x13, 12, v4, 12, -2, NULL},
        {"TCP4 short", 0x21, 0x11, 11, v4, 11, -2, NULL},
        {"TCP6 short", 0x21, 0x21, 35, v6, 35, -2, NULL},
        {"UDP6 short", 0x21, 0x22, 12, v4, 12, -2, NULL},
        {"UNIX short", 0x21, 0x31, 215, big, 215, -2, NULL},
        {"over-long", 0x21, 0x11, PROXY_V2_MAX + 1, big, PROXY_V2_MAX + 1, -2, NULL},
        {"over-long, fixed part only", 0x21, 0x11, 0xffff, NULL, 0, -2, NULL},
        {"LOCAL over-long", 0x20, 0x00, PROXY_V2_MAX + 1, NULL, 0, -2, NULL},
    };
    unsigned char buf[16 + 600 + 8];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sockaddr_storage ss;
        char shown[80];
        size_t len;
        int rc;
        if (cases[i].body == big)
            memset(big, 0, sizeof(big));
        len = v2_build(buf, cases[i].ver_cmd, cases[i].fam, cases[i].body_len, cases[i].body,
                       cases[i].have);
        memset(&ss, 0xa5, sizeof(ss));
        if (cases[i].rc == 0) { /* truncated: only LEN bytes have arrived */
            rc = proxy_header_parse(buf, len, &ss);
        } else { /* what follows the header is not part of it */
            memcpy(buf + len, "GET / ", 6);
            rc = proxy_header_parse(buf, len + 6, &ss);
        }
        if (rc != cases[i].rc)
            fail_msg("%s: %d, want %d", cases[i].name, rc, cases[i].rc);
        if (rc > 0) {
            show_sockaddr(&ss, shown, sizeof(shown));
            if (strcmp(shown, cases[i].want) != 0)
                fail_msg("%s: %s, want %s", cases[i].name, shown, cases[i].want);
            assert_prefixes_wait(buf, (size_t)rc, 0);
            assert_int_equal(proxy_header_parse(buf, (size_t)rc, NULL), rc);
        }
    }
}

/* A v1 line is bytes, not a C string: a NUL inside a field is refused, not a field's end. */
static void test_proxy_v1_nul_inside(void **state)
{
    static const char line[] = "PROXY TCP4 1.2.3.4\0x 5.6.7.8 1 2\r\n";
    static const char unknown[] = "PROXY UNKNOWN \0\r\n";
    struct sockaddr_storage ss;
    (void)state;
    assert_int_equal(proxy_header_parse((const unsigned char *)line, sizeof(line) - 1, &ss), -2);
    assert_int_equal(proxy_header_parse((const unsigned char *)unknown, sizeof(unknown) - 1, &ss),
                     17);
    assert_int_equal(ss.ss_family, AF_UNSPEC);
}

/* v2's fixed-part checks happen as the bytes arrive: version at 13, family at 14, length 16. */
static void test_proxy_v2_decides_early(void **state)
{
    unsigned char buf[16];
    struct sockaddr_storage ss;
    (void)state;
    v2_build(buf, 0x11, 0x11, 12, NULL, 0);
    assert_int_equal(proxy_header_parse(buf, 12, &ss), 0);
    assert_int_equal(proxy_header_parse(buf, 13, &ss), -2);
    v2_build(buf, 0x21, 0x51, 12, NULL, 0);
    assert_int_equal(proxy_header_parse(buf, 13, &ss), 0);
    assert_int_equal(proxy_header_parse(buf, 14, &ss), -2);
    v2_build(buf, 0x21, 0x11, PROXY_V2_MAX + 1, NULL, 0);
    assert_int_equal(proxy_header_parse(buf, 15, &ss), 0);
    assert_int_equal(proxy_header_parse(buf, 16, &ss), -2);
}

/* With PROXY_HEADER_MAX bytes in hand the answer is never "more": the caller's peek size. */
static void test_proxy_header_max_decides(void **state)
{
    unsigned char buf[PROXY_HEADER_MAX];
    struct sockaddr_storage ss;
    (void)state;
    memset(buf, ' ', sizeof(buf));
    memcpy(buf, "PROXY UNKNOWN", 13);
    assert_int_equal(proxy_header_parse(buf, PROXY_V1_MAX - 1, &ss), 0);
    assert_int_equal(proxy_header_parse(buf, PROXY_V1_MAX, &ss), -2);
    assert_int_equal(proxy_header_parse(buf, sizeof(buf), &ss), -2);
    memset(buf, 0, sizeof(buf));
    v2_build(buf, 0x21, 0x11, PROXY_V2_MAX, NULL, 0);
    assert_int_equal(proxy_header_parse(buf, sizeof(buf) - 1, &ss), 0);
    assert_int_equal(proxy_header_parse(buf, sizeof(buf), &ss), PROXY_HEADER_MAX);
}

/* ---- X-Forwarded-For ---- */

static void test_proxy_forwarded_for(void **state)
{
    static const struct {
        const char *name;
        const char *lines[4];
        size_t n;
        int rc;
        const char *want;
    } cases[] = {
        {"single", {"203.0.113.7"}, 1, 0, "203.0.113.7"},
        {"single v6", {"2001:DB8::7"}, 1, 0, "2001:db8::7"},
        {"chain, last hop untrusted", {"203.0.113.7, 198.51.100.2"}, 1, 0, "198.51.100.2"},
        {"chain with trusted hops", {"203.0.113.7, 10.0.0.5, 10.1.1.1"}, 1, 0, "203.0.113.7"},
        {"spoofed left entry ignored", {"1.1.1.1, 203.0.113.7, 10.0.0.5"}, 1, 0, "203.0.113.7"},
        {"garbage left of the answer", {"garbage, 203.0.113.7, 10.0.0.5"}, 1, 0, "203.0.113.7"},
        {"multiple lines", {"203.0.113.7, 10.0.0.9", "10.0.0.5"}, 2, 0, "203.0.113.7"},
        {"multiple lines, last untrusted", {"203.0.113.7", "198.51.100.2"}, 2, 0, "198.51.100.2"},
        {"no spaces", {"203.0.113.7,10.0.0.5"}, 1, 0, "203.0.113.7"},
        {"spaces and tabs", {"  203.0.113.7 \t,\t 10.0.0.5  "}, 1, 0, "203.0.113.7"},
        {"v4 port", {"203.0.113.7:5678, 10.0.0.5:80"}, 1, 0, "203.0.113.7"},
        {"v6 brackets", {"[2001:db8::7]"}, 1, 0, "2001:db8::7"},
        {"v6 brackets and port", {"[2001:db8::7]:443, [::1]:80"}, 1, 0, "2001:db8::7"},
        {"v6 bare trusted", {"2001:db8::7, ::1, fd00::1"}, 1, 0, "2001:db8::7"},
        {"mapped v4 trusted", {"203.0.113.7, ::ffff:10.0.0.5"}, 1, 0, "203.0.113.7"},
        {"mapped v4 answer kept", {"::FFFF:203.0.113.7"}, 1, 0, "::ffff:203.0.113.7"},
        {"empty entries skipped", {"203.0.113.7, , 10.0.0.5,"}, 1, 0, "203.0.113.7"},
        {"NULL line skipped", {"203.0.113.7", NULL}, 2, 0, "203.0.113.7"},
        {"empty line skipped", {"203.0.113.7", ""}, 2, 0, "203.0.113.7"},
        {"port 0 and 65535", {"203.0.113.7:65535, 10.0.0.1:0"}, 1, 0, "203.0.113.7"},
        /* none */
        {"no header", {NULL}, 0, -1, NULL},
        {"empty", {""}, 1, -1, NULL},
        {"only commas", {" , ,"}, 1, -1, NULL},
        {"all trusted", {"10.0.0.1, 10.0.0.2", "::1"}, 2, -1, NULL},
        {"unknown", {"unknown"}, 1, -1, NULL},
        {"unknown stops the walk", {"203.0.113.7, unknown, 10.0.0.5"}, 1, -1, NULL},
        {"garbage in a later line", {"203.0.113.7", "10.0.0.5 x"}, 2, -1, NULL},
        {"obfuscated", {"_hidden"}, 1, -1, NULL},
        {"zone", {"fe80::1%eth0"}, 1, -1, NULL},
        {"v4 in brackets", {"[203.0.113.7]"}, 1, -1, NULL},
        {"unclosed bracket", {"[2001:db8::7"}, 1, -1, NULL},
        {"bracket junk", {"[2001:db8::7]x"}, 1, -1, NULL},
        {"empty port", {"203.0.113.7:"}, 1, -1, NULL},
        {"port too big", {"203.0.113.7:65536"}, 1, -1, NULL},
        {"port not a number", {"203.0.113.7:http"}, 1, -1, NULL},
        {"two ports", {"203.0.113.7:80:80"}, 1, -1, NULL},
        {"leading zero v4", {"203.0.113.07"}, 1, -1, NULL},
        {"quoted", {"\"203.0.113.7\""}, 1, -1, NULL},
        {"Forwarded syntax", {"for=203.0.113.7"}, 1, -1, NULL},
        {"inner space", {"203.0. 113.7"}, 1, -1, NULL},
        {"too long", {"2001:0db8:0000:0000:0000:0000:0000:0007:0000:0000:0000"}, 1, -1, NULL},
    };
    struct proxy_set set;
    char out[INET6_ADDRSTRLEN];
    size_t i;
    (void)state;
    trusted_set(&set);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int rc;
        memset(out, 'x', sizeof(out));
        rc = proxy_forwarded_for(&set, cases[i].lines, cases[i].n, out, sizeof(out));
        if (rc != cases[i].rc)
            fail_msg("%s: %d, want %d", cases[i].name, rc, cases[i].rc);
        if (rc == 0 && strcmp(out, cases[i].want) != 0)
            fail_msg("%s: \"%s\", want \"%s\"", cases[i].name, out, cases[i].want);
    }
}

static void test_proxy_forwarded_for_edges(void **state)
{
    const char *const one[] = {"10.0.0.5, 203.0.113.7"};
    const char *const trusted_only[] = {"10.0.0.5"};
    struct proxy_set set;
    char out[INET6_ADDRSTRLEN], small[INET6_ADDRSTRLEN - 1];
    (void)state;
    trusted_set(&set);
    /* no set: the rightmost entry, trusted or not */
    assert_int_equal(proxy_forwarded_for(NULL, trusted_only, 1, out, sizeof(out)), 0);
    assert_string_equal(out, "10.0.0.5");
    assert_int_equal(proxy_forwarded_for(&set, one, 1, out, sizeof(out)), 0);
    assert_string_equal(out, "203.0.113.7");
    /* an output buffer too small for any IPv6 address is refused outright */
    assert_int_equal(proxy_forwarded_for(&set, one, 1, small, sizeof(small)), -1);
    assert_int_equal(proxy_forwarded_for(&set, one, 1, NULL, 64), -1);
    assert_int_equal(proxy_forwarded_for(&set, NULL, 1, out, sizeof(out)), -1);
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_proxy_cidr_parse),
        cmocka_unit_test(test_proxy_set_add_until_full),
        cmocka_unit_test(test_proxy_trusted),
        cmocka_unit_test(test_proxy_trusted_text_forms),
        cmocka_unit_test(test_proxy_v1),
        cmocka_unit_test(test_proxy_v1_nul_inside),
        cmocka_unit_test(test_proxy_not_a_header),
        cmocka_unit_test(test_proxy_v2),
        cmocka_unit_test(test_proxy_v2_decides_early),
        cmocka_unit_test(test_proxy_header_max_decides),
        cmocka_unit_test(test_proxy_forwarded_for),
        cmocka_unit_test(test_proxy_forwarded_for_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
