/* app_check.h -- what the front unit tests share: a struct app on a store pool (SQLite's
** :memory:, or with CATALOG_TEST_PG set a fresh PostgreSQL database of its own), set up and torn
** down around the group.  Include after cmocka.h. */
#ifndef TEST_APP_CHECK_H
#define TEST_APP_CHECK_H

#include <string.h>

#include "front/http.h"
#include "pg_check.h"
#include "store/store.h"

static struct app app;
static char app_dbname[64];
static char *app_locator; /* the group's PostgreSQL database (NULL: SQLite's :memory:) */

static int setup(void **state)
{
    struct srv_error err;
    (void)state;
    memset(&app, 0, sizeof(app));
    srv_error_init(&err);
    server = test_pg_server();
    if (server != NULL)
        fresh_db("app", app_dbname, sizeof(app_dbname), &app_locator);
    if (store_pool_open(&app.pool, app_locator ? app_locator : ":memory:", &err) != CAT_OK)
        return -1;
    app.catalog_id = "000000000000";
    app.max_body = 1 << 20;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_pool_close(app.pool);
    app.pool = NULL;
    if (app_locator)
        drop_db(app_dbname, app_locator);
    app_locator = NULL;
    return 0;
}

#endif
