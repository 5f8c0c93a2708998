/* sigv4.h -- AWS Signature Version 4 verification of Glue requests (HMAC/SHA-256: nettle). */
#ifndef SRV_SIGV4_H
#define SRV_SIGV4_H

#include <stddef.h>
#include <time.h>

#include "auth/auth.h"
#include "auth/request.h"

#define SIGV4_SKEW 900 /* seconds a request's date may be off the server's clock (15 min) */

/* The parts of an "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." header. */
struct sigv4_auth {
    char access_key[129];
    char date[9]; /* YYYYMMDD of the credential scope */
    char region[65];
    char service[65];
    char terminator[33]; /* aws4_request */
    char signed_headers[1025];
    char signature[65]; /* 64 lower-case hex digits */
};

/* Parse HEADER (an Authorization value).  CAT_OK with *OUT filled; CAT_EINCOMPLETESIG when a
** part is missing or malformed, CAT_EUNSIGNED when HEADER is NULL, with AWS's message in ERR.
** Never reads past HEADER's NUL; any input is safe (fuzzed by tests/fuzz/fuzz_sigv4.c). */
int sigv4_parse(const char *header, struct sigv4_auth *out, struct srv_error *err);

/* Verify the signature of the request INFO with body BODY/LEN, for service SERVICE ("glue"),
** at time NOW, against the principals of A, as AWS does: the canonical request (method, path,
** query, the signed headers, the payload hash, which must equal x-amz-content-sha256 when
** sent), the credential scope, the date within SIGV4_SKEW.  The host header must be signed,
** and so must each lower-case name of MUST_SIGN (NULL-terminated, or NULL): the headers that
** choose what the request does (the Glue front: x-amz-target, content-type), so that a
** signature of one request cannot be sent with another operation.  CAT_OK with *WHO set, or:
** CAT_EUNSIGNED (no Authorization), CAT_EINCOMPLETESIG (malformed), CAT_EAUTH (unknown key or
** a session token), CAT_ESIGNATURE (wrong signature, scope or date, a header not signed), with
** AWS's message.  Neither secrets, signatures nor the Authorization value reach ERR. */
int sigv4_verify(const struct auth_set *a, const struct http_info *info, const char *body,
                 size_t len, const char *service, const char *const *must_sign, time_t now,
                 const struct auth_principal **who, struct srv_error *err);

#endif
