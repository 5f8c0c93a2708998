/* registry.h -- the one table of operations (registry.def) and ops_run(), through which every
** front calls them: validation, the connection, the call and error logging happen here once. */
#ifndef SRV_REGISTRY_H
#define SRV_REGISTRY_H

#include <stddef.h>

#include "ops/ops.h"

struct auth_principal;

#define OP_READ 0u
#define OP_WRITE 1u /* changes the catalog */
/* Or'ed into the flags of catalogd's own operations, which the Glue model does not have (no
** Glue client sends them): extension.c checks their requests instead of the model. */
#define OP_EXTENSION 2u
/* Or'ed into the flags of the Iceberg REST catalog's operations (ops/iceberg.h): served by the
** Iceberg front only (the Glue front answers them as unknown, the REST front has no route for
** them); extension.c checks their requests. */
#define OP_ICEBERG 4u

/* One row of registry.def. */
struct op_def {
    const char *name; /* Glue operation name, also its input shape in the model */
    op_fn *fn;
    unsigned flags;    /* OP_READ or OP_WRITE, | OP_EXTENSION or | OP_ICEBERG */
    const char *route; /* "METHOD /v1/path" on the REST front, or "" */
};

/* The operation named NAME (exact, case-sensitive), or NULL.  Thread-safe; the table is
** indexed once, on first use, whatever the order of registry.def. */
const struct op_def *ops_find(const char *name);
/* Row I of the table in registry.def order, or NULL past the end. */
const struct op_def *ops_at(size_t i);
size_t ops_count(void);

/* What ops_run() needs of the server. */
struct ops_env {
    struct store_pool *pool;
    const char *catalog_id;           /* default CatalogId */
    size_t max_answer;                /* 0: OPS_DEFAULT_MAX_ANSWER */
    const struct auth_principal *who; /* who asks (auth.h); NULL: no auth file, all allowed */
    const char *source;               /* client address, or NULL: for the audit line */
    const char *request_id;           /* or NULL: for the audit line */
};

/* The answer of one operation: *OUT or a text page (see struct op_page). */
struct op_result {
    json_t *out; /* owned, or NULL when PAGE.member is set */
    struct op_page page;
};

/* Run OP on request IN (a JSON object, borrowed; members the model does not define are
** removed from it first): check it against the model's input shape, take a pooled connection,
** check that ENV->who may run it (auth_permit(): role, databases), call the handler, give the
** connection back, leave out of the answer what ENV->who may not see (auth_filter()) and log
** a successful write (auth_audit()).  CAT_OK with *RES filled (release it with
** op_result_release()), or an error code with ERR set and *RES empty.  Internal faults are
** logged to stderr here, once.  A handler that fails with CAT_ECONCURRENT and ERR->retry set
** (the store's serialization failure: its transaction was rolled back whole) is run again,
** after a short random pause, up to STORE_MAX_ATTEMPTS times in all; so a handler must not
** change IN in a way that a second run would read differently. */
int ops_run(const struct ops_env *env, const struct op_def *op, json_t *in, struct op_result *res,
            struct srv_error *err);
/* ops_run() with FLAGS: OPS_LONG_EXPRESSION lets GetPartitions' Expression pass the model's
** 2048 characters (the Hive Metastore front: engines send longer filters; pexpr's own limits and
** the front's message size still bound it). */
#define OPS_LONG_EXPRESSION 1u
/* OPS_WHOLE_STATS: a ColumnStatisticsList may pass the model's 25 entries (each 25 checked in
** the list's place) and is written whole or not at all: an entry's error fails the operation
** (the Hive Metastore front: one HMS call names any number of columns and is one transaction). */
#define OPS_WHOLE_STATS 2u
int ops_run_flags(const struct ops_env *env, const struct op_def *op, json_t *in, unsigned flags,
                  struct op_result *res, struct srv_error *err);
void op_result_release(struct op_result *res);

#endif
