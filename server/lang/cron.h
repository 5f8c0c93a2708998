/* cron.h -- Glue schedule expressions, cron(Minutes Hours Day-of-month Month Day-of-week Year),
** parsed to bit sets and matched against calendar minutes; pure C. */
#ifndef SRV_CRON_H
#define SRV_CRON_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define CRON_MAX_LEN 256

struct cron {
    uint64_t minutes;  /* bit m: minute m (0..59) */
    uint32_t hours;    /* 0..23 */
    uint32_t days;     /* bit d: day of month d (1..31) */
    uint32_t months;   /* bit m: month m (1..12) */
    uint32_t weekdays; /* bit d: day of week d (1 = Sunday .. 7 = Saturday), as Glue counts */
    uint64_t years[4]; /* bit y - 1970 of the 256 years from 1970 */
};

/* Parse "cron(m h dom mon dow year)" (the "cron(...)" wrapper may be left out; the year may be
** left out, meaning every year).  Fields: '*', '?', N, N-M, lists "a,b", steps "*\/n" and "N-M/n";
** months JAN..DEC and weekdays SUN..SAT by name in any case.  L, W and # are refused (an invalid
** field). Returns 0, or -1 with MSG (size N) naming the problem. */
int cron_parse(const char *expr, struct cron *out, char *msg, size_t n);

/* Whether the calendar minute TM (UTC, as gmtime() fills it) is in C. */
int cron_matches(const struct cron *c, const struct tm *tm);

#endif
