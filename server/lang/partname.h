/* partname.h -- Hive partition names: k=v/k2=v2 with FileUtils.escapePathName's escapes; pure C. */
#ifndef SRV_PARTNAME_H
#define SRV_PARTNAME_H

#include <stddef.h>

#include "base/util.h"

/* The value Hive writes for a NULL or empty partition value. */
#define PARTNAME_DEFAULT "__HIVE_DEFAULT_PARTITION__"

/* Append S (N bytes) to B escaped as Hive's FileUtils.escapePathName does: the bytes 0x01-0x1F,
** 0x7F and " # % ' * / : = ? \ { [ ] ^ become %XX (upper-case hex); an empty S becomes
** PARTNAME_DEFAULT. */
void partname_escape(struct sbuf *b, const char *s, size_t n);

/* Append the partition name of KEYS[0..N) = VALUES[0..N) to B: "k=v/k2=v2", keys and values
** escaped (keys as Hive writes them: lower case is the caller's). */
void partname_make(struct sbuf *b, const char *const *keys, const char *const *values, size_t n);

/* Split NAME ("k=v/k2=v2", escaped) into at most MAX pairs: KEYS[i] and VALUES[i] are new strings
** (unescaped: %XX of two hex digits becomes its byte; other '%', and %00, stay).  Returns the
** number of pairs, or -1 when NAME is empty, has a segment without '=' or an empty key, or more
** than MAX segments (nothing is then left allocated). */
int partname_split(const char *name, char **keys, char **values, int max);

#endif
