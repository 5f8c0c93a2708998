/* pg_stub.c -- placeholder for the PostgreSQL backend until pg_store.c lands: refuses locators. */
#include "store_backend.h"

static int stub_open(struct store_pool **out, const char *locator, struct srv_error *err)
{
    (void)locator;
    *out = NULL;
    return srv_error_set(err, CAT_EINVAL, "this catalogd was built without PostgreSQL support");
}

static int stub_open1(struct store **out, const char *locator, struct srv_error *err)
{
    (void)locator;
    *out = NULL;
    return srv_error_set(err, CAT_EINVAL, "this catalogd was built without PostgreSQL support");
}

static const char *stub_problem(void)
{
    return NULL;
}

const struct store_backend store_postgresql = {.name = "postgresql",
                                               .pool_open = stub_open,
                                               .open = stub_open1,
                                               .write_problem = stub_problem};
