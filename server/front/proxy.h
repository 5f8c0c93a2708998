/* proxy.h -- trusted proxies: address ranges, the PROXY protocol header, X-Forwarded-For. */
#ifndef SRV_PROXY_H
#define SRV_PROXY_H

#include <stddef.h>

struct sockaddr;
struct sockaddr_storage;

/* Pure functions: no I/O, no globals, no allocation; safe from any thread. */

#define PROXY_MAX_CIDRS 32
/* A PROXY v1 line is at most this many bytes, its CRLF included (the spec's worst case). */
#define PROXY_V1_MAX 107
/* The largest v2 length field accepted (address block and TLVs after the 16-byte fixed part). */
#define PROXY_V2_MAX 512
/* The longest header proxy_header_parse() accepts (v2: 16 + PROXY_V2_MAX).  A caller that has
** PROXY_HEADER_MAX bytes (or more) in hand never gets 0 back: peek this many. */
#define PROXY_HEADER_MAX (16 + PROXY_V2_MAX)

/* An address range.  ADDR holds the network address (host bits cleared): 4 bytes for AF_INET,
** 16 for AF_INET6, zeros after.  IPv4 space is also ::ffff:0:0/96 in IPv6, so "::/0" or
** "::ffff:10.0.0.0/104" covers IPv4 peers too, and "10.0.0.0/8" covers ::ffff:10.x.y.z. */
struct proxy_cidr {
    int family; /* AF_INET or AF_INET6 */
    unsigned char addr[16];
    int bits;
};
struct proxy_set {
    struct proxy_cidr v[PROXY_MAX_CIDRS];
    size_t n;
};

/* Parse "10.0.0.0/8", "127.0.0.1" (= /32), "::1" (= /128), "fd00::/8" into *OUT.  0, or -1 on
** anything else: NULL, an address inet_pton() refuses (zones, spaces), bits not 1-3 decimal
** digits within 0..32 / 0..128, trailing garbage.  Host bits set ("10.1.2.3/8") are allowed
** and cleared. */
int proxy_cidr_parse(const char *text, struct proxy_cidr *out);
/* Add TEXT to SET: 0, -1 unparsable (or SET NULL), -2 set full (PROXY_MAX_CIDRS). */
int proxy_set_add(struct proxy_set *set, const char *text);
/* 1 when SA (AF_INET, AF_INET6; an IPv4-mapped IPv6 address ::ffff:a.b.c.d matches IPv4
** ranges) is in SET.  NULL SET, empty SET, NULL SA or another family: 0. */
int proxy_trusted(const struct proxy_set *set, const struct sockaddr *sa);
/* The same for an address given as text, in any form an X-Forwarded-For entry may take (see
** proxy_forwarded_for: surrounding spaces, "[v6]", ports).  Text that is no address: 0. */
int proxy_trusted_text(const struct proxy_set *set, const char *addr);

/* A PROXY protocol header (v1 text or v2 binary) at the start of BUF, LEN bytes of which have
** arrived so far.  Returns
**   > 0  the header's whole length in bytes (the caller consumes exactly that many); *OUT (when
**        OUT is not NULL) is the client's (source) address and port (sockaddr_in/sockaddr_in6,
**        network byte order), or all zeros with ss_family AF_UNSPEC when the header says
**        "PROXY UNKNOWN" (v1), LOCAL (v2), or a valid v2 family/transport other than TCP over
**        IPv4/IPv6 (UNSPEC, UDP, UNIX): the connection's own address is then used;
**     0  more bytes are needed to decide.  Only while BUF is a proper prefix of a PROXY header:
**        v1 ("PROXY ") until the CRLF, never once LEN >= PROXY_V1_MAX; v2 (12-byte signature)
**        while LEN < 16 or LEN < 16 + its length field, never once LEN >= PROXY_HEADER_MAX.
**        Never for LEN >= PROXY_HEADER_MAX at all.
**    -1  BUF does not start a PROXY header (plain HTTP, TLS): nothing to consume.  Decided at
**        the first byte that departs from both signatures: after 1 byte unless it is 'P' or
**        '\r' (so "GET ", TLS's 0x16), after 2 for "POST"/"PUT"/"PATCH"; "PROXY" followed by
**        anything but a space is -1 too.
**    -2  a PROXY header that is malformed: v1 without CRLF within PROXY_V1_MAX bytes, a lone
**        LF, an unknown protocol word, bad addresses (v4 with leading zeros, family mismatch),
**        ports out of 0..65535 or with leading zeros, extra or missing spaces; v2 with a
**        version other than 2, a command other than LOCAL/PROXY, a family above UNIX or a
**        transport above DGRAM, a length field above PROXY_V2_MAX or (PROXY command) shorter
**        than the family's address block.  v2 checks of bytes 13-16 happen as soon as those
**        bytes arrive.
** Whatever follows the addresses in a v2 header (TLVs) is skipped, not interpreted (the spec
** allows that; the CRC32C TLV is not checked).  The result only ever goes from 0 to a final
** value as LEN grows: a final value for a prefix is the value for every longer input. */
int proxy_header_parse(const unsigned char *buf, size_t len, struct sockaddr_storage *out);

/* The client's address from the X-Forwarded-For header lines VALUES[0..N-1] (in order
** received; each a comma-separated list; NULL lines are skipped), taken as the rightmost entry
** that is not in SET (entries are walked from the right; trusted ones are skipped).  An entry
** may carry spaces and tabs around it, IPv6 in brackets "[::1]", a port ("1.2.3.4:5678",
** "[::1]:80"; an unbracketed IPv6 address takes no port); empty entries (", ,") are skipped.
** An entry that is not an address ("unknown", "_hidden", a zone "%eth0", garbage) stops the
** walk: -1.  0 with the address, normalised by inet_ntop() ("::FFFF:1.2.3.4" ->
** "::ffff:1.2.3.4", no brackets, no port), as text in OUT (OUTLEN >= 46, INET6_ADDRSTRLEN);
** -1 when none (no header, empty, malformed, every entry trusted, OUTLEN too small). */
int proxy_forwarded_for(const struct proxy_set *set, const char *const *values, size_t n, char *out,
                        size_t outlen);

#endif
