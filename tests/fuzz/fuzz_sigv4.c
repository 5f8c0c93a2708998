/* fuzz_sigv4.c -- libFuzzer target: the SigV4 Authorization header parser, and verification of
** arbitrary headers against one principal (canonical request, dates, scope).
**
** Input: the Authorization header value; the first byte, when odd, also runs the verifier. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/sigv4.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct auth_store *store;

static void load(void)
{
    char path[] = "/tmp/fuzz_sigv4_XXXXXX";
    struct srv_error err;
    FILE *f = fdopen(mkstemp(path), "w");
    fputs("{\"principals\": [{\"name\": \"f\", \"access_key_id\": \"K\", "
          "\"secret_access_key\": \"s\", \"role\": \"reader\"}]}",
          f);
    fclose(f);
    srv_error_init(&err);
    if (auth_store_open(&store, path, &err) != CAT_OK)
        abort();
    remove(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sigv4_auth au;
    struct srv_error err;
    char *header = malloc(size + 1);
    if (store == NULL)
        load();
    memcpy(header, data, size);
    header[size] = '\0';
    srv_error_init(&err);
    sigv4_parse(header, &au, &err);
    if (size > 0 && (data[0] & 1)) {
        struct http_pair hs[3] = {
            {"Host", "h"}, {"X-Amz-Date", "20250101T000000Z"}, {"Authorization", header}};
        struct http_pair qs[2] = {{"a%zz", "%41+b"}, {"c", NULL}};
        struct http_info info = {"POST", "/x%2F y", qs, 2, hs, 3, "127.0.0.1", "id"};
        static const char *const must_sign[] = {"x-amz-target", "content-type", NULL};
        struct auth_set *a = auth_acquire(store);
        const struct auth_principal *who;
        sigv4_verify(a, &info, header, size, "glue", must_sign, 1735689600, &who, &err);
        auth_release(a);
    }
    free(header);
    return 0;
}
