/* memo.h -- store.h's memos as a backend's table cache keeps them: copies in and out, bounded. */
#ifndef SRV_MEMO_H
#define SRV_MEMO_H

#include <jansson.h>

#define STORE_MEMO_MAX 16 /* memos kept per table version */

/* A copy of MEMOS[KEY] (the caller's own), or NULL.  MEMOS may be NULL.  The caller holds the
** lock its cache keeps MEMOS under. */
json_t *store_memo_get(const json_t *memos, const char *key);
/* Keep a copy of VALUE (which stays the caller's) as (*MEMOS)[KEY], *MEMOS made when NULL;
** nothing past STORE_MEMO_MAX.  COPY is made by the caller outside its lock
** (json_deep_copy(VALUE)) and taken here. */
void store_memo_put(json_t **memos, const char *key, json_t *copy);

#endif
