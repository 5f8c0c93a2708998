/* iceberg_check.h -- what the Iceberg unit tests share: JSON written with ' for " (readable
** tables), and assertions that two JSON values are equal (both printed when not) or that a
** value has the given members.  Include after cmocka.h. */
#ifndef TEST_ICEBERG_CHECK_H
#define TEST_ICEBERG_CHECK_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* JSON text with ' for " (so that the tables stay readable); NULL for NULL. */
static inline json_t *J(const char *text)
{
    char *s;
    json_t *v;
    json_error_t e;
    size_t i;
    if (text == NULL)
        return NULL;
    s = strdup(text);
    for (i = 0; s[i]; i++)
        if (s[i] == '\'')
            s[i] = '"';
    v = json_loads(s, JSON_DECODE_ANY, &e);
    if (v == NULL)
        fail_msg("bad test JSON (%s): %s", e.text, s);
    free(s);
    return v;
}

static inline void assert_json(const json_t *got, const json_t *want, const char *what)
{
    if (!json_equal((json_t *)got, (json_t *)want)) {
        char *g = json_dumps(got, JSON_SORT_KEYS | JSON_ENCODE_ANY);
        char *w = json_dumps(want, JSON_SORT_KEYS | JSON_ENCODE_ANY);
        fail_msg("%s:\n got  %s\n want %s", what, g ? g : "NULL", w ? w : "NULL");
    }
}

/* Each member of WANT_TEXT (an object, J()'s notation) equals GOT's. */
static inline void assert_members(const json_t *got, const char *want_text, const char *what)
{
    json_t *want = J(want_text);
    const char *k;
    json_t *v;
    char buf[160];
    json_object_foreach(want, k, v) {
        snprintf(buf, sizeof(buf), "%s: member %s", what, k);
        assert_json(json_object_get(got, k), v, buf);
    }
    json_decref(want);
}

#endif
