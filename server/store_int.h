/* store_int.h -- what the SQLite store's own files share: the connection and its statement cache. */
#ifndef SRV_STORE_INT_H
#define SRV_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

#define STMT_CACHE 128

struct store {
    sqlite3 *db;
    int in_txn;
    struct {
        const char *sql; /* static SQL text, the cache key (by address) */
        sqlite3_stmt *stmt;
    } cache[STMT_CACHE];
    struct store *next; /* idle list of the pool */
};

/* A prepared statement for static SQL text SQL, cached per connection.  NULL and ERR
** set on failure.  Release it with store_reset(). */
sqlite3_stmt *store_prep(struct store *st, const char *sql, struct srv_error *err);
/* Reset STMT and clear its bindings.  NULL-safe. */
void store_reset(sqlite3_stmt *stmt);
/* Map the connection's last SQLite error to a CAT_* code in ERR and return it. */
int store_sqlerr(struct store *st, struct srv_error *err);

#endif
