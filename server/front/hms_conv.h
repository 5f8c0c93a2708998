/* hms_conv.h -- Hive Metastore Thrift structs <-> Glue shapes: Database, Table, StorageDescriptor,
** Partition, Function, in both directions, with Hive's conventions (times, table types). */
#ifndef SRV_HMS_CONV_H
#define SRV_HMS_CONV_H

#include <jansson.h>

#include "front/thrift.h"

/* A conversion's sticky flag: a string that is not UTF-8 (or holds a NUL) was met and left out;
** the caller answers InvalidObjectException. */
struct hms_conv {
    int bad;
};

/* Thrift -> Glue: new JSON values (never NULL for the object builders; a missing input gives an
** empty object or array). */
json_t *hms_jstr(struct hms_conv *cv, const struct thrift_value *v); /* NULL: V NULL or bad */
/* String field ID of struct ST as a new NUL-terminated string, or NULL (missing, or bad). */
char *hms_cstr(struct hms_conv *cv, const struct thrift_value *st, int id);
json_t *hms_strmap(struct hms_conv *cv, const struct thrift_value *m);
json_t *hms_strlist(struct hms_conv *cv, const struct thrift_value *l);
json_t *hms_sd_in(struct hms_conv *cv, const struct thrift_value *sd);
/* Database -> DatabaseInput. */
json_t *hms_db_in(struct hms_conv *cv, const struct thrift_value *db);
/* Table -> TableInput: EXTERNAL=TRUE <-> EXTERNAL_TABLE, MANAGED_TABLE by default,
** transient_lastDdlTime set (always when CREATING, else when missing). */
json_t *hms_table_in(struct hms_conv *cv, const struct thrift_value *t, int creating);
/* Partition -> PartitionInput. */
json_t *hms_partition_in(struct hms_conv *cv, const struct thrift_value *p);
/* Function -> UserDefinedFunctionInput. */
json_t *hms_function_in(struct hms_conv *cv, const struct thrift_value *f);

/* Glue -> Thrift: the struct's fields and its STOP (the caller wrote the field header), times in
** whole seconds, a StorageDescriptor always with its SerDeInfo, catName "hive". */
void hms_w_strmap(struct sbuf *b, int id, const json_t *obj);
void hms_w_strlist(struct sbuf *b, int id, const json_t *arr);
void hms_w_sd(struct sbuf *b, int id, const json_t *sd); /* with its field header */
void hms_w_database(struct sbuf *b, const json_t *db);
void hms_w_table(struct sbuf *b, const json_t *t);
void hms_w_partition(struct sbuf *b, const json_t *p);
void hms_w_function(struct sbuf *b, const json_t *f);

#endif
