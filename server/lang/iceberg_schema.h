/* iceberg_schema.h -- Iceberg Schema objects (the REST protocol's JSON) for lang/: checked,
** given fresh field ids, compared, and written as Hive type text; pure (jansson, base/). */
#ifndef SRV_ICEBERG_SCHEMA_H
#define SRV_ICEBERG_SCHEMA_H

#include <jansson.h>

#include "base/error.h"
#include "base/util.h"

/* Deepest nesting of struct/list/map types accepted (Hive's own limit, so that every schema
** accepted has a Hive form: lang/hivetype.h). */
#define ICESCH_MAX_DEPTH 64

/* Whether S is an Iceberg primitive type name: boolean, int, long, float, double, date, time,
** timestamp, timestamptz, timestamp_ns, timestamptz_ns, string, uuid, binary, variant, unknown,
** decimal(P,S) (1 <= P <= 38, 0 <= S <= P), fixed[L], geometry[(...)], geography[(...)]. */
int icesch_primitive_ok(const char *s);

/* Check that SCHEMA is a Schema: {"type": "struct", "fields": [StructField...], "schema-id"?,
** "identifier-field-ids"?}, every type valid, no field id used twice, no two fields of one
** struct with the same name, every identifier field id naming a field.  CAT_OK, or
** CAT_EINVAL with "WHAT: ..." in ERR (WHAT names the schema: "update 2 (add-schema)"). */
int icesch_check(const json_t *schema, const char *what, struct srv_error *err);

/* Give every field id, list element id and map key/value id of SCHEMA (checked, modified in
** place) a fresh number from 1, in the order of Java's TypeUtil.assignFreshIds (a struct's own
** fields first, then each field's nested types in order), and map identifier-field-ids to the
** new ids.  Returns the highest id assigned (0 for no fields). */
int icesch_fresh_ids(json_t *schema);

/* Java's Schema.sameSchema(): the same fields (ids, names, types, docs...) and the same set of
** identifier field ids; schema-id is not compared.  Both checked. */
int icesch_same(const json_t *a, const json_t *b);

/* Append the Hive type text of Iceberg type TYPE (checked) to B, as Iceberg's GlueCatalog
** (IcebergToGlueConverter) writes it: long -> bigint, string/uuid/time -> string,
** timestamp/timestamptz (and the _ns ones) -> timestamp, fixed/binary -> binary,
** struct<name:type,...>, array<...>, map<...,...>; variant and unknown -> string, geometry and
** geography -> binary (their WKB), which Java writes as names Hive does not know.  Struct
** field names that are not plain identifiers are `backquoted`. */
void icesch_hive_type(const json_t *type, struct sbuf *b);

#endif
