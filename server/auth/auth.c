/* auth.c -- principals and roles (--auth-file), the policy over registry operations, bearer
** tokens, the Host check and the audit line. */
#include "auth/auth.h"

#include <errno.h>
#include <nettle/memops.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "base/util.h"

#define MIN_TOKEN 16 /* shortest bearer token accepted in the file */
#define MAX_NAME 128

struct auth_set {
    atomic_int refs;
    struct auth_principal *p;
    size_t n;
};

struct auth_store {
    pthread_mutex_t lock;
    char *path;
    struct auth_set *cur; /* one reference held by the store */
};

static void set_free(struct auth_set *a)
{
    size_t i, j;
    if (a == NULL)
        return;
    for (i = 0; i < a->n; i++) {
        struct auth_principal *p = &a->p[i];
        free(p->name);
        free(p->access_key_id);
        if (p->secret) {
            memset(p->secret, 0, strlen(p->secret));
            free(p->secret);
        }
        for (j = 0; j < p->ntokens; j++) {
            memset(p->tokens[j], 0, strlen(p->tokens[j]));
            free(p->tokens[j]);
        }
        free(p->tokens);
        for (j = 0; j < p->ndatabases; j++)
            free(p->databases[j]);
        free(p->databases);
    }
    free(a->p);
    free(a);
}

/* 1 when S is a usable principal name: 1..128 of [A-Za-z0-9_.@:-], safe in any log line. */
static int good_name(const char *s)
{
    size_t n = strlen(s), i;
    if (n == 0 || n > MAX_NAME)
        return 0;
    for (i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || strchr("_.@:-", s[i])))
            return 0;
    return 1;
}

/* 1 when S is printable ASCII without spaces (keys, secrets, tokens). */
static int good_credential(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (*s <= ' ' || *s > '~')
            return 0;
    return 1;
}

/* The strings of array V (member KEY of principal WHO) into *OUT, *N. */
static int string_list(const json_t *v, const char *who, const char *key, char ***out, size_t *n,
                       struct srv_error *err)
{
    size_t i;
    if (!json_is_array(v))
        return srv_error_set(err, CAT_EINVAL, "principal %s: %s must be a list of strings", who,
                             key);
    *out = xcalloc(json_array_size(v) + 1, sizeof(char *));
    for (i = 0; i < json_array_size(v); i++) {
        const char *s = json_string_value(json_array_get(v, i));
        if (s == NULL || *s == '\0')
            return srv_error_set(err, CAT_EINVAL,
                                 "principal %s: %s[%zu] must be a non-empty string", who, key, i);
        (*out)[i] = xstrdup(s);
        (*n)++;
    }
    return CAT_OK;
}

