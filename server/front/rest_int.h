/* rest_int.h -- what the REST front's files share: the request in flight, the envelope's
** helpers (rest_envelope.c), the adapters' tables (rest_routes.c).  Not for other files. */
#ifndef SRV_REST_INT_H
#define SRV_REST_INT_H

#include <stddef.h>

#include <jansson.h>

#include "auth/auth.h"
#include "base/error.h"
#include "base/util.h"
#include "front/rest.h"
#include "registry/registry.h"

#define REST_JSON_TYPE "application/json"
#define MAX_SEGS 64   /* path segments followed; more is a 404 */
#define MAX_PARAMS 32 /* query parameters read; later ones are ignored */

/* One request in flight through the front. */
struct rctx {
    const struct app *app;
    const struct rest_request *rq;
    char *raw[MAX_SEGS]; /* the path's raw segments (into PATH) */
    size_t nraw;
    char *path;         /* owned: a copy of the raw path, cut into RAW */
    const char *cap[4]; /* the {} captures, decoded (owned: CAPS) */
    char *caps[4];
    size_t ncap;
    size_t rest; /* index in RAW of the first segment a ** pattern took */
    char *pkey[MAX_PARAMS], *pval[MAX_PARAMS]; /* owned: decoded query parameters */
    size_t nparams;
    json_t *body; /* owned: the parsed request body, or NULL */
    struct srv_error err;
    const char *ecode; /* REST-only error code (NotFound, ...) or NULL: from ERR */
    int estatus;       /* its status */
    int status;        /* success: status and body (owned; NULL = no body) */
    json_t *out;
    char *location, *etag; /* owned until handed to the response */
    struct sbuf text;      /* a non-JSON body (/metrics) */
    const char *content_type;
    struct auth_set *set;             /* the principals (retained), or NULL: no auth */
    const struct auth_principal *who; /* who asks, once authenticated */
};

typedef int rest_fn(struct rctx *c);

/* ---- rest_envelope.c: what every adapter and the router share */

/* Append S to B percent-encoded (everything but RFC 3986's unreserved characters). */
void rest_pct_encode(struct sbuf *b, const char *s);

/* Record a REST-only error (CODE is its wire code) after srv_error_set() wrote the message;
** returns C's error code. */
int rest_fail(struct rctx *c, int status, const char *code);
/* Render C's error into RESP as {"code","message","request_id"}. */
void rest_render_error(struct rctx *c, struct http_response *resp);
/* J as compact JSON text ending with a newline (every REST body ends with one), or NULL. */
char *rest_dump_line(const json_t *j);

/* Run the registry's operation NAME on IN (Glue-shaped; members outside the model are
** removed from it) through ops_run(): *RES is its answer.  A validation error names the REST
** field (path segment, query parameter or body member), not the Glue member. */
int rest_run_op(struct rctx *c, const char *name, json_t *in, struct op_result *res);
/* rest_run_op() for an operation that answers an object: *OUT is the Glue response object. */
int rest_call(struct rctx *c, const char *name, json_t *in, json_t **out);

/* Reply STATUS with the JSON body OUT (stolen; NULL = no body). */
int rest_reply(struct rctx *c, int status, json_t *out);
/* Reply STATUS with RES's text page framed for REST: the item itself when KEY is NULL, else
** {"<KEY>": [items], MORE's members..., "next_page_token": ...}.  MORE is borrowed. */
int rest_reply_page(struct rctx *c, int status, const char *key, struct op_result *res,
                    const json_t *more);
/* Run listing OP on IN (taken: freed here) with max_results and page_token from the query,
** and reply {"<KEY>": the answer's MEMBER list, "next_page_token": ...}. */
int rest_list_reply(struct rctx *c, const char *op, json_t *in, const char *member,
                    const char *key);
/* A new reference to member KEY of O, or an empty array when absent. */
json_t *rest_member_or_list(const json_t *o, const char *key);
/* Move OUT's NextToken, if any, to DST as next_page_token. */
void rest_copy_token(json_t *dst, const json_t *out);
/* Set the ETag header to TABLE's VersionId, quoted. */
void rest_set_etag(struct rctx *c, const json_t *table);
/* Set the Location header to the path of segments SEGS (NULL-terminated), each encoded. */
void rest_set_location(struct rctx *c, const char *const *segs);

/* The decoded query parameter NAME, or NULL. */
const char *rest_query(const struct rctx *c, const char *name);
/* Query parameter NAME as an integer into IN's MEMBER (absent: nothing). */
int rest_query_int(struct rctx *c, const char *name, json_t *in, const char *member);
/* Query parameter NAME as true|false into IN's MEMBER (absent: nothing). */
int rest_query_bool(struct rctx *c, const char *name, json_t *in, const char *member);
/* Query parameter NAME as a string into IN's MEMBER (absent: nothing). */
void rest_query_str(struct rctx *c, const char *name, json_t *in, const char *member);
/* The request with the database capture (and table capture when TABLE_KEY is set). */
json_t *rest_req_names(const struct rctx *c, const char *db_key, const char *table_key);

/* ---- rest_routes.c: the adapters, for the router */

/* How each operation with a REST route (registry.def) is served: its adapter, by Glue name;
** QUERY: the query parameters it takes (space-separated; NULL: none); BODY: the body members
** it takes (POST, PUT; space-separated): "name" a member taken as it is, "name=Glue" a member
** checked against the Glue member of the operation's input it becomes, "=Glue" the whole body
** is that member (a TableInput, ...).  Anything else is refused with 400 naming it. */
struct rest_adapter {
    const char *op;
    rest_fn *fn;
    const char *query, *body;
};
extern const struct rest_adapter rest_adapters[];
extern const size_t rest_nadapters;

/* The routes that are not catalog operations (/health, /metrics); OPEN: served without
** authentication. */
struct rest_service {
    const char *route, *label;
    rest_fn *fn;
    int open;
    const char *query; /* as rest_adapter's; they take no body */
};

/* openapi.yaml, embedded at build time (the Makefile's $(B)/openapi.c), served at /openapi.yaml. */
extern const char rest_openapi_yaml[];
extern const struct rest_service rest_services[];
extern const size_t rest_nservices;

#endif
