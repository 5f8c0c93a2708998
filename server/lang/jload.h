/* jload.h -- request bodies read into jansson values faster than json_loadb, with its result.
**
** jansson's parser reads a character at a time through a stream and checks each: about three
** quarters of its time on a BatchCreatePartition body of 1000 partitions (750 KB: 21 ms, where
** making the same values costs 5).  jload() reads the text in one pass of plain loops and
** makes the same values with jansson's own constructors.  It takes only what it is sure to read
** as json_loadb(TEXT, LEN, JSON_REJECT_DUPLICATES) does -- an object or array, nested at most
** JLOAD_MAX_DEPTH deep, strict JSON, valid UTF-8, no NUL character, no duplicate key, numbers
** in range -- and gives NULL for anything else, so that the caller runs json_loadb for the
** value or for its error message: the answers and the errors are jansson's either way.
** tests/fuzz/fuzz_jload.c holds it to that (the same value, member order included, or NULL). */
#ifndef SRV_JLOAD_H
#define SRV_JLOAD_H

#include <stddef.h>

#include <jansson.h>

#define JLOAD_MAX_DEPTH 200

/* TEXT (LEN bytes, borrowed) as a new value, or NULL (see above). */
json_t *jload(const char *text, size_t len);

/* jload(), else json_loadb(TEXT, LEN, JSON_REJECT_DUPLICATES, ERR): what the fronts read
** bodies with. */
json_t *jload_body(const char *text, size_t len, json_error_t *err);

#endif
