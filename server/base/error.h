/* error.h -- struct srv_error, srv_error_set(); how each CAT_* code looks on every front. */
#ifndef SRV_ERROR_H
#define SRV_ERROR_H

#include "catalog.h"

#define SRV_ERROR_PATH 176 /* the failing member's path, NUL included */

struct srv_error {
    int code;      /* a cat_code; CAT_OK until something fails */
    int offset;    /* byte offset into the input for parse errors, else -1 */
    char msg[512]; /* wire "message" text */
    /* A validation error's failing member, as its message quotes it ("tableInput.name", set by
    ** srv_error_set_member()): msg holds "... at '<path>'...", PATH starting at byte PATH_AT,
    ** so that a front can name the member its own way.  PATH_AT is -1 for other errors. */
    char path[SRV_ERROR_PATH];
    int path_at;
    int retry; /* the store says the whole operation may run again (a serialization failure
               ** between concurrent transactions): registry.c does, a bounded number of
               ** times; srv_error_set() clears it */
};

/* Reset ERR to "no error". */
void srv_error_init(struct srv_error *err);

/* Record an error in ERR and return CODE, so callers can write
**   return srv_error_set(err, CAT_ENOTFOUND, "Table %s not found.", name);  */
int srv_error_set(struct srv_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record a validation error naming the failing member as AWS does, HEAD " at '" PATH "'" TAIL
** (HEAD "1 validation error detected: Value null", PATH "tableInput.name", TAIL " failed to
** ..."), with ERR->path and ERR->path_at set (path_at stays -1 when the path does not fit
** whole, in the message or in ERR->path).  Returns CODE. */
int srv_error_set_member(struct srv_error *err, int code, const char *head, const char *path,
                         const char *tail);

/*
** How a code looks on the wire.  Every code of CAT_ERRNO_MAP (client/catalog.h) has one row in
** error.c's table: the Glue "__type" and default message come from the public map, and the
** server's columns (Glue HTTP status, REST status and code, Iceberg REST type and status) sit
** beside them; a code without its row does not compile.  Codes that never travel on the wire
** (CAT_ETRANSPORT, ...), CAT_OK and unknown values render as an internal error on every front:
** InternalServiceException / 500, ServerErrorException / 500 on the Iceberg front.
** All of these return static data and are thread-safe.
*/

/* The Glue "__type" for CODE (never NULL on the server: unknown -> InternalServiceException). */
const char *srv_error_glue_type(int code);
/* HTTP status for CODE on the Glue front and on the REST front. */
int srv_error_glue_status(int code);
int srv_error_rest_status(int code);
/* The REST front's "code" member for CODE: the Glue "__type" (openapi.yaml documents the REST
** errors with Glue's names), unless the table gives the REST front a name of its own. */
const char *srv_error_rest_code(int code);
/* Static default text for CODE. */
const char *srv_error_default_msg(int code);

/*
** The Iceberg REST catalog front's ErrorModel, {"error": {"message", "type", "code"}}, where
** "code" is the HTTP status.  Types are the spec's and Iceberg's Java exception names
** (BadRequestException, NoSuchTableException, AlreadyExistsException, CommitFailedException,
** ...).  Iceberg clients act on the status (409 on a commit is CommitFailedException to them
** whatever the type says), so every conflict that is not "already exists" maps to
** CommitFailedException / 409.
**
** Some types depend on the entity (error.c's one table of them): CAT_ENOTFOUND is
** NoSuchTableException by default, NoSuchNamespaceException with SRV_ICEBERG_NAMESPACE and
** NoSuchViewException with SRV_ICEBERG_VIEW; CAT_EBADSTATE about a namespace (dropping one that
** still holds tables, views or namespaces) is NamespaceNotEmptyException.  The Iceberg front
** passes the entity the request is about; a table or view route that gets CAT_ENOTFOUND checks
** whether the namespace exists (one store lookup, on the error path only) and passes
** SRV_ICEBERG_NAMESPACE when it does not.  Other not-found codes (AWS resources that are
** neither) are NotFoundException.
*/
enum srv_iceberg_entity {
    SRV_ICEBERG_TABLE = 0, /* the default */
    SRV_ICEBERG_NAMESPACE, /* a Glue database */
    SRV_ICEBERG_VIEW       /* an Iceberg view (a Glue table of type VIRTUAL_VIEW) */
};
/* The Iceberg "type" for CODE about a table. */
const char *srv_error_iceberg_type(int code);
/* The Iceberg "type" for CODE about ENTITY. */
const char *srv_error_iceberg_type_for(int code, enum srv_iceberg_entity entity);
/* The Iceberg HTTP status (and ErrorModel "code") for CODE. */
int srv_error_iceberg_status(int code);

/* The Hive Metastore exception (Thrift front) for CODE: NoSuchObjectException for not-found,
** AlreadyExistsException, InvalidObjectException for bad input, InvalidOperationException for
** conflicts and what is not supported, MetaException for the rest (faults, access, throttling). */
const char *srv_error_hms_type(int code);

#endif
