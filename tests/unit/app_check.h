/* app_check.h -- what the front unit tests share: a struct app on a :memory: store pool, set up
** and torn down around the group.  Include after cmocka.h. */
#ifndef TEST_APP_CHECK_H
#define TEST_APP_CHECK_H

#include <string.h>

#include "front/http.h"
#include "store/store.h"

static struct app app;

static int setup(void **state)
{
    struct srv_error err;
    (void)state;
    memset(&app, 0, sizeof(app));
    srv_error_init(&err);
    if (store_pool_open(&app.pool, ":memory:", &err) != CAT_OK)
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
    return 0;
}

#endif
