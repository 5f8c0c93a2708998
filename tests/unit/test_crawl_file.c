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

/* The columns of TEXT as "name:type,..." and whether a header was found (*HEADER). */
static void schema_of(const char *text, char *out, size_t cap, int *header, enum crawl_format *f)
{
    char delim, msg[256] = "";
    json_t *cols = NULL, *c;
    size_t i, used = 0;
    if (crawl_text_schema(text, strlen(text), f, &delim, header, &cols, msg, sizeof(msg)) != 0)
        fail_msg("%s: %s", text, msg);
    out[0] = '\0';
    json_array_foreach(cols, i, c) {
        used += (size_t)snprintf(out + used, cap - used, "%s%s:%s", i ? "," : "",
                                 json_string_value(json_object_get(c, "Name")),
                                 json_string_value(json_object_get(c, "Type")));
    }
    json_decref(cols);
}

/* Glue's built-in CSV classifier: a header is a first line of strings only, over data that is
** not all strings; otherwise the first line is data and the columns are col0, col1, ... */
static void test_csv_header_detected_as_glue_does(void **state)
{
    static const struct {
        const char *text;
        int header;
        const char *cols;
    } cases[] = {
        {"id,price,ok\n1,1.5,true\n2,2,false\n", 1, "id:bigint,price:double,ok:boolean"},
        {"Name,Seen\nbob,2024-01-01\n", 1, "name:string,seen:date"},
        /* every column a string: not different enough, so no header */
        {"name,city\nbob,paris\nann,rome\n", 0, "col0:string,col1:string"},
        /* a number in the first line: data */
        {"1,2\n3,4\n", 0, "col0:bigint,col1:bigint"},
        {"a,7\nb,8\n", 0, "col0:string,col1:bigint"},
        /* a date in the first line: data, and it types its column */
        {"2024-01-01,x\n2024-01-02,y\n", 0, "col0:date,col1:string"},
        /* an empty header field (not the last): no header */
        {"id,,x\n1,2,3\n", 0, "col0:string,col1:bigint,col2:string"},
        /* a trailing delimiter: the last field may be empty when its column is */
        {"id,n,\n1,2,\n", 1, "id:bigint,n:bigint,col2:string"},
        /* only a header line: nothing to compare it with */
        {"id,n\n", 0, "col0:string,col1:string"},
        /* a header field of 150 characters is not a name */
        {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,n\nabc,1\n",
         0, "col0:string,col1:string"},
        {"a\tb\nx\t1\n", 1, "a:string,b:bigint"},
    };
    char got[1024];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum crawl_format f;
        int header = -1;
        schema_of(cases[i].text, got, sizeof(got), &header, &f);
        assert_int_equal(f, CRAWL_CSV);
        if (header != cases[i].header || strcmp(got, cases[i].cols) != 0)
            fail_msg("case %zu: header %d, columns %s; want %d, %s", i, header, got,
                     cases[i].header, cases[i].cols);
    }
}

/* JSON objects become structs whose field names are bare unless they need quoting, the one
** rule of lang/hivetype (hivetype_add_field_name()), which Hive and Trino parse. */
static void test_json_struct_field_names_bare(void **state)
{
    static const struct {
        const char *text, *cols;
    } cases[] = {
        {"{\"src\": {\"ip\": \"1.2.3.4\", \"port\": 80}}\n", "src:struct<ip:string,port:bigint>"},
        {"{\"s\": {\"IP\": 1, \"_x9\": [1.5]}}\n", "s:struct<ip:bigint,_x9:array<double>>"},
        {"{\"s\": {\"a b\": 1, \"1st\": true, \"x:y\": \"\", \"q`q\": 2}}\n",
         "s:struct<`a b`:bigint,`1st`:boolean,`x:y`:string,`q_q`:bigint>"},
    };
    char got[1024];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum crawl_format f;
        int header;
        schema_of(cases[i].text, got, sizeof(got), &header, &f);
        assert_int_equal(f, CRAWL_JSON);
        assert_string_equal(got, cases[i].cols);
    }
    /* a type written the old way (backquotes a plain name needs not) is the same type: the
    ** new text wins, so a re-crawl repairs it */
    assert_string_equal(crawl_wider_type("struct<`ip`:string>", "struct<ip:string>"),
                        "struct<ip:string>");
    assert_string_equal(crawl_wider_type("struct<ip:string>", "struct<ip:int>"), "string");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gzip_of_empty_members_is_read_in_bounds),
        cmocka_unit_test(test_csv_header_detected_as_glue_does),
        cmocka_unit_test(test_json_struct_field_names_bare),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
