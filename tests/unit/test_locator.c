/* test_locator.c -- store.c: which backend a --db locator names, and how it is shown in logs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/store_backend.h"

static void test_locator_picks_the_backend(void **state)
{
    static const struct {
        const char *locator;
        const char *backend;
    } cases[] = {
        {"./catalog.db", "sqlite"},
        {"/var/lib/catalogd/catalog.db", "sqlite"},
        {":memory:", "sqlite"},
        {"dir/with=equals/catalog.db", "sqlite"}, /* '/' before '=': a path */
        {"postgresql://catalog@127.0.0.1:5432/cat", "postgresql"},
        {"postgres://db.internal/cat", "postgresql"},
        {"host=127.0.0.1 port=5432 dbname=cat", "postgresql"},
        {"dbname=cat", "postgresql"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_string_equal(store_backend_for(cases[i].locator)->name, cases[i].backend);
}

static void test_locator_display_hides_passwords(void **state)
{
    static const struct {
        const char *locator;
        const char *shown;
    } cases[] = {
        {"postgresql://cat:s3cret@db:5432/c", "postgresql://cat:***@db:5432/c"},
        {"postgresql://cat@db:5432/c", "postgresql://cat@db:5432/c"},
        {"postgresql://db/c", "postgresql://db/c"},
        {"host=db password=s3cret dbname=c", "host=db password=*** dbname=c"},
        {"host=db password = 's3 c\\'ret' dbname=c", "host=db password=*** dbname=c"},
        {"password=x", "password=***"},
        {"host=db dbname=c", "host=db dbname=c"},
        {"postgresql://db/c?sslmode=require&password=s3cret",
         "postgresql://db/c?sslmode=require&password=***"},
        {"postgresql://db/c?password=s3cret&sslmode=require",
         "postgresql://db/c?password=***&sslmode=require"},
        {"postgres://u:s3cret@db/c?password=s3", "postgres://u:***@db/c?password=***"},
        {"host=db mypassword=x dbname=c", "host=db mypassword=x dbname=c"},
        {"./catalog.db", "./catalog.db"},
        /* libpq decodes a URI's parameter names: any encoded form of password is hidden */
        {"postgresql://db/c?%70assword=s3cret", "postgresql://db/c?%70assword=***"},
        {"postgresql://db/c?sslmode=require&%50%41%53%53%57%4F%52%44=s3cret",
         "postgresql://db/c?sslmode=require&%50%41%53%53%57%4F%52%44=***"},
        {"postgresql://db/c?PassWord=s3cret&x=1", "postgresql://db/c?PassWord=***&x=1"},
        {"postgresql://db/c?pass%77ord=s3#cret&x=1", "postgresql://db/c?pass%77ord=***&x=1"},
        {"postgresql://db/c?sslpassword=s3cret", "postgresql://db/c?sslpassword=***"},
        {"postgresql://db/c?%2570assword=x", "postgresql://db/c?%2570assword=x"}, /* "%70..." */
        /* libpq's user info runs to the first '@' before the first '/' */
        {"postgresql://u:pa?s3cret@db/c", "postgresql://u:***@db/c"},
        {"postgresql://u:pa#s3cret@db/c", "postgresql://u:***@db/c"},
        {"host=db PASSWORD=s3cret", "host=db PASSWORD=***"},
        {"host=db password=a\\ s3cret dbname=c", "host=db password=*** dbname=c"},
        {"host=db sslpassword='s3 cret'", "host=db sslpassword=***"},
    };
    char buf[128];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        store_locator_display(cases[i].locator, buf, sizeof(buf));
        assert_string_equal(buf, cases[i].shown);
        assert_null(strstr(buf, "s3"));
    }
}

static void test_pool_size_setting(void **state)
{
    (void)state;
    store_set_pool_size(7);
    assert_int_equal(store_pool_size(), 7);
    store_set_pool_size(0);
    assert_int_equal(store_pool_size(), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_locator_picks_the_backend),
        cmocka_unit_test(test_locator_display_hides_passwords),
        cmocka_unit_test(test_pool_size_setting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
