/* fuzz_proxy.c -- libFuzzer target: proxy.c's PROXY protocol parser, X-Forwarded-For walk and
** address-range parser on arbitrary bytes.
**
** Aborts on: a header length outside 1..PROXY_HEADER_MAX or past the input, 0 ("more") for an
** input of PROXY_HEADER_MAX bytes, a prefix whose final answer differs from the whole input's
** (the answer may only go from 0 to final as bytes arrive), an address family other than
** AF_INET/AF_INET6/AF_UNSPEC; an X-Forwarded-For answer that is not NUL-terminated, not an
** address inet_pton() reads back, or a trusted one; a parsed range with bits out of bounds or
** host bits set.
*/
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "front/proxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_header(const uint8_t *data, size_t size)
{
    struct sockaddr_storage ss, ss2;
    size_t k;
    int rc = proxy_header_parse(data, size, &ss);
    if (rc < -2 || (size_t)(rc > 0 ? rc : 0) > size || rc > PROXY_HEADER_MAX)
        abort();
    if (rc == 0 && size >= PROXY_HEADER_MAX)
        abort();
    if (rc > 0 && ss.ss_family != AF_INET && ss.ss_family != AF_INET6 && ss.ss_family != AF_UNSPEC)
        abort();
    /* Every prefix answers 0 or the same final answer (and the same address). */
    for (k = 0; k < size && k <= PROXY_HEADER_MAX; k++) {
        int r = proxy_header_parse(data, k, &ss2);
        if (r == 0)
            continue;
        if (r != rc)
            abort();
        if (r > 0 && memcmp(&ss, &ss2, sizeof(ss)) != 0)
            abort();
    }
}

static void check_forwarded_for(const uint8_t *data, size_t size)
{
    static const char *const ranges[] = {"10.0.0.0/8", "::1", "fd00::/8", "192.168.0.0/16"};
    char text[4200], out[INET6_ADDRSTRLEN], *lines[8], *p;
    const char *values[8];
    unsigned char bin[16];
    struct proxy_set set;
    size_t i, n = 0;
    memset(&set, 0, sizeof(set));
    for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
        if (proxy_set_add(&set, ranges[i]) != 0)
            abort();
    if (size >= sizeof(text))
        size = sizeof(text) - 1;
    memcpy(text, data, size);
    text[size] = '\0';
    /* header lines separated by '\n' */
    for (p = text; n < 8;) {
        char *nl = strchr(p, '\n');
        lines[n++] = p;
        if (nl == NULL)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    for (i = 0; i < n; i++)
        values[i] = lines[i];
    if (proxy_forwarded_for(&set, values, n, out, sizeof(out)) == 0) {
        if (memchr(out, '\0', sizeof(out)) == NULL)
            abort();
        if (inet_pton(strchr(out, ':') ? AF_INET6 : AF_INET, out, bin) != 1)
            abort();
        if (proxy_trusted_text(&set, out))
            abort();
    }
    /* the first line as a range */
    {
        struct proxy_cidr c;
        if (proxy_cidr_parse(lines[0], &c) == 0) {
            int max = c.family == AF_INET ? 32 : 128, b;
            if ((c.family != AF_INET && c.family != AF_INET6) || c.bits < 0 || c.bits > max)
                abort();
            for (b = c.bits; b < 128; b++)
                if (c.addr[b / 8] & (0x80 >> (b % 8)))
                    abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_header(data, size);
    check_forwarded_for(data, size);
    return 0;
}
