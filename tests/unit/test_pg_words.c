/* test_pg_words.c -- pg_words.c's words against SQLite FTS5's unicode61 tokenizer itself, on
** chosen and on random texts, and its array literals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/pg/pg_words.h"

static sqlite3 *db;

static int setup(void **state)
{
    (void)state;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
        sqlite3_exec(db,
                     "CREATE VIRTUAL TABLE t USING fts5(a, tokenize = 'unicode61 "
                     "remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')",
                     NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sqlite3_close(db);
    return 0;
}

/* FTS5's tokens of TEXT as "w1 w2 ... " (a new string). */
static char *fts5_words(const char *text)
{
    struct sbuf b = {0};
    sqlite3_stmt *s;
    sbuf_add(&b, "", 0);
    sqlite3_exec(db, "DELETE FROM t", NULL, NULL, NULL);
    assert_int_equal(
        sqlite3_prepare_v2(db, "INSERT INTO t (rowid, a) VALUES (1, ?1)", -1, &s, NULL), SQLITE_OK);
    sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT term FROM v ORDER BY offset", -1, &s, NULL),
                     SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        sbuf_adds(&b, (const char *)sqlite3_column_text(s, 0));
        sbuf_add(&b, " ", 1);
    }
    sqlite3_finalize(s);
    return b.p ? b.p : calloc(1, 1);
}

static void check(const char *text)
{
    struct sbuf b = {0};
    char *want = fts5_words(text);
    sbuf_add(&b, "", 0);
    pg_words_add(&b, text);
    if (strcmp(b.p ? b.p : "", want) != 0)
        fail_msg("words of \"%s\": \"%s\", FTS5: \"%s\"", text, b.p ? b.p : "", want);
    free(b.p);
    free(want);
}

static void test_chosen(void **state)
{
    static const char *const texts[] = {
        "",
        "  ",
        "customer-link",
        "Links between Café customers",
        "owner_team growth",
        "CAFÉ naïve Ærø straße İstanbul Ǆemal ΑΒΓ Москва",
        "e\xcc\x81"
        "cole \xcc\x81 x",
        "a\xe2\x80\x94"
        "b a\xc2\xa0"
        "b \xc2\xab"
        "q\xc2\xbb \xc2\xbf"
        "que?",
        "\xef\xbc\xa1\xef\xbc\xa2",
        "\xe6\x95\xb0\xe6\x8d\xae \xf0\x9f\x98\x80ok \xf0\x90\x90\x80",
        "\xc5\x89 \xc4\xb2 \xc5\xbf \xc3\x9f",
        "k:v a.b a/b a#b 2024-01-02",
        "\xc2\xb5m mm\xc2\xb2 \xc2\xbd \xc3\x97 \xc3\xb7"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        check(texts[i]);
}

static void put_utf8(struct sbuf *b, uint32_t c)
{
    char u[4];
    size_t n;
    if (c < 0x80) {
        u[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xc0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xe0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[2] = (char)(0x80 | (c & 0x3f));
        n = 3;
    } else {
        u[0] = (char)(0xf0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[3] = (char)(0x80 | (c & 0x3f));
        n = 4;
    }
    sbuf_add(b, u, n);
}

/* Random texts over blocks where separators, case and diacritics mix. */
static void test_random(void **state)
{
    static const uint32_t blocks[][2] = {{0x20, 0x7f},       {0x80, 0x250},    {0x250, 0x370},
                                         {0x370, 0x530},     {0x1e00, 0x2000}, {0x2000, 0x2100},
                                         {0x3000, 0x3100},   {0xff00, 0xfff0}, {0x10400, 0x10450},
                                         {0x1f300, 0x1f700}, {0xa640, 0xa800}, {0x4e00, 0x4e40}};
    unsigned seed = 12345;
    int i, j;
    (void)state;
    for (i = 0; i < 3000; i++) {
        struct sbuf b = {0};
        int n = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 24;
        sbuf_add(&b, "", 0);
        for (j = 0; j < n; j++) {
            const uint32_t *blk;
            uint32_t c;
            seed = seed * 1103515245u + 12345u;
            blk = blocks[(seed >> 16) % (sizeof(blocks) / sizeof(blocks[0]))];
            seed = seed * 1103515245u + 12345u;
            c = blk[0] + (seed >> 8) % (blk[1] - blk[0]);
            if (c >= 0xd800 && c < 0xe000)
                continue;
            put_utf8(&b, c);
        }
        check(b.p);
        free(b.p);
    }
}

static void test_arrays(void **state)
{
    struct sbuf b = {0};
    (void)state;
    pg_array_open(&b);
    pg_array_close(&b);
    assert_string_equal(b.p, "{}");
    free(b.p);
    b = (struct sbuf){0};
    pg_array_open(&b);
    pg_array_text(&b, "a \"b\" \\c");
    pg_array_text(&b, "");
    pg_array_raw(&b, "1.5");
    pg_array_close(&b);
    assert_string_equal(b.p, "{\"a \\\"b\\\" \\\\c\",\"\",1.5}");
    free(b.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chosen),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_arrays),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
