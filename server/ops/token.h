/* token.h -- pagination tokens: opaque, authenticated, bound to the listing they came from. */
#ifndef SRV_TOKEN_H
#define SRV_TOKEN_H

#include <stddef.h>

#include "base/error.h"

struct store_pool;

#define TOKEN_KEY_BYTES 32

/* Sign and encrypt tokens with the deployment's key KEY (TOKEN_KEY_BYTES bytes): every
** catalogd over one store must use the same key for a token of one to be taken by another.
** Call before tokens are made or parsed on other threads.  Until it is called (unit tests,
** tools), a random key of this process is used. */
void token_set_key(const unsigned char key[TOKEN_KEY_BYTES]);
/* Read the deployment's key from the store of POOL (made at random by a migration, once per
** store: store_token_key()) and token_set_key() it.  CAT_OK, or the store's error. */
int token_load_key(struct store_pool *pool, struct srv_error *err);

/* A new token (caller frees) for listing KIND within SCOPE that resumes after KEY: lower-case
** hex of an HMAC-SHA256 tag and the AES-256-CTR encryption of the three, so a client can
** neither read KEY (which may name something it may not see) nor make a token of its own. */
char *token_make(const char *kind, const char *scope, const char *key);
/* Check TOKEN against KIND and SCOPE and return its key in *KEY (new string, caller
** frees).  A token from another listing, another deployment (key) or a forged or altered one
** is CAT_EINVAL "Invalid NextToken.". */
int token_parse(const char *token, const char *kind, const char *scope, char **key,
                struct srv_error *err);

#endif
