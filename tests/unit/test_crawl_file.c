/* test_crawl_file.c -- unit tests for crawl_file.c: what the crawler reads of a data file is
** bounded however the file is made (gzip streams that inflate to nothing). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crawler/crawl_file.h"

/* The bytes this process has read so far (rchar of /proc/self/io), or -1. */
static long long bytes_read(void)
{
    FILE *f = fopen("/proc/self/io", "r");
    char line[128];
    long long v = -1;
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "rchar: %lld", &v) == 1)
            break;
    fclose(f);
    return v;
}

/* Regression: a gzip file of empty members inflates to nothing, so the sample's output cap
** never filled and the crawler read the whole file, however large. */
static void test_gzip_of_empty_members_is_read_in_bounds(void **state)
{
    /* empty gzip members of 1001 bytes (odd, so a member seldom ends where a 64 KiB read
    ** does): header with a 976-byte FEXTRA field, an empty stored block, CRC32 0, ISIZE 0 */
    unsigned char member[1001];
    char path[] = "/tmp/catalogd-crawl-file-XXXXXX";
    struct crawl_file cf;
    char msg[256];
    size_t n = 0;
    long long before, after;
    int fd = mkstemp(path);
    FILE *f;
    (void)state;
    memset(member, 0, sizeof(member));
    memcpy(member, "\x1f\x8b\x08\x04\0\0\0\0\0\x03", 10);
    member[10] = 976 & 0xff, member[11] = 976 >> 8;
    memcpy(member + 12 + 976, "\x01\x00\x00\xff\xff", 5); /* then 8 zero bytes */
    assert_true(fd >= 0);
    assert_non_null(f = fdopen(fd, "wb"));
    for (n = 0; n < 32u * 1024 * 1024; n += sizeof(member)) /* 32 MiB of empty members */
        fwrite(member, 1, sizeof(member), f);
    fclose(f);
    before = bytes_read();
    crawl_file_read(path, &cf, msg, sizeof(msg)); /* a failure to learn columns is fine */
    after = bytes_read();
    crawl_file_release(&cf);
    unlink(path);
    assert_true(before >= 0 && after >= before);
    if (after - before > (long long)CRAWL_SAMPLE_INPUT_BYTES + 65536)
        fail_msg("read %lld bytes of a %zu-byte file (cap %d)", after - before, n,
                 CRAWL_SAMPLE_INPUT_BYTES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gzip_of_empty_members_is_read_in_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
