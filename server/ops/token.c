/* token.c -- pagination tokens: opaque, authenticated, bound to the listing they came from.
**
** The plain text is "v2\nKIND\nSCOPE\nKEY".  Names cannot hold a newline (the model's
** single-line pattern), so the fields split unambiguously.  The token is the hex of
** TAG || CT, where TAG = HMAC-SHA256(mac key, plain text) and CT = AES-256-CTR(enc key, IV =
** the first 16 bytes of TAG, plain text) (a synthetic IV: equal positions give equal tokens,
** and nothing else is learnt).  Both keys are derived from the deployment's key with
** HMAC-SHA256.  Tokens are keyset cursors: the listing resumes after KEY, so pages neither
** repeat nor skip entries when others are added or removed in between. */
#include "ops/token.h"

#include <nettle/aes.h>
#include <nettle/ctr.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "base/util.h"
#include "store/store.h"

#define TAG 32

static struct {
    unsigned char mac[SHA256_DIGEST_SIZE], enc[SHA256_DIGEST_SIZE];
    int set;
} keys;
static pthread_once_t defaulted = PTHREAD_ONCE_INIT;

/* HMAC-SHA256(KEY, LABEL) into OUT. */
static void derive(const unsigned char *key, const char *label, unsigned char *out)
{
    struct hmac_sha256_ctx h;
    hmac_sha256_set_key(&h, TOKEN_KEY_BYTES, key);
    hmac_sha256_update(&h, strlen(label), (const uint8_t *)label);
    hmac_sha256_digest(&h, SHA256_DIGEST_SIZE, out);
}

void token_set_key(const unsigned char key[TOKEN_KEY_BYTES])
{
    derive(key, "catalogd page token mac", keys.mac);
    derive(key, "catalogd page token enc", keys.enc);
    keys.set = 1;
}

static void default_key(void)
{
    unsigned char k[TOKEN_KEY_BYTES];
    char id[37];
    size_t i;
    if (keys.set)
        return;
    if (getrandom(k, sizeof(k), 0) != (ssize_t)sizeof(k))
        for (i = 0; i < sizeof(k); i += 16) { /* no getrandom: libuuid's sources */
            util_uuid(id);
            memcpy(k + i, id, 16);
        }
    token_set_key(k);
}

int token_load_key(struct store_pool *pool, struct srv_error *err)
{
    struct store *st = store_acquire(pool, err);
    char *hex = NULL, *raw = NULL;
    size_t n = 0;
    int rc;
    if (st == NULL)
        return err->code;
    rc = store_token_key(st, &hex, err);
    store_return(pool, st);
    if (rc != CAT_OK)
        return rc;
    if (util_hex_decode(hex, &raw, &n) != 0 || n < TOKEN_KEY_BYTES)
        rc = srv_error_set(err, CAT_EINTERNAL, "The stored page token key is not %d bytes of hex.",
                           TOKEN_KEY_BYTES);
    else
        token_set_key((const unsigned char *)raw);
    if (raw)
        memset(raw, 0, n);
    free(raw);
    free(hex);
    return rc;
}

/* TAG of PLAIN (N bytes) and PLAIN encrypted in place (CTR: the same call decrypts, given TAG). */
static void seal(unsigned char *plain, size_t n, unsigned char tag[TAG], int decrypt)
{
    struct hmac_sha256_ctx h;
    struct aes256_ctx aes;
    uint8_t ctr[AES_BLOCK_SIZE];
    if (!decrypt) {
        hmac_sha256_set_key(&h, sizeof(keys.mac), keys.mac);
        hmac_sha256_update(&h, n, plain);
        hmac_sha256_digest(&h, TAG, tag);
    }
    memcpy(ctr, tag, AES_BLOCK_SIZE);
    aes256_set_encrypt_key(&aes, keys.enc);
    ctr_crypt(&aes, (nettle_cipher_func *)aes256_encrypt, AES_BLOCK_SIZE, ctr, n, plain, plain);
}

char *token_make(const char *kind, const char *scope, const char *key)
{
    size_t n = strlen(kind) + strlen(scope) + strlen(key) + 6, len;
    unsigned char *raw;
    char *tok;
    pthread_once(&defaulted, default_key);
    raw = xmalloc(TAG + n);
    snprintf((char *)raw + TAG, n, "v2\n%s\n%s\n%s", kind, scope, key);
    len = strlen((char *)raw + TAG);
    seal(raw + TAG, len, raw, 0);
    tok = util_hex_encode(raw, TAG + len);
    free(raw);
    return tok;
}

int token_parse(const char *token, const char *kind, const char *scope, char **key,
                struct srv_error *err)
{
    struct hmac_sha256_ctx h;
    unsigned char want[TAG];
    char *raw = NULL, *p;
    size_t n = 0, kl = strlen(kind), sl = strlen(scope);
    *key = NULL;
    pthread_once(&defaulted, default_key);
    /* the canonical (lower-case) hex only: one token per position, so an upper-cased digit is
    ** a different, refused token rather than the same one */
    if (token[strspn(token, "0123456789abcdef")] != '\0' || util_hex_decode(token, &raw, &n) != 0 ||
        n < TAG)
        goto bad;
    p = raw + TAG;
    n -= TAG;
    seal((unsigned char *)p, n, (unsigned char *)raw, 1);
    hmac_sha256_set_key(&h, sizeof(keys.mac), keys.mac);
    hmac_sha256_update(&h, n, (const uint8_t *)p);
    hmac_sha256_digest(&h, TAG, want);
    if (!nettle_memeql_sec(want, raw, TAG) || memchr(p, '\0', n) != NULL ||
        n < 3 + kl + 1 + sl + 1 || memcmp(p, "v2\n", 3) != 0 || memcmp(p + 3, kind, kl) != 0 ||
        p[3 + kl] != '\n' || memcmp(p + 4 + kl, scope, sl) != 0 || p[4 + kl + sl] != '\n')
        goto bad;
    *key = xmalloc(n - (5 + kl + sl) + 1);
    memcpy(*key, p + 5 + kl + sl, n - (5 + kl + sl));
    (*key)[n - (5 + kl + sl)] = '\0';
    free(raw);
    return CAT_OK;
bad:
    free(raw);
    return srv_error_set(err, CAT_EINVAL, "Invalid NextToken.");
}
