/* util.h -- xmalloc/xstrdup (abort on OOM), request ids (libuuid), time and text helpers. */
#ifndef SRV_UTIL_H
#define SRV_UTIL_H

#include <stddef.h>

/* Allocate or die: catalogd's own small allocations abort on OOM (Redis, git). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
/* realloc() that aborts on OOM; N 0 is taken as 1 (never frees). */
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Write a new lower-case UUID string into OUT (37 bytes). */
void util_uuid(char out[37]);

/* Wall-clock time (CLOCK_REALTIME): seconds since the epoch at the clock's full resolution,
** for timestamps such as CreateTime.  It jumps when the clock is set: never time with it. */
double util_now(void);

/* CLOCK_MONOTONIC in seconds (arbitrary origin) at the clock's full (nanosecond) resolution,
** for durations: util_monotonic() - start.  Never goes back. */
double util_monotonic(void);

/* Lower-case S (UTF-8) into a new string, as Glue folds database and table names:
** every letter, not only ASCII (C.UTF-8 locale's towlower).  The caller frees it. */
char *util_lower(const char *s);
/* Is S all ASCII without upper-case letters, i.e. its own util_lower()? */
int util_is_lower_ascii(const char *s);

/* Hex-encode N bytes of IN into a new NUL-terminated string; the caller frees it. */
char *util_hex_encode(const void *in, size_t n);
/* The value of hex digit C (either case), or -1. */
int util_hexval(int c);
/* Decode hex string IN into a new NUL-terminated buffer (*OUT, length *N).
** Returns 0, or -1 when IN is not an even-length hex string (then *OUT is NULL). */
int util_hex_decode(const char *in, char **out, size_t *n);

/* Whether the N bytes at S equal the lower-case word W, ignoring ASCII case ("DATE" ~ "date"). */
int util_word_eq(const char *s, size_t n, const char *w);

/* 64-bit FNV-1a of S (NULL hashes like ""): binds a page token to a query without storing it. */
unsigned long long util_fnv1a(const char *s);
/* The same over the N bytes at P (NULs included): the caches' keys. */
unsigned long long util_fnv1a_n(const void *p, size_t n);

/* A growable text buffer (aborts on OOM like xmalloc).  Start zeroed; free(b.p) at the end. */
struct sbuf {
    char *p;
    size_t len, cap;
};
void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
/* Decode the UTF-8 code point at S[*I] (LEN bytes in all) and advance *I past it: the code
** point, or -1 for malformed UTF-8 (overlong, surrogate, truncated, past U+10FFFF). */
long util_utf8_decode(const unsigned char *s, size_t len, size_t *i);
/* Append code point C (below 0x110000) encoded in UTF-8. */
void sbuf_add_utf8(struct sbuf *b, unsigned long c);
/* Append S (NUL-terminated UTF-8) as a JSON string literal, quotes included. */
void sbuf_add_json_string(struct sbuf *b, const char *s);
/* Bound B's text: when it holds more than KEEP bytes, cut it to at most KEEP, between UTF-8
** characters, and end it in "..." (so it holds at most KEEP + 3 bytes). */
void sbuf_clip(struct sbuf *b, size_t keep);

#endif
