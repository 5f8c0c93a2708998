/* jview.h -- a read-only view of JSON text (jsmn's tokens, from Debian's libjsmn-dev), for the
** fronts that write catalogd's own JSON answers in another wire format without building a
** jansson tree: member lookup, iteration, typed reads and string unescaping over the text.
**
** A view borrows the text (which must outlive it) and owns its node array.  Nodes are indexes,
** 0 the top value; every function takes -1 ("no node") and answers as for a missing member, so
** lookups chain without checks.  The text is expected to be JSON catalogd wrote (jansson's
** output); jview_parse() still refuses what jsmn cannot read (in its strict mode: a bare number
** at the very end of the text too), and a read never goes past the text whatever it holds. */
#ifndef SRV_JVIEW_H
#define SRV_JVIEW_H

#include <stddef.h>

#include "base/util.h"

enum jview_type { JVIEW_NONE, JVIEW_OBJECT, JVIEW_ARRAY, JVIEW_STRING, JVIEW_PRIMITIVE };

struct jview_node {
    int type;       /* enum jview_type */
    int start, end; /* the value's bytes in the text (a string's without its quotes) */
    int size;       /* members of an object, elements of an array, 1 for a key, else 0 */
    int after;      /* the node after this value and all it holds (a key: after its value) */
};

struct jview {
    const char *text;
    size_t len;
    struct jview_node *node;
    int count;
};

/* View TEXT (LEN bytes, borrowed): 0, or -1 when it is not one JSON value (V is then empty).
** Texts past INT_MAX bytes are refused. */
int jview_parse(struct jview *v, const char *text, size_t len);
/* Free the nodes; V is left empty (safe on an empty or zeroed view). */
void jview_release(struct jview *v);

int jview_type(const struct jview *v, int n); /* JVIEW_NONE for -1 */
/* The value of member KEY of object N (the first one of that name), or -1. */
int jview_get(const struct jview *v, int n, const char *key);
/* Members (objects) or elements (arrays) of N: 0 for anything else. */
int jview_size(const struct jview *v, int n);
/* The first element of array N / key of object N, or -1; the one after element or key E of N,
** or -1 after the last: for (e = jview_first(v, n); e >= 0; e = jview_next(v, n, e)). */
int jview_first(const struct jview *v, int n);
int jview_next(const struct jview *v, int n, int e);

/* N's string, unescaped, as *LEN bytes (not NUL-terminated), or NULL when N is not a string. The
** result points into the text when N holds no escape, else into SCRATCH (overwritten by the next
** call with the same SCRATCH; the caller frees SCRATCH->p).  A \u escape of a lone surrogate or of
** NUL gives U+FFFD. */
const char *jview_str(const struct jview *v, int n, size_t *len, struct sbuf *scratch);
/* Whether N is the literal true. */
int jview_is_true(const struct jview *v, int n);
/* N's number, or 0 when N is not a number. */
double jview_number(const struct jview *v, int n);
long long jview_integer(const struct jview *v, int n);

#endif
