/* iceberg_int.h -- what the Iceberg front's files share: the request in flight, the envelope's
** helpers (iceberg.c), the routes and their handlers (iceberg_routes.c).  Not for other files. */
#ifndef SRV_ICEBERG_INT_H
#define SRV_ICEBERG_INT_H

#include <stddef.h>

#include <jansson.h>

#include "auth/auth.h"
#include "base/error.h"
#include "base/util.h"
#include "front/iceberg.h"
#include "registry/registry.h"

#define ICE_JSON_TYPE "application/json"
#define ICE_MAX_SEGS 16   /* path segments followed below /iceberg; more is a 404 */
#define ICE_MAX_PARAMS 32 /* query parameters read; later ones are ignored */

struct ictx;
typedef int ice_fn(struct ictx *c);

/* Route flags. */
#define ICE_PREFIX 1u /* the spec's path has the {prefix} segment (optional on the wire) */
#define ICE_OPEN 2u   /* served without authentication */
#define ICE_FORM 4u   /* the body is application/x-www-form-urlencoded, not JSON */
#define ICE_NOBODY 8u /* POST without a body to read */

/* One route: METHOD and PATH (the spec's, after "/v1" and the optional "/{prefix}"), served by
** FN when operation OP is in the registry (NULL: needs none); LABEL is the spec's operationId
** (the metrics label); ENTITY is what a not-found error is about. */
struct ice_route {
    const char *method, *path;
    unsigned flags;
    enum srv_iceberg_entity entity;
    const char *label, *op;
    ice_fn *fn;
};
extern const struct ice_route ice_routes[];
extern const size_t ice_nroutes;

/* One request in flight through the front. */
struct ictx {
    const struct app *app;
    const struct rest_request *rq;
    const struct ice_route *route;
    char *path; /* owned: a copy of the raw path, cut into SEG */
    char *seg[ICE_MAX_SEGS];
    size_t nseg;
    char *catalog; /* owned: the decoded {prefix} (CatalogId), or NULL */
    char *ns;      /* owned: the {namespace} as a database name ("a.b"), or NULL */
    char *name;    /* owned: the decoded {table} or {view}, or NULL */
    char *pkey[ICE_MAX_PARAMS], *pval[ICE_MAX_PARAMS]; /* owned: decoded query parameters */
    size_t nparams;
    json_t *body; /* owned: the parsed JSON body, or NULL */
    struct srv_error err;
    enum srv_iceberg_entity entity; /* what a not-found error is about */
    int estatus;                    /* a front-only error: its status and type (static) */
    const char *etype;
    int status; /* success: status and body (owned; NULL = none) */
    json_t *out;
    struct sbuf text;                 /* a body already written as text (a page from the op) */
    char *etag;                       /* owned: the ETag header, quotes included, or NULL */
    struct auth_set *set;             /* the principals (retained), or NULL: no auth */
    const struct auth_principal *who; /* who asks, once authenticated */
};

/* ---- iceberg.c: the envelope */

/* Record a front-only error (STATUS, Iceberg TYPE static) after srv_error_set() wrote the
** message; returns C's error code. */
int ice_fail(struct ictx *c, int status, const char *type);
/* Run the registry's operation NAME on IN (Glue-shaped; borrowed; C's CatalogId is added)
** through ops_run(): *RES is its answer.  A missing operation is a 501. */
int ice_run(struct ictx *c, const char *name, json_t *in, struct op_result *res);
/* ice_run() for an operation whose answer the front reads: *OUT is the answer object. */
int ice_call(struct ictx *c, const char *name, json_t *in, json_t **out);
/* Reply STATUS with the JSON body OUT (stolen; NULL = no body). */
int ice_reply(struct ictx *c, int status, json_t *out);
/* Reply STATUS with RES's answer as it is: its object, or the text of a single-item page (the
** page's text handed over to the body, not copied, when the body is still empty). */
int ice_reply_result(struct ictx *c, int status, struct op_result *res);
/* The decoded query parameter NAME, or NULL. */
const char *ice_query(const struct ictx *c, const char *name);
/* Query parameter NAME as true|false into *OUT (absent: DEF). */
int ice_query_bool(struct ictx *c, const char *name, int def, int *out);
/* The database name of the Namespace (array of levels) V; WHAT names it in the message. */
int ice_levels_name(struct ictx *c, const json_t *v, const char *what, char **name);
/* A TableIdentifier {namespace, name} V: *DB (malloc'd) and *NAME (borrowed from V). */
int ice_identifier(struct ictx *c, const json_t *v, const char *what, char **db, const char **name);
/* 1 when database DB exists (or cannot be told), 0 when it does not: for not-found errors. */
int ice_db_exists(struct ictx *c, const char *db);
/* The OAuth token endpoint (POST /v1/oauth/tokens). */
int ice_oauth_tokens(struct ictx *c);
/* GET /v1/config. */
int ice_config(struct ictx *c);

#endif
