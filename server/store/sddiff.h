/* sddiff.h -- a partition's storage descriptor kept as a difference from the table descriptor
** it was written against: what both store backends write, and how a stored row becomes the
** store_prow readers get (store.h).
** Pure jansson. */
#ifndef SRV_SDDIFF_H
#define SRV_SDDIFF_H

#include <jansson.h>

#include "store/store.h"

/* How a partition's descriptor is kept: relative to BASE.  LOC_REL: its Location relative to
** BASE's (when below it; "" for the table's own), else LOCATION (NULL: none); DIFF: its
** members that differ from BASE's; ABSENT: an array of BASE's members it lacks.  An absent
** Columns / Parameters / SerdeInfo.Parameters reads as empty, the way a stored descriptor
** reads back. */
struct sd_form {
    const char *loc_rel, *location; /* borrowed from the input */
    json_t *diff, *absent;          /* owned; NULL when empty */
};

/* Describe partition descriptor SD (NULL: none given, i.e. the table's) against BASE in *F
** (release it with sd_form_release()).  Compares in place: this runs for every partition
** written. */
void sd_diff(const json_t *base, const json_t *sd, struct sd_form *f);
void sd_form_release(struct sd_form *f);

/* Finish stored partition ROW (values, creation time, base, base id and an absolute location
** already set) from its other stored columns and visit it with FN: LOC_REL (NULL: none) is its
** location relative to the base's; REST the JSON text of its other members, holding the
** descriptor difference as "__sd" (members that differ) and "__sdx" (base members it lacks).
** Returns FN's result, or CAT_ENOMEM.  ROW's pointers are valid during the visit only. */
int sd_row_visit(struct store_prow *row, const char *loc_rel, const char *rest, store_prow_fn *fn,
                 void *arg, struct srv_error *err);

#endif
