/* oauth.h -- the text of catalogd's short-lived bearer tokens, made and checked with no lookup:
** "ct1.<access key id>.<expiry, Unix seconds>.<hex HMAC-SHA256 of everything before the last dot,
** keyed by the principal's secret access key>" (nettle).  auth.c finds the principal. */
#ifndef SRV_OAUTH_H
#define SRV_OAUTH_H

#include <stddef.h>

#define OAUTH_TOKEN_PREFIX "ct1."

/* The token of ACCESS_KEY_ID valid until EXPIRY, MAC'd under SECRET (malloc'd). */
char *oauth_token_make(const char *access_key_id, const char *secret, long long expiry);
/* Read TOKEN (N bytes): 0 with *ACCESS_KEY_ID (malloc'd) and *EXPIRY, or -1 when it does not
** have a token's shape (nothing allocated). */
int oauth_token_read(const char *token, size_t n, char **access_key_id, long long *expiry);
/* Whether TOKEN's (N bytes, read by oauth_token_read()) MAC is SECRET's, compared in constant
** time. */
int oauth_token_signed_by(const char *token, size_t n, const char *secret);
/* Whether GIVEN is SECRET, compared in constant time for its length (either may be NULL: no). */
int oauth_secret_is(const char *secret, const char *given);

#endif
