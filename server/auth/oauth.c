/* oauth.c -- catalogd's bearer tokens as text: made, read and their HMAC-SHA256 checked (nettle),
** with no lookup, so that no state is kept and any catalogd with the same auth file accepts them.
*/
#include "auth/oauth.h"

#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define MAC_HEX (2 * SHA256_DIGEST_SIZE)
#define MAX_EXPIRY_DIGITS 18

/* The hex MAC of the N bytes of BODY ("ct1.<akid>.<expiry>") under SECRET, into OUT. */
static void token_mac(const char *secret, const char *body, size_t n, char out[MAC_HEX + 1])
{
    struct hmac_sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    char *hex;
    hmac_sha256_set_key(&ctx, strlen(secret), (const uint8_t *)secret);
    hmac_sha256_update(&ctx, n, (const uint8_t *)body);
    hmac_sha256_digest(&ctx, sizeof(d), d);
    hex = util_hex_encode(d, sizeof(d));
    memcpy(out, hex, MAC_HEX + 1);
    free(hex);
}

char *oauth_token_make(const char *access_key_id, const char *secret, long long expiry)
{
    struct sbuf b = {0};
    char mac[MAC_HEX + 1], num[32];
    snprintf(num, sizeof(num), "%lld", expiry);
    sbuf_adds(&b, OAUTH_TOKEN_PREFIX);
    sbuf_adds(&b, access_key_id);
    sbuf_adds(&b, ".");
    sbuf_adds(&b, num);
    token_mac(secret, b.p, b.len, mac);
    sbuf_adds(&b, ".");
    sbuf_adds(&b, mac);
    return b.p;
}

int oauth_token_read(const char *token, size_t n, char **access_key_id, long long *expiry)
{
    size_t plen = strlen(OAUTH_TOKEN_PREFIX), i, dot_mac, dot_exp;
    *access_key_id = NULL;
    *expiry = 0;
    /* "ct1." AKID "." EXPIRY "." MAC: from the right, since an access key id may hold dots */
    if (n < plen + MAC_HEX + 4 || strncmp(token, OAUTH_TOKEN_PREFIX, plen) != 0 ||
        token[n - MAC_HEX - 1] != '.')
        return -1;
    dot_mac = n - MAC_HEX - 1;
    for (dot_exp = dot_mac; dot_exp > plen && token[dot_exp - 1] != '.'; dot_exp--)
        ;
    if (dot_exp <= plen + 1 || dot_mac - dot_exp == 0 || dot_mac - dot_exp > MAX_EXPIRY_DIGITS)
        return -1;
    for (i = dot_exp; i < dot_mac; i++) {
        if (token[i] < '0' || token[i] > '9')
            return -1;
        *expiry = *expiry * 10 + (token[i] - '0');
    }
    *access_key_id = xmalloc(dot_exp - plen); /* between the prefix and the expiry's dot */
    memcpy(*access_key_id, token + plen, dot_exp - 1 - plen);
    (*access_key_id)[dot_exp - 1 - plen] = '\0';
    return 0;
}

int oauth_token_signed_by(const char *token, size_t n, const char *secret)
{
    char mac[MAC_HEX + 1];
    if (secret == NULL || n < MAC_HEX + 1)
        return 0;
    token_mac(secret, token, n - MAC_HEX - 1, mac);
    return nettle_memeql_sec(mac, token + n - MAC_HEX, MAC_HEX) != 0;
}

int oauth_secret_is(const char *secret, const char *given)
{
    size_t n = given ? strlen(given) : 0;
    return secret && given && strlen(secret) == n && nettle_memeql_sec(secret, given, n);
}
