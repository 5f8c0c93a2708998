/* hms_conv.h -- Hive Metastore Thrift structs <-> Glue shapes: Database, Table, StorageDescriptor,
** Partition, Function, in both directions, with Hive's conventions (times, table types). */
#ifndef SRV_HMS_CONV_H
#define SRV_HMS_CONV_H

#include <jansson.h>

#include "front/thrift.h"
#include "lang/jview.h"

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

/* Glue -> Thrift, from Glue JSON text (catalogd's answers, through a jview: no jansson tree):
** each writer writes node N's struct fields and its STOP (the caller wrote the field header),
** times in whole seconds, a StorageDescriptor always with its SerDeInfo, catName "hive"; a
** missing member reads as empty. */
struct hms_jw {
    struct sbuf *b;        /* where the Thrift goes */
    const struct jview *v; /* the Glue object's text */
    struct sbuf tmp;       /* unescaped strings (free tmp.p at the end) */
};
typedef void hms_writer(struct hms_jw *w, int n);
hms_writer hms_w_database, hms_w_table, hms_w_partition, hms_w_function;
/* WRITE on the value TEXT (LEN bytes) holds: 0, or -1 when TEXT is not JSON (nothing written). */
int hms_w_text(struct sbuf *b, hms_writer *write, const char *text, size_t len);
/* WRITE on VALUE (serialised, then viewed: for answers that come as objects); NULL: empty. */
void hms_w_json(struct sbuf *b, hms_writer *write, const json_t *value);

#endif
