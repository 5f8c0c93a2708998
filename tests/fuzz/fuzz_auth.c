/* fuzz_auth.c -- libFuzzer target: auth file text (--auth-file) through auth_parse_text(), the
** parser the file reader uses, and the set it builds through auth_by_key() and auth_bearer().
**
** Aborts on: a failure that is not CAT_EINVAL with a message "auth file fuzz: ..." and no set; a
** message that changes when every secret_access_key and token of the text is changed to another
** of the same shape (it would show them), or, for text that is no JSON, jansson's " near '...'"
** (the text it stopped at, maybe a secret); a success where a principal of the text is not found
** by its access key or by each of its tokens, or has neither. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* V with every string under a "secret_access_key" or "tokens" member changed, character by
** character, to another of its class (a-z, A-Z, 0-9 rotated by one): what the parser checks of a
** secret (printable, no spaces, its length, which ones are equal) stays as it was. */
static json_t *rotated(const json_t *v, int secret)
{
    const char *key;
    json_t *m, *out;
    size_t i;
    if (json_is_string(v) && secret) {
        char *t = strdup(json_string_value(v)), *c;
        if (t == NULL)
            abort();
        c = t;
        /* the prefix of issued tokens, which the parser refuses in the file, is no secret: kept,
        ** and not made either ("bs0." would rotate to it) */
        if (strncmp(t, AUTH_TOKEN_PREFIX, 4) == 0 || strncmp(t, "bs0.", 4) == 0)
            c += 4;
        for (; *c; c++)
            if ((*c >= 'a' && *c < 'z') || (*c >= 'A' && *c < 'Z') || (*c >= '0' && *c < '9'))
                (*c)++;
            else if (*c == 'z' || *c == 'Z' || *c == '9')
                *c = *c == '9' ? '0' : (char)(*c - 25);
        out = json_string(t);
        free(t);
        return out;
    }
    if (json_is_array(v)) {
        out = json_array();
        json_array_foreach(v, i, m)
            json_array_append_new(out, rotated(m, secret));
        return out;
    }
    if (json_is_object(v)) {
        out = json_object();
        json_object_foreach((json_t *)v, key, m) {
            json_object_set_new(
                out, key,
                rotated(m, secret || !strcmp(key, "secret_access_key") || !strcmp(key, "tokens")));
        }
        return out;
    }
    return json_deep_copy(v);
}

/* The message (or "") of parsing DOC written out compactly. */
static void parse_doc(const json_t *doc, char *msg, size_t n)
{
    struct auth_set *a = NULL;
    struct srv_error err;
    char *text = json_dumps(doc, JSON_COMPACT | JSON_ENCODE_ANY);
    if (text == NULL)
        abort();
    srv_error_init(&err);
    if (auth_parse_text(text, strlen(text), "fuzz", &a, &err) == CAT_OK)
        err.msg[0] = '\0';
    snprintf(msg, n, "%s", err.msg);
    auth_release(a);
    free(text);
}

static void check_set(const struct auth_set *a, const json_t *doc)
{
    const json_t *p;
    size_t i, j;
    json_array_foreach(json_object_get(doc, "principals"), i, p) {
        const char *name = json_string_value(json_object_get(p, "name"));
        const char *key = json_string_value(json_object_get(p, "access_key_id"));
        const json_t *tokens = json_object_get(p, "tokens"), *t;
        const struct auth_principal *who;
        struct srv_error err;
        if (name == NULL || (key == NULL && json_array_size(tokens) == 0))
            abort(); /* accepted without a name or credentials */
        if (key != NULL && ((who = auth_by_key(a, key)) == NULL || strcmp(who->name, name) != 0 ||
                            who->secret == NULL))
            abort();
        json_array_foreach(tokens, j, t) {
            char header[600];
            snprintf(header, sizeof(header), "Bearer %s", json_string_value(t));
            srv_error_init(&err);
            if (strlen(json_string_value(t)) < 500 &&
                (auth_bearer(a, header, &who, &err) != CAT_OK || strcmp(who->name, name) != 0))
                abort();
        }
        (void)auth_database_allowed(auth_by_key(a, key ? key : ""), "sales");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct auth_set *a = NULL;
    struct srv_error err;
    json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    int rc;
    srv_error_init(&err);
    rc = auth_parse_text((const char *)data, size, "fuzz", &a, &err);
    if (rc != CAT_OK) {
        if (rc != CAT_EINVAL || a != NULL || strncmp(err.msg, "auth file fuzz: ", 16) != 0)
            abort();
        if (doc == NULL && strstr(err.msg, " near ") != NULL) {
            fprintf(stderr, "fuzz_auth: jansson's text in: %s\n", err.msg);
            abort();
        }
        if (doc != NULL) { /* the message must not depend on the secrets' text */
            json_t *other = rotated(doc, 0);
            char m0[sizeof(err.msg)], m1[sizeof(err.msg)];
            parse_doc(doc, m0, sizeof(m0));
            parse_doc(other, m1, sizeof(m1));
            json_decref(other);
            if (strcmp(m0, m1) != 0) {
                fprintf(stderr, "fuzz_auth: the message shows a secret:\n  %s\n  %s\n", m0, m1);
                abort();
            }
        }
    } else {
        if (a == NULL || doc == NULL)
            abort();
        check_set(a, doc);
        auth_release(a);
    }
    json_decref(doc);
    return 0;
}
