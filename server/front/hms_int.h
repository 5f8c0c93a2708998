/* hms_int.h -- what the Hive Metastore front's files share: a call, its dispatch, Glue <-> Thrift.
 */
#ifndef SRV_HMS_INT_H
#define SRV_HMS_INT_H

#include <jansson.h>

#include "front/http.h"
#include "front/thrift.h"
#include "registry/registry.h"

/* One connection's state that outlives its calls. */
struct hms_session {
    char *token; /* set_ugi's user name when it is a principal's bearer token, or NULL */
};

/* One call being answered. */
struct hms_call {
    const struct app *app;
    struct ops_env env;
    const struct thrift_value *args; /* the arguments struct */
    struct sbuf *out;                /* the result struct's success field (id 0), if any */
    struct srv_error err;
    struct hms_session *session;
    const char *hms_type; /* an HMS exception named by the method itself, or NULL (CAT_* code) */
};

/* Answer the call message M of SESSION under APP into REPLY (a whole message, strict header):
** its result, a declared HMS exception, or a TApplicationException (UNKNOWN_METHOD for a method
** not served).  CLIENT is the peer's address (the audit line).  Returns the method's name as a
** static string (for the metrics), "Unknown" for a method not served. */
const char *hms_dispatch(const struct app *app, struct hms_session *session, const char *client,
                         const struct thrift_message *m, struct sbuf *reply);

#endif
