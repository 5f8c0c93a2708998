/* oauth.c -- short-lived bearer tokens for OAuth client credentials (the Iceberg front's
** /v1/oauth/tokens): issued and verified with HMAC-SHA256 (nettle) keyed by the principal's
** secret, so that no state is kept and any catalogd with the same auth file accepts them. */
#include "auth/auth.h"

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

int auth_token_renew(const struct auth_principal *who, long long now, char **token,
                     struct srv_error *err)
{
    struct sbuf b = {0};
    char mac[MAC_HEX + 1], num[32];
    *token = NULL;
    if (who == NULL || who->access_key_id == NULL || who->secret == NULL)
        return srv_error_set(err, CAT_EAUTH,
                             "Tokens are issued only to principals with an access key.");
    snprintf(num, sizeof(num), "%lld", now + AUTH_TOKEN_TTL);
    sbuf_adds(&b, AUTH_TOKEN_PREFIX);
    sbuf_adds(&b, who->access_key_id);
    sbuf_adds(&b, ".");
    sbuf_adds(&b, num);
    token_mac(who->secret, b.p, b.len, mac);
    sbuf_adds(&b, ".");
    sbuf_adds(&b, mac);
    *token = b.p;
    return CAT_OK;
}

int auth_token_issue(const struct auth_set *a, const char *client_id, const char *client_secret,
                     long long now, char **token, struct srv_error *err)
{
    const struct auth_principal *p = client_id ? auth_by_key(a, client_id) : NULL;
    size_t n = client_secret ? strlen(client_secret) : 0;
    /* the secret is compared in constant time for its length; an unknown id costs the same */
    int ok =
        p && p->secret && strlen(p->secret) == n && nettle_memeql_sec(p->secret, client_secret, n);
    *token = NULL;
    if (!ok)
        return srv_error_set(err, CAT_EAUTH, "The client id or secret is not valid.");
    return auth_token_renew(p, now, token, err);
}

int auth_token_verify(const struct auth_set *a, const char *token, size_t n, long long now,
                      const struct auth_principal **who, struct srv_error *err)
{
    size_t plen = strlen(AUTH_TOKEN_PREFIX), i, dot_mac, dot_exp;
    const struct auth_principal *p;
    char mac[MAC_HEX + 1], *akid;
    long long expiry = 0;
    *who = NULL;
    /* "ct1." AKID "." EXPIRY "." MAC: from the right, since an access key id may hold dots */
    if (n < plen + MAC_HEX + 4 || strncmp(token, AUTH_TOKEN_PREFIX, plen) != 0 ||
        token[n - MAC_HEX - 1] != '.')
        return srv_error_set(err, CAT_EAUTH, "The bearer token is not valid.");
    dot_mac = n - MAC_HEX - 1;
    for (dot_exp = dot_mac; dot_exp > plen && token[dot_exp - 1] != '.'; dot_exp--)
        ;
    if (dot_exp <= plen + 1 || dot_mac - dot_exp == 0 || dot_mac - dot_exp > MAX_EXPIRY_DIGITS)
        return srv_error_set(err, CAT_EAUTH, "The bearer token is not valid.");
    for (i = dot_exp; i < dot_mac; i++) {
        if (token[i] < '0' || token[i] > '9')
            return srv_error_set(err, CAT_EAUTH, "The bearer token is not valid.");
        expiry = expiry * 10 + (token[i] - '0');
    }
    akid = xmalloc(dot_exp - plen); /* the id between the prefix and the expiry's dot */
    memcpy(akid, token + plen, dot_exp - 1 - plen);
    akid[dot_exp - 1 - plen] = '\0';
    p = auth_by_key(a, akid);
    free(akid);
    if (p == NULL || p->secret == NULL)
        return srv_error_set(err, CAT_EAUTH, "The bearer token is not valid.");
    token_mac(p->secret, token, dot_mac, mac);
    if (!nettle_memeql_sec(mac, token + dot_mac + 1, MAC_HEX))
        return srv_error_set(err, CAT_EAUTH, "The bearer token is not valid.");
    if (expiry <= now)
        return srv_error_set(err, CAT_EEXPIRED,
                             "The bearer token has expired: get a new one from /v1/oauth/tokens.");
    *who = p;
    return CAT_OK;
}
