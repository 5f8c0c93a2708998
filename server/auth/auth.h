/* auth.h -- principals and roles (--auth-file), who may run which operation on which database,
** bearer tokens, the Host check and the audit line. */
#ifndef SRV_AUTH_H
#define SRV_AUTH_H

#include <jansson.h>
#include <stddef.h>

#include "auth/oauth.h"
#include "base/error.h"

enum auth_role {
    AUTH_READER = 0, /* read operations only */
    AUTH_WRITER = 1, /* reads, and writes to tables and partitions of existing databases */
    AUTH_ADMIN = 2   /* everything: also databases themselves and catalog-wide writes */
};

/* One principal of the auth file.  Strings are owned by the set it belongs to. */
struct auth_principal {
    char *name;
    char *access_key_id, *secret; /* SigV4 key pair, or both NULL */
    char **tokens;                /* bearer tokens */
    size_t ntokens;
    enum auth_role role;
    char **databases;  /* Hive-style name patterns ('*' wildcard, '|' alternatives); */
    size_t ndatabases; /* 0: every database */
};

/* A loaded set of principals: immutable, shared by reference count. */
struct auth_set;

/* The auth file, reloadable (SIGHUP) while requests hold the previous set. */
struct auth_store;

/* Load PATH into *OUT.  The file is JSON: {"principals": [{"name", "access_key_id",
** "secret_access_key", "tokens": [...], "role": "reader"|"writer"|"admin", "databases":
** [...]}]}; unknown members, duplicate names, keys or tokens, a key without its secret, a
** principal without credentials, and tokens shorter than 16 characters are refused with a
** message naming the principal (never a secret).  CAT_OK, or CAT_EINVAL with ERR set. */
int auth_store_open(struct auth_store **out, const char *path, struct srv_error *err);
/* Parse TEXT (LEN bytes, NUL not needed), an auth file's content, as auth_store_open() does
** the file: CAT_OK with *OUT (release it with auth_release()), or CAT_EINVAL with *OUT NULL and
** ERR's message beginning "auth file NAME: ".  No I/O (the file reader's mode warning aside). */
int auth_parse_text(const char *text, size_t len, const char *name, struct auth_set **out,
                    struct srv_error *err);
/* Read the file again; on failure the previous set stays in force (ERR says why).
** Thread-safe against auth_acquire(). */
int auth_store_reload(struct auth_store *s, struct srv_error *err);
/* How many principals the current set has. */
size_t auth_store_count(struct auth_store *s);
void auth_store_close(struct auth_store *s);

/* The current set, retained: release it with auth_release() when the request is done.
** Principals found in it stay valid until then.  Thread-safe. */
struct auth_set *auth_acquire(struct auth_store *s);
void auth_release(struct auth_set *a);

/* The principal owning ACCESS_KEY_ID, or NULL. */
const struct auth_principal *auth_by_key(const struct auth_set *a, const char *access_key_id);
/* The principal named NAME (exactly), or NULL. */
const struct auth_principal *auth_by_name(const struct auth_set *a, const char *name);

/* The principal of an "Authorization: Bearer <token>" header value.  CAT_OK with *WHO set;
** CAT_EUNSIGNED when HEADER is NULL or not a Bearer header, CAT_EAUTH for an unknown token
** (compared in constant time).  A token beginning with AUTH_TOKEN_PREFIX is checked by
** auth_token_verify() at the current time instead (CAT_EEXPIRED past its expiry).  ERR's message
** never quotes the token. */
int auth_bearer(const struct auth_set *a, const char *header, const struct auth_principal **who,
                struct srv_error *err);

/*
** Short-lived bearer tokens for OAuth client credentials (the Iceberg front's /v1/oauth/tokens),
** their text made and checked by oauth.c: "ct1.<access key id>.<expiry, Unix seconds>.<hex
** HMAC-SHA256 of everything before the last dot, keyed by the principal's secret access key>".
** Nothing is stored: any catalogd with the same auth file accepts them, and changing or removing
** the principal's secret (or the principal) makes them invalid.  auth_bearer() accepts them
** beside the file's own tokens.
*/
#define AUTH_TOKEN_PREFIX OAUTH_TOKEN_PREFIX
#define AUTH_TOKEN_TTL 3600 /* seconds a token is valid */
/* A token for the principal whose access key id is CLIENT_ID and secret CLIENT_SECRET (compared
** in constant time), valid until NOW + AUTH_TOKEN_TTL: CAT_OK with *TOKEN (malloc'd), or
** CAT_EAUTH "The client id or secret is not valid." (never saying which) with *TOKEN NULL. */
int auth_token_issue(const struct auth_set *a, const char *client_id, const char *client_secret,
                     long long now, char **token, struct srv_error *err);
