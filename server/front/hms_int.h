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
    const char *method;              /* its name */
    const struct thrift_value *args; /* the arguments struct */
    struct sbuf *out;                /* the result struct's success field (id 0), if any */
    struct srv_error err;
    struct hms_session *session;
    const char *hms_type; /* an HMS exception named by the method itself, or NULL (CAT_* code) */
    size_t gathered;      /* bytes of listed items gathered so far (the answer cap) */
};

/* Helpers hms_methods.c lends the other method files. */
/* Run Glue operation NAME on IN (taken) for call C through ops_run(): CAT_OK with *OUT (a new
** object: the answer, a page made an object), or the error in C->err. */
int hms_run(struct hms_call *c, const char *name, json_t *in, json_t **out);
/* Run the paged listing NAME on IN (taken) to its end or MAX items (-1: the cap), gathering
** MEMBER's items into *ITEMS (a new array). */
int hms_run_all(struct hms_call *c, const char *name, json_t *in, const char *member, long max,
                json_t **items);
/* The Glue table DB.TBL (*TABLE a new reference) or an error. */
int hms_get_table(struct hms_call *c, json_t *db, json_t *tbl, json_t **table);
/* The values partition name NAME gives TABLE's keys, in key order (*VALUES a new array), or
** InvalidObject. */
int hms_name_values(struct hms_call *c, const json_t *table, const char *name, json_t **values);
/* The string arguments 1 and 2 (database, table) as new references, or an error. */
int hms_db_tbl(struct hms_call *c, json_t **db, json_t **tbl);

/* The column statistics methods (hms_stats.c), each answering its Thrift result or an error. */
int hms_get_table_column_statistics(struct hms_call *c);
int hms_get_partition_column_statistics(struct hms_call *c);
int hms_update_table_column_statistics(struct hms_call *c);
int hms_update_partition_column_statistics(struct hms_call *c);
int hms_update_column_statistics_req(struct hms_call *c); /* _req of both, set_aggr_stats_for */
int hms_delete_table_column_statistics(struct hms_call *c);
int hms_delete_partition_column_statistics(struct hms_call *c);
int hms_get_table_statistics_req(struct hms_call *c);
int hms_get_partitions_statistics_req(struct hms_call *c);

/* Answer the call message M of SESSION under APP into REPLY (a whole message, strict header):
** its result, a declared HMS exception, or a TApplicationException (UNKNOWN_METHOD for a method
** not served).  CLIENT is the peer's address (the audit line).  Returns the method's name as a
** static string (for the metrics), "Unknown" for a method not served. */
const char *hms_dispatch(const struct app *app, struct hms_session *session, const char *client,
                         const struct thrift_message *m, struct sbuf *reply);

#endif
