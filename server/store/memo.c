/* memo.c -- store.h's memos as a backend's table cache keeps them: copies in and out, bounded. */
#include "store/memo.h"

json_t *store_memo_get(const json_t *memos, const char *key)
{
    return json_deep_copy(json_object_get(memos, key)); /* NULL-safe both */
}

void store_memo_put(json_t **memos, const char *key, json_t *copy)
{
    if (copy == NULL)
        return;
    if (*memos == NULL)
        *memos = json_object();
    if (json_object_size(*memos) < STORE_MEMO_MAX)
        json_object_set_new(*memos, key, copy);
    else
        json_decref(copy);
}