/* A new token for WHO valid until NOW + AUTH_TOKEN_TTL (a token exchange): CAT_OK with *TOKEN
** (malloc'd), or CAT_EAUTH when WHO has no access key (then *TOKEN is NULL). */
int auth_token_renew(const struct auth_principal *who, long long now, char **token,
                     struct srv_error *err);
/* The principal of TOKEN (N bytes, beginning with AUTH_TOKEN_PREFIX) at time NOW: CAT_OK with
** *WHO; CAT_EAUTH "The bearer token is not valid." when it is malformed, names no principal
** with a secret or its MAC does not match (compared in constant time); CAT_EEXPIRED when it is
** genuine but past its expiry. */
int auth_token_verify(const struct auth_set *a, const char *token, size_t n, long long now,
                      const struct auth_principal **who, struct srv_error *err);

/* May WHO run operation OP (WRITES: it changes the catalog) with request IN, whose default
** catalog is CATALOG?  WHO NULL means no auth file: everything is allowed.  A database-scoped
** principal (one with databases) may use the default catalog only (a CatalogId naming another
** is refused).  Databases named by IN (DatabaseName and DestinationDatabaseName; Name and
** DatabaseInput.Name of the database operations, IcebergDropNamespace and
** IcebergUpdateNamespace among them; every TableChanges[].DatabaseName of
** IcebergCommitTransaction; a crawler's CatalogTargets) must match WHO's patterns.  An operation
** that names no database is allowed to a database-scoped principal only when it is
** GetDatabases, IcebergListNamespaces or SearchTables (whose handlers list only what it may
** see) or a crawler
** operation (crawler.c checks the stored crawler: auth_crawler_permit()); to a writer only a
** crawler operation.  CAT_OK or CAT_EACCESS (AccessDeniedException, in AWS's words). */
int auth_permit(const struct auth_principal *who, const char *op, int writes, const json_t *in,
                const char *catalog, struct srv_error *err);
/* Remove from OUT (the answer of OP) what a database-scoped WHO may not see: the databases
** of GetDatabases' DatabaseList that match none of its patterns (database_list() leaves them
** out before paging already; this is the last guard). */
void auth_filter(const struct auth_principal *who, const char *op, json_t *out);

/* The first database crawler DOC (a stored Crawler: its DatabaseName and its CatalogTargets'
** DatabaseName) names that WHO may not use, or NULL when WHO may use them all (WHO NULL:
** always NULL). */
const char *auth_crawler_denied(const struct auth_principal *who, const json_t *doc);
/* May WHO run crawler operation OP on the stored crawler DOC (as well as on the request,
** auth_permit())?  CAT_OK, or CAT_EACCESS "User: WHO is not authorized to perform: glue:OP on
** resource: crawler/NAME." (the crawler's databases are not named to whom may not see them). */
int auth_crawler_permit(const struct auth_principal *who, const char *op, const json_t *doc,
                        struct srv_error *err);
/* May the crawler DOC of CATALOG (default catalog DEFAULT_CATALOG), whose owner is the
** principal named OWNER (NULL: none recorded), crawl now under set A?  Its owner must still be
** a principal, a writer or admin, allowed the crawler's catalog and all its databases.  CAT_OK,
** or CAT_EACCESS with ERR saying why and that nothing was written. */
int auth_crawl_permit(const struct auth_set *a, const char *owner, const json_t *doc,
                      const char *catalog, const char *default_catalog, struct srv_error *err);

/* 1 when NAME (a database name, any case) matches one of WHO's patterns or WHO has none. */
int auth_database_allowed(const struct auth_principal *who, const char *name);
/* 1 when NAME matches the Hive-style PATTERN: '*' any run of characters, '|' alternatives,
** case-insensitive (ASCII), whole name. */
int auth_pattern_match(const char *pattern, const char *name);

/* 1 when HOST (a Host header value, port included or not) names the local machine
** (localhost, *.localhost, 127.0.0.0/8, [::1]) or is one of ALLOWED (NULL-terminated list of
** names, compared case-insensitively without the port).  HOST NULL (HTTP/1.0) is allowed. */
int auth_host_allowed(const char *host, const char *const *allowed);

/* The audit line of a successful write, to stderr: one line of key=value pairs (time,
** principal, source, op, resource, request_id), values quoted when needed.  Never secrets:
** only names from IN (DatabaseName/Name/TableName/DatabaseInput.Name/TableInput.Name). */
void auth_audit(const struct auth_principal *who, const char *source, const char *op,
                const json_t *in, const char *request_id);
/* The audit line of a write crawl CRAWL_ID of crawler CRAWLER made (OP on IN) on behalf of the
** principal named OWNER (NULL: anonymous): source "crawler", request_id the crawl's id, and a
** "crawler" member naming it. */
void auth_audit_crawl(const char *owner, const char *crawler, const char *crawl_id, const char *op,
                      const json_t *in);

#endif
