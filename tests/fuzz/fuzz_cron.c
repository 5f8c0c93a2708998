/* fuzz_cron.c -- libFuzzer target: Glue schedule expressions through cron_parse() and
** cron_matches().
**
** Input: the expression (an embedded NUL ends it).  Aborts on: a failure without a message, a
** success with a field that allows no value or a value outside its range (minute 0..59, hour
** 0..23, day 1..31, month 1..12, weekday 1..7), the bare expression and its cron(...) form
** parsing differently, lower and upper case parsing differently, or cron_matches() disagreeing
** with the bit sets on minutes picked from the input. */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang/cron.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(const struct cron *a, const struct cron *b)
{
    return a->minutes == b->minutes && a->hours == b->hours && a->days == b->days &&
           a->months == b->months && a->weekdays == b->weekdays &&
           memcmp(a->years, b->years, sizeof(a->years)) == 0;
}

static void die(const char *what, const char *expr)
{
    fprintf(stderr, "fuzz_cron: %s: '%s'\n", what, expr);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cron c, c2;
    char msg[256] = "", msg2[256];
    char *s = malloc(size + 1), *w = malloc(size + 8);
    const char *t;
    size_t i;
    int rc;
    if (s == NULL || w == NULL)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    rc = cron_parse(s, &c, msg, sizeof(msg));
    if (rc != 0) {
        if (rc != -1 || msg[0] == '\0')
            die("failure without a message", s);
    } else {
        if (c.minutes == 0 || c.minutes >> 60 || c.hours == 0 || c.hours >> 24 || c.days == 0 ||
            (c.days & 1) || c.months == 0 || (c.months & ~0x1FFEu) || c.weekdays == 0 ||
            (c.weekdays & ~0xFEu) || (c.years[0] | c.years[1] | c.years[2] | c.years[3]) == 0)
            die("a field out of range or empty", s);
        /* calendar minutes from the input: cron_matches() is the bit sets' answer */
        for (i = 0; i + 4 <= size && i < 64; i += 4) {
            time_t at = (time_t)((uint32_t)data[i] << 24 | (uint32_t)data[i + 1] << 16 |
                                 (uint32_t)data[i + 2] << 8 | data[i + 3]) *
                        60;
            struct tm tm;
            int y, want;
            gmtime_r(&at, &tm);
            y = tm.tm_year + 1900 - 1970;
            want = y >= 0 && y < 256 && (c.years[y / 64] >> (y % 64) & 1) &&
                   (c.minutes >> tm.tm_min & 1) && (c.hours >> tm.tm_hour & 1) &&
                   (c.days >> tm.tm_mday & 1) && (c.months >> (tm.tm_mon + 1) & 1) &&
                   (c.weekdays >> (tm.tm_wday + 1) & 1);
            if (cron_matches(&c, &tm) != want)
                die("cron_matches", s);
        }
    }
    /* "cron(E)" is E, when E is not already so wrapped and fits */
    for (t = s; *t == ' '; t++)
        ;
    if (strncmp(t, "cron(", 5) != 0 && strlen(s) + 6 <= CRON_MAX_LEN) {
        snprintf(w, size + 8, "cron(%s)", s);
        if (cron_parse(w, &c2, msg2, sizeof(msg2)) != rc || (rc == 0 && !same(&c, &c2)) ||
            (rc != 0 && strcmp(msg, msg2) != 0))
            die("cron(E) differs from E", s);
    }
    /* names in any case: the same expression in upper and lower case (no wrapper to keep) */
    if (strchr(s, '(') == NULL) {
        for (i = 0; i < size; i++)
            w[i] = (char)toupper((unsigned char)s[i]);
        w[size] = '\0';
        rc = cron_parse(w, &c2, msg2, sizeof(msg2));
        for (i = 0; i < size; i++)
            w[i] = (char)tolower((unsigned char)s[i]);
        if (cron_parse(w, &c, msg, sizeof(msg)) != rc || (rc == 0 && !same(&c, &c2)))
            die("upper and lower case differ", s);
    }
    free(s);
    free(w);
    return 0;
}