static int parse_principal(const json_t *o, size_t idx, struct auth_principal *p,
                           struct srv_error *err)
{
    static const char *const known[] = {
        "name", "access_key_id", "secret_access_key", "tokens", "role", "databases", NULL};
    const char *name = json_string_value(json_object_get(o, "name"));
    const char *role = json_string_value(json_object_get(o, "role"));
    const json_t *akid = json_object_get(o, "access_key_id");
    const json_t *secret = json_object_get(o, "secret_access_key");
    const char *key;
    const json_t *v;
    size_t i;
    int rc;
    if (!json_is_object(o))
        return srv_error_set(err, CAT_EINVAL, "principals[%zu] must be an object", idx);
    if (name == NULL || !good_name(name))
        return srv_error_set(err, CAT_EINVAL,
                             "principals[%zu]: name must be 1 to %d of A-Z a-z 0-9 _ . @ : -", idx,
                             MAX_NAME);
    p->name = xstrdup(name);
    json_object_foreach((json_t *)o, key, v) {
        for (i = 0; known[i] && strcmp(known[i], key) != 0; i++)
            ;
        if (known[i] == NULL)
            return srv_error_set(err, CAT_EINVAL, "principal %s: unknown member %.64s", name, key);
    }
    if (role == NULL)
        return srv_error_set(err, CAT_EINVAL, "principal %s: role must be reader, writer or admin",
                             name);
    if (strcmp(role, "reader") == 0)
        p->role = AUTH_READER;
    else if (strcmp(role, "writer") == 0)
        p->role = AUTH_WRITER;
    else if (strcmp(role, "admin") == 0)
        p->role = AUTH_ADMIN;
    else
        return srv_error_set(err, CAT_EINVAL, "principal %s: role must be reader, writer or admin",
                             name);
    if ((akid == NULL) != (secret == NULL))
        return srv_error_set(err, CAT_EINVAL,
                             "principal %s: access_key_id and secret_access_key go together", name);
    if (akid) {
        if (!json_is_string(akid) || !good_credential(json_string_value(akid)) ||
            !json_is_string(secret) || !good_credential(json_string_value(secret)))
            return srv_error_set(err, CAT_EINVAL,
                                 "principal %s: access_key_id and secret_access_key must be "
                                 "non-empty printable ASCII without spaces",
                                 name);
        p->access_key_id = xstrdup(json_string_value(akid));
        p->secret = xstrdup(json_string_value(secret));
    }
    if ((v = json_object_get(o, "tokens")) != NULL) {
        if ((rc = string_list(v, name, "tokens", &p->tokens, &p->ntokens, err)) != CAT_OK)
            return rc;
        for (i = 0; i < p->ntokens; i++)
            if (strlen(p->tokens[i]) < MIN_TOKEN || !good_credential(p->tokens[i]))
                return srv_error_set(err, CAT_EINVAL,
                                     "principal %s: tokens[%zu] must be at least %d printable "
                                     "characters without spaces",
                                     name, i, MIN_TOKEN);
            else if (strncmp(p->tokens[i], AUTH_TOKEN_PREFIX, strlen(AUTH_TOKEN_PREFIX)) == 0)
                return srv_error_set(err, CAT_EINVAL,
                                     "principal %s: tokens[%zu] must not begin with %s (the "
                                     "prefix of the tokens /v1/oauth/tokens issues)",
                                     name, i, AUTH_TOKEN_PREFIX);
    }
    if (p->access_key_id == NULL && p->ntokens == 0)
        return srv_error_set(err, CAT_EINVAL,
                             "principal %s has no credentials (access_key_id and "
                             "secret_access_key, or tokens)",
                             name);
    if ((v = json_object_get(o, "databases")) != NULL) {
        if ((rc = string_list(v, name, "databases", &p->databases, &p->ndatabases, err)) != CAT_OK)
            return rc;
        if (p->ndatabases == 0)
            return srv_error_set(err, CAT_EINVAL,
                                 "principal %s: databases is empty (leave it out for all)", name);
    }
    return CAT_OK;
}

/* Names, keys and tokens must each be unique across the file. */
static int check_unique(const struct auth_set *a, struct srv_error *err)
{
    size_t i, j, k, l;
    for (i = 0; i < a->n; i++)
        for (j = i; j < a->n; j++) {
            const struct auth_principal *p = &a->p[i], *q = &a->p[j];
            if (i != j && strcmp(p->name, q->name) == 0)
                return srv_error_set(err, CAT_EINVAL, "principal %s is named twice", p->name);
            if (i != j && p->access_key_id && q->access_key_id &&
                strcmp(p->access_key_id, q->access_key_id) == 0)
                return srv_error_set(err, CAT_EINVAL,
                                     "principals %s and %s have the same access_key_id", p->name,
                                     q->name);
            for (k = 0; k < p->ntokens; k++)
                for (l = i == j ? k + 1 : 0; l < q->ntokens; l++)
                    if (strcmp(p->tokens[k], q->tokens[l]) == 0)
                        return srv_error_set(err, CAT_EINVAL,
                                             "principals %s and %s have a token in common", p->name,
                                             q->name);
        }
    return CAT_OK;
}

