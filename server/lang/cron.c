/* cron.c -- Glue schedule expressions, cron(Minutes Hours Day-of-month Month Day-of-week Year),
** parsed to bit sets and matched against calendar minutes; pure C. */
#include "lang/cron.h"

#include <stdio.h>
#include <string.h>

static const char *const month_names[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
static const char *const day_names[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

struct field {
    const char *name;
    int lo, hi;
    const char *const *names; /* names for lo, lo+1, ... or NULL */
    int nnames;
};

static const struct field fields[6] = {
    {"minutes", 0, 59, NULL, 0},         {"hours", 0, 23, NULL, 0},
    {"day-of-month", 1, 31, NULL, 0},    {"month", 1, 12, month_names, 12},
    {"day-of-week", 1, 7, day_names, 7}, {"year", 1970, 2225, NULL, 0},
};

static int upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* One value of F at *P: a number or a name.  Returns 0 and advances *P, or -1. */
static int value(const struct field *f, const char **p, int *out)
{
    const char *s = *p;
    int v = 0, i, digits = 0;
    while (*s >= '0' && *s <= '9' && digits < 6)
        v = v * 10 + (*s++ - '0'), digits++;
    if (digits == 0) {
        for (i = 0; i < f->nnames; i++)
            if (upper((unsigned char)s[0]) == f->names[i][0] &&
                upper((unsigned char)s[0] ? s[1] : 0) == f->names[i][1] && s[1] &&
                upper((unsigned char)s[2]) == f->names[i][2]) {
                v = f->lo + i;
                s += 3;
                break;
            }
        if (i == f->nnames)
            return -1;
    }
    if (v < f->lo || v > f->hi)
        return -1;
    *p = s, *out = v;
    return 0;
}

static void set_bit(uint64_t *bits, int i)
{
    bits[i / 64] |= (uint64_t)1 << (i % 64);
}

/* Parse field text T (LEN bytes) into BITS (indexed by value - BASE). */
static int parse_field(const struct field *f, const char *t, size_t len, uint64_t *bits, int base,
                       char *msg, size_t n)
{
    char buf[64];
    const char *p;
    if (len == 0 || len >= sizeof(buf))
        return snprintf(msg, n, "the %s field is empty or too long", f->name), -1;
    memcpy(buf, t, len);
    buf[len] = '\0';
    p = buf;
    for (;;) {
        int a = f->lo, b = f->hi, step = 1, v;
        if (*p == '*' || *p == '?') {
            p++;
        } else {
            if (value(f, &p, &a) != 0)
                goto bad;
            b = a;
            if (*p == '-') {
                p++;
                if (value(f, &p, &b) != 0 || b < a)
                    goto bad;
            }
        }
        if (*p == '/') {
            const char *q = ++p;
            step = 0;
            while (*p >= '0' && *p <= '9' && p - q < 4)
                step = step * 10 + (*p++ - '0');
            if (p == q || step < 1)
                goto bad;
            if (a == b)
                b = f->hi; /* "5/15": from 5 on */
        }
        for (v = a; v <= b; v += step)
            set_bit(bits, v - base);
        if (*p == '\0')
            return 0;
        if (*p++ != ',')
            goto bad;
    }
bad:
    snprintf(msg, n, "invalid %s field '%s'", f->name, buf);
    return -1;
}

int cron_parse(const char *expr, struct cron *out, char *msg, size_t n)
{
    const char *s = expr, *end;
    uint64_t bits[6][4];
    int nf = 0, i;
    memset(out, 0, sizeof(*out));
    memset(bits, 0, sizeof(bits));
    if (s == NULL || strlen(s) > CRON_MAX_LEN)
        return snprintf(msg, n, "a schedule is cron(...) of at most %d characters", CRON_MAX_LEN),
               -1;
    while (*s == ' ')
        s++;
    end = s + strlen(s);
    while (end > s && end[-1] == ' ')
        end--;
    if (end - s > 5 && strncmp(s, "cron(", 5) == 0 && end[-1] == ')')
        s += 5, end--;
    while (s < end) {
        const char *w;
        while (s < end && *s == ' ')
            s++;
        if (s == end)
            break;
        for (w = s; w < end && *w != ' '; w++)
            ;
        if (nf == 6)
            return snprintf(msg, n, "a cron expression has 5 or 6 fields"), -1;
        if (parse_field(&fields[nf], s, (size_t)(w - s), bits[nf], nf == 5 ? 1970 : 0, msg, n))
            return -1;
        nf++;
        s = w;
    }
    if (nf < 5)
        return snprintf(msg, n, "a cron expression has 5 or 6 fields"), -1;
    if (nf == 5)
        for (i = 0; i < 256; i++)
            set_bit(bits[5], i);
    out->minutes = bits[0][0];
    out->hours = (uint32_t)bits[1][0];
    out->days = (uint32_t)bits[2][0];
    out->months = (uint32_t)bits[3][0];
    out->weekdays = (uint32_t)bits[4][0];
    memcpy(out->years, bits[5], sizeof(out->years));
    return 0;
}

int cron_matches(const struct cron *c, const struct tm *tm)
{
    int y = tm->tm_year + 1900 - 1970;
    if (y < 0 || y > 255 || !(c->years[y / 64] >> (y % 64) & 1))
        return 0;
    return (c->minutes >> tm->tm_min & 1) && (c->hours >> tm->tm_hour & 1) &&
           (c->days >> tm->tm_mday & 1) && (c->months >> (tm->tm_mon + 1) & 1) &&
           (c->weekdays >> (tm->tm_wday + 1) & 1);
}
