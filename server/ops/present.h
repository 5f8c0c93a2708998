/* present.h -- how returned objects look: the members clients dereference, defaulted, and the
** one Partition serializer (store rows -> Glue Partition JSON text). */
#ifndef SRV_PRESENT_H
#define SRV_PRESENT_H

#include <jansson.h>

#include "base/util.h"
#include "store/store.h"

/* Fill in, in place, the members clients dereference without checking (engine-clients.md
** §4.3): Parameters, PartitionKeys, IsRegisteredWithLakeFormation, a StorageDescriptor with
** Columns, Compressed, NumberOfBuckets, StoredAsSubDirectories, SerdeInfo (with Parameters),
** BucketColumns, SortColumns and Parameters.  T is borrowed. */
void present_table(json_t *t);
/* The storage-descriptor part of present_table(), for partitions too.  SD is borrowed. */
void present_sd(json_t *sd);

/* Writes Partition objects of one table as JSON text.  Keeps, per base descriptor, its
** presented text, so a page of partitions sharing their table's descriptor renders it once.
** Zero it before use (or use PRESENT_WRITER_INIT); release with present_writer_release(). */
struct present_writer {
    struct store *st;              /* the connection, for the table's memos (borrowed) */
    const struct store_ptable *pt; /* the table (borrowed) */
    int exclude_columns;           /* leave the descriptors' Columns out */
    json_t *sd_text;               /* presented descriptors without Location, by base id */
    json_t *first;                 /* the first one taken from the table's memos (no SD_TEXT) */
    char first_key[48];            /* and its key */
    struct sbuf ident;             /* ,"DatabaseName":..,"TableName":..,"CatalogId":.. */
};

void present_writer_init(struct present_writer *w, struct store *st, const struct store_ptable *pt,
                         int exclude_columns);
void present_writer_release(struct present_writer *w);

/* Append ROW as a presented Glue Partition object to B.  CAT_OK or CAT_ENOMEM (ERR set). */
int present_partition(struct present_writer *w, const struct store_prow *row, struct sbuf *b,
                      struct srv_error *err);

#endif