int auth_parse_text(const char *text, size_t len, const char *name, struct auth_set **out,
                    struct srv_error *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    const json_t *list;
    struct auth_set *a = NULL;
    size_t i;
    int rc = CAT_OK;
    *out = NULL;
    if (root == NULL) {
        /* jansson ends some messages with the text it stopped at ("invalid token near
        ** 'wJalr...'"), which may be a secret: only the message and the position are told */
        const char *near = strstr(jerr.text, " near ");
        rc = srv_error_set(err, CAT_EINVAL, "auth file %s: %.*s (line %d, column %d)", name,
                           near ? (int)(near - jerr.text) : (int)strlen(jerr.text), jerr.text,
                           jerr.line, jerr.column);
        goto done;
    }
    list = json_object_get(root, "principals");
    if (!json_is_object(root) || json_object_size(root) != 1 || !json_is_array(list)) {
        rc = srv_error_set(err, CAT_EINVAL,
                           "auth file %s: must be an object with one member, \"principals\": [...]",
                           name);
        goto done;
    }
    a = xcalloc(1, sizeof(*a));
    atomic_init(&a->refs, 1);
    a->p = xcalloc(json_array_size(list) + 1, sizeof(*a->p));
    for (i = 0; i < json_array_size(list); i++) {
        a->n++;
        if ((rc = parse_principal(json_array_get(list, i), i, &a->p[i], err)) != CAT_OK)
            goto done;
    }
    if ((rc = check_unique(a, err)) != CAT_OK)
        goto done;
    *out = a;
    a = NULL;
done:
    if (rc != CAT_OK && strncmp(err->msg, "auth file", 9) != 0) {
        char msg[sizeof(err->msg)];
        snprintf(msg, sizeof(msg), "%s", err->msg);
        srv_error_set(err, rc, "auth file %s: %s", name, msg);
    }
    set_free(a);
    json_decref(root);
    return rc;
}

