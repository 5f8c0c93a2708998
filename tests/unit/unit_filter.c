/* unit_filter.c -- linked into every unit test: CMOCKA_TEST_FILTER (make check-fast K=...) picks
** the tests to run by name, a glob as cmocka_set_test_filter() takes (cmocka 1.1 reads no
** variable for it itself). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

__attribute__((constructor)) static void unit_filter(void)
{
    const char *pattern = getenv("CMOCKA_TEST_FILTER");
    if (pattern != NULL && *pattern != '\0')
        cmocka_set_test_filter(pattern);
}
