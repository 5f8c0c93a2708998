/* rest.h -- REST front: /v1 routes -> Glue-shaped requests -> the same ops; /health, /metrics. */
#ifndef SRV_REST_H
#define SRV_REST_H

#include <stddef.h>

#include "front/http.h"

/* One query parameter as it came on the wire (still percent-encoded; VALUE may be NULL). */
struct rest_param {
    const char *key, *value;
};

/* What the HTTP layer hands the REST front.  Everything is borrowed. */
struct rest_request {
    const char *method;
    const char *path;                /* raw (percent-encoded) path, without the query */
    const struct rest_param *params; /* raw query parameters, in order */
    size_t nparams;
    const char *content_type; /* header values or NULL */
    const char *if_match, *if_none_match;
    const char *body; /* request body (NUL-terminated), BODY_LEN bytes */
    size_t body_len;
    int too_big;                  /* the body exceeded the limit: answer 413 */
    const char *refused;          /* not NULL: the HTTP layer refuses the request: answer so */
    int refused_code;             /* its CAT_* code (0: CAT_EINVAL) */
    int throttled;                /* answer 503: the memory budget is spent (1), or the
                                  ** connection is over a connection limit (2) */
    int draining;                 /* the server is stopping: /health answers 503 */
    const char *request_id;       /* x-request-id, quoted in error bodies */
    const char *authorization;    /* the Authorization header, or NULL */
    const struct http_info *info; /* the source address for the audit log, or NULL */
};

/* Percent-decode N bytes of S into a new string ('+' is a space when PLUS).  NULL when an
** escape is malformed, the result holds a NUL, or it is not UTF-8.  (Shared with the Iceberg
** front.) */
char *rest_pct_decode(const char *s, size_t n, int plus);

/* 1 when PATH (raw) belongs to the REST front: /health, /metrics, /openapi.yaml, /v1 and
** below. */
int rest_owns(const char *path);
/* 1 when METHOD PATH is the index, GET / (a small page of links), which the REST front serves;
** any other request to / is the Glue front's. */
int rest_owns_index(const char *method, const char *path);

/* NULL when every REST route of registry.def has an adapter here and every adapter a route;
** else what is wrong (static text).  For the registry test. */
const char *rest_route_problem(void);

/* Answer one REST request.  When APP has principals every route but /health needs "Authorization:
** Bearer <token>" (401 without or with an unknown one, and RESP->challenge set); what the
** principal may do is ops_run()'s decision (403).  Fills RESP (status, body, content type,
** Location, ETag, Allow, operation label); never fails. */
void rest_handle(const struct app *app, const struct rest_request *rq, struct http_response *resp);

#endif
