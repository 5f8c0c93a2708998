/* catalog_int.h -- what libcatalog's two files share (catalog.c: the handle and cat_call();
** catalog_typed.c: typed inputs, calls and iterators).  Not installed; hidden in the shared
** library like everything catalog.h does not mark CAT_EXTERN (make symcheck). */
#ifndef CATALOG_INT_H
#define CATALOG_INT_H

#include "catalog.h"

/* Set C's error message (printf FMT) and return CODE. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
int cat__set_err(cat_client *c, int code, const char *fmt, ...);
/* Clear C's error message, type and transport detail: a call starts clean. */
void cat__clear_err(cat_client *c);
/* C's CAT_OPT_CATALOG_ID, or NULL when unset (borrowed). */
const char *cat__catalog_id(const cat_client *c);

#endif