/* The auth file PATH, read whole and parsed by auth_parse_text(). */
static int load(struct auth_set **out, const char *path, struct srv_error *err)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0, cap = 0, got;
    struct stat st;
    int rc;
    *out = NULL;
    if (f == NULL)
        return srv_error_set(err, CAT_EINVAL, "auth file %s: cannot open it: %s", path,
                             strerror(errno));
    do {
        if (len == cap) { /* grow (the old copy is wiped: it may hold secrets) */
            char *bigger = xmalloc(cap = cap ? cap * 2 : 4096);
            if (len > 0)
                memcpy(bigger, text, len), explicit_bzero(text, len);
            free(text);
            text = bigger;
        }
        got = fread(text + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    if (ferror(f)) {
        rc = srv_error_set(err, CAT_EINVAL, "auth file %s: cannot read it: %s", path,
                           strerror(errno));
        fclose(f);
        free(text);
        return rc;
    }
    fclose(f);
    rc = auth_parse_text(text, len, path, out, err);
    if (len > 0) /* it may hold secrets */
        explicit_bzero(text, len);
    free(text);
    if (rc == CAT_OK && stat(path, &st) == 0 && (st.st_mode & 077))
        fprintf(stderr,
                "catalogd: warning: auth file %s is readable by others (mode %03o); chmod 600 "
                "it\n",
                path, (unsigned)(st.st_mode & 0777));
    return rc;
}

int auth_store_open(struct auth_store **out, const char *path, struct srv_error *err)
{
    struct auth_set *a;
    int rc;
    *out = NULL;
    if ((rc = load(&a, path, err)) != CAT_OK)
        return rc;
    *out = xcalloc(1, sizeof(**out));
    pthread_mutex_init(&(*out)->lock, NULL);
    (*out)->path = xstrdup(path);
    (*out)->cur = a;
    return CAT_OK;
}

int auth_store_reload(struct auth_store *s, struct srv_error *err)
{
    struct auth_set *a, *old;
    int rc;
    if ((rc = load(&a, s->path, err)) != CAT_OK)
        return rc;
    pthread_mutex_lock(&s->lock);
    old = s->cur;
    s->cur = a;
    pthread_mutex_unlock(&s->lock);
    auth_release(old);
    return CAT_OK;
}

size_t auth_store_count(struct auth_store *s)
{
    struct auth_set *a = auth_acquire(s);
    size_t n = a->n;
    auth_release(a);
    return n;
}

void auth_store_close(struct auth_store *s)
{
    if (s == NULL)
        return;
    auth_release(s->cur);
    pthread_mutex_destroy(&s->lock);
    free(s->path);
    free(s);
}

struct auth_set *auth_acquire(struct auth_store *s)
{
    struct auth_set *a;
    pthread_mutex_lock(&s->lock);
    a = s->cur;
    atomic_fetch_add(&a->refs, 1);
    pthread_mutex_unlock(&s->lock);
    return a;
}

void auth_release(struct auth_set *a)
{
    if (a != NULL && atomic_fetch_sub(&a->refs, 1) == 1)
        set_free(a);
}

/* Whether KEY equals PROBE (PLEN bytes) in time that depends on neither where they differ nor
** PROBE's length beyond KEY's (every byte of KEY is compared). */
static int key_equal(const char *key, const char *probe, size_t plen)
{
    size_t i, n = strlen(key);
    unsigned diff = n != plen;
    for (i = 0; i < n; i++)
        diff |= (unsigned char)key[i] ^ (i < plen ? (unsigned char)probe[i] : 0u);
    return diff == 0;
}

const struct auth_principal *auth_by_key(const struct auth_set *a, const char *access_key_id)
{
    const struct auth_principal *found = NULL;
    size_t i, plen = strlen(access_key_id);
    /* every principal's key is compared, whichever matches (keys are unique in a set) */
    for (i = 0; i < a->n; i++)
        if (a->p[i].access_key_id && key_equal(a->p[i].access_key_id, access_key_id, plen))
            found = &a->p[i];
    return found;
}

const struct auth_principal *auth_by_name(const struct auth_set *a, const char *name)
{
    size_t i;
    for (i = 0; a && name && i < a->n; i++)
        if (strcmp(a->p[i].name, name) == 0)
            return &a->p[i];
    return NULL;
}

int auth_bearer(const struct auth_set *a, const char *header, const struct auth_principal **who,
                struct srv_error *err)
{
    const struct auth_principal *found = NULL;
    size_t i, j, n;
    *who = NULL;
    if (header == NULL || strncasecmp(header, "Bearer ", 7) != 0)
        return srv_error_set(err, CAT_EUNSIGNED,
                             "Missing Authentication Token: send Authorization: Bearer <token>.");
    header += 7;
    while (*header == ' ')
        header++;
    n = strlen(header);
    while (n > 0 && header[n - 1] == ' ')
        n--;
    if (strncmp(header, AUTH_TOKEN_PREFIX, strlen(AUTH_TOKEN_PREFIX)) == 0)
        return auth_token_verify(a, header, n, (long long)time(NULL), who, err);
    /* every token is compared, in constant time for its length, whichever matches */
    for (i = 0; i < a->n; i++)
        for (j = 0; j < a->p[i].ntokens; j++)
            if (strlen(a->p[i].tokens[j]) == n && nettle_memeql_sec(a->p[i].tokens[j], header, n))
                found = &a->p[i];
    if (found == NULL)
        return srv_error_set(err, CAT_EAUTH, "The bearer token is not valid.");
    *who = found;
    return CAT_OK;
}

/* ---------------------------------------------------------------- policy */

static int fold(char c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Does [S, S+N) match the one alternative [P, P+M) ('*' wildcards, ASCII case folded)? */
static int glob(const char *p, size_t m, const char *s, size_t n)
{
    size_t pi = 0, si = 0, star = (size_t)-1, mark = 0;
    while (si < n) {
        if (pi < m && p[pi] == '*') {
            star = pi++;
            mark = si;
        } else if (pi < m && fold(p[pi]) == fold(s[si])) {
            pi++;
            si++;
        } else if (star != (size_t)-1) {
            pi = star + 1;
            si = ++mark;
        } else {
            return 0;
        }
    }
    while (pi < m && p[pi] == '*')
        pi++;
    return pi == m;
}

int auth_pattern_match(const char *pattern, const char *name)
{
    size_t n = strlen(name);
    for (;;) {
        const char *bar = strchr(pattern, '|');
        size_t m = bar ? (size_t)(bar - pattern) : strlen(pattern);
        if (glob(pattern, m, name, n))
            return 1;
        if (bar == NULL)
            return 0;
        pattern = bar + 1;
    }
}

int auth_database_allowed(const struct auth_principal *who, const char *name)
{
    size_t i;
    if (who == NULL || who->ndatabases == 0)
        return 1;
    for (i = 0; i < who->ndatabases; i++)
        if (auth_pattern_match(who->databases[i], name))
            return 1;
    return 0;
}

/* The operations on a database itself: Name (and DatabaseInput.Name) is the database. */
static int database_op(const char *op)
{
    return strcmp(op, "CreateDatabase") == 0 || strcmp(op, "GetDatabase") == 0 ||
           strcmp(op, "UpdateDatabase") == 0 || strcmp(op, "DeleteDatabase") == 0 ||
           strcmp(op, "IcebergDropNamespace") == 0 || strcmp(op, "IcebergUpdateNamespace") == 0;
}

/* The databases IN names for OP, up to 2 (a rename names two); returns how many.  (The table
** changes of IcebergCommitTransaction are checked apart: denied_change().) */
static size_t named_databases(const char *op, const json_t *in, const char *out[2])
{
    size_t n = 0;
    const char *s;
    if (database_op(op)) {
        if ((s = json_string_value(json_object_get(in, "Name"))) != NULL)
            out[n++] = s;
        if ((s = json_string_value(
                 json_object_get(json_object_get(in, "DatabaseInput"), "Name"))) != NULL)
            out[n++] = s;
    } else {
        if ((s = json_string_value(json_object_get(in, "DatabaseName"))) != NULL)
            out[n++] = s;
        if ((s = json_string_value(json_object_get(in, "DestinationDatabaseName"))) != NULL)
            out[n++] = s; /* IcebergRenameTable */
    }
    return n;
}

/* IcebergCommitTransaction's TableChanges: the first database WHO may not use, or NULL; *N
** the number of changes naming one. */
static const char *denied_change(const struct auth_principal *who, const json_t *in, size_t *n)
{
    const json_t *list = json_object_get(in, "TableChanges");
    size_t i;
    *n = 0;
    for (i = 0; i < json_array_size(list); i++) {
        const char *s = json_string_value(json_object_get(json_array_get(list, i), "DatabaseName"));
        if (s == NULL)
            continue;
        (*n)++;
        if (!auth_database_allowed(who, s))
            return s;
    }
    return NULL;
}

/* The crawler operations (CreateCrawler ... ListCrawls): crawler.c checks the stored crawler. */
static int crawler_op(const char *op)
{
    return strstr(op, "Crawl") != NULL;
}

/* The first of the CatalogTargets' databases of TARGETS that WHO may not use, or NULL. */
static const char *denied_target(const struct auth_principal *who, const json_t *targets)
{
    const json_t *list = json_object_get(targets, "CatalogTargets");
    size_t i;
    for (i = 0; i < json_array_size(list); i++) {
        const char *s = json_string_value(json_object_get(json_array_get(list, i), "DatabaseName"));
        if (s && !auth_database_allowed(who, s))
            return s;
    }
    return NULL;
}

/* 1 when WHO may use CATALOG, the default catalog being DEFAULT_CATALOG: a database-scoped
** principal's patterns name databases of the default catalog only. */
static int catalog_allowed(const struct auth_principal *who, const char *catalog,
                           const char *default_catalog)
{
    return who == NULL || who->ndatabases == 0 || catalog == NULL || default_catalog == NULL ||
           strcmp(catalog, default_catalog) == 0;
}

int auth_permit(const struct auth_principal *who, const char *op, int writes, const json_t *in,
                const char *catalog, struct srv_error *err)
{
    const char *dbs[2], *s, *denied;
    size_t n, i, changes;
    if (who == NULL)
        return CAT_OK;
    n = named_databases(op, in, dbs);
    denied = denied_change(who, in, &changes);
    if (writes && who->role == AUTH_READER)
        return srv_error_set(err, CAT_EACCESS,
                             "User: %s is not authorized to perform: glue:%s (role reader may "
                             "only read).",
                             who->name, op);
    if (writes && who->role == AUTH_WRITER &&
        ((n == 0 && changes == 0 && !crawler_op(op)) || database_op(op)))
        return srv_error_set(err, CAT_EACCESS,
                             "User: %s is not authorized to perform: glue:%s (role writer may "
                             "not change databases themselves; that takes admin).",
                             who->name, op);
    if (who->ndatabases == 0)
        return CAT_OK;
    s = json_string_value(json_object_get(in, "CatalogId"));
    if (!catalog_allowed(who, s, catalog))
        return srv_error_set(err, CAT_EACCESS,
                             "User: %s is not authorized to perform: glue:%s on resource: "
                             "catalog/%.255s (%s is limited to databases of catalog %s).",
                             who->name, op, s, who->name, catalog);
    if (n == 0 && changes == 0 && strcmp(op, "GetDatabases") != 0 &&
        strcmp(op, "SearchTables") != 0 && strcmp(op, "IcebergListNamespaces") != 0 &&
        !crawler_op(op))
        return srv_error_set(err, CAT_EACCESS,
                             "User: %s is not authorized to perform: glue:%s (it names no "
                             "database and %s is limited to some).",
                             who->name, op, who->name);
    for (i = 0; i < n; i++)
        if (!auth_database_allowed(who, dbs[i]))
            return srv_error_set(err, CAT_EACCESS,
                                 "User: %s is not authorized to perform: glue:%s on resource: "
                                 "database/%.255s.",
                                 who->name, op, dbs[i]);
    if (denied)
        return srv_error_set(err, CAT_EACCESS,
                             "User: %s is not authorized to perform: glue:%s on resource: "
                             "database/%.255s.",
                             who->name, op, denied);
    /* A crawler's CatalogTargets name the databases it will write to as well. */
    if ((s = denied_target(who, json_object_get(in, "Targets"))) != NULL)
        return srv_error_set(err, CAT_EACCESS,
                             "User: %s is not authorized to perform: glue:%s on resource: "
                             "database/%.255s.",
                             who->name, op, s);
    return CAT_OK;
}

const char *auth_crawler_denied(const struct auth_principal *who, const json_t *doc)
{
    const char *db = json_string_value(json_object_get(doc, "DatabaseName"));
    if (who == NULL || who->ndatabases == 0)
        return NULL;
    if (db && *db && !auth_database_allowed(who, db))
        return db;
    return denied_target(who, json_object_get(doc, "Targets"));
}

int auth_crawler_permit(const struct auth_principal *who, const char *op, const json_t *doc,
                        struct srv_error *err)
{
    if (auth_crawler_denied(who, doc) == NULL)
        return CAT_OK;
    return srv_error_set(err, CAT_EACCESS,
                         "User: %s is not authorized to perform: glue:%s on resource: "
                         "crawler/%.255s.",
                         who->name, op ? op : "-", json_string_value(json_object_get(doc, "Name")));
}

int auth_crawl_permit(const struct auth_set *a, const char *owner, const json_t *doc,
                      const char *catalog, const char *default_catalog, struct srv_error *err)
{
    const struct auth_principal *who = NULL;
    const char *db;
    size_t i;
    if (owner == NULL)
        return srv_error_set(err, CAT_EACCESS,
                             "The crawler has no recorded owner (it was created or last updated "
                             "without --auth-file): UpdateCrawler makes its caller the owner. "
                             "Nothing was written.");
    for (i = 0; i < a->n; i++)
        if (strcmp(a->p[i].name, owner) == 0)
            who = &a->p[i];
    if (who == NULL)
        return srv_error_set(err, CAT_EACCESS,
                             "The crawler's owner %.128s is no longer a principal of the auth "
                             "file. Nothing was written.",
                             owner);
    if (who->role == AUTH_READER)
        return srv_error_set(err, CAT_EACCESS,
                             "The crawler's owner %s may no longer write (role reader). Nothing "
                             "was written.",
                             who->name);
    if (!catalog_allowed(who, catalog, default_catalog))
        return srv_error_set(err, CAT_EACCESS,
                             "The crawler's owner %s is limited to databases of catalog %s. "
                             "Nothing was written.",
                             who->name, default_catalog);
    if ((db = auth_crawler_denied(who, doc)) != NULL)
        return srv_error_set(err, CAT_EACCESS,
                             "The crawler's owner %s may no longer write to database %.255s. "
                             "Nothing was written.",
                             who->name, db);
    return CAT_OK;
}

void auth_filter(const struct auth_principal *who, const char *op, json_t *out)
{
    json_t *list;
    size_t i;
    if (who == NULL || who->ndatabases == 0 || strcmp(op, "GetDatabases") != 0)
        return;
    list = json_object_get(out, "DatabaseList");
    for (i = 0; i < json_array_size(list);) {
        const char *name = json_string_value(json_object_get(json_array_get(list, i), "Name"));
        if (name && auth_database_allowed(who, name))
            i++;
        else
            json_array_remove(list, i);
    }
}

/* ---------------------------------------------------------------- Host */

/* Is H a dotted quad 127.b.c.d: four groups of one to three digits, each below 256, and
** nothing else (what sscanf "%3u.%3u.%3u.%3u%c" == 4 with digits and dots only accepted)?
** By hand: this runs for every request. */
static int loopback_quad(const char *h)
{
    unsigned v[4];
    int i;
    for (i = 0; i < 4; i++) {
        int digits = 0;
        v[i] = 0;
        while (*h >= '0' && *h <= '9' && digits < 3)
            v[i] = v[i] * 10 + (unsigned)(*h++ - '0'), digits++;
        if (digits == 0 || v[i] > 255)
            return 0;
        if (i < 3 && *h++ != '.')
            return 0;
    }
    return *h == '\0' && v[0] == 127;
}

int auth_host_allowed(const char *host, const char *const *allowed)
{
    char h[256];
    size_t n, i;
    if (host == NULL)
        return 1;
    if (host[0] == '[') { /* an IPv6 literal, with or without a port */
        const char *end = strchr(host, ']');
        n = end ? (size_t)(end - host) + 1 : strlen(host);
    } else {
        const char *colon = strrchr(host, ':');
        n = colon ? (size_t)(colon - host) : strlen(host);
    }
    if (n == 0 || n >= sizeof(h))
        return 0;
    memcpy(h, host, n);
    h[n] = '\0';
    if (h[n - 1] == '.') /* "localhost." is the same name */
        h[--n] = '\0';
    if (strcasecmp(h, "localhost") == 0 || strcmp(h, "[::1]") == 0 ||
        (n > 10 && strcasecmp(h + n - 10, ".localhost") == 0))
        return 1;
    if (loopback_quad(h))
        return 1;
    for (i = 0; allowed && allowed[i]; i++)
        if (strcasecmp(h, allowed[i]) == 0)
            return 1;
    return 0;
}

/* ---------------------------------------------------------------- audit */

/* The audit line of OP on IN by PRINCIPAL from SOURCE; CRAWLER, when not NULL, names the crawler
** that made the write. */
static void audit(const char *principal, const char *source, const char *op, const json_t *in,
                  const char *request_id, const char *crawler)
{
    const char *dbs[2], *table = NULL;
    char when[32], resource[600];
    struct timespec ts;
    struct tm tm;
    size_t n = named_databases(op, in, dbs);
    json_t *line;
    char *text;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(when + strlen(when), sizeof(when) - strlen(when), ".%03ldZ", ts.tv_nsec / 1000000);
    if (!database_op(op)) {
        table = json_string_value(json_object_get(in, "TableName"));
        if (table == NULL)
            table = json_string_value(json_object_get(json_object_get(in, "TableInput"), "Name"));
        if (table == NULL && strstr(op, "Table"))
            table = json_string_value(json_object_get(in, "Name"));
        if (table == NULL && strncmp(op, "Iceberg", 7) == 0) /* a create or register */
            table = json_string_value(json_object_get(json_object_get(in, "Request"), "name"));
    }
    if (n == 0)
        snprintf(resource, sizeof(resource), "catalog");
    else if (n == 2 && strcmp(dbs[0], dbs[1]) != 0)
        snprintf(resource, sizeof(resource), "database/%.255s -> database/%.255s", dbs[0], dbs[1]);
    else if (table)
        snprintf(resource, sizeof(resource), "table/%.255s/%.255s", dbs[0], table);
    else
        snprintf(resource, sizeof(resource), "database/%.255s", dbs[0]);
    line = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "time", when, "principal",
                     principal ? principal : "anonymous", "source", source ? source : "-", "op", op,
                     "resource", resource, "request_id", request_id ? request_id : "-");
    if (line && crawler)
        json_object_set_new(line, "crawler", json_string(crawler));
    text = line ? json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (text)
        fprintf(stderr, "catalogd: audit %s\n", text);
    free(text);
    json_decref(line);
}

void auth_audit(const struct auth_principal *who, const char *source, const char *op,
                const json_t *in, const char *request_id)
{
    audit(who ? who->name : NULL, source, op, in, request_id, NULL);
}

void auth_audit_crawl(const char *owner, const char *crawler, const char *crawl_id, const char *op,
                      const json_t *in)
{
    audit(owner, "crawler", op, in, crawl_id, crawler ? crawler : "-");
}

/* ---- short-lived bearer tokens (their text: oauth.c) ---- */

int auth_token_renew(const struct auth_principal *who, long long now, char **token,
                     struct srv_error *err)
{
    *token = NULL;
    if (who == NULL || who->access_key_id == NULL || who->secret == NULL)
        return srv_error_set(err, CAT_EAUTH,
                             "Tokens are issued only to principals with an access key.");
    *token = oauth_token_make(who->access_key_id, who->secret, now + AUTH_TOKEN_TTL);
    return CAT_OK;
}

int auth_token_issue(const struct auth_set *a, const char *client_id, const char *client_secret,
                     long long now, char **token, struct srv_error *err)
{
    const struct auth_principal *p = client_id ? auth_by_key(a, client_id) : NULL;
    /* the secret is compared in constant time for its length; an unknown id costs the same */
    int ok = oauth_secret_is(p ? p->secret : NULL, client_secret);
    *token = NULL;
    if (!ok)
        return srv_error_set(err, CAT_EAUTH, "The client id or secret is not valid.");
    return auth_token_renew(p, now, token, err);
}

int auth_token_verify(const struct auth_set *a, const char *token, size_t n, long long now,
                      const struct auth_principal **who, struct srv_error *err)
{
    const struct auth_principal *p;
    char *akid;
    long long expiry;
    *who = NULL;
    if (oauth_token_read(token, n, &akid, &expiry) != 0)
        return srv_error_set(err, CAT_EAUTH, "The bearer token is not valid.");
    p = auth_by_key(a, akid);
    free(akid);
    if (p == NULL || !oauth_token_signed_by(token, n, p->secret))
        return srv_error_set(err, CAT_EAUTH, "The bearer token is not valid.");
    if (expiry <= now)
        return srv_error_set(err, CAT_EEXPIRED,
                             "The bearer token has expired: get a new one from /v1/oauth/tokens.");
    *who = p;
    return CAT_OK;
}
