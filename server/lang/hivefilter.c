/* hivefilter.c -- Hive Metastore partition filters -> GetPartitions expressions (LIKE's regular
** expressions as SQL LIKE patterns); pure C. */
#include "lang/hivefilter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

static int word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The end of the quoted literal that starts at S[0] (its quote): one past the closing quote, or
** NULL when it is not closed.  A doubled quote and a backslash escape stay inside. */
static const char *literal_end(const char *s)
{
    const char *p = s + 1;
    for (; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
        } else if (*p == *s) {
            if (p[1] != *s)
                return p + 1;
            p++;
        }
    }
    return NULL;
}

/* The literal S[0..END) decoded into B (\' \" \\ and doubled quotes undone, as pexpr reads). */
static void literal_text(struct sbuf *b, const char *s, const char *end)
{
    const char *p;
    for (p = s + 1; p < end - 1; p++) {
        if (*p == '\\' && (p[1] == '\'' || p[1] == '"' || p[1] == '\\'))
            p++;
        else if (*p == *s)
            p++; /* the first of a doubled quote */
        sbuf_add(b, p, 1);
    }
}

static int refuse(struct srv_error *err, const struct sbuf *re, const char *what)
{
    return srv_error_set(err, CAT_EINVAL,
                         "LIKE '%.200s': Hive's LIKE is a regular expression, matched here as SQL "
                         "LIKE ('.*' and '%%' any string, '.' any character); %s cannot be.",
                         re->p ? re->p : "", what);
}

/* The regular expression RE as a LIKE pattern, appended to OUT as a single-quoted literal. */
static int like_pattern(struct sbuf *out, const struct sbuf *re, struct srv_error *err)
{
    size_t k;
    sbuf_adds(out, "'");
    for (k = 0; k < re->len; k++) {
        char ch = re->p[k], lit = 0;
        if (ch == '.' && k + 1 < re->len && re->p[k + 1] == '*') {
            sbuf_adds(out, "%");
            k++;
            continue;
        }
        if (ch == '.' || ch == '%') {
            sbuf_adds(out, ch == '.' ? "_" : "%");
            continue;
        }
        if (ch == '\\') {
            if (k + 1 < re->len && re->p[k + 1] && strchr(".^$|?*+()[]{}\\/-", re->p[k + 1])) {
                lit = re->p[++k];
            } else {
                return refuse(err, re,
                              "an escape other than of a punctuation character (\\d, "
                              "\\w, \\%, \\_, ...)");
            }
        } else if (ch == '_') {
            return refuse(err, re, "a literal '_' (LIKE's one-character wildcard)");
        } else if (strchr("^$|?*+()[]{}", ch)) {
            char what[64];
            snprintf(what, sizeof(what),
                     "'%c' (anchors, classes, groups, alternation, quantifiers)", ch);
            return refuse(err, re, what);
        } else {
            lit = ch;
        }
        if (lit == '_' || lit == '%')
            return refuse(err, re, "a literal '_' or '%' (LIKE's wildcards)");
        if (lit == '\'')
            sbuf_adds(out, "''");
        else if (lit == '\\')
            sbuf_adds(out, "\\\\");
        else
            sbuf_add(out, &lit, 1);
    }
    sbuf_adds(out, "'");
    return CAT_OK;
}

int hivefilter_expression(const char *filter, char **out, struct srv_error *err)
{
    struct sbuf b = {0};
    const char *p = filter ? filter : "";
    int after_like = 0;
    *out = NULL;
    while (*p) {
        const char *start = p;
        if (*p == '\'' || *p == '"') {
            const char *end = literal_end(p);
            if (end == NULL) { /* not closed: left to the expression parser to report */
                sbuf_adds(&b, p);
                break;
            }
            if (after_like) {
                struct sbuf re = {0};
                int rc;
                literal_text(&re, p, end);
                sbuf_add(&re, "", 1); /* NUL-terminated for the message */
                re.len--;
                rc = like_pattern(&b, &re, err);
                free(re.p);
                if (rc != CAT_OK) {
                    free(b.p);
                    return rc;
                }
            } else {
                sbuf_add(&b, p, (size_t)(end - p));
            }
            p = end;
            after_like = 0;
            continue;
        }
        if (*p == '`') { /* a quoted name, `` for ` */
            for (p++; *p && !(*p == '`' && p[1] != '`'); p++)
                if (*p == '`')
                    p++;
            if (*p)
                p++;
            after_like = 0;
        } else if (word_char(*p)) {
            while (word_char(*p))
                p++;
            after_like = p - start == 4 && strncasecmp(start, "like", 4) == 0;
        } else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            p++;
        } else {
            p++;
            after_like = 0;
        }
        sbuf_add(&b, start, (size_t)(p - start));
    }
    sbuf_add(&b, "", 1);
    *out = b.p;
    return CAT_OK;
}
